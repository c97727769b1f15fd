/*
 * network.c -- the network's accessors, arena, name index and lookup.
 *
 * Lookup index: every node contributes its id, name and aliases, normalised
 * (cor_normalise), to one array sorted by key; a query is normalised the same
 * way and found by binary search.  Two nodes may not share a key: that would
 * make a place name ambiguous, and cor_network_index reports it.
 * Suggestions for an unknown place rank keys by edit distance, with keys that
 * contain the query first.  O(K * |q| * |key|) for K keys, only on a miss.
 */
#include "internal.h"

#include <math.h>
#include <sys/mman.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../core/alloc.h" /* last: maps malloc & co. to the counted wrappers */

/* ---- arena ---------------------------------------------------------- */

void *cor_arena_alloc(cor_arena *a, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    if (!a->head || a->head->cap - a->head->used < size) {
        size_t cap = size > 65536 ? size : 65536;
        cor_arena_block *b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->next = a->head;
        b->used = 0;
        b->cap = cap;
        a->head = b;
    }
    void *p = a->head->data + a->head->used;
    a->head->used += size;
    return p;
}

char *cor_arena_strdup(cor_arena *a, const char *s, size_t len)
{
    char *p = cor_arena_alloc(a, len + 1);
    if (!p)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void cor_arena_free(cor_arena *a)
{
    cor_arena_block *b = a->head;
    while (b) {
        cor_arena_block *n = b->next;
        free(b);
        b = n;
    }
    a->head = NULL;
}

/* ---- names ---------------------------------------------------------- */

static const char *const mode_names[COR_MODE_COUNT] = {"sea", "feeder", "rail", "road", "ferry", "iww"};

const char *cor_mode_name(cor_mode m)
{
    return (unsigned)m < COR_MODE_COUNT ? mode_names[m] : "?";
}

int cor_mode_parse(const char *s, cor_mode *m)
{
    for (int i = 0; i < COR_MODE_COUNT; i++)
        if (strcmp(s, mode_names[i]) == 0) {
            *m = (cor_mode)i;
            return 0;
        }
    return -1;
}

const char *cor_stop_kind_name(cor_stop_kind k)
{
    switch (k) {
    case COR_STOP_PORT: return "port";
    case COR_STOP_TRANSFER: return "transfer";
    case COR_STOP_GAUGE_CHANGE: return "gauge_change";
    case COR_STOP_BORDER: return "border";
    case COR_STOP_TERMINAL: return "terminal";
    }
    return "?";
}

void cor_normalise(const char *s, char *buf, size_t size)
{
    size_t n = 0;
    int pending_space = 0;
    if (size == 0)
        return;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '.' || c == '\'')
            continue;
        if (c == ' ' || c == '-' || c == '_' || c == ',' || c == '\t') {
            pending_space = n > 0;
            continue;
        }
        if (pending_space && n + 1 < size)
            buf[n++] = ' ';
        pending_space = 0;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if (n + 1 < size)
            buf[n++] = (char)c;
    }
    buf[n] = '\0';
}

/* ---- accessors ------------------------------------------------------ */

uint32_t cor_network_node_count(const cor_network *net) { return net->nnodes; }
uint32_t cor_network_link_count(const cor_network *net) { return net->nlinks; }
uint32_t cor_network_transfer_count(const cor_network *net) { return net->ntransfers; }
uint32_t cor_network_border_count(const cor_network *net) { return net->nborders; }
uint32_t cor_network_class_count(const cor_network *net) { return net->nclasses; }
uint32_t cor_network_corridor_count(const cor_network *net) { return net->ncorridors; }
uint32_t cor_network_terminal_count(const cor_network *net) { return net->nterminals; }
const cor_terminal *cor_network_terminal(const cor_network *net, uint32_t i) { return &net->terminals[i]; }
const cor_corridor *cor_network_corridor(const cor_network *net, uint32_t i) { return &net->corridors[i]; }
uint32_t cor_network_passage_count(const cor_network *net) { return net->npassages; }
const cor_node *cor_network_node(const cor_network *net, uint32_t i) { return &net->nodes[i]; }
const cor_link *cor_network_link(const cor_network *net, uint32_t i) { return &net->links[i]; }
const cor_transfer *cor_network_transfer(const cor_network *net, uint32_t i) { return &net->transfers[i]; }
const cor_border *cor_network_border(const cor_network *net, uint32_t i) { return &net->borders[i]; }
const cor_class *cor_network_class(const cor_network *net, uint32_t i) { return &net->classes[i]; }
const char *cor_network_passage(const cor_network *net, uint32_t i) { return net->passages[i]; }
const cor_mode_params *cor_network_mode(const cor_network *net, cor_mode m) { return &net->modes[m]; }
const cor_emission_factor *cor_network_factor(const cor_network *net, cor_mode m) { return &net->factors[m]; }
uint32_t cor_network_service_count(const cor_network *net) { return net->nservices; }
const cor_service *cor_network_service(const cor_network *net, uint32_t i) { return &net->services[i]; }

/* O(S): services are few (tens), and looked up for messages and tests. */
uint32_t cor_network_find_service(const cor_network *net, const char *id)
{
    for (uint32_t i = 0; i < net->nservices; i++)
        if (strcmp(net->services[i].id, id) == 0)
            return i;
    return COR_NONE;
}
uint32_t cor_network_factor_count(const cor_network *net) { return net->nfactor_rows; }
const cor_emission_factor *cor_network_factor_row(const cor_network *net, uint32_t i) { return &net->factor_rows[i]; }
const cor_emission_factor *cor_link_factor(const cor_network *net, const cor_link *l)
{
    return l->factor != COR_NONE ? &net->factor_rows[l->factor] : &net->factors[l->mode];
}
uint32_t cor_network_restriction_count(const cor_network *net) { return net->nrestrictions; }
const cor_restriction *cor_network_restriction(const cor_network *net, uint32_t i) { return &net->restrictions[i]; }
uint64_t cor_network_default_restrictions(const cor_network *net) { return net->default_restrictions; }
uint32_t cor_network_find_restriction(const cor_network *net, const char *id)
{
    for (uint32_t i = 0; i < net->nrestrictions; i++)
        if (strcmp(net->restrictions[i].id, id) == 0)
            return i;
    return COR_NONE;
}
uint32_t cor_network_driving_rule_count(const cor_network *net) { return net->ndriving; }
const cor_driving_rule *cor_network_driving_rule(const cor_network *net, uint32_t i) { return &net->driving[i]; }
uint32_t cor_network_rate_rule_count(const cor_network *net) { return net->nrates; }
const cor_rate_rule *cor_network_rate_rule(const cor_network *net, uint32_t i) { return &net->rates[i]; }
const char *cor_network_dir(const cor_network *net) { return net->dir; }

void cor_network_free(cor_network *net)
{
    if (!net)
        return;
    free(net->dir);
    cor_warnings_destroy(&net->warnings);
    if (!net->snap_inplace) { /* else in the snapshot's mapping */
        free(net->nodes);
        free(net->links);
        free(net->keys);
        free(net->ids);
        free(net->link_ids);
        free(net->factor_rows);
    }
    free(net->transfers);
    free(net->borders);
    free(net->lanes);
    free(net->corridors);
    free(net->terminals);
    free(net->services);
    free(net->lane_first);
    free(net->lane_adj);
    free(net->lane_comp);
    free(net->restrictions);
    free(net->driving);
    free(net->rates);
    cor_arena_free(&net->arena);
    if (net->snap_map)
        munmap(net->snap_map, net->snap_len);
    free(net);
}

uint32_t cor_network_class_intern(cor_network *net, cor_mode m, uint16_t gauge)
{
    for (uint32_t i = 0; i < net->nclasses; i++)
        if (net->classes[i].mode == m && net->classes[i].gauge_mm == gauge)
            return i;
    if (net->nclasses >= COR_MAX_CLASSES)
        return COR_NONE;
    cor_class *c = &net->classes[net->nclasses];
    c->mode = m;
    c->gauge_mm = gauge;
    if (m == COR_MODE_RAIL || (m == COR_MODE_FERRY && gauge))
        snprintf(c->name, sizeof c->name, "%s%u", cor_mode_name(m), (unsigned)gauge); /* rail1520, ferry1520 */
    else
        snprintf(c->name, sizeof c->name, "%s", cor_mode_name(m));
    return net->nclasses++;
}

uint32_t cor_network_find_class(const cor_network *net, const char *name)
{
    for (uint32_t i = 0; i < net->nclasses; i++)
        if (strcmp(net->classes[i].name, name) == 0)
            return i;
    return COR_NONE;
}

uint32_t cor_network_find_passage(const cor_network *net, const char *name)
{
    for (uint32_t i = 0; i < net->npassages; i++)
        if (strcmp(net->passages[i], name) == 0)
            return i;
    return COR_NONE;
}

/* ---- index ---------------------------------------------------------- */

static int key_cmp(const void *a, const void *b)
{
    const cor_key *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    return (x->node > y->node) - (x->node < y->node);
}

static cor_status add_key(cor_network *net, size_t *n, const char *raw)
{
    char buf[256];
    cor_normalise(raw, buf, sizeof buf);
    if (!buf[0])
        return COR_OK;
    char *k = cor_arena_strdup(&net->arena, buf, strlen(buf));
    if (!k)
        return COR_ENOMEM;
    net->keys[*n].key = k;
    net->keys[*n].node = COR_NONE; /* set by caller */
    (*n)++;
    return COR_OK;
}

cor_status cor_network_index(cor_network *net, cor_diag *d, cor_clash_fn clash, void *ctx)
{
    size_t total = 0;
    for (uint32_t i = 0; i < net->nnodes; i++)
        total += 2 + net->nodes[i].naliases;
    net->keys = calloc(total ? total : 1, sizeof *net->keys);
    net->ids = calloc(net->nnodes ? net->nnodes : 1, sizeof *net->ids);
    if (!net->keys || !net->ids)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    size_t n = 0;
    for (uint32_t i = 0; i < net->nnodes; i++) {
        const cor_node *nd = &net->nodes[i];
        size_t before = n;
        if (add_key(net, &n, nd->id) != COR_OK || add_key(net, &n, nd->name) != COR_OK)
            return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        for (uint32_t a = 0; a < nd->naliases; a++)
            if (add_key(net, &n, nd->aliases[a]) != COR_OK)
                return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        for (size_t k = before; k < n; k++)
            net->keys[k].node = i;
        net->ids[i].key = nd->id;
        net->ids[i].node = i;
    }
    cor_status st = COR_OK;
    qsort(net->ids, net->nnodes, sizeof *net->ids, key_cmp);
    for (uint32_t i = 1; i < net->nnodes; i++)
        if (strcmp(net->ids[i].key, net->ids[i - 1].key) == 0) {
            uint32_t a = net->ids[i - 1].node, b = net->ids[i].node;
            if (clash)
                clash(ctx, a < b ? a : b, a < b ? b : a, NULL);
            st = COR_EDATA;
        }
    qsort(net->keys, n, sizeof *net->keys, key_cmp);
    /* drop a node's repeated keys (name equal to its alias); report clashes */
    size_t w = 0;
    for (size_t r = 0; r < n; r++) {
        if (w > 0 && strcmp(net->keys[w - 1].key, net->keys[r].key) == 0) {
            uint32_t a = net->keys[w - 1].node, b = net->keys[r].node;
            if (a != b && strcmp(net->nodes[a].id, net->nodes[b].id) != 0) {
                if (clash)
                    clash(ctx, a, b, net->keys[r].key);
                st = COR_EDATA;
            }
            continue;
        }
        net->keys[w++] = net->keys[r];
    }
    net->nkeys = (uint32_t)w;
    return st;
}

cor_status cor_network_index_links(cor_network *net, cor_diag *d)
{
    net->link_ids = calloc(net->nlinks ? net->nlinks : 1, sizeof *net->link_ids);
    if (!net->link_ids)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    for (uint32_t i = 0; i < net->nlinks; i++) {
        net->link_ids[i].key = net->links[i].id;
        net->link_ids[i].node = i;
    }
    qsort(net->link_ids, net->nlinks, sizeof *net->link_ids, key_cmp);
    return COR_OK;
}

static const cor_key *bsearch_key(const cor_key *arr, uint32_t n, const char *k)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int c = strcmp(arr[mid].key, k);
        if (c == 0)
            return &arr[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

uint32_t cor_network_find_link(const cor_network *net, const char *id)
{
    const cor_key *k = bsearch_key(net->link_ids, net->nlinks, id);
    return k ? k->node : COR_NONE;
}

/* Levenshtein distance between a and b if it is at most k, else k + 1.
 * Only the diagonal band of width 2k + 1 is computed, and the scan stops
 * as soon as a row exceeds k: O(min(|a|, |b|) * k). */
static size_t levenshtein_within(const char *a, size_t la, const char *b, size_t lb, size_t k)
{
    if ((la > lb ? la - lb : lb - la) > k)
        return k + 1;
    if (la > 255)
        la = 255;
    if (lb > 255)
        lb = 255;
    size_t prev[256], cur[256];
    const size_t big = k + 1;
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j <= k ? j : big;
    for (size_t i = 1; i <= la; i++) {
        size_t lo = i > k ? i - k : 1, hi = i + k < lb ? i + k : lb;
        size_t rowmin = big;
        cur[0] = i <= k ? i : big;
        if (lo > 1)
            cur[lo - 1] = big;
        for (size_t j = lo; j <= hi; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            size_t m = sub < del ? sub : del;
            m = m < ins ? m : ins;
            cur[j] = m > big ? big : m;
            if (cur[j] < rowmin)
                rowmin = cur[j];
        }
        if (hi < lb)
            cur[hi + 1] = big;
        if (rowmin > k && cur[0] > k)
            return big;
        memcpy(prev, cur, (lb + 1) * sizeof *prev);
    }
    return prev[lb] > k ? big : prev[lb];
}

cor_status cor_network_find_node(const cor_network *net, const char *query,
                                 uint32_t *node, uint32_t *sugg, uint32_t nsugg)
{
    char q[256];
    *node = COR_NONE;
    for (uint32_t i = 0; i < nsugg; i++)
        sugg[i] = COR_NONE;
    /* exact id first (ids are case-sensitive but also in the key index) */
    const cor_key *k = bsearch_key(net->ids, net->nnodes, query);
    if (k) {
        *node = k->node;
        return COR_OK;
    }
    cor_normalise(query, q, sizeof q);
    k = q[0] ? bsearch_key(net->keys, net->nkeys, q) : NULL;
    if (k) {
        *node = k->node;
        return COR_OK;
    }
    if (nsugg == 0 || !q[0])
        return COR_ENOTFOUND;
    size_t best[16];
    uint32_t nb = nsugg > 16 ? 16 : nsugg;
    for (uint32_t i = 0; i < nb; i++)
        best[i] = SIZE_MAX;
    /* only plausible names are suggested: a distance of at most a third of
     * the query (see below), so a bounded distance is enough */
    size_t ql = strlen(q), kmax = ql / 3 + 1;
    for (uint32_t i = 0; i < net->nkeys; i++) {
        const char *key = net->keys[i].key;
        size_t score = strstr(key, q) ? 0 : levenshtein_within(q, ql, key, strlen(key), kmax);
        if (score > kmax)
            continue;
        uint32_t nd = net->keys[i].node;
        /* keep one entry per node: replace if better */
        int have = -1;
        for (uint32_t j = 0; j < nb; j++)
            if (sugg[j] == nd)
                have = (int)j;
        if (have >= 0) {
            if (score >= best[have])
                continue;
            for (uint32_t j = (uint32_t)have; j + 1 < nb; j++) {
                sugg[j] = sugg[j + 1];
                best[j] = best[j + 1];
            }
            sugg[nb - 1] = COR_NONE;
            best[nb - 1] = SIZE_MAX;
        }
        for (uint32_t j = 0; j < nb; j++) {
            if (score < best[j]) {
                for (uint32_t t = nb - 1; t > j; t--) {
                    sugg[t] = sugg[t - 1];
                    best[t] = best[t - 1];
                }
                sugg[j] = nd;
                best[j] = score;
                break;
            }
        }
    }
    /* only suggest plausible names, and none much worse than the best */
    size_t lim = strlen(q) / 3 + 1;
    if (best[0] != SIZE_MAX && best[0] + 1 < lim)
        lim = best[0] + 1;
    for (uint32_t j = 0; j < nb; j++)
        if (best[j] > lim)
            sugg[j] = COR_NONE;
    return COR_ENOTFOUND;
}

uint32_t cor_network_find_candidates(const cor_network *net, const char *query, uint32_t *out, uint32_t max)
{
    char q[256];
    cor_normalise(query, q, sizeof q);
    size_t ql = strlen(q);
    uint32_t n = 0, distinct[64]; /* places counted so far (a place has several keys) */
    if (!ql)
        return 0;
    /* keys are sorted: those that begin with q form one run */
    uint32_t lo = 0, hi = net->nkeys;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (strcmp(net->keys[mid].key, q) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (uint32_t i = lo; i < net->nkeys && strncmp(net->keys[i].key, q, ql) == 0; i++) {
        if (net->keys[i].key[ql] != ' ')
            continue;
        uint32_t nd = net->keys[i].node;
        int seen = 0;
        for (uint32_t j = 0; j < n && j < 64; j++)
            seen |= distinct[j] == nd;
        if (seen)
            continue;
        if (n < 64)
            distinct[n] = nd;
        if (n < max)
            out[n] = nd;
        n++;
    }
    return n;
}

static int contains_ci(const char *hay, const char *needle)
{
    char h[256], n[256];
    cor_normalise(hay, h, sizeof h);
    cor_normalise(needle, n, sizeof n);
    return strstr(h, n) != NULL;
}

int cor_node_matches(const cor_node *n, const char *q)
{
    if (!q || !q[0])
        return 1;
    if (contains_ci(n->id, q) || contains_ci(n->name, q) || (n->country && contains_ci(n->country, q)))
        return 1;
    for (uint32_t i = 0; i < n->naliases; i++)
        if (contains_ci(n->aliases[i], q))
            return 1;
    return 0;
}

double cor_great_circle_km(double lat1, double lon1, double lat2, double lon2)
{
    const double r = 6371.0088, rad = 3.14159265358979323846 / 180.0;
    double p1 = lat1 * rad, p2 = lat2 * rad;
    double dp = (lat2 - lat1) * rad, dl = (lon2 - lon1) * rad;
    double a = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
    if (a > 1)
        a = 1;
    return 2 * r * asin(sqrt(a));
}

int cor_link_open_in(const cor_link *l, int year)
{
    if (l->open_year && year < l->open_year)
        return 0;
    if (l->close_year && year >= l->close_year)
        return 0;
    return 1;
}

int cor_link_has_tag(const cor_link *l, const char *tag)
{
    size_t n = strlen(tag);
    if (n == 0)
        return 0;
    for (const char *p = l->corridors; p && *p;) {
        const char *e = strchr(p, '|');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && strncmp(p, tag, n) == 0)
            return 1;
        p = e ? e + 1 : p + len;
    }
    return 0;
}
