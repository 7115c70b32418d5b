/* moodplay - tests for image decoding and resampling (src/image*.c): real
 * JPEGs and PNGs made with libjpeg and libpng, then damaged. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jpeglib.h>
#include <png.h>

#include "image/image-decode.h"
#include "image/image.h"

#define W 64
#define H 48

/* A recognisable test picture: horizontal ramp plus a bright square whose
 * position tells orientation apart. */
static uint8_t pattern(int x, int y)
{
	if (x < 12 && y < 8)
		return 250;
	return (uint8_t)(x * 3);
}

static uint8_t *make_jpeg_mode(int w, int h, int comps, bool progressive,
			       size_t *len)
{
	struct jpeg_compress_struct ci;
	struct jpeg_error_mgr jerr;
	unsigned char *out = NULL;
	unsigned long n = 0;
	uint8_t *row = malloc((size_t)w * (size_t)comps);

	ci.err = jpeg_std_error(&jerr);
	jpeg_create_compress(&ci);
	jpeg_mem_dest(&ci, &out, &n);
	ci.image_width = (JDIMENSION)w;
	ci.image_height = (JDIMENSION)h;
	ci.input_components = comps;
	ci.in_color_space = comps == 1 ? JCS_GRAYSCALE : JCS_RGB;
	jpeg_set_defaults(&ci);
	jpeg_set_quality(&ci, 100, TRUE);
	if (progressive)
		jpeg_simple_progression(&ci);
	jpeg_start_compress(&ci, TRUE);
	while (ci.next_scanline < ci.image_height) {
		for (int x = 0; x < w; x++)
			for (int c = 0; c < comps; c++)
				row[x * comps + c] =
					pattern(x, (int)ci.next_scanline);
		jpeg_write_scanlines(&ci, &row, 1);
	}
	jpeg_finish_compress(&ci);
	jpeg_destroy_compress(&ci);
	free(row);
	*len = n;
	return out;
}

static uint8_t *make_jpeg(int w, int h, int comps, size_t *len)
{
	return make_jpeg_mode(w, h, comps, false, len);
}

/* Insert an APP1 EXIF segment with the given orientation after SOI. */
static uint8_t *with_exif(const uint8_t *jpg, size_t len, int orientation,
			  bool little_endian, size_t *out_len)
{
	uint8_t tiff[26];
	uint8_t *o = malloc(len + 2 + 2 + 6 + sizeof(tiff));
	size_t seg = 2 + 6 + sizeof(tiff), k = 0;

	if (little_endian) {
		const uint8_t t[26] = { 'I',
					'I',
					42,
					0,
					8,
					0,
					0,
					0,
					1,
					0,
					0x12,
					0x01,
					3,
					0,
					1,
					0,
					0,
					0,
					(uint8_t)orientation,
					0,
					0,
					0,
					0,
					0,
					0,
					0 };
		memcpy(tiff, t, sizeof(t));
	} else {
		const uint8_t t[26] = {
			'M',  'M',  0, 42, 0, 0, 0, 8, 0, 1,
			0x01, 0x12, 0, 3,  0, 0, 0, 1, 0, (uint8_t)orientation,
			0,    0,    0, 0,  0, 0
		};
		memcpy(tiff, t, sizeof(t));
	}
	o[k++] = 0xFF;
	o[k++] = 0xD8;
	o[k++] = 0xFF;
	o[k++] = 0xE1;
	o[k++] = (uint8_t)(seg >> 8);
	o[k++] = (uint8_t)seg;
	memcpy(o + k, "Exif\0\0", 6);
	k += 6;
	memcpy(o + k, tiff, sizeof(tiff));
	k += sizeof(tiff);
	memcpy(o + k, jpg + 2, len - 2);
	*out_len = k + len - 2;
	return o;
}

static int px(const struct image *im, int x, int y)
{
	return im->px[(size_t)y * im->stride + (size_t)x];
}

static void test_jpeg_grey_and_rgb(void **state)
{
	for (int comps = 1; comps <= 3; comps += 2) {
		size_t len;
		uint8_t *j = make_jpeg(W, H, comps, &len);
		struct image *im;
		struct mp_error err;

		assert_int_equal(image_decode(j, len, 8192, &im, &err), MP_OK);
		assert_int_equal(im->w, W);
		assert_int_equal(im->h, H);
		assert_in_range(px(im, 2, 2), 240, 255);
		assert_in_range(px(im, 40, 30), 110, 130);
		image_free(im);
		free(j);
	}
}

static void test_jpeg_truncated(void **state)
{
	size_t len;
	uint8_t *j = make_jpeg(W, H, 3, &len);
	struct image *im = (struct image *)1;
	struct mp_error err;

	/* Every cut, from the header to just before EOI, is an error. */
	for (size_t cut = 1; cut < len - 2; cut += 37) {
		assert_int_equal(image_decode(j, cut, 8192, &im, &err),
				 MP_EINVAL);
		assert_null(im);
	}
	assert_non_null(strstr(err.msg, "JPEG"));
	free(j);
}

static void test_jpeg_corrupt(void **state)
{
	size_t len;
	uint8_t *j = make_jpeg(W, H, 3, &len);
	struct image *im;
	struct mp_error err;

	/* Garbage instead of the quantisation tables and frame header. */
	for (size_t i = 20; i < 200 && i < len; i++)
		j[i] = (uint8_t)(i * 7);
	assert_int_not_equal(image_decode(j, len, 8192, &im, &err), MP_OK);
	assert_null(im);
	free(j);
}

/* Make the JPEG's frame header (marker 0xC0 baseline, 0xC2 progressive)
 * claim size x size pixels. */
static void claim_size(uint8_t *j, size_t len, uint8_t marker, unsigned size)
{
	for (size_t i = 2; i + 9 < len; i++)
		if (j[i] == 0xFF && j[i + 1] == marker) {
			j[i + 5] = size >> 8;
			j[i + 6] = size & 0xFF;
			j[i + 7] = size >> 8;
			j[i + 8] = size & 0xFF;
			return;
		}
	fail_msg("no frame header 0xFF%02X in the JPEG", marker);
}

/* A header claiming 60000x60000 is refused before any pixel memory. */
static void test_jpeg_huge_header(void **state)
{
	size_t len;
	uint8_t *j = make_jpeg(W, H, 1, &len);
	struct image *im;
	struct mp_error err;

	claim_size(j, len, 0xC0, 60000);
	assert_int_equal(image_decode(j, len, 8192, &im, &err), MP_ENOMEM);
	assert_non_null(strstr(err.msg, "60000x60000"));
	/* The configurable limit applies to ordinary sizes too. */
	free(j);
	j = make_jpeg(W, H, 1, &len);
	assert_int_equal(image_decode(j, len, 32, &im, &err), MP_ENOMEM);
	free(j);
}

/* A progressive JPEG claiming 12000x12000 would need 400 MiB of
 * coefficient buffers: refused, even with the size limit raised. */
static void test_jpeg_progressive_memory(void **state)
{
	size_t len;
	uint8_t *j = make_jpeg_mode(W, H, 3, true, &len);
	struct image *im;
	struct mp_error err;

	assert_int_equal(image_decode(j, len, 8192, &im, &err), MP_OK);
	image_free(im);
	claim_size(j, len, 0xC2, 12000);
	assert_int_equal(image_decode(j, len, 20000, &im, &err), MP_ENOMEM);
	assert_non_null(strstr(err.msg, "MiB to decode"));
	free(j);
}

static void test_not_an_image(void **state)
{
	struct image *im;
	struct mp_error err;
	const uint8_t text[] = "<html>404 Not Found</html>";

	assert_int_equal(image_decode(text, 0, 8192, &im, &err), MP_EINVAL);
	assert_non_null(strstr(err.msg, "0 bytes"));
	assert_int_equal(image_decode(text, sizeof(text), 8192, &im, &err),
			 MP_EINVAL);
	assert_non_null(strstr(err.msg, "not a JPEG or PNG"));
}

static void test_exif_orientation(void **state)
{
	size_t len, elen;
	uint8_t *j = make_jpeg(W, H, 1, &len);

	assert_int_equal(image_exif_orientation(j, len), 1);
	for (int le = 0; le < 2; le++)
		for (int o = 1; o <= 8; o++) {
			uint8_t *e = with_exif(j, len, o, le, &elen);
			struct image *im;
			struct mp_error err;
			bool swap = o >= 5;
			/* Where the bright corner square ends up. */
			static const int corner[9][2] = {
				{ 0, 0 }, { 0, 0 }, { 1, 0 },
				{ 1, 1 }, { 0, 1 }, { 0, 0 },
				{ 1, 0 }, { 1, 1 }, { 0, 1 },
			};
			int cx, cy;

			assert_int_equal(image_exif_orientation(e, elen), o);
			assert_int_equal(image_decode(e, elen, 8192, &im, &err),
					 MP_OK);
			assert_int_equal(im->w, swap ? H : W);
			assert_int_equal(im->h, swap ? W : H);
			cx = corner[o][0] ? im->w - 3 : 2;
			cy = corner[o][1] ? im->h - 3 : 2;
			assert_in_range(px(im, cx, cy), 240, 255);
			image_free(im);
			free(e);
		}
	free(j);
}

static uint8_t *make_png(int w, int h, bool rgb, size_t *len)
{
	png_image p;
	uint8_t *pix = malloc((size_t)w * (size_t)h * 3);
	png_alloc_size_t n = 0;
	uint8_t *out;

	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			uint8_t *q = pix + ((size_t)y * (size_t)w + (size_t)x) *
						   (rgb ? 3 : 1);

			q[0] = pattern(x, y);
			if (rgb) {
				q[1] = 0;
				q[2] = 0;
			}
		}
	memset(&p, 0, sizeof(p));
	p.version = PNG_IMAGE_VERSION;
	p.width = (png_uint_32)w;
	p.height = (png_uint_32)h;
	p.format = rgb ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
	assert_true(png_image_write_to_memory(&p, NULL, &n, 0, pix, 0, NULL));
	out = malloc(n);
	assert_true(png_image_write_to_memory(&p, out, &n, 0, pix, 0, NULL));
	free(pix);
	*len = n;
	return out;
}

static void test_png(void **state)
{
	size_t len;
	uint8_t *p = make_png(W, H, false, &len);
	struct image *im;
	struct mp_error err;

	assert_int_equal(image_decode(p, len, 8192, &im, &err), MP_OK);
	assert_int_equal(px(im, 2, 2), 250);
	assert_int_equal(px(im, 40, 30), 120);
	image_free(im);
	assert_int_equal(image_decode(p, len - 20, 8192, &im, &err), MP_EINVAL);
	free(p);
	/* Pure red: BT.601 luma, (250 * 4899 + 8192) >> 14 = 75. */
	p = make_png(W, H, true, &len);
	assert_int_equal(image_decode(p, len, 8192, &im, &err), MP_OK);
	assert_int_equal(px(im, 2, 2), 75);
	image_free(im);
	assert_int_equal(image_decode(p, len, 40, &im, &err), MP_ENOMEM);
	free(p);
}

static bool always(void *ud)
{
	(void)ud;
	return true;
}

/* Decoding under limits: reduced while decoded (JPEG by DCT scaling, PNG
 * by averaging blocks), refused over the pixels left, stopped by a
 * deadline or a cancel. */
static void test_decode_limited(void **state)
{
	size_t len;
	uint8_t *j = make_jpeg(W, H, 1, &len), *p;
	struct image_limits lim = { 8192, 16, SIZE_MAX, NULL };
	struct image *im;
	struct mp_error err;
	struct stop stop;
	unsigned w, h;

	assert_true(image_probe(j, len, &w, &h));
	assert_int_equal(w, W);
	assert_int_equal(h, H);
	/* 64x48 within 16 a side: scale 2/8. */
	assert_int_equal(image_decode_limited(j, len, &lim, &im, &err), MP_OK);
	assert_int_equal(im->w, 16);
	assert_int_equal(im->h, 12);
	assert_true(px(im, 1, 1) > 200); /* the bright corner survives */
	image_free(im);
	lim.max_pixels = W * H - 1;
	assert_int_equal(image_decode_limited(j, len, &lim, &im, &err),
			 MP_ENOMEM);
	assert_non_null(strstr(err.msg, "pixels left"));
	lim.max_pixels = SIZE_MAX;
	stop_init(&stop, 0, NULL, always, NULL);
	lim.stop = &stop;
	assert_int_equal(image_decode_limited(j, len, &lim, &im, &err), MP_ERR);
	assert_string_equal(err.msg, "cancelled");
	stop_init(&stop, 0.001, "capture.timeout", NULL, NULL);
	stop.deadline_ms -= 1000;
	assert_int_equal(image_decode_limited(j, len, &lim, &im, &err),
			 MP_ETIMEDOUT);
	lim.stop = NULL;
	free(j);

	p = make_png(W, H, false, &len);
	assert_true(image_probe(p, len, &w, &h));
	assert_int_equal(w, W);
	/* 64x48 averaged 4x4: the corner square, then a ramp block whose
	 * mean is (120 + 123 + 126 + 129) / 4 = 124.5, rounded up. */
	assert_int_equal(image_decode_limited(p, len, &lim, &im, &err), MP_OK);
	assert_int_equal(im->w, 16);
	assert_int_equal(im->h, 12);
	assert_int_equal(px(im, 0, 0), 250);
	assert_int_equal(px(im, 10, 7), 125);
	image_free(im);
	/* Not a whole divisor: the edge blocks are averaged over what
	 * they have. */
	lim.max_side = 30;
	assert_int_equal(image_decode_limited(p, len, &lim, &im, &err), MP_OK);
	assert_int_equal(im->w, 22);
	assert_int_equal(im->h, 16);
	assert_int_equal(px(im, 21, 15), (63 * 3));
	image_free(im);
	free(p);
}

/* A JPEG whose header claims 8000x8000 over 3 KB of data: reduced to
 * 1000x1000 while decoded, it fails as truncated after little work
 * instead of allocating and filling 64 MB. */
static void test_jpeg_header_bomb(void **state)
{
	size_t len;
	uint8_t *j = make_jpeg(W, H, 1, &len);
	struct image_limits lim = { 8192, 1280, SIZE_MAX, NULL };
	struct image *im;
	struct mp_error err;
	unsigned w, h;

	for (size_t i = 2; i + 9 < len; i++)
		if (j[i] == 0xFF && j[i + 1] == 0xC0) {
			j[i + 5] = 8000 >> 8;
			j[i + 6] = 8000 & 0xFF;
			j[i + 7] = 8000 >> 8;
			j[i + 8] = 8000 & 0xFF;
			break;
		}
	assert_true(image_probe(j, len, &w, &h));
	assert_int_equal(w, 8000);
	assert_int_equal(image_decode_limited(j, len, &lim, &im, &err),
			 MP_EINVAL);
	assert_non_null(strstr(err.msg, "bad JPEG"));
	free(j);
}

/* Back-to-back JPEGs (an MJPEG burst) split at each EOI. */
static void test_jpeg_length(void **state)
{
	size_t a, b;
	uint8_t *j1 = make_jpeg(W, H, 3, &a), *j2 = make_jpeg(32, 16, 1, &b);
	uint8_t *burst = malloc(a + b);

	memcpy(burst, j1, a);
	memcpy(burst + a, j2, b);
	assert_int_equal(image_jpeg_length(burst, a + b), a);
	assert_int_equal(image_jpeg_length(burst + a, b), b);
	assert_int_equal(image_jpeg_length(burst, a - 1), 0);
	assert_int_equal(image_jpeg_length((const uint8_t *)"GIF89a", 6), 0);
	free(burst);
	free(j1);
	free(j2);
}

/* Damaged files, many of them: every decode either succeeds or fails
 * with a message; under AddressSanitizer any bad read is a failure. */
static void test_mutations(void **state)
{
	size_t jlen, plen;
	uint8_t *jpg = make_jpeg(W, H, 3, &jlen),
		*png = make_png(W, H, true, &plen);
	unsigned seed = 12345;

	for (int k = 0; k < 2; k++) {
		const uint8_t *orig = k == 0 ? jpg : png;
		size_t len = k == 0 ? jlen : plen;
		uint8_t *buf = malloc(len);

		for (int i = 0; i < 400; i++) {
			struct image *im;
			struct mp_error err;
			int flips = 1 + i % 8;

			memcpy(buf, orig, len);
			for (int f = 0; f < flips; f++) {
				seed = seed * 1103515245 + 12345;
				buf[(seed >> 8) % len] = (uint8_t)(seed >> 24);
			}
			seed = seed * 1103515245 + 12345;
			if (image_decode(buf,
					 i % 3 == 0 ? (seed >> 8) % len + 1
						    : len,
					 8192, &im, &err) == MP_OK)
				image_free(im);
			else
				assert_true(err.msg[0] != '\0');
		}
		free(buf);
	}
	free(jpg);
	free(png);
}

static void test_resample_area(void **state)
{
	struct image *src, *dst;
	struct mp_error err;

	assert_int_equal(image_new(4, 4, &src, &err), MP_OK);
	assert_int_equal(image_new(2, 2, &dst, &err), MP_OK);
	for (int i = 0; i < 16; i++)
		src->px[i] = (uint8_t)(i * 10);
	/* Each output pixel is the mean of a 2x2 block. */
	image_resample_area(src, 0, 0, 4, 4, dst);
	assert_int_equal(dst->px[0], (0 + 10 + 40 + 50) / 4);
	assert_int_equal(dst->px[3], (100 + 110 + 140 + 150) / 4);
	/* Outside the image the edges repeat. */
	image_resample_area(src, -4, -4, 4, 4, dst);
	assert_int_equal(dst->px[0], 0);
	assert_int_equal(dst->px[3], 0);
	image_resample_area(src, 4, 4, 4, 4, dst);
	assert_int_equal(dst->px[0], 150);
	image_free(dst);
	assert_int_equal(image_new(0, 5, &dst, &err), MP_EINVAL);
	image_free(src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jpeg_grey_and_rgb),
		cmocka_unit_test(test_jpeg_truncated),
		cmocka_unit_test(test_jpeg_corrupt),
		cmocka_unit_test(test_jpeg_huge_header),
		cmocka_unit_test(test_jpeg_progressive_memory),
		cmocka_unit_test(test_not_an_image),
		cmocka_unit_test(test_exif_orientation),
		cmocka_unit_test(test_png),
		cmocka_unit_test(test_decode_limited),
		cmocka_unit_test(test_jpeg_header_bomb),
		cmocka_unit_test(test_jpeg_length),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_resample_area),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
