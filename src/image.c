/* Logo images: PNG through libpng's simplified API (png_image_*), JPEG through TurboJPEG
 * (tjDecompress2 with TJFLAG_STOPONWARNING, so a truncated file is an error, and
 * TJFLAG_LIMITSCANS against progressive-scan bombs). Both libraries keep their setjmp
 * inside; libjpeg's classic API would need our own longjmp out of error_exit, which
 * STYLE.md bans. Dimensions are checked from the header before any pixel is decoded. */
#include "image.h"

#include <png.h>
#include <string.h>
#include <turbojpeg.h>

#include "fsio.h"
#include "limit.h"

static const unsigned char png_magic[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
static const unsigned char jpeg_magic[3] = {0xFF, 0xD8, 0xFF};

static bg_status too_large(const char *path, unsigned long w, unsigned long h, bg_diag *d)
{
    bg_loc loc = {path, 0, 0};
    bg_diag_error(d, &loc, "image too large: %lux%lu pixels (at most %ux%u and %u pixels)", w, h,
                  BG_MAX_IMAGE_SIDE, BG_MAX_IMAGE_SIDE, BG_MAX_IMAGE_PIXELS);
    return BG_EINPUT;
}

static bool size_ok(unsigned long w, unsigned long h)
{
    return w > 0 && h > 0 && w <= BG_MAX_IMAGE_SIDE && h <= BG_MAX_IMAGE_SIDE &&
           w * h <= BG_MAX_IMAGE_PIXELS;
}

static bg_status decode_png(const char *path, const unsigned char *data, size_t len, bg_arena *a,
                            bg_diag *d, bg_image *out)
{
    bg_loc loc = {path, 0, 0};
    png_image img;
    memset(&img, 0, sizeof(img));
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&img, data, len)) {
        bg_diag_error(d, &loc, "corrupt PNG image: %s", img.message);
        return BG_EINPUT;
    }
    if (!size_ok(img.width, img.height)) {
        png_image_free(&img);
        return too_large(path, img.width, img.height, d);
    }
    img.format = PNG_FORMAT_RGB;
    unsigned char *rgb = bg_arena_alloc(a, PNG_IMAGE_SIZE(img));
    if (!rgb) {
        png_image_free(&img);
        return BG_ENOMEM;
    }
    png_color white = {255, 255, 255};
    if (!png_image_finish_read(&img, &white, rgb, 0, NULL)) {
        bg_diag_error(d, &loc, "corrupt PNG image: %s", img.message);
        return BG_EINPUT;
    }
    /* A warning left in img.message after success is about an ancillary chunk (a known
     * bad sRGB profile, say): the pixels are whole, so the image is accepted. Damage to
     * the pixels (a truncated or corrupt IDAT) is an error above. */
    *out = (bg_image){path, img.width, img.height, rgb};
    return BG_OK;
}

static bg_status jpeg_fail(const char *path, tjhandle h, const char *what, bg_diag *d)
{
    bg_loc loc = {path, 0, 0};
    bg_diag_error(d, &loc, "%s JPEG image: %s", what, tjGetErrorStr2(h));
    tjDestroy(h);
    return BG_EINPUT;
}

static bg_status decode_jpeg(const char *path, const unsigned char *data, size_t len, bg_arena *a,
                             bg_diag *d, bg_image *out)
{
    tjhandle h = tjInitDecompress();
    if (!h) {
        return BG_ENOMEM;
    }
    int w = 0;
    int ht = 0;
    int subsamp = 0;
    int colorspace = 0;
    /* TurboJPEG 2.1 takes a non-const buffer but does not write to it. */
    unsigned char *buf = (unsigned char *)(uintptr_t)data;
    if (tjDecompressHeader3(h, buf, (unsigned long)len, &w, &ht, &subsamp, &colorspace) != 0) {
        return jpeg_fail(path, h, "corrupt", d);
    }
    if (!size_ok((unsigned long)w, (unsigned long)ht)) {
        tjDestroy(h);
        return too_large(path, (unsigned long)w, (unsigned long)ht, d);
    }
    unsigned char *rgb = bg_arena_alloc(a, (size_t)w * (size_t)ht * 3u);
    if (!rgb) {
        tjDestroy(h);
        return BG_ENOMEM;
    }
    if (tjDecompress2(h, buf, (unsigned long)len, rgb, w, 0, ht, TJPF_RGB,
                      TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS) != 0) {
        return jpeg_fail(path, h, tjGetErrorCode(h) == TJERR_WARNING ? "damaged" : "corrupt", d);
    }
    tjDestroy(h);
    *out = (bg_image){path, (uint32_t)w, (uint32_t)ht, rgb};
    return BG_OK;
}

bg_status bg_image_decode(const char *path, const unsigned char *data, size_t len, bg_arena *a,
                          bg_diag *d, bg_image *out)
{
    bg_loc loc = {path, 0, 0};
    if (len >= sizeof(png_magic) && memcmp(data, png_magic, sizeof(png_magic)) == 0) {
        return decode_png(path, data, len, a, d, out);
    }
    if (len >= sizeof(jpeg_magic) && memcmp(data, jpeg_magic, sizeof(jpeg_magic)) == 0) {
        return decode_jpeg(path, data, len, a, d, out);
    }
    bg_diag_error(d, &loc, "not a PNG or JPEG image");
    return BG_EINPUT;
}

bg_status bg_image_load(const char *path, bg_arena *a, bg_diag *d, bg_image *out)
{
    bg_str bytes = {NULL, 0};
    bg_status st = bg_fsio_read(path, BG_MAX_IMAGE_BYTES, a, d, &bytes, NULL);
    if (st != BG_OK) {
        return st;
    }
    return bg_image_decode(path, (const unsigned char *)bytes.ptr, bytes.len, a, d, out);
}
