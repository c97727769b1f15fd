/*
 * internal.h -- what the server's files share: its state, a request and a
 * response (server.c moves bytes; api.c answers).
 */
#ifndef COR_SERVER_INTERNAL_H
#define COR_SERVER_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

#include <jansson.h>

#include "../cli/cli_gazetteer.h"
#include "../cli/cli_internal.h"
#include "server.h"

/* Limits (each refusal says which). */
#define SRV_MAX_URL 4096u            /* path + query string, bytes (414) */
#define SRV_MAX_BODY (1u << 20)      /* POST body: a scenario overlay (413) */
#define SRV_MAX_PARAMS 64u           /* query parameters (400) */
#define SRV_MAX_WORLDS 8u            /* scenario networks one request may need (400) */
#define SRV_MAX_LABELS 1000000u      /* --max-labels over HTTP */
#define SRV_MAX_WORK 20000000u       /* --max-work over HTTP */
#define SRV_CACHE 32u                /* networks with named scenarios kept */
#define SRV_MAX_MATRIX_PLACES 1000u  /* places a side of /v1/matrix (400) */
#define SRV_MAX_MATRIX_CELLS 100000u /* cells of /v1/matrix (400) */
#define SRV_MAX_NETWORK_FEATURES 250000u /* nodes + links /v1/network sends as one GeoJSON (413 above) */

typedef struct srv_cached {
    world w;        /* first: a world not cached is freed as the block */
    char key[1024]; /* scenario names joined by '\n' */
} srv_cached;

/* An answer kept for a GET asked again (the network is immutable, so the
 * same query gets the same answer). */
typedef struct srv_cache_ent {
    uint64_t hash, tick;
    char *key;   /* method, path, parameters in order, the default year */
    char *body;
    size_t len;
    const char *ctype;
    unsigned status;
} srv_cache_ent;

#define SRV_ANSWERS 1024u /* answers kept at most (and at most cfg.cache_mb) */
#define SRV_CH_POOL 64u   /* hierarchy query workspaces kept for reuse */

struct cor_fast;
struct cor_fast_ws;

#define SRV_FILTERS 4u /* compiled queries kept (each O(arcs): about 60 bytes an arc) */

/* A query compiled on the base network (route.h: cor_filter), kept for
 * the next request with the same query: on a million-node import the
 * compilation is most of a route's time.  Shared read-only; refs counts
 * the requests using it (guarded by srv.flock). */
typedef struct srv_filter {
    cor_query q;    /* the query, compared byte for byte (cor_query_init zeroes it) */
    cor_filter f;
    int fits[2];    /* 1: srv.ch[k] was built for this very filter (cor_fast_fits) */
    unsigned refs;
    uint64_t used;
    int cached;     /* 0: not in srv.filters (freed when released) */
} srv_filter;

/* A contraction hierarchy stored in the --network snapshot (ch.h), mapped
 * once at start; /v1/route uses it for a query it fits (cor_fast_fits). */
typedef struct srv_ch {
    struct cor_fast *fg; /* NULL: none */
    void *map;
    size_t maplen;
    int by, year;
} srv_ch;

typedef struct srv {
    srv_config cfg;
    pthread_mutex_t alock; /* guards answers[] */
    srv_cache_ent answers[SRV_ANSWERS];
    unsigned nanswers;
    size_t answer_bytes;
    uint64_t tick;
    world base;
    cor_gazetteer *gz;   /* the city gazetteer, read-only once loaded; NULL: not installed */
    const char *gz_path; /* its file (or the file looked for) */
    pthread_mutex_t lock; /* guards cache[] and ncache */
    srv_cached *cache[SRV_CACHE];
    unsigned ncache;
    atomic_uint inflight;
    /* answers computed once: the network's GeoJSON (with its ETag), the
     * scenario list, the OpenAPI description */
    char *network_geojson;
    size_t network_len;
    char network_etag[40];
    char *scenarios_json;
    size_t scenarios_len;
    char *openapi;
    size_t openapi_len;
    /* the snapshot's hierarchies (by distance, by time) and a pool of
     * query workspaces (guarded by chlock) */
    srv_ch ch[2];
    pthread_mutex_t chlock;
    struct cor_fast_ws *ws_pool[SRV_CH_POOL];
    unsigned nws;
    /* compiled queries on the base network (guarded by flock) */
    pthread_mutex_t flock;
    srv_filter *filters[SRV_FILTERS];
    uint64_t ftick;
} srv;

typedef struct srv_param {
    const char *name, *value;
} srv_param;

typedef struct srv_req {
    const char *method, *path;
    srv_param params[SRV_MAX_PARAMS];
    unsigned nparams;
    int too_many_params;
    char *body; /* POST, NUL-terminated; NULL if none */
    size_t body_len;
} srv_req;

typedef struct srv_resp {
    unsigned status;
    const char *ctype;
    char *body; /* malloc'd */
    size_t len;
    const char *allow;  /* for 405 */
    int retry_after;    /* seconds, for 503; 0: none */
    char etag[40];
} srv_resp;

/* A JSON error: {"error": {"status", "code", "parameter", "message", ...}};
 * extra (may be NULL, stolen) adds members. */
void srv_error(srv_resp *r, unsigned status, const char *param, json_t *extra, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* The parameters of /v1/route (compare 0) or /v1/compare (1) into a, by the
 * option table of src/cli/options.c; 0, or -1 with the refusal in r. */
int api_parse_params(const srv_req *q, route_args *a, int compare, const char **from, const char **to, srv_resp *r);
/* Answer a request under /v1 or /healthz; 0 if the path is not the API's. */
int api_answer(srv *S, const srv_req *q, srv_resp *r);
/* Build what is computed once (network GeoJSON, scenarios, OpenAPI), and
 * map the snapshot's hierarchies; api_release frees what it made. */
int api_prepare(srv *S);
void api_release(srv *S);

#endif
