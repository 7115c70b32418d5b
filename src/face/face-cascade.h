/* moodplay - OpenCV cascade classifiers (Haar and LBP .xml files, as shipped
 * in Debian's opencv-data) read with libxml2 into a compact form the
 * detector (face-detect.h) evaluates.
 *
 * Supported: the "opencv-cascade-classifier" format with BOOST stages,
 * HAAR (upright and tilted rectangles) or LBP features, stumps or deeper
 * trees.  Old "opencv-haar-classifier" files are refused with a message
 * saying so.  Every count and index is checked, so a truncated or
 * inconsistent file is an error, never an out-of-bounds read later. */
#ifndef MOODPLAY_FACE_CASCADE_H
#define MOODPLAY_FACE_CASCADE_H

#include "base/error.h"
#include "base/stop.h"

#include <stddef.h>

struct face_cascade;

/* Parse len bytes of XML; name is only used in messages.  *out is the
 * caller's to face_cascade_free().  MP_EINVAL for anything wrong with the
 * content, with "NAME: ..." (and a line number for XML syntax errors);
 * MP_ERR when libxml2 cannot be loaded (dynlib_xml()).  stop (may be NULL)
 * is checked every 64 KiB of XML and every stage: its MP_ERR (cancelled)
 * or MP_ETIMEDOUT ends the load. */
enum mp_status face_cascade_load_buffer(const char *name, const char *buf,
					size_t len, const struct stop *stop,
					struct face_cascade **out,
					struct mp_error *err);

/* face_cascade_load_buffer() on a file (at most 64 MiB); MP_ENOENT when it
 * does not exist. */
enum mp_status face_cascade_load_file(const char *path, const struct stop *stop,
				      struct face_cascade **out,
				      struct mp_error *err);

void face_cascade_free(struct face_cascade *c);

/* Detection window size the cascade was trained for (24x24 for OpenCV's
 * frontal face cascades). */
void face_cascade_window(const struct face_cascade *c, int *w, int *h);

#endif
