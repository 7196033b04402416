/* Unit tests: compose selects points per section (categories, limit, min score, order),
 * never repeats a point, numbers references in reading order, builds timeline/table rows
 * and splits furniture at {{ page }} / {{ pages }}. */
#include "test_support.h"

#include <stdio.h>
#include <string.h>

#include "compose.h"
#include "compose_int.h"

typedef struct {
    bg_arena a;
    bg_diag d;
    FILE *err;
    bg_source src[2];
    bg_source_set set;
    bg_sentence s[5];
    bg_sentence_list sl;
    bg_fact facts[2];
    bg_point p[5];
    bg_str cats[3];
    bg_point_list pts;
    bg_section sec[5];
    bg_template t;
} fixture;

static int setup(void **state)
{
    static fixture f;
    memset(&f, 0, sizeof(f));
    bg_arena_init(&f.a, 1 << 22);
    f.err = fopen("/dev/null", "w");
    bg_diag_init(&f.d, f.err, "briefgen");
    f.src[0] = (bg_source){.name = BG_STR_LIT("a"), .path = "content/a.txt"};
    f.src[0].meta.title = BG_STR_LIT("Alpha report");
    f.src[0].meta.publisher = BG_STR_LIT("NATO");
    f.src[1] = (bg_source){.name = BG_STR_LIT("b"), .path = "content/b.txt"};
    f.set = (bg_source_set){f.src, 2};
    static const char *const texts[5] = {
        "In July 2023, the partners agreed a new programme of cooperation.",
        "Cyber defence cooperation deepened through joint exercises every year.",
        "The country contributed USD 319 million to the trust fund.",
        "A weak sentence about nothing in particular here.",
        "Cyber defence cooperation deepened through joint exercises each year."};
    static const uint32_t srcs[5] = {0, 0, 0, 0, 1};
    for (int i = 0; i < 5; i++) {
        f.s[i] = (bg_sentence){.text = bg_str_from(texts[i]), .source = srcs[i]};
        f.s[i].loc = (bg_loc){f.src[srcs[i]].path, (uint32_t)(i + 1) * 2, 1};
    }
    f.sl = (bg_sentence_list){f.s, 5, &f.set};
    f.facts[0] = (bg_fact){BG_FACT_DATE, {texts[0] + 3, 9}, "2023-07", 20230700, 2};
    f.facts[1] = (bg_fact){BG_FACT_AMOUNT, {texts[2] + 28, 15}, "USD 319000000", 319000000, 0};
    f.cats[0] = BG_STR_LIT("framework");
    f.cats[1] = BG_STR_LIT("cyber");
    f.cats[2] = BG_STR_LIT("funding");
    static const bg_sentence *also[1];
    also[0] = &f.s[4];
    f.p[0] =
        (bg_point){.s = &f.s[0], .category = 0, .score = 5, .facts = &f.facts[0], .n_facts = 1};
    f.p[1] = (bg_point){.s = &f.s[1], .category = 1, .score = 7, .also = also, .n_also = 1};
    f.p[2] =
        (bg_point){.s = &f.s[2], .category = 2, .score = 4, .facts = &f.facts[1], .n_facts = 1};
    f.p[3] = (bg_point){.s = &f.s[3], .category = 0, .score = 1};
    f.pts = (bg_point_list){
        .items = f.p, .n = 4, .categories = f.cats, .n_categories = 3, .sentences = &f.sl};
    f.sec[0] = (bg_section){
        .kind = BG_SEC_POINTS, .heading = BG_STR_LIT("Key points"), .limit = 2, .min_score = 2};
    f.sec[1] = (bg_section){.kind = BG_SEC_POINTS, .heading = BG_STR_LIT("Other"), .min_score = 2};
    f.sec[2] = (bg_section){.kind = BG_SEC_TIMELINE, .heading = BG_STR_LIT("Timeline")};
    f.sec[3] = (bg_section){.kind = BG_SEC_TABLE, .heading = BG_STR_LIT("Figures")};
    f.sec[4] = (bg_section){.kind = BG_SEC_SOURCES, .heading = BG_STR_LIT("Sources")};
    f.t = (bg_template){.name = "t",
                        .path = "templates/t.yaml",
                        .title = BG_STR_LIT("Title"),
                        .footer = BG_STR_LIT("Page {{ page }} of {{pages}}!"),
                        .sections = f.sec,
                        .n_sections = 5};
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bg_arena_free(&f->a);
    fclose(f->err);
    return 0;
}

static const bg_doc_block *nth_of(const bg_doc *doc, bg_doc_kind kind, uint32_t section, size_t n)
{
    for (size_t i = 0; i < doc->n_blocks; i++) {
        if (doc->blocks[i].kind == kind && doc->blocks[i].section == section && n-- == 0) {
            return &doc->blocks[i];
        }
    }
    return NULL;
}

static size_t count_of(const bg_doc *doc, bg_doc_kind kind, uint32_t section)
{
    size_t n = 0;
    while (nth_of(doc, kind, section, n)) {
        n++;
    }
    return n;
}

static void test_selection(void **state)
{
    fixture *f = *state;
    bg_doc doc;
    assert_int_equal(bg_compose_run(&f->t, &f->pts, 0, &f->a, &f->d, &doc), BG_OK);
    /* Section 0: the two best by score, highest first. */
    assert_int_equal(count_of(&doc, BG_DOC_ITEM, 0), 2);
    const bg_doc_block *first = nth_of(&doc, BG_DOC_ITEM, 0, 0);
    assert_ptr_equal(first->text.runs[0].origin, &f->s[1]);
    /* Cited twice: its own source [1] and the other source that says the same [2]. */
    assert_int_equal(first->text.n_runs, 3);
    assert_int_equal(first->text.runs[1].kind, BG_RUN_CITE);
    assert_int_equal(first->text.runs[1].ref, 1);
    assert_int_equal(first->text.runs[2].ref, 2);
    /* Section 1: what is left above min_score, never a repeat. */
    assert_int_equal(count_of(&doc, BG_DOC_ITEM, 1), 1);
    assert_ptr_equal(nth_of(&doc, BG_DOC_ITEM, 1, 0)->text.runs[0].origin, &f->s[2]);
    /* Timeline: one dated entry, labelled and cut to its clause. */
    const bg_doc_block *tl = nth_of(&doc, BG_DOC_ITEM, 2, 0);
    assert_non_null(tl);
    assert_true(bg_str_eq_cstr(tl->label.runs[0].text, "Jul 2023"));
    /* Table: header + rows for every fact. */
    const bg_doc_block *table = nth_of(&doc, BG_DOC_TABLE, 3, 0);
    assert_non_null(table);
    assert_int_equal(table->n_rows, 3);
    /* Two references, anchored. */
    assert_int_equal(doc.n_refs, 2);
    const bg_doc_block *ref1 = nth_of(&doc, BG_DOC_ITEM, 4, 0);
    assert_int_equal(ref1->anchor, 1);
    assert_non_null(strstr(ref1->text.runs[0].text.ptr, "Alpha report. NATO. content/a.txt"));
    /* Furniture. */
    assert_int_equal(doc.footer.n_runs, 5);
    assert_int_equal(doc.footer.runs[1].kind, BG_RUN_PAGE);
    assert_int_equal(doc.footer.runs[3].kind, BG_RUN_PAGES);
    assert_true(bg_str_eq_cstr(doc.footer.runs[4].text, "!"));
    /* Keywords: the categories shown. */
    assert_true(bg_str_eq_cstr(doc.info.keywords, "framework, cyber, funding"));
}

static void test_unknown_category(void **state)
{
    fixture *f = *state;
    bg_str bad = BG_STR_LIT("cybr");
    f->sec[0].categories = &bad;
    f->sec[0].n_categories = 1;
    bg_doc doc;
    assert_int_equal(bg_compose_run(&f->t, &f->pts, 0, &f->a, &f->d, &doc), BG_EINPUT);
    assert_int_equal(f->d.n_errors, 1);
}

static void test_source_order_and_empty_section(void **state)
{
    fixture *f = *state;
    f->sec[0].order = BG_ORDER_SOURCE;
    f->sec[1].min_score = 100; /* nothing qualifies: the section disappears */
    bg_doc doc;
    assert_int_equal(bg_compose_run(&f->t, &f->pts, 0, &f->a, &f->d, &doc), BG_OK);
    assert_ptr_equal(nth_of(&doc, BG_DOC_ITEM, 0, 0)->text.runs[0].origin, &f->s[0]);
    assert_ptr_equal(nth_of(&doc, BG_DOC_ITEM, 0, 1)->text.runs[0].origin, &f->s[1]);
    assert_null(nth_of(&doc, BG_DOC_HEADING, 1, 0));
}

/* Thousands of cited lines make one short reference: consecutive lines as ranges, and past
 * BG_MAX_REF_RANGES ranges a count of the rest. */
static void test_reference_ranges(void **state)
{
    fixture *f = *state;
    enum { N = 40 };
    bg_sentence *s = bg_arena_array(&f->a, N, sizeof(*s));
    bg_point *p = bg_arena_array(&f->a, N, sizeof(*p));
    assert_non_null(s);
    assert_non_null(p);
    for (uint32_t i = 0; i < N; i++) {
        s[i] = (bg_sentence){.text = BG_STR_LIT("Cyber defence cooperation deepened."),
                             .loc = {"content/a.txt", 1 + i + i / 3, 1}};
        p[i] = (bg_point){.s = &s[i], .category = 1, .score = 5};
    }
    bg_sentence_list sl = {s, N, &f->set};
    bg_point_list pts = {
        .items = p, .n = N, .categories = f->cats, .n_categories = 3, .sentences = &sl};
    bg_section sec[2] = {{.kind = BG_SEC_POINTS}, {.kind = BG_SEC_SOURCES}};
    f->t.sections = sec;
    f->t.n_sections = 2;
    bg_doc doc;
    assert_int_equal(bg_compose_run(&f->t, &pts, 0, &f->a, &f->d, &doc), BG_OK);
    assert_int_equal(doc.n_refs, 1);
    assert_string_equal(doc.refs[0].text.runs[0].text.ptr,
                        "Alpha report. NATO. content/a.txt, lines 1\u20133, 5\u20137, 9\u201311, "
                        "13\u201315, 17\u201319, 21\u201323, 25\u201327, 29\u201331, 33\u201335, "
                        "37\u201339, 41\u201343, 45\u201347 \u2026and 4 more.");
}

/* An unknown category is reported at its own name, with the nearest known one. */
/* A point with an antecedent (extract.c: it refers back to the point before it, which scores
 * higher) prints the antecedent's text in front, unless that point is printed just before it in
 * the same section. */
static void test_antecedent(void **state)
{
    fixture *f = *state;
    f->p[2].antecedent = &f->s[1];
    bg_doc doc;
    /* Key points takes p[1] and p[0]; Other takes p[2], after another section. */
    assert_int_equal(bg_compose_run(&f->t, &f->pts, 0, &f->a, &f->d, &doc), BG_OK);
    const bg_doc_block *led = nth_of(&doc, BG_DOC_ITEM, 1, 0);
    assert_non_null(led);
    assert_ptr_equal(led->text.runs[0].origin, &f->s[1]);
    assert_true(bg_str_eq_cstr(led->text.runs[1].text, " "));
    assert_ptr_equal(led->text.runs[2].origin, &f->s[2]);
    assert_int_equal(led->text.runs[3].kind, BG_RUN_CITE);
    /* One section in source order: p[2] comes right after p[1] and prints alone. */
    f->sec[0].limit = 3;
    f->sec[0].order = BG_ORDER_SOURCE;
    assert_int_equal(bg_compose_run(&f->t, &f->pts, 0, &f->a, &f->d, &doc), BG_OK);
    assert_ptr_equal(nth_of(&doc, BG_DOC_ITEM, 0, 1)->text.runs[0].origin, &f->s[1]);
    const bg_doc_block *alone = nth_of(&doc, BG_DOC_ITEM, 0, 2);
    assert_ptr_equal(alone->text.runs[0].origin, &f->s[2]);
    assert_int_equal(alone->text.runs[1].kind, BG_RUN_CITE);
}

/* A point printed on its own that opens in lower case (a facts-box line "about 300 …", a list
 * item without its introduction) starts with a capital letter; its source is untouched. */
static void test_capitalised(void **state)
{
    fixture *f = *state;
    f->s[3].text = BG_STR_LIT("about 300 crew were assessed for hearing loss");
    f->p[3].score = 6;
    bg_doc doc;
    assert_int_equal(bg_compose_run(&f->t, &f->pts, 0, &f->a, &f->d, &doc), BG_OK);
    bool found = false;
    for (size_t i = 0; i < doc.n_blocks; i++) {
        const bg_doc_block *b = &doc.blocks[i];
        if (b->kind == BG_DOC_ITEM && b->text.n_runs > 0 && b->text.runs[0].origin == &f->s[3]) {
            assert_true(bg_str_eq_cstr(b->text.runs[0].text,
                                       "About 300 crew were assessed for hearing loss"));
            found = true;
        }
    }
    assert_true(found);
    assert_int_equal(f->s[3].text.ptr[0], 'a');
}

/* A point's short variant (extract_compress.c, shorten rules) becomes its block's brief, with the
 * same citations, only when the template asks for it (`shorten:`); the text stays whole. */
static void test_brief(void **state)
{
    fixture *f = *state;
    bg_sentence brief = f->s[1];
    brief.text = BG_STR_LIT("Cyber defence cooperation deepened.");
    f->p[1].brief = &brief;
    bg_doc doc;
    assert_int_equal(bg_compose_run(&f->t, &f->pts, 0, &f->a, &f->d, &doc), BG_OK);
    const bg_doc_block *b = nth_of(&doc, BG_DOC_ITEM, 0, 0);
    assert_ptr_equal(b->text.runs[0].origin, &f->s[1]);
    assert_int_equal(b->brief.n_runs, 0);
    f->t.is_shortening = true;
    f->t.shorten_margin = 1.5;
    assert_int_equal(bg_compose_run(&f->t, &f->pts, 0, &f->a, &f->d, &doc), BG_OK);
    b = nth_of(&doc, BG_DOC_ITEM, 0, 0);
    assert_true(bg_str_eq_cstr(b->text.runs[0].text, "Cyber defence cooperation deepened "
                                                     "through joint exercises every year."));
    assert_true(bg_str_eq_cstr(b->brief.runs[0].text, "Cyber defence cooperation deepened."));
    assert_int_equal(b->brief.n_runs, b->text.n_runs);
    assert_int_equal(b->brief.runs[1].kind, BG_RUN_CITE);
    assert_true(doc.shorten_margin == 1.5);
    /* A point without one has none. */
    assert_int_equal(nth_of(&doc, BG_DOC_ITEM, 0, 1)->brief.n_runs, 0);
}

/* The text of @in's first run. */
static bool first_text_is(const bg_inline *in, const char *want)
{
    return in->n_runs > 0 && bg_str_eq_cstr(in->runs[0].text, want);
}

/* Two or more items of one list (the same bg_point.intro) in a points section print as a
 * lead bullet (their introduction, once, with its colon; scored as the best item) and the
 * items nested under it with an en dash, each cited; a later sibling moves up to the first
 * in score order; a lone item prints whole as before. */
static void test_list_siblings(void **state)
{
    fixture *f = *state;
    static bg_sentence intro, item[2];
    intro = (bg_sentence){.text = BG_STR_LIT("Allies agreed to:"), .loc = f->s[3].loc};
    static const char *const texts[2] = {"Allies agreed to expand cyber defence work.",
                                         "Allies agreed to fund three new centres."};
    for (int i = 0; i < 2; i++) {
        item[i] = (bg_sentence){.text = bg_str_from(texts[i])};
        item[i].loc = (bg_loc){f->src[0].path, (uint32_t)(20 + i), 5};
    }
    /* p[0] 5, item 6, p[2] 4, item 3: score order puts p[2] between the two items. */
    f->p[1] =
        (bg_point){.s = &item[0], .category = 0, .score = 6, .intro = &intro, .lead_bytes = 17};
    f->p[3] =
        (bg_point){.s = &item[1], .category = 2, .score = 3, .intro = &intro, .lead_bytes = 17};
    f->sec[0].limit = 0;
    f->sec[0].order = BG_ORDER_SCORE;
    bg_doc doc;
    assert_int_equal(bg_compose_run(&f->t, &f->pts, 0, &f->a, &f->d, &doc), BG_OK);
    assert_int_equal(count_of(&doc, BG_DOC_ITEM, 0), 5);
    const bg_doc_block *lead = nth_of(&doc, BG_DOC_ITEM, 0, 0);
    assert_true(first_text_is(&lead->text, "Allies agreed to"));
    assert_true(bg_str_eq_cstr(lead->text.runs[1].text, ":"));
    assert_int_equal(lead->text.n_runs, 2); /* uncited: each item cites */
    assert_int_equal(lead->depth, 0);
    assert_true(lead->score == 6);
    const bg_doc_block *first = nth_of(&doc, BG_DOC_ITEM, 0, 1);
    const bg_doc_block *second = nth_of(&doc, BG_DOC_ITEM, 0, 2);
    assert_true(first_text_is(&first->text, "expand cyber defence work."));
    assert_true(first_text_is(&second->text, "fund three new centres."));
    assert_true(first_text_is(&first->label, "\xE2\x80\x93"));
    assert_int_equal(first->depth, 1);
    assert_int_equal(second->depth, 1);
    assert_int_equal(first->text.runs[1].kind, BG_RUN_CITE);
    assert_int_equal(second->text.runs[1].kind, BG_RUN_CITE);
    assert_true(second->score == 3);
    assert_true(first_text_is(&nth_of(&doc, BG_DOC_ITEM, 0, 3)->text, f->s[0].text.ptr));
    assert_int_equal(nth_of(&doc, BG_DOC_ITEM, 0, 3)->depth, 0);
    /* One sibling alone (min_score leaves out the other): whole, as any point. */
    f->sec[0].min_score = 4;
    assert_int_equal(bg_compose_run(&f->t, &f->pts, 0, &f->a, &f->d, &doc), BG_OK);
    const bg_doc_block *alone = nth_of(&doc, BG_DOC_ITEM, 0, 0);
    assert_true(first_text_is(&alone->text, texts[0]));
    assert_true(first_text_is(&alone->label, "\xE2\x80\xA2"));
    assert_int_equal(alone->depth, 0);
    assert_int_equal(count_of(&doc, BG_DOC_ITEM, 0), 3);
}

static void test_unknown_category_suggestion(void **state)
{
    fixture *f = *state;
    char buf[256] = {0};
    FILE *err = fmemopen(buf, sizeof(buf) - 1, "w");
    assert_non_null(err);
    bg_diag_init(&f->d, err, "briefgen");
    bg_str bad = BG_STR_LIT("cybr");
    bg_loc at = {"templates/t.yaml", 7, 19};
    f->sec[0].categories = &bad;
    f->sec[0].category_locs = &at;
    f->sec[0].n_categories = 1;
    bg_doc doc;
    assert_int_equal(bg_compose_run(&f->t, &f->pts, 0, &f->a, &f->d, &doc), BG_EINPUT);
    fclose(err);
    assert_string_equal(buf, "templates/t.yaml:7:19: error: unknown category 'cybr' "
                             "(did you mean 'cyber'?)\n");
}

/* A timeline entry's lead: without its date clause; a whole remainder keeps its full stop,
 * a cut one ends in an ellipsis instead of its comma. */
static void test_lead_clause(void **state)
{
    fixture *f = *state;
    const char *whole = "Since 2021, the Republic of Korea has joined the exercise Locked Shields.";
    bg_str s = bg_str_from(whole);
    bg_str date = {whole + 6, 4};
    bg_str got = bg_compose_lead(&f->a, s, date);
    assert_true(
        bg_str_eq_cstr(got, "The Republic of Korea has joined the exercise Locked Shields."));
    const char *cut = "In July 2024, NATO and the Republic of Korea signed an agreement on mutual "
                      "recognition, the first such deal with an Asian country.";
    s = bg_str_from(cut);
    date = (bg_str){cut + 3, 9};
    got = bg_compose_lead(&f->a, s, date);
    assert_true(bg_str_eq_cstr(got, "NATO and the Republic of Korea signed an agreement on mutual "
                                    "recognition\xE2\x80\xA6"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_selection, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_category, setup, teardown),
        cmocka_unit_test_setup_teardown(test_source_order_and_empty_section, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reference_ranges, setup, teardown),
        cmocka_unit_test_setup_teardown(test_antecedent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_capitalised, setup, teardown),
        cmocka_unit_test_setup_teardown(test_brief, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_siblings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_category_suggestion, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lead_clause, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
