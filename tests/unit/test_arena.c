/* Unit tests: arena (budget, growth, defer order, fail-after hook, child arenas) and
 * bg_buf. */
#include "test_support.h"

#include <string.h>

#include "arena.h"
#include "buf.h"

static void test_alloc_zeroed_and_aligned(void **state)
{
    (void)state;
    bg_arena a;
    bg_arena_init(&a, 1 << 20);
    for (int i = 1; i < 200; i++) {
        unsigned char *p = bg_arena_alloc(&a, (size_t)i * 7);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
        for (int k = 0; k < i * 7; k++) {
            assert_int_equal(p[k], 0);
        }
        memset(p, 0xAB, (size_t)i * 7);
    }
    bg_arena_free(&a);
}

static void test_budget(void **state)
{
    (void)state;
    bg_arena a;
    bg_arena_init(&a, 100 * 1024);
    assert_non_null(bg_arena_alloc(&a, 1000));
    assert_null(bg_arena_alloc(&a, 200 * 1024));
    assert_true(a.failed);
    /* sticky */
    assert_null(bg_arena_alloc(&a, 8));
    bg_arena_free(&a);
}

static void test_array_overflow(void **state)
{
    (void)state;
    bg_arena a;
    bg_arena_init(&a, 1 << 20);
    assert_null(bg_arena_array(&a, SIZE_MAX / 2, 4));
    assert_true(a.failed);
    bg_arena_free(&a);
}

static void test_grow_and_strings(void **state)
{
    (void)state;
    bg_arena a;
    bg_arena_init(&a, 1 << 20);
    int *v = bg_arena_array(&a, 2, sizeof(int));
    v[0] = 1;
    v[1] = 2;
    v = bg_arena_grow(&a, v, 2, 4, sizeof(int));
    assert_int_equal(v[0], 1);
    assert_int_equal(v[1], 2);
    assert_int_equal(v[3], 0);
    char *s = bg_arena_strndup(&a, "hello world", 5);
    assert_string_equal(s, "hello");
    char *f = bg_arena_printf(&a, "%s-%d", "x", 42);
    assert_string_equal(f, "x-42");
    bg_arena_free(&a);
}

/* bg_arena_room: the same array while it has room, then a copy doubled from @first (or
 * to n + 1 when that is more), with the old items copied and *cap updated; NULL with *cap
 * unchanged when the budget is hit. */
static void test_room(void **state)
{
    (void)state;
    bg_arena a;
    bg_arena_init(&a, 64 * 1024);
    int *v = NULL;
    size_t cap = 0;
    for (size_t n = 0; n < 40; n++) {
        int *p = bg_arena_room(&a, v, n, &cap, 8, sizeof(*p));
        assert_non_null(p);
        size_t want = n < 8 ? 8 : n < 16 ? 16 : n < 32 ? 32 : 64;
        assert_int_equal(cap, want);
        if (n != 0 && n != 8 && n != 16 && n != 32) {
            assert_ptr_equal(p, v);
        } else {
            assert_ptr_not_equal(p, v);
        }
        v = p;
        v[n] = (int)n + 1;
    }
    for (size_t i = 0; i < 40; i++) {
        assert_int_equal(v[i], (int)i + 1);
    }
    assert_int_equal(v[40], 0); /* zero-extended */

    /* Index n past twice the capacity: room for n + 1 items. */
    int *w = bg_arena_room(&a, v, 200, &cap, 8, sizeof(*w));
    assert_non_null(w);
    assert_int_equal(cap, 201);
    assert_int_equal(w[39], 40);
    w[200] = 7;

    /* Past the budget: NULL, *cap as it was, the array untouched. */
    size_t big = 32 * 1024;
    assert_null(bg_arena_room(&a, w, 201, &cap, 8, big));
    assert_int_equal(cap, 201);
    assert_true(a.failed);
    assert_int_equal(w[39], 40);
    assert_int_equal(w[200], 7);
    bg_arena_free(&a);

    /* A first capacity larger than twice the old one wins. */
    bg_arena_init(&a, 64 * 1024);
    char *s = bg_arena_array(&a, 2, 1);
    assert_non_null(s);
    s[0] = 'x';
    s[1] = 'y';
    size_t small = 2;
    char *t = bg_arena_room(&a, s, 2, &small, 64, 1);
    assert_non_null(t);
    assert_int_equal(small, 64);
    assert_int_equal(t[0], 'x');
    assert_int_equal(t[1], 'y');
    bg_arena_free(&a);
}

static void record(void *obj)
{
    int *log = obj;
    log[log[0] + 1] = log[0] + 1;
    log[0]++;
}

typedef struct {
    int *log;
    int id;
} rec;

static void record_id(void *obj)
{
    rec *r = obj;
    r->log[++r->log[0]] = r->id;
}

static void test_defer_lifo(void **state)
{
    (void)state;
    int log[8] = {0};
    bg_arena a;
    bg_arena_init(&a, 1 << 20);
    rec r1 = {log, 1};
    rec r2 = {log, 2};
    assert_true(bg_arena_defer(&a, record_id, &r1));
    assert_true(bg_arena_defer(&a, record_id, &r2));
    bg_arena_free(&a);
    assert_int_equal(log[0], 2);
    assert_int_equal(log[1], 2);
    assert_int_equal(log[2], 1);
}

static void test_defer_failure_runs_now(void **state)
{
    (void)state;
    int log[4] = {0};
    bg_arena a;
    bg_arena_init(&a, 1 << 20);
    a.fail_after = 1;
    assert_false(bg_arena_defer(&a, record, log));
    assert_int_equal(log[0], 1);
    bg_arena_free(&a);
}

static void test_fail_after(void **state)
{
    (void)state;
    bg_arena a;
    bg_arena_init(&a, 1 << 20);
    a.fail_after = 3;
    assert_non_null(bg_arena_alloc(&a, 8));
    assert_non_null(bg_arena_alloc(&a, 8));
    assert_null(bg_arena_alloc(&a, 8));
    bg_arena_free(&a);
}

static void test_large_block_keeps_chunk(void **state)
{
    (void)state;
    bg_arena a;
    bg_arena_init(&a, 8 << 20);
    char *small = bg_arena_alloc(&a, 16);
    char *big = bg_arena_alloc(&a, 2 << 20);
    char *small2 = bg_arena_alloc(&a, 16);
    assert_non_null(small);
    assert_non_null(big);
    assert_non_null(small2);
    /* The small allocations share the first chunk. */
    assert_int_equal(small2 - small, 16);
    bg_arena_free(&a);
}

/* After a reset the memory is handed out again, zeroed where the earlier use wrote it, and
 * the deferred destructors have run. */
static void test_reset_reuses_zeroed(void **state)
{
    (void)state;
    int log[4] = {0};
    bg_arena a;
    bg_arena_init(&a, 8 << 20);
    unsigned char *first = bg_arena_alloc(&a, 100000);
    memset(first, 0xAB, 100000);
    assert_true(bg_arena_defer(&a, record, log));
    unsigned char *big = bg_arena_alloc(&a, 2 << 20);
    memset(big, 0xCD, 2 << 20);
    bg_arena_reset(&a);
    assert_int_equal(log[0], 1);
    assert_int_equal(a.used_bytes, 0);
    unsigned char *again = bg_arena_alloc(&a, 150000);
    assert_ptr_equal(again, first);
    for (int k = 0; k < 150000; k++) {
        assert_int_equal(again[k], 0);
    }
    unsigned char *raw = bg_arena_alloc_raw(&a, 64);
    assert_non_null(raw);
    bg_arena_free(&a);
    assert_int_equal(log[0], 1);
}

/* A child allocates against its root's budget, failure flag and fault injection, and
 * gives its bytes back when reset or freed; its destructors are its own. */
static void test_child_shares_root(void **state)
{
    (void)state;
    int log[4] = {0};
    bg_arena root;
    bg_arena_init(&root, 100 * 1024);
    bg_arena child;
    bg_arena_init_child(&child, &root);
    assert_non_null(bg_arena_alloc(&root, 60 * 1024));
    assert_non_null(bg_arena_alloc(&child, 30 * 1024));
    assert_int_equal(root.used_bytes, 90 * 1024);
    assert_int_equal(child.used_bytes, 30 * 1024);
    assert_true(bg_arena_defer(&child, record, log));
    bg_arena_reset(&child);
    assert_int_equal(log[0], 1);
    assert_int_equal(root.used_bytes, 60 * 1024);
    assert_non_null(bg_arena_alloc(&child, 30 * 1024));
    assert_null(bg_arena_alloc(&child, 20 * 1024)); /* 110 KB in all: past the root's cap */
    assert_true(child.failed);
    assert_true(root.failed);
    bg_arena_free(&child);
    assert_int_equal(root.used_bytes, 60 * 1024);
    bg_arena_free(&root);

    /* fail_after counts the root's and the child's allocations as one sequence */
    bg_arena_init(&root, 1 << 20);
    bg_arena_init_child(&child, &root);
    root.fail_after = 4;
    assert_non_null(bg_arena_alloc(&root, 8));
    assert_non_null(bg_arena_alloc(&child, 8));
    assert_non_null(bg_arena_alloc(&root, 8));
    assert_null(bg_arena_alloc(&child, 8));
    assert_int_equal(root.n_allocs, 4);
    assert_true(root.failed);
    assert_null(bg_arena_alloc(&root, 8)); /* sticky for both */
    bg_arena_free(&child);
    bg_arena_free(&root);
}

static void test_buf(void **state)
{
    (void)state;
    bg_buf b;
    bg_buf_init(&b, 64);
    assert_true(bg_buf_puts(&b, "abc"));
    assert_true(bg_buf_printf(&b, "-%d-", 12));
    assert_string_equal(b.data, "abc-12-");
    assert_int_equal(b.len, 7);
    char big[100];
    memset(big, 'x', sizeof(big));
    assert_false(bg_buf_append(&b, big, sizeof(big)));
    assert_true(b.failed);
    assert_false(bg_buf_puts(&b, "y"));
    bg_buf_free(&b);
    assert_null(b.data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc_zeroed_and_aligned),
        cmocka_unit_test(test_budget),
        cmocka_unit_test(test_array_overflow),
        cmocka_unit_test(test_grow_and_strings),
        cmocka_unit_test(test_room),
        cmocka_unit_test(test_defer_lifo),
        cmocka_unit_test(test_defer_failure_runs_now),
        cmocka_unit_test(test_fail_after),
        cmocka_unit_test(test_child_shares_root),
        cmocka_unit_test(test_large_block_keeps_chunk),
        cmocka_unit_test(test_reset_reuses_zeroed),
        cmocka_unit_test(test_buf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
