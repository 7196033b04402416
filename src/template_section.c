/* Templates: the `sections` list of the merged tree → c->t->sections. Each section's
 * heading, kind (text, points, timeline, table, sources) with its options, and its
 * `required`, `when` and `unless` conditions. */
#include <string.h>

#include "limit.h"
#include "template_int.h"
#include "yload.h"

static const char *const section_keys[] = {
    "heading", "text", "points", "timeline", "table", "sources", "required", "when", "unless", NULL,
};
/* The section kinds, in bg_section_kind order. */
static const char *const kind_keys[] = {"text", "points", "timeline", "table", "sources", NULL};
static const char *const points_keys[] = {"categories", "limit", "min_score", "order", NULL};
static const char *const facts_keys[] = {"kinds", "categories", "limit", "min_score", NULL};
static const char *const timeline_keys[] = {"kinds",     "categories", "limit",
                                            "min_score", "style",      NULL};
static const char *const timeline_styles[] = {"list", "figure", NULL};
static const char *const sources_keys[] = {NULL};
static const char *const fact_kinds[] = {"date", "amount", "count", "org", "other", NULL};
static const char *const order_names[] = {"score", "source", NULL};
/* A `when:` variable is false when its value is one of these (or empty). */
static const char *const false_values[] = {"0", "false", "no", "off", "none", NULL};

/* A list of names, each checked against @known (NULL = any name). @locs_out, when given,
 * receives where each kept name is written, for errors found later (compose checks
 * categories against the rules). */
static bool read_names(bg_template_ctx *c, const bg_ynode *n, const char *what,
                       const char *const *known, bg_str **out, bg_loc **locs_out, size_t *n_out)
{
    if (!bg_template_expect(c, n, BG_YNODE_SEQ)) {
        return false;
    }
    bg_str *names = bg_arena_array(c->a, n->n, sizeof(*names));
    bg_loc *locs = bg_arena_array(c->a, n->n, sizeof(*locs));
    if (!names || !locs) {
        bg_template_oom(c);
        return false;
    }
    size_t k = 0;
    for (size_t i = 0; i < n->n; i++) {
        bg_str s = {"", 0};
        if (!bg_template_str(c, n->items[i], &s)) {
            continue;
        }
        if (s.len == 0) {
            bg_template_fail(c, &n->items[i]->loc, "empty %s name", what);
            continue;
        }
        bool is_known = !known;
        for (size_t j = 0; known && known[j]; j++) {
            is_known = is_known || bg_str_eq_cstr(s, known[j]);
        }
        if (!is_known) {
            bg_template_fail_unknown(c, &n->items[i]->loc, what, s, bg_template_suggest(s, known));
            continue;
        }
        locs[k] = n->items[i]->loc;
        names[k++] = s;
    }
    *out = names;
    if (locs_out) {
        *locs_out = locs;
    }
    *n_out = k;
    return true;
}

/* `when: NAME` keeps the section only when the variable NAME is true (not empty, 0, false,
 * no, off or none); `unless: NAME` only when it is false. The built-ins `points` and
 * `sources` count the run's key points and sources, so `when: points` works on any kind. */
static void read_condition(bg_template_ctx *c, const bg_ynode *n, bg_section *sec)
{
    const bg_ynode *when = bg_yload_get(n, "when");
    const bg_ynode *unless = bg_yload_get(n, "unless");
    if (when && unless) {
        bg_template_fail(c, &unless->loc, "section has both 'when' and 'unless' (expected one)");
        return;
    }
    const bg_ynode *v = when ? when : unless;
    bg_str name;
    if (!v || !bg_template_str(c, v, &name)) {
        return;
    }
    bg_template_var *var = bg_template_find_var(c, name);
    if (name.len == 0 || !var) {
        bg_template_fail_unknown_var(c, &v->loc, name);
        return;
    }
    if (!bg_template_resolve_var(c, var)) {
        return;
    }
    bool is_true = var->value.len > 0;
    for (size_t i = 0; is_true && false_values[i]; i++) {
        is_true = !bg_str_eq_cstr(var->value, false_values[i]);
    }
    sec->when = name;
    sec->is_unless = unless != NULL;
    sec->is_omitted = sec->is_unless ? is_true : !is_true;
}

static void read_section(bg_template_ctx *c, const bg_ynode *n, bg_section *sec)
{
    sec->loc = n->loc;
    if (!bg_template_keys(c, n, section_keys)) {
        return;
    }
    sec->heading = bg_template_str_field(c, bg_yload_get(n, "heading"));
    const bg_ynode *body = NULL;
    int kind = -1;
    for (int k = 0; kind_keys[k]; k++) {
        const bg_ynode *v = bg_yload_get(n, kind_keys[k]);
        if (!v) {
            continue;
        }
        if (kind >= 0) {
            bg_template_fail(c, &v->loc, "section has both '%s' and '%s' (expected exactly one)",
                             kind_keys[kind], kind_keys[k]);
            return;
        }
        kind = k;
        body = v;
    }
    if (kind < 0) {
        bg_template_fail(c, &n->loc,
                         "section has none of 'text', 'points', 'timeline', 'table', 'sources'");
        return;
    }
    sec->kind = (bg_section_kind)kind;
    sec->is_required = sec->kind == BG_SEC_TEXT;
    const bg_ynode *v = bg_yload_get(n, "required");
    if (v) {
        bg_template_bool(c, v, &sec->is_required);
    }
    read_condition(c, n, sec);
    if (sec->kind == BG_SEC_TEXT) {
        bg_str text = bg_template_str_field(c, body);
        while (text.len && (text.ptr[text.len - 1] == '\n' || text.ptr[text.len - 1] == ' ')) {
            text.len--;
        }
        sec->text = text;
        return;
    }
    if (bg_yload_is_null(body)) {
        return; /* `sources:` alone: every default */
    }
    const char *const *allowed = sec->kind == BG_SEC_POINTS     ? points_keys
                                 : sec->kind == BG_SEC_SOURCES  ? sources_keys
                                 : sec->kind == BG_SEC_TIMELINE ? timeline_keys
                                                                : facts_keys;
    if (!bg_template_keys(c, body, allowed)) {
        return;
    }
    long limit = 0;
    v = bg_yload_get(body, "limit");
    if (v && bg_template_int(c, v, 0, BG_MAX_POINTS, &limit)) {
        sec->limit = (uint32_t)limit;
    }
    if (sec->kind == BG_SEC_SOURCES) {
        return;
    }
    v = bg_yload_get(body, "categories");
    if (v) {
        read_names(c, v, "category", NULL, &sec->categories, &sec->category_locs,
                   &sec->n_categories);
    }
    v = bg_yload_get(body, "min_score");
    if (v) {
        bg_template_num(c, v, -1e6, 1e6, &sec->min_score);
    }
    if (sec->kind == BG_SEC_POINTS) {
        v = bg_yload_get(body, "order");
        int k = 0;
        if (v && bg_template_choice(c, v, "order", order_names, &k)) {
            sec->order = (bg_order)k;
        }
    } else {
        v = bg_yload_get(body, "kinds");
        if (v) {
            read_names(c, v, "fact kind", fact_kinds, &sec->fact_kinds, NULL, &sec->n_fact_kinds);
        }
        v = bg_yload_get(body, "style");
        int k = 0;
        if (v && sec->kind == BG_SEC_TIMELINE &&
            bg_template_choice(c, v, "style", timeline_styles, &k)) {
            sec->is_figure = k == 1;
        }
    }
}

void bg_template_read_sections(bg_template_ctx *c, const bg_ynode *list)
{
    if (!list) {
        bg_loc loc = {c->t->path, 0, 0};
        bg_template_fail(c, &loc, "missing key 'sections'");
        return;
    }
    if (!bg_template_expect(c, list, BG_YNODE_SEQ)) {
        return;
    }
    if (list->n == 0) {
        bg_template_fail(c, &list->loc, "expected at least one section, found none");
        return;
    }
    if (list->n > BG_MAX_SECTIONS) {
        bg_template_fail(c, &list->loc, "more than %u sections", BG_MAX_SECTIONS);
        return;
    }
    c->t->sections = bg_arena_array(c->a, list->n, sizeof(*c->t->sections));
    if (!c->t->sections) {
        bg_template_oom(c);
        return;
    }
    for (size_t i = 0; i < list->n; i++) {
        read_section(c, list->items[i], &c->t->sections[i]);
    }
    c->t->n_sections = list->n;
}
