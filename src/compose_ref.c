/* Compose: the reference list and the sources section. Once selection has numbered the
 * cited sources, each reference says title, publisher, author, date, path, the cited
 * lines (ranges, capped) and URL; the sources section lists them, never dropped. */
#include <stdlib.h>

#include "buf.h"
#include "compose_int.h"
#include "limit.h"

/* Append "line 9", "lines 9, 13–16, 21" or, past BG_MAX_REF_RANGES ranges,
 * "lines 9, 13–16, …, 80 …and 412 more": thousands of cited lines stay one short entry.
 * @lines is sorted and distinct. */
static void put_lines(bg_buf *b, const uint32_t *lines, size_t n_lines)
{
    bg_buf_puts(b, n_lines > 1 ? "lines " : "line ");
    size_t i = 0;
    size_t n_ranges = 0;
    while (i < n_lines && n_ranges < BG_MAX_REF_RANGES) {
        size_t j = i;
        while (j + 1 < n_lines && lines[j + 1] == lines[j] + 1) {
            j++;
        }
        bg_buf_printf(b, "%s%u", n_ranges ? ", " : "", (unsigned)lines[i]);
        if (j > i) {
            bg_buf_printf(b, "\xE2\x80\x93%u", (unsigned)lines[j]); /* en dash */
        }
        n_ranges++;
        i = j + 1;
    }
    if (i < n_lines) {
        bg_buf_printf(b,
                      " \xE2\x80\xA6"
                      "and %zu more",
                      n_lines - i); /* ellipsis */
    }
}

/* "Title. Publisher, Author, date. content/x.txt, lines 9, 13–16. URL" */
static char *ref_text(composer *c, const bg_source *src, const cite_src *cs)
{
    const bg_meta *m = &src->meta;
    bg_str title = m->title.len ? m->title : src->name;
    bg_buf b;
    /* The metadata comes from one sidecar (at most BG_MAX_YAML_BYTES); the path and the
     * capped line list fit in the rest. */
    bg_buf_init(&b, BG_MAX_YAML_BYTES + 64u * 1024u);
    bg_buf_printf(&b, "%.*s.", (int)title.len, title.ptr);
    const bg_str parts[3] = {m->publisher, m->author, m->date};
    bool any = false;
    for (size_t i = 0; i < 3; i++) {
        if (parts[i].len) {
            bg_buf_printf(&b, "%s%.*s", any ? ", " : " ", (int)parts[i].len, parts[i].ptr);
            any = true;
        }
    }
    bg_buf_printf(&b, "%s %s, ", any ? "." : "", src->path);
    put_lines(&b, cs->lines, cs->n_lines);
    bg_buf_puts(&b, ".");
    if (m->url.len) {
        bg_buf_printf(&b, " %.*s", (int)m->url.len, m->url.ptr);
    }
    char *text = b.failed ? NULL : bg_arena_strndup(c->a, b.data, b.len);
    bg_buf_free(&b);
    return text;
}

static int cmp_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x;
    uint32_t b = *(const uint32_t *)y;
    return a < b ? -1 : (a > b);
}

/* The reference list, in number order: built once selection has numbered the sources. */
bg_status bg_compose_make_refs(composer *c)
{
    c->refs = bg_arena_array(c->a, c->n_refs + 1, sizeof(bg_ref));
    if (!c->refs) {
        return BG_ENOMEM;
    }
    for (size_t i = 0; i < c->n_srcs; i++) {
        cite_src *cs = &c->srcs[i];
        if (cs->number == 0) {
            continue;
        }
        qsort(cs->lines, cs->n_lines, sizeof(uint32_t), cmp_u32);
        char *text = ref_text(c, &c->pts->sentences->sources->items[i], cs);
        bg_ref *ref = &c->refs[cs->number - 1];
        ref->number = cs->number;
        if (!text ||
            !bg_compose_inline_text(c, &ref->text, bg_str_from(text), BG_STYLE_REF, NULL)) {
            return BG_ENOMEM;
        }
    }
    return BG_OK;
}

bg_status bg_compose_emit_sources(composer *c, uint32_t si)
{
    /* DESIGN: each citation links to the reference list; references are never dropped to
     * fit max_pages, so a cited number always resolves. */
    for (uint32_t i = 0; i < c->n_refs; i++) {
        const bg_ref *ref = &c->refs[i];
        char *label = bg_arena_printf(c->a, "[%u]", (unsigned)ref->number);
        bg_doc_block *b = bg_compose_add_block(c, BG_DOC_ITEM, BG_STYLE_REF, si, BG_SCORE_KEEP);
        if (!label || !b ||
            !bg_compose_inline_text(c, &b->label, bg_str_from(label), BG_STYLE_REF, NULL)) {
            return BG_ENOMEM;
        }
        b->anchor = ref->number;
        b->text = ref->text;
    }
    return BG_OK;
}
