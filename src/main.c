/* briefgen's entry point: argv → bg_opts → pipeline → exit code. The only file that
 * calls exit(). */
#include <stdio.h>
#include <stdlib.h>

#include "arena.h"
#include "cli.h"
#include "diag.h"
#include "fsio.h"
#include "pipeline.h"

#ifndef BG_VERSION
#define BG_VERSION "0.1.0"
#endif

int main(int argc, char **argv)
{
    bg_diag d;
    bg_diag_init(&d, stderr, "briefgen");
    if (!bg_fsio_catch_signals()) {
        bg_diag_warn(&d, NULL,
                     "cannot install signal handlers: an interrupted build may "
                     "leave a temp file in the output directory");
    }
    bg_arena cli_arena;
    bg_arena_init(&cli_arena, (size_t)1 << 20);
    bg_opts opts = {0};
    bg_status st = bg_cli_parse(argc, argv, &cli_arena, &d, &opts);
    if (st == BG_OK && opts.is_help) {
        fputs(bg_cli_usage(), stdout);
    } else if (st == BG_OK && opts.is_version) {
        printf("briefgen %s\n", BG_VERSION);
    } else if (st == BG_OK) {
        st = bg_pipeline_run(&opts, &d);
    } else if (st == BG_EUSAGE) {
        fputs("Try 'briefgen --help' for more information.\n", stderr);
    }
    bg_arena_free(&cli_arena);
    if (fflush(stdout) != 0 && st == BG_OK) {
        bg_diag_error(&d, NULL, "cannot write to standard output");
        st = BG_EIO;
    }
    exit(bg_diag_exit_code(st));
}
