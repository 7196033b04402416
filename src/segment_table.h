/* Stage 2, segment: a table set in text with vertical bars, as web pages come out of a
 * text converter ("Operation | Location | Budget (USD million)", "| Total | 1,300 |"). Its
 * rows are read under its header, each row one sentence in the header's words. Pure
 * functions over slices; the rendering is allocated in the caller's arena. */
#ifndef BG_SEGMENT_TABLE_H
#define BG_SEGMENT_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "segment.h"
#include "str.h"

/* The most cells a row may have to be read as a table's row. */
#define BG_SEGMENT_TABLE_MAX_CELLS 8u

/* The cells of @line, a row between vertical bars ("a | b | c", "| a | b |"; "a | b |"
 * ends on an empty cell), trimmed,
 * into @cells[0..BG_SEGMENT_TABLE_MAX_CELLS); their count, or 0 when the line has no bar or more
 * than BG_SEGMENT_TABLE_MAX_CELLS cells. */
size_t bg_segment_table_cells(bg_str line, bg_str *cells);

/* Is @line a header's underline, bars, dashes and colons only ("|---|:--:|")? */
bool bg_segment_table_is_rule(bg_str line);

/* Does a cell of @row after its first hold a digit (the figures a table is set for)? */
bool bg_segment_table_has_figure(const bg_str *row, size_t n);

/* A table's row read under its header. */
typedef struct {
    bg_str text;     /* in the arena */
    bg_span *labels; /* the headers' bytes in text, in the arena */
    uint32_t n_labels;
} bg_segment_table_row;

/* Row @row under header @head (both @n cells) as one sentence: the row's first cell, then
 * each other non-empty cell after its column's header, "UNMISS – Location: South Sudan;
 * Budget (USD million): 1,231." (a cell under an empty header stands alone). False when
 * out of memory. */
bool bg_segment_table_render(const bg_str *head, const bg_str *row, size_t n, bg_arena *a,
                             bg_segment_table_row *out);

#endif
