/* moodplay - the stages in front of the mood, set up once (see
 * snapshot-run.h). */
#include "config.h"

#include "snapshot/snapshot-run.h"
#include "base/i18n.h"
#include "base/xalloc.h"
#include "face/face-cascade.h"
#include "image/image-decode.h"

#include <stdlib.h>
#include <string.h>

/* The crop size of a run without a model (faces only). */
#define SNAPSHOT_RUN_CROP 48

struct snapshot_run {
	const struct conf *conf;
	struct capture_source *source;
	struct face_cascade *cascade;
	struct snapshot_nn *nn;
	struct snapshot_opts opts;
};

/* A cascade or a model that does not load is the configuration's fault:
 * the message names the key, and the status says configuration. */
static enum mp_status config_error(enum mp_status rc, const char *key,
				   struct mp_error *err)
{
	if (rc == MP_OK)
		return MP_OK;
	mp_error_prefix(err, "%s", key);
	if (err != NULL)
		err->code = MP_EINVAL;
	return MP_EINVAL;
}

enum mp_status snapshot_run_new(const struct conf *conf, unsigned stages,
				const struct stop *stop,
				struct snapshot_run **out, struct mp_error *err)
{
	struct snapshot_run *r = xcalloc(1, sizeof(*r));
	enum mp_status rc = MP_OK;

	*out = NULL;
	r->conf = conf;
	if (stages & SNAPSHOT_RUN_CASCADE) {
		rc = face_cascade_load_file(conf->face.cascade, stop,
					    &r->cascade, err);
		if (rc == MP_ENOENT && err != NULL) {
			struct mp_error why = *err;

			mp_error_set(err, rc,
				     _("%s (the default cascade is in Debian's "
				       "opencv-data)"),
				     why.msg);
		}
		/* Not the configuration's fault when the caller stopped it. */
		if (rc == MP_OK || stop_check(stop, NULL) == MP_OK)
			rc = config_error(rc, "face.cascade", err);
	}
	if (rc == MP_OK && (stages & SNAPSHOT_RUN_MODEL) &&
	    (rc = stop_check(stop, err)) == MP_OK) {
		rc = snapshot_nn_new(conf, &r->nn, err);
		rc = config_error(rc,
				  conf->model.path != NULL &&
						  conf->model.path[0] != '\0'
					  ? "model.path"
					  : "model.isa",
				  err);
	}
	if (rc == MP_OK && (stages & SNAPSHOT_RUN_SOURCE) &&
	    (rc = stop_check(stop, err)) == MP_OK)
		rc = capture_source_new(&conf->capture, &r->source, err);
	if (rc != MP_OK) {
		snapshot_run_free(r);
		return rc;
	}
	if (r->nn != NULL)
		snapshot_nn_opts(r->nn, conf, &r->opts);
	else
		snapshot_opts_from_conf(&r->opts, conf, 1.0, 0.0,
					SNAPSHOT_RUN_CROP, SNAPSHOT_RUN_CROP);
	*out = r;
	return MP_OK;
}

void snapshot_run_free(struct snapshot_run *r)
{
	if (r == NULL)
		return;
	capture_source_free(r->source);
	face_cascade_free(r->cascade);
	snapshot_nn_free(r->nn);
	free(r);
}

const struct capture_source *snapshot_run_source(const struct snapshot_run *r)
{
	return r->source;
}

const struct snapshot_nn *snapshot_run_nn(const struct snapshot_run *r)
{
	return r->nn;
}

enum mp_status snapshot_run_capture(struct snapshot_run *r,
				    bool (*cancel)(void *ud), void *ud,
				    uint8_t **data, size_t *len, char **kept,
				    struct mp_error *err)
{
	enum mp_status rc;

	if (kept != NULL)
		*kept = NULL;
	rc = capture_run(r->source, cancel, ud, data, len, err);
	if (rc == MP_OK)
		rc = capture_keep(r->source, *data, *len, kept, err);
	return rc;
}

enum mp_status snapshot_run_process(struct snapshot_run *r, const uint8_t *data,
				    size_t len, const struct stop *stop,
				    struct snapshot_result *res,
				    struct mp_error *err)
{
	r->opts.stop = stop;
	if (r->nn == NULL)
		return snapshot_process(r->cascade, data, len, &r->opts, NULL,
					NULL, 0, res, err);
	return snapshot_process(r->cascade, data, len, &r->opts,
				snapshot_nn_classify, r->nn,
				snapshot_nn_classes(r->nn), res, err);
}

enum mp_status snapshot_run_crop(struct snapshot_run *r, const uint8_t *data,
				 size_t len, struct snapshot_result *res,
				 struct mp_error *err)
{
	const struct snapshot_opts *so = &r->opts;
	enum mp_status rc =
		image_decode(data, len, so->max_dimension, &res->image, err);

	if (rc == MP_OK)
		rc = image_new(so->crop_w, so->crop_h, &res->crop, err);
	if (rc != MP_OK)
		return rc;
	if (res->image->w < so->crop_w)
		image_resize_linear(res->image, res->crop);
	else
		image_resample_area(res->image, 0, 0, res->image->w,
				    res->image->h, res->crop);
	res->has_face = true;
	res->face = (struct face_box){ .w = res->image->w, .h = res->image->h };
	res->frames = res->faces = res->agree = 1;
	if (r->nn == NULL)
		return MP_OK;
	res->nclasses = snapshot_nn_classes(r->nn);
	rc = snapshot_nn_classify(r->nn, res->crop, res->probs, err);
	for (unsigned k = 1; k < res->nclasses; k++)
		if (res->probs[k] > res->probs[res->top])
			res->top = k;
	return rc;
}

enum mp_status snapshot_run_mood_probs(const struct snapshot_run *r,
				       const struct snapshot_result *res,
				       double probs[MOOD_NEMOTIONS],
				       struct mp_error *err)
{
	double sum = 0;

	for (int e = 0; e < MOOD_NEMOTIONS; e++)
		probs[e] = 0;
	for (unsigned k = 0; r->nn != NULL && k < res->nclasses; k++) {
		enum mood_emotion e =
			mood_emotion_from_name(snapshot_nn_label(r->nn, k));

		if (e < MOOD_NEMOTIONS) {
			probs[e] = res->probs[k];
			sum += res->probs[k];
		}
	}
	if (sum <= 0)
		return mp_error_set(err, MP_EPROTO,
				    _("the model's classes are not the seven "
				      "expressions"));
	return MP_OK;
}
