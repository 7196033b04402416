/* Stage 2, segment: what segment.c (lines → blocks) and segment_split.c (a block → its
 * sentences) share: white space and prefixes at a byte pointer, and the splitter's entry
 * point. Private to the segment stage; pure functions over bytes. */
#ifndef BG_SEGMENT_INT_H
#define BG_SEGMENT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "diag.h"

static inline bool bg_segment_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static inline bool bg_segment_has_prefix(const char *p, const char *end, const char *lit)
{
    size_t n = strlen(lit);
    return (size_t)(end - p) >= n && memcmp(p, lit, n) == 0;
}

/* Bytes of the white space character at @p (ASCII, no-break and typographic spaces), or 0.
 * Scraped pages often put U+00A0 after a full stop. */
static inline size_t bg_segment_space_len(const char *p, const char *end)
{
    if (p >= end) {
        return 0;
    }
    if (bg_segment_is_space(*p)) {
        return 1;
    }
    if (bg_segment_has_prefix(p, end, "\xC2\xA0")) {
        return 2;
    }
    if (end - p >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
        (((unsigned char)p[2] >= 0x80 && (unsigned char)p[2] <= 0x8A) ||
         (unsigned char)p[2] == 0xAF)) {
        return 3;
    }
    return 0;
}

/* Is the word before the full stop at t[dot] (in the block from @block_start) an
 * abbreviation, an initial or a dotted acronym ("Jul.", "J. Smith", "U.S.")? */
bool bg_segment_is_abbreviation(const char *t, size_t block_start, size_t dot);

/* Is the full stop at t[dot] one of a date written with dots ("3. 6. 2025", "04. 06. 2025"):
 * a day or month of one or two digits before it (in the block from @block_start), and
 * after it (one space at most) the month and its dot before a year, or the year? */
bool bg_segment_is_dotted_date(const char *t, size_t block_start, size_t dot, const char *end);

/* Receives each sentence [b, e) of a block, in order; a status other than BG_OK stops the
 * split and is returned. */
typedef bg_status (*bg_segment_sink)(void *ctx, size_t b, size_t e);

/* Split the block t[b, e) into sentences and give each, untrimmed, to @sink. */
bg_status bg_segment_split(const char *t, size_t b, size_t e, bg_segment_sink sink, void *ctx);

#endif
