/*
 * infile.c -- inputs that are regular files, read with a bound.  See
 * infile.h.
 */
#include "infile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "alloc.h" /* last: maps malloc & co. to the counted wrappers */

static const char *kind_name(mode_t m)
{
    if (S_ISDIR(m))
        return "a directory";
    if (S_ISFIFO(m))
        return "a FIFO";
    if (S_ISCHR(m))
        return "a character device";
    if (S_ISBLK(m))
        return "a block device";
    if (S_ISSOCK(m))
        return "a socket";
    return "not a regular file";
}

static cor_status not_regular(const char *path, mode_t m, cor_diag *d)
{
    return cor_diag_add(d, COR_EIO, path, 0, 0, "cannot read: it is %s, not a regular file", kind_name(m));
}

int cor_input_exists(const char *path, cor_diag *d)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno == ENOENT)
            return 0;
        cor_diag_add(d, COR_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        not_regular(path, st.st_mode, d);
        return -1;
    }
    return 1;
}

cor_status cor_input_dir(const char *path, cor_diag *d)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return cor_diag_add(d, COR_EIO, path, 0, 0, "not a network folder: %s", strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return cor_diag_add(d, COR_EIO, path, 0, 0, "not a network folder: it is %s",
                            S_ISREG(st.st_mode) ? "a file" : kind_name(st.st_mode));
    return COR_OK;
}

cor_status cor_read_file(const char *path, size_t max, char **out, size_t *len, cor_diag *d)
{
    *out = NULL;
    *len = 0;
    struct stat st, fst;
    if (stat(path, &st) != 0)
        return cor_diag_add(d, COR_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    if (!S_ISREG(st.st_mode))
        return not_regular(path, st.st_mode, d);
    if ((unsigned long long)st.st_size > max)
        return cor_diag_add(d, COR_ELIMIT, path, 0, 0, "file is %llu bytes, larger than the limit of %zu bytes",
                            (unsigned long long)st.st_size, max);
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return cor_diag_add(d, COR_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    if (fstat(fd, &fst) != 0 || !S_ISREG(fst.st_mode)) {
        close(fd);
        return cor_diag_add(d, COR_EIO, path, 0, 0, "cannot read: it changed while being opened "
                                                    "(inputs must be regular files)");
    }
    size_t cap = (size_t)fst.st_size < max ? (size_t)fst.st_size : max, n = 0;
    if (cap < 4096)
        cap = 4096 < max ? 4096 : max;
    char *b = malloc(cap + 1);
    if (!b) {
        close(fd);
        return cor_diag_add(d, COR_ENOMEM, path, 0, 0, "out of memory");
    }
    for (;;) {
        if (n == cap) {
            /* the file grew since fstat: read one byte more to tell */
            if (cap >= max) {
                char extra;
                ssize_t r;
                do
                    r = read(fd, &extra, 1);
                while (r < 0 && errno == EINTR);
                if (r == 0)
                    break;
                free(b);
                close(fd);
                if (r < 0)
                    return cor_diag_add(d, COR_EIO, path, 0, 0, "read error: %s", strerror(errno));
                return cor_diag_add(d, COR_ELIMIT, path, 0, 0, "file is larger than the limit of %zu bytes", max);
            }
            size_t nc = cap * 2 > max ? max : cap * 2;
            char *nb = realloc(b, nc + 1);
            if (!nb) {
                free(b);
                close(fd);
                return cor_diag_add(d, COR_ENOMEM, path, 0, 0, "out of memory");
            }
            b = nb;
            cap = nc;
        }
        ssize_t got = read(fd, b + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int e = errno;
            free(b);
            close(fd);
            return cor_diag_add(d, COR_EIO, path, 0, 0, "read error: %s", strerror(e));
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    close(fd);
    b[n] = '\0';
    *out = b;
    *len = n;
    return COR_OK;
}
