/* moodplay tests - a JPEG whose frame header claims another size. */
#ifndef MOODPLAY_TEST_JPEG_HEADER_H
#define MOODPLAY_TEST_JPEG_HEADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Rewrites the width and height in the first SOF0-SOF2 frame header of
 * the JPEG b[0..n) (the data stays as it is: a header bomb when they are
 * large); false when there is no such header. */
static inline bool jpeg_claim_size(uint8_t *b, size_t n, unsigned w, unsigned h)
{
	size_t i = 2;

	while (i + 9 < n && !(b[i + 1] >= 0xC0 && b[i + 1] <= 0xC2))
		i += 2 + ((size_t)b[i + 2] << 8 | b[i + 3]);
	if (i + 9 >= n)
		return false;
	b[i + 5] = (uint8_t)(h >> 8);
	b[i + 6] = (uint8_t)(h & 0xFF);
	b[i + 7] = (uint8_t)(w >> 8);
	b[i + 8] = (uint8_t)(w & 0xFF);
	return true;
}

#endif
