/* YAML loading: libyaml events → a small node tree with 1-based positions. Enforces
 * the loader rules of notes/robustness.md: size cap, depth <= BG_MAX_YAML_DEPTH, no anchors
 * or aliases or tags or merge keys, no duplicate keys, exactly one document, no NUL in
 * scalars. The only file that includes yaml.h. Does not interpret values (schema is the
 * caller's job); helper getters report type errors in a uniform wording. */
#ifndef BG_YLOAD_H
#define BG_YLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "str.h"

typedef enum { BG_YNODE_SCALAR, BG_YNODE_SEQ, BG_YNODE_MAP } bg_ynode_kind;

typedef struct bg_ynode bg_ynode;
struct bg_ynode {
    bg_ynode_kind kind;
    bg_loc loc;       /* start of the node: 1-based line, column in characters */
    bg_str scalar;    /* SCALAR: the value, NUL-terminated in the arena (NUL not counted) */
    bool is_quoted;   /* SCALAR: written with quotes or as a block (never a null/bool) */
    bg_ynode **items; /* SEQ: the items; MAP: the values */
    bg_ynode **keys;  /* MAP: the keys (always scalars), parallel to items */
    size_t n;         /* SEQ/MAP: number of items */
};

/* Parse @path (read with the YAML size cap) into a tree allocated in @a. All errors are
 * reported as "path:line:col: error: ..." and give BG_EINPUT (BG_EIO if unreadable). An
 * empty file is an error "empty document". */
bg_status bg_yload_file(const char *path, bg_arena *a, bg_diag *d, bg_ynode **out);
/* Same, from memory; @path is used in messages only. */
bg_status bg_yload_mem(const char *path, const char *text, size_t len, bg_arena *a, bg_diag *d,
                       bg_ynode **out);

/* Lookup in a MAP: the value for @key, or NULL. */
const bg_ynode *bg_yload_get(const bg_ynode *map, const char *key);
/* A short name of the node's type for messages: "a string", "a list", "a mapping". */
const char *bg_yload_kind_name(const bg_ynode *n);
/* Is the node a plain (unquoted) null: "~", "null", "" ? */
bool bg_yload_is_null(const bg_ynode *n);

/* Typed reads: on a type mismatch they report "expected X, found Y" at the node and
 * return BG_EINPUT. */
bg_status bg_yload_expect(const bg_ynode *n, bg_ynode_kind kind, bg_diag *d);
bg_status bg_yload_number(const bg_ynode *n, double min, double max, bg_diag *d, double *out);
bg_status bg_yload_int(const bg_ynode *n, long min, long max, bg_diag *d, long *out);
bg_status bg_yload_bool(const bg_ynode *n, bg_diag *d, bool *out);

/* Check that every key of MAP @n is one of @allowed (NULL-terminated). An unknown key is
 * reported as "unknown key 'limt' (did you mean 'limit'?)" when a key is within edit
 * distance 2. Returns BG_EINPUT if any key was unknown (all are reported). */
bg_status bg_yload_check_keys(const bg_ynode *n, const char *const *allowed, bg_diag *d);

#endif
