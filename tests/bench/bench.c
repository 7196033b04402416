/* `make bench`: per-stage timings of briefgen on a content directory, measured in one
 * process through the stages' own entry points (the same calls pipeline.c makes):
 * load, segment, rules, extract, hyphen, template, compose, font, layout, render, write. Prints
 * per-stage milliseconds (median of R repetitions), extraction MB/s, briefings per second,
 * PDF sizes and peak RSS. Usage: bench CONTENT_DIR REPS [TEMPLATE...]; without templates
 * only the corpus stages run. Batch mode, bench --batch N CONTENT_DIR TEMPLATE...: the corpus
 * once, then N briefings (templates in turn) in one process, each in its own arena as a
 * long-running server would, fonts shared through one bg_font_cache; prints briefings/s. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "compose.h"
#include "extract.h"
#include "font.h"
#include "fsio.h"
#include "hyph.h"
#include "layout.h"
#include "limit.h"
#include "pdf.h"
#include "rules.h"
#include "segment.h"
#include "source.h"
#include "template.h"

enum { ST_LOAD, ST_SEGMENT, ST_RULES, ST_EXTRACT, ST_HYPHEN, ST_TEMPLATE, ST_COMPOSE, ST_FONT,
       ST_LAYOUT, ST_RENDER, ST_WRITE, ST_N };
static const char *const stage_names[ST_N] = {"load",    "segment",  "rules",   "extract",
                                              "hyphen",  "template", "compose", "font",
                                              "layout",  "render",   "write"};

/* The hyphenator as pipeline.c opens it for a build (bg_hyph_open_indexed). */
static bg_hyph *open_hyph(bg_arena *a, bg_diag *d)
{
    bg_hyph *hyph = NULL;
    if (bg_hyph_open_indexed("/usr/share/hyphen/hyph_en_US.dic", a, d, &hyph) != BG_OK) {
        exit(1);
    }
    return hyph;
}

#define MAX_REPS 200

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x;
    double b = *(const double *)y;
    return a < b ? -1 : (a > b);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(double), cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#define CHECK(expr)                                                                          \
    do {                                                                                     \
        if ((expr) != BG_OK) {                                                               \
            fprintf(stderr, "bench: %s failed\n", #expr);                                    \
            exit(1);                                                                         \
        }                                                                                    \
    } while (0)

/* Batch: corpus once, then @n briefings from @templates in turn, to memory (the atomic
 * write's fsync measures the disk, not briefgen; see the per-stage "write" figure). */
static int batch(int n, const char *content, char **templates, int n_templates)
{
    bg_diag d;
    bg_diag_init(&d, stderr, "bench");
    bg_arena a;
    bg_arena_init(&a, BG_MAX_RUN_BYTES);
    double t0 = now_ms();
    bg_source_set src;
    CHECK(bg_source_run(content, NULL, 0, &a, &d, &src));
    bg_sentence_list sl;
    CHECK(bg_segment_run(&src, &a, &d, &sl));
    bg_path_list rp;
    CHECK(bg_fsio_list("templates/rules", ".yaml", &a, &d, &rp));
    bg_ruleset *rs;
    CHECK(bg_rules_load(rp.items, rp.n, &a, &d, &rs));
    bg_point_list pts;
    CHECK(bg_extract_run(&sl, rs, &a, &d, &pts));
    bg_hyph *hyph = open_hyph(&a, &d);
    bg_font_cache *fonts = bg_font_cache_new(&a);
    if (!fonts) {
        return 1;
    }
    bg_str names[2] = {BG_STR_LIT("date"), BG_STR_LIT("date_iso")};
    bg_str values[2] = {BG_STR_LIT("14 November 2023"), BG_STR_LIT("2023-11-14")};
    bg_vars builtins = {names, values, 2};
    bg_vars none = {NULL, NULL, 0};
    double t1 = now_ms();
    size_t n_pages = 0;
    size_t n_bytes = 0;
    /* Each briefing in one arena, reset after it, as briefgen build does: its pages stay
     * mapped for the next briefing. */
    bg_arena b;
    bg_arena_init(&b, BG_MAX_RUN_BYTES);
    for (int i = 0; i < n; i++) {
        char path[256];
        snprintf(path, sizeof(path), "templates/%s.yaml", templates[i % n_templates]);
        bg_template *tp;
        CHECK(bg_template_load(path, "templates", "fonts", &none, &builtins, &b, &d, &tp));
        bg_doc doc;
        CHECK(bg_compose_run(tp, &pts, 1700000000, &b, &d, &doc));
        bg_fontset *fs;
        CHECK(bg_font_open_shared(&tp->page, fonts, &b, &d, &fs));
        bg_pages pages;
        CHECK(bg_layout_run(&doc, fs, hyph, &b, &d, &pages));
        bg_buf pdf;
        bg_buf_init(&pdf, BG_MAX_OUTPUT_BYTES);
        CHECK(bg_pdf_run(&pages, fs, NULL, "bench.pdf", &b, &d, &pdf));
        n_pages += pages.n_pages;
        n_bytes += pdf.len;
        bg_buf_free(&pdf);
        bg_arena_reset(&b);
    }
    bg_arena_free(&b);
    double t2 = now_ms();
    bg_arena_free(&a);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("  corpus + set-up %9.1f ms (once)\n", t1 - t0);
    printf("  %d briefings, %zu pages (%.2f per briefing), %.0f bytes per PDF\n", n, n_pages,
           (double)n_pages / n, (double)n_bytes / n);
    printf("  batch      %9.1f ms, %.1f briefings per second (one core), %.2f ms each\n", t2 - t1,
           n / ((t2 - t1) / 1e3), (t2 - t1) / n);
    printf("  peak RSS   %9.1f MB\n", (double)ru.ru_maxrss / 1024.0);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 5 && strcmp(argv[1], "--batch") == 0) {
        int n = atoi(argv[2]);
        return batch(n < 1 ? 1 : n, argv[3], argv + 4, argc - 4);
    }
    if (argc < 3) {
        fprintf(stderr, "usage: bench CONTENT_DIR REPS [TEMPLATE...]\n");
        return 2;
    }
    const char *content = argv[1];
    int reps = atoi(argv[2]);
    reps = reps < 1 ? 1 : reps > MAX_REPS ? MAX_REPS : reps;
    int n_templates = argc - 3;
    static double t[ST_N][MAX_REPS];
    size_t text_bytes = 0;
    size_t pdf_bytes_total = 0;
    int pages_total = 0;
    size_t n_points = 0;
    double whole[MAX_REPS];
    bg_diag d;
    bg_diag_init(&d, stderr, "bench");
    for (int r = 0; r < reps; r++) {
        double start = now_ms();
        bg_arena a;
        bg_arena_init(&a, BG_MAX_RUN_BYTES);
        double t0 = now_ms();
        bg_source_set src;
        CHECK(bg_source_run(content, NULL, 0, &a, &d, &src));
        double t1 = now_ms();
        bg_sentence_list sl;
        CHECK(bg_segment_run(&src, &a, &d, &sl));
        double t2 = now_ms();
        bg_path_list rp;
        CHECK(bg_fsio_list("templates/rules", ".yaml", &a, &d, &rp));
        bg_ruleset *rs;
        CHECK(bg_rules_load(rp.items, rp.n, &a, &d, &rs));
        double t3 = now_ms();
        bg_point_list pts;
        CHECK(bg_extract_run(&sl, rs, &a, &d, &pts));
        double t4 = now_ms();
        bg_hyph *hyph = open_hyph(&a, &d);
        double t5 = now_ms();
        bg_font_cache *fonts = bg_font_cache_new(&a);
        if (!fonts) {
            exit(1);
        }
        t[ST_LOAD][r] = t1 - t0;
        t[ST_SEGMENT][r] = t2 - t1;
        t[ST_RULES][r] = t3 - t2;
        t[ST_EXTRACT][r] = t4 - t3;
        t[ST_HYPHEN][r] = t5 - t4;
        for (int k = ST_TEMPLATE; k < ST_N; k++) {
            t[k][r] = 0;
        }
        if (r == 0) {
            for (size_t i = 0; i < src.n; i++) {
                text_bytes += src.items[i].text.len;
            }
            n_points = pts.n;
        }
        bg_str names[2] = {BG_STR_LIT("date"), BG_STR_LIT("date_iso")};
        bg_str values[2] = {BG_STR_LIT("14 November 2023"), BG_STR_LIT("2023-11-14")};
        bg_vars builtins = {names, values, 2};
        bg_vars none = {NULL, NULL, 0};
        for (int i = 0; i < n_templates; i++) {
            char path[256];
            snprintf(path, sizeof(path), "templates/%s.yaml", argv[3 + i]);
            double s0 = now_ms();
            bg_template *tp;
            CHECK(bg_template_load(path, "templates", "fonts", &none, &builtins, &a, &d, &tp));
            double s1 = now_ms();
            bg_doc doc;
            CHECK(bg_compose_run(tp, &pts, 1700000000, &a, &d, &doc));
            double s2 = now_ms();
            bg_fontset *fs;
            CHECK(bg_font_open_shared(&tp->page, fonts, &a, &d, &fs));
            double s3 = now_ms();
            bg_pages pages;
            CHECK(bg_layout_run(&doc, fs, hyph, &a, &d, &pages));
            double s4 = now_ms();
            bg_buf pdf;
            bg_buf_init(&pdf, BG_MAX_OUTPUT_BYTES);
            CHECK(bg_pdf_run(&pages, fs, NULL, "bench.pdf", &a, &d, &pdf));
            double s5 = now_ms();
            char out[300];
            snprintf(out, sizeof(out), "/tmp/briefgen-bench-%s.pdf", argv[3 + i]);
            CHECK(bg_fsio_write_atomic(out, pdf.data, pdf.len, &d));
            double s6 = now_ms();
            t[ST_TEMPLATE][r] += s1 - s0;
            t[ST_COMPOSE][r] += s2 - s1;
            t[ST_FONT][r] += s3 - s2;
            t[ST_LAYOUT][r] += s4 - s3;
            t[ST_RENDER][r] += s5 - s4;
            t[ST_WRITE][r] += s6 - s5;
            if (r == 0) {
                pdf_bytes_total += pdf.len;
                pages_total += (int)pages.n_pages;
                printf("  %-10s %2zu pages %7zu bytes\n", argv[3 + i], pages.n_pages, pdf.len);
            }
            bg_buf_free(&pdf);
        }
        bg_arena_free(&a);
        whole[r] = now_ms() - start;
    }
    printf("  %zu bytes of text, %zu points, %d briefings, %d pages, %d repetitions\n", text_bytes,
           n_points, n_templates, pages_total, reps);
    printf("  stage       median ms\n");
    double extract_ms = 0;
    double per_doc_ms = 0;
    for (int k = 0; k < ST_N; k++) {
        double m = median(t[k], reps);
        printf("  %-10s %9.3f\n", stage_names[k], m);
        extract_ms += (k == ST_SEGMENT || k == ST_EXTRACT) ? m : 0;
        per_doc_ms += k >= ST_TEMPLATE ? m : 0;
    }
    double w = median(whole, reps);
    printf("  whole run  %9.3f ms (in process)\n", w);
    printf("  extraction %9.1f MB/s (segment + extract)\n",
           extract_ms > 0 ? (double)text_bytes / 1e6 / (extract_ms / 1e3) : 0.0);
    printf("  briefings  %9.1f per second per core (template..write, after the corpus)\n",
           per_doc_ms > 0 ? n_templates / (per_doc_ms / 1e3) : 0.0);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("  peak RSS   %9.1f MB\n", (double)ru.ru_maxrss / 1024.0);
    (void)pdf_bytes_total;
    return 0;
}
