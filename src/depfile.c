/* Make dependency rules for -M / --depfile, escaped as GNU make reads them. */
#include "depfile.h"

#include <string.h>

static void put_escaped(bg_buf *out, const char *path)
{
    for (const char *p = path; *p; p++) {
        if (*p == ' ' || *p == '#' || *p == '\\') {
            bg_buf_append(out, "\\", 1);
        } else if (*p == '$') {
            bg_buf_append(out, "$", 1);
        }
        bg_buf_append(out, p, 1);
    }
}

bool bg_depfile_rule(bg_buf *out, const char *target, const char *const *deps, size_t n_deps)
{
    put_escaped(out, target);
    bg_buf_puts(out, ":");
    for (size_t i = 0; i < n_deps; i++) {
        bg_buf_puts(out, " \\\n  ");
        put_escaped(out, deps[i]);
    }
    bg_buf_puts(out, "\n");
    for (size_t i = 0; i < n_deps; i++) {
        bg_buf_puts(out, "\n");
        put_escaped(out, deps[i]);
        bg_buf_puts(out, ":\n");
    }
    return !out->failed;
}
