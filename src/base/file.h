/* moodplay - reading a whole file, bounded; writing one, privately. */
#ifndef MOODPLAY_FILE_H
#define MOODPLAY_FILE_H

#include "base/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* A regular file of at most max bytes, malloc'd into *out with a NUL after
 * its *len bytes.  MP_ENOENT when it does not exist; MP_ENOMEM, naming the
 * limit, when it is larger; MP_ERR for anything else.  *out is NULL on
 * failure. */
enum mp_status file_read(const char *path, size_t max, char **out, size_t *len,
			 struct mp_error *err);

/* The last max bytes of a regular file (all of it when smaller), like
 * file_read(); *cut says the file was longer, so the first line may be
 * partial. */
enum mp_status file_read_tail(const char *path, size_t max, char **out,
			      size_t *len, bool *cut, struct mp_error *err);

/* Create or truncate path for writing, readable by its owner only: what
 * moodplay writes holds someone's face or moods.  NULL, with err filled,
 * when it cannot. */
FILE *file_create_private(const char *path, struct mp_error *err);

/* Close f, written to path; ok false (an earlier write failed) or a failing
 * close gives "cannot write PATH: WHY", WHY being why when not NULL or
 * empty, else errno's text. */
enum mp_status file_close(FILE *f, bool ok, const char *path, const char *why,
			  struct mp_error *err);

/* Create or truncate path (private, as above) and write len bytes to it (a
 * device such as /dev/stdout works too). */
enum mp_status file_write(const char *path, const void *data, size_t len,
			  struct mp_error *err);

/* Replace path with len bytes through a temporary file renamed over it,
 * so a reader never sees half a file. */
enum mp_status file_write_atomic(const char *path, const void *data, size_t len,
				 struct mp_error *err);

#endif
