/* Stage 6, render: bg_pages → PDF bytes, with libharu. The only file that includes
 * hpdf.h. Embeds (subsets) the used faces, draws texts/rects, adds links, outline, page
 * labels and document info, and saves to memory. libharu's errors are recorded by its
 * handler (first error wins, no longjmp) and stop the stage. Writes no file. */
#ifndef BG_PDF_H
#define BG_PDF_H

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "font.h"
#include "layout.h"

/* Render @pages into @out (which the caller initialised and frees). @out_path is used in
 * messages only. BG_EINTERNAL for a libharu failure, BG_ENOMEM for memory. */
bg_status bg_pdf_run(const bg_pages *pages, const bg_fontset *fs, const char *out_path,
                     bg_arena *a, bg_diag *d, bg_buf *out);

#endif
