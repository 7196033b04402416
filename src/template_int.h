/* Internal to the template module, split by sub-stage (STYLE §1): template.c (entry point,
 * top-level keys), template_read.c (errors and typed reads), template_merge.c (the extends
 * chain), template_vars.c (variables, {{ name }}), template_style.c (page, fonts, styles)
 * and template_section.c (sections). No other module includes this header. */
#ifndef BG_TEMPLATE_INT_H
#define BG_TEMPLATE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "limit.h"
#include "str.h"
#include "template.h"
#include "yload.h"

/* Where a variable comes from, in lookup order. */
typedef enum {
    BG_TVAR_OVERRIDE, /* --set: literal */
    BG_TVAR_TEMPLATE, /* vars: may refer to other variables, one level deep */
    BG_TVAR_BUILTIN,  /* date, date_iso, ...: literal */
    BG_TVAR_AUDIENCE, /* audience: like a template var */
    BG_TVAR_TITLE     /* title: resolved before every other string */
} bg_template_var_origin;

typedef struct {
    bg_str name;
    bg_str raw;
    bg_str value;      /* resolved (one level of references) */
    const bg_loc *loc; /* template vars, audience, title: where the value is written */
    bg_template_var_origin origin;
    bool is_resolved;
    bool is_resolving;
} bg_template_var;

typedef struct {
    const char *path;
    unsigned n_errors;
} bg_template_budget;

/* Files one template may read: its extends chain (at most BG_MAX_INCLUDE_DEPTH + 1 files)
 * and as many included partials. */
#define BG_TEMPLATE_MAX_FILES (2u * (BG_MAX_INCLUDE_DEPTH + 1u))

/* The state of one bg_template_load: the output, the error budget per file of the chain,
 * and the variables. */
typedef struct {
    const char *templates_dir;
    const char *fonts_dir;
    const bg_template_texts *texts; /* files read already; may be NULL */
    int64_t newest_mtime;           /* s: the newest of the files read so far */
    bg_arena *a;
    bg_diag *d;
    bg_template *t;
    bg_template_budget budgets[BG_TEMPLATE_MAX_FILES + 1];
    size_t n_budgets;
    bool has_error;
    bool is_oom;
    bool has_bad_fonts;    /* the font map was refused: face names are not checked */
    bg_template_var *vars; /* allocated in a */
    size_t n_vars;
    bool allow_page; /* substituting furniture: {{ page }} and {{ pages }} are allowed */
} bg_template_ctx;

/* --- Errors (template_read.c) --- */

/* At most BG_MAX_ERRORS_PER_FILE errors per file, then silence (has_error stays). */

/* May one more error be reported at @loc's file? */
bool bg_template_may_report(bg_template_ctx *c, const bg_loc *loc);
/* Charge the errors reported since @before (a d->n_errors value) to @loc's file. */
void bg_template_charge(bg_template_ctx *c, const bg_loc *loc, unsigned before);
/* Report an error at @loc within the budget; sets c->has_error. */
void bg_template_fail(bg_template_ctx *c, const bg_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "unknown WHAT 'x' (did you mean 'HINT'?)"; @hint may be NULL. */
void bg_template_fail_unknown(bg_template_ctx *c, const bg_loc *loc, const char *what, bg_str s,
                              const char *hint);
/* Report running out of memory once; sets c->is_oom. */
void bg_template_oom(bg_template_ctx *c);
/* The option of the NULL-terminated @options within edit distance 2 of @s, or NULL. */
const char *bg_template_suggest(bg_str s, const char *const *options);
/* Is @n of @kind? Else "expected X, found Y" (charged). */
bool bg_template_expect(bg_template_ctx *c, const bg_ynode *n, bg_ynode_kind kind);
/* A string: any scalar, a plain null being ""; else a type error. */
bool bg_template_str(bg_template_ctx *c, const bg_ynode *n, bg_str *out);

/* --- Typed reads through yload, charged to the node's file (template_read.c) --- */

/* Check @n's keys against the NULL-terminated @allowed; returns whether @n is a mapping, so
 * that the caller goes on to check the known keys' values even when some keys were unknown. */
bool bg_template_keys(bg_template_ctx *c, const bg_ynode *n, const char *const *allowed);
/* A number in [@min, @max] into *out; false (reported, or over budget) otherwise. */
bool bg_template_num(bg_template_ctx *c, const bg_ynode *n, double min, double max, double *out);
/* An integer in [@min, @max] into *out; false (reported, or over budget) otherwise. */
bool bg_template_int(bg_template_ctx *c, const bg_ynode *n, long min, long max, long *out);
/* A boolean into *out; false (reported, or over budget) otherwise. */
bool bg_template_bool(bg_template_ctx *c, const bg_ynode *n, bool *out);
/* The index of @n's string among the NULL-terminated @options into *out; else "unknown
 * WHAT" with a suggestion. */
bool bg_template_choice(bg_template_ctx *c, const bg_ynode *n, const char *what,
                        const char *const *options, int *out);
/* A substituted string field; absent or null → empty. */
bg_str bg_template_str_field(bg_template_ctx *c, const bg_ynode *n);

/* --- The extends chain (template_merge.c) --- */

/* Resolve @ref (a path written in the file @from: `extends:`, `include:`, `logo:`) to a
 * path confined to c->templates_dir, joined in c->a: a lexical check first, so that
 * "../../x" is refused as leaving the directory whether or not it exists, then
 * bg_fsio_confine (symlinks). Errors are reported at @ref; BG_EINPUT or BG_ENOMEM. */
bg_status bg_template_resolve_ref(bg_template_ctx *c, const char *from, const bg_ynode *ref,
                                  const char **out);

/* Read @path (its text from c->texts when listed there), every base it extends (at most
 * BG_MAX_INCLUDE_DEPTH + 1 files, no cycles) and every partial each of them lists in `include:`
 * (which may neither extend nor include), all confined to c->templates_dir; list them in
 * c->t->chain and merge them: the last base first, then each file's includes in order, then the
 * file itself. Mappings merge key by key, recursively; other values are replaced. Nodes keep their
 * own file and position. */
bg_status bg_template_merge_chain(bg_template_ctx *c, const char *path, bg_ynode **merged);

/* --- Variables (template_vars.c) --- */

/* Collect the variables in lookup order: @overrides, the template's @vars, @builtins,
 * audience, title (the last two from their nodes, which may be NULL). */
void bg_template_collect_vars(bg_template_ctx *c, const bg_ynode *vars, const bg_vars *overrides,
                              const bg_vars *builtins, const bg_ynode *audience,
                              const bg_ynode *title);
bg_template_var *bg_template_find_var(bg_template_ctx *c, bg_str name);
/* "unknown variable 'NAME'" at @loc, with the nearest variable as a suggestion. */
void bg_template_fail_unknown_var(bg_template_ctx *c, const bg_loc *loc, bg_str name);
/* Resolve @v's value once (errors reported once, at the variable). */
bool bg_template_resolve_var(bg_template_ctx *c, bg_template_var *v);
/* Substitute every {{ name }} of @in (depth 0: a template string; 1: a variable's value,
 * whose references must be to values without references). Errors at @loc. The result is
 * @in itself when nothing changes, else allocated in c->a; at most BG_MAX_SUBST_BYTES. */
bool bg_template_subst(bg_template_ctx *c, bg_str in, const bg_loc *loc, unsigned depth,
                       bg_str *out);

/* --- Parts of the schema (template_style.c, template_section.c) --- */

/* `page:` (may be NULL: A4, 56 pt margins) → c->t->page size and margins; the margins
 * must leave a text area. */
void bg_template_read_page(bg_template_ctx *c, const bg_ynode *page);
/* `fonts:` (required) and `fallback:` → c->t->page faces and fallback chain; sets
 * c->has_bad_fonts when the map is refused. */
void bg_template_read_fonts(bg_template_ctx *c, const bg_ynode *fonts, const bg_ynode *fallback);
/* `styles:` (`body` required) → c->t->styles, each role inheriting from body. */
void bg_template_read_styles(bg_template_ctx *c, const bg_ynode *styles);
/* `sections:` (required, 1 to BG_MAX_SECTIONS) → c->t->sections. */
void bg_template_read_sections(bg_template_ctx *c, const bg_ynode *list);

#endif
