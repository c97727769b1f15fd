/*
 * main.c -- the corridor executable: the process around corridor_main().
 *
 * Signals: SIGPIPE and SIGXFSZ are ignored, so that a closed pipe or a
 * file-size limit is a write error (EPIPE, EFBIG) that is reported with the
 * file's name and removes the temporary file, not a silent death.  The
 * signals that end a process and can be caught remove the temporary files
 * of the outputs being written, then end it as the signal would have.
 */
#include <signal.h>
#include <string.h>

#include "cli.h"
#include "corridor/outfile.h"

static void on_signal(int sig)
{
    cor_outfile_remove_temps();
    signal(sig, SIG_DFL);
    raise(sig);
}

int main(int argc, char **argv)
{
    static const int fatal[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGALRM, SIGVTALRM, SIGPROF, SIGUSR1, SIGUSR2, SIGXCPU};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESETHAND | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof fatal / sizeof *fatal; i++) {
        struct sigaction old;
        /* keep a signal ignored if the parent ignored it (nohup, a shell's background job) */
        if (sigaction(fatal[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(fatal[i], &sa, NULL);
    }
    signal(SIGPIPE, SIG_IGN);
    signal(SIGXFSZ, SIG_IGN);
    return corridor_main(argc, argv);
}
