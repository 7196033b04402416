/* bg_buf: a capped, growable byte buffer for outputs (PDF bytes, JSON, depfiles).
 * The one owning buffer outside the arena: the caller frees it with bg_buf_free. */
#ifndef BG_BUF_H
#define BG_BUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char *data;  /* owned; NUL-terminated when len > 0 */
    size_t len;  /* bytes used */
    size_t cap;  /* bytes allocated */
    size_t max;  /* hard cap; appending past it fails */
    bool failed; /* sticky: an append failed */
} bg_buf;

/* Initialise an empty buffer that may grow to @max_bytes. Cannot fail. */
void bg_buf_init(bg_buf *b, size_t max_bytes);
/* Release the memory; @b is empty afterwards. */
void bg_buf_free(bg_buf *b);
/* Append bytes; false (and b->failed) when the cap or memory is exhausted. */
bool bg_buf_append(bg_buf *b, const void *data, size_t len);
bool bg_buf_puts(bg_buf *b, const char *s);
bool bg_buf_printf(bg_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
