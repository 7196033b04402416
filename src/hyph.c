/* Hyphenation: word → allowed break points with Liang's patterns (Debian's hyph_en_US.dic).
 * Words are lower-cased before lookup; words with digits, '@', '/', other non-letters,
 * all-capital acronyms or fewer than 5 letters never break. Used by layout's line breaker;
 * the dictionary lives as long as the run arena.
 *
 * libhyphen's loader cost 37 M instructions per run for all 11 k en_US patterns (a fifth of
 * the seed build then), and later 5 M for the 1.5 k a run's words needed, plus 4.5 k per
 * word looked up. bg_hyph_open_indexed instead indexes the pattern lines by key (the
 * letters without the digits) and applies Liang's rule itself: every pattern whose key
 * occurs in ".word." puts its digits between the letters it covers, the highest digit at a
 * place wins, and an odd digit is a break (Liang, "Word Hy-phen-a-tion by Com-put-er",
 * 1983). That is what libhyphen computes for the words we hyphenate (letters only, so its
 * built-in compound level with '-' and '\'' never acts; its LEFTHYPHENMIN/RIGHTHYPHENMIN
 * only clear places our own minima clear too). A file with anything else (NEXTLEVEL,
 * non-standard patterns, NOHYPHEN, larger minima, ^^ escapes, long lines) goes to
 * libhyphen whole. tests/unit/test_hyph.c compares the two on every pattern key and the
 * words of the seeds and unseen texts. */
#include "hyph.h"

#include <hyphen.h>
#include <stdbool.h>
#include <string.h>

#include "bytes.h"
#include "fsio.h"
#include "utf8.h"

#define HYPH_MAX_WORD_BYTES 96 /* longer "words" are URLs or junk: layout splits those */
#define HYPH_LEFT_MIN 2
#define HYPH_RIGHT_MIN 3
#define HYPH_MIN_LETTERS 5
#define HYPH_MAX_DICT_BYTES ((size_t)4 << 20) /* en_US is 106 KB */
#define HYPH_MAX_KEY_BYTES 64                 /* longer patterns: libhyphen loads the file */
/* libhyphen reads lines with fgets into 100 bytes and would split a longer one. */
#define HYPH_MAX_LINE_BYTES 96
#define NO_PATTERN UINT32_MAX

/* One pattern line of the dictionary and its key (the line without digits). */
typedef struct {
    uint32_t off, len; /* the pattern in text: letters and digits, no trailing blanks */
    uint32_t key_off;  /* the key in keys */
    uint32_t key_len;
} pattern;

struct bg_hyph {
    HyphenDict *dict; /* libhyphen's whole dictionary (bg_hyph_open); NULL: see is_indexed */
    bool is_indexed;  /* the patterns below give the digits (bg_hyph_open_indexed) */
    bg_str text;      /* the dictionary file */
    pattern *pats;
    size_t n_pats;
    char *keys;
    uint32_t *slots; /* open addressing by key: pattern index + 1, 0 = empty */
    size_t n_slots;  /* a power of two */
    size_t max_key;  /* bytes of the longest key */
};

static void free_dict(void *obj)
{
    hnj_hyphen_free(obj);
}

/* libhyphen mallocs rep/pos/cut arrays for non-standard patterns ("ff=f"); we cannot free
 * them here (STYLE §6), so a dictionary that has any is refused. en_US has none. */
static bool has_nonstandard(const HyphenDict *dict)
{
    for (; dict; dict = dict->nextlevel) {
        for (int i = 0; i < dict->num_states; i++) {
            if (dict->states[i].repl) {
                return true;
            }
        }
    }
    return false;
}

/* The checks shared by both ways of opening: a UTF-8 dictionary of standard patterns. */
static bool is_usable(const HyphenDict *dict)
{
    return dict->utf8 && !has_nonstandard(dict);
}

bg_status bg_hyph_open(const char *dict_path, bg_arena *a, bg_diag *d, bg_hyph **out)
{
    bg_hyph *h = bg_arena_alloc(a, sizeof(*h));
    if (!h) {
        return BG_ENOMEM;
    }
    bg_loc loc = {dict_path, 0, 0};
    if (!bg_fsio_exists(dict_path)) {
        bg_diag_warn(d, &loc, "hyphenation dictionary not found: words will not be hyphenated");
        *out = h;
        return BG_OK;
    }
    HyphenDict *dict = hnj_hyphen_load(dict_path);
    if (!dict) {
        bg_diag_warn(d, &loc, "cannot load hyphenation dictionary: words will not be hyphenated");
        *out = h;
        return BG_OK;
    }
    if (!bg_arena_defer(a, free_dict, dict)) {
        return BG_ENOMEM;
    }
    if (!is_usable(dict)) {
        bg_diag_warn(d, &loc,
                     "unsupported hyphenation dictionary (not UTF-8 or non-standard "
                     "patterns): words will not be hyphenated");
        *out = h;
        return BG_OK;
    }
    h->dict = dict;
    *out = h;
    return BG_OK;
}

static bool is_upper(uint32_t cp)
{
    return (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7);
}

static bool is_letter(uint32_t cp)
{
    if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) {
        return true;
    }
    /* Latin-1 and Latin Extended letters; other scripts are not in the en_US patterns. */
    return cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7;
}

/* --- Our own index of the patterns (bg_hyph_open_indexed) --- */

/* The whole dictionary file into the arena; false when it cannot be read or is empty (the
 * caller then falls back to bg_hyph_open, which reports). */
static bool read_dict(const char *path, bg_arena *a, bg_str *out)
{
    return bg_fsio_read(path, HYPH_MAX_DICT_BYTES, a, NULL, out, NULL) == BG_OK && out->len > 0;
}

/* A header line libhyphen reads as we do: the encoding (line 1, checked apart), a comment,
 * or a minimum no larger than ours (it only clears places ours clear too). */
static bool is_plain_header(bg_str line)
{
    if (line.len > 0 && line.ptr[0] == '%') {
        return true;
    }
    static const struct {
        const char *name;
        char max;
    } mins[] = {{"LEFTHYPHENMIN ", '0' + HYPH_LEFT_MIN}, {"RIGHTHYPHENMIN ", '0' + HYPH_RIGHT_MIN}};
    for (size_t i = 0; i < sizeof(mins) / sizeof(mins[0]); i++) {
        size_t n = strlen(mins[i].name);
        if (line.len == n + 1 && memcmp(line.ptr, mins[i].name, n) == 0 && line.ptr[n] >= '0' &&
            line.ptr[n] <= mins[i].max) {
            return true;
        }
    }
    return false;
}

static bool is_header_line(bg_str line)
{
    return line.len == 0 || line.ptr[0] == '%' || (line.ptr[0] >= 'A' && line.ptr[0] <= 'Z');
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* The pattern with key @key (@len bytes, hashing to @hash), or NO_PATTERN. */
static uint32_t find_key(const bg_hyph *h, const char *key, size_t len, uint64_t hash)
{
    size_t mask = h->n_slots - 1;
    for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
        uint32_t k = h->slots[i];
        if (k == 0) {
            return NO_PATTERN;
        }
        const pattern *p = &h->pats[k - 1];
        if (p->key_len == len && memcmp(h->keys + p->key_off, key, len) == 0) {
            return k - 1;
        }
    }
}

/* Index pattern @idx by its key. A key met again takes the later pattern's slot: libhyphen's
 * loader overwrites a key's digits, so the last one in file order wins (en_US has no key
 * twice). */
static void add_key(bg_hyph *h, uint32_t idx)
{
    pattern *p = &h->pats[idx];
    size_t mask = h->n_slots - 1;
    for (size_t i = (size_t)bg_fnv(h->keys + p->key_off, p->key_len) & mask;; i = (i + 1) & mask) {
        uint32_t k = h->slots[i];
        if (k == 0) {
            h->slots[i] = idx + 1;
            return;
        }
        pattern *q = &h->pats[k - 1];
        if (q->key_len == p->key_len &&
            memcmp(h->keys + q->key_off, h->keys + p->key_off, p->key_len) == 0) {
            h->slots[i] = idx + 1;
            return;
        }
    }
}

/* One pattern line: its key (the line without digits) into h->keys. False for what we do
 * not apply as libhyphen would: non-standard patterns ('/'), ^^ escapes, text after the
 * pattern, control bytes, empty or long keys, long lines. */
static bool add_pattern(bg_hyph *h, bg_str line, size_t off, size_t *keys_len)
{
    if (line.len > HYPH_MAX_LINE_BYTES) {
        return false;
    }
    size_t end = 0;
    while (end < line.len && (unsigned char)line.ptr[end] > ' ') {
        end++;
    }
    for (size_t i = end; i < line.len; i++) {
        if (!is_blank(line.ptr[i])) {
            return false;
        }
    }
    pattern *p = &h->pats[h->n_pats];
    p->off = (uint32_t)off;
    p->len = (uint32_t)end;
    p->key_off = (uint32_t)*keys_len;
    for (size_t i = 0; i < end; i++) {
        char c = line.ptr[i];
        if (c == '/' || c == '^') {
            return false;
        }
        if (c < '0' || c > '9') {
            h->keys[(*keys_len)++] = c;
        }
    }
    p->key_len = (uint32_t)(*keys_len - p->key_off);
    if (p->key_len == 0 || p->key_len > HYPH_MAX_KEY_BYTES) {
        return false;
    }
    h->max_key = p->key_len > h->max_key ? p->key_len : h->max_key;
    add_key(h, (uint32_t)h->n_pats++);
    return true;
}

/* Whether line 1 names UTF-8, as libhyphen wants it for its UTF-8 mode. */
static bool is_utf8_line(bg_str line)
{
    while (line.len > 0 && is_blank(line.ptr[line.len - 1])) {
        line.len--;
    }
    return line.len == 5 && memcmp(line.ptr, "UTF-8", 5) == 0;
}

/* Index the pattern lines of h->text by key. False when the file is not UTF-8, plain header
 * lines, then a plain list of standard patterns: the caller then has libhyphen load it. */
static bool index_dict(bg_hyph *h, bg_arena *a)
{
    size_t n_lines = 1;
    for (const char *p = h->text.ptr, *end = p + h->text.len;
         (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) {
        n_lines++;
    }
    size_t n_slots = 64;
    while (n_slots < 2 * n_lines) {
        n_slots *= 2;
    }
    h->pats = bg_arena_array(a, n_lines, sizeof(pattern));
    h->keys = bg_arena_alloc_raw(a, h->text.len + 1); /* filled as lines are read */
    h->slots = bg_arena_array(a, n_slots, sizeof(uint32_t));
    if (!h->pats || !h->keys || !h->slots) {
        return false;
    }
    h->n_slots = n_slots;
    size_t keys_len = 0;
    bool in_header = true;
    for (size_t off = 0, n = 0; off < h->text.len; n++) {
        const char *nl = memchr(h->text.ptr + off, '\n', h->text.len - off);
        size_t end = nl ? (size_t)(nl - h->text.ptr) : h->text.len;
        bg_str line = {h->text.ptr + off, end - off};
        if (n == 0) {
            if (!is_utf8_line(line)) {
                return false;
            }
        } else if (is_header_line(line)) {
            if (!in_header || !is_plain_header(line)) {
                return false;
            }
        } else {
            in_header = false;
            if (!add_pattern(h, line, off, &keys_len)) {
                return false;
            }
        }
        off = nl ? end + 1 : end;
    }
    return h->n_pats > 0;
}

/* Put the digits of pattern @idx, matched at byte @at of the dotted word, into @gap: gap[i]
 * is the place before byte i. */
static void apply_pattern(const bg_hyph *h, uint32_t idx, size_t at, uint8_t *gap)
{
    const pattern *p = &h->pats[idx];
    const char *s = h->text.ptr + p->off;
    size_t pos = at;
    for (size_t j = 0; j < p->len; j++) {
        if (s[j] >= '0' && s[j] <= '9') {
            uint8_t v = (uint8_t)(s[j] - '0');
            gap[pos] = v > gap[pos] ? v : gap[pos];
        } else {
            pos++;
        }
    }
}

/* Liang's digits for @lower (@n bytes): @gap[i] (n + 3 entries) is the highest digit of
 * the patterns found in ".lower." at the place before its byte i. */
static void liang(const bg_hyph *h, const char *lower, size_t n, uint8_t *gap)
{
    char dotted[HYPH_MAX_WORD_BYTES + 2];
    dotted[0] = '.';
    memcpy(dotted + 1, lower, n);
    dotted[n + 1] = '.';
    size_t m = n + 2;
    memset(gap, 0, m + 1);
    for (size_t i = 0; i < m; i++) {
        uint64_t hash = BG_FNV_BASIS; /* bg_fnv, one byte longer per step */
        for (size_t len = 1; len <= h->max_key && i + len <= m; len++) {
            hash = bg_fnv_step(hash, (unsigned char)dotted[i + len - 1]);
            uint32_t k = find_key(h, dotted + i, len, hash);
            if (k != NO_PATTERN) {
                apply_pattern(h, k, i, gap);
            }
        }
    }
}

bg_status bg_hyph_open_indexed(const char *dict_path, bg_arena *a, bg_diag *d, bg_hyph **out)
{
    bg_hyph *h = bg_arena_alloc(a, sizeof(*h));
    if (!h) {
        return BG_ENOMEM;
    }
    if (!read_dict(dict_path, a, &h->text) || !index_dict(h, a)) {
        return a->failed ? BG_ENOMEM : bg_hyph_open(dict_path, a, d, out);
    }
    h->is_indexed = true;
    *out = h;
    return BG_OK;
}

/* Lower-case the letters of @word into @lower (NUL-terminated), with the last byte of each
 * character in @char_end and the capitals counted in *n_upper. Returns the number of
 * characters, or 0 when one is not a letter (digits, '@', '/', invalid bytes). @word.len is
 * at most HYPH_MAX_WORD_BYTES. */
static size_t lower_word(bg_str word, char *lower, size_t *char_end, size_t *n_upper)
{
    size_t n_chars = 0;
    size_t i = 0;
    *n_upper = 0;
    while (i < word.len) {
        uint32_t cp = 0;
        size_t n = bg_utf8_decode(word.ptr + i, word.len - i, &cp);
        if (n == 0 || !is_letter(cp)) {
            return 0;
        }
        memcpy(lower + i, word.ptr + i, n);
        if (is_upper(cp)) {
            (*n_upper)++;
            if (n == 1) {
                lower[i] = (char)(lower[i] + ('a' - 'A'));
            } else {
                char enc[4];
                size_t m = bg_utf8_encode(cp + 0x20, enc); /* Latin-1 capitals: same length */
                if (m == n) {
                    memcpy(lower + i, enc, n);
                }
            }
        }
        i += n;
        char_end[n_chars++] = i - 1;
    }
    lower[word.len] = '\0';
    return n_chars;
}

/* libhyphen's break digits for @lower (@len bytes) with @dict into @hyphens
 * (HYPH_MAX_WORD_BYTES + 5 bytes); false when it fails. */
static bool hyphenate(HyphenDict *dict, const char *lower, size_t len, char *hyphens)
{
    char **rep = NULL;
    int *pos = NULL;
    int *cut = NULL;
    return hnj_hyphen_hyphenate2(dict, lower, (int)len, hyphens, NULL, &rep, &pos, &cut) == 0;
}

/* The break digits of @lower (@len bytes, @n_chars characters ending at @char_end), one
 * per character as libhyphen gives them for a UTF-8 dictionary: the digit after the last
 * byte of each character (hnj_hyphen_norm). False: no breaks. */
static bool word_digits(const bg_hyph *h, const char *lower, size_t len, size_t n_chars,
                        const size_t *char_end, char *hyphens)
{
    if (!h->is_indexed) {
        return hyphenate(h->dict, lower, len, hyphens);
    }
    uint8_t gap[HYPH_MAX_WORD_BYTES + 3];
    liang(h, lower, len, gap);
    for (size_t c = 0; c < n_chars; c++) {
        hyphens[c] = (char)('0' + gap[char_end[c] + 2]); /* after byte char_end[c] */
    }
    return true;
}

size_t bg_hyph_points(const bg_hyph *h, bg_str word, uint8_t *breaks)
{
    if (word.len > 0) {
        memset(breaks, 0, word.len);
    }
    if (!h || (!h->dict && !h->is_indexed) || word.len == 0 || word.len > HYPH_MAX_WORD_BYTES) {
        return 0;
    }
    char lower[HYPH_MAX_WORD_BYTES + 1];
    size_t char_end[HYPH_MAX_WORD_BYTES]; /* byte offset of the last byte of character i */
    size_t n_upper = 0;
    size_t n_chars = lower_word(word, lower, char_end, &n_upper);
    if (n_chars < HYPH_MIN_LETTERS || n_upper == n_chars) {
        return 0; /* short words and acronyms (NATO, OSCE) stay whole; non-letters */
    }
    char hyphens[HYPH_MAX_WORD_BYTES + 5];
    if (!word_digits(h, lower, word.len, n_chars, char_end, hyphens)) {
        return 0;
    }
    /* UTF-8 dictionaries report one digit per character (hnj_hyphen_norm). */
    size_t n_breaks = 0;
    for (size_t c = HYPH_LEFT_MIN - 1; c + HYPH_RIGHT_MIN < n_chars; c++) {
        if (hyphens[c] & 1) {
            breaks[char_end[c]] = 1;
            n_breaks++;
        }
    }
    return n_breaks;
}
