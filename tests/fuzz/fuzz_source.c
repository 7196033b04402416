/* libFuzzer harness: the source loader and the segmenter. The input becomes content/a.txt
 * (and, by option, a sidecar content/a.yaml and a second source) in the scratch directory,
 * then bg_source_run + bg_segment_run run with production limits; each sentence must be a
 * slice of its source (or a table's row with its headers' spans inside it) at a valid line.
 * Option byte 0: bit 0 sidecar (byte 1 = where the text ends and the sidecar begins, in
 * 1/256ths), bit 1 load by name instead of listing, bit 2 a second source b.txt with the
 * same text (exercises the cross-source boilerplate filter). */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "limit.h"
#include "segment.h"
#include "source.h"

int bg_fuzz_source(const uint8_t *data, size_t size)
{
    bg_fuzz_in in = {data, size};
    uint8_t opt = bg_fuzz_byte(&in);
    size_t text_len = in.n;
    size_t meta_len = 0;
    if (opt & 1) {
        uint8_t cut = bg_fuzz_byte(&in);
        text_len = in.n * cut / 256;
        meta_len = in.n - text_len;
    }
    char dir[256];
    char a_txt[256];
    char a_yaml[256];
    char b_txt[256];
    bg_fuzz_path(dir, sizeof(dir), "content");
    bg_fuzz_path(a_txt, sizeof(a_txt), "content/a.txt");
    bg_fuzz_path(a_yaml, sizeof(a_yaml), "content/a.yaml");
    bg_fuzz_path(b_txt, sizeof(b_txt), "content/b.txt");
    (void)mkdir(dir, 0700);
    bg_fuzz_write(a_txt, in.p, text_len);
    if (meta_len > 0) {
        bg_fuzz_write(a_yaml, in.p + text_len, meta_len);
    } else {
        (void)unlink(a_yaml);
    }
    if (opt & 4) {
        bg_fuzz_write(b_txt, in.p, text_len);
    } else {
        (void)unlink(b_txt);
    }

    bg_arena a;
    bg_arena_init(&a, BG_MAX_RUN_BYTES);
    bg_diag *d = bg_fuzz_diag();
    const char *names[] = {"a", "b"};
    size_t n_names = (opt & 2) ? ((opt & 4) ? 2 : 1) : 0;
    bg_source_set set;
    bg_status st = bg_source_run(dir, n_names ? names : NULL, n_names, &a, d, &set);
    if (st == BG_OK) {
        /* The loader's contract: valid UTF-8 text, LF line ends, a line index. */
        for (size_t i = 0; i < set.n; i++) {
            const bg_source *s = &set.items[i];
            if (memchr(s->text.ptr, '\r', s->text.len) || memchr(s->text.ptr, 0, s->text.len) ||
                s->n_lines == 0 || s->line_start[0] != 0) {
                __builtin_trap();
            }
            for (size_t k = 1; k < s->n_lines; k++) {
                if (s->line_start[k] > s->text.len || s->text.ptr[s->line_start[k] - 1] != '\n') {
                    __builtin_trap();
                }
            }
        }
        bg_sentence_list out;
        st = bg_segment_run(&set, &a, d, &out);
        if (st == BG_OK) {
            for (size_t i = 0; i < out.n; i++) {
                const bg_sentence *s = &out.items[i];
                if (s->source >= set.n) {
                    __builtin_trap();
                }
                const bg_source *src = &set.items[s->source];
                /* A slice of its source, or a table's row rendered in the arena with its
                 * headers' spans inside its text. */
                bool is_slice = s->text.ptr >= src->text.ptr &&
                                s->text.ptr + s->text.len <= src->text.ptr + src->text.len;
                bool is_row = s->labels != NULL;
                for (uint32_t k = 0; is_row && k < s->n_labels; k++) {
                    is_row =
                        s->labels[k].start < s->labels[k].end && s->labels[k].end <= s->text.len;
                }
                if (!(is_slice || is_row) || s->loc.line == 0 || s->loc.line > src->n_lines ||
                    s->loc.col == 0) {
                    __builtin_trap();
                }
            }
        }
    }
    bg_arena_free(&a);
    return 0;
}

BG_FUZZ_ENTRY(bg_fuzz_source)
