/* UTF-8 decoding and validation (RFC 3629: no overlongs, no surrogates, <= U+10FFFF).
 * Pure functions over byte slices; no allocation. */
#ifndef BG_UTF8_H
#define BG_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bytes.h"

/* Decode one code point at @s[0..@len). Returns its byte length (1-4) and sets *cp, or
 * returns 0 for an invalid or truncated sequence (then *cp is 0xFFFD). @len >= 1. */
size_t bg_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Offset of the first invalid byte in @s, or @len when all of it is valid. */
size_t bg_utf8_validate(const char *s, size_t len);
/* Number of code points in the valid UTF-8 @s (invalid bytes count one each). */
size_t bg_utf8_count(const char *s, size_t len);
/* Encode @cp into @out (at least 4 bytes). Returns the byte length, 0 if cp is invalid. */
size_t bg_utf8_encode(uint32_t cp, char *out);
/* Is @cp an arrow, a geometric shape, a dingbat or an emoji (U+2190–21FF, U+2300–23FF,
 * U+25A0–27BF, U+2B00–2BFF, U+1F000–1FAFF): what a page sets as a bullet ("✅ ", "➤ ")? */
bool bg_utf8_is_pictograph(uint32_t cp);
/* Bytes of the pictograph and its modifiers (variation selectors, skin tones, a keycap)
 * at @s[0..@len), or 0 when @s does not open on a pictograph. */
size_t bg_utf8_pictograph_len(const char *s, size_t len);
/* Each byte folded to lower case when it belongs to a word (an ASCII letter or digit, or a
 * byte of a non-ASCII character), else 0: one table for the loader's titles and dedup's
 * tokens. */
extern const unsigned char bg_utf8_word_fold[256];
/* The 64-bit FNV-1a hash of the word @s[0..len) with each byte folded through
 * bg_utf8_word_fold: the key under which the loader counts title words and dedup compares
 * tokens. */
static inline uint64_t bg_utf8_word_hash(const char *s, size_t len)
{
    uint64_t h = BG_FNV_BASIS;
    for (size_t i = 0; i < len; i++) {
        h = bg_fnv_step(h, bg_utf8_word_fold[(unsigned char)s[i]]);
    }
    return h;
}

#endif
