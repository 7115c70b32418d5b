/* moodplay - queue planning (see mood-plan.h). */
#include "config.h"

#include "dataset/dataset-norm.h"
#include "mood/mood-plan.h"

#include <math.h>
#include <string.h>

/* splitmix64: tiny, seedable, good enough for picking songs. */
static uint64_t next_random(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static double uniform(uint64_t *s)
{
	return (double)(next_random(s) >> 11) / 9007199254740992.0;
}

/* Eight floats at a time: the distance pass runs as SIMD on any target
 * GCC or Clang builds for, without intrinsics. */
typedef float v8f __attribute__((vector_size(32)));
#define LANES 8

/* The songs that can ever be picked, laid out for the distance pass: one
 * array per dimension, padded to whole vectors, a missing value stored as 0
 * and flagged in the song's mask.  Each song's distance is scaled up as if
 * the missing dimensions matched on average, so a song without a tempo is
 * not favoured for lacking it. */
struct compact {
	size_t n, blocks; /* songs, and vectors per array */
	v8f *x;           /* dims arrays of blocks vectors */
	v8f *scale;
	v8f *dist;        /* the current target's squared distances */
	uint32_t *song;   /* index in plan_input, per compact song */
	uint8_t *missing; /* per compact song: bit k = dimension k missing */
};

size_t mood_plan_scratch_size(const struct plan_input *in)
{
	size_t blocks = (in->n_songs + LANES - 1) / LANES;

	return sizeof(v8f) /* alignment slack */
	       + blocks * sizeof(v8f) * (in->dims + 2) +
	       blocks * LANES * (sizeof(uint32_t) + sizeof(uint8_t));
}

static void compact(const struct plan_input *in, void *scratch,
		    struct compact *c)
{
	size_t dims = in->dims, blocks = (in->n_songs + LANES - 1) / LANES;
	uintptr_t p = ((uintptr_t)scratch + sizeof(v8f) - 1) &
		      ~(uintptr_t)(sizeof(v8f) - 1);
	float *x, *scale;
	double w_all = 0;

	c->blocks = blocks;
	c->x = (v8f *)p;
	c->scale = c->x + blocks * dims;
	c->dist = c->scale + blocks;
	c->song = (uint32_t *)(c->dist + blocks);
	c->missing = (uint8_t *)(c->song + blocks * LANES);
	x = (float *)c->x;
	scale = (float *)c->scale;
	memset(c->x, 0, blocks * sizeof(v8f) * (dims + 1));
	c->n = 0;
	for (size_t k = 0; k < dims; k++)
		w_all += in->w[k] > 0 ? in->w[k] : 0;
	for (size_t s = 0; s < in->n_songs; s++) {
		const float *xs = in->x + s * dims;
		double w_used = 0;
		size_t j = c->n, stride = blocks * LANES;
		uint8_t missing = 0;

		if ((in->excluded != NULL && in->excluded[s]) ||
		    (in->monotone_dim >= 0 && isnan(xs[in->monotone_dim])))
			continue;
		for (size_t k = 0; k < dims; k++) {
			bool have = !isnan(xs[k]) && in->w[k] > 0;

			x[k * stride + j] = have ? xs[k] : 0;
			w_used += have ? in->w[k] : 0;
			missing |= (uint8_t)(!have << k);
		}
		if (w_used <= 0)
			continue;
		scale[j] = (float)(w_all / w_used);
		c->song[j] = (uint32_t)s;
		c->missing[j] = missing;
		c->n++;
	}
}

/* Squared distances of every compact song to target t, into c->dist.  The
 * sum runs over all dimensions with missing values as 0; the terms this
 * wrongly adds (w * t^2 per missing dimension) are taken off through a
 * per-mask table, which keeps the inner loop branch-free. */
static void distances(const struct compact *c, const float *w, size_t dims,
		      const float *t)
{
	size_t blocks = (c->n + LANES - 1) / LANES;
	float *dist = (float *)c->dist, extra[1 << PLAN_MAX_DIMS];
	const float *scale = (const float *)c->scale;

	for (size_t b = 0; b < blocks; b++)
		c->dist[b] = (v8f){ 0 };
	for (size_t k = 0; k < dims; k++) {
		const v8f *x = c->x + k * c->blocks;
		v8f tk = (v8f){ 0 } + t[k],
		    wk = (v8f){ 0 } + (w[k] > 0 ? w[k] : 0);

		for (size_t b = 0; b < blocks; b++) {
			v8f d = x[b] - tk;

			c->dist[b] += wk * d * d;
		}
	}
	for (unsigned m = 0; m < (1u << dims); m++) {
		extra[m] = 0;
		for (size_t k = 0; k < dims; k++)
			if (m & (1u << k) && w[k] > 0)
				extra[m] += w[k] * t[k] * t[k];
	}
	for (size_t j = 0; j < c->n; j++) {
		float d = (dist[j] - extra[c->missing[j]]) * scale[j];

		dist[j] = d > 0 ? d : 0; /* rounding can leave -epsilon */
	}
}

/* Constraints that depend on what was already picked. */
static bool eligible(const struct plan_input *in, size_t s,
		     const struct plan_pick *out, size_t picked)
{
	for (size_t j = 0; j < picked; j++)
		if (out[j].song == s)
			return false;
	if (in->artist[s] != 0)
		for (size_t j = picked > in->artist_gap
					? picked - in->artist_gap
					: 0;
		     j < picked; j++)
			if (in->artist[out[j].song] == in->artist[s])
				return false;
	if (in->monotone_dim >= 0 && picked > 0) {
		size_t d = (size_t)in->monotone_dim;
		float v = in->x[s * in->dims + d];
		float prev = in->x[out[picked - 1].song * in->dims + d];

		if (in->monotone_dir > 0 ? v < prev : v > prev)
			return false;
	}
	return true;
}

size_t mood_plan(const struct plan_input *in, void *scratch,
		 struct plan_pick *out)
{
	uint64_t rng = in->seed;
	size_t picked = 0, dims = in->dims;
	struct compact c;

	compact(in, scratch, &c);
	for (size_t i = 0; i < in->n; i++) {
		const float *t = in->targets + i * dims;
		size_t top[PLAN_TOP_K], n_top = 0, choice = 0;
		double top_d[PLAN_TOP_K], weight[PLAN_TOP_K], total = 0, r;
		float bound = INFINITY; /* the K-th best so far */

		/* The PLAN_TOP_K nearest eligible songs, sorted by squared
		 * distance: the bound rules out most songs before the
		 * eligibility checks. */
		if (i == 0 || memcmp(t, t - dims, dims * sizeof(*t)) != 0)
			distances(&c, in->w, dims, t);
		for (size_t j = 0; j < c.n; j++) {
			float d = ((const float *)c.dist)[j];
			size_t q;

			if (d >= bound || !eligible(in, c.song[j], out, picked))
				continue;
			q = n_top < PLAN_TOP_K ? n_top++ : n_top - 1;
			for (; q > 0 && top_d[q - 1] > d; q--) {
				top_d[q] = top_d[q - 1];
				top[q] = top[q - 1];
			}
			top_d[q] = d;
			top[q] = c.song[j];
			if (n_top == PLAN_TOP_K)
				bound = (float)top_d[n_top - 1];
		}
		if (n_top == 0)
			break;
		for (size_t q = 0; q < n_top; q++)
			top_d[q] = sqrt(top_d[q]);
		if (in->temperature > 0) {
			double scale = PLAN_TEMPERATURE_SCALE * in->temperature;

			for (size_t q = 0; q < n_top; q++) {
				weight[q] = exp(-(top_d[q] - top_d[0]) / scale);
				total += weight[q];
			}
			r = uniform(&rng) * total;
			for (choice = 0;
			     choice + 1 < n_top && r >= weight[choice];
			     choice++)
				r -= weight[choice];
		}
		out[picked].song = top[choice];
		out[picked].distance = top_d[choice];
		picked++;
	}
	return picked;
}

uint32_t mood_plan_artist_key(const char *artist)
{
	char key[DATASET_NORM_MAX + 1];
	size_t n;
	uint32_t h = 2166136261u;

	if (artist == NULL || (n = dataset_norm_text(artist, key)) == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)key[i];
		h *= 16777619u;
	}
	return h ? h : 1;
}
