/* moodplay tests - calibration to the resting face: the arithmetic, the
 * file format and its load/save under $XDG_STATE_HOME. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "mood/mood-calib.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A relaxed face that reads sad, as many do. */
static const double resting[MOOD_NEMOTIONS] = {
	[MOOD_ANGRY] = 0.10,   [MOOD_DISGUST] = 0.01, [MOOD_FEAR] = 0.08,
	[MOOD_HAPPY] = 0.02,   [MOOD_SAD] = 0.45,     [MOOD_SURPRISE] = 0.02,
	[MOOD_NEUTRAL] = 0.32,
};

static enum mood_emotion top(const double p[MOOD_NEMOTIONS])
{
	int best = 0;

	for (int e = 1; e < MOOD_NEMOTIONS; e++)
		if (p[e] > p[best])
			best = e;
	return (enum mood_emotion)best;
}

static void test_baseline(void **state)
{
	struct mood_calib c = { 0 };
	double a[MOOD_NEMOTIONS] = { 0 }, b[MOOD_NEMOTIONS] = { 0 };

	(void)state;
	a[MOOD_SAD] = 0.5;
	a[MOOD_NEUTRAL] = 0.5;
	b[MOOD_SAD] = 0.125;
	b[MOOD_NEUTRAL] = 0.875;
	mood_calib_add(&c, a);
	mood_calib_add(&c, b);
	assert_int_equal(c.faces, 2);
	/* The mean of the logs: a geometric mean. */
	assert_float_equal(c.baseline[MOOD_SAD], log(0.25), 1e-9);
	assert_float_equal(c.baseline[MOOD_HAPPY], log(MOOD_CALIB_FLOOR), 1e-9);
}

static void test_apply(void **state)
{
	struct mood_calib c = { 0 };
	double out[MOOD_NEMOTIONS], happy[MOOD_NEMOTIONS] = { 0 }, sum = 0;

	(void)state;
	/* No baseline, or a fraction of 0: unchanged. */
	mood_calib_apply(&c, 1, resting, out);
	for (int e = 0; e < MOOD_NEMOTIONS; e++)
		assert_float_equal(out[e], resting[e], 1e-9);
	for (int i = 0; i < 10; i++)
		mood_calib_add(&c, resting);
	mood_calib_apply(&c, 0, resting, out);
	for (int e = 0; e < MOOD_NEMOTIONS; e++)
		assert_float_equal(out[e], resting[e], 1e-9);
	/* All of the bias: the resting face reads as the reference. */
	mood_calib_apply(&c, 1, resting, out);
	assert_float_equal(out[MOOD_NEUTRAL], MOOD_CALIB_REST_NEUTRAL, 1e-9);
	assert_float_equal(out[MOOD_HAPPY] / out[MOOD_SAD],
			   (double)mood_calib_train_counts[MOOD_HAPPY] /
				   mood_calib_train_counts[MOOD_SAD],
			   1e-6);
	/* Half of it: neutral wins, sad falls, the sum stays 1. */
	mood_calib_apply(&c, 0.5, resting, out);
	for (int e = 0; e < MOOD_NEMOTIONS; e++)
		sum += out[e];
	assert_float_equal(sum, 1, 1e-9);
	assert_int_equal(top(resting), MOOD_SAD);
	assert_int_equal(top(out), MOOD_NEUTRAL);
	assert_true(out[MOOD_SAD] < resting[MOOD_SAD]);
	/* A clear smile stays a smile. */
	happy[MOOD_HAPPY] = 0.85;
	happy[MOOD_SAD] = 0.05;
	happy[MOOD_NEUTRAL] = 0.10;
	mood_calib_apply(&c, 0.5, happy, out);
	assert_int_equal(top(out), MOOD_HAPPY);
	assert_true(out[MOOD_HAPPY] > 0.7);
}

static void test_format_parse(void **state)
{
	struct mood_calib c = { 0 }, d = { 0 };
	struct mp_error err;
	char buf[512];
	static const struct {
		const char *text, *message;
	} bad[] = {
		{ "angry -1\n", "f: no 'faces' line" },
		{ "faces 0\n", "f:1: faces: a count from 1" },
		{ "faces 2\nfaces 2\n", "f:2: faces: a count from 1" },
		{ "faces 1\nbored -1\n", "f:2: bored: not an expression" },
		{ "faces 1\nsad x\n", "f:2: sad: not a number" },
		{ "faces 1\nsad -1 2\n", "f:2: sad: not a number" },
		{ "faces 1\nsad 0.5\n", "f:2: sad: a log-probability" },
		{ "faces 1\nsad -1\nsad -1\n", "f:3: sad: given twice" },
		{ "faces 1\nsad -1\n", "f: no line for angry" },
		{ "faces 1\nsad nan\n", "f:2: sad: not a number" },
	};

	(void)state;
	for (int i = 0; i < 3; i++)
		mood_calib_add(&c, resting);
	assert_true(mood_calib_format(&c, buf, sizeof(buf)) < (int)sizeof(buf));
	assert_non_null(strstr(buf, "faces 3\n"));
	assert_int_equal(mood_calib_parse(&d, buf, "f", &err), MP_OK);
	assert_int_equal(d.faces, 3);
	for (int e = 0; e < MOOD_NEMOTIONS; e++)
		assert_float_equal(d.baseline[e], c.baseline[e], 1e-6);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&d, 0, sizeof(d));
		assert_int_equal(mood_calib_parse(&d, bad[i].text, "f", &err),
				 MP_EINVAL);
		if (strncmp(err.msg, bad[i].message, strlen(bad[i].message)) !=
		    0)
			fail_msg("'%s': got '%s'", bad[i].text, err.msg);
		assert_int_equal(d.faces, 0); /* untouched */
	}
}

static void test_load_save(void **state)
{
	char dir[] = "/tmp/moodplay-calib.XXXXXX", *path;
	struct mood_calib c = { 0 }, d = { 0 };
	struct mp_error err;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	setenv("XDG_STATE_HOME", dir, 1);
	assert_int_equal(mood_calib_load(&d, &err), MP_ENOENT);
	mood_calib_add(&c, resting);
	assert_int_equal(mood_calib_save(&c, &err), MP_OK);
	assert_int_equal(mood_calib_load(&d, &err), MP_OK);
	assert_int_equal(d.faces, 1);
	assert_float_equal(d.baseline[MOOD_SAD], log(0.45), 1e-6);
	/* A damaged file is an error naming it, not a silent default. */
	path = mood_calib_path();
	f = fopen(path, "w");
	fputs("faces 1\nsad -1\n", f);
	fclose(f);
	assert_int_equal(mood_calib_load(&d, &err), MP_EINVAL);
	assert_non_null(strstr(err.msg, path));
	unlink(path);
	free(path);
	path = NULL;
	assert_true(asprintf(&path, "%s/moodplay", dir) > 0);
	rmdir(path);
	free(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_baseline),
		cmocka_unit_test(test_apply),
		cmocka_unit_test(test_format_parse),
		cmocka_unit_test(test_load_save),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
