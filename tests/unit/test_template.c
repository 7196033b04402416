/* Unit tests for templates: extends merge (and errors reported in the file that set the
 * value), cycles, confinement, unknown keys with suggestions, wrong types, {{ var }}
 * substitution (overrides, built-ins, one level of vars, unknown names, page/pages kept),
 * the stem check, and the shipped templates. */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "template.h"

typedef struct {
    char dir[64];
    char tdir[96];
    test_env e; /* arena, diag and its messages */
} fixture;

/* A minimal valid base the tests extend. */
static const char base_yaml[] =
    "audience: Reader\n"
    "vars: {organisation: Staff, classification: UNCLASSIFIED, subject: Korea}\n"
    "page: {size: A4, margins: [60, 56, 64, 56]}\n"
    "fonts: {serif: DejaVuSerif.ttf, sans: DejaVuSans.ttf, hangul: NanumGothic.ttf}\n"
    "fallback: [sans, hangul]\n"
    "styles:\n"
    "  body: {font: serif, size: 10, leading: 13.5, align: justify, color: \"#222222\"}\n"
    "  heading: {font: sans, size: 12, space_before: 10, color: \"#1F3864\"}\n"
    "  banner: {color: \"#FFFFFF\", background: \"#2E6B3A\", align: center}\n"
    "title: \"{{ subject }}\"\n"
    "banner: \"{{ classification }}\"\n"
    "footer: \"{{ organisation }} - Page {{page}} of {{ pages }}\"\n"
    "sections:\n"
    "  - heading: Key points\n"
    "    points: {limit: 6}\n";

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    if (!f || !tmpdir_make(f->dir, sizeof(f->dir), "template")) {
        return -1;
    }
    snprintf(f->tdir, sizeof(f->tdir), "%s/templates", f->dir);
    char sub_dir[128];
    snprintf(sub_dir, sizeof(sub_dir), "%s/sub", f->tdir);
    if (mkdir(f->tdir, 0777) != 0 || mkdir(sub_dir, 0777) != 0 || !env_init(&f->e, 1 << 26)) {
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (!tmpdir_remove(f->dir)) {
        return -1;
    }
    env_free(&f->e);
    free(f);
    return 0;
}

/* Write @text to templates/@name in the fixture's directory. */
static void write_tmpl(fixture *f, const char *name, const char *text)
{
    assert_true(tmpdir_write_text(f->tdir, name, text));
}

/* Load templates/@name with --set @over; messages in f->e.msgs with the temp dir as "D". */
static bg_status load_with(fixture *f, const char *name, const bg_vars *over, bg_template **out)
{
    env_clear(&f->e);
    char *path = bg_arena_printf(&f->e.a, "%s/%s", f->tdir, name);
    bg_str names[1] = {BG_STR_LIT("date")};
    bg_str values[1] = {BG_STR_LIT("14 November 2023")};
    bg_vars builtins = {names, values, 1};
    bg_vars none = {NULL, NULL, 0};
    bg_status st = bg_template_load(path, f->tdir, "fonts", over ? over : &none, &builtins, &f->e.a,
                                    &f->e.d, out);
    env_msgs_hide_dir(&f->e, f->dir);
    return st;
}

static bg_status load(fixture *f, const char *name, bg_template **out)
{
    return load_with(f, name, NULL, out);
}

/* @text written as templates/@name fails to load with exactly the messages @want. */
static void assert_fails(fixture *f, const char *name, const char *text, const char *want)
{
    bg_template *t = NULL;
    write_tmpl(f, name, text);
    assert_int_equal(load(f, name, &t), BG_EINPUT);
    assert_string_equal(env_msgs(&f->e), want);
}

static void assert_str(bg_str s, const char *want)
{
    char *copy = strndup(s.ptr ? s.ptr : "", s.len);
    assert_string_equal(copy, want);
    free(copy);
}

static void test_extends_merge(void **state)
{
    fixture *f = *state;
    write_tmpl(f, "_base.yaml", base_yaml);
    write_tmpl(f, "minister.yaml",
               "extends: _base.yaml\n"
               "audience: Minister\n"
               "vars: {classification: SECRET}\n"
               "page: {margins: [10, 20, 30, 40]}\n"
               "styles:\n"
               "  body: {size: 11}\n"
               "  point: {indent: 12}\n"
               "subtitle: \"For the {{ audience }} on {{ date }}\"\n"
               "max_pages: 1\n"
               "sections:\n"
               "  - heading: Purpose\n"
               "    text: |\n"
               "      Line one.\n"
               "\n"
               "      Line two.\n"
               "  - heading: Points\n"
               "    points: {categories: [cyber, risk], limit: 6, min_score: 2, order: source}\n"
               "  - timeline: {limit: 12}\n"
               "  - table: {kinds: [amount, org]}\n"
               "  - heading: Sources\n"
               "    sources: {}\n");
    bg_template *t = NULL;
    assert_int_equal(load(f, "minister.yaml", &t), BG_OK);
    assert_string_equal(env_msgs(&f->e), "");
    assert_string_equal(t->name, "minister");
    assert_int_equal(t->n_chain, 2);
    assert_non_null(strstr(t->chain[1], "_base.yaml"));
    assert_str(t->audience, "Minister");
    assert_str(t->title, "Korea");
    assert_str(t->subtitle, "For the Minister on 14 November 2023");
    assert_str(t->banner, "SECRET");
    assert_str(t->footer, "Staff - Page {{ page }} of {{ pages }}");
    assert_str(t->language, "en-GB");
    assert_int_equal(t->max_pages, 1);
    /* page merged key by key: size from the base, margins from the child */
    assert_true(t->page.width_pt > 595 && t->page.width_pt < 596);
    assert_true(t->page.margin_top_pt == 10 && t->page.margin_left_pt == 40);
    assert_int_equal(t->page.n_faces, 3);
    assert_string_equal(t->page.faces[0].path, "fonts/DejaVuSerif.ttf");
    assert_int_equal(t->page.n_fallback, 2);
    assert_int_equal(t->page.fallback[1], 2);
    /* styles merged field by field; other roles inherit body's face and size */
    const bg_style *body = &t->styles[BG_STYLE_BODY];
    assert_true(body->size_pt == 11 && body->leading_pt == 13.5);
    assert_int_equal(body->align, BG_ALIGN_JUSTIFY);
    const bg_style *point = &t->styles[BG_STYLE_POINT];
    assert_true(point->size_pt == 11 && point->indent_pt == 12);
    assert_int_equal(point->align, BG_ALIGN_LEFT);
    assert_int_equal(t->styles[BG_STYLE_HEADING].face, 1);
    assert_true(t->styles[BG_STYLE_BANNER].has_background);
    assert_true(t->styles[BG_STYLE_BANNER].color.r == 1.0f);
    /* sections replaced as a whole */
    assert_int_equal(t->n_sections, 5);
    assert_int_equal(t->sections[0].kind, BG_SEC_TEXT);
    assert_true(t->sections[0].is_required);
    assert_str(t->sections[0].text, "Line one.\n\nLine two.");
    assert_int_equal(t->sections[1].kind, BG_SEC_POINTS);
    assert_false(t->sections[1].is_required);
    assert_int_equal(t->sections[1].n_categories, 2);
    assert_str(t->sections[1].categories[1], "risk");
    assert_int_equal(t->sections[1].limit, 6);
    assert_true(t->sections[1].min_score == 2);
    assert_int_equal(t->sections[1].order, BG_ORDER_SOURCE);
    assert_int_equal(t->sections[1].loc.line, 16);
    assert_int_equal(t->sections[2].kind, BG_SEC_TIMELINE);
    assert_int_equal(t->sections[3].n_fact_kinds, 2);
    assert_int_equal(t->sections[4].kind, BG_SEC_SOURCES);
    /* resolved vars: the child's value wins */
    int found = 0;
    for (size_t i = 0; i < t->vars.n; i++) {
        if (bg_str_eq_cstr(t->vars.names[i], "classification")) {
            assert_str(t->vars.values[i], "SECRET");
            found++;
        }
    }
    assert_int_equal(found, 1);
}

static void test_error_in_base(void **state)
{
    fixture *f = *state;
    /* the base's bad colour is reported in the base, the child's bad key in the child */
    write_tmpl(f, "_base.yaml",
               "fonts: {serif: a.ttf}\n"
               "styles:\n"
               "  body: {font: serif, color: \"#12345\"}\n"
               "sections: [{sources: {}}]\n");
    write_tmpl(f, "c.yaml", "extends: _base.yaml\nmax_page: 2\n");
    bg_template *t = NULL;
    assert_int_equal(load(f, "c.yaml", &t), BG_EINPUT);
    assert_string_equal(env_msgs(&f->e),
                        "D/templates/c.yaml:2:1: error: unknown key 'max_page' (did you mean "
                        "'max_pages'?)\n"
                        "D/templates/_base.yaml:3:30: error: expected a colour like \"#1F3864\", "
                        "found '#12345'\n");
}

/* max_words: a count or a percentage of the sources' words; anything else is an error
 * at the value, a misspelt key gets a suggestion. */
static void test_max_words(void **state)
{
    fixture *f = *state;
    write_tmpl(f, "_base.yaml", base_yaml);
    write_tmpl(f, "pct.yaml", "extends: _base.yaml\nmax_words: 50%\n");
    write_tmpl(f, "n.yaml", "extends: _base.yaml\nmax_words: 900\n");
    bg_template *t = NULL;
    assert_int_equal(load(f, "pct.yaml", &t), BG_OK);
    assert_int_equal(t->max_words_pct, 50);
    assert_int_equal(t->max_words, 0);
    assert_int_equal(load(f, "n.yaml", &t), BG_OK);
    assert_int_equal(t->max_words_pct, 0);
    assert_int_equal(t->max_words, 900);
    assert_fails(f, "bad.yaml", "extends: _base.yaml\nmax_words: 150%\nmax_word: 3\n",
                 "D/templates/bad.yaml:3:1: error: unknown key 'max_word' (did you mean "
                 "'max_words'?)\n"
                 "D/templates/bad.yaml:2:12: error: expected a percentage from 1% to "
                 "100%, found '150%'\n");
}

/* shorten: M, a score margin >= 0, asks for short variants; absent, none. */
static void test_shorten(void **state)
{
    fixture *f = *state;
    write_tmpl(f, "_base.yaml", base_yaml);
    write_tmpl(f, "s.yaml", "extends: _base.yaml\nshorten: 1.5\n");
    bg_template *t = NULL;
    assert_int_equal(load(f, "s.yaml", &t), BG_OK);
    assert_true(t->is_shortening);
    assert_true(t->shorten_margin == 1.5);
    assert_int_equal(load(f, "_base.yaml", &t), BG_OK);
    assert_false(t->is_shortening);
    assert_fails(f, "bad.yaml", "extends: _base.yaml\nshorten: yes\n",
                 "D/templates/bad.yaml:2:10: error: expected a number, found a string\n");
}

static void test_cycle(void **state)
{
    fixture *f = *state;
    write_tmpl(f, "a.yaml", "extends: b.yaml\n");
    write_tmpl(f, "b.yaml", "extends: ./a.yaml\n");
    bg_template *t = NULL;
    assert_int_equal(load(f, "a.yaml", &t), BG_EINPUT);
    assert_string_equal(env_msgs(&f->e), "D/templates/b.yaml:1:10: error: extends cycle: "
                                         "D/templates/a.yaml -> D/templates/b.yaml -> "
                                         "D/templates/a.yaml\n");
    assert_fails(f, "self.yaml", "extends: self.yaml\n",
                 "D/templates/self.yaml:1:10: error: extends cycle: "
                 "D/templates/self.yaml -> D/templates/self.yaml\n");
}

static void test_confinement(void **state)
{
    fixture *f = *state;
    bg_template *t = NULL;
    assert_fails(f, "esc.yaml", "extends: ../../etc/passwd\n",
                 "D/templates/esc.yaml:1:10: error: path '../../etc/passwd' "
                 "leaves 'D/templates'\n");
    assert_fails(f, "abs.yaml", "extends: /etc/passwd\n",
                 "D/templates/abs.yaml:1:10: error: absolute path "
                 "'/etc/passwd' is not allowed\n");
    /* a symlink out of the directory is caught by the realpath check */
    char link[160];
    snprintf(link, sizeof(link), "%s/out.yaml", f->tdir);
    assert_int_equal(symlink("/etc/hostname", link), 0);
    assert_fails(f, "sym.yaml", "extends: out.yaml\n",
                 "D/templates/sym.yaml:1:10: error: path 'out.yaml' leaves "
                 "'D/templates'\n");
    /* going up inside the directory is fine */
    write_tmpl(f, "_base.yaml", base_yaml);
    write_tmpl(f, "sub/x.yaml", "extends: ../_base.yaml\n");
    assert_int_equal(load(f, "sub/x.yaml", &t), BG_OK);
    assert_fails(f, "fonts.yaml", "extends: _base.yaml\nfonts: {evil: ../x.ttf}\n",
                 "D/templates/fonts.yaml:2:15: error: font '../x.ttf' must be a "
                 "file name in the fonts directory, without '/' or '..'\n");
}

static void test_unknown_and_types(void **state)
{
    fixture *f = *state;
    write_tmpl(f, "_base.yaml", base_yaml);
    write_tmpl(f, "bad.yaml",
               "extends: _base.yaml\n"
               "sections:\n"
               "  - heading: A\n"
               "    points: {limt: 6, order: scroe}\n"
               "  - heading: B\n"
               "    points: 5\n"
               "  - heading: C\n"
               "    text: x\n"
               "    table: {}\n"
               "  - heading: D\n"
               "  - table: {kinds: [amout]}\n"
               "styles:\n"
               "  bdy: {size: 3}\n"
               "  body: {align: centre}\n"
               "max_pages: two\n");
    bg_template *t = NULL;
    assert_int_equal(load(f, "bad.yaml", &t), BG_EINPUT);
    assert_string_equal(
        env_msgs(&f->e),
        "D/templates/bad.yaml:13:3: error: unknown key 'bdy' (did you mean 'body'?)\n"
        "D/templates/bad.yaml:14:17: error: unknown alignment 'centre' (did you mean "
        "'center'?)\n"
        "D/templates/bad.yaml:15:12: error: expected a whole number, found a string\n"
        "D/templates/bad.yaml:4:14: error: unknown key 'limt' (did you mean 'limit'?)\n"
        "D/templates/bad.yaml:4:30: error: unknown order 'scroe' (did you mean 'score'?)\n"
        "D/templates/bad.yaml:6:13: error: expected a mapping, found a number\n"
        "D/templates/bad.yaml:9:12: error: section has both 'text' and 'table' (expected "
        "exactly one)\n"
        "D/templates/bad.yaml:10:5: error: section has none of 'text', 'points', 'timeline', "
        "'table', 'sources'\n"
        "D/templates/bad.yaml:11:21: error: unknown fact kind 'amout' (did you mean "
        "'amount'?)\n");
}

static void test_substitution(void **state)
{
    fixture *f = *state;
    write_tmpl(f, "_base.yaml", base_yaml);
    write_tmpl(f, "s.yaml",
               "extends: _base.yaml\n"
               "vars: {full: \"{{ organisation }} ({{ classification }})\"}\n"
               "header: \"{{title}} / {{ full }} / {{  date  }}\"\n"
               "subtitle: \"{{ organisation }}\"\n");
    bg_str on[1] = {BG_STR_LIT("organisation")};
    bg_str ov[1] = {BG_STR_LIT("{{ literal }}")};
    bg_vars over = {on, ov, 1};
    bg_template *t = NULL;
    assert_int_equal(load_with(f, "s.yaml", &over, &t), BG_OK);
    assert_str(t->header, "Korea / {{ literal }} (UNCLASSIFIED) / 14 November 2023");
    assert_str(t->subtitle, "{{ literal }}");

    write_tmpl(f, "u.yaml",
               "extends: _base.yaml\n"
               "banner: \"{{ clasification }}\"\n"
               "vars: {a: \"{{ b }}\", b: \"{{ c }}\", c: x}\n"
               "subtitle: \"x {{ oops\"\n"
               "header: \"{{ a }}\"\n"
               "title: \"{{ title }}\"\n"
               "author: \"{{ page }}\"\n");
    assert_int_equal(load(f, "u.yaml", &t), BG_EINPUT);
    assert_string_equal(
        env_msgs(&f->e),
        "D/templates/u.yaml:6:8: error: 'title' cannot refer to itself\n"
        "D/templates/u.yaml:4:11: error: unclosed '{{' (expected '{{ name }}')\n"
        "D/templates/u.yaml:7:9: error: '{{ page }}' is only available in banner, header and "
        "footer\n"
        "D/templates/u.yaml:2:9: error: unknown variable 'clasification' (did you mean "
        "'classification'?)\n"
        "D/templates/u.yaml:3:11: error: variable 'b' refers to other variables; vars may "
        "refer to vars one level deep only\n");
    /* a var whose value fails is reported once, however often it is used */
}

static void test_stem(void **state)
{
    fixture *f = *state;
    write_tmpl(f, "bad name.yaml", "a: 1\n");
    write_tmpl(f, ".hidden.yaml", "a: 1\n");
    bg_template *t = NULL;
    assert_int_equal(load(f, "bad name.yaml", &t), BG_EINPUT);
    assert_string_equal(env_msgs(&f->e),
                        "D/templates/bad name.yaml: error: template name 'bad name' "
                        "must be 1 to 100 of A-Z a-z 0-9 . _ - and not start with "
                        "'.'\n");
    assert_int_equal(load(f, ".hidden.yaml", &t), BG_EINPUT);
}

static void test_empty_and_yaml_errors(void **state)
{
    fixture *f = *state;
    write_tmpl(f, "e.yaml", "");
    bg_template *t = NULL;
    assert_int_equal(load(f, "e.yaml", &t), BG_EINPUT);
    assert_string_equal(env_msgs(&f->e), "D/templates/e.yaml: error: empty document\n");
    assert_fails(f, "l.yaml", "- a\n- b\n",
                 "D/templates/l.yaml:1:1: error: expected a mapping, found a "
                 "list\n");
    assert_fails(f, "m.yaml", "extends: nosuch.yaml\n",
                 "D/templates/m.yaml:1:10: error: cannot open 'nosuch.yaml': No "
                 "such file or directory\n");
}

/* The templates we ship load cleanly (run from the repository root). */
static void test_shipped(void **state)
{
    fixture *f = *state;
    static const char *const names[] = {"minister", "analyst", "press", "staff"};
    if (access("templates/_base.yaml", R_OK) != 0) {
        skip();
    }
    for (size_t i = 0; i < 4; i++) {
        env_clear(&f->e);
        char path[64];
        snprintf(path, sizeof(path), "templates/%s.yaml", names[i]);
        bg_str bn[2] = {BG_STR_LIT("date"), BG_STR_LIT("date_iso")};
        bg_str bv[2] = {BG_STR_LIT("14 November 2023"), BG_STR_LIT("2023-11-14")};
        bg_vars builtins = {bn, bv, 2};
        bg_vars none = {NULL, NULL, 0};
        bg_template *t = NULL;
        bg_status st =
            bg_template_load(path, "templates", "fonts", &none, &builtins, &f->e.a, &f->e.d, &t);
        assert_string_equal(env_msgs(&f->e), "");
        assert_int_equal(st, BG_OK);
        assert_true(t->n_sections >= 3);
        assert_true(t->page.n_faces >= 6);
    }
}

/* include: partials merged in order after the base and before the file itself, listed in the
 * chain, confined, read once, and not nested. */
static void test_include(void **state)
{
    fixture *f = *state;
    write_tmpl(f, "_base.yaml", base_yaml);
    write_tmpl(f, "_a.yaml", "vars: {subject: A, organisation: OrgA}\nmax_pages: 3\n");
    write_tmpl(f, "_b.yaml", "vars: {subject: B}\n");
    write_tmpl(f, "t.yaml", "extends: _base.yaml\ninclude: [_a.yaml, _b.yaml]\nmax_pages: 2\n");
    bg_template *t = NULL;
    assert_int_equal(load(f, "t.yaml", &t), BG_OK);
    assert_string_equal(env_msgs(&f->e), "");
    assert_str(t->title, "B");         /* _b after _a */
    assert_int_equal(t->max_pages, 2); /* the file itself last */
    assert_int_equal(t->n_chain, 4);
    assert_non_null(strstr(t->chain[1], "_a.yaml"));
    assert_non_null(strstr(t->chain[2], "_b.yaml"));
    assert_non_null(strstr(t->chain[3], "_base.yaml"));
    bool has_org = false;
    for (size_t i = 0; i < t->vars.n; i++) {
        if (bg_str_eq_cstr(t->vars.names[i], "organisation")) {
            assert_str(t->vars.values[i], "OrgA");
            has_org = true;
        }
    }
    assert_true(has_org);
    /* a single name is a list of one */
    write_tmpl(f, "one.yaml", "extends: _base.yaml\ninclude: _b.yaml\n");
    assert_int_equal(load(f, "one.yaml", &t), BG_OK);
    assert_str(t->title, "B");
    assert_fails(f, "esc.yaml", "extends: _base.yaml\ninclude: [../../etc/passwd]\n",
                 "D/templates/esc.yaml:2:11: error: path '../../etc/passwd' "
                 "leaves 'D/templates'\n");
    assert_fails(f, "twice.yaml", "extends: _base.yaml\ninclude: [_a.yaml, ./_a.yaml]\n",
                 "D/templates/twice.yaml:2:20: error: './_a.yaml' is already "
                 "part of this template (as D/templates/_a.yaml)\n");
    write_tmpl(f, "_nest.yaml", "title: x\ninclude: [_a.yaml]\n");
    assert_fails(f, "nest.yaml", "extends: _base.yaml\ninclude: [_nest.yaml]\n",
                 "D/templates/_nest.yaml:2:1: error: an included partial cannot "
                 "use 'include' (only a template or its bases can)\n");
    assert_fails(f, "self.yaml", "extends: _base.yaml\ninclude: [self.yaml]\n",
                 "D/templates/self.yaml:2:11: error: 'self.yaml' is already "
                 "part of this template (as D/templates/self.yaml)\n");
    assert_fails(f, "typ.yaml", "extends: _base.yaml\ninclude: {a: 1}\n",
                 "D/templates/typ.yaml:2:10: error: expected a string, found a "
                 "mapping\n");
}

/* when:/unless: test a variable; built-in counts; unknown names with a suggestion. */
static void test_when(void **state)
{
    fixture *f = *state;
    write_tmpl(f, "_base.yaml", base_yaml);
    write_tmpl(f, "w.yaml",
               "extends: _base.yaml\n"
               "vars: {detail: no, note: yes}\n"
               "sections:\n"
               "  - {text: a, when: detail}\n"
               "  - {text: b, unless: detail}\n"
               "  - {text: c, when: note}\n"
               "  - {text: d, when: points}\n"
               "  - {sources: {}, unless: sources}\n"
               "  - {points: {limit: 2}, when: subject}\n");
    bg_template *t = NULL;
    assert_int_equal(load(f, "w.yaml", &t), BG_OK);
    assert_string_equal(env_msgs(&f->e), "");
    assert_int_equal(t->n_sections, 6);
    /* is_omitted; `points` and `sources` are empty (false) when no run passes them */
    bool want[6] = {true, false, false, true, false, false};
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(t->sections[i].is_omitted, want[i]);
    }
    bg_template_drop_omitted(t);
    assert_int_equal(t->n_sections, 4);
    assert_str(t->sections[0].text, "b");
    assert_str(t->sections[1].text, "c");
    assert_int_equal(t->sections[2].kind, BG_SEC_SOURCES);
    assert_int_equal(t->sections[3].kind, BG_SEC_POINTS);
    /* --set flips a condition */
    bg_str n1[1] = {BG_STR_LIT("detail")};
    bg_str v1[1] = {BG_STR_LIT("yes")};
    bg_vars over = {n1, v1, 1};
    assert_int_equal(load_with(f, "w.yaml", &over, &t), BG_OK);
    assert_false(t->sections[0].is_omitted);
    assert_true(t->sections[1].is_omitted);
    assert_fails(f, "bad.yaml",
                 "extends: _base.yaml\n"
                 "sections:\n"
                 "  - {text: a, when: detial}\n"
                 "  - {text: b, when: pionts}\n"
                 "  - {text: c, when: x, unless: y}\n"
                 "  - {text: d, when: [a]}\n",
                 "D/templates/bad.yaml:3:21: error: unknown variable 'detial'\n"
                 "D/templates/bad.yaml:4:21: error: unknown variable 'pionts' (did you "
                 "mean 'points'?)\n"
                 "D/templates/bad.yaml:5:32: error: section has both 'when' and 'unless' "
                 "(expected one)\n"
                 "D/templates/bad.yaml:6:21: error: expected a string, found a list\n");
    write_tmpl(f, "res.yaml", "extends: _base.yaml\nvars: {sources: 3}\n");
    assert_int_equal(load(f, "res.yaml", &t), BG_EINPUT);
    assert_string_equal(env_msgs(&f->e), "D/templates/res.yaml:2:8: error: 'sources' is a built-in "
                                         "variable; choose another name\n");
}

/* A --set that matches no variable is a warning with a suggestion, and the load succeeds. */
static void test_set_unknown(void **state)
{
    fixture *f = *state;
    write_tmpl(f, "_base.yaml", base_yaml);
    write_tmpl(f, "t.yaml", "extends: _base.yaml\n");
    bg_str n[3] = {BG_STR_LIT("clasification"), BG_STR_LIT("zzz"), BG_STR_LIT("subject")};
    bg_str v[3] = {BG_STR_LIT("x"), BG_STR_LIT("y"), BG_STR_LIT("Z")};
    bg_vars over = {n, v, 3};
    bg_template *t = NULL;
    assert_int_equal(load_with(f, "t.yaml", &over, &t), BG_OK);
    assert_string_equal(env_msgs(&f->e),
                        "D/templates/t.yaml: warning: --set 'clasification' names no variable of "
                        "this template (did you mean 'classification'?)\n"
                        "D/templates/t.yaml: warning: --set 'zzz' names no variable of this "
                        "template\n");
    assert_str(t->title, "Z");
}

/* bg_template_load_at: the date is the newest of the inputs and the template's own files,
 * unless SOURCE_DATE_EPOCH fixes it. */
static void test_load_at_date(void **state)
{
    fixture *f = *state;
    write_tmpl(f, "_base.yaml", base_yaml);
    write_tmpl(f, "t.yaml", "extends: _base.yaml\nsubtitle: \"{{ date }} {{ date_iso }}\"\n");
    char cmd[256];
    snprintf(cmd, sizeof(cmd),
             "touch -d @1600000000 %s/t.yaml && touch -d @1500000000 %s/_base.yaml", f->tdir,
             f->tdir);
    assert_int_equal(system(cmd), 0);
    char *path = bg_arena_printf(&f->e.a, "%s/t.yaml", f->tdir);
    bg_vars none = {NULL, NULL, 0};
    bg_template *t = NULL;
    char *saved = getenv("SOURCE_DATE_EPOCH");
    saved = saved ? strdup(saved) : NULL;
    unsetenv("SOURCE_DATE_EPOCH");
    assert_int_equal(bg_template_load_at(path, f->tdir, "fonts", &none, &none, 1400000000, NULL,
                                         &f->e.a, &f->e.d, &t),
                     BG_OK);
    assert_int_equal(t->now, 1600000000);
    assert_str(t->subtitle, "13 September 2020 2020-09-13");
    assert_int_equal(bg_template_load_at(path, f->tdir, "fonts", &none, &none, 1700000000, NULL,
                                         &f->e.a, &f->e.d, &t),
                     BG_OK);
    assert_int_equal(t->now, 1700000000);
    setenv("SOURCE_DATE_EPOCH", "1000000000", 1);
    assert_int_equal(bg_template_load_at(path, f->tdir, "fonts", &none, &none, 1700000000, NULL,
                                         &f->e.a, &f->e.d, &t),
                     BG_OK);
    assert_str(t->subtitle, "9 September 2001 2001-09-09");
    unsetenv("SOURCE_DATE_EPOCH");
    /* A file the caller read already is not read again: its listed text and mtime count. */
    static const char listed[] = "extends: _base.yaml\nsubtitle: \"listed {{ date_iso }}\"\n";
    const char *paths[] = {path};
    bg_str texts[] = {{listed, sizeof(listed) - 1}};
    int64_t mtimes[] = {1650000000};
    bg_template_texts read = {paths, texts, mtimes, 1, NULL, NULL};
    assert_int_equal(bg_template_load_at(path, f->tdir, "fonts", &none, &none, 1400000000, &read,
                                         &f->e.a, &f->e.d, &t),
                     BG_OK);
    assert_int_equal(t->now, 1650000000);
    assert_str(t->subtitle, "listed 2022-04-15");
    if (saved) {
        setenv("SOURCE_DATE_EPOCH", saved, 1);
        free(saved);
    } else {
        unsetenv("SOURCE_DATE_EPOCH");
    }
}

/* With roots, a listed file parsed without a diagnostic is parsed once: two templates
 * extending it load as without the cache, and the kept parse is reused. A listed file
 * whose parse reports an error is not kept: every load reports it again. */
static void test_parse_cache(void **state)
{
    fixture *f = *state;
    write_tmpl(f, "_base.yaml", base_yaml);
    write_tmpl(f, "a.yaml", "extends: _base.yaml\naudience: Minister\n");
    write_tmpl(f, "b.yaml", "extends: _base.yaml\naudience: Press\n");
    char *base = bg_arena_printf(&f->e.a, "%s/_base.yaml", f->tdir);
    char *bad = bg_arena_printf(&f->e.a, "%s/_bad.yaml", f->tdir);
    static const char bad_text[] = "audience: [unclosed\n";
    write_tmpl(f, "_bad.yaml", bad_text);
    write_tmpl(f, "c.yaml", "extends: _bad.yaml\n");
    const char *paths[] = {base, bad};
    bg_str texts[] = {{base_yaml, sizeof(base_yaml) - 1}, {bad_text, sizeof(bad_text) - 1}};
    int64_t mtimes[] = {1650000000, 1650000000};
    struct bg_ynode *roots[2] = {NULL, NULL};
    bg_template_texts read = {paths, texts, mtimes, 2, roots, &f->e.a};
    bg_vars none = {NULL, NULL, 0};
    const char *names[] = {"a.yaml", "b.yaml", "a.yaml"};
    const char *audiences[] = {"Minister", "Press", "Minister"};
    for (size_t i = 0; i < 3; i++) {
        char *path = bg_arena_printf(&f->e.a, "%s/%s", f->tdir, names[i]);
        bg_template *t = NULL;
        bg_template *plain = NULL;
        env_clear(&f->e);
        assert_int_equal(bg_template_load_at(path, f->tdir, "fonts", &none, &none, 1400000000,
                                             &read, &f->e.a, &f->e.d, &t),
                         BG_OK);
        assert_non_null(roots[0]);
        assert_int_equal(bg_template_load_at(path, f->tdir, "fonts", &none, &none, 1400000000, NULL,
                                             &f->e.a, &f->e.d, &plain),
                         BG_OK);
        assert_str(t->audience, audiences[i]);
        assert_true(bg_str_eq(t->audience, plain->audience));
        assert_true(bg_str_eq(t->title, plain->title));
        assert_int_equal(t->n_sections, plain->n_sections);
        assert_string_equal(env_msgs(&f->e), "");
    }
    char *c = bg_arena_printf(&f->e.a, "%s/c.yaml", f->tdir);
    for (size_t i = 0; i < 2; i++) {
        bg_template *t = NULL;
        env_clear(&f->e);
        assert_int_equal(bg_template_load_at(c, f->tdir, "fonts", &none, &none, 1400000000, &read,
                                             &f->e.a, &f->e.d, &t),
                         BG_EINPUT);
        assert_null(roots[1]);
        assert_non_null(strstr(env_msgs(&f->e), "_bad.yaml:2:1: error:"));
    }
}

/* `pdfa:` is a boolean, inherited through extends, overridden by a child, off by default;
 * a wrong type and a misspelt key are positioned errors. */
static void test_pdfa(void **state)
{
    fixture *f = *state;
    write_tmpl(f, "_base.yaml", base_yaml);
    write_tmpl(f, "_archival.yaml", "extends: _base.yaml\npdfa: true\n");
    write_tmpl(f, "plain.yaml", "extends: _base.yaml\n");
    write_tmpl(f, "child.yaml", "extends: _archival.yaml\naudience: Archive\n");
    write_tmpl(f, "off.yaml", "extends: _archival.yaml\npdfa: false\n");
    write_tmpl(f, "bad.yaml", "extends: _base.yaml\npdfa: yes please\n");
    write_tmpl(f, "typo.yaml", "extends: _base.yaml\npdf_a: true\n");
    bg_template *t = NULL;
    assert_int_equal(load(f, "plain.yaml", &t), BG_OK);
    assert_false(t->is_pdfa);
    assert_int_equal(load(f, "child.yaml", &t), BG_OK);
    assert_true(t->is_pdfa);
    assert_non_null(strstr(t->pdfa_loc.path, "_archival.yaml"));
    assert_int_equal(t->pdfa_loc.line, 2);
    assert_int_equal(t->pdfa_loc.col, 7);
    assert_int_equal(load(f, "off.yaml", &t), BG_OK);
    assert_false(t->is_pdfa);
    assert_int_equal(load(f, "bad.yaml", &t), BG_EINPUT);
    assert_string_equal(env_msgs(&f->e),
                        "D/templates/bad.yaml:2:7: error: expected a boolean (true or "
                        "false), found a string\n");
    assert_int_equal(load(f, "typo.yaml", &t), BG_EINPUT);
    assert_string_equal(env_msgs(&f->e),
                        "D/templates/typo.yaml:2:1: error: unknown key 'pdf_a' (did you "
                        "mean 'pdfa'?)\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_extends_merge, setup, teardown),
        cmocka_unit_test_setup_teardown(test_error_in_base, setup, teardown),
        cmocka_unit_test_setup_teardown(test_max_words, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shorten, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cycle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_confinement, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_and_types, setup, teardown),
        cmocka_unit_test_setup_teardown(test_substitution, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stem, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_and_yaml_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shipped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_include, setup, teardown),
        cmocka_unit_test_setup_teardown(test_when, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_unknown, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_at_date, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pdfa, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parse_cache, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
