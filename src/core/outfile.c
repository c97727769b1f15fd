/*
 * outfile.c -- outputs that never destroy and are never torn.  See
 * corridor/outfile.h.
 *
 * The FILE handed to writers is a cookie stream (fopencookie) over a plain
 * descriptor, so that the errno of the first failed write is kept in the
 * outfile and reported with the file's name, whatever the writer did after.
 * Temporary paths of open outfiles sit in a fixed registry of atomic
 * pointers that a signal handler may read at any moment: a slot is claimed
 * before the file exists and released only after it has been renamed or
 * removed.
 */
#define _GNU_SOURCE /* fopencookie */
#include "corridor/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "alloc.h" /* last: maps malloc & co. to the counted wrappers */

/* ---- the registry of temporary files -------------------------------- */

static char *registry[COR_OUTFILE_MAX_OPEN];

static int reg_claim(char *tmp)
{
    for (int i = 0; i < COR_OUTFILE_MAX_OPEN; i++) {
        char *expected = NULL;
        if (__atomic_compare_exchange_n(&registry[i], &expected, tmp, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
            return i;
    }
    return -1;
}

static void reg_release(int slot)
{
    if (slot >= 0)
        __atomic_store_n(&registry[slot], NULL, __ATOMIC_SEQ_CST);
}

void cor_outfile_remove_temps(void)
{
    for (int i = 0; i < COR_OUTFILE_MAX_OPEN; i++) {
        char *p = __atomic_load_n(&registry[i], __ATOMIC_SEQ_CST);
        if (p)
            unlink(p);
    }
}

/* ---- the cookie stream ---------------------------------------------- */

static ssize_t cookie_write(void *c, const char *buf, size_t n)
{
    cor_outfile *o = c;
    size_t done = 0;
    while (done < n) {
        ssize_t w = write(o->fd, buf + done, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (!o->err)
                o->err = w < 0 ? errno : EIO;
            return -1;
        }
        done += (size_t)w;
    }
    return (ssize_t)n;
}

static int cookie_close(void *c)
{
    (void)c; /* the descriptor is closed by cor_outfile_close */
    return 0;
}

static FILE *cookie_stream(cor_outfile *o)
{
    cookie_io_functions_t io = {NULL, cookie_write, NULL, cookie_close};
    return fopencookie(o, "w", io);
}

/* ---- opening ------------------------------------------------------- */

static const char *kind_name(mode_t m)
{
    if (S_ISDIR(m))
        return "a directory";
    if (S_ISBLK(m))
        return "a block device";
    if (S_ISSOCK(m))
        return "a socket";
    if (S_ISCHR(m))
        return "a character device";
    if (S_ISFIFO(m))
        return "a FIFO";
    return "not a regular file";
}

static void reset(cor_outfile *o)
{
    free(o->path);
    free(o->target);
    free(o->tmp);
    memset(o, 0, sizeof *o);
    o->fd = -1;
    o->slot = -1;
}

static cor_status open_stream(cor_outfile *o, const char *path, int fifo, cor_diag *d)
{
    int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | (fifo ? O_NONBLOCK : 0));
    if (fd < 0) {
        int e = errno;
        if (fifo && e == ENXIO)
            return cor_diag_add(d, COR_EOUTPUT, path, 0, 0,
                                "cannot write: the FIFO has no reader (start the reader first)");
        return cor_diag_add(d, COR_EOUTPUT, path, 0, 0, "cannot write: %s", strerror(e));
    }
    /* verify it is still what we looked at, then write blocking */
    struct stat st;
    if (fstat(fd, &st) != 0 || !(S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) ||
        (fifo && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0)) {
        close(fd);
        return cor_diag_add(d, COR_EOUTPUT, path, 0, 0, "cannot write: it changed while being opened");
    }
    o->fd = fd;
    o->kind = COR_OUT_STREAM;
    return COR_OK;
}

/* A temporary file next to target, with the permissions of *old (or the
 * usual 0666 & ~umask when old is NULL). */
static cor_status open_atomic(cor_outfile *o, const char *target, const struct stat *old, cor_diag *d)
{
    size_t n = strlen(target);
    o->target = strdup(target);
    o->tmp = malloc(n + 16);
    if (!o->target || !o->tmp)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    snprintf(o->tmp, n + 16, "%s.tmp.XXXXXX", target);
    o->slot = reg_claim(o->tmp);
    if (o->slot < 0)
        return cor_diag_add(d, COR_ELIMIT, o->path, 0, 0, "more than %d output files open at once",
                            COR_OUTFILE_MAX_OPEN);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        int e = errno;
        reg_release(o->slot);
        o->slot = -1;
        return cor_diag_add(d, COR_EOUTPUT, o->path, 0, 0, "cannot write (a temporary file next to it): %s",
                            strerror(e));
    }
    o->fd = fd;
    o->kind = COR_OUT_ATOMIC;
    mode_t mode;
    if (old) {
        mode = old->st_mode & 07777;
        if (fchown(fd, old->st_uid, old->st_gid) != 0) {
            /* not ours to give away: keep our ownership */
        }
    } else {
        mode_t um = umask(0);
        umask(um);
        mode = 0666 & ~um;
    }
    if (fchmod(fd, mode) != 0)
        return cor_diag_add(d, COR_EOUTPUT, o->path, 0, 0, "cannot set permissions: %s", strerror(errno));
    return COR_OK;
}

cor_status cor_outfile_open(cor_outfile *o, const char *path, cor_diag *d)
{
    memset(o, 0, sizeof *o);
    o->fd = -1;
    o->slot = -1;
    cor_status s = COR_OK;
    if (!path || strcmp(path, "-") == 0) {
        if (fflush(stdout) != 0) { /* what was printed before must not be lost silently */
            int e = errno;
            return cor_diag_add(d, COR_EOUTPUT, "<stdout>", 0, 0, "write error: %s", strerror(e));
        }
        o->fd = STDOUT_FILENO;
        o->kind = COR_OUT_STDOUT;
    } else {
        if (!*path)
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--out: empty file name");
        o->path = strdup(path);
        if (!o->path) {
            reset(o);
            return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        }
        struct stat lst, st;
        if (lstat(path, &lst) != 0) {
            if (errno != ENOENT) {
                s = cor_diag_add(d, COR_EOUTPUT, path, 0, 0, "cannot write: %s", strerror(errno));
            } else {
                s = open_atomic(o, path, NULL, d);
            }
        } else if (S_ISLNK(lst.st_mode)) {
            if (stat(path, &st) != 0) {
                s = cor_diag_add(d, COR_EUSAGE, path, 0, 0,
                                 "refusing to write: a symbolic link whose target does not exist (%s)",
                                 strerror(errno));
            } else if (S_ISREG(st.st_mode)) {
                char *real = realpath(path, NULL);
                if (!real)
                    s = cor_diag_add(d, COR_EOUTPUT, path, 0, 0, "cannot resolve the link: %s", strerror(errno));
                else if (access(real, W_OK) != 0)
                    s = cor_diag_add(d, COR_EOUTPUT, path, 0, 0, "cannot write: %s", strerror(errno));
                else
                    s = open_atomic(o, real, &st, d);
                free(real);
            } else if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) {
                s = open_stream(o, path, S_ISFIFO(st.st_mode), d);
            } else {
                s = cor_diag_add(d, COR_EUSAGE, path, 0, 0, "refusing to write: the link's target is %s",
                                 kind_name(st.st_mode));
            }
        } else if (S_ISREG(lst.st_mode)) {
            if (access(path, W_OK) != 0)
                s = cor_diag_add(d, COR_EOUTPUT, path, 0, 0, "cannot write: %s", strerror(errno));
            else
                s = open_atomic(o, path, &lst, d);
        } else if (S_ISCHR(lst.st_mode) || S_ISFIFO(lst.st_mode)) {
            s = open_stream(o, path, S_ISFIFO(lst.st_mode), d);
        } else {
            s = cor_diag_add(d, COR_EUSAGE, path, 0, 0, "refusing to write: it is %s", kind_name(lst.st_mode));
        }
    }
    if (s == COR_OK) {
        o->fp = cookie_stream(o);
        if (!o->fp)
            s = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    if (s != COR_OK) {
        if (o->kind == COR_OUT_ATOMIC && o->fd >= 0)
            unlink(o->tmp);
        if (o->fd >= 0 && o->kind != COR_OUT_STDOUT)
            close(o->fd);
        reg_release(o->slot);
        reset(o);
        return s;
    }
    return COR_OK;
}

/* ---- closing -------------------------------------------------------- */

cor_status cor_outfile_close(cor_outfile *o, cor_status s, cor_diag *d)
{
    if (!o->fp)
        return s;
    const char *name = o->path ? o->path : "<stdout>";
    int ok = s == COR_OK;
    /* flush through the cookie (records o->err) */
    if (fflush(o->fp) != 0 && !o->err)
        o->err = EIO;
    fclose(o->fp);
    o->fp = NULL;
    if (o->err) {
        /* a failed write decides the status, whatever the writer returned */
        if (s == COR_OK || s == COR_EIO || s == COR_EOUTPUT)
            s = cor_diag_add(d, COR_EOUTPUT, name, 0, 0, "write error: %s", strerror(o->err));
        ok = 0;
    } else if (s == COR_EIO) {
        s = cor_diag_add(d, COR_EOUTPUT, name, 0, 0, "write error");
        ok = 0;
    }
    if (o->kind == COR_OUT_ATOMIC) {
        if (ok && fsync(o->fd) != 0) {
            s = cor_diag_add(d, COR_EOUTPUT, name, 0, 0, "write error: %s", strerror(errno));
            ok = 0;
        }
        if (close(o->fd) != 0 && ok) {
            s = cor_diag_add(d, COR_EOUTPUT, name, 0, 0, "write error: %s", strerror(errno));
            ok = 0;
        }
        if (ok && rename(o->tmp, o->target) != 0) {
            s = cor_diag_add(d, COR_EOUTPUT, name, 0, 0, "cannot rename into place: %s", strerror(errno));
            ok = 0;
        }
        if (!ok)
            unlink(o->tmp);
        reg_release(o->slot);
    } else if (o->kind == COR_OUT_STREAM) {
        if (close(o->fd) != 0 && ok)
            s = cor_diag_add(d, COR_EOUTPUT, name, 0, 0, "write error: %s", strerror(errno));
    }
    reset(o);
    return s;
}

/* ---- identity ------------------------------------------------------- */

/* The resolved folder and the name of a path that may not exist yet. */
static char *canonical(const char *p)
{
    char *a = strdup(p), *b = strdup(p);
    char *res = NULL;
    if (a && b) {
        char *dir = realpath(dirname(a), NULL);
        const char *base = basename(b);
        if (dir) {
            size_t n = strlen(dir) + strlen(base) + 2;
            res = malloc(n);
            if (res)
                snprintf(res, n, "%s/%s", dir, base);
            free(dir);
        }
    }
    free(a);
    free(b);
    return res;
}

int cor_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    int ea = stat(a, &sa) == 0, eb = stat(b, &sb) == 0;
    if (ea && eb)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    if (ea != eb)
        return 0;
    char *ca = canonical(a), *cb = canonical(b);
    int same = ca && cb && strcmp(ca, cb) == 0;
    free(ca);
    free(cb);
    return same;
}
