/*
 * corridor/warn.h -- warnings: what a result should be read with.
 *
 * A warning is not an error: the answer stands, but something about it
 * deserves a word (an option that changed nothing, a scenario operation
 * that applied to no row, a leg on a service that sails without a
 * timetable).  The library never prints them: functions that find some
 * append them to a caller-owned cor_warnings list, and the front ends show
 * them (the CLI on standard error as "corridor: warning: ...", and in JSON
 * as a top-level "warnings" array of {"code", "message"}).  Warnings never
 * change an exit code.
 *
 * Each warning has a stable code (a lower-case word such as
 * "option_no_effect") and a message.  A list keeps each message once, in
 * the order first added, and at most `cap` of them; more are counted in
 * `dropped`.  Ownership: cor_warnings_init/destroy (caller-owned; destroy
 * is safe after a failed init and on a zeroed list).
 */
#ifndef CORRIDOR_WARN_H
#define CORRIDOR_WARN_H

#include <stddef.h>

#include "corridor/status.h"

/* The codes the library uses. */
#define COR_WARN_OPTION "option_no_effect"          /* an option that changes nothing here */
#define COR_WARN_SCENARIO "scenario_no_effect"      /* a scenario operation that matched no row */
#define COR_WARN_DEFAULTED "scenario_default"       /* a scenario value left out and defaulted */
#define COR_WARN_ASSUMPTION "rests_on_assumption"   /* a leg or stop whose data are flagged */
#define COR_WARN_WEIGHT "box_weight"                /* roads closed to the box by a weight limit */

typedef struct cor_warning {
    char code[32];
    char msg[COR_DIAG_TEXT];
} cor_warning;

typedef struct cor_warnings {
    cor_warning *items;
    size_t count, cap, dropped;
} cor_warnings;

/* Room for `cap` warnings (0: a default of 32).  COR_ENOMEM on failure. */
cor_status cor_warnings_init(cor_warnings *w, size_t cap);
void cor_warnings_destroy(cor_warnings *w);

/* Add a warning unless the same message is already listed; w may be NULL
 * (nothing happens).  O(count) for the duplicate check. */
void cor_warn(cor_warnings *w, const char *code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Append every warning of src to dst (duplicates skipped). */
void cor_warnings_merge(cor_warnings *dst, const cor_warnings *src);

struct cor_query;
struct cor_itinerary;

/* Options of a query that change nothing (src/report/warnings.c): a value
 * of time or carbon price without the generalized objective, the
 * generalized objective with neither (it is then the cost); and what its
 * box rests on (box.h): a box other than a 20' on a network without
 * pricing rules (every tariff per TEU), roads its weight closes.  O(1). */
void cor_query_warnings(const struct cor_query *q, cor_warnings *w);

/* What a route rests on that the data flag (src/report/warnings.c): a leg
 * on a link that is not simply open (irregular: no timetable, an assumed
 * wait; construction or planned: taken as open from its year), a leg on a
 * link or a stop at a rule whose whole source is an assumption (the source
 * begins with "assumption"); not a generic sea service, which the query
 * asked for and every output marks.  One warning per link
 * or rule, at most COR_MAX_ROUTE_WARNINGS per route and then one that
 * counts the rest: a short list, not the sources of every row (those are
 * in `corridor show`).  O(path length). */
#define COR_MAX_ROUTE_WARNINGS 6u
void cor_itinerary_warnings(const struct cor_itinerary *it, cor_warnings *w);

#endif
