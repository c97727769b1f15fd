/*
 * scenario.c -- reading scenario files (jansson) and applying them.
 *
 * A scenario is parsed into (1) record operations on the network's files,
 * which the loader applies before it validates anything, and (2) "post"
 * operations (scale factors, closed passages, year) applied to the loaded
 * network.  Every structural fault is reported with its JSON path and the
 * whole load fails; nothing is half-applied.
 */
#include "corridor/scenario.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/csvread.h"
#include "corridor/text.h"
#include "internal.h"
#include "../core/alloc.h" /* last: maps malloc & co. to the counted wrappers */

typedef enum scale_what {
    SC_DWELL, SC_TRANSFER_DWELL, SC_BORDER_DWELL, SC_HANDLING, SC_BORDER_FEE, SC_RATE, SC_SPEED,
    SC_HEADWAY, SC_NWHAT
} scale_what;

static const char *const scale_names[SC_NWHAT] = {
    "dwell_hours",   "transfer_dwell_hours", "border_dwell_hours", "handling_usd",
    "border_fee_usd", "rate_usd_per_teu_km", "speed_kmh",          "headway_hours",
};

typedef struct scale_op {
    scale_what what;
    double factor;
    char **nodes;        /* node ids, with their paths */
    char **node_paths;
    size_t nnodes;
    uint32_t modes;      /* bit per cor_mode; 0 = all */
    char *path;
} scale_op;

struct cor_scenario {
    char *file, *name, *description, *source;
    int year;
    char **close;        /* passage names */
    char **close_paths;
    size_t nclose;
    cor_op *ops;
    size_t nops;
    scale_op *scales;
    size_t nscales;
    char **restr_on, **restr_on_paths, **restr_off, **restr_off_paths; /* regimes switched on and off */
    size_t nrestr_on, nrestr_off;
    cor_arena arena;     /* strings of ops */
    int oom;             /* an allocation failed while parsing */
};

const char *cor_scenario_name(const cor_scenario *sc) { return sc->name; }
const char *cor_scenario_description(const cor_scenario *sc) { return sc->description ? sc->description : ""; }
const char *cor_scenario_source(const cor_scenario *sc) { return sc->source ? sc->source : ""; }

/* Append printf-style text to buf at *at, never past size (the rest is cut
 * and "..." ends the line). */
static void put(char *buf, size_t size, size_t *at, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void put(char *buf, size_t size, size_t *at, const char *fmt, ...)
{
    if (*at + 1 >= size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(buf + *at, size - *at, fmt, ap);
    va_end(ap);
    if (w < 0)
        return;
    if ((size_t)w >= size - *at) {
        *at = size - 1;
        if (size > 4)
            memcpy(buf + size - 4, "...", 4);
    } else {
        *at += (size_t)w;
    }
}

size_t cor_scenario_summary(const cor_scenario *sc, char *buf, size_t size)
{
    static const char *const opname[] = {"add", "remove", "change", "add_service"};
    size_t at = 0;
    if (size == 0)
        return 0;
    buf[0] = '\0';
    const char *sep = "";
    for (size_t i = 0; i < sc->nops; i++) {
        const cor_op *op = &sc->ops[i];
        int kc[4], nk = cor_schema_key_cols(op->file, kc);
        if (i == 0 || op->file != sc->ops[i - 1].file) {
            put(buf, size, &at, "%s%s:", sep, cor_file_kind_name(op->file));
            sep = "; ";
        } else {
            put(buf, size, &at, ",");
        }
        put(buf, size, &at, " %s", opname[op->kind]);
        for (int k = 0; k < nk; k++) {
            const char *v = NULL;
            for (int f = 0; f < op->nfields; f++)
                if (op->fields[f].col == kc[k])
                    v = op->fields[f].value;
            put(buf, size, &at, "%s%s", k ? (op->file == COR_F_TRANSFERS && k == 2 ? ">" : ":") : " ", v ? v : "?");
        }
        int changed = 0;
        for (int f = 0; op->kind == COR_OP_CHANGE && f < op->nfields; f++) {
            int key = 0;
            for (int k = 0; k < nk; k++)
                key |= op->fields[f].col == kc[k];
            if (key)
                continue;
            put(buf, size, &at, "%s%s=%s", changed++ ? " " : " (", cor_schema_col_name(op->file, op->fields[f].col),
                op->fields[f].value[0] ? op->fields[f].value : "empty");
        }
        if (changed)
            put(buf, size, &at, ")");
    }
    for (size_t i = 0; i < sc->nscales; i++) {
        const scale_op *so = &sc->scales[i];
        put(buf, size, &at, "%sscale %s x%g", sep, scale_names[so->what], so->factor);
        sep = "; ";
        for (size_t k = 0; k < so->nnodes; k++)
            put(buf, size, &at, "%s%s", k ? "," : " at ", so->nodes[k]);
        for (int m = 0, first = 1; m < COR_MODE_COUNT; m++)
            if (so->modes >> m & 1u) {
                put(buf, size, &at, "%s%s", first ? " for " : ",", cor_mode_name((cor_mode)m));
                first = 0;
            }
    }
    for (size_t i = 0; i < sc->nclose; i++) {
        put(buf, size, &at, "%s%s", i ? ", " : sep[0] ? "; close " : "close ", sc->close[i]);
        sep = "; ";
    }
    for (size_t i = 0; i < sc->nrestr_on; i++) {
        put(buf, size, &at, "%s%s", i ? ", " : sep[0] ? "; regimes on: " : "regimes on: ", sc->restr_on[i]);
        sep = "; ";
    }
    for (size_t i = 0; i < sc->nrestr_off; i++) {
        put(buf, size, &at, "%s%s", i ? ", " : sep[0] ? "; regimes off: " : "regimes off: ", sc->restr_off[i]);
        sep = "; ";
    }
    if (sc->year) {
        put(buf, size, &at, "%syear %d", sep, sc->year);
        sep = "; ";
    }
    if (!sep[0])
        put(buf, size, &at, "nothing");
    return at;
}

void cor_scenario_free(cor_scenario *sc)
{
    if (!sc)
        return;
    free(sc->file);
    free(sc->name);
    free(sc->description);
    free(sc->source);
    for (size_t i = 0; i < sc->nclose; i++) {
        free(sc->close[i]);
        free(sc->close_paths[i]);
    }
    free(sc->close);
    free(sc->close_paths);
    for (size_t i = 0; i < sc->nscales; i++) {
        for (size_t k = 0; k < sc->scales[i].nnodes; k++) {
            free(sc->scales[i].nodes[k]);
            free(sc->scales[i].node_paths[k]);
        }
        free(sc->scales[i].nodes);
        free(sc->scales[i].node_paths);
        free(sc->scales[i].path);
    }
    free(sc->scales);
    for (size_t i = 0; i < sc->nrestr_on; i++) {
        free(sc->restr_on[i]);
        free(sc->restr_on_paths[i]);
    }
    for (size_t i = 0; i < sc->nrestr_off; i++) {
        free(sc->restr_off[i]);
        free(sc->restr_off_paths[i]);
    }
    free(sc->restr_on);
    free(sc->restr_on_paths);
    free(sc->restr_off);
    free(sc->restr_off_paths);
    free(sc->ops);
    cor_arena_free(&sc->arena);
    free(sc);
}

int cor_scenario_path(const char *network_dir, const char *arg, char *buf, size_t size)
{
    size_t n = strlen(arg);
    int w;
    if (strchr(arg, '/') || (n > 5 && strcmp(arg + n - 5, ".json") == 0))
        w = snprintf(buf, size, "%s", arg);
    else
        w = snprintf(buf, size, "%s/scenarios/%s.json", network_dir, arg);
    return w >= 0 && (size_t)w < size ? 0 : -1;
}

static cor_status perr(cor_diag *d, const char *file, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static cor_status perr(cor_diag *d, const char *file, const char *path, const char *fmt, ...)
{
    char msg[COR_DIAG_TEXT];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return cor_diag_add(d, COR_EDATA, file, 0, 0, "%s: %s", path, msg);
}

/* Check a text value: at most max bytes, no control characters, and (for
 * a name) not blank.  1 after reporting a fault, else 0. */
static int text_fault(cor_diag *d, const char *file, const char *path, const char *s, size_t len, size_t max,
                      int is_name)
{
    uint32_t cp;
    size_t at;
    if (len > max)
        return cor_diag_add(d, COR_ELIMIT, file, 0, 0, "%s: %zu bytes long (limit %zu)", path, len, max), 1;
    if ((at = cor_text_find_control(s, len, &cp)) < len)
        return perr(d, file, path, "control character U+%04X at byte %zu (text must be printable)", (unsigned)cp,
                    at + 1),
               1;
    if (is_name && cor_text_blank(s, len))
        return perr(d, file, path, "a name must not be blank"), 1;
    return 0;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

/* A JSON value as CSV text; NULL if it has no text form. */
static const char *as_text(cor_scenario *sc, json_t *v)
{
    char buf[64];
    const char *t;
    if (json_is_string(v))
        t = json_string_value(v);
    else if (json_is_integer(v)) {
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
        t = buf;
    } else if (json_is_real(v)) {
        double x = json_real_value(v);
        snprintf(buf, sizeof buf, "%.17g", x);
        t = buf;
    } else if (json_is_true(v))
        t = "yes";
    else if (json_is_false(v))
        t = "no";
    else if (json_is_null(v))
        t = "";
    else
        return NULL;
    return cor_arena_strdup(&sc->arena, t, strlen(t));
}

static const struct {
    const char *key;
    cor_file_kind kind;
} op_files[] = {
    {"nodes", COR_F_NODES},       {"modes", COR_F_MODES}, {"borders", COR_F_BORDERS},
    {"sealanes", COR_F_LANES},    {"links", COR_F_LINKS}, {"transfers", COR_F_TRANSFERS},
    {"corridors", COR_F_CORRIDORS},   {"emission_factors", COR_F_FACTORS},
    {"terminals", COR_F_TERMINALS},   {"driving_rules", COR_F_DRIVING},
    {"services", COR_F_SERVICES},
    {"rates", COR_F_RATES},
};
#define NOPFILES (sizeof op_files / sizeof *op_files)

/* The values of an add_service op beyond the link's columns: those of the
 * transfer rules it adds (the same for each). */
static const char *const svc_extra[] = {"transfer_dwell_hours", "transfer_dwell_p95_hours", "transfer_cost_usd",
                                        "transfer_co2e_kg", "transfer_source"};
#define NSVC_EXTRA (int)(sizeof svc_extra / sizeof *svc_extra)

static int parse_ops(cor_scenario *sc, json_t *arr, const char *key, cor_file_kind kind, cor_diag *d)
{
    int fault = 0;
    char path[160];
    if (!json_is_array(arr)) {
        snprintf(path, sizeof path, "$.%s", key);
        perr(d, sc->file, path, "expected an array of operations");
        return 1;
    }
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        snprintf(path, sizeof path, "$.%s[%zu]", key, i);
        if (!json_is_object(o)) {
            perr(d, sc->file, path, "expected an object with \"op\" and column values");
            fault = 1;
            continue;
        }
        if (sc->nops >= COR_MAX_SCENARIO_OPS) {
            cor_diag_add(d, COR_ELIMIT, sc->file, 0, 0, "%s: more than %u operations", path,
                         COR_MAX_SCENARIO_OPS);
            return 1;
        }
        cor_op *op = &sc->ops[sc->nops];
        memset(op, 0, sizeof *op);
        op->file = kind;
        op->json_file = sc->file;
        op->path = cor_arena_strdup(&sc->arena, path, strlen(path));
        json_t *jop = json_object_get(o, "op");
        const char *ops = json_is_string(jop) ? json_string_value(jop) : NULL;
        int svc = ops && kind == COR_F_LINKS && strcmp(ops, "add_service") == 0;
        if (!ops || (strcmp(ops, "add") && strcmp(ops, "remove") && strcmp(ops, "change") && !svc)) {
            char p2[200];
            snprintf(p2, sizeof p2, "%s.op", path);
            perr(d, sc->file, p2, kind == COR_F_LINKS ? "expected \"add\", \"remove\", \"change\" or \"add_service\""
                                                      : "expected \"add\", \"remove\" or \"change\"");
            fault = 1;
            continue;
        }
        op->kind = svc ? COR_OP_ADD_SERVICE
                 : strcmp(ops, "add") == 0 ? COR_OP_ADD : strcmp(ops, "remove") == 0 ? COR_OP_REMOVE : COR_OP_CHANGE;
        const char *k;
        json_t *v;
        int ofault = 0;
        json_object_foreach(o, k, v) {
            if (strcmp(k, "op") == 0)
                continue;
            char p2[200];
            snprintf(p2, sizeof p2, "%s.%s", path, k);
            int col = cor_schema_col(kind, k);
            for (int t = 0; svc && col < 0 && t < NSVC_EXTRA; t++)
                if (strcmp(k, svc_extra[t]) == 0)
                    col = COR_SVC_COL + t;
            if (col < 0) {
                char list[512] = "";
                for (int c = 0; c < cor_schema_ncols(kind); c++) {
                    strncat(list, c ? ", " : "", sizeof list - strlen(list) - 1);
                    strncat(list, cor_schema_col_name(kind, c), sizeof list - strlen(list) - 1);
                }
                perr(d, sc->file, p2, "unknown column of %s (expected op, %s%s)", key, list,
                     svc ? ", transfer_dwell_hours, transfer_dwell_p95_hours, transfer_cost_usd, transfer_co2e_kg, "
                           "transfer_source" : "");
                ofault = 1;
                continue;
            }
            const char *text = as_text(sc, v);
            if (!text && (json_is_string(v) || json_is_number(v) || json_is_boolean(v) || json_is_null(v))) {
                sc->oom = 1;
                return 1;
            }
            if (!text) {
                perr(d, sc->file, p2, "expected a string, number, true, false or null");
                ofault = 1;
                continue;
            }
            if (op->nfields >= COR_OP_MAX_FIELDS) {
                ofault = 1;
                continue;
            }
            op->fields[op->nfields].col = col;
            op->fields[op->nfields].value = text;
            op->fields[op->nfields].path = cor_arena_strdup(&sc->arena, p2, strlen(p2));
            if (!op->fields[op->nfields].path || !op->path) {
                sc->oom = 1;
                return 1;
            }
            op->nfields++;
        }
        if (ofault) {
            fault = 1;
            continue;
        }
        sc->nops++;
    }
    return fault;
}

static int parse_strings(json_t *arr, const char *file, const char *path, char ***out, char ***paths, size_t *n,
                         cor_diag *d, int *oom)
{
    if (!json_is_array(arr)) {
        perr(d, file, path, "expected an array of strings");
        return 1;
    }
    size_t cnt = json_array_size(arr), i;
    *out = calloc(cnt ? cnt : 1, sizeof **out);
    *paths = calloc(cnt ? cnt : 1, sizeof **paths);
    if (!*out || !*paths) {
        *oom = 1;
        return 1;
    }
    json_t *v;
    int fault = 0;
    json_array_foreach(arr, i, v) {
        char p2[200];
        snprintf(p2, sizeof p2, "%s[%zu]", path, i);
        if (!json_is_string(v)) {
            perr(d, file, p2, "expected a string");
            fault = 1;
            continue;
        }
        (*out)[*n] = xstrdup(json_string_value(v));
        (*paths)[*n] = xstrdup(p2);
        (*n)++;
        if (!(*out)[*n - 1] || !(*paths)[*n - 1]) {
            *oom = 1;
            return 1;
        }
    }
    return fault;
}

cor_status cor_scenario_load(const char *path, cor_scenario **out, cor_diag *d)
{
    *out = NULL;
    char *text;
    size_t len;
    cor_status s = cor_read_file(path, COR_MAX_SCENARIO_BYTES, &text, &len, d);
    if (s != COR_OK)
        return s;
    s = cor_scenario_parse(path, text, len, out, d);
    free(text);
    return s;
}

cor_status cor_scenario_parse(const char *path, const char *text, size_t len, cor_scenario **out, cor_diag *d)
{
    *out = NULL;
    if (len > COR_MAX_SCENARIO_BYTES)
        return cor_diag_add(d, COR_ELIMIT, path, 0, 0, "%zu bytes; the limit is %u", len, COR_MAX_SCENARIO_BYTES);
    json_error_t jerr;
    memset(&jerr, 0, sizeof jerr); /* jansson may fail before it fills it in */
    long failed_before = cor_alloc_failures();
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root && (json_error_code(&jerr) == json_error_out_of_memory || cor_alloc_failures() != failed_before))
        return cor_diag_add(d, COR_ENOMEM, path, 0, 0, "out of memory");
    if (!root)
        return cor_diag_add(d, COR_EDATA, path, jerr.line > 0 ? (uint32_t)jerr.line : 1,
                            jerr.column > 0 ? (uint32_t)jerr.column : 1, "invalid JSON: %s", jerr.text);
    cor_scenario *sc = calloc(1, sizeof *sc);
    if (!sc) {
        json_decref(root);
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    sc->file = xstrdup(path);
    int fault = !sc->file;
    sc->oom = !sc->file;
    if (!json_is_object(root)) {
        perr(d, path, "$", "expected an object");
        fault = 1;
        goto done;
    }
    size_t total = 0, entries = 0;
    for (size_t i = 0; i < NOPFILES; i++) {
        json_t *a = json_object_get(root, op_files[i].key);
        total += json_is_array(a) ? json_array_size(a) : 0;
    }
    /* every row operation, scale factor and listed name is work when the
     * scenario applies: each kind has a limit */
    if (total > COR_MAX_SCENARIO_OPS) {
        cor_diag_add(d, COR_ELIMIT, path, 0, 0, "$: %zu row operations; the limit is %u", total,
                     COR_MAX_SCENARIO_OPS);
        fault = 1;
        goto done;
    }
    {
        json_t *a = json_object_get(root, "close_passages"), *sa = json_object_get(root, "scale"), *o;
        size_t i;
        entries += json_is_array(a) ? json_array_size(a) : 0;
        if (json_is_array(sa)) {
            entries += json_array_size(sa);
            json_array_foreach(sa, i, o) {
                json_t *nl = json_object_get(o, "nodes"), *ml = json_object_get(o, "modes");
                entries += (json_is_array(nl) ? json_array_size(nl) : 0) + (json_is_array(ml) ? json_array_size(ml) : 0);
            }
        }
    }
    if (entries > COR_MAX_SCENARIO_ENTRIES) {
        cor_diag_add(d, COR_ELIMIT, path, 0, 0,
                     "$: %zu scale factors, listed names and closed passages; the limit is %u", entries,
                     COR_MAX_SCENARIO_ENTRIES);
        fault = 1;
        goto done;
    }
    sc->ops = calloc(total ? total : 1, sizeof *sc->ops);
    if (!sc->ops) {
        fault = 1;
        sc->oom = 1;
        goto done;
    }
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v) {
        char p[160];
        snprintf(p, sizeof p, "$.%s", key);
        if (strcmp(key, "name") == 0 || strcmp(key, "description") == 0 || strcmp(key, "source") == 0) {
            if (!json_is_string(v)) {
                perr(d, path, p, "expected a string");
                fault = 1;
            } else if (text_fault(d, path, p, json_string_value(v), json_string_length(v),
                                  strcmp(key, "name") == 0 ? COR_MAX_NAME_BYTES : COR_CSV_MAX_FIELD,
                                  strcmp(key, "name") == 0)) {
                fault = 1;
            } else if (strcmp(key, "name") == 0) {
                sc->name = xstrdup(json_string_value(v));
                sc->oom |= !sc->name;
            } else if (strcmp(key, "description") == 0) {
                sc->description = xstrdup(json_string_value(v));
                sc->oom |= !sc->description;
            } else {
                sc->source = xstrdup(json_string_value(v));
                sc->oom |= !sc->source;
            }
        } else if (strcmp(key, "year") == 0) {
            if (!json_is_integer(v) || json_integer_value(v) < 1800 || json_integer_value(v) > 2200) {
                perr(d, path, p, "expected a year between 1800 and 2200");
                fault = 1;
            } else {
                sc->year = (int)json_integer_value(v);
            }
        } else if (strcmp(key, "restrictions") == 0) {
            /* {"on": [ids], "off": [ids]}: regimes put in force or lifted by default */
            if (!json_is_object(v)) {
                perr(d, path, p, "expected {\"on\": [regime ids], \"off\": [regime ids]}");
                fault = 1;
                continue;
            }
            const char *k2;
            json_t *w;
            json_object_foreach(v, k2, w) {
                char q2[200];
                snprintf(q2, sizeof q2, "%s.%s", p, k2);
                if (strcmp(k2, "on") == 0 && !sc->restr_on)
                    fault |= parse_strings(w, path, q2, &sc->restr_on, &sc->restr_on_paths, &sc->nrestr_on, d, &sc->oom);
                else if (strcmp(k2, "off") == 0 && !sc->restr_off)
                    fault |= parse_strings(w, path, q2, &sc->restr_off, &sc->restr_off_paths, &sc->nrestr_off, d,
                                           &sc->oom);
                else {
                    perr(d, path, q2, "unknown key (expected on, off)");
                    fault = 1;
                }
            }
        } else if (strcmp(key, "close_passages") == 0) {
            fault |= parse_strings(v, path, p, &sc->close, &sc->close_paths, &sc->nclose, d, &sc->oom);
        } else if (strcmp(key, "scale") == 0) {
            if (!json_is_array(v)) {
                perr(d, path, p, "expected an array of scale factors");
                fault = 1;
                continue;
            }
            sc->scales = calloc(json_array_size(v) + 1, sizeof *sc->scales);
            if (!sc->scales) {
                fault = 1;
                sc->oom = 1;
                continue;
            }
            size_t i;
            json_t *o;
            json_array_foreach(v, i, o) {
                char q[200];
                snprintf(q, sizeof q, "$.scale[%zu]", i);
                scale_op *so = &sc->scales[sc->nscales];
                so->path = xstrdup(q);
                sc->oom |= !so->path;
                sc->nscales++;
                if (!json_is_object(o)) {
                    perr(d, path, q, "expected an object with what, factor, nodes and/or modes");
                    fault = 1;
                    continue;
                }
                const char *k2;
                json_t *w;
                int have_what = 0, have_factor = 0;
                json_object_foreach(o, k2, w) {
                    char q2[240];
                    snprintf(q2, sizeof q2, "%s.%s", q, k2);
                    if (strcmp(k2, "what") == 0) {
                        int found = -1;
                        for (int t = 0; t < SC_NWHAT && json_is_string(w); t++)
                            if (strcmp(json_string_value(w), scale_names[t]) == 0)
                                found = t;
                        if (found < 0) {
                            perr(d, path, q2,
                                 "expected one of dwell_hours, transfer_dwell_hours, border_dwell_hours, "
                                 "handling_usd, border_fee_usd, rate_usd_per_teu_km, speed_kmh, headway_hours");
                            fault = 1;
                        } else {
                            so->what = (scale_what)found;
                            have_what = 1;
                        }
                    } else if (strcmp(k2, "factor") == 0) {
                        double f = json_is_number(w) ? json_number_value(w) : -1;
                        if (!(f > 0 && f <= 1000 && isfinite(f))) {
                            perr(d, path, q2, "expected a number greater than 0 and at most 1000");
                            fault = 1;
                        } else {
                            so->factor = f;
                            have_factor = 1;
                        }
                    } else if (strcmp(k2, "nodes") == 0) {
                        fault |= parse_strings(w, path, q2, &so->nodes, &so->node_paths, &so->nnodes, d, &sc->oom);
                    } else if (strcmp(k2, "modes") == 0) {
                        char **m = NULL, **mp = NULL;
                        size_t nm = 0;
                        fault |= parse_strings(w, path, q2, &m, &mp, &nm, d, &sc->oom);
                        for (size_t t = 0; t < nm; t++) {
                            cor_mode md;
                            if (cor_mode_parse(m[t], &md) != 0) {
                                perr(d, path, mp[t], "unknown mode '%s' (expected sea, feeder, rail, road, ferry or iww)",
                                     m[t]);
                                fault = 1;
                            } else {
                                so->modes |= 1u << md;
                            }
                            free(m[t]);
                            free(mp[t]);
                        }
                        free(m);
                        free(mp);
                    } else {
                        perr(d, path, q2, "unknown key (expected what, factor, nodes, modes)");
                        fault = 1;
                    }
                }
                if (!have_what) {
                    perr(d, path, q, "missing \"what\"");
                    fault = 1;
                }
                if (!have_factor) {
                    perr(d, path, q, "missing \"factor\"");
                    fault = 1;
                }
            }
        } else {
            int done_key = 0;
            for (size_t i = 0; i < NOPFILES; i++)
                if (strcmp(key, op_files[i].key) == 0) {
                    fault |= parse_ops(sc, v, key, op_files[i].kind, d);
                    done_key = 1;
                }
            if (!done_key) {
                perr(d, path, p,
                     "unknown key (expected name, description, source, year, close_passages, restrictions, scale, "
                     "nodes, modes, borders, sealanes, links, transfers, terminals, corridors, emission_factors, "
                     "driving_rules, rates, services)");
                fault = 1;
            }
        }
    }
    if (!sc->name && !sc->oom && !json_object_get(root, "name")) {
        perr(d, path, "$", "missing \"name\"");
        fault = 1;
    }
done:
    json_decref(root);
    if (sc->oom) {
        cor_scenario_free(sc);
        return cor_diag_add(d, COR_ENOMEM, path, 0, 0, "out of memory");
    }
    if (fault) {
        cor_scenario_free(sc);
        return cor_diag_status(d) != COR_OK ? cor_diag_status(d) : COR_EDATA;
    }
    *out = sc;
    return COR_OK;
}

/* ---- applying ------------------------------------------------------- */

/* Scale factors apply to the loaded network.  Each is in range alone, but
 * they compound (120 factors of 1000 make a rate infinite), so every value
 * a factor changes is checked against the range the CSV files allow, and a
 * value that leaves it is reported at the factor that moved it there: the
 * graph never sees a non-finite cost or a zero speed.  A factor that
 * matches no row is reported too: it would change nothing, which is never
 * what its author meant.
 *
 * A factor limited to some nodes visits only the rows at those nodes
 * (incidence lists built once); one without nodes visits its whole table.
 * O(N + T + B + L) to build, then O(rows changed) per factor. */

typedef struct incidence {
    uint32_t *first, *items; /* CSR: rows at node n are items[first[n] .. first[n+1]) */
} incidence;

static void incidence_free(incidence *x)
{
    free(x->first);
    free(x->items);
}

/* Rows r of a table, each at one or two nodes (b[r] may be COR_NONE). */
static int incidence_build(incidence *x, uint32_t nnodes, uint32_t n, const uint32_t *a, const uint32_t *b)
{
    x->first = calloc((size_t)nnodes + 2, sizeof *x->first);
    x->items = malloc(((size_t)n * 2 + 1) * sizeof *x->items);
    if (!x->first || !x->items)
        return -1;
    for (uint32_t r = 0; r < n; r++) {
        x->first[a[r] + 2]++;
        if (b && b[r] != COR_NONE && b[r] != a[r])
            x->first[b[r] + 2]++;
    }
    for (uint32_t v = 0; v < nnodes; v++)
        x->first[v + 2] += x->first[v + 1];
    for (uint32_t r = 0; r < n; r++) {
        x->items[x->first[a[r] + 1]++] = r;
        if (b && b[r] != COR_NONE && b[r] != a[r])
            x->items[x->first[b[r] + 1]++] = r;
    }
    return 0;
}

typedef struct range_fault {
    size_t count;
    char first[COR_DIAG_TEXT / 2];
} range_fault;

/* Scale *v by f and check the result; note the first value out of range. */
static void scale_value(double *v, double f, double lo, double hi, const char *what, const char *row,
                        range_fault *rf)
{
    *v *= f;
    if (!(isfinite(*v) && *v >= lo && *v <= hi)) {
        if (rf->count++ == 0)
            snprintf(rf->first, sizeof rf->first, "%s of %s becomes %g, outside %g to %g", what, row, *v, lo, hi);
    }
}

static cor_status apply_post(cor_network *net, const cor_scenario *sc, cor_diag *d)
{
    cor_status st = COR_OK;
    for (size_t i = 0; i < sc->nclose; i++) {
        uint32_t p = cor_network_find_passage(net, sc->close[i]);
        if (p == COR_NONE) {
            char list[512] = "";
            for (uint32_t k = 0; k < net->npassages; k++) {
                strncat(list, k ? ", " : "", sizeof list - strlen(list) - 1);
                strncat(list, net->passages[k], sizeof list - strlen(list) - 1);
            }
            char sb[96];
            cor_text_display(sc->close[i], sb, sizeof sb, 60);
            st = perr(d, sc->file, sc->close_paths[i], "unknown passage '%s' (the network has: %s)", sb, list);
            continue;
        }
        if (net->closed_passages >> p & 1u)
            cor_warn(&net->warnings, COR_WARN_SCENARIO, "%s: %s: passage %s is already closed by an earlier scenario; "
                     "this changes nothing", sc->file, sc->close_paths[i], net->passages[p]);
        net->closed_passages |= (uint64_t)1 << p;
    }
    if (sc->year)
        net->year = sc->year;
    for (int on = 0; on < 2; on++) {
        size_t n = on ? sc->nrestr_on : sc->nrestr_off;
        char **ids = on ? sc->restr_on : sc->restr_off, **paths = on ? sc->restr_on_paths : sc->restr_off_paths;
        for (size_t i = 0; i < n; i++) {
            uint32_t r = cor_network_find_restriction(net, ids[i]);
            if (r == COR_NONE) {
                char sb[96];
                cor_text_display(ids[i], sb, sizeof sb, 60);
                st = perr(d, sc->file, paths[i], "unknown restriction regime '%s' (see restrictions.csv)", sb);
                continue;
            }
            if (!(net->default_restrictions >> r & 1u) == !on)
                cor_warn(&net->warnings, COR_WARN_SCENARIO, "%s: %s: regime %s is already %s by default; this changes "
                         "nothing", sc->file, paths[i], net->restrictions[r].id, on ? "in force" : "lifted");
            if (on)
                net->default_restrictions |= (uint64_t)1 << r;
            else
                net->default_restrictions &= ~((uint64_t)1 << r);
        }
    }
    if (!sc->nscales)
        return st;
    uint32_t nn = net->nnodes;
    uint32_t *node_mark = calloc(nn ? nn : 1, sizeof *node_mark);
    uint32_t *link_mark = calloc(net->nlinks ? net->nlinks : 1, sizeof *link_mark);
    uint32_t *tn = malloc((net->ntransfers ? net->ntransfers : 1) * sizeof *tn);
    uint32_t *bn = malloc((net->nborders ? net->nborders : 1) * sizeof *bn);
    uint32_t *la = malloc((net->nlinks ? net->nlinks : 1) * sizeof *la);
    uint32_t *lb = malloc((net->nlinks ? net->nlinks : 1) * sizeof *lb);
    uint32_t *ids = NULL;
    size_t *hits = NULL;   /* rows each listed node has for the factor */
    incidence it = {0, 0}, ib = {0, 0}, il = {0, 0};
    if (!node_mark || !link_mark || !tn || !bn || !la || !lb) {
        st = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (uint32_t t = 0; t < net->ntransfers; t++)
        tn[t] = net->transfers[t].node;
    for (uint32_t b = 0; b < net->nborders; b++)
        bn[b] = net->borders[b].node;
    for (uint32_t l = 0; l < net->nlinks; l++) {
        la[l] = net->links[l].from;
        lb[l] = net->links[l].to;
    }
    if (incidence_build(&it, nn, net->ntransfers, tn, NULL) || incidence_build(&ib, nn, net->nborders, bn, NULL) ||
        incidence_build(&il, nn, net->nlinks, la, lb)) {
        st = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < sc->nscales; i++) {
        const scale_op *so = &sc->scales[i];
        uint32_t stamp = (uint32_t)i + 1;
        free(ids);
        free(hits);
        ids = malloc((so->nnodes + 1) * sizeof *ids);
        hits = calloc(so->nnodes + 1, sizeof *hits);
        if (!ids || !hits) {
            st = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
            goto done;
        }
        /* the nodes, each once */
        size_t nids = 0;
        int bad = 0;
        for (size_t k = 0; k < so->nnodes; k++) {
            uint32_t n, sugg[1];
            if (cor_network_find_node(net, so->nodes[k], &n, sugg, 0) != COR_OK) {
                char sb[96];
                cor_text_display(so->nodes[k], sb, sizeof sb, 60);
                uint32_t cand[2];
                if (cor_network_find_candidates(net, so->nodes[k], cand, 2) >= 2)
                    st = perr(d, sc->file, so->node_paths[k], "'%s' is ambiguous: it names several places (%s, %s%s); "
                              "give an id", sb, net->nodes[cand[0]].id, net->nodes[cand[1]].id,
                              cor_network_find_candidates(net, so->nodes[k], cand, 0) > 2 ? ", ..." : "");
                else
                    st = perr(d, sc->file, so->node_paths[k], "unknown node '%s'", sb);
                bad = 1;
                continue;
            }
            if (node_mark[n] != stamp) {
                node_mark[n] = stamp;
                ids[nids++] = n;
            }
        }
        if (bad)
            continue;
        double f = so->factor;
        int on_transfers = so->what == SC_DWELL || so->what == SC_TRANSFER_DWELL || so->what == SC_HANDLING;
        int on_borders = so->what == SC_DWELL || so->what == SC_BORDER_DWELL || so->what == SC_BORDER_FEE;
        int on_links = so->what == SC_RATE || so->what == SC_SPEED || so->what == SC_HEADWAY;
        size_t matched = 0;
        range_fault rf = {0, ""};
        char row[160];
        /* transfers */
        for (size_t k = 0; on_transfers && k < (so->nnodes ? nids : 1); k++) {
            uint32_t lo = so->nnodes ? it.first[ids[k]] : 0, hi = so->nnodes ? it.first[ids[k] + 1] : net->ntransfers;
            for (uint32_t j = lo; j < hi; j++) {
                cor_transfer *tr = &net->transfers[so->nnodes ? it.items[j] : j];
                if (so->modes && !(so->modes & (1u << net->classes[tr->from_cls].mode)) &&
                    !(so->modes & (1u << net->classes[tr->to_cls].mode)))
                    continue;
                matched++;
                hits[k]++;
                snprintf(row, sizeof row, "the %s>%s transfer at %s", net->classes[tr->from_cls].name,
                         net->classes[tr->to_cls].name, net->nodes[tr->node].id);
                if (so->what == SC_HANDLING) {
                    scale_value(&tr->cost_usd, f, 0, COR_MAX_USD, "cost_usd", row, &rf);
                } else {
                    scale_value(&tr->dwell_hours, f, 0, COR_MAX_HOURS, "dwell_hours", row, &rf);
                    scale_value(&tr->dwell_p95_hours, f, 0, COR_MAX_HOURS, "dwell_p95_hours", row, &rf);
                }
            }
        }
        /* borders */
        for (size_t k = 0; on_borders && k < (so->nnodes ? nids : 1); k++) {
            uint32_t lo = so->nnodes ? ib.first[ids[k]] : 0, hi = so->nnodes ? ib.first[ids[k] + 1] : net->nborders;
            for (uint32_t j = lo; j < hi; j++) {
                cor_border *br = &net->borders[so->nnodes ? ib.items[j] : j];
                matched++;
                hits[k]++;
                snprintf(row, sizeof row, "border %s", br->id);
                if (so->what == SC_BORDER_FEE) {
                    scale_value(&br->fee_usd, f, 0, COR_MAX_USD, "fee_usd", row, &rf);
                } else {
                    scale_value(&br->dwell_hours, f, 0, COR_MAX_HOURS, "dwell_hours", row, &rf);
                    scale_value(&br->dwell_p95_hours, f, 0, COR_MAX_HOURS, "dwell_p95_hours", row, &rf);
                }
            }
        }
        /* links (a link at two listed nodes is scaled once) */
        for (size_t k = 0; on_links && k < (so->nnodes ? nids : 1); k++) {
            uint32_t lo = so->nnodes ? il.first[ids[k]] : 0, hi = so->nnodes ? il.first[ids[k] + 1] : net->nlinks;
            for (uint32_t j = lo; j < hi; j++) {
                uint32_t l = so->nnodes ? il.items[j] : j;
                cor_link *lk = &net->links[l];
                if (so->modes && !(so->modes & (1u << lk->mode)))
                    continue;
                hits[k]++; /* the node has the row, even if another listed node scaled it */
                if (link_mark[l] == stamp)
                    continue;
                link_mark[l] = stamp;
                matched++;
                snprintf(row, sizeof row, "link %s", lk->id);
                if (so->what == SC_RATE)
                    scale_value(&lk->rate_usd_per_teu_km, f, 0, COR_MAX_RATE, "rate_usd_per_teu_km", row, &rf);
                else if (so->what == SC_SPEED)
                    scale_value(&lk->speed_kmh, f, COR_MIN_SPEED_KMH, COR_MAX_SPEED_KMH, "speed_kmh", row, &rf);
                else
                    scale_value(&lk->headway_hours, f, 0, COR_MAX_HOURS, "headway_hours", row, &rf);
            }
        }
        /* the generic sea services (model.h) take their mode's defaults: a
         * scaled rate or speed of their mode, at one of their ends or
         * everywhere, applies to them too (not counted as a match) */
        for (uint32_t l = net->nlinks; on_links && so->what != SC_HEADWAY && l < net->nlinks + net->ngeneric; l++) {
            cor_link *lk = &net->links[l];
            if ((so->modes && !(so->modes & (1u << lk->mode))) ||
                (so->nnodes && node_mark[lk->from] != stamp && node_mark[lk->to] != stamp))
                continue;
            snprintf(row, sizeof row, "link %s", lk->id);
            if (so->what == SC_RATE)
                scale_value(&lk->rate_usd_per_teu_km, f, 0, COR_MAX_RATE, "rate_usd_per_teu_km", row, &rf);
            else
                scale_value(&lk->speed_kmh, f, COR_MIN_SPEED_KMH, COR_MAX_SPEED_KMH, "speed_kmh", row, &rf);
        }
        if (matched == 0) {
            st = perr(d, sc->file, so->path, "%s matches no row (no %s%s%s), so it would change nothing",
                      scale_names[so->what],
                      on_links ? "link" : on_borders && on_transfers ? "transfer or border crossing"
                                                                     : on_borders ? "border crossing" : "transfer rule",
                      so->nnodes ? " at the given nodes" : "", so->modes ? " of the given modes" : "");
        } else if (rf.count == 0) {
            /* it changes something, but not at every listed node: say which
             * (the astara-border-slow scenario once listed AZAST, whose
             * crossings are rows of IR-ASTARA) */
            for (size_t k = 0; so->nnodes && k < nids; k++)
                if (hits[k] == 0) {
                    size_t at = 0;
                    for (size_t t = 0; t < so->nnodes; t++) {
                        uint32_t n2, sg[1];
                        if (cor_network_find_node(net, so->nodes[t], &n2, sg, 0) == COR_OK && n2 == ids[k]) {
                            at = t;
                            break;
                        }
                    }
                    cor_warn(&net->warnings, COR_WARN_SCENARIO,
                             "%s: %s: %s has no %s%s, so %s changes nothing there", sc->file, so->node_paths[at],
                             net->nodes[ids[k]].id,
                             on_links ? "link" : on_borders && on_transfers ? "transfer or border crossing"
                                                                            : on_borders ? "border crossing" : "transfer rule",
                             so->modes ? " of the given modes" : "", scale_names[so->what]);
                }
            if (f == 1)
                cor_warn(&net->warnings, COR_WARN_SCENARIO, "%s: %s.factor: a factor of 1 changes nothing", sc->file,
                         so->path);
        }
        if (rf.count) {
            char fp[240];
            snprintf(fp, sizeof fp, "%s.factor", so->path);
            st = perr(d, sc->file, fp, "%s (%zu value%s out of range%s)", rf.first, rf.count,
                      rf.count == 1 ? "" : "s", i ? "; scale factors compound" : "");
            break; /* the values are out of range now: later factors would only repeat it */
        }
    }
done:
    incidence_free(&it);
    incidence_free(&ib);
    incidence_free(&il);
    free(ids);
    free(hits);
    free(node_mark);
    free(link_mark);
    free(tn);
    free(bn);
    free(la);
    free(lb);
    return st;
}

cor_status cor_network_load_scenarios(const char *dir, cor_scenario *const *sc, size_t nsc,
                                      cor_network **out, cor_diag *d)
{
    return cor_network_load_with(dir, sc, nsc, NULL, out, d);
}

/* ---- the add_service shorthand --------------------------------------
 *
 * {"op": "add_service", "id", "from", "to", "mode", ... link columns ...,
 *  "transfer_dwell_hours", "transfer_dwell_p95_hours", "transfer_cost_usd",
 *  "transfer_co2e_kg", "transfer_source"} in "links" adds the link (with
 * waypoints "auto" for sea, feeder and ferry services unless given) and,
 * at each end, a transfer rule between the service's class and each other
 * class that a link brings there and that no rule joins to it yet (kind
 * port when either class is a vessel service's, else transfer; a
 * transshipment between two services of one class is not added).  The
 * classes at the ends are those of the network with every other operation
 * of the scenarios applied: expanding takes one extra load of the folder.
 * The rules' dwell, p95 dwell, cost and CO2e are the transfer_* values
 * given, else (with a warning) the medians of the network's rules between
 * the same two modes, else an error at the op's path asking for them. */

typedef struct svc_gen {
    cor_arena arena;      /* text of the generated ops */
    cor_op *ops;          /* the ops with every add_service expanded */
    size_t n, cap;
    struct { uint32_t node; char a[32]; uint8_t b; } *made; /* rules generated so far: node, class names */
    size_t nmade;
} svc_gen;

static const char *op_get(const cor_op *op, int col, const char **path)
{
    for (int i = 0; i < op->nfields; i++)
        if (op->fields[i].col == col) {
            if (path)
                *path = op->fields[i].path;
            return op->fields[i].value;
        }
    return NULL;
}

static int gen_push(svc_gen *g, cor_op **out)
{
    if (g->n == g->cap) {
        size_t nc = g->cap ? 2 * g->cap : 16;
        cor_op *p = realloc(g->ops, nc * sizeof *p);
        if (!p)
            return -1;
        g->ops = p;
        g->cap = nc;
    }
    *out = &g->ops[g->n++];
    memset(*out, 0, sizeof **out);
    return 0;
}

static const char *gen_str(svc_gen *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *gen_str(svc_gen *g, const char *fmt, ...)
{
    char buf[COR_DIAG_TEXT];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return cor_arena_strdup(&g->arena, buf, strlen(buf));
}

static int gen_field(svc_gen *g, cor_op *op, const char *col, const char *value, const char *path)
{
    int c = cor_schema_col(op->file, col);
    if (c < 0 || op->nfields >= COR_OP_MAX_FIELDS || !value)
        return -1;
    op->fields[op->nfields].col = c;
    op->fields[op->nfields].value = value;
    op->fields[op->nfields].path = path ? path : op->path;
    op->nfields++;
    (void)g;
    return 0;
}

static int dbl_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The medians of dwell, p95 dwell, cost and CO2e of the rules between
 * modes ma and mb (either order); how many rules there are. */
static size_t rule_medians(const cor_network *net, cor_mode ma, cor_mode mb, double med[4])
{
    size_t n = 0;
    double *v[4];
    for (int k = 0; k < 4; k++)
        v[k] = malloc((net->ntransfers + 1) * sizeof *v[k]);
    for (uint32_t t = 0; v[0] && v[1] && v[2] && v[3] && t < net->ntransfers; t++) {
        const cor_transfer *tr = &net->transfers[t];
        cor_mode a = net->classes[tr->from_cls].mode, b = net->classes[tr->to_cls].mode;
        if (!((a == ma && b == mb) || (a == mb && b == ma)) || tr->from_cls == tr->to_cls)
            continue;
        v[0][n] = tr->dwell_hours;
        v[1][n] = tr->dwell_p95_hours;
        v[2][n] = tr->cost_usd;
        v[3][n] = tr->co2e_kg;
        n++;
    }
    for (int k = 0; k < 4; k++) {
        if (n && v[k]) {
            qsort(v[k], n, sizeof *v[k], dbl_cmp);
            med[k] = n % 2 ? v[k][n / 2] : (v[k][n / 2 - 1] + v[k][n / 2]) / 2;
        }
        free(v[k]);
    }
    return n;
}

/* Expand one add_service op against the base network into g's ops. */
static cor_status expand_service(svc_gen *g, const cor_network *base, const cor_op *op, cor_warnings *w, cor_diag *d)
{
    cor_op *lk;
    if (gen_push(g, &lk))
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    *lk = *op;
    lk->kind = COR_OP_ADD;
    lk->nfields = 0;
    for (int i = 0; i < op->nfields; i++)
        if (op->fields[i].col < COR_SVC_COL)
            lk->fields[lk->nfields++] = op->fields[i];
    const char *mode_s = op_get(op, cor_schema_col(COR_F_LINKS, "mode"), NULL);
    const char *gauge_s = op_get(op, cor_schema_col(COR_F_LINKS, "gauge_mm"), NULL);
    const char *id = op_get(op, cor_schema_col(COR_F_LINKS, "id"), NULL);
    cor_mode m;
    if (!mode_s || cor_mode_parse(mode_s, &m) != 0)
        return COR_OK; /* the link's own validation says what is wrong */
    if ((m == COR_MODE_SEA || m == COR_MODE_FEEDER || m == COR_MODE_FERRY) &&
        !op_get(op, cor_schema_col(COR_F_LINKS, "waypoints"), NULL) &&
        gen_field(g, lk, "waypoints", "auto", NULL) != 0)
        return cor_diag_add(d, COR_ELIMIT, op->json_file, 0, 0, "%s: too many columns", op->path);
    char cls[32];
    long gauge = gauge_s && *gauge_s ? strtol(gauge_s, NULL, 10) : 0;
    if (gauge > 0 && gauge < 10000)
        snprintf(cls, sizeof cls, "%s%ld", cor_mode_name(m), gauge);
    else
        snprintf(cls, sizeof cls, "%s", cor_mode_name(m));
    uint32_t scls = cor_network_find_class(base, cls); /* COR_NONE: a class new to the network */
    const char *given[4], *gpath[4] = {NULL, NULL, NULL, NULL}, *tsrc = op_get(op, COR_SVC_COL + 4, NULL);
    int ngiven = 0;
    for (int k = 0; k < 4; k++) {
        given[k] = op_get(op, COR_SVC_COL + k, &gpath[k]);
        ngiven += given[k] != NULL;
    }
    static const char *const tcols[4] = {"dwell_hours", "dwell_p95_hours", "cost_usd", "co2e_kg"};
    for (int end = 0; end < 2; end++) {
        const char *nv = op_get(op, cor_schema_col(COR_F_LINKS, end ? "to" : "from"), NULL);
        uint32_t node, sugg[1];
        if (!nv || cor_network_find_node(base, nv, &node, sugg, 0) != COR_OK)
            continue; /* the link's validation names the unknown node */
        /* the classes at the node, each once */
        uint8_t seen[COR_MAX_CLASSES] = {0};
        int others = 0;
        for (uint32_t l = 0; l < base->nlinks; l++) {
            const cor_link *x = &base->links[l];
            if ((x->from == node || x->to == node) && x->cls != scls)
                seen[x->cls] = 1;
        }
        for (uint32_t c = 0; c < base->nclasses; c++) {
            if (!seen[c])
                continue;
            others++;
            int have = 0;
            for (uint32_t t = 0; t < base->ntransfers && scls != COR_NONE; t++) {
                const cor_transfer *tr = &base->transfers[t];
                have |= tr->node == node && ((tr->from_cls == scls && tr->to_cls == c) ||
                                             (tr->from_cls == c && tr->to_cls == scls));
            }
            for (size_t k = 0; k < g->nmade; k++)
                have |= g->made[k].node == node && g->made[k].b == c && strcmp(g->made[k].a, cls) == 0;
            if (have)
                continue;
            cor_mode cm = base->classes[c].mode;
            int vessel = m == COR_MODE_SEA || m == COR_MODE_FEEDER || m == COR_MODE_FERRY || m == COR_MODE_IWW ||
                         cm == COR_MODE_SEA || cm == COR_MODE_FEEDER || cm == COR_MODE_FERRY || cm == COR_MODE_IWW;
            const char *val[4];
            double med[4] = {0, 0, 0, 0};
            size_t nrules = 0;
            if (ngiven < 4)
                nrules = rule_medians(base, m, cm, med);
            int missing = 0;
            for (int k = 0; k < 4; k++) {
                if (given[k])
                    val[k] = given[k];
                else if (nrules)
                    val[k] = gen_str(g, "%g", med[k]);
                else
                    missing = 1;
            }
            if (missing) {
                cor_diag_add(d, COR_EDATA, op->json_file, 0, 0,
                             "%s: add_service needs a %s>%s transfer at %s, and the network has no %s-%s rule to take "
                             "its values from: give transfer_dwell_hours, transfer_dwell_p95_hours, transfer_cost_usd "
                             "and transfer_co2e_kg", op->path, cls, base->classes[c].name, base->nodes[node].id,
                             cor_mode_name(m), cor_mode_name(cm));
                continue;
            }
            if (ngiven < 4)
                cor_warn(w, COR_WARN_DEFAULTED,
                         "%s: %s: the %s>%s transfer added at %s takes %s h dwell (p95 %s h), USD %s, %s kg CO2e; "
                         "the values not given (transfer_*) are the medians of the network's %zu %s-%s rules",
                         op->json_file, op->path, cls, base->classes[c].name, base->nodes[node].id, val[0], val[1],
                         val[2], val[3], nrules, cor_mode_name(m), cor_mode_name(cm));
            cor_op *tr;
            if (gen_push(g, &tr))
                return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
            tr->file = COR_F_TRANSFERS;
            tr->kind = COR_OP_ADD;
            tr->json_file = op->json_file;
            tr->path = op->path;
            const char *src = tsrc ? tsrc
                                   : ngiven == 4
                                       ? gen_str(g, "add_service %s (%s): values given in the scenario", id ? id : "?",
                                                 op->path)
                                       : gen_str(g, "assumption: add_service %s (%s): the values not given are the "
                                                 "medians of the network's %s-%s rules", id ? id : "?", op->path,
                                                 cor_mode_name(m), cor_mode_name(cm));
            int e = gen_field(g, tr, "node", base->nodes[node].id, NULL) |
                    gen_field(g, tr, "from_class", cls, NULL) | gen_field(g, tr, "to_class", base->classes[c].name, NULL) |
                    gen_field(g, tr, "kind", vessel ? "port" : "transfer", NULL) | gen_field(g, tr, "source", src, NULL);
            for (int k = 0; k < 4; k++)
                e |= gen_field(g, tr, tcols[k], val[k], given[k] ? gpath[k] : NULL);
            /* class names live in the base network: copy them */
            for (int f = 0; f < tr->nfields; f++)
                if (!(tr->fields[f].value = cor_arena_strdup(&g->arena, tr->fields[f].value, strlen(tr->fields[f].value))))
                    e = 1;
            if (e)
                return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
            void *mp = realloc(g->made, (g->nmade + 1) * sizeof *g->made);
            if (!mp)
                return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
            g->made = mp;
            g->made[g->nmade].node = node;
            snprintf(g->made[g->nmade].a, sizeof g->made[g->nmade].a, "%s", cls);
            g->made[g->nmade].b = (uint8_t)c;
            g->nmade++;
        }
        if (!others)
            cor_warn(w, COR_WARN_SCENARIO, "%s: %s: no other mode reaches %s, so the service %s connects to nothing "
                     "there (only a route that starts or ends there can use it)", op->json_file, op->path,
                     base->nodes[node].id, id ? id : "");
    }
    return COR_OK;
}

/* The scenarios' ops with every add_service expanded (g->ops), or all as
 * they are when there is none (g->ops NULL). */
static cor_status expand_services(const char *dir, const cor_op *ops, size_t n, const char *factors_file, svc_gen *g,
                                  cor_warnings *w, cor_diag *d)
{
    size_t nsvc = 0;
    for (size_t i = 0; i < n; i++)
        nsvc += ops[i].kind == COR_OP_ADD_SERVICE;
    if (!nsvc)
        return COR_OK;
    /* the network with every other op: the classes and rules at the ends */
    cor_op *rest = calloc(n, sizeof *rest);
    if (!rest)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    size_t nr = 0;
    for (size_t i = 0; i < n; i++)
        if (ops[i].kind != COR_OP_ADD_SERVICE)
            rest[nr++] = ops[i];
    cor_network *base = NULL;
    cor_status s = cor_network_load_ops(dir, rest, nr, factors_file, &base, d);
    free(rest);
    if (s != COR_OK)
        return s;
    size_t before = d ? d->count : 0;
    for (size_t i = 0; i < n && s == COR_OK; i++) {
        if (ops[i].kind != COR_OP_ADD_SERVICE) {
            cor_op *o;
            if (gen_push(g, &o))
                s = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
            else
                *o = ops[i];
            continue;
        }
        s = expand_service(g, base, &ops[i], w, d);
    }
    cor_network_free(base);
    if (s == COR_OK && d && d->count > before)
        s = cor_diag_status(d);
    return s;
}

cor_status cor_network_load_with(const char *dir, cor_scenario *const *sc, size_t nsc, const char *factors_file,
                                 cor_network **out, cor_diag *d)
{
    *out = NULL;
    size_t total = 0;
    for (size_t i = 0; i < nsc; i++)
        total += sc[i]->nops;
    cor_op *ops = calloc(total ? total : 1, sizeof *ops);
    if (!ops)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    size_t n = 0;
    for (size_t i = 0; i < nsc; i++) {
        memcpy(ops + n, sc[i]->ops, sc[i]->nops * sizeof *ops);
        n += sc[i]->nops;
    }
    svc_gen g;
    memset(&g, 0, sizeof g);
    cor_warnings sw;
    cor_network *net = NULL;
    cor_status s = cor_warnings_init(&sw, 0);
    if (s != COR_OK)
        s = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    if (s == COR_OK)
        s = expand_services(dir, ops, n, factors_file, &g, &sw, d);
    if (s == COR_OK)
        s = cor_network_load_ops(dir, g.ops ? g.ops : ops, g.ops ? g.n : n, factors_file, &net, d);
    free(ops);
    free(g.ops);
    free(g.made);
    cor_arena_free(&g.arena);
    if (s != COR_OK) {
        cor_warnings_destroy(&sw);
        return s;
    }
    cor_status worst = COR_OK;
    if (cor_warnings_init(&net->warnings, 0) != COR_OK)
        worst = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    cor_warnings_merge(&net->warnings, &sw);
    cor_warnings_destroy(&sw);
    for (size_t i = 0; i < nsc && cor_diag_status(d) != COR_ENOMEM && worst != COR_ENOMEM; i++) {
        cor_status p = apply_post(net, sc[i], d);
        if (p != COR_OK && worst == COR_OK)
            worst = p;
    }
    if (worst != COR_OK) {
        cor_network_free(net);
        return worst;
    }
    *out = net;
    return COR_OK;
}

int cor_network_year(const cor_network *net) { return net->year; }
const cor_warnings *cor_network_warnings(const cor_network *net) { return &net->warnings; }
uint64_t cor_network_closed_passages(const cor_network *net) { return net->closed_passages; }
