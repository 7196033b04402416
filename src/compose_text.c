/* compose's text helpers: date labels for timeline and table rows, clause cutting so a
 * row says what happened without repeating the whole key point, blank tests. */
#include "compose_int.h"

#include <stdio.h>
#include <string.h>

/* "2023-07" → "Jul 2023", "2024-07-16" → "16 Jul 2024", "2010/2013" → "2010–2013". */
bg_str bg_compose_date_label(bg_arena *a, const bg_fact *f)
{
    static const char *const mon[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const char *n = f->norm ? f->norm : "";
    size_t len = strlen(n);
    char *s = NULL;
    int y = 0, m = 0, d = 0, y2 = 0;
    char tail = 0;
    if (len == 10 && sscanf(n, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && m >= 1 && m <= 12) {
        s = bg_arena_printf(a, "%d %s %d", d, mon[m - 1], y);
    } else if (len == 7 && sscanf(n, "%4d-%2d%c", &y, &m, &tail) == 2 && m >= 1 && m <= 12) {
        s = bg_arena_printf(a, "%s %d", mon[m - 1], y);
    } else if (len == 7 && sscanf(n, "%4d-%2d%c", &y, &m, &tail) == 2 && m >= 21 && m <= 24) {
        /* ISO 8601-2 seasons: 21 spring .. 24 winter */
        static const char *const season[4] = {"Spring", "Summer", "Autumn", "Winter"};
        s = bg_arena_printf(a, "%s %d", season[m - 21], y);
    } else if (len == 9 && sscanf(n, "%4d/%4d%c", &y, &y2, &tail) == 2) {
        s = bg_arena_printf(a, "%d\xE2\x80\x93%d", y, y2);
    } else if (len == 4 && sscanf(n, "%4d%c", &y, &tail) == 1) {
        s = bg_arena_printf(a, "%d", y);
    }
    return s ? bg_str_from(s) : f->text;
}

static size_t count_words(const char *p, const char *end)
{
    size_t n = 0;
    bool in_word = false;
    for (; p < end; p++) {
        bool space = *p == ' ' || *p == '\n' || *p == '\t';
        n += !space && !in_word;
        in_word = !space;
    }
    return n;
}

static bool is_clause_mark(char ch)
{
    return ch == ',' || ch == ';' || ch == ':' || ch == '(' || ch == ')';
}

/* The clause of @sentence around @fact, grown clause by clause to at least 6 words and
 * then kept to at most 4 words either side of the fact (an ellipsis marks a cut): a table
 * row says what the figure counts without repeating the whole key point. */
bg_str bg_compose_clause(bg_arena *a, bg_str sentence, bg_str fact)
{
    const char *s = sentence.ptr;
    const char *e = sentence.ptr + sentence.len;
    if (fact.ptr < s || fact.ptr + fact.len > e) {
        return sentence;
    }
    const char *from = fact.ptr;
    const char *to = fact.ptr + fact.len;
    while (from > s && !is_clause_mark(from[-1])) {
        from--;
    }
    while (to < e && !is_clause_mark(*to)) {
        to++;
    }
    while (count_words(from, to) < 6 && (to < e || from > s)) {
        if (to < e) {
            to++;
            while (to < e && !is_clause_mark(*to)) {
                to++;
            }
        } else {
            from--;
            while (from > s && !is_clause_mark(from[-1])) {
                from--;
            }
        }
    }
    while (from < to && (*from == ' ' || is_clause_mark(*from))) {
        from++;
    }
    while (to > from && (to[-1] == ' ' || to[-1] == ',' || to[-1] == ';' || to[-1] == '.')) {
        to--;
    }
    const size_t side = 4;
    bool cut_from = count_words(from, fact.ptr) > side;
    bool cut_to = count_words(fact.ptr + fact.len, to) > side;
    if (cut_from) {
        const char *p = fact.ptr;
        for (size_t n = 0; n < side && p > from; n++) {
            while (p > from && p[-1] == ' ') {
                p--;
            }
            while (p > from && p[-1] != ' ') {
                p--;
            }
        }
        from = p;
    }
    if (cut_to) {
        const char *p = fact.ptr + fact.len;
        for (size_t n = 0; n < side && p < to; n++) {
            while (p < to && *p == ' ') {
                p++;
            }
            while (p < to && *p != ' ') {
                p++;
            }
        }
        to = p;
        while (to > from && (to[-1] == ',' || to[-1] == ';')) {
            to--;
        }
    }
    if (!cut_from && !cut_to) {
        return (bg_str){from, (size_t)(to - from)};
    }
    char *text = bg_arena_printf(a, "%s%.*s%s", cut_from ? "\xE2\x80\xA6" : "", (int)(to - from),
                                 from, cut_to ? "\xE2\x80\xA6" : "");
    return text ? bg_str_from(text) : (bg_str){from, (size_t)(to - from)};
}

/* What a timeline entry says: the sentence without a leading date clause ("In July 2024,"),
 * cut at the first clause boundary after 8 words (at most 24 words), with an ellipsis when
 * cut, else with its own full stop. The label already gives the date; the key point itself gives
 * the whole sentence. */
bg_str bg_compose_lead(bg_arena *a, bg_str sentence, bg_str date)
{
    const char *s = sentence.ptr;
    const char *e = sentence.ptr + sentence.len;
    const char *comma = memchr(s, ',', sentence.len);
    if (comma && date.ptr >= s && date.ptr < comma && count_words(s, comma) <= 6) {
        s = comma + 1;
    }
    while (s < e && *s == ' ') {
        s++;
    }
    const char *p = s;
    size_t words = 0;
    bool in_word = false;
    bool is_cut = false;
    for (; p < e; p++) {
        bool space = *p == ' ' || *p == '\n' || *p == '\t';
        if (!space && !in_word) {
            words++;
            if (words > 24) {
                is_cut = true;
                break;
            }
        }
        in_word = !space;
        if (words >= 8 && (*p == ',' || *p == ';' || *p == ':')) {
            is_cut = true;
            break;
        }
    }
    /* A cut clause loses its comma or full stop to the ellipsis; a whole one keeps its end. */
    while (p > s && (p[-1] == ' ' || (is_cut && (p[-1] == '.' || p[-1] == ',')))) {
        p--;
    }
    char *text = bg_arena_printf(a, "%.*s%s", (int)(p - s), s, is_cut ? "\xE2\x80\xA6" : "");
    /* a clause after the date starts lower case: its first letter capitalised */
    bg_str lead = text ? bg_compose_capitalised(a, bg_str_from(text)) : (bg_str){NULL, 0};
    return lead.ptr ? lead : sentence;
}

bg_str bg_compose_capitalised(bg_arena *a, bg_str text)
{
    if (text.len == 0 || text.ptr[0] < 'a' || text.ptr[0] > 'z') {
        return text;
    }
    char *copy =
        bg_arena_printf(a, "%c%.*s", text.ptr[0] - 'a' + 'A', (int)(text.len - 1), text.ptr + 1);
    return copy ? (bg_str){copy, text.len} : (bg_str){NULL, 0};
}

static bool is_month_name(bg_str w)
{
    static const char *const months[] = {
        "January",   "February", "March",    "April",    "May",  "June", "July", "August",
        "September", "October",  "November", "December", "Jan",  "Feb",  "Mar",  "Apr",
        "Jun",       "Jul",      "Aug",      "Sep",      "Sept", "Oct",  "Nov",  "Dec"};
    for (size_t i = 0; i < sizeof(months) / sizeof(months[0]); i++) {
        size_t n = strlen(months[i]);
        if (w.len > n && memcmp(w.ptr, months[i], n) == 0 && (w.ptr[n] == ' ' || w.ptr[n] == '.')) {
            return true;
        }
    }
    return false;
}

/* The length of an opening "In " or "On " (the space may be a no-break space), else 0. */
static size_t in_on_prefix(bg_str w)
{
    if (w.len < 4 || ((w.ptr[0] | 0x20) != 'i' && (w.ptr[0] | 0x20) != 'o') || w.ptr[1] != 'n') {
        return 0;
    }
    if (w.ptr[2] == ' ') {
        return 3;
    }
    return w.len > 4 && (unsigned char)w.ptr[2] == 0xC2 && (unsigned char)w.ptr[3] == 0xA0 ? 4 : 0;
}

/* A whole timeline entry: @sentence without an opening "In July 2024," or "On 4 April
 * 2023," that only says when (the label says it). "From 2012," or "Since 2022," stay: they
 * say the date starts a span, which the label alone does not. */
bg_str bg_compose_undated(bg_arena *a, bg_str sentence, bg_str date)
{
    const char *s = sentence.ptr;
    const char *e = sentence.ptr + sentence.len;
    const char *comma = memchr(s, ',', sentence.len);
    if (!comma) {
        return sentence;
    }
    bg_str clause = {s, (size_t)(comma - s)};
    bg_str when = date;
    size_t k = in_on_prefix(clause);
    clause.ptr += k;
    clause.len -= k;
    k = in_on_prefix(when);
    when.ptr += k;
    when.len -= k;
    /* only a plain date: a day, a month or a year, never "From 2012" or "Since 2022" */
    bool is_plain =
        when.len > 0 && ((when.ptr[0] >= '0' && when.ptr[0] <= '9') || is_month_name(when));
    if (!is_plain || clause.len != when.len || memcmp(clause.ptr, when.ptr, when.len) != 0) {
        return sentence;
    }
    const char *rest = comma + 1;
    while (rest < e && *rest == ' ') {
        rest++;
    }
    if (rest >= e) {
        return sentence;
    }
    if (*rest < 'a' || *rest > 'z') {
        return (bg_str){rest, (size_t)(e - rest)};
    }
    char *text = bg_arena_printf(a, "%c%.*s", *rest - 'a' + 'A', (int)(e - rest - 1), rest + 1);
    return text ? bg_str_from(text) : sentence;
}

bool bg_compose_is_blank(bg_str s)
{
    for (size_t i = 0; i < s.len; i++) {
        if (s.ptr[i] != ' ' && s.ptr[i] != '\t' && s.ptr[i] != '\r') {
            return false;
        }
    }
    return true;
}
