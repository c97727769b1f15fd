/*
 * cli_gazetteer.c -- cities on the command line.  See cli_gazetteer.h.
 */
#include "cli_gazetteer.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/text.h"
#include "cli_internal.h"

#ifndef CORRIDOR_GAZETTEER_FILE
#define CORRIDOR_GAZETTEER_FILE "data/gazetteer/cities.tsv"
#endif

const char *cli_gaz_path(const char *opt)
{
    if (opt && *opt)
        return opt;
    const char *env = getenv("CORRIDOR_GAZETTEER");
    if (env && *env)
        return env;
    return CORRIDOR_GAZETTEER_FILE;
}

static const char *thousands(uint32_t v, char *buf, size_t size)
{
    char raw[16];
    snprintf(raw, sizeof raw, "%u", (unsigned)v);
    size_t n = strlen(raw), o = 0;
    for (size_t i = 0; i < n && o + 2 < size; i++) {
        if (i && (n - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = raw[i];
    }
    buf[o] = '\0';
    return buf;
}

/* Append to a fixed buffer (cut when full). */
static void add(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add(char *buf, size_t size, const char *fmt, ...)
{
    size_t n = strlen(buf);
    if (n + 1 >= size)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + n, size - n, fmt, ap);
    va_end(ap);
}

static void err_init(gaz_err *e, cor_status s, const char *opt)
{
    memset(e, 0, sizeof *e);
    e->status = s;
    snprintf(e->param, sizeof e->param, "%s", strcmp(opt, "TO") == 0 ? "to" : strcmp(opt, "FROM") == 0 ? "from" : opt);
}

int cli_gaz_print(const char *cmd, const gaz_err *e)
{
    fprintf(stderr, "%s %s: %s\n", prog, cmd, e->msg);
    if (e->hint[0])
        fprintf(stderr, "%s\n", e->hint);
    return cor_status_exit_code(e->status);
}

int cli_gaz_load(const char *cmd, const char *path, cor_gazetteer **gz)
{
    char pb[1024];
    cor_text_display(path, pb, sizeof pb, 0);
    cor_diag d;
    if (cor_diag_init(&d, 20) != COR_OK)
        return cor_status_exit_code(COR_ENOMEM);
    cor_status s = cor_gazetteer_load(path, gz, &d);
    if (s != COR_OK) {
        for (size_t i = 0; i < d.count; i++) {
            char line[COR_DIAG_TEXT + 300];
            cor_error_format(&d.items[i], line, sizeof line);
            fprintf(stderr, "%s %s: %s\n", prog, cmd, line);
        }
        fprintf(stderr, "%s %s: the city gazetteer %s cannot be used (%s); rebuild it with 'bash "
                        "scripts/gazetteer.sh'\n",
                prog, cmd, pb, cor_status_message(s));
        cor_diag_destroy(&d);
        return cor_status_exit_code(s);
    }
    cor_diag_destroy(&d);
    return -1;
}

int cli_gaz_node(const cor_network *net, const char *opt, const char *arg, cli_end *end, gaz_err *e)
{
    uint32_t nsugg[3];
    char ab[256];
    memset(end, 0, sizeof *end);
    end->node = COR_NONE;
    cor_text_display(arg, ab, sizeof ab, 60);
    if (strlen(arg) > COR_MAX_NAME_BYTES) {
        err_init(e, COR_EUSAGE, opt);
        snprintf(e->msg, sizeof e->msg, "%s: a place name is at most %u bytes long; '%s' is %zu", opt,
                 COR_MAX_NAME_BYTES, ab, strlen(arg));
        return -1;
    }
    if (cor_network_find_node(net, arg, &end->node, nsugg, 3) == COR_OK)
        return 0;
    uint32_t cand[8], ncand = cor_network_find_candidates(net, arg, cand, 8);
    if (ncand >= 2) { /* never guess between network places: name them (as for any place) */
        err_init(e, COR_EUSAGE, opt);
        snprintf(e->msg, sizeof e->msg, "%s: '%s' is ambiguous: it names %u places:", opt, ab, (unsigned)ncand);
        for (uint32_t i = 0; i < ncand && i < 8; i++) {
            const cor_node *n = cor_network_node(net, cand[i]);
            add(e->msg, sizeof e->msg, "%s %s (%s)", i ? "," : "", n->name, n->id);
            e->node[e->nnode++] = cand[i];
        }
        e->more = ncand > 8;
        add(e->msg, sizeof e->msg, "%s", ncand > 8 ? ", ..." : "");
        snprintf(e->hint, sizeof e->hint, "Name one by its id or its full name.");
        return -1;
    }
    end->node = COR_NONE;
    return 1;
}

int cli_gaz_city(const cor_network *net, const char *opt, const char *arg, const cor_gazetteer *gz,
                 const char *gzpath, cli_end *end, gaz_err *e)
{
    uint32_t nsugg[3] = {COR_NONE, COR_NONE, COR_NONE}, unused;
    char ab[256], b1[32];
    memset(end, 0, sizeof *end);
    end->node = COR_NONE;
    cor_text_display(arg, ab, sizeof ab, 60);
    if (!gz) {
        char pb[1024];
        cor_text_display(gzpath, pb, sizeof pb, 0);
        err_init(e, COR_ENOTFOUND, opt);
        e->no_gazetteer = 1;
        snprintf(e->msg, sizeof e->msg,
                 "%s: '%s' is not a network node, and the city gazetteer is not installed (no file %s).", opt, ab, pb);
        snprintf(e->hint, sizeof e->hint,
                 "Install it with 'bash scripts/gazetteer.sh' (GeoNames cities through npm; it installs nodejs and npm "
                 "if they are missing), or give --gazetteer FILE or CORRIDOR_GAZETTEER.\nTry '%s nodes QUERY' to "
                 "search the network's places.",
                 prog);
        return -1;
    }
    uint32_t m[COR_GAZ_MAX_MATCHES], nm = 0;
    if (cor_gazetteer_find(gz, arg, m, COR_GAZ_MAX_MATCHES, &nm) == COR_OK) {
        end->is_city = 1;
        end->node = COR_NONE;
        end->city = *cor_gazetteer_city(gz, m[0]);
        if (nm > 1) { /* the most populous, and say so: end->note */
            char name[COR_MAX_NAME_BYTES * 2], others[COR_DIAG_TEXT / 2] = "", one[COR_MAX_NAME_BYTES * 2 + 48];
            uint32_t shown = nm < 6 ? nm : 6;
            for (uint32_t i = 1; i < shown && i < COR_GAZ_MAX_MATCHES; i++) {
                const cor_city *c = cor_gazetteer_city(gz, m[i]);
                cor_text_display(c->name, name, sizeof name, 40);
                snprintf(one, sizeof one, "%s%s (%s, %s)", i > 1 ? ", " : "", name, c->country,
                         thousands(c->population, b1, sizeof b1));
                if (strlen(others) + strlen(one) + 1 < sizeof others)
                    strcat(others, one);
            }
            if (nm > shown) {
                snprintf(one, sizeof one, " and %u more", (unsigned)(nm - shown));
                if (strlen(others) + strlen(one) + 1 < sizeof others)
                    strcat(others, one);
            }
            const cor_city *o = cor_gazetteer_city(gz, m[1]);
            char oname[COR_MAX_NAME_BYTES * 2];
            cor_text_display(o->name, oname, sizeof oname, 40);
            cor_text_display(end->city.name, name, sizeof name, 40);
            char big[4096];
            snprintf(big, sizeof big,
                     "%s '%s' names %u cities; taken: %s (%s, population %s), the most populous; the others: %s; "
                     "write '%s, %s' or '%s (%s)' to choose",
                     opt, ab, (unsigned)nm, name, end->city.country, thousands(end->city.population, b1, sizeof b1),
                     others, oname, o->country, oname, o->country);
            cor_text_copy(end->note, sizeof end->note, big);
        }
        return 0;
    }
    /* nothing: the nodes and the cities nearest in spelling */
    cor_network_find_node(net, arg, &unused, nsugg, 3);
    err_init(e, COR_ENOTFOUND, opt);
    uint32_t cs[3];
    uint32_t nc = cor_gazetteer_suggest(gz, arg, cs, 3);
    snprintf(e->msg, sizeof e->msg, "%s: unknown place '%s'", opt, ab);
    int any = 0;
    for (int i = 0; i < 3 && nsugg[i] != COR_NONE; i++) {
        const cor_node *n = cor_network_node(net, nsugg[i]);
        add(e->msg, sizeof e->msg, "%s %s (%s)", any++ ? "," : " (did you mean", n->name, n->id);
        e->node[e->nnode++] = nsugg[i];
    }
    if (any)
        add(e->msg, sizeof e->msg, "?)");
    for (uint32_t i = 0; i < nc; i++) {
        const cor_city *c = cor_gazetteer_city(gz, cs[i]);
        char name[COR_MAX_NAME_BYTES * 2];
        cor_text_display(c->name, name, sizeof name, 0);
        add(e->msg, sizeof e->msg, "%s %s (%s)", i ? "," : any ? "; or the city" : " (did you mean the city", name,
            c->country);
        e->city[e->ncity++] = cs[i];
    }
    if (nc)
        add(e->msg, sizeof e->msg, "%s", any ? "?" : "?)");
    snprintf(e->hint, sizeof e->hint,
             "Neither a network node nor a city of the gazetteer has that name. Try '%s nodes QUERY' to search the "
             "network's places.",
             prog);
    return -1;
}

int cli_gaz_resolve(const cor_network *net, const char *prog_, const char *cmd, const char *opt, const char *arg,
                    const char *gzopt, cor_gazetteer **gz, cli_end *end)
{
    (void)prog_;
    gaz_err e;
    int r = cli_gaz_node(net, opt, arg, end, &e);
    if (r == 0)
        return -1;
    if (r < 0)
        return cli_gaz_print(cmd, &e);
    const char *path = cli_gaz_path(gzopt);
    if (!*gz) { /* loaded on first need; a missing file is said by cli_gaz_city */
        FILE *fp = fopen(path, "rb");
        if (fp) {
            fclose(fp);
            int rc = cli_gaz_load(cmd, path, gz);
            if (rc >= 0)
                return rc;
        }
    }
    if (cli_gaz_city(net, opt, arg, *gz, path, end, &e))
        return cli_gaz_print(cmd, &e);
    return -1;
}

void cli_gaz_hint(const cor_network *net, const char *prog_, const char *cmd, const char *from, const char *to,
                  const char *gzopt)
{
    (void)prog_; /* always the global prog */
    const char *args[2] = {from, to};
    cor_gazetteer *gz = NULL;
    for (int k = 0; k < 2; k++) {
        uint32_t n, s[1], m[1], nm = 0;
        if (strlen(args[k]) > COR_MAX_NAME_BYTES || cor_network_find_node(net, args[k], &n, s, 1) == COR_OK)
            continue;
        if (!gz) {
            cor_diag d;
            cor_diag_init(&d, 1);
            FILE *fp = fopen(cli_gaz_path(gzopt), "rb");
            if (fp) {
                fclose(fp);
                if (cor_gazetteer_load(cli_gaz_path(gzopt), &gz, &d) != COR_OK)
                    gz = NULL;
            }
            cor_diag_destroy(&d);
            if (!gz)
                return;
        }
        if (cor_gazetteer_find(gz, args[k], m, 1, &nm) == COR_OK) {
            char ab[256];
            cor_text_display(args[k], ab, sizeof ab, 60);
            fprintf(stderr, "%s %s: note: '%s' is a city (%s), not a network node: %s takes network nodes; 'corridor "
                            "route' takes cities (first and last mile by road), and 'corridor nodes --city \"%s\"' "
                            "lists its terminals\n",
                    prog, cmd, ab, cor_gazetteer_city(gz, m[0])->country, cmd, ab);
        }
    }
    cor_gazetteer_free(gz);
}

int cli_gaz_nodes_city(const cor_network *net, const cor_graph *g, const char *prog_, const char *arg,
                       const char *gzopt, cor_format fmt)
{
    (void)prog_; /* always the global prog */
    cor_gazetteer *gz = NULL;
    cli_end end;
    int rc = cli_gaz_resolve(net, prog, "nodes", "--city", arg, gzopt, &gz, &end);
    if (rc >= 0) {
        cor_gazetteer_free(gz);
        return rc;
    }
    if (end.note[0])
        fprintf(stderr, "%s nodes: warning: %s\n", prog, end.note);
    cor_query q;
    cor_query_init(&q, 0);
    cor_filter f;
    memset(&f, 0, sizeof f);
    cor_diag d;
    cor_diag_init(&d, 4);
    cor_access_end ae;
    memset(&ae, 0, sizeof ae);
    cor_status s = COR_OK;
    if (end.is_city) {
        q.year = 9999; /* any link: candidates do not depend on years */
        s = cor_filter_init(&f, g, &q, &d);
        if (s == COR_OK)
            s = cor_access_candidates(&f, &q, &end.city, 0, &ae, &d);
    }
    char b1[32], b2[32], name[COR_MAX_NAME_BYTES * 2];
    if (fmt == COR_FMT_JSON) {
        json_t *o;
        if (!end.is_city) {
            const cor_node *n = cor_network_node(net, end.node);
            o = json_pack("{s:s, s:s, s:{s:s, s:s, s:s}}", "query", arg, "resolves_to", "node", "node", "id", n->id,
                          "name", n->name, "country", n->country);
        } else {
            json_t *cands = json_array();
            for (uint32_t i = 0; cands && i < ae.n; i++) {
                const cor_access_leg *l = &ae.cand[i];
                const cor_node *n = cor_network_node(net, l->node);
                json_array_append_new(cands, json_pack("{s:s, s:s, s:s, s:f, s:f, s:f, s:f}", "id", n->id, "name",
                                                       n->name, "kind", n->kind ? n->kind : "", "great_circle_km",
                                                       round(l->great_circle_km * 10) / 10, "road_km",
                                                       round(l->distance_km * 10) / 10, "hours",
                                                       round(l->hours * 100) / 100, "cost_usd",
                                                       round(l->cost_usd * 100) / 100));
            }
            o = json_pack("{s:s, s:s, s:{s:s, s:s, s:s, s:I, s:I, s:f, s:f}, s:s, s:f, s:f, s:o}", "query", arg,
                          "resolves_to", "city", "city", "name", end.city.name, "country", end.city.country, "admin1",
                          end.city.admin1, "geonameid", (json_int_t)end.city.geonameid, "population",
                          (json_int_t)end.city.population, "lat", end.city.lat, "lon", end.city.lon, "method",
                          COR_ACCESS_METHOD, "circuity", COR_ACCESS_CIRCUITY, "radius_km", COR_ACCESS_RADIUS_KM,
                          "candidates", cands ? cands : json_null());
            if (s != COR_OK && o && d.count)
                json_object_set_new(o, "problem", json_string(d.items[0].msg));
        }
        if (o) {
            char *txt = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
            if (txt)
                printf("%s\n", txt);
            free(txt);
            json_decref(o);
        }
    } else if (!end.is_city) {
        const cor_node *n = cor_network_node(net, end.node);
        cor_text_display(n->name, name, sizeof name, 0);
        printf("'%s' is a network node: %s (%s), %s, %s\n", arg, name, n->id, n->country, n->kind);
    } else {
        cor_text_display(end.city.name, name, sizeof name, 0);
        printf("'%s' is a city of the gazetteer, not a network node:\n  %s (%s, admin1 %s), GeoNames %u, population "
               "%s, at %.5f %.5f\n",
               arg, name, end.city.country, end.city.admin1[0] ? end.city.admin1 : "-", (unsigned)end.city.geonameid,
               thousands(end.city.population, b1, sizeof b1), end.city.lat, end.city.lon);
        if (s == COR_OK) {
            printf("First or last mile by road (" COR_ACCESS_METHOD ") to one of %u places of %s\n"
                   "within " COR_ACCESS_RADIUS_TEXT " km where a box can join the network (a terminal or the "
                   "modelled roads);\na route picks the best:\n",
                   (unsigned)ae.n, end.city.country);
            printf("  %-16s %-28s %-9s %9s %9s %8s %9s\n", "id", "name", "kind", "gc km", "road km", "hours",
                   "USD/TEU");
            for (uint32_t i = 0; i < ae.n; i++) {
                const cor_access_leg *l = &ae.cand[i];
                const cor_node *n = cor_network_node(net, l->node);
                cor_text_display(n->name, name, sizeof name, 28);
                snprintf(b1, sizeof b1, "%.0f", l->great_circle_km);
                snprintf(b2, sizeof b2, "%.0f", l->distance_km);
                printf("  %-16s %-28s %-9s %9s %9s %8.1f %9.0f\n", n->id, name, n->kind, b1, b2, l->hours,
                       l->cost_usd);
            }
        } else if (d.count) {
            printf("No first or last mile: %s\n", d.items[0].msg);
        }
    }
    cor_filter_destroy(&f);
    cor_diag_destroy(&d);
    cor_gazetteer_free(gz);
    return s == COR_OK ? 0 : cor_status_exit_code(s);
}

void city_trip_init(city_trip *t)
{
    memset(t, 0, sizeof *t);
    cor_path_init(&t->path);
    cor_itinerary_init(&t->it);
}

void city_trip_destroy(city_trip *t)
{
    cor_itinerary_destroy(&t->it);
    cor_path_destroy(&t->path);
    cor_workspace_free(t->ws);
    cor_filter_destroy(&t->f);
    free(t->ae);
    memset(t, 0, sizeof *t);
}

cor_status city_trip_run(city_trip *t, const route_args *a, const cor_graph *g, const cor_query *q,
                         const cli_end *ends, cor_warnings *warns, cor_diag *d, gaz_err *e)
{
    const cor_network *net = g->net;
    memset(e, 0, sizeof *e);
    for (int k = 0; k < 2; k++)
        if (ends[k].note[0])
            cor_warn(warns, "ambiguous_place", "%s", ends[k].note);
    char ab[512], bb[512];
    snprintf(ab, sizeof ab, "%s", ends[0].is_city ? ends[0].city.name : cor_network_node(net, ends[0].node)->name);
    snprintf(bb, sizeof bb, "%s", ends[1].is_city ? ends[1].city.name : cor_network_node(net, ends[1].node)->name);
    if (a->pareto || a->alternatives) {
        e->status = COR_EUSAGE;
        snprintf(e->param, sizeof e->param, "%s", a->pareto ? "pareto" : "alternatives");
        snprintf(e->msg, sizeof e->msg, "--pareto and --alternatives take network nodes: %s is a city (try 'corridor "
                                        "nodes --city \"%s\"' for its terminals)",
                 ends[0].is_city ? ab : bb, ends[0].is_city ? ab : bb);
        return COR_EUSAGE;
    }
    if (q->generic_sea) {
        e->status = COR_EUSAGE;
        snprintf(e->param, sizeof e->param, "generic-sea");
        snprintf(e->msg, sizeof e->msg, "--generic-sea joins two ports: %s is a city", ends[0].is_city ? ab : bb);
        return COR_EUSAGE;
    }
    cor_status s = cor_filter_init(&t->f, g, q, d);
    if (s == COR_OK && !(t->ae = calloc(2, sizeof *t->ae)))
        s = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    for (int k = 0; k < 2 && s == COR_OK; k++)
        if (ends[k].is_city)
            s = cor_access_candidates(&t->f, q, &ends[k].city, k, &t->ae[k], d);
    if (s == COR_OK && !(t->ws = cor_workspace_new()))
        s = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    if (s == COR_OK)
        s = cor_access_route(&t->f, q, t->ws, ends[0].node, ends[0].is_city ? &t->ae[0] : NULL, ends[1].node,
                             ends[1].is_city ? &t->ae[1] : NULL, &t->path, &t->first, &t->last, d);
    if (s == COR_ENOROUTE) {
        e->status = COR_ENOROUTE;
        if (d->count) {
            snprintf(e->msg, sizeof e->msg, "%s", d->items[0].msg);
        } else {
            snprintf(e->msg, sizeof e->msg, "no route from %s to %s in %d under these options (check --year, "
                                            "--modes, --avoid and --scenario)",
                     ab, bb, q->year);
            for (int k = 0; k < 2; k++) /* the terminals a city's road leg may join */
                for (uint32_t i = 0; ends[k].is_city && t->ae && i < t->ae[k].n; i++)
                    add(e->msg, sizeof e->msg, "%s%s",
                        i ? ", " : k ? "; the last mile may start at " : "; the first mile may end at ",
                        cor_network_node(net, t->ae[k].cand[i].node)->name);
        }
        return s;
    }
    if (s == COR_OK)
        s = cor_itinerary_build(&t->it, &t->f, q, &t->path, d);
    if (s != COR_OK) {
        e->status = s;
        return s;
    }
    cor_itinerary_set_access(&t->it, &t->first, &t->last);
    for (int k = 0; k < 2; k++) { /* an assumed road is an assumption the result rests on */
        const cor_access_leg *l = k ? &t->last : &t->first;
        if (l->present)
            cor_warn(warns, COR_WARN_ASSUMPTION, "the %s mile %s %s %s is not a modelled road: " COR_ACCESS_METHOD,
                     k ? "last" : "first", k ? cor_network_node(net, l->node)->name : l->city, "->",
                     k ? l->city : cor_network_node(net, l->node)->name);
    }
    cor_itinerary_warnings(&t->it, warns);
    t->it.warnings = warns;
    return COR_OK;
}
