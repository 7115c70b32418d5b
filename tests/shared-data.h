/* moodplay tests - where the project's shared data is: $MOODPLAY_SHARED_DATA
 * (set by make check, also under make distcheck), else ../shared/data beside
 * the checkout. */
#ifndef MOODPLAY_TEST_SHARED_DATA_H
#define MOODPLAY_TEST_SHARED_DATA_H

#include <stdio.h>
#include <stdlib.h>

/* rel inside the shared data directory; a static buffer. */
static inline const char *shared_data(const char *rel)
{
	static char path[4096];
	const char *dir = getenv("MOODPLAY_SHARED_DATA");

	snprintf(path, sizeof(path), "%s/%s",
		 dir != NULL ? dir : TOP_SRCDIR "/../shared/data", rel);
	return path;
}

#endif
