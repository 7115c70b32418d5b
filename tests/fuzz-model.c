/* moodplay fuzz target - the .mpm model loader (nn_model_new), and one
 * inference (the default kernel path) on whatever model loads.
 *
 * The header's file_size and crc32 fields (models/README.md) are set to
 * match each input before it is loaded, or almost every mutation would stop
 * at those two checks; tests/test-nn.c covers the checks themselves. */
#include "config.h"

#include "base/error.h"
#include "fuzz.h"
#include "nn/nn-model.h"
#include "nn/nn-run.h"

#include <stdlib.h>
#include <string.h>

#define FILE_SIZE_OFFSET 16
#define CRC_OFFSET 20

/* CRC-32 with the zlib polynomial, a byte at a time from a table made
 * once: the fix-up runs over every input, up to the full-size model's
 * 885 KB, and bit by bit it cost more than loading and running the model.
 * It is the harness, not the code under test: libFuzzer need not watch
 * its every comparison either. */
#if defined(__clang__)
__attribute__((no_sanitize("coverage")))
#endif
static uint32_t
crc32_update(uint32_t crc, const uint8_t *p, size_t n)
{
	static uint32_t table[256];

	if (table[1] == 0)
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = i;

			for (int k = 0; k < 8; k++)
				c = (c >> 1) ^ (0xEDB88320u & -(c & 1));
			table[i] = c;
		}
	crc = ~crc;
	while (n-- > 0)
		crc = table[(crc ^ *p++) & 0xFF] ^ (crc >> 8);
	return ~crc;
}

static void put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static enum mp_status load(const uint8_t *data, size_t size,
			   struct nn_model **m, struct mp_error *err)
{
	enum mp_status rc;
	uint8_t *copy;
	uint32_t crc;

	if (size < CRC_OFFSET + 4 || size > UINT32_MAX)
		return nn_model_new(data, size, "fuzz.mpm", m, err);
	copy = malloc(size);
	if (copy == NULL)
		return MP_ENOMEM;
	memcpy(copy, data, size);
	put_u32(copy + FILE_SIZE_OFFSET, (uint32_t)size);
	crc = crc32_update(0, copy, CRC_OFFSET);
	crc = crc32_update(crc, copy + CRC_OFFSET + 4, size - CRC_OFFSET - 4);
	put_u32(copy + CRC_OFFSET, crc);
	rc = nn_model_new(copy, size, "fuzz.mpm", m, err);
	free(copy);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mp_error err = { 0 };
	struct nn_model *m = NULL;
	struct nn_scratch *s = NULL;
	uint8_t *pixels;
	float *probs;
	size_t npix;

	if (load(data, size, &m, &err) != MP_OK)
		return 0;
	npix = (size_t)nn_model_info(m)->input_h * nn_model_info(m)->input_w;
	pixels = malloc(npix > 0 ? npix : 1);
	probs = calloc(nn_model_info(m)->num_classes + 1, sizeof(*probs));
	if (pixels != NULL && probs != NULL &&
	    nn_scratch_new(m, nn_isa_best(), &s, &err) == MP_OK) {
		/* A fixed, non-flat picture: a gradient. */
		for (size_t i = 0; i < npix; i++)
			pixels[i] = (uint8_t)(i * 7);
		(void)nn_classify(m, s, pixels,
				  nn_model_info(m)->flip_average != 0, probs);
		nn_scratch_free(s);
	}
	free(probs);
	free(pixels);
	nn_model_free(m);
	return 0;
}
