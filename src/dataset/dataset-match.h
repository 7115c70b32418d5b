/* moodplay - matching MPD library songs to dataset tracks.
 *
 * A song matches a track when their normalised titles are equal
 * (dataset-norm.h), confirmed by the duration (within a tolerance) and, when
 * both sides name artists, by the artist.  Songs that match nothing may take
 * the mean features of their Genre tag in the dataset.  No I/O: songs and
 * dataset come in as values. */
#ifndef MOODPLAY_DATASET_MATCH_H
#define MOODPLAY_DATASET_MATCH_H

#include "dataset/dataset.h"
#include "base/error.h"
#include "base/song.h"

#include <stdbool.h>
#include <stddef.h>

enum match_kind {
	MATCH_EXACT,     /* title, duration and artist agree */
	MATCH_DURATION,  /* title and duration agree (no artist to compare) */
	MATCH_AMBIGUOUS, /* several tracks fit and their features disagree */
	MATCH_GENRE,     /* no track: mean features of the song's genre */
	MATCH_NONE,
	MATCH_KIND_COUNT
};

/* "exact", "duration", "ambiguous", "genre", "none". */
extern const char *const match_kind_names[MATCH_KIND_COUNT];

struct match_opts {
	unsigned tolerance_ms; /* largest duration difference accepted */
	bool genre_fallback;
};

/* How one song fared.  f is valid for EXACT, DURATION and GENRE. */
struct match_result {
	enum match_kind kind;
	size_t track;        /* dataset index; SIZE_MAX when not one track */
	unsigned candidates; /* tracks with the same title */
	const char *why;     /* static, untranslated: for reports */
	float f[DS_NFEAT];
};

/* The dataset's titles, normalised and hashed once. */
struct match_index;

/* Borrows ds, which must outlive the index. */
enum mp_status match_index_new(const struct dataset *ds,
			       struct match_index **out, struct mp_error *err);
void match_index_free(struct match_index *ix);

/* Match songs[0..n) into out[0..n). */
void match_songs(const struct match_index *ix, const struct match_opts *o,
		 const struct mp_song *songs, size_t n,
		 struct match_result *out);

#endif
