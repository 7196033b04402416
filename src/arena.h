/* The run arena: every object a run produces lives here and is freed at once by
 * bg_arena_free. Library objects register destructors with bg_arena_defer; they run
 * LIFO at free. Stage code never calls free(). Capped at a byte budget. A child arena
 * (one briefing's memory, reset between briefings) shares its root's budget. */
#ifndef BG_ARENA_H
#define BG_ARENA_H

#include <stdbool.h>
#include <stddef.h>

typedef struct bg_arena_chunk bg_arena_chunk;
typedef struct bg_arena_defer_rec bg_arena_defer_rec;

typedef struct bg_arena bg_arena;

struct bg_arena {
    bg_arena *root;             /* borrowed: a child's root arena; NULL for a root */
    bg_arena_chunk *chunks;     /* owned list of mappings, newest first */
    bg_arena_chunk *spare;      /* owned list of segments kept by bg_arena_reset */
    bg_arena_defer_rec *defers; /* owned list of destructors, newest first */
    size_t used_bytes;          /* bytes handed out so far (a root: its children's too) */
    size_t cap_bytes;           /* root: budget; an allocation past it fails */
    bool failed;                /* sticky: some allocation failed (in a child: the root too) */
    unsigned long fail_after;   /* root, test builds: fail the Nth allocation (0 = never) */
    unsigned long n_allocs;     /* root: allocations served (children's too), for fail_after */
};

/* Initialise an empty arena with a byte budget @cap_bytes. Cannot fail. */
void bg_arena_init(bg_arena *a, size_t cap_bytes);
/* Initialise an empty child of @parent (borrowed; it must outlive the child). The child
 * owns its memory and destructors, but allocates against its root's byte budget, failure
 * flag and fault injection (fail_after counts one sequence across them). Freeing or
 * resetting the child returns its bytes to the root's budget. Cannot fail. */
void bg_arena_init_child(bg_arena *a, bg_arena *parent);
/* Run the deferred destructors (LIFO) and release all memory. @a may be reused after
 * bg_arena_init. */
void bg_arena_free(bg_arena *a);

/* Run the deferred destructors (LIFO) and forget every allocation, keeping the memory for
 * the next allocations (its pages are already faulted in). The budget counts from zero
 * again (a child's bytes go back to its root); failed, fail_after and n_allocs are left to
 * the caller. */
void bg_arena_reset(bg_arena *a);

/* Allocate @size bytes aligned for any type, zero-filled. Returns NULL (and sets
 * a->failed) when the budget is exhausted or no memory can be mapped. size 0 returns a
 * valid pointer. */
void *bg_arena_alloc(bg_arena *a, size_t size);
/* The same without zero-filling, for a buffer the caller writes before reading it. */
void *bg_arena_alloc_raw(bg_arena *a, size_t size);
/* Allocate @n elements of @size bytes, zeroed, with overflow check. */
void *bg_arena_array(bg_arena *a, size_t n, size_t size);
/* Grow an array allocated in @a from @n_old to @n_new elements of @size bytes: returns a
 * new zero-extended copy (the old block is simply abandoned), or NULL on failure. */
void *bg_arena_grow(bg_arena *a, void *old, size_t n_old, size_t n_new, size_t size);
/* Room for one more item (index @n) in the array @items, allocated in @a with *@cap items
 * of @size bytes: returns @items itself when @n < *@cap; else a copy with room for
 * max(2 * *@cap, @first, @n + 1) items (bg_arena_grow: the *@cap old items copied, the rest
 * zeroed; the old block is abandoned) and sets *@cap (IN/OUT). Returns NULL (and sets
 * a->failed) when out of memory or on overflow; *@cap is then unchanged. The caller stores
 * the result back in its array pointer, which stays typed (no void ** cast). */
void *bg_arena_room(bg_arena *a, void *items, size_t n, size_t *cap, size_t first, size_t size);
/* Copy @len bytes of @s and add a NUL. Returns NULL on failure. */
char *bg_arena_strndup(bg_arena *a, const char *s, size_t len);
/* printf into a new NUL-terminated string in @a. */
char *bg_arena_printf(bg_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Register @fn(@obj) to run when the arena is freed. Returns false (and calls
 * @fn(@obj) at once, so nothing leaks) when the record cannot be allocated. */
bool bg_arena_defer(bg_arena *a, void (*fn)(void *), void *obj);

#endif
