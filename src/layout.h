/* Stage 5, layout: (bg_doc, bg_fontset) → bg_pages. Splits text by font coverage,
 * breaks paragraphs into justified lines (hyphenated), breaks pages (headings kept with
 * what follows, no widows or orphans), fits max_pages and max_words by dropping the
 * lowest-scoring blocks, and places page furniture. Positions are final; pdf.c only draws them. */
#ifndef BG_LAYOUT_H
#define BG_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "compose.h"
#include "diag.h"
#include "font.h"
#include "hyph.h"
#include "str.h"
#include "style.h"

typedef struct {
    double x_pt, y_pt; /* baseline start, from the page's bottom-left corner */
    uint16_t face;
    double size_pt;
    bg_rgb color;
    bg_str text; /* UTF-8, every character covered by @face, <= BG_MAX_TEXTOUT_BYTES */
} bg_text;

typedef enum {
    BG_SHAPE_BOX = 0, /* a rectangle: filled, stroked, or a rule when w or h is 0 */
    BG_SHAPE_DOT      /* a filled circle inscribed in the rectangle (timeline marks) */
} bg_shape;

typedef struct {
    double x_pt, y_pt, w_pt, h_pt; /* from the bottom-left corner */
    bg_rgb color;
    double stroke_pt; /* BOX: 0 = filled; else a stroked outline or line of this width */
    bg_shape shape;
} bg_rect;

typedef struct {
    double x_pt, y_pt, w_pt, h_pt; /* the clickable area */
    uint32_t anchor;               /* internal link: index into bg_pages.anchors */
    bg_str uri;                    /* external link when len > 0 */
} bg_link;

typedef struct {
    bg_text *texts;
    size_t n_texts;
    bg_rect *rects;
    size_t n_rects;
    bg_link *links;
    size_t n_links;
} bg_page;

typedef struct {
    uint32_t page; /* 0-based */
    double y_pt;   /* top of the target, from the bottom */
} bg_anchor;

typedef struct {
    bg_str title;
    uint32_t page; /* 0-based */
    double y_pt;
    uint32_t level; /* 0 = top */
} bg_outline;

typedef struct {
    const bg_image *image;         /* borrowed from the document; NULL = no logo */
    uint32_t page;                 /* 0-based */
    double x_pt, y_pt, w_pt, h_pt; /* from the bottom-left corner */
} bg_logo;

typedef struct {
    double width_pt, height_pt;
    bg_logo logo; /* top right of the first page, beside the title */
    bg_page *pages;
    size_t n_pages;
    bg_outline *outline;
    size_t n_outline;
    bg_anchor *anchors; /* [ref number] → position of that reference; [0] unused */
    size_t n_anchors;
    bg_docinfo info;
    const bg_doc_block **dropped; /* the points dropped to fit max_pages or max_words, in
                                     document order */
    size_t n_dropped;
    const bg_doc_block **shortened; /* the points printed as their short variant (brief) to
                                       fit, in document order */
    size_t n_shortened;
    bool is_over_pages; /* before dropping, the document missed max_pages */
    bool is_over_words; /* before dropping, it missed max_words (a budget within reach) */
} bg_pages;

/* Lay out @doc. A character no face covers is an error naming the source file:line (or
 * the template) and BG_EINPUT; content that cannot fit max_pages even after dropping every
 * droppable block is BG_EINPUT (a max_words out of reach is a warning, and no block is
 * dropped for it). Allocated in @a; *out written only on BG_OK. */
bg_status bg_layout_run(const bg_doc *doc, bg_fontset *fs, const bg_hyph *hyph, bg_arena *a,
                        bg_diag *d, bg_pages *out);

#endif
