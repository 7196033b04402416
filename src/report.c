/* Report: the printers behind `briefgen extract` — one text line per key point (with
 * --explain, the rules, facts and other citations behind it) and the JSON document whose
 * schema report.h documents. Output only; the points are read, never changed. */
#include "report.h"

#include <string.h>

static const bg_source *source_of(const bg_point_list *pts, const bg_sentence *s)
{
    return &pts->sentences->sources->items[s->source];
}

/* Text, with every run of white space (newlines included) printed as one space. */
static void put_flat(FILE *out, bg_str s)
{
    bool space = false;
    for (size_t i = 0; i < s.len; i++) {
        char c = s.ptr[i];
        if (c == '\n' || c == '\t' || c == ' ') {
            space = true;
            continue;
        }
        if (space) {
            fputc(' ', out);
            space = false;
        }
        fputc(c, out);
    }
}

bg_status bg_report_text(const bg_point_list *pts, bool explain, FILE *out)
{
    for (size_t i = 0; i < pts->n; i++) {
        const bg_point *p = &pts->items[i];
        bg_str cat = pts->categories[p->category];
        fprintf(out, "%s:%u: [%.*s %.2f] ", source_of(pts, p->s)->path, (unsigned)p->s->loc.line,
                (int)cat.len, cat.ptr, p->score);
        put_flat(out, p->s->text);
        fputc('\n', out);
        if (!explain) {
            continue;
        }
        for (size_t r = 0; r < p->n_fired; r++) {
            const bg_rule_info *info = &pts->rules[p->fired[r]];
            fprintf(out, "    rule %s %+.2f (%s:%u:%u)\n", info->name, p->fired_weight[r],
                    info->loc.path ? info->loc.path : "?", (unsigned)info->loc.line,
                    (unsigned)info->loc.col);
        }
        const struct {
            const char *name;
            double value;
        } terms[] = {{"length", p->term_length},
                     {"lead", p->term_lead},
                     {"breadth", p->term_breadth},
                     {"list", p->term_list}};
        for (size_t t = 0; t < sizeof(terms) / sizeof(terms[0]); t++) {
            if (terms[t].value != 0.0) {
                fprintf(out, "    term %s %+.2f\n", terms[t].name, terms[t].value);
            }
        }
        for (size_t f = 0; f < p->n_facts; f++) {
            const bg_fact *fact = &p->facts[f];
            fprintf(out, "    fact %s %s '", bg_fact_kind_name(fact->kind), fact->norm);
            put_flat(out, fact->text);
            fputs("'\n", out);
        }
        for (size_t k = 0; k < p->n_also; k++) {
            fprintf(out, "    also %s:%u\n", source_of(pts, p->also[k])->path,
                    (unsigned)p->also[k]->loc.line);
        }
        if (p->antecedent) {
            fprintf(out, "    antecedent %s:%u\n", source_of(pts, p->antecedent)->path,
                    (unsigned)p->antecedent->loc.line);
        }
        if (p->brief) {
            fputs("    short '", out);
            put_flat(out, p->brief->text);
            fputs("'\n", out);
        }
    }
    if (fflush(out) != 0 || ferror(out)) {
        return BG_EIO;
    }
    return BG_OK;
}

/* --- JSON --- */

static void json_string(bg_buf *b, bg_str s)
{
    static const char hex[] = "0123456789abcdef";
    bg_buf_append(b, "\"", 1);
    size_t run = 0; /* bytes copied verbatim in one append */
    for (size_t i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.ptr[i];
        const char *esc = NULL;
        char u[7];
        size_t esc_len = 2;
        if (c == '"') {
            esc = "\\\"";
        } else if (c == '\\') {
            esc = "\\\\";
        } else if (c == '\n') {
            esc = "\\n";
        } else if (c == '\t') {
            esc = "\\t";
        } else if (c == '\r') {
            esc = "\\r";
        } else if (c == '\b') {
            esc = "\\b";
        } else if (c == '\f') {
            esc = "\\f";
        } else if (c < 0x20 || c == 0x7F) {
            memcpy(u, "\\u00", 4);
            u[4] = hex[c >> 4];
            u[5] = hex[c & 15];
            esc = u;
            esc_len = 6;
        } else if (c == 0xE2 && i + 2 < s.len && (unsigned char)s.ptr[i + 1] == 0x80 &&
                   ((unsigned char)s.ptr[i + 2] == 0xA8 || (unsigned char)s.ptr[i + 2] == 0xA9)) {
            /* U+2028/U+2029 are valid JSON but end lines in JavaScript. */
            esc = (unsigned char)s.ptr[i + 2] == 0xA8 ? "\\u2028" : "\\u2029";
            esc_len = 6;
        }
        if (!esc) {
            run++;
            continue;
        }
        bg_buf_append(b, s.ptr + i - run, run);
        run = 0;
        bg_buf_append(b, esc, esc_len);
        if (esc_len == 6 && c == 0xE2) {
            i += 2;
        }
    }
    bg_buf_append(b, s.ptr + s.len - run, run);
    bg_buf_append(b, "\"", 1);
}

static void json_cstr(bg_buf *b, const char *s)
{
    json_string(b, bg_str_from(s ? s : ""));
}

static void json_point(bg_buf *b, const bg_point_list *pts, const bg_point *p, bool explain)
{
    bg_buf_puts(b, "{\"text\":");
    json_string(b, p->s->text);
    bg_buf_puts(b, ",\"category\":");
    json_string(b, pts->categories[p->category]);
    bg_buf_printf(b, ",\"score\":%.2f,\"source\":", p->score);
    json_cstr(b, source_of(pts, p->s)->path);
    bg_buf_printf(b, ",\"line\":%u,\"col\":%u,\"also\":[", (unsigned)p->s->loc.line,
                  (unsigned)p->s->loc.col);
    for (size_t k = 0; k < p->n_also; k++) {
        bg_buf_puts(b, k ? ",{\"source\":" : "{\"source\":");
        json_cstr(b, source_of(pts, p->also[k])->path);
        bg_buf_printf(b, ",\"line\":%u}", (unsigned)p->also[k]->loc.line);
    }
    bg_buf_puts(b, "],\"facts\":[");
    for (size_t f = 0; f < p->n_facts; f++) {
        bg_buf_puts(b, f ? ",{\"kind\":" : "{\"kind\":");
        json_cstr(b, bg_fact_kind_name(p->facts[f].kind));
        bg_buf_puts(b, ",\"text\":");
        json_string(b, p->facts[f].text);
        bg_buf_puts(b, ",\"value\":");
        json_cstr(b, p->facts[f].norm);
        bg_buf_puts(b, "}");
    }
    bg_buf_puts(b, "],\"antecedent\":");
    if (p->antecedent) {
        json_string(b, p->antecedent->text);
    } else {
        bg_buf_puts(b, "null");
    }
    bg_buf_puts(b, ",\"short\":");
    if (p->brief) {
        json_string(b, p->brief->text);
    } else {
        bg_buf_puts(b, "null");
    }
    bg_buf_puts(b, ",\"rules\":[");
    for (size_t r = 0; r < p->n_fired; r++) {
        const bg_rule_info *info = &pts->rules[p->fired[r]];
        bg_buf_puts(b, r ? ",{\"name\":" : "{\"name\":");
        json_cstr(b, info->name);
        bg_buf_printf(b, ",\"weight\":%.2f", p->fired_weight[r]);
        if (explain) {
            bg_buf_puts(b, ",\"file\":");
            json_cstr(b, info->loc.path);
            bg_buf_printf(b, ",\"line\":%u,\"col\":%u", (unsigned)info->loc.line,
                          (unsigned)info->loc.col);
        }
        bg_buf_puts(b, "}");
    }
    bg_buf_puts(b, "]}");
}

bg_status bg_report_json(const bg_point_list *pts, bool explain, bg_buf *out)
{
    bg_buf_puts(out, "{\"points\":[");
    for (size_t i = 0; i < pts->n; i++) {
        bg_buf_puts(out, i ? ",\n" : "\n");
        json_point(out, pts, &pts->items[i], explain);
    }
    bg_buf_puts(out, pts->n ? "\n]}\n" : "]}\n");
    return out->failed ? BG_ENOMEM : BG_OK;
}
