/* moodplay - what the TUI needs from the mood pipeline (capture -> face
 * detection -> expression classifier -> mood smoothing -> queue planner),
 * and the records it keeps of each run for the Mood screen.
 *
 * The pipeline runs on a worker thread (ui-job.h): it must not touch the
 * UI or the UI's MPD connection.  It fills a struct ui_mood_result; the UI
 * thread then applies result->plan to MPD itself (at once, or on the
 * mood-confirm key when mood.confirm is true). */
#ifndef MOODPLAY_UI_MOOD_H
#define MOODPLAY_UI_MOOD_H

#include "conf.h"
#include "error.h"
#include "song.h"
#include "ui-job.h"

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* FER2013's seven classes, in the model's output order. */
enum ui_emotion {
	UI_EMOTION_ANGRY,
	UI_EMOTION_DISGUST,
	UI_EMOTION_FEAR,
	UI_EMOTION_HAPPY,
	UI_EMOTION_SAD,
	UI_EMOTION_SURPRISE,
	UI_EMOTION_NEUTRAL,
	UI_EMOTION_COUNT
};

/* Translated name ("happy"); NULL when out of range. */
const char *ui_emotion_name(enum ui_emotion e);

/* One song the planner chose, and why ("calm: valence 0.62, energy 0.21"). */
struct ui_mood_pick {
	char *uri;
	char *reason;
};

struct ui_mood_result {
	/* The snapshot the face was found in (NULL pixels for a manual
	 * pick): width*height pixels, channels 1 (grey) or 3 (RGB), rows
	 * top to bottom, malloc'd. */
	unsigned width, height, channels;
	unsigned char *pixels;
	bool has_face; /* false: a manual pick */
	unsigned face_x, face_y, face_w, face_h; /* in snapshot pixels */
	float probs[UI_EMOTION_COUNT];           /* sum to 1 */
	enum ui_emotion emotion;                 /* argmax of probs */
	double valence, arousal;                 /* smoothed mood, -1..1 */
	enum conf_mood_strategy strategy;
	struct ui_mood_pick *plan; /* malloc'd; n_plan songs in queue order */
	size_t n_plan;
	time_t when;
};

/* What the UI asks for: a capture (emotion < 0) or a manual pick from the
 * picker (emotion and/or strategy chosen by hand). */
struct ui_mood_request {
	const struct conf *conf;
	int emotion;  /* enum ui_emotion, or -1 to capture */
	int strategy; /* enum conf_mood_strategy, or -1 for mood.strategy */
	/* The library to plan from: read-only for the run, owned by the UI. */
	const struct mp_song *songs;
	size_t n_songs;
	/* The queue's upcoming part, so the plan can avoid repeats. */
	char **upcoming;
	size_t n_upcoming;
};

/* The pipeline: runs on the worker, reports stages with ui_job_stage()
 * ("capturing", "finding the face", "classifying", "planning"), stops
 * early on ui_job_cancelled().  On failure res is left empty and err says
 * why in words for the status line ("no face found"). */
typedef enum mp_status ui_mood_pipeline_fn(struct ui_job *job,
					   const struct ui_mood_request *req,
					   struct ui_mood_result *res,
					   struct mp_error *err);

void ui_mood_result_clear(struct ui_mood_result *r);

#endif
