/* The template module's second half (see template_merge.h): the extends chain (confined,
 * cycle- and depth-checked) and its merge, variables with one level of references, and
 * {{ name }} substitution, plus the error helpers with a per-file budget. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "template_merge.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsio.h"

static const char *const reserved_vars[] = {"page",   "pages",   "title", "audience",
                                            "points", "sources", NULL};
/* Built-ins that are counts of the run (pipeline.c passes them); empty when not passed. */
static const char *const count_vars[] = {"points", "sources", NULL};
/* --- Errors, with a budget of BG_MAX_ERRORS_PER_FILE per file --- */

static bg_template_budget *budget_of(bg_template_ctx *c, const bg_loc *loc)
{
    const char *path = loc && loc->path ? loc->path : "";
    for (size_t i = 0; i < c->n_budgets; i++) {
        if (strcmp(c->budgets[i].path, path) == 0) {
            return &c->budgets[i];
        }
    }
    if (c->n_budgets == sizeof(c->budgets) / sizeof(c->budgets[0])) {
        return &c->budgets[c->n_budgets - 1];
    }
    c->budgets[c->n_budgets] = (bg_template_budget){path, 0};
    return &c->budgets[c->n_budgets++];
}

/* False once the node's file has used its error budget; an exhausted budget implies that
 * c->has_error is already set, so callers may simply skip the check. */
bool bg_template_may_report(bg_template_ctx *c, const bg_loc *loc)
{
    return budget_of(c, loc)->n_errors < BG_MAX_ERRORS_PER_FILE;
}

void bg_template_charge(bg_template_ctx *c, const bg_loc *loc, unsigned before)
{
    unsigned n_new = c->d->n_errors - before;
    if (n_new) {
        c->has_error = true;
        budget_of(c, loc)->n_errors += n_new;
    }
}

void bg_template_fail(bg_template_ctx *c, const bg_loc *loc, const char *fmt, ...)
{
    if (!bg_template_may_report(c, loc)) {
        return;
    }
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    unsigned before = c->d->n_errors;
    bg_diag_error(c->d, loc, "%s", msg);
    bg_template_charge(c, loc, before);
}

void bg_template_oom(bg_template_ctx *c)
{
    if (!c->is_oom) {
        bg_loc loc = {c->t->path, 0, 0};
        bg_diag_error(c->d, &loc, "out of memory loading the template");
    }
    c->is_oom = true;
    c->has_error = true;
}

/* Did-you-mean over a C-string list: the nearest within edit distance 2, or NULL. */
const char *bg_template_suggest(bg_str s, const char *const *options)
{
    const char *best = NULL;
    unsigned best_dist = 3;
    for (size_t i = 0; options[i]; i++) {
        unsigned dist = bg_diag_distance(s.ptr, s.len, options[i], strlen(options[i]), 2);
        if (dist < best_dist) {
            best_dist = dist;
            best = options[i];
        }
    }
    return best;
}

/* "unknown WHAT 'x' (did you mean 'y'?)" */
void bg_template_fail_unknown(bg_template_ctx *c, const bg_loc *loc, const char *what, bg_str s,
                              const char *hint)
{
    if (hint) {
        bg_template_fail(c, loc, "unknown %s '%.*s' (did you mean '%s'?)", what, (int)s.len, s.ptr,
                         hint);
    } else {
        bg_template_fail(c, loc, "unknown %s '%.*s'", what, (int)s.len, s.ptr);
    }
}

bool bg_template_expect(bg_template_ctx *c, const bg_ynode *n, bg_ynode_kind kind)
{
    if (n->kind == kind) {
        return true;
    }
    if (bg_template_may_report(c, &n->loc)) {
        unsigned before = c->d->n_errors;
        bg_yload_expect(n, kind, c->d);
        bg_template_charge(c, &n->loc, before);
    }
    return false;
}

/* A string: any scalar; a plain null is the empty string. */
bool bg_template_str(bg_template_ctx *c, const bg_ynode *n, bg_str *out)
{
    if (bg_yload_is_null(n)) {
        *out = (bg_str){"", 0};
        return true;
    }
    if (!bg_template_expect(c, n, BG_YNODE_SCALAR)) {
        return false;
    }
    *out = n->scalar;
    return true;
}

/* --- The extends chain --- */

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

/* --- Variables and {{ name }} substitution --- */

typedef struct {
    char *ptr;
    size_t len;
    size_t cap;
} text_buf;

static bool tb_append(bg_template_ctx *c, text_buf *b, const char *s, size_t len, const bg_loc *loc)
{
    if (len > BG_MAX_SUBST_BYTES - b->len) {
        bg_template_fail(c, loc, "text longer than %u bytes after substitution",
                         BG_MAX_SUBST_BYTES);
        return false;
    }
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + len + 1) {
            cap *= 2;
        }
        char *p = bg_arena_grow(c->a, b->ptr, b->cap, cap, 1);
        if (!p) {
            bg_template_oom(c);
            return false;
        }
        b->ptr = p;
        b->cap = cap;
    }
    if (len) {
        memcpy(b->ptr + b->len, s, len);
    }
    b->len += len;
    b->ptr[b->len] = '\0';
    return true;
}

bg_template_var *bg_template_find_var(bg_template_ctx *c, bg_str name)
{
    for (size_t i = 0; i < c->n_vars; i++) {
        if (bg_str_eq(c->vars[i].name, name)) {
            return &c->vars[i];
        }
    }
    return NULL;
}

void bg_template_fail_unknown_var(bg_template_ctx *c, const bg_loc *loc, bg_str name)
{
    const char *best = NULL;
    unsigned best_dist = 3;
    for (size_t i = 0; i < c->n_vars; i++) {
        bg_str v = c->vars[i].name;
        unsigned dist = bg_diag_distance(name.ptr, name.len, v.ptr, v.len, 2);
        if (dist < best_dist) {
            best_dist = dist;
            best = bg_arena_strndup(c->a, v.ptr, v.len);
        }
    }
    bg_template_fail_unknown(c, loc, "variable", name, best);
}

static bool is_name_char(char ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
           ch == '.' || ch == '_' || ch == '-';
}

static bool has_braces(bg_str s)
{
    for (size_t i = 0; i + 1 < s.len; i++) {
        if (s.ptr[i] == '{' && s.ptr[i + 1] == '{') {
            return true;
        }
    }
    return false;
}

/* Substitute every {{ name }} of @in into @out. @depth 0 is a template string; depth 1 is a
 * variable's value, whose references must be to values without references (vars refer to
 * vars one level deep at most). {{ page }} and {{ pages }} are kept as "{{ page }}" and
 * "{{ pages }}" for layout. Errors are reported at @loc. */
bool bg_template_subst(bg_template_ctx *c, bg_str in, const bg_loc *loc, unsigned depth,
                       bg_str *out)
{
    text_buf b = {NULL, 0, 0};
    size_t i = 0;
    size_t start = 0;
    bool is_ok = true;
    while (is_ok && i + 1 < in.len) {
        if (in.ptr[i] != '{' || in.ptr[i + 1] != '{') {
            i++;
            continue;
        }
        const char *close = NULL;
        for (size_t j = i + 2; j + 1 < in.len; j++) {
            if (in.ptr[j] == '}' && in.ptr[j + 1] == '}') {
                close = in.ptr + j;
                break;
            }
        }
        if (!close) {
            bg_template_fail(c, loc, "unclosed '{{' (expected '{{ name }}')");
            return false;
        }
        bg_str name = {in.ptr + i + 2, (size_t)(close - in.ptr) - i - 2};
        while (name.len && (name.ptr[0] == ' ' || name.ptr[0] == '\t')) {
            name.ptr++;
            name.len--;
        }
        while (name.len && (name.ptr[name.len - 1] == ' ' || name.ptr[name.len - 1] == '\t')) {
            name.len--;
        }
        bool is_valid = name.len > 0;
        for (size_t k = 0; is_valid && k < name.len; k++) {
            is_valid = is_name_char(name.ptr[k]);
        }
        size_t end = (size_t)(close - in.ptr) + 2;
        if (!is_valid) {
            bg_template_fail(c, loc, "malformed variable reference '%.*s'", (int)(end - i),
                             in.ptr + i);
            return false;
        }
        is_ok = tb_append(c, &b, in.ptr + start, i - start, loc);
        bool is_page = bg_str_eq_cstr(name, "page") || bg_str_eq_cstr(name, "pages");
        if (is_page && !c->allow_page) {
            bg_template_fail(c, loc, "'{{ %.*s }}' is only available in banner, header and footer",
                             (int)name.len, name.ptr);
            return false;
        }
        if (is_page) {
            /* DESIGN: "Page N of M" is filled in by layout; one spelling for compose */
            is_ok = is_ok && tb_append(c, &b, "{{ ", 3, loc) &&
                    tb_append(c, &b, name.ptr, name.len, loc) && tb_append(c, &b, " }}", 3, loc);
        } else {
            bg_template_var *v = bg_template_find_var(c, name);
            if (!v) {
                bg_template_fail_unknown_var(c, loc, name);
                return false;
            }
            if (v->origin == BG_TVAR_TITLE && !v->is_resolved) {
                bg_template_fail(c, loc, "'title' cannot refer to itself");
                return false;
            }
            if (depth > 0 &&
                (v->origin == BG_TVAR_TEMPLATE || v->origin == BG_TVAR_AUDIENCE ||
                 v->origin == BG_TVAR_TITLE) &&
                has_braces(v->raw)) {
                bg_template_fail(
                    c, loc,
                    "variable '%.*s' refers to other variables; vars may refer to vars one "
                    "level deep only",
                    (int)name.len, name.ptr);
                return false;
            }
            if (!bg_template_resolve_var(c, v)) {
                return false;
            }
            is_ok = is_ok && tb_append(c, &b, v->value.ptr, v->value.len, loc);
        }
        i = end;
        start = end;
    }
    if (!is_ok) {
        return false;
    }
    if (start == 0) {
        *out = in; /* nothing substituted: keep the (NUL-terminated) scalar */
        return true;
    }
    if (!tb_append(c, &b, in.ptr + start, in.len - start, loc)) {
        return false;
    }
    *out = (bg_str){b.ptr, b.len};
    return true;
}

bool bg_template_resolve_var(bg_template_ctx *c, bg_template_var *v)
{
    if (v->is_resolved) {
        return true;
    }
    if (v->origin == BG_TVAR_TITLE) {
        return false; /* resolved by read_template before any other string */
    }
    if (v->origin == BG_TVAR_OVERRIDE || v->origin == BG_TVAR_BUILTIN) {
        v->value = v->raw; /* --set and built-in values are literal */
        v->is_resolved = true;
        return true;
    }
    if (v->is_resolving) {
        bg_template_fail(c, v->loc, "variable '%.*s' refers to itself", (int)v->name.len,
                         v->name.ptr);
        return false;
    }
    v->is_resolving = true;
    bool is_ok = bg_template_subst(c, v->raw, v->loc, 1, &v->value);
    v->is_resolving = false;
    if (!is_ok) {
        v->value = v->raw;
    }
    v->is_resolved = true; /* report a bad value once, not at every use */
    return is_ok;
}

static bool add_var(bg_template_ctx *c, size_t cap, bg_str name, bg_str raw, const bg_loc *loc,
                    bg_template_var_origin origin)
{
    if (c->n_vars == cap) {
        return false;
    }
    c->vars[c->n_vars++] = (bg_template_var){name, raw, {NULL, 0}, loc, origin, false, false};
    return true;
}

/* A --set that names no variable of the template is most likely a typo: warn, with the
 * nearest name. Not an error, since one --set applies to every template of the run. */
static void warn_unused_overrides(bg_template_ctx *c, const bg_ynode *vars,
                                  const bg_vars *overrides)
{
    size_t n_over = overrides ? overrides->n : 0;
    for (size_t i = 0; i < n_over; i++) {
        bg_str name = overrides->names[i];
        bool is_used = false;
        for (size_t k = 0; !is_used && k < c->n_vars; k++) {
            is_used = c->vars[k].origin != BG_TVAR_OVERRIDE && bg_str_eq(c->vars[k].name, name);
        }
        if (!is_used && vars && vars->kind == BG_YNODE_MAP) {
            is_used = bg_yload_get(vars, bg_arena_strndup(c->a, name.ptr, name.len)) != NULL;
        }
        if (is_used) {
            continue;
        }
        const char *best = NULL;
        unsigned best_dist = 3;
        for (size_t k = 0; k < c->n_vars + (vars && vars->kind == BG_YNODE_MAP ? vars->n : 0);
             k++) {
            bool is_tmpl = k >= c->n_vars;
            bg_str v = is_tmpl ? vars->keys[k - c->n_vars]->scalar : c->vars[k].name;
            if (!is_tmpl && c->vars[k].origin == BG_TVAR_OVERRIDE) {
                continue;
            }
            unsigned dist = bg_diag_distance(name.ptr, name.len, v.ptr, v.len, 2);
            if (dist < best_dist) {
                best_dist = dist;
                best = bg_arena_strndup(c->a, v.ptr, v.len);
            }
        }
        bg_loc loc = {c->t->path, 0, 0};
        if (best) {
            bg_diag_warn(c->d, &loc,
                         "--set '%.*s' names no variable of this template (did you "
                         "mean '%s'?)",
                         (int)name.len, name.ptr, best);
        } else {
            bg_diag_warn(c->d, &loc, "--set '%.*s' names no variable of this template",
                         (int)name.len, name.ptr);
        }
    }
}

/* Collect the variables in lookup order: --set, the template's vars, built-ins, audience,
 * title. */
void bg_template_collect_vars(bg_template_ctx *c, const bg_ynode *vars, const bg_vars *overrides,
                              const bg_vars *builtins, const bg_ynode *audience,
                              const bg_ynode *title)
{
    size_t n_over = overrides ? overrides->n : 0;
    size_t n_built = builtins ? builtins->n : 0;
    size_t n_tmpl = vars && vars->kind == BG_YNODE_MAP ? vars->n : 0;
    size_t cap = n_over + n_built + n_tmpl + 4;
    c->vars = bg_arena_array(c->a, cap, sizeof(*c->vars));
    if (!c->vars) {
        bg_template_oom(c);
        return;
    }
    for (size_t i = 0; i < n_over; i++) {
        add_var(c, cap, overrides->names[i], overrides->values[i], NULL, BG_TVAR_OVERRIDE);
    }
    if (vars && !bg_yload_is_null(vars) && bg_template_expect(c, vars, BG_YNODE_MAP)) {
        if (vars->n > BG_MAX_VARS) {
            bg_template_fail(c, &vars->loc, "more than %u variables", BG_MAX_VARS);
        }
        for (size_t i = 0; i < vars->n && i < BG_MAX_VARS; i++) {
            const bg_ynode *key = vars->keys[i];
            bg_str name = key->scalar;
            bool is_valid = name.len > 0 && name.len <= 64;
            for (size_t k = 0; is_valid && k < name.len; k++) {
                is_valid = is_name_char(name.ptr[k]);
            }
            if (!is_valid) {
                bg_template_fail(c, &key->loc,
                                 "variable name '%.*s' must be letters, digits, '_', '-' or '.'",
                                 (int)name.len, name.ptr);
                continue;
            }
            bool is_reserved = false;
            for (size_t k = 0; reserved_vars[k]; k++) {
                is_reserved = is_reserved || bg_str_eq_cstr(name, reserved_vars[k]);
            }
            if (is_reserved) {
                bg_template_fail(c, &key->loc, "'%.*s' is a built-in variable; choose another name",
                                 (int)name.len, name.ptr);
                continue;
            }
            bg_str raw;
            if (!bg_template_str(c, vars->items[i], &raw)) {
                continue;
            }
            if (!bg_template_find_var(c, name)) {
                add_var(c, cap, name, raw, &vars->items[i]->loc, BG_TVAR_TEMPLATE);
            }
        }
    }
    for (size_t i = 0; i < n_built; i++) {
        if (!bg_template_find_var(c, builtins->names[i])) {
            add_var(c, cap, builtins->names[i], builtins->values[i], NULL, BG_TVAR_BUILTIN);
        }
    }
    for (size_t i = 0; count_vars[i]; i++) {
        bg_str name = bg_str_from(count_vars[i]);
        if (!bg_template_find_var(c, name)) {
            add_var(c, cap, name, (bg_str){"", 0}, NULL, BG_TVAR_BUILTIN);
        }
    }
    bg_str aud = {"", 0};
    if (audience) {
        bg_template_str(c, audience, &aud);
    }
    add_var(c, cap, BG_STR_LIT("audience"), aud, audience ? &audience->loc : NULL,
            BG_TVAR_AUDIENCE);
    bg_str raw_title = {"", 0};
    if (title) {
        bg_template_str(c, title, &raw_title);
    }
    add_var(c, cap, BG_STR_LIT("title"), raw_title, title ? &title->loc : NULL, BG_TVAR_TITLE);
    warn_unused_overrides(c, vars, overrides);
}
