/*
 * csvread.c -- libcsv with positions.  See csvread.h.
 *
 * Position tracking: bytes are fed to csv_parse() one at a time, so when a
 * libcsv callback fires we know which byte triggered it.  `start_*` holds the
 * position of the first byte of the field being read: it is set from the
 * first byte fed after the previous callback (skipping line ends between
 * records, which libcsv also skips).
 */
#include "csvread.h"

#include "corridor/text.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "alloc.h" /* last: maps malloc & co. to the counted wrappers */

typedef struct field_pos {
    size_t off, len;
    uint32_t line, col;
} field_pos;

typedef struct reader {
    const char *name;
    cor_csv_row_fn fn;
    void *ud;
    cor_diag *d;
    cor_status status;      /* first error, stops everything */
    /* position of the byte being fed */
    uint32_t line, col;
    /* start of the current field */
    uint32_t start_line, start_col;
    int need_start;
    int at_record_start;
    /* fields of the current record */
    char *buf;
    size_t buf_len, buf_cap;
    field_pos fields[COR_CSV_MAX_FIELDS];
    size_t nfields;
} reader;

static void on_field(void *s, size_t len, void *data)
{
    reader *r = data;
    if (r->status != COR_OK)
        return;
    if (r->nfields >= COR_CSV_MAX_FIELDS) {
        r->status = cor_diag_add(r->d, COR_ELIMIT, r->name, r->start_line, r->start_col,
                                 "too many fields in one record (limit %u)", COR_CSV_MAX_FIELDS);
        return;
    }
    if (len > COR_CSV_MAX_FIELD) {
        r->status = cor_diag_add(r->d, COR_ELIMIT, r->name, r->start_line, r->start_col,
                                 "field is %zu bytes long (limit %u)", len, COR_CSV_MAX_FIELD);
        return;
    }
    if (r->buf_len + len + 1 > r->buf_cap) {
        size_t cap = r->buf_cap ? r->buf_cap : 1024;
        while (cap < r->buf_len + len + 1)
            cap *= 2;
        char *nb = realloc(r->buf, cap);
        if (!nb) {
            r->status = cor_diag_add(r->d, COR_ENOMEM, r->name, 0, 0, "out of memory");
            return;
        }
        r->buf = nb;
        r->buf_cap = cap;
    }
    field_pos *f = &r->fields[r->nfields++];
    f->off = r->buf_len;
    f->len = len;
    f->line = r->start_line;
    f->col = r->start_col;
    if (len)
        memcpy(r->buf + r->buf_len, s, len);
    r->buf[r->buf_len + len] = '\0';
    r->buf_len += len + 1;
    r->need_start = 1;
}

static void on_record(int c, void *data)
{
    reader *r = data;
    (void)c;
    if (r->status == COR_OK) {
        cor_csv_field out[COR_CSV_MAX_FIELDS];
        for (size_t i = 0; i < r->nfields; i++) {
            out[i].s = r->buf + r->fields[i].off;
            out[i].len = r->fields[i].len;
            out[i].line = r->fields[i].line;
            out[i].col = r->fields[i].col;
            out[i].json_file = out[i].json_path = NULL;
        }
        cor_status s = r->fn(r->ud, out, r->nfields, r->line, r->col);
        if (s != COR_OK)
            r->status = s;
    }
    r->nfields = 0;
    r->buf_len = 0;
    r->need_start = 1;
    r->at_record_start = 1;
}

cor_status cor_csv_parse_mem(const char *buf, size_t len, const char *name,
                             cor_csv_row_fn fn, void *ud, cor_diag *d)
{
    const unsigned char *p = (const unsigned char *)buf;
    /* Accept (skip) a UTF-8 byte-order mark. */
    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        p += 3;
        len -= 3;
    }
    /* Reject NUL bytes and invalid UTF-8 before parsing, with a location. */
    {
        uint32_t line = 1, col = 1;
        for (size_t i = 0; i < len;) {
            if (p[i] == 0)
                return cor_diag_add(d, COR_EDATA, name, line, col,
                                    "NUL byte in text (is this a binary file?)");
            size_t n = cor_utf8_len(p + i, len - i);
            if (n == 0)
                return cor_diag_add(d, COR_EDATA, name, line, col,
                                    "invalid UTF-8 byte 0x%02X", p[i]);
            if (p[i] == '\n') {
                line++;
                col = 1;
            } else {
                col += (uint32_t)n;
            }
            i += n;
        }
    }
    if (len == 0)
        return cor_diag_add(d, COR_EDATA, name, 1, 1, "file is empty (expected a header row)");

    struct csv_parser cp;
    if (csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return cor_diag_add(d, COR_ENOMEM, name, 0, 0, "out of memory");
    csv_set_realloc_func(&cp, cor_realloc);
    csv_set_free_func(&cp, free);
    reader r;
    memset(&r, 0, sizeof r);
    r.name = name;
    r.fn = fn;
    r.ud = ud;
    r.d = d;
    r.line = 1;
    r.col = 1;
    r.need_start = 1;
    r.at_record_start = 1;
    size_t rec_start = 0, field_start = 0;
    uint32_t rec_line = 1;
    for (size_t i = 0; i < len && r.status == COR_OK; i++) {
        unsigned char c = p[i];
        int is_nl = (c == '\r' || c == '\n');
        if (r.need_start && !(is_nl && r.at_record_start)) {
            if (r.at_record_start) {
                rec_start = i;
                rec_line = r.line;
            }
            r.start_line = r.line;
            r.start_col = r.col;
            field_start = i;
            r.need_start = 0;
            r.at_record_start = 0;
        }
        /* a record (line) is at most COR_CSV_MAX_RECORD bytes, its line end
         * not counted; when a single field is the cause, say so */
        if (!is_nl && !r.at_record_start && i - rec_start >= COR_CSV_MAX_RECORD) {
            if (i - field_start > 2 * (size_t)COR_CSV_MAX_FIELD + 2)
                r.status = cor_diag_add(d, COR_ELIMIT, name, r.start_line, r.start_col,
                                        "field is longer than %u bytes (limit %u)", COR_CSV_MAX_RECORD,
                                        COR_CSV_MAX_FIELD);
            else
                r.status = cor_diag_add(d, COR_ELIMIT, name, rec_line, 1, "record is longer than %u bytes",
                                        COR_CSV_MAX_RECORD);
            break;
        }
        if (csv_parse(&cp, &p[i], 1, on_field, on_record, &r) != 1 && r.status == COR_OK) {
            int e = csv_error(&cp);
            if (e == CSV_EPARSE)
                r.status = cor_diag_add(d, COR_EDATA, name, r.line, r.col,
                                        "malformed quoted field (a quote must be doubled inside "
                                        "quotes and the field must end right after the closing quote)");
            else
                r.status = cor_diag_add(d, COR_ENOMEM, name, r.line, r.col, "out of memory");
        }
        if (c == '\n') {
            r.line++;
            r.col = 1;
        } else {
            r.col++;
        }
    }
    if (r.status == COR_OK) {
        if (csv_fini(&cp, on_field, on_record, &r) != 0 && r.status == COR_OK)
            r.status = cor_diag_add(d, COR_EDATA, name, r.start_line, r.start_col,
                                    "unterminated quoted field (file ends inside quotes)");
    }
    csv_free(&cp);
    free(r.buf);
    return r.status;
}

cor_status cor_csv_read_file(const char *path, cor_csv_row_fn fn, void *ud, cor_diag *d)
{
    char *buf;
    size_t len;
    cor_status s = cor_read_file(path, COR_CSV_MAX_FILE, &buf, &len, d);
    if (s != COR_OK)
        return s;
    s = cor_csv_parse_mem(buf, len, path, fn, ud, d);
    free(buf);
    return s;
}
