/* Presentation types shared by the template, compose, layout and pdf stages: colours,
 * the fixed set of style roles, page geometry, font faces and document info. Plain data,
 * header only. */
#ifndef BG_STYLE_H
#define BG_STYLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "str.h"

typedef struct {
    float r, g, b; /* 0..1 */
} bg_rgb;

typedef enum { BG_ALIGN_LEFT, BG_ALIGN_JUSTIFY, BG_ALIGN_CENTER, BG_ALIGN_RIGHT } bg_align;

/* Every style a template can set; names as written in YAML are in bg_style_names. */
typedef enum {
    BG_STYLE_TITLE,    /* "title": the briefing's title */
    BG_STYLE_SUBTITLE, /* "subtitle": the line under the title (audience, date) */
    BG_STYLE_HEADING,  /* "heading": section headings */
    BG_STYLE_BODY,     /* "body": static text paragraphs */
    BG_STYLE_POINT,    /* "point": key points (bulleted, hanging indent) */
    BG_STYLE_LABEL,    /* "label": bold lead-ins, timeline dates, table header */
    BG_STYLE_TABLE,    /* "table": table cells */
    BG_STYLE_CITE,     /* "cite": citation numbers [1] */
    BG_STYLE_REF,      /* "ref": the reference list */
    BG_STYLE_BANNER,   /* "banner": classification banner (colour + background) */
    BG_STYLE_HEADER,   /* "header": running header */
    BG_STYLE_FOOTER,   /* "footer": running footer with "Page N of M" */
    BG_STYLE_COUNT
} bg_style_role;

typedef struct {
    uint16_t face; /* index into bg_page_spec.faces */
    double size_pt;
    double leading_pt; /* baseline to baseline */
    double space_before_pt;
    double space_after_pt;
    double indent_pt; /* hanging indent for items, first-line indent for paragraphs */
    bg_rgb color;
    bg_rgb background; /* used when has_background */
    bool has_background;
    bg_align align;
} bg_style;

typedef struct {
    const char *name; /* as named in the template, e.g. "serif" */
    const char *path; /* resolved file under fonts/, NUL-terminated */
} bg_face;

typedef struct {
    double width_pt, height_pt;
    double margin_top_pt, margin_right_pt, margin_bottom_pt, margin_left_pt;
    bg_face *faces; /* every face the template names */
    size_t n_faces;
    uint16_t *fallback; /* indices into faces: the per-glyph fallback chain, in order */
    size_t n_fallback;
} bg_page_spec;

/* Document information dictionary. */
typedef struct {
    bg_str title, author, subject, keywords, creator, language; /* language: "en-GB" */
    int64_t created; /* seconds since the epoch (SOURCE_DATE_EPOCH when set) */
} bg_docinfo;

#endif
