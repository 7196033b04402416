/* ICC profile checks (ICC.1:2001-04 §6.1 header, §6.2 tag table). Only what decides whether
 * a PDF/A-1 reader can use the profile as the output intent's DestOutputProfile is checked:
 * the profile itself is embedded byte for byte, never interpreted. */
#include "icc.h"

#include <stdbool.h>

#include "bytes.h"
#include "fsio.h"
#include "limit.h"

/* The header is 128 bytes, followed by the tag count (ICC.1 §6.2.1). */
#define ICC_HEADER_BYTES 128u
#define ICC_TAG_ENTRY_BYTES 12u

static bool has_sig(const unsigned char *p, const char sig[4])
{
    return p[0] == (unsigned char)sig[0] && p[1] == (unsigned char)sig[1] &&
           p[2] == (unsigned char)sig[2] && p[3] == (unsigned char)sig[3];
}

/* A four-character signature for messages: printable ASCII kept, anything else '?'. */
static void sig_text(const unsigned char *p, char out[5])
{
    for (int i = 0; i < 4; i++) {
        out[i] = p[i] >= 0x20 && p[i] < 0x7F ? (char)p[i] : '?';
    }
    out[4] = '\0';
}

static bg_status fail(const char *path, bg_diag *d, const char *what)
{
    bg_loc loc = {path, 0, 0};
    bg_diag_error(d, &loc, "not a usable ICC profile: %s", what);
    return BG_EINPUT;
}

/* Every tag's data inside the file (offsets are from the start of the profile). */
static bool tags_inside(const unsigned char *data, size_t len)
{
    uint32_t n_tags = bg_rd32(data + ICC_HEADER_BYTES);
    size_t table_end = ICC_HEADER_BYTES + 4;
    if (n_tags > (len - table_end) / ICC_TAG_ENTRY_BYTES) {
        return false;
    }
    for (uint32_t i = 0; i < n_tags; i++) {
        const unsigned char *e = data + table_end + (size_t)i * ICC_TAG_ENTRY_BYTES;
        uint32_t off = bg_rd32(e + 4);
        uint32_t size = bg_rd32(e + 8);
        if (off < table_end || off > len || size > len - off) {
            return false;
        }
    }
    return true;
}

bg_status bg_icc_check(const char *path, const unsigned char *data, size_t len, bg_diag *d,
                       bg_icc *out)
{
    bg_loc loc = {path, 0, 0};
    if (len < ICC_HEADER_BYTES + 4) {
        bg_diag_error(d, &loc, "not a usable ICC profile: %zu bytes, shorter than its header", len);
        return BG_EINPUT;
    }
    if (!has_sig(data + 36, "acsp")) {
        return fail(path, d, "no 'acsp' signature at byte 36");
    }
    if (bg_rd32(data) != len) {
        bg_diag_error(d, &loc,
                      "not a usable ICC profile: the header gives %lu bytes, the file has %zu",
                      (unsigned long)bg_rd32(data), len);
        return BG_EINPUT;
    }
    if (data[8] != 2) {
        bg_diag_error(d, &loc, "not a usable ICC profile: version %u.%u; PDF/A-1 needs version 2",
                      data[8], data[9] >> 4);
        return BG_EINPUT;
    }
    char sig[5];
    if (!has_sig(data + 12, "mntr") && !has_sig(data + 12, "prtr")) {
        sig_text(data + 12, sig);
        bg_diag_error(d, &loc,
                      "not a usable ICC profile: class '%s'; an output intent needs 'mntr' "
                      "or 'prtr'",
                      sig);
        return BG_EINPUT;
    }
    if (!has_sig(data + 16, "RGB ")) {
        sig_text(data + 16, sig);
        bg_diag_error(d, &loc, "not a usable ICC profile: colour space '%s', expected 'RGB '", sig);
        return BG_EINPUT;
    }
    if (!tags_inside(data, len)) {
        return fail(path, d, "its tag table points outside the file");
    }
    *out = (bg_icc){path, data, len};
    return BG_OK;
}

bg_status bg_icc_load(const char *path, bg_arena *a, bg_diag *d, bg_icc *out)
{
    bg_str bytes;
    bg_status st = bg_fsio_read(path, BG_MAX_ICC_BYTES, a, d, &bytes, NULL);
    if (st != BG_OK) {
        return st;
    }
    return bg_icc_check(path, (const unsigned char *)bytes.ptr, bytes.len, d, out);
}
