/*
 * alloc.c -- counted allocation with an injectable failure.  See alloc.h.
 */
#define COR_ALLOC_IMPLEMENTATION
#include "alloc.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* atomic: the HTTP server allocates from several threads */
static _Atomic long count, fail_at, failed;

static int fails(void)
{
    count++;
    if (fail_at > 0 && count == fail_at) {
        failed++;
        return 1;
    }
    return 0;
}

long cor_alloc_failures(void)
{
    return failed;
}

void *cor_malloc(size_t n)
{
    return fails() ? NULL : malloc(n);
}

void *cor_calloc(size_t n, size_t size)
{
    return fails() ? NULL : calloc(n, size);
}

void *cor_realloc(void *p, size_t n)
{
    return fails() ? NULL : realloc(p, n);
}

char *cor_strdup(const char *s)
{
    if (fails())
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

void cor_alloc_fail_at(long n)
{
    count = 0;
    fail_at = n;
}

long cor_alloc_count(void)
{
    return count;
}

void cor_alloc_hook_libraries(void)
{
    json_set_alloc_funcs(cor_malloc, free);
}
