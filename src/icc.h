/* ICC colour profiles for PDF/A output intents: a profile file → its checked bytes. Reads
 * one file through fsio and checks the 128-byte header and the tag table (ICC.1:2001-04
 * §6) against what PDF/A-1 accepts: an RGB display or output profile of version 2 (PDF 1.4
 * reads ICC.1:1998-09). Never calls libharu; pdf_meta.c embeds the bytes as they are. */
#ifndef BG_ICC_H
#define BG_ICC_H

#include <stddef.h>

#include "arena.h"
#include "diag.h"

typedef struct {
    const char *path;          /* the file, as named in errors and in the depfile */
    const unsigned char *data; /* the whole profile, in the arena */
    size_t len;                /* bytes, = the header's size field */
} bg_icc;

/* Read the profile @path (at most BG_MAX_ICC_BYTES) and check it with bg_icc_check.
 * Errors name @path: BG_EIO when it cannot be read, BG_EINPUT when it is not a profile
 * PDF/A-1 accepts. Allocated in @a; *out written only on BG_OK. */
bg_status bg_icc_load(const char *path, bg_arena *a, bg_diag *d, bg_icc *out);

/* Check @len bytes at @data, read from @path (for messages): the header's size equals
 * @len, the signature is 'acsp', the major version is 2, the class is 'mntr' or 'prtr',
 * the data colour space is 'RGB ', and every tag lies inside the file. BG_EINPUT with one
 * error naming @path and what is wrong; *out written only on BG_OK (borrows @data). */
bg_status bg_icc_check(const char *path, const unsigned char *data, size_t len, bg_diag *d,
                       bg_icc *out);

#endif
