/* moodplay tests - where the project's shared data is: $MOODPLAY_SHARED_DATA
 * (set by make check, also under make distcheck), else ../shared/data beside
 * the checkout.  A clone without it skips the tests that need it. */
#ifndef MOODPLAY_TEST_SHARED_DATA_H
#define MOODPLAY_TEST_SHARED_DATA_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* rel inside the shared data directory; a static buffer. */
static inline const char *shared_data(const char *rel)
{
	static char path[4096];
	const char *dir = getenv("MOODPLAY_SHARED_DATA");

	snprintf(path, sizeof(path), "%s/%s",
		 dir != NULL ? dir : TOP_SRCDIR "/../shared/data", rel);
	return path;
}

/* NULL when rel is readable in the shared data, else the one-line reason to
 * skip (a static buffer).  .ci/run looks for "no shared data" in the logs. */
static inline const char *shared_data_absent(const char *rel)
{
	static char why[4200];
	const char *path = shared_data(rel);

	if (access(path, R_OK) == 0)
		return NULL;
	snprintf(why, sizeof(why), "no shared data: %s is missing", path);
	return why;
}

/* In a cmocka test: skip it, saying why as a TAP comment, when rel is absent.
 * Call it before anything is allocated. */
#define SKIP_WITHOUT_SHARED_DATA(rel)                                  \
	do {                                                           \
		const char *why_ = shared_data_absent(rel);            \
		if (why_ != NULL) {                                    \
			printf("# SKIP %s\n", why_);                   \
			fflush(stdout);                                \
			skip();                                        \
		}                                                      \
	} while (0)

#endif
