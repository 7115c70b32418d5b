/* moodplay fuzz target - splitting what a helper or an HTTP camera sends
 * into frames: back-to-back JPEGs (snapshot_split) and the JPEGs of a
 * multipart MJPEG stream (capture_mjpeg_frames, counted and then moved to
 * the front).  Checks the frames stay inside the input. */
#include "config.h"

#include "capture/capture.h"
#include "fuzz.h"
#include "image/image-decode.h"
#include "snapshot/snapshot.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t off[SNAPSHOT_MAX_FRAMES], lens[SNAPSHOT_MAX_FRAMES], n, total;
	uint8_t *copy;

	n = snapshot_split(data, size, off, lens, SNAPSHOT_MAX_FRAMES);
	for (size_t i = 0; i < n; i++)
		if (off[i] > size || lens[i] > size - off[i])
			abort();
	copy = malloc(size ? size : 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	n = capture_mjpeg_frames(copy, size, 30, NULL);
	if (capture_mjpeg_frames(copy, size, 30, &total) != n || total > size)
		abort();
	/* What is left at the front is n whole JPEGs back to back. */
	for (size_t i = 0, pos = 0; i < n; i++) {
		size_t l = image_jpeg_length(copy + pos, total - pos);

		if (l == 0)
			abort();
		pos += l;
	}
	free(copy);
	return 0;
}
