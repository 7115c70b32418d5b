/* moodplay fuzz target - the .mpm model loader (nn_model_new), and one
 * inference (the default kernel path) on whatever model loads. */
#include "config.h"

#include "error.h"
#include "fuzz.h"
#include "nn-model.h"
#include "nn-run.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mp_error err = { 0 };
	struct nn_model *m = NULL;
	struct nn_scratch *s = NULL;
	uint8_t *pixels;
	float *probs;
	size_t npix;

	if (nn_model_new(data, size, "fuzz.mpm", &m, &err) != MP_OK)
		return 0;
	npix = (size_t)nn_model_input_h(m) * nn_model_input_w(m);
	pixels = malloc(npix > 0 ? npix : 1);
	probs = calloc(nn_model_num_classes(m) + 1, sizeof(*probs));
	if (pixels != NULL && probs != NULL &&
	    nn_scratch_new(m, nn_isa_default(), &s, &err) == MP_OK) {
		/* A fixed, non-flat picture: a gradient. */
		for (size_t i = 0; i < npix; i++)
			pixels[i] = (uint8_t)(i * 7);
		(void)nn_classify(m, s, pixels, nn_model_flip_average(m) != 0,
				  probs);
		nn_scratch_free(s);
	}
	free(probs);
	free(pixels);
	nn_model_free(m);
	return 0;
}
