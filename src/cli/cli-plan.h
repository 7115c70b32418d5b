/* moodplay - printing a queue plan, shared by `moodplay recommend` and
 * `moodplay capture` so both speak the same text and JSON. */
#ifndef MOODPLAY_CLI_PLAN_H
#define MOODPLAY_CLI_PLAN_H

#include "mood/mood-calib.h"
#include "mood/mood-queue.h"

#include <stdbool.h>

/* "mood: ...", one line per song with its reason, the line saying why
 * the plan is short if it is, and "queued N songs (MODE)" when applied. */
void cli_plan_print_text(const struct moodq_plan *p, bool applied,
			 const char *mode);

/* The plan's keys (emotion, target, model, strategy, segment, mode,
 * applied, wanted, shortfall, queue) into a JSON object the caller opened; first as for
 * json_key(). */
void cli_plan_json_keys(const struct moodq_plan *p, bool applied,
			const char *mode, bool *first);

/* The "calibrated" key: null without a calibration applied, else
 * {faces, fraction, emotion, probs} with the corrected probabilities (in
 * mood order, by name).  first as for json_key(). */
void cli_calib_json_key(const struct mood_calib *c, double fraction,
			const double calibrated[MOOD_NEMOTIONS], bool *first);

#endif
