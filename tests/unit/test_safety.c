/*
 * test_safety.c -- unit tests of the hardening: numbers parsed one way,
 * text cut only between characters and escaped, inputs that are not
 * regular files refused without blocking, outputs that never replace a
 * device, a FIFO or an input, the batch sea routing equal to one search
 * per service, and the model's invariants after scenarios.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/core/infile.h"
#include "corridor/model.h"
#include "corridor/outfile.h"
#include "corridor/scenario.h"
#include "corridor/status.h"
#include "corridor/text.h"
#include "runner.h"

static void test_parse_decimal(void)
{
    double v = 0;
    static const char *const good[] = {"0", "12", "-3.5", "+7", ".5", "5.", "1e3", "2.5E-2", "1e+2"};
    static const double want[] = {0, 12, -3.5, 7, 0.5, 5, 1000, 0.025, 100};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        CHECK(cor_parse_decimal(good[i], &v) == 0);
        CHECK_NEAR(v, want[i], 1e-12);
    }
    static const char *const bad[] = {"",    " 1",   "1 ",  "0x10", "inf", "nan", "1e",   "e5", "--1",
                                      "1.2.3", "1e400", "abc", ".",    "+",   "2026\n", "1,5", "0x7EA"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        CHECK(cor_parse_decimal(bad[i], &v) == -1);
}

static void test_text(void)
{
    char buf[64];
    /* control characters escaped, nothing raw left */
    cor_text_display("a\x1b[2Jb", buf, sizeof buf, 0);
    CHECK(strcmp(buf, "a\\x1B[2Jb") == 0);
    cor_text_display("\xe2\x80\xae" "x", buf, sizeof buf, 0);
    CHECK(strcmp(buf, "<U+202E>x") == 0);
    /* invalid UTF-8 becomes U+FFFD */
    cor_text_display("a\xff" "b", buf, sizeof buf, 0);
    CHECK(strcmp(buf, "a\xef\xbf\xbd" "b") == 0);
    /* cut between characters: 30 three-byte characters in 20 bytes */
    char cjk[128] = "";
    for (int i = 0; i < 30; i++)
        strcat(cjk, "\xe5\x8c\x97");
    size_t w = cor_text_display(cjk, buf, 20, 0);
    CHECK(cor_utf8_check(buf, strlen(buf)) == strlen(buf));
    CHECK(strlen(buf) < 20 && strcmp(buf + strlen(buf) - 3, "...") == 0);
    CHECK(w == cor_text_width(buf));
    /* a width bound in columns: CJK characters are two columns wide */
    w = cor_text_display(cjk, buf, sizeof buf, 11);
    CHECK(w <= 11 && strcmp(buf + strlen(buf) - 3, "...") == 0);
    CHECK(cor_text_width("\xe5\x8c\x97" "ab") == 4 || cor_text_width("\xe5\x8c\x97" "ab") == 3);
    /* a copy never ends inside a character */
    cor_text_copy(buf, 8, cjk);
    CHECK(strlen(buf) == 6 && cor_utf8_check(buf, 6) == 6);
    /* controls found where they are; blank text */
    uint32_t cp = 0;
    CHECK(cor_text_find_control("ok\x7f", 3, &cp) == 2 && cp == 0x7F);
    CHECK(cor_text_find_control("\xc2\x85", 2, &cp) == 0 && cp == 0x85);
    CHECK(cor_text_find_control("Bandar-e Anzali", 15, &cp) == 15);
    CHECK(cor_text_blank("  \t", 3) && cor_text_blank("", 0) && cor_text_blank("\xe3\x80\x80", 3));
    CHECK(!cor_text_blank(" a ", 3));
}

/* A scratch folder, removed at the end. */
static char scratch[64];
static const char *tmpfile_in(const char *name, char *buf, size_t size)
{
    snprintf(buf, size, "%s/%s", scratch, name);
    return buf;
}

/* The scratch folder with a FIFO in it (each test may run alone). */
static int ensure_scratch(void)
{
    if (scratch[0])
        return 0;
    snprintf(scratch, sizeof scratch, "/tmp/corridor-safety-XXXXXX");
    char p[128];
    if (!mkdtemp(scratch) || mkfifo(tmpfile_in("fifo", p, sizeof p), 0600) != 0) {
        scratch[0] = '\0';
        return -1;
    }
    return 0;
}

static void test_inputs_never_hang(void)
{
    if (ensure_scratch() != 0) {
        CHECK(0);
        return;
    }
    char p[128], *text = NULL;
    size_t len;
    cor_diag d;
    cor_diag_init(&d, 8);
    /* a FIFO with no writer: refused at once, not read */
    tmpfile_in("fifo", p, sizeof p);
    CHECK(cor_read_file(p, 100, &text, &len, &d) == COR_EIO && !text);
    CHECK(d.count == 1 && strstr(d.items[0].msg, "it is a FIFO, not a regular file"));
    CHECK(cor_input_exists(p, &d) == -1);
    /* a directory */
    cor_diag_clear(&d);
    CHECK(cor_read_file(scratch, 100, &text, &len, &d) == COR_EIO && strstr(d.items[0].msg, "a directory"));
    /* sizes: exactly the limit is read, one byte more is refused before reading */
    FILE *f = fopen(tmpfile_in("ten", p, sizeof p), "w");
    fputs("0123456789", f);
    fclose(f);
    cor_diag_clear(&d);
    CHECK(cor_read_file(p, 10, &text, &len, &d) == COR_OK && len == 10 && strcmp(text, "0123456789") == 0);
    free(text);
    text = NULL;
    CHECK(cor_read_file(p, 9, &text, &len, &d) == COR_ELIMIT && !text);
    CHECK(strstr(d.items[0].msg, "file is 10 bytes, larger than the limit of 9 bytes") != NULL);
    cor_diag_clear(&d);
    CHECK(cor_input_exists(tmpfile_in("none", p, sizeof p), &d) == 0 && d.count == 0);
    cor_diag_destroy(&d);
}

static void test_outputs_never_destroy(void)
{
    char p[128], q[128];
    if (ensure_scratch() != 0) {
        CHECK(0);
        return;
    }
    cor_diag d;
    cor_diag_init(&d, 8);
    cor_outfile o;
    struct stat st;
    /* a FIFO without a reader: an output error, the FIFO stays */
    CHECK(cor_outfile_open(&o, tmpfile_in("fifo", p, sizeof p), &d) == COR_EOUTPUT);
    CHECK(stat(p, &st) == 0 && S_ISFIFO(st.st_mode));
    /* a directory: refused */
    cor_diag_clear(&d);
    CHECK(cor_outfile_open(&o, scratch, &d) == COR_EUSAGE && strstr(d.items[0].msg, "directory"));
    /* a regular file: atomic, permissions kept, nothing left behind */
    FILE *f = fopen(tmpfile_in("keep.txt", p, sizeof p), "w");
    fputs("old", f);
    fclose(f);
    CHECK(chmod(p, 0640) == 0);
    cor_diag_clear(&d);
    CHECK(cor_outfile_open(&o, p, &d) == COR_OK && o.kind == COR_OUT_ATOMIC);
    fputs("new", o.fp);
    CHECK(cor_outfile_close(&o, COR_OK, &d) == COR_OK);
    char got[16] = "";
    f = fopen(p, "r");
    CHECK(f && fgets(got, sizeof got, f));
    if (f)
        fclose(f);
    CHECK(strcmp(got, "new") == 0 && stat(p, &st) == 0 && (st.st_mode & 0777) == 0640);
    /* a failed write leaves the old file and no temporary */
    CHECK(cor_outfile_open(&o, p, &d) == COR_OK);
    fputs("half", o.fp);
    CHECK(cor_outfile_close(&o, COR_EDATA, &d) == COR_EDATA);
    f = fopen(p, "r");
    CHECK(f && fgets(got, sizeof got, f) && strcmp(got, "new") == 0);
    if (f)
        fclose(f);
    /* a link: written through, still a link */
    CHECK(symlink("keep.txt", tmpfile_in("link", q, sizeof q)) == 0);
    CHECK(cor_outfile_open(&o, q, &d) == COR_OK);
    fputs("via link", o.fp);
    CHECK(cor_outfile_close(&o, COR_OK, &d) == COR_OK);
    CHECK(lstat(q, &st) == 0 && S_ISLNK(st.st_mode));
    f = fopen(p, "r");
    CHECK(f && fgets(got, sizeof got, f) && strcmp(got, "via link") == 0);
    if (f)
        fclose(f);
    /* the same file under two names */
    CHECK(cor_same_file(p, q));
    snprintf(q, sizeof q, "%s/./keep.txt", scratch);
    CHECK(cor_same_file(p, q));
    snprintf(q, sizeof q, "%s/new.txt", scratch);
    char r[160];
    snprintf(r, sizeof r, "%s/../%s/new.txt", scratch, strrchr(scratch, '/') + 1);
    CHECK(cor_same_file(q, r) && !cor_same_file(p, q));
    cor_diag_destroy(&d);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch);
    CHECK(system(cmd) == 0);
    scratch[0] = '\0';
}

/* Every service routed in one batch gets the same lanes as routed alone. */
static void test_sea_batch(void)
{
    cor_diag d;
    cor_diag_init(&d, 8);
    cor_network *net = NULL;
    if (cor_network_load(CORRIDOR_SOURCE_DIR "/data/instc", &net, &d) != COR_OK) {
        CHECK(0);
        cor_diag_destroy(&d);
        return;
    }
    uint32_t n = cor_network_node_count(net), m = 0;
    uint32_t *from = malloc(n * n * sizeof *from), *to = malloc(n * n * sizeof *to);
    for (uint32_t a = 0; a < n; a += 3)
        for (uint32_t b = 0; b < n; b += 2) {
            from[m] = a;
            to[m] = b;
            m++;
        }
    uint64_t avoid = (uint64_t)1 << cor_network_find_passage(net, "suez");
    cor_sea_path *sp = calloc(m, sizeof *sp);
    cor_status *st = malloc(m * sizeof *st);
    CHECK(cor_sea_route_batch(net, from, to, m, avoid, sp, st) == COR_OK);
    uint32_t routed = 0;
    for (uint32_t i = 0; i < m; i++) {
        cor_sea_path one;
        cor_status s = cor_sea_route(net, from[i], to[i], avoid, &one);
        CHECK(s == st[i]);
        if (s == COR_OK && st[i] == COR_OK) {
            routed++;
            CHECK_NEAR(one.distance_km, sp[i].distance_km, 1e-6);
            CHECK(one.passages == sp[i].passages && !(one.passages & avoid));
            CHECK(one.nwaypoints == sp[i].nwaypoints);
        }
        cor_sea_path_destroy(&one);
        cor_sea_path_destroy(&sp[i]);
    }
    CHECK(routed > 100);
    free(sp);
    free(st);
    free(from);
    free(to);
    cor_network_free(net);
    cor_diag_destroy(&d);
}

/* The shipped network, alone and with each shipped scenario, keeps the
 * model's invariants. */
static void test_network_invariants(void)
{
    static const char *const scen[] = {NULL, "baseline-2030", "rasht-astara-rail", "red-sea-closed",
                                       "astara-border-slow"};
    const char *dir = CORRIDOR_SOURCE_DIR "/data/instc";
    for (size_t i = 0; i < sizeof scen / sizeof *scen; i++) {
        cor_diag d;
        cor_diag_init(&d, 8);
        cor_scenario *sc = NULL;
        cor_network *net = NULL;
        char path[1024];
        if (scen[i]) {
            CHECK(cor_scenario_path(dir, scen[i], path, sizeof path) == 0);
            CHECK(cor_scenario_load(path, &sc, &d) == COR_OK);
        }
        CHECK(cor_network_load_scenarios(dir, sc ? &sc : NULL, sc ? 1 : 0, &net, &d) == COR_OK);
        if (net)
            CHECK(cor_network_check(net, &d) == COR_OK);
        cor_network_free(net);
        cor_scenario_free(sc);
        cor_diag_destroy(&d);
    }
}

const cor_test cor_tests_safety[] = {
    {"parse_decimal", test_parse_decimal},
    {"text", test_text},
    {"inputs_never_hang", test_inputs_never_hang},
    {"outputs_never_destroy", test_outputs_never_destroy},
    {"sea_batch", test_sea_batch},
    {"network_invariants", test_network_invariants},
    {NULL, NULL},
};
