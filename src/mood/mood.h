/* moodplay - the mood model: expression probabilities to a point in
 * Russell's valence/arousal circumplex, smoothing over captures, the
 * strategies' trajectories, and the mapping between mood points and song
 * audio features.  Pure functions, no I/O.
 *
 * Coordinates: valence and arousal in -1..1.  Each expression sits on the
 * unit circle at the angle Russell (1980) scaled for its affect word
 * (mood_emotion_angle()); neutral sits at the centre. */
#ifndef MOODPLAY_MOOD_H
#define MOODPLAY_MOOD_H

#include "conf/conf.h"
#include "dataset/dataset.h"

#include <stdbool.h>
#include <stddef.h>

/* The classifier's classes, in FER2013 order (models/ferdata.py). */
enum mood_emotion {
	MOOD_ANGRY,
	MOOD_DISGUST,
	MOOD_FEAR,
	MOOD_HAPPY,
	MOOD_SAD,
	MOOD_SURPRISE,
	MOOD_NEUTRAL,
	MOOD_NEMOTIONS
};

/* Untranslated ("happy"): JSON, files, the command line. */
extern const char *const mood_emotion_names[MOOD_NEMOTIONS];
/* Translated, for display; NULL for MOOD_NEMOTIONS. */
const char *mood_emotion_label(enum mood_emotion e);

/* MOOD_NEMOTIONS when name is not an emotion. */
enum mood_emotion mood_emotion_from_name(const char *name);

struct mood_point {
	double valence, arousal;
};

/* The circumplex angle of an expression in degrees (NaN for neutral), and
 * the affect word of Russell (1980) it was taken from. */
double mood_emotion_angle(enum mood_emotion e, const char **word);
struct mood_point mood_emotion_point(enum mood_emotion e);

/* Probability-weighted mean of the expressions' points.  p need not sum to
 * 1: it is normalised (all zero gives the centre). */
struct mood_point mood_from_probs(const double p[MOOD_NEMOTIONS]);
enum mood_emotion mood_dominant(const double p[MOOD_NEMOTIONS]);

/* Exponential smoothing of successive captures.  A capture t seconds
 * after the previous one moves the state by 1 - 2^(-t/half_life) of the
 * way, scaled by its confidence (0..1); the first capture is taken as is.
 * half_life <= 0 disables smoothing. */
struct mood_ema {
	bool set;
	double time; /* seconds, any epoch */
	struct mood_point point;
};
struct mood_point mood_ema_update(struct mood_ema *e, struct mood_point p,
				  double confidence, double time,
				  double half_life);

/* The strategy's targets for a queue of n songs, starting at the mood:
 * match stays put; lift moves valence up to at least LIFT_VALENCE and
 * arousal halfway to LIFT_AROUSAL (the iso principle: meet the listener,
 * then lead); calm lowers arousal to at most CALM_AROUSAL. */
#define MOOD_LIFT_VALENCE 0.8
#define MOOD_LIFT_AROUSAL 0.3
#define MOOD_CALM_AROUSAL (-0.6)
void mood_trajectory(enum conf_mood_strategy s, struct mood_point start,
		     size_t n, struct mood_point *out);

/* Song features and mood points meet in one space of MOOD_DIMS values in
 * 0..1: valence, energy, tempo ((BPM - 60) / 120) and loudness
 * ((dB + 30) / 30), clamped; a missing feature is NaN and does not count. */
enum {
	MOOD_DIM_VALENCE,
	MOOD_DIM_ENERGY,
	MOOD_DIM_TEMPO,
	MOOD_DIM_LOUDNESS,
	MOOD_DIMS
};
void mood_song_vector(const float f[DS_NFEAT], float out[MOOD_DIMS]);
/* Valence maps to the valence feature, arousal to energy, tempo and
 * loudness alike. */
void mood_target_vector(struct mood_point p, float out[MOOD_DIMS]);
void mood_weights(const struct conf_weights *w, float out[MOOD_DIMS]);

/* The order a strategy keeps along the queue: the dimension (enum
 * MOOD_DIM_*, or -1 for none) that never falls (*dir = +1) or never rises
 * (*dir = -1) from one song to the next. */
int mood_strategy_monotone(enum conf_mood_strategy s, int *dir);

#endif
