/*
 * quote.c -- a quote a forwarder can paste or send: one page, Markdown
 * (GitHub-flavoured tables) or HTML (self-contained: inline CSS, no
 * scripts), with the route in words, the legs and stops, the totals and
 * the cost per box, what the figures include and what they leave out, the
 * data date, the restriction regimes in force and the assumptions the
 * route rests on, each with its source and the leg or stop it belongs to.
 *
 * Every text from the data passes through one escaping function per
 * format (md_text, html_text), so a name holding <, &, quotes, | or * is
 * shown as written and never becomes markup.
 *
 * The box: every figure is per the query's box (box.h: a TEU for a 20');
 * box_label() is the one place that names it.
 *
 * Cost: O(path length) per route, plus O(links) for the data date and
 * O(nodes) per passage named in words.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/simulate.h"
#include "corridor/text.h"
#include "internal.h"
#include "../core/alloc.h" /* last: maps malloc & co. to the counted wrappers */

/* ---- route in words -------------------------------------------------- */

typedef struct sbuf {
    char *buf;
    size_t size, len; /* len: what it needed (may exceed size) */
} sbuf;

static void sb_add(sbuf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->size && b->len < b->size - 1) {
        char *dst = b->buf + b->len;
        size_t room = b->size - b->len; /* with the NUL */
        cor_text_copy(dst, room, s);
    }
    b->len += n;
}

/* What a mode class is called in words. */
static const char *mode_word(const cor_class *c)
{
    switch (c->mode) {
    case COR_MODE_SEA: return "sea";
    case COR_MODE_FEEDER: return "feeder";
    case COR_MODE_RAIL: return "rail";
    case COR_MODE_ROAD: return "truck";
    case COR_MODE_FERRY: return strncmp(c->name, "ferry", 5) == 0 && c->name[5] ? "rail ferry" : "ferry";
    case COR_MODE_IWW: return "barge";
    case COR_MODE_COUNT: break;
    }
    return "?";
}

static int is_waypoint(const cor_node *n)
{
    return strcmp(n->kind, "waypoint") == 0 || !n->country[0];
}

static int is_station(const cor_node *n)
{
    return strcmp(n->kind, "port") == 0 || strcmp(n->kind, "rail") == 0 || strcmp(n->kind, "dryport") == 0;
}

/* The "via" places of legs [l0, l1): see cor_route_in_words. */
static void part_via(const cor_itinerary *it, uint32_t l0, uint32_t l1, sbuf *b)
{
    const cor_graph *g = it->g;
    const cor_network *net = g->net;
    const char *c0 = cor_network_node(net, it->legs[l0].from)->country;
    const char *c1 = cor_network_node(net, it->legs[l1 - 1].to)->country;
    /* the places strictly between the part's ends, in order */
    uint32_t first = it->legs[l0].first_arc, last = it->legs[l1 - 1].first_arc + it->legs[l1 - 1].narcs;
    int any = 0;
    for (uint32_t i = first; i + 1 < last; i++) {
        const cor_node *n = cor_network_node(net, g->state_node[g->head[it->path.arcs[i]]]);
        if (is_waypoint(n) || strcmp(n->country, c0) == 0 || strcmp(n->country, c1) == 0)
            continue;
        /* first time this country appears? */
        int seen = 0;
        for (uint32_t k = first; k < i && !seen; k++) {
            const cor_node *m = cor_network_node(net, g->state_node[g->head[it->path.arcs[k]]]);
            seen = !is_waypoint(m) && strcmp(m->country, n->country) == 0;
        }
        if (seen)
            continue;
        /* its first station, port or depot, else n */
        const cor_node *pick = n;
        for (uint32_t k = i; k + 1 < last; k++) {
            const cor_node *m = cor_network_node(net, g->state_node[g->head[it->path.arcs[k]]]);
            if (strcmp(m->country, n->country) == 0 && is_station(m)) {
                pick = m;
                break;
            }
        }
        sb_add(b, any ? ", " : " via ");
        sb_add(b, pick->name);
        any = 1;
    }
    uint64_t pm = 0;
    for (uint32_t i = first; i < last; i++)
        pm |= it->views[i].passages;
    any = 0;
    for (uint32_t p = 0; p < cor_network_passage_count(net); p++) {
        if (!(pm >> p & 1u))
            continue;
        sb_add(b, any ? ", " : " through ");
        sb_add(b, cor_network_passage(net, p));
        any = 1;
    }
}

size_t cor_route_in_words(const cor_itinerary *it, char *buf, size_t size)
{
    sbuf b = {buf, size, 0};
    if (size)
        buf[0] = '\0';
    const cor_network *net = it->g->net;
    for (uint32_t l0 = 0; l0 < it->nlegs;) {
        const cor_class *c = cor_network_class(net, it->legs[l0].cls);
        const char *w = mode_word(c);
        uint32_t l1 = l0 + 1;
        while (l1 < it->nlegs && it->legs[l1].generic == it->legs[l0].generic &&
               strcmp(mode_word(cor_network_class(net, it->legs[l1].cls)), w) == 0)
            l1++;
        sb_add(&b, l0 == 0 ? "By " : ", ");
        sb_add(&b, w);
        if (it->legs[l0].generic)
            sb_add(&b, " (generic: no scheduled service)");
        if (l0 == 0) {
            sb_add(&b, " from ");
            sb_add(&b, cor_network_node(net, it->legs[0].from)->name);
        }
        part_via(it, l0, l1, &b);
        /* the gauge changes inside the part */
        uint32_t ng = 0;
        for (uint32_t k = 0; k < it->nstops; k++) {
            const cor_stop *st = &it->stops[k];
            if (st->kind != COR_STOP_GAUGE_CHANGE || st->seq < it->legs[l0].seq || st->seq > it->legs[l1 - 1].seq)
                continue;
            sb_add(&b, ng++ ? ", " : " (gauge change at ");
            sb_add(&b, cor_network_node(net, st->node)->name);
        }
        if (ng)
            sb_add(&b, ")");
        sb_add(&b, " to ");
        sb_add(&b, cor_network_node(net, it->legs[l1 - 1].to)->name);
        l0 = l1;
    }
    return b.len;
}

void cor_data_date(const cor_network *net, char *buf, size_t size)
{
    const char *best = "";
    for (uint32_t i = 0; i < cor_network_link_count(net); i++) {
        const char *d = cor_network_link(net, i)->status_as_of;
        if (d && strcmp(d, best) > 0)
            best = d;
    }
    cor_text_copy(buf, size, best);
}

int cor_source_is_assumption(const char *s)
{
    static const char *const stems[] = {"assum", "derived", "proxy", "estimat"};
    if (!s)
        return 0;
    for (const char *p = s; *p; p++) {
        if (p != s && ((p[-1] >= 'a' && p[-1] <= 'z') || (p[-1] >= 'A' && p[-1] <= 'Z')))
            continue; /* not the start of a word */
        for (size_t k = 0; k < sizeof stems / sizeof *stems; k++)
            if (strncasecmp(p, stems[k], strlen(stems[k])) == 0)
                return 1;
    }
    return 0;
}

/* ---- a page in md or html --------------------------------------------- */

typedef struct page {
    FILE *out;
    int html;
    int e;
} page;

static void raw(page *p, const char *s)
{
    if (fputs(s, p->out) == EOF)
        p->e = 1;
}

/* Text from anywhere, escaped for the format (control characters made
 * visible first). */
static void text(page *p, const char *s)
{
    size_t n = strlen(s) * 9 + 16; /* the longest escape is 8 bytes ("<U+202E>") */
    char stackbuf[2048], *b = n <= sizeof stackbuf ? stackbuf : malloc(n);
    if (!b) {
        p->e = 1;
        return;
    }
    cor_text_display(s, b, n, 0);
    for (const char *c = b; *c && !p->e; c++) {
        const char *rep = NULL;
        if (p->html) {
            switch (*c) {
            case '&': rep = "&amp;"; break;
            case '<': rep = "&lt;"; break;
            case '>': rep = "&gt;"; break;
            case '"': rep = "&quot;"; break;
            case '\'': rep = "&#39;"; break;
            default: break;
            }
        } else if (strchr("\\`*[]<>|&~", *c) ||
                   (*c == '_' && !(c > b && isalnum((unsigned char)c[-1]) && isalnum((unsigned char)c[1])))) {
            /* CommonMark: any ASCII punctuation may be escaped; these
             * could start markup (an underscore inside a word cannot) */
            if (fputc('\\', p->out) == EOF)
                p->e = 1;
        }
        if (rep)
            raw(p, rep);
        else if (fputc(*c, p->out) == EOF)
            p->e = 1;
    }
    if (b != stackbuf)
        free(b);
}

static void textf(page *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void textf(page *p, const char *fmt, ...)
{
    char b[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b, sizeof b, fmt, ap);
    va_end(ap);
    text(p, b);
}

static void heading(page *p, int level, const char *s)
{
    if (p->html) {
        char t[8];
        snprintf(t, sizeof t, "<h%d>", level);
        raw(p, t);
        text(p, s);
        snprintf(t, sizeof t, "</h%d>\n", level);
        raw(p, t);
    } else {
        for (int i = 0; i < level; i++)
            raw(p, "#");
        raw(p, " ");
        text(p, s);
        raw(p, "\n\n");
    }
}

static void para_begin(page *p)
{
    raw(p, p->html ? "<p>" : "");
}

static void para_end(page *p)
{
    raw(p, p->html ? "</p>\n" : "\n\n");
}

static void bold_begin(page *p)
{
    raw(p, p->html ? "<strong>" : "**");
}

static void bold_end(page *p)
{
    raw(p, p->html ? "</strong>" : "**");
}

static void list_begin(page *p)
{
    raw(p, p->html ? "<ul>\n" : "");
}

static void item_begin(page *p)
{
    raw(p, p->html ? "<li>" : "- ");
}

static void item_end(page *p)
{
    raw(p, p->html ? "</li>\n" : "\n");
}

static void list_end(page *p)
{
    raw(p, p->html ? "</ul>\n" : "\n");
}

/* align: one letter per column, 'l' or 'r'. */
static void table_begin(page *p, const char *const *head, const char *align, size_t ncols)
{
    if (p->html) {
        raw(p, "<table>\n<thead><tr>");
        for (size_t i = 0; i < ncols; i++) {
            raw(p, align[i] == 'r' ? "<th class=\"num\">" : "<th>");
            text(p, head[i]);
            raw(p, "</th>");
        }
        raw(p, "</tr></thead>\n<tbody>\n");
        return;
    }
    raw(p, "|");
    for (size_t i = 0; i < ncols; i++) {
        raw(p, " ");
        text(p, head[i]);
        raw(p, " |");
    }
    raw(p, "\n|");
    for (size_t i = 0; i < ncols; i++)
        raw(p, align[i] == 'r' ? "---:|" : "---|");
    raw(p, "\n");
}

static void table_row(page *p, const char *const *cells, const char *align, size_t ncols, int strong)
{
    raw(p, p->html ? (strong ? "<tr class=\"total\">" : "<tr>") : "|");
    for (size_t i = 0; i < ncols; i++) {
        if (p->html)
            raw(p, align[i] == 'r' ? "<td class=\"num\">" : "<td>");
        else
            raw(p, " ");
        if (strong && cells[i][0])
            bold_begin(p);
        text(p, cells[i]);
        if (strong && cells[i][0])
            bold_end(p);
        raw(p, p->html ? "</td>" : " |");
    }
    raw(p, p->html ? "</tr>\n" : "\n");
}

static void table_end(page *p)
{
    raw(p, p->html ? "</tbody>\n</table>\n" : "\n");
}

/* ---- the parts of a quote --------------------------------------------- */

/* What the figures are per: the box (one place to change when a query
 * carries its box). */
static const char *box_label(const cor_query *q)
{
    return q->box.set ? q->box.label : "TEU (20' box)";
}

static const char *g(double v, int prec, char *b, size_t n)
{
    return cor_report_grouped(v, prec, b, n);
}

static void totals_sentence(page *p, const cor_itinerary *it)
{
    const cor_totals *t = &it->totals;
    char b1[32], b2[32], b3[32], b4[32], rg[96] = "";
    double p50, p95; /* the range beside the mean: a simulation of the route (simulate.h) */
    cor_itinerary_days_range(it, &p50, &p95);
    if (!isnan(p50))
        snprintf(rg, sizeof rg, " (P50 %.1f, P95 %.1f days in %u simulated runs)", p50, p95, COR_RANGE_RUNS);
    textf(p, "%s days door to door%s, USD %s per %s, %s kg CO2e per %s (well to wheel), %s km",
          g(t->hours / 24, 1, b1, sizeof b1), rg, g(t->cost_usd, 0, b2, sizeof b2), box_label(it->q),
          g(t->co2e_kg, 0, b3, sizeof b3), cor_box_unit(cor_query_box(it->q)), g(t->distance_km, 0, b4, sizeof b4));
}

/* ---- first and last mile (access.h): a road leg the network does not
 * model, from or to a city; shown as a row, a cost line, an inclusion and
 * an assumption, always with its method. */

static void access_what(const cor_itinerary *it, const cor_access_leg *l, char *b, size_t n)
{
    const char *node = cor_network_node(it->g->net, l->node)->name;
    snprintf(b, n, "%s → %s (%s mile by road: " COR_ACCESS_METHOD ")", l->last ? node : l->city,
             l->last ? l->city : node, l->last ? "last" : "first");
}

static void access_row(page *p, const cor_itinerary *it, const cor_access_leg *l, uint32_t seq)
{
    if (!l->present)
        return;
    char what[1200], sq[16], b1[32], b2[32], b3[32], b4[32];
    access_what(it, l, what, sizeof what);
    snprintf(sq, sizeof sq, "%u", seq);
    const char *row[] = {sq, what, "road", g(l->distance_km, 0, b1, sizeof b1), g(l->hours, 1, b2, sizeof b2),
                         g(l->cost_usd, 0, b3, sizeof b3), g(l->co2e_kg, 0, b4, sizeof b4)};
    table_row(p, row, "rllrrrr", 7, 0);
}

static void access_sentences(page *p, const cor_itinerary *it, int last)
{
    const cor_access_leg *l = last ? &it->last_mile : &it->first_mile;
    if (!l->present)
        return;
    const char *node = cor_network_node(it->g->net, l->node)->name;
    textf(p, "%sy road from %s to %s (%s mile, an assumed road)%s", last ? " B" : "B", last ? node : l->city,
          last ? l->city : node, last ? "last" : "first", last ? "." : ". ");
}

static void access_assumptions(page *p, const cor_itinerary *it, int *any)
{
    for (int k = 0; k < 2; k++) {
        const cor_access_leg *l = k ? &it->last_mile : &it->first_mile;
        if (!l->present)
            continue;
        char what[1200], b1[32];
        access_what(it, l, what, sizeof what);
        if (!*any)
            list_begin(p);
        *any = 1;
        item_begin(p);
        textf(p, "Leg %u, ", k ? it->last_mile_seq : it->first_mile_seq);
        text(p, what);
        textf(p, ": %s (GeoNames %u) is not a network node; the distance is the great circle (%s km) x %.1f, the "
                 "world-average road circuity of Ballou, Rahardja and Sakai (2002), not a modelled road; the "
                 "road's speed, rate (%s) and emission factor",
              l->city, (unsigned)l->geonameid, g(l->great_circle_km, 0, b1, sizeof b1), l->circuity, l->rate_basis);
        item_end(p);
    }
}

static void words(page *p, const cor_itinerary *it)
{
    size_t n = cor_route_in_words(it, NULL, 0) + 1;
    char *w = malloc(n);
    if (!w) {
        p->e = 1;
        return;
    }
    cor_route_in_words(it, w, n);
    access_sentences(p, it, 0); /* first mile */
    text(p, w);
    text(p, ".");
    access_sentences(p, it, 1); /* last mile */
    free(w);
}

static void stop_what(const cor_itinerary *it, const cor_stop *s, char *b, size_t n)
{
    const cor_network *net = it->g->net;
    const char *name = cor_network_node(net, s->node)->name;
    if (s->kind == COR_STOP_BORDER)
        snprintf(b, n, "%s: border crossing %s (%s)", name, cor_network_border(net, s->ref)->name,
                 cor_network_border(net, s->ref)->countries);
    else if (s->kind == COR_STOP_TERMINAL)
        snprintf(b, n, "%s: terminal handling (%s)", name, cor_network_class(net, s->to_cls)->name);
    else
        snprintf(b, n, "%s: %s %s to %s", name,
                 s->kind == COR_STOP_PORT ? "port handling" : s->kind == COR_STOP_GAUGE_CHANGE ? "gauge change"
                                                                                             : "transfer",
                 cor_network_class(net, s->from_cls)->name, cor_network_class(net, s->to_cls)->name);
}

static void leg_what(const cor_itinerary *it, const cor_leg *l, char *b, size_t n)
{
    const cor_network *net = it->g->net;
    snprintf(b, n, "%s → %s%s", cor_network_node(net, l->from)->name, cor_network_node(net, l->to)->name,
             l->generic ? " (generic sea: no scheduled service)" : "");
}

static void legs_table(page *p, const cor_itinerary *it)
{
    const cor_network *net = it->g->net;
    char unit[160];
    snprintf(unit, sizeof unit, "USD per %s", box_label(it->q));
    const char *head[] = {"#", "Leg / stop", "Mode", "km", "Hours", unit, "kg CO2e"};
    const char *align = "rllrrrr";
    table_begin(p, head, align, 7);
    uint32_t li = 0, si = 0;
    char what[1200], seq[16], b1[32], b2[32], b3[32], b4[32];
    access_row(p, it, &it->first_mile, it->first_mile_seq); /* first mile */
    while (li < it->nlegs || si < it->nstops) {
        int leg = si >= it->nstops || (li < it->nlegs && it->legs[li].seq < it->stops[si].seq);
        if (leg) {
            const cor_leg *l = &it->legs[li++];
            leg_what(it, l, what, sizeof what);
            snprintf(seq, sizeof seq, "%u", l->seq);
            const char *row[] = {seq, what, cor_network_class(net, l->cls)->name,
                                 g(l->distance_km, 0, b1, sizeof b1), g(l->hours, 1, b2, sizeof b2),
                                 g(l->cost_usd, 0, b3, sizeof b3), g(l->co2e_kg, 0, b4, sizeof b4)};
            table_row(p, row, align, 7, 0);
        } else {
            const cor_stop *s = &it->stops[si++];
            stop_what(it, s, what, sizeof what);
            snprintf(seq, sizeof seq, "%u", s->seq);
            const char *row[] = {seq, what, "", "", g(s->hours, 1, b2, sizeof b2), g(s->cost_usd, 0, b3, sizeof b3),
                                 g(s->co2e_kg, 0, b4, sizeof b4)};
            table_row(p, row, align, 7, 0);
        }
    }
    access_row(p, it, &it->last_mile, it->last_mile_seq); /* last mile */
    const cor_totals *t = &it->totals;
    const char *row[] = {"", "Total", "", g(t->distance_km, 0, b1, sizeof b1), g(t->hours, 1, b2, sizeof b2),
                         g(t->cost_usd, 0, b3, sizeof b3), g(t->co2e_kg, 0, b4, sizeof b4)};
    table_row(p, row, align, 7, 1);
    table_end(p);
}

static void cost_table(page *p, const cor_itinerary *it)
{
    const cor_totals *t = &it->totals;
    double leg_usd = 0;
    for (uint32_t i = 0; i < it->nlegs; i++)
        leg_usd += it->legs[i].cost_usd;
    char unit[160], b[4][32], what[4][128];
    snprintf(unit, sizeof unit, "USD per %s", box_label(it->q));
    const char *head[] = {"Cost", unit};
    table_begin(p, head, "lr", 2);
    snprintf(what[0], sizeof what[0], "Line haul on %u leg%s (rate x distance)", it->nlegs, it->nlegs == 1 ? "" : "s");
    const char *r0[] = {what[0], g(leg_usd - t->leg_fixed_usd, 0, b[0], sizeof b[0])};
    table_row(p, r0, "lr", 2, 0);
    const char *r1[] = {"Fixed fees and dues on the legs (canal and strait transits, service fees)",
                        g(t->leg_fixed_usd, 0, b[1], sizeof b[1])};
    table_row(p, r1, "lr", 2, 0);
    snprintf(what[2], sizeof what[2], "Handling at %u stop%s (terminals, ports, transfers, gauge changes)",
             t->handlings, t->handlings == 1 ? "" : "s");
    const char *r2[] = {what[2], g(t->handling_usd, 0, b[2], sizeof b[2])};
    table_row(p, r2, "lr", 2, 0);
    snprintf(what[3], sizeof what[3], "Border fees at %u crossing%s", t->border_crossings,
             t->border_crossings == 1 ? "" : "s");
    const char *r3[] = {what[3], g(t->border_usd, 0, b[3], sizeof b[3])};
    table_row(p, r3, "lr", 2, 0);
    if (it->first_mile.present || it->last_mile.present) { /* first and last mile */
        char am[32];
        double usd = (it->first_mile.present ? it->first_mile.cost_usd : 0) +
                     (it->last_mile.present ? it->last_mile.cost_usd : 0);
        const char *ra[] = {"First and last mile by road (" COR_ACCESS_METHOD ")", g(usd, 0, am, sizeof am)};
        table_row(p, ra, "lr", 2, 0);
    }
    char tot[32];
    const char *r4[] = {"Total", g(t->cost_usd, 0, tot, sizeof tot)};
    table_row(p, r4, "lr", 2, 1);
    table_end(p);
}

/* The passages a route goes through, by name, into b ("" if none). */
static void passages_text(const cor_itinerary *it, char *b, size_t n)
{
    const cor_network *net = it->g->net;
    uint64_t pm = 0;
    for (uint32_t i = 0; i < it->path.narcs; i++)
        pm |= it->views[i].passages;
    sbuf s = {b, n, 0};
    b[0] = '\0';
    for (uint32_t k = 0; k < cor_network_passage_count(net); k++)
        if (pm >> k & 1u) {
            sb_add(&s, s.len ? ", " : "");
            sb_add(&s, cor_network_passage(net, k));
        }
}

/* What the figures include; amounts (this route's) unless `general`
 * (a page of several routes, each with its cost table). */
static void included(page *p, const cor_itinerary *it, int general)
{
    const cor_totals *t = &it->totals;
    char b[32], pass[512];
    passages_text(it, pass, sizeof pass);
    list_begin(p);
    item_begin(p);
    textf(p, "Line haul on every leg listed, at the modelled rates per %s, with the fixed fees and dues of the legs",
          box_label(it->q));
    if (!general) {
        textf(p, " (USD %s on this route", g(t->leg_fixed_usd, 0, b, sizeof b));
        if (pass[0])
            textf(p, ", including the transits through %s", pass);
        text(p, ")");
    } else {
        text(p, " (canal and strait transits among them)");
    }
    item_end(p);
    item_begin(p);
    text(p, "Handling at the stops listed: terminal handling at both ends, port handling, transfers and gauge changes");
    if (!general)
        textf(p, " (USD %s)", g(t->handling_usd, 0, b, sizeof b));
    item_end(p);
    item_begin(p);
    text(p, "Border fees at the crossings listed");
    if (!general)
        textf(p, " (USD %s)", g(t->border_usd, 0, b, sizeof b));
    item_end(p);
    for (int k = 0; k < 2; k++) { /* first and last mile */
        const cor_access_leg *l = k ? &it->last_mile : &it->first_mile;
        if (!l->present)
            continue;
        item_begin(p);
        textf(p, "The %s mile by road between %s and %s (" COR_ACCESS_METHOD ")",
              k ? "last" : "first", l->city, cor_network_node(it->g->net, l->node)->name);
        if (!general)
            textf(p, " (USD %s)", g(l->cost_usd, 0, b, sizeof b));
        item_end(p);
    }
    item_begin(p);
    text(p, "In the transit time: running time, the expected wait for each departure (half the service "
            "interval, or the wait stated for an irregular service) and the dwell at every stop");
    item_end(p);
    const cor_box_spec *bx = cor_query_box(it->q);
    if (bx->set && bx->nrules) {
        item_begin(p);
        text(p, "Each tariff scaled to the box by its rule (box_rules.csv: per TEU, or per box with a factor for a 40')");
        item_end(p);
    }
    if (bx->reefer) {
        item_begin(p);
        text(p, "For the reefer: the reefer surcharge on sea freight, plug charges at ports and terminals and the "
                "genset's fuel on land, per day of the modelled hours");
        item_end(p);
    }
    item_begin(p);
    text(p, "In the CO2e: well-to-wheel emissions of the legs and the hubs (ISO 14083 transport chain; the legs by "
            "the cargo's tonne-km)");
    if (bx->reefer) {
        text(p, ", and the reefer unit's running");
        if (!general)
            textf(p, " (%s kg)", g(t->reefer_co2e_kg, 0, b, sizeof b));
    }
    item_end(p);
    list_end(p);
}

static void excluded(page *p, const cor_itinerary *it)
{
    const cor_network *net = it->g->net;
    list_begin(p);
    item_begin(p);
    text(p, "Customs duties, import taxes and customs brokerage");
    item_end(p);
    item_begin(p);
    text(p, "Cargo insurance");
    item_end(p);
    item_begin(p);
    textf(p, "Haulage beyond the listed ends: pre-carriage to %s and on-carriage from %s",
          it->first_mile.present ? it->first_mile.city : cor_network_node(net, it->from)->name,
          it->last_mile.present ? it->last_mile.city : cor_network_node(net, it->to)->name);
    item_end(p);
    item_begin(p);
    text(p, "Demurrage, detention and storage beyond the modelled dwell times");
    item_end(p);
    item_begin(p);
    text(p, "War-risk, peak-season, emergency bunker and other surcharges not in the modelled rates");
    item_end(p);
    item_begin(p);
    text(p, "Inspections, permits, documentation and fees other than those listed");
    item_end(p);
    item_begin(p);
    text(p, "Reefer power and monitoring, out-of-gauge and dangerous-goods charges");
    item_end(p);
    list_end(p);
}

/* Item: "Leg 2, A → B (sea): links X, Y: source" for each distinct
 * source of the leg's links that is an assumption. */
static int assumptions_list(page *p, const cor_itinerary *it)
{
    const cor_graph *gr = it->g;
    const cor_network *net = gr->net;
    int any = 0;
    uint32_t li = 0, si = 0;
    char what[1200];
    access_assumptions(p, it, &any); /* first and last mile */
    while (li < it->nlegs || si < it->nstops) {
        int leg = si >= it->nstops || (li < it->nlegs && it->legs[li].seq < it->stops[si].seq);
        if (leg) {
            const cor_leg *l = &it->legs[li++];
            leg_what(it, l, what, sizeof what);
            for (uint32_t k = 0; k < l->narcs; k++) {
                const cor_link *lk = cor_network_link(net, gr->ref[it->path.arcs[l->first_arc + k]]);
                if (!cor_source_is_assumption(lk->source))
                    continue;
                int earlier = 0; /* the same source on an earlier link of the leg: listed there */
                for (uint32_t m = 0; m < k && !earlier; m++)
                    earlier = strcmp(cor_network_link(net, gr->ref[it->path.arcs[l->first_arc + m]])->source,
                                     lk->source) == 0;
                if (earlier)
                    continue;
                if (!any)
                    list_begin(p);
                any = 1;
                item_begin(p);
                textf(p, "Leg %u, ", l->seq);
                text(p, what);
                int nl = 0;
                for (uint32_t m = k; m < l->narcs; m++)
                    nl += strcmp(cor_network_link(net, gr->ref[it->path.arcs[l->first_arc + m]])->source,
                                 lk->source) == 0;
                textf(p, " (%s): link%s", cor_network_class(net, l->cls)->name, nl > 1 ? "s" : "");
                for (uint32_t m = k, w = 0; m < l->narcs; m++) {
                    const cor_link *o = cor_network_link(net, gr->ref[it->path.arcs[l->first_arc + m]]);
                    if (strcmp(o->source, lk->source) == 0) {
                        text(p, w++ ? ", " : " ");
                        text(p, o->id);
                    }
                }
                text(p, ": ");
                text(p, lk->source);
                item_end(p);
            }
        } else {
            const cor_stop *s = &it->stops[si++];
            const char *src = s->kind == COR_STOP_BORDER     ? cor_network_border(net, s->ref)->source
                              : s->kind == COR_STOP_TERMINAL ? cor_network_terminal(net, s->ref)->source
                                                             : cor_network_transfer(net, s->ref)->source;
            if (!cor_source_is_assumption(src))
                continue;
            if (!any)
                list_begin(p);
            any = 1;
            stop_what(it, s, what, sizeof what);
            item_begin(p);
            textf(p, "Stop %u, ", s->seq);
            text(p, what);
            text(p, s->kind == COR_STOP_BORDER     ? " (borders.csv): "
                    : s->kind == COR_STOP_TERMINAL ? " (terminals.csv): "
                                                   : " (transfers.csv): ");
            text(p, src);
            item_end(p);
        }
    }
    if (any)
        list_end(p);
    return any;
}

static void assumptions(page *p, const cor_itinerary *it)
{
    para_begin(p);
    text(p, "The figures of these links, stops and borders rest on assumptions or derivations (their source "
            "says assumption, assumed, derived, proxy or estimate); each is listed with the leg or stop it "
            "belongs to:");
    para_end(p);
    if (!assumptions_list(p, it)) {
        para_begin(p);
        text(p, "None: every link, stop and border of this route has a source that is not marked as an assumption.");
        para_end(p);
    }
    para_begin(p);
    text(p, "Rates, speeds and emission factors that a link does not give itself come from the network's "
            "modes.csv, rates.csv and emission_factors.csv, each with its source.");
    para_end(p);
}

/* "statuses of this route's links as of 2025-11 to 2026-06 (3 of 9 links
 * undated)": the status dates of a route's links. */
static void route_dates(const cor_itinerary *it, char *b, size_t n)
{
    const cor_network *net = it->g->net;
    const char *lo = NULL, *hi = NULL;
    uint32_t undated = 0, links = 0;
    for (uint32_t i = 0; i < it->path.narcs; i++) {
        if (it->g->kind[it->path.arcs[i]] != COR_ARC_LINK)
            continue;
        const char *d = cor_network_link(net, it->g->ref[it->path.arcs[i]])->status_as_of;
        links++;
        if (!d || !*d) {
            undated++;
            continue;
        }
        if (!lo || strcmp(d, lo) < 0)
            lo = d;
        if (!hi || strcmp(d, hi) > 0)
            hi = d;
    }
    if (!lo)
        snprintf(b, n, "no status date on this route's %u link%s", links, links == 1 ? "" : "s");
    else if (strcmp(lo, hi) == 0)
        snprintf(b, n, "statuses of this route's links as of %s (%u of %u links undated)", lo, undated, links);
    else
        snprintf(b, n, "statuses of this route's links as of %s to %s (%u of %u links undated)", lo, hi, undated,
                 links);
}

/* Facts of the query and the data: a two-column table; the status dates
 * of the route's links unless `general` (each route says its own). */
static void facts(page *p, const cor_itinerary *it, int general)
{
    const cor_network *net = it->g->net;
    const cor_query *q = it->q;
    char dd[64], rd[160], b[1024];
    cor_data_date(net, dd, sizeof dd);
    route_dates(it, rd, sizeof rd);
    const char *head[] = {"", ""};
    table_begin(p, head, "ll", 2);
    snprintf(b, sizeof b, "every figure is per %s", box_label(q));
    const char *r0[] = {"Box", b};
    table_row(p, r0, "ll", 2, 0);
    char by[160];
    snprintf(by, sizeof by, "%s; links open in %d", cor_itinerary_chosen_by(it), q->year);
    const char *r1[] = {"Best by", by};
    table_row(p, r1, "ll", 2, 0);
    snprintf(b, sizeof b, "%s (the newest status date in the network's links)%s%s", dd[0] ? dd : "not stated",
             general ? "" : "; ", general ? "" : rd);
    const char *r2[] = {"Data date", b};
    table_row(p, r2, "ll", 2, 0);
    table_end(p);
}

static void regimes(page *p, const cor_itinerary *it)
{
    const cor_network *net = it->g->net;
    const cor_query *q = it->q;
    uint64_t active = cor_query_restrictions(q, net);
    para_begin(p);
    textf(p, "Restriction regimes in force (%s):", q->restrictions_given ? "chosen with --restrictions"
                                                                          : "the network's defaults");
    int any = 0;
    for (uint32_t i = 0; i < cor_network_restriction_count(net); i++)
        any |= (int)(active >> i & 1u);
    if (!any)
        text(p, " none.");
    para_end(p);
    if (any) {
        list_begin(p);
        for (uint32_t i = 0; i < cor_network_restriction_count(net); i++) {
            if (!(active >> i & 1u))
                continue;
            const cor_restriction *r = cor_network_restriction(net, i);
            item_begin(p);
            bold_begin(p);
            text(p, r->id);
            bold_end(p);
            if (r->since[0])
                textf(p, " (since %s)", r->since);
            text(p, ": ");
            text(p, r->name);
            item_end(p);
        }
        list_end(p);
    }
    if (q->navoid_countries) {
        para_begin(p);
        text(p, "Countries avoided:");
        for (uint32_t i = 0; i < q->navoid_countries; i++)
            textf(p, "%s %s", i ? "," : "", q->avoid_countries[i]);
        text(p, ".");
        para_end(p);
    }
}

static const char *css =
    "body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222;line-height:1.4}"
    "table{border-collapse:collapse;margin:0.5em 0 1em}"
    "th,td{border:1px solid #bbb;padding:0.2em 0.5em;text-align:left;vertical-align:top}"
    "th{background:#eee}td.num,th.num{text-align:right}tr.total td{font-weight:bold}"
    "p.words{font-size:1.15em}p.note{color:#555;font-size:0.9em}";

static void page_begin(page *p, const char *title)
{
    if (p->html) {
        raw(p, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
        text(p, title);
        raw(p, "</title>\n<style>");
        raw(p, css);
        raw(p, "</style>\n</head>\n<body>\n");
    }
    heading(p, 1, title);
}

static void page_end(page *p)
{
    raw(p, p->html ? "<p class=\"note\">" : "");
    text(p, "An estimate from the corridor planner's model, not an offer: rates, dwell times and fees are the "
            "model's, from the sources listed, and change without notice.");
    para_end(p);
    if (p->html)
        raw(p, "</body>\n</html>\n");
}

/* The body of one route: words, totals, legs, cost, assumptions. */
static void route_body(page *p, const cor_itinerary *it, int level)
{
    raw(p, p->html ? "<p class=\"words\">" : "");
    bold_begin(p);
    words(p, it);
    bold_end(p);
    para_end(p);
    para_begin(p);
    totals_sentence(p, it);
    text(p, ".");
    para_end(p);
    heading(p, level, "Legs and stops");
    legs_table(p, it);
    char h[160];
    snprintf(h, sizeof h, "Cost per %s", box_label(it->q));
    heading(p, level, h);
    cost_table(p, it);
}

cor_status cor_write_quote(FILE *out, const char *title, const cor_quote_item *items, size_t n, cor_format fmt)
{
    page pg = {out, fmt == COR_FMT_HTML, 0}, *p = &pg;
    const cor_itinerary *first = NULL;
    for (size_t i = 0; i < n && !first; i++)
        first = items[i].it;
    if (!first)
        return COR_EINTERNAL;
    page_begin(p, title);
    if (n == 1) {
        route_body(p, first, 2);
        heading(p, 2, "Included");
        included(p, first, 0);
        heading(p, 2, "Not included");
        excluded(p, first);
        heading(p, 2, "Data and regimes");
        facts(p, first, 0);
        regimes(p, first);
        heading(p, 2, "Assumptions and their sources");
        assumptions(p, first);
        page_end(p);
        return p->e ? COR_EIO : COR_OK;
    }
    /* side by side: one column per item */
    int several = 0;
    for (size_t i = 1; i < n; i++)
        several |= items[i].scenario && items[0].scenario && strcmp(items[i].scenario, items[0].scenario) != 0;
    para_begin(p);
    textf(p, "Every figure is per %s.", box_label(first->q));
    para_end(p);
    size_t nc = n + 1;
    const char **cells = calloc(nc, sizeof *cells);
    char *store = calloc(n, 2048);
    char *align = calloc(nc + 1, 1);
    if (!cells || !store || !align) {
        free(cells);
        free(store);
        free(align);
        return COR_ENOMEM;
    }
    memset(align, 'l', nc);
    cells[0] = "";
    for (size_t i = 0; i < n; i++) {
        char *c = store + i * 2048;
        if (several && items[i].scenario)
            snprintf(c, 2048, "%s (%s)", items[i].label ? items[i].label : "", items[i].scenario);
        else
            snprintf(c, 2048, "%s", items[i].label ? items[i].label : "");
        cells[i + 1] = c;
    }
    table_begin(p, cells, align, nc);
    char usd[160];
    snprintf(usd, sizeof usd, "USD per %s", box_label(first->q));
    const char *const rows[] = {"Route", "Days", usd, "kg CO2e", "km", "Handlings", "Border crossings",
                                       "Gauge changes", "Compared with the best"};
    for (size_t r = 0; r < sizeof rows / sizeof *rows; r++) {
        cells[0] = rows[r];
        for (size_t i = 0; i < n; i++) {
            char *c = store + i * 2048;
            const cor_itinerary *it = items[i].it;
            const cor_totals *t = it ? &it->totals : NULL;
            c[0] = '\0';
            if (!it) {
                if (r == 0) {
                    const char *why = items[i].reason ? items[i].reason : "";
                    /* a reason that says what it is ("no route ...", "not applicable: ...") stands alone */
                    int says = strncmp(why, "no route", 8) == 0 || strncmp(why, "not applicable", 14) == 0;
                    snprintf(c, 2048, "%s%s", says ? "" : "no route: ", why);
                }
            } else if (r == 0) {
                cor_route_in_words(it, c, 2048);
            } else if (r == 1) {
                g(t->hours / 24, 1, c, 2048);
            } else if (r == 2) {
                g(t->cost_usd, 0, c, 2048);
            } else if (r == 3) {
                g(t->co2e_kg, 0, c, 2048);
            } else if (r == 4) {
                g(t->distance_km, 0, c, 2048);
            } else if (r == 5) {
                snprintf(c, 2048, "%u", t->handlings);
            } else if (r == 6) {
                snprintf(c, 2048, "%u", t->border_crossings);
            } else if (r == 7) {
                snprintf(c, 2048, "%u", t->gauge_changes);
            } else if (items[i].vs_best) {
                snprintf(c, 2048, "%s", items[i].vs_best);
            }
            cells[i + 1] = c;
        }
        table_row(p, cells, align, nc, 0);
    }
    table_end(p);
    free(cells);
    free(store);
    free(align);
    heading(p, 2, "Included in every route");
    included(p, first, 1);
    heading(p, 2, "Not included");
    excluded(p, first);
    heading(p, 2, "Data and regimes");
    facts(p, first, 1);
    regimes(p, first);
    for (size_t i = 0; i < n; i++) {
        char h[600];
        if (several && items[i].scenario)
            snprintf(h, sizeof h, "%s (%s)", items[i].label ? items[i].label : "", items[i].scenario);
        else
            snprintf(h, sizeof h, "%s", items[i].label ? items[i].label : "");
        heading(p, 2, h);
        if (!items[i].it) {
            para_begin(p);
            const char *why = items[i].reason ? items[i].reason : "";
            if (strncmp(why, "no route", 8) == 0 || strncmp(why, "not applicable", 14) == 0) {
                text(p, "N"); /* capitalised */
                text(p, why + 1);
            } else {
                text(p, "No route: ");
                text(p, why);
            }
            para_end(p);
            continue;
        }
        route_body(p, items[i].it, 3);
        char rd[160];
        route_dates(items[i].it, rd, sizeof rd);
        para_begin(p);
        text(p, "Data: ");
        text(p, rd);
        text(p, ".");
        para_end(p);
        heading(p, 3, "Assumptions and their sources");
        assumptions(p, items[i].it);
    }
    page_end(p);
    return p->e ? COR_EIO : COR_OK;
}
