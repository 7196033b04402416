/* Page breaking for the layout stage: set units → pages. Places units top to bottom,
 * keeping headings with what follows, refusing widows and orphans, repeating table header
 * rows (bg_layout_paginate, which layout_fit.c calls to count pages while it fits the
 * budgets); then places banner, header and footer once the page count is known. */
#include <math.h>
#include <string.h>

#include "layout_int.h"
#include "limit.h"

#define LAY_FURNITURE_GAP_PT 8.0 /* between furniture and the text area */
#define LAY_EDGE_MIN_PT 18.0     /* nothing closer to the paper's edge */
/* No glyph of a running line advances less than this (em): DejaVu's narrowest printing
 * glyphs are ~0.25 em. Text past width / (size × this) characters cannot be on the line. */
#define LAY_RUNNING_MIN_ADVANCE_EM 0.1

bool bg_layout_has_title(const bg_doc *doc)
{
    for (size_t i = 0; i < doc->n_blocks; i++) {
        if (doc->blocks[i].kind == BG_DOC_TITLE) {
            return true;
        }
    }
    return false;
}

/* --- Page breaking --- */

typedef struct {
    lay_state *s;
    lay_out *o;  /* NULL: count pages only */
    size_t page; /* 0-based current page */
    double y;    /* used height from the top of the text area */
    bool at_top;
    double prev_after;
    size_t stop_after; /* count mode: stop once more pages than this are needed */
    bool is_over;
} pager;

static bg_status open_page(pager *p)
{
    if (!p->o && p->page + 1 >= p->stop_after) {
        p->is_over = true; /* more than max_pages: the caller only needs to know that */
        return BG_EINPUT;
    }
    if (p->page + 1 >= BG_MAX_PAGES) {
        bg_diag_error(p->s->c.d, NULL, "document too long: more than %u pages", BG_MAX_PAGES);
        return BG_EINPUT;
    }
    p->page++;
    p->y = 0.0;
    p->at_top = true;
    p->prev_after = 0.0;
    if (p->o) {
        lay_out *o = p->o;
        bg_page *q = bg_arena_room(p->s->c.a, o->pages, o->n_pages, &o->cap_pages, 64, sizeof(*q));
        if (!q) {
            return BG_ENOMEM;
        }
        o->pages = q;
        memset(&o->pages[o->n_pages], 0, sizeof(bg_page));
        o->n_pages++;
        if (o->n_pages > o->cap_par) {
            size_t old = o->cap_par;
            size_t cap = o->cap_pages;
            o->cap_texts = bg_arena_grow(p->s->c.a, o->cap_texts, old, cap, sizeof(size_t));
            o->cap_rects = bg_arena_grow(p->s->c.a, o->cap_rects, old, cap, sizeof(size_t));
            o->cap_links = bg_arena_grow(p->s->c.a, o->cap_links, old, cap, sizeof(size_t));
            if (!o->cap_texts || !o->cap_rects || !o->cap_links) {
                return BG_ENOMEM;
            }
            o->cap_par = cap;
        }
    }
    return BG_OK;
}

static bg_status emit_text(lay_state *s, lay_out *o, size_t page, const lay_frag *f, double x,
                           double y)
{
    bg_page *pg = &o->pages[page];
    bg_text *texts =
        bg_arena_room(s->c.a, pg->texts, pg->n_texts, &o->cap_texts[page], 64, sizeof(*texts));
    if (!texts) {
        return BG_ENOMEM;
    }
    pg->texts = texts;
    pg->texts[pg->n_texts++] = (bg_text){x, y, f->face, f->size_pt, f->color, f->text};
    if (f->link == 0) {
        return BG_OK;
    }
    bg_link *links =
        bg_arena_room(s->c.a, pg->links, pg->n_links, &o->cap_links[page], 64, sizeof(*links));
    if (!links) {
        return BG_ENOMEM;
    }
    pg->links = links;
    double desc = bg_font_descent(s->c.fs, f->face, f->size_pt);
    double asc = bg_font_ascent(s->c.fs, f->face, f->size_pt);
    pg->links[pg->n_links++] = (bg_link){x, y + desc, f->w_pt, asc - desc, f->link, {NULL, 0}};
    return BG_OK;
}

static bg_status emit_rect(lay_state *s, lay_out *o, size_t page, bg_rect r)
{
    bg_page *pg = &o->pages[page];
    bg_rect *q = bg_arena_room(s->c.a, pg->rects, pg->n_rects, &o->cap_rects[page], 64, sizeof(*q));
    if (!q) {
        return BG_ENOMEM;
    }
    pg->rects = q;
    pg->rects[pg->n_rects++] = r;
    return BG_OK;
}

/* Draw @u's rectangles and text on @page with its top at @top. */
static bg_status place_at(lay_state *s, lay_out *o, size_t page, const lay_unit *u, double top)
{
    for (size_t i = 0; i < u->n_rects; i++) {
        const lay_rect *r = &u->rects[i];
        bg_rect rr = {s->left_pt + r->x_pt,
                      top - r->dy_pt - r->h_pt,
                      r->w_pt,
                      r->h_pt,
                      r->color,
                      r->stroke_pt,
                      r->shape};
        bg_status st = emit_rect(s, o, page, rr);
        if (st != BG_OK) {
            return st;
        }
    }
    for (size_t i = 0; i < u->n_frags; i++) {
        const lay_frag *f = &u->frags[i];
        bg_status st = emit_text(s, o, page, f, s->left_pt + f->x_pt, top - f->dy_pt);
        if (st != BG_OK) {
            return st;
        }
    }
    return BG_OK;
}

static bg_status place_unit(pager *p, const lay_unit *u)
{
    if (p->o) {
        bg_status st = place_at(p->s, p->o, p->page, u, p->s->top_pt - p->y);
        if (st != BG_OK) {
            return st;
        }
    }
    p->y += u->height_pt;
    p->at_top = false;
    return BG_OK;
}

static double avail(const pager *p)
{
    return p->s->top_pt - p->s->bottom_pt;
}

static double units_height(const lay_block *b, size_t from, size_t n)
{
    double h = 0.0;
    for (size_t i = from; i < from + n && i < b->n_units; i++) {
        h += b->units[i].height_pt;
    }
    return h;
}

/* The least a block places at the top of its first page: what a heading must be kept
 * with. DESIGN: never a heading stranded at a page foot. */
static double first_chunk(const lay_state *s, size_t bi, int depth)
{
    const lay_block *b = &s->blocks[bi];
    switch (b->src->kind) {
    case BG_DOC_PARA:
        return units_height(b, 0, b->n_units < 4 ? b->n_units : 2);
    case BG_DOC_TABLE:
        return units_height(b, 0, b->n_units < 2 ? b->n_units : 2);
    case BG_DOC_HEADING:
    case BG_DOC_TITLE:
    case BG_DOC_SUBTITLE: {
        double h = units_height(b, 0, b->n_units);
        if (b->src->kind == BG_DOC_HEADING && depth < 2) {
            for (size_t j = bi + 1; j < s->n_blocks; j++) {
                if (!s->blocks[j].is_dropped && s->blocks[j].n_units > 0) {
                    double gap = fmax(b->space_after_pt, s->blocks[j].space_before_pt);
                    h += gap + first_chunk(s, j, depth + 1);
                    break;
                }
            }
        }
        return h;
    }
    case BG_DOC_ITEM:
    default: {
        double h = units_height(b, 0, b->n_units < 4 ? b->n_units : 2);
        /* A list's lead stays with its first item kept, as a heading does. */
        if (depth < 2 && bg_layout_is_lead(s, bi)) {
            h = units_height(b, 0, b->n_units);
            for (size_t j = bi + 1; j < s->n_blocks && s->blocks[j].src->depth > 0; j++) {
                if (!s->blocks[j].is_dropped && s->blocks[j].n_units > 0) {
                    double gap = fmax(b->space_after_pt, s->blocks[j].space_before_pt);
                    h += gap + first_chunk(s, j, depth + 1);
                    break;
                }
            }
        }
        return h;
    }
    }
}

static bg_status new_page_if_needed(pager *p, double need)
{
    if (!p->at_top && p->y + need > avail(p) + 1e-6) {
        return open_page(p);
    }
    return BG_OK;
}

static bg_status record_marks(pager *p, const lay_block *b)
{
    if (!p->o) {
        return BG_OK;
    }
    lay_out *o = p->o;
    double y = p->s->top_pt - p->y;
    if (b->src->kind == BG_DOC_HEADING) {
        bg_outline *q =
            bg_arena_room(p->s->c.a, o->outline, o->n_outline, &o->cap_outline, 64, sizeof(*q));
        if (!q) {
            return BG_ENOMEM;
        }
        o->outline = q;
        const bg_inline *t = &b->src->text;
        bg_str title = t->n_runs == 1 ? t->runs[0].text : (bg_str){NULL, 0};
        if (t->n_runs > 1) {
            size_t len = 0;
            for (size_t i = 0; i < t->n_runs; i++) {
                len += t->runs[i].text.len;
            }
            char *buf = bg_arena_alloc(p->s->c.a, len + 1);
            if (!buf) {
                return BG_ENOMEM;
            }
            size_t at = 0;
            for (size_t i = 0; i < t->n_runs; i++) {
                if (t->runs[i].text.len > 0) {
                    memcpy(buf + at, t->runs[i].text.ptr, t->runs[i].text.len);
                    at += t->runs[i].text.len;
                }
            }
            title = (bg_str){buf, at};
        }
        o->outline[o->n_outline++] = (bg_outline){title, (uint32_t)p->page, y, 0};
    }
    if (b->src->anchor > 0 && b->src->anchor < o->n_anchors) {
        o->anchors[b->src->anchor] = (bg_anchor){(uint32_t)p->page, y};
    }
    return BG_OK;
}

static bg_status item_too_tall(pager *p)
{
    bg_diag_error(p->s->c.d, NULL,
                  "item taller than page: a line or table row does not fit "
                  "in the text area");
    return BG_EINPUT;
}

/* A new page for the rest of block @b from unit @i; a table's header row repeats when it
 * fits with the next row. */
static bg_status start_continuation(pager *p, const lay_block *b, size_t i)
{
    bg_status st = open_page(p);
    if (st != BG_OK || !b->has_header_row || i <= 1) {
        return st;
    }
    if (b->units[0].height_pt + b->units[i].height_pt <= avail(p) + 1e-6) {
        st = place_unit(p, &b->units[0]);
    }
    return st;
}

static bg_status place_block(pager *p, size_t bi)
{
    lay_state *s = p->s;
    const lay_block *b = &s->blocks[bi];
    if (b->n_units == 0) {
        return BG_OK;
    }
    double gap = p->at_top ? 0.0 : fmax(p->prev_after, b->space_before_pt);
    bg_doc_kind kind = b->src->kind;
    double whole = units_height(b, 0, b->n_units);
    bg_status st = BG_OK;
    if (kind == BG_DOC_HEADING || kind == BG_DOC_TITLE || kind == BG_DOC_SUBTITLE) {
        st = new_page_if_needed(p, gap + first_chunk(s, bi, 0));
    } else if (kind == BG_DOC_ITEM && whole <= avail(p)) {
        st = new_page_if_needed(p, gap + whole); /* DESIGN: an item kept whole when it fits */
    } else {
        st = new_page_if_needed(p, gap + first_chunk(s, bi, 0));
    }
    if (st != BG_OK) {
        return st;
    }
    if (!p->at_top) {
        p->y += gap;
    }
    size_t i = 0;
    while (i < b->n_units) {
        /* How many units fit from i on this page? */
        double room = avail(p) - p->y;
        size_t k = 0;
        double h = 0.0;
        while (i + k < b->n_units && h + b->units[i + k].height_pt <= room + 1e-6) {
            h += b->units[i + k].height_pt;
            k++;
        }
        size_t left = b->n_units - i;
        if (k < left && kind != BG_DOC_TABLE) {
            /* DESIGN: no widow or orphan: at least 2 lines each side of a page break. */
            size_t kk = left >= 2 && left - 2 < k ? left - 2 : k;
            if (left >= 4 && kk >= 2) {
                k = kk;
            } else if (!p->at_top) {
                k = 0;
            } else if (k >= 2 && left - k == 1) {
                k--;
            }
        }
        if (kind == BG_DOC_TABLE && i == 0 && b->has_header_row && k == 1 && !p->at_top) {
            k = 0; /* a header row alone at a page foot: move the table */
        }
        if (k == 0) {
            if (p->at_top) {
                return item_too_tall(p);
            }
            st = start_continuation(p, b, i);
            if (st != BG_OK) {
                return st;
            }
            continue;
        }
        if (i == 0) {
            st = record_marks(p, b);
            if (st != BG_OK) {
                return st;
            }
        }
        for (size_t j = 0; j < k; j++) {
            st = place_unit(p, &b->units[i + j]);
            if (st != BG_OK) {
                return st;
            }
        }
        i += k;
        if (i < b->n_units) {
            st = start_continuation(p, b, i);
            if (st != BG_OK) {
                return st;
            }
        }
    }
    p->prev_after = b->space_after_pt;
    return BG_OK;
}

bg_status bg_layout_paginate(lay_state *s, lay_out *o, size_t *n_pages)
{
    size_t stop = s->doc->max_pages > 0 ? (size_t)s->doc->max_pages : BG_MAX_PAGES;
    pager p = {s, o, (size_t)-1, 0.0, true, 0.0, stop, false};
    bg_status st = open_page(&p);
    for (size_t i = 0; i < s->n_blocks && st == BG_OK; i++) {
        if (!s->blocks[i].is_dropped) {
            st = place_block(&p, i);
        }
    }
    if (p.is_over) {
        *n_pages = stop + 1;
        return BG_OK;
    }
    if (st == BG_OK) {
        *n_pages = p.page + 1;
    }
    return st;
}

/* --- Furniture --- */

/* Bytes of @t holding at most @*left code points; takes them from @*left. */
static size_t cut_code_points(bg_str t, size_t *left)
{
    size_t i = 0;
    while (i<t.len && * left> 0) {
        i++;
        while (i < t.len && ((unsigned char)t.ptr[i] & 0xC0U) == 0x80U) {
            i++;
        }
        (*left)--;
    }
    return i;
}

/* @in cut to the characters a running line of @width at @size can show: a 10,000-character
 * title in the header is broken into lines on every page otherwise, only to keep one. */
static bg_status bound_running(lay_state *s, const bg_inline *in, double width, double size,
                               bg_inline *out)
{
    *out = *in;
    if (!(size > 0.0) || !(width > 0.0)) {
        return BG_OK;
    }
    size_t left = (size_t)(width / (size * LAY_RUNNING_MIN_ADVANCE_EM)) + 1;
    size_t n = 0;
    size_t total = 0;
    while (n < in->n_runs && total <= left) {
        total += in->runs[n].text.len; /* bytes ≥ code points: a cheap upper bound */
        n++;
    }
    if (total <= left) {
        return BG_OK;
    }
    bg_run *runs = bg_arena_alloc(s->c.a, n * sizeof(*runs));
    if (!runs) {
        return BG_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        runs[i] = in->runs[i];
        runs[i].text.len = cut_code_points(runs[i].text, &left);
    }
    out->runs = runs;
    out->n_runs = n;
    return BG_OK;
}

static bg_status set_furniture(lay_state *s, const bg_inline *in, uint8_t role, lay_unit *u)
{
    memset(u, 0, sizeof(*u));
    if (in->n_runs == 0) {
        return BG_OK;
    }
    const bg_style *st = &s->doc->styles[role];
    bg_status rc = bg_font_use(s->c.fs, st->face, s->c.d);
    if (rc != BG_OK) {
        return rc;
    }
    double width = s->right_pt - s->left_pt;
    bg_align align = role == BG_STYLE_BANNER ? BG_ALIGN_CENTER : st->align;
    if (align == BG_ALIGN_JUSTIFY) {
        align = BG_ALIGN_LEFT;
    }
    lay_par par = {width, 0.0, 0.0, width, align, false, role};
    bg_inline bounded;
    rc = bound_running(s, in, width, st->size_pt, &bounded);
    if (rc != BG_OK) {
        return rc;
    }
    lay_lines *ls = &s->scratch;
    ls->n_frags = ls->n_lines = 0;
    rc = bg_layout_lines(&s->c, &bounded, &par, ls);
    if (rc != BG_OK) {
        return rc;
    }
    /* A running line is one line: text past the first line (a 10k-character title in
     * the header) is cut rather than eating the page. */
    if (ls->n_lines > 1) {
        ls->n_lines = 1;
    }
    u->height_pt = (double)ls->n_lines * st->leading_pt;
    double dy = bg_layout_baseline(s, st, st->leading_pt);
    size_t cap = 0;
    for (size_t i = 0; i < ls->n_lines; i++) {
        for (size_t f = 0; f < ls->lines[i].n; f++) {
            lay_frag *q = bg_arena_room(s->c.a, u->frags, u->n_frags, &cap, 64, sizeof(*q));
            if (!q) {
                return BG_ENOMEM;
            }
            u->frags = q;
            lay_frag fr = ls->frags[ls->lines[i].first + f];
            fr.dy_pt = dy + (double)i * st->leading_pt;
            u->frags[u->n_frags++] = fr;
        }
    }
    if (st->has_background && u->height_pt > 0) {
        u->rects = bg_arena_alloc(s->c.a, sizeof(lay_rect));
        if (!u->rects) {
            return BG_ENOMEM;
        }
        u->rects[0] = (lay_rect){0.0, 0.0, width, u->height_pt, st->background, 0.0, BG_SHAPE_BOX};
        u->n_rects = 1;
    }
    return BG_OK;
}

/* Heights of the top and bottom furniture, measured with wide page numbers. */
static bool has_page_runs(const bg_inline *in)
{
    for (size_t i = 0; i < in->n_runs; i++) {
        if (in->runs[i].kind == BG_RUN_PAGE || in->runs[i].kind == BG_RUN_PAGES) {
            return true;
        }
    }
    return false;
}

enum { FURN_BANNER, FURN_HEADER, FURN_FOOTER, FURN_COUNT };

/* Lay out the banner, header and footer into @u (for the page numbered s->c.page_text):
 * all of them when @is_all, else only those that print a page number; the others keep
 * the lines they were given on the first page. */
static bg_status set_page_furniture(lay_state *s, bool is_all, lay_unit u[FURN_COUNT])
{
    static const uint8_t roles[FURN_COUNT] = {BG_STYLE_BANNER, BG_STYLE_HEADER, BG_STYLE_FOOTER};
    const bg_inline *ins[FURN_COUNT] = {&s->doc->banner, &s->doc->header, &s->doc->footer};
    for (size_t i = 0; i < FURN_COUNT; i++) {
        if (is_all || has_page_runs(ins[i])) {
            bg_status st = set_furniture(s, ins[i], roles[i], &u[i]);
            if (st != BG_OK) {
                return st;
            }
        }
    }
    return BG_OK;
}

bg_status bg_layout_measure_furniture(lay_state *s)
{
    s->c.page_text = BG_STR_LIT("888");
    s->c.pages_text = BG_STR_LIT("888");
    lay_unit u[FURN_COUNT];
    bg_status st = set_page_furniture(s, true, u);
    if (st != BG_OK) {
        return st;
    }
    const lay_unit banner = u[FURN_BANNER];
    const lay_unit header = u[FURN_HEADER];
    const lay_unit footer = u[FURN_FOOTER];
    double gap = LAY_FURNITURE_GAP_PT / 2.0;
    s->top_furn_h = banner.height_pt + header.height_pt +
                    (banner.height_pt > 0 && header.height_pt > 0 ? gap : 0.0);
    s->bottom_furn_h = banner.height_pt + footer.height_pt +
                       (banner.height_pt > 0 && footer.height_pt > 0 ? gap : 0.0);
    const bg_page_spec *ps = s->doc->page;
    double top_room = ps->margin_top_pt - LAY_FURNITURE_GAP_PT - LAY_EDGE_MIN_PT;
    s->top_pt = ps->height_pt - ps->margin_top_pt;
    if (s->top_furn_h > 0 && s->top_furn_h > top_room) {
        s->top_pt -= s->top_furn_h - top_room;
    }
    double bottom_room = ps->margin_bottom_pt - LAY_FURNITURE_GAP_PT - LAY_EDGE_MIN_PT;
    s->bottom_pt = ps->margin_bottom_pt;
    if (s->bottom_furn_h > 0 && s->bottom_furn_h > bottom_room) {
        s->bottom_pt += s->bottom_furn_h - bottom_room;
    }
    return BG_OK;
}

bg_status bg_layout_place_furniture(lay_state *s, lay_out *o)
{
    char *pages = bg_arena_printf(s->c.a, "%zu", o->n_pages);
    if (!pages) {
        return BG_ENOMEM;
    }
    s->c.pages_text = bg_str_from(pages);
    double gap = LAY_FURNITURE_GAP_PT / 2.0;
    bool is_titled = bg_layout_has_title(s->doc);
    lay_unit u[FURN_COUNT];
    for (size_t pg = 0; pg < o->n_pages; pg++) {
        char *num = bg_arena_printf(s->c.a, "%zu", pg + 1);
        if (!num) {
            return BG_ENOMEM;
        }
        s->c.page_text = bg_str_from(num);
        bg_status st = set_page_furniture(s, pg == 0, u);
        if (st != BG_OK) {
            return st;
        }
        const lay_unit *banner = &u[FURN_BANNER];
        const lay_unit *header = &u[FURN_HEADER];
        const lay_unit *footer = &u[FURN_FOOTER];
        /* Top: banner, then header, ending a gap above the text area. */
        double top = s->top_pt + LAY_FURNITURE_GAP_PT + s->top_furn_h;
        if (banner->height_pt > 0) {
            st = place_at(s, o, pg, banner, top);
            top -= banner->height_pt + gap;
        }
        /* A running header repeats the title for later pages: the first page prints the
         * title itself right below, so it gets none (as a typesetter would set it). */
        if (st == BG_OK && header->height_pt > 0 && !(pg == 0 && is_titled)) {
            st = place_at(s, o, pg, header, top);
        }
        /* Bottom: footer, then banner, starting a gap below the text area. */
        double bot = s->bottom_pt - LAY_FURNITURE_GAP_PT;
        if (st == BG_OK && footer->height_pt > 0) {
            st = place_at(s, o, pg, footer, bot);
            bot -= footer->height_pt + gap;
        }
        if (st == BG_OK && banner->height_pt > 0) {
            st = place_at(s, o, pg, banner, bot);
        }
        if (st != BG_OK) {
            return st;
        }
    }
    return BG_OK;
}
