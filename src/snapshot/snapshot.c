/* moodplay - frames to faces to an averaged expression. */
#include "config.h"

#include "base/clock.h"
#include "snapshot/snapshot.h"
#include "base/i18n.h"
#include "image/image-decode.h"
#include "base/stop.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void snapshot_opts_from_conf(struct snapshot_opts *o, const struct conf *c,
			     double model_scale, double model_shift_y,
			     int crop_w, int crop_h)
{
	memset(o, 0, sizeof(*o));
	o->max_dimension = c->capture.max_dimension;
	o->frames = c->capture.frames;
	face_params_default(&o->face);
	o->face.scale_factor = c->face.scale_factor;
	o->face.min_neighbors = c->face.min_neighbors;
	o->face.min_size = c->face.min_size;
	face_crop_params_make(&o->crop, model_scale, model_shift_y,
			      c->face.margin);
	o->crop_w = crop_w;
	o->crop_h = crop_h;
	o->work_side = SNAPSHOT_WORK_SIDE;
	o->max_pixels = SNAPSHOT_MAX_PIXELS;
	o->stop = NULL;
}

size_t snapshot_split(const uint8_t *data, size_t len, size_t *off,
		      size_t *lens, size_t max)
{
	size_t n = 0, pos = 0;

	while (n < max && pos < len) {
		size_t l = image_jpeg_length(data + pos, len - pos);

		if (l == 0) {
			/* Trailing bytes after complete frames are dropped;
			 * alone, they are the one frame. */
			if (n == 0) {
				off[n] = pos;
				lens[n++] = len - pos;
			}
			break;
		}
		off[n] = pos;
		lens[n++] = l;
		pos += l;
	}
	return n;
}

void snapshot_result_clear(struct snapshot_result *r)
{
	image_free(r->image);
	image_free(r->crop);
	free(r->boxes);
	memset(r, 0, sizeof(*r));
}

enum mp_status snapshot_process(const struct face_cascade *cascade,
				const uint8_t *data, size_t len,
				const struct snapshot_opts *o,
				snapshot_classify_fn *classify, void *ud,
				unsigned nclasses, struct snapshot_result *res,
				struct mp_error *err)
{
	size_t off[SNAPSHOT_MAX_FRAMES], lens[SNAPSHOT_MAX_FRAMES], nf;
	int want = o->frames < 1                     ? 1
		   : o->frames > SNAPSHOT_MAX_FRAMES ? SNAPSHOT_MAX_FRAMES
						     : o->frames;
	int tops[SNAPSHOT_MAX_FRAMES];
	double sum[SNAPSHOT_MAX_CLASSES] = { 0 };
	struct mp_error first_err = { MP_OK, "" };
	struct face_params fp = o->face;
	size_t budget = o->max_pixels > 0 ? o->max_pixels : SIZE_MAX;
	enum mp_status rc;

	memset(res, 0, sizeof(*res));
	if (classify == NULL)
		nclasses = 0;
	if (nclasses > SNAPSHOT_MAX_CLASSES)
		return mp_error_set(
			err, MP_EINVAL,
			ngettext("a model with %u class (at most %d)",
				 "a model with %u classes (at most %d)",
				 nclasses),
			nclasses, SNAPSHOT_MAX_CLASSES);
	res->nclasses = nclasses;
	nf = snapshot_split(data, len, off, lens, (size_t)want);
	if (nf == 0)
		return mp_error_set(err, MP_EINVAL, _("empty image (0 bytes)"));
	fp.stop = o->stop;
	for (size_t f = 0; f < nf; f++) {
		struct image_limits lim = { o->max_dimension, o->work_side,
					    budget, o->stop };
		struct image *im;
		struct face_box *boxes;
		const struct face_box *best;
		unsigned w, h;
		size_t nb;
		double t = clock_now_ms();
		struct mp_error derr;

		rc = stop_check(o->stop, err);
		if (rc != MP_OK)
			break;
		/* The budget is spent by what files claim, decoded or not:
		 * a burst of bad frames costs work too. */
		if (image_probe(data + off[f], lens[f], &w, &h))
			budget -=
				(size_t)w * h < budget ? (size_t)w * h : budget;
		rc = image_decode_limited(data + off[f], lens[f], &lim, &im,
					  &derr);
		res->decode_ms += clock_now_ms() - t;
		if (rc == MP_ETIMEDOUT || rc == MP_ERR) {
			if (err != NULL)
				*err = derr;
			break;
		}
		if (rc != MP_OK) {
			if (first_err.code == MP_OK)
				first_err = derr;
			continue;
		}
		res->frames++;
		t = clock_now_ms();
		rc = face_detect(cascade, im, &fp, &boxes, &nb, err);
		res->detect_ms += clock_now_ms() - t;
		if (rc != MP_OK) {
			image_free(im);
			if (rc == MP_ETIMEDOUT || rc == MP_ERR)
				break;
			return rc;
		}
		best = face_largest(boxes, nb);
		if (best != NULL) {
			struct image *crop;
			float p[SNAPSHOT_MAX_CLASSES] = { 0 };

			rc = image_new(o->crop_w, o->crop_h, &crop, err);
			if (rc != MP_OK) {
				free(boxes);
				image_free(im);
				return rc;
			}
			face_crop(im, best, &o->crop, crop);
			if (classify != NULL) {
				t = clock_now_ms();
				rc = classify(ud, crop, p, err);
				res->classify_ms += clock_now_ms() - t;
				if (rc != MP_OK) {
					image_free(crop);
					free(boxes);
					image_free(im);
					return rc;
				}
				tops[res->faces] = 0;
				for (unsigned k = 0; k < nclasses; k++) {
					sum[k] += p[k];
					if (p[k] > p[tops[res->faces]])
						tops[res->faces] = (int)k;
				}
			}
			res->faces++;
			/* Keep the frame with the largest face. */
			if (!res->has_face ||
			    (long)best->w * best->h >
				    (long)res->face.w * res->face.h) {
				image_free(res->image);
				image_free(res->crop);
				free(res->boxes);
				res->image = im;
				res->crop = crop;
				res->face = *best;
				res->has_face = true;
				res->boxes = boxes;
				res->nboxes = nb;
				boxes = NULL;
				im = NULL;
			} else {
				image_free(crop);
			}
		}
		free(boxes);
		if (res->image == NULL) {
			res->image = im;
			im = NULL;
		}
		image_free(im);
	}
	/* Stopped: at the deadline, what the frames done say if one had a
	 * face; cancelled, nothing. */
	if (rc == MP_ERR || (rc == MP_ETIMEDOUT && !res->has_face))
		return rc;
	if (res->frames == 0) {
		if (err != NULL)
			*err = first_err;
		return first_err.code;
	}
	if (!res->has_face)
		return mp_error_set(err, MP_ENOENT, _("no face found"));
	for (unsigned k = 0; k < nclasses; k++) {
		res->probs[k] = (float)(sum[k] / res->faces);
		if (res->probs[k] > res->probs[res->top])
			res->top = k;
	}
	for (int i = 0; nclasses > 0 && i < res->faces; i++)
		if (tops[i] == (int)res->top)
			res->agree++;
	return MP_OK;
}
