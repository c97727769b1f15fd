/*
 * route_int.h -- what the route module shares with its tests.
 */
#ifndef COR_ROUTE_INT_H
#define COR_ROUTE_INT_H

/* In how many parts cor_filter_init compiles a graph's arcs, each on its
 * own thread: 0 (the default) = automatic (one below COR_FILTER_PARALLEL_ARCS
 * arcs, else the cores, at most 4); tests set it to compare the parts'
 * result with one part's.  Not for callers: set it before any thread runs. */
extern unsigned cor_filter_parts;
#define COR_FILTER_PARALLEL_ARCS (1u << 15)

#endif
