/* Hyphenation: a thin wrapper over libhyphen and Debian's hyphen-en-us dictionary.
 * word → allowed break points. The dictionary is loaded once per run, either whole or
 * with only the patterns that can apply to the words of given texts. */
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

/* The same, but libhyphen loads only the patterns that can apply to the words of @texts
 * (@n_texts slices, borrowed for the call): for the seed build 1.5 k of en_US's 11 k
 * patterns, a seventh of the load cost. Break points are the same as with the whole
 * dictionary for every word: a word that is not in @texts (nor a part of one that is
 * covered) is hyphenated with a dictionary of just its own patterns, built once per distinct
 * word (the break points are cached, 256 words by hash). Past 256 KB of text
 * the whole dictionary is loaded instead (selecting would cost more). */
bg_status bg_hyph_open_for(const char *dict_path, const bg_str *texts, size_t n_texts, bg_arena *a,
                           bg_diag *d, bg_hyph **out);

/* Fill @breaks[i] = 1 when @word may break after byte i (a hyphen is inserted there).
 * @breaks has @word.len entries. Words with non-letters or shorter than 5 letters get no
 * breaks. Returns the number of break points. */
size_t bg_hyph_points(const bg_hyph *h, bg_str word, uint8_t *breaks);

#endif
