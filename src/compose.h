/* Stage 4, compose: (bg_template, bg_point_list) → bg_doc. Selects and orders points per
 * section, builds timeline, table, sources and banner blocks, numbers the references and
 * attaches citations. Produces styled text only: no measuring, no pages. */
#ifndef BG_COMPOSE_H
#define BG_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "extract.h"
#include "image.h"
#include "str.h"
#include "style.h"
#include "template.h"

typedef enum {
    BG_RUN_TEXT, /* text (whitespace inside is a word space) */
    BG_RUN_CITE, /* a citation marker "[3]": links to reference @ref */
    BG_RUN_PAGE, /* furniture only: the current page number */
    BG_RUN_PAGES /* furniture only: the page count */
} bg_run_kind;

typedef struct {
    bg_run_kind kind;
    bg_str text;               /* TEXT/CITE: UTF-8 */
    uint8_t style;             /* bg_style_role */
    uint32_t ref;              /* CITE: 1-based reference number */
    const bg_sentence *origin; /* the source sentence (for fallback-font errors), or NULL */
} bg_run;

typedef struct {
    bg_run *runs;
    size_t n_runs;
} bg_inline;

typedef enum {
    BG_DOC_TITLE,
    BG_DOC_SUBTITLE,
    BG_DOC_HEADING, /* starts a section: gets an outline entry; kept with what follows */
    BG_DOC_PARA,    /* a paragraph in its style */
    BG_DOC_ITEM,    /* label (bullet, date, [n]) + hanging-indent text */
    BG_DOC_TABLE    /* rows × cols of inline cells; row 0 is the header */
} bg_doc_kind;

#define BG_SCORE_KEEP 1e300 /* a block that max_pages or max_words may never drop */

typedef struct {
    bg_doc_kind kind;
    uint8_t style;    /* bg_style_role of the text */
    bg_inline text;   /* TITLE/SUBTITLE/HEADING/PARA/ITEM */
    bg_inline label;  /* ITEM: "•", "Jul 2023", "[3]" (in BG_STYLE_LABEL or the item style) */
    uint32_t section; /* index of the section it belongs to */
    double score;     /* max_pages/max_words drop the lowest first; KEEP = never */
    uint32_t anchor;  /* ITEM in the reference list: its reference number; else 0 */
    size_t n_rows, n_cols; /* TABLE */
    bg_inline *cells;      /* TABLE: n_rows * n_cols, row-major */
    double *col_weight;    /* TABLE: relative column widths, n_cols */
    bool is_on_rule;       /* ITEM: a timeline entry of a `style: figure` timeline: its date
                              label and text sit either side of a drawn vertical rule */
    bg_inline brief;       /* ITEM: its point's short variant (extract_compress.c, shorten rules),
                              which fitting may print instead (template `shorten: M`);
                              no runs: none */
    uint8_t depth;         /* ITEM: 0, or 1 = nested under the depth-0 ITEM before it (a list
                              item under its list's lead, compose.c emit_points); the block
                              a depth-1 block follows is a lead, which fitting drops only
                              with the last of its items */
} bg_doc_block;

typedef struct {
    uint32_t number; /* 1-based, as cited */
    bg_inline text;  /* "Title. Publisher, date. file.txt, lines 9, 13. URL" */
} bg_ref;

typedef struct {
    bg_docinfo info;
    const bg_page_spec *page; /* borrowed from the template */
    const bg_style *styles;   /* [BG_STYLE_COUNT], borrowed from the template */
    bg_inline banner;         /* empty = none */
    bg_inline header;         /* may contain PAGE/PAGES runs */
    bg_inline footer;
    int max_pages;         /* 0 = no budget */
    size_t max_words;      /* words of the whole briefing (pdftotext's count:
                              furniture on every page too); 0 = no budget */
    int max_words_pct;     /* the template gave max_words as this percent of
                              source_words (for messages); 0 = as a count */
    size_t source_words;   /* words of all the sources (as `wc -w` counts) */
    const bg_image *logo;  /* decoded by the pipeline; borrowed; NULL = none */
    double shorten_margin; /* a block is printed short (bg_doc_block.brief) before blocks
                              scoring up to this much less are dropped */
    bg_doc_block *blocks;
    size_t n_blocks;
    bg_ref *refs;
    size_t n_refs;
} bg_doc;

/* Compose the document of template @t from the points @pts, at time @now (seconds). A
 * category named in the template but unknown to the rules is an error at the section's
 * loc. Allocated in @a; *out written only on BG_OK. */
bg_status bg_compose_run(const bg_template *t, const bg_point_list *pts, int64_t now, bg_arena *a,
                         bg_diag *d, bg_doc *out);

#endif
