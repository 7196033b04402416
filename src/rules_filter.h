/* Rules prefilter (part of the rules module): from a pattern's text, a necessary condition
 * on the subject, checked against the subject's n-gram summary before pcre2 runs. A rule
 * whose condition fails cannot match, so it is skipped without changing any result. The
 * analysis is conservative: syntax it does not fully understand gives no condition. Does
 * not call pcre2 and does not touch the filesystem. */
#ifndef BG_RULES_FILTER_H
#define BG_RULES_FILTER_H

#include <stdbool.h>

#include "arena.h"
#include "rules.h"
#include "str.h"

typedef struct bg_rules_filter bg_rules_filter;             /* opaque: clauses of literal n-grams */
typedef struct bg_rules_filter_index bg_rules_filter_index; /* opaque: n-gram → rules */

/* Analyse @pattern (a pattern pcre2 has already compiled). *out is the condition, allocated
 * in @a, or NULL when the pattern yields none (the rule always runs). Returns BG_ENOMEM
 * only when the arena fails. */
bg_status bg_rules_filter_build(bg_str pattern, bg_arena *a, bg_rules_filter **out);

/* Whether every match of @pattern ends with a letter, digit or '_' before `$` (no (?m)),
 * as in `[\s\S]*[\p{L}\p{N}]$`: the last top-level atom is a class of only \p{L..},
 * \p{N..}, \w, \d, ASCII letters, digits and their ranges, and no top-level branch avoids
 * it. False when unsure. Then a subject whose last character (or the one before a final
 * newline) is other ASCII cannot match. */
bool bg_rules_filter_ends_in_word(bg_str pattern);

/* Whether a subject with n-grams @g may match the pattern of @f (true when @f is NULL;
 * when the summary is not exact, only the end condition is checked). */
bool bg_rules_filter_pass(const bg_rules_filter *f, const bg_rules_grams *g);

/* Whether each clause of @f has a literal that occurs in the subject summarised in @g, as
 * bytes (its caseless ones folded), not only as n-grams: 'nuclear' and 'deterrence' apart
 * have the n-grams of 'nuclear deterren'. True when @f is NULL or @g is not exact. Costs a
 * search of the subject per literal whose n-grams occur. */
bool bg_rules_filter_occurs(const bg_rules_filter *f, const bg_rules_grams *g);

/* An inverted index of the @n filters @f (NULL entries: rules without a condition): each
 * literal of a filter's strongest clause under its first n-gram (or byte); @f must outlive
 * it. Allocated in @a; returns BG_ENOMEM only when the arena fails. */
bg_status bg_rules_filter_index_build(const bg_rules_filter *const *f, size_t n, bg_arena *a,
                                      bg_rules_filter_index **out);

/* Set g->candidates to the rules that may pass: those without a condition and those with
 * a literal of their first clause in @g (a superset of the rules bg_rules_filter_pass lets
 * through). */
void bg_rules_filter_candidates(const bg_rules_filter_index *ix, bg_rules_grams *g);

/* bg_rules_filter_pass for rule @r of the index @ix (its filter @f), using g->candidates
 * when they are filled in: the first clause of an indexed rule is not checked again. */
bool bg_rules_filter_may_match(const bg_rules_filter_index *ix, const bg_rules_filter *f, size_t r,
                               const bg_rules_grams *g);

#endif
