/* moodplay fuzz target - JPEG/PNG decoding (image_decode) with the size limit
 * a default configuration applies (capture.max_dimension), plus the EXIF and
 * JPEG-length scanners the capture sources use. */
#include "config.h"

#include "conf/conf.h"
#include "base/error.h"
#include "fuzz.h"
#include "image/image-decode.h"
#include "image/image.h"

static int max_dimension(void)
{
	static int dim;

	if (dim == 0) {
		struct conf *c = conf_new();

		dim = c != NULL ? c->capture.max_dimension : 8192;
		conf_free(c);
	}
	return dim;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mp_error err = { 0 };
	struct image *im = NULL;

	(void)image_exif_orientation(data, size);
	(void)image_jpeg_length(data, size);
	if (image_decode(data, size, max_dimension(), &im, &err) == MP_OK)
		image_free(im);
	return 0;
}
