/* moodplay - a minimal JSON writer for the --json outputs (stable,
 * documented formats scripts parse). Writes straight to a FILE. */
#ifndef MOODPLAY_JSON_H
#define MOODPLAY_JSON_H

#include <stdbool.h>
#include <stdio.h>

struct mp_song;

/* A JSON string with escapes; NULL writes null.  Invalid UTF-8 bytes are
 * replaced by U+FFFD so the output always parses. */
void json_string(FILE *f, const char *s);
/* "key": prefixed by a comma unless first. */
void json_key(FILE *f, const char *key, bool *first);
/* A number in the C format in every locale; NaN and infinities, which JSON
 * lacks, become null. */
void json_number(FILE *f, double v);
/* A song's "file", "title" and "artist" members, with which every song
 * object of the --json outputs starts. */
void json_song(FILE *f, const struct mp_song *s, bool *first);

#endif
