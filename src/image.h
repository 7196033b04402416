/* Logo images: a PNG or JPEG file → validated, decoded 8-bit RGB pixels. The whole image is
 * decoded here (libpng's simplified API, TurboJPEG with warnings as errors) before libharu
 * sees it, because libharu 2.3.0 aborts on a corrupt PNG (notes/robustness.md); pdf.c then
 * hands libharu only the pixels. Reads one file through fsio; never calls libharu. */
#ifndef BG_IMAGE_H
#define BG_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"

typedef struct {
    const char *path;       /* the file, as named in errors */
    uint32_t width, height; /* pixels, 1..BG_MAX_IMAGE_SIDE */
    unsigned char *rgb;     /* width * height * 3 bytes, top row first; in the arena */
} bg_image;

/* Read and decode the PNG or JPEG file @path (at most BG_MAX_IMAGE_BYTES). Transparency is
 * composed onto white (no soft mask: PDF/A-1 forbids one). Errors name @path and what is
 * wrong (unknown format, corrupt or truncated data, too many pixels): BG_EINPUT, or BG_EIO
 * when the file cannot be read. Allocated in @a; *out written only on BG_OK. */
bg_status bg_image_load(const char *path, bg_arena *a, bg_diag *d, bg_image *out);

/* As bg_image_load, from @len bytes at @data already read from @path. */
bg_status bg_image_decode(const char *path, const unsigned char *data, size_t len, bg_arena *a,
                          bg_diag *d, bg_image *out);

#endif
