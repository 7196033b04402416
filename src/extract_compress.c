/* Stage 3, extract: sentence compression (extract.c calls it for each point). Elide rules
 * mark words a point may lose and trim rules a trailing clause it may lose when long, never
 * a fact and never down to a stub (Knight & Marcu 2002 for the idea); shorten rules mark the
 * trailing clause cut in its short variant, which a brief prints when its word budget binds.
 * Does no I/O. */
#include "extract_int.h"

#include <string.h>

static bool fact_in(const bg_extractor *x, const bg_sentence *s, size_t start, size_t end)
{
    for (size_t i = 0; i < x->n_facts; i++) {
        size_t fs = (size_t)(x->facts[i].text.ptr - s->text.ptr);
        size_t fe = fs + x->facts[i].text.len;
        if (fs < end && start < fe) {
            return true;
        }
    }
    return false;
}

/* A trim keeps a tail that carries real evidence of its own: the category rules whose first
 * match lies in it sum to at least trim_keep_evidence ("…, emphasising … a multilateral
 * security architecture" stays; "…, which helped build the capacity of the provincial
 * government in … education" goes). */
static bool evidence_in(const bg_extractor *x, size_t start, double keep)
{
    double sum = 0.0;
    for (size_t r = 0; r < x->n_rules; r++) {
        const bg_rule_info *info = &x->info[r];
        if (x->rule_fired[r] && info->kind == BG_RULE_CATEGORY && x->rule_start[r] >= start) {
            sum += info->weight;
        }
    }
    return sum >= keep;
}

static bool add_cut(bg_cut_list *c, size_t start, size_t end)
{
    if (c->n == BG_EXTRACT_MAX_CUTS) {
        return false;
    }
    size_t k = 0;
    while (k < c->n && c->start[k] < start) {
        k++;
    }
    if ((k > 0 && c->end[k - 1] > start) || (k < c->n && c->start[k] < end)) {
        return false; /* overlaps a span already cut */
    }
    memmove(&c->start[k + 1], &c->start[k], (c->n - k) * sizeof(size_t));
    memmove(&c->end[k + 1], &c->end[k], (c->n - k) * sizeof(size_t));
    c->start[k] = start;
    c->end[k] = end;
    c->n++;
    return true;
}

static size_t words_kept(const bg_sentence *s, const bg_cut_list *c)
{
    size_t words = 0;
    size_t from = 0;
    for (size_t k = 0; k <= c->n; k++) {
        size_t to = k < c->n ? c->start[k] : s->text.len;
        words += bg_extract_count_words((bg_str){s->text.ptr + from, to - from});
        from = k < c->n ? c->end[k] : from;
    }
    return words;
}

/* An elision that ends at a punctuation mark takes the space before it ("… in June 2025
 * 👍." → "… in June 2025."): a rule need not start its pattern with an optional space,
 * which pcre2 would try at every space of every point. */
static bool takes_space_before(const bg_sentence *s, size_t start, size_t end)
{
    return start > 0 && s->text.ptr[start - 1] == ' ' && end < s->text.len &&
           strchr(".,;:!?", s->text.ptr[end]) != NULL;
}

/* Collect what trim and elide rules leave out of @s (@words long); never a fact, never down
 * to a stub. */
bg_status bg_extract_find_cuts(bg_extractor *x, const bg_sentence *s, size_t words, bg_cut_list *c)
{
    c->n = 0;
    c->is_trimmed = false;
    for (size_t k = 0; k < x->n_elide_rules; k++) {
        size_t r = x->elide_rules[k];
        if (!bg_rules_may_match(x->rs, r, &x->grams)) {
            continue;
        }
        size_t off = 0;
        while (off < s->text.len) {
            bool found = false;
            bg_match m;
            bg_status st = bg_rules_match(x->rs, r, s->text, off, &s->loc, x->d, &found, &m);
            if (st != BG_OK) {
                return st;
            }
            if (!found) {
                break;
            }
            off = m.end > m.start ? m.end : m.start + 1;
            size_t start = takes_space_before(s, m.start, m.end) ? m.start - 1 : m.start;
            if (m.end > m.start && m.end - m.start < s->text.len && !fact_in(x, s, start, m.end)) {
                (void)add_cut(c, start, m.end);
            }
        }
    }
    size_t cut = 0;
    if ((double)words >= x->sc->trim_min_words) {
        for (size_t k = 0; k < x->n_trim_rules; k++) {
            size_t r = x->trim_rules[k];
            bool found = false;
            bg_match m;
            bg_status st = bg_extract_first_match(x, r, s, &found, &m);
            if (st != BG_OK) {
                return st;
            }
            if (found && m.start > 0 && (cut == 0 || m.start < cut) &&
                !fact_in(x, s, m.start, s->text.len) &&
                !evidence_in(x, m.start, x->sc->trim_keep_evidence)) {
                cut = m.start;
            }
        }
    }
    if (cut) {
        /* Elided spans inside the tail go with it. */
        size_t k = c->n;
        while (k > 0 && c->end[k - 1] > cut) {
            k--;
        }
        c->n = k;
        if (add_cut(c, cut, s->text.len)) {
            c->is_trimmed = true;
        }
        if (c->is_trimmed && (double)words_kept(s, c) < x->sc->length_min_words) {
            c->n = k; /* never leave a stub: keep the tail */
            c->is_trimmed = false;
        }
    }
    return BG_OK;
}

/* A copy of @s without the spans of @c. A trimmed tail is replaced by the sentence's own
 * final mark; a sentence that lost its start gets a capital first letter. Facts are
 * re-pointed into the copy (compose finds a fact's clause by address). */
const bg_sentence *bg_extract_compress(bg_extractor *x, const bg_sentence *s, const bg_cut_list *c,
                                       bg_fact *facts, size_t n_facts)
{
    char *text = bg_arena_alloc(x->a, s->text.len + 2);
    bg_sentence *copy = bg_arena_alloc(x->a, sizeof(*copy));
    if (!text || !copy) {
        return NULL;
    }
    size_t n = 0;
    size_t from = 0;
    for (size_t k = 0; k <= c->n; k++) {
        size_t to = k < c->n ? c->start[k] : s->text.len;
        memcpy(text + n, s->text.ptr + from, to - from);
        n += to - from;
        from = k < c->n ? c->end[k] : from;
    }
    if (c->is_trimmed) {
        while (n > 0 && bg_extract_is_trailing_junk(text[n - 1])) {
            n--;
        }
        char last = s->text.ptr[s->text.len - 1];
        text[n++] = (last == '!' || last == '?') ? last : '.';
    }
    if (c->n && c->start[0] == 0 && text[0] >= 'a' && text[0] <= 'z') {
        text[0] = (char)(text[0] - 'a' + 'A');
    }
    text[n] = 0;
    for (size_t i = 0; i < n_facts; i++) {
        size_t off = (size_t)(facts[i].text.ptr - s->text.ptr);
        size_t shift = 0;
        for (size_t k = 0; k < c->n && c->end[k] <= off; k++) {
            shift += c->end[k] - c->start[k];
        }
        facts[i].text.ptr = text + off - shift;
    }
    *copy = *s;
    copy->labels = NULL; /* the spans are of @s's text; facts are collected from @s */
    copy->n_labels = 0;
    copy->text = (bg_str){text, n};
    return copy;
}

/* --- The short variant: shorten rules --- */

/* The earliest start of a trailing clause that a shorten or trim rule marks in @s, before
 * the tail @c already cuts, that holds no fact and less than shorten_keep_evidence of its
 * own, and leaves at least length_min_words; 0: none. */
static bg_status find_short_cut(bg_extractor *x, const bg_sentence *s, const bg_cut_list *c,
                                size_t *cut)
{
    *cut = 0;
    size_t limit = c->is_trimmed ? c->start[c->n - 1] : s->text.len;
    const uint32_t *lists[2] = {x->shorten_rules, x->trim_rules};
    size_t n_lists[2] = {x->n_shorten_rules, x->n_trim_rules};
    for (size_t l = 0; l < 2; l++) {
        for (size_t k = 0; k < n_lists[l]; k++) {
            size_t r = lists[l][k];
            if (!bg_rules_may_match(x->rs, r, &x->grams)) {
                continue;
            }
            size_t off = 0;
            while (off < limit) {
                bool found = false;
                bg_match m;
                bg_status st = bg_rules_match(x->rs, r, s->text, off, &s->loc, x->d, &found, &m);
                if (st != BG_OK) {
                    return st;
                }
                if (!found || m.start >= limit || (*cut && m.start >= *cut)) {
                    break;
                }
                off = m.end > m.start ? m.end : m.start + 1;
                if (m.start > 0 && !fact_in(x, s, m.start, s->text.len) &&
                    !evidence_in(x, m.start, x->sc->shorten_keep_evidence)) {
                    *cut = m.start;
                    break;
                }
            }
        }
    }
    return BG_OK;
}

/* The short variant of @s, which @c compresses: @c's elisions before the cut
 * find_short_cut gives, and the tail from there; NULL in *out when there is none or it
 * would leave a stub. */
bg_status bg_extract_short_variant(bg_extractor *x, const bg_sentence *s, const bg_cut_list *c,
                                   const bg_sentence **out)
{
    *out = NULL;
    size_t cut = 0;
    bg_status st = find_short_cut(x, s, c, &cut);
    if (st != BG_OK || cut == 0) {
        return st;
    }
    bg_cut_list b = *c;
    b.is_trimmed = false;
    while (b.n > 0 && b.end[b.n - 1] > cut) {
        b.n--;
    }
    if (!add_cut(&b, cut, s->text.len)) {
        return BG_OK;
    }
    b.is_trimmed = true;
    if ((double)words_kept(s, &b) < x->sc->length_min_words) {
        return BG_OK;
    }
    bg_fact *facts = bg_arena_array(x->a, x->n_facts + 1, sizeof(bg_fact));
    if (!facts) {
        return BG_ENOMEM;
    }
    memcpy(facts, x->facts, x->n_facts * sizeof(bg_fact));
    *out = bg_extract_compress(x, s, &b, facts, x->n_facts);
    return *out ? BG_OK : BG_ENOMEM;
}
