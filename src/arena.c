/* The run arena: bump allocation in malloc'd chunks, a byte budget, deferred
 * destructors run LIFO at free. One of the two files allowed to call malloc/free. */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_BYTES ((size_t)64 * 1024)
#define ALIGN ((size_t)16)

struct bg_arena_chunk {
    bg_arena_chunk *next;
    size_t size; /* usable bytes after the header */
    size_t used;
    /* data follows, aligned */
};

struct bg_arena_defer_rec {
    bg_arena_defer_rec *next;
    void (*fn)(void *);
    void *obj;
};

static size_t header_bytes(void)
{
    return (sizeof(bg_arena_chunk) + ALIGN - 1) & ~(ALIGN - 1);
}

void bg_arena_init(bg_arena *a, size_t cap_bytes)
{
    memset(a, 0, sizeof(*a));
    a->cap_bytes = cap_bytes;
}

void bg_arena_free(bg_arena *a)
{
    bg_arena_defer_rec *r = a->defers;
    while (r) {
        bg_arena_defer_rec *next = r->next;
        r->fn(r->obj);
        r = next;
    }
    a->defers = NULL;
    bg_arena_chunk *c = a->chunks;
    while (c) {
        bg_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->chunks = NULL;
    a->used_bytes = 0;
}

/* Test builds may fail the Nth allocation (tests/unit/test_oom.c). */
static int should_fail(bg_arena *a)
{
    a->n_allocs++;
    return a->fail_after != 0 && a->n_allocs >= a->fail_after;
}

static bg_arena_chunk *new_chunk(bg_arena *a, size_t min_size)
{
    size_t size = min_size > CHUNK_BYTES ? min_size : CHUNK_BYTES;
    size_t total = header_bytes() + size;
    if (total < size || a->used_bytes + total > a->cap_bytes || a->used_bytes + total < total) {
        return NULL;
    }
    bg_arena_chunk *c = malloc(total);
    if (!c) {
        return NULL;
    }
    c->size = size;
    c->used = 0;
    c->next = a->chunks;
    a->chunks = c;
    a->used_bytes += total;
    return c;
}

static void *alloc(bg_arena *a, size_t size, bool is_zeroed)
{
    if (a->failed || should_fail(a) || size > SIZE_MAX - ALIGN) {
        a->failed = true;
        return NULL;
    }
    size_t rounded = (size + ALIGN - 1) & ~(ALIGN - 1);
    bg_arena_chunk *c = a->chunks;
    if (!c || c->size - c->used < rounded) {
        /* A large block gets a chunk of its own so the current chunk stays usable. */
        if (rounded > CHUNK_BYTES / 4 && c) {
            bg_arena_chunk *big = new_chunk(a, rounded);
            if (!big) {
                a->failed = true;
                return NULL;
            }
            /* keep the partly used chunk at the head */
            a->chunks = big->next;
            big->next = c->next;
            c->next = big;
            big->used = rounded;
            void *p = (char *)big + header_bytes();
            if (is_zeroed) {
                memset(p, 0, rounded);
            }
            return p;
        }
        c = new_chunk(a, rounded);
        if (!c) {
            a->failed = true;
            return NULL;
        }
    }
    void *p = (char *)c + header_bytes() + c->used;
    c->used += rounded;
    if (is_zeroed) {
        memset(p, 0, rounded);
    }
    return p;
}

void *bg_arena_alloc(bg_arena *a, size_t size)
{
    return alloc(a, size, true);
}

/* Not zeroing matters for big buffers that are filled only in part: their untouched pages
 * are never faulted in (a fresh page costs ~20 us on the bench machine). */
void *bg_arena_alloc_raw(bg_arena *a, size_t size)
{
    return alloc(a, size, false);
}

void *bg_arena_array(bg_arena *a, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size) {
        a->failed = true;
        return NULL;
    }
    return bg_arena_alloc(a, n * size);
}

void *bg_arena_grow(bg_arena *a, void *old, size_t n_old, size_t n_new, size_t size)
{
    void *p = bg_arena_array(a, n_new, size);
    if (p && old && n_old) {
        memcpy(p, old, (n_old < n_new ? n_old : n_new) * size);
    }
    return p;
}

char *bg_arena_strndup(bg_arena *a, const char *s, size_t len)
{
    if (len == SIZE_MAX) {
        a->failed = true;
        return NULL;
    }
    char *p = bg_arena_alloc(a, len + 1);
    if (p && len) {
        memcpy(p, s, len);
    }
    return p;
}

char *bg_arena_printf(bg_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        a->failed = true;
        return NULL;
    }
    char *p = bg_arena_alloc(a, (size_t)n + 1);
    if (!p) {
        return NULL;
    }
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

bool bg_arena_defer(bg_arena *a, void (*fn)(void *), void *obj)
{
    bg_arena_defer_rec *r = bg_arena_alloc(a, sizeof(*r));
    if (!r) {
        fn(obj);
        return false;
    }
    r->fn = fn;
    r->obj = obj;
    r->next = a->defers;
    a->defers = r;
    return true;
}
