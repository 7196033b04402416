/* The template module's errors and typed reads (see template_int.h): every error is
 * charged to the file that wrote the node, with a budget of BG_MAX_ERRORS_PER_FILE per
 * file; numbers, integers, booleans, choices and keys are read through yload and charged
 * the same way. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "template_int.h"

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

/* Check @n's keys; returns whether @n is a mapping, so that the caller goes on to check
 * the known keys' values even when some keys were unknown. */
bool bg_template_keys(bg_template_ctx *c, const bg_ynode *n, const char *const *allowed)
{
    if (!bg_template_expect(c, n, BG_YNODE_MAP)) {
        return false;
    }
    if (bg_template_may_report(c, &n->loc)) {
        unsigned before = c->d->n_errors;
        bg_yload_check_keys(n, allowed, c->d);
        bg_template_charge(c, &n->loc, before);
    }
    return true;
}

bool bg_template_num(bg_template_ctx *c, const bg_ynode *n, double min, double max, double *out)
{
    if (!bg_template_may_report(c, &n->loc)) {
        return false;
    }
    unsigned before = c->d->n_errors;
    bool is_ok = bg_yload_number(n, min, max, c->d, out) == BG_OK;
    bg_template_charge(c, &n->loc, before);
    return is_ok;
}

bool bg_template_int(bg_template_ctx *c, const bg_ynode *n, long min, long max, long *out)
{
    if (!bg_template_may_report(c, &n->loc)) {
        return false;
    }
    unsigned before = c->d->n_errors;
    bool is_ok = bg_yload_int(n, min, max, c->d, out) == BG_OK;
    bg_template_charge(c, &n->loc, before);
    return is_ok;
}

bool bg_template_bool(bg_template_ctx *c, const bg_ynode *n, bool *out)
{
    if (!bg_template_may_report(c, &n->loc)) {
        return false;
    }
    unsigned before = c->d->n_errors;
    bool is_ok = bg_yload_bool(n, c->d, out) == BG_OK;
    bg_template_charge(c, &n->loc, before);
    return is_ok;
}

bool bg_template_choice(bg_template_ctx *c, const bg_ynode *n, const char *what,
                        const char *const *options, int *out)
{
    bg_str s;
    if (!bg_template_str(c, n, &s)) {
        return false;
    }
    for (int i = 0; options[i]; i++) {
        if (bg_str_eq_cstr(s, options[i])) {
            *out = i;
            return true;
        }
    }
    bg_template_fail_unknown(c, &n->loc, what, s, bg_template_suggest(s, options));
    return false;
}

/* A substituted string field; absent or null → empty. */
bg_str bg_template_str_field(bg_template_ctx *c, const bg_ynode *n)
{
    bg_str raw;
    bg_str out = {"", 0};
    if (n && bg_template_str(c, n, &raw)) {
        bg_template_subst(c, raw, &n->loc, 0, &out);
    }
    return out;
}
