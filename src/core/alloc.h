/*
 * alloc.h -- every allocation of libcorridor goes through these, so that a
 * test can make the n-th allocation fail and check that each failure ends
 * in a clean COR_ENOMEM with nothing leaked (as SQLite's OOM tests do).
 *
 * Library sources include this header after the system headers; it maps
 * malloc, calloc, realloc and strdup onto the wrappers.  The hook is for
 * tests only and is not thread-safe; with it off the wrappers are the libc
 * functions plus a counter.
 */
#ifndef COR_ALLOC_H
#define COR_ALLOC_H

#include <stddef.h>

void *cor_malloc(size_t n);
void *cor_calloc(size_t n, size_t size);
void *cor_realloc(void *p, size_t n);
char *cor_strdup(const char *s);

/* Test hook: make allocation number n (1-based, counted from now) fail;
 * n = 0 turns failures off.  Returns nothing; cor_alloc_count() tells how
 * many allocations were made since the last call. */
void cor_alloc_fail_at(long n);
long cor_alloc_count(void);
/* How many allocations have failed so far (to tell a library's allocation
 * failure from bad input when the library does not say which it was). */
long cor_alloc_failures(void);
/* Route jansson's allocations through the wrappers too. */
void cor_alloc_hook_libraries(void);

#ifndef COR_ALLOC_IMPLEMENTATION
#define malloc(n) cor_malloc(n)
#define calloc(n, s) cor_calloc(n, s)
#define realloc(p, n) cor_realloc(p, n)
#define strdup(s) cor_strdup(s)
#endif

#endif
