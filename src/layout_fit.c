/* Fitting for the layout stage: max_pages and max_words. Prints blocks short (their short
 * variant, set beside their text) and drops the lowest-scoring blocks: a binary search over
 * how many steps, since counting pages (layout_page.c) is cheap and each block's words are
 * counted once, from its set lines; then refills dropped blocks and lengthens short ones
 * that still fit. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout_int.h"
#include "limit.h"

/* --- Fitting max_pages --- */

static bool is_droppable(const bg_doc_block *b)
{
    return b->score < BG_SCORE_KEEP && b->kind != BG_DOC_HEADING && b->kind != BG_DOC_TITLE &&
           b->kind != BG_DOC_SUBTITLE;
}

/* One step of fitting: drop block @index, or print it short (@is_brief). */
typedef struct {
    size_t index;
    double score; /* the order: lowest first */
    bool is_brief;
} drop_rank;

static int cmp_rank(const void *x, const void *y)
{
    const drop_rank *a = x;
    const drop_rank *b = y;
    if (a->score != b->score) {
        return a->score < b->score ? -1 : 1;
    }
    if (a->index != b->index) {
        return a->index > b->index ? -1 : 1; /* later blocks go first */
    }
    return a->is_brief == b->is_brief ? 0 : a->is_brief ? -1 : 1; /* short before dropped */
}

bool bg_layout_is_lead(const lay_state *s, size_t i)
{
    return s->blocks[i].src->kind == BG_DOC_ITEM && s->blocks[i].src->depth == 0 &&
           i + 1 < s->n_blocks && s->blocks[i + 1].src->depth > 0;
}

/* Drop every lead whose nested items all went (DESIGN: a list's lead is never left
 * without its items), and keep every other. */
static void drop_empty_leads(lay_state *s)
{
    for (size_t i = 0; i < s->n_blocks; i++) {
        if (!bg_layout_is_lead(s, i)) {
            continue;
        }
        bool kept = false;
        for (size_t j = i + 1; j < s->n_blocks && s->blocks[j].src->depth > 0; j++) {
            kept = kept || !s->blocks[j].is_dropped;
        }
        s->blocks[i].is_dropped = !kept;
    }
}

/* Drop every heading whose section lost all its blocks. */
static void drop_empty_headings(lay_state *s)
{
    for (size_t i = 0; i < s->n_blocks; i++) {
        const bg_doc_block *h = s->blocks[i].src;
        if (h->kind != BG_DOC_HEADING) {
            continue;
        }
        bool had = false;
        bool kept = false;
        for (size_t j = 0; j < s->n_blocks; j++) {
            const bg_doc_block *x = s->blocks[j].src;
            if (j == i || x->section != h->section || x->kind == BG_DOC_HEADING) {
                continue;
            }
            had = true;
            kept = kept || !s->blocks[j].is_dropped;
        }
        s->blocks[i].is_dropped = had && !kept;
    }
}

/* Drop the first @k ranked blocks, then every lead left without items and every heading
 * whose section became empty. */
static void apply_drops(lay_state *s, const drop_rank *rank, size_t k)
{
    for (size_t i = 0; i < s->n_blocks; i++) {
        s->blocks[i].is_dropped = false;
    }
    for (size_t i = 0; i < k; i++) {
        s->blocks[rank[i].index].is_dropped = true;
    }
    drop_empty_leads(s);
    drop_empty_headings(s);
}

/* --- The word budget (max_words) --- */

/* Under this share of the font size, a gap between two fragments does not end a word:
 * pdftotext's minWordBreakSpace (poppler TextOutputDev.cc). A letter-spaced line sets each
 * glyph as a fragment a fraction of a point from the next. */
#define WORD_BREAK_GAP 0.1

/* Words of a set unit as pdftotext gives them back: a word also ends at a gap between
 * fragments and at a line's end, so a word hyphenated across two lines counts twice. */
static size_t unit_words(const lay_unit *u)
{
    size_t n = 0;
    bool in_word = false;
    for (size_t i = 0; i < u->n_frags; i++) {
        const lay_frag *f = &u->frags[i];
        if (i > 0) {
            const lay_frag *g = &u->frags[i - 1];
            bool is_same_line = fabs(f->dy_pt - g->dy_pt) < 0.5;
            double gap_pt = f->x_pt - (g->x_pt + g->w_pt);
            bool is_touching = f->x_pt >= g->x_pt && gap_pt < WORD_BREAK_GAP * g->size_pt;
            in_word = in_word && is_same_line && is_touching;
        }
        n += bg_str_count_words(f->text, &in_word);
    }
    return n;
}

/* Words of furniture text; a page number counts as a word's letters. */
static size_t inline_words(const bg_inline *in)
{
    size_t n = 0;
    bool in_word = false;
    for (size_t i = 0; i < in->n_runs; i++) {
        const bg_run *r = &in->runs[i];
        if (r->kind == BG_RUN_PAGE || r->kind == BG_RUN_PAGES) {
            n += !in_word;
            in_word = true;
        } else {
            n += bg_str_count_words(r->text, &in_word);
        }
    }
    return n;
}

typedef struct {
    size_t *block_words; /* per block, as set */
    size_t *brief_words; /* per block, its short variant as set (0: none) */
    size_t page_words;   /* on every page: the banner, top and bottom, and the footer */
    size_t header_words; /* on every page but a first that prints the title */
    bool has_title;
} word_meter;

static bg_status meter_init(lay_state *s, word_meter *m)
{
    memset(m, 0, sizeof(*m));
    if (s->doc->max_words == 0) {
        return BG_OK;
    }
    m->block_words = bg_arena_array(s->c.a, s->n_blocks + 1, sizeof(size_t));
    m->brief_words = bg_arena_array(s->c.a, s->n_blocks + 1, sizeof(size_t));
    if (!m->block_words || !m->brief_words) {
        return BG_ENOMEM;
    }
    for (size_t i = 0; i < s->n_blocks; i++) {
        const lay_block *b = &s->blocks[i];
        for (size_t k = 0; k < b->n_full_units; k++) {
            m->block_words[i] += unit_words(&b->full_units[k]);
        }
        for (size_t k = 0; k < b->n_brief_units; k++) {
            m->brief_words[i] += unit_words(&b->brief_units[k]);
        }
    }
    m->page_words = 2 * inline_words(&s->doc->banner) + inline_words(&s->doc->footer);
    m->header_words = inline_words(&s->doc->header);
    m->has_title = bg_layout_has_title(s->doc);
    return BG_OK;
}

/* Print block @b as its short variant (@is_brief) or whole. */
static void use_brief(lay_block *b, bool is_brief)
{
    b->is_brief = is_brief && b->brief_units;
    b->units = b->is_brief ? b->brief_units : b->full_units;
    b->n_units = b->is_brief ? b->n_brief_units : b->n_full_units;
}

/* The words of block @i as it is printed now (whole or short). */
static size_t block_words_now(const lay_state *s, const word_meter *m, size_t i)
{
    return s->blocks[i].is_brief ? m->brief_words[i] : m->block_words[i];
}

/* The words of the blocks kept and of the furniture of @n_pages pages. */
static size_t doc_words(const lay_state *s, const word_meter *m, size_t n_pages)
{
    size_t n = n_pages * m->page_words;
    n += (n_pages - (m->has_title && n_pages > 0)) * m->header_words;
    for (size_t i = 0; i < s->n_blocks; i++) {
        n += s->blocks[i].is_dropped ? 0 : block_words_now(s, m, i);
    }
    return n;
}

/* Does what is kept fit max_pages and max_words? *n_words: its words (0 = no budget);
 * *is_over: it misses max_pages. */
static bg_status measure(lay_state *s, const word_meter *m, bool *is_fit, size_t *n_words,
                         bool *is_over)
{
    size_t n_pages = 0;
    bg_status st = bg_layout_paginate(s, NULL, &n_pages);
    if (st != BG_OK) {
        return st;
    }
    int max_pages = s->doc->max_pages;
    *n_words = m->block_words ? doc_words(s, m, n_pages) : 0;
    bool is_over_pages = max_pages > 0 && n_pages > (size_t)max_pages;
    bool is_over_words = m->block_words && *n_words > s->doc->max_words;
    *is_fit = !is_over_pages && !is_over_words;
    *is_over = is_over_pages;
    if (!s->has_measured) {
        s->has_measured = true;
        s->is_over_pages = is_over_pages;
        s->is_over_words = is_over_words;
    }
    return BG_OK;
}

/* The text that is never dropped (title, headings, furniture, required sections) is
 * longer than max_words: dropping every point would leave an empty briefing and still miss
 * the budget, so none is dropped for it (a small source cannot be briefed in half its
 * words). */
static void warn_words(lay_state *s, size_t n_words)
{
    const bg_doc *doc = s->doc;
    if (doc->max_words_pct) {
        bg_diag_warn(s->c.d, NULL,
                     "max_words=%d%% (%zu of the sources' %zu words) is out of reach: %zu words "
                     "are never dropped; no point dropped for it",
                     doc->max_words_pct, doc->max_words, doc->source_words, n_words);
    } else {
        bg_diag_warn(s->c.d, NULL,
                     "max_words=%zu is out of reach: %zu words are never dropped; no point "
                     "dropped for it",
                     doc->max_words, n_words);
    }
}

/* Everything droppable is dropped and still nothing fits: an error when max_pages is
 * missed (@is_over); else the word budget is given up (warn_words) and the fit starts again
 * from no drop, for max_pages alone: *is_fit is the first measure's page verdict. */
static bg_status give_up_words(lay_state *s, word_meter *m, size_t n_words, bool is_over,
                               bool *is_fit)
{
    if (is_over) {
        bg_diag_error(s->c.d, NULL, "content does not fit in max_pages=%d", s->doc->max_pages);
        return BG_EINPUT;
    }
    warn_words(s, n_words);
    s->is_over_words = false;
    m->block_words = NULL;
    apply_drops(s, NULL, 0);
    for (size_t i = 0; i < s->n_blocks; i++) {
        use_brief(&s->blocks[i], false);
    }
    *is_fit = !s->is_over_pages;
    return BG_OK;
}

/* The fewest drops of a score order overshoot: the last block dropped may free more words
 * (or page) than the budget needed, and a shorter block ranked below it would fit in what
 * is left. Try the dropped blocks back in, best first (@rank[0..@n_drops) is lowest score
 * first), keeping each that still fits; a block longer than the words left is not tried.
 * Writes the drops that remain to *n_dropped. */
static bg_status refill(lay_state *s, const word_meter *m, drop_rank *rank, size_t n_drops,
                        size_t *n_dropped)
{
    size_t n_tries = 0;
    bool is_fit = true;
    bool is_over = false;
    size_t n_words = 0;
    bg_status st = measure(s, m, &is_fit, &n_words, &is_over);
    if (st != BG_OK) {
        return st;
    }
    for (size_t k = n_drops; k-- > 0 && n_tries < BG_MAX_FIT_REFILLS;) {
        size_t words = m->block_words ? block_words_now(s, m, rank[k].index) : 0;
        if (m->block_words && n_words + words > s->doc->max_words) {
            continue;
        }
        drop_rank back = rank[k];
        memmove(&rank[k], &rank[k + 1], (n_drops - k - 1) * sizeof(*rank));
        apply_drops(s, rank, n_drops - 1);
        n_tries++;
        size_t n_words_new = 0;
        st = measure(s, m, &is_fit, &n_words_new, &is_over);
        if (st != BG_OK) {
            return st;
        }
        if (is_fit) {
            n_drops--;
            n_words = n_words_new;
            continue;
        }
        memmove(&rank[k + 1], &rank[k], (n_drops - k - 1) * sizeof(*rank));
        rank[k] = back;
    }
    apply_drops(s, rank, n_drops);
    *n_dropped = n_drops;
    return BG_OK;
}

/* --- Short variants (template `shorten: M`) --- */

/* Take the first @k of the steps @act[0..@n): each drops its block or prints it short;
 * the other blocks are printed whole. */
static void apply_steps(lay_state *s, const drop_rank *act, size_t k)
{
    for (size_t i = 0; i < s->n_blocks; i++) {
        s->blocks[i].is_dropped = false;
        use_brief(&s->blocks[i], false);
    }
    for (size_t i = 0; i < k; i++) {
        if (act[i].is_brief) {
            use_brief(&s->blocks[act[i].index], true);
        } else {
            s->blocks[act[i].index].is_dropped = true;
        }
    }
    drop_empty_leads(s);
    drop_empty_headings(s);
}

/* Where a step stands in the order of fitting, from its score: under a word budget
 * (max_words), its score per square root of @words, the words of its block as set when
 * the step is taken, so that of two points scoring alike the longer goes first (a point's
 * facts do not grow with its length: tests/extract/README.md, session 11); under
 * max_pages alone, its score. */
static double step_key(const word_meter *m, size_t words, double score)
{
    if (!m->block_words) {
        return score;
    }
    double root = sqrt((double)(words ? words : 1));
    return score >= 0 ? score / root : score * root;
}

/* The steps of fitting, in the order they are taken (*n written): every droppable block
 * dropped, lowest first (step_key); a block with a short variant is printed short first,
 * at its score less the template's shorten margin, and dropped as printed short. */
static void rank_steps(const lay_state *s, const word_meter *m, drop_rank *act, size_t *n)
{
    *n = 0;
    double margin = s->doc->shorten_margin;
    for (size_t i = 0; i < s->n_blocks; i++) {
        const lay_block *b = &s->blocks[i];
        if (!is_droppable(b->src) || bg_layout_is_lead(s, i)) {
            continue;
        }
        size_t words = m->block_words ? m->block_words[i] : 0;
        if (b->brief_units) {
            double key = step_key(m, words, b->src->score - margin);
            act[(*n)++] = (drop_rank){i, key, true};
            words = m->block_words ? m->brief_words[i] : 0;
        }
        act[(*n)++] = (drop_rank){i, step_key(m, words, b->src->score), false};
    }
    qsort(act, *n, sizeof(drop_rank), cmp_rank);
}

/* The drops among the first @k steps, in order, into @rank; their count. */
static size_t drops_of(const drop_rank *act, size_t k, drop_rank *rank)
{
    size_t n = 0;
    for (size_t i = 0; i < k; i++) {
        if (!act[i].is_brief) {
            rank[n++] = act[i];
        }
    }
    return n;
}

/* After the drops, a block kept short is tried whole again, best first (@rank[0..@n) is
 * lowest score first), and stays whole when the document still fits. */
static bg_status lengthen(lay_state *s, const word_meter *m, const drop_rank *rank, size_t n)
{
    bool has_brief = false;
    for (size_t k = 0; k < n; k++) {
        has_brief = has_brief || rank[k].is_brief;
    }
    if (!has_brief) {
        return BG_OK;
    }
    bool is_fit = true;
    bool is_over = false;
    size_t n_words = 0;
    bg_status st = measure(s, m, &is_fit, &n_words, &is_over);
    size_t n_tries = 0;
    for (size_t k = n; k-- > 0 && st == BG_OK && n_tries < BG_MAX_FIT_REFILLS;) {
        size_t i = rank[k].index;
        lay_block *b = &s->blocks[i];
        if (!b->is_brief || b->is_dropped) {
            continue;
        }
        size_t more = 0;
        if (m->block_words && m->block_words[i] > m->brief_words[i]) {
            more = m->block_words[i] - m->brief_words[i];
        }
        if (m->block_words && n_words + more > s->doc->max_words) {
            continue;
        }
        use_brief(b, false);
        n_tries++;
        size_t n_words_new = 0;
        st = measure(s, m, &is_fit, &n_words_new, &is_over);
        if (st == BG_OK && is_fit) {
            n_words = n_words_new;
        } else {
            use_brief(b, true);
        }
    }
    return st;
}

/* DESIGN: max_pages and max_words drop the lowest-scoring points first, never a heading,
 * the title or a required section; the fewest drops that meet both budgets, then back in
 * what still fits. With a template's `shorten: M`, printing a point short (its short
 * variant) is a step too, taken at the point's score less M (rank_steps). */
bg_status bg_layout_fit(lay_state *s, size_t *n_dropped)
{
    *n_dropped = 0;
    word_meter m;
    bg_status st = meter_init(s, &m);
    bool is_fit = false;
    bool is_over = false;
    size_t n_words = 0;
    if (st == BG_OK) {
        st = measure(s, &m, &is_fit, &n_words, &is_over);
    }
    if (st != BG_OK || is_fit) {
        return st;
    }
    drop_rank *act = bg_arena_array(s->c.a, 2 * s->n_blocks + 1, sizeof(drop_rank));
    drop_rank *rank = bg_arena_array(s->c.a, s->n_blocks + 1, sizeof(drop_rank));
    if (!rank || !act) {
        return BG_ENOMEM;
    }
    size_t n = 0;
    rank_steps(s, &m, act, &n);
    apply_steps(s, act, n);
    st = measure(s, &m, &is_fit, &n_words, &is_over);
    if (st != BG_OK) {
        return st;
    }
    if (!is_fit) {
        st = give_up_words(s, &m, n_words, is_over, &is_fit);
        if (st != BG_OK || is_fit) {
            return st;
        }
    }
    /* The fewest steps that fit: pages and words only fall as blocks shrink or go. */
    size_t lo = 1;
    size_t hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        apply_steps(s, act, mid);
        st = measure(s, &m, &is_fit, &n_words, &is_over);
        if (st != BG_OK) {
            return st;
        }
        if (is_fit) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    apply_steps(s, act, lo);
    st = refill(s, &m, rank, drops_of(act, lo, rank), n_dropped);
    return st == BG_OK ? lengthen(s, &m, act, lo) : st;
}
