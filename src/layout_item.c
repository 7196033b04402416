/* Line breaking, first step: inline runs → the Knuth–Plass item list (layout_kp.h). Words
 * become boxes in their style's face, spaces glue, hyphenation points (hyph.c) flagged
 * penalties; inside a space-free run, the break opportunities of UAX #14 (lbreak.c: between
 * CJK ideographs and Hangul syllables, after "/" in a URL, after a dash) are zero-width
 * breaks with a penalty, so that ordinary text still prefers its spaces. The emergency pass
 * may break an over-long word (a URL, a 10k-character token) at any character. */
#include <stdio.h>
#include <string.h>

#include "layout_kp.h"
#include "lbreak.h"
#include "utf8.h"

/* What may follow byte i of a word (add_word's breaks[i]). */
enum { BRK_NONE, BRK_HYPHEN, BRK_EXPLICIT, BRK_UAX, BRK_IDEO };

#define KP_HYPHEN_PENALTY 50.0
#define KP_EXPLICIT_PENALTY 50.0
#define KP_EMERGENCY_PENALTY 200.0
#define KP_UAX_PENALTY 100.0    /* a UAX #14 break in a Latin run: after "/", a dash */
#define KP_IDEO_PENALTY 20.0    /* between CJK ideographs or Hangul syllables */
#define KP_IDEO_STRETCH_EM 0.05 /* stretch between them on a justified line, per em */

static kp_item *push_item(lay_ctx *c, kp_state *k)
{
    kp_item *p = bg_arena_room(c->a, k->items, k->n_items, &k->cap_items, 64, sizeof(*p));
    if (!p) {
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
    uint8_t *uax = bg_arena_room(c->a, k->uax, word.len, &k->cap_uax, 64, 1);
    if (!uax) {
        return false;
    }
    k->uax = uax;
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
    uint8_t *brk = bg_arena_room(c->a, k->breaks, word.len, &k->cap_breaks, 64, 1);
    if (!brk) {
        return false;
    }
    k->breaks = brk;
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

bg_status bg_layout_build_items(lay_ctx *c, kp_state *k, const bg_inline *in, const lay_par *par,
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
