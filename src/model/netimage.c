/*
 * netimage.c -- a built network as one binary image (snapshot entry
 * "net"), read back without parsing CSV (see corridor/snapshot.h).
 *
 * Which networks: the plain ones the importers write (nodes, links,
 * modes, emission factors; no aliases, waypoints, calls, lanes,
 * transfers, terminals, borders, corridors, restrictions, services,
 * driving or rate rules, passages, generic services).  Others have no
 * image and are read from the snapshot's CSV files as before
 * (cor_network_image_size() says 0).
 *
 * Layout (native byte order and alignment, stated by the snapshot's
 * header; every array at an 8-byte aligned offset of the image):
 *   u64 magic "CORNETv1"; u32 sizeof cor_node, cor_link, cor_key,
 *   cor_mode_params, cor_emission_factor, cor_class; u32 nnodes, nlinks,
 *   nkeys, nfactor_rows, nclasses, 0; u64 offsets of nodes, links, keys,
 *   ids, link_ids, modes, factors, factor_rows, classes, strings; u64
 *   length of strings; u64 the address the image was written for.
 *   Then the arrays: the structs as in memory, with every string pointer
 *   the address its string will have when the image sits at that address
 *   (0 = NULL); the string table's strings end with NUL.
 *
 * In place (snapshot version 3): the snapshot is written for a base
 * address and mapped there when the address is free (MAP_FIXED_NOREPLACE;
 * snapshot.c), so the arrays are used as they lie in the mapping: no copy,
 * no pointer fix-up, no per-record check at load.  Their bytes are
 * trusted only after cor_network_verify() has checked the entries'
 * checksums (the network was checked by cor_network_check when build
 * wrote it, so bytes equal to those written need no second check);
 * cor_graph_build() and the command-line loaders call it before the
 * first use.  Mapped elsewhere (the address taken: a second load of the
 * same file in one process, valgrind), the arrays are copied, every
 * pointer is moved and checked against the string table, and the copy is
 * checked by cor_network_check, as in version 2.
 *
 * Reading copies each array with one memcpy, turns offsets back into
 * pointers into the mapping (which the network keeps, and unmaps when
 * freed), and then runs cor_network_check(), so that an image that is
 * well-formed but wrong (ends out of range, text not printable) is
 * refused like a bad CSV file.  O(nodes + links) time; memory: the
 * arrays (about 90 bytes a node, 250 a link).  An image written by a
 * build whose structs differ in size is refused ("build it again").
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/mman.h>

#include "internal.h"
#include "corridor/snapshot.h"
#include "../core/alloc.h" /* last: maps malloc & co. to the counted wrappers */

#define IMG_MAGIC "CORNETv1"
#define IMG_HEADER 256u

enum { O_NODES, O_LINKS, O_KEYS, O_IDS, O_LINK_IDS, O_MODES, O_FACTORS, O_FROWS, O_CLASSES, O_STRINGS, O_COUNT };

static size_t al8(size_t n) { return (n + 7) & ~(size_t)7; }

int cor_network_image_eligible(const cor_network *net)
{
    if (net->ntransfers || net->nborders || net->nlanes || net->ncorridors || net->nterminals || net->nservices ||
        net->nrestrictions || net->ndriving || net->nrates || net->npassages || net->ngeneric ||
        net->generic_limited || net->year || net->closed_passages || net->warnings.count || net->default_restrictions)
        return 0;
    for (uint32_t i = 0; i < net->nnodes; i++)
        if (net->nodes[i].naliases || net->nodes[i].aliases)
            return 0;
    for (uint32_t i = 0; i < net->nlinks; i++)
        if (net->links[i].nwaypoints || net->links[i].waypoints || net->links[i].ncalls || net->links[i].calls)
            return 0;
    return 1;
}

/* The string table while writing: strings appended, with the last one
 * of each field remembered so that repeated values ("road", "") are
 * stored once. */
typedef struct strtab {
    unsigned char *buf; /* NULL while measuring */
    size_t len;
} strtab;

typedef struct lastmemo {
    const char *s;
    uint64_t off;
} lastmemo;

static uint64_t put_str(strtab *t, lastmemo *m, const char *s)
{
    if (!s)
        return 0;
    if (m->s && (m->s == s || strcmp(m->s, s) == 0))
        return m->off;
    size_t n = strlen(s) + 1;
    if (t->buf)
        memcpy(t->buf + t->len, s, n);
    uint64_t off = (uint64_t)t->len + 1; /* 0 is NULL */
    t->len += n;
    m->s = s;
    m->off = off;
    return off;
}

static void set_ptr(const char **field, uint64_t off)
{
    uintptr_t v = (uintptr_t)off;
    memcpy(field, &v, sizeof v);
}

/* Write (buf != NULL) or measure the string table; with buf, the
 * structs in their sections get offsets in place of pointers. */
static size_t strings(const cor_network *net, unsigned char *img, const uint64_t *off, unsigned char *buf,
                      uint64_t base)
{
    strtab t = {buf, 0};
    lastmemo m[16];
    memset(m, 0, sizeof m);
#define S(dst, src, k)                                                                                                \
    do {                                                                                                              \
        uint64_t o_ = put_str(&t, &m[k], (src));                                                                      \
        if (img)                                                                                                      \
            set_ptr((const char **)&(dst), o_ ? base + o_ - 1 : 0);                                                   \
    } while (0)
    cor_node *nodes = img ? (cor_node *)(img + off[O_NODES]) : NULL;
    for (uint32_t i = 0; i < net->nnodes; i++) {
        const cor_node *n = &net->nodes[i];
        cor_node dummy, *w = nodes ? &nodes[i] : &dummy;
        S(w->id, n->id, 0);
        S(w->id_kind, n->id_kind, 1);
        S(w->name, n->name, 2);
        S(w->country, n->country, 3);
        S(w->kind, n->kind, 4);
        S(w->source, n->source, 5);
    }
    cor_link *links = img ? (cor_link *)(img + off[O_LINKS]) : NULL;
    for (uint32_t i = 0; i < net->nlinks; i++) {
        const cor_link *l = &net->links[i];
        cor_link dummy, *w = links ? &links[i] : &dummy;
        S(w->id, l->id, 6);
        S(w->status, l->status, 7);
        S(w->source, l->source, 8);
        S(w->corridors, l->corridors, 9);
        S(w->status_as_of, l->status_as_of, 10);
        S(w->operator_name, l->operator_name, 11);
        S(w->capacity_basis, l->capacity_basis, 12);
    }
    /* Keys share the nodes' and links' strings when they are the same
     * pointer; else (normalised names) they get their own. */
    cor_key *keys = img ? (cor_key *)(img + off[O_KEYS]) : NULL;
    for (uint32_t i = 0; i < net->nkeys; i++) {
        cor_key dummy, *w = keys ? &keys[i] : &dummy;
        S(w->key, net->keys[i].key, 13);
    }
    /* The id tables point at their node's or link's id string. */
    cor_key *ids = img ? (cor_key *)(img + off[O_IDS]) : NULL;
    for (uint32_t i = 0; ids && i < net->nnodes; i++)
        ids[i].key = nodes[ids[i].node].id;
    cor_key *lids = img ? (cor_key *)(img + off[O_LINK_IDS]) : NULL;
    for (uint32_t i = 0; lids && i < net->nlinks; i++)
        lids[i].key = links[lids[i].node].id;
    cor_mode_params *modes = img ? (cor_mode_params *)(img + off[O_MODES]) : NULL;
    cor_emission_factor *factors = img ? (cor_emission_factor *)(img + off[O_FACTORS]) : NULL;
    for (int i = 0; i < COR_MODE_COUNT; i++) {
        cor_mode_params dm, *wm = modes ? &modes[i] : &dm;
        S(wm->scope, net->modes[i].scope, 1);
        S(wm->source, net->modes[i].source, 5);
        cor_emission_factor df, *wf = factors ? &factors[i] : &df;
        S(wf->id, net->factors[i].id, 1);
        S(wf->version, net->factors[i].version, 3);
        S(wf->source, net->factors[i].source, 5);
    }
    cor_emission_factor *rows = img ? (cor_emission_factor *)(img + off[O_FROWS]) : NULL;
    for (uint32_t i = 0; i < net->nfactor_rows; i++) {
        cor_emission_factor df, *wf = rows ? &rows[i] : &df;
        S(wf->id, net->factor_rows[i].id, 1);
        S(wf->version, net->factor_rows[i].version, 3);
        S(wf->source, net->factor_rows[i].source, 5);
    }
#undef S
    return t.len;
}

static void layout(const cor_network *net, size_t strings_len, uint64_t *off, size_t *total)
{
    size_t at = IMG_HEADER;
    size_t sz[O_COUNT] = {
        (size_t)net->nnodes * sizeof(cor_node),     (size_t)net->nlinks * sizeof(cor_link),
        (size_t)net->nkeys * sizeof(cor_key),       (size_t)net->nnodes * sizeof(cor_key),
        (size_t)net->nlinks * sizeof(cor_key),      COR_MODE_COUNT * sizeof(cor_mode_params),
        COR_MODE_COUNT * sizeof(cor_emission_factor), (size_t)net->nfactor_rows * sizeof(cor_emission_factor),
        (size_t)net->nclasses * sizeof(cor_class),  strings_len};
    for (int k = 0; k < O_COUNT; k++) {
        off[k] = at;
        at += al8(sz[k]);
    }
    *total = at;
}

size_t cor_network_image_size(const cor_network *net)
{
    if (!cor_network_image_eligible(net))
        return 0;
    uint64_t off[O_COUNT];
    size_t total;
    layout(net, strings(net, NULL, NULL, NULL, 0), off, &total);
    return total;
}

void cor_network_image_write(const cor_network *net, unsigned char *img, uint64_t addr)
{
    size_t slen = strings(net, NULL, NULL, NULL, 0), total;
    uint64_t off[O_COUNT];
    layout(net, slen, off, &total);
    memset(img, 0, total);
    memcpy(img, IMG_MAGIC, 8);
    uint32_t h32[12] = {(uint32_t)sizeof(cor_node), (uint32_t)sizeof(cor_link), (uint32_t)sizeof(cor_key),
                        (uint32_t)sizeof(cor_mode_params), (uint32_t)sizeof(cor_emission_factor),
                        (uint32_t)sizeof(cor_class), net->nnodes, net->nlinks, net->nkeys, net->nfactor_rows,
                        net->nclasses, 0};
    memcpy(img + 8, h32, sizeof h32);
    memcpy(img + 56, off, sizeof off);
    uint64_t sl = slen;
    memcpy(img + 56 + sizeof off, &sl, 8);
    memcpy(img + 64 + sizeof off, &addr, 8);
    if (net->nnodes)
        memcpy(img + off[O_NODES], net->nodes, (size_t)net->nnodes * sizeof(cor_node));
    if (net->nlinks)
        memcpy(img + off[O_LINKS], net->links, (size_t)net->nlinks * sizeof(cor_link));
    if (net->nkeys)
        memcpy(img + off[O_KEYS], net->keys, (size_t)net->nkeys * sizeof(cor_key));
    if (net->nnodes)
        memcpy(img + off[O_IDS], net->ids, (size_t)net->nnodes * sizeof(cor_key));
    if (net->nlinks)
        memcpy(img + off[O_LINK_IDS], net->link_ids, (size_t)net->nlinks * sizeof(cor_key));
    memcpy(img + off[O_MODES], net->modes, sizeof net->modes);
    memcpy(img + off[O_FACTORS], net->factors, sizeof net->factors);
    if (net->nfactor_rows)
        memcpy(img + off[O_FROWS], net->factor_rows, (size_t)net->nfactor_rows * sizeof(cor_emission_factor));
    if (net->nclasses)
        memcpy(img + off[O_CLASSES], net->classes, (size_t)net->nclasses * sizeof(cor_class));
    strings(net, img, off, img + off[O_STRINGS], addr + off[O_STRINGS]);
}

/* Move a pointer written for a string table at `base` to the table at
 * tab; 0 if out of range (the caller refuses the image). */
static int fix(const char **field, const char *tab, uint64_t len, uint64_t base)
{
    uintptr_t v;
    memcpy(&v, field, sizeof v);
    if (v == 0) {
        *field = NULL;
        return 1;
    }
    if ((uint64_t)v - base >= len)
        return 0;
    *field = tab + ((uint64_t)v - base);
    return 1;
}

static void *dup_array(const unsigned char *src, size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p && n)
        memcpy(p, src, n);
    return p;
}

cor_status cor_network_from_image(const char *path, const unsigned char *img, size_t len, int inplace,
                                  cor_network **out, cor_diag *d)
{
    *out = NULL;
#define BAD(why) cor_diag_add(d, COR_EDATA, path, 0, 0, "not a usable corridor snapshot: network image %s", why)
    if (len < IMG_HEADER || memcmp(img, IMG_MAGIC, 8) != 0)
        return BAD("has no CORNETv1 header");
    uint32_t h32[12];
    uint64_t off[O_COUNT], slen;
    memcpy(h32, img + 8, sizeof h32);
    memcpy(off, img + 56, sizeof off);
    memcpy(&slen, img + 56 + sizeof off, 8);
    uint64_t addr;
    memcpy(&addr, img + 64 + sizeof off, 8);
    if (inplace && addr != (uint64_t)(uintptr_t)img)
        return BAD("is not at the address it was written for: the file is corrupt");
    if (h32[0] != sizeof(cor_node) || h32[1] != sizeof(cor_link) || h32[2] != sizeof(cor_key) ||
        h32[3] != sizeof(cor_mode_params) || h32[4] != sizeof(cor_emission_factor) || h32[5] != sizeof(cor_class))
        return BAD("was written by another build of corridor (record sizes differ; build it again)");
    uint32_t nn = h32[6], nl = h32[7], nk = h32[8], nf = h32[9], nc = h32[10];
    if (nn > COR_MAX_NODES || nc > COR_MAX_CLASSES || nk > (uint64_t)nn * 64 + 1)
        return BAD("counts out of range");
    uint64_t sz[O_COUNT] = {(uint64_t)nn * sizeof(cor_node),     (uint64_t)nl * sizeof(cor_link),
                            (uint64_t)nk * sizeof(cor_key),      (uint64_t)nn * sizeof(cor_key),
                            (uint64_t)nl * sizeof(cor_key),      COR_MODE_COUNT * sizeof(cor_mode_params),
                            COR_MODE_COUNT * sizeof(cor_emission_factor), (uint64_t)nf * sizeof(cor_emission_factor),
                            (uint64_t)nc * sizeof(cor_class),    slen};
    for (int k = 0; k < O_COUNT; k++)
        if (off[k] < IMG_HEADER || off[k] % 8 || off[k] > len || sz[k] > len - off[k])
            return BAD("has a section out of bounds");
    const char *tab = (const char *)img + off[O_STRINGS];
    uint64_t sbase = addr + off[O_STRINGS]; /* where the pointers expect the string table */
    if (slen && tab[slen - 1] != 0)
        return BAD("has a string table that does not end with NUL");
    cor_network *net = calloc(1, sizeof *net);
    if (!net)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    cor_status s = COR_OK;
    net->dir = strdup(path);
    if (inplace) { /* the arrays as they lie in the mapping (trusted after cor_network_verify) */
        net->snap_inplace = 1;
        net->nodes = (cor_node *)(uintptr_t)(img + off[O_NODES]);
        net->links = (cor_link *)(uintptr_t)(img + off[O_LINKS]);
        net->keys = (cor_key *)(uintptr_t)(img + off[O_KEYS]);
        net->ids = (cor_key *)(uintptr_t)(img + off[O_IDS]);
        net->link_ids = (cor_key *)(uintptr_t)(img + off[O_LINK_IDS]);
        net->factor_rows = (cor_emission_factor *)(uintptr_t)(img + off[O_FROWS]);
        net->lane_first = calloc((size_t)nn + 1, sizeof *net->lane_first); /* no lanes */
        net->lane_adj = malloc(sizeof *net->lane_adj);
        if (!net->dir || !net->lane_first || !net->lane_adj) {
            s = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
            goto fail;
        }
        net->nnodes = net->cap_nodes = nn;
        net->nlinks = net->cap_links = nl;
        net->nkeys = nk;
        net->nfactor_rows = net->cap_factor_rows = nf;
        net->nclasses = nc;
        memcpy(net->modes, img + off[O_MODES], sizeof net->modes);
        memcpy(net->factors, img + off[O_FACTORS], sizeof net->factors);
        if (nc)
            memcpy(net->classes, img + off[O_CLASSES], sz[O_CLASSES]);
        *out = net;
        return COR_OK;
    }
    net->nodes = dup_array(img + off[O_NODES], sz[O_NODES]);
    net->links = dup_array(img + off[O_LINKS], sz[O_LINKS]);
    net->keys = dup_array(img + off[O_KEYS], sz[O_KEYS]);
    net->ids = dup_array(img + off[O_IDS], sz[O_IDS]);
    net->link_ids = dup_array(img + off[O_LINK_IDS], sz[O_LINK_IDS]);
    net->factor_rows = dup_array(img + off[O_FROWS], sz[O_FROWS]);
    net->lane_first = calloc((size_t)nn + 1, sizeof *net->lane_first); /* no lanes */
    net->lane_adj = malloc(sizeof *net->lane_adj);
    if (!net->dir || !net->nodes || !net->links || !net->keys || !net->ids || !net->link_ids || !net->factor_rows ||
        !net->lane_first || !net->lane_adj) {
        s = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        goto fail;
    }
    net->nnodes = net->cap_nodes = nn;
    net->nlinks = net->cap_links = nl;
    net->nkeys = nk;
    net->nfactor_rows = net->cap_factor_rows = nf;
    net->nclasses = nc;
    memcpy(net->modes, img + off[O_MODES], sizeof net->modes);
    memcpy(net->factors, img + off[O_FACTORS], sizeof net->factors);
    if (nc)
        memcpy(net->classes, img + off[O_CLASSES], sz[O_CLASSES]);
    int ok = 1;
    for (uint32_t i = 0; i < nn && ok; i++) {
        cor_node *n = &net->nodes[i];
        ok = fix(&n->id, tab, slen, sbase) && fix(&n->id_kind, tab, slen, sbase) && fix(&n->name, tab, slen, sbase) &&
             fix(&n->country, tab, slen, sbase) && fix(&n->kind, tab, slen, sbase) && fix(&n->source, tab, slen, sbase) &&
             !n->aliases && !n->naliases && n->id;
    }
    for (uint32_t i = 0; i < nn && ok; i++)
        if ((ok = net->ids[i].node < nn) != 0)
            net->ids[i].key = net->nodes[net->ids[i].node].id;
    for (uint32_t i = 0; i < nl && ok; i++) {
        cor_link *l = &net->links[i];
        ok = fix(&l->id, tab, slen, sbase) && fix(&l->status, tab, slen, sbase) && fix(&l->source, tab, slen, sbase) &&
             fix(&l->corridors, tab, slen, sbase) && fix(&l->status_as_of, tab, slen, sbase) &&
             fix(&l->operator_name, tab, slen, sbase) && fix(&l->capacity_basis, tab, slen, sbase) && !l->waypoints &&
             !l->nwaypoints && !l->calls && !l->ncalls && l->border == COR_NONE && l->service == COR_NONE &&
             (l->factor == COR_NONE || l->factor < nf) && l->id;
    }
    for (uint32_t i = 0; i < nl && ok; i++)
        if ((ok = net->link_ids[i].node < nl) != 0)
            net->link_ids[i].key = net->links[net->link_ids[i].node].id;
    for (uint32_t i = 0; i < nk && ok; i++)
        ok = fix(&net->keys[i].key, tab, slen, sbase) && net->keys[i].key && net->keys[i].node < nn;
    for (int i = 0; i < COR_MODE_COUNT && ok; i++)
        ok = fix(&net->modes[i].scope, tab, slen, sbase) && fix(&net->modes[i].source, tab, slen, sbase) &&
             fix(&net->factors[i].id, tab, slen, sbase) && fix(&net->factors[i].version, tab, slen, sbase) &&
             fix(&net->factors[i].source, tab, slen, sbase);
    for (uint32_t i = 0; i < nf && ok; i++)
        ok = fix(&net->factor_rows[i].id, tab, slen, sbase) && fix(&net->factor_rows[i].version, tab, slen, sbase) &&
             fix(&net->factor_rows[i].source, tab, slen, sbase);
    if (!ok) {
        s = BAD("has a reference out of range");
        goto fail;
    }
    cor_diag tmp;
    if ((s = cor_diag_init(&tmp, 1)) != COR_OK) {
        s = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        goto fail;
    }
    s = cor_network_check(net, &tmp);
    if (s != COR_OK) {
        s = cor_diag_add(d, COR_EDATA, path, 0, 0, "not a usable corridor snapshot: network image fails its check (%s)",
                         tmp.count ? tmp.items[0].msg : "?");
        cor_diag_destroy(&tmp);
        goto fail;
    }
    cor_diag_destroy(&tmp);
    *out = net;
    return COR_OK;
fail:
    cor_network_free(net);
    return s;
#undef BAD
}

void cor_network_defer_check(cor_network *net, const char *name, const unsigned char *p, size_t len, uint64_t hash)
{
    if (net->snap_npending >= 2)
        return;
    uint32_t k = net->snap_npending++;
    net->snap_pending[k].p = p;
    net->snap_pending[k].len = len;
    net->snap_pending[k].hash = hash;
    snprintf(net->snap_pending[k].name, sizeof net->snap_pending[k].name, "%s", name);
}

static pthread_mutex_t verify_lock = PTHREAD_MUTEX_INITIALIZER;

cor_status cor_network_verify(const cor_network *cnet, cor_diag *d)
{
    cor_network *net = (cor_network *)(uintptr_t)cnet; /* only the verification state changes */
    if (!net->snap_npending)
        return COR_OK;
    pthread_mutex_lock(&verify_lock);
    const char *bad = NULL;
    if (net->snap_verified == 0) {
        net->snap_verified = 1;
        for (uint32_t k = 0; k < net->snap_npending && !bad; k++) {
            madvise((void *)((uintptr_t)net->snap_pending[k].p & ~(uintptr_t)4095),
                    net->snap_pending[k].len + ((uintptr_t)net->snap_pending[k].p & 4095), MADV_SEQUENTIAL);
            if (cor_snapshot_hash(net->snap_pending[k].p, net->snap_pending[k].len) != net->snap_pending[k].hash) {
                bad = net->snap_pending[k].name;
                net->snap_verified = -1 - (int)k;
            }
        }
    } else if (net->snap_verified < 0)
        bad = net->snap_pending[-1 - net->snap_verified].name;
    pthread_mutex_unlock(&verify_lock);
    if (!bad)
        return COR_OK;
    return cor_diag_add(d, COR_EDATA, net->dir, 0, 0,
                        "not a usable corridor snapshot: checksum mismatch in entry '%s': the file is corrupt", bad);
}

void cor_network_keep_map(cor_network *net, void *map, size_t len)
{
    net->snap_map = map;
    net->snap_len = len;
}

void cor_network_keep_graph(cor_network *net, const unsigned char *img, size_t len)
{
    net->snap_graph = img;
    net->snap_graph_len = len;
}
