/* Replays fuzz inputs without libFuzzer (md4c's seed corpus, SQLite's fuzzcheck):
 * `fuzz_replay TARGET PATH...` runs every regular file of each PATH (a file or a directory,
 * in name order) through the harness TARGET (source, rules, template, layout). `make test`
 * runs it on tests/fuzz/regress/<target>/ and the seed corpus; a crash fails the suite.
 * Prints one line per file with BG_FUZZ_VERBOSE set. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_common.h"

typedef int (*target_fn)(const uint8_t *data, size_t size);

static const struct {
    const char *name;
    target_fn fn;
} targets[] = {
    {"source", bg_fuzz_source},
    {"rules", bg_fuzz_rules},
    {"template", bg_fuzz_template},
    {"layout", bg_fuzz_layout},
};

static int run_file(target_fn fn, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    size_t cap = 4096;
    size_t len = 0;
    uint8_t *buf = malloc(cap);
    for (;;) {
        if (!buf) {
            fclose(f);
            return 1;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            break;
        }
        if (len == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    fclose(f);
    if (getenv("BG_FUZZ_VERBOSE")) {
        fprintf(stderr, "replay %s (%zu bytes)\n", path, len);
    }
    /* An exact-size copy, so ASan and valgrind see reads past the input. */
    uint8_t *exact = malloc(len ? len : 1);
    if (!exact) {
        free(buf);
        return 1;
    }
    memcpy(exact, buf, len);
    free(buf);
    fn(exact, len);
    free(exact);
    return 0;
}

static int by_name(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int run_path(target_fn fn, const char *path, size_t *n_files)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        perror(path);
        return 1;
    }
    if (!S_ISDIR(sb.st_mode)) {
        (*n_files)++;
        return run_file(fn, path);
    }
    DIR *dir = opendir(path);
    if (!dir) {
        perror(path);
        return 1;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.') {
            continue;
        }
        char **grown = realloc(names, (n + 1) * sizeof(*names));
        if (!grown) {
            break;
        }
        names = grown;
        size_t size = strlen(path) + strlen(e->d_name) + 2;
        names[n] = malloc(size);
        if (names[n]) {
            snprintf(names[n], size, "%s/%s", path, e->d_name);
            n++;
        }
    }
    closedir(dir);
    qsort(names, n, sizeof(*names), by_name);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (stat(names[i], &sb) == 0 && S_ISREG(sb.st_mode)) {
            (*n_files)++;
            rc |= run_file(fn, names[i]);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: fuzz_replay source|rules|template|layout PATH...\n");
        return 2;
    }
    target_fn fn = NULL;
    for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
        if (strcmp(argv[1], targets[i].name) == 0) {
            fn = targets[i].fn;
        }
    }
    if (!fn) {
        fprintf(stderr, "fuzz_replay: unknown target '%s'\n", argv[1]);
        return 2;
    }
    int rc = 0;
    size_t n_files = 0;
    for (int i = 2; i < argc; i++) {
        rc |= run_path(fn, argv[i], &n_files);
    }
    printf("%s: %zu inputs replayed\n", argv[1], n_files);
    return rc;
}
