/* The font programs pdf_font.c embeds: from a TrueType file's bytes and the set of glyphs a
 * document uses, builds a subset sfnt (glyf/loca/hmtx/head/hhea/maxp/post 3 plus the hinting
 * tables) whose glyphs are renumbered 0..n-1, composite components included. Pure byte work:
 * needs no libharu, touches no file, allocates only in the arena it is given. */
#ifndef BG_PDF_SFNT_H
#define BG_PDF_SFNT_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "str.h"

/* Marks "not in the subset" in bg_pdf_sfnt_subset.to_new. */
#define BG_PDF_SFNT_NONE 0xFFFFu

/* A subset font program and what the PDF font dictionaries need to describe it. */
typedef struct {
    uint16_t *to_new;       /* [n_glyphs of the face]: new glyph id, or BG_PDF_SFNT_NONE */
    uint16_t *to_old;       /* [n]: the original glyph id of new glyph i; to_old[0] = 0 */
    uint16_t *advance;      /* [n]: advance width of new glyph i, font units */
    size_t n;               /* glyphs in the subset, >= 1 (.notdef) */
    const uint8_t *program; /* the subset sfnt, in the arena */
    size_t program_len;     /* bytes */
    uint16_t upem;          /* units per em */
    int16_t bbox[4];        /* head xMin, yMin, xMax, yMax, font units */
    int16_t ascent;         /* hhea ascender, font units */
    int16_t descent;        /* hhea descender (negative), font units */
    int16_t cap_height;     /* OS/2 sCapHeight, else the top of the glyph given as 'H' */
    int32_t italic_angle;   /* post italicAngle, 16.16 fixed, degrees */
    char ps_name[64];       /* PostScript name (name ID 6), only [A-Za-z0-9-_.] kept */
} bg_pdf_sfnt_subset;

/* Subset the TrueType file @font (borrowed bytes, tables already checked by font.c but
 * checked again here) to the glyphs marked in @used (bitmap over the face's original glyph
 * ids, bit g at used[g / 8] & (1 << g % 8); .notdef is always kept), adding the components
 * of composite glyphs. @gid_cp[g] is a BMP code point set with original glyph g, 0 for none:
 * it becomes the subset's cmap (format 4), which PDF does not read (CIDToGIDMap decides) but
 * sanitizers such as OTS require, as they require OS/2 (copied) and name (ID 1-4, 6 only).
 * @cap_gid is the glyph of 'H' (0 if none) for the cap height.
 * Everything is allocated in @a. BG_EINPUT with @why set for a font whose tables are not as
 * expected, BG_ENOMEM when the arena fails. */
bg_status bg_pdf_sfnt_subset_font(bg_str font, const uint8_t *used, const uint16_t *gid_cp,
                                  uint32_t cap_gid, bg_arena *a, bg_pdf_sfnt_subset *out,
                                  const char **why);

#endif
