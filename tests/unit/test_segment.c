/* Unit tests for segment.c: blocks (headings, bullets, paragraphs, line lists, facts box rows,
 * tables set with vertical bars), repeated noise lines, and sentence splitting around
 * abbreviations, initials, numbers, ellipses, quotes, footnote markers and no-break spaces.
 * Sources are built in memory. */
#include "test_support.h"

#include <string.h>

#include "arena.h"
#include "diag.h"
#include "segment.h"
#include "segment_table.h"
#include "source.h"

typedef struct {
    bg_arena a;
    bg_diag d;
    bg_source src[2];
    bg_source_set set;
    bg_sentence_list out;
} fixture;

static void run(fixture *f, const char *t1, const char *t2)
{
    bg_arena_init(&f->a, 1u << 24);
    bg_diag_init(&f->d, stderr, "test");
    make_source_set(&f->a, f->src, &f->set, t1, t2);
    assert_int_equal(bg_segment_run(&f->set, &f->a, &f->d, &f->out), BG_OK);
}

static bool text_is(const bg_sentence *s, const char *want)
{
    if (!bg_str_eq_cstr(s->text, want)) {
        print_message("got '%.*s', want '%s'\n", (int)s->text.len, s->text.ptr, want);
        return false;
    }
    return true;
}

/* The sentences are exactly @want, in order. */
static void assert_texts(const fixture *f, const char *const *want, size_t n)
{
    assert_int_equal(f->out.n, n);
    for (size_t i = 0; i < n; i++) {
        assert_true(text_is(&f->out.items[i], want[i]));
    }
}

static void test_split_abbreviations(void **state)
{
    (void)state;
    fixture f;
    run(&f,
        "Talks began on 16 Jul. 2024 in the U.S. capital. Dr. Kim met J. Smith at No. 10. "
        "Growth was 2.5 per cent, e.g. in Asia. The summit met in Washington, D.C., where "
        "leaders spoke... Then it ended! Did it? \"Yes.\" (Really.) Last one. Credit: "
        "Reuters/J. Ahmed. Costs rose c. 40% in 2024. The contract is worth 1,2 mld. Kč, "
        "excluding VAT. It was signed on 3. 6. 2025 in Prague. Its price fell in 2024. 2025 "
        "was better. Each unit has 12. 45 more came.\n",
        NULL);
    const char *want[] = {
        "Talks began on 16 Jul. 2024 in the U.S. capital.",
        "Dr. Kim met J. Smith at No. 10.",
        "Growth was 2.5 per cent, e.g. in Asia.",
        "The summit met in Washington, D.C., where leaders spoke... Then it ended!",
        "Did it?",
        "\"Yes.\"",
        "(Really.)",
        "Last one.",
        "Credit: Reuters/J. Ahmed.",                         /* an initial after a slash */
        "Costs rose c. 40% in 2024.",                        /* circa */
        "The contract is worth 1,2 mld. Kč, excluding VAT.", /* an amount's scale */
        "It was signed on 3. 6. 2025 in Prague.",            /* a date with dots */
        "Its price fell in 2024.",                           /* a year is no day */
        "2025 was better.",
        "Each unit has 12.", /* a day's digits, but no year after them */
        "45 more came.",
    };
    assert_int_equal(f.out.n, sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < f.out.n; i++) {
        assert_true(text_is(&f.out.items[i], want[i]));
        assert_int_equal(f.out.items[i].index, i);
        assert_int_equal(f.out.items[i].kind, BG_KIND_PARA);
    }
    assert_int_equal(f.out.items[1].loc.line, 1);
    assert_int_equal(f.out.items[1].loc.col, 50);
    bg_arena_free(&f.a);
}

/* A footnote marker after the full stop ends the sentence with it ("… equipment.[1] Along
 * …"); a bracket that is no footnote number does not end a sentence, and an opening one
 * may start the next. */
static void test_split_after_footnote(void **state)
{
    (void)state;
    fixture f;
    run(&f,
        "Drones destroyed most equipment.[1] Along the front, a zone has emerged.[12][3] "
        "It grew. [Editor's note] It ended in 2024.[x] and went on.\n",
        NULL);
    const char *want[] = {
        "Drones destroyed most equipment.[1]",
        "Along the front, a zone has emerged.[12][3]",
        "It grew.",
        "[Editor's note] It ended in 2024.[x] and went on.",
    };
    assert_texts(&f, want, sizeof(want) / sizeof(want[0]));
    bg_arena_free(&f.a);
}

/* A full stop inside a quotation does not end the sentence when the quotation closes later
 * in the block: its attribution stays with every sentence it attributes. A quotation
 * left open (a stray mark) or one that closes far away splits as before. */
static void test_quote_keeps_attribution(void **state)
{
    (void)state;
    fixture f;
    run(&f,
        "\"The group is weakened. It is not defeated,\" the Chairperson said on Monday. "
        "The Minister said: \u201cWe will stay. We will help.\u201d He then left. "
        "They spoke of a \"new era. It ended. Then more.\n",
        NULL);
    const char *want[] = {
        "\"The group is weakened. It is not defeated,\" the Chairperson said on Monday.",
        "The Minister said: \u201cWe will stay. We will help.\u201d",
        "He then left.",
        "They spoke of a \"new era.",
        "It ended.",
        "Then more.",
    };
    assert_texts(&f, want, sizeof(want) / sizeof(want[0]));
    bg_arena_free(&f.a);
}

/* The quotation state is counted forward once per sentence: a second quotation after a
 * closed one keeps its inner full stops too, and the sentence after the last one splits. */
static void test_quotes_in_one_sentence(void **state)
{
    (void)state;
    fixture f;
    run(&f,
        "\"We stay. We help\" she said and \"We train. We fund\" he added on 3 May. "
        "Talks went on. \"It ended. Then more,\" one said.\n",
        NULL);
    const char *want[] = {
        "\"We stay. We help\" she said and \"We train. We fund\" he added on 3 May.",
        "Talks went on.",
        "\"It ended. Then more,\" one said.",
    };
    assert_texts(&f, want, sizeof(want) / sizeof(want[0]));
    bg_arena_free(&f.a);
}

/* A short line that is a quotation ends inside its marks: a paragraph, not a heading (a
 * heading has no final punctuation). A short line whose last word is quoted stays one. */
static void test_quote_line_is_no_heading(void **state)
{
    (void)state;
    fixture f;
    run(&f,
        "The Minister said: \"Our door remains open to every neighbour.\"\n\n"
        "\u201cEvery interceptor counts.\u201d\n\n"
        "The \"Third Neighbour\"\n",
        NULL);
    assert_int_equal(f.out.n, 3);
    assert_true(text_is(&f.out.items[0], "The Minister said: \"Our door remains open to every "
                                         "neighbour.\""));
    assert_int_equal(f.out.items[0].kind, BG_KIND_PARA);
    assert_int_equal(f.out.items[1].kind, BG_KIND_PARA);
    assert_int_equal(f.out.items[2].kind, BG_KIND_HEADING);
    bg_arena_free(&f.a);
}

static void test_no_break_space_and_unicode_columns(void **state)
{
    (void)state;
    fixture f;
    /* U+00A0 after the full stop; columns count characters, not bytes. */
    run(&f, "Écoles ferment.\xC2\xA0\xC3\x89tats agree. \xE2\x80\x9CQuoted\xE2\x80\x9D start.",
        NULL);
    assert_int_equal(f.out.n, 3);
    assert_true(text_is(&f.out.items[1], "\xC3\x89tats agree."));
    assert_int_equal(f.out.items[1].loc.col, 17);
    assert_true(text_is(&f.out.items[2], "\xE2\x80\x9CQuoted\xE2\x80\x9D start."));
    bg_arena_free(&f.a);
}

/* Lettered and roman list labels open bullets as list numbers do ("(3) " too); a capital
 * initial, a word in parentheses and "i.e." do not; nor does a pictograph alone, which
 * with white space after it is a bullet ("✅ Value: …"). */
static void test_list_labels(void **state)
{
    (void)state;
    fixture f;
    run(&f,
        "The works include:\n"
        "a) a new pier;\n"
        "b. a simulator;\n"
        "(iv) a range;\n"
        "xi) a school;\n"
        "(3) a depot.\n"
        "\n"
        "A. Smith wrote it.\n"
        "\n"
        "(abc) is no label.\n"
        "\n"
        "i.e. no label either.\n"
        "\n"
        "Key facts:\n"
        "\xE2\x9C\x85 Value: up to \xE2\x82\xAC"
        "42m (excl. VAT)\n"
        "\xF0\x9F\x91\x89\xF0\x9F\x8F\xBD Delivery: 2026\n"
        "\xE2\x9C\x85\xEF\xB8\x8F Staff: 12\n"
        "\xE2\x86\x92\n",
        NULL);
    struct {
        const char *text;
        bg_block_kind kind;
    } want[] = {
        {"The works include:", BG_KIND_PARA},
        {"a new pier;", BG_KIND_BULLET},
        {"a simulator;", BG_KIND_BULLET},
        {"a range;", BG_KIND_BULLET},
        {"a school;", BG_KIND_BULLET},
        {"a depot.", BG_KIND_BULLET},
        {"A. Smith wrote it.", BG_KIND_PARA},
        {"(abc) is no label.", BG_KIND_PARA},
        {"i.e. no label either.", BG_KIND_PARA},
        /* a pictograph, with its skin tone or variation selector, is a bullet's marker; one
         * alone on its line is no marker */
        {"Key facts:", BG_KIND_PARA},
        {"Value: up to \xE2\x82\xAC"
         "42m (excl. VAT)",
         BG_KIND_BULLET},
        {"Delivery: 2026", BG_KIND_BULLET},
        {"Staff: 12", BG_KIND_BULLET},
        {"\xE2\x86\x92", BG_KIND_HEADING},
    };
    assert_int_equal(f.out.n, sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < f.out.n; i++) {
        assert_true(text_is(&f.out.items[i], want[i].text));
        assert_int_equal(f.out.items[i].kind, want[i].kind);
    }
    bg_arena_free(&f.a);
}

static void test_blocks(void **state)
{
    (void)state;
    fixture f;
    run(&f,
        "Relations with Korea\n"
        "\n"
        "  \xE2\x80\xA2 First bullet. Second sentence.\n"
        "  - Dash bullet\n"
        "* Star bullet\n"
        "\xE2\x80\x93 En dash bullet\n"
        "\n"
        "Key areas\n"
        "\xE2\x80\xA2 Under a heading.\n"
        "\n"
        "Abstract\n"
        "A paragraph glued to its heading line. It goes on.\n"
        "\n"
        "Asia\n"
        "Foreign Policy\n"
        "Jane Doe\n"
        "\n"
        "  1. Numbered item;\n"
        "  12) Another one.\n"
        "2024. the year is no list number.\n"
        "\n"
        "Ends without newline. Heading Like",
        NULL);
    struct {
        const char *text;
        bg_block_kind kind;
        uint32_t line;
    } want[] = {
        {"Relations with Korea", BG_KIND_HEADING, 1},
        {"First bullet.", BG_KIND_BULLET, 3},
        {"Second sentence.", BG_KIND_BULLET, 3},
        {"Dash bullet", BG_KIND_BULLET, 4},
        {"Star bullet", BG_KIND_BULLET, 5},
        {"En dash bullet", BG_KIND_BULLET, 6},
        {"Key areas", BG_KIND_HEADING, 8},
        {"Under a heading.", BG_KIND_BULLET, 9},
        {"Abstract", BG_KIND_HEADING, 11},
        {"A paragraph glued to its heading line.", BG_KIND_PARA, 12},
        {"It goes on.", BG_KIND_PARA, 12},
        {"Asia\nForeign Policy\nJane Doe", BG_KIND_PARA, 14},
        {"Numbered item;", BG_KIND_BULLET, 18},
        {"Another one.", BG_KIND_BULLET, 19},
        {"2024. the year is no list number.", BG_KIND_PARA, 20},
        {"Ends without newline.", BG_KIND_PARA, 22},
        {"Heading Like", BG_KIND_PARA, 22},
    };
    assert_int_equal(f.out.n, sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < f.out.n; i++) {
        assert_true(text_is(&f.out.items[i], want[i].text));
        assert_int_equal(f.out.items[i].kind, want[i].kind);
        assert_int_equal(f.out.items[i].loc.line, want[i].line);
    }
    /* nearest heading above: index+1 into the list */
    assert_int_equal(f.out.items[1].heading, 1);
    assert_int_equal(f.out.items[7].heading, 7);
    assert_int_equal(f.out.items[9].heading, 9);
    assert_int_equal(f.out.items[0].heading, 0);
    /* bullets and paragraphs are distinct blocks */
    assert_int_not_equal(f.out.items[1].para, f.out.items[3].para);
    assert_int_equal(f.out.items[1].para, f.out.items[2].para);
    bg_arena_free(&f.a);
}

/* A facts box set as short lines without markers: its heading, then one unit per row, so
 * that each row's figure can be a point; a list of short lines that are not rows (tags,
 * names) stays one unit, and a box with one row is not a box. */
static void test_facts_box_rows(void **state)
{
    (void)state;
    fixture f;
    run(&f,
        "Mission facts\n"
        "  Staff: about 150, of them some 40 international\n"
        "  Unified budget 2025: \xE2\x82\xAC"
        "6.9 million\n"
        "\n"
        "Asia\n"
        "Topics: Partnerships\n"
        "\n"
        "Members\n"
        "  Poland \xE2\x80\x93 sponsoring nation, provides a test range\n"
        "  Latvia \xE2\x80\x93 sponsoring nation\n"
        "\n"
        "Key facts\n"
        "Established: 1992\n"
        "\n"
        "At a glance\n"
        "589 vehicles on order\n"
        "\xC2\xA3"
        "3.2bn spent to 31 March 2024\n"
        "about 300 crew assessed for hearing loss\n"
        "\n"
        "Contents\n"
        "  1. A dependence built in the 1990s\n"
        "  2. Where the risks lie\n",
        NULL);
    struct {
        const char *text;
        bg_block_kind kind;
    } want[] = {
        {"Mission facts", BG_KIND_HEADING},
        {"Staff: about 150, of them some 40 international", BG_KIND_PARA},
        {"Unified budget 2025: \xE2\x82\xAC"
         "6.9 million",
         BG_KIND_PARA},
        {"Asia\nTopics: Partnerships", BG_KIND_PARA},
        /* a table set as lines: name, spaced en dash, what it does */
        {"Members", BG_KIND_HEADING},
        {"Poland \xE2\x80\x93 sponsoring nation, provides a test range", BG_KIND_PARA},
        {"Latvia \xE2\x80\x93 sponsoring nation", BG_KIND_PARA},
        {"Key facts\nEstablished: 1992", BG_KIND_PARA},
        /* rows that open on their figure */
        {"At a glance", BG_KIND_HEADING},
        {"589 vehicles on order", BG_KIND_PARA},
        {"\xC2\xA3"
         "3.2bn spent to 31 March 2024",
         BG_KIND_PARA},
        {"about 300 crew assessed for hearing loss", BG_KIND_PARA},
        /* a numbered table of contents: its heading, then its entries, list items (without
           final punctuation, extract drops them) */
        {"Contents", BG_KIND_HEADING},
        {"A dependence built in the 1990s", BG_KIND_BULLET},
        {"Where the risks lie", BG_KIND_BULLET},
    };
    assert_int_equal(f.out.n, sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < f.out.n; i++) {
        assert_true(text_is(&f.out.items[i], want[i].text));
        assert_int_equal(f.out.items[i].kind, want[i].kind);
    }
    assert_int_not_equal(f.out.items[1].para, f.out.items[2].para);
    assert_int_equal(f.out.items[1].loc.line, 2);
    assert_int_equal(f.out.items[2].loc.line, 3);
    bg_arena_free(&f.a);
}

/* A table set with vertical bars: each row a sentence in its header's words, the headers'
 * spans marked; a caption line in front is a heading; menus, a single line with bars and a
 * table without figures after its first column are not tables. */
static void test_bar_tables(void **state)
{
    (void)state;
    fixture f;
    run(&f,
        "Budgets, 2025-26\n"
        "Operation | Location | Budget (USD million) | Staff\n"
        "UNMISS | South Sudan | 1,231 | 19,100\n"
        "UNISFA | Abyei | 296 | \n"
        "\n"
        "| Subhead | 2025 | 2026 |\n"
        "|---|---:|---:|\n"
        "| Pay | 560 | 588 |\n"
        "| Total | 1,200 | 1,300. |\n"
        "\n"
        "News | MEPs | Plenary\n"
        "About | Press | Jobs\n"
        "Contact | Legal | Privacy\n"
        "\n"
        "Report 2024 | released 03/06/2025 | ISSN 2443-7972\n",
        NULL);
    const char *want[] = {
        "Budgets, 2025-26",
        "UNMISS \xE2\x80\x93 Location: South Sudan; Budget (USD million): 1,231; Staff: 19,100.",
        "UNISFA \xE2\x80\x93 Location: Abyei; Budget (USD million): 296.",
        "Pay \xE2\x80\x93 2025: 560; 2026: 588.",
        "Total \xE2\x80\x93 2025: 1,200; 2026: 1,300.",
        "News | MEPs | Plenary\nAbout | Press | Jobs\nContact | Legal | Privacy",
        "Report 2024 | released 03/06/2025 | ISSN 2443-7972",
    };
    assert_texts(&f, want, sizeof(want) / sizeof(want[0]));
    assert_int_equal(f.out.items[0].kind, BG_KIND_HEADING);
    assert_int_equal(f.out.items[1].kind, BG_KIND_PARA);
    assert_int_equal(f.out.items[1].loc.line, 3);
    assert_int_equal(f.out.items[3].loc.line, 8);
    /* "UNMISS – Location: …": the headers' bytes, none of the cells' */
    const bg_sentence *r = &f.out.items[1];
    assert_int_equal(r->n_labels, 3);
    assert_true(bg_str_eq_cstr(
        (bg_str){r->text.ptr + r->labels[0].start, r->labels[0].end - r->labels[0].start},
        "Location"));
    assert_true(bg_str_eq_cstr(
        (bg_str){r->text.ptr + r->labels[2].start, r->labels[2].end - r->labels[2].start},
        "Staff"));
    assert_int_equal(f.out.items[2].n_labels, 2); /* the empty cell and its header left out */
    assert_null(f.out.items[5].labels);
    bg_arena_free(&f.a);
}

/* A row's cells: framed by bars or not, a bar at the end alone opens an empty cell, no bar
 * or too many cells is no row; an underline is one; a figure counts after the first cell. */
static void test_table_cells(void **state)
{
    (void)state;
    bg_str c[BG_SEGMENT_TABLE_MAX_CELLS];
    assert_int_equal(bg_segment_table_cells(BG_STR_LIT("| a | b |"), c), 2);
    assert_true(bg_str_eq_cstr(c[0], "a") && bg_str_eq_cstr(c[1], "b"));
    assert_int_equal(bg_segment_table_cells(BG_STR_LIT("a|b |"), c), 3);
    assert_true(bg_str_eq_cstr(c[1], "b") && c[2].len == 0);
    assert_int_equal(bg_segment_table_cells(BG_STR_LIT("| a | b"), c), 2);
    assert_int_equal(bg_segment_table_cells(BG_STR_LIT("no bar at all"), c), 0);
    assert_int_equal(bg_segment_table_cells(BG_STR_LIT("1|2|3|4|5|6|7|8|9"), c), 0);
    assert_int_equal(bg_segment_table_cells(BG_STR_LIT("1|2|3|4|5|6|7|8"), c), 8);
    assert_true(bg_segment_table_is_rule(BG_STR_LIT("|---|:--:| --- |")));
    assert_false(bg_segment_table_is_rule(BG_STR_LIT("| - | a |")));
    assert_false(bg_segment_table_is_rule(BG_STR_LIT("| | |")));
    bg_str row[2] = {BG_STR_LIT("2025"), BG_STR_LIT("n/a")};
    assert_false(bg_segment_table_has_figure(row, 2));
    row[1] = BG_STR_LIT("about 40");
    assert_true(bg_segment_table_has_figure(row, 2));
}

static void test_repeated_lines_are_noise(void **state)
{
    (void)state;
    fixture f;
    run(&f,
        "Menu\n\nInstall the app\n\nThe first real sentence of the page is here and long enough.\n"
        "\nMenu\n\nInstall  the App\n",
        "Install the app\n\nThe first real sentence of the page is here and long enough.\n");
    /* "Menu" and the banner survive once; the body sentence is kept in both sources so that
     * extract can cite both. */
    size_t menus = 0;
    size_t banners = 0;
    size_t body = 0;
    for (size_t i = 0; i < f.out.n; i++) {
        menus += bg_str_eq_cstr(f.out.items[i].text, "Menu");
        banners += f.out.items[i].text.len == 15 && f.out.items[i].text.ptr[0] == 'I';
        body += f.out.items[i].text.len > 40;
    }
    assert_int_equal(menus, 1);
    assert_int_equal(banners, 1);
    assert_int_equal(body, 2);
    assert_int_equal(f.out.items[f.out.n - 1].source, 1);
    bg_arena_free(&f.a);
}

/* A page's footer where the publisher (the sidecar's) describes itself is furniture; a
 * sentence about another body, or the publisher doing something, is kept. */
static void test_publisher_blurb(void **state)
{
    (void)state;
    fixture f;
    bg_arena_init(&f.a, 1u << 24);
    bg_diag_init(&f.d, stderr, "test");
    make_source_set(&f.a, f.src, &f.set,
                    "Europol is the EU agency for law enforcement cooperation, headquartered in "
                    "The Hague. Europol coordinated the action day in 14 countries. Interpol "
                    "is the world's police organisation.\n",
                    NULL);
    f.src[0].meta.publisher = bg_str_from("Europol");
    assert_int_equal(bg_segment_run(&f.set, &f.a, &f.d, &f.out), BG_OK);
    const char *want[] = {
        "Europol coordinated the action day in 14 countries.",
        "Interpol is the world's police organisation.",
    };
    assert_texts(&f, want, 2);
    /* the sentences left are numbered in their block as if the blurb were not there */
    assert_int_equal(f.out.items[0].index, 0);
    assert_int_equal(f.out.items[1].index, 1);
    bg_arena_free(&f.a);
}

static void test_empty_and_blank(void **state)
{
    (void)state;
    fixture f;
    run(&f, "\n   \n\t\n", "");
    assert_int_equal(f.out.n, 0);
    bg_arena_free(&f.a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_abbreviations),
        cmocka_unit_test(test_split_after_footnote),
        cmocka_unit_test(test_quote_keeps_attribution),
        cmocka_unit_test(test_quotes_in_one_sentence),
        cmocka_unit_test(test_quote_line_is_no_heading),
        cmocka_unit_test(test_no_break_space_and_unicode_columns),
        cmocka_unit_test(test_list_labels),
        cmocka_unit_test(test_blocks),
        cmocka_unit_test(test_facts_box_rows),
        cmocka_unit_test(test_bar_tables),
        cmocka_unit_test(test_table_cells),
        cmocka_unit_test(test_repeated_lines_are_noise),
        cmocka_unit_test(test_publisher_blurb),
        cmocka_unit_test(test_empty_and_blank),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
