/* PDF writer internals shared by pdf.c (context, errors, drawing, saving), pdf_font.c
 * (embedded fonts), pdf_stream.c (deflated streams, libharu's memory streams) and pdf_meta.c
 * (outline, info, PDF/A-1b). Private to the pdf stage; these five are the only files that
 * include hpdf.h (pdf_sfnt.c and pdf_xmp.c never see libharu). */
#ifndef BG_PDF_INT_H
#define BG_PDF_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>

#include "pdf.h"
#include "pdf_sfnt.h"

/* libdeflate's compressor (libdeflate.h names only the struct; pdf_stream.c includes it). */
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
    size_t n_faces;            /* entries in fonts and canon */
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

/* One embedded font: the first face of a file; other faces naming the file share it. */
typedef struct pdf_font {
    uint8_t *used;    /* bitmap over the face's original glyph ids */
    uint16_t *gid_cp; /* [n_glyphs]: first code point set with each glyph, 0 for none */
    uint32_t n_glyphs;
    bg_pdf_sfnt_subset sub;
    HPDF_Dict font; /* the Type0 font dictionary */
    char name[8];   /* resource name, "F1".. */
} pdf_font;

/* pdf.c: errors and small helpers. */

/* True when @st or libharu's error handler reported an error: the caller stops the stage.
 * The first error is recorded in @c; later ones are consequences. */
bool bg_pdf_failed(pdf_ctx *c, HPDF_STATUS st);
/* The same for calls that return an object: NULL @obj is an error even when the handler
 * was not called. */
bool bg_pdf_failed_ptr(pdf_ctx *c, const void *obj);
/* Report a broken promise of an earlier stage as an internal error (exit 70). @page is
 * 0-based, or SIZE_MAX when the fault is not on a page. */
void bg_pdf_internal(pdf_ctx *c, const char *what, size_t page);
/* A NUL-terminated copy of @s in @c's scratch buffer (valid until the next call), or NULL
 * when memory fails or @s holds a NUL byte. */
const char *bg_pdf_cstr(pdf_ctx *c, bg_str s);
/* Write @v's low 16 bits as four upper-case hex digits at @p; returns @p + 4. */
char *bg_pdf_put_hex4(char *p, uint32_t v);
/* A /FitH destination at @y_pt on page @page (0-based); NULL on failure (recorded). */
HPDF_Destination bg_pdf_make_dest(pdf_ctx *c, uint32_t page, double y_pt);

/* pdf_font.c: the embedded fonts. */

/* Embed every face the pages use, once per file, as a Type0/CIDFontType2 subset: sets
 * c->n_faces, c->fonts and c->canon. BG_EINPUT (reported) for a font that cannot be
 * subset; BG_EINTERNAL for a text layout should not have produced (reported). */
bg_status bg_pdf_font_load(pdf_ctx *c, const bg_fontset *fs);
/* The embedded font of @face, via the first face with the same file. */
pdf_font *bg_pdf_font_of(pdf_ctx *c, uint16_t face);

/* pdf_stream.c: streams. */

/* A stream object holding @len bytes of @data, deflated by us when that makes it smaller
 * (and remembered run-wide when large); NULL on failure (recorded). */
HPDF_Dict bg_pdf_stream_new(pdf_ctx *c, const void *data, size_t len);
/* Replace page @hp's content stream with our own deflated copy. */
bg_status bg_pdf_stream_compress(pdf_ctx *c, HPDF_Page hp);
/* Save the document to libharu's memory stream and append its bytes to @out; a file over
 * out->max is reported (BG_ENOMEM). */
bg_status bg_pdf_stream_save(pdf_ctx *c, bg_buf *out);
/* Free the document's compressor, if one was made. */
void bg_pdf_stream_free(pdf_ctx *c);

/* pdf_meta.c: document structure and PDF/A-1b. */

/* The outline (one entry per bg_outline, opened) and page mode UseOutlines. */
bg_status bg_pdf_meta_add_outline(pdf_ctx *c);
/* The Info dictionary, the catalog's /Lang and /ViewerPreferences and, when c->pdfa is
 * set, the PDF/A-1b objects (XMP metadata, output intent, /ID placeholder). BG_EINPUT
 * (reported) for info the XMP packet cannot carry. */
bg_status bg_pdf_meta_add_info(pdf_ctx *c);
/* Write the MD5 of the @len saved bytes at @file over the trailer's /ID placeholders
 * (PDF/A output only). */
bg_status bg_pdf_meta_patch_id(pdf_ctx *c, unsigned char *file, size_t len);

#endif
