/*
 * corridor/outfile.h -- output files that never destroy what they replace
 * and are never half-written.
 *
 * cor_outfile_open(path) looks at what `path` names before writing:
 *   - nothing, or a regular file (a symbolic link is followed to its
 *     target): a temporary file is written in the target's folder and
 *     cor_outfile_close() flushes, fsyncs and renames it over the target,
 *     keeping the old file's permission bits.  A reader sees the old file
 *     or the new one, never a torn one; a symbolic link stays a link.
 *   - a character device (/dev/null, a terminal) or a FIFO: written
 *     through, in place (a FIFO must already have a reader);
 *   - a directory, a block device, a socket or a dangling link: refused,
 *     COR_EUSAGE, saying which.
 * Standard output is used when path is NULL or "-".
 *
 * Every write goes through the outfile, so the first failing write's errno
 * (ENOSPC, EPIPE, EFBIG, EIO) is reported with the file's name as
 * COR_EOUTPUT (its own exit code).  Temporary files are removed on every
 * exit path: on failure by cor_outfile_close(), and on a caught signal by
 * cor_outfile_remove_temps(), which a front end's signal handler calls
 * (it is async-signal-safe; the registry it reads is the one process-wide
 * state of this module, at most COR_OUTFILE_MAX_OPEN files at a time).
 *
 * Caller-owned; close exactly once, also after a failed write.
 */
#ifndef CORRIDOR_OUTFILE_H
#define CORRIDOR_OUTFILE_H

#include <stdint.h>
#include <stdio.h>

#include "corridor/status.h"

#define COR_OUTFILE_MAX_OPEN 16

typedef enum cor_outfile_kind {
    COR_OUT_STDOUT,   /* standard output */
    COR_OUT_ATOMIC,   /* temporary file renamed over the target */
    COR_OUT_STREAM    /* a device or FIFO, written in place */
} cor_outfile_kind;

typedef struct cor_outfile {
    FILE *fp;              /* write the output here */
    cor_outfile_kind kind;
    char *path;            /* as given, for messages; NULL for stdout */
    char *target;          /* atomic: the file replaced (links followed) */
    char *tmp;             /* atomic: the temporary file */
    int fd;                /* the descriptor under fp */
    int err;               /* errno of the first failed write, 0 if none */
    int slot;              /* registry slot of tmp, -1 if none */
} cor_outfile;

cor_status cor_outfile_open(cor_outfile *o, const char *path, cor_diag *d);
/* `s` is the status of the writing; the result is the status of the whole:
 * a write error becomes COR_EOUTPUT "PATH: write error: REASON". */
cor_status cor_outfile_close(cor_outfile *o, cor_status s, cor_diag *d);

/* Remove every temporary file of the outfiles now open.  Async-signal-safe. */
void cor_outfile_remove_temps(void);

/* Do two paths name the same file?  Existing files are compared by device
 * and inode (links followed); a path that does not exist yet by its folder
 * (resolved) and name.  1 if they do, 0 if not. */
int cor_same_file(const char *a, const char *b);

#endif
