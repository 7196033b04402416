/* extract's private interface, shared by its sub-stage files: extract.c (scoring, facts,
 * a list's theme), extract_list.c (list introductions and anaphora), extract_compress.c
 * (trim and elide rules, the short variant) and extract_dedup.c (merging points that say
 * the same). The extractor is the
 * stage's one context; everything it points to is allocated in the run arena. Only
 * extract*.c include this header. */
#ifndef BG_EXTRACT_INT_H
#define BG_EXTRACT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "extract.h"
#include "limit.h"

/* Facts kept per point. */
#define BG_EXTRACT_MAX_FACTS 16u

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
    bg_fact facts[BG_EXTRACT_MAX_FACTS];
    size_t n_facts;
    bg_point *items;
    size_t n, cap;
    const bg_sentence *last_point; /* the (last) sentence of the last point, in the input */
    /* The theme of the last list read as one (extract.c list_theme): its introduction or
     * heading, its best category (SIZE_MAX: none) and that category's strongest fired
     * rule's weight. */
    const bg_sentence *theme_head;
    bool *theme_fired; /* per rule: a category rule that fired in the list (list_theme) */
    size_t theme_category;
    double theme_weight;
} bg_extractor;

/* Spans of a point's text left out when it is printed: elided words and a trimmed tail. */
#define BG_EXTRACT_MAX_CUTS 16u
typedef struct {
    size_t start[BG_EXTRACT_MAX_CUTS]; /* bytes into the sentence, sorted, disjoint */
    size_t end[BG_EXTRACT_MAX_CUTS];
    size_t n;
    bool is_trimmed; /* the last span runs to the sentence's end */
} bg_cut_list;

/* The first match of @rule in @s, skipping pcre2 when the sentence's n-grams rule it out.
 * A pcre2 limit hit goes to x->d (BG_EINPUT). */
static inline bg_status bg_extract_first_match(bg_extractor *x, size_t rule, const bg_sentence *s,
                                               bool *found, bg_match *m)
{
    if (!bg_rules_may_match(x->rs, rule, &x->grams)) {
        *found = false;
        return BG_OK;
    }
    return bg_rules_match(x->rs, rule, s->text, 0, &s->loc, x->d, found, m);
}

/* The bytes a list item or a trimmed sentence loses at its end before a full stop. */
static inline bool bg_extract_is_trailing_junk(char ch)
{
    return ch == ' ' || ch == ',' || ch == '\n' || ch == ';';
}

/* Collect what trim and elide rules leave out of @s (@words long) into *c; never a fact
 * (x->facts), never down to a stub. A pcre2 limit hit goes to x->d. */
bg_status bg_extract_find_cuts(bg_extractor *x, const bg_sentence *s, size_t words, bg_cut_list *c);

/* A copy of @s without the spans of @c, allocated in x->a; NULL when the arena fails. A
 * trimmed tail is replaced by the sentence's own final mark; a sentence that lost its start
 * gets a capital first letter. The @n_facts @facts (inside @s) are re-pointed into the copy. */
const bg_sentence *bg_extract_compress(bg_extractor *x, const bg_sentence *s, const bg_cut_list *c,
                                       bg_fact *facts, size_t n_facts);

/* The short variant of @s, which @c compresses (shorten rules): *out is allocated in x->a,
 * or NULL when there is none or it would leave a stub. BG_ENOMEM, or a pcre2 limit hit. */
bg_status bg_extract_short_variant(bg_extractor *x, const bg_sentence *s, const bg_cut_list *c,
                                   const bg_sentence **out);

/* --- extract_list.c --- */

/* The introduction printed in front of list item @s ("Leaders agreed to:" over "remove
 * remaining obstacles …;"), or NULL when @s is no such item. */
const bg_sentence *bg_extract_list_intro(const bg_extractor *x, const bg_sentence *s);

/* The heading, or the line ending in a colon, right above the list whose item @s is, when
 * it is not printed in front of its items (it speaks for them in the list's theme); NULL
 * when @s is no bullet or there is none. */
const bg_sentence *bg_extract_list_head(const bg_extractor *x, const bg_sentence *s);

/* The bytes in front of a sentence printed after @intro: its text (without the colon of an
 * open introduction, "… that:", "… to:") and a space. */
size_t bg_extract_lead_length(const bg_sentence *intro);

/* A copy of @s (in x->a) after @intro's text and a space, ending in a full stop where it
 * ended in ';' or ','; the @n_facts @facts are re-pointed into it. NULL: out of memory. */
bg_sentence *bg_extract_with_lead(bg_extractor *x, const bg_sentence *intro, const bg_sentence *s,
                                  bg_fact *facts, size_t n_facts);

/* A list item that ends as the list goes on ("…;"): a copy ending in a full stop; @s
 * itself otherwise. NULL: out of memory. */
const bg_sentence *bg_extract_as_item_end(bg_extractor *x, const bg_sentence *s);

/* When @s opens on an anaphor (a refer rule), *out is the sentence it refers back to, if
 * at most refer_max_words long (else NULL); the refer rule is marked as fired when there
 * is one. A pcre2 limit hit goes to x->d. */
bg_status bg_extract_referent(bg_extractor *x, const bg_sentence *s, const bg_sentence **out);

/* @p, which opens on an anaphor and refers back to the last point, becomes one point with
 * it: the last one's text then @p's, cited at the last one's line. BG_ENOMEM only. */
bg_status bg_extract_merge_into_last(bg_extractor *x, const bg_point *p);

/* Merge the points of x->items that say the same (token-set Jaccard similarity >=
 * dedup_threshold) into the first, the others from other sources becoming its `also`
 * citations (in source order); at most MAX_DEDUP_COMPARISONS pairs are compared. Allocates
 * in x->a; BG_ENOMEM only. */
bg_status bg_extract_dedup(bg_extractor *x);

#endif
