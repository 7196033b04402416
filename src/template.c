/* Templates: templates/X.yaml → bg_template. The entry point: checks the template's file
 * name, has template_merge.c read and merge the extends chain and template_vars.c collect
 * the variables, then reads the merged tree's top-level keys against the schema documented
 * at the top of templates/_base.yaml (page, fonts and styles in template_style.c, sections
 * in template_section.c; typed reads and errors in template_read.c). */
#include "template.h"

#include <string.h>

#include "clock.h"
#include "limit.h"
#include "template_int.h"
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

/* --- Top-level keys --- */

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
    if (bg_template_int(c, v, 0, BG_MAX_WORDS, &n)) {
        t->max_words = n;
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

/* --- Entry point --- */

static void read_template(bg_template_ctx *c, const bg_ynode *root, const bg_vars *overrides,
                          const bg_vars *builtins)
{
    bg_template *t = c->t;
    bg_template_keys(c, root, top_keys);
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
    t->subtitle = bg_template_str_field(c, bg_yload_get(root, "subtitle"));
    t->author = bg_template_str_field(c, bg_yload_get(root, "author"));
    c->allow_page = true;
    t->banner = bg_template_str_field(c, bg_yload_get(root, "banner"));
    t->header = bg_template_str_field(c, bg_yload_get(root, "header"));
    t->footer = bg_template_str_field(c, bg_yload_get(root, "footer"));
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
    bg_template_read_page(c, bg_yload_get(root, "page"));
    bg_template_read_fonts(c, bg_yload_get(root, "fonts"), bg_yload_get(root, "fallback"));
    bg_template_read_styles(c, bg_yload_get(root, "styles"));
    v = bg_yload_get(root, "max_pages");
    long max_pages = 0;
    if (v && !bg_yload_is_null(v) && bg_template_int(c, v, 0, BG_MAX_PAGES, &max_pages)) {
        t->max_pages = (int)max_pages;
    }
    read_max_words(c, bg_yload_get(root, "max_words"), t);
    v = bg_yload_get(root, "shorten");
    if (v && !bg_yload_is_null(v) && bg_template_num(c, v, 0.0, 1000.0, &t->shorten_margin)) {
        t->is_shortening = true;
    }
    v = bg_yload_get(root, "pdfa");
    if (v && !bg_yload_is_null(v) && bg_template_bool(c, v, &t->is_pdfa)) {
        t->pdfa_loc = v->loc;
    }
    bg_template_read_sections(c, bg_yload_get(root, "sections"));
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
