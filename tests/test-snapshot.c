/* moodplay - tests for the snapshot pipeline (src/snapshot.c): bursts of
 * real JPEGs, faces in some frames, probabilities averaged over those. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "jpeg-header.h"

#include "base/clock.h"
#include "base/stop.h"
#include "conf/conf.h"
#include "face/face-cascade.h"
#include "snapshot/snapshot.h"

#define DOC "/usr/share/doc/opencv-doc/examples/data/"
#define HAAR \
	"/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml"

static uint8_t *append_file(uint8_t *buf, size_t *len, const char *path)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = realloc(buf, *len + (size_t)n);
	assert_int_equal(fread(buf + *len, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len += (size_t)n;
	return buf;
}

/* A classifier whose answer changes with each call. */
struct fake {
	int calls;
};

static enum mp_status fake_classify(void *ud, const struct image *crop,
				    float *probs, struct mp_error *err)
{
	struct fake *f = ud;
	static const float answers[][2] = { { 0.8f, 0.2f },
					    { 0.4f, 0.6f },
					    { 0.9f, 0.1f } };

	assert_int_equal(crop->w, 48);
	assert_int_equal(crop->h, 48);
	memcpy(probs, answers[f->calls++ % 3], sizeof(answers[0]));
	return MP_OK;
}

struct env {
	struct conf *conf;
	struct face_cascade *cascade;
	uint8_t *burst; /* messi5 (face), fruits (none), messi5 (face) */
	size_t len;
};

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));
	struct mp_error err;

	e->conf = conf_new();
	e->conf->face.min_size = 20; /* messi5's face is 37 px */
	e->burst = append_file(NULL, &e->len, DOC "messi5.jpg");
	if (e->burst != NULL)
		e->burst = append_file(e->burst, &e->len, DOC "fruits.jpg");
	if (e->burst != NULL)
		e->burst = append_file(e->burst, &e->len, DOC "messi5.jpg");
	if (face_cascade_load_file(HAAR, NULL, &e->cascade, &err) != MP_OK) {
		free(e->burst);
		e->burst = NULL;
	}
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	face_cascade_free(e->cascade);
	conf_free(e->conf);
	free(e->burst);
	free(e);
	return 0;
}

static void test_split(void **state)
{
	struct env *e = *state;
	size_t off[8], lens[8];

	if (e->burst == NULL)
		skip();
	assert_int_equal(snapshot_split(e->burst, e->len, off, lens, 8), 3);
	assert_int_equal(off[0], 0);
	assert_int_equal(off[1], lens[0]);
	assert_int_equal(off[2] + lens[2], e->len);
	assert_int_equal(snapshot_split(e->burst, e->len, off, lens, 2), 2);
	/* Not a JPEG: one frame, for the decoder to refuse. */
	assert_int_equal(
		snapshot_split((const uint8_t *)"hello", 5, off, lens, 8), 1);
	assert_int_equal(lens[0], 5);
}

/* The burst, at most frames of it (capture.frames), classified by f. */
static enum mp_status process_burst(struct env *e, int frames, struct fake *f,
				    struct snapshot_result *r,
				    struct mp_error *err)
{
	struct snapshot_opts o;

	e->conf->capture.frames = frames;
	snapshot_opts_from_conf(&o, e->conf, 1.0, 0.0, 48, 48);
	return snapshot_process(e->cascade, e->burst, e->len, &o, fake_classify,
				f, 2, r, err);
}

/* Three frames, faces in two: classes averaged over those two; with
 * capture.frames 2, over the one face in the first two. */
static void test_burst_average(void **state)
{
	struct env *e = *state;
	struct snapshot_result r;
	struct fake f = { 0 };
	struct mp_error err;

	if (e->burst == NULL)
		skip();
	assert_int_equal(process_burst(e, 3, &f, &r, &err), MP_OK);
	assert_int_equal(r.frames, 3);
	assert_int_equal(r.faces, 2);
	assert_int_equal(f.calls, 2);
	assert_float_equal(r.probs[0], 0.6, 1e-6);
	assert_float_equal(r.probs[1], 0.4, 1e-6);
	assert_int_equal(r.top, 0);
	assert_int_equal(r.agree, 1); /* the second face said class 1 */
	assert_true(r.has_face);
	assert_int_equal(r.face.x, 227);
	assert_int_equal(r.face.w, 37);
	assert_int_equal(r.nboxes, 1);
	assert_non_null(r.crop);
	assert_int_equal(r.image->w, 548);
	snapshot_result_clear(&r);

	f = (struct fake){ 0 };
	assert_int_equal(process_burst(e, 2, &f, &r, &err), MP_OK);
	assert_int_equal(r.frames, 2);
	assert_int_equal(r.faces, 1);
	assert_float_equal(r.probs[0], 0.8, 1e-6);
	assert_int_equal(r.agree, 1);
	snapshot_result_clear(&r);
}

/* No face in any frame: MP_ENOENT, but the snapshot is there to show. */
static void test_no_face(void **state)
{
	struct env *e = *state;
	struct snapshot_opts o;
	struct snapshot_result r;
	struct fake f = { 0 };
	struct mp_error err;
	uint8_t *fruits;
	size_t len = 0;

	if (e->burst == NULL)
		skip();
	fruits = append_file(NULL, &len, DOC "fruits.jpg");
	snapshot_opts_from_conf(&o, e->conf, 1.0, 0.0, 48, 48);
	assert_int_equal(snapshot_process(e->cascade, fruits, len, &o,
					  fake_classify, &f, 2, &r, &err),
			 MP_ENOENT);
	assert_string_equal(err.msg, "no face found");
	assert_false(r.has_face);
	assert_non_null(r.image);
	assert_int_equal(f.calls, 0);
	snapshot_result_clear(&r);
	/* Nothing decodable: the decoder's error. */
	assert_int_equal(snapshot_process(e->cascade, fruits, 100, &o, NULL,
					  NULL, 0, &r, &err),
			 MP_EINVAL);
	assert_non_null(strstr(err.msg, "JPEG"));
	snapshot_result_clear(&r);
	free(fruits);
}

/* messi5.jpg with its frame header saying 8000x8000 (73 KB): as captured
 * 30 times over, this took 98 s and 707 MB.  Now each frame is decoded at
 * 1/8 scale, the capture's pixel budget refuses all but the first, and the
 * whole burst ends in well under a second. */
static uint8_t *header_bomb(size_t *len)
{
	uint8_t *b;
	size_t n = 0;

	b = append_file(NULL, &n, DOC "messi5.jpg");
	if (b == NULL)
		return NULL;
	assert_true(jpeg_claim_size(b, n, 8000, 8000));
	*len = n;
	return b;
}

static void test_header_bomb(void **state)
{
	struct env *e = *state;
	struct snapshot_opts o;
	struct snapshot_result r;
	struct mp_error err;
	uint8_t *one, *burst;
	size_t len, n = 0;
	double t;

	if (e->burst == NULL)
		skip();
	one = header_bomb(&len);
	burst = malloc(30 * len);
	for (int k = 0; k < 30; k++, n += len)
		memcpy(burst + n, one, len);
	e->conf->capture.frames = 30;
	snapshot_opts_from_conf(&o, e->conf, 1.0, 0.0, 48, 48);
	t = clock_now_ms();
	snapshot_process(e->cascade, burst, n, &o, NULL, NULL, 0, &r, &err);
	t = clock_now_ms() - t;
	/* Under sanitizers on a loaded machine; unbounded it took 98 s. */
	assert_true(t < 5000);
	assert_true(r.image == NULL || r.image->w <= SNAPSHOT_WORK_SIDE);
	snapshot_result_clear(&r);
	free(burst);
	free(one);
}

/* The deadline and the cancel hook end a capture inside decoding and
 * detection, not between stages.  Latency is measured in CPU time (on one
 * thread), so a loaded machine cannot make the test pass or fail: the
 * work between two looks at the hook, and after the hook said stop. */
struct cancel_at {
	int at, calls;
	double last, max_gap, cancelled;
};

static double cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static bool cancel_after(void *ud)
{
	struct cancel_at *c = ud;
	double t = cpu_ms();

	if (c->calls > 0 && t - c->last > c->max_gap)
		c->max_gap = t - c->last;
	c->last = t;
	if (++c->calls == c->at)
		c->cancelled = t;
	return c->calls >= c->at;
}

static void test_stop(void **state)
{
	struct env *e = *state;
	struct snapshot_opts o;
	struct snapshot_result r;
	struct mp_error err;
	struct stop stop;
	struct cancel_at c = { 0 };
	double after;

	if (e->burst == NULL)
		skip();
	e->conf->capture.frames = 3;
	e->conf->face.min_size = 20;
	snapshot_opts_from_conf(&o, e->conf, 1.0, 0.0, 48, 48);
	o.stop = &stop;
	o.face.threads = 1;
	/* Past the deadline before the first frame: timed out, no face. */
	stop_init(&stop, 0.001, "capture.timeout", NULL, NULL);
	stop.deadline_ms -= 1000;
	assert_int_equal(snapshot_process(e->cascade, e->burst, e->len, &o,
					  NULL, NULL, 0, &r, &err),
			 MP_ETIMEDOUT);
	assert_non_null(strstr(err.msg, "capture.timeout"));
	snapshot_result_clear(&r);
	/* Cancelled at the 150th look: past the first frame's decoding (a
	 * look every 4 of its 342 rows), inside its detection. */
	c.at = 150;
	stop_init(&stop, 0, NULL, cancel_after, &c);
	assert_int_equal(snapshot_process(e->cascade, e->burst, e->len, &o,
					  NULL, NULL, 0, &r, &err),
			 MP_ERR);
	after = cpu_ms() - c.cancelled;
	print_message("# looks at most %.1f ms of CPU apart; %.1f ms after "
		      "the cancel\n",
		      c.max_gap, after);
	assert_string_equal(err.msg, "cancelled");
	assert_int_equal(r.frames, 1);
	assert_true(c.max_gap < 50);
	assert_true(after < 50);
	snapshot_result_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_burst_average),
		cmocka_unit_test(test_no_face),
		cmocka_unit_test(test_header_bomb),
		cmocka_unit_test(test_stop),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
