/* Rules prefilter, pattern analysis: PCRE2 syntax → a conjunction of clauses, each an OR
 * of literals (bytes as written, with their case sensitivity) that must occur in a subject
 * the pattern matches. Quantified atoms, classes, escapes and lookarounds give no literal;
 * adjacent literals and exact groups (optional ones too: `(the )?`) multiply into longer
 * ones; anything unusual (verbs, \Q, comments, conditionals, recursion, extended mode)
 * gives no condition. rules_filter.c compiles the result into n-gram checks. */
#include "rules_analyse.h"

#include <stdint.h>
#include <string.h>

#include "utf8.h"

#define MAX_LITS_PER_CLAUSE 64
#define MAX_DEPTH 64             /* group nesting (pcre2's parens limit is lower) */
#define MAX_PRODUCT 64           /* strings a run of literals and exact groups may stand for */
#define MAX_PRODUCT_BYTES 65536u /* bytes of such strings per pattern (bounds the arena) */

typedef struct {
    const char *p;
    size_t n, i;
    bg_arena *a;
    int depth;
    bool is_caseless;     /* (?i) is in force here */
    bool wants_prefix;    /* the group being read follows literal text: find its prefix */
    bool bail;            /* syntax not understood: no condition for the whole pattern */
    bool no_mem;          /* the arena failed */
    size_t product_bytes; /* spent on strings of runs, against MAX_PRODUCT_BYTES */
} parser;

typedef struct {
    char buf[BG_RULES_MAX_RUN];
    char cs[BG_RULES_MAX_RUN]; /* 1: the byte matches case-sensitively */
    size_t len;
} run;

/* The literal text matched last, as one of the strings pre[i] followed by the bytes of ru
 * (pre == NULL: ru alone). Adjacent literals and exact groups multiply into it, so
 * `(key|global) partners` is the clause "key partners" | "global partners". */
typedef struct {
    bg_alit *pre;
    size_t n_pre;
    run ru;
    bg_areq *prefix_of; /* the branch whose prefix the text is, until it first ends (flush) */
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

/* --- Clauses and literal strings --- */

static bool push_clause(parser *ps, bg_areq *r, bg_aclause c)
{
    bg_aclause *n = bg_arena_grow(ps->a, r->cl, r->n, r->n + 1, sizeof(*n));
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
static bool concat(parser *ps, const bg_alit *a, const run *ru, const bg_alit *b, size_t max,
                   bg_alit *out)
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
    *out = (bg_alit){text, cs, len};
    return true;
}

/* The strings of @cur followed by each of @suffix (NULL: nothing follows), each at most
 * @max bytes. False when there would be more than MAX_PRODUCT strings, a string longer
 * than @max with @is_whole, or the pattern's budget is spent; the arena failing sets
 * no_mem. */
static bool spell(parser *ps, const cursor *cur, const bg_alit *suffix, size_t n_suffix, size_t max,
                  bool is_whole, bg_alit **out, size_t *n_out)
{
    size_t n_pre = cur->pre ? cur->n_pre : 1;
    size_t n_suf = suffix ? n_suffix : 1;
    if (n_pre > MAX_PRODUCT || n_suf > MAX_PRODUCT || n_pre * n_suf > MAX_PRODUCT ||
        ps->product_bytes > MAX_PRODUCT_BYTES) {
        return false;
    }
    bg_alit *l = bg_arena_array(ps->a, n_pre * n_suf, sizeof(*l));
    if (!l) {
        ps->no_mem = true;
        return false;
    }
    for (size_t i = 0; i < n_pre; i++) {
        for (size_t j = 0; j < n_suf; j++) {
            const bg_alit *a = cur->pre ? &cur->pre[i] : NULL;
            const bg_alit *b = suffix ? &suffix[j] : NULL;
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

/* Record the current literal text as the prefix of the branch cur->prefix_of: it ends for
 * the first time, at the branch's first atom that is not exact (or at its end). */
static void take_prefix(parser *ps, cursor *cur)
{
    bg_areq *br = cur->prefix_of;
    cur->prefix_of = NULL;
    bg_alit *l = NULL;
    size_t n = 0;
    if (!spell(ps, cur, NULL, 0, BG_RULES_MAX_RUN, true, &l, &n)) {
        return;
    }
    for (size_t k = 0; k < n; k++) {
        if (l[k].len == 0) {
            return;
        }
    }
    br->has_prefix = true;
    br->prefix = l;
    br->n_prefix = n;
}

/* End the current literal text: its strings become a clause when none is empty (one of
 * them must occur). When they cannot be spelled, the bytes of the run alone do. */
static void flush(parser *ps, bg_areq *r, cursor *cur)
{
    if (cur->prefix_of && !ps->no_mem) {
        take_prefix(ps, cur);
    }
    if ((cur->pre || cur->ru.len >= 1) && !ps->no_mem) {
        bg_alit *l = NULL;
        size_t n = 0;
        bool is_spelled = spell(ps, cur, NULL, 0, BG_RULES_MAX_RUN, false, &l, &n);
        if (!is_spelled && cur->ru.len >= 1 && !ps->no_mem) {
            cursor tail = {.pre = NULL, .n_pre = 0, .ru = cur->ru};
            is_spelled = spell(ps, &tail, NULL, 0, BG_RULES_MAX_RUN, false, &l, &n);
        }
        bool has_empty = false;
        for (size_t k = 0; k < n; k++) {
            has_empty = has_empty || l[k].len == 0;
        }
        if (is_spelled && !has_empty) {
            (void)push_clause(ps, r, (bg_aclause){l, n});
        }
    }
    cur->pre = NULL;
    cur->n_pre = 0;
    cur->ru.len = 0;
}

/* Follow the current literal text with one of the strings @b: false (nothing changed)
 * when the product is too big. */
static bool multiply(parser *ps, cursor *cur, const bg_alit *b, size_t n_b)
{
    bg_alit *l = NULL;
    size_t n = 0;
    if (!spell(ps, cur, b, n_b, BG_RULES_MAX_RUN, true, &l, &n)) {
        return false;
    }
    cur->pre = l;
    cur->n_pre = n;
    cur->ru.len = 0;
    return true;
}

/* How selective a clause is: its shortest literal, then fewer literals. */
static size_t strength(const bg_aclause *c)
{
    size_t min = SIZE_MAX;
    for (size_t l = 0; l < c->n; l++) {
        min = c->lits[l].len < min ? c->lits[l].len : min;
    }
    min = min > 16 ? 16 : min;
    return min * 1024 + (c->n < 1024 ? 1023 - c->n : 0);
}

size_t bg_rules_analyse_best_clause(const bg_areq *r)
{
    size_t best = 0;
    for (size_t c = 1; c < r->n; c++) {
        if (strength(&r->cl[c]) > strength(&r->cl[best])) {
            best = c;
        }
    }
    return best;
}

/* --- Atoms: quantifiers, escapes, classes, groups --- */

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

static bg_areq alternation(parser *ps);

/* Append the clauses of @from to @to (both conjunctions). */
static void join(parser *ps, bg_areq *to, const bg_areq *from)
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

/* Follow @cur with one of @inner's exact strings or nothing: false (nothing changed) when
 * the product is too big. */
static bool optional_group(parser *ps, cursor *cur, const bg_areq *inner)
{
    bg_alit *l = bg_arena_array(ps->a, inner->n_exact + 1, sizeof(*l));
    if (!l) {
        ps->no_mem = true;
        return false;
    }
    memcpy(l, inner->exact, inner->n_exact * sizeof(*l));
    l[inner->n_exact] = (bg_alit){"", "", 0};
    return multiply(ps, cur, l, inner->n_exact + 1);
}

/* A group at ps->i ('('). An exact group without quantifier multiplies into @cur;
 * otherwise @cur ends, and the group's condition joins @r unless it is optional or an
 * assertion. Returns whether the group was exact (an option setting is: it matches ""). */
static bool group(parser *ps, bg_areq *r, cursor *cur)
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
    bool outer_wants = ps->wants_prefix;
    ps->wants_prefix = kind == GROUP_PLAIN && (cur->pre || cur->ru.len > 0);
    bg_areq inner = alternation(ps);
    ps->wants_prefix = outer_wants;
    ps->is_caseless = outer; /* an option set inside ends with the group */
    ps->depth--;
    if (!at(ps, ')')) {
        ps->bail = true;
        return false;
    }
    ps->i++;
    bool is_qmark = at(ps, '?');
    int q = quantifier(ps);
    if (kind == GROUP_PLAIN && q == Q_NONE && inner.is_exact &&
        multiply(ps, cur, inner.exact, inner.n_exact)) {
        return true;
    }
    /* An optional exact group ('(ly)?', '(the )?') stands for its strings or "", as an
     * optional literal does: `individual(ly)? partnership` keeps "individual partnership"
     * and "individually partnership" instead of two weaker clauses. */
    if (kind == GROUP_PLAIN && q == Q_OPTIONAL && is_qmark && inner.is_exact &&
        optional_group(ps, cur, &inner)) {
        return true;
    }
    /* A group that is not exact but whose every match starts with one of a few strings
     * (`nuclear (deterren\w+|posture)`): the text before runs on into them. */
    if (kind == GROUP_PLAIN && q != Q_OPTIONAL && !inner.is_exact && inner.has_prefix) {
        (void)multiply(ps, cur, inner.prefix, inner.n_prefix);
    }
    flush(ps, r, cur);
    /* Too many strings with the text before: the group's strings start a new run. */
    if (kind == GROUP_PLAIN && q == Q_NONE && inner.is_exact &&
        multiply(ps, cur, inner.exact, inner.n_exact)) {
        return false;
    }
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

/* A non-ASCII character at ps->i: a literal when it has no quantifier and either (?i) is
 * off (outside (?i), with PCRE2_UTF, a character matches only its own bytes) or it has no
 * case. Returns whether it joined the current literal text. */
static bool symbol(parser *ps, bg_areq *r, cursor *cur)
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
    bool is_as_written = !ps->is_caseless || is_caseless_free(cp);
    if (q != Q_NONE || !is_as_written || ru->len + n > BG_RULES_MAX_RUN) {
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
static void digit_clause(parser *ps, bg_areq *r)
{
    static const char digits[] = "0123456789";
    static const char case_sensitive[] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    bg_alit *l = bg_arena_array(ps->a, 10, sizeof(*l));
    if (!l) {
        ps->no_mem = true;
        return;
    }
    for (size_t k = 0; k < 10; k++) {
        l[k] = (bg_alit){digits + k, case_sensitive + k, 1};
    }
    (void)push_clause(ps, r, (bg_aclause){l, 10});
}

/* The strings an exact branch matches, into r->exact; is_exact stays false when they
 * cannot be spelled whole. */
static void spell_exact(parser *ps, const cursor *cur, bg_areq *r)
{
    bg_alit *l = NULL;
    size_t n = 0;
    if (spell(ps, cur, NULL, 0, BG_RULES_MAX_RUN, true, &l, &n)) {
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
    bg_alit l[MAX_CLASS_BYTES + 1];
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
        l[m++] = (bg_alit){text + k, cs + k, 1};
    }
    if (is_optional) {
        l[m++] = (bg_alit){text, cs, 0};
    }
    return multiply(ps, cur, l, m);
}

/* --- Sequences and branches --- */

/* One branch: atoms up to '|', ')' or the end. Zero-width assertions do not end a run of
 * literals: they consume nothing, so the literals on either side are adjacent. A literal
 * or an exact group with '?' and a class of a few bytes multiply into the run
 * (`analy[sz]es?`, `individual(ly)? partnership`). */
static bg_areq sequence(parser *ps)
{
    bg_areq r = {.cl = NULL, .n = 0};
    cursor cur = {.pre = NULL, .n_pre = 0, .ru = {.len = 0}, .prefix_of = NULL};
    cur.prefix_of = ps->wants_prefix ? &r : NULL;
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
        if (atom == ATOM_LITERAL && q == Q_NONE && cur.ru.len < BG_RULES_MAX_RUN) {
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
    if (cur.prefix_of && r.is_exact) {
        /* An exact branch's prefixes are its strings (alternation wants none empty). */
        bool has_empty = false;
        for (size_t k = 0; k < r.n_exact; k++) {
            has_empty = has_empty || r.exact[k].len == 0;
        }
        r.has_prefix = !has_empty;
        r.prefix = r.exact;
        r.n_prefix = r.n_exact;
        cur.prefix_of = NULL;
    }
    flush(ps, &r, &cur);
    return r;
}

/* Append the @m literals @src to the list (*@dst, *@n). False when the list would pass
 * MAX_PRODUCT or memory runs out (then ps->no_mem). */
static bool append_lits(parser *ps, bg_alit **dst, size_t *n, const bg_alit *src, size_t m)
{
    if (*n + m > MAX_PRODUCT) {
        return false;
    }
    bg_alit *l = bg_arena_grow(ps->a, *dst, *n, *n + m, sizeof(*l));
    if (!l) {
        ps->no_mem = true;
        return false;
    }
    memcpy(l + *n, src, m * sizeof(*l));
    *dst = l;
    *n += m;
    return true;
}

/* Append the exact strings of branch @br to @r's, or end @r's exactness. */
static void unite_exact(parser *ps, bg_areq *r, const bg_areq *br)
{
    r->is_exact = r->is_exact && br->is_exact &&
                  append_lits(ps, &r->exact, &r->n_exact, br->exact, br->n_exact);
}

/* Append the prefix strings of branch @br to @r's, or end @r's prefix: every branch must
 * have one. */
static void unite_prefix(parser *ps, bg_areq *r, const bg_areq *br)
{
    r->has_prefix = r->has_prefix && br->has_prefix &&
                    append_lits(ps, &r->prefix, &r->n_prefix, br->prefix, br->n_prefix);
}

/* Whether literals @x and @y are the same bytes with the same case sensitivity. */
static bool is_same_lit(const bg_alit *x, const bg_alit *y)
{
    return x->len == y->len && memcmp(x->p, y->p, x->len) == 0 && memcmp(x->cs, y->cs, x->len) == 0;
}

/* Clause @c with each literal cut to the length of its shortest one, without repeats, into
 * *out (a literal's start must occur wherever it does): fewer literals for a union that
 * would grow too large, as `download (the )?(full |complete )?(pdf|file|...)` spells
 * 48 strings but starts in 11. False when that leaves as many literals. */
static bool cut_to_shortest(parser *ps, const bg_aclause *c, bg_aclause *out)
{
    size_t min = SIZE_MAX;
    for (size_t l = 0; l < c->n; l++) {
        min = c->lits[l].len < min ? c->lits[l].len : min;
    }
    bg_alit *l = bg_arena_array(ps->a, c->n, sizeof(*l));
    if (!l) {
        ps->no_mem = true;
        return false;
    }
    size_t n = 0;
    for (size_t k = 0; k < c->n; k++) {
        bg_alit head = {c->lits[k].p, c->lits[k].cs, min};
        size_t j = 0;
        while (j < n && !is_same_lit(&l[j], &head)) {
            j++;
        }
        if (j == n) {
            l[n++] = head;
        }
    }
    *out = (bg_aclause){l, n};
    return n < c->n;
}

/* Branches separated by '|': one clause, the union of each branch's best clause (the
 * largest cut to their literals' starts while the union would have more than
 * MAX_LITS_PER_CLAUSE); exact when every branch is. */
static bg_areq alternation(parser *ps)
{
    bg_areq first = sequence(ps);
    if (!at(ps, '|')) {
        return first;
    }
    bg_aclause *parts = NULL; /* each branch's best clause */
    size_t n_parts = 0;
    size_t total = 0;
    bool is_open = true; /* a branch without a condition: the union has none */
    bg_areq ex = {.cl = NULL, .n = 0, .is_exact = true};
    bg_areq pre = {.cl = NULL, .n = 0, .has_prefix = true};
    bg_areq br = first;
    for (;;) {
        if (br.n == 0) {
            is_open = false;
        }
        unite_exact(ps, &ex, &br);
        unite_prefix(ps, &pre, &br);
        if (is_open) {
            bg_aclause *p = bg_arena_grow(ps->a, parts, n_parts, n_parts + 1, sizeof(*p));
            if (!p) {
                ps->no_mem = true;
                return (bg_areq){.cl = NULL, .n = 0};
            }
            parts = p;
            parts[n_parts++] = br.cl[bg_rules_analyse_best_clause(&br)];
            total += parts[n_parts - 1].n;
        }
        if (!at(ps, '|') || ps->bail || ps->no_mem) {
            break;
        }
        ps->i++;
        br = sequence(ps);
    }
    /* Too many literals: cut the largest clauses to their literals' starts, largest first. */
    bool *is_cut = NULL;
    if (is_open && total > MAX_LITS_PER_CLAUSE) {
        is_cut = bg_arena_array(ps->a, n_parts, sizeof(*is_cut));
        if (!is_cut) {
            ps->no_mem = true;
            return (bg_areq){.cl = NULL, .n = 0};
        }
    }
    while (is_open && total > MAX_LITS_PER_CLAUSE) {
        size_t big = n_parts;
        for (size_t k = 0; k < n_parts; k++) {
            if (!is_cut[k] && (big == n_parts || parts[k].n > parts[big].n)) {
                big = k;
            }
        }
        if (big == n_parts || parts[big].n == 1) {
            is_open = false;
            break;
        }
        is_cut[big] = true;
        bg_aclause cut;
        if (cut_to_shortest(ps, &parts[big], &cut)) {
            total -= parts[big].n - cut.n;
            parts[big] = cut;
        }
    }
    bg_areq r = ex;
    r.has_prefix = pre.has_prefix;
    r.prefix = pre.prefix;
    r.n_prefix = pre.n_prefix;
    if (is_open && !ps->no_mem) {
        bg_aclause u = {bg_arena_array(ps->a, total, sizeof(bg_alit)), 0};
        if (!u.lits) {
            ps->no_mem = true;
            return (bg_areq){.cl = NULL, .n = 0};
        }
        for (size_t k = 0; k < n_parts; k++) {
            memcpy(u.lits + u.n, parts[k].lits, parts[k].n * sizeof(bg_alit));
            u.n += parts[k].n;
        }
        (void)push_clause(ps, &r, u);
    }
    return r;
}

bg_status bg_rules_analyse(bg_str pattern, bg_arena *a, bg_areq *out)
{
    parser ps = {.p = pattern.ptr, .n = pattern.len, .i = 0, .a = a, .product_bytes = 0};
    *out = alternation(&ps);
    if (ps.no_mem) {
        return BG_ENOMEM;
    }
    if (ps.bail || ps.i != ps.n) {
        out->n = 0;
    }
    return BG_OK;
}
