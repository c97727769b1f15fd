/*
 * gazetteer.c -- the city gazetteer: load, keys, lookup, suggestions.
 * See corridor/gazetteer.h for the file format and the rules.
 *
 * The file's bytes are kept in one buffer whose tabs and line ends become
 * NULs, so that every string of a city points into it; the keys live in a
 * second buffer of the same size (a key is never longer than its name).
 * Cities are sorted once by (key, population descending, geonameid).
 */
#include "corridor/gazetteer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/text.h"
#include "../core/infile.h"
#include "fold_table.h"
#include "../core/alloc.h" /* last: maps malloc & co. to the counted wrappers */

#define NFIELDS 8
#define MAX_ERRORS 100u

struct cor_gazetteer {
    char *text;      /* the file, fields NUL-terminated in place */
    char *keys;      /* the keys, one after another */
    cor_city *cities;
    uint32_t n, cap;
    char about[512];
};

/* ---- keys ------------------------------------------------------------- */

static const char *fold_of(uint32_t cp)
{
    size_t lo = 0, hi = sizeof fold_table / sizeof fold_table[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (fold_table[mid].cp == cp)
            return fold_table[mid].to;
        if (fold_table[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static uint32_t decode(const unsigned char *p, size_t n)
{
    if (n == 1)
        return p[0];
    if (n == 2)
        return ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
    if (n == 3)
        return ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    return ((uint32_t)(p[0] & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) | ((uint32_t)(p[2] & 0x3F) << 6) |
           (p[3] & 0x3F);
}

/* Dropped without a trace: apostrophes (ASCII and the modifier letters of
 * transliterations: Ma'rib, Sa‘dah), dots, combining marks. */
static int dropped(uint32_t cp)
{
    return cp == '\'' || cp == '.' || cp == '`' || (cp >= 0x300 && cp <= 0x36F) || cp == 0x2BB || cp == 0x2BC ||
           cp == 0x2BE || cp == 0x2BF || cp == 0x2018 || cp == 0x2019 || cp == 0xB4;
}

/* Separators beyond ASCII: no-break and other spaces, dashes. */
static int separator(uint32_t cp)
{
    if (cp < 0x80)
        return !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'));
    return cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x3000 ||
           cp == 0x202F || cp == 0xB7;
}

size_t cor_place_key(const char *s, char *buf, size_t size)
{
    size_t n = 0, len = strlen(s);
    int space = 0;
    if (size == 0)
        return 0;
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        size_t k = cor_utf8_len(p, (size_t)(end - p));
        if (k == 0) { /* an invalid byte separates */
            space = 1;
            p++;
            continue;
        }
        uint32_t cp = decode(p, k);
        const char *to = NULL;
        char one[2] = {0, 0};
        if (dropped(cp)) {
            p += k;
            continue;
        }
        if (separator(cp)) {
            space = 1;
            p += k;
            continue;
        }
        if (cp < 0x80) {
            one[0] = (char)(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
            to = one;
        } else {
            to = fold_of(cp);
        }
        size_t tl = to ? strlen(to) : k;
        if (n + (space && n > 0) + tl >= size)
            break;
        if (space && n > 0)
            buf[n++] = ' ';
        space = 0;
        memcpy(buf + n, to ? to : (const char *)p, tl);
        n += tl;
        p += k;
    }
    buf[n] = '\0';
    return n;
}

static int upper2(const char *s)
{
    return ((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')) &&
           ((s[1] >= 'A' && s[1] <= 'Z') || (s[1] >= 'a' && s[1] <= 'z'));
}

void cor_place_split(const char *query, char *name, size_t size, char country[3])
{
    country[0] = '\0';
    if (size == 0)
        return;
    size_t len = strlen(query);
    while (len && (query[len - 1] == ' ' || query[len - 1] == '\t'))
        len--;
    size_t cut = len;
    if (len >= 5 && query[len - 1] == ')' && query[len - 4] == '(' && upper2(query + len - 3)) {
        cut = len - 4; /* "Astara (IR)" */
        country[0] = query[len - 3];
        country[1] = query[len - 2];
    } else if (len >= 4 && query[len - 3] == ',' && upper2(query + len - 2)) {
        cut = len - 3; /* "Astara,IR" */
        country[0] = query[len - 2];
        country[1] = query[len - 1];
    } else if (len >= 5 && query[len - 4] == ',' && query[len - 3] == ' ' && upper2(query + len - 2)) {
        cut = len - 4; /* "Astara, IR" */
        country[0] = query[len - 2];
        country[1] = query[len - 1];
    }
    if (country[0]) {
        for (int i = 0; i < 2; i++)
            if (country[i] >= 'a' && country[i] <= 'z')
                country[i] = (char)(country[i] - 'a' + 'A');
        country[2] = '\0';
        while (cut && query[cut - 1] == ' ')
            cut--;
        if (cut == 0) { /* "(IR)" alone is a name, not a qualifier */
            country[0] = '\0';
            cut = len;
        }
    }
    if (cut >= size)
        cut = size - 1;
    memcpy(name, query, cut);
    name[cut] = '\0';
    /* never cut a character in two */
    while (cut && ((unsigned char)name[cut - 1] & 0xC0) == 0x80 && cor_utf8_check(name, cut) != cut)
        name[--cut] = '\0';
}

/* ---- loading ---------------------------------------------------------- */

typedef struct parser {
    const char *file;
    cor_diag *d;
    uint32_t line;
    uint32_t errors;
    cor_status first;
} parser;

static void bad(parser *P, cor_status s, uint32_t col, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void bad(parser *P, cor_status s, uint32_t col, const char *fmt, ...)
{
    char msg[COR_DIAG_TEXT];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (P->first == COR_OK)
        P->first = s;
    P->errors++;
    cor_diag_add(P->d, s, P->file, P->line, col, "%s", msg);
}

static int digits(const char *s, uint64_t max, uint64_t *v)
{
    uint64_t x = 0;
    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        x = x * 10 + (uint64_t)(*s - '0');
        if (x > max)
            return -1;
    }
    *v = x;
    return 0;
}

static int code_ok(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n > max)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.' ||
              *s == '-' || *s == '_'))
            return 0;
    return 1;
}

/* Parse one line (NUL-terminated, no line end) into a city; 0 if good. */
static int parse_line(parser *P, char *line, cor_city *c)
{
    size_t len = strlen(line);
    size_t badu = cor_utf8_check(line, len);
    if (badu != len) {
        bad(P, COR_EDATA, (uint32_t)badu + 1, "invalid UTF-8");
        return -1;
    }
    char *f[NFIELDS];
    uint32_t col[NFIELDS];
    int nf = 0;
    char *p = line;
    for (;;) {
        char *tab = strchr(p, '\t');
        if (nf == NFIELDS) {
            bad(P, COR_EDATA, (uint32_t)(p - line) + 1, "more than %d fields separated by tabs (geonameid, name, "
                                                    "country, admin1, lat, lon, population, feature)", NFIELDS);
            return -1;
        }
        f[nf] = p;
        col[nf++] = (uint32_t)(p - line) + 1;
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    if (nf < NFIELDS) {
        bad(P, COR_EDATA, (uint32_t)len + 1, "%d field%s where 8 are expected, separated by tabs (geonameid, name, "
                                           "country, admin1, lat, lon, population, feature)", nf, nf == 1 ? "" : "s");
        return -1;
    }
    int e = 0;
    uint64_t v;
    memset(c, 0, sizeof *c);
    if (digits(f[0], UINT32_MAX, &v) != 0 || v == 0) {
        bad(P, COR_EDATA, col[0], "geonameid: '%.40s' is not a positive integer below 2^32", f[0]);
        e = 1;
    } else {
        c->geonameid = (uint32_t)v;
    }
    uint32_t cp;
    size_t nl = strlen(f[1]), ctl;
    if (nl == 0 || cor_text_blank(f[1], nl))
        bad(P, COR_EDATA, col[1], "name: empty"), e = 1;
    else if (nl > COR_MAX_NAME_BYTES)
        bad(P, COR_EDATA, col[1], "name: %zu bytes, longer than %u", nl, COR_MAX_NAME_BYTES), e = 1;
    else if ((ctl = cor_text_find_control(f[1], nl, &cp)) != nl)
        bad(P, COR_EDATA, col[1] + (uint32_t)ctl, "name: control character U+%04X", (unsigned)cp), e = 1;
    c->name = f[1];
    if (strlen(f[2]) != 2 || f[2][0] < 'A' || f[2][0] > 'Z' || f[2][1] < 'A' || f[2][1] > 'Z') {
        bad(P, COR_EDATA, col[2], "country: '%.20s' is not an ISO 3166 alpha-2 code (two capital letters)", f[2]);
        e = 1;
    } else {
        memcpy(c->country, f[2], 3);
    }
    if (!code_ok(f[3], 20))
        bad(P, COR_EDATA, col[3], "admin1: at most 20 letters, digits, '.', '-' or '_'"), e = 1;
    c->admin1 = f[3];
    double lat = 0, lon = 0;
    if (cor_parse_decimal(f[4], &lat) != 0 || lat < -90 || lat > 90)
        bad(P, COR_EDATA, col[4], "lat: '%.40s' is not a decimal latitude in [-90, 90]", f[4]), e = 1;
    if (cor_parse_decimal(f[5], &lon) != 0 || lon < -180 || lon > 180)
        bad(P, COR_EDATA, col[5], "lon: '%.40s' is not a decimal longitude in [-180, 180]", f[5]), e = 1;
    c->lat = lat;
    c->lon = lon;
    if (digits(f[6], UINT32_MAX, &v) != 0)
        bad(P, COR_EDATA, col[6], "population: '%.40s' is not an integer from 0 to 2^32 - 1", f[6]), e = 1;
    else
        c->population = (uint32_t)v;
    if (!code_ok(f[7], 10))
        bad(P, COR_EDATA, col[7], "feature: at most 10 letters or digits (a GeoNames feature code)"), e = 1;
    c->feature = f[7];
    return e ? -1 : 0;
}

static int city_cmp(const void *a, const void *b)
{
    const cor_city *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    if (x->population != y->population)
        return x->population > y->population ? -1 : 1;
    return x->geonameid < y->geonameid ? -1 : x->geonameid > y->geonameid;
}

/* Parse text (owned by the caller until success, then by gz). */
static cor_status parse_owned(char *text, size_t len, const char *name, cor_gazetteer **out, cor_diag *d)
{
    parser P = {name ? name : "", d, 0, 0, COR_OK};
    cor_gazetteer *gz = calloc(1, sizeof *gz);
    if (!gz) {
        free(text);
        return cor_diag_add(d, COR_ENOMEM, name, 0, 0, "out of memory");
    }
    gz->text = text;
    gz->keys = malloc(len + 1);
    if (!gz->keys) {
        cor_gazetteer_free(gz);
        return cor_diag_add(d, COR_ENOMEM, name, 0, 0, "out of memory");
    }
    size_t kpos = 0;
    char *p = text, *end = text + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3; /* a byte-order mark */
    while (p < end && P.errors < MAX_ERRORS) {
        P.line++;
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        char *next = nl ? nl + 1 : end;
        if (le > p && le[-1] == '\r')
            le--;
        if ((size_t)(le - p) > COR_GAZ_MAX_LINE) {
            bad(&P, COR_ELIMIT, COR_GAZ_MAX_LINE + 1, "line longer than %u bytes", COR_GAZ_MAX_LINE);
            p = next;
            continue;
        }
        if (memchr(p, '\0', (size_t)(le - p))) {
            bad(&P, COR_EDATA, (uint32_t)((char *)memchr(p, '\0', (size_t)(le - p)) - p) + 1, "NUL byte in the line");
            p = next;
            continue;
        }
        *le = '\0';
        if (p[0] == '#') {
            if (!gz->about[0] && P.line == 1)
                cor_text_copy(gz->about, sizeof gz->about, p[1] == ' ' ? p + 2 : p + 1);
            p = next;
            continue;
        }
        if (p == le) {
            p = next;
            continue;
        }
        cor_city c;
        if (parse_line(&P, p, &c) == 0) {
            if (gz->n == COR_GAZ_MAX_CITIES) {
                bad(&P, COR_ELIMIT, 1, "more than %u cities", COR_GAZ_MAX_CITIES);
                break;
            }
            if (gz->n == gz->cap) {
                uint32_t nc = gz->cap ? gz->cap * 2 : 1024;
                if (nc > COR_GAZ_MAX_CITIES)
                    nc = COR_GAZ_MAX_CITIES;
                cor_city *ncs = realloc(gz->cities, nc * sizeof *ncs);
                if (!ncs) {
                    cor_gazetteer_free(gz);
                    return cor_diag_add(d, COR_ENOMEM, name, 0, 0, "out of memory");
                }
                gz->cities = ncs;
                gz->cap = nc;
            }
            c.key = gz->keys + kpos;
            kpos += cor_place_key(c.name, gz->keys + kpos, len + 1 - kpos) + 1;
            gz->cities[gz->n++] = c;
        }
        p = next;
    }
    if (P.errors) {
        if (P.errors >= MAX_ERRORS && p < end)
            cor_diag_add(d, P.first, name, 0, 0, "stopped after %u errors", MAX_ERRORS);
        cor_gazetteer_free(gz);
        return P.first;
    }
    if (gz->n > 1)
        qsort(gz->cities, gz->n, sizeof *gz->cities, city_cmp);
    *out = gz;
    return COR_OK;
}

cor_status cor_gazetteer_parse(const char *text, size_t len, const char *name, cor_gazetteer **out, cor_diag *d)
{
    *out = NULL;
    if (len > COR_GAZ_MAX_BYTES)
        return cor_diag_add(d, COR_ELIMIT, name, 0, 0, "larger than the limit of %u bytes", COR_GAZ_MAX_BYTES);
    char *copy = malloc(len + 1);
    if (!copy)
        return cor_diag_add(d, COR_ENOMEM, name, 0, 0, "out of memory");
    memcpy(copy, text, len);
    copy[len] = '\0';
    return parse_owned(copy, len, name, out, d);
}

cor_status cor_gazetteer_load(const char *path, cor_gazetteer **out, cor_diag *d)
{
    *out = NULL;
    char *text;
    size_t len;
    cor_status s = cor_read_file(path, COR_GAZ_MAX_BYTES, &text, &len, d);
    if (s != COR_OK)
        return s;
    return parse_owned(text, len, path, out, d);
}

void cor_gazetteer_free(cor_gazetteer *gz)
{
    if (!gz)
        return;
    free(gz->text);
    free(gz->keys);
    free(gz->cities);
    free(gz);
}

uint32_t cor_gazetteer_count(const cor_gazetteer *gz)
{
    return gz ? gz->n : 0;
}

const cor_city *cor_gazetteer_city(const cor_gazetteer *gz, uint32_t i)
{
    return gz && i < gz->n ? &gz->cities[i] : NULL;
}

const char *cor_gazetteer_about(const cor_gazetteer *gz)
{
    return gz ? gz->about : "";
}

/* ---- lookup ----------------------------------------------------------- */

cor_status cor_gazetteer_find(const cor_gazetteer *gz, const char *query, uint32_t *match, uint32_t max,
                              uint32_t *nmatch)
{
    char name[COR_MAX_NAME_BYTES + 8], country[3], key[COR_MAX_NAME_BYTES + 8];
    *nmatch = 0;
    if (!gz || !gz->n)
        return COR_ENOTFOUND;
    cor_place_split(query, name, sizeof name, country);
    if (cor_place_key(name, key, sizeof key) == 0)
        return COR_ENOTFOUND;
    uint32_t lo = 0, hi = gz->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (strcmp(gz->cities[mid].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (uint32_t i = lo; i < gz->n && strcmp(gz->cities[i].key, key) == 0; i++) {
        if (country[0] && strcmp(gz->cities[i].country, country) != 0)
            continue;
        if (*nmatch < max)
            match[*nmatch] = i;
        ++*nmatch;
    }
    return *nmatch ? COR_OK : COR_ENOTFOUND;
}

/* Edit distance of a and b (insertions, deletions, substitutions and
 * transpositions of two neighbours: "Puen" is one from "Pune"), or
 * limit + 1 if it exceeds limit.  O(|a| |b|) with three rows. */
static unsigned edit_distance(const char *a, size_t la, const char *b, size_t lb, unsigned limit)
{
    unsigned r0[COR_MAX_NAME_BYTES + 9], r1[COR_MAX_NAME_BYTES + 9], r2[COR_MAX_NAME_BYTES + 9];
    unsigned *pp = r0, *prev = r1, *cur = r2;
    if ((la > lb ? la - lb : lb - la) > limit || lb > COR_MAX_NAME_BYTES + 8)
        return limit + 1;
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (unsigned)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (unsigned)i;
        unsigned best = cur[0];
        for (size_t j = 1; j <= lb; j++) {
            unsigned v = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
                v = pp[j - 2] + 1;
            cur[j] = v;
            if (v < best)
                best = v;
        }
        if (best > limit)
            return limit + 1;
        unsigned *t = pp;
        pp = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb];
}

uint32_t cor_gazetteer_suggest(const cor_gazetteer *gz, const char *query, uint32_t *sugg, uint32_t n)
{
    char name[COR_MAX_NAME_BYTES + 8], country[3], key[COR_MAX_NAME_BYTES + 8];
    unsigned dist[16];
    uint32_t got = 0;
    if (n > 16)
        n = 16;
    for (uint32_t i = 0; i < n; i++)
        sugg[i] = UINT32_MAX;
    if (!gz || !n)
        return 0;
    cor_place_split(query, name, sizeof name, country);
    size_t lk = cor_place_key(name, key, sizeof key);
    if (lk == 0)
        return 0;
    unsigned limit = (unsigned)(lk / 3 ? lk / 3 : 1);
    for (uint32_t i = 0; i < gz->n; i++) {
        const cor_city *c = &gz->cities[i];
        if (i > 0 && strcmp(gz->cities[i - 1].key, c->key) == 0 && !country[0])
            continue; /* the most populous of a name stands for it */
        if (country[0] && strcmp(c->country, country) != 0)
            continue;
        unsigned dd = edit_distance(key, lk, c->key, strlen(c->key), limit);
        if (dd > limit)
            continue;
        /* insert by (distance, population descending) */
        uint32_t pos = got;
        while (pos > 0 && (dist[pos - 1] > dd ||
                           (dist[pos - 1] == dd && gz->cities[sugg[pos - 1]].population < c->population)))
            pos--;
        if (pos >= n)
            continue;
        uint32_t last = got < n ? got : n - 1;
        for (uint32_t k = last; k > pos; k--) {
            sugg[k] = sugg[k - 1];
            dist[k] = dist[k - 1];
        }
        sugg[pos] = i;
        dist[pos] = dd;
        if (got < n)
            got++;
    }
    return got;
}
