/* Fault injection (STYLE.md §6, curl's torture tests, SQLite's OOM tests): the seed
 * briefings are built through bg_pipeline_run_failing(opts, diag, N), where the run arena
 * fails its Nth allocation and every one after it. K, the allocation count of a successful
 * build, is found by doubling N and then bisecting. Every N in 1..64, a geometric sweep up
 * to K and the last 8 before K must give a non-OK status without crashing; N = K and
 * N = K + 1 must succeed. After every run the output directory holds no temp file and each
 * PDF there is byte-identical to the one a normal build writes (nothing half-written).
 * The sweep stops after BG_OOM_SECONDS (default 60; 20 under valgrind, which also skips
 * the bisection and only doubles); N = 1..32 always run. */
#include "test_support.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "pipeline.h"

#define N_PDFS 8

typedef struct {
    char out_dir[64];
    bg_opts opts;
    FILE *sink;
    bg_diag d;
    char *ref_name[N_PDFS];
    char *ref_data[N_PDFS];
    size_t ref_len[N_PDFS];
    size_t n_ref;
    unsigned long n_runs;
    unsigned long n_status[BG_EINTERNAL + 1];
    struct timespec start;
    double budget_s;
    int is_valgrind;
} oom;

static double elapsed(const oom *o)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - o->start.tv_sec) + (double)(now.tv_nsec - o->start.tv_nsec) / 1e9;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        return NULL;
    }
    char *buf = NULL;
    size_t cap = 0;
    *len = 0;
    for (;;) {
        if (*len == cap) {
            cap = cap ? cap * 2 : 1 << 16;
            char *grown = realloc(buf, cap);
            assert_non_null(grown);
            buf = grown;
        }
        size_t got = fread(buf + *len, 1, cap - *len, f);
        if (got == 0) {
            break;
        }
        *len += got;
    }
    fclose(f);
    return buf;
}

/* After any run: no temp file, and every PDF is the reference one (or absent). */
static void check_out_dir(oom *o, unsigned long n)
{
    DIR *dir = opendir(o->out_dir);
    assert_non_null(dir);
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (strncmp(e->d_name, ".briefgen-tmp.", 14) == 0) {
            fail_msg("N=%lu left a temp file %s/%s", n, o->out_dir, e->d_name);
        }
    }
    closedir(dir);
    for (size_t i = 0; i < o->n_ref; i++) {
        char path[512];
        snprintf(path, sizeof(path), "%s/%s", o->out_dir, o->ref_name[i]);
        size_t len = 0;
        char *data = slurp(path, &len);
        if (data && (len != o->ref_len[i] || memcmp(data, o->ref_data[i], len) != 0)) {
            fail_msg("N=%lu: %s differs from a normal build (%zu bytes, expected %zu)", n, path,
                     len, o->ref_len[i]);
        }
        free(data);
    }
}

static bg_status run_at(oom *o, unsigned long n)
{
    bg_diag_init(&o->d, o->sink, "briefgen");
    bg_status st = bg_pipeline_run_failing(&o->opts, &o->d, n);
    o->n_runs++;
    if ((unsigned)st <= BG_EINTERNAL) {
        o->n_status[st]++;
    }
    if (st == BG_EINTERNAL) {
        fail_msg("N=%lu: internal error (exit 70) instead of a clean failure", n);
    }
    check_out_dir(o, n);
    return st;
}

/* The first N that succeeds, by doubling then bisecting; *last_fail is the largest N seen
 * to fail (K - 1 after bisection; under valgrind only the doubling runs). */
static unsigned long find_k(oom *o, unsigned long *last_fail)
{
    unsigned long lo = 0; /* fails (0 stands for "nothing tried") */
    unsigned long hi = 1;
    while (run_at(o, hi) != BG_OK) {
        lo = hi;
        assert_true(hi < (1ul << 40));
        hi *= 2;
    }
    while (!o->is_valgrind && hi - lo > 1) {
        unsigned long mid = lo + (hi - lo) / 2;
        if (run_at(o, mid) == BG_OK) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    *last_fail = lo;
    return hi;
}

static void expect_failure(oom *o, unsigned long n, unsigned long k)
{
    bg_status st = run_at(o, n);
    if (st == BG_OK) {
        fail_msg("N=%lu of K=%lu: the run reported OK although allocation %lu failed", n, k, n);
    }
}

static void test_every_allocation_failure_is_clean(void **state)
{
    (void)state;
    oom *o = calloc(1, sizeof(oom));
    assert_non_null(o);
    const char *pre = getenv("LD_PRELOAD");
    o->is_valgrind = pre && strstr(pre, "vgpreload") != NULL;
    const char *sec = getenv("BG_OOM_SECONDS");
    o->budget_s = sec ? strtod(sec, NULL) : (o->is_valgrind ? 20.0 : 60.0);
    clock_gettime(CLOCK_MONOTONIC, &o->start);
    assert_true(tmpdir_make(o->out_dir, sizeof(o->out_dir), "oom"));
    o->sink = fopen("/dev/null", "w");
    assert_non_null(o->sink);
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    o->opts.cmd = BG_CMD_BUILD;
    o->opts.content_dir = "content";
    o->opts.out_dir = o->out_dir;
    o->opts.templates_dir = "templates";
    o->opts.rules_dir = "templates/rules";
    o->opts.fonts_dir = "fonts";

    /* The reference build. */
    bg_diag_init(&o->d, o->sink, "briefgen");
    assert_int_equal(bg_pipeline_run_failing(&o->opts, &o->d, 0), BG_OK);
    DIR *dir = opendir(o->out_dir);
    assert_non_null(dir);
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".pdf") == 0 && o->n_ref < N_PDFS) {
            char path[512];
            snprintf(path, sizeof(path), "%s/%s", o->out_dir, e->d_name);
            o->ref_name[o->n_ref] = strdup(e->d_name);
            o->ref_data[o->n_ref] = slurp(path, &o->ref_len[o->n_ref]);
            assert_non_null(o->ref_data[o->n_ref]);
            o->n_ref++;
        }
    }
    closedir(dir);
    assert_true(o->n_ref >= 1);

    unsigned long top = 0;
    unsigned long k = find_k(o, &top);
    unsigned long n_checked = 0;
    for (unsigned long n = 1; n <= top && n <= 64 && (n <= 32 || elapsed(o) < o->budget_s); n++) {
        expect_failure(o, n, k);
        n_checked++;
    }
    for (unsigned long n = top; n + 8 > top && n > 64 && elapsed(o) < o->budget_s; n--) {
        expect_failure(o, n, k);
        n_checked++;
    }
    /* Geometric between the dense ends: about 60 points whatever K is. */
    double step = top > 128 ? pow((double)top / 64.0, 1.0 / 60.0) : 2.0;
    for (double x = 64.0 * step; x + 8 < (double)top && elapsed(o) < o->budget_s; x *= step) {
        expect_failure(o, (unsigned long)x, k);
        n_checked++;
    }
    assert_int_equal(run_at(o, k), BG_OK);
    assert_int_equal(run_at(o, k + 1), BG_OK);
    printf("oom: a build makes %s%lu allocations; %lu failing N checked, %lu runs in %.1f s "
           "(statuses: input %lu, io %lu, nomem %lu)\n",
           top + 1 == k ? "" : "at most ", k - 1, n_checked, o->n_runs, elapsed(o),
           o->n_status[BG_EINPUT], o->n_status[BG_EIO], o->n_status[BG_ENOMEM]);

    for (size_t i = 0; i < o->n_ref; i++) {
        free(o->ref_name[i]);
        free(o->ref_data[i]);
    }
    assert_true(tmpdir_remove(o->out_dir));
    fclose(o->sink);
    free(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_allocation_failure_is_clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
