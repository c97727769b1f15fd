/*
 * sweep.c -- `corridor sweep SPEC.json`: the cross product of a spec's
 * cases (sweep.h), computed by a pool of threads and, when launched by
 * mpirun, by several processes, into one SQLite store.
 *
 * Data model: one *world* per (scenario, dwell multiplier, rate
 * multiplier): its network and graph (immutable once loaded, shared by
 * every thread), the pairs' nodes and a query per box type.  A case is
 * routed with cor_compare_run_ws on its world, with the thread's own
 * workspace (reset in O(1) per search): one row per corridor.
 *
 * Flow: every process parses the spec and loads the worlds (so a bad
 * spec or place is refused before any work); rank 0 opens the store and
 * lists the cases it does not hold (the pending list), which it sends to
 * the other ranks; rank r computes the r-th block of the list with its
 * threads (an atomic counter over the block; each thread its own compare
 * and workspace).  The main thread of rank 0 is the one writer: it takes
 * the finished cases of its threads and of the other ranks (MPI messages
 * of whole cases) and stores them in batches, one transaction each, so a
 * case is stored whole or not at all and a kill loses at most the batch
 * being written.  Rows are keyed by case id, so the store is the same
 * whatever the number of threads and ranks.
 *
 * MPI_Init is called only when the process was launched by mpirun
 * (OMPI_COMM_WORLD_SIZE in the environment): a plain `corridor` never
 * touches MPI.  Only the main thread calls MPI (MPI_THREAD_FUNNELED).
 *
 * For the tests: CORRIDOR_SWEEP_KILL_AFTER=K makes the writer kill its
 * own process (SIGKILL) after it has put K cases (its batch then
 * uncommitted), and CORRIDOR_SWEEP_CASE_DELAY_MS=M makes each case take
 * at least M ms, so that a real kill lands mid-run.
 */
#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <getopt.h>

#ifdef CORRIDOR_HAVE_MPI
#include <mpi.h>
#endif

#include "cli_internal.h"
#include "corridor/compare.h"
#include "corridor/outfile.h"
#include "corridor/scenario.h"
#include "corridor/simulate.h"
#include "options.h"
#include "sweep.h"

#define SWEEP_MAX_THREADS 256

const char *sweep_help =
    "Usage: corridor sweep SPEC.json [--db FILE] [--csv FILE] [--threads N] [--network DIR]\n"
    "\n"
    "Run the cross product of a spec: OD pairs x scenarios x parameter values x\n"
    "Monte Carlo runs, one row per corridor of each case, into an SQLite store.\n"
    "\n"
    "  --db FILE       the store (default sweep.db): table results, one row per\n"
    "                  case and corridor with every input and output; table meta\n"
    "                  (the spec's hash, the version).  Committed in batches: an\n"
    "                  interrupted sweep keeps what it stored, and a rerun of the\n"
    "                  same spec skips the cases already there.  A store of\n"
    "                  another spec, or a file that is not one, is refused.\n"
    "  --csv FILE      also write every row as CSV, ordered by case and corridor\n"
    "  --threads N     threads (default: the processors online; 1 per rank\n"
    "                  under mpirun)\n"
    "  --network DIR   the network folder (default: the spec's \"network\", else\n"
    "                  the shipped one)\n"
    "  --batch N       cases per transaction (default 256; also every second)\n"
    "\n"
    "The spec (JSON; every list may be one value):\n"
    "  {\"name\": \"...\",\n"
    "   \"pairs\": [[\"Nhava Sheva\", \"Moscow\"], {\"from\": \"...\", \"to\": \"...\"}],\n"
    "   \"scenarios\": [\"base\", \"suez-open\", \"file.json\", {an inline scenario}],\n"
    "   \"corridors\": [\"INSTC West\", \"Suez-Black Sea\"] (default: all),\n"
    "   \"objectives\": [\"time\", \"cost\", \"co2\", \"distance\", \"generalized\"],\n"
    "   \"params\": {\"value_of_time\": [USD per TEU-day], \"carbon_price\": [USD/t],\n"
    "              \"dwell_multiplier\": [x], \"rate_multiplier\": [x],\n"
    "              \"year\": [YYYY], \"box\": [\"20\", \"40\", ...], \"depart_month\": [1-12]},\n"
    "   \"monte_carlo\": {\"runs\": N, \"seed\": S, \"deadline_days\": D}}\n"
    "A fault in the spec is reported with its JSON path before any work.\n"
    "\n"
    "Across processes and machines: mpirun -np N corridor sweep SPEC.json splits\n"
    "the cases over the ranks; rank 0 writes the store (the same as a threaded\n"
    "run).  As root, mpirun needs --allow-run-as-root (and --oversubscribe for\n"
    "more ranks than cores).\n"
    "Exit 0 when every case is stored, 130 when interrupted (rerun to resume).\n";

/* ---- signals ---------------------------------------------------------- */

static volatile sig_atomic_t sweep_stop;

static void on_stop(int sig)
{
    (void)sig;
    sweep_stop = 1; /* a second signal ends the process (SA_RESETHAND) */
}

/* ---- worlds ----------------------------------------------------------- */

typedef struct sweep_world {
    cor_network *net;
    cor_graph *g;
    uint32_t *from, *to; /* [npair] */
    cor_query *q;        /* [nbox] resolved queries */
    int year;            /* when the spec gives none */
    cor_reliability *rel; /* variability and seasons (NULL: the defaults) */
} sweep_world;

typedef struct sweep_ctx {
    const sweep_spec *sp;
    const char *dir;
    cor_scenario **sc;      /* [nscen] NULL for base */
    cor_scenario **mult;    /* [ndwell * nrate] NULL for 1 x 1 */
    sweep_world *w;         /* [nscen * ndwell * nrate] */
    size_t nworld;
    /* the work of this rank */
    const uint64_t *pending;
    uint64_t lo, hi;
    _Atomic uint64_t next;
    unsigned delay_ms;
    /* finished cases, for the main thread */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct case_out *head, **tail;
    unsigned running;
    cor_status err;
    char errmsg[COR_DIAG_TEXT + 64];
} sweep_ctx;

typedef struct case_out {
    struct case_out *next;
    uint32_t n;
    sweep_row rows[];
} case_out;

static size_t world_index(const sweep_spec *sp, const size_t idx[SW_NDIM])
{
    return (idx[SW_SCEN] * sp->n[SW_DWELL] + idx[SW_DWELL]) * sp->n[SW_RATE] + idx[SW_RATE];
}

/* Print d's errors (rank 0 only) and return the exit code of s. */
static int report(int quiet, const cor_diag *d, cor_status s)
{
    if (quiet)
        return cor_status_exit_code(s);
    return print_diag(d, s);
}

static int spec_fail(int quiet, const sweep_spec *sp, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int spec_fail(int quiet, const sweep_spec *sp, const char *path, const char *fmt, ...)
{
    if (!quiet) {
        char msg[1600];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        fprintf(stderr, "%s: %s: %s\n", sp->file, path, msg);
    }
    return cor_status_exit_code(COR_EDATA);
}

/* Load the scenarios, the multiplier overlays and every world; resolve
 * places, boxes and corridors.  0 or an exit code. */
static int worlds_load(sweep_ctx *c, int quiet)
{
    const sweep_spec *sp = c->sp;
    cor_diag d;
    if (cor_diag_init(&d, 20) != COR_OK)
        return cor_status_exit_code(COR_ENOMEM);
    int rc = 0;
    size_t nm = sp->n[SW_DWELL] * sp->n[SW_RATE];
    c->nworld = sp->n[SW_SCEN] * nm;
    c->sc = calloc(sp->n[SW_SCEN], sizeof *c->sc);
    c->mult = calloc(nm, sizeof *c->mult);
    c->w = calloc(c->nworld, sizeof *c->w);
    if (!c->sc || !c->mult || !c->w) {
        rc = cor_status_exit_code(COR_ENOMEM);
        goto done;
    }
    for (size_t i = 0; i < sp->n[SW_SCEN] && !rc; i++) {
        const sweep_scen *s = &sp->scen[i];
        char p[64];
        snprintf(p, sizeof p, "$.scenarios[%zu]", i);
        cor_status st = COR_OK;
        if (s->arg) {
            char path[4096];
            if (cor_scenario_path(c->dir, s->arg, path, sizeof path) != 0) {
                rc = spec_fail(quiet, sp, p, "the path of '%s' is too long", s->arg);
                break;
            }
            if (access(path, F_OK) != 0) {
                rc = spec_fail(quiet, sp, p, "unknown scenario '%s' (no file %s; 'corridor scenarios' lists the "
                               "network's)", s->arg, path);
                break;
            }
            st = cor_scenario_load(path, &c->sc[i], &d);
        } else if (s->text) {
            char label[600];
            snprintf(label, sizeof label, "%s: %s", sp->file, p);
            st = cor_scenario_parse(label, s->text, strlen(s->text), &c->sc[i], &d);
        }
        if (st != COR_OK)
            rc = report(quiet, &d, st);
    }
    for (size_t dw = 0; dw < sp->n[SW_DWELL] && !rc; dw++)
        for (size_t r = 0; r < sp->n[SW_RATE] && !rc; r++) {
            double fd = sp->dwell[dw], fr = sp->rate[r];
            if (fd == 1 && fr == 1)
                continue;
            char text[512];
            int n = snprintf(text, sizeof text, "{\"name\": \"sweep-multipliers\", \"scale\": [");
            if (fd != 1)
                n += snprintf(text + n, sizeof text - (size_t)n, "{\"what\": \"dwell_hours\", \"factor\": %.17g}%s", fd,
                              fr != 1 ? ", " : "");
            if (fr != 1)
                n += snprintf(text + n, sizeof text - (size_t)n, "{\"what\": \"rate_usd_per_teu_km\", \"factor\": %.17g}",
                              fr);
            snprintf(text + n, sizeof text - (size_t)n, "]}");
            char label[600];
            snprintf(label, sizeof label, "%s: $.params (dwell x%g, rate x%g)", sp->file, fd, fr);
            cor_status st = cor_scenario_parse(label, text, strlen(text), &c->mult[dw * sp->n[SW_RATE] + r], &d);
            if (st != COR_OK)
                rc = report(quiet, &d, st);
        }
    for (size_t s = 0; s < sp->n[SW_SCEN] && !rc; s++)
        for (size_t m = 0; m < nm && !rc; m++) {
            sweep_world *w = &c->w[s * nm + m];
            cor_scenario *arr[2];
            size_t n = 0;
            if (c->sc[s])
                arr[n++] = c->sc[s];
            if (c->mult[m])
                arr[n++] = c->mult[m];
            cor_status st = cor_network_load_scenarios(c->dir, arr, n, &w->net, &d);
            if (st == COR_OK)
                st = cor_graph_build(w->net, &w->g, &d);
            if (st != COR_OK) {
                rc = report(quiet, &d, st);
                break;
            }
            /* the reliability tables, for departure months and Monte Carlo */
            cor_diag rd;
            cor_diag_init(&rd, 20);
            st = cor_reliability_load(w->net, NULL, &w->rel, &rd);
            if (st != COR_OK) {
                rc = report(quiet, &rd, st);
                cor_diag_destroy(&rd);
                break;
            }
            cor_diag_destroy(&rd);
            route_args a;
            route_args_init(&a, "sweep");
            w->year = cor_network_year(w->net) ? cor_network_year(w->net) : a.year;
            w->from = calloc(sp->n[SW_PAIR], sizeof *w->from);
            w->to = calloc(sp->n[SW_PAIR], sizeof *w->to);
            w->q = calloc(sp->n[SW_BOX], sizeof *w->q);
            if (!w->from || !w->to || !w->q) {
                rc = cor_status_exit_code(COR_ENOMEM);
                break;
            }
            cli_err e;
            for (size_t i = 0; i < sp->n[SW_PAIR] && !rc; i++) {
                char p[64];
                const char *which = "from";
                if (route_resolve_place(w->net, "place", sp->from[i], &w->from[i], &e) == 0) {
                    which = "to";
                    if (route_resolve_place(w->net, "place", sp->to[i], &w->to[i], &e) == 0) {
                        if (w->from[i] != w->to[i])
                            continue;
                        snprintf(e.msg, sizeof e.msg, "from and to are the same place (%s)",
                                 cor_network_node(w->net, w->from[i])->name);
                    }
                }
                snprintf(p, sizeof p, "$.pairs[%zu].%s", i, which);
                rc = spec_fail(quiet, sp, p, "%s%s%s", e.msg + (strncmp(e.msg, "place: ", 7) == 0 ? 7 : 0),
                               s ? " under scenario " : "", s ? sp->scen[s].label : "");
            }
            for (size_t b = 0; b < sp->n[SW_BOX] && !rc; b++) {
                cor_format fmt;
                a.box = sp->box[b];
                if (route_make_query(&a, &w->q[b], &fmt, &e) || route_resolve_options(&a, w->net, &w->q[b], &e)) {
                    char p[64];
                    snprintf(p, sizeof p, "$.params.box[%zu]", b);
                    rc = spec_fail(quiet, sp, p, "%s", e.msg + (strncmp(e.msg, "--box: ", 7) == 0 ? 7 : 0));
                }
            }
            for (size_t k = 0; k < sp->ncorridors && !rc; k++) {
                int found = 0;
                char names[1024] = "";
                for (uint32_t j = 0; j < cor_network_corridor_count(w->net); j++) {
                    const char *nm2 = cor_network_corridor(w->net, j)->name;
                    found |= strcmp(nm2, sp->corridors[k]) == 0;
                    if (strlen(names) + strlen(nm2) + 3 < sizeof names)
                        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", names[0] ? ", " : "", nm2);
                }
                if (!cor_network_corridor_count(w->net))
                    found = strcmp(sp->corridors[k], "best") == 0;
                if (!found) {
                    char p[64];
                    snprintf(p, sizeof p, "$.corridors[%zu]", k);
                    rc = spec_fail(quiet, sp, p, "no corridor '%s'%s%s (the network's corridors: %s)", sp->corridors[k],
                                   s ? " under scenario " : "", s ? sp->scen[s].label : "", names[0] ? names : "none: best");
                }
            }
        }
done:
    cor_diag_destroy(&d);
    return rc;
}

static void worlds_free(sweep_ctx *c)
{
    for (size_t i = 0; c->w && i < c->nworld; i++) {
        cor_reliability_free(c->w[i].rel);
        cor_graph_free(c->w[i].g);
        cor_network_free(c->w[i].net);
        free(c->w[i].from);
        free(c->w[i].to);
        free(c->w[i].q);
    }
    for (size_t i = 0; c->sc && i < c->sp->n[SW_SCEN]; i++)
        cor_scenario_free(c->sc[i]);
    for (size_t i = 0; c->mult && i < c->sp->n[SW_DWELL] * c->sp->n[SW_RATE]; i++)
        cor_scenario_free(c->mult[i]);
    free(c->w);
    free(c->sc);
    free(c->mult);
}

/* ---- one case ------------------------------------------------------- */

static void fill_row(sweep_row *r, const cor_compare_item *x, uint64_t id, uint32_t rank)
{
    memset(r, 0, sizeof *r);
    r->case_id = id;
    r->rank = rank;
    r->year = x->q.year;
    snprintf(r->corridor, sizeof r->corridor, "%s", x->corridor ? x->corridor->name : "best");
    snprintf(r->from_id, sizeof r->from_id, "%s", x->from_id);
    snprintf(r->to_id, sizeof r->to_id, "%s", x->to_id);
    if (x->status == COR_OK) {
        snprintf(r->status, sizeof r->status, "ok");
        const cor_totals *t = &x->it.totals;
        r->hours = t->hours;
        r->days = t->hours / 24;
        r->cost_usd = t->cost_usd;
        r->co2e_kg = t->co2e_kg;
        r->distance_km = t->distance_km;
        r->weight = x->weight;
        r->handlings = t->handlings;
        r->border_crossings = t->border_crossings;
        r->gauge_changes = t->gauge_changes;
        cor_route_in_words(&x->it, r->route, sizeof r->route);
    } else {
        snprintf(r->status, sizeof r->status, "%s", x->applicable ? "no_route" : "not_applicable");
        snprintf(r->reason, sizeof r->reason, "%s", x->reason);
    }
}

/* Monte Carlo over the row's route (simulate.h): one thread (the sweep's
 * threads are busy with cases), the spec's seed for every case, so that
 * two cases differ by their inputs, not by their random numbers. */
static void simulate_row(sweep_row *r, const cor_compare_item *x, const sweep_world *w, const sweep_spec *sp,
                         const size_t idx[SW_NDIM])
{
    cor_diag d;
    if (cor_diag_init(&d, 2) != COR_OK)
        return;
    cor_sim_plan *plan = NULL;
    cor_sim_result res;
    cor_sim_result_init(&res);
    cor_status s = cor_sim_plan_from_itinerary(&x->it, w->rel, sp->month[idx[SW_MONTH]], &plan, &d);
    if (s == COR_OK) {
        cor_sim_options o;
        cor_sim_options_init(&o);
        o.runs = sp->runs[idx[SW_RUNS]];
        o.seed = sp->seed;
        o.threads = 1;
        o.deadline_days = sp->deadline_days;
        s = cor_simulate(plan, &o, &res, &d);
    }
    if (s == COR_OK) {
        r->has_mc = 1;
        r->mc_mean_days = res.mean_days;
        r->mc_sd_days = res.sd_days;
        r->mc_p50_days = res.p50_days;
        r->mc_p80_days = res.p80_days;
        r->mc_p95_days = res.p95_days;
        r->mc_p_deadline = res.p_deadline;
    } else {
        snprintf(r->reason, sizeof r->reason, "Monte Carlo: %s", d.count ? d.items[0].msg : cor_status_message(s));
    }
    cor_sim_result_destroy(&res);
    cor_sim_plan_free(plan);
    cor_diag_destroy(&d);
}

/* Compute case id into a new case_out; NULL and c->err on failure. */
static case_out *run_case(sweep_ctx *c, uint64_t id, cor_workspace *ws, cor_diag *d)
{
    const sweep_spec *sp = c->sp;
    size_t idx[SW_NDIM];
    sweep_case_decode(sp, id, idx);
    const sweep_world *w = &c->w[world_index(sp, idx)];
    cor_query q = w->q[idx[SW_BOX]];
    q.by = sp->obj[idx[SW_OBJ]];
    q.value_of_time_usd_per_teu_day = sp->vot[idx[SW_VOT]];
    q.carbon_price_usd_per_t = sp->cp[idx[SW_CP]];
    q.year = sp->year[idx[SW_YEAR]] ? sp->year[idx[SW_YEAR]] : w->year;
    q.depart_month = sp->month[idx[SW_MONTH]];
    q.reliability = w->rel;
    cor_compare cmp;
    cor_compare_init(&cmp);
    cor_diag_clear(d);
    cor_status s = cor_compare_run_ws(&cmp, w->g, &q, sp->scen[idx[SW_SCEN]].label, w->from[idx[SW_PAIR]],
                                      w->to[idx[SW_PAIR]], ws, d);
    case_out *o = NULL;
    size_t n = sp->ncorridors ? sp->ncorridors : cmp.n;
    if (s == COR_OK) {
        o = calloc(1, sizeof *o + n * sizeof *o->rows);
        if (!o)
            s = COR_ENOMEM;
    }
    if (s != COR_OK) {
        pthread_mutex_lock(&c->mu);
        if (c->err == COR_OK) {
            c->err = s;
            snprintf(c->errmsg, sizeof c->errmsg, "case %" PRIu64 ": %s", id,
                     d->count ? d->items[0].msg : cor_status_message(s));
        }
        pthread_mutex_unlock(&c->mu);
        cor_compare_destroy(&cmp);
        return NULL;
    }
    for (size_t k = 0; k < n; k++) {
        const cor_compare_item *x = NULL;
        if (!sp->ncorridors)
            x = cmp.items[k];
        for (size_t j = 0; !x && j < cmp.n; j++) {
            const char *name = cmp.items[j]->corridor ? cmp.items[j]->corridor->name : "best";
            if (strcmp(name, sp->corridors[k]) == 0)
                x = cmp.items[j];
        }
        if (!x)
            continue;
        sweep_row *r = &o->rows[o->n++];
        fill_row(r, x, id, (uint32_t)k);
        if (x->status == COR_OK && sp->runs[idx[SW_RUNS]])
            simulate_row(r, x, w, sp, idx);
    }
    cor_compare_destroy(&cmp);
    return o;
}

static void *worker(void *arg)
{
    sweep_ctx *c = arg;
    cor_diag d;
    cor_workspace *ws = cor_workspace_new(); /* this thread's, for every case it routes */
    if (cor_diag_init(&d, 4) != COR_OK || !ws) {
        pthread_mutex_lock(&c->mu);
        if (c->err == COR_OK) {
            c->err = COR_ENOMEM;
            snprintf(c->errmsg, sizeof c->errmsg, "out of memory");
        }
        c->running--;
        pthread_cond_signal(&c->cv);
        pthread_mutex_unlock(&c->mu);
        cor_workspace_free(ws);
        cor_diag_destroy(&d);
        return NULL;
    }
    for (;;) {
        if (sweep_stop)
            break;
        uint64_t k = atomic_fetch_add(&c->next, 1);
        if (c->lo + k >= c->hi)
            break;
        pthread_mutex_lock(&c->mu);
        int failed = c->err != COR_OK;
        pthread_mutex_unlock(&c->mu);
        if (failed)
            break;
        if (c->delay_ms) {
            struct timespec ts = {(time_t)(c->delay_ms / 1000), (long)(c->delay_ms % 1000) * 1000000L};
            nanosleep(&ts, NULL);
        }
        case_out *o = run_case(c, c->pending[c->lo + k], ws, &d);
        if (!o)
            break;
        pthread_mutex_lock(&c->mu);
        *c->tail = o;
        c->tail = &o->next;
        pthread_cond_signal(&c->cv);
        pthread_mutex_unlock(&c->mu);
    }
    cor_diag_destroy(&d);
    cor_workspace_free(ws);
    pthread_mutex_lock(&c->mu);
    c->running--;
    pthread_cond_signal(&c->cv);
    pthread_mutex_unlock(&c->mu);
    return NULL;
}

/* Take the finished cases (waiting up to wait_ms for one). */
static case_out *take(sweep_ctx *c, unsigned wait_ms, unsigned *running)
{
    pthread_mutex_lock(&c->mu);
    if (!c->head && c->running && wait_ms) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += (long)wait_ms * 1000000L;
        ts.tv_sec += ts.tv_nsec / 1000000000L;
        ts.tv_nsec %= 1000000000L;
        pthread_cond_timedwait(&c->cv, &c->mu, &ts);
    }
    case_out *h = c->head;
    c->head = NULL;
    c->tail = &c->head;
    *running = c->running;
    pthread_mutex_unlock(&c->mu);
    return h;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- MPI ---------------------------------------------------------------- */

enum { TAG_ROWS = 1 };

typedef struct mpi_state {
    int active, rank, size;
} mpi_state;

static int mpi_start(mpi_state *m, int *argc, char ***argv)
{
    memset(m, 0, sizeof *m);
    m->size = 1;
    const char *env = getenv("OMPI_COMM_WORLD_SIZE");
    if (!env)
        return 0;
#ifdef CORRIDOR_HAVE_MPI
    int provided = 0;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        fprintf(stderr, "%s sweep: MPI_Init failed (launch with mpirun -np N; as root mpirun needs "
                        "--allow-run-as-root, and --oversubscribe for more ranks than cores)\n", prog);
        return -1;
    }
    m->active = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &m->rank);
    MPI_Comm_size(MPI_COMM_WORLD, &m->size);
    return 0;
#else
    (void)argc;
    (void)argv;
    fprintf(stderr, "%s sweep: launched by mpirun (OMPI_COMM_WORLD_SIZE=%s), but this corridor was built without MPI "
                    "(install libopenmpi-dev and rebuild with -DCORRIDOR_MPI=ON)\n", prog, env);
    return -1;
#endif
}

/* Finalize when every rank ends alike (agreed), else abort them all. */
static void mpi_end(mpi_state *m, int rc, int agreed)
{
#ifdef CORRIDOR_HAVE_MPI
    if (!m->active)
        return;
    if (rc == 0 || agreed || m->size == 1) {
        MPI_Finalize();
    } else {
        fflush(stdout);
        fflush(stderr);
        MPI_Abort(MPI_COMM_WORLD, rc);
    }
#else
    (void)m;
    (void)rc;
    (void)agreed;
#endif
}

/* Rank 0 tells the others the status so far (nonzero: stop) and the
 * pending list; the others receive them.  Returns the status. */
static int mpi_share(mpi_state *m, int rc, uint64_t **pending, uint64_t *npending)
{
#ifdef CORRIDOR_HAVE_MPI
    if (!m->active || m->size == 1)
        return rc;
    uint64_t hdr[2] = {(uint64_t)rc, *npending};
    MPI_Bcast(hdr, 2, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    if (hdr[0] != 0)
        return m->rank == 0 ? rc : (int)hdr[0];
    if (m->rank != 0) {
        free(*pending);
        *pending = malloc((hdr[1] ? hdr[1] : 1) * sizeof **pending);
        if (!*pending) {
            fprintf(stderr, "%s sweep: rank %d: out of memory\n", prog, m->rank);
            MPI_Abort(MPI_COMM_WORLD, cor_status_exit_code(COR_ENOMEM));
        }
        *npending = hdr[1];
    }
    for (uint64_t off = 0; off < hdr[1]; off += 1u << 24) {
        uint64_t n = hdr[1] - off < (1u << 24) ? hdr[1] - off : 1u << 24;
        MPI_Bcast(*pending + off, (int)n, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    }
    return 0;
#else
    (void)m;
    (void)pending;
    (void)npending;
    return rc;
#endif
}

/* A non-zero rank: send the finished cases to rank 0, as rows. */
static int mpi_send(case_out *h, uint64_t *ncases)
{
#ifdef CORRIDOR_HAVE_MPI
    size_t nrows = 0, nc = 0;
    for (case_out *o = h; o; o = o->next, nc++)
        nrows += o->n;
    if (!nc)
        return 0;
    size_t bytes = 16 + nrows * sizeof(sweep_row);
    unsigned char *buf = malloc(bytes);
    if (!buf)
        return -1;
    uint64_t hdr[2] = {nc, nrows};
    memcpy(buf, hdr, 16);
    size_t off = 16;
    for (case_out *o = h; o; o = o->next) {
        memcpy(buf + off, o->rows, o->n * sizeof(sweep_row));
        off += o->n * sizeof(sweep_row);
    }
    int rc = MPI_Send(buf, (int)bytes, MPI_BYTE, 0, TAG_ROWS, MPI_COMM_WORLD) == MPI_SUCCESS ? 0 : -1;
    free(buf);
    *ncases += nc;
    return rc;
#else
    (void)h;
    (void)ncases;
    return -1;
#endif
}

/* Rank 0: take the rows other ranks have sent (without waiting).
 * Returns the cases taken, or -1. */
static int64_t mpi_receive(mpi_state *m, sweep_store *st, const sweep_spec *sp, cor_diag *d)
{
#ifdef CORRIDOR_HAVE_MPI
    if (!m->active || m->size == 1)
        return 0;
    int64_t got = 0;
    for (;;) {
        int flag = 0;
        MPI_Status ms;
        MPI_Iprobe(MPI_ANY_SOURCE, TAG_ROWS, MPI_COMM_WORLD, &flag, &ms);
        if (!flag)
            return got;
        int bytes = 0;
        MPI_Get_count(&ms, MPI_BYTE, &bytes);
        unsigned char *buf = malloc(bytes > 16 ? (size_t)bytes : 16);
        if (!buf)
            return -1;
        MPI_Recv(buf, bytes, MPI_BYTE, ms.MPI_SOURCE, TAG_ROWS, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        uint64_t hdr[2];
        memcpy(hdr, buf, 16);
        if (bytes < 16 || (size_t)bytes != 16 + hdr[1] * sizeof(sweep_row)) {
            free(buf);
            cor_diag_add(d, COR_EINTERNAL, NULL, 0, 0, "a message of %d bytes from rank %d does not hold whole rows",
                         bytes, ms.MPI_SOURCE);
            return -1;
        }
        sweep_row *rows = malloc((hdr[1] ? hdr[1] : 1) * sizeof *rows);
        if (!rows) {
            free(buf);
            return -1;
        }
        memcpy(rows, buf + 16, hdr[1] * sizeof *rows);
        free(buf);
        cor_status s = sweep_store_put(st, sp, rows, (uint32_t)hdr[1], d);
        free(rows);
        if (s != COR_OK)
            return -1;
        got += (int64_t)hdr[0];
    }
#else
    (void)m;
    (void)st;
    (void)sp;
    (void)d;
    return 0;
#endif
}

/* ---- the command ---------------------------------------------------------- */

typedef struct sweep_args {
    const char *spec, *db, *csv, *network;
    unsigned threads;
    unsigned batch;
} sweep_args;

static int parse_args(int argc, char **argv, sweep_args *a, int quiet)
{
    static const struct option opts[] = {{"db", required_argument, 0, 'd'},      {"csv", required_argument, 0, 'c'},
                                         {"threads", required_argument, 0, 't'}, {"network", required_argument, 0, 'n'},
                                         {"batch", required_argument, 0, 'b'},   {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    memset(a, 0, sizeof *a);
    a->db = "sweep.db";
    a->batch = 256;
    int c;
    char ob[256];
    opterr = 0;
    optind = 0;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        double v;
        switch (c) {
        case 'h':
            if (!quiet)
                fputs(sweep_help, stdout);
            return 0;
        case 'd': a->db = optarg; break;
        case 'c': a->csv = optarg; break;
        case 'n': a->network = optarg; break;
        case 't':
            if (route_parse_double(optarg, 1, SWEEP_MAX_THREADS, &v) || v != floor(v))
                return quiet ? 2 : fail_usage("sweep", "--threads: expected a whole number from 1 to %d, found '%s'",
                                              SWEEP_MAX_THREADS, shown(optarg, ob, sizeof ob));
            a->threads = (unsigned)v;
            break;
        case 'b':
            if (route_parse_double(optarg, 1, 1000000, &v) || v != floor(v))
                return quiet ? 2 : fail_usage("sweep", "--batch: expected a whole number from 1 to 1000000, found '%s'",
                                              shown(optarg, ob, sizeof ob));
            a->batch = (unsigned)v;
            break;
        case ':':
            return quiet ? 2 : fail_usage("sweep", "option '%s' needs a value", bad_option(argc, argv, ob, sizeof ob));
        default:
            return quiet ? 2 : fail_usage("sweep", "unknown option '%s'", bad_option(argc, argv, ob, sizeof ob));
        }
    }
    if (argc - optind != 1)
        return quiet ? 2 : fail_usage("sweep", "expected one spec file, SPEC.json (found %d arguments)", argc - optind);
    a->spec = argv[optind];
    if (strcmp(a->db, "") == 0 || strcmp(a->db, "-") == 0)
        return quiet ? 2 : fail_usage("sweep", "--db: expected a file name (the store is an SQLite file)");
    return -1;
}

/* Refuse outputs that name an input or each other.  -1 when all is well. */
static int sweep_check_outputs(const sweep_args *a, const sweep_ctx *c)
{
    const char *outs[2] = {a->db, a->csv}, *names[2] = {"--db", "--csv"};
    char ob[256], ib[256];
    if (a->csv && strcmp(a->csv, "-") != 0 && cor_same_file(a->db, a->csv))
        return fail_usage("sweep", "--db and --csv name the same file ('%s'); one would replace the other",
                          shown(a->csv, ob, sizeof ob));
    for (int i = 0; i < 2; i++) {
        if (!outs[i] || strcmp(outs[i], "-") == 0)
            continue;
        if (cor_same_file(outs[i], a->spec))
            return fail_usage("sweep", "%s '%s' is the spec that this run reads; write the output elsewhere", names[i],
                              shown(outs[i], ob, sizeof ob));
        char path[4096];
        for (const char *const *f = cor_network_file_names(); *f; f++) {
            int w = snprintf(path, sizeof path, "%s/%s", c->dir, *f);
            if (w > 0 && (size_t)w < sizeof path && access(path, F_OK) == 0 && cor_same_file(outs[i], path))
                return fail_usage("sweep", "%s '%s' is the network file %s that this run reads; write the output "
                                  "elsewhere", names[i], shown(outs[i], ob, sizeof ob), shown(path, ib, sizeof ib));
        }
        static const char *const box_files[] = {"boxes.csv", "box_rules.csv", "road_limits.csv", "variability.csv",
                                                "seasons.csv", NULL};
        for (const char *const *f = box_files; *f; f++) {
            int w = snprintf(path, sizeof path, "%s/%s", c->dir, *f);
            if (w > 0 && (size_t)w < sizeof path && access(path, F_OK) == 0 && cor_same_file(outs[i], path))
                return fail_usage("sweep", "%s '%s' is the network file %s that this run reads; write the output "
                                  "elsewhere", names[i], shown(outs[i], ob, sizeof ob), shown(path, ib, sizeof ib));
        }
        for (size_t k = 0; k < c->sp->n[SW_SCEN]; k++) {
            const char *arg = c->sp->scen[k].arg;
            if (arg && cor_scenario_path(c->dir, arg, path, sizeof path) == 0 && access(path, F_OK) == 0 &&
                cor_same_file(outs[i], path))
                return fail_usage("sweep", "%s '%s' is the scenario file %s that this run reads; write the output "
                                  "elsewhere", names[i], shown(outs[i], ob, sizeof ob), shown(path, ib, sizeof ib));
        }
    }
    return -1;
}

static cor_status write_csv(const char *path, sweep_store *st, cor_diag *d)
{
    cor_outfile of;
    cor_status s = cor_outfile_open(&of, path, d);
    if (s == COR_OK) {
        s = sweep_store_csv(st, of.fp, d);
        s = cor_outfile_close(&of, s, d);
    }
    return s;
}

/* Rank 0's writer loop: store the cases of its threads and of the other
 * ranks until `expected` are stored (or a stop).  Returns the cases
 * stored, or -1 after an error added to d. */
static int64_t write_loop(sweep_ctx *c, mpi_state *m, sweep_store *st, uint64_t expected, unsigned batch,
                          cor_diag *d)
{
    const sweep_spec *sp = c->sp;
    uint64_t stored = 0, in_batch = 0;
    double last = now_s(), shown_at = now_s();
    const char *ka = getenv("CORRIDOR_SWEEP_KILL_AFTER");
    uint64_t kill_after = ka ? strtoull(ka, NULL, 10) : 0;
    int tty = isatty(2);
    case_out *h = NULL;
    while (stored < expected && !sweep_stop) {
        unsigned running;
        h = take(c, 50, &running);
        int64_t got = mpi_receive(m, st, sp, d);
        if (got < 0)
            goto fail;
        stored += (uint64_t)got;
        in_batch += (uint64_t)got;
        while (h) {
            case_out *o = h;
            h = h->next;
            if (sweep_store_put(st, sp, o->rows, o->n, d) != COR_OK) {
                free(o);
                goto fail_list;
            }
            free(o);
            stored++;
            in_batch++;
            if (kill_after && stored >= kill_after)
                raise(SIGKILL); /* the tests' deterministic kill: the batch being written is lost */
            if (in_batch >= batch) {
                if (sweep_store_commit(st, d) != COR_OK)
                    goto fail_list;
                in_batch = 0;
                last = now_s();
            }
        }
        if (c->err != COR_OK) {
            cor_diag_add(d, c->err, NULL, 0, 0, "%s", c->errmsg);
            goto fail;
        }
        double t = now_s();
        if (in_batch >= batch || (in_batch && t - last >= 1.0)) {
            if (sweep_store_commit(st, d) != COR_OK)
                goto fail;
            in_batch = 0;
            last = t;
        }
        if (!h && got == 0 && !running) { /* waiting for other ranks only */
            struct timespec ts = {0, 2000000L};
            nanosleep(&ts, NULL);
        }
        if (tty && t - shown_at >= 2.0) {
            fprintf(stderr, "\r%s sweep: %" PRIu64 " of %" PRIu64 " cases", prog, stored, expected);
            shown_at = t;
        }
        if (!running && !c->head && m->size == 1 && stored < expected && c->err == COR_OK && !sweep_stop) {
            cor_diag_add(d, COR_EINTERNAL, NULL, 0, 0, "the threads ended with %" PRIu64 " of %" PRIu64 " cases done",
                         stored, expected);
            goto fail;
        }
    }
    if (sweep_stop && m->size > 1) { /* interrupted: take what the other ranks send as they stop */
        for (int i = 0; i < 10; i++) {
            struct timespec ts = {0, 30000000L};
            nanosleep(&ts, NULL);
            int64_t got = mpi_receive(m, st, sp, d);
            if (got < 0)
                goto fail;
            stored += (uint64_t)got;
        }
    }
    if (tty && expected)
        fprintf(stderr, "\r%60s\r", "");
    if (sweep_store_commit(st, d) != COR_OK)
        return -1;
    return (int64_t)stored;
fail_list:
    while (h) {
        case_out *o = h;
        h = h->next;
        free(o);
    }
fail:
    sweep_store_commit(st, d); /* keep what is done */
    return -1;
}

/* A rank other than 0: send finished cases until its block is done. */
static int send_loop(sweep_ctx *c)
{
    uint64_t sent = 0;
    double last = now_s();
    case_out *pend = NULL, **tail = &pend;
    size_t npend = 0;
    for (;;) {
        unsigned running;
        case_out *h = take(c, 50, &running);
        while (h) {
            *tail = h;
            while (*tail) {
                tail = &(*tail)->next;
                npend++;
            }
            h = NULL;
        }
        double t = now_s();
        int done = !running && !c->head;
        if (pend && (npend >= 32 || t - last >= 0.5 || done)) {
            if (mpi_send(pend, &sent) != 0)
                return cor_status_exit_code(COR_ENOMEM);
            while (pend) {
                case_out *o = pend;
                pend = pend->next;
                free(o);
            }
            tail = &pend;
            npend = 0;
            last = t;
        }
        if (c->err != COR_OK) {
            fprintf(stderr, "%s sweep: %s\n", prog, c->errmsg);
            return cor_status_exit_code(c->err);
        }
        if (sweep_stop && pend) { /* interrupted: what is done goes to rank 0, which stores it */
            int r = mpi_send(pend, &sent);
            while (pend) {
                case_out *o = pend;
                pend = pend->next;
                free(o);
            }
            if (r != 0)
                return cor_status_exit_code(COR_ENOMEM);
        }
        if (done || sweep_stop)
            return sweep_stop ? 130 : 0;
    }
}

/* Under MPI: every rank learns the worst exit code so far (all ranks then
 * stop together, or go on together).  Without MPI: rc. */
static int mpi_agree(mpi_state *m, int rc)
{
#ifdef CORRIDOR_HAVE_MPI
    if (!m->active || m->size == 1)
        return rc;
    int all = 0;
    MPI_Allreduce(&rc, &all, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return all;
#else
    (void)m;
    return rc;
#endif
}

/* Rank 0: the cases of the spec that the store lacks.  0 or an exit code. */
static int list_pending(const sweep_spec *sp, const sweep_store *st, uint64_t **pending, uint64_t *npending)
{
    uint64_t cap = 0;
    for (uint64_t i = 0; i < sp->ncases; i++) {
        size_t idx[SW_NDIM];
        sweep_case_decode(sp, i, idx);
        if (sweep_store_has(st, sweep_case_key(sp, idx)))
            continue;
        if (*npending == cap) {
            cap = cap ? cap * 2 : 1024;
            uint64_t *np = realloc(*pending, cap * sizeof *np);
            if (!np) {
                fprintf(stderr, "%s: out of memory\n", prog);
                return cor_status_exit_code(COR_ENOMEM);
            }
            *pending = np;
        }
        (*pending)[(*npending)++] = i;
    }
    return 0;
}

int cmd_sweep(int argc, char **argv);
int cmd_sweep(int argc, char **argv)
{
    mpi_state m;
    if (mpi_start(&m, &argc, &argv) != 0)
        return cor_status_exit_code(COR_EUSAGE);
    int quiet = m.rank != 0; /* only rank 0 speaks */
    int agreed = 1;          /* every rank has the same rc (MPI_Finalize, not MPI_Abort) */
    sweep_args a;
    sweep_ctx c;
    memset(&c, 0, sizeof c);
    pthread_mutex_init(&c.mu, NULL);
    pthread_cond_init(&c.cv, NULL);
    c.tail = &c.head;
    sweep_spec *sp = NULL;
    sweep_store *st = NULL;
    uint64_t *pending = NULL, npending = 0;
    pthread_t *th = NULL;
    unsigned nth = 0;
    cor_diag d;
    cor_diag_init(&d, 50);
    struct sigaction old_int, old_term;
    int sig_set = 0;
    double t0 = now_s();
    /* everything that can refuse the run, before any work */
    int rc = parse_args(argc, argv, &a, quiet);
    if (rc >= 0)
        goto done; /* --help or a usage error: the same on every rank */
    cor_status s0 = sweep_spec_load(a.spec, &sp, &d);
    rc = s0 == COR_OK ? 0 : report(quiet, &d, s0);
    if (rc == 0) {
        c.sp = sp;
        c.dir = a.network ? a.network : sp->network ? sp->network : default_network();
    }
    if (rc == 0 && !quiet && (rc = sweep_check_outputs(&a, &c)) < 0)
        rc = 0;
    if (rc == 0)
        rc = worlds_load(&c, quiet);
    if (rc == 0 && m.rank == 0) {
        cor_status s = sweep_store_open(&st, a.db, sp, CORRIDOR_VERSION_STRING, &d);
        rc = s == COR_OK ? list_pending(sp, st, &pending, &npending) : print_diag(&d, s);
    }
    rc = mpi_agree(&m, rc);
    if (rc != 0 || (rc = mpi_share(&m, rc, &pending, &npending)) != 0)
        goto done;
    uint64_t before = st ? sweep_store_count(st) : 0;
    /* this rank's block */
    c.pending = pending;
    c.lo = npending * (uint64_t)m.rank / (uint64_t)m.size;
    c.hi = npending * (uint64_t)(m.rank + 1) / (uint64_t)m.size;
    const char *dl = getenv("CORRIDOR_SWEEP_CASE_DELAY_MS");
    c.delay_ms = dl ? (unsigned)strtoul(dl, NULL, 10) : 0;
    unsigned want = a.threads;
    if (!want) {
        long n = m.active ? 1 : sysconf(_SC_NPROCESSORS_ONLN);
        want = n < 1 ? 1 : n > SWEEP_MAX_THREADS ? SWEEP_MAX_THREADS : (unsigned)n;
    }
    unsigned start = c.hi - c.lo < want ? (unsigned)(c.hi - c.lo) : want;
    /* SIGINT / SIGTERM: stop taking cases, keep what is done */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    sig_set = 1;
    agreed = 0;
    th = calloc(start ? start : 1, sizeof *th);
    if (!th) {
        rc = cor_status_exit_code(COR_ENOMEM);
        goto done;
    }
    for (unsigned i = 0; i < start; i++) {
        pthread_mutex_lock(&c.mu);
        c.running++;
        pthread_mutex_unlock(&c.mu);
        if (pthread_create(&th[i], NULL, worker, &c) != 0) {
            pthread_mutex_lock(&c.mu);
            c.running--;
            pthread_mutex_unlock(&c.mu);
            break;
        }
        nth++;
    }
    if (nth == 0 && c.hi > c.lo) {
        fprintf(stderr, "%s sweep: cannot start a thread\n", prog);
        rc = cor_status_exit_code(COR_EINTERNAL);
        goto done;
    }
    if (m.rank != 0) {
        rc = send_loop(&c);
        agreed = rc == 0 || rc == 130; /* interrupted: rank 0 stores what was sent, then ends the run */
        goto done;
    }
    int64_t stored = write_loop(&c, &m, st, npending, a.batch, &d);
    sweep_stop = sweep_stop || stored < 0;
    for (unsigned i = 0; i < nth; i++)
        pthread_join(th[i], NULL);
    nth = 0;
    if (stored < 0) {
        rc = print_diag(&d, cor_diag_status(&d) != COR_OK ? cor_diag_status(&d) : COR_EIO);
        goto done;
    }
    double secs = now_s() - t0;
    if ((uint64_t)stored < npending) {
        fprintf(stderr, "%s sweep: interrupted: %" PRIu64 " of %" PRIu64 " cases stored in %s; run the same command "
                        "again to do the rest\n", prog, sweep_store_count(st), sp->ncases, a.db);
        rc = 130;
        goto done;
    }
    agreed = 1;
    cor_status s = a.csv ? write_csv(a.csv, st, &d) : COR_OK;
    if (s != COR_OK) {
        rc = print_diag(&d, s);
        goto done;
    }
    printf("sweep %s: %" PRIu64 " cases in %s (%" PRIu64 " computed now, %" PRIu64 " stored before); %u thread%s x "
           "%d rank%s, %.2f s, %.0f cases/s\n",
           sp->name ? sp->name : a.spec, sp->ncases, a.db, (uint64_t)stored, before, want, want == 1 ? "" : "s",
           m.size, m.size == 1 ? "" : "s", secs, secs > 0 ? (double)stored / secs : 0.0);
    if ((s = sweep_store_summary(st, stdout, &d)) != COR_OK)
        rc = print_diag(&d, s);
done:
    if (nth) {
        sweep_stop = 1;
        for (unsigned i = 0; i < nth; i++)
            pthread_join(th[i], NULL);
    }
    if (sig_set) {
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGTERM, &old_term, NULL);
    }
    while (c.head) {
        case_out *o = c.head;
        c.head = o->next;
        free(o);
    }
    free(th);
    free(pending);
    sweep_store_close(st);
    worlds_free(&c);
    sweep_spec_free(sp);
    cor_diag_destroy(&d);
    pthread_mutex_destroy(&c.mu);
    pthread_cond_destroy(&c.cv);
    mpi_end(&m, rc, agreed);
    return rc;
}
