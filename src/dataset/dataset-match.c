/* moodplay - matching MPD library songs to dataset tracks. */
#include "config.h"

#include "dataset/dataset-match.h"
#include "dataset/dataset-norm.h"
#include "base/i18n.h"
#include "base/xalloc.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *const match_kind_names[MATCH_KIND_COUNT] = {
	[MATCH_EXACT] = "exact",         [MATCH_DURATION] = "duration",
	[MATCH_AMBIGUOUS] = "ambiguous", [MATCH_GENRE] = "genre",
	[MATCH_NONE] = "none",
};

/* Candidates whose valence and energy differ by at most this are one
 * recording released several times (single, album, compilation): their
 * mean is used.  Beyond it the title is genuinely ambiguous. */
#define SAME_RECORDING_SPREAD 0.15f

#define NO_KEY UINT32_MAX

struct genre_mean {
	char *key;
	size_t rows;
	float f[DS_NFEAT];
};

struct match_index {
	const struct dataset *ds;
	char *keys; /* normalised titles, NUL-separated */
	size_t keys_len, keys_cap;
	uint32_t *key_off;  /* per track; NO_KEY without a title */
	uint32_t *key_hash; /* per track */
	uint32_t *next;     /* per track: next track+1 with the same key */
	uint32_t *slot;     /* first track+1 of a key, open addressing */
	size_t cap;
	struct genre_mean *genres; /* sorted by key */
	size_t n_genres;
};

static uint32_t hash_key(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static int genre_cmp(const void *a, const void *b)
{
	return strcmp(((const struct genre_mean *)a)->key,
		      ((const struct genre_mean *)b)->key);
}

/* Genres whose names normalise alike ("Hip-Hop", "hip hop") are merged,
 * weighted by their rows. */
static void build_genres(struct match_index *ix)
{
	const struct dataset *ds = ix->ds;
	size_t n = dataset_genre_count(ds), m = 0;
	char key[DATASET_NORM_MAX + 1];

	ix->genres = xcalloc(n ? n : 1, sizeof(*ix->genres));
	for (size_t i = 0; i < n; i++) {
		const char *name;
		size_t rows;
		float mean[DS_NFEAT];
		struct genre_mean *g = NULL;

		dataset_genre_get(ds, i, &name, &rows, mean);
		if (dataset_norm_text(name, key) == 0)
			continue;
		for (size_t j = 0; j < m; j++)
			if (strcmp(ix->genres[j].key, key) == 0)
				g = &ix->genres[j];
		if (g == NULL) {
			g = &ix->genres[m++];
			g->key = xstrdup(key);
			memcpy(g->f, mean, sizeof(mean));
			g->rows = rows;
			continue;
		}
		for (int k = 0; k < DS_NFEAT; k++) {
			if (isnan(mean[k]))
				continue;
			g->f[k] = isnan(g->f[k])
					  ? mean[k]
					  : (float)((g->f[k] * (double)g->rows +
						     mean[k] * (double)rows) /
						    (double)(g->rows + rows));
		}
		g->rows += rows;
	}
	ix->n_genres = m;
	qsort(ix->genres, m, sizeof(*ix->genres), genre_cmp);
}

static enum mp_status add_key(struct match_index *ix, const char *key, size_t n,
			      uint32_t *off)
{
	if (ix->keys_len + n + 1 > ix->keys_cap) {
		size_t cap = ix->keys_cap ? ix->keys_cap : 1 << 16;
		char *p;

		while (cap < ix->keys_len + n + 1)
			cap *= 2;
		if (cap > UINT32_MAX)
			return MP_ENOMEM;
		p = realloc(ix->keys, cap);
		if (p == NULL)
			return MP_ENOMEM;
		ix->keys = p;
		ix->keys_cap = cap;
	}
	*off = (uint32_t)ix->keys_len;
	memcpy(ix->keys + ix->keys_len, key, n + 1);
	ix->keys_len += n + 1;
	return MP_OK;
}

/* The slot of key: the group's first track+1, or an empty slot. */
static size_t find_slot(const struct match_index *ix, const char *key,
			uint32_t h)
{
	size_t mask = ix->cap - 1;

	for (size_t i = h & mask;; i = (i + 1) & mask) {
		uint32_t v = ix->slot[i];

		if (v == 0 || (ix->key_hash[v - 1] == h &&
			       strcmp(ix->keys + ix->key_off[v - 1], key) == 0))
			return i;
	}
}

void match_index_free(struct match_index *ix)
{
	if (ix == NULL)
		return;
	for (size_t i = 0; i < ix->n_genres; i++)
		free(ix->genres[i].key);
	free(ix->genres);
	free(ix->keys);
	free(ix->key_off);
	free(ix->key_hash);
	free(ix->next);
	free(ix->slot);
	free(ix);
}

enum mp_status match_index_new(const struct dataset *ds,
			       struct match_index **out, struct mp_error *err)
{
	size_t n = dataset_size(ds);
	struct match_index *ix = xcalloc(1, sizeof(*ix));
	char key[DATASET_NORM_MAX + 1];

	*out = NULL;
	ix->ds = ds;
	ix->cap = 1024;
	while (ix->cap < n * 2)
		ix->cap *= 2;
	ix->key_off = malloc((n ? n : 1) * sizeof(*ix->key_off));
	ix->key_hash = malloc((n ? n : 1) * sizeof(*ix->key_hash));
	ix->next = calloc(n ? n : 1, sizeof(*ix->next));
	ix->slot = calloc(ix->cap, sizeof(*ix->slot));
	if (ix->key_off == NULL || ix->key_hash == NULL || ix->next == NULL ||
	    ix->slot == NULL)
		goto nomem;
	for (size_t i = 0; i < n; i++) {
		size_t len = dataset_norm_title(dataset_title(ds, i), key), s;

		ix->key_off[i] = NO_KEY;
		if (len == 0)
			continue;
		ix->key_hash[i] = hash_key(key, len);
		s = find_slot(ix, key, ix->key_hash[i]);
		if (ix->slot[s] != 0) {
			/* Same key: chain after the group's first track. */
			uint32_t first = ix->slot[s] - 1;

			ix->key_off[i] = ix->key_off[first];
			ix->next[i] = ix->next[first];
			ix->next[first] = (uint32_t)i + 1;
			continue;
		}
		if (add_key(ix, key, len, &ix->key_off[i]) != MP_OK)
			goto nomem;
		ix->slot[s] = (uint32_t)i + 1;
	}
	build_genres(ix);
	*out = ix;
	return MP_OK;
nomem:
	match_index_free(ix);
	return mp_error_set(err, MP_ENOMEM,
			    _("out of memory indexing %zu dataset titles"), n);
}

/* Does the normalised song artist name one of the dataset's ';'-separated
 * artists?  Word-bounded containment either way: "jay z and kanye west"
 * names "kanye west". */
static bool contains_words(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (n == 0)
		return false;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		if ((p == hay || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return true;
	return false;
}

static bool artist_matches(const char *song_artist, const char *artists)
{
	char part[DATASET_NORM_MAX + 1], key[DATASET_NORM_MAX + 1];

	while (*artists != '\0') {
		const char *semi = strchr(artists, ';');
		size_t n = semi ? (size_t)(semi - artists) : strlen(artists);

		if (n > DATASET_NORM_MAX)
			n = DATASET_NORM_MAX;
		memcpy(part, artists, n);
		part[n] = '\0';
		if (dataset_norm_text(part, key) > 0 &&
		    (contains_words(song_artist, key) ||
		     contains_words(key, song_artist)))
			return true;
		artists +=
			semi ? (size_t)(semi - artists) + 1 : strlen(artists);
	}
	return false;
}

static const struct genre_mean *find_genre(const struct match_index *ix,
					   const char *genre)
{
	struct genre_mean probe;
	char key[DATASET_NORM_MAX + 1];

	if (genre == NULL || dataset_norm_text(genre, key) == 0)
		return NULL;
	probe.key = key;
	return bsearch(&probe, ix->genres, ix->n_genres, sizeof(*ix->genres),
		       genre_cmp);
}

enum verdict { V_REJECT, V_DURATION, V_ARTIST };

static void match_one(const struct match_index *ix, const struct match_opts *o,
		      const struct mp_song *s, struct match_result *r)
{
	const struct dataset *ds = ix->ds;
	char key[DATASET_NORM_MAX + 1], artist[DATASET_NORM_MAX + 1];
	bool have_artist =
		s->artist != NULL && dataset_norm_text(s->artist, artist) > 0;
	bool dur_off = false, artist_off = false, any_artist = false;
	uint32_t v = 0, best_dt = UINT32_MAX;
	size_t n_ok = 0;
	float lo[2] = { 2, 2 }, hi[2] = { -1, -1 };
	double sum[DS_NFEAT] = { 0 };
	size_t cnt[DS_NFEAT] = { 0 };

	memset(r, 0, sizeof(*r));
	r->track = SIZE_MAX;
	r->kind = MATCH_NONE;
	for (int k = 0; k < DS_NFEAT; k++)
		r->f[k] = NAN;
	if (s->title == NULL || dataset_norm_title(s->title, key) == 0) {
		r->why = N_("no title tag");
		goto fallback;
	}
	{
		size_t slot = find_slot(ix, key, hash_key(key, strlen(key)));

		v = ix->slot[slot];
	}
	/* Two passes: the first learns whether any candidate is confirmed by
	 * its artist, in which case only those count. */
	for (int pass = 0; pass < 2; pass++) {
		for (uint32_t t = v; t != 0; t = ix->next[t - 1]) {
			size_t i = t - 1;
			unsigned d = dataset_duration_ms(ds, i);
			const char *arts = dataset_artists(ds, i);
			bool dur_known = s->duration_ms > 0 && d > 0;
			unsigned dt = d > s->duration_ms ? d - s->duration_ms
							 : s->duration_ms - d;
			bool dur_ok = dur_known && dt <= o->tolerance_ms;
			bool art_known = have_artist && arts[0] != '\0';
			bool art_ok = art_known && artist_matches(artist, arts);
			enum verdict vd = V_REJECT;
			const float *f;

			if (art_known && !art_ok)
				vd = V_REJECT;
			else if (dur_ok || (!dur_known && art_ok))
				vd = art_ok ? V_ARTIST : V_DURATION;
			if (pass == 0) {
				r->candidates++;
				if (vd == V_ARTIST)
					any_artist = true;
				if (art_known && !art_ok)
					artist_off = true;
				else if (vd == V_REJECT)
					dur_off = true;
				continue;
			}
			if (vd == V_REJECT || (any_artist && vd != V_ARTIST))
				continue;
			f = dataset_features(ds, i);
			n_ok++;
			for (int k = 0; k < 2; k++) {
				lo[k] = f[k] < lo[k] ? f[k] : lo[k];
				hi[k] = f[k] > hi[k] ? f[k] : hi[k];
			}
			for (int k = 0; k < DS_NFEAT; k++)
				if (!isnan(f[k])) {
					sum[k] += f[k];
					cnt[k]++;
				}
			if (dt < best_dt || !dur_known) {
				best_dt = dur_known ? dt : best_dt;
				r->track = i;
			}
		}
	}
	if (n_ok == 0) {
		r->why = r->candidates == 0 ? N_("title not in the dataset")
			 : dur_off && !artist_off
				 ? N_("same title, duration too different")
			 : !dur_off && artist_off
				 ? N_("same title, another artist")
				 : N_("same title, another artist or duration");
		goto fallback;
	}
	if (hi[0] - lo[0] > SAME_RECORDING_SPREAD ||
	    hi[1] - lo[1] > SAME_RECORDING_SPREAD) {
		r->kind = MATCH_AMBIGUOUS;
		r->track = SIZE_MAX;
		r->why = N_("several tracks fit and their features disagree");
		return;
	}
	r->kind = any_artist ? MATCH_EXACT : MATCH_DURATION;
	r->why = any_artist ? N_("title, artist and duration agree")
			    : N_("title and duration agree");
	for (int k = 0; k < DS_NFEAT; k++)
		r->f[k] = cnt[k] ? (float)(sum[k] / (double)cnt[k]) : NAN;
	return;
fallback:
	if (o->genre_fallback) {
		const struct genre_mean *g = find_genre(ix, s->genre);

		if (g != NULL) {
			r->kind = MATCH_GENRE;
			memcpy(r->f, g->f, sizeof(r->f));
		}
	}
}

void match_songs(const struct match_index *ix, const struct match_opts *o,
		 const struct mp_song *songs, size_t n,
		 struct match_result *out)
{
	for (size_t i = 0; i < n; i++)
		match_one(ix, o, &songs[i], &out[i]);
}
