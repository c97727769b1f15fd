/*
 * runstat.c -- run a command once and report what it cost.
 *
 *   runstat OUTFILE COMMAND [ARG]...
 *
 * Runs COMMAND (searched in PATH, stdin, stdout and stderr inherited),
 * waits for it with wait4() and writes one line to OUTFILE:
 *
 *   ELAPSED_SECONDS PEAK_RSS_KIB EXIT
 *
 * ELAPSED_SECONDS is wall-clock time (CLOCK_MONOTONIC, microseconds);
 * PEAK_RSS_KIB is the child's ru_maxrss, which on Linux also covers the
 * descendants it waited for (so `runstat F timeout 300 corridor ...`
 * reports corridor's peak); EXIT is the exit status, or 128 + the signal
 * that ended it.  runstat itself exits 0 when it could measure, 125 when
 * it could not (bad usage, fork or exec failure, unwritable OUTFILE).
 * bench/adversarial.sh uses it; no timeout of its own (wrap the command in
 * coreutils' timeout).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fputs("usage: runstat OUTFILE COMMAND [ARG]...\n", stderr);
        return 125;
    }
    FILE *out = fopen(argv[1], "w");
    if (!out) {
        fprintf(stderr, "runstat: cannot write %s: %s\n", argv[1], strerror(errno));
        return 125;
    }
    double t0 = now_seconds();
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "runstat: fork: %s\n", strerror(errno));
        fclose(out);
        return 125;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        fprintf(stderr, "runstat: cannot run %s: %s\n", argv[2], strerror(errno));
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    pid_t w;
    do
        w = wait4(pid, &status, 0, &ru);
    while (w < 0 && errno == EINTR);
    double elapsed = now_seconds() - t0;
    if (w < 0) {
        fprintf(stderr, "runstat: wait4: %s\n", strerror(errno));
        fclose(out);
        return 125;
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 125;
    fprintf(out, "%.6f %ld %d\n", elapsed, (long)ru.ru_maxrss, code);
    if (fclose(out) != 0) {
        fprintf(stderr, "runstat: error writing %s\n", argv[1]);
        return 125;
    }
    return 0;
}
