/* moodplay - splitmix64: a tiny seedable random generator, for repeatable
 * choices (planning with --seed, k-means seeding, tests). */
#ifndef MOODPLAY_RNG_H
#define MOODPLAY_RNG_H

#include <stdint.h>

/* The next number; *state is the whole generator (any seed will do). */
uint64_t rng_next(uint64_t *state);
/* Uniform in [0, 1), from the next number's 53 high bits. */
double rng_uniform(uint64_t *state);

#endif
