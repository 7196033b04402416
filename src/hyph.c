/* Hyphenation: word → allowed break points, over libhyphen (Liang's patterns, Debian's
 * hyph_en_US.dic). Words are lower-cased before lookup; words with digits, '@', '/',
 * other non-letters, all-capital acronyms or fewer than 5 letters never break. Used by
 * layout's line breaker; the dictionary lives as long as the run arena. */
#include "hyph.h"

#include <hyphen.h>
#include <stdbool.h>
#include <string.h>

#include "fsio.h"
#include "utf8.h"

#define HYPH_MAX_WORD_BYTES 96 /* longer "words" are URLs or junk: layout splits those */
#define HYPH_LEFT_MIN 2
#define HYPH_RIGHT_MIN 3
#define HYPH_MIN_LETTERS 5

struct bg_hyph {
    HyphenDict *dict; /* NULL: never break */
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
    if (!dict->utf8 || has_nonstandard(dict)) {
        bg_diag_warn(d, &loc, "unsupported hyphenation dictionary (not UTF-8 or non-standard "
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
    size_t n_chars = 0;
    size_t n_upper = 0;
    size_t i = 0;
    while (i < word.len) {
        uint32_t cp = 0;
        size_t n = bg_utf8_decode(word.ptr + i, word.len - i, &cp);
        if (n == 0 || !is_letter(cp)) {
            return 0; /* digits, '@', '/', punctuation, invalid bytes: never break */
        }
        memcpy(lower + i, word.ptr + i, n);
        if (is_upper(cp)) {
            n_upper++;
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
    if (n_chars < HYPH_MIN_LETTERS || n_upper == n_chars) {
        return 0; /* short words and acronyms (NATO, OSCE) stay whole */
    }
    char hyphens[HYPH_MAX_WORD_BYTES + 5];
    char **rep = NULL;
    int *pos = NULL;
    int *cut = NULL;
    if (hnj_hyphen_hyphenate2(h->dict, lower, (int)word.len, hyphens, NULL, &rep, &pos, &cut) !=
        0) {
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
