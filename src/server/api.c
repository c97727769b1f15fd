/*
 * api.c -- the endpoints of `corridor serve` (see server.h and
 * docs/api.md): /v1/route, /v1/compare, /v1/tcd, /v1/nodes, /v1/scenarios,
 * /v1/network, /healthz, /v1/openapi.json.
 *
 * A request's parameters are the command line's long options, parsed by
 * the same table (src/cli/options.c); its answer is written by the same
 * writers into memory, so `GET /v1/route?from=A&to=B&by=cost` is byte for
 * byte `corridor route A B --by cost --format json`; on /v1/route, from and
 * to may be cities of the gazetteer (loaded once by server.c), with the
 * command line's resolution and first and last mile (cli_gazetteer.c).
 * Options that name a file of the server (out, network, factors, csv,
 * gazetteer) are refused; scenarios
 * are named (the network's scenarios folder) or inline (a POST body).
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "corridor/box.h"
#include "corridor/ch.h"
#include "corridor/compare.h"
#include "corridor/matrix.h"
#include "corridor/report.h"
#include "corridor/route.h"
#include "corridor/scenario.h"
#include "corridor/snapshot.h"
#include "corridor/text.h"
#include "../cli/cli_large.h"
#include "internal.h"

static cor_status route_by_hierarchy(srv *S, const world *w, const srv_filter *sf, const cor_query *q, uint32_t from,
                                     uint32_t to, cor_path *path, cor_diag *d);
static cor_status filter_acquire(srv *S, const world *w, const cor_query *q, srv_filter **out, cor_diag *d);
static void filter_release(srv *S, srv_filter *sf);

void srv_error(srv_resp *r, unsigned status, const char *param, json_t *extra, const char *fmt, ...)
{
    char raw[2048], msg[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    cor_text_display(raw, msg, sizeof msg, 0); /* valid UTF-8 for JSON, whatever the request held */
    const char *code = status == 400 ? "bad_request" : status == 404 ? "not_found" : status == 405 ? "method_not_allowed"
                     : status == 413 ? "body_too_large" : status == 414 ? "uri_too_long" : status == 422 ? "unprocessable"
                     : status == 503 ? "unavailable" : "error";
    json_t *e = json_pack("{s:i, s:s, s:s}", "status", (int)status, "code", code, "message", msg);
    char pb[128];
    if (e && param)
        json_object_set_new(e, "parameter", json_string((cor_text_display(param, pb, sizeof pb, 60), pb)));
    if (e && extra)
        json_object_update(e, extra);
    json_decref(extra);
    json_t *root = e ? json_pack("{s:o}", "error", e) : NULL;
    free(r->body);
    char *text = root ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(root);
    size_t tl = text ? strlen(text) : 0;
    r->body = text ? realloc(text, tl + 2) : NULL;
    if (r->body)
        memcpy(r->body + tl, "\n", 2);
    else
        free(text);
    r->status = status;
    r->ctype = "application/json";
    r->len = r->body ? strlen(r->body) : 0;
}

static void srv_oom(srv_resp *r)
{
    srv_error(r, 503, NULL, NULL, "out of memory");
    r->retry_after = 1;
}

/* ---- output into memory ---- */

typedef struct membuf {
    FILE *fp;
    char *buf;
    size_t len;
} membuf;

static int mem_open(membuf *m)
{
    m->buf = NULL;
    m->len = 0;
    m->fp = open_memstream(&m->buf, &m->len);
    return m->fp ? 0 : -1;
}

/* Close; the text goes to r with status 200 and content type of fmt. */
static void mem_close(membuf *m, cor_status s, srv_resp *r, const char *ctype)
{
    int bad = fclose(m->fp) != 0;
    if (s != COR_OK || bad) {
        free(m->buf);
        if (s == COR_ENOMEM || bad)
            srv_oom(r);
        else
            srv_error(r, 500, NULL, NULL, "%s", cor_status_message(s));
        return;
    }
    free(r->body);
    r->body = m->buf;
    r->len = m->len;
    r->status = 200;
    r->ctype = ctype;
}

static const char *format_ctype(cor_format f)
{
    switch (f) {
    case COR_FMT_JSON: return "application/json";
    case COR_FMT_GEOJSON: return "application/geo+json";
    case COR_FMT_CSV: return "text/csv; charset=utf-8";
    case COR_FMT_MD: return "text/markdown; charset=utf-8";
    case COR_FMT_HTML: return "text/html; charset=utf-8";
    default: return "text/plain; charset=utf-8";
    }
}

/* ---- refusals of options.c as JSON ---- */

static void send_err(const srv *S, const world *w, const cli_err *e, srv_resp *r)
{
    json_t *extra = NULL;
    if (e->ncand && w) {
        json_t *arr = json_array();
        for (unsigned i = 0; arr && i < e->ncand; i++) {
            const cor_node *n = cor_network_node(w->net, e->cand[i]);
            json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "id", n->id, "name", n->name, "country", n->country));
        }
        extra = json_pack("{s:o}", e->status == COR_ENOTFOUND ? "closest" : "candidates", arr);
    }
    char param[40];
    size_t i = 0;
    for (; e->param[i] && i < sizeof param - 1; i++)
        param[i] = (char)(e->param[i] >= 'A' && e->param[i] <= 'Z' ? e->param[i] - 'A' + 'a' : e->param[i]);
    param[i] = '\0';
    (void)S;
    unsigned status = e->status == COR_ENOTFOUND ? 404 : e->status == COR_EUSAGE ? 400 : e->status == COR_ENOMEM ? 503 : 500;
    srv_error(r, status, status == 400 || status == 404 ? (param[0] ? param : NULL) : NULL, extra, "%s", e->msg);
}

/* ---- parameters ---- */

/* A scenario named over HTTP: a file of the network's scenarios folder,
 * never a path. */
static int scenario_name_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 100 || s[0] == '.')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
              s[i] == '-' || s[i] == '_' || s[i] == '.'))
            return 0;
    return strstr(s, "..") == NULL && !(n > 5 && strcmp(s + n - 5, ".json") == 0);
}

/* Parse the request's parameters into a (from, to too when wanted);
 * 0, or -1 with r filled. */
int api_parse_params(const srv_req *q, route_args *a, int compare, const char **from, const char **to, srv_resp *r)
{
    cli_err e;
    a->format = compare == 2 ? "svg" : "json"; /* the API's defaults: JSON, a tcd chart in SVG */
    if (q->too_many_params) {
        srv_error(r, 400, NULL, NULL, "more than %u parameters", SRV_MAX_PARAMS);
        return -1;
    }
    for (unsigned i = 0; i < q->nparams; i++) {
        const char *n = q->params[i].name, *v = q->params[i].value ? q->params[i].value : "";
        if (strcmp(n, "from") == 0 || strcmp(n, "to") == 0) {
            const char **dst = n[0] == 'f' ? from : to;
            if (*dst) {
                srv_error(r, 400, n, NULL, "%s: given twice", n);
                return -1;
            }
            *dst = v;
            continue;
        }
        const route_opt *o = route_opt_find(n);
        if (!o || (strcmp(n, "compare") == 0 && compare != 2) || strcmp(n, "wide") == 0 || strcmp(n, "verbose") == 0) {
            char b[128];
            cor_text_display(n, b, sizeof b, 60);
            srv_error(r, 400, b, NULL, "unknown parameter '%s' (the parameters are the command line's long options; "
                                       "see /v1/openapi.json)", b);
            return -1;
        }
        if (o->flags & OPTF_FILE) {
            srv_error(r, 400, n, NULL, "%s: names a file of the server, which the API does not read or write%s", n,
                      strcmp(n, "csv") == 0 || strcmp(n, "out") == 0 ? " (use format=csv; the answer is the body)" : "");
            return -1;
        }
        if (!o->has_arg) {
            if (strcmp(v, "") == 0 || strcmp(v, "1") == 0 || strcmp(v, "true") == 0)
                v = NULL;
            else if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0)
                continue;
            else {
                srv_error(r, 400, n, NULL, "%s: a flag: expected true, false, 1, 0 or no value", n);
                return -1;
            }
        } else if (!*v && strcmp(n, "scenarios") != 0) {
            srv_error(r, 400, n, NULL, "%s: needs a value", n);
            return -1;
        }
        if (strcmp(n, "scenario") == 0 && !scenario_name_ok(v)) {
            srv_error(r, 400, n, NULL, "scenario: expected the name of one of the network's scenarios (/v1/scenarios); "
                                       "to send your own, POST it as the body");
            return -1;
        }
        if (route_opt_apply(a, o, v, compare, &e)) {
            send_err(NULL, NULL, &e, r);
            return -1;
        }
    }
    if (route_args_check(a, &e)) {
        send_err(NULL, NULL, &e, r);
        return -1;
    }
    if (a->by_p95) { /* the command line's route --by p95 only, so far */
        srv_error(r, 400, "by", NULL, "by: p95 is for the command line (corridor route --by p95); the API's routes "
                                      "carry their P50-P95 range in totals");
        return -1;
    }
    if (a->max_labels > SRV_MAX_LABELS || a->max_work > SRV_MAX_WORK) {
        int l = a->max_labels > SRV_MAX_LABELS;
        srv_error(r, 400, l ? "max-labels" : "max-work", NULL, "%s: at most %u over HTTP", l ? "max-labels" : "max-work",
                  l ? SRV_MAX_LABELS : SRV_MAX_WORK);
        return -1;
    }
    if (!*from || !**from || !*to || !**to) {
        const char *p = !*from || !**from ? "from" : "to";
        srv_error(r, 400, p, NULL, "%s: expected a place (an id, name or alias, or on /v1/route a city; /v1/nodes?q= searches)", p);
        return -1;
    }
    return 0;
}

/* ---- networks with scenarios ---- */

static void worlds_free_owned(world **w, int *owned, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (owned[i] && w[i]) {
            world_free(w[i]);
            free(w[i]);
        }
}

/* The network with named scenarios names[0..n) and, if body, the inline
 * overlay applied last.  *owned: 1 if the caller frees it (not cached).
 * 0, or -1 with r filled. */
static int get_world(srv *S, const char *const *names, size_t n, const srv_req *q, world **out, int *owned,
                     srv_resp *r)
{
    *out = NULL;
    *owned = 0;
    if (n == 0 && !q->body) {
        *out = &S->base;
        return 0;
    }
    char key[1024] = "";
    for (size_t i = 0; i < n; i++) {
        strncat(key, names[i], sizeof key - strlen(key) - 1);
        strncat(key, "\n", sizeof key - strlen(key) - 1);
    }
    if (!q->body) {
        pthread_mutex_lock(&S->lock);
        for (unsigned i = 0; i < S->ncache; i++)
            if (strcmp(S->cache[i]->key, key) == 0) {
                *out = &S->cache[i]->w;
                break;
            }
        pthread_mutex_unlock(&S->lock);
        if (*out)
            return 0;
    }
    srv_cached *c = calloc(1, sizeof *c);
    cor_diag d;
    if (!c || cor_diag_init(&d, 20) != COR_OK) {
        free(c);
        srv_oom(r);
        return -1;
    }
    snprintf(c->key, sizeof c->key, "%s", key);
    world *w = &c->w;
    cor_status s = COR_OK;
    const char *dir = S->cfg.network;
    for (size_t i = 0; i < n && s == COR_OK; i++) {
        char path[4096];
        if (cor_scenario_path(dir, names[i], path, sizeof path) != 0 || access(path, R_OK) != 0) {
            json_t *known = json_loads(S->scenarios_json, 0, NULL), *list = json_array();
            json_t *arr = json_object_get(known, "scenarios");
            size_t k;
            json_t *it;
            json_array_foreach(arr, k, it) json_array_append(list, json_object_get(it, "name"));
            json_decref(known);
            char b[128];
            srv_error(r, 400, "scenario", json_pack("{s:o}", "scenarios", list),
                      "unknown scenario '%s' (GET /v1/scenarios lists them)",
                      (cor_text_display(names[i], b, sizeof b, 60), b));
            world_free(w);
            free(c);
            cor_diag_destroy(&d);
            return -1;
        }
        s = cor_scenario_load(path, &w->sc[w->nsc], &d);
        if (s == COR_OK)
            w->nsc++;
    }
    if (s == COR_OK && q->body) {
        s = cor_scenario_parse("body", q->body, q->body_len, &w->sc[w->nsc], &d);
        if (s == COR_OK)
            w->nsc++;
    }
    if (s == COR_OK)
        s = cor_network_load_scenarios(dir, w->sc, w->nsc, &w->net, &d);
    if (s == COR_OK)
        s = cor_graph_build(w->net, &w->g, &d);
    if (s == COR_OK) /* variability.csv, seasons.csv: ranges and --depart (simulate.h) */
        s = cor_reliability_load(w->net, NULL, &w->rel, &d);
    if (s != COR_OK) {
        json_t *errs = json_array();
        char buf[COR_DIAG_TEXT + 512];
        for (size_t i = 0; i < d.count; i++) {
            cor_error_format(&d.items[i], buf, sizeof buf);
            json_array_append_new(errs, json_string(buf));
        }
        if (s == COR_ENOMEM)
            srv_oom(r);
        else
            srv_error(r, q->body ? 422 : 500, q->body ? "body" : "scenario", json_pack("{s:o}", "errors", errs),
                      "%s: %s", q->body ? "the scenario in the body does not apply" : "a scenario does not load",
                      d.count ? d.items[0].msg : cor_status_message(s));
        if (s == COR_ENOMEM)
            json_decref(errs);
        world_free(w);
        free(c);
        cor_diag_destroy(&d);
        return -1;
    }
    cor_diag_destroy(&d);
    w->label = "base";
    if (!q->body) {
        pthread_mutex_lock(&S->lock);
        for (unsigned i = 0; i < S->ncache; i++)
            if (strcmp(S->cache[i]->key, key) == 0) { /* another thread built it meanwhile */
                *out = &S->cache[i]->w;
                break;
            }
        if (!*out && S->ncache < SRV_CACHE) {
            S->cache[S->ncache++] = c;
            *out = w;
            c = NULL;
        }
        pthread_mutex_unlock(&S->lock);
        if (*out && c) {
            world_free(w);
            free(c);
            return 0;
        }
        if (*out)
            return 0;
    }
    /* not cached: the caller frees it (a world first in its srv_cached) */
    *out = w;
    *owned = 1;
    return 0;
}

/* ---- /v1/route ---- */

/* A refusal of FROM or TO (cli_gazetteer.c) as JSON: 400 (too long, a name
 * of several nodes: error.candidates), 404 (unknown: error.closest, nodes
 * then cities; no gazetteer installed: error.gazetteer). */
static void send_gaz_err(const srv *S, const world *w, const gaz_err *ge, const char *arg, srv_resp *r)
{
    json_t *arr = json_array();
    uint32_t sugg[3] = {COR_NONE, COR_NONE, COR_NONE}, unused;
    const uint32_t *nodes = ge->node;
    unsigned nnode = ge->nnode;
    if (ge->no_gazetteer) { /* still the nodes nearest in spelling */
        cor_network_find_node(w->net, arg, &unused, sugg, 3);
        for (nnode = 0; nnode < 3 && sugg[nnode] != COR_NONE; nnode++)
            ;
        nodes = sugg;
    }
    for (unsigned i = 0; arr && i < nnode; i++) {
        const cor_node *n = cor_network_node(w->net, nodes[i]);
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "id", n->id, "name", n->name, "country", n->country));
    }
    for (unsigned i = 0; arr && S->gz && i < ge->ncity; i++) {
        const cor_city *c = cor_gazetteer_city(S->gz, ge->city[i]);
        char id[32], name[COR_MAX_NAME_BYTES * 2];
        snprintf(id, sizeof id, "geonames:%u", (unsigned)c->geonameid);
        cor_text_display(c->name, name, sizeof name, 0);
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s}", "id", id, "name", name, "country", c->country,
                                             "kind", "city"));
    }
    json_t *extra = json_pack("{s:o}", ge->status == COR_ENOTFOUND ? "closest" : "candidates", arr ? arr : json_array());
    if (ge->no_gazetteer) {
        char ab[256];
        cor_text_display(arg, ab, sizeof ab, 60);
        json_object_set_new(extra, "gazetteer", json_string("not installed"));
        srv_error(r, 404, ge->param, extra,
                  "%s: '%s' is not a network node, and the city gazetteer is not installed on this server, so it "
                  "cannot be taken as a city (install it with 'bash scripts/gazetteer.sh' and restart the server, or "
                  "start it with --gazetteer FILE); /v1/nodes?q= searches the network's places",
                  strcmp(ge->param, "to") == 0 ? "TO" : "FROM", ab);
        return;
    }
    srv_error(r, ge->status == COR_ENOTFOUND ? 404 : ge->status == COR_EUSAGE ? 400 : 500, ge->param, extra, "%s",
              ge->msg);
}

/* FROM and TO as `corridor route` takes them: a network node, else a city
 * of the server's gazetteer (cli_gaz_node, cli_gaz_city); then the other
 * places and options.  The network's year (set by a scenario) stands unless
 * year was given.  0, or -1 with r filled. */
static int resolve_ends(const srv *S, const route_args *a, const world *w, const char *from_arg, const char *to_arg,
                        cor_query *q, uint32_t *from, uint32_t *to, cli_end *ends, srv_resp *r)
{
    if (!a->year_given && cor_network_year(w->net))
        q->year = cor_network_year(w->net);
    const char *args[2] = {from_arg, to_arg};
    gaz_err ge;
    for (int k = 0; k < 2; k++) {
        const char *opt = k ? "TO" : "FROM";
        int rc = cli_gaz_node(w->net, opt, args[k], &ends[k], &ge);
        if (rc == 1)
            rc = cli_gaz_city(w->net, opt, args[k], S->gz, S->gz_path, &ends[k], &ge);
        if (rc) {
            send_gaz_err(S, w, &ge, args[k], r);
            return -1;
        }
    }
    *from = ends[0].node;
    *to = ends[1].node;
    if (ends[0].is_city && ends[1].is_city && ends[0].city.geonameid == ends[1].city.geonameid) {
        srv_error(r, 400, "to", NULL, "FROM and TO are the same city (%s)", ends[0].city.name);
        return -1;
    }
    if (!ends[0].is_city && !ends[1].is_city && *from == *to) {
        srv_error(r, 400, "to", NULL, "FROM and TO are the same place (%s)", cor_network_node(w->net, *from)->name);
        return -1;
    }
    cli_err e;
    if (route_resolve_options(a, w->net, q, &e)) {
        send_err(S, w, &e, r);
        return -1;
    }
    return 0;
}

/* The route where FROM or TO is a city: city_trip_run, as `corridor
 * route` (first and last mile by road), written by the same writer. */
static void route_cities(const route_args *a, const world *w, const cor_query *q, const cli_end *ends,
                         cor_format fmt, cor_warnings *warns, srv_resp *r)
{
    cor_diag d;
    if (cor_diag_init(&d, 16) != COR_OK) {
        srv_oom(r);
        return;
    }
    city_trip t;
    city_trip_init(&t);
    gaz_err ge;
    cor_status s = city_trip_run(&t, a, w->g, q, ends, warns, &d, &ge);
    char id[2][40], name[2][COR_MAX_NAME_BYTES + 1];
    for (int k = 0; k < 2; k++) {
        if (ends[k].is_city)
            snprintf(id[k], sizeof id[k], "geonames:%u", (unsigned)ends[k].city.geonameid);
        else
            snprintf(id[k], sizeof id[k], "%s", cor_network_node(w->net, ends[k].node)->id);
        snprintf(name[k], sizeof name[k], "%s",
                 ends[k].is_city ? ends[k].city.name : cor_network_node(w->net, ends[k].node)->name);
    }
    if (s == COR_EUSAGE && ge.msg[0]) {
        srv_error(r, 400, ge.param, NULL, "%s", ge.msg);
    } else if (s == COR_ENOROUTE) {
        srv_error(r, 422, NULL, json_pack("{s:s, s:s, s:i, s:s}", "from", id[0], "to", id[1], "year", q->year, "reason",
                                          ge.msg),
                  "no route from %s to %s in %d under these options (check year, modes, avoid and scenario)", name[0],
                  name[1], q->year);
    } else if (s == COR_OK) {
        membuf m;
        if (mem_open(&m) == 0) {
            s = cor_write_itinerary_opts(m.fp, &t.it, fmt, NULL);
            mem_close(&m, s, r, format_ctype(fmt));
        } else {
            srv_oom(r);
        }
    } else if (s == COR_ENOMEM) {
        srv_oom(r);
    } else {
        srv_error(r, s == COR_EUSAGE ? 400 : 500, NULL, NULL, "%s", d.count ? d.items[0].msg : cor_status_message(s));
    }
    city_trip_destroy(&t);
    cor_diag_destroy(&d);
}

static void no_route(srv_resp *r, const world *w, const cor_filter *f, const cor_query *q, uint32_t from, uint32_t to,
                     const char *why)
{
    char reason[1024] = "";
    if (f->road_closed) {
        const cor_box_spec *b = cor_query_box(q);
        snprintf(reason, sizeof reason, "the box's weight closed %u road link%s: a %s at %.1f t gross is over the road "
                 "limit; a lighter cargo-t would open them", f->road_closed, f->road_closed == 1 ? "" : "s", b->name,
                 cor_box_gross_t(b, q->payload_t_per_teu));
    }
    cor_diag d;
    if (cor_diag_init(&d, 2) == COR_OK) {
        cor_status s = cor_generic_sea_ends(w->net, from, to, &d);
        if (reason[0]) {
        } else if (q->generic_sea) {
            if (s != COR_OK && d.count)
                snprintf(reason, sizeof reason, "%s", d.items[0].msg);
        } else if (s == COR_OK) {
            cor_workspace *ws = cor_workspace_new();
            if (ws && cor_generic_sea_would_route(w->g, q, ws, from, to))
                snprintf(reason, sizeof reason, "no scheduled service gives a route; a generic sea service along the "
                                                "lanes (no schedule known) would: try generic-sea=true");
            cor_workspace_free(ws);
        }
        cor_diag_destroy(&d);
    }
    srv_error(r, 422, NULL, json_pack("{s:s, s:s, s:i, s:s}", "from", cor_network_node(w->net, from)->id, "to",
                                      cor_network_node(w->net, to)->id, "year", q->year, "reason",
                                      reason[0] ? reason : why),
              "no route from %s to %s in %d under these options (check year, modes, avoid%s and scenario)",
              cor_network_node(w->net, from)->name, cor_network_node(w->net, to)->name, q->year,
              q->depart_month ? ", depart (seasons.csv closes some links in its month)" : "");
}

static void api_route(srv *S, const srv_req *rq, srv_resp *r)
{
    route_args a;
    route_args_init(&a, "route");
    const char *from_arg = NULL, *to_arg = NULL;
    if (api_parse_params(rq, &a, 0, &from_arg, &to_arg, r))
        return;
    cor_query q;
    cor_format fmt;
    cli_err e;
    if (route_make_query(&a, &q, &fmt, &e)) {
        send_err(S, NULL, &e, r);
        return;
    }
    world *w = NULL;
    int owned = 0;
    if (get_world(S, a.scenario, a.nscenario, rq, &w, &owned, r))
        return;
    uint32_t from, to;
    srv_filter *sf = NULL;
    const cor_filter *f = NULL;
    cor_workspace *ws = NULL;
    cor_path path;
    cor_path_init(&path);
    cor_itinerary it;
    cor_itinerary_init(&it);
    cor_path_set ps;
    cor_path_set_init(&ps);
    cor_itinerary *its = NULL;
    cor_itinerary **ptrs = NULL;
    cor_diag d;
    cor_diag_init(&d, 16);
    cor_warnings warns;
    cor_warnings_init(&warns, 0);
    route_option_warnings(&a, &warns);
    cor_query_warnings(&q, &warns);
    route_year_warning(&a, w->net, &warns);
    cor_warnings_merge(&warns, cor_network_warnings(w->net));
    cli_end ends[2];
    q.reliability = w->rel; /* seasons in the month of depart; ranges */
    if (resolve_ends(S, &a, w, from_arg, to_arg, &q, &from, &to, ends, r))
        goto done;
    cor_query_warnings(&q, &warns); /* again, with the box resolved (a message is listed once) */
    if (ends[0].is_city || ends[1].is_city) { /* first or last mile by road, as `corridor route` */
        route_cities(&a, w, &q, ends, fmt, &warns, r);
        goto done;
    }
    if (q.generic_sea && cor_generic_sea_ends(w->net, from, to, &d) == COR_EUSAGE) {
        srv_error(r, 400, "generic-sea", NULL, "%s", d.items[0].msg);
        goto done;
    }
    cor_diag_clear(&d);
    cor_status s = filter_acquire(S, w, &q, &sf, &d);
    f = sf ? &sf->f : NULL;
    if (s == COR_OK && (a.pareto || a.alternatives)) {
        cor_budget b = {a.max_labels, a.max_work, a.epsilon};
        s = a.pareto ? cor_pareto(f, &q, from, to, &b, &ps, &d)
                     : cor_k_shortest(f, &q, from, to, a.alternatives, &b, &ps, &d);
        if (s == COR_ENOROUTE) {
            no_route(r, w, f, &q, from, to, "no route under these options");
            goto done;
        }
        its = calloc(ps.n ? ps.n : 1, sizeof *its);
        ptrs = calloc(ps.n ? ps.n : 1, sizeof *ptrs);
        if (s == COR_OK && (!its || !ptrs))
            s = COR_ENOMEM;
        for (uint32_t i = 0; i < ps.n && s == COR_OK; i++) {
            cor_itinerary_init(&its[i]);
            ptrs[i] = &its[i];
            s = cor_itinerary_build(&its[i], f, &q, &ps.paths[i], &d);
            cor_itinerary_warnings(&its[i], &warns);
            its[i].warnings = &warns;
        }
        membuf m;
        if (s == COR_OK && mem_open(&m) == 0) {
            s = cor_write_itineraries_opts(m.fp, ptrs, ps.n, fmt, a.pareto ? "pareto" : "alternatives", &ps, NULL);
            mem_close(&m, s, r, format_ctype(fmt));
        } else if (s == COR_OK || s == COR_ENOMEM) {
            srv_oom(r);
        } else {
            srv_error(r, 500, NULL, NULL, "%s", d.count ? d.items[0].msg : cor_status_message(s));
        }
        goto done;
    }
    if (s == COR_OK && (s = route_by_hierarchy(S, w, sf, &q, from, to, &path, &d)) == COR_ENOTFOUND) {
        s = COR_OK; /* no stored hierarchy fits: plain Dijkstra */
        ws = cor_workspace_new();
        if (!ws)
            s = COR_ENOMEM;
        if (s == COR_OK)
            s = cor_shortest_path(f, &q, ws, from, to, &path, &d);
    }
    if (s == COR_ENOROUTE) {
        no_route(r, w, f, &q, from, to, d.count ? d.items[0].msg : "no route under these options");
        goto done;
    }
    if (s == COR_OK)
        s = cor_itinerary_build(&it, f, &q, &path, &d);
    if (s == COR_OK) {
        cor_itinerary_warnings(&it, &warns);
        it.warnings = &warns;
        membuf m;
        if (mem_open(&m) == 0) {
            s = cor_write_itinerary_opts(m.fp, &it, fmt, NULL);
            mem_close(&m, s, r, format_ctype(fmt));
        } else {
            srv_oom(r);
        }
    } else if (s == COR_ENOMEM) {
        srv_oom(r);
    } else {
        srv_error(r, s == COR_EUSAGE ? 400 : 500, NULL, NULL, "%s", d.count ? d.items[0].msg : cor_status_message(s));
    }
done:
    for (uint32_t i = 0; its && i < ps.n; i++)
        cor_itinerary_destroy(&its[i]);
    free(its);
    free(ptrs);
    cor_path_set_destroy(&ps);
    cor_warnings_destroy(&warns);
    cor_diag_destroy(&d);
    cor_itinerary_destroy(&it);
    cor_path_destroy(&path);
    cor_workspace_free(ws);
    filter_release(S, sf);
    if (owned) {
        world_free(w);
        free(w);
    }
}

/* ---- /v1/compare ---- */

static void api_compare(srv *S, const srv_req *rq, srv_resp *r)
{
    route_args a;
    route_args_init(&a, "compare");
    const char *from_arg = NULL, *to_arg = NULL;
    if (api_parse_params(rq, &a, 1, &from_arg, &to_arg, r))
        return;
    cor_query q0;
    cor_format fmt;
    cli_err e;
    if (route_make_query(&a, &q0, &fmt, &e)) {
        send_err(S, NULL, &e, r);
        return;
    }
    /* the columns: "base" is the scenario list alone */
    char list[2048];
    const char *names[SRV_MAX_WORLDS];
    size_t nnames = 0;
    if (strlen(a.scenarios ? a.scenarios : "base") >= sizeof list) {
        srv_error(r, 400, "scenarios", NULL, "scenarios: longer than %zu bytes", sizeof list - 1);
        return;
    }
    snprintf(list, sizeof list, "%s", a.scenarios && *a.scenarios ? a.scenarios : "base");
    for (char *p = list;;) {
        char *c = strchr(p, ',');
        if (c)
            *c = '\0';
        if (!*p) {
            srv_error(r, 400, "scenarios", NULL, "scenarios: an empty entry in the list (write base for no scenario)");
            return;
        }
        if (nnames >= SRV_MAX_WORLDS || a.nscenario + nnames >= SRV_MAX_WORLDS + 1) {
            srv_error(r, 400, "scenarios", NULL, "scenarios: at most %u columns over HTTP", SRV_MAX_WORLDS);
            return;
        }
        if (strcmp(p, "base") != 0 && !scenario_name_ok(p)) {
            srv_error(r, 400, "scenarios", NULL, "scenarios: expected names of the network's scenarios or base");
            return;
        }
        names[nnames++] = p;
        if (!c)
            break;
        p = c + 1;
    }
    world *ws[SRV_MAX_WORLDS] = {0};
    int owned[SRV_MAX_WORLDS] = {0};
    cor_compare cmp;
    cor_compare_init(&cmp);
    cor_diag d;
    cor_diag_init(&d, 16);
    cor_warnings warns;
    cor_warnings_init(&warns, 0);
    route_option_warnings(&a, &warns);
    cor_query_warnings(&q0, &warns);
    cmp.warnings = &warns;
    int ok = 1;
    for (size_t i = 0; i < nnames && ok; i++) {
        const char *args[MAX_SCENARIOS + 1];
        size_t n = 0;
        for (unsigned k = 0; k < a.nscenario; k++)
            args[n++] = a.scenario[k];
        if (strcmp(names[i], "base") != 0)
            args[n++] = names[i];
        if (get_world(S, args, n, rq, &ws[i], &owned[i], r)) {
            ok = 0;
            break;
        }
        /* the label: the column's scenario's name (the overlay's when only it applies) */
        const char *label = strcmp(names[i], "base") == 0 ? "base" : cor_scenario_name(ws[i]->sc[n - 1]);
        route_year_warning(&a, ws[i]->net, &warns);
        cor_warnings_merge(&warns, cor_network_warnings(ws[i]->net));
        cor_query q = q0;
        q.reliability = ws[i]->rel;
        uint32_t from, to;
        if (route_resolve_trip(&a, ws[i]->net, from_arg, to_arg, &q, &from, &to, &e)) {
            send_err(S, ws[i], &e, r);
            ok = 0;
            break;
        }
        cor_query_warnings(&q, &warns); /* again, with the box resolved (a message is listed once) */
        cor_status s = cor_compare_run(&cmp, ws[i]->g, &q, label, from, to, &d);
        if (s != COR_OK) {
            if (s == COR_ENOMEM)
                srv_oom(r);
            else
                srv_error(r, s == COR_EUSAGE ? 400 : 500, NULL, NULL, "%s", d.count ? d.items[0].msg : cor_status_message(s));
            ok = 0;
        }
    }
    for (size_t i = 0; ok && i < cmp.n; i++)
        if (cmp.items[i]->status == COR_OK)
            cor_itinerary_warnings(&cmp.items[i]->it, &warns);
    if (ok) {
        membuf m;
        if (mem_open(&m) == 0) {
            cor_status s = cor_write_compare_opts(m.fp, &cmp, fmt, NULL);
            mem_close(&m, s, r, format_ctype(fmt));
        } else {
            srv_oom(r);
        }
    }
    cor_compare_destroy(&cmp);
    cor_warnings_destroy(&warns);
    cor_diag_destroy(&d);
    worlds_free_owned(ws, owned, nnames);
}

/* ---- /v1/tcd ---- */

static json_t *tcd_json(const tcd_set *t, const cor_warnings *warns)
{
    static const char *const kinds[] = {"leg", "wait", "stop"};
    json_t *arr = json_array(), *absent = json_array(), *wa = json_array();
    for (size_t i = 0; arr && i < t->nseries; i++) {
        json_t *segs = json_array();
        for (uint32_t k = 0; segs && k < t->series[i].n; k++) {
            const cor_tcd_segment *g = &t->series[i].seg[k];
            json_array_append_new(segs, json_pack("{s:s, s:i, s:s, s:s, s:f, s:f, s:f, s:f, s:f, s:f}", "element",
                                                  kinds[g->kind], "seq", (int)g->seq, "label", g->label, "mode",
                                                  g->kind == COR_TCD_STOP ? "" : cor_mode_name(g->mode), "km_start",
                                                  g->km0, "km_end", g->km1, "hours_start", g->h0, "hours_end", g->h1,
                                                  "usd_start", g->usd0, "usd_end", g->usd1));
        }
        json_array_append_new(arr, json_pack("{s:s, s:o}", "name", t->series[i].name, "segments", segs));
    }
    for (size_t i = 0; absent && i < t->nabsent; i++)
        json_array_append_new(absent, json_pack("{s:s, s:s}", "name", t->absent_name[i], "reason", t->absent_why[i]));
    for (size_t i = 0; wa && warns && i < warns->count; i++)
        json_array_append_new(wa, json_pack("{s:s, s:s}", "code", warns->items[i].code, "message", warns->items[i].msg));
    return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}", "title", t->title, "subtitle", t->subtitle, "cost_per",
                     t->chart.cost_unit ? t->chart.cost_unit : "TEU", "series", arr, "not_drawn", absent, "warnings", wa);
}

static void api_tcd(srv *S, const srv_req *rq, srv_resp *r)
{
    route_args a;
    route_args_init(&a, "tcd");
    const char *from_arg = NULL, *to_arg = NULL;
    if (api_parse_params(rq, &a, 2, &from_arg, &to_arg, r))
        return;
    static const struct {
        const char *name, *ctype;
        int chart; /* cor_chart_format, or -1: csv, -2: json */
    } fmts[] = {{"svg", "image/svg+xml", COR_CHART_SVG}, {"png", "image/png", COR_CHART_PNG},
                {"pdf", "application/pdf", COR_CHART_PDF}, {"csv", "text/csv; charset=utf-8", -1},
                {"json", "application/json", -2}};
    int f = -1;
    for (int i = 0; i < 5; i++)
        if (strcmp(a.format, fmts[i].name) == 0)
            f = i;
    if (f < 0) {
        char b[128];
        srv_error(r, 400, "format", NULL, "format: unknown chart format '%s' (expected svg, png, pdf, csv or json)",
                  (cor_text_display(a.format, b, sizeof b, 60), b));
        return;
    }
    if (a.tcd_compare + a.pareto + (a.alternatives > 0) > 1) {
        srv_error(r, 400, a.tcd_compare ? "compare" : "pareto", NULL, "choose one of compare, pareto and alternatives");
        return;
    }
    a.format = "table"; /* as `corridor tcd` without --format: the chart's format is the answer's */
    cor_query q;
    cor_format fmt;
    cli_err e;
    if (route_make_query(&a, &q, &fmt, &e)) {
        send_err(S, NULL, &e, r);
        return;
    }
    world *w = NULL;
    int owned = 0;
    if (get_world(S, a.scenario, a.nscenario, rq, &w, &owned, r))
        return;
    uint32_t from, to;
    cor_diag d;
    cor_diag_init(&d, 16);
    cor_warnings warns;
    cor_warnings_init(&warns, 0);
    tcd_set t;
    tcd_set_init(&t);
    route_option_warnings(&a, &warns);
    cor_query_warnings(&q, &warns);
    route_year_warning(&a, w->net, &warns);
    cor_warnings_merge(&warns, cor_network_warnings(w->net));
    q.reliability = w->rel;
    if (route_resolve_trip(&a, w->net, from_arg, to_arg, &q, &from, &to, &e)) {
        send_err(S, w, &e, r);
        goto done;
    }
    cor_query_warnings(&q, &warns); /* again, with the box resolved */
    if (rq->body && a.nscenario < MAX_SCENARIOS) /* the subtitle names the inline scenario too */
        a.scenario[a.nscenario++] = cor_scenario_name(w->sc[w->nsc - 1]);
    cor_status s = tcd_set_make(&t, &a, w->g, &q, from, to, &warns, &d);
    if (s == COR_ENOROUTE) {
        srv_error(r, 422, NULL, json_pack("{s:s, s:s, s:i}", "from", cor_network_node(w->net, from)->id, "to",
                                          cor_network_node(w->net, to)->id, "year", q.year),
                  "no route from %s to %s in %d under these options", cor_network_node(w->net, from)->name,
                  cor_network_node(w->net, to)->name, q.year);
        goto done;
    }
    membuf m;
    if (s == COR_OK && mem_open(&m) == 0) {
        if (fmts[f].chart >= 0)
            s = cor_tcd_render_chart(m.fp, (cor_chart_format)fmts[f].chart, t.series, t.nseries, &t.chart, &d);
        else if (fmts[f].chart == -1)
            s = cor_tcd_write_csv(m.fp, t.series, t.nseries);
        else {
            json_t *root = tcd_json(&t, &warns);
            s = root && json_dumpf(root, m.fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10)) == 0 &&
                        fputc('\n', m.fp) != EOF
                    ? COR_OK
                    : COR_ENOMEM;
            json_decref(root);
        }
        mem_close(&m, s, r, fmts[f].ctype);
    } else if (s == COR_OK || s == COR_ENOMEM) {
        srv_oom(r);
    } else {
        srv_error(r, s == COR_EUSAGE ? 400 : 500, NULL, NULL, "%s", d.count ? d.items[0].msg : cor_status_message(s));
    }
done:
    tcd_set_destroy(&t);
    cor_warnings_destroy(&warns);
    cor_diag_destroy(&d);
    if (owned) {
        world_free(w);
        free(w);
    }
}

/* ---- /v1/nodes ---- */

static void api_nodes(srv *S, const srv_req *rq, srv_resp *r)
{
    const char *query = "", *format = "json";
    for (unsigned i = 0; i < rq->nparams; i++) {
        const char *n = rq->params[i].name, *v = rq->params[i].value ? rq->params[i].value : "";
        if (strcmp(n, "q") == 0)
            query = v;
        else if (strcmp(n, "format") == 0)
            format = v;
        else {
            char b[128];
            srv_error(r, 400, (cor_text_display(n, b, sizeof b, 60), b), NULL,
                      "unknown parameter '%s' (expected q and format)", b);
            return;
        }
    }
    cor_format fmt;
    if (cor_format_parse(format, &fmt) != 0 || fmt == COR_FMT_MD || fmt == COR_FMT_HTML) {
        char b[128];
        srv_error(r, 400, "format", NULL, "format: unknown format '%s' (expected table, json, geojson or csv)",
                  (cor_text_display(format, b, sizeof b, 60), b));
        return;
    }
    if (strlen(query) > COR_MAX_NAME_BYTES) {
        srv_error(r, 400, "q", NULL, "q: at most %u bytes", COR_MAX_NAME_BYTES);
        return;
    }
    membuf m;
    uint32_t nm = 0;
    if (mem_open(&m) != 0) {
        srv_oom(r);
        return;
    }
    cor_status s = cor_write_nodes(m.fp, S->base.net, query, fmt, &nm);
    mem_close(&m, s, r, format_ctype(fmt));
}

/* ---- /v1/matrix: the best route's value from every origin to every
 * destination, as `corridor matrix` (OSRM's table service) ---- */

/* Split a comma-separated list of places and resolve each on net into
 * nodes (malloc'd, *n of them); 0, or -1 with the refusal in r. */
static int matrix_places(const cor_network *net, const char *param, const char *list, uint32_t **nodes, uint32_t *n,
                         srv_resp *r)
{
    *nodes = NULL;
    *n = 0;
    size_t cap = 1;
    for (const char *c = list; *c; c++)
        cap += *c == ',';
    if (cap > SRV_MAX_MATRIX_PLACES) {
        srv_error(r, 400, param, NULL, "%s: more than %u places", param, SRV_MAX_MATRIX_PLACES);
        return -1;
    }
    if (!(*nodes = malloc(cap * sizeof **nodes))) {
        srv_oom(r);
        return -1;
    }
    const char *s = list;
    for (;;) {
        const char *e = strchr(s, ',');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        while (len && (*s == ' ' || *s == '\t'))
            s++, len--;
        while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
            len--;
        char name[COR_MAX_NAME_BYTES + 1], shown_name[128];
        if (len == 0 || len > COR_MAX_NAME_BYTES) {
            srv_error(r, 400, param, NULL, "%s: %s (expected places separated by commas)", param,
                      len ? "a place name too long" : "an empty place");
            return -1;
        }
        memcpy(name, s, len);
        name[len] = 0;
        uint32_t sugg[3];
        if (cor_network_find_node(net, name, &(*nodes)[*n], sugg, 3) != COR_OK) {
            char did[256] = "";
            for (int k = 0; k < 3 && sugg[k] != COR_NONE; k++)
                snprintf(did + strlen(did), sizeof did - strlen(did), "%s%s", k ? ", " : " (did you mean ",
                         cor_network_node(net, sugg[k])->id);
            if (did[0])
                snprintf(did + strlen(did), sizeof did - strlen(did), "?)");
            srv_error(r, 404, param, NULL, "%s: unknown place '%s'%s", param,
                      (cor_text_display(name, shown_name, sizeof shown_name, 60), shown_name), did);
            return -1;
        }
        (*n)++;
        if (!e)
            break;
        s = e + 1;
    }
    return 0;
}

static void api_matrix(srv *S, const srv_req *rq, srv_resp *r)
{
    const char *from = NULL, *to = NULL, *by = "time", *format = "json";
    double vot = 0, cp = 0;
    long year = 0;
    for (unsigned i = 0; i < rq->nparams; i++) {
        const char *n = rq->params[i].name, *v = rq->params[i].value ? rq->params[i].value : "";
        char *e = NULL;
        if (strcmp(n, "from") == 0 || strcmp(n, "to") == 0) {
            const char **dst = n[0] == 'f' ? &from : &to;
            if (*dst) {
                srv_error(r, 400, n, NULL, "%s: given twice", n);
                return;
            }
            *dst = v;
        } else if (strcmp(n, "by") == 0) {
            by = v;
        } else if (strcmp(n, "format") == 0) {
            format = v;
        } else if (strcmp(n, "value-of-time") == 0 || strcmp(n, "carbon-price") == 0) {
            double x = strtod(v, &e), max = n[0] == 'v' ? 1e7 : 1e6; /* as for /v1/route */
            if (e == v || *e || !(x >= 0 && x <= max)) {
                srv_error(r, 400, n, NULL, "%s: expected a number 0..%g", n, max);
                return;
            }
            *(n[0] == 'v' ? &vot : &cp) = x;
        } else if (strcmp(n, "year") == 0) {
            year = strtol(v, &e, 10);
            if (e == v || *e || year < 1800 || year > 2200) {
                srv_error(r, 400, n, NULL, "year: expected a year 1800..2200");
                return;
            }
        } else {
            char b[128];
            srv_error(r, 400, (cor_text_display(n, b, sizeof b, 60), b), NULL,
                      "unknown parameter '%s' (expected from, to, by, year, value-of-time, carbon-price and format)", b);
            return;
        }
    }
    if (!from || !to) {
        srv_error(r, 400, from ? "to" : "from", NULL, "%s: required (places separated by commas)", from ? "to" : "from");
        return;
    }
    int json = strcmp(format, "json") == 0;
    if (!json && strcmp(format, "csv") != 0) {
        srv_error(r, 400, "format", NULL, "format: expected json or csv");
        return;
    }
    cor_query q;
    if (!year)
        year = cor_this_year();
    cor_query_init(&q, (int)year);
    if (cor_objective_parse(by, &q.by) != 0) {
        srv_error(r, 400, "by", NULL, "by: expected time, cost, co2, distance or generalized");
        return;
    }
    q.value_of_time_usd_per_teu_day = vot;
    q.carbon_price_usd_per_t = cp;
    const world *w = &S->base;
    uint32_t *a = NULL, *b = NULL, na = 0, nb = 0;
    double *v = NULL;
    srv_filter *sf = NULL;
    cor_diag d;
    cor_diag_init(&d, 8);
    if (matrix_places(w->net, "from", from, &a, &na, r) || matrix_places(w->net, "to", to, &b, &nb, r))
        goto done;
    if ((uint64_t)na * nb > SRV_MAX_MATRIX_CELLS) {
        srv_error(r, 400, "to", NULL, "a matrix of %u x %u places is above the limit of %u cells", na, nb,
                  SRV_MAX_MATRIX_CELLS);
        goto done;
    }
    cor_status s = filter_acquire(S, w, &q, &sf, &d);
    const cor_filter *f = sf ? &sf->f : NULL;
    char why[256];
    for (uint32_t i = 0; s == COR_OK && i < na + nb; i++) {
        uint32_t node = i < na ? a[i] : b[i - na];
        if (cor_filter_node_problem(f, node, why, sizeof why)) {
            srv_error(r, 422, i < na ? "from" : "to", NULL, "%s: %s is %s", i < na ? "from" : "to",
                      cor_network_node(w->net, node)->name, why);
            goto done;
        }
    }
    if (s == COR_OK && !(v = malloc((size_t)na * nb * sizeof *v)))
        s = COR_ENOMEM;
    /* a stored hierarchy that fits the query: many-to-many by buckets; else one search per origin */
    const srv_ch *c = NULL;
    for (int k = 0; s == COR_OK && k < 2; k++)
        if (S->ch[k].fg && sf->fits[k])
            c = &S->ch[k];
    cor_matrix_info info;
    if (s == COR_OK)
        s = c ? cor_fast_matrix(c->fg, a, na, b, nb, v, &d) : cor_matrix(f, &q, a, na, b, nb, v, &info, &d);
    if (s == COR_ENOMEM) {
        srv_oom(r);
        goto done;
    }
    if (s != COR_OK) {
        srv_error(r, s == COR_ELIMIT ? 400 : 500, NULL, NULL, "%s", d.count ? d.items[0].msg : cor_status_message(s));
        goto done;
    }
    membuf m;
    if (mem_open(&m) != 0) {
        srv_oom(r);
        goto done;
    }
    cli_matrix_write(m.fp, json, w->net, &q, a, na, b, nb, v);
    mem_close(&m, COR_OK, r, json ? "application/json" : "text/csv; charset=utf-8");
done:
    filter_release(S, sf);
    cor_diag_destroy(&d);
    free(v);
    free(a);
    free(b);
}

/* ---- computed once ---- */

static char *dump(json_t *root, size_t *len)
{
    char *s = root ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10)) : NULL;
    json_decref(root);
    size_t n = s ? strlen(s) : 0;
    char *t = s ? realloc(s, n + 2) : NULL;
    if (!t) {
        free(s);
        *len = 0;
        return NULL;
    }
    memcpy(t + n, "\n", 2);
    *len = n + 1;
    return t;
}

/* GeoJSON of the network: a Point per node, a LineString per link (through
 * its sea waypoints), for the map. */
static char *network_geojson(const cor_network *net, size_t *len)
{
    json_t *feats = json_array();
    for (uint32_t i = 0; feats && i < cor_network_node_count(net); i++) {
        const cor_node *n = cor_network_node(net, i);
        json_array_append_new(feats, json_pack("{s:s, s:{s:s, s:[f,f]}, s:{s:s, s:s, s:s, s:s, s:s}}", "type", "Feature",
                                               "geometry", "type", "Point", "coordinates", n->lon, n->lat,
                                               "properties", "element", "node", "id", n->id, "name", n->name,
                                               "country", n->country, "kind", n->kind));
    }
    for (uint32_t i = 0; feats && i < cor_network_link_count(net); i++) {
        const cor_link *l = cor_network_link(net, i);
        json_t *coords = json_array();
        const cor_node *a = cor_network_node(net, l->from), *b = cor_network_node(net, l->to);
        json_array_append_new(coords, json_pack("[f,f]", a->lon, a->lat));
        for (uint32_t k = 0; k < l->nwaypoints; k++) {
            const cor_node *p = cor_network_node(net, l->waypoints[k]);
            json_array_append_new(coords, json_pack("[f,f]", p->lon, p->lat));
        }
        json_array_append_new(coords, json_pack("[f,f]", b->lon, b->lat));
        json_array_append_new(feats, json_pack("{s:s, s:{s:s, s:o}, s:{s:s, s:s, s:s, s:s, s:s, s:f, s:s}}", "type",
                                               "Feature", "geometry", "type", "LineString", "coordinates", coords,
                                               "properties", "element", "link", "id", l->id, "from", a->id, "to", b->id,
                                               "mode", cor_mode_name(l->mode), "distance_km", l->distance_km, "status",
                                               l->status));
    }
    return dump(json_pack("{s:s, s:o}", "type", "FeatureCollection", "features", feats), len);
}

/* The network's scenarios: as `corridor scenarios --format json` lists
 * them, without the server's folder. */
static char *scenarios_json(const char *dir, size_t *len)
{
    char sdir[4096];
    snprintf(sdir, sizeof sdir, "%s/scenarios", dir);
    struct dirent **list = NULL;
    int nl = scandir(sdir, &list, NULL, alphasort);
    json_t *arr = json_array();
    for (int k = 0; k < nl; k++) {
        const char *fn = list[k]->d_name;
        size_t n = strlen(fn);
        char path[8192];
        cor_diag d;
        if (n > 5 && strcmp(fn + n - 5, ".json") == 0 && fn[0] != '.' && cor_diag_init(&d, 1) == COR_OK) {
            snprintf(path, sizeof path, "%s/%s", sdir, fn);
            cor_scenario *sc = NULL;
            if (cor_scenario_load(path, &sc, &d) == COR_OK) {
                char summary[2048] = "", name[256];
                cor_scenario_summary(sc, summary, sizeof summary);
                snprintf(name, sizeof name, "%.*s", (int)(n - 5), fn);
                json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", name, "title",
                                                     cor_scenario_name(sc), "description", cor_scenario_description(sc),
                                                     "source", cor_scenario_source(sc), "changes", summary));
            }
            cor_scenario_free(sc);
            cor_diag_destroy(&d);
        }
        free(list[k]);
    }
    free(list);
    return dump(json_pack("{s:o}", "scenarios", arr), len);
}

/* The snapshot's hierarchies, mapped once (a corrupt one is reported and
 * not used: queries then run plain Dijkstra). */
static void load_hierarchies(srv *S)
{
    cor_filter probe;
    memset(&probe, 0, sizeof probe);
    probe.g = S->base.g;
    if (!cor_snapshot_is_file(S->cfg.network) || !cor_fast_eligible(&probe, NULL, 0))
        return;
    static const cor_objective by[2] = {COR_BY_DISTANCE, COR_BY_TIME};
    int year = cor_this_year(); /* the year of a query without --year, and of build */
    for (int k = 0; k < 2; k++) {
        cor_diag d;
        cor_diag_init(&d, 4);
        srv_ch *c = &S->ch[k];
        cor_status s = cor_snapshot_ch(S->cfg.network, by[k], year, &c->fg, &c->map, &c->maplen, &d);
        if (s == COR_OK && cor_fast_node_count(c->fg) == S->base.g->nnodes) {
            c->by = (int)by[k];
            c->year = year;
            fprintf(stderr, "%s serve: contraction hierarchy by %s for %d from the snapshot: /v1/route and /v1/matrix use it for "
                            "the queries it was built for\n", prog, cor_objective_name(by[k]), year);
        } else {
            if (s != COR_OK && s != COR_ENOTFOUND)
                fprintf(stderr, "%s serve: warning: the snapshot's hierarchy by %s is not used: %s\n", prog,
                        cor_objective_name(by[k]), d.count ? d.items[0].msg : cor_status_message(s));
            cor_fast_free(c->fg);
            cor_snapshot_unmap(c->map, c->maplen);
            memset(c, 0, sizeof *c);
        }
        cor_diag_destroy(&d);
    }
}

void api_release(srv *S)
{
    for (unsigned i = 0; i < SRV_FILTERS; i++)
        if (S->filters[i]) {
            cor_filter_destroy(&S->filters[i]->f);
            free(S->filters[i]);
            S->filters[i] = NULL;
        }
    for (unsigned i = 0; i < S->nws; i++)
        cor_fast_ws_free(S->ws_pool[i]);
    S->nws = 0;
    for (int k = 0; k < 2; k++) {
        cor_fast_free(S->ch[k].fg);
        cor_snapshot_unmap(S->ch[k].map, S->ch[k].maplen);
        memset(&S->ch[k], 0, sizeof S->ch[k]);
    }
}

/* The query compiled on w: from the cache when the base network saw it
 * before (its refs taken), else compiled now and kept in place of the
 * least recently used entry no request holds.  COR_OK and *out, or the
 * status of cor_filter_init (its message in d). */
static cor_status filter_acquire(srv *S, const world *w, const cor_query *q, srv_filter **out, cor_diag *d)
{
    *out = NULL;
    int base = w == &S->base;
    if (base) {
        pthread_mutex_lock(&S->flock);
        for (unsigned i = 0; i < SRV_FILTERS; i++) {
            srv_filter *e = S->filters[i];
            if (e && memcmp(&e->q, q, sizeof *q) == 0) {
                e->refs++;
                e->used = ++S->ftick;
                *out = e;
                break;
            }
        }
        pthread_mutex_unlock(&S->flock);
        if (*out)
            return COR_OK;
    }
    srv_filter *sf = calloc(1, sizeof *sf);
    if (!sf)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    cor_status s = cor_filter_init(&sf->f, w->g, q, d);
    if (s != COR_OK) {
        cor_filter_destroy(&sf->f);
        free(sf);
        return s;
    }
    sf->q = *q;
    sf->refs = 1;
    for (int k = 0; k < 2; k++) /* a stored hierarchy serves the base network's queries it was built for */
        sf->fits[k] = base && S->ch[k].fg && S->ch[k].by == (int)q->by && S->ch[k].year == q->year &&
                      cor_fast_fits(S->ch[k].fg, &sf->f);
    if (base) {
        pthread_mutex_lock(&S->flock);
        int slot = -1; /* an empty entry, else the least recently used that no request holds */
        for (unsigned i = 0; i < SRV_FILTERS && slot < 0; i++)
            if (!S->filters[i])
                slot = (int)i;
        for (unsigned i = 0; i < SRV_FILTERS && (slot < 0 || S->filters[slot]); i++)
            if (S->filters[i]->refs == 0 && (slot < 0 || S->filters[i]->used < S->filters[slot]->used))
                slot = (int)i;
        srv_filter *old = NULL;
        if (slot >= 0) {
            old = S->filters[slot];
            S->filters[slot] = sf;
            sf->cached = 1;
            sf->used = ++S->ftick;
        }
        pthread_mutex_unlock(&S->flock);
        if (old) {
            cor_filter_destroy(&old->f);
            free(old);
        }
    }
    *out = sf;
    return COR_OK;
}

static void filter_release(srv *S, srv_filter *sf)
{
    if (!sf)
        return;
    pthread_mutex_lock(&S->flock);
    int keep = sf->cached;
    sf->refs--;
    pthread_mutex_unlock(&S->flock);
    if (!keep) {
        cor_filter_destroy(&sf->f);
        free(sf);
    }
}

/* The path by a stored hierarchy when one fits the query: COR_OK or
 * COR_ENOROUTE (its answer), or COR_ENOTFOUND (none fits: the caller runs
 * plain Dijkstra), COR_ENOMEM. */
static cor_status route_by_hierarchy(srv *S, const world *w, const srv_filter *sf, const cor_query *q, uint32_t from,
                                     uint32_t to, cor_path *path, cor_diag *d)
{
    if (w != &S->base || q->nvia || sf->f.nreq || from == to)
        return COR_ENOTFOUND;
    const srv_ch *c = NULL;
    for (int k = 0; k < 2; k++)
        if (S->ch[k].fg && sf->fits[k])
            c = &S->ch[k];
    if (!c)
        return COR_ENOTFOUND;
    pthread_mutex_lock(&S->chlock);
    cor_fast_ws *ws = S->nws ? S->ws_pool[--S->nws] : NULL;
    pthread_mutex_unlock(&S->chlock);
    if (!ws && !(ws = cor_fast_ws_new(c->fg)))
        return COR_ENOMEM;
    cor_status s = cor_fast_ch_path(c->fg, ws, from, to, path, NULL, d);
    pthread_mutex_lock(&S->chlock);
    if (S->nws < SRV_CH_POOL) {
        S->ws_pool[S->nws++] = ws;
        ws = NULL;
    }
    pthread_mutex_unlock(&S->chlock);
    cor_fast_ws_free(ws);
    return s;
}

int api_prepare(srv *S)
{
    load_hierarchies(S);
    size_t features = (size_t)cor_network_node_count(S->base.net) + cor_network_link_count(S->base.net);
    if (features <= SRV_MAX_NETWORK_FEATURES) {
        if (!(S->network_geojson = network_geojson(S->base.net, &S->network_len)))
            return -1;
    } else {
        fprintf(stderr, "%s serve: note: %u nodes and %u links: /v1/network (the whole network as one GeoJSON "
                        "document) is not served above %u features; routes and the other endpoints are\n",
                prog, cor_network_node_count(S->base.net), cor_network_link_count(S->base.net),
                SRV_MAX_NETWORK_FEATURES);
    }
    S->scenarios_json = scenarios_json(S->cfg.network, &S->scenarios_len);
    if (!S->scenarios_json)
        return -1;
    /* the ETag: FNV-1a of the body */
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < S->network_len; i++)
        h = (h ^ (unsigned char)S->network_geojson[i]) * 1099511628211ull;
    snprintf(S->network_etag, sizeof S->network_etag, "\"%016llx\"", (unsigned long long)h);
    char path[4096];
    snprintf(path, sizeof path, "%s/openapi.json", S->cfg.web_dir);
    FILE *fp = fopen(path, "rb");
    if (fp) {
        json_error_t je;
        json_t *doc = json_loadf(fp, 0, &je);
        fclose(fp);
        S->openapi = doc ? dump(doc, &S->openapi_len) : NULL;
    }
    return 0;
}

static void copy_answer(srv_resp *r, const char *body, size_t len, const char *ctype)
{
    free(r->body);
    r->body = malloc(len + 1);
    if (!r->body) {
        srv_oom(r);
        return;
    }
    memcpy(r->body, body, len);
    r->body[len] = '\0';
    r->len = len;
    r->status = 200;
    r->ctype = ctype;
}

/* Endpoints without parameters refuse any. */
static int no_params(const srv_req *q, srv_resp *r)
{
    if (q->nparams == 0)
        return 0;
    char b[128];
    srv_error(r, 400, (cor_text_display(q->params[0].name, b, sizeof b, 60), b), NULL,
              "unknown parameter '%s' (this endpoint takes none)", b);
    return -1;
}

int api_answer(srv *S, const srv_req *q, srv_resp *r)
{
    const char *p = q->path;
    int post_ok = strcmp(p, "/v1/route") == 0 || strcmp(p, "/v1/compare") == 0 || strcmp(p, "/v1/tcd") == 0;
    int known = post_ok || strcmp(p, "/v1/nodes") == 0 || strcmp(p, "/v1/matrix") == 0 || strcmp(p, "/v1/tcd") == 0 || strcmp(p, "/v1/scenarios") == 0 ||
                strcmp(p, "/v1/network") == 0 || strcmp(p, "/healthz") == 0 || strcmp(p, "/v1/openapi.json") == 0;
    if (!known)
        return strncmp(p, "/v1/", 4) == 0 ? (srv_error(r, 404, NULL, NULL, "no endpoint %s (see /v1/openapi.json)",
                                                       strlen(p) < 200 ? p : "(long path)"), 1)
                                          : 0;
    int is_get = strcmp(q->method, "GET") == 0 || strcmp(q->method, "HEAD") == 0;
    if (!is_get && !(post_ok && strcmp(q->method, "POST") == 0)) {
        r->allow = post_ok ? "GET, HEAD, POST" : "GET, HEAD";
        srv_error(r, 405, NULL, NULL, "%s does not take %s (allowed: %s)", p, strlen(q->method) < 20 ? q->method : "this method",
                  r->allow);
        return 1;
    }
    if (strcmp(p, "/v1/route") == 0)
        api_route(S, q, r);
    else if (strcmp(p, "/v1/compare") == 0)
        api_compare(S, q, r);
    else if (strcmp(p, "/v1/tcd") == 0)
        api_tcd(S, q, r);
    else if (strcmp(p, "/v1/nodes") == 0)
        api_nodes(S, q, r);
    else if (strcmp(p, "/v1/matrix") == 0)
        api_matrix(S, q, r);
    else if (no_params(q, r))
        return 1;
    else if (strcmp(p, "/v1/scenarios") == 0)
        copy_answer(r, S->scenarios_json, S->scenarios_len, "application/json");
    else if (strcmp(p, "/v1/network") == 0 && !S->network_geojson)
        srv_error(r, 413, NULL, NULL, "the network has %u nodes and %u links: above %u, /v1/network does not send it "
                  "as one GeoJSON document (query routes, or /v1/nodes?q=...)", cor_network_node_count(S->base.net),
                  cor_network_link_count(S->base.net), SRV_MAX_NETWORK_FEATURES);
    else if (strcmp(p, "/v1/network") == 0) {
        copy_answer(r, S->network_geojson, S->network_len, "application/geo+json");
        snprintf(r->etag, sizeof r->etag, "%s", S->network_etag);
    } else if (strcmp(p, "/v1/openapi.json") == 0) {
        if (S->openapi)
            copy_answer(r, S->openapi, S->openapi_len, "application/json");
        else
            srv_error(r, 404, NULL, NULL, "the OpenAPI description (web/openapi.json) is missing");
    } else {
        char buf[256];
        snprintf(buf, sizeof buf, "{\"status\": \"ok\", \"nodes\": %u, \"links\": %u}\n",
                 cor_network_node_count(S->base.net), cor_network_link_count(S->base.net));
        copy_answer(r, buf, strlen(buf), "application/json");
    }
    return 1;
}
