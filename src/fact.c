/* Facts: the named captures of one fact rule → a normalised bg_fact. Dates become ISO 8601
 * keeping their precision (seasons use the ISO 8601-2 codes 21-24, e.g. "2024-22" for
 * summer 2024; intervals "2010/2013", decades "1990/1999"), amounts become "CUR value" in whole
 * units, counts "value unit". Pure functions over slices; only the normalised text is allocated. */
#include "fact.h"

#include <stdint.h>

/* Group names the rules use (templates/rules/NAME.yaml documents them). */
static const char *const month_names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                          "jul", "aug", "sep", "oct", "nov", "dec"};

/* Currency words and symbols → ISO 4217 code. Compared case-insensitively. */
static const struct {
    const char *word;
    const char *code;
} currencies[] = {
    {"usd", "USD"},        {"us$", "USD"}, {"$", "USD"},     {"dollar", "USD"}, {"dollars", "USD"},
    {"us dollars", "USD"}, {"eur", "EUR"}, {"€", "EUR"},     {"euro", "EUR"},   {"euros", "EUR"},
    {"gbp", "GBP"},        {"£", "GBP"},   {"pound", "GBP"}, {"pounds", "GBP"}, {"jpy", "JPY"},
    {"¥", "JPY"},          {"yen", "JPY"}, {"krw", "KRW"},   {"won", "KRW"},    {"cad", "CAD"},
    {"aud", "AUD"},        {"chf", "CHF"}, {"nok", "NOK"},   {"sek", "SEK"},    {"dkk", "DKK"},
    {"pln", "PLN"},
};

static const struct {
    const char *word;
    int64_t factor;
} scales[] = {
    {"thousand", 1000},       {"k", 1000},        {"million", 1000000}, {"millions", 1000000},
    {"m", 1000000},           {"mn", 1000000},    {"mio", 1000000},     {"billion", 1000000000},
    {"billions", 1000000000}, {"bn", 1000000000}, {"b", 1000000000},    {"trillion", 1000000000000},
    {"tn", 1000000000000},
};

static char lower_ascii(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool eq_nocase(bg_str s, const char *w)
{
    size_t n = strlen(w);
    if (s.len != n) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (lower_ascii(s.ptr[i]) != w[i]) {
            return false;
        }
    }
    return true;
}

static bg_str trim(bg_str s)
{
    while (s.len && (s.ptr[0] == ' ' || s.ptr[0] == '\n' || s.ptr[0] == '\t')) {
        s.ptr++;
        s.len--;
    }
    while (s.len && (s.ptr[s.len - 1] == ' ' || s.ptr[s.len - 1] == '\n' ||
                     s.ptr[s.len - 1] == '\t' || s.ptr[s.len - 1] == '.')) {
        s.len--;
    }
    return s;
}

static bg_str capture(const bg_capture *caps, size_t n_caps, const char *name)
{
    for (size_t i = 0; i < n_caps; i++) {
        if (caps[i].text.ptr && strcmp(caps[i].name, name) == 0) {
            return trim(caps[i].text);
        }
    }
    return (bg_str){NULL, 0};
}

/* Digits only, at most 18 of them. */
static bool parse_uint(bg_str s, int64_t *out)
{
    if (s.len == 0 || s.len > 18) {
        return false;
    }
    int64_t v = 0;
    for (size_t i = 0; i < s.len; i++) {
        if (s.ptr[i] < '0' || s.ptr[i] > '9') {
            return false;
        }
        v = v * 10 + (s.ptr[i] - '0');
    }
    *out = v;
    return true;
}

/* "1,250.5" × @factor → whole units (the fraction is kept only as far as @factor allows). */
static bool parse_number(bg_str s, int64_t factor, int64_t *out)
{
    int64_t whole = 0;
    int64_t frac = 0;
    int64_t frac_div = 1;
    bool in_frac = false;
    size_t digits = 0;
    for (size_t i = 0; i < s.len; i++) {
        char c = s.ptr[i];
        if (c >= '0' && c <= '9') {
            if (++digits > 15) {
                return false;
            }
            if (in_frac) {
                frac = frac * 10 + (c - '0');
                frac_div *= 10;
            } else {
                whole = whole * 10 + (c - '0');
            }
        } else if (c == ',' && !in_frac) {
            continue;
        } else if (c == '.' && !in_frac) {
            in_frac = true;
        } else {
            return false;
        }
    }
    if (digits == 0 || (factor > 0 && whole > INT64_MAX / factor)) {
        return false;
    }
    *out = whole * factor + frac * factor / frac_div;
    return true;
}

static int month_number(bg_str s)
{
    if (s.len < 3) {
        return 0;
    }
    for (int i = 0; i < 12; i++) {
        if (lower_ascii(s.ptr[0]) == month_names[i][0] &&
            lower_ascii(s.ptr[1]) == month_names[i][1] &&
            lower_ascii(s.ptr[2]) == month_names[i][2]) {
            return i + 1;
        }
    }
    return 0;
}

/* ISO 8601-2 season codes; the month is where the season starts (northern hemisphere). */
static int season_code(bg_str s, int *month)
{
    static const struct {
        const char *word;
        int code, month;
    } seasons[] = {{"spring", 21, 3},
                   {"summer", 22, 6},
                   {"autumn", 23, 9},
                   {"fall", 23, 9},
                   {"winter", 24, 12}};
    for (size_t i = 0; i < sizeof(seasons) / sizeof(seasons[0]); i++) {
        if (eq_nocase(s, seasons[i].word)) {
            *month = seasons[i].month;
            return seasons[i].code;
        }
    }
    return 0;
}

static bool valid_year(int64_t y)
{
    return y >= 1000 && y <= 2999;
}

static bool make_date(const bg_capture *caps, size_t n_caps, bg_arena *a, bg_fact *out)
{
    int64_t year = 0;
    int64_t year2 = 0;
    int64_t day = 0;
    bg_str decade = capture(caps, n_caps, "decade");
    if (decade.len) {
        /* "the 1990s" → the interval 1990/1999 */
        if (!parse_uint(decade, &year) || !valid_year(year) || year % 10 != 0) {
            return false;
        }
        out->norm = bg_arena_printf(a, "%04d/%04d", (int)year, (int)year + 9);
        out->sort_key = year * 10000;
        out->precision = 4;
        return out->norm != NULL;
    }
    if (!parse_uint(capture(caps, n_caps, "year"), &year) || !valid_year(year)) {
        return false;
    }
    bg_str y2 = capture(caps, n_caps, "year2");
    if (y2.len) {
        if (!parse_uint(y2, &year2)) {
            return false;
        }
        if (year2 < 100 && y2.len == 2) {
            year2 += year / 100 * 100; /* "2010-13" */
        }
        if (!valid_year(year2) || year2 < year) {
            return false;
        }
        out->norm = bg_arena_printf(a, "%04d/%04d", (int)year, (int)year2);
        out->sort_key = year * 10000;
        out->precision = 4;
        return out->norm != NULL;
    }
    bg_str season = capture(caps, n_caps, "season");
    if (season.len) {
        int start_month = 0;
        int code = season_code(season, &start_month);
        if (!code) {
            return false;
        }
        out->norm = bg_arena_printf(a, "%04d-%02d", (int)year, code);
        out->sort_key = year * 10000 + start_month * 100;
        out->precision = 5;
        return out->norm != NULL;
    }
    bg_str month_text = capture(caps, n_caps, "month");
    int month = 0;
    if (month_text.len) {
        int64_t mnum = 0;
        month = parse_uint(month_text, &mnum) ? (int)mnum : month_number(month_text);
        if (month < 1 || month > 12) {
            return false;
        }
    }
    bg_str day_text = capture(caps, n_caps, "day");
    if (day_text.len) {
        static const int days_in[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        if (!month || !parse_uint(day_text, &day) || day < 1 || day > days_in[month - 1]) {
            return false;
        }
        out->norm = bg_arena_printf(a, "%04d-%02d-%02d", (int)year, month, (int)day);
        out->precision = 3;
    } else if (month) {
        out->norm = bg_arena_printf(a, "%04d-%02d", (int)year, month);
        out->precision = 2;
    } else {
        out->norm = bg_arena_printf(a, "%04d", (int)year);
        out->precision = 1;
    }
    out->sort_key = year * 10000 + month * 100 + day;
    return out->norm != NULL;
}

static const char *currency_code(bg_str s)
{
    for (size_t i = 0; i < sizeof(currencies) / sizeof(currencies[0]); i++) {
        if (eq_nocase(s, currencies[i].word)) {
            return currencies[i].code;
        }
    }
    return NULL;
}

static bool scale_factor(bg_str s, int64_t *factor)
{
    *factor = 1;
    if (s.len == 0) {
        return true;
    }
    for (size_t i = 0; i < sizeof(scales) / sizeof(scales[0]); i++) {
        if (eq_nocase(s, scales[i].word)) {
            *factor = scales[i].factor;
            return true;
        }
    }
    return false;
}

static bool make_amount(const bg_capture *caps, size_t n_caps, bg_arena *a, bg_fact *out)
{
    const char *code = currency_code(capture(caps, n_caps, "currency"));
    int64_t factor = 1;
    int64_t value = 0;
    if (!code || !scale_factor(capture(caps, n_caps, "scale"), &factor) ||
        !parse_number(capture(caps, n_caps, "value"), factor, &value)) {
        return false;
    }
    out->norm = bg_arena_printf(a, "%s %lld", code, (long long)value);
    out->sort_key = value;
    return out->norm != NULL;
}

static bool make_count(const bg_capture *caps, size_t n_caps, bg_arena *a, bg_fact *out)
{
    int64_t factor = 1;
    int64_t value = 0;
    bg_str unit = capture(caps, n_caps, "unit");
    if (!scale_factor(capture(caps, n_caps, "scale"), &factor) ||
        !parse_number(capture(caps, n_caps, "value"), factor, &value) || unit.len == 0) {
        return false;
    }
    out->norm = bg_arena_printf(a, "%lld %.*s", (long long)value, (int)unit.len, unit.ptr);
    out->sort_key = value;
    return out->norm != NULL;
}

bool bg_fact_make(const char *kind_name, bg_str whole, const bg_capture *caps, size_t n_caps,
                  bg_arena *a, bg_fact *out)
{
    bg_fact f = {0};
    f.text = trim(whole);
    bool ok = false;
    if (strcmp(kind_name, "date") == 0) {
        f.kind = BG_FACT_DATE;
        ok = make_date(caps, n_caps, a, &f);
    } else if (strcmp(kind_name, "amount") == 0) {
        f.kind = BG_FACT_AMOUNT;
        ok = make_amount(caps, n_caps, a, &f);
    } else if (strcmp(kind_name, "count") == 0) {
        f.kind = BG_FACT_COUNT;
        ok = make_count(caps, n_caps, a, &f);
    } else {
        f.kind = strcmp(kind_name, "org") == 0 ? BG_FACT_ORG : BG_FACT_OTHER;
        bg_str name = capture(caps, n_caps, "name");
        bg_str t = name.len ? name : f.text;
        f.norm = bg_arena_strndup(a, t.ptr, t.len);
        ok = f.norm != NULL && t.len > 0;
    }
    if (ok) {
        *out = f;
    }
    return ok;
}

const char *bg_fact_kind_name(bg_fact_kind kind)
{
    switch (kind) {
    case BG_FACT_DATE:
        return "date";
    case BG_FACT_AMOUNT:
        return "amount";
    case BG_FACT_COUNT:
        return "count";
    case BG_FACT_ORG:
        return "org";
    case BG_FACT_OTHER:
    default:
        return "other";
    }
}
