/* Layout of figures drawn from vector shapes: the `style: figure` timeline. Each entry is a
 * block of its own (so page breaking, max_pages and widow rules treat it like any item):
 * its date label sits right-aligned in a column shared by all entries of the section, a
 * vertical rule runs down the column's right side through every entry, a dot marks each
 * entry's date on the rule, and the entry's text is set beside the rule. All text stays
 * text (extractable, in reading order: date, then what happened). */
#include <stdbool.h>

#include "layout_int.h"

#define FIG_LABEL_GAP_PT 7.0  /* label column → rule */
#define FIG_TEXT_GAP_PT 9.0   /* rule → entry text */
#define FIG_RULE_PT 0.8       /* stroke width of the rule */
#define FIG_DOT_PT 5.0        /* diameter of an entry's mark */
#define FIG_MAX_COL_SHARE 0.3 /* the label column takes at most this share of the width */

static const bg_rgb fig_rule_color = {0.62f, 0.66f, 0.72f};

static bool is_sibling(const lay_state *s, size_t bi, size_t bj)
{
    /* From the document, not s->blocks: the blocks after @bi are not set yet. */
    const bg_doc_block *x = &s->doc->blocks[bi];
    const bg_doc_block *y = &s->doc->blocks[bj];
    return y->is_on_rule && y->section == x->section;
}

/* The natural width of a label (its runs set in their own styles). */
static double label_width(const lay_state *s, const bg_inline *label)
{
    double w = 0.0;
    for (size_t i = 0; i < label->n_runs; i++) {
        const bg_run *r = &label->runs[i];
        const bg_style *st = &s->doc->styles[r->style < BG_STYLE_COUNT ? r->style : 0];
        if (bg_font_use(s->c.fs, st->face, s->c.d) == BG_OK) {
            w += bg_font_width(s->c.fs, st->face, r->text, st->size_pt);
        }
    }
    return w;
}

/* The label column: as wide as the widest label among the entries of @bi's section. */
static double label_column(const lay_state *s, size_t bi)
{
    size_t lo = bi;
    while (lo > 0 && is_sibling(s, bi, lo - 1)) {
        lo--;
    }
    double col = 0.0;
    for (size_t j = lo; j < s->n_blocks && is_sibling(s, bi, j); j++) {
        double w = label_width(s, &s->doc->blocks[j].label);
        col = w > col ? w : col;
    }
    double cap = (s->right_pt - s->left_pt) * FIG_MAX_COL_SHARE;
    return col > cap ? cap : col;
}

/* label_column, measured once per section: every entry of a timeline asks for it. */
static double section_column(lay_state *s, size_t bi)
{
    uint32_t key = s->doc->blocks[bi].section + 1;
    if (s->fig_col_section != key) {
        s->fig_col_pt = label_column(s, bi);
        s->fig_col_section = key;
    }
    return s->fig_col_pt;
}

static bg_status add_rects(lay_state *s, lay_unit *u, const lay_rect *rects, size_t n)
{
    u->rects = bg_arena_array(s->c.a, n, sizeof(lay_rect));
    if (!u->rects) {
        return BG_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        u->rects[i] = rects[i];
    }
    u->n_rects = n;
    return BG_OK;
}

bg_status bg_layout_set_rule_entry(lay_state *s, size_t bi)
{
    lay_block *b = &s->blocks[bi];
    const bg_doc_block *src = b->src;
    const bg_style *st = &s->doc->styles[src->style < BG_STYLE_COUNT ? src->style : 0];
    const bg_style *ls = &s->doc->styles[BG_STYLE_LABEL];
    bg_status rc = bg_font_use(s->c.fs, st->face, s->c.d);
    if (rc != BG_OK) {
        return rc;
    }
    bool is_first = bi == 0 || !is_sibling(s, bi, bi - 1);
    bool is_last = bi + 1 >= s->n_blocks || !is_sibling(s, bi, bi + 1);
    double width = s->right_pt - s->left_pt;
    double col = section_column(s, bi);
    double rule_x = col + FIG_LABEL_GAP_PT;
    double text_x = rule_x + FIG_TEXT_GAP_PT;
    lay_par par = {width - text_x, text_x, text_x, width, st->align, false, src->style};
    par.hyphenate = st->align == BG_ALIGN_JUSTIFY;
    lay_lines *lines = &s->scratch;
    lines->n_frags = lines->n_lines = 0;
    rc = bg_layout_lines(&s->c, &src->text, &par, lines);
    lay_lines *lab = &s->scratch2;
    lab->n_frags = lab->n_lines = 0;
    if (rc == BG_OK && src->label.n_runs > 0) {
        lay_par lp = {col, 0.0, 0.0, col, BG_ALIGN_RIGHT, false, BG_STYLE_LABEL};
        rc = bg_layout_lines(&s->c, &src->label, &lp, lab);
    }
    if (rc != BG_OK) {
        return rc;
    }
    size_t n = lines->n_lines > lab->n_lines ? lines->n_lines : lab->n_lines;
    n = n > 0 ? n : 1;
    b->units = bg_arena_array(s->c.a, n, sizeof(lay_unit));
    if (!b->units) {
        return BG_ENOMEM;
    }
    b->n_units = n;
    /* The entries' spacing becomes part of the rule, so it runs on unbroken. */
    double gap =
        st->space_after_pt > st->space_before_pt ? st->space_after_pt : st->space_before_pt;
    double join = is_last ? 0.0 : gap;
    if (!is_last) {
        b->space_after_pt = 0.0;
    }
    if (!is_first) {
        b->space_before_pt = 0.0;
    }
    double dy = bg_layout_baseline(s, st, st->leading_pt);
    double mark_dy = dy - 0.3 * st->size_pt; /* the dot sits at the middle of a lowercase x */
    for (size_t i = 0; i < n; i++) {
        lay_unit *u = &b->units[i];
        u->height_pt = st->leading_pt + (i + 1 == n ? join : 0.0);
        if (i < lines->n_lines) {
            rc = bg_layout_copy_line(s, lines, i, 0.0, dy, &u->frags, &u->n_frags);
        }
        lay_frag *lf = NULL;
        size_t n_lf = 0;
        if (rc == BG_OK && i < lab->n_lines) {
            rc = bg_layout_copy_line(s, lab, i, 0.0, dy, &lf, &n_lf);
        }
        if (rc != BG_OK) {
            return rc;
        }
        if (n_lf > 0) {
            /* Reading order: the date first, then what happened. */
            lay_frag *all = bg_arena_array(s->c.a, n_lf + u->n_frags, sizeof(lay_frag));
            if (!all) {
                return BG_ENOMEM;
            }
            for (size_t k = 0; k < n_lf; k++) {
                all[k] = lf[k];
            }
            for (size_t k = 0; k < u->n_frags; k++) {
                all[n_lf + k] = u->frags[k];
            }
            u->frags = all;
            u->n_frags += n_lf;
        }
        double top = i == 0 && is_first ? mark_dy : 0.0;
        double bottom = i + 1 == n && is_last ? dy : u->height_pt;
        lay_rect rects[2] = {
            {rule_x, top, 0.0, bottom - top, fig_rule_color, FIG_RULE_PT, BG_SHAPE_BOX},
            {rule_x - FIG_DOT_PT / 2.0, mark_dy - FIG_DOT_PT / 2.0, FIG_DOT_PT, FIG_DOT_PT,
             ls->color, 0.0, BG_SHAPE_DOT},
        };
        rc = add_rects(s, u, rects, i == 0 ? 2 : 1);
        if (rc != BG_OK) {
            return rc;
        }
    }
    return BG_OK;
}
