/* Fonts: the faces a template names (TrueType files under fonts/) → bg_fontset. Checks
 * each sfnt's tables before anything else reads them (offsets inside the file, unitsPerEm,
 * numberOfHMetrics <= numGlyphs, cmap bounds, <= BG_MAX_FONT_GLYPHS), then answers
 * coverage and advance-width questions from our own cmap/hmtx parse (libharu's measuring is
 * unreliable with UTF-8, notes/libharu.md). A face is parsed only when first used. */
#ifndef BG_FONT_H
#define BG_FONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "str.h"
#include "style.h"

typedef struct bg_fontset bg_fontset; /* opaque */
/* Parsed faces shared by the fontsets of one run, keyed by file path (opaque). */
typedef struct bg_font_cache bg_font_cache;

/* A cache for bg_font_open_shared, allocated in @a, which also holds every font file the
 * cache reads (so fontsets in shorter-lived arenas can share it); NULL when memory fails. */
bg_font_cache *bg_font_cache_new(bg_arena *a);

/* Prepare the faces of @spec (nothing is read yet). Allocated in @a. */
bg_status bg_font_open(const bg_page_spec *spec, bg_arena *a, bg_diag *d, bg_fontset **out);
/* The same, but faces are read and parsed once per @cache (borrowed; must live in @a or
 * longer): a later fontset naming the same file reuses the parse. Used-face marks stay
 * per fontset. Failed loads are not cached (each fontset reports its own). */
bg_status bg_font_open_shared(const bg_page_spec *spec, bg_font_cache *cache, bg_arena *a,
                              bg_diag *d, bg_fontset **out);

/* Make sure face @face is loaded and valid; a missing or corrupt file is reported
 * ("fonts/x.ttf: error: cannot open: No such file or directory") with BG_EINPUT. */
bg_status bg_font_use(bg_fontset *fs, uint16_t face, bg_diag *d);
/* The status of the first face that failed to load (already reported), BG_OK if none.
 * Lets a caller tell "no face covers this character" from "a face could not be read". */
bg_status bg_font_failed(const bg_fontset *fs);

/* The face that prints code point @cp when @face is asked for: @face itself when it has
 * the glyph, else the first face of the fallback chain that has it, else -1. Loads
 * fallback faces on demand (errors to @d). Whitespace always maps to @face. */
int bg_font_face_for(bg_fontset *fs, uint16_t face, uint32_t cp, bg_diag *d);

/* Advance width of UTF-8 @text set entirely in @face at @size_pt, in points. */
double bg_font_width(const bg_fontset *fs, uint16_t face, bg_str text, double size_pt);
/* Ascent and descent (descent negative) at @size_pt, in points. */
double bg_font_ascent(const bg_fontset *fs, uint16_t face, double size_pt);
double bg_font_descent(const bg_fontset *fs, uint16_t face, double size_pt);

size_t bg_font_count(const bg_fontset *fs);
/* The file of @face, and whether any text was set in it (pdf_font.c embeds only used faces). */
const char *bg_font_path(const bg_fontset *fs, uint16_t face);
bool bg_font_is_loaded(const bg_fontset *fs, uint16_t face);
/* Record that text was set in @face (layout calls this for every text it places). */
void bg_font_mark_used(bg_fontset *fs, uint16_t face);
/* Glyph id of @cp in loaded face @face (0 = .notdef: missing), and the face's glyph count
 * (0 when not loaded). For the PDF writer, which embeds glyphs by id. */
uint32_t bg_font_glyph(const bg_fontset *fs, uint16_t face, uint32_t cp);
uint32_t bg_font_glyph_count(const bg_fontset *fs, uint16_t face);
/* Raw file bytes of a loaded face (for the PDF writer), borrowed. */
bg_str bg_font_data(const bg_fontset *fs, uint16_t face);

/* A run-wide memo of bytes derived from fonts, shared through the fontset's cache:
 * pdf_stream.c keeps each deflated subset program under its raw bytes, so a batch of
 * briefings that embed the same subset compresses it once. Get returns the value stored
 * under @key, or {NULL, 0}. Put copies @key and @value into the cache's arena (the fontset
 * itself is not changed, hence const); it stores nothing (and
 * returns false) without a cache, when the memo is full or memory fails. */
bg_str bg_font_memo_get(const bg_fontset *fs, bg_str key);
bool bg_font_memo_put(const bg_fontset *fs, bg_str key, bg_str value);

#endif
