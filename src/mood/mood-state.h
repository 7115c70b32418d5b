/* moodplay - the state moodplay keeps between runs, under
 * $XDG_STATE_HOME/moodplay/ (xdg.h):
 *
 *   mood     the smoothing state of one-shot captures: "time valence
 *            arousal" (seconds since the epoch, -1..1 each);
 *   history  the URIs moodplay queued, one a line, oldest first;
 *   moods    one line per mood run (struct mood_record), size-bounded.
 *
 * Every reader validates what it reads: a time in the future, a number
 * that is not finite or out of its range make the whole record invalid;
 * the load functions then say why in err (for a warning) and leave the
 * state empty.  Parsers take bytes so tests and fuzzers feed them
 * directly; nothing here prints. */
#ifndef MOODPLAY_MOOD_STATE_H
#define MOODPLAY_MOOD_STATE_H

#include "base/error.h"
#include "conf/conf.h"
#include "mood/mood.h"

#include <stdbool.h>
#include <stddef.h>

/* Times up to this many seconds ahead of now are clock skew, not an error. */
#define MOOD_STATE_SKEW 300.0

/* -------------------------------------------------------- smoothing */

/* Parse "time valence arousal"; now bounds the time.  MP_EINVAL with the
 * reason, e left unset. */
enum mp_status mood_state_ema_parse(const char *text, double now,
				    struct mood_ema *e, struct mp_error *err);
/* The state file: MP_OK with e->set false when there is none; MP_EINVAL
 * when it is invalid (e unset, err names the file and why). */
enum mp_status mood_state_ema_load(struct mood_ema *e, double now,
				   struct mp_error *err);
enum mp_status mood_state_ema_save(const struct mood_ema *e,
				   struct mp_error *err);

/* -------------------------------------------------------- history */

/* The last queued URIs, newest last; uri[] point into buf. */
struct mood_history {
	char *buf;
	const char **uri;
	size_t n;
};

/* The last want lines of text (taken over, len bytes, NUL-terminated);
 * cut: the first line may be partial and is dropped. */
void mood_history_parse(struct mood_history *h, char *text, size_t len,
			bool cut, size_t want);
/* The history file's last want URIs (none when want is 0 or there is no
 * file). */
void mood_state_history_load(struct mood_history *h, size_t want);
void mood_history_clear(struct mood_history *h);
/* Append n URIs (those with a newline are skipped). */
enum mp_status mood_state_history_append(const char *const *uris, size_t n,
					 struct mp_error *err);

/* -------------------------------------------------------- mood runs */

/* Where a mood came from. */
enum mood_source {
	MOOD_SOURCE_CAMERA, /* a capture (TUI m, moodplay capture): smoothed */
	MOOD_SOURCE_PICKED, /* picked in the TUI (M): used as picked */
	MOOD_SOURCE_CLI,    /* given to moodplay recommend: used as given */
	MOOD_SOURCE_COUNT
};
extern const char *const mood_source_names[MOOD_SOURCE_COUNT];

struct mood_record {
	double time; /* seconds since the epoch */
	enum mood_source source;
	bool has_probs; /* false: a point or a strategy alone */
	double probs[MOOD_NEMOTIONS];
	double valence, arousal; /* the mood planned for, -1..1 */
	enum conf_mood_strategy strategy;
	unsigned queued; /* songs put into MPD (0: planned only, or none) */
	bool calibrated;
};

/* Bound of the moods file: past it the older half is dropped. */
#define MOOD_STATE_MOODS_MAX (256 * 1024)

/* One line, without the newline, into buf. */
void mood_record_format(const struct mood_record *r, char *buf, size_t size);
/* One line; false (with the reason) when it is malformed or invalid. */
bool mood_record_parse(const char *line, double now, struct mood_record *r,
		       struct mp_error *err);
enum mp_status mood_state_moods_append(const struct mood_record *r,
				       struct mp_error *err);
/* The records at or after since (seconds; 0 for all), the newest limit of
 * them (0: no limit), oldest first, malloc'd into *out.  Invalid lines are
 * skipped and counted in *bad (may be NULL). */
enum mp_status mood_state_moods_load(double since, size_t limit, double now,
				     struct mood_record **out, size_t *n,
				     size_t *bad, struct mp_error *err);

#endif
