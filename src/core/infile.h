/*
 * infile.h -- reading input files that can never hang or run away
 * (internal).
 *
 * Every input (a network file, a scenario, a factor table) must be a
 * regular file: a FIFO, a device (/dev/zero, /dev/urandom, a terminal), a
 * socket or a directory is refused before a byte is read, so nothing
 * blocks waiting for a writer and nothing reads forever.  The size limit
 * is checked against the file's size before reading and enforced again
 * while reading (a file may grow).  The file is opened non-blocking and
 * checked again through its descriptor, so swapping in a FIFO between the
 * check and the open does not hang either.
 */
#ifndef COR_INFILE_H
#define COR_INFILE_H

#include <stddef.h>

#include "corridor/status.h"

/* Does `path` exist?  1 if it is a regular file, 0 if it does not exist;
 * anything else (not a regular file, no permission to look) is an error
 * added to d with the file's name, and -1 is returned. */
int cor_input_exists(const char *path, cor_diag *d);

/* Read a whole regular file of at most `max` bytes into a malloc'd
 * NUL-terminated buffer.  COR_EIO (cannot open, not a regular file, read
 * error), COR_ELIMIT (larger than max), COR_ENOMEM.  Caller frees *out. */
cor_status cor_read_file(const char *path, size_t max, char **out, size_t *len, cor_diag *d);

/* Is `path` a folder we can read?  COR_OK or COR_EIO with a message. */
cor_status cor_input_dir(const char *path, cor_diag *d);

#endif
