/* moodplay - the Spotify audio-features dataset loader (libcsv does the
 * RFC 4180 part: quoting, embedded commas and newlines, CRLF). */
#include "config.h"

#include "dataset/dataset.h"
#include "base/i18n.h"
#include "base/xalloc.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

const char *const dataset_feature_names[DS_NFEAT] = {
	[DS_VALENCE] = "valence",
	[DS_ENERGY] = "energy",
	[DS_TEMPO] = "tempo",
	[DS_LOUDNESS] = "loudness",
	[DS_DANCEABILITY] = "danceability",
	[DS_ACOUSTICNESS] = "acousticness",
	[DS_INSTRUMENTALNESS] = "instrumentalness",
	[DS_SPEECHINESS] = "speechiness",
	[DS_LIVENESS] = "liveness",
};

/* What a column means to us.  Strings first: they are copied per row. */
enum role {
	ROLE_ID,
	ROLE_TITLE,
	ROLE_ARTISTS,
	ROLE_GENRE,
	ROLE_NSTR,
	ROLE_DURATION = ROLE_NSTR,
	ROLE_FEAT0,
	ROLE_COUNT = ROLE_FEAT0 + DS_NFEAT,
	ROLE_IGNORE = ROLE_COUNT,
};

/* Header names of both Kaggle layouts (and common variants).  genres_v2's
 * "title" column is a playlist name, not the song's: it is not listed. */
static const struct {
	const char *name;
	enum role role;
} column_names[] = {
	{ "id", ROLE_ID },
	{ "track_id", ROLE_ID },
	{ "song_name", ROLE_TITLE },
	{ "track_name", ROLE_TITLE },
	{ "name", ROLE_TITLE },
	{ "artists", ROLE_ARTISTS },
	{ "artist", ROLE_ARTISTS },
	{ "artist_name", ROLE_ARTISTS },
	{ "genre", ROLE_GENRE },
	{ "track_genre", ROLE_GENRE },
	{ "duration_ms", ROLE_DURATION },
};

/* Offsets into the string arena; 0 is the empty string. */
struct track {
	uint32_t str[ROLE_NSTR];
	uint32_t duration_ms;
	float f[DS_NFEAT];
};

struct genre {
	uint32_t name;
	size_t rows;
	double sum[DS_NFEAT];
	size_t n[DS_NFEAT];
};

/* Open addressing over entries, keyed by a string the owner keeps in its
 * arena.  A slot holds the key's hash (high half) and the entry + 1 (low
 * half; 0 = empty), so probing and growing rarely touch the strings and a
 * lookup costs one cache miss. */
struct index {
	uint64_t *slot;
	size_t cap; /* power of two, 0 before the first insert */
	size_t n;
};

struct dataset {
	char *arena;
	size_t arena_len, arena_cap;
	struct track *tracks;
	size_t n, cap;
	struct index ids;
	struct genre *genres;
	size_t n_genres, cap_genres;
	struct index genre_index;
};

#define ARENA_MAX ((size_t)UINT32_MAX)

static uint32_t hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u; /* FNV-1a: short keys, no setup */

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

struct dataset *dataset_new(void)
{
	struct dataset *ds = xcalloc(1, sizeof(*ds));

	return ds;
}

void dataset_free(struct dataset *ds)
{
	if (ds == NULL)
		return;
	free(ds->arena);
	free(ds->tracks);
	free(ds->ids.slot);
	free(ds->genres);
	free(ds->genre_index.slot);
	free(ds);
}

size_t dataset_size(const struct dataset *ds)
{
	return ds->n;
}

static const char *str_at(const struct dataset *ds, uint32_t off)
{
	return off == 0 ? "" : ds->arena + off;
}

void dataset_get(const struct dataset *ds, size_t i, struct dataset_track *out)
{
	const struct track *t = &ds->tracks[i];

	out->id = str_at(ds, t->str[ROLE_ID]);
	out->title = str_at(ds, t->str[ROLE_TITLE]);
	out->artists = str_at(ds, t->str[ROLE_ARTISTS]);
	out->genre = str_at(ds, t->str[ROLE_GENRE]);
	out->duration_ms = t->duration_ms;
	memcpy(out->f, t->f, sizeof(out->f));
}

const char *dataset_title(const struct dataset *ds, size_t i)
{
	return str_at(ds, ds->tracks[i].str[ROLE_TITLE]);
}

const char *dataset_artists(const struct dataset *ds, size_t i)
{
	return str_at(ds, ds->tracks[i].str[ROLE_ARTISTS]);
}

unsigned dataset_duration_ms(const struct dataset *ds, size_t i)
{
	return ds->tracks[i].duration_ms;
}

const float *dataset_features(const struct dataset *ds, size_t i)
{
	return ds->tracks[i].f;
}

size_t dataset_genre_count(const struct dataset *ds)
{
	return ds->n_genres;
}

void dataset_genre_get(const struct dataset *ds, size_t i, const char **name,
		       size_t *rows, float mean[DS_NFEAT])
{
	const struct genre *g = &ds->genres[i];

	*name = str_at(ds, g->name);
	*rows = g->rows;
	for (int k = 0; k < DS_NFEAT; k++)
		mean[k] = g->n[k] ? (float)(g->sum[k] / (double)g->n[k]) : NAN;
}

/* Append s (n bytes) and a NUL; 0 for "" so empty strings cost nothing. */
static enum mp_status arena_add(struct dataset *ds, const char *s, size_t n,
				uint32_t *off)
{
	if (n == 0) {
		*off = 0;
		return MP_OK;
	}
	if (ds->arena_len == 0)
		ds->arena_len = 1; /* offset 0 is reserved for "" */
	if (ds->arena_len + n + 1 > ds->arena_cap) {
		size_t cap = ds->arena_cap ? ds->arena_cap : 1 << 16;
		char *p;

		while (cap < ds->arena_len + n + 1)
			cap *= 2;
		if (cap > ARENA_MAX)
			cap = ARENA_MAX;
		if (ds->arena_len + n + 1 > cap)
			return MP_ENOMEM;
		p = realloc(ds->arena, cap);
		if (p == NULL)
			return MP_ENOMEM;
		ds->arena = p;
		ds->arena[0] = '\0';
		ds->arena_cap = cap;
	}
	*off = (uint32_t)ds->arena_len;
	memcpy(ds->arena + ds->arena_len, s, n);
	ds->arena[ds->arena_len + n] = '\0';
	ds->arena_len += n + 1;
	return MP_OK;
}

static const char *entry_key(const struct dataset *ds, bool ids, uint32_t e)
{
	return ids ? str_at(ds, ds->tracks[e].str[ROLE_ID])
		   : str_at(ds, ds->genres[e].name);
}

/* The slot holding key, or the empty slot where it belongs. */
static size_t index_find(const struct index *ix, const struct dataset *ds,
			 const char *key, size_t n, uint32_t h, bool ids)
{
	size_t mask = ix->cap - 1, i = h & mask;

	for (;; i = (i + 1) & mask) {
		uint64_t v = ix->slot[i];
		const char *k;

		if (v == 0)
			return i;
		if ((uint32_t)(v >> 32) != h)
			continue;
		k = entry_key(ds, ids, (uint32_t)v - 1);
		if (memcmp(k, key, n) == 0 && k[n] == '\0')
			return i;
	}
}

/* The entry in a slot index_find() found occupied. */
static uint32_t index_entry(const struct index *ix, size_t slot)
{
	return (uint32_t)ix->slot[slot] - 1;
}

/* Room for one more entry: the load factor stays under 1/2. */
static enum mp_status index_reserve(struct index *ix)
{
	size_t cap;
	uint64_t *slot;

	if ((ix->n + 1) * 2 <= ix->cap)
		return MP_OK;
	cap = ix->cap ? ix->cap * 2 : 2048;
	slot = calloc(cap, sizeof(*slot));
	if (slot == NULL)
		return MP_ENOMEM;
	for (size_t i = 0; i < ix->cap; i++) {
		uint64_t v = ix->slot[i];
		size_t j;

		if (v == 0)
			continue;
		for (j = (v >> 32) & (cap - 1); slot[j] != 0;
		     j = (j + 1) & (cap - 1))
			;
		slot[j] = v;
	}
	free(ix->slot);
	ix->slot = slot;
	ix->cap = cap;
	return MP_OK;
}

/* Put entry e (0-based) with hash h into the empty slot found for it. */
static void index_set(struct index *ix, size_t slot, size_t e, uint32_t h)
{
	ix->slot[slot] = (uint64_t)h << 32 | ((uint64_t)e + 1);
	ix->n++;
}

/* ------------------------------------------------------------- numbers */

static locale_t c_locale(void)
{
	static locale_t loc;

	/* strtod() obeys LC_NUMERIC; the files always use '.'. */
	if (loc == (locale_t)0)
		loc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	return loc;
}

/* Parse a decimal number (optionally signed, with fraction and exponent:
 * "4.14E-06").  The common short forms are converted exactly with Clinger's
 * fast path (a mantissa below 2^53 scaled by an exact power of ten); the
 * rest goes to strtod_l.  s is NUL-terminated (CSV_APPEND_NULL). */
static bool parse_number(const char *s, size_t n, double *out)
{
	static const double pow10[] = {
		1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
		1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
		1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
	};
	const char *p = s, *end = s + n;
	uint64_t m = 0;
	int digits = 0, exp10 = 0, e = 0;
	bool neg = false, any = false;

	if (p < end && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	for (; p < end && *p >= '0' && *p <= '9'; p++, any = true) {
		if (digits < 19) {
			m = m * 10 + (uint64_t)(*p - '0');
			if (m)
				digits++;
		} else {
			exp10++;
		}
	}
	if (p < end && *p == '.') {
		for (p++; p < end && *p >= '0' && *p <= '9'; p++, any = true) {
			if (digits < 19) {
				m = m * 10 + (uint64_t)(*p - '0');
				if (m)
					digits++;
				exp10--;
			}
		}
	}
	if (!any)
		return false;
	if (p < end && (*p == 'e' || *p == 'E')) {
		bool eneg = false;
		int ed = 0;

		p++;
		if (p < end && (*p == '-' || *p == '+'))
			eneg = *p++ == '-';
		for (; p < end && *p >= '0' && *p <= '9'; p++, ed++)
			if (e < 10000)
				e = e * 10 + (*p - '0');
		if (ed == 0)
			return false;
		exp10 += eneg ? -e : e;
	}
	if (p != end)
		return false;
	if (m < (1ULL << 53) && exp10 >= -22 && exp10 <= 22) {
		double v = (double)m;

		v = exp10 < 0 ? v / pow10[-exp10] : v * pow10[exp10];
		*out = neg ? -v : v;
		return true;
	}
	{
		char *ep;
		double v;

		errno = 0;
		v = strtod_l(s, &ep, c_locale());
		if (ep != end || !isfinite(v))
			return false;
		*out = v;
		return true;
	}
}

/* --------------------------------------------------------------- rows */

struct parse {
	struct dataset *ds;
	struct dataset_stats *st;
	const char *name;
	struct mp_error *err;
	enum mp_status fatal; /* set by a callback: stop after this chunk */
	bool header_done;
	size_t ncols;
	unsigned char role[DATASET_MAX_COLUMNS];
	bool have[ROLE_COUNT];
	unsigned line;      /* physical line being fed to libcsv */
	unsigned row_line;  /* where the current row started */
	unsigned row_start; /* where the next row starts */
	size_t field;       /* index of the next field in the row */
	const char *bad;    /* why the current row is skipped, NULL if fine */
	/* The current row's values. */
	char str[ROLE_NSTR][DATASET_MAX_FIELD + 1];
	size_t len[ROLE_NSTR];
	double num[ROLE_COUNT];
	bool set[ROLE_COUNT];
	uint32_t id_hash; /* of str[ROLE_ID], hashed as soon as it is read */
};

static enum role role_of(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof(column_names) / sizeof(column_names[0]);
	     i++)
		if (strlen(column_names[i].name) == n &&
		    strncasecmp(column_names[i].name, name, n) == 0)
			return column_names[i].role;
	for (int k = 0; k < DS_NFEAT; k++)
		if (strlen(dataset_feature_names[k]) == n &&
		    strncasecmp(dataset_feature_names[k], name, n) == 0)
			return (enum role)(ROLE_FEAT0 + k);
	return ROLE_IGNORE;
}

static void header_field(struct parse *p, const char *s, size_t n)
{
	enum role r;

	if (p->field >= DATASET_MAX_COLUMNS) {
		if (p->fatal == MP_OK)
			p->fatal = mp_error_set(
				p->err, MP_EINVAL,
				ngettext("%s:%u: more than %d column",
					 "%s:%u: more than %d columns",
					 DATASET_MAX_COLUMNS),
				p->name, p->row_line, DATASET_MAX_COLUMNS);
		return;
	}
	r = role_of(s, n);
	/* The first column of a role wins ("name" after "track_name"...). */
	if (r != ROLE_IGNORE && p->have[r])
		r = ROLE_IGNORE;
	if (r != ROLE_IGNORE)
		p->have[r] = true;
	p->role[p->field] = (unsigned char)r;
}

static void data_field(struct parse *p, const char *s, size_t n)
{
	enum role r;

	if (p->field >= p->ncols) {
		p->bad = N_("more fields than the header");
		return;
	}
	r = (enum role)p->role[p->field];
	if (r == ROLE_IGNORE || p->bad != NULL)
		return;
	if (r < ROLE_NSTR) {
		if (n > DATASET_MAX_FIELD) {
			p->bad = N_("field too long");
			return;
		}
		memcpy(p->str[r], s, n);
		p->str[r][n] = '\0';
		p->len[r] = n;
		p->set[r] = n > 0;
		/* The id's slot is a cache miss in a big table: start the
		 * load now and let the rest of the row hide it. */
		if (r == ROLE_ID) {
			const struct index *ix = &p->ds->ids;

			p->id_hash = hash_bytes(s, n);
			if (ix->cap > 0)
				__builtin_prefetch(
					&ix->slot[p->id_hash & (ix->cap - 1)]);
		}
		return;
	}
	if (n == 0)
		return; /* a missing value */
	if ((n == 3 && strncasecmp(s, "nan", 3) == 0))
		return;
	if (!parse_number(s, n, &p->num[r])) {
		p->bad = r == ROLE_DURATION ? N_("duration_ms is not a number")
					    : N_("a feature is not a number");
		return;
	}
	p->set[r] = true;
}

static void on_field(void *data, size_t n, void *ctx)
{
	struct parse *p = ctx;
	const char *s = data;

	if (p->fatal != MP_OK)
		return;
	if (p->field == 0)
		p->row_line = p->row_start;
	if (!p->header_done)
		header_field(p, s, n);
	else
		data_field(p, s, n);
	p->field++;
}

static void add_genre(struct parse *p, const struct track *t)
{
	struct dataset *ds = p->ds;
	const char *name = p->str[ROLE_GENRE];
	size_t n = p->len[ROLE_GENRE], slot;
	uint32_t h = hash_bytes(name, n);
	struct genre *g;

	if (index_reserve(&ds->genre_index) != MP_OK)
		goto nomem;
	slot = index_find(&ds->genre_index, ds, name, n, h, false);
	if (ds->genre_index.slot[slot] == 0) {
		uint32_t off;

		if (ds->n_genres == ds->cap_genres) {
			size_t cap = ds->cap_genres ? ds->cap_genres * 2 : 32;
			struct genre *gs =
				reallocarray(ds->genres, cap, sizeof(*gs));

			if (gs == NULL)
				goto nomem;
			ds->genres = gs;
			ds->cap_genres = cap;
		}
		if (arena_add(ds, name, n, &off) != MP_OK)
			goto nomem;
		g = &ds->genres[ds->n_genres];
		memset(g, 0, sizeof(*g));
		g->name = off;
		index_set(&ds->genre_index, slot, ds->n_genres++, h);
	}
	g = &ds->genres[index_entry(&ds->genre_index, slot)];
	g->rows++;
	for (int k = 0; k < DS_NFEAT; k++) {
		if (!isnan(t->f[k])) {
			g->sum[k] += t->f[k];
			g->n[k]++;
		}
	}
	return;
nomem:
	p->fatal = mp_error_set(p->err, MP_ENOMEM, _("%s: out of memory"),
				p->name);
}

/* The row is valid: merge it into a known track or append a new one. */
static void add_row(struct parse *p)
{
	struct dataset *ds = p->ds;
	struct track t;
	size_t slot;
	uint32_t h = p->id_hash;

	memset(&t, 0, sizeof(t));
	t.duration_ms =
		p->set[ROLE_DURATION] ? (uint32_t)p->num[ROLE_DURATION] : 0;
	for (int k = 0; k < DS_NFEAT; k++)
		t.f[k] = p->set[ROLE_FEAT0 + k] ? (float)p->num[ROLE_FEAT0 + k]
						: NAN;
	if (p->len[ROLE_GENRE] > 0)
		add_genre(p, &t);
	if (p->fatal != MP_OK)
		return;
	p->st->rows_loaded++;
	if (p->len[ROLE_TITLE] == 0)
		p->st->untitled++;

	if (index_reserve(&ds->ids) != MP_OK)
		goto nomem;
	slot = index_find(&ds->ids, ds, p->str[ROLE_ID], p->len[ROLE_ID], h,
			  true);
	if (ds->ids.slot[slot] != 0) {
		struct track *old = &ds->tracks[index_entry(&ds->ids, slot)];

		p->st->duplicates++;
		for (int r = ROLE_TITLE; r < ROLE_NSTR; r++)
			if (old->str[r] == 0 && p->len[r] > 0 &&
			    arena_add(ds, p->str[r], p->len[r], &old->str[r]) !=
				    MP_OK)
				goto nomem;
		if (old->duration_ms == 0)
			old->duration_ms = t.duration_ms;
		for (int k = 0; k < DS_NFEAT; k++)
			if (isnan(old->f[k]))
				old->f[k] = t.f[k];
		return;
	}
	if (ds->n >= DATASET_MAX_TRACKS) {
		p->fatal = mp_error_set(
			p->err, MP_ENOMEM,
			ngettext("%s:%u: more than %d track in all files",
				 "%s:%u: more than %d tracks in all files",
				 DATASET_MAX_TRACKS),
			p->name, p->row_line, DATASET_MAX_TRACKS);
		return;
	}
	for (int r = 0; r < ROLE_NSTR; r++)
		if (arena_add(ds, p->str[r], p->len[r], &t.str[r]) != MP_OK)
			goto nomem;
	if (ds->n == ds->cap) {
		size_t cap = ds->cap ? ds->cap * 2 : 4096;
		struct track *ts = reallocarray(ds->tracks, cap, sizeof(*ts));

		if (ts == NULL)
			goto nomem;
		ds->tracks = ts;
		ds->cap = cap;
	}
	ds->tracks[ds->n] = t;
	index_set(&ds->ids, slot, ds->n++, h);
	return;
nomem:
	p->fatal = mp_error_set(p->err, MP_ENOMEM, _("%s: out of memory"),
				p->name);
}

static void skip_row(struct parse *p, const char *why)
{
	struct dataset_stats *st = p->st;

	if (st->n_reported < DATASET_REPORTED_LINES) {
		st->skipped_line[st->n_reported] = p->row_line;
		st->skipped_why[st->n_reported] = why;
		st->n_reported++;
	}
	st->rows_skipped++;
}

static void end_header(struct parse *p)
{
	static const enum role required[] = {
		ROLE_ID,
		ROLE_FEAT0 + DS_VALENCE,
		ROLE_FEAT0 + DS_ENERGY,
	};
	static const char *const required_names[] = {
		"id/track_id",
		"valence",
		"energy",
	};

	p->ncols = p->field;
	p->header_done = true;
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!p->have[required[i]]) {
			p->fatal = mp_error_set(
				p->err, MP_EINVAL,
				_("%s:%u: the header has no '%s' column"),
				p->name, p->row_line, required_names[i]);
			return;
		}
}

static void on_row(int c, void *ctx)
{
	struct parse *p = ctx;

	if (p->fatal == MP_OK && p->field > 0) {
		if (!p->header_done)
			end_header(p);
		else if (p->bad != NULL)
			skip_row(p, p->bad);
		else if (p->field != p->ncols)
			skip_row(p, N_("fewer fields than the header"));
		else if (!p->set[ROLE_ID])
			skip_row(p, N_("no track id"));
		else if (!p->set[ROLE_FEAT0 + DS_VALENCE] ||
			 !p->set[ROLE_FEAT0 + DS_ENERGY])
			skip_row(p, N_("no valence or energy"));
		else if (p->num[ROLE_FEAT0 + DS_VALENCE] < 0 ||
			 p->num[ROLE_FEAT0 + DS_VALENCE] > 1 ||
			 p->num[ROLE_FEAT0 + DS_ENERGY] < 0 ||
			 p->num[ROLE_FEAT0 + DS_ENERGY] > 1)
			skip_row(p, N_("valence or energy outside 0..1"));
		else if (p->set[ROLE_DURATION] && (p->num[ROLE_DURATION] < 0 ||
						   p->num[ROLE_DURATION] > 1e9))
			skip_row(p, N_("duration_ms out of range"));
		else
			add_row(p);
	}
	/* Rows end in the line being fed (see dataset_parse), so the next
	 * one starts on the following line. */
	p->row_start = p->line + 1;
	p->field = 0;
	p->bad = NULL;
	memset(p->set, 0, sizeof(p->set));
	memset(p->len, 0, sizeof(p->len));
	for (int r = 0; r < ROLE_NSTR; r++)
		p->str[r][0] = '\0';
}

enum mp_status dataset_parse(struct dataset *ds, const char *name,
			     const char *buf, size_t len,
			     struct dataset_stats *st, struct mp_error *err)
{
	struct csv_parser csv;
	struct parse *p;
	enum mp_status rc = MP_OK;

	memset(st, 0, sizeof(*st));
	if (len > DATASET_MAX_FILE_SIZE)
		return mp_error_set(err, MP_ENOMEM,
				    ngettext("%s: larger than %zu byte",
					     "%s: larger than %zu bytes",
					     DATASET_MAX_FILE_SIZE),
				    name, DATASET_MAX_FILE_SIZE);
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	if (csv_init(&csv, CSV_REPALL_NL | CSV_APPEND_NULL) != 0)
		return mp_error_set(err, MP_ENOMEM, _("%s: out of memory"),
				    name);
	p = calloc(1, sizeof(*p));
	if (p == NULL) {
		csv_free(&csv);
		return mp_error_set(err, MP_ENOMEM, _("%s: out of memory"),
				    name);
	}
	p->ds = ds;
	p->st = st;
	p->name = name;
	p->err = err;
	p->line = p->row_line = p->row_start = 1;
	/* Fed one physical line at a time, libcsv's callbacks always know
	 * the line they are on, even inside quoted fields spanning lines;
	 * it also lets a fatal error stop the parse at once. */
	for (size_t off = 0; off < len && p->fatal == MP_OK; p->line++) {
		const char *nl = memchr(buf + off, '\n', len - off);
		size_t n =
			nl != NULL ? (size_t)(nl - buf) + 1 - off : len - off;

		if (csv_parse(&csv, buf + off, n, on_field, on_row, p) != n) {
			rc = mp_error_set(err, MP_ENOMEM, _("%s:%u: %s"), name,
					  p->line,
					  csv_strerror(csv_error(&csv)));
			break;
		}
		off += n;
	}
	/* A quote never closed would make the rest of the file one last
	 * field, dropped unseen: an error that says which lines.  (libcsv's
	 * CSV_STRICT_FINI needs CSV_STRICT, which refuses stray quotes the
	 * Kaggle files have; pstate 2 is its FIELD_BEGUN.) */
	if (rc == MP_OK && p->fatal == MP_OK && csv.quoted && csv.pstate == 2)
		rc = mp_error_set(err, MP_EINVAL,
				  _("%s:%u: a quote opened in this row is "
				    "never closed: lines %u to %u were not "
				    "read"),
				  name, p->row_line, p->row_line,
				  p->line > p->row_line ? p->line - 1
							: p->row_line);
	if (rc == MP_OK && p->fatal == MP_OK)
		csv_fini(&csv, on_field, on_row, p);
	if (rc == MP_OK)
		rc = p->fatal;
	if (rc == MP_OK && !p->header_done)
		rc = mp_error_set(err, MP_EINVAL,
				  _("%s: empty file, no header"), name);
	csv_free(&csv);
	free(p);
	return rc;
}

enum mp_status dataset_load_file(struct dataset *ds, const char *path,
				 struct dataset_stats *st, struct mp_error *err)
{
	struct stat sb;
	enum mp_status rc;
	void *map;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	memset(st, 0, sizeof(*st));
	if (fd < 0)
		return mp_error_set(err, errno == ENOENT ? MP_ENOENT : MP_ERR,
				    _("%s: %s"), path, strerror(errno));
	if (fstat(fd, &sb) != 0) {
		rc = mp_error_set(err, MP_ERR, _("%s: %s"), path,
				  strerror(errno));
		close(fd);
		return rc;
	}
	if (!S_ISREG(sb.st_mode)) {
		close(fd);
		return mp_error_set(err, MP_EINVAL, _("%s: not a regular file"),
				    path);
	}
	if ((size_t)sb.st_size > DATASET_MAX_FILE_SIZE) {
		close(fd);
		return mp_error_set(err, MP_ENOMEM,
				    ngettext("%s: larger than %zu byte",
					     "%s: larger than %zu bytes",
					     DATASET_MAX_FILE_SIZE),
				    path, DATASET_MAX_FILE_SIZE);
	}
	if (sb.st_size == 0) {
		close(fd);
		return dataset_parse(ds, path, "", 0, st, err);
	}
	map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return mp_error_set(err, MP_ERR, _("%s: %s"), path,
				    strerror(errno));
	madvise(map, (size_t)sb.st_size, MADV_SEQUENTIAL);
	rc = dataset_parse(ds, path, map, (size_t)sb.st_size, st, err);
	munmap(map, (size_t)sb.st_size);
	return rc;
}
