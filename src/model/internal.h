/*
 * internal.h -- the cor_network struct and helpers shared by the model's
 * source files (not part of the public API).
 */
#ifndef COR_MODEL_INTERNAL_H
#define COR_MODEL_INTERNAL_H

#include "corridor/model.h"
#include "corridor/warn.h"

#include <stddef.h>

/* Ranges of the model's quantities: the loader checks the CSV files'
 * values against them, and scenarios the values they scale. */
#define COR_MAX_HOURS 10000.0      /* a dwell, fixed time or headway */
#define COR_MAX_USD 1e7            /* a fee, handling or fixed cost */
#define COR_MIN_SPEED_KMH 0.1
#define COR_MAX_SPEED_KMH 1000.0
#define COR_MAX_RATE 1000.0        /* USD per TEU-km */

/* A bump allocator for strings and small arrays owned by the network. */
typedef struct cor_arena_block {
    struct cor_arena_block *next;
    size_t used, cap;
    char data[];
} cor_arena_block;

typedef struct cor_arena {
    cor_arena_block *head;
} cor_arena;

void *cor_arena_alloc(cor_arena *a, size_t size);
char *cor_arena_strdup(cor_arena *a, const char *s, size_t len);
void cor_arena_free(cor_arena *a);

typedef struct cor_key {
    const char *key;   /* normalised, arena-owned */
    uint32_t node;
} cor_key;

struct cor_network {
    char *dir;
    cor_arena arena;
    cor_node *nodes;
    uint32_t nnodes, cap_nodes;
    cor_link *links;
    uint32_t nlinks, cap_links;
    cor_transfer *transfers;
    uint32_t ntransfers, cap_transfers;
    cor_border *borders;
    uint32_t nborders, cap_borders;
    cor_lane *lanes;
    uint32_t nlanes, cap_lanes;
    cor_corridor *corridors;
    uint32_t ncorridors, cap_corridors;
    cor_terminal *terminals;
    uint32_t nterminals, cap_terminals;
    cor_service *services;
    uint32_t nservices, cap_services;
    uint32_t *lane_first;   /* [nnodes + 1] CSR of lanes by end node */
    uint32_t *lane_adj;     /* [2 * nlanes] lane indices */
    uint32_t *lane_comp;    /* [nnodes] component of the lane chart, COR_NONE off it */
    uint32_t ngeneric;      /* generic sea services: links[nlinks .. nlinks + ngeneric) */
    uint32_t generic_limited; /* pairs wanted when above COR_MAX_GENERIC, else 0 */
    cor_mode_params modes[COR_MODE_COUNT];
    cor_emission_factor factors[COR_MODE_COUNT]; /* each mode's default */
    cor_emission_factor *factor_rows;            /* every row of the table */
    uint32_t nfactor_rows, cap_factor_rows;
    cor_restriction *restrictions;
    uint32_t nrestrictions, cap_restrictions;
    uint64_t default_restrictions;               /* bit i: regime i is on unless a query says */
    cor_driving_rule *driving;
    uint32_t ndriving, cap_driving;
    cor_rate_rule *rates;
    uint32_t nrates, cap_rates;
    cor_class classes[COR_MAX_CLASSES];
    uint32_t nclasses;
    const char *passages[COR_MAX_PASSAGES];
    uint32_t npassages;
    int year;                   /* set by a scenario, or 0 */
    uint64_t closed_passages;   /* closed by scenarios */
    cor_warnings warnings;      /* found while applying scenarios (cor_network_warnings) */
    /* lookup: names and aliases (normalised), sorted by key */
    cor_key *keys;
    uint32_t nkeys;
    /* exact ids, sorted */
    cor_key *ids;       /* key = node id (not normalised) */
    cor_key *link_ids;  /* node field = link index */
    /* A network read from a snapshot's image (netimage.c): its strings
     * point into this read-only mapping, unmapped by cor_network_free. */
    void *snap_map;
    size_t snap_len;
    const unsigned char *snap_graph; /* the graph's image in that mapping, or NULL */
    size_t snap_graph_len;
    /* In place (netimage.c): nodes, links, keys, ids, link_ids and
     * factor_rows point into the mapping (not freed), and the entries
     * below are trusted only once cor_network_verify() has checked their
     * checksums (snap_verified: 0 not yet, 1 good, -1 corrupt). */
    int snap_inplace;
    int snap_verified;
    uint32_t snap_npending;
    struct {
        const unsigned char *p;
        size_t len;
        uint64_t hash;
        char name[16];
    } snap_pending[2];
};

/* ---- binary image of a plain network (netimage.c; snapshot entry "net") ---- */

/* Can the network be stored as an image (no tables beyond nodes, links,
 * modes and factors; see netimage.c)?  Its size in bytes, 0 if not. */
int cor_network_image_eligible(const cor_network *net);
size_t cor_network_image_size(const cor_network *net);
/* Write the image into img (cor_network_image_size() bytes, 8-aligned),
 * its string pointers set for the image lying at address addr. */
void cor_network_image_write(const cor_network *net, unsigned char *img, uint64_t addr);
/* Read a network from an image of len bytes at img (8-aligned, inside a
 * mapping that must outlive the network: give it to the network with
 * cor_network_keep_map).  COR_EDATA (with the reason), COR_ENOMEM. */
cor_status cor_network_from_image(const char *path, const unsigned char *img, size_t len, int inplace,
                                  cor_network **out, cor_diag *d);
/* A snapshot entry whose checksum cor_network_verify() checks before the
 * network is first used (in place only; at most two: "net", "graph"). */
void cor_network_defer_check(cor_network *net, const char *name, const unsigned char *p, size_t len, uint64_t hash);
void cor_network_keep_map(cor_network *net, void *map, size_t len);
/* The graph image in the kept mapping, for cor_graph_build. */
void cor_network_keep_graph(cor_network *net, const unsigned char *img, size_t len);

/* Normalise a place name into buf: lower-case ASCII, drop '.' and '\'',
 * runs of space, '-', '_' and ',' become one space, trimmed. */
void cor_normalise(const char *s, char *buf, size_t size);

/* Build the sorted node lookup tables (ids, names, aliases).  For each
 * duplicate id (key NULL) or name shared by two nodes a < b, clash() is
 * called; the status is then COR_EDATA. */
typedef void (*cor_clash_fn)(void *ctx, uint32_t a, uint32_t b, const char *key);
cor_status cor_network_index(cor_network *net, cor_diag *d, cor_clash_fn clash, void *ctx);
/* Build the sorted link id table. */
cor_status cor_network_index_links(cor_network *net, cor_diag *d);

/* ---- scenario operations on the files, applied while loading ---- */

typedef enum cor_file_kind {
    COR_F_NODES, COR_F_MODES, COR_F_BORDERS, COR_F_LANES, COR_F_LINKS, COR_F_TRANSFERS, COR_F_CORRIDORS,
    COR_F_FACTORS, COR_F_TERMINALS, COR_F_RESTRICTIONS, COR_F_DRIVING, COR_F_RATES, COR_F_SERVICES, COR_F_COUNT
} cor_file_kind;

/* COR_OP_ADD_SERVICE (links only) is the add_service shorthand: a link and
 * the transfer rules it needs, expanded into ADD ops by
 * cor_network_load_with() before the loader sees them.  Its extra values
 * (transfer_dwell_hours, ...) are fields with col >= COR_SVC_COL. */
typedef enum cor_op_kind { COR_OP_ADD, COR_OP_REMOVE, COR_OP_CHANGE, COR_OP_ADD_SERVICE } cor_op_kind;
#define COR_SVC_COL 1000

#define COR_OP_MAX_FIELDS 32
typedef struct cor_op_field {
    int col;              /* schema column */
    const char *value;    /* as text, like a CSV field */
    const char *path;     /* JSON path of the value */
} cor_op_field;

typedef struct cor_op {
    cor_file_kind file;
    cor_op_kind kind;
    const char *json_file, *path; /* the op's scenario file and JSON path */
    cor_op_field fields[COR_OP_MAX_FIELDS];
    int nfields;
} cor_op;

const char *cor_file_kind_name(cor_file_kind k);  /* "links" */
/* Schema column of `name` in file kind k, or -1. */
int cor_schema_col(cor_file_kind k, const char *name);
const char *cor_schema_col_name(cor_file_kind k, int col);
int cor_schema_ncols(cor_file_kind k);
/* The key columns of a file kind (at most 3) into cols; how many. */
int cor_schema_key_cols(cor_file_kind k, int *cols);

/* Load a folder with scenario operations applied to its records;
 * factors_file (or NULL) replaces DIR/emission_factors.csv. */
cor_status cor_network_load_ops(const char *dir, const cor_op *ops, size_t nops, const char *factors_file,
                                cor_network **out, cor_diag *d);

/* Build the lane adjacency (CSR). */
cor_status cor_network_index_lanes(cor_network *net, cor_diag *d);

/* Build the generic sea services (model.h) after the links: appended to
 * net->links past nlinks.  COR_OK or COR_ENOMEM. */
cor_status cor_network_build_generic(cor_network *net, cor_diag *d);

/* Intern a class (mode, gauge); COR_NONE if the table is full. */
uint32_t cor_network_class_intern(cor_network *net, cor_mode m, uint16_t gauge);

#endif
