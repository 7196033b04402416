/* libFuzzer harness: the template loader. The input is templates/t.yaml in the scratch
 * directory, next to a copy of the repo's _base.yaml (so `extends: _base.yaml` and the
 * merge run) and a second partial _p.yaml that extends t.yaml (a cycle when t extends it);
 * fonts resolve under the repo's fonts/. Option byte 0: bit 0 adds --set overrides
 * (title, organisation, a self-reference), bit 1 loads _p.yaml instead of t.yaml. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_common.h"
#include "limit.h"
#include "template.h"

static int is_ready;
static char templates_dir[256];

static void set_up(void)
{
    char path[512];
    bg_fuzz_path(templates_dir, sizeof(templates_dir), "templates");
    (void)mkdir(templates_dir, 0700);
    snprintf(path, sizeof(path), "%s/_base.yaml", templates_dir);
    bg_fuzz_copy(BG_FUZZ_ROOT "/templates/_base.yaml", path);
    snprintf(path, sizeof(path), "%s/_p.yaml", templates_dir);
    static const char partial[] = "extends: t.yaml\ntitle: \"{{ title }} (copy)\"\n";
    bg_fuzz_write(path, partial, sizeof(partial) - 1);
    is_ready = 1;
}

int bg_fuzz_template(const uint8_t *data, size_t size)
{
    if (!is_ready) {
        set_up();
    }
    bg_fuzz_in in = {data, size};
    uint8_t opt = bg_fuzz_byte(&in);
    char path[512];
    snprintf(path, sizeof(path), "%s/t.yaml", templates_dir);
    bg_fuzz_write(path, in.p, in.n);
    if (opt & 2) {
        snprintf(path, sizeof(path), "%s/_p.yaml", templates_dir);
    }

    bg_str set_names[3] = {BG_STR_LIT("title"), BG_STR_LIT("organisation"), BG_STR_LIT("x")};
    bg_str set_values[3] = {BG_STR_LIT("Über {{ organisation }}"), BG_STR_LIT("한국 {{ x }}"),
                            BG_STR_LIT("{{ x }}{{ x }}")};
    bg_vars overrides = {set_names, set_values, (opt & 1) ? 3 : 0};
    bg_str b_names[2] = {BG_STR_LIT("date"), BG_STR_LIT("date_iso")};
    bg_str b_values[2] = {BG_STR_LIT("16 July 2024"), BG_STR_LIT("2024-07-16")};
    bg_vars builtins = {b_names, b_values, 2};

    bg_arena a;
    bg_arena_init(&a, BG_MAX_RUN_BYTES);
    bg_template *t = NULL;
    bg_status st = bg_template_load(path, templates_dir, BG_FUZZ_ROOT "/fonts", &overrides,
                                    &builtins, &a, bg_fuzz_diag(), &t);
    if (st == BG_OK) {
        /* What layout relies on: faces and styles in range. (A text area too small for
         * the margins is layout's error, "page too small for its margins".) */
        const bg_page_spec *p = &t->page;
        if (p->n_faces == 0) {
            __builtin_trap();
        }
        for (size_t i = 0; i < BG_STYLE_COUNT; i++) {
            if (t->styles[i].face >= p->n_faces || !(t->styles[i].size_pt > 0)) {
                __builtin_trap();
            }
        }
        for (size_t i = 0; i < p->n_fallback; i++) {
            if (p->fallback[i] >= p->n_faces) {
                __builtin_trap();
            }
        }
    }
    bg_arena_free(&a);
    return 0;
}

BG_FUZZ_ENTRY(bg_fuzz_template)
