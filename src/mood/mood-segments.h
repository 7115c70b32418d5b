/* moodplay - mood.model "segments": the reference approach of the original
 * notebook.  Songs are clustered by k-means (k = 4) over Yeo-Johnson
 * transformed, standardised audio features; the clusters are named happy,
 * angry, sad and calm by their mean energy and valence; an expression
 * selects a cluster.  Pure: arrays in, a plain record out. */
#ifndef MOODPLAY_MOOD_SEGMENTS_H
#define MOODPLAY_MOOD_SEGMENTS_H

#include "dataset/dataset.h"
#include "base/error.h"
#include "mood/mood.h"

#include <stddef.h>
#include <stdint.h>

enum mood_segment { SEG_HAPPY, SEG_ANGRY, SEG_SAD, SEG_CALM, SEG_K };

/* Features clustered, in this order. */
enum {
	SEG_VALENCE,
	SEG_ENERGY,
	SEG_DANCEABILITY,
	SEG_TEMPO,
	SEG_LOUDNESS,
	SEG_ACOUSTICNESS,
	SEG_DIMS
};

extern const char *const mood_segment_names[SEG_K];

/* A fitted model: transform parameters per feature and the centroids in
 * transformed space, indexed by enum mood_segment. */
struct mood_segments {
	double lambda[SEG_DIMS]; /* Yeo-Johnson, by maximum likelihood */
	double mean[SEG_DIMS], sd[SEG_DIMS];
	float centroid[SEG_K][SEG_DIMS];
	size_t size[SEG_K]; /* songs in each cluster */
};

/* Fit on n songs' features (n * DS_NFEAT floats); songs missing one of the
 * clustered features are left out.  MP_EINVAL with fewer than 2 * SEG_K
 * usable songs. */
enum mp_status mood_segments_fit(struct mood_segments *m, const float *feat,
				 size_t n, uint64_t seed, struct mp_error *err);

/* A song's position in the model's space; false (out untouched) when it
 * lacks a clustered feature. */
bool mood_segments_transform(const struct mood_segments *m,
			     const float f[DS_NFEAT], float out[SEG_DIMS]);
enum mood_segment mood_segments_nearest(const struct mood_segments *m,
					const float z[SEG_DIMS]);

/* The centre of cluster s in feature units (the transform undone); the
 * features not clustered are NaN. */
void mood_segments_centre(const struct mood_segments *m, enum mood_segment s,
			  float f[DS_NFEAT]);

/* The planner's view of n songs' features (n * DS_NFEAT floats) for
 * cluster want: positions into x (n * SEG_DIMS); songs lacking a clustered
 * feature marked in unusable, those of the other clusters in fallback
 * (picked once want runs out, nearest its centre first). */
void mood_segments_place(const struct mood_segments *m, enum mood_segment want,
			 const float *feat, size_t n, float *x, bool *unusable,
			 bool *fallback);

/* happy, surprise -> happy; angry, disgust -> angry; sad -> sad; fear,
 * neutral -> calm.  With probabilities, the segment with the most. */
enum mood_segment mood_segment_for_probs(const double p[MOOD_NEMOTIONS]);

#endif
