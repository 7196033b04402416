/* Templates: variables and {{ name }} substitution (see template_int.h). Collects --set
 * overrides, the template's `vars`, the built-ins, audience and title in lookup order;
 * resolves each value once, with one level of references; substitutes strings. */
#include <string.h>

#include "template_int.h"

static const char *const reserved_vars[] = {"page",   "pages",   "title", "audience",
                                            "points", "sources", NULL};
/* Built-ins that are counts of the run (pipeline.c passes them); empty when not passed. */
static const char *const count_vars[] = {"points", "sources", NULL};

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
