/* Unit tests for lbreak.c: UAX #14 break opportunities as libunibreak reports them, for the
 * cases the layout relies on (Hangul, Chinese, URLs, explicit hyphens, plain words). */
#include "test_support.h"

#include <string.h>

#include "lbreak.h"

/* The kinds of @s as a string: '.' none, '|' allow, '!' must, one per byte. */
static void kinds_of(const char *s, char *out)
{
    uint8_t kinds[256];
    size_t len = strlen(s);
    assert_true(len < sizeof(kinds));
    bg_lbreak_points((bg_str){s, len}, kinds);
    for (size_t i = 0; i < len; i++) {
        out[i] = kinds[i] == BG_LBREAK_ALLOW ? '|' : kinds[i] == BG_LBREAK_MUST ? '!' : '.';
    }
    out[len] = '\0';
}

static void test_latin_word(void **state)
{
    (void)state;
    char got[256];
    kinds_of("cooperation", got);
    assert_string_equal(got, "..........!");
    kinds_of("2023", got);
    assert_string_equal(got, "...!");
}

static void test_hangul(void **state)
{
    (void)state;
    char got[256];
    /* 대한민국: four syllables of three bytes; a break after each but the last. */
    kinds_of("\xeb\x8c\x80\xed\x95\x9c\xeb\xaf\xbc\xea\xb5\xad", got);
    assert_string_equal(got, "..|..|..|..!");
}

static void test_chinese(void **state)
{
    (void)state;
    char got[256];
    /* 北大西洋 */
    kinds_of("\xe5\x8c\x97\xe5\xa4\xa7\xe8\xa5\xbf\xe6\xb4\x8b", got);
    assert_string_equal(got, "..|..|..|..!");
}

static void test_url(void **state)
{
    (void)state;
    char got[256];
    kinds_of("https://www.nato.int/cps/en", got);
    /* after "//", after each later "/"; never inside "www.nato.int" */
    assert_string_equal(got, ".......|............|...|.!");
}

static void test_hyphen_and_slash(void **state)
{
    (void)state;
    char got[256];
    kinds_of("sensor-fusion", got);
    assert_string_equal(got, "......|.....!");
    kinds_of("and/or", got);
    assert_string_equal(got, "...|.!");
    kinds_of("COVID-19", got);
    assert_string_equal(got, ".......!");
}

int main(void)
{
    bg_lbreak_init();
    bg_lbreak_init(); /* idempotent */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_latin_word),       cmocka_unit_test(test_hangul),
        cmocka_unit_test(test_chinese),          cmocka_unit_test(test_url),
        cmocka_unit_test(test_hyphen_and_slash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
