/* Unit tests for layout.c / layout_line.c (with layout_item.c, layout_kp.c) with a hand-built
 * bg_doc and the repo's fonts: justified lines flush to the measure, nothing past the
 * margins, a 10k-character word broken, headings never last on a page, no widows or
 * orphans, max_pages dropping, page count resolution in the footer, font fallback and its
 * error, 5,000 points; UAX #14 breaks: Hangul and Chinese runs without spaces, a URL after
 * its slashes, Latin unchanged. */
#include "test_support.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "limit.h"

#define LEFT 56.0
#define RIGHT (595.0 - 56.0)

typedef struct {
    test_env e; /* arena, diag and its messages */
    bg_face faces[2];
    uint16_t fallback[2];
    bg_page_spec spec;
    bg_style styles[BG_STYLE_COUNT];
    bg_doc doc;
    bg_doc_block *blocks;
    size_t cap;
    bg_fontset *fs;
    bg_hyph *hyph;
} fixture;

static bg_style style(double size, double leading, bg_align align)
{
    bg_style s;
    memset(&s, 0, sizeof(s));
    s.size_pt = size;
    s.leading_pt = leading;
    s.align = align;
    s.space_after_pt = 4.0;
    return s;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(fixture));
    if (!env_init(&f->e, BG_MAX_RUN_BYTES)) {
        return -1;
    }
    f->faces[0] = (bg_face){"serif", "fonts/DejaVuSerif.ttf"};
    f->faces[1] = (bg_face){"hangul", "fonts/NanumGothic.ttf"};
    f->fallback[0] = 0;
    f->fallback[1] = 1;
    f->spec = (bg_page_spec){595.0, 842.0, 56.0, 56.0, 56.0, 56.0, f->faces, 2, f->fallback, 2};
    for (int i = 0; i < BG_STYLE_COUNT; i++) {
        f->styles[i] = style(10.0, 13.0, BG_ALIGN_LEFT);
    }
    f->styles[BG_STYLE_BODY] = style(10.0, 13.0, BG_ALIGN_JUSTIFY);
    f->styles[BG_STYLE_POINT] = style(10.0, 13.0, BG_ALIGN_JUSTIFY);
    f->styles[BG_STYLE_POINT].indent_pt = 14.0;
    f->styles[BG_STYLE_HEADING] = style(14.0, 18.0, BG_ALIGN_LEFT);
    f->styles[BG_STYLE_HEADING].space_before_pt = 10.0;
    f->styles[BG_STYLE_CITE] = style(7.0, 13.0, BG_ALIGN_LEFT);
    f->styles[BG_STYLE_CITE].color = (bg_rgb){0.2f, 0.3f, 0.8f};
    f->styles[BG_STYLE_FOOTER] = style(8.0, 10.0, BG_ALIGN_RIGHT);
    f->doc.page = &f->spec;
    f->doc.styles = f->styles;
    assert_int_equal(bg_font_open(&f->spec, &f->e.a, &f->e.d, &f->fs), BG_OK);
    assert_int_equal(bg_hyph_open("/usr/share/hyphen/hyph_en_US.dic", &f->e.a, &f->e.d, &f->hyph),
                     BG_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    env_free(&f->e);
    free(f);
    return 0;
}

static bg_inline text_inline(fixture *f, const char *s, uint8_t role)
{
    bg_run *r = bg_arena_alloc(&f->e.a, sizeof(bg_run));
    assert_non_null(r);
    r->kind = BG_RUN_TEXT;
    r->text = bg_str_from(s);
    r->style = role;
    return (bg_inline){r, 1};
}

static bg_doc_block *add_block(fixture *f, bg_doc_kind kind, uint8_t role, const char *s)
{
    if (f->doc.n_blocks == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 16;
        f->blocks = bg_arena_grow(&f->e.a, f->blocks, f->cap, cap, sizeof(bg_doc_block));
        assert_non_null(f->blocks);
        f->cap = cap;
        f->doc.blocks = f->blocks;
    }
    bg_doc_block *b = &f->blocks[f->doc.n_blocks++];
    memset(b, 0, sizeof(*b));
    b->kind = kind;
    b->style = role;
    b->text = text_inline(f, s, role);
    b->score = BG_SCORE_KEEP;
    return b;
}

static const char *lorem =
    "The Republic of Korea is one of NATO's partners in the Indo-Pacific region, together "
    "with Australia, Japan and New Zealand. NATO and the Republic of Korea have been engaged "
    "in dialogue and cooperation since 2005. Currently, cooperation is guided by an "
    "Individually Tailored Partnership Programme, which NATO and the Republic of Korea agreed "
    "in July 2023. In November 2022, the Republic of Korea established a Diplomatic Mission "
    "to NATO, further enhancing opportunities for political dialogue with the Alliance.";

static double text_right(fixture *f, const bg_text *t)
{
    return t->x_pt + bg_font_width(f->fs, t->face, t->text, t->size_pt);
}

/* Every text inside the margins, and no item over libharu's limit. */
static void check_inside(fixture *f, const bg_pages *p)
{
    for (size_t i = 0; i < p->n_pages; i++) {
        for (size_t j = 0; j < p->pages[i].n_texts; j++) {
            const bg_text *t = &p->pages[i].texts[j];
            assert_true(t->x_pt >= LEFT - 0.01);
            assert_true(text_right(f, t) <= RIGHT + 0.01);
            assert_true(t->text.len <= BG_MAX_TEXTOUT_BYTES);
            assert_true(t->y_pt > 18.0 && t->y_pt < 842.0 - 18.0);
        }
    }
}

static void test_justified(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < 3; i++) {
        add_block(f, BG_DOC_PARA, BG_STYLE_BODY, lorem);
    }
    bg_pages p;
    assert_int_equal(bg_layout_run(&f->doc, f->fs, f->hyph, &f->e.a, &f->e.d, &p), BG_OK);
    assert_int_equal(p.n_pages, 1);
    check_inside(f, &p);
    /* Group texts by baseline; every line but each paragraph's last ends at RIGHT. */
    const bg_page *pg = &p.pages[0];
    size_t n_lines = 0;
    size_t n_flush = 0;
    for (size_t j = 0; j < pg->n_texts; j++) {
        bool is_line_end = j + 1 == pg->n_texts || pg->texts[j + 1].y_pt != pg->texts[j].y_pt;
        if (!is_line_end) {
            /* inter-word gaps: at most 2 normal spaces */
            double gap = pg->texts[j + 1].x_pt - text_right(f, &pg->texts[j]);
            assert_true(gap <= 2.0 * 10.0 * 651.0 / 2048.0 + 0.01);
            continue;
        }
        n_lines++;
        double r = text_right(f, &pg->texts[j]);
        if (fabs(r - RIGHT) < 0.01) {
            n_flush++;
        }
    }
    assert_true(n_lines >= 9);
    assert_true(n_flush >= n_lines - 3); /* the 3 last lines may be ragged */
    assert_int_equal(p.n_outline, 0);
}

/* The lines of page 0 (texts grouped by baseline), each joined without separators between
 * touching texts and with one space across a gap; at most @max lines of 512 bytes. */
static size_t page_lines(fixture *f, const bg_page *pg, char lines[][512], size_t max)
{
    size_t n = 0;
    for (size_t j = 0; j < pg->n_texts && n <= max; j++) {
        const bg_text *t = &pg->texts[j];
        bool is_new = j == 0 || t->y_pt != pg->texts[j - 1].y_pt;
        if (is_new) {
            if (n == max) {
                break;
            }
            lines[n++][0] = '\0';
        }
        char *ln = lines[n - 1];
        size_t len = strlen(ln);
        bool gap = !is_new && t->x_pt - text_right(f, &pg->texts[j - 1]) > 1.5;
        snprintf(ln + len, 512 - len, "%s%.*s", gap ? " " : "", (int)t->text.len, t->text.ptr);
    }
    return n;
}

/* A long run of @unit (ideographs or Hangul, no spaces) repeated @times in a justified
 * paragraph: set in the first passes, every line but the last flush to the measure,
 * nothing lost, nothing past the margins. */
static void check_ideographic_run(fixture *f, const char *unit, int times)
{
    size_t ulen = strlen(unit);
    char *s = bg_arena_alloc(&f->e.a, ulen * (size_t)times + 1);
    for (int i = 0; i < times; i++) {
        memcpy(s + ulen * (size_t)i, unit, ulen);
    }
    s[ulen * (size_t)times] = '\0';
    add_block(f, BG_DOC_PARA, BG_STYLE_BODY, s);
    bg_pages p;
    assert_int_equal(bg_layout_run(&f->doc, f->fs, f->hyph, &f->e.a, &f->e.d, &p), BG_OK);
    assert_int_equal(p.n_pages, 1);
    check_inside(f, &p);
    const bg_page *pg = &p.pages[0];
    size_t n_lines = 0;
    size_t n_flush = 0;
    size_t n_bytes = 0;
    for (size_t j = 0; j < pg->n_texts; j++) {
        assert_int_equal(pg->texts[j].face, 1);
        n_bytes += pg->texts[j].text.len;
        if (j + 1 == pg->n_texts || pg->texts[j + 1].y_pt != pg->texts[j].y_pt) {
            n_lines++;
            n_flush += fabs(text_right(f, &pg->texts[j]) - RIGHT) < 0.01;
        }
    }
    assert_int_equal(n_bytes, strlen(s));
    assert_true(n_lines >= 3);
    /* Justified between ideographs: the emergency pass would leave these lines ragged. */
    assert_int_equal(n_flush, n_lines - 1);
}

static void test_hangul_run(void **state)
{
    fixture *f = *state;
    /* 대한민국의 (four syllables and a particle) × 40: 200 syllables, no space. */
    check_ideographic_run(f, "\xeb\x8c\x80\xed\x95\x9c\xeb\xaf\xbc\xea\xb5\xad\xec\x9d\x98", 40);
}

static void test_chinese_run(void **state)
{
    fixture *f = *state;
    /* 北大西洋公約組織 × 30 */
    check_ideographic_run(f,
                          "\xe5\x8c\x97\xe5\xa4\xa7\xe8\xa5\xbf\xe6\xb4\x8b\xe5\x85\xac"
                          "\xe7\xb4\x84\xe7\xb5\x84\xe7\xb9\x94",
                          30);
}

/* A URL wider than a ragged line breaks after its slashes, never inside a path segment. (A
 * justified line must end at the margin: there the emergency pass may cut a segment.) */
static void test_url_breaks_after_slash(void **state)
{
    fixture *f = *state;
    const char *url = "See https://www.example.org/abcdefghijklmnopqrstuvwxyzabcdefghij/"
                      "klmnopqrstuvwxyzabcdefghijklmnopqrst/uvwxyzabcdefghijklmnopqrstuvwxyz/"
                      "abcdefghijklmnopqrstuvwxyzabcdefghij.html for more.";
    add_block(f, BG_DOC_PARA, BG_STYLE_LABEL, url);
    bg_pages p;
    assert_int_equal(bg_layout_run(&f->doc, f->fs, f->hyph, &f->e.a, &f->e.d, &p), BG_OK);
    check_inside(f, &p);
    char lines[16][512];
    size_t n = page_lines(f, &p.pages[0], lines, 16);
    assert_true(n >= 3);
    size_t n_slash = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(lines[i]);
        char last = lines[i][len - 1];
        /* a line ends after a slash or at a space of the source, never mid-token */
        const char *at = strstr(url, lines[i]);
        assert_non_null(at);
        assert_true(last == '/' || at[len] == ' ' || at[len] == '\0');
        n_slash += last == '/';
    }
    assert_true(n_slash >= 2);
}

/* Latin text whose tokens fit on a line keeps the breaks it had before UAX #14: "and/or",
 * "39–40" and a short URL stay whole (the lines below are those of the earlier layout). */
static void test_latin_unchanged(void **state)
{
    fixture *f = *state;
    char *s = bg_arena_printf(&f->e.a,
                              "%s Read it and/or see pages 39\xe2\x80\x93"
                              "40 of "
                              "https://ecpr.eu/Events/Event/PaperDetails/83486 for the "
                              "details of sensor-fusion programmes.",
                              lorem);
    add_block(f, BG_DOC_PARA, BG_STYLE_BODY, s);
    add_block(f, BG_DOC_PARA, BG_STYLE_LABEL, s);
    bg_pages p;
    assert_int_equal(bg_layout_run(&f->doc, f->fs, f->hyph, &f->e.a, &f->e.d, &p), BG_OK);
    static const char *const want[] = {
        "The Republic of Korea is one of NATO's partners in the Indo-Pacific"
        " region, together with Aus-",
        "tralia, Japan and New Zealand. NATO and the Republic of Korea have been engaged in dia-",
        "logue and cooperation since 2005. Currently, cooperation is guided by"
        " an Individually Tailored",
        "Partnership Programme, which NATO and the Republic of Korea agreed in July 2023. In No-",
        "vember 2022, the Republic of Korea established a Diplomatic Mission"
        " to NATO, further enhanc-",
        "ing opportunities for political dialogue with the Alliance. Read it"
        " and/or see pages 39–40 of",
        "https://ecpr.eu/Events/Event/PaperDetails/83486 for the details of"
        " sensor-fusion programmes.",
        "The Republic of Korea is one of NATO's partners in the Indo-Pacific region, together with",
        "Australia, Japan and New Zealand. NATO and the Republic of Korea have been engaged in",
        "dialogue and cooperation since 2005. Currently, cooperation is guided by an Individually",
        "Tailored Partnership Programme, which NATO and the Republic of Korea agreed in July",
        "2023. In November 2022, the Republic of Korea established a Diplomatic Mission to NATO,",
        "further enhancing opportunities for political dialogue with the"
        " Alliance. Read it and/or see",
        "pages 39–40 of https://ecpr.eu/Events/Event/PaperDetails/83486 for"
        " the details of sensor-fusion",
        "programmes.",
    };
    char lines[32][512];
    size_t n = page_lines(f, &p.pages[0], lines, 32);
    assert_int_equal(n, sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(lines[i], want[i]);
    }
}

static void test_long_word(void **state)
{
    fixture *f = *state;
    char *word = bg_arena_alloc(&f->e.a, 10001);
    for (int i = 0; i < 10000; i++) {
        word[i] = (char)('a' + i % 26);
    }
    word[10000] = '\0';
    add_block(f, BG_DOC_PARA, BG_STYLE_BODY, word);
    add_block(f, BG_DOC_PARA, BG_STYLE_BODY,
              "See https://www.nato.int/cps/en/natohq/"
              "topics_50098.htm?selectedLocale=en&some=very-long-query-string-that-goes-on for"
              " more.");
    bg_pages p;
    assert_int_equal(bg_layout_run(&f->doc, f->fs, f->hyph, &f->e.a, &f->e.d, &p), BG_OK);
    assert_true(p.n_pages >= 1);
    check_inside(f, &p);
    size_t n = 0;
    for (size_t i = 0; i < p.n_pages; i++) {
        n += p.pages[i].n_texts;
    }
    assert_true(n > 100);
}

/* For pages made of headings (14 pt) and paragraphs (colour-coded), check keeps. */
static void test_keeps(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < 60; i++) {
        if (i % 4 == 0) {
            add_block(f, BG_DOC_HEADING, BG_STYLE_HEADING, "A heading that must stay");
        }
        bg_doc_block *b = add_block(f, BG_DOC_PARA, BG_STYLE_BODY, lorem);
        bg_run *r = (bg_run *)b->text.runs;
        r->style = (uint8_t)(i % 2 ? BG_STYLE_BODY : BG_STYLE_REF);
        /* lengths vary so breaks fall in different places */
        if (i % 3 == 1) {
            r->text.len = 120;
        } else if (i % 3 == 2) {
            r->text.len = 260;
        }
    }
    f->styles[BG_STYLE_REF] = f->styles[BG_STYLE_BODY];
    f->styles[BG_STYLE_REF].color = (bg_rgb){0.5f, 0.0f, 0.0f};
    bg_pages p;
    assert_int_equal(bg_layout_run(&f->doc, f->fs, f->hyph, &f->e.a, &f->e.d, &p), BG_OK);
    assert_true(p.n_pages >= 3);
    check_inside(f, &p);
    assert_int_equal(p.n_outline, 15);
    for (size_t i = 0; i < p.n_pages; i++) {
        const bg_page *pg = &p.pages[i];
        assert_true(pg->n_texts > 0);
        /* DESIGN: a heading is never the last thing on a page. */
        const bg_text *last = &pg->texts[pg->n_texts - 1];
        assert_true(last->size_pt != 14.0);
        /* Lines of the first and last paragraph on the page: count distinct baselines of
         * the colour run at each end; a split paragraph shows >= 2 lines on each side. */
        size_t n_first = 0;
        double y_prev = -1.0;
        size_t j = 0;
        while (j < pg->n_texts && pg->texts[j].size_pt == 14.0) {
            j++;
        }
        bg_rgb c0 = pg->texts[j].color;
        for (; j < pg->n_texts && pg->texts[j].color.r == c0.r && pg->texts[j].size_pt == 10.0;
             j++) {
            if (pg->texts[j].y_pt != y_prev) {
                n_first++;
                y_prev = pg->texts[j].y_pt;
            }
        }
        assert_true(n_first >= 2);
        size_t n_last = 0;
        y_prev = -1.0;
        bg_rgb c1 = last->color;
        for (size_t k = pg->n_texts; k-- > 0;) {
            if (pg->texts[k].color.r != c1.r || pg->texts[k].size_pt != 10.0) {
                break;
            }
            if (pg->texts[k].y_pt != y_prev) {
                n_last++;
                y_prev = pg->texts[k].y_pt;
            }
        }
        assert_true(n_last >= 2);
    }
}

static void test_max_pages(void **state)
{
    fixture *f = *state;
    add_block(f, BG_DOC_TITLE, BG_STYLE_TITLE, "Title");
    add_block(f, BG_DOC_HEADING, BG_STYLE_HEADING, "Key points")->section = 1;
    for (int i = 0; i < 80; i++) {
        bg_doc_block *b = add_block(f, BG_DOC_ITEM, BG_STYLE_POINT, lorem);
        b->label = text_inline(f, "\xe2\x80\xa2", BG_STYLE_POINT);
        b->score = (double)((i * 37) % 80);
        b->section = 1;
    }
    add_block(f, BG_DOC_HEADING, BG_STYLE_HEADING, "Empty after dropping")->section = 2;
    bg_doc_block *low = add_block(f, BG_DOC_PARA, BG_STYLE_BODY, "Lowest of all.");
    low->score = -1.0;
    low->section = 2;
    f->doc.max_pages = 2;
    bg_pages p;
    assert_int_equal(bg_layout_run(&f->doc, f->fs, f->hyph, &f->e.a, &f->e.d, &p), BG_OK);
    assert_int_equal(p.n_pages, 2);
    assert_true(p.n_dropped > 0 && p.n_dropped < 81);
    assert_int_equal(p.n_outline, 1); /* the emptied section's heading went too */
    /* One item fewer no longer fits: n_dropped is minimal (two pages are nearly full). */
    size_t n_texts = p.pages[1].n_texts;
    assert_true(n_texts > 0);

    /* Nothing droppable left: an error. */
    f->doc.max_pages = 1;
    for (size_t i = 0; i < f->doc.n_blocks; i++) {
        f->blocks[i].score = BG_SCORE_KEEP;
    }
    assert_int_equal(bg_layout_run(&f->doc, f->fs, f->hyph, &f->e.a, &f->e.d, &p), BG_EINPUT);
    assert_string_equal(env_msgs(&f->e), "briefgen: error: content does not fit in max_pages=1\n");
}

/* A justified line too loose for its word spaces is letter-spaced: each glyph a fragment a
 * fraction of a point from the next. pdftotext reads each word whole, and so must the
 * max_words meter: a budget of exactly the words printed drops nothing. */
static void test_max_words_letter_spaced(void **state)
{
    fixture *f = *state;
    static const char *digits = "12345678901234 12345678901234 12345678901234 12345678901234 "
                                "12345678901234 12345678901234 12345678901234 12345678901234 "
                                "12345678901234 12345678901234 12345678901234 end.";
    add_block(f, BG_DOC_TITLE, BG_STYLE_TITLE, "Title");
    bg_doc_block *b = add_block(f, BG_DOC_PARA, BG_STYLE_BODY, digits);
    b->score = 1.0;
    bg_pages p;
    assert_int_equal(bg_layout_run(&f->doc, f->fs, f->hyph, &f->e.a, &f->e.d, &p), BG_OK);
    size_t n_frags = 0;
    for (size_t j = 0; j < p.pages[0].n_texts; j++) {
        n_frags += p.pages[0].texts[j].text.len == 1;
    }
    assert_true(n_frags > 20); /* the line is letter-spaced */
    f->doc.max_words = 1 + 12;
    assert_int_equal(bg_layout_run(&f->doc, f->fs, f->hyph, &f->e.a, &f->e.d, &p), BG_OK);
    assert_string_equal(env_msgs(&f->e), "");
    assert_int_equal(p.n_dropped, 0);
    f->doc.max_words = 1 + 11;
    assert_int_equal(bg_layout_run(&f->doc, f->fs, f->hyph, &f->e.a, &f->e.d, &p), BG_OK);
    assert_int_equal(p.n_dropped, 1);
}

/* A glyph wider than its whole column (a style far too large for the page) cannot be set
 * inside the margins: an error that says so, not a line past the right margin (found by
 * fuzz_layout: an 89 pt ellipsis in a 78 pt column). One that only the indent squeezes
 * moves into the indent (regress/layout/glyph-wider-than-indented-line). */
static void test_glyph_wider_than_column(void **state)
{
    fixture *f = *state;
    f->styles[BG_STYLE_BODY] = style(700.0, 720.0, BG_ALIGN_LEFT);
    add_block(f, BG_DOC_PARA, BG_STYLE_BODY, "W")->score = BG_SCORE_KEEP;
    bg_pages p;
    assert_int_equal(bg_layout_run(&f->doc, f->fs, f->hyph, &f->e.a, &f->e.d, &p), BG_EINPUT);
    assert_non_null(strstr(env_msgs(&f->e), "wider than its column (483.0 pt)"));
}

/* The fewest drops in score order may overshoot: the long block that had to go leaves room
 * for a short one dropped before it, which comes back. */
static void test_max_words_refill(void **state)
{
    fixture *f = *state;
    add_block(f, BG_DOC_TITLE, BG_STYLE_TITLE, "Title");
    bg_doc_block *low = add_block(f, BG_DOC_PARA, BG_STYLE_BODY, "Five words of low score.");
    low->score = 1.0;
    bg_doc_block *mid = add_block(f, BG_DOC_PARA, BG_STYLE_BODY, lorem);
    mid->score = 2.0;
    bg_doc_block *top = add_block(f, BG_DOC_PARA, BG_STYLE_BODY, "Five words of top score.");
    top->score = 3.0;
    f->doc.max_words = 1 + 5 + 5 + 1;
    bg_pages p;
    assert_int_equal(bg_layout_run(&f->doc, f->fs, f->hyph, &f->e.a, &f->e.d, &p), BG_OK);
    assert_string_equal(env_msgs(&f->e), "");
    assert_int_equal(p.n_dropped, 1);
    assert_ptr_equal(p.dropped[0], mid);
}

/* Under a word budget a point goes by its score per square root of its words: a long point
 * of a higher score goes before two short ones that fit in its place (max_pages alone keeps
 * the score's order: test_max_pages). */
static void test_max_words_per_word(void **state)
{
    fixture *f = *state;
    add_block(f, BG_DOC_TITLE, BG_STYLE_TITLE, "Title");
    static const char *sixty = "one two three four five six seven eight nine ten one two three "
                               "four five six seven eight nine ten one two three four five six "
                               "seven eight nine ten one two three four five six seven eight "
                               "nine ten one two three four five six seven eight nine ten one "
                               "two three four five six seven eight nine ten.";
    bg_doc_block *lng = add_block(f, BG_DOC_PARA, BG_STYLE_BODY, sixty);
    lng->score = 3.0;
    bg_doc_block *low = add_block(f, BG_DOC_PARA, BG_STYLE_BODY, "Five words of low score.");
    low->score = 2.0;
    bg_doc_block *mid = add_block(f, BG_DOC_PARA, BG_STYLE_BODY, "Five words of mid score.");
    mid->score = 2.5;
    bg_pages p;
    assert_int_equal(bg_layout_run(&f->doc, f->fs, f->hyph, &f->e.a, &f->e.d, &p), BG_OK);
    assert_int_equal(p.n_dropped, 0);
    /* Room for the long point and one short one: score order would drop `low` alone. */
    f->doc.max_words = 1 + 60 + 5 + 2;
    assert_int_equal(bg_layout_run(&f->doc, f->fs, f->hyph, &f->e.a, &f->e.d, &p), BG_OK);
    assert_string_equal(env_msgs(&f->e), "");
    assert_int_equal(p.n_dropped, 1);
    assert_ptr_equal(p.dropped[0], lng);
}

/* Within the shorten margin, a point with a short variant (brief) is printed short before
 * a point is dropped; with room for its whole text, the best such point prints whole. */
static void test_max_words_shorten(void **state)
{
    fixture *f = *state;
    add_block(f, BG_DOC_TITLE, BG_STYLE_TITLE, "Title");
    bg_doc_block *low = add_block(f, BG_DOC_ITEM, BG_STYLE_POINT, "Five words of low score.");
    low->score = 1.0;
    bg_doc_block *mid = add_block(f, BG_DOC_ITEM, BG_STYLE_POINT, lorem);
    mid->score = 2.0;
    mid->brief = text_inline(f, "Four words, mid score.", BG_STYLE_POINT);
    bg_doc_block *top = add_block(f, BG_DOC_ITEM, BG_STYLE_POINT, lorem);
    top->score = 3.0;
    top->brief = text_inline(f, "Four words, top score.", BG_STYLE_POINT);
    f->doc.shorten_margin = 10.0; /* every point short before any is dropped */
    f->doc.max_words = 1 + 5 + 4 + 4;
    bg_pages p;
    assert_int_equal(bg_layout_run(&f->doc, f->fs, f->hyph, &f->e.a, &f->e.d, &p), BG_OK);
    assert_string_equal(env_msgs(&f->e), "");
    assert_int_equal(p.n_dropped, 0);
    assert_int_equal(p.n_shortened, 2);
    /* Room for one whole text (about 70 words), not two: the best point prints whole. */
    f->doc.max_words = 1 + 5 + 4 + 100;
    assert_int_equal(bg_layout_run(&f->doc, f->fs, f->hyph, &f->e.a, &f->e.d, &p), BG_OK);
    assert_int_equal(p.n_dropped, 0);
    assert_int_equal(p.n_shortened, 1);
    assert_ptr_equal(p.shortened[0], mid);
    /* Too little even with both short: the lowest goes, the others stay short. */
    f->doc.max_words = 1 + 4 + 4;
    assert_int_equal(bg_layout_run(&f->doc, f->fs, f->hyph, &f->e.a, &f->e.d, &p), BG_OK);
    assert_int_equal(p.n_dropped, 1);
    assert_ptr_equal(p.dropped[0], low);
    assert_int_equal(p.n_shortened, 2);
}

/* The x of the first text on page 0 that starts with @prefix; -1 when there is none. */
static double text_x(const bg_pages *p, const char *prefix)
{
    size_t n = strlen(prefix);
    for (size_t j = 0; p->n_pages > 0 && j < p->pages[0].n_texts; j++) {
        bg_str t = p->pages[0].texts[j].text;
        if (t.len >= n && memcmp(t.ptr, prefix, n) == 0) {
            return p->pages[0].texts[j].x_pt;
        }
    }
    return -1.0;
}

/* A list's lead (the ITEM that depth-1 items follow) is never dropped on its own, even
 * scoring lowest; it goes with the last of its items, and is not listed as a dropped point.
 * Its items are indented one level. */
static void test_nested_items(void **state)
{
    fixture *f = *state;
    add_block(f, BG_DOC_TITLE, BG_STYLE_TITLE, "Title");
    bg_doc_block *lead = add_block(f, BG_DOC_ITEM, BG_STYLE_POINT, "Allies agreed to:");
    lead->score = 0.5;
    bg_doc_block *a = add_block(f, BG_DOC_ITEM, BG_STYLE_POINT, "expand cyber defence work.");
    a->score = 5.0;
    bg_doc_block *b = add_block(f, BG_DOC_ITEM, BG_STYLE_POINT, "fund three new centres.");
    b->score = 1.0;
    bg_doc_block *other = add_block(f, BG_DOC_ITEM, BG_STYLE_POINT, "Five words of mid score.");
    other->score = 3.0;
    for (size_t i = 1; i < f->doc.n_blocks; i++) {
        f->blocks[i].label = text_inline(f, i == 2 || i == 3 ? "-" : "*", BG_STYLE_POINT);
        f->blocks[i].depth = i == 2 || i == 3;
    }
    bg_pages p;
    assert_int_equal(bg_layout_run(&f->doc, f->fs, f->hyph, &f->e.a, &f->e.d, &p), BG_OK);
    assert_true(text_x(&p, "expand") > text_x(&p, "Allies") + 10.0);
    assert_true(text_x(&p, "fund") == text_x(&p, "expand"));
    assert_true(text_x(&p, "Five") == text_x(&p, "Allies"));
    /* 21 words (labels count): one item less fits; the lead, scoring lowest, stays. */
    f->doc.max_words = 1 + 4 + 5 + 6;
    assert_int_equal(bg_layout_run(&f->doc, f->fs, f->hyph, &f->e.a, &f->e.d, &p), BG_OK);
    assert_string_equal(env_msgs(&f->e), "");
    assert_int_equal(p.n_dropped, 1);
    assert_ptr_equal(p.dropped[0], b);
    assert_true(text_x(&p, "Allies") > 0.0);
    /* Room for the title and one point: both items go, and their lead with them. */
    f->doc.max_words = 1 + 6;
    assert_int_equal(bg_layout_run(&f->doc, f->fs, f->hyph, &f->e.a, &f->e.d, &p), BG_OK);
    assert_int_equal(p.n_dropped, 2);
    assert_ptr_equal(p.dropped[0], a);
    assert_ptr_equal(p.dropped[1], b);
    assert_true(text_x(&p, "Allies") < 0.0);
    assert_true(text_x(&p, "Five") > 0.0);
}

static void test_page_numbers(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < 20; i++) {
        add_block(f, BG_DOC_PARA, BG_STYLE_BODY, lorem);
    }
    bg_run *runs = bg_arena_array(&f->e.a, 4, sizeof(bg_run));
    runs[0] = (bg_run){BG_RUN_TEXT, BG_STR_LIT("Page "), BG_STYLE_FOOTER, 0, NULL};
    runs[1] = (bg_run){BG_RUN_PAGE, {NULL, 0}, BG_STYLE_FOOTER, 0, NULL};
    runs[2] = (bg_run){BG_RUN_TEXT, BG_STR_LIT(" of "), BG_STYLE_FOOTER, 0, NULL};
    runs[3] = (bg_run){BG_RUN_PAGES, {NULL, 0}, BG_STYLE_FOOTER, 0, NULL};
    f->doc.footer = (bg_inline){runs, 4};
    f->doc.banner = text_inline(f, "UNCLASSIFIED", BG_STYLE_BANNER);
    f->styles[BG_STYLE_BANNER].has_background = true;
    bg_pages p;
    assert_int_equal(bg_layout_run(&f->doc, f->fs, f->hyph, &f->e.a, &f->e.d, &p), BG_OK);
    assert_true(p.n_pages >= 2);
    check_inside(f, &p);
    for (size_t i = 0; i < p.n_pages; i++) {
        const bg_page *pg = &p.pages[i];
        char want[32];
        snprintf(want, sizeof(want), "Page %zu of %zu", i + 1, p.n_pages);
        /* Rebuild the footer line from its texts (baseline lowest above the banner). */
        char got[64] = "";
        size_t banners = 0;
        for (size_t j = 0; j < pg->n_texts; j++) {
            const bg_text *t = &pg->texts[j];
            if (bg_str_eq_cstr(t->text, "UNCLASSIFIED")) {
                banners++;
            }
            if (t->size_pt == 8.0) {
                size_t len = strlen(got);
                snprintf(got + len, sizeof(got) - len, "%s%.*s", len ? " " : "", (int)t->text.len,
                         t->text.ptr);
            }
        }
        assert_string_equal(got, want);
        assert_int_equal(banners, 2);
        assert_int_equal(pg->n_rects, 2); /* banner backgrounds */
    }
}

/* A 10,000-character running header (a title set with --set) prints one line inside the
 * margins on every page, made only of the title's first characters. */
static void test_long_running_header(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < 12; i++) {
        add_block(f, BG_DOC_PARA, BG_STYLE_BODY, lorem);
    }
    enum { N = 10000 };
    char *title = bg_arena_alloc(&f->e.a, N + 1);
    assert_non_null(title);
    for (size_t i = 0; i < N; i++) {
        title[i] = (char)('a' + i % 26);
    }
    title[N] = '\0';
    f->styles[BG_STYLE_HEADER] = style(7.0, 9.0, BG_ALIGN_LEFT);
    f->doc.header = text_inline(f, title, BG_STYLE_HEADER);
    bg_pages p;
    assert_int_equal(bg_layout_run(&f->doc, f->fs, f->hyph, &f->e.a, &f->e.d, &p), BG_OK);
    assert_true(p.n_pages >= 2);
    check_inside(f, &p);
    for (size_t i = 0; i < p.n_pages; i++) {
        size_t chars = 0;
        double y = -1.0;
        for (size_t j = 0; j < p.pages[i].n_texts; j++) {
            const bg_text *t = &p.pages[i].texts[j];
            if (t->size_pt != 7.0) {
                continue;
            }
            assert_true(y < 0.0 || t->y_pt == y); /* one line */
            y = t->y_pt;
            assert_memory_equal(t->text.ptr, title + chars, t->text.len);
            chars += t->text.len;
        }
        assert_true(chars > 50 && chars < 200);
    }
}

static void test_fallback_and_error(void **state)
{
    fixture *f = *state;
    add_block(f, BG_DOC_PARA, BG_STYLE_BODY,
              "Korean name: \xeb\x8c\x80\xed\x95\x9c\xeb\xaf\xbc"
              "\xea\xb5\xad (Daehan Minguk).");
    bg_pages p;
    assert_int_equal(bg_layout_run(&f->doc, f->fs, f->hyph, &f->e.a, &f->e.d, &p), BG_OK);
    bool has_hangul = false;
    for (size_t j = 0; j < p.pages[0].n_texts; j++) {
        has_hangul = has_hangul || p.pages[0].texts[j].face == 1;
    }
    assert_true(has_hangul);
    assert_true(bg_font_is_loaded(f->fs, 1));

    static bg_sentence sent;
    sent.loc = (bg_loc){"content/x.txt", 12, 3};
    bg_doc_block *b = add_block(f, BG_DOC_PARA, BG_STYLE_BODY, "Private \xee\x80\x80 use");
    ((bg_run *)b->text.runs)->origin = &sent;
    assert_int_equal(bg_layout_run(&f->doc, f->fs, f->hyph, &f->e.a, &f->e.d, &p), BG_EINPUT);
    assert_string_equal(env_msgs(&f->e), "content/x.txt:12: error: no font covers U+E000 "
                                         "'\xee\x80\x80'\n");
}

static void test_cite_link_anchor(void **state)
{
    fixture *f = *state;
    bg_doc_block *b = add_block(f, BG_DOC_ITEM, BG_STYLE_POINT, "A cited point.");
    bg_run *runs = bg_arena_array(&f->e.a, 2, sizeof(bg_run));
    runs[0] = b->text.runs[0];
    runs[1] = (bg_run){BG_RUN_CITE, {NULL, 0}, BG_STYLE_CITE, 1, NULL};
    b->text = (bg_inline){runs, 2};
    b->label = text_inline(f, "\xe2\x80\xa2", BG_STYLE_POINT);
    bg_doc_block *ref = add_block(f, BG_DOC_ITEM, BG_STYLE_REF, "NATO. Relations with Korea.");
    ref->label = text_inline(f, "[1]", BG_STYLE_REF);
    ref->anchor = 1;
    static bg_ref refs[1];
    refs[0].number = 1;
    f->doc.refs = refs;
    f->doc.n_refs = 1;
    bg_pages p;
    assert_int_equal(bg_layout_run(&f->doc, f->fs, f->hyph, &f->e.a, &f->e.d, &p), BG_OK);
    const bg_page *pg = &p.pages[0];
    assert_int_equal(pg->n_links, 1);
    assert_int_equal(pg->links[0].anchor, 1);
    assert_true(p.n_anchors >= 2);
    assert_true(p.anchors[1].y_pt > 0);
    /* "point." and "[1]" touch: the citation is glued to the word before it. */
    bool glued = false;
    for (size_t j = 0; j + 1 < pg->n_texts; j++) {
        if (bg_str_eq_cstr(pg->texts[j + 1].text, "[1]")) {
            glued = fabs(text_right(f, &pg->texts[j]) - pg->texts[j + 1].x_pt) < 0.01;
            break;
        }
    }
    assert_true(glued);
    /* The label hangs: item text starts at the indent. */
    assert_true(fabs(pg->texts[1].x_pt - (LEFT + 14.0)) < 0.01);
}

static void test_table(void **state)
{
    fixture *f = *state;
    bg_doc_block *b = add_block(f, BG_DOC_TABLE, BG_STYLE_TABLE, "");
    b->n_rows = 120;
    b->n_cols = 2;
    b->cells = bg_arena_array(&f->e.a, 240, sizeof(bg_inline));
    for (size_t i = 0; i < 240; i++) {
        b->cells[i] = text_inline(f, i % 2 ? lorem + (i % 7) * 20 : "July 2023",
                                  i < 2 ? BG_STYLE_LABEL : BG_STYLE_TABLE);
        ((bg_run *)b->cells[i].runs)->text.len = i % 2 ? 40 + (i % 5) * 30 : 9;
    }
    b->cells[0] = text_inline(f, "Date", BG_STYLE_LABEL);
    b->cells[1] = text_inline(f, "Event", BG_STYLE_LABEL);
    static double weights[2] = {1.0, 4.0};
    b->col_weight = weights;
    bg_pages p;
    assert_int_equal(bg_layout_run(&f->doc, f->fs, f->hyph, &f->e.a, &f->e.d, &p), BG_OK);
    assert_true(p.n_pages >= 2);
    check_inside(f, &p);
    for (size_t i = 0; i < p.n_pages; i++) {
        /* The header row repeats: "Date" first on every page. */
        assert_true(bg_str_eq_cstr(p.pages[i].texts[0].text, "Date"));
    }
}

static void test_many_points(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < 5000; i++) {
        bg_doc_block *b = add_block(f, BG_DOC_ITEM, BG_STYLE_POINT, lorem);
        b->label = text_inline(f, "\xe2\x80\xa2", BG_STYLE_POINT);
        b->score = (double)(i % 100);
    }
    f->doc.max_pages = 2;
    bg_pages p;
    bg_status st = bg_layout_run(&f->doc, f->fs, f->hyph, &f->e.a, &f->e.d, &p);
    assert_string_equal(env_msgs(&f->e), "");
    assert_int_equal(st, BG_OK);
    assert_int_equal(p.n_pages, 2);
    assert_true(p.n_dropped > 4900);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_justified, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_word, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hangul_run, setup, teardown),
        cmocka_unit_test_setup_teardown(test_chinese_run, setup, teardown),
        cmocka_unit_test_setup_teardown(test_url_breaks_after_slash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_latin_unchanged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keeps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_max_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_max_words_letter_spaced, setup, teardown),
        cmocka_unit_test_setup_teardown(test_glyph_wider_than_column, setup, teardown),
        cmocka_unit_test_setup_teardown(test_max_words_refill, setup, teardown),
        cmocka_unit_test_setup_teardown(test_max_words_per_word, setup, teardown),
        cmocka_unit_test_setup_teardown(test_max_words_shorten, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nested_items, setup, teardown),
        cmocka_unit_test_setup_teardown(test_page_numbers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_running_header, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fallback_and_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cite_link_anchor, setup, teardown),
        cmocka_unit_test_setup_teardown(test_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_points, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
