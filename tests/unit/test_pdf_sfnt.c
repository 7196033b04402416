/* Unit tests for pdf_sfnt.c: subsets of DejaVu Serif (with a composite glyph) and NanumGothic
 * (Hangul) are well-formed sfnts: sorted directory, checksums, loca/glyf, renumbered
 * composite components; ots-sanitize accepts them when it is installed; bad input fails. */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "font.h"
#include "limit.h"
#include "pdf_sfnt.h"

static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

typedef struct {
    bg_arena a;
    bg_diag d;
    bg_face face;
    bg_page_spec spec;
    bg_fontset *fs;
    uint8_t used[BG_MAX_FONT_GLYPHS / 8 + 1];
    uint16_t gid_cp[BG_MAX_FONT_GLYPHS + 1];
} fixture;

static void fixture_init(fixture *f, const char *path)
{
    memset(f, 0, sizeof(*f));
    bg_arena_init(&f->a, BG_MAX_RUN_BYTES);
    bg_diag_init(&f->d, stderr, "briefgen");
    f->face = (bg_face){"f", path};
    f->spec.faces = &f->face;
    f->spec.n_faces = 1;
    assert_int_equal(bg_font_open(&f->spec, &f->a, &f->d, &f->fs), BG_OK);
    assert_int_equal(bg_font_use(f->fs, 0, &f->d), BG_OK);
}

static void use_cp(fixture *f, uint32_t cp)
{
    uint32_t gid = bg_font_glyph(f->fs, 0, cp);
    assert_true(gid > 0);
    f->used[gid / 8] = (uint8_t)(f->used[gid / 8] | (1u << (gid % 8)));
    f->gid_cp[gid] = (uint16_t)cp;
}

static const uint8_t *table_of(const bg_pdf_sfnt_subset *s, const char *tag, size_t *len)
{
    const uint8_t *p = s->program;
    for (uint16_t i = 0; i < rd16(p + 4); i++) {
        const uint8_t *rec = p + 12 + 16 * i;
        if (memcmp(rec, tag, 4) == 0) {
            *len = rd32(rec + 12);
            return p + rd32(rec + 8);
        }
    }
    return NULL;
}

/* Directory sorted, tables inside the program, checksums right, whole-file sum per spec. */
static void check_sfnt(const bg_pdf_sfnt_subset *s)
{
    const uint8_t *p = s->program;
    size_t n = rd16(p + 4);
    assert_true(n >= 10);
    uint32_t total = 0;
    for (size_t i = 0; i + 4 <= s->program_len; i += 4) {
        total += rd32(p + i);
    }
    assert_int_equal(total, 0xB1B0AFBAu);
    for (size_t i = 0; i < n; i++) {
        const uint8_t *rec = p + 12 + 16 * i;
        if (i > 0) {
            assert_true(memcmp(rec - 16, rec, 4) < 0);
        }
        size_t off = rd32(rec + 8);
        size_t len = rd32(rec + 12);
        assert_true(off % 4 == 0 && off + len <= s->program_len);
        if (memcmp(rec, "head", 4) != 0) {
            uint32_t sum = 0;
            for (size_t k = 0; k < ((len + 3) & ~(size_t)3); k += 4) {
                sum += rd32(p + off + k);
            }
            assert_int_equal(sum, rd32(rec + 4));
        }
    }
    size_t len;
    const uint8_t *maxp = table_of(s, "maxp", &len);
    assert_non_null(maxp);
    assert_int_equal(rd16(maxp + 4), s->n);
    const uint8_t *loca = table_of(s, "loca", &len);
    assert_non_null(loca);
    assert_int_equal(len, 4 * (s->n + 1));
    const uint8_t *post = table_of(s, "post", &len);
    assert_non_null(post);
    assert_int_equal(rd32(post), 0x00030000u);
    assert_int_equal(s->to_old[0], 0);
    for (size_t i = 0; i < s->n; i++) {
        assert_int_equal(s->to_new[s->to_old[i]], i);
    }
}

/* Run ots-sanitize on @s when installed (apt-get install opentype-sanitizer). */
static void check_ots(const bg_pdf_sfnt_subset *s, const char *name)
{
    if (system("command -v ots-sanitize >/dev/null 2>&1") != 0) {
        print_message("ots-sanitize not installed: skipped\n");
        return;
    }
    char path[128];
    snprintf(path, sizeof(path), "/tmp/bg-test-sfnt-%ld-%s.ttf", (long)getpid(), name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(s->program, 1, s->program_len, fp), s->program_len);
    fclose(fp);
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "ots-sanitize %s >/dev/null 2>&1", path);
    int rc = system(cmd);
    unlink(path);
    assert_int_equal(rc, 0);
}

static void test_latin_composite(void **state)
{
    (void)state;
    fixture *f = malloc(sizeof(*f));
    assert_non_null(f);
    fixture_init(f, "fonts/DejaVuSerif.ttf");
    use_cp(f, 'H');
    use_cp(f, 'e');
    use_cp(f, 0xE9); /* é: a composite of e and the acute accent in DejaVu */
    bg_pdf_sfnt_subset s;
    const char *why = NULL;
    assert_int_equal(bg_pdf_sfnt_subset_font(bg_font_data(f->fs, 0), f->used, f->gid_cp,
                                             bg_font_glyph(f->fs, 0, 'H'), &f->a, &s, &why),
                     BG_OK);
    check_sfnt(&s);
    /* .notdef, H, e, é, and the accent é is built from: more than asked for. */
    assert_true(s.n >= 5);
    uint32_t e_acute = bg_font_glyph(f->fs, 0, 0xE9);
    uint16_t new_id = s.to_new[e_acute];
    assert_true(new_id != BG_PDF_SFNT_NONE);
    size_t len;
    const uint8_t *loca = table_of(&s, "loca", &len);
    const uint8_t *glyf = table_of(&s, "glyf", &len);
    const uint8_t *g = glyf + rd32(loca + 4 * new_id);
    assert_true((int16_t)rd16(g) < 0); /* still composite */
    uint16_t first = rd16(g + 12);     /* its first component, renumbered */
    assert_true(first < s.n);
    assert_int_equal(s.upem, 2048);
    assert_true(s.cap_height > 1300 && s.cap_height < 1600);
    assert_string_equal(s.ps_name, "DejaVuSerif");
    check_ots(&s, "serif");
    bg_arena_free(&f->a);
    free(f);
}

static void test_hangul(void **state)
{
    (void)state;
    fixture *f = malloc(sizeof(*f));
    assert_non_null(f);
    fixture_init(f, "fonts/NanumGothic.ttf");
    use_cp(f, 0xD55C); /* 한 */
    use_cp(f, 0xAD6D); /* 국 */
    use_cp(f, 'A');
    bg_pdf_sfnt_subset s;
    const char *why = NULL;
    assert_int_equal(
        bg_pdf_sfnt_subset_font(bg_font_data(f->fs, 0), f->used, f->gid_cp, 0, &f->a, &s, &why),
        BG_OK);
    check_sfnt(&s);
    assert_true(s.n >= 4);
    assert_true(s.program_len < 16 * 1024); /* of a 4.7 MB font */
    check_ots(&s, "hangul");
    bg_arena_free(&f->a);
    free(f);
}

static void test_bad_input(void **state)
{
    (void)state;
    bg_arena a;
    bg_arena_init(&a, BG_MAX_RUN_BYTES);
    uint8_t used[1] = {1};
    bg_pdf_sfnt_subset s;
    const char *why = NULL;
    static const char junk[] = "\x00\x01\x00\x00\x00\x05not a font at all";
    assert_int_equal(
        bg_pdf_sfnt_subset_font((bg_str){junk, sizeof(junk) - 1}, used, NULL, 0, &a, &s, &why),
        BG_EINPUT);
    assert_non_null(why);
    bg_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_latin_composite),
        cmocka_unit_test(test_hangul),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
