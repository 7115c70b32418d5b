/* moodplay - the mood model (see mood.h and moodplay(1), MOOD MODEL). */
#include "config.h"

#include "mood/mood.h"
#include "base/i18n.h"

#include <math.h>
#include <string.h>

/* The names are the classifier's labels and the command line's words;
 * N_() marks them for translation on screen (mood_emotion_label). */
const char *const mood_emotion_names[MOOD_NEMOTIONS] = {
	[MOOD_ANGRY] = N_("angry"),     [MOOD_DISGUST] = N_("disgust"),
	[MOOD_FEAR] = N_("fear"),       [MOOD_HAPPY] = N_("happy"),
	[MOOD_SAD] = N_("sad"),         [MOOD_SURPRISE] = N_("surprise"),
	[MOOD_NEUTRAL] = N_("neutral"),
};

const char *mood_emotion_label(enum mood_emotion e)
{
	return (unsigned)e < MOOD_NEMOTIONS ? _(mood_emotion_names[e]) : NULL;
}

/* Angles of the affect words in Russell (1980), "A circumplex model of
 * affect", J. Pers. Soc. Psychol. 39(6):1161-1178, from the circular
 * ordering of 28 affect words (0 deg = pleasure, 90 deg = arousal).  The
 * list has no word for disgust; "annoyed" is the nearest listed state
 * (unpleasant, moderately aroused). */
static const struct {
	double degrees;
	const char *word;
} circumplex[MOOD_NEMOTIONS] = {
	[MOOD_ANGRY] = { 99.0, "angry" },
	[MOOD_DISGUST] = { 123.0, "annoyed" },
	[MOOD_FEAR] = { 116.9, "afraid" },
	[MOOD_HAPPY] = { 7.8, "happy" },
	[MOOD_SAD] = { 207.5, "sad" },
	[MOOD_SURPRISE] = { 69.8, "astonished" },
	[MOOD_NEUTRAL] = { NAN, "(centre)" },
};

enum mood_emotion mood_emotion_from_name(const char *name)
{
	for (int e = 0; e < MOOD_NEMOTIONS; e++)
		if (strcmp(mood_emotion_names[e], name) == 0)
			return (enum mood_emotion)e;
	return MOOD_NEMOTIONS;
}

double mood_emotion_angle(enum mood_emotion e, const char **word)
{
	if (word != NULL)
		*word = circumplex[e].word;
	return circumplex[e].degrees;
}

struct mood_point mood_emotion_point(enum mood_emotion e)
{
	double rad = circumplex[e].degrees * M_PI / 180.0;
	struct mood_point p = { 0, 0 };

	if (!isnan(rad)) {
		p.valence = cos(rad);
		p.arousal = sin(rad);
	}
	return p;
}

struct mood_point mood_from_probs(const double p[MOOD_NEMOTIONS])
{
	struct mood_point m = { 0, 0 };
	double total = 0;

	for (int e = 0; e < MOOD_NEMOTIONS; e++)
		total += p[e] > 0 ? p[e] : 0;
	if (total <= 0)
		return m;
	for (int e = 0; e < MOOD_NEMOTIONS; e++) {
		struct mood_point q = mood_emotion_point((enum mood_emotion)e);
		double w = (p[e] > 0 ? p[e] : 0) / total;

		m.valence += w * q.valence;
		m.arousal += w * q.arousal;
	}
	return m;
}

enum mood_emotion mood_dominant(const double p[MOOD_NEMOTIONS])
{
	int best = 0;

	for (int e = 1; e < MOOD_NEMOTIONS; e++)
		if (p[e] > p[best])
			best = e;
	return (enum mood_emotion)best;
}

struct mood_point mood_ema_update(struct mood_ema *e, struct mood_point p,
				  double confidence, double time,
				  double half_life)
{
	double a;

	if (!e->set || half_life <= 0) {
		e->set = true;
		e->time = time;
		e->point = p;
		return p;
	}
	a = time > e->time ? 1.0 - exp2(-(time - e->time) / half_life) : 0.0;
	a *= confidence < 0 ? 0 : confidence > 1 ? 1 : confidence;
	e->point.valence += a * (p.valence - e->point.valence);
	e->point.arousal += a * (p.arousal - e->point.arousal);
	e->time = time > e->time ? time : e->time;
	return e->point;
}

void mood_trajectory(enum conf_mood_strategy s, struct mood_point start,
		     size_t n, struct mood_point *out)
{
	struct mood_point end = start;

	if (s == CONF_STRATEGY_LIFT) {
		end.valence = start.valence > MOOD_LIFT_VALENCE
				      ? start.valence
				      : MOOD_LIFT_VALENCE;
		end.arousal =
			start.arousal + (MOOD_LIFT_AROUSAL - start.arousal) / 2;
	} else if (s == CONF_STRATEGY_CALM) {
		end.arousal = start.arousal < MOOD_CALM_AROUSAL
				      ? start.arousal
				      : MOOD_CALM_AROUSAL;
	}
	for (size_t i = 0; i < n; i++) {
		double t = n > 1 ? (double)i / (double)(n - 1) : 0;

		out[i].valence =
			start.valence + t * (end.valence - start.valence);
		out[i].arousal =
			start.arousal + t * (end.arousal - start.arousal);
	}
}

static float clamp01(double v)
{
	return v < 0 ? 0.0f : v > 1 ? 1.0f : (float)v;
}

void mood_song_vector(const float f[DS_NFEAT], float out[MOOD_DIMS])
{
	out[MOOD_DIM_VALENCE] =
		isnan(f[DS_VALENCE]) ? NAN : clamp01(f[DS_VALENCE]);
	out[MOOD_DIM_ENERGY] =
		isnan(f[DS_ENERGY]) ? NAN : clamp01(f[DS_ENERGY]);
	out[MOOD_DIM_TEMPO] = isnan(f[DS_TEMPO])
				      ? NAN
				      : clamp01((f[DS_TEMPO] - 60.0) / 120.0);
	out[MOOD_DIM_LOUDNESS] =
		isnan(f[DS_LOUDNESS]) ? NAN
				      : clamp01((f[DS_LOUDNESS] + 30.0) / 30.0);
}

void mood_target_vector(struct mood_point p, float out[MOOD_DIMS])
{
	float a = clamp01((p.arousal + 1) / 2);

	out[MOOD_DIM_VALENCE] = clamp01((p.valence + 1) / 2);
	out[MOOD_DIM_ENERGY] = a;
	out[MOOD_DIM_TEMPO] = a;
	out[MOOD_DIM_LOUDNESS] = a;
}

void mood_weights(const struct conf_weights *w, float out[MOOD_DIMS])
{
	out[MOOD_DIM_VALENCE] = (float)w->valence;
	out[MOOD_DIM_ENERGY] = (float)w->energy;
	out[MOOD_DIM_TEMPO] = (float)w->tempo;
	out[MOOD_DIM_LOUDNESS] = (float)w->loudness;
}

/* lift never lowers the valence, calm never raises the energy. */
static const struct {
	int dim, dir;
} strategy_monotone[] = {
	[CONF_STRATEGY_MATCH] = { -1, 0 },
	[CONF_STRATEGY_LIFT] = { MOOD_DIM_VALENCE, 1 },
	[CONF_STRATEGY_CALM] = { MOOD_DIM_ENERGY, -1 },
};

int mood_strategy_monotone(enum conf_mood_strategy s, int *dir)
{
	*dir = strategy_monotone[s].dir;
	return strategy_monotone[s].dim;
}
