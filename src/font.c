/* Fonts: our own TrueType (sfnt) parse of the tables briefgen measures with: head, hhea,
 * maxp, hmtx, cmap (formats 4 and 12), plus loca/glyf sanity checks, because libharu
 * 2.3.0's parser trusts its input (notes/libharu.md §15). Every offset is checked against
 * the file before it is read. Faces load on first use; widths sum advance widths (no
 * kerning: libharu cannot apply it). A bg_font_cache lets every fontset of a run share one
 * read and parse per file. Stage: fonts/ → bg_fontset, used by layout and pdf. */
#include "font.h"

#include <string.h>

#include "bytes.h"
#include "fsio.h"
#include "limit.h"
#include "utf8.h"

enum { FACE_UNTRIED, FACE_OK, FACE_FAILED };

typedef struct {
    const char *path;
    int state;
    bool is_used;
    bg_str data;
    const uint8_t *bytes;
    uint16_t upem;
    int16_t ascender, descender;
    uint16_t n_glyphs, n_hmetrics;
    const uint8_t *hmtx;
    const uint8_t *cmap;     /* the chosen subtable */
    size_t cmap_len;         /* bytes of the subtable, checked */
    int cmap_format;         /* 4 or 12 */
    uint16_t latin_adv[256]; /* advance in font units, for U+0000..U+00FF */
    uint8_t latin_has[256];  /* 1 when the face has a glyph for it */
    uint16_t latin_gid[256]; /* its glyph id, 0 when missing */
} face_info;

/* Parsed faces a run has loaded; a later fontset copies the entry (pointers into the same
 * file bytes), so each file is read and checked once per run. */
#define FONT_CACHE_SLOTS (4u * BG_MAX_FONTS)
/* Memo entries per cache (bg_font_memo_put): a run embeds a few subsets per template. */
#define FONT_MEMO_SLOTS 64u

typedef struct {
    uint64_t hash; /* FNV-1a of key */
    bg_str key, value;
} memo_entry;

struct bg_font_cache {
    bg_arena *arena; /* holds the cached files: may outlive the fontsets' arenas */
    face_info faces[FONT_CACHE_SLOTS];
    size_t n_faces;
    memo_entry memo[FONT_MEMO_SLOTS];
    size_t n_memo;
};

struct bg_fontset {
    bg_font_cache *cache; /* borrowed, may be NULL */
    face_info *faces;
    size_t n_faces;
    const uint16_t *fallback;
    size_t n_fallback;
    bg_arena *arena;
    bg_status status; /* first load failure, BG_OK if none */
};

bg_font_cache *bg_font_cache_new(bg_arena *a)
{
    bg_font_cache *cache = bg_arena_alloc(a, sizeof(bg_font_cache));
    if (cache) {
        cache->arena = a;
    }
    return cache;
}

bg_status bg_font_open_shared(const bg_page_spec *spec, bg_font_cache *cache, bg_arena *a,
                              bg_diag *d, bg_fontset **out)
{
    bg_status st = bg_font_open(spec, a, d, out);
    if (st == BG_OK) {
        (*out)->cache = cache;
    }
    return st;
}

bg_status bg_font_open(const bg_page_spec *spec, bg_arena *a, bg_diag *d, bg_fontset **out)
{
    if (spec->n_faces > BG_MAX_FONTS) {
        bg_diag_error(d, NULL, "too many fonts: %zu (limit %u)", spec->n_faces, BG_MAX_FONTS);
        return BG_EINPUT;
    }
    bg_fontset *fs = bg_arena_alloc(a, sizeof(*fs));
    face_info *faces = bg_arena_array(a, spec->n_faces, sizeof(face_info));
    if (!fs || !faces) {
        return BG_ENOMEM;
    }
    for (size_t i = 0; i < spec->n_faces; i++) {
        faces[i].path = spec->faces[i].path;
    }
    fs->faces = faces;
    fs->n_faces = spec->n_faces;
    fs->fallback = spec->fallback;
    fs->n_fallback = spec->n_fallback;
    fs->arena = a;
    fs->status = BG_OK;
    *out = fs;
    return BG_OK;
}

/* --- Parsing --- */

typedef struct {
    const uint8_t *p;
    size_t len;
} table;

static bool find_table(const uint8_t *b, uint16_t n_tables, const char *tag, table *out)
{
    for (uint16_t i = 0; i < n_tables; i++) {
        const uint8_t *rec = b + 12 + 16 * (size_t)i;
        if (memcmp(rec, tag, 4) == 0) {
            out->p = b + bg_rd32(rec + 8);
            out->len = bg_rd32(rec + 12);
            return true;
        }
    }
    return false;
}

/* Glyph id of @cp in the chosen cmap subtable, 0 when missing. Every read is bounded by
 * the subtable's checked length. */
static uint32_t cmap_glyph(const face_info *f, uint32_t cp)
{
    const uint8_t *t = f->cmap;
    size_t len = f->cmap_len;
    uint32_t gid = 0;
    if (f->cmap_format == 12) {
        uint32_t n = bg_rd32(t + 12);
        size_t lo = 0;
        size_t hi = n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            const uint8_t *g = t + 16 + 12 * mid;
            uint32_t start = bg_rd32(g);
            uint32_t end = bg_rd32(g + 4);
            if (cp < start) {
                hi = mid;
            } else if (cp > end) {
                lo = mid + 1;
            } else {
                gid = bg_rd32(g + 8) + (cp - start);
                break;
            }
        }
    } else {
        if (cp > 0xFFFF) {
            return 0;
        }
        size_t seg = bg_rd16(t + 6) / 2;
        const uint8_t *ends = t + 14;
        const uint8_t *starts = ends + 2 * seg + 2;
        const uint8_t *deltas = starts + 2 * seg;
        const uint8_t *ranges = deltas + 2 * seg;
        size_t lo = 0;
        size_t hi = seg;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (bg_rd16(ends + 2 * mid) < cp) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo == seg || bg_rd16(starts + 2 * lo) > cp) {
            return 0;
        }
        uint16_t delta = bg_rd16(deltas + 2 * lo);
        uint16_t range = bg_rd16(ranges + 2 * lo);
        if (range == 0) {
            gid = (uint16_t)(cp + delta);
        } else {
            size_t off =
                (size_t)(ranges + 2 * lo - t) + range + 2 * (size_t)(cp - bg_rd16(starts + 2 * lo));
            if (off + 2 > len) {
                return 0;
            }
            uint16_t g = bg_rd16(t + off);
            gid = g ? (uint16_t)(g + delta) : 0;
        }
    }
    return gid < f->n_glyphs ? gid : 0;
}

static uint16_t glyph_advance(const face_info *f, uint32_t gid)
{
    uint32_t i = gid < f->n_hmetrics ? gid : (uint32_t)f->n_hmetrics - 1;
    return bg_rd16(f->hmtx + 4 * (size_t)i);
}

/* Check a cmap subtable at @off inside the cmap table @t. Returns NULL when valid. */
static const char *check_subtable(const table *t, uint32_t off, int *format, size_t *len_out)
{
    if ((size_t)off + 8 > t->len) {
        return "cmap subtable outside the table";
    }
    const uint8_t *s = t->p + off;
    uint16_t fmt = bg_rd16(s);
    if (fmt == 4) {
        size_t len = bg_rd16(s + 2);
        if (len < 16 || (size_t)off + len > t->len) {
            return "cmap format 4 length outside the table";
        }
        size_t seg_x2 = bg_rd16(s + 6);
        if (seg_x2 == 0 || seg_x2 % 2 != 0 || 16 + 4 * seg_x2 > len) {
            return "cmap format 4 segments outside the subtable";
        }
        size_t seg = seg_x2 / 2;
        uint16_t prev_end = 0;
        for (size_t i = 0; i < seg; i++) {
            uint16_t end = bg_rd16(s + 14 + 2 * i);
            uint16_t start = bg_rd16(s + 16 + seg_x2 + 2 * i);
            if (start > end || (i > 0 && end <= prev_end)) {
                return "cmap format 4 segments out of order";
            }
            prev_end = end;
        }
        *format = 4;
        *len_out = len;
        return NULL;
    }
    if (fmt == 12) {
        if ((size_t)off + 16 > t->len) {
            return "cmap format 12 header outside the table";
        }
        uint32_t len = bg_rd32(s + 4);
        uint32_t n = bg_rd32(s + 12);
        if (len < 16 || len > t->len - off || n > (len - 16) / 12) {
            return "cmap format 12 groups outside the subtable";
        }
        uint32_t prev_end = 0;
        for (uint32_t i = 0; i < n; i++) {
            const uint8_t *g = s + 16 + 12 * (size_t)i;
            uint32_t start = bg_rd32(g);
            uint32_t end = bg_rd32(g + 4);
            if (start > end || end > 0x10FFFF || (i > 0 && start <= prev_end)) {
                return "cmap format 12 groups out of order";
            }
            prev_end = end;
        }
        *format = 12;
        *len_out = len;
        return NULL;
    }
    return NULL; /* another format: not chosen */
}

/* Choose a Unicode cmap subtable: (3,10) or (0,4+) format 12 first, then (3,1)/(0,x)
 * format 4. Returns an error text or NULL. */
static const char *parse_cmap(face_info *f, const table *t)
{
    if (t->len < 4) {
        return "cmap table too short";
    }
    uint16_t n = bg_rd16(t->p + 2);
    if (4 + 8 * (size_t)n > t->len) {
        return "cmap encoding records outside the table";
    }
    int best_rank = 0;
    for (uint16_t i = 0; i < n; i++) {
        const uint8_t *rec = t->p + 4 + 8 * (size_t)i;
        uint16_t platform = bg_rd16(rec);
        uint16_t encoding = bg_rd16(rec + 2);
        bool is_unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10));
        if (!is_unicode) {
            continue;
        }
        int format = 0;
        size_t len = 0;
        const char *err = check_subtable(t, bg_rd32(rec + 4), &format, &len);
        if (err) {
            return err;
        }
        int rank = format == 12 ? 2 : format == 4 ? 1 : 0;
        if (rank > best_rank) {
            best_rank = rank;
            f->cmap = t->p + bg_rd32(rec + 4);
            f->cmap_len = len;
            f->cmap_format = format;
        }
    }
    return best_rank ? NULL : "no Unicode cmap (format 4 or 12)";
}

static const char *check_loca(const face_info *f, const table *loca, const table *glyf,
                              int long_format)
{
    size_t entry = long_format ? 4 : 2;
    size_t n = (size_t)f->n_glyphs + 1;
    if (loca->len / entry < n) {
        return "table 'loca' too short for numGlyphs";
    }
    uint32_t prev = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t v = long_format ? bg_rd32(loca->p + 4 * i) : 2u * bg_rd16(loca->p + 2 * i);
        if (v < prev) {
            return "table 'loca' not monotonic";
        }
        prev = v;
    }
    if (prev > glyf->len) {
        return "table 'loca' points past 'glyf'";
    }
    return NULL;
}

static const char *parse_face(face_info *f)
{
    const uint8_t *b = f->bytes;
    size_t size = f->data.len;
    if (size < 12) {
        return "truncated table directory";
    }
    uint32_t version = bg_rd32(b);
    if (version != 0x00010000u && version != 0x74727565u) {
        return "not a TrueType font";
    }
    uint16_t n_tables = bg_rd16(b + 4);
    if (12 + 16 * (size_t)n_tables > size) {
        return "truncated table directory";
    }
    for (uint16_t i = 0; i < n_tables; i++) {
        const uint8_t *rec = b + 12 + 16 * (size_t)i;
        uint64_t end = (uint64_t)bg_rd32(rec + 8) + bg_rd32(rec + 12);
        if (end > size) {
            return "a table extends past the end of the file";
        }
    }
    static const char *const required[] = {"head", "hhea", "maxp", "hmtx", "cmap", "loca", "glyf"};
    table t[7];
    for (size_t i = 0; i < 7; i++) {
        if (!find_table(b, n_tables, required[i], &t[i])) {
            return "missing a required table (head, hhea, maxp, hmtx, cmap, loca, glyf)";
        }
    }
    if (t[0].len < 54 || bg_rd32(t[0].p + 12) != 0x5F0F3CF5u) {
        return "bad 'head' table";
    }
    f->upem = bg_rd16(t[0].p + 18);
    if (f->upem < 16 || f->upem > 16384) {
        return "unitsPerEm not in 16..16384";
    }
    int16_t loc_format = (int16_t)bg_rd16(t[0].p + 50);
    if (loc_format != 0 && loc_format != 1) {
        return "bad indexToLocFormat in 'head'";
    }
    if (t[1].len < 36) {
        return "table 'hhea' too short";
    }
    f->ascender = (int16_t)bg_rd16(t[1].p + 4);
    f->descender = (int16_t)bg_rd16(t[1].p + 6);
    f->n_hmetrics = bg_rd16(t[1].p + 34);
    if (t[2].len < 6) {
        return "table 'maxp' too short";
    }
    f->n_glyphs = bg_rd16(t[2].p + 4);
    if (f->n_glyphs == 0 || f->n_glyphs > BG_MAX_FONT_GLYPHS) {
        return "numGlyphs not in 1..32767";
    }
    if (f->n_hmetrics == 0 || f->n_hmetrics > f->n_glyphs) {
        return "numberOfHMetrics exceeds numGlyphs";
    }
    size_t hmtx_need = 4 * (size_t)f->n_hmetrics + 2 * (size_t)(f->n_glyphs - f->n_hmetrics);
    if (t[3].len < hmtx_need) {
        return "table 'hmtx' too short";
    }
    f->hmtx = t[3].p;
    const char *err = parse_cmap(f, &t[4]);
    if (err) {
        return err;
    }
    err = check_loca(f, &t[5], &t[6], loc_format);
    if (err) {
        return err;
    }
    for (uint32_t cp = 0; cp < 256; cp++) {
        uint32_t gid = cmap_glyph(f, cp);
        f->latin_has[cp] = gid != 0;
        f->latin_gid[cp] = (uint16_t)gid;
        f->latin_adv[cp] = glyph_advance(f, gid);
    }
    return NULL;
}

bg_status bg_font_use(bg_fontset *fs, uint16_t face, bg_diag *d)
{
    if (face >= fs->n_faces) {
        bg_diag_error(d, NULL, "internal error: font face %u out of range (please report)",
                      (unsigned)face);
        return BG_EINTERNAL;
    }
    face_info *f = &fs->faces[face];
    if (f->state == FACE_OK) {
        return BG_OK;
    }
    if (f->state == FACE_FAILED) {
        return fs->status != BG_OK ? fs->status : BG_EINPUT;
    }
    bg_font_cache *cache = fs->cache;
    for (size_t i = 0; cache && i < cache->n_faces; i++) {
        if (strcmp(cache->faces[i].path, f->path) == 0) {
            const char *path = f->path;
            *f = cache->faces[i];
            f->path = path;
            f->is_used = false;
            return BG_OK;
        }
    }
    f->state = FACE_FAILED;
    bg_arena *file_arena = cache ? cache->arena : fs->arena;
    bg_status st = bg_fsio_read(f->path, BG_MAX_FONT_BYTES, file_arena, d, &f->data, NULL);
    if (st == BG_EIO) {
        st = BG_EINPUT; /* DESIGN: a missing font is a template error the user fixes (exit 1) */
    }
    if (st == BG_OK) {
        f->bytes = (const uint8_t *)f->data.ptr;
        const char *err = parse_face(f);
        if (err) {
            bg_loc loc = {f->path, 0, 0};
            bg_diag_error(d, &loc, "corrupt font: %s", err);
            st = BG_EINPUT;
        }
    }
    if (st != BG_OK) {
        if (fs->status == BG_OK) {
            fs->status = st;
        }
        return st;
    }
    f->state = FACE_OK;
    if (cache && cache->n_faces < FONT_CACHE_SLOTS) {
        face_info *c = &cache->faces[cache->n_faces];
        *c = *f;
        c->path = bg_arena_strndup(cache->arena, f->path, strlen(f->path));
        cache->n_faces += c->path != NULL;
    }
    return BG_OK;
}

bg_status bg_font_failed(const bg_fontset *fs)
{
    return fs->status;
}

static bool has_glyph(const face_info *f, uint32_t cp)
{
    if (cp < 256) {
        return f->latin_has[cp] != 0;
    }
    return cmap_glyph(f, cp) != 0;
}

static bool is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v';
}

int bg_font_face_for(bg_fontset *fs, uint16_t face, uint32_t cp, bg_diag *d)
{
    if (bg_font_use(fs, face, d) != BG_OK) {
        return -1;
    }
    if (is_space(cp) || has_glyph(&fs->faces[face], cp)) {
        return face;
    }
    /* libharu's UTF-8 encoder covers the BMP only (notes/libharu.md §2). */
    if (cp > 0xFFFF) {
        return -1;
    }
    for (size_t i = 0; i < fs->n_fallback; i++) {
        uint16_t fb = fs->fallback[i];
        if (fb == face || fb >= fs->n_faces) {
            continue;
        }
        if (bg_font_use(fs, fb, d) != BG_OK) {
            continue;
        }
        if (has_glyph(&fs->faces[fb], cp)) {
            return fb;
        }
    }
    return -1;
}

double bg_font_width(const bg_fontset *fs, uint16_t face, bg_str text, double size_pt)
{
    if (face >= fs->n_faces || fs->faces[face].state != FACE_OK) {
        return 0.0;
    }
    const face_info *f = &fs->faces[face];
    uint64_t units = 0;
    size_t i = 0;
    while (i < text.len) {
        unsigned char c = (unsigned char)text.ptr[i];
        if (c < 0x80) {
            units += f->latin_adv[c];
            i++;
            continue;
        }
        uint32_t cp = 0;
        size_t n = bg_utf8_decode(text.ptr + i, text.len - i, &cp);
        if (n == 0) {
            n = 1;
        }
        units += cp < 256 ? f->latin_adv[cp] : glyph_advance(f, cmap_glyph(f, cp));
        i += n;
    }
    return (double)units * size_pt / f->upem;
}

double bg_font_ascent(const bg_fontset *fs, uint16_t face, double size_pt)
{
    if (face >= fs->n_faces || fs->faces[face].state != FACE_OK) {
        return size_pt * 0.8;
    }
    const face_info *f = &fs->faces[face];
    return f->ascender * size_pt / f->upem;
}

double bg_font_descent(const bg_fontset *fs, uint16_t face, double size_pt)
{
    if (face >= fs->n_faces || fs->faces[face].state != FACE_OK) {
        return -size_pt * 0.2;
    }
    const face_info *f = &fs->faces[face];
    return f->descender * size_pt / f->upem;
}

size_t bg_font_count(const bg_fontset *fs)
{
    return fs->n_faces;
}

const char *bg_font_path(const bg_fontset *fs, uint16_t face)
{
    return face < fs->n_faces ? fs->faces[face].path : NULL;
}

void bg_font_mark_used(bg_fontset *fs, uint16_t face)
{
    if (face < fs->n_faces && fs->faces[face].state == FACE_OK) {
        fs->faces[face].is_used = true;
    }
}

bool bg_font_is_loaded(const bg_fontset *fs, uint16_t face)
{
    return face < fs->n_faces && fs->faces[face].state == FACE_OK && fs->faces[face].is_used;
}

uint32_t bg_font_glyph(const bg_fontset *fs, uint16_t face, uint32_t cp)
{
    if (face >= fs->n_faces || fs->faces[face].state != FACE_OK) {
        return 0;
    }
    if (cp < 256) {
        return fs->faces[face].latin_gid[cp];
    }
    return cmap_glyph(&fs->faces[face], cp);
}

uint32_t bg_font_glyph_count(const bg_fontset *fs, uint16_t face)
{
    if (face >= fs->n_faces || fs->faces[face].state != FACE_OK) {
        return 0;
    }
    return fs->faces[face].n_glyphs;
}

bg_str bg_font_data(const bg_fontset *fs, uint16_t face)
{
    if (face >= fs->n_faces || fs->faces[face].state != FACE_OK) {
        return (bg_str){NULL, 0};
    }
    return fs->faces[face].data;
}

/* Keys are whole font programs (10-30 KB): hashed eight bytes at a time (a multiply and a
 * shift per word), a quarter of the instructions of byte-wise FNV-1a. Equal hashes are
 * confirmed by comparing the bytes. */
static uint64_t memo_hash(bg_str key)
{
    uint64_t h = BG_FNV_BASIS ^ key.len;
    size_t i = 0;
    for (; i + 8 <= key.len; i += 8) {
        uint64_t w;
        memcpy(&w, key.ptr + i, sizeof(w));
        h = (h ^ w) * 0x9E3779B97F4A7C15ull;
        h ^= h >> 29;
    }
    for (; i < key.len; i++) {
        h = bg_fnv_step(h, (unsigned char)key.ptr[i]);
    }
    return h;
}

bg_str bg_font_memo_get(const bg_fontset *fs, bg_str key)
{
    const bg_font_cache *c = fs->cache;
    if (!c || c->n_memo == 0) {
        return (bg_str){NULL, 0};
    }
    uint64_t h = memo_hash(key);
    for (size_t i = 0; i < c->n_memo; i++) {
        const memo_entry *e = &c->memo[i];
        if (e->hash == h && bg_str_eq(e->key, key)) {
            return e->value;
        }
    }
    return (bg_str){NULL, 0};
}

bool bg_font_memo_put(const bg_fontset *fs, bg_str key, bg_str value)
{
    bg_font_cache *c = fs->cache;
    if (!c || c->n_memo == FONT_MEMO_SLOTS) {
        return false;
    }
    char *k = bg_arena_alloc(c->arena, key.len + 1);
    char *v = bg_arena_alloc(c->arena, value.len + 1);
    if (!k || !v) {
        return false;
    }
    memcpy(k, key.ptr, key.len);
    memcpy(v, value.ptr, value.len);
    c->memo[c->n_memo++] = (memo_entry){memo_hash(key), {k, key.len}, {v, value.len}};
    return true;
}
