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

#endif
