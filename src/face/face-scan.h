/* moodplay - the flattened cascade a detection scans with, shared by the
 * scan (face-detect.c) and its AVX2 block evaluator (face-detect-avx2.c). */
#ifndef MOODPLAY_FACE_SCAN_H
#define MOODPLAY_FACE_SCAN_H

#include "face/face-internal.h"

#include <stddef.h>
#include <stdint.h>

#if defined(__x86_64__) && defined(__GNUC__)
#define FACE_HAVE_AVX2 1
#endif

/* Lanes evaluated together by the vector path. */
#define FACE_LANES 8

/* A Haar stump ready to evaluate: 3 rectangles as 4 integral offsets each. */
struct face_haar_stump {
	int32_t o[3][4];
	float w[3];
	float threshold;
	float left, right;
};

/* An LBP stump: the 4x4 grid of integral offsets and the category set. */
struct face_lbp_stump {
	int32_t o[16];
	int32_t subset[8];
	float left, right;
};

/* Offsets of one feature for the generic (tree) path. */
struct face_opt_feature {
	int32_t o[16]; /* Haar: 3 x 4 corners; LBP: the 4x4 grid */
	float w[3];
};

struct face_scan {
	const struct face_cascade *c;
	size_t stride;   /* of the integral images, in elements */
	size_t tofs;     /* the tilted integral's offset from sum */
	int32_t norm[4]; /* Haar variance window: (1,1,w-2,h-2) */
	double norm_area;
	struct face_haar_stump *haar;  /* c->stumps && HAAR */
	struct face_lbp_stump *lbp;    /* c->stumps && LBP */
	struct face_opt_feature *feat; /* trees */
};

#ifdef FACE_HAVE_AVX2
/* run_at() for FACE_LANES windows at p, p + step, ...  (Haar stumps only,
 * s->haar set): res[j] > 0 accepted, <= 0 minus the rejecting stage, the
 * same per lane as the scalar path. */
void face_haar_block_avx2(const struct face_scan *s, const int32_t *p,
			  const uint32_t *q, int step, int res[FACE_LANES]);
#endif

#endif
