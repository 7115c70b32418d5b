/* moodplay - the mood pipeline as the TUI drives it: from a request (a
 * capture, or a mood or strategy picked by hand) to a plan of songs with
 * reasons, run on a worker thread (ui-job.h), then applied to MPD from the
 * UI thread.
 *
 * A capture runs capture.h (the configured source), snapshot.h (decode,
 * face, crop) and snapshot-nn.h (the int8 model); the source, cascade and
 * model are made at the first capture and kept.
 *
 * Planning goes through mood-queue.h (dataset + library matching + planner),
 * loaded once on first use with a connection of the worker's own and again
 * after MPD's database changed.  Smoothing (mood.half_life) spans the
 * session's captures.
 *
 * Threads: ui_mood_run() runs on the worker; every other function on the UI
 * thread, never while a run is in progress (the UI waits for the job's end
 * before applying), except ui_mood_invalidate(), which is safe any time. */
#ifndef MOODPLAY_UI_MOOD_H
#define MOODPLAY_UI_MOOD_H

#include "conf/conf.h"
#include "base/error.h"
#include "mood/mood.h"
#include "mood/mood-state.h"
#include "mpdc/mpdc.h"
#include "ui/ui-job.h"

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct ui_mood;

/* Snapshots one mood-calibrate takes. */
#define UI_MOOD_CALIBRATE_FRAMES 10

/* One song the planner chose, and why. */
struct ui_mood_pick {
	char *uri;
	char *label;  /* "Artist — Title" */
	char *reason; /* "target valence +0.99 ...; exact match" */
};

/* One run, as the Mood screen shows it. */
struct ui_mood_result {
	/* The snapshot the face was found in (NULL pixels for a manual pick):
	 * width*height pixels, channels 1 (grey) or 3 (RGB), rows top to
	 * bottom, malloc'd. */
	unsigned width, height, channels;
	unsigned char *pixels;
	bool has_face;
	unsigned face_x, face_y, face_w, face_h; /* in snapshot pixels */
	bool has_probs;                          /* false: a strategy pick */
	float probs[MOOD_NEMOTIONS];             /* sum to 1 */
	enum mood_emotion emotion; /* dominant; MOOD_NEMOTIONS: none */
	double valence, arousal;   /* smoothed mood, -1..1 */
	enum conf_mood_strategy strategy;
	struct ui_mood_pick *plan; /* n_plan songs in queue order */
	size_t n_plan;
	char *shortfall; /* why n_plan is less than asked, or NULL */
	char *notice;    /* a calibration's outcome, or NULL */
	/* An automatic capture whose smoothed mood moved no more than
	 * mood.auto_distance (moved) from the last plan's: nothing planned,
	 * the queue kept. */
	bool kept;
	double moved;
	time_t when;
};

/* What the user asked for. */
struct ui_mood_request {
	int emotion;  /* enum mood_emotion picked by hand, or -1 */
	int strategy; /* enum conf_mood_strategy, or -1 for mood.strategy */
	bool capture; /* take a snapshot (emotion is then ignored) */
	/* A mood.auto_interval run: re-plans only when the smoothed mood
	 * moved more than mood.auto_distance from the last plan's
	 * (mood-auto.h), and then only the songs after the playing one,
	 * whatever queue.mode says. */
	bool upcoming_only;
	/* Learn the resting face (moodplay calibrate) instead: snapshots
	 * into the stored calibration, nothing planned; res->notice says
	 * how it went. */
	bool calibrate;
};

/* Borrows conf; copies ep (the worker connects there to load). */
struct ui_mood *ui_mood_new(const struct conf *conf,
			    const struct mpdc_endpoint *ep);
void ui_mood_free(struct ui_mood *pm);

/* Worker: run req into res (cleared first).  Reports stages with
 * ui_job_stage(); on failure err says why in words for the status line
 * and res is empty, but for a snapshot without a face: then res holds the
 * picture (pixels, width, height, channels, when) and nothing else. */
enum mp_status ui_mood_run(struct ui_mood *pm, struct ui_job *job,
			   const struct ui_mood_request *req,
			   struct ui_mood_result *res, struct mp_error *err);

/* UI thread: put the last run's plan into MPD's queue (queue.mode, or
 * replacing only the upcoming songs; queue.play) in one atomic change and
 * remember it in the history. */
enum mp_status ui_mood_apply(struct ui_mood *pm, struct mpdc *m,
			     bool upcoming_only, struct mp_error *err);

/* UI thread, at start: the newest max runs of the mood history into
 * res[0..] (newest first; no snapshot, no plan, shortfall saying when
 * they were), so the Mood screen keeps its last result across restarts.
 * Returns how many. */
size_t ui_mood_restore(struct ui_mood_result *res, size_t max);

/* UI thread: the mood history's runs of the last 24 hours into *v (the
 * old array freed), oldest first, for the Mood screen's timeline; none
 * when the file cannot be read. */
void ui_mood_day(struct mood_record **v, size_t *n);

/* MPD's database changed: reload before the next plan. */
void ui_mood_invalidate(struct ui_mood *pm);

void ui_mood_result_clear(struct ui_mood_result *r);
/* The songs of from's plan copied into to's, which
 * has none: a kept queue still shows what it holds. */
void ui_mood_result_copy_plan(struct ui_mood_result *to,
			      const struct ui_mood_result *from);

#endif
