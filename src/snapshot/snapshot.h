/* moodplay - from captured bytes to an expression: split an MJPEG burst into
 * frames, decode each, find the largest face, crop it for the model,
 * classify it, and average the probabilities over the frames where a face
 * was found.  No I/O: the bytes come from capture.h or a file.
 *
 * The classifier is a callback so this module links without the engine;
 * moodplay passes one running nn_classify() (nn-run.h) on the crop. */
#ifndef MOODPLAY_SNAPSHOT_H
#define MOODPLAY_SNAPSHOT_H

#include "conf/conf.h"
#include "base/error.h"
#include "base/stop.h"
#include "face/face-cascade.h"
#include "face/face-crop.h"
#include "face/face-detect.h"
#include "image/image.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SNAPSHOT_MAX_CLASSES 16
#define SNAPSHOT_MAX_FRAMES 30
/* Frames are decoded at most this many pixels a side (reduced while
 * decoded): the size face detection works at, whatever the camera sends.
 * face.min_size is in these pixels. */
#define SNAPSHOT_WORK_SIDE 1280
/* Pixels, as the files state them, that all frames of one capture may
 * cover together: one 8192x8192 frame, or 32 of 1920x1080. */
#define SNAPSHOT_MAX_PIXELS ((size_t)8192 * 8192)

struct snapshot_opts {
	int max_dimension; /* capture.max_dimension */
	int frames;        /* capture.frames: frames of a burst used */
	struct face_params
		face; /* face.scale_factor, min_neighbors, min_size */
	struct face_crop_params crop;
	int crop_w, crop_h; /* the model's input size, 48x48 */
	int work_side;      /* SNAPSHOT_WORK_SIDE; 0: decode at full size */
	size_t max_pixels;  /* SNAPSHOT_MAX_PIXELS; 0: no limit */
	const struct stop *stop; /* one deadline (capture.timeout) and the
				  * caller's cancel for every frame's
				  * decoding, detection and classification;
				  * NULL: none */
};

/* Options from the configuration and the model's crop convention
 * (model_scale, model_shift_y: nn_model_crop_scale()/..._shift_y(), or
 * 1 and 0 without a model) for a crop_w x crop_h input. */
void snapshot_opts_from_conf(struct snapshot_opts *o, const struct conf *c,
			     double model_scale, double model_shift_y,
			     int crop_w, int crop_h);

/* Fill probs[nclasses] (summing to 1) for one crop. */
typedef enum mp_status snapshot_classify_fn(void *ud, const struct image *crop,
					    float *probs, struct mp_error *err);

struct snapshot_result {
	struct image *image; /* the frame reported: the one with the largest
			       * face (the first frame when none has one) */
	struct image *crop;  /* that face's crop, NULL without a face */
	bool has_face;
	struct face_box face;   /* in image's pixels */
	struct face_box *boxes; /* every face in image, OpenCV's order */
	size_t nboxes;
	int frames;        /* frames decoded */
	int faces;         /* of which with a face */
	int agree;         /* face frames whose top class is the average's */
	unsigned nclasses; /* 0 when no classifier was given */
	float probs[SNAPSHOT_MAX_CLASSES]; /* mean over the face frames */
	unsigned top; /* index of the largest mean probability */
	double decode_ms, detect_ms, classify_ms;
};

/* Process len bytes.  classify may be NULL (faces and crops only;
 * nclasses is then ignored).  Returns MP_ENOENT "no face found" when no
 * frame has a face, with image and frames still filled so a UI can show
 * the snapshot; a decoding error when no frame decodes.  When o->stop
 * ends it: MP_ERR if cancelled; at the deadline, the frames done so far
 * if one has a face, else MP_ETIMEDOUT.  Clear res with
 * snapshot_result_clear() whatever the outcome. */
enum mp_status snapshot_process(const struct face_cascade *cascade,
				const uint8_t *data, size_t len,
				const struct snapshot_opts *o,
				snapshot_classify_fn *classify, void *ud,
				unsigned nclasses, struct snapshot_result *res,
				struct mp_error *err);

void snapshot_result_clear(struct snapshot_result *r);

/* Split an MJPEG burst: up to max (offset, length) pairs of the complete
 * JPEGs at the start of data; bytes that are not a JPEG make one frame of
 * their own (a PNG, or something the decoder will refuse). */
size_t snapshot_split(const uint8_t *data, size_t len, size_t *off,
		      size_t *lens, size_t max);

#endif
