/* moodplay - the mood history (mood-state.h) as a timeline: the records of
 * a span of time spread over buckets of equal length, for the Mood
 * screen's chart of the last day.  Pure functions, no I/O. */
#ifndef MOODPLAY_MOOD_TIMELINE_H
#define MOODPLAY_MOOD_TIMELINE_H

#include "mood/mood-state.h"

#include <stddef.h>

/* The runs that fell into one bucket and their mean mood. */
struct mood_timeline_bucket {
	unsigned runs;
	double valence, arousal; /* means, -1..1; 0 when runs is 0 */
};

/* The records of v[0..nv) with a time in [from, to) into out[0..n),
 * bucket 0 the oldest; the others are left out.  Every bucket is set. */
void mood_timeline(const struct mood_record *v, size_t nv, double from,
		   double to, struct mood_timeline_bucket *out, size_t n);

/* value (-1..1, clamped) on a scale of levels steps: 0 for -1 at the
 * bottom, levels - 1 for +1 at the top, rounded to the nearest. */
int mood_timeline_level(double value, int levels);

#endif
