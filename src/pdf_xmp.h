/* The XMP metadata packet of a PDF/A-1b file (ISO 19005-1 §6.7): the document info as XMP
 * (dc:title, dc:creator, dc:description, pdf:Keywords, pdf:Producer, xmp:CreatorTool,
 * xmp:CreateDate, xmp:ModifyDate) plus the pdfaid identification, every value XML-escaped.
 * Pure text work: needs no libharu, touches no file, allocates only in its arena. */
#ifndef BG_PDF_XMP_H
#define BG_PDF_XMP_H

#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "str.h"
#include "style.h"

/* Build the packet for @info (its title, author, subject, keywords and creator; empty values
 * are left out, as pdf_meta.c leaves them out of the Info dictionary), @producer and @date (s
 * since the epoch, years 1970..9999: the Info's CreationDate and ModDate, written here in
 * UTC as YYYY-MM-DDThh:mm:ss+00:00). Values are
 * UTF-8; an invalid byte becomes U+FFFD, as in the Info strings. @out is NUL-terminated and
 * allocated in @a. BG_EINPUT with *@why set when a value holds a character XML 1.0 cannot
 * carry (a C0 control other than tab, LF and CR, U+FFFE or U+FFFF); BG_ENOMEM. */
bg_status bg_pdf_xmp_build(const bg_docinfo *info, bg_str producer, int64_t date, bg_arena *a,
                           bg_str *out, const char **why);

#endif
