/* moodplay - queue planning (see mood-plan.h). */
#include "config.h"

#include "base/i18n.h"
#include "base/rng.h"
#include "dataset/dataset-norm.h"
#include "mood/mood-plan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Eight floats at a time: the distance pass runs as SIMD on any target
 * GCC or Clang builds for, without intrinsics. */
typedef float v8f __attribute__((vector_size(32)));
#define LANES 8

/* The songs that can ever be picked, laid out for the distance pass: one
 * array per dimension, padded to whole vectors, a missing value stored as 0
 * and flagged in the song's mask.  Each song's distance is scaled up as if
 * the missing dimensions matched on average, so a song without a tempo is
 * not favoured for lacking it.  With a monotone dimension, its values
 * (times the direction, so "later" is always "greater") sorted, to count
 * the songs beyond a value. */
struct compact {
	size_t n, blocks; /* songs, and vectors per array */
	v8f *x;           /* dims arrays of blocks vectors */
	v8f *scale;
	v8f *dist;      /* the current target's squared distances */
	uint32_t *song; /* index in plan_input, per compact song */
	float *order;   /* n_order monotone values; the n_top largest, */
	size_t n_order; /* ascending, at its end (top) */
	const float *top;
	size_t n_top;
	uint8_t *missing; /* per compact song: bit k = dimension k missing */
};

size_t mood_plan_scratch_size(const struct plan_input *in)
{
	size_t blocks = (in->n_songs + LANES - 1) / LANES;

	return sizeof(v8f) /* alignment slack */
	       + blocks * sizeof(v8f) * (in->dims + 2) +
	       blocks * LANES *
		       (sizeof(uint32_t) + sizeof(float) + sizeof(uint8_t));
}

/* The song's weight of usable dimensions (0: it cannot be placed). */
static double song_weight(const struct plan_input *in, size_t s)
{
	const float *xs = in->x + s * in->dims;
	double w_used = 0;

	if (in->excluded != NULL && in->excluded[s])
		return 0;
	for (size_t k = 0; k < in->dims; k++)
		w_used += !isnan(xs[k]) && in->w[k] > 0 ? in->w[k] : 0;
	return w_used;
}

size_t mood_plan_available(const struct plan_input *in)
{
	size_t n = 0;

	for (size_t s = 0; s < in->n_songs; s++)
		n += song_weight(in, s) > 0;
	return n;
}

/* The monotone value of song s, oriented so that the plan's order is
 * ascending; NaN when missing. */
static float mono_key(const struct plan_input *in, size_t s)
{
	float v = in->x[s * in->dims + (size_t)in->monotone_dim];

	return in->monotone_dir < 0 ? -v : v;
}

static int cmp_float(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;

	return (x > y) - (x < y);
}

/* Moves the m largest of v[0..n) to v[n-m..n), in no particular order
 * (Hoare's selection): a plan needs only as many of the largest monotone
 * values as it has positions, and sorting all of a large library's costs
 * more than the whole plan. */
static void select_largest(float *v, size_t n, size_t m)
{
	size_t lo = 0, hi = n, want = n - m; /* v[want..n) ends up largest */

	/* three-way partitions: [lo, lt) < pivot, [lt, gt) == pivot,
	 * [gt, hi) > pivot; the middle part is never empty, so each round
	 * shrinks the range */
	while (m > 0 && hi - lo > 1) {
		float a = v[lo], b = v[lo + (hi - lo) / 2], c = v[hi - 1],
		      pivot, t;
		size_t lt = lo, i = lo, gt = hi;

		pivot = a < b ? (b < c ? b : (a < c ? c : a))
			      : (a < c ? a : (b < c ? c : b));
		while (i < gt) {
			if (v[i] < pivot) {
				t = v[i], v[i] = v[lt], v[lt] = t;
				lt++, i++;
			} else if (v[i] > pivot) {
				gt--;
				t = v[i], v[i] = v[gt], v[gt] = t;
			} else {
				i++;
			}
		}
		if (want < lt)
			hi = lt;
		else if (want >= gt)
			lo = gt;
		else
			break;
	}
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
	c->order = (float *)(c->song + blocks * LANES);
	c->missing = (uint8_t *)(c->order + blocks * LANES);
	x = (float *)c->x;
	scale = (float *)c->scale;
	memset(c->x, 0, blocks * sizeof(v8f) * (dims + 1));
	c->n = 0;
	c->n_order = 0;
	for (size_t k = 0; k < dims; k++)
		w_all += in->w[k] > 0 ? in->w[k] : 0;
	for (size_t s = 0; s < in->n_songs; s++) {
		const float *xs = in->x + s * dims;
		double w_used = song_weight(in, s);
		size_t j = c->n, stride = blocks * LANES;
		uint8_t missing = 0;

		if (w_used <= 0)
			continue;
		for (size_t k = 0; k < dims; k++) {
			bool have = !isnan(xs[k]) && in->w[k] > 0;

			x[k * stride + j] = have ? xs[k] : 0;
			missing |= (uint8_t)(!have << k);
		}
		scale[j] = (float)(w_all / w_used);
		c->song[j] = (uint32_t)s;
		c->missing[j] = missing;
		c->n++;
		if (in->monotone_dim >= 0 && !isnan(mono_key(in, s)))
			c->order[c->n_order++] = mono_key(in, s);
	}
	c->n_top = in->n < c->n_order ? in->n : c->n_order;
	select_largest(c->order, c->n_order, c->n_top);
	qsort(c->order + c->n_order - c->n_top, c->n_top, sizeof(*c->order),
	      cmp_float);
	c->top = c->order + c->n_order - c->n_top;
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

/* Where the plan stands before each pick. */
struct progress {
	const struct plan_input *in;
	const struct compact *c;
	const struct plan_pick *out;
	size_t picked;
	size_t remaining; /* positions still to fill, this one included */
	float last;       /* the last monotone key picked, or -INFINITY */
	size_t mono_left; /* songs with a monotone value not yet picked */
};

static bool already_picked(const struct progress *g, size_t s)
{
	for (size_t j = 0; j < g->picked; j++)
		if (g->out[j].song == s)
			return true;
	return false;
}

/* How many songs short of artist_gap song s would come after another of
 * its artist's (0: the gap holds). */
static unsigned artist_shortfall(const struct progress *g, size_t s)
{
	const struct plan_input *in = g->in;
	size_t from =
		g->picked > in->artist_gap ? g->picked - in->artist_gap : 0;

	if (in->artist[s] == 0)
		return 0;
	for (size_t j = g->picked; j-- > from;)
		if (in->artist[g->out[j].song] == in->artist[s])
			return in->artist_gap - (unsigned)(g->picked - 1 - j);
	return 0;
}

/* Whether a song with monotone key k keeps the order now and leaves
 * enough unpicked songs at or beyond k for the positions after it, so
 * that the order can always be kept to the end. */
static bool mono_fits(const struct progress *g, float k)
{
	const struct compact *c = g->c;
	size_t want, need;

	if (k < g->last)
		return false;
	need = g->remaining - 1 < g->mono_left - 1 ? g->remaining - 1
						   : g->mono_left - 1;
	/* songs at or beyond k: the song itself, the picked ones, and need
	 * more; at most the plan's length, so the largest n_top tell */
	want = need + 1;
	for (size_t j = 0; j < g->picked; j++) {
		float kj = mono_key(g->in, g->out[j].song);

		want += !isnan(kj) && kj >= k;
	}
	return want <= c->n_top && c->top[c->n_top - want] >= k;
}

/* What picking song s now would bend, as a rank (0: nothing; the artist
 * gap bends first, fallback songs next, songs without the monotone value
 * last), or -1 when s cannot be picked (already picked or breaking the
 * order).  *mono_rejected says the order ruled s out. */
static long bend_rank(const struct progress *g, size_t s, bool *mono_rejected)
{
	const struct plan_input *in = g->in;
	long span = (long)in->artist_gap + 1, rank;

	*mono_rejected = false;
	if (already_picked(g, s))
		return -1;
	rank = artist_shortfall(g, s);
	if (in->fallback != NULL && in->fallback[s])
		rank += span;
	if (in->monotone_dim >= 0) {
		float k = mono_key(in, s);

		if (isnan(k))
			rank += 2 * span;
		else if (!mono_fits(g, k)) {
			*mono_rejected = true;
			return -1;
		}
	}
	return rank;
}

/* The nearest songs of the lowest bend rank, sorted by squared distance,
 * for one position. */
struct candidates {
	size_t song[PLAN_TOP_K];
	double d[PLAN_TOP_K];
	size_t n;
	long rank;
	float mono_nearest; /* nearest song the order ruled out */
};

static void insert(struct candidates *t, size_t song, float d)
{
	size_t q = t->n < PLAN_TOP_K ? t->n++ : t->n - 1;

	for (; q > 0 && t->d[q - 1] > d; q--) {
		t->d[q] = t->d[q - 1];
		t->song[q] = t->song[q - 1];
	}
	t->d[q] = d;
	t->song[q] = song;
}

/* The PLAN_TOP_K nearest songs that bend nothing: the bound (the K-th
 * best so far) rules out most songs before the checks. */
static void nearest_plain(const struct progress *g, struct candidates *t)
{
	const float *dist = (const float *)g->c->dist;
	float bound = INFINITY;

	for (size_t j = 0; j < g->c->n; j++) {
		bool mono;

		if (dist[j] >= bound)
			continue;
		if (bend_rank(g, g->c->song[j], &mono) != 0) {
			if (mono && dist[j] < t->mono_nearest)
				t->mono_nearest = dist[j];
			continue;
		}
		insert(t, g->c->song[j], dist[j]);
		if (t->n == PLAN_TOP_K)
			bound = (float)t->d[t->n - 1];
	}
	t->rank = 0;
}

/* No song bends nothing: the nearest of the lowest rank. */
static void nearest_bent(const struct progress *g, struct candidates *t)
{
	const float *dist = (const float *)g->c->dist;

	t->rank = -1;
	for (size_t j = 0; j < g->c->n; j++) {
		bool mono;
		long rank = bend_rank(g, g->c->song[j], &mono);

		if (rank < 0) {
			if (mono && dist[j] < t->mono_nearest)
				t->mono_nearest = dist[j];
			continue;
		}
		if (t->rank >= 0 && rank > t->rank)
			continue;
		if (rank != t->rank) {
			t->rank = rank;
			t->n = 0;
		}
		insert(t, g->c->song[j], dist[j]);
	}
}

static unsigned bent_flags(const struct progress *g, const struct candidates *t,
			   unsigned *gap)
{
	long span = (long)g->in->artist_gap + 1, shortfall = t->rank % span;
	unsigned bent = 0;

	*gap = 0;
	if (shortfall > 0) {
		bent |= PLAN_BENT_ARTIST;
		*gap = g->in->artist_gap - (unsigned)shortfall;
	}
	if (t->rank / span % 2)
		bent |= PLAN_BENT_FALLBACK;
	if (t->rank / span >= 2)
		bent |= PLAN_BENT_UNKNOWN;
	if (t->mono_nearest < t->d[0])
		bent |= PLAN_BENT_MONOTONE;
	return bent;
}

size_t mood_plan(const struct plan_input *in, void *scratch,
		 struct plan_pick *out)
{
	uint64_t rng = in->seed;
	size_t dims = in->dims;
	struct compact c;
	struct progress g = { .in = in, .c = &c, .out = out };

	compact(in, scratch, &c);
	g.last = -INFINITY;
	g.mono_left = c.n_order;
	for (size_t i = 0; i < in->n; i++) {
		const float *t = in->targets + i * dims;
		struct candidates top = { .n = 0, .mono_nearest = INFINITY };
		size_t choice = 0;
		double weight[PLAN_TOP_K], total = 0, r;
		float k;

		if (i == 0 || memcmp(t, t - dims, dims * sizeof(*t)) != 0)
			distances(&c, in->w, dims, t);
		g.picked = i;
		g.remaining = in->n - i;
		nearest_plain(&g, &top);
		if (top.n == 0)
			nearest_bent(&g, &top);
		if (top.n == 0)
			break;
		out[i].bent = bent_flags(&g, &top, &out[i].gap);
		for (size_t q = 0; q < top.n; q++)
			top.d[q] = sqrt(top.d[q]);
		if (in->temperature > 0) {
			double scale = PLAN_TEMPERATURE_SCALE * in->temperature;

			for (size_t q = 0; q < top.n; q++) {
				weight[q] = exp(-(top.d[q] - top.d[0]) / scale);
				total += weight[q];
			}
			r = rng_uniform(&rng) * total;
			for (choice = 0;
			     choice + 1 < top.n && r >= weight[choice];
			     choice++)
				r -= weight[choice];
		}
		out[i].song = top.song[choice];
		out[i].distance = top.d[choice];
		if (in->monotone_dim >= 0 &&
		    !isnan(k = mono_key(in, out[i].song))) {
			g.last = k;
			g.mono_left--;
		}
		g.picked = i + 1;
	}
	return g.picked;
}

void mood_plan_shortfall_text(const struct plan_shortfall *s, char *buf,
			      size_t size)
{
	size_t usable = s->recent + s->available;
	int n;

	if (size == 0)
		return;
	buf[0] = '\0';
	if (s->planned >= s->wanted)
		return;
	n = snprintf(buf, size,
		     ngettext("only %zu of %zu song: %zu of %zu library songs "
			      "are matched to the dataset, %zu of them were "
			      "queued recently (queue.history), %zu are "
			      "available",
			      "only %zu of %zu songs: %zu of %zu library songs "
			      "are matched to the dataset, %zu of them were "
			      "queued recently (queue.history), %zu are "
			      "available",
			      s->wanted),
		     s->planned, s->wanted, s->matched, s->library, s->recent,
		     s->available);
	if (n >= 0 && (size_t)n < size && s->matched > usable)
		snprintf(buf + n, size - (size_t)n,
			 _("; %zu lack the features the mood model needs"),
			 s->matched - usable);
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
