/* moodplay - 8-bit greyscale images and their resamplers. */
#include "config.h"

#include "image/image.h"
#include "base/file.h"
#include "base/i18n.h"
#include "base/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <math.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum mp_status image_new(int w, int h, struct image **out, struct mp_error *err)
{
	struct image *im;

	*out = NULL;
	if (w <= 0 || h <= 0 || w > IMAGE_MAX_DIMENSION ||
	    h > IMAGE_MAX_DIMENSION)
		return mp_error_set(err, MP_EINVAL, _("bad image size %dx%d"),
				    w, h);
	im = xmalloc(sizeof(*im));
	im->w = w;
	im->h = h;
	im->stride = (size_t)w;
	im->px = malloc((size_t)w * (size_t)h);
	if (im->px == NULL) {
		free(im);
		return mp_error_set(err, MP_ENOMEM,
				    _("out of memory for a %dx%d image"), w, h);
	}
	*out = im;
	return MP_OK;
}

void image_free(struct image *im)
{
	if (im == NULL)
		return;
	free(im->px);
	free(im);
}

/* Fixed-point bits of the bilinear weights, as in OpenCV's bit-exact
 * resize (ufixedpoint16 coefficients). */
#define LIN_BITS 8
#define LIN_ONE (1 << LIN_BITS)

/* Source index and weight of the right/lower neighbour for each output
 * coordinate along one axis. */
static void linear_axis(int src_n, int dst_n, int *idx, int *wt)
{
	double scale = (double)src_n / dst_n;

	for (int i = 0; i < dst_n; i++) {
		double f = (i + 0.5) * scale - 0.5;
		int s = (int)floor(f);
		int w = (int)lrint((f - s) * LIN_ONE);

		if (w == LIN_ONE) {
			s++;
			w = 0;
		}
		if (s < 0) {
			s = 0;
			w = 0;
		}
		if (s >= src_n - 1) {
			s = src_n - 1;
			w = 0;
		}
		idx[i] = s;
		wt[i] = w;
	}
}

void image_resize_linear(const struct image *src, struct image *dst)
{
	int *xi = xreallocarray(NULL, (size_t)dst->w * 2 + (size_t)dst->h * 2,
				sizeof(int));
	int *xw = xi + dst->w, *yi = xw + dst->w, *yw = yi + dst->h;
	/* One row of horizontally interpolated values for each of the two
	 * source rows a destination row reads; reused while y advances. */
	uint32_t *rows =
		xreallocarray(NULL, (size_t)dst->w * 2, sizeof(uint32_t));
	uint32_t *r0 = rows, *r1 = rows + dst->w;
	int have0 = -1, have1 = -1;

	linear_axis(src->w, dst->w, xi, xw);
	linear_axis(src->h, dst->h, yi, yw);
	for (int y = 0; y < dst->h; y++) {
		int sy = yi[y], sy1 = sy + 1 < src->h ? sy + 1 : sy;
		uint8_t *out = dst->px + (size_t)y * dst->stride;

		if (have0 != sy) {
			if (have1 == sy) {
				uint32_t *t = r0;

				r0 = r1;
				r1 = t;
				have0 = sy;
				have1 = -1;
			} else {
				const uint8_t *s =
					src->px + (size_t)sy * src->stride;

				for (int x = 0; x < dst->w; x++) {
					int sx = xi[x],
					    sx1 = sx + 1 < src->w ? sx + 1 : sx;

					r0[x] = (uint32_t)(s[sx] * (LIN_ONE -
								    xw[x]) +
							   s[sx1] * xw[x]);
				}
				have0 = sy;
			}
		}
		if (yw[y] == 0) {
			for (int x = 0; x < dst->w; x++)
				out[x] = (uint8_t)((r0[x] * LIN_ONE +
						    (1u
						     << (2 * LIN_BITS - 1))) >>
						   (2 * LIN_BITS));
			continue;
		}
		if (have1 != sy1) {
			const uint8_t *s = src->px + (size_t)sy1 * src->stride;

			for (int x = 0; x < dst->w; x++) {
				int sx = xi[x],
				    sx1 = sx + 1 < src->w ? sx + 1 : sx;

				r1[x] = (uint32_t)(s[sx] * (LIN_ONE - xw[x]) +
						   s[sx1] * xw[x]);
			}
			have1 = sy1;
		}
		for (int x = 0; x < dst->w; x++) {
			uint32_t v = r0[x] * (uint32_t)(LIN_ONE - yw[y]) +
				     r1[x] * (uint32_t)yw[y];

			out[x] = (uint8_t)((v + (1u << (2 * LIN_BITS - 1))) >>
					   (2 * LIN_BITS));
		}
	}
	free(rows);
	free(xi);
}

/* The source pixels (clamped to the image) and weights covering output
 * cell i of an area resample along one axis: cell i spans
 * [start + i * step, start + (i + 1) * step). */
struct area_tap {
	int first, count; /* into the idx/wt arrays */
};

static void area_axis(double start, double len, int src_n, int dst_n,
		      struct area_tap *taps, int **idx, float **wt)
{
	double step = len / dst_n;
	size_t cap = 0, n = 0;

	*idx = NULL;
	*wt = NULL;
	for (int i = 0; i < dst_n; i++) {
		double a = start + i * step, b = a + step;
		long k0 = (long)floor(a), k1 = (long)ceil(b);

		taps[i].first = (int)n;
		for (long k = k0; k < k1; k++) {
			double lo = k > a ? (double)k : a;
			double hi = k + 1 < b ? (double)(k + 1) : b;
			long c = k < 0 ? 0 : k >= src_n ? src_n - 1 : k;

			if (hi <= lo)
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				*idx = xreallocarray(*idx, cap, sizeof(**idx));
				*wt = xreallocarray(*wt, cap, sizeof(**wt));
			}
			(*idx)[n] = (int)c;
			(*wt)[n] = (float)((hi - lo) / step);
			n++;
		}
		taps[i].count = (int)n - taps[i].first;
	}
}

void image_resample_area(const struct image *src, double x, double y, double w,
			 double h, struct image *dst)
{
	struct area_tap *xt = xreallocarray(NULL, (size_t)dst->w, sizeof(*xt));
	struct area_tap *yt = xreallocarray(NULL, (size_t)dst->h, sizeof(*yt));
	float *row = xreallocarray(NULL, (size_t)dst->w, sizeof(float));
	float *acc = xreallocarray(NULL, (size_t)dst->w, sizeof(float));
	int *xi, *yi;
	float *xw, *yw;

	area_axis(x, w, src->w, dst->w, xt, &xi, &xw);
	area_axis(y, h, src->h, dst->h, yt, &yi, &yw);
	for (int oy = 0; oy < dst->h; oy++) {
		memset(acc, 0, (size_t)dst->w * sizeof(float));
		for (int t = yt[oy].first; t < yt[oy].first + yt[oy].count;
		     t++) {
			const uint8_t *s =
				src->px + (size_t)yi[t] * src->stride;

			for (int ox = 0; ox < dst->w; ox++) {
				float v = 0;

				for (int u = xt[ox].first;
				     u < xt[ox].first + xt[ox].count; u++)
					v += xw[u] * s[xi[u]];
				row[ox] = v;
			}
			for (int ox = 0; ox < dst->w; ox++)
				acc[ox] += yw[t] * row[ox];
		}
		for (int ox = 0; ox < dst->w; ox++) {
			long v = lrintf(acc[ox]);

			dst->px[(size_t)oy * dst->stride + ox] =
				(uint8_t)(v < 0     ? 0
					  : v > 255 ? 255
						    : v);
		}
	}
	free(xi);
	free(xw);
	free(yi);
	free(yw);
	free(acc);
	free(row);
	free(yt);
	free(xt);
}

/* i clamped to 0..n-1: outside the image, the nearest edge pixel. */
static int clamp_index(int i, int n)
{
	return i < 0 ? 0 : i >= n ? n - 1 : i;
}

void image_resample_linear(const struct image *src, double x, double y,
			   double w, double h, struct image *dst)
{
	double sx = w / dst->w, sy = h / dst->h;

	for (int oy = 0; oy < dst->h; oy++) {
		double fy = y + (oy + 0.5) * sy - 0.5;
		int y0 = (int)floor(fy);
		double wy = fy - y0;
		int ya = clamp_index(y0, src->h),
		    yb = clamp_index(y0 + 1, src->h);
		const uint8_t *ra = src->px + (size_t)ya * src->stride;
		const uint8_t *rb = src->px + (size_t)yb * src->stride;

		for (int ox = 0; ox < dst->w; ox++) {
			double fx = x + (ox + 0.5) * sx - 0.5;
			int x0 = (int)floor(fx);
			double wx = fx - x0;
			int xa = clamp_index(x0, src->w);
			int xb = clamp_index(x0 + 1, src->w);
			double v =
				(1 - wy) * ((1 - wx) * ra[xa] + wx * ra[xb]) +
				wy * ((1 - wx) * rb[xa] + wx * rb[xb]);

			dst->px[(size_t)oy * dst->stride + ox] =
				(uint8_t)lrint(v);
		}
	}
}

static enum mp_status save_pgm(const struct image *im, FILE *f,
			       const char *path, struct mp_error *err)
{
	bool ok;

	ok = fprintf(f, "P5\n%d %d\n255\n", im->w, im->h) > 0;
	for (int y = 0; ok && y < im->h; y++)
		ok = fwrite(im->px + (size_t)y * im->stride, 1, (size_t)im->w,
			    f) == (size_t)im->w;
	return file_close(f, ok, path, NULL, err);
}

enum mp_status image_save(const struct image *im, const char *path,
			  struct mp_error *err)
{
	size_t n = strlen(path);
	png_image png;
	FILE *f = file_create_private(path, err);
	bool ok;

	if (f == NULL)
		return MP_ERR;
	if (n >= 4 && strcmp(path + n - 4, ".pgm") == 0)
		return save_pgm(im, f, path, err);
	memset(&png, 0, sizeof(png));
	png.version = PNG_IMAGE_VERSION;
	png.width = (png_uint_32)im->w;
	png.height = (png_uint_32)im->h;
	png.format = PNG_FORMAT_GRAY;
	ok = png_image_write_to_stdio(&png, f, 0, im->px,
				      (png_int_32)im->stride, NULL);
	return file_close(f, ok, path, png.message, err);
}
