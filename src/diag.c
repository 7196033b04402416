/* Compiler-style diagnostics: "path:line:col: error: message" on one line, optional
 * colour, counters. The edit distance behind "did you mean" lives here too. */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void bg_diag_init(bg_diag *d, FILE *out, const char *prog)
{
    memset(d, 0, sizeof(*d));
    d->out = out;
    d->prog = prog ? prog : "briefgen";
    const char *no_color = getenv("NO_COLOR");
    d->use_color = isatty(fileno(out)) && !(no_color && no_color[0]);
}

static void print_loc(bg_diag *d, const bg_loc *loc)
{
    if (!loc || !loc->path) {
        fprintf(d->out, "%s: ", d->prog);
    } else if (loc->line == 0) {
        fprintf(d->out, "%s: ", loc->path);
    } else if (loc->col == 0) {
        fprintf(d->out, "%s:%u: ", loc->path, (unsigned)loc->line);
    } else {
        fprintf(d->out, "%s:%u:%u: ", loc->path, (unsigned)loc->line, (unsigned)loc->col);
    }
}

/* One line per message: embedded newlines become spaces (curl Curl_failf). */
static void vreport(bg_diag *d, const bg_loc *loc, const char *label, const char *color,
                    const char *fmt, va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    for (char *p = msg; *p; p++) {
        if (*p == '\n' || *p == '\r') {
            *p = ' ';
        }
    }
    if (d->use_color) {
        fputs("\033[1m", d->out);
    }
    print_loc(d, loc);
    if (d->use_color) {
        fprintf(d->out, "%s%s:\033[0m %s\n", color, label, msg);
    } else {
        fprintf(d->out, "%s: %s\n", label, msg);
    }
}

void bg_diag_error(bg_diag *d, const bg_loc *loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(d, loc, "error", "\033[31m", fmt, ap);
    va_end(ap);
    d->n_errors++;
}

void bg_diag_warn(bg_diag *d, const bg_loc *loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(d, loc, "warning", "\033[35m", fmt, ap);
    va_end(ap);
    d->n_warnings++;
}

void bg_diag_note(bg_diag *d, const bg_loc *loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(d, loc, "note", "\033[36m", fmt, ap);
    va_end(ap);
}

unsigned bg_diag_distance(const char *a, size_t a_len, const char *b, size_t b_len, unsigned cap)
{
    /* Two-row Levenshtein; names compared here are short keys, so a fixed row suffices. */
    enum { MAXLEN = 64 };
    if (a_len > MAXLEN || b_len > MAXLEN) {
        return cap + 1;
    }
    size_t diff = a_len > b_len ? a_len - b_len : b_len - a_len;
    if (diff > cap) {
        return cap + 1;
    }
    unsigned prev[MAXLEN + 1];
    unsigned cur[MAXLEN + 1];
    for (size_t j = 0; j <= b_len; j++) {
        prev[j] = (unsigned)j;
    }
    for (size_t i = 1; i <= a_len; i++) {
        cur[0] = (unsigned)i;
        for (size_t j = 1; j <= b_len; j++) {
            unsigned sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            unsigned del = prev[j] + 1;
            unsigned ins = cur[j - 1] + 1;
            unsigned best = sub < del ? sub : del;
            cur[j] = best < ins ? best : ins;
        }
        memcpy(prev, cur, sizeof(unsigned) * (b_len + 1));
    }
    return prev[b_len] > cap ? cap + 1 : prev[b_len];
}

int bg_diag_exit_code(bg_status st)
{
    switch (st) {
    case BG_OK:
        return 0;
    case BG_EINPUT:
        return 1;
    case BG_EUSAGE:
        return 2;
    case BG_EIO:
    case BG_ENOMEM:
        return 3;
    case BG_EINTERNAL:
    default:
        return 70;
    }
}
