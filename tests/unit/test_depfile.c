/* Unit tests: make rule format and escaping. */
#include "test_support.h"

#include "depfile.h"

static void test_rule(void **state)
{
    (void)state;
    bg_buf b;
    bg_buf_init(&b, 4096);
    const char *deps[] = {"content/a b.txt", "templates/_base.yaml"};
    assert_true(bg_depfile_rule(&b, "out/x.pdf", deps, 2));
    assert_string_equal(b.data, "out/x.pdf: \\\n  content/a\\ b.txt \\\n  templates/_base.yaml\n"
                                "\ncontent/a\\ b.txt:\n\ntemplates/_base.yaml:\n");
    bg_buf_free(&b);
}

static void test_full_buffer(void **state)
{
    (void)state;
    bg_buf b;
    bg_buf_init(&b, 8);
    const char *deps[] = {"content/long-name.txt"};
    assert_false(bg_depfile_rule(&b, "out/x.pdf", deps, 1));
    bg_buf_free(&b);
}

/* What GNU make would misread: '$' doubled, space, '#' and '\\' escaped. */
static void test_escaping(void **state)
{
    (void)state;
    bg_buf b;
    bg_buf_init(&b, 4096);
    const char *deps[] = {"content/$HOME #1.txt"};
    assert_true(bg_depfile_rule(&b, "out/a b.pdf", deps, 1));
    assert_string_equal(b.data, "out/a\\ b.pdf: \\\n  content/$$HOME\\ \\#1.txt\n"
                                "\ncontent/$$HOME\\ \\#1.txt:\n");
    bg_buf_free(&b);
}

/* Two briefings in one depfile (-M with several templates): one rule each. */
static void test_two_rules(void **state)
{
    (void)state;
    bg_buf b;
    bg_buf_init(&b, 4096);
    const char *deps[] = {"content/a.txt"};
    assert_true(bg_depfile_rule(&b, "out/x.pdf", deps, 1));
    assert_true(bg_depfile_rule(&b, "out/y.pdf", deps, 1));
    assert_string_equal(b.data, "out/x.pdf: \\\n  content/a.txt\n\ncontent/a.txt:\n"
                                "out/y.pdf: \\\n  content/a.txt\n\ncontent/a.txt:\n");
    bg_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule),
        cmocka_unit_test(test_full_buffer),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_two_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
