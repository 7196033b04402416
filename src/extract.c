/* Stage 3, extract: sentences + rules → key points. A sentence matching a drop rule is
 * boilerplate. Otherwise its score is the sum of the fired rules of its best category, plus
 * bonus rules, plus fact_bonus per captured fact (at most MAX_FACT_BONUSES), minus length
 * terms; it is a point when the best category fired and the score reaches min_score. A list
 * item is scored with its introduction, an anaphor with the sentence it refers to. Points
 * are then compressed (extract_compress.c) and deduplicated (extract_dedup.c). */
#include "extract_int.h"

#include <stdint.h>
#include <string.h>

#include "limit.h"

/* Facts beyond this many do not raise a point's score further. */
#define MAX_FACT_BONUSES 2u

/* One byte of 0x80 for each byte of @w (eight bytes, the first lowest) that is a space,
 * tab or newline: the exact zero-byte test of Hacker's Delight 6-1 on w ^ c per c. */
static uint64_t space_bytes(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ull;
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;
    uint64_t sp = w ^ (ones * ' ');
    uint64_t nl = w ^ (ones * '\n');
    uint64_t tab = w ^ (ones * '\t');
    return ~(((sp & low7) + low7) | sp | low7) | ~(((nl & low7) + low7) | nl | low7) |
           ~(((tab & low7) + low7) | tab | low7);
}

size_t bg_extract_count_words(bg_str s)
{
    const unsigned char *p = (const unsigned char *)s.ptr;
    size_t n = 0;
    size_t i = 0;
    unsigned was_space = 1;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* Eight bytes at a time: a word starts at a byte that is not a space after one that
     * is, the byte before the first one coming from the previous step. */
    for (; i + 8 <= s.len; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, sizeof(w));
        uint64_t sp = space_bytes(w);
        uint64_t before = (sp << 8) | ((uint64_t)was_space << 7);
        uint64_t starts = (~sp & before & 0x8080808080808080ull) >> 7;
        n += (size_t)((starts * 0x0101010101010101ull) >> 56); /* the bytes' sum */
        was_space = (unsigned)(sp >> 63);
    }
#endif
    for (; i < s.len; i++) {
        unsigned sp = (unsigned)(p[i] == ' ') | (unsigned)(p[i] == '\n') | (unsigned)(p[i] == '\t');
        n += was_space & (sp ^ 1u);
        was_space = sp;
    }
    return n;
}

/* Does [p, p+len) of @s's text overlap a column's header (a table's row)? */
static bool in_label(const bg_sentence *s, const char *p, size_t len)
{
    size_t start = (size_t)(p - s->text.ptr);
    for (uint32_t i = 0; i < s->n_labels; i++) {
        if (start < s->labels[i].end && s->labels[i].start < start + len) {
            return true;
        }
    }
    return false;
}

static bool overlaps(const bg_extractor *x, const char *p, size_t len)
{
    for (size_t i = 0; i < x->n_facts; i++) {
        const bg_str t = x->facts[i].text;
        if (p < t.ptr + t.len && t.ptr < p + len) {
            return true;
        }
    }
    return false;
}

/* Every match of fact rule @rule in @s from byte @from on becomes a fact unless it overlaps
 * an earlier one (fact rules are listed from the most specific) or a column's header. */
static bg_status collect_facts(bg_extractor *x, size_t rule, const bg_sentence *s, size_t from,
                               bool *fired)
{
    const bg_rule_info *info = &x->info[rule];
    if (!bg_rules_may_match(x->rs, rule, &x->grams)) {
        return BG_OK;
    }
    size_t off = from;
    while (off <= s->text.len && x->n_facts < BG_EXTRACT_MAX_FACTS) {
        bool found = false;
        bg_match m;
        bg_status st = bg_rules_match(x->rs, rule, s->text, off, &s->loc, x->d, &found, &m);
        if (st != BG_OK || !found) {
            return st;
        }
        /* Advance after an empty match (robustness.md: x* on abc matches [0,0)). */
        off = m.end > m.start ? m.end : m.start + 1;
        bg_str whole = {s->text.ptr + m.start, m.end - m.start};
        if (whole.len == 0 || overlaps(x, whole.ptr, whole.len) ||
            in_label(s, whole.ptr, whole.len)) {
            continue;
        }
        bg_capture caps[BG_MAX_GROUPS];
        size_t n_caps = 0;
        for (size_t g = 0; g < m.n_groups; g++) {
            caps[n_caps].name = m.group_name[g];
            caps[n_caps].text = (bg_str){NULL, 0};
            if (m.group_start[g] != SIZE_MAX) {
                caps[n_caps].text =
                    (bg_str){s->text.ptr + m.group_start[g], m.group_end[g] - m.group_start[g]};
            }
            n_caps++;
        }
        bg_fact f;
        if (bg_fact_make(info->fact_kind, whole, caps, n_caps, x->a, &f)) {
            x->facts[x->n_facts++] = f;
            *fired = true;
        }
    }
    return BG_OK;
}

/* --- Scoring a sentence --- */

/* Where the item's own text starts in @s compressed by @c, when it started at @lead in @s
 * (the bytes of @c's spans before it are gone); 0 when a span runs across it or leaves
 * nothing on either side: such a point is not printed under a shared lead (bg_point.intro). */
static size_t kept_lead(const bg_sentence *s, const bg_cut_list *c, size_t lead)
{
    size_t gone = 0;
    for (size_t k = 0; k < c->n; k++) {
        if (c->start[k] < lead && c->end[k] > lead) {
            return 0;
        }
        gone += c->end[k] <= lead ? c->end[k] - c->start[k] : 0;
    }
    bool is_tail_gone = c->is_trimmed && c->n > 0 && c->start[c->n - 1] <= lead;
    return gone < lead && lead < s->text.len && !is_tail_gone ? lead - gone : 0;
}

/* A list item's introduction and lead (bg_point.intro, lead_bytes) once its text @s is
 * compressed by @c; the item's own text starts @own bytes into @s. */
static void set_lead(bg_point *p, const bg_sentence *intro, const bg_sentence *s,
                     const bg_cut_list *c, size_t own)
{
    size_t lead = intro ? kept_lead(s, c, own) : 0;
    p->intro = lead ? intro : NULL;
    p->lead_bytes = lead;
}

static bg_status push_point(bg_extractor *x, const bg_point *p)
{
    if (x->n >= BG_MAX_POINTS) {
        bg_diag_error(x->d, &p->s->loc, "too many key points (more than %u)", BG_MAX_POINTS);
        return BG_EINPUT;
    }
    bg_point *items = bg_arena_room(x->a, x->items, x->n, &x->cap, 64, sizeof(*items));
    if (!items) {
        return BG_ENOMEM;
    }
    x->items = items;
    x->items[x->n++] = *p;
    return BG_OK;
}

static double length_term(const bg_extractor *x, size_t words)
{
    double w = (double)words;
    if (w < x->sc->length_min_words) {
        return -(x->sc->length_min_words - w) * 0.5;
    }
    if (w > x->sc->length_max_words) {
        return -(w - x->sc->length_max_words) * x->sc->length_penalty;
    }
    return 0.0;
}

/* A category other than the fallback has fired on the current sentence. */
static bool is_claimed(const bg_extractor *x)
{
    for (size_t c = 0; c < x->n_categories; c++) {
        if (c != x->sc->fallback_category && x->cat_sum[c] > 0.0) {
            return true;
        }
    }
    return false;
}

/* The fallback category (scoring: fallback_category) counts only for a sentence no other
 * category claims: else its rules are as if they had not fired (not in the score, the
 * breadth term or a trailing clause's evidence; --explain lists only the winning
 * category's rules anyway). */
static void drop_fallback(bg_extractor *x)
{
    size_t fb = x->sc->fallback_category;
    if (fb == SIZE_MAX || x->cat_sum[fb] <= 0.0 || !is_claimed(x)) {
        return;
    }
    x->cat_sum[fb] = 0.0;
    for (size_t k = 0; k < x->n_score_rules; k++) {
        size_t r = x->score_rules[k];
        const bg_rule_info *info = &x->info[r];
        if (x->rule_fired[r] && info->kind == BG_RULE_CATEGORY && info->category == fb) {
            x->rule_fired[r] = false;
        }
    }
}

/* An anaphor resolved by its referent cancels @share of the weight of each fired bonus
 * rule marked unless_referred: each now counts (1 - @share) of it, as --explain shows. */
static void forgive(bg_extractor *x, double share)
{
    for (size_t r = 0; r < x->n_rules; r++) {
        if (x->rule_fired[r] && x->info[r].is_unless_referred) {
            x->rule_weight[r] = x->info[r].weight * (1.0 - share);
        }
    }
}

/* What the score rules found in one text (run_score_rules). */
typedef struct {
    bool is_drop;      /* a drop rule matched: boilerplate */
    bool any_category; /* a category rule fired */
    double bonus;      /* the fired bonus rules' weights */
    double referable;  /* the fired unless_referred weights: what a referent may forgive */
} rule_pass;

/* Run on @s the score rules that its n-gram summary lets through (all of them when the
 * summary has no candidates), in rule order, until a drop rule matches (none is run when
 * @is_head: a heading is never a point, and unpunctuated): x->cat_sum, rule_fired,
 * rule_weight and rule_start say what fired, *out sums it up. */
static bg_status run_score_rules(bg_extractor *x, const bg_sentence *s, bool is_head,
                                 rule_pass *out)
{
    *out = (rule_pass){0};
    bg_rules_summarise(x->rs, s->text, &x->grams);
    memset(x->cat_sum, 0, x->n_categories * sizeof(*x->cat_sum));
    memset(x->rule_fired, 0, x->n_rules * sizeof(*x->rule_fired));
    const uint32_t *rules = x->score_rules;
    size_t n_rules = x->n_score_rules;
    if (x->grams.has_candidates) {
        n_rules = 0;
        for (size_t w = 0; w < BG_MAX_RULES / 64; w++) {
            uint64_t bits = x->grams.candidates[w] & x->score_mask[w];
            while (bits) {
                x->try_rules[n_rules++] = (uint32_t)(w * 64 + (size_t)__builtin_ctzll(bits));
                bits &= bits - 1;
            }
        }
        rules = x->try_rules;
    }
    for (size_t k = 0; k < n_rules; k++) {
        size_t r = rules[k];
        const bg_rule_info *info = &x->info[r];
        if (is_head && info->kind == BG_RULE_DROP) {
            continue;
        }
        bool found = false;
        bg_match m;
        bg_status st = bg_extract_first_match(x, r, s, &found, &m);
        if (st != BG_OK || (found && info->kind == BG_RULE_DROP)) {
            out->is_drop = found;
            return st;
        }
        if (!found) {
            continue;
        }
        x->rule_fired[r] = true;
        x->rule_weight[r] = info->weight;
        x->rule_start[r] = m.start;
        if (info->kind == BG_RULE_CATEGORY) {
            x->cat_sum[info->category] += info->weight;
            out->any_category = true;
        } else {
            out->bonus += info->weight;
            out->referable += info->is_unless_referred ? info->weight : 0.0;
        }
    }
    return BG_OK;
}

/* The category whose fired rules sum highest (the first of equals). */
static size_t best_category(const bg_extractor *x)
{
    size_t best = 0;
    for (size_t c = 1; c < x->n_categories; c++) {
        if (x->cat_sum[c] > x->cat_sum[best]) {
            best = c;
        }
    }
    return best;
}

/* The theme of the list under @head (its introduction, or the heading above a list that
 * has none): the category (not the fallback) whose rules, each counted once, sum highest
 * over the head and all its items, as a reader takes a list in as a whole: "The Committee
 * heard that: a) the average time to enrolment …; c) a lack of affordable housing near
 * bases …" is about force generation in every item, though only one says so. Kept in
 * x->theme_* for the list's items; x's per-sentence state is overwritten. */
static bg_status list_theme(bg_extractor *x, const bg_sentence *head)
{
    if (x->theme_head == head) {
        return BG_OK;
    }
    /* An introduction printed in front of its items, or a heading (or an introduction of
     * sentences) read on its own. */
    size_t first = (size_t)(head - x->in->items);
    const bg_sentence *intro = head->kind != BG_KIND_HEADING && first + 1 < x->in->n &&
                                       bg_extract_list_intro(x, &x->in->items[first + 1]) == head
                                   ? head
                                   : NULL;
    x->theme_head = head;
    x->theme_category = SIZE_MAX;
    x->theme_weight = 0.0;
    if (x->sc->list_share <= 0.0) {
        return BG_OK;
    }
    /* The items: the bullets after the head (an item's later sentences among them) while
     * each bullet's first sentence has this introduction (none under a heading). Each is
     * read as it is scored, after its introduction ("Three findings stand out: …"), or
     * under a heading on its own, and the head on its own too, so that its n-grams let the
     * prefilter skip most rules (one text of the whole list ran every rule over it: +21 M
     * instructions on the seeds); a category rule that fires in any of them counts once. */
    memset(x->theme_fired, 0, x->n_rules * sizeof(*x->theme_fired));
    for (size_t i = first; i < x->in->n; i++) {
        const bg_sentence *it = &x->in->items[i];
        if (i > first && (it->source != head->source || it->kind != BG_KIND_BULLET ||
                          (it->index == 0 && bg_extract_list_intro(x, it) != intro))) {
            break;
        }
        /* An introduction is read on its own too: what only it says ("Three panels took
         * stock of the gaps:", analysis/list-count-intro) needs its colon at the end. */
        const bg_sentence *piece = it;
        if (intro && i > first && it->index == 0) {
            piece = bg_extract_with_lead(x, intro, it, NULL, 0);
            if (!piece) {
                return BG_ENOMEM;
            }
        }
        rule_pass pass;
        bg_status st = run_score_rules(x, piece, piece == head, &pass);
        if (st != BG_OK || pass.is_drop) {
            return st; /* a list with boilerplate in it has no theme */
        }
        for (size_t k = 0; k < x->n_score_rules; k++) {
            size_t r = x->score_rules[k];
            x->theme_fired[r] =
                x->theme_fired[r] || (x->rule_fired[r] && x->info[r].kind == BG_RULE_CATEGORY);
        }
    }
    memset(x->cat_sum, 0, x->n_categories * sizeof(*x->cat_sum));
    for (size_t k = 0; k < x->n_score_rules; k++) {
        size_t r = x->score_rules[k];
        if (x->theme_fired[r]) {
            x->cat_sum[x->info[r].category] += x->info[r].weight;
        }
    }
    size_t fb = x->sc->fallback_category;
    if (fb != SIZE_MAX) {
        x->cat_sum[fb] = 0.0;
    }
    size_t best = best_category(x);
    if (x->cat_sum[best] <= 0.0) {
        return BG_OK;
    }
    /* The theme's weight is its strongest rule's, not the sum: a long list fires many of
     * its category's rules, and an item that names none of them must not outrank one
     * that does (summed, list items filled the seeds' minister page: 0.51 -> 0.46). */
    x->theme_category = best;
    for (size_t k = 0; k < x->n_score_rules; k++) {
        size_t r = x->score_rules[k];
        const bg_rule_info *info = &x->info[r];
        if (x->theme_fired[r] && info->category == best && info->weight > x->theme_weight) {
            x->theme_weight = info->weight;
        }
    }
    return BG_OK;
}

/* The list term of the item @s (the sentence at @at, after its introduction @intro or
 * under a heading), whose score rules have just run (*pass): *t_list is list_share of its
 * list's theme, which becomes its category's sum, when no category but the fallback claims
 * it and the share outweighs the fallback's rules (a facts box's "Fatalities since 1978:
 * 334" stays a row of figures, a "Highlights" item counted in a year becomes a finding);
 * else 0. The theme is read once per list, and only for such an item: reading it
 * overwrites the item's pass, which is run again. */
static bg_status list_term(bg_extractor *x, const bg_sentence *at, const bg_sentence *intro,
                           const bg_sentence *s, rule_pass *pass, double *t_list)
{
    *t_list = 0.0;
    const bg_sentence *head = intro ? intro : bg_extract_list_head(x, at);
    if (!head || is_claimed(x)) {
        return BG_OK;
    }
    if (x->theme_head != head) {
        bg_status st = list_theme(x, head);
        st = st != BG_OK ? st : run_score_rules(x, s, false, pass);
        if (st != BG_OK) {
            return st;
        }
    }
    size_t fb = x->sc->fallback_category;
    double fb_sum = fb == SIZE_MAX ? 0.0 : x->cat_sum[fb];
    double share = x->sc->list_share * x->theme_weight;
    if (x->theme_category != SIZE_MAX && share > fb_sum) {
        *t_list = share;
        x->cat_sum[x->theme_category] = share;
    }
    return BG_OK;
}

/* Score the sentence at @at of the input list. A list item is scored as it will print,
 * with its list's introduction in front: "the five nuclear-weapon states start talks …;"
 * is a recommendation only under "The authors recommend that:". The point records that
 * introduction and the length of what stands in front of the item's own words (intro,
 * lead_bytes), so that compose can print the introduction once over several items. An
 * item that no category rule claims takes list_share of its list's theme (list_theme). */
static bg_status score_sentence(bg_extractor *x, const bg_sentence *at)
{
    bg_status st = BG_OK;
    const bg_sentence *intro = bg_extract_list_intro(x, at);
    const bg_sentence *s =
        intro ? bg_extract_with_lead(x, intro, at, NULL, 0) : bg_extract_as_item_end(x, at);
    if (!s) {
        return BG_ENOMEM;
    }
    size_t words = bg_extract_count_words(s->text);
    if (words > BG_MAX_POINT_WORDS) {
        return BG_OK;
    }
    /* The facts are the item's own: a date in the introduction does not date each item. */
    size_t own = intro ? bg_extract_lead_length(intro) : 0;
    rule_pass pass;
    st = run_score_rules(x, s, false, &pass);
    if (st != BG_OK || pass.is_drop) {
        return st; /* boilerplate */
    }
    double t_list = 0.0;
    st = list_term(x, at, intro, s, &pass, &t_list);
    if (st != BG_OK || (t_list == 0.0 && !pass.any_category)) {
        return st;
    }
    double bonus = pass.bonus;
    double referable = pass.referable;
    drop_fallback(x);
    size_t best = best_category(x);
    /* Breadth: a sentence that also speaks to other categories says more per word. */
    double others = 0.0;
    for (size_t c = 0; c < x->n_categories; c++) {
        others += c != best && x->cat_sum[c] > 0.0 ? x->cat_sum[c] : 0.0;
    }
    double t_length = length_term(x, words);
    double t_lead = s->index == 0 ? x->sc->lead_bonus : 0.0;
    double t_breadth = x->sc->breadth_share * others;
    double score = x->cat_sum[best] + bonus + t_length + t_lead + t_breadth;
    /* The sentence that this one, or its list's introduction ("It sets out four areas:"),
     * refers back to: printed in front, it resolves the anaphor (unless_referred weights
     * go). When it is a point itself, the two stay apart or merge (below), and the weights
     * go only up to refer_after_point_max: forgiven in full there, such points outranked
     * the point they need and crowded the seeds' minister page (0.51 -> 0.43). */
    double best_case =
        score + (referable < 0.0 ? -referable : 0.0) + x->sc->fact_bonus * MAX_FACT_BONUSES;
    if (x->cat_sum[best] <= 0.0 || best_case < x->sc->min_score) {
        return BG_OK; /* not a point even if its referent were found: no refer rule runs */
    }
    const bg_sentence *referred = NULL;
    st = bg_extract_referent(x, intro ? intro : at, &referred);
    if (st != BG_OK) {
        return st;
    }
    double forgiven = 0.0;
    if (referred) {
        forgive(x, 1.0);
        forgiven = -referable;
    }
    bool is_after_point = referred && referred == x->last_point;
    score += forgiven;
    if (score + x->sc->fact_bonus * MAX_FACT_BONUSES < x->sc->min_score) {
        return BG_OK;
    }
    x->n_facts = 0;
    for (size_t k = 0; k < x->n_fact_rules; k++) {
        size_t r = x->fact_rules[k];
        size_t before = x->n_facts;
        bool fired = false;
        st = collect_facts(x, r, s, own, &fired);
        if (st != BG_OK) {
            return st;
        }
        x->rule_fired[r] = fired;
        x->rule_weight[r] = x->sc->fact_bonus * (double)(x->n_facts - before);
    }
    size_t bonus_facts = x->n_facts < MAX_FACT_BONUSES ? x->n_facts : MAX_FACT_BONUSES;
    score += x->sc->fact_bonus * (double)bonus_facts;
    if (is_after_point && forgiven > 0.0 && score > x->sc->refer_after_point_max) {
        double unforgiven = score - forgiven;
        double part = unforgiven > x->sc->refer_after_point_max
                          ? 0.0
                          : x->sc->refer_after_point_max - unforgiven;
        forgive(x, part / forgiven);
        forgiven = part;
        score = unforgiven + forgiven;
    }
    if (score < x->sc->min_score) {
        return BG_OK;
    }
    bg_point p = {.s = s,
                  .category = (uint16_t)best,
                  .score = score,
                  .term_length = t_length,
                  .term_lead = t_lead,
                  .term_breadth = t_breadth,
                  .term_list = t_list};
    bg_cut_list cuts;
    st = bg_extract_find_cuts(x, s, words, &cuts);
    if (st != BG_OK) {
        return st;
    }
    p.facts = bg_arena_array(x->a, x->n_facts + 1, sizeof(bg_fact));
    if (!p.facts) {
        return BG_ENOMEM;
    }
    memcpy(p.facts, x->facts, x->n_facts * sizeof(bg_fact));
    p.n_facts = x->n_facts;
    set_lead(&p, intro, s, &cuts, own);
    if (cuts.n) {
        p.s = bg_extract_compress(x, s, &cuts, p.facts, p.n_facts);
        if (!p.s) {
            return BG_ENOMEM;
        }
    }
    st = bg_extract_short_variant(x, s, &cuts, &p.brief);
    if (st != BG_OK) {
        return st;
    }
    if (referred && !is_after_point) {
        p.lead_bytes += p.intro ? bg_extract_lead_length(referred) : 0;
        p.s = bg_extract_with_lead(x, referred, p.s, p.facts, p.n_facts);
        if (!p.s) {
            return BG_ENOMEM;
        }
        if (p.brief) {
            p.brief = bg_extract_with_lead(x, referred, p.brief, NULL, 0);
            if (!p.brief) {
                return BG_ENOMEM;
            }
        }
    }
    /* After a point that scores as high or higher (this one's score before its anaphor was
     * forgiven), the two stay apart: merged, that point would be longer in every brief that
     * picks it (merging always cost the seeds' minister page two timeline entries, recall
     * 0.51 -> 0.46). This one keeps it as its antecedent, which compose prints in front where
     * that point is not printed just before it. */
    bool is_merged = is_after_point && p.score - forgiven > x->items[x->n - 1].score;
    if (is_after_point && !is_merged) {
        p.antecedent = x->items[x->n - 1].s;
    }
    size_t n_fired = 0;
    for (size_t r = 0; r < x->n_rules; r++) {
        const bg_rule_info *info = &x->info[r];
        n_fired += x->rule_fired[r] && (info->kind != BG_RULE_CATEGORY || info->category == best);
    }
    p.fired = bg_arena_array(x->a, n_fired + 1, sizeof(uint32_t));
    p.fired_weight = bg_arena_array(x->a, n_fired + 1, sizeof(double));
    if (!p.fired || !p.fired_weight) {
        return BG_ENOMEM;
    }
    for (size_t r = 0; r < x->n_rules; r++) {
        const bg_rule_info *info = &x->info[r];
        if (x->rule_fired[r] && (info->kind != BG_RULE_CATEGORY || info->category == best)) {
            p.fired[p.n_fired] = (uint32_t)r;
            p.fired_weight[p.n_fired++] = x->rule_weight[r];
        }
    }
    x->last_point = at;
    return is_merged ? bg_extract_merge_into_last(x, &p) : push_point(x, &p);
}

bg_status bg_extract_run(const bg_sentence_list *in, bg_ruleset *rs, bg_arena *a, bg_diag *d,
                         bg_point_list *out)
{
    bg_status st = BG_OK;
    bg_extractor x = {.in = in, .rs = rs, .sc = bg_rules_scoring(rs), .a = a, .d = d};
    x.n_rules = bg_rules_count(rs);
    x.info = x.n_rules ? bg_rules_info(rs, 0) : NULL;
    x.n_categories = bg_rules_n_categories(rs);
    x.cat_sum = bg_arena_array(a, x.n_categories + 1, sizeof(double));
    x.rule_fired = bg_arena_array(a, x.n_rules + 1, sizeof(bool));
    x.rule_weight = bg_arena_array(a, x.n_rules + 1, sizeof(double));
    x.rule_start = bg_arena_array(a, x.n_rules + 1, sizeof(size_t));
    x.score_rules = bg_arena_array(a, x.n_rules + 1, sizeof(uint32_t));
    x.try_rules = bg_arena_array(a, x.n_rules + 1, sizeof(uint32_t));
    x.theme_fired = bg_arena_array(a, x.n_rules + 1, sizeof(bool));
    x.fact_rules = bg_arena_array(a, x.n_rules + 1, sizeof(uint32_t));
    x.elide_rules = bg_arena_array(a, x.n_rules + 1, sizeof(uint32_t));
    x.trim_rules = bg_arena_array(a, x.n_rules + 1, sizeof(uint32_t));
    x.refer_rules = bg_arena_array(a, x.n_rules + 1, sizeof(uint32_t));
    x.shorten_rules = bg_arena_array(a, x.n_rules + 1, sizeof(uint32_t));
    bg_str *cats = bg_arena_array(a, x.n_categories + 1, sizeof(bg_str));
    if (!x.cat_sum || !x.rule_fired || !x.rule_weight || !x.rule_start || !x.score_rules || !cats ||
        !x.theme_fired || !x.fact_rules || !x.try_rules || !x.elide_rules || !x.trim_rules ||
        !x.refer_rules || !x.shorten_rules) {
        st = BG_ENOMEM;
        goto out;
    }
    /* Rules by kind: sentences that are not points run only the score rules, and points
     * walk only the rules of the kind they need. */
    for (size_t r = 0; r < x.n_rules; r++) {
        bg_rule_kind kind = bg_rules_info(rs, r)->kind;
        if (kind == BG_RULE_DROP || kind == BG_RULE_CATEGORY || kind == BG_RULE_BONUS) {
            x.score_rules[x.n_score_rules++] = (uint32_t)r;
            x.score_mask[r >> 6] |= 1ull << (r & 63);
        } else if (kind == BG_RULE_FACT) {
            x.fact_rules[x.n_fact_rules++] = (uint32_t)r;
        } else if (kind == BG_RULE_ELIDE) {
            x.elide_rules[x.n_elide_rules++] = (uint32_t)r;
        } else if (kind == BG_RULE_TRIM) {
            x.trim_rules[x.n_trim_rules++] = (uint32_t)r;
        } else if (kind == BG_RULE_REFER) {
            x.refer_rules[x.n_refer_rules++] = (uint32_t)r;
        } else if (kind == BG_RULE_SHORTEN) {
            x.shorten_rules[x.n_shorten_rules++] = (uint32_t)r;
        }
    }
    for (size_t c = 0; c < x.n_categories; c++) {
        cats[c] = bg_rules_category(rs, c);
    }
    for (size_t i = 0; i < in->n; i++) {
        const bg_sentence *s = &in->items[i];
        if (s->kind == BG_KIND_HEADING) {
            continue; /* headings are not points */
        }
        st = score_sentence(&x, s);
        if (st != BG_OK) {
            goto out;
        }
    }
    st = bg_extract_dedup(&x);
    if (st != BG_OK) {
        goto out;
    }
    out->items = x.items;
    out->n = x.n;
    out->categories = cats;
    out->n_categories = x.n_categories;
    out->rules = x.n_rules ? bg_rules_info(rs, 0) : NULL;
    out->n_rules = x.n_rules;
    out->sentences = in;
out:
    return st;
}
