/* Unit tests for rules.c: loading and merging rule files, compile errors positioned at the
 * pattern with the offset in characters, schema errors, named groups, and the pcre2 match
 * limit on a catastrophic pattern. Rule files are written to a temporary directory. */
#include "test_support.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "rules.h"
#include "rules_filter.h"

typedef struct {
    bg_arena a;
    bg_diag d;
    FILE *msgs;
    char dir[64];
    char paths[2][128];
    char text[2048];
} fixture;

static bg_status load(fixture *f, const char *y1, const char *y2, bg_ruleset **rs)
{
    bg_arena_init(&f->a, 1u << 24);
    f->msgs = tmpfile();
    assert_non_null(f->msgs);
    bg_diag_init(&f->d, f->msgs, "briefgen");
    assert_true(tmpdir_make(f->dir, sizeof(f->dir), "rules"));
    snprintf(f->paths[0], sizeof(f->paths[0]), "%s/a.yaml", f->dir);
    snprintf(f->paths[1], sizeof(f->paths[1]), "%s/b.yaml", f->dir);
    assert_true(tmpdir_write_text(f->dir, "a.yaml", y1));
    if (y2) {
        assert_true(tmpdir_write_text(f->dir, "b.yaml", y2));
    }
    const char *paths[] = {f->paths[0], f->paths[1]};
    bg_status st = bg_rules_load(paths, y2 ? 2 : 1, &f->a, &f->d, rs);
    return st;
}

/* The messages printed so far, with the temp directory replaced by "D". */
static const char *messages(fixture *f)
{
    fflush(f->msgs);
    rewind(f->msgs);
    size_t n = fread(f->text, 1, sizeof(f->text) - 1, f->msgs);
    f->text[n] = 0;
    size_t dl = strlen(f->dir);
    char *p = strstr(f->text, f->dir);
    while (p) {
        p[0] = 'D';
        memmove(p + 1, p + dl, strlen(p + dl) + 1);
        p = strstr(p + 1, f->dir);
    }
    return f->text;
}

static void done(fixture *f)
{
    bg_arena_free(&f->a);
    fclose(f->msgs);
    assert_true(tmpdir_remove(f->dir));
}

static void test_load_and_merge(void **state)
{
    (void)state;
    fixture f;
    bg_ruleset *rs = NULL;
    bg_status st = load(&f,
                        "scoring: {min_score: 2, lead_bonus: 1.5, breadth_share: 0.25}\n"
                        "drop:\n  - {name: app, pattern: 'install'}\n"
                        "categories:\n"
                        "  cyber:\n    - {name: a, pattern: 'cyber', weight: 3}\n"
                        "  risk:\n    - {name: b, pattern: 'threat'}\n",
                        "categories:\n"
                        "  cyber:\n    - {name: c, pattern: 'malware', weight: 2.5}\n"
                        "facts:\n  - {name: y, kind: date, pattern: '(?<year>\\d{4})'}\n",
                        &rs);
    assert_int_equal(st, BG_OK);
    assert_string_equal(messages(&f), "");
    assert_int_equal(bg_rules_count(rs), 5);
    assert_int_equal(bg_rules_n_categories(rs), 2);
    assert_true(bg_str_eq_cstr(bg_rules_category(rs, 0), "cyber"));
    assert_true(bg_str_eq_cstr(bg_rules_category(rs, 1), "risk"));
    const bg_rule_info *c = bg_rules_info(rs, 3);
    assert_string_equal(c->name, "cyber/c");
    assert_int_equal(c->category, 0);
    assert_true(c->weight == 2.5);
    assert_int_equal(c->loc.line, 3);
    assert_true(bg_rules_info(rs, 2)->weight == 1.0); /* default weight */
    assert_true(bg_rules_scoring(rs)->min_score == 2.0);
    assert_true(bg_rules_scoring(rs)->dedup_threshold == 0.8); /* default */
    assert_true(bg_rules_scoring(rs)->lead_bonus == 1.5);
    assert_true(bg_rules_scoring(rs)->breadth_share == 0.25);
    assert_true(bg_rules_scoring(rs)->length_penalty == 0.1);        /* default */
    assert_true(bg_rules_scoring(rs)->trim_keep_evidence == 1000.0); /* default: never */

    /* the fact rule captures its named group */
    size_t fact = 4; /* rules are numbered in file order */
    assert_string_equal(bg_rules_info(rs, fact)->name, "fact/y");
    bool found = false;
    bg_match m;
    bg_loc where = {"content/x.txt", 1, 1};
    assert_int_equal(
        bg_rules_match(rs, fact, BG_STR_LIT("since 2005."), 0, &where, &f.d, &found, &m), BG_OK);
    assert_true(found);
    assert_int_equal(m.start, 6);
    assert_int_equal(m.end, 10);
    assert_int_equal(m.n_groups, 1);
    assert_string_equal(m.group_name[0], "year");
    assert_int_equal(m.group_start[0], 6);
    assert_int_equal(
        bg_rules_match(rs, fact, BG_STR_LIT("since 2005."), 10, &where, &f.d, &found, &m), BG_OK);
    assert_false(found);
    done(&f);
}

static void test_compile_error_offset_in_characters(void **state)
{
    (void)state;
    fixture f;
    bg_ruleset *rs = NULL;
    bg_status st = load(&f,
                        "categories:\n"
                        "  risk:\n"
                        "    - {name: bad, pattern: '\xC3\xA9\xC3\xA9(abc'}\n"
                        "    - {name: range, pattern: 'a{2,1}'}\n",
                        NULL, &rs);
    assert_int_equal(st, BG_EINPUT);
    assert_string_equal(messages(&f),
                        "D/a.yaml:3:28: error: pattern does not compile: missing closing "
                        "parenthesis at offset 6\n"
                        "D/a.yaml:4:30: error: pattern does not compile: numbers out of order "
                        "in {} quantifier at offset 5\n");
    done(&f);
}

static void test_schema_errors(void **state)
{
    (void)state;
    fixture f;
    bg_ruleset *rs = NULL;
    bg_status st = load(&f,
                        "categories:\n"
                        "  risk:\n"
                        "    - {name: a, patern: 'x'}\n"
                        "facts:\n"
                        "  - {name: f, kind: data, pattern: 'x'}\n"
                        "scoring: {min_score: high}\n",
                        NULL, &rs);
    assert_int_equal(st, BG_EINPUT);
    assert_string_equal(messages(&f),
                        "D/a.yaml:3:17: error: unknown key 'patern' (did you mean 'pattern'?)\n"
                        "D/a.yaml:3:7: error: missing key 'pattern'\n"
                        "D/a.yaml:5:21: error: unknown fact kind 'data' (expected date, amount, "
                        "count, org or other)\n"
                        "D/a.yaml:6:22: error: expected a number, found a string\n");
    done(&f);
}

/* pattern_of: NAME takes the pattern of a rule loaded above it (one compiled code, two
 * rules of their own kinds and weights); a name not above it, or both keys, is an error at
 * the value. */
static void test_pattern_of(void **state)
{
    (void)state;
    fixture f;
    bg_ruleset *rs = NULL;
    assert_int_equal(load(&f,
                          "categories:\n"
                          "  general: [{name: row, pattern: '^\\w+: \\d+$', weight: 3}]\n"
                          "bonus:\n"
                          "  - {name: row, weight: 1.5, pattern_of: general/row}\n",
                          NULL, &rs),
                     BG_OK);
    assert_int_equal(bg_rules_count(rs), 2);
    const bg_rule_info *bonus = bg_rules_info(rs, 1);
    assert_string_equal(bonus->name, "bonus/row");
    assert_int_equal(bonus->kind, BG_RULE_BONUS);
    assert_true(bonus->weight == 1.5);
    assert_int_equal(bonus->loc.line, 4);
    bg_loc where = {.path = "x", .line = 1, .col = 1};
    for (size_t r = 0; r < 2; r++) {
        bool found = false;
        bg_match m;
        assert_int_equal(
            bg_rules_match(rs, r, bg_str_from("Troops: 17"), 0, &where, &f.d, &found, &m), BG_OK);
        assert_true(found);
    }
    done(&f);
    assert_int_equal(load(&f,
                          "bonus:\n"
                          "  - {name: early, weight: 1, pattern_of: general/row}\n"
                          "  - {name: both, weight: 1, pattern: 'x', pattern_of: bonus/early}\n"
                          "categories:\n"
                          "  general: [{name: row, pattern: 'y', weight: 3}]\n",
                          NULL, &rs),
                     BG_EINPUT);
    assert_string_equal(messages(&f), "D/a.yaml:2:42: error: pattern_of 'general/row': no rule "
                                      "of that name above it\n"
                                      "D/a.yaml:3:55: error: a rule has 'pattern' or "
                                      "'pattern_of', not both\n");
    done(&f);
}

/* terms: NAME: piece is used as {{NAME}} in the patterns below it, in its file and the
 * files after it, as one group ("{{ACT}}|b" is never "sai|d|b"); a term may use one above
 * it. Unknown, malformed and twice-defined terms are errors at their place; a term that
 * does not compile is one error at its line, however many patterns use it. */
static void test_terms(void **state)
{
    (void)state;
    fixture f;
    bg_ruleset *rs = NULL;
    assert_int_equal(load(&f,
                          "terms:\n"
                          "  ACT: 'said|told'\n"
                          "  WHO: 'the (?:minister|envoy) {{ACT}}'\n"
                          "categories:\n"
                          "  general: [{name: quote, pattern: '^{{WHO}}$|^x', weight: 3}]\n",
                          "categories:\n"
                          "  general: [{name: act, pattern: '\\b{{ACT}}\\b', weight: 1}]\n",
                          &rs),
                     BG_OK);
    assert_int_equal(bg_rules_count(rs), 2);
    bg_loc where = {.path = "x", .line = 1, .col = 1};
    const char *subjects[] = {"the envoy told", "the minister said", "x", "the envoy",
                              "He told us."};
    const bool quote[] = {true, true, true, false, false};
    const bool act[] = {true, true, false, false, true};
    for (size_t i = 0; i < 5; i++) {
        bool found = false;
        bg_match m;
        assert_int_equal(
            bg_rules_match(rs, 0, bg_str_from(subjects[i]), 0, &where, &f.d, &found, &m), BG_OK);
        assert_true(found == quote[i]);
        assert_int_equal(
            bg_rules_match(rs, 1, bg_str_from(subjects[i]), 0, &where, &f.d, &found, &m), BG_OK);
        assert_true(found == act[i]);
    }
    done(&f);
    assert_int_equal(load(&f,
                          "drop:\n"
                          "  - {name: early, pattern: '{{LATER}}'}\n"
                          "terms:\n"
                          "  LATER: 'a'\n"
                          "  9lives: 'c'\n"
                          "  OPEN: 'a(b'\n",
                          "terms:\n"
                          "  LATER: 'b'\n"
                          "drop:\n"
                          "  - {name: bad, pattern: 'x{{ y'}\n"
                          "  - {name: open1, pattern: 'a{{OPEN}}'}\n"
                          "  - {name: open2, pattern: '{{OPEN}}b'}\n"
                          "  - {name: own, pattern: '{{LATER}}('}\n",
                          &rs),
                     BG_EINPUT);
    assert_string_equal(messages(&f),
                        "D/a.yaml:2:28: error: unknown term 'LATER' at offset 0 (terms are "
                        "defined in a 'terms:' section above the rule)\n"
                        "D/a.yaml:5:3: error: term name '9lives': letters, digits, '_' and '-', "
                        "starting with a letter\n"
                        "D/b.yaml:2:3: error: term 'LATER' is defined twice (first at "
                        "D/a.yaml:4)\n"
                        "D/b.yaml:4:26: error: '{{' at offset 1 names no term ({{NAME}}; a "
                        "literal brace is '\\{')\n"
                        "D/a.yaml:6:9: error: term 'OPEN' does not compile: missing closing "
                        "parenthesis at offset 7\n"
                        "D/b.yaml:7:26: error: pattern (its terms expanded) does not compile: "
                        "missing closing parenthesis at offset 6\n");
    done(&f);
}

/* scoring: fallback_category names a category of any file, in any order; a name that is
 * no category is an error at the name. */
static void test_fallback_category(void **state)
{
    (void)state;
    fixture f;
    bg_ruleset *rs = NULL;
    assert_int_equal(load(&f, "scoring: {fallback_category: general}\n",
                          "categories:\n"
                          "  risk: [{name: a, pattern: 'x'}]\n"
                          "  general: [{name: b, pattern: 'y'}]\n",
                          &rs),
                     BG_OK);
    assert_int_equal(bg_rules_scoring(rs)->fallback_category, 1);
    done(&f);
    assert_int_equal(load(&f, "categories:\n  risk: [{name: a, pattern: 'x'}]\n", NULL, &rs),
                     BG_OK);
    assert_int_equal(bg_rules_scoring(rs)->fallback_category, SIZE_MAX);
    done(&f);
    assert_int_equal(load(&f,
                          "scoring:\n  fallback_category: genral\n"
                          "categories:\n  general: [{name: b, pattern: 'y'}]\n",
                          NULL, &rs),
                     BG_EINPUT);
    assert_string_equal(messages(&f),
                        "D/a.yaml:2:22: error: fallback_category 'genral' is not a category\n");
    done(&f);
}

/* refer: rules load as their own kind ("refer/NAME"); scoring: refer_max_words defaults to
 * 0 (never) and is a number >= 0. */
static void test_refer_rules(void **state)
{
    (void)state;
    fixture f;
    bg_ruleset *rs = NULL;
    assert_int_equal(
        load(&f, "scoring: {refer_max_words: 25}\nrefer:\n  - {name: it, pattern: '^It'}\n", NULL,
             &rs),
        BG_OK);
    assert_int_equal(bg_rules_count(rs), 1);
    assert_int_equal(bg_rules_info(rs, 0)->kind, BG_RULE_REFER);
    assert_string_equal(bg_rules_info(rs, 0)->name, "refer/it");
    assert_true(bg_rules_scoring(rs)->refer_max_words == 25.0);
    done(&f);
    assert_int_equal(load(&f, "refer:\n  - {name: it, pattern: '^It'}\n", NULL, &rs), BG_OK);
    assert_true(bg_rules_scoring(rs)->refer_max_words == 0.0);
    done(&f);
    assert_int_equal(load(&f, "scoring:\n  refer_max_words: -1\n", NULL, &rs), BG_EINPUT);
    assert_non_null(strstr(messages(&f), "D/a.yaml:2:20: error:"));
    done(&f);
}

/* A bonus rule may say unless_referred (a boolean, default false); a category rule may not. */
static void test_unless_referred(void **state)
{
    (void)state;
    fixture f;
    bg_ruleset *rs = NULL;
    assert_int_equal(load(&f,
                          "bonus:\n"
                          "  - {name: a, weight: -5, unless_referred: true, pattern: '^It'}\n"
                          "  - {name: b, weight: 1, pattern: 'x'}\n",
                          NULL, &rs),
                     BG_OK);
    assert_true(bg_rules_info(rs, 0)->is_unless_referred);
    assert_false(bg_rules_info(rs, 1)->is_unless_referred);
    done(&f);
    assert_int_equal(load(&f,
                          "bonus:\n  - {name: a, unless_referred: maybe, pattern: 'x'}\n"
                          "categories:\n  risk: [{name: b, unless_referred: true, pattern: 'y'}]\n",
                          NULL, &rs),
                     BG_EINPUT);
    assert_non_null(strstr(messages(&f), "D/a.yaml:2:32: error: expected a boolean"));
    assert_non_null(strstr(messages(&f), "D/a.yaml:4:20: error: unknown key 'unless_referred'"));
    done(&f);
}

/* shorten: rules load as their own kind ("shorten/NAME"); scoring: shorten_keep_evidence
 * defaults to 1000 (a tail with any evidence under that is cut) and is a number >= 0. */
static void test_shorten_rules(void **state)
{
    (void)state;
    fixture f;
    bg_ruleset *rs = NULL;
    assert_int_equal(load(&f,
                          "scoring: {shorten_keep_evidence: 4}\nshorten:\n"
                          "  - {name: where, pattern: ', where '}\n",
                          NULL, &rs),
                     BG_OK);
    assert_int_equal(bg_rules_count(rs), 1);
    assert_int_equal(bg_rules_info(rs, 0)->kind, BG_RULE_SHORTEN);
    assert_string_equal(bg_rules_info(rs, 0)->name, "shorten/where");
    assert_true(bg_rules_scoring(rs)->shorten_keep_evidence == 4.0);
    done(&f);
    assert_int_equal(load(&f, "shorten:\n  - {name: where, pattern: ', where '}\n", NULL, &rs),
                     BG_OK);
    assert_true(bg_rules_scoring(rs)->shorten_keep_evidence == 1000.0);
    done(&f);
    assert_int_equal(load(&f, "scoring:\n  shorten_keep_evidence: -1\n", NULL, &rs), BG_EINPUT);
    assert_non_null(strstr(messages(&f), "D/a.yaml:2:26: error:"));
    done(&f);
}

static void test_match_limit(void **state)
{
    (void)state;
    fixture f;
    bg_ruleset *rs = NULL;
    bg_status st =
        load(&f, "categories:\n  risk:\n    - {name: slow, pattern: '(a+)+$'}\n", NULL, &rs);
    assert_int_equal(st, BG_OK);
    char subject[64];
    memset(subject, 'a', 40);
    subject[40] = 'b';
    bool found = true;
    bg_match m;
    bg_loc where = {"content/x.txt", 12, 1};
    st = bg_rules_match(rs, 0, (bg_str){subject, 41}, 0, &where, &f.d, &found, &m);
    assert_int_equal(st, BG_EINPUT);
    assert_false(found);
    assert_string_equal(messages(&f), "content/x.txt:12:1: error: rule 'risk/slow' (D/a.yaml:3:29) "
                                      "hit the pcre2 match limit\n");
    done(&f);
}

/* The prefilter (rules_filter.c, rules_analyse.c) may only skip a rule that cannot match: each
 * tricky pattern matches its subject, and the prefilter must let it run. Patterns cover optional
 * atoms and groups, alternation with an empty branch, lookarounds, escapes that are not literals,
 * extended mode, and the characters that fold to ASCII letters. */
static const char *const tricky[][2] = {
    {"(?i)\\bsummits?\\b", "The SUMMIT met."},
    {"(?i)summits?", "The \xc5\xbfummit met."},
    {"(?i)kelvin", "\xe2\x84\xaa"
                   "elvin scale"},
    {"(?i)kil", "KIL"},
    {"ab{0,2}c", "xacx"},
    {"ab{2}c", "abbc"},
    {"x(?:yz)?w", "xw"},
    {"(?:yz)+w", "yzyzw"},
    {"(?i:nato)-led", "NATO-led"},
    {"\\Qa.b\\E", "a.b"},
    {"\\N{U+41}BC", "ABC"},
    {"(?|(ab)|(cd))ef", "cdef"},
    {"(?<=ab)cd", "abcd"},
    {"(?!xy)ab", "ab"},
    {"[]a]bc", "]bc"},
    {"(?x) a b c", "abc"},
    {"(?xi)a b c", "ABC"},
    {"foo|", "bar"},
    {"\\x41BC", "ABC"},
    {"\\101BC", "ABC"},
    {"(ab)\\1x", "ababx"},
    {"colou?r", "color"},
    {"a\\.b", "a.b"},
    {"\\bUN\\b", "the UN said"},
    {"(?m)^By\\b", "x\nBy Jo"},
    {"(a|b|)cd", "cd"},
    {"(?#c)ab", "ab"},
    {"a(*ACCEPT)bc", "a"},
    {"ab{,2}c", "ab{,2}c"},
    {"ab{1,x", "ab{1,x"},
    {"(a(?i)b|c)d", "Cd"},
    {"(?i)(?-i:Ab)c", "AbC"},
    {"(?i:nato) LED", "Nato LED"},
    {"x(?i)Y", "xy"},
    {"(?i)US\\$ 5", "us$ 5"},
    {"(?i)(\\$|\xe2\x82\xac|\xc2\xa3)\\d", "costs \xe2\x82\xac"
                                           "5"},
    {"(?i)caf\xc3\xa9", "CAF\xc3\x89"},
    {"\\bAllies\\b", "the Allies agreed"},
    {"(?i)k", "\xe2\x84\xaa"},
    {"(a|b)c", "bc"},
    {"(ab|)c", "c"},
    {"(?i)\\b(key|global) partners?\\b", "Global Partner"},
    {"(ab)+c", "ababc"},
    {"x(ab)+", "xabab"},
    {"(?i:AB|cd)EF", "abEF"},
    {"(a|b)(c|d)(e|f)", "bdf"},
    {"^(?:In|At) (?:the|this) x", "At the x"},
    {"(is\\b|was) x", "is x"},
    {"(a|b)(c|d)(e|f)(g|h)(i|j)(k|l)(m|n)x", "bdfhjlnx"},
    {"(ab|cd)(?=e)e", "cde"},
    {"(ab|cd)\\1", "cdcd"},
    {"(a|b)?c", "c"},
    {"(a|(?i)B)c", "bc"},
    {"(?:a|b)$\\n", "a\n"},
    {"(x|y)(?i)z", "xZ"},
    {"analy[sz]es", "analyzes"},
    {"enhanced[- ]opportunities", "enhanced-opportunities"},
    {"a[b-]c", "a-c"},
    {"a[-b]c", "a-c"},
    {"[^a]b", "xb"},
    {"a[.]b", "a.b"},
    {"(?i)[A]b", "aB"},
    {"x[ab]?y", "xy"},
    {"x[ab]??y", "xy"},
    {"x[ab]*y", "xy"},
    {"x[ab]{0,1}y", "xy"},
    {"[\\]]a", "]a"},
    {"[[:alpha:]]x", "ax"},
    {"[a-c]x", "bx"},
    {"examines? x", "examine x"},
    {"(?i)the authors? argues?", "The Author argue"},
    {"a?b?c?d?e?f?g?h?", ""},
    {"a\\d?b", "ab"},
    {"a\\d*b", "ab"},
    {"a\\d{0,3}b", "ab"},
    {"(?:\\d)?x", "x"},
    {"\\Dx", "yx"},
    {"(?i)\\d+ TROOPS", "470 troops"},
    {"(\\d|one) ship", "one ship"},
    {"[\\s\\S]*[\\p{L}\\p{N}]$", "ends in x\n"},
    {"a[\\w]$", "a_"},
    {"(?i)[a-z]$", "\xe2\x84\xaa"},
    {"[\\d]$", "in 1999"},
    {"(?i)nuclear deterren", "NUCLEAR Deterrence"},
    {"(?i)nuclear (deterren\\w+|posture)", "Nuclear Deterrence"},
    {"ab(c\\d|de)+f", "abc1def"},
    {"x(ab(?=c)|d)c", "xabc"},
    {"x(a\\Kb|c\\d)y", "xaby"},
    {"(?i)a(?-i:B\\w)", "AB1"},
    {"x(?:ab|c)*y(?:d\\w|e)", "xyd1"},
    {"x(?:a|\\w)b", "xzb"},
    {"\\S (?:\\||\xc2\xb7) \\S", "a \xc2\xb7 b"},
    {"(?i:x)\xc3\xa9", "X\xc3\xa9"},
    {"(?i:\xc3\xa9)t", "\xc3\x89t"},
    {"(?i)a(?-i)\xc3\xa9", "A\xc3\xa9"},
    {"\\d\\d\\d\\d", "1999"},
};

static void write_tricky_rules(char *yaml, size_t cap)
{
    size_t n = (size_t)snprintf(yaml, cap, "categories:\n  t:\n");
    for (size_t i = 0; i < sizeof(tricky) / sizeof(tricky[0]); i++) {
        n += (size_t)snprintf(yaml + n, cap - n, "    - {name: r%zu, pattern: '%s'}\n", i,
                              tricky[i][0]);
        assert_true(n < cap);
    }
}

static void test_prefilter_tricky(void **state)
{
    (void)state;
    fixture f;
    bg_ruleset *rs = NULL;
    char yaml[8192];
    write_tricky_rules(yaml, sizeof(yaml));
    assert_int_equal(load(&f, yaml, NULL, &rs), BG_OK);
    bg_loc where = {"content/x.txt", 1, 1};
    for (size_t i = 0; i < sizeof(tricky) / sizeof(tricky[0]); i++) {
        bg_str subject = bg_str_from(tricky[i][1]);
        bool found = false;
        bg_match m;
        assert_int_equal(bg_rules_match(rs, i, subject, 0, &where, &f.d, &found, &m), BG_OK);
        if (!found) {
            fail_msg("rule %zu '%s' should match '%s'", i, tricky[i][0], tricky[i][1]);
        }
        bg_rules_grams g;
        bg_rules_summarise(rs, subject, &g);
        if (found && !bg_rules_may_match(rs, i, &g)) {
            fail_msg("rule %zu '%s' matches '%s' but the candidate index skips it", i, tricky[i][0],
                     tricky[i][1]);
        }
        bg_rules_grams_of(subject, &g);
        if (found && !bg_rules_may_match(rs, i, &g)) {
            fail_msg("rule %zu '%s' matches '%s' but the prefilter skips it", i, tricky[i][0],
                     tricky[i][1]);
        }
    }
    /* And it does skip: no 'summit' in this subject. */
    bg_rules_grams g;
    bg_rules_grams_of(BG_STR_LIT("Ministers met in Brussels."), &g);
    assert_false(bg_rules_may_match(rs, 0, &g));
    /* Adjacent literals and groups of literals multiply: 'key partner' or 'global partner'
     * must occur, not just 'key' and 'partner'. */
    size_t key_partner = 0;
    while (strcmp(tricky[key_partner][0], "(?i)\\b(key|global) partners?\\b") != 0) {
        key_partner++;
    }
    bg_rules_grams_of(BG_STR_LIT("A key issue for partners."), &g);
    assert_false(bg_rules_may_match(rs, key_partner, &g));
    bg_rules_grams_of(BG_STR_LIT("Ministers met in Brussels."), &g);
    /* A literal's n-grams may occur apart; the literal is then looked for whole. */
    size_t nuclear = 0;
    while (strcmp(tricky[nuclear][0], "(?i)nuclear deterren") != 0) {
        nuclear++;
    }
    bg_rules_grams_of(BG_STR_LIT("Nuclear; clear deterrence"), &g);
    assert_false(bg_rules_may_match(rs, nuclear, &g));
    bg_rules_grams_of(BG_STR_LIT("a nuclear  deterrent"), &g);
    assert_false(bg_rules_may_match(rs, nuclear, &g));
    bg_rules_grams_of(BG_STR_LIT("a Nuclear DETERRENT"), &g);
    assert_true(bg_rules_may_match(rs, nuclear, &g));
    /* A group that is not exact still starts with its branches' literal text: 'nuclear '
     * runs on into 'deterren' or 'posture'. */
    bg_rules_grams_of(BG_STR_LIT("Nuclear weapons: posture and deterrence"), &g);
    assert_false(bg_rules_may_match(rs, nuclear + 1, &g));
    /* A character outside (?i) is a literal, with or without case: ' · ' must occur. */
    size_t menu = 0;
    while (strncmp(tricky[menu][0], "\\S (?:", 6) != 0) {
        menu++;
    }
    bg_rules_grams_of(BG_STR_LIT("a \xc2\xb7"
                                 "b and c |d"),
                      &g);
    assert_false(bg_rules_may_match(rs, menu, &g));
    bg_rules_grams_of(BG_STR_LIT("Ministers met in Brussels."), &g);
    /* A required \d needs a digit (the last tricky rule). */
    assert_false(bg_rules_may_match(rs, sizeof(tricky) / sizeof(tricky[0]) - 1, &g));
    done(&f);
}

/* Patterns whose matches end in a letter, digit or '_' before `$`, and patterns that only
 * look so. */
static void test_prefilter_word_end(void **state)
{
    (void)state;
    static const char *const yes[] = {
        "^(?!(?:By|Authors?)\\b|\\p{Lu}\\p{Ll}+\\n)[\\s\\S]*[\\p{L}\\p{N}]$",
        "[a-z0-9]$",
        "(?i)x[\\w\\d]$",
        "(a|b)[\\p{Lu}]$",
    };
    static const char *const no[] = {
        "[a-]$",     "[^a]$",        "(?m)[a]$",      "a|[a]$",      "([a]$)",
        "[a]\\$",    "[[:alpha:]]$", "[\\p{Zs}]$",    "[0-z]$",      "\\Q[a]$",
        "(*CR)[a]$", "(?x)[a]$",     "(?#[)[a]$",     "[a]+$",       "[]a]$",
        "[a\\s]$",   "[a.]$",        "[\\p{Latin}]$", "(?s:x)|[a]$", "$",
    };
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        if (!bg_rules_filter_ends_in_word(bg_str_from(yes[i]))) {
            fail_msg("'%s' ends in a word class", yes[i]);
        }
    }
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
        if (bg_rules_filter_ends_in_word(bg_str_from(no[i]))) {
            fail_msg("'%s' may end elsewhere", no[i]);
        }
    }
    /* The rule is skipped on a sentence that ends in a full stop, even before a newline,
     * and runs on one that ends in a letter. */
    fixture f;
    bg_ruleset *rs = NULL;
    assert_int_equal(
        load(&f, "drop:\n  - {name: u, pattern: '[\\s\\S]*[\\p{L}\\p{N}]$'}\n", NULL, &rs), BG_OK);
    bg_rules_grams g;
    bg_rules_summarise(rs, BG_STR_LIT("Ministers met."), &g);
    assert_false(bg_rules_may_match(rs, 0, &g));
    bg_rules_summarise(rs, BG_STR_LIT("Ministers met.\n"), &g);
    assert_false(bg_rules_may_match(rs, 0, &g));
    bg_rules_summarise(rs, BG_STR_LIT(""), &g);
    assert_false(bg_rules_may_match(rs, 0, &g));
    bg_rules_summarise(rs, BG_STR_LIT("Ministers met\n"), &g);
    assert_true(bg_rules_may_match(rs, 0, &g));
    bg_rules_summarise(rs, BG_STR_LIT("Ministers met \xc3\xa9"), &g);
    assert_true(bg_rules_may_match(rs, 0, &g));
    /* Any ASCII newline byte and CRLF, whatever pcre2's newline convention. */
    bg_rules_summarise(rs, BG_STR_LIT("Ministers met\r\n"), &g);
    assert_true(bg_rules_may_match(rs, 0, &g));
    bg_rules_summarise(rs, BG_STR_LIT("Ministers met.\r\n"), &g);
    assert_false(bg_rules_may_match(rs, 0, &g));
    done(&f);
}

/* Every shipped rule against every line of the seed and unseen sources, and every window
 * of those lines: a rule the prefilter skips never matches. The index is asked through a
 * second copy of the rules @rs_index: bg_rules_may_match counts each rule's literal
 * searches, and the two copies stay in step while they answer alike. */
static void check_subject(fixture *f, bg_ruleset *rs, bg_ruleset *rs_index, bg_str subject,
                          size_t *n_skipped)
{
    bg_rules_grams g;
    bg_rules_grams_of(subject, &g);
    bg_rules_grams with_index; /* the candidate rules only prune what the filters reject */
    bg_rules_summarise(rs_index, subject, &with_index);
    bg_loc where = {"content/x.txt", 1, 1};
    for (size_t r = 0; r < bg_rules_count(rs); r++) {
        bool may = bg_rules_may_match(rs, r, &g);
        if (may != bg_rules_may_match(rs_index, r, &with_index)) {
            fail_msg("rule '%s' on '%.*s': the index disagrees with the filter",
                     bg_rules_info(rs, r)->name, (int)subject.len, subject.ptr);
        }
        if (may) {
            continue;
        }
        (*n_skipped)++;
        bool found = false;
        bg_match m;
        assert_int_equal(bg_rules_match(rs, r, subject, 0, &where, &f->d, &found, &m), BG_OK);
        if (found) {
            fail_msg("rule '%s' matches '%.*s' but the prefilter skips it",
                     bg_rules_info(rs, r)->name, (int)subject.len, subject.ptr);
        }
    }
}

static void test_prefilter_shipped_rules(void **state)
{
    (void)state;
    fixture f;
    bg_ruleset *rs = NULL;
    FILE *y = fopen("templates/rules/security.yaml", "r");
    assert_non_null(y);
    static char yaml[1 << 18];
    size_t n = fread(yaml, 1, sizeof(yaml) - 1, y);
    fclose(y);
    assert_true(n < sizeof(yaml) - 1); /* the whole file */
    yaml[n] = 0;
    assert_int_equal(load(&f, yaml, NULL, &rs), BG_OK);
    fixture f_index;
    bg_ruleset *rs_index = NULL;
    assert_int_equal(load(&f_index, yaml, NULL, &rs_index), BG_OK);
    const char *files[] = {"content/nato-relations-republic-of-korea.txt",
                           "content/ecpr-like-minded-alignments.txt",
                           "tests/extract/unseen/nato-relations-colombia.txt",
                           "tests/extract/unseen/nato-relations-ireland.txt",
                           "tests/extract/unseen/nato-relations-japan.txt",
                           "tests/extract/unseen/nato-relations-mongolia.txt",
                           "tests/extract/unseen/thinktank-australia-nato.txt",
                           "tests/extract/unseen/thinktank-baltic-undersea.txt"};
    size_t n_skipped = 0;
    for (size_t k = 0; k < sizeof(files) / sizeof(files[0]); k++) {
        FILE *src = fopen(files[k], "r");
        assert_non_null(src);
        static char line[8192]; /* zeroed: JIT may read past a subject's end (memcheck) */
        while (fgets(line, sizeof(line), src)) {
            size_t len = strcspn(line, "\n");
            check_subject(&f, rs, rs_index, (bg_str){line, len}, &n_skipped);
            for (size_t w = 0; w + 40 < len; w += 40) {
                check_subject(&f, rs, rs_index, (bg_str){line + w, len - w < 90 ? len - w : 90},
                              &n_skipped);
            }
        }
        fclose(src);
    }
    assert_true(n_skipped > 1000);
    done(&f_index);
    done(&f);
}

/* --- Random patterns against the prefilter --- */

/* Patterns made at random of the pieces the analysis multiplies, cuts or refuses
 * (literals with non-ASCII and case-folding characters, groups with and without case
 * options, atomic groups, quantifiers, classes, assertions, lookaheads, \K), each written
 * with one subject it matches unless a lookahead or assertion disagrees. Every subject of a
 * round is tried against every pattern of the round: a match the prefilter skips (n-grams
 * and searches alone, or through the index) fails the test. Deterministic (xorshift). */
#define RANDOM_ROUNDS 6
#define RANDOM_PATTERNS 100
#define RANDOM_TEXT 256 /* bytes of a pattern or a subject; a longer one is dropped */

typedef struct {
    char p[RANDOM_TEXT];
    size_t n;
    bool is_full;
} text_buf;

typedef struct {
    uint64_t state;
    text_buf pat;
    text_buf sub;
    bool in_look; /* inside a lookahead: no \K (pcre2 rejects it there) */
} rgen;

static uint32_t rnd(rgen *g, uint32_t n)
{
    g->state ^= g->state >> 12;
    g->state ^= g->state << 25;
    g->state ^= g->state >> 27;
    return (uint32_t)(((g->state * 0x2545F4914F6CDD1Dull) >> 33) % n);
}

static void put(text_buf *b, const char *s, size_t n)
{
    if (b->n + n >= RANDOM_TEXT) {
        b->is_full = true;
        return;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

static const char *const random_words[] = {
    "nuclear",  "deterrence", "posture",  "ab",           "cd",       "x",        "y",
    "\xc3\xa9", "\xc3\x89",   "\xc2\xb7", "\xe2\x80\x99", "NATO",     "nato",     "key",
    "K",        "k",          "s",        "\xc5\xbf",     "1",        "2023",     "-",
    "|",        " ",          "in",       "the",          "\xc4\xb1", "\xc4\xb0", "\xe2\x82\xac",
    "$",        ".",          "(",
};

/* A literal word: escaped in the pattern; in the subject as written, or (under (?i)) with
 * ASCII letters and é/É in either case. */
static void random_literal(rgen *g, bool is_caseless)
{
    const char *w = random_words[rnd(g, sizeof(random_words) / sizeof(random_words[0]))];
    for (const char *c = w; *c; c++) {
        if (strchr("\\^$.|?*+()[]{}", *c)) {
            put(&g->pat, "\\", 1);
        }
        put(&g->pat, c, 1);
        char ch = *c;
        if (is_caseless && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) && rnd(g, 2)) {
            ch = (char)(ch ^ 0x20);
        }
        if (is_caseless && (unsigned char)ch == 0xC3 && (c[1] == '\xa9' || c[1] == '\x89') &&
            rnd(g, 2)) {
            put(&g->pat, c + 1, 1);
            put(&g->sub, "\xc3", 1);
            put(&g->sub, c[1] == '\xa9' ? "\x89" : "\xa9", 1);
            c++;
            continue;
        }
        put(&g->sub, &ch, 1);
    }
}

static void random_sequence(rgen *g, int depth, bool *is_caseless);

/* One atom of a sequence; *is_caseless is the (?i) state, changed by (?i) and (?-i). */
static void random_atom(rgen *g, int depth, bool *is_caseless)
{
    static const char *const classes[][4] = {
        {"\\w+", "abc", "Z9_", "x"}, {"\\d", "7", "0", "2"},  {"\\s", " ", "\n", " "},
        {"[ab]", "a", "b", "a"},     {"[^x]", "a", "y", " "}, {".", "a", ".", "-"},
        {"[a-z]", "q", "z", "a"},    {"\\S", "a", "-", "1"},  {"[- ]", "-", " ", "-"},
    };
    static const char *const heads[] = {"(?:", "(", "(?i:", "(?-i:", "(?>"};
    static const char *const quantifiers[] = {"?", "*", "+", "{0,2}", "{1,3}", "??", "+?", "{2}"};
    uint32_t k = depth >= 3 ? rnd(g, 35) : rnd(g, 100);
    if (k < 35) {
        random_literal(g, *is_caseless);
    } else if (k < 50) { /* a group of one to three branches, one of them sampled */
        uint32_t h = rnd(g, 5);
        uint32_t n = 1 + rnd(g, 3);
        uint32_t pick = rnd(g, n);
        bool inside = h == 2 ? true : h == 3 ? false : *is_caseless;
        put(&g->pat, heads[h], strlen(heads[h]));
        text_buf kept = g->sub;
        text_buf chosen = g->sub;
        for (uint32_t b = 0; b < n; b++) {
            if (b) {
                put(&g->pat, "|", 1);
            }
            g->sub = kept;
            bool branch_case = inside;
            random_sequence(g, depth + 1, &branch_case);
            inside = branch_case; /* an option set in a branch lasts into the next ones */
            if (b == pick) {
                chosen = g->sub;
            }
        }
        g->sub = chosen;
        put(&g->pat, ")", 1);
    } else if (k < 62) { /* a quantified group, sampled once to three times */
        uint32_t q = rnd(g, sizeof(quantifiers) / sizeof(quantifiers[0]));
        put(&g->pat, "(?:", 3);
        size_t from = g->sub.n;
        bool inside = *is_caseless;
        random_sequence(g, depth + 1, &inside);
        size_t to = g->sub.n;
        put(&g->pat, ")", 1);
        put(&g->pat, quantifiers[q], strlen(quantifiers[q]));
        char once[RANDOM_TEXT];
        memcpy(once, g->sub.p + from, to - from);
        uint32_t min = q == 2 || q == 4 || q == 6 ? 1 : q == 7 ? 2 : 0;
        uint32_t times = min + rnd(g, 2);
        g->sub.n = from;
        for (uint32_t t = 0; t < times; t++) {
            put(&g->sub, once, to - from);
        }
    } else if (k < 75) {
        const char *const *c = classes[rnd(g, sizeof(classes) / sizeof(classes[0]))];
        put(&g->pat, c[0], strlen(c[0]));
        const char *sample = c[1 + rnd(g, 3)];
        put(&g->sub, sample, strlen(sample));
    } else if (k < 87) {
        static const char *const zero[] = {"\\b", "^", "$", "(?i)", "(?-i)", "\\K"};
        uint32_t z = rnd(g, g->in_look ? 5 : 6);
        put(&g->pat, zero[z], strlen(zero[z]));
        *is_caseless = z == 3 ? true : z == 4 ? false : *is_caseless;
    } else { /* a lookahead: its text is in the subject half the time */
        bool is_negative = rnd(g, 2);
        put(&g->pat, is_negative ? "(?!" : "(?=", 3);
        size_t from = g->sub.n;
        bool was_in_look = g->in_look;
        g->in_look = true;
        bool inside = *is_caseless;
        random_sequence(g, depth + 1, &inside);
        g->in_look = was_in_look;
        put(&g->pat, ")", 1);
        if (is_negative || rnd(g, 2)) {
            g->sub.n = from;
        }
    }
}

static void random_sequence(rgen *g, int depth, bool *is_caseless)
{
    uint32_t n = 1 + rnd(g, 4);
    for (uint32_t i = 0; i < n; i++) {
        random_atom(g, depth, is_caseless);
    }
}

static void test_prefilter_random(void **state)
{
    (void)state;
    static char yaml[RANDOM_PATTERNS * (RANDOM_TEXT * 2 + 64) + 64];
    static char subjects[RANDOM_PATTERNS][RANDOM_TEXT + 16];
    static char patterns[RANDOM_PATTERNS][RANDOM_TEXT];
    static const char *const before[] = {"", "a ", "The ", "x", " ", "NATO ", "\xc2\xb7"};
    static const char *const after[] = {"", " end.", ".", "x", " ", "\n"};
    rgen g = {.state = 0x9E3779B97F4A7C15ull};
    size_t n_matches = 0;
    size_t n_skipped = 0;
    for (int round = 0; round < RANDOM_ROUNDS; round++) {
        size_t n = (size_t)snprintf(yaml, sizeof(yaml), "categories:\n  t:\n");
        size_t n_pat = 0;
        while (n_pat < RANDOM_PATTERNS) {
            g.pat.n = 0;
            g.sub.n = 0;
            g.pat.is_full = false;
            g.sub.is_full = false;
            bool is_caseless = rnd(&g, 10) < 3;
            if (is_caseless) {
                put(&g.pat, "(?i)", 4);
            }
            random_sequence(&g, 0, &is_caseless);
            if (g.pat.is_full || g.sub.is_full) {
                continue;
            }
            n += (size_t)snprintf(yaml + n, sizeof(yaml) - n, "    - {name: r%zu, pattern: '",
                                  n_pat);
            for (size_t k = 0; k < g.pat.n; k++) {
                yaml[n++] = g.pat.p[k];
                if (g.pat.p[k] == '\'') {
                    yaml[n++] = '\'';
                }
            }
            n += (size_t)snprintf(yaml + n, sizeof(yaml) - n, "'}\n");
            memcpy(patterns[n_pat], g.pat.p, g.pat.n);
            patterns[n_pat][g.pat.n] = 0;
            snprintf(subjects[n_pat], sizeof(subjects[n_pat]), "%s%.*s%s",
                     before[rnd(&g, sizeof(before) / sizeof(before[0]))], (int)g.sub.n, g.sub.p,
                     after[rnd(&g, sizeof(after) / sizeof(after[0]))]);
            n_pat++;
        }
        fixture f;
        fixture f_index;
        bg_ruleset *rs = NULL;
        bg_ruleset *rs_index = NULL;
        if (load(&f, yaml, NULL, &rs) != BG_OK) {
            fail_msg("random patterns do not load: %s", messages(&f));
        }
        assert_int_equal(load(&f_index, yaml, NULL, &rs_index), BG_OK);
        bg_loc where = {"content/x.txt", 1, 1};
        for (size_t s = 0; s < n_pat; s++) {
            bg_str subject = bg_str_from(subjects[s]);
            bg_rules_grams grams;
            bg_rules_grams_of(subject, &grams);
            bg_rules_grams with_index;
            bg_rules_summarise(rs_index, subject, &with_index);
            for (size_t r = 0; r < n_pat; r++) {
                bool found = false;
                bg_match m;
                if (bg_rules_match(rs, r, subject, 0, &where, &f.d, &found, &m) != BG_OK) {
                    continue; /* a pcre2 limit: no answer to check against */
                }
                bool may = bg_rules_may_match(rs, r, &grams);
                bool may_index = bg_rules_may_match(rs_index, r, &with_index);
                n_matches += found;
                n_skipped += !may;
                if (found && (!may || !may_index)) {
                    fail_msg("pattern '%s' matches '%s' but the prefilter skips it%s", patterns[r],
                             subjects[s], may ? " (through the index)" : "");
                }
            }
        }
        done(&f_index);
        done(&f);
    }
    /* The patterns are worth the time: many subjects match, and many are skipped. */
    assert_true(n_matches > 1000);
    assert_true(n_skipped > 10000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_and_merge),
        cmocka_unit_test(test_compile_error_offset_in_characters),
        cmocka_unit_test(test_schema_errors),
        cmocka_unit_test(test_fallback_category),
        cmocka_unit_test(test_pattern_of),
        cmocka_unit_test(test_terms),
        cmocka_unit_test(test_refer_rules),
        cmocka_unit_test(test_unless_referred),
        cmocka_unit_test(test_shorten_rules),
        cmocka_unit_test(test_match_limit),
        cmocka_unit_test(test_prefilter_tricky),
        cmocka_unit_test(test_prefilter_shipped_rules),
        cmocka_unit_test(test_prefilter_word_end),
        cmocka_unit_test(test_prefilter_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
