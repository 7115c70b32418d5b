/* moodplay - continuous mode (mood.auto_interval): a capture every few
 * minutes re-plans the songs after the playing one only when the smoothed
 * mood moved far enough from the mood the queue was last planned for
 * (mood.auto_distance), so a face that stays the same does not reshuffle
 * the queue at every capture.  Pure functions, no I/O. */
#ifndef MOODPLAY_MOOD_AUTO_H
#define MOODPLAY_MOOD_AUTO_H

#include "mood/mood.h"

#include <stdbool.h>

/* The mood the queue was last planned for. */
struct mood_auto {
	bool planned; /* false: nothing planned yet */
	struct mood_point last;
};

/* Straight-line distance on the valence/arousal plane (0 to 2 sqrt 2). */
double mood_distance(struct mood_point a, struct mood_point b);

/* Does an automatic capture whose smoothed mood is now re-plan: when
 * nothing was planned yet, or when now is more than threshold away from
 * the last plan's mood (exactly threshold away keeps the queue).  *moved
 * (may be NULL) gets the distance, 0 when nothing was planned. */
bool mood_auto_replan(const struct mood_auto *a, struct mood_point now,
		      double threshold, double *moved);

/* A plan for mood p was queued (by hand or automatically). */
void mood_auto_planned(struct mood_auto *a, struct mood_point p);

#endif
