/* moodplay - tests for the cascade loader, the detector, grouping and crops
 * (src/face-*.c), on OpenCV's own cascade files and sample photo. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "face/face-cascade.h"
#include "face/face-crop.h"
#include "face/face-detect.h"
#include "image/image-decode.h"
#include "image/image.h"

#define HAARCASCADES "/usr/share/opencv4/haarcascades/"
#define HAAR HAARCASCADES "haarcascade_frontalface_default.xml"
#define LBP "/usr/share/opencv4/lbpcascades/lbpcascade_frontalface_improved.xml"
#define MESSI "/usr/share/doc/opencv-doc/examples/data/messi5.jpg"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL)
		return NULL;
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_int_equal(fseek(f, 0, SEEK_SET), 0);
	buf = malloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

/* The Haar cascade's text with the first occurrence of from replaced. */
static char *edited(const char *path, const char *from, const char *to,
		    size_t *len)
{
	size_t n;
	char *s = slurp(path, &n), *at, *out;

	if (s == NULL)
		return NULL;
	at = strstr(s, from);
	assert_non_null(at);
	out = malloc(n + strlen(to) + 1);
	memcpy(out, s, (size_t)(at - s));
	strcpy(out + (at - s), to);
	strcat(out, at + strlen(from));
	*len = strlen(out);
	free(s);
	return out;
}

static void expect_bad(const char *buf, size_t len, const char *msg)
{
	struct face_cascade *c = (struct face_cascade *)1;
	struct mp_error err;

	assert_int_equal(
		face_cascade_load_buffer("t.xml", buf, len, NULL, &c, &err),
		MP_EINVAL);
	assert_null(c);
	if (strstr(err.msg, msg) == NULL)
		fail_msg("'%s' lacks '%s'", err.msg, msg);
	assert_non_null(strstr(err.msg, "t.xml"));
}

static void test_cascade_load(void **state)
{
	struct face_cascade *c;
	struct mp_error err;
	int w, h;

	if (face_cascade_load_file(HAAR, NULL, &c, &err) == MP_ENOENT)
		skip();
	assert_non_null(c);
	face_cascade_window(c, &w, &h);
	assert_int_equal(w, 24);
	assert_int_equal(h, 24);
	face_cascade_free(c);
	assert_int_equal(face_cascade_load_file(LBP, NULL, &c, &err), MP_OK);
	face_cascade_free(c);
	/* Tilted features, and trees of them. */
	assert_int_equal(face_cascade_load_file(HAARCASCADES
						"haarcascade_smile.xml",
						NULL, &c, &err),
			 MP_OK);
	face_cascade_free(c);
	assert_int_equal(
		face_cascade_load_file(HAARCASCADES
				       "haarcascade_eye_tree_eyeglasses.xml",
				       NULL, &c, &err),
		MP_OK);
	face_cascade_free(c);
	assert_int_equal(
		face_cascade_load_file("/nonexistent.xml", NULL, &c, &err),
		MP_ENOENT);
}

static void test_cascade_bad(void **state)
{
	size_t n;
	char *s = slurp(HAAR, &n), *e;

	if (s == NULL)
		skip();
	/* Truncated: XML syntax error with a line number. */
	expect_bad(s, n / 2, "XML error");
	expect_bad("", 0, "XML error");
	expect_bad("<opencv_storage><cascade/></opencv_storage>", 43,
		   "stageType");
	free(s);

	e = edited(HAAR, "<stageNum>25<", "<stageNum>26<", &n);
	expect_bad(e, n, "stageNum is 26 but there are 25 stages");
	free(e);
	e = edited(HAAR, "<maxWeakCount>9<", "<maxWeakCount>10<", &n);
	expect_bad(e, n, "maxWeakCount is 10 but there are 9");
	free(e);
	e = edited(HAAR, "<leafValues>", "<leafValues>1 ", &n);
	expect_bad(e, n, "3 leaf values for 1 node (expected 2)");
	free(e);
	e = edited(HAAR, "0 -1 0 -3.1511999666690826e-02",
		   "0 -1 99999 -3.1511999666690826e-02", &n);
	expect_bad(e, n, "uses feature 99999");
	free(e);
	e = edited(HAAR, "0 -1 0 -3.1511999666690826e-02",
		   "0 5 0 -3.1511999666690826e-02", &n);
	expect_bad(e, n, "points outside its tree");
	free(e);
	e = edited(HAAR, "6 4 12 9 -1.", "6 4 19 9 -1.", &n);
	expect_bad(e, n, "outside the 24x24 window");
	free(e);
	e = edited(HAAR, "opencv-cascade-classifier", "opencv-haar-classifier",
		   &n);
	expect_bad(e, n, "old-format");
	free(e);
	e = edited(HAAR, "<featureType>HAAR", "<featureType>HOG", &n);
	expect_bad(e, n, "HAAR or LBP");
	free(e);
}

/* Damaged cascades: cut anywhere, digits changed anywhere.  Each loads or
 * fails with a message; what loads is detected with, safely. */
static void test_cascade_mutations(void **state)
{
	size_t n;
	char *orig = slurp(LBP, &n), *buf;
	unsigned seed = 99;
	struct image *im;
	struct mp_error err;

	if (orig == NULL)
		skip();
	buf = malloc(n);
	assert_int_equal(image_new(120, 90, &im, &err), MP_OK);
	for (int i = 0; i < 120 * 90; i++)
		im->px[i] = (uint8_t)(i * 7 + i / 120);
	for (int i = 0; i < 60; i++) {
		struct face_cascade *c;
		size_t len = n;

		memcpy(buf, orig, n);
		seed = seed * 1103515245 + 12345;
		if (i % 2 == 0) {
			len = (seed >> 8) % n;
		} else {
			/* A digit somewhere in the numbers becomes another. */
			for (int f = 0; f < 4; f++) {
				size_t at = (seed >> 8) % n;

				seed = seed * 1103515245 + 12345;
				while (at < n &&
				       (buf[at] < '0' || buf[at] > '9'))
					at++;
				if (at < n)
					buf[at] =
						(char)('0' + (seed >> 24) % 10);
			}
		}
		if (face_cascade_load_buffer("m.xml", buf, len, NULL, &c,
					     &err) == MP_OK) {
			struct face_params p;
			struct face_box *b;
			size_t nb;

			face_params_default(&p);
			p.min_size = 24;
			p.min_neighbors = 0;
			assert_int_equal(face_detect(c, im, &p, &b, &nb, &err),
					 MP_OK);
			free(b);
			face_cascade_free(c);
		} else {
			assert_non_null(strstr(err.msg, "m.xml"));
		}
	}
	image_free(im);
	free(buf);
	free(orig);
}

static struct image *load_image(const char *path)
{
	size_t n;
	char *buf = slurp(path, &n);
	struct image *im;
	struct mp_error err;

	if (buf == NULL)
		return NULL;
	assert_int_equal(image_decode((uint8_t *)buf, n, 8192, &im, &err),
			 MP_OK);
	free(buf);
	return im;
}

/* OpenCV 4.6 finds exactly this box in messi5.jpg with scaleFactor 1.1,
 * minNeighbors 5, minSize 20 (tests/face-opencv.sh re-checks it live). */
static void test_detect_messi(void **state)
{
	struct face_cascade *c;
	struct image *im = load_image(MESSI);
	struct face_params p;
	struct face_box *b;
	size_t n;
	struct mp_error err;

	if (im == NULL || face_cascade_load_file(HAAR, NULL, &c, &err) != MP_OK)
		skip();
	face_params_default(&p);
	p.min_size = 20;
	assert_int_equal(face_detect(c, im, &p, &b, &n, &err), MP_OK);
	assert_int_equal(n, 1);
	assert_int_equal(b[0].x, 227);
	assert_int_equal(b[0].y, 94);
	assert_int_equal(b[0].w, 37);
	assert_int_equal(b[0].h, 37);
	assert_true(b[0].neighbors > 5);
	free(b);
	/* At the default minimum of 40 px the 37 px face is out of range. */
	p.min_size = 40;
	assert_int_equal(face_detect(c, im, &p, &b, &n, &err), MP_OK);
	assert_int_equal(n, 0);
	assert_null(b);
	image_free(im);
	face_cascade_free(c);
}

/* Nothing to find: flat grey, smooth gradients, noise, stripes. */
static void test_detect_negatives(void **state)
{
	struct face_cascade *c;
	struct face_params p;
	struct mp_error err;
	unsigned seed = 1;

	if (face_cascade_load_file(HAAR, NULL, &c, &err) != MP_OK)
		skip();
	face_params_default(&p);
	for (int kind = 0; kind < 4; kind++) {
		struct image *im;
		struct face_box *b;
		size_t n;

		assert_int_equal(image_new(320, 240, &im, &err), MP_OK);
		for (int y = 0; y < im->h; y++)
			for (int x = 0; x < im->w; x++) {
				int v = kind == 0   ? 128
					: kind == 1 ? (x + y) / 3
					: kind == 2
						? (int)((seed = seed * 1103515245 +
								12345) >>
							24)
						: ((x / 7) % 2) * 200;

				im->px[(size_t)y * im->stride + (size_t)x] =
					(uint8_t)v;
			}
		assert_int_equal(face_detect(c, im, &p, &b, &n, &err), MP_OK);
		assert_int_equal(n, 0);
		image_free(im);
	}
	face_cascade_free(c);
}

/* The vector path on several threads computes exactly what the plain C
 * path does on one: the same raw detections, in the same order, before
 * any grouping. */
static void test_vector_equals_reference(void **state)
{
	struct face_cascade *c;
	struct image *im = load_image(MESSI), *noise;
	struct face_params p;
	struct mp_error err;
	unsigned seed = 7;

	if (im == NULL || face_cascade_load_file(HAAR, NULL, &c, &err) != MP_OK)
		skip();
	assert_int_equal(image_new(331, 257, &noise, &err), MP_OK);
	for (int i = 0; i < 331 * 257; i++)
		noise->px[i] =
			(uint8_t)((seed = seed * 1103515245 + 12345) >> 24) /
				2 +
			64;
	face_params_default(&p);
	p.min_neighbors = 0;
	p.min_size = 20;
	for (int k = 0; k < 2; k++) {
		struct image *img = k == 0 ? im : noise;
		struct face_box *a, *b;
		size_t na, nb;

		p.reference = false;
		p.threads = 3;
		assert_int_equal(face_detect(c, img, &p, &a, &na, &err), MP_OK);
		p.reference = true;
		p.threads = 1;
		assert_int_equal(face_detect(c, img, &p, &b, &nb, &err), MP_OK);
		assert_int_equal(na, nb);
		if (na > 0)
			assert_memory_equal(a, b, na * sizeof(*a));
		if (k == 0)
			assert_true(na > 10);
		free(a);
		free(b);
	}
	image_free(noise);
	image_free(im);
	face_cascade_free(c);
}

/* The same with tilted features (haarcascade_smile), on the tilted
 * integral image. */
static void test_vector_equals_reference_tilted(void **state)
{
	struct face_cascade *c;
	struct image *im = load_image(MESSI);
	struct face_params p;
	struct face_box *a, *b;
	size_t na, nb;
	struct mp_error err;

	if (im == NULL ||
	    face_cascade_load_file(HAARCASCADES "haarcascade_smile.xml", NULL,
				   &c, &err) != MP_OK)
		skip();
	face_params_default(&p);
	p.min_neighbors = 0;
	p.min_size = 20;
	assert_int_equal(face_detect(c, im, &p, &a, &na, &err), MP_OK);
	p.reference = true;
	p.threads = 1;
	assert_int_equal(face_detect(c, im, &p, &b, &nb, &err), MP_OK);
	assert_int_equal(na, nb);
	assert_true(na > 10);
	assert_memory_equal(a, b, na * sizeof(*a));
	free(a);
	free(b);
	image_free(im);
	face_cascade_free(c);
}

static void test_group(void **state)
{
	struct face_box r[] = {
		{ 100, 100, 40, 40, 0 }, { 102, 101, 40, 40, 0 },
		{ 98, 99, 42, 42, 0 },   { 101, 100, 40, 40, 0 },
		{ 300, 10, 30, 30, 0 }, /* alone: dropped */
		{ 105, 105, 20, 20, 0 }, { 106, 105, 20, 20, 0 },
		{ 105, 106, 20, 20, 0 }, { 104, 105, 20, 20, 0 },
	};
	size_t n = face_group(r, sizeof(r) / sizeof(r[0]), 2, 0.2);

	/* The small cluster lies inside the big one, which has as many
	 * members (4 vs 4, both >= 3): both stay, as in OpenCV. */
	assert_int_equal(n, 2);
	assert_int_equal(r[0].x, 100);
	assert_int_equal(r[0].w, 40); /* 40.5 rounds to even */
	assert_int_equal(r[0].neighbors, 4);
	assert_int_equal(r[1].w, 20);
	assert_int_equal(face_group(r, 0, 2, 0.2), 0);
}

static void test_largest_iou(void **state)
{
	struct face_box b[] = { { 0, 0, 10, 10, 0 },
				{ 5, 0, 10, 10, 0 },
				{ 50, 50, 20, 20, 0 } };

	assert_ptr_equal(face_largest(b, 3), &b[2]);
	assert_null(face_largest(b, 0));
	assert_float_equal(face_iou(&b[0], &b[1]), 50.0 / 150.0, 1e-9);
	assert_float_equal(face_iou(&b[0], &b[2]), 0.0, 1e-9);
	assert_float_equal(face_iou(&b[2], &b[2]), 1.0, 1e-9);
}

static void test_crop(void **state)
{
	struct image *im, *out;
	struct face_crop_params cp;
	struct face_box b = { 10, 20, 48, 48, 0 };
	struct mp_error err;
	double x, y, side;

	assert_int_equal(image_new(100, 100, &im, &err), MP_OK);
	assert_int_equal(image_new(48, 48, &out, &err), MP_OK);
	for (int i = 0; i < 100 * 100; i++)
		im->px[i] = (uint8_t)(i % 100);
	face_crop_params_make(&cp, 1.0, 0.0, 0.0);
	face_crop(im, &b, &cp, out);
	/* Same size: a plain copy. */
	assert_int_equal(out->px[0], 10);
	assert_int_equal(out->px[47], 57);
	face_crop_params_make(&cp, 1.0, 0.1, 0.25);
	face_crop_rect(&b, &cp, &x, &y, &side);
	assert_float_equal(side, 72.0, 1e-9);
	assert_float_equal(x, 34 - 36.0, 1e-9);
	assert_float_equal(y, 44 + 7.2 - 36.0, 1e-9);
	/* A face smaller than the crop is enlarged bilinearly. */
	b = (struct face_box){ 0, 0, 24, 24, 0 };
	face_crop_params_make(&cp, 1.0, 0.0, 0.0);
	face_crop(im, &b, &cp, out);
	assert_int_equal(out->px[0], 0);
	assert_int_equal(out->px[2], 1);
	assert_int_equal(out->px[46], 23);
	image_free(out);
	image_free(im);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cascade_load),
		cmocka_unit_test(test_cascade_bad),
		cmocka_unit_test(test_cascade_mutations),
		cmocka_unit_test(test_detect_messi),
		cmocka_unit_test(test_detect_negatives),
		cmocka_unit_test(test_vector_equals_reference),
		cmocka_unit_test(test_vector_equals_reference_tilted),
		cmocka_unit_test(test_group),
		cmocka_unit_test(test_largest_iou),
		cmocka_unit_test(test_crop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
