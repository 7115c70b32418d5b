/* moodplay - text normalisation for matching library tags to dataset rows.
 *
 * Both sides go through the same function, so "Café del Mar (Remastered
 * 2011)" in MPD and "Cafe Del Mar - 2011 Remaster" in the dataset meet at
 * "cafe del mar".  Pure functions: no allocation beyond the stack, no
 * locale dependence. */
#ifndef MOODPLAY_DATASET_NORM_H
#define MOODPLAY_DATASET_NORM_H

#include <stddef.h>

/* Longest key produced, in bytes (longer results are cut at a character
 * boundary, the same way on both sides). */
#define DATASET_NORM_MAX 512

/* Unicode case folding and compatibility decomposition (libunistring),
 * accents on Latin, Greek and Cyrillic letters dropped, apostrophes, dots and
 * quotes dropped, other punctuation and symbols turned into single spaces,
 * "&" read as "and", spaces trimmed.  Invalid UTF-8 bytes are dropped.
 * Writes a NUL-terminated key to out (DATASET_NORM_MAX + 1 bytes) and
 * returns its length. */
size_t dataset_norm_text(const char *s, char *out);

/* dataset_norm_text() after removing what differs between releases of one
 * recording: bracketed parts naming a version or guest ("(feat. X)",
 * "[Live]", "(Prod. Y)", "(Remastered 2011)"), a " - " suffix starting with
 * such a word or a year ("- Remastered 2011", "- Live", "- 2011 Remaster"),
 * and an unbracketed " feat. X" / " ft. X" / " featuring X" tail. */
size_t dataset_norm_title(const char *s, char *out);

#endif
