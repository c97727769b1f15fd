/*
 * sim/internal.h -- what the files of src/sim share (not part of
 * libcorridor's interface).
 */
#ifndef COR_SIM_INTERNAL_H
#define COR_SIM_INTERNAL_H

#include "corridor/simulate.h"

/* The variability of a running time of mode m as a multiplier of its mean
 * (mean 1), or NULL: fixed.  r may be NULL. */
const cor_dist *cor_rel_mode(const cor_reliability *r, cor_mode m);
/* The variability of a stop's dwell as a multiplier of its mean (mean 1):
 * the border's own row (border:ID), else its kind's (stop:KIND), else NULL
 * (a lognormal of the stop's dwell_hours and dwell_p95_hours). */
const cor_dist *cor_rel_stop(const cor_reliability *r, cor_stop_kind k, uint32_t border);

#endif
