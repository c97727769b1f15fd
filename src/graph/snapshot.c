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

#include "corridor/ch.h"
#include "corridor/graph.h"
#include "corridor/model.h"
#include "corridor/outfile.h"
#include "corridor/route.h"
#include "../core/infile.h"
#include "../core/alloc.h"

#define HEADER 64u
#define ENTRY 64u
#define NAME 48u
#define MAX_ENTRIES 64u
#define MAX_FILE ((size_t)1 << 32)

static uint64_t fnv(const unsigned char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
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

/* What a snapshot holds: the network's files and the box tables
 * (boxes.csv, box_rules.csv, road_limits.csv; read by cor_boxes_load). */
static const char *const extra_names[] = {"boxes.csv", "box_rules.csv", "road_limits.csv", NULL};

static int known_name(const char *name)
{
    if (strncmp(name, "ch-", 3) == 0) /* a contraction hierarchy (ch.h image) */
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
    return extra_names[k - n < 3 ? k - n : 3];
}

/* The year a snapshot's hierarchies are built for: the build's (UTC). */
static int this_year(void)
{
    time_t now = time(NULL);
    struct tm tm;
    return gmtime_r(&now, &tm) ? tm.tm_year + 1900 : 2026;
}

/* Contraction hierarchies by distance and by time (links open this year,
 * nothing avoided) when every node has one state; appended as entries
 * "ch-distance-YEAR", "ch-time-YEAR". */
static cor_status add_hierarchies(const cor_network *net, const char **names, char **data, size_t *len, uint32_t *n,
                                  char chname[2][NAME], cor_diag *d)
{
    cor_graph *g = NULL;
    cor_status s = cor_graph_build(net, &g, d);
    static const cor_objective by[2] = {COR_BY_DISTANCE, COR_BY_TIME};
    for (int k = 0; k < 2 && s == COR_OK; k++) {
        cor_query q;
        cor_query_init(&q, this_year());
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
    char chname[2][NAME];
    uint32_t n = 0;
    s = add_hierarchies(net, names, data, len, &n, chname, d);
    cor_network_free(net);
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
    if (s == COR_OK) {
        size_t at = HEADER + (size_t)n * ENTRY;
        for (uint32_t i = 0; i < n; i++) {
            unsigned char *e = buf + HEADER + (size_t)i * ENTRY;
            memcpy(e, names[i], strlen(names[i]));
            put64(e + NAME, at);
            put64(e + NAME + 8, len[i]);
            memcpy(buf + at, data[i], len[i]);
            at += (len[i] + 7) & ~(size_t)7;
        }
        memcpy(buf, COR_SNAPSHOT_MAGIC, 8);
        put32(buf + 8, COR_SNAPSHOT_VERSION);
        put32(buf + 12, 0x01020304u);
        put64(buf + 16, total);
        put64(buf + 24, fnv(buf + HEADER, total - HEADER));
        put32(buf + 32, n);
        snprintf((char *)buf + 40, 24, "corridor build");
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
    if (fnv(p + HEADER, size - HEADER) != get64(p + 24))
        return bad(d, path, "checksum mismatch: the file is corrupt");
    uint32_t n = get32(p + 32);
    if (n > MAX_ENTRIES || HEADER + (size_t)n * ENTRY > size)
        return bad(d, path, "entry table out of bounds");
    for (uint32_t i = 0; i < n; i++) {
        const unsigned char *e = p + HEADER + (size_t)i * ENTRY;
        char name[NAME + 1];
        memcpy(name, e, NAME);
        name[NAME] = 0;
        uint64_t off = get64(e + NAME), len = get64(e + NAME + 8);
        if (!known_name(name) || off > size || len > size - off || off < HEADER + (size_t)n * ENTRY) {
            snprintf(why, sizeof why, "entry %u ('%.48s') is not a network file within the snapshot", i + 1, name);
            return bad(d, path, why);
        }
    }
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

cor_status cor_snapshot_extract(const char *path, char **dir, cor_diag *d)
{
    *dir = NULL;
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
    const unsigned char *p = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED)
        return cor_diag_add(d, COR_EIO, path, 0, 0, "cannot map the snapshot: %s", strerror(errno));
    cor_status s = check(p, size, path, d);
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
        if (strncmp(name, "ch-", 3) == 0)
            continue; /* a hierarchy: used in place by cor_snapshot_ch() */
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

cor_status cor_snapshot_ch(const char *path, cor_objective by, int year, cor_fast **out, void **map, size_t *maplen,
                           cor_diag *d)
{
    *out = NULL;
    *map = NULL;
    *maplen = 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
        if (fd >= 0)
            close(fd);
        return cor_diag_add(d, COR_EIO, path, 0, 0, "cannot read the snapshot");
    }
    size_t size = (size_t)st.st_size;
    unsigned char *p = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED)
        return cor_diag_add(d, COR_EIO, path, 0, 0, "cannot map the snapshot: %s", strerror(errno));
    cor_status s = check(p, size, path, d);
    char want[NAME];
    snprintf(want, sizeof want, "ch-%s-%d", cor_objective_name(by), year);
    uint32_t n = s == COR_OK ? get32(p + 32) : 0;
    int found = 0;
    for (uint32_t i = 0; i < n && s == COR_OK && !found; i++) {
        const unsigned char *e = p + HEADER + (size_t)i * ENTRY;
        if (strncmp((const char *)e, want, NAME) != 0)
            continue;
        found = 1;
        s = cor_fast_from_image(p + get64(e + NAME), (size_t)get64(e + NAME + 8), out, d);
    }
    if (s == COR_OK && !found)
        s = COR_ENOTFOUND;
    if (s != COR_OK) {
        munmap(p, size);
        return s;
    }
    *map = p;
    *maplen = size;
    return COR_OK;
}

void cor_snapshot_unmap(void *map, size_t len)
{
    if (map)
        munmap(map, len);
}
