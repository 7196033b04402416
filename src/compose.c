/* Stage 4, compose: (bg_template, bg_point_list) → bg_doc. Two passes: select what each
 * section shows (registering citations, so references are numbered in reading order), then
 * emit styled blocks. No measuring and no pages: layout.c does that. */
#include "compose.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "compose_int.h"
#include "limit.h"

#ifndef BG_VERSION
#define BG_VERSION "0.1.0"
#endif

/* A cited source: its reference number and the lines cited in it. */
typedef struct {
    uint32_t number; /* 1-based; 0 = not cited */
    uint32_t *lines; /* distinct cited lines */
    size_t n_lines, cap_lines;
} cite_src;

/* One timeline or table entry, chosen in pass 1. */
typedef struct {
    const bg_point *p;
    const bg_fact *f;
    bool is_full; /* the point's first showing: its whole text, and no later repeat */
} fact_pick;

typedef struct {
    const bg_point **points;
    size_t n_points;
    fact_pick *facts;
    size_t n_facts;
} section_pick;

typedef struct {
    const bg_template *t;
    const bg_point_list *pts;
    bg_arena *a;
    bg_diag *d;
    cite_src *srcs; /* one per source */
    size_t n_srcs;
    uint32_t n_refs;
    bg_ref *refs;               /* [n_refs], in number order, built after selection */
    uint32_t *shown_sec;        /* per point: 1 + the section that showed it whole; 0 = not yet
                                   shown (a point prints whole once) */
    const bg_fact **shown_date; /* per point: the date it is listed under in a timeline */
    bool *cat_used;             /* per category: shown somewhere (document keywords) */
    bg_doc_block *blocks;
    size_t n_blocks, cap_blocks;
} composer;

/* --- Inline text --- */

/* The runs of an inline built here have an implied capacity: 0 when empty, else the
 * next power of two >= n_runs (at least 4). bg_inline is read by layout and keeps no
 * capacity field of its own, so inline_add grows when n_runs reaches that capacity,
 * doubling it: appending n runs costs O(n), not O(n^2). Only inline_add appends to an
 * inline that compose built (a reference's text is shared, never appended to). */
static bool inline_is_full(size_t n_runs)
{
    return n_runs == 0 || (n_runs >= 4 && (n_runs & (n_runs - 1)) == 0);
}

static bool inline_add(composer *c, bg_inline *in, bg_run run)
{
    if (inline_is_full(in->n_runs)) {
        size_t cap = in->n_runs ? in->n_runs * 2 : 4;
        bg_run *runs = bg_arena_grow(c->a, in->runs, in->n_runs, cap, sizeof(bg_run));
        if (!runs) {
            return false;
        }
        in->runs = runs;
    }
    in->runs[in->n_runs++] = run;
    return true;
}

static bool inline_text(composer *c, bg_inline *in, bg_str text, uint8_t style,
                        const bg_sentence *origin)
{
    bg_run run = {BG_RUN_TEXT, text, style, 0, origin};
    return inline_add(c, in, run);
}

/* Split furniture text at {{ page }} / {{ pages }} (kept verbatim by template_vars.c). */
static bool inline_furniture(composer *c, bg_inline *in, bg_str text, uint8_t style)
{
    size_t i = 0;
    size_t start = 0;
    while (i < text.len) {
        if (text.len - i >= 2 && text.ptr[i] == '{' && text.ptr[i + 1] == '{') {
            size_t j = i + 2;
            while (j < text.len && text.ptr[j] == ' ') {
                j++;
            }
            size_t name = j;
            while (j < text.len && text.ptr[j] >= 'a' && text.ptr[j] <= 'z') {
                j++;
            }
            bg_str word = {text.ptr + name, j - name};
            while (j < text.len && text.ptr[j] == ' ') {
                j++;
            }
            bool is_page = bg_str_eq_cstr(word, "page");
            bool is_pages = bg_str_eq_cstr(word, "pages");
            if ((is_page || is_pages) && text.len - j >= 2 && text.ptr[j] == '}' &&
                text.ptr[j + 1] == '}') {
                if (i > start &&
                    !inline_text(c, in, (bg_str){text.ptr + start, i - start}, style, NULL)) {
                    return false;
                }
                bg_run run = {is_page ? BG_RUN_PAGE : BG_RUN_PAGES, {NULL, 0}, style, 0, NULL};
                if (!inline_add(c, in, run)) {
                    return false;
                }
                i = j + 2;
                start = i;
                continue;
            }
        }
        i++;
    }
    return start >= text.len ||
           inline_text(c, in, (bg_str){text.ptr + start, text.len - start}, style, NULL);
}

/* --- Citations --- */

static uint32_t cite(composer *c, const bg_sentence *s)
{
    cite_src *cs = &c->srcs[s->source];
    if (cs->number == 0) {
        cs->number = ++c->n_refs;
    }
    for (size_t i = 0; i < cs->n_lines; i++) {
        if (cs->lines[i] == s->loc.line) {
            return cs->number;
        }
    }
    if (cs->n_lines == cs->cap_lines) {
        size_t cap = cs->cap_lines ? cs->cap_lines * 2 : 8;
        uint32_t *lines = bg_arena_grow(c->a, cs->lines, cs->n_lines, cap, sizeof(uint32_t));
        if (!lines) {
            return 0;
        }
        cs->lines = lines;
        cs->cap_lines = cap;
    }
    cs->lines[cs->n_lines++] = s->loc.line;
    return cs->number;
}

/* Register the citations of a point: its own sentence, then every other source saying
 * the same. */
static bool cite_point(composer *c, const bg_point *p)
{
    if (cite(c, p->s) == 0) {
        return false;
    }
    for (size_t i = 0; i < p->n_also; i++) {
        if (cite(c, p->also[i]) == 0) {
            return false;
        }
    }
    return true;
}

/* The CITE runs of a point: one per distinct source. */
static bool add_cites(composer *c, bg_inline *in, const bg_point *p)
{
    uint32_t done[16] = {0};
    size_t n_done = 0;
    for (size_t i = 0; i <= p->n_also; i++) {
        const bg_sentence *s = i == 0 ? p->s : p->also[i - 1];
        uint32_t num = c->srcs[s->source].number;
        bool seen = false;
        for (size_t k = 0; k < n_done; k++) {
            seen = seen || done[k] == num;
        }
        if (seen || num == 0) {
            continue;
        }
        if (n_done < sizeof(done) / sizeof(done[0])) {
            done[n_done++] = num;
        }
        char *label = bg_arena_printf(c->a, "[%u]", (unsigned)num);
        bg_run run = {BG_RUN_CITE, bg_str_from(label), BG_STYLE_CITE, num, s};
        if (!label || !inline_add(c, in, run)) {
            return false;
        }
    }
    return true;
}

/* --- Pass 1: selection --- */

/* Whether the @i-th of a section's @pick prints its antecedent in front: it has one (extract.c,
 * refer rules) and the point before it in the section is not that sentence's. */
static bool needs_antecedent(const bg_point *const *pick, size_t i)
{
    return pick[i]->antecedent && !(i > 0 && pick[i - 1]->s == pick[i]->antecedent);
}

static int category_index(const bg_point_list *pts, bg_str name)
{
    for (size_t i = 0; i < pts->n_categories; i++) {
        if (bg_str_eq(pts->categories[i], name)) {
            return (int)i;
        }
    }
    return -1;
}

/* Did-you-mean over the rules' categories: the nearest within edit distance 2, or NULL. */
static const bg_str *suggest_category(const bg_point_list *pts, bg_str name)
{
    const bg_str *best = NULL;
    unsigned best_dist = 3;
    for (size_t i = 0; i < pts->n_categories; i++) {
        const bg_str *cat = &pts->categories[i];
        unsigned dist = bg_diag_distance(name.ptr, name.len, cat->ptr, cat->len, 2);
        if (dist < best_dist) {
            best_dist = dist;
            best = cat;
        }
    }
    return best;
}

/* "unknown category 'cyberr' (did you mean 'cyber'?)" at the name, else at the section. */
static void fail_unknown_category(composer *c, const bg_section *sec, size_t i)
{
    bg_str name = sec->categories[i];
    const bg_loc *loc = sec->category_locs ? &sec->category_locs[i] : &sec->loc;
    const bg_str *hint = suggest_category(c->pts, name);
    if (hint) {
        bg_diag_error(c->d, loc, "unknown category '%.*s' (did you mean '%.*s'?)", (int)name.len,
                      name.ptr, (int)hint->len, hint->ptr);
    } else {
        bg_diag_error(c->d, loc, "unknown category '%.*s' (not defined in any rules file)",
                      (int)name.len, name.ptr);
    }
}

static bool in_categories(const bg_section *sec, const bool *cats, const bg_point *p)
{
    return sec->n_categories == 0 || cats[p->category];
}

/* cats[k] = the section takes category k; an unknown name is an error. */
static bg_status mark_categories(composer *c, const bg_section *sec, bool *cats)
{
    bg_status st = BG_OK;
    for (size_t i = 0; i < sec->n_categories; i++) {
        int k = category_index(c->pts, sec->categories[i]);
        if (k < 0) {
            fail_unknown_category(c, sec, i);
            st = BG_EINPUT;
            continue;
        }
        cats[k] = true;
    }
    return st;
}

/* Sort helpers: by score (descending), ties in source order (the list's order). */
static int cmp_score(const void *x, const void *y)
{
    const bg_point *a = *(const bg_point *const *)x;
    const bg_point *b = *(const bg_point *const *)y;
    if (a->score != b->score) {
        return a->score < b->score ? 1 : -1;
    }
    return a < b ? -1 : (a > b);
}

static int cmp_source(const void *x, const void *y)
{
    const bg_point *a = *(const bg_point *const *)x;
    const bg_point *b = *(const bg_point *const *)y;
    return a < b ? -1 : (a > b);
}

static bg_status select_points(composer *c, const bg_section *sec, section_pick *out)
{
    const bg_point_list *pts = c->pts;
    bool *cats = bg_arena_array(c->a, pts->n_categories + 1, sizeof(bool));
    const bg_point **pick = bg_arena_array(c->a, pts->n + 1, sizeof(*pick));
    if (!cats || !pick) {
        return BG_ENOMEM;
    }
    bg_status st = mark_categories(c, sec, cats);
    if (st != BG_OK) {
        return st;
    }
    size_t n = 0;
    for (size_t i = 0; i < pts->n; i++) {
        const bg_point *p = &pts->items[i];
        if (!c->shown_sec[i] && in_categories(sec, cats, p) && p->score >= sec->min_score) {
            pick[n++] = p;
        }
    }
    qsort(pick, n, sizeof(*pick), cmp_score);
    if (sec->limit && n > sec->limit) {
        n = sec->limit;
    }
    if (sec->order == BG_ORDER_SOURCE) {
        qsort(pick, n, sizeof(*pick), cmp_source);
    }
    for (size_t i = 0; i < n; i++) {
        c->shown_sec[pick[i] - pts->items] = (uint32_t)(sec - c->t->sections) + 1;
        c->cat_used[pick[i]->category] = true;
        if ((needs_antecedent(pick, i) && cite(c, pick[i]->antecedent) == 0) ||
            !cite_point(c, pick[i])) {
            return BG_ENOMEM;
        }
    }
    out->points = pick;
    out->n_points = n;
    return BG_OK;
}

static bool kind_wanted(const bg_section *sec, const bg_fact *f)
{
    if (sec->n_fact_kinds == 0) {
        return true;
    }
    for (size_t i = 0; i < sec->n_fact_kinds; i++) {
        if (bg_str_eq_cstr(sec->fact_kinds[i], bg_fact_kind_name(f->kind))) {
            return true;
        }
    }
    return false;
}

static int cmp_pick_score(const void *x, const void *y)
{
    const fact_pick *a = x;
    const fact_pick *b = y;
    if (a->p->score != b->p->score) {
        return a->p->score < b->p->score ? 1 : -1;
    }
    return a->p < b->p ? -1 : (a->p > b->p);
}

static int cmp_pick_date(const void *x, const void *y)
{
    const fact_pick *a = x;
    const fact_pick *b = y;
    if (a->f->sort_key != b->f->sort_key) {
        return a->f->sort_key < b->f->sort_key ? -1 : 1;
    }
    return a->p < b->p ? -1 : (a->p > b->p);
}

/* Timeline: the first date of each point; table: every wanted fact. The highest-scoring
 * points win when there is a limit; a timeline is then shown in date order. A point no
 * earlier section printed is shown whole (and claimed, so later sections skip it); one
 * already printed is shown short: its lead clause, or the clause around a figure. So a
 * point's sentence appears once per briefing. */
static bg_status select_facts(composer *c, const bg_section *sec, section_pick *out)
{
    const bg_point_list *pts = c->pts;
    size_t cap = 0;
    for (size_t i = 0; i < pts->n; i++) {
        cap += pts->items[i].n_facts;
    }
    fact_pick *pick = bg_arena_array(c->a, cap + 1, sizeof(*pick));
    bool *cats = bg_arena_array(c->a, pts->n_categories + 1, sizeof(bool));
    if (!pick || !cats) {
        return BG_ENOMEM;
    }
    bg_status st = mark_categories(c, sec, cats);
    if (st != BG_OK) {
        return st;
    }
    bool is_timeline = sec->kind == BG_SEC_TIMELINE;
    size_t n = 0;
    for (size_t i = 0; i < pts->n; i++) {
        const bg_point *p = &pts->items[i];
        if (!in_categories(sec, cats, p) || p->score < sec->min_score) {
            continue;
        }
        for (size_t k = 0; k < p->n_facts; k++) {
            const bg_fact *f = &p->facts[k];
            if (is_timeline ? f->kind != BG_FACT_DATE : !kind_wanted(sec, f)) {
                continue;
            }
            pick[n++] = (fact_pick){p, f, false};
            if (is_timeline) {
                break;
            }
        }
    }
    qsort(pick, n, sizeof(*pick), cmp_pick_score);
    if (sec->limit && n > sec->limit) {
        n = sec->limit;
    }
    if (is_timeline) {
        qsort(pick, n, sizeof(*pick), cmp_pick_date);
    }
    for (size_t i = 0; i < n; i++) {
        size_t idx = (size_t)(pick[i].p - pts->items);
        if (!c->shown_sec[idx]) {
            c->shown_sec[idx] = (uint32_t)(sec - c->t->sections) + 1;
            c->shown_date[idx] = is_timeline ? pick[i].f : NULL;
            c->cat_used[pick[i].p->category] = true;
            pick[i].is_full = true;
        }
        if (!cite_point(c, pick[i].p)) {
            return BG_ENOMEM;
        }
    }
    out->facts = pick;
    out->n_facts = n;
    return BG_OK;
}

/* --- Pass 2: blocks --- */

static bg_doc_block *add_block(composer *c, bg_doc_kind kind, uint8_t style, uint32_t section,
                               double score)
{
    if (c->n_blocks == c->cap_blocks) {
        size_t cap = c->cap_blocks ? c->cap_blocks * 2 : 64;
        bg_doc_block *b = bg_arena_grow(c->a, c->blocks, c->n_blocks, cap, sizeof(*b));
        if (!b) {
            return NULL;
        }
        c->blocks = b;
        c->cap_blocks = cap;
    }
    bg_doc_block *b = &c->blocks[c->n_blocks++];
    memset(b, 0, sizeof(*b));
    b->kind = kind;
    b->style = style;
    b->section = section;
    b->score = score;
    return b;
}

/* Static text: one paragraph per run of non-blank lines. */
static bg_status emit_text(composer *c, const bg_section *sec, uint32_t si)
{
    double score = sec->is_required ? BG_SCORE_KEEP : 0.0;
    const char *p = sec->text.ptr;
    const char *end = p + sec->text.len;
    const char *para = NULL;
    const char *para_end = NULL;
    while (p <= end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = nl ? nl : end;
        bg_str line = {p, (size_t)(line_end - p)};
        bool blank = bg_compose_is_blank(line);
        if (!blank) {
            para = para ? para : p;
            para_end = line_end;
        }
        if ((blank || !nl) && para) {
            bg_doc_block *b = add_block(c, BG_DOC_PARA, BG_STYLE_BODY, si, score);
            if (!b || !inline_text(c, &b->text, (bg_str){para, (size_t)(para_end - para)},
                                   BG_STYLE_BODY, NULL)) {
                return BG_ENOMEM;
            }
            para = NULL;
        }
        if (!nl) {
            break;
        }
        p = nl + 1;
    }
    return BG_OK;
}

/* A point's text @text (its sentence or its short variant), after its antecedent when
 * @is_after, then its citations. */
static bool point_text(composer *c, bg_inline *in, const bg_point *p, bg_str text, bool is_after)
{
    return (!is_after || (inline_text(c, in, p->antecedent->text, BG_STYLE_POINT, p->antecedent) &&
                          inline_text(c, in, BG_STR_LIT(" "), BG_STYLE_POINT, NULL))) &&
           inline_text(c, in, text, BG_STYLE_POINT, p->s) && add_cites(c, in, p);
}

static bg_status emit_points(composer *c, const bg_section *sec, uint32_t si,
                             const section_pick *pick)
{
    for (size_t i = 0; i < pick->n_points; i++) {
        const bg_point *p = pick->points[i];
        double score = sec->is_required ? BG_SCORE_KEEP : p->score;
        bg_doc_block *b = add_block(c, BG_DOC_ITEM, BG_STYLE_POINT, si, score);
        bool is_after = needs_antecedent(pick->points, i);
        if (!b || !inline_text(c, &b->label, BG_STR_LIT("\xE2\x80\xA2"), BG_STYLE_POINT, NULL) ||
            !point_text(c, &b->text, p, p->s->text, is_after) ||
            (c->t->is_shortening && p->brief &&
             !point_text(c, &b->brief, p, p->brief->text, is_after))) {
            return BG_ENOMEM;
        }
    }
    return BG_OK;
}

static bg_status emit_timeline(composer *c, const bg_section *sec, uint32_t si,
                               const section_pick *pick)
{
    for (size_t i = 0; i < pick->n_facts; i++) {
        const fact_pick *fp = &pick->facts[i];
        double score = sec->is_required ? BG_SCORE_KEEP
                       : fp->is_full    ? fp->p->score
                                        : fp->p->score * 0.5;
        bg_doc_block *b = add_block(c, BG_DOC_ITEM, BG_STYLE_BODY, si, score);
        bg_str ctx = fp->is_full ? bg_compose_undated(c->a, fp->p->s->text, fp->f->text)
                                 : bg_compose_lead(c->a, fp->p->s->text, fp->f->text);
        if (b) {
            b->is_on_rule = sec->is_figure;
        }
        if (!b ||
            !inline_text(c, &b->label, bg_compose_date_label(c->a, fp->f), BG_STYLE_LABEL, NULL) ||
            !inline_text(c, &b->text, ctx, BG_STYLE_BODY, fp->p->s) ||
            !add_cites(c, &b->text, fp->p)) {
            return BG_ENOMEM;
        }
        if (c->t->is_shortening && fp->is_full && fp->p->brief) {
            bg_str brief = bg_compose_undated(c->a, fp->p->brief->text, fp->f->text);
            if (!inline_text(c, &b->brief, brief, BG_STYLE_BODY, fp->p->s) ||
                !add_cites(c, &b->brief, fp->p)) {
                return BG_ENOMEM;
            }
        }
    }
    return BG_OK;
}

/* A table row whose sentence an earlier section printed whole points to it ("see
 * Timeline, 2010–2013") instead of repeating it; without a heading to name, the clause
 * around the figure. The table is dropped before any entry it points to (table_score). */
static bg_str table_context(composer *c, const fact_pick *fp)
{
    if (fp->is_full) {
        return fp->p->s->text;
    }
    size_t idx = (size_t)(fp->p - c->pts->items);
    uint32_t si = c->shown_sec[idx];
    bg_str heading = si ? c->t->sections[si - 1].heading : (bg_str){NULL, 0};
    if (heading.len == 0) {
        return bg_compose_clause(c->a, fp->p->s->text, fp->f->text);
    }
    bg_str date =
        c->shown_date[idx] ? bg_compose_date_label(c->a, c->shown_date[idx]) : (bg_str){"", 0};
    char *text = bg_arena_printf(c->a, "see %.*s%s%.*s", (int)heading.len, heading.ptr,
                                 date.len ? ", " : "", (int)date.len, date.ptr ? date.ptr : "");
    return text ? bg_str_from(text) : (bg_str){NULL, 0};
}

/* A table goes with its weakest row: the lowest score of its rows' points. A row that
 * points to a timeline entry has that entry's point, and the table comes later in the
 * document (dropped first on a tie), so it is never left pointing at a dropped entry. */
static double table_score(const section_pick *pick)
{
    double score = BG_SCORE_KEEP;
    for (size_t i = 0; i < pick->n_facts; i++) {
        score = pick->facts[i].p->score < score ? pick->facts[i].p->score : score;
    }
    return score;
}

static bg_status emit_table(composer *c, const bg_section *sec, uint32_t si,
                            const section_pick *pick)
{
    if (pick->n_facts == 0) {
        return BG_OK;
    }
    double score = sec->is_required ? BG_SCORE_KEEP : table_score(pick);
    bg_doc_block *b = add_block(c, BG_DOC_TABLE, BG_STYLE_TABLE, si, score);
    if (!b) {
        return BG_ENOMEM;
    }
    b->n_cols = 3;
    b->n_rows = pick->n_facts + 1;
    b->cells = bg_arena_array(c->a, b->n_rows * b->n_cols, sizeof(bg_inline));
    b->col_weight = bg_arena_array(c->a, b->n_cols, sizeof(double));
    if (!b->cells || !b->col_weight) {
        return BG_ENOMEM;
    }
    b->col_weight[0] = 1.2;
    b->col_weight[1] = 0.8;
    b->col_weight[2] = 3.0;
    static const char *const head[3] = {"Figure", "Kind", "Context"};
    for (size_t k = 0; k < 3; k++) {
        if (!inline_text(c, &b->cells[k], bg_str_from(head[k]), BG_STYLE_LABEL, NULL)) {
            return BG_ENOMEM;
        }
    }
    for (size_t i = 0; i < pick->n_facts; i++) {
        const fact_pick *fp = &pick->facts[i];
        bg_inline *row = &b->cells[(i + 1) * 3];
        bg_str value =
            fp->f->kind == BG_FACT_DATE ? bg_compose_date_label(c->a, fp->f) : fp->f->text;
        bg_str ctx = table_context(c, fp);
        if (!ctx.ptr) {
            return BG_ENOMEM;
        }
        if (!inline_text(c, &row[0], value, BG_STYLE_TABLE, fp->p->s) ||
            !inline_text(c, &row[1], bg_str_from(bg_fact_kind_name(fp->f->kind)), BG_STYLE_TABLE,
                         NULL) ||
            !inline_text(c, &row[2], ctx, BG_STYLE_TABLE, fp->p->s) ||
            !add_cites(c, &row[2], fp->p)) {
            return BG_ENOMEM;
        }
    }
    return BG_OK;
}

/* Append "line 9", "lines 9, 13–16, 21" or, past BG_MAX_REF_RANGES ranges,
 * "lines 9, 13–16, …, 80 …and 412 more": thousands of cited lines stay one short entry.
 * @lines is sorted and distinct. */
static void put_lines(bg_buf *b, const uint32_t *lines, size_t n_lines)
{
    bg_buf_puts(b, n_lines > 1 ? "lines " : "line ");
    size_t i = 0;
    size_t n_ranges = 0;
    while (i < n_lines && n_ranges < BG_MAX_REF_RANGES) {
        size_t j = i;
        while (j + 1 < n_lines && lines[j + 1] == lines[j] + 1) {
            j++;
        }
        bg_buf_printf(b, "%s%u", n_ranges ? ", " : "", (unsigned)lines[i]);
        if (j > i) {
            bg_buf_printf(b, "\xE2\x80\x93%u", (unsigned)lines[j]); /* en dash */
        }
        n_ranges++;
        i = j + 1;
    }
    if (i < n_lines) {
        bg_buf_printf(b,
                      " \xE2\x80\xA6"
                      "and %zu more",
                      n_lines - i); /* ellipsis */
    }
}

/* "Title. Publisher, Author, date. content/x.txt, lines 9, 13–16. URL" */
static char *ref_text(composer *c, const bg_source *src, const cite_src *cs)
{
    const bg_meta *m = &src->meta;
    bg_str title = m->title.len ? m->title : src->name;
    bg_buf b;
    /* The metadata comes from one sidecar (at most BG_MAX_YAML_BYTES); the path and the
     * capped line list fit in the rest. */
    bg_buf_init(&b, BG_MAX_YAML_BYTES + 64u * 1024u);
    bg_buf_printf(&b, "%.*s.", (int)title.len, title.ptr);
    const bg_str parts[3] = {m->publisher, m->author, m->date};
    bool any = false;
    for (size_t i = 0; i < 3; i++) {
        if (parts[i].len) {
            bg_buf_printf(&b, "%s%.*s", any ? ", " : " ", (int)parts[i].len, parts[i].ptr);
            any = true;
        }
    }
    bg_buf_printf(&b, "%s %s, ", any ? "." : "", src->path);
    put_lines(&b, cs->lines, cs->n_lines);
    bg_buf_puts(&b, ".");
    if (m->url.len) {
        bg_buf_printf(&b, " %.*s", (int)m->url.len, m->url.ptr);
    }
    char *text = b.failed ? NULL : bg_arena_strndup(c->a, b.data, b.len);
    bg_buf_free(&b);
    return text;
}

static int cmp_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x;
    uint32_t b = *(const uint32_t *)y;
    return a < b ? -1 : (a > b);
}

/* The reference list, in number order: built once selection has numbered the sources. */
static bg_status make_refs(composer *c)
{
    c->refs = bg_arena_array(c->a, c->n_refs + 1, sizeof(bg_ref));
    if (!c->refs) {
        return BG_ENOMEM;
    }
    for (size_t i = 0; i < c->n_srcs; i++) {
        cite_src *cs = &c->srcs[i];
        if (cs->number == 0) {
            continue;
        }
        qsort(cs->lines, cs->n_lines, sizeof(uint32_t), cmp_u32);
        char *text = ref_text(c, &c->pts->sentences->sources->items[i], cs);
        bg_ref *ref = &c->refs[cs->number - 1];
        ref->number = cs->number;
        if (!text || !inline_text(c, &ref->text, bg_str_from(text), BG_STYLE_REF, NULL)) {
            return BG_ENOMEM;
        }
    }
    return BG_OK;
}

static bg_status emit_sources(composer *c, uint32_t si)
{
    /* DESIGN: each citation links to the reference list; references are never dropped to
     * fit max_pages, so a cited number always resolves. */
    for (uint32_t i = 0; i < c->n_refs; i++) {
        const bg_ref *ref = &c->refs[i];
        char *label = bg_arena_printf(c->a, "[%u]", (unsigned)ref->number);
        bg_doc_block *b = add_block(c, BG_DOC_ITEM, BG_STYLE_REF, si, BG_SCORE_KEEP);
        if (!label || !b || !inline_text(c, &b->label, bg_str_from(label), BG_STYLE_REF, NULL)) {
            return BG_ENOMEM;
        }
        b->anchor = ref->number;
        b->text = ref->text;
    }
    return BG_OK;
}

static bool section_is_empty(const bg_section *sec, const section_pick *pick, uint32_t n_refs)
{
    switch (sec->kind) {
    case BG_SEC_TEXT:
        return bg_compose_is_blank(sec->text);
    case BG_SEC_POINTS:
        return pick->n_points == 0;
    case BG_SEC_TIMELINE:
    case BG_SEC_TABLE:
        return pick->n_facts == 0;
    case BG_SEC_SOURCES:
    default:
        return n_refs == 0;
    }
}

static bg_status emit_section(composer *c, uint32_t si, const section_pick *pick)
{
    const bg_section *sec = &c->t->sections[si];
    if (section_is_empty(sec, pick, c->n_refs)) {
        /* DESIGN: a heading is never left alone; an empty section disappears. */
        return BG_OK;
    }
    if (sec->heading.len) {
        bg_doc_block *h = add_block(c, BG_DOC_HEADING, BG_STYLE_HEADING, si, BG_SCORE_KEEP);
        if (!h || !inline_text(c, &h->text, sec->heading, BG_STYLE_HEADING, NULL)) {
            return BG_ENOMEM;
        }
    }
    switch (sec->kind) {
    case BG_SEC_TEXT:
        return emit_text(c, sec, si);
    case BG_SEC_POINTS:
        return emit_points(c, sec, si, pick);
    case BG_SEC_TIMELINE:
        return emit_timeline(c, sec, si, pick);
    case BG_SEC_TABLE:
        return emit_table(c, sec, si, pick);
    case BG_SEC_SOURCES:
    default:
        return emit_sources(c, si);
    }
}

/* Keywords: the categories the briefing shows, comma-separated. */
static bg_str keywords(composer *c)
{
    bg_buf b;
    bg_buf_init(&b, 4096);
    for (size_t i = 0; i < c->pts->n_categories; i++) {
        if (c->cat_used[i]) {
            bg_buf_printf(&b, "%s%.*s", b.len ? ", " : "", (int)c->pts->categories[i].len,
                          c->pts->categories[i].ptr);
        }
    }
    char *s = b.len ? bg_arena_strndup(c->a, b.data, b.len) : NULL;
    bg_buf_free(&b);
    return s ? bg_str_from(s) : (bg_str){"", 0};
}

static bg_status make_info(composer *c, int64_t now, bg_doc *doc)
{
    const bg_template *t = c->t;
    doc->info.title = t->title;
    doc->info.author = t->author;
    doc->info.subject = t->subtitle.len ? t->subtitle : t->audience;
    doc->info.keywords = keywords(c);
    doc->info.creator = BG_STR_LIT("briefgen " BG_VERSION);
    doc->info.language = t->language;
    doc->info.created = now;
    if (!inline_furniture(c, &doc->banner, t->banner, BG_STYLE_BANNER) ||
        !inline_furniture(c, &doc->header, t->header, BG_STYLE_HEADER) ||
        !inline_furniture(c, &doc->footer, t->footer, BG_STYLE_FOOTER)) {
        return BG_ENOMEM;
    }
    return BG_OK;
}

static bg_status emit_title(composer *c)
{
    const bg_template *t = c->t;
    if (t->title.len) {
        bg_doc_block *b = add_block(c, BG_DOC_TITLE, BG_STYLE_TITLE, 0, BG_SCORE_KEEP);
        if (!b || !inline_text(c, &b->text, t->title, BG_STYLE_TITLE, NULL)) {
            return BG_ENOMEM;
        }
    }
    if (t->subtitle.len) {
        bg_doc_block *b = add_block(c, BG_DOC_SUBTITLE, BG_STYLE_SUBTITLE, 0, BG_SCORE_KEEP);
        if (!b || !inline_text(c, &b->text, t->subtitle, BG_STYLE_SUBTITLE, NULL)) {
            return BG_ENOMEM;
        }
    }
    return BG_OK;
}

/* Words of all the sources: runs of non-blank bytes, as `wc -w` counts them per file. */
static size_t source_words(const bg_source_set *set)
{
    size_t n = 0;
    for (size_t i = 0; i < set->n; i++) {
        bool in_word = false;
        n += bg_str_count_words(set->items[i].text, &in_word);
    }
    return n;
}

bg_status bg_compose_run(const bg_template *t, const bg_point_list *pts, int64_t now, bg_arena *a,
                         bg_diag *d, bg_doc *out)
{
    composer c = {.t = t, .pts = pts, .a = a, .d = d};
    bg_doc doc = {0};
    c.n_srcs = pts->sentences->sources->n;
    c.srcs = bg_arena_array(a, c.n_srcs + 1, sizeof(cite_src));
    c.shown_sec = bg_arena_array(a, pts->n + 1, sizeof(uint32_t));
    c.shown_date = bg_arena_array(a, pts->n + 1, sizeof(const bg_fact *));
    c.cat_used = bg_arena_array(a, pts->n_categories + 1, sizeof(bool));
    section_pick *picks = bg_arena_array(a, t->n_sections + 1, sizeof(section_pick));
    if (!c.srcs || !c.shown_sec || !c.shown_date || !c.cat_used || !picks) {
        return BG_ENOMEM;
    }
    bg_status st = BG_OK;
    for (size_t i = 0; i < t->n_sections; i++) {
        const bg_section *sec = &t->sections[i];
        bg_status s1 = BG_OK;
        if (sec->kind == BG_SEC_POINTS) {
            s1 = select_points(&c, sec, &picks[i]);
        } else if (sec->kind == BG_SEC_TIMELINE || sec->kind == BG_SEC_TABLE) {
            s1 = select_facts(&c, sec, &picks[i]);
        }
        if (s1 == BG_ENOMEM) {
            return s1;
        }
        st = st == BG_OK ? s1 : st;
    }
    if (st != BG_OK) {
        return st;
    }
    st = make_refs(&c);
    if (st == BG_OK) {
        st = emit_title(&c);
    }
    for (uint32_t i = 0; st == BG_OK && i < t->n_sections; i++) {
        st = emit_section(&c, i, &picks[i]);
    }
    if (st == BG_OK) {
        st = make_info(&c, now, &doc);
    }
    if (st != BG_OK) {
        if (st == BG_ENOMEM) {
            bg_diag_error(d, &t->loc, "out of memory composing the briefing");
        }
        return st;
    }
    doc.page = &t->page;
    doc.styles = t->styles;
    doc.max_pages = t->max_pages;
    doc.source_words = source_words(pts->sentences->sources);
    doc.max_words_pct = t->max_words_pct;
    doc.shorten_margin = t->shorten_margin;
    doc.max_words =
        t->max_words_pct ? doc.source_words * (size_t)t->max_words_pct / 100 : (size_t)t->max_words;
    if (t->max_words_pct && doc.max_words == 0) {
        doc.max_words = 1; /* empty sources: a percentage of nothing is still a budget */
    }
    doc.blocks = c.blocks;
    doc.n_blocks = c.n_blocks;
    doc.refs = c.refs;
    doc.n_refs = c.n_refs;
    *out = doc;
    return BG_OK;
}
