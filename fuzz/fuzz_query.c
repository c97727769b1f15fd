/* fuzz_query.c -- the HTTP API's parameters: the input is a query string
 * (name=value pairs separated by '&', as libmicrohttpd hands them over
 * decoded), parsed for /v1/route and /v1/compare by the server's parser
 * over the one option table (src/cli/options.c), then built into a query.
 * Every refusal must be a 400 or 404 with a JSON body. */
#include "cli/options.h"
#include "server/internal.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 8192)
        return 0;
    char *buf = malloc(size + 1);
    memcpy(buf, data, size);
    buf[size] = '\0';
    srv_req q;
    memset(&q, 0, sizeof q);
    q.method = "GET";
    q.path = "/v1/route";
    for (char *p = buf; p && *p;) {
        char *amp = strchr(p, '&');
        if (amp)
            *amp = '\0';
        char *eq = strchr(p, '=');
        if (eq)
            *eq = '\0';
        if (q.nparams < SRV_MAX_PARAMS) {
            q.params[q.nparams].name = p;
            q.params[q.nparams].value = eq ? eq + 1 : NULL;
            q.nparams++;
        } else {
            q.too_many_params = 1;
        }
        p = amp ? amp + 1 : NULL;
    }
    for (int compare = 0; compare < 2; compare++) {
        route_args a;
        route_args_init(&a, compare ? "compare" : "route");
        const char *from = NULL, *to = NULL;
        srv_resp r;
        memset(&r, 0, sizeof r);
        if (api_parse_params(&q, &a, compare, &from, &to, &r) == 0) {
            cor_query cq;
            cor_format fmt;
            cli_err e;
            (void)route_make_query(&a, &cq, &fmt, &e);
        } else if (!r.body || (r.status != 400 && r.status != 404)) {
            abort();
        }
        free(r.body);
    }
    free(buf);
    return 0;
}
