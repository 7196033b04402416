/* Templates: the extends chain (see template_int.h). Reads a template, the bases it
 * extends and the partials each includes, all confined to templates/ and checked for
 * cycles and depth, then merges them into one tree whose nodes keep their own file. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "template_int.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsio.h"

/* Does @rel, taken from the directory of @from, climb out of @root? A lexical check, so that
 * "../../etc/passwd" is refused as leaving the directory whether or not the target exists
 * (bg_fsio_confine then checks symlinks with realpath). */
static bool climbs_out(const char *root, const char *from, bg_str rel)
{
    long depth = 0;
    size_t root_len = strlen(root);
    if (strncmp(from, root, root_len) == 0 && from[root_len] == '/') {
        for (const char *p = from + root_len + 1; *p; p++) {
            depth += *p == '/';
        }
    }
    size_t i = 0;
    while (i < rel.len) {
        size_t j = i;
        while (j < rel.len && rel.ptr[j] != '/') {
            j++;
        }
        bg_str part = {rel.ptr + i, j - i};
        if (bg_str_eq_cstr(part, "..")) {
            depth--;
        } else if (part.len && !bg_str_eq_cstr(part, ".")) {
            depth++;
        }
        if (depth < 0) {
            return true;
        }
        i = j + 1;
    }
    return false;
}

/* The files of one template, in the order they were read (c->t->chain), with their trees. A
 * level is one file of the extends chain and the partials it includes. */
typedef struct {
    bg_ynode *roots[BG_TEMPLATE_MAX_FILES];
    char (*real)[PATH_MAX]; /* realpath of each file; "" when it has none */
    size_t n;
    size_t level_file[BG_MAX_INCLUDE_DEPTH + 1];   /* index of the level's own file */
    size_t level_n_incl[BG_MAX_INCLUDE_DEPTH + 1]; /* its includes follow it */
    size_t n_levels;
} chain_files;

/* @path's text and mtime; *listed is its index in c->texts, or SIZE_MAX when it was read
 * here. */
static bg_status read_text(bg_template_ctx *c, const char *path, bg_str *text, int64_t *mtime,
                           size_t *listed)
{
    *listed = SIZE_MAX;
    for (size_t i = 0; c->texts && i < c->texts->n; i++) {
        if (strcmp(c->texts->paths[i], path) == 0) {
            *text = c->texts->texts[i];
            *mtime = c->texts->mtimes[i];
            *listed = i;
            return BG_OK;
        }
    }
    return bg_fsio_read(path, BG_MAX_YAML_BYTES, c->a, c->d, text, mtime);
}

/* Parse @text of @path, or take the parse c->texts keeps for listed file @listed; a listed
 * file is parsed into the texts' arena (its nodes name the listed path, the same string)
 * and kept when the parse reported nothing. */
static bg_status parse_text(bg_template_ctx *c, const char *path, bg_str text, size_t listed,
                            bg_ynode **root)
{
    const bg_template_texts *tt = c->texts;
    if (listed == SIZE_MAX || !tt->roots || !tt->arena) {
        return bg_yload_mem(path, text.ptr, text.len, c->a, c->d, root);
    }
    if (tt->roots[listed]) {
        *root = tt->roots[listed];
        return BG_OK;
    }
    unsigned errors = c->d->n_errors;
    unsigned warnings = c->d->n_warnings;
    bg_status st = bg_yload_mem(tt->paths[listed], text.ptr, text.len, tt->arena, c->d, root);
    if (st == BG_OK && c->d->n_errors == errors && c->d->n_warnings == warnings) {
        tt->roots[listed] = *root;
    }
    return st;
}

/* Read one file into @cf (it is already in c->t->chain). */
static bg_status read_file(bg_template_ctx *c, chain_files *cf, const char *path, bg_ynode **out)
{
    if (!realpath(path, cf->real[cf->n])) {
        cf->real[cf->n][0] = '\0'; /* the read reports why it cannot be read */
    }
    c->t->chain[cf->n] = path;
    c->t->n_chain = cf->n + 1;
    bg_str text = {NULL, 0};
    int64_t mtime = 0;
    bg_ynode *root = NULL;
    size_t listed = SIZE_MAX;
    bg_status st = read_text(c, path, &text, &mtime, &listed);
    if (st == BG_OK) {
        c->newest_mtime = mtime > c->newest_mtime ? mtime : c->newest_mtime;
        st = parse_text(c, path, text, listed, &root);
    }
    if (st != BG_OK) {
        c->has_error = true;
        return st;
    }
    if (!bg_template_expect(c, root, BG_YNODE_MAP)) {
        return BG_EINPUT;
    }
    cf->roots[cf->n++] = root;
    *out = root;
    return BG_OK;
}

bg_status bg_template_resolve_ref(bg_template_ctx *c, const char *from, const bg_ynode *ref,
                                  const char **out)
{
    if (!bg_template_expect(c, ref, BG_YNODE_SCALAR)) {
        return BG_EINPUT;
    }
    if (ref->scalar.len && ref->scalar.ptr[0] != '/' &&
        climbs_out(c->templates_dir, from, ref->scalar)) {
        bg_template_fail(c, &ref->loc, "path '%s' leaves '%s'", ref->scalar.ptr, c->templates_dir);
        return BG_EINPUT;
    }
    unsigned before = c->d->n_errors;
    bg_status st = bg_fsio_confine(c->templates_dir, from, ref->scalar, &ref->loc, c->a, c->d, out);
    bg_template_charge(c, &ref->loc, before);
    if (st != BG_OK) {
        c->has_error = true;
        return st == BG_ENOMEM ? st : BG_EINPUT;
    }
    return BG_OK;
}

/* The index of the file already read that @path is, or -1. */
static long already_read(const chain_files *cf, const char *path)
{
    char real[PATH_MAX];
    if (!realpath(path, real)) {
        return -1;
    }
    for (size_t i = 0; i < cf->n; i++) {
        if (strcmp(cf->real[i], real) == 0) {
            return (long)i;
        }
    }
    return -1;
}

/* The level whose own file is @file, or -1 (an included partial). */
static long level_of(const chain_files *cf, size_t file)
{
    for (size_t l = 0; l < cf->n_levels; l++) {
        if (cf->level_file[l] == file) {
            return (long)l;
        }
    }
    return -1;
}

/* "extends cycle: a -> b -> a", naming every file of the cycle from the one extended first. */
static void fail_cycle(bg_template_ctx *c, const chain_files *cf, const bg_ynode *ext, size_t from)
{
    char msg[512];
    size_t used = 0;
    for (size_t l = (size_t)level_of(cf, from); l < cf->n_levels && used < sizeof(msg); l++) {
        int w = snprintf(msg + used, sizeof(msg) - used, "%s -> ", c->t->chain[cf->level_file[l]]);
        used += w > 0 ? (size_t)w : 0;
    }
    bg_template_fail(c, &ext->loc, "extends cycle: %s%s", used < sizeof(msg) ? msg : "",
                     c->t->chain[from]);
}

/* May @path, named by @ref, join the files of the template? Not when it is one of them
 * already (for `extends:` (@is_extends), a file of the chain itself is a cycle), nor past
 * BG_TEMPLATE_MAX_FILES files. Reports why not. */
static bool may_add(bg_template_ctx *c, const chain_files *cf, const char *path,
                    const bg_ynode *ref, bool is_extends)
{
    long seen = already_read(cf, path);
    if (seen >= 0 && is_extends && level_of(cf, (size_t)seen) >= 0) {
        fail_cycle(c, cf, ref, (size_t)seen);
        return false;
    }
    if (seen >= 0) {
        bg_template_fail(c, &ref->loc, "'%s' is already part of this template (as %s)",
                         ref->scalar.ptr, c->t->chain[seen]);
        return false;
    }
    if (cf->n == BG_TEMPLATE_MAX_FILES) {
        bg_template_fail(c, &ref->loc, "more than %u files in extends and include",
                         BG_TEMPLATE_MAX_FILES);
        return false;
    }
    return true;
}

/* The partials @root includes: each read once, confined, and neither extending nor
 * including (so that includes cannot form cycles). */
static bg_status read_includes(bg_template_ctx *c, chain_files *cf, const char *from,
                               const bg_ynode *root)
{
    const bg_ynode *inc = bg_yload_get(root, "include");
    size_t n_incl = 0;
    if (inc && !bg_yload_is_null(inc)) {
        bool is_list = inc->kind == BG_YNODE_SEQ;
        if (!is_list && !bg_template_expect(c, inc, BG_YNODE_SCALAR)) {
            return BG_EINPUT;
        }
        size_t n_items = is_list ? inc->n : 1;
        for (size_t i = 0; i < n_items; i++) {
            const bg_ynode *ref = is_list ? inc->items[i] : inc;
            const char *path = NULL;
            bg_status st = bg_template_resolve_ref(c, from, ref, &path);
            if (st != BG_OK) {
                return st;
            }
            if (!may_add(c, cf, path, ref, false)) {
                return BG_EINPUT;
            }
            bg_ynode *part = NULL;
            st = read_file(c, cf, path, &part);
            if (st != BG_OK) {
                return st;
            }
            n_incl++;
            static const char *const nested[] = {"extends", "include"};
            for (size_t k = 0; k < 2; k++) {
                const bg_ynode *v = bg_yload_get(part, nested[k]);
                if (v) {
                    const bg_ynode *key = v;
                    for (size_t j = 0; j < part->n; j++) {
                        key = part->items[j] == v ? part->keys[j] : key;
                    }
                    bg_template_fail(c, &key->loc,
                                     "an included partial cannot use '%s' (only a template or "
                                     "its bases can)",
                                     nested[k]);
                    return BG_EINPUT;
                }
            }
        }
    }
    cf->level_n_incl[cf->n_levels - 1] = n_incl;
    return BG_OK;
}

/* Load the template, its includes, its bases and their includes. */
static bg_status load_chain(bg_template_ctx *c, const char *path, chain_files *cf)
{
    c->t->chain = bg_arena_array(c->a, BG_TEMPLATE_MAX_FILES, sizeof(*c->t->chain));
    cf->real = bg_arena_array(c->a, BG_TEMPLATE_MAX_FILES, sizeof(*cf->real));
    if (!c->t->chain || !cf->real) {
        bg_template_oom(c);
        return BG_ENOMEM;
    }
    const char *cur = path;
    for (;;) {
        cf->level_file[cf->n_levels++] = cf->n;
        bg_ynode *root = NULL;
        bg_status st = read_file(c, cf, cur, &root);
        if (st == BG_OK) {
            st = read_includes(c, cf, cur, root);
        }
        if (st != BG_OK) {
            return st;
        }
        const bg_ynode *ext = bg_yload_get(root, "extends");
        if (!ext) {
            return BG_OK;
        }
        if (!bg_template_expect(c, ext, BG_YNODE_SCALAR)) {
            return BG_EINPUT;
        }
        if (cf->n_levels > BG_MAX_INCLUDE_DEPTH) {
            bg_template_fail(c, &ext->loc, "extends chain longer than %u files",
                             BG_MAX_INCLUDE_DEPTH);
            return BG_EINPUT;
        }
        const char *next = NULL;
        st = bg_template_resolve_ref(c, cur, ext, &next);
        if (st != BG_OK) {
            return st;
        }
        if (!may_add(c, cf, next, ext, true)) {
            return BG_EINPUT;
        }
        cur = next;
    }
}

/* Mappings merge key by key, recursively; scalars and lists are replaced by the child.
 * The merged map keeps the base's key order, then the child's new keys. */
static bg_ynode *merge(bg_template_ctx *c, bg_ynode *base, bg_ynode *child)
{
    if (base->kind != BG_YNODE_MAP || child->kind != BG_YNODE_MAP) {
        return child;
    }
    bg_ynode *m = bg_arena_alloc(c->a, sizeof(*m));
    size_t cap = base->n + child->n;
    bg_ynode **keys = bg_arena_array(c->a, cap, sizeof(*keys));
    bg_ynode **items = bg_arena_array(c->a, cap, sizeof(*items));
    if (!m || !keys || !items) {
        bg_template_oom(c);
        return child;
    }
    *m = *child;
    size_t n = 0;
    for (size_t i = 0; i < base->n; i++) {
        keys[n] = base->keys[i];
        items[n] = base->items[i];
        for (size_t j = 0; j < child->n; j++) {
            if (bg_str_eq(child->keys[j]->scalar, base->keys[i]->scalar)) {
                keys[n] = child->keys[j];
                items[n] = merge(c, base->items[i], child->items[j]);
                break;
            }
        }
        n++;
    }
    for (size_t j = 0; j < child->n; j++) {
        if (!bg_yload_get(base, child->keys[j]->scalar.ptr)) {
            keys[n] = child->keys[j];
            items[n] = child->items[j];
            n++;
        }
    }
    m->keys = keys;
    m->items = items;
    m->n = n;
    return m;
}

bg_status bg_template_merge_chain(bg_template_ctx *c, const char *path, bg_ynode **merged)
{
    chain_files *cf = bg_arena_alloc(c->a, sizeof(*cf));
    if (!cf) {
        bg_template_oom(c);
        return BG_ENOMEM;
    }
    memset(cf, 0, sizeof(*cf));
    bg_status st = load_chain(c, path, cf);
    if (st != BG_OK) {
        return st;
    }
    /* the last base first; each level's includes in order, then the level's own file */
    bg_ynode *m = NULL;
    for (size_t l = cf->n_levels; l-- > 0;) {
        size_t own = cf->level_file[l];
        for (size_t i = 0; i <= cf->level_n_incl[l]; i++) {
            bg_ynode *next = cf->roots[i < cf->level_n_incl[l] ? own + 1 + i : own];
            m = m ? merge(c, m, next) : next;
        }
    }
    *merged = m;
    return BG_OK;
}
