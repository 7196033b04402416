/* Rules prefilter: a necessary condition for a pattern to match, as an AND of clauses, each
 * an OR of literals that must occur in the subject. A literal is checked as "its byte
 * occurs" (one byte) or "all its byte pairs or triples occur", against a byte set and a
 * hashed bit set of the subject's pairs and triples (ASCII letters folded; windows with a
 * capital also under their exact bytes, for case-sensitive literals). This is the n-gram
 * index of Cho & Rajagopalan 2002 ("A fast regular expression indexing engine") applied to
 * one sentence. Most rules are category words (`(?i)\b(summit|ministerial)\b`), so most
 * sentences skip most rules without pcre2.
 *
 * A second, separate condition: a pattern ending in a class of letters and digits before
 * `$` needs a subject ending in such a character (bg_rules_filter_ends_in_word).
 *
 * The pattern analysis is a small recursive descent over PCRE2 syntax. It is conservative:
 * quantified atoms, classes, escapes and lookarounds give no literal; anything unusual
 * (verbs, \Q, comments, conditionals, recursion, extended mode) gives no condition. */
#include "rules_filter.h"

#include <stdint.h>
#include <string.h>

#include "utf8.h"

#define MAX_CLAUSES 3        /* strongest clauses kept per pattern */
#define MAX_GRAMS_PER_LIT 12 /* rarest n-grams checked per literal */
#define MAX_LITS_PER_CLAUSE 64
#define MAX_RUN 256              /* bytes of one literal run kept */
#define MAX_DEPTH 64             /* group nesting (pcre2's parens limit is lower) */
#define MAX_PRODUCT 64           /* strings a run of literals and exact groups may stand for */
#define MAX_PRODUCT_BYTES 65536u /* bytes of such strings per pattern (bounds the arena) */

typedef struct {
    uint8_t n; /* grams to check; 0 with is_byte: one byte */
    bool is_byte;
    uint16_t bit[MAX_GRAMS_PER_LIT]; /* is_byte: bit[0] is the byte */
} lit;

typedef struct {
    size_t n;
    lit *lits;
} clause;

struct bg_rules_filter {
    size_t n;
    clause clauses[MAX_CLAUSES];
    bool needs_word_end; /* the pattern ends in `[letters, digits]$` (bg_rules_filter_ends_in_word)
                          */
};

/* --- Subject summary --- */

static unsigned char fold(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

static uint16_t gram_bit(uint32_t v)
{
    return (uint16_t)((v * 2654435761u) >> (32 - 13));
}

/* Folded windows and exact ones (a window with a capital, as written) hash apart. */
#define EXACT_DOMAIN 0x2000000u

static uint16_t pair_bit(unsigned char a, unsigned char b, uint32_t domain)
{
    return gram_bit(domain | 0x1000000u | ((uint32_t)a << 8) | b);
}

static uint16_t triple_bit(unsigned char a, unsigned char b, unsigned char c, uint32_t domain)
{
    return gram_bit(domain | ((uint32_t)a << 16) | ((uint32_t)b << 8) | c);
}

static bool is_capital(unsigned char c)
{
    return c >= 'A' && c <= 'Z';
}

static void set_bit(bg_rules_grams *g, uint16_t k)
{
    g->bits[k >> 6] |= 1ull << (k & 63);
}

/* U+0130, U+0131, U+017F and U+212A fold to ASCII letters under Unicode caseless matching
 * (İ ı → i, ſ → s, K → k): a subject holding one gets no summary, so every rule runs. */
static bool folds_to_ascii(const unsigned char *p, size_t left)
{
    if (left >= 2 && p[0] == 0xC4 && (p[1] == 0xB0 || p[1] == 0xB1)) {
        return true;
    }
    if (left >= 2 && p[0] == 0xC5 && p[1] == 0xBF) {
        return true;
    }
    return left >= 3 && p[0] == 0xE2 && p[1] == 0x84 && p[2] == 0xAA;
}

static bool may_be_word(unsigned char c)
{
    return c >= 0x80 || c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z');
}

static bool is_newline_byte(unsigned char c)
{
    return c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* `$` (no (?m)) matches at the end and before a final newline: the character before it is
 * the last one, or the one before a final newline. Any ASCII newline byte and CRLF count,
 * whatever newline convention pcre2 was built with (other newlines end in bytes >= 0x80,
 * which count as word bytes here). */
static bool may_end_in_word(const unsigned char *p, size_t len)
{
    if (len == 0) {
        return false;
    }
    if (may_be_word(p[len - 1])) {
        return true;
    }
    if (!is_newline_byte(p[len - 1]) || len < 2) {
        return false;
    }
    if (may_be_word(p[len - 2])) {
        return true;
    }
    return p[len - 2] == '\r' && p[len - 1] == '\n' && len >= 3 && may_be_word(p[len - 3]);
}

void bg_rules_grams_of(bg_str subject, bg_rules_grams *g)
{
    memset(g->bits, 0, sizeof(g->bits));
    memset(g->bytes, 0, sizeof(g->bytes));
    g->is_exact = true;
    g->has_candidates = false;
    const unsigned char *p = (const unsigned char *)subject.ptr;
    g->may_end_in_word = may_end_in_word(p, subject.len);
    /* The windows of the first two bytes take zero bytes from before the start: a few
     * more bits, which can only let more rules through. */
    uint32_t folded = 0; /* the last three bytes, folded, newest lowest */
    uint32_t raw = 0;    /* the same as written: differs from folded where a capital is */
    for (size_t i = 0; i < subject.len; i++) {
        unsigned char b = p[i];
        if (b >= 0xC4 && folds_to_ascii(p + i, subject.len - i)) {
            g->is_exact = false;
            return;
        }
        unsigned char c = (unsigned char)(b | (unsigned)((unsigned)(b - 'A') < 26u) << 5);
        g->bytes[c] = 1;
        folded = ((folded << 8) | c) & 0xFFFFFFu;
        raw = ((raw << 8) | b) & 0xFFFFFFu;
        set_bit(g, gram_bit(0x1000000u | (folded & 0xFFFFu)));
        set_bit(g, gram_bit(folded));
        uint32_t caps = raw ^ folded;
        if (caps) {
            set_bit(g, gram_bit(EXACT_DOMAIN | raw));
            if (caps & 0xFFFFu) {
                set_bit(g, gram_bit(EXACT_DOMAIN | 0x1000000u | (raw & 0xFFFFu)));
            }
        }
    }
}

static bool has_bit(const bg_rules_grams *g, uint16_t k)
{
    return (g->bits[k >> 6] >> (k & 63)) & 1u;
}

static bool lit_occurs(const lit *li, const bg_rules_grams *g)
{
    if (li->is_byte) {
        return g->bytes[li->bit[0]];
    }
    for (uint8_t k = 0; k < li->n; k++) {
        if (!has_bit(g, li->bit[k])) {
            return false;
        }
    }
    return true;
}

/* The filter's end condition and its clauses from @first on. */
static bool pass_from(const bg_rules_filter *f, const bg_rules_grams *g, size_t first)
{
    if (f->needs_word_end && !g->may_end_in_word) {
        return false;
    }
    if (!g->is_exact) {
        return true;
    }
    for (size_t c = first; c < f->n; c++) {
        const clause *cl = &f->clauses[c];
        bool any = false;
        for (size_t l = 0; l < cl->n && !any; l++) {
            any = lit_occurs(&cl->lits[l], g);
        }
        if (!any) {
            return false;
        }
    }
    return true;
}

bool bg_rules_filter_pass(const bg_rules_filter *f, const bg_rules_grams *g)
{
    return !f || pass_from(f, g, 0);
}

/* --- Inverted index: which rules a sentence's n-grams can wake --- */

struct bg_rules_filter_index {
    uint64_t always[BG_MAX_RULES / 64];      /* rules without a condition */
    uint64_t keyed[BG_RULES_GRAM_BITS / 64]; /* n-gram bits with keys under them */
    uint32_t off[BG_RULES_GRAM_BITS + 1];    /* keys under gram bit k: key[off[k]..off[k+1]) */
    struct {
        const lit *lit; /* a literal of the rule's first clause, with this first n-gram */
        uint32_t rule;
        uint16_t second; /* its second n-gram (its first when it has one): checked here */
    } * key;
    size_t n_bytes; /* one-byte literals: rule byte_rule[i] is woken by byte_key[i] */
    uint8_t *byte_key;
    uint16_t *byte_rule;
};

static void set_rule(uint64_t *set, size_t r)
{
    set[r >> 6] |= 1ull << (r & 63);
}

/* Count (when @ix->key is NULL) or place the keys of filter @f of rule @r. */
static void place_keys(bg_rules_filter_index *ix, const bg_rules_filter *f, size_t r,
                       uint32_t *fill)
{
    const clause *cl = &f->clauses[0];
    for (size_t l = 0; l < cl->n; l++) {
        const lit *li = &cl->lits[l];
        if (li->is_byte) {
            if (ix->byte_key) {
                ix->byte_key[ix->n_bytes] = (uint8_t)li->bit[0];
                ix->byte_rule[ix->n_bytes] = (uint16_t)r;
            }
            ix->n_bytes++;
        } else if (ix->key) {
            uint32_t k = fill[li->bit[0]]++;
            ix->key[k].rule = (uint32_t)r;
            ix->key[k].lit = li;
            ix->key[k].second = li->bit[li->n >= 2 ? 1 : 0];
        } else {
            ix->off[li->bit[0] + 1]++;
        }
    }
}

/* A filter without clauses or with a literal lacking n-grams is woken by every subject. */
static bool is_keyless(const bg_rules_filter *f)
{
    if (!f || f->n == 0) {
        return true;
    }
    for (size_t l = 0; l < f->clauses[0].n; l++) {
        if (!f->clauses[0].lits[l].is_byte && f->clauses[0].lits[l].n == 0) {
            return true;
        }
    }
    return false;
}

bg_status bg_rules_filter_index_build(const bg_rules_filter *const *f, size_t n, bg_arena *a,
                                      bg_rules_filter_index **out)
{
    bg_rules_filter_index *ix = bg_arena_alloc(a, sizeof(*ix));
    if (!ix) {
        return BG_ENOMEM;
    }
    for (size_t r = 0; r < n; r++) {
        if (is_keyless(f[r])) {
            set_rule(ix->always, r);
        } else {
            place_keys(ix, f[r], r, NULL);
        }
    }
    for (size_t k = 0; k < BG_RULES_GRAM_BITS; k++) {
        if (ix->off[k + 1]) {
            ix->keyed[k >> 6] |= 1ull << (k & 63);
        }
        ix->off[k + 1] += ix->off[k];
    }
    ix->key = bg_arena_array(a, ix->off[BG_RULES_GRAM_BITS] + 1, sizeof(*ix->key));
    ix->byte_key = bg_arena_array(a, ix->n_bytes + 1, sizeof(uint8_t));
    ix->byte_rule = bg_arena_array(a, ix->n_bytes + 1, sizeof(uint16_t));
    uint32_t *fill = bg_arena_array(a, BG_RULES_GRAM_BITS, sizeof(uint32_t));
    if (!ix->key || !ix->byte_key || !ix->byte_rule || !fill) {
        return BG_ENOMEM;
    }
    memcpy(fill, ix->off, BG_RULES_GRAM_BITS * sizeof(uint32_t));
    ix->n_bytes = 0;
    for (size_t r = 0; r < n; r++) {
        if (!is_keyless(f[r])) {
            place_keys(ix, f[r], r, fill);
        }
    }
    *out = ix;
    return BG_OK;
}

void bg_rules_filter_candidates(const bg_rules_filter_index *ix, bg_rules_grams *g)
{
    g->has_candidates = g->is_exact;
    if (!g->is_exact) {
        return;
    }
    memcpy(g->candidates, ix->always, sizeof(g->candidates));
    for (size_t w = 0; w < BG_RULES_GRAM_BITS / 64; w++) {
        uint64_t bits = g->bits[w] & ix->keyed[w];
        while (bits) {
            size_t k = w * 64 + (size_t)__builtin_ctzll(bits);
            bits &= bits - 1;
            for (uint32_t j = ix->off[k]; j < ix->off[k + 1]; j++) {
                size_t r = ix->key[j].rule;
                if (has_bit(g, ix->key[j].second) && !((g->candidates[r >> 6] >> (r & 63)) & 1u) &&
                    lit_occurs(ix->key[j].lit, g)) {
                    set_rule(g->candidates, r);
                }
            }
        }
    }
    for (size_t i = 0; i < ix->n_bytes; i++) {
        uint8_t b = ix->byte_key[i];
        if (g->bytes[b]) {
            set_rule(g->candidates, ix->byte_rule[i]);
        }
    }
}

bool bg_rules_filter_may_match(const bg_rules_filter_index *ix, const bg_rules_filter *f, size_t r,
                               const bg_rules_grams *g)
{
    if (!g->has_candidates) {
        return bg_rules_filter_pass(f, g);
    }
    if (!((g->candidates[r >> 6] >> (r & 63)) & 1u)) {
        return false;
    }
    if ((ix->always[r >> 6] >> (r & 63)) & 1u) {
        return bg_rules_filter_pass(f, g);
    }
    return pass_from(f, g, 1); /* the index found a literal of the first clause */
}

/* --- Pattern analysis --- */

/* A literal while analysing: its bytes as written and, per byte, whether it matches
 * case-sensitively (outside (?i)). */
typedef struct {
    const char *p;
    const char *cs;
    size_t len;
} alit;

/* A clause while analysing: literals of which one must occur. */
typedef struct {
    alit *lits;
    size_t n;
} aclause;

/* A conjunction of clauses; n == 0 means no condition. When is_exact, whatever the
 * branch or group matches is one of the n_exact strings of exact ("" included): it was
 * made of literals, zero-width assertions and exact groups only. */
typedef struct {
    aclause *cl;
    size_t n;
    bool is_exact;
    alit *exact;
    size_t n_exact;
} areq;

typedef struct {
    const char *p;
    size_t n, i;
    bg_arena *a;
    int depth;
    bool is_caseless;     /* (?i) is in force here */
    bool bail;            /* syntax not understood: no condition for the whole pattern */
    bool no_mem;          /* the arena failed */
    size_t product_bytes; /* spent on strings of runs, against MAX_PRODUCT_BYTES */
} parser;

typedef struct {
    char buf[MAX_RUN];
    char cs[MAX_RUN]; /* 1: the byte matches case-sensitively */
    size_t len;
} run;

/* The literal text matched last, as one of the strings pre[i] followed by the bytes of ru
 * (pre == NULL: ru alone). Adjacent literals and exact groups multiply into it, so
 * `(key|global) partners` is the clause "key partners" | "global partners". */
typedef struct {
    alit *pre;
    size_t n_pre;
    run ru;
} cursor;

static bool at(const parser *ps, char c)
{
    return ps->i < ps->n && ps->p[ps->i] == c;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool push_clause(parser *ps, areq *r, aclause c)
{
    aclause *n = bg_arena_grow(ps->a, r->cl, r->n, r->n + 1, sizeof(*n));
    if (!n) {
        ps->no_mem = true;
        return false;
    }
    n[r->n++] = c;
    r->cl = n;
    return true;
}

/* Copy @len bytes of @p and their flags @p_cs to @text and @cs at @n, but not past @max;
 * the new end. */
static size_t append(char *text, char *cs, size_t n, size_t max, const char *p, const char *p_cs,
                     size_t len)
{
    size_t k = len < max - n ? len : max - n;
    if (k) {
        memcpy(text + n, p, k);
        memcpy(cs + n, p_cs, k);
    }
    return n + k;
}

/* One string: @a, then @ru's bytes, then @b (either may be NULL), cut to @max bytes. */
static bool concat(parser *ps, const alit *a, const run *ru, const alit *b, size_t max, alit *out)
{
    size_t len_a = a ? a->len : 0;
    size_t len_b = b ? b->len : 0;
    size_t len = len_a + ru->len + len_b;
    len = len > max ? max : len;
    char *text = bg_arena_alloc(ps->a, len + 1);
    char *cs = bg_arena_alloc(ps->a, len + 1);
    if (!text || !cs) {
        ps->no_mem = true;
        return false;
    }
    size_t n = 0;
    if (a) {
        n = append(text, cs, n, len, a->p, a->cs, len_a);
    }
    n = append(text, cs, n, len, ru->buf, ru->cs, ru->len);
    if (b) {
        (void)append(text, cs, n, len, b->p, b->cs, len_b);
    }
    ps->product_bytes += 2 * len;
    *out = (alit){text, cs, len};
    return true;
}

/* The strings of @cur followed by each of @suffix (NULL: nothing follows), each at most
 * @max bytes. False when there would be more than MAX_PRODUCT strings, a string longer
 * than @max with @is_whole, or the pattern's budget is spent; the arena failing sets
 * no_mem. */
static bool spell(parser *ps, const cursor *cur, const alit *suffix, size_t n_suffix, size_t max,
                  bool is_whole, alit **out, size_t *n_out)
{
    size_t n_pre = cur->pre ? cur->n_pre : 1;
    size_t n_suf = suffix ? n_suffix : 1;
    if (n_pre > MAX_PRODUCT || n_suf > MAX_PRODUCT || n_pre * n_suf > MAX_PRODUCT ||
        ps->product_bytes > MAX_PRODUCT_BYTES) {
        return false;
    }
    alit *l = bg_arena_array(ps->a, n_pre * n_suf, sizeof(*l));
    if (!l) {
        ps->no_mem = true;
        return false;
    }
    for (size_t i = 0; i < n_pre; i++) {
        for (size_t j = 0; j < n_suf; j++) {
            const alit *a = cur->pre ? &cur->pre[i] : NULL;
            const alit *b = suffix ? &suffix[j] : NULL;
            size_t len = (a ? a->len : 0) + cur->ru.len + (b ? b->len : 0);
            if ((is_whole && len > max) || !concat(ps, a, &cur->ru, b, max, &l[i * n_suf + j])) {
                return false;
            }
        }
    }
    *out = l;
    *n_out = n_pre * n_suf;
    return true;
}

/* End the current literal text: its strings become a clause when none is empty (one of
 * them must occur). When they cannot be spelled, the bytes of the run alone do. */
static void flush(parser *ps, areq *r, cursor *cur)
{
    if ((cur->pre || cur->ru.len >= 1) && !ps->no_mem) {
        alit *l = NULL;
        size_t n = 0;
        bool is_spelled = spell(ps, cur, NULL, 0, MAX_RUN, false, &l, &n);
        if (!is_spelled && cur->ru.len >= 1 && !ps->no_mem) {
            cursor tail = {.pre = NULL, .n_pre = 0, .ru = cur->ru};
            is_spelled = spell(ps, &tail, NULL, 0, MAX_RUN, false, &l, &n);
        }
        bool has_empty = false;
        for (size_t k = 0; k < n; k++) {
            has_empty = has_empty || l[k].len == 0;
        }
        if (is_spelled && !has_empty) {
            (void)push_clause(ps, r, (aclause){l, n});
        }
    }
    cur->pre = NULL;
    cur->n_pre = 0;
    cur->ru.len = 0;
}

/* Follow the current literal text with one of the strings @b: false (nothing changed)
 * when the product is too big. */
static bool multiply(parser *ps, cursor *cur, const alit *b, size_t n_b)
{
    alit *l = NULL;
    size_t n = 0;
    if (!spell(ps, cur, b, n_b, MAX_RUN, true, &l, &n)) {
        return false;
    }
    cur->pre = l;
    cur->n_pre = n;
    cur->ru.len = 0;
    return true;
}

/* How selective a clause is: its shortest literal, then fewer literals. */
static size_t strength(const aclause *c)
{
    size_t min = SIZE_MAX;
    for (size_t l = 0; l < c->n; l++) {
        min = c->lits[l].len < min ? c->lits[l].len : min;
    }
    min = min > 16 ? 16 : min;
    return min * 1024 + (c->n < 1024 ? 1023 - c->n : 0);
}

static size_t best_clause(const areq *r)
{
    size_t best = 0;
    for (size_t c = 1; c < r->n; c++) {
        if (strength(&r->cl[c]) > strength(&r->cl[best])) {
            best = c;
        }
    }
    return best;
}

enum { Q_NONE, Q_OPTIONAL, Q_AT_LEAST_ONE };

/* A quantifier after an atom, skipped with its lazy or possessive mark. */
static int quantifier(parser *ps)
{
    int q = Q_NONE;
    if (at(ps, '?') || at(ps, '*')) {
        q = Q_OPTIONAL;
        ps->i++;
    } else if (at(ps, '+')) {
        q = Q_AT_LEAST_ONE;
        ps->i++;
    } else if (at(ps, '{') && ps->i + 1 < ps->n &&
               (is_digit(ps->p[ps->i + 1]) || ps->p[ps->i + 1] == ',')) {
        size_t j = ps->i + 1;
        unsigned long min = 0;
        while (j < ps->n && is_digit(ps->p[j])) {
            min = min < 100000 ? min * 10 + (unsigned long)(ps->p[j] - '0') : min;
            j++;
        }
        while (j < ps->n && (is_digit(ps->p[j]) || ps->p[j] == ',')) {
            j++;
        }
        if (j < ps->n && ps->p[j] == '}') {
            ps->i = j + 1;
            q = min >= 1 ? Q_AT_LEAST_ONE : Q_OPTIONAL;
        }
        /* Otherwise '{' is a literal, which the caller treats as an unknown atom. */
    }
    if (q != Q_NONE && (at(ps, '?') || at(ps, '+'))) {
        ps->i++;
    }
    return q;
}

/* Skip a delimited item ({...}, <...>, '...') starting at ps->i; bail when unterminated. */
static void skip_delimited(parser *ps, char close)
{
    ps->i++;
    while (ps->i < ps->n && ps->p[ps->i] != close) {
        ps->i++;
    }
    if (ps->i >= ps->n) {
        ps->bail = true;
        return;
    }
    ps->i++;
}

enum { ATOM_LITERAL, ATOM_CONSUMING, ATOM_ZERO_WIDTH, ATOM_DIGIT };

/* An escape at ps->i ('\\'); *ch is the literal byte for ATOM_LITERAL. */
static int escape(parser *ps, char *ch)
{
    ps->i++;
    if (ps->i >= ps->n) {
        ps->bail = true;
        return ATOM_ZERO_WIDTH;
    }
    char e = ps->p[ps->i++];
    if (!is_alnum(e)) {
        *ch = e;
        return (unsigned char)e >= 0x20 && (unsigned char)e < 0x7F ? ATOM_LITERAL : ATOM_CONSUMING;
    }
    if (strchr("bBAzZGKE", e)) {
        return ATOM_ZERO_WIDTH;
    }
    if (e == 'N' && at(ps, '{') && ps->i + 1 < ps->n && !is_digit(ps->p[ps->i + 1]) &&
        ps->p[ps->i + 1] != ',') {
        skip_delimited(ps, '}'); /* \N{U+hh}, not \N{3} */
        return ATOM_CONSUMING;
    }
    if (e == 'd') {
        return ATOM_DIGIT; /* ASCII digits: the rules compile without PCRE2_UCP */
    }
    if (strchr("DwWsShHvVNRXaefnrt", e)) {
        return ATOM_CONSUMING;
    }
    if (is_digit(e)) {
        while (ps->i < ps->n && is_digit(ps->p[ps->i])) {
            ps->i++;
        }
        return ATOM_CONSUMING;
    }
    if (e == 'c') {
        ps->i++;
        return ATOM_CONSUMING;
    }
    if (e == 'x' || e == 'o' || e == 'p' || e == 'P' || e == 'g' || e == 'k') {
        if (at(ps, '{')) {
            skip_delimited(ps, '}');
        } else if (at(ps, '<') && (e == 'g' || e == 'k')) {
            skip_delimited(ps, '>');
        } else if (at(ps, '\'') && (e == 'g' || e == 'k')) {
            skip_delimited(ps, '\'');
        } else if (e == 'x') {
            for (int k = 0;
                 k < 2 && ps->i < ps->n && strchr("0123456789abcdefABCDEF", ps->p[ps->i]); k++) {
                ps->i++;
            }
        } else if (e == 'p' || e == 'P') {
            ps->i++;
        } else if (e == 'g') {
            ps->i += at(ps, '+') || at(ps, '-');
            while (ps->i < ps->n && is_digit(ps->p[ps->i])) {
                ps->i++;
            }
        } else {
            ps->bail = true;
        }
        return ATOM_CONSUMING;
    }
    ps->bail = true; /* \Q, \u, \L, ...: not worth understanding */
    return ATOM_ZERO_WIDTH;
}

/* A character class at ps->i ('['), skipped to its closing ']'. */
static void char_class(parser *ps)
{
    ps->i++;
    ps->i += at(ps, '^');
    if (at(ps, ']')) {
        ps->i++;
    }
    while (ps->i < ps->n && !ps->bail) {
        char c = ps->p[ps->i];
        if (c == ']') {
            ps->i++;
            return;
        }
        if (c == '\\') {
            char e = ps->i + 1 < ps->n ? ps->p[ps->i + 1] : 0;
            ps->i += 2;
            if (e == 'Q') {
                ps->bail = true;
            } else if (strchr("xopPgN", e) && e && at(ps, '{')) {
                skip_delimited(ps, '}');
            }
        } else if (c == '[' && ps->i + 1 < ps->n && strchr(":.=", ps->p[ps->i + 1])) {
            char kind = ps->p[ps->i + 1];
            ps->i += 2;
            while (ps->i + 1 < ps->n && !(ps->p[ps->i] == kind && ps->p[ps->i + 1] == ']')) {
                ps->i++;
            }
            ps->i += 2;
        } else {
            ps->i++;
        }
    }
    ps->bail = true; /* unterminated */
}

static areq alternation(parser *ps);

/* Append the clauses of @from to @to (both conjunctions). */
static void join(parser *ps, areq *to, const areq *from)
{
    for (size_t c = 0; c < from->n && !ps->no_mem; c++) {
        (void)push_clause(ps, to, from->cl[c]);
    }
}

enum { GROUP_PLAIN, GROUP_LOOKAROUND, GROUP_OPTIONS };

/* Option letters at ps->i ("i", "-i", "s-i", "^"): the caseless state they leave. */
static bool options(parser *ps, bool is_caseless)
{
    bool is_on = true;
    while (ps->i < ps->n &&
           strchr("abcdefghijklmnopqrstuvwyzABCDEFGHIJKLMNOPQRSTUVWXYZ^-", ps->p[ps->i])) {
        char c = ps->p[ps->i++]; /* 'x' (extended) is missing on purpose: the caller bails */
        if (c == '-') {
            is_on = false;
        } else if (c == '^') {
            is_caseless = false;
        } else if (c == 'i') {
            is_caseless = is_on;
        }
    }
    return is_caseless;
}

/* The head of a group at ps->i ('('): its kind, with ps->i after the head. Option letters
 * set *is_caseless (for the group's inside with ':', else for the rest of the enclosing
 * group). */
static int group_head(parser *ps, bool *is_caseless)
{
    ps->i++;
    if (at(ps, '*')) {
        ps->bail = true;
        return GROUP_PLAIN;
    }
    if (!at(ps, '?')) {
        return GROUP_PLAIN;
    }
    ps->i++;
    char c = ps->i < ps->n ? ps->p[ps->i] : 0;
    char c2 = ps->i + 1 < ps->n ? ps->p[ps->i + 1] : 0;
    if (c == ':' || c == '|' || c == '>') {
        ps->i++;
        return GROUP_PLAIN;
    }
    if (c == '=' || c == '!') {
        ps->i++;
        return GROUP_LOOKAROUND;
    }
    if (c == '<' && (c2 == '=' || c2 == '!')) {
        ps->i += 2;
        return GROUP_LOOKAROUND;
    }
    if (c == '<' || (c == 'P' && c2 == '<') || c == '\'') {
        ps->i += c == 'P';
        skip_delimited(ps, c == '\'' ? '\'' : '>');
        return GROUP_PLAIN;
    }
    *is_caseless = options(ps, *is_caseless);
    if (at(ps, ')')) {
        ps->i++;
        return GROUP_OPTIONS;
    }
    if (at(ps, ':')) {
        ps->i++;
        return GROUP_PLAIN;
    }
    ps->bail = true; /* (?x, (?#, (?(, (?R, (?1, (?&, (?C, ... */
    return GROUP_PLAIN;
}

/* A group at ps->i ('('). An exact group without quantifier multiplies into @cur;
 * otherwise @cur ends, and the group's condition joins @r unless it is optional or an
 * assertion. Returns whether the group was exact (an option setting is: it matches ""). */
static bool group(parser *ps, areq *r, cursor *cur)
{
    bool outer = ps->is_caseless;
    bool inside = outer;
    int kind = group_head(ps, &inside);
    if (ps->bail || kind == GROUP_OPTIONS) {
        ps->is_caseless = inside; /* (?i) lasts to the end of the enclosing group */
        return !ps->bail;
    }
    if (++ps->depth > MAX_DEPTH) {
        ps->bail = true;
        return false;
    }
    ps->is_caseless = inside;
    areq inner = alternation(ps);
    ps->is_caseless = outer; /* an option set inside ends with the group */
    ps->depth--;
    if (!at(ps, ')')) {
        ps->bail = true;
        return false;
    }
    ps->i++;
    int q = quantifier(ps);
    if (kind == GROUP_PLAIN && q == Q_NONE && inner.is_exact &&
        multiply(ps, cur, inner.exact, inner.n_exact)) {
        return true;
    }
    flush(ps, r, cur);
    if (kind == GROUP_PLAIN && q != Q_OPTIONAL) {
        join(ps, r, &inner);
    }
    return false;
}

/* Characters without case (general punctuation, currency signs, a few Latin-1 symbols):
 * a caseless pattern matches them only as written, so their bytes can be literals. Other
 * non-ASCII characters may match other bytes under (?i) (é, É) and are not used. */
static bool is_caseless_free(uint32_t cp)
{
    return (cp >= 0x2010 && cp <= 0x205F) || (cp >= 0x20A0 && cp <= 0x20CF) || cp == 0xA3 ||
           cp == 0xA7 || cp == 0xA9 || cp == 0xAB || cp == 0xB0 || cp == 0xBB;
}

/* A non-ASCII character at ps->i: a literal when it has no case and no quantifier.
 * Returns whether it joined the current literal text. */
static bool symbol(parser *ps, areq *r, cursor *cur)
{
    uint32_t cp = 0;
    size_t n = bg_utf8_decode(ps->p + ps->i, ps->n - ps->i, &cp);
    if (n == 0) {
        ps->bail = true;
        return false;
    }
    ps->i += n;
    int q = quantifier(ps);
    run *ru = &cur->ru;
    if (q != Q_NONE || !is_caseless_free(cp) || ru->len + n > MAX_RUN) {
        flush(ps, r, cur);
        return false;
    }
    for (size_t k = 0; k < n; k++) {
        ru->buf[ru->len] = ps->p[ps->i - n + k];
        ru->cs[ru->len++] = 1;
    }
    return true;
}

/* A \d that must occur: a clause of the ten one-byte literals '0'..'9'. */
static void digit_clause(parser *ps, areq *r)
{
    static const char digits[] = "0123456789";
    static const char case_sensitive[] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    alit *l = bg_arena_array(ps->a, 10, sizeof(*l));
    if (!l) {
        ps->no_mem = true;
        return;
    }
    for (size_t k = 0; k < 10; k++) {
        l[k] = (alit){digits + k, case_sensitive + k, 1};
    }
    (void)push_clause(ps, r, (aclause){l, 10});
}

/* The strings an exact branch matches, into r->exact; is_exact stays false when they
 * cannot be spelled whole. */
static void spell_exact(parser *ps, const cursor *cur, areq *r)
{
    alit *l = NULL;
    size_t n = 0;
    if (spell(ps, cur, NULL, 0, MAX_RUN, true, &l, &n)) {
        r->is_exact = true;
        r->exact = l;
        r->n_exact = n;
    }
}

#define MAX_CLASS_BYTES 8 /* a class of this many plain ASCII bytes is an exact set */

/* The class written at [from, to) of the pattern ("[sz]", "[- ]"): its bytes when they are
 * few plain printable ASCII bytes (a '-' only first or last, no '^', '\\', '[' or ']'),
 * else 0. */
static size_t class_bytes(const parser *ps, size_t from, size_t to, char *out)
{
    if (to < from + 3 || ps->p[to - 1] != ']' || to - from - 2 > MAX_CLASS_BYTES) {
        return 0;
    }
    size_t n = 0;
    for (size_t k = from + 1; k + 1 < to; k++) {
        unsigned char c = (unsigned char)ps->p[k];
        bool is_edge = k == from + 1 || k + 2 == to;
        if (c < 0x20 || c >= 0x7F || c == '^' || c == '\\' || c == '[' || c == ']' ||
            (c == '-' && !is_edge)) {
            return 0;
        }
        out[n++] = (char)c;
    }
    return n;
}

/* An atom that matches one of the @n one-byte strings @bytes, or nothing when
 * @is_optional ('?'): it multiplies into @cur. False when it cannot (too many strings). */
static bool multiply_bytes(parser *ps, cursor *cur, const char *bytes, size_t n, bool is_optional)
{
    alit l[MAX_CLASS_BYTES + 1];
    char *text = bg_arena_alloc(ps->a, n + 1);
    char *cs = bg_arena_alloc(ps->a, n + 1);
    if (!text || !cs) {
        ps->no_mem = true;
        return false;
    }
    size_t m = 0;
    for (size_t k = 0; k < n; k++) {
        text[k] = bytes[k];
        cs[k] = !ps->is_caseless;
        l[m++] = (alit){text + k, cs + k, 1};
    }
    if (is_optional) {
        l[m++] = (alit){text, cs, 0};
    }
    return multiply(ps, cur, l, m);
}

/* One branch: atoms up to '|', ')' or the end. Zero-width assertions do not end a run of
 * literals: they consume nothing, so the literals on either side are adjacent. A literal
 * with '?' and a class of a few bytes multiply into the run (`analy[sz]es?`). */
static areq sequence(parser *ps)
{
    areq r = {.cl = NULL, .n = 0};
    cursor cur = {.pre = NULL, .n_pre = 0, .ru = {.len = 0}};
    bool is_exact = true;
    while (ps->i < ps->n && !ps->bail && !ps->no_mem) {
        char c = ps->p[ps->i];
        if (c == '|' || c == ')') {
            break;
        }
        if (c == '(') {
            is_exact = group(ps, &r, &cur) && is_exact;
            continue;
        }
        int atom = ATOM_CONSUMING;
        char ch = c;
        char set[MAX_CLASS_BYTES];
        size_t n_set = 0;
        if (c == '\\') {
            atom = escape(ps, &ch);
        } else if (c == '[') {
            size_t from = ps->i;
            char_class(ps);
            n_set = ps->bail ? 0 : class_bytes(ps, from, ps->i, set);
        } else if (c == '^' || c == '$') {
            atom = ATOM_ZERO_WIDTH;
            ps->i++;
        } else if ((unsigned char)c >= 0x80) {
            is_exact = symbol(ps, &r, &cur) && is_exact;
            continue;
        } else {
            ps->i++;
            bool is_meta = c == '.' || c == '?' || c == '*' || c == '+' || c == '{';
            atom = !is_meta && (unsigned char)c >= 0x20 && (unsigned char)c < 0x7F ? ATOM_LITERAL
                                                                                   : ATOM_CONSUMING;
        }
        if (atom == ATOM_ZERO_WIDTH) {
            continue;
        }
        if (atom == ATOM_LITERAL) {
            set[0] = ch;
            n_set = 1;
        }
        bool is_qmark = at(ps, '?');
        int q = quantifier(ps);
        bool is_zero_or_one = q == Q_OPTIONAL && is_qmark;
        if (atom == ATOM_LITERAL && q == Q_NONE && cur.ru.len < MAX_RUN) {
            cur.ru.buf[cur.ru.len] = ch;
            cur.ru.cs[cur.ru.len++] = !ps->is_caseless;
        } else if (n_set > 0 && (q == Q_NONE || is_zero_or_one) &&
                   multiply_bytes(ps, &cur, set, n_set, is_zero_or_one)) {
            continue;
        } else {
            is_exact = false;
            flush(ps, &r, &cur);
            if (atom == ATOM_DIGIT && q != Q_OPTIONAL) {
                digit_clause(ps, &r);
            }
        }
    }
    if (is_exact && !ps->bail && !ps->no_mem) {
        spell_exact(ps, &cur, &r);
    }
    flush(ps, &r, &cur);
    return r;
}

/* Append the exact strings of branch @br to @r's, or end @r's exactness. */
static void unite_exact(parser *ps, areq *r, const areq *br)
{
    if (!r->is_exact || !br->is_exact || r->n_exact + br->n_exact > MAX_PRODUCT) {
        r->is_exact = false;
        return;
    }
    alit *l = bg_arena_grow(ps->a, r->exact, r->n_exact, r->n_exact + br->n_exact, sizeof(*l));
    if (!l) {
        ps->no_mem = true;
        r->is_exact = false;
        return;
    }
    memcpy(l + r->n_exact, br->exact, br->n_exact * sizeof(*l));
    r->exact = l;
    r->n_exact += br->n_exact;
}

/* Branches separated by '|': one clause, the union of each branch's best clause; exact
 * when every branch is. */
static areq alternation(parser *ps)
{
    areq first = sequence(ps);
    if (!at(ps, '|')) {
        return first;
    }
    aclause u = {NULL, 0};
    bool is_open = first.n > 0; /* a branch without a condition: the union has none */
    areq ex = {.cl = NULL, .n = 0, .is_exact = true};
    areq br = first;
    for (;;) {
        if (br.n == 0) {
            is_open = false;
        }
        unite_exact(ps, &ex, &br);
        if (is_open) {
            const aclause *b = &br.cl[best_clause(&br)];
            alit *l = bg_arena_grow(ps->a, u.lits, u.n, u.n + b->n, sizeof(*l));
            if (!l) {
                ps->no_mem = true;
                return (areq){.cl = NULL, .n = 0};
            }
            memcpy(l + u.n, b->lits, b->n * sizeof(*l));
            u.lits = l;
            u.n += b->n;
            is_open = u.n <= MAX_LITS_PER_CLAUSE;
        }
        if (!at(ps, '|') || ps->bail || ps->no_mem) {
            break;
        }
        ps->i++;
        br = sequence(ps);
    }
    areq r = ex;
    if (is_open) {
        (void)push_clause(ps, &r, u);
    }
    return r;
}

/* Higher for bytes that are rarer in English text: they make a literal's check fail fast.
 * A triple scores the sum of its bytes', at most MAX_TRIPLE_SCORE. */
#define MAX_TRIPLE_SCORE 12u
static unsigned rarity(unsigned char c)
{
    switch (c) {
    case ' ':
        return 0;
    case 'e':
    case 't':
    case 'a':
    case 'o':
    case 'i':
    case 'n':
    case 's':
    case 'h':
    case 'r':
        return 1;
    default:
        return (c >= 'a' && c <= 'z') ? 3 : 4;
    }
}

/* The bit of the window of @w bytes at @k of literal @l: exact bytes when every byte is
 * case-sensitive and one is a capital (the subject sets those too), else folded. */
static uint16_t window_bit(const alit *l, size_t k, size_t w)
{
    const unsigned char *p = (const unsigned char *)l->p + k;
    bool is_exact = false;
    bool is_all_cs = true;
    for (size_t j = 0; j < w; j++) {
        is_exact = is_exact || is_capital(p[j]);
        is_all_cs = is_all_cs && l->cs[k + j];
    }
    if (is_exact && is_all_cs) {
        return w == 2 ? pair_bit(p[0], p[1], EXACT_DOMAIN)
                      : triple_bit(p[0], p[1], p[2], EXACT_DOMAIN);
    }
    return w == 2 ? pair_bit(fold(p[0]), fold(p[1]), 0)
                  : triple_bit(fold(p[0]), fold(p[1]), fold(p[2]), 0);
}

/* The grams checked for literal @l: its one byte, its pair, or its rarest triples. */
static void compile_lit(const alit *l, lit *out)
{
    const unsigned char *p = (const unsigned char *)l->p;
    out->n = 0;
    out->is_byte = l->len == 1;
    if (l->len == 1) {
        out->bit[0] = fold(p[0]);
        return;
    }
    if (l->len == 2) {
        out->bit[out->n++] = window_bit(l, 0, 2);
        return;
    }
    size_t n_tri = l->len - 2;
    unsigned char byte_rarity[MAX_RUN];
    for (size_t k = 0; k < l->len; k++) {
        byte_rarity[k] = (unsigned char)rarity(fold(p[k]));
    }
    /* The rarest triples first, the earliest of equal scores first: one pass over the
     * triples per score present, from the highest (3 * 4) down. */
    unsigned char score[MAX_RUN];
    size_t n_with[MAX_TRIPLE_SCORE + 1] = {0};
    for (size_t k = 0; k < n_tri; k++) {
        score[k] = (unsigned char)(byte_rarity[k] + byte_rarity[k + 1] + byte_rarity[k + 2]);
        n_with[score[k]]++;
    }
    for (size_t s = MAX_TRIPLE_SCORE + 1; s-- > 0 && out->n < MAX_GRAMS_PER_LIT;) {
        for (size_t k = 0; n_with[s] && k < n_tri && out->n < MAX_GRAMS_PER_LIT; k++) {
            if (score[k] == s) {
                out->bit[out->n++] = window_bit(l, k, 3);
            }
        }
    }
}

/* --- End condition --- */

/* Whether the class item at @p[*i] (inside [...]) matches only letters, digits and '_'
 * among ASCII characters, under any options: \p{L..}, \p{N..}, \w, \d, an ASCII letter or
 * digit, or a range inside a-z, A-Z or 0-9. Advances *i past it. */
static bool word_class_item(const char *p, size_t n, size_t *i)
{
    char c = p[*i];
    if (c == '\\' && *i + 1 < n) {
        char e = p[*i + 1];
        if (e == 'w' || e == 'd') {
            *i += 2;
            return true;
        }
        /* \p{L}, \p{Lu}, \p{N}, \p{Nd}, ...: general categories of letters and numbers. */
        if (e == 'p' && *i + 4 < n && p[*i + 2] == '{' && (p[*i + 3] == 'L' || p[*i + 3] == 'N')) {
            size_t k = *i + 4;
            if (p[k] >= 'a' && p[k] <= 'z') {
                k++;
            }
            if (k < n && p[k] == '}') {
                *i = k + 1;
                return true;
            }
        }
        return false;
    }
    static const char *const groups[] = {"az", "AZ", "09"};
    for (size_t k = 0; k < 3; k++) {
        if (c < groups[k][0] || c > groups[k][1]) {
            continue;
        }
        if (*i + 2 < n && p[*i + 1] == '-' && p[*i + 2] != ']') {
            char hi = p[*i + 2];
            if (hi < c || hi > groups[k][1]) {
                return false;
            }
            *i += 3;
            return true;
        }
        *i += 1;
        return true;
    }
    return false;
}

bool bg_rules_filter_ends_in_word(bg_str pattern)
{
    const char *p = pattern.ptr;
    size_t n = pattern.len;
    if (n < 4 || p[n - 1] != '$' || p[n - 2] != ']') {
        return false;
    }
    int depth = 0;
    bool is_word_class = false; /* the last atom seen is a word class at depth 0 */
    size_t i = 0;
    while (i < n - 1) {
        char c = p[i];
        is_word_class = false;
        if (c == '\\') {
            if (i + 1 < n && p[i + 1] == 'Q') {
                return false; /* quoted text: not scanned */
            }
            i += 2;
        } else if (c == '(') {
            if (i + 2 < n && (p[i + 1] == '*' || (p[i + 1] == '?' && p[i + 2] == '#'))) {
                return false; /* verbs, newline conventions, comments */
            }
            if (i + 1 < n && p[i + 1] == '?') {
                /* Option letters: (?m) moves $, (?x) may make the end a comment. */
                for (size_t k = i + 2; k < n && p[k] != ')' && p[k] != ':'; k++) {
                    if (p[k] == 'm' || p[k] == 'x') {
                        return false;
                    }
                    if (!(p[k] == '-' || p[k] == '^' || (p[k] >= 'a' && p[k] <= 'z') ||
                          (p[k] >= 'A' && p[k] <= 'Z'))) {
                        break;
                    }
                }
            }
            depth++;
            i++;
        } else if (c == ')') {
            depth--;
            i++;
        } else if (c == '|' && depth == 0) {
            return false;
        } else if (c == '[') {
            size_t k = i + 1;
            bool ok = depth == 0 && k < n && p[k] != '^';
            if (k < n && p[k] == ']') {
                ok = false; /* a literal ']' */
                k++;
            }
            while (k < n && p[k] != ']') {
                if (p[k] == '[') {
                    return false; /* a POSIX class: not scanned */
                }
                size_t at_item = k;
                if (!word_class_item(p, n, &k)) {
                    ok = false;
                    k = at_item + (p[at_item] == '\\' ? 2 : 1);
                }
            }
            if (k >= n) {
                return false;
            }
            is_word_class = ok;
            i = k + 1;
        } else {
            i++;
        }
    }
    return i == n - 1 && is_word_class && depth == 0;
}

bg_status bg_rules_filter_build(bg_str pattern, bg_arena *a, bg_rules_filter **out)
{
    *out = NULL;
    parser ps = {.p = pattern.ptr, .n = pattern.len, .i = 0, .a = a, .product_bytes = 0};
    areq r = alternation(&ps);
    if (ps.no_mem) {
        return BG_ENOMEM;
    }
    bool needs_word_end = bg_rules_filter_ends_in_word(pattern);
    if (ps.bail || ps.i != ps.n) {
        r.n = 0;
    }
    if (r.n == 0 && !needs_word_end) {
        return BG_OK; /* no condition: the rule always runs */
    }
    bg_rules_filter *f = bg_arena_alloc(a, sizeof(*f));
    if (!f) {
        return BG_ENOMEM;
    }
    f->n = 0;
    f->needs_word_end = needs_word_end;
    while (f->n < MAX_CLAUSES && r.n > 0) {
        size_t b = best_clause(&r);
        aclause c = r.cl[b];
        r.cl[b] = r.cl[--r.n];
        clause *fc = &f->clauses[f->n++];
        fc->n = c.n;
        fc->lits = bg_arena_array(a, c.n, sizeof(lit));
        if (!fc->lits) {
            return BG_ENOMEM;
        }
        for (size_t l = 0; l < c.n; l++) {
            compile_lit(&c.lits[l], &fc->lits[l]);
        }
    }
    *out = f;
    return BG_OK;
}
