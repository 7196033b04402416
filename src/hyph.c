/* Hyphenation: word → allowed break points, over libhyphen (Liang's patterns, Debian's
 * hyph_en_US.dic). Words are lower-cased before lookup; words with digits, '@', '/',
 * other non-letters, all-capital acronyms or fewer than 5 letters never break. Used by
 * layout's line breaker; the dictionary lives as long as the run arena.
 *
 * Loading all 11 k en_US patterns cost 37 M instructions per run (a fifth of the seed
 * build), while the seeds' words need 1.5 k of them. A pattern can only act on a word
 * whose ".word." holds the pattern's letters (its key) as a substring, so
 * bg_hyph_open_for hands libhyphen only the patterns whose keys occur in the words of
 * the run's texts; any other word gets a dictionary of just its own patterns. Either way
 * libhyphen sees every pattern that can apply, so the break points are unchanged. The noted
 * words are kept, so that layout asks libhyphen directly for them, and the break digits of
 * other words are cached, so that each builds its own dictionary once (not once a line). */
#include "hyph.h"

#include <hyphen.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "fsio.h"
#include "utf8.h"

#define HYPH_MAX_WORD_BYTES 96 /* longer "words" are URLs or junk: layout splits those */
#define HYPH_LEFT_MIN 2
#define HYPH_RIGHT_MIN 3
#define HYPH_MIN_LETTERS 5
#define HYPH_MAX_DICT_BYTES ((size_t)4 << 20)  /* en_US is 106 KB */
#define HYPH_MAX_KEY_BYTES 64                  /* longer patterns: load the whole file */
#define HYPH_SCRATCH_BYTES ((size_t)128 << 10) /* one word's own dictionary text */
#define NO_PATTERN UINT32_MAX
/* Past this much text the selection costs more than loading every pattern (at 1.3 MB of
 * sources, 30 ms against 12 ms): bg_hyph_open_for then loads the whole dictionary. */
#define HYPH_NOTE_MAX_BYTES ((size_t)256 << 10)
#define HYPH_NOTED_SLOTS 8192 /* distinct noted words; more are selected, not kept */
#define HYPH_NOTED_PROBES 16
#define HYPH_CACHE_SLOTS 256 /* words outside the noted texts, by hash (direct-mapped) */

/* One pattern line of the dictionary and its key (the line without digits). */
typedef struct {
    uint32_t off, len; /* the line in text, without its newline */
    uint32_t key_off;  /* the key in keys */
    uint32_t key_len;
    uint32_t next_same; /* next pattern with the same key, or NO_PATTERN */
    bool is_selected;   /* loaded into dict */
} pattern;

/* A word whose patterns bg_hyph_open_for selected: lower-cased, in bg_hyph.words. */
typedef struct {
    uint64_t hash; /* hash_bytes of the word; 0 = empty slot */
    uint32_t off;  /* in words */
    uint32_t len;  /* bytes */
} noted_word;

/* The break digits of a word outside the noted texts (lower-cased), as libhyphen gave them
 * with the dictionary that covers the word. */
typedef struct {
    uint8_t len; /* bytes of word; 0 = empty slot */
    char word[HYPH_MAX_WORD_BYTES];
    char hyphens[HYPH_MAX_WORD_BYTES]; /* one digit per character; all even: no breaks */
} cached_word;

struct bg_hyph {
    HyphenDict *dict;  /* NULL: never break */
    bool is_filtered;  /* dict holds only the selected patterns (bg_hyph_open_for) */
    bg_str text;       /* the dictionary file (filtered mode) */
    size_t header_len; /* bytes of its leading non-pattern lines, kept in every load */
    pattern *pats;
    size_t n_pats;
    char *keys;
    uint32_t *slots;   /* open addressing by key: pattern index + 1, 0 = empty */
    size_t n_slots;    /* a power of two */
    size_t max_key;    /* bytes of the longest key */
    noted_word *noted; /* HYPH_NOTED_SLOTS, open addressing by hash */
    char *words;       /* the noted words' bytes */
    size_t words_len;  /* bytes used in words */
    size_t words_cap;  /* bytes: the noted texts' total, so every distinct word fits */
    /* Written by the const bg_hyph_points (logically const: not shared across threads). */
    char *scratch;      /* a word's own dictionary text */
    cached_word *cache; /* HYPH_CACHE_SLOTS */
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

/* --- Filtered loading (bg_hyph_open_for) --- */

static uint64_t hash_bytes(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
    }
    return h;
}

/* The whole dictionary file into the arena; false when it cannot be read or is empty (the
 * caller then falls back to bg_hyph_open, which reports). */
static bool read_dict(const char *path, bg_arena *a, bg_str *out)
{
    return bg_fsio_read(path, HYPH_MAX_DICT_BYTES, a, NULL, out, NULL) == BG_OK && out->len > 0;
}

static bool is_header_line(bg_str line)
{
    return line.len == 0 || line.ptr[0] == '%' || (line.ptr[0] >= 'A' && line.ptr[0] <= 'Z');
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

static void add_key(bg_hyph *h, uint32_t idx)
{
    pattern *p = &h->pats[idx];
    size_t mask = h->n_slots - 1;
    for (size_t i = (size_t)hash_bytes(h->keys + p->key_off, p->key_len) & mask;;
         i = (i + 1) & mask) {
        uint32_t k = h->slots[i];
        if (k == 0) {
            h->slots[i] = idx + 1;
            return;
        }
        pattern *q = &h->pats[k - 1];
        if (q->key_len == p->key_len &&
            memcmp(h->keys + q->key_off, h->keys + p->key_off, p->key_len) == 0) {
            p->next_same = q->next_same; /* same letters, other digits */
            q->next_same = idx;
            return;
        }
    }
}

/* One pattern line: its key (the line without digits) into h->keys. False for what we do
 * not filter safely: non-standard patterns ('/'), text after the pattern, odd keys. */
static bool add_pattern(bg_hyph *h, bg_str line, size_t off, size_t *keys_len)
{
    size_t end = 0;
    while (end < line.len && line.ptr[end] != ' ' && line.ptr[end] != '\t' &&
           line.ptr[end] != '\r') {
        end++;
    }
    for (size_t i = end; i < line.len; i++) {
        if (line.ptr[i] != ' ' && line.ptr[i] != '\t' && line.ptr[i] != '\r') {
            return false;
        }
    }
    pattern *p = &h->pats[h->n_pats];
    p->off = (uint32_t)off;
    p->len = (uint32_t)line.len;
    p->key_off = (uint32_t)*keys_len;
    p->next_same = NO_PATTERN;
    for (size_t i = 0; i < end; i++) {
        char c = line.ptr[i];
        if (c == '/') {
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

/* Index the pattern lines of h->text by key. False when the file is not a plain list of
 * standard patterns after a header (NEXTLEVEL, a header line among the patterns, ...): the
 * caller then loads it whole. */
static bool index_dict(bg_hyph *h, bg_arena *a)
{
    size_t n_lines = 1;
    for (size_t i = 0; i < h->text.len; i++) {
        n_lines += h->text.ptr[i] == '\n';
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
        if (n == 0 || is_header_line(line)) { /* line 1 names the encoding */
            bool is_next_level = line.len >= 9 && memcmp(line.ptr, "NEXTLEVEL", 9) == 0;
            if (!in_header || is_next_level) {
                return false;
            }
            h->header_len = nl ? end + 1 : end;
        } else {
            in_header = false;
            if (!add_pattern(h, line, off, &keys_len)) {
                return false;
            }
        }
        off = nl ? end + 1 : end;
    }
    return h->n_pats > 0 && h->header_len > 0;
}

/* Call @fn for each pattern whose key is a substring of ".@lower.". Stops when @fn returns
 * false; returns false then. */
static bool each_pattern(const bg_hyph *h, const char *lower, size_t n,
                         bool (*fn)(const bg_hyph *h, uint32_t idx, void *ctx), void *ctx)
{
    char dotted[HYPH_MAX_WORD_BYTES + 2];
    dotted[0] = '.';
    memcpy(dotted + 1, lower, n);
    dotted[n + 1] = '.';
    size_t m = n + 2;
    for (size_t i = 0; i < m; i++) {
        uint64_t hash = 1469598103934665603ull; /* hash_bytes, one byte longer per step */
        for (size_t len = 1; len <= h->max_key && i + len <= m; len++) {
            hash = (hash ^ (unsigned char)dotted[i + len - 1]) * 1099511628211ull;
            for (uint32_t k = find_key(h, dotted + i, len, hash); k != NO_PATTERN;
                 k = h->pats[k].next_same) {
                if (!fn(h, k, ctx)) {
                    return false;
                }
            }
        }
    }
    return true;
}

static bool select_one(const bg_hyph *h, uint32_t idx, void *ctx)
{
    ((bg_hyph *)ctx)->pats[idx].is_selected = true;
    (void)h;
    return true;
}

static bool is_selected(const bg_hyph *h, uint32_t idx, void *ctx)
{
    (void)ctx;
    return h->pats[idx].is_selected;
}

/* The slot of the noted word @lower (@len bytes, hashing to @hash), or of the empty slot
 * where it would go; NULL when neither is within HYPH_NOTED_PROBES slots. */
static noted_word *find_noted(const bg_hyph *h, const char *lower, size_t len, uint64_t hash)
{
    hash = hash ? hash : 1;
    size_t mask = HYPH_NOTED_SLOTS - 1;
    for (size_t i = (size_t)hash & mask, probes = 0; probes < HYPH_NOTED_PROBES;
         i = (i + 1) & mask, probes++) {
        noted_word *w = &h->noted[i];
        if (w->hash == 0 ||
            (w->hash == hash && w->len == len && memcmp(h->words + w->off, lower, len) == 0)) {
            return w;
        }
    }
    return NULL;
}

/* Was @lower noted already? Records it; a full table just stops recording (the word is
 * then selected again, which changes nothing, and bg_hyph_points probes its patterns). */
static bool note_word(bg_hyph *h, const char *lower, size_t len)
{
    uint64_t hash = hash_bytes(lower, len);
    noted_word *w = find_noted(h, lower, len, hash);
    if (w && w->hash != 0) {
        return true;
    }
    if (w && len <= h->words_cap - h->words_len) {
        memcpy(h->words + h->words_len, lower, len);
        *w = (noted_word){hash ? hash : 1, (uint32_t)h->words_len, (uint32_t)len};
        h->words_len += len;
    }
    return false;
}

static size_t lower_word(bg_str word, char *lower, size_t *char_end, size_t *n_upper);

/* Select the patterns of every word of @text that bg_hyph_points could break. */
static void note_text(bg_hyph *h, bg_str text)
{
    size_t i = 0;
    while (i < text.len) {
        size_t start = i;
        uint32_t cp = 0;
        size_t n = 0;
        while (i < text.len) {
            n = bg_utf8_decode(text.ptr + i, text.len - i, &cp);
            if (n == 0 || !is_letter(cp)) {
                break;
            }
            i += n;
        }
        size_t len = i - start;
        i += (i < text.len) ? (n ? n : 1) : 0;
        if (len < HYPH_MIN_LETTERS || len > HYPH_MAX_WORD_BYTES) {
            continue;
        }
        char lower[HYPH_MAX_WORD_BYTES + 1];
        size_t char_end[HYPH_MAX_WORD_BYTES];
        size_t n_upper = 0;
        size_t n_chars = lower_word((bg_str){text.ptr + start, len}, lower, char_end, &n_upper);
        if (n_chars >= HYPH_MIN_LETTERS && n_upper < n_chars && !note_word(h, lower, len)) {
            (void)each_pattern(h, lower, len, select_one, h);
        }
    }
}

/* libhyphen's dictionary from the @len bytes of dictionary text at @buf; NULL on failure. */
static HyphenDict *load_text(char *buf, size_t len)
{
    FILE *f = fmemopen(buf, len, "r");
    if (!f) {
        return NULL;
    }
    HyphenDict *dict = hnj_hyphen_load_file(f);
    fclose(f);
    return dict;
}

/* The header and the selected pattern lines, in file order. */
static HyphenDict *load_selected(bg_hyph *h, bg_arena *a)
{
    char *buf = bg_arena_alloc_raw(a, h->text.len + 2); /* written before read */
    if (!buf) {
        return NULL;
    }
    memcpy(buf, h->text.ptr, h->header_len);
    size_t n = h->header_len;
    if (n > 0 && buf[n - 1] != '\n') {
        buf[n++] = '\n';
    }
    for (size_t i = 0; i < h->n_pats; i++) {
        if (h->pats[i].is_selected) {
            memcpy(buf + n, h->text.ptr + h->pats[i].off, h->pats[i].len);
            n += h->pats[i].len;
            buf[n++] = '\n';
        }
    }
    return load_text(buf, n);
}

bg_status bg_hyph_open_for(const char *dict_path, const bg_str *texts, size_t n_texts, bg_arena *a,
                           bg_diag *d, bg_hyph **out)
{
    size_t text_bytes = 0;
    for (size_t i = 0; i < n_texts; i++) {
        text_bytes += texts[i].len;
    }
    if (text_bytes > HYPH_NOTE_MAX_BYTES) {
        return bg_hyph_open(dict_path, a, d, out);
    }
    bg_hyph *h = bg_arena_alloc(a, sizeof(*h));
    if (!h) {
        return BG_ENOMEM;
    }
    if (!read_dict(dict_path, a, &h->text) || !index_dict(h, a)) {
        return a->failed ? BG_ENOMEM : bg_hyph_open(dict_path, a, d, out);
    }
    h->noted = bg_arena_array(a, HYPH_NOTED_SLOTS, sizeof(noted_word));
    h->words_cap = text_bytes;
    h->words = bg_arena_alloc_raw(a, text_bytes + 1);       /* written before read */
    h->scratch = bg_arena_alloc_raw(a, HYPH_SCRATCH_BYTES); /* written before read */
    h->cache = bg_arena_array(a, HYPH_CACHE_SLOTS, sizeof(cached_word));
    if (!h->noted || !h->words || !h->scratch || !h->cache) {
        return BG_ENOMEM;
    }
    for (size_t i = 0; i < n_texts; i++) {
        note_text(h, texts[i]);
    }
    HyphenDict *dict = load_selected(h, a);
    if (!dict || !is_usable(dict)) {
        if (dict) {
            hnj_hyphen_free(dict);
        }
        return a->failed ? BG_ENOMEM : bg_hyph_open(dict_path, a, d, out);
    }
    if (!bg_arena_defer(a, free_dict, dict)) {
        return BG_ENOMEM;
    }
    h->dict = dict;
    h->is_filtered = true;
    *out = h;
    return BG_OK;
}

/* For a word outside the noted texts: a dictionary of the header and the word's own
 * patterns, in h->scratch. NULL when it does not fit (never for en_US words of at most
 * HYPH_MAX_WORD_BYTES) or libhyphen fails; the caller frees it. */
typedef struct {
    char *buf;
    size_t n, cap;
    uint32_t heads[512]; /* patterns written, to skip a key met twice */
    size_t n_heads;
    bool is_full;
} own_text;

static bool append_own(const bg_hyph *h, uint32_t idx, void *ctx)
{
    own_text *t = ctx;
    for (size_t i = 0; i < t->n_heads; i++) {
        if (t->heads[i] == idx) {
            return true;
        }
    }
    const pattern *p = &h->pats[idx];
    if (t->n_heads == sizeof(t->heads) / sizeof(t->heads[0]) || t->n + p->len + 1 > t->cap) {
        t->is_full = true;
        return false;
    }
    t->heads[t->n_heads++] = idx;
    memcpy(t->buf + t->n, h->text.ptr + p->off, p->len);
    t->n += p->len;
    t->buf[t->n++] = '\n';
    return true;
}

static HyphenDict *own_dict(const bg_hyph *h, const char *lower, size_t n)
{
    own_text t = {.buf = h->scratch, .n = 0, .cap = HYPH_SCRATCH_BYTES, .n_heads = 0};
    if (h->header_len + 1 > t.cap) {
        return NULL;
    }
    memcpy(t.buf, h->text.ptr, h->header_len);
    t.n = h->header_len;
    if (t.n > 0 && t.buf[t.n - 1] != '\n') {
        t.buf[t.n++] = '\n';
    }
    (void)each_pattern(h, lower, n, append_own, &t);
    return t.is_full ? NULL : load_text(t.buf, t.n);
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

/* The break digits of @lower from the dictionary that covers it: the loaded one for a
 * noted word, or for another word whose patterns were all selected (a part of a noted
 * word); else a dictionary of the word's own patterns, whose digits are cached. False: no
 * breaks. */
static bool word_digits(const bg_hyph *h, const char *lower, size_t len, size_t n_chars,
                        char *hyphens)
{
    if (!h->is_filtered) {
        return hyphenate(h->dict, lower, len, hyphens);
    }
    uint64_t hash = hash_bytes(lower, len);
    const noted_word *w = find_noted(h, lower, len, hash);
    if (w && w->hash != 0) {
        return hyphenate(h->dict, lower, len, hyphens);
    }
    cached_word *c = &h->cache[hash & (HYPH_CACHE_SLOTS - 1)];
    if (c->len == len && memcmp(c->word, lower, len) == 0) {
        memcpy(hyphens, c->hyphens, n_chars);
        return true;
    }
    if (each_pattern(h, lower, len, is_selected, NULL)) {
        return hyphenate(h->dict, lower, len, hyphens);
    }
    HyphenDict *own = own_dict(h, lower, len); /* a word the noted texts did not cover */
    bool is_ok = own && hyphenate(own, lower, len, hyphens);
    if (own) {
        hnj_hyphen_free(own);
    }
    if (!is_ok) {
        memset(hyphens, '0', n_chars); /* cached as "no breaks" too */
    }
    c->len = (uint8_t)len;
    memcpy(c->word, lower, len);
    memcpy(c->hyphens, hyphens, n_chars);
    return true;
}

size_t bg_hyph_points(const bg_hyph *h, bg_str word, uint8_t *breaks)
{
    if (word.len > 0) {
        memset(breaks, 0, word.len);
    }
    if (!h || !h->dict || word.len == 0 || word.len > HYPH_MAX_WORD_BYTES) {
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
    if (!word_digits(h, lower, word.len, n_chars, hyphens)) {
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
