/* Stage 1, load: content/NAME.txt (+ optional NAME.yaml sidecar) → bg_source_set. Each file is
 * read with a cap, checked (invalid UTF-8 and NUL bytes are errors at line:col), its BOM
 * dropped, CRLF and lone CR turned into LF, then indexed by line. Titles come from the
 * sidecar or are inferred: the unrepeated, title-like line whose words recur most. */
#include "source.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "fsio.h"
#include "limit.h"
#include "utf8.h"
#include "yload.h"

/* The longest line that may pass for an inferred title, and how far down to look. */
#define TITLE_MAX_BYTES 200u
#define TITLE_MAX_LINES 400u
#define TITLE_MAX_CANDIDATES 64u
#define TITLE_SCAN_BYTES 16384u /* body text searched for a candidate title's words */
/* Distinct words of 4+ bytes over all candidates: at most 64 lines of 200 bytes, a word
 * and its separator taking 5 bytes at least. */
#define TITLE_MAX_WORDS (TITLE_MAX_CANDIDATES * (TITLE_MAX_BYTES / 5u + 1u))
#define TITLE_WORD_SLOTS 4096u /* a power of two, over 1.5 times TITLE_MAX_WORDS */

static bool is_ascii_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* --- Normalisation --- */

/* Whether the eight bytes of @w are all ASCII and none is NUL, CR or LF: each such byte
 * is one column. */
static bool is_plain_word(uint64_t w)
{
    const uint64_t high = 0x8080808080808080ull;
    uint64_t special = bg_zero_bytes(w) | bg_zero_bytes(w ^ bg_bytes_of('\r')) |
                       bg_zero_bytes(w ^ bg_bytes_of('\n'));
    return ((w & high) | special) == 0;
}

/* Check @raw: valid UTF-8 without NUL bytes. Reports the first invalid byte of each line
 * (at most BG_MAX_ERRORS_PER_FILE lines, then how many more) and the first NUL; sets
 * *has_cr when a CR needs rewriting. */
static bg_status validate(const char *path, bg_str raw, bg_diag *d, bool *has_cr)
{
    uint32_t line = 1;
    uint32_t col = 1;
    uint32_t bad_line = 0; /* the last line reported */
    size_t n_bad_lines = 0;
    *has_cr = false;
    for (size_t i = 0; i < raw.len;) {
        uint64_t w;
        if (i + 8 <= raw.len && (memcpy(&w, raw.ptr + i, sizeof(w)), is_plain_word(w))) {
            i += 8;
            col += 8;
            continue;
        }
        unsigned char c = (unsigned char)raw.ptr[i];
        if (c == '\r' || c == '\n') {
            *has_cr = *has_cr || c == '\r';
            i += (c == '\r' && i + 1 < raw.len && raw.ptr[i + 1] == '\n') ? 2 : 1;
            line++;
            col = 1;
            continue;
        }
        if (c == '\0') {
            bg_loc loc = {path, line, col};
            bg_diag_error(d, &loc, "NUL byte in text (binary file?)");
            return BG_EINPUT;
        }
        uint32_t cp;
        size_t n = c < 0x80 ? 1 : bg_utf8_decode(raw.ptr + i, raw.len - i, &cp);
        if (n == 0 && bad_line != line) {
            if (n_bad_lines < BG_MAX_ERRORS_PER_FILE) {
                bg_loc loc = {path, line, col};
                bg_diag_error(d, &loc, "invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
                              (unsigned)c);
            }
            bad_line = line;
            n_bad_lines++;
        }
        i += n ? n : 1;
        col++;
    }
    if (n_bad_lines > BG_MAX_ERRORS_PER_FILE) {
        bg_loc loc = {path, 0, 0};
        bg_diag_note(d, &loc, "%zu more lines with invalid UTF-8",
                     n_bad_lines - BG_MAX_ERRORS_PER_FILE);
    }
    return n_bad_lines ? BG_EINPUT : BG_OK;
}

/* @raw without its BOM and with LF line ends, once validate() has passed it. Copies only
 * when there is a CR to rewrite. */
static bg_status normalise(const char *path, bg_str raw, bg_arena *a, bg_diag *d, bg_str *out)
{
    if (raw.len >= 3 && memcmp(raw.ptr, "\xEF\xBB\xBF", 3) == 0) {
        raw.ptr += 3;
        raw.len -= 3;
    }
    bool has_cr = false;
    bg_status st = validate(path, raw, d, &has_cr);
    if (st != BG_OK) {
        return st;
    }
    if (!has_cr) {
        *out = raw;
        return BG_OK;
    }
    char *buf = bg_arena_alloc(a, raw.len + 1);
    if (!buf) {
        bg_loc loc = {path, 0, 0};
        bg_diag_error(d, &loc, "out of memory normalising %zu bytes", raw.len);
        return BG_ENOMEM;
    }
    size_t o = 0;
    for (size_t i = 0; i < raw.len; i++) {
        if (raw.ptr[i] == '\r') {
            buf[o++] = '\n';
            i += i + 1 < raw.len && raw.ptr[i + 1] == '\n';
        } else {
            buf[o++] = raw.ptr[i];
        }
    }
    buf[o] = '\0';
    *out = (bg_str){buf, o};
    return BG_OK;
}

/* The next '\n' in [@from, @to) of @t, or @to. */
static size_t next_newline(const char *t, size_t from, size_t to)
{
    const char *nl = from < to ? memchr(t + from, '\n', to - from) : NULL;
    return nl ? (size_t)(nl - t) : to;
}

static bg_status index_lines(bg_source *s, bg_arena *a, bg_diag *d)
{
    /* A line starts after each '\n' but a final one. */
    size_t last = s->text.len ? s->text.len - 1 : 0;
    size_t n = 1;
    for (size_t i = next_newline(s->text.ptr, 0, last); i < last;
         i = next_newline(s->text.ptr, i + 1, last)) {
        n++;
    }
    uint32_t *starts = bg_arena_array(a, n, sizeof(*starts));
    if (!starts) {
        bg_loc loc = {s->path, 0, 0};
        bg_diag_error(d, &loc, "out of memory indexing lines");
        return BG_ENOMEM;
    }
    size_t k = 0;
    starts[k++] = 0;
    for (size_t i = next_newline(s->text.ptr, 0, last); i < last;
         i = next_newline(s->text.ptr, i + 1, last)) {
        starts[k++] = (uint32_t)(i + 1);
    }
    s->line_start = starts;
    s->n_lines = n;
    return BG_OK;
}

bg_loc bg_source_loc(const bg_source *s, size_t off)
{
    if (off > s->text.len) {
        off = s->text.len;
    }
    /* the last line whose start is <= off */
    size_t lo = 0;
    size_t hi = s->n_lines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->line_start[mid] <= off) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    size_t start = s->n_lines ? s->line_start[lo] : 0;
    size_t col = bg_utf8_count(s->text.ptr + start, off - start) + 1;
    return (bg_loc){s->path, (uint32_t)(lo + 1), (uint32_t)col};
}

/* --- Title inference --- */

static bg_str trim(bg_str s)
{
    while (s.len && is_ascii_space(s.ptr[0])) {
        s.ptr++;
        s.len--;
    }
    while (s.len && is_ascii_space(s.ptr[s.len - 1])) {
        s.len--;
    }
    return s;
}

static bg_str line_at(const bg_source *s, size_t i)
{
    size_t start = s->line_start[i];
    size_t end = i + 1 < s->n_lines ? s->line_start[i + 1] : s->text.len;
    return (bg_str){s->text.ptr + start, end - start};
}

/* Short, has a letter, starts like a heading (not a bullet, a pictograph or a number), and does not
 * end like a sentence or a label. */
static bool looks_like_title(bg_str t)
{
    if (t.len < 4 || t.len > TITLE_MAX_BYTES) {
        return false;
    }
    char first = t.ptr[0];
    char last = t.ptr[t.len - 1];
    if (first == '-' || first == '*' || (first >= '0' && first <= '9') ||
        (t.len >= 3 && memcmp(t.ptr, "\xE2\x80\xA2", 3) == 0) ||
        bg_utf8_pictograph_len(t.ptr, t.len)) {
        return false;
    }
    if (last == '.' || last == ':' || last == ',' || last == ';') {
        return false;
    }
    size_t n_letters = 0;
    size_t n_spaces = 0;
    for (size_t i = 0; i < t.len; i++) {
        char c = t.ptr[i];
        n_letters += (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        n_spaces += c == ' ';
    }
    /* at least two words: a lone word is a site name or a menu item */
    return n_letters >= 3 && n_spaces >= 1;
}

static bool is_word_byte(char c)
{
    return bg_utf8_word_fold[(unsigned char)c] != 0;
}

/* The next word of @t from *@i: a maximal run of word bytes. False past the last. */
static bool next_word(bg_str t, size_t *i, bg_str *w)
{
    size_t k = *i;
    while (k < t.len && !is_word_byte(t.ptr[k])) {
        k++;
    }
    size_t start = k;
    while (k < t.len && is_word_byte(t.ptr[k])) {
        k++;
    }
    *i = k;
    *w = (bg_str){t.ptr + start, k - start};
    return w->len > 0;
}

/* The candidates' words of 4 or more bytes, ASCII case folded, each with the number of
 * times it occurs as a word in the body. Counting every body word once against this table
 * gives the same sums as searching the body for each candidate's words in turn, which cost
 * 507 M instructions over the 200 sources of the 100x bench corpus. */
typedef struct {
    uint16_t slot[TITLE_WORD_SLOTS]; /* index + 1 into word, 0 = empty */
    bg_str word[TITLE_MAX_WORDS];
    unsigned count[TITLE_MAX_WORDS];
    size_t n;
} word_table;

static bool eq_folded(bg_str x, bg_str y)
{
    if (x.len != y.len) {
        return false;
    }
    for (size_t i = 0; i < x.len; i++) {
        if (bg_utf8_word_fold[(unsigned char)x.ptr[i]] !=
            bg_utf8_word_fold[(unsigned char)y.ptr[i]]) {
            return false;
        }
    }
    return true;
}

/* The slot of @w: its word's, or the empty one where it would go. */
static size_t find_slot(const word_table *wt, bg_str w)
{
    size_t i = (size_t)bg_utf8_word_hash(w.ptr, w.len) & (TITLE_WORD_SLOTS - 1);
    while (wt->slot[i] != 0 && !eq_folded(wt->word[wt->slot[i] - 1], w)) {
        i = (i + 1) & (TITLE_WORD_SLOTS - 1);
    }
    return i;
}

static void add_words(word_table *wt, bg_str t)
{
    size_t i = 0;
    bg_str w;
    while (next_word(t, &i, &w)) {
        size_t k = find_slot(wt, w);
        if (w.len >= 4 && wt->slot[k] == 0 && wt->n < TITLE_MAX_WORDS) {
            wt->word[wt->n] = w;
            wt->count[wt->n] = 0;
            wt->slot[k] = (uint16_t)(++wt->n);
        }
    }
}

/* Count the table's words in the body: lines that are not title-like (sentences,
 * bullets), in the first TITLE_SCAN_BYTES of the text. */
static void count_body_words(const bg_source *s, word_table *wt)
{
    size_t scanned = 0;
    for (size_t line = 0; line < s->n_lines && scanned < TITLE_SCAN_BYTES; line++) {
        bg_str body = trim(line_at(s, line));
        scanned += body.len;
        if (body.len == 0 || looks_like_title(body)) {
            continue;
        }
        size_t i = 0;
        bg_str w;
        while (next_word(body, &i, &w)) {
            size_t k = w.len >= 4 ? find_slot(wt, w) : 0;
            if (w.len >= 4 && wt->slot[k] != 0) {
                wt->count[wt->slot[k] - 1]++;
            }
        }
    }
}

/* How often the words of 4 or more bytes of the line @t occur in the body: a page's title
 * names what the page is about ("Relations with Japan"); a menu, an app banner, a photo
 * credit or a site name ("Skip to main content", "Install the app") names something the
 * body hardly mentions. */
static unsigned topic_overlap(const word_table *wt, bg_str t)
{
    unsigned n = 0;
    size_t i = 0;
    bg_str w;
    while (next_word(t, &i, &w)) {
        size_t k = w.len >= 4 ? find_slot(wt, w) : 0;
        if (w.len >= 4 && wt->slot[k] != 0) {
            n += wt->count[wt->slot[k] - 1];
        }
    }
    return n;
}

/* DESIGN: without a sidecar the title is inferred. Web pages repeat their menus and app
 * banners, so the title is a title-like line that occurs only once and whose words recur
 * in the text (the page's topic): the first whose words recur at least half as often as
 * those of the best line, since a heading or photo credit further down may name the topic
 * too. When no line's words recur, the first unrepeated title-like line. */
static bg_str infer_title(const bg_source *s, word_table *wt)
{
    bg_str cand[TITLE_MAX_CANDIDATES];
    uint64_t cand_hash[TITLE_MAX_CANDIDATES];
    unsigned cand_count[TITLE_MAX_CANDIDATES];
    size_t n_cand = 0;
    for (size_t i = 0; i < s->n_lines && i < TITLE_MAX_LINES && n_cand < TITLE_MAX_CANDIDATES;
         i++) {
        bg_str t = trim(line_at(s, i));
        if (looks_like_title(t)) {
            cand[n_cand] = t;
            cand_hash[n_cand] = bg_fnv(t.ptr, t.len);
            cand_count[n_cand] = 0;
            n_cand++;
        }
    }
    if (n_cand == 0) {
        return s->name;
    }
    for (size_t i = 0; i < s->n_lines; i++) {
        bg_str t = trim(line_at(s, i));
        if (t.len < 4 || t.len > TITLE_MAX_BYTES) {
            continue;
        }
        uint64_t h = bg_fnv(t.ptr, t.len);
        for (size_t k = 0; k < n_cand; k++) {
            if (cand_hash[k] == h && bg_str_eq(cand[k], t)) {
                cand_count[k]++;
            }
        }
    }
    wt->n = 0;
    memset(wt->slot, 0, sizeof(wt->slot));
    for (size_t k = 0; k < n_cand; k++) {
        if (cand_count[k] == 1) {
            add_words(wt, cand[k]);
        }
    }
    count_body_words(s, wt);
    unsigned overlap[TITLE_MAX_CANDIDATES];
    unsigned max_overlap = 0;
    size_t first = n_cand;
    for (size_t k = 0; k < n_cand; k++) {
        overlap[k] = cand_count[k] == 1 ? topic_overlap(wt, cand[k]) : 0;
        max_overlap = overlap[k] > max_overlap ? overlap[k] : max_overlap;
        first = first == n_cand && cand_count[k] == 1 ? k : first;
    }
    for (size_t k = 0; k < n_cand && max_overlap > 0; k++) {
        if (cand_count[k] == 1 && overlap[k] > 0 && 2 * overlap[k] >= max_overlap) {
            return cand[k];
        }
    }
    return first < n_cand ? cand[first] : s->name;
}

/* --- Sidecar --- */

static const char *const sidecar_keys[] = {"title", "publisher", "author", "date", "url", NULL};

static bg_status read_sidecar(bg_source *s, const char *meta_path, bg_arena *a, bg_diag *d)
{
    bg_str text;
    int64_t mtime = 0;
    bg_status st = bg_fsio_read(meta_path, BG_MAX_YAML_BYTES, a, d, &text, &mtime);
    if (st != BG_OK) {
        return st;
    }
    if (mtime > s->mtime) {
        s->mtime = mtime; /* for -M and --check */
    }
    bg_ynode *root = NULL;
    st = bg_yload_mem(meta_path, text.ptr, text.len, a, d, &root);
    if (st != BG_OK) {
        return st;
    }
    st = bg_yload_check_keys(root, sidecar_keys, d);
    if (root->kind != BG_YNODE_MAP) {
        return st;
    }
    bg_str *fields[] = {&s->meta.title, &s->meta.publisher, &s->meta.author, &s->meta.date,
                        &s->meta.url};
    for (size_t k = 0; k < sizeof(fields) / sizeof(fields[0]); k++) {
        const bg_ynode *v = bg_yload_get(root, sidecar_keys[k]);
        if (!v || bg_yload_is_null(v)) {
            continue;
        }
        if (bg_yload_expect(v, BG_YNODE_SCALAR, d) != BG_OK) {
            st = BG_EINPUT;
            continue;
        }
        *fields[k] = trim(v->scalar);
    }
    return st;
}

/* --- Loading --- */

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s);
    size_t m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

static bool is_blank(bg_str t)
{
    for (size_t i = 0; i < t.len; i++) {
        if (!is_ascii_space(t.ptr[i])) {
            return false;
        }
    }
    return true;
}

/* @words: scratch for title inference, shared by the sources of a run. */
static bg_status load_one(const char *path, word_table *words, bg_arena *a, bg_diag *d,
                          bg_source *s)
{
    bg_loc loc = {path, 0, 0};
    bg_str raw;
    int64_t mtime = 0;
    bg_status st = bg_fsio_read(path, BG_MAX_SOURCE_BYTES, a, d, &raw, &mtime);
    if (st != BG_OK) {
        return st;
    }
    s->path = path;
    s->mtime = mtime;
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t base_len = strlen(base);
    if (ends_with(base, ".txt")) {
        base_len -= 4;
    }
    s->name = (bg_str){base, base_len};
    st = normalise(path, raw, a, d, &s->text);
    if (st != BG_OK) {
        return st;
    }
    if (is_blank(s->text)) {
        bg_diag_error(d, &loc, "no text");
        return BG_EINPUT;
    }
    st = index_lines(s, a, d);
    if (st != BG_OK) {
        return st;
    }
    /* the sidecar sits next to the text: content/NAME.txt → content/NAME.yaml */
    size_t dir_len = (size_t)(base - path);
    char *meta_path = bg_arena_printf(a, "%.*s%.*s.yaml", (int)dir_len, path, (int)base_len, base);
    if (!meta_path) {
        bg_diag_error(d, &loc, "out of memory");
        return BG_ENOMEM;
    }
    if (bg_fsio_exists(meta_path)) {
        s->meta_path = meta_path;
        st = read_sidecar(s, meta_path, a, d);
        if (st != BG_OK) {
            return st;
        }
    }
    if (s->meta.title.len == 0) {
        s->meta.title = infer_title(s, words);
    }
    return BG_OK;
}

/* A name is a path when it has a '/' or ends in ".txt"; otherwise a stem in @content_dir. */
static const char *name_to_path(const char *content_dir, const char *name, bg_arena *a)
{
    if (strchr(name, '/') || ends_with(name, ".txt")) {
        return name;
    }
    return bg_arena_printf(a, "%s/%s.txt", content_dir, name);
}

static int cmp_cstr(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Keep the worst status: memory beats I/O beats bad input. */
static bg_status worse(bg_status a, bg_status b)
{
    static const int rank[] = {[BG_OK] = 0,  [BG_EINPUT] = 1, [BG_EUSAGE] = 2,
                               [BG_EIO] = 3, [BG_ENOMEM] = 4, [BG_EINTERNAL] = 5};
    return rank[b] > rank[a] ? b : a;
}

bg_status bg_source_run(const char *content_dir, const char *const *names, size_t n_names,
                        bg_arena *a, bg_diag *d, bg_source_set *out)
{
    const char **paths = NULL;
    size_t n = 0;
    if (n_names == 0) {
        bg_path_list list;
        bg_status st = bg_fsio_list(content_dir, ".txt", a, d, &list);
        if (st != BG_OK) {
            return st;
        }
        if (list.n == 0) {
            bg_loc loc = {content_dir, 0, 0};
            bg_diag_error(d, &loc, "no sources (no *.txt files)");
            return BG_EINPUT;
        }
        paths = bg_arena_array(a, list.n, sizeof(*paths));
        if (!paths) {
            bg_diag_error(d, NULL, "out of memory");
            return BG_ENOMEM;
        }
        for (size_t i = 0; i < list.n; i++) {
            paths[i] = list.items[i];
        }
        n = list.n;
    } else {
        if (n_names > BG_MAX_SOURCES) {
            bg_diag_error(d, NULL, "more than %u sources", BG_MAX_SOURCES);
            return BG_EINPUT;
        }
        paths = bg_arena_array(a, n_names, sizeof(*paths));
        if (!paths) {
            bg_diag_error(d, NULL, "out of memory");
            return BG_ENOMEM;
        }
        for (size_t i = 0; i < n_names; i++) {
            paths[n] = name_to_path(content_dir, names[i], a);
            if (!paths[n]) {
                bg_diag_error(d, NULL, "out of memory");
                return BG_ENOMEM;
            }
            n++;
        }
        qsort(paths, n, sizeof(*paths), cmp_cstr);
        /* the same source named twice is loaded once */
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            if (k == 0 || strcmp(paths[k - 1], paths[i]) != 0) {
                paths[k++] = paths[i];
            }
        }
        n = k;
    }
    bg_source *items = bg_arena_array(a, n, sizeof(*items));
    word_table *words = bg_arena_alloc_raw(a, sizeof(*words)); /* written before read */
    if (!items || !words) {
        bg_diag_error(d, NULL, "out of memory");
        return BG_ENOMEM;
    }
    bg_status st = BG_OK;
    for (size_t i = 0; i < n; i++) {
        st = worse(st, load_one(paths[i], words, a, d, &items[i]));
        if (st == BG_ENOMEM) {
            break;
        }
    }
    if (st != BG_OK) {
        return st;
    }
    out->items = items;
    out->n = n;
    return BG_OK;
}
