/* Unit tests: UTF-8 decoding and validation table (RFC 3629 and robustness.md). */
#include "test_support.h"

#include <string.h>

#include "utf8.h"

typedef struct {
    const char *bytes;
    size_t len;
    size_t valid_prefix; /* bg_utf8_validate result */
} vcase;

static void test_validate_table(void **state)
{
    (void)state;
    static const vcase cases[] = {
        {"plain", 5, 5},
        {"caf\xC3\xA9", 5, 5},
        {"\xE2\x80\xA2 bullet", 10, 10},
        {"\xED\x95\x9C\xEA\xB5\xAD", 6, 6}, /* 한국 */
        {"\xF0\x9F\x98\x80", 4, 4},         /* emoji: valid UTF-8 */
        {"ab\xE9z", 4, 2},                  /* Latin-1 é */
        {"\xC0\xAF", 2, 0},                 /* overlong '/' */
        {"\xE0\x80\xAF", 3, 0},             /* overlong 3-byte */
        {"\xED\xA0\x80", 3, 0},             /* surrogate U+D800 */
        {"\xF4\x90\x80\x80", 4, 0},         /* > U+10FFFF */
        {"\xF5\x80\x80\x80", 4, 0},
        {"x\xE2\x82", 3, 1}, /* truncated */
        {"\x80", 1, 0},      /* lone continuation */
        {"\xFF", 1, 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(bg_utf8_validate(cases[i].bytes, cases[i].len), cases[i].valid_prefix);
    }
}

static void test_decode_encode_roundtrip(void **state)
{
    (void)state;
    const uint32_t cps[] = {0x41, 0xE9, 0x2022, 0xD55C, 0xFFFD, 0x1F600, 0x10FFFF};
    for (size_t i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
        char buf[4];
        size_t n = bg_utf8_encode(cps[i], buf);
        assert_true(n > 0);
        uint32_t back = 0;
        assert_int_equal(bg_utf8_decode(buf, n, &back), n);
        assert_int_equal(back, cps[i]);
    }
    char buf[4];
    assert_int_equal(bg_utf8_encode(0xD800, buf), 0);
    assert_int_equal(bg_utf8_encode(0x110000, buf), 0);
}

static void test_count(void **state)
{
    (void)state;
    assert_int_equal(bg_utf8_count("k: \"\xC3\xA9\xC3\xA9\xC3\xA9\" x", 13), 10);
    assert_int_equal(bg_utf8_count("a\xFF"
                                   "b",
                                   3),
                     3);
    assert_int_equal(bg_utf8_count("", 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validate_table),
        cmocka_unit_test(test_decode_encode_roundtrip),
        cmocka_unit_test(test_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
