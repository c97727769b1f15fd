/*
 * outfile.c -- temporary file + rename.  See corridor/outfile.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "corridor/outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "alloc.h" /* last: maps malloc & co. to the counted wrappers */

cor_status cor_outfile_open(cor_outfile *o, const char *path, cor_diag *d)
{
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->fp = stdout;
        return COR_OK;
    }
    size_t n = strlen(path);
    o->path = strdup(path);
    o->tmp = malloc(n + 16);
    if (!o->path || !o->tmp) {
        free(o->path);
        free(o->tmp);
        memset(o, 0, sizeof *o);
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    snprintf(o->tmp, n + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(o->tmp);
    if (fd >= 0) {
        /* mkstemp makes the file 0600: give it the usual 0666 & ~umask */
        mode_t um = umask(0);
        umask(um);
        if (fchmod(fd, 0666 & ~um) != 0) {
            close(fd);
            unlink(o->tmp);
            fd = -1;
        }
    }
    if (fd < 0 || !(o->fp = fdopen(fd, "w"))) {
        int e = errno;
        if (fd >= 0) {
            close(fd);
            unlink(o->tmp);
        }
        cor_status s = cor_diag_add(d, COR_EIO, path, 0, 0, "cannot write: %s", strerror(e));
        free(o->path);
        free(o->tmp);
        memset(o, 0, sizeof *o);
        return s;
    }
    return COR_OK;
}

cor_status cor_outfile_close(cor_outfile *o, cor_status s, cor_diag *d)
{
    if (!o->fp)
        return s;
    if (!o->path) {
        if (fflush(stdout) != 0 && s == COR_OK)
            s = cor_diag_add(d, COR_EIO, "<stdout>", 0, 0, "write error: %s", strerror(errno));
        o->fp = NULL;
        return s;
    }
    int ok = s == COR_OK;
    if (ok && (fflush(o->fp) != 0 || fsync(fileno(o->fp)) != 0)) {
        s = cor_diag_add(d, COR_EIO, o->path, 0, 0, "write error: %s", strerror(errno));
        ok = 0;
    }
    if (fclose(o->fp) != 0 && ok) {
        s = cor_diag_add(d, COR_EIO, o->path, 0, 0, "write error: %s", strerror(errno));
        ok = 0;
    }
    if (ok && rename(o->tmp, o->path) != 0) {
        s = cor_diag_add(d, COR_EIO, o->path, 0, 0, "cannot rename into place: %s", strerror(errno));
        ok = 0;
    }
    if (!ok)
        unlink(o->tmp);
    free(o->path);
    free(o->tmp);
    memset(o, 0, sizeof *o);
    return s;
}
