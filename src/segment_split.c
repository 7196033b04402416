/* Stage 2, segment: a paragraph or a bullet's text → its sentences (segment_int.h). Splits
 * at . ! ? followed by white space and a capital, a digit or a quote, surviving
 * abbreviations, initials, dotted acronyms and dates, ellipses, footnote markers, and full
 * stops inside a quotation that closes later (its attribution stays with it). Works on byte
 * offsets only; no allocation. */
#include <stdint.h>
#include <string.h>

#include "segment_int.h"
#include "utf8.h"

/* The longest word before a full stop that may be an abbreviation or a dotted acronym. */
#define ABBREV_MAX_BYTES 24u
/* The longest rest of a quotation, from a full stop inside it to its closing mark, that
 * keeps the quotation's sentences together (about 60 words): "A. B," the Minister said. */
#define QUOTE_REST_MAX_BYTES 400u

/* Abbreviations that end with a dot inside a sentence (case-sensitive); "mld.", "mil.",
 * "tis." scale an amount in Central European texts ("1,2 mld. Kč"). */
static const char *const abbreviations[] = {
    "Jan",  "Feb",  "Mar", "Apr", "Jun",  "Jul",  "Aug",  "Sep",  "Sept",   "Oct",  "Nov",  "Dec",
    "Mr",   "Mrs",  "Ms",  "Dr",  "Prof", "St",   "Mt",   "No",   "Nos",    "Gen",  "Lt",   "Col",
    "Capt", "Cdr",  "Sgt", "Adm", "Maj",  "Brig", "Gov",  "Sen",  "Rep",    "Amb",  "Pres", "Fig",
    "Art",  "Vol",  "pp",  "p",   "para", "vs",   "cf",   "al",   "approx", "ca",   "Inc",  "Ltd",
    "Co",   "Corp", "Jr",  "Sr",  "Rev",  "Hon",  "Dept", "Univ", "Est",    "est",  "c",    "Op",
    "Nr",   "nr",   "no",  "mld", "mlrd", "mln",  "mil",  "tis",  "excl",   "incl", NULL,
};

bool bg_segment_is_abbreviation(const char *t, size_t block_start, size_t dot)
{
    /* Look back at most ABBREV_MAX_BYTES: the scan stays linear on "a.a.a.a…" input. */
    size_t floor = dot - block_start > ABBREV_MAX_BYTES ? dot - ABBREV_MAX_BYTES : block_start;
    size_t w = dot;
    while (w > floor && !bg_segment_is_space(t[w - 1]) && t[w - 1] != '(' && t[w - 1] != '"') {
        w--;
    }
    size_t len = dot - w;
    if (len == 0) {
        return false;
    }
    if (memchr(t + w, '.', len)) {
        return true; /* U.S., e.g., D.C. */
    }
    if (t[dot - 1] >= 'A' && t[dot - 1] <= 'Z' && (len == 1 || t[dot - 2] == '/')) {
        return true; /* an initial: J. Smith, a photo credit's "Reuters/J. Smith" */
    }
    for (size_t i = 0; abbreviations[i]; i++) {
        if (abbreviations[i][0] == t[w] && strnlen(abbreviations[i], len + 1) == len &&
            memcmp(abbreviations[i], t + w, len) == 0) {
            return true;
        }
    }
    return false;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* @n digits at @p (and no more), the first @n bytes of [p, end). */
static bool has_digits(const char *p, const char *end, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p + i >= end || !is_digit(p[i])) {
            return false;
        }
    }
    return p + n >= end || !is_digit(p[n]);
}

bool bg_segment_is_dotted_date(const char *t, size_t block_start, size_t dot, const char *end)
{
    size_t w = dot;
    while (w > block_start && dot - w < 3 && is_digit(t[w - 1])) {
        w--;
    }
    bool is_day = (dot - w == 1 || dot - w == 2) &&
                  (w == block_start || !(is_digit(t[w - 1]) || t[w - 1] == '.'));
    if (!is_day) {
        return false;
    }
    const char *p = t + dot + 1;
    p += p < end && *p == ' ';
    for (size_t n = 1; n <= 2; n++) {
        if (has_digits(p, end, n) && p + n < end && p[n] == '.') {
            const char *y = p + n + 1;
            y += y < end && *y == ' ';
            return has_digits(y, end, 4) && (y[0] == '1' || y[0] == '2');
        }
    }
    return has_digits(p, end, 4) && (p[0] == '1' || p[0] == '2');
}

/* Bytes of a closing quote or bracket at @p, else 0. */
static size_t closer(const char *p, const char *end)
{
    if (p < end && (*p == '"' || *p == '\'' || *p == ')' || *p == ']')) {
        return 1;
    }
    if (bg_segment_has_prefix(p, end, "\xE2\x80\x9D") ||
        bg_segment_has_prefix(p, end, "\xE2\x80\x99") ||
        bg_segment_has_prefix(p, end, "\xC2\xBB")) {
        return bg_segment_has_prefix(p, end, "\xC2\xBB") ? 2 : 3;
    }
    return 0;
}

/* Bytes of a footnote marker at @p ("[1]", "[12]": a citation number after a sentence's
 * full stop, "… equipment.[1] Along the front …"), else 0. */
static size_t footnote(const char *p, const char *end)
{
    if (p >= end || *p != '[') {
        return 0;
    }
    size_t n = 1;
    while (n <= 3 && p + n < end && p[n] >= '0' && p[n] <= '9') {
        n++;
    }
    return n > 1 && n <= 4 && p + n < end && p[n] == ']' ? n + 1 : 0;
}

/* Can a sentence start at @p: a capital letter, a digit, an opening quote or bracket? */
static bool starts_sentence(const char *p, const char *end)
{
    unsigned char c = (unsigned char)*p;
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '"' || c == '\'' || c == '(' ||
        c == '[') {
        return true;
    }
    if (c < 0x80) {
        return false;
    }
    if (bg_segment_has_prefix(p, end, "\xE2\x80\x9C") ||
        bg_segment_has_prefix(p, end, "\xE2\x80\x98") ||
        bg_segment_has_prefix(p, end, "\xC2\xAB")) {
        return true;
    }
    uint32_t cp = 0;
    if (bg_utf8_decode(p, (size_t)(end - p), &cp) == 0) {
        return false;
    }
    /* Latin-1 and Latin Extended-A capitals, Greek and Cyrillic capitals; CJK, Hangul. */
    return (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||
           (cp >= 0x100 && cp <= 0x17F && (cp % 2) == 0) || (cp >= 0x391 && cp <= 0x3A9) ||
           (cp >= 0x400 && cp <= 0x42F) || (cp >= 0x3040 && cp <= 0x9FFF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3);
}

/* A double quotation mark at @p: +1 when it opens a quotation, -1 when it closes one, 0
 * when @p holds none; *n gets its bytes. A straight mark opens at @lo (the sentence's
 * start) or after white space, a bracket or a dash, and closes anywhere else. */
static int quote_mark(const char *lo, const char *p, const char *end, size_t *n)
{
    *n = 0;
    if (bg_segment_has_prefix(p, end, "\xE2\x80\x9C") ||
        bg_segment_has_prefix(p, end, "\xE2\x80\x9D")) {
        *n = 3;
        return (unsigned char)p[2] == 0x9C ? 1 : -1;
    }
    if (p >= end || *p != '"') {
        return 0;
    }
    *n = 1;
    if (p == lo) {
        return 1;
    }
    char b = p[-1];
    bool after_dash = p - lo >= 3 && (unsigned char)p[-3] == 0xE2 && (unsigned char)p[-2] == 0x80 &&
                      ((unsigned char)b == 0x93 || (unsigned char)b == 0x94);
    return bg_segment_is_space(b) || b == '(' || b == '[' || b == '/' || after_dash ||
                   (unsigned char)b == 0xA0
               ? 1
               : -1;
}

/* Whether a quotation is open, counting marks forward from a sentence's start @lo; @at is
 * how far the marks are counted, so that each full stop of a long sentence costs only the
 * bytes after the one before. */
typedef struct {
    size_t lo;
    size_t at;
    bool open;
} quote_state;

static quote_state quote_state_at(size_t lo)
{
    return (quote_state){.lo = lo, .at = lo, .open = false};
}

/* The first byte in [@k, @to) that may start a double quotation mark ('"', or 0xE2 for
 * U+201C and U+201D), or @to: quote_mark finds none at the bytes before it. */
static size_t next_quote_byte(const char *t, size_t k, size_t to)
{
    while (k < to && t[k] != '"' && (unsigned char)t[k] != 0xE2) {
        k++;
    }
    return k;
}

/* Is a quotation open at @i (>= s->at, on no quotation mark's inner byte)? */
static bool quote_open_at(const char *t, quote_state *s, size_t i)
{
    size_t k = next_quote_byte(t, s->at, i);
    while (k < i) {
        size_t n = 0;
        int q = quote_mark(t + s->lo, t + k, t + i, &n);
        if (q != 0) {
            s->open = q > 0; /* nested double quotes are rare; a second opener is the same one */
        }
        k = next_quote_byte(t, k + (n ? n : 1), i);
    }
    s->at = k;
    return s->open;
}

/* Does a closing quotation mark lie in [from, to)? */
static bool quote_closes_in(const char *t, size_t lo, size_t from, size_t to)
{
    for (size_t k = next_quote_byte(t, from, to); k < to;) {
        size_t n = 0;
        if (quote_mark(t + lo, t + k, t + to, &n) < 0) {
            return true;
        }
        k = next_quote_byte(t, k + (n ? n : 1), to);
    }
    return false;
}

/* A full stop inside a quotation whose closing mark comes later in the block (within
 * QUOTE_REST_MAX_BYTES) does not end the sentence: "Al-Shabaab has been weakened. Security
 * must rest in Somali hands," the Chairperson said. The attribution stays with every
 * sentence of what it attributes; a quotation left open (a stray mark) splits as before. */
static bool inside_quote(const char *t, quote_state *s, size_t i, size_t j, size_t e)
{
    size_t lo = s->lo;
    if (!quote_open_at(t, s, i) || quote_closes_in(t, lo, i, j)) {
        return false;
    }
    size_t to = e - j > QUOTE_REST_MAX_BYTES ? j + QUOTE_REST_MAX_BYTES : e;
    return quote_closes_in(t, lo, j, to);
}

/* '!', '.' or '?': one range test and one mask test. */
static bool may_end(char c)
{
    unsigned d = (unsigned)(unsigned char)c - '!';
    return d < 32u && ((1u | 1u << ('.' - '!') | 1u << ('?' - '!')) >> d) & 1u;
}

bg_status bg_segment_split(const char *t, size_t b, size_t e, bg_segment_sink sink, void *ctx)
{
    const char *end = t + e;
    size_t start = b;
    quote_state quote = quote_state_at(b);
    size_t i = b;
    while (i < e) {
        while (i < e && !may_end(t[i])) {
            i++;
        }
        if (i == e) {
            break;
        }
        char c = t[i];
        size_t j = i + 1;
        bool is_end = c == '!' || c == '?';
        if (c == '.') {
            if (j < e && t[j] == '.') {
                while (j < e && t[j] == '.') {
                    j++;
                }
                i = j; /* an ellipsis does not end a sentence */
                continue;
            }
            is_end =
                !bg_segment_is_abbreviation(t, b, i) && !bg_segment_is_dotted_date(t, b, i, end);
        }
        if (!is_end) {
            i++;
            continue;
        }
        size_t q = closer(t + j, end) + footnote(t + j, end);
        while (q) {
            j += q;
            q = closer(t + j, end) + footnote(t + j, end);
        }
        if (j < e && !bg_segment_space_len(t + j, end)) {
            i = j;
            continue;
        }
        size_t k = j;
        size_t sp = bg_segment_space_len(t + k, end);
        while (sp) {
            k += sp;
            sp = bg_segment_space_len(t + k, end);
        }
        if (k < e && !starts_sentence(t + k, end)) {
            i = k;
            continue;
        }
        if (k < e && inside_quote(t, &quote, i, j, e)) {
            i = k;
            continue;
        }
        bg_status st = sink(ctx, start, j);
        if (st != BG_OK) {
            return st;
        }
        start = k;
        quote = quote_state_at(k);
        i = k;
    }
    return sink(ctx, start, e);
}
