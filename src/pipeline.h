/* The pipeline: bg_opts → written outputs. Runs the stages in order (load, segment,
 * extract once; then template, compose, layout, render, write per briefing), owns the run
 * arena, and decides what is stale for --check and -M. */
#ifndef BG_PIPELINE_H
#define BG_PIPELINE_H

#include "cli.h"
#include "diag.h"

/* Run the command in @o. Every error is reported on @d; the status is the worst seen. */
bg_status bg_pipeline_run(const bg_opts *o, bg_diag *d);

/* Fault injection for tests (tests/unit/test_oom.c): as bg_pipeline_run, but the run arena
 * fails its @fail_after-th allocation (0 = never). Every N must end in a clean error. */
bg_status bg_pipeline_run_failing(const bg_opts *o, bg_diag *d, unsigned long fail_after);

#endif
