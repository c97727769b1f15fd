/*
 * fuzz_common.h -- helpers shared by the libFuzzer targets.
 *
 * A target is one file fuzz/fuzz_NAME.c defining LLVMFuzzerTestOneInput;
 * CMake builds every such file when CORRIDOR_FUZZ is on, and scripts/fuzz.sh
 * runs each with fuzz/corpus/NAME as its seed corpus and
 * fuzz/regressions/NAME as inputs that once crashed.
 */
#ifndef COR_FUZZ_COMMON_H
#define COR_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corridor/status.h"

#define FUZZ_FIXTURE CORRIDOR_SOURCE_DIR "/tests/fixtures/hand"

/* A per-process scratch folder in /dev/shm (or /tmp) holding a copy of the
 * hand-drawn fixture network; made once. */
static const char *fuzz_dir(void)
{
    static char dir[256];
    if (dir[0])
        return dir;
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(dir, sizeof dir, "%s/corridor-fuzz-%d", base, (int)getpid());
    mkdir(dir, 0700);
    char sub[300];
    snprintf(sub, sizeof sub, "%s/scenarios", dir);
    mkdir(sub, 0700);
    static const char *const files[] = {"nodes.csv", "modes.csv", "links.csv", "transfers.csv", "borders.csv",
                                        "corridors.csv", "scenarios/slow-gauge.json", "scenarios/canal-closed.json"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char from[512], to[512], buf[8192];
        snprintf(from, sizeof from, "%s/%s", FUZZ_FIXTURE, files[i]);
        snprintf(to, sizeof to, "%s/%s", dir, files[i]);
        FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
        size_t n;
        while (in && out && (n = fread(buf, 1, sizeof buf, in)) > 0)
            fwrite(buf, 1, n, out);
        if (in)
            fclose(in);
        if (out)
            fclose(out);
    }
    return dir;
}

/* Write data to DIR/name. */
static void fuzz_write(const char *name, const uint8_t *data, size_t size)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", fuzz_dir(), name);
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);
}

/* Restore DIR/name from the fixture. */
static void fuzz_restore(const char *name)
{
    char from[512], to[512], buf[8192];
    snprintf(from, sizeof from, "%s/%s", FUZZ_FIXTURE, name);
    snprintf(to, sizeof to, "%s/%s", fuzz_dir(), name);
    FILE *in = fopen(from, "rb");
    if (!in) {
        unlink(to);
        return;
    }
    FILE *out = fopen(to, "wb");
    size_t n;
    while (out && (n = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, n, out);
    fclose(in);
    if (out)
        fclose(out);
}

/* Every error a loader reports must have a message and a known status. */
static void fuzz_check_diag(const cor_diag *d, cor_status s)
{
    if (s != COR_OK && s != COR_EDATA && s != COR_EIO && s != COR_ELIMIT && s != COR_ENOMEM)
        abort();
    for (size_t i = 0; i < d->count; i++)
        if (!d->items[i].msg[0])
            abort();
    if (s != COR_OK && d->count == 0)
        abort();
}

#endif
