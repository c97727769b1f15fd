/*
 * corridor/snapshot.h -- a network folder in one checked file.
 *
 * `corridor build DIR --out FILE` validates the network in DIR (the same
 * load as every command) and writes its files (nodes.csv, links.csv, ...;
 * those cor_network_file_names() lists that exist, and the box tables
 * boxes.csv, box_rules.csv and road_limits.csv) into one file:
 *
 *   header, 64 bytes:  magic "CORRSNAP", u32 version (COR_SNAPSHOT_VERSION),
 *                      u32 byte-order mark 0x01020304 (native order:
 *                      a file of the other order is refused), u64 file
 *                      size, u64 checksum of the entry table (and of the
 *                      base address), u32 entry count, u32 alignment of
 *                      entries (8), char writer[16], u64 base address
 *                      (the address the file is written to be mapped at)
 *   entries, 64 bytes each: char name[40] (NUL-padded), u64 offset,
 *                      u64 size, u64 checksum of the entry's bytes
 *   payload: the entries' bytes, each at an 8-byte aligned offset
 *
 * Checksums are a fast 64-bit hash (snapshot.c, several GB/s); an
 * entry's is verified when the entry is read, so a load pays only for
 * what it reads.
 *
 * Every command accepts such a file for --network: cor_network_load() (and
 * the scenario loads, and cor_boxes_load()) see a regular file instead of a folder, map it
 * (mmap), check it, and read the network from it.  A file that is not a
 * snapshot, is truncated or extended, has another version or byte order,
 * fails its checksum or has entries out of bounds is refused with
 * COR_EDATA and a message saying which.  A snapshot holds no scenarios:
 * with a snapshot, give --scenario a file path, not a NAME.
 *
 * With a single-state network (an import), build also contracts it by
 * distance and by time (links open in the build's year) and stores the two
 * hierarchies as entries "ch-distance-YEAR", "ch-time-YEAR" (ch.h images):
 * `corridor matrix --method ch` on the snapshot uses them in place (mmap)
 * instead of contracting again.  It also stores the metric-independent
 * part of a customizable hierarchy (cch.h), entry "cch-YEAR", which
 * `matrix --method cch` customizes for its query.
 *
 * Binary images.  For a plain network (what the importers write: nodes,
 * links, modes, factors; see src/model/netimage.c) build also stores the
 * built network ("net": its node, link and lookup arrays as in memory,
 * strings in a string table, pointers set for the file mapped at its
 * base address) and its graph ("graph": the CSR arrays of graph.h).  A
 * load without scenario edits maps the file at its base address
 * (MAP_FIXED_NOREPLACE) and uses the arrays in place: no copy, no CSV,
 * no per-record work, so the load costs the same for any size; the two
 * images' checksums are checked by cor_network_verify() before the
 * first use (cor_graph_build() calls it).  When that address is taken
 * (the same file loaded twice in one process, valgrind) the file is
 * mapped elsewhere, checked at once, and the network copied with its
 * pointers moved and checked (cor_network_check, cor_graph_check).  The
 * images hold raw structs: a snapshot written by a build whose records
 * differ in size is refused ("build it again").  Other networks (the
 * shipped multimodal one) and loads with scenario edits read the
 * snapshot's CSV files as before: unpacked into a private folder in
 * /dev/shm or $TMPDIR, parsed, and removed.
 */
#ifndef CORRIDOR_SNAPSHOT_H
#define CORRIDOR_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "corridor/cch.h"
#include "corridor/ch.h"
#include "corridor/route.h"
#include "corridor/status.h"

#define COR_SNAPSHOT_VERSION 4u
#define COR_SNAPSHOT_MAGIC "CORRSNAP"

/* The snapshot's checksum of n bytes at p (a fast 64-bit hash). */
uint64_t cor_snapshot_hash(const void *p, size_t n);

/* Is `path` a regular file (so a snapshot, if anything)?  1 or 0. */
int cor_snapshot_is_file(const char *path);

/* Validate the network in `dir` and write it as a snapshot at `out`
 * (atomically; refused, COR_EUSAGE, if out is one of the folder's files). */
cor_status cor_snapshot_build(const char *dir, const char *out, cor_diag *d);

/* Check the snapshot at `path` and write its files into a new private
 * folder; its path (malloc'd) in *dir.  cor_snapshot_remove_dir() removes
 * it and frees the string.  COR_EDATA (not a snapshot, truncated, corrupt,
 * foreign), COR_EIO, COR_ENOMEM. */
cor_status cor_snapshot_extract(const char *path, char **dir, cor_diag *d);

/* The network of a snapshot that holds its binary image ("net"), read
 * without parsing CSV; its graph image too ("graph": cor_graph_build then
 * points into the mapping).  The network keeps the mapping.  COR_ENOTFOUND
 * (quietly) if the snapshot holds no image; COR_EDATA, COR_EIO,
 * COR_ENOMEM. */
cor_status cor_snapshot_load_net(const char *path, cor_network **out, cor_diag *d);
void cor_snapshot_remove_dir(char *dir);
/* The same for only the files named in `only` (NULL-terminated; NULL:
 * all), each checked against its checksum as it is written. */
cor_status cor_snapshot_extract_some(const char *path, const char *const *only, char **dir, cor_diag *d);

/* The contraction hierarchy a snapshot holds for objective `by` in
 * `year` (built by corridor build when every node has one state: by
 * distance and by time, links open in the build's year, nothing avoided),
 * used in place: *out's arrays point into the mapping *map (*maplen
 * bytes), which cor_snapshot_unmap() releases after cor_fast_free(*out).
 * COR_ENOTFOUND if the snapshot holds none for them (quietly: nothing in
 * d), COR_EDATA (corrupt), COR_EIO, COR_ENOMEM. */
cor_status cor_snapshot_ch(const char *path, cor_objective by, int year, cor_fast **out, void **map, size_t *maplen,
                           cor_diag *d);
/* The same for the metric-independent part of a customizable contraction
 * hierarchy (cch.h; built by corridor build for the arcs open in the
 * build's year, entry "cch-YEAR") of the snapshot's graph g: customize it
 * with any filter of that year.  COR_EDATA also when it does not fit g. */
cor_status cor_snapshot_cch(const char *path, int year, const cor_graph *g, cor_cch **out, void **map,
                            size_t *maplen, cor_diag *d);
void cor_snapshot_unmap(void *map, size_t len);

#endif
