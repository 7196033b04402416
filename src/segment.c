/* Stage 2, segment: sources → sentences. Lines are classified (blank, bullet, text), lines
 * repeated across the corpus that are not sentence-like are kept once (menus, app banners),
 * text lines form headings, line lists, facts boxes, tables (segment_table.c) and
 * paragraphs, and paragraphs and bullets are split into sentences (segment_split.c). Works
 * on byte offsets only. */
#include "segment.h"

#include <stdint.h>

#include "bytes.h"
#include "segment_int.h"
#include "segment_table.h"
#include "utf8.h"

/* DESIGN: a heading is a short line without final punctuation. */
#define HEADING_MAX_WORDS 20u
#define HEADING_MAX_BYTES 160u
/* A repeated line with at least this many words and final punctuation is body text. */
#define SENTENCE_LIKE_WORDS 8u
/* The longest label of a facts box's row ("Unified budget 2025: €6.9 million"). */
#define ROW_LABEL_MAX_BYTES 64u

typedef enum { LINE_BLANK, LINE_BULLET, LINE_TEXT } line_kind;

typedef struct {
    line_kind kind;
    size_t start, end; /* bytes of the content: marker and outer white space removed */
    bool is_indented;  /* starts with white space */
    bool is_noise;     /* a repeat of a non-sentence line seen earlier in the corpus */
} line_info;

typedef struct {
    uint64_t hash;
    const char *norm; /* normalised text in the arena; NULL = empty slot */
    size_t len;
} slot;

typedef struct {
    const bg_source_set *in;
    const bg_source *src;
    uint32_t source;
    bg_arena *a;
    bg_sentence *items;
    size_t n, cap;
    uint32_t block;   /* block number in the current source */
    uint32_t heading; /* index+1 of the current heading, 0 = none */
    size_t last_off;  /* byte offset of the last sentence's start in src, for loc_of */
    bg_loc last_loc;  /* its position; line 0: none yet in this source */
} segmenter;

/* Bytes of a list number or label at @p followed by white space: one or two digits, a
 * lower-case letter or a roman number of up to four letters, closed by ')' or '.', or in
 * parentheses: "1. ", "12) ", "(3) ", "a) ", "b. ", "(iv) " ("2024. " opens no list). */
static size_t list_marker(const char *p, const char *end)
{
    size_t open = p < end && *p == '(';
    size_t n = open;
    bool is_number = p + n < end && p[n] >= '0' && p[n] <= '9';
    bool is_roman = true;
    while (p + n < end && n - open < 4 &&
           (is_number ? p[n] >= '0' && p[n] <= '9' : p[n] >= 'a' && p[n] <= 'z')) {
        is_roman = is_roman && strchr("ivx", p[n]) != NULL;
        n++;
    }
    size_t len = n - open;
    bool is_label = len > 0 && (is_number ? len <= 2 : len == 1 || is_roman);
    if (!is_label || p + n + 1 >= end) {
        return 0;
    }
    bool is_closed = p[n] == ')' || (!open && p[n] == '.');
    if (!is_closed || (p[n + 1] != ' ' && p[n + 1] != '\t')) {
        return 0;
    }
    return n + 1;
}

/* Bytes of a pictograph and its modifiers at @p followed by white space ("✅ ", "➤ ", "🔹 "),
 * or 0. */
static size_t pictograph_marker(const char *p, const char *end)
{
    size_t n = bg_utf8_pictograph_len(p, (size_t)(end - p));
    return n && p + n < end && (p[n] == ' ' || p[n] == '\t') ? n : 0;
}

/* Bytes of a bullet marker at @p followed by white space: •, ◦, ▪, ·, -, *, –, a pictograph
 * (pictograph_marker), or a list number or label. */
static size_t bullet_marker(const char *p, const char *end)
{
    static const char *const markers[] = {
        "\xE2\x80\xA2", "\xE2\x97\xA6", "\xE2\x96\xAA", "\xC2\xB7", "\xE2\x80\x93", "-", "*", NULL};
    for (size_t i = 0; markers[i]; i++) {
        size_t n = strlen(markers[i]);
        if (bg_segment_has_prefix(p, end, markers[i]) &&
            (p + n == end || p[n] == ' ' || p[n] == '\t')) {
            return n;
        }
    }
    size_t n = pictograph_marker(p, end);
    return n ? n : list_marker(p, end);
}

/* The words of @p[0..len), counted up to @cap: callers compare with a bound, and a long
 * line need not be counted to its end. */
static size_t count_words(const char *p, size_t len, size_t cap)
{
    size_t n = 0;
    bool in_word = false;
    for (size_t i = 0; i < len && n < cap; i++) {
        bool sp = bg_segment_is_space(p[i]);
        if (!sp && !in_word) {
            n++;
        }
        in_word = !sp;
    }
    return n;
}

/* The last character of @p[0..len), skipping closing quotes and brackets. */
static char final_char(const char *p, size_t len)
{
    while (len > 0) {
        unsigned char c = (unsigned char)p[len - 1];
        if (c == '"' || c == '\'' || c == ')' || c == ']') {
            len--;
        } else if (len >= 3 && (unsigned char)p[len - 3] == 0xE2 &&
                   (unsigned char)p[len - 2] == 0x80 && (c == 0x9D || c == 0x99)) { /* ” ’ */
            len -= 3;
        } else {
            return (char)c;
        }
    }
    return 0;
}

static bool is_heading_like(const char *p, size_t len)
{
    if (len == 0 || len > HEADING_MAX_BYTES ||
        count_words(p, len, HEADING_MAX_WORDS + 1) > HEADING_MAX_WORDS) {
        return false;
    }
    /* A quotation set as its own line ends inside its marks: "… in a stable region." */
    char c = final_char(p, len);
    if (c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == ',') {
        return false;
    }
    /* A byline ("By Jane Doe, Senior Fellow") names the source; it heads nothing. */
    if (len > 4 && memcmp(p, "By ", 3) == 0 && p[3] >= 'A' && p[3] <= 'Z') {
        return false;
    }
    /* "…a sentence. Glued Heading" is a paragraph, not a heading; "Cotton linters: c. 70%"
     * is a heading or a facts box's row. */
    for (size_t i = 0; i + 1 < len; i++) {
        if ((p[i] == '.' || p[i] == '!' || p[i] == '?') && p[i + 1] == ' ' &&
            !(p[i] == '.' && (bg_segment_is_abbreviation(p, 0, i) ||
                              bg_segment_is_dotted_date(p, 0, i, p + len)))) {
            return false;
        }
    }
    return true;
}

static bool is_sentence_like(const char *p, size_t len)
{
    char c = final_char(p, len);
    return (c == '.' || c == '!' || c == '?') &&
           count_words(p, len, SENTENCE_LIKE_WORDS) >= SENTENCE_LIKE_WORDS;
}

/* --- Lines --- */

static void classify_line(const bg_source *s, size_t i, line_info *li)
{
    const char *t = s->text.ptr;
    size_t b = s->line_start[i];
    size_t e = i + 1 < s->n_lines ? s->line_start[i + 1] : s->text.len;
    while (e > b && bg_segment_is_space(t[e - 1])) {
        e--;
    }
    li->is_indented = b < e && bg_segment_is_space(t[b]);
    while (b < e && bg_segment_is_space(t[b])) {
        b++;
    }
    li->kind = b == e ? LINE_BLANK : LINE_TEXT;
    size_t m = b < e ? bullet_marker(t + b, t + e) : 0;
    if (m) {
        li->kind = LINE_BULLET;
        b += m;
        while (b < e && bg_segment_is_space(t[b])) {
            b++;
        }
        if (b == e) {
            li->kind = LINE_BLANK; /* a marker alone */
        }
    }
    li->start = b;
    li->end = e;
}

/* White space collapsed, ASCII lower case: "Install  the App" → "install the app". */
static size_t normalise(const char *p, size_t len, char *out)
{
    size_t n = 0;
    bool pending_space = false;
    for (size_t i = 0; i < len; i++) {
        char c = p[i];
        if (bg_segment_is_space(c)) {
            pending_space = n > 0;
            continue;
        }
        if (pending_space) {
            out[n++] = ' ';
            pending_space = false;
        }
        out[n++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    return n;
}

/* Mark lines repeated in the corpus: the first occurrence stays, later ones are noise,
 * unless the line reads as a sentence (extract's dedup cites those). */
static bg_status mark_noise(const bg_source_set *in, line_info **lines, bg_arena *a)
{
    size_t total = 0;
    for (size_t si = 0; si < in->n; si++) {
        total += in->items[si].n_lines;
    }
    size_t cap = 16;
    while (cap < total * 2) {
        cap *= 2;
    }
    slot *table = bg_arena_array(a, cap, sizeof(*table));
    if (!table) {
        return BG_ENOMEM;
    }
    for (size_t si = 0; si < in->n; si++) {
        const bg_source *s = &in->items[si];
        for (size_t i = 0; i < s->n_lines; i++) {
            line_info *li = &lines[si][i];
            size_t len = li->end - li->start;
            const char *p = s->text.ptr + li->start;
            if (li->kind == LINE_BLANK || is_sentence_like(p, len)) {
                continue;
            }
            char *norm = bg_arena_alloc(a, len + 1);
            if (!norm) {
                return BG_ENOMEM;
            }
            size_t n = normalise(p, len, norm);
            uint64_t h = bg_fnv(norm, n);
            size_t k = (size_t)h & (cap - 1);
            while (table[k].norm && !(table[k].hash == h && table[k].len == n &&
                                      memcmp(table[k].norm, norm, n) == 0)) {
                k = (k + 1) & (cap - 1);
            }
            if (table[k].norm) {
                li->is_noise = true;
            } else {
                table[k] = (slot){h, norm, n};
            }
        }
    }
    return BG_OK;
}

/* --- Sentences --- */

/* The position of byte @off of the current source. Sentences come in order, so a sentence
 * on the line of the previous one counts characters from there: bg_source_loc counts from
 * the line's start, which made long paragraph lines quadratic. */
static bg_loc loc_of(segmenter *g, size_t off)
{
    const bg_source *src = g->src;
    bg_loc loc;
    uint32_t line = g->last_loc.line; /* 1-based; 0 when there is no previous sentence */
    if (line > 0 && off >= g->last_off &&
        (line >= src->n_lines || off < src->line_start[line])) { /* same line */
        size_t chars = bg_utf8_count(src->text.ptr + g->last_off, off - g->last_off);
        loc = (bg_loc){src->path, line, g->last_loc.col + (uint32_t)chars};
    } else {
        loc = bg_source_loc(src, off);
    }
    g->last_off = off;
    g->last_loc = loc;
    return loc;
}

/* Is [p, p+len) the publisher describing itself, as a page's footer does ("Europol is the
 * EU agency for law enforcement cooperation, …", "Mine Action Watch is a registered
 * charity …")? The publisher is the sidecar's; the page's furniture, not its subject. */
static bool is_publisher_blurb(const bg_source *src, const char *p, size_t len)
{
    static const char *const verbs[] = {" is a ", " is an ", " is the ", NULL};
    bg_str pub = src->meta.publisher;
    if (pub.len < 2 || len <= pub.len || memcmp(p, pub.ptr, pub.len) != 0) {
        return false;
    }
    for (size_t i = 0; verbs[i]; i++) {
        if (bg_segment_has_prefix(p + pub.len, p + len, verbs[i])) {
            return true;
        }
    }
    return false;
}

static bg_status add_sentence(segmenter *g, size_t b, bg_str text, bg_block_kind kind,
                              uint32_t index);

static bg_status emit(segmenter *g, size_t b, size_t e, bg_block_kind kind, uint32_t index)
{
    const char *t = g->src->text.ptr;
    while (b < e && bg_segment_is_space(t[b])) {
        b++;
    }
    while (e > b && bg_segment_is_space(t[e - 1])) {
        e--;
    }
    if (b == e || is_publisher_blurb(g->src, t + b, e - b)) {
        return BG_OK;
    }
    return add_sentence(g, b, (bg_str){t + b, e - b}, kind, index);
}

/* Append sentence @text, which starts at byte @b of the source. */
static bg_status add_sentence(segmenter *g, size_t b, bg_str text, bg_block_kind kind,
                              uint32_t index)
{
    bg_sentence *p = bg_arena_room(g->a, g->items, g->n, &g->cap, 256, sizeof(*p));
    if (!p) {
        return BG_ENOMEM;
    }
    g->items = p;
    bg_sentence *s = &g->items[g->n++];
    s->text = text;
    s->labels = NULL;
    s->n_labels = 0;
    s->source = g->source;
    s->loc = loc_of(g, b);
    s->kind = kind;
    s->para = g->block;
    s->index = index;
    s->heading = g->heading;
    if (kind == BG_KIND_HEADING) {
        g->heading = (uint32_t)g->n;
    }
    return BG_OK;
}

/* What split_block's sink needs: the segmenter, the block's kind, the next number. */
typedef struct {
    segmenter *g;
    bg_block_kind kind;
    uint32_t index;
} block_sink;

static bg_status emit_sentence(void *ctx, size_t b, size_t e)
{
    block_sink *k = ctx;
    size_t n_before = k->g->n;
    bg_status st = emit(k->g, b, e, k->kind, k->index);
    k->index += (uint32_t)(k->g->n - n_before); /* a sentence emit left out takes no number */
    return st;
}

/* Split [b, e) into sentences (segment_split.c). */
static bg_status split_block(segmenter *g, size_t b, size_t e, bg_block_kind kind)
{
    block_sink k = {g, kind, 0};
    return bg_segment_split(g->src->text.ptr, b, e, emit_sentence, &k);
}

/* Does @p[0..len) open on a figure: digits, a currency sign and digits, or either after
 * "about", "some" … ("589 vehicles on order", "£3.2bn spent by …", "about 300 trial
 * personnel assessed …")? */
static bool is_figure_first(const char *p, size_t len)
{
    static const char *const approx[] = {"about ",     "some ",  "around ", "over ", "nearly ",
                                         "more than ", "up to ", "almost ", NULL};
    static const char *const signs[] = {"\xC2\xA3", "\xE2\x82\xAC", "$", "US$", NULL};
    const char *end = p + len;
    for (size_t i = 0; approx[i]; i++) {
        if (bg_segment_has_prefix(p, end, approx[i])) {
            p += strlen(approx[i]);
            break;
        }
    }
    for (size_t i = 0; signs[i]; i++) {
        if (bg_segment_has_prefix(p, end, signs[i])) {
            p += strlen(signs[i]);
            break;
        }
    }
    return p < end && *p >= '0' && *p <= '9';
}

/* A facts box's row: a short label starting with a capital letter, then a colon or a
 * spaced en dash, and a value ("Staff: about 150", "Unified budget 2025: €6.9 million",
 * "Poland – sponsoring nation, provides a test range"); or a figure and what it counts
 * ("589 vehicles on order", is_figure_first). */
static bool is_row(const char *p, size_t len)
{
    if (is_figure_first(p, len)) {
        return true;
    }
    if (len == 0 || !((p[0] >= 'A' && p[0] <= 'Z') || (unsigned char)p[0] >= 0x80)) {
        return false;
    }
    size_t max = len < ROW_LABEL_MAX_BYTES ? len : ROW_LABEL_MAX_BYTES;
    for (size_t i = 1; i + 2 < len && i < max; i++) {
        if (p[i] == '.' || p[i] == ';') {
            return false;
        }
        if ((p[i] == ':' && p[i + 1] == ' ') ||
            (i + 4 < len && memcmp(p + i, " \xE2\x80\x93 ", 5) == 0)) {
            return true;
        }
    }
    return false;
}

/* Are [first, last] short lines of which all but a heading in front are two or more facts
 * box rows? */
static bool is_row_list(const char *t, const line_info *li, size_t first, size_t last)
{
    size_t from = is_row(t + li[first].start, li[first].end - li[first].start) ? first : first + 1;
    if (from + 1 > last) {
        return false;
    }
    for (size_t i = from; i <= last; i++) {
        if (!is_row(t + li[i].start, li[i].end - li[i].start)) {
            return false;
        }
    }
    return true;
}

/* A facts box (is_row_list): its heading, then each row a unit of its own, as a bulleted
 * box's rows are: joined, no row would start a unit and the figures would be lost. */
static bg_status row_list(segmenter *g, const line_info *li, size_t first, size_t last)
{
    const char *t = g->src->text.ptr;
    bg_status st = BG_OK;
    for (size_t i = first; i <= last && st == BG_OK; i++) {
        bool row = is_row(t + li[i].start, li[i].end - li[i].start);
        st = emit(g, li[i].start, li[i].end, row ? BG_KIND_PARA : BG_KIND_HEADING, 0);
        g->block++;
    }
    return st;
}

/* --- Tables set with vertical bars (segment_table.c) --- */

/* The least rows under a header that make lines with bars a table, not a menu. */
#define TABLE_MIN_ROWS 2u

static bg_str line_str(const char *t, const line_info *l)
{
    return (bg_str){t + l->start, l->end - l->start};
}

/* Are [first, last] a table: a header row of two or more cells, then (after an optional
 * underline) at least TABLE_MIN_ROWS rows of as many cells, each with a figure after its
 * first cell? A menu ("News | MEPs | Plenary") has no figures and rarely a second line. */
static bool is_table(const char *t, const line_info *li, size_t first, size_t last)
{
    bg_str cells[BG_SEGMENT_TABLE_MAX_CELLS];
    size_t n = bg_segment_table_cells(line_str(t, &li[first]), cells);
    if (n < 2) {
        return false;
    }
    size_t rows = 0;
    for (size_t i = first + 1; i <= last; i++) {
        bg_str line = line_str(t, &li[i]);
        if (i == first + 1 && bg_segment_table_is_rule(line)) {
            continue;
        }
        if (bg_segment_table_cells(line, cells) != n || !bg_segment_table_has_figure(cells, n)) {
            return false;
        }
        rows++;
    }
    return rows >= TABLE_MIN_ROWS;
}

/* A table (is_table): each row a unit of its own, read under the header (bg_segment_table_render);
 * the header and its underline are no sentences. */
static bg_status table(segmenter *g, const line_info *li, size_t first, size_t last)
{
    const char *t = g->src->text.ptr;
    bg_str head[BG_SEGMENT_TABLE_MAX_CELLS];
    bg_str row[BG_SEGMENT_TABLE_MAX_CELLS];
    size_t n = bg_segment_table_cells(line_str(t, &li[first]), head);
    bg_status st = BG_OK;
    for (size_t i = first + 1; i <= last && st == BG_OK; i++) {
        bg_str line = line_str(t, &li[i]);
        if (bg_segment_table_is_rule(line)) {
            continue;
        }
        (void)bg_segment_table_cells(line, row);
        bg_segment_table_row r;
        if (!bg_segment_table_render(head, row, n, g->a, &r)) {
            return BG_ENOMEM;
        }
        st = add_sentence(g, li[i].start, r.text, BG_KIND_PARA, 0);
        if (st == BG_OK) {
            g->items[g->n - 1].labels = r.labels;
            g->items[g->n - 1].n_labels = r.n_labels;
        }
        g->block++;
    }
    return st;
}

/* A run of text lines [first, last] (no blank in between). */
static bg_status text_block(segmenter *g, const line_info *li, size_t first, size_t last)
{
    const char *t = g->src->text.ptr;
    bg_status st = BG_OK;
    bool all_short = true;
    for (size_t i = first; i <= last; i++) {
        all_short = all_short && is_heading_like(t + li[i].start, li[i].end - li[i].start);
    }
    if (first < last && is_table(t, li, first, last)) {
        return table(g, li, first, last);
    }
    if (first + 1 < last && is_heading_like(t + li[first].start, li[first].end - li[first].start) &&
        is_table(t, li, first + 1, last)) {
        st = emit(g, li[first].start, li[first].end, BG_KIND_HEADING, 0);
        g->block++;
        return st == BG_OK ? table(g, li, first + 1, last) : st;
    }
    if (first == last && all_short) {
        /* The run ends at a blank line, a bullet or the end: a heading. */
        st = emit(g, li[first].start, li[first].end, BG_KIND_HEADING, 0);
        g->block++;
        return st;
    }
    if (all_short && is_row_list(t, li, first, last)) {
        return row_list(g, li, first, last);
    }
    if (all_short) {
        /* A list of short lines (tags, names, affiliations): one unit, never split. */
        st = emit(g, li[first].start, li[last].end, BG_KIND_PARA, 0);
        g->block++;
        return st;
    }
    if (is_heading_like(t + li[first].start, li[first].end - li[first].start) &&
        !is_heading_like(t + li[first + 1].start, li[first + 1].end - li[first + 1].start)) {
        /* A heading glued to its paragraph. */
        st = emit(g, li[first].start, li[first].end, BG_KIND_HEADING, 0);
        g->block++;
        first++;
        if (st != BG_OK) {
            return st;
        }
    }
    st = split_block(g, li[first].start, li[last].end, BG_KIND_PARA);
    g->block++;
    return st;
}

static bg_status segment_source(segmenter *g, const line_info *li)
{
    size_t n = g->src->n_lines;
    size_t i = 0;
    bg_status st = BG_OK;
    while (i < n && st == BG_OK) {
        if (li[i].kind == LINE_BLANK || li[i].is_noise) {
            i++;
            continue;
        }
        size_t last = i;
        if (li[i].kind == LINE_BULLET) {
            /* Indented text lines right after a bullet continue it. */
            while (last + 1 < n && li[last + 1].kind == LINE_TEXT && !li[last + 1].is_noise &&
                   li[last + 1].is_indented) {
                last++;
            }
            st = split_block(g, li[i].start, li[last].end, BG_KIND_BULLET);
            g->block++;
        } else {
            while (last + 1 < n && li[last + 1].kind == LINE_TEXT && !li[last + 1].is_noise) {
                last++;
            }
            st = text_block(g, li, i, last);
        }
        i = last + 1;
    }
    return st;
}

bg_status bg_segment_run(const bg_source_set *in, bg_arena *a, bg_diag *d, bg_sentence_list *out)
{
    (void)d; /* segmentation cannot fail on valid sources; only memory can run out */
    bg_status st = BG_OK;
    line_info **lines = bg_arena_array(a, in->n + 1, sizeof(*lines));
    if (!lines) {
        st = BG_ENOMEM;
        goto out;
    }
    for (size_t si = 0; si < in->n; si++) {
        const bg_source *s = &in->items[si];
        lines[si] = bg_arena_array(a, s->n_lines + 1, sizeof(line_info));
        if (!lines[si]) {
            st = BG_ENOMEM;
            goto out;
        }
        for (size_t i = 0; i < s->n_lines; i++) {
            classify_line(s, i, &lines[si][i]);
        }
    }
    st = mark_noise(in, lines, a);
    if (st != BG_OK) {
        goto out;
    }
    segmenter g = {.in = in, .a = a};
    for (size_t si = 0; si < in->n && st == BG_OK; si++) {
        g.src = &in->items[si];
        g.source = (uint32_t)si;
        g.block = 0;
        g.heading = 0;
        g.last_off = 0;
        g.last_loc = (bg_loc){NULL, 0, 0};
        st = segment_source(&g, lines[si]);
    }
    if (st != BG_OK) {
        goto out;
    }
    out->items = g.items;
    out->n = g.n;
    out->sources = in;
out:
    return st;
}
