/* moodplay - queue planning (see mood-plan.h). */
#include "config.h"

#include "dataset-norm.h"
#include "mood-plan.h"

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

/* Weighted distance over the dimensions the song has, scaled up as if the
 * missing ones matched on average, so a song without a tempo is not
 * favoured for lacking it. */
static double distance(const float *x, const float *t, const float *w,
		       size_t dims, double w_all)
{
	double d = 0, w_used = 0;

	for (size_t k = 0; k < dims; k++) {
		double diff;

		if (isnan(x[k]) || w[k] <= 0)
			continue;
		diff = (double)x[k] - t[k];
		d += w[k] * diff * diff;
		w_used += w[k];
	}
	if (w_used <= 0)
		return INFINITY;
	return sqrt(d * w_all / w_used);
}

static bool eligible(const struct plan_input *in, size_t s,
		     const struct plan_pick *out, size_t picked)
{
	const float *x = in->x + s * in->dims;

	if (in->excluded != NULL && in->excluded[s])
		return false;
	for (size_t j = 0; j < picked; j++)
		if (out[j].song == s)
			return false;
	if (in->artist[s] != 0)
		for (size_t j = picked > in->artist_gap ? picked - in->artist_gap : 0;
		     j < picked; j++)
			if (in->artist[out[j].song] == in->artist[s])
				return false;
	if (in->monotone_dim >= 0 && picked > 0) {
		float v = x[in->monotone_dim];
		float prev = in->x[out[picked - 1].song * in->dims + (size_t)in->monotone_dim];

		if (isnan(v) || (in->monotone_dir > 0 ? v < prev : v > prev))
			return false;
	} else if (in->monotone_dim >= 0 && isnan(x[in->monotone_dim])) {
		return false;
	}
	return true;
}

size_t mood_plan(const struct plan_input *in, struct plan_pick *out)
{
	uint64_t rng = in->seed;
	double w_all = 0;
	size_t picked = 0;

	for (size_t k = 0; k < in->dims; k++)
		w_all += in->w[k] > 0 ? in->w[k] : 0;
	for (size_t i = 0; i < in->n; i++) {
		const float *t = in->targets + i * in->dims;
		size_t top[PLAN_TOP_K], n_top = 0;
		double top_d[PLAN_TOP_K], weight[PLAN_TOP_K], total = 0, r;
		size_t choice = 0;

		/* The PLAN_TOP_K nearest eligible songs, sorted. */
		for (size_t s = 0; s < in->n_songs; s++) {
			double d;
			size_t j;

			/* Distance first: it is cheap and rules out most songs
			 * before the eligibility checks. */
			d = distance(in->x + s * in->dims, t, in->w, in->dims, w_all);
			if (isinf(d) || (n_top == PLAN_TOP_K && d >= top_d[n_top - 1])
			    || !eligible(in, s, out, picked))
				continue;
			j = n_top < PLAN_TOP_K ? n_top++ : n_top - 1;
			for (; j > 0 && top_d[j - 1] > d; j--) {
				top_d[j] = top_d[j - 1];
				top[j] = top[j - 1];
			}
			top_d[j] = d;
			top[j] = s;
		}
		if (n_top == 0)
			break;
		if (in->temperature > 0) {
			double scale = PLAN_TEMPERATURE_SCALE * in->temperature;

			for (size_t j = 0; j < n_top; j++) {
				weight[j] = exp(-(top_d[j] - top_d[0]) / scale);
				total += weight[j];
			}
			r = uniform(&rng) * total;
			for (choice = 0; choice + 1 < n_top && r >= weight[choice]; choice++)
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
