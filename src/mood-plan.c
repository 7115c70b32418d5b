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

/* The songs that can ever be picked, laid out for the distance loop: a
 * missing value becomes 0 with weight 0, and each song's distance is scaled
 * up as if the missing dimensions matched on average, so a song without a
 * tempo is not favoured for lacking it. */
struct compact {
	size_t n;
	uint32_t *song; /* index in plan_input */
	float *x;       /* n * dims, NaN replaced by 0 */
	float *w;       /* n * dims, 0 where the value is missing */
	float *scale;   /* n */
};

size_t mood_plan_scratch_size(const struct plan_input *in)
{
	return in->n_songs * (sizeof(uint32_t) + (2 * in->dims + 1) * sizeof(float));
}

static void compact(const struct plan_input *in, void *scratch, struct compact *c)
{
	size_t dims = in->dims;
	double w_all = 0;

	/* Floats first: the scratch is malloc'd, so they are aligned. */
	c->x = scratch;
	c->w = c->x + in->n_songs * dims;
	c->scale = c->w + in->n_songs * dims;
	c->song = (uint32_t *)(c->scale + in->n_songs);
	c->n = 0;
	for (size_t k = 0; k < dims; k++)
		w_all += in->w[k] > 0 ? in->w[k] : 0;
	for (size_t s = 0; s < in->n_songs; s++) {
		const float *x = in->x + s * dims;
		double w_used = 0;
		size_t j = c->n;

		if ((in->excluded != NULL && in->excluded[s])
		    || (in->monotone_dim >= 0 && isnan(x[in->monotone_dim])))
			continue;
		for (size_t k = 0; k < dims; k++) {
			bool have = !isnan(x[k]) && in->w[k] > 0;

			c->x[j * dims + k] = have ? x[k] : 0;
			c->w[j * dims + k] = have ? in->w[k] : 0;
			w_used += have ? in->w[k] : 0;
		}
		if (w_used <= 0)
			continue;
		c->scale[j] = (float)(w_all / w_used);
		c->song[j] = (uint32_t)s;
		c->n++;
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
		for (size_t j = picked > in->artist_gap ? picked - in->artist_gap : 0;
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

size_t mood_plan(const struct plan_input *in, void *scratch, struct plan_pick *out)
{
	uint64_t rng = in->seed;
	size_t picked = 0, dims = in->dims;
	struct compact c;

	compact(in, scratch, &c);
	for (size_t i = 0; i < in->n; i++) {
		const float *t = in->targets + i * dims;
		size_t top[PLAN_TOP_K], n_top = 0, choice = 0;
		double top_d[PLAN_TOP_K], weight[PLAN_TOP_K], total = 0, r;

		/* The PLAN_TOP_K nearest eligible songs, sorted by squared
		 * distance: it is cheap and rules out most songs before the
		 * eligibility checks. */
		for (size_t j = 0; j < c.n; j++) {
			const float *x = c.x + j * dims, *w = c.w + j * dims;
			float d = 0;
			size_t q;

			for (size_t k = 0; k < dims; k++)
				d += w[k] * (x[k] - t[k]) * (x[k] - t[k]);
			d *= c.scale[j];
			if ((n_top == PLAN_TOP_K && d >= top_d[n_top - 1])
			    || !eligible(in, c.song[j], out, picked))
				continue;
			q = n_top < PLAN_TOP_K ? n_top++ : n_top - 1;
			for (; q > 0 && top_d[q - 1] > d; q--) {
				top_d[q] = top_d[q - 1];
				top[q] = top[q - 1];
			}
			top_d[q] = d;
			top[q] = c.song[j];
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
