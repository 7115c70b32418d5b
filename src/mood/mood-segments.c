/* moodplay - the k-means "segments" mood model (see mood-segments.h). */
#include "config.h"

#include "base/i18n.h"
#include "base/rng.h"
#include "mood/mood-segments.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const mood_segment_names[SEG_K] = {
	[SEG_HAPPY] = "happy",
	[SEG_ANGRY] = "angry",
	[SEG_SAD] = "sad",
	[SEG_CALM] = "calm",
};

static const enum dataset_feature seg_feature[SEG_DIMS] = {
	[SEG_VALENCE] = DS_VALENCE,
	[SEG_ENERGY] = DS_ENERGY,
	[SEG_DANCEABILITY] = DS_DANCEABILITY,
	[SEG_TEMPO] = DS_TEMPO,
	[SEG_LOUDNESS] = DS_LOUDNESS,
	[SEG_ACOUSTICNESS] = DS_ACOUSTICNESS,
};

static const enum mood_segment emotion_segment[MOOD_NEMOTIONS] = {
	[MOOD_ANGRY] = SEG_ANGRY,  [MOOD_DISGUST] = SEG_ANGRY,
	[MOOD_FEAR] = SEG_CALM,    [MOOD_HAPPY] = SEG_HAPPY,
	[MOOD_SAD] = SEG_SAD,      [MOOD_SURPRISE] = SEG_HAPPY,
	[MOOD_NEUTRAL] = SEG_CALM,
};

#define KMEANS_ITERATIONS 100
#define LAMBDA_SAMPLE 5000 /* rows used to estimate a lambda */
#define LAMBDA_MIN (-5.0)
#define LAMBDA_MAX 5.0

static double yeo_johnson(double y, double l)
{
	if (y >= 0)
		return fabs(l) < 1e-9 ? log1p(y) : (pow(y + 1, l) - 1) / l;
	return fabs(l - 2) < 1e-9 ? -log1p(-y)
				  : -(pow(1 - y, 2 - l) - 1) / (2 - l);
}

static double yeo_johnson_inverse(double z, double l)
{
	if (z >= 0)
		return fabs(l) < 1e-9 ? expm1(z) : pow(z * l + 1, 1 / l) - 1;
	return fabs(l - 2) < 1e-9 ? -expm1(-z)
				  : 1 - pow(1 - (2 - l) * z, 1 / (2 - l));
}

/* The profile log-likelihood of lambda for a normal model of the
 * transformed values (as scipy.stats.yeojohnson_llf). */
static double yj_llf(const double *y, size_t n, double l)
{
	double mean = 0, var = 0, jac = 0;

	for (size_t i = 0; i < n; i++)
		mean += yeo_johnson(y[i], l);
	mean /= (double)n;
	for (size_t i = 0; i < n; i++) {
		double d = yeo_johnson(y[i], l) - mean;

		var += d * d;
		jac += copysign(log1p(fabs(y[i])), y[i]);
	}
	var /= (double)n;
	if (var <= 0)
		return -INFINITY;
	return -(double)n / 2 * log(var) + (l - 1) * jac;
}

/* Golden-section search: the likelihood is unimodal in lambda. */
static double fit_lambda(const double *y, size_t n)
{
	const double g = (sqrt(5.0) - 1) / 2;
	double a = LAMBDA_MIN, b = LAMBDA_MAX;
	double c = b - g * (b - a), d = a + g * (b - a);
	double fc = yj_llf(y, n, c), fd = yj_llf(y, n, d);

	for (int i = 0; i < 60; i++) {
		if (fc > fd) {
			b = d;
			d = c;
			fd = fc;
			c = b - g * (b - a);
			fc = yj_llf(y, n, c);
		} else {
			a = c;
			c = d;
			fc = fd;
			d = a + g * (b - a);
			fd = yj_llf(y, n, d);
		}
	}
	return (a + b) / 2;
}

static bool usable(const float *f)
{
	for (int k = 0; k < SEG_DIMS; k++)
		if (isnan(f[seg_feature[k]]))
			return false;
	return true;
}

bool mood_segments_transform(const struct mood_segments *m,
			     const float f[DS_NFEAT], float out[SEG_DIMS])
{
	if (!usable(f))
		return false;
	for (int k = 0; k < SEG_DIMS; k++)
		out[k] = (float)((yeo_johnson(f[seg_feature[k]], m->lambda[k]) -
				  m->mean[k]) /
				 m->sd[k]);
	return true;
}

static double dist2(const float *a, const float *b)
{
	double d = 0;

	for (int k = 0; k < SEG_DIMS; k++)
		d += ((double)a[k] - b[k]) * ((double)a[k] - b[k]);
	return d;
}

static int nearest(const float (*c)[SEG_DIMS], const float *z)
{
	int best = 0;
	double bd = dist2(c[0], z);

	for (int j = 1; j < SEG_K; j++) {
		double d = dist2(c[j], z);

		if (d < bd) {
			bd = d;
			best = j;
		}
	}
	return best;
}

enum mood_segment mood_segments_nearest(const struct mood_segments *m,
					const float z[SEG_DIMS])
{
	return (enum mood_segment)nearest((const float(*)[SEG_DIMS])m->centroid,
					  z);
}

/* k-means++ seeding, then Lloyd's iterations until nothing moves. */
static void kmeans(const float *z, size_t n, uint64_t seed,
		   float (*c)[SEG_DIMS], size_t *size, double *d2)
{
	uint64_t rng = seed;

	memcpy(c[0], z + (rng_next(&rng) % n) * SEG_DIMS, sizeof(c[0]));
	for (int j = 1; j < SEG_K; j++) {
		double total = 0, r;
		size_t i;

		for (i = 0; i < n; i++) {
			double best = INFINITY;

			for (int q = 0; q < j; q++) {
				double d = dist2(c[q], z + i * SEG_DIMS);

				best = d < best ? d : best;
			}
			d2[i] = best;
			total += best;
		}
		r = rng_uniform(&rng) * total;
		for (i = 0; i + 1 < n && r >= d2[i]; i++)
			r -= d2[i];
		memcpy(c[j], z + i * SEG_DIMS, sizeof(c[j]));
	}
	for (int it = 0; it < KMEANS_ITERATIONS; it++) {
		double sum[SEG_K][SEG_DIMS] = { { 0 } };
		bool moved = false;

		memset(size, 0, SEG_K * sizeof(*size));
		for (size_t i = 0; i < n; i++) {
			int j = nearest((const float(*)[SEG_DIMS])c,
					z + i * SEG_DIMS);

			size[j]++;
			for (int k = 0; k < SEG_DIMS; k++)
				sum[j][k] += z[i * SEG_DIMS + k];
		}
		for (int j = 0; j < SEG_K; j++) {
			if (size[j] == 0)
				continue; /* an empty cluster keeps its place */
			for (int k = 0; k < SEG_DIMS; k++) {
				float v = (float)(sum[j][k] / (double)size[j]);

				moved |= v != c[j][k];
				c[j][k] = v;
			}
		}
		if (!moved)
			break;
	}
}

/* Name the clusters: the assignment of names to clusters (4! of them)
 * that best fits happy = +valence +energy, angry = -valence +energy,
 * sad = -valence -energy, calm = +valence -energy. */
static void name_clusters(struct mood_segments *m, const float (*c)[SEG_DIMS],
			  const size_t *size)
{
	static const int sign[SEG_K][2] = {
		[SEG_HAPPY] = { 1, 1 },
		[SEG_ANGRY] = { -1, 1 },
		[SEG_SAD] = { -1, -1 },
		[SEG_CALM] = { 1, -1 },
	};
	int perm[SEG_K] = { 0, 1, 2, 3 }, best[SEG_K] = { 0, 1, 2, 3 };
	int cnt[SEG_K] = { 0 }, i = 0;
	double best_score = -INFINITY;

	/* Heap's algorithm over the 24 permutations. */
	for (;;) {
		double score = 0;

		for (int name = 0; name < SEG_K; name++)
			score += sign[name][0] * c[perm[name]][SEG_VALENCE] +
				 sign[name][1] * c[perm[name]][SEG_ENERGY];
		if (score > best_score) {
			best_score = score;
			memcpy(best, perm, sizeof(best));
		}
		while (i < SEG_K && cnt[i] >= i) {
			cnt[i] = 0;
			i++;
		}
		if (i >= SEG_K)
			break;
		{
			int a = i % 2 ? cnt[i] : 0, t = perm[a];

			perm[a] = perm[i];
			perm[i] = t;
		}
		cnt[i]++;
		i = 0;
	}
	for (int name = 0; name < SEG_K; name++) {
		memcpy(m->centroid[name], c[best[name]],
		       sizeof(m->centroid[name]));
		m->size[name] = size[best[name]];
	}
}

enum mp_status mood_segments_fit(struct mood_segments *m, const float *feat,
				 size_t n, uint64_t seed, struct mp_error *err)
{
	size_t used = 0, step;
	float *z, c[SEG_K][SEG_DIMS];
	double *y, *d2;
	size_t size[SEG_K];

	for (size_t i = 0; i < n; i++)
		used += usable(feat + i * DS_NFEAT);
	if (used < 2 * SEG_K)
		return mp_error_set(err, MP_EINVAL,
				    ngettext("the segments model needs at "
					     "least %d songs with "
					     "complete features, %zu has them",
					     "the segments model needs at "
					     "least %d songs with "
					     "complete features, %zu have them",
					     used),
				    2 * SEG_K, used);
	z = malloc(used * SEG_DIMS * sizeof(*z));
	y = malloc(used * sizeof(*y));
	d2 = malloc(used * sizeof(*d2));
	if (z == NULL || y == NULL || d2 == NULL) {
		free(z);
		free(y);
		free(d2);
		return mp_error_set(err, MP_ENOMEM, _("out of memory"));
	}
	step = used > LAMBDA_SAMPLE ? used / LAMBDA_SAMPLE : 1;
	for (int k = 0; k < SEG_DIMS; k++) {
		size_t ny = 0, j = 0;
		double mean = 0, var = 0;

		for (size_t i = 0; i < n; i++) {
			const float *f = feat + i * DS_NFEAT;

			if (usable(f) && j++ % step == 0)
				y[ny++] = f[seg_feature[k]];
		}
		m->lambda[k] = fit_lambda(y, ny);
		j = 0;
		for (size_t i = 0; i < n; i++) {
			const float *f = feat + i * DS_NFEAT;

			if (usable(f))
				y[j++] = yeo_johnson(f[seg_feature[k]],
						     m->lambda[k]);
		}
		for (j = 0; j < used; j++)
			mean += y[j];
		mean /= (double)used;
		for (j = 0; j < used; j++)
			var += (y[j] - mean) * (y[j] - mean);
		m->mean[k] = mean;
		m->sd[k] = var > 0 ? sqrt(var / (double)used) : 1;
		for (j = 0; j < used; j++)
			z[j * SEG_DIMS + k] = (float)((y[j] - mean) / m->sd[k]);
	}
	kmeans(z, used, seed, c, size, d2);
	name_clusters(m, (const float(*)[SEG_DIMS])c, size);
	free(z);
	free(y);
	free(d2);
	return MP_OK;
}

void mood_segments_centre(const struct mood_segments *m, enum mood_segment s,
			  float f[DS_NFEAT])
{
	for (int k = 0; k < DS_NFEAT; k++)
		f[k] = NAN;
	for (int k = 0; k < SEG_DIMS; k++)
		f[seg_feature[k]] = (float)yeo_johnson_inverse(
			m->centroid[s][k] * m->sd[k] + m->mean[k],
			m->lambda[k]);
}

void mood_segments_place(const struct mood_segments *m, enum mood_segment want,
			 const float *feat, size_t n, float *x, bool *unusable,
			 bool *fallback)
{
	for (size_t i = 0; i < n; i++) {
		float *z = x + i * SEG_DIMS;

		unusable[i] =
			!mood_segments_transform(m, feat + i * DS_NFEAT, z);
		fallback[i] =
			!unusable[i] && mood_segments_nearest(m, z) != want;
	}
}

enum mood_segment mood_segment_for_probs(const double p[MOOD_NEMOTIONS])
{
	double mass[SEG_K] = { 0 };
	int best = 0;

	for (int e = 0; e < MOOD_NEMOTIONS; e++)
		mass[emotion_segment[e]] += p[e];
	for (int s = 1; s < SEG_K; s++)
		if (mass[s] > mass[best])
			best = s;
	return (enum mood_segment)best;
}
