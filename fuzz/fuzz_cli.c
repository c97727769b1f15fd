/* fuzz_cli.c -- command-line parsing: the input is the argument list
 * (arguments separated by NUL or newline), run on the fixture network. */
#include "cli/cli.h"
#include "fuzz_common.h"

#include <fcntl.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int init, devnull, saved_err;
    if (!init) {
        /* keep the tool's output out of the fuzzer's log (libFuzzer reports
         * on the real stderr, restored after each run) */
        if (!freopen("/dev/null", "w", stdout))
            abort();
        devnull = open("/dev/null", O_WRONLY);
        saved_err = dup(2);
        if (devnull < 0 || saved_err < 0)
            abort();
        setenv("CORRIDOR_NETWORK", fuzz_dir(), 1);
        /* the small gazetteer: a city name must not load the 135,000 cities on every run */
        setenv("CORRIDOR_GAZETTEER", CORRIDOR_SOURCE_DIR "/tests/fixtures/gaz/cities.tsv", 1);
        init = 1;
    }
    if (size > 4096)
        return 0;
    char *buf = malloc(size + 1);
    memcpy(buf, data, size);
    buf[size] = '\0';
    char *argv[66];
    int argc = 0;
    argv[argc++] = "corridor";
    char *p = buf, *end = buf + size;
    while (p < end && argc < 64) {
        char *q = p;
        while (q < end && *q && *q != '\n')
            q++;
        *q = '\0';
        argv[argc++] = p;
        p = q + 1;
    }
    argv[argc] = NULL;
    /* never listen: `serve` would wait for a signal (its options are plain
     * getopt; the HTTP parameters are fuzz_query.c's) */
    if (argc > 1 && strcmp(argv[1], "serve") == 0) {
        free(buf);
        return 0;
    }
    /* never write files: drop --out and --csv with their values */
    for (int i = 1; i < argc; i++)
        if (strncmp(argv[i], "--o", 3) == 0 || strncmp(argv[i], "--cs", 4) == 0) {
            free(buf);
            return 0;
        }
    fflush(stderr);
    dup2(devnull, 2);
    int rc = corridor_main(argc, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(saved_err, 2);
    if (rc < 0 || rc > 5)
        abort();
    free(buf);
    return 0;
}
