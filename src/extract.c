/* Stage 3, extract: sentences + rules → key points. A sentence matching a drop rule is
 * boilerplate. Otherwise its score is the sum of the fired rules of its best category, plus
 * bonus rules, plus fact_bonus per captured fact (at most MAX_FACT_BONUSES), minus length
 * terms; it is a point when the best category fired and the score reaches min_score. A point
 * may lose words elide rules mark and, when long, a trailing clause a trim rule marks, never
 * a fact (sentence compression; Knight & Marcu 2002 for the idea). Points that
 * say the same (token-set Jaccard similarity >= dedup_threshold) are merged into the first,
 * the others becoming its `also` citations. */
#include "extract.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "limit.h"

/* Facts beyond this many do not raise a point's score further. */
#define MAX_FACT_BONUSES 2u
/* Facts kept per point. */
#define MAX_FACTS 16u
/* Pairs compared by dedup; past it the remaining pairs stay apart (bounded run time). */
#define MAX_DEDUP_COMPARISONS 20000000ull

typedef struct {
    const bg_sentence_list *in;
    bg_ruleset *rs;
    const bg_scoring *sc;
    bg_arena *a;
    bg_diag *d;
    size_t n_rules;
    const bg_rule_info *info; /* the rules' infos, indexed by rule */
    uint32_t *score_rules;    /* the drop, category and bonus rules, in rule order */
    size_t n_score_rules;
    uint64_t score_mask[BG_MAX_RULES / 64]; /* bit r: rule r is in score_rules */
    uint32_t *try_rules;                    /* per sentence: the score rules to run */
    uint32_t *fact_rules, *elide_rules, *trim_rules, *refer_rules, *shorten_rules; /* each in
                                                                          rule order */
    size_t n_fact_rules, n_elide_rules, n_trim_rules, n_refer_rules, n_shorten_rules;
    size_t n_categories;
    double *cat_sum;      /* per category, for the current sentence */
    bool *rule_fired;     /* per rule, for the current sentence */
    double *rule_weight;  /* per rule: contribution for the current sentence */
    size_t *rule_start;   /* per fired category rule: where its first match starts (bytes) */
    bg_rules_grams grams; /* the current sentence's n-grams: rules that cannot match are
                             skipped without running pcre2 */
    bg_fact facts[MAX_FACTS];
    size_t n_facts;
    bg_point *items;
    size_t n, cap;
    const bg_sentence *last_point; /* the (last) sentence of the last point, in the input */
} extractor;

typedef struct {
    uint64_t *tokens; /* sorted, unique */
    size_t n;
} token_set;

/* Each byte folded to lower case when it belongs to a word (an ASCII letter or digit, or a
 * byte of a non-ASCII character), else 0. */
static const unsigned char word_fold[256] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F,
    0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F,
    0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x8B, 0x8C, 0x8D, 0x8E, 0x8F,
    0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F,
    0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE, 0xAF,
    0xB0, 0xB1, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBA, 0xBB, 0xBC, 0xBD, 0xBE, 0xBF,
    0xC0, 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB, 0xCC, 0xCD, 0xCE, 0xCF,
    0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF,
    0xE0, 0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xEB, 0xEC, 0xED, 0xEE, 0xEF,
    0xF0, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF,
};

/* One byte of 0x80 for each byte of @w (eight bytes, the first lowest) that is a space,
 * tab or newline: the exact zero-byte test of Hacker's Delight 6-1 on w ^ c per c. */
static uint64_t space_bytes(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ull;
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;
    uint64_t sp = w ^ (ones * ' ');
    uint64_t nl = w ^ (ones * '\n');
    uint64_t tab = w ^ (ones * '\t');
    return ~(((sp & low7) + low7) | sp | low7) | ~(((nl & low7) + low7) | nl | low7) |
           ~(((tab & low7) + low7) | tab | low7);
}

size_t bg_extract_count_words(bg_str s)
{
    const unsigned char *p = (const unsigned char *)s.ptr;
    size_t n = 0;
    size_t i = 0;
    unsigned was_space = 1;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* Eight bytes at a time: a word starts at a byte that is not a space after one that
     * is, the byte before the first one coming from the previous step. */
    for (; i + 8 <= s.len; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, sizeof(w));
        uint64_t sp = space_bytes(w);
        uint64_t before = (sp << 8) | ((uint64_t)was_space << 7);
        uint64_t starts = (~sp & before & 0x8080808080808080ull) >> 7;
        n += (size_t)((starts * 0x0101010101010101ull) >> 56); /* the bytes' sum */
        was_space = (unsigned)(sp >> 63);
    }
#endif
    for (; i < s.len; i++) {
        unsigned sp = (unsigned)(p[i] == ' ') | (unsigned)(p[i] == '\n') | (unsigned)(p[i] == '\t');
        n += was_space & (sp ^ 1u);
        was_space = sp;
    }
    return n;
}

static bg_status first_match(extractor *x, size_t rule, const bg_sentence *s, bool *found,
                             bg_match *m)
{
    if (!bg_rules_may_match(x->rs, rule, &x->grams)) {
        *found = false;
        return BG_OK;
    }
    return bg_rules_match(x->rs, rule, s->text, 0, &s->loc, x->d, found, m);
}

static bool overlaps(const extractor *x, const char *p, size_t len)
{
    for (size_t i = 0; i < x->n_facts; i++) {
        const bg_str t = x->facts[i].text;
        if (p < t.ptr + t.len && t.ptr < p + len) {
            return true;
        }
    }
    return false;
}

/* Every match of fact rule @rule in @s from byte @from on becomes a fact unless it overlaps
 * an earlier one (fact rules are listed from the most specific). */
static bg_status collect_facts(extractor *x, size_t rule, const bg_sentence *s, size_t from,
                               bool *fired)
{
    const bg_rule_info *info = &x->info[rule];
    if (!bg_rules_may_match(x->rs, rule, &x->grams)) {
        return BG_OK;
    }
    size_t off = from;
    while (off <= s->text.len && x->n_facts < MAX_FACTS) {
        bool found = false;
        bg_match m;
        bg_status st = bg_rules_match(x->rs, rule, s->text, off, &s->loc, x->d, &found, &m);
        if (st != BG_OK || !found) {
            return st;
        }
        /* Advance after an empty match (robustness.md: x* on abc matches [0,0)). */
        off = m.end > m.start ? m.end : m.start + 1;
        bg_str whole = {s->text.ptr + m.start, m.end - m.start};
        if (whole.len == 0 || overlaps(x, whole.ptr, whole.len)) {
            continue;
        }
        bg_capture caps[BG_MAX_GROUPS];
        size_t n_caps = 0;
        for (size_t g = 0; g < m.n_groups; g++) {
            caps[n_caps].name = m.group_name[g];
            caps[n_caps].text = (bg_str){NULL, 0};
            if (m.group_start[g] != SIZE_MAX) {
                caps[n_caps].text =
                    (bg_str){s->text.ptr + m.group_start[g], m.group_end[g] - m.group_start[g]};
            }
            n_caps++;
        }
        bg_fact f;
        if (bg_fact_make(info->fact_kind, whole, caps, n_caps, x->a, &f)) {
            x->facts[x->n_facts++] = f;
            *fired = true;
        }
    }
    return BG_OK;
}

/* --- Compression: trim and elide rules --- */

/* Spans of a point's text left out when it is printed: elided words and a trimmed tail. */
#define MAX_CUTS 16u
#define MAX_INTRO_WORDS 20u /* a longer introduction is not put in front of its items */
#define MAX_ITEMS_BACK 16u  /* bullet sentences looked past to find a list's introduction */
typedef struct {
    size_t start[MAX_CUTS], end[MAX_CUTS]; /* bytes into the sentence, sorted, disjoint */
    size_t n;
    bool is_trimmed; /* the last span runs to the sentence's end */
} cut_list;

static bool fact_in(const extractor *x, const bg_sentence *s, size_t start, size_t end)
{
    for (size_t i = 0; i < x->n_facts; i++) {
        size_t fs = (size_t)(x->facts[i].text.ptr - s->text.ptr);
        size_t fe = fs + x->facts[i].text.len;
        if (fs < end && start < fe) {
            return true;
        }
    }
    return false;
}

/* A trim keeps a tail that carries real evidence of its own: the category rules whose first
 * match lies in it sum to at least trim_keep_evidence ("…, emphasising … a multilateral
 * security architecture" stays; "…, which helped build the capacity of the provincial
 * government in … education" goes). */
static bool evidence_in(const extractor *x, size_t start, double keep)
{
    double sum = 0.0;
    for (size_t r = 0; r < x->n_rules; r++) {
        const bg_rule_info *info = &x->info[r];
        if (x->rule_fired[r] && info->kind == BG_RULE_CATEGORY && x->rule_start[r] >= start) {
            sum += info->weight;
        }
    }
    return sum >= keep;
}

static bool add_cut(cut_list *c, size_t start, size_t end)
{
    if (c->n == MAX_CUTS) {
        return false;
    }
    size_t k = 0;
    while (k < c->n && c->start[k] < start) {
        k++;
    }
    if ((k > 0 && c->end[k - 1] > start) || (k < c->n && c->start[k] < end)) {
        return false; /* overlaps a span already cut */
    }
    memmove(&c->start[k + 1], &c->start[k], (c->n - k) * sizeof(size_t));
    memmove(&c->end[k + 1], &c->end[k], (c->n - k) * sizeof(size_t));
    c->start[k] = start;
    c->end[k] = end;
    c->n++;
    return true;
}

static size_t words_kept(const bg_sentence *s, const cut_list *c)
{
    size_t words = 0;
    size_t from = 0;
    for (size_t k = 0; k <= c->n; k++) {
        size_t to = k < c->n ? c->start[k] : s->text.len;
        words += bg_extract_count_words((bg_str){s->text.ptr + from, to - from});
        from = k < c->n ? c->end[k] : from;
    }
    return words;
}

/* Collect what trim and elide rules leave out of @s (@words long); never a fact, never down
 * to a stub. */
static bg_status find_cuts(extractor *x, const bg_sentence *s, size_t words, cut_list *c)
{
    c->n = 0;
    c->is_trimmed = false;
    for (size_t k = 0; k < x->n_elide_rules; k++) {
        size_t r = x->elide_rules[k];
        if (!bg_rules_may_match(x->rs, r, &x->grams)) {
            continue;
        }
        size_t off = 0;
        while (off < s->text.len) {
            bool found = false;
            bg_match m;
            bg_status st = bg_rules_match(x->rs, r, s->text, off, &s->loc, x->d, &found, &m);
            if (st != BG_OK) {
                return st;
            }
            if (!found) {
                break;
            }
            off = m.end > m.start ? m.end : m.start + 1;
            if (m.end > m.start && m.end - m.start < s->text.len &&
                !fact_in(x, s, m.start, m.end)) {
                (void)add_cut(c, m.start, m.end);
            }
        }
    }
    size_t cut = 0;
    if ((double)words >= x->sc->trim_min_words) {
        for (size_t k = 0; k < x->n_trim_rules; k++) {
            size_t r = x->trim_rules[k];
            bool found = false;
            bg_match m;
            bg_status st = first_match(x, r, s, &found, &m);
            if (st != BG_OK) {
                return st;
            }
            if (found && m.start > 0 && (cut == 0 || m.start < cut) &&
                !fact_in(x, s, m.start, s->text.len) &&
                !evidence_in(x, m.start, x->sc->trim_keep_evidence)) {
                cut = m.start;
            }
        }
    }
    if (cut) {
        /* Elided spans inside the tail go with it. */
        size_t k = c->n;
        while (k > 0 && c->end[k - 1] > cut) {
            k--;
        }
        c->n = k;
        if (add_cut(c, cut, s->text.len)) {
            c->is_trimmed = true;
        }
        if (c->is_trimmed && (double)words_kept(s, c) < x->sc->length_min_words) {
            c->n = k; /* never leave a stub: keep the tail */
            c->is_trimmed = false;
        }
    }
    return BG_OK;
}

static bool is_trailing_junk(char ch)
{
    return ch == ' ' || ch == ',' || ch == '\n' || ch == ';';
}

/* A copy of @s without the spans of @c. A trimmed tail is replaced by the sentence's own
 * final mark; a sentence that lost its start gets a capital first letter. Facts are
 * re-pointed into the copy (compose finds a fact's clause by address). */
static const bg_sentence *compressed(extractor *x, const bg_sentence *s, const cut_list *c,
                                     bg_fact *facts, size_t n_facts)
{
    char *text = bg_arena_alloc(x->a, s->text.len + 2);
    bg_sentence *copy = bg_arena_alloc(x->a, sizeof(*copy));
    if (!text || !copy) {
        return NULL;
    }
    size_t n = 0;
    size_t from = 0;
    for (size_t k = 0; k <= c->n; k++) {
        size_t to = k < c->n ? c->start[k] : s->text.len;
        memcpy(text + n, s->text.ptr + from, to - from);
        n += to - from;
        from = k < c->n ? c->end[k] : from;
    }
    if (c->is_trimmed) {
        while (n > 0 && is_trailing_junk(text[n - 1])) {
            n--;
        }
        char last = s->text.ptr[s->text.len - 1];
        text[n++] = (last == '!' || last == '?') ? last : '.';
    }
    if (c->n && c->start[0] == 0 && text[0] >= 'a' && text[0] <= 'z') {
        text[0] = (char)(text[0] - 'a' + 'A');
    }
    text[n] = 0;
    for (size_t i = 0; i < n_facts; i++) {
        size_t off = (size_t)(facts[i].text.ptr - s->text.ptr);
        size_t shift = 0;
        for (size_t k = 0; k < c->n && c->end[k] <= off; k++) {
            shift += c->end[k] - c->start[k];
        }
        facts[i].text.ptr = text + off - shift;
    }
    *copy = *s;
    copy->text = (bg_str){text, n};
    return copy;
}

/* --- The short variant: shorten rules --- */

/* The earliest start of a trailing clause that a shorten or trim rule marks in @s, before
 * the tail @c already cuts, that holds no fact and less than shorten_keep_evidence of its
 * own, and leaves at least length_min_words; 0: none. */
static bg_status find_short_cut(extractor *x, const bg_sentence *s, const cut_list *c, size_t *cut)
{
    *cut = 0;
    size_t limit = c->is_trimmed ? c->start[c->n - 1] : s->text.len;
    const uint32_t *lists[2] = {x->shorten_rules, x->trim_rules};
    size_t n_lists[2] = {x->n_shorten_rules, x->n_trim_rules};
    for (size_t l = 0; l < 2; l++) {
        for (size_t k = 0; k < n_lists[l]; k++) {
            size_t r = lists[l][k];
            if (!bg_rules_may_match(x->rs, r, &x->grams)) {
                continue;
            }
            size_t off = 0;
            while (off < limit) {
                bool found = false;
                bg_match m;
                bg_status st = bg_rules_match(x->rs, r, s->text, off, &s->loc, x->d, &found, &m);
                if (st != BG_OK) {
                    return st;
                }
                if (!found || m.start >= limit || (*cut && m.start >= *cut)) {
                    break;
                }
                off = m.end > m.start ? m.end : m.start + 1;
                if (m.start > 0 && !fact_in(x, s, m.start, s->text.len) &&
                    !evidence_in(x, m.start, x->sc->shorten_keep_evidence)) {
                    *cut = m.start;
                    break;
                }
            }
        }
    }
    return BG_OK;
}

/* The short variant of @s, which @c compresses: @c's elisions before the cut
 * find_short_cut gives, and the tail from there; NULL in *out when there is none or it
 * would leave a stub. */
static bg_status short_variant(extractor *x, const bg_sentence *s, const cut_list *c,
                               const bg_sentence **out)
{
    *out = NULL;
    size_t cut = 0;
    bg_status st = find_short_cut(x, s, c, &cut);
    if (st != BG_OK || cut == 0) {
        return st;
    }
    cut_list b = *c;
    b.is_trimmed = false;
    while (b.n > 0 && b.end[b.n - 1] > cut) {
        b.n--;
    }
    if (!add_cut(&b, cut, s->text.len)) {
        return BG_OK;
    }
    b.is_trimmed = true;
    if ((double)words_kept(s, &b) < x->sc->length_min_words) {
        return BG_OK;
    }
    bg_fact *facts = bg_arena_array(x->a, x->n_facts + 1, sizeof(bg_fact));
    if (!facts) {
        return BG_ENOMEM;
    }
    memcpy(facts, x->facts, x->n_facts * sizeof(bg_fact));
    *out = compressed(x, s, &b, facts, x->n_facts);
    return *out ? BG_OK : BG_ENOMEM;
}

static bool ends_with(bg_str s, const char *tail)
{
    size_t n = strlen(tail);
    return s.len >= n && memcmp(s.ptr + s.len - n, tail, n) == 0;
}

/* An introduction that is the first half of each item under it: "The authors recommend
 * that:", "They agreed to:". Its colon is left out in front of an item. */
static bool is_open_intro(bg_str s)
{
    return ends_with(s, " that:") || ends_with(s, " to:");
}

/* A list item that is no sentence ("remove remaining obstacles …;" under "Leaders agreed
 * to:") is a point only with its list's introduction in front. The introduction: the
 * nearest sentence above in the same source, with only bullets between, that ends in a
 * colon and is at most MAX_INTRO_WORDS long; NULL when @s is not such an item. An item
 * opening in lower case continues any such introduction; a capitalised one only a "that:"
 * (it is the clause: "… recommend that: Washington and Moscow pledge …"; under "to:" or
 * "include:" a capitalised item is a sentence of its own). */
static const bg_sentence *list_intro(const extractor *x, const bg_sentence *s)
{
    if (s->kind != BG_KIND_BULLET || s->index != 0 || s->text.len == 0) {
        return NULL;
    }
    bool is_lower = s->text.ptr[0] >= 'a' && s->text.ptr[0] <= 'z';
    size_t i = (size_t)(s - x->in->items);
    for (size_t k = 0; k < MAX_ITEMS_BACK && i > 0; k++) {
        const bg_sentence *p = &x->in->items[--i];
        if (p->source != s->source) {
            return NULL;
        }
        if (p->kind == BG_KIND_BULLET) {
            continue;
        }
        bool is_intro = p->text.len > 0 && p->text.ptr[p->text.len - 1] == ':' &&
                        bg_extract_count_words(p->text) <= MAX_INTRO_WORDS &&
                        (is_lower || ends_with(p->text, " that:"));
        return is_intro ? p : NULL;
    }
    return NULL;
}

/* The bytes in front of a sentence printed after @intro: its text (without the colon of an
 * open introduction) and a space. */
static size_t lead_length(const bg_sentence *intro)
{
    return intro->text.len - is_open_intro(intro->text) + 1;
}

/* @intro's text (a list's introduction, without the colon of an open one, or the sentence
 * an anaphor refers to), a space, then @s's, ending in a full stop where a list item ended
 * in ';' or ','. Facts are re-pointed into the copy. */
static bg_sentence *with_lead(extractor *x, const bg_sentence *intro, const bg_sentence *s,
                              bg_fact *facts, size_t n_facts)
{
    size_t lead = lead_length(intro);
    size_t n_intro = lead - 1;
    char *text = bg_arena_alloc(x->a, lead + s->text.len + 2);
    bg_sentence *copy = bg_arena_alloc(x->a, sizeof(*copy));
    if (!text || !copy) {
        return NULL;
    }
    memcpy(text, intro->text.ptr, n_intro);
    text[n_intro] = ' ';
    memcpy(text + lead, s->text.ptr, s->text.len);
    size_t n = lead + s->text.len;
    while (n > lead && is_trailing_junk(text[n - 1])) {
        n--;
    }
    char last = text[n - 1];
    if (last != '.' && last != '!' && last != '?') {
        text[n++] = '.';
    }
    text[n] = 0;
    for (size_t i = 0; i < n_facts; i++) {
        facts[i].text.ptr = text + lead + (facts[i].text.ptr - s->text.ptr);
    }
    *copy = *s;
    copy->text = (bg_str){text, n};
    return copy;
}

/* A point that starts with an anaphor (a refer rule matches: "It became a partner …") is
 * printed after the sentence it refers back to, the one before it in its block: *out is
 * that sentence when it is at most refer_max_words long, else NULL; the refer rule that
 * fired is marked. score_sentence prints it in front; when it is the last point, the two
 * merge or the point keeps it as its antecedent (bg_point.antecedent). */
static bg_status referent(extractor *x, const bg_sentence *s, const bg_sentence **out)
{
    *out = NULL;
    size_t i = (size_t)(s - x->in->items);
    if (s->index == 0 || i == 0 || x->sc->refer_max_words <= 0.0) {
        return BG_OK;
    }
    const bg_sentence *prev = &x->in->items[i - 1];
    if (prev->source != s->source || prev->para != s->para ||
        (double)bg_extract_count_words(prev->text) > x->sc->refer_max_words) {
        return BG_OK;
    }
    for (size_t k = 0; k < x->n_refer_rules; k++) {
        size_t r = x->refer_rules[k];
        bool found = false;
        bg_match m;
        bg_status st = first_match(x, r, s, &found, &m);
        if (st != BG_OK || found) {
            x->rule_fired[r] = found;
            x->rule_weight[r] = 0.0;
            *out = found ? prev : NULL;
            return st;
        }
    }
    return BG_OK;
}

/* @p opens on an anaphor, scores higher than the last point, and the sentence before it is
 * that point's: the two become one point, the last one's text then @p's (cited at the last
 * one's line), with both points' facts; score, category, terms and rules (the refer rule
 * among them) are @p's. */
static bg_status merge_into_last(extractor *x, const bg_point *p)
{
    bg_point *last = &x->items[x->n - 1];
    bg_sentence *joined = with_lead(x, last->s, p->s, p->facts, p->n_facts);
    bg_fact *facts = bg_arena_array(x->a, last->n_facts + p->n_facts + 1, sizeof(*facts));
    if (!joined || !facts) {
        return BG_ENOMEM;
    }
    bg_str text = joined->text;
    *joined = *last->s; /* cited where the last point's text starts */
    joined->text = text;
    for (size_t i = 0; i < last->n_facts; i++) {
        facts[i] = last->facts[i];
        facts[i].text.ptr = text.ptr + (last->facts[i].text.ptr - last->s->text.ptr);
    }
    memcpy(facts + last->n_facts, p->facts, p->n_facts * sizeof(*facts));
    size_t n_facts = last->n_facts + p->n_facts;
    *last = *p;
    last->s = joined;
    last->brief = NULL; /* @p's short variant lacks the last point's text */
    last->facts = facts;
    last->n_facts = n_facts;
    return BG_OK;
}

static bg_status push_point(extractor *x, const bg_point *p)
{
    if (x->n >= BG_MAX_POINTS) {
        bg_diag_error(x->d, &p->s->loc, "too many key points (more than %u)", BG_MAX_POINTS);
        return BG_EINPUT;
    }
    if (x->n == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 64;
        bg_point *np = bg_arena_grow(x->a, x->items, x->n, cap, sizeof(*np));
        if (!np) {
            return BG_ENOMEM;
        }
        x->items = np;
        x->cap = cap;
    }
    x->items[x->n++] = *p;
    return BG_OK;
}

static double length_term(const extractor *x, size_t words)
{
    double w = (double)words;
    if (w < x->sc->length_min_words) {
        return -(x->sc->length_min_words - w) * 0.5;
    }
    if (w > x->sc->length_max_words) {
        return -(w - x->sc->length_max_words) * x->sc->length_penalty;
    }
    return 0.0;
}

/* The fallback category (scoring: fallback_category) counts only for a sentence no other
 * category claims: else its rules are as if they had not fired (not in the score, the
 * breadth term or a trailing clause's evidence; --explain lists only the winning
 * category's rules anyway). */
static void drop_fallback(extractor *x)
{
    size_t fb = x->sc->fallback_category;
    if (fb == SIZE_MAX || x->cat_sum[fb] <= 0.0) {
        return;
    }
    bool is_claimed = false;
    for (size_t c = 0; c < x->n_categories; c++) {
        is_claimed = is_claimed || (c != fb && x->cat_sum[c] > 0.0);
    }
    if (!is_claimed) {
        return;
    }
    x->cat_sum[fb] = 0.0;
    for (size_t k = 0; k < x->n_score_rules; k++) {
        size_t r = x->score_rules[k];
        const bg_rule_info *info = &x->info[r];
        if (x->rule_fired[r] && info->kind == BG_RULE_CATEGORY && info->category == fb) {
            x->rule_fired[r] = false;
        }
    }
}

/* Score the sentence at @at of the input list. A list item is scored as it will print,
 * with its list's introduction in front: "the five nuclear-weapon states start talks …;"
 * is a recommendation only under "The authors recommend that:". */
static bg_status score_sentence(extractor *x, const bg_sentence *at)
{
    bg_status st = BG_OK;
    const bg_sentence *intro = list_intro(x, at);
    const bg_sentence *s = intro ? with_lead(x, intro, at, NULL, 0) : at;
    if (!s) {
        return BG_ENOMEM;
    }
    /* The facts are the item's own: a date in the introduction does not date each item. */
    size_t own = intro ? lead_length(intro) : 0;
    bg_rules_summarise(x->rs, s->text, &x->grams);
    memset(x->cat_sum, 0, x->n_categories * sizeof(*x->cat_sum));
    memset(x->rule_fired, 0, x->n_rules * sizeof(*x->rule_fired));
    double bonus = 0.0;
    bool any_category = false;
    /* The score rules the summary's candidates let through, in rule order (all of them when
     * the summary has no candidates). */
    const uint32_t *rules = x->score_rules;
    size_t n_rules = x->n_score_rules;
    if (x->grams.has_candidates) {
        n_rules = 0;
        for (size_t w = 0; w < BG_MAX_RULES / 64; w++) {
            uint64_t bits = x->grams.candidates[w] & x->score_mask[w];
            while (bits) {
                x->try_rules[n_rules++] = (uint32_t)(w * 64 + (size_t)__builtin_ctzll(bits));
                bits &= bits - 1;
            }
        }
        rules = x->try_rules;
    }
    for (size_t k = 0; k < n_rules; k++) {
        size_t r = rules[k];
        const bg_rule_info *info = &x->info[r];
        bool found = false;
        bg_match m;
        st = first_match(x, r, s, &found, &m);
        if (st != BG_OK || (found && info->kind == BG_RULE_DROP)) {
            return st; /* boilerplate */
        }
        if (!found) {
            continue;
        }
        x->rule_fired[r] = true;
        x->rule_weight[r] = info->weight;
        x->rule_start[r] = m.start;
        if (info->kind == BG_RULE_CATEGORY) {
            x->cat_sum[info->category] += info->weight;
            any_category = true;
        } else {
            bonus += info->weight;
        }
    }
    if (!any_category) {
        return BG_OK;
    }
    drop_fallback(x);
    size_t best = 0;
    for (size_t c = 1; c < x->n_categories; c++) {
        if (x->cat_sum[c] > x->cat_sum[best]) {
            best = c;
        }
    }
    /* Breadth: a sentence that also speaks to other categories says more per word. */
    double others = 0.0;
    for (size_t c = 0; c < x->n_categories; c++) {
        others += c != best && x->cat_sum[c] > 0.0 ? x->cat_sum[c] : 0.0;
    }
    size_t words = bg_extract_count_words(s->text);
    double t_length = length_term(x, words);
    double t_lead = s->index == 0 ? x->sc->lead_bonus : 0.0;
    double t_breadth = x->sc->breadth_share * others;
    double score = x->cat_sum[best] + bonus + t_length + t_lead + t_breadth;
    if (x->cat_sum[best] <= 0.0 ||
        score + x->sc->fact_bonus * MAX_FACT_BONUSES < x->sc->min_score) {
        return BG_OK;
    }
    x->n_facts = 0;
    for (size_t k = 0; k < x->n_fact_rules; k++) {
        size_t r = x->fact_rules[k];
        size_t before = x->n_facts;
        bool fired = false;
        st = collect_facts(x, r, s, own, &fired);
        if (st != BG_OK) {
            return st;
        }
        x->rule_fired[r] = fired;
        x->rule_weight[r] = x->sc->fact_bonus * (double)(x->n_facts - before);
    }
    size_t bonus_facts = x->n_facts < MAX_FACT_BONUSES ? x->n_facts : MAX_FACT_BONUSES;
    score += x->sc->fact_bonus * (double)bonus_facts;
    if (score < x->sc->min_score) {
        return BG_OK;
    }
    bg_point p = {.s = s,
                  .category = (uint16_t)best,
                  .score = score,
                  .term_length = t_length,
                  .term_lead = t_lead,
                  .term_breadth = t_breadth};
    cut_list cuts;
    st = find_cuts(x, s, words, &cuts);
    if (st != BG_OK) {
        return st;
    }
    p.facts = bg_arena_array(x->a, x->n_facts + 1, sizeof(bg_fact));
    if (!p.facts) {
        return BG_ENOMEM;
    }
    memcpy(p.facts, x->facts, x->n_facts * sizeof(bg_fact));
    p.n_facts = x->n_facts;
    if (cuts.n) {
        p.s = compressed(x, s, &cuts, p.facts, p.n_facts);
        if (!p.s) {
            return BG_ENOMEM;
        }
    }
    st = short_variant(x, s, &cuts, &p.brief);
    if (st != BG_OK) {
        return st;
    }
    /* The sentence that this one, or its list's introduction ("It sets out four areas:"),
     * refers back to. */
    const bg_sentence *referred = NULL;
    st = referent(x, intro ? intro : at, &referred);
    if (st != BG_OK) {
        return st;
    }
    bool is_after_point = referred && referred == x->last_point;
    if (referred && !is_after_point) {
        p.s = with_lead(x, referred, p.s, p.facts, p.n_facts);
        if (!p.s) {
            return BG_ENOMEM;
        }
        if (p.brief) {
            p.brief = with_lead(x, referred, p.brief, NULL, 0);
            if (!p.brief) {
                return BG_ENOMEM;
            }
        }
    }
    /* After a point that scores as high or higher, the two stay apart: merged, that point
     * would be longer in every brief that picks it (merging always cost the seeds' minister
     * page two timeline entries, recall 0.51 -> 0.46). This one keeps it as its antecedent, which
     * compose prints in front where that point is not printed just before it. */
    bool is_merged = is_after_point && p.score > x->items[x->n - 1].score;
    if (is_after_point && !is_merged) {
        p.antecedent = x->items[x->n - 1].s;
    }
    size_t n_fired = 0;
    for (size_t r = 0; r < x->n_rules; r++) {
        const bg_rule_info *info = &x->info[r];
        n_fired += x->rule_fired[r] && (info->kind != BG_RULE_CATEGORY || info->category == best);
    }
    p.fired = bg_arena_array(x->a, n_fired + 1, sizeof(uint32_t));
    p.fired_weight = bg_arena_array(x->a, n_fired + 1, sizeof(double));
    if (!p.fired || !p.fired_weight) {
        return BG_ENOMEM;
    }
    for (size_t r = 0; r < x->n_rules; r++) {
        const bg_rule_info *info = &x->info[r];
        if (x->rule_fired[r] && (info->kind != BG_RULE_CATEGORY || info->category == best)) {
            p.fired[p.n_fired] = (uint32_t)r;
            p.fired_weight[p.n_fired++] = x->rule_weight[r];
        }
    }
    x->last_point = at;
    return is_merged ? merge_into_last(x, &p) : push_point(x, &p);
}

/* --- Deduplication --- */

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
        while (i < s.len && word_fold[p[i]] == 0) {
            i++;
        }
        if (i == s.len) {
            break;
        }
        uint64_t h = 1469598103934665603ull;
        while (i < s.len && word_fold[p[i]] != 0) {
            h = (h ^ word_fold[p[i++]]) * 1099511628211ull;
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

static bg_status build_index(extractor *x, const token_set *sets, prefix_index *ix)
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

static bg_status dedup(extractor *x)
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

bg_status bg_extract_run(const bg_sentence_list *in, bg_ruleset *rs, bg_arena *a, bg_diag *d,
                         bg_point_list *out)
{
    bg_status st = BG_OK;
    extractor x = {.in = in, .rs = rs, .sc = bg_rules_scoring(rs), .a = a, .d = d};
    x.n_rules = bg_rules_count(rs);
    x.info = x.n_rules ? bg_rules_info(rs, 0) : NULL;
    x.n_categories = bg_rules_n_categories(rs);
    x.cat_sum = bg_arena_array(a, x.n_categories + 1, sizeof(double));
    x.rule_fired = bg_arena_array(a, x.n_rules + 1, sizeof(bool));
    x.rule_weight = bg_arena_array(a, x.n_rules + 1, sizeof(double));
    x.rule_start = bg_arena_array(a, x.n_rules + 1, sizeof(size_t));
    x.score_rules = bg_arena_array(a, x.n_rules + 1, sizeof(uint32_t));
    x.try_rules = bg_arena_array(a, x.n_rules + 1, sizeof(uint32_t));
    x.fact_rules = bg_arena_array(a, x.n_rules + 1, sizeof(uint32_t));
    x.elide_rules = bg_arena_array(a, x.n_rules + 1, sizeof(uint32_t));
    x.trim_rules = bg_arena_array(a, x.n_rules + 1, sizeof(uint32_t));
    x.refer_rules = bg_arena_array(a, x.n_rules + 1, sizeof(uint32_t));
    x.shorten_rules = bg_arena_array(a, x.n_rules + 1, sizeof(uint32_t));
    bg_str *cats = bg_arena_array(a, x.n_categories + 1, sizeof(bg_str));
    if (!x.cat_sum || !x.rule_fired || !x.rule_weight || !x.rule_start || !x.score_rules || !cats ||
        !x.fact_rules || !x.try_rules || !x.elide_rules || !x.trim_rules || !x.refer_rules ||
        !x.shorten_rules) {
        st = BG_ENOMEM;
        goto out;
    }
    /* Rules by kind: sentences that are not points run only the score rules, and points
     * walk only the rules of the kind they need. */
    for (size_t r = 0; r < x.n_rules; r++) {
        bg_rule_kind kind = bg_rules_info(rs, r)->kind;
        if (kind == BG_RULE_DROP || kind == BG_RULE_CATEGORY || kind == BG_RULE_BONUS) {
            x.score_rules[x.n_score_rules++] = (uint32_t)r;
            x.score_mask[r >> 6] |= 1ull << (r & 63);
        } else if (kind == BG_RULE_FACT) {
            x.fact_rules[x.n_fact_rules++] = (uint32_t)r;
        } else if (kind == BG_RULE_ELIDE) {
            x.elide_rules[x.n_elide_rules++] = (uint32_t)r;
        } else if (kind == BG_RULE_TRIM) {
            x.trim_rules[x.n_trim_rules++] = (uint32_t)r;
        } else if (kind == BG_RULE_REFER) {
            x.refer_rules[x.n_refer_rules++] = (uint32_t)r;
        } else if (kind == BG_RULE_SHORTEN) {
            x.shorten_rules[x.n_shorten_rules++] = (uint32_t)r;
        }
    }
    for (size_t c = 0; c < x.n_categories; c++) {
        cats[c] = bg_rules_category(rs, c);
    }
    for (size_t i = 0; i < in->n; i++) {
        const bg_sentence *s = &in->items[i];
        if (s->kind == BG_KIND_HEADING) {
            continue; /* headings are not points */
        }
        st = score_sentence(&x, s);
        if (st != BG_OK) {
            goto out;
        }
    }
    st = dedup(&x);
    if (st != BG_OK) {
        goto out;
    }
    out->items = x.items;
    out->n = x.n;
    out->categories = cats;
    out->n_categories = x.n_categories;
    out->rules = x.n_rules ? bg_rules_info(rs, 0) : NULL;
    out->n_rules = x.n_rules;
    out->sentences = in;
out:
    return st;
}
