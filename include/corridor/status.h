/*
 * corridor/status.h -- the one status type of libcorridor, and errors with
 * locations.
 *
 * Every fallible public function returns a cor_status and writes its results
 * through out-parameters.  One table (COR_STATUS_MAP) gives each status its
 * name, its message, its command-line exit code and its HTTP status, so the
 * front ends never invent their own mapping.
 *
 * A cor_diag collects located errors ("FILE:LINE:COLUMN: message" or
 * "JSON-PATH: message") so that a validation pass can report every fault it
 * finds, not just the first.  It is caller-owned: cor_diag_init/destroy.
 */
#ifndef CORRIDOR_STATUS_H
#define CORRIDOR_STATUS_H

#include <stddef.h>
#include <stdint.h>

/*      name        message                          exit  http */
#define COR_STATUS_MAP(X)                                               \
    X(OK,        "success",                          0,    200)         \
    X(ENOROUTE,  "no route",                         1,    404)         \
    X(EUSAGE,    "usage error",                      2,    400)         \
    X(ENOTFOUND, "unknown place",                    2,    404)         \
    X(EDATA,     "bad input data",                   3,    422)         \
    X(EIO,       "input/output error",               3,    500)         \
    X(ELIMIT,    "limit exceeded",                   3,    413)         \
    X(ENOMEM,    "out of memory",                    4,    503)         \
    X(EINTERNAL, "internal error",                   4,    500)         \
    X(EOUTPUT,   "cannot write output",              5,    500)

typedef enum cor_status {
#define COR_X_ENUM(name, msg, exit_code, http) COR_##name,
    COR_STATUS_MAP(COR_X_ENUM)
#undef COR_X_ENUM
    COR_STATUS_COUNT_
} cor_status;

/* Name ("EDATA"), message, CLI exit code and HTTP status of a status. */
const char *cor_status_name(cor_status s);
const char *cor_status_message(cor_status s);
int cor_status_exit_code(cor_status s);
int cor_status_http(cor_status s);

/* One located error.  file may be empty (then line/col are unused); when
 * path is non-empty it is a JSON path or an option name instead. */
#define COR_DIAG_TEXT 512
typedef struct cor_error {
    cor_status status;
    char file[256];
    uint32_t line;  /* 1-based; 0 = no line */
    uint32_t col;   /* 1-based byte column; 0 = no column */
    char msg[COR_DIAG_TEXT];
} cor_error;

/* A bounded list of errors.  Once `cap` errors are stored, further ones are
 * counted in `dropped` only.  Caller-owned. */
typedef struct cor_diag {
    cor_error *items;
    size_t count, cap, dropped;
} cor_diag;

/* Initialise with room for `cap` errors (cap 0 means a default of 100).
 * Returns COR_ENOMEM on allocation failure (then the diag is still safe to
 * destroy). */
cor_status cor_diag_init(cor_diag *d, size_t cap);
void cor_diag_destroy(cor_diag *d);
void cor_diag_clear(cor_diag *d);

/* Add an error; printf-style message.  Returns `s` so callers can write
 * `return cor_diag_add(...)`.  file may be NULL. */
cor_status cor_diag_add(cor_diag *d, cor_status s, const char *file,
                        uint32_t line, uint32_t col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* Is the list full (or d NULL), so that a further error is only counted?
 * Lets callers skip work that only serves the message ("did you mean"). */
int cor_diag_full(const cor_diag *d);

/* Format one error as "FILE:LINE:COLUMN: message" (or "message") into buf. */
void cor_error_format(const cor_error *e, char *buf, size_t size);

/* The worst (first non-OK) status in the list, or COR_OK. */
cor_status cor_diag_status(const cor_diag *d);

#endif
