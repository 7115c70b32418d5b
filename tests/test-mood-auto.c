/* moodplay tests - continuous mode's thresholds (re-plan only when the
 * smoothed mood moved more than mood.auto_distance from the last plan's
 * mood) and the mood history's timeline (runs into time buckets, values
 * onto chart levels). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "mood/mood-auto.h"
#include "mood/mood-timeline.h"

#include <math.h>
#include <string.h>

static void test_distance(void **state)
{
	struct mood_point o = { 0, 0 }, p = { 0.3, -0.4 };

	(void)state;
	assert_true(fabs(mood_distance(o, p) - 0.5) < 1e-12);
	assert_true(fabs(mood_distance(p, o) - 0.5) < 1e-12);
	assert_true(mood_distance(p, p) == 0);
	/* Opposite corners: the largest distance there is. */
	assert_true(fabs(mood_distance((struct mood_point){ -1, -1 },
				       (struct mood_point){ 1, 1 }) -
			 2 * sqrt(2)) < 1e-12);
}

static void test_thresholds(void **state)
{
	struct mood_auto a = { 0 };
	struct mood_point p = { 0.5, 0.1 };
	double moved = -1;

	(void)state;
	/* Nothing planned yet: the first capture always plans. */
	assert_true(mood_auto_replan(&a, p, 0.25, &moved));
	assert_true(moved == 0);
	assert_true(mood_auto_replan(&a, p, 3, NULL));
	mood_auto_planned(&a, p);
	/* The same mood keeps the queue, whatever the threshold. */
	assert_false(mood_auto_replan(&a, p, 0, &moved));
	assert_true(moved == 0);
	/* Just under (0.24), at (0.25) and just over (0.26) the threshold:
	 * only over re-plans. */
	assert_false(mood_auto_replan(&a, (struct mood_point){ 0.5, 0.34 },
				      0.25, &moved));
	assert_true(fabs(moved - 0.24) < 1e-9);
	assert_false(mood_auto_replan(&a, (struct mood_point){ 0.5, 0.35 },
				      0.25, &moved));
	assert_true(mood_auto_replan(&a, (struct mood_point){ 0.5, 0.36 }, 0.25,
				     &moved));
	assert_true(fabs(moved - 0.26) < 1e-9);
	/* In any direction. */
	assert_true(mood_auto_replan(&a, (struct mood_point){ 0.65, -0.1 }, 0.2,
				     &moved));
	assert_true(fabs(moved - 0.25) < 1e-9);
	/* Threshold 0: any move re-plans. */
	assert_true(mood_auto_replan(&a, (struct mood_point){ 0.5, 0.1001 }, 0,
				     NULL));
	/* A mood that is not a number re-plans rather than keeping. */
	assert_true(mood_auto_replan(&a, (struct mood_point){ NAN, 0 }, 0.25,
				     NULL));
	/* A new plan moves the reference. */
	mood_auto_planned(&a, (struct mood_point){ -0.5, 0 });
	assert_false(mood_auto_replan(&a, (struct mood_point){ -0.4, 0 }, 0.25,
				      NULL));
	assert_true(mood_auto_replan(&a, p, 0.25, NULL));
}

/* The sequence the terminal test runs: happy picked (and planned), then
 * the same face captured three times, smoothed with its confidence: the
 * first capture moves the mood far and re-plans, the second moves less
 * than the threshold from that plan and keeps the queue, the third has
 * drifted further from it and re-plans. */
static void test_cycles(void **state)
{
	struct mood_ema e = { 0 };
	struct mood_auto a = { 0 };
	struct mood_point happy = mood_emotion_point(MOOD_HAPPY);
	struct mood_point face = { -0.478, 0.235 }, now;
	const bool want[] = { true, false, true, false };
	double moved;

	(void)state;
	e.set = true;
	e.time = 1000;
	e.point = happy;
	mood_auto_planned(&a, happy);
	for (int i = 0; i < 4; i++) {
		bool re;

		/* half_life near 0: each capture moves by its confidence. */
		now = mood_ema_update(&e, face, 0.416, 1003.0 + 3 * i, 1e-7);
		re = mood_auto_replan(&a, now, 0.45, &moved);
		assert_true(re == want[i]);
		if (re)
			mood_auto_planned(&a, now);
	}
	/* The fourth: converged close to the face, less than 0.45 from the
	 * third's plan. */
	assert_true(moved < 0.45 && moved > 0);
}

static struct mood_record rec(double t, double v, double a)
{
	struct mood_record r;

	memset(&r, 0, sizeof(r));
	r.time = t;
	r.valence = v;
	r.arousal = a;
	return r;
}

static void test_timeline(void **state)
{
	struct mood_record v[] = {
		rec(50, 1, 1),       /* before the span */
		rec(100, 0.5, -0.5), /* the span's first instant: bucket 0 */
		rec(124, -0.5, 0.5), /* bucket 0 as well: the mean is 0 */
		rec(150, 0.25, 0),   /* bucket 2 */
		rec(199.9, -1, -1),  /* the last bucket */
		rec(200, 1, 1),      /* the span's end is out */
	};
	struct mood_timeline_bucket b[4];

	(void)state;
	mood_timeline(v, sizeof(v) / sizeof(v[0]), 100, 200, b, 4);
	assert_int_equal(b[0].runs, 2);
	assert_true(fabs(b[0].valence) < 1e-12 && fabs(b[0].arousal) < 1e-12);
	assert_int_equal(b[1].runs, 0);
	assert_true(b[1].valence == 0 && b[1].arousal == 0);
	assert_int_equal(b[2].runs, 1);
	assert_true(b[2].valence == 0.25);
	assert_int_equal(b[3].runs, 1);
	assert_true(b[3].valence == -1 && b[3].arousal == -1);
	/* An empty span, or none to fill, leaves the buckets empty. */
	mood_timeline(v, 6, 200, 100, b, 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(b[i].runs, 0);
	mood_timeline(v, 6, 100, 200, b, 0);
}

static void test_levels(void **state)
{
	(void)state;
	assert_int_equal(mood_timeline_level(-1, 8), 0);
	assert_int_equal(mood_timeline_level(1, 8), 7);
	/* The middle of 8 levels rounds up to the upper half. */
	assert_int_equal(mood_timeline_level(0, 8), 4);
	assert_int_equal(mood_timeline_level(-0.8, 8), 1);
	assert_int_equal(mood_timeline_level(0.9, 8), 7);
	/* Out of range is clamped; NaN and a one-level scale give 0. */
	assert_int_equal(mood_timeline_level(5, 8), 7);
	assert_int_equal(mood_timeline_level(-5, 8), 0);
	assert_int_equal(mood_timeline_level(NAN, 8), 0);
	assert_int_equal(mood_timeline_level(1, 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_thresholds),
		cmocka_unit_test(test_cycles),
		cmocka_unit_test(test_timeline),
		cmocka_unit_test(test_levels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
