/* Unit tests for pdf_xmp.c: the pdfaid identification, every document info value in its
 * XMP property, XML escaping (& < > " ' and CR), U+FFFD for invalid UTF-8 as in the Info
 * strings, empty values left out, dates with an explicit +00:00, and the characters XML 1.0
 * cannot carry refused with the field named. */
#include "test_support.h"

#include <stdlib.h>
#include <string.h>

#include "pdf_xmp.h"

static const int64_t date = 1700000000; /* 2023-11-14 22:13:20 UTC */

static bg_docinfo info_of(const char *title, const char *author)
{
    bg_docinfo info;
    memset(&info, 0, sizeof(info));
    info.title = bg_str_from(title);
    info.author = bg_str_from(author);
    info.subject = BG_STR_LIT("Briefing for Minister");
    info.keywords = BG_STR_LIT("cyber, partnership");
    info.creator = BG_STR_LIT("briefgen 1.0");
    return info;
}

static void assert_has(bg_str xmp, const char *want)
{
    if (!strstr(xmp.ptr, want)) {
        fail_msg("missing: %s\nin:\n%s", want, xmp.ptr);
    }
}

static void test_properties(void **state)
{
    (void)state;
    bg_arena a;
    bg_arena_init(&a, 1 << 20);
    bg_docinfo info = info_of("Korea", "NATO Staff");
    bg_str xmp = {NULL, 0};
    const char *why = NULL;
    assert_int_equal(bg_pdf_xmp_build(&info, BG_STR_LIT("libharu 2.3.0"), date, &a, &xmp, &why),
                     BG_OK);
    assert_int_equal(strlen(xmp.ptr), xmp.len);
    static const char head[] = "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>";
    assert_memory_equal(xmp.ptr, head, sizeof(head) - 1);
    assert_has(xmp, "<pdfaid:part>1</pdfaid:part>");
    assert_has(xmp, "<pdfaid:conformance>B</pdfaid:conformance>");
    assert_has(xmp, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">Korea</rdf:li>");
    assert_has(xmp, "<dc:creator><rdf:Seq><rdf:li>NATO Staff</rdf:li></rdf:Seq>");
    assert_has(xmp, "<rdf:li xml:lang=\"x-default\">Briefing for Minister</rdf:li>");
    assert_has(xmp, "<pdf:Keywords>cyber, partnership</pdf:Keywords>");
    assert_has(xmp, "<pdf:Producer>libharu 2.3.0</pdf:Producer>");
    assert_has(xmp, "<xmp:CreatorTool>briefgen 1.0</xmp:CreatorTool>");
    assert_has(xmp, "<xmp:CreateDate>2023-11-14T22:13:20+00:00</xmp:CreateDate>");
    assert_has(xmp, "<xmp:ModifyDate>2023-11-14T22:13:20+00:00</xmp:ModifyDate>");
    static const char tail[] = "</x:xmpmeta>\n<?xpacket end=\"r\"?>";
    assert_string_equal(xmp.ptr + xmp.len - (sizeof(tail) - 1), tail);
    bg_arena_free(&a);
}

static void test_escaping(void **state)
{
    (void)state;
    bg_arena a;
    bg_arena_init(&a, 1 << 20);
    bg_docinfo info = info_of("Korea & <NATO> \"q\" 'a'\r\n\tend \xFF!", "");
    bg_str xmp = {NULL, 0};
    const char *why = NULL;
    assert_int_equal(bg_pdf_xmp_build(&info, BG_STR_LIT("p"), date, &a, &xmp, &why), BG_OK);
    assert_has(xmp, ">Korea &amp; &lt;NATO&gt; &quot;q&quot; &apos;a&apos;&#xD;\n\tend "
                    "\xEF\xBF\xBD!</rdf:li>");
    assert_null(strstr(xmp.ptr, "dc:creator")); /* empty author: no property */
    bg_arena_free(&a);
}

static void test_control_character(void **state)
{
    (void)state;
    bg_arena a;
    bg_arena_init(&a, 1 << 20);
    bg_docinfo info = info_of("Korea", "Staff");
    info.keywords = BG_STR_LIT("a\001b");
    bg_str xmp = {NULL, 0};
    const char *why = NULL;
    assert_int_equal(bg_pdf_xmp_build(&info, BG_STR_LIT("p"), date, &a, &xmp, &why), BG_EINPUT);
    assert_string_equal(why, "the document keywords holds U+0001, which XMP (XML 1.0) cannot "
                             "carry");
    assert_null(xmp.ptr);
    info.keywords = BG_STR_LIT("\xEF\xBF\xBF"); /* U+FFFF */
    assert_int_equal(bg_pdf_xmp_build(&info, BG_STR_LIT("p"), date, &a, &xmp, &why), BG_EINPUT);
    assert_string_equal(why, "the document keywords holds U+FFFF, which XMP (XML 1.0) cannot "
                             "carry");
    bg_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_properties),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_control_character),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
