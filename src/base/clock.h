/* moodplay - the monotonic clock, for timings and deadlines. */
#ifndef MOODPLAY_CLOCK_H
#define MOODPLAY_CLOCK_H

/* Milliseconds on CLOCK_MONOTONIC (an arbitrary start), with fractions. */
double clock_now_ms(void);
/* The same, whole: for deadlines (async-signal-safe, like
 * clock_gettime()). */
long long clock_ms(void);

#endif
