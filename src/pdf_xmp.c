/* XMP for PDF/A-1b, written by hand rather than by libharu's HPDF_PDFA_SetPDFAConformance
 * (notes/libharu.md 11): 2.3.0 does not escape the values (a title with '&' gives malformed
 * XML), names the stream /SubType, and fails on dates in 'Z'. The layout follows the XMP
 * specification (2004) part 2 and ISO 19005-1 §6.7.3: one rdf:Description per schema. */
#include "pdf_xmp.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "utf8.h"

/* Byte order mark and the fixed id of the XMP packet wrapper (XMP part 1, §7.3.2). */
static const char packet_head[] =
    "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
    "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
    "<pdfaid:part>1</pdfaid:part>\n"
    "<pdfaid:conformance>B</pdfaid:conformance>\n"
    "</rdf:Description>\n";
static const char packet_tail[] = "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>";

/* Fixed text per value (tags, namespaces) stays under this; values are added on top. */
#define XMP_FIXED_BYTES 2048u
/* The most one input byte grows to: "&quot;" (an invalid byte: U+FFFD, 3 bytes). */
#define XMP_MAX_GROWTH 6u

typedef struct {
    char *p;               /* write position */
    const char *bad_field; /* the first value XML cannot carry ("title"), or NULL */
    uint32_t bad_cp;       /* its first such character */
} xmp_out;

static void put(xmp_out *o, const char *s)
{
    size_t n = strlen(s);
    memcpy(o->p, s, n);
    o->p += n;
}

/* May XML 1.0 carry @cp (production [2] Char)? */
static bool is_xml_char(uint32_t cp)
{
    if (cp < 0x20) {
        return cp == '\t' || cp == '\n' || cp == '\r';
    }
    return cp != 0xFFFE && cp != 0xFFFF;
}

/* @v as XML character data: & < > " ' as entities, CR as a character reference (a parser
 * would turn a raw CR into LF, and the value would no longer equal the Info string). */
static void put_escaped(xmp_out *o, const char *field, bg_str v)
{
    size_t off = 0;
    while (off < v.len) {
        uint32_t cp = 0;
        size_t n = bg_utf8_decode(v.ptr + off, v.len - off, &cp);
        if (n == 0) {
            put(o, "\xEF\xBF\xBD"); /* U+FFFD, as text_string in pdf_meta.c */
            off++;
            continue;
        }
        if (!is_xml_char(cp) && !o->bad_field) {
            o->bad_field = field;
            o->bad_cp = cp;
        }
        switch (cp) {
        case '&':
            put(o, "&amp;");
            break;
        case '<':
            put(o, "&lt;");
            break;
        case '>':
            put(o, "&gt;");
            break;
        case '"':
            put(o, "&quot;");
            break;
        case '\'':
            put(o, "&apos;");
            break;
        case '\r':
            put(o, "&#xD;");
            break;
        default:
            memcpy(o->p, v.ptr + off, n);
            o->p += n;
            break;
        }
        off += n;
    }
}

/* <open>value<close>, or nothing for an empty value; @field names it in errors. */
static void put_prop(xmp_out *o, const char *field, const char *open, bg_str v, const char *close)
{
    if (v.len == 0) {
        return;
    }
    put(o, open);
    put_escaped(o, field, v);
    put(o, close);
}

static void put_dates(xmp_out *o, int64_t date)
{
    int year, month, day, hour, minute, second;
    bg_clock_fields(date, &year, &month, &day, &hour, &minute, &second);
    char iso[40];
    snprintf(iso, sizeof(iso), "%04d-%02d-%02dT%02d:%02d:%02d+00:00", year, month, day, hour,
             minute, second);
    put(o, "<xmp:CreateDate>");
    put(o, iso);
    put(o, "</xmp:CreateDate>\n<xmp:ModifyDate>");
    put(o, iso);
    put(o, "</xmp:ModifyDate>\n<xmp:MetadataDate>");
    put(o, iso);
    put(o, "</xmp:MetadataDate>\n");
}

bg_status bg_pdf_xmp_build(const bg_docinfo *info, bg_str producer, int64_t date, bg_arena *a,
                           bg_str *out, const char **why)
{
    size_t values = info->title.len + info->author.len + info->subject.len + info->keywords.len +
                    info->creator.len + producer.len;
    if (values > (SIZE_MAX - XMP_FIXED_BYTES) / XMP_MAX_GROWTH) {
        return BG_ENOMEM;
    }
    char *text = bg_arena_alloc_raw(a, XMP_FIXED_BYTES + values * XMP_MAX_GROWTH);
    if (!text) {
        return BG_ENOMEM;
    }
    xmp_out o = {text, NULL, 0};
    put(&o, packet_head);
    put(&o, "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
            "<dc:format>application/pdf</dc:format>\n");
    put_prop(&o, "title", "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">", info->title,
             "</rdf:li></rdf:Alt></dc:title>\n");
    put_prop(&o, "author", "<dc:creator><rdf:Seq><rdf:li>", info->author,
             "</rdf:li></rdf:Seq></dc:creator>\n");
    put_prop(&o, "subject", "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">",
             info->subject, "</rdf:li></rdf:Alt></dc:description>\n");
    put(&o, "</rdf:Description>\n"
            "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
    put_prop(&o, "keywords", "<pdf:Keywords>", info->keywords, "</pdf:Keywords>\n");
    put_prop(&o, "producer", "<pdf:Producer>", producer, "</pdf:Producer>\n");
    put(&o, "</rdf:Description>\n"
            "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n");
    put_prop(&o, "creator", "<xmp:CreatorTool>", info->creator, "</xmp:CreatorTool>\n");
    put_dates(&o, date);
    put(&o, "</rdf:Description>\n");
    put(&o, packet_tail);
    *o.p = '\0';
    if (o.bad_field) {
        *why = bg_arena_printf(a,
                               "the document %s holds U+%04X, which XMP (XML 1.0) cannot "
                               "carry",
                               o.bad_field, (unsigned)o.bad_cp);
        return *why ? BG_EINPUT : BG_ENOMEM;
    }
    *out = (bg_str){text, (size_t)(o.p - text)};
    return BG_OK;
}
