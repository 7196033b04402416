/* libFuzzer harness: the rules loader and the rule engine. The input is a rules YAML file
 * (written to the scratch directory, since bg_rules_load reads paths); the rules are then
 * matched against a fixed set of sentences through bg_extract_run, under the production
 * pcre2 limits and run-wide budget. Option byte 0: bit 0 loads the repo's
 * templates/rules/security.yaml first (categories merge across files), bit 1 adds the
 * long catastrophic-shaped lines to the sentence set. */
#include <stdio.h>
#include <sys/stat.h>

#include "extract.h"
#include "fuzz_common.h"
#include "limit.h"
#include "rules.h"
#include "segment.h"
#include "source.h"

/* Sentences every ruleset is run against: dates, amounts, names, non-ASCII, a bullet, a
 * heading, sentences opening on an anaphor, and (option bit 1) lines shaped for
 * catastrophic backtracking. */
static const char plain_text[] =
    "NATO and the Republic of Korea\n"
    "\n"
    "In July 2023, NATO and the Republic of Korea agreed an Individually Tailored "
    "Partnership Programme. The Alliance committed EUR 1.5 billion on 16 July 2024 to "
    "cyber defence, with 470 personnel from the NATO Communications Agency. It opened a "
    "cyber range in 2025. Its staff grew to 90 experts.\n"
    "\n"
    "- Seoul joined the Cooperative Cyber Defence Centre of Excellence in 2022.\n"
    "- Café société: Ünïcödé — 한국 대표부, \xe2\x80\x9cquoted\xe2\x80\x9d text…\n"
    "\n"
    "Read more. Subscribe to our newsletter. Share this page. Mr. J. R. Smith, Ph.D., "
    "said so in spring 2019 (2010/2013) at the U.S. embassy!\n";
static const char slow_text[] =
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n"
    "\n"
    "((((((((((((((((((((((((((((((((((((((((xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"
    "\n"
    "The the the the the the the the the the the the the the the the the the the the "
    "the the the the the the the the the the the the the the the the the the the the.\n";

typedef struct {
    int is_ready;
    bg_arena a;
    bg_sentence_list lists[2]; /* [0] plain, [1] plain + slow */
} corpus;

static corpus fixed;

static void load_corpus(void)
{
    char dir[256];
    char path[512];
    bg_arena_init(&fixed.a, BG_MAX_RUN_BYTES);
    for (int k = 0; k < 2; k++) {
        bg_fuzz_path(dir, sizeof(dir), k ? "sent1" : "sent0");
        (void)mkdir(dir, 0700);
        snprintf(path, sizeof(path), "%s/plain.txt", dir);
        bg_fuzz_write(path, plain_text, sizeof(plain_text) - 1);
        if (k) {
            snprintf(path, sizeof(path), "%s/slow.txt", dir);
            bg_fuzz_write(path, slow_text, sizeof(slow_text) - 1);
        }
        bg_source_set *set = bg_arena_alloc(&fixed.a, sizeof(*set));
        if (!set || bg_source_run(dir, NULL, 0, &fixed.a, bg_fuzz_diag(), set) != BG_OK ||
            bg_segment_run(set, &fixed.a, bg_fuzz_diag(), &fixed.lists[k]) != BG_OK) {
            fprintf(stderr, "fuzz_rules: the fixed sentences do not load\n");
            __builtin_trap();
        }
    }
    fixed.is_ready = 1;
}

int bg_fuzz_rules(const uint8_t *data, size_t size)
{
    if (!fixed.is_ready) {
        load_corpus();
    }
    bg_fuzz_in in = {data, size};
    uint8_t opt = bg_fuzz_byte(&in);
    char path[512];
    bg_fuzz_path(path, sizeof(path), "fuzz.yaml");
    bg_fuzz_write(path, in.p, in.n);
    const char *paths[2] = {BG_FUZZ_ROOT "/templates/rules/security.yaml", path};
    const char *const *use = (opt & 1) ? paths : paths + 1;
    size_t n_use = (opt & 1) ? 2 : 1;

    bg_arena a;
    bg_arena_init(&a, BG_MAX_RUN_BYTES);
    bg_diag *d = bg_fuzz_diag();
    bg_ruleset *rs = NULL;
    bg_status st = bg_rules_load(use, n_use, &a, d, &rs);
    if (st == BG_OK) {
        bg_point_list pts;
        st = bg_extract_run(&fixed.lists[(opt & 2) ? 1 : 0], rs, &a, d, &pts);
        if (st == BG_OK) {
            for (size_t i = 0; i < pts.n; i++) {
                if (pts.items[i].category >= pts.n_categories && pts.n_categories > 0) {
                    __builtin_trap();
                }
                for (size_t k = 0; k < pts.items[i].n_fired; k++) {
                    if (pts.items[i].fired[k] >= pts.n_rules) {
                        __builtin_trap();
                    }
                }
                /* facts lie inside the printed text, also after trim, elide and refer */
                bg_str t = pts.items[i].s->text;
                for (size_t k = 0; k < pts.items[i].n_facts; k++) {
                    bg_str f = pts.items[i].facts[k].text;
                    if (f.ptr < t.ptr || f.ptr + f.len > t.ptr + t.len) {
                        __builtin_trap();
                    }
                }
            }
        }
    }
    bg_arena_free(&a);
    return 0;
}

BG_FUZZ_ENTRY(bg_fuzz_rules)
