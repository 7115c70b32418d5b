/* moodplay fuzz target - the match cache's decoder (mood_cache_decode);
 * what it accepts must encode back to the same bytes. */
#include "config.h"

#include "base/error.h"
#include "fuzz.h"
#include "mood/mood-cache.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mood_cache c;
	char *buf = malloc(size ? size : 1), *again = NULL;
	size_t len = 0;

	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	if (mood_cache_decode(buf, size, &c, NULL) != MP_OK)
		return 0;
	if (mood_cache_encode(&c, &again, &len, NULL) == MP_OK &&
	    (len != size || memcmp(again, data, size) != 0))
		abort();
	free(again);
	mood_cache_clear(&c);
	return 0;
}
