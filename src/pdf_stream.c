/* Stage 6, render: the streams of the PDF writer (pdf.c). Font programs, ToUnicode maps,
 * CIDSets and page contents are deflated here with libdeflate rather than by libharu's zlib
 * at level 6, and remembered run-wide when large (bg_font_memo); libharu's memory streams
 * are read out buffer by buffer, for page contents and for the saved file. */
#include "pdf_int.h"

#include <string.h>

#include <libdeflate.h>

/* Bytes copied out of libharu's memory stream per read. */
#define READ_CHUNK_BYTES ((size_t)64 * 1024)
/* libdeflate level of the streams we compress ourselves (font programs, ToUnicode, CIDSet,
 * page contents). libharu deflates with zlib at level 6: on the seed build that was 40 M of
 * 172 M instructions. libdeflate's level 1 takes half the instructions of zlib's level 1 and
 * its output is smaller; see tests/bench/README.md (round 5) for the measurements. */
#define DEFLATE_LEVEL 1

/* --- Deflated streams --- */

/* Deflate @len bytes of @data at DEFLATE_LEVEL, zlib-wrapped as /FlateDecode wants, into
 * arena memory *out (*out_len bytes). libdeflate compresses whole buffers, which is all we
 * ever have; its compressor comes from malloc (libdeflate 1.14 takes a global allocator
 * only), and bg_pdf_run frees it (bg_pdf_stream_free). */
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
        return !bg_pdf_failed(c, HPDF_FAILD_TO_ALLOC_MEM);
    }
    s->filter = HPDF_STREAM_FILTER_NONE;
    if (z && z_len < len) {
        s->write_fn = write_flate_filter;
        data = z;
        len = z_len;
    }
    return !bg_pdf_failed(c, HPDF_Stream_Write(stream, data, (HPDF_UINT)len));
}

/* A stream object holding @len bytes of @data; NULL on failure (recorded). Compressed only
 * from 64 bytes on and only when it shrinks: a CIDSet of a few bytes does not. */
HPDF_Dict bg_pdf_stream_new(pdf_ctx *c, const void *data, size_t len)
{
    HPDF_Dict s = HPDF_DictStream_New(c->pdf->mmgr, c->pdf->xref);
    if (bg_pdf_failed_ptr(c, s) || !fill_stream(c, s, s->stream, data, len, true)) {
        return NULL;
    }
    return s;
}

/* --- libharu's memory streams --- */

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

/* Replace page @hp's content stream (written by libharu and pdf.c's draw_texts) with our
 * own deflated copy; libharu would deflate it at level 6 when saving. */
bg_status bg_pdf_stream_compress(pdf_ctx *c, HPDF_Page hp)
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
        if (size > 0 &&
            (bg_pdf_failed(c, HPDF_Stream_Seek(attr->stream, 0, HPDF_SEEK_SET)) ||
             bg_pdf_failed(c, HPDF_Stream_Read(attr->stream, raw, &got)) || got != size)) {
            return BG_EINTERNAL;
        }
    }
    /* 4096: hpdf_conf.h's HPDF_STREAM_BUF_SIZ, which hpdf.h does not export */
    HPDF_Stream fresh = HPDF_MemStream_New(c->pdf->mmgr, 4096);
    if (bg_pdf_failed_ptr(c, fresh) || !fill_stream(c, contents, fresh, raw, size, false)) {
        return BG_EINTERNAL;
    }
    contents->stream = fresh;
    attr->stream = fresh;
    return BG_OK;
}

/* Save to libharu's memory stream and append the bytes to @out. */
bg_status bg_pdf_stream_save(pdf_ctx *c, bg_buf *out)
{
    if (bg_pdf_failed(c, HPDF_SaveToStream(c->pdf))) {
        return BG_EINTERNAL;
    }
    HPDF_UINT32 size = HPDF_GetStreamSize(c->pdf);
    if (bg_pdf_failed(c, HPDF_GetError(c->pdf))) {
        return BG_EINTERNAL;
    }
    if (size == 0) {
        bg_pdf_failed(c, HPDF_INVALID_STREAM);
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
        if (bg_pdf_failed(c, st)) {
            return BG_EINTERNAL;
        }
        if (n == 0 || n > remaining) {
            bg_pdf_failed(c, HPDF_STREAM_EOF);
            return BG_EINTERNAL;
        }
        if (!bg_buf_append(out, chunk, n)) {
            return BG_ENOMEM;
        }
        remaining -= n;
    }
    return BG_OK;
}

void bg_pdf_stream_free(pdf_ctx *c)
{
    if (c->z) {
        libdeflate_free_compressor(c->z);
    }
}
