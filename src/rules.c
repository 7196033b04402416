/* Rules: templates/rules/NAME.yaml → bg_ruleset. Reads the rules schema (documented at the
 * top of templates/rules/security.yaml), compiles each pattern once with pcre2 under the
 * compile limits, JIT-compiles it (at its 17th match call) when the platform allows, and
 * runs matches under one match context (match, depth and heap limits, JIT stack) and a
 * run-wide call budget (notes/robustness.md, PCRE2 10.42). The only file that includes
 * pcre2.h. */
#include "rules.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdint.h>
#include <string.h>

#include "limit.h"
#include "rules_filter.h"
#include "rules_terms.h"
#include "utf8.h"
#include "yload.h"

/* One compiled rule: the pcre2 program, its named groups and its prefilter. */
typedef struct {
    pcre2_code *code;
    bool is_jit_tried;       /* pcre2_jit_compile has run (see run_match) */
    bool is_jit;             /* and succeeded: calls take pcre2's JIT fast path */
    uint32_t n_calls;        /* match calls so far */
    bg_rules_filter *filter; /* NULL: no literal condition, the rule always runs */
    uint32_t n_searched;     /* subjects searched for the filter's literals (may_match) */
    uint32_t n_missed;       /* of them, subjects without the literals */
    bg_str pattern;          /* as written, its {{terms}} expanded (in the arena) */
    size_t n_names;
    const char *names[BG_MAX_GROUPS]; /* NUL-terminated, in the arena */
    uint32_t numbers[BG_MAX_GROUPS];  /* capture group number of each name */
} compiled;

struct bg_ruleset {
    bg_rule_info *info; /* n_rules entries, contiguous (bg_point_list.rules reads them) */
    compiled *code;
    size_t n_rules, cap_rules;
    bg_str *categories;
    size_t n_categories, cap_categories;
    bg_rules_terms terms;
    bg_scoring scoring;
    pcre2_compile_context *cctx;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit_stack;
    pcre2_match_data *md;
    uint32_t max_capture;         /* highest capture group number over all rules */
    bg_rules_filter_index *index; /* the filters' key n-grams → rules */
    unsigned long long n_calls;   /* match calls so far, against BG_MAX_REGEX_CALLS */
    bool is_over_rules;           /* BG_MAX_RULES reached and reported (once per run) */
    const bg_ynode *fallback;     /* scoring: fallback_category, named (resolved at the end) */
    bg_arena *a;
    bg_diag *d;
};

static const char *const top_keys[] = {"scoring", "terms",      "drop",  "trim",  "elide", "refer",
                                       "shorten", "categories", "bonus", "facts", NULL};
static const char *const scoring_keys[] = {"min_score",
                                           "dedup_threshold",
                                           "fact_bonus",
                                           "length_min_words",
                                           "length_max_words",
                                           "trim_min_words",
                                           "length_penalty",
                                           "lead_bonus",
                                           "breadth_share",
                                           "list_share",
                                           "trim_keep_evidence",
                                           "fallback_category",
                                           "refer_max_words",
                                           "refer_after_point_max",
                                           "shorten_keep_evidence",
                                           NULL};
static const char *const plain_keys[] = {"name", "pattern", "pattern_of", NULL};
static const char *const weighted_keys[] = {"name", "pattern", "pattern_of", "weight", NULL};
static const char *const bonus_keys[] = {"name",   "pattern",         "pattern_of",
                                         "weight", "unless_referred", NULL};
static const char *const fact_keys[] = {"name", "kind", "pattern", "pattern_of", NULL};
static const char *const fact_kinds[] = {"date", "amount", "count", "org", "other", NULL};

static void free_code(void *p)
{
    pcre2_code_free((pcre2_code *)p);
}

static void free_cctx(void *p)
{
    pcre2_compile_context_free((pcre2_compile_context *)p);
}

static void free_mctx(void *p)
{
    pcre2_match_context_free((pcre2_match_context *)p);
}

static void free_jit_stack(void *p)
{
    pcre2_jit_stack_free((pcre2_jit_stack *)p);
}

static void free_match_data(void *p)
{
    pcre2_match_data_free((pcre2_match_data *)p);
}

static bg_status set_up_contexts(bg_ruleset *rs)
{
    rs->cctx = pcre2_compile_context_create(NULL);
    if (!rs->cctx || !bg_arena_defer(rs->a, free_cctx, rs->cctx)) {
        return BG_ENOMEM;
    }
    pcre2_set_max_pattern_length(rs->cctx, BG_MAX_PATTERN_BYTES);
    pcre2_set_parens_nest_limit(rs->cctx, BG_MAX_PATTERN_PARENS);
    rs->mctx = pcre2_match_context_create(NULL);
    if (!rs->mctx || !bg_arena_defer(rs->a, free_mctx, rs->mctx)) {
        return BG_ENOMEM;
    }
    pcre2_set_match_limit(rs->mctx, BG_PCRE2_MATCH_LIMIT);
    pcre2_set_depth_limit(rs->mctx, BG_PCRE2_DEPTH_LIMIT);
    pcre2_set_heap_limit(rs->mctx, BG_PCRE2_HEAP_LIMIT_KIB);
    /* The default JIT stack (32 KiB on the machine stack) cannot grow: pcre2 #156. */
    rs->jit_stack = pcre2_jit_stack_create(32u * 1024u, BG_PCRE2_JIT_STACK_MAX, NULL);
    if (rs->jit_stack) {
        if (!bg_arena_defer(rs->a, free_jit_stack, rs->jit_stack)) {
            return BG_ENOMEM;
        }
        pcre2_jit_stack_assign(rs->mctx, NULL, rs->jit_stack);
    }
    return BG_OK;
}

static bg_status add_category(bg_ruleset *rs, bg_str name, uint16_t *out)
{
    for (size_t i = 0; i < rs->n_categories; i++) {
        if (bg_str_eq(rs->categories[i], name)) {
            *out = (uint16_t)i;
            return BG_OK;
        }
    }
    if (rs->n_categories >= UINT16_MAX) {
        return BG_EINPUT;
    }
    bg_str *p =
        bg_arena_room(rs->a, rs->categories, rs->n_categories, &rs->cap_categories, 16, sizeof(*p));
    if (!p) {
        return BG_ENOMEM;
    }
    rs->categories = p;
    rs->categories[rs->n_categories] = name;
    *out = (uint16_t)rs->n_categories++;
    return BG_OK;
}

/* Read the named groups of @c's program into @c; more than BG_MAX_GROUPS is an error. */
static bg_status read_names(bg_ruleset *rs, compiled *c, const bg_ynode *pat)
{
    uint32_t count = 0;
    uint32_t entry_size = 0;
    PCRE2_SPTR table = NULL;
    pcre2_pattern_info(c->code, PCRE2_INFO_NAMECOUNT, &count);
    if (count == 0) {
        return BG_OK;
    }
    if (count > BG_MAX_GROUPS) {
        bg_diag_error(rs->d, &pat->loc, "pattern has %u named groups, at most %d are allowed",
                      (unsigned)count, BG_MAX_GROUPS);
        return BG_EINPUT;
    }
    pcre2_pattern_info(c->code, PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
    pcre2_pattern_info(c->code, PCRE2_INFO_NAMETABLE, &table);
    for (uint32_t i = 0; i < count; i++) {
        PCRE2_SPTR e = table + (size_t)i * entry_size;
        c->numbers[i] = ((uint32_t)e[0] << 8) | (uint32_t)e[1];
        const char *name = (const char *)(e + 2);
        c->names[i] = bg_arena_strndup(rs->a, name, strlen(name));
        if (!c->names[i]) {
            return BG_ENOMEM;
        }
    }
    c->n_names = count;
    return BG_OK;
}

/* pcre2's program for @text; NULL when it does not compile, reported at @where with
 * pcre2's message and the offset in characters (@what: "pattern", "term 'X'") unless
 * @is_quiet. */
static pcre2_code *compile_text(bg_ruleset *rs, bg_str text, const bg_loc *where, const char *what,
                                bool is_quiet)
{
    int code = 0;
    PCRE2_SIZE off = 0;
    uint32_t options = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_NEVER_BACKSLASH_C;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)text.ptr, text.len, options, &code, &off, rs->cctx);
    if (!re && !is_quiet) {
        PCRE2_UCHAR msg[256];
        if (pcre2_get_error_message(code, msg, sizeof(msg)) < 0) {
            msg[0] = 0;
        }
        if (off > text.len) {
            off = text.len;
        }
        /* pcre2 counts bytes; users count characters (STYLE §5). */
        size_t chars = bg_utf8_count(text.ptr, off);
        bg_diag_error(rs->d, where, "%s does not compile: %s at offset %zu", what,
                      (const char *)msg, chars);
    }
    return re;
}

/* A pattern that uses terms does not compile: is one of the terms @written uses (its
 * {{NAME}}s, known to exist) the cause? Each is compiled on its own, only here, so that a
 * term's error is reported once, at the term's line; true when one was. */
static bool blame_term(bg_ruleset *rs, bg_str written)
{
    bool is_blamed = false;
    const char *cursor = written.ptr;
    for (bg_rules_term *t; (t = bg_rules_terms_next(&rs->terms, written, &cursor));) {
        if (!t->is_bad) {
            char what[80];
            snprintf(what, sizeof(what), "term '%.*s'", (int)(t->name.len < 60 ? t->name.len : 60),
                     t->name.ptr);
            pcre2_code *re = compile_text(rs, t->body, &t->loc, what, false);
            t->is_bad = re == NULL;
            pcre2_code_free(re);
        }
        is_blamed = is_blamed || t->is_bad;
    }
    return is_blamed;
}

/* Compile the pattern scalar @pat, its {{terms}} expanded; a compile error is reported at
 * the scalar's position (compile_text). */
static bg_status compile_pattern(bg_ruleset *rs, const bg_ynode *pat, compiled *c)
{
    if (pat->kind != BG_YNODE_SCALAR) {
        return bg_yload_expect(pat, BG_YNODE_SCALAR, rs->d);
    }
    if (pat->scalar.len == 0) {
        bg_diag_error(rs->d, &pat->loc, "empty pattern");
        return BG_EINPUT;
    }
    bg_str text;
    bg_status st = bg_rules_terms_expand(&rs->terms, pat->scalar, &pat->loc, rs->a, rs->d, &text);
    if (st != BG_OK) {
        return st;
    }
    c->pattern = text;
    /* A pattern written twice (general/quoted-official and bonus/quoted-official) is
     * compiled and analysed once: the rules share its code, prefilter and group names. */
    for (size_t r = 0; r < rs->n_rules; r++) {
        const compiled *same = &rs->code[r];
        if (bg_str_eq(same->pattern, text)) {
            *c = *same;
            c->is_jit_tried = false;
            c->is_jit = false;
            c->n_calls = 0;
            c->n_searched = 0;
            c->n_missed = 0;
            return BG_OK;
        }
    }
    /* A pattern with terms is compiled quietly first: when it fails because of a term,
     * the error is the term's, at its line (blame_term). */
    bool is_expanded = text.ptr != pat->scalar.ptr;
    const char *what = is_expanded ? "pattern (its terms expanded)" : "pattern";
    c->code = compile_text(rs, text, &pat->loc, what, is_expanded);
    if (!c->code) {
        if (is_expanded && !blame_term(rs, pat->scalar)) {
            (void)compile_text(rs, text, &pat->loc, what, false);
        }
        return BG_EINPUT;
    }
    if (!bg_arena_defer(rs->a, free_code, c->code)) {
        return BG_ENOMEM;
    }
    /* JIT-compiling costs ~0.2 M instructions per pattern; it happens on the rule's 17th
     * match call (run_match), so rules that run a few times never pay it. */
    st = bg_rules_filter_build(text, rs->a, &c->filter);
    if (st != BG_OK) {
        return st;
    }
    uint32_t top = 0;
    pcre2_pattern_info(c->code, PCRE2_INFO_CAPTURECOUNT, &top);
    if (top > rs->max_capture) {
        rs->max_capture = top;
    }
    return read_names(rs, c, pat);
}

static bg_status push_rule(bg_ruleset *rs, const bg_ynode *where, bg_rule_info **info,
                           compiled **code)
{
    if (rs->n_rules >= BG_MAX_RULES) {
        /* Reported at the first rule over the limit; the later ones add nothing. */
        if (!rs->is_over_rules) {
            bg_diag_error(rs->d, &where->loc, "too many rules (at most %u)", BG_MAX_RULES);
        }
        rs->is_over_rules = true;
        return BG_EINPUT;
    }
    if (rs->n_rules == rs->cap_rules) {
        size_t cap = rs->cap_rules ? rs->cap_rules * 2 : 64;
        bg_rule_info *ni = bg_arena_grow(rs->a, rs->info, rs->n_rules, cap, sizeof(*ni));
        compiled *nc = bg_arena_grow(rs->a, rs->code, rs->n_rules, cap, sizeof(*nc));
        if (!ni || !nc) {
            return BG_ENOMEM;
        }
        rs->info = ni;
        rs->code = nc;
        rs->cap_rules = cap;
    }
    *info = &rs->info[rs->n_rules];
    *code = &rs->code[rs->n_rules];
    return BG_OK;
}

static bg_status require(bg_ruleset *rs, const bg_ynode *map, const char *key, const bg_ynode **out)
{
    *out = bg_yload_get(map, key);
    if (!*out) {
        bg_diag_error(rs->d, &map->loc, "missing key '%s'", key);
        return BG_EINPUT;
    }
    return BG_OK;
}

/* A rule's pattern: its `pattern`, or with `pattern_of: NAME` the pattern of the rule
 * NAME ("general/quoted-official") loaded above it, so that a pattern two rules need is
 * written once; *ref then holds that pattern at the position of the `pattern_of` value
 * and *pat points to it. */
static bg_status rule_pattern(bg_ruleset *rs, const bg_ynode *n, bg_ynode *ref,
                              const bg_ynode **pat)
{
    *pat = bg_yload_get(n, "pattern");
    const bg_ynode *of = bg_yload_get(n, "pattern_of");
    if (!of) {
        return require(rs, n, "pattern", pat);
    }
    if (*pat) {
        bg_diag_error(rs->d, &of->loc, "a rule has 'pattern' or 'pattern_of', not both");
        *pat = NULL;
        return BG_EINPUT;
    }
    bg_status st = bg_yload_expect(of, BG_YNODE_SCALAR, rs->d);
    if (st != BG_OK) {
        return st;
    }
    for (size_t r = 0; r < rs->n_rules; r++) {
        if (bg_str_eq_cstr(of->scalar, rs->info[r].name)) {
            *ref = *of;
            ref->scalar = rs->code[r].pattern;
            *pat = ref;
            return BG_OK;
        }
    }
    if (!rs->is_over_rules) { /* else the rule named may be one the limit left out */
        bg_diag_error(rs->d, &of->loc, "pattern_of '%.*s': no rule of that name above it",
                      (int)of->scalar.len, of->scalar.ptr);
    }
    return BG_EINPUT;
}

/* One rule mapping of section @prefix ("drop", a category name, "bonus", "fact", "trim"). */
static bg_status load_rule(bg_ruleset *rs, const bg_ynode *n, bg_rule_kind kind, bg_str prefix,
                           uint16_t category)
{
    bg_status st = bg_yload_expect(n, BG_YNODE_MAP, rs->d);
    if (st != BG_OK) {
        return st;
    }
    const char *const *keys = plain_keys;
    if (kind == BG_RULE_CATEGORY) {
        keys = weighted_keys;
    } else if (kind == BG_RULE_BONUS) {
        keys = bonus_keys;
    } else if (kind == BG_RULE_FACT) {
        keys = fact_keys;
    }
    st = bg_yload_check_keys(n, keys, rs->d);
    const bg_ynode *name = NULL;
    const bg_ynode *pat = NULL;
    bg_ynode ref;
    bg_status kst = require(rs, n, "name", &name);
    st = st != BG_OK ? st : kst;
    kst = rule_pattern(rs, n, &ref, &pat);
    st = st != BG_OK ? st : kst;
    if (name && name->kind != BG_YNODE_SCALAR) {
        kst = bg_yload_expect(name, BG_YNODE_SCALAR, rs->d);
        st = st != BG_OK ? st : kst;
        name = NULL;
    }
    double weight = 1.0;
    const bg_ynode *w = bg_yload_get(n, "weight");
    if (w && (kind == BG_RULE_CATEGORY || kind == BG_RULE_BONUS)) {
        kst = bg_yload_number(w, -100.0, 100.0, rs->d, &weight);
        st = st != BG_OK ? st : kst;
    }
    bool unless_referred = false;
    const bg_ynode *u = bg_yload_get(n, "unless_referred");
    if (u && kind == BG_RULE_BONUS) {
        kst = bg_yload_bool(u, rs->d, &unless_referred);
        st = st != BG_OK ? st : kst;
    }
    const char *fact_kind = NULL;
    if (kind == BG_RULE_FACT) {
        const bg_ynode *k = NULL;
        kst = require(rs, n, "kind", &k);
        st = st != BG_OK ? st : kst;
        if (k && k->kind != BG_YNODE_SCALAR) {
            kst = bg_yload_expect(k, BG_YNODE_SCALAR, rs->d);
            st = st != BG_OK ? st : kst;
        } else if (k) {
            for (size_t i = 0; fact_kinds[i]; i++) {
                if (bg_str_eq_cstr(k->scalar, fact_kinds[i])) {
                    fact_kind = fact_kinds[i];
                }
            }
            if (!fact_kind) {
                bg_diag_error(rs->d, &k->loc,
                              "unknown fact kind '%s' (expected date, amount, count, org or "
                              "other)",
                              k->scalar.ptr);
                st = st != BG_OK ? st : BG_EINPUT;
            }
        }
    }
    bg_rule_info *info = NULL;
    compiled *c = NULL;
    if (pat) {
        kst = push_rule(rs, n, &info, &c);
        if (kst == BG_OK) {
            memset(c, 0, sizeof(*c));
            kst = compile_pattern(rs, pat, c);
        }
        st = st != BG_OK ? st : kst;
    }
    if (st != BG_OK || !info || !name) {
        return st != BG_OK ? st : BG_EINPUT;
    }
    info->kind = kind;
    info->name = bg_arena_printf(rs->a, "%.*s/%s", (int)prefix.len, prefix.ptr, name->scalar.ptr);
    info->category = category;
    info->weight = weight;
    info->is_unless_referred = unless_referred;
    info->fact_kind = fact_kind;
    info->loc = pat->loc;
    if (!info->name) {
        return BG_ENOMEM;
    }
    rs->n_rules++;
    return BG_OK;
}

/* A list of rules under one section. Collects every error in the list. */
static bg_status load_list(bg_ruleset *rs, const bg_ynode *list, bg_rule_kind kind, bg_str prefix,
                           uint16_t category)
{
    bg_status st = bg_yload_expect(list, BG_YNODE_SEQ, rs->d);
    if (st != BG_OK) {
        return st;
    }
    for (size_t i = 0; i < list->n; i++) {
        bg_status rst = load_rule(rs, list->items[i], kind, prefix, category);
        if (rst == BG_ENOMEM) {
            return rst;
        }
        st = st != BG_OK ? st : rst;
        if (rs->d->n_errors >= BG_MAX_ERRORS_PER_FILE) {
            break;
        }
    }
    return st;
}

static bg_status load_scoring(bg_ruleset *rs, const bg_ynode *n)
{
    bg_status st = bg_yload_expect(n, BG_YNODE_MAP, rs->d);
    if (st != BG_OK) {
        return st;
    }
    st = bg_yload_check_keys(n, scoring_keys, rs->d);
    struct {
        const char *key;
        double *dst;
        double max;
    } const fields[] = {
        {"min_score", &rs->scoring.min_score, 1000.0},
        {"dedup_threshold", &rs->scoring.dedup_threshold, 1.0},
        {"fact_bonus", &rs->scoring.fact_bonus, 100.0},
        {"length_min_words", &rs->scoring.length_min_words, 1000.0},
        {"length_max_words", &rs->scoring.length_max_words, 10000.0},
        {"trim_min_words", &rs->scoring.trim_min_words, 10000.0},
        {"length_penalty", &rs->scoring.length_penalty, 100.0},
        {"lead_bonus", &rs->scoring.lead_bonus, 100.0},
        {"breadth_share", &rs->scoring.breadth_share, 1.0},
        {"list_share", &rs->scoring.list_share, 1.0},
        {"trim_keep_evidence", &rs->scoring.trim_keep_evidence, 1000.0},
        {"refer_max_words", &rs->scoring.refer_max_words, 1000.0},
        {"refer_after_point_max", &rs->scoring.refer_after_point_max, 1000.0},
        {"shorten_keep_evidence", &rs->scoring.shorten_keep_evidence, 1000.0},
    };
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        const bg_ynode *v = bg_yload_get(n, fields[i].key);
        if (v) {
            bg_status vst = bg_yload_number(v, fields[i].key[0] == 'm' ? -1000.0 : 0.0,
                                            fields[i].max, rs->d, fields[i].dst);
            st = st != BG_OK ? st : vst;
        }
    }
    const bg_ynode *fb = bg_yload_get(n, "fallback_category");
    if (fb) {
        bg_status fst = bg_yload_expect(fb, BG_YNODE_SCALAR, rs->d);
        rs->fallback = fst == BG_OK ? fb : rs->fallback;
        st = st != BG_OK ? st : fst;
    }
    return st;
}

/* scoring: fallback_category names a category of some file (any order of files). */
static bg_status resolve_fallback(bg_ruleset *rs)
{
    rs->scoring.fallback_category = SIZE_MAX;
    if (!rs->fallback) {
        return BG_OK;
    }
    for (size_t i = 0; i < rs->n_categories; i++) {
        if (bg_str_eq(rs->categories[i], rs->fallback->scalar)) {
            rs->scoring.fallback_category = i;
            return BG_OK;
        }
    }
    bg_diag_error(rs->d, &rs->fallback->loc, "fallback_category '%.*s' is not a category",
                  (int)rs->fallback->scalar.len, rs->fallback->scalar.ptr);
    return BG_EINPUT;
}

/* categories: {NAME: [rules]}; a name seen in an earlier file joins that category. */
static bg_status load_categories(bg_ruleset *rs, const bg_ynode *n)
{
    bg_status st = bg_yload_expect(n, BG_YNODE_MAP, rs->d);
    if (st != BG_OK) {
        return st;
    }
    for (size_t i = 0; i < n->n; i++) {
        uint16_t cat = 0;
        bg_str name = n->keys[i]->scalar;
        bg_status cst = add_category(rs, name, &cat);
        if (cst == BG_OK && !bg_yload_is_null(n->items[i])) {
            cst = load_list(rs, n->items[i], BG_RULE_CATEGORY, name, cat);
        }
        if (cst == BG_ENOMEM) {
            return cst;
        }
        st = st != BG_OK ? st : cst;
    }
    return st;
}

static bg_status load_file(bg_ruleset *rs, const char *path)
{
    bg_ynode *root = NULL;
    unsigned errors_before = rs->d->n_errors;
    bg_status st = bg_yload_file(path, rs->a, rs->d, &root);
    if (st != BG_OK) {
        return st;
    }
    st = bg_yload_expect(root, BG_YNODE_MAP, rs->d);
    if (st != BG_OK) {
        return st;
    }
    static const struct {
        const char *key;
        bg_rule_kind kind;
        const char *prefix;
    } lists[] = {
        {"drop", BG_RULE_DROP, "drop"},          {"trim", BG_RULE_TRIM, "trim"},
        {"elide", BG_RULE_ELIDE, "elide"},       {"bonus", BG_RULE_BONUS, "bonus"},
        {"facts", BG_RULE_FACT, "fact"},         {"refer", BG_RULE_REFER, "refer"},
        {"shorten", BG_RULE_SHORTEN, "shorten"},
    };
    /* Sections in file order, so that messages come in file order. */
    for (size_t k = 0; k < root->n; k++) {
        bg_str key = root->keys[k]->scalar;
        const bg_ynode *n = root->items[k];
        bg_status kst = BG_OK;
        if (bg_str_eq_cstr(key, "scoring")) {
            kst = load_scoring(rs, n);
        } else if (bg_str_eq_cstr(key, "terms") && !bg_yload_is_null(n)) {
            kst = bg_rules_terms_load(&rs->terms, n, rs->a, rs->d);
        } else if (bg_str_eq_cstr(key, "categories") && !bg_yload_is_null(n)) {
            kst = load_categories(rs, n);
        }
        for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
            if (bg_str_eq_cstr(key, lists[i].key) && !bg_yload_is_null(n)) {
                kst = load_list(rs, n, lists[i].kind, bg_str_from(lists[i].prefix), 0);
            }
        }
        if (kst == BG_ENOMEM) {
            return kst;
        }
        st = st != BG_OK ? st : kst;
    }
    /* Unknown sections last: a misspelt one is skipped above and reported here. */
    bg_status kst = bg_yload_check_keys(root, top_keys, rs->d);
    st = st != BG_OK ? st : kst;
    if (st == BG_OK && rs->d->n_errors > errors_before) {
        st = BG_EINPUT;
    }
    return st;
}

static bg_status build_index(bg_ruleset *rs)
{
    const bg_rules_filter **f = bg_arena_array(rs->a, rs->n_rules + 1, sizeof(*f));
    if (!f) {
        return BG_ENOMEM;
    }
    for (size_t r = 0; r < rs->n_rules; r++) {
        f[r] = rs->code[r].filter;
    }
    return bg_rules_filter_index_build(f, rs->n_rules, rs->a, &rs->index);
}

bg_status bg_rules_load(const char *const *paths, size_t n_paths, bg_arena *a, bg_diag *d,
                        bg_ruleset **out)
{
    bg_status st = BG_OK;
    bg_ruleset *rs = bg_arena_alloc(a, sizeof(*rs));
    if (!rs) {
        return BG_ENOMEM;
    }
    rs->a = a;
    rs->d = d;
    rs->scoring = (bg_scoring){.dedup_threshold = 0.8,
                               .min_score = 1.5,
                               .fact_bonus = 0.5,
                               .length_min_words = 6,
                               .length_max_words = 70,
                               .trim_min_words = 25,
                               .length_penalty = 0.1,
                               .trim_keep_evidence = 1000.0,
                               .shorten_keep_evidence = 1000.0};
    st = set_up_contexts(rs);
    if (st != BG_OK) {
        goto out;
    }
    for (size_t i = 0; i < n_paths; i++) {
        bg_status fst = load_file(rs, paths[i]);
        if (fst == BG_ENOMEM) {
            st = fst;
            goto out;
        }
        st = st != BG_OK ? st : fst;
    }
    if (st == BG_OK) {
        st = resolve_fallback(rs);
    }
    if (st != BG_OK) {
        goto out;
    }
    st = build_index(rs);
    if (st != BG_OK) {
        goto out;
    }
    rs->md = pcre2_match_data_create(rs->max_capture + 1, NULL);
    if (!rs->md || !bg_arena_defer(a, free_match_data, rs->md)) {
        st = BG_ENOMEM;
        goto out;
    }
    *out = rs;
out:
    return st;
}

size_t bg_rules_count(const bg_ruleset *rs)
{
    return rs->n_rules;
}

const bg_rule_info *bg_rules_info(const bg_ruleset *rs, size_t rule)
{
    return &rs->info[rule];
}

size_t bg_rules_n_categories(const bg_ruleset *rs)
{
    return rs->n_categories;
}

bg_str bg_rules_category(const bg_ruleset *rs, size_t category)
{
    return rs->categories[category];
}

const bg_scoring *bg_rules_scoring(const bg_ruleset *rs)
{
    return &rs->scoring;
}

void bg_rules_summarise(const bg_ruleset *rs, bg_str subject, bg_rules_grams *g)
{
    bg_rules_grams_of(subject, g);
    bg_rules_filter_candidates(rs->index, g);
}

/* A rule's literals are searched for in the subject (bg_rules_filter_occurs) for its first
 * SEARCH_TRIAL subjects whose n-grams pass, and after that only while at least one search
 * in SEARCH_MISS_SHARE finds them missing: a search costs ~1 k instructions, the pcre2 call
 * it may save ~4 k. Either way the answer is a necessary condition, so results do not
 * depend on it. */
#define SEARCH_TRIAL 64u
#define SEARCH_MISS_SHARE 4u

bool bg_rules_may_match(bg_ruleset *rs, size_t rule, const bg_rules_grams *g)
{
    compiled *c = &rs->code[rule];
    if (!bg_rules_filter_may_match(rs->index, c->filter, rule, g)) {
        return false;
    }
    bool is_worth_it =
        c->n_searched < SEARCH_TRIAL || (uint64_t)c->n_missed * SEARCH_MISS_SHARE >= c->n_searched;
    if (!c->filter || !is_worth_it) {
        return true;
    }
    bool occurs = bg_rules_filter_occurs(c->filter, g);
    c->n_searched += c->n_searched < UINT32_MAX;
    c->n_missed += !occurs && c->n_missed < UINT32_MAX;
    return occurs;
}

static const char *limit_name(int rc)
{
    switch (rc) {
    case PCRE2_ERROR_MATCHLIMIT:
        return "match limit";
    case PCRE2_ERROR_DEPTHLIMIT:
        return "depth limit";
    case PCRE2_ERROR_HEAPLIMIT:
        return "heap limit";
    case PCRE2_ERROR_JIT_STACKLIMIT:
        return "JIT stack limit";
    default:
        return NULL;
    }
}

/* A rule's first JIT_AFTER_CALLS calls run in the interpreter: JIT-compiling a pattern
 * costs ~0.2 M instructions, an interpreted call on a sentence ~23 k on average, and most
 * rules of the seed build run fewer than 16 times (663 calls over 103 rules). A limit
 * error in the interpreter is retried under JIT, so the limit reported is JIT's, as
 * before. */
#define JIT_AFTER_CALLS 16u

static void jit_compile(compiled *c)
{
    /* JIT when the platform allows; the interpreter is the silent fallback. */
    c->is_jit = pcre2_jit_compile(c->code, PCRE2_JIT_COMPLETE) == 0;
    c->is_jit_tried = true;
}

/* One pcre2 call. JIT code is run through pcre2_jit_match, the fast path of pcre2jit(3):
 * it skips pcre2_match's checks of the arguments (ours are valid: a subject, an offset
 * inside it, no options) and its UTF check, which PCRE2_MATCH_INVALID_UTF leaves to the
 * JIT code in either case; limits come from the same match context. */
static int match_once(bg_ruleset *rs, const compiled *c, PCRE2_SPTR text, size_t len,
                      size_t start_off)
{
    if (c->is_jit) {
        return pcre2_jit_match(c->code, text, len, start_off, 0, rs->md, rs->mctx);
    }
    return pcre2_match(c->code, text, len, start_off, 0, rs->md, rs->mctx);
}

static int run_match(bg_ruleset *rs, compiled *c, bg_str subject, size_t start_off)
{
    PCRE2_SPTR text = (PCRE2_SPTR)(subject.ptr ? subject.ptr : "");
    c->n_calls++;
    if (!c->is_jit_tried && c->n_calls > JIT_AFTER_CALLS) {
        jit_compile(c);
    }
    int rc = match_once(rs, c, text, subject.len, start_off);
    if (!c->is_jit_tried && limit_name(rc)) {
        jit_compile(c);
        rc = match_once(rs, c, text, subject.len, start_off);
    }
    return rc;
}

bg_status bg_rules_match(bg_ruleset *rs, size_t rule, bg_str subject, size_t start_off,
                         const bg_loc *where, bg_diag *d, bool *found, bg_match *m)
{
    const bg_rule_info *info = &rs->info[rule];
    compiled *c = &rs->code[rule];
    *found = false;
    if (start_off > subject.len) {
        return BG_OK;
    }
    if (rs->n_calls >= BG_MAX_REGEX_CALLS) {
        bg_diag_error(d, where,
                      "rule '%s' (%s:%u:%u) exceeds the run's budget of %llu pattern "
                      "matches",
                      info->name, info->loc.path, (unsigned)info->loc.line, (unsigned)info->loc.col,
                      (unsigned long long)BG_MAX_REGEX_CALLS);
        return BG_EINPUT;
    }
    rs->n_calls++;
    int rc = run_match(rs, c, subject, start_off);
    if (rc == PCRE2_ERROR_NOMATCH) {
        return BG_OK;
    }
    if (rc < 0) {
        const char *lim = limit_name(rc);
        if (lim) {
            bg_diag_error(d, where, "rule '%s' (%s:%u:%u) hit the pcre2 %s", info->name,
                          info->loc.path, (unsigned)info->loc.line, (unsigned)info->loc.col, lim);
        } else {
            PCRE2_UCHAR msg[256];
            if (pcre2_get_error_message(rc, msg, sizeof(msg)) < 0) {
                msg[0] = 0;
            }
            bg_diag_error(d, where, "rule '%s' (%s:%u:%u) failed to match: %s", info->name,
                          info->loc.path, (unsigned)info->loc.line, (unsigned)info->loc.col,
                          (const char *)msg);
        }
        return BG_EINPUT;
    }
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(rs->md);
    uint32_t n_pairs = pcre2_get_ovector_count(rs->md);
    m->start = ov[0];
    /* \K in a lookbehind can report an end before the start. */
    m->end = ov[1] < ov[0] ? ov[0] : ov[1];
    m->n_groups = c->n_names;
    for (size_t i = 0; i < c->n_names; i++) {
        uint32_t g = c->numbers[i];
        m->group_name[i] = c->names[i];
        m->group_start[i] = SIZE_MAX;
        m->group_end[i] = SIZE_MAX;
        if (g < n_pairs && g < (uint32_t)rc && ov[2 * g] != PCRE2_UNSET &&
            ov[2 * g] <= ov[2 * g + 1]) {
            m->group_start[i] = ov[2 * g];
            m->group_end[i] = ov[2 * g + 1];
        }
    }
    *found = true;
    return BG_OK;
}
