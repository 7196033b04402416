/* Subset TrueType font programs for the PDF writer (pdf_font.c, stage 6). Keeps the glyphs a
 * document uses plus the components of its composite glyphs, renumbers them 0..n-1 (so the
 * CIDFontType2 can use CIDToGIDMap /Identity), and writes glyf, loca (long), hmtx, head,
 * hhea, maxp, post format 3, the hinting tables cvt/fpgm/prep, OS/2, a small name table and
 * a format 4 cmap of the used characters (a CIDFontType2 reaches its glyphs by glyph id,
 * ISO 32000-1 9.9; the last three only keep the program valid for OTS). Layout of the tables:
 * the OpenType spec, "glyf" (composite glyph flags) and "The table directory". */
#include "pdf_sfnt.h"

#include <string.h>

#include "bytes.h"
#include "limit.h"

#define SFNT_MAX_TABLES 64u
#define TAG(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

/* Composite glyph flags (OpenType "glyf"). */
#define ARG_1_AND_2_ARE_WORDS 0x0001u
#define WE_HAVE_A_SCALE 0x0008u
#define MORE_COMPONENTS 0x0020u
#define WE_HAVE_AN_X_AND_Y_SCALE 0x0040u
#define WE_HAVE_A_TWO_BY_TWO 0x0080u

typedef struct {
    const uint8_t *p;
    size_t len; /* bytes, unpadded */
} table;

typedef struct {
    const uint8_t *bytes;
    size_t size;
    uint16_t n_tables;
    table head, hhea, maxp, hmtx, loca, glyf, post, os2, name, cvt, fpgm, prep;
    uint16_t n_glyphs, n_hmetrics;
    bool is_long_loca;
} sfnt;

static size_t pad4(size_t n)
{
    return (n + 3) & ~(size_t)3;
}

/* Sum of big-endian 32-bit words of a zero-padded table. */
static uint32_t table_sum(const uint8_t *p, size_t padded_len)
{
    uint32_t sum = 0;
    for (size_t i = 0; i + 4 <= padded_len; i += 4) {
        sum += bg_rd32(p + i);
    }
    return sum;
}

static table find(const sfnt *s, uint32_t tag)
{
    for (uint16_t i = 0; i < s->n_tables; i++) {
        const uint8_t *rec = s->bytes + 12 + 16 * (size_t)i;
        if (bg_rd32(rec) == tag) {
            return (table){s->bytes + bg_rd32(rec + 8), bg_rd32(rec + 12)};
        }
    }
    return (table){NULL, 0};
}

static const char *parse(sfnt *s, bg_str font)
{
    s->bytes = (const uint8_t *)font.ptr;
    s->size = font.len;
    if (s->size < 12) {
        return "truncated table directory";
    }
    s->n_tables = bg_rd16(s->bytes + 4);
    if (12 + 16 * (size_t)s->n_tables > s->size) {
        return "truncated table directory";
    }
    for (uint16_t i = 0; i < s->n_tables; i++) {
        const uint8_t *rec = s->bytes + 12 + 16 * (size_t)i;
        if ((uint64_t)bg_rd32(rec + 8) + bg_rd32(rec + 12) > s->size) {
            return "a table extends past the end of the file";
        }
    }
    s->head = find(s, TAG('h', 'e', 'a', 'd'));
    s->hhea = find(s, TAG('h', 'h', 'e', 'a'));
    s->maxp = find(s, TAG('m', 'a', 'x', 'p'));
    s->hmtx = find(s, TAG('h', 'm', 't', 'x'));
    s->loca = find(s, TAG('l', 'o', 'c', 'a'));
    s->glyf = find(s, TAG('g', 'l', 'y', 'f'));
    s->post = find(s, TAG('p', 'o', 's', 't'));
    s->os2 = find(s, TAG('O', 'S', '/', '2'));
    s->name = find(s, TAG('n', 'a', 'm', 'e'));
    s->cvt = find(s, TAG('c', 'v', 't', ' '));
    s->fpgm = find(s, TAG('f', 'p', 'g', 'm'));
    s->prep = find(s, TAG('p', 'r', 'e', 'p'));
    if (s->head.len < 54 || s->hhea.len < 36 || s->maxp.len < 6 || !s->glyf.p || !s->loca.p) {
        return "missing or short head, hhea, maxp, loca or glyf";
    }
    s->n_glyphs = bg_rd16(s->maxp.p + 4);
    s->n_hmetrics = bg_rd16(s->hhea.p + 34);
    s->is_long_loca = bg_rd16(s->head.p + 50) != 0;
    if (s->n_glyphs == 0 || s->n_glyphs > BG_MAX_FONT_GLYPHS || s->n_hmetrics == 0 ||
        s->n_hmetrics > s->n_glyphs) {
        return "bad numGlyphs or numberOfHMetrics";
    }
    size_t hmtx_need = 4 * (size_t)s->n_hmetrics + 2 * (size_t)(s->n_glyphs - s->n_hmetrics);
    size_t loca_need = ((size_t)s->n_glyphs + 1) * (s->is_long_loca ? 4 : 2);
    if (s->hmtx.len < hmtx_need || s->loca.len < loca_need) {
        return "table 'hmtx' or 'loca' too short";
    }
    return NULL;
}

/* The bytes of glyph @gid inside glyf, or false when loca points outside it. */
static bool glyph_span(const sfnt *s, uint32_t gid, size_t *off, size_t *len)
{
    size_t from, to;
    if (s->is_long_loca) {
        from = bg_rd32(s->loca.p + 4 * (size_t)gid);
        to = bg_rd32(s->loca.p + 4 * (size_t)gid + 4);
    } else {
        from = 2 * (size_t)bg_rd16(s->loca.p + 2 * (size_t)gid);
        to = 2 * (size_t)bg_rd16(s->loca.p + 2 * (size_t)gid + 2);
    }
    if (from > to || to > s->glyf.len) {
        return false;
    }
    *off = from;
    *len = to - from;
    return true;
}

static uint16_t advance_of(const sfnt *s, uint32_t gid)
{
    uint32_t i = gid < s->n_hmetrics ? gid : (uint32_t)s->n_hmetrics - 1;
    return bg_rd16(s->hmtx.p + 4 * (size_t)i);
}

static int16_t lsb_of(const sfnt *s, uint32_t gid)
{
    if (gid < s->n_hmetrics) {
        return (int16_t)bg_rd16(s->hmtx.p + 4 * (size_t)gid + 2);
    }
    return (int16_t)bg_rd16(s->hmtx.p + 4 * (size_t)s->n_hmetrics +
                            2 * (size_t)(gid - s->n_hmetrics));
}

/* Walk the components of the composite glyph @g (@len bytes). With @to_new NULL, marks each
 * component not yet in @used and pushes it on @stack; else rewrites each component id in
 * @out (a copy of @g). False when the glyph data is malformed. */
static bool walk_components(const uint8_t *g, size_t len, uint16_t n_glyphs, uint8_t *used,
                            uint16_t *stack, size_t *n_stack, const uint16_t *to_new, uint8_t *out)
{
    size_t off = 10;
    for (;;) {
        if (off + 4 > len) {
            return false;
        }
        uint16_t flags = bg_rd16(g + off);
        uint16_t gid = bg_rd16(g + off + 2);
        if (gid >= n_glyphs) {
            return false;
        }
        if (to_new) {
            bg_wr16(out + off + 2, to_new[gid]);
        } else if (!(((unsigned)used[gid >> 3] >> (gid & 7)) & 1u)) {
            used[gid >> 3] = (uint8_t)(used[gid >> 3] | (1u << (gid & 7)));
            stack[(*n_stack)++] = gid;
        }
        off += (flags & ARG_1_AND_2_ARE_WORDS) ? 8u : 6u;
        if (flags & WE_HAVE_A_SCALE) {
            off += 2;
        } else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) {
            off += 4;
        } else if (flags & WE_HAVE_A_TWO_BY_TWO) {
            off += 8;
        }
        if (!(flags & MORE_COMPONENTS)) {
            return off <= len;
        }
    }
}

static bool is_marked(const uint8_t *used, uint32_t gid)
{
    return ((unsigned)used[gid >> 3] >> (gid & 7)) & 1u;
}

/* Add the components of every marked composite glyph, to any depth (a work list: each glyph
 * is pushed once, when it is first marked). NULL when done, else why the font is bad; sets
 * *is_nomem when the arena fails. */
static const char *close_composites(const sfnt *s, uint8_t *used, bg_arena *a, bool *is_nomem)
{
    uint16_t *stack = bg_arena_array(a, s->n_glyphs, sizeof(*stack));
    if (!stack) {
        *is_nomem = true;
        return NULL;
    }
    size_t n_stack = 0;
    for (uint32_t gid = 0; gid < s->n_glyphs; gid++) {
        if (is_marked(used, gid)) {
            stack[n_stack++] = (uint16_t)gid;
        }
    }
    while (n_stack > 0) {
        uint16_t gid = stack[--n_stack];
        size_t off, len;
        if (!glyph_span(s, gid, &off, &len)) {
            return "table 'loca' points past 'glyf'";
        }
        if (len >= 10 && (int16_t)bg_rd16(s->glyf.p + off) < 0 &&
            !walk_components(s->glyf.p + off, len, s->n_glyphs, used, stack, &n_stack, NULL,
                             NULL)) {
            return "malformed composite glyph";
        }
    }
    return NULL;
}

/* Name ID 6 (PostScript name) from a Macintosh Roman or Windows Unicode record, reduced to
 * characters that are safe in a PDF name; "Font" when there is none. */
static void read_ps_name(const sfnt *s, char *out, size_t cap)
{
    size_t n = 0;
    const table *t = &s->name;
    if (t->p && t->len >= 6) {
        uint16_t count = bg_rd16(t->p + 2);
        size_t strings = bg_rd16(t->p + 4);
        for (uint16_t i = 0; i < count && n == 0; i++) {
            size_t rec = 6 + 12 * (size_t)i;
            if (rec + 12 > t->len || bg_rd16(t->p + rec + 6) != 6) {
                continue;
            }
            uint16_t platform = bg_rd16(t->p + rec);
            size_t len = bg_rd16(t->p + rec + 8);
            size_t off = strings + bg_rd16(t->p + rec + 10);
            if (off > t->len || len > t->len - off || (platform != 1 && platform != 3)) {
                continue;
            }
            size_t step = platform == 3 ? 2 : 1;
            for (size_t k = step - 1; k < len && n + 1 < cap; k += step) {
                char ch = (char)t->p[off + k];
                bool is_ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                             (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.';
                if (is_ok && (step == 1 || t->p[off + k - 1] == 0)) {
                    out[n++] = ch;
                }
            }
        }
    }
    if (n == 0) {
        memcpy(out, "Font", 4);
        n = 4;
    }
    out[n] = '\0';
}

static void read_metrics(const sfnt *s, uint32_t cap_gid, bg_pdf_sfnt_subset *out)
{
    out->upem = bg_rd16(s->head.p + 18);
    for (int i = 0; i < 4; i++) {
        out->bbox[i] = (int16_t)bg_rd16(s->head.p + 36 + 2 * i);
    }
    out->ascent = (int16_t)bg_rd16(s->hhea.p + 4);
    out->descent = (int16_t)bg_rd16(s->hhea.p + 6);
    out->italic_angle = s->post.len >= 8 ? (int32_t)bg_rd32(s->post.p + 4) : 0;
    out->cap_height = 0;
    if (s->os2.len >= 90 && bg_rd16(s->os2.p) >= 2) {
        out->cap_height = (int16_t)bg_rd16(s->os2.p + 88);
    }
    size_t off, len;
    if (out->cap_height == 0 && cap_gid > 0 && cap_gid < s->n_glyphs &&
        glyph_span(s, cap_gid, &off, &len) && len >= 10) {
        out->cap_height = (int16_t)bg_rd16(s->glyf.p + off + 8); /* yMax */
    }
    if (out->cap_height == 0) {
        out->cap_height = out->ascent;
    }
    read_ps_name(s, out->ps_name, sizeof(out->ps_name));
}

typedef struct {
    uint32_t tag;
    const uint8_t *data;
    size_t len; /* bytes, unpadded */
} out_table;

/* Build the new glyf and loca (long format). */
static const char *build_glyf(const sfnt *s, bg_pdf_sfnt_subset *o, bg_arena *a, out_table *glyf,
                              out_table *loca)
{
    size_t total = 0;
    for (size_t i = 0; i < o->n; i++) {
        size_t off, len;
        if (!glyph_span(s, o->to_old[i], &off, &len)) {
            return "table 'loca' points past 'glyf'";
        }
        total += pad4(len);
    }
    uint8_t *glyf_data = bg_arena_alloc(a, total ? total : 4);
    uint8_t *loca_data = bg_arena_alloc(a, 4 * (o->n + 1));
    glyf->data = glyf_data;
    loca->data = loca_data;
    if (!glyf_data || !loca_data) {
        return NULL;
    }
    size_t at = 0;
    for (size_t i = 0; i < o->n; i++) {
        size_t off, len;
        glyph_span(s, o->to_old[i], &off, &len);
        bg_wr32(loca_data + 4 * i, (uint32_t)at);
        memcpy(glyf_data + at, s->glyf.p + off, len);
        if (len >= 10 && (int16_t)bg_rd16(s->glyf.p + off) < 0 &&
            !walk_components(s->glyf.p + off, len, s->n_glyphs, NULL, NULL, NULL, o->to_new,
                             glyf_data + at)) {
            return "malformed composite glyph";
        }
        at += pad4(len);
    }
    bg_wr32(loca_data + 4 * o->n, (uint32_t)at);
    glyf->len = at;
    loca->len = 4 * (o->n + 1);
    return NULL;
}

/* The new head, hhea, maxp, hmtx and post into @t[0..4]; false when memory fails. */
static bool build_metrics(const sfnt *s, const bg_pdf_sfnt_subset *o, bg_arena *a, out_table *t)
{
    size_t maxp_len = s->maxp.len >= 32 ? 32 : 6;
    uint8_t *head = bg_arena_alloc(a, 56);
    uint8_t *hhea = bg_arena_alloc(a, 36);
    uint8_t *maxp = bg_arena_alloc(a, 32);
    uint8_t *hmtx = bg_arena_alloc(a, 4 * o->n);
    uint8_t *post = bg_arena_alloc(a, 32);
    if (!head || !hhea || !maxp || !hmtx || !post) {
        return false;
    }
    memcpy(head, s->head.p, 54);
    bg_wr32(head + 8, 0);  /* checkSumAdjustment, set last */
    bg_wr16(head + 50, 1); /* indexToLocFormat: long */
    memcpy(hhea, s->hhea.p, 36);
    bg_wr16(hhea + 34, (uint16_t)o->n);
    memcpy(maxp, s->maxp.p, maxp_len);
    bg_wr16(maxp + 4, (uint16_t)o->n);
    for (size_t i = 0; i < o->n; i++) {
        bg_wr16(hmtx + 4 * i, o->advance[i]);
        bg_wr16(hmtx + 4 * i + 2, (uint16_t)lsb_of(s, o->to_old[i]));
    }
    if (s->post.len >= 32) {
        memcpy(post, s->post.p, 32);
    }
    bg_wr32(post, 0x00030000u); /* format 3: no glyph names */
    t[0] = (out_table){TAG('h', 'e', 'a', 'd'), head, 54};
    t[1] = (out_table){TAG('h', 'h', 'e', 'a'), hhea, 36};
    t[2] = (out_table){TAG('m', 'a', 'x', 'p'), maxp, maxp_len};
    t[3] = (out_table){TAG('h', 'm', 't', 'x'), hmtx, 4 * o->n};
    t[4] = (out_table){TAG('p', 'o', 's', 't'), post, 32};
    return true;
}

typedef struct {
    uint16_t cp;
    uint16_t gid; /* new */
} cmap_pair;

/* The largest power of two not above @n (at least 1), and its log2 in *log2: the binary
 * search fields of the table directory and of a format 4 cmap. */
static uint16_t search_power(size_t n, uint16_t *log2)
{
    uint16_t pow2 = 1;
    *log2 = 0;
    while ((size_t)pow2 * 2 <= n) {
        pow2 = (uint16_t)(pow2 * 2);
        (*log2)++;
    }
    return pow2;
}

/* A format 4 cmap (platform 3, encoding 1): one segment per character, then 0xFFFF. */
static bool build_cmap(const bg_pdf_sfnt_subset *o, const uint16_t *gid_cp, bg_arena *a,
                       out_table *t)
{
    size_t n_pairs = 0;
    cmap_pair *pairs = bg_arena_array(a, o->n ? o->n : 1, sizeof(*pairs));
    if (!pairs) {
        return false;
    }
    for (size_t i = 0; i < o->n; i++) {
        uint16_t cp = gid_cp ? gid_cp[o->to_old[i]] : 0;
        if (cp == 0 || cp == 0xFFFF) {
            continue;
        }
        size_t j = n_pairs++;
        for (; j > 0 && pairs[j - 1].cp > cp; j--) {
            pairs[j] = pairs[j - 1];
        }
        pairs[j] = (cmap_pair){cp, (uint16_t)i};
    }
    /* Drop duplicate characters (two glyphs for one character cannot happen; be safe). */
    size_t m = 0;
    for (size_t i = 0; i < n_pairs; i++) {
        if (m == 0 || pairs[m - 1].cp != pairs[i].cp) {
            pairs[m++] = pairs[i];
        }
    }
    /* A format 4 subtable is at most 65,535 bytes: past 8,000 characters, map the first ones
     * only (PDF never reads this cmap; it is for validators). */
    if (m > 8000) {
        m = 8000;
    }
    size_t seg = m + 1;
    size_t sub_len = 16 + 8 * seg;
    size_t len = 12 + sub_len;
    uint8_t *p = bg_arena_alloc(a, len);
    if (!p) {
        return false;
    }
    bg_wr16(p, 0);
    bg_wr16(p + 2, 1);
    bg_wr16(p + 4, 3);
    bg_wr16(p + 6, 1);
    bg_wr32(p + 8, 12);
    uint8_t *s = p + 12;
    uint16_t log2 = 0;
    uint16_t pow2 = search_power(seg, &log2);
    bg_wr16(s, 4);
    bg_wr16(s + 2, (uint16_t)sub_len);
    bg_wr16(s + 4, 0);
    bg_wr16(s + 6, (uint16_t)(2 * seg));
    bg_wr16(s + 8, (uint16_t)(2 * pow2));
    bg_wr16(s + 10, log2);
    bg_wr16(s + 12, (uint16_t)(2 * seg - 2 * pow2));
    uint8_t *ends = s + 14;
    uint8_t *starts = ends + 2 * seg + 2;
    uint8_t *deltas = starts + 2 * seg;
    uint8_t *ranges = deltas + 2 * seg;
    for (size_t i = 0; i < seg; i++) {
        uint16_t cp = i < m ? pairs[i].cp : 0xFFFF;
        uint16_t delta = i < m ? (uint16_t)(pairs[i].gid - cp) : 1;
        bg_wr16(ends + 2 * i, cp);
        bg_wr16(starts + 2 * i, cp);
        bg_wr16(deltas + 2 * i, delta);
        bg_wr16(ranges + 2 * i, 0);
    }
    *t = (out_table){TAG('c', 'm', 'a', 'p'), p, len};
    return true;
}

/* A name table (format 0, Windows Unicode English) with IDs 1-4 and 6: family, subfamily
 * "Regular", unique and full name all from the PostScript name (ASCII). */
static bool build_name(const char *ps_name, bg_arena *a, out_table *t)
{
    static const uint16_t ids[5] = {1, 2, 3, 4, 6};
    size_t ps_len = strlen(ps_name);
    size_t total_str = 0;
    for (int i = 0; i < 5; i++) {
        total_str += 2 * (ids[i] == 2 ? 7 : ps_len);
    }
    size_t head_len = 6 + 12 * 5;
    uint8_t *p = bg_arena_alloc(a, head_len + total_str);
    if (!p) {
        return false;
    }
    bg_wr16(p, 0);
    bg_wr16(p + 2, 5);
    bg_wr16(p + 4, (uint16_t)head_len);
    size_t off = 0;
    for (int i = 0; i < 5; i++) {
        const char *str = ids[i] == 2 ? "Regular" : ps_name;
        size_t n = ids[i] == 2 ? 7 : ps_len;
        uint8_t *rec = p + 6 + 12 * i;
        bg_wr16(rec, 3);
        bg_wr16(rec + 2, 1);
        bg_wr16(rec + 4, 0x409);
        bg_wr16(rec + 6, ids[i]);
        bg_wr16(rec + 8, (uint16_t)(2 * n));
        bg_wr16(rec + 10, (uint16_t)off);
        for (size_t k = 0; k < n; k++) {
            bg_wr16(p + head_len + off + 2 * k, (uint8_t)str[k]);
        }
        off += 2 * n;
    }
    *t = (out_table){TAG('n', 'a', 'm', 'e'), p, head_len + total_str};
    return true;
}

/* Write the directory and the tables (sorted by tag, as the spec requires). */
static bool assemble(out_table *t, size_t n, bg_arena *a, bg_pdf_sfnt_subset *o)
{
    for (size_t i = 1; i < n; i++) {
        for (size_t j = i; j > 0 && t[j - 1].tag > t[j].tag; j--) {
            out_table tmp = t[j];
            t[j] = t[j - 1];
            t[j - 1] = tmp;
        }
    }
    size_t total = 12 + 16 * n;
    for (size_t i = 0; i < n; i++) {
        total += pad4(t[i].len);
    }
    uint8_t *p = bg_arena_alloc(a, total);
    if (!p) {
        return false;
    }
    uint16_t log2 = 0;
    uint16_t pow2 = search_power(n, &log2);
    bg_wr32(p, 0x00010000u);
    bg_wr16(p + 4, (uint16_t)n);
    bg_wr16(p + 6, (uint16_t)(pow2 * 16));
    bg_wr16(p + 8, log2);
    bg_wr16(p + 10, (uint16_t)(n * 16 - pow2 * 16));
    size_t off = 12 + 16 * n;
    size_t head_off = 0;
    for (size_t i = 0; i < n; i++) {
        memcpy(p + off, t[i].data, t[i].len);
        if (t[i].tag == TAG('h', 'e', 'a', 'd')) {
            head_off = off;
        }
        uint8_t *rec = p + 12 + 16 * i;
        bg_wr32(rec, t[i].tag);
        bg_wr32(rec + 4, table_sum(p + off, pad4(t[i].len)));
        bg_wr32(rec + 8, (uint32_t)off);
        bg_wr32(rec + 12, (uint32_t)t[i].len);
        off += pad4(t[i].len);
    }
    bg_wr32(p + head_off + 8, 0xB1B0AFBAu - table_sum(p, total));
    o->program = p;
    o->program_len = total;
    return true;
}

bg_status bg_pdf_sfnt_subset_font(bg_str font, const uint8_t *used_in, const uint16_t *gid_cp,
                                  uint32_t cap_gid, bg_arena *a, bg_pdf_sfnt_subset *out,
                                  const char **why)
{
    sfnt s;
    memset(&s, 0, sizeof(s));
    bg_pdf_sfnt_subset o;
    memset(&o, 0, sizeof(o));
    *why = parse(&s, font);
    if (*why) {
        return BG_EINPUT;
    }
    uint8_t *used = bg_arena_alloc(a, (size_t)s.n_glyphs / 8 + 1);
    o.to_new = bg_arena_array(a, s.n_glyphs, sizeof(*o.to_new));
    if (!used || !o.to_new) {
        return BG_ENOMEM;
    }
    memcpy(used, used_in, (size_t)s.n_glyphs / 8 + 1);
    used[0] |= 1u; /* .notdef */
    bool is_nomem = false;
    *why = close_composites(&s, used, a, &is_nomem);
    if (is_nomem) {
        return BG_ENOMEM;
    }
    if (*why) {
        return BG_EINPUT;
    }
    for (uint32_t g = 0; g < s.n_glyphs; g++) {
        o.n += is_marked(used, g);
    }
    o.to_old = bg_arena_array(a, o.n, sizeof(*o.to_old));
    o.advance = bg_arena_array(a, o.n, sizeof(*o.advance));
    if (!o.to_old || !o.advance) {
        return BG_ENOMEM;
    }
    size_t k = 0;
    for (uint32_t g = 0; g < s.n_glyphs; g++) {
        o.to_new[g] = BG_PDF_SFNT_NONE;
        if (is_marked(used, g)) {
            o.to_new[g] = (uint16_t)k;
            o.to_old[k] = (uint16_t)g;
            o.advance[k] = advance_of(&s, g);
            k++;
        }
    }
    out_table t[13];
    size_t n = 0;
    *why = build_glyf(&s, &o, a, &t[0], &t[1]);
    if (*why) {
        return BG_EINPUT;
    }
    if (!t[0].data || !t[1].data || !build_metrics(&s, &o, a, &t[2])) {
        return BG_ENOMEM;
    }
    t[0].tag = TAG('g', 'l', 'y', 'f');
    t[1].tag = TAG('l', 'o', 'c', 'a');
    n = 7;
    const table *hint[3] = {&s.cvt, &s.fpgm, &s.prep};
    const uint32_t hint_tag[3] = {TAG('c', 'v', 't', ' '), TAG('f', 'p', 'g', 'm'),
                                  TAG('p', 'r', 'e', 'p')};
    for (int i = 0; i < 3; i++) {
        if (hint[i]->p && hint[i]->len > 0) {
            t[n++] = (out_table){hint_tag[i], hint[i]->p, hint[i]->len};
        }
    }
    read_metrics(&s, cap_gid, &o);
    if (s.os2.p && s.os2.len >= 78) {
        t[n++] = (out_table){TAG('O', 'S', '/', '2'), s.os2.p, s.os2.len};
    }
    if (!build_cmap(&o, gid_cp, a, &t[n]) || !build_name(o.ps_name, a, &t[n + 1])) {
        return BG_ENOMEM;
    }
    n += 2;
    if (!assemble(t, n, a, &o)) {
        return BG_ENOMEM;
    }
    *out = o;
    return BG_OK;
}
