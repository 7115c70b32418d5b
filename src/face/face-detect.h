/* moodplay - multi-scale face detection with an OpenCV cascade, equivalent to
 * cv::CascadeClassifier::detectMultiScale: the same scales, image pyramid,
 * window steps, variance normalisation, stage arithmetic and rectangle
 * grouping, so the boxes match OpenCV's for the same grey image and
 * parameters (tests/face-opencv.sh checks this against python3-opencv). */
#ifndef MOODPLAY_FACE_DETECT_H
#define MOODPLAY_FACE_DETECT_H

#include "base/error.h"
#include "base/stop.h"
#include "face/face-cascade.h"
#include "image/image.h"

#include <stdbool.h>
#include <stddef.h>

struct face_box {
	int x, y, w, h;
	int neighbors; /* raw detections merged into it (0 before grouping) */
};

struct face_params {
	double scale_factor; /* > 1: window growth per scale (face.scale_factor) */
	int min_neighbors; /* groups of at most this many are dropped; 0 keeps
			      * the raw detections ungrouped */
	int min_size;      /* smallest face side, pixels (face.min_size) */
	int max_size;      /* largest; 0 = the image size */
	bool reference;    /* plain C path only (tests compare the vector
			      * path with it; results are identical) */
	int threads;       /* scales scanned in parallel: 0 = one thread per
			      * CPU (at most 4), 1 = the calling thread only;
			      * results are the same either way */
	const struct stop *stop; /* checked between rows of windows; NULL:
				  * run to the end */
};

/* The defaults of the face section: 1.1, 5, 40, 0. */
void face_params_default(struct face_params *p);

/* Find objects in im.  *boxes (malloc'd, the caller frees it; NULL when
 * *n == 0) gets them in OpenCV's order.  MP_EINVAL for bad parameters,
 * MP_ENOMEM when the image pyramid does not fit in memory, what
 * stop_check() says when p->stop stops it. */
enum mp_status face_detect(const struct face_cascade *c, const struct image *im,
			   const struct face_params *p, struct face_box **boxes,
			   size_t *n, struct mp_error *err);

/* cv::groupRectangles(rects, min_neighbors, eps) in place: cluster similar
 * boxes, average each cluster, drop clusters of <= min_neighbors boxes and
 * small ones inside bigger ones.  Returns the new count; neighbors is set
 * to each cluster's size. */
size_t face_group(struct face_box *r, size_t n, int min_neighbors, double eps);

/* The largest box (by area; the first of equals), NULL when n == 0. */
const struct face_box *face_largest(const struct face_box *b, size_t n);

/* Intersection over union of two boxes, 0 to 1. */
double face_iou(const struct face_box *a, const struct face_box *b);

#endif
