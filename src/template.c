/* Templates: templates/X.yaml → bg_template. template_merge.c reads and merges the extends
 * chain; this file checks the merged tree against the schema documented at the top of
 * templates/_base.yaml, substituting {{ var }} in every string. Nodes keep their file and
 * position, so an error in a merged value points at the file that set it. */
#include "template.h"

#include <string.h>

#include "clock.h"
#include "limit.h"
#include "template_merge.h"
#include "yload.h"

const char *const bg_style_names[BG_STYLE_COUNT] = {
    "title", "subtitle", "heading", "body",   "point",  "label",
    "table", "cite",     "ref",     "banner", "header", "footer",
};

static const char *const top_keys[] = {
    "extends",  "include", "audience",  "language", "author",  "vars",   "page",   "fonts",
    "fallback", "styles",  "title",     "subtitle", "banner",  "header", "footer", "max_pages",
    "sections", "logo",    "max_words", "pdfa",     "shorten", NULL,
};
static const char *const page_keys[] = {"size", "margins", NULL};
static const char *const style_keys[] = {
    "font",        "size",   "leading", "align",      "space_before",
    "space_after", "indent", "color",   "background", NULL,
};
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
static const char *const align_names[] = {"left", "justify", "center", "right", NULL};
static const char *const order_names[] = {"score", "source", NULL};
/* A `when:` variable is false when its value is one of these (or empty). */
static const char *const false_values[] = {"0", "false", "no", "off", "none", NULL};

/* Paper sizes in points (ISO 216 A4, US Letter). */
#define A4_WIDTH_PT 595.276
#define A4_HEIGHT_PT 841.890
#define LETTER_WIDTH_PT 612.0
#define LETTER_HEIGHT_PT 792.0
/* Smallest text area a page may keep after its margins: one column inch. */
#define MIN_TEXT_AREA_PT 72.0

/* --- Typed reads through yload, charged to the node's file --- */

/* Check @n's keys; returns whether @n is a mapping, so that the caller goes on to check
 * the known keys' values even when some keys were unknown. */
static bool y_keys(bg_template_ctx *c, const bg_ynode *n, const char *const *allowed)
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

static bool y_num(bg_template_ctx *c, const bg_ynode *n, double min, double max, double *out)
{
    if (!bg_template_may_report(c, &n->loc)) {
        return false;
    }
    unsigned before = c->d->n_errors;
    bool is_ok = bg_yload_number(n, min, max, c->d, out) == BG_OK;
    bg_template_charge(c, &n->loc, before);
    return is_ok;
}

static bool y_int(bg_template_ctx *c, const bg_ynode *n, long min, long max, long *out)
{
    if (!bg_template_may_report(c, &n->loc)) {
        return false;
    }
    unsigned before = c->d->n_errors;
    bool is_ok = bg_yload_int(n, min, max, c->d, out) == BG_OK;
    bg_template_charge(c, &n->loc, before);
    return is_ok;
}

/* `max_words: N` (words) or `max_words: P%` (of the sources' words, 1 to 100). */
static void read_max_words(bg_template_ctx *c, const bg_ynode *v, bg_template *t)
{
    if (!v || bg_yload_is_null(v)) {
        return;
    }
    if (v->kind == BG_YNODE_SCALAR && v->scalar.len > 1 &&
        v->scalar.ptr[v->scalar.len - 1] == '%') {
        long pct = 0;
        size_t i = 0;
        while (i + 1 < v->scalar.len && v->scalar.ptr[i] >= '0' && v->scalar.ptr[i] <= '9' &&
               pct <= 100) {
            pct = pct * 10 + (v->scalar.ptr[i++] - '0');
        }
        if (i + 1 == v->scalar.len && pct >= 1 && pct <= 100) {
            t->max_words_pct = (int)pct;
            return;
        }
        if (bg_template_may_report(c, &v->loc)) {
            unsigned before = c->d->n_errors;
            bg_diag_error(c->d, &v->loc, "expected a percentage from 1%% to 100%%, found '%s'",
                          v->scalar.ptr);
            bg_template_charge(c, &v->loc, before);
        }
        return;
    }
    long n = 0;
    if (y_int(c, v, 0, BG_MAX_WORDS, &n)) {
        t->max_words = n;
    }
}

static bool y_bool(bg_template_ctx *c, const bg_ynode *n, bool *out)
{
    if (!bg_template_may_report(c, &n->loc)) {
        return false;
    }
    unsigned before = c->d->n_errors;
    bool is_ok = bg_yload_bool(n, c->d, out) == BG_OK;
    bg_template_charge(c, &n->loc, before);
    return is_ok;
}

static bool y_choice(bg_template_ctx *c, const bg_ynode *n, const char *what,
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

/* --- The template file name --- */

static bool is_stem_char(char ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
           ch == '.' || ch == '_' || ch == '-';
}

/* "templates/minister.yaml" → "minister"; NULL (reported) when not [A-Za-z0-9._-]{1,100}. */
static const char *template_stem(bg_template_ctx *c, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t len = strlen(base);
    if (len > 5 && strcmp(base + len - 5, ".yaml") == 0) {
        len -= 5;
    }
    bool is_ok = len >= 1 && len <= BG_MAX_STEM_BYTES && base[0] != '.';
    for (size_t i = 0; is_ok && i < len; i++) {
        is_ok = is_stem_char(base[i]);
    }
    if (!is_ok) {
        bg_loc loc = {path, 0, 0};
        bg_template_fail(
            c, &loc,
            "template name '%.*s' must be 1 to %u of A-Z a-z 0-9 . _ - and not start with '.'",
            (int)len, base, BG_MAX_STEM_BYTES);
        return NULL;
    }
    const char *stem = bg_arena_strndup(c->a, base, len);
    if (!stem) {
        bg_template_oom(c);
    }
    return stem;
}

/* A substituted string field; absent or null → empty. */
static bg_str str_field(bg_template_ctx *c, const bg_ynode *n)
{
    bg_str raw;
    bg_str out = {"", 0};
    if (n && bg_template_str(c, n, &raw)) {
        bg_template_subst(c, raw, &n->loc, 0, &out);
    }
    return out;
}

/* --- Page, fonts, styles --- */

/* Is @n written in the template file itself (not inherited from a base or a partial)? */
static bool is_own(const bg_template_ctx *c, const bg_ynode *n)
{
    return n && n->loc.path && c->t->path && strcmp(n->loc.path, c->t->path) == 0;
}

/* The margins must leave a text area, whether they are written, inherited or the defaults.
 * The error goes where the template itself changes the page (its margins, else its size;
 * else wherever they are written), with a note naming the other half of the cause. */
static void check_text_area(bg_template_ctx *c, const bg_ynode *page, const bg_ynode *size,
                            const bg_ynode *margins)
{
    const bg_page_spec *p = &c->t->page;
    if (p->width_pt - p->margin_left_pt - p->margin_right_pt >= MIN_TEXT_AREA_PT &&
        p->height_pt - p->margin_top_pt - p->margin_bottom_pt >= MIN_TEXT_AREA_PT) {
        return;
    }
    const bg_ynode *at = margins;
    if (!is_own(c, margins) && (is_own(c, size) || !margins)) {
        at = size;
    }
    at = at ? at : page;
    if (!bg_template_may_report(c, &at->loc)) {
        c->has_error = true;
        return;
    }
    bg_template_fail(c, &at->loc, "margins leave less than %g pt for text", MIN_TEXT_AREA_PT);
    if (!margins) {
        bg_diag_note(c->d, &at->loc, "the margins are the defaults, %g pt each", p->margin_top_pt);
    } else if (at != margins) {
        bg_diag_note(c->d, &margins->loc, "the margins are set here");
    } else if (size) {
        bg_diag_note(c->d, &size->loc, "the page size is set here");
    }
}

static void read_page(bg_template_ctx *c, const bg_ynode *page)
{
    bg_page_spec *p = &c->t->page;
    p->width_pt = A4_WIDTH_PT;
    p->height_pt = A4_HEIGHT_PT;
    p->margin_top_pt = p->margin_right_pt = p->margin_bottom_pt = p->margin_left_pt = 56.0;
    if (!page || !y_keys(c, page, page_keys)) {
        return;
    }
    bool is_valid = true;
    const bg_ynode *size = bg_yload_get(page, "size");
    if (size && size->kind == BG_YNODE_SEQ) {
        if (size->n != 2) {
            bg_template_fail(c, &size->loc, "expected [width, height] in points, found %zu numbers",
                             size->n);
            is_valid = false;
        } else {
            is_valid = y_num(c, size->items[0], 72, 14400, &p->width_pt) &&
                       y_num(c, size->items[1], 72, 14400, &p->height_pt);
        }
    } else if (size) {
        static const char *const sizes[] = {"A4", "Letter", NULL};
        int k = 0;
        if (!y_choice(c, size, "page size", sizes, &k)) {
            is_valid = false;
        } else if (k == 1) {
            p->width_pt = LETTER_WIDTH_PT;
            p->height_pt = LETTER_HEIGHT_PT;
        }
    }
    const bg_ynode *margins = bg_yload_get(page, "margins");
    if (margins && !bg_template_expect(c, margins, BG_YNODE_SEQ)) {
        return;
    }
    if (margins) {
        if (margins->n != 4) {
            bg_template_fail(c, &margins->loc,
                             "expected 4 margins [top, right, bottom, left], found %zu",
                             margins->n);
            return;
        }
        double *m[] = {&p->margin_top_pt, &p->margin_right_pt, &p->margin_bottom_pt,
                       &p->margin_left_pt};
        for (size_t i = 0; i < 4; i++) {
            is_valid = y_num(c, margins->items[i], 0, 7200, m[i]) && is_valid;
        }
    }
    if (is_valid) {
        check_text_area(c, page, size, margins);
    }
}

static int face_index(const bg_page_spec *p, bg_str name)
{
    for (size_t i = 0; i < p->n_faces; i++) {
        if (bg_str_eq_cstr(name, p->faces[i].name)) {
            return (int)i;
        }
    }
    return -1;
}

static void fail_unknown_face(bg_template_ctx *c, const bg_loc *loc, bg_str name)
{
    if (c->has_bad_fonts) {
        /* The font map was refused and reported: every face name would be "unknown". */
        c->has_error = true;
        return;
    }
    const bg_page_spec *p = &c->t->page;
    const char *best = NULL;
    unsigned best_dist = 3;
    for (size_t i = 0; i < p->n_faces; i++) {
        const char *f = p->faces[i].name;
        unsigned dist = bg_diag_distance(name.ptr, name.len, f, strlen(f), 2);
        if (dist < best_dist) {
            best_dist = dist;
            best = f;
        }
    }
    bg_template_fail_unknown(c, loc, "font", name, best);
}

static void read_fonts(bg_template_ctx *c, const bg_ynode *fonts, const bg_ynode *fallback)
{
    bg_page_spec *p = &c->t->page;
    c->has_bad_fonts = true; /* until the map is accepted */
    if (!fonts) {
        bg_loc loc = {c->t->path, 0, 0};
        bg_template_fail(c, &loc, "missing key 'fonts'");
        return;
    }
    if (!bg_template_expect(c, fonts, BG_YNODE_MAP)) {
        return;
    }
    if (fonts->n > BG_MAX_FONTS) {
        bg_template_fail(c, &fonts->loc, "more than %u fonts", BG_MAX_FONTS);
        return;
    }
    c->has_bad_fonts = false;
    p->faces = bg_arena_array(c->a, fonts->n, sizeof(*p->faces));
    if (!p->faces) {
        bg_template_oom(c);
        return;
    }
    for (size_t i = 0; i < fonts->n; i++) {
        bg_str file;
        if (!bg_template_str(c, fonts->items[i], &file)) {
            continue;
        }
        bool has_slash = memchr(file.ptr, '/', file.len) != NULL;
        if (file.len == 0 || has_slash || file.ptr[0] == '.' || memchr(file.ptr, '\0', file.len)) {
            bg_template_fail(
                c, &fonts->items[i]->loc,
                "font '%.*s' must be a file name in the fonts directory, without '/' or '..'",
                (int)file.len, file.ptr);
            continue;
        }
        bg_face *f = &p->faces[p->n_faces++];
        f->name = fonts->keys[i]->scalar.ptr;
        f->path = bg_arena_printf(c->a, "%s/%.*s", c->fonts_dir, (int)file.len, file.ptr);
        if (!f->path) {
            bg_template_oom(c);
            return;
        }
    }
    if (!fallback || bg_yload_is_null(fallback) || !bg_template_expect(c, fallback, BG_YNODE_SEQ)) {
        return;
    }
    p->fallback = bg_arena_array(c->a, fallback->n, sizeof(*p->fallback));
    if (!p->fallback) {
        bg_template_oom(c);
        return;
    }
    for (size_t i = 0; i < fallback->n; i++) {
        bg_str name;
        if (!bg_template_str(c, fallback->items[i], &name)) {
            continue;
        }
        int k = face_index(p, name);
        if (k < 0) {
            fail_unknown_face(c, &fallback->items[i]->loc, name);
            continue;
        }
        p->fallback[p->n_fallback++] = (uint16_t)k;
    }
}

static bool parse_color(bg_str s, bg_rgb *out)
{
    if (s.len != 7 || s.ptr[0] != '#') {
        return false;
    }
    unsigned v[6];
    for (size_t i = 0; i < 6; i++) {
        char ch = s.ptr[i + 1];
        if (ch >= '0' && ch <= '9') {
            v[i] = (unsigned)(ch - '0');
        } else if (ch >= 'a' && ch <= 'f') {
            v[i] = (unsigned)(ch - 'a' + 10);
        } else if (ch >= 'A' && ch <= 'F') {
            v[i] = (unsigned)(ch - 'A' + 10);
        } else {
            return false;
        }
    }
    out->r = (float)(v[0] * 16 + v[1]) / 255.0f;
    out->g = (float)(v[2] * 16 + v[3]) / 255.0f;
    out->b = (float)(v[4] * 16 + v[5]) / 255.0f;
    return true;
}

static bool y_color(bg_template_ctx *c, const bg_ynode *n, bg_rgb *out)
{
    if (bg_yload_is_null(n)) {
        bg_template_fail(c, &n->loc,
                         "expected a colour like \"#1F3864\", found nothing (quote it: '#' "
                         "starts a comment)");
        return false;
    }
    bg_str s;
    if (!bg_template_str(c, n, &s)) {
        return false;
    }
    if (!parse_color(s, out)) {
        bg_template_fail(c, &n->loc, "expected a colour like \"#1F3864\", found '%.*s'", (int)s.len,
                         s.ptr);
        return false;
    }
    return true;
}

/* One style: fields it sets override @base (body's style, or defaults for body). Fields a
 * role does not set come from body, except alignment (left) and spacing (0). */
static void read_style(bg_template_ctx *c, const bg_ynode *n, bg_style *st, bool is_body)
{
    const bg_ynode *v;
    if (!y_keys(c, n, style_keys)) {
        return;
    }
    v = bg_yload_get(n, "font");
    if (v) {
        bg_str name;
        if (bg_template_str(c, v, &name)) {
            int k = face_index(&c->t->page, name);
            if (k < 0) {
                fail_unknown_face(c, &v->loc, name);
            } else {
                st->face = (uint16_t)k;
            }
        }
    } else if (is_body) {
        bg_template_fail(c, &n->loc, "style 'body' needs a 'font'");
    }
    bool has_size = false;
    v = bg_yload_get(n, "size");
    if (v) {
        has_size = y_num(c, v, 4, 96, &st->size_pt);
    }
    v = bg_yload_get(n, "leading");
    if (v) {
        y_num(c, v, 4, 200, &st->leading_pt);
    } else if (has_size || is_body) {
        st->leading_pt = st->size_pt * 1.3;
    }
    if (st->leading_pt < st->size_pt * 0.8) {
        bg_template_fail(c, v ? &v->loc : &n->loc, "leading %g pt is too tight for size %g pt",
                         st->leading_pt, st->size_pt);
    }
    struct {
        const char *key;
        double *field;
    } spacing[] = {
        {"space_before", &st->space_before_pt},
        {"space_after", &st->space_after_pt},
        {"indent", &st->indent_pt},
    };
    for (size_t i = 0; i < sizeof(spacing) / sizeof(spacing[0]); i++) {
        v = bg_yload_get(n, spacing[i].key);
        if (v) {
            y_num(c, v, 0, 500, spacing[i].field);
        }
    }
    v = bg_yload_get(n, "align");
    if (v) {
        int k = 0;
        if (y_choice(c, v, "alignment", align_names, &k)) {
            st->align = (bg_align)k;
        }
    }
    v = bg_yload_get(n, "color");
    if (v) {
        y_color(c, v, &st->color);
    }
    v = bg_yload_get(n, "background");
    if (v) {
        st->has_background = y_color(c, v, &st->background);
    }
}

static void read_styles(bg_template_ctx *c, const bg_ynode *styles)
{
    static const char *const roles[BG_STYLE_COUNT + 1] = {
        "title", "subtitle", "heading", "body",   "point",  "label", "table",
        "cite",  "ref",      "banner",  "header", "footer", NULL,
    };
    bg_style body = {0, 10.0, 13.0, 0, 0, 0, {0, 0, 0}, {1, 1, 1}, false, BG_ALIGN_LEFT};
    const bg_ynode *body_node =
        styles && styles->kind == BG_YNODE_MAP ? bg_yload_get(styles, "body") : NULL;
    if (styles && !y_keys(c, styles, roles)) {
        return;
    }
    if (!body_node) {
        bg_loc file = {c->t->path, 0, 0};
        bg_template_fail(c, styles ? &styles->loc : &file, "missing style 'body'");
    } else {
        read_style(c, body_node, &body, true);
    }
    for (size_t r = 0; r < BG_STYLE_COUNT; r++) {
        bg_style st = body;
        st.align = BG_ALIGN_LEFT;
        st.space_before_pt = st.space_after_pt = st.indent_pt = 0;
        st.has_background = false;
        if (r == BG_STYLE_BODY) {
            st = body;
        } else {
            const bg_ynode *n = bg_yload_get(styles, roles[r]);
            if (n) {
                read_style(c, n, &st, false);
            }
        }
        c->t->styles[r] = st;
    }
}

/* --- Sections --- */

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
    if (!y_keys(c, n, section_keys)) {
        return;
    }
    sec->heading = str_field(c, bg_yload_get(n, "heading"));
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
        y_bool(c, v, &sec->is_required);
    }
    read_condition(c, n, sec);
    if (sec->kind == BG_SEC_TEXT) {
        bg_str text = str_field(c, body);
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
    if (!y_keys(c, body, allowed)) {
        return;
    }
    long limit = 0;
    v = bg_yload_get(body, "limit");
    if (v && y_int(c, v, 0, BG_MAX_POINTS, &limit)) {
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
        y_num(c, v, -1e6, 1e6, &sec->min_score);
    }
    if (sec->kind == BG_SEC_POINTS) {
        v = bg_yload_get(body, "order");
        int k = 0;
        if (v && y_choice(c, v, "order", order_names, &k)) {
            sec->order = (bg_order)k;
        }
    } else {
        v = bg_yload_get(body, "kinds");
        if (v) {
            read_names(c, v, "fact kind", fact_kinds, &sec->fact_kinds, NULL, &sec->n_fact_kinds);
        }
        v = bg_yload_get(body, "style");
        int k = 0;
        if (v && sec->kind == BG_SEC_TIMELINE && y_choice(c, v, "style", timeline_styles, &k)) {
            sec->is_figure = k == 1;
        }
    }
}

/* `logo: FILE`: relative to the file that names it, inside templates/ like extends. The
 * image itself is read and checked by the pipeline (image.c), not here. */
static void read_logo(bg_template_ctx *c, const bg_ynode *v)
{
    const char *path = NULL;
    bg_status st = bg_template_resolve_ref(c, v->loc.path, v, &path);
    if (st == BG_ENOMEM) {
        c->is_oom = true;
    } else if (st == BG_OK) {
        c->t->logo_path = path;
    }
}

static void read_sections(bg_template_ctx *c, const bg_ynode *list)
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

/* --- Entry point --- */

static void read_template(bg_template_ctx *c, const bg_ynode *root, const bg_vars *overrides,
                          const bg_vars *builtins)
{
    bg_template *t = c->t;
    y_keys(c, root, top_keys);
    const bg_ynode *v;
    const bg_ynode *title = bg_yload_get(root, "title");
    bg_template_collect_vars(c, bg_yload_get(root, "vars"), overrides, builtins,
                             bg_yload_get(root, "audience"), title);
    if (c->is_oom) {
        return;
    }
    bg_template_var *aud = bg_template_find_var(c, BG_STR_LIT("audience"));
    if (aud && bg_template_resolve_var(c, aud)) {
        t->audience = aud->value;
    }
    /* the title first: other strings may use {{ title }} */
    bg_template_var *tv = bg_template_find_var(c, BG_STR_LIT("title"));
    t->title = (bg_str){"", 0};
    if (tv && title && !bg_template_subst(c, tv->raw, &title->loc, 0, &t->title)) {
        t->title = (bg_str){"", 0};
    }
    if (tv) {
        tv->value = t->title;
        tv->is_resolved = true;
    }
    t->subtitle = str_field(c, bg_yload_get(root, "subtitle"));
    t->author = str_field(c, bg_yload_get(root, "author"));
    c->allow_page = true;
    t->banner = str_field(c, bg_yload_get(root, "banner"));
    t->header = str_field(c, bg_yload_get(root, "header"));
    t->footer = str_field(c, bg_yload_get(root, "footer"));
    c->allow_page = false;
    t->language = BG_STR_LIT("en-GB");
    v = bg_yload_get(root, "language");
    if (v) {
        bg_template_str(c, v, &t->language);
    }
    v = bg_yload_get(root, "logo");
    if (v && !bg_yload_is_null(v)) {
        read_logo(c, v);
    }
    read_page(c, bg_yload_get(root, "page"));
    read_fonts(c, bg_yload_get(root, "fonts"), bg_yload_get(root, "fallback"));
    read_styles(c, bg_yload_get(root, "styles"));
    v = bg_yload_get(root, "max_pages");
    long max_pages = 0;
    if (v && !bg_yload_is_null(v) && y_int(c, v, 0, BG_MAX_PAGES, &max_pages)) {
        t->max_pages = (int)max_pages;
    }
    read_max_words(c, bg_yload_get(root, "max_words"), t);
    v = bg_yload_get(root, "shorten");
    if (v && !bg_yload_is_null(v) && y_num(c, v, 0.0, 1000.0, &t->shorten_margin)) {
        t->is_shortening = true;
    }
    v = bg_yload_get(root, "pdfa");
    if (v && !bg_yload_is_null(v) && y_bool(c, v, &t->is_pdfa)) {
        t->pdfa_loc = v->loc;
    }
    read_sections(c, bg_yload_get(root, "sections"));
    /* every variable, resolved, for callers (the depfile, --explain) */
    size_t n_out = 0;
    t->vars.names = bg_arena_array(c->a, c->n_vars, sizeof(bg_str));
    t->vars.values = bg_arena_array(c->a, c->n_vars, sizeof(bg_str));
    if (!t->vars.names || !t->vars.values) {
        bg_template_oom(c);
        return;
    }
    for (size_t i = 0; i < c->n_vars; i++) {
        bg_template_var *e = &c->vars[i];
        if (e->origin != BG_TVAR_OVERRIDE && e->origin != BG_TVAR_TEMPLATE) {
            continue;
        }
        if (!bg_template_resolve_var(c, e)) {
            continue;
        }
        t->vars.names[n_out] = e->name;
        t->vars.values[n_out] = e->value;
        n_out++;
    }
    t->vars.n = n_out;
}

/* @builtins plus date and date_iso for @now (allocated in c->a); NULL when out of memory. */
static const bg_vars *with_date(bg_template_ctx *c, const bg_vars *builtins, int64_t now)
{
    size_t n_given = builtins ? builtins->n : 0;
    bg_str *names = bg_arena_array(c->a, n_given + 2, sizeof(bg_str));
    bg_str *values = bg_arena_array(c->a, n_given + 2, sizeof(bg_str));
    bg_vars *v = bg_arena_alloc(c->a, sizeof(*v));
    char iso[11];
    char longd[32];
    bg_clock_iso_date(now, iso);
    bg_clock_long_date(now, longd, sizeof(longd));
    char *iso_copy = bg_arena_strndup(c->a, iso, strlen(iso));
    char *long_copy = bg_arena_strndup(c->a, longd, strlen(longd));
    if (!names || !values || !v || !iso_copy || !long_copy) {
        return NULL;
    }
    names[0] = BG_STR_LIT("date");
    values[0] = bg_str_from(long_copy);
    names[1] = BG_STR_LIT("date_iso");
    values[1] = bg_str_from(iso_copy);
    for (size_t i = 0; i < n_given; i++) {
        names[i + 2] = builtins->names[i];
        values[i + 2] = builtins->values[i];
    }
    *v = (bg_vars){names, values, n_given + 2};
    return v;
}

/* Shared by bg_template_load and bg_template_load_at (@is_dated). */
static bg_status load(const char *path, const char *templates_dir, const char *fonts_dir,
                      const bg_vars *overrides, const bg_vars *builtins, bool is_dated,
                      int64_t inputs_mtime, const bg_template_texts *texts, bg_arena *a, bg_diag *d,
                      bg_template **out)
{
    bg_template_ctx *c = bg_arena_alloc(a, sizeof(*c));
    bg_template *t = bg_arena_alloc(a, sizeof(*t));
    if (!c || !t) {
        bg_loc loc = {path, 0, 0};
        bg_diag_error(d, &loc, "out of memory loading the template");
        return BG_ENOMEM;
    }
    c->templates_dir = templates_dir;
    c->fonts_dir = fonts_dir;
    c->texts = texts;
    c->a = a;
    c->d = d;
    c->t = t;
    t->path = path;
    t->loc = (bg_loc){path, 0, 0};
    t->name = template_stem(c, path);
    if (!t->name) {
        return c->is_oom ? BG_ENOMEM : BG_EINPUT;
    }
    bg_ynode *merged = NULL;
    bg_status st = bg_template_merge_chain(c, path, &merged);
    if (st != BG_OK) {
        return st;
    }
    if (is_dated) {
        int64_t newest = c->newest_mtime;
        st = bg_clock_now(newest > inputs_mtime ? newest : inputs_mtime, d, &t->now);
        if (st != BG_OK) {
            return st;
        }
        builtins = with_date(c, builtins, t->now);
        if (!builtins) {
            bg_template_oom(c);
            return BG_ENOMEM;
        }
    }
    read_template(c, merged, overrides, builtins);
    if (c->is_oom) {
        return BG_ENOMEM;
    }
    if (c->has_error) {
        return BG_EINPUT;
    }
    *out = t;
    return BG_OK;
}

bg_status bg_template_load(const char *path, const char *templates_dir, const char *fonts_dir,
                           const bg_vars *overrides, const bg_vars *builtins, bg_arena *a,
                           bg_diag *d, bg_template **out)
{
    return load(path, templates_dir, fonts_dir, overrides, builtins, false, 0, NULL, a, d, out);
}

bg_status bg_template_load_at(const char *path, const char *templates_dir, const char *fonts_dir,
                              const bg_vars *overrides, const bg_vars *builtins,
                              int64_t inputs_mtime, const bg_template_texts *texts, bg_arena *a,
                              bg_diag *d, bg_template **out)
{
    return load(path, templates_dir, fonts_dir, overrides, builtins, true, inputs_mtime, texts, a,
                d, out);
}

void bg_template_drop_omitted(bg_template *t)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n_sections; i++) {
        if (!t->sections[i].is_omitted) {
            t->sections[n++] = t->sections[i];
        }
    }
    t->n_sections = n;
}
