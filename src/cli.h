/* Command line: argv → bg_opts. Subcommands build / extract / check, their options, and
 * usage errors (BG_EUSAGE). Borrows argv; allocates nothing but in the arena. */
#ifndef BG_CLI_H
#define BG_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "template.h"

typedef enum { BG_CMD_NONE, BG_CMD_BUILD, BG_CMD_EXTRACT, BG_CMD_CHECK } bg_cmd;

typedef struct {
    bg_cmd cmd;
    bool is_help;              /* --help: print usage, exit 0 */
    bool is_version;           /* --version */
    const char *content_dir;   /* --content, default "content" */
    const char *out_dir;       /* -o, default "out" */
    const char *templates_dir; /* default "templates" */
    const char *rules_dir;     /* default "templates/rules" */
    const char *fonts_dir;     /* default "fonts" */
    const char *icc_profile;   /* --icc-profile: the sRGB profile of `pdfa: true` templates */
    const char *depfile;       /* --depfile FILE, or "-" for -M (stdout); NULL = none */
    bool is_check;             /* build --check: write nothing, exit 1 when stale */
    bool is_json;              /* extract --json */
    bool is_explain;           /* extract: rules per point; build: points dropped by max_pages */
    bg_vars set;               /* --set KEY=VALUE overrides */
    const char *const *names;  /* TEMPLATE... or SOURCE... (borrowed from argv) */
    size_t n_names;
} bg_opts;

/* Parse @argv. Usage errors are reported on @d ("briefgen: error: unknown option '--x'")
 * and give BG_EUSAGE. --set values are slices of argv; arrays are allocated in @a. */
bg_status bg_cli_parse(int argc, char **argv, bg_arena *a, bg_diag *d, bg_opts *out);

/* The --help text. */
const char *bg_cli_usage(void);

#endif
