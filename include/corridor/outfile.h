/*
 * corridor/outfile.h -- output files that are never half-written.
 *
 * cor_outfile_open(path) opens a temporary file in the same folder as
 * `path` (or standard output when path is NULL or "-"); cor_outfile_close()
 * flushes, fsyncs and renames it into place if everything succeeded, or
 * removes it otherwise.  A reader sees the old file or the new one, never a
 * torn one.  Caller-owned; close exactly once.
 */
#ifndef CORRIDOR_OUTFILE_H
#define CORRIDOR_OUTFILE_H

#include <stdio.h>

#include "corridor/status.h"

typedef struct cor_outfile {
    FILE *fp;
    char *path;   /* final path, NULL for stdout */
    char *tmp;    /* temporary path */
} cor_outfile;

cor_status cor_outfile_open(cor_outfile *o, const char *path, cor_diag *d);
/* `s` is the status of the writing; the result is the status of the whole. */
cor_status cor_outfile_close(cor_outfile *o, cor_status s, cor_diag *d);

#endif
