/* compose internals: the composer state and the functions shared by compose.c (inline
 * text, citations, blocks, entry point), compose_select.c (pass 1), compose_timeline.c,
 * compose_ref.c, and compose_text.c's text helpers (date labels, clause cutting, blank-line
 * tests; pure functions over slices, new text allocated in the arena given). Only
 * compose*.c (and the compose unit test) include this header. */
#ifndef BG_COMPOSE_INT_H
#define BG_COMPOSE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "compose.h"
#include "diag.h"
#include "fact.h"
#include "str.h"

/* A cited source: its reference number and the lines cited in it. */
typedef struct {
    uint32_t number; /* 1-based; 0 = not cited */
    uint32_t *lines; /* distinct cited lines */
    size_t n_lines, cap_lines;
} cite_src;

/* One timeline or table entry, chosen in pass 1. */
typedef struct {
    const bg_point *p;
    const bg_fact *f;
    bool is_full; /* the point's first showing: its whole text, and no later repeat */
} fact_pick;

/* What pass 1 chose for one section: its points, or its timeline or table entries. */
typedef struct {
    const bg_point **points;
    size_t n_points;
    fact_pick *facts;
    size_t n_facts;
} section_pick;

/* The state of one bg_compose_run. */
typedef struct {
    const bg_template *t;
    const bg_point_list *pts;
    bg_arena *a;
    bg_diag *d;
    cite_src *srcs; /* one per source */
    size_t n_srcs;
    uint32_t n_refs;
    bg_ref *refs;               /* [n_refs], in number order, built after selection */
    uint32_t *shown_sec;        /* per point: 1 + the section that showed it whole; 0 = not yet
                                   shown (a point prints whole once) */
    const bg_fact **shown_date; /* per point: the date it is listed under in a timeline */
    bool *cat_used;             /* per category: shown somewhere (document keywords) */
    bg_doc_block *blocks;
    size_t n_blocks, cap_blocks;
} composer;

/* --- Shared by the compose*.c files (compose.c unless said) --- */

/* Append a text run of @text in @style to @in, from sentence @origin (may be NULL). */
bool bg_compose_inline_text(composer *c, bg_inline *in, bg_str text, uint8_t style,
                            const bg_sentence *origin);
/* Cite sentence @s: number its source on first use, record its line; its reference
 * number, 0 when out of memory. */
uint32_t bg_compose_cite(composer *c, const bg_sentence *s);
/* Register the citations of @p: its own sentence, then every other source saying the same;
 * false when out of memory. */
bool bg_compose_cite_point(composer *c, const bg_point *p);
/* Append the CITE runs of @p to @in: one per distinct source. */
bool bg_compose_add_cites(composer *c, bg_inline *in, const bg_point *p);
/* A new zeroed block of @kind at the end of the document; NULL when out of memory. */
bg_doc_block *bg_compose_add_block(composer *c, bg_doc_kind kind, uint8_t style, uint32_t section,
                                   double score);

/* compose_select.c: whether the @i-th of a section's @pick prints its antecedent first. */
bool bg_compose_needs_antecedent(const bg_point *const *pick, size_t i);
/* compose_select.c: whether the @i-th of a section's @pick is a list item printed nested
 * under the lead of a sibling before it (the same bg_point.intro). */
bool bg_compose_is_nested(const bg_point *const *pick, size_t i);
/* compose_select.c: whether the @i-th of the @n of @pick is the first of two or more items
 * of one list, which print as a lead (their introduction) and nested items. */
bool bg_compose_opens_group(const bg_point *const *pick, size_t n, size_t i);
/* compose_select.c: the points a points section @sec shows, into *out, the items of one
 * list side by side; an unknown category is reported (BG_EINPUT). */
bg_status bg_compose_select_points(composer *c, const bg_section *sec, section_pick *out);
/* compose_select.c: the facts a timeline or table section @sec shows, into *out; an
 * unknown category is reported (BG_EINPUT). */
bg_status bg_compose_select_facts(composer *c, const bg_section *sec, section_pick *out);

/* compose_timeline.c: the blocks of timeline section @si (@sec) from its @pick. */
bg_status bg_compose_emit_timeline(composer *c, const bg_section *sec, uint32_t si,
                                   const section_pick *pick);
/* compose_timeline.c: the table block of table section @si (@sec) from its @pick. */
bg_status bg_compose_emit_table(composer *c, const bg_section *sec, uint32_t si,
                                const section_pick *pick);

/* compose_ref.c: the reference list (c->refs), in number order, once selection has numbered
 * the sources. */
bg_status bg_compose_make_refs(composer *c);
/* compose_ref.c: the blocks of sources section @si, one per reference. */
bg_status bg_compose_emit_sources(composer *c, uint32_t si);

/* --- Text helpers (compose_text.c) --- */

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

/* @text with its first letter upper case when it opens on a lower-case ASCII letter: a
 * copy in @a; @text itself otherwise. NULL ptr: out of memory. */
bg_str bg_compose_capitalised(bg_arena *a, bg_str text);

/* Is @s empty or only blanks? */
bool bg_compose_is_blank(bg_str s);

#endif
