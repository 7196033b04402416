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
 * The pattern analysis (rules_analyse.c) finds the literals; this file keeps a pattern's
 * strongest clauses and compiles each literal into the n-grams it checks. */
#include "rules_filter.h"

#include <stdint.h>
#include <string.h>

#include "bytes.h"
#include "rules_analyse.h"

#define MAX_CLAUSES 3        /* strongest clauses kept per pattern */
#define MAX_GRAMS_PER_LIT 12 /* rarest n-grams checked per literal */

typedef struct {
    uint8_t n; /* grams to check; 0 with is_byte: one byte */
    bool is_byte;
    uint16_t bit[MAX_GRAMS_PER_LIT]; /* is_byte: bit[0] is the byte */
    uint16_t len;                    /* bytes of text */
    uint16_t pin;                    /* its rarest byte, looked for first (lit_in) */
    const unsigned char *text;       /* the literal, folded where it is caseless */
    const char *cs;                  /* per byte, 1: compared as written (borrows the analysis's) */
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

static bool is_letter(unsigned char c)
{
    return (unsigned)((c | 0x20u) - 'a') < 26u;
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
    g->subject = subject;
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

/* Whether literal @li occurs in @subject at @at: its caseless bytes compared folded. */
static bool lit_at(const lit *li, const unsigned char *at)
{
    for (size_t k = 0; k < li->len; k++) {
        unsigned char b = li->cs[k] ? at[k] : fold(at[k]);
        if (b != li->text[k]) {
            return false;
        }
    }
    return true;
}

/* The first offset in [@from, @to) of a byte that is @c once ORed with @mask (0x20: an
 * ASCII letter in either case), or @to. Eight bytes at a time: the exact zero-byte test
 * (bg_zero_bytes) on each word ^ c. */
static size_t find_byte(const unsigned char *p, size_t from, size_t to, unsigned char c,
                        unsigned char mask)
{
    size_t i = from;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (; i + 8 <= to; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, sizeof(w));
        uint64_t zero = bg_zero_bytes((w | bg_bytes_of(mask)) ^ bg_bytes_of(c));
        if (zero) {
            return i + (size_t)__builtin_ctzll(zero) / 8;
        }
    }
#endif
    for (; i < to; i++) {
        if ((unsigned char)(p[i] | mask) == c) {
            return i;
        }
    }
    return to;
}

/* Whether literal @li occurs in @subject: its pin byte found eight bytes at a time, the
 * rest compared there. */
static bool lit_in(const lit *li, bg_str subject)
{
    const unsigned char *p = (const unsigned char *)subject.ptr;
    size_t n = subject.len;
    if (li->len > n) {
        return false;
    }
    unsigned char c = li->text[li->pin];
    unsigned char mask = li->cs[li->pin] || !is_letter(c) ? 0 : 0x20;
    size_t to = n - li->len + li->pin + 1; /* past the last place the pin may be */
    for (size_t i = li->pin; (i = find_byte(p, i, to, c, mask)) < to; i++) {
        if (lit_at(li, p + i - li->pin)) {
            return true;
        }
    }
    return false;
}

/* Whether some literal of clause @cl occurs in the subject of @g: its n-grams first, then
 * the literal itself (n-grams occur apart: 'nuclear' and 'deterrence' are not
 * 'nuclear deterren'). */
static bool clause_in(const clause *cl, const bg_rules_grams *g)
{
    for (size_t l = 0; l < cl->n; l++) {
        if (lit_occurs(&cl->lits[l], g) &&
            (cl->lits[l].is_byte || lit_in(&cl->lits[l], g->subject))) {
            return true;
        }
    }
    return false;
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

bool bg_rules_filter_occurs(const bg_rules_filter *f, const bg_rules_grams *g)
{
    if (!f || !g->is_exact) {
        return true;
    }
    for (size_t c = 0; c < f->n; c++) {
        if (!clause_in(&f->clauses[c], g)) {
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
/* --- Literals to n-gram checks --- */

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
static uint16_t window_bit(const bg_alit *l, size_t k, size_t w)
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

/* The grams checked for literal @l: its one byte, its pair, or its rarest triples; and
 * its text, folded where it is caseless, allocated in @a. False when the arena fails. */
static bool compile_lit(const bg_alit *l, bg_arena *a, lit *out)
{
    const unsigned char *p = (const unsigned char *)l->p;
    unsigned char *text = bg_arena_alloc(a, l->len + 1);
    if (!text) {
        return false;
    }
    for (size_t k = 0; k < l->len; k++) {
        text[k] = l->cs[k] ? p[k] : fold(p[k]);
    }
    out->text = text;
    out->cs = l->cs;
    out->len = (uint16_t)l->len;
    out->pin = 0;
    for (size_t k = 1; k < l->len; k++) {
        out->pin = rarity(text[k]) > rarity(text[out->pin]) ? (uint16_t)k : out->pin;
    }
    out->n = 0;
    out->is_byte = l->len == 1;
    if (l->len == 1) {
        out->bit[0] = fold(p[0]);
        return true;
    }
    if (l->len == 2) {
        out->bit[out->n++] = window_bit(l, 0, 2);
        return true;
    }
    size_t n_tri = l->len - 2;
    unsigned char byte_rarity[BG_RULES_MAX_RUN];
    for (size_t k = 0; k < l->len; k++) {
        byte_rarity[k] = (unsigned char)rarity(fold(p[k]));
    }
    /* The rarest triples first, the earliest of equal scores first: one pass over the
     * triples per score present, from the highest (3 * 4) down. */
    unsigned char score[BG_RULES_MAX_RUN];
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
    return true;
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
    bg_areq r;
    bg_status st = bg_rules_analyse(pattern, a, &r);
    if (st != BG_OK) {
        return st;
    }
    bool needs_word_end = bg_rules_filter_ends_in_word(pattern);
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
        size_t b = bg_rules_analyse_best_clause(&r);
        bg_aclause c = r.cl[b];
        r.cl[b] = r.cl[--r.n];
        clause *fc = &f->clauses[f->n++];
        fc->n = c.n;
        fc->lits = bg_arena_array(a, c.n, sizeof(lit));
        if (!fc->lits) {
            return BG_ENOMEM;
        }
        for (size_t l = 0; l < c.n; l++) {
            if (!compile_lit(&c.lits[l], a, &fc->lits[l])) {
                return BG_ENOMEM;
            }
        }
    }
    *out = f;
    return BG_OK;
}
