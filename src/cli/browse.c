/*
 * browse.c -- the subcommands that show the data rather than route on it:
 *
 *   corridor links [QUERY]   every link, filtered (mode, status, corridor tag,
 *                            a place at either end), as a table, CSV or JSON
 *   corridor show ID         one item of the network with every field and its
 *                            source: a node, link, liner service, transfer rule NODE:FROM>TO,
 *                            border crossing, terminal NODE:CLASS, restriction
 *                            regime, mode, emission factor, rate rule
 *                            MODE:COUNTRY, corridor
 *   corridor scenarios       the scenarios of DIR/scenarios: name,
 *                            description, source, what each changes
 *
 * Each reads the network as the other commands do (--network DIR,
 * --scenario NAME|FILE repeatable), so that `show` tells what a scenario
 * made of a row.  `show` builds one JSON object per item and prints it as
 * JSON or as "key: value" lines, so the two formats always hold the same
 * fields.  All is O(size of the network) per command.
 */
#include <ctype.h>
#include <dirent.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "cli_internal.h"
#include "corridor/box.h"
#include "corridor/model.h"
#include "corridor/outfile.h"
#include "corridor/report.h"
#include "corridor/scenario.h"
#include "corridor/text.h"

enum { B_FORMAT = 300, B_NETWORK, B_SCENARIO, B_MODE, B_STATUS, B_CORRIDOR, B_NODE, B_WIDTH };

const char *links_help =
    "Usage: corridor links [QUERY] [OPTIONS]\n"
    "\n"
    "Every link of the network (links.csv, as the scenarios leave it): id, ends,\n"
    "mode class, km, status, operator and source.  QUERY keeps the links whose\n"
    "id, end (id or name) or operator contains it (case-insensitive).\n"
    "\n"
    "Options:\n"
    "  --mode M               only links of mode M (sea, feeder, rail, road, ferry,\n"
    "                         iww) or of class M (rail1520, ...)\n"
    "  --status S             only links of status S (open, irregular, planned,\n"
    "                         construction, suspended, closed)\n"
    "  --corridor TAG         only links with the corridor tag TAG (links.csv\n"
    "                         corridors column: instc, caspian, baltic, ...)\n"
    "  --node PLACE           only links that start or end at PLACE\n"
    "  --format F             table (default; 100 columns, the source cut to fit),\n"
    "                         csv or json (every field in full)\n"
    "  --width N              table width in columns (default 100; 0 = no cut)\n"
    "  --network DIR          network folder (default: data/instc)\n"
    "  --scenario NAME|FILE   apply a scenario first (repeatable)\n"
    "Exit 1 if no link matches.  'corridor show LINK' prints one link in full.\n";

const char *show_help =
    "Usage: corridor show ID [--format text|json] [--network DIR] [--scenario NAME|FILE]...\n"
    "\n"
    "One item of the network with every field and its source.  ID is any of:\n"
    "  a link id              R-RASHT-ASTARA (its resolved values: the link's own,\n"
    "                         else its mode's default; distance of an auto sea link\n"
    "                         along the lanes)\n"
    "  a liner service id     GEMINI-ME1 (services.csv: rotation, headway, its links)\n"
    "  a border crossing id   B-ASTARA-RAIL\n"
    "  a restriction regime   red-sea-2026\n"
    "  an emission factor id  (emission_factors.csv)\n"
    "  a mode                 sea, feeder, rail, road, ferry, iww (modes.csv)\n"
    "  a corridor name        \"INSTC West\" (corridors.csv)\n"
    "  a transfer rule        NODE:FROM>TO, e.g. IR-ASTARA:road>rail1520 (either order)\n"
    "  a terminal             NODE:CLASS, e.g. INNSA:sea\n"
    "  a rate rule            MODE:COUNTRY, e.g. rail:IR (rates.csv)\n"
    "  a box type             box:40rf (boxes.csv), its pricing rule box:sea or\n"
    "                         box:terminal (box_rules.csv), a road weight limit\n"
    "                         road:RU (road_limits.csv)\n"
    "  a place                an id, name or alias, as for route (with the links,\n"
    "                         rules, crossings and terminals there)\n"
    "An unknown ID is an error (exit 2) that names the closest ids.\n";

const char *scenarios_help =
    "Usage: corridor scenarios [--format table|json] [--network DIR] [--scenario NAME|FILE]...\n"
    "\n"
    "The scenarios shipped with the network (DIR/scenarios/*.json), or those\n"
    "given with --scenario: name, description, source, and what each changes in\n"
    "one line.  Each is checked alone against the network as 'validate\n"
    "--scenario' would; a file that does not load is listed with its first error\n"
    "(exit 3).  docs/scenarios.md describes the format.\n";

/* Options shared by the three commands. */
typedef struct browse_args {
    const char *network, *format;
    const char *scen[MAX_SCENARIOS];
    size_t nscen;
    const char *mode, *status, *corridor, *node;
    long width;
} browse_args;

/* Parse argv; `which` is the command ("links", "show", "scenarios").
 * Returns -1 to go on, or an exit code. */
static int parse_browse(int argc, char **argv, const char *which, const char *help, browse_args *a)
{
    static const struct option opts[] = {
        {"format", required_argument, 0, B_FORMAT},   {"network", required_argument, 0, B_NETWORK},
        {"scenario", required_argument, 0, B_SCENARIO}, {"mode", required_argument, 0, B_MODE},
        {"status", required_argument, 0, B_STATUS},   {"corridor", required_argument, 0, B_CORRIDOR},
        {"node", required_argument, 0, B_NODE},       {"width", required_argument, 0, B_WIDTH},
        {"help", no_argument, 0, 'h'},                {0, 0, 0, 0}};
    int links = strcmp(which, "links") == 0;
    char ob[256];
    int c;
    memset(a, 0, sizeof *a);
    a->width = 100;
    opterr = 0;
    optind = 0;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(help, stdout); return 0;
        case B_FORMAT: a->format = optarg; break;
        case B_NETWORK: a->network = optarg; break;
        case B_SCENARIO:
            if (a->nscen >= MAX_SCENARIOS)
                return fail_usage(which, "--scenario: at most %d scenarios", MAX_SCENARIOS);
            a->scen[a->nscen++] = optarg;
            break;
        case B_MODE:
        case B_STATUS:
        case B_CORRIDOR:
        case B_NODE:
        case B_WIDTH:
            if (!links)
                return fail_usage(which, "%s is for the links command", bad_option(argc, argv, ob, sizeof ob));
            if (c == B_MODE)
                a->mode = optarg;
            else if (c == B_STATUS)
                a->status = optarg;
            else if (c == B_CORRIDOR)
                a->corridor = optarg;
            else if (c == B_NODE)
                a->node = optarg;
            else {
                char *end;
                a->width = strtol(optarg, &end, 10);
                if (!*optarg || *end || a->width < 0 || a->width > 10000 || (a->width > 0 && a->width < 60))
                    return fail_usage(which, "--width: expected 0 (no cut) or columns between 60 and 10000, found '%s'",
                                      shown(optarg, ob, sizeof ob));
            }
            break;
        case ':': return fail_usage(which, "option '%s' needs a value", bad_option(argc, argv, ob, sizeof ob));
        default: return fail_usage(which, "unknown option '%s'", bad_option(argc, argv, ob, sizeof ob));
        }
    }
    return -1;
}

/* Does hay contain needle, ignoring ASCII case? */
static int ci_has(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (!hay)
        return 0;
    for (const char *p = hay; *p; p++)
        if (strncasecmp(p, needle, n) == 0)
            return 1;
    return n == 0;
}

/* ---- closest ids ------------------------------------------------------ */

/* Levenshtein distance, case-insensitive; SIZE_MAX for strings over 255 bytes. */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 255 || lb > 255)
        return SIZE_MAX;
    size_t row[256], prev[256];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = prev[j - 1] + (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]));
            size_t del = prev[j] + 1, ins = row[j - 1] + 1;
            row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, row, (lb + 1) * sizeof *row);
    }
    return prev[lb];
}

typedef struct closest {
    char id[3][300];
    size_t d[3];
} closest;

static void consider(closest *c, const char *q, const char *id, const char *kind)
{
    size_t d = distance(q, id);
    if (d == SIZE_MAX)
        return;
    if (strlen(q) >= 3 && ci_has(id, q))
        d = d < 1 ? d : 1; /* a part of an id is as close as a typo */
    char entry[300];
    snprintf(entry, sizeof entry, "%s %s", kind, id);
    for (int i = 0; i < 3; i++)
        if (strcmp(c->id[i], entry) == 0)
            return; /* a place's id and name may both be close */
    for (int i = 0; i < 3; i++) {
        if (!c->id[i][0] || d < c->d[i]) {
            for (int k = 2; k > i; k--) {
                memcpy(c->id[k], c->id[k - 1], sizeof c->id[k]);
                c->d[k] = c->d[k - 1];
            }
            memcpy(c->id[i], entry, sizeof entry);
            c->d[i] = d;
            return;
        }
    }
}

/* ---- one item as JSON ------------------------------------------------- */

static json_t *str(const char *s) { return json_string(s ? s : ""); }

/* A number of the model: null when not finite. */
static json_t *num(double v) { return isfinite(v) ? json_real(v) : json_null(); }

/* A quantity that 0 leaves unstated (a capacity): null then. */
static json_t *given(double v) { return v > 0 ? num(v) : json_null(); }

static json_t *passages_json(const cor_network *net, uint64_t mask)
{
    json_t *a = json_array();
    for (uint32_t k = 0; a && k < cor_network_passage_count(net); k++)
        if (mask >> k & 1u)
            json_array_append_new(a, json_string(cor_network_passage(net, k)));
    return a;
}

static void transfer_id(const cor_network *net, const cor_transfer *t, char *buf, size_t size)
{
    snprintf(buf, size, "%s:%s>%s", cor_network_node(net, t->node)->id, cor_network_class(net, t->from_cls)->name,
             cor_network_class(net, t->to_cls)->name);
}

static json_t *node_item(const cor_network *net, uint32_t i)
{
    const cor_node *n = cor_network_node(net, i);
    json_t *al = json_array(), *links = json_array(), *tr = json_array(), *te = json_array(), *bo = json_array();
    for (uint32_t k = 0; al && k < n->naliases; k++)
        json_array_append_new(al, json_string(n->aliases[k]));
    for (uint32_t k = 0; links && k < cor_network_link_count(net); k++) {
        const cor_link *l = cor_network_link(net, k);
        if (l->from == i || l->to == i)
            json_array_append_new(links, json_string(l->id));
    }
    char id[600];
    for (uint32_t k = 0; tr && k < cor_network_transfer_count(net); k++)
        if (cor_network_transfer(net, k)->node == i) {
            transfer_id(net, cor_network_transfer(net, k), id, sizeof id);
            json_array_append_new(tr, json_string(id));
        }
    for (uint32_t k = 0; te && k < cor_network_terminal_count(net); k++)
        if (cor_network_terminal(net, k)->node == i) {
            snprintf(id, sizeof id, "%s:%s", n->id, cor_network_class(net, cor_network_terminal(net, k)->cls)->name);
            json_array_append_new(te, json_string(id));
        }
    for (uint32_t k = 0; bo && k < cor_network_border_count(net); k++)
        if (cor_network_border(net, k)->node == i)
            json_array_append_new(bo, json_string(cor_network_border(net, k)->id));
    return json_pack("{s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:f, s:f, s:o, s:s, s:o, s:o, s:o, s:o}", "type", "node",
                     "id", n->id, "id_kind", n->id_kind, "name", n->name, "aliases", al ? al : json_null(), "country",
                     n->country, "kind", n->kind, "lat", n->lat, "lon", n->lon, "passages",
                     passages_json(net, n->passages), "source", n->source, "links", links ? links : json_null(),
                     "transfers", tr ? tr : json_null(), "terminals", te ? te : json_null(), "borders",
                     bo ? bo : json_null());
}

static json_t *link_item(const cor_network *net, uint32_t i)
{
    const cor_link *l = cor_network_link(net, i);
    const cor_node *a = cor_network_node(net, l->from), *b = cor_network_node(net, l->to);
    const cor_emission_factor *ef = cor_link_factor(net, l);
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "type", "link", "id", l->id, "from", a->id,
                          "from_name", a->name, "to", b->id, "to_name", b->name, "mode", cor_mode_name(l->mode),
                          "class", cor_network_class(net, l->cls)->name);
    if (!o)
        return NULL;
    json_t *wp = json_array();
    for (uint32_t k = 0; wp && k < l->nwaypoints; k++)
        json_array_append_new(wp, json_string(cor_network_node(net, l->waypoints[k])->id));
    json_object_set_new(o, "gauge_mm", l->gauge_mm ? json_integer(l->gauge_mm) : json_null());
    json_object_set_new(o, "distance_km", num(l->distance_km));
    json_object_set_new(o, "distance_computed", json_boolean(l->distance_computed));
    json_object_set_new(o, "speed_kmh", num(l->speed_kmh));
    json_object_set_new(o, "rate_usd_per_teu_km", num(l->rate_usd_per_teu_km));
    json_object_set_new(o, "co2e_g_per_tkm", num(l->co2e_g_per_tkm));
    json_object_set_new(o, "emission_factor", ef && ef->defined ? str(ef->id) : json_null());
    json_object_set_new(o, "fixed_hours", num(l->fixed_hours));
    json_object_set_new(o, "fixed_usd", num(l->fixed_usd));
    json_object_set_new(o, "headway_hours", num(l->headway_hours));
    json_object_set_new(o, "wait_hours", num(l->wait_hours));
    json_object_set_new(o, "capacity_teu_per_year", given(l->capacity_teu_per_year));
    json_object_set_new(o, "capacity_t_per_year", given(l->capacity_t_per_year));
    json_object_set_new(o, "capacity_basis", str(l->capacity_basis));
    json_object_set_new(o, "status", str(l->status));
    json_object_set_new(o, "status_as_of", str(l->status_as_of));
    json_object_set_new(o, "open_year", l->open_year ? json_integer(l->open_year) : json_null());
    json_object_set_new(o, "close_year", l->close_year ? json_integer(l->close_year) : json_null());
    json_object_set_new(o, "operator", str(l->operator_name));
    json_object_set_new(o, "service",
                        l->service != COR_NONE ? str(cor_network_service(net, l->service)->id) : json_null());
    json_object_set_new(o, "border", l->border != COR_NONE ? str(cor_network_border(net, l->border)->id) : json_null());
    json_object_set_new(o, "passages", passages_json(net, l->passages));
    json_object_set_new(o, "waypoints_auto", json_boolean(l->auto_lanes));
    json_object_set_new(o, "waypoints", wp ? wp : json_null());
    json_object_set_new(o, "corridors", str(l->corridors));
    json_object_set_new(o, "oneway", json_boolean(l->oneway));
    json_object_set_new(o, "source", str(l->source));
    return o;
}

static json_t *service_item(const cor_network *net, uint32_t i)
{
    const cor_service *v = cor_network_service(net, i);
    json_t *ports = json_array(), *links = json_array();
    for (uint32_t k = 0; ports && k < v->nports; k++)
        json_array_append_new(ports, json_string(cor_network_node(net, v->ports[k])->id));
    for (uint32_t k = 0; links && k < v->nlinks; k++)
        json_array_append_new(links, json_string(cor_network_link(net, v->first_link + k)->id));
    const cor_emission_factor *ef = v->factor != COR_NONE ? cor_network_factor_row(net, v->factor) : NULL;
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:b, s:o, s:o, s:o, s:o, s:s, s:s, s:s, s:o, s:s}", "type",
                     "service", "id", v->id, "name", v->name, "operator", v->operator_name, "mode",
                     cor_mode_name(v->mode), "rotation", ports ? ports : json_null(), "loop", v->loop, "headway_hours",
                     num(v->headway_hours), "wait_hours", num(v->wait_hours), "port_call_hours",
                     num(v->port_call_hours), "emission_factor", ef ? str(ef->id) : json_null(), "status", v->status,
                     "status_as_of", v->status_as_of, "corridors", v->corridors, "links", links ? links : json_null(),
                     "source", v->source);
}

static json_t *transfer_item(const cor_network *net, uint32_t i)
{
    const cor_transfer *t = cor_network_transfer(net, i);
    char id[600];
    transfer_id(net, t, id, sizeof id);
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "type", "transfer", "id", id, "node",
                          cor_network_node(net, t->node)->id, "node_name", cor_network_node(net, t->node)->name,
                          "from_class", cor_network_class(net, t->from_cls)->name, "to_class",
                          cor_network_class(net, t->to_cls)->name, "kind", cor_stop_kind_name(t->kind));
    if (!o)
        return NULL;
    json_object_set_new(o, "dwell_hours", num(t->dwell_hours));
    json_object_set_new(o, "dwell_p95_hours", num(t->dwell_p95_hours));
    json_object_set_new(o, "cost_usd", num(t->cost_usd));
    json_object_set_new(o, "co2e_kg", num(t->co2e_kg));
    json_object_set_new(o, "capacity_teu_per_year", given(t->capacity_teu_per_year));
    json_object_set_new(o, "capacity_t_per_year", given(t->capacity_t_per_year));
    json_object_set_new(o, "capacity_basis", str(t->capacity_basis));
    json_object_set_new(o, "source", str(t->source));
    return o;
}

static json_t *border_item(const cor_network *net, uint32_t i)
{
    const cor_border *b = cor_network_border(net, i);
    json_t *links = json_array();
    for (uint32_t k = 0; links && k < cor_network_link_count(net); k++)
        if (cor_network_link(net, k)->border == i)
            json_array_append_new(links, json_string(cor_network_link(net, k)->id));
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:s}", "type", "border", "id", b->id, "node",
                     cor_network_node(net, b->node)->id, "node_name", cor_network_node(net, b->node)->name, "name",
                     b->name, "countries", b->countries, "dwell_hours", num(b->dwell_hours), "dwell_p95_hours",
                     num(b->dwell_p95_hours), "fee_usd", num(b->fee_usd), "links", links ? links : json_null(),
                     "source", b->source);
}

static json_t *terminal_item(const cor_network *net, uint32_t i)
{
    const cor_terminal *t = cor_network_terminal(net, i);
    char id[600];
    snprintf(id, sizeof id, "%s:%s", cor_network_node(net, t->node)->id, cor_network_class(net, t->cls)->name);
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:s}", "type", "terminal", "id", id, "node",
                     cor_network_node(net, t->node)->id, "node_name", cor_network_node(net, t->node)->name, "class",
                     cor_network_class(net, t->cls)->name, "dwell_hours", num(t->dwell_hours), "dwell_p95_hours",
                     num(t->dwell_p95_hours), "cost_usd", num(t->cost_usd), "co2e_kg", num(t->co2e_kg), "source",
                     t->source);
}

static json_t *restriction_item(const cor_network *net, uint32_t i)
{
    const cor_restriction *r = cor_network_restriction(net, i);
    json_t *links = json_array(), *nodes = json_array();
    for (uint32_t k = 0; links && k < r->nlinks; k++)
        json_array_append_new(links, json_string(cor_network_link(net, r->links[k])->id));
    for (uint32_t k = 0; nodes && k < r->nnodes; k++)
        json_array_append_new(nodes, json_string(cor_network_node(net, r->nodes[k])->id));
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:o, s:o, s:o, s:s}", "type", "restriction", "id", r->id,
                     "name", r->name, "closes", r->closes, "since", r->since, "default", r->default_on,
                     "in_force_by_default", (int)(cor_network_default_restrictions(net) >> i & 1u), "links",
                     links ? links : json_null(), "nodes", nodes ? nodes : json_null(), "passages",
                     passages_json(net, r->passages), "source", r->source);
}

static json_t *mode_item(const cor_network *net, cor_mode m)
{
    const cor_mode_params *p = cor_network_mode(net, m);
    const cor_emission_factor *ef = cor_network_factor(net, m);
    return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:s, s:o, s:s}", "type", "mode", "id", cor_mode_name(m),
                     "speed_kmh", num(p->speed_kmh), "rate_usd_per_teu_km", num(p->rate_usd_per_teu_km),
                     "co2e_g_per_tkm", num(p->co2e_g_per_tkm), "payload_t_per_teu", num(p->payload_t_per_teu), "scope",
                     p->scope ? p->scope : "", "emission_factor", ef && ef->defined ? str(ef->id) : json_null(),
                     "source", p->source ? p->source : "");
}

static json_t *factor_item(const cor_network *net, uint32_t i)
{
    const cor_emission_factor *f = cor_network_factor_row(net, i);
    return json_pack("{s:s, s:s, s:s, s:o, s:o, s:s, s:b, s:s}", "type", "emission_factor", "id", f->id, "mode",
                     cor_mode_name(f->mode), "wtw_g_per_tkm", num(f->wtw_g_per_tkm), "ttw_g_per_tkm",
                     num(f->ttw_g_per_tkm), "version", f->version ? f->version : "", "default", f->is_default, "source",
                     f->source ? f->source : "");
}

static json_t *rate_item(const cor_network *net, uint32_t i)
{
    const cor_rate_rule *r = cor_network_rate_rule(net, i);
    char id[64];
    snprintf(id, sizeof id, "%s:%s", cor_mode_name(r->mode), r->country);
    return json_pack("{s:s, s:s, s:s, s:s, s:o, s:s}", "type", "rate", "id", id, "mode", cor_mode_name(r->mode),
                     "country", r->country, "rate_usd_per_teu_km", num(r->rate_usd_per_teu_km), "source", r->source);
}

static json_t *corridor_item(const cor_network *net, uint32_t i)
{
    const cor_corridor *c = cor_network_corridor(net, i);
    json_t *via = json_array(), *an = json_array(), *al = json_array(), *modes = json_array();
    for (uint32_t k = 0; via && k < c->nvia; k++)
        json_array_append_new(via, json_string(cor_network_node(net, c->via[k])->id));
    for (uint32_t k = 0; an && k < c->navoid_nodes; k++)
        json_array_append_new(an, json_string(cor_network_node(net, c->avoid_nodes[k])->id));
    for (uint32_t k = 0; al && k < c->navoid_links; k++)
        json_array_append_new(al, json_string(cor_network_link(net, c->avoid_links[k])->id));
    for (int m = 0; modes && m < COR_MODE_COUNT; m++)
        if (!c->modes || (c->modes >> m & 1u))
            json_array_append_new(modes, json_string(cor_mode_name((cor_mode)m)));
    /* what makes a route this corridor, and the trips it serves */
    json_t *req = json_array(), *nr = json_array(), *by = json_array();
    for (uint32_t k = 0; req && k < c->nrequires; k++) {
        const cor_requirement *r = &c->requires[k];
        char t[64];
        if (r->kind == COR_REQ_PASSAGE)
            snprintf(t, sizeof t, "passage:%s", cor_network_passage(net, r->passage));
        else if (r->kind == COR_REQ_TAG)
            snprintf(t, sizeof t, "tag:%s", r->tag);
        else
            snprintf(t, sizeof t, "border:%s-%s", r->a, r->b);
        json_array_append_new(req, json_string(t));
    }
    for (uint32_t k = 0; nr && k < c->nnear; k++)
        json_array_append_new(nr, json_string(c->near[k]));
    for (uint32_t k = 0; by && k < c->nbeyond; k++)
        json_array_append_new(by, json_string(c->beyond[k]));
    return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:s}", "type", "corridor", "id",
                     c->name, "description", c->description, "via", via ? via : json_null(), "avoid_nodes",
                     an ? an : json_null(), "avoid_links", al ? al : json_null(), "avoid_passages",
                     passages_json(net, c->avoid_passages), "modes", modes ? modes : json_null(), "requires",
                     req ? req : json_null(), "defining", c->defining ? c->defining : "", "near", nr ? nr : json_null(),
                     "beyond", by ? by : json_null(), "source", c->source);
}

/* The class index of a class name, or COR_NONE. */
static uint32_t class_of(const cor_network *net, const char *name)
{
    return cor_network_find_class(net, name);
}

/* Find ID among the network's items; the item as JSON, or NULL with
 * *found = 0 (unknown) or 1 (out of memory).  *ambiguous is set when ID
 * is a place name that names several places. */
static json_t *find_item(const cor_network *net, const char *q, int *found)
{
    *found = 1;
    uint32_t x = cor_network_find_link(net, q);
    if (x != COR_NONE && x < cor_network_link_count(net))
        return link_item(net, x);
    x = cor_network_find_service(net, q);
    if (x != COR_NONE)
        return service_item(net, x);
    for (uint32_t i = 0; i < cor_network_border_count(net); i++)
        if (strcmp(cor_network_border(net, i)->id, q) == 0)
            return border_item(net, i);
    x = cor_network_find_restriction(net, q);
    if (x != COR_NONE)
        return restriction_item(net, x);
    for (uint32_t i = 0; i < cor_network_factor_count(net); i++)
        if (strcmp(cor_network_factor_row(net, i)->id, q) == 0)
            return factor_item(net, i);
    cor_mode m;
    if (cor_mode_parse(q, &m) == 0 && cor_network_mode(net, m)->defined)
        return mode_item(net, m);
    for (uint32_t i = 0; i < cor_network_corridor_count(net); i++)
        if (strcasecmp(cor_network_corridor(net, i)->name, q) == 0)
            return corridor_item(net, i);
    const char *colon = strrchr(q, ':');
    if (colon && colon != q && strlen(q) < 600) {
        char head[600];
        snprintf(head, sizeof head, "%.*s", (int)(colon - q), q);
        const char *tail = colon + 1, *gt = strchr(tail, '>');
        uint32_t node, sugg[1];
        if (gt) { /* NODE:FROM>TO, in either order */
            char c1[64];
            snprintf(c1, sizeof c1, "%.*s", (int)(gt - tail < 63 ? gt - tail : 63), tail);
            uint32_t a = class_of(net, c1), b = class_of(net, gt + 1);
            if (a != COR_NONE && b != COR_NONE && cor_network_find_node(net, head, &node, sugg, 0) == COR_OK)
                for (uint32_t i = 0; i < cor_network_transfer_count(net); i++) {
                    const cor_transfer *t = cor_network_transfer(net, i);
                    if (t->node == node && ((t->from_cls == a && t->to_cls == b) || (t->from_cls == b && t->to_cls == a)))
                        return transfer_item(net, i);
                }
        } else {
            uint32_t c = class_of(net, tail);
            if (c != COR_NONE && cor_network_find_node(net, head, &node, sugg, 0) == COR_OK)
                for (uint32_t i = 0; i < cor_network_terminal_count(net); i++)
                    if (cor_network_terminal(net, i)->node == node && cor_network_terminal(net, i)->cls == c)
                        return terminal_item(net, i);
            if (cor_mode_parse(head, &m) == 0)
                for (uint32_t i = 0; i < cor_network_rate_rule_count(net); i++) {
                    const cor_rate_rule *r = cor_network_rate_rule(net, i);
                    if (r->mode == m && strcasecmp(r->country, tail) == 0)
                        return rate_item(net, i);
                }
        }
    }
    uint32_t node, sugg[1];
    if (cor_network_find_node(net, q, &node, sugg, 0) == COR_OK)
        return node_item(net, node);
    *found = 0;
    return NULL;
}

/* The closest ids of every kind to q, for the error. */
static void closest_ids(const cor_network *net, const char *q, closest *c)
{
    char id[600];
    memset(c, 0, sizeof *c);
    for (uint32_t i = 0; i < cor_network_service_count(net); i++) /* before their links: a tie keeps the first */
        consider(c, q, cor_network_service(net, i)->id, "service");
    for (uint32_t i = 0; i < cor_network_link_count(net); i++)
        consider(c, q, cor_network_link(net, i)->id, "link");
    for (uint32_t i = 0; i < cor_network_node_count(net); i++) {
        consider(c, q, cor_network_node(net, i)->id, "place");
        consider(c, q, cor_network_node(net, i)->name, "place");
    }
    for (uint32_t i = 0; i < cor_network_border_count(net); i++)
        consider(c, q, cor_network_border(net, i)->id, "border");
    for (uint32_t i = 0; i < cor_network_restriction_count(net); i++)
        consider(c, q, cor_network_restriction(net, i)->id, "restriction");
    for (uint32_t i = 0; i < cor_network_factor_count(net); i++)
        consider(c, q, cor_network_factor_row(net, i)->id, "emission_factor");
    for (uint32_t i = 0; i < cor_network_corridor_count(net); i++)
        consider(c, q, cor_network_corridor(net, i)->name, "corridor");
    for (uint32_t i = 0; i < cor_network_transfer_count(net); i++) {
        transfer_id(net, cor_network_transfer(net, i), id, sizeof id);
        consider(c, q, id, "transfer");
    }
    for (uint32_t i = 0; i < cor_network_terminal_count(net); i++) {
        const cor_terminal *t = cor_network_terminal(net, i);
        snprintf(id, sizeof id, "%s:%s", cor_network_node(net, t->node)->id, cor_network_class(net, t->cls)->name);
        consider(c, q, id, "terminal");
    }
    for (uint32_t i = 0; i < cor_network_rate_rule_count(net); i++) {
        const cor_rate_rule *r = cor_network_rate_rule(net, i);
        snprintf(id, sizeof id, "%s:%s", cor_mode_name(r->mode), r->country);
        consider(c, q, id, "rate");
    }
    /* only plausible ones: within a third of the query, or containing it */
    size_t lim = strlen(q) / 3 + 1;
    for (int i = 0; i < 3; i++)
        if (c->id[i][0] && c->d[i] > lim)
            c->id[i][0] = '\0';
}

/* Print s as safe display text (control characters escaped), cut to
 * `cols` columns ("..." at the end) unless cols is 0, padded to cols when
 * pad; never cut for want of buffer (a source may be 64 KiB: its escaped
 * form is at most 8 bytes a byte).  Returns nonzero on a write error or
 * out of memory. */
static int put_text(FILE *out, const char *s, size_t cols, int pad)
{
    char small[512], *b = small;
    size_t need = strlen(s) * 8 + 16;
    if (need > sizeof small && !(b = malloc(need)))
        return 1;
    size_t w = cor_text_display(s, b, need > sizeof small ? need : sizeof small, cols);
    int e = fputs(b, out) == EOF;
    for (size_t i = w; pad && i < cols; i++)
        e |= fputc(' ', out) == EOF;
    if (b != small)
        free(b);
    return e;
}

/* A scalar of an item as text ("" for null); strings are returned as they
 * are (not copied), numbers written into buf. */
static const char *scalar_text(json_t *v, char *buf, size_t size)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v))
        snprintf(buf, size, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v)) {
        double x = json_real_value(v);
        if (x == floor(x) && fabs(x) < 1e15)
            snprintf(buf, size, "%.0f", x);
        else
            snprintf(buf, size, "%.6g", x);
    } else if (json_is_boolean(v))
        snprintf(buf, size, "%s", json_is_true(v) ? "yes" : "no");
    else
        snprintf(buf, size, "%s", "");
    return buf;
}

/* An item as "TYPE ID" and "  key: value" lines (arrays joined); every
 * value in full. */
static int write_item_text(FILE *out, json_t *o)
{
    int e = 0;
    char b[64];
    e |= fprintf(out, "%s ", json_string_value(json_object_get(o, "type"))) < 0;
    e |= put_text(out, json_string_value(json_object_get(o, "id")), 0, 0) | (fputc('\n', out) == EOF);
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v) {
        if (strcmp(k, "type") == 0 || strcmp(k, "id") == 0)
            continue;
        e |= fprintf(out, "  %s:", k) < 0;
        if (json_is_array(v)) {
            size_t i;
            json_t *x;
            if (json_array_size(v) == 0)
                e |= fputs(" -", out) == EOF;
            json_array_foreach(v, i, x) {
                e |= fputs(i ? ", " : " ", out) == EOF;
                e |= put_text(out, scalar_text(x, b, sizeof b), 0, 0);
            }
        } else {
            const char *t = scalar_text(v, b, sizeof b);
            e |= fputc(' ', out) == EOF;
            e |= put_text(out, t[0] ? t : "-", 0, 0);
        }
        e |= fputc('\n', out) == EOF;
    }
    return e;
}

/* Load the network of a browse command with its scenarios (no graph is
 * needed, but world_load builds one: the same checks as the routes). */
static int browse_world(const browse_args *a, world *w)
{
    memset(w, 0, sizeof *w);
    int rc = world_load(w, a->network ? a->network : default_network(), a->scen, a->nscen, NULL);
    if (rc == 0)
        print_warnings(cor_network_warnings(w->net));
    return rc;
}

/* box:ID (a box type or an item's pricing rule) or road:CC (a road weight
 * limit) from the network's box tables (box.h); NULL if q is none of them
 * (*found 0) or on no memory (*found 1). */
static json_t *find_box_item(const cor_network *net, const char *q, int *found)
{
    *found = 0;
    int box = strncmp(q, "box:", 4) == 0, road = strncmp(q, "road:", 5) == 0;
    if (!box && !road)
        return NULL;
    const char *id = q + (box ? 4 : 5);
    cor_diag d;
    if (cor_diag_init(&d, 4) != COR_OK)
        return *found = 1, NULL;
    cor_boxes *bx = NULL;
    json_t *o = NULL;
    if (cor_boxes_load(cor_network_dir(net), &bx, &d) == COR_OK) {
        for (uint32_t i = 0; box && !o && i < cor_boxes_type_count(bx); i++) {
            const cor_box_type *t = cor_boxes_type(bx, i);
            if (strcmp(t->id, id) == 0)
                o = json_pack("{s:s, s:s, s:s, s:f, s:f, s:f, s:f, s:b, s:f, s:f, s:s}", "type", "box", "id", t->id,
                              "name", t->name, "teu", t->teu, "tare_t", t->tare_t, "max_gross_t", t->max_gross_t,
                              "max_cargo_t", t->max_gross_t - t->tare_t, "reefer", t->reefer, "reefer_kw",
                              t->reefer_kw, "typical_cargo_t", t->typical_cargo_t, "source", t->source);
        }
        for (int i = 0; box && !o && i < COR_BOX_ITEM_COUNT; i++) {
            const cor_box_rule *r = cor_boxes_rule(bx, (cor_box_item)i);
            if (r->defined && strcmp(cor_box_item_name((cor_box_item)i), id) == 0)
                o = json_pack("{s:s, s:s, s:s, s:f, s:f, s:f, s:f, s:f, s:s}", "type", "box_rule", "id", id, "basis",
                              r->per_box ? "box" : "teu", "factor_40", r->per_box ? r->factor_40 : 2.0, "factor_45",
                              r->per_box ? r->factor_45 : 2.25, "reefer_factor", r->reefer_factor,
                              "reefer_usd_per_day", r->reefer_usd_per_day, "reefer_kg_co2e_per_kwh",
                              r->reefer_kg_co2e_per_kwh, "source", r->source);
        }
        for (uint32_t i = 0; road && !o && i < cor_boxes_road_limit_count(bx); i++) {
            const cor_road_limit *l = cor_boxes_road_limit(bx, i);
            if (strcmp(l->country, id) == 0)
                o = json_pack("{s:s, s:s, s:f, s:f, s:f, s:s}", "type", "road_limit", "id", l->country, "max_gvw_t",
                              l->max_gvw_t, "rig_tare_t", l->rig_tare_t, "max_box_gross_t", l->max_gvw_t - l->rig_tare_t,
                              "source", l->source);
        }
        *found = o != NULL;
    }
    cor_boxes_free(bx);
    cor_diag_destroy(&d);
    return o;
}

int cmd_show(int argc, char **argv)
{
    browse_args a;
    int rc = parse_browse(argc, argv, "show", show_help, &a);
    if (rc >= 0)
        return rc;
    char ob[256];
    if (argc - optind != 1)
        return fail_usage("show", "expected one ID (found %d arguments)", argc - optind);
    const char *q = argv[optind];
    int json = a.format && strcmp(a.format, "json") == 0;
    if (a.format && !json && strcmp(a.format, "text") != 0 && strcmp(a.format, "table") != 0)
        return fail_usage("show", "--format: expected text or json, found '%s'", shown(a.format, ob, sizeof ob));
    if (!*q)
        return fail_usage("show", "ID: expected an id or a name, found an empty argument");
    if (strlen(q) > 1000)
        return fail_usage("show", "ID: at most 1000 bytes; '%s' is %zu", shown(q, ob, sizeof ob), strlen(q));
    world w;
    if ((rc = browse_world(&a, &w)) != 0)
        return rc;
    int found;
    json_t *item = find_box_item(w.net, q, &found);
    if (!item && !found)
        item = find_item(w.net, q, &found);
    if (!item && found) {
        world_free(&w);
        fprintf(stderr, "%s: out of memory\n", prog);
        return cor_status_exit_code(COR_ENOMEM);
    }
    if (!item) {
        uint32_t cand[8], nc = cor_network_find_candidates(w.net, q, cand, 8);
        if (nc >= 2) {
            fprintf(stderr, "%s show: '%s' is ambiguous: it names %u places:", prog, shown(q, ob, sizeof ob), nc);
            for (uint32_t i = 0; i < nc && i < 8; i++)
                fprintf(stderr, "%s %s (%s)", i ? "," : "", cor_network_node(w.net, cand[i])->name,
                        cor_network_node(w.net, cand[i])->id);
        } else {
            fprintf(stderr, "%s show: unknown ID '%s'", prog, shown(q, ob, sizeof ob));
            closest c;
            closest_ids(w.net, q, &c);
            if (c.id[0][0]) {
                fprintf(stderr, " (closest:");
                for (int i = 0, n = 0; i < 3; i++)
                    if (c.id[i][0])
                        fprintf(stderr, "%s %s", n++ ? "," : "", shown(c.id[i], ob, sizeof ob));
                fprintf(stderr, ")");
            }
        }
        fprintf(stderr, "\nTry '%s show --help' for the kinds of ID, '%s links QUERY' or '%s nodes QUERY' to search.\n",
                prog, prog, prog);
        world_free(&w);
        return cor_status_exit_code(COR_EUSAGE);
    }
    cor_diag d;
    cor_diag_init(&d, 4);
    cor_outfile of;
    cor_status s = cor_outfile_open(&of, NULL, &d);
    if (s == COR_OK) {
        int e = json ? json_dumpf(item, of.fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12)) != 0 ||
                           fputc('\n', of.fp) == EOF
                     : write_item_text(of.fp, item);
        s = cor_outfile_close(&of, e ? COR_EIO : COR_OK, &d);
    }
    rc = s == COR_OK ? 0 : print_diag(&d, s);
    cor_diag_destroy(&d);
    json_decref(item);
    world_free(&w);
    return rc;
}

/* ---- links -------------------------------------------------------------- */

static const char *const statuses[] = {"open", "irregular", "planned", "construction", "suspended", "closed"};

static int link_matches(const cor_network *net, const cor_link *l, const char *q)
{
    if (!q || !*q)
        return 1;
    const cor_node *a = cor_network_node(net, l->from), *b = cor_network_node(net, l->to);
    return ci_has(l->id, q) || ci_has(a->id, q) || ci_has(b->id, q) || ci_has(a->name, q) ||
           ci_has(b->name, q) || (l->operator_name && ci_has(l->operator_name, q));
}

/* Does the link carry corridor tag t (the corridors column, '|'-separated)? */
static int has_tag(const char *tags, const char *t)
{
    size_t n = strlen(t);
    for (const char *p = tags; p && *p;) {
        const char *e = strchr(p, '|');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && strncasecmp(p, t, n) == 0)
            return 1;
        if (!e)
            break;
        p = e + 1;
    }
    return 0;
}

/* Text cut to `cols` display columns ("..." at the end when cut; 0: in
 * full), padded when pad. */
static int cell(FILE *out, const char *s, size_t cols, int pad)
{
    return put_text(out, s, cols, pad);
}

static int csv_cell(FILE *out, const char *s, int last)
{
    int quote = strpbrk(s, ",\"\r\n") != NULL, e = 0;
    if (quote) {
        e |= fputc('"', out) == EOF;
        for (const char *p = s; *p; p++)
            e |= (*p == '"' ? fputs("\"\"", out) : fputc(*p, out)) == EOF;
        e |= fputc('"', out) == EOF;
    } else {
        e |= fputs(s, out) == EOF;
    }
    return e | (fputc(last ? '\n' : ',', out) == EOF);
}

int cmd_links(int argc, char **argv)
{
    browse_args a;
    int rc = parse_browse(argc, argv, "links", links_help, &a);
    if (rc >= 0)
        return rc;
    char ob[256];
    if (argc - optind > 1)
        return fail_usage("links", "expected at most one QUERY");
    const char *q = argc > optind ? argv[optind] : "";
    const char *fmt = a.format ? a.format : "table";
    int json = strcmp(fmt, "json") == 0, csv = strcmp(fmt, "csv") == 0;
    if (!json && !csv && strcmp(fmt, "table") != 0)
        return fail_usage("links", "--format: expected table, csv or json, found '%s'", shown(fmt, ob, sizeof ob));
    if (a.status) {
        int ok = 0;
        for (size_t i = 0; i < sizeof statuses / sizeof *statuses; i++)
            ok |= strcmp(a.status, statuses[i]) == 0;
        if (!ok)
            return fail_usage("links", "--status: unknown status '%s' (expected open, irregular, planned, "
                                       "construction, suspended or closed)", shown(a.status, ob, sizeof ob));
    }
    world w;
    if ((rc = browse_world(&a, &w)) != 0)
        return rc;
    const cor_network *net = w.net;
    uint32_t mode_mask = 0, cls = COR_NONE, node = COR_NONE;
    cor_mode m;
    if (a.mode && cor_mode_parse(a.mode, &m) == 0)
        mode_mask = 1u << m;
    else if (a.mode && (cls = cor_network_find_class(net, a.mode)) == COR_NONE) {
        world_free(&w);
        return fail_usage("links", "--mode: unknown mode or class '%s' (expected sea, feeder, rail, road, ferry, iww "
                                   "or a class such as rail1520)", shown(a.mode, ob, sizeof ob));
    }
    if (a.node) {
        uint32_t sugg[3], cand[8];
        if (cor_network_find_node(net, a.node, &node, sugg, 3) != COR_OK) {
            uint32_t nc = cor_network_find_candidates(net, a.node, cand, 8);
            fprintf(stderr, "%s links: --node: %s '%s'", prog, nc >= 2 ? "ambiguous place" : "unknown place",
                    shown(a.node, ob, sizeof ob));
            uint32_t *list = nc >= 2 ? cand : sugg, n = nc >= 2 ? (nc < 8 ? nc : 8) : 3;
            for (uint32_t i = 0, k = 0; i < n; i++)
                if (list[i] != COR_NONE)
                    fprintf(stderr, "%s %s (%s)", k++ ? "," : nc >= 2 ? ": it names" : " (did you mean",
                            cor_network_node(net, list[i])->name, cor_network_node(net, list[i])->id);
            fprintf(stderr, "%s\n", nc < 2 && sugg[0] != COR_NONE ? "?)" : "");
            world_free(&w);
            return cor_status_exit_code(COR_EUSAGE);
        }
    }
    if (a.corridor) {
        int any = 0;
        for (uint32_t i = 0; i < cor_network_link_count(net) && !any; i++)
            any = has_tag(cor_network_link(net, i)->corridors, a.corridor);
        if (!any) {
            char tags[1024] = "";
            for (uint32_t i = 0; i < cor_network_link_count(net); i++) {
                const char *p = cor_network_link(net, i)->corridors;
                while (p && *p) {
                    const char *e = strchr(p, '|');
                    size_t len = e ? (size_t)(e - p) : strlen(p);
                    char t[64];
                    snprintf(t, sizeof t, "%.*s", (int)(len < 63 ? len : 63), p);
                    if (t[0] && !has_tag(tags, t) && strlen(tags) + len + 2 < sizeof tags) {
                        if (tags[0])
                            strncat(tags, "|", sizeof tags - strlen(tags) - 1);
                        strncat(tags, t, sizeof tags - strlen(tags) - 1);
                    }
                    p = e ? e + 1 : NULL;
                }
            }
            for (char *p = tags; *p; p++)
                if (*p == '|')
                    *p = ',';
            world_free(&w);
            return fail_usage("links", "--corridor: no link has the tag '%s' (the network's tags: %s)",
                              shown(a.corridor, ob, sizeof ob), tags[0] ? tags : "none");
        }
    }
    cor_diag d;
    cor_diag_init(&d, 4);
    cor_outfile of;
    cor_status s = cor_outfile_open(&of, NULL, &d);
    uint32_t matched = 0;
    int e = 0;
    json_t *arr = json ? json_array() : NULL;
    if (json && !arr)
        e = 1;
    size_t width = (size_t)a.width;
    for (uint32_t i = 0; s == COR_OK && !e && i < cor_network_link_count(net); i++) {
        const cor_link *l = cor_network_link(net, i);
        if ((mode_mask && !(mode_mask & (1u << l->mode))) || (cls != COR_NONE && l->cls != cls) ||
            (a.status && strcmp(l->status, a.status) != 0) || (node != COR_NONE && l->from != node && l->to != node) ||
            (a.corridor && !has_tag(l->corridors, a.corridor)) || !link_matches(net, l, q))
            continue;
        const cor_node *na = cor_network_node(net, l->from), *nb = cor_network_node(net, l->to);
        const char *cname = cor_network_class(net, l->cls)->name;
        if (matched++ == 0) {
            if (csv)
                e |= fputs("id,from,from_name,to,to_name,mode,class,distance_km,status,status_as_of,open_year,"
                           "operator,corridors,source\n", of.fp) == EOF;
            else if (!json)
                e |= fprintf(of.fp, "%-22s %-34s %-9s %6s  %-14s %s\n%4s%s\n", "id", "from -> to", "class", "km",
                             "status", "operator", "", "source") < 0;
        }
        if (json) {
            e |= json_array_append_new(arr, link_item(net, i)) != 0;
        } else if (csv) {
            char km[32], yr[16];
            snprintf(km, sizeof km, "%.0f", l->distance_km);
            snprintf(yr, sizeof yr, "%d", l->open_year);
            e |= csv_cell(of.fp, l->id, 0) | csv_cell(of.fp, na->id, 0) | csv_cell(of.fp, na->name, 0) |
                 csv_cell(of.fp, nb->id, 0) | csv_cell(of.fp, nb->name, 0) | csv_cell(of.fp, cor_mode_name(l->mode), 0) |
                 csv_cell(of.fp, cname, 0) | csv_cell(of.fp, km, 0) | csv_cell(of.fp, l->status, 0) |
                 csv_cell(of.fp, l->status_as_of, 0) | csv_cell(of.fp, l->open_year ? yr : "", 0) |
                 csv_cell(of.fp, l->operator_name, 0) | csv_cell(of.fp, l->corridors, 0) |
                 csv_cell(of.fp, l->source, 1);
        } else {
            /* two lines a link: the figures, then its source cut to the width */
            char ends[1200], st[64];
            snprintf(ends, sizeof ends, "%s -> %s", na->name, nb->name);
            if (l->open_year && strcmp(l->status, "open") != 0)
                snprintf(st, sizeof st, "%s %d", l->status, l->open_year);
            else
                snprintf(st, sizeof st, "%s", l->status);
            size_t used = 22 + 1 + 34 + 1 + 9 + 1 + 6 + 2 + 14 + 1;
            e |= cell(of.fp, l->id, 22, 1) | (fputc(' ', of.fp) == EOF) | cell(of.fp, ends, 34, 1) |
                 (fprintf(of.fp, " %-9s %6.0f  ", cname, l->distance_km) < 0) | cell(of.fp, st, 14, 1) |
                 (fputc(' ', of.fp) == EOF) |
                 cell(of.fp, *l->operator_name ? l->operator_name : "-", width == 0 ? 0 : width > used + 8 ? width - used : 8, 0);
            e |= fprintf(of.fp, "\n%4s", "") < 0;
            e |= cell(of.fp, *l->source ? l->source : "-", width == 0 ? 0 : width - 4, 0);
            e |= fputc('\n', of.fp) == EOF;
        }
    }
    if (json && !e && s == COR_OK) {
        json_t *wa = json_array(); /* the scenarios' no-ops, as route's JSON has them */
        const cor_warnings *nw = cor_network_warnings(net);
        for (size_t t = 0; wa && t < nw->count; t++)
            json_array_append_new(wa, json_pack("{s:s, s:s}", "code", nw->items[t].code, "message", nw->items[t].msg));
        json_t *root = json_pack("{s:i, s:o, s:o}", "count", (int)matched, "links", arr, "warnings",
                                 wa ? wa : json_null());
        arr = NULL;
        e |= !root || json_dumpf(root, of.fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12)) != 0 ||
             fputc('\n', of.fp) == EOF;
        json_decref(root);
    }
    json_decref(arr);
    if (s == COR_OK)
        s = cor_outfile_close(&of, e ? COR_EIO : COR_OK, &d);
    rc = s == COR_OK ? 0 : print_diag(&d, s);
    if (rc == 0 && matched == 0) {
        fprintf(stderr, "%s links: no link matches\n", prog);
        rc = cor_status_exit_code(COR_ENOROUTE);
    }
    cor_diag_destroy(&d);
    world_free(&w);
    return rc;
}

/* ---- scenarios ---------------------------------------------------------- */

int cmd_scenarios(int argc, char **argv)
{
    browse_args a;
    int rc = parse_browse(argc, argv, "scenarios", scenarios_help, &a);
    if (rc >= 0)
        return rc;
    char ob[256];
    if (argc > optind)
        return fail_usage("scenarios", "unexpected argument '%s'", shown(argv[optind], ob, sizeof ob));
    const char *fmt = a.format ? a.format : "table";
    int json = strcmp(fmt, "json") == 0;
    if (!json && strcmp(fmt, "table") != 0)
        return fail_usage("scenarios", "--format: expected table or json, found '%s'", shown(fmt, ob, sizeof ob));
    const char *dir = a.network ? a.network : default_network();
    char sdir[4096];
    if (snprintf(sdir, sizeof sdir, "%s/scenarios", dir) >= (int)sizeof sdir)
        return fail_usage("scenarios", "the network path is too long");
    struct dirent **list = NULL;
    /* the scenarios given (--scenario, each described alone), else the folder's */
    int nl = a.nscen ? 0 : scandir(sdir, &list, NULL, alphasort);
    int total = a.nscen ? (int)a.nscen : nl;
    cor_diag d;
    cor_diag_init(&d, 4);
    cor_outfile of;
    cor_status s = cor_outfile_open(&of, NULL, &d);
    json_t *arr = json ? json_array() : NULL;
    int e = json && !arr, bad = 0;
    unsigned n = 0;
    if (s == COR_OK && !json)
        e |= fputs(a.nscen ? "Scenarios (docs/scenarios.md describes the format):\n"
                           : "Scenarios of the network (--scenario NAME applies one; docs/scenarios.md describes "
                             "the format):\n", of.fp) == EOF;
    for (int k = 0; k < total; k++) {
        char path[8192], name[1024];
        const char *fn;
        if (a.nscen) {
            if (cor_scenario_path(dir, a.scen[k], path, sizeof path) != 0) {
                fprintf(stderr, "%s scenarios: --scenario: the path of '%s' is too long\n", prog,
                        shown(a.scen[k], ob, sizeof ob));
                bad++;
                continue;
            }
            fn = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
        } else {
            fn = list[k]->d_name;
            snprintf(path, sizeof path, "%s/%s", sdir, fn);
        }
        size_t len = strlen(fn);
        if (s != COR_OK || e || len <= 5 || strcmp(fn + len - 5, ".json") != 0 || len > 1000) {
            if (a.nscen && s == COR_OK && !e) {
                fprintf(stderr, "%s scenarios: --scenario: '%s' is not a .json file\n", prog, shown(path, ob, sizeof ob));
                bad++;
            }
            continue;
        }
        snprintf(name, sizeof name, "%.*s", (int)(len - 5), fn);
        /* the scenario against the network, as validate --scenario checks it */
        cor_diag sd;
        cor_diag_init(&sd, 1);
        cor_warnings sw; /* what applying it finds that changes nothing */
        cor_warnings_init(&sw, 0);
        cor_scenario *sc = NULL;
        cor_status ls = cor_scenario_load(path, &sc, &sd);
        char summary[2048] = "", err[COR_DIAG_TEXT + 512] = "";
        if (ls == COR_OK) {
            cor_scenario_summary(sc, summary, sizeof summary);
            /* applied to the network: quietly, its errors are this listing's */
            cor_network *net = NULL;
            cor_diag_clear(&sd);
            ls = cor_network_load_scenarios(dir, &sc, 1, &net, &sd);
            if (ls == COR_OK)
                cor_warnings_merge(&sw, cor_network_warnings(net));
            cor_network_free(net);
        }
        if (ls != COR_OK) {
            bad++;
            if (sd.count)
                cor_error_format(&sd.items[0], err, sizeof err);
            else
                snprintf(err, sizeof err, "%s", cor_status_message(ls));
        }
        n++;
        const char *nm = sc ? cor_scenario_name(sc) : name;
        if (json) {
            json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "name", nm, "file", fn, "description",
                                  sc ? cor_scenario_description(sc) : "", "source", sc ? cor_scenario_source(sc) : "",
                                  "changes", summary, "valid", ls == COR_OK);
            if (o && ls != COR_OK)
                json_object_set_new(o, "error", json_string(err));
            json_t *wa = o ? json_array() : NULL;
            for (size_t t = 0; wa && t < sw.count; t++)
                json_array_append_new(wa, json_pack("{s:s, s:s}", "code", sw.items[t].code, "message", sw.items[t].msg));
            if (wa)
                json_object_set_new(o, "warnings", wa);
            e |= !o || json_array_append_new(arr, o);
        } else {
            char b1[4096];
            e |= fprintf(of.fp, "\n%s%s\n", (cor_text_display(nm, b1, sizeof b1, 0), b1),
                         strcmp(nm, name) != 0 ? " (file name differs: use the file name with --scenario)" : "") < 0;
            if (sc && *cor_scenario_description(sc))
                e |= fprintf(of.fp, "  %s\n", (cor_text_display(cor_scenario_description(sc), b1, sizeof b1, 0), b1)) < 0;
            if (summary[0])
                e |= fprintf(of.fp, "  changes: %s\n", (cor_text_display(summary, b1, sizeof b1, 0), b1)) < 0;
            if (sc && *cor_scenario_source(sc))
                e |= fprintf(of.fp, "  source: %s\n", (cor_text_display(cor_scenario_source(sc), b1, sizeof b1, 0), b1)) < 0;
            if (ls != COR_OK)
                e |= fprintf(of.fp, "  INVALID: %s\n", (cor_text_display(err, b1, sizeof b1, 0), b1)) < 0;
            for (size_t t = 0; t < sw.count; t++)
                e |= fprintf(of.fp, "  warning: %s\n", (cor_text_display(sw.items[t].msg, b1, sizeof b1, 0), b1)) < 0;
        }
        cor_scenario_free(sc);
        cor_diag_destroy(&sd);
        cor_warnings_destroy(&sw);
    }
    for (int k = 0; k < nl; k++)
        free(list[k]);
    free(list);
    if (s == COR_OK && json && !e) {
        json_t *root = json_pack("{s:s, s:o}", "network", dir, "scenarios", arr);
        arr = NULL;
        e |= !root || json_dumpf(root, of.fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 || fputc('\n', of.fp) == EOF;
        json_decref(root);
    }
    json_decref(arr);
    if (s == COR_OK)
        s = cor_outfile_close(&of, e ? COR_EIO : COR_OK, &d);
    rc = s == COR_OK ? 0 : print_diag(&d, s);
    if (rc == 0 && bad) {
        fprintf(stderr, "%s scenarios: %d of %u scenario files do not load (see INVALID)\n", prog, bad, n);
        rc = cor_status_exit_code(COR_EDATA);
    } else if (rc == 0 && n == 0 && !json) {
        fprintf(stderr, "%s scenarios: no scenario files in %s\n", prog, shown(sdir, ob, sizeof ob));
    }
    cor_diag_destroy(&d);
    return rc;
}
