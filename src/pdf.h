/* Stage 6, render: bg_pages → PDF bytes, with libharu: the only module that includes hpdf.h
 * (pdf.c and its sub-stages, through pdf_int.h). Embeds (subsets) the used faces, draws
 * texts/rects, adds links, outline, page labels and document info, and saves to memory.
 * libharu's errors are recorded by its handler (first error wins, no longjmp) and stop the
 * stage. Writes no file. */
#ifndef BG_PDF_H
#define BG_PDF_H

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "font.h"
#include "icc.h"
#include "layout.h"

/* Render @pages into @out (which the caller initialised and frees). @out_path is used in
 * messages only. @pdfa (borrowed; NULL for a plain PDF) makes the file PDF/A-1b, with that
 * profile as its sRGB output intent, XMP metadata and a content-derived trailer /ID.
 * BG_EINTERNAL for a libharu failure, BG_ENOMEM for memory, BG_EINPUT (reported) for
 * document info that PDF/A metadata cannot carry. */
bg_status bg_pdf_run(const bg_pages *pages, const bg_fontset *fs, const bg_icc *pdfa,
                     const char *out_path, bg_arena *a, bg_diag *d, bg_buf *out);

#endif
