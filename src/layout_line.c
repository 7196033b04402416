/* Line breaking for the layout stage: inline runs → lines of placed fragments. Builds the
 * Knuth–Plass item list (layout_item.c), runs the breaking passes (layout_kp.c) with
 * escalating tolerance (no hyphens; hyphens; hyphens + looser; emergency) until one finds
 * breaks, then places each line's fragments for its alignment, spreading a justified line
 * that word spaces alone would leave gappy between its letters. */
#include <math.h>

#include "layout_kp.h"
#include "utf8.h"

#define KP_MAX_RATIO 2.0       /* DESIGN: no word gap over 2 spaces (1 + 2 × 1/2 stretch) */
#define KP_MAX_LETTER_EM 0.06  /* letter spacing a too-loose line may add, per em */
#define OVERFULL_SLACK_PT 0.01 /* an overfull line may pass its block's edge by this much */

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
    lay_frag *p = bg_arena_room(c->a, out->frags, out->n_frags, &out->cap_frags, 64, sizeof(*p));
    if (!p) {
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
    double l = bg_layout_kp_line_length(par, line_no);
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
    if (set_w > l + x0 + OVERFULL_SLACK_PT) {
        /* Wider than the whole block, indent and all (a glyph wider than the column): no
         * place on the line holds it; the template's style or page must change. */
        bg_diag_error(c->d, NULL,
                      "text that cannot break is %.1f pt wide, wider than its column (%.1f pt): "
                      "make the style's size smaller or the margins narrower",
                      set_w, l + x0);
        return BG_EINPUT;
    }
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
    lay_line *p = bg_arena_room(c->a, out->lines, out->n_lines, &out->cap_lines, 64, sizeof(*p));
    if (!p) {
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
            st = bg_layout_build_items(c, k, in, par, emergency);
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
        st = bg_layout_kp_pass(c, k, par, tolerances[pass], hyphens || emergency, &best);
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
    size_t *pos = bg_arena_room(c->a, k->next_active, n_lines + 1, &k->cap_next, 64, sizeof(*pos));
    if (!pos) {
        return BG_ENOMEM;
    }
    k->next_active = pos;
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
