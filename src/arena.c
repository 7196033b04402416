/* The run arena: bump allocation in segments mapped from the kernel, a byte budget,
 * deferred destructors run LIFO at free. One of the two files allowed to allocate.
 *
 * Why mappings and not malloc (measured on the bench machine, a paravirtualised VM): a page
 * faulted in on first touch costs ~12 us, one populated ahead by MADV_POPULATE_WRITE ~4 us,
 * and each munmap ~65 us. So a segment is a large virtual range, populated 64 KB at a time
 * ahead of the zeroed allocations that will write it; fresh pages are zero, so those need
 * no memset; and segments are kept across bg_arena_reset instead of unmapped. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, MAP_NORESERVE, MADV_POPULATE_WRITE */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

/* LeakSanitizer does not scan anonymous mappings: what an arena holds (a libhyphen or pcre2
 * object freed by a deferred destructor) would look leaked while the arena lives, as in a
 * fuzz harness's process-wide fixture. So under ASan each mapping is a root region. */
#if defined(__SANITIZE_ADDRESS__)
#define BG_LSAN_ROOTS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BG_LSAN_ROOTS 1
#endif
#endif
#ifdef BG_LSAN_ROOTS
#include <sanitizer/lsan_interface.h>
#endif

#define SEGMENT_BYTES ((size_t)4 << 20)   /* virtual size of a segment */
#define BIG_BYTES ((size_t)1 << 20)       /* a block above this gets a mapping of its own */
#define POPULATE_BYTES ((size_t)64 << 10) /* pages populated per step */
#define PAGE_BYTES ((size_t)4096)
#define ALIGN ((size_t)16)

/* Linux 5.14; with an older kernel or header the pages are faulted in as they are touched. */
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

struct bg_arena_chunk {
    bg_arena_chunk *next;
    size_t map_bytes; /* length of the mapping */
    size_t used;      /* bytes from the mapping's start handed out, header included */
    size_t populated; /* offset below which nothing more will be populated */
    size_t dirty;     /* offset below which an earlier use wrote (bg_arena_reset) */
    /* data follows, aligned; past dirty it is zero until handed out */
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

static size_t round_up(size_t n, size_t to)
{
    return (n + to - 1) & ~(to - 1);
}

void bg_arena_init(bg_arena *a, size_t cap_bytes)
{
    memset(a, 0, sizeof(*a));
    a->cap_bytes = cap_bytes;
}

void bg_arena_init_child(bg_arena *a, bg_arena *parent)
{
    memset(a, 0, sizeof(*a));
    a->root = parent->root ? parent->root : parent;
}

/* The arena whose budget, failure flag and allocation count @a uses. */
static bg_arena *root_of(bg_arena *a)
{
    return a->root ? a->root : a;
}

/* Forget @a's bytes: a child's go back to its root's budget. */
static void release_bytes(bg_arena *a)
{
    if (a->root) {
        a->root->used_bytes -= a->used_bytes;
    }
    a->used_bytes = 0;
}

static void run_defers(bg_arena *a)
{
    bg_arena_defer_rec *r = a->defers;
    while (r) {
        bg_arena_defer_rec *next = r->next;
        r->fn(r->obj);
        r = next;
    }
    a->defers = NULL;
}

static void *map_chunk(size_t total, int flags)
{
    void *map = mmap(NULL, total, PROT_READ | PROT_WRITE, flags, -1, 0);
#ifdef BG_LSAN_ROOTS
    if (map != MAP_FAILED) {
        __lsan_register_root_region(map, total);
    }
#endif
    return map;
}

static void unmap_chunk(bg_arena_chunk *c)
{
#ifdef BG_LSAN_ROOTS
    __lsan_unregister_root_region(c, c->map_bytes);
#endif
    munmap(c, c->map_bytes);
}

static void unmap_list(bg_arena_chunk *c)
{
    while (c) {
        bg_arena_chunk *next = c->next;
        unmap_chunk(c);
        c = next;
    }
}

void bg_arena_free(bg_arena *a)
{
    run_defers(a);
    unmap_list(a->chunks);
    unmap_list(a->spare);
    a->chunks = NULL;
    a->spare = NULL;
    release_bytes(a);
}

/* Segments are kept, with what they held marked dirty; a big block's own mapping is
 * unmapped, as a later allocation rarely has its size. */
void bg_arena_reset(bg_arena *a)
{
    run_defers(a);
    bg_arena_chunk *c = a->chunks;
    while (c) {
        bg_arena_chunk *next = c->next;
        if (c->map_bytes == SEGMENT_BYTES) {
            c->dirty = c->used > c->dirty ? c->used : c->dirty;
            c->used = header_bytes();
            c->next = a->spare;
            a->spare = c;
        } else {
            unmap_chunk(c);
        }
        c = next;
    }
    a->chunks = NULL;
    release_bytes(a);
}

/* Test builds may fail the Nth allocation (tests/unit/test_oom.c). */
static int should_fail(bg_arena *a)
{
    a->n_allocs++;
    return a->fail_after != 0 && a->n_allocs >= a->fail_after;
}

/* A mapping with room for @rounded bytes after its header: a kept segment, a new segment,
 * or, for a big block, a mapping of its own, populated at once when @is_zeroed. */
static bg_arena_chunk *new_chunk(bg_arena *a, size_t rounded, bool is_zeroed)
{
    if (rounded <= BIG_BYTES && a->spare) {
        bg_arena_chunk *c = a->spare;
        a->spare = c->next;
        return c;
    }
    size_t total = SEGMENT_BYTES;
    int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
    if (rounded > BIG_BYTES) {
        if (rounded > SIZE_MAX - header_bytes() - PAGE_BYTES) {
            return NULL;
        }
        total = round_up(header_bytes() + rounded, PAGE_BYTES);
        flags = MAP_PRIVATE | MAP_ANONYMOUS | (is_zeroed ? MAP_POPULATE : 0);
    }
    void *map = map_chunk(total, flags);
    if (map == MAP_FAILED) {
        return NULL;
    }
    bg_arena_chunk *c = map;
    c->map_bytes = total;
    c->used = header_bytes();
    c->populated = rounded > BIG_BYTES ? total : 0;
    c->dirty = 0;
    return c;
}

/* Hand out @rounded bytes of @c. A zeroed block's pages are populated ahead (a raw block,
 * often filled in part, keeps its untouched pages unmapped); only bytes an earlier use of
 * the chunk wrote need a memset, fresh mapped memory being zero. */
static void *take(bg_arena_chunk *c, size_t rounded, bool is_zeroed)
{
    size_t off = c->used;
    char *p = (char *)c + off;
    c->used += rounded;
    if (!is_zeroed) {
        return p;
    }
    if (c->used > c->populated) {
        size_t start = off & ~(PAGE_BYTES - 1);
        start = start > c->populated ? start : c->populated;
        size_t end = round_up(c->used, POPULATE_BYTES);
        end = end < c->map_bytes ? end : c->map_bytes;
        (void)madvise((char *)c + start, end - start, MADV_POPULATE_WRITE); /* a hint */
        c->populated = end;
    }
    if (off < c->dirty) {
        size_t n = c->dirty - off;
        memset(p, 0, n < rounded ? n : rounded);
    }
    return p;
}

static void *fail(bg_arena *a, bg_arena *root)
{
    a->failed = true;
    root->failed = true;
    return NULL;
}

static void *alloc(bg_arena *a, size_t size, bool is_zeroed)
{
    bg_arena *root = root_of(a);
    if (a->failed || root->failed || should_fail(root) || size > SIZE_MAX - ALIGN) {
        return fail(a, root);
    }
    size_t rounded = (size + ALIGN - 1) & ~(ALIGN - 1);
    if (root->used_bytes + rounded > root->cap_bytes || root->used_bytes + rounded < rounded) {
        return fail(a, root);
    }
    bg_arena_chunk *c = a->chunks;
    if (!c || rounded > BIG_BYTES || c->map_bytes - c->used < rounded) {
        bg_arena_chunk *fresh = new_chunk(a, rounded, is_zeroed);
        if (!fresh) {
            return fail(a, root);
        }
        if (c && rounded > BIG_BYTES) {
            /* keep the partly used segment at the head */
            fresh->next = c->next;
            c->next = fresh;
        } else {
            fresh->next = c;
            a->chunks = fresh;
        }
        c = fresh;
    }
    a->used_bytes += rounded;
    if (root != a) {
        root->used_bytes += rounded;
    }
    return take(c, rounded, is_zeroed);
}

void *bg_arena_alloc(bg_arena *a, size_t size)
{
    return alloc(a, size, true);
}

/* Not zeroing matters for big buffers that are filled only in part: their pages are not
 * populated ahead, so the untouched ones are never faulted in. */
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

void *bg_arena_room(bg_arena *a, void *items, size_t n, size_t *cap, size_t first, size_t size)
{
    if (n < *cap) {
        return items;
    }
    if (*cap > SIZE_MAX / 2 || n == SIZE_MAX) {
        a->failed = true;
        return NULL;
    }
    size_t new_cap = *cap * 2;
    new_cap = new_cap > first ? new_cap : first;
    new_cap = new_cap > n ? new_cap : n + 1;
    void *p = bg_arena_grow(a, items, *cap, new_cap, size);
    if (p) {
        *cap = new_cap;
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
