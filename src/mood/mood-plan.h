/* moodplay - queue planning: pick songs along a trajectory of targets.
 *
 * Generic over the feature space, so the circumplex model (mood.h) and the
 * k-means segments (mood-segments.h) share it.  Pure: arrays in, picks
 * out, no allocation; a seed makes every plan reproducible.
 *
 * A plan is as long as asked whenever that many songs are available (not
 * excluded, with a usable feature): constraints bend rather than cut the
 * plan short.  The monotone order is never broken: each pick keeps enough
 * songs beyond it to finish the plan in order, so a step may land farther
 * from its target instead.  When no song keeps the artist gap, the longest
 * gap any song keeps is taken; fallback songs come only after the others
 * ran out.  Each pick says which of these it needed (PLAN_BENT_*). */
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
	/* Per song: picked only when no other song is left (the songs outside
	 * the chosen segment), or NULL. */
	const bool *fallback;
};

/* Why a pick is not simply the nearest song to its target. */
enum plan_bent {
	/* A nearer song would have broken the monotone order (now or, for
	 * lack of songs beyond it, later). */
	PLAN_BENT_MONOTONE = 1 << 0,
	/* Every song left repeats an artist within artist_gap songs. */
	PLAN_BENT_ARTIST = 1 << 1,
	/* A fallback song: the others ran out. */
	PLAN_BENT_FALLBACK = 1 << 2,
	/* The song lacks the monotone dimension, placed once no song with it
	 * was left. */
	PLAN_BENT_UNKNOWN = 1 << 3,
};

struct plan_pick {
	size_t song;
	double distance; /* weighted Euclidean, to this position's target */
	unsigned bent;   /* enum plan_bent flags; 0 for a plain pick */
	unsigned gap;    /* with PLAN_BENT_ARTIST: songs since that artist */
};

/* Bytes of scratch memory mood_plan() needs for in (proportional to the
 * number of songs). */
size_t mood_plan_scratch_size(const struct plan_input *in);

/* Fill out[0..in->n) and return how many songs could be picked: fewer
 * than asked only when fewer songs are available (mood_plan_available()).
 * scratch holds mood_plan_scratch_size(in) bytes, suitably aligned
 * (malloc'd). */
size_t mood_plan(const struct plan_input *in, void *scratch,
		 struct plan_pick *out);

/* The songs mood_plan() can pick from: not excluded, with at least one
 * weighted feature. */
size_t mood_plan_available(const struct plan_input *in);

/* The counts behind a plan shorter than asked. */
struct plan_shortfall {
	size_t wanted, planned;
	size_t library;   /* songs in the library */
	size_t matched;   /* of them, matched to the dataset */
	size_t recent;    /* of those, excluded as recently queued */
	size_t available; /* left to plan from (mood_plan_available()) */
};

/* One line saying why a plan is short ("only 7 of 10 songs: ..."), into
 * buf; an empty string when it is not. */
void mood_plan_shortfall_text(const struct plan_shortfall *s, char *buf,
			      size_t size);

/* A key for plan_input.artist: the normalised artist name hashed; 0 for
 * none. */
uint32_t mood_plan_artist_key(const char *artist);

#endif
