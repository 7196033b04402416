/* bg_buf: a capped growable byte buffer for outputs (PDF bytes, JSON, depfiles).
 * One of the two files allowed to call malloc/realloc/free. */
#include "buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bg_buf_init(bg_buf *b, size_t max_bytes)
{
    memset(b, 0, sizeof(*b));
    b->max = max_bytes;
}

void bg_buf_free(bg_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

static bool reserve(bg_buf *b, size_t extra)
{
    if (b->failed) {
        return false;
    }
    if (extra > SIZE_MAX - b->len - 1 || b->len + extra + 1 > b->max) {
        b->failed = true;
        return false;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap) {
        return true;
    }
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need) {
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    }
    if (cap > b->max) {
        cap = b->max;
    }
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

bool bg_buf_append(bg_buf *b, const void *data, size_t len)
{
    if (!reserve(b, len)) {
        return false;
    }
    if (len) {
        memcpy(b->data + b->len, data, len);
    }
    b->len += len;
    b->data[b->len] = '\0';
    return true;
}

bool bg_buf_puts(bg_buf *b, const char *s)
{
    return bg_buf_append(b, s, strlen(s));
}

bool bg_buf_printf(bg_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !reserve(b, (size_t)n)) {
        b->failed = true;
        return false;
    }
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return true;
}
