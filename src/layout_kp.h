/* The Knuth–Plass item list of line breaking (boxes, glue, penalties), shared by
 * layout_item.c (inline runs → items), layout_kp.c (items → the best breaks) and
 * layout_line.c (the passes; breaks → placed fragments). Private to the layout stage: only
 * those three include this header. */
#ifndef BG_LAYOUT_KP_H
#define BG_LAYOUT_KP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layout_int.h"

enum { IT_BOX, IT_GLUE, IT_PEN };

#define KP_INF_PENALTY 10000.0
#define KP_FIL 1e7            /* stretch of the paragraph's finishing glue */
#define KP_MAX_BOX_BYTES 512u /* a box never exceeds this; well under BG_MAX_TEXTOUT_BYTES */

/* A box (text, width w), glue (a space: width w, stretch st, shrink sh) or a penalty (a
 * possible break costing penalty; w is the hyphen's width when it is taken). */
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

/* A feasible break: one node of the graph a pass searches. */
typedef struct {
    size_t pos;  /* index of the break item (or 0 for the start) */
    size_t line; /* lines set before this break */
    int fitness;
    double tw, ty, tz; /* totals after the break */
    double demerits;
    size_t prev; /* index into nodes; SIZE_MAX = none */
} kp_node;

/* One paragraph's breaking state (lay_ctx.kp), allocated in the arena and reused. */
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

/* layout_item.c: reset @k's items and fill them from @in as @par says: a box per word
 * piece, glue per space, penalties at hyphenation points and UAX #14 opportunities, and in
 * the @emergency pass a break at any character of a word too wide for the line. A
 * character no face covers is reported at the run's origin; BG_EINPUT. */
bg_status bg_layout_build_items(lay_ctx *c, kp_state *k, const bg_inline *in, const lay_par *par,
                                bool emergency);

/* layout_kp.c: one pass of total-fit breaking over @k's items (whose prefix sums sw/sy/sz
 * are set) with tolerance @tol (max stretch ratio; (double)INFINITY = emergency), taking
 * flagged (hyphen) penalties when @use_flagged. *@best_out is the best final node, or
 * SIZE_MAX when no feasible set of breaks exists. BG_ENOMEM only. */
bg_status bg_layout_kp_pass(lay_ctx *c, kp_state *k, const lay_par *par, double tol,
                            bool use_flagged, size_t *best_out);
/* layout_kp.c: the length of line @line (0-based) of a paragraph set as @par says, pt. */
double bg_layout_kp_line_length(const lay_par *par, size_t line);

#endif
