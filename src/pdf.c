/* Stage 6, render: bg_pages → PDF bytes with libharu 2.3.0 (notes/libharu.md). Embeds the
 * faces the pages use, draws rects, texts and links, adds page labels, the outline and the
 * document info, then saves to memory. libharu allocates from the run arena and its errors
 * are recorded (first wins, never longjmp); the first one stops the stage. */
#include "pdf.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <hpdf.h>

#include "limit.h"
#include "utf8.h"

/* Bytes copied out of libharu's memory stream per read. */
#define READ_CHUNK_BYTES ((size_t)64 * 1024)
/* PDF dates have four-digit years: 0000-01-01 .. 9999-12-31 23:59:59 UTC. */
#define MAX_DATE_SECONDS INT64_C(253402300799)
/* One bit per BMP code point: the characters set in one font. */
#define CP_BITMAP_BYTES ((size_t)65536 / 8)
/* BCP 47 tags are short; longer ones are dropped rather than written into /Lang. */
#define MAX_LANG_BYTES 35u

typedef struct {
    bg_arena *a;
    bg_diag *d;
    const char *out_path;
    const bg_pages *pages;
    HPDF_Doc pdf;
    HPDF_Encoder utf8;
    HPDF_Page *hpages;         /* [n_pages] */
    HPDF_Font *fonts;          /* [n_faces], NULL for a face no text uses */
    uint8_t **used_cps;        /* [n_faces]: bitmap of the code points set in each font */
    HPDF_Destination *anchors; /* [n_anchors], created on first use */
    size_t n_faces;            /* entries in fonts and used_cps */
    char *scratch;             /* NUL-terminated copies of bg_str for libharu */
    size_t scratch_cap;        /* bytes */
    bool has_error;            /* libharu reported an error (or returned one) */
    HPDF_STATUS error_no;      /* the first one */
    HPDF_STATUS detail_no;     /* its detail code */
    bool is_internal;          /* our own invariant failed; already reported */
} pdf_ctx;

/* libharu's HPDF_Alloc_Func takes no user data, so its allocator finds the run arena
 * through this pointer. It is the one mutable file-scope variable in briefgen: thread-local,
 * set only while bg_pdf_run runs, so concurrent runs in other threads cannot see it. */
static _Thread_local bg_arena *alloc_arena;

/* Every libharu allocation comes from the run arena: it counts against the run's byte cap,
 * fails on demand in test builds (arena fail_after), and dies with the arena. */
static void *pdf_alloc(HPDF_UINT size)
{
    if (!alloc_arena) {
        return NULL;
    }
    return bg_arena_alloc(alloc_arena, size);
}

/* Arena memory is released at once by bg_arena_free; libharu's frees are no-ops. */
static void pdf_free(void *ptr)
{
    (void)ptr;
}

/* Record the first error only; later ones are consequences (0x1025, notes/libharu.md 1). */
static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
    pdf_ctx *c = user_data;
    if (!c->has_error) {
        c->has_error = true;
        c->error_no = error_no;
        c->detail_no = detail_no;
    }
}

/* True when @st or the handler reported an error: the caller stops the stage. */
static bool failed(pdf_ctx *c, HPDF_STATUS st)
{
    if (st != HPDF_OK && !c->has_error) {
        c->has_error = true;
        c->error_no = st;
        c->detail_no = 0;
    }
    return c->has_error;
}

/* The same for calls that return an object: NULL is an error even when the handler was not
 * called (robustness.md: it is not always called). */
static bool failed_ptr(pdf_ctx *c, const void *obj)
{
    if (!obj && !c->has_error) {
        c->has_error = true;
        c->error_no = c->pdf ? HPDF_GetError(c->pdf) : HPDF_FAILD_TO_ALLOC_MEM;
        c->detail_no = c->pdf ? HPDF_GetErrorDetail(c->pdf) : 0;
    }
    return c->has_error;
}

/* A broken promise of an earlier stage (layout): report it as a bug, exit 70. @page is
 * 0-based, or SIZE_MAX when the fault is not on a page. */
static void internal(pdf_ctx *c, const char *what, size_t page)
{
    bg_loc loc = {c->out_path, 0, 0};
    if (page == SIZE_MAX) {
        bg_diag_error(c->d, &loc, "internal error: %s (please report)", what);
    } else {
        bg_diag_error(c->d, &loc, "internal error: %s on page %zu (please report)", what, page + 1);
    }
    c->is_internal = true;
}

/* Report a failure that was not reported yet, and map it to the status to return. */
static bg_status finish_status(pdf_ctx *c, bg_status st)
{
    bg_loc loc = {c->out_path, 0, 0};
    if (c->is_internal) {
        return st == BG_ENOMEM ? BG_ENOMEM : BG_EINTERNAL;
    }
    if (st == BG_ENOMEM || c->a->failed ||
        (c->has_error && c->error_no == HPDF_FAILD_TO_ALLOC_MEM)) {
        bg_diag_error(c->d, &loc, "PDF writer failed: out of memory");
        return BG_ENOMEM;
    }
    bg_diag_error(c->d, &loc, "PDF writer failed: libharu error 0x%04lX (detail %lu)",
                  (unsigned long)c->error_no, (unsigned long)c->detail_no);
    return BG_EINTERNAL;
}

/* A NUL-terminated copy of @s in the context's scratch buffer (valid until the next call),
 * or NULL when memory fails or @s holds a NUL byte (which libharu would cut short). */
static const char *cstr(pdf_ctx *c, bg_str s)
{
    if (s.len && memchr(s.ptr, '\0', s.len)) {
        return NULL;
    }
    if (s.len + 1 > c->scratch_cap) {
        size_t cap = c->scratch_cap ? c->scratch_cap : 256;
        while (cap < s.len + 1) {
            cap *= 2;
        }
        char *p = bg_arena_alloc(c->a, cap);
        if (!p) {
            return NULL;
        }
        c->scratch = p;
        c->scratch_cap = cap;
    }
    if (s.len) {
        memcpy(c->scratch, s.ptr, s.len);
    }
    c->scratch[s.len] = '\0';
    return c->scratch;
}

/* --- Fonts --- */

/* Embed (subset) each face some text uses, once per file, and get its UTF-8 font. */
static bg_status load_fonts(pdf_ctx *c, const bg_fontset *fs)
{
    const bg_pages *pg = c->pages;
    c->n_faces = bg_font_count(fs);
    c->fonts = bg_arena_array(c->a, c->n_faces ? c->n_faces : 1, sizeof(*c->fonts));
    c->used_cps = bg_arena_array(c->a, c->n_faces ? c->n_faces : 1, sizeof(*c->used_cps));
    bool *is_used = bg_arena_array(c->a, c->n_faces ? c->n_faces : 1, sizeof(*is_used));
    if (!c->fonts || !c->used_cps || !is_used) {
        return BG_ENOMEM;
    }
    for (size_t p = 0; p < pg->n_pages; p++) {
        const bg_page *page = &pg->pages[p];
        for (size_t i = 0; i < page->n_texts; i++) {
            uint16_t face = page->texts[i].face;
            if (face >= c->n_faces || !bg_font_is_loaded(fs, face)) {
                internal(c, "text set in a face that is not loaded", p);
                return BG_EINTERNAL;
            }
            is_used[face] = true;
        }
    }
    for (size_t f = 0; f < c->n_faces; f++) {
        if (!is_used[f]) {
            continue;
        }
        const char *path = bg_font_path(fs, (uint16_t)f);
        if (!path) {
            internal(c, "a used face has no file", SIZE_MAX);
            return BG_EINTERNAL;
        }
        /* Two faces may name the same file: embed it once (libharu would parse it twice). */
        for (size_t g = 0; g < f; g++) {
            if (c->fonts[g] && strcmp(bg_font_path(fs, (uint16_t)g), path) == 0) {
                c->fonts[f] = c->fonts[g];
                c->used_cps[f] = c->used_cps[g];
                break;
            }
        }
        if (c->fonts[f]) {
            continue;
        }
        const char *name = HPDF_LoadTTFontFromFile(c->pdf, path, HPDF_TRUE);
        if (failed_ptr(c, name)) {
            return BG_EINTERNAL;
        }
        HPDF_Font font = HPDF_GetFont(c->pdf, name, "UTF-8");
        if (failed_ptr(c, font)) {
            return BG_EINTERNAL;
        }
        c->fonts[f] = font;
        c->used_cps[f] = bg_arena_alloc(c->a, CP_BITMAP_BYTES);
        if (!c->used_cps[f]) {
            return BG_ENOMEM;
        }
    }
    return BG_OK;
}

/* --- Drawing --- */

static bool same_rgb(bg_rgb x, bg_rgb y)
{
    return memcmp(&x, &y, sizeof(x)) == 0;
}

static bg_status draw_rects(pdf_ctx *c, size_t p)
{
    const bg_page *page = &c->pages->pages[p];
    HPDF_Page hp = c->hpages[p];
    for (size_t i = 0; i < page->n_rects; i++) {
        const bg_rect *r = &page->rects[i];
        HPDF_REAL x = (HPDF_REAL)r->x_pt;
        HPDF_REAL y = (HPDF_REAL)r->y_pt;
        HPDF_REAL w = (HPDF_REAL)r->w_pt;
        HPDF_REAL h = (HPDF_REAL)r->h_pt;
        if (r->stroke_pt <= 0) {
            if (failed(c, HPDF_Page_SetRGBFill(hp, r->color.r, r->color.g, r->color.b)) ||
                failed(c, HPDF_Page_Rectangle(hp, x, y, w, h)) || failed(c, HPDF_Page_Fill(hp))) {
                return BG_EINTERNAL;
            }
            continue;
        }
        if (failed(c, HPDF_Page_SetLineWidth(hp, (HPDF_REAL)r->stroke_pt)) ||
            failed(c, HPDF_Page_SetRGBStroke(hp, r->color.r, r->color.g, r->color.b))) {
            return BG_EINTERNAL;
        }
        /* A rect without height or width is a rule: one line, not a degenerate box. */
        if (r->w_pt == 0 || r->h_pt == 0) {
            if (failed(c, HPDF_Page_MoveTo(hp, x, y)) ||
                failed(c, HPDF_Page_LineTo(hp, x + w, y + h))) {
                return BG_EINTERNAL;
            }
        } else if (failed(c, HPDF_Page_Rectangle(hp, x, y, w, h))) {
            return BG_EINTERNAL;
        }
        if (failed(c, HPDF_Page_Stroke(hp))) {
            return BG_EINTERNAL;
        }
    }
    return BG_OK;
}

/* Record the code points of @text in @bitmap. False for invalid UTF-8 or a character above
 * U+FFFF, which libharu 2.3.0 would print as a space (libharu.md 2). */
static bool mark_used(uint8_t *bitmap, bg_str text)
{
    size_t off = 0;
    while (off < text.len) {
        uint32_t cp;
        size_t n = bg_utf8_decode(text.ptr + off, text.len - off, &cp);
        if (n == 0 || cp > 0xFFFF) {
            return false;
        }
        bitmap[cp >> 3] = (uint8_t)(bitmap[cp >> 3] | (1u << (cp & 7)));
        off += n;
    }
    return true;
}

/* One text object per page; font and colour are set only when they change.
 * DESIGN: text placed word by word by layout; never MeasureText/TextRect (libharu.md 4/5). */
static bg_status draw_texts(pdf_ctx *c, size_t p)
{
    const bg_page *page = &c->pages->pages[p];
    HPDF_Page hp = c->hpages[p];
    if (page->n_texts == 0) {
        return BG_OK;
    }
    if (failed(c, HPDF_Page_BeginText(hp))) {
        return BG_EINTERNAL;
    }
    HPDF_Font cur_font = NULL;
    double cur_size = 0;
    bg_rgb cur_color = {0, 0, 0};
    bool has_color = false;
    for (size_t i = 0; i < page->n_texts; i++) {
        const bg_text *t = &page->texts[i];
        if (t->text.len == 0) {
            continue;
        }
        if (t->text.len > BG_MAX_TEXTOUT_BYTES) {
            internal(c, "text longer than BG_MAX_TEXTOUT_BYTES", p);
            return BG_EINTERNAL;
        }
        HPDF_Font font = c->fonts[t->face];
        if (font != cur_font || t->size_pt != cur_size) {
            if (failed(c, HPDF_Page_SetFontAndSize(hp, font, (HPDF_REAL)t->size_pt))) {
                return BG_EINTERNAL;
            }
            cur_font = font;
            cur_size = t->size_pt;
        }
        if (!has_color || !same_rgb(t->color, cur_color)) {
            if (failed(c, HPDF_Page_SetRGBFill(hp, t->color.r, t->color.g, t->color.b))) {
                return BG_EINTERNAL;
            }
            cur_color = t->color;
            has_color = true;
        }
        const char *s = cstr(c, t->text);
        if (!s) {
            if (c->a->failed) {
                return BG_ENOMEM;
            }
            internal(c, "NUL byte in a text", p);
            return BG_EINTERNAL;
        }
        if (!mark_used(c->used_cps[t->face], t->text)) {
            internal(c, "invalid UTF-8 or a character above U+FFFF in a text", p);
            return BG_EINTERNAL;
        }
        if (failed(c, HPDF_Page_TextOut(hp, (HPDF_REAL)t->x_pt, (HPDF_REAL)t->y_pt, s))) {
            return BG_EINTERNAL;
        }
    }
    if (failed(c, HPDF_Page_EndText(hp))) {
        return BG_EINTERNAL;
    }
    return BG_OK;
}

/* A /FitH destination at the top of the target: zoom 0 ("keep") is rejected by 2.3.0. */
static HPDF_Destination make_dest(pdf_ctx *c, uint32_t page, double y_pt)
{
    HPDF_Destination dst = HPDF_Page_CreateDestination(c->hpages[page]);
    if (failed_ptr(c, dst) || failed(c, HPDF_Destination_SetFitH(dst, (HPDF_REAL)y_pt))) {
        return NULL;
    }
    return dst;
}

static bg_status draw_links(pdf_ctx *c, size_t p)
{
    const bg_pages *pg = c->pages;
    const bg_page *page = &pg->pages[p];
    HPDF_Page hp = c->hpages[p];
    for (size_t i = 0; i < page->n_links; i++) {
        const bg_link *l = &page->links[i];
        HPDF_Rect rect = {(HPDF_REAL)l->x_pt, (HPDF_REAL)l->y_pt, (HPDF_REAL)(l->x_pt + l->w_pt),
                          (HPDF_REAL)(l->y_pt + l->h_pt)};
        HPDF_Annotation annot;
        if (l->uri.len > 0) {
            const char *uri = cstr(c, l->uri);
            if (!uri) {
                if (c->a->failed) {
                    return BG_ENOMEM;
                }
                internal(c, "NUL byte in a link URI", p);
                return BG_EINTERNAL;
            }
            annot = HPDF_Page_CreateURILinkAnnot(hp, rect, uri);
        } else {
            if (l->anchor == 0 || l->anchor >= pg->n_anchors ||
                pg->anchors[l->anchor].page >= pg->n_pages) {
                internal(c, "link to an unknown anchor", p);
                return BG_EINTERNAL;
            }
            HPDF_Destination dst = c->anchors[l->anchor];
            if (!dst) {
                const bg_anchor *an = &pg->anchors[l->anchor];
                dst = make_dest(c, an->page, an->y_pt);
                if (!dst) {
                    return BG_EINTERNAL;
                }
                c->anchors[l->anchor] = dst;
            }
            annot = HPDF_Page_CreateLinkAnnot(hp, rect, dst);
        }
        /* Links draw a black border by default (libharu.md 13). */
        if (failed_ptr(c, annot) || failed(c, HPDF_LinkAnnot_SetBorderStyle(annot, 0, 0, 0))) {
            return BG_EINTERNAL;
        }
    }
    return BG_OK;
}

/* --- Font size ---
 * libharu 2.3.0 writes each font for its whole character set: /W and CIDToGIDMap cover every
 * mapped character, ToUnicode is one malformed range (libharu.md 9), and the font program keeps
 * the glyph names (post), cmap and name tables (libharu.md 8): ~80 KB per DejaVu face. Before
 * saving we rewrite these for the characters actually set. DESIGN: <= 100 KB per briefing. */

static bool is_marked(const uint8_t *bitmap, uint32_t cp)
{
    return ((unsigned)bitmap[cp >> 3] >> (cp & 7)) & 1u;
}

/* /W for the set characters only; widths equal to /DW are left out, as libharu does. */
static bg_status write_widths(pdf_ctx *c, HPDF_FontAttr attr, const uint8_t *bitmap)
{
    HPDF_MMgr mmgr = c->pdf->mmgr;
    HPDF_FontDef def = attr->fontdef;
    HPDF_Array w = HPDF_Array_New(mmgr);
    if (failed_ptr(c, w)) {
        return BG_EINTERNAL;
    }
    HPDF_Array run = NULL;
    uint32_t next_cp = 0;
    for (uint32_t cp = 0; cp <= 0xFFFF; cp++) {
        if (!is_marked(bitmap, cp)) {
            continue;
        }
        HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cp);
        HPDF_INT16 width = HPDF_TTFontDef_GetGidWidth(def, gid);
        if (width == def->missing_width) {
            run = NULL;
            continue;
        }
        if (!run || cp != next_cp) {
            run = HPDF_Array_New(mmgr);
            if (failed_ptr(c, run) || failed(c, HPDF_Array_AddNumber(w, (HPDF_INT32)cp)) ||
                failed(c, HPDF_Array_Add(w, run))) {
                return BG_EINTERNAL;
            }
        }
        if (failed(c, HPDF_Array_AddNumber(run, width))) {
            return BG_EINTERNAL;
        }
        next_cp = cp + 1;
    }
    if (failed(c, HPDF_Dict_Add(attr->descendant_font, "W", w))) {
        return BG_EINTERNAL;
    }
    return BG_OK;
}

/* CIDToGIDMap: CID = code point (UTF-8 encoder, Identity-H); unset CIDs map to glyph 0. */
static bg_status write_cid_map(pdf_ctx *c, HPDF_FontAttr attr, const uint8_t *bitmap)
{
    if (!attr->map_stream) {
        return BG_OK;
    }
    uint32_t max_cp = 0;
    for (uint32_t cp = 0; cp <= 0xFFFF; cp++) {
        if (is_marked(bitmap, cp)) {
            max_cp = cp;
        }
    }
    size_t n_bytes = ((size_t)max_cp + 1) * 2;
    HPDF_BYTE *map = bg_arena_alloc(c->a, n_bytes);
    if (!map) {
        return BG_ENOMEM;
    }
    for (uint32_t cp = 0; cp <= max_cp; cp++) {
        if (is_marked(bitmap, cp)) {
            HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(attr->fontdef, (HPDF_UINT16)cp);
            map[2 * cp] = (HPDF_BYTE)(gid >> 8);
            map[2 * cp + 1] = (HPDF_BYTE)(gid & 0xFF);
        }
    }
    HPDF_MemStream_FreeData(attr->map_stream->stream);
    if (failed(c, HPDF_Stream_Write(attr->map_stream->stream, map, (HPDF_UINT)n_bytes))) {
        return BG_EINTERNAL;
    }
    return BG_OK;
}

static char *put_hex4(char *p, uint32_t v)
{
    static const char digits[] = "0123456789ABCDEF";
    *p++ = '<';
    for (int shift = 12; shift >= 0; shift -= 4) {
        *p++ = digits[(v >> shift) & 0xF];
    }
    *p++ = '>';
    return p;
}

/* A well-formed ToUnicode CMap (bfchar, at most 100 entries per block, PDF 32000-1 9.10.3)
 * instead of libharu's 'begincidrange' one that poppler warns about for every font. */
static bg_status write_to_unicode(pdf_ctx *c, HPDF_FontAttr attr, const uint8_t *bitmap)
{
    static const char head[] =
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    static const char tail[] = "endcmap\nCMapName currentdict /CMap defineresource pop\n"
                               "end\nend\n";
    if (!attr->cmap_stream) {
        return BG_OK;
    }
    size_t n_cps = 0;
    for (uint32_t cp = 0; cp <= 0xFFFF; cp++) {
        n_cps += is_marked(bitmap, cp);
    }
    /* per block "100 beginbfchar\n" + "endbfchar\n"; per entry "<XXXX> <XXXX>\n" */
    size_t cap = sizeof(head) + sizeof(tail) + (n_cps / 100 + 1) * 32 + n_cps * 14;
    char *text = bg_arena_alloc(c->a, cap);
    if (!text) {
        return BG_ENOMEM;
    }
    char *p = text;
    memcpy(p, head, sizeof(head) - 1);
    p += sizeof(head) - 1;
    uint32_t cp = 0;
    size_t left = n_cps;
    while (left > 0) {
        size_t block = left < 100 ? left : 100;
        int n = snprintf(p, 32, "%zu beginbfchar\n", block);
        p += n > 0 ? n : 0;
        for (size_t i = 0; i < block; cp++) {
            if (is_marked(bitmap, cp)) {
                p = put_hex4(p, cp);
                *p++ = ' ';
                p = put_hex4(p, cp);
                *p++ = '\n';
                i++;
            }
        }
        memcpy(p, "endbfchar\n", 10);
        p += 10;
        left -= block;
    }
    memcpy(p, tail, sizeof(tail) - 1);
    p += sizeof(tail) - 1;
    HPDF_Dict cmap = attr->cmap_stream;
    HPDF_MemStream_FreeData(cmap->stream);
    if (failed(c,
               HPDF_Stream_Write(cmap->stream, (const HPDF_BYTE *)text, (HPDF_UINT)(p - text)))) {
        return BG_EINTERNAL;
    }
    /* The stream's dictionary still names libharu's CMap: make it match the new one. */
    HPDF_MMgr mmgr = c->pdf->mmgr;
    HPDF_Dict info = HPDF_Dict_New(mmgr);
    if (failed_ptr(c, info) ||
        failed(c, HPDF_Dict_Add(info, "Registry", HPDF_String_New(mmgr, "Adobe", NULL))) ||
        failed(c, HPDF_Dict_Add(info, "Ordering", HPDF_String_New(mmgr, "UCS", NULL))) ||
        failed(c, HPDF_Dict_AddNumber(info, "Supplement", 0)) ||
        failed(c, HPDF_Dict_Add(cmap, "CIDSystemInfo", info)) ||
        failed(c, HPDF_Dict_AddName(cmap, "CMapName", "Adobe-Identity-UCS")) ||
        failed(c, HPDF_Dict_RemoveElement(cmap, "WMode"))) {
        return BG_EINTERNAL;
    }
    return BG_OK;
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static void wr32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static void wr16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

/* Sum of big-endian 32-bit words; @len is a multiple of 4 (tables are padded). */
static uint32_t sfnt_sum(const uint8_t *p, size_t len)
{
    uint32_t sum = 0;
    for (size_t i = 0; i + 4 <= len; i += 4) {
        sum += rd32(p + i);
    }
    return sum;
}

#define SFNT_MAX_TABLES 32u
#define TAG(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

typedef struct {
    uint32_t tag;
    const uint8_t *data;
    size_t len; /* bytes, unpadded */
} sfnt_table;

static const sfnt_table *find_sfnt(const sfnt_table *t, size_t n, uint32_t tag, size_t min_len)
{
    for (size_t i = 0; i < n; i++) {
        if (t[i].tag == tag) {
            return t[i].len >= min_len ? &t[i] : NULL;
        }
    }
    return NULL;
}

/* Zero the hmtx entries of empty glyphs (libharu emptied the unused ones): PDF takes advances
 * from /W, so only the glyph outlines matter. Leaves @hmtx alone if the tables disagree. */
static void zero_unused_metrics(uint8_t *hmtx, size_t hmtx_len, const sfnt_table *loca,
                                bool is_long_loca, uint32_t n_glyphs, uint32_t n_hmetrics)
{
    size_t loca_need = ((size_t)n_glyphs + 1) * (is_long_loca ? 4 : 2);
    if (n_hmetrics == 0 || n_hmetrics > n_glyphs || loca->len < loca_need ||
        hmtx_len < (size_t)n_hmetrics * 4 + ((size_t)n_glyphs - n_hmetrics) * 2) {
        return;
    }
    for (uint32_t g = 0; g < n_glyphs; g++) {
        uint32_t from = is_long_loca ? rd32(loca->data + 4 * g) : rd16(loca->data + 2 * g);
        uint32_t to = is_long_loca ? rd32(loca->data + 4 * g + 4) : rd16(loca->data + 2 * g + 2);
        if (from != to) {
            continue;
        }
        if (g < n_hmetrics) {
            memset(hmtx + 4 * (size_t)g, 0, 4);
        } else {
            memset(hmtx + 4 * (size_t)n_hmetrics + 2 * ((size_t)g - n_hmetrics), 0, 2);
        }
    }
}

/* Rewrite libharu's subset font program for size: post becomes format 3 (no glyph names),
 * cmap and name are dropped (a CIDFontType2 reaches glyphs through CIDToGIDMap, ISO 32000-1
 * 9.9), and unused glyph metrics are zeroed. Returns the new length (bytes in *out, in the
 * arena), or 0 when the input is not as expected and should be kept as it is. */
static size_t shrink_sfnt(bg_arena *a, const uint8_t *in, size_t len, uint8_t **out)
{
    if (len < 12) {
        return 0;
    }
    size_t n = rd16(in + 4);
    if (n == 0 || n > SFNT_MAX_TABLES || 12 + 16 * n > len) {
        return 0;
    }
    sfnt_table t[SFNT_MAX_TABLES];
    for (size_t i = 0; i < n; i++) {
        const uint8_t *e = in + 12 + 16 * i;
        size_t off = rd32(e + 8);
        size_t tlen = rd32(e + 12);
        if (off > len || tlen > len - off) {
            return 0;
        }
        t[i] = (sfnt_table){rd32(e), in + off, tlen};
    }
    const sfnt_table *head = find_sfnt(t, n, TAG('h', 'e', 'a', 'd'), 54);
    const sfnt_table *hhea = find_sfnt(t, n, TAG('h', 'h', 'e', 'a'), 36);
    const sfnt_table *maxp = find_sfnt(t, n, TAG('m', 'a', 'x', 'p'), 6);
    const sfnt_table *loca = find_sfnt(t, n, TAG('l', 'o', 'c', 'a'), 0);
    if (!head || !hhea || !maxp || !loca) {
        return 0;
    }
    size_t m = 0;
    size_t total = 0;
    sfnt_table keep[SFNT_MAX_TABLES];
    for (size_t i = 0; i < n; i++) {
        if (t[i].tag == TAG('c', 'm', 'a', 'p') || t[i].tag == TAG('n', 'a', 'm', 'e')) {
            continue;
        }
        keep[m] = t[i];
        if (t[i].tag == TAG('p', 'o', 's', 't')) {
            if (t[i].len < 32) {
                continue;
            }
            keep[m].len = 32;
        }
        total += (keep[m].len + 3) & ~(size_t)3;
        m++;
    }
    size_t dir_len = 12 + 16 * m;
    uint8_t *o = bg_arena_alloc(a, dir_len + total);
    if (!o) {
        return 0;
    }
    uint16_t pow2 = 1;
    uint16_t log2 = 0;
    while ((size_t)pow2 * 2 <= m) {
        pow2 = (uint16_t)(pow2 * 2);
        log2++;
    }
    memcpy(o, in, 4);
    wr16(o + 4, (uint16_t)m);
    wr16(o + 6, (uint16_t)(pow2 * 16));
    wr16(o + 8, log2);
    wr16(o + 10, (uint16_t)(m * 16 - pow2 * 16));
    size_t off = dir_len;
    size_t head_off = 0;
    for (size_t i = 0; i < m; i++) {
        uint8_t *dst = o + off;
        memcpy(dst, keep[i].data, keep[i].len);
        if (keep[i].tag == TAG('p', 'o', 's', 't')) {
            wr32(dst, 0x00030000u);
        } else if (keep[i].tag == TAG('h', 'e', 'a', 'd')) {
            wr32(dst + 8, 0); /* checkSumAdjustment, set below */
            head_off = off;
        } else if (keep[i].tag == TAG('h', 'm', 't', 'x')) {
            zero_unused_metrics(dst, keep[i].len, loca, rd16(head->data + 50) != 0,
                                rd16(maxp->data + 4), rd16(hhea->data + 34));
        }
        size_t padded = (keep[i].len + 3) & ~(size_t)3;
        uint8_t *e = o + 12 + 16 * i;
        wr32(e, keep[i].tag);
        wr32(e + 4, sfnt_sum(dst, padded));
        wr32(e + 8, (uint32_t)off);
        wr32(e + 12, (uint32_t)keep[i].len);
        off += padded;
    }
    wr32(o + head_off + 8, 0xB1B0AFBAu - sfnt_sum(o, off));
    *out = o;
    return off;
}

/* The FontDescriptor and FontFile2 that libharu would build while saving (it skips them when
 * fontdef->descriptor is set), with the shrunk program and the /CapHeight 2.3.0 omits
 * (libharu.md 10). */
static bg_status write_font_program(pdf_ctx *c, HPDF_FontAttr attr)
{
    HPDF_FontDef def = attr->fontdef;
    HPDF_TTFontDefAttr def_attr = def->attr;
    HPDF_MMgr mmgr = c->pdf->mmgr;
    if (def->descriptor || !def_attr->embedding) {
        return BG_OK;
    }
    HPDF_Stream tmp = HPDF_MemStream_New(mmgr, (HPDF_UINT)READ_CHUNK_BYTES);
    if (failed_ptr(c, tmp) || failed(c, HPDF_TTFontDef_SaveFontData(def, tmp))) {
        return BG_EINTERNAL;
    }
    size_t len = HPDF_Stream_Size(tmp);
    uint8_t *raw = bg_arena_alloc(c->a, len ? len : 1);
    if (!raw) {
        return BG_ENOMEM;
    }
    size_t got = 0;
    HPDF_UINT n_bufs = HPDF_MemStream_GetBufCount(tmp);
    for (HPDF_UINT i = 0; i < n_bufs; i++) {
        HPDF_UINT n = 0;
        HPDF_BYTE *buf = HPDF_MemStream_GetBufPtr(tmp, i, &n);
        if (!buf || n > len - got) {
            failed(c, HPDF_INVALID_STREAM);
            return BG_EINTERNAL;
        }
        memcpy(raw + got, buf, n);
        got += n;
    }
    HPDF_Stream_Free(tmp);
    uint8_t *font = NULL;
    size_t font_len = shrink_sfnt(c->a, raw, got, &font);
    if (font_len == 0) {
        if (c->a->failed) {
            return BG_ENOMEM;
        }
        font = raw; /* unexpected layout: keep libharu's program */
        font_len = got;
    }
    HPDF_Dict data = HPDF_DictStream_New(mmgr, attr->xref);
    if (failed_ptr(c, data) ||
        failed(c, HPDF_Stream_Write(data->stream, font, (HPDF_UINT)font_len)) ||
        failed(c, HPDF_Dict_AddNumber(data, "Length1", (HPDF_INT32)font_len))) {
        return BG_EINTERNAL;
    }
    data->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    HPDF_INT32 cap_height = def->cap_height;
    if (cap_height == 0) {
        cap_height = (HPDF_INT32)HPDF_TTFontDef_GetCharBBox(def, 'H').top;
    }
    HPDF_Dict desc = HPDF_Dict_New(mmgr);
    if (failed_ptr(c, desc) || failed(c, HPDF_Xref_Add(attr->xref, desc))) {
        return BG_EINTERNAL;
    }
    HPDF_Array bbox = HPDF_Box_Array_New(mmgr, def->font_bbox);
    if (failed_ptr(c, bbox) || failed(c, HPDF_Dict_AddName(desc, "Type", "FontDescriptor")) ||
        failed(c, HPDF_Dict_AddNumber(desc, "Ascent", def->ascent)) ||
        failed(c, HPDF_Dict_AddNumber(desc, "Descent", def->descent)) ||
        failed(c, HPDF_Dict_AddNumber(desc, "CapHeight", cap_height)) ||
        failed(c, HPDF_Dict_AddNumber(desc, "Flags", (HPDF_INT32)def->flags)) ||
        failed(c, HPDF_Dict_Add(desc, "FontBBox", bbox)) ||
        failed(c, HPDF_Dict_AddName(desc, "FontName", def_attr->base_font)) ||
        failed(c, HPDF_Dict_AddNumber(desc, "ItalicAngle", def->italic_angle)) ||
        failed(c, HPDF_Dict_AddNumber(desc, "StemV", def->stemv)) ||
        failed(c, HPDF_Dict_AddNumber(desc, "XHeight", def->x_height)) ||
        failed(c, HPDF_Dict_Add(desc, "FontFile2", data))) {
        return BG_EINTERNAL;
    }
    def->descriptor = desc;
    return BG_OK;
}

/* After the last text is drawn (libharu marks glyphs as text is shown), before saving. */
static bg_status tidy_fonts(pdf_ctx *c)
{
    for (size_t f = 0; f < c->n_faces; f++) {
        if (!c->fonts[f]) {
            continue;
        }
        bool is_done = false;
        for (size_t g = 0; g < f; g++) {
            is_done = is_done || c->fonts[g] == c->fonts[f];
        }
        if (is_done) {
            continue;
        }
        HPDF_FontAttr attr = ((HPDF_Dict)c->fonts[f])->attr;
        bg_status st = write_widths(c, attr, c->used_cps[f]);
        if (st == BG_OK) {
            st = write_cid_map(c, attr, c->used_cps[f]);
        }
        if (st == BG_OK) {
            st = write_to_unicode(c, attr, c->used_cps[f]);
        }
        if (st == BG_OK) {
            st = write_font_program(c, attr);
        }
        if (st != BG_OK) {
            return st;
        }
    }
    return BG_OK;
}

/* --- Document structure --- */

/* DESIGN: an outline entry per section. Levels deeper than parent + 1 are clamped. */
static bg_status add_outline(pdf_ctx *c)
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
            internal(c, "outline entry points past the last page", SIZE_MAX);
            return BG_EINTERNAL;
        }
        size_t level = o->level < depth ? o->level : depth;
        const char *title = cstr(c, o->title);
        if (!title) {
            if (c->a->failed) {
                return BG_ENOMEM;
            }
            internal(c, "NUL byte in an outline title", o->page);
            return BG_EINTERNAL;
        }
        HPDF_Outline parent = level ? stack[level - 1] : NULL;
        HPDF_Outline entry = HPDF_CreateOutline(c->pdf, parent, title, c->utf8);
        if (failed_ptr(c, entry)) {
            return BG_EINTERNAL;
        }
        HPDF_Destination dst = make_dest(c, o->page, o->y_pt);
        if (!dst || failed(c, HPDF_Outline_SetDestination(entry, dst)) ||
            failed(c, HPDF_Outline_SetOpened(entry, HPDF_TRUE))) {
            return BG_EINTERNAL;
        }
        stack[level] = entry;
        depth = level + 1;
    }
    if (failed(c, HPDF_SetPageMode(c->pdf, HPDF_PAGE_MODE_USE_OUTLINE))) {
        return BG_EINTERNAL;
    }
    return BG_OK;
}

/* UTC civil date of @seconds since the epoch (Howard Hinnant, "chrono-Compatible Low-Level
 * Date Algorithms", civil_from_days). No libc time zone involved: output is reproducible. */
static HPDF_Date make_date(int64_t seconds)
{
    if (seconds < 0) {
        seconds = 0;
    }
    if (seconds > MAX_DATE_SECONDS) {
        seconds = MAX_DATE_SECONDS;
    }
    int64_t days = seconds / 86400;
    int64_t rem = seconds % 86400;
    int64_t z = days + 719468;
    int64_t era = z / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t day = doy - (153 * mp + 2) / 5 + 1;
    int64_t month = mp < 10 ? mp + 3 : mp - 9;
    int64_t year = yoe + era * 400 + (month <= 2);
    /* '+' 00'00', never 'Z': 2.3.0 rejects 'Z' in places (libharu.md 11). */
    HPDF_Date date;
    memset(&date, 0, sizeof(date));
    date.year = (HPDF_INT)year;
    date.month = (HPDF_INT)month;
    date.day = (HPDF_INT)day;
    date.hour = (HPDF_INT)(rem / 3600);
    date.minutes = (HPDF_INT)(rem % 3600 / 60);
    date.seconds = (HPDF_INT)(rem % 60);
    date.ind = '+';
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
        const char *lang = cstr(c, info->language);
        if (!lang) {
            return BG_ENOMEM;
        }
        HPDF_String str = HPDF_String_New(pdf->mmgr, lang, NULL);
        if (failed_ptr(c, str) || failed(c, HPDF_Dict_Add(pdf->catalog, "Lang", str))) {
            return BG_EINTERNAL;
        }
    }
    if (info->title.len) {
        HPDF_Dict prefs = HPDF_Dict_New(pdf->mmgr);
        if (failed_ptr(c, prefs)) {
            return BG_EINTERNAL;
        }
        HPDF_Boolean yes = HPDF_Boolean_New(pdf->mmgr, HPDF_TRUE);
        if (failed_ptr(c, yes) || failed(c, HPDF_Dict_Add(prefs, "DisplayDocTitle", yes)) ||
            failed(c, HPDF_Dict_Add(pdf->catalog, "ViewerPreferences", prefs))) {
            return BG_EINTERNAL;
        }
    }
    return BG_OK;
}

static bg_status set_info_attr(pdf_ctx *c, HPDF_InfoType type, bg_str value)
{
    if (value.len == 0) {
        return BG_OK;
    }
    const char *s = cstr(c, value);
    if (!s) {
        if (c->a->failed) {
            return BG_ENOMEM;
        }
        internal(c, "NUL byte in the document info", SIZE_MAX);
        return BG_EINTERNAL;
    }
    if (failed(c, HPDF_SetInfoAttr(c->pdf, type, s))) {
        return BG_EINTERNAL;
    }
    return BG_OK;
}

/* DESIGN: document info (Title, Author, Subject, Keywords, Creator, CreationDate). */
static bg_status add_info(pdf_ctx *c)
{
    const bg_docinfo *info = &c->pages->info;
    bg_status st = set_info_attr(c, HPDF_INFO_TITLE, info->title);
    if (st == BG_OK) {
        st = set_info_attr(c, HPDF_INFO_AUTHOR, info->author);
    }
    if (st == BG_OK) {
        st = set_info_attr(c, HPDF_INFO_SUBJECT, info->subject);
    }
    if (st == BG_OK) {
        st = set_info_attr(c, HPDF_INFO_KEYWORDS, info->keywords);
    }
    if (st == BG_OK) {
        st = set_info_attr(c, HPDF_INFO_CREATOR, info->creator);
    }
    if (st != BG_OK) {
        return st;
    }
    const char *producer = bg_arena_printf(c->a, "libharu %s", HPDF_GetVersion());
    if (!producer) {
        return BG_ENOMEM;
    }
    st = set_info_attr(c, HPDF_INFO_PRODUCER, bg_str_from(producer));
    if (st != BG_OK) {
        return st;
    }
    HPDF_Date date = make_date(info->created);
    if (failed(c, HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_CREATION_DATE, date)) ||
        failed(c, HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_MOD_DATE, date))) {
        return BG_EINTERNAL;
    }
    return add_catalog_extras(c);
}

/* --- Saving --- */

/* Save to libharu's memory stream and copy it into @out (never HPDF_SaveToFile: the
 * pipeline writes the bytes atomically, robustness.md finding 4). */
static bg_status save(pdf_ctx *c, bg_buf *out)
{
    if (failed(c, HPDF_SaveToStream(c->pdf))) {
        return BG_EINTERNAL;
    }
    HPDF_UINT32 size = HPDF_GetStreamSize(c->pdf);
    if (failed(c, HPDF_GetError(c->pdf))) {
        return BG_EINTERNAL;
    }
    if (size == 0) {
        failed(c, HPDF_INVALID_STREAM);
        return BG_EINTERNAL;
    }
    if (size > out->max || out->len > out->max - size) {
        bg_loc loc = {c->out_path, 0, 0};
        bg_diag_error(c->d, &loc, "PDF of %lu bytes exceeds the output limit of %zu bytes",
                      (unsigned long)size, out->max);
        c->is_internal = true; /* reported already */
        return BG_ENOMEM;
    }
    HPDF_BYTE *chunk = bg_arena_alloc(c->a, READ_CHUNK_BYTES);
    if (!chunk) {
        return BG_ENOMEM;
    }
    size_t remaining = size;
    while (remaining > 0) {
        HPDF_UINT32 n = (HPDF_UINT32)(remaining < READ_CHUNK_BYTES ? remaining : READ_CHUNK_BYTES);
        HPDF_STATUS st = HPDF_ReadFromStream(c->pdf, chunk, &n);
        /* The read that reaches the end may say STREAM_EOF; only a short read is an error. */
        if (st == HPDF_STREAM_EOF && n > 0 && !c->has_error) {
            st = HPDF_OK;
        }
        if (failed(c, st)) {
            return BG_EINTERNAL;
        }
        if (n == 0 || n > remaining) {
            failed(c, HPDF_STREAM_EOF);
            return BG_EINTERNAL;
        }
        if (!bg_buf_append(out, chunk, n)) {
            return BG_ENOMEM;
        }
        remaining -= n;
    }
    return BG_OK;
}

/* --- Entry point --- */

static bg_status render(pdf_ctx *c, const bg_fontset *fs, bg_buf *out)
{
    const bg_pages *pg = c->pages;
    if (failed(c, HPDF_SetCompressionMode(c->pdf, HPDF_COMP_ALL)) ||
        failed(c, HPDF_UseUTFEncodings(c->pdf)) ||
        failed(c, HPDF_SetCurrentEncoder(c->pdf, "UTF-8"))) {
        return BG_EINTERNAL;
    }
    c->utf8 = HPDF_GetEncoder(c->pdf, "UTF-8");
    if (failed_ptr(c, c->utf8)) {
        return BG_EINTERNAL;
    }
    bg_status st = load_fonts(c, fs);
    if (st != BG_OK) {
        return st;
    }
    c->hpages = bg_arena_array(c->a, pg->n_pages, sizeof(*c->hpages));
    c->anchors = bg_arena_array(c->a, pg->n_anchors ? pg->n_anchors : 1, sizeof(*c->anchors));
    if (!c->hpages || !c->anchors) {
        return BG_ENOMEM;
    }
    /* Every page exists before any link is drawn: a citation links forward. */
    for (size_t p = 0; p < pg->n_pages; p++) {
        HPDF_Page hp = HPDF_AddPage(c->pdf);
        if (failed_ptr(c, hp) || failed(c, HPDF_Page_SetWidth(hp, (HPDF_REAL)pg->width_pt)) ||
            failed(c, HPDF_Page_SetHeight(hp, (HPDF_REAL)pg->height_pt))) {
            return BG_EINTERNAL;
        }
        c->hpages[p] = hp;
    }
    if (failed(c, HPDF_AddPageLabel(c->pdf, 0, HPDF_PAGE_NUM_STYLE_DECIMAL, 1, NULL))) {
        return BG_EINTERNAL;
    }
    for (size_t p = 0; p < pg->n_pages && st == BG_OK; p++) {
        st = draw_rects(c, p);
        if (st == BG_OK) {
            st = draw_texts(c, p);
        }
        if (st == BG_OK) {
            st = draw_links(c, p);
        }
    }
    if (st == BG_OK) {
        st = tidy_fonts(c);
    }
    if (st == BG_OK) {
        st = add_outline(c);
    }
    if (st == BG_OK) {
        st = add_info(c);
    }
    if (st == BG_OK) {
        st = save(c, out);
    }
    return st;
}

bg_status bg_pdf_run(const bg_pages *pages, const bg_fontset *fs, const char *out_path, bg_arena *a,
                     bg_diag *d, bg_buf *out)
{
    pdf_ctx c;
    memset(&c, 0, sizeof(c));
    c.a = a;
    c.d = d;
    c.out_path = out_path;
    c.pages = pages;
    size_t out_len0 = out->len;
    bg_status st = BG_OK;
    if (pages->n_pages == 0 || pages->n_pages > BG_MAX_PAGES) {
        internal(&c, "page count out of range", SIZE_MAX);
        st = BG_EINTERNAL;
        goto out;
    }
    alloc_arena = a;
    c.pdf = HPDF_NewEx(on_error, pdf_alloc, pdf_free, 0, &c);
    if (!c.pdf) {
        st = BG_ENOMEM;
        goto out;
    }
    st = render(&c, fs, out);
out:
    if (st != BG_OK) {
        st = finish_status(&c, st);
    }
    if (c.pdf) {
        HPDF_Free(c.pdf);
    }
    alloc_arena = NULL;
    if (st != BG_OK && out->data) {
        /* DESIGN: a failed run leaves no partial output: drop what this call appended. */
        out->len = out_len0;
        out->data[out_len0] = '\0';
    }
    return st;
}
