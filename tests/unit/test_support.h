/* Shared includes for the cmocka unit tests, and the fixture most of them start from: a
 * run arena and diagnostics collected in memory. */
#ifndef BG_TEST_SUPPORT_H
#define BG_TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"

typedef struct {
    bg_arena a;
    bg_diag d;       /* prints into msgs */
    FILE *err;       /* d's stream: an open_memstream over msgs */
    char *msgs;      /* what d printed, NUL-terminated once env_msgs flushed it; or NULL */
    size_t msgs_len; /* bytes */
} test_env;

/* An empty arena of @cap_bytes and a diag printing into memory. False when the stream
 * cannot be opened. */
static inline bool env_init(test_env *e, size_t cap_bytes)
{
    memset(e, 0, sizeof(*e));
    bg_arena_init(&e->a, cap_bytes);
    e->err = open_memstream(&e->msgs, &e->msgs_len);
    if (!e->err) {
        return false;
    }
    bg_diag_init(&e->d, e->err, "briefgen");
    return true;
}

/* What the diag printed so far ("" when nothing). */
static inline const char *env_msgs(test_env *e)
{
    fflush(e->err);
    return e->msgs ? e->msgs : "";
}

/* Forget what the diag printed so far (its counters go on). */
static inline void env_clear(test_env *e)
{
    fclose(e->err);
    free(e->msgs);
    e->msgs = NULL;
    e->msgs_len = 0;
    e->err = open_memstream(&e->msgs, &e->msgs_len);
    e->d.out = e->err;
}

static inline void env_free(test_env *e)
{
    bg_arena_free(&e->a);
    if (e->err) {
        fclose(e->err);
    }
    free(e->msgs);
    e->err = NULL;
    e->msgs = NULL;
}

#endif
