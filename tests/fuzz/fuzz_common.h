/* Shared helpers of the libFuzzer harnesses (tests/fuzz/fuzz_*.c): one scratch directory
 * per process, removed at exit; a quiet diag; writing a file; a small reader that takes
 * option bytes from the front of the input (cmark's fuzzer does the same). Each harness
 * defines bg_fuzz_<target>(); the libFuzzer entry point wraps it when BG_FUZZ_LIBFUZZER is
 * defined, and tests/fuzz/fuzz_replay.c calls it directly. */
#ifndef BG_FUZZ_COMMON_H
#define BG_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"

/* The repository root (fonts/, templates/): from the build, else the working directory. */
#ifndef BG_FUZZ_ROOT
#define BG_FUZZ_ROOT "."
#endif

int bg_fuzz_source(const uint8_t *data, size_t size);
int bg_fuzz_rules(const uint8_t *data, size_t size);
int bg_fuzz_template(const uint8_t *data, size_t size);
int bg_fuzz_layout(const uint8_t *data, size_t size);

/* The libFuzzer entry point of a harness: BG_FUZZ_ENTRY(bg_fuzz_source) after its definition
 * (nothing when the harness is built for tests/fuzz/fuzz_replay.c). */
#ifdef BG_FUZZ_LIBFUZZER
#define BG_FUZZ_ENTRY(fn)                                                                          \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);                                 \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)                                  \
    {                                                                                              \
        return fn(data, size);                                                                     \
    }
#else
#define BG_FUZZ_ENTRY(fn)
#endif

/* The process's scratch directory, created on first use ("/tmp/bgfuzz.XXXXXX"). */
const char *bg_fuzz_dir(void);
/* "DIR/REL" in a static buffer of @out_size bytes. */
const char *bg_fuzz_path(char *out, size_t out_size, const char *rel);
/* Write @len bytes to @path (truncating); aborts on failure (the harness is broken). */
void bg_fuzz_write(const char *path, const void *data, size_t len);
/* Copy the file @from to @to; aborts on failure. */
void bg_fuzz_copy(const char *from, const char *to);
/* A diag that prints nowhere (stderr when BG_FUZZ_VERBOSE is set). */
bg_diag *bg_fuzz_diag(void);

/* FuzzedDataProvider-style reader: options come from the front. */
typedef struct {
    const uint8_t *p;
    size_t n;
} bg_fuzz_in;

uint8_t bg_fuzz_byte(bg_fuzz_in *in);
/* A value in [lo, hi] from one or two bytes. */
uint32_t bg_fuzz_range(bg_fuzz_in *in, uint32_t lo, uint32_t hi);

#endif
