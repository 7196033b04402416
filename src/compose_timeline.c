/* Compose, pass 2 for the sections built from dated facts (compose_select.c's fact
 * picks): a timeline (one entry per fact, its date as the label) and a table (figure, kind
 * and context per row, a row repeating an earlier section's point pointing to it). */
#include "compose_int.h"

bg_status bg_compose_emit_timeline(composer *c, const bg_section *sec, uint32_t si,
                                   const section_pick *pick)
{
    for (size_t i = 0; i < pick->n_facts; i++) {
        const fact_pick *fp = &pick->facts[i];
        double score = sec->is_required ? BG_SCORE_KEEP
                       : fp->is_full    ? fp->p->score
                                        : fp->p->score * 0.5;
        bg_doc_block *b = bg_compose_add_block(c, BG_DOC_ITEM, BG_STYLE_BODY, si, score);
        bg_str ctx = fp->is_full ? bg_compose_undated(c->a, fp->p->s->text, fp->f->text)
                                 : bg_compose_lead(c->a, fp->p->s->text, fp->f->text);
        if (b) {
            b->is_on_rule = sec->is_figure;
        }
        if (!b ||
            !bg_compose_inline_text(c, &b->label, bg_compose_date_label(c->a, fp->f),
                                    BG_STYLE_LABEL, NULL) ||
            !bg_compose_inline_text(c, &b->text, ctx, BG_STYLE_BODY, fp->p->s) ||
            !bg_compose_add_cites(c, &b->text, fp->p)) {
            return BG_ENOMEM;
        }
        if (c->t->is_shortening && fp->is_full && fp->p->brief) {
            bg_str brief = bg_compose_undated(c->a, fp->p->brief->text, fp->f->text);
            if (!bg_compose_inline_text(c, &b->brief, brief, BG_STYLE_BODY, fp->p->s) ||
                !bg_compose_add_cites(c, &b->brief, fp->p)) {
                return BG_ENOMEM;
            }
        }
    }
    return BG_OK;
}

/* A table row whose sentence an earlier section printed whole points to it ("see
 * Timeline, 2010–2013") instead of repeating it; without a heading to name, the clause
 * around the figure. The table is dropped before any entry it points to (table_score). */
static bg_str table_context(composer *c, const fact_pick *fp)
{
    if (fp->is_full) {
        return fp->p->s->text;
    }
    size_t idx = (size_t)(fp->p - c->pts->items);
    uint32_t si = c->shown_sec[idx];
    bg_str heading = si ? c->t->sections[si - 1].heading : (bg_str){NULL, 0};
    if (heading.len == 0) {
        return bg_compose_clause(c->a, fp->p->s->text, fp->f->text);
    }
    bg_str date =
        c->shown_date[idx] ? bg_compose_date_label(c->a, c->shown_date[idx]) : (bg_str){"", 0};
    char *text = bg_arena_printf(c->a, "see %.*s%s%.*s", (int)heading.len, heading.ptr,
                                 date.len ? ", " : "", (int)date.len, date.ptr ? date.ptr : "");
    return text ? bg_str_from(text) : (bg_str){NULL, 0};
}

/* A table goes with its weakest row: the lowest score of its rows' points. A row that
 * points to a timeline entry has that entry's point, and the table comes later in the
 * document (dropped first on a tie), so it is never left pointing at a dropped entry. */
static double table_score(const section_pick *pick)
{
    double score = BG_SCORE_KEEP;
    for (size_t i = 0; i < pick->n_facts; i++) {
        score = pick->facts[i].p->score < score ? pick->facts[i].p->score : score;
    }
    return score;
}

bg_status bg_compose_emit_table(composer *c, const bg_section *sec, uint32_t si,
                                const section_pick *pick)
{
    if (pick->n_facts == 0) {
        return BG_OK;
    }
    double score = sec->is_required ? BG_SCORE_KEEP : table_score(pick);
    bg_doc_block *b = bg_compose_add_block(c, BG_DOC_TABLE, BG_STYLE_TABLE, si, score);
    if (!b) {
        return BG_ENOMEM;
    }
    b->n_cols = 3;
    b->n_rows = pick->n_facts + 1;
    b->cells = bg_arena_array(c->a, b->n_rows * b->n_cols, sizeof(bg_inline));
    b->col_weight = bg_arena_array(c->a, b->n_cols, sizeof(double));
    if (!b->cells || !b->col_weight) {
        return BG_ENOMEM;
    }
    b->col_weight[0] = 1.2;
    b->col_weight[1] = 0.8;
    b->col_weight[2] = 3.0;
    static const char *const head[3] = {"Figure", "Kind", "Context"};
    for (size_t k = 0; k < 3; k++) {
        if (!bg_compose_inline_text(c, &b->cells[k], bg_str_from(head[k]), BG_STYLE_LABEL, NULL)) {
            return BG_ENOMEM;
        }
    }
    for (size_t i = 0; i < pick->n_facts; i++) {
        const fact_pick *fp = &pick->facts[i];
        bg_inline *row = &b->cells[(i + 1) * 3];
        bg_str value =
            fp->f->kind == BG_FACT_DATE ? bg_compose_date_label(c->a, fp->f) : fp->f->text;
        bg_str ctx = table_context(c, fp);
        if (!ctx.ptr) {
            return BG_ENOMEM;
        }
        if (!bg_compose_inline_text(c, &row[0], value, BG_STYLE_TABLE, fp->p->s) ||
            !bg_compose_inline_text(c, &row[1], bg_str_from(bg_fact_kind_name(fp->f->kind)),
                                    BG_STYLE_TABLE, NULL) ||
            !bg_compose_inline_text(c, &row[2], ctx, BG_STYLE_TABLE, fp->p->s) ||
            !bg_compose_add_cites(c, &row[2], fp->p)) {
            return BG_ENOMEM;
        }
    }
    return BG_OK;
}
