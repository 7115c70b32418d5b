/* moodplay - the match cache's format (see mood-cache.h). */
#include "config.h"

#include "mood/mood-cache.h"
#include "base/i18n.h"
#include "base/xalloc.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_MAGIC "moodplay match cache 1\n"
#define CACHE_NULL UINT32_MAX /* string length of a NULL tag */
/* Every song takes at least this many bytes: a bound before allocating. */
#define CACHE_MIN_SONG 80

struct wbuf {
	char *p;
	size_t n, cap;
	bool failed;
};

static void put(struct wbuf *w, const void *v, size_t n)
{
	if (w->failed)
		return;
	if (w->n + n > w->cap) {
		size_t cap = w->cap ? w->cap : 1 << 16;
		char *p;

		while (cap < w->n + n)
			cap *= 2;
		if (cap > MOOD_CACHE_MAX_BYTES ||
		    (p = realloc(w->p, cap)) == NULL) {
			w->failed = true;
			return;
		}
		w->p = p;
		w->cap = cap;
	}
	memcpy(w->p + w->n, v, n);
	w->n += n;
}

static void put_u64(struct wbuf *w, uint64_t v)
{
	put(w, &v, sizeof(v));
}

/* Length, bytes and a NUL, so decoded strings can be used in place. */
static void put_str(struct wbuf *w, const char *s)
{
	uint32_t n = s == NULL ? CACHE_NULL : (uint32_t)strlen(s);

	put(w, &n, sizeof(n));
	if (s != NULL)
		put(w, s, (size_t)n + 1);
}

enum mp_status mood_cache_encode(const struct mood_cache *c, char **out,
				 size_t *len, struct mp_error *err)
{
	struct wbuf w = { 0 };

	put(&w, CACHE_MAGIC, strlen(CACHE_MAGIC));
	put_str(&w, c->key);
	put_u64(&w, c->n_files);
	for (size_t i = 0; i < c->n_files; i++) {
		const struct dataset_stats *st = &c->stats[i];

		put_u64(&w, st->rows_loaded);
		put_u64(&w, st->rows_skipped);
		put_u64(&w, st->duplicates);
		put_u64(&w, st->untitled);
		put_u64(&w, st->n_reported);
		for (size_t j = 0; j < st->n_reported; j++) {
			put_u64(&w, st->skipped_line[j]);
			put_str(&w, st->skipped_why[j]);
		}
	}
	put_u64(&w, c->tracks);
	put_u64(&w, c->songs.n);
	for (size_t i = 0; i < c->songs.n; i++) {
		const struct mp_song *s = &c->songs.items[i];
		const struct match_result *r = &c->match[i];

		put_str(&w, s->uri);
		put_str(&w, s->title);
		put_str(&w, s->artist);
		put_str(&w, s->album);
		put_str(&w, s->genre);
		put_u64(&w, s->duration_ms);
		put_u64(&w, r->kind);
		put_u64(&w, r->track);
		put_u64(&w, r->candidates);
		put_str(&w, r->why);
		put(&w, r->f, sizeof(r->f));
	}
	if (w.failed) {
		free(w.p);
		*out = NULL;
		*len = 0;
		return mp_error_set(
			err, MP_ENOMEM,
			ngettext("the match cache would pass %zu byte",
				 "the match cache would pass %zu bytes",
				 MOOD_CACHE_MAX_BYTES),
			MOOD_CACHE_MAX_BYTES);
	}
	*out = w.p;
	*len = w.n;
	return MP_OK;
}

struct rbuf {
	const char *p;
	size_t n, off;
	bool bad;
};

static bool get(struct rbuf *r, void *v, size_t n)
{
	if (r->bad || r->n - r->off < n) {
		r->bad = true;
		return false;
	}
	memcpy(v, r->p + r->off, n);
	r->off += n;
	return true;
}

static uint64_t get_u64(struct rbuf *r)
{
	uint64_t v = 0;

	get(r, &v, sizeof(v));
	return v;
}

/* A number stored in 64 bits for a field of 32. */
static unsigned get_u32(struct rbuf *r)
{
	uint64_t v = get_u64(r);

	if (v > UINT32_MAX)
		r->bad = true;
	return (unsigned)v;
}

/* A string inside the buffer (NULL for a NULL tag or a bad record). */
static const char *get_str(struct rbuf *r)
{
	uint32_t n;
	const char *s;

	if (!get(r, &n, sizeof(n)) || n == CACHE_NULL)
		return NULL;
	if (r->n - r->off < (size_t)n + 1 || r->p[r->off + n] != '\0' ||
	    memchr(r->p + r->off, '\0', n) != NULL) {
		r->bad = true;
		return NULL;
	}
	s = r->p + r->off;
	r->off += (size_t)n + 1;
	return s;
}

static char *dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* Features a match could have produced: the dataset refuses rows without
 * valence and energy in 0..1, and nothing it computes is infinite. */
static bool valid_features(const struct match_result *m)
{
	bool matched = m->kind == MATCH_EXACT || m->kind == MATCH_DURATION ||
		       m->kind == MATCH_GENRE;

	for (int k = 0; k < DS_NFEAT; k++)
		if (isinf(m->f[k]))
			return false;
	if (!matched)
		return true;
	return m->f[DS_VALENCE] >= 0 && m->f[DS_VALENCE] <= 1 &&
	       m->f[DS_ENERGY] >= 0 && m->f[DS_ENERGY] <= 1;
}

static enum mp_status bad_cache(struct mood_cache *c, struct mp_error *err,
				const char *what, size_t off)
{
	mood_cache_clear(c);
	return mp_error_set(err, MP_EINVAL,
			    _("not a valid match cache: %s at byte %zu"), what,
			    off);
}

enum mp_status mood_cache_decode(char *buf, size_t len, struct mood_cache *c,
				 struct mp_error *err)
{
	struct rbuf r = { buf, len, 0, false };
	size_t n;

	memset(c, 0, sizeof(*c));
	song_list_init(&c->songs);
	c->buf = buf;
	if (len < strlen(CACHE_MAGIC) ||
	    memcmp(buf, CACHE_MAGIC, strlen(CACHE_MAGIC)) != 0)
		return bad_cache(c, err, _("no magic line"), 0);
	r.off = strlen(CACHE_MAGIC);
	c->key = get_str(&r);
	c->n_files = (size_t)get_u64(&r);
	/* A file's statistics take at least 40 bytes. */
	if (c->key == NULL || r.bad || c->n_files > (len - r.off) / 40)
		return bad_cache(c, err, _("bad key or file count"), r.off);
	c->stats = xcalloc(c->n_files ? c->n_files : 1, sizeof(*c->stats));
	for (size_t i = 0; i < c->n_files && !r.bad; i++) {
		struct dataset_stats *st = &c->stats[i];

		st->rows_loaded = (size_t)get_u64(&r);
		st->rows_skipped = (size_t)get_u64(&r);
		st->duplicates = (size_t)get_u64(&r);
		st->untitled = (size_t)get_u64(&r);
		st->n_reported = (size_t)get_u64(&r);
		if (st->n_reported > DATASET_REPORTED_LINES)
			r.bad = true;
		for (size_t j = 0; j < st->n_reported && !r.bad; j++) {
			st->skipped_line[j] = get_u32(&r);
			st->skipped_why[j] = get_str(&r);
			r.bad |= st->skipped_why[j] == NULL;
		}
	}
	c->tracks = (size_t)get_u64(&r);
	n = (size_t)get_u64(&r);
	if (r.bad || n > (len - r.off) / CACHE_MIN_SONG)
		return bad_cache(c, err, _("bad statistics or song count"),
				 r.off);
	c->match = xcalloc(n ? n : 1, sizeof(*c->match));
	for (size_t i = 0; i < n && !r.bad; i++) {
		struct mp_song *s = song_list_push(&c->songs);
		struct match_result *mr = &c->match[i];
		const char *uri = get_str(&r);

		s->uri = xstrdup(uri != NULL ? uri : "");
		s->title = dup_or_null(get_str(&r));
		s->artist = dup_or_null(get_str(&r));
		s->album = dup_or_null(get_str(&r));
		s->genre = dup_or_null(get_str(&r));
		s->duration_ms = get_u32(&r);
		mr->kind = (enum match_kind)get_u32(&r);
		mr->track = (size_t)get_u64(&r);
		mr->candidates = get_u32(&r);
		mr->why = get_str(&r);
		get(&r, mr->f, sizeof(mr->f));
		if (r.bad || uri == NULL ||
		    (unsigned)mr->kind >= MATCH_KIND_COUNT)
			return bad_cache(c, err, _("bad song"), r.off);
		if (!valid_features(mr))
			return bad_cache(c, err, _("features out of range"),
					 r.off);
	}
	if (r.off != len)
		return bad_cache(c, err, _("trailing bytes"), r.off);
	return MP_OK;
}

void mood_cache_clear(struct mood_cache *c)
{
	song_list_clear(&c->songs);
	free(c->match);
	free(c->stats);
	free(c->buf);
	memset(c, 0, sizeof(*c));
	song_list_init(&c->songs);
}
