/* Facts: a pattern capture → a normalised bg_fact. Dates become ISO 8601 keeping their
 * precision ("2024", "2023-07", "2024-07-16", intervals "2010/2013"); amounts and counts
 * become numbers with units. Pure functions; no I/O, no patterns. */
#ifndef BG_FACT_H
#define BG_FACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "str.h"

typedef enum {
    BG_FACT_DATE,
    BG_FACT_AMOUNT, /* money: value + currency */
    BG_FACT_COUNT,  /* people, items: value + unit */
    BG_FACT_ORG,    /* organisation, programme or named agreement */
    BG_FACT_OTHER
} bg_fact_kind;

typedef struct {
    bg_fact_kind kind;
    bg_str text;       /* the matched words, a slice of the sentence */
    const char *norm;  /* normalised form, NUL-terminated in the arena: "2023-07",
                          "2010/2013", "USD 319000000", "470 personnel" */
    int64_t sort_key;  /* dates: YYYYMMDD of the start (month/day 0 when unknown);
                          amounts/counts: the value; else 0 */
    uint8_t precision; /* dates: 1 year, 2 month, 3 day, 4 interval, 5 season; else 0 */
} bg_fact;

/* A named-group capture handed over by extract.c: group name → text. */
typedef struct {
    const char *name;
    bg_str text;
} bg_capture;

/* Normalise the captures of one fact rule of kind @kind_name ("date", "amount", "count",
 * "org") matched as @whole. Returns false when the captures do not make a valid fact
 * (e.g. month 13), which is not an error: the rule simply did not yield a fact. */
bool bg_fact_make(const char *kind_name, bg_str whole, const bg_capture *caps, size_t n_caps,
                  bg_arena *a, bg_fact *out);

/* "date", "amount", ... for @kind. */
const char *bg_fact_kind_name(bg_fact_kind kind);

#endif
