/* The pipeline: one straight line of stages. The corpus (sources → sentences → points)
 * is built once per run; each briefing then goes template → compose → layout → render →
 * atomic write. The run arena holds everything and is freed once, here. */
#include "pipeline.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "clock.h"
#include "compose.h"
#include "depfile.h"
#include "extract.h"
#include "font.h"
#include "fsio.h"
#include "hyph.h"
#include "icc.h"
#include "image.h"
#include "layout.h"
#include "limit.h"
#include "pdf.h"
#include "report.h"
#include "rules.h"
#include "segment.h"
#include "source.h"
#include "template.h"

/* Debian's hyphen-en-us; a missing dictionary only disables hyphenation. */
#define BG_HYPH_DICT "/usr/share/hyphen/hyph_en_US.dic"

/* What every briefing of a run shares. */
typedef struct {
    const bg_opts *o;
    bg_arena *a;
    bg_diag *d;
    bg_source_set sources;
    bg_sentence_list sentences;
    bg_path_list rule_paths;
    bg_ruleset *rules;
    bg_point_list points;
    bg_hyph *hyph;
    bg_icc icc;       /* the PDF/A output profile, read once per run (is_icc_read) */
    bg_status icc_st; /* and how reading it ended */
    bool is_icc_read;
    bg_font_cache *fonts;             /* faces parsed once per run, shared by every briefing */
    bg_template_texts template_texts; /* template files read once, and their parses */
    int64_t now;
    bg_buf deps;      /* -M / --depfile output */
    unsigned n_stale; /* --check: outputs that would change */
} run;

static bg_status worst(bg_status a, bg_status b)
{
    return a != BG_OK ? a : b;
}

/* The newest mtime of the run-wide inputs: sources, sidecars, rules files. Each template
 * adds its own files (bg_template_load_at); fonts do not count, as the date is printed before
 * layout knows which fonts a briefing uses. */
static int64_t newest_mtime(const run *r)
{
    int64_t t = 0;
    for (size_t i = 0; i < r->sources.n; i++) {
        t = r->sources.items[i].mtime > t ? r->sources.items[i].mtime : t;
    }
    for (size_t i = 0; i < r->rule_paths.n; i++) {
        struct stat sb;
        if (stat(r->rule_paths.items[i], &sb) == 0 && (int64_t)sb.st_mtime > t) {
            t = (int64_t)sb.st_mtime;
        }
    }
    return t;
}

static bg_status load_rules(run *r)
{
    bg_status st = bg_fsio_list(r->o->rules_dir, ".yaml", r->a, r->d, &r->rule_paths);
    if (st != BG_OK) {
        return st;
    }
    if (r->rule_paths.n == 0) {
        bg_loc loc = {r->o->rules_dir, 0, 0};
        bg_diag_error(r->d, &loc, "no rules files (*.yaml)");
        return BG_EINPUT;
    }
    return bg_rules_load(r->rule_paths.items, r->rule_paths.n, r->a, r->d, &r->rules);
}

/* Sources → sentences → points, once per run. */
static bg_status build_corpus(run *r, const char *const *names, size_t n_names)
{
    bg_status st = bg_source_run(r->o->content_dir, names, n_names, r->a, r->d, &r->sources);
    /* Rules are loaded even when sources fail, so one run reports both. */
    bg_status rst = load_rules(r);
    if (st != BG_OK || rst != BG_OK) {
        return worst(st, rst);
    }
    st = bg_segment_run(&r->sources, r->a, r->d, &r->sentences);
    if (st == BG_OK) {
        st = bg_extract_run(&r->sentences, r->rules, r->a, r->d, &r->points);
    }
    return st;
}

/* "minister" → "templates/minister.yaml"; a path is taken as it is. */
static bg_status template_path(run *r, const char *name, const char **out)
{
    if (strchr(name, '/')) {
        *out = name;
        return BG_OK;
    }
    size_t len = strlen(name);
    bool has_ext = len > 5 && strcmp(name + len - 5, ".yaml") == 0;
    if (name[0] == '_') {
        bg_diag_error(r->d, NULL, "'%s' is a partial (its name starts with '_'), not a briefing",
                      name);
        return BG_EUSAGE;
    }
    *out = bg_arena_printf(r->a, "%s/%s%s", r->o->templates_dir, name, has_ext ? "" : ".yaml");
    return *out ? BG_OK : BG_ENOMEM;
}

static bg_status list_templates(run *r, bg_path_list *out)
{
    const bg_opts *o = r->o;
    if (o->n_names == 0) {
        bg_path_list all;
        bg_status st = bg_fsio_list(o->templates_dir, ".yaml", r->a, r->d, &all);
        if (st != BG_OK) {
            return st;
        }
        out->items = bg_arena_array(r->a, all.n + 1, sizeof(char *));
        if (!out->items) {
            return BG_ENOMEM;
        }
        for (size_t i = 0; i < all.n; i++) {
            const char *base = strrchr(all.items[i], '/');
            base = base ? base + 1 : all.items[i];
            if (base[0] != '_') {
                out->items[out->n++] = all.items[i];
            }
        }
        if (out->n == 0) {
            bg_loc loc = {o->templates_dir, 0, 0};
            bg_diag_error(r->d, &loc, "no templates (*.yaml not starting with '_')");
            return BG_EINPUT;
        }
        return BG_OK;
    }
    out->items = bg_arena_array(r->a, o->n_names, sizeof(char *));
    if (!out->items) {
        return BG_ENOMEM;
    }
    for (size_t i = 0; i < o->n_names; i++) {
        const char *path = NULL;
        bg_status st = template_path(r, o->names[i], &path);
        if (st != BG_OK) {
            return st;
        }
        out->items[out->n++] = path;
    }
    return BG_OK;
}

/* The template at @path, with the built-ins date, date_iso (from the newest input: see
 * bg_template_load_at), points and sources (the counts of this run). */
static bg_status load_template(run *r, const char *path, bg_arena *a, bg_template **out)
{
    char *n_points = bg_arena_printf(a, "%zu", r->points.n);
    char *n_sources = bg_arena_printf(a, "%zu", r->sources.n);
    if (!n_points || !n_sources) {
        return BG_ENOMEM;
    }
    bg_str names[2] = {BG_STR_LIT("points"), BG_STR_LIT("sources")};
    bg_str values[2] = {bg_str_from(n_points), bg_str_from(n_sources)};
    bg_vars builtins = {names, values, r->o->cmd == BG_CMD_BUILD ? 2 : 0};
    return bg_template_load_at(path, r->o->templates_dir, r->o->fonts_dir, &r->o->set, &builtins,
                               r->now, &r->template_texts, a, r->d, out);
}

/* Every input of one briefing, for -M. */
static bg_status add_deps(run *r, const char *target, const bg_template *t, const bg_fontset *fs)
{
    size_t cap = r->sources.n * 2 + r->rule_paths.n + t->n_chain + bg_font_count(fs) + 5;
    const char **deps = bg_arena_array(r->a, cap, sizeof(char *));
    if (!deps) {
        return BG_ENOMEM;
    }
    size_t n = 0;
    /* The directories too: adding or removing a source or rules file changes their mtime. */
    deps[n++] = r->o->content_dir;
    deps[n++] = r->o->rules_dir;
    for (size_t i = 0; i < r->sources.n; i++) {
        deps[n++] = r->sources.items[i].path;
        if (r->sources.items[i].meta_path) {
            deps[n++] = r->sources.items[i].meta_path;
        }
    }
    for (size_t i = 0; i < r->rule_paths.n; i++) {
        deps[n++] = r->rule_paths.items[i];
    }
    for (size_t i = 0; i < t->n_chain; i++) {
        deps[n++] = t->chain[i];
    }
    if (t->logo_path) {
        deps[n++] = t->logo_path;
    }
    if (t->is_pdfa) {
        deps[n++] = r->o->icc_profile;
    }
    for (uint16_t i = 0; i < bg_font_count(fs); i++) {
        if (bg_font_is_loaded(fs, i)) {
            deps[n++] = bg_font_path(fs, i);
        }
    }
    return bg_depfile_rule(&r->deps, target, deps, n) ? BG_OK : BG_ENOMEM;
}

/* The budgets the document missed before dropping: "max_pages", "max_words=50% (836 of
 * the sources' 1672 words)", or both. */
static char *budget_text(const bg_doc *doc, const bg_pages *pages_out, bg_arena *a)
{
    bool is_words = pages_out->is_over_words;
    const char *pages = pages_out->is_over_pages || !is_words ? "max_pages" : "";
    const char *and = *pages && is_words ? " and " : "";
    if (!is_words) {
        return bg_arena_printf(a, "%s", pages);
    }
    if (doc->max_words_pct == 0) {
        return bg_arena_printf(a, "%s%smax_words=%zu", pages, and, doc->max_words);
    }
    return bg_arena_printf(a, "%s%smax_words=%d%% (%zu of the sources' %zu words)", pages, and,
                           doc->max_words_pct, doc->max_words, doc->source_words);
}

/* build --explain: a note per point max_pages or max_words dropped or printed short (its
 * short variant's text), at its source line, with its score. */
static bg_status explain_drops(const char *out_path, const bg_template *t, const bg_doc *doc,
                               const bg_pages *pages, bg_arena *a, bg_diag *d)
{
    if (pages->n_dropped == 0 && pages->n_shortened == 0) {
        return BG_OK;
    }
    bg_loc out_loc = {out_path, 0, 0};
    const char *budget = budget_text(doc, pages, a);
    if (!budget) {
        return BG_ENOMEM;
    }
    if (pages->n_shortened == 0) {
        bg_diag_note(d, &out_loc, "dropped %zu point%s to fit %s", pages->n_dropped,
                     pages->n_dropped == 1 ? "" : "s", budget);
    } else if (pages->n_dropped == 0) {
        bg_diag_note(d, &out_loc, "printed %zu point%s short to fit %s", pages->n_shortened,
                     pages->n_shortened == 1 ? "" : "s", budget);
    } else {
        bg_diag_note(d, &out_loc, "dropped %zu point%s and printed %zu short to fit %s",
                     pages->n_dropped, pages->n_dropped == 1 ? "" : "s", pages->n_shortened,
                     budget);
    }
    bg_buf text;
    bg_buf_init(&text, BG_MAX_OUTPUT_BYTES);
    bg_status st = BG_OK;
    size_t n_notes = pages->n_dropped + pages->n_shortened;
    for (size_t i = 0; i < n_notes && st == BG_OK; i++) {
        bool is_short = i >= pages->n_dropped;
        const bg_doc_block *b =
            is_short ? pages->shortened[i - pages->n_dropped] : pages->dropped[i];
        if (b->kind == BG_DOC_TABLE) {
            bg_str h =
                b->section < t->n_sections ? t->sections[b->section].heading : (bg_str){"", 0};
            bg_diag_note(d, &out_loc, "dropped (score %.1f): the table%s%.*s%s", b->score,
                         h.len ? " of section '" : "", (int)h.len, h.ptr ? h.ptr : "",
                         h.len ? "'" : "");
            continue;
        }
        const bg_inline *in = is_short ? &b->brief : &b->text;
        const bg_sentence *origin = NULL;
        text.len = 0;
        for (size_t k = 0; k < in->n_runs; k++) {
            origin = origin ? origin : in->runs[k].origin;
            if (in->runs[k].kind == BG_RUN_TEXT &&
                !bg_buf_append(&text, in->runs[k].text.ptr, in->runs[k].text.len)) {
                st = BG_ENOMEM;
            }
        }
        bg_diag_note(d, origin ? &origin->loc : &out_loc, "%s (score %.1f): %.*s",
                     is_short ? "printed short" : "dropped", b->score, (int)text.len,
                     text.data ? text.data : "");
    }
    bg_buf_free(&text);
    return st;
}

/* The output intent profile of a `pdfa: true` template, read and checked (icc.c). A missing
 * or unusable profile is an error naming the file, with a note at the template's key. */
/* The run's ICC profile for @t (read and checked at the first PDF/A template; an error is
 * printed once, the note at each template that needs the profile). */
static bg_status load_profile(run *r, const bg_template *t, bg_icc *out)
{
    if (!r->is_icc_read) {
        r->icc_st = bg_icc_load(r->o->icc_profile, r->a, r->d, &r->icc);
        r->is_icc_read = true;
    }
    bg_status st = r->icc_st;
    *out = r->icc;
    if (st != BG_OK && st != BG_ENOMEM) {
        bg_diag_note(r->d, &t->pdfa_loc,
                     "'pdfa: true' needs an sRGB ICC profile (version 2): install the Debian "
                     "package icc-profiles-free, or name one with --icc-profile FILE");
    }
    return st;
}

/* One briefing: template → compose → layout → render → write, in arena @a. */
static bg_status build_in(run *r, const char *path, bg_arena *a)
{
    bg_template *t = NULL;
    bg_doc doc;
    bg_fontset *fs = NULL;
    bg_pages pages;
    bg_buf pdf;
    bg_buf_init(&pdf, BG_MAX_OUTPUT_BYTES);
    const char *out_path = NULL;
    bg_status st = load_template(r, path, a, &t);
    if (st == BG_OK) {
        out_path = bg_arena_printf(a, "%s/%s.pdf", r->o->out_dir, t->name);
        st = out_path ? BG_OK : BG_ENOMEM;
    }
    bg_image logo;
    if (st == BG_OK && t->logo_path) {
        /* Decoded and checked before any PDF work: a bad logo writes no PDF. */
        st = bg_image_load(t->logo_path, a, r->d, &logo);
    }
    bg_icc profile;
    if (st == BG_OK && t->is_pdfa) {
        st = load_profile(r, t, &profile);
    }
    if (st == BG_OK) {
        bg_template_drop_omitted(t);
        st = bg_compose_run(t, &r->points, t->now, a, r->d, &doc);
    }
    if (st == BG_OK) {
        doc.logo = t->logo_path ? &logo : NULL;
    }
    if (st == BG_OK) {
        st = bg_font_open_shared(&t->page, r->fonts, a, r->d, &fs);
    }
    if (st == BG_OK) {
        st = bg_layout_run(&doc, fs, r->hyph, a, r->d, &pages);
    }
    if (st == BG_OK && r->o->is_explain) {
        st = explain_drops(out_path, t, &doc, &pages, a, r->d);
    }
    if (st == BG_OK) {
        st = bg_pdf_run(&pages, fs, t->is_pdfa ? &profile : NULL, out_path, a, r->d, &pdf);
    }
    if (st != BG_OK) {
        goto out;
    }
    if (r->o->is_check) {
        if (!bg_fsio_same(out_path, pdf.data, pdf.len)) {
            bg_loc loc = {out_path, 0, 0};
            bg_diag_error(r->d, &loc, "stale or missing; run 'briefgen build %s'", t->name);
            r->n_stale++;
            st = BG_EINPUT;
        }
        goto out;
    }
    st = bg_fsio_write_atomic_batch(out_path, pdf.data, pdf.len, r->d); /* dir: cmd_build */
    if (st == BG_OK && r->o->depfile) {
        st = add_deps(r, out_path, t, fs);
    }
out:
    bg_buf_free(&pdf);
    return st;
}

/* One briefing in @b, a child of the run arena, reset once it is written: the run holds
 * one briefing's memory at a time and the next briefing reuses those pages (a fresh page
 * costs a fault, ~12 us on the bench machine). */
static bg_status build_one(run *r, const char *path, bg_arena *b)
{
    bg_status st = build_in(r, path, b);
    bg_arena_reset(b);
    return st;
}

static bg_status write_deps(run *r)
{
    if (!r->o->depfile) {
        return BG_OK;
    }
    if (strcmp(r->o->depfile, "-") == 0) {
        fwrite(r->deps.data ? r->deps.data : "", 1, r->deps.len, stdout);
        return BG_OK;
    }
    return bg_fsio_write_atomic(r->o->depfile, r->deps.data ? r->deps.data : "", r->deps.len, r->d);
}

/* Read every readable template file (partials too, at most BG_MAX_SHARED_TEMPLATES: the
 * loader reads the others itself) into r->template_texts, so that the template loader does not read
 * them again and parses each only once per run (the parses live in the run arena). The reads are
 * quiet: the loader alone reports a file it cannot read. */
static bg_status read_template_texts(run *r)
{
    bg_path_list files = {0};
    if (bg_fsio_list(r->o->templates_dir, ".yaml", r->a, r->d, &files) != BG_OK) {
        return r->a->failed ? BG_ENOMEM : BG_OK; /* list_templates reported it */
    }
    size_t cap = BG_MAX_SHARED_TEMPLATES;
    const char **paths = bg_arena_array(r->a, cap, sizeof(char *));
    bg_str *texts = bg_arena_array(r->a, cap, sizeof(bg_str));
    int64_t *mtimes = bg_arena_array(r->a, cap, sizeof(int64_t));
    struct bg_ynode **roots = bg_arena_array(r->a, cap, sizeof(*roots));
    if (!paths || !texts || !mtimes || !roots) {
        return BG_ENOMEM;
    }
    size_t n_read = 0;
    for (size_t i = 0; i < files.n && n_read < cap; i++) {
        bg_status st = bg_fsio_read(files.items[i], BG_MAX_YAML_BYTES, r->a, NULL, &texts[n_read],
                                    &mtimes[n_read]);
        if (st == BG_ENOMEM) {
            return st;
        }
        if (st == BG_OK) {
            paths[n_read++] = files.items[i];
        }
    }
    r->template_texts = (bg_template_texts){paths, texts, mtimes, n_read, roots, r->a};
    return BG_OK;
}

static bg_status cmd_build(run *r)
{
    bg_path_list templates = {0};
    bg_status st = list_templates(r, &templates);
    if (st != BG_OK) {
        return st;
    }
    st = build_corpus(r, NULL, 0);
    if (st != BG_OK) {
        return st;
    }
    st = bg_clock_now(newest_mtime(r), r->d, &r->now);
    if (st == BG_OK) {
        st = read_template_texts(r);
    }
    if (st == BG_OK) {
        st = bg_hyph_open_indexed(BG_HYPH_DICT, r->a, r->d, &r->hyph);
    }
    if (st == BG_OK) {
        r->fonts = bg_font_cache_new(r->a);
        st = r->fonts ? BG_OK : BG_ENOMEM;
    }
    if (st == BG_OK && !r->o->is_check) {
        st = bg_fsio_mkdir(r->o->out_dir, r->d);
        bg_fsio_clean_stale(r->o->out_dir);
    }
    if (st != BG_OK) {
        return st;
    }
    /* Briefings are independent: one failing does not stop the others. */
    bg_status result = BG_OK;
    bg_arena b;
    bg_arena_init_child(&b, r->a);
    for (size_t i = 0; i < templates.n; i++) {
        result = worst(result, build_one(r, templates.items[i], &b));
    }
    bg_arena_free(&b);
    if (!r->o->is_check) {
        bg_fsio_sync_dir(r->o->out_dir); /* makes every briefing's rename durable */
    }
    return worst(result, write_deps(r));
}

static bg_status cmd_extract(run *r)
{
    bg_status st = build_corpus(r, r->o->names, r->o->n_names);
    if (st != BG_OK) {
        return st;
    }
    if (!r->o->is_json) {
        return bg_report_text(&r->points, r->o->is_explain, stdout);
    }
    bg_buf json;
    bg_buf_init(&json, BG_MAX_OUTPUT_BYTES);
    st = bg_report_json(&r->points, r->o->is_explain, &json);
    if (st == BG_OK) {
        fwrite(json.data, 1, json.len, stdout);
    }
    bg_buf_free(&json);
    return st;
}

/* check: every template (with its fonts and categories) and every rules file, every error. */
static bg_status cmd_check(run *r)
{
    bg_path_list templates = {0};
    bg_status st = list_templates(r, &templates);
    bg_status rst = load_rules(r);
    if (st != BG_OK) {
        return worst(st, rst);
    }
    bg_status result = rst;
    r->now = 0;
    bg_point_list empty = {0};
    bg_sentence_list no_sentences = {0};
    bg_source_set no_sources = {0};
    no_sentences.sources = &no_sources;
    empty.sentences = &no_sentences;
    if (r->rules) {
        empty.n_categories = bg_rules_n_categories(r->rules);
        bg_str *cats = bg_arena_array(r->a, empty.n_categories + 1, sizeof(bg_str));
        if (!cats) {
            return BG_ENOMEM;
        }
        for (size_t i = 0; i < empty.n_categories; i++) {
            cats[i] = bg_rules_category(r->rules, i);
        }
        empty.categories = cats;
    }
    for (size_t i = 0; i < templates.n; i++) {
        bg_template *t = NULL;
        bg_status tst = load_template(r, templates.items[i], r->a, &t);
        bg_fontset *fs = NULL;
        bg_doc doc;
        if (tst == BG_OK && r->rules) {
            tst = bg_compose_run(t, &empty, 0, r->a, r->d, &doc);
        }
        if (tst == BG_OK && t->logo_path) {
            bg_image logo;
            tst = bg_image_load(t->logo_path, r->a, r->d, &logo);
        }
        if (tst == BG_OK && t->is_pdfa) {
            bg_icc profile;
            tst = load_profile(r, t, &profile);
        }
        if (tst == BG_OK) {
            tst = bg_font_open(&t->page, r->a, r->d, &fs);
        }
        for (uint16_t k = 0; tst == BG_OK && k < t->page.n_faces; k++) {
            tst = bg_font_use(fs, k, r->d);
        }
        result = worst(result, tst);
    }
    return result;
}

bg_status bg_pipeline_run(const bg_opts *o, bg_diag *d)
{
    return bg_pipeline_run_failing(o, d, 0);
}

bg_status bg_pipeline_run_failing(const bg_opts *o, bg_diag *d, unsigned long fail_after)
{
    bg_arena arena;
    bg_arena_init(&arena, BG_MAX_RUN_BYTES);
    arena.fail_after = fail_after;
    run r = {.o = o, .a = &arena, .d = d};
    bg_buf_init(&r.deps, BG_MAX_OUTPUT_BYTES);
    bg_status st = BG_EINTERNAL;
    switch (o->cmd) {
    case BG_CMD_BUILD:
        st = cmd_build(&r);
        break;
    case BG_CMD_EXTRACT:
        st = cmd_extract(&r);
        break;
    case BG_CMD_CHECK:
        st = cmd_check(&r);
        break;
    case BG_CMD_NONE:
    default:
        break;
    }
    if (st == BG_ENOMEM || arena.failed) {
        bg_diag_error(d, NULL, "out of memory (run limit %zu MiB)", (size_t)BG_MAX_RUN_BYTES >> 20);
        st = st == BG_OK ? BG_ENOMEM : st;
    }
    bg_buf_free(&r.deps);
    bg_arena_free(&arena);
    return st;
}
