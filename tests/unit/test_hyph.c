/* Unit tests for hyph.c: break points of a few words with Debian's hyph_en_US.dic,
 * lefthyphenmin 2 / righthyphenmin 3, the words that must never break, and our own
 * application of the patterns (bg_hyph_open_indexed) against libhyphen's. */
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

/* bg_hyph_open_indexed applies the patterns itself; every word must break exactly as
 * libhyphen breaks it with the whole dictionary. */
static void compare_word(const bg_hyph *whole, const bg_hyph *own, const char *w, size_t len)
{
    uint8_t b1[128];
    uint8_t b2[128];
    size_t n1 = bg_hyph_points(whole, (bg_str){w, len}, b1);
    size_t n2 = bg_hyph_points(own, (bg_str){w, len}, b2);
    if (n1 != n2 || (len && memcmp(b1, b2, len) != 0)) {
        fail_msg("'%.*s': %zu breaks with libhyphen, %zu indexed", (int)len, w, n1, n2);
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

static bg_hyph *open_indexed(fixture *f, const char *path)
{
    bg_hyph *own = NULL;
    assert_int_equal(bg_hyph_open_indexed(path, &f->e.a, &f->e.d, &own), BG_OK);
    assert_non_null(own);
    return own;
}

/* Every word of the seeds and of two unseen texts, and parts of them. */
static void test_indexed_text_words(void **state)
{
    fixture *f = *state;
    bg_hyph *own = open_indexed(f, DICT);
    static char text[1 << 17];
    const char *paths[] = {"content/nato-relations-republic-of-korea.txt",
                           "content/ecpr-like-minded-alignments.txt",
                           "tests/extract/unseen/nato-relations-japan.txt",
                           "tests/extract/unseen/thinktank-baltic-undersea.txt"};
    size_t n_words = 0;
    for (size_t t = 0; t < sizeof(paths) / sizeof(paths[0]); t++) {
        (void)read_text(paths[t], text, sizeof(text));
        for (const char *p = text; *p;) {
            size_t len = strcspn(p, " \n\t.,;:()\"'-/");
            if (len >= 5 && len < 96) {
                compare_word(f->h, own, p, len);
                compare_word(f->h, own, p + 1, len - 1);
                compare_word(f->h, own, p, len - 2);
                n_words++;
            }
            p += len ? len : 1;
        }
    }
    assert_true(n_words > 1000);
    compare_word(f->h, own, "hyphenation", 11);
    compare_word(f->h, own, "Brief", 5);
    compare_word(f->h, own, "d\xc3\xa9termination", 14);
    compare_word(f->h, own, "D\xc3\xa9TERMINATION", 14);
}

/* The key of every pattern of the dictionary as a word, alone and inside longer words:
 * each pattern acts at the start, in the middle and at the end of a word. */
static void test_indexed_every_key(void **state)
{
    fixture *f = *state;
    bg_hyph *own = open_indexed(f, DICT);
    static char dict[1 << 18];
    (void)read_text(DICT, dict, sizeof(dict));
    size_t n_keys = 0;
    for (const char *p = strchr(dict, '\n'); p && *p; p = strchr(p, '\n')) {
        p++;
        size_t len = strcspn(p, "\n");
        char key[128];
        size_t n = 0;
        for (size_t i = 0; i < len && n < 40; i++) {
            if ((p[i] >= 'a' && p[i] <= 'z') || (unsigned char)p[i] >= 0x80) {
                key[n++] = p[i];
            }
        }
        char word[160];
        const char *affixes[][2] = {
            {"", ""}, {"re", "ing"}, {"un", "ations"}, {"", "ness"}, {"over", ""}};
        for (size_t a = 0; a < sizeof(affixes) / sizeof(affixes[0]); a++) {
            int w =
                snprintf(word, sizeof(word), "%s%.*s%s", affixes[a][0], (int)n, key, affixes[a][1]);
            compare_word(f->h, own, word, (size_t)w);
        }
        n_keys++;
    }
    assert_true(n_keys > 10000);
}

/* A dictionary the index does not take as it is (a NOHYPHEN header here) is loaded by
 * libhyphen, with the same break points; a missing one is reported as by bg_hyph_open. */
static void test_indexed_fallback(void **state)
{
    fixture *f = *state;
    char path[] = "/tmp/bg_test_hyph_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *out = fdopen(fd, "w");
    assert_non_null(out);
    static char dict[1 << 18];
    size_t n = read_text(DICT, dict, sizeof(dict));
    const char *rest = strchr(dict, '\n') + 1;
    fprintf(out, "UTF-8\nNOHYPHEN q\n%s", rest);
    fclose(out);
    bg_hyph *own = open_indexed(f, path);
    bg_hyph *whole = NULL;
    assert_int_equal(bg_hyph_open(path, &f->e.a, &f->e.d, &whole), BG_OK);
    remove(path);
    assert_true(n > 0);
    const char *words[] = {"hyphenation", "cooperation", "Partnership", "international"};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        compare_word(whole, own, words[i], strlen(words[i]));
        compare_word(f->h, own, words[i], strlen(words[i]));
    }
    env_clear(&f->e);
    bg_hyph *none = NULL;
    assert_int_equal(bg_hyph_open_indexed("/nonexistent/hyph.dic", &f->e.a, &f->e.d, &none), BG_OK);
    assert_string_equal(env_msgs(&f->e), "/nonexistent/hyph.dic: warning: hyphenation "
                                         "dictionary not found: words will not be hyphenated\n");
    assert_string_equal(show(none, "hyphenation"), "hyphenation");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_never),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_missing_dictionary),
        cmocka_unit_test(test_indexed_text_words),
        cmocka_unit_test(test_indexed_every_key),
        cmocka_unit_test(test_indexed_fallback),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
