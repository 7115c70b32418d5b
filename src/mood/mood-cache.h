/* moodplay - the match cache's format: a matched library as bytes and
 * back, with no I/O (mood-queue.c reads and writes the file).
 *
 * The bytes start with a magic line and a key naming everything the
 * result depends on (the caller's: MPD, database time, dataset files,
 * matching options); then the dataset files' statistics, the number of
 * dataset tracks, and each library song with its match.  Numbers are in
 * host byte order: the cache never leaves the machine.  The decoder
 * trusts nothing: lengths are bounded by the bytes left, match kinds and
 * features are checked (valence and energy of a matched song in 0..1,
 * no infinite feature; NaN only marks a missing one). */
#ifndef MOODPLAY_MOOD_CACHE_H
#define MOODPLAY_MOOD_CACHE_H

#include "base/error.h"
#include "base/song.h"
#include "dataset/dataset-match.h"
#include "dataset/dataset.h"

#include <stddef.h>

#define MOOD_CACHE_MAX_BYTES ((size_t)1 << 30)

struct mood_cache {
	char *buf;       /* decoded: owns the bytes the strings point into */
	const char *key; /* NUL-terminated */
	size_t n_files;
	struct dataset_stats *stats; /* n_files */
	size_t tracks;
	struct mp_song_list songs;  /* decoded: owned */
	struct match_result *match; /* songs.n; decoded: owned */
};

/* c's contents as bytes, malloc'd into *out.  MP_ENOMEM past
 * MOOD_CACHE_MAX_BYTES. */
enum mp_status mood_cache_encode(const struct mood_cache *c, char **out,
				 size_t *len, struct mp_error *err);

/* Fill c from len bytes of buf, which it takes over (freed on failure).
 * MP_EINVAL, saying where, for bytes that are not a valid cache. */
enum mp_status mood_cache_decode(char *buf, size_t len, struct mood_cache *c,
				 struct mp_error *err);

/* Free what a decode filled in. */
void mood_cache_clear(struct mood_cache *c);

#endif
