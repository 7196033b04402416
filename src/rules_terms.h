/* Rules' terms (part of the rules module): the named pieces of pattern of a rules file's
 * `terms:` section, and {{NAME}} in a pattern replaced by its term. Text only: rules.c
 * compiles what this module expands, and a term only inside the patterns that use it. Does
 * not call pcre2. */
#ifndef BG_RULES_TERMS_H
#define BG_RULES_TERMS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "str.h"
#include "yload.h"

/* One term: NAME and its BODY, its own {{terms}} expanded, wrapped in (?:…) so that it
 * reads as one piece wherever it is used. */
typedef struct {
    bg_str name;
    bg_str body;
    bg_loc loc;  /* where the body is written */
    bool is_bad; /* found not to compile on its own, and reported (set by rules.c) */
} bg_rules_term;

/* The terms of every file read so far, in order; zeroed before the first file. */
typedef struct {
    bg_rules_term *items;
    size_t n, cap;
} bg_rules_terms;

/* Add the `terms:` map @n ({NAME: piece of pattern}); a term may use the terms above it,
 * in its file and the files before. Errors (a bad or repeated name, an empty body, an
 * unknown {{NAME}}) are reported at their place, at most BG_MAX_ERRORS_PER_FILE in all. */
bg_status bg_rules_terms_load(bg_rules_terms *t, const bg_ynode *n, bg_arena *a, bg_diag *d);

/* @text with each {{NAME}} replaced by term NAME's body, into *out (in @a; @text itself when
 * it uses no term). An unknown or unclosed {{ is reported at @where with its offset in
 * characters; so is an expansion over BG_MAX_PATTERN_BYTES, as pcre2 takes no more. */
bg_status bg_rules_terms_expand(const bg_rules_terms *t, bg_str text, const bg_loc *where,
                                bg_arena *a, bg_diag *d, bg_str *out);

/* The term that the next {{NAME}} of @text from *cursor on names (advancing *cursor past
 * it), or NULL when there is none. For a text that bg_rules_terms_expand has taken. */
bg_rules_term *bg_rules_terms_next(bg_rules_terms *t, bg_str text, const char **cursor);

#endif
