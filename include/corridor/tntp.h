/*
 * corridor/tntp.h -- TNTP test networks and trip tables (the format of the
 * Transportation Networks for Research collection) read for traffic
 * assignment (corridor/assign.h), every field kept.
 *
 * Network (_net.tntp): "<KEY> value" metadata up to "<END OF METADATA>"
 * (<NUMBER OF NODES> and <NUMBER OF LINKS> required; <NUMBER OF ZONES>,
 * <FIRST THRU NODE>, <TOLL FACTOR>, <DISTANCE FACTOR> read; other keys
 * ignored), "~" comments, then one link a line:
 *     init term capacity length fft b power [speed toll type] [;]
 * b and power are required (the BPR alpha and beta); speed, toll and type
 * default to 0.  Links u -> u are kept (they carry no flow).  A link that
 * can congest (fft > 0, b > 0, power > 0) needs capacity > 0.
 *
 * Trips (_trips.tntp): metadata (<NUMBER OF ZONES> required, <TOTAL OD
 * FLOW> optional), then "Origin N" lines each followed by "dest : flow;"
 * entries, any number a line.  Origins and destinations are zones
 * 1..<NUMBER OF ZONES>; an origin block or a pair given twice is an error;
 * entries of flow 0 are dropped.  The sum of the flows is returned beside
 * the header's total: a difference is the caller's to report (corridor
 * assign --tntp warns and goes on, since published files round the
 * header).
 *
 * Every fault is FILE:LINE:COLUMN (all faults found, up to the diag's
 * capacity).  Bounds: COR_IMPORT_MAX_BYTES per file, COR_IMPORT_MAX_LINE
 * bytes per line, COR_MAX_NODES nodes and zones, COR_MAX_LINKS links.
 *
 * Ownership: the structs are caller-owned; the readers allocate their
 * arrays; free with cor_tntp_net_free / cor_tntp_trips_free (safe on a
 * zeroed or half-filled struct).  Node numbers in the file are 1-based;
 * every index here is 0-based.
 */
#ifndef CORRIDOR_TNTP_H
#define CORRIDOR_TNTP_H

#include <stddef.h>
#include <stdint.h>

#include "corridor/assign.h"
#include "corridor/status.h"

typedef struct cor_tntp_net {
    uint32_t nnodes, nlinks, nzones;
    uint32_t first_thru;     /* 0-based: <FIRST THRU NODE> - 1; nodes below are zones */
    double toll_factor, distance_factor;
    uint32_t *from, *to;     /* [nlinks] 0-based */
    double *cap, *length, *fft, *b, *power, *speed, *toll;
    int32_t *type;
    double *fixed;           /* toll_factor * toll + distance_factor * length */
    uint32_t *line;          /* the file line of each link */
} cor_tntp_net;

typedef struct cor_tntp_trips {
    uint32_t nzones, nod;
    uint32_t *orig, *dest;   /* [nod] 0-based zone = node index */
    double *volume;          /* [nod] > 0 */
    double total;            /* sum of the flows read (intrazonal included) */
    double header_total;     /* <TOTAL OD FLOW>, or -1 when absent */
} cor_tntp_trips;

cor_status cor_tntp_net_read(const char *path, cor_tntp_net *out, cor_diag *d);
cor_status cor_tntp_net_parse(const char *text, size_t len, const char *name, cor_tntp_net *out, cor_diag *d);
void cor_tntp_net_free(cor_tntp_net *n);

cor_status cor_tntp_trips_read(const char *path, cor_tntp_trips *out, cor_diag *d);
cor_status cor_tntp_trips_parse(const char *text, size_t len, const char *name, cor_tntp_trips *out, cor_diag *d);
void cor_tntp_trips_free(cor_tntp_trips *t);

/* The assignment network over n's arrays (BPR with alpha = b, beta =
 * power, fixed = toll and distance costs); valid while n lives. */
void cor_tntp_anet(const cor_tntp_net *n, cor_anet *out);

#endif
