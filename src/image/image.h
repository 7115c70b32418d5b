/* moodplay - 8-bit greyscale images: the one pixel format the face detector
 * and the expression model work on, with the two resamplers they need.
 *
 * struct image is plain data: px holds h rows of stride bytes, of which the
 * first w are pixels.  image_new() gives an image to release with
 * image_free(); nothing else owns pixels. */
#ifndef MOODPLAY_IMAGE_H
#define MOODPLAY_IMAGE_H

#include "base/error.h"

#include <stddef.h>
#include <stdint.h>

struct image {
	int w, h;
	size_t stride;
	uint8_t *px;
};

/* Largest width or height any image may have, whatever the configuration
 * says: keeps w * h * 4 well inside size_t and int arithmetic. */
#define IMAGE_MAX_DIMENSION 65535

/* A w x h image with undefined pixels; MP_ENOMEM (with a message) when the
 * memory is not there, MP_EINVAL for a size <= 0 or over the maximum. */
enum mp_status image_new(int w, int h, struct image **out,
			 struct mp_error *err);
void image_free(struct image *im);

/* Bilinear resize of src to dst's size with OpenCV's pixel-centre
 * convention and 8-bit fixed-point weights, as cv::resize(INTER_LINEAR_EXACT)
 * does; used for the detector's image pyramid so its windows see the same
 * pixels OpenCV's would. */
void image_resize_linear(const struct image *src, struct image *dst);

/* Area-average the rectangle (x, y, w, h) of src (in pixels, fractional,
 * may extend past the edges, which are replicated) into all of dst: every
 * output pixel is the exact mean of the source area it covers.  This is the
 * resampling the expression model's 48x48 crops are made with. */
void image_resample_area(const struct image *src, double x, double y, double w,
			 double h, struct image *dst);

/* Bilinear samples of the rectangle (x, y, w, h) of src into all of dst
 * (pixel centres aligned, edges replicated): for enlarging small crops. */
void image_resample_linear(const struct image *src, double x, double y,
			   double w, double h, struct image *dst);

/* Write im as binary PGM (name ending in ".pgm") or PNG (anything else). */
enum mp_status image_save(const struct image *im, const char *path,
			  struct mp_error *err);

#endif
