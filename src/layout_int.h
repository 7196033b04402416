/* Layout internals shared by layout.c (blocks, pages, fitting) and layout_line.c
 * (inline text → lines, Knuth–Plass). Private to the layout stage: no other module
 * includes this header. */
#ifndef BG_LAYOUT_INT_H
#define BG_LAYOUT_INT_H

#include "layout.h"

/* A piece of text placed on a line, relative to the block's left edge. */
typedef struct {
    double x_pt;        /* from the block's left edge */
    double dy_pt;       /* baseline below the top of its unit (set by layout.c) */
    double w_pt;        /* advance width */
    bg_str text;
    uint16_t face;
    double size_pt;
    bg_rgb color;
    uint32_t link;      /* CITE: reference number; 0 = none */
} lay_frag;

typedef struct {
    size_t first;       /* index of its first fragment in lay_lines.frags */
    size_t n;
    double width_pt;    /* from the line's start to its last fragment's right edge */
} lay_line;

typedef struct {
    lay_frag *frags;
    size_t n_frags, cap_frags;
    lay_line *lines;
    size_t n_lines, cap_lines;
} lay_lines;

typedef struct {
    double measure_pt;  /* the line length of lines after the first */
    double first_x_pt;  /* x of the first line's start (first-line or label indent) */
    double rest_x_pt;   /* x of the other lines' start */
    double right_pt;    /* the right edge of every line (first_x/rest_x .. right) */
    bg_align align;
    bool hyphenate;
    uint8_t style;      /* default role for spaces */
} lay_par;

typedef struct {
    bg_fontset *fs;
    const bg_hyph *hyph;
    bg_arena *a;
    bg_diag *d;
    const bg_doc *doc;
    bg_str page_text;   /* what PAGE/PAGES runs print (furniture) */
    bg_str pages_text;
    void *kp;           /* layout_line.c scratch, reused across paragraphs */
} lay_ctx;

/* Break @in into lines as @par says, appending fragments and lines to @out (reset by the
 * caller). A character no face covers is reported at the run's origin; BG_EINPUT. */
bg_status bg_layout_lines(lay_ctx *c, const bg_inline *in, const lay_par *par, lay_lines *out);

/* Grow a vector of @size-byte elements in the arena so one more fits. */
bool bg_layout_reserve(bg_arena *a, void **items, size_t n, size_t *cap, size_t size);

#endif
