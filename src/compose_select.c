/* Compose, pass 1: what each points, timeline or table section shows. Picks points by
 * category, score and limit, in score or source order; picks the facts of timeline and
 * table sections (a point printed whole once, then pointed to); registers the citations
 * of every pick, so references are numbered in reading order. */
#include <stdlib.h>
#include <string.h>

#include "compose_int.h"

/* Whether the @i-th of a section's @pick prints its antecedent in front: it has one (extract.c,
 * refer rules), the point before it in the section is not that sentence's, and it is not
 * nested under a lead (the group's first item brought it there). */
bool bg_compose_needs_antecedent(const bg_point *const *pick, size_t i)
{
    return pick[i]->antecedent && !(i > 0 && pick[i - 1]->s == pick[i]->antecedent) &&
           !bg_compose_is_nested(pick, i);
}

bool bg_compose_is_nested(const bg_point *const *pick, size_t i)
{
    return i > 0 && pick[i]->intro && pick[i - 1]->intro == pick[i]->intro;
}

bool bg_compose_opens_group(const bg_point *const *pick, size_t n, size_t i)
{
    return pick[i]->intro && !bg_compose_is_nested(pick, i) && i + 1 < n &&
           pick[i + 1]->intro == pick[i]->intro;
}

/* The items of one list (the same introduction) side by side: each later sibling moves up
 * to just after the earlier ones, the rest keeping their order (in source order they
 * already are, but for points of other lists or sources between them). */
static void group_siblings(const bg_point **pick, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const bg_sentence *intro = pick[i]->intro;
        size_t end = i + 1; /* one past the group's last member so far */
        for (size_t j = i + 1; intro && j < n; j++) {
            if (pick[j]->intro != intro) {
                continue;
            }
            const bg_point *sib = pick[j];
            memmove(&pick[end + 1], &pick[end], (j - end) * sizeof(*pick));
            pick[end++] = sib;
        }
        i = end - 1;
    }
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

bg_status bg_compose_select_points(composer *c, const bg_section *sec, section_pick *out)
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
    group_siblings(pick, n);
    for (size_t i = 0; i < n; i++) {
        c->shown_sec[pick[i] - pts->items] = (uint32_t)(sec - c->t->sections) + 1;
        c->cat_used[pick[i]->category] = true;
        if ((bg_compose_needs_antecedent(pick, i) &&
             bg_compose_cite(c, pick[i]->antecedent) == 0) ||
            !bg_compose_cite_point(c, pick[i])) {
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
bg_status bg_compose_select_facts(composer *c, const bg_section *sec, section_pick *out)
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
        if (!bg_compose_cite_point(c, pick[i].p)) {
            return BG_ENOMEM;
        }
    }
    out->facts = pick;
    out->n_facts = n;
    return BG_OK;
}
