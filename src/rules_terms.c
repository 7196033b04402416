/* Rules' terms: a rules file's `terms:` section read into named pieces of pattern, and
 * {{NAME}} expanded in the patterns below it (rules_terms.h). rules.c compiles the result. */
#include "rules_terms.h"

#include <string.h>

#include "limit.h"
#include "utf8.h"

static bool is_term_char(char c, bool first)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
           (!first && ((c >= '0' && c <= '9') || c == '-'));
}

/* The first "{{" in [p, end), or NULL. */
static const char *find_open(const char *p, const char *end)
{
    for (; p + 1 < end; p++) {
        if (p[0] == '{' && p[1] == '{') {
            return p;
        }
    }
    return NULL;
}

static bg_rules_term *find_term(const bg_rules_terms *t, bg_str name)
{
    for (size_t i = 0; i < t->n; i++) {
        if (bg_str_eq(t->items[i].name, name)) {
            return &t->items[i];
        }
    }
    return NULL;
}

/* The {{NAME}} at @open: its name in *name, true when it is closed by "}}"; *after is past
 * the "}}", or past the "{{" when it is not closed (never beyond @end). */
static bool name_at(const char *open, const char *end, bg_str *name, const char **after)
{
    const char *q = open + 2;
    while (q < end && is_term_char(*q, q == open + 2)) {
        q++;
    }
    *name = (bg_str){open + 2, (size_t)(q - open - 2)};
    bool is_closed = name->len > 0 && end - q >= 2 && q[0] == '}' && q[1] == '}';
    *after = is_closed ? q + 2 : open + 2;
    return is_closed;
}

/* The term that the {{ at @open names, its end in *after; NULL (reported at @where, with
 * the offset in characters from @text) when it names none or an unknown one. */
static const bg_rules_term *term_at(const bg_rules_terms *t, bg_str text, const char *open,
                                    const bg_loc *where, bg_diag *d, const char **after)
{
    bg_str name;
    bool is_closed = name_at(open, text.ptr + text.len, &name, after);
    const bg_rules_term *found = is_closed ? find_term(t, name) : NULL;
    size_t chars = bg_utf8_count(text.ptr, (size_t)(open - text.ptr));
    if (!is_closed) {
        bg_diag_error(d, where,
                      "'{{' at offset %zu names no term ({{NAME}}; a literal brace is '\\{')",
                      chars);
    } else if (!found) {
        bg_diag_error(d, where,
                      "unknown term '%.*s' at offset %zu (terms are defined in a 'terms:' "
                      "section above the rule)",
                      (int)name.len, name.ptr, chars);
    }
    return found;
}

bg_status bg_rules_terms_expand(const bg_rules_terms *t, bg_str text, const bg_loc *where,
                                bg_arena *a, bg_diag *d, bg_str *out)
{
    *out = text;
    const char *end = text.ptr + text.len;
    if (!find_open(text.ptr, end)) {
        return BG_OK;
    }
    /* Twice: the length, then the copy. */
    char *copy = NULL;
    size_t len = 0;
    for (int pass = 0; pass < 2; pass++) {
        const char *p = text.ptr;
        len = 0;
        for (;;) {
            const char *open = find_open(p, end);
            const char *stop = open ? open : end;
            if (copy) {
                memcpy(copy + len, p, (size_t)(stop - p));
            }
            len += (size_t)(stop - p);
            if (!open) {
                break;
            }
            const bg_rules_term *term = term_at(t, text, open, where, d, &p);
            if (!term) {
                return BG_EINPUT;
            }
            if (copy) {
                memcpy(copy + len, term->body.ptr, term->body.len);
            }
            len += term->body.len;
        }
        if (len > BG_MAX_PATTERN_BYTES) {
            bg_diag_error(d, where, "pattern with its terms expanded is over %u bytes",
                          BG_MAX_PATTERN_BYTES);
            return BG_EINPUT;
        }
        if (!copy) {
            copy = bg_arena_alloc_raw(a, len + 1);
            if (!copy) {
                return BG_ENOMEM;
            }
        }
    }
    copy[len] = 0;
    *out = (bg_str){copy, len};
    return BG_OK;
}

bg_rules_term *bg_rules_terms_next(bg_rules_terms *t, bg_str text, const char **cursor)
{
    const char *end = text.ptr + text.len;
    for (const char *open = find_open(*cursor, end); open; open = find_open(*cursor, end)) {
        bg_str name;
        bool is_closed = name_at(open, end, &name, cursor);
        bg_rules_term *found = is_closed ? find_term(t, name) : NULL;
        if (found) {
            return found;
        }
    }
    *cursor = end;
    return NULL;
}

/* One term NAME: BODY (bg_rules_term). */
static bg_status load_term(bg_rules_terms *t, const bg_ynode *key, const bg_ynode *body,
                           bg_arena *a, bg_diag *d)
{
    bg_str name = key->scalar;
    bool is_name = name.len > 0;
    for (size_t i = 0; i < name.len; i++) {
        is_name = is_name && is_term_char(name.ptr[i], i == 0);
    }
    if (!is_name) {
        bg_diag_error(d, &key->loc,
                      "term name '%.*s': letters, digits, '_' and '-', starting with a letter",
                      (int)name.len, name.ptr);
        return BG_EINPUT;
    }
    const bg_rules_term *seen = find_term(t, name);
    if (seen) {
        bg_diag_error(d, &key->loc, "term '%.*s' is defined twice (first at %s:%u)", (int)name.len,
                      name.ptr, seen->loc.path, seen->loc.line);
        return BG_EINPUT;
    }
    bg_status st = bg_yload_expect(body, BG_YNODE_SCALAR, d);
    if (st == BG_OK && body->scalar.len == 0) {
        bg_diag_error(d, &body->loc, "empty term");
        st = BG_EINPUT;
    }
    bg_str text = {0};
    st = st != BG_OK ? st : bg_rules_terms_expand(t, body->scalar, &body->loc, a, d, &text);
    if (st != BG_OK) {
        return st;
    }
    char *wrapped = bg_arena_printf(a, "(?:%.*s)", (int)text.len, text.ptr);
    if (!wrapped) {
        return BG_ENOMEM;
    }
    bg_rules_term *items = bg_arena_room(a, t->items, t->n, &t->cap, 8, sizeof(*items));
    if (!items) {
        return BG_ENOMEM;
    }
    t->items = items;
    t->items[t->n++] = (bg_rules_term){name, bg_str_from(wrapped), body->loc, false};
    return BG_OK;
}

bg_status bg_rules_terms_load(bg_rules_terms *t, const bg_ynode *n, bg_arena *a, bg_diag *d)
{
    bg_status st = bg_yload_expect(n, BG_YNODE_MAP, d);
    if (st != BG_OK) {
        return st;
    }
    for (size_t i = 0; i < n->n && d->n_errors < BG_MAX_ERRORS_PER_FILE; i++) {
        bg_status tst = load_term(t, n->keys[i], n->items[i], a, d);
        if (tst == BG_ENOMEM) {
            return tst;
        }
        st = st != BG_OK ? st : tst;
    }
    return st;
}
