/* Unit tests: bounded reads, refusals (directory, FIFO, too large; reported or quiet),
 * sorted listing, atomic write (no temp left, old file kept on failure), confinement. */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsio.h"

typedef tmpdir_env fixture;

static int setup(void **state)
{
    return tmpdir_env_setup(state, "fsio", 1 << 24);
}

static char *path_in(fixture *f, const char *name)
{
    return bg_arena_printf(&f->e.a, "%s/%s", f->dir, name);
}

static void test_read(void **state)
{
    fixture *f = *state;
    char *p = path_in(f, "a.txt");
    assert_true(tmpdir_write_text(f->dir, "a.txt", "hello"));
    bg_str s;
    int64_t mtime = 0;
    assert_int_equal(bg_fsio_read(p, 100, &f->e.a, &f->e.d, &s, &mtime), BG_OK);
    assert_int_equal(s.len, 5);
    assert_memory_equal(s.ptr, "hello", 6);
    assert_true(mtime > 0);
    assert_int_equal(bg_fsio_read(p, 4, &f->e.a, &f->e.d, &s, NULL), BG_EINPUT);
    assert_int_equal(bg_fsio_read(path_in(f, "missing"), 100, &f->e.a, &f->e.d, &s, NULL), BG_EIO);
    assert_int_equal(bg_fsio_read(f->dir, 100, &f->e.a, &f->e.d, &s, NULL), BG_EINPUT);
    char *fifo = path_in(f, "fifo");
    assert_int_equal(mkfifo(fifo, 0600), 0);
    assert_int_equal(bg_fsio_read(fifo, 100, &f->e.a, &f->e.d, &s, NULL), BG_EINPUT);
}

/* The same refusals with their messages, and quiet (@d NULL): the status alone. */
static void test_read_messages_and_quiet(void **state)
{
    fixture *f = *state;
    char *p = path_in(f, "b.txt");
    assert_true(tmpdir_write_text(f->dir, "b.txt", "hello"));
    char *missing = path_in(f, "missing");
    env_clear(&f->e);
    unsigned before = f->e.d.n_errors;
    bg_str s = {NULL, 0};
    assert_int_equal(bg_fsio_read(p, 4, &f->e.a, &f->e.d, &s, NULL), BG_EINPUT);
    assert_int_equal(bg_fsio_read(missing, 100, &f->e.a, &f->e.d, &s, NULL), BG_EIO);
    assert_int_equal(bg_fsio_read(f->dir, 100, &f->e.a, &f->e.d, &s, NULL), BG_EINPUT);
    assert_int_equal(bg_fsio_read(p, 4, &f->e.a, NULL, &s, NULL), BG_EINPUT);
    assert_int_equal(bg_fsio_read(missing, 100, &f->e.a, NULL, &s, NULL), BG_EIO);
    assert_int_equal(bg_fsio_read(f->dir, 100, &f->e.a, NULL, &s, NULL), BG_EINPUT);
    assert_int_equal(bg_fsio_read(p, 100, &f->e.a, NULL, &s, NULL), BG_OK);
    assert_int_equal(s.len, 5);
    char *want = bg_arena_printf(&f->e.a,
                                 "%s: error: file too large: 5 bytes (limit 4)\n"
                                 "%s: error: cannot open: No such file or directory\n"
                                 "%s: error: not a regular file\n",
                                 p, missing, f->dir);
    assert_string_equal(env_msgs(&f->e), want);
    assert_int_equal(f->e.d.n_errors - before, 3);
}

static void test_list_sorted(void **state)
{
    fixture *f = *state;
    assert_true(tmpdir_write_text(f->dir, "b.yaml", "x"));
    assert_true(tmpdir_write_text(f->dir, "a.yaml", "x"));
    assert_true(tmpdir_write_text(f->dir, ".hidden.yaml", "x"));
    assert_true(tmpdir_write_text(f->dir, "c.txt", "x"));
    bg_path_list l;
    assert_int_equal(bg_fsio_list(f->dir, ".yaml", &f->e.a, &f->e.d, &l), BG_OK);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.items[0], path_in(f, "a.yaml"));
    assert_string_equal(l.items[1], path_in(f, "b.yaml"));
}

static void test_atomic_write(void **state)
{
    fixture *f = *state;
    char *p = path_in(f, "x.pdf");
    assert_int_equal(bg_fsio_write_atomic(p, "new", 3, &f->e.d), BG_OK);
    assert_true(bg_fsio_same(p, "new", 3));
    assert_false(bg_fsio_same(p, "newer", 5));
    /* A directory in the way of the final name: the write fails and no temp is left. */
    char *blocked = path_in(f, "blocked.pdf");
    assert_int_equal(mkdir(blocked, 0700), 0);
    assert_true(tmpdir_write_text(blocked, "keep", "x"));
    assert_int_equal(bg_fsio_write_atomic(blocked, "data", 4, &f->e.d), BG_EIO);
    char cmd[160];
    snprintf(cmd, sizeof(cmd), "ls -A %s | grep -q briefgen-tmp", f->dir);
    assert_int_not_equal(system(cmd), 0);
    /* Missing directory. */
    assert_int_equal(bg_fsio_write_atomic(path_in(f, "no/such/x.pdf"), "d", 1, &f->e.d), BG_EIO);
}

static void test_confine(void **state)
{
    fixture *f = *state;
    char *root = path_in(f, "templates");
    assert_int_equal(mkdir(root, 0700), 0);
    char *base = bg_arena_printf(&f->e.a, "%s/_base.yaml", root);
    assert_true(tmpdir_write_text(root, "_base.yaml", "x: 1\n"));
    char *child = bg_arena_printf(&f->e.a, "%s/child.yaml", root);
    assert_true(tmpdir_write_text(root, "child.yaml", "extends: _base.yaml\n"));
    assert_true(tmpdir_write_text(f->dir, "outside.yaml", "x: 1\n"));
    bg_loc loc = {child, 1, 10};
    const char *out = NULL;
    assert_int_equal(
        bg_fsio_confine(root, child, BG_STR_LIT("_base.yaml"), &loc, &f->e.a, &f->e.d, &out),
        BG_OK);
    assert_string_equal(out, base);
    assert_int_equal(
        bg_fsio_confine(root, child, BG_STR_LIT("../outside.yaml"), &loc, &f->e.a, &f->e.d, &out),
        BG_EINPUT);
    assert_int_equal(
        bg_fsio_confine(root, child, BG_STR_LIT("/etc/passwd"), &loc, &f->e.a, &f->e.d, &out),
        BG_EINPUT);
    char *link = bg_arena_printf(&f->e.a, "%s/link.yaml", root);
    assert_int_equal(symlink("/etc/passwd", link), 0);
    assert_int_equal(
        bg_fsio_confine(root, child, BG_STR_LIT("link.yaml"), &loc, &f->e.a, &f->e.d, &out),
        BG_EINPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_read, setup, tmpdir_env_teardown),
        cmocka_unit_test_setup_teardown(test_read_messages_and_quiet, setup, tmpdir_env_teardown),
        cmocka_unit_test_setup_teardown(test_list_sorted, setup, tmpdir_env_teardown),
        cmocka_unit_test_setup_teardown(test_atomic_write, setup, tmpdir_env_teardown),
        cmocka_unit_test_setup_teardown(test_confine, setup, tmpdir_env_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
