/*
 * sweep_spec.c -- the sweep spec: parsing and checking (jansson), the
 * cross product of its cases, and case keys.
 *
 * The spec (README "Sweeps", `corridor sweep --help`):
 *   {"name": "...", "network": "DIR",
 *    "pairs": [["FROM", "TO"], {"from": "FROM", "to": "TO"}],
 *    "scenarios": ["base", "NAME-OR-FILE", {an inline scenario}],
 *    "corridors": ["INSTC West", ...] or "all",
 *    "objectives": ["time", "cost", "co2", "distance", "generalized"],
 *    "params": {"value_of_time": [...], "carbon_price": [...],
 *               "dwell_multiplier": [...], "rate_multiplier": [...],
 *               "year": [...], "box": [...], "depart_month": [...]},
 *    "monte_carlo": {"runs": N or [...], "seed": S, "deadline_days": D}}
 * Every list may be a single value.  Each fault is reported with its JSON
 * path; nothing is run until the whole spec is good.  Parsing is
 * O(size of the spec); decoding a case O(dimensions).
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/infile.h"
#include "corridor/text.h"
#include "sweep.h"

uint64_t sweep_fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 0x100000001b3ull;
    }
    return h;
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

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number";
    case JSON_TRUE: case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

void sweep_spec_free(sweep_spec *sp)
{
    if (!sp)
        return;
    for (size_t i = 0; sp->from && i < sp->n[SW_PAIR]; i++) {
        free(sp->from[i]);
        free(sp->to[i]);
    }
    for (size_t i = 0; sp->scen && i < sp->n[SW_SCEN]; i++) {
        free(sp->scen[i].label);
        free(sp->scen[i].arg);
        free(sp->scen[i].text);
        free(sp->scen[i].key);
    }
    for (size_t i = 0; sp->corridors && i < sp->ncorridors; i++)
        free(sp->corridors[i]);
    for (size_t i = 0; sp->box && i < sp->n[SW_BOX]; i++)
        free(sp->box[i]);
    free(sp->from);
    free(sp->to);
    free(sp->scen);
    free(sp->corridors);
    free(sp->box);
    free(sp->dwell);
    free(sp->rate);
    free(sp->vot);
    free(sp->cp);
    free(sp->year);
    free(sp->obj);
    free(sp->month);
    free(sp->runs);
    free(sp->file);
    free(sp->name);
    free(sp->network);
    free(sp->canonical);
    free(sp);
}

/* A text value: at most max bytes, no control characters.  0 or -1. */
static int text_ok(cor_diag *d, const char *file, const char *path, const json_t *v, size_t max, int empty_ok)
{
    if (!json_is_string(v)) {
        perr(d, file, path, "expected a string, found %s", type_name(v));
        return -1;
    }
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    if (len == 0 && !empty_ok) {
        perr(d, file, path, "expected a non-empty string");
        return -1;
    }
    if (len > max) {
        perr(d, file, path, "a string of %zu bytes; at most %zu", len, max);
        return -1;
    }
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
            perr(d, file, path, "a control character at byte %zu", i + 1);
            return -1;
        }
    return 0;
}

static char *dup_str(const json_t *v)
{
    return strdup(json_string_value(v));
}

/* The elements of a list member: an array, or one value standing for a
 * list of one.  *n = their count; NULL and a fault reported if the array
 * is empty or too long. */
static json_t *as_list(cor_diag *d, const char *file, const char *path, json_t *v, size_t *n, json_t **made)
{
    *made = NULL;
    if (!json_is_array(v)) {
        *made = json_array();
        if (!*made || json_array_append(*made, v) != 0) {
            cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
            return NULL;
        }
        *n = 1;
        return *made;
    }
    *n = json_array_size(v);
    if (*n == 0) {
        perr(d, file, path, "an empty list (leave the member out for its default)");
        return NULL;
    }
    if (*n > SWEEP_MAX_VALUES) {
        perr(d, file, path, "a list of %zu values; at most %u", *n, SWEEP_MAX_VALUES);
        return NULL;
    }
    return v;
}

/* The path of element i of list member v at path (v itself if it is one
 * value standing for a list). */
static void elem_path(char *p, size_t size, const char *path, const json_t *v, size_t i)
{
    if (json_is_array(v))
        snprintf(p, size, "%s[%zu]", path, i);
    else
        snprintf(p, size, "%s", path);
}

/* A list of numbers in [lo, hi] (integers only if integral). */
static int num_list(cor_diag *d, const char *file, const char *path, json_t *v, double lo, double hi, int integral,
                    const char *what, double **out, size_t *n)
{
    json_t *made;
    json_t *a = as_list(d, file, path, v, n, &made);
    if (!a)
        return -1;
    *out = calloc(*n, sizeof **out);
    if (!*out) {
        json_decref(made);
        cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        return -1;
    }
    int bad = 0;
    for (size_t i = 0; i < *n; i++) {
        char p[256];
        elem_path(p, sizeof p, path, v, i);
        json_t *e = json_array_get(a, i);
        if (!json_is_number(e)) {
            perr(d, file, p, "expected %s, found %s", integral ? "a whole number" : "a number", type_name(e));
            bad = 1;
            continue;
        }
        double x = json_number_value(e);
        if (!isfinite(x) || x < lo || x > hi || (integral && x != floor(x))) {
            perr(d, file, p, "%.17g is not %s (%s: %s in [%g, %g])", x, integral && x != floor(x) ? "whole" : "in range",
                 what, integral ? "a whole number" : "a number", lo, hi);
            bad = 1;
            continue;
        }
        (*out)[i] = x == 0 ? 0.0 : x; /* -0 is 0: one key for one value */
    }
    json_decref(made);
    return bad ? -1 : 0;
}

static int str_list(cor_diag *d, const char *file, const char *path, json_t *v, size_t max, char ***out, size_t *n)
{
    json_t *made;
    json_t *a = as_list(d, file, path, v, n, &made);
    if (!a)
        return -1;
    *out = calloc(*n, sizeof **out);
    if (!*out) {
        json_decref(made);
        cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        return -1;
    }
    int bad = 0;
    for (size_t i = 0; i < *n; i++) {
        char p[256];
        elem_path(p, sizeof p, path, v, i);
        json_t *e = json_array_get(a, i);
        if (text_ok(d, file, p, e, max, 0)) {
            bad = 1;
            continue;
        }
        if (!((*out)[i] = dup_str(e))) {
            cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
            bad = 1;
        }
    }
    json_decref(made);
    return bad ? -1 : 0;
}

/* Is the same value listed twice?  (Two equal cases would have one key.) */
static int dup_numbers(cor_diag *d, const char *file, const char *path, const double *x, size_t n)
{
    for (size_t i = 1; i < n; i++)
        for (size_t j = 0; j < i && n <= 1000; j++)
            if (x[i] == x[j]) {
                char p[256];
                snprintf(p, sizeof p, "%s[%zu]", path, i);
                perr(d, file, p, "%g is listed twice (also at [%zu])", x[i], j);
                return -1;
            }
    return 0;
}

static int dup_strings(cor_diag *d, const char *file, const char *path, char *const *x, size_t n)
{
    for (size_t i = 1; i < n; i++)
        for (size_t j = 0; j < i && n <= 1000; j++)
            if (x[i] && x[j] && strcmp(x[i], x[j]) == 0) {
                char p[256];
                snprintf(p, sizeof p, "%s[%zu]", path, i);
                perr(d, file, p, "'%s' is listed twice (also at [%zu])", x[i], j);
                return -1;
            }
    return 0;
}

static int parse_pairs(cor_diag *d, sweep_spec *sp, json_t *v)
{
    const char *f = sp->file;
    if (!v)
        return perr(d, f, "$", "no \"pairs\": expected a list of origin-destination pairs, e.g. "
                               "[[\"Nhava Sheva\", \"Moscow\"]]"), -1;
    if (!json_is_array(v))
        return perr(d, f, "$.pairs", "expected a list of pairs, found %s", type_name(v)), -1;
    size_t n = json_array_size(v);
    if (n == 0 || n > SWEEP_MAX_VALUES)
        return perr(d, f, "$.pairs", "%zu pairs; expected 1 to %u", n, SWEEP_MAX_VALUES), -1;
    sp->from = calloc(n, sizeof *sp->from);
    sp->to = calloc(n, sizeof *sp->to);
    if (!sp->from || !sp->to)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory"), -1;
    sp->n[SW_PAIR] = n;
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(v, i), *a = NULL, *b = NULL;
        char p[64], pa[80], pb[80];
        snprintf(p, sizeof p, "$.pairs[%zu]", i);
        if (json_is_array(e) && json_array_size(e) == 2) {
            a = json_array_get(e, 0);
            b = json_array_get(e, 1);
            snprintf(pa, sizeof pa, "%s[0]", p);
            snprintf(pb, sizeof pb, "%s[1]", p);
        } else if (json_is_object(e)) {
            a = json_object_get(e, "from");
            b = json_object_get(e, "to");
            const char *k;
            json_t *x;
            json_object_foreach(e, k, x) {
                if (strcmp(k, "from") != 0 && strcmp(k, "to") != 0) {
                    char pk[160];
                    snprintf(pk, sizeof pk, "%s.%.60s", p, k);
                    perr(d, f, pk, "unknown member (a pair has from and to)");
                    bad = 1;
                }
            }
            if (!a || !b) {
                perr(d, f, p, "a pair needs \"from\" and \"to\"");
                bad = 1;
                continue;
            }
            snprintf(pa, sizeof pa, "%s.from", p);
            snprintf(pb, sizeof pb, "%s.to", p);
        } else {
            perr(d, f, p, "expected a pair [\"FROM\", \"TO\"] or {\"from\": ..., \"to\": ...}, found %s%s",
                 type_name(e), json_is_array(e) ? " of another length" : "");
            bad = 1;
            continue;
        }
        if (text_ok(d, f, pa, a, COR_MAX_NAME_BYTES, 0) | text_ok(d, f, pb, b, COR_MAX_NAME_BYTES, 0)) {
            bad = 1;
            continue;
        }
        if (!(sp->from[i] = dup_str(a)) || !(sp->to[i] = dup_str(b)))
            return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory"), -1;
    }
    return bad ? -1 : 0;
}

static int parse_scenarios(cor_diag *d, sweep_spec *sp, json_t *v)
{
    const char *f = sp->file;
    size_t n = 1;
    if (v && !json_is_array(v))
        return perr(d, f, "$.scenarios", "expected a list of scenario names, files or objects, found %s",
                    type_name(v)), -1;
    if (v) {
        n = json_array_size(v);
        if (n == 0 || n > SWEEP_MAX_WORLDS)
            return perr(d, f, "$.scenarios", "%zu scenarios; expected 1 to %u (\"base\" is none)", n,
                        SWEEP_MAX_WORLDS), -1;
    }
    sp->scen = calloc(n, sizeof *sp->scen);
    if (!sp->scen)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory"), -1;
    sp->n[SW_SCEN] = n;
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        sweep_scen *s = &sp->scen[i];
        json_t *e = v ? json_array_get(v, i) : NULL;
        char p[64];
        snprintf(p, sizeof p, "$.scenarios[%zu]", i);
        if (!e || (json_is_string(e) && strcmp(json_string_value(e), "base") == 0)) {
            s->label = strdup("base");
            s->key = strdup("base");
        } else if (json_is_string(e)) {
            if (text_ok(d, f, p, e, 1024, 0)) {
                bad = 1;
                continue;
            }
            s->arg = dup_str(e);
            s->label = dup_str(e);
            size_t len = strlen(s->arg) + 6;
            if ((s->key = malloc(len)))
                snprintf(s->key, len, "file:%s", s->arg);
        } else if (json_is_object(e)) {
            json_t *name = json_object_get(e, "name");
            char pn[80];
            snprintf(pn, sizeof pn, "%s.name", p);
            if (!name) {
                perr(d, f, p, "an inline scenario needs a \"name\"");
                bad = 1;
                continue;
            }
            if (text_ok(d, f, pn, name, 200, 0)) {
                bad = 1;
                continue;
            }
            s->label = dup_str(name);
            s->text = json_dumps(e, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(17));
            if (s->text) {
                size_t len = strlen(s->text) + 8;
                if ((s->key = malloc(len)))
                    snprintf(s->key, len, "inline:%s", s->text);
            }
        } else {
            perr(d, f, p, "expected a scenario name or file (a string) or an inline scenario (an object), found %s",
                 type_name(e));
            bad = 1;
            continue;
        }
        if (!s->label || !s->key)
            return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory"), -1;
    }
    for (size_t i = 1; !bad && i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(sp->scen[i].label, sp->scen[j].label) == 0) {
                char p[64];
                snprintf(p, sizeof p, "$.scenarios[%zu]", i);
                perr(d, f, p, "'%s' is listed twice (also at [%zu]); the rows could not tell them apart",
                     sp->scen[i].label, j);
                bad = 1;
                break;
            }
    return bad ? -1 : 0;
}

static int parse_objectives(cor_diag *d, sweep_spec *sp, json_t *v)
{
    const char *f = sp->file;
    char **names = NULL;
    size_t n = 1;
    int bad = 0;
    if (v && str_list(d, f, "$.objectives", v, 32, &names, &n))
        bad = 1;
    sp->obj = calloc(n, sizeof *sp->obj);
    if (!sp->obj)
        bad = 1;
    sp->n[SW_OBJ] = n;
    for (size_t i = 0; !bad && names && i < n; i++) {
        char p[64];
        elem_path(p, sizeof p, "$.objectives", v, i);
        if (cor_objective_parse(names[i], &sp->obj[i]) != 0) {
            perr(d, f, p, "unknown objective '%s' (expected time, cost, co2, distance or generalized)", names[i]);
            bad = 1;
        }
    }
    if (!bad && names)
        bad = dup_strings(d, f, "$.objectives", names, n) != 0;
    for (size_t i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
    return bad ? -1 : 0;
}

static const char *const param_names[] = {"value_of_time", "carbon_price", "dwell_multiplier", "rate_multiplier",
                                          "year", "box", "depart_month", NULL};

static int parse_params(cor_diag *d, sweep_spec *sp, json_t *v)
{
    const char *f = sp->file;
    int bad = 0;
    if (v && !json_is_object(v))
        return perr(d, f, "$.params", "expected an object of parameter lists, found %s", type_name(v)), -1;
    const char *k;
    json_t *x;
    if (v)
        json_object_foreach(v, k, x) {
            int known = 0;
            for (const char *const *p = param_names; *p; p++)
                known |= strcmp(*p, k) == 0;
            if (!known) {
                char p[160];
                snprintf(p, sizeof p, "$.params.%.60s", k);
                perr(d, f, p, "unknown parameter (expected value_of_time, carbon_price, dwell_multiplier, "
                              "rate_multiplier, year, box or depart_month)");
                bad = 1;
            }
        }
    static const struct {
        const char *name;
        int dim;
        double lo, hi, dflt;
        int integral;
        const char *what;
    } nums[] = {
        {"value_of_time", SW_VOT, 0, 1e6, 0, 0, "USD per TEU-day"},
        {"carbon_price", SW_CP, 0, 1e5, 0, 0, "USD per tonne CO2e"},
        {"dwell_multiplier", SW_DWELL, 0.01, 100, 1, 0, "a factor on every dwell at transfers and borders"},
        {"rate_multiplier", SW_RATE, 0.01, 100, 1, 0, "a factor on every link rate"},
    };
    double **dst[] = {&sp->vot, &sp->cp, &sp->dwell, &sp->rate};
    for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) {
        json_t *e = v ? json_object_get(v, nums[i].name) : NULL;
        char p[80];
        snprintf(p, sizeof p, "$.params.%s", nums[i].name);
        if (!e) {
            if (!(*dst[i] = malloc(sizeof **dst[i])))
                return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory"), -1;
            (*dst[i])[0] = nums[i].dflt;
            sp->n[nums[i].dim] = 1;
            continue;
        }
        if (num_list(d, f, p, e, nums[i].lo, nums[i].hi, nums[i].integral, nums[i].what, dst[i], &sp->n[nums[i].dim]) ||
            dup_numbers(d, f, p, *dst[i], sp->n[nums[i].dim]))
            bad = 1;
    }
    /* year and month: whole numbers */
    json_t *e = v ? json_object_get(v, "year") : NULL;
    double *tmp = NULL;
    size_t n = 1;
    if (e && (num_list(d, f, "$.params.year", e, 1900, 2100, 1, "a year", &tmp, &n) ||
              dup_numbers(d, f, "$.params.year", tmp, n)))
        bad = 1;
    sp->year = calloc(n, sizeof *sp->year);
    sp->n[SW_YEAR] = n;
    for (size_t i = 0; sp->year && tmp && i < n; i++)
        sp->year[i] = (int)tmp[i];
    free(tmp);
    tmp = NULL;
    n = 1;
    e = v ? json_object_get(v, "depart_month") : NULL;
    if (e && (num_list(d, f, "$.params.depart_month", e, 1, 12, 1, "a month", &tmp, &n) ||
              dup_numbers(d, f, "$.params.depart_month", tmp, n)))
        bad = 1;
    sp->month = calloc(n, sizeof *sp->month);
    sp->n[SW_MONTH] = n;
    for (size_t i = 0; sp->month && tmp && i < n; i++)
        sp->month[i] = (int)tmp[i];
    free(tmp);
    e = v ? json_object_get(v, "box") : NULL;
    if (e) {
        if (str_list(d, f, "$.params.box", e, 16, &sp->box, &sp->n[SW_BOX]) ||
            dup_strings(d, f, "$.params.box", sp->box, sp->n[SW_BOX]))
            bad = 1;
    } else {
        sp->box = calloc(1, sizeof *sp->box);
        if (sp->box)
            sp->box[0] = strdup("20");
        sp->n[SW_BOX] = 1;
    }
    if (!sp->year || !sp->month || !sp->box || (!e && !sp->box[0]))
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory"), -1;
    return bad ? -1 : 0;
}

static int parse_mc(cor_diag *d, sweep_spec *sp, json_t *v)
{
    const char *f = sp->file;
    int bad = 0;
    sp->n[SW_RUNS] = 1;
    if (!v) {
        sp->runs = calloc(1, sizeof *sp->runs);
        return sp->runs ? 0 : (cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory"), -1);
    }
    if (!json_is_object(v))
        return perr(d, f, "$.monte_carlo", "expected an object {\"runs\": N, \"seed\": S, \"deadline_days\": D}, "
                                           "found %s", type_name(v)), -1;
    sp->mc = 1;
    const char *k;
    json_t *x;
    json_object_foreach(v, k, x) {
        if (strcmp(k, "runs") != 0 && strcmp(k, "seed") != 0 && strcmp(k, "deadline_days") != 0) {
            char p[160];
            snprintf(p, sizeof p, "$.monte_carlo.%.60s", k);
            perr(d, f, p, "unknown member (expected runs, seed or deadline_days)");
            bad = 1;
        }
    }
    json_t *r = json_object_get(v, "runs");
    double *tmp = NULL;
    size_t n = 1;
    if (!r) {
        perr(d, f, "$.monte_carlo", "no \"runs\": how many draws per case");
        bad = 1;
    } else if (num_list(d, f, "$.monte_carlo.runs", r, 1, 10000000, 1, "draws per case", &tmp, &n) ||
               dup_numbers(d, f, "$.monte_carlo.runs", tmp, n)) {
        bad = 1;
    }
    sp->runs = calloc(n, sizeof *sp->runs);
    if (!sp->runs) {
        free(tmp);
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory"), -1;
    }
    sp->n[SW_RUNS] = n;
    for (size_t i = 0; tmp && i < n; i++)
        sp->runs[i] = (uint32_t)tmp[i];
    free(tmp);
    json_t *s = json_object_get(v, "seed");
    if (s) {
        if (!json_is_integer(s) || json_integer_value(s) < 0)
            perr(d, f, "$.monte_carlo.seed", "expected a whole number >= 0, found %s",
                 json_is_integer(s) ? "a negative number" : type_name(s)), bad = 1;
        else
            sp->seed = (uint64_t)json_integer_value(s);
    } else {
        sp->seed = 1;
    }
    json_t *dl = json_object_get(v, "deadline_days");
    if (dl) {
        double t = json_is_number(dl) ? json_number_value(dl) : -1;
        if (!json_is_number(dl) || !isfinite(t) || t <= 0 || t > 3650)
            perr(d, f, "$.monte_carlo.deadline_days", "expected days in (0, 3650], found %s", type_name(dl)), bad = 1;
        else
            sp->deadline_days = t;
    }
    return bad ? -1 : 0;
}

static int parse_corridors(cor_diag *d, sweep_spec *sp, json_t *v)
{
    if (!v || (json_is_string(v) && strcmp(json_string_value(v), "all") == 0))
        return 0;
    if (!json_is_array(v))
        return perr(d, sp->file, "$.corridors", "expected a list of corridor names or \"all\", found %s",
                    type_name(v)), -1;
    if (json_array_size(v) > SWEEP_MAX_CORRIDORS)
        return perr(d, sp->file, "$.corridors", "%zu corridors; at most %u", json_array_size(v),
                    SWEEP_MAX_CORRIDORS), -1;
    if (str_list(d, sp->file, "$.corridors", v, 120, &sp->corridors, &sp->ncorridors))
        return -1;
    return dup_strings(d, sp->file, "$.corridors", sp->corridors, sp->ncorridors);
}

cor_status sweep_spec_parse(const char *path, const char *text, size_t len, sweep_spec **out, cor_diag *d)
{
    *out = NULL;
    sweep_spec *sp = calloc(1, sizeof *sp);
    if (!sp || !(sp->file = strdup(path))) {
        free(sp);
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    size_t before = d->count + d->dropped;
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        cor_diag_add(d, COR_EDATA, path, je.line > 0 ? (uint32_t)je.line : 0, je.column > 0 ? (uint32_t)je.column : 0,
                     "%s", je.text);
        sweep_spec_free(sp);
        return COR_EDATA;
    }
    if (!json_is_object(root)) {
        perr(d, path, "$", "expected an object (a sweep spec), found %s", type_name(root));
        goto fail;
    }
    static const char *const members[] = {"name", "description", "network", "pairs", "scenarios", "corridors",
                                          "objectives", "params", "monte_carlo", NULL};
    const char *k;
    json_t *x;
    json_object_foreach(root, k, x) {
        int known = 0;
        for (const char *const *m = members; *m; m++)
            known |= strcmp(*m, k) == 0;
        if (!known) {
            char p[160];
            snprintf(p, sizeof p, "$.%.60s", k);
            perr(d, path, p, "unknown member (expected name, description, network, pairs, scenarios, corridors, "
                             "objectives, params or monte_carlo)");
        }
    }
    json_t *name = json_object_get(root, "name");
    if (name && text_ok(d, path, "$.name", name, 200, 0) == 0)
        sp->name = dup_str(name);
    json_t *desc = json_object_get(root, "description");
    if (desc)
        text_ok(d, path, "$.description", desc, 4000, 1);
    json_t *net = json_object_get(root, "network");
    if (net && text_ok(d, path, "$.network", net, 4000, 0) == 0)
        sp->network = dup_str(net);
    parse_pairs(d, sp, json_object_get(root, "pairs"));
    parse_scenarios(d, sp, json_object_get(root, "scenarios"));
    parse_corridors(d, sp, json_object_get(root, "corridors"));
    parse_objectives(d, sp, json_object_get(root, "objectives"));
    parse_params(d, sp, json_object_get(root, "params"));
    parse_mc(d, sp, json_object_get(root, "monte_carlo"));
    if (d->count + d->dropped > before)
        goto fail;
    sp->ncases = 1;
    for (int i = 0; i < SW_NDIM; i++) {
        if (sp->n[i] == 0 || sp->ncases > SWEEP_MAX_CASES / sp->n[i] + 1) {
            sp->ncases = SWEEP_MAX_CASES + 1;
            break;
        }
        sp->ncases *= sp->n[i];
    }
    if (sp->ncases > SWEEP_MAX_CASES) {
        perr(d, path, "$", "the cross product has more than %llu cases", (unsigned long long)SWEEP_MAX_CASES);
        goto fail;
    }
    if (sp->n[SW_SCEN] * sp->n[SW_DWELL] * sp->n[SW_RATE] > SWEEP_MAX_WORLDS) {
        perr(d, path, "$.scenarios", "%zu scenarios x %zu dwell multipliers x %zu rate multipliers make %zu networks; "
                                     "at most %u", sp->n[SW_SCEN], sp->n[SW_DWELL], sp->n[SW_RATE],
             sp->n[SW_SCEN] * sp->n[SW_DWELL] * sp->n[SW_RATE], SWEEP_MAX_WORLDS);
        goto fail;
    }
    sp->canonical = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(17));
    if (!sp->canonical) {
        cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        goto fail;
    }
    sp->hash = sweep_fnv(SWEEP_FNV0, sp->canonical, strlen(sp->canonical));
    json_decref(root);
    *out = sp;
    return COR_OK;
fail:
    json_decref(root);
    sweep_spec_free(sp);
    return cor_diag_status(d) != COR_OK ? cor_diag_status(d) : COR_EDATA;
}

cor_status sweep_spec_load(const char *path, sweep_spec **out, cor_diag *d)
{
    char *text = NULL;
    size_t len = 0;
    *out = NULL;
    cor_status s = cor_read_file(path, SWEEP_MAX_SPEC_BYTES, &text, &len, d);
    if (s == COR_OK)
        s = sweep_spec_parse(path, text, len, out, d);
    free(text);
    return s;
}

void sweep_case_decode(const sweep_spec *sp, uint64_t i, size_t idx[SW_NDIM])
{
    for (int k = SW_NDIM - 1; k >= 0; k--) {
        idx[k] = (size_t)(i % sp->n[k]);
        i /= sp->n[k];
    }
}

uint64_t sweep_case_key(const sweep_spec *sp, const size_t idx[SW_NDIM])
{
    char b[512];
    uint64_t h = SWEEP_FNV0;
    h = sweep_fnv(h, sp->from[idx[SW_PAIR]], strlen(sp->from[idx[SW_PAIR]]) + 1);
    h = sweep_fnv(h, sp->to[idx[SW_PAIR]], strlen(sp->to[idx[SW_PAIR]]) + 1);
    h = sweep_fnv(h, sp->scen[idx[SW_SCEN]].key, strlen(sp->scen[idx[SW_SCEN]].key) + 1);
    h = sweep_fnv(h, sp->box[idx[SW_BOX]], strlen(sp->box[idx[SW_BOX]]) + 1);
    int n = snprintf(b, sizeof b, "%.17g|%.17g|%d|%s|%.17g|%.17g|%d|%u|%llu|%.17g", sp->dwell[idx[SW_DWELL]],
                     sp->rate[idx[SW_RATE]], sp->year[idx[SW_YEAR]], cor_objective_name(sp->obj[idx[SW_OBJ]]),
                     sp->vot[idx[SW_VOT]], sp->cp[idx[SW_CP]], sp->month[idx[SW_MONTH]], sp->runs[idx[SW_RUNS]],
                     (unsigned long long)(sp->runs[idx[SW_RUNS]] ? sp->seed : 0), sp->deadline_days);
    h = sweep_fnv(h, b, n > 0 ? (size_t)n : 0);
    for (size_t i = 0; i < sp->ncorridors; i++)
        h = sweep_fnv(h, sp->corridors[i], strlen(sp->corridors[i]) + 1);
    return h;
}
