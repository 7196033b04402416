/* bg_str: a borrowed (ptr, len) slice, not NUL-terminated. Slices point into source
 * text or arena memory and live as long as their owner. Header only. */
#ifndef BG_STR_H
#define BG_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef struct {
    const char *ptr;
    size_t len; /* bytes */
} bg_str;

#define BG_STR_LIT(s) ((bg_str){(s), sizeof(s) - 1})

static inline bg_str bg_str_from(const char *cstr)
{
    return (bg_str){cstr, cstr ? strlen(cstr) : 0};
}

static inline bool bg_str_eq(bg_str a, bg_str b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

static inline bool bg_str_eq_cstr(bg_str a, const char *b)
{
    return bg_str_eq(a, bg_str_from(b));
}

/* Words in @s: runs of bytes other than ASCII blanks and U+00A0, as `wc -w` counts them. @in_word
 * carries a word across slices (true: @s continues a word), and is left as @s ends. */
static inline size_t bg_str_count_words(bg_str s, bool *in_word)
{
    size_t n = 0;
    for (size_t i = 0; i < s.len; i++) {
        const unsigned char *p = (const unsigned char *)s.ptr + i;
        bool is_blank = *p == ' ' || (*p >= '\t' && *p <= '\r');
        if (*p == 0xC2 && i + 1 < s.len && p[1] == 0xA0) {
            is_blank = true; /* U+00A0: `wc -w` separates words by it in a UTF-8 locale */
            i++;
        }
        n += !is_blank && !*in_word;
        *in_word = !is_blank;
    }
    return n;
}

#endif
