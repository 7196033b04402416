/* Unit tests for the YAML loader: each rule of notes/robustness.md (depth, anchors,
 * aliases, tags, merge keys, duplicate keys with a note, several documents, empty file,
 * NUL in a scalar, parser error positions incl. tabs), the typed getters and check_keys. */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yload.h"

typedef test_env fixture; /* set up by env_setup */

/* Load @text; return the status, with only its messages in env_msgs(f). */
static bg_status load(fixture *f, const char *text, size_t len, bg_ynode **out)
{
    env_clear(f);
    f->d.n_errors = 0;
    bg_ynode *root = NULL;
    bg_status st = bg_yload_mem("t.yaml", text, len, &f->a, &f->d, &root);
    if (out) {
        *out = root;
    }
    return st;
}

static void expect_error(void **state, const char *text, const char *msgs)
{
    fixture *f = *state;
    assert_int_equal(load(f, text, strlen(text), NULL), BG_EINPUT);
    assert_string_equal(env_msgs(f), msgs);
}

static void test_ok_tree(void **state)
{
    fixture *f = *state;
    const char *text = "a: 1\nb: [x, \"y\"]\nc:\n  d: true\n";
    bg_ynode *root = NULL;
    assert_int_equal(load(f, text, strlen(text), &root), BG_OK);
    assert_int_equal(root->kind, BG_YNODE_MAP);
    assert_int_equal(root->n, 3);
    const bg_ynode *b = bg_yload_get(root, "b");
    assert_non_null(b);
    assert_int_equal(b->kind, BG_YNODE_SEQ);
    assert_int_equal(b->n, 2);
    assert_false(b->items[0]->is_quoted);
    assert_true(b->items[1]->is_quoted);
    assert_int_equal(b->loc.line, 2);
    assert_int_equal(b->loc.col, 4);
    const bg_ynode *d = bg_yload_get(bg_yload_get(root, "c"), "d");
    assert_int_equal(d->loc.line, 4);
    assert_int_equal(d->loc.col, 6);
    assert_null(bg_yload_get(root, "zz"));
}

static void test_depth(void **state)
{
    size_t n = 100000;
    char *text = malloc(n + 1);
    memset(text, '[', n);
    text[n] = '\0';
    expect_error(state, text, "t.yaml:1:33: error: nesting deeper than 32 levels\n");
    free(text);
    /* 32 levels are fine */
    fixture *f = *state;
    char ok[80];
    memset(ok, 0, sizeof(ok));
    memset(ok, '[', 32);
    memset(ok + 32, ']', 32);
    assert_int_equal(load(f, ok, strlen(ok), NULL), BG_OK);
}

static void test_node_cap(void **state)
{
    /* a flow list of 100,001 items is one node too many */
    size_t n = 100001;
    char *text = malloc(n * 2 + 8);
    size_t len = 0;
    text[len++] = '[';
    for (size_t i = 0; i < n; i++) {
        text[len++] = '1';
        text[len++] = ',';
    }
    text[len - 1] = ']';
    text[len] = '\0';
    fixture *f = *state;
    assert_int_equal(load(f, text, len, NULL), BG_EINPUT);
    assert_non_null(strstr(env_msgs(f), "error: too many YAML nodes (limit 100000)"));
    free(text);
}

static void test_anchor_alias_tag_merge(void **state)
{
    expect_error(state, "a: &x 1\n", "t.yaml:1:4: error: anchors and aliases are not supported\n");
    expect_error(state, "a: *x\n", "t.yaml:1:4: error: anchors and aliases are not supported\n");
    expect_error(state, "a: &a [*a]\n",
                 "t.yaml:1:4: error: anchors and aliases are not supported\n");
    expect_error(state, "a: !!str 1\n", "t.yaml:1:4: error: tags are not supported ('!!str')\n");
    expect_error(state, "a: {<<: {b: 1}}\n",
                 "t.yaml:1:5: error: merge keys ('<<') are not supported\n");
}

static void test_duplicate_key(void **state)
{
    expect_error(state, "a: 1\nb: 2\na: 3\n",
                 "t.yaml:3:1: error: duplicate key 'a'\n"
                 "t.yaml:1:1: note: first defined here\n");
    /* reported in file order, each against the first occurrence */
    expect_error(state, "a: 1\nc: {x: 1, x: 2}\na: 2\na: 3\n",
                 "t.yaml:2:11: error: duplicate key 'x'\n"
                 "t.yaml:2:5: note: first defined here\n"
                 "t.yaml:3:1: error: duplicate key 'a'\n"
                 "t.yaml:1:1: note: first defined here\n"
                 "t.yaml:4:1: error: duplicate key 'a'\n"
                 "t.yaml:1:1: note: first defined here\n");
}

static void test_documents(void **state)
{
    expect_error(state, "a: 1\n---\nb: 2\n",
                 "t.yaml:2:1: error: expected a single document, found a second one\n");
    expect_error(state, "", "t.yaml: error: empty document\n");
    expect_error(state, "# nothing\n\n", "t.yaml: error: empty document\n");
    expect_error(state, "---\n", "t.yaml: error: empty document\n");
}

static void test_nul_scalar(void **state)
{
    expect_error(state, "a: \"x\\0y\"\n", "t.yaml:1:4: error: NUL character in a string\n");
    /* a raw NUL byte is refused by libyaml's reader, with a position */
    fixture *f = *state;
    assert_int_equal(load(f, "a: x\0y\n", 7, NULL), BG_EINPUT);
    assert_non_null(strstr(env_msgs(f), "t.yaml:1:5: error: "));
}

static void test_parse_errors(void **state)
{
    expect_error(state, "a: 1\nb:\n\tc: 2\n",
                 "t.yaml:3:1: error: found character that cannot start any token\n"
                 "t.yaml:3:1: note: tabs are not allowed for indentation; use spaces\n");
    expect_error(state, "key: value\nkey2 value\nx: 1\n",
                 "t.yaml:3:1: error: could not find expected ':' (while scanning a simple key "
                 "at line 2)\n");
    /* columns count characters, not bytes (libyaml marks are 0-based characters) */
    expect_error(state, "k: \"\xC3\xA9\xC3\xA9\xC3\xA9\" x\n",
                 "t.yaml:1:10: error: did not find expected key\n");
    expect_error(state, "a: \xE9\n", "t.yaml:1:4: error: invalid UTF-8 (byte 0xE9)\n");
}

static void test_getters(void **state)
{
    fixture *f = *state;
    const char *text = "n: 12.5\ni: 7\nq: \"12\"\nb: true\ny: yes\nl: [1]\nm: {}\ne: 1e3\n"
                       "neg: -3\nnull: ~\n";
    bg_ynode *root = NULL;
    assert_int_equal(load(f, text, strlen(text), &root), BG_OK);
    double num = 0;
    long i = 0;
    bool b = false;
    assert_int_equal(bg_yload_number(bg_yload_get(root, "n"), 0, 100, &f->d, &num), BG_OK);
    assert_true(num == 12.5);
    assert_int_equal(bg_yload_number(bg_yload_get(root, "e"), 0, 1e4, &f->d, &num), BG_OK);
    assert_true(num == 1000.0);
    assert_int_equal(bg_yload_int(bg_yload_get(root, "i"), 0, 10, &f->d, &i), BG_OK);
    assert_int_equal(i, 7);
    assert_int_equal(bg_yload_int(bg_yload_get(root, "neg"), -5, 5, &f->d, &i), BG_OK);
    assert_int_equal(i, -3);
    assert_int_equal(bg_yload_bool(bg_yload_get(root, "b"), &f->d, &b), BG_OK);
    assert_true(b);
    assert_string_equal(bg_yload_kind_name(bg_yload_get(root, "n")), "a number");
    assert_string_equal(bg_yload_kind_name(bg_yload_get(root, "q")), "a string");
    assert_string_equal(bg_yload_kind_name(bg_yload_get(root, "b")), "a boolean");
    assert_string_equal(bg_yload_kind_name(bg_yload_get(root, "l")), "a list");
    assert_string_equal(bg_yload_kind_name(bg_yload_get(root, "m")), "a mapping");
    assert_true(bg_yload_is_null(bg_yload_get(root, "null")));
    assert_false(bg_yload_is_null(bg_yload_get(root, "q")));
    assert_int_equal(f->d.n_errors, 0);

    env_clear(f);
    assert_int_equal(bg_yload_expect(bg_yload_get(root, "i"), BG_YNODE_SEQ, &f->d), BG_EINPUT);
    assert_int_equal(bg_yload_number(bg_yload_get(root, "q"), 0, 100, &f->d, &num), BG_EINPUT);
    assert_int_equal(bg_yload_bool(bg_yload_get(root, "y"), &f->d, &b), BG_EINPUT);
    assert_int_equal(bg_yload_int(bg_yload_get(root, "n"), 0, 100, &f->d, &i), BG_EINPUT);
    assert_int_equal(bg_yload_int(bg_yload_get(root, "i"), 0, 5, &f->d, &i), BG_EINPUT);
    assert_int_equal(bg_yload_expect(bg_yload_get(root, "m"), BG_YNODE_SCALAR, &f->d), BG_EINPUT);
    assert_string_equal(env_msgs(f),
                        "t.yaml:2:4: error: expected a list, found a number\n"
                        "t.yaml:3:4: error: expected a number, found a string\n"
                        "t.yaml:5:4: error: expected a boolean (true or false), found a string\n"
                        "t.yaml:1:4: error: expected a whole number, found 12.5\n"
                        "t.yaml:2:4: error: expected a whole number from 0 to 5, found 7\n"
                        "t.yaml:7:4: error: expected a string, found a mapping\n");
}

static void test_check_keys(void **state)
{
    fixture *f = *state;
    const char *text = "limt: 1\norder: score\nzzzzzz: 2\n";
    bg_ynode *root = NULL;
    assert_int_equal(load(f, text, strlen(text), &root), BG_OK);
    static const char *const allowed[] = {"limit", "order", "categories", NULL};
    env_clear(f);
    assert_int_equal(bg_yload_check_keys(root, allowed, &f->d), BG_EINPUT);
    assert_string_equal(env_msgs(f),
                        "t.yaml:1:1: error: unknown key 'limt' (did you mean 'limit'?)\n"
                        "t.yaml:3:1: error: unknown key 'zzzzzz'\n");
}

static void test_file(void **state)
{
    fixture *f = *state;
    char dir[64];
    assert_true(tmpdir_make(dir, sizeof(dir), "yload"));
    assert_true(tmpdir_write_text(dir, "x.yaml", "a: [1, 2]\n"));
    char path[96];
    snprintf(path, sizeof(path), "%s/x.yaml", dir);
    bg_ynode *root = NULL;
    assert_int_equal(bg_yload_file(path, &f->a, &f->d, &root), BG_OK);
    assert_int_equal(bg_yload_get(root, "a")->n, 2);
    remove(path);
    assert_int_equal(bg_yload_file(path, &f->a, &f->d, &root), BG_EIO);
    assert_true(tmpdir_remove(dir));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ok_tree, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_depth, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_node_cap, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_anchor_alias_tag_merge, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_key, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_documents, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_nul_scalar, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_parse_errors, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_getters, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_check_keys, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_file, env_setup, env_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
