/* moodplay - the one owner of the stages in front of the mood: the
 * capture source, the face cascade and the expression model, made once
 * from the configuration, and the runs through them, from a camera or
 * from a file's bytes to the seven expression probabilities in the mood
 * model's order (mood.h).  Every front end (moodplay capture, classify,
 * recommend's callers, the TUI) goes through here.
 *
 *   snapshot_run_new(conf, SNAPSHOT_RUN_ALL, NULL, &run, &err);
 *   snapshot_run_capture(run, cancel, ud, &data, &len, &kept, &err);
 *   snapshot_run_process(run, data, len, &stop, &res, &err);
 *   snapshot_run_mood_probs(run, &res, probs, &err);
 *
 * A run serves one thread (the model's scratch is its own). */
#ifndef MOODPLAY_SNAPSHOT_RUN_H
#define MOODPLAY_SNAPSHOT_RUN_H

#include "base/error.h"
#include "capture/capture.h"
#include "conf/conf.h"
#include "mood/mood.h"
#include "snapshot/snapshot-nn.h"
#include "snapshot/snapshot.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The stages to make. */
enum {
	SNAPSHOT_RUN_SOURCE = 1 << 0,  /* capture source */
	SNAPSHOT_RUN_CASCADE = 1 << 1, /* face detection */
	SNAPSHOT_RUN_MODEL = 1 << 2,   /* expression model */
	SNAPSHOT_RUN_ALL = 7,
};

struct snapshot_run;

/* Borrows conf.  Makes the stages asked for; the first that fails says
 * why in err.  A cascade or model that does not load is MP_EINVAL, its
 * message starting with the configuration key (face.cascade, model.path
 * or model.isa; a missing cascade also names the package that has the
 * default).  stop (may be NULL) is checked while the cascade is read and
 * between the stages: cancelled, MP_ERR; past its deadline, MP_ETIMEDOUT. */
enum mp_status snapshot_run_new(const struct conf *conf, unsigned stages,
				const struct stop *stop,
				struct snapshot_run **out,
				struct mp_error *err);
void snapshot_run_free(struct snapshot_run *run);

/* Lent; NULL for a stage not made. */
const struct capture_source *snapshot_run_source(const struct snapshot_run *r);
const struct snapshot_nn *snapshot_run_nn(const struct snapshot_run *r);

/* One capture from the source, blocking (cancel as in capture_run()), kept
 * in capture.save_dir when that is set (*kept, may be NULL: the malloc'd
 * name, or NULL).  *data is malloc'd. */
enum mp_status snapshot_run_capture(struct snapshot_run *r,
				    bool (*cancel)(void *ud), void *ud,
				    uint8_t **data, size_t *len, char **kept,
				    struct mp_error *err);

/* Frames, face, crop and (with the model) the expression of captured
 * bytes: snapshot_process() with the configured options, within stop (may
 * be NULL: no deadline).  Without the model, faces and crops only. */
enum mp_status snapshot_run_process(struct snapshot_run *r, const uint8_t *data,
				    size_t len, const struct stop *stop,
				    struct snapshot_result *res,
				    struct mp_error *err);

/* The bytes are one face crop already (classify --crop): no detection; the
 * whole image resized to the model's input (area averaging to shrink,
 * bilinear to enlarge), as one frame whose face box is the whole image. */
enum mp_status snapshot_run_crop(struct snapshot_run *r, const uint8_t *data,
				 size_t len, struct snapshot_result *res,
				 struct mp_error *err);

/* The classified result's probabilities in enum mood_emotion order, taken
 * by the model's class names so any class order maps right.  MP_EPROTO
 * when the model's classes are not the seven expressions. */
enum mp_status snapshot_run_mood_probs(const struct snapshot_run *r,
				       const struct snapshot_result *res,
				       double probs[MOOD_NEMOTIONS],
				       struct mp_error *err);

#endif
