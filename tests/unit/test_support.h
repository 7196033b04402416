/* Shared includes for the cmocka unit tests, and the fixtures they start from: a run arena
 * and diagnostics collected in memory, a temporary directory under /tmp with files written
 * into it, and a source built from text in memory. Every test includes this header first:
 * it asks for X/Open 7 (nftw) before any system header is read. */
#ifndef BG_TEST_SUPPORT_H
#define BG_TEST_SUPPORT_H

/* nftw and FTW_DEPTH/FTW_PHYS are XSI; the Makefile's -D_POSIX_C_SOURCE=200809L alone
 * leaves them out of <ftw.h>. X/Open 7 includes POSIX 2008. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif

#include <ftw.h>
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
#include "source.h"

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

/* Replace each @dir in what the diag printed so far by "D", so that expected messages do
 * not depend on a temporary directory's name. Edits e->msgs in place. */
static inline void env_msgs_hide_dir(test_env *e, const char *dir)
{
    size_t dl = strlen(dir);
    (void)env_msgs(e); /* flushed into e->msgs, edited in place */
    for (char *p = strstr(e->msgs, dir); p; p = strstr(e->msgs, dir)) {
        p[0] = 'D';
        memmove(p + 1, p + dl, strlen(p + dl) + 1);
    }
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

/* cmocka setup and teardown for a test whose state is a bare test_env: a 64 MiB arena. */
static inline int env_setup(void **state)
{
    test_env *e = calloc(1, sizeof(*e));
    if (!e || !env_init(e, 1 << 26)) {
        return -1;
    }
    *state = e;
    return 0;
}

static inline int env_teardown(void **state)
{
    test_env *e = *state;
    env_free(e);
    free(e);
    return 0;
}

/* Make a new directory /tmp/bg-TAG-XXXXXX (mkdtemp, mode 0700) and put its path in @dir
 * (OUT, @size bytes). False when the path does not fit or mkdtemp fails. */
static inline bool tmpdir_make(char *dir, size_t size, const char *tag)
{
    int n = snprintf(dir, size, "/tmp/bg-%s-XXXXXX", tag);
    if (n < 0 || (size_t)n >= size) {
        return false;
    }
    return mkdtemp(dir) != NULL;
}

/* nftw callback of tmpdir_remove: the tree is walked depth first, so a directory comes
 * after its entries and is empty by then. */
static inline int tmpdir_remove_entry(const char *path, const struct stat *sb, int type,
                                      struct FTW *ftw)
{
    (void)sb;
    (void)type;
    (void)ftw;
    return remove(path);
}

/* Remove @dir and everything below it. Symbolic links are removed, never followed
 * (FTW_PHYS). False when an entry cannot be removed (the walk stops there) or @dir cannot
 * be read. */
static inline bool tmpdir_remove(const char *dir)
{
    return nftw(dir, tmpdir_remove_entry, 16, FTW_DEPTH | FTW_PHYS) == 0;
}

/* Write @len bytes of @data to the file @name (may hold a '/') under the directory @dir,
 * replacing any file of that name. Makes no directory. False when the path does not fit
 * or the file cannot be opened, written or closed. */
static inline bool tmpdir_write(const char *dir, const char *name, const void *data, size_t len)
{
    char path[512];
    int n = snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= sizeof(path)) {
        return false;
    }
    FILE *fp = fopen(path, "wb");
    if (!fp) {
        return false;
    }
    bool is_written = fwrite(data, 1, len, fp) == len;
    return fclose(fp) == 0 && is_written;
}

/* tmpdir_write of the NUL-terminated @text, without its NUL. */
static inline bool tmpdir_write_text(const char *dir, const char *name, const char *text)
{
    return tmpdir_write(dir, name, text, strlen(text));
}

/* The fixture of a test that reads files it wrote: a temporary directory and a test_env. */
typedef struct {
    char dir[64]; /* /tmp/bg-TAG-XXXXXX, made by tmpdir_env_setup */
    test_env e;   /* arena, diag and its messages */
} tmpdir_env;

/* For a cmocka setup: a tmpdir_env in *state, its directory /tmp/bg-@tag-XXXXXX and its
 * arena of @cap_bytes. -1 (nothing left behind) when any of them cannot be made. */
static inline int tmpdir_env_setup(void **state, const char *tag, size_t cap_bytes)
{
    tmpdir_env *f = calloc(1, sizeof(*f));
    if (!f) {
        return -1;
    }
    if (!tmpdir_make(f->dir, sizeof(f->dir), tag)) {
        free(f);
        return -1;
    }
    if (!env_init(&f->e, cap_bytes)) {
        tmpdir_remove(f->dir);
        env_free(&f->e);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

/* cmocka teardown of tmpdir_env_setup: removes the directory tree, frees the rest. -1 when
 * the tree cannot be removed. */
static inline int tmpdir_env_teardown(void **state)
{
    tmpdir_env *f = *state;
    bool is_removed = tmpdir_remove(f->dir);
    env_free(&f->e);
    free(f);
    return is_removed ? 0 : -1;
}

/* A source named and located @path (borrowed) over @text (borrowed, NUL-terminated), with
 * its line index allocated in @a; no sidecar metadata. A final newline starts no line. */
static inline bg_source make_source(bg_arena *a, const char *path, const char *text)
{
    bg_source s;
    memset(&s, 0, sizeof(s));
    s.path = path;
    s.name = bg_str_from(path);
    s.text = bg_str_from(text);
    size_t n = 1;
    for (size_t i = 0; i < s.text.len; i++) {
        n += text[i] == '\n' && i + 1 < s.text.len;
    }
    s.line_start = bg_arena_array(a, n, sizeof(uint32_t));
    s.line_start[s.n_lines++] = 0;
    for (size_t i = 0; i < s.text.len; i++) {
        if (text[i] == '\n' && i + 1 < s.text.len) {
            s.line_start[s.n_lines++] = (uint32_t)(i + 1);
        }
    }
    return s;
}

/* Make @src[0] "content/a.txt" over @t1 and, unless @t2 is NULL, @src[1] "content/b.txt"
 * over @t2 (make_source), and point @set at them. */
static inline void make_source_set(bg_arena *a, bg_source src[2], bg_source_set *set,
                                   const char *t1, const char *t2)
{
    src[0] = make_source(a, "content/a.txt", t1);
    set->items = src;
    set->n = 1;
    if (t2) {
        src[1] = make_source(a, "content/b.txt", t2);
        set->n = 2;
    }
}

#endif
