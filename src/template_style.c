/* Templates: the `page`, `fonts` and `fallback`, and `styles` keys of the merged tree →
 * c->t->page and c->t->styles. Paper size and margins (which must leave a text area), the
 * font map with its fallback chain, and each role's style, inheriting from `body`. */
#include <string.h>

#include "limit.h"
#include "template_int.h"
#include "yload.h"

static const char *const page_keys[] = {"size", "margins", NULL};
static const char *const style_keys[] = {
    "font",        "size",   "leading", "align",      "space_before",
    "space_after", "indent", "color",   "background", NULL,
};
static const char *const align_names[] = {"left", "justify", "center", "right", NULL};

/* Paper sizes in points (ISO 216 A4, US Letter). */
#define A4_WIDTH_PT 595.276
#define A4_HEIGHT_PT 841.890
#define LETTER_WIDTH_PT 612.0
#define LETTER_HEIGHT_PT 792.0
/* Smallest text area a page may keep after its margins: one column inch. */
#define MIN_TEXT_AREA_PT 72.0

/* --- Page --- */

/* Is @n written in the template file itself (not inherited from a base or a partial)? */
static bool is_own(const bg_template_ctx *c, const bg_ynode *n)
{
    return n && n->loc.path && c->t->path && strcmp(n->loc.path, c->t->path) == 0;
}

/* The margins must leave a text area, whether they are written, inherited or the defaults.
 * The error goes where the template itself changes the page (its margins, else its size;
 * else wherever they are written), with a note naming the other half of the cause. */
static void check_text_area(bg_template_ctx *c, const bg_ynode *page, const bg_ynode *size,
                            const bg_ynode *margins)
{
    const bg_page_spec *p = &c->t->page;
    if (p->width_pt - p->margin_left_pt - p->margin_right_pt >= MIN_TEXT_AREA_PT &&
        p->height_pt - p->margin_top_pt - p->margin_bottom_pt >= MIN_TEXT_AREA_PT) {
        return;
    }
    const bg_ynode *at = margins;
    if (!is_own(c, margins) && (is_own(c, size) || !margins)) {
        at = size;
    }
    at = at ? at : page;
    if (!bg_template_may_report(c, &at->loc)) {
        c->has_error = true;
        return;
    }
    bg_template_fail(c, &at->loc, "margins leave less than %g pt for text", MIN_TEXT_AREA_PT);
    if (!margins) {
        bg_diag_note(c->d, &at->loc, "the margins are the defaults, %g pt each", p->margin_top_pt);
    } else if (at != margins) {
        bg_diag_note(c->d, &margins->loc, "the margins are set here");
    } else if (size) {
        bg_diag_note(c->d, &size->loc, "the page size is set here");
    }
}

void bg_template_read_page(bg_template_ctx *c, const bg_ynode *page)
{
    bg_page_spec *p = &c->t->page;
    p->width_pt = A4_WIDTH_PT;
    p->height_pt = A4_HEIGHT_PT;
    p->margin_top_pt = p->margin_right_pt = p->margin_bottom_pt = p->margin_left_pt = 56.0;
    if (!page || !bg_template_keys(c, page, page_keys)) {
        return;
    }
    bool is_valid = true;
    const bg_ynode *size = bg_yload_get(page, "size");
    if (size && size->kind == BG_YNODE_SEQ) {
        if (size->n != 2) {
            bg_template_fail(c, &size->loc, "expected [width, height] in points, found %zu numbers",
                             size->n);
            is_valid = false;
        } else {
            is_valid = bg_template_num(c, size->items[0], 72, 14400, &p->width_pt) &&
                       bg_template_num(c, size->items[1], 72, 14400, &p->height_pt);
        }
    } else if (size) {
        static const char *const sizes[] = {"A4", "Letter", NULL};
        int k = 0;
        if (!bg_template_choice(c, size, "page size", sizes, &k)) {
            is_valid = false;
        } else if (k == 1) {
            p->width_pt = LETTER_WIDTH_PT;
            p->height_pt = LETTER_HEIGHT_PT;
        }
    }
    const bg_ynode *margins = bg_yload_get(page, "margins");
    if (margins && !bg_template_expect(c, margins, BG_YNODE_SEQ)) {
        return;
    }
    if (margins) {
        if (margins->n != 4) {
            bg_template_fail(c, &margins->loc,
                             "expected 4 margins [top, right, bottom, left], found %zu",
                             margins->n);
            return;
        }
        double *m[] = {&p->margin_top_pt, &p->margin_right_pt, &p->margin_bottom_pt,
                       &p->margin_left_pt};
        for (size_t i = 0; i < 4; i++) {
            is_valid = bg_template_num(c, margins->items[i], 0, 7200, m[i]) && is_valid;
        }
    }
    if (is_valid) {
        check_text_area(c, page, size, margins);
    }
}

/* --- Fonts --- */

static int face_index(const bg_page_spec *p, bg_str name)
{
    for (size_t i = 0; i < p->n_faces; i++) {
        if (bg_str_eq_cstr(name, p->faces[i].name)) {
            return (int)i;
        }
    }
    return -1;
}

static void fail_unknown_face(bg_template_ctx *c, const bg_loc *loc, bg_str name)
{
    if (c->has_bad_fonts) {
        /* The font map was refused and reported: every face name would be "unknown". */
        c->has_error = true;
        return;
    }
    const bg_page_spec *p = &c->t->page;
    const char *best = NULL;
    unsigned best_dist = 3;
    for (size_t i = 0; i < p->n_faces; i++) {
        const char *f = p->faces[i].name;
        unsigned dist = bg_diag_distance(name.ptr, name.len, f, strlen(f), 2);
        if (dist < best_dist) {
            best_dist = dist;
            best = f;
        }
    }
    bg_template_fail_unknown(c, loc, "font", name, best);
}

void bg_template_read_fonts(bg_template_ctx *c, const bg_ynode *fonts, const bg_ynode *fallback)
{
    bg_page_spec *p = &c->t->page;
    c->has_bad_fonts = true; /* until the map is accepted */
    if (!fonts) {
        bg_loc loc = {c->t->path, 0, 0};
        bg_template_fail(c, &loc, "missing key 'fonts'");
        return;
    }
    if (!bg_template_expect(c, fonts, BG_YNODE_MAP)) {
        return;
    }
    if (fonts->n > BG_MAX_FONTS) {
        bg_template_fail(c, &fonts->loc, "more than %u fonts", BG_MAX_FONTS);
        return;
    }
    c->has_bad_fonts = false;
    p->faces = bg_arena_array(c->a, fonts->n, sizeof(*p->faces));
    if (!p->faces) {
        bg_template_oom(c);
        return;
    }
    for (size_t i = 0; i < fonts->n; i++) {
        bg_str file;
        if (!bg_template_str(c, fonts->items[i], &file)) {
            continue;
        }
        bool has_slash = memchr(file.ptr, '/', file.len) != NULL;
        if (file.len == 0 || has_slash || file.ptr[0] == '.' || memchr(file.ptr, '\0', file.len)) {
            bg_template_fail(
                c, &fonts->items[i]->loc,
                "font '%.*s' must be a file name in the fonts directory, without '/' or '..'",
                (int)file.len, file.ptr);
            continue;
        }
        bg_face *f = &p->faces[p->n_faces++];
        f->name = fonts->keys[i]->scalar.ptr;
        f->path = bg_arena_printf(c->a, "%s/%.*s", c->fonts_dir, (int)file.len, file.ptr);
        if (!f->path) {
            bg_template_oom(c);
            return;
        }
    }
    if (!fallback || bg_yload_is_null(fallback) || !bg_template_expect(c, fallback, BG_YNODE_SEQ)) {
        return;
    }
    p->fallback = bg_arena_array(c->a, fallback->n, sizeof(*p->fallback));
    if (!p->fallback) {
        bg_template_oom(c);
        return;
    }
    for (size_t i = 0; i < fallback->n; i++) {
        bg_str name;
        if (!bg_template_str(c, fallback->items[i], &name)) {
            continue;
        }
        int k = face_index(p, name);
        if (k < 0) {
            fail_unknown_face(c, &fallback->items[i]->loc, name);
            continue;
        }
        p->fallback[p->n_fallback++] = (uint16_t)k;
    }
}

/* --- Styles --- */

static bool parse_color(bg_str s, bg_rgb *out)
{
    if (s.len != 7 || s.ptr[0] != '#') {
        return false;
    }
    unsigned v[6];
    for (size_t i = 0; i < 6; i++) {
        char ch = s.ptr[i + 1];
        if (ch >= '0' && ch <= '9') {
            v[i] = (unsigned)(ch - '0');
        } else if (ch >= 'a' && ch <= 'f') {
            v[i] = (unsigned)(ch - 'a' + 10);
        } else if (ch >= 'A' && ch <= 'F') {
            v[i] = (unsigned)(ch - 'A' + 10);
        } else {
            return false;
        }
    }
    out->r = (float)(v[0] * 16 + v[1]) / 255.0f;
    out->g = (float)(v[2] * 16 + v[3]) / 255.0f;
    out->b = (float)(v[4] * 16 + v[5]) / 255.0f;
    return true;
}

static bool y_color(bg_template_ctx *c, const bg_ynode *n, bg_rgb *out)
{
    if (bg_yload_is_null(n)) {
        bg_template_fail(c, &n->loc,
                         "expected a colour like \"#1F3864\", found nothing (quote it: '#' "
                         "starts a comment)");
        return false;
    }
    bg_str s;
    if (!bg_template_str(c, n, &s)) {
        return false;
    }
    if (!parse_color(s, out)) {
        bg_template_fail(c, &n->loc, "expected a colour like \"#1F3864\", found '%.*s'", (int)s.len,
                         s.ptr);
        return false;
    }
    return true;
}

/* One style: fields it sets override @base (body's style, or defaults for body). Fields a
 * role does not set come from body, except alignment (left) and spacing (0). */
static void read_style(bg_template_ctx *c, const bg_ynode *n, bg_style *st, bool is_body)
{
    const bg_ynode *v;
    if (!bg_template_keys(c, n, style_keys)) {
        return;
    }
    v = bg_yload_get(n, "font");
    if (v) {
        bg_str name;
        if (bg_template_str(c, v, &name)) {
            int k = face_index(&c->t->page, name);
            if (k < 0) {
                fail_unknown_face(c, &v->loc, name);
            } else {
                st->face = (uint16_t)k;
            }
        }
    } else if (is_body) {
        bg_template_fail(c, &n->loc, "style 'body' needs a 'font'");
    }
    bool has_size = false;
    v = bg_yload_get(n, "size");
    if (v) {
        has_size = bg_template_num(c, v, 4, 96, &st->size_pt);
    }
    v = bg_yload_get(n, "leading");
    if (v) {
        bg_template_num(c, v, 4, 200, &st->leading_pt);
    } else if (has_size || is_body) {
        st->leading_pt = st->size_pt * 1.3;
    }
    if (st->leading_pt < st->size_pt * 0.8) {
        bg_template_fail(c, v ? &v->loc : &n->loc, "leading %g pt is too tight for size %g pt",
                         st->leading_pt, st->size_pt);
    }
    struct {
        const char *key;
        double *field;
    } spacing[] = {
        {"space_before", &st->space_before_pt},
        {"space_after", &st->space_after_pt},
        {"indent", &st->indent_pt},
    };
    for (size_t i = 0; i < sizeof(spacing) / sizeof(spacing[0]); i++) {
        v = bg_yload_get(n, spacing[i].key);
        if (v) {
            bg_template_num(c, v, 0, 500, spacing[i].field);
        }
    }
    v = bg_yload_get(n, "align");
    if (v) {
        int k = 0;
        if (bg_template_choice(c, v, "alignment", align_names, &k)) {
            st->align = (bg_align)k;
        }
    }
    v = bg_yload_get(n, "color");
    if (v) {
        y_color(c, v, &st->color);
    }
    v = bg_yload_get(n, "background");
    if (v) {
        st->has_background = y_color(c, v, &st->background);
    }
}

void bg_template_read_styles(bg_template_ctx *c, const bg_ynode *styles)
{
    static const char *const roles[BG_STYLE_COUNT + 1] = {
        "title", "subtitle", "heading", "body",   "point",  "label", "table",
        "cite",  "ref",      "banner",  "header", "footer", NULL,
    };
    bg_style body = {0, 10.0, 13.0, 0, 0, 0, {0, 0, 0}, {1, 1, 1}, false, BG_ALIGN_LEFT};
    const bg_ynode *body_node =
        styles && styles->kind == BG_YNODE_MAP ? bg_yload_get(styles, "body") : NULL;
    if (styles && !bg_template_keys(c, styles, roles)) {
        return;
    }
    if (!body_node) {
        bg_loc file = {c->t->path, 0, 0};
        bg_template_fail(c, styles ? &styles->loc : &file, "missing style 'body'");
    } else {
        read_style(c, body_node, &body, true);
    }
    for (size_t r = 0; r < BG_STYLE_COUNT; r++) {
        bg_style st = body;
        st.align = BG_ALIGN_LEFT;
        st.space_before_pt = st.space_after_pt = st.indent_pt = 0;
        st.has_background = false;
        if (r == BG_STYLE_BODY) {
            st = body;
        } else {
            const bg_ynode *n = bg_yload_get(styles, roles[r]);
            if (n) {
                read_style(c, n, &st, false);
            }
        }
        c->t->styles[r] = st;
    }
}
