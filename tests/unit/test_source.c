/* Unit tests for the source loader: BOM, CRLF and lone CR, the line index and character
 * columns, invalid UTF-8 (an error per line), NUL and empty files, sidecars
 * (fields, unknown keys), title inference, names as stems or paths, sorted order. */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limit.h"
#include "source.h"

typedef tmpdir_env fixture;

static int setup(void **state)
{
    return tmpdir_env_setup(state, "source", 1 << 26);
}

/* Write @text to @name in the fixture's directory. */
static void write_text(fixture *f, const char *name, const char *text)
{
    assert_true(tmpdir_write_text(f->dir, name, text));
}

/* Load the named sources (or all when @n is 0); messages end up in f->e.msgs, with the
 * fixture's directory replaced by "D". */
static bg_status run(fixture *f, const char *const *names, size_t n, bg_source_set *out)
{
    env_clear(&f->e);
    bg_status st = bg_source_run(f->dir, names, n, &f->e.a, &f->e.d, out);
    env_msgs_hide_dir(&f->e, f->dir);
    return st;
}

static void test_bom_crlf(void **state)
{
    fixture *f = *state;
    write_text(f, "a.txt", "\xEF\xBB\xBFTitle of the page\r\nline two\rline three\r\n\r\nend");
    const char *names[] = {"a"};
    bg_source_set set = {0};
    assert_int_equal(run(f, names, 1, &set), BG_OK);
    assert_int_equal(set.n, 1);
    const bg_source *s = &set.items[0];
    assert_string_equal(env_msgs(&f->e), "");
    assert_int_equal(s->text.len, strlen("Title of the page\nline two\nline three\n\nend"));
    assert_memory_equal(s->text.ptr, "Title of the page\nline two\nline three\n\nend", s->text.len);
    assert_int_equal(s->n_lines, 5);
    assert_int_equal(s->line_start[0], 0);
    assert_int_equal(s->line_start[1], 18);
    assert_int_equal(s->line_start[4], 39);
    assert_true(bg_str_eq_cstr(s->name, "a"));
    assert_true(bg_str_eq_cstr(s->meta.title, "Title of the page"));
    assert_null(s->meta_path);
}

static void test_loc_columns(void **state)
{
    fixture *f = *state;
    write_text(f, "b.txt", "ab\n\xC3\xA9t\xC3\xA9 x\n");
    const char *names[] = {"b"};
    bg_source_set set = {0};
    assert_int_equal(run(f, names, 1, &set), BG_OK);
    const bg_source *s = &set.items[0];
    assert_int_equal(s->n_lines, 2); /* a final newline starts no line */
    bg_loc loc = bg_source_loc(s, 0);
    assert_int_equal(loc.line, 1);
    assert_int_equal(loc.col, 1);
    loc = bg_source_loc(s, 3);
    assert_int_equal(loc.line, 2);
    assert_int_equal(loc.col, 1);
    /* "x" is at byte 3 + 6 = 9 of line 2, but at character 5 */
    loc = bg_source_loc(s, 9);
    assert_int_equal(loc.line, 2);
    assert_int_equal(loc.col, 5);
    assert_string_equal(loc.path, s->path);
}

/* Invalid UTF-8 is an error at the first bad byte of each line (overlong, surrogate, beyond
 * U+10FFFF, truncated, a stray continuation byte), and the source is not loaded; after
 * BG_MAX_ERRORS_PER_FILE lines a note counts the rest. */
static void test_invalid_utf8(void **state)
{
    fixture *f = *state;
    write_text(f, "c.txt",
               "ok line\nsome caf\xE9 and \xFF more\nand \xC3 again\n"
               "over \xC0\xAF long\nsurrogate \xED\xA0\x80\nbig \xF4\x90\x80\x80\n"
               "stray \x80\ncut \xE2\x82\n");
    const char *names[] = {"c"};
    bg_source_set set = {0};
    assert_int_equal(run(f, names, 1, &set), BG_EINPUT);
    assert_string_equal(env_msgs(&f->e),
                        "D/c.txt:2:9: error: invalid UTF-8 (byte 0xE9); save the file as UTF-8\n"
                        "D/c.txt:3:5: error: invalid UTF-8 (byte 0xC3); save the file as UTF-8\n"
                        "D/c.txt:4:6: error: invalid UTF-8 (byte 0xC0); save the file as UTF-8\n"
                        "D/c.txt:5:11: error: invalid UTF-8 (byte 0xED); save the file as UTF-8\n"
                        "D/c.txt:6:5: error: invalid UTF-8 (byte 0xF4); save the file as UTF-8\n"
                        "D/c.txt:7:7: error: invalid UTF-8 (byte 0x80); save the file as UTF-8\n"
                        "D/c.txt:8:5: error: invalid UTF-8 (byte 0xE2); save the file as UTF-8\n");
}

static void test_invalid_utf8_many_lines(void **state)
{
    fixture *f = *state;
    char text[64 * 4 + 1];
    for (size_t i = 0; i < 64; i++) {
        memcpy(text + 4 * i,
               "a\xE9"
               "b\n",
               4);
    }
    text[64 * 4] = '\0';
    write_text(f, "m.txt", text);
    const char *names[] = {"m"};
    bg_source_set set = {0};
    assert_int_equal(run(f, names, 1, &set), BG_EINPUT);
    const char *msgs = env_msgs(&f->e);
    size_t n_errors = 0;
    for (const char *p = strstr(msgs, "error:"); p; p = strstr(p + 1, "error:")) {
        n_errors++;
    }
    assert_int_equal(n_errors, BG_MAX_ERRORS_PER_FILE);
    assert_non_null(strstr(msgs, "D/m.txt: note: 44 more lines with invalid UTF-8\n"));
}

static void test_nul_and_empty(void **state)
{
    fixture *f = *state;
    assert_true(tmpdir_write(f->dir, "d.txt", "abc\ndé\0f\n", 10));
    write_text(f, "e.txt", " \n\t\n\n");
    write_text(f, "z.txt", "");
    const char *names[] = {"d", "e", "z"};
    bg_source_set set = {0};
    assert_int_equal(run(f, names, 3, &set), BG_EINPUT);
    assert_string_equal(env_msgs(&f->e), "D/d.txt:2:3: error: NUL byte in text (binary file?)\n"
                                         "D/e.txt: error: no text\n"
                                         "D/z.txt: error: no text\n");
}

static void test_missing(void **state)
{
    fixture *f = *state;
    const char *names[] = {"nosuch"};
    bg_source_set set = {0};
    assert_int_equal(run(f, names, 1, &set), BG_EIO);
    assert_string_equal(env_msgs(&f->e),
                        "D/nosuch.txt: error: cannot open: No such file or directory\n");
}

static void test_sidecar(void **state)
{
    fixture *f = *state;
    write_text(f, "s.txt", "Menu\nMenu\nSome Heading Here\nText.\n");
    write_text(f, "s.yaml",
               "title: The Real Title\npublisher: NATO\ndate: \"2024-07-16\"\n"
               "url: https://example.org/x\nauthor: A. Person\n");
    write_text(f, "t.txt", "Menu Item Text\nMenu Item Text\nA Real Title Line\nBody.\n");
    const char *names[] = {"t", "s"};
    bg_source_set set = {0};
    assert_int_equal(run(f, names, 2, &set), BG_OK);
    assert_int_equal(set.n, 2);
    /* sorted by name, whatever the order given */
    const bg_source *s = &set.items[0];
    assert_true(bg_str_eq_cstr(s->name, "s"));
    assert_non_null(s->meta_path);
    assert_true(bg_str_eq_cstr(s->meta.title, "The Real Title"));
    assert_true(bg_str_eq_cstr(s->meta.publisher, "NATO"));
    assert_true(bg_str_eq_cstr(s->meta.date, "2024-07-16"));
    assert_true(bg_str_eq_cstr(s->meta.url, "https://example.org/x"));
    assert_true(bg_str_eq_cstr(s->meta.author, "A. Person"));
    /* without a sidecar: the first title-like line that is not repeated */
    const bg_source *t = &set.items[1];
    assert_true(bg_str_eq_cstr(t->meta.title, "A Real Title Line"));
    assert_int_equal(t->meta.publisher.len, 0);
}

static void test_title_skips_web_chrome(void **state)
{
    fixture *f = *state;
    /* A menu line, an app banner and a photo credit are title-like and occur once, but
     * only the page's own title names what the text keeps talking about. */
    write_text(f, "w.txt",
               "Skip to main content\nInstall the app\nShare this page\n\n"
               "Relations with Freedonia\n\n"
               "Freedonia is one of NATO's partners. NATO and Freedonia signed a programme in "
               "2019, and Freedonia joined exercises in 2021.\n\n"
               "Photo: NATO\nNATO trained officers from Freedonia at the NATO School.\n");
    /* No line's words recur: the first unrepeated title-like line, as before. */
    write_text(f, "x.txt", "Menu Item Text\nMenu Item Text\nA Real Title Line\nBody.\n");
    const char *names[] = {"w", "x"};
    bg_source_set set = {0};
    assert_int_equal(run(f, names, 2, &set), BG_OK);
    assert_true(bg_str_eq_cstr(set.items[0].meta.title, "Relations with Freedonia"));
    assert_true(bg_str_eq_cstr(set.items[1].meta.title, "A Real Title Line"));
}

static void test_sidecar_errors(void **state)
{
    fixture *f = *state;
    write_text(f, "u.txt", "Some text here.\n");
    write_text(f, "u.yaml", "titel: X\nauthor: [a, b]\n");
    bg_source_set set = {0};
    assert_int_equal(run(f, NULL, 0, &set), BG_EINPUT);
    assert_string_equal(env_msgs(&f->e),
                        "D/u.yaml:1:1: error: unknown key 'titel' (did you mean 'title'?)\n"
                        "D/u.yaml:2:9: error: expected a string, found a list\n");
}

static void test_all_and_paths(void **state)
{
    fixture *f = *state;
    write_text(f, "b.txt", "Second Source Title\nx\n");
    write_text(f, "a.txt", "First Source Title\nx\n");
    write_text(f, "notes.md", "ignored\n");
    bg_source_set set = {0};
    assert_int_equal(run(f, NULL, 0, &set), BG_OK);
    assert_int_equal(set.n, 2);
    assert_true(bg_str_eq_cstr(set.items[0].name, "a"));
    assert_true(bg_str_eq_cstr(set.items[1].name, "b"));
    char path[128];
    snprintf(path, sizeof(path), "%s/b.txt", f->dir);
    const char *names[] = {path, "b"};
    assert_int_equal(run(f, names, 2, &set), BG_OK);
    assert_int_equal(set.n, 1); /* the same file named twice */
    assert_true(bg_str_eq_cstr(set.items[0].name, "b"));
}

static void test_empty_dir(void **state)
{
    fixture *f = *state;
    bg_source_set set = {0};
    assert_int_equal(run(f, NULL, 0, &set), BG_EINPUT);
    assert_string_equal(env_msgs(&f->e), "D: error: no sources (no *.txt files)\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_bom_crlf, setup, tmpdir_env_teardown),
        cmocka_unit_test_setup_teardown(test_loc_columns, setup, tmpdir_env_teardown),
        cmocka_unit_test_setup_teardown(test_invalid_utf8, setup, tmpdir_env_teardown),
        cmocka_unit_test_setup_teardown(test_invalid_utf8_many_lines, setup, tmpdir_env_teardown),
        cmocka_unit_test_setup_teardown(test_nul_and_empty, setup, tmpdir_env_teardown),
        cmocka_unit_test_setup_teardown(test_missing, setup, tmpdir_env_teardown),
        cmocka_unit_test_setup_teardown(test_sidecar, setup, tmpdir_env_teardown),
        cmocka_unit_test_setup_teardown(test_title_skips_web_chrome, setup, tmpdir_env_teardown),
        cmocka_unit_test_setup_teardown(test_sidecar_errors, setup, tmpdir_env_teardown),
        cmocka_unit_test_setup_teardown(test_all_and_paths, setup, tmpdir_env_teardown),
        cmocka_unit_test_setup_teardown(test_empty_dir, setup, tmpdir_env_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
