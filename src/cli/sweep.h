/*
 * sweep.h -- scenario sweeps: a spec (JSON) that names OD pairs, scenarios,
 * objectives, parameter values and corridors; its cross product of cases;
 * and the SQLite store the results go to (internal to the command line).
 *
 * A case is one combination of (pair, scenario, dwell multiplier, rate
 * multiplier, box, year, objective, value of time, carbon price, departure
 * month, Monte Carlo runs).  Cases are numbered 0..ncases-1 in that order,
 * the first dimension varying slowest: sweep_case_decode() turns an index
 * into the indices of each dimension, so every rank and thread agrees on
 * what case i is without any list.  A case's key (sweep_case_key) is a
 * 64-bit hash of its inputs as text: the store skips a case whose key it
 * already holds, whichever process computed it.
 *
 * The store (sweep_store_*) is one SQLite file in WAL mode: `meta` (the
 * spec's hash and canonical text, the corridor version, the number of
 * cases) and `results` (one row per case and corridor: every input and
 * every output).  A case's rows are written in one transaction with the
 * other cases of its batch, so a case is stored whole or not at all.  The
 * store refuses a file that is not an SQLite database, an SQLite database
 * that is not a sweep store, and a sweep store of another spec.
 *
 * Ownership: sweep_spec_parse allocates, sweep_spec_free releases (NULL
 * ok); sweep_store_open / sweep_store_close likewise.
 */
#ifndef COR_CLI_SWEEP_H
#define COR_CLI_SWEEP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "corridor/route.h"
#include "corridor/status.h"

#define SWEEP_MAX_VALUES 10000u       /* entries of one list of the spec */
#define SWEEP_MAX_CASES 100000000ull  /* cases of one spec */
#define SWEEP_MAX_WORLDS 256u         /* scenarios x dwell x rate multipliers */
#define SWEEP_MAX_CORRIDORS 64u
#define SWEEP_MAX_SPEC_BYTES (16u << 20)

/* The dimensions, slowest first. */
enum {
    SW_PAIR, SW_SCEN, SW_DWELL, SW_RATE, SW_BOX, SW_YEAR, SW_OBJ, SW_VOT, SW_CP, SW_MONTH, SW_RUNS, SW_NDIM
};

typedef struct sweep_scen {
    char *label;  /* what the rows call it: "base", the file's name argument, or the inline scenario's name */
    char *arg;    /* a name or file as --scenario takes it; NULL for base or inline */
    char *text;   /* an inline scenario as compact JSON; NULL otherwise */
    char *key;    /* its part of a case key: "base", "file:ARG" or "inline:TEXT" */
} sweep_scen;

typedef struct sweep_spec {
    char *file;            /* the spec's path, for messages */
    char *name, *network;  /* network: NULL = the command line's or the default */
    char **from, **to;     /* [npair] */
    sweep_scen *scen;      /* [nscen] */
    char **corridors;      /* [ncorridors]; 0 = every corridor of the network */
    size_t ncorridors;
    double *dwell, *rate, *vot, *cp;
    char **box;            /* box type ids */
    int *year;             /* 0 = the scenario's year, else the current year */
    cor_objective *obj;
    int *month;            /* departure month 1..12, 0 = none given */
    uint32_t *runs;        /* Monte Carlo runs, 0 = none */
    size_t n[SW_NDIM];     /* entries of each dimension (at least 1) */
    uint64_t seed;         /* Monte Carlo seed */
    double deadline_days;  /* 0 = none */
    int mc;                /* 1: a monte_carlo member was given */
    uint64_t ncases;
    char *canonical;       /* the spec as compact JSON with sorted keys */
    uint64_t hash;         /* of canonical */
} sweep_spec;

/* Parse and check the spec file (syntax errors as FILE:LINE:COLUMN, the
 * rest as "FILE: $.path: message", every fault found).  Places, scenarios,
 * boxes and corridors are checked against the network later, by the
 * command.  COR_EDATA, COR_EIO, COR_ELIMIT, COR_ENOMEM. */
cor_status sweep_spec_load(const char *path, sweep_spec **out, cor_diag *d);
cor_status sweep_spec_parse(const char *path, const char *text, size_t len, sweep_spec **out, cor_diag *d);
void sweep_spec_free(sweep_spec *sp);

/* Case i's index in each dimension. */
void sweep_case_decode(const sweep_spec *sp, uint64_t i, size_t idx[SW_NDIM]);
/* Its key: a 64-bit FNV-1a hash of its inputs as text. */
uint64_t sweep_case_key(const sweep_spec *sp, const size_t idx[SW_NDIM]);
/* 64-bit FNV-1a of n bytes, continuing from h (start with SWEEP_FNV0). */
#define SWEEP_FNV0 0xcbf29ce484222325ull
uint64_t sweep_fnv(uint64_t h, const void *p, size_t n);

/* One result row: a corridor of a case (the inputs come from the spec). */
typedef struct sweep_row {
    uint64_t case_id;
    uint32_t rank;            /* the corridor's position in the case */
    int32_t year;             /* the year the query used */
    char corridor[128];
    char status[16];          /* ok, no_route, not_applicable */
    char reason[640];
    char from_id[40], to_id[40];
    double days, hours, cost_usd, co2e_kg, distance_km, weight;
    uint32_t handlings, border_crossings, gauge_changes;
    char route[480];          /* the route in words */
    int has_mc;
    double mc_mean_days, mc_sd_days, mc_p50_days, mc_p80_days, mc_p95_days, mc_p_deadline;
} sweep_row;

typedef struct sweep_store sweep_store;

/* Open or create the store at path for spec sp.  Refuses (COR_EUSAGE,
 * naming --db) what is not a regular file, a file that is not an SQLite
 * database, a database that is not a sweep store and a sweep store of
 * another spec; a file that exists is never changed before these checks
 * pass.  COR_EIO for SQLite's own failures. */
cor_status sweep_store_open(sweep_store **out, const char *path, const sweep_spec *sp, const char *version,
                            cor_diag *d);
/* Is case key k stored?  (Keys are read once, at open.) */
int sweep_store_has(const sweep_store *st, uint64_t key);
/* Number of cases stored. */
uint64_t sweep_store_count(const sweep_store *st);
/* Add the rows of one case (in the batch's transaction, begun as needed). */
cor_status sweep_store_put(sweep_store *st, const sweep_spec *sp, const sweep_row *rows, uint32_t n, cor_diag *d);
/* Commit the batch begun by the puts since the last commit. */
cor_status sweep_store_commit(sweep_store *st, cor_diag *d);
/* Write every row as CSV, ordered by case id and corridor. */
cor_status sweep_store_csv(sweep_store *st, FILE *out, cor_diag *d);
/* A summary per scenario and corridor (cases, routed, mean days, cost),
 * as the command prints it at the end. */
cor_status sweep_store_summary(sweep_store *st, FILE *out, cor_diag *d);
void sweep_store_close(sweep_store *st);

#endif
