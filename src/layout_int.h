/* Layout internals shared by layout.c (blocks → units), layout_line.c with layout_item.c and
 * layout_kp.c (inline text → lines, Knuth–Plass; their item list is in layout_kp.h),
 * layout_page.c (units → pages, furniture) and layout_fit.c (max_pages, max_words).
 * Private to the layout stage: no other module includes this header. */
#ifndef BG_LAYOUT_INT_H
#define BG_LAYOUT_INT_H

#include "layout.h"

/* A piece of text placed on a line, relative to the block's left edge. */
typedef struct {
    double x_pt;  /* from the block's left edge */
    double dy_pt; /* baseline below the top of its unit (set by layout.c) */
    double w_pt;  /* advance width */
    bg_str text;
    uint16_t face;
    double size_pt;
    bg_rgb color;
    uint32_t link; /* CITE: reference number; 0 = none */
} lay_frag;

typedef struct {
    size_t first; /* index of its first fragment in lay_lines.frags */
    size_t n;
    double width_pt; /* from the line's start to its last fragment's right edge */
} lay_line;

typedef struct {
    lay_frag *frags;
    size_t n_frags, cap_frags;
    lay_line *lines;
    size_t n_lines, cap_lines;
} lay_lines;

typedef struct {
    double measure_pt; /* the line length of lines after the first */
    double first_x_pt; /* x of the first line's start (first-line or label indent) */
    double rest_x_pt;  /* x of the other lines' start */
    double right_pt;   /* the right edge of every line (first_x/rest_x .. right) */
    bg_align align;
    bool hyphenate;
    uint8_t style; /* default role for spaces */
} lay_par;

typedef struct {
    bg_fontset *fs;
    const bg_hyph *hyph;
    bg_arena *a;
    bg_diag *d;
    const bg_doc *doc;
    bg_str page_text; /* what PAGE/PAGES runs print (furniture) */
    bg_str pages_text;
    void *kp; /* line breaking's kp_state (layout_kp.h), reused across paragraphs */
} lay_ctx;

typedef struct {
    double x_pt, dy_pt, w_pt, h_pt; /* dy: top edge below the unit's top */
    bg_rgb color;
    double stroke_pt;
    bg_shape shape;
} lay_rect;

typedef struct {
    lay_frag *frags;
    size_t n_frags;
    lay_rect *rects;
    size_t n_rects;
    double height_pt;
} lay_unit;

typedef struct {
    const bg_doc_block *src;
    lay_unit *units; /* as printed: full_units, or brief_units when is_brief */
    size_t n_units;
    bool has_header_row; /* TABLE: units[0] repeats on continuation pages */
    double space_before_pt, space_after_pt;
    bool is_dropped;
    lay_unit *full_units; /* the block's text */
    size_t n_full_units;
    lay_unit *brief_units; /* src->brief set (fit may print it); NULL: none */
    size_t n_brief_units;
    bool is_brief; /* fit: printed as its short variant */
} lay_block;

typedef struct {
    bg_page *pages;
    size_t n_pages, cap_pages;
    size_t *cap_texts, *cap_rects, *cap_links; /* parallel to pages */
    size_t cap_par;
    bg_outline *outline;
    size_t n_outline, cap_outline;
    bg_anchor *anchors;
    size_t n_anchors;
} lay_out;

typedef struct {
    lay_ctx c;
    const bg_doc *doc;
    lay_block *blocks;
    size_t n_blocks;
    double left_pt, right_pt; /* the text area */
    double top_pt, bottom_pt; /* the text area, from the bottom of the page */
    double top_furn_h, bottom_furn_h;
    double logo_w_pt, logo_h_pt; /* the logo's printed size (0 = none) */
    lay_lines scratch;
    uint32_t fig_col_section; /* 1 + the section whose figure label column is fig_col_pt */
    double fig_col_pt;
    lay_lines scratch2;
    bool has_measured;  /* fit: the first measure (nothing dropped) is recorded */
    bool is_over_pages; /* fit: nothing dropped, the document missed max_pages */
    bool is_over_words; /* fit: nothing dropped, it missed max_words (and could meet it) */
} lay_state;

/* layout.c: the baseline of a line of @st in a unit @height_pt tall, below its top. */
double bg_layout_baseline(const lay_state *s, const bg_style *st, double height_pt);

/* layout.c: copy line @line of @ls into a new fragment array in the arena, moved right by
 * @dx, with baseline @dy below its unit's top. */
bg_status bg_layout_copy_line(lay_state *s, const lay_lines *ls, size_t line, double dx, double dy,
                              lay_frag **dst, size_t *n_dst);

/* layout_figure.c: set block @bi, a timeline entry of a `style: figure` timeline: its date
 * label right-aligned in a column shared by the section's entries, a vertical rule with a
 * dot at the entry's first line, and the text beside the rule. Sets the block's units and
 * joins the entries' spacing into the rule. */
bg_status bg_layout_set_rule_entry(lay_state *s, size_t bi);

/* layout_page.c: furniture heights → the text area (top_pt/bottom_pt). */
bg_status bg_layout_measure_furniture(lay_state *s);
/* layout_fit.c: print the short variants of the fewest lowest-scoring blocks, then drop
 * the fewest lowest-scoring blocks, so the document fits max_pages and max_words (sets
 * is_brief and is_dropped); *n_dropped counts the dropped droppable blocks. */
bg_status bg_layout_fit(lay_state *s, size_t *n_dropped);
/* layout_fit.c: is block @i a lead, the ITEM a nested one (depth 1) follows? Fitting
 * never drops it on its own, only with the last of its items; pages keep it with them. */
bool bg_layout_is_lead(const lay_state *s, size_t i);
/* layout_page.c: break pages and place every block (o != NULL) or only count pages. */
bg_status bg_layout_paginate(lay_state *s, lay_out *o, size_t *n_pages);
/* layout_page.c: banner, header and footer on every page, "Page N of M" resolved. */
bg_status bg_layout_place_furniture(lay_state *s, lay_out *o);
/* layout_page.c: does the document print a title (on its first page)? */
bool bg_layout_has_title(const bg_doc *doc);

/* Break @in into lines as @par says, appending fragments and lines to @out (reset by the
 * caller). A character no face covers is reported at the run's origin; BG_EINPUT. */
bg_status bg_layout_lines(lay_ctx *c, const bg_inline *in, const lay_par *par, lay_lines *out);

#endif
