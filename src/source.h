/* Stage 1, load: content/NAME.txt (+ optional NAME.yaml sidecar) → bg_source_set.
 * Bounded reads, UTF-8 validation, CRLF/lone-CR/BOM normalisation, a line index, and
 * citation metadata. Does not interpret the text beyond lines. */
#ifndef BG_SOURCE_H
#define BG_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "str.h"

/* Citation metadata of one source; fields absent from the sidecar have len 0. */
typedef struct {
    bg_str title; /* from the sidecar, else inferred (first heading-like line) */
    bg_str publisher;
    bg_str author;
    bg_str date; /* as written in the sidecar, e.g. "2024-07-16" */
    bg_str url;
} bg_meta;

typedef struct {
    bg_str name;           /* file stem, e.g. "nato-relations-republic-of-korea" */
    const char *path;      /* "content/NAME.txt", NUL-terminated, for bg_loc */
    const char *meta_path; /* sidecar path if one was read, else NULL */
    bg_str text;           /* normalised text: LF line ends, no BOM, valid UTF-8 */
    uint32_t *line_start;  /* byte offset in text of each line's start; [0] = 0 */
    size_t n_lines;
    int64_t mtime; /* newest mtime of the .txt and sidecar, seconds */
    bg_meta meta;
} bg_source;

typedef struct {
    bg_source *items;
    size_t n;
} bg_source_set;

/* Load the sources: every "*.txt" in @content_dir in name order, or, when @n_names > 0,
 * only those named (a name is a stem or a path). Invalid UTF-8 ("path:line:col: error:
 * invalid UTF-8 (byte 0xE9); …", the first of each line), NUL bytes, a file with no
 * text, more than BG_MAX_SOURCE_BYTES, or a non-regular file are errors (BG_EINPUT); a
 * missing file is BG_EIO. A sidecar with unknown keys is an error at its line:col.
 * Everything is allocated in @a; *out is written only on BG_OK. */
bg_status bg_source_run(const char *content_dir, const char *const *names, size_t n_names,
                        bg_arena *a, bg_diag *d, bg_source_set *out);

/* The 1-based line and column (in characters) of byte offset @off in @s's text. */
bg_loc bg_source_loc(const bg_source *s, size_t off);

#endif
