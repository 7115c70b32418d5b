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
	n = mood_plan(&f.in, f.scratch, f.out);
	assert_true(n >= 1 && n <= NS);
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
		cmocka_unit_test(test_segments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
