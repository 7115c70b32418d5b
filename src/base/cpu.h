/* moodplay - what the CPU can run, asked once for every vector path (the
 * int8 kernels, the face scan). */
#ifndef MOODPLAY_CPU_H
#define MOODPLAY_CPU_H

#include <stdbool.h>

/* AVX2 (256-bit integer operations). */
bool cpu_has_avx2(void);
/* AVX-512 F, BW and VNNI together. */
bool cpu_has_avx512vnni(void);

#endif
