/*
 * server.c -- `corridor serve` on libmicrohttpd (see server.h): the
 * daemon and its thread pool, the limits, the request's parameters and
 * body, security headers, the web page's files, and shutdown.
 *
 * Limits: a request line or headers beyond the connection's memory
 * (32 KiB) are refused by libmicrohttpd itself (414, 431); a path with
 * query string longer than SRV_MAX_URL gets a JSON 414; a body longer than
 * SRV_MAX_BODY a JSON 413 (at once when Content-Length says so); more than
 * max_inflight requests being computed at once a JSON 503 with Retry-After;
 * connections beyond 512 (64 per address) are not accepted; a connection
 * idle or slow for timeout_s seconds is closed (slowloris).
 *
 * Shutdown: SIGTERM or SIGINT stops accepting connections, lets the
 * requests in flight finish (at most 10 s) and exits 0.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "internal.h"

typedef struct conn_ctx {
    srv_req q;
    char *body;
    size_t len, cap;
    int too_big;
    int counted; /* in S->inflight */
    size_t url_len;
} conn_ctx;

static const char *csp_api = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
static const char *csp_page = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
                              "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

static enum MHD_Result send_resp(srv *S, struct MHD_Connection *c, srv_resp *r, int page)
{
    if (!r->body) { /* an answer must have a body: say why there is none */
        r->body = strdup("{\"error\": {\"status\": 503, \"code\": \"unavailable\", \"message\": \"out of memory\"}}\n");
        r->len = r->body ? strlen(r->body) : 0;
        r->status = 503;
        r->ctype = "application/json";
    }
    struct MHD_Response *resp = MHD_create_response_from_buffer(r->len, r->body, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(r->body);
        return MHD_NO;
    }
    r->body = NULL;
    MHD_add_response_header(resp, "Content-Type", r->ctype ? r->ctype : "application/json");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Content-Security-Policy", page ? csp_page : csp_api);
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Cache-Control", r->etag[0] ? "no-cache" : page ? "no-cache" : "no-store");
    if (r->etag[0])
        MHD_add_response_header(resp, "ETag", r->etag);
    if (r->allow)
        MHD_add_response_header(resp, "Allow", r->allow);
    if (r->retry_after) {
        char b[16];
        snprintf(b, sizeof b, "%d", r->retry_after);
        MHD_add_response_header(resp, "Retry-After", b);
    }
    if (S->cfg.cors) {
        MHD_add_response_header(resp, "Access-Control-Allow-Origin", S->cfg.cors);
        MHD_add_response_header(resp, "Vary", "Origin");
    }
    enum MHD_Result ret = MHD_queue_response(c, r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    conn_ctx *x = cls;
    x->url_len += strlen(key) + (value ? strlen(value) : 0) + 2;
    if (x->q.nparams >= SRV_MAX_PARAMS) {
        x->q.too_many_params = 1;
        return MHD_YES;
    }
    x->q.params[x->q.nparams].name = key;
    x->q.params[x->q.nparams].value = value;
    x->q.nparams++;
    return MHD_YES;
}

/* ---- the page's files ---- */

static const char *file_ctype(const char *path)
{
    static const struct {
        const char *ext, *type;
    } types[] = {{".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
                 {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
                 {".json", "application/json"}, {".png", "image/png"}, {".svg", "image/svg+xml"},
                 {".ico", "image/x-icon"}, {".txt", "text/plain; charset=utf-8"}};
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof *types; i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

/* A file of the web folder: only [A-Za-z0-9._/-], no segment that begins
 * with a dot (no "..", no hidden files), and the resolved path inside the
 * folder (no symbolic link out of it).  0 with r filled, or 404. */
static void static_file(srv *S, const char *url, srv_resp *r)
{
    const char *rel = strcmp(url, "/") == 0 ? "index.html" : url + 1;
    size_t n = strlen(rel);
    int ok = n > 0 && n < 512;
    for (size_t i = 0; ok && i < n; i++) {
        char ch = rel[i];
        ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
             ch == '-' || ch == '/';
        if (ok && (i == 0 || rel[i - 1] == '/'))
            ok = ch != '.' && ch != '/';
    }
    char path[PATH_MAX + 600], real[PATH_MAX], root[PATH_MAX];
    struct stat st;
    FILE *fp = NULL;
    if (ok) {
        snprintf(path, sizeof path, "%s/%s", S->cfg.web_dir, rel);
        ok = realpath(S->cfg.web_dir, root) && realpath(path, real) && strncmp(real, root, strlen(root)) == 0 &&
             real[strlen(root)] == '/' && stat(real, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < (64 << 20);
    }
    if (ok)
        fp = fopen(real, "rb");
    if (!fp) {
        srv_error(r, 404, NULL, NULL, "not found");
        return;
    }
    char *buf = malloc((size_t)st.st_size + 1);
    size_t got = buf ? fread(buf, 1, (size_t)st.st_size, fp) : 0;
    fclose(fp);
    if (!buf || got != (size_t)st.st_size) {
        free(buf);
        srv_error(r, 503, NULL, NULL, "cannot read the file");
        return;
    }
    free(r->body);
    r->body = buf;
    r->len = got;
    r->status = 200;
    r->ctype = file_ctype(real);
}

/* ---- answers kept ---- */

static int cacheable(const char *method, const char *path)
{
    return (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0) &&
           (strcmp(path, "/v1/route") == 0 || strcmp(path, "/v1/compare") == 0 || strcmp(path, "/v1/tcd") == 0 ||
            strcmp(path, "/v1/nodes") == 0);
}

/* The key of a request: method, path, each parameter in order, and this
 * year (the default of `year`).  NULL if it does not fit or no memory. */
static char *cache_key(const conn_ctx *x, uint64_t *hash)
{
    size_t cap = x->url_len + 64 + (size_t)x->q.nparams * 4, n = 0;
    char *k = malloc(cap);
    if (!k)
        return NULL;
    int year = cor_this_year();
    int w = snprintf(k, cap, "%s %s %d\n", x->q.method, x->q.path, year);
    n = w > 0 ? (size_t)w : 0;
    for (unsigned i = 0; i < x->q.nparams && n < cap; i++) {
        w = snprintf(k + n, cap - n, "%s%c%s\n", x->q.params[i].name, x->q.params[i].value ? '=' : '!',
                     x->q.params[i].value ? x->q.params[i].value : "");
        n += w > 0 ? (size_t)w : 0;
    }
    if (n >= cap) {
        free(k);
        return NULL;
    }
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)k[i]) * 1099511628211ull;
    *hash = h;
    return k;
}

static int cache_get(srv *S, const char *key, uint64_t hash, srv_resp *r)
{
    int hit = 0;
    pthread_mutex_lock(&S->alock);
    for (unsigned i = 0; i < S->nanswers; i++) {
        srv_cache_ent *e = &S->answers[i];
        if (e->hash == hash && strcmp(e->key, key) == 0) {
            r->body = malloc(e->len + 1);
            if (r->body) {
                memcpy(r->body, e->body, e->len);
                r->body[e->len] = '\0';
                r->len = e->len;
                r->ctype = e->ctype;
                r->status = e->status;
                e->tick = ++S->tick;
                hit = 1;
            }
            break;
        }
    }
    pthread_mutex_unlock(&S->alock);
    return hit;
}

static void cache_drop(srv *S, unsigned i)
{
    S->answer_bytes -= S->answers[i].len + strlen(S->answers[i].key);
    free(S->answers[i].key);
    free(S->answers[i].body);
    S->answers[i] = S->answers[--S->nanswers];
}

/* Keep a copy of an answer (200, or 422: no route); the least recently
 * used go first when the count or the bytes are over the limit. */
static void cache_put(srv *S, char *key, uint64_t hash, const srv_resp *r)
{
    size_t max = (size_t)S->cfg.cache_mb << 20, size = r->len + strlen(key);
    if ((r->status != 200 && r->status != 422) || !r->body || size > max / 4) {
        free(key);
        return;
    }
    char *body = malloc(r->len ? r->len : 1);
    if (!body) {
        free(key);
        return;
    }
    memcpy(body, r->body, r->len);
    pthread_mutex_lock(&S->alock);
    for (unsigned i = 0; i < S->nanswers; i++)
        if (S->answers[i].hash == hash && strcmp(S->answers[i].key, key) == 0) { /* another thread kept it */
            pthread_mutex_unlock(&S->alock);
            free(key);
            free(body);
            return;
        }
    while (S->nanswers && (S->nanswers >= SRV_ANSWERS || S->answer_bytes + size > max)) {
        unsigned old = 0;
        for (unsigned i = 1; i < S->nanswers; i++)
            if (S->answers[i].tick < S->answers[old].tick)
                old = i;
        cache_drop(S, old);
    }
    S->answers[S->nanswers++] = (srv_cache_ent){hash, ++S->tick, key, body, r->len, r->ctype, r->status};
    S->answer_bytes += size;
    pthread_mutex_unlock(&S->alock);
}

/* ---- requests ---- */

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
    (void)version;
    srv *S = cls;
    conn_ctx *x = *con_cls;
    srv_resp r;
    memset(&r, 0, sizeof r);
    if (!x) {
        x = calloc(1, sizeof *x);
        if (!x)
            return MHD_NO;
        *con_cls = x;
        x->counted = 1;
        unsigned now = atomic_fetch_add(&S->inflight, 1) + 1;
        x->q.method = method;
        x->q.path = url;
        x->url_len = strlen(url);
        MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, x);
        if (now > S->cfg.max_inflight) {
            srv_error(&r, 503, NULL, NULL, "the server is busy (%u requests at once); try again", S->cfg.max_inflight);
            r.retry_after = 1;
            return send_resp(S, c, &r, 0);
        }
        if (x->url_len > SRV_MAX_URL) {
            srv_error(&r, 414, NULL, NULL, "the path and query string are longer than %u bytes", SRV_MAX_URL);
            return send_resp(S, c, &r, 0);
        }
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > SRV_MAX_BODY) {
            srv_error(&r, 413, "body", NULL, "the body is longer than %u bytes (a scenario overlay is at most 1 MiB)",
                      SRV_MAX_BODY);
            return send_resp(S, c, &r, 0);
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (x->too_big || x->len + n > SRV_MAX_BODY) {
            x->too_big = 1;
            return MHD_YES;
        }
        if (x->len + n + 1 > x->cap) {
            size_t cap = x->cap ? x->cap : 4096;
            while (cap < x->len + n + 1)
                cap *= 2;
            char *b = realloc(x->body, cap);
            if (!b) {
                x->too_big = 1;
                return MHD_YES;
            }
            x->body = b;
            x->cap = cap;
        }
        memcpy(x->body + x->len, upload_data, n);
        x->len += n;
        x->body[x->len] = '\0';
        return MHD_YES;
    }
    if (x->too_big) {
        srv_error(&r, 413, "body", NULL, "the body is longer than %u bytes (a scenario overlay is at most 1 MiB)",
                  SRV_MAX_BODY);
        return send_resp(S, c, &r, 0);
    }
    if (strcmp(method, "POST") == 0) {
        if (!x->body || x->len == 0) {
            srv_error(&r, 400, "body", NULL, "POST takes a scenario as the body (JSON, docs/scenarios.md); use GET "
                                             "without one");
            return send_resp(S, c, &r, 0);
        }
        x->q.body = x->body;
        x->q.body_len = x->len;
    }
    char *key = NULL;
    uint64_t hash = 0;
    if (S->cfg.cache_mb && cacheable(method, url) && (key = cache_key(x, &hash)) != NULL && cache_get(S, key, hash, &r)) {
        free(key);
        return send_resp(S, c, &r, 0);
    }
    if (api_answer(S, &x->q, &r)) {
        if (key)
            cache_put(S, key, hash, &r);
        if (r.etag[0] && r.status == 200) {
            const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
            if (inm && (strstr(inm, r.etag) || strcmp(inm, "*") == 0)) {
                free(r.body);
                r.body = strdup("");
                r.len = 0;
                r.status = 304;
            }
        }
        return send_resp(S, c, &r, 0);
    }
    free(key);
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        r.allow = "GET, HEAD";
        srv_error(&r, 405, NULL, NULL, "the page's files take GET and HEAD only");
        return send_resp(S, c, &r, 1);
    }
    if (x->q.nparams && strcmp(url, "/") != 0) {
        /* the page keeps its state in its own query string: only "/" takes one */
        srv_error(&r, 400, x->q.params[0].name, NULL, "files take no parameters");
        return send_resp(S, c, &r, 1);
    }
    static_file(S, url, &r);
    return send_resp(S, c, &r, 1);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)c;
    (void)toe;
    srv *S = cls;
    conn_ctx *x = *con_cls;
    if (!x)
        return;
    if (x->counted)
        atomic_fetch_sub(&S->inflight, 1);
    free(x->body);
    free(x);
    *con_cls = NULL;
}

int srv_run(const srv_config *cfg)
{
    srv *S = calloc(1, sizeof *S);
    if (!S) {
        fprintf(stderr, "%s serve: out of memory\n", prog);
        return cor_status_exit_code(COR_ENOMEM);
    }
    S->cfg = *cfg;
    atomic_init(&S->inflight, 0);
    pthread_mutex_init(&S->lock, NULL);
    pthread_mutex_init(&S->alock, NULL);
    pthread_mutex_init(&S->chlock, NULL);
    pthread_mutex_init(&S->flock, NULL);
    json_object_seed(0); /* before any thread: jansson's hash seed */
    int rc = world_load(&S->base, cfg->network, NULL, 0, NULL);
    if (rc) {
        free(S);
        return rc;
    }
    S->base.label = "base";
    struct MHD_Daemon *d = NULL;
    /* the city gazetteer, once, if installed: shared read-only by the threads */
    S->gz_path = cli_gaz_path(cfg->gazetteer);
    FILE *gzf = fopen(S->gz_path, "rb");
    if (gzf) {
        fclose(gzf);
        if ((rc = cli_gaz_load("serve", S->gz_path, &S->gz)) >= 0)
            goto done;
        rc = 0;
    } else if (cfg->gazetteer) {
        char gb[256];
        fprintf(stderr, "%s serve: --gazetteer: cannot read %s: %s\n", prog, shown(cfg->gazetteer, gb, sizeof gb),
                strerror(errno));
        rc = cor_status_exit_code(COR_EUSAGE);
        goto done;
    } else {
        fprintf(stderr, "%s serve: note: no city gazetteer (no file %s): a place that is not a network node answers "
                        "404; install it with 'bash scripts/gazetteer.sh'\n",
                prog, S->gz_path);
    }
    if (api_prepare(S) != 0) {
        fprintf(stderr, "%s serve: out of memory\n", prog);
        rc = cor_status_exit_code(COR_ENOMEM);
        goto done;
    }
    if (!S->openapi)
        fprintf(stderr, "%s serve: warning: no %s/openapi.json: /v1/openapi.json answers 404\n", prog, cfg->web_dir);

    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ITC;
    if (strchr(cfg->bind, ':')) {
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)cfg->port);
        if (inet_pton(AF_INET6, cfg->bind, &a6->sin6_addr) != 1)
            goto bad_bind;
        flags |= MHD_USE_IPv6;
    } else {
        struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t)cfg->port);
        if (inet_pton(AF_INET, cfg->bind, &a4->sin_addr) != 1)
            goto bad_bind;
    }
    /* the signals that stop the server are taken by sigwait below, in
     * this thread only: block them before the workers start */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    d = MHD_start_daemon(flags, (uint16_t)cfg->port, NULL, NULL, on_request, S, MHD_OPTION_SOCK_ADDR, &ss,
                         MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads, MHD_OPTION_CONNECTION_LIMIT, 512u,
                         MHD_OPTION_PER_IP_CONNECTION_LIMIT, 64u, MHD_OPTION_CONNECTION_TIMEOUT,
                         (unsigned)cfg->timeout_s, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32768,
                         MHD_OPTION_NOTIFY_COMPLETED, on_completed, S, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "%s serve: cannot listen on %s port %u: %s\n", prog, cfg->bind, cfg->port, strerror(errno));
        rc = cor_status_exit_code(COR_EIO);
        goto done;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : cfg->port;
    fprintf(stderr, "%s serve: listening on http://%s%s%s:%u/ (%u threads; network %s)\n", prog,
            strchr(cfg->bind, ':') ? "[" : "", cfg->bind, strchr(cfg->bind, ':') ? "]" : "", port, cfg->threads,
            cfg->network);
    fflush(stderr);
    int sig = 0;
    while (sigwait(&stop, &sig) != 0)
        ;
    fprintf(stderr, "%s serve: %s: finishing the requests in flight\n", prog, sig == SIGTERM ? "SIGTERM" : "SIGINT");
    MHD_socket ls = MHD_quiesce_daemon(d);
    for (int i = 0; i < 1000 && atomic_load(&S->inflight) > 0; i++) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(d);
    if (ls != MHD_INVALID_SOCKET)
        close(ls);
    d = NULL;
    fprintf(stderr, "%s serve: stopped\n", prog);
    rc = 0;
    goto done;
bad_bind:
    fprintf(stderr, "%s serve: --bind: '%s' is not an IPv4 or IPv6 address\n", prog, cfg->bind);
    rc = cor_status_exit_code(COR_EUSAGE);
done:
    for (unsigned i = 0; i < S->ncache; i++) {
        world_free(&S->cache[i]->w);
        free(S->cache[i]);
    }
    while (S->nanswers)
        cache_drop(S, 0);
    pthread_mutex_destroy(&S->alock);
    world_free(&S->base);
    cor_gazetteer_free(S->gz);
    free(S->network_geojson);
    free(S->scenarios_json);
    free(S->openapi);
    api_release(S);
    pthread_mutex_destroy(&S->chlock);
    pthread_mutex_destroy(&S->flock);
    pthread_mutex_destroy(&S->lock);
    free(S);
    return rc;
}
