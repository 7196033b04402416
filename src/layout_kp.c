/* Line breaking, second step: the Knuth–Plass item list (layout_kp.h) → the best breaks.
 * Knuth & Plass, "Breaking paragraphs into lines", Software—Practice and Experience 11
 * (1981): total-fit with fitness classes and flagged (hyphen) penalties; layout_line.c
 * runs the passes with escalating tolerance (no hyphens; hyphens; hyphens + looser), then
 * an emergency pass that always ends, with an overfull line if it must. */
#include <math.h>
#include <stdlib.h>

#include "layout_kp.h"

#define KP_LINE_PENALTY 10.0
#define KP_FLAGGED_DEMERITS 3000.0
#define KP_FITNESS_DEMERITS 3000.0

static bool push_node(lay_ctx *c, kp_state *k, const kp_node *node, size_t *index)
{
    kp_node *p = bg_arena_room(c->a, k->nodes, k->n_nodes, &k->cap_nodes, 64, sizeof(*p));
    if (!p) {
        return false;
    }
    k->nodes = p;
    k->nodes[k->n_nodes] = *node;
    *index = k->n_nodes++;
    return true;
}

static bool push_active(lay_ctx *c, size_t **list, size_t *n, size_t *cap, size_t v)
{
    size_t *p = bg_arena_room(c->a, *list, *n, cap, 64, sizeof(*p));
    if (!p) {
        return false;
    }
    *list = p;
    (*list)[(*n)++] = v;
    return true;
}

static int fitness_of(double r)
{
    if (r < -0.5) {
        return 0;
    }
    if (r <= 0.5) {
        return 1;
    }
    if (r <= 1.0) {
        return 2;
    }
    return 3;
}

/* Totals after a break at @b: skip the glue and penalties that vanish at a break. */
static void totals_after(const kp_state *k, size_t b, double *tw, double *ty, double *tz)
{
    *tw = k->sw[b];
    *ty = k->sy[b];
    *tz = k->sz[b];
    for (size_t i = b; i < k->n_items; i++) {
        const kp_item *it = &k->items[i];
        if (it->type == IT_BOX) {
            break;
        }
        if (it->type == IT_PEN && it->penalty <= -KP_INF_PENALTY && i > b) {
            break;
        }
        if (it->type == IT_GLUE) {
            *tw += it->w;
            *ty += it->st;
            *tz += it->sh;
        }
    }
}

double bg_layout_kp_line_length(const lay_par *par, size_t line)
{
    return par->right_pt - (line == 0 ? par->first_x_pt : par->rest_x_pt);
}

/* One pass of total-fit breaking with tolerance @tol (max stretch ratio; (double)INFINITY =
 * emergency). Returns the best final node, or SIZE_MAX when no feasible set of breaks. */
bg_status bg_layout_kp_pass(lay_ctx *c, kp_state *k, const lay_par *par, double tol,
                            bool use_flagged, size_t *best_out)
{
    *best_out = SIZE_MAX;
    k->n_nodes = 0;
    k->n_active = 0;
    size_t first = 0;
    kp_node start = {0, 0, 1, 0, 0, 0, 0, SIZE_MAX};
    if (!push_node(c, k, &start, &first) ||
        !push_active(c, &k->active, &k->n_active, &k->cap_active, first)) {
        return BG_ENOMEM;
    }
    for (size_t b = 0; b < k->n_items; b++) {
        const kp_item *it = &k->items[b];
        bool legal = false;
        double pen = 0.0;
        double pen_w = 0.0;
        if (it->type == IT_GLUE) {
            legal = b > 0 && k->items[b - 1].type == IT_BOX;
        } else if (it->type == IT_PEN) {
            legal = it->penalty < KP_INF_PENALTY &&
                    (use_flagged || !it->is_flagged || it->penalty <= -KP_INF_PENALTY);
            pen = it->penalty;
            pen_w = it->w;
        }
        if (!legal) {
            continue;
        }
        bool forced = pen <= -KP_INF_PENALTY;
        double best_d[4] = {(double)INFINITY, (double)INFINITY, (double)INFINITY, (double)INFINITY};
        size_t best_a[4] = {SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX};
        size_t n_keep = 0;
        size_t last_dropped = SIZE_MAX;
        for (size_t ai = 0; ai < k->n_active; ai++) {
            size_t a = k->active[ai];
            const kp_node *node = &k->nodes[a];
            double len = k->sw[b] - node->tw + pen_w;
            double l = bg_layout_kp_line_length(par, node->line);
            double r;
            if (len < l) {
                double y = k->sy[b] - node->ty + (it->is_ragged ? k->rag_pt : k->rag);
                r = y > 0 ? (l - len) / y : (double)INFINITY;
            } else if (len > l) {
                double z = k->sz[b] - node->tz;
                r = z > 0 ? (l - len) / z : -(double)INFINITY;
            } else {
                r = 0.0;
            }
            bool keep = true;
            if (r < -1.0 || forced) {
                keep = false;
                last_dropped = a;
            }
            if (r >= -1.0 && r <= tol) {
                double bad = isinf(r) ? 1e7 : 100.0 * fabs(r) * fabs(r) * fabs(r);
                if (bad > 10000.0 && !isinf(tol)) {
                    bad = 10000.0;
                }
                double dm = (KP_LINE_PENALTY + bad) * (KP_LINE_PENALTY + bad);
                if (pen >= 0) {
                    dm += pen * pen;
                } else if (!forced) {
                    dm -= pen * pen;
                }
                const kp_item *prev_item = &k->items[node->pos];
                if (it->type == IT_PEN && it->is_flagged && node->pos > 0 &&
                    prev_item->type == IT_PEN && prev_item->is_flagged) {
                    dm += KP_FLAGGED_DEMERITS;
                }
                int fit = fitness_of(r);
                if (abs(fit - node->fitness) > 1) {
                    dm += KP_FITNESS_DEMERITS;
                }
                dm += node->demerits;
                if (dm < best_d[fit]) {
                    best_d[fit] = dm;
                    best_a[fit] = a;
                }
            }
            if (keep) {
                k->active[n_keep++] = a;
            }
        }
        k->n_active = n_keep;
        bool any = false;
        double tw = 0;
        double ty = 0;
        double tz = 0;
        totals_after(k, b, &tw, &ty, &tz);
        for (int fit = 0; fit < 4; fit++) {
            if (best_a[fit] == SIZE_MAX) {
                continue;
            }
            any = true;
            kp_node nn = {b,          k->nodes[best_a[fit]].line + 1, fit, tw, ty, tz, best_d[fit],
                          best_a[fit]};
            size_t idx = 0;
            if (!push_node(c, k, &nn, &idx) ||
                !push_active(c, &k->active, &k->n_active, &k->cap_active, idx)) {
                return BG_ENOMEM;
            }
        }
        if (!any && k->n_active == 0 && last_dropped != SIZE_MAX && isinf(tol)) {
            /* Emergency: nothing fits (a single glyph wider than the line). Break here from
             * the last node so layout always terminates; the line is overfull. */
            kp_node nn = {b,  k->nodes[last_dropped].line + 1,       1,           tw, ty,
                          tz, k->nodes[last_dropped].demerits + 1e9, last_dropped};
            size_t idx = 0;
            if (!push_node(c, k, &nn, &idx) ||
                !push_active(c, &k->active, &k->n_active, &k->cap_active, idx)) {
                return BG_ENOMEM;
            }
        }
        if (k->n_active == 0) {
            return BG_OK;
        }
        if (forced) {
            break;
        }
    }
    double best = (double)INFINITY;
    for (size_t ai = 0; ai < k->n_active; ai++) {
        size_t a = k->active[ai];
        if (k->nodes[a].pos == k->n_items - 1 && k->nodes[a].demerits < best) {
            best = k->nodes[a].demerits;
            *best_out = a;
        }
    }
    return BG_OK;
}
