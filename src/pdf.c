/* Stage 6, render: bg_pages → PDF bytes with libharu 2.3.0 (notes/libharu.md). Embeds the
 * faces the pages use as our own Type0/CIDFontType2 subsets (programs from pdf_sfnt.c; text
 * written as hex CIDs into the content streams), draws rects and links through libharu, adds
 * page labels, the outline and the document info, then saves to memory. libharu allocates from the
 * run arena and its errors are recorded (first wins, never longjmp); the first one stops the stage.
 */
#include "pdf.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_encrypt.h> /* HPDF_MD5*: the content-derived /ID of PDF/A output */
#include <libdeflate.h>

#include "clock.h"
#include "limit.h"
#include "pdf_sfnt.h"
#include "pdf_xmp.h"
#include "utf8.h"

/* Bytes copied out of libharu's memory stream per read. */
#define READ_CHUNK_BYTES ((size_t)64 * 1024)
/* libdeflate level of the streams we compress ourselves (font programs, ToUnicode, CIDSet,
 * page contents). libharu deflates with zlib at level 6: on the seed build that was 40 M of
 * 172 M instructions. libdeflate's level 1 takes half the instructions of zlib's level 1 and
 * its output is smaller; see tests/bench/README.md (round 5) for the measurements. */
#define DEFLATE_LEVEL 1
/* PDF dates have four-digit years: 0000-01-01 .. 9999-12-31 23:59:59 UTC. */
#define MAX_DATE_SECONDS INT64_C(253402300799)
/* BCP 47 tags are short; longer ones are dropped rather than written into /Lang. */
#define MAX_LANG_BYTES 35u

/* libdeflate's compressor (libdeflate.h names only the struct). */
typedef struct libdeflate_compressor deflater;

typedef struct {
    bg_arena *a;
    bg_diag *d;
    const char *out_path;
    const bg_pages *pages;
    HPDF_Doc pdf;
    HPDF_Page *hpages;         /* [n_pages] */
    struct pdf_font *fonts;    /* [n_faces]: the embedded font of each file (see canon) */
    uint16_t *canon;           /* [n_faces]: the first face with the same file */
    HPDF_Destination *anchors; /* [n_anchors], created on first use */
    size_t n_faces;            /* entries in fonts and used_cps */
    char *scratch;             /* NUL-terminated copies of bg_str for libharu */
    size_t scratch_cap;        /* bytes */
    bool has_error;            /* libharu reported an error (or returned one) */
    HPDF_STATUS error_no;      /* the first one */
    HPDF_STATUS detail_no;     /* its detail code */
    bool is_reported;          /* the failure is reported already; its status stands */
    const bg_icc *pdfa;        /* the output intent's profile: write PDF/A-1b; NULL = plain */
    const bg_fontset *fs;      /* for bg_font_memo (deflated subset programs) */
    deflater *z;               /* one per document, made on first use (bg_pdf_run frees it) */
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
    c->is_reported = true;
}

/* Report a failure that was not reported yet, and map it to the status to return. */
static bg_status finish_status(pdf_ctx *c, bg_status st)
{
    bg_loc loc = {c->out_path, 0, 0};
    if (c->is_reported) {
        return st;
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

/* --- Fonts ---
 * libharu 2.3.0's own TrueType path costs ~75% of a run: HPDF_GetFont builds a 65,536-entry
 * code→glyph map per font per document, and saving compresses every table of the font
 * (libharu.md 7, 8). We embed each used face ourselves instead: a Type0 font, Identity-H,
 * over a CIDFontType2 whose CIDs are the glyph ids of a subset program (pdf_sfnt.c) with
 * CIDToGIDMap /Identity; /W, a bfchar ToUnicode, a FontDescriptor with CapHeight and CIDSet
 * (libharu.md 9, 10). Text is written as hex CIDs into the page content stream. */

/* One embedded font: the first face of a file; other faces naming the file share it. */
typedef struct pdf_font {
    uint8_t *used;    /* bitmap over the face's original glyph ids */
    uint16_t *gid_cp; /* [n_glyphs]: first code point set with each glyph, 0 for none */
    uint32_t n_glyphs;
    bg_pdf_sfnt_subset sub;
    HPDF_Dict font; /* the Type0 font dictionary */
    char name[8];   /* resource name, "F1".. */
} pdf_font;

/* The embedded font of @face, via the first face with the same file. */
static pdf_font *font_of(pdf_ctx *c, uint16_t face)
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
                internal(c, "text set in a face that is not loaded", p);
                return BG_EINTERNAL;
            }
            if (t->text.len > BG_MAX_TEXTOUT_BYTES) {
                internal(c, "text longer than BG_MAX_TEXTOUT_BYTES", p);
                return BG_EINTERNAL;
            }
            pdf_font *pf = font_of(c, t->face);
            if (!pf->used) {
                pf->n_glyphs = bg_font_glyph_count(fs, t->face);
                pf->used = bg_arena_alloc(c->a, pf->n_glyphs / 8 + 1);
                pf->gid_cp = bg_arena_array(c->a, pf->n_glyphs, sizeof(*pf->gid_cp));
                if (!pf->used || !pf->gid_cp) {
                    return BG_ENOMEM;
                }
            }
            if (t->text.len && memchr(t->text.ptr, '\0', t->text.len)) {
                internal(c, "NUL byte in a text", p);
                return BG_EINTERNAL;
            }
            if (!mark_used(fs, t->face, pf, t->text)) {
                internal(c, "invalid UTF-8 or a character above U+FFFF in a text", p);
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

static char *put_hex4(char *p, uint32_t v)
{
    static const char digits[] = "0123456789ABCDEF";
    for (int shift = 12; shift >= 0; shift -= 4) {
        *p++ = digits[(v >> shift) & 0xF];
    }
    return p;
}

/* Deflate @len bytes of @data at DEFLATE_LEVEL, zlib-wrapped as /FlateDecode wants, into
 * arena memory *out (*out_len bytes). libdeflate compresses whole buffers, which is all we
 * ever have; its compressor comes from malloc (libdeflate 1.14 takes a global allocator
 * only), and bg_pdf_run frees it. */
static bg_status deflate_bytes(pdf_ctx *c, const void *data, size_t len, unsigned char **out,
                               size_t *out_len)
{
    if (!c->z) {
        c->z = libdeflate_alloc_compressor(DEFLATE_LEVEL);
        if (!c->z) {
            return BG_ENOMEM;
        }
    }
    size_t bound = libdeflate_zlib_compress_bound(c->z, len);
    unsigned char *buf = bg_arena_alloc_raw(c->a, bound); /* deflate writes what it uses */
    if (!buf) {
        return BG_ENOMEM;
    }
    size_t n = libdeflate_zlib_compress(c->z, data, len, buf, bound);
    if (n == 0) {
        return BG_EINTERNAL; /* cannot happen: the buffer holds the bound */
    }
    *out = buf;
    *out_len = n;
    return BG_OK;
}

/* libharu removes /Filter from a stream dict whose filter is NONE, then calls write_fn
 * before the closing ">>": the entry for the bytes we deflated ourselves goes there. */
static HPDF_STATUS write_flate_filter(HPDF_Dict obj, HPDF_Stream stream)
{
    (void)obj;
    return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

/* Streams from this size on are remembered run-wide once deflated (bg_font_memo): font
 * programs and ToUnicode maps recur across the briefings of a batch. */
#define MEMO_MIN_BYTES 1024u

/* @data deflated, from the run's memo when @is_memo and it was deflated before. */
static bg_status deflated(pdf_ctx *c, const void *data, size_t len, bool is_memo,
                          const unsigned char **z, size_t *z_len)
{
    bg_str key = {data, len};
    bg_str hit = is_memo ? bg_font_memo_get(c->fs, key) : (bg_str){NULL, 0};
    if (hit.ptr) {
        *z = (const unsigned char *)hit.ptr;
        *z_len = hit.len;
        return BG_OK;
    }
    unsigned char *out = NULL;
    bg_status st = deflate_bytes(c, data, len, &out, z_len);
    if (st == BG_OK && is_memo) {
        (void)bg_font_memo_put(c->fs, key, (bg_str){(const char *)out, *z_len});
    }
    *z = out;
    return st;
}

/* Fill the stream of dict @s with @data, deflated by us when that makes it smaller. */
static bool fill_stream(pdf_ctx *c, HPDF_Dict s, HPDF_Stream stream, const void *data, size_t len,
                        bool is_memo)
{
    const unsigned char *z = NULL;
    size_t z_len = 0;
    bool is_big = len >= MEMO_MIN_BYTES;
    bg_status st = len >= 64 ? deflated(c, data, len, is_memo && is_big, &z, &z_len) : BG_OK;
    if (st != BG_OK) {
        return !failed(c, HPDF_FAILD_TO_ALLOC_MEM);
    }
    s->filter = HPDF_STREAM_FILTER_NONE;
    if (z && z_len < len) {
        s->write_fn = write_flate_filter;
        data = z;
        len = z_len;
    }
    return !failed(c, HPDF_Stream_Write(stream, data, (HPDF_UINT)len));
}

/* A stream object holding @len bytes of @data; NULL on failure (recorded). Compressed only
 * from 64 bytes on and only when it shrinks: a CIDSet of a few bytes does not. */
static HPDF_Dict new_stream(pdf_ctx *c, const void *data, size_t len)
{
    HPDF_Dict s = HPDF_DictStream_New(c->pdf->mmgr, c->pdf->xref);
    if (failed_ptr(c, s) || !fill_stream(c, s, s->stream, data, len, true)) {
        return NULL;
    }
    return s;
}

/* libharu's memory stream @st as its buffers, to copy them straight out (its read
 * function copies byte by byte): full buffers of buf_siz bytes, the last one up to w_pos.
 * NULL, with nothing promised, when the buffers do not add up to @size (another libharu
 * layout): callers then read through HPDF_Stream_Read. */
static HPDF_MemStreamAttr mem_stream(HPDF_Stream st, HPDF_UINT32 size)
{
    if (!st || st->type != HPDF_STREAM_MEMORY || !st->attr) {
        return NULL;
    }
    HPDF_MemStreamAttr m = (HPDF_MemStreamAttr)st->attr;
    HPDF_List list = m->buf;
    if (!list || list->count == 0 || m->w_pos > m->buf_siz ||
        (uint64_t)(list->count - 1) * m->buf_siz + m->w_pos != size) {
        return NULL;
    }
    return m;
}

static size_t mem_chunk_len(HPDF_MemStreamAttr m, HPDF_UINT i)
{
    return i + 1 < m->buf->count ? m->buf_siz : m->w_pos;
}

static bool copy_mem_stream(HPDF_Stream st, unsigned char *out, HPDF_UINT32 size)
{
    HPDF_MemStreamAttr m = mem_stream(st, size);
    size_t n = 0;
    for (HPDF_UINT i = 0; m && i < m->buf->count; i++) {
        memcpy(out + n, m->buf->obj[i], mem_chunk_len(m, i));
        n += mem_chunk_len(m, i);
    }
    return m != NULL;
}

/* Replace page @hp's content stream (written by libharu and draw_texts) with our own
 * deflated copy; libharu would deflate it at level 6 when saving. */
static bg_status compress_contents(pdf_ctx *c, HPDF_Page hp)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)hp->attr;
    HPDF_Dict contents = attr->contents;
    if (!contents || contents->stream != attr->stream || contents->write_fn) {
        return BG_OK; /* not the layout 2.3.0 builds: leave it to libharu */
    }
    HPDF_UINT32 size = HPDF_Stream_Size(attr->stream);
    unsigned char *raw = bg_arena_alloc_raw(c->a, (size_t)size + 1); /* filled by the copy */
    if (!raw) {
        return BG_ENOMEM;
    }
    if (!copy_mem_stream(attr->stream, raw, size)) {
        HPDF_UINT got = size;
        if (size > 0 && (failed(c, HPDF_Stream_Seek(attr->stream, 0, HPDF_SEEK_SET)) ||
                         failed(c, HPDF_Stream_Read(attr->stream, raw, &got)) || got != size)) {
            return BG_EINTERNAL;
        }
    }
    /* 4096: hpdf_conf.h's HPDF_STREAM_BUF_SIZ, which hpdf.h does not export */
    HPDF_Stream fresh = HPDF_MemStream_New(c->pdf->mmgr, 4096);
    if (failed_ptr(c, fresh) || !fill_stream(c, contents, fresh, raw, size, false)) {
        return BG_EINTERNAL;
    }
    contents->stream = fresh;
    attr->stream = fresh;
    return BG_OK;
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
                p = put_hex4(p, (uint32_t)i);
                memcpy(p, "> <", 3);
                p = put_hex4(p + 3, cp);
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
    return new_stream(c, text, (size_t)(p - text));
}

/* /W: one run of advances over CIDs 0..n-1. */
static HPDF_Array make_widths(pdf_ctx *c, const bg_pdf_sfnt_subset *s)
{
    HPDF_MMgr mmgr = c->pdf->mmgr;
    HPDF_Array w = HPDF_Array_New(mmgr);
    HPDF_Array run = HPDF_Array_New(mmgr);
    if (failed_ptr(c, w) || failed_ptr(c, run) || failed(c, HPDF_Array_AddNumber(w, 0)) ||
        failed(c, HPDF_Array_Add(w, run))) {
        return NULL;
    }
    for (size_t i = 0; i < s->n; i++) {
        /* Truncated, as libharu 2.3.0 writes /W (HPDF_TTFontDef_GetGidWidth). */
        HPDF_INT32 width = (HPDF_INT32)((uint32_t)s->advance[i] * 1000u / s->upem);
        if (failed(c, HPDF_Array_AddNumber(run, width))) {
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
    HPDF_Dict file = new_stream(c, s->program, s->program_len);
    size_t set_len = (s->n + 7) / 8;
    uint8_t *bits = bg_arena_alloc(c->a, set_len);
    if (!file || !bits) {
        return NULL;
    }
    for (size_t i = 0; i < s->n; i++) {
        bits[i / 8] = (uint8_t)(bits[i / 8] | (0x80u >> (i % 8)));
    }
    HPDF_Dict cid_set = new_stream(c, bits, set_len);
    HPDF_Dict desc = HPDF_Dict_New(mmgr);
    HPDF_Array bbox = HPDF_Array_New(mmgr);
    if (!cid_set || failed_ptr(c, desc) || failed_ptr(c, bbox) ||
        failed(c, HPDF_Xref_Add(c->pdf->xref, desc)) ||
        failed(c, HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)s->program_len))) {
        return NULL;
    }
    for (int i = 0; i < 4; i++) {
        if (failed(c, HPDF_Array_AddNumber(bbox, em(s, s->bbox[i])))) {
            return NULL;
        }
    }
    /* Flags: symbolic (4), italic (64) when the font slants. */
    HPDF_INT32 flags = s->italic_angle != 0 ? 4 | 64 : 4;
    if (failed(c, HPDF_Dict_AddName(desc, "Type", "FontDescriptor")) ||
        failed(c, HPDF_Dict_AddName(desc, "FontName", base)) ||
        failed(c, HPDF_Dict_AddNumber(desc, "Flags", flags)) ||
        failed(c, HPDF_Dict_Add(desc, "FontBBox", bbox)) ||
        failed(c, HPDF_Dict_AddReal(desc, "ItalicAngle", (HPDF_REAL)s->italic_angle / 65536.0f)) ||
        failed(c, HPDF_Dict_AddNumber(desc, "Ascent", em(s, s->ascent))) ||
        failed(c, HPDF_Dict_AddNumber(desc, "Descent", em(s, s->descent))) ||
        failed(c, HPDF_Dict_AddNumber(desc, "CapHeight", em(s, s->cap_height))) ||
        failed(c, HPDF_Dict_AddNumber(desc, "StemV", 80)) ||
        failed(c, HPDF_Dict_Add(desc, "FontFile2", file)) ||
        failed(c, HPDF_Dict_Add(desc, "CIDSet", cid_set))) {
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
    if (failed_ptr(c, info) || failed_ptr(c, cid) || failed_ptr(c, font) ||
        failed_ptr(c, descendants) || failed(c, HPDF_Xref_Add(c->pdf->xref, cid)) ||
        failed(c, HPDF_Xref_Add(c->pdf->xref, font)) ||
        failed(c, HPDF_Dict_Add(info, "Registry", HPDF_String_New(mmgr, "Adobe", NULL))) ||
        failed(c, HPDF_Dict_Add(info, "Ordering", HPDF_String_New(mmgr, "Identity", NULL))) ||
        failed(c, HPDF_Dict_AddNumber(info, "Supplement", 0)) ||
        failed(c, HPDF_Dict_AddName(cid, "Type", "Font")) ||
        failed(c, HPDF_Dict_AddName(cid, "Subtype", "CIDFontType2")) ||
        failed(c, HPDF_Dict_AddName(cid, "BaseFont", base)) ||
        failed(c, HPDF_Dict_Add(cid, "CIDSystemInfo", info)) ||
        failed(c, HPDF_Dict_Add(cid, "FontDescriptor", desc)) ||
        failed(c, HPDF_Dict_Add(cid, "W", widths)) ||
        failed(c, HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity")) ||
        failed(c, HPDF_Array_Add(descendants, cid)) ||
        failed(c, HPDF_Dict_AddName(font, "Type", "Font")) ||
        failed(c, HPDF_Dict_AddName(font, "Subtype", "Type0")) ||
        failed(c, HPDF_Dict_AddName(font, "BaseFont", base)) ||
        failed(c, HPDF_Dict_AddName(font, "Encoding", "Identity-H")) ||
        failed(c, HPDF_Dict_Add(font, "DescendantFonts", descendants)) ||
        failed(c, HPDF_Dict_Add(font, "ToUnicode", to_unicode))) {
        return BG_EINTERNAL;
    }
    pf->font = font;
    return BG_OK;
}

/* Embed every used face, once per file. */
static bg_status load_fonts(pdf_ctx *c, const bg_fontset *fs)
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
        if (r->shape == BG_SHAPE_DOT) {
            HPDF_REAL radius = (w < h ? w : h) / 2.0f;
            if (failed(c, HPDF_Page_SetRGBFill(hp, r->color.r, r->color.g, r->color.b)) ||
                failed(c, HPDF_Page_Circle(hp, x + w / 2.0f, y + h / 2.0f, radius)) ||
                failed(c, HPDF_Page_Fill(hp))) {
                return BG_EINTERNAL;
            }
            continue;
        }
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

/* The logo: pixels that image.c decoded and checked, handed to libharu raw, so libharu
 * never parses an image file (robustness.md: it aborts on a corrupt PNG). */
static bg_status draw_logo(pdf_ctx *c)
{
    const bg_logo *lg = &c->pages->logo;
    if (!lg->image || lg->page >= c->pages->n_pages) {
        return BG_OK;
    }
    HPDF_Image img = HPDF_LoadRawImageFromMem(c->pdf, lg->image->rgb, lg->image->width,
                                              lg->image->height, HPDF_CS_DEVICE_RGB, 8);
    if (failed_ptr(c, img) ||
        failed(c, HPDF_Page_DrawImage(c->hpages[lg->page], img, (HPDF_REAL)lg->x_pt,
                                      (HPDF_REAL)lg->y_pt, (HPDF_REAL)lg->w_pt,
                                      (HPDF_REAL)lg->h_pt))) {
        return BG_EINTERNAL;
    }
    return BG_OK;
}

/* A number for a content stream, written as libharu's HPDF_FToA writes it (float
 * arithmetic, +0.000005 then truncated to 5 decimals, no trailing zeros), so text lands
 * exactly where libharu's TextOut put it. Returns the length (at most 17 bytes). */
static int put_num(char *p, float v)
{
    char *start = p;
    if (v < 0) {
        *p++ = '-';
        v = -v;
    }
    if (v > 2147483000.0f) {
        v = 2147483000.0f;
    }
    int32_t int_part = (int32_t)(v + 0.000005f);
    int32_t frac = (int32_t)((float)(v - (float)int_part + 0.000005f) * 100000.0f);
    if (frac > 99999) {
        frac = 99999;
    }
    char rev[12];
    int n = 0;
    do {
        rev[n++] = (char)('0' + int_part % 10);
        int_part /= 10;
    } while (int_part > 0);
    while (n > 0) {
        *p++ = rev[--n];
    }
    if (frac > 0) {
        char digits[6];
        for (int i = 4; i >= 0; i--) {
            digits[i] = (char)('0' + frac % 10);
            frac /= 10;
        }
        int len = 5;
        while (len > 0 && digits[len - 1] == '0') {
            len--;
        }
        *p++ = '.';
        memcpy(p, digits, (size_t)len);
        p += len;
    }
    if (p - start == 2 && start[0] == '-' && start[1] == '0') {
        start[0] = '0';
        p = start + 1;
    }
    return (int)(p - start);
}

/* Put @pf in the page's /Resources /Font under its name (once per page). */
static bg_status add_font_resource(pdf_ctx *c, HPDF_Page hp, pdf_font *pf)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)hp->attr;
    if (!attr->fonts) {
        HPDF_Dict res = HPDF_Page_GetInheritableItem(hp, "Resources", HPDF_OCLASS_DICT);
        HPDF_Dict fonts = HPDF_Dict_New(c->pdf->mmgr);
        if (failed_ptr(c, res) || failed_ptr(c, fonts) ||
            failed(c, HPDF_Dict_Add(res, "Font", fonts))) {
            return BG_EINTERNAL;
        }
        attr->fonts = fonts;
    }
    if (!HPDF_Dict_GetItem(attr->fonts, pf->name, HPDF_OCLASS_DICT) &&
        failed(c, HPDF_Dict_Add(attr->fonts, pf->name, pf->font))) {
        return BG_EINTERNAL;
    }
    return BG_OK;
}

/* One text object per page, written straight into the page's content stream; font and
 * colour are set only when they change, and each text is placed with a relative Td.
 * DESIGN: text placed word by word by layout; never MeasureText/TextRect (libharu.md 4/5). */
static bg_status draw_texts(pdf_ctx *c, const bg_fontset *fs, size_t p)
{
    const bg_page *page = &c->pages->pages[p];
    HPDF_Page hp = c->hpages[p];
    if (page->n_texts == 0) {
        return BG_OK;
    }
    size_t cap = 16;
    for (size_t i = 0; i < page->n_texts; i++) {
        cap += 4 * page->texts[i].text.len + 160;
    }
    char *ops = bg_arena_alloc_raw(c->a, cap); /* written before read; mostly unused */
    if (!ops) {
        return BG_ENOMEM;
    }
    char *o = ops;
    memcpy(o, "BT\n", 3);
    o += 3;
    const pdf_font *cur_font = NULL;
    double cur_size = 0;
    bg_rgb cur_color = {0, 0, 0};
    bool has_color = false;
    /* Positions in float arithmetic, as libharu's TextOut computes them (HPDF_REAL). */
    float line_x = 0;
    float line_y = 0;
    for (size_t i = 0; i < page->n_texts; i++) {
        const bg_text *t = &page->texts[i];
        if (t->text.len == 0) {
            continue;
        }
        pdf_font *pf = font_of(c, t->face);
        if (pf != cur_font || t->size_pt != cur_size) {
            bg_status st = add_font_resource(c, hp, pf);
            if (st != BG_OK) {
                return st;
            }
            *o++ = '/';
            size_t name_len = strlen(pf->name);
            memcpy(o, pf->name, name_len);
            o += name_len;
            *o++ = ' ';
            o += put_num(o, (float)t->size_pt);
            memcpy(o, " Tf\n", 4);
            o += 4;
            cur_font = pf;
            cur_size = t->size_pt;
        }
        if (!has_color || !same_rgb(t->color, cur_color)) {
            o += put_num(o, t->color.r);
            *o++ = ' ';
            o += put_num(o, t->color.g);
            *o++ = ' ';
            o += put_num(o, t->color.b);
            memcpy(o, " rg\n", 4);
            o += 4;
            cur_color = t->color;
            has_color = true;
        }
        float dx = (float)t->x_pt - line_x;
        float dy = (float)t->y_pt - line_y;
        o += put_num(o, dx);
        *o++ = ' ';
        o += put_num(o, dy);
        memcpy(o, " Td <", 5);
        o += 5;
        line_x += dx;
        line_y += dy;
        size_t off = 0;
        while (off < t->text.len) {
            uint32_t cp = 0;
            size_t n = bg_utf8_decode(t->text.ptr + off, t->text.len - off, &cp);
            uint32_t gid = bg_font_glyph(fs, t->face, cp);
            uint16_t cid = gid < pf->n_glyphs ? pf->sub.to_new[gid] : 0;
            o = put_hex4(o, cid == BG_PDF_SFNT_NONE ? 0 : cid);
            off += n ? n : 1; /* checked by mark_used */
        }
        memcpy(o, "> Tj\n", 5);
        o += 5;
    }
    memcpy(o, "ET\n", 3);
    o += 3;
    HPDF_PageAttr attr = (HPDF_PageAttr)hp->attr;
    if (failed(c, HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)ops, (HPDF_UINT)(o - ops)))) {
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
        /* Links draw a black border by default (libharu.md 13). /F 4 (Print): PDF/A
         * (ISO 19005-1 6.5.3) wants it on every annotation; it changes nothing on screen. */
        if (failed_ptr(c, annot) || failed(c, HPDF_LinkAnnot_SetBorderStyle(annot, 0, 0, 0)) ||
            failed(c, HPDF_Dict_AddNumber(annot, "F", 4))) {
            return BG_EINTERNAL;
        }
    }
    return BG_OK;
}

/* --- Document structure --- */

static HPDF_Binary text_string(pdf_ctx *c, bg_str value);

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
        if (o->title.len && memchr(o->title.ptr, '\0', o->title.len)) {
            internal(c, "NUL byte in an outline title", o->page);
            return BG_EINTERNAL;
        }
        HPDF_Outline parent = level ? stack[level - 1] : NULL;
        HPDF_Outline entry = HPDF_CreateOutline(c->pdf, parent, "", NULL);
        HPDF_Binary text = failed_ptr(c, entry) ? NULL : text_string(c, o->title);
        if (!text || failed(c, HPDF_Dict_Add(entry, "Title", text))) {
            return c->a->failed ? BG_ENOMEM : BG_EINTERNAL;
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
    return failed_ptr(c, b) ? NULL : b;
}

static bg_status set_info_attr(pdf_ctx *c, const char *key, bg_str value)
{
    if (value.len == 0) {
        return BG_OK;
    }
    if (memchr(value.ptr, '\0', value.len)) {
        internal(c, "NUL byte in the document info", SIZE_MAX);
        return BG_EINTERNAL;
    }
    HPDF_Binary str = text_string(c, value);
    if (!str) {
        return c->a->failed ? BG_ENOMEM : BG_EINTERNAL;
    }
    if (failed(c, HPDF_Dict_Add(c->pdf->info, key, str))) {
        return BG_EINTERNAL;
    }
    return BG_OK;
}

/* --- PDF/A-1b (ISO 19005-1) ---
 * Our own objects rather than HPDF_PDFA_SetPDFAConformance (libharu.md 11): 2.3.0's XMP is
 * not XML-escaped, its stream says /SubType, it fails on dates in 'Z', and its trailer /ID
 * comes from the clock. The rest of PDF/A-1b is met for every briefing: fonts embedded with
 * CIDSet and a bfchar ToUnicode (make_descriptor, make_to_unicode), logos flattened on white
 * by image.c (no SMask), links with /F 4, no encryption, no JavaScript, no actions but the
 * links' URIs. */

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
    if (failed_ptr(c, meta)) {
        return BG_EINTERNAL;
    }
    meta->filter = HPDF_STREAM_FILTER_NONE;
    if (failed(c, HPDF_Dict_AddName(meta, "Type", "Metadata")) ||
        failed(c, HPDF_Dict_AddName(meta, "Subtype", "XML")) ||
        failed(c,
               HPDF_Stream_Write(meta->stream, (const HPDF_BYTE *)xmp.ptr, (HPDF_UINT)xmp.len)) ||
        failed(c, HPDF_Dict_Add(c->pdf->catalog, "Metadata", meta))) {
        return BG_EINTERNAL;
    }
    return BG_OK;
}

/* A PDF string object for the ASCII text @s; NULL on failure (recorded). */
static HPDF_String ascii_string(pdf_ctx *c, const char *s)
{
    HPDF_String str = HPDF_String_New(c->pdf->mmgr, s, NULL);
    return failed_ptr(c, str) ? NULL : str;
}

/* /OutputIntents [<< /S /GTS_PDFA1 ... /DestOutputProfile ICC >>] (6.2.2). The template
 * colours ("#RRGGBB") are sRGB, so the intent names sRGB; the profile is the file the
 * pipeline read and icc.c checked (an RGB display profile of version 2). */
static bg_status add_output_intent(pdf_ctx *c)
{
    static const char condition[] = "sRGB IEC61966-2.1";
    HPDF_MMgr mmgr = c->pdf->mmgr;
    HPDF_Dict profile = new_stream(c, c->pdfa->data, c->pdfa->len);
    HPDF_Dict intent = HPDF_Dict_New(mmgr);
    HPDF_Array intents = HPDF_Array_New(mmgr);
    if (!profile || failed_ptr(c, intent) || failed_ptr(c, intents) ||
        failed(c, HPDF_Dict_AddNumber(profile, "N", 3)) || /* RGB: bg_icc_check */
        failed(c, HPDF_Dict_AddName(profile, "Alternate", "DeviceRGB")) ||
        failed(c, HPDF_Dict_AddName(intent, "Type", "OutputIntent")) ||
        failed(c, HPDF_Dict_AddName(intent, "S", "GTS_PDFA1")) ||
        failed(c, HPDF_Dict_Add(intent, "OutputConditionIdentifier", ascii_string(c, condition))) ||
        failed(c, HPDF_Dict_Add(intent, "Info", ascii_string(c, condition))) ||
        failed(c, HPDF_Dict_Add(intent, "RegistryName", ascii_string(c, "http://www.color.org"))) ||
        failed(c, HPDF_Dict_Add(intent, "DestOutputProfile", profile)) ||
        failed(c, HPDF_Array_Add(intents, intent)) ||
        failed(c, HPDF_Dict_Add(c->pdf->catalog, "OutputIntents", intents))) {
        return BG_EINTERNAL;
    }
    return BG_OK;
}

/* The hex digits libharu writes for ID_BYTES zero bytes: the placeholder patch_id fills. */
#define ID_BYTES 16u
static const char id_placeholder[] = "<00000000000000000000000000000000>";

/* Trailer /ID (6.1.3): two ID_BYTES strings of zeros now; once saved, patch_id writes the MD5
 * of the file (as saved with the zeros) over both, so the /ID depends on the content only
 * and two builds of the same inputs stay byte-identical. */
static bg_status add_id_placeholder(pdf_ctx *c)
{
    HPDF_BYTE zeros[ID_BYTES];
    memset(zeros, 0, sizeof(zeros));
    HPDF_Array id = HPDF_Array_New(c->pdf->mmgr);
    if (failed_ptr(c, id) ||
        failed(c, HPDF_Array_Add(id, HPDF_Binary_New(c->pdf->mmgr, zeros, ID_BYTES))) ||
        failed(c, HPDF_Array_Add(id, HPDF_Binary_New(c->pdf->mmgr, zeros, ID_BYTES))) ||
        failed(c, HPDF_Dict_Add(c->pdf->trailer, "ID", id))) {
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
static bg_status add_info(pdf_ctx *c)
{
    const bg_docinfo *info = &c->pages->info;
    /* The dates first: they make libharu create the Info dictionary we add to. */
    int64_t created = date_seconds(info->created);
    HPDF_Date date = make_date(created);
    if (failed(c, HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_CREATION_DATE, date)) ||
        failed(c, HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_MOD_DATE, date))) {
        return BG_EINTERNAL;
    }
    if (!c->pdf->info) {
        failed(c, HPDF_INVALID_OBJECT);
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

/* --- Saving --- */

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
static bg_status patch_id(pdf_ctx *c, unsigned char *file, size_t len)
{
    size_t trailer = find_last(file, len, 0, "\ntrailer");
    size_t second = trailer == SIZE_MAX ? SIZE_MAX : find_last(file, len, trailer, id_placeholder);
    size_t first = second == SIZE_MAX ? SIZE_MAX : find_last(file, second, trailer, id_placeholder);
    if (first == SIZE_MAX) {
        internal(c, "no /ID placeholder in the trailer", SIZE_MAX);
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
        put_hex4(pair, digest[i]); /* "00XY" */
        hex[2 * i] = pair[2];
        hex[2 * i + 1] = pair[3];
    }
    memcpy(file + first + 1, hex, sizeof(hex));
    memcpy(file + second + 1, hex, sizeof(hex));
    return BG_OK;
}

/* Save to libharu's memory stream and append the bytes to @out. */
static bg_status copy_saved(pdf_ctx *c, bg_buf *out)
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
        c->is_reported = true;
        return BG_ENOMEM;
    }
    HPDF_MemStreamAttr m = mem_stream(c->pdf->stream, size);
    for (HPDF_UINT i = 0; m && i < m->buf->count; i++) {
        if (!bg_buf_append(out, m->buf->obj[i], mem_chunk_len(m, i))) {
            return BG_ENOMEM;
        }
    }
    if (m) {
        return BG_OK;
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

/* Save to libharu's memory stream and copy it into @out (never HPDF_SaveToFile: the
 * pipeline writes the bytes atomically, robustness.md finding 4). */
static bg_status save(pdf_ctx *c, bg_buf *out)
{
    size_t start = out->len;
    bg_status st = copy_saved(c, out);
    if (st == BG_OK && c->pdfa) {
        st = patch_id(c, (unsigned char *)out->data + start, out->len - start);
    }
    return st;
}

/* --- Entry point --- */

static bg_status render(pdf_ctx *c, const bg_fontset *fs, bg_buf *out)
{
    const bg_pages *pg = c->pages;
    c->fs = fs;
    if (failed(c, HPDF_SetCompressionMode(c->pdf, HPDF_COMP_ALL))) {
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
    st = draw_logo(c);
    if (st != BG_OK) {
        return st;
    }
    for (size_t p = 0; p < pg->n_pages && st == BG_OK; p++) {
        st = draw_rects(c, p);
        if (st == BG_OK) {
            st = draw_texts(c, fs, p);
        }
        if (st == BG_OK) {
            st = draw_links(c, p);
        }
    }
    for (size_t p = 0; p < pg->n_pages && st == BG_OK; p++) {
        st = compress_contents(c, c->hpages[p]);
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

bg_status bg_pdf_run(const bg_pages *pages, const bg_fontset *fs, const bg_icc *pdfa,
                     const char *out_path, bg_arena *a, bg_diag *d, bg_buf *out)
{
    pdf_ctx c;
    memset(&c, 0, sizeof(c));
    c.a = a;
    c.d = d;
    c.out_path = out_path;
    c.pages = pages;
    c.pdfa = pdfa;
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
    if (c.z) {
        libdeflate_free_compressor(c.z);
    }
    if (st != BG_OK && out->data) {
        /* DESIGN: a failed run leaves no partial output: drop what this call appended. */
        out->len = out_len0;
        out->data[out_len0] = '\0';
    }
    return st;
}
