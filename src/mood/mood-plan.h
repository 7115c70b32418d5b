/* moodplay - queue planning: pick songs along a trajectory of targets.
 *
 * Generic over the feature space, so the circumplex model (mood.h) and the
 * k-means segments (mood-segments.h) share it.  Pure: arrays in, picks
 * out, no allocation; a seed makes every plan reproducible. */
#ifndef MOODPLAY_MOOD_PLAN_H
#define MOODPLAY_MOOD_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PLAN_MAX_DIMS 8
/* Each pick is drawn from this many nearest eligible songs. */
#define PLAN_TOP_K 16
/* How temperature turns distance gaps into odds: a candidate d farther
 * than the nearest is exp(-d / (PLAN_TEMPERATURE_SCALE * temperature))
 * times as likely. */
#define PLAN_TEMPERATURE_SCALE 0.1

struct plan_input {
	size_t n_songs, dims; /* dims <= PLAN_MAX_DIMS */
	const float *x;       /* n_songs * dims song positions; NaN = missing */
	const uint32_t *artist; /* per song, a key of its artist; 0 = unknown */
	const bool *excluded;   /* per song (recently played...), or NULL */
	const float *w;         /* dims weights of the distance */
	size_t n;               /* songs wanted */
	const float *targets;   /* n * dims, one target per position */
	int monotone_dim;       /* -1, or a dimension whose value along the */
	int monotone_dir;       /* queue never falls (+1) or never rises (-1) */
	unsigned artist_gap;    /* songs between two of the same artist */
	double temperature;     /* 0 = always the nearest */
	uint64_t seed;
};

struct plan_pick {
	size_t song;
	double distance; /* weighted Euclidean, to this position's target */
};

/* Bytes of scratch memory mood_plan() needs for in (proportional to the
 * number of songs). */
size_t mood_plan_scratch_size(const struct plan_input *in);

/* Fill out[0..in->n) and return how many songs could be picked: fewer
 * than asked when the constraints leave no eligible song.  scratch holds
 * mood_plan_scratch_size(in) bytes, suitably aligned (malloc'd). */
size_t mood_plan(const struct plan_input *in, void *scratch,
		 struct plan_pick *out);

/* A key for plan_input.artist: the normalised artist name hashed; 0 for
 * none. */
uint32_t mood_plan_artist_key(const char *artist);

#endif
