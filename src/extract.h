/* Stage 3, extract: (bg_sentence_list, bg_ruleset) → bg_point_list. Drops boilerplate,
 * scores each sentence by its category and bonus rules, captures facts, deduplicates
 * near-identical sentences across sources (keeping every citation), and records the
 * rules that fired for --explain. Does no I/O. */
#ifndef BG_EXTRACT_H
#define BG_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "fact.h"
#include "rules.h"
#include "segment.h"
#include "str.h"

typedef struct {
    const bg_sentence *s; /* the sentence printed: borrowed from the sentence list, or
                             its compressed copy (elide/trim rules; same source, loc,
                             kind, para), allocated in the arena */
    uint16_t category;    /* index into bg_point_list.categories */
    double score;         /* higher is more important: the fired weights plus the
                             terms below */
    double term_length;   /* scoring terms (rules YAML "scoring:"), for --explain: */
    double term_lead;     /*   length, first sentence of its block, */
    double term_breadth;  /*   other categories' share, */
    double term_list;     /*   its list's theme (an item with no category rule of its own) */
    bg_fact *facts;       /* allocated in the arena */
    size_t n_facts;
    uint32_t *fired;      /* indices into bg_point_list.rules */
    double *fired_weight; /* the weight each fired rule contributed */
    size_t n_fired;
    const bg_sentence **also; /* other sentences (other sources) that say the same */
    size_t n_also;
    /* Refer rules: the printed sentence of the point just before this one in its block,
     * which this one refers back to ("… Locked Shields." before "It works together …") and
     * which scores as high or higher, so the two stay apart; NULL: none. */
    const bg_sentence *antecedent;
    /* Its short variant (shorten rules): the printed sentence cut before a trailing clause
     * that holds no fact and less than shorten_keep_evidence of its own, which a brief
     * prints when its word budget binds; allocated in the arena; NULL: none. */
    const bg_sentence *brief;
    /* List items (extract.c list_intro): the introduction of its list, the sentence ending
     * in a colon above it in the input, which s->text (and brief's) carries in front of the
     * item's own words; NULL: not a list item, or a cut (elide, trim) runs across where the
     * item starts. Compose prints siblings (the same intro) under one lead line. */
    const bg_sentence *intro;
    size_t lead_bytes; /* with intro: the bytes of s->text before the item's own text (a
                          referent printed in front, the introduction without an open one's
                          colon, a space); the item's own text is the rest of s->text */
} bg_point;

typedef struct {
    bg_point *items; /* in source order (source, then position) */
    size_t n;
    const bg_str *categories; /* category names, borrowed from the ruleset */
    size_t n_categories;
    const bg_rule_info *rules; /* rule descriptions for --explain, indexed by fired[] */
    size_t n_rules;
    const bg_sentence_list *sentences; /* borrowed: the input */
} bg_point_list;

/* Extract the key points. A pcre2 limit hit is an error naming rule and source line
 * (BG_EINPUT), as is more than BG_MAX_POINTS points. Facts of a point always lie inside
 * p->s->text (compose finds a fact's clause by address). Dedup compares at most 2e7 pairs.
 * Allocated in @a; *out is written only on BG_OK. */
bg_status bg_extract_run(const bg_sentence_list *in, bg_ruleset *rs, bg_arena *a, bg_diag *d,
                         bg_point_list *out);

/* The words of @s: runs of bytes other than space, tab and newline (the length terms of
 * the score). Cannot fail. */
size_t bg_extract_count_words(bg_str s);

#endif
