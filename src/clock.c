/* The clock helper: "now" from SOURCE_DATE_EPOCH (reproducible builds), else a
 * fallback such as the newest input's mtime, else time(). Dates are always UTC. */
#include "clock.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <time.h>

bg_status bg_clock_now(int64_t fallback, bg_diag *d, int64_t *out)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && sde[0]) {
        char *end = NULL;
        errno = 0;
        long long v = strtoll(sde, &end, 10);
        if (errno || *end != '\0' || v < 0 || v > 253402300799LL) {
            bg_diag_error(d, NULL, "SOURCE_DATE_EPOCH must be a number of seconds, found '%s'",
                          sde);
            return BG_EUSAGE;
        }
        *out = (int64_t)v;
        return BG_OK;
    }
    *out = fallback > 0 ? fallback : (int64_t)time(NULL);
    return BG_OK;
}

void bg_clock_fields(int64_t epoch, int *year, int *month, int *day, int *hour, int *min, int *sec)
{
    time_t t = (time_t)epoch;
    struct tm tm;
    gmtime_r(&t, &tm);
    *year = tm.tm_year + 1900;
    *month = tm.tm_mon + 1;
    *day = tm.tm_mday;
    *hour = tm.tm_hour;
    *min = tm.tm_min;
    *sec = tm.tm_sec;
}

void bg_clock_iso_date(int64_t epoch, char out[11])
{
    int y, m, d, hh, mm, ss;
    bg_clock_fields(epoch, &y, &m, &d, &hh, &mm, &ss);
    unsigned uy = (unsigned)y % 10000u;
    unsigned um = (unsigned)m % 100u;
    unsigned ud = (unsigned)d % 100u;
    snprintf(out, 11, "%04u-%02u-%02u", uy, um, ud);
}

void bg_clock_long_date(int64_t epoch, char *out, unsigned out_size)
{
    static const char *const months[12] = {"January",   "February", "March",    "April",
                                           "May",       "June",     "July",     "August",
                                           "September", "October",  "November", "December"};
    int y, m, d, hh, mm, ss;
    bg_clock_fields(epoch, &y, &m, &d, &hh, &mm, &ss);
    snprintf(out, out_size, "%d %s %d", d, months[m - 1], y);
}
