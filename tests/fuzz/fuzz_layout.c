/* libFuzzer harness: layout. A bg_doc is built from the input FuzzedDataProvider-style
 * (page geometry, styles, faces and fallback, max_pages, blocks of every kind with texts
 * drawn from a palette of words, long words, accents, Hangul and an uncovered emoji,
 * tables, citations, references, page-number furniture) within the ranges the template
 * schema and compose guarantee, then bg_layout_run runs with the repo fonts (loaded once)
 * and the checks of tests/unit/test_layout.c are applied to the result. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fuzz_common.h"
#include "layout.h"
#include "limit.h"

#define N_FACES 4

typedef struct {
    int is_ready;
    bg_arena a; /* fonts and hyphenation, for the whole process */
    bg_face faces[N_FACES];
    bg_page_spec spec;
    bg_fontset *fs;
    bg_hyph *hyph;
} fixture;

static fixture fx;

static void set_up(void)
{
    bg_arena_init(&fx.a, BG_MAX_RUN_BYTES);
    fx.faces[0] = (bg_face){"serif", BG_FUZZ_ROOT "/fonts/DejaVuSerif.ttf"};
    fx.faces[1] = (bg_face){"sans", BG_FUZZ_ROOT "/fonts/DejaVuSans.ttf"};
    fx.faces[2] = (bg_face){"bold", BG_FUZZ_ROOT "/fonts/DejaVuSerif-Bold.ttf"};
    fx.faces[3] = (bg_face){"hangul", BG_FUZZ_ROOT "/fonts/NanumGothic.ttf"};
    fx.spec.faces = fx.faces;
    fx.spec.n_faces = N_FACES;
    bg_diag *d = bg_fuzz_diag();
    if (bg_font_open(&fx.spec, &fx.a, d, &fx.fs) != BG_OK ||
        bg_hyph_open("/usr/share/hyphen/hyph_en_US.dic", &fx.a, d, &fx.hyph) != BG_OK) {
        __builtin_trap();
    }
    for (uint16_t i = 0; i < N_FACES; i++) {
        if (bg_font_use(fx.fs, i, d) != BG_OK) {
            __builtin_trap();
        }
    }
    fx.is_ready = 1;
}

/* Words and pieces a text is made of; index 0 is the long-word token. */
static const char *const palette[] = {
    NULL, " ", " ", "the ", "Alliance", "partnership ", "cooperation", ", ", ". ", "\n",
    "Republic of Korea ", "Indo-Pacific", "—", "–", "é", "Ünïcödé ", "한국 ", "대표부", "…",
    "\xf0\x9f\x98\x80", "https://www.nato.int/cps/en/natohq/topics_50098.htm ", "2023",
    "EUR 1.5 billion ", "\t", "  ", "a", "-", "/", "incomprehensibilities", "«", "»",
};
#define N_PALETTE (sizeof(palette) / sizeof(palette[0]))

static bg_str make_text(bg_arena *a, bg_fuzz_in *in)
{
    uint32_t n_tokens = bg_fuzz_range(in, 0, 40);
    size_t cap = 64;
    size_t len = 0;
    char *buf = bg_arena_alloc(a, cap);
    for (uint32_t i = 0; buf && i < n_tokens && in->n > 0; i++) {
        uint32_t k = bg_fuzz_range(in, 0, N_PALETTE - 1);
        const char *tok = palette[k];
        size_t tok_len = tok ? strlen(tok) : 0;
        size_t repeat = 1;
        if (!tok) {
            /* A long word: one character repeated up to 12,000 times. */
            static const char *const chars[] = {"x", "é", "한", "W"};
            tok = chars[bg_fuzz_range(in, 0, 3)];
            tok_len = strlen(tok);
            repeat = (size_t)bg_fuzz_range(in, 1, 12000);
        }
        while (len + tok_len * repeat + 1 > cap) {
            size_t new_cap = cap * 2;
            buf = bg_arena_grow(a, buf, cap, new_cap, 1);
            cap = new_cap;
            if (!buf) {
                return (bg_str){"", 0};
            }
        }
        for (size_t r = 0; r < repeat; r++) {
            memcpy(buf + len, tok, tok_len);
            len += tok_len;
        }
    }
    return (bg_str){buf ? buf : "", buf ? len : 0};
}

static bg_inline make_inline(bg_arena *a, bg_fuzz_in *in, uint8_t role, size_t n_refs,
                             int is_furniture)
{
    size_t n = bg_fuzz_range(in, 0, 4);
    bg_run *runs = bg_arena_array(a, n ? n : 1, sizeof(bg_run));
    if (!runs) {
        return (bg_inline){NULL, 0};
    }
    for (size_t i = 0; i < n; i++) {
        uint8_t k = bg_fuzz_byte(in);
        bg_run *r = &runs[i];
        r->style = (k & 0x80) ? (uint8_t)bg_fuzz_range(in, 0, BG_STYLE_COUNT - 1) : role;
        if (is_furniture && (k & 3) == 1) {
            r->kind = BG_RUN_PAGE;
        } else if (is_furniture && (k & 3) == 2) {
            r->kind = BG_RUN_PAGES;
        } else if (!is_furniture && n_refs > 0 && (k & 3) == 3) {
            r->kind = BG_RUN_CITE;
            r->ref = bg_fuzz_range(in, 1, (uint32_t)n_refs);
            r->text = (bg_str){bg_arena_printf(a, "[%u]", r->ref), 0};
            r->text.len = r->text.ptr ? strlen(r->text.ptr) : 0;
            if (!r->text.ptr) {
                r->text.ptr = "";
            }
        } else {
            r->kind = BG_RUN_TEXT;
            r->text = make_text(a, in);
        }
    }
    return (bg_inline){runs, n};
}

static double num(bg_fuzz_in *in, double lo, double hi)
{
    return lo + (hi - lo) * bg_fuzz_byte(in) / 255.0;
}

int bg_fuzz_layout(const uint8_t *data, size_t size)
{
    if (!fx.is_ready) {
        set_up();
    }
    bg_fuzz_in in = {data, size};
    bg_arena a;
    bg_arena_init(&a, BG_MAX_RUN_BYTES);
    bg_diag *d = bg_fuzz_diag();

    /* Geometry: the template allows 72..14400 pt pages and needs 72 pt of text area. */
    bg_page_spec spec = fx.spec;
    spec.width_pt = num(&in, 144, 1800);
    spec.height_pt = num(&in, 144, 1800);
    double room_x = spec.width_pt - 72;
    double room_y = spec.height_pt - 72;
    spec.margin_left_pt = num(&in, 0, room_x / 2);
    spec.margin_right_pt = num(&in, 0, room_x / 2);
    spec.margin_top_pt = num(&in, 0, room_y / 2);
    spec.margin_bottom_pt = num(&in, 0, room_y / 2);
    uint16_t fallback[N_FACES];
    uint8_t fb = bg_fuzz_byte(&in);
    spec.n_fallback = 0;
    for (uint16_t i = 0; i < N_FACES; i++) {
        if (fb & (1u << i)) {
            fallback[spec.n_fallback++] = (uint16_t)((i + (fb >> 4)) % N_FACES);
        }
    }
    spec.fallback = fallback;

    bg_style styles[BG_STYLE_COUNT];
    for (size_t i = 0; i < BG_STYLE_COUNT; i++) {
        bg_style *st = &styles[i];
        memset(st, 0, sizeof(*st));
        st->face = (uint16_t)bg_fuzz_range(&in, 0, N_FACES - 1);
        st->size_pt = num(&in, 4, 96);
        st->leading_pt = num(&in, 4, 200);
        st->space_before_pt = num(&in, 0, 500) * (bg_fuzz_byte(&in) & 1);
        st->space_after_pt = num(&in, 0, 500) * (bg_fuzz_byte(&in) & 1);
        st->indent_pt = num(&in, 0, 500) * (bg_fuzz_byte(&in) & 1);
        st->align = (bg_align)bg_fuzz_range(&in, 0, 3);
        st->has_background = bg_fuzz_byte(&in) & 1;
        st->color = (bg_rgb){0.1f, 0.2f, 0.3f};
        st->background = (bg_rgb){0.9f, 0.9f, 0.8f};
    }

    bg_doc doc;
    memset(&doc, 0, sizeof(doc));
    doc.page = &spec;
    doc.styles = styles;
    doc.max_pages = (int)bg_fuzz_range(&in, 0, 6);
    doc.n_refs = bg_fuzz_range(&in, 0, 8);
    doc.refs = bg_arena_array(&a, doc.n_refs + 1, sizeof(bg_ref));
    if (!doc.refs) {
        goto out;
    }
    for (size_t i = 0; i < doc.n_refs; i++) {
        doc.refs[i].number = (uint32_t)i + 1;
        doc.refs[i].text = make_inline(&a, &in, BG_STYLE_REF, 0, 0);
    }
    uint8_t furn = bg_fuzz_byte(&in);
    if (furn & 1) {
        doc.banner = make_inline(&a, &in, BG_STYLE_BANNER, 0, 1);
    }
    if (furn & 2) {
        doc.header = make_inline(&a, &in, BG_STYLE_HEADER, 0, 1);
    }
    if (furn & 4) {
        doc.footer = make_inline(&a, &in, BG_STYLE_FOOTER, 0, 1);
    }

    size_t cap = 64;
    doc.blocks = bg_arena_array(&a, cap, sizeof(bg_doc_block));
    if (!doc.blocks) {
        goto out;
    }
    static const uint8_t default_role[] = {BG_STYLE_TITLE, BG_STYLE_SUBTITLE, BG_STYLE_HEADING,
                                           BG_STYLE_BODY,  BG_STYLE_POINT,    BG_STYLE_TABLE};
    uint32_t section = 0;
    while (in.n > 0 && doc.n_blocks < cap) {
        bg_doc_block *b = &doc.blocks[doc.n_blocks++];
        uint8_t k = bg_fuzz_byte(&in);
        b->kind = (bg_doc_kind)(k % 6);
        b->style = (k & 0x80) ? (uint8_t)bg_fuzz_range(&in, 0, BG_STYLE_COUNT - 1)
                              : default_role[b->kind];
        if (b->kind == BG_DOC_HEADING) {
            section++;
        }
        b->section = section;
        uint8_t sc = bg_fuzz_byte(&in);
        b->score = sc >= 200 ? BG_SCORE_KEEP : sc / 10.0;
        if (b->kind == BG_DOC_TABLE) {
            b->n_rows = bg_fuzz_range(&in, 1, 8);
            b->n_cols = bg_fuzz_range(&in, 1, 6);
            b->cells = bg_arena_array(&a, b->n_rows * b->n_cols, sizeof(bg_inline));
            b->col_weight = bg_arena_array(&a, b->n_cols, sizeof(double));
            if (!b->cells || !b->col_weight) {
                goto out;
            }
            for (size_t j = 0; j < b->n_cols; j++) {
                b->col_weight[j] = num(&in, 0, 4);
            }
            for (size_t j = 0; j < b->n_rows * b->n_cols; j++) {
                b->cells[j] = make_inline(&a, &in, BG_STYLE_TABLE, doc.n_refs, 0);
            }
        } else {
            b->text = make_inline(&a, &in, b->style, doc.n_refs, 0);
        }
        if (b->kind == BG_DOC_ITEM) {
            b->label = make_inline(&a, &in, BG_STYLE_LABEL, 0, 0);
            uint8_t an = bg_fuzz_byte(&in);
            b->anchor = (an & 1) && doc.n_refs > 0 ? (uint32_t)((an >> 1) % doc.n_refs + 1) : 0;
        }
    }
    /* Short variants (template `shorten:`): an item of several runs may print only its
     * first, so that fitting also takes the steps that print a block short. Taken from
     * what is built, not from the input, so that the corpus reads as before. */
    doc.shorten_margin = 1.0;
    for (size_t i = 0; i < doc.n_blocks; i++) {
        bg_doc_block *b = &doc.blocks[i];
        if (b->kind == BG_DOC_ITEM && b->text.n_runs > 1) {
            b->brief = (bg_inline){b->text.runs, 1};
        }
    }

    bg_pages pages;
    if (bg_layout_run(&doc, fx.fs, fx.hyph, &a, d, &pages) == BG_OK) {
        /* DESIGN: nothing is drawn past the margins or over libharu's string limit. */
        double left = spec.margin_left_pt - 0.01;
        double right = spec.width_pt - spec.margin_right_pt + 0.01;
        if (pages.n_pages == 0 || pages.n_pages > BG_MAX_PAGES ||
            (doc.max_pages > 0 && pages.n_pages > (size_t)doc.max_pages)) {
            __builtin_trap();
        }
        /* A run in a small style sits on the baseline of its block's line, which the
         * block's (larger) style places: the vertical slack is the largest size. */
        double slack = 0.0;
        for (size_t i = 0; i < BG_STYLE_COUNT; i++) {
            slack = fmax(slack, styles[i].size_pt);
        }
        for (size_t i = 0; i < pages.n_pages; i++) {
            for (size_t j = 0; j < pages.pages[i].n_texts; j++) {
                const bg_text *t = &pages.pages[i].texts[j];
                double w = bg_font_width(fx.fs, t->face, t->text, t->size_pt);
                /* Vertically only "near the page": the template accepts a leading far
                 * below the size (4 pt for 96 pt type), and a line's glyphs, centred on its
                 * leading, then overhang a zero margin (regress/layout/leading-*, and
                 * regress/layout/small-run-on-large-line for a 4 pt run on an 88 pt line). */
                if (t->text.len > BG_MAX_TEXTOUT_BYTES || t->face >= N_FACES ||
                    !isfinite(t->x_pt) || !isfinite(t->y_pt) || t->y_pt < -slack ||
                    t->y_pt > spec.height_pt + slack) {
                    __builtin_trap();
                }
                /* Furniture sits in the margins; it must still be on the page. */
                double lo = (furn & 7) ? -0.01 : left;
                double hi = (furn & 7) ? spec.width_pt + 0.01 : right;
                if (t->text.len > 0 && (t->x_pt < lo || t->x_pt + w > hi)) {
                    __builtin_trap();
                }
            }
        }
    }
out:
    bg_arena_free(&a);
    return 0;
}

BG_FUZZ_ENTRY(bg_fuzz_layout)
