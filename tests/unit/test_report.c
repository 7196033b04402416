/* Unit tests for report.c: the text lines (plain and --explain) and the JSON document,
 * including string escaping of quotes, backslashes, control characters and U+2028 (in a
 * point's text and its antecedent's), with other UTF-8 passed through. Points are built by hand. */
#include "test_support.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "report.h"

typedef struct {
    bg_source src[2];
    bg_source_set set;
    bg_sentence s[3];
    bg_sentence_list sentences;
    bg_rule_info rules[2];
    bg_fact facts[1];
    uint32_t fired[2];
    double fired_weight[2];
    const bg_sentence *also[1];
    bg_point points[2];
    bg_sentence brief; /* points[1]'s short variant */
    bg_str categories[2];
    bg_point_list pts;
} fixture;

static void set_up(fixture *f, const char *text0)
{
    memset(f, 0, sizeof(*f));
    f->src[0].path = "content/a.txt";
    f->src[1].path = "content/b.txt";
    f->set.items = f->src;
    f->set.n = 2;
    f->s[0].text = bg_str_from(text0);
    f->s[0].loc = (bg_loc){"content/a.txt", 3, 5};
    f->s[1].text = BG_STR_LIT("Second point\nacross lines.");
    f->s[1].loc = (bg_loc){"content/a.txt", 9, 1};
    f->s[2].text = BG_STR_LIT("Same as the second.");
    f->s[2].source = 1;
    f->s[2].loc = (bg_loc){"content/b.txt", 4, 1};
    f->sentences.items = f->s;
    f->sentences.n = 3;
    f->sentences.sources = &f->set;
    f->rules[0] = (bg_rule_info){.kind = BG_RULE_CATEGORY,
                                 .name = "cyber/defence",
                                 .weight = 3.0,
                                 .loc = {"templates/rules/x.yaml", 8, 14}};
    f->rules[1] = (bg_rule_info){.kind = BG_RULE_FACT,
                                 .name = "fact/date",
                                 .fact_kind = "date",
                                 .loc = {"templates/rules/x.yaml", 20, 3}};
    f->facts[0] = (bg_fact){BG_FACT_DATE, {f->s[1].text.ptr, 6}, "2024-07", 20240700, 2};
    f->fired[0] = 0;
    f->fired_weight[0] = 3.0;
    f->fired[1] = 1;
    f->fired_weight[1] = 0.5;
    f->also[0] = &f->s[2];
    f->categories[0] = BG_STR_LIT("cyber");
    f->categories[1] = BG_STR_LIT("risk");
    f->points[0] = (bg_point){.s = &f->s[0], .category = 1, .score = 4.25};
    f->points[1] = (bg_point){.s = &f->s[1],
                              .category = 0,
                              .score = 3.5,
                              .facts = f->facts,
                              .n_facts = 1,
                              .fired = f->fired,
                              .fired_weight = f->fired_weight,
                              .n_fired = 2,
                              .also = f->also,
                              .n_also = 1,
                              .antecedent = &f->s[0],
                              .brief = &f->brief};
    f->brief = f->s[1];
    f->brief.text = BG_STR_LIT("Second\tpoint.");
    f->pts.items = f->points;
    f->pts.n = 2;
    f->pts.categories = f->categories;
    f->pts.n_categories = 2;
    f->pts.rules = f->rules;
    f->pts.n_rules = 2;
    f->pts.sentences = &f->sentences;
}

static const char *text_of(const bg_point_list *pts, bool explain, char *buf, size_t cap)
{
    FILE *out = tmpfile();
    assert_non_null(out);
    assert_int_equal(bg_report_text(pts, explain, out), BG_OK);
    rewind(out);
    size_t n = fread(buf, 1, cap - 1, out);
    buf[n] = 0;
    fclose(out);
    return buf;
}

static void test_text(void **state)
{
    (void)state;
    fixture f;
    set_up(&f, "First point.");
    char buf[1024];
    assert_string_equal(text_of(&f.pts, false, buf, sizeof(buf)),
                        "content/a.txt:3: [risk 4.25] First point.\n"
                        "content/a.txt:9: [cyber 3.50] Second point across lines.\n");
    assert_string_equal(text_of(&f.pts, true, buf, sizeof(buf)),
                        "content/a.txt:3: [risk 4.25] First point.\n"
                        "content/a.txt:9: [cyber 3.50] Second point across lines.\n"
                        "    rule cyber/defence +3.00 (templates/rules/x.yaml:8:14)\n"
                        "    rule fact/date +0.50 (templates/rules/x.yaml:20:3)\n"
                        "    fact date 2024-07 'Second'\n"
                        "    also content/b.txt:4\n"
                        "    antecedent content/a.txt:3\n"
                        "    short 'Second point.'\n");
}

static void test_json_escaping(void **state)
{
    (void)state;
    fixture f;
    set_up(&f, "Quote \" back\\slash tab\t nl\n bell\x07 del\x7f line\xE2\x80\xA8 "
               "Korea \xED\x95\x9C\xEA\xB5\xAD \xC3\xA9.");
    bg_buf b;
    bg_buf_init(&b, 1u << 20);
    assert_int_equal(bg_report_json(&f.pts, false, &b), BG_OK);
    assert_string_equal(
        b.data, "{\"points\":[\n"
                "{\"text\":\"Quote \\\" back\\\\slash tab\\t nl\\n bell\\u0007 del\\u007f "
                "line\\u2028 Korea \xED\x95\x9C\xEA\xB5\xAD \xC3\xA9.\",\"category\":\"risk\","
                "\"score\":4.25,\"source\":\"content/a.txt\",\"line\":3,\"col\":5,\"also\":[],"
                "\"facts\":[],\"antecedent\":null,\"short\":null,\"rules\":[]},\n"
                "{\"text\":\"Second point\\nacross lines.\",\"category\":\"cyber\",\"score\":3.50,"
                "\"source\":\"content/a.txt\",\"line\":9,\"col\":1,"
                "\"also\":[{\"source\":\"content/b.txt\",\"line\":4}],"
                "\"facts\":[{\"kind\":\"date\",\"text\":\"Second\",\"value\":\"2024-07\"}],"
                "\"antecedent\":\"Quote \\\" back\\\\slash tab\\t nl\\n bell\\u0007 del\\u007f "
                "line\\u2028 Korea \xED\x95\x9C\xEA\xB5\xAD \xC3\xA9.\","
                "\"short\":\"Second\\tpoint.\","
                "\"rules\":[{\"name\":\"cyber/defence\",\"weight\":3.00},"
                "{\"name\":\"fact/date\",\"weight\":0.50}]}\n"
                "]}\n");
    bg_buf_free(&b);
    bg_buf_init(&b, 1u << 20);
    assert_int_equal(bg_report_json(&f.pts, true, &b), BG_OK);
    assert_non_null(strstr(b.data, "{\"name\":\"cyber/defence\",\"weight\":3.00,"
                                   "\"file\":\"templates/rules/x.yaml\",\"line\":8,\"col\":14}"));
    bg_buf_free(&b);
}

static void test_json_empty_and_cap(void **state)
{
    (void)state;
    fixture f;
    set_up(&f, "x");
    f.pts.n = 0;
    bg_buf b;
    bg_buf_init(&b, 1u << 20);
    assert_int_equal(bg_report_json(&f.pts, false, &b), BG_OK);
    assert_string_equal(b.data, "{\"points\":[]}\n");
    bg_buf_free(&b);
    f.pts.n = 2;
    bg_buf_init(&b, 16);
    assert_int_equal(bg_report_json(&f.pts, false, &b), BG_ENOMEM);
    bg_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_json_escaping),
        cmocka_unit_test(test_json_empty_and_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
