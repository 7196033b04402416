/* Stage 6, render: the embedded fonts of the PDF writer (pdf.c). libharu 2.3.0's own
 * TrueType path costs ~75% of a run: HPDF_GetFont builds a 65,536-entry code→glyph map per
 * font per document, and saving compresses every table of the font (libharu.md 7, 8). We
 * embed each used face ourselves instead: a Type0 font, Identity-H, over a CIDFontType2 whose
 * CIDs are the glyph ids of a subset program (pdf_sfnt.c) with CIDToGIDMap /Identity; /W, a
 * bfchar ToUnicode, a FontDescriptor with CapHeight and CIDSet (libharu.md 9, 10). */
#include "pdf_int.h"

#include <stdio.h>
#include <string.h>

#include "limit.h"
#include "utf8.h"

pdf_font *bg_pdf_font_of(pdf_ctx *c, uint16_t face)
{
    return &c->fonts[c->canon[face]];
}

/* Record the glyphs of @text in @pf. False for invalid UTF-8 or a character above U+FFFF
 * (libharu.md 2: the outline and info still go through libharu's BMP-only encoder). */
static bool mark_used(const bg_fontset *fs, uint16_t face, pdf_font *pf, bg_str text)
{
    size_t off = 0;
    while (off < text.len) {
        uint32_t cp;
        size_t n = bg_utf8_decode(text.ptr + off, text.len - off, &cp);
        if (n == 0 || cp > 0xFFFF) {
            return false;
        }
        uint32_t gid = bg_font_glyph(fs, face, cp);
        if (gid < pf->n_glyphs) {
            pf->used[gid >> 3] = (uint8_t)(pf->used[gid >> 3] | (1u << (gid & 7)));
            if (pf->gid_cp[gid] == 0) {
                pf->gid_cp[gid] = (uint16_t)cp;
            }
        }
        off += n;
    }
    return true;
}

/* Find the used faces (one font per file) and the glyphs each one sets. */
static bg_status collect_glyphs(pdf_ctx *c, const bg_fontset *fs)
{
    const bg_pages *pg = c->pages;
    c->n_faces = bg_font_count(fs);
    size_t n = c->n_faces ? c->n_faces : 1;
    c->fonts = bg_arena_array(c->a, n, sizeof(*c->fonts));
    c->canon = bg_arena_array(c->a, n, sizeof(*c->canon));
    if (!c->fonts || !c->canon) {
        return BG_ENOMEM;
    }
    for (size_t f = 0; f < c->n_faces; f++) {
        c->canon[f] = (uint16_t)f;
        const char *path = bg_font_path(fs, (uint16_t)f);
        for (size_t g = 0; g < f && path; g++) {
            const char *other = bg_font_path(fs, (uint16_t)g);
            if (other && strcmp(other, path) == 0) {
                c->canon[f] = c->canon[g];
                break;
            }
        }
    }
    for (size_t p = 0; p < pg->n_pages; p++) {
        const bg_page *page = &pg->pages[p];
        for (size_t i = 0; i < page->n_texts; i++) {
            const bg_text *t = &page->texts[i];
            if (t->face >= c->n_faces || !bg_font_is_loaded(fs, t->face)) {
                bg_pdf_internal(c, "text set in a face that is not loaded", p);
                return BG_EINTERNAL;
            }
            if (t->text.len > BG_MAX_TEXTOUT_BYTES) {
                bg_pdf_internal(c, "text longer than BG_MAX_TEXTOUT_BYTES", p);
                return BG_EINTERNAL;
            }
            pdf_font *pf = bg_pdf_font_of(c, t->face);
            if (!pf->used) {
                pf->n_glyphs = bg_font_glyph_count(fs, t->face);
                pf->used = bg_arena_alloc(c->a, pf->n_glyphs / 8 + 1);
                pf->gid_cp = bg_arena_array(c->a, pf->n_glyphs, sizeof(*pf->gid_cp));
                if (!pf->used || !pf->gid_cp) {
                    return BG_ENOMEM;
                }
            }
            if (t->text.len && memchr(t->text.ptr, '\0', t->text.len)) {
                bg_pdf_internal(c, "NUL byte in a text", p);
                return BG_EINTERNAL;
            }
            if (!mark_used(fs, t->face, pf, t->text)) {
                bg_pdf_internal(c, "invalid UTF-8 or a character above U+FFFF in a text", p);
                return BG_EINTERNAL;
            }
        }
    }
    return BG_OK;
}

/* @v font units in PDF glyph space (1/1000 em), rounded half away from zero. */
static HPDF_INT32 em(const bg_pdf_sfnt_subset *s, int32_t v)
{
    int32_t half = s->upem / 2;
    return (HPDF_INT32)((v * 1000 + (v < 0 ? -half : half)) / (int32_t)s->upem);
}

/* A well-formed ToUnicode CMap: bfchar, at most 100 entries per block (ISO 32000-1 9.10.3). */
static HPDF_Dict make_to_unicode(pdf_ctx *c, const pdf_font *pf)
{
    static const char head[] =
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    static const char tail[] = "endcmap\nCMapName currentdict /CMap defineresource pop\n"
                               "end\nend\n";
    const bg_pdf_sfnt_subset *s = &pf->sub;
    size_t n_map = 0;
    for (size_t i = 0; i < s->n; i++) {
        n_map += pf->gid_cp[s->to_old[i]] != 0;
    }
    size_t cap = sizeof(head) + sizeof(tail) + (n_map / 100 + 1) * 32 + n_map * 14;
    char *text = bg_arena_alloc(c->a, cap);
    if (!text) {
        return NULL;
    }
    char *p = text;
    memcpy(p, head, sizeof(head) - 1);
    p += sizeof(head) - 1;
    size_t i = 0;
    size_t left = n_map;
    while (left > 0) {
        size_t block = left < 100 ? left : 100;
        int k = snprintf(p, 32, "%zu beginbfchar\n", block);
        p += k > 0 ? k : 0;
        for (size_t done = 0; done < block; i++) {
            uint16_t cp = pf->gid_cp[s->to_old[i]];
            if (cp) {
                *p++ = '<';
                p = bg_pdf_put_hex4(p, (uint32_t)i);
                memcpy(p, "> <", 3);
                p = bg_pdf_put_hex4(p + 3, cp);
                memcpy(p, ">\n", 2);
                p += 2;
                done++;
            }
        }
        memcpy(p, "endbfchar\n", 10);
        p += 10;
        left -= block;
    }
    memcpy(p, tail, sizeof(tail) - 1);
    p += sizeof(tail) - 1;
    return bg_pdf_stream_new(c, text, (size_t)(p - text));
}

/* /W: one run of advances over CIDs 0..n-1. */
static HPDF_Array make_widths(pdf_ctx *c, const bg_pdf_sfnt_subset *s)
{
    HPDF_MMgr mmgr = c->pdf->mmgr;
    HPDF_Array w = HPDF_Array_New(mmgr);
    HPDF_Array run = HPDF_Array_New(mmgr);
    if (bg_pdf_failed_ptr(c, w) || bg_pdf_failed_ptr(c, run) ||
        bg_pdf_failed(c, HPDF_Array_AddNumber(w, 0)) || bg_pdf_failed(c, HPDF_Array_Add(w, run))) {
        return NULL;
    }
    for (size_t i = 0; i < s->n; i++) {
        /* Truncated, as libharu 2.3.0 writes /W (HPDF_TTFontDef_GetGidWidth). */
        HPDF_INT32 width = (HPDF_INT32)((uint32_t)s->advance[i] * 1000u / s->upem);
        if (bg_pdf_failed(c, HPDF_Array_AddNumber(run, width))) {
            return NULL;
        }
    }
    return w;
}

/* A deterministic subset tag (six capitals, ISO 32000-1 9.6.4) from the glyph set. */
static void subset_tag(const bg_pdf_sfnt_subset *s, char tag[7])
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < s->n; i++) {
        h = (h ^ s->to_old[i]) * 16777619u;
    }
    for (const char *q = s->ps_name; *q; q++) {
        h = (h ^ (uint8_t)*q) * 16777619u;
    }
    for (int i = 0; i < 6; i++) {
        tag[i] = (char)('A' + h % 26);
        h /= 26;
    }
    tag[6] = '\0';
}

static HPDF_Dict make_descriptor(pdf_ctx *c, const bg_pdf_sfnt_subset *s, const char *base)
{
    HPDF_MMgr mmgr = c->pdf->mmgr;
    HPDF_Dict file = bg_pdf_stream_new(c, s->program, s->program_len);
    size_t set_len = (s->n + 7) / 8;
    uint8_t *bits = bg_arena_alloc(c->a, set_len);
    if (!file || !bits) {
        return NULL;
    }
    for (size_t i = 0; i < s->n; i++) {
        bits[i / 8] = (uint8_t)(bits[i / 8] | (0x80u >> (i % 8)));
    }
    HPDF_Dict cid_set = bg_pdf_stream_new(c, bits, set_len);
    HPDF_Dict desc = HPDF_Dict_New(mmgr);
    HPDF_Array bbox = HPDF_Array_New(mmgr);
    if (!cid_set || bg_pdf_failed_ptr(c, desc) || bg_pdf_failed_ptr(c, bbox) ||
        bg_pdf_failed(c, HPDF_Xref_Add(c->pdf->xref, desc)) ||
        bg_pdf_failed(c, HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)s->program_len))) {
        return NULL;
    }
    for (int i = 0; i < 4; i++) {
        if (bg_pdf_failed(c, HPDF_Array_AddNumber(bbox, em(s, s->bbox[i])))) {
            return NULL;
        }
    }
    /* Flags: symbolic (4), italic (64) when the font slants. */
    HPDF_INT32 flags = s->italic_angle != 0 ? 4 | 64 : 4;
    if (bg_pdf_failed(c, HPDF_Dict_AddName(desc, "Type", "FontDescriptor")) ||
        bg_pdf_failed(c, HPDF_Dict_AddName(desc, "FontName", base)) ||
        bg_pdf_failed(c, HPDF_Dict_AddNumber(desc, "Flags", flags)) ||
        bg_pdf_failed(c, HPDF_Dict_Add(desc, "FontBBox", bbox)) ||
        bg_pdf_failed(
            c, HPDF_Dict_AddReal(desc, "ItalicAngle", (HPDF_REAL)s->italic_angle / 65536.0f)) ||
        bg_pdf_failed(c, HPDF_Dict_AddNumber(desc, "Ascent", em(s, s->ascent))) ||
        bg_pdf_failed(c, HPDF_Dict_AddNumber(desc, "Descent", em(s, s->descent))) ||
        bg_pdf_failed(c, HPDF_Dict_AddNumber(desc, "CapHeight", em(s, s->cap_height))) ||
        bg_pdf_failed(c, HPDF_Dict_AddNumber(desc, "StemV", 80)) ||
        bg_pdf_failed(c, HPDF_Dict_Add(desc, "FontFile2", file)) ||
        bg_pdf_failed(c, HPDF_Dict_Add(desc, "CIDSet", cid_set))) {
        return NULL;
    }
    return desc;
}

/* The Type0 font of @pf, with its descendant, descriptor, program and ToUnicode. */
static bg_status make_font(pdf_ctx *c, const bg_fontset *fs, uint16_t face, pdf_font *pf)
{
    HPDF_MMgr mmgr = c->pdf->mmgr;
    const char *why = NULL;
    bg_status st = bg_pdf_sfnt_subset_font(bg_font_data(fs, face), pf->used, pf->gid_cp,
                                           bg_font_glyph(fs, face, 'H'), c->a, &pf->sub, &why);
    if (st == BG_EINPUT) {
        bg_loc loc = {bg_font_path(fs, face), 0, 0};
        bg_diag_error(c->d, &loc, "cannot embed font: %s", why);
        c->is_reported = true;
        return BG_EINPUT;
    }
    if (st != BG_OK) {
        return st;
    }
    char tag[7];
    subset_tag(&pf->sub, tag);
    const char *base = bg_arena_printf(c->a, "%s+%s", tag, pf->sub.ps_name);
    if (!base) {
        return BG_ENOMEM;
    }
    HPDF_Dict desc = make_descriptor(c, &pf->sub, base);
    HPDF_Array widths = desc ? make_widths(c, &pf->sub) : NULL;
    HPDF_Dict to_unicode = widths ? make_to_unicode(c, pf) : NULL;
    if (!to_unicode) {
        return c->a->failed ? BG_ENOMEM : BG_EINTERNAL;
    }
    HPDF_Dict info = HPDF_Dict_New(mmgr);
    HPDF_Dict cid = HPDF_Dict_New(mmgr);
    HPDF_Dict font = HPDF_Dict_New(mmgr);
    HPDF_Array descendants = HPDF_Array_New(mmgr);
    if (bg_pdf_failed_ptr(c, info) || bg_pdf_failed_ptr(c, cid) || bg_pdf_failed_ptr(c, font) ||
        bg_pdf_failed_ptr(c, descendants) || bg_pdf_failed(c, HPDF_Xref_Add(c->pdf->xref, cid)) ||
        bg_pdf_failed(c, HPDF_Xref_Add(c->pdf->xref, font)) ||
        bg_pdf_failed(c, HPDF_Dict_Add(info, "Registry", HPDF_String_New(mmgr, "Adobe", NULL))) ||
        bg_pdf_failed(c,
                      HPDF_Dict_Add(info, "Ordering", HPDF_String_New(mmgr, "Identity", NULL))) ||
        bg_pdf_failed(c, HPDF_Dict_AddNumber(info, "Supplement", 0)) ||
        bg_pdf_failed(c, HPDF_Dict_AddName(cid, "Type", "Font")) ||
        bg_pdf_failed(c, HPDF_Dict_AddName(cid, "Subtype", "CIDFontType2")) ||
        bg_pdf_failed(c, HPDF_Dict_AddName(cid, "BaseFont", base)) ||
        bg_pdf_failed(c, HPDF_Dict_Add(cid, "CIDSystemInfo", info)) ||
        bg_pdf_failed(c, HPDF_Dict_Add(cid, "FontDescriptor", desc)) ||
        bg_pdf_failed(c, HPDF_Dict_Add(cid, "W", widths)) ||
        bg_pdf_failed(c, HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity")) ||
        bg_pdf_failed(c, HPDF_Array_Add(descendants, cid)) ||
        bg_pdf_failed(c, HPDF_Dict_AddName(font, "Type", "Font")) ||
        bg_pdf_failed(c, HPDF_Dict_AddName(font, "Subtype", "Type0")) ||
        bg_pdf_failed(c, HPDF_Dict_AddName(font, "BaseFont", base)) ||
        bg_pdf_failed(c, HPDF_Dict_AddName(font, "Encoding", "Identity-H")) ||
        bg_pdf_failed(c, HPDF_Dict_Add(font, "DescendantFonts", descendants)) ||
        bg_pdf_failed(c, HPDF_Dict_Add(font, "ToUnicode", to_unicode))) {
        return BG_EINTERNAL;
    }
    pf->font = font;
    return BG_OK;
}

bg_status bg_pdf_font_load(pdf_ctx *c, const bg_fontset *fs)
{
    bg_status st = collect_glyphs(c, fs);
    size_t n_made = 0;
    for (size_t f = 0; f < c->n_faces && st == BG_OK; f++) {
        pdf_font *pf = &c->fonts[f];
        if (c->canon[f] != f || !pf->used) {
            continue;
        }
        st = make_font(c, fs, (uint16_t)f, pf);
        n_made++;
        snprintf(pf->name, sizeof(pf->name), "F%zu", n_made);
    }
    return st;
}
