/* moodplay fuzz target - OpenCV cascade XML (face_cascade_load_buffer).
 * Needs libxml2 at run time (src/dynlib.c loads it). */
#include "config.h"

#include "base/error.h"
#include "face/face-cascade.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mp_error err = { 0 };
	struct face_cascade *c = NULL;
	int w, h;

	if (face_cascade_load_buffer("fuzz.xml", (const char *)data, size, NULL,
				     &c, &err) == MP_OK) {
		face_cascade_window(c, &w, &h);
		face_cascade_free(c);
	}
	return 0;
}
