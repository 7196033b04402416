/* Stage 2, segment: bg_source_set → bg_sentence_list. Finds blocks (headings, bullet
 * lines, paragraphs), drops repeated boilerplate lines, and splits paragraphs into
 * sentences that survive abbreviations and initials. Sentences are slices of the source
 * text (a table's rows are read under its header); every one keeps its source, line and
 * column. Does no pattern matching on meaning. */
#ifndef BG_SEGMENT_H
#define BG_SEGMENT_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "source.h"
#include "str.h"

typedef enum {
    BG_KIND_HEADING, /* a short line without final punctuation, standing alone */
    BG_KIND_BULLET,  /* from a line starting with •, -, * (marker stripped) */
    BG_KIND_PARA     /* from an ordinary paragraph */
} bg_block_kind;

/* Bytes [start, end) of a sentence's text. */
typedef struct {
    uint32_t start, end;
} bg_span;

typedef struct {
    bg_str text;           /* slice of the source text, trimmed; may contain newlines; a table
                              row (segment_table.h): its cells under their headers, in the arena */
    const bg_span *labels; /* a table row: its columns' headers in text, which name the
                              row's cells and are none of its facts (extract's fact rules
                              read them; the copies extract makes carry none); NULL: none */
    uint32_t n_labels;
    uint32_t source; /* index into the bg_source_set */
    bg_loc loc;      /* position of the first character */
    bg_block_kind kind;
    uint32_t para;    /* block number within the source, 0-based */
    uint32_t index;   /* sentence number within its block, 0-based */
    uint32_t heading; /* index+1 in the list of the nearest heading above, 0 = none */
} bg_sentence;

typedef struct {
    bg_sentence *items;
    size_t n;
    const bg_source_set *sources; /* borrowed: the input */
} bg_sentence_list;

/* Segment every source. Allocated in @a; *out is written only on BG_OK. */
bg_status bg_segment_run(const bg_source_set *in, bg_arena *a, bg_diag *d, bg_sentence_list *out);

#endif
