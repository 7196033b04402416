/* Pattern analysis for the rules prefilter (part of the rules module): a small recursive
 * descent over PCRE2 syntax that turns a pattern into clauses of literals that must occur in
 * any subject it matches. Conservative: syntax it does not fully understand gives no
 * condition. Only rules_filter.c (which compiles the literals into n-gram checks) and
 * rules_analyse.c include this header. Does not call pcre2. */
#ifndef BG_RULES_ANALYSE_H
#define BG_RULES_ANALYSE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "str.h"

#define BG_RULES_MAX_RUN 256 /* bytes of one literal run kept: no literal is longer */

/* A literal while analysing: its bytes as written and, per byte, whether it matches
 * case-sensitively (outside (?i)). */
typedef struct {
    const char *p;
    const char *cs;
    size_t len;
} bg_alit;

/* A clause while analysing: literals of which one must occur. */
typedef struct {
    bg_alit *lits;
    size_t n;
} bg_aclause;

/* A conjunction of clauses; n == 0 means no condition. When is_exact, whatever the
 * branch or group matches is one of the n_exact strings of exact ("" included): it was
 * made of literals, zero-width assertions and exact groups only. When has_prefix, whatever
 * it matches starts with one of the n_prefix strings of prefix (none empty): the literal
 * text before its first atom that is not exact (`deterren` of `deterren\w+`). */
typedef struct {
    bg_aclause *cl;
    size_t n;
    bool is_exact;
    bg_alit *exact;
    size_t n_exact;
    bool has_prefix;
    bg_alit *prefix;
    size_t n_prefix;
} bg_areq;

/* Analyse @pattern (a pattern pcre2 has already compiled) into *out, a conjunction of
 * clauses allocated in @a; out->n == 0 when it yields no condition (syntax not understood,
 * or no literal must occur). Returns BG_ENOMEM only when the arena fails. */
bg_status bg_rules_analyse(bg_str pattern, bg_arena *a, bg_areq *out);

/* The index in @r (r->n > 0) of its most selective clause: the longest shortest literal,
 * then the fewest literals; the first of equals. Cannot fail. */
size_t bg_rules_analyse_best_clause(const bg_areq *r);

#endif
