/* Unit tests for icc.c: a minimal well-formed v2 RGB display profile passes, and each
 * header check fails with its own message (size, signature, version, class, colour space,
 * tag table); the system sRGB profile passes when it is installed. */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icc.h"

/* 128-byte header, one tag (12 bytes), 20 bytes of tag data. */
#define PROFILE_BYTES (128 + 4 + 12 + 20)

typedef struct {
    test_env e; /* arena, diag and its messages */
    unsigned char p[PROFILE_BYTES];
} fixture;

static void put32(unsigned char *q, uint32_t v)
{
    q[0] = (unsigned char)(v >> 24);
    q[1] = (unsigned char)(v >> 16);
    q[2] = (unsigned char)(v >> 8);
    q[3] = (unsigned char)v;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    if (!f || !env_init(&f->e, 1 << 22)) {
        return -1;
    }
    put32(f->p, PROFILE_BYTES);
    f->p[8] = 2;
    f->p[9] = 0x10;
    memcpy(f->p + 12, "mntrRGB XYZ ", 12);
    memcpy(f->p + 36, "acsp", 4);
    put32(f->p + 128, 1);
    memcpy(f->p + 132, "wtpt", 4);
    put32(f->p + 136, 144);
    put32(f->p + 140, 20);
    memcpy(f->p + 144, "XYZ ", 4);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    env_free(&f->e);
    free(f);
    return 0;
}

/* Check f->p and return the message printed (empty when none). */
static const char *check(fixture *f, size_t len, bg_status want)
{
    bg_icc icc;
    memset(&icc, 0, sizeof(icc));
    assert_int_equal(bg_icc_check("x.icc", f->p, len, &f->e.d, &icc), want);
    if (want == BG_OK) {
        assert_ptr_equal(icc.data, f->p);
        assert_int_equal(icc.len, len);
    } else {
        assert_null(icc.data);
    }
    return env_msgs(&f->e);
}

static void test_minimal_profile_passes(void **state)
{
    fixture *f = *state;
    assert_string_equal(check(f, PROFILE_BYTES, BG_OK), "");
}

static void test_short_file(void **state)
{
    fixture *f = *state;
    assert_string_equal(check(f, 100, BG_EINPUT),
                        "x.icc: error: not a usable ICC profile: 100 bytes, shorter than its "
                        "header\n");
}

static void test_size_field_differs(void **state)
{
    fixture *f = *state;
    put32(f->p, 9999);
    assert_string_equal(check(f, PROFILE_BYTES, BG_EINPUT),
                        "x.icc: error: not a usable ICC profile: the header gives 9999 bytes, "
                        "the file has 164\n");
}

static void test_no_signature(void **state)
{
    fixture *f = *state;
    memcpy(f->p + 36, "PNG!", 4);
    assert_string_equal(check(f, PROFILE_BYTES, BG_EINPUT),
                        "x.icc: error: not a usable ICC profile: no 'acsp' signature at byte "
                        "36\n");
}

static void test_version_4(void **state)
{
    fixture *f = *state;
    f->p[8] = 4;
    f->p[9] = 0x20;
    assert_string_equal(check(f, PROFILE_BYTES, BG_EINPUT),
                        "x.icc: error: not a usable ICC profile: version 4.2; PDF/A-1 needs "
                        "version 2\n");
}

static void test_input_class(void **state)
{
    fixture *f = *state;
    memcpy(f->p + 12, "scnr", 4);
    assert_string_equal(check(f, PROFILE_BYTES, BG_EINPUT),
                        "x.icc: error: not a usable ICC profile: class 'scnr'; an output intent "
                        "needs 'mntr' or 'prtr'\n");
}

static void test_gray_space(void **state)
{
    fixture *f = *state;
    memcpy(f->p + 16, "GRAY", 4);
    assert_string_equal(check(f, PROFILE_BYTES, BG_EINPUT),
                        "x.icc: error: not a usable ICC profile: colour space 'GRAY', expected "
                        "'RGB '\n");
}

static void test_tag_outside(void **state)
{
    fixture *f = *state;
    put32(f->p + 140, 21); /* one byte past the end */
    assert_string_equal(check(f, PROFILE_BYTES, BG_EINPUT),
                        "x.icc: error: not a usable ICC profile: its tag table points outside "
                        "the file\n");
    put32(f->p + 140, 20);
    put32(f->p + 128, 0x40000000u); /* a tag count that overflows the table */
    assert_int_equal(bg_icc_check("x.icc", f->p, PROFILE_BYTES, &f->e.d, &(bg_icc){0}), BG_EINPUT);
}

static void test_missing_file(void **state)
{
    fixture *f = *state;
    bg_icc icc;
    assert_int_equal(bg_icc_load("/nonexistent/sRGB.icc", &f->e.a, &f->e.d, &icc), BG_EIO);
    assert_non_null(strstr(env_msgs(&f->e), "/nonexistent/sRGB.icc: error: cannot open: "));
}

/* The profile `make` installs (icc-profiles-free); skipped where it is not installed. */
static void test_system_srgb(void **state)
{
    fixture *f = *state;
    const char *path = "/usr/share/color/icc/sRGB.icc";
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        skip();
    }
    fclose(fp);
    bg_icc icc;
    assert_int_equal(bg_icc_load(path, &f->e.a, &f->e.d, &icc), BG_OK);
    assert_true(icc.len > 128);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_minimal_profile_passes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_short_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_size_field_differs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_signature, setup, teardown),
        cmocka_unit_test_setup_teardown(test_version_4, setup, teardown),
        cmocka_unit_test_setup_teardown(test_input_class, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gray_space, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tag_outside, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_system_srgb, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
