/* Filesystem access with bounds: bounded reads of regular files, sorted directory
 * listings, atomic writes (temp in the same directory, fsync, rename, fsync dir) and
 * path confinement. See notes/robustness.md §4 for why each step is there. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "fsio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "limit.h"

static const char *dir_of(bg_arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        return ".";
    }
    if (slash == path) {
        return "/";
    }
    return bg_arena_strndup(a, path, (size_t)(slash - path));
}

/* Report a read error at @path, unless the read is quiet (@d NULL); returns @st. */
static bg_status read_error(bg_diag *d, const char *path, bg_status st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static bg_status read_error(bg_diag *d, const char *path, bg_status st, const char *fmt, ...)
{
    if (d) {
        char msg[512];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        bg_loc loc = {path, 0, 0};
        bg_diag_error(d, &loc, "%s", msg);
    }
    return st;
}

bg_status bg_fsio_read(const char *path, size_t max_bytes, bg_arena *a, bg_diag *d, bg_str *out,
                       int64_t *mtime_out)
{
    /* O_NONBLOCK: opening a FIFO must not hang; we refuse it after fstat. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        return read_error(d, path, BG_EIO, "cannot open: %s", strerror(errno));
    }
    bg_status st = BG_OK;
    struct stat sb;
    if (fstat(fd, &sb) != 0) {
        st = read_error(d, path, BG_EIO, "cannot stat: %s", strerror(errno));
        goto out;
    }
    if (!S_ISREG(sb.st_mode)) {
        st = read_error(d, path, BG_EINPUT, "not a regular file");
        goto out;
    }
    if ((uintmax_t)sb.st_size > max_bytes) {
        st = read_error(d, path, BG_EINPUT, "file too large: %jd bytes (limit %zu)",
                        (intmax_t)sb.st_size, max_bytes);
        goto out;
    }
    size_t size = (size_t)sb.st_size;
    char *data = bg_arena_alloc(a, size + 1);
    if (!data) {
        st = read_error(d, path, BG_ENOMEM, "out of memory reading %zu bytes", size);
        goto out;
    }
    size_t got = 0;
    /* Read to EOF but never past the cap: the file may grow while we read. */
    while (got < size) {
        ssize_t n = read(fd, data + got, size - got);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            st = read_error(d, path, BG_EIO, "cannot read: %s", strerror(errno));
            goto out;
        }
        if (n == 0) {
            break;
        }
        got += (size_t)n;
    }
    data[got] = '\0';
    *out = (bg_str){data, got};
    if (mtime_out) {
        *mtime_out = (int64_t)sb.st_mtime;
    }
out:
    close(fd);
    return st;
}

static int cmp_paths(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

bg_status bg_fsio_list(const char *dir, const char *suffix, bg_arena *a, bg_diag *d,
                       bg_path_list *out)
{
    bg_loc loc = {dir, 0, 0};
    DIR *dp = opendir(dir);
    if (!dp) {
        bg_diag_error(d, &loc, "cannot open directory: %s", strerror(errno));
        return BG_EIO;
    }
    bg_status st = BG_OK;
    size_t cap = 16;
    size_t n = 0;
    const char **items = bg_arena_array(a, cap, sizeof(char *));
    size_t suffix_len = strlen(suffix);
    for (;;) {
        errno = 0;
        struct dirent *de = readdir(dp);
        if (!de) {
            if (errno) {
                bg_diag_error(d, &loc, "cannot read directory: %s", strerror(errno));
                st = BG_EIO;
            }
            break;
        }
        size_t len = strlen(de->d_name);
        if (de->d_name[0] == '.' || len <= suffix_len ||
            memcmp(de->d_name + len - suffix_len, suffix, suffix_len) != 0) {
            continue;
        }
        char *path = bg_arena_printf(a, "%s/%s", dir, de->d_name);
        if (!items || !path) {
            st = BG_ENOMEM;
            break;
        }
        if (!bg_fsio_exists(path)) {
            continue;
        }
        if (n == BG_MAX_SOURCES) {
            bg_diag_error(d, &loc, "more than %u files", BG_MAX_SOURCES);
            st = BG_EINPUT;
            break;
        }
        const char **room = bg_arena_room(a, items, n, &cap, 16, sizeof(*room));
        if (!room) {
            st = BG_ENOMEM;
            break;
        }
        items = room;
        items[n++] = path;
    }
    closedir(dp);
    if (st == BG_ENOMEM) {
        bg_diag_error(d, &loc, "out of memory listing directory");
    }
    if (st != BG_OK) {
        return st;
    }
    qsort(items, n, sizeof(char *), cmp_paths);
    out->items = items;
    out->n = n;
    return BG_OK;
}

bool bg_fsio_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

bool bg_fsio_same(const char *path, const void *data, size_t len)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    struct stat sb;
    bool same = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && (uintmax_t)sb.st_size == len;
    const char *want = data;
    char chunk[65536];
    size_t off = 0;
    while (same && off < len) {
        ssize_t n = read(fd, chunk, sizeof(chunk));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0 || (size_t)n > len - off || memcmp(chunk, want + off, (size_t)n) != 0) {
            same = false;
            break;
        }
        off += (size_t)n;
    }
    close(fd);
    return same;
}

/* --- The temp file in flight, for the signal handler ---
 *
 * The one piece of mutable file-scope state in briefgen (STYLE.md allows only read-only
 * globals), and why it has to be one: a SIGINT or SIGTERM arrives with no context
 * argument, so the only way its handler can find the temp file of the write in progress
 * is a static-lifetime buffer. The handler may only call async-signal-safe functions
 * (unlink, raise), so the path is kept ready-made here, not in the arena. Writers block
 * the two signals while they create and register the file, so the handler never sees a
 * half-written path nor a created file that is not registered yet. */
static char inflight_path[PATH_MAX];
static volatile sig_atomic_t has_inflight;

static void on_fatal_signal(int sig)
{
    if (has_inflight) {
        unlink(inflight_path);
    }
    /* SA_RESETHAND restored the default action; it runs when the handler returns. */
    raise(sig);
}

bool bg_fsio_catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_fatal_signal;
    sa.sa_flags = (int)SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGINT);
    sigaddset(&sa.sa_mask, SIGTERM);
    static const int sigs[2] = {SIGINT, SIGTERM};
    for (size_t i = 0; i < 2; i++) {
        struct sigaction old;
        if (sigaction(sigs[i], NULL, &old) != 0) {
            return false;
        }
        /* A signal ignored at start (nohup, a background job of a script) stays ignored. */
        if (old.sa_handler != SIG_IGN && sigaction(sigs[i], &sa, NULL) != 0) {
            return false;
        }
    }
    return true;
}

static void block_signals(bool is_blocked, sigset_t *old)
{
    if (is_blocked) {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGINT);
        sigaddset(&set, SIGTERM);
        sigprocmask(SIG_BLOCK, &set, old);
    } else {
        sigprocmask(SIG_SETMASK, old, NULL);
    }
}

/* mkstemp(@tmp) with the file registered for the handler before any signal can land. */
static int create_registered(char *tmp)
{
    sigset_t old;
    block_signals(true, &old);
    int fd = mkstemp(tmp);
    int saved = errno;
    if (fd >= 0) {
        memcpy(inflight_path, tmp, strlen(tmp) + 1);
        has_inflight = 1;
    }
    block_signals(false, &old);
    errno = saved;
    return fd;
}

/* Called once the temp file is renamed or removed: a signal in between finds no file to
 * unlink, which is harmless. */
static void unregister(void)
{
    has_inflight = 0;
}

#ifdef BG_TEST_BUILD
/* Test builds only: BG_TEST_WRITE_DELAY_MS holds the temp file open that long before the
 * rename, so tests/robust/signal.sh can land its signals inside the write. */
static void test_write_delay(void)
{
    const char *ms = getenv("BG_TEST_WRITE_DELAY_MS");
    char *end = NULL;
    long n = ms ? strtol(ms, &end, 10) : 0;
    if (n > 0 && n < 10000 && end && *end == '\0') {
        struct timespec ts = {n / 1000, (n % 1000) * 1000000L};
        nanosleep(&ts, NULL);
    }
}
#else
static void test_write_delay(void)
{
}
#endif

static bool write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            if (n == 0) {
                errno = EIO;
            }
            return false;
        }
        data += n;
        len -= (size_t)n;
    }
    return true;
}

/* fsync directory @dir_len bytes of @dir; best effort: some filesystems refuse it. */
static void sync_dir(const char *dir, int dir_len)
{
    char dirbuf[PATH_MAX];
    snprintf(dirbuf, sizeof(dirbuf), "%.*s", dir_len, dir);
    int dfd = open(dirbuf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        (void)fsync(dfd);
        close(dfd);
    }
}

void bg_fsio_sync_dir(const char *dir)
{
    sync_dir(dir, (int)strnlen(dir, PATH_MAX));
}

static bg_status write_atomic(const char *path, const void *data, size_t len, bool is_dir_sync,
                              bg_diag *d)
{
    bg_loc loc = {path, 0, 0};
    char tmp[PATH_MAX];
    const char *slash = strrchr(path, '/');
    int dir_len = slash ? (int)(slash - path) : 1;
    const char *dir = slash ? path : ".";
    if (snprintf(tmp, sizeof(tmp), "%.*s/.briefgen-tmp.XXXXXX", dir_len, dir) >= (int)sizeof(tmp)) {
        bg_diag_error(d, &loc, "path too long");
        return BG_EIO;
    }
    int fd = create_registered(tmp);
    if (fd < 0) {
        bg_diag_error(d, &loc, "cannot create temp file: %s", strerror(errno));
        return BG_EIO;
    }
    /* mkstemp makes 0600; a briefing is an ordinary document. */
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask);
    const char *what = NULL;
    test_write_delay();
    if (!write_all(fd, data, len)) {
        what = "cannot write";
    } else if (fsync(fd) != 0) {
        what = "cannot sync";
    }
    int saved = errno;
    if (close(fd) != 0 && !what) {
        what = "cannot close";
        saved = errno;
    }
    if (!what && rename(tmp, path) != 0) {
        what = "cannot rename temp file";
        saved = errno;
    }
    if (what) {
        unlink(tmp);
        unregister();
        bg_diag_error(d, &loc, "%s: %s", what, strerror(saved));
        return BG_EIO;
    }
    unregister();
    if (is_dir_sync) {
        sync_dir(dir, dir_len);
    }
    return BG_OK;
}

bg_status bg_fsio_write_atomic(const char *path, const void *data, size_t len, bg_diag *d)
{
    return write_atomic(path, data, len, true, d);
}

bg_status bg_fsio_write_atomic_batch(const char *path, const void *data, size_t len, bg_diag *d)
{
    return write_atomic(path, data, len, false, d);
}

bg_status bg_fsio_mkdir(const char *dir, bg_diag *d)
{
    struct stat sb;
    if (stat(dir, &sb) == 0) {
        if (S_ISDIR(sb.st_mode)) {
            return BG_OK;
        }
        bg_loc loc = {dir, 0, 0};
        bg_diag_error(d, &loc, "cannot create directory: %s", strerror(ENOTDIR));
        return BG_EIO;
    }
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        bg_loc loc = {dir, 0, 0};
        bg_diag_error(d, &loc, "cannot create directory: %s", strerror(errno));
        return BG_EIO;
    }
    return BG_OK;
}

void bg_fsio_clean_stale(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp) {
        return;
    }
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    static const char prefix[] = ".briefgen-tmp.";
    for (;;) {
        struct dirent *de = readdir(dp);
        if (!de) {
            break;
        }
        if (strncmp(de->d_name, prefix, sizeof(prefix) - 1) != 0) {
            continue;
        }
        char path[PATH_MAX];
        if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= (int)sizeof(path)) {
            continue;
        }
        struct stat sb;
        if (lstat(path, &sb) == 0 && S_ISREG(sb.st_mode) && now.tv_sec - sb.st_mtime > 3600) {
            unlink(path);
        }
    }
    closedir(dp);
}

bg_status bg_fsio_confine(const char *root, const char *from_path, bg_str rel, const bg_loc *loc,
                          bg_arena *a, bg_diag *d, const char **out)
{
    if (rel.len == 0 || memchr(rel.ptr, '\0', rel.len)) {
        bg_diag_error(d, loc, "empty or invalid path");
        return BG_EINPUT;
    }
    if (rel.ptr[0] == '/') {
        bg_diag_error(d, loc, "absolute path '%.*s' is not allowed", (int)rel.len, rel.ptr);
        return BG_EINPUT;
    }
    const char *base = from_path ? dir_of(a, from_path) : root;
    char *joined = base ? bg_arena_printf(a, "%s/%.*s", base, (int)rel.len, rel.ptr) : NULL;
    if (!joined) {
        return BG_ENOMEM;
    }
    char real_root[PATH_MAX];
    char real_path[PATH_MAX];
    if (!realpath(root, real_root)) {
        bg_loc rl = {root, 0, 0};
        bg_diag_error(d, &rl, "cannot resolve: %s", strerror(errno));
        return BG_EIO;
    }
    if (!realpath(joined, real_path)) {
        bg_diag_error(d, loc, "cannot open '%.*s': %s", (int)rel.len, rel.ptr, strerror(errno));
        return BG_EINPUT;
    }
    size_t root_len = strlen(real_root);
    if (strncmp(real_path, real_root, root_len) != 0 ||
        (real_path[root_len] != '/' && real_path[root_len] != '\0')) {
        bg_diag_error(d, loc, "path '%.*s' leaves '%s'", (int)rel.len, rel.ptr, root);
        return BG_EINPUT;
    }
    *out = joined;
    return BG_OK;
}
