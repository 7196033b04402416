/* Unit tests: command-line parsing (commands, options per command, --set, usage errors). */
#include "test_support.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef test_env fixture;

static int setup(void **state)
{
    static fixture f;
    if (!env_init(&f, 1 << 20)) {
        return -1;
    }
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    env_free(*state);
    return 0;
}

static bg_status parse(fixture *f, bg_opts *o, int argc, const char **argv)
{
    memset(o, 0, sizeof(*o));
    /* argv strings are writable in a real main: copy the literals. */
    char **copy = bg_arena_array(&f->a, (size_t)argc + 1, sizeof(char *));
    for (int i = 0; i < argc; i++) {
        copy[i] = bg_arena_strndup(&f->a, argv[i], strlen(argv[i]));
    }
    return bg_cli_parse(argc, copy, &f->a, &f->d, o);
}

static void test_build_defaults(void **state)
{
    bg_opts o;
    const char *argv[] = {"briefgen", "build"};
    assert_int_equal(parse(*state, &o, 2, argv), BG_OK);
    assert_int_equal(o.cmd, BG_CMD_BUILD);
    assert_string_equal(o.content_dir, "content");
    assert_string_equal(o.out_dir, "out");
    assert_int_equal(o.n_names, 0);
    assert_null(o.depfile);
    assert_string_equal(o.icc_profile, "/usr/share/color/icc/sRGB.icc");
}

/* --icc-profile: build and check take it (PDF/A templates); extract does not. */
static void test_icc_profile(void **state)
{
    bg_opts o;
    const char *build[] = {"briefgen", "build", "--icc-profile", "my.icc", "archive"};
    assert_int_equal(parse(*state, &o, 5, build), BG_OK);
    assert_string_equal(o.icc_profile, "my.icc");
    assert_int_equal(o.n_names, 1);
    const char *check[] = {"briefgen", "check", "--icc-profile=other.icc"};
    assert_int_equal(parse(*state, &o, 3, check), BG_OK);
    assert_string_equal(o.icc_profile, "other.icc");
    const char *extract[] = {"briefgen", "extract", "--icc-profile", "x.icc"};
    assert_int_equal(parse(*state, &o, 4, extract), BG_EUSAGE);
    const char *missing[] = {"briefgen", "build", "--icc-profile"};
    assert_int_equal(parse(*state, &o, 3, missing), BG_EUSAGE);
}

static void test_build_options(void **state)
{
    bg_opts o;
    const char *argv[] = {"briefgen", "build",      "--content=c",           "-o",
                          "o2",       "--set",      "classification=SECRET", "minister",
                          "-M",       "--set=a=b=c"};
    assert_int_equal(parse(*state, &o, 10, argv), BG_OK);
    assert_string_equal(o.content_dir, "c");
    assert_string_equal(o.out_dir, "o2");
    assert_string_equal(o.depfile, "-");
    assert_int_equal(o.n_names, 1);
    assert_string_equal(o.names[0], "minister");
    assert_int_equal(o.set.n, 2);
    assert_true(bg_str_eq_cstr(o.set.names[0], "classification"));
    assert_true(bg_str_eq_cstr(o.set.values[0], "SECRET"));
    assert_true(bg_str_eq_cstr(o.set.names[1], "a"));
    assert_true(bg_str_eq_cstr(o.set.values[1], "b=c"));
}

static void test_extract_flags(void **state)
{
    bg_opts o;
    const char *argv[] = {"briefgen", "extract", "--json", "--explain", "--", "-odd-name"};
    assert_int_equal(parse(*state, &o, 6, argv), BG_OK);
    assert_true(o.is_json);
    assert_true(o.is_explain);
    assert_int_equal(o.n_names, 1);
    assert_string_equal(o.names[0], "-odd-name");
}

static void test_usage_errors(void **state)
{
    bg_opts o;
    const char *none[] = {"briefgen"};
    assert_int_equal(parse(*state, &o, 1, none), BG_EUSAGE);
    const char *unknown_cmd[] = {"briefgen", "biuld"};
    assert_int_equal(parse(*state, &o, 2, unknown_cmd), BG_EUSAGE);
    const char *wrong_cmd_opt[] = {"briefgen", "check", "--json"};
    assert_int_equal(parse(*state, &o, 3, wrong_cmd_opt), BG_EUSAGE);
    const char *missing_value[] = {"briefgen", "build", "-o"};
    assert_int_equal(parse(*state, &o, 3, missing_value), BG_EUSAGE);
    const char *bad_set[] = {"briefgen", "build", "--set", "novalue"};
    assert_int_equal(parse(*state, &o, 4, bad_set), BG_EUSAGE);
    const char *check_and_m[] = {"briefgen", "build", "--check", "-M"};
    assert_int_equal(parse(*state, &o, 4, check_and_m), BG_EUSAGE);
}

static void test_help_version(void **state)
{
    bg_opts o;
    const char *help[] = {"briefgen", "build", "--help"};
    assert_int_equal(parse(*state, &o, 3, help), BG_OK);
    assert_true(o.is_help);
    const char *version[] = {"briefgen", "--version"};
    assert_int_equal(parse(*state, &o, 2, version), BG_OK);
    assert_true(o.is_version);
    assert_non_null(strstr(bg_cli_usage(), "briefgen build"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_build_defaults), cmocka_unit_test(test_build_options),
        cmocka_unit_test(test_extract_flags),  cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_help_version),   cmocka_unit_test(test_icc_profile),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
