/* Make dependencies: the inputs of one briefing → a make rule ("out/x.pdf: a b c"),
 * with the escaping GNU make needs. Writes into a caller-owned bg_buf; no file I/O. */
#ifndef BG_DEPFILE_H
#define BG_DEPFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* Append "TARGET: DEP DEP ...\n" to @out, then an empty rule "DEP:" per dependency (like
 * gcc -MP) so a deleted input does not break make. Spaces, '#', '$' are escaped.
 * Returns false when @out is full. */
bool bg_depfile_rule(bg_buf *out, const char *target, const char *const *deps, size_t n_deps);

#endif
