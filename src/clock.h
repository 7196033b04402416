/* The one clock of briefgen: honours SOURCE_DATE_EPOCH so that builds are reproducible.
 * The only module allowed to call time(). */
#ifndef BG_CLOCK_H
#define BG_CLOCK_H

#include <stdint.h>

#include "diag.h"

/* Seconds since the epoch for "now": SOURCE_DATE_EPOCH when set (must be a decimal
 * integer, else BG_EUSAGE reported on @d), otherwise @fallback when > 0 (e.g. the
 * newest input's mtime), otherwise time(NULL). */
bg_status bg_clock_now(int64_t fallback, bg_diag *d, int64_t *out);

/* Format @epoch as UTC "YYYY-MM-DD" into @out (11 bytes). */
void bg_clock_iso_date(int64_t epoch, char out[11]);
/* Format @epoch as UTC "16 July 2024" into @out (at least 32 bytes). */
void bg_clock_long_date(int64_t epoch, char *out, unsigned out_size);
/* Split @epoch (UTC) into calendar fields. */
void bg_clock_fields(int64_t epoch, int *year, int *month, int *day, int *hour, int *min, int *sec);

#endif
