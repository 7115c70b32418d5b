/* moodplay - the CLI's mood runs, shared by `moodplay recommend` and
 * `moodplay capture`: planning with the state kept on disk, and printing
 * the plan so both speak the same text and JSON. */
#ifndef MOODPLAY_CLI_PLAN_H
#define MOODPLAY_CLI_PLAN_H

#include "cli/cli.h"
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

/* One mood run of the CLI: load the smoothing state from its file (an
 * invalid one is ignored with a warning), connect, load the library, plan
 * r (its ema and now are set here) and, unless dry_run, apply the plan in
 * mode, save the state and append the run to the moods file.  Returns an
 * exit code; on failure err says why (*plan NULL).  A note on the queue
 * change (mp_error_note()) is printed here, so every command says it.  *q and *plan are the
 * caller's to free. */
int cli_mood_run(struct cli *cli, struct moodq_request *r, bool dry_run,
		 enum conf_queue_mode mode, struct moodq **q,
		 struct moodq_plan **plan, struct mp_error *err);

#endif
