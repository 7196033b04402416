/* Extract, list introductions and anaphora (part of the extract stage, extract_int.h): a
 * list item printed with its introduction in front, the heading or introduction that
 * speaks for a list's items, and the sentence an anaphor refers back to. */
#include <string.h>

#include "extract_int.h"

#define MAX_INTRO_WORDS 20u /* a longer introduction is not put in front of its items */
#define MAX_ITEMS_BACK 16u  /* bullet sentences looked past to find a list's introduction */

static bool ends_with(bg_str s, const char *tail)
{
    size_t n = strlen(tail);
    return s.len >= n && memcmp(s.ptr + s.len - n, tail, n) == 0;
}

/* An introduction that is the first half of each item under it: "The authors recommend
 * that:", "They agreed to:". Its colon is left out in front of an item. */
static bool is_open_intro(bg_str s)
{
    return ends_with(s, " that:") || ends_with(s, " to:");
}

/* The sentence right above the run of bullets that @s (a bullet) is in: the nearest one
 * before it in its source that is no bullet, or a bullet that ends in a colon (a list in a
 * list: "4. Participants agreed the Commitments, under which states will:" over "(i) set
 * up …"), at most MAX_ITEMS_BACK bullets back; NULL when there is none. A list's
 * introduction or heading, when it is one. */
static const bg_sentence *above_list(const bg_extractor *x, const bg_sentence *s)
{
    size_t i = (size_t)(s - x->in->items);
    for (size_t k = 0; k < MAX_ITEMS_BACK && i > 0; k++) {
        const bg_sentence *p = &x->in->items[--i];
        if (p->source != s->source) {
            return NULL;
        }
        if (p->kind != BG_KIND_BULLET || ends_with(p->text, ":")) {
            return p;
        }
    }
    return NULL;
}

/* A list item that is no sentence ("remove remaining obstacles …;" under "Leaders agreed
 * to:") is a point only with its list's introduction in front. The introduction: the
 * nearest sentence above in the same source, with only bullets between, that ends in a
 * colon and is at most MAX_INTRO_WORDS long; NULL when @s is not such an item. An item
 * opening in lower case continues any such introduction; a capitalised one only a "that:"
 * (it is the clause: "… recommend that: Washington and Moscow pledge …"; under "to:" or
 * "include:" a capitalised item is a sentence of its own). */
const bg_sentence *bg_extract_list_intro(const bg_extractor *x, const bg_sentence *s)
{
    if (s->kind != BG_KIND_BULLET || s->index != 0 || s->text.len == 0) {
        return NULL;
    }
    bool is_lower = s->text.ptr[0] >= 'a' && s->text.ptr[0] <= 'z';
    const bg_sentence *p = above_list(x, s);
    bool is_intro = p && ends_with(p->text, ":") &&
                    bg_extract_count_words(p->text) <= MAX_INTRO_WORDS &&
                    (is_lower || ends_with(p->text, " that:"));
    return is_intro ? p : NULL;
}

/* The heading right above the list whose first bullet, or a later one, is @s when the list
 * has no introduction ("Highlights", "Recommendations for European governments"), or the
 * line ending in a colon that introduces a list of sentences ("Our main findings:" over
 * "Two firms make most of them, …"): not printed in front of its items, but it speaks for
 * them in the list's theme (list_theme). NULL when @s is no bullet, or neither stands
 * right above its list. */
const bg_sentence *bg_extract_list_head(const bg_extractor *x, const bg_sentence *s)
{
    const bg_sentence *p = s->kind == BG_KIND_BULLET ? above_list(x, s) : NULL;
    return p && (p->kind == BG_KIND_HEADING || ends_with(p->text, ":")) ? p : NULL;
}

/* The bytes in front of a sentence printed after @intro: its text (without the colon of an
 * open introduction) and a space. */
size_t bg_extract_lead_length(const bg_sentence *intro)
{
    return intro->text.len - is_open_intro(intro->text) + 1;
}

/* @front (when not empty) and a space, then @s's text, ending in a full stop where it ended
 * in ';' or ',' (a list item that goes on): a copy of @s. Facts are re-pointed into it. */
static bg_sentence *with_front(bg_extractor *x, bg_str front, const bg_sentence *s, bg_fact *facts,
                               size_t n_facts)
{
    size_t lead = front.len ? front.len + 1 : 0;
    char *text = bg_arena_alloc(x->a, lead + s->text.len + 2);
    bg_sentence *copy = bg_arena_alloc(x->a, sizeof(*copy));
    if (!text || !copy) {
        return NULL;
    }
    if (lead) {
        memcpy(text, front.ptr, front.len);
        text[front.len] = ' ';
    }
    memcpy(text + lead, s->text.ptr, s->text.len);
    size_t n = lead + s->text.len;
    while (n > lead && bg_extract_is_trailing_junk(text[n - 1])) {
        n--;
    }
    char last = n > lead ? text[n - 1] : 0;
    if (last != '.' && last != '!' && last != '?') {
        text[n++] = '.';
    }
    text[n] = 0;
    for (size_t i = 0; i < n_facts; i++) {
        facts[i].text.ptr = text + lead + (facts[i].text.ptr - s->text.ptr);
    }
    *copy = *s;
    copy->labels = NULL; /* the spans are of @s's text; facts are collected from @s */
    copy->n_labels = 0;
    copy->text = (bg_str){text, n};
    return copy;
}

/* @intro's text (a list's introduction, without the colon of an open one, or the sentence
 * an anaphor refers to), a space, then @s's (with_front). */
bg_sentence *bg_extract_with_lead(bg_extractor *x, const bg_sentence *intro, const bg_sentence *s,
                                  bg_fact *facts, size_t n_facts)
{
    return with_front(x, (bg_str){intro->text.ptr, bg_extract_lead_length(intro) - 1}, s, facts,
                      n_facts);
}

/* A list item that ends as the list goes on ("… at the Polish border;"): a copy of @s
 * ending in a full stop, as a point prints; @s itself otherwise. NULL: out of memory. */
const bg_sentence *bg_extract_as_item_end(bg_extractor *x, const bg_sentence *s)
{
    char last = s->text.len ? s->text.ptr[s->text.len - 1] : 0;
    return last == ';' || last == ',' ? with_front(x, (bg_str){NULL, 0}, s, NULL, 0) : s;
}

#define MAX_REFER_BACK 3u /* sentences opening on the same anaphor passed over */

/* Do @a and @b open on the same word ("It … It", not "Its … They")? */
static bool same_first_word(bg_str a, bg_str b)
{
    size_t n = 0;
    while (n < a.len && n < b.len && a.ptr[n] == b.ptr[n] && a.ptr[n] != ' ') {
        n++;
    }
    return n > 0 && n < a.len && n < b.len && a.ptr[n] == ' ' && b.ptr[n] == ' ';
}

/* The sentence that @s, which opens on an anaphor (refer rule @rule), refers back to: the
 * nearest one before it in its paragraph that does not open on the same anaphor (the same
 * word, and @rule matches it; MAX_REFER_BACK at most passed over), in *out when it is at
 * most refer_max_words long. */
static bg_status antecedent(bg_extractor *x, const bg_sentence *s, size_t rule,
                            const bg_sentence **out)
{
    *out = NULL;
    const bg_sentence *prev = s;
    for (size_t back = 0; back <= MAX_REFER_BACK && prev->index > 0 && prev > x->in->items;
         back++) {
        prev--;
        if (prev->source != s->source || prev->para != s->para) {
            return BG_OK;
        }
        bool again = false;
        bg_match m;
        bg_status st = BG_OK;
        if (prev->index > 0 && back < MAX_REFER_BACK && same_first_word(prev->text, s->text)) {
            /* pcre2 itself: x->grams summarise the sentence being scored, not @prev */
            st = bg_rules_match(x->rs, rule, prev->text, 0, &prev->loc, x->d, &again, &m);
        }
        if (st != BG_OK || !again) {
            bool is_short = (double)bg_extract_count_words(prev->text) <= x->sc->refer_max_words;
            *out = st == BG_OK && is_short ? prev : NULL;
            return st;
        }
    }
    return BG_OK;
}

/* A point that starts with an anaphor (a refer rule matches: "It became a partner …") is
 * printed after the sentence it refers back to, the one before it in its block: *out is
 * that sentence when it is at most refer_max_words long, else NULL; the refer rule is
 * marked as fired when there is one. A sentence between them that opens on the same
 * anaphor is passed over, whatever its length: in "The Eurocorps is a … headquarters. It
 * grew out of … It was declared operational in 1995." both pronouns are the paragraph's
 * subject (antecedent). score_sentence prints it in front; when it is the last point, the
 * two merge or the point keeps it as its antecedent (bg_point.antecedent). */
bg_status bg_extract_referent(bg_extractor *x, const bg_sentence *s, const bg_sentence **out)
{
    *out = NULL;
    size_t i = (size_t)(s - x->in->items);
    if (s->index == 0 || i == 0 || x->sc->refer_max_words <= 0.0) {
        return BG_OK;
    }
    for (size_t k = 0; k < x->n_refer_rules; k++) {
        size_t r = x->refer_rules[k];
        bool found = false;
        bg_match m;
        bg_status st = bg_extract_first_match(x, r, s, &found, &m);
        if (st == BG_OK && found) {
            st = antecedent(x, s, r, out);
            x->rule_fired[r] = *out != NULL;
            x->rule_weight[r] = 0.0;
        }
        if (st != BG_OK || found) {
            return st;
        }
    }
    return BG_OK;
}

/* @p opens on an anaphor, scores higher than the last point, and the sentence before it is
 * that point's: the two become one point, the last one's text then @p's (cited at the last
 * one's line), with both points' facts; score, category, terms and rules (the refer rule
 * among them) are @p's. */
bg_status bg_extract_merge_into_last(bg_extractor *x, const bg_point *p)
{
    bg_point *last = &x->items[x->n - 1];
    size_t lead = bg_extract_lead_length(last->s);
    bg_sentence *joined = bg_extract_with_lead(x, last->s, p->s, p->facts, p->n_facts);
    bg_fact *facts = bg_arena_array(x->a, last->n_facts + p->n_facts + 1, sizeof(*facts));
    if (!joined || !facts) {
        return BG_ENOMEM;
    }
    bg_str text = joined->text;
    *joined = *last->s; /* cited where the last point's text starts */
    joined->text = text;
    for (size_t i = 0; i < last->n_facts; i++) {
        facts[i] = last->facts[i];
        facts[i].text.ptr = text.ptr + (last->facts[i].text.ptr - last->s->text.ptr);
    }
    memcpy(facts + last->n_facts, p->facts, p->n_facts * sizeof(*facts));
    size_t n_facts = last->n_facts + p->n_facts;
    *last = *p;
    last->s = joined;
    last->brief = NULL; /* @p's short variant lacks the last point's text */
    last->facts = facts;
    last->n_facts = n_facts;
    last->lead_bytes = p->intro ? lead + p->lead_bytes : 0;
    return BG_OK;
}
