/*
 * server.h -- `corridor serve`: the HTTP API and the web map on
 * libmicrohttpd (src/server).  Not part of libcorridor: a front end like
 * the command line, over the same library calls, the same option table
 * (src/cli/options.c) and the same writers (src/report/write.c).
 *
 * The base network and its graph are loaded once and shared read-only by
 * the worker threads; networks with named scenarios applied are built on
 * first use and kept (a bounded cache, read-only once built); a network
 * with an inline overlay (POST) is built for its request and freed after.
 * Each request owns its query, filter, workspace and output buffer.
 */
#ifndef COR_SERVER_H
#define COR_SERVER_H

typedef struct srv_config {
    const char *bind;        /* address to listen on (default 127.0.0.1) */
    unsigned port;           /* 0: a free port, printed on standard error */
    const char *network;     /* network folder */
    const char *web_dir;     /* the page's folder (web/) */
    const char *cors;        /* Access-Control-Allow-Origin, or NULL: no CORS */
    unsigned threads;        /* worker threads (libmicrohttpd's pool) */
    unsigned max_inflight;   /* requests computed at once before 503 */
    unsigned timeout_s;      /* an idle or slow connection is closed after this */
    unsigned cache_mb;       /* answers to GET /v1/route, /v1/compare, /v1/nodes kept (0: none) */
} srv_config;

/* Serve until SIGTERM or SIGINT (requests in flight finish); returns the
 * exit code.  Prints "corridor serve: listening on http://ADDR:PORT/" on
 * standard error once it accepts connections. */
int srv_run(const srv_config *c);

#endif
