/* YAML loading for templates, rules and sidecars: libyaml's event API → a small bg_ynode
 * tree with 1-based positions. The event API (not the document loader) lets us refuse
 * deep nesting, anchors, aliases, tags and merge keys before they cost anything
 * (notes/robustness.md, libyaml 0.2.5 findings). The only file that includes yaml.h. */
#include "yload.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "fsio.h"
#include "limit.h"
#include "utf8.h"

/* One open collection while events stream in. MAP children alternate key, value. */
typedef struct {
    bg_ynode *node;
    bg_ynode **kids;
    size_t n_kids;
    size_t cap_kids;
} frame;

typedef struct {
    const char *path;
    const char *text;
    size_t len;
    bg_arena *a;
    bg_diag *d;
    frame stack[BG_MAX_YAML_DEPTH + 1];
    size_t depth;
    bg_ynode *root;
    size_t n_nodes;
    bg_ynode **maps; /* every mapping, for the duplicate-key check at the end */
    size_t n_maps;
    size_t cap_maps;
    const bg_ynode **dup_pairs; /* (second, first) key pairs */
    size_t n_dup_pairs;
    size_t cap_dup_pairs;
    unsigned n_errors;
    bool is_fatal; /* stop reading events */
    bg_status st;
} loader;

static bg_loc mark_loc(const loader *ld, yaml_mark_t m)
{
    return (bg_loc){ld->path, (uint32_t)(m.line + 1), (uint32_t)(m.column + 1)};
}

/* An error that still lets the loader go on (duplicate key, NUL in a scalar). */
static void soft_error(loader *ld)
{
    ld->n_errors++;
    if (ld->st == BG_OK) {
        ld->st = BG_EINPUT;
    }
    if (ld->n_errors >= BG_MAX_ERRORS_PER_FILE) {
        ld->is_fatal = true;
    }
}

static void fatal(loader *ld, bg_status st)
{
    ld->is_fatal = true;
    if (ld->st == BG_OK || st == BG_ENOMEM) {
        ld->st = st;
    }
}

static void out_of_memory(loader *ld)
{
    bg_loc loc = {ld->path, 0, 0};
    bg_diag_error(ld->d, &loc, "out of memory loading YAML");
    fatal(ld, BG_ENOMEM);
}

/* --- Positions for parser errors --- */

/* Byte offset of the start of 0-based @line; libyaml breaks lines at LF, CRLF and CR. */
static size_t line_offset(const loader *ld, size_t line)
{
    size_t off = 0;
    while (line > 0 && off < ld->len) {
        char c = ld->text[off++];
        if (c == '\r' && off < ld->len && ld->text[off] == '\n') {
            off++;
        }
        if (c == '\n' || c == '\r') {
            line--;
        }
    }
    return off;
}

/* Byte offset of 0-based (@line, @column), the column counted in characters. */
static size_t mark_offset(const loader *ld, size_t line, size_t column)
{
    size_t off = line_offset(ld, line);
    while (column > 0 && off < ld->len && ld->text[off] != '\n' && ld->text[off] != '\r') {
        uint32_t cp;
        size_t n = bg_utf8_decode(ld->text + off, ld->len - off, &cp);
        off += n ? n : 1;
        column--;
    }
    return off;
}

/* 1-based line and column (characters) of byte offset @off: reader errors give no mark. */
static bg_loc offset_loc(const loader *ld, size_t off)
{
    uint32_t line = 1;
    size_t start = 0;
    for (size_t i = 0; i < off && i < ld->len; i++) {
        if (ld->text[i] == '\n' ||
            (ld->text[i] == '\r' && (i + 1 >= ld->len || ld->text[i + 1] != '\n'))) {
            line++;
            start = i + 1;
        }
    }
    size_t end = off < ld->len ? off : ld->len;
    size_t col = bg_utf8_count(ld->text + start, end - start) + 1;
    return (bg_loc){ld->path, line, (uint32_t)col};
}

/* Is there a tab in the indentation of the line of @m, up to and including @m? */
static bool is_tab_indent(const loader *ld, yaml_mark_t m)
{
    size_t start = line_offset(ld, m.line);
    size_t at = mark_offset(ld, m.line, m.column);
    for (size_t i = start; i <= at && i < ld->len; i++) {
        if (ld->text[i] == '\t') {
            return true;
        }
        if (i < at && ld->text[i] != ' ') {
            /* past the indentation: only the problem character itself counts */
            return ld->text[at] == '\t';
        }
    }
    return false;
}

static void parser_error(loader *ld, const yaml_parser_t *p)
{
    const char *problem = p->problem ? p->problem : "cannot parse YAML";
    if (p->error == YAML_MEMORY_ERROR) {
        out_of_memory(ld);
        return;
    }
    if (p->error == YAML_READER_ERROR) {
        size_t off = p->problem_offset;
        /* libyaml points at the bad trailing octet; report the sequence's first byte, as
         * source.c does ("caf\xe9 au" is byte 0xE9, not the 0x20 after it). */
        if (strstr(problem, "trailing") && off <= ld->len) {
            while (off > 1 && ((unsigned char)ld->text[off - 1] & 0xC0) == 0x80) {
                off--;
            }
            off = off > 0 ? off - 1 : 0;
        }
        bg_loc loc = offset_loc(ld, off);
        if (strstr(problem, "UTF-8") && off < ld->len) {
            bg_diag_error(ld->d, &loc, "invalid UTF-8 (byte 0x%02X)",
                          (unsigned)(unsigned char)ld->text[off]);
        } else if (p->problem_value >= 0) {
            bg_diag_error(ld->d, &loc, "%s (byte 0x%02X)", problem, (unsigned)p->problem_value);
        } else {
            bg_diag_error(ld->d, &loc, "%s", problem);
        }
        fatal(ld, BG_EINPUT);
        return;
    }
    bg_loc loc = mark_loc(ld, p->problem_mark);
    bg_loc ctx = mark_loc(ld, p->context_mark);
    /* the context helps only when it points at another line ("while scanning a simple key") */
    if (p->context && ctx.line != loc.line) {
        bg_diag_error(ld->d, &loc, "%s (%s at line %u)", problem, p->context, (unsigned)ctx.line);
    } else {
        bg_diag_error(ld->d, &loc, "%s", problem);
    }
    if (is_tab_indent(ld, p->problem_mark)) {
        bg_diag_note(ld->d, &loc, "tabs are not allowed for indentation; use spaces");
    }
    fatal(ld, BG_EINPUT);
}

/* --- Building the tree --- */

static bool push_kid(loader *ld, frame *f, bg_ynode *kid)
{
    bg_ynode **kids = bg_arena_room(ld->a, f->kids, f->n_kids, &f->cap_kids, 8, sizeof(*kids));
    if (!kids) {
        out_of_memory(ld);
        return false;
    }
    f->kids = kids;
    f->kids[f->n_kids++] = kid;
    return true;
}

static void attach(loader *ld, bg_ynode *node)
{
    if (ld->depth == 0) {
        ld->root = node;
        return;
    }
    frame *f = &ld->stack[ld->depth - 1];
    bool is_key = f->node->kind == BG_YNODE_MAP && f->n_kids % 2 == 0;
    if (is_key && node->kind != BG_YNODE_SCALAR) {
        bg_diag_error(ld->d, &node->loc, "expected a string as key, found %s",
                      bg_yload_kind_name(node));
        soft_error(ld);
    } else if (is_key && !node->is_quoted && bg_str_eq_cstr(node->scalar, "<<")) {
        bg_diag_error(ld->d, &node->loc, "merge keys ('<<') are not supported");
        soft_error(ld);
    }
    push_kid(ld, f, node);
}

static bg_ynode *new_node(loader *ld, bg_ynode_kind kind, const yaml_event_t *ev)
{
    bg_loc loc = mark_loc(ld, ev->start_mark);
    if (++ld->n_nodes > BG_MAX_YAML_NODES) {
        bg_diag_error(ld->d, &loc, "too many YAML nodes (limit %u)", BG_MAX_YAML_NODES);
        fatal(ld, BG_EINPUT);
        return NULL;
    }
    bg_ynode *n = bg_arena_alloc(ld->a, sizeof(*n));
    if (!n) {
        out_of_memory(ld);
        return NULL;
    }
    n->kind = kind;
    n->loc = loc;
    return n;
}

/* Anchors, aliases and tags are refused at their first appearance: templates have
 * `extends:` for reuse, and aliases are the road to billion-laughs trees. */
static bool refuse_extras(loader *ld, const yaml_event_t *ev, const yaml_char_t *anchor,
                          const yaml_char_t *tag)
{
    bg_loc loc = mark_loc(ld, ev->start_mark);
    if (anchor) {
        bg_diag_error(ld->d, &loc, "anchors and aliases are not supported");
        fatal(ld, BG_EINPUT);
        return false;
    }
    if (tag) {
        /* libyaml hands over the resolved tag; quote it as written in the file */
        size_t off = mark_offset(ld, ev->start_mark.line, ev->start_mark.column);
        size_t end = off;
        while (end < ld->len && end - off < 64 && ld->text[end] != ' ' && ld->text[end] != '\n' &&
               ld->text[end] != '\r' && ld->text[end] != '\t') {
            end++;
        }
        if (end > off && ld->text[off] == '!') {
            bg_diag_error(ld->d, &loc, "tags are not supported ('%.*s')", (int)(end - off),
                          ld->text + off);
        } else {
            bg_diag_error(ld->d, &loc, "tags are not supported ('%s')", (const char *)tag);
        }
        fatal(ld, BG_EINPUT);
        return false;
    }
    return true;
}

static int cmp_key_index(size_t i, size_t j, const bg_ynode *const *keys)
{
    bg_str a = keys[i]->scalar;
    bg_str b = keys[j]->scalar;
    if (a.len != b.len) {
        return a.len < b.len ? -1 : 1;
    }
    int c = a.len ? memcmp(a.ptr, b.ptr, a.len) : 0;
    if (c != 0) {
        return c;
    }
    return i < j ? -1 : (i > j ? 1 : 0);
}

/* qsort has no context argument, so each element carries the key table. */
typedef struct {
    const bg_ynode *const *keys;
    size_t index;
} key_ref;

static int cmp_key_ref(const void *x, const void *y)
{
    const key_ref *a = x;
    const key_ref *b = y;
    return cmp_key_index(a->index, b->index, a->keys);
}

static int cmp_size(const void *x, const void *y)
{
    size_t a = *(const size_t *)x;
    size_t b = *(const size_t *)y;
    return a < b ? -1 : (a > b ? 1 : 0);
}

/* Duplicate keys are accepted silently by libyaml: find them by sorting, then report each
 * second occurrence in file order, with a note at the first. */
static void check_duplicates(loader *ld, const bg_ynode *map)
{
    size_t n = map->n;
    if (n < 2) {
        return;
    }
    key_ref *refs = bg_arena_array(ld->a, n, sizeof(*refs));
    size_t *first = bg_arena_array(ld->a, n, sizeof(*first));
    size_t *dups = bg_arena_array(ld->a, n, sizeof(*dups));
    if (!refs || !first || !dups) {
        out_of_memory(ld);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        refs[i] = (key_ref){(const bg_ynode *const *)map->keys, i};
    }
    qsort(refs, n, sizeof(*refs), cmp_key_ref);
    /* Equal keys are now adjacent, the earliest first (ties sort by index). */
    size_t n_dups = 0;
    size_t group = refs[0].index;
    for (size_t i = 1; i < n; i++) {
        const bg_ynode *a = map->keys[refs[i - 1].index];
        const bg_ynode *b = map->keys[refs[i].index];
        if (!bg_str_eq(a->scalar, b->scalar)) {
            group = refs[i].index;
            continue;
        }
        first[refs[i].index] = group;
        dups[n_dups++] = refs[i].index;
    }
    qsort(dups, n_dups, sizeof(*dups), cmp_size);
    for (size_t i = 0; i < n_dups; i++) {
        /* Room for the pair: index n_dup_pairs + 1 (both counts stay even). */
        const bg_ynode **p = bg_arena_room(ld->a, ld->dup_pairs, ld->n_dup_pairs + 1,
                                           &ld->cap_dup_pairs, 16, sizeof(*p));
        if (!p) {
            out_of_memory(ld);
            return;
        }
        ld->dup_pairs = p;
        ld->dup_pairs[ld->n_dup_pairs++] = map->keys[dups[i]];
        ld->dup_pairs[ld->n_dup_pairs++] = map->keys[first[dups[i]]];
    }
}

static int cmp_pair_loc(const void *x, const void *y)
{
    const bg_ynode *a = *(const bg_ynode *const *)x;
    const bg_ynode *b = *(const bg_ynode *const *)y;
    if (a->loc.line != b->loc.line) {
        return a->loc.line < b->loc.line ? -1 : 1;
    }
    return a->loc.col < b->loc.col ? -1 : (a->loc.col > b->loc.col ? 1 : 0);
}

/* Report every duplicate key of the file in file order, each with a note at the first. */
static void report_duplicates(loader *ld)
{
    for (size_t i = 0; i < ld->n_maps && !ld->is_fatal; i++) {
        check_duplicates(ld, ld->maps[i]);
    }
    if (ld->is_fatal || ld->n_dup_pairs == 0) {
        return;
    }
    qsort(ld->dup_pairs, ld->n_dup_pairs / 2, 2 * sizeof(*ld->dup_pairs), cmp_pair_loc);
    for (size_t i = 0; i + 1 < ld->n_dup_pairs && !ld->is_fatal; i += 2) {
        const bg_ynode *second = ld->dup_pairs[i];
        bg_diag_error(ld->d, &second->loc, "duplicate key '%s'", second->scalar.ptr);
        bg_diag_note(ld->d, &ld->dup_pairs[i + 1]->loc, "first defined here");
        soft_error(ld);
    }
}

static void close_collection(loader *ld)
{
    frame *f = &ld->stack[--ld->depth];
    bg_ynode *node = f->node;
    if (node->kind == BG_YNODE_SEQ) {
        node->items = f->kids;
        node->n = f->n_kids;
    } else {
        size_t n = f->n_kids / 2;
        node->keys = bg_arena_array(ld->a, n, sizeof(*node->keys));
        node->items = bg_arena_array(ld->a, n, sizeof(*node->items));
        if (!node->keys || !node->items) {
            out_of_memory(ld);
            return;
        }
        for (size_t i = 0; i < n; i++) {
            node->keys[i] = f->kids[2 * i];
            node->items[i] = f->kids[2 * i + 1];
        }
        node->n = n;
        bg_ynode **maps =
            bg_arena_room(ld->a, ld->maps, ld->n_maps, &ld->cap_maps, 16, sizeof(*maps));
        if (!maps) {
            out_of_memory(ld);
            return;
        }
        ld->maps = maps;
        ld->maps[ld->n_maps++] = node;
    }
    attach(ld, node);
}

static void on_scalar(loader *ld, const yaml_event_t *ev)
{
    if (!refuse_extras(ld, ev, ev->data.scalar.anchor, ev->data.scalar.tag)) {
        return;
    }
    bg_ynode *n = new_node(ld, BG_YNODE_SCALAR, ev);
    if (!n) {
        return;
    }
    const char *value = (const char *)ev->data.scalar.value;
    size_t len = ev->data.scalar.length;
    char *copy = bg_arena_strndup(ld->a, value, len);
    if (!copy) {
        out_of_memory(ld);
        return;
    }
    n->scalar = (bg_str){copy, len};
    n->is_quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
    if (len && memchr(value, '\0', len)) {
        bg_diag_error(ld->d, &n->loc, "NUL character in a string");
        soft_error(ld);
    }
    attach(ld, n);
}

static void on_start(loader *ld, const yaml_event_t *ev, bg_ynode_kind kind)
{
    const yaml_char_t *anchor =
        kind == BG_YNODE_SEQ ? ev->data.sequence_start.anchor : ev->data.mapping_start.anchor;
    const yaml_char_t *tag =
        kind == BG_YNODE_SEQ ? ev->data.sequence_start.tag : ev->data.mapping_start.tag;
    if (!refuse_extras(ld, ev, anchor, tag)) {
        return;
    }
    /* DESIGN: deep nesting fails at the start mark, before libyaml's quadratic cost */
    if (ld->depth >= BG_MAX_YAML_DEPTH) {
        bg_loc loc = mark_loc(ld, ev->start_mark);
        bg_diag_error(ld->d, &loc, "nesting deeper than %u levels", BG_MAX_YAML_DEPTH);
        fatal(ld, BG_EINPUT);
        return;
    }
    bg_ynode *n = new_node(ld, kind, ev);
    if (!n) {
        return;
    }
    ld->stack[ld->depth++] = (frame){n, NULL, 0, 0};
}

static void on_event(loader *ld, const yaml_event_t *ev, unsigned *n_docs)
{
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++*n_docs > 1) {
            bg_loc loc = mark_loc(ld, ev->start_mark);
            bg_diag_error(ld->d, &loc, "expected a single document, found a second one");
            fatal(ld, BG_EINPUT);
        }
        break;
    case YAML_ALIAS_EVENT: {
        bg_loc loc = mark_loc(ld, ev->start_mark);
        bg_diag_error(ld->d, &loc, "anchors and aliases are not supported");
        fatal(ld, BG_EINPUT);
        break;
    }
    case YAML_SCALAR_EVENT:
        on_scalar(ld, ev);
        break;
    case YAML_SEQUENCE_START_EVENT:
        on_start(ld, ev, BG_YNODE_SEQ);
        break;
    case YAML_MAPPING_START_EVENT:
        on_start(ld, ev, BG_YNODE_MAP);
        break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        if (ld->depth > 0) {
            close_collection(ld);
        }
        break;
    case YAML_NO_EVENT:
    case YAML_STREAM_START_EVENT:
    case YAML_STREAM_END_EVENT:
    case YAML_DOCUMENT_END_EVENT:
    default:
        break;
    }
}

bg_status bg_yload_mem(const char *path, const char *text, size_t len, bg_arena *a, bg_diag *d,
                       bg_ynode **out)
{
    loader *ld = bg_arena_alloc(a, sizeof(*ld));
    if (!ld) {
        bg_loc loc = {path, 0, 0};
        bg_diag_error(d, &loc, "out of memory loading YAML");
        return BG_ENOMEM;
    }
    ld->path = path;
    ld->text = text;
    ld->len = len;
    ld->a = a;
    ld->d = d;
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        out_of_memory(ld);
        return ld->st;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    unsigned n_docs = 0;
    bool is_done = false;
    while (!is_done && !ld->is_fatal) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            parser_error(ld, &parser);
            break;
        }
        is_done = ev.type == YAML_STREAM_END_EVENT;
        on_event(ld, &ev, &n_docs);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    if (!ld->is_fatal) {
        report_duplicates(ld);
    }
    if (ld->st != BG_OK) {
        return ld->st;
    }
    if (!ld->root || bg_yload_is_null(ld->root)) {
        bg_loc loc = {path, 0, 0};
        bg_diag_error(d, &loc, "empty document");
        return BG_EINPUT;
    }
    *out = ld->root;
    return BG_OK;
}

bg_status bg_yload_file(const char *path, bg_arena *a, bg_diag *d, bg_ynode **out)
{
    bg_str text;
    bg_status st = bg_fsio_read(path, BG_MAX_YAML_BYTES, a, d, &text, NULL);
    if (st != BG_OK) {
        return st;
    }
    return bg_yload_mem(path, text.ptr, text.len, a, d, out);
}

/* --- Typed access --- */

const bg_ynode *bg_yload_get(const bg_ynode *map, const char *key)
{
    if (!map || map->kind != BG_YNODE_MAP) {
        return NULL;
    }
    for (size_t i = 0; i < map->n; i++) {
        if (bg_str_eq_cstr(map->keys[i]->scalar, key)) {
            return map->items[i];
        }
    }
    return NULL;
}

bool bg_yload_is_null(const bg_ynode *n)
{
    if (!n || n->kind != BG_YNODE_SCALAR || n->is_quoted) {
        return false;
    }
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
    for (size_t i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++) {
        if (bg_str_eq_cstr(n->scalar, nulls[i])) {
            return true;
        }
    }
    return false;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* YAML 1.2 core schema numbers, decimal only: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
 */
static bool is_number_text(bg_str s)
{
    size_t i = 0;
    if (i < s.len && (s.ptr[i] == '-' || s.ptr[i] == '+')) {
        i++;
    }
    size_t n_int = 0;
    while (i < s.len && is_digit(s.ptr[i])) {
        i++;
        n_int++;
    }
    size_t n_frac = 0;
    if (i < s.len && s.ptr[i] == '.') {
        i++;
        while (i < s.len && is_digit(s.ptr[i])) {
            i++;
            n_frac++;
        }
    }
    if (n_int == 0 && n_frac == 0) {
        return false;
    }
    if (i < s.len && (s.ptr[i] == 'e' || s.ptr[i] == 'E')) {
        i++;
        if (i < s.len && (s.ptr[i] == '-' || s.ptr[i] == '+')) {
            i++;
        }
        size_t n_exp = 0;
        while (i < s.len && is_digit(s.ptr[i])) {
            i++;
            n_exp++;
        }
        if (n_exp == 0) {
            return false;
        }
    }
    return i == s.len;
}

static bool is_bool_text(bg_str s)
{
    return bg_str_eq_cstr(s, "true") || bg_str_eq_cstr(s, "false");
}

const char *bg_yload_kind_name(const bg_ynode *n)
{
    if (!n) {
        return "nothing";
    }
    switch (n->kind) {
    case BG_YNODE_SEQ:
        return "a list";
    case BG_YNODE_MAP:
        return "a mapping";
    case BG_YNODE_SCALAR:
    default:
        break;
    }
    if (n->is_quoted) {
        return "a string";
    }
    if (bg_yload_is_null(n)) {
        return "nothing";
    }
    if (is_number_text(n->scalar)) {
        return "a number";
    }
    if (is_bool_text(n->scalar)) {
        return "a boolean";
    }
    return "a string";
}

static const char *kind_wanted(bg_ynode_kind kind)
{
    switch (kind) {
    case BG_YNODE_SEQ:
        return "a list";
    case BG_YNODE_MAP:
        return "a mapping";
    case BG_YNODE_SCALAR:
    default:
        return "a string";
    }
}

static bg_status type_error(const bg_ynode *n, const char *wanted, bg_diag *d)
{
    bg_diag_error(d, &n->loc, "expected %s, found %s", wanted, bg_yload_kind_name(n));
    return BG_EINPUT;
}

bg_status bg_yload_expect(const bg_ynode *n, bg_ynode_kind kind, bg_diag *d)
{
    if (n->kind != kind) {
        return type_error(n, kind_wanted(kind), d);
    }
    return BG_OK;
}

bg_status bg_yload_number(const bg_ynode *n, double min, double max, bg_diag *d, double *out)
{
    if (n->kind != BG_YNODE_SCALAR || n->is_quoted || !is_number_text(n->scalar)) {
        return type_error(n, "a number", d);
    }
    errno = 0;
    char *end = NULL;
    double v = strtod(n->scalar.ptr, &end);
    if (errno == ERANGE || v < min || v > max) {
        bg_diag_error(d, &n->loc, "expected a number from %g to %g, found %s", min, max,
                      n->scalar.ptr);
        return BG_EINPUT;
    }
    *out = v;
    return BG_OK;
}

bg_status bg_yload_int(const bg_ynode *n, long min, long max, bg_diag *d, long *out)
{
    bg_str s = n->scalar;
    bool is_int = n->kind == BG_YNODE_SCALAR && !n->is_quoted && s.len > 0;
    for (size_t i = 0; is_int && i < s.len; i++) {
        is_int =
            is_digit(s.ptr[i]) || (i == 0 && s.len > 1 && (s.ptr[i] == '-' || s.ptr[i] == '+'));
    }
    if (!is_int) {
        if (n->kind == BG_YNODE_SCALAR && !n->is_quoted && is_number_text(s)) {
            bg_diag_error(d, &n->loc, "expected a whole number, found %s", s.ptr);
            return BG_EINPUT;
        }
        return type_error(n, "a whole number", d);
    }
    errno = 0;
    char *end = NULL;
    long v = strtol(s.ptr, &end, 10);
    if (errno == ERANGE || v < min || v > max) {
        bg_diag_error(d, &n->loc, "expected a whole number from %ld to %ld, found %s", min, max,
                      s.ptr);
        return BG_EINPUT;
    }
    *out = v;
    return BG_OK;
}

bg_status bg_yload_bool(const bg_ynode *n, bg_diag *d, bool *out)
{
    if (n->kind != BG_YNODE_SCALAR || n->is_quoted || !is_bool_text(n->scalar)) {
        return type_error(n, "a boolean (true or false)", d);
    }
    *out = bg_str_eq_cstr(n->scalar, "true");
    return BG_OK;
}

static bool is_allowed(bg_str key, const char *const *allowed)
{
    for (size_t j = 0; allowed[j]; j++) {
        if (bg_str_eq_cstr(key, allowed[j])) {
            return true;
        }
    }
    return false;
}

bg_status bg_yload_check_keys(const bg_ynode *n, const char *const *allowed, bg_diag *d)
{
    if (n->kind != BG_YNODE_MAP) {
        return type_error(n, "a mapping", d);
    }
    bg_status st = BG_OK;
    for (size_t i = 0; i < n->n; i++) {
        if (n->keys[i]->kind != BG_YNODE_SCALAR) {
            continue; /* reported by the loader */
        }
        bg_str key = n->keys[i]->scalar;
        if (is_allowed(key, allowed)) {
            continue;
        }
        /* Only an unknown key pays for the did-you-mean distances. */
        const char *best = NULL;
        unsigned best_dist = 3;
        for (size_t j = 0; allowed[j]; j++) {
            unsigned dist = bg_diag_distance(key.ptr, key.len, allowed[j], strlen(allowed[j]), 2);
            if (dist < best_dist) {
                best_dist = dist;
                best = allowed[j];
            }
        }
        if (best) {
            bg_diag_error(d, &n->keys[i]->loc, "unknown key '%s' (did you mean '%s'?)", key.ptr,
                          best);
        } else {
            bg_diag_error(d, &n->keys[i]->loc, "unknown key '%s'", key.ptr);
        }
        st = BG_EINPUT;
    }
    return st;
}
