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

static const cor_assign_algo ALGOS[] = {COR_ASSIGN_FW, COR_ASSIGN_CFW, COR_ASSIGN_BFW, COR_ASSIGN_BUSH};
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
    {NULL, NULL},
};

int main(int argc, char **argv)
{
    int passed = 0, failed = 0;
    for (const cor_test *t = tests; t->name; t++) {
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
