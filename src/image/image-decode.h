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
#include "image/image.h"

#include <stddef.h>
#include <stdint.h>

/* Decode a JPEG or PNG (recognised by content) to greyscale, upright:
 * a JPEG's EXIF orientation is applied.  max_dimension bounds width and
 * height (capture.max_dimension).  On success *out is the caller's to
 * image_free().  MP_EINVAL: not an image, corrupt, truncated; MP_ENOMEM:
 * over the size limit or out of memory. */
enum mp_status image_decode(const uint8_t *buf, size_t len, int max_dimension,
			    struct image **out, struct mp_error *err);

/* The EXIF orientation (1-8) of a JPEG, 1 when it has none. */
int image_exif_orientation(const uint8_t *buf, size_t len);

/* Length of the first complete JPEG (SOI ... EOI) at the start of buf, or 0
 * when buf does not start with one; how MJPEG bursts are split. */
size_t image_jpeg_length(const uint8_t *buf, size_t len);

#endif
