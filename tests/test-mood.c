/* moodplay tests - the mood model, the queue planner and the k-means
 * segments, on constructed inputs with known answers. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "mood/mood-plan.h"
#include "mood/mood-segments.h"
#include "mood/mood.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void test_points(void **state)
{
	struct mood_point happy = mood_emotion_point(MOOD_HAPPY);
	struct mood_point sad = mood_emotion_point(MOOD_SAD);
	struct mood_point angry = mood_emotion_point(MOOD_ANGRY);
	struct mood_point neutral = mood_emotion_point(MOOD_NEUTRAL);
	const char *word;

	assert_true(happy.valence > 0.98 && happy.arousal > 0.1);
	assert_true(sad.valence < -0.85 && sad.arousal < -0.4);
	assert_true(angry.arousal > 0.98 && angry.valence < 0);
	assert_true(neutral.valence == 0 && neutral.arousal == 0);
	assert_float_equal(mood_emotion_angle(MOOD_FEAR, &word), 116.9, 1e-9);
	assert_string_equal(word, "afraid");
	assert_int_equal(mood_emotion_from_name("surprise"), MOOD_SURPRISE);
	assert_int_equal(mood_emotion_from_name("bored"), MOOD_NEMOTIONS);
}

static void test_from_probs(void **state)
{
	double p[MOOD_NEMOTIONS] = { 0 };
	struct mood_point m, h = mood_emotion_point(MOOD_HAPPY),
			     s = mood_emotion_point(MOOD_SAD);

	m = mood_from_probs(p);
	assert_true(m.valence == 0 && m.arousal == 0);
	p[MOOD_HAPPY] = 3; /* not normalised */
	m = mood_from_probs(p);
	assert_float_equal(m.valence, h.valence, 1e-6);
	p[MOOD_SAD] = 3;
	m = mood_from_probs(p);
	assert_float_equal(m.valence, (h.valence + s.valence) / 2, 1e-6);
	assert_float_equal(m.arousal, (h.arousal + s.arousal) / 2, 1e-6);
	p[MOOD_SAD] = 4;
	assert_int_equal(mood_dominant(p), MOOD_SAD);
}

static void test_ema(void **state)
{
	struct mood_ema e = { 0 };
	struct mood_point a = { 1, 0 }, b = { -1, 1 }, m;

	m = mood_ema_update(&e, a, 0.5, 100, 60);
	assert_true(m.valence == 1 && m.arousal == 0); /* the first is taken */
	m = mood_ema_update(&e, b, 1, 160, 60);        /* one half-life later */
	assert_float_equal(m.valence, 0, 1e-6);
	assert_float_equal(m.arousal, 0.5, 1e-6);
	m = mood_ema_update(&e, a, 0, 1000, 60); /* no confidence: no move */
	assert_float_equal(m.valence, 0, 1e-6);
	m = mood_ema_update(&e, a, 0.5, 1060, 60); /* half of half the way */
	assert_float_equal(m.valence, 0.25, 1e-6);
	m = mood_ema_update(&e, b, 1, 1061, 0); /* smoothing off */
	assert_true(m.valence == -1 && m.arousal == 1);
}

static void test_trajectory(void **state)
{
	struct mood_point start = mood_emotion_point(MOOD_SAD), t[10];

	mood_trajectory(CONF_STRATEGY_LIFT, start, 10, t);
	assert_float_equal(t[0].valence, start.valence, 1e-6);
	assert_float_equal(t[9].valence, MOOD_LIFT_VALENCE, 1e-6);
	assert_float_equal(
		t[9].arousal,
		start.arousal + (MOOD_LIFT_AROUSAL - start.arousal) / 2, 1e-6);
	for (int i = 1; i < 10; i++)
		assert_true(t[i].valence > t[i - 1].valence);
	mood_trajectory(CONF_STRATEGY_CALM, mood_emotion_point(MOOD_ANGRY), 10,
			t);
	assert_float_equal(t[9].arousal, MOOD_CALM_AROUSAL, 1e-6);
	for (int i = 1; i < 10; i++)
		assert_true(t[i].arousal < t[i - 1].arousal);
	mood_trajectory(CONF_STRATEGY_MATCH, start, 10, t);
	for (int i = 0; i < 10; i++)
		assert_true(t[i].valence == start.valence &&
			    t[i].arousal == start.arousal);
}

/* Songs on a line of valence, energy equal to valence. */
#define NS 12
struct fixture {
	float x[NS * MOOD_DIMS];
	uint32_t artist[NS];
	bool excluded[NS];
	float targets[NS * MOOD_DIMS];
	float w[MOOD_DIMS];
	struct plan_input in;
	void *scratch;
	struct plan_pick out[NS];
};

static void fixture_init(struct fixture *f, size_t n, struct mood_point target)
{
	struct conf_weights cw = { 1, 1, 0, 0 };

	memset(f, 0, sizeof(*f));
	for (int s = 0; s < NS; s++) {
		float feat[DS_NFEAT];

		for (int k = 0; k < DS_NFEAT; k++)
			feat[k] = NAN;
		feat[DS_VALENCE] = feat[DS_ENERGY] = (float)s / (NS - 1);
		mood_song_vector(feat, f->x + s * MOOD_DIMS);
		f->artist[s] = (uint32_t)s + 1;
	}
	for (size_t i = 0; i < n; i++)
		mood_target_vector(target, f->targets + i * MOOD_DIMS);
	mood_weights(&cw, f->w);
	f->in = (struct plan_input){
		.n_songs = NS,
		.dims = MOOD_DIMS,
		.x = f->x,
		.artist = f->artist,
		.excluded = f->excluded,
		.w = f->w,
		.n = n,
		.targets = f->targets,
		.monotone_dim = -1,
		.artist_gap = 0,
		.temperature = 0,
		.seed = 1,
	};
	f->scratch = malloc(mood_plan_scratch_size(&f->in));
}

static void test_plan_nearest(void **state)
{
	struct fixture f;
	struct mood_point top = { 1, 1 };

	fixture_init(&f, 4, top);
	assert_int_equal(mood_plan(&f.in, f.scratch, f.out), 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(f.out[i].song, NS - 1 - i);
	assert_float_equal(f.out[0].distance, 0, 1e-6);
	/* Excluded songs and the artist gap. */
	f.excluded[NS - 1] = true;
	f.artist[NS - 3] = f.artist[NS - 2];
	f.in.artist_gap = 1;
	assert_int_equal(mood_plan(&f.in, f.scratch, f.out), 4);
	assert_int_equal(f.out[0].song, NS - 2);
	assert_int_equal(f.out[1].song, NS - 4); /* NS-3 shares the artist */
	assert_int_equal(f.out[2].song, NS - 3);
	free(f.scratch);
}

/* A song missing a weighted dimension is not favoured for it. */
static void test_plan_missing(void **state)
{
	struct fixture f;
	struct mood_point mid = { 0, 0 };
	struct conf_weights cw = { 1, 1, 1, 0 };
	size_t s_missing = 3, s_full = 8;

	fixture_init(&f, 1, mid);
	mood_weights(&cw, f.w);
	for (int s = 0; s < NS; s++)
		f.x[s * MOOD_DIMS + MOOD_DIM_TEMPO] = 0.5f; /* on target */
	/* Equally far in valence/energy; one lacks the tempo. */
	f.x[s_missing * MOOD_DIMS + MOOD_DIM_TEMPO] = NAN;
	for (int s = 0; s < NS; s++)
		f.excluded[s] = (size_t)s != s_missing && (size_t)s != s_full;
	f.x[s_missing * MOOD_DIMS + MOOD_DIM_VALENCE] = 0.4f;
	f.x[s_missing * MOOD_DIMS + MOOD_DIM_ENERGY] = 0.4f;
	f.x[s_full * MOOD_DIMS + MOOD_DIM_VALENCE] = 0.6f;
	f.x[s_full * MOOD_DIMS + MOOD_DIM_ENERGY] = 0.6f;
	assert_int_equal(mood_plan(&f.in, f.scratch, f.out), 1);
	assert_int_equal(f.out[0].song, s_full);
	assert_float_equal(f.out[0].distance, sqrt(0.02), 1e-6);
	free(f.scratch);
}

static void test_plan_monotone_and_random(void **state)
{
	struct fixture f;
	struct mood_point top = { 1, 1 };
	struct plan_pick again[NS];
	size_t n;
	bool differ = false;

	fixture_init(&f, NS, top);
	f.in.temperature = 5;
	f.in.monotone_dim = MOOD_DIM_VALENCE;
	f.in.monotone_dir = 1;
	/* Every song asked for: the order leaves no choice. */
	n = mood_plan(&f.in, f.scratch, f.out);
	assert_int_equal(n, NS);
	for (size_t i = 1; i < n; i++)
		assert_true(f.out[i].song > f.out[i - 1].song);
	/* Reproducible by seed, different across seeds. */
	assert_int_equal(mood_plan(&f.in, f.scratch, again), n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(again[i].song, f.out[i].song);
	f.in.monotone_dim = -1;
	for (uint64_t seed = 2; seed < 10 && !differ; seed++) {
		f.in.seed = 1;
		n = mood_plan(&f.in, f.scratch, f.out);
		f.in.seed = seed;
		assert_int_equal(mood_plan(&f.in, f.scratch, again), n);
		for (size_t i = 0; i < n; i++)
			differ |= again[i].song != f.out[i].song;
	}
	assert_true(differ);
	/* Everything excluded: nothing to plan. */
	for (int s = 0; s < NS; s++)
		f.excluded[s] = true;
	assert_int_equal(mood_plan(&f.in, f.scratch, f.out), 0);
	free(f.scratch);
}

/* A library like a real one: LIB songs of LIB / 3 artists, valence spread
 * over 0.06..0.95 as in the acoustic rows of the Spotify sample, the other
 * features loosely tied to it. */
#define LIB 120
struct library {
	float feat[LIB * DS_NFEAT];
	uint32_t artist[LIB];
	bool excluded[LIB];
	struct mood_segments seg;
};

static float lcg(uint64_t *r)
{
	*r = *r * 6364136223846793005ULL + 1442695040888963407ULL;
	return (float)((*r >> 40) % 10000) / 10000.0f;
}

static void library_init(struct library *l, unsigned artists)
{
	uint64_t r = 42;
	struct mp_error err;

	memset(l, 0, sizeof(*l));
	for (size_t s = 0; s < LIB; s++) {
		float *f = l->feat + s * DS_NFEAT, v = 0.06f + 0.89f * lcg(&r);

		for (int k = 0; k < DS_NFEAT; k++)
			f[k] = lcg(&r);
		f[DS_VALENCE] = v;
		f[DS_ENERGY] = 0.05f + 0.5f * v + 0.4f * lcg(&r);
		f[DS_TEMPO] = 70 + 100 * lcg(&r);
		f[DS_LOUDNESS] = -20 + 17 * f[DS_ENERGY];
		f[DS_DANCEABILITY] = 0.3f + 0.5f * v * lcg(&r);
		f[DS_ACOUSTICNESS] = 1 - f[DS_ENERGY] * lcg(&r);
		l->artist[s] = (uint32_t)(s % artists) + 1;
	}
	assert_int_equal(mood_segments_fit(&l->seg, l->feat, LIB, 1, &err),
			 MP_OK);
}

/* One plan for an expression as moodq_plan() makes it, into out; returns
 * the songs planned. */
struct plan_case {
	enum conf_mood_model model;
	enum mood_emotion emotion;
	enum conf_mood_strategy strategy;
	size_t count;
	unsigned artist_gap;
	double temperature;
	uint64_t seed;
	bool fallback[LIB], excluded[LIB];
	struct plan_input in;
};

static size_t plan_for(struct library *l, struct plan_case *c,
		       struct plan_pick *out)
{
	static float x[LIB * PLAN_MAX_DIMS], targets[LIB * PLAN_MAX_DIMS];
	static struct mood_point points[LIB];
	struct conf_weights cw = { 1, 1, 0.2, 0.1 };
	float w[PLAN_MAX_DIMS];
	bool *excluded = c->excluded, unusable[LIB];
	struct mood_point start = mood_emotion_point(c->emotion);
	void *scratch;
	size_t n;

	assert_true(c->count <= LIB);
	memcpy(excluded, l->excluded, sizeof(c->excluded));
	memset(c->fallback, 0, sizeof(c->fallback));
	c->in = (struct plan_input){
		.n_songs = LIB,
		.x = x,
		.artist = l->artist,
		.excluded = excluded,
		.w = w,
		.n = c->count,
		.targets = targets,
		.monotone_dim = -1,
		.artist_gap = c->artist_gap,
		.temperature = c->temperature,
		.seed = c->seed,
	};
	if (c->model == CONF_MOOD_SEGMENTS) {
		double p[MOOD_NEMOTIONS] = { 0 };
		enum mood_segment want;

		p[c->emotion] = 1;
		want = mood_segment_for_probs(p);
		mood_segments_place(&l->seg, want, l->feat, LIB, x, unusable,
				    c->fallback);
		for (size_t s = 0; s < LIB; s++)
			excluded[s] |= unusable[s];
		for (size_t i = 0; i < c->count; i++)
			memcpy(targets + i * SEG_DIMS, l->seg.centroid[want],
			       sizeof(l->seg.centroid[want]));
		for (int k = 0; k < SEG_DIMS; k++)
			w[k] = 1;
		c->in.dims = SEG_DIMS;
		c->in.fallback = c->fallback;
	} else {
		for (size_t s = 0; s < LIB; s++)
			mood_song_vector(l->feat + s * DS_NFEAT,
					 x + s * MOOD_DIMS);
		mood_trajectory(c->strategy, start, c->count, points);
		for (size_t i = 0; i < c->count; i++)
			mood_target_vector(points[i], targets + i * MOOD_DIMS);
		mood_weights(&cw, w);
		c->in.dims = MOOD_DIMS;
		c->in.monotone_dim = mood_strategy_monotone(
			c->strategy, &c->in.monotone_dir);
	}
	scratch = malloc(mood_plan_scratch_size(&c->in));
	n = mood_plan(&c->in, scratch, out);
	free(scratch);
	return n;
}

/* What every plan promises: distinct songs, none excluded; the monotone
 * order kept exactly; the artist gap and the segment kept, or the pick
 * says it bent them, by how much. */
static void check_plan(const struct library *l, const struct plan_case *c,
		       const struct plan_pick *out, size_t n)
{
	const struct plan_input *in = &c->in;
	bool used[LIB] = { false };

	for (size_t i = 0; i < n; i++) {
		size_t s = out[i].song, gap = SIZE_MAX;

		assert_true(s < LIB && !used[s] && !in->excluded[s]);
		used[s] = true;
		if (in->monotone_dim >= 0 && i > 0) {
			float v = in->x[s * in->dims +
					(size_t)in->monotone_dim],
			      prev = in->x[out[i - 1].song * in->dims +
					   (size_t)in->monotone_dim];

			if (in->monotone_dir > 0)
				assert_true(v >= prev);
			else
				assert_true(v <= prev);
		}
		for (size_t j = i; j-- > 0;)
			if (l->artist[out[j].song] == l->artist[s]) {
				gap = i - 1 - j;
				break;
			}
		if (out[i].bent & PLAN_BENT_ARTIST)
			assert_true(gap == out[i].gap && gap < c->artist_gap);
		else
			assert_true(gap >= c->artist_gap);
		assert_int_equal(in->fallback != NULL && in->fallback[s],
				 (out[i].bent & PLAN_BENT_FALLBACK) != 0);
		assert_false(out[i].bent & PLAN_BENT_UNKNOWN);
	}
}

/* Every expression, strategy and mood model fills the count on a library
 * that has the songs, up to the last available song. */
static void test_plan_fills_count(void **state)
{
	static struct library l;
	static const size_t counts[] = { 1, 10, 40, LIB - 20 };
	struct plan_pick out[LIB];
	struct plan_case c = { .artist_gap = 3, .seed = 1 };
	size_t n;

	(void)state;
	library_init(&l, LIB / 3);
	for (size_t s = 0; s < 20; s++)
		l.excluded[s * 5] = true; /* queued recently */
	for (int m = 0; m < CONF_MOOD_MODEL_COUNT; m++)
		for (int e = 0; e < MOOD_NEMOTIONS; e++)
			for (int st = 0; st < CONF_STRATEGY_COUNT; st++)
				for (size_t k = 0; k < 4; k++) {
					c.model = (enum conf_mood_model)m;
					c.emotion = (enum mood_emotion)e;
					c.strategy =
						(enum conf_mood_strategy)st;
					c.count = counts[k];
					c.temperature = k % 2 ? 1.0 : 0.0;
					n = plan_for(&l, &c, out);
					if (n != c.count)
						print_error(
							"%s %s %s: %zu of "
							"%zu\n",
							conf_mood_model_names
								[m],
							mood_emotion_names[e],
							conf_mood_strategy_names
								[st],
							n, c.count);
					assert_int_equal(n, c.count);
					assert_int_equal(
						mood_plan_available(&c.in),
						LIB - 20);
					check_plan(&l, &c, out, n);
				}
	/* More than the library has: every available song, no more. */
	c.model = CONF_MOOD_CIRCUMPLEX;
	c.strategy = CONF_STRATEGY_LIFT;
	c.emotion = MOOD_HAPPY;
	c.count = LIB;
	n = plan_for(&l, &c, out);
	assert_int_equal(n, LIB - 20);
	check_plan(&l, &c, out, n);
	/* Five valence levels: the ordered strategies among many equal
	 * values, where the planner keeps only the plan's count of the
	 * largest. */
	for (size_t s = 0; s < LIB; s++)
		l.feat[s * DS_NFEAT + DS_VALENCE] =
			roundf(l.feat[s * DS_NFEAT + DS_VALENCE] * 4) / 4;
	for (int st = 0; st < CONF_STRATEGY_COUNT; st++)
		for (size_t k = 0; k < 4; k++) {
			c.strategy = (enum conf_mood_strategy)st;
			c.count = counts[k];
			c.temperature = k % 2 ? 1.0 : 0.0;
			n = plan_for(&l, &c, out);
			assert_int_equal(n, c.count);
			check_plan(&l, &c, out, n);
		}
}

/* Bends are taken only when needed and said: one artist for the whole
 * library, a cluster smaller than the plan. */
static void test_plan_bends(void **state)
{
	static struct library l;
	struct plan_pick out[LIB];
	struct plan_case c = { .artist_gap = 3, .seed = 1, .count = 10 };
	size_t n, in_segment = 0, bent = 0;

	(void)state;
	library_init(&l, 1);
	c.model = CONF_MOOD_CIRCUMPLEX;
	c.emotion = MOOD_SAD;
	c.strategy = CONF_STRATEGY_LIFT;
	n = plan_for(&l, &c, out);
	assert_int_equal(n, 10);
	check_plan(&l, &c, out, n);
	assert_int_equal(out[0].bent & PLAN_BENT_ARTIST, 0);
	for (size_t i = 1; i < n; i++) {
		assert_true(out[i].bent & PLAN_BENT_ARTIST);
		assert_int_equal(out[i].gap, 0);
	}
	/* Segments: more songs than the cluster has. */
	library_init(&l, LIB / 3);
	c.model = CONF_MOOD_SEGMENTS;
	c.count = LIB;
	n = plan_for(&l, &c, out);
	assert_int_equal(n, LIB);
	check_plan(&l, &c, out, n);
	for (size_t i = 0; i < n; i++) {
		bool fb = out[i].bent & PLAN_BENT_FALLBACK;

		/* The cluster's own songs first, then the others. */
		assert_true(!fb || i >= in_segment);
		in_segment += !fb && i == in_segment;
		bent += fb;
	}
	assert_true(in_segment > 0 && bent > 0);
	assert_int_equal(in_segment + bent, LIB);
	/* The nearest song that would break the order is said. */
	c.model = CONF_MOOD_CIRCUMPLEX;
	c.emotion = MOOD_HAPPY;
	c.count = 10;
	n = plan_for(&l, &c, out);
	assert_true(out[0].bent & PLAN_BENT_MONOTONE);
	c.strategy = CONF_STRATEGY_MATCH;
	n = plan_for(&l, &c, out);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(out[i].bent, 0);
}

/* The monotone dimension missing: such songs come last, said so. */
static void test_plan_unknown(void **state)
{
	struct fixture f;
	struct mood_point top = { 1, 1 };

	(void)state;
	fixture_init(&f, NS, top);
	f.in.monotone_dim = MOOD_DIM_VALENCE;
	f.in.monotone_dir = 1;
	f.x[(NS - 1) * MOOD_DIMS + MOOD_DIM_VALENCE] = NAN;
	assert_int_equal(mood_plan(&f.in, f.scratch, f.out), NS);
	for (int i = 0; i + 1 < NS; i++)
		assert_int_equal(f.out[i].bent & PLAN_BENT_UNKNOWN, 0);
	assert_int_equal(f.out[NS - 1].song, NS - 1);
	assert_true(f.out[NS - 1].bent & PLAN_BENT_UNKNOWN);
	free(f.scratch);
}

static void test_shortfall_text(void **state)
{
	struct plan_shortfall s = {
		.wanted = 10,
		.planned = 10,
		.library = 25,
		.matched = 20,
		.recent = 13,
		.available = 7,
	};
	char buf[320];

	(void)state;
	mood_plan_shortfall_text(&s, buf, sizeof(buf));
	assert_string_equal(buf, "");
	s.planned = 7;
	mood_plan_shortfall_text(&s, buf, sizeof(buf));
	assert_string_equal(buf,
			    "only 7 of 10 songs: 20 of 25 library songs are "
			    "matched to the dataset, 13 of them were queued "
			    "recently (queue.history), 7 are available");
	s.available = 5;
	s.planned = 5;
	mood_plan_shortfall_text(&s, buf, sizeof(buf));
	assert_non_null(strstr(buf, "5 are available; 2 lack the features"));
	/* A short buffer is cut, not overrun. */
	mood_plan_shortfall_text(&s, buf, 12);
	assert_int_equal(strlen(buf), 11);
}

/* Four blobs in valence/energy: the clusters come out named by quadrant. */
static void test_segments(void **state)
{
	static const float centre[SEG_K][2] = {
		[SEG_HAPPY] = { 0.9f, 0.9f },
		[SEG_ANGRY] = { 0.1f, 0.9f },
		[SEG_SAD] = { 0.1f, 0.1f },
		[SEG_CALM] = { 0.9f, 0.1f },
	};
	size_t n = 400;
	float *feat = calloc(n, DS_NFEAT * sizeof(float));
	struct mood_segments m;
	struct mp_error err;
	double p[MOOD_NEMOTIONS] = { 0 };
	uint64_t r = 7;

	for (size_t i = 0; i < n; i++) {
		float *f = feat + i * DS_NFEAT;
		int c = (int)(i % SEG_K);

		for (int k = 0; k < DS_NFEAT; k++) {
			r = r * 6364136223846793005ULL + 1442695040888963407ULL;
			f[k] = (float)((r >> 40) % 1000) /
			       20000.0f; /* 0..0.05 noise */
		}
		/* Every clustered feature follows the blob: standardising
		 * would blow pure noise up to the blobs' own spread. */
		f[DS_VALENCE] += centre[c][0];
		f[DS_ENERGY] += centre[c][1];
		f[DS_DANCEABILITY] += centre[c][0];
		f[DS_ACOUSTICNESS] += 1 - centre[c][1];
		f[DS_TEMPO] = 80 + 100 * centre[c][1] + f[DS_TEMPO] * 100;
		f[DS_LOUDNESS] = -20 + 15 * centre[c][1] + f[DS_LOUDNESS] * 10;
	}
	assert_int_equal(mood_segments_fit(&m, feat, n, 1, &err), MP_OK);
	for (size_t i = 0; i < n; i++) {
		float z[SEG_DIMS];

		assert_true(
			mood_segments_transform(&m, feat + i * DS_NFEAT, z));
		assert_int_equal(mood_segments_nearest(&m, z),
				 (int)(i % SEG_K));
	}
	for (int s = 0; s < SEG_K; s++)
		assert_int_equal(m.size[s], n / SEG_K);
	/* The centres in feature units: the blobs', noise included. */
	for (int s = 0; s < SEG_K; s++) {
		float c[DS_NFEAT];

		mood_segments_centre(&m, (enum mood_segment)s, c);
		assert_float_equal(c[DS_VALENCE], centre[s][0] + 0.025, 0.01);
		assert_float_equal(c[DS_ENERGY], centre[s][1] + 0.025, 0.01);
		assert_true(isnan(c[DS_LIVENESS]));
	}
	/* Too few usable songs. */
	feat[DS_TEMPO] = NAN;
	assert_int_equal(mood_segments_fit(&m, feat, 8, 1, &err), MP_EINVAL);
	free(feat);
	p[MOOD_SURPRISE] = 0.6;
	p[MOOD_SAD] = 0.4;
	assert_int_equal(mood_segment_for_probs(p), SEG_HAPPY);
	p[MOOD_FEAR] = 0.3;
	p[MOOD_NEUTRAL] = 0.4;
	assert_int_equal(mood_segment_for_probs(p), SEG_CALM);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_points),
		cmocka_unit_test(test_from_probs),
		cmocka_unit_test(test_ema),
		cmocka_unit_test(test_trajectory),
		cmocka_unit_test(test_plan_nearest),
		cmocka_unit_test(test_plan_missing),
		cmocka_unit_test(test_plan_monotone_and_random),
		cmocka_unit_test(test_plan_fills_count),
		cmocka_unit_test(test_plan_bends),
		cmocka_unit_test(test_plan_unknown),
		cmocka_unit_test(test_shortfall_text),
		cmocka_unit_test(test_segments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
