/* Unit tests: SOURCE_DATE_EPOCH handling and date formats. */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>

#include "clock.h"

static void test_source_date_epoch(void **state)
{
    (void)state;
    FILE *null_out = fopen("/dev/null", "w");
    bg_diag d;
    bg_diag_init(&d, null_out, "briefgen");
    int64_t now = 0;
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    assert_int_equal(bg_clock_now(5, &d, &now), BG_OK);
    assert_int_equal(now, 1700000000);
    setenv("SOURCE_DATE_EPOCH", "17x", 1);
    assert_int_equal(bg_clock_now(5, &d, &now), BG_EUSAGE);
    unsetenv("SOURCE_DATE_EPOCH");
    assert_int_equal(bg_clock_now(1234, &d, &now), BG_OK);
    assert_int_equal(now, 1234);
    fclose(null_out);
}

static void test_formats(void **state)
{
    (void)state;
    char iso[11];
    char longd[32];
    bg_clock_iso_date(1700000000, iso);
    assert_string_equal(iso, "2023-11-14");
    bg_clock_long_date(1721124480, longd, sizeof(longd));
    assert_string_equal(longd, "16 July 2024");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_source_date_epoch),
        cmocka_unit_test(test_formats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
