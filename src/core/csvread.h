/*
 * csvread.h -- reading CSV files with libcsv, keeping the line and column of
 * every field (internal).
 *
 * The whole file is read into memory (bounded by COR_CSV_MAX_FILE), checked
 * for NUL bytes and invalid UTF-8, stripped of a UTF-8 byte-order mark, and
 * fed to libcsv in strict mode one byte at a time so that each field's start
 * position is known exactly.  CRLF and LF line ends are both accepted; blank
 * lines are skipped.  Each complete record is handed to a callback together
 * with the position of every field.
 *
 * Limits (each reported as COR_ELIMIT with a location): file size, field
 * length, record (line) length, fields per record.
 */
#ifndef COR_CSVREAD_H
#define COR_CSVREAD_H

#include "corridor/status.h"
#include "infile.h"

#define COR_CSV_MAX_FILE (1024u << 20)  /* bytes: a million-node network's links.csv is about 300 MiB */
#define COR_CSV_MAX_FIELD 65536u        /* bytes in one field */
#define COR_CSV_MAX_FIELDS 64u          /* fields in one record */
#define COR_CSV_MAX_RECORD (1u << 20)   /* bytes in one record (line) */

typedef struct cor_csv_field {
    const char *s;   /* NUL-terminated; valid during the callback only */
    size_t len;
    uint32_t line, col;
    /* A field that came from a scenario file instead: its file and JSON
     * path (both NULL for a CSV field). */
    const char *json_file, *json_path;
} cor_csv_field;

/* Called once per record.  `end_line`/`end_col` locate the end of the
 * record (for "missing column" errors).  Return COR_OK to go on; any other
 * status stops reading and is returned. */
typedef cor_status (*cor_csv_row_fn)(void *ud, const cor_csv_field *f, size_t n,
                                     uint32_t end_line, uint32_t end_col);

/* Parse `len` bytes of `buf`; `name` is the file name used in errors. */
cor_status cor_csv_parse_mem(const char *buf, size_t len, const char *name,
                             cor_csv_row_fn fn, void *ud, cor_diag *d);

/* Read and parse the file at `path` (errors name `path`). */
cor_status cor_csv_read_file(const char *path, cor_csv_row_fn fn, void *ud,
                             cor_diag *d);


#endif
