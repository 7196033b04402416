/* Stage 6, render: the document structure of the PDF writer (pdf.c): the outline, the
 * Info dictionary, the catalog's /Lang and /ViewerPreferences and, for `pdfa: true`, the
 * PDF/A-1b objects (XMP metadata from pdf_xmp.c, the sRGB output intent, a content-derived
 * trailer /ID patched into the saved file). */
#include "pdf_int.h"

#include <string.h>

#include <hpdf_encrypt.h> /* HPDF_MD5*: the content-derived /ID of PDF/A output */

#include "clock.h"
#include "pdf_xmp.h"
#include "utf8.h"

/* PDF dates have four-digit years: 0000-01-01 .. 9999-12-31 23:59:59 UTC. */
#define MAX_DATE_SECONDS INT64_C(253402300799)
/* BCP 47 tags are short; longer ones are dropped rather than written into /Lang. */
#define MAX_LANG_BYTES 35u

/* --- Document structure --- */

static HPDF_Binary text_string(pdf_ctx *c, bg_str value);

/* DESIGN: an outline entry per section. Levels deeper than parent + 1 are clamped. */
bg_status bg_pdf_meta_add_outline(pdf_ctx *c)
{
    const bg_pages *pg = c->pages;
    if (pg->n_outline == 0) {
        return BG_OK;
    }
    HPDF_Outline *stack = bg_arena_array(c->a, pg->n_outline, sizeof(*stack));
    if (!stack) {
        return BG_ENOMEM;
    }
    size_t depth = 0;
    for (size_t i = 0; i < pg->n_outline; i++) {
        const bg_outline *o = &pg->outline[i];
        if (o->page >= pg->n_pages) {
            bg_pdf_internal(c, "outline entry points past the last page", SIZE_MAX);
            return BG_EINTERNAL;
        }
        size_t level = o->level < depth ? o->level : depth;
        if (o->title.len && memchr(o->title.ptr, '\0', o->title.len)) {
            bg_pdf_internal(c, "NUL byte in an outline title", o->page);
            return BG_EINTERNAL;
        }
        HPDF_Outline parent = level ? stack[level - 1] : NULL;
        HPDF_Outline entry = HPDF_CreateOutline(c->pdf, parent, "", NULL);
        HPDF_Binary text = bg_pdf_failed_ptr(c, entry) ? NULL : text_string(c, o->title);
        if (!text || bg_pdf_failed(c, HPDF_Dict_Add(entry, "Title", text))) {
            return c->a->failed ? BG_ENOMEM : BG_EINTERNAL;
        }
        HPDF_Destination dst = bg_pdf_make_dest(c, o->page, o->y_pt);
        if (!dst || bg_pdf_failed(c, HPDF_Outline_SetDestination(entry, dst)) ||
            bg_pdf_failed(c, HPDF_Outline_SetOpened(entry, HPDF_TRUE))) {
            return BG_EINTERNAL;
        }
        stack[level] = entry;
        depth = level + 1;
    }
    if (bg_pdf_failed(c, HPDF_SetPageMode(c->pdf, HPDF_PAGE_MODE_USE_OUTLINE))) {
        return BG_EINTERNAL;
    }
    return BG_OK;
}

/* @seconds since the epoch within what a PDF date can write (years 1970..9999). */
static int64_t date_seconds(int64_t seconds)
{
    return seconds < 0 ? 0 : seconds > MAX_DATE_SECONDS ? MAX_DATE_SECONDS : seconds;
}

/* The UTC date of @seconds (see date_seconds), as bg_clock prints {{ date }}. */
static HPDF_Date make_date(int64_t seconds)
{
    int year, month, day, hour, minute, second;
    bg_clock_fields(seconds, &year, &month, &day, &hour, &minute, &second);
    HPDF_Date date;
    memset(&date, 0, sizeof(date));
    date.year = year;
    date.month = month;
    date.day = day;
    date.hour = hour;
    date.minutes = minute;
    date.seconds = second;
    date.ind = '+'; /* +00'00', never 'Z': 2.3.0 rejects 'Z' in places (libharu.md 11) */
    return date;
}

static bool is_lang_tag(bg_str s)
{
    if (s.len == 0 || s.len > MAX_LANG_BYTES) {
        return false;
    }
    for (size_t i = 0; i < s.len; i++) {
        char ch = s.ptr[i];
        bool is_alnum =
            (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
        if (!is_alnum && ch != '-') {
            return false;
        }
    }
    return true;
}

/* /Lang and /ViewerPreferences << /DisplayDocTitle true >> have no API in 2.3.0
 * (libharu.md 14): add them to the catalog through the dict escape hatch. */
static bg_status add_catalog_extras(pdf_ctx *c)
{
    const bg_docinfo *info = &c->pages->info;
    HPDF_Doc pdf = c->pdf;
    if (is_lang_tag(info->language)) {
        const char *lang = bg_pdf_cstr(c, info->language);
        if (!lang) {
            return BG_ENOMEM;
        }
        HPDF_String str = HPDF_String_New(pdf->mmgr, lang, NULL);
        if (bg_pdf_failed_ptr(c, str) ||
            bg_pdf_failed(c, HPDF_Dict_Add(pdf->catalog, "Lang", str))) {
            return BG_EINTERNAL;
        }
    }
    if (info->title.len) {
        HPDF_Dict prefs = HPDF_Dict_New(pdf->mmgr);
        if (bg_pdf_failed_ptr(c, prefs)) {
            return BG_EINTERNAL;
        }
        HPDF_Boolean yes = HPDF_Boolean_New(pdf->mmgr, HPDF_TRUE);
        if (bg_pdf_failed_ptr(c, yes) ||
            bg_pdf_failed(c, HPDF_Dict_Add(prefs, "DisplayDocTitle", yes)) ||
            bg_pdf_failed(c, HPDF_Dict_Add(pdf->catalog, "ViewerPreferences", prefs))) {
            return BG_EINTERNAL;
        }
    }
    return BG_OK;
}

/* A PDF text string for @value: <FEFF ...> UTF-16BE (ISO 32000-1 7.9.2.2), written by us
 * rather than by libharu's UTF-8 encoder, whose set-up fills two 65,536-entry maps per
 * document. NULL on failure (recorded; memory in the arena). */
static HPDF_Binary text_string(pdf_ctx *c, bg_str value)
{
    uint8_t *p = bg_arena_alloc(c->a, 2 + 4 * value.len);
    if (!p) {
        return NULL;
    }
    size_t n = 0;
    p[n++] = 0xFE;
    p[n++] = 0xFF;
    size_t off = 0;
    while (off < value.len) {
        uint32_t cp = 0;
        size_t k = bg_utf8_decode(value.ptr + off, value.len - off, &cp);
        if (k == 0) {
            cp = 0xFFFD;
            k = 1;
        }
        off += k;
        if (cp > 0xFFFF) {
            cp -= 0x10000;
            uint32_t hi = 0xD800 + (cp >> 10);
            uint32_t lo = 0xDC00 + (cp & 0x3FF);
            p[n++] = (uint8_t)(hi >> 8);
            p[n++] = (uint8_t)hi;
            cp = lo;
        }
        p[n++] = (uint8_t)(cp >> 8);
        p[n++] = (uint8_t)cp;
    }
    HPDF_Binary b = HPDF_Binary_New(c->pdf->mmgr, p, (HPDF_UINT)n);
    return bg_pdf_failed_ptr(c, b) ? NULL : b;
}

static bg_status set_info_attr(pdf_ctx *c, const char *key, bg_str value)
{
    if (value.len == 0) {
        return BG_OK;
    }
    if (memchr(value.ptr, '\0', value.len)) {
        bg_pdf_internal(c, "NUL byte in the document info", SIZE_MAX);
        return BG_EINTERNAL;
    }
    HPDF_Binary str = text_string(c, value);
    if (!str) {
        return c->a->failed ? BG_ENOMEM : BG_EINTERNAL;
    }
    if (bg_pdf_failed(c, HPDF_Dict_Add(c->pdf->info, key, str))) {
        return BG_EINTERNAL;
    }
    return BG_OK;
}

/* --- PDF/A-1b (ISO 19005-1) ---
 * Our own objects rather than HPDF_PDFA_SetPDFAConformance (libharu.md 11): 2.3.0's XMP is
 * not XML-escaped, its stream says /SubType, it fails on dates in 'Z', and its trailer /ID
 * comes from the clock. The rest of PDF/A-1b is met for every briefing: fonts embedded with
 * CIDSet and a bfchar ToUnicode (pdf_font.c), logos flattened on white by image.c (no
 * SMask), links with /F 4, no encryption, no JavaScript, no actions but the links' URIs. */

/* The XMP packet as the catalog's /Metadata: unfiltered (6.7.2), /Subtype /XML. */
static bg_status add_metadata(pdf_ctx *c, bg_str producer, int64_t date)
{
    bg_str xmp = {NULL, 0};
    const char *why = NULL;
    bg_status st = bg_pdf_xmp_build(&c->pages->info, producer, date, c->a, &xmp, &why);
    if (st == BG_EINPUT) {
        bg_loc loc = {c->out_path, 0, 0};
        bg_diag_error(c->d, &loc, "cannot write PDF/A metadata: %s", why);
        c->is_reported = true;
    }
    if (st != BG_OK) {
        return st;
    }
    HPDF_Dict meta = HPDF_DictStream_New(c->pdf->mmgr, c->pdf->xref);
    if (bg_pdf_failed_ptr(c, meta)) {
        return BG_EINTERNAL;
    }
    meta->filter = HPDF_STREAM_FILTER_NONE;
    if (bg_pdf_failed(c, HPDF_Dict_AddName(meta, "Type", "Metadata")) ||
        bg_pdf_failed(c, HPDF_Dict_AddName(meta, "Subtype", "XML")) ||
        bg_pdf_failed(
            c, HPDF_Stream_Write(meta->stream, (const HPDF_BYTE *)xmp.ptr, (HPDF_UINT)xmp.len)) ||
        bg_pdf_failed(c, HPDF_Dict_Add(c->pdf->catalog, "Metadata", meta))) {
        return BG_EINTERNAL;
    }
    return BG_OK;
}

/* A PDF string object for the ASCII text @s; NULL on failure (recorded). */
static HPDF_String ascii_string(pdf_ctx *c, const char *s)
{
    HPDF_String str = HPDF_String_New(c->pdf->mmgr, s, NULL);
    return bg_pdf_failed_ptr(c, str) ? NULL : str;
}

/* /OutputIntents [<< /S /GTS_PDFA1 ... /DestOutputProfile ICC >>] (6.2.2). The template
 * colours ("#RRGGBB") are sRGB, so the intent names sRGB; the profile is the file the
 * pipeline read and icc.c checked (an RGB display profile of version 2). */
static bg_status add_output_intent(pdf_ctx *c)
{
    static const char condition[] = "sRGB IEC61966-2.1";
    HPDF_MMgr mmgr = c->pdf->mmgr;
    HPDF_Dict profile = bg_pdf_stream_new(c, c->pdfa->data, c->pdfa->len);
    HPDF_Dict intent = HPDF_Dict_New(mmgr);
    HPDF_Array intents = HPDF_Array_New(mmgr);
    if (!profile || bg_pdf_failed_ptr(c, intent) || bg_pdf_failed_ptr(c, intents) ||
        bg_pdf_failed(c, HPDF_Dict_AddNumber(profile, "N", 3)) || /* RGB: bg_icc_check */
        bg_pdf_failed(c, HPDF_Dict_AddName(profile, "Alternate", "DeviceRGB")) ||
        bg_pdf_failed(c, HPDF_Dict_AddName(intent, "Type", "OutputIntent")) ||
        bg_pdf_failed(c, HPDF_Dict_AddName(intent, "S", "GTS_PDFA1")) ||
        bg_pdf_failed(
            c, HPDF_Dict_Add(intent, "OutputConditionIdentifier", ascii_string(c, condition))) ||
        bg_pdf_failed(c, HPDF_Dict_Add(intent, "Info", ascii_string(c, condition))) ||
        bg_pdf_failed(
            c, HPDF_Dict_Add(intent, "RegistryName", ascii_string(c, "http://www.color.org"))) ||
        bg_pdf_failed(c, HPDF_Dict_Add(intent, "DestOutputProfile", profile)) ||
        bg_pdf_failed(c, HPDF_Array_Add(intents, intent)) ||
        bg_pdf_failed(c, HPDF_Dict_Add(c->pdf->catalog, "OutputIntents", intents))) {
        return BG_EINTERNAL;
    }
    return BG_OK;
}

/* The hex digits libharu writes for ID_BYTES zero bytes: the placeholder that
 * bg_pdf_meta_patch_id fills. */
#define ID_BYTES 16u
static const char id_placeholder[] = "<00000000000000000000000000000000>";

/* Trailer /ID (6.1.3): two ID_BYTES strings of zeros now; once saved, bg_pdf_meta_patch_id
 * writes the MD5 of the file (as saved with the zeros) over both, so the /ID depends on the
 * content only and two builds of the same inputs stay byte-identical. */
static bg_status add_id_placeholder(pdf_ctx *c)
{
    HPDF_BYTE zeros[ID_BYTES];
    memset(zeros, 0, sizeof(zeros));
    HPDF_Array id = HPDF_Array_New(c->pdf->mmgr);
    if (bg_pdf_failed_ptr(c, id) ||
        bg_pdf_failed(c, HPDF_Array_Add(id, HPDF_Binary_New(c->pdf->mmgr, zeros, ID_BYTES))) ||
        bg_pdf_failed(c, HPDF_Array_Add(id, HPDF_Binary_New(c->pdf->mmgr, zeros, ID_BYTES))) ||
        bg_pdf_failed(c, HPDF_Dict_Add(c->pdf->trailer, "ID", id))) {
        return BG_EINTERNAL;
    }
    return BG_OK;
}

static bg_status add_pdfa(pdf_ctx *c, bg_str producer, int64_t date)
{
    /* PDF/A-1 is based on PDF 1.4; libharu writes 1.3 and its binary comment line
     * (%, then four bytes over 127) already follows the header (6.1.2). */
    c->pdf->pdf_version = HPDF_VER_14;
    bg_status st = add_metadata(c, producer, date);
    if (st == BG_OK) {
        st = add_output_intent(c);
    }
    if (st == BG_OK) {
        st = add_id_placeholder(c);
    }
    return st;
}

/* DESIGN: document info (Title, Author, Subject, Keywords, Creator, CreationDate). */
bg_status bg_pdf_meta_add_info(pdf_ctx *c)
{
    const bg_docinfo *info = &c->pages->info;
    /* The dates first: they make libharu create the Info dictionary we add to. */
    int64_t created = date_seconds(info->created);
    HPDF_Date date = make_date(created);
    if (bg_pdf_failed(c, HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_CREATION_DATE, date)) ||
        bg_pdf_failed(c, HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_MOD_DATE, date))) {
        return BG_EINTERNAL;
    }
    if (!c->pdf->info) {
        bg_pdf_failed(c, HPDF_INVALID_OBJECT);
        return BG_EINTERNAL;
    }
    bg_status st = set_info_attr(c, "Title", info->title);
    if (st == BG_OK) {
        st = set_info_attr(c, "Author", info->author);
    }
    if (st == BG_OK) {
        st = set_info_attr(c, "Subject", info->subject);
    }
    if (st == BG_OK) {
        st = set_info_attr(c, "Keywords", info->keywords);
    }
    if (st == BG_OK) {
        st = set_info_attr(c, "Creator", info->creator);
    }
    if (st != BG_OK) {
        return st;
    }
    const char *producer = bg_arena_printf(c->a, "libharu %s", HPDF_GetVersion());
    if (!producer) {
        return BG_ENOMEM;
    }
    st = set_info_attr(c, "Producer", bg_str_from(producer));
    if (st == BG_OK) {
        st = add_catalog_extras(c);
    }
    if (st == BG_OK && c->pdfa) {
        st = add_pdfa(c, bg_str_from(producer), created);
    }
    return st;
}

/* --- The trailer /ID, once saved --- */

/* The offset of the last @needle in @hay from @from on, or SIZE_MAX. */
static size_t find_last(const unsigned char *hay, size_t len, size_t from, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = len >= n ? len - n + 1 : 0; i-- > from;) {
        if (memcmp(hay + i, needle, n) == 0) {
            return i;
        }
    }
    return SIZE_MAX;
}

/* Write the MD5 of the @len saved bytes at @file over the two /ID placeholders of the
 * trailer (add_id_placeholder). Same length, after the xref table: no offset moves. */
bg_status bg_pdf_meta_patch_id(pdf_ctx *c, unsigned char *file, size_t len)
{
    size_t trailer = find_last(file, len, 0, "\ntrailer");
    size_t second = trailer == SIZE_MAX ? SIZE_MAX : find_last(file, len, trailer, id_placeholder);
    size_t first = second == SIZE_MAX ? SIZE_MAX : find_last(file, second, trailer, id_placeholder);
    if (first == SIZE_MAX) {
        bg_pdf_internal(c, "no /ID placeholder in the trailer", SIZE_MAX);
        return BG_EINTERNAL;
    }
    HPDF_MD5_CTX md5;
    HPDF_BYTE digest[ID_BYTES];
    HPDF_MD5Init(&md5);
    HPDF_MD5Update(&md5, file, (HPDF_UINT32)len);
    HPDF_MD5Final(digest, &md5);
    char hex[2 * ID_BYTES];
    for (size_t i = 0; i < ID_BYTES; i++) {
        char pair[4];
        bg_pdf_put_hex4(pair, digest[i]); /* "00XY" */
        hex[2 * i] = pair[2];
        hex[2 * i + 1] = pair[3];
    }
    memcpy(file + first + 1, hex, sizeof(hex));
    memcpy(file + second + 1, hex, sizeof(hex));
    return BG_OK;
}
