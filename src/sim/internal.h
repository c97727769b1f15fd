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

/* The extra delays of the slowed seasons that apply to a link (kind 0), a
 * node (1) or a border (2) in month: up to max into out[]; how many. */
uint32_t cor_rel_extras(const cor_reliability *r, int kind, uint32_t id, int month, cor_dist *out, uint32_t max);

#endif
