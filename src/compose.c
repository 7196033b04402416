/* Stage 4, compose: (bg_template, bg_point_list) → bg_doc. Two passes: select what each
 * section shows (compose_select.c, registering citations, so references are numbered in
 * reading order), then emit styled blocks: this file has inline text, citations, text and
 * points sections, title and document info; compose_timeline.c the timeline and table
 * blocks, compose_ref.c the reference list. No measuring and no pages: layout.c does that. */
#include "compose.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "compose_int.h"

#ifndef BG_VERSION
#define BG_VERSION "0.1.0"
#endif

/* --- Inline text --- */

/* The runs of an inline built here have an implied capacity: 0 when empty, else the
 * next power of two >= n_runs (at least 4). bg_inline is read by layout and keeps no
 * capacity field of its own, so inline_add grows when n_runs reaches that capacity,
 * doubling it: appending n runs costs O(n), not O(n^2). Only inline_add appends to an
 * inline that compose built (a reference's text is shared, never appended to). */
static bool inline_is_full(size_t n_runs)
{
    return n_runs == 0 || (n_runs >= 4 && (n_runs & (n_runs - 1)) == 0);
}

static bool inline_add(composer *c, bg_inline *in, bg_run run)
{
    if (inline_is_full(in->n_runs)) {
        size_t cap = in->n_runs ? in->n_runs * 2 : 4;
        bg_run *runs = bg_arena_grow(c->a, in->runs, in->n_runs, cap, sizeof(bg_run));
        if (!runs) {
            return false;
        }
        in->runs = runs;
    }
    in->runs[in->n_runs++] = run;
    return true;
}

bool bg_compose_inline_text(composer *c, bg_inline *in, bg_str text, uint8_t style,
                            const bg_sentence *origin)
{
    bg_run run = {BG_RUN_TEXT, text, style, 0, origin};
    return inline_add(c, in, run);
}

/* Split furniture text at {{ page }} / {{ pages }} (kept verbatim by template_vars.c). */
static bool inline_furniture(composer *c, bg_inline *in, bg_str text, uint8_t style)
{
    size_t i = 0;
    size_t start = 0;
    while (i < text.len) {
        if (text.len - i >= 2 && text.ptr[i] == '{' && text.ptr[i + 1] == '{') {
            size_t j = i + 2;
            while (j < text.len && text.ptr[j] == ' ') {
                j++;
            }
            size_t name = j;
            while (j < text.len && text.ptr[j] >= 'a' && text.ptr[j] <= 'z') {
                j++;
            }
            bg_str word = {text.ptr + name, j - name};
            while (j < text.len && text.ptr[j] == ' ') {
                j++;
            }
            bool is_page = bg_str_eq_cstr(word, "page");
            bool is_pages = bg_str_eq_cstr(word, "pages");
            if ((is_page || is_pages) && text.len - j >= 2 && text.ptr[j] == '}' &&
                text.ptr[j + 1] == '}') {
                if (i > start && !bg_compose_inline_text(
                                     c, in, (bg_str){text.ptr + start, i - start}, style, NULL)) {
                    return false;
                }
                bg_run run = {is_page ? BG_RUN_PAGE : BG_RUN_PAGES, {NULL, 0}, style, 0, NULL};
                if (!inline_add(c, in, run)) {
                    return false;
                }
                i = j + 2;
                start = i;
                continue;
            }
        }
        i++;
    }
    return start >= text.len ||
           bg_compose_inline_text(c, in, (bg_str){text.ptr + start, text.len - start}, style, NULL);
}

/* --- Citations --- */

uint32_t bg_compose_cite(composer *c, const bg_sentence *s)
{
    cite_src *cs = &c->srcs[s->source];
    if (cs->number == 0) {
        cs->number = ++c->n_refs;
    }
    for (size_t i = 0; i < cs->n_lines; i++) {
        if (cs->lines[i] == s->loc.line) {
            return cs->number;
        }
    }
    uint32_t *lines =
        bg_arena_room(c->a, cs->lines, cs->n_lines, &cs->cap_lines, 8, sizeof(*lines));
    if (!lines) {
        return 0;
    }
    cs->lines = lines;
    cs->lines[cs->n_lines++] = s->loc.line;
    return cs->number;
}

/* Register the citations of a point: its own sentence, then every other source saying
 * the same. */
bool bg_compose_cite_point(composer *c, const bg_point *p)
{
    if (bg_compose_cite(c, p->s) == 0) {
        return false;
    }
    for (size_t i = 0; i < p->n_also; i++) {
        if (bg_compose_cite(c, p->also[i]) == 0) {
            return false;
        }
    }
    return true;
}

/* The CITE runs of a point: one per distinct source. */
bool bg_compose_add_cites(composer *c, bg_inline *in, const bg_point *p)
{
    uint32_t done[16] = {0};
    size_t n_done = 0;
    for (size_t i = 0; i <= p->n_also; i++) {
        const bg_sentence *s = i == 0 ? p->s : p->also[i - 1];
        uint32_t num = c->srcs[s->source].number;
        bool seen = false;
        for (size_t k = 0; k < n_done; k++) {
            seen = seen || done[k] == num;
        }
        if (seen || num == 0) {
            continue;
        }
        if (n_done < sizeof(done) / sizeof(done[0])) {
            done[n_done++] = num;
        }
        char *label = bg_arena_printf(c->a, "[%u]", (unsigned)num);
        bg_run run = {BG_RUN_CITE, bg_str_from(label), BG_STYLE_CITE, num, s};
        if (!label || !inline_add(c, in, run)) {
            return false;
        }
    }
    return true;
}

/* --- Pass 2: blocks --- */

bg_doc_block *bg_compose_add_block(composer *c, bg_doc_kind kind, uint8_t style, uint32_t section,
                                   double score)
{
    bg_doc_block *blocks =
        bg_arena_room(c->a, c->blocks, c->n_blocks, &c->cap_blocks, 64, sizeof(*blocks));
    if (!blocks) {
        return NULL;
    }
    c->blocks = blocks;
    bg_doc_block *b = &c->blocks[c->n_blocks++];
    memset(b, 0, sizeof(*b));
    b->kind = kind;
    b->style = style;
    b->section = section;
    b->score = score;
    return b;
}

/* Static text: one paragraph per run of non-blank lines. */
static bg_status emit_text(composer *c, const bg_section *sec, uint32_t si)
{
    double score = sec->is_required ? BG_SCORE_KEEP : 0.0;
    const char *p = sec->text.ptr;
    const char *end = p + sec->text.len;
    const char *para = NULL;
    const char *para_end = NULL;
    while (p <= end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = nl ? nl : end;
        bg_str line = {p, (size_t)(line_end - p)};
        bool blank = bg_compose_is_blank(line);
        if (!blank) {
            para = para ? para : p;
            para_end = line_end;
        }
        if ((blank || !nl) && para) {
            bg_doc_block *b = bg_compose_add_block(c, BG_DOC_PARA, BG_STYLE_BODY, si, score);
            if (!b ||
                !bg_compose_inline_text(c, &b->text, (bg_str){para, (size_t)(para_end - para)},
                                        BG_STYLE_BODY, NULL)) {
                return BG_ENOMEM;
            }
            para = NULL;
        }
        if (!nl) {
            break;
        }
        p = nl + 1;
    }
    return BG_OK;
}

/* A point's text @text (its sentence or its short variant), after its antecedent when
 * @is_after, then its citations. */
static bool point_text(composer *c, bg_inline *in, const bg_point *p, bg_str text, bool is_after)
{
    return (!is_after ||
            (bg_compose_inline_text(c, in, p->antecedent->text, BG_STYLE_POINT, p->antecedent) &&
             bg_compose_inline_text(c, in, BG_STR_LIT(" "), BG_STYLE_POINT, NULL))) &&
           bg_compose_inline_text(c, in, text, BG_STYLE_POINT, p->s) &&
           bg_compose_add_cites(c, in, p);
}

/* An item of section @sec (index @si) at @score (kept whatever it is in a required section),
 * labelled @label; depth 1 nests it under the item before it. NULL: out of memory. */
static bg_doc_block *add_item(composer *c, const bg_section *sec, uint32_t si, double score,
                              bg_str label, uint8_t depth)
{
    bg_doc_block *b = bg_compose_add_block(c, BG_DOC_ITEM, BG_STYLE_POINT, si,
                                           sec->is_required ? BG_SCORE_KEEP : score);
    if (!b || !bg_compose_inline_text(c, &b->label, label, BG_STYLE_POINT, NULL)) {
        return NULL;
    }
    b->depth = depth;
    return b;
}

#define BULLET BG_STR_LIT("\xE2\x80\xA2")
#define EN_DASH BG_STR_LIT("\xE2\x80\x93")

/* The point @p as one bullet: its text after its antecedent when needed (@is_after). */
static bg_status emit_point(composer *c, const bg_section *sec, uint32_t si, const bg_point *p,
                            bool is_after)
{
    bg_doc_block *b = add_item(c, sec, si, p->score, BULLET, 0);
    bool has_brief = c->t->is_shortening && p->brief;
    bg_str text = p->s->text;
    bg_str brief = has_brief ? p->brief->text : BG_STR_LIT("");
    if (!is_after) { /* the point opens the bullet: "about 300 …" prints "About 300 …" */
        text = bg_compose_capitalised(c->a, text);
        brief = bg_compose_capitalised(c->a, brief);
    }
    if (!b || !text.ptr || (has_brief && !brief.ptr) ||
        !point_text(c, &b->text, p, text, is_after) ||
        (has_brief && !point_text(c, &b->brief, p, brief, is_after))) {
        return BG_ENOMEM;
    }
    return BG_OK;
}

/* The text of a lead: @p's antecedent first when @is_after, then the bytes of its text before
 * its own words, ending in the introduction's colon as in the source (an open introduction,
 * "… agreed to:", lost it in front of the item). */
static bool lead_text(composer *c, bg_inline *in, const bg_point *p, bool is_after)
{
    bg_str lead = {p->s->text.ptr, p->lead_bytes};
    while (lead.len > 0 && lead.ptr[lead.len - 1] == ' ') {
        lead.len--;
    }
    bool has_colon = lead.len > 0 && lead.ptr[lead.len - 1] == ':';
    if (is_after &&
        (!bg_compose_inline_text(c, in, p->antecedent->text, BG_STYLE_POINT, p->antecedent) ||
         !bg_compose_inline_text(c, in, BG_STR_LIT(" "), BG_STYLE_POINT, NULL))) {
        return false;
    }
    return bg_compose_inline_text(c, in, lead, BG_STYLE_POINT, p->s) &&
           (has_colon || bg_compose_inline_text(c, in, BG_STR_LIT(":"), BG_STYLE_POINT, NULL));
}

/* The lead of the @n_items list items at @items (the same introduction): a bullet of the
 * first one's lead, uncited (each item cites), scored as its best item. */
static bg_status emit_lead(composer *c, const bg_section *sec, uint32_t si,
                           const bg_point *const *items, size_t n_items, bool is_after)
{
    double score = items[0]->score;
    for (size_t i = 1; i < n_items; i++) {
        score = items[i]->score > score ? items[i]->score : score;
    }
    bg_doc_block *b = add_item(c, sec, si, score, BULLET, 0);
    return b && lead_text(c, &b->text, items[0], is_after) ? BG_OK : BG_ENOMEM;
}

/* A list item under its lead: its own words (its text after lead_bytes; its short variant
 * likewise when that keeps the same lead), cited, indented one level with an en dash. */
static bg_status emit_nested(composer *c, const bg_section *sec, uint32_t si, const bg_point *p)
{
    bg_doc_block *b = add_item(c, sec, si, p->score, EN_DASH, 1);
    if (!b) {
        return BG_ENOMEM;
    }
    size_t lead = p->lead_bytes;
    bg_str own = {p->s->text.ptr + lead, p->s->text.len - lead};
    const bg_sentence *brief = c->t->is_shortening ? p->brief : NULL;
    bool has_brief =
        brief && brief->text.len > lead && memcmp(brief->text.ptr, p->s->text.ptr, lead) == 0;
    bg_str own_brief =
        has_brief ? (bg_str){brief->text.ptr + lead, brief->text.len - lead} : (bg_str){NULL, 0};
    if (!point_text(c, &b->text, p, own, false) ||
        (has_brief && !point_text(c, &b->brief, p, own_brief, false))) {
        return BG_ENOMEM;
    }
    return BG_OK;
}

/* DESIGN: a list's introduction prints once. Two or more items of one list (select put them
 * side by side) print as a lead bullet, then each item nested under it; a lone item prints
 * whole, its introduction in front, like any point. */
static bg_status emit_points(composer *c, const bg_section *sec, uint32_t si,
                             const section_pick *pick)
{
    bg_status st = BG_OK;
    for (size_t i = 0; st == BG_OK && i < pick->n_points; i++) {
        const bg_point *p = pick->points[i];
        bool is_after = bg_compose_needs_antecedent(pick->points, i);
        bool opens = bg_compose_opens_group(pick->points, pick->n_points, i);
        if (opens) {
            size_t n = 1;
            while (i + n < pick->n_points && bg_compose_is_nested(pick->points, i + n)) {
                n++;
            }
            st = emit_lead(c, sec, si, &pick->points[i], n, is_after);
        }
        if (st == BG_OK) {
            bool is_item = opens || bg_compose_is_nested(pick->points, i);
            st = is_item ? emit_nested(c, sec, si, p) : emit_point(c, sec, si, p, is_after);
        }
    }
    return st;
}

static bool section_is_empty(const bg_section *sec, const section_pick *pick, uint32_t n_refs)
{
    switch (sec->kind) {
    case BG_SEC_TEXT:
        return bg_compose_is_blank(sec->text);
    case BG_SEC_POINTS:
        return pick->n_points == 0;
    case BG_SEC_TIMELINE:
    case BG_SEC_TABLE:
        return pick->n_facts == 0;
    case BG_SEC_SOURCES:
    default:
        return n_refs == 0;
    }
}

static bg_status emit_section(composer *c, uint32_t si, const section_pick *pick)
{
    const bg_section *sec = &c->t->sections[si];
    if (section_is_empty(sec, pick, c->n_refs)) {
        /* DESIGN: a heading is never left alone; an empty section disappears. */
        return BG_OK;
    }
    if (sec->heading.len) {
        bg_doc_block *h =
            bg_compose_add_block(c, BG_DOC_HEADING, BG_STYLE_HEADING, si, BG_SCORE_KEEP);
        if (!h || !bg_compose_inline_text(c, &h->text, sec->heading, BG_STYLE_HEADING, NULL)) {
            return BG_ENOMEM;
        }
    }
    switch (sec->kind) {
    case BG_SEC_TEXT:
        return emit_text(c, sec, si);
    case BG_SEC_POINTS:
        return emit_points(c, sec, si, pick);
    case BG_SEC_TIMELINE:
        return bg_compose_emit_timeline(c, sec, si, pick);
    case BG_SEC_TABLE:
        return bg_compose_emit_table(c, sec, si, pick);
    case BG_SEC_SOURCES:
    default:
        return bg_compose_emit_sources(c, si);
    }
}

/* Keywords: the categories the briefing shows, comma-separated. */

static bg_str keywords(composer *c)
{
    bg_buf b;
    bg_buf_init(&b, 4096);
    for (size_t i = 0; i < c->pts->n_categories; i++) {
        if (c->cat_used[i]) {
            bg_buf_printf(&b, "%s%.*s", b.len ? ", " : "", (int)c->pts->categories[i].len,
                          c->pts->categories[i].ptr);
        }
    }
    char *s = b.len ? bg_arena_strndup(c->a, b.data, b.len) : NULL;
    bg_buf_free(&b);
    return s ? bg_str_from(s) : (bg_str){"", 0};
}

static bg_status make_info(composer *c, int64_t now, bg_doc *doc)
{
    const bg_template *t = c->t;
    doc->info.title = t->title;
    doc->info.author = t->author;
    doc->info.subject = t->subtitle.len ? t->subtitle : t->audience;
    doc->info.keywords = keywords(c);
    doc->info.creator = BG_STR_LIT("briefgen " BG_VERSION);
    doc->info.language = t->language;
    doc->info.created = now;
    if (!inline_furniture(c, &doc->banner, t->banner, BG_STYLE_BANNER) ||
        !inline_furniture(c, &doc->header, t->header, BG_STYLE_HEADER) ||
        !inline_furniture(c, &doc->footer, t->footer, BG_STYLE_FOOTER)) {
        return BG_ENOMEM;
    }
    return BG_OK;
}

static bg_status emit_title(composer *c)
{
    const bg_template *t = c->t;
    if (t->title.len) {
        bg_doc_block *b = bg_compose_add_block(c, BG_DOC_TITLE, BG_STYLE_TITLE, 0, BG_SCORE_KEEP);
        if (!b || !bg_compose_inline_text(c, &b->text, t->title, BG_STYLE_TITLE, NULL)) {
            return BG_ENOMEM;
        }
    }
    if (t->subtitle.len) {
        bg_doc_block *b =
            bg_compose_add_block(c, BG_DOC_SUBTITLE, BG_STYLE_SUBTITLE, 0, BG_SCORE_KEEP);
        if (!b || !bg_compose_inline_text(c, &b->text, t->subtitle, BG_STYLE_SUBTITLE, NULL)) {
            return BG_ENOMEM;
        }
    }
    return BG_OK;
}

/* Words of all the sources: runs of non-blank bytes, as `wc -w` counts them per file. */
static size_t source_words(const bg_source_set *set)
{
    size_t n = 0;
    for (size_t i = 0; i < set->n; i++) {
        bool in_word = false;
        n += bg_str_count_words(set->items[i].text, &in_word);
    }
    return n;
}

bg_status bg_compose_run(const bg_template *t, const bg_point_list *pts, int64_t now, bg_arena *a,
                         bg_diag *d, bg_doc *out)
{
    composer c = {.t = t, .pts = pts, .a = a, .d = d};
    bg_doc doc = {0};
    c.n_srcs = pts->sentences->sources->n;
    c.srcs = bg_arena_array(a, c.n_srcs + 1, sizeof(cite_src));
    c.shown_sec = bg_arena_array(a, pts->n + 1, sizeof(uint32_t));
    c.shown_date = bg_arena_array(a, pts->n + 1, sizeof(const bg_fact *));
    c.cat_used = bg_arena_array(a, pts->n_categories + 1, sizeof(bool));
    section_pick *picks = bg_arena_array(a, t->n_sections + 1, sizeof(section_pick));
    if (!c.srcs || !c.shown_sec || !c.shown_date || !c.cat_used || !picks) {
        return BG_ENOMEM;
    }
    bg_status st = BG_OK;
    for (size_t i = 0; i < t->n_sections; i++) {
        const bg_section *sec = &t->sections[i];
        bg_status s1 = BG_OK;
        if (sec->kind == BG_SEC_POINTS) {
            s1 = bg_compose_select_points(&c, sec, &picks[i]);
        } else if (sec->kind == BG_SEC_TIMELINE || sec->kind == BG_SEC_TABLE) {
            s1 = bg_compose_select_facts(&c, sec, &picks[i]);
        }
        if (s1 == BG_ENOMEM) {
            return s1;
        }
        st = st == BG_OK ? s1 : st;
    }
    if (st != BG_OK) {
        return st;
    }
    st = bg_compose_make_refs(&c);
    if (st == BG_OK) {
        st = emit_title(&c);
    }
    for (uint32_t i = 0; st == BG_OK && i < t->n_sections; i++) {
        st = emit_section(&c, i, &picks[i]);
    }
    if (st == BG_OK) {
        st = make_info(&c, now, &doc);
    }
    if (st != BG_OK) {
        if (st == BG_ENOMEM) {
            bg_diag_error(d, &t->loc, "out of memory composing the briefing");
        }
        return st;
    }
    doc.page = &t->page;
    doc.styles = t->styles;
    doc.max_pages = t->max_pages;
    doc.source_words = source_words(pts->sentences->sources);
    doc.max_words_pct = t->max_words_pct;
    doc.shorten_margin = t->shorten_margin;
    doc.max_words =
        t->max_words_pct ? doc.source_words * (size_t)t->max_words_pct / 100 : (size_t)t->max_words;
    if (t->max_words_pct && doc.max_words == 0) {
        doc.max_words = 1; /* empty sources: a percentage of nothing is still a budget */
    }
    doc.blocks = c.blocks;
    doc.n_blocks = c.n_blocks;
    doc.refs = c.refs;
    doc.n_refs = c.n_refs;
    *out = doc;
    return BG_OK;
}
