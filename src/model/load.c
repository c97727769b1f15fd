/*
 * load.c -- loading and validating a network folder.
 *
 * Each file kind has a schema: its columns, which must appear in the header,
 * and which must be non-empty in every row.  The header is matched by name
 * (any order; unknown or repeated columns are errors), then every record is
 * checked field by field and converted.  All faults are collected in the
 * cor_diag with FILE:LINE:COLUMN, so one run of `corridor validate` shows
 * them all.  Cross-file checks (references, classes at transfer nodes, unique
 * names) run after all files are read.  Nothing is returned unless the whole
 * network is valid.
 *
 * Order: nodes, modes, borders, links, services (expanded into more links
 * once the lanes are read), transfers (each refers only to files before
 * it).
 */
#include "internal.h"

#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "corridor/snapshot.h" /* issue 13: --network may name a snapshot */
#include "../core/csvread.h"
#include "corridor/text.h"
#include "../core/alloc.h" /* last: maps malloc & co. to the counted wrappers */

#define MAX_COLS 32

/* ---- small hash tables (duplicate checks and lookups in O(1)) ------- */

/* A map from a uint64 key to a uint32 value: open addressing, key + 1
 * stored so that 0 marks an empty slot. */
typedef struct u64map {
    uint64_t *keys;
    uint32_t *vals;
    size_t cap, used;
} u64map;

static void u64map_free(u64map *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

static size_t u64slot(const u64map *m, uint64_t key)
{
    uint64_t h = (key + 1) * 0x9E3779B97F4A7C15ull;
    size_t mask = m->cap - 1, i = (size_t)(h >> 17) & mask;
    while (m->keys[i] && m->keys[i] != key + 1)
        i = (i + 1) & mask;
    return i;
}

/* The value of key, or COR_NONE. */
static uint32_t u64map_get(const u64map *m, uint64_t key)
{
    if (!m->cap)
        return COR_NONE;
    size_t i = u64slot(m, key);
    return m->keys[i] ? m->vals[i] : COR_NONE;
}

/* Set key to val unless it is there already; -1 on OOM. */
static int u64map_put(u64map *m, uint64_t key, uint32_t val)
{
    if ((m->used + 1) * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 256;
        u64map n = {calloc(cap, sizeof *n.keys), malloc(cap * sizeof *n.vals), cap, 0};
        if (!n.keys || !n.vals) {
            u64map_free(&n);
            return -1;
        }
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i]) {
                size_t j = u64slot(&n, m->keys[i] - 1);
                n.keys[j] = m->keys[i];
                n.vals[j] = m->vals[i];
                n.used++;
            }
        u64map_free(m);
        *m = n;
    }
    size_t i = u64slot(m, key);
    if (!m->keys[i]) {
        m->keys[i] = key + 1;
        m->vals[i] = val;
        m->used++;
    }
    return 0;
}

/* FNV-1a of a string, as a map key (collisions are checked by the caller
 * comparing the strings the value points to). */
static uint64_t str_key(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}



typedef struct col_spec {
    const char *name;
    int in_header; /* the column must be in the header */
    int nonempty;  /* every row must have a value */
} col_spec;

typedef struct loader loader;

/* A link that follows the sea lanes, routed after all links are read. */
typedef struct pending_lane {
    uint32_t link;
    cor_csv_field pos;     /* its waypoints field, for errors */
    cor_csv_field id_pos;  /* its id field */
} pending_lane;
typedef cor_status (*row_fn)(loader *L, const cor_csv_field *f, const int *idx,
                             uint32_t line, uint32_t end_col);


struct loader {
    cor_network *net;
    cor_file_kind kind;      /* the file being read */
    int table;               /* 1: scenario ops change this file; rows kept */
    cor_csv_field *cells;    /* table rows: ncols cells each, schema order */
    uint8_t *removed;        /* [caprows] row removed by an op */
    size_t nrows, caprows;
    cor_arena tmp;           /* their strings */
    const cor_op *ops;       /* scenario operations, all files */
    size_t nops;
    cor_diag *d;
    const char *file;        /* path for messages */
    const col_spec *cols;
    size_t ncols;
    int idx[MAX_COLS];       /* column -> field index, -1 if absent */
    size_t nheader;
    int seen_header;
    row_fn fn;
    /* per-file scratch */
    cor_csv_field *node_pos; /* id field of each node (position only) */
    uint32_t cap_node_pos, cap_link_pos, cap_border_pos;
    u64map border_ids;       /* hash of a border id -> first border with it */
    u64map transfer_keys;    /* (node, class, class) -> transfer */
    u64map terminal_keys;    /* (node, class) -> terminal */
    u64map corridor_names;   /* hash of a name -> first corridor with it */
    uint32_t *node_classes;  /* [nnodes] bit per class of the links at a node */
    const char *last_x_file, *last_x_json; /* the field of the last error */
    uint32_t last_x_line, last_x_col;
    u64map shared;           /* hash of a shared string -> shared_str index */
    const char **shared_str;
    uint32_t nshared, cap_shared;
    pending_lane *pending;   /* services to route over the lanes */
    cor_sea_memo *memo;      /* lane paths between ports, for services.csv */
    size_t npending, cap_pending;
    uint32_t link_faults;    /* rows of links.csv rejected */
    cor_csv_field *link_pos; /* id field of each link (for cross-file errors) */
    cor_csv_field *border_pos;
    char **link_border_ref;  /* border id per link, resolved after borders */
    cor_csv_field *link_border_pos;
};

/* ---- field helpers -------------------------------------------------- */

static const cor_csv_field *fld(const cor_csv_field *f, const int *idx, int col)
{
    return idx[col] >= 0 ? &f[idx[col]] : NULL;
}

static int empty(const cor_csv_field *x) { return !x || x->len == 0; }

/* Report an error at a field: FILE:LINE:COLUMN for a CSV field, or
 * SCENARIO-FILE: $.json.path for a field that came from a scenario (the
 * column name that starts most messages is then folded into the path). */
static cor_status vreport(loader *L, const cor_csv_field *x, cor_status st, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
static cor_status vreport(loader *L, const cor_csv_field *x, cor_status st, const char *fmt, va_list ap)
{
    /* one error per field: a second complaint about the field just
     * reported (a check that runs after the one that failed) is dropped */
    if (x) {
        if (L->last_x_file == L->file && L->last_x_line == x->line && L->last_x_col == x->col &&
            L->last_x_json == x->json_path && (x->line || x->json_path))
            return st;
        L->last_x_file = L->file;
        L->last_x_line = x->line;
        L->last_x_col = x->col;
        L->last_x_json = x->json_path;
    }
    char msg[COR_DIAG_TEXT];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (x && x->json_path) {
        const char *m = msg, *dot = strrchr(x->json_path, '.');
        if (dot) {
            size_t n = strlen(dot + 1);
            if (strncmp(msg, dot + 1, n) == 0 && msg[n] == ':' && msg[n + 1] == ' ')
                m = msg + n + 2;
            else if (strncmp(msg, dot + 1, n) == 0 && msg[n] == ' ')
                m = msg + n + 1;
        }
        return cor_diag_add(L->d, st, x->json_file, 0, 0, "%s: %s", x->json_path, m);
    }
    return cor_diag_add(L->d, st, L->file, x ? x->line : 0, x ? x->col : 0, "%s", msg);
}

static cor_status errat(loader *L, const cor_csv_field *x, cor_status st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static cor_status errat(loader *L, const cor_csv_field *x, cor_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cor_status r = vreport(L, x, st, fmt, ap);
    va_end(ap);
    return r;
}

static cor_status bad(loader *L, const cor_csv_field *x, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static cor_status bad(loader *L, const cor_csv_field *x, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cor_status r = vreport(L, x, COR_EDATA, fmt, ap);
    va_end(ap);
    return r;
}

/* "line 12" or "$.links[3]" for a remembered position. */
static const char *where(const cor_csv_field *x, char *buf, size_t size)
{
    if (x->json_path)
        snprintf(buf, size, "%s", x->json_path);
    else
        snprintf(buf, size, "line %u", x->line);
    return buf;
}

/* Shorten a field's text for messages. */
static const char *shown(const cor_csv_field *x, char *buf, size_t size)
{
    if (x->len + 1 <= size || size < 8)
        snprintf(buf, size, "%s", x->s);
    else
        snprintf(buf, size, "%.*s...", (int)(size - 4), x->s);
    return buf;
}

/* Parse a plain decimal number in [lo, hi].  Returns 0 on success, 1 if
 * absent/empty (v untouched), -1 after reporting an error. */
static int num(loader *L, const cor_csv_field *x, const char *col, double lo, double hi,
               double *v)
{
    char sb[64], rng[96];
    if (empty(x))
        return 1;
    int ok = 1;
    for (size_t i = 0; i < x->len; i++) {
        char c = x->s[i];
        if (!(isdigit((unsigned char)c) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E'))
            ok = 0;
    }
    char *end = NULL;
    errno = 0;
    double r = ok ? strtod(x->s, &end) : 0;
    if (!ok || !end || *end || errno == ERANGE || !isfinite(r) || r < lo || r > hi)
        snprintf(rng, sizeof rng, "%g and %g", lo, hi); /* for the message only */
    if (!ok || !end || *end || errno == ERANGE || !isfinite(r)) {
        bad(L, x, "%s: expected a finite decimal number between %s, found '%s'", col, rng,
            shown(x, sb, sizeof sb));
        return -1;
    }
    if (r < lo || r > hi) {
        bad(L, x, "%s: %s is out of range (must be between %s)", col, shown(x, sb, sizeof sb), rng);
        return -1;
    }
    *v = r;
    return 0;
}

static int integer(loader *L, const cor_csv_field *x, const char *col, long lo, long hi, long *v)
{
    char sb[64];
    if (empty(x))
        return 1;
    int ok = x->len <= 12;
    for (size_t i = 0; i < x->len && ok; i++)
        if (!isdigit((unsigned char)x->s[i]) && !(i == 0 && x->s[i] == '-'))
            ok = 0;
    long r = ok ? strtol(x->s, NULL, 10) : 0;
    if (!ok || r < lo || r > hi) {
        bad(L, x, "%s: expected a whole number between %ld and %ld, found '%s'", col, lo, hi,
            shown(x, sb, sizeof sb));
        return -1;
    }
    *v = r;
    return 0;
}

static const char *dup(loader *L, const cor_csv_field *x)
{
    if (empty(x))
        return "";
    return cor_arena_strdup(&L->net->arena, x->s, x->len);
}

/* A string that many rows share (a source, a kind, a country, a status):
 * stored once in the network's arena and shared by every row that holds
 * it, so that memory grows with the distinct texts, not with the rows. */
static const char *dup_shared(loader *L, const cor_csv_field *x)
{
    if (empty(x))
        return "";
    uint64_t h = str_key(x->s);
    for (;; h++) { /* collisions: the next key */
        uint32_t i = u64map_get(&L->shared, h);
        if (i == COR_NONE)
            break;
        if (strcmp(L->shared_str[i], x->s) == 0)
            return L->shared_str[i];
    }
    if (L->nshared == L->cap_shared) {
        uint32_t cap = L->cap_shared ? L->cap_shared * 2 : 64;
        const char **ns = realloc(L->shared_str, cap * sizeof *ns);
        if (!ns)
            return NULL;
        L->shared_str = ns;
        L->cap_shared = cap;
    }
    const char *c = cor_arena_strdup(&L->net->arena, x->s, x->len);
    if (!c || u64map_put(&L->shared, h, L->nshared) != 0)
        return NULL;
    L->shared_str[L->nshared++] = c;
    return c;
}

/* A name (of a place, alias, border or corridor): not blank, at most
 * COR_MAX_NAME_BYTES.  0, or -1 after reporting. */
static int check_name(loader *L, const cor_csv_field *x, const char *col, const char *s, size_t len)
{
    if (len > COR_MAX_NAME_BYTES) {
        bad(L, x, "%s is %zu bytes long (a name is at most %u)", col, len, COR_MAX_NAME_BYTES);
        return -1;
    }
    if (cor_text_blank(s, len)) {
        bad(L, x, "%s is blank (only spaces)", col);
        return -1;
    }
    return 0;
}

static int one_of(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return 1;
    return 0;
}

static int grow(void **arr, uint32_t *cap, uint32_t need, size_t elem, uint32_t limit)
{
    if (need <= *cap)
        return 0;
    if (need > limit)
        return -2;
    uint32_t nc = *cap ? *cap * 2 : 64;
    if (nc > limit)
        nc = limit;
    void *p = realloc(*arr, (size_t)nc * elem);
    if (!p)
        return -1;
    *arr = p;
    *cap = nc;
    return 0;
}

#define OOM(L) cor_diag_add((L)->d, COR_ENOMEM, (L)->file, 0, 0, "out of memory")

/* ---- nodes ---------------------------------------------------------- */

enum { N_ID, N_IDKIND, N_NAME, N_ALIASES, N_COUNTRY, N_KIND, N_LAT, N_LON, N_PASSAGE, N_SOURCE, N_NCOLS };
static const col_spec node_cols[] = {
    {"id", 1, 1},      {"id_kind", 0, 0}, {"name", 1, 1},     {"aliases", 0, 0},
    {"country", 0, 0}, {"kind", 0, 0},    {"lat", 1, 1},      {"lon", 1, 1},
    {"passage", 0, 0}, {"source", 1, 1},
};
static const char *const node_kinds[] = {"port", "rail", "road", "border", "junction", "waypoint",
                                         "city", "dryport", "terminal", "zone", NULL};

static int valid_tag(const char *s, size_t len)
{
    if (len == 0 || len > 31)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '_'))
            return 0;
    return 1;
}

/* Parse a '|'-separated list of passage tags into a bit mask. */
static int passages(loader *L, const cor_csv_field *x, uint64_t *mask)
{
    *mask = 0;
    if (empty(x))
        return 0;
    const char *p = x->s;
    while (*p) {
        const char *e = strchr(p, '|');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (!valid_tag(p, len)) {
            char t[40];
            snprintf(t, sizeof t, "%.*s", (int)(len > 32 ? 32 : len), p);
            bad(L, x, "passage tag '%s' must be 1-31 characters of a-z, 0-9 and '_' "
                      "(list several with '|')", t);
            return -1;
        }
        char tag[32];
        memcpy(tag, p, len);
        tag[len] = '\0';
        uint32_t i = cor_network_find_passage(L->net, tag);
        if (i == COR_NONE) {
            if (L->net->npassages >= COR_MAX_PASSAGES) {
                errat(L, x, COR_ELIMIT, "more than %u distinct passage tags", COR_MAX_PASSAGES);
                return -1;
            }
            const char *s = cor_arena_strdup(&L->net->arena, tag, len);
            if (!s)
                return -1;
            i = L->net->npassages;
            L->net->passages[L->net->npassages++] = s;
        }
        *mask |= (uint64_t)1 << i;
        p = e ? e + 1 : p + len;
    }
    return 0;
}

static cor_status node_row(loader *L, const cor_csv_field *f, const int *idx, uint32_t line,
                           uint32_t end_col)
{
    (void)line;
    (void)end_col;
    cor_network *net = L->net;
    int g = grow((void **)&net->nodes, &net->cap_nodes, net->nnodes + 1, sizeof *net->nodes, COR_MAX_NODES);
    if (g == -2)
        return errat(L, &f[0], COR_ELIMIT, "more than %u nodes", COR_MAX_NODES);
    if (g)
        return OOM(L);
    if (L->cap_node_pos < net->cap_nodes) { /* grows with the nodes, by doubling */
        cor_csv_field *nl = realloc(L->node_pos, net->cap_nodes * sizeof *nl);
        if (!nl)
            return OOM(L);
        L->node_pos = nl;
        L->cap_node_pos = net->cap_nodes;
    }
    cor_node nd;
    memset(&nd, 0, sizeof nd);
    int fault = 0;
    const cor_csv_field *x;
    x = fld(f, idx, N_ID);
    for (size_t i = 0; i < x->len; i++)
        if (!(isalnum((unsigned char)x->s[i]) || x->s[i] == '-' || x->s[i] == '_')) {
            char sb[64];
            bad(L, x, "id '%s' may contain only letters, digits, '-' and '_'", shown(x, sb, sizeof sb));
            fault = 1;
            break;
        }
    if (x->len > 32) {
        bad(L, x, "id is longer than 32 characters");
        fault = 1;
    }
    x = fld(f, idx, N_IDKIND);
    if (!empty(x) && strcmp(x->s, "locode") && strcmp(x->s, "local")) {
        char sb[64];
        bad(L, x, "id_kind must be 'locode' or 'local', found '%s'", shown(x, sb, sizeof sb));
        fault = 1;
    } else if (!empty(x) && strcmp(x->s, "locode") == 0) {
        const cor_csv_field *id = fld(f, idx, N_ID);
        int ok = id->len == 5;
        for (size_t i = 0; i < id->len && ok; i++)
            ok = isupper((unsigned char)id->s[i]) || (i >= 2 && isdigit((unsigned char)id->s[i]));
        if (!ok) {
            char sb[64];
            bad(L, id, "id '%s' is marked as a UN/LOCODE but is not 5 characters (country + 3)",
                shown(id, sb, sizeof sb));
            fault = 1;
        }
    }
    x = fld(f, idx, N_KIND);
    if (!empty(x) && !one_of(x->s, node_kinds)) {
        char sb[64];
        bad(L, x, "unknown node kind '%s' (expected port, rail, road, border, junction, waypoint, "
                  "city, dryport, terminal or zone)", shown(x, sb, sizeof sb));
        fault = 1;
    }
    x = fld(f, idx, N_COUNTRY);
    if (!empty(x) && !(x->len == 2 && isupper((unsigned char)x->s[0]) && isupper((unsigned char)x->s[1]))) {
        char sb[64];
        bad(L, x, "country must be an ISO 3166 alpha-2 code such as IR, found '%s'", shown(x, sb, sizeof sb));
        fault = 1;
    }
    x = fld(f, idx, N_NAME);
    if (check_name(L, x, "name", x->s, x->len) < 0)
        fault = 1;
    if (num(L, fld(f, idx, N_LAT), "lat", -90, 90, &nd.lat) < 0)
        fault = 1;
    if (num(L, fld(f, idx, N_LON), "lon", -180, 180, &nd.lon) < 0)
        fault = 1;
    if (passages(L, fld(f, idx, N_PASSAGE), &nd.passages) < 0)
        fault = 1;
    /* aliases */
    x = fld(f, idx, N_ALIASES);
    if (!empty(x)) {
        uint32_t cnt = 1;
        for (size_t i = 0; i < x->len; i++)
            cnt += x->s[i] == '|';
        if (cnt > COR_MAX_ALIASES) {
            errat(L, x, COR_ELIMIT, "more than %u aliases", COR_MAX_ALIASES);
            fault = 1;
        } else {
            nd.aliases = cor_arena_alloc(&net->arena, cnt * sizeof *nd.aliases);
            if (!nd.aliases)
                return OOM(L);
            const char *p = x->s;
            for (uint32_t a = 0; a < cnt; a++) {
                const char *e = strchr(p, '|');
                size_t len = e ? (size_t)(e - p) : strlen(p);
                if (len == 0) {
                    bad(L, x, "empty alias in '|'-separated list");
                    fault = 1;
                } else if (check_name(L, x, "aliases", p, len) < 0) {
                    fault = 1;
                }
                nd.aliases[a] = cor_arena_strdup(&net->arena, p, len);
                if (!nd.aliases[a])
                    return OOM(L);
                p = e ? e + 1 : p + len;
            }
            nd.naliases = cnt;
        }
    }
    if (fault) {
        /* Keep a valid id so that references to it do not cascade into
         * more errors; the load fails anyway. */
        const cor_csv_field *id = fld(f, idx, N_ID);
        int id_ok = id->len <= 32;
        for (size_t i = 0; i < id->len && id_ok; i++)
            id_ok = isalnum((unsigned char)id->s[i]) || id->s[i] == '-' || id->s[i] == '_';
        if (!id_ok)
            return COR_OK;
        memset(&nd, 0, sizeof nd);
        nd.lat = NAN; /* its coordinates are not known: no geometry check on its links */
    }
    nd.id = dup(L, fld(f, idx, N_ID));
    nd.id_kind = dup_shared(L, fld(f, idx, N_IDKIND));
    nd.name = dup(L, fld(f, idx, N_NAME));
    nd.country = dup_shared(L, fld(f, idx, N_COUNTRY));
    nd.kind = dup_shared(L, fld(f, idx, N_KIND));
    nd.source = dup_shared(L, fld(f, idx, N_SOURCE));
    if (!nd.id || !nd.id_kind || !nd.name || !nd.country || !nd.kind || !nd.source)
        return OOM(L);
    L->node_pos[net->nnodes] = f[N_ID];
    L->node_pos[net->nnodes].s = NULL;
    net->nodes[net->nnodes++] = nd;
    return COR_OK;
}

/* Exact node id lookup during loading (the index is built after nodes). */
static uint32_t node_by_id(const cor_network *net, const char *id)
{
    const cor_key *arr = net->ids;
    uint32_t lo = 0, hi = net->nnodes;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int c = strcmp(arr[mid].key, id);
        if (c == 0)
            return arr[mid].node;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return COR_NONE;
}

static uint32_t ref_node(loader *L, const cor_csv_field *x, const char *col)
{
    uint32_t n = node_by_id(L->net, x->s);
    if (n == COR_NONE) {
        char sb[64], msg[COR_DIAG_TEXT];
        uint32_t sugg[3] = {COR_NONE, COR_NONE, COR_NONE};
        uint32_t dummy;
        /* the search for a suggestion is O(names): only for a message that prints */
        cor_network_find_node(L->net, x->s, &dummy, sugg, cor_diag_full(L->d) ? 0 : 3);
        if (dummy != COR_NONE) {
            snprintf(msg, sizeof msg, "%s: unknown node id '%s' (ids are exact; did you mean %s?)", col,
                     shown(x, sb, sizeof sb), L->net->nodes[dummy].id);
        } else {
            snprintf(msg, sizeof msg, "%s: unknown node id '%s'", col, shown(x, sb, sizeof sb));
            if (sugg[0] != COR_NONE) {
                size_t len = strlen(msg);
                snprintf(msg + len, sizeof msg - len, " (closest: %s%s%s%s%s)", L->net->nodes[sugg[0]].id,
                         sugg[1] != COR_NONE ? ", " : "", sugg[1] != COR_NONE ? L->net->nodes[sugg[1]].id : "",
                         sugg[2] != COR_NONE ? ", " : "", sugg[2] != COR_NONE ? L->net->nodes[sugg[2]].id : "");
            }
        }
        bad(L, x, "%s", msg);
    }
    return n;
}

/* ---- modes ---------------------------------------------------------- */

enum { M_MODE, M_SPEED, M_RATE, M_CO2, M_SCOPE, M_PAYLOAD, M_SOURCE, M_NCOLS };
static const col_spec mode_cols[] = {
    {"mode", 1, 1}, {"speed_kmh", 1, 1}, {"rate_usd_per_teu_km", 1, 1}, {"co2e_g_per_tkm", 1, 1},
    {"scope", 0, 0}, {"payload_t_per_teu", 1, 1}, {"source", 1, 1},
};

static cor_status mode_row(loader *L, const cor_csv_field *f, const int *idx, uint32_t line,
                           uint32_t end_col)
{
    (void)line;
    (void)end_col;
    const cor_csv_field *x = fld(f, idx, M_MODE);
    cor_mode m;
    char sb[64];
    if (cor_mode_parse(x->s, &m) != 0) {
        bad(L, x, "unknown mode '%s' (expected sea, feeder, rail, road, ferry or iww)",
            shown(x, sb, sizeof sb));
        return COR_OK;
    }
    cor_mode_params *p = &L->net->modes[m];
    if (p->defined) {
        bad(L, x, "mode '%s' is defined twice%s", x->s, "");
        return COR_OK;
    }
    cor_mode_params v;
    memset(&v, 0, sizeof v);
    int fault = 0;
    fault |= num(L, fld(f, idx, M_SPEED), "speed_kmh", 0.1, 1000, &v.speed_kmh) < 0;
    fault |= num(L, fld(f, idx, M_RATE), "rate_usd_per_teu_km", 0, 1000, &v.rate_usd_per_teu_km) < 0;
    fault |= num(L, fld(f, idx, M_CO2), "co2e_g_per_tkm", 0, 10000, &v.co2e_g_per_tkm) < 0;
    fault |= num(L, fld(f, idx, M_PAYLOAD), "payload_t_per_teu", 0.1, 40, &v.payload_t_per_teu) < 0;
    x = fld(f, idx, M_SCOPE);
    if (!empty(x) && strcmp(x->s, "WTW") && strcmp(x->s, "TTW")) {
        bad(L, x, "scope must be WTW or TTW, found '%s'", shown(x, sb, sizeof sb));
        fault = 1;
    }
    if (fault)
        return COR_OK;
    v.scope = dup(L, fld(f, idx, M_SCOPE));
    v.source = dup_shared(L, fld(f, idx, M_SOURCE));
    if (!v.scope || !v.source)
        return OOM(L);
    v.defined = 1;
    *p = v;
    return COR_OK;
}

/* ---- emission factors ----------------------------------------------- */

enum { E_ID, E_MODE, E_WTW, E_TTW, E_VERSION, E_DEFAULT, E_SOURCE, E_NCOLS };
static const col_spec factor_cols[] = {
    {"id", 1, 1},      {"mode", 1, 1},    {"wtw_g_per_tkm", 1, 1}, {"ttw_g_per_tkm", 0, 0},
    {"version", 1, 1}, {"default", 0, 0}, {"source", 1, 1},
};

/* yes/no (also 1/0, true/false); 1, 0, or -1 if neither. */
static int yes_no(const char *s)
{
    if (strcmp(s, "yes") == 0 || strcmp(s, "1") == 0 || strcmp(s, "true") == 0)
        return 1;
    if (strcmp(s, "no") == 0 || strcmp(s, "0") == 0 || strcmp(s, "false") == 0)
        return 0;
    return -1;
}

/* A row of the factor table.  A mode may have several (by vessel size or
 * trade lane, named by links with emission_factor); its default is the
 * row marked default = yes, or its only row. */
static cor_status factor_row(loader *L, const cor_csv_field *f, const int *idx, uint32_t line, uint32_t end_col)
{
    (void)line;
    (void)end_col;
    cor_network *net = L->net;
    cor_mode m;
    const cor_csv_field *x = fld(f, idx, E_MODE);
    char sb[64];
    if (cor_mode_parse(x->s, &m) != 0) {
        bad(L, x, "mode: unknown mode '%s' (expected sea, feeder, rail, road, ferry or iww)", shown(x, sb, sizeof sb));
        return COR_OK;
    }
    cor_emission_factor v;
    memset(&v, 0, sizeof v);
    v.mode = m;
    int fault = 0;
    x = fld(f, idx, E_ID);
    for (uint32_t i = 0; i < net->nfactor_rows; i++)
        if (strcmp(net->factor_rows[i].id, x->s) == 0) {
            bad(L, x, "id: a second factor with id '%s'", shown(x, sb, sizeof sb));
            fault = 1;
        }
    fault |= num(L, fld(f, idx, E_WTW), "wtw_g_per_tkm", 0, 10000, &v.wtw_g_per_tkm) < 0;
    int r = num(L, fld(f, idx, E_TTW), "ttw_g_per_tkm", 0, 10000, &v.ttw_g_per_tkm);
    fault |= r < 0;
    if (r == 0 && v.ttw_g_per_tkm > v.wtw_g_per_tkm) {
        bad(L, fld(f, idx, E_TTW), "ttw_g_per_tkm: %s is more than the well-to-wheel value (TTW is part of WTW)",
            fld(f, idx, E_TTW)->s);
        fault = 1;
    }
    if (r == 1)
        v.ttw_g_per_tkm = NAN; /* not given: no TTW/WTT split */
    x = fld(f, idx, E_DEFAULT);
    if (!empty(x)) {
        int yn = yes_no(x->s);
        if (yn < 0) {
            bad(L, x, "default must be yes or no, found '%s'", shown(x, sb, sizeof sb));
            fault = 1;
        }
        v.is_default = yn == 1;
    }
    if (fault)
        return COR_OK;
    if (net->nfactor_rows >= 10000)
        return errat(L, &f[0], COR_ELIMIT, "more than 10000 emission factors");
    int g = grow((void **)&net->factor_rows, &net->cap_factor_rows, net->nfactor_rows + 1, sizeof *net->factor_rows,
                 10000);
    if (g)
        return OOM(L);
    v.id = dup(L, fld(f, idx, E_ID));
    v.version = dup_shared(L, fld(f, idx, E_VERSION));
    v.source = dup_shared(L, fld(f, idx, E_SOURCE));
    if (!v.id || !v.version || !v.source)
        return OOM(L);
    v.defined = 1;
    net->factor_rows[net->nfactor_rows++] = v;
    return COR_OK;
}

/* Each mode's default factor: the row marked default, or the only row.
 * The table is then the source of the mode's intensity. */
static void resolve_factor_defaults(loader *L, const char *file)
{
    cor_network *net = L->net;
    for (int m = 0; m < COR_MODE_COUNT; m++) {
        uint32_t rows = 0, defaults = 0, pick = COR_NONE, last = COR_NONE;
        for (uint32_t i = 0; i < net->nfactor_rows; i++) {
            if (net->factor_rows[i].mode != (cor_mode)m)
                continue;
            rows++;
            last = i;
            if (net->factor_rows[i].is_default) {
                defaults++;
                if (pick == COR_NONE)
                    pick = i;
            }
        }
        if (!rows)
            continue;
        if (defaults > 1 || (defaults == 0 && rows > 1)) {
            cor_diag_add(L->d, COR_EDATA, file, 1, 1,
                         "mode %s has %u factors and %u marked default = yes; mark exactly one", cor_mode_name((cor_mode)m),
                         rows, defaults);
            continue;
        }
        if (pick == COR_NONE)
            pick = last;
        net->factor_rows[pick].is_default = 1;
        net->factors[m] = net->factor_rows[pick];
        net->modes[m].co2e_g_per_tkm = net->factor_rows[pick].wtw_g_per_tkm;
        net->modes[m].scope = "WTW";
    }
}

/* ---- borders -------------------------------------------------------- */

enum { B_ID, B_NODE, B_NAME, B_COUNTRIES, B_DWELL, B_P95, B_FEE, B_SOURCE, B_NCOLS };
static const col_spec border_cols[] = {
    {"id", 1, 1},          {"node", 1, 1},        {"name", 1, 1},   {"countries", 0, 0},
    {"dwell_hours", 1, 1}, {"dwell_p95_hours", 0, 0}, {"fee_usd", 1, 1}, {"source", 1, 1},
};

static cor_status border_row(loader *L, const cor_csv_field *f, const int *idx, uint32_t line,
                             uint32_t end_col)
{
    (void)line;
    (void)end_col;
    cor_network *net = L->net;
    int g = grow((void **)&net->borders, &net->cap_borders, net->nborders + 1, sizeof *net->borders, 1000000);
    if (g == -2)
        return errat(L, &f[0], COR_ELIMIT, "more than 1000000 borders");
    if (g)
        return OOM(L);
    if (L->cap_border_pos < net->cap_borders) {
        cor_csv_field *nl = realloc(L->border_pos, net->cap_borders * sizeof *nl);
        if (!nl)
            return OOM(L);
        L->border_pos = nl;
        L->cap_border_pos = net->cap_borders;
    }
    cor_border b;
    memset(&b, 0, sizeof b);
    int fault = 0;
    const cor_csv_field *x = fld(f, idx, B_ID);
    uint32_t first = u64map_get(&L->border_ids, str_key(x->s));
    if (first != COR_NONE && strcmp(net->borders[first].id, x->s) == 0) {
        char wb[160], sb[64];
        bad(L, x, "duplicate border id '%s' (first at %s)", shown(x, sb, sizeof sb),
            where(&L->border_pos[first], wb, sizeof wb));
        fault = 1;
    }
    if (check_name(L, fld(f, idx, B_NAME), "name", fld(f, idx, B_NAME)->s, fld(f, idx, B_NAME)->len) < 0)
        fault = 1;
    b.node = ref_node(L, fld(f, idx, B_NODE), "node");
    fault |= b.node == COR_NONE;
    fault |= num(L, fld(f, idx, B_DWELL), "dwell_hours", 0, 10000, &b.dwell_hours) < 0;
    b.dwell_p95_hours = b.dwell_hours;
    int r = num(L, fld(f, idx, B_P95), "dwell_p95_hours", 0, 10000, &b.dwell_p95_hours);
    fault |= r < 0;
    if (r == 0 && b.dwell_p95_hours < b.dwell_hours) {
        bad(L, fld(f, idx, B_P95), "dwell_p95_hours must not be below dwell_hours%s", "");
        fault = 1;
    }
    fault |= num(L, fld(f, idx, B_FEE), "fee_usd", 0, 1e7, &b.fee_usd) < 0;
    if (fault)
        return COR_OK;
    b.id = dup(L, fld(f, idx, B_ID));
    b.name = dup(L, fld(f, idx, B_NAME));
    b.countries = dup_shared(L, fld(f, idx, B_COUNTRIES));
    b.source = dup_shared(L, fld(f, idx, B_SOURCE));
    if (!b.id || !b.name || !b.countries || !b.source)
        return OOM(L);
    L->border_pos[net->nborders] = f[B_ID];
    L->border_pos[net->nborders].s = NULL;
    if (u64map_put(&L->border_ids, str_key(b.id), net->nborders) != 0)
        return OOM(L);
    net->borders[net->nborders++] = b;
    return COR_OK;
}

/* ---- sea lanes ------------------------------------------------------ */

enum { S_FROM, S_TO, S_DIST, S_FIXH, S_FIXUSD, S_PASSAGES, S_SOURCE, S_NCOLS };
static const col_spec lane_cols[] = {
    {"from", 1, 1},      {"to", 1, 1},       {"distance_km", 0, 0}, {"fixed_hours", 0, 0},
    {"fixed_usd", 0, 0}, {"passages", 0, 0}, {"source", 1, 1},
};

static cor_status lane_row(loader *L, const cor_csv_field *f, const int *idx, uint32_t line,
                           uint32_t end_col)
{
    (void)line;
    (void)end_col;
    cor_network *net = L->net;
    int g = grow((void **)&net->lanes, &net->cap_lanes, net->nlanes + 1, sizeof *net->lanes, COR_MAX_LINKS);
    if (g == -2)
        return errat(L, &f[0], COR_ELIMIT, "more than %u sea lanes", COR_MAX_LINKS);
    if (g)
        return OOM(L);
    cor_lane ln;
    memset(&ln, 0, sizeof ln);
    int fault = 0;
    ln.from = ref_node(L, fld(f, idx, S_FROM), "from");
    ln.to = ref_node(L, fld(f, idx, S_TO), "to");
    fault |= ln.from == COR_NONE || ln.to == COR_NONE;
    if (!fault && ln.from == ln.to) {
        bad(L, fld(f, idx, S_TO), "sea lane goes from node '%s' to itself", fld(f, idx, S_TO)->s);
        fault = 1;
    }
    int r = num(L, fld(f, idx, S_DIST), "distance_km", 0.001, 40000, &ln.distance_km);
    fault |= r < 0;
    if (r == 1 && !fault) {
        const cor_node *a = &net->nodes[ln.from], *b = &net->nodes[ln.to];
        ln.distance_km = cor_great_circle_km(a->lat, a->lon, b->lat, b->lon);
        if (ln.distance_km < 0.001)
            ln.distance_km = 0.001;
    }
    fault |= num(L, fld(f, idx, S_FIXH), "fixed_hours", 0, 10000, &ln.fixed_hours) < 0;
    fault |= num(L, fld(f, idx, S_FIXUSD), "fixed_usd", 0, 1e7, &ln.fixed_usd) < 0;
    if (passages(L, fld(f, idx, S_PASSAGES), &ln.passages) < 0)
        fault = 1;
    if (fault)
        return COR_OK;
    ln.passages |= net->nodes[ln.from].passages | net->nodes[ln.to].passages;
    ln.source = dup_shared(L, fld(f, idx, S_SOURCE));
    if (!ln.source)
        return OOM(L);
    net->lanes[net->nlanes++] = ln;
    return COR_OK;
}

/* ---- links ---------------------------------------------------------- */

enum {
    L_ID, L_FROM, L_TO, L_MODE, L_GAUGE, L_DIST, L_SPEED, L_RATE, L_CO2, L_FIXH, L_FIXUSD,
    L_HEADWAY, L_CAP, L_STATUS, L_OPEN, L_CLOSE, L_BORDER, L_PASSAGES, L_WAYPOINTS, L_CORRIDORS, L_ONEWAY,
    L_SOURCE, L_ASOF, L_WAIT, L_OPERATOR, L_FACTOR, L_CAPT, L_CAPBASIS, L_NCOLS
};
static const col_spec link_cols[] = {
    {"id", 1, 1},           {"from", 1, 1},          {"to", 1, 1},
    {"mode", 1, 1},         {"gauge_mm", 0, 0},      {"distance_km", 1, 0},
    {"speed_kmh", 0, 0},    {"rate_usd_per_teu_km", 0, 0}, {"co2e_g_per_tkm", 0, 0},
    {"fixed_hours", 0, 0},  {"fixed_usd", 0, 0},     {"headway_hours", 0, 0},
    {"capacity_teu_per_year", 0, 0}, {"status", 0, 0}, {"open_year", 0, 0},
    {"close_year", 0, 0},   {"border", 0, 0},        {"passages", 0, 0},
    {"waypoints", 0, 0},
    {"corridors", 0, 0},    {"oneway", 0, 0},        {"source", 1, 1},
    {"status_as_of", 0, 0}, {"wait_hours", 0, 0},    {"operator", 0, 0},
    {"emission_factor", 0, 0}, {"capacity_t_per_year", 0, 0}, {"capacity_basis", 0, 0},
};
static const long known_gauges[] = {600, 750, 760, 891, 914, 1000, 1067, 1372, 1435, 1520, 1524, 1600, 1668, 1676, 0};
static const char *const statuses[] = {"open", "irregular", "planned", "construction", "suspended", "closed", NULL};

/* A date as written in the sources: YYYY, YYYY-MM or YYYY-MM-DD. */
static int valid_date(const char *s, size_t len)
{
    if (len != 4 && len != 7 && len != 10)
        return 0;
    for (size_t i = 0; i < len; i++) {
        int dash = i == 4 || i == 7;
        if (dash ? s[i] != '-' : !isdigit((unsigned char)s[i]))
            return 0;
    }
    if (len >= 7) {
        int mo = (s[5] - '0') * 10 + (s[6] - '0');
        if (mo < 1 || mo > 12)
            return 0;
    }
    if (len == 10) {
        int dd = (s[8] - '0') * 10 + (s[9] - '0');
        if (dd < 1 || dd > 31)
            return 0;
    }
    return 1;
}

/* The driving rule for a road link: its origin's country, else its
 * destination's, else "*"; NULL when driving_rules.csv has none. */
static const cor_driving_rule *driving_rule(const cor_network *net, const cor_link *k)
{
    const cor_driving_rule *any = NULL;
    const char *c1 = net->nodes[k->from].country, *c2 = net->nodes[k->to].country;
    for (int pass = 0; pass < 2; pass++) {
        const char *c = pass ? c2 : c1;
        for (uint32_t i = 0; c && *c && i < net->ndriving; i++)
            if (strcmp(net->driving[i].country, c) == 0)
                return &net->driving[i];
    }
    for (uint32_t i = 0; i < net->ndriving; i++)
        if (strcmp(net->driving[i].country, "*") == 0)
            any = &net->driving[i];
    return any;
}

/* The rate rule for a link of mode m between nodes in one country; NULL
 * for a link that crosses a border or when rates.csv has no such row. */
static const cor_rate_rule *rate_rule(const cor_network *net, cor_mode m, uint32_t from, uint32_t to)
{
    const char *c1 = net->nodes[from].country, *c2 = net->nodes[to].country;
    if (!c1 || !c2 || !*c1 || strcmp(c1, c2) != 0)
        return NULL;
    for (uint32_t i = 0; i < net->nrates; i++)
        if (net->rates[i].mode == m && strcmp(net->rates[i].country, c1) == 0)
            return &net->rates[i];
    return NULL;
}

/* Grow the per-link arrays the loader keeps beside net->links for one
 * more link (at index net->nlinks).  COR_OK, or ELIMIT/ENOMEM reported. */
static cor_status link_slot(loader *L, const cor_csv_field *at)
{
    cor_network *net = L->net;
    int g = grow((void **)&net->links, &net->cap_links, net->nlinks + 1, sizeof *net->links, COR_MAX_LINKS);
    if (g == -2)
        return errat(L, at, COR_ELIMIT, "more than %u links", COR_MAX_LINKS);
    if (g)
        return OOM(L);
    if (L->cap_link_pos < net->cap_links) {
        cor_csv_field *nl = realloc(L->link_pos, net->cap_links * sizeof *nl);
        if (!nl)
            return OOM(L);
        L->link_pos = nl;
        char **nb = realloc(L->link_border_ref, net->cap_links * sizeof *nb);
        if (!nb)
            return OOM(L);
        L->link_border_ref = nb;
        cor_csv_field *bp = realloc(L->link_border_pos, net->cap_links * sizeof *bp);
        if (!bp)
            return OOM(L);
        L->link_border_pos = bp;
        L->cap_link_pos = net->cap_links;
    }
    L->link_border_ref[net->nlinks] = NULL;
    memset(&L->link_border_pos[net->nlinks], 0, sizeof L->link_border_pos[net->nlinks]);
    L->link_pos[net->nlinks] = *at;
    L->link_pos[net->nlinks].s = NULL;
    return COR_OK;
}

static cor_status link_row(loader *L, const cor_csv_field *f, const int *idx, uint32_t line,
                           uint32_t end_col)
{
    (void)line;
    (void)end_col;
    cor_network *net = L->net;
    cor_status ls = link_slot(L, &f[0]);
    if (ls != COR_OK)
        return ls;

    cor_link k;
    memset(&k, 0, sizeof k);
    k.border = COR_NONE;
    k.service = COR_NONE;
    int fault = 0;
    char sb[64];
    const cor_csv_field *x;
    k.from = ref_node(L, fld(f, idx, L_FROM), "from");
    k.to = ref_node(L, fld(f, idx, L_TO), "to");
    fault |= k.from == COR_NONE || k.to == COR_NONE;
    if (!fault && k.from == k.to) {
        bad(L, fld(f, idx, L_TO), "link goes from node '%s' to itself%s", fld(f, idx, L_TO)->s, "");
        fault = 1;
    }
    x = fld(f, idx, L_MODE);
    int mode_ok = cor_mode_parse(x->s, &k.mode) == 0;
    if (!mode_ok) {
        bad(L, x, "unknown mode '%s' (expected sea, feeder, rail, road, ferry or iww)", shown(x, sb, sizeof sb));
        fault = 1;
    } else if (!net->modes[k.mode].defined) {
        bad(L, x, "mode '%s' has no row in modes.csv%s", x->s, "");
        fault = 1;
        mode_ok = 0;
    }
    long gauge = 0;
    x = fld(f, idx, L_GAUGE);
    int gr = integer(L, x, "gauge_mm", 1, 3000, &gauge);
    fault |= gr < 0;
    if (mode_ok && k.mode == COR_MODE_RAIL && gr == 1) {
        bad(L, x, "gauge_mm is required for a rail link (e.g. 1435 or 1520)");
        fault = 1;
    } else if (mode_ok && k.mode != COR_MODE_RAIL && k.mode != COR_MODE_FERRY && gr == 0) {
        bad(L, x, "gauge_mm is only for rail links and rail ferries, but this link's mode is %s", cor_mode_name(k.mode));
        fault = 1;
    } else if (gr == 0) {
        int known = 0;
        for (const long *p = known_gauges; *p; p++)
            known |= *p == gauge;
        if (!known) {
            bad(L, x, "unknown gauge %s mm (expected a track gauge in use, e.g. 1000, 1067, 1435, 1520, 1676)",
                x->s);
            fault = 1;
        }
    }
    k.gauge_mm = (uint16_t)gauge;
    /* waypoints: '|'-separated node ids between from and to */
    x = fld(f, idx, L_WAYPOINTS);
    uint32_t wp[COR_MAX_WAYPOINTS];
    uint32_t nwp = 0;
    int auto_lanes = !empty(x) && strcmp(x->s, "auto") == 0;
    if (auto_lanes) {
        if (mode_ok && k.mode != COR_MODE_SEA && k.mode != COR_MODE_FEEDER && k.mode != COR_MODE_FERRY &&
            k.mode != COR_MODE_IWW) {
            bad(L, x, "waypoints are only for sea, feeder, ferry and iww links");
            fault = 1;
        } else if (!empty(fld(f, idx, L_DIST))) {
            bad(L, x, "waypoints 'auto' takes its distance from the sea lanes; leave distance_km empty");
            fault = 1;
        }
    } else if (!empty(x)) {
        const char *p = x->s;
        while (*p && !fault) {
            const char *e = strchr(p, '|');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            if (nwp >= COR_MAX_WAYPOINTS) {
                errat(L, x, COR_ELIMIT, "more than %u waypoints", COR_MAX_WAYPOINTS);
                fault = 1;
                break;
            }
            char id[64];
            snprintf(id, sizeof id, "%.*s", (int)(len > 63 ? 63 : len), p);
            cor_csv_field tmp = *x;
            tmp.s = id;
            tmp.len = strlen(id);
            uint32_t n = ref_node(L, &tmp, "waypoints");
            if (n == COR_NONE)
                fault = 1;
            else
                wp[nwp++] = n;
            p = e ? e + 1 : p + len;
        }
        if (mode_ok && !fault && k.mode != COR_MODE_SEA && k.mode != COR_MODE_FEEDER && k.mode != COR_MODE_FERRY &&
            k.mode != COR_MODE_IWW) {
            bad(L, x, "waypoints are only for sea, feeder, ferry and iww links");
            fault = 1;
        }
    }
    x = fld(f, idx, L_DIST);
    int dr = num(L, x, "distance_km", 0.001, 40000, &k.distance_km);
    fault |= dr < 0;
    /* a service that follows the lanes is routed over them once all links
     * are read, all such services together (route_auto_links) */
    if (auto_lanes && !fault) {
        k.distance_computed = 1;
        k.auto_lanes = 1;
    }
    /* no path is shorter than the great circle between its ends: a given
     * distance below it means a wrong distance or wrong coordinates
     * (tolerance: 1 % and 1 km, for coordinates rounded to 0.01 degree) */
    if (dr == 0 && !fault && k.from != COR_NONE && k.to != COR_NONE && !isnan(net->nodes[k.from].lat) &&
        !isnan(net->nodes[k.to].lat)) {
        const cor_node *a = &net->nodes[k.from], *b = &net->nodes[k.to];
        double gc = cor_great_circle_km(a->lat, a->lon, b->lat, b->lon);
        if (k.distance_km < gc * 0.99 - 1.0) {
            bad(L, x, "distance_km: %g km is shorter than the great circle between %s and %s (%.1f km): the distance "
                      "or the coordinates are wrong", k.distance_km, a->id, b->id, gc);
            fault = 1;
        }
    }
    if (dr == 1 && mode_ok && !fault && !auto_lanes) {
        if (k.mode == COR_MODE_SEA || k.mode == COR_MODE_FEEDER || k.mode == COR_MODE_FERRY) {
            uint32_t prev = k.from;
            k.distance_km = 0;
            for (uint32_t i = 0; i <= nwp; i++) {
                uint32_t next = i < nwp ? wp[i] : k.to;
                const cor_node *a = &net->nodes[prev], *b = &net->nodes[next];
                k.distance_km += cor_great_circle_km(a->lat, a->lon, b->lat, b->lon);
                prev = next;
            }
            k.distance_computed = 1;
            if (k.distance_km < 0.001)
                k.distance_km = 0.001;
        } else {
            bad(L, x, "distance_km is required for a %s link (only sea, feeder and ferry distances "
                      "may be left blank to use the great circle)", cor_mode_name(k.mode));
            fault = 1;
        }
    }
    const cor_mode_params *mp = mode_ok ? &net->modes[k.mode] : NULL;
    if (mp) {
        k.speed_kmh = mp->speed_kmh;
        k.rate_usd_per_teu_km = mp->rate_usd_per_teu_km;
        k.co2e_g_per_tkm = mp->co2e_g_per_tkm;
        if (!fault) {
            const cor_rate_rule *rr = rate_rule(net, k.mode, k.from, k.to);
            if (rr)
                k.rate_usd_per_teu_km = rr->rate_usd_per_teu_km;
        }
    }
    fault |= num(L, fld(f, idx, L_SPEED), "speed_kmh", 0.1, 1000, &k.speed_kmh) < 0;
    fault |= num(L, fld(f, idx, L_RATE), "rate_usd_per_teu_km", 0, 1000, &k.rate_usd_per_teu_km) < 0;
    fault |= num(L, fld(f, idx, L_CO2), "co2e_g_per_tkm", 0, 10000, &k.co2e_g_per_tkm) < 0;
    fault |= num(L, fld(f, idx, L_FIXH), "fixed_hours", 0, 10000, &k.fixed_hours) < 0;
    fault |= num(L, fld(f, idx, L_FIXUSD), "fixed_usd", 0, 1e7, &k.fixed_usd) < 0;
    k.own_fixed_hours = k.fixed_hours;
    k.own_fixed_usd = k.fixed_usd;
    fault |= num(L, fld(f, idx, L_HEADWAY), "headway_hours", 0, 10000, &k.headway_hours) < 0;
    k.wait_hours = k.headway_hours / 2.0; /* a container arrives at random: half a headway */
    int wr = num(L, fld(f, idx, L_WAIT), "wait_hours", 0, COR_MAX_HOURS, &k.wait_hours);
    fault |= wr < 0;
    fault |= num(L, fld(f, idx, L_CAP), "capacity_teu_per_year", 0, 1e9, &k.capacity_teu_per_year) < 0;
    fault |= num(L, fld(f, idx, L_CAPT), "capacity_t_per_year", 0, 1e10, &k.capacity_t_per_year) < 0;
    k.factor = COR_NONE;
    x = fld(f, idx, L_FACTOR);
    if (!empty(x)) {
        for (uint32_t i = 0; i < net->nfactor_rows && k.factor == COR_NONE; i++)
            if (strcmp(net->factor_rows[i].id, x->s) == 0)
                k.factor = i;
        if (k.factor == COR_NONE) {
            bad(L, x, "emission_factor: no row of emission_factors.csv has the id '%s'", shown(x, sb, sizeof sb));
            fault = 1;
        } else if (!empty(fld(f, idx, L_CO2))) {
            bad(L, x, "emission_factor: give either co2e_g_per_tkm or emission_factor, not both");
            fault = 1;
        } else {
            k.co2e_g_per_tkm = net->factor_rows[k.factor].wtw_g_per_tkm;
        }
    }
    x = fld(f, idx, L_ASOF);
    if (!empty(x) && !valid_date(x->s, x->len)) {
        bad(L, x, "status_as_of must be a date YYYY, YYYY-MM or YYYY-MM-DD, found '%s'", shown(x, sb, sizeof sb));
        fault = 1;
    }
    long y;
    int yr = integer(L, fld(f, idx, L_OPEN), "open_year", 1800, 2200, &y);
    fault |= yr < 0;
    if (yr == 0)
        k.open_year = (int)y;
    yr = integer(L, fld(f, idx, L_CLOSE), "close_year", 1800, 2200, &y);
    fault |= yr < 0;
    if (yr == 0)
        k.close_year = (int)y;
    if (k.open_year && k.close_year && k.close_year <= k.open_year) {
        bad(L, fld(f, idx, L_CLOSE), "close_year must be after open_year%s", "");
        fault = 1;
    }
    x = fld(f, idx, L_STATUS);
    if (!empty(x)) {
        if (!one_of(x->s, statuses)) {
            bad(L, x, "unknown status '%s' (expected open, planned, construction or closed)",
                shown(x, sb, sizeof sb));
            fault = 1;
        } else if ((strcmp(x->s, "planned") == 0 || strcmp(x->s, "construction") == 0) && !k.open_year) {
            bad(L, x, "a %s link needs an open_year (the year it is expected to open)", x->s);
            fault = 1;
        } else if (strcmp(x->s, "closed") == 0 && !k.close_year) {
            bad(L, x, "a closed link needs a close_year%s", "");
            fault = 1;
        } else if (strcmp(x->s, "suspended") == 0 && !k.close_year) {
            bad(L, x, "a suspended service needs a close_year: the year it stopped (a scenario reopens it)");
            fault = 1;
        } else if (strcmp(x->s, "irregular") == 0 && wr != 0) {
            bad(L, x, "an irregular service needs wait_hours: the expected wait for a departure");
            fault = 1;
        }
    }
    x = fld(f, idx, L_ONEWAY);
    if (!empty(x)) {
        if (strcmp(x->s, "yes") == 0 || strcmp(x->s, "1") == 0 || strcmp(x->s, "true") == 0)
            k.oneway = 1;
        else if (strcmp(x->s, "no") && strcmp(x->s, "0") && strcmp(x->s, "false")) {
            bad(L, x, "oneway must be yes or no, found '%s'", shown(x, sb, sizeof sb));
            fault = 1;
        }
    }
    uint64_t own_passages = 0;
    if (passages(L, fld(f, idx, L_PASSAGES), &own_passages) < 0)
        fault = 1;
    k.passages |= own_passages;
    k.own_passages = own_passages;
    for (uint32_t i = 0; i < nwp; i++)
        k.passages |= net->nodes[wp[i]].passages;
    x = fld(f, idx, L_ID);
    for (size_t i = 0; i < x->len; i++)
        if (!(isalnum((unsigned char)x->s[i]) || x->s[i] == '-' || x->s[i] == '_')) {
            bad(L, x, "link id '%s' may contain only letters, digits, '-' and '_'", shown(x, sb, sizeof sb));
            fault = 1;
            break;
        }
    if (mode_ok && !fault) {
        uint32_t c = cor_network_class_intern(net, k.mode, k.gauge_mm);
        if (c == COR_NONE) {
            errat(L, &f[0], COR_ELIMIT, "more than %u mode classes", COR_MAX_CLASSES);
            return COR_ELIMIT;
        }
        k.cls = (uint8_t)c;
    }
    if (fault) {
        L->link_faults++;
        return COR_OK;
    }
    x = fld(f, idx, L_BORDER);
    L->link_border_pos[net->nlinks] = *x;
    L->link_border_pos[net->nlinks].s = NULL; /* the text does not outlive the record */
    if (!empty(x)) {
        L->link_border_ref[net->nlinks] = (char *)dup(L, x);
        if (!L->link_border_ref[net->nlinks])
            return OOM(L);
    }
    if (nwp) {
        uint32_t *w = cor_arena_alloc(&net->arena, nwp * sizeof *w);
        if (!w)
            return OOM(L);
        memcpy(w, wp, nwp * sizeof *w);
        k.waypoints = w;
        k.nwaypoints = nwp;
    }
    k.id = dup(L, fld(f, idx, L_ID));
    k.status = empty(fld(f, idx, L_STATUS)) ? "open" : dup_shared(L, fld(f, idx, L_STATUS));
    k.corridors = dup_shared(L, fld(f, idx, L_CORRIDORS));
    k.source = dup_shared(L, fld(f, idx, L_SOURCE));
    k.status_as_of = dup_shared(L, fld(f, idx, L_ASOF));
    k.operator_name = dup_shared(L, fld(f, idx, L_OPERATOR));
    k.capacity_basis = dup_shared(L, fld(f, idx, L_CAPBASIS));
    if (!k.id || !k.status || !k.corridors || !k.source || !k.status_as_of || !k.operator_name || !k.capacity_basis)
        return OOM(L);
    if (k.mode == COR_MODE_ROAD) {
        const cor_driving_rule *rule = driving_rule(net, &k);
        k.rest_per_drive_hour = rule ? rule->rest_hours_per_day / rule->drive_hours_per_day : 0;
    }
    if (k.auto_lanes) {
        if (L->npending == L->cap_pending) {
            size_t cap = L->cap_pending ? L->cap_pending * 2 : 64;
            pending_lane *np = realloc(L->pending, cap * sizeof *np);
            if (!np)
                return OOM(L);
            L->pending = np;
            L->cap_pending = cap;
        }
        L->pending[L->npending].link = net->nlinks;
        L->pending[L->npending].pos = *fld(f, idx, L_WAYPOINTS);
        L->pending[L->npending].pos.s = NULL;
        L->pending[L->npending].id_pos = f[L_ID];
        L->pending[L->npending].id_pos.s = NULL;
        L->npending++;
    }
    /* border reference position is kept as the line; column via idx */
    L->link_pos[net->nlinks] = f[L_ID];
    L->link_pos[net->nlinks].s = NULL;
    net->links[net->nlinks++] = k;
    return COR_OK;
}

/* Route every service that follows the lanes (waypoints = auto), all at
 * once: one lane search per distinct origin (cor_sea_route_batch). */
static cor_status route_auto_links(loader *L)
{
    cor_network *net = L->net;
    size_t n = L->npending;
    if (!n)
        return COR_OK;
    uint32_t *from = malloc(n * sizeof *from), *to = malloc(n * sizeof *to);
    cor_sea_path *sp = calloc(n, sizeof *sp);
    cor_status *st = malloc(n * sizeof *st);
    cor_status res = COR_OK;
    if (!from || !to || !sp || !st) {
        res = OOM(L);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        from[i] = net->links[L->pending[i].link].from;
        to[i] = net->links[L->pending[i].link].to;
    }
    if (cor_sea_route_batch(net, from, to, n, 0, sp, st) != COR_OK) {
        res = OOM(L);
        goto done;
    }
    for (size_t i = 0; i < n && res == COR_OK; i++) {
        cor_link *k = &net->links[L->pending[i].link];
        if (st[i] != COR_OK) {
            bad(L, &L->pending[i].pos, "waypoints: no sea lane in sealanes.csv connects %s to %s",
                net->nodes[k->from].id, net->nodes[k->to].id);
            continue;
        }
        if (sp[i].nwaypoints > COR_MAX_WAYPOINTS) {
            errat(L, &L->pending[i].id_pos, COR_ELIMIT, "lane path has more than %u waypoints", COR_MAX_WAYPOINTS);
            continue;
        }
        k->distance_km = sp[i].distance_km;
        k->fixed_hours += sp[i].fixed_hours;
        k->fixed_usd += sp[i].fixed_usd;
        k->passages |= sp[i].passages;
        if (sp[i].nwaypoints) {
            uint32_t *w = cor_arena_alloc(&net->arena, sp[i].nwaypoints * sizeof *w);
            if (!w) {
                res = OOM(L);
                break;
            }
            memcpy(w, sp[i].waypoints, sp[i].nwaypoints * sizeof *w);
            k->waypoints = w;
            k->nwaypoints = sp[i].nwaypoints;
            for (uint32_t j = 0; j < sp[i].nwaypoints; j++)
                k->passages |= net->nodes[w[j]].passages;
        }
    }
done:
    for (size_t i = 0; sp && st && i < n; i++)
        cor_sea_path_destroy(&sp[i]);
    free(from);
    free(to);
    free(sp);
    free(st);
    return res;
}

/* ---- liner services ------------------------------------------------- */

/* A service (services.csv) is checked, kept, and expanded into links: one
 * oneway link for every ordered pair of its ports in call order (round
 * the loop, or forward on a one-way service), through the calls between
 * them.  A loop that calls at a port twice gives each pair once, by the
 * shortest run of calls.  O(P^2) links for P ports (P <= COR_MAX_ROTATION);
 * one lane search per leg of the rotation (the memo). */
enum {
    V_ID, V_NAME, V_OPERATOR, V_MODE, V_ROTATION, V_LOOP, V_HEADWAY, V_WAIT, V_CALLH, V_SPEED, V_RATE, V_FACTOR,
    V_STATUS, V_OPEN, V_CLOSE, V_ASOF, V_CORRIDORS, V_SOURCE, V_NCOLS
};
static const col_spec service_cols[] = {
    {"id", 1, 1},           {"name", 1, 1},          {"operator", 0, 0},        {"mode", 0, 0},
    {"rotation", 1, 1},     {"loop", 1, 1},          {"headway_hours", 1, 1},   {"wait_hours", 0, 0},
    {"port_call_hours", 1, 1}, {"speed_kmh", 0, 0},  {"rate_usd_per_teu_km", 0, 0},
    {"emission_factor", 0, 0}, {"status", 0, 0},
    {"open_year", 0, 0},    {"close_year", 0, 0},    {"status_as_of", 0, 0},    {"corridors", 0, 0},
    {"source", 1, 1},
};

/* The link of service v from ports[i] to ports[j] through the ports
 * between them in call order. */
static cor_status service_link(loader *L, const cor_service *v, uint32_t vi, uint32_t i, uint32_t j,
                               const cor_csv_field *at)
{
    cor_network *net = L->net;
    uint32_t calls[COR_MAX_ROTATION], nc = 0;
    for (uint32_t k = (i + 1) % v->nports; k != j; k = (k + 1) % v->nports)
        calls[nc++] = v->ports[k];
    /* a pair met again (a loop calling twice at a port) keeps its
     * shortest run of calls */
    for (uint32_t l = v->first_link; l < net->nlinks; l++) {
        cor_link *o = &net->links[l];
        if (o->from == v->ports[i] && o->to == v->ports[j]) {
            if (o->ncalls <= nc)
                return COR_OK;
            o->ncalls = COR_NONE; /* replaced below */
        }
    }
    cor_sea_path sp;
    uint32_t kept;
    cor_status s = cor_sea_route_calls(net, v->ports[i], calls, nc, v->ports[j], 0, L->memo, &sp, &kept);
    if (s == COR_ENOMEM)
        return OOM(L);
    if (s != COR_OK) /* every leg was routed before: cannot happen */
        return errat(L, at, COR_EINTERNAL, "service %s: no lane path from %s to %s", v->id,
                     net->nodes[v->ports[i]].id, net->nodes[v->ports[j]].id);
    if (sp.nwaypoints > COR_MAX_WAYPOINTS) {
        cor_sea_path_destroy(&sp);
        return errat(L, at, COR_ELIMIT, "service %s: the lane path from %s to %s has more than %u waypoints",
                     v->id, net->nodes[v->ports[i]].id, net->nodes[v->ports[j]].id, COR_MAX_WAYPOINTS);
    }
    cor_link k;
    memset(&k, 0, sizeof k);
    const cor_mode_params *mp = &net->modes[v->mode];
    k.from = v->ports[i];
    k.to = v->ports[j];
    k.mode = v->mode;
    k.cls = (uint8_t)cor_network_class_intern(net, v->mode, 0);
    k.border = COR_NONE;
    k.service = vi;
    k.oneway = 1;
    k.auto_lanes = 1;
    k.distance_computed = 1;
    k.speed_kmh = mp->speed_kmh;
    const cor_rate_rule *rr = rate_rule(net, v->mode, k.from, k.to);
    k.rate_usd_per_teu_km = rr ? rr->rate_usd_per_teu_km : mp->rate_usd_per_teu_km;
    k.co2e_g_per_tkm = v->factor != COR_NONE ? net->factor_rows[v->factor].wtw_g_per_tkm : mp->co2e_g_per_tkm;
    k.factor = v->factor;
    k.headway_hours = v->headway_hours;
    k.wait_hours = v->wait_hours;
    k.call_hours = v->port_call_hours;
    k.ncalls = nc;
    k.own_fixed_hours = nc * v->port_call_hours;
    k.fixed_hours = k.own_fixed_hours + sp.fixed_hours;
    k.fixed_usd = sp.fixed_usd;
    k.distance_km = sp.distance_km;
    k.passages = sp.passages;
    k.status = v->status;
    k.status_as_of = v->status_as_of;
    k.operator_name = v->operator_name;
    k.source = v->source;
    k.corridors = v->corridors;
    k.capacity_basis = "";
    char id[3 * 64 + 4];
    snprintf(id, sizeof id, "%s:%s:%s", v->id, net->nodes[k.from].id, net->nodes[k.to].id);
    k.id = cor_arena_strdup(&net->arena, id, strlen(id));
    uint32_t *c = nc ? cor_arena_alloc(&net->arena, nc * sizeof *c) : NULL;
    uint32_t *w = sp.nwaypoints ? cor_arena_alloc(&net->arena, sp.nwaypoints * sizeof *w) : NULL;
    if (!k.id || (nc && !c) || (sp.nwaypoints && !w)) {
        cor_sea_path_destroy(&sp);
        return OOM(L);
    }
    if (nc)
        memcpy(c, calls, nc * sizeof *c);
    if (sp.nwaypoints)
        memcpy(w, sp.waypoints, sp.nwaypoints * sizeof *w);
    k.calls = c;
    k.waypoints = w;
    k.nwaypoints = sp.nwaypoints;
    cor_sea_path_destroy(&sp);
    /* the longer run of a pair met before gives way to this one */
    for (uint32_t l = v->first_link; l < net->nlinks; l++)
        if (net->links[l].ncalls == COR_NONE) {
            net->links[l] = k;
            return COR_OK;
        }
    s = link_slot(L, at);
    if (s != COR_OK)
        return s;
    net->links[net->nlinks++] = k;
    return COR_OK;
}

static cor_status service_row(loader *L, const cor_csv_field *f, const int *idx, uint32_t line, uint32_t end_col)
{
    (void)line;
    (void)end_col;
    cor_network *net = L->net;
    cor_service v;
    memset(&v, 0, sizeof v);
    v.factor = COR_NONE;
    v.mode = COR_MODE_SEA;
    int fault = 0;
    char sb[64];
    const cor_csv_field *x = fld(f, idx, V_ID);
    for (size_t i = 0; i < x->len; i++)
        if (!(isalnum((unsigned char)x->s[i]) || x->s[i] == '-' || x->s[i] == '_')) {
            bad(L, x, "service id '%s' may contain only letters, digits, '-' and '_'", shown(x, sb, sizeof sb));
            fault = 1;
            break;
        }
    if (!fault && x->len > 40) {
        bad(L, x, "service id '%s' is longer than 40 bytes", shown(x, sb, sizeof sb));
        fault = 1;
    }
    if (!fault && cor_network_find_service(net, x->s) != COR_NONE) {
        bad(L, x, "duplicate service id '%s'", shown(x, sb, sizeof sb));
        fault = 1;
    }
    fault |= check_name(L, fld(f, idx, V_NAME), "name", fld(f, idx, V_NAME)->s, fld(f, idx, V_NAME)->len) < 0;
    x = fld(f, idx, V_MODE);
    if (!empty(x)) {
        if (cor_mode_parse(x->s, &v.mode) != 0 || (v.mode != COR_MODE_SEA && v.mode != COR_MODE_FEEDER)) {
            bad(L, x, "mode: a liner service is sea or feeder, found '%s'", shown(x, sb, sizeof sb));
            fault = 1;
        }
    }
    if (!fault && !net->modes[v.mode].defined) {
        bad(L, x, "mode '%s' has no row in modes.csv", cor_mode_name(v.mode));
        fault = 1;
    }
    /* rotation: node ids in call order */
    x = fld(f, idx, V_ROTATION);
    uint32_t ports[COR_MAX_ROTATION];
    uint32_t np = 0;
    int rot_ok = 1;
    for (const char *p = x->s; rot_ok;) {
        const char *e = strchr(p, '|');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (np >= COR_MAX_ROTATION) {
            errat(L, x, COR_ELIMIT, "rotation: more than %u ports", COR_MAX_ROTATION);
            rot_ok = 0;
            break;
        }
        char id[64];
        snprintf(id, sizeof id, "%.*s", (int)(len > 63 ? 63 : len), p);
        cor_csv_field tmp = *x; /* the port itself, for messages */
        tmp.s = id;
        tmp.len = strlen(id);
        if (!x->json_path && x->line)
            tmp.col = x->col + (uint32_t)(p - x->s);
        uint32_t n = len ? ref_node(L, &tmp, "rotation") : COR_NONE;
        if (!len)
            bad(L, &tmp, "rotation: an empty port id (ports are separated by single '|')");
        if (n == COR_NONE) {
            rot_ok = 0;
            break;
        }
        if (np && ports[np - 1] == n) {
            bad(L, &tmp, "rotation: %s follows itself (a service calls at another port in between)", id);
            rot_ok = 0;
            break;
        }
        ports[np++] = n;
        if (!e)
            break;
        p = e + 1;
    }
    if (rot_ok && np < 2) {
        bad(L, x, "rotation: a service calls at two ports at least, found %u ('%s'; separate ports with '|')", np,
            shown(x, sb, sizeof sb));
        rot_ok = 0;
    }
    x = fld(f, idx, V_LOOP);
    int yn = yes_no(x->s);
    if (yn < 0) {
        bad(L, x, "loop must be yes (a round voyage) or no (one way), found '%s'", shown(x, sb, sizeof sb));
        fault = 1;
    }
    v.loop = yn == 1;
    if (rot_ok && v.loop && ports[np - 1] == ports[0]) {
        bad(L, fld(f, idx, V_ROTATION), "rotation: a loop returns to its first port by itself; do not list %s again "
                                         "at the end", net->nodes[ports[0]].id);
        rot_ok = 0;
    }
    fault |= !rot_ok;
    fault |= num(L, fld(f, idx, V_HEADWAY), "headway_hours", 1, COR_MAX_HOURS, &v.headway_hours) < 0;
    v.wait_hours = v.headway_hours / 2.0;
    int wr = num(L, fld(f, idx, V_WAIT), "wait_hours", 0, COR_MAX_HOURS, &v.wait_hours);
    fault |= wr < 0;
    fault |= num(L, fld(f, idx, V_CALLH), "port_call_hours", 0, COR_MAX_HOURS, &v.port_call_hours) < 0;
    double speed = 0, rate = 0;
    int sr = num(L, fld(f, idx, V_SPEED), "speed_kmh", COR_MIN_SPEED_KMH, COR_MAX_SPEED_KMH, &speed);
    fault |= sr < 0;
    int rr = num(L, fld(f, idx, V_RATE), "rate_usd_per_teu_km", 0, COR_MAX_RATE, &rate);
    fault |= rr < 0;
    x = fld(f, idx, V_FACTOR);
    if (!empty(x)) {
        for (uint32_t i = 0; i < net->nfactor_rows && v.factor == COR_NONE; i++)
            if (strcmp(net->factor_rows[i].id, x->s) == 0)
                v.factor = i;
        if (v.factor == COR_NONE) {
            bad(L, x, "emission_factor: no row of emission_factors.csv has the id '%s'", shown(x, sb, sizeof sb));
            fault = 1;
        } else if (net->factor_rows[v.factor].mode != v.mode) {
            bad(L, x, "emission_factor: '%s' is a %s factor, but the service's mode is %s", x->s,
                cor_mode_name(net->factor_rows[v.factor].mode), cor_mode_name(v.mode));
            fault = 1;
        }
    }
    long y;
    int open_year = 0, close_year = 0;
    int yr = integer(L, fld(f, idx, V_OPEN), "open_year", 1800, 2200, &y);
    fault |= yr < 0;
    if (yr == 0)
        open_year = (int)y;
    yr = integer(L, fld(f, idx, V_CLOSE), "close_year", 1800, 2200, &y);
    fault |= yr < 0;
    if (yr == 0)
        close_year = (int)y;
    if (open_year && close_year && close_year <= open_year) {
        bad(L, fld(f, idx, V_CLOSE), "close_year must be after open_year");
        fault = 1;
    }
    x = fld(f, idx, V_STATUS);
    if (!empty(x)) {
        if (!one_of(x->s, statuses)) {
            bad(L, x, "unknown status '%s' (expected open, irregular, planned, suspended or closed)",
                shown(x, sb, sizeof sb));
            fault = 1;
        } else if ((strcmp(x->s, "planned") == 0 || strcmp(x->s, "construction") == 0) && !open_year) {
            bad(L, x, "a %s service needs an open_year (the year it is expected to start)", x->s);
            fault = 1;
        } else if ((strcmp(x->s, "suspended") == 0 || strcmp(x->s, "closed") == 0) && !close_year) {
            bad(L, x, "a %s service needs a close_year: the year it stopped (a scenario reopens it)", x->s);
            fault = 1;
        } else if (strcmp(x->s, "irregular") == 0 && wr != 0) {
            bad(L, x, "an irregular service needs wait_hours: the expected wait for a departure");
            fault = 1;
        }
    }
    x = fld(f, idx, V_ASOF);
    if (!empty(x) && !valid_date(x->s, x->len)) {
        bad(L, x, "status_as_of must be a date YYYY, YYYY-MM or YYYY-MM-DD, found '%s'", shown(x, sb, sizeof sb));
        fault = 1;
    }
    if (fault)
        return COR_OK;
    /* every leg of the rotation follows the lanes */
    uint32_t nlegs = v.loop ? np : np - 1;
    for (uint32_t i = 0; i < nlegs; i++) {
        uint32_t a = ports[i], b = ports[(i + 1) % np], kept;
        cor_sea_path sp;
        cor_status s = cor_sea_route_calls(net, a, NULL, 0, b, 0, L->memo, &sp, &kept);
        cor_sea_path_destroy(&sp);
        if (s == COR_ENOMEM)
            return OOM(L);
        if (s != COR_OK) {
            bad(L, fld(f, idx, V_ROTATION), "rotation: no sea lane in sealanes.csv connects %s to %s",
                net->nodes[a].id, net->nodes[b].id);
            fault = 1;
        }
    }
    if (fault)
        return COR_OK;
    int g = grow((void **)&net->services, &net->cap_services, net->nservices + 1, sizeof *net->services,
                 COR_MAX_SERVICES);
    if (g == -2)
        return errat(L, &f[0], COR_ELIMIT, "more than %u services", COR_MAX_SERVICES);
    if (g)
        return OOM(L);
    if (cor_network_class_intern(net, v.mode, 0) == COR_NONE)
        return errat(L, &f[0], COR_ELIMIT, "more than %u mode classes", COR_MAX_CLASSES);
    uint32_t *pp = cor_arena_alloc(&net->arena, np * sizeof *pp);
    v.id = dup(L, fld(f, idx, V_ID));
    v.name = dup(L, fld(f, idx, V_NAME));
    v.operator_name = dup_shared(L, fld(f, idx, V_OPERATOR));
    v.status = empty(fld(f, idx, V_STATUS)) ? "open" : dup_shared(L, fld(f, idx, V_STATUS));
    v.status_as_of = dup_shared(L, fld(f, idx, V_ASOF));
    v.corridors = dup_shared(L, fld(f, idx, V_CORRIDORS));
    v.source = dup_shared(L, fld(f, idx, V_SOURCE));
    if (!pp || !v.id || !v.name || !v.operator_name || !v.status || !v.status_as_of || !v.corridors || !v.source)
        return OOM(L);
    memcpy(pp, ports, np * sizeof *pp);
    v.ports = pp;
    v.nports = np;
    v.first_link = net->nlinks;
    uint32_t vi = net->nservices;
    net->services[net->nservices++] = v;
    cor_service *sv = &net->services[vi];
    for (uint32_t i = 0; i < np; i++)
        for (uint32_t j = v.loop ? (i + 1) % np : i + 1; j < np && j != i; j = v.loop ? (j + 1) % np : j + 1) {
            if (ports[j] == ports[i])
                break; /* back at the port: the next pairs start from here */
            cor_status s = service_link(L, sv, vi, i, j, fld(f, idx, V_ID));
            if (s != COR_OK)
                return s;
        }
    sv->nlinks = net->nlinks - sv->first_link;
    for (uint32_t l = sv->first_link; l < net->nlinks; l++) {
        net->links[l].open_year = open_year;
        net->links[l].close_year = close_year;
        if (sr == 0)
            net->links[l].speed_kmh = speed;
        if (rr == 0)
            net->links[l].rate_usd_per_teu_km = rate;
    }
    return COR_OK;
}

/* ---- transfers ------------------------------------------------------ */

enum { T_NODE, T_FROM, T_TO, T_KIND, T_DWELL, T_P95, T_COST, T_CO2, T_CAP, T_SOURCE, T_CAPT, T_CAPBASIS, T_NCOLS };
static const col_spec transfer_cols[] = {
    {"node", 1, 1},        {"from_class", 1, 1},     {"to_class", 1, 1}, {"kind", 1, 1},
    {"dwell_hours", 1, 1}, {"dwell_p95_hours", 0, 0}, {"cost_usd", 1, 1}, {"co2e_kg", 0, 0},
    {"capacity_teu_per_year", 0, 0}, {"source", 1, 1}, {"capacity_t_per_year", 0, 0}, {"capacity_basis", 0, 0},
};

static int parse_class(const char *s, cor_mode *m, uint16_t *gauge)
{
    size_t pre = strncmp(s, "rail", 4) == 0 ? 4 : strncmp(s, "ferry", 5) == 0 ? 5 : 0;
    if (pre && s[pre]) { /* rail1520, or a rail ferry: ferry1520 */
        if (!isdigit((unsigned char)s[pre]))
            return -1;
        char *end;
        long gv = strtol(s + pre, &end, 10);
        if (*end || gv <= 0 || gv > 3000)
            return -1;
        *m = pre == 4 ? COR_MODE_RAIL : COR_MODE_FERRY;
        *gauge = (uint16_t)gv;
        return 0;
    }
    if (cor_mode_parse(s, m) != 0 || *m == COR_MODE_RAIL)
        return -1;
    *gauge = 0;
    return 0;
}

static cor_status transfer_row(loader *L, const cor_csv_field *f, const int *idx, uint32_t line,
                               uint32_t end_col)
{
    (void)line;
    (void)end_col;
    cor_network *net = L->net;
    int g = grow((void **)&net->transfers, &net->cap_transfers, net->ntransfers + 1, sizeof *net->transfers,
                 COR_MAX_LINKS);
    if (g == -2)
        return errat(L, &f[0], COR_ELIMIT, "too many transfer rules");
    if (g)
        return OOM(L);
    cor_transfer t;
    memset(&t, 0, sizeof t);
    int fault = 0;
    char sb[64];
    t.node = ref_node(L, fld(f, idx, T_NODE), "node");
    fault |= t.node == COR_NONE;
    int ci[2] = {T_FROM, T_TO};
    uint32_t cls[2] = {COR_NONE, COR_NONE};
    for (int i = 0; i < 2; i++) {
        const cor_csv_field *x = fld(f, idx, ci[i]);
        cor_mode m;
        uint16_t gg;
        if (parse_class(x->s, &m, &gg) != 0) {
            bad(L, x, "unknown mode class '%s' (expected sea, feeder, road, ferry, iww, rail<gauge> "
                      "such as rail1435, or a rail ferry ferry<gauge>)", shown(x, sb, sizeof sb));
            fault = 1;
            continue;
        }
        char name[16];
        if (gg)
            snprintf(name, sizeof name, "%s%u", cor_mode_name(m), (unsigned)gg);
        else
            snprintf(name, sizeof name, "%s", cor_mode_name(m));
        cls[i] = cor_network_find_class(net, name);
        if (cls[i] == COR_NONE) {
            bad(L, x, "no link in the network has mode class '%s'%s", name, "");
            fault = 1;
        }
    }
    if (!fault && cls[0] == cls[1] && !(net->classes[cls[0]].mode == COR_MODE_SEA ||
                                          net->classes[cls[0]].mode == COR_MODE_FEEDER ||
                                          net->classes[cls[0]].mode == COR_MODE_FERRY ||
                                          net->classes[cls[0]].mode == COR_MODE_IWW)) {
        bad(L, fld(f, idx, T_TO), "from_class and to_class are the same ('%s'); only vessel services (sea, feeder, "
                                   "ferry, iww) may have such a rule (a transshipment)",
            net->classes[cls[0]].name);
        fault = 1;
    }
    const cor_csv_field *x = fld(f, idx, T_KIND);
    if (strcmp(x->s, "port") == 0)
        t.kind = COR_STOP_PORT;
    else if (strcmp(x->s, "transfer") == 0)
        t.kind = COR_STOP_TRANSFER;
    else if (strcmp(x->s, "gauge_change") == 0)
        t.kind = COR_STOP_GAUGE_CHANGE;
    else {
        bad(L, x, "unknown transfer kind '%s' (expected port, transfer or gauge_change)",
            shown(x, sb, sizeof sb));
        fault = 1;
    }
    fault |= num(L, fld(f, idx, T_DWELL), "dwell_hours", 0, 10000, &t.dwell_hours) < 0;
    t.dwell_p95_hours = t.dwell_hours;
    int r = num(L, fld(f, idx, T_P95), "dwell_p95_hours", 0, 10000, &t.dwell_p95_hours);
    fault |= r < 0;
    if (r == 0 && t.dwell_p95_hours < t.dwell_hours) {
        bad(L, fld(f, idx, T_P95), "dwell_p95_hours must not be below dwell_hours%s", "");
        fault = 1;
    }
    fault |= num(L, fld(f, idx, T_COST), "cost_usd", 0, 1e7, &t.cost_usd) < 0;
    fault |= num(L, fld(f, idx, T_CO2), "co2e_kg", 0, 1e5, &t.co2e_kg) < 0;
    fault |= num(L, fld(f, idx, T_CAP), "capacity_teu_per_year", 0, 1e9, &t.capacity_teu_per_year) < 0;
    fault |= num(L, fld(f, idx, T_CAPT), "capacity_t_per_year", 0, 1e10, &t.capacity_t_per_year) < 0;
    if (fault)
        return COR_OK;
    t.from_cls = (uint8_t)cls[0];
    t.to_cls = (uint8_t)cls[1];
    /* both classes must actually touch the node (unless rejected link rows
     * make that unknowable) */
    for (int i = 0; i < 2 && L->link_faults == 0; i++) {
        int touches = (L->node_classes[t.node] >> cls[i]) & 1u;
        if (!touches) {
            const cor_csv_field *cx = fld(f, idx, ci[i]);
            char m[COR_DIAG_TEXT];
            snprintf(m, sizeof m, "no %s link touches node %s, so this rule can never apply",
                     net->classes[cls[i]].name, net->nodes[t.node].id);
            bad(L, cx, "%s", m);
            fault = 1;
        }
    }
    /* rules apply in both directions: the key takes the classes in order */
    uint64_t tkey = (uint64_t)t.node << 16 | (uint64_t)(t.from_cls < t.to_cls ? t.from_cls : t.to_cls) << 8 |
                    (t.from_cls < t.to_cls ? t.to_cls : t.from_cls);
    if (!fault && u64map_get(&L->transfer_keys, tkey) != COR_NONE) {
        bad(L, fld(f, idx, T_NODE), "duplicate transfer rule at %s between %s and %s "
                                    "(rules apply in both directions)",
            net->nodes[t.node].id, net->classes[t.from_cls].name, net->classes[t.to_cls].name);
        fault = 1;
    }
    if (fault)
        return COR_OK;
    t.source = dup_shared(L, fld(f, idx, T_SOURCE));
    t.capacity_basis = dup_shared(L, fld(f, idx, T_CAPBASIS));
    if (!t.source || !t.capacity_basis || u64map_put(&L->transfer_keys, tkey, net->ntransfers) != 0)
        return OOM(L);
    net->transfers[net->ntransfers++] = t;
    return COR_OK;
}

/* ---- terminals ------------------------------------------------------ */

enum { R_NODE, R_CLASS, R_DWELL, R_P95, R_COST, R_CO2, R_SOURCE, R_NCOLS };
static const col_spec terminal_cols[] = {
    {"node", 1, 1},      {"class", 1, 1},   {"dwell_hours", 1, 1}, {"dwell_p95_hours", 0, 0},
    {"cost_usd", 1, 1},  {"co2e_kg", 0, 0}, {"source", 1, 1},
};

static cor_status terminal_row(loader *L, const cor_csv_field *f, const int *idx, uint32_t line, uint32_t end_col)
{
    (void)line;
    (void)end_col;
    cor_network *net = L->net;
    int g = grow((void **)&net->terminals, &net->cap_terminals, net->nterminals + 1, sizeof *net->terminals,
                 COR_MAX_LINKS);
    if (g == -2)
        return errat(L, &f[0], COR_ELIMIT, "too many terminals");
    if (g)
        return OOM(L);
    cor_terminal t;
    memset(&t, 0, sizeof t);
    int fault = 0;
    char sb[64];
    t.node = ref_node(L, fld(f, idx, R_NODE), "node");
    fault |= t.node == COR_NONE;
    const cor_csv_field *x = fld(f, idx, R_CLASS);
    cor_mode m;
    uint16_t gg;
    uint32_t cls = COR_NONE;
    if (parse_class(x->s, &m, &gg) != 0) {
        bad(L, x, "class: unknown mode class '%s' (expected sea, feeder, road, ferry, iww or rail<gauge>)",
            shown(x, sb, sizeof sb));
        fault = 1;
    } else {
        char name[16];
        if (gg)
            snprintf(name, sizeof name, "%s%u", cor_mode_name(m), (unsigned)gg);
        else
            snprintf(name, sizeof name, "%s", cor_mode_name(m));
        cls = cor_network_find_class(net, name);
        if (cls == COR_NONE) {
            bad(L, x, "class: no link in the network has mode class '%s'", name);
            fault = 1;
        }
    }
    fault |= num(L, fld(f, idx, R_DWELL), "dwell_hours", 0, 10000, &t.dwell_hours) < 0;
    t.dwell_p95_hours = t.dwell_hours;
    int r = num(L, fld(f, idx, R_P95), "dwell_p95_hours", 0, 10000, &t.dwell_p95_hours);
    fault |= r < 0;
    if (r == 0 && t.dwell_p95_hours < t.dwell_hours) {
        bad(L, fld(f, idx, R_P95), "dwell_p95_hours must not be below dwell_hours");
        fault = 1;
    }
    fault |= num(L, fld(f, idx, R_COST), "cost_usd", 0, 1e7, &t.cost_usd) < 0;
    fault |= num(L, fld(f, idx, R_CO2), "co2e_kg", 0, 1e5, &t.co2e_kg) < 0;
    if (fault)
        return COR_OK;
    t.cls = (uint8_t)cls;
    int touches = (L->node_classes[t.node] >> cls) & 1u;
    if (!touches && L->link_faults == 0) {
        bad(L, x, "class: no %s link touches node %s, so this terminal can never apply", net->classes[cls].name,
            net->nodes[t.node].id);
        return COR_OK;
    }
    uint64_t rkey = (uint64_t)t.node << 8 | t.cls;
    if (u64map_get(&L->terminal_keys, rkey) != COR_NONE) {
        bad(L, fld(f, idx, R_NODE), "node: a second terminal for %s in class %s", net->nodes[t.node].id,
            net->classes[cls].name);
        return COR_OK;
    }
    t.source = dup_shared(L, fld(f, idx, R_SOURCE));
    if (!t.source || u64map_put(&L->terminal_keys, rkey, net->nterminals) != 0)
        return OOM(L);
    net->terminals[net->nterminals++] = t;
    return COR_OK;
}

/* ---- driving rules --------------------------------------------------- */

enum { D_COUNTRY, D_DRIVE, D_REST, D_SOURCE, D_NCOLS };
static const col_spec driving_cols[] = {
    {"country", 1, 1}, {"drive_hours_per_day", 1, 1}, {"rest_hours_per_day", 1, 1}, {"source", 1, 1},
};

static cor_status driving_row(loader *L, const cor_csv_field *f, const int *idx, uint32_t line, uint32_t end_col)
{
    (void)line;
    (void)end_col;
    cor_network *net = L->net;
    cor_driving_rule r;
    memset(&r, 0, sizeof r);
    char sb[64];
    const cor_csv_field *x = fld(f, idx, D_COUNTRY);
    int fault = 0;
    if (!((x->len == 2 && isupper((unsigned char)x->s[0]) && isupper((unsigned char)x->s[1])) ||
          strcmp(x->s, "*") == 0)) {
        bad(L, x, "country must be an ISO 3166 alpha-2 code such as IR, or * for every other country, found '%s'",
            shown(x, sb, sizeof sb));
        fault = 1;
    } else {
        for (uint32_t i = 0; i < net->ndriving; i++)
            if (strcmp(net->driving[i].country, x->s) == 0) {
                bad(L, x, "country: a second rule for %s", x->s);
                fault = 1;
            }
        snprintf(r.country, sizeof r.country, "%s", x->s);
    }
    fault |= num(L, fld(f, idx, D_DRIVE), "drive_hours_per_day", 0.5, 24, &r.drive_hours_per_day) < 0;
    fault |= num(L, fld(f, idx, D_REST), "rest_hours_per_day", 0, 24, &r.rest_hours_per_day) < 0;
    if (!fault && r.drive_hours_per_day + r.rest_hours_per_day > 24.0 + 1e-9) {
        bad(L, fld(f, idx, D_REST), "rest_hours_per_day: driving and rest make more than 24 hours a day");
        fault = 1;
    }
    if (fault)
        return COR_OK;
    int g = grow((void **)&net->driving, &net->cap_driving, net->ndriving + 1, sizeof *net->driving, 1000);
    if (g == -2)
        return errat(L, &f[0], COR_ELIMIT, "more than 1000 driving rules");
    if (g)
        return OOM(L);
    r.source = dup_shared(L, fld(f, idx, D_SOURCE));
    if (!r.source)
        return OOM(L);
    net->driving[net->ndriving++] = r;
    return COR_OK;
}

/* ---- line-haul rates by country -------------------------------------- */

enum { A_MODE, A_COUNTRY, A_RATE, A_SOURCE, A_NCOLS };
static const col_spec rate_cols[] = {
    {"mode", 1, 1}, {"country", 1, 1}, {"rate_usd_per_teu_km", 1, 1}, {"source", 1, 1},
};

static cor_status rate_row(loader *L, const cor_csv_field *f, const int *idx, uint32_t line, uint32_t end_col)
{
    (void)line;
    (void)end_col;
    cor_network *net = L->net;
    cor_rate_rule r;
    memset(&r, 0, sizeof r);
    char sb[64];
    int fault = 0;
    const cor_csv_field *x = fld(f, idx, A_MODE);
    if (cor_mode_parse(x->s, &r.mode) != 0) {
        bad(L, x, "mode: unknown mode '%s' (expected sea, feeder, rail, road, ferry or iww)", shown(x, sb, sizeof sb));
        fault = 1;
    }
    x = fld(f, idx, A_COUNTRY);
    if (!(x->len == 2 && isupper((unsigned char)x->s[0]) && isupper((unsigned char)x->s[1]))) {
        bad(L, x, "country must be an ISO 3166 alpha-2 code such as IR, found '%s'", shown(x, sb, sizeof sb));
        fault = 1;
    } else {
        snprintf(r.country, sizeof r.country, "%s", x->s);
        for (uint32_t i = 0; !fault && i < net->nrates; i++)
            if (net->rates[i].mode == r.mode && strcmp(net->rates[i].country, r.country) == 0) {
                bad(L, x, "country: a second %s rate for %s", cor_mode_name(r.mode), r.country);
                fault = 1;
            }
    }
    fault |= num(L, fld(f, idx, A_RATE), "rate_usd_per_teu_km", 0, COR_MAX_RATE, &r.rate_usd_per_teu_km) < 0;
    if (fault)
        return COR_OK;
    int g = grow((void **)&net->rates, &net->cap_rates, net->nrates + 1, sizeof *net->rates, 10000);
    if (g == -2)
        return errat(L, &f[0], COR_ELIMIT, "more than 10000 rates");
    if (g)
        return OOM(L);
    r.source = dup_shared(L, fld(f, idx, A_SOURCE));
    if (!r.source)
        return OOM(L);
    net->rates[net->nrates++] = r;
    return COR_OK;
}

/* ---- restrictions ---------------------------------------------------- */

enum { X_ID, X_NAME, X_CLOSES, X_SINCE, X_DEFAULT, X_SOURCE, X_NCOLS };
static const col_spec restriction_cols[] = {
    {"id", 1, 1}, {"name", 1, 1}, {"closes", 1, 1}, {"since", 0, 0}, {"default", 1, 1}, {"source", 1, 1},
};

/* A growable list of indices in the loader's scratch. */
typedef struct idx_list {
    uint32_t *v;
    uint32_t n, cap;
} idx_list;

static int idx_push(idx_list *l, uint32_t x)
{
    return grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v, UINT32_MAX) ? -1 : (l->v[l->n++] = x, 0);
}

/* What a regime closes: '|'-separated items
 *   border:ID      every link through that border crossing
 *   node:ID        a place (a port, a terminal): no route passes it
 *   link:ID        a link or service
 *   between:CC-CC  every link joining the two countries (land borders and
 *                  direct services)
 *   passage:TAG    a passage (hormuz, babelmandeb, ...): services through it
 *                  are rerouted along the sea lanes, or closed, as --avoid TAG
 *   operator:NAME  every service run by that operator (links.csv operator) */
static cor_status restriction_row(loader *L, const cor_csv_field *f, const int *idx, uint32_t line,
                                  uint32_t end_col)
{
    (void)line;
    (void)end_col;
    cor_network *net = L->net;
    char sb[64];
    int fault = 0;
    cor_restriction r;
    memset(&r, 0, sizeof r);
    const cor_csv_field *x = fld(f, idx, X_ID);
    for (size_t i = 0; i < x->len; i++)
        if (!(isalnum((unsigned char)x->s[i]) || x->s[i] == '-' || x->s[i] == '_')) {
            bad(L, x, "id '%s' may contain only letters, digits, '-' and '_'", shown(x, sb, sizeof sb));
            fault = 1;
            break;
        }
    if (x->len > 64) {
        bad(L, x, "id is longer than 64 characters");
        fault = 1;
    }
    for (uint32_t i = 0; i < net->nrestrictions; i++)
        if (strcmp(net->restrictions[i].id, x->s) == 0) {
            bad(L, x, "duplicate restriction id '%s'", shown(x, sb, sizeof sb));
            fault = 1;
        }
    if (check_name(L, fld(f, idx, X_NAME), "name", fld(f, idx, X_NAME)->s, fld(f, idx, X_NAME)->len) < 0)
        fault = 1;
    x = fld(f, idx, X_SINCE);
    if (!empty(x) && !valid_date(x->s, x->len)) {
        bad(L, x, "since must be a date YYYY, YYYY-MM or YYYY-MM-DD, found '%s'", shown(x, sb, sizeof sb));
        fault = 1;
    }
    x = fld(f, idx, X_DEFAULT);
    int yn = yes_no(x->s);
    if (yn < 0) {
        bad(L, x, "default must be yes or no (is the regime on unless a query says otherwise?), found '%s'",
            shown(x, sb, sizeof sb));
        fault = 1;
    }
    r.default_on = yn == 1;
    idx_list links = {0, 0, 0}, nodes = {0, 0, 0}, dirs = {0, 0, 0}; /* dirs: per link, or none if all both ways */
    x = fld(f, idx, X_CLOSES);
    for (const char *p = x->s; *p && !fault;) {
        const char *e = strchr(p, '|');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char item[160];
        snprintf(item, sizeof item, "%.*s", (int)(len < 159 ? len : 159), p);
        char *colon = strchr(item, ':');
        const char *arg = colon ? colon + 1 : "";
        if (colon)
            *colon = '\0';
        int ok = 1;
        if (!colon || !*arg) {
            ok = 0;
        } else if (strcmp(item, "border") == 0) {
            uint32_t b = u64map_get(&L->border_ids, str_key(arg));
            if (b == COR_NONE || strcmp(net->borders[b].id, arg) != 0) {
                bad(L, x, "closes: no border crossing '%s' in borders.csv", arg);
                fault = 1;
            }
            for (uint32_t l = 0; !fault && l < net->nlinks; l++)
                if (net->links[l].border == b && idx_push(&links, l) != 0)
                    goto oom;
        } else if (strcmp(item, "node") == 0) {
            uint32_t n = node_by_id(net, arg);
            if (n == COR_NONE) {
                bad(L, x, "closes: no node '%s' in nodes.csv", arg);
                fault = 1;
            } else if (idx_push(&nodes, n) != 0) {
                goto oom;
            }
        } else if (strcmp(item, "link") == 0) {
            uint32_t l = cor_network_find_link(net, arg);
            if (l == COR_NONE) {
                bad(L, x, "closes: no link '%s' in links.csv", arg);
                fault = 1;
            } else if (idx_push(&links, l) != 0) {
                goto oom;
            }
        } else if (strcmp(item, "between") == 0) {
            if (!(strlen(arg) == 5 && arg[2] == '-' && isupper((unsigned char)arg[0]) && isupper((unsigned char)arg[1]) &&
                  isupper((unsigned char)arg[3]) && isupper((unsigned char)arg[4]))) {
                bad(L, x, "closes: between takes two country codes, e.g. between:FI-RU, found '%s'", arg);
                fault = 1;
            }
            for (uint32_t l = 0; !fault && l < net->nlinks; l++) {
                const char *a = net->nodes[net->links[l].from].country, *b = net->nodes[net->links[l].to].country;
                if ((strncmp(a, arg, 2) == 0 && strncmp(b, arg + 3, 2) == 0 && a[2] == '\0' && b[2] == '\0') ||
                    (strncmp(a, arg + 3, 2) == 0 && strncmp(b, arg, 2) == 0 && a[2] == '\0' && b[2] == '\0'))
                    if (idx_push(&links, l) != 0)
                        goto oom;
            }
        } else if (strcmp(item, "direction") == 0) {
            /* links travelled from a node of the first country to a node of
             * the second: forward (from -> to) or reverse, as they run */
            if (!(strlen(arg) == 5 && arg[2] == '-' && isupper((unsigned char)arg[0]) && isupper((unsigned char)arg[1]) &&
                  isupper((unsigned char)arg[3]) && isupper((unsigned char)arg[4]))) {
                bad(L, x, "closes: direction takes two country codes, from and to, e.g. direction:RU-NL, found '%s'", arg);
                fault = 1;
            }
            for (uint32_t l = 0; !fault && l < net->nlinks; l++) {
                const char *a = net->nodes[net->links[l].from].country, *b = net->nodes[net->links[l].to].country;
                int fwd = strncmp(a, arg, 2) == 0 && strncmp(b, arg + 3, 2) == 0 && a[2] == '\0' && b[2] == '\0';
                int rev = strncmp(a, arg + 3, 2) == 0 && strncmp(b, arg, 2) == 0 && a[2] == '\0' && b[2] == '\0' &&
                          !net->links[l].oneway;
                if (fwd || rev)
                    if (idx_push(&links, l) != 0 || idx_push(&dirs, (uint32_t)((fwd ? COR_CLOSE_FORWARD : 0) |
                                                                               (rev ? COR_CLOSE_REVERSE : 0))) != 0)
                        goto oom;
            }
        } else if (strcmp(item, "passage") == 0) {
            uint32_t pi = cor_network_find_passage(net, arg);
            if (pi == COR_NONE) {
                bad(L, x, "closes: no passage '%s' in the network", arg);
                fault = 1;
            } else {
                r.passages |= (uint64_t)1 << pi;
            }
        } else if (strcmp(item, "operator") == 0) {
            uint32_t before = links.n;
            for (uint32_t l = 0; l < net->nlinks; l++)
                if (strcmp(net->links[l].operator_name, arg) == 0 && idx_push(&links, l) != 0)
                    goto oom;
            if (links.n == before) {
                bad(L, x, "closes: no link in links.csv has the operator '%s'", arg);
                fault = 1;
            }
        } else {
            ok = 0;
        }
        if (!ok) {
            bad(L, x, "closes: '%.*s' is not one of border:ID, node:ID, link:ID, between:CC-CC, direction:CC-CC, "
                      "passage:TAG, operator:NAME",
                (int)(len < 60 ? len : 60), p);
            fault = 1;
        }
        while (dirs.n < links.n) /* items other than direction: both ways */
            if (idx_push(&dirs, COR_CLOSE_BOTH) != 0)
                goto oom;
        p = e ? e + 1 : p + len;
    }
    if (!fault && links.n == 0 && nodes.n == 0 && !r.passages) {
        bad(L, x, "closes: the regime closes nothing in this network");
        fault = 1;
    }
    if (fault) {
        free(links.v);
        free(nodes.v);
        free(dirs.v);
        return COR_OK;
    }
    {
        int g = grow((void **)&net->restrictions, &net->cap_restrictions, net->nrestrictions + 1,
                     sizeof *net->restrictions, COR_MAX_RESTRICTIONS);
        if (g == -2) {
            free(links.v);
            free(nodes.v);
            free(dirs.v);
            return errat(L, &f[0], COR_ELIMIT, "more than %u restriction regimes", COR_MAX_RESTRICTIONS);
        }
        if (g)
            goto oom;
        uint32_t *lv = cor_arena_alloc(&net->arena, (links.n + 1) * sizeof *lv);
        uint32_t *nv = cor_arena_alloc(&net->arena, (nodes.n + 1) * sizeof *nv);
        uint8_t *dv = cor_arena_alloc(&net->arena, links.n + 1);
        if (!lv || !nv || !dv)
            goto oom;
        if (links.n)
            memcpy(lv, links.v, links.n * sizeof *lv);
        for (uint32_t k = 0; k < links.n; k++)
            dv[k] = (uint8_t)dirs.v[k];
        r.link_dirs = dv;
        if (nodes.n)
            memcpy(nv, nodes.v, nodes.n * sizeof *nv);
        r.links = lv;
        r.nlinks = links.n;
        r.nodes = nv;
        r.nnodes = nodes.n;
        r.id = dup(L, fld(f, idx, X_ID));
        r.name = dup(L, fld(f, idx, X_NAME));
        r.closes = dup(L, fld(f, idx, X_CLOSES));
        r.since = dup_shared(L, fld(f, idx, X_SINCE));
        r.source = dup_shared(L, fld(f, idx, X_SOURCE));
        if (!r.id || !r.name || !r.closes || !r.since || !r.source)
            goto oom;
        if (r.default_on)
            net->default_restrictions |= (uint64_t)1 << net->nrestrictions;
        net->restrictions[net->nrestrictions++] = r;
    }
    free(links.v);
    free(nodes.v);
    free(dirs.v);
    return COR_OK;
oom:
    free(links.v);
    free(nodes.v);
    free(dirs.v);
    return OOM(L);
}

/* ---- corridors ------------------------------------------------------ */

enum { C_NAME, C_DESC, C_VIA, C_AVOID, C_MODES, C_SOURCE, C_REQUIRES, C_DEFINING, C_NEAR, C_BEYOND, C_NCOLS };
static const col_spec corridor_cols[] = {
    {"name", 1, 1},     {"description", 0, 0}, {"via", 0, 0},  {"avoid", 0, 0},  {"modes", 0, 0},
    {"source", 1, 1},   {"requires", 0, 0},    {"defining", 0, 0}, {"near", 0, 0}, {"beyond", 0, 0},
};

/* Split a '|'-separated field; calls fn for each part (trimmed copy). */
static int each_part(loader *L, const cor_csv_field *x, int (*fn)(loader *, const cor_csv_field *, const char *, void *),
                     void *ud)
{
    int fault = 0;
    const char *p = x->s;
    while (*p) {
        const char *e = strchr(p, '|');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char part[256];
        snprintf(part, sizeof part, "%.*s", (int)(len > 255 ? 255 : len), p);
        fault |= fn(L, x, part, ud);
        p = e ? e + 1 : p + len;
    }
    return fault;
}

static int place_of(loader *L, const cor_csv_field *x, const char *part, uint32_t *out)
{
    uint32_t sugg[3];
    sugg[0] = COR_NONE;
    if (cor_network_find_node(L->net, part, out, sugg, cor_diag_full(L->d) ? 0 : 3) == COR_OK)
        return 0;
    if (sugg[0] != COR_NONE)
        bad(L, x, "%s: unknown place '%s' (did you mean %s?)", L->cols[C_VIA].name, part, L->net->nodes[sugg[0]].id);
    else
        bad(L, x, "unknown place '%s'", part);
    return 1;
}

static int via_part(loader *L, const cor_csv_field *x, const char *part, void *ud)
{
    cor_corridor *c = ud;
    if (c->nvia >= COR_CORRIDOR_MAX_VIA) {
        errat(L, x, COR_ELIMIT, "more than %u via places", COR_CORRIDOR_MAX_VIA);
        return 1;
    }
    return place_of(L, x, part, &c->via[c->nvia++]);
}

static int avoid_part(loader *L, const cor_csv_field *x, const char *part, void *ud)
{
    cor_corridor *c = ud;
    uint32_t p = cor_network_find_passage(L->net, part);
    if (p != COR_NONE) {
        c->avoid_passages |= (uint64_t)1 << p;
        return 0;
    }
    uint32_t l = cor_network_find_link(L->net, part);
    if (l != COR_NONE) {
        if (c->navoid_links >= COR_CORRIDOR_MAX_AVOID) {
            errat(L, x, COR_ELIMIT, "more than %u avoided links", COR_CORRIDOR_MAX_AVOID);
            return 1;
        }
        c->avoid_links[c->navoid_links++] = l;
        return 0;
    }
    if (c->navoid_nodes >= COR_CORRIDOR_MAX_AVOID) {
        errat(L, x, COR_ELIMIT, "more than %u avoided places", COR_CORRIDOR_MAX_AVOID);
        return 1;
    }
    uint32_t n, sugg[3];
    if (cor_network_find_node(L->net, part, &n, sugg, 0) != COR_OK) {
        bad(L, x, "avoid: '%s' is not a passage, link id or place of the network", part);
        return 1;
    }
    c->avoid_nodes[c->navoid_nodes++] = n;
    return 0;
}

static int mode_part(loader *L, const cor_csv_field *x, const char *part, void *ud)
{
    cor_corridor *c = ud;
    cor_mode m;
    if (cor_mode_parse(part, &m) != 0) {
        bad(L, x, "modes: unknown mode '%s' (expected sea, feeder, rail, road, ferry or iww)", part);
        return 1;
    }
    c->modes |= 1u << m;
    return 0;
}

static int is_country(const char *s)
{
    return strlen(s) == 2 && isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]);
}

/* requires: passage:P, tag:T (a tag of links.csv corridors), border:A-B. */
static int requires_part(loader *L, const cor_csv_field *x, const char *part, void *ud)
{
    cor_corridor *c = ud;
    if (c->nrequires >= COR_CORRIDOR_MAX_REQUIRES) {
        errat(L, x, COR_ELIMIT, "more than %u requirements", COR_CORRIDOR_MAX_REQUIRES);
        return 1;
    }
    cor_requirement *r = &c->requires[c->nrequires];
    memset(r, 0, sizeof *r);
    const char *colon = strchr(part, ':');
    const char *arg = colon ? colon + 1 : "";
    size_t kl = colon ? (size_t)(colon - part) : strlen(part);
    if (kl == 7 && strncmp(part, "passage", 7) == 0) {
        r->kind = COR_REQ_PASSAGE;
        r->passage = cor_network_find_passage(L->net, arg);
        if (r->passage == COR_NONE) {
            bad(L, x, "requires: no passage '%s' in the network (passages are tagged in nodes.csv)", arg);
            return 1;
        }
    } else if (kl == 3 && strncmp(part, "tag", 3) == 0) {
        r->kind = COR_REQ_TAG;
        uint32_t l = 0;
        if (strlen(arg) < sizeof r->tag)
            for (; l < L->net->nlinks; l++)
                if (cor_link_has_tag(&L->net->links[l], arg))
                    break;
        if (!arg[0] || strlen(arg) >= sizeof r->tag || l == L->net->nlinks) {
            bad(L, x, "requires: no link of links.csv is tagged '%s' in its corridors column", arg);
            return 1;
        }
        snprintf(r->tag, sizeof r->tag, "%s", arg);
    } else if (kl == 6 && strncmp(part, "border", 6) == 0) {
        r->kind = COR_REQ_BORDER;
        if (!(strlen(arg) == 5 && arg[2] == '-' && isupper((unsigned char)arg[0]) && isupper((unsigned char)arg[1]) &&
              isupper((unsigned char)arg[3]) && isupper((unsigned char)arg[4]))) {
            bad(L, x, "requires: border takes two country codes, e.g. border:IR-AZ, found '%s'", arg);
            return 1;
        }
        memcpy(r->a, arg, 2);
        memcpy(r->b, arg + 3, 2);
    } else {
        bad(L, x, "requires: '%s' is not passage:NAME, tag:TAG or border:AA-BB", part);
        return 1;
    }
    c->nrequires++;
    return 0;
}

typedef struct country_list {
    char (*v)[3];
    uint32_t *n;
    const char *col;
} country_list;

static int country_part(loader *L, const cor_csv_field *x, const char *part, void *ud)
{
    country_list *cl = ud;
    if (!is_country(part)) {
        bad(L, x, "%s: country must be an ISO 3166 alpha-2 code such as IR, found '%s'", cl->col, part);
        return 1;
    }
    if (*cl->n >= COR_CORRIDOR_MAX_COUNTRIES) {
        errat(L, x, COR_ELIMIT, "%s: more than %u countries", cl->col, COR_CORRIDOR_MAX_COUNTRIES);
        return 1;
    }
    memcpy(cl->v[(*cl->n)++], part, 3);
    return 0;
}

static cor_status corridor_row(loader *L, const cor_csv_field *f, const int *idx, uint32_t line,
                               uint32_t end_col)
{
    (void)line;
    (void)end_col;
    cor_network *net = L->net;
    int g = grow((void **)&net->corridors, &net->cap_corridors, net->ncorridors + 1, sizeof *net->corridors, 10000);
    if (g == -2)
        return errat(L, &f[0], COR_ELIMIT, "more than 10000 corridors");
    if (g)
        return OOM(L);
    cor_corridor c;
    memset(&c, 0, sizeof c);
    int fault = 0;
    if (check_name(L, &f[C_NAME], "name", f[C_NAME].s, f[C_NAME].len) < 0)
        fault = 1;
    uint32_t first = u64map_get(&L->corridor_names, str_key(f[C_NAME].s));
    if (first != COR_NONE && strcmp(net->corridors[first].name, f[C_NAME].s) == 0) {
        char sb[64];
        bad(L, &f[C_NAME], "duplicate corridor name '%s'", shown(&f[C_NAME], sb, sizeof sb));
        fault = 1;
    }
    if (!empty(fld(f, idx, C_VIA)))
        fault |= each_part(L, fld(f, idx, C_VIA), via_part, &c);
    if (!empty(fld(f, idx, C_AVOID)))
        fault |= each_part(L, fld(f, idx, C_AVOID), avoid_part, &c);
    if (!empty(fld(f, idx, C_MODES)))
        fault |= each_part(L, fld(f, idx, C_MODES), mode_part, &c);
    if (!empty(fld(f, idx, C_REQUIRES)))
        fault |= each_part(L, fld(f, idx, C_REQUIRES), requires_part, &c);
    country_list nl = {c.near, &c.nnear, "near"}, bl = {c.beyond, &c.nbeyond, "beyond"};
    if (!empty(fld(f, idx, C_NEAR)))
        fault |= each_part(L, fld(f, idx, C_NEAR), country_part, &nl);
    if (!empty(fld(f, idx, C_BEYOND)))
        fault |= each_part(L, fld(f, idx, C_BEYOND), country_part, &bl);
    for (uint32_t i = 0; i < c.nnear && !fault; i++)
        for (uint32_t k = 0; k < c.nbeyond; k++)
            if (strcmp(c.near[i], c.beyond[k]) == 0) {
                bad(L, fld(f, idx, C_BEYOND), "beyond: %s is also in near: a country lies on one side", c.near[i]);
                fault = 1;
            }
    for (uint32_t i = 0; i < c.nvia && !fault; i++)
        for (uint32_t k = 0; k < c.navoid_nodes; k++)
            if (c.via[i] == c.avoid_nodes[k]) {
                bad(L, fld(f, idx, C_AVOID), "avoid: %s is also a via place of this corridor",
                    net->nodes[c.via[i]].id);
                fault = 1;
            }
    if (fault)
        return COR_OK;
    c.name = dup(L, fld(f, idx, C_NAME));
    c.description = dup(L, fld(f, idx, C_DESC));
    c.source = dup_shared(L, fld(f, idx, C_SOURCE));
    c.defining = dup(L, fld(f, idx, C_DEFINING));
    if (!c.name || !c.description || !c.source || !c.defining || u64map_put(&L->corridor_names, str_key(c.name), net->ncorridors) != 0)
        return OOM(L);
    net->corridors[net->ncorridors++] = c;
    return COR_OK;
}

/* ---- records: read, overlaid by scenario operations, then handled --- */

/* A file with no scenario operation is streamed: each record is checked and
 * converted as the CSV reader hands it over, and nothing but the model is
 * kept (memory proportional to the model, not to the file's fields).
 *
 * A file that scenario operations change (add, remove, change rows) is
 * first read into a table of records, one compact cell per schema column
 * (a column missing from the header is an empty cell); the operations are
 * applied to the table through a hash index of the rows' keys, and only
 * then is each record checked and converted: a field that a scenario
 * supplied is checked exactly like one from the CSV file, and its errors
 * name the scenario file and JSON path.  O(rows + operations). */

static const int ident_idx[MAX_COLS] = {0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15,
                                        16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31};

/* Check that required cells are non-empty, then hand the record (fields
 * in schema order, lengths set) to the file's row function.  Only a status
 * that must stop the load (ENOMEM, ELIMIT) is returned. */
static cor_status handle_record(loader *L, cor_csv_field *f)
{
    int fault = 0;
    for (size_t c = 0; c < L->ncols; c++) {
        f[c].len = strlen(f[c].s);
        if (L->cols[c].nonempty && f[c].len == 0) {
            errat(L, &f[c], COR_EDATA, "%s must not be empty", L->cols[c].name);
            fault = 1;
            continue;
        }
        /* a scenario's value did not pass the CSV reader: same limits */
        if (f[c].len > COR_CSV_MAX_FIELD) {
            /* reported, then handled as empty (see below) */
            errat(L, &f[c], COR_ELIMIT, "%s: %zu bytes long (limit %u)", L->cols[c].name, f[c].len,
                  COR_CSV_MAX_FIELD);
            f[c].s = "";
            f[c].len = 0;
            continue;
        }
        if (f[c].json_path && cor_utf8_check(f[c].s, f[c].len) != f[c].len) { /* CSV text is checked whole */
            errat(L, &f[c], COR_EDATA, "%s is not valid UTF-8", L->cols[c].name);
            fault = 1;
            continue;
        }
        uint32_t cp;
        size_t at = cor_text_find_control(f[c].s, f[c].len, &cp);
        if (at < f[c].len) {
            /* the row is still handled, so that its id stays known and
             * references to it raise no further errors; the row function's
             * own complaint about this field, if any, is dropped (vreport) */
            errat(L, &f[c], COR_EDATA, "%s: control character U+%04X at byte %zu (text must be printable: no "
                                       "line breaks, escapes or direction overrides)",
                  L->cols[c].name, (unsigned)cp, at + 1);
        }
    }
    if (fault)
        return COR_OK;
    cor_status s = L->fn(L, f, ident_idx, f[0].line, 0);
    return s == COR_ENOMEM || s == COR_ELIMIT ? s : COR_OK;
}

static cor_csv_field *cell(loader *L, size_t row, size_t col)
{
    return &L->cells[row * L->ncols + col];
}

static cor_status push_row(loader *L, size_t *row)
{
    if (L->nrows == L->caprows) {
        size_t cap = L->caprows ? L->caprows * 2 : 256;
        cor_csv_field *nc = realloc(L->cells, cap * L->ncols * sizeof *nc);
        if (!nc)
            return OOM(L);
        L->cells = nc;
        uint8_t *nr = realloc(L->removed, cap);
        if (!nr)
            return OOM(L);
        L->removed = nr;
        L->caprows = cap;
    }
    *row = L->nrows++;
    L->removed[*row] = 0;
    memset(cell(L, *row, 0), 0, L->ncols * sizeof(cor_csv_field));
    return COR_OK;
}

static cor_status on_row(void *ud, const cor_csv_field *f, size_t n, uint32_t end_line,
                         uint32_t end_col)
{
    loader *L = ud;
    if (!L->seen_header) {
        L->seen_header = 1;
        L->nheader = n;
        for (size_t c = 0; c < L->ncols; c++)
            L->idx[c] = -1;
        cor_status st = COR_OK;
        for (size_t i = 0; i < n; i++) {
            size_t c;
            for (c = 0; c < L->ncols; c++)
                if (strcmp(f[i].s, L->cols[c].name) == 0)
                    break;
            if (c == L->ncols) {
                char list[512] = "";
                for (size_t k = 0; k < L->ncols; k++) {
                    strncat(list, L->cols[k].name, sizeof list - strlen(list) - 1);
                    if (k + 1 < L->ncols)
                        strncat(list, ", ", sizeof list - strlen(list) - 1);
                }
                char sb[64];
                st = cor_diag_add(L->d, COR_EDATA, L->file, f[i].line, f[i].col,
                                  "unknown column '%s' (expected columns: %s)",
                                  shown(&f[i], sb, sizeof sb), list);
            } else if (L->idx[c] >= 0) {
                st = cor_diag_add(L->d, COR_EDATA, L->file, f[i].line, f[i].col,
                                  "column '%s' appears twice in the header", L->cols[c].name);
            } else {
                L->idx[c] = (int)i;
            }
        }
        for (size_t c = 0; c < L->ncols; c++)
            if (L->cols[c].in_header && L->idx[c] < 0)
                st = cor_diag_add(L->d, COR_EDATA, L->file, 1, 1, "missing column '%s' in the header",
                                  L->cols[c].name);
        /* A broken header makes every row meaningless: stop this file. */
        return st == COR_OK ? COR_OK : COR_EDATA;
    }
    if (n != L->nheader) {
        if (n > L->nheader)
            return cor_diag_add(L->d, COR_EDATA, L->file, f[L->nheader].line, f[L->nheader].col,
                                "extra field: the header has %zu columns but this row has %zu",
                                L->nheader, n),
                   COR_OK;
        cor_diag_add(L->d, COR_EDATA, L->file, end_line, end_col,
                     "missing field: the header has %zu columns but this row has %zu", L->nheader, n);
        return COR_OK;
    }
    cor_csv_field local[MAX_COLS];
    cor_csv_field *out = local;
    size_t row = 0;
    if (L->table) {
        if (push_row(L, &row) != COR_OK)
            return COR_ENOMEM;
        out = cell(L, row, 0);
    }
    for (size_t c = 0; c < L->ncols; c++) {
        cor_csv_field *x = &out[c];
        if (L->idx[c] >= 0) {
            *x = f[L->idx[c]];
            if (L->table) {
                x->s = cor_arena_strdup(&L->tmp, f[L->idx[c]].s, f[L->idx[c]].len);
                if (!x->s)
                    return OOM(L);
            }
        } else {
            memset(x, 0, sizeof *x);
            x->line = f[0].line;
            x->col = f[0].col;
            x->s = "";
        }
    }
    return L->table ? COR_OK : handle_record(L, out);
}

static int key_cols(cor_file_kind k, int *cols)
{
    switch (k) {
    case COR_F_NODES: cols[0] = N_ID; return 1;
    case COR_F_MODES: cols[0] = M_MODE; return 1;
    case COR_F_BORDERS: cols[0] = B_ID; return 1;
    case COR_F_LANES: cols[0] = S_FROM; cols[1] = S_TO; return 2;
    case COR_F_LINKS: cols[0] = L_ID; return 1;
    case COR_F_TRANSFERS: cols[0] = T_NODE; cols[1] = T_FROM; cols[2] = T_TO; return 3;
    case COR_F_CORRIDORS: cols[0] = C_NAME; return 1;
    case COR_F_FACTORS: cols[0] = E_ID; return 1;
    case COR_F_TERMINALS: cols[0] = R_NODE; cols[1] = R_CLASS; return 2;
    case COR_F_RESTRICTIONS: cols[0] = X_ID; return 1;
    case COR_F_DRIVING: cols[0] = D_COUNTRY; return 1;
    case COR_F_RATES: cols[0] = A_MODE; cols[1] = A_COUNTRY; return 2;
    case COR_F_SERVICES: cols[0] = V_ID; return 1;
    case COR_F_COUNT: break;
    }
    return 0;
}

static const char *op_value(const cor_op *op, int col)
{
    for (int i = 0; i < op->nfields; i++)
        if (op->fields[i].col == col)
            return op->fields[i].value;
    return NULL;
}

/* The key of a row (or of an op) as one string: the key columns joined by
 * a unit separator, the two ends of a two-ended key (lanes: from, to;
 * transfers: from_class, to_class) in sorted order so that either order
 * matches.  Single-column keys are the value itself.  NULL on OOM. */
static const char *make_key(loader *L, const char *const *v, int nk)
{
    if (nk == 1)
        return v[0];
    int first = nk == 3; /* transfers: node is fixed */
    const char *a = v[first], *b = v[first + 1];
    if (strcmp(a, b) > 0) {
        const char *t = a;
        a = b;
        b = t;
    }
    const char *fixed = first ? v[0] : "";
    size_t n = strlen(fixed) + strlen(a) + strlen(b) + 3;
    char *k = cor_arena_alloc(&L->tmp, n);
    if (k)
        snprintf(k, n, "%s\x1f%s\x1f%s", fixed, a, b);
    return k;
}

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* The row index: an open-addressing table of distinct keys, each with the
 * first and last row holding it; rows with the same key are chained in row
 * order through next[]. */
typedef struct key_slot {
    const char *key;
    size_t first, last;
} key_slot;

typedef struct row_index {
    key_slot *slots;
    size_t cap, used;
    size_t *next;     /* [caprows] next row with the same key, SIZE_MAX at the end */
    size_t next_cap;
} row_index;

static void index_free(row_index *ix)
{
    free(ix->slots);
    free(ix->next);
    memset(ix, 0, sizeof *ix);
}

static key_slot *index_find(row_index *ix, const char *key)
{
    size_t mask = ix->cap - 1, i = (size_t)hash_str(key) & mask;
    while (ix->slots[i].key && strcmp(ix->slots[i].key, key) != 0)
        i = (i + 1) & mask;
    return &ix->slots[i];
}

static cor_status index_add(loader *L, row_index *ix, const char *key, size_t row)
{
    if ((ix->used + 1) * 2 > ix->cap) {
        size_t cap = ix->cap ? ix->cap * 2 : 1024;
        key_slot *old = ix->slots;
        size_t oldcap = ix->cap;
        ix->slots = calloc(cap, sizeof *ix->slots);
        if (!ix->slots) {
            ix->slots = old;
            return OOM(L);
        }
        ix->cap = cap;
        for (size_t i = 0; i < oldcap; i++)
            if (old[i].key)
                *index_find(ix, old[i].key) = old[i];
        free(old);
    }
    if (row >= ix->next_cap) {
        size_t cap = ix->next_cap ? ix->next_cap * 2 : 1024;
        while (cap <= row)
            cap *= 2;
        size_t *nn = realloc(ix->next, cap * sizeof *nn);
        if (!nn)
            return OOM(L);
        ix->next = nn;
        ix->next_cap = cap;
    }
    ix->next[row] = SIZE_MAX;
    key_slot *k = index_find(ix, key);
    if (!k->key) {
        k->key = key;
        k->first = k->last = row;
        ix->used++;
    } else {
        ix->next[k->last] = row;
        k->last = row;
    }
    return COR_OK;
}

static const char *row_key(loader *L, size_t row, const int *kc, int nk)
{
    const char *v[3];
    for (int i = 0; i < nk; i++)
        v[i] = cell(L, row, (size_t)kc[i])->s;
    return make_key(L, v, nk);
}

/* A cell set by a scenario: its text, file and JSON path. */
static void set_field(cor_csv_field *x, const cor_op *op, const cor_op_field *of)
{
    memset(x, 0, sizeof *x);
    x->s = of->value;
    x->len = strlen(of->value);
    x->json_file = op->json_file;
    x->json_path = of->path;
}

static cor_status apply_ops(loader *L)
{
    int kc[3];
    int nk = key_cols(L->kind, kc);
    row_index ix;
    memset(&ix, 0, sizeof ix);
    cor_status st = COR_OK;
    for (size_t r = 0; r < L->nrows && st == COR_OK; r++) {
        const char *k = row_key(L, r, kc, nk);
        st = k ? index_add(L, &ix, k, r) : OOM(L);
    }
    for (size_t i = 0; i < L->nops && st == COR_OK; i++) {
        const cor_op *op = &L->ops[i];
        if (op->file != L->kind)
            continue;
        cor_csv_field at_op;
        memset(&at_op, 0, sizeof at_op);
        at_op.json_file = op->json_file;
        at_op.json_path = op->path;
        int missing = 0;
        const char *v[3];
        for (int k = 0; k < nk; k++) {
            v[k] = op_value(op, kc[k]);
            if (!v[k] || !v[k][0]) {
                errat(L, &at_op, COR_EDATA, "%s is required to %s a row of %s", L->cols[kc[k]].name,
                      op->kind == COR_OP_ADD ? "add" : op->kind == COR_OP_REMOVE ? "remove" : "change",
                      cor_file_kind_name(L->kind));
                missing = 1;
            }
        }
        if (missing)
            continue;
        const char *key = make_key(L, v, nk);
        if (!key) {
            st = OOM(L);
            break;
        }
        if (op->kind == COR_OP_ADD) {
            size_t r;
            if ((st = push_row(L, &r)) != COR_OK)
                break;
            for (size_t c = 0; c < L->ncols; c++) {
                cor_csv_field *x = cell(L, r, c);
                x->s = "";
                x->json_file = op->json_file;
                size_t n = strlen(op->path) + strlen(L->cols[c].name) + 2;
                char *p = cor_arena_alloc(&L->tmp, n);
                if (!p) {
                    st = OOM(L);
                    break;
                }
                snprintf(p, n, "%s.%s", op->path, L->cols[c].name);
                x->json_path = p;
            }
            for (int k = 0; k < op->nfields && st == COR_OK; k++)
                set_field(cell(L, r, (size_t)op->fields[k].col), op, &op->fields[k]);
            if (st == COR_OK)
                st = index_add(L, &ix, key, r);
            continue;
        }
        /* the first row with the key that is not removed */
        size_t j = SIZE_MAX;
        if (ix.cap) {
            key_slot *ks = index_find(&ix, key);
            for (size_t r = ks->key ? ks->first : SIZE_MAX; r != SIZE_MAX; r = ix.next[r])
                if (!L->removed[r]) {
                    j = r;
                    break;
                }
        }
        if (j == SIZE_MAX) {
            char keyb[256] = "";
            for (int k = 0; k < nk; k++) {
                if (k)
                    strncat(keyb, ", ", sizeof keyb - strlen(keyb) - 1);
                strncat(keyb, v[k], sizeof keyb - strlen(keyb) - 1);
            }
            char kb[300];
            cor_text_display(keyb, kb, sizeof kb, 120);
            errat(L, &at_op, COR_EDATA, "no row of %s has the key %s, so there is nothing to %s",
                  cor_file_kind_name(L->kind), kb, op->kind == COR_OP_REMOVE ? "remove" : "change");
            continue;
        }
        if (op->kind == COR_OP_REMOVE) {
            L->removed[j] = 1;
            continue;
        }
        for (int k = 0; k < op->nfields; k++) {
            int is_key = 0;
            for (int q = 0; q < nk; q++)
                is_key |= op->fields[k].col == kc[q];
            if (!is_key)
                set_field(cell(L, j, (size_t)op->fields[k].col), op, &op->fields[k]);
        }
    }
    index_free(&ix);
    return st;
}

static cor_status load_path(loader *L, const char *path, cor_file_kind kind, const col_spec *cols, size_t ncols,
                            row_fn fn, int optional);

static cor_status load_file(loader *L, const char *dir, const char *name, cor_file_kind kind,
                            const col_spec *cols, size_t ncols, row_fn fn, int optional)
{
    char path[4096];
    int w = snprintf(path, sizeof path, "%s/%s", dir, name);
    if (w < 0 || (size_t)w >= sizeof path)
        return cor_diag_add(L->d, COR_EIO, dir, 0, 0, "folder path is too long");
    return load_path(L, path, kind, cols, ncols, fn, optional);
}

static cor_status load_path(loader *L, const char *path, cor_file_kind kind, const col_spec *cols, size_t ncols,
                            row_fn fn, int optional)
{
    char *file = cor_arena_strdup(&L->net->arena, path, strlen(path));
    if (!file)
        return COR_ENOMEM;
    L->file = file;
    L->cols = cols;
    L->ncols = ncols;
    L->seen_header = 0;
    L->fn = fn;
    L->kind = kind;
    L->nrows = 0;
    L->caprows = 0; /* cells are sized by this file's columns */
    free(L->cells);
    free(L->removed);
    L->cells = NULL;
    L->removed = NULL;
    L->table = 0;
    for (size_t i = 0; i < L->nops; i++)
        L->table |= L->ops[i].file == kind;
    cor_arena_free(&L->tmp);
    cor_status s = COR_OK;
    int exists = cor_input_exists(path, L->d);
    if (exists < 0)
        return COR_EIO;
    if (!exists) {
        if (!optional)
            return cor_diag_add(L->d, COR_EIO, path, 0, 0, "cannot open: %s", strerror(ENOENT));
    } else {
        size_t before = L->d->count;
        s = cor_csv_read_file(path, on_row, L, L->d);
        if (s == COR_OK && !L->seen_header && L->d->count == before)
            s = cor_diag_add(L->d, COR_EDATA, path, 1, 1, "file has no header row");
        if (s != COR_OK)
            return s;
    }
    if (!L->table)
        return COR_OK;
    s = apply_ops(L);
    if (s != COR_OK)
        return s;
    for (size_t j = 0; j < L->nrows; j++) {
        if (L->removed[j])
            continue;
        cor_csv_field f[MAX_COLS];
        memcpy(f, cell(L, j, 0), L->ncols * sizeof *f);
        s = handle_record(L, f);
        if (s != COR_OK)
            return s;
    }
    return COR_OK;
}

/* ---- the whole folder ---------------------------------------------- */

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

static int id_cmp(const void *a, const void *b)
{
    const cor_key *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->node > y->node) - (x->node < y->node);
}

/* Schema access for scenario files. */
static const struct {
    const char *name;
    const col_spec *cols;
    size_t ncols;
} schemas[COR_F_COUNT] = {
    [COR_F_NODES] = {"nodes", node_cols, NCOLS(node_cols)},
    [COR_F_MODES] = {"modes", mode_cols, NCOLS(mode_cols)},
    [COR_F_BORDERS] = {"borders", border_cols, NCOLS(border_cols)},
    [COR_F_LANES] = {"sealanes", lane_cols, NCOLS(lane_cols)},
    [COR_F_LINKS] = {"links", link_cols, NCOLS(link_cols)},
    [COR_F_TRANSFERS] = {"transfers", transfer_cols, NCOLS(transfer_cols)},
    [COR_F_CORRIDORS] = {"corridors", corridor_cols, NCOLS(corridor_cols)},
    [COR_F_FACTORS] = {"emission_factors", factor_cols, NCOLS(factor_cols)},
    [COR_F_TERMINALS] = {"terminals", terminal_cols, NCOLS(terminal_cols)},
    [COR_F_RESTRICTIONS] = {"restrictions", restriction_cols, NCOLS(restriction_cols)},
    [COR_F_DRIVING] = {"driving_rules", driving_cols, NCOLS(driving_cols)},
    [COR_F_RATES] = {"rates", rate_cols, NCOLS(rate_cols)},
    [COR_F_SERVICES] = {"services", service_cols, NCOLS(service_cols)},
};

int cor_schema_key_cols(cor_file_kind k, int *cols) { return key_cols(k, cols); }
const char *cor_file_kind_name(cor_file_kind k) { return (unsigned)k < COR_F_COUNT ? schemas[k].name : "?"; }
int cor_schema_ncols(cor_file_kind k) { return (unsigned)k < COR_F_COUNT ? (int)schemas[k].ncols : 0; }
const char *cor_schema_col_name(cor_file_kind k, int col) { return schemas[k].cols[col].name; }

int cor_schema_col(cor_file_kind k, const char *name)
{
    for (size_t c = 0; c < schemas[k].ncols; c++)
        if (strcmp(schemas[k].cols[c].name, name) == 0)
            return (int)c;
    return -1;
}

static void report_clash(void *ctx, uint32_t a, uint32_t b, const char *key)
{
    loader *L = ctx;
    char wb[160];
    const cor_csv_field *pa = &L->node_pos[a], *pb = &L->node_pos[b];
    if (!key)
        errat(L, pb, COR_EDATA, "duplicate node id '%s' (first at %s)", L->net->nodes[b].id,
              where(pa, wb, sizeof wb));
    else
        errat(L, pb, COR_EDATA,
              "name or alias '%s' of node %s is already used by node %s (%s); names must be unique "
              "so that places resolve",
              key, L->net->nodes[b].id, L->net->nodes[a].id, where(pa, wb, sizeof wb));
}

const char *const *cor_network_file_names(void)
{
    static const char *const names[] = {"nodes.csv",   "modes.csv",     "emission_factors.csv", "borders.csv",
                                        "sealanes.csv", "links.csv",    "transfers.csv",        "terminals.csv",
                                        "corridors.csv", "restrictions.csv", "driving_rules.csv", "rates.csv",
                                        "services.csv", NULL};
    return names;
}

cor_status cor_network_load(const char *dir, cor_network **out, cor_diag *d)
{
    return cor_network_load_ops(dir, NULL, 0, NULL, out, d);
}

cor_status cor_network_load_ops(const char *dir, const cor_op *ops, size_t nops, const char *factors_file,
                                cor_network **out, cor_diag *d)
{
    *out = NULL;
    if (cor_snapshot_is_file(dir)) { /* issue 13: a snapshot (corridor build) instead of a folder */
        if (nops == 0 && !factors_file) { /* its binary image, if it has one */
            cor_status si = cor_snapshot_load_net(dir, out, d);
            if (si != COR_ENOTFOUND)
                return si;
        }
        char *tmp = NULL;
        cor_status ss = cor_snapshot_extract(dir, &tmp, d);
        if (ss == COR_OK)
            ss = cor_network_load_ops(tmp, ops, nops, factors_file, out, d);
        cor_snapshot_remove_dir(tmp);
        if (ss == COR_OK) { /* the network answers to the snapshot's name */
            char *name = strdup(dir);
            if (!name) {
                cor_network_free(*out);
                *out = NULL;
                return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
            }
            free((*out)->dir);
            (*out)->dir = name;
        }
        return ss;
    }
    size_t errors_before = d->count;
    cor_network *net = calloc(1, sizeof *net);
    if (!net)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    loader L;
    memset(&L, 0, sizeof L);
    L.net = net;
    L.d = d;
    L.ops = ops;
    L.nops = nops;
    cor_status s = COR_OK;
    net->dir = strdup(dir);
    if (!net->dir) {
        s = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        goto fail;
    }
    if ((s = cor_input_dir(dir, d)) != COR_OK)
        goto fail;
    s = load_file(&L, dir, "nodes.csv", COR_F_NODES, node_cols, NCOLS(node_cols), node_row, 0);
    /* A nodes file that cannot be read as a table (broken header, bad
     * bytes) would make every reference an error: stop here. */
    if (s != COR_OK)
        goto fail;
    const char *nodes_file = L.file;
    s = cor_network_index(net, d, report_clash, &L);
    if (s == COR_ENOMEM)
        goto fail;
    if (net->nnodes == 0 && d->count == errors_before)
        cor_diag_add(d, COR_EDATA, nodes_file, 1, 1, "no nodes: the file has a header but no rows");

    s = load_file(&L, dir, "modes.csv", COR_F_MODES, mode_cols, NCOLS(mode_cols), mode_row, 0);
    if (s != COR_OK)
        goto fail;
    if (factors_file)
        s = load_path(&L, factors_file, COR_F_FACTORS, factor_cols, NCOLS(factor_cols), factor_row, 0);
    else
        s = load_file(&L, dir, "emission_factors.csv", COR_F_FACTORS, factor_cols, NCOLS(factor_cols), factor_row, 1);
    if (s != COR_OK)
        goto fail;
    resolve_factor_defaults(&L, L.file);
    s = load_file(&L, dir, "borders.csv", COR_F_BORDERS, border_cols, NCOLS(border_cols), border_row, 1);
    if (s != COR_OK)
        goto fail;
    s = load_file(&L, dir, "sealanes.csv", COR_F_LANES, lane_cols, NCOLS(lane_cols), lane_row, 1);
    if (s != COR_OK)
        goto fail;
    if (cor_network_index_lanes(net, d) != COR_OK) {
        s = COR_ENOMEM;
        goto fail;
    }
    s = load_file(&L, dir, "driving_rules.csv", COR_F_DRIVING, driving_cols, NCOLS(driving_cols), driving_row, 1);
    if (s != COR_OK)
        goto fail;
    s = load_file(&L, dir, "rates.csv", COR_F_RATES, rate_cols, NCOLS(rate_cols), rate_row, 1);
    if (s != COR_OK)
        goto fail;
    s = load_file(&L, dir, "links.csv", COR_F_LINKS, link_cols, NCOLS(link_cols), link_row, 0);
    if (s != COR_OK)
        goto fail;
    const char *links_file = L.file;
    s = route_auto_links(&L);
    if (s != COR_OK)
        goto fail;
    L.memo = cor_sea_memo_new(0);
    if (!L.memo) {
        s = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        goto fail;
    }
    s = load_file(&L, dir, "services.csv", COR_F_SERVICES, service_cols, NCOLS(service_cols), service_row, 1);
    if (s != COR_OK)
        goto fail;
    L.file = links_file;
    /* resolve border references */
    for (uint32_t i = 0; i < net->nlinks; i++) {
        const char *ref = L.link_border_ref[i];
        if (!ref)
            continue;
        uint32_t b = u64map_get(&L.border_ids, str_key(ref));
        if (b == COR_NONE || strcmp(net->borders[b].id, ref) != 0) {
            errat(&L, &L.link_border_pos[i], COR_EDATA, "border: link %s: unknown border '%s' (not in borders.csv)",
                  net->links[i].id, ref);
            continue;
        }
        cor_link *k = &net->links[i];
        if (net->borders[b].node != k->from && net->borders[b].node != k->to) {
            errat(&L, &L.link_border_pos[i], COR_EDATA,
                  "border: link %s: border %s is at node %s, which is not an end of the link", k->id,
                  net->borders[b].id, net->nodes[net->borders[b].node].id);
            continue;
        }
        k->border = b;
    }
    if (net->nlinks == 0 && cor_diag_status(d) == COR_OK)
        cor_diag_add(d, COR_EDATA, links_file, 1, 1, "no links: the file has a header but no rows");
    /* the classes of the links at each node, for rules that need one */
    L.node_classes = calloc(net->nnodes ? net->nnodes : 1, sizeof *L.node_classes);
    if (!L.node_classes) {
        s = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        goto fail;
    }
    for (uint32_t i = 0; i < net->nlinks; i++) {
        L.node_classes[net->links[i].from] |= 1u << net->links[i].cls;
        L.node_classes[net->links[i].to] |= 1u << net->links[i].cls;
    }
    s = load_file(&L, dir, "transfers.csv", COR_F_TRANSFERS, transfer_cols, NCOLS(transfer_cols), transfer_row, 1);
    if (s != COR_OK)
        goto fail;
    s = load_file(&L, dir, "terminals.csv", COR_F_TERMINALS, terminal_cols, NCOLS(terminal_cols), terminal_row, 1);
    if (s != COR_OK)
        goto fail;
    {
        /* duplicate link ids */
        cor_key *tmp = calloc(net->nlinks ? net->nlinks : 1, sizeof *tmp);
        if (!tmp) {
            s = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
            goto fail;
        }
        for (uint32_t i = 0; i < net->nlinks; i++) {
            tmp[i].key = net->links[i].id;
            tmp[i].node = i;
        }
        qsort(tmp, net->nlinks, sizeof *tmp, id_cmp);
        L.file = links_file;
        for (uint32_t i = 1; i < net->nlinks; i++)
            if (strcmp(tmp[i].key, tmp[i - 1].key) == 0) {
                char wb[160];
                uint32_t a = tmp[i - 1].node, b = tmp[i].node;
                errat(&L, &L.link_pos[b], COR_EDATA, "duplicate link id '%s' (first at %s)", tmp[i].key,
                      where(&L.link_pos[a], wb, sizeof wb));
            }
        free(tmp);
    }
    s = cor_network_index_links(net, d);
    if (s == COR_ENOMEM)
        goto fail;
    s = load_file(&L, dir, "restrictions.csv", COR_F_RESTRICTIONS, restriction_cols, NCOLS(restriction_cols),
                  restriction_row, 1);
    if (s != COR_OK)
        goto fail;
    s = load_file(&L, dir, "corridors.csv", COR_F_CORRIDORS, corridor_cols, NCOLS(corridor_cols), corridor_row, 1);
    if (s != COR_OK)
        goto fail;
    s = COR_OK;
    for (size_t i = errors_before; i < d->count; i++)
        if (d->items[i].status != COR_OK) {
            s = d->items[i].status;
            break;
        }
    if (s == COR_OK && d->dropped)
        s = COR_EDATA;
    if (s != COR_OK)
        goto fail;
    /* generic sea services between the ports no service joins (model.h) */
    s = cor_network_build_generic(net, d);
    if (s != COR_OK)
        goto fail;
    goto done;
fail:
    if (s == COR_OK)
        s = COR_EDATA;
    cor_network_free(net);
    net = NULL;
done:
    free(L.node_pos);
    free(L.link_pos);
    free(L.link_border_pos);
    free(L.border_pos);
    free(L.link_border_ref);
    free(L.cells);
    free(L.removed);
    free(L.node_classes);
    free(L.pending);
    cor_sea_memo_free(L.memo);
    free(L.shared_str);
    u64map_free(&L.shared);
    u64map_free(&L.border_ids);
    u64map_free(&L.transfer_keys);
    u64map_free(&L.terminal_keys);
    u64map_free(&L.corridor_names);
    cor_arena_free(&L.tmp);
    *out = net;
    return s;
}
