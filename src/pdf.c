/* Stage 6, render: bg_pages → PDF bytes with libharu 2.3.0 (notes/libharu.md). Owns the
 * writer's context and error recording, and draws each page: rects, the logo, texts as hex
 * CIDs of our own embedded fonts (pdf_font.c) and links; then adds the outline and info
 * (pdf_meta.c) and saves to memory (pdf_stream.c). libharu allocates from the run arena and
 * its errors are recorded (first wins, never longjmp); the first one stops the stage. */
#include "pdf.h"

#include <stdint.h>
#include <string.h>

#include "limit.h"
#include "pdf_int.h"
#include "utf8.h"

/* --- Context and errors --- */

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
bool bg_pdf_failed(pdf_ctx *c, HPDF_STATUS st)
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
bool bg_pdf_failed_ptr(pdf_ctx *c, const void *obj)
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
void bg_pdf_internal(pdf_ctx *c, const char *what, size_t page)
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
const char *bg_pdf_cstr(pdf_ctx *c, bg_str s)
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

char *bg_pdf_put_hex4(char *p, uint32_t v)
{
    static const char digits[] = "0123456789ABCDEF";
    for (int shift = 12; shift >= 0; shift -= 4) {
        *p++ = digits[(v >> shift) & 0xF];
    }
    return p;
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
            if (bg_pdf_failed(c, HPDF_Page_SetRGBFill(hp, r->color.r, r->color.g, r->color.b)) ||
                bg_pdf_failed(c, HPDF_Page_Circle(hp, x + w / 2.0f, y + h / 2.0f, radius)) ||
                bg_pdf_failed(c, HPDF_Page_Fill(hp))) {
                return BG_EINTERNAL;
            }
            continue;
        }
        if (r->stroke_pt <= 0) {
            if (bg_pdf_failed(c, HPDF_Page_SetRGBFill(hp, r->color.r, r->color.g, r->color.b)) ||
                bg_pdf_failed(c, HPDF_Page_Rectangle(hp, x, y, w, h)) ||
                bg_pdf_failed(c, HPDF_Page_Fill(hp))) {
                return BG_EINTERNAL;
            }
            continue;
        }
        if (bg_pdf_failed(c, HPDF_Page_SetLineWidth(hp, (HPDF_REAL)r->stroke_pt)) ||
            bg_pdf_failed(c, HPDF_Page_SetRGBStroke(hp, r->color.r, r->color.g, r->color.b))) {
            return BG_EINTERNAL;
        }
        /* A rect without height or width is a rule: one line, not a degenerate box. */
        if (r->w_pt == 0 || r->h_pt == 0) {
            if (bg_pdf_failed(c, HPDF_Page_MoveTo(hp, x, y)) ||
                bg_pdf_failed(c, HPDF_Page_LineTo(hp, x + w, y + h))) {
                return BG_EINTERNAL;
            }
        } else if (bg_pdf_failed(c, HPDF_Page_Rectangle(hp, x, y, w, h))) {
            return BG_EINTERNAL;
        }
        if (bg_pdf_failed(c, HPDF_Page_Stroke(hp))) {
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
    if (bg_pdf_failed_ptr(c, img) ||
        bg_pdf_failed(c, HPDF_Page_DrawImage(c->hpages[lg->page], img, (HPDF_REAL)lg->x_pt,
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
        if (bg_pdf_failed_ptr(c, res) || bg_pdf_failed_ptr(c, fonts) ||
            bg_pdf_failed(c, HPDF_Dict_Add(res, "Font", fonts))) {
            return BG_EINTERNAL;
        }
        attr->fonts = fonts;
    }
    if (!HPDF_Dict_GetItem(attr->fonts, pf->name, HPDF_OCLASS_DICT) &&
        bg_pdf_failed(c, HPDF_Dict_Add(attr->fonts, pf->name, pf->font))) {
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
        pdf_font *pf = bg_pdf_font_of(c, t->face);
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
            o = bg_pdf_put_hex4(o, cid == BG_PDF_SFNT_NONE ? 0 : cid);
            off += n ? n : 1; /* checked by mark_used (pdf_font.c) */
        }
        memcpy(o, "> Tj\n", 5);
        o += 5;
    }
    memcpy(o, "ET\n", 3);
    o += 3;
    HPDF_PageAttr attr = (HPDF_PageAttr)hp->attr;
    if (bg_pdf_failed(
            c, HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)ops, (HPDF_UINT)(o - ops)))) {
        return BG_EINTERNAL;
    }
    return BG_OK;
}

/* A /FitH destination at the top of the target: zoom 0 ("keep") is rejected by 2.3.0. */
HPDF_Destination bg_pdf_make_dest(pdf_ctx *c, uint32_t page, double y_pt)
{
    HPDF_Destination dst = HPDF_Page_CreateDestination(c->hpages[page]);
    if (bg_pdf_failed_ptr(c, dst) ||
        bg_pdf_failed(c, HPDF_Destination_SetFitH(dst, (HPDF_REAL)y_pt))) {
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
            const char *uri = bg_pdf_cstr(c, l->uri);
            if (!uri) {
                if (c->a->failed) {
                    return BG_ENOMEM;
                }
                bg_pdf_internal(c, "NUL byte in a link URI", p);
                return BG_EINTERNAL;
            }
            annot = HPDF_Page_CreateURILinkAnnot(hp, rect, uri);
        } else {
            if (l->anchor == 0 || l->anchor >= pg->n_anchors ||
                pg->anchors[l->anchor].page >= pg->n_pages) {
                bg_pdf_internal(c, "link to an unknown anchor", p);
                return BG_EINTERNAL;
            }
            HPDF_Destination dst = c->anchors[l->anchor];
            if (!dst) {
                const bg_anchor *an = &pg->anchors[l->anchor];
                dst = bg_pdf_make_dest(c, an->page, an->y_pt);
                if (!dst) {
                    return BG_EINTERNAL;
                }
                c->anchors[l->anchor] = dst;
            }
            annot = HPDF_Page_CreateLinkAnnot(hp, rect, dst);
        }
        /* Links draw a black border by default (libharu.md 13). /F 4 (Print): PDF/A
         * (ISO 19005-1 6.5.3) wants it on every annotation; it changes nothing on screen. */
        if (bg_pdf_failed_ptr(c, annot) ||
            bg_pdf_failed(c, HPDF_LinkAnnot_SetBorderStyle(annot, 0, 0, 0)) ||
            bg_pdf_failed(c, HPDF_Dict_AddNumber(annot, "F", 4))) {
            return BG_EINTERNAL;
        }
    }
    return BG_OK;
}

/* --- Saving --- */

/* Save to libharu's memory stream and copy it into @out (never HPDF_SaveToFile: the
 * pipeline writes the bytes atomically, robustness.md finding 4). */
static bg_status save(pdf_ctx *c, bg_buf *out)
{
    size_t start = out->len;
    bg_status st = bg_pdf_stream_save(c, out);
    if (st == BG_OK && c->pdfa) {
        st = bg_pdf_meta_patch_id(c, (unsigned char *)out->data + start, out->len - start);
    }
    return st;
}

/* --- Entry point --- */

static bg_status render(pdf_ctx *c, const bg_fontset *fs, bg_buf *out)
{
    const bg_pages *pg = c->pages;
    c->fs = fs;
    if (bg_pdf_failed(c, HPDF_SetCompressionMode(c->pdf, HPDF_COMP_ALL))) {
        return BG_EINTERNAL;
    }
    bg_status st = bg_pdf_font_load(c, fs);
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
        if (bg_pdf_failed_ptr(c, hp) ||
            bg_pdf_failed(c, HPDF_Page_SetWidth(hp, (HPDF_REAL)pg->width_pt)) ||
            bg_pdf_failed(c, HPDF_Page_SetHeight(hp, (HPDF_REAL)pg->height_pt))) {
            return BG_EINTERNAL;
        }
        c->hpages[p] = hp;
    }
    if (bg_pdf_failed(c, HPDF_AddPageLabel(c->pdf, 0, HPDF_PAGE_NUM_STYLE_DECIMAL, 1, NULL))) {
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
        st = bg_pdf_stream_compress(c, c->hpages[p]);
    }
    if (st == BG_OK) {
        st = bg_pdf_meta_add_outline(c);
    }
    if (st == BG_OK) {
        st = bg_pdf_meta_add_info(c);
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
        bg_pdf_internal(&c, "page count out of range", SIZE_MAX);
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
    bg_pdf_stream_free(&c);
    if (st != BG_OK && out->data) {
        /* DESIGN: a failed run leaves no partial output: drop what this call appended. */
        out->len = out_len0;
        out->data[out_len0] = '\0';
    }
    return st;
}
