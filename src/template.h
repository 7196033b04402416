/* Templates: templates/X.yaml → bg_template. Resolves `extends:` chains and `include:`d
 * partials (cycle- and depth-checked, confined to the templates directory), merges them,
 * checks every key and type against the schema (did-you-mean for unknown keys), and
 * substitutes {{ var }} from vars, --set overrides and built-ins. {{ page }} and
 * {{ pages }} are kept for layout. Does not read sources or rules (the date comes from the
 * mtimes of its own files, as read). */
#ifndef BG_TEMPLATE_H
#define BG_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "str.h"
#include "style.h"

typedef struct {
    bg_str *names;
    bg_str *values;
    size_t n;
} bg_vars;

struct bg_ynode;

/* Template files the caller has read already: the loader takes a listed file's text and
 * mtime from here instead of reading it again. Paths are compared as strings, so list them
 * as the loader joins them ("DIR/NAME.yaml"); a file not listed is read. With @roots, the
 * loader also keeps the parse of a listed file there (allocated in @arena, which must
 * outlive every load) once it parsed without a diagnostic, and later loads reuse it: a
 * base template that four briefings extend is parsed once. A file whose parse reported
 * anything is parsed again by each load, so each reports it as before. */
typedef struct {
    const char *const *paths; /* borrowed */
    const bg_str *texts;      /* borrowed; NUL-terminated, as bg_fsio_read leaves them */
    const int64_t *mtimes;    /* s */
    size_t n;
    struct bg_ynode **roots; /* [n], NULL until parsed; NULL: parse every time */
    bg_arena *arena;         /* holds the parses in roots */
} bg_template_texts;

typedef enum {
    BG_SEC_TEXT,     /* static text: paragraphs separated by blank lines */
    BG_SEC_POINTS,   /* key points of some categories */
    BG_SEC_TIMELINE, /* dated facts in date order */
    BG_SEC_TABLE,    /* facts as rows */
    BG_SEC_SOURCES   /* the numbered reference list */
} bg_section_kind;

typedef enum { BG_ORDER_SCORE, BG_ORDER_SOURCE } bg_order;

typedef struct {
    bg_section_kind kind;
    bg_str heading;        /* substituted; len 0 = no heading */
    bg_str text;           /* TEXT: substituted */
    bg_str *categories;    /* POINTS/TIMELINE/TABLE: categories to take (n 0 = all) */
    bg_loc *category_locs; /* where each category name is written [n_categories] */
    size_t n_categories;
    bg_str *fact_kinds; /* TABLE/TIMELINE: fact kinds to show (n 0 = all) */
    size_t n_fact_kinds;
    uint32_t limit;   /* POINTS/TIMELINE/TABLE: at most this many (0 = no limit) */
    double min_score; /* POINTS/TIMELINE/TABLE: skip points below */
    bg_order order;   /* POINTS */
    bool is_figure;   /* TIMELINE: `style: figure`, entries on a drawn rule */
    bool is_required; /* never dropped to fit max_pages (TEXT default true) */
    bg_str when;      /* `when: NAME` / `unless: NAME`: the variable tested; len 0 = none */
    bool is_unless;   /* the condition is `unless:` */
    bool is_omitted;  /* the condition is false: bg_template_drop_omitted removes it */
    bg_loc loc;       /* where the section is written */
} bg_section;

typedef struct {
    const char *name;   /* stem: "minister" */
    const char *path;   /* "templates/minister.yaml" */
    const char **chain; /* every YAML file read (the template, its bases, partials) */
    size_t n_chain;
    bg_str audience; /* `audience:` */
    bg_str title;    /* substituted */
    bg_str subtitle;
    bg_str author; /* document info Author */
    bg_str banner; /* classification text, top and bottom of each page; may be empty */
    bg_str header; /* running header; may hold {{ page }} / {{ pages }} */
    bg_str footer;
    bg_str language;       /* e.g. "en-GB" */
    const char *logo_path; /* `logo:`, resolved and confined to templates/; NULL = none */
    bg_page_spec page;
    bg_style styles[BG_STYLE_COUNT];
    bg_section *sections;
    size_t n_sections;
    int max_pages;         /* 0 = no budget */
    long max_words;        /* `max_words: N`: words of the whole briefing; 0 = no budget */
    int max_words_pct;     /* `max_words: P%`: percent of the sources' words; 0 = none */
    bool is_shortening;    /* `shorten: M` is set: max_pages/max_words may print points'
                              short variants (shorten rules) */
    double shorten_margin; /* M: a point is printed short before points scoring up to M
                              less than it are dropped */
    bool is_pdfa;          /* `pdfa: true`: write PDF/A-1b (XMP, sRGB output intent, /ID) */
    bg_loc pdfa_loc;       /* where `pdfa:` is set (for notes about the ICC profile) */
    bg_vars vars;          /* after merging and overrides */
    int64_t now;           /* the date of {{ date }}, s since the epoch (bg_template_load_at) */
    bg_loc loc;            /* the template file */
} bg_template;

/* Names of the style roles as written in YAML ("title", "body", ...). */
extern const char *const bg_style_names[BG_STYLE_COUNT];

/* Load @path (under @templates_dir, which confines extends/partials; fonts are resolved
 * under @fonts_dir). @overrides (--set) win over the template's vars; @builtins (date,
 * ...) are used when a var is not set. Every schema error in every file of the chain is
 * reported; BG_EINPUT if any. Allocated in @a; *out written only on BG_OK. */
bg_status bg_template_load(const char *path, const char *templates_dir, const char *fonts_dir,
                           const bg_vars *overrides, const bg_vars *builtins, bg_arena *a,
                           bg_diag *d, bg_template **out);

/* As bg_template_load, and also sets the built-ins {{ date }} ("16 July 2024") and
 * {{ date_iso }} and t->now from bg_clock_now: SOURCE_DATE_EPOCH when set, else the newest
 * of @inputs_mtime (sources, rules) and the mtimes of the template's own files, so that a
 * briefing's date changes only with its inputs (its make dependencies). Files listed in
 * @texts (may be NULL; borrowed, it must outlive the template) are not read again. */
bg_status bg_template_load_at(const char *path, const char *templates_dir, const char *fonts_dir,
                              const bg_vars *overrides, const bg_vars *builtins,
                              int64_t inputs_mtime, const bg_template_texts *texts, bg_arena *a,
                              bg_diag *d, bg_template **out);

/* Remove the sections whose `when:`/`unless:` condition is false (is_omitted). `check`
 * keeps them, so that it validates every section. */
void bg_template_drop_omitted(bg_template *t);

#endif
