/* moodplay - when a long computation must stop: at a deadline on the
 * monotonic clock, or when its caller asks (the TUI's q, a signal).
 * Decoders and the face detector check one between rows, so a capture
 * ends within its capture.timeout and a cancel is seen within
 * milliseconds. */
#ifndef MOODPLAY_STOP_H
#define MOODPLAY_STOP_H

#include "base/error.h"

#include <stdbool.h>

struct stop {
	long long deadline_ms;    /* clock_ms() value; 0: no deadline */
	bool (*cancel)(void *ud); /* NULL: never cancelled */
	void *ud;
	const char *what; /* names the limit in the timeout message, e.g.
			   * "capture.timeout"; NULL: no name */
	double timeout_s; /* the limit's value, for the message */
};

/* A stop at now + timeout_s (no deadline when timeout_s <= 0), with an
 * optional cancel hook; what names the setting for messages. */
void stop_init(struct stop *s, double timeout_s, const char *what,
	       bool (*cancel)(void *ud), void *ud);

/* MP_OK to go on (s may be NULL: never stop); MP_ETIMEDOUT past the
 * deadline; MP_ERR when cancelled.  err (may be NULL) says which. */
enum mp_status stop_check(const struct stop *s, struct mp_error *err);

#endif
