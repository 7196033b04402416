/* Filesystem access with bounds: bounded reads of regular files, directory listings in
 * sorted order, atomic writes (temp file in the same directory, fsync, rename, fsync dir),
 * and path confinement. The only module that opens files for briefgen's stages. */
#ifndef BG_FSIO_H
#define BG_FSIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "str.h"

typedef struct {
    const char **items; /* NUL-terminated paths "DIR/NAME", allocated in the arena */
    size_t n;
} bg_path_list;

/* Read the whole regular file @path (at most @max_bytes) into the arena, NUL-terminated
 * (the NUL is not counted in out->len). Refuses directories, FIFOs and devices. Errors go to
 * @d as "path: error: ..." (BG_EIO for missing/unreadable, BG_EINPUT for too large or not
 * a regular file, BG_ENOMEM); with @d NULL the read is quiet and only the status tells (for
 * a caller with a fallback). @mtime_out (may be NULL) receives the file's mtime in seconds. */
bg_status bg_fsio_read(const char *path, size_t max_bytes, bg_arena *a, bg_diag *d, bg_str *out,
                       int64_t *mtime_out);

/* List the regular files in @dir whose names end in @suffix (e.g. ".txt"), sorted by
 * name (byte order, locale-independent). Names starting with '.' are skipped. Paths are
 * "DIR/NAME", allocated in @a. A missing directory is BG_EIO. */
bg_status bg_fsio_list(const char *dir, const char *suffix, bg_arena *a, bg_diag *d,
                       bg_path_list *out);

/* Does @path name an existing regular file? */
bool bg_fsio_exists(const char *path);

/* Does the regular file @path hold exactly these @len bytes? (build --check) */
bool bg_fsio_same(const char *path, const void *data, size_t len);

/* Write @len bytes to @path atomically: mkstemp in the same directory, write loop,
 * fsync, close, rename, fsync the directory. On any failure the temp file is removed,
 * the old file at @path is untouched, and the error (with strerror text) goes to @d as
 * BG_EIO. Creates no directories. */
bg_status bg_fsio_write_atomic(const char *path, const void *data, size_t len, bg_diag *d);

/* The same without the directory's fsync, for several files written into one directory:
 * the caller calls bg_fsio_sync_dir once after the last. Each file is still complete under
 * its final name or absent (temp file, fsync, rename); the directory sync only makes the
 * renames durable, which one sync at the end does for all of them. */
bg_status bg_fsio_write_atomic_batch(const char *path, const void *data, size_t len, bg_diag *d);

/* fsync the directory @dir (best effort: some filesystems refuse fsync on directories). */
void bg_fsio_sync_dir(const char *dir);

/* Install handlers for SIGINT and SIGTERM that remove the temp file of an atomic write
 * in progress, then re-raise the signal with its default action (the process ends as it
 * would have). Call once, early in main. False when sigaction fails. */
bool bg_fsio_catch_signals(void);

/* Create directory @dir if it does not exist (one level). BG_EIO on failure. */
bg_status bg_fsio_mkdir(const char *dir, bg_diag *d);

/* Remove stale "DIR/.briefgen-tmp.*" files older than one hour (crash leftovers). */
void bg_fsio_clean_stale(const char *dir);

/* Resolve @rel relative to the directory of @from_path and check it stays inside @root
 * (realpath prefix check; rejects absolute paths, NUL and escaping symlinks). On success
 * *out is the joined path allocated in @a. Errors are reported at @loc. */
bg_status bg_fsio_confine(const char *root, const char *from_path, bg_str rel, const bg_loc *loc,
                          bg_arena *a, bg_diag *d, const char **out);

#endif
