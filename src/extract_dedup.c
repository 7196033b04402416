/* Stage 3, extract: deduplication (extract.c calls it once all points are scored). Points
 * that say the same, by token-set Jaccard similarity of their lower-cased words (FNV-1a
 * hashed), are merged into the first; candidate pairs come from prefix filtering
 * (Chaudhuri et al. 2006), so not every pair is compared. Does no I/O. */
#include "extract_int.h"

#include <stdint.h>
#include <stdlib.h>

#include "utf8.h"

/* Pairs compared by dedup; past it the remaining pairs stay apart (bounded run time). */
#define MAX_DEDUP_COMPARISONS 20000000ull

typedef struct {
    uint64_t *tokens; /* sorted, unique */
    size_t n;
} token_set;

/* Sort @v ascending: insertion sort for a sentence's few tokens (qsort's calls through a
 * comparator cost more than the comparisons), else an LSD radix sort on bytes through @tmp
 * (n entries; unused, may be NULL, when n <= SMALL_SORT). The order is total, so the result is the
 * one qsort gave. */
#define SMALL_SORT 48u
static void sort_u64(uint64_t *v, size_t n, uint64_t *tmp)
{
    if (n <= SMALL_SORT) {
        for (size_t i = 1; i < n; i++) {
            uint64_t key = v[i];
            size_t j = i;
            while (j > 0 && v[j - 1] > key) {
                v[j] = v[j - 1];
                j--;
            }
            v[j] = key;
        }
        return;
    }
    uint64_t *src = v;
    uint64_t *dst = tmp;
    for (unsigned shift = 0; shift < 64; shift += 8) {
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++) {
            count[((src[i] >> shift) & 0xFFu) + 1]++;
        }
        for (size_t b = 0; b < 256; b++) {
            count[b + 1] += count[b];
        }
        for (size_t i = 0; i < n; i++) {
            dst[count[(src[i] >> shift) & 0xFFu]++] = src[i];
        }
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    /* Eight passes: the sorted keys are back in @v. */
}

/* Lower-cased word tokens of @s, hashed (FNV-1a), sorted and unique. */
static bg_status tokenize(bg_arena *a, bg_str s, token_set *out)
{
    out->tokens = bg_arena_array(a, s.len / 2 + 1, sizeof(uint64_t));
    out->n = 0;
    if (!out->tokens) {
        return BG_ENOMEM;
    }
    size_t i = 0;
    while (i < s.len) {
        const unsigned char *p = (const unsigned char *)s.ptr;
        while (i < s.len && bg_utf8_word_fold[p[i]] == 0) {
            i++;
        }
        if (i == s.len) {
            break;
        }
        /* bg_utf8_word_hash, computed while the word's end is found: a second pass over
         * each word cost 8 M instructions on the 100x corpus. */
        uint64_t h = BG_FNV_BASIS;
        while (i < s.len && bg_utf8_word_fold[p[i]] != 0) {
            h = bg_fnv_step(h, bg_utf8_word_fold[p[i++]]);
        }
        out->tokens[out->n++] = h;
    }
    uint64_t *tmp = NULL;
    if (out->n > SMALL_SORT) {
        tmp = bg_arena_array(a, out->n, sizeof(uint64_t));
        if (!tmp) {
            return BG_ENOMEM;
        }
    }
    sort_u64(out->tokens, out->n, tmp);
    size_t u = 0;
    for (size_t k = 0; k < out->n; k++) {
        if (u == 0 || out->tokens[u - 1] != out->tokens[k]) {
            out->tokens[u++] = out->tokens[k];
        }
    }
    out->n = u;
    return BG_OK;
}

static double jaccard(const token_set *a, const token_set *b)
{
    size_t i = 0;
    size_t j = 0;
    size_t common = 0;
    while (i < a->n && j < b->n) {
        if (a->tokens[i] == b->tokens[j]) {
            common++;
            i++;
            j++;
        } else if (a->tokens[i] < b->tokens[j]) {
            i++;
        } else {
            j++;
        }
    }
    size_t all = a->n + b->n - common;
    return all ? (double)common / (double)all : 1.0;
}

/* Candidate pairs for dedup by prefix filtering (Chaudhuri et al. 2006, "A primitive operator
 * for similarity joins"): order each token set rarest token first; two sets with Jaccard
 * similarity >= t share at least one token among the first n - ceil(t n) + 1 of each. Only
 * points sharing such a prefix token are compared, instead of every pair. */
typedef struct {
    uint64_t token;
    uint32_t point;
} posting;

/* Source order: by source, line and column. Not by address: a compressed sentence is a
 * copy allocated later, and the arena's memory is not in address order. */
static int cmp_sentence(const void *a, const void *b)
{
    const bg_sentence *x = *(const bg_sentence *const *)a;
    const bg_sentence *y = *(const bg_sentence *const *)b;
    if (x->source != y->source) {
        return x->source < y->source ? -1 : 1;
    }
    if (x->loc.line != y->loc.line) {
        return x->loc.line < y->loc.line ? -1 : 1;
    }
    return x->loc.col < y->loc.col ? -1 : (x->loc.col > y->loc.col);
}

typedef struct {
    uint64_t token;
    size_t df;
} token_df;

static bool df_before(const token_df *x, const token_df *y)
{
    return x->df != y->df ? x->df < y->df : x->token < y->token;
}

static int cmp_df(const void *a, const void *b)
{
    return df_before(a, b) ? -1 : df_before(b, a);
}

/* Sort one set's tokens rarest first: insertion for a sentence's few (the order is total,
 * so the result is qsort's), qsort past SMALL_SORT. */
static void sort_df(token_df *v, size_t n)
{
    if (n > SMALL_SORT) {
        qsort(v, n, sizeof(token_df), cmp_df);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        token_df key = v[i];
        size_t j = i;
        while (j > 0 && df_before(&key, &v[j - 1])) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = key;
    }
}

/* Document frequencies: an open-addressing table (linear probing) from token to the number
 * of sets holding it; df 0 marks an empty slot. Its size is a power of two at least twice
 * the tokens counted, so probes stay short; cheaper than sorting every token of the corpus. */
typedef struct {
    uint64_t *token;
    uint32_t *df;
    size_t mask;
    unsigned shift; /* 64 - log2(size) */
} df_table;

static bg_status df_init(bg_arena *a, size_t n_tokens, df_table *t)
{
    size_t size = 16;
    unsigned bits = 4;
    while (size < 2 * n_tokens) {
        if (size > SIZE_MAX / 4 / sizeof(uint64_t)) {
            return BG_ENOMEM;
        }
        size *= 2;
        bits++;
    }
    t->token = bg_arena_array(a, size, sizeof(uint64_t));
    t->df = bg_arena_array(a, size, sizeof(uint32_t));
    t->mask = size - 1;
    t->shift = 64u - bits;
    return t->token && t->df ? BG_OK : BG_ENOMEM;
}

/* The slot of @token: where it is, or the empty one where it goes. */
static size_t df_slot(const df_table *t, uint64_t token)
{
    size_t k = (size_t)((token * 0x9E3779B97F4A7C15ull) >> t->shift);
    while (t->df[k] != 0 && t->token[k] != token) {
        k = (k + 1) & t->mask;
    }
    return k;
}

static void df_add(df_table *t, uint64_t token)
{
    size_t k = df_slot(t, token);
    t->token[k] = token;
    t->df[k]++;
}

/* How many sets hold @token. */
static size_t doc_freq(const df_table *t, uint64_t token)
{
    return t->df[df_slot(t, token)];
}

/* Sort @v by token, keeping the order of equal tokens (LSD radix sort on bytes through
 * @tmp, n entries): postings made in point order come out by (token, point). */
static void sort_postings(posting *v, size_t n, posting *tmp)
{
    posting *src = v;
    posting *dst = tmp;
    for (unsigned shift = 0; shift < 64; shift += 8) {
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++) {
            count[((src[i].token >> shift) & 0xFFu) + 1]++;
        }
        for (size_t b = 0; b < 256; b++) {
            count[b + 1] += count[b];
        }
        for (size_t i = 0; i < n; i++) {
            dst[count[(src[i].token >> shift) & 0xFFu]++] = src[i];
        }
        posting *t = src;
        src = dst;
        dst = t;
    }
    /* Eight passes: the result is back in @v. */
}

/* The index of prefix tokens: postings sorted by (token, point), and for each point its
 * prefix tokens (rarest first). */
typedef struct {
    posting *post;
    size_t n_post;
    uint64_t **prefix;
    size_t *n_prefix;
} prefix_index;

static bg_status build_index(bg_extractor *x, const token_set *sets, prefix_index *ix)
{
    size_t n_all = 0;
    size_t max_n = 0;
    for (size_t i = 0; i < x->n; i++) {
        n_all += sets[i].n;
        max_n = sets[i].n > max_n ? sets[i].n : max_n;
    }
    ix->post = bg_arena_array(x->a, n_all + 1, sizeof(posting));
    posting *post_tmp = bg_arena_array(x->a, n_all + 1, sizeof(posting));
    ix->prefix = bg_arena_array(x->a, x->n + 1, sizeof(uint64_t *));
    ix->n_prefix = bg_arena_array(x->a, x->n + 1, sizeof(size_t));
    token_df *tmp = bg_arena_array(x->a, max_n + 1, sizeof(token_df));
    df_table table;
    bg_status st = df_init(x->a, n_all, &table);
    if (st != BG_OK || !ix->post || !post_tmp || !ix->prefix || !ix->n_prefix || !tmp) {
        return BG_ENOMEM;
    }
    for (size_t i = 0; i < x->n; i++) {
        for (size_t m = 0; m < sets[i].n; m++) {
            df_add(&table, sets[i].tokens[m]);
        }
    }
    ix->n_post = 0;
    double t = x->sc->dedup_threshold;
    for (size_t i = 0; i < x->n; i++) {
        size_t n = sets[i].n;
        for (size_t m = 0; m < n; m++) {
            tmp[m] = (token_df){sets[i].tokens[m], doc_freq(&table, sets[i].tokens[m])};
        }
        sort_df(tmp, n);
        size_t need = (size_t)(t * (double)n + 0.999999);
        size_t prefix = need >= 1 && n >= need ? n - need + 1 : n;
        ix->prefix[i] = bg_arena_array(x->a, prefix + 1, sizeof(uint64_t));
        if (!ix->prefix[i]) {
            return BG_ENOMEM;
        }
        ix->n_prefix[i] = prefix;
        for (size_t m = 0; m < prefix; m++) {
            ix->prefix[i][m] = tmp[m].token;
            ix->post[ix->n_post++] = (posting){tmp[m].token, (uint32_t)i};
        }
    }
    sort_postings(ix->post, ix->n_post, post_tmp);
    return BG_OK;
}

/* The first posting of @token. */
static size_t first_posting(const prefix_index *ix, uint64_t token)
{
    size_t lo = 0;
    size_t hi = ix->n_post;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ix->post[mid].token < token) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

bg_status bg_extract_dedup(bg_extractor *x)
{
    if (x->n < 2) {
        return BG_OK;
    }
    token_set *sets = bg_arena_array(x->a, x->n, sizeof(*sets));
    bool *gone = bg_arena_array(x->a, x->n, sizeof(*gone));
    if (!sets || !gone) {
        return BG_ENOMEM;
    }
    for (size_t i = 0; i < x->n; i++) {
        bg_status st = tokenize(x->a, x->items[i].s->text, &sets[i]);
        if (st != BG_OK) {
            return st;
        }
    }
    prefix_index ix;
    bg_status st = build_index(x, sets, &ix);
    if (st != BG_OK) {
        return st;
    }
    /* For each point in order, the later points sharing a prefix token: the same merges as
     * comparing every pair in (i, j) order. */
    unsigned long long n_compared = 0;
    for (size_t i = 0; i < x->n && n_compared < MAX_DEDUP_COMPARISONS; i++) {
        if (gone[i]) {
            continue;
        }
        bg_point *keep = &x->items[i];
        for (size_t m = 0; m < ix.n_prefix[i] && n_compared < MAX_DEDUP_COMPARISONS; m++) {
            uint64_t token = ix.prefix[i][m];
            for (size_t q = first_posting(&ix, token);
                 q < ix.n_post && ix.post[q].token == token && n_compared < MAX_DEDUP_COMPARISONS;
                 q++) {
                size_t j = ix.post[q].point;
                if (j <= i || gone[j]) {
                    continue;
                }
                n_compared++;
                if (jaccard(&sets[i], &sets[j]) < x->sc->dedup_threshold) {
                    continue;
                }
                gone[j] = true;
                const bg_sentence *other = x->items[j].s;
                if (other->source == keep->s->source) {
                    continue; /* a repeat within one source cites nothing new */
                }
                size_t k = keep->n_also;
                if ((k & (k - 1)) == 0) { /* capacity doubles at 1, 2, 4, ... */
                    const bg_sentence **also =
                        bg_arena_grow(x->a, keep->also, k, k ? 2 * k : 1, sizeof(*also));
                    if (!also) {
                        return BG_ENOMEM;
                    }
                    keep->also = also;
                }
                keep->also[keep->n_also++] = other;
                if (x->items[j].score > keep->score) {
                    keep->score = x->items[j].score;
                }
            }
        }
    }
    size_t u = 0;
    for (size_t i = 0; i < x->n; i++) {
        if (!gone[i]) {
            bg_point *p = &x->items[i];
            if (p->n_also > 1) { /* in source order, whatever token found them */
                qsort(p->also, p->n_also, sizeof(*p->also), cmp_sentence);
            }
            x->items[u++] = *p;
        }
    }
    x->n = u;
    return BG_OK;
}
