/* Unit tests for pdf.c (with pdf_font.c, pdf_stream.c and pdf_meta.c): a hand-built two-page
 * bg_pages (DejaVu Serif, NanumGothic for Hangul, a filled rect, an internal link, outline
 * entries) rendered to memory, then checked with qpdf and pdftotext; determinism; broken
 * invariants; failing the Nth allocation. */
#include "test_support.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "font.h"
#include "layout.h"
#include "limit.h"
#include "pdf.h"

typedef struct {
    test_env e; /* arena, diag and its messages */
    bg_face faces[2];
    bg_page_spec spec;
    bg_fontset *fs;
    bg_text texts1[4];
    bg_text texts2[2];
    bg_rect rects1[2];
    bg_link links1[2];
    bg_page pages[2];
    bg_anchor anchors[2];
    bg_outline outline[2];
    bg_pages pg;
} fixture;

static bg_text text(double x, double y, uint16_t face, double size, const char *s)
{
    bg_text t = {x, y, face, size, {0.1f, 0.1f, 0.1f}, bg_str_from(s)};
    return t;
}

static void fixture_init(fixture *f)
{
    memset(f, 0, sizeof(*f));
    assert_true(env_init(&f->e, BG_MAX_RUN_BYTES));
    f->faces[0] = (bg_face){"serif", "fonts/DejaVuSerif.ttf"};
    f->faces[1] = (bg_face){"hangul", "fonts/NanumGothic.ttf"};
    f->spec.width_pt = 595.276;
    f->spec.height_pt = 841.89;
    f->spec.faces = f->faces;
    f->spec.n_faces = 2;
    assert_int_equal(bg_font_open(&f->spec, &f->e.a, &f->e.d, &f->fs), BG_OK);
    assert_int_equal(bg_font_use(f->fs, 0, &f->e.d), BG_OK);
    assert_int_equal(bg_font_use(f->fs, 1, &f->e.d), BG_OK);
    bg_font_mark_used(f->fs, 0);
    bg_font_mark_used(f->fs, 1);

    f->rects1[0] = (bg_rect){0, 811.89, 595.276, 30, {0.8f, 0.1f, 0.1f}, 0, BG_SHAPE_BOX};
    f->rects1[1] = (bg_rect){72, 700, 451.276, 0, {0.5f, 0.5f, 0.5f}, 0.5, BG_SHAPE_BOX};
    f->texts1[0] = text(72, 770, 0, 18, "Briefing title");
    f->texts1[1] = text(72, 740, 0, 10.5, "Seoul and Busan agreed, per");
    f->texts1[2] = text(216, 740, 1, 10.5, "\xED\x95\x9C\xEA\xB5\xAD"); /* 한국 */
    f->texts1[3] = text(243, 740, 0, 10.5, "[1]");
    f->links1[0] = (bg_link){241, 736, 16, 12, 1, {NULL, 0}};
    f->links1[1] = (bg_link){72, 720, 100, 12, 0, BG_STR_LIT("https://example.org/a?b=1&c=2")};
    f->pages[0] = (bg_page){f->texts1, 4, f->rects1, 2, f->links1, 2};
    f->texts2[0] = text(72, 780, 0, 12, "Sources");
    f->texts2[1] = text(72, 760, 0, 9, "[1] Report. Ministry, 2023. a.txt, line 9.");
    f->pages[1] = (bg_page){f->texts2, 2, NULL, 0, NULL, 0};
    f->anchors[1] = (bg_anchor){1, 770};
    f->outline[0] = (bg_outline){BG_STR_LIT("Key points \xED\x95\x9C\xEA\xB5\xAD"), 0, 750, 0};
    f->outline[1] = (bg_outline){BG_STR_LIT("Sources"), 1, 790, 1};
    f->pg.width_pt = 595.276;
    f->pg.height_pt = 841.89;
    f->pg.pages = f->pages;
    f->pg.n_pages = 2;
    f->pg.outline = f->outline;
    f->pg.n_outline = 2;
    f->pg.anchors = f->anchors;
    f->pg.n_anchors = 2;
    f->pg.info.title = BG_STR_LIT("Brief \xE2\x80\x94 \xED\x95\x9C\xEA\xB5\xAD");
    f->pg.info.author = BG_STR_LIT("Analysis Unit");
    f->pg.info.subject = BG_STR_LIT("Minister");
    f->pg.info.keywords = BG_STR_LIT("trade, energy");
    f->pg.info.creator = BG_STR_LIT("briefgen 0.1.0");
    f->pg.info.language = BG_STR_LIT("en-GB");
    f->pg.info.created = 1700000000;
}

static void fixture_free(fixture *f)
{
    env_free(&f->e);
}

static bg_status render(fixture *f, bg_buf *out)
{
    bg_buf_init(out, BG_MAX_OUTPUT_BYTES);
    return bg_pdf_run(&f->pg, f->fs, NULL, "out/x.pdf", &f->e.a, &f->e.d, out);
}

/* Output of a shell command, NUL-terminated, on the heap (NUL bytes inside become spaces so
 * that strstr sees the whole of a binary output). */
static char *run_cmd(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 1 << 16, len = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    size_t n;
    while ((n = fread(s + len, 1, cap - 1 - len, p)) > 0) {
        len += n;
        if (len == cap - 1) {
            cap *= 2;
            s = realloc(s, cap);
            assert_non_null(s);
        }
    }
    for (size_t i = 0; i < len; i++) {
        s[i] = s[i] ? s[i] : ' ';
    }
    s[len] = '\0';
    pclose(p);
    return s;
}

/* A per-process scratch file, so that parallel test runs (debug, asan) do not collide. It
 * is removed when the test passes and kept for inspection when it fails. */
static void scratch_path(char *buf, size_t size, const char *tag)
{
    snprintf(buf, size, "/tmp/bg_test_pdf.%s.%ld.pdf", tag, (long)getpid());
}

/* run_cmd on @before @path @after. */
static char *run_on(const char *before, const char *path, const char *after)
{
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "%s%s%s", before, path, after);
    return run_cmd(cmd);
}

static bool has_bytes(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++) {
        if (memcmp(hay + i, needle, n) == 0) {
            return true;
        }
    }
    return false;
}

static void write_file(const char *path, const bg_buf *b)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(b->data, 1, b->len, fp), b->len);
    assert_int_equal(fclose(fp), 0);
}

static void test_render(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    bg_buf out;
    assert_int_equal(render(&f, &out), BG_OK);
    assert_true(out.len > 1000);
    assert_memory_equal(out.data, "%PDF-", 5);
    assert_non_null(strstr(out.data + out.len - 8, "%%EOF"));
    /* libharu.md 11-12: no /ID from the clock (qpdf would add one, so look at our bytes). */
    assert_false(has_bytes(out.data, out.len, "/ID"));
    print_message("2-page PDF (DejaVu Serif + NanumGothic subsets): %zu bytes\n", out.len);
    char path[128];
    scratch_path(path, sizeof(path), "render");
    write_file(path, &out);
    /* DESIGN: <= 100 KB per briefing. libharu alone wrote 161 KB for this (NanumGothic's
     * whole-font /W, CIDToGIDMap and glyph names); pdf_font.c rewrites them for the used set. */
    assert_true(out.len <= 100 * 1024);
    /* The subsets hold only the used glyphs: ~14.5 KB in 2026-11 (was 161 KB, then ~40 KB). */
    assert_true(out.len <= 24 * 1024);
    char *check = run_on("qpdf --check ", path, " >/dev/null 2>&1 && echo valid");
    assert_non_null(strstr(check, "valid"));
    free(check);

    /* poppler warns about libharu's malformed ToUnicode CMap; ours must be clean. */
    char *txt = run_on("pdftotext -enc UTF-8 ", path, " - 2>&1");
    assert_null(strstr(txt, "Warning"));
    assert_non_null(strstr(txt, "Briefing title"));
    assert_non_null(strstr(txt, "\xED\x95\x9C\xEA\xB5\xAD"));
    assert_non_null(strstr(txt, "[1] Report. Ministry, 2023. a.txt, line 9."));
    free(txt);

    char *info = run_on("pdfinfo -enc UTF-8 ", path, " 2>/dev/null");
    assert_non_null(strstr(info, "Title:           Brief \xE2\x80\x94 \xED\x95\x9C\xEA\xB5\xAD"));
    assert_non_null(strstr(info, "Author:          Analysis Unit"));
    assert_non_null(strstr(info, "Creator:         briefgen 0.1.0"));
    assert_non_null(strstr(info, "Pages:           2"));
    assert_non_null(strstr(info, "CreationDate:    Tue Nov 14 22:13:20 2023 UTC"));
    free(info);

    char *fonts = run_on("pdffonts ", path, " 2>/dev/null");
    assert_non_null(strstr(fonts, "DejaVuSerif"));
    assert_non_null(strstr(fonts, "NanumGothic"));
    assert_null(strstr(fonts, " no  ")); /* every font embedded */
    assert_non_null(strstr(fonts, "CID TrueType      Identity-H       yes yes yes"));
    free(fonts);

    /* Dates with '+' 00'00' (never 'Z'), page labels, outline, link, /Lang. */
    char *qdf = run_on("qpdf --qdf --object-streams=disable ", path, " - 2>/dev/null");
    assert_non_null(strstr(qdf, "/CreationDate (D:20231114221320+00'00')"));
    assert_non_null(strstr(qdf, "/ModDate (D:20231114221320+00'00')"));
    assert_non_null(strstr(qdf, "/PageLabels"));
    assert_non_null(strstr(qdf, "/PageMode /UseOutlines"));
    assert_non_null(strstr(qdf, "/Lang (en-GB)"));
    assert_non_null(strstr(qdf, "/DisplayDocTitle true"));
    assert_non_null(strstr(qdf, "/URI (https://example.org/a?b=1&c=2)"));
    assert_non_null(strstr(qdf, "/FitH"));
    assert_non_null(strstr(qdf, "/Border ["));
    /* links print (PDF/A 6.5.3, harmless elsewhere) */
    assert_non_null(strstr(qdf, "/F 4"));
    assert_null(strstr(qdf, "/Metadata")); /* PDF/A objects only with a profile */
    assert_null(strstr(qdf, "/OutputIntents"));
    assert_non_null(strstr(qdf, "/CapHeight "));
    assert_non_null(strstr(qdf, "/CMapName /Adobe-Identity-UCS"));
    /* Our own font path (pdf_sfnt.c): renumbered subsets, CIDSet, compressed programs. */
    assert_non_null(strstr(qdf, "/CIDToGIDMap /Identity"));
    assert_non_null(strstr(qdf, "/CIDSet "));
    assert_non_null(strstr(qdf, "/Length1 "));
    assert_null(strstr(qdf, "HPDFA")); /* no libharu font objects */
    free(qdf);
    unlink(path);

    assert_string_equal(env_msgs(&f.e), "");
    bg_buf_free(&out);
    fixture_free(&f);
}

/* PDF/A-1b: the system sRGB profile (icc-profiles-free; skipped where missing) as the output
 * intent, our XMP, PDF 1.4, and an /ID that is the MD5 of the file with the /ID zeroed. */
static void test_pdfa(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    bg_icc icc;
    if (bg_icc_load("/usr/share/color/icc/sRGB.icc", &f.e.a, &f.e.d, &icc) != BG_OK) {
        fixture_free(&f);
        skip();
    }
    bg_buf out;
    bg_buf_init(&out, BG_MAX_OUTPUT_BYTES);
    f.pg.info.title = BG_STR_LIT("Korea & <NATO>");
    assert_int_equal(bg_pdf_run(&f.pg, f.fs, &icc, "out/x.pdf", &f.e.a, &f.e.d, &out), BG_OK);
    assert_string_equal(env_msgs(&f.e), "");
    assert_memory_equal(out.data, "%PDF-1.4\n%\xB7\xBE\xAD\xAA\n", 15);
    assert_true(has_bytes(out.data, out.len, "/Type /Metadata"));
    assert_true(has_bytes(out.data, out.len, "/Subtype /XML"));
    assert_true(has_bytes(out.data, out.len, "<pdfaid:part>1</pdfaid:part>"));
    assert_true(has_bytes(out.data, out.len, ">Korea &amp; &lt;NATO&gt;</rdf:li>"));
    assert_true(has_bytes(out.data, out.len, "/S /GTS_PDFA1"));
    assert_true(has_bytes(out.data, out.len, "/N 3"));
    const char *id = strstr(out.data + out.len - 400, "/ID [ <");
    assert_non_null(id);
    assert_memory_equal(id + 7 + 33, " <", 2);
    assert_memory_equal(id + 7, id + 7 + 35, 32); /* both halves equal */
    char hex[33];
    memcpy(hex, id + 7, 32);
    hex[32] = '\0';
    for (int i = 0; i < 32; i++) {
        hex[i] = (char)(hex[i] >= 'A' && hex[i] <= 'F' ? hex[i] - 'A' + 'a' : hex[i]);
    }
    /* The /ID is the MD5 of the file as saved with zeros in its place. */
    size_t at = (size_t)(id - out.data);
    memset(out.data + at + 7, '0', 32);
    memset(out.data + at + 7 + 35, '0', 32);
    char path[128];
    scratch_path(path, sizeof(path), "pdfa");
    write_file(path, &out);
    char *sum = run_on("md5sum ", path, "");
    assert_memory_equal(sum, hex, 32);
    free(sum);
    unlink(path);
    bg_buf_free(&out);
    fixture_free(&f);
}

/* A document info value that XML 1.0 cannot carry is an input error naming the output. */
static void test_pdfa_metadata_error(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    static const unsigned char profile[] = {0}; /* not read: the XMP fails first */
    bg_icc icc = {"p.icc", profile, sizeof(profile)};
    f.pg.info.keywords = BG_STR_LIT("a\001b");
    bg_buf out;
    bg_buf_init(&out, BG_MAX_OUTPUT_BYTES);
    assert_int_equal(bg_pdf_run(&f.pg, f.fs, &icc, "out/x.pdf", &f.e.a, &f.e.d, &out), BG_EINPUT);
    assert_string_equal(env_msgs(&f.e), "out/x.pdf: error: cannot write PDF/A metadata: the "
                                        "document keywords holds U+0001, which XMP (XML "
                                        "1.0) cannot carry\n");
    assert_int_equal(out.len, 0);
    bg_buf_free(&out);
    fixture_free(&f);
}

static void test_deterministic(void **state)
{
    (void)state;
    fixture f1, f2;
    fixture_init(&f1);
    fixture_init(&f2);
    bg_buf b1, b2;
    assert_int_equal(render(&f1, &b1), BG_OK);
    assert_int_equal(render(&f2, &b2), BG_OK);
    assert_int_equal(b1.len, b2.len);
    assert_memory_equal(b1.data, b2.data, b1.len);
    bg_buf_free(&b1);
    bg_buf_free(&b2);
    fixture_free(&f1);
    fixture_free(&f2);
}

/* Appending keeps what the buffer held; a failure takes back only what this call added. */
static void test_appends_and_rolls_back(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    bg_buf out;
    bg_buf_init(&out, BG_MAX_OUTPUT_BYTES);
    assert_true(bg_buf_puts(&out, "head"));
    f.links1[0].anchor = 7; /* past n_anchors */
    assert_int_equal(bg_pdf_run(&f.pg, f.fs, NULL, "out/x.pdf", &f.e.a, &f.e.d, &out),
                     BG_EINTERNAL);
    assert_int_equal(out.len, 4);
    assert_string_equal(env_msgs(&f.e),
                        "out/x.pdf: error: internal error: link to an unknown anchor on page 1 "
                        "(please report)\n");
    bg_buf_free(&out);
    fixture_free(&f);
}

static void test_text_too_long(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    size_t n = BG_MAX_TEXTOUT_BYTES + 1;
    char *big = bg_arena_alloc(&f.e.a, n + 1);
    assert_non_null(big);
    memset(big, 'x', n);
    f.texts2[1].text = (bg_str){big, n};
    bg_buf out;
    assert_int_equal(render(&f, &out), BG_EINTERNAL);
    assert_int_equal(out.len, 0);
    assert_string_equal(env_msgs(&f.e), "out/x.pdf: error: internal error: text longer than "
                                        "BG_MAX_TEXTOUT_BYTES on page 2 (please report)\n");
    bg_buf_free(&out);
    fixture_free(&f);
}

static void test_bad_utf8(void **state)
{
    (void)state;
    static const char *const bad[] = {"caf\xC3", "emoji \xF0\x9F\x98\x80"};
    for (size_t i = 0; i < 2; i++) {
        fixture f;
        fixture_init(&f);
        f.texts2[0].text = bg_str_from(bad[i]);
        bg_buf out;
        assert_int_equal(render(&f, &out), BG_EINTERNAL);
        assert_int_equal(out.len, 0);
        assert_string_equal(env_msgs(&f.e),
                            "out/x.pdf: error: internal error: invalid UTF-8 or a character "
                            "above U+FFFF in a text on page 2 (please report)\n");
        bg_buf_free(&out);
        fixture_free(&f);
    }
}

/* A libharu error (a colour out of [0,1]) stops the stage with its number. */
static void test_libharu_error(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    f.rects1[0].color.r = 2.0f;
    bg_buf out;
    assert_int_equal(render(&f, &out), BG_EINTERNAL);
    assert_int_equal(out.len, 0);
    assert_string_equal(env_msgs(&f.e),
                        "out/x.pdf: error: PDF writer failed: libharu error 0x1056 (detail 0)\n");
    bg_buf_free(&out);
    fixture_free(&f);
}

static void test_unused_face_not_embedded(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    f.texts1[2].face = 0; /* nothing set in NanumGothic now */
    f.texts1[2].text = BG_STR_LIT("Korea");
    bg_buf out;
    assert_int_equal(render(&f, &out), BG_OK);
    print_message("2-page PDF (DejaVu Serif only): %zu bytes\n", out.len);
    char path[128];
    scratch_path(path, sizeof(path), "serif");
    write_file(path, &out);
    char *fonts = run_on("pdffonts ", path, " 2>/dev/null");
    assert_null(strstr(fonts, "NanumGothic"));
    free(fonts);
    unlink(path);
    bg_buf_free(&out);
    fixture_free(&f);
}

/* The no-op free of the arena allocator keeps all libharu memory until the run ends: a
 * BG_MAX_PAGES document of full pages must still stay far below BG_MAX_RUN_BYTES. */
static void test_many_pages(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    enum { TEXTS_PER_PAGE = 60 };
    size_t n_pages = BG_MAX_PAGES;
    bg_page *pages = bg_arena_array(&f.e.a, n_pages, sizeof(*pages));
    bg_text *texts = bg_arena_array(&f.e.a, TEXTS_PER_PAGE, sizeof(*texts));
    assert_non_null(pages);
    assert_non_null(texts);
    for (size_t i = 0; i < TEXTS_PER_PAGE; i++) {
        texts[i] = text(72, 780 - 12.0 * (double)i, 0, 10,
                        "A line of body text that fills most of the measure, set in serif.");
    }
    for (size_t p = 0; p < n_pages; p++) {
        pages[p] = (bg_page){texts, TEXTS_PER_PAGE, NULL, 0, NULL, 0};
    }
    pages[0] = f.pages[0];
    f.pg.pages = pages;
    f.pg.n_pages = n_pages;
    size_t bytes_before = f.e.a.used_bytes;
    bg_buf out;
    assert_int_equal(render(&f, &out), BG_OK);
    size_t used = f.e.a.used_bytes - bytes_before;
    print_message("%zu pages: %zu bytes of PDF, %zu arena bytes\n", n_pages, out.len, used);
    assert_true(used < BG_MAX_RUN_BYTES / 4);
    bg_buf_free(&out);
    fixture_free(&f);
}

/* Fail the Nth allocation (libharu's and ours come from the arena) for N = 1..K: each run
 * must fail cleanly with BG_ENOMEM and leave the buffer empty. */
static void test_alloc_failures(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    bg_buf out;
    unsigned long before = f.e.a.n_allocs;
    size_t bytes_before = f.e.a.used_bytes;
    assert_int_equal(render(&f, &out), BG_OK);
    unsigned long k = f.e.a.n_allocs - before;
    print_message("arena bytes per render: %zu\n", f.e.a.used_bytes - bytes_before);
    bg_buf_free(&out);
    const char *env = getenv("BG_TEST_PDF_OOM_STEP");
    unsigned long step = env ? strtoul(env, NULL, 10) : 61;
    if (step == 0) {
        step = 1;
    }
    print_message("allocations per render: %lu, failing each %lu\n", k, step);
    for (unsigned long n = 1; n <= k; n += step) {
        /* A fresh arena per attempt: the fonts are re-read outside the failing window. */
        fixture g;
        fixture_init(&g);
        g.e.a.fail_after = g.e.a.n_allocs + n;
        bg_status st = render(&g, &out);
        if (st != BG_ENOMEM) {
            print_message("N = %lu: status %d\n", n, (int)st);
        }
        assert_int_equal(st, BG_ENOMEM);
        assert_int_equal(out.len, 0);
        assert_string_equal(env_msgs(&g.e), "out/x.pdf: error: PDF writer failed: "
                                            "out of memory\n");
        bg_buf_free(&out);
        fixture_free(&g);
    }
    fixture_free(&f);
}

/* The same for PDF/A: every 61st allocation, and each of the last 60 (XMP, output intent,
 * /ID, saving and patching), fail cleanly. pdf_meta.c embeds the profile bytes unread. */
static void test_pdfa_alloc_failures(void **state)
{
    (void)state;
    static const unsigned char profile[256] = {0};
    bg_icc icc = {"p.icc", profile, sizeof(profile)};
    fixture f;
    fixture_init(&f);
    bg_buf out;
    bg_buf_init(&out, BG_MAX_OUTPUT_BYTES);
    unsigned long before = f.e.a.n_allocs;
    assert_int_equal(bg_pdf_run(&f.pg, f.fs, &icc, "out/x.pdf", &f.e.a, &f.e.d, &out), BG_OK);
    unsigned long k = f.e.a.n_allocs - before;
    bg_buf_free(&out);
    fixture_free(&f);
    for (unsigned long n = 1; n <= k; n += n + 60 < k ? 61 : 1) {
        fixture g;
        fixture_init(&g);
        g.e.a.fail_after = g.e.a.n_allocs + n;
        bg_buf_init(&out, BG_MAX_OUTPUT_BYTES);
        bg_status st = bg_pdf_run(&g.pg, g.fs, &icc, "out/x.pdf", &g.e.a, &g.e.d, &out);
        if (st != BG_ENOMEM) {
            print_message("N = %lu of %lu: status %d\n", n, k, (int)st);
        }
        assert_int_equal(st, BG_ENOMEM);
        assert_int_equal(out.len, 0);
        assert_string_equal(env_msgs(&g.e), "out/x.pdf: error: PDF writer failed: "
                                            "out of memory\n");
        bg_buf_free(&out);
        fixture_free(&g);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_render),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_pdfa),
        cmocka_unit_test(test_pdfa_metadata_error),
        cmocka_unit_test(test_pdfa_alloc_failures),
        cmocka_unit_test(test_appends_and_rolls_back),
        cmocka_unit_test(test_text_too_long),
        cmocka_unit_test(test_libharu_error),
        cmocka_unit_test(test_bad_utf8),
        cmocka_unit_test(test_unused_face_not_embedded),
        cmocka_unit_test(test_many_pages),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
