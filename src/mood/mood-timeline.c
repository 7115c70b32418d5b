/* moodplay - the mood history as a timeline. */
#include "config.h"

#include "mood/mood-timeline.h"

#include <math.h>
#include <string.h>

void mood_timeline(const struct mood_record *v, size_t nv, double from,
		   double to, struct mood_timeline_bucket *out, size_t n)
{
	memset(out, 0, n * sizeof(*out));
	if (n == 0 || !(to > from))
		return;
	for (size_t i = 0; i < nv; i++) {
		double t = v[i].time;
		size_t b;

		if (!(t >= from && t < to))
			continue;
		b = (size_t)((t - from) / (to - from) * (double)n);
		if (b >= n) /* rounding at the very end of the span */
			b = n - 1;
		out[b].runs++;
		out[b].valence += v[i].valence;
		out[b].arousal += v[i].arousal;
	}
	for (size_t b = 0; b < n; b++)
		if (out[b].runs > 0) {
			out[b].valence /= out[b].runs;
			out[b].arousal /= out[b].runs;
		}
}

int mood_timeline_level(double value, int levels)
{
	int l;

	if (levels <= 1 || isnan(value))
		return 0;
	if (value < -1)
		value = -1;
	if (value > 1)
		value = 1;
	l = (int)lround((value + 1) / 2 * (levels - 1));
	return l < 0 ? 0 : l >= levels ? levels - 1 : l;
}
