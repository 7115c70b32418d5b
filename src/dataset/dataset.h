/* moodplay - the Spotify audio-features dataset: CSV files in, one table of
 * tracks (id, title, artists, genre, duration, audio features) out.
 *
 * Columns are found by header name, so both Kaggle layouts load
 * ("Dataset of songs in Spotify" genres_v2.csv: id, song_name, genre...;
 * "Spotify Tracks Dataset" dataset.csv: track_id, track_name, artists
 * separated by ';', track_genre...) and so does any other export using the
 * same names.  Several files may be parsed into one dataset; a track id seen
 * again is merged into the first row (its missing title/artists filled in)
 * and counted as a duplicate.
 *
 * dataset_parse() does no I/O: it takes bytes, so tests and fuzzers feed it
 * directly; dataset_load_file() wraps it.  Every size is bounded and a
 * bigger input is an error, never a truncation. */
#ifndef MOODPLAY_DATASET_H
#define MOODPLAY_DATASET_H

#include "base/error.h"

#include <stdbool.h>
#include <stddef.h>

#define DATASET_MAX_FILE_SIZE ((size_t)2 << 30) /* bytes in one file */
#define DATASET_MAX_FIELD 4096                  /* bytes in one kept field */
#define DATASET_MAX_COLUMNS 512
#define DATASET_MAX_TRACKS 20000000 /* in all files together */
#define DATASET_REPORTED_LINES 5    /* skipped lines remembered */

/* Audio features kept per track, as Spotify defines them: valence, energy,
 * danceability, acousticness, instrumentalness, speechiness and liveness in
 * 0..1, tempo in BPM, loudness in dB (about -60..0).  NaN = missing. */
enum dataset_feature {
	DS_VALENCE,
	DS_ENERGY,
	DS_TEMPO,
	DS_LOUDNESS,
	DS_DANCEABILITY,
	DS_ACOUSTICNESS,
	DS_INSTRUMENTALNESS,
	DS_SPEECHINESS,
	DS_LIVENESS,
	DS_NFEAT
};

/* Column names of the features, indexed by enum dataset_feature. */
extern const char *const dataset_feature_names[DS_NFEAT];

struct dataset;

/* One track, lent by dataset_get(): the strings live as long as the
 * dataset and are "" when the file had no such column or value. */
struct dataset_track {
	const char *id;
	const char *title;
	const char *artists; /* ';'-separated when several */
	const char *genre;
	unsigned duration_ms; /* 0 = unknown */
	float f[DS_NFEAT];
};

/* What one parse did. */
struct dataset_stats {
	size_t rows_loaded;  /* valid rows, duplicates included */
	size_t rows_skipped; /* malformed rows */
	size_t duplicates;   /* valid rows whose id was already known */
	size_t untitled;     /* valid rows without a title (unmatchable) */
	/* The first skipped rows: physical line numbers and why. */
	size_t n_reported;
	unsigned skipped_line[DATASET_REPORTED_LINES];
	const char
		*skipped_why[DATASET_REPORTED_LINES]; /* static, untranslated */
};

struct dataset *dataset_new(void);
void dataset_free(struct dataset *ds);

/* Parse one CSV file's bytes (len need not end in a newline; a UTF-8 BOM is
 * skipped) and add its rows.  name is used in messages only.  *st is
 * overwritten.  A file whose header lacks an id, valence or energy column
 * is MP_EINVAL and adds nothing; malformed rows are skipped and counted. */
enum mp_status dataset_parse(struct dataset *ds, const char *name,
			     const char *buf, size_t len,
			     struct dataset_stats *st, struct mp_error *err);

/* dataset_parse() on a file (mapped, not copied).  MP_ENOENT when it does
 * not exist, MP_ENOMEM above DATASET_MAX_FILE_SIZE. */
enum mp_status dataset_load_file(struct dataset *ds, const char *path,
				 struct dataset_stats *st,
				 struct mp_error *err);

size_t dataset_size(const struct dataset *ds); /* distinct tracks */
void dataset_get(const struct dataset *ds, size_t i, struct dataset_track *out);
/* Lighter accessors for hot loops. */
const char *dataset_title(const struct dataset *ds, size_t i);
const char *dataset_artists(const struct dataset *ds, size_t i);
unsigned dataset_duration_ms(const struct dataset *ds, size_t i);
const float *dataset_features(const struct dataset *ds, size_t i);

/* Mean features of the rows of each genre (every row counts, duplicates
 * too: genres_v2 lists a track once per genre it belongs to). */
size_t dataset_genre_count(const struct dataset *ds);
/* name is lent; mean[] gets NaN for a feature no row of the genre had. */
void dataset_genre_get(const struct dataset *ds, size_t i, const char **name,
		       size_t *rows, float mean[DS_NFEAT]);

#endif
