/* Unit tests for font.c: sfnt parsing and widths against values read independently from
 * the repo's fonts, Hangul fallback, and corrupt variants made at test time by patching
 * bytes of a real font copy (truncated, unitsPerEm 0, numberOfHMetrics > numGlyphs, a
 * table past EOF). */
#include "test_support.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "font.h"
#include "fsio.h"
#include "limit.h"

#define SERIF "fonts/DejaVuSerif.ttf"
#define HANGUL "fonts/NanumGothic.ttf"

typedef struct {
    test_env e; /* arena, diag and its messages */
    bg_face faces[3];
    uint16_t fallback[2];
    bg_page_spec spec;
} fixture;

static int setup(void **state)
{
    static fixture f;
    memset(&f, 0, sizeof(f));
    if (!env_init(&f.e, BG_MAX_RUN_BYTES)) {
        return -1;
    }
    f.faces[0] = (bg_face){"serif", SERIF};
    f.faces[1] = (bg_face){"hangul", HANGUL};
    f.faces[2] = (bg_face){"bad", "/tmp/bg-test-font.ttf"};
    f.fallback[0] = 0;
    f.fallback[1] = 1;
    f.spec.faces = f.faces;
    f.spec.n_faces = 3;
    f.spec.fallback = f.fallback;
    f.spec.n_fallback = 2;
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    env_free(&f->e);
    unlink("/tmp/bg-test-font.ttf");
    return 0;
}

static void test_widths(void **state)
{
    fixture *f = *state;
    bg_fontset *fs = NULL;
    assert_int_equal(bg_font_open(&f->spec, &f->e.a, &f->e.d, &fs), BG_OK);
    assert_int_equal(bg_font_use(fs, 0, &f->e.d), BG_OK);
    /* DejaVu Serif: unitsPerEm 2048, 'a' advance 1221, space 651, ascender 1901. */
    assert_true(fabs(bg_font_width(fs, 0, BG_STR_LIT("a"), 2048.0) - 1221.0) < 1e-9);
    assert_true(fabs(bg_font_width(fs, 0, BG_STR_LIT("a a"), 10.0) -
                     (1221.0 * 2 + 651.0) * 10.0 / 2048.0) < 1e-9);
    assert_true(fabs(bg_font_ascent(fs, 0, 2048.0) - 1901.0) < 1e-9);
    assert_true(fabs(bg_font_descent(fs, 0, 2048.0) + 483.0) < 1e-9);
    assert_int_equal(bg_font_count(fs), 3);
    assert_string_equal(bg_font_path(fs, 0), SERIF);
    assert_false(bg_font_is_loaded(fs, 0)); /* loaded but no text set yet */
    bg_font_mark_used(fs, 0);
    assert_true(bg_font_is_loaded(fs, 0));
    assert_int_equal(bg_font_data(fs, 0).len, 380660);
}

static void test_fallback(void **state)
{
    fixture *f = *state;
    bg_fontset *fs = NULL;
    assert_int_equal(bg_font_open(&f->spec, &f->e.a, &f->e.d, &fs), BG_OK);
    assert_int_equal(bg_font_face_for(fs, 0, 'a', &f->e.d), 0);
    assert_int_equal(bg_font_face_for(fs, 0, ' ', &f->e.d), 0);
    assert_false(bg_font_is_loaded(fs, 1));
    /* U+AC00 HANGUL SYLLABLE GA: not in DejaVu, in Nanum (advance 940 of 1000). */
    assert_int_equal(bg_font_face_for(fs, 0, 0xAC00, &f->e.d), 1);
    assert_true(fabs(bg_font_width(fs, 1, BG_STR_LIT("\xea\xb0\x80"), 1000.0) - 940.0) < 1e-9);
    assert_int_equal(bg_font_face_for(fs, 0, 0x1F600, &f->e.d), -1); /* non-BMP: none */
    assert_int_equal(bg_font_face_for(fs, 0, 0xE000, &f->e.d), -1);  /* private use */
    assert_int_equal(bg_font_failed(fs), BG_OK);
    assert_string_equal(env_msgs(&f->e), "");
}

/* Write a patched copy of DejaVu Serif to the "bad" face's path. */
static void write_variant(fixture *f, size_t truncate_to, size_t patch_off, const uint8_t *patch,
                          size_t patch_len)
{
    bg_str data;
    assert_int_equal(bg_fsio_read(SERIF, BG_MAX_FONT_BYTES, &f->e.a, &f->e.d, &data, NULL), BG_OK);
    char *copy = bg_arena_strndup(&f->e.a, data.ptr, data.len);
    assert_non_null(copy);
    if (patch_len > 0) {
        memcpy(copy + patch_off, patch, patch_len);
    }
    FILE *out = fopen("/tmp/bg-test-font.ttf", "wb");
    assert_non_null(out);
    size_t n = truncate_to ? truncate_to : data.len;
    assert_int_equal(fwrite(copy, 1, n, out), n);
    fclose(out);
}

static void expect_corrupt(fixture *f, const char *what)
{
    bg_fontset *fs = NULL;
    env_clear(&f->e);
    assert_int_equal(bg_font_open(&f->spec, &f->e.a, &f->e.d, &fs), BG_OK);
    assert_int_equal(bg_font_use(fs, 2, &f->e.d), BG_EINPUT);
    assert_int_equal(bg_font_failed(fs), BG_EINPUT);
    assert_int_equal(bg_font_use(fs, 2, &f->e.d), BG_EINPUT); /* reported once */
    char expect[256];
    snprintf(expect, sizeof(expect), "/tmp/bg-test-font.ttf: error: corrupt font: %s\n", what);
    assert_string_equal(env_msgs(&f->e), expect);
}

static void test_corrupt_truncated(void **state)
{
    fixture *f = *state;
    write_variant(f, 8, 0, NULL, 0);
    expect_corrupt(f, "truncated table directory");
    write_variant(f, 200000, 0, NULL, 0); /* tables past the cut */
    expect_corrupt(f, "a table extends past the end of the file");
}

static void test_corrupt_upem(void **state)
{
    fixture *f = *state;
    static const uint8_t zero[2] = {0, 0};
    write_variant(f, 0, 300364 + 18, zero, 2); /* head.unitsPerEm */
    expect_corrupt(f, "unitsPerEm not in 16..16384");
}

static void test_corrupt_hmetrics(void **state)
{
    fixture *f = *state;
    static const uint8_t big[2] = {0x10, 0x00}; /* 4096 > numGlyphs 3528 */
    write_variant(f, 0, 300420 + 34, big, 2);
    expect_corrupt(f, "numberOfHMetrics exceeds numGlyphs");
}

static void test_corrupt_table_past_eof(void **state)
{
    fixture *f = *state;
    /* The first table record's offset (bytes 12+8): point it past the end of the file. */
    static const uint8_t far[4] = {0x7F, 0x00, 0x00, 0x00};
    write_variant(f, 0, 12 + 8, far, 4);
    expect_corrupt(f, "a table extends past the end of the file");
}

static void test_missing_file(void **state)
{
    fixture *f = *state;
    f->faces[2].path = "fonts/no-such.ttf";
    bg_fontset *fs = NULL;
    env_clear(&f->e);
    assert_int_equal(bg_font_open(&f->spec, &f->e.a, &f->e.d, &fs), BG_OK);
    assert_int_equal(bg_font_use(fs, 2, &f->e.d), BG_EINPUT);
    assert_string_equal(env_msgs(&f->e), "fonts/no-such.ttf: error: cannot open: No such file or "
                                         "directory\n");
    f->faces[2].path = "/tmp/bg-test-font.ttf";
}

/* The run-wide memo (bg_font_memo_*): a value comes back under an equal key only, for keys
 * of every length around the 8-byte steps of its hash, and two keys that differ in one byte
 * are two entries. */
static void test_memo(void **state)
{
    fixture *f = *state;
    bg_font_cache *cache = bg_font_cache_new(&f->e.a);
    assert_non_null(cache);
    bg_fontset *fs = NULL;
    assert_int_equal(bg_font_open_shared(&f->spec, cache, &f->e.a, &f->e.d, &fs), BG_OK);
    static char key[40];
    for (size_t i = 0; i < sizeof(key); i++) {
        key[i] = (char)('a' + i % 26);
    }
    assert_null(bg_font_memo_get(fs, (bg_str){key, 17}).ptr);
    for (size_t len = 1; len <= 20; len++) {
        char value[8];
        int n = snprintf(value, sizeof(value), "v%zu", len);
        assert_true(bg_font_memo_put(fs, (bg_str){key, len}, (bg_str){value, (size_t)n}));
    }
    for (size_t len = 1; len <= 20; len++) {
        char value[8];
        int n = snprintf(value, sizeof(value), "v%zu", len);
        bg_str got = bg_font_memo_get(fs, (bg_str){key, len});
        assert_int_equal(got.len, (size_t)n);
        assert_memory_equal(got.ptr, value, (size_t)n);
    }
    char other[40];
    memcpy(other, key, sizeof(other));
    other[9] = 'X';
    assert_null(bg_font_memo_get(fs, (bg_str){other, 17}).ptr);
    assert_true(bg_font_memo_put(fs, (bg_str){other, 17}, (bg_str){"other", 5}));
    assert_memory_equal(bg_font_memo_get(fs, (bg_str){other, 17}).ptr, "other", 5);
    assert_memory_equal(bg_font_memo_get(fs, (bg_str){key, 17}).ptr, "v17", 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_widths, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fallback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_corrupt_truncated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_corrupt_upem, setup, teardown),
        cmocka_unit_test_setup_teardown(test_corrupt_hmetrics, setup, teardown),
        cmocka_unit_test_setup_teardown(test_corrupt_table_past_eof, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_memo, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
