/* moodplay fuzz targets - the libFuzzer entry point every tests/fuzz-*.c
 * defines.  Built with clang -fsanitize=fuzzer by "make fuzz", or linked with
 * tests/fuzz-replay.c (a main() that feeds it files) by make check. */
#ifndef MOODPLAY_FUZZ_H
#define MOODPLAY_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
