/* Hyphenation: word → allowed break points with Debian's hyphen-en-us dictionary, through
 * libhyphen or our own index of its patterns (the same break points). The dictionary is
 * loaded once per run. */
#ifndef BG_HYPH_H
#define BG_HYPH_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "str.h"

typedef struct bg_hyph bg_hyph; /* opaque */

/* Open the dictionary at @dict_path (freed with @a). A missing dictionary is reported as a
 * warning and yields a hyphenator that never breaks (layout still works). */
bg_status bg_hyph_open(const char *dict_path, bg_arena *a, bg_diag *d, bg_hyph **out);

/* The same, but the break points come from our own index of the dictionary's patterns
 * (Liang's rule, applied by hyph.c) instead of libhyphen's loader: for the seed build 4.5 M
 * instructions to index en_US's 11 k patterns against libhyphen's 37 M to load them. The
 * break points are libhyphen's for every word. A dictionary the index does not take as it
 * is (see hyph.c) is loaded by libhyphen, as bg_hyph_open does. */
bg_status bg_hyph_open_indexed(const char *dict_path, bg_arena *a, bg_diag *d, bg_hyph **out);

/* Fill @breaks[i] = 1 when @word may break after byte i (a hyphen is inserted there).
 * @breaks has @word.len entries. Words with non-letters or shorter than 5 letters get no
 * breaks. Returns the number of break points. */
size_t bg_hyph_points(const bg_hyph *h, bg_str word, uint8_t *breaks);

#endif
