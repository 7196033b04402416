/* Stage 2, segment: the rows of a table set with vertical bars, read under its header
 * (segment_table.h). No I/O. */
#include "segment_table.h"

#include <stdint.h>
#include <string.h>

#include "segment_int.h"

static bg_str trim(const char *p, const char *end)
{
    while (p < end && bg_segment_is_space(*p)) {
        p++;
    }
    while (end > p && bg_segment_is_space(end[-1])) {
        end--;
    }
    return (bg_str){p, (size_t)(end - p)};
}

size_t bg_segment_table_cells(bg_str line, bg_str *cells)
{
    bg_str s = trim(line.ptr, line.ptr + line.len);
    const char *p = s.ptr;
    const char *end = s.ptr + s.len;
    if (!memchr(p, '|', s.len)) {
        return 0;
    }
    /* A bar in front frames the row ("| a | b |", "| a | b"), and so does one at the end
     * after it; at the end alone, a bar opens an empty last cell ("a | b |"). */
    if (*p == '|') {
        p++;
        if (end > p && end[-1] == '|') {
            end--;
        }
    }
    size_t n = 0;
    for (;;) {
        const char *bar = memchr(p, '|', (size_t)(end - p));
        const char *stop = bar ? bar : end;
        if (n == BG_SEGMENT_TABLE_MAX_CELLS) {
            return 0;
        }
        cells[n++] = trim(p, stop);
        if (!bar) {
            return n;
        }
        p = bar + 1;
    }
}

bool bg_segment_table_is_rule(bg_str line)
{
    bool has_dash = false;
    for (size_t i = 0; i < line.len; i++) {
        char c = line.ptr[i];
        if (c == '-') {
            has_dash = true;
        } else if (c != '|' && c != ':' && !bg_segment_is_space(c)) {
            return false;
        }
    }
    return has_dash;
}

bool bg_segment_table_has_figure(const bg_str *row, size_t n)
{
    for (size_t k = 1; k < n; k++) {
        for (size_t i = 0; i < row[k].len; i++) {
            if (row[k].ptr[i] >= '0' && row[k].ptr[i] <= '9') {
                return true;
            }
        }
    }
    return false;
}

/* Append @s at @out + *at (when @out) and count its bytes. */
static void put(char *out, size_t *at, bg_str s)
{
    if (out && s.len) {
        memcpy(out + *at, s.ptr, s.len);
    }
    *at += s.len;
}

/* Write the sentence into @out and its headers' spans into @labels (both NULL: only
 * count); its bytes, *n_labels the spans. */
static size_t render(const bg_str *head, const bg_str *row, size_t n, char *out, bg_span *labels,
                     uint32_t *n_labels)
{
    size_t at = 0;
    *n_labels = 0;
    put(out, &at, row[0]);
    bool is_first = true;
    for (size_t k = 1; k < n; k++) {
        if (row[k].len == 0) {
            continue;
        }
        if (at > 0) {
            put(out, &at, is_first ? BG_STR_LIT(" \xE2\x80\x93 ") : BG_STR_LIT("; "));
        }
        is_first = false;
        if (head[k].len) {
            if (labels) {
                labels[*n_labels] = (bg_span){(uint32_t)at, (uint32_t)(at + head[k].len)};
            }
            (*n_labels)++;
            put(out, &at, head[k]);
            put(out, &at, BG_STR_LIT(": "));
        }
        put(out, &at, row[k]);
    }
    char last = at && out ? out[at - 1] : '\0';
    if (!out || !(last == '.' || last == '!' || last == '?')) {
        put(out, &at, BG_STR_LIT("."));
    }
    return at;
}

bool bg_segment_table_render(const bg_str *head, const bg_str *row, size_t n, bg_arena *a,
                             bg_segment_table_row *out)
{
    uint32_t n_labels = 0;
    size_t cap = render(head, row, n, NULL, NULL, &n_labels);
    char *text = bg_arena_alloc_raw(a, cap + 1);
    bg_span *labels = bg_arena_array(a, n_labels + 1, sizeof(bg_span));
    if (!text || !labels) {
        return false;
    }
    size_t len = render(head, row, n, text, labels, &out->n_labels);
    text[len] = '\0';
    out->text = (bg_str){text, len};
    out->labels = labels;
    return true;
}
