/*
 * serve.c -- `corridor serve`: the options, then the server (src/server).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../server/server.h"
#include "cli_internal.h"

#ifndef CORRIDOR_WEB_DIR
#define CORRIDOR_WEB_DIR "web"
#endif

const char *serve_help =
    "Usage: corridor serve [--bind ADDR] [--port N] [--network DIR] [--threads N]\n"
    "\n"
    "The HTTP API and the web map (docs/api.md; the API's OpenAPI description is\n"
    "at /v1/openapi.json, the map at /).  Every answer is the command line's:\n"
    "GET /v1/route?from=JNPT&to=Moscow&by=cost is `corridor route JNPT Moscow\n"
    "--by cost --format json`.  SIGTERM or Ctrl-C finishes the requests in\n"
    "flight and exits.\n"
    "\n"
    "Options:\n"
    "  --bind ADDR        the address to listen on (default 127.0.0.1: this\n"
    "                     machine only; 0.0.0.0 or :: for every interface)\n"
    "  --port N           the port (default 8080; 0: a free port, printed)\n"
    "  --network DIR      network folder (default: data/instc)\n"
    "  --threads N        worker threads (default 4, at most 256)\n"
    "  --max-inflight N   requests computed at once before answering 503\n"
    "                     (default 64)\n"
    "  --timeout S        close a connection idle or slow for S seconds\n"
    "                     (default 10)\n"
    "  --cache-mb N       keep the answers to GET /v1/route, /v1/compare,\n"
    "                     /v1/tcd and /v1/nodes, up to N MiB, for the same\n"
    "                     query asked again (default 64; 0: compute every answer)\n"
    "  --web DIR          the page's folder (default: web/ of this checkout)\n"
    "  --cors ORIGIN      allow the page at ORIGIN to call the API (default: off)\n"
    "  -h, --help         this text\n";

static int parse_uint(const char *s, unsigned lo, unsigned hi, unsigned *v)
{
    double d;
    if (route_parse_double(s, lo, hi, &d) || d != (unsigned)d)
        return -1;
    *v = (unsigned)d;
    return 0;
}

int cmd_serve(int argc, char **argv)
{
    enum { O_BIND = 300, O_PORT, O_NETWORK, O_THREADS, O_INFLIGHT, O_TIMEOUT, O_WEB, O_CORS, O_CACHE };
    static const struct option opts[] = {
        {"bind", required_argument, 0, O_BIND},       {"port", required_argument, 0, O_PORT},
        {"network", required_argument, 0, O_NETWORK}, {"threads", required_argument, 0, O_THREADS},
        {"max-inflight", required_argument, 0, O_INFLIGHT}, {"timeout", required_argument, 0, O_TIMEOUT},
        {"web", required_argument, 0, O_WEB},         {"cors", required_argument, 0, O_CORS},
        {"cache-mb", required_argument, 0, O_CACHE},
        {"help", no_argument, 0, 'h'},                {0, 0, 0, 0}};
    srv_config c = {"127.0.0.1", 8080, NULL, NULL, NULL, 4, 64, 10, 64};
    char ob[256];
    int ch;
    opterr = 0;
    optind = 0;
    while ((ch = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (ch) {
        case 'h': fputs(serve_help, stdout); return 0;
        case O_BIND: c.bind = optarg; break;
        case O_PORT:
            if (parse_uint(optarg, 0, 65535, &c.port))
                return fail_usage("serve", "--port: expected a port between 0 and 65535, found '%s'",
                                  shown(optarg, ob, sizeof ob));
            break;
        case O_NETWORK: c.network = optarg; break;
        case O_THREADS:
            if (parse_uint(optarg, 1, 256, &c.threads))
                return fail_usage("serve", "--threads: expected a number between 1 and 256, found '%s'",
                                  shown(optarg, ob, sizeof ob));
            break;
        case O_INFLIGHT:
            if (parse_uint(optarg, 1, 100000, &c.max_inflight))
                return fail_usage("serve", "--max-inflight: expected a number between 1 and 100000, found '%s'",
                                  shown(optarg, ob, sizeof ob));
            break;
        case O_TIMEOUT:
            if (parse_uint(optarg, 1, 3600, &c.timeout_s))
                return fail_usage("serve", "--timeout: expected seconds between 1 and 3600, found '%s'",
                                  shown(optarg, ob, sizeof ob));
            break;
        case O_CACHE:
            if (parse_uint(optarg, 0, 4096, &c.cache_mb))
                return fail_usage("serve", "--cache-mb: expected MiB between 0 and 4096, found '%s'",
                                  shown(optarg, ob, sizeof ob));
            break;
        case O_WEB: c.web_dir = optarg; break;
        case O_CORS:
            if (!*optarg || strpbrk(optarg, "\r\n"))
                return fail_usage("serve", "--cors: expected an origin such as https://example.org");
            c.cors = optarg;
            break;
        case ':': return fail_usage("serve", "option '%s' needs a value", bad_option(argc, argv, ob, sizeof ob));
        default: return fail_usage("serve", "unknown option '%s'", bad_option(argc, argv, ob, sizeof ob));
        }
    }
    if (argc > optind)
        return fail_usage("serve", "unexpected argument '%s'", shown(argv[optind], ob, sizeof ob));
    if (!c.network)
        c.network = default_network();
    if (!c.web_dir)
        c.web_dir = access(CORRIDOR_WEB_DIR, R_OK) == 0 ? CORRIDOR_WEB_DIR : "web";
    return srv_run(&c);
}
