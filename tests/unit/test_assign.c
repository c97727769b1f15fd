/*
 * test_assign.c -- the traffic assignment solver (corridor/assign.h) on
 * networks solved by hand, every algorithm on each; and, with the argument
 * "tntp", the TNTP front end on Sioux Falls and Braess from ../shared
 * (exit 77, skipped with a message, when that folder is absent).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/assign.h"
#include "corridor/tntp.h"
#include "runner.h"

int cor_test_failures;

#define MAXL 16
typedef struct fx {
    uint32_t n, m, first_thru;
    uint32_t from[MAXL], to[MAXL];
    double t0[MAXL], cap[MAXL], alpha[MAXL], beta[MAXL], fixed[MAXL];
    uint8_t vdf[MAXL];
    uint32_t nod;
    uint32_t orig[MAXL], dest[MAXL];
    double vol[MAXL];
    uint8_t klass[MAXL];
    uint32_t nclasses;
    cor_aclass classes[4];
} fx;

/* link from -> to with t0 (1 + alpha (v / cap)^beta), kind BPR */
static void link(fx *f, uint32_t a, uint32_t b, double t0, double cap, double alpha, double beta)
{
    uint32_t i = f->m++;
    f->from[i] = a, f->to[i] = b, f->t0[i] = t0, f->cap[i] = cap, f->alpha[i] = alpha, f->beta[i] = beta;
    f->vdf[i] = COR_VDF_BPR, f->fixed[i] = 0;
}

static void trip(fx *f, uint32_t o, uint32_t d, double v, uint8_t k)
{
    uint32_t i = f->nod++;
    f->orig[i] = o, f->dest[i] = d, f->vol[i] = v, f->klass[i] = k;
}

static const cor_assign_algo ALGOS[] = {COR_ASSIGN_FW, COR_ASSIGN_CFW, COR_ASSIGN_BFW, COR_ASSIGN_BUSH, COR_ASSIGN_GP};
#define NALGOS (sizeof ALGOS / sizeof ALGOS[0])

/* Solve f with algo to relative gap 1e-9 (FW: 1e-6) in at most 20000 iterations. */
static int solve(const fx *f, cor_assign_algo algo, cor_assign_result *r)
{
    cor_anet net = {f->n, f->m, f->first_thru, f->from, f->to, f->t0, f->cap, f->alpha, f->beta, f->vdf, f->fixed};
    cor_ademand dem;
    memset(&dem, 0, sizeof dem);
    dem.nod = f->nod, dem.orig = f->orig, dem.dest = f->dest, dem.volume = f->vol, dem.klass = f->klass;
    dem.nclasses = f->nclasses ? f->nclasses : 1;
    for (uint32_t k = 0; k < dem.nclasses; k++)
        dem.classes[k] = f->nclasses ? f->classes[k] : (cor_aclass){1, 1};
    cor_assign_opts o;
    memset(&o, 0, sizeof o);
    o.algo = algo;
    o.rel_gap = algo == COR_ASSIGN_FW ? 1e-7 : 1e-10;
    o.max_iter = 20000;
    cor_diag d;
    cor_diag_init(&d, 0);
    cor_status s = cor_assign(&net, &dem, &o, r, &d);
    for (size_t i = 0; i < d.count; i++)
        fprintf(stderr, "  assign: %s\n", d.items[i].msg);
    cor_diag_destroy(&d);
    if (s != COR_OK)
        fprintf(stderr, "  %s: %s\n", cor_assign_algo_name(algo), cor_status_message(s));
    return s == COR_OK;
}

/* Two parallel links, same t0 = 10, BPR 0.15 / power 4, capacities 200 and
 * 100, demand 300.  Equal costs need (vA/200)^4 = (vB/100)^4, so vA = 2 vB:
 * vA = 200, vB = 100, both at v/c = 1: cost 10 * 1.15 = 11.5.  Beckmann:
 * 2 * (10 v + 10 * 0.15 * c / 5 * (v/c)^5) = 2000 + 60 + 1000 + 30 = 3090. */
static void test_parallel_bpr(void)
{
    fx f = {.n = 2};
    link(&f, 0, 1, 10, 200, 0.15, 4);
    link(&f, 0, 1, 10, 100, 0.15, 4);
    trip(&f, 0, 1, 300, 0);
    for (size_t i = 0; i < NALGOS; i++) {
        cor_assign_result r;
        if (!solve(&f, ALGOS[i], &r)) {
            CHECK(0);
            continue;
        }
        double tol = ALGOS[i] == COR_ASSIGN_FW ? 0.05 : 1e-3;
        CHECK_NEAR(r.flow[0], 200, tol);
        CHECK_NEAR(r.flow[1], 100, tol);
        CHECK_NEAR(r.cost[0], 11.5, 1e-3);
        CHECK_NEAR(r.objective, 3090, 1e-3);
        CHECK(r.converged);
        cor_assign_result_free(&r);
    }
    /* all-or-nothing: everything on the first shortest link (ties: the lower link) */
    cor_assign_result r;
    CHECK(solve(&f, COR_ASSIGN_AON, &r));
    CHECK(r.flow[0] + r.flow[1] == 300 && (r.flow[0] == 0 || r.flow[1] == 0));
    CHECK(r.iterations == 1 && r.rel_gap > 0.1);
    cor_assign_result_free(&r);
}

/* Linear BPR: tA = 10 + 0.1 vA (t0 10, cap 100, alpha 1, power 1),
 * tB = 20 + 0.1 vB (t0 20, cap 200, alpha 1).  10 + 0.1 vA = 20 + 0.1 (300 - vA)
 * gives vA = 200, vB = 100, cost 30. */
static void test_parallel_linear(void)
{
    fx f = {.n = 2};
    link(&f, 0, 1, 10, 100, 1, 1);
    link(&f, 0, 1, 20, 200, 1, 1);
    trip(&f, 0, 1, 300, 0);
    for (size_t i = 0; i < NALGOS; i++) {
        cor_assign_result r;
        if (!solve(&f, ALGOS[i], &r)) {
            CHECK(0);
            continue;
        }
        double tol = ALGOS[i] == COR_ASSIGN_FW ? 0.05 : 1e-3;
        CHECK_NEAR(r.flow[0], 200, tol);
        CHECK_NEAR(r.flow[1], 100, tol);
        CHECK_NEAR(r.tstt, 300 * 30, 1);
        cor_assign_result_free(&r);
    }
}

/* A hard capacity that binds: A is hard, t0 10, cap 100; B is a power-0
 * BPR link, t0 20, alpha 0.15 -> constant 23.  A fills to where its
 * penalty 10 + 1000 * 10 * (vA/100 - 1) reaches 23: vA = 100.13, B takes
 * the rest; 0.13 above the capacity is reported. */
static void test_hard_capacity(void)
{
    fx f = {.n = 2};
    link(&f, 0, 1, 10, 100, 0, 0);
    f.vdf[0] = COR_VDF_HARD;
    link(&f, 0, 1, 20, 50, 0.15, 0);
    trip(&f, 0, 1, 300, 0);
    for (size_t i = 0; i < NALGOS; i++) {
        cor_assign_result r;
        if (!solve(&f, ALGOS[i], &r)) {
            CHECK(0);
            continue;
        }
        CHECK_NEAR(r.flow[0], 100.13, 1e-3);
        CHECK_NEAR(r.flow[1], 199.87, 1e-3);
        CHECK_NEAR(r.over_hard_cap, 0.13, 1e-3);
        CHECK_NEAR(r.time[1], 23, 1e-12);
        cor_assign_result_free(&r);
    }
}

/* Power 0 (and alpha 0, and flow 0 on a power-0 link: 0^0 is 1): A is
 * constant 10 * (1 + 1) = 20 (power 0); B is 10 + 0.1 vB.  B fills to
 * cost 20 at vB = 100, A takes 200; C (alpha 0, t0 25) stays empty. */
static void test_power_zero(void)
{
    fx f = {.n = 2};
    link(&f, 0, 1, 10, 100, 1, 0);
    link(&f, 0, 1, 10, 100, 1, 1);
    link(&f, 0, 1, 25, 0, 0, 4);
    trip(&f, 0, 1, 300, 0);
    for (size_t i = 0; i < NALGOS; i++) {
        cor_assign_result r;
        if (!solve(&f, ALGOS[i], &r)) {
            CHECK(0);
            continue;
        }
        double tol = ALGOS[i] == COR_ASSIGN_FW ? 0.05 : 1e-3;
        CHECK_NEAR(r.flow[0], 200, tol);
        CHECK_NEAR(r.flow[1], 100, tol);
        CHECK(r.flow[2] == 0);
        CHECK(r.time[0] == 20 && r.time[2] == 25);
        /* Beckmann: 20 * 200 + (10 * 100 + 0.05 * 100^2) = 4000 + 1500 */
        CHECK_NEAR(r.objective, 5500, 0.5);
        cor_assign_result_free(&r);
    }
}

/* Zones 0, 1, 2 (first_thru 3) and a through node 3.  0 -> 1 -> 2 costs 2
 * but passes through zone 1; 0 -> 3 -> 2 costs 10.  Trips 0 -> 2 (40) must
 * go by 3; trips 0 -> 1 (10) may end at zone 1; trips 2 -> 2 (7) are
 * intrazonal, excluded and counted; trips 0 -> 4 (5) have no path. */
static void test_zones_intrazonal(void)
{
    fx f = {.n = 5, .first_thru = 3};
    link(&f, 0, 1, 1, 0, 0, 0);
    link(&f, 1, 2, 1, 0, 0, 0);
    link(&f, 0, 3, 5, 0, 0, 0);
    link(&f, 3, 2, 5, 0, 0, 0);
    trip(&f, 0, 2, 40, 0);
    trip(&f, 0, 1, 10, 0);
    trip(&f, 2, 2, 7, 0);
    trip(&f, 0, 4, 5, 0);
    for (size_t i = 0; i < NALGOS + 1; i++) {
        cor_assign_result r;
        if (!solve(&f, i < NALGOS ? ALGOS[i] : COR_ASSIGN_AON, &r)) {
            CHECK(0);
            continue;
        }
        CHECK(r.flow[0] == 10 && r.flow[1] == 0 && r.flow[2] == 40 && r.flow[3] == 40);
        CHECK(r.excluded_intrazonal == 7);
        CHECK(r.unroutable == 5);
        CHECK(r.rel_gap < 1e-12);
        cor_assign_result_free(&r);
    }
}

/* Braess (as in ../shared/data/tntp/Braess-Example, nodes 1..4 -> 0..3):
 * 1-3: 1e-8 (1 + 1e9 v) = 1e-8 + 10 v     1-4: 50 (1 + 0.02 v) = 50 + v
 * 3-2: 50 + v                              3-4: 10 (1 + 0.1 v) = 10 + v
 * 4-2: 1e-8 + 10 v;  6 trips 1 -> 2.
 * Paths P1 = 1-3-2, P2 = 1-4-2, P3 = 1-3-4-2 with flows f1, f2, f3:
 * C1 = 10 (f1 + f3) + 50 + f1, C2 = 50 + f2 + 10 (f2 + f3),
 * C3 = 10 (f1 + f3) + 10 + f3 + 10 (f2 + f3).  By symmetry f1 = f2 = f,
 * f3 = 6 - 2f; C1 = C3: 10 (6 - f) + 50 + f = 20 (6 - f) + 10 + 6 - 2f,
 * 110 - 9f = 136 - 22f, f = 2: every path carries 2 and costs 92
 * (plus 2e-8); link flows 4, 2, 2, 2, 4. */
static void braess(fx *f)
{
    memset(f, 0, sizeof *f);
    f->n = 4;
    link(f, 0, 2, 1e-8, 1, 1e9, 1);
    link(f, 0, 3, 50, 1, 0.02, 1);
    link(f, 2, 1, 50, 1, 0.02, 1);
    link(f, 2, 3, 10, 1, 0.1, 1);
    link(f, 3, 1, 1e-8, 1, 1e9, 1);
    trip(f, 0, 1, 6, 0);
}

static void test_braess(void)
{
    fx f;
    braess(&f);
    static const double want[] = {4, 2, 2, 2, 4};
    for (size_t i = 0; i < NALGOS; i++) {
        cor_assign_result r;
        if (!solve(&f, ALGOS[i], &r)) {
            CHECK(0);
            continue;
        }
        double tol = ALGOS[i] == COR_ASSIGN_FW ? 0.01 : 1e-4;
        for (int a = 0; a < 5; a++)
            CHECK_NEAR(r.flow[a], want[a], tol);
        CHECK_NEAR(r.tstt, 6 * 92, 6 * 92 * 1e-6);
        cor_assign_result_free(&r);
    }
}

/* Two classes on two equal links tA = tB = 10 + 0.1 v; A carries a toll of
 * 5.  Class 0 (time 1, money 1) pays it, class 1 (money weight 0) does not
 * see it; 100 trips each.  Class 1 is indifferent only at tA = tB, so
 * vA = vB = 100: class 1 all on A, class 0 all on B (A would cost it 5
 * more). */
static void test_two_classes(void)
{
    fx f = {.n = 2, .nclasses = 2};
    f.classes[0] = (cor_aclass){1, 1};
    f.classes[1] = (cor_aclass){1, 0};
    link(&f, 0, 1, 10, 100, 1, 1);
    link(&f, 0, 1, 10, 100, 1, 1);
    f.fixed[0] = 5;
    trip(&f, 0, 1, 100, 0);
    trip(&f, 0, 1, 100, 1);
    for (size_t i = 0; i < NALGOS; i++) {
        cor_assign_result r;
        if (!solve(&f, ALGOS[i], &r)) {
            CHECK(0);
            continue;
        }
        double tol = ALGOS[i] == COR_ASSIGN_FW ? 0.05 : 1e-3;
        CHECK(r.class_flow != NULL);
        if (r.class_flow) {
            CHECK_NEAR(r.class_flow[0], 0, tol);     /* class 0 on A */
            CHECK_NEAR(r.class_flow[1], 100, tol);   /* class 0 on B */
            CHECK_NEAR(r.class_flow[2], 100, tol);   /* class 1 on A */
            CHECK_NEAR(r.class_flow[3], 0, tol);     /* class 1 on B */
        }
        CHECK_NEAR(r.cost[0], 25, 1e-2);
        cor_assign_result_free(&r);
    }
}

/* Bad arguments and data are refused with a message, never a crash. */
static void test_refusals(void)
{
    fx f = {.n = 2};
    link(&f, 0, 1, 10, 0, 0.15, 4); /* congestible with capacity 0 */
    trip(&f, 0, 1, 1, 0);
    cor_assign_result r;
    CHECK(!solve(&f, COR_ASSIGN_FW, &r));
    f.cap[0] = 10;
    f.t0[0] = -1;
    CHECK(!solve(&f, COR_ASSIGN_FW, &r));
    f.t0[0] = 10;
    f.vol[0] = NAN;
    CHECK(!solve(&f, COR_ASSIGN_FW, &r));
    f.vol[0] = 1;
    f.dest[0] = 9;
    CHECK(!solve(&f, COR_ASSIGN_FW, &r));
    f.dest[0] = 1;
    f.vdf[0] = COR_VDF_CONICAL;
    f.alpha[0] = 1; /* conical needs alpha > 1 */
    CHECK(!solve(&f, COR_ASSIGN_FW, &r));
    f.alpha[0] = 4;
    CHECK(solve(&f, COR_ASSIGN_FW, &r));
    CHECK(r.time[0] > 10 && r.flow[0] == 1); /* conical: t(0) = t0, rising */
    cor_assign_result_free(&r);
    cor_assign_algo a;
    CHECK(cor_assign_algo_parse("bfw", &a) == 0 && a == COR_ASSIGN_BFW);
    CHECK(cor_assign_algo_parse("nope", &a) != 0);
    CHECK(strcmp(cor_assign_algo_name(COR_ASSIGN_BUSH), "bush") == 0);
}

/* Conical (Spiess, alpha 4): t(0) = t0, t(cap) = 2 t0; two equal conical
 * links split evenly. */
static void test_conical(void)
{
    fx f = {.n = 2};
    link(&f, 0, 1, 10, 100, 4, 0);
    link(&f, 0, 1, 10, 100, 4, 0);
    f.vdf[0] = f.vdf[1] = COR_VDF_CONICAL;
    trip(&f, 0, 1, 200, 0);
    for (size_t i = 0; i < NALGOS; i++) {
        cor_assign_result r;
        if (!solve(&f, ALGOS[i], &r)) {
            CHECK(0);
            continue;
        }
        CHECK_NEAR(r.flow[0], 100, 0.05);
        CHECK_NEAR(r.time[0], 20, 0.01);
        cor_assign_result_free(&r);
    }
}



/* Bad TNTP files: each fault located at FILE:LINE:COLUMN, nothing returned. */
typedef struct bad_case {
    int trips;          /* 0: a network file, 1: a trip table */
    const char *text;
    uint32_t line, col; /* where the first error must point */
    const char *says;   /* a piece of its message */
} bad_case;

#define NETHDR "<NUMBER OF NODES> 3\n<NUMBER OF LINKS> 2\n<END OF METADATA>\n"
#define TRIPHDR "<NUMBER OF ZONES> 3\n<TOTAL OD FLOW> 10\n<END OF METADATA>\n"

static void test_bad_tntp(void)
{
    static const bad_case cases[] = {
        {0, NETHDR "1 2 10 1 1 0.15 4 0 0 1 ;\n1 4 10 1 1 0.15 4 0 0 1 ;\n", 5, 3, "term node must be 1..3"},
        {0, NETHDR "1 2 10 1 1 0.15 4 0 0 1 ;\n2 3 x 1 1 0.15 4 0 0 1 ;\n", 5, 5, "capacity must be a number"},
        {0, NETHDR "1 2 10 1 1 0.15\n2 3 10 1 1 0.15 4\n", 4, 16, "missing power"},
        {0, NETHDR "1 2 0 1 1 0.15 4 0 0 1 ;\n2 3 10 1 1 0.15 4 0 0 1 ;\n", 4, 5, "capacity 0"},
        /* a ';' that ends a row before its seventh column (found by fuzz_tntp_net) */
        {0, NETHDR "1 2 10 1 1 0.15 4 0 0 1 ;\n2; 3 10 1 1 0.15 4\n", 5, 2, "missing term node"},
        {0, NETHDR "1 2 10 1 1 0.15 4 0 -2 1 ;\n2 3 10 1 1 0.15 4 0 0 1 ;\n", 4, 21, "toll must be a number >= 0"},
        {0, NETHDR "1 2 10 1 1 0.15 4 0 0 1 ;\n", 4, 1, "<NUMBER OF LINKS> is 2; the file has 1"},
        {0, NETHDR "1 2 10 1 1 0.15 4 0 0 1 ;\n2 3 10 1 1 0.15 4 0 0 1 ;\n3 1 10 1 1 0.15 4 0 0 1 ;\n", 6, 1,
         "more links than"},
        {0, "<NUMBER OF NODES> 3\n<NUMBER OF LINKS> 0\n<FIRST THRU NODE> 9\n<END OF METADATA>\n", 3, 19,
         "beyond <NUMBER OF NODES>"},
        {0, "<NUMBER OF NODES> 3\n<TOLL FACTOR> -1\n", 2, 15, "<TOLL FACTOR> must be a number >= 0"},
        {0, "<NUMBER OF NODES> 3\nhello\n", 2, 1, "expected a <KEY> value"},
        {0, "<NUMBER OF NODES> 3\n<NUMBER OF LINKS> 1\n", 2, 1, "no <END OF METADATA>"},
        {1, TRIPHDR "Origin 1\n  2 : 4.0;  9 : 1.0;\n", 5, 13, "destination must be a zone 1..3"},
        {1, TRIPHDR "Origin 1\n  2 : 4.0;  3 : abc;\n", 5, 17, "flow must be a number >= 0, found 'abc'"},
        {1, TRIPHDR "Origin 1\n  2 : 4.0;  3 : -1;\n", 5, 17, "flow must be a number >= 0"},
        {1, TRIPHDR "Origin 1\n  2 : 4.0;  2 : 1;\n", 5, 13, "pair 1 -> 2 given twice (first at line 5)"},
        {1, TRIPHDR "Origin 4\n  2 : 4.0;\n", 4, 8, "origin must be a zone 1..3"},
        {1, TRIPHDR "  2 : 4.0;\n", 4, 3, "an entry before any 'Origin N' line"},
        {1, TRIPHDR "Origin 1\n  2 : 4.0;\nOrigin 1\n 3 : 1;\n", 6, 8, "Origin 1 given twice (first at line 4)"},
        {1, TRIPHDR "Origin 1\n  2  4.0;\n", 5, 6, "expected ':' after destination 2"},
        {1, "<TOTAL OD FLOW> 10\n<END OF METADATA>\n", 2, 1, "no <NUMBER OF ZONES>"},
        {1, "<NUMBER OF ZONES> 0\n", 1, 19, "<NUMBER OF ZONES> must be an integer"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const bad_case *c = &cases[i];
        cor_diag d;
        cor_diag_init(&d, 0);
        cor_status s;
        if (c->trips) {
            cor_tntp_trips t;
            s = cor_tntp_trips_parse(c->text, strlen(c->text), "bad_trips.tntp", &t, &d);
            CHECK(t.orig == NULL && t.nod == 0);
        } else {
            cor_tntp_net n;
            s = cor_tntp_net_parse(c->text, strlen(c->text), "bad_net.tntp", &n, &d);
            CHECK(n.from == NULL && n.nlinks == 0);
        }
        CHECK(s == COR_EDATA);
        CHECK(d.count >= 1);
        if (d.count >= 1) {
            const cor_error *e = &d.items[0];
            int ok = e->line == c->line && e->col == c->col && strstr(e->msg, c->says) != NULL &&
                     strcmp(e->file, c->trips ? "bad_trips.tntp" : "bad_net.tntp") == 0;
            if (!ok)
                fprintf(stderr, "  case %zu: got %s:%u:%u: %s\n", i, e->file, e->line, e->col, e->msg);
            CHECK(ok);
        }
        cor_diag_destroy(&d);
    }
    /* every fault of a file, not just the first */
    cor_diag d;
    cor_diag_init(&d, 0);
    cor_tntp_trips t;
    const char *two = TRIPHDR "Origin 1\n 7 : 1;\n 2 : x;\n";
    CHECK(cor_tntp_trips_parse(two, strlen(two), "t", &t, &d) == COR_EDATA && d.count == 2);
    cor_diag_destroy(&d);
}

/* Good TNTP text: fields, factors, zones, a ';' glued to the last column,
 * several entries a line, zero flows dropped, the header total kept. */
static void test_tntp_parse(void)
{
    const char *net = "<NUMBER OF ZONES> 2\n<NUMBER OF NODES> 3\n<FIRST THRU NODE> 3\n<NUMBER OF LINKS> 2\n"
                      "<TOLL FACTOR> 0.5\n<DISTANCE FACTOR> 2\n<ORIGINAL HEADER> anything\n<END OF METADATA>\n"
                      "~ init term cap len fft b power speed toll type ;\n"
                      "\t1\t3\t100\t1.5\t2\t0.15\t4\t60\t4\t1;\n"
                      "3 2 0 2 3 0 0\n";
    cor_diag d;
    cor_diag_init(&d, 0);
    cor_tntp_net n;
    CHECK(cor_tntp_net_parse(net, strlen(net), "n", &n, &d) == COR_OK);
    CHECK(n.nlinks == 2 && n.nnodes == 3 && n.nzones == 2 && n.first_thru == 2);
    if (n.nlinks == 2) {
        CHECK(n.from[0] == 0 && n.to[0] == 2 && n.cap[0] == 100 && n.power[0] == 4 && n.type[0] == 1);
        CHECK_NEAR(n.fixed[0], 0.5 * 4 + 2 * 1.5, 1e-12);
        CHECK(n.cap[1] == 0 && n.b[1] == 0 && n.toll[1] == 0 && n.line[1] == 11);
    }
    cor_tntp_net_free(&n);
    const char *trips = "<NUMBER OF ZONES> 2\n<TOTAL OD FLOW> 7.5\n<END OF METADATA>\n\nOrigin \t1\n"
                        "    1 :      2.0;     2 :    5.5; \nOrigin 2\n1:0;2 : 0.0;\n";
    cor_tntp_trips t;
    CHECK(cor_tntp_trips_parse(trips, strlen(trips), "t", &t, &d) == COR_OK);
    CHECK(t.nod == 2 && t.nzones == 2 && t.total == 7.5 && t.header_total == 7.5);
    if (t.nod == 2)
        CHECK(t.orig[0] == 0 && t.dest[0] == 0 && t.volume[0] == 2 && t.dest[1] == 1 && t.volume[1] == 5.5);
    cor_tntp_trips_free(&t);
    CHECK(d.count == 0);
    cor_diag_destroy(&d);
}

/* ---- TNTP files ---------------------------------------------------------- */

#define SHARED_TNTP CORRIDOR_SOURCE_DIR "/../shared/data/tntp"

static int load_tntp(const char *net_path, const char *trips_path, cor_tntp_net *n, cor_tntp_trips *t)
{
    cor_diag d;
    cor_diag_init(&d, 0);
    cor_status s = cor_tntp_net_read(net_path, n, &d);
    if (s == COR_OK)
        s = cor_tntp_trips_read(trips_path, t, &d);
    for (size_t i = 0; i < d.count; i++) {
        char buf[1024];
        cor_error_format(&d.items[i], buf, sizeof buf);
        fprintf(stderr, "  %s\n", buf);
    }
    cor_diag_destroy(&d);
    return s == COR_OK;
}

static int run_tntp(const cor_tntp_net *n, const cor_tntp_trips *t, cor_assign_algo algo, double gap, uint32_t maxit,
                    cor_assign_result *r)
{
    cor_anet net;
    cor_tntp_anet(n, &net);
    cor_ademand dem;
    memset(&dem, 0, sizeof dem);
    dem.nod = t->nod, dem.orig = t->orig, dem.dest = t->dest, dem.volume = t->volume;
    dem.nclasses = 1;
    dem.classes[0] = (cor_aclass){1, 1};
    cor_assign_opts o;
    memset(&o, 0, sizeof o);
    o.algo = algo, o.rel_gap = gap, o.max_iter = maxit;
    cor_diag d;
    cor_diag_init(&d, 0);
    cor_status s = cor_assign(&net, &dem, &o, r, &d);
    cor_diag_destroy(&d);
    return s == COR_OK;
}

/* Sioux Falls: relative gap 1e-6, Beckmann objective within 1e-6 of the
 * published 42.31335287107440e5, every link flow within 0.1 % of the
 * best-known SiouxFalls_flow.tntp (within 0.1 % of the largest flow for
 * links that carry almost nothing). */
static void test_siouxfalls(void)
{
    cor_tntp_net n;
    cor_tntp_trips t;
    if (!load_tntp(SHARED_TNTP "/SiouxFalls/SiouxFalls_net.tntp", SHARED_TNTP "/SiouxFalls/SiouxFalls_trips.tntp", &n,
                   &t)) {
        CHECK(0);
        return;
    }
    CHECK(n.nnodes == 24 && n.nlinks == 76 && t.nzones == 24);
    CHECK_NEAR(t.total, 360600, 1e-6);
    CHECK_NEAR(t.header_total, 360600, 1e-6);
    /* best-known flows: "From To Volume Cost" rows */
    double best[76] = {0};
    FILE *f = fopen(SHARED_TNTP "/SiouxFalls/SiouxFalls_flow.tntp", "r");
    CHECK(f != NULL);
    if (f) {
        char line[256];
        int rows = 0;
        while (fgets(line, sizeof line, f)) {
            unsigned a, b;
            double v, c;
            if (sscanf(line, "%u %u %lf %lf", &a, &b, &v, &c) != 4)
                continue;
            for (uint32_t i = 0; i < n.nlinks; i++)
                if (n.from[i] == a - 1 && n.to[i] == b - 1)
                    best[i] = v, rows++;
        }
        fclose(f);
        CHECK(rows == 76);
    }
    double vmax = 0;
    for (int i = 0; i < 76; i++)
        vmax = fmax(vmax, best[i]);
    static const cor_assign_algo algos[] = {COR_ASSIGN_BUSH, COR_ASSIGN_GP, COR_ASSIGN_BFW};
    for (size_t a = 0; a < sizeof algos / sizeof *algos; a++) {
        cor_assign_result r;
        int bush = algos[a] != COR_ASSIGN_BFW;
        if (!run_tntp(&n, &t, algos[a], bush ? 1e-6 : 1e-4, 5000, &r)) {
            CHECK(0);
            continue;
        }
        fprintf(stderr, "  %s: gap %.3g after %u iterations, %.3f s, objective %.10g\n",
                cor_assign_algo_name(algos[a]), r.rel_gap, r.iterations, r.seconds, r.objective);
        CHECK(r.converged);
        if (bush) {
            CHECK(r.rel_gap <= 1e-6);
            CHECK(fabs(r.objective - 42.31335287107440e5) <= 1e-6 * 42.31335287107440e5);
            double worst = 0;
            for (int i = 0; i < 76; i++)
                worst = fmax(worst, fabs(r.flow[i] - best[i]) / fmax(best[i], 1e-3 * vmax));
            fprintf(stderr, "  largest link flow deviation from the best known: %.3g %%\n", 100 * worst);
            CHECK(worst <= 1e-3);
        } else {
            CHECK(fabs(r.objective - 42.31335287107440e5) <= 1e-4 * 42.31335287107440e5);
        }
        cor_assign_result_free(&r);
    }
    cor_tntp_net_free(&n);
    cor_tntp_trips_free(&t);
}

/* Braess from its TNTP files: the flows worked by hand in test_braess. */
static void test_braess_tntp(void)
{
    cor_tntp_net n;
    cor_tntp_trips t;
    if (!load_tntp(SHARED_TNTP "/Braess-Example/Braess_net.tntp", SHARED_TNTP "/Braess-Example/Braess_trips.tntp", &n,
                   &t)) {
        CHECK(0);
        return;
    }
    static const double want[] = {4, 2, 2, 2, 4};
    cor_assign_result r;
    CHECK(run_tntp(&n, &t, COR_ASSIGN_BUSH, 1e-10, 1000, &r));
    for (int a = 0; a < 5 && r.flow; a++)
        CHECK_NEAR(r.flow[a], want[a], 1e-4);
    CHECK_NEAR(r.cost[0] + r.cost[2], 92, 1e-3);
    cor_assign_result_free(&r);
    cor_tntp_net_free(&n);
    cor_tntp_trips_free(&t);
}

static const cor_test tntp_tests[] = {
    {"assign_siouxfalls", test_siouxfalls},
    {"assign_braess_tntp", test_braess_tntp},
    {NULL, NULL},
};

static const cor_test tests[] = {
    {"assign_parallel_bpr", test_parallel_bpr},
    {"assign_parallel_linear", test_parallel_linear},
    {"assign_hard_capacity", test_hard_capacity},
    {"assign_power_zero", test_power_zero},
    {"assign_zones_intrazonal", test_zones_intrazonal},
    {"assign_braess", test_braess},
    {"assign_two_classes", test_two_classes},
    {"assign_conical", test_conical},
    {"assign_refusals", test_refusals},
    {"assign_bad_tntp", test_bad_tntp},
    {"assign_tntp_parse", test_tntp_parse},
    {NULL, NULL},
};

int main(int argc, char **argv)
{
    int passed = 0, failed = 0;
    const cor_test *list = tests;
    if (argc > 1 && strcmp(argv[1], "tntp") == 0) {
        FILE *f = fopen(SHARED_TNTP "/SiouxFalls/SiouxFalls_net.tntp", "r");
        if (!f) {
            printf("skipped: %s/SiouxFalls not found (the shared data folder is absent)\n", SHARED_TNTP);
            return 77;
        }
        fclose(f);
        list = tntp_tests;
        argc = 1;
    }
    for (const cor_test *t = list; t->name; t++) {
        if (argc > 1) {
            int want = 0;
            for (int k = 1; k < argc; k++)
                want |= strcmp(argv[k], t->name) == 0;
            if (!want)
                continue;
        }
        int before = cor_test_failures;
        t->fn();
        if (cor_test_failures == before) {
            passed++;
            fprintf(stderr, "ok   %s\n", t->name);
        } else {
            failed++;
            fprintf(stderr, "FAIL %s\n", t->name);
        }
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
