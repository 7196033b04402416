/* Diagnostics: the status enum, source positions, and compiler-style messages
 * ("path:line:col: error: text") on stderr. Owns nothing but counters; never exits. */
#ifndef BG_DIAG_H
#define BG_DIAG_H

#include <stdint.h>
#include <stdio.h>

typedef enum {
    BG_OK = 0,
    BG_EINPUT,   /* bad input the user can fix: exit 1 (also: stale output) */
    BG_EUSAGE,   /* command line: exit 2 */
    BG_EIO,      /* cannot read or write, environment: exit 3 */
    BG_ENOMEM,   /* allocation failed or run cap hit: exit 3 */
    BG_EINTERNAL /* a bug: exit 70 */
} bg_status;

typedef struct {
    const char *path; /* NUL-terminated; NULL when there is no file */
    uint32_t line;    /* 1-based; 0 = no line */
    uint32_t col;     /* 1-based, in characters; 0 = no column */
} bg_loc;

typedef struct {
    FILE *out;           /* where messages go (stderr); borrowed */
    const char *prog;    /* program name for file-less messages */
    int use_color;       /* ANSI colours: stderr is a tty and NO_COLOR unset */
    unsigned n_errors;   /* errors reported so far */
    unsigned n_warnings; /* warnings reported so far */
} bg_diag;

/* Initialise @d to print on @out. Colour is on only if @out is a terminal and the
 * NO_COLOR environment variable is unset. */
void bg_diag_init(bg_diag *d, FILE *out, const char *prog);

/* Print one message. @loc may be NULL (program-level message); a loc without a path
 * prints the program name; without a line prints "path: "; without a column "path:line: ".
 * The message is one line: embedded newlines are replaced by spaces. */
void bg_diag_error(bg_diag *d, const bg_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void bg_diag_warn(bg_diag *d, const bg_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void bg_diag_note(bg_diag *d, const bg_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Edit distance (Levenshtein, bytes) between two strings, capped at @cap + 1. Used
 * for "did you mean" suggestions (distance <= 2). */
unsigned bg_diag_distance(const char *a, size_t a_len, const char *b, size_t b_len, unsigned cap);

/* Map a status to the process exit code documented in README (0/1/2/3/3/70). */
int bg_diag_exit_code(bg_status st);

#endif
