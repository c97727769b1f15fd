/*
 * snapshot.c -- network folders as one checked, mapped file (see
 * corridor/snapshot.h).  Writing goes through cor_outfile (atomic);
 * reading maps the file read-only and checks, in order: size of the
 * header, magic, byte order, version, recorded size against the file's,
 * checksum, then every entry's name and bounds.  O(size of the file).
 */
#include "corridor/snapshot.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "corridor/cch.h"
#include "corridor/ch.h"
#include "corridor/graph.h"
#include "corridor/model.h"
#include "corridor/outfile.h"
#include "corridor/route.h"
#include "../core/infile.h"
#include "../model/internal.h"
#include "../core/alloc.h"

#define HEADER 64u
#define ENTRY 64u
#define NAME 40u /* entry: char name[40], u64 offset, u64 size, u64 hash */
#define MAX_ENTRIES 64u
#define MAX_FILE ((size_t)1 << 32)

/* A fast 64-bit hash (four multiply-rotate lanes over 8-byte words, then
 * the tail bytes and the length, mixed): several GB/s, so that checking
 * a large snapshot costs little next to reading it.  Not cryptographic:
 * it finds corruption, not tampering. */
static uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
static uint64_t hash64(const unsigned char *p, size_t n)
{
    const uint64_t k1 = 0x9e3779b185ebca87ull, k2 = 0xc2b2ae3d27d4eb4full;
    uint64_t a = k1, b = k2, c = 0x165667b19e3779f9ull, e = 0x27d4eb2f165667c5ull;
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        uint64_t w[4];
        memcpy(w, p + i, 32);
        a = rotl(a ^ (w[0] * k2), 31) * k1;
        b = rotl(b ^ (w[1] * k2), 31) * k1;
        c = rotl(c ^ (w[2] * k2), 31) * k1;
        e = rotl(e ^ (w[3] * k2), 31) * k1;
    }
    uint64_t h = rotl(a, 1) + rotl(b, 7) + rotl(c, 12) + rotl(e, 18) + (uint64_t)n;
    for (; i < n; i++)
        h = rotl(h ^ (p[i] * k1), 11) * k2;
    h ^= h >> 33;
    h *= k2;
    h ^= h >> 29;
    h *= 0x165667b19e3779f9ull;
    h ^= h >> 32;
    return h;
}

uint64_t cor_snapshot_hash(const void *p, size_t n) { return hash64(p, n); }

/* The table's checksum covers the base address too (header offset 56). */
static uint64_t table_hash(const unsigned char *table, size_t len, uint64_t base)
{
    return hash64(table, len) ^ hash64((const unsigned char *)&base, sizeof base);
}

/* The address a snapshot is written for (page-aligned, in 0x5000_0000_0000
 * .. 0x6000_0000_0000, away from where heaps, libraries and the
 * sanitizers' shadow memory live), chosen from its size so that builds
 * are reproducible and two different snapshots rarely want the same. */
static uint64_t choose_base(size_t total, uint32_t n)
{
    uint64_t key[2] = {(uint64_t)total, n};
    return 0x500000000000ull + ((hash64((const unsigned char *)key, sizeof key) & 0x3ffffull) << 26);
}

static void put32(unsigned char *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(unsigned char *p, uint64_t v) { memcpy(p, &v, 8); }
static uint32_t get32(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}
static uint64_t get64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

int cor_snapshot_is_file(const char *path)
{
    struct stat st;
    return path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* What a snapshot holds: the network's files, the box tables
 * (boxes.csv, box_rules.csv, road_limits.csv; read by cor_boxes_load) and
 * the reliability tables (variability.csv, seasons.csv; read by
 * cor_reliability_load). */
static const char *const extra_names[] = {"boxes.csv",       "box_rules.csv", "road_limits.csv",
                                          "variability.csv", "seasons.csv",   NULL};
#define NEXTRA (sizeof extra_names / sizeof extra_names[0] - 1)

static int known_name(const char *name)
{
    if (strncmp(name, "ch-", 3) == 0 || strncmp(name, "cch-", 4) == 0) /* hierarchies (ch.h, cch.h images) */
        return 1;
    if (strcmp(name, "net") == 0 || strcmp(name, "graph") == 0) /* binary images (netimage.c, graph.c) */
        return 1;
    for (const char *const *f = cor_network_file_names(); *f; f++)
        if (strcmp(*f, name) == 0)
            return 1;
    for (const char *const *f = extra_names; *f; f++)
        if (strcmp(*f, name) == 0)
            return 1;
    return 0;
}

/* The k-th name a snapshot may hold, or NULL after the last. */
static const char *nth_name(size_t k)
{
    size_t n = 0;
    for (const char *const *f = cor_network_file_names(); *f; f++, n++)
        if (n == k)
            return *f;
    return extra_names[k - n < NEXTRA ? k - n : NEXTRA];
}


/* Contraction hierarchies by distance and by time (links open this year,
 * nothing avoided) when every node has one state; appended as entries
 * "ch-distance-YEAR", "ch-time-YEAR"; and the metric-independent part of
 * a customizable one (cch.h) for the arcs open this year, "cch-YEAR". */
static cor_status add_hierarchies(const cor_network *net, const char **names, char **data, size_t *len, uint32_t *n,
                                  char chname[3][NAME], cor_diag *d)
{
    cor_graph *g = NULL;
    cor_status s = cor_graph_build(net, &g, d);
    static const cor_objective by[2] = {COR_BY_DISTANCE, COR_BY_TIME};
    for (int k = 0; k < 2 && s == COR_OK; k++) {
        cor_query q;
        cor_query_init(&q, cor_this_year());
        q.by = by[k];
        cor_filter f;
        s = cor_filter_init(&f, g, &q, d);
        if (s == COR_OK && cor_fast_eligible(&f, NULL, 0)) {
            cor_fast *fg = NULL;
            s = cor_fast_build(&f, 1, &fg, d);
            size_t sz = s == COR_OK ? cor_fast_image_size(fg) : 0;
            if (s == COR_OK && !(data[*n] = malloc(sz ? sz : 1)))
                s = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
            if (s == COR_OK) {
                cor_fast_image_write(fg, (unsigned char *)data[*n]);
                len[*n] = sz;
                snprintf(chname[k], NAME, "ch-%s-%d", cor_objective_name(by[k]), q.year);
                names[(*n)++] = chname[k];
            }
            cor_fast_free(fg);
        }
        if (s == COR_OK && k == 0 && cor_fast_eligible(&f, NULL, 0)) {
            cor_cch *c = NULL;
            s = cor_cch_build(&f, &c, d);
            size_t sz = s == COR_OK ? cor_cch_image_size(c) : 0;
            if (s == COR_OK && !(data[*n] = malloc(sz)))
                s = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
            if (s == COR_OK) {
                cor_cch_image_write(c, (unsigned char *)data[*n]);
                len[*n] = sz;
                snprintf(chname[2], NAME, "cch-%d", q.year);
                names[(*n)++] = chname[2];
            }
            cor_cch_free(c);
        }
        cor_filter_destroy(&f);
    }
    cor_graph_free(g);
    return s;
}

cor_status cor_snapshot_build(const char *dir, const char *out, cor_diag *d)
{
    cor_network *net = NULL;
    cor_status s = cor_network_load(dir, &net, d); /* refuse what every command would refuse */
    if (s != COR_OK)
        return s;
    const char *names[MAX_ENTRIES];
    char *data[MAX_ENTRIES] = {0};
    size_t len[MAX_ENTRIES] = {0};
    char chname[3][NAME];
    uint32_t n = 0;
    s = add_hierarchies(net, names, data, len, &n, chname, d);
    size_t isz = s == COR_OK ? cor_network_image_size(net) : 0;
    uint32_t net_entry = MAX_ENTRIES;
    if (isz) { /* a plain network: its binary image, written below where it lies in the file */
        net_entry = n;
        len[n] = isz;
        names[n++] = "net";
    }
    cor_graph *g = NULL;
    if (isz && s == COR_OK && (s = cor_graph_build(net, &g, d)) == COR_OK) {
        size_t gsz = cor_graph_image_size(g);
        if (!(data[n] = malloc(gsz)))
            s = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        else {
            cor_graph_image_write(g, (unsigned char *)data[n]);
            len[n] = gsz;
            names[n++] = "graph";
        }
    }
    cor_graph_free(g);
    char path[4096];
    const char *name;
    for (size_t k = 0; (name = nth_name(k)) != NULL && s == COR_OK; k++) {
        const char *const *f = &name;
        int w = snprintf(path, sizeof path, "%s/%s", dir, *f);
        if (w < 0 || (size_t)w >= sizeof path)
            s = cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "folder name too long");
        else if (access(path, F_OK) != 0)
            continue;
        else if (cor_same_file(path, out))
            s = cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--out '%s' is the network file %s; write the snapshot elsewhere",
                             out, path);
        else if ((s = cor_read_file(path, MAX_FILE, &data[n], &len[n], d)) == COR_OK)
            names[n++] = *f;
    }
    size_t total = HEADER + (size_t)n * ENTRY;
    for (uint32_t i = 0; i < n; i++)
        total += (len[i] + 7) & ~(size_t)7;
    unsigned char *buf = s == COR_OK ? calloc(1, total) : NULL;
    if (s == COR_OK && !buf)
        s = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    uint64_t base = choose_base(total, n);
    if (s == COR_OK) {
        size_t at = HEADER + (size_t)n * ENTRY;
        for (uint32_t i = 0; i < n; i++) {
            unsigned char *e = buf + HEADER + (size_t)i * ENTRY;
            memcpy(e, names[i], strlen(names[i]));
            put64(e + NAME, at);
            put64(e + NAME + 8, len[i]);
            if (i == net_entry) /* pointers for the file mapped at base */
                cor_network_image_write(net, buf + at, base + at);
            else
                memcpy(buf + at, data[i], len[i]);
            put64(e + NAME + 16, hash64(buf + at, len[i]));
            at += (len[i] + 7) & ~(size_t)7;
        }
        memcpy(buf, COR_SNAPSHOT_MAGIC, 8);
        put32(buf + 8, COR_SNAPSHOT_VERSION);
        put32(buf + 12, 0x01020304u);
        put64(buf + 16, total);
        put64(buf + 24, table_hash(buf + HEADER, (size_t)n * ENTRY, base));
        put32(buf + 32, n);
        put32(buf + 36, 8); /* every entry at an 8-byte aligned offset */
        snprintf((char *)buf + 40, 16, "corridor build");
        put64(buf + 56, base);
        cor_outfile of;
        s = cor_outfile_open(&of, out, d);
        if (s == COR_OK) {
            fwrite(buf, 1, total, of.fp);
            s = cor_outfile_close(&of, COR_OK, d);
        }
    }
    free(buf);
    for (uint32_t i = 0; i < n; i++)
        free(data[i]);
    cor_network_free(net);
    return s;
}

static cor_status bad(cor_diag *d, const char *path, const char *why)
{
    return cor_diag_add(d, COR_EDATA, path, 0, 0, "not a usable corridor snapshot: %s", why);
}

/* Check a mapped snapshot; COR_OK or COR_EDATA with the reason. */
static cor_status check(const unsigned char *p, size_t size, const char *path, cor_diag *d)
{
    char why[160];
    if (size < 8 || memcmp(p, COR_SNAPSHOT_MAGIC, 8) != 0)
        return cor_diag_add(d, COR_EDATA, path, 0, 0,
                            "not a network folder: it is a file, and not a corridor snapshot (it does not "
                            "start with CORRSNAP; corridor build makes one)");
    if (size < HEADER) {
        snprintf(why, sizeof why, "truncated: %zu bytes, shorter than its 64-byte header", size);
        return bad(d, path, why);
    }
    if (get32(p + 12) != 0x01020304u)
        return bad(d, path, "written on a machine of the other byte order");
    if (get32(p + 8) != COR_SNAPSHOT_VERSION) {
        snprintf(why, sizeof why, "version %u; this corridor reads version %u (build it again)", get32(p + 8),
                 COR_SNAPSHOT_VERSION);
        return bad(d, path, why);
    }
    if (get64(p + 16) != size) {
        snprintf(why, sizeof why, "%s: the header says %llu bytes, the file has %zu", get64(p + 16) > size ? "truncated" : "extended",
                 (unsigned long long)get64(p + 16), size);
        return bad(d, path, why);
    }
    uint32_t n = get32(p + 32);
    if (n > MAX_ENTRIES || HEADER + (size_t)n * ENTRY > size)
        return bad(d, path, "entry table out of bounds");
    if (table_hash(p + HEADER, (size_t)n * ENTRY, get64(p + 56)) != get64(p + 24))
        return bad(d, path, "checksum mismatch in its entry table: the file is corrupt");
    for (uint32_t i = 0; i < n; i++) {
        const unsigned char *e = p + HEADER + (size_t)i * ENTRY;
        char name[NAME + 1];
        memcpy(name, e, NAME);
        name[NAME] = 0;
        uint64_t off = get64(e + NAME), len = get64(e + NAME + 8);
        if (!known_name(name) || off > size || len > size - off || off < HEADER + (size_t)n * ENTRY || off % 8) {
            snprintf(why, sizeof why, "entry %u ('%.48s') is not a network file within the snapshot", i + 1, name);
            return bad(d, path, why);
        }
    }
    return COR_OK;
}

/* Verify entry e's checksum (its bytes are read only now). */
static cor_status verify(const unsigned char *p, const unsigned char *e, const char *path, cor_diag *d)
{
    if (hash64(p + get64(e + NAME), (size_t)get64(e + NAME + 8)) == get64(e + NAME + 16))
        return COR_OK;
    char why[160];
    snprintf(why, sizeof why, "checksum mismatch in entry '%.40s': the file is corrupt", (const char *)e);
    return bad(d, path, why);
}

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000 /* Linux 4.17; older kernels take it as a hint (checked below) */
#endif

/* Map the snapshot at path (private, copy-on-write) and check its header
 * and entries.  With inplace, at the address it was written for when
 * that is free (*inplace = 1: the network image's pointers hold as they
 * are), else anywhere (*inplace = 0). */
static cor_status map_checked(const char *path, unsigned char **out, size_t *outlen, int *inplace, cor_diag *d)
{
    *out = NULL;
    *outlen = 0;
    int want = inplace != NULL, dummy;
    if (!inplace)
        inplace = &dummy;
    *inplace = 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return cor_diag_add(d, COR_EIO, path, 0, 0, "cannot read the snapshot: %s", fd < 0 ? strerror(e) : "not a regular file");
    }
    size_t size = (size_t)st.st_size;
    if (size == 0) {
        close(fd);
        return cor_diag_add(d, COR_EDATA, path, 0, 0, "not a network folder: it is a file, and an empty one (not a corridor snapshot)");
    }
    unsigned char head[HEADER];
    uint64_t base = 0;
    if (size >= HEADER && pread(fd, head, HEADER, 0) == (ssize_t)HEADER && memcmp(head, COR_SNAPSHOT_MAGIC, 8) == 0)
        base = get64(head + 56);
    unsigned char *p = MAP_FAILED;
    if (want && base && base % 4096 == 0 && base >= 0x100000000ull && base < 0x700000000000ull &&
        size < 0x700000000000ull - base) {
        p = mmap((void *)(uintptr_t)base, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED_NOREPLACE, fd, 0);
        if (p != MAP_FAILED && p != (unsigned char *)(uintptr_t)base) { /* a hint not taken */
            munmap(p, size);
            p = MAP_FAILED;
        }
        *inplace = p != MAP_FAILED;
    }
    if (p == MAP_FAILED)
        p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED)
        return cor_diag_add(d, COR_EIO, path, 0, 0, "cannot map the snapshot: %s", strerror(errno));
    cor_status s = check(p, size, path, d);
    if (s != COR_OK) {
        munmap(p, size);
        *inplace = 0;
        return s;
    }
    *out = p;
    *outlen = size;
    return COR_OK;
}

/* The entry called name in a checked mapping, or NULL. */
static const unsigned char *find_entry(const unsigned char *p, const char *name)
{
    uint32_t n = get32(p + 32);
    for (uint32_t i = 0; i < n; i++) {
        const unsigned char *e = p + HEADER + (size_t)i * ENTRY;
        if (strncmp((const char *)e, name, NAME) == 0)
            return e;
    }
    return NULL;
}

cor_status cor_snapshot_load_net(const char *path, cor_network **out, cor_diag *d)
{
    *out = NULL;
    unsigned char *p;
    size_t size;
    int inplace;
    cor_status s = map_checked(path, &p, &size, &inplace, d);
    if (s != COR_OK)
        return s;
    const unsigned char *e = find_entry(p, "net"), *ge = find_entry(p, "graph");
    if (!e) {
        munmap(p, size);
        return COR_ENOTFOUND;
    }
    /* In place, the images' checksums wait for cor_network_verify (the
     * first use); copied, they are checked before the copy reads them. */
    if (!inplace && (s = verify(p, e, path, d)) == COR_OK && ge)
        s = verify(p, ge, path, d);
    cor_network *net = NULL;
    if (s == COR_OK)
        s = cor_network_from_image(path, p + get64(e + NAME), (size_t)get64(e + NAME + 8), inplace, &net, d);
    if (s != COR_OK) {
        munmap(p, size);
        return s;
    }
    if (inplace) {
        cor_network_defer_check(net, "net", p + get64(e + NAME), (size_t)get64(e + NAME + 8), get64(e + NAME + 16));
        if (ge)
            cor_network_defer_check(net, "graph", p + get64(ge + NAME), (size_t)get64(ge + NAME + 8),
                                    get64(ge + NAME + 16));
    }
    cor_network_keep_map(net, p, size);
    if (ge)
        cor_network_keep_graph(net, p + get64(ge + NAME), (size_t)get64(ge + NAME + 8));
    *out = net;
    return COR_OK;
}

void cor_snapshot_remove_dir(char *dir)
{
    if (!dir)
        return;
    char path[4096];
    const char *name;
    for (size_t k = 0; (name = nth_name(k)) != NULL; k++) {
        int w = snprintf(path, sizeof path, "%s/%s", dir, name);
        if (w > 0 && (size_t)w < sizeof path)
            unlink(path);
    }
    rmdir(dir);
    free(dir);
}

static int listed(const char *const *only, const char *name)
{
    if (!only)
        return 1;
    for (; *only; only++)
        if (strcmp(*only, name) == 0)
            return 1;
    return 0;
}

cor_status cor_snapshot_extract(const char *path, char **dir, cor_diag *d)
{
    return cor_snapshot_extract_some(path, NULL, dir, d);
}

cor_status cor_snapshot_extract_some(const char *path, const char *const *only, char **dir, cor_diag *d)
{
    *dir = NULL;
    unsigned char *p;
    size_t size;
    cor_status s = map_checked(path, &p, &size, NULL, d);
    if (s != COR_OK)
        return s;
    char *tmp = NULL;
    if (s == COR_OK) {
        const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
        size_t n = strlen(base) + 32;
        tmp = malloc(n);
        if (!tmp)
            s = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        else {
            snprintf(tmp, n, "%s/corridor-snap-XXXXXX", base);
            if (!mkdtemp(tmp)) {
                s = cor_diag_add(d, COR_EIO, NULL, 0, 0, "cannot make a folder for the snapshot in %s: %s", base,
                                 strerror(errno));
                free(tmp);
                tmp = NULL;
            }
        }
    }
    uint32_t n = s == COR_OK ? get32(p + 32) : 0;
    for (uint32_t i = 0; i < n && s == COR_OK; i++) {
        const unsigned char *e = p + HEADER + (size_t)i * ENTRY;
        char name[NAME + 1], file[4096];
        memcpy(name, e, NAME);
        name[NAME] = 0;
        if (strncmp(name, "ch-", 3) == 0 || strncmp(name, "cch-", 4) == 0 || strcmp(name, "net") == 0 ||
            strcmp(name, "graph") == 0)
            continue; /* binary images: used in place by cor_snapshot_ch(), cor_snapshot_cch(), cor_snapshot_load_net() */
        if (!listed(only, name))
            continue;
        if ((s = verify(p, e, path, d)) != COR_OK)
            break;
        snprintf(file, sizeof file, "%s/%s", tmp, name);
        FILE *fp = fopen(file, "wbx");
        size_t len = (size_t)get64(e + NAME + 8);
        if (!fp || fwrite(p + get64(e + NAME), 1, len, fp) != len)
            s = cor_diag_add(d, COR_EIO, NULL, 0, 0, "cannot unpack the snapshot into %s: %s", tmp, strerror(errno));
        if (fp && fclose(fp) != 0 && s == COR_OK)
            s = cor_diag_add(d, COR_EIO, NULL, 0, 0, "cannot unpack the snapshot into %s: %s", tmp, strerror(errno));
    }
    munmap((void *)p, size);
    if (s != COR_OK) {
        cor_snapshot_remove_dir(tmp);
        return s;
    }
    *dir = tmp;
    return COR_OK;
}

/* The entry `want` of the snapshot at path, mapped and verified: its bytes
 * at *img (*imglen), the mapping in *p (*size).  COR_ENOTFOUND (quietly,
 * nothing mapped) if there is none. */
static cor_status map_entry(const char *path, const char *want, unsigned char **p, size_t *size,
                            const unsigned char **img, size_t *imglen, cor_diag *d)
{
    cor_status s = map_checked(path, p, size, NULL, d);
    uint32_t n = s == COR_OK ? get32(*p + 32) : 0;
    int found = 0;
    for (uint32_t i = 0; i < n && s == COR_OK && !found; i++) {
        const unsigned char *e = *p + HEADER + (size_t)i * ENTRY;
        if (strncmp((const char *)e, want, NAME) != 0)
            continue;
        found = 1;
        if ((s = verify(*p, e, path, d)) == COR_OK) {
            *img = *p + get64(e + NAME);
            *imglen = (size_t)get64(e + NAME + 8);
        }
    }
    if (s == COR_OK && !found)
        s = COR_ENOTFOUND;
    if (s != COR_OK && *p) {
        munmap(*p, *size);
        *p = NULL;
    }
    return s;
}

cor_status cor_snapshot_ch(const char *path, cor_objective by, int year, cor_fast **out, void **map, size_t *maplen,
                           cor_diag *d)
{
    *out = NULL;
    *map = NULL;
    *maplen = 0;
    unsigned char *p = NULL;
    const unsigned char *img = NULL;
    size_t size = 0, imglen = 0;
    char want[NAME];
    snprintf(want, sizeof want, "ch-%s-%d", cor_objective_name(by), year);
    cor_status s = map_entry(path, want, &p, &size, &img, &imglen, d);
    if (s == COR_OK && (s = cor_fast_from_image(img, imglen, out, d)) != COR_OK)
        munmap(p, size);
    if (s != COR_OK)
        return s;
    *map = p;
    *maplen = size;
    return COR_OK;
}

cor_status cor_snapshot_cch(const char *path, int year, const cor_graph *g, cor_cch **out, void **map,
                            size_t *maplen, cor_diag *d)
{
    *out = NULL;
    *map = NULL;
    *maplen = 0;
    unsigned char *p = NULL;
    const unsigned char *img = NULL;
    size_t size = 0, imglen = 0;
    char want[NAME];
    snprintf(want, sizeof want, "cch-%d", year);
    cor_status s = map_entry(path, want, &p, &size, &img, &imglen, d);
    if (s == COR_OK && (s = cor_cch_from_image(img, imglen, g, out, d)) != COR_OK)
        munmap(p, size);
    if (s != COR_OK)
        return s;
    *map = p;
    *maplen = size;
    return COR_OK;
}

void cor_snapshot_unmap(void *map, size_t len)
{
    if (map)
        munmap(map, len);
}
