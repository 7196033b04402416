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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule),
        cmocka_unit_test(test_full_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
