/* Unit tests: diagnostic formats, one line per message, edit distance, exit codes. */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* Run @fn with a diag writing to a memory stream; return what it printed. */
static char *capture(void (*fn)(bg_diag *))
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    bg_diag d;
    bg_diag_init(&d, f, "briefgen");
    d.use_color = 0;
    fn(&d);
    fclose(f);
    return text;
}

static void emit_full(bg_diag *d)
{
    bg_loc loc = {"templates/minister.yaml", 12, 5};
    bg_diag_error(d, &loc, "unknown key '%s' (did you mean '%s'?)", "limt", "limit");
}

static void emit_variants(bg_diag *d)
{
    bg_loc no_col = {"content/a.txt", 3, 0};
    bg_loc no_line = {"fonts/x.ttf", 0, 0};
    bg_diag_warn(d, &no_col, "w");
    bg_diag_error(d, &no_line, "cannot open: %s", "No such file or directory");
    bg_diag_error(d, NULL, "no command given");
    bg_diag_note(d, &no_col, "first defined here");
}

static void emit_newlines(bg_diag *d)
{
    bg_diag_error(d, NULL, "two\nlines");
}

static void test_format(void **state)
{
    (void)state;
    char *s = capture(emit_full);
    assert_string_equal(
        s, "templates/minister.yaml:12:5: error: unknown key 'limt' (did you mean 'limit'?)\n");
    free(s);
    s = capture(emit_variants);
    assert_string_equal(s, "content/a.txt:3: warning: w\n"
                           "fonts/x.ttf: error: cannot open: No such file or directory\n"
                           "briefgen: error: no command given\n"
                           "content/a.txt:3: note: first defined here\n");
    free(s);
    s = capture(emit_newlines);
    assert_string_equal(s, "briefgen: error: two lines\n");
    free(s);
}

static void test_distance(void **state)
{
    (void)state;
    assert_int_equal(bg_diag_distance("limt", 4, "limit", 5, 2), 1);
    assert_int_equal(bg_diag_distance("limit", 5, "limit", 5, 2), 0);
    assert_int_equal(bg_diag_distance("sections", 8, "secton", 6, 2), 2);
    assert_int_equal(bg_diag_distance("abc", 3, "xyzabc", 6, 2), 3);
    assert_int_equal(bg_diag_distance("fonts", 5, "styles", 6, 2), 3);
}

static void test_exit_codes(void **state)
{
    (void)state;
    assert_int_equal(bg_diag_exit_code(BG_OK), 0);
    assert_int_equal(bg_diag_exit_code(BG_EINPUT), 1);
    assert_int_equal(bg_diag_exit_code(BG_EUSAGE), 2);
    assert_int_equal(bg_diag_exit_code(BG_EIO), 3);
    assert_int_equal(bg_diag_exit_code(BG_ENOMEM), 3);
    assert_int_equal(bg_diag_exit_code(BG_EINTERNAL), 70);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_distance),
        cmocka_unit_test(test_exit_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
