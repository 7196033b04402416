/* compose's private text helpers (compose_text.c): date labels, clause cutting for
 * timeline and table rows, blank-line tests. Pure functions over slices; results that need
 * new text are allocated in the arena given. Only compose*.c include this header. */
#ifndef BG_COMPOSE_INT_H
#define BG_COMPOSE_INT_H

#include <stdbool.h>

#include "arena.h"
#include "fact.h"
#include "str.h"

/* "2023-07" → "Jul 2023", "2024-07-16" → "16 Jul 2024", "2010/2013" → "2010–2013",
 * "2024-22" → "Summer 2024"; anything else → the fact's own words. Allocated in @a. */
bg_str bg_compose_date_label(bg_arena *a, const bg_fact *f);

/* The clause of @sentence around @fact, grown to at least 6 words, at most 4 words either
 * side of the fact (an ellipsis marks a cut). A slice of @sentence, or allocated in @a. */
bg_str bg_compose_clause(bg_arena *a, bg_str sentence, bg_str fact);

/* What a timeline entry says: @sentence without a short leading date clause, cut at a clause
 * boundary after 8 words (at most 24), with an ellipsis when cut. Allocated in @a. */
bg_str bg_compose_lead(bg_arena *a, bg_str sentence, bg_str date);

/* A whole timeline entry: @sentence without an opening clause that is only its date
 * @date ("In July 2024,"); spans ("From 2012,") stay. Allocated in @a, or a slice. */
bg_str bg_compose_undated(bg_arena *a, bg_str sentence, bg_str date);

/* Is @s empty or only blanks? */
bool bg_compose_is_blank(bg_str s);

#endif
