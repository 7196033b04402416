/* Stage 5, layout: bg_doc → bg_pages. Each block is set once into units (a line, or a
 * table row) by layout_line.c; page breaking then places units top to bottom, keeping
 * headings with what follows and refusing widows and orphans; max_pages is met by
 * dropping the lowest-scoring blocks (a binary search over how many, since page breaking
 * is cheap and set lines are reused). A second pass places furniture once the page count
 * is known ("Page N of M"). This file sets blocks; layout_page.c breaks pages and
 * layout_fit.c fits max_pages and max_words. */
#include <string.h>

#include "layout_int.h"
#include "lbreak.h"
#include "limit.h"

#define LAY_CELL_PAD_X_PT 4.0
#define LAY_CELL_PAD_Y_PT 3.0
#define LAY_RULE_PT 0.5
#define LAY_LOGO_H_PT 36.0      /* printed height of a logo */
#define LAY_LOGO_MAX_SHARE 0.25 /* of the text width, at most */
#define LAY_LOGO_GAP_PT 12.0    /* between the title and the logo */

static const bg_rgb header_fill = {0.86f, 0.89f, 0.95f};
static const bg_rgb rule_color = {0.55f, 0.58f, 0.62f};

/* --- Setting blocks into units --- */

double bg_layout_baseline(const lay_state *s, const bg_style *st, double height_pt)
{
    double asc = bg_font_ascent(s->c.fs, st->face, st->size_pt);
    double desc = bg_font_descent(s->c.fs, st->face, st->size_pt);
    return (height_pt - (asc - desc)) / 2.0 + asc;
}

bg_status bg_layout_copy_line(lay_state *s, const lay_lines *ls, size_t line, double dx, double dy,
                              lay_frag **dst, size_t *n_dst)
{
    const lay_line *ln = &ls->lines[line];
    lay_frag *f = bg_arena_array(s->c.a, ln->n, sizeof(lay_frag));
    if (!f && ln->n > 0) {
        return BG_ENOMEM;
    }
    for (size_t i = 0; i < ln->n; i++) {
        f[i] = ls->frags[ln->first + i];
        f[i].x_pt += dx;
        f[i].dy_pt = dy;
    }
    *dst = f;
    *n_dst = ln->n;
    return BG_OK;
}

static bg_status set_text_block(lay_state *s, lay_block *b, const bg_inline *text,
                                const bg_inline *label)
{
    const bg_doc_block *src = b->src;
    const bg_style *st = &s->doc->styles[src->style < BG_STYLE_COUNT ? src->style : 0];
    bg_status rc = bg_font_use(s->c.fs, st->face, s->c.d);
    if (rc != BG_OK) {
        return rc;
    }
    double width = s->right_pt - s->left_pt;
    if (s->logo_w_pt > 0 && (src->kind == BG_DOC_TITLE || src->kind == BG_DOC_SUBTITLE)) {
        width -= s->logo_w_pt + LAY_LOGO_GAP_PT; /* the logo sits beside the title */
    }
    /* A nested item (a list item under its lead) sits one hanging indent further right. */
    double nest_pt = src->kind == BG_DOC_ITEM ? src->depth * st->indent_pt : 0.0;
    width -= nest_pt;
    lay_par par = {width, 0.0, 0.0, width, st->align, false, src->style};
    par.hyphenate = st->align == BG_ALIGN_JUSTIFY; /* ragged text needs no hyphens */
    double label_w = 0.0;
    double label_x = 0.0;
    lay_lines *lab = &s->scratch2;
    lab->n_frags = lab->n_lines = 0;
    if (src->kind == BG_DOC_ITEM) {
        par.rest_x_pt = st->indent_pt;
        par.first_x_pt = st->indent_pt;
        if (label && label->n_runs > 0) {
            lay_par lp = {width, 0.0, 0.0, width, BG_ALIGN_LEFT, false, src->style};
            rc = bg_layout_lines(&s->c, label, &lp, lab);
            if (rc != BG_OK) {
                return rc;
            }
            if (lab->n_lines > 0) {
                label_w = lab->lines[0].width_pt;
                double gap = bg_font_width(s->c.fs, st->face, BG_STR_LIT(" "), st->size_pt);
                if (label_w + gap > par.first_x_pt) {
                    par.first_x_pt = label_w + gap;
                }
                /* The label hangs one space before the text, so its gap reads as a word
                 * space and not as a hole in a justified line. */
                label_x = par.first_x_pt - gap - label_w;
            }
        }
    } else if (src->kind == BG_DOC_PARA) {
        par.first_x_pt = st->indent_pt;
    }
    if (par.first_x_pt > width * 0.5) {
        par.first_x_pt = width * 0.5; /* a very wide label: keep a usable first line */
    }
    if (par.rest_x_pt > width * 0.5) {
        par.rest_x_pt = width * 0.5;
    }
    if (label_x + label_w > par.first_x_pt || label_x < 0.0) {
        label_x = 0.0;
    }
    lay_lines *ls = &s->scratch;
    ls->n_frags = ls->n_lines = 0;
    rc = bg_layout_lines(&s->c, text, &par, ls);
    if (rc != BG_OK) {
        return rc;
    }
    size_t n = ls->n_lines > 0 ? ls->n_lines : (lab->n_lines > 0 ? 1 : 0);
    b->units = bg_arena_array(s->c.a, n, sizeof(lay_unit));
    if (!b->units && n > 0) {
        return BG_ENOMEM;
    }
    b->n_units = n;
    double dy = bg_layout_baseline(s, st, st->leading_pt);
    for (size_t i = 0; i < n; i++) {
        lay_unit *u = &b->units[i];
        u->height_pt = st->leading_pt;
        if (i < ls->n_lines) {
            rc = bg_layout_copy_line(s, ls, i, nest_pt, dy, &u->frags, &u->n_frags);
            if (rc != BG_OK) {
                return rc;
            }
        }
        if (i == 0 && lab->n_lines > 0) {
            lay_frag *lf = NULL;
            size_t n_lf = 0;
            rc = bg_layout_copy_line(s, lab, 0, label_x + nest_pt, dy, &lf, &n_lf);
            if (rc != BG_OK) {
                return rc;
            }
            lay_frag *all = bg_arena_array(s->c.a, n_lf + u->n_frags, sizeof(lay_frag));
            if (!all) {
                return BG_ENOMEM;
            }
            if (n_lf > 0) {
                memcpy(all, lf, n_lf * sizeof(lay_frag));
            }
            if (u->n_frags > 0) {
                memcpy(all + n_lf, u->frags, u->n_frags * sizeof(lay_frag));
            }
            u->frags = all;
            u->n_frags += n_lf;
        }
    }
    return BG_OK;
}

static bg_status set_table(lay_state *s, lay_block *b)
{
    const bg_doc_block *src = b->src;
    const bg_style *ts = &s->doc->styles[BG_STYLE_TABLE];
    const bg_style *hs = &s->doc->styles[BG_STYLE_LABEL];
    size_t n_cols = src->n_cols;
    if (n_cols == 0 || src->n_rows == 0 || !src->cells) {
        return BG_OK;
    }
    double width = s->right_pt - s->left_pt;
    double *col_x = bg_arena_array(s->c.a, n_cols + 1, sizeof(double));
    if (!col_x) {
        return BG_ENOMEM;
    }
    double total = 0.0;
    for (size_t j = 0; j < n_cols; j++) {
        double w = src->col_weight && src->col_weight[j] > 0 ? src->col_weight[j] : 1.0;
        total += w;
    }
    col_x[0] = 0.0;
    for (size_t j = 0; j < n_cols; j++) {
        double w = src->col_weight && src->col_weight[j] > 0 ? src->col_weight[j] : 1.0;
        col_x[j + 1] = col_x[j] + width * w / total;
    }
    col_x[n_cols] = width;
    b->units = bg_arena_array(s->c.a, src->n_rows, sizeof(lay_unit));
    if (!b->units) {
        return BG_ENOMEM;
    }
    b->n_units = src->n_rows;
    b->has_header_row = src->n_rows > 1;
    for (size_t r = 0; r < src->n_rows; r++) {
        const bg_style *rs = r == 0 && b->has_header_row ? hs : ts;
        bg_status rc = bg_font_use(s->c.fs, rs->face, s->c.d);
        if (rc != BG_OK) {
            return rc;
        }
        lay_unit *u = &b->units[r];
        size_t max_lines = 1;
        size_t n_frags = 0;
        lay_frag *frags = NULL;
        size_t cap = 0;
        for (size_t j = 0; j < n_cols; j++) {
            const bg_inline *cell = &src->cells[r * n_cols + j];
            double cw = col_x[j + 1] - col_x[j] - 2 * LAY_CELL_PAD_X_PT;
            if (cw < rs->size_pt) {
                cw = rs->size_pt;
            }
            lay_par par = {
                cw,
                0.0,
                0.0,
                cw,
                BG_ALIGN_LEFT,
                false,
                (uint8_t)(r == 0 && b->has_header_row ? BG_STYLE_LABEL : BG_STYLE_TABLE)};
            lay_lines *ls = &s->scratch;
            ls->n_frags = ls->n_lines = 0;
            rc = bg_layout_lines(&s->c, cell, &par, ls);
            if (rc != BG_OK) {
                return rc;
            }
            if (ls->n_lines > max_lines) {
                max_lines = ls->n_lines;
            }
            double dy0 = LAY_CELL_PAD_Y_PT + bg_layout_baseline(s, rs, rs->leading_pt);
            for (size_t i = 0; i < ls->n_lines; i++) {
                const lay_line *ln = &ls->lines[i];
                for (size_t f = 0; f < ln->n; f++) {
                    lay_frag *p = bg_arena_room(s->c.a, frags, n_frags, &cap, 64, sizeof(*p));
                    if (!p) {
                        return BG_ENOMEM;
                    }
                    frags = p;
                    lay_frag fr = ls->frags[ln->first + f];
                    fr.x_pt += col_x[j] + LAY_CELL_PAD_X_PT;
                    fr.dy_pt = dy0 + (double)i * rs->leading_pt;
                    frags[n_frags++] = fr;
                }
            }
        }
        u->frags = frags;
        u->n_frags = n_frags;
        u->height_pt = (double)max_lines * rs->leading_pt + 2 * LAY_CELL_PAD_Y_PT;
        bool fill = r == 0 && b->has_header_row;
        u->rects = bg_arena_array(s->c.a, n_cols + (fill ? 1 : 0), sizeof(lay_rect));
        if (!u->rects) {
            return BG_ENOMEM;
        }
        if (fill) {
            bg_rgb bg = hs->has_background ? hs->background : header_fill;
            u->rects[u->n_rects++] =
                (lay_rect){0.0, 0.0, width, u->height_pt, bg, 0.0, BG_SHAPE_BOX};
        }
        for (size_t j = 0; j < n_cols; j++) {
            u->rects[u->n_rects++] = (lay_rect){col_x[j],     0.0,        col_x[j + 1] - col_x[j],
                                                u->height_pt, rule_color, LAY_RULE_PT,
                                                BG_SHAPE_BOX};
        }
    }
    return BG_OK;
}

static bg_status set_blocks(lay_state *s)
{
    const bg_doc *doc = s->doc;
    s->blocks = bg_arena_array(s->c.a, doc->n_blocks, sizeof(lay_block));
    if (!s->blocks && doc->n_blocks > 0) {
        return BG_ENOMEM;
    }
    s->n_blocks = doc->n_blocks;
    for (size_t i = 0; i < doc->n_blocks; i++) {
        lay_block *b = &s->blocks[i];
        b->src = &doc->blocks[i];
        const bg_style *st = &doc->styles[b->src->style < BG_STYLE_COUNT ? b->src->style : 0];
        b->space_before_pt = st->space_before_pt;
        b->space_after_pt = st->space_after_pt;
        bool has_brief =
            b->src->kind == BG_DOC_ITEM && !b->src->is_on_rule && b->src->brief.n_runs > 0;
        bg_status rc = has_brief ? set_text_block(s, b, &b->src->brief, &b->src->label) : BG_OK;
        if (rc != BG_OK) {
            return rc;
        }
        b->brief_units = has_brief ? b->units : NULL;
        b->n_brief_units = has_brief ? b->n_units : 0;
        rc = b->src->kind == BG_DOC_TABLE ? set_table(s, b)
             : b->src->is_on_rule         ? bg_layout_set_rule_entry(s, i)
                                          : set_text_block(s, b, &b->src->text, &b->src->label);
        if (rc != BG_OK) {
            return rc;
        }
        b->full_units = b->units;
        b->n_full_units = b->n_units;
    }
    return BG_OK;
}

/* The blocks fit printed short, into @out (for build --explain). */
static bg_status list_shortened(const lay_state *s, bg_pages *out)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n_blocks; i++) {
        n += s->blocks[i].is_brief && !s->blocks[i].is_dropped;
    }
    if (n == 0) {
        return BG_OK;
    }
    out->shortened = bg_arena_array(s->c.a, n, sizeof(*out->shortened));
    if (!out->shortened) {
        return BG_ENOMEM;
    }
    for (size_t i = 0; i < s->n_blocks; i++) {
        if (s->blocks[i].is_brief && !s->blocks[i].is_dropped) {
            out->shortened[out->n_shortened++] = s->blocks[i].src;
        }
    }
    return BG_OK;
}

bg_status bg_layout_run(const bg_doc *doc, bg_fontset *fs, const bg_hyph *hyph, bg_arena *a,
                        bg_diag *d, bg_pages *out)
{
    lay_state s;
    memset(&s, 0, sizeof(s));
    s.c = (lay_ctx){fs, hyph, a, d, doc, {NULL, 0}, {NULL, 0}, NULL};
    bg_lbreak_init(); /* the library's own tables; layout_item.c asks it for breaks */
    s.doc = doc;
    const bg_page_spec *ps = doc->page;
    s.left_pt = ps->margin_left_pt;
    s.right_pt = ps->width_pt - ps->margin_right_pt;
    if (s.right_pt - s.left_pt < 36.0 ||
        ps->height_pt - ps->margin_top_pt - ps->margin_bottom_pt < 36.0) {
        bg_diag_error(d, NULL, "page too small for its margins: the text area is under 36 pt");
        return BG_EINPUT;
    }
    bg_status st = bg_layout_measure_furniture(&s);
    if (st != BG_OK) {
        return st;
    }
    if (s.top_pt - s.bottom_pt < 36.0) {
        bg_diag_error(d, NULL, "page too small: banner, header and footer leave no text area");
        return BG_EINPUT;
    }
    if (doc->logo && doc->logo->width > 0 && doc->logo->height > 0) {
        double aspect = (double)doc->logo->width / (double)doc->logo->height;
        s.logo_h_pt = LAY_LOGO_H_PT;
        s.logo_w_pt = LAY_LOGO_H_PT * aspect;
        double cap = (s.right_pt - s.left_pt) * LAY_LOGO_MAX_SHARE;
        if (s.logo_w_pt > cap) {
            s.logo_w_pt = cap;
            s.logo_h_pt = cap / aspect;
        }
    }
    st = set_blocks(&s);
    if (st != BG_OK) {
        return st;
    }
    size_t n_dropped = 0;
    st = bg_layout_fit(&s, &n_dropped);
    if (st != BG_OK) {
        return st;
    }
    lay_out o;
    memset(&o, 0, sizeof(o));
    o.n_anchors = doc->n_refs + 1;
    for (size_t i = 0; i < doc->n_refs; i++) {
        if (doc->refs[i].number + 1 > o.n_anchors) {
            o.n_anchors = doc->refs[i].number + 1;
        }
    }
    for (size_t i = 0; i < doc->n_blocks; i++) {
        if (doc->blocks[i].anchor + 1 > o.n_anchors) {
            o.n_anchors = doc->blocks[i].anchor + 1;
        }
    }
    o.anchors = bg_arena_array(a, o.n_anchors, sizeof(bg_anchor));
    if (!o.anchors) {
        return BG_ENOMEM;
    }
    size_t n_pages = 0;
    st = bg_layout_paginate(&s, &o, &n_pages);
    if (st == BG_OK) {
        st = bg_layout_place_furniture(&s, &o);
    }
    if (st != BG_OK) {
        return st;
    }
    out->logo = (bg_logo){NULL, 0, 0.0, 0.0, 0.0, 0.0};
    if (s.logo_w_pt > 0) {
        out->logo =
            (bg_logo){doc->logo,   0,          s.right_pt - s.logo_w_pt, s.top_pt - s.logo_h_pt,
                      s.logo_w_pt, s.logo_h_pt};
    }
    out->width_pt = ps->width_pt;
    out->height_pt = ps->height_pt;
    out->pages = o.pages;
    out->n_pages = o.n_pages;
    out->outline = o.outline;
    out->n_outline = o.n_outline;
    out->anchors = o.anchors;
    out->n_anchors = o.n_anchors;
    out->info = doc->info;
    out->dropped = NULL;
    out->n_dropped = 0;
    out->shortened = NULL;
    out->n_shortened = 0;
    out->is_over_pages = s.is_over_pages;
    out->is_over_words = s.is_over_words;
    if (n_dropped > 0) {
        out->dropped = bg_arena_array(a, n_dropped, sizeof(*out->dropped));
        if (!out->dropped) {
            return BG_ENOMEM;
        }
        for (size_t i = 0; i < s.n_blocks && out->n_dropped < n_dropped; i++) {
            if (s.blocks[i].is_dropped && s.blocks[i].src->kind != BG_DOC_HEADING &&
                !bg_layout_is_lead(&s, i)) {
                out->dropped[out->n_dropped++] = s.blocks[i].src;
            }
        }
    }
    return list_shortened(&s, out);
}
