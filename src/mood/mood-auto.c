/* moodplay - continuous mode's decision to re-plan. */
#include "config.h"

#include "mood/mood-auto.h"

#include <math.h>

double mood_distance(struct mood_point a, struct mood_point b)
{
	return hypot(a.valence - b.valence, a.arousal - b.arousal);
}

bool mood_auto_replan(const struct mood_auto *a, struct mood_point now,
		      double threshold, double *moved)
{
	double d = a->planned ? mood_distance(a->last, now) : 0;

	if (moved != NULL)
		*moved = d;
	/* A mood that is not a number (a broken state) never keeps a queue
	 * planned for a real one. */
	return !a->planned || !(d <= threshold);
}

void mood_auto_planned(struct mood_auto *a, struct mood_point p)
{
	a->planned = true;
	a->last = p;
}
