/* Unit tests for hyph.c: break points of a few words with Debian's hyph_en_US.dic,
 * lefthyphenmin 2 / righthyphenmin 3, and the words that must never break. */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hyph.h"
#include "limit.h"

#define DICT "/usr/share/hyphen/hyph_en_US.dic"

typedef struct {
    test_env e; /* arena, diag and its messages */
    bg_hyph *h;
} fixture;

static int setup(void **state)
{
    static fixture f;
    memset(&f, 0, sizeof(f));
    if (!env_init(&f.e, BG_MAX_RUN_BYTES) || bg_hyph_open(DICT, &f.e.a, &f.e.d, &f.h) != BG_OK) {
        return -1;
    }
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    env_free(&f->e);
    return 0;
}

/* The word with '-' at each break point. */
static const char *show(const bg_hyph *h, const char *word)
{
    static char out[256];
    uint8_t breaks[128];
    size_t len = strlen(word);
    bg_hyph_points(h, (bg_str){word, len}, breaks);
    size_t j = 0;
    for (size_t i = 0; i < len; i++) {
        out[j++] = word[i];
        if (breaks[i]) {
            out[j++] = '-';
        }
    }
    out[j] = '\0';
    return out;
}

static void test_words(void **state)
{
    fixture *f = *state;
    assert_string_equal(show(f->h, "hyphenation"), "hy-phen-ation");
    assert_string_equal(show(f->h, "cooperation"), "co-op-er-a-tion");
    assert_string_equal(show(f->h, "Partnership"), "Part-ner-ship");
    assert_string_equal(show(f->h, "international"), "in-ter-na-tional");
}

static void test_never(void **state)
{
    fixture *f = *state;
    assert_string_equal(show(f->h, "NATO"), "NATO");
    assert_string_equal(show(f->h, "UNCLASSIFIED"), "UNCLASSIFIED"); /* acronym */
    assert_string_equal(show(f->h, "task"), "task");                 /* < 5 letters */
    assert_string_equal(show(f->h, "COVID19pandemic"), "COVID19pandemic");
    assert_string_equal(show(f->h, "someone@example"), "someone@example");
    assert_string_equal(show(f->h, "and/or/either"), "and/or/either");
    uint8_t breaks[8];
    assert_int_equal(bg_hyph_points(f->h, (bg_str){"abc", 0}, breaks), 0);
}

static void test_utf8(void **state)
{
    fixture *f = *state;
    /* Byte offsets: a break after a two-byte letter marks its last byte. */
    const char *w = "d\xc3\xa9termination"; /* détermination */
    uint8_t breaks[32];
    size_t n = bg_hyph_points(f->h, (bg_str){w, strlen(w)}, breaks);
    assert_true(n >= 1);
    assert_int_equal(breaks[1], 0); /* never inside é */
    for (size_t i = 0; i < strlen(w); i++) {
        if (breaks[i]) {
            assert_true(((unsigned char)w[i + 1] & 0xC0) != 0x80);
        }
    }
}

static void test_missing_dictionary(void **state)
{
    fixture *f = *state;
    bg_hyph *h = NULL;
    env_clear(&f->e);
    assert_int_equal(bg_hyph_open("/nonexistent/hyph.dic", &f->e.a, &f->e.d, &h), BG_OK);
    assert_string_equal(env_msgs(&f->e), "/nonexistent/hyph.dic: warning: hyphenation "
                                         "dictionary not found: words will not be hyphenated\n");
    assert_string_equal(show(h, "hyphenation"), "hyphenation");
}

/* bg_hyph_open_for loads only the patterns the noted text needs; every word must still
 * break exactly as with the whole dictionary: the noted words, parts of them, and words
 * that were never noted (hyphenated with their own patterns). */
static void compare_word(const bg_hyph *whole, const bg_hyph *part, const char *w, size_t len)
{
    uint8_t b1[128];
    uint8_t b2[128];
    size_t n1 = bg_hyph_points(whole, (bg_str){w, len}, b1);
    size_t n2 = bg_hyph_points(part, (bg_str){w, len}, b2);
    if (n1 != n2 || (len && memcmp(b1, b2, len) != 0)) {
        fail_msg("'%.*s': %zu breaks with the whole dictionary, %zu filtered", (int)len, w, n1, n2);
    }
}

static size_t read_text(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, cap - 1, f);
    fclose(f);
    buf[n] = 0;
    return n;
}

static void test_filtered_same_breaks(void **state)
{
    fixture *f = *state;
    static char noted[1 << 16];
    static char other[1 << 16];
    size_t n_noted =
        read_text("content/nato-relations-republic-of-korea.txt", noted, sizeof(noted));
    (void)read_text("tests/extract/unseen/nato-relations-japan.txt", other, sizeof(other));
    bg_str texts[] = {{noted, n_noted}};
    bg_hyph *part = NULL;
    assert_int_equal(bg_hyph_open_for(DICT, texts, 1, &f->e.a, &f->e.d, &part), BG_OK);
    size_t n_words = 0;
    const char *bufs[] = {noted, other};
    for (size_t b = 0; b < 2; b++) {
        const char *p = bufs[b];
        while (*p) {
            size_t len = strcspn(p, " \n\t.,;:()\"'-/");
            if (len >= 5 && len < 96) {
                compare_word(f->h, part, p, len);
                compare_word(f->h, part, p + 1, len - 1); /* a part of a noted word */
                compare_word(f->h, part, p, len - 2);
                n_words++;
            }
            p += len ? len : 1;
            if (b == 1 && n_words > 2500) {
                break; /* un-noted words cost a small dictionary load each */
            }
        }
    }
    assert_true(n_words > 400);
    compare_word(f->h, part, "hyphenation", 11);
    compare_word(f->h, part, "Brief", 5);
    compare_word(f->h, part, "d\xc3\xa9termination", 14);
}

/* Words outside the noted text keep their break digits in a cache of 256 by hash: a word
 * met again, in other capitals, or after others took its slot still breaks as with the
 * whole dictionary. */
static void test_filtered_cache(void **state)
{
    fixture *f = *state;
    static char other[1 << 16];
    /* 355 distinct words of 5 letters or more, none of them noted */
    (void)read_text("content/nato-relations-republic-of-korea.txt", other, sizeof(other));
    bg_str texts[] = {{"the cooperation between partners", 32}};
    bg_hyph *part = NULL;
    assert_int_equal(bg_hyph_open_for(DICT, texts, 1, &f->e.a, &f->e.d, &part), BG_OK);
    const char *words[] = {"hyphenation",          "Hyphenation",          "hyphenation",
                           "cooperation",          "Parliamentary",        "parliamentary",
                           "d\xc3\xa9termination", "D\xc3\xa9termination", "d\xc3\xa9termination"};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        compare_word(f->h, part, words[i], strlen(words[i]));
    }
    size_t n_words = 0;
    for (int pass = 0; pass < 2; pass++) { /* the second finds some words evicted */
        for (const char *p = other; *p;) {
            size_t len = strcspn(p, " \n\t.,;:()\"'-/");
            if (len >= 5 && len < 96) {
                compare_word(f->h, part, p, len);
                n_words++;
            }
            p += len ? len : 1;
        }
    }
    assert_true(n_words > 800);
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        compare_word(f->h, part, words[i], strlen(words[i]));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_never),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_missing_dictionary),
        cmocka_unit_test(test_filtered_same_breaks),
        cmocka_unit_test(test_filtered_cache),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
