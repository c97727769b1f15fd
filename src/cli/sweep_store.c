/*
 * sweep_store.c -- the SQLite store of a sweep (sweep.h).
 *
 * Schema: meta(key PRIMARY KEY, value) with schema, spec_hash, spec_name,
 * spec (canonical JSON), corridor_version and cases; results(...) one row
 * per case and corridor, PRIMARY KEY (case_key, corridor_rank), indexed by
 * (case_id, corridor_rank).  WAL journal, synchronous NORMAL: a commit
 * survives the process being killed (not necessarily a power cut, which
 * loses at most the last batches: a rerun computes them again).
 *
 * Before SQLite touches an existing file it is checked to be a regular
 * file that is empty or begins with SQLite's header, and its tables are
 * read before the journal mode is set (which writes the header), so that
 * a file of another kind, or another program's database, is never
 * changed.  The keys of the stored cases are read once at open into an
 * open-addressing set (O(1) lookups).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>
#include <sqlite3.h>

#include "sweep.h"

#define SCHEMA_VERSION "1"

struct sweep_store {
    sqlite3 *db;
    sqlite3_stmt *ins;
    char *path;
    int in_tx;
    uint64_t *keys; /* open addressing; 0 = empty slot (a key of 0 is stored as 1) */
    size_t nkeys, cap;
};

static cor_status sqerr(cor_diag *d, sweep_store *st, const char *what)
{
    return cor_diag_add(d, COR_EIO, NULL, 0, 0, "--db %s: %s: %s", st->path, what,
                        st->db ? sqlite3_errmsg(st->db) : "cannot open");
}

static uint64_t norm_key(uint64_t k)
{
    return k ? k : 1;
}

static int key_add(sweep_store *st, uint64_t k)
{
    k = norm_key(k);
    if ((st->nkeys + 1) * 2 > st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 1024;
        uint64_t *n = calloc(cap, sizeof *n);
        if (!n)
            return -1;
        for (size_t i = 0; i < st->cap; i++)
            if (st->keys[i]) {
                size_t j = (size_t)(st->keys[i] * 0x9e3779b97f4a7c15ull >> 20) & (cap - 1);
                while (n[j])
                    j = (j + 1) & (cap - 1);
                n[j] = st->keys[i];
            }
        free(st->keys);
        st->keys = n;
        st->cap = cap;
    }
    size_t j = (size_t)(k * 0x9e3779b97f4a7c15ull >> 20) & (st->cap - 1);
    while (st->keys[j]) {
        if (st->keys[j] == k)
            return 0;
        j = (j + 1) & (st->cap - 1);
    }
    st->keys[j] = k;
    st->nkeys++;
    return 0;
}

int sweep_store_has(const sweep_store *st, uint64_t k)
{
    if (!st->cap)
        return 0;
    k = norm_key(k);
    size_t j = (size_t)(k * 0x9e3779b97f4a7c15ull >> 20) & (st->cap - 1);
    while (st->keys[j]) {
        if (st->keys[j] == k)
            return 1;
        j = (j + 1) & (st->cap - 1);
    }
    return 0;
}

uint64_t sweep_store_count(const sweep_store *st)
{
    return st->nkeys;
}

static int exec(sweep_store *st, const char *sql)
{
    return sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* What is at path: 0 = nothing (or an empty regular file), 1 = an SQLite
 * file; -1 after reporting why it is refused. */
static int check_file(const char *path, cor_diag *d)
{
    struct stat sb, lb;
    if (lstat(path, &lb) != 0) {
        if (errno == ENOENT)
            return 0;
        cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--db %s: %s", path, strerror(errno));
        return -1;
    }
    if (stat(path, &sb) != 0) {
        cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--db %s: a symbolic link to nothing (%s); not followed", path,
                     strerror(errno));
        return -1;
    }
    if (!S_ISREG(sb.st_mode)) {
        const char *what = S_ISDIR(sb.st_mode) ? "a folder" : S_ISCHR(sb.st_mode) ? "a character device"
                         : S_ISBLK(sb.st_mode) ? "a block device" : S_ISFIFO(sb.st_mode) ? "a FIFO"
                                                                                         : "not a regular file";
        cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--db %s: %s; the store is an SQLite file (give a file name)", path,
                     what);
        return -1;
    }
    if (sb.st_size == 0)
        return 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    unsigned char head[16];
    ssize_t n = fd >= 0 ? read(fd, head, sizeof head) : -1;
    int e = errno;
    if (fd >= 0)
        close(fd);
    if (n < 0) {
        cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--db %s: %s", path, strerror(e));
        return -1;
    }
    if (n < 16 || memcmp(head, "SQLite format 3", 16) != 0) {
        cor_diag_add(d, COR_EUSAGE, NULL, 0, 0,
                     "--db %s: not an SQLite database (a sweep store); it was left as it is: give another file", path);
        return -1;
    }
    return 1;
}

/* meta's value for key into buf ("" if absent); -1 on an SQLite error. */
static int meta_get(sweep_store *st, const char *key, char *buf, size_t size)
{
    sqlite3_stmt *q = NULL;
    buf[0] = '\0';
    if (sqlite3_prepare_v2(st->db, "SELECT value FROM meta WHERE key = ?", -1, &q, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW && sqlite3_column_text(q, 0))
        snprintf(buf, size, "%s", (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static const char *schema_sql =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE results("
    " case_id INTEGER NOT NULL, case_key TEXT NOT NULL, corridor_rank INTEGER NOT NULL, corridor TEXT NOT NULL,"
    " origin TEXT NOT NULL, destination TEXT NOT NULL, origin_id TEXT, destination_id TEXT,"
    " scenario TEXT NOT NULL, objective TEXT NOT NULL, value_of_time_usd_per_teu_day REAL NOT NULL,"
    " carbon_price_usd_per_t REAL NOT NULL, dwell_multiplier REAL NOT NULL, rate_multiplier REAL NOT NULL,"
    " year INTEGER NOT NULL, box TEXT NOT NULL, depart_month INTEGER, mc_runs INTEGER, mc_seed INTEGER,"
    " status TEXT NOT NULL, reason TEXT, days REAL, hours REAL, cost_usd REAL, co2e_kg REAL, distance_km REAL,"
    " weight REAL, handlings INTEGER, border_crossings INTEGER, gauge_changes INTEGER, route TEXT,"
    " mc_mean_days REAL, mc_sd_days REAL, mc_p50_days REAL, mc_p80_days REAL, mc_p95_days REAL,"
    " mc_p_deadline REAL,"
    " PRIMARY KEY (case_key, corridor_rank));"
    "CREATE INDEX results_case ON results(case_id, corridor_rank);";

cor_status sweep_store_open(sweep_store **out, const char *path, const sweep_spec *sp, const char *version,
                            cor_diag *d)
{
    *out = NULL;
    int kind = check_file(path, d);
    if (kind < 0)
        return COR_EUSAGE;
    sweep_store *st = calloc(1, sizeof *st);
    if (!st || !(st->path = strdup(path))) {
        free(st);
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    cor_status s = COR_OK;
    char buf[256], name[256];
    sqlite3_stmt *q = NULL;
    if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        s = sqerr(d, st, "cannot open");
        goto fail;
    }
    sqlite3_busy_timeout(st->db, 10000);
    /* the tables, before anything is written */
    int ntables = 0, has_meta = 0, has_results = 0;
    char others[200] = "";
    if (sqlite3_prepare_v2(st->db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", -1, &q,
                           NULL) != SQLITE_OK) {
        s = cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--db %s: not a readable SQLite database (%s); left as it is",
                         path, sqlite3_errmsg(st->db));
        goto fail;
    }
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(q, 0);
        ntables++;
        if (t && strcmp(t, "meta") == 0)
            has_meta = 1;
        else if (t && strcmp(t, "results") == 0)
            has_results = 1;
        else if (t && strlen(others) + strlen(t) < sizeof others - 8)
            snprintf(others + strlen(others), sizeof others - strlen(others), "%s%s", others[0] ? ", " : "", t);
    }
    sqlite3_finalize(q);
    q = NULL;
    if (rc != SQLITE_DONE) {
        s = cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--db %s: not a readable SQLite database (%s); left as it is",
                         path, sqlite3_errmsg(st->db));
        goto fail;
    }
    if (ntables && !(has_meta && has_results)) {
        s = cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--db %s: an SQLite database that is not a sweep store (its "
                         "tables: %s); left as it is: give another file", path, others[0] ? others : "meta or results");
        goto fail;
    }
    if (ntables) {
        char hash[32];
        snprintf(hash, sizeof hash, "%016" PRIx64, sp->hash);
        if (meta_get(st, "spec_hash", buf, sizeof buf) || meta_get(st, "spec_name", name, sizeof name)) {
            s = sqerr(d, st, "cannot read its meta table");
            goto fail;
        }
        if (strcmp(buf, hash) != 0) {
            s = cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--db %s: holds the results of another spec (%s%s%s, hash %s; "
                             "this spec's hash is %s): a rerun resumes only the same spec; give another --db or "
                             "remove this one", path, name[0] ? "'" : "", name[0] ? name : "unnamed",
                             name[0] ? "'" : "", buf, hash);
            goto fail;
        }
        if (meta_get(st, "schema", buf, sizeof buf) || strcmp(buf, SCHEMA_VERSION) != 0) {
            s = cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--db %s: a sweep store of schema '%s'; this corridor writes "
                             "schema %s", path, buf, SCHEMA_VERSION);
            goto fail;
        }
    }
    /* now it is ours: WAL, and the schema if new */
    if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode = WAL", -1, &q, NULL) != SQLITE_OK ||
        sqlite3_step(q) != SQLITE_ROW || !sqlite3_column_text(q, 0) ||
        strcmp((const char *)sqlite3_column_text(q, 0), "wal") != 0) {
        s = sqerr(d, st, "cannot use a write-ahead log (is the folder writable?)");
        goto fail;
    }
    sqlite3_finalize(q);
    q = NULL;
    if (exec(st, "PRAGMA synchronous = NORMAL")) {
        s = sqerr(d, st, "cannot set synchronous");
        goto fail;
    }
    if (!ntables) {
        char hash[32], cases[32];
        snprintf(hash, sizeof hash, "%016" PRIx64, sp->hash);
        snprintf(cases, sizeof cases, "%" PRIu64, sp->ncases);
        if (exec(st, "BEGIN IMMEDIATE") || exec(st, schema_sql)) {
            s = sqerr(d, st, "cannot create the tables");
            exec(st, "ROLLBACK");
            goto fail;
        }
        const char *kv[][2] = {{"schema", SCHEMA_VERSION}, {"spec_hash", hash}, {"spec_name", sp->name ? sp->name : ""},
                               {"spec", sp->canonical}, {"corridor_version", version}, {"cases", cases}};
        if (sqlite3_prepare_v2(st->db, "INSERT INTO meta(key, value) VALUES (?, ?)", -1, &q, NULL) != SQLITE_OK) {
            s = sqerr(d, st, "cannot write meta");
            exec(st, "ROLLBACK");
            goto fail;
        }
        for (size_t i = 0; i < sizeof kv / sizeof *kv; i++) {
            sqlite3_reset(q);
            sqlite3_bind_text(q, 1, kv[i][0], -1, SQLITE_STATIC);
            sqlite3_bind_text(q, 2, kv[i][1], -1, SQLITE_STATIC);
            if (sqlite3_step(q) != SQLITE_DONE) {
                s = sqerr(d, st, "cannot write meta");
                exec(st, "ROLLBACK");
                goto fail;
            }
        }
        sqlite3_finalize(q);
        q = NULL;
        if (exec(st, "COMMIT")) {
            s = sqerr(d, st, "cannot commit the tables");
            goto fail;
        }
    }
    /* the cases stored */
    if (sqlite3_prepare_v2(st->db, "SELECT DISTINCT case_key FROM results", -1, &q, NULL) != SQLITE_OK) {
        s = sqerr(d, st, "cannot read results");
        goto fail;
    }
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(q, 0);
        if (k && key_add(st, strtoull(k, NULL, 16))) {
            s = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
            goto fail;
        }
    }
    if (rc != SQLITE_DONE) {
        s = sqerr(d, st, "cannot read results");
        goto fail;
    }
    sqlite3_finalize(q);
    q = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "INSERT OR IGNORE INTO results VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
                           "?,?,?,?,?,?,?,?,?,?)",
                           -1, &st->ins, NULL) != SQLITE_OK) {
        s = sqerr(d, st, "cannot prepare the insert");
        goto fail;
    }
    *out = st;
    return COR_OK;
fail:
    sqlite3_finalize(q);
    sweep_store_close(st);
    return s;
}

static void bind_real(sqlite3_stmt *q, int i, double v, int present)
{
    if (present)
        sqlite3_bind_double(q, i, v);
    else
        sqlite3_bind_null(q, i);
}

cor_status sweep_store_put(sweep_store *st, const sweep_spec *sp, const sweep_row *rows, uint32_t n, cor_diag *d)
{
    if (!st->in_tx) {
        if (exec(st, "BEGIN IMMEDIATE"))
            return sqerr(d, st, "cannot begin a batch");
        st->in_tx = 1;
    }
    for (uint32_t r = 0; r < n; r++) {
        const sweep_row *w = &rows[r];
        size_t idx[SW_NDIM];
        sweep_case_decode(sp, w->case_id, idx);
        uint64_t key = sweep_case_key(sp, idx);
        char kb[24];
        snprintf(kb, sizeof kb, "%016" PRIx64, key);
        sqlite3_stmt *q = st->ins;
        sqlite3_reset(q);
        sqlite3_clear_bindings(q);
        int i = 1, ok = strcmp(w->status, "ok") == 0;
        uint32_t runs = sp->runs[idx[SW_RUNS]];
        sqlite3_bind_int64(q, i++, (sqlite3_int64)w->case_id);
        sqlite3_bind_text(q, i++, kb, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(q, i++, (int)w->rank);
        sqlite3_bind_text(q, i++, w->corridor, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, i++, sp->from[idx[SW_PAIR]], -1, SQLITE_STATIC);
        sqlite3_bind_text(q, i++, sp->to[idx[SW_PAIR]], -1, SQLITE_STATIC);
        sqlite3_bind_text(q, i++, w->from_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, i++, w->to_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, i++, sp->scen[idx[SW_SCEN]].label, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, i++, cor_objective_name(sp->obj[idx[SW_OBJ]]), -1, SQLITE_STATIC);
        sqlite3_bind_double(q, i++, sp->vot[idx[SW_VOT]]);
        sqlite3_bind_double(q, i++, sp->cp[idx[SW_CP]]);
        sqlite3_bind_double(q, i++, sp->dwell[idx[SW_DWELL]]);
        sqlite3_bind_double(q, i++, sp->rate[idx[SW_RATE]]);
        sqlite3_bind_int(q, i++, w->year);
        sqlite3_bind_text(q, i++, sp->box[idx[SW_BOX]], -1, SQLITE_STATIC);
        if (sp->month[idx[SW_MONTH]])
            sqlite3_bind_int(q, i, sp->month[idx[SW_MONTH]]);
        i++;
        if (runs) {
            sqlite3_bind_int64(q, i, runs);
            sqlite3_bind_int64(q, i + 1, (sqlite3_int64)sp->seed);
        }
        i += 2;
        sqlite3_bind_text(q, i++, w->status, -1, SQLITE_STATIC);
        if (w->reason[0])
            sqlite3_bind_text(q, i, w->reason, -1, SQLITE_STATIC);
        i++;
        bind_real(q, i++, w->days, ok);
        bind_real(q, i++, w->hours, ok);
        bind_real(q, i++, w->cost_usd, ok);
        bind_real(q, i++, w->co2e_kg, ok);
        bind_real(q, i++, w->distance_km, ok);
        bind_real(q, i++, w->weight, ok);
        if (ok) {
            sqlite3_bind_int(q, i, (int)w->handlings);
            sqlite3_bind_int(q, i + 1, (int)w->border_crossings);
            sqlite3_bind_int(q, i + 2, (int)w->gauge_changes);
            sqlite3_bind_text(q, i + 3, w->route, -1, SQLITE_STATIC);
        }
        i += 4;
        int mc = ok && w->has_mc;
        bind_real(q, i++, w->mc_mean_days, mc);
        bind_real(q, i++, w->mc_sd_days, mc);
        bind_real(q, i++, w->mc_p50_days, mc);
        bind_real(q, i++, w->mc_p80_days, mc);
        bind_real(q, i++, w->mc_p95_days, mc);
        bind_real(q, i++, w->mc_p_deadline, mc && sp->deadline_days > 0);
        if (sqlite3_step(q) != SQLITE_DONE)
            return sqerr(d, st, "cannot insert a result");
        if (key_add(st, key))
            return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    return COR_OK;
}

cor_status sweep_store_commit(sweep_store *st, cor_diag *d)
{
    if (!st->in_tx)
        return COR_OK;
    if (exec(st, "COMMIT"))
        return sqerr(d, st, "cannot commit a batch");
    st->in_tx = 0;
    return COR_OK;
}

cor_status sweep_store_csv(sweep_store *st, FILE *out, cor_diag *d)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(st->db, "SELECT * FROM results ORDER BY case_id, corridor_rank", -1, &q, NULL) != SQLITE_OK)
        return sqerr(d, st, "cannot read results");
    int nc = sqlite3_column_count(q), err = 0;
    for (int c = 0; c < nc; c++) {
        const char *name = sqlite3_column_name(q, c);
        err |= csv_fwrite(out, name, strlen(name)) != 0 || fputc(c + 1 < nc ? ',' : '\n', out) == EOF;
    }
    int rc;
    while (!err && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        for (int c = 0; c < nc; c++) {
            char b[64];
            switch (sqlite3_column_type(q, c)) {
            case SQLITE_INTEGER:
                err |= fprintf(out, "%lld", (long long)sqlite3_column_int64(q, c)) < 0;
                break;
            case SQLITE_FLOAT:
                snprintf(b, sizeof b, "%.15g", sqlite3_column_double(q, c));
                err |= fputs(b, out) == EOF;
                break;
            case SQLITE_TEXT: {
                const char *t = (const char *)sqlite3_column_text(q, c);
                err |= csv_fwrite(out, t, (size_t)sqlite3_column_bytes(q, c)) != 0;
                break;
            }
            default:
                break;
            }
            err |= fputc(c + 1 < nc ? ',' : '\n', out) == EOF;
        }
    }
    sqlite3_finalize(q);
    if (err)
        return COR_EIO;
    return rc == SQLITE_DONE ? COR_OK : sqerr(d, st, "cannot read results");
}

cor_status sweep_store_summary(sweep_store *st, FILE *out, cor_diag *d)
{
    sqlite3_stmt *q = NULL;
    const char *sql = "SELECT scenario, corridor, count(*), sum(status = 'ok'), avg(days), min(days), max(days),"
                      " avg(cost_usd), avg(co2e_kg), avg(mc_p95_days), avg(mc_p_deadline)"
                      " FROM results GROUP BY scenario, corridor ORDER BY min(case_id), min(corridor_rank)";
    if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
        return sqerr(d, st, "cannot read results");
    int err = 0, mc = 0, dl = 0, rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        mc |= sqlite3_column_type(q, 9) != SQLITE_NULL;
        dl |= sqlite3_column_type(q, 10) != SQLITE_NULL;
    }
    sqlite3_reset(q);
    err |= fprintf(out, "%-22s %-16s %6s %6s %7s %7s %7s %9s %8s%s%s\n", "scenario", "corridor", "cases", "routed",
                   "days", "min", "max", "USD", "kg CO2e", mc ? "  P95 days" : "", dl ? "  P(deadline)" : "") < 0;
    while (!err && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        char sc[64], co[64];
        snprintf(sc, sizeof sc, "%.22s", (const char *)sqlite3_column_text(q, 0));
        snprintf(co, sizeof co, "%.16s", (const char *)sqlite3_column_text(q, 1));
        err |= fprintf(out, "%-22s %-16s %6d %6d", sc, co, sqlite3_column_int(q, 2), sqlite3_column_int(q, 3)) < 0;
        if (sqlite3_column_type(q, 4) == SQLITE_NULL) {
            err |= fprintf(out, " %7s %7s %7s %9s %8s", "-", "-", "-", "-", "-") < 0;
        } else {
            err |= fprintf(out, " %7.1f %7.1f %7.1f %9.0f %8.0f", sqlite3_column_double(q, 4),
                           sqlite3_column_double(q, 5), sqlite3_column_double(q, 6), sqlite3_column_double(q, 7),
                           sqlite3_column_double(q, 8)) < 0;
        }
        if (mc && sqlite3_column_type(q, 9) != SQLITE_NULL)
            err |= fprintf(out, "  %8.1f", sqlite3_column_double(q, 9)) < 0;
        if (dl && sqlite3_column_type(q, 10) != SQLITE_NULL)
            err |= fprintf(out, "  %11.2f", sqlite3_column_double(q, 10)) < 0;
        err |= fputc('\n', out) == EOF;
    }
    sqlite3_finalize(q);
    if (err)
        return COR_EIO;
    return rc == SQLITE_DONE ? COR_OK : sqerr(d, st, "cannot read results");
}

void sweep_store_close(sweep_store *st)
{
    if (!st)
        return;
    if (st->in_tx)
        exec(st, "ROLLBACK");
    sqlite3_finalize(st->ins);
    sqlite3_close(st->db);
    free(st->keys);
    free(st->path);
    free(st);
}
