/* moodplay - calibration to the user's resting face.
 *
 * Many relaxed faces read as sad or angry to a classifier trained on
 * FER2013.  A calibration averages the log-probabilities of a few snapshots
 * of the user's relaxed face (the baseline).  A resting face should read
 * neutral: the reference is the training prior with neutral at
 * MOOD_CALIB_REST_NEUTRAL.  Each later classification subtracts a fraction
 * of the baseline's deviation from that reference, in log space with both
 * centred (the mean over the classes taken off), and is normalised again.
 *
 * The arithmetic and the file format are pure; mood_calib_load/save are
 * the I/O edge ($XDG_STATE_HOME/moodplay/calibration). */
#ifndef MOODPLAY_MOOD_CALIB_H
#define MOODPLAY_MOOD_CALIB_H

#include "base/error.h"
#include "conf/conf.h"
#include "mood/mood.h"

#include <stdbool.h>
#include <stddef.h>

/* The share a resting face should give neutral; the other classes share
 * the rest as in the training prior. */
#define MOOD_CALIB_REST_NEUTRAL 0.8
/* Probabilities are clamped to this before the log. */
#define MOOD_CALIB_FLOOR 1e-6
#define MOOD_CALIB_MAX_FACES 1000000

/* FER2013's training split, images per class (models/README.md). */
extern const unsigned mood_calib_train_counts[MOOD_NEMOTIONS];

struct mood_calib {
	unsigned faces;                  /* 0: no baseline */
	double baseline[MOOD_NEMOTIONS]; /* mean log-probabilities */
};

/* Add one face's probabilities (in mood order) to the running mean. */
void mood_calib_add(struct mood_calib *c, const double p[MOOD_NEMOTIONS]);

/* out = p corrected by fraction (0: unchanged .. 1: the baseline itself
 * reads as the reference).  Without a baseline out = p normalised. */
void mood_calib_apply(const struct mood_calib *c, double fraction,
		      const double p[MOOD_NEMOTIONS],
		      double out[MOOD_NEMOTIONS]);

/* The file's text, into buf (about 300 bytes); the length it needs, as
 * snprintf. */
int mood_calib_format(const struct mood_calib *c, char *buf, size_t size);

/* Parse a file's text; errors name name:line.  MP_EINVAL on anything but
 * a "faces" line and one line per expression with a finite log-probability
 * (-50..0). */
enum mp_status mood_calib_parse(struct mood_calib *c, const char *text,
				const char *name, struct mp_error *err);

/* $XDG_STATE_HOME/moodplay/calibration (or ~/.local/state/...), malloc'd;
 * NULL without $HOME. */
char *mood_calib_path(void);
/* MP_ENOENT when there is no calibration yet. */
enum mp_status mood_calib_load(struct mood_calib *c, struct mp_error *err);
enum mp_status mood_calib_save(const struct mood_calib *c,
			       struct mp_error *err);

/* The calibration to apply under conf: loaded into c, or c->faces = 0
 * (nothing to apply) when mood.calibration is off or none is stored;
 * an error only for a calibration file that cannot be read or parsed. */
enum mp_status mood_calib_from_conf(const struct conf *conf,
				    struct mood_calib *c, struct mp_error *err);

#endif
