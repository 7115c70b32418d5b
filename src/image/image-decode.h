/* moodplay - decoding snapshots (JPEG, PNG) into greyscale images.
 *
 * Decoders take bytes, never files, so captures, tests and fuzzers feed
 * them alike.  Every failure is a return value: libjpeg and libpng errors
 * are caught, truncated data is refused rather than padded with grey, and
 * an image over the size limit is refused from its header, before any
 * pixel memory is allocated. */
#ifndef MOODPLAY_IMAGE_DECODE_H
#define MOODPLAY_IMAGE_DECODE_H

#include "base/error.h"
#include "base/stop.h"
#include "image/image.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bounds on one decode.  Work is bounded, not just memory: a small file
 * whose header claims a huge image is reduced while it is decoded (JPEG by
 * libjpeg's DCT scaling, which skips most of the inverse transform; PNG by
 * averaging blocks of rows as they are inflated), refused when it covers
 * more pixels than allowed, and stopped by stop between rows. */
struct image_limits {
	int max_dimension;       /* largest width or height in the file */
	int max_side;            /* the result's largest side, 0: full size.  A
			    * JPEG gets the largest scale n/8 that fits, a
			    * PNG the smallest whole divisor */
	size_t max_pixels;       /* width x height in the file, 0: no limit */
	const struct stop *stop; /* may be NULL */
};

/* Decode under limits; otherwise as image_decode().  MP_ENOMEM over a
 * limit, MP_ETIMEDOUT or MP_ERR when stop said so. */
enum mp_status image_decode_limited(const uint8_t *buf, size_t len,
				    const struct image_limits *lim,
				    struct image **out, struct mp_error *err);

/* Decode a JPEG or PNG (recognised by content) to greyscale, upright:
 * a JPEG's EXIF orientation is applied.  max_dimension bounds width and
 * height (capture.max_dimension).  On success *out is the caller's to
 * image_free().  MP_EINVAL: not an image, corrupt, truncated; MP_ENOMEM:
 * over the size limit or out of memory. */
enum mp_status image_decode(const uint8_t *buf, size_t len, int max_dimension,
			    struct image **out, struct mp_error *err);

/* Width and height a JPEG's or PNG's header states, without decoding;
 * false when buf is neither or the header is cut short. */
bool image_probe(const uint8_t *buf, size_t len, unsigned *w, unsigned *h);

/* The EXIF orientation (1-8) of a JPEG, 1 when it has none. */
int image_exif_orientation(const uint8_t *buf, size_t len);

/* Length of the first complete JPEG (SOI ... EOI) at the start of buf, or 0
 * when buf does not start with one; how MJPEG bursts are split. */
size_t image_jpeg_length(const uint8_t *buf, size_t len);

#endif
