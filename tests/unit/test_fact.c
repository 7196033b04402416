/* Unit tests for fact.c: the normalisation table for dates (every precision), amounts and
 * counts, and the captures that do not make a fact. */
#include "test_support.h"

#include <string.h>

#include "arena.h"
#include "fact.h"

typedef struct {
    const char *kind;
    const char *whole;
    const char *groups; /* "name=value|name=value" */
    const char *norm;   /* NULL: no fact */
    int64_t sort_key;
    uint8_t precision;
} row;

static const row table[] = {
    {"date", "16 Jul. 2024", "day=16|month=Jul.|year=2024", "2024-07-16", 20240716, 3},
    {"date", "in July 2023", "month=July|year=2023", "2023-07", 20230700, 2},
    {"date", "December 2020", "month=December|year=2020", "2020-12", 20201200, 2},
    {"date", "in the Summer 2024", "season=Summer|year=2024", "2024-22", 20240600, 5},
    {"date", "winter of 1999", "season=winter|year=1999", "1999-24", 19991200, 5},
    {"date", "since 2005", "year=2005", "2005", 20050000, 1},
    {"date", "In 2020", "year=2020", "2020", 20200000, 1},
    {"date", "From 2010 to 2013", "year=2010|year2=2013", "2010/2013", 20100000, 4},
    {"date", "2010-13", "year=2010|year2=13", "2010/2013", 20100000, 4},
    {"date", "the early 1990s", "decade=1990", "1990/1999", 19900000, 4},
    {"date", "the 1995s", "decade=1995", NULL, 0, 0},
    {"date", "March 3, 2021", "month=March|day=3|year=2021", "2021-03-03", 20210303, 3},
    {"date", "31 Feb 2021", "day=31|month=Feb|year=2021", NULL, 0, 0},
    {"date", "2013 to 2010", "year=2013|year2=2010", NULL, 0, 0},
    {"date", "Foo 2020", "month=Foo|year=2020", NULL, 0, 0},
    {"date", "in 0999", "year=0999", NULL, 0, 0},
    {"amount", "USD 319 million", "currency=USD|value=319|scale=million", "USD 319000000",
     319000000, 0},
    {"amount", "€2.5 billion", "currency=€|value=2.5|scale=billion", "EUR 2500000000", 2500000000,
     0},
    {"amount", "$1,200", "currency=$|value=1,200", "USD 1200", 1200, 0},
    {"amount", "40 million euros", "value=40|scale=million|currency=euros", "EUR 40000000",
     40000000, 0},
    {"amount", "5 bn Zorkmids", "value=5|scale=bn|currency=Zorkmids", NULL, 0, 0},
    {"count", "some 470 personnel", "value=470|unit=personnel", "470 personnel", 470, 0},
    {"count", "1,500 troops", "value=1,500|unit=troops", "1500 troops", 1500, 0},
    {"count", "12 thousand soldiers", "value=12|scale=thousand|unit=soldiers", "12000 soldiers",
     12000, 0},
    {"org", "the ANA Trust Fund", "name=ANA Trust Fund", "ANA Trust Fund", 0, 0},
};

static size_t parse_groups(const char *spec, char *buf, bg_capture *caps)
{
    size_t n = 0;
    size_t len = strlen(spec);
    memcpy(buf, spec, len + 1);
    char *p = buf;
    while (*p) {
        char *eq = strchr(p, '=');
        char *bar = strchr(p, '|');
        *eq = 0;
        caps[n].name = p;
        char *v = eq + 1;
        size_t vlen = bar ? (size_t)(bar - v) : strlen(v);
        caps[n].text = (bg_str){v, vlen};
        n++;
        if (!bar) {
            break;
        }
        *bar = 0;
        p = bar + 1;
    }
    return n;
}

static void test_table(void **state)
{
    (void)state;
    bg_arena a;
    bg_arena_init(&a, 1u << 20);
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
        const row *r = &table[i];
        char buf[256];
        bg_capture caps[8];
        size_t n = parse_groups(r->groups, buf, caps);
        bg_fact f;
        memset(&f, 0, sizeof(f));
        bool ok = bg_fact_make(r->kind, bg_str_from(r->whole), caps, n, &a, &f);
        if (!r->norm) {
            if (ok) {
                fail_msg("row %zu '%s': expected no fact, got '%s'", i, r->whole, f.norm);
            }
            continue;
        }
        if (!ok) {
            fail_msg("row %zu '%s': expected '%s', got no fact", i, r->whole, r->norm);
        }
        assert_string_equal(f.norm, r->norm);
        assert_int_equal(f.sort_key, r->sort_key);
        assert_int_equal(f.precision, r->precision);
        assert_string_equal(bg_fact_kind_name(f.kind), r->kind);
        assert_true(bg_str_eq_cstr(f.text, r->whole));
    }
    bg_arena_free(&a);
}

static void test_missing_groups(void **state)
{
    (void)state;
    bg_arena a;
    bg_arena_init(&a, 1u << 20);
    bg_fact f;
    bg_capture unset = {"year", {NULL, 0}};
    assert_false(bg_fact_make("date", bg_str_from("x"), &unset, 1, &a, &f));
    assert_false(bg_fact_make("amount", bg_str_from("x"), NULL, 0, &a, &f));
    bg_capture huge[] = {{"currency", BG_STR_LIT("USD")},
                         {"value", BG_STR_LIT("99999999999999")},
                         {"scale", BG_STR_LIT("trillion")}};
    assert_false(bg_fact_make("amount", bg_str_from("x"), huge, 3, &a, &f));
    bg_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_missing_groups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
