/* Line breaking for the layout stage: inline runs → boxes, glue and penalties → lines.
 * Knuth & Plass, "Breaking paragraphs into lines", Software—Practice and Experience 11
 * (1981): total-fit with fitness classes, flagged (hyphen) penalties and tolerance
 * escalation (no hyphens; hyphens; hyphens + looser), then an emergency pass that may
 * break an over-long word (a URL, a 10k-character token) at any character. Inside a
 * space-free run, the break opportunities of UAX #14 (lbreak.c: between CJK ideographs and
 * Hangul syllables, after "/" in a URL, after a dash) are zero-width breaks from the first
 * pass, with a penalty so that ordinary text still prefers its spaces. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout_int.h"
#include "lbreak.h"
#include "limit.h"
#include "utf8.h"

enum { IT_BOX, IT_GLUE, IT_PEN };

/* What may follow byte i of a word (add_word's breaks[i]). */
enum { BRK_NONE, BRK_HYPHEN, BRK_EXPLICIT, BRK_UAX, BRK_IDEO };

#define KP_INF_PENALTY 10000.0
#define KP_FIL 1e7 /* stretch of the paragraph's finishing glue */
#define KP_LINE_PENALTY 10.0
#define KP_FLAGGED_DEMERITS 3000.0
#define KP_FITNESS_DEMERITS 3000.0
#define KP_HYPHEN_PENALTY 50.0
#define KP_EXPLICIT_PENALTY 50.0
#define KP_EMERGENCY_PENALTY 200.0
#define KP_UAX_PENALTY 100.0    /* a UAX #14 break in a Latin run: after "/", a dash */
#define KP_IDEO_PENALTY 20.0    /* between CJK ideographs or Hangul syllables */
#define KP_IDEO_STRETCH_EM 0.05 /* stretch between them on a justified line, per em */
#define KP_MAX_BOX_BYTES 512u
#define KP_MAX_RATIO 2.0 /* DESIGN: no word gap over 2 spaces (1 + 2 × 1/2 stretch) */
#define KP_MAX_LETTER_EM                                                                           \
    0.06 /* letter spacing a too-loose line may add, per em */ /* a box never exceeds this; well   \
                                                                  under BG_MAX_TEXTOUT_BYTES */

typedef struct {
    uint8_t type;
    bool is_flagged;
    bool is_ragged; /* a ragged line ending here is judged against k->rag_pt */
    double w, st, sh;
    double penalty;
    bg_str text; /* box; for a hyphen penalty: "-" */
    uint16_t face;
    double size_pt;
    bg_rgb color;
    uint32_t link;
} kp_item;

typedef struct {
    size_t pos;  /* index of the break item (or 0 for the start) */
    size_t line; /* lines set before this break */
    int fitness;
    double tw, ty, tz; /* totals after the break */
    double demerits;
    size_t prev; /* index into nodes; SIZE_MAX = none */
} kp_node;

typedef struct {
    kp_item *items;
    size_t n_items, cap_items;
    double *sw, *sy, *sz; /* totals before item i */
    size_t cap_sums;
    kp_node *nodes;
    size_t n_nodes, cap_nodes;
    size_t *active;
    size_t n_active, cap_active;
    size_t *next_active;
    size_t cap_next;
    uint8_t *breaks;
    size_t cap_breaks;
    uint8_t *uax; /* bg_lbreak_points of the current word */
    size_t cap_uax;
    double rag;    /* ragged alignments: extra stretch per line (Knuth's rightskip) */
    double rag_pt; /* the same for a line that ends at an is_ragged break, pt */
} kp_state;

bool bg_layout_reserve(bg_arena *a, void **items, size_t n, size_t *cap, size_t size)
{
    if (n < *cap) {
        return true;
    }
    size_t new_cap = *cap ? *cap * 2 : 64;
    if (new_cap <= n) {
        new_cap = n + 1;
    }
    void *p = bg_arena_grow(a, *items, *cap, new_cap, size);
    if (!p) {
        return false;
    }
    *items = p;
    *cap = new_cap;
    return true;
}

static kp_item *push_item(lay_ctx *c, kp_state *k)
{
    void *p = k->items;
    if (!bg_layout_reserve(c->a, &p, k->n_items, &k->cap_items, sizeof(kp_item))) {
        return NULL;
    }
    k->items = p;
    kp_item *it = &k->items[k->n_items++];
    memset(it, 0, sizeof(*it));
    return it;
}

static bool is_space_cp(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v';
}

static bool is_letter_cp(uint32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
           (cp >= 0xC0 && cp != 0xD7 && cp != 0xF7);
}

/* --- From runs to items --- */

typedef struct {
    const bg_style *style;
    const bg_run *run;
    uint32_t link;
    double space_w;
    double fit_pt; /* a word wider than this may break at UAX #14 opportunities */
} word_ctx;

static bg_status report_uncovered(lay_ctx *c, const bg_run *run, uint32_t cp, const char *s,
                                  size_t n)
{
    bg_status failed = bg_font_failed(c->fs);
    if (failed != BG_OK) {
        return failed; /* a face could not be read: already reported */
    }
    bool is_printable = cp >= 0x20 && !(cp >= 0x7F && cp < 0xA0);
    if (run && run->origin && run->origin->loc.path) {
        bg_loc loc = {run->origin->loc.path, run->origin->loc.line, 0};
        if (is_printable) {
            bg_diag_error(c->d, &loc, "no font covers U+%04X '%.*s'", (unsigned)cp, (int)n, s);
        } else {
            bg_diag_error(c->d, &loc, "no font covers U+%04X", (unsigned)cp);
        }
    } else if (is_printable) {
        bg_diag_error(c->d, NULL, "no font covers U+%04X '%.*s'", (unsigned)cp, (int)n, s);
    } else {
        bg_diag_error(c->d, NULL, "no font covers U+%04X", (unsigned)cp);
    }
    return BG_EINPUT;
}

static bg_status add_box(lay_ctx *c, kp_state *k, const word_ctx *w, bg_str text, int face)
{
    kp_item *it = push_item(c, k);
    if (!it) {
        return BG_ENOMEM;
    }
    it->type = IT_BOX;
    it->text = text;
    it->face = (uint16_t)face;
    it->size_pt = w->style->size_pt;
    it->color = w->style->color;
    it->link = w->link;
    it->w = bg_font_width(c->fs, (uint16_t)face, text, w->style->size_pt);
    return BG_OK;
}

static bg_status add_penalty(lay_ctx *c, kp_state *k, const word_ctx *w, int face, bool hyphen,
                             double penalty, bool is_flagged)
{
    kp_item *it = push_item(c, k);
    if (!it) {
        return BG_ENOMEM;
    }
    it->type = IT_PEN;
    it->penalty = penalty;
    it->is_flagged = is_flagged;
    if (hyphen) {
        it->text = BG_STR_LIT("-");
        it->face = (uint16_t)face;
        it->size_pt = w->style->size_pt;
        it->color = w->style->color;
        it->w = bg_font_width(c->fs, (uint16_t)face, it->text, w->style->size_pt);
    }
    return BG_OK;
}

/* Is the unbreakable word @word wider than @limit in its style? (emergency pass; UAX
 * #14 breaks in a Latin run) */
static bool word_too_wide(lay_ctx *c, const bg_style *s, bg_str word, double limit)
{
    return bg_font_width(c->fs, s->face, word, s->size_pt) > limit || word.len > KP_MAX_BOX_BYTES;
}

/* Is @cp set without spaces between words (CJK ideographs, kana, Hangul), so that a break
 * next to it is an ordinary line end rather than a last resort? */
static bool is_ideographic_cp(uint32_t cp)
{
    return (cp >= 0x1100 && cp <= 0x11FF) || /* Hangul Jamo */
           (cp >= 0x2E80 && cp <= 0x9FFF) || /* CJK radicals .. unified ideographs */
           (cp >= 0xA960 && cp <= 0xA97F) || /* Hangul Jamo Extended-A */
           (cp >= 0xAC00 && cp <= 0xD7FF) || /* Hangul syllables, Jamo Extended-B */
           (cp >= 0xF900 && cp <= 0xFAFF) || /* CJK compatibility ideographs */
           (cp >= 0xFF00 && cp <= 0xFF60) || /* fullwidth forms */
           (cp >= 0x20000 && cp <= 0x3FFFD); /* CJK extensions B.. */
}

/* Add the UAX #14 opportunities of @word to @brk where nothing else breaks: BRK_IDEO next
 * to an ideographic character, BRK_UAX elsewhere. A mandatory break inside a word (U+2028)
 * is only allowed: newlines are spaces (glue) in briefgen's paragraphs. */
static bool mark_uax_breaks(lay_ctx *c, kp_state *k, bg_str word, uint8_t *brk)
{
    size_t plain = 0; /* ASCII letters and digits: UAX #14 breaks nowhere between them */
    while (plain < word.len &&
           (((word.ptr[plain] | 0x20) >= 'a' && (word.ptr[plain] | 0x20) <= 'z') ||
            (word.ptr[plain] >= '0' && word.ptr[plain] <= '9'))) {
        plain++;
    }
    if (plain == word.len) {
        return true;
    }
    if (!bg_layout_reserve(c->a, (void **)&k->uax, word.len, &k->cap_uax, 1)) {
        return false;
    }
    bg_lbreak_points(word, k->uax);
    uint32_t prev = 0;
    size_t i = 0;
    while (i < word.len) {
        uint32_t cp = 0;
        size_t n = bg_utf8_decode(word.ptr + i, word.len - i, &cp);
        if (n == 0) {
            n = 1;
        }
        if (i > 0 && brk[i - 1] == BRK_NONE && k->uax[i - 1] != BG_LBREAK_NONE) {
            brk[i - 1] = is_ideographic_cp(prev) || is_ideographic_cp(cp) ? BRK_IDEO : BRK_UAX;
        }
        prev = cp;
        i += n;
    }
    return true;
}

/* A word that fits on a line keeps its Latin UAX #14 breaks closed: a URL or "39–40" is
 * only cut when it cannot stay whole. Breaks next to ideographs stay. */
static void keep_uax_breaks_if_long(lay_ctx *c, const word_ctx *w, bg_str word, uint8_t *brk)
{
    bool has_uax = memchr(brk, BRK_UAX, word.len) != NULL;
    if (!has_uax || word_too_wide(c, w->style, word, w->fit_pt)) {
        return;
    }
    for (size_t i = 0; i < word.len; i++) {
        brk[i] = brk[i] == BRK_UAX ? BRK_NONE : brk[i];
    }
}

/* Fill k->breaks for @word: dictionary hyphenation points, explicit hyphens, then UAX #14. */
static bool mark_breaks(lay_ctx *c, kp_state *k, bg_str word, bool hyphenate)
{
    if (!bg_layout_reserve(c->a, (void **)&k->breaks, word.len, &k->cap_breaks, 1)) {
        return false;
    }
    uint8_t *brk = k->breaks;
    memset(brk, 0, word.len);
    if (hyphenate && c->hyph) {
        /* Hyphenate the letters only: "(cooperation," → "cooperation". */
        size_t lo = 0;
        size_t hi = word.len;
        while (lo < hi && !is_letter_cp((unsigned char)word.ptr[lo])) {
            lo++;
        }
        while (hi > lo && !is_letter_cp((unsigned char)word.ptr[hi - 1]) &&
               (unsigned char)word.ptr[hi - 1] < 0x80) {
            hi--;
        }
        if (hi - lo >= 5) {
            bg_hyph_points(c->hyph, (bg_str){word.ptr + lo, hi - lo}, brk + lo);
        }
    }
    /* Explicit hyphens between letters ("sensor-fusion") break after the hyphen. */
    for (size_t i = 1; i + 1 < word.len; i++) {
        if (word.ptr[i] == '-' && is_letter_cp((unsigned char)word.ptr[i - 1]) &&
            is_letter_cp((unsigned char)word.ptr[i + 1])) {
            brk[i] = BRK_EXPLICIT;
        }
    }
    return mark_uax_breaks(c, k, word, brk);
}

/* The break of kind @kind after a piece of @word in @face (emergency: any character). */
static bg_status add_break(lay_ctx *c, kp_state *k, const word_ctx *w, int face, uint8_t kind)
{
    switch (kind) {
    case BRK_HYPHEN:
        return add_penalty(c, k, w, face, true, KP_HYPHEN_PENALTY, true);
    case BRK_EXPLICIT:
        return add_penalty(c, k, w, face, false, KP_EXPLICIT_PENALTY, true);
    case BRK_UAX: {
        bg_status st = add_penalty(c, k, w, face, false, KP_UAX_PENALTY, false);
        if (st == BG_OK) {
            k->items[k->n_items - 1].is_ragged = true; /* a URL piece has no spaces to fill */
        }
        return st;
    }
    case BRK_IDEO: {
        /* A zero-width break, then zero-width glue that lets a justified line of
         * ideographs spread; the glue vanishes when the line ends here. */
        bg_status st = add_penalty(c, k, w, face, false, KP_IDEO_PENALTY, false);
        kp_item *it = st == BG_OK ? push_item(c, k) : NULL;
        if (!it) {
            return st == BG_OK ? BG_ENOMEM : st;
        }
        it->type = IT_GLUE;
        it->st = KP_IDEO_STRETCH_EM * w->style->size_pt;
        return BG_OK;
    }
    default:
        return add_penalty(c, k, w, face, false, KP_EMERGENCY_PENALTY, false);
    }
}

/* Emit one word (no whitespace inside) as boxes split by font coverage, with hyphenation,
 * explicit-hyphen and UAX #14 breaks between pieces; @emergency adds a break at every
 * character. */
static bg_status add_word(lay_ctx *c, kp_state *k, const word_ctx *w, bg_str word, bool hyphenate,
                          bool emergency)
{
    if (!mark_breaks(c, k, word, hyphenate)) {
        return BG_ENOMEM;
    }
    keep_uax_breaks_if_long(c, w, word, k->breaks);
    const uint8_t *brk = k->breaks;
    size_t piece = 0;
    int piece_face = -1;
    size_t i = 0;
    bg_status st = BG_OK;
    while (i < word.len) {
        uint32_t cp = 0;
        size_t n = bg_utf8_decode(word.ptr + i, word.len - i, &cp);
        if (n == 0) {
            n = 1;
        }
        int face = bg_font_face_for(c->fs, w->style->face, cp, c->d);
        if (face < 0) {
            return report_uncovered(c, w->run, cp, word.ptr + i, n);
        }
        if (piece_face >= 0 && (face != piece_face || i - piece + n > KP_MAX_BOX_BYTES)) {
            st = add_box(c, k, w, (bg_str){word.ptr + piece, i - piece}, piece_face);
            if (st == BG_OK && emergency) {
                st = add_break(c, k, w, piece_face, BRK_NONE);
            }
            if (st != BG_OK) {
                return st;
            }
            piece = i;
        }
        piece_face = face;
        i += n;
        bool is_break = brk[i - 1] != BRK_NONE && i < word.len;
        if (is_break || (emergency && i < word.len)) {
            st = add_box(c, k, w, (bg_str){word.ptr + piece, i - piece}, piece_face);
            if (st == BG_OK) {
                st = add_break(c, k, w, piece_face, brk[i - 1]);
            }
            if (st != BG_OK) {
                return st;
            }
            piece = i;
            piece_face = -1;
        }
    }
    if (piece < word.len && piece_face >= 0) {
        st = add_box(c, k, w, (bg_str){word.ptr + piece, word.len - piece}, piece_face);
    }
    return st;
}

static bg_status add_glue(lay_ctx *c, kp_state *k, double space_w)
{
    kp_item *it = push_item(c, k);
    if (!it) {
        return BG_ENOMEM;
    }
    it->type = IT_GLUE;
    it->w = space_w;
    it->st = space_w / 2.0;
    it->sh = space_w / 3.0;
    return BG_OK;
}

static double space_width(lay_ctx *c, const bg_style *s)
{
    if (bg_font_use(c->fs, s->face, c->d) != BG_OK) {
        return s->size_pt / 3.0;
    }
    return bg_font_width(c->fs, s->face, BG_STR_LIT(" "), s->size_pt);
}

/* The width of the citation marks glued to the end of run @r (a "[2]" right after the
 * run's last word, with no space): they travel with that word to whatever line it lands on. */
static double glued_cites_width(lay_ctx *c, const bg_inline *in, size_t r)
{
    double w = 0.0;
    for (size_t j = r + 1; j < in->n_runs && in->runs[j].kind == BG_RUN_CITE; j++) {
        const bg_run *run = &in->runs[j];
        const bg_style *st = &c->doc->styles[run->style < BG_STYLE_COUNT ? run->style : 0];
        if (bg_font_use(c->fs, st->face, c->d) != BG_OK) {
            break;
        }
        char num[16];
        bg_str text = run->text;
        if (text.len == 0) {
            int n = snprintf(num, sizeof(num), "[%u]", (unsigned)run->ref);
            text = (bg_str){num, n > 0 ? (size_t)n : 0};
        }
        w += bg_font_width(c->fs, st->face, text, st->size_pt);
    }
    return w;
}

static bg_status build_items(lay_ctx *c, kp_state *k, const bg_inline *in, const lay_par *par,
                             bool emergency)
{
    k->n_items = 0;
    bg_status st = BG_OK;
    bool pending_glue = false;
    double pending_w = 0.0;
    bool has_box = false;
    double narrowest =
        par->right_pt - (par->first_x_pt > par->rest_x_pt ? par->first_x_pt : par->rest_x_pt);
    for (size_t r = 0; r < in->n_runs; r++) {
        const bg_run *run = &in->runs[r];
        uint8_t role = run->style < BG_STYLE_COUNT ? run->style : par->style;
        word_ctx w = {&c->doc->styles[role], run, 0, 0.0, 0.0};
        st = bg_font_use(c->fs, w.style->face, c->d);
        if (st != BG_OK) {
            return st;
        }
        bg_str text = run->text;
        if (run->kind == BG_RUN_PAGE) {
            text = c->page_text;
        } else if (run->kind == BG_RUN_PAGES) {
            text = c->pages_text;
        } else if (run->kind == BG_RUN_CITE) {
            w.link = run->ref;
            if (text.len == 0) {
                char *s = bg_arena_printf(c->a, "[%u]", (unsigned)run->ref);
                if (!s) {
                    return BG_ENOMEM;
                }
                text = bg_str_from(s);
            }
            pending_glue = false; /* DESIGN: a citation is glued to the word before it */
        }
        w.space_w = space_width(c, w.style);
        size_t i = 0;
        while (i < text.len) {
            uint32_t cp = 0;
            size_t n = bg_utf8_decode(text.ptr + i, text.len - i, &cp);
            if (n == 0) {
                n = 1;
            }
            if (is_space_cp(cp) && run->kind != BG_RUN_CITE) {
                pending_glue = true;
                pending_w = w.space_w;
                i += n;
                continue;
            }
            size_t start = i;
            while (i < text.len) {
                n = bg_utf8_decode(text.ptr + i, text.len - i, &cp);
                if (n == 0) {
                    n = 1;
                } else if (is_space_cp(cp) && run->kind != BG_RUN_CITE) {
                    break;
                }
                i += n;
            }
            if (pending_glue && has_box) {
                st = add_glue(c, k, pending_w);
            } else if (emergency && has_box) {
                /* Runs glued to the one before (a citation after its word, "[2]EUR") make
                 * one box that can be wider than the line although each piece fits: in
                 * the emergency pass they may part, as the pieces of a long word do. */
                st = add_penalty(c, k, &w, w.style->face, false, KP_EMERGENCY_PENALTY, false);
            }
            if (st != BG_OK) {
                return st;
            }
            pending_glue = false;
            bg_str word = {text.ptr + start, i - start};
            /* A citation glued to the run's last word must fit on the line with it, or the
             * pair overflows the margin: measure the word against what the marks leave. */
            double tail =
                i == text.len && run->kind == BG_RUN_TEXT ? glued_cites_width(c, in, r) : 0.0;
            w.fit_pt = narrowest - tail;
            bool split = emergency && word_too_wide(c, w.style, word, w.fit_pt);
            st = add_word(c, k, &w, word, par->hyphenate && run->kind == BG_RUN_TEXT, split);
            if (st != BG_OK) {
                return st;
            }
            has_box = true;
        }
    }
    /* Finishing glue and the forced break that ends the paragraph. */
    kp_item *g = push_item(c, k);
    kp_item *p = g ? push_item(c, k) : NULL;
    if (!p) {
        return BG_ENOMEM;
    }
    g = &k->items[k->n_items - 2];
    g->type = IT_GLUE;
    g->st = KP_FIL;
    p->type = IT_PEN;
    p->penalty = -KP_INF_PENALTY;
    return BG_OK;
}

/* --- Knuth–Plass --- */

static bool push_node(lay_ctx *c, kp_state *k, const kp_node *node, size_t *index)
{
    void *p = k->nodes;
    if (!bg_layout_reserve(c->a, &p, k->n_nodes, &k->cap_nodes, sizeof(kp_node))) {
        return false;
    }
    k->nodes = p;
    k->nodes[k->n_nodes] = *node;
    *index = k->n_nodes++;
    return true;
}

static bool push_active(lay_ctx *c, size_t **list, size_t *n, size_t *cap, size_t v)
{
    void *p = *list;
    if (!bg_layout_reserve(c->a, &p, *n, cap, sizeof(size_t))) {
        return false;
    }
    *list = p;
    (*list)[(*n)++] = v;
    return true;
}

static int fitness_of(double r)
{
    if (r < -0.5) {
        return 0;
    }
    if (r <= 0.5) {
        return 1;
    }
    if (r <= 1.0) {
        return 2;
    }
    return 3;
}

/* Totals after a break at @b: skip the glue and penalties that vanish at a break. */
static void totals_after(const kp_state *k, size_t b, double *tw, double *ty, double *tz)
{
    *tw = k->sw[b];
    *ty = k->sy[b];
    *tz = k->sz[b];
    for (size_t i = b; i < k->n_items; i++) {
        const kp_item *it = &k->items[i];
        if (it->type == IT_BOX) {
            break;
        }
        if (it->type == IT_PEN && it->penalty <= -KP_INF_PENALTY && i > b) {
            break;
        }
        if (it->type == IT_GLUE) {
            *tw += it->w;
            *ty += it->st;
            *tz += it->sh;
        }
    }
}

static double line_length(const lay_par *par, size_t line)
{
    return par->right_pt - (line == 0 ? par->first_x_pt : par->rest_x_pt);
}

/* One pass of total-fit breaking with tolerance @tol (max stretch ratio; (double)INFINITY =
 * emergency). Returns the best final node, or SIZE_MAX when no feasible set of breaks. */
static bg_status run_pass(lay_ctx *c, kp_state *k, const lay_par *par, double tol, bool use_flagged,
                          size_t *best_out)
{
    *best_out = SIZE_MAX;
    k->n_nodes = 0;
    k->n_active = 0;
    size_t first = 0;
    kp_node start = {0, 0, 1, 0, 0, 0, 0, SIZE_MAX};
    if (!push_node(c, k, &start, &first) ||
        !push_active(c, &k->active, &k->n_active, &k->cap_active, first)) {
        return BG_ENOMEM;
    }
    for (size_t b = 0; b < k->n_items; b++) {
        const kp_item *it = &k->items[b];
        bool legal = false;
        double pen = 0.0;
        double pen_w = 0.0;
        if (it->type == IT_GLUE) {
            legal = b > 0 && k->items[b - 1].type == IT_BOX;
        } else if (it->type == IT_PEN) {
            legal = it->penalty < KP_INF_PENALTY &&
                    (use_flagged || !it->is_flagged || it->penalty <= -KP_INF_PENALTY);
            pen = it->penalty;
            pen_w = it->w;
        }
        if (!legal) {
            continue;
        }
        bool forced = pen <= -KP_INF_PENALTY;
        double best_d[4] = {(double)INFINITY, (double)INFINITY, (double)INFINITY, (double)INFINITY};
        size_t best_a[4] = {SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX};
        size_t n_keep = 0;
        size_t last_dropped = SIZE_MAX;
        for (size_t ai = 0; ai < k->n_active; ai++) {
            size_t a = k->active[ai];
            const kp_node *node = &k->nodes[a];
            double len = k->sw[b] - node->tw + pen_w;
            double l = line_length(par, node->line);
            double r;
            if (len < l) {
                double y = k->sy[b] - node->ty + (it->is_ragged ? k->rag_pt : k->rag);
                r = y > 0 ? (l - len) / y : (double)INFINITY;
            } else if (len > l) {
                double z = k->sz[b] - node->tz;
                r = z > 0 ? (l - len) / z : -(double)INFINITY;
            } else {
                r = 0.0;
            }
            bool keep = true;
            if (r < -1.0 || forced) {
                keep = false;
                last_dropped = a;
            }
            if (r >= -1.0 && r <= tol) {
                double bad = isinf(r) ? 1e7 : 100.0 * fabs(r) * fabs(r) * fabs(r);
                if (bad > 10000.0 && !isinf(tol)) {
                    bad = 10000.0;
                }
                double dm = (KP_LINE_PENALTY + bad) * (KP_LINE_PENALTY + bad);
                if (pen >= 0) {
                    dm += pen * pen;
                } else if (!forced) {
                    dm -= pen * pen;
                }
                const kp_item *prev_item = &k->items[node->pos];
                if (it->type == IT_PEN && it->is_flagged && node->pos > 0 &&
                    prev_item->type == IT_PEN && prev_item->is_flagged) {
                    dm += KP_FLAGGED_DEMERITS;
                }
                int fit = fitness_of(r);
                if (abs(fit - node->fitness) > 1) {
                    dm += KP_FITNESS_DEMERITS;
                }
                dm += node->demerits;
                if (dm < best_d[fit]) {
                    best_d[fit] = dm;
                    best_a[fit] = a;
                }
            }
            if (keep) {
                k->active[n_keep++] = a;
            }
        }
        k->n_active = n_keep;
        bool any = false;
        double tw = 0;
        double ty = 0;
        double tz = 0;
        totals_after(k, b, &tw, &ty, &tz);
        for (int fit = 0; fit < 4; fit++) {
            if (best_a[fit] == SIZE_MAX) {
                continue;
            }
            any = true;
            kp_node nn = {b,          k->nodes[best_a[fit]].line + 1, fit, tw, ty, tz, best_d[fit],
                          best_a[fit]};
            size_t idx = 0;
            if (!push_node(c, k, &nn, &idx) ||
                !push_active(c, &k->active, &k->n_active, &k->cap_active, idx)) {
                return BG_ENOMEM;
            }
        }
        if (!any && k->n_active == 0 && last_dropped != SIZE_MAX && isinf(tol)) {
            /* Emergency: nothing fits (a single glyph wider than the line). Break here from
             * the last node so layout always terminates; the line is overfull. */
            kp_node nn = {b,  k->nodes[last_dropped].line + 1,       1,           tw, ty,
                          tz, k->nodes[last_dropped].demerits + 1e9, last_dropped};
            size_t idx = 0;
            if (!push_node(c, k, &nn, &idx) ||
                !push_active(c, &k->active, &k->n_active, &k->cap_active, idx)) {
                return BG_ENOMEM;
            }
        }
        if (k->n_active == 0) {
            return BG_OK;
        }
        if (forced) {
            break;
        }
    }
    double best = (double)INFINITY;
    for (size_t ai = 0; ai < k->n_active; ai++) {
        size_t a = k->active[ai];
        if (k->nodes[a].pos == k->n_items - 1 && k->nodes[a].demerits < best) {
            best = k->nodes[a].demerits;
            *best_out = a;
        }
    }
    return BG_OK;
}

/* --- From breaks to placed fragments --- */

static bool can_merge(const lay_frag *f, const kp_item *it)
{
    return f->face == it->face && f->size_pt == it->size_pt && f->link == it->link &&
           f->color.r == it->color.r && f->color.g == it->color.g && f->color.b == it->color.b &&
           f->text.ptr + f->text.len == it->text.ptr &&
           f->text.len + it->text.len <= KP_MAX_BOX_BYTES;
}

static bg_status push_frag(lay_ctx *c, lay_lines *out, const kp_item *it, double x, bool glued)
{
    if (glued && out->n_frags > 0 && out->lines[out->n_lines - 1].n > 0 &&
        can_merge(&out->frags[out->n_frags - 1], it)) {
        lay_frag *f = &out->frags[out->n_frags - 1];
        f->text.len += it->text.len;
        f->w_pt += it->w;
        out->lines[out->n_lines - 1].width_pt = f->x_pt + f->w_pt;
        return BG_OK;
    }
    void *p = out->frags;
    if (!bg_layout_reserve(c->a, &p, out->n_frags, &out->cap_frags, sizeof(lay_frag))) {
        return BG_ENOMEM;
    }
    out->frags = p;
    lay_frag *f = &out->frags[out->n_frags++];
    *f = (lay_frag){x, 0.0, it->w, it->text, it->face, it->size_pt, it->color, it->link};
    bg_font_mark_used(c->fs, it->face);
    lay_line *ln = &out->lines[out->n_lines - 1];
    ln->n++;
    ln->width_pt = x + it->w;
    return BG_OK;
}

/* Gaps between letters of the words on a line (letter spacing spreads over these). */
static size_t letter_gaps(const kp_state *k, size_t from, size_t to, bool has_hyphen)
{
    size_t gaps = 0;
    for (size_t i = from; i < to; i++) {
        const kp_item *it = &k->items[i];
        if (it->type != IT_BOX) {
            continue;
        }
        size_t n = bg_utf8_count(it->text.ptr, it->text.len);
        gaps += n > 0 ? n - 1 : 0;
        if ((i + 1 < to && k->items[i + 1].type == IT_BOX) || (i + 1 == to && has_hyphen)) {
            gaps++;
        }
    }
    return gaps;
}

/* Place box @it one letter per text, @ls points apart; *x advances. */
static bg_status push_letters(lay_ctx *c, lay_lines *out, const kp_item *it, double *x, double ls,
                              bool is_glued_after)
{
    size_t i = 0;
    while (i < it->text.len) {
        uint32_t cp = 0;
        size_t n = bg_utf8_decode(it->text.ptr + i, it->text.len - i, &cp);
        if (n == 0) {
            n = 1;
        }
        kp_item one = *it;
        one.text = (bg_str){it->text.ptr + i, n};
        one.w = bg_font_width(c->fs, it->face, one.text, it->size_pt);
        bg_status st = push_frag(c, out, &one, *x, false);
        if (st != BG_OK) {
            return st;
        }
        i += n;
        *x += one.w + (i < it->text.len || is_glued_after ? ls : 0.0);
    }
    return BG_OK;
}

static bg_status set_line(lay_ctx *c, kp_state *k, const lay_par *par, size_t from, size_t to,
                          size_t line_no, bool is_last, lay_lines *out)
{
    /* Skip what vanishes after the previous break. */
    while (from < to && k->items[from].type != IT_BOX) {
        from++;
    }
    double w = 0;
    double y = 0;
    double z = 0;
    for (size_t i = from; i < to; i++) {
        if (k->items[i].type == IT_BOX || k->items[i].type == IT_GLUE) {
            w += k->items[i].w;
            y += k->items[i].type == IT_GLUE && k->items[i].st < KP_FIL ? k->items[i].st : 0;
            z += k->items[i].sh;
        }
    }
    const kp_item *brk = &k->items[to];
    if (brk->type == IT_PEN) {
        w += brk->w;
    }
    double l = line_length(par, line_no);
    double x0 = line_no == 0 ? par->first_x_pt : par->rest_x_pt;
    double r = 0.0;
    if (w > l && z > 0) {
        r = (l - w) / z;
        if (r < -1.0) {
            r = -1.0;
        }
    } else if (w < l && y > 0 && par->align == BG_ALIGN_JUSTIFY && !is_last) {
        r = (l - w) / y;
    }
    double set_w = w + (r > 0 ? r * y : r * z);
    if (set_w > l) {
        /* Overfull (a glyph wider than what the indent leaves): the line starts earlier, into
         * its indent, down to the block's edge, rather than past the right margin. */
        double over = set_w - l;
        x0 -= over < x0 ? over : x0;
    }
    if (par->align == BG_ALIGN_CENTER && set_w < l) {
        x0 += (l - set_w) / 2.0;
    } else if (par->align == BG_ALIGN_RIGHT && set_w < l) {
        x0 += l - set_w;
    }
    void *p = out->lines;
    if (!bg_layout_reserve(c->a, &p, out->n_lines, &out->cap_lines, sizeof(lay_line))) {
        return BG_ENOMEM;
    }
    out->lines = p;
    out->lines[out->n_lines++] = (lay_line){out->n_frags, 0, 0.0};
    double x = x0;
    bool glued = false;
    bool justify = par->align == BG_ALIGN_JUSTIFY && !is_last;
    bool has_hyphen = brk->type == IT_PEN && brk->text.len > 0;
    double ls = 0.0;
    if (justify && r > KP_MAX_RATIO) {
        /* A line that word spaces alone would leave gappy (no better breaks existed):
         * spread part of the excess between letters, as Typst and InDesign do. */
        size_t gaps = letter_gaps(k, from, to, has_hyphen);
        if (gaps > 0) {
            ls = (r - KP_MAX_RATIO) * y / (double)gaps;
            double cap = KP_MAX_LETTER_EM * k->items[from].size_pt;
            ls = ls > cap ? cap : ls;
            r = (l - w - ls * (double)gaps) / y;
        }
    }
    for (size_t i = from; i < to; i++) {
        const kp_item *it = &k->items[i];
        if (it->type == IT_BOX && ls > 0.0) {
            bool is_glued_after =
                (i + 1 < to && k->items[i + 1].type == IT_BOX) || (i + 1 == to && has_hyphen);
            bg_status st = push_letters(c, out, it, &x, ls, is_glued_after);
            if (st != BG_OK) {
                return st;
            }
            glued = false;
        } else if (it->type == IT_BOX) {
            /* Justified lines: one text per word, so each word sits at its exact x. */
            bg_status st = push_frag(c, out, it, x, glued);
            if (st != BG_OK) {
                return st;
            }
            x += it->w;
            glued = true;
        } else if (it->type == IT_GLUE) {
            x += it->w + (r > 0 ? r * it->st : r * it->sh);
            glued = false;
        }
    }
    if (brk->type == IT_PEN && brk->text.len > 0) {
        bg_status st = push_frag(c, out, brk, x, true);
        if (st != BG_OK) {
            return st;
        }
        x += brk->w;
    }
    if (justify && out->lines[out->n_lines - 1].n > 0 && fabs(x0 + set_w - par->right_pt) < 1.0) {
        /* DESIGN: justified lines flush right: absorb rounding in the last fragment's x. */
        lay_frag *last = &out->frags[out->n_frags - 1];
        last->x_pt = par->right_pt - last->w_pt;
        out->lines[out->n_lines - 1].width_pt = par->right_pt;
    }
    return BG_OK;
}

bg_status bg_layout_lines(lay_ctx *c, const bg_inline *in, const lay_par *par, lay_lines *out)
{
    if (!c->kp) {
        c->kp = bg_arena_alloc(c->a, sizeof(kp_state));
        if (!c->kp) {
            return BG_ENOMEM;
        }
    }
    kp_state *k = c->kp;
    /* Ragged lines are judged against 3 em of line-end stretch, not their word spaces, so
     * a short line before a long token (a URL) costs what it looks like. */
    k->rag = par->align == BG_ALIGN_JUSTIFY ? 0.0 : 3.0 * c->doc->styles[par->style].size_pt;
    /* A URL piece too long for a ragged line must end somewhere: any of its slashes is a
     * fair end, judged against a whole measure of stretch (a half-empty line: ratio 1/2).
     * DESIGN: a justified line ends at the right margin, so there a slash is only taken
     * where the line's own spaces can fill it, and the emergency pass fills the others. */
    k->rag_pt = par->align == BG_ALIGN_JUSTIFY ? 0.0 : par->right_pt - par->rest_x_pt;
    static const double tolerances[] = {1.0, 1.5, 2.5, (double)INFINITY};
    bg_status st = BG_OK;
    size_t best = SIZE_MAX;
    bool built_emergency = false;
    for (size_t pass = 0; pass < 4 && best == SIZE_MAX; pass++) {
        bool emergency = isinf(tolerances[pass]);
        if (pass == 0 || (emergency && !built_emergency)) {
            st = build_items(c, k, in, par, emergency);
            if (st != BG_OK) {
                return st;
            }
            built_emergency = emergency;
            if (k->n_items + 1 > k->cap_sums) {
                size_t cap = k->n_items + 1 + k->n_items / 2;
                k->sw = bg_arena_array(c->a, cap, sizeof(double));
                k->sy = bg_arena_array(c->a, cap, sizeof(double));
                k->sz = bg_arena_array(c->a, cap, sizeof(double));
                if (!k->sw || !k->sy || !k->sz) {
                    return BG_ENOMEM;
                }
                k->cap_sums = cap;
            }
            k->sw[0] = k->sy[0] = k->sz[0] = 0.0;
            for (size_t i = 0; i < k->n_items; i++) {
                const kp_item *it = &k->items[i];
                bool counts = it->type != IT_PEN;
                k->sw[i + 1] = k->sw[i] + (counts ? it->w : 0.0);
                k->sy[i + 1] = k->sy[i] + (it->type == IT_GLUE ? it->st : 0.0);
                k->sz[i + 1] = k->sz[i] + (it->type == IT_GLUE ? it->sh : 0.0);
            }
        }
        if (k->n_items <= 2) {
            return BG_OK; /* nothing to set */
        }
        bool hyphens = pass > 0 && par->hyphenate;
        st = run_pass(c, k, par, tolerances[pass], hyphens || emergency, &best);
        if (st != BG_OK) {
            return st;
        }
    }
    if (best == SIZE_MAX) {
        bg_diag_error(c->d, NULL,
                      "internal error: line breaking found no solution "
                      "(please report)");
        return BG_EINTERNAL;
    }
    /* Walk back from the final node to list the breaks in order. */
    size_t n_lines = k->nodes[best].line;
    if (!bg_layout_reserve(c->a, (void **)&k->next_active, n_lines + 1, &k->cap_next,
                           sizeof(size_t))) {
        return BG_ENOMEM;
    }
    size_t *pos = k->next_active;
    for (size_t n = best, i = n_lines; n != SIZE_MAX; n = k->nodes[n].prev) {
        pos[i--] = k->nodes[n].pos;
        if (i == SIZE_MAX) {
            break;
        }
    }
    for (size_t i = 0; i < n_lines; i++) {
        size_t from = i == 0 ? 0 : pos[i] + 1;
        st = set_line(c, k, par, from, pos[i + 1], i, i + 1 == n_lines, out);
        if (st != BG_OK) {
            return st;
        }
    }
    return BG_OK;
}
