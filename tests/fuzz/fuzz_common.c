/* Helpers shared by the fuzz harnesses; see fuzz_common.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_common.h"

static char scratch[64];
static FILE *sink;
static bg_diag quiet;
static int has_quiet;

static void remove_scratch(void)
{
    if (scratch[0]) {
        char cmd[96];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", scratch);
        if (system(cmd) != 0) {
            fprintf(stderr, "fuzz: cannot remove %s\n", scratch);
        }
    }
}

const char *bg_fuzz_dir(void)
{
    if (!scratch[0]) {
        snprintf(scratch, sizeof(scratch), "/tmp/bgfuzz.XXXXXX");
        if (!mkdtemp(scratch)) {
            perror("fuzz: mkdtemp");
            abort();
        }
        atexit(remove_scratch);
    }
    return scratch;
}

const char *bg_fuzz_path(char *out, size_t out_size, const char *rel)
{
    snprintf(out, out_size, "%s/%s", bg_fuzz_dir(), rel);
    return out;
}

void bg_fuzz_write(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || (len > 0 && fwrite(data, 1, len, f) != len) || fclose(f) != 0) {
        perror(path);
        abort();
    }
}

void bg_fuzz_copy(const char *from, const char *to)
{
    FILE *f = fopen(from, "rb");
    if (!f) {
        perror(from);
        abort();
    }
    char *buf = NULL;
    size_t len = 0;
    size_t cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            buf = realloc(buf, cap);
            if (!buf) {
                abort();
            }
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        if (got == 0) {
            break;
        }
        len += got;
    }
    fclose(f);
    bg_fuzz_write(to, buf, len);
    free(buf);
}

bg_diag *bg_fuzz_diag(void)
{
    if (!has_quiet) {
        sink = getenv("BG_FUZZ_VERBOSE") ? stderr : fopen("/dev/null", "w");
        if (!sink) {
            abort();
        }
        has_quiet = 1;
    }
    bg_diag_init(&quiet, sink, "briefgen");
    return &quiet;
}

uint8_t bg_fuzz_byte(bg_fuzz_in *in)
{
    if (in->n == 0) {
        return 0;
    }
    uint8_t b = in->p[0];
    in->p++;
    in->n--;
    return b;
}

uint32_t bg_fuzz_range(bg_fuzz_in *in, uint32_t lo, uint32_t hi)
{
    uint32_t span = hi - lo;
    uint32_t v = bg_fuzz_byte(in);
    if (span > 255) {
        v = (v << 8) | bg_fuzz_byte(in);
    }
    return span == UINT32_MAX ? v : lo + v % (span + 1);
}
