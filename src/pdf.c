/* Stage 6, render: bg_pages → PDF bytes with libharu 2.3.0 (notes/libharu.md). Embeds the
 * faces the pages use, draws rects, texts and links, adds page labels, the outline and the
 * document info, then saves to memory. libharu allocates from the run arena and its errors
 * are recorded (first wins, never longjmp); the first one stops the stage. */
#include "pdf.h"

#include <stdint.h>
#include <string.h>

#include <hpdf.h>

#include "limit.h"

/* Bytes copied out of libharu's memory stream per read. */
#define READ_CHUNK_BYTES ((size_t)64 * 1024)
/* PDF dates have four-digit years: 0000-01-01 .. 9999-12-31 23:59:59 UTC. */
#define MAX_DATE_SECONDS INT64_C(253402300799)
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
    HPDF_Destination *anchors; /* [n_anchors], created on first use */
    size_t n_faces;
    char *scratch;        /* NUL-terminated copies of bg_str for libharu */
    size_t scratch_cap;   /* bytes */
    bool has_error;       /* libharu reported an error (or returned one) */
    HPDF_STATUS error_no; /* the first one */
    HPDF_STATUS detail_no;
    bool is_internal; /* our own invariant failed; already reported */
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
    bool *is_used = bg_arena_array(c->a, c->n_faces ? c->n_faces : 1, sizeof(*is_used));
    if (!c->fonts || !is_used) {
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
