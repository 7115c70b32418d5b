/* moodplay - from a mood to an MPD queue: the one planning entry point of
 * every front end, around the pure parts (dataset, matching, mood model,
 * planner).
 *
 * Typical use, by `moodplay recommend`, `moodplay capture` and the UI:
 *
 *     struct moodq *q = moodq_new(conf);
 *     moodq_load(q, mpd, &err);              dataset + library + matching
 *     moodq_request_init(&r, conf);          then one of the inputs:
 *     moodq_request_capture(&r, probs, confidence);
 *     moodq_request_pick(&r, source, probs or NULL, point);
 *     r.ema = &state; r.now = time(NULL);    the caller's smoothing state
 *     moodq_plan(q, &r, &plan, &err);        choose the songs
 *     moodq_apply(q, mpd, plan, mode, play, &err); one atomic queue change
 *     moodq_plan_free(plan); moodq_free(q);
 *
 * The caller owns the state: the CLI keeps the smoothing state in a file
 * (mood-state.h), the TUI in memory; for the same request and state both
 * get the same plan.  The songs excluded as recent are the last
 * queue.history songs of the history file, re-read after every apply.
 * moodq_set_library() loads a library without MPD (tests).  A loaded
 * moodq can plan any number of times (the UI keeps one); call moodq_load()
 * again after MPD's database changed.  Nothing here prints. */
#ifndef MOODPLAY_MOOD_QUEUE_H
#define MOODPLAY_MOOD_QUEUE_H

#include "conf/conf.h"
#include "dataset/dataset-match.h"
#include "dataset/dataset.h"
#include "base/error.h"
#include "mood/mood-state.h"
#include "mood/mood.h"
#include "mpdc/mpdc.h"
#include "base/song.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MOODQ_EXAMPLES 5 /* songs remembered per match kind */

/* What moodq_load() found, for `moodplay match`. */
struct moodq_file_report {
	const char *path; /* lent from the configuration */
	struct dataset_stats stats;
};

struct moodq_report {
	size_t n_files;
	const struct moodq_file_report *files;
	size_t tracks;  /* distinct dataset tracks */
	size_t library; /* songs in MPD's database */
	size_t kind[MATCH_KIND_COUNT];
	/* Library indices of the first songs of each kind. */
	size_t examples[MATCH_KIND_COUNT][MOODQ_EXAMPLES];
	size_t n_examples[MATCH_KIND_COUNT];
	bool from_cache; /* matching came from the cache file */
	size_t history;  /* songs excluded as recently queued */
};

struct moodq;

/* Borrows conf, which must outlive the moodq. */
struct moodq *moodq_new(const struct conf *conf);
void moodq_free(struct moodq *q);

/* Load dataset.files, list MPD's library, match them (through the cache
 * under $XDG_CACHE_HOME/moodplay when dataset.cache is on), and read the
 * history.  MP_EINVAL when no dataset file is configured. */
enum mp_status moodq_load(struct moodq *q, struct mpdc *m,
			  struct mp_error *err);
/* The same from a song list and its match results, both taken over (the
 * list is left empty, match is freed with the moodq); no dataset, no MPD,
 * no cache.  The history file is read as by moodq_load(). */
void moodq_set_library(struct moodq *q, struct mp_song_list *songs,
		       struct match_result *match);
/* Mark as recent exactly the library songs among h's URIs. */
void moodq_set_recent(struct moodq *q, const struct mood_history *h);
const struct moodq_report *moodq_report(const struct moodq *q);
const struct mp_song *moodq_song(const struct moodq *q, size_t i);
const struct match_result *moodq_match(const struct moodq *q, size_t i);

/* What to plan for: expression probabilities (with the detector's
 * confidence) or a point given directly, or the mood as it stands.  A
 * captured mood is smoothed with the state; a picked or given one replaces
 * it (it says what the listener wants now); current plans from the state's
 * mood without changing it (a strategy picked alone). */
struct moodq_request {
	enum mood_source source;
	bool current;
	bool calibrated; /* probs were corrected for the resting face */
	bool have_probs;
	double probs[MOOD_NEMOTIONS];
	double confidence;       /* 0..1, weighs the capture in smoothing */
	struct mood_point point; /* used when !have_probs */
	enum conf_mood_model model;
	enum conf_mood_strategy strategy;
	size_t count;
	double temperature;
	unsigned artist_gap;
	uint64_t seed;
	struct mood_ema *ema; /* smoothing state to update, or NULL */
	double now;           /* seconds, for ema */
};

/* A request filled from the configuration's mood and queue sections. */
void moodq_request_init(struct moodq_request *r, const struct conf *conf);
/* A capture's probabilities (enum mood_emotion order) and confidence. */
void moodq_request_capture(struct moodq_request *r,
			   const double probs[MOOD_NEMOTIONS],
			   double confidence);
/* A mood picked (MOOD_SOURCE_PICKED) or given (MOOD_SOURCE_CLI): the
 * probabilities when probs is not NULL, else the point. */
void moodq_request_pick(struct moodq_request *r, enum mood_source source,
			const double *probs, struct mood_point point);
/* The mood as the state has it (the centre without one). */
void moodq_request_current(struct moodq_request *r);

struct moodq_pick {
	const struct mp_song *song; /* lent from the moodq */
	enum match_kind kind;
	float f[DS_NFEAT];
	struct mood_point target; /* of this position (circumplex) */
	/* The song and this position's target where they are compared, all
	 * 0..1 (enum MOOD_DIM_*; NaN = missing): the circumplex target's
	 * valence (v + 1) / 2 and energy, tempo, loudness (a + 1) / 2, or the
	 * segment's centre. */
	float song_at[MOOD_DIMS], aim[MOOD_DIMS];
	double distance;
	unsigned bent;    /* enum plan_bent: constraints this pick relaxed */
	char reason[320]; /* one line: target, song, distance, bends */
};

struct moodq_plan {
	enum mood_source source;
	bool calibrated;
	bool have_probs;
	double probs[MOOD_NEMOTIONS]; /* as given, normalised */
	enum mood_emotion emotion;    /* dominant; MOOD_NEMOTIONS for a point */
	struct mood_point mood;       /* after smoothing */
	enum conf_mood_model model;
	enum conf_mood_strategy strategy;
	int segment; /* enum mood_segment, -1 for circumplex */
	size_t n;
	struct moodq_pick *picks;
	size_t wanted; /* songs asked for; n is less only when the library */
	char shortfall[320]; /* lacks songs, and this line says why ("") */
};

/* MP_ENOENT, with the shortfall line, when no song is available. */
enum mp_status moodq_plan(struct moodq *q, const struct moodq_request *r,
			  struct moodq_plan **out, struct mp_error *err);
void moodq_plan_free(struct moodq_plan *p);

/* Send the plan to MPD in one command list (mpdc_queue_apply) and append
 * its songs to the history file.  On failure the queue is unchanged; on
 * success err may hold mpdc_queue_apply()'s note (mp_error_note()). */
enum mp_status moodq_apply(struct moodq *q, struct mpdc *m,
			   const struct moodq_plan *p,
			   enum mpdc_queue_mode mode, bool play,
			   struct mp_error *err);

/* The record of a plan for the moods file; queued: songs put into MPD. */
void moodq_plan_record(const struct moodq_plan *p, double now, unsigned queued,
		       struct mood_record *rec);

/* queue.mode as MPD's queue change. */
enum mpdc_queue_mode moodq_queue_mode(enum conf_queue_mode mode);

#endif
