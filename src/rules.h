/* Rules: templates/rules/NAME.yaml → bg_ruleset. Compiles every pattern once with pcre2
 * (UTF, MATCH_INVALID_UTF, NEVER_BACKSLASH_C, JIT) under compile and match limits, and
 * runs matches for extract.c. The only file that includes pcre2.h. Gives patterns no
 * meaning beyond their kind and weight: scoring is extract.c's job. */
#ifndef BG_RULES_H
#define BG_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "limit.h"
#include "str.h"

typedef enum {
    BG_RULE_DROP,     /* boilerplate: a matching sentence is not a point */
    BG_RULE_CATEGORY, /* adds its weight to its category's score */
    BG_RULE_BONUS,    /* adds its weight to the score whatever the category (may be < 0) */
    BG_RULE_FACT,     /* captures a fact with named groups */
    BG_RULE_TRIM,     /* a trailing clause the match starts may be cut from a long point */
    BG_RULE_ELIDE,    /* the matched words may be left out of a point's text */
    BG_RULE_REFER,    /* the point starts with an anaphor ("It", "Its"): print the sentence
                         before it in front (scoring: refer_max_words) */
    BG_RULE_SHORTEN   /* the match starts a trailing clause a brief may cut when its word
                         budget binds (the point's short variant) */
} bg_rule_kind;

/* What one rule is; read-only after loading. */
typedef struct {
    bg_rule_kind kind;
    const char *name;        /* e.g. "cyber/exercise" or "fact/date-month"; NUL-terminated */
    uint16_t category;       /* CATEGORY: index into the category names */
    double weight;           /* CATEGORY/BONUS: score added when it fires */
    const char *fact_kind;   /* FACT: "date", "amount", "count", "org", ... */
    bg_loc loc;              /* where the pattern is written */
    bool is_unless_referred; /* BONUS: not added when the sentence's anaphor is resolved by
                                the sentence before it, printed in front (refer:) */
} bg_rule_info;

/* One match: the whole span and the named groups, as byte offsets into the subject. */
#define BG_MAX_GROUPS 8
typedef struct {
    size_t start, end; /* bytes, [start, end) */
    size_t n_groups;
    const char *group_name[BG_MAX_GROUPS]; /* borrowed from the ruleset */
    size_t group_start[BG_MAX_GROUPS];     /* SIZE_MAX when the group did not take part */
    size_t group_end[BG_MAX_GROUPS];
} bg_match;

typedef struct bg_ruleset bg_ruleset; /* opaque: hides pcre2 objects */

/* A subject's byte pairs and triples (ASCII letters folded), hashed into a bit set: what
 * bg_rules_may_match checks a rule's literals against, and the subject itself, where a
 * literal whose n-grams all occur is then looked for. On the caller's stack. */
#define BG_RULES_GRAM_BITS 8192
typedef struct {
    bg_str subject; /* borrowed: must outlive the summary's use */
    uint64_t bits[BG_RULES_GRAM_BITS / 64];
    uint8_t bytes[256]; /* 1: the byte occurs (ASCII letters folded) */
    bool is_exact;      /* false: the subject holds a character that folds to ASCII (K, ſ, İ, ı),
                           and every rule may match */
    bool may_end_in_word; /* false: the last character, and the one before a final newline,
                             are ASCII but no letter, digit or '_' */
    bool has_candidates;  /* candidates is filled in (bg_rules_summarise) */
    uint64_t candidates[BG_MAX_RULES / 64]; /* bit r clear: rule r cannot match */
} bg_rules_grams;

/* Load and compile the rule files @paths (in order). Every error in every file is
 * reported ("rules.yaml:8:14: error: pattern does not compile: missing ) at offset 7",
 * unknown keys, wrong types) and gives BG_EINPUT. pcre2 objects are freed with @a. */
bg_status bg_rules_load(const char *const *paths, size_t n_paths, bg_arena *a, bg_diag *d,
                        bg_ruleset **out);

size_t bg_rules_count(const bg_ruleset *rs);
/* Rule @rule's info; the infos are one array, so bg_rules_info(rs, 0)[rule] is the same. */
const bg_rule_info *bg_rules_info(const bg_ruleset *rs, size_t rule);
size_t bg_rules_n_categories(const bg_ruleset *rs);
bg_str bg_rules_category(const bg_ruleset *rs, size_t category);
/* Scoring parameters from the rules files ("scoring:" mapping), with defaults. */
typedef struct {
    double dedup_threshold;       /* token-set similarity above which two points are one, 0..1 */
    double min_score;             /* a sentence below this is not a point */
    double fact_bonus;            /* added per captured fact */
    double length_min_words;      /* sentences shorter than this are not points */
    double length_max_words;      /* penalised above this */
    double trim_min_words;        /* a point this long may lose a trailing clause (trim rules) */
    double length_penalty;        /* lost per word above length_max_words */
    double lead_bonus;            /* added to the first sentence of a paragraph or bullet */
    double breadth_share;         /* share of the other categories' sums added to the score */
    double list_share;            /* a list item with no category rule of its own scores this
                                     share of its list's theme (extract.c list_theme) */
    double trim_keep_evidence;    /* a tail whose own category evidence sums to this stays */
    double shorten_keep_evidence; /* a short variant keeps a tail whose own category
                                     evidence sums to this */
    double refer_max_words;       /* a point a refer rule matches is printed after the sentence
                                     before it in its block when that one is at most this long
                                     (extract.c: in front, merged, or as its antecedent); 0:
                                     never */
    double refer_after_point_max; /* unless_referred weights are not counted after a point
                                     either, up to this score: the pair ranks low, it needs
                                     that point printed in front; 0: counted there */
    /* The category of a sentence no other category claims: its rules count only when no
     * other category's rule fired, and never towards breadth. SIZE_MAX: none. */
    size_t fallback_category;
} bg_scoring;
const bg_scoring *bg_rules_scoring(const bg_ruleset *rs);

/* Summarise @subject (borrowed: it must stay valid while @g is used) into @g for
 * bg_rules_may_match. Cannot fail. */
void bg_rules_grams_of(bg_str subject, bg_rules_grams *g);

/* The same, and in one pass over the summary's n-grams (not over the rules) the rules of
 * @rs whose strongest clause has a literal there: bg_rules_may_match then checks only
 * those. Cannot fail. */
void bg_rules_summarise(const bg_ruleset *rs, bg_str subject, bg_rules_grams *g);

/* Whether rule @rule may match the subject summarised in @g. False means that
 * bg_rules_match cannot find a match in that subject at any offset (no literal of a clause
 * the pattern needs occurs in it), so callers may skip it; true means nothing. @rs is not
 * modified except for the rule's count of literal searches, which decides whether they
 * go on (see rules.c). */
bool bg_rules_may_match(bg_ruleset *rs, size_t rule, const bg_rules_grams *g);

/* Find the first match of rule @rule in @subject at or after byte @start_off. Returns
 * BG_OK with *found set; a pcre2 limit (match, depth, heap, JIT stack) or the run-wide
 * budget is reported as an error naming the rule's file:line:col and @where (the
 * subject's source position), and gives BG_EINPUT. @rs is not modified except for its
 * budget counter, its match data and the JIT code it compiles for a rule at its 17th
 * match call, or at its first call that hits a pcre2 limit in the interpreter (rules that
 * run rarely are never JIT-compiled). */
bg_status bg_rules_match(bg_ruleset *rs, size_t rule, bg_str subject, size_t start_off,
                         const bg_loc *where, bg_diag *d, bool *found, bg_match *m);

#endif
