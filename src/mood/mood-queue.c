/* moodplay - from a mood to an MPD queue (see mood-queue.h). */
#include "config.h"

#include "dataset/dataset-norm.h"
#include "base/i18n.h"
#include "mood/mood-plan.h"
#include "mood/mood-queue.h"
#include "mood/mood-segments.h"
#include "base/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Largest tail of the history file read: enough for thousands of URIs. */
#define HISTORY_MAX_BYTES (4 << 20)

struct moodq {
	const struct conf *conf;
	struct moodq_file_report *files;
	struct dataset *ds;
	struct mp_song_list library;
	struct match_result *match;
	bool *recent; /* per library song: in the history */
	struct moodq_report report;
	char *cache; /* a loaded cache file: the reasons point into it */
	struct mood_segments seg; /* fitted on first use after a load */
	bool seg_fitted;
};

static const enum mpdc_queue_mode queue_modes[CONF_QUEUE_MODE_COUNT] = {
	[CONF_QUEUE_REPLACE_UPCOMING] = MPDC_QUEUE_REPLACE_UPCOMING,
	[CONF_QUEUE_REPLACE] = MPDC_QUEUE_REPLACE,
	[CONF_QUEUE_APPEND] = MPDC_QUEUE_APPEND,
};

struct moodq *moodq_new(const struct conf *conf)
{
	struct moodq *q = xcalloc(1, sizeof(*q));

	q->conf = conf;
	song_list_init(&q->library);
	return q;
}

static void unload(struct moodq *q)
{
	free(q->files);
	dataset_free(q->ds);
	song_list_clear(&q->library);
	free(q->match);
	free(q->recent);
	free(q->cache);
	q->files = NULL;
	q->ds = NULL;
	q->match = NULL;
	q->recent = NULL;
	q->cache = NULL;
	q->seg_fitted = false;
	memset(&q->report, 0, sizeof(q->report));
}

void moodq_free(struct moodq *q)
{
	if (q == NULL)
		return;
	unload(q);
	free(q);
}

const struct moodq_report *moodq_report(const struct moodq *q)
{
	return &q->report;
}

const struct mp_song *moodq_song(const struct moodq *q, size_t i)
{
	return &q->library.items[i];
}

const struct match_result *moodq_match(const struct moodq *q, size_t i)
{
	return &q->match[i];
}

/* $VAR/moodplay/name, else ~/fallback/moodplay/name; malloc'd, NULL
 * without a home. */
static char *xdg_path(const char *var, const char *fallback, const char *name)
{
	const char *base = getenv(var), *home = getenv("HOME");

	if (base != NULL && base[0] == '/')
		return xasprintf("%s/moodplay/%s", base, name);
	if (home == NULL || home[0] == '\0')
		return NULL;
	return xasprintf("%s/%s/moodplay/%s", home, fallback, name);
}

/* mkdir -p of the directory part of path. */
static int make_parents(const char *path)
{
	char *p = xstrdup(path);
	int rc = 0;

	for (char *s = strchr(p + 1, '/'); s != NULL; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			rc = -1;
			break;
		}
		*s = '/';
	}
	free(p);
	return rc;
}

/* Read up to max bytes from the end of path into a NUL-terminated buffer;
 * NULL when the file does not exist.  *cut: the first line may be partial. */
static char *read_tail(const char *path, size_t max, size_t *len, bool *cut)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	char *buf;
	size_t want, got = 0;

	*len = 0;
	if (fd < 0)
		return NULL;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return NULL;
	}
	want = (size_t)sb.st_size > max ? max : (size_t)sb.st_size;
	*cut = want < (size_t)sb.st_size;
	if (lseek(fd, sb.st_size - (off_t)want, SEEK_SET) < 0) {
		close(fd);
		return NULL;
	}
	buf = xmalloc(want + 1);
	while (got < want) {
		ssize_t r = read(fd, buf + got, want - got);

		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	buf[got] = '\0';
	*len = got;
	return buf;
}

static int uri_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Mark library songs among the last queue.history lines of the history. */
static void load_history(struct moodq *q)
{
	char *path = xdg_path("XDG_STATE_HOME", ".local/state", "history");
	size_t len = 0, n = 0, first, want = (size_t)q->conf->queue.history;
	bool cut = false;
	char *buf =
		path ? read_tail(path, HISTORY_MAX_BYTES, &len, &cut) : NULL;
	const char **uris;

	free(path);
	if (buf == NULL || want == 0) {
		free(buf);
		return;
	}
	uris = calloc(len / 2 + 1, sizeof(*uris));
	if (uris == NULL) {
		free(buf);
		return; /* without memory, no history: the plan may repeat songs */
	}
	for (char *line = buf, *nl; *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl == NULL)
			nl = line + strlen(line) -
			     1; /* the last line, unterminated */
		else
			*nl = '\0';
		if (*line != '\0' && !(cut && line == buf))
			uris[n++] = line;
		if (nl[1] == '\0')
			break;
	}
	/* The newest lines are the ones that count. */
	first = n > want ? n - want : 0;
	qsort(uris + first, n - first, sizeof(*uris), uri_cmp);
	for (size_t i = 0; i < q->library.n; i++) {
		const char *u = q->library.items[i].uri;

		if (bsearch(&u, uris + first, n - first, sizeof(*uris),
			    uri_cmp) != NULL) {
			q->recent[i] = true;
			q->report.history++;
		}
	}
	free(uris);
	free(buf);
}

/* ---------------------------------------------------------------- cache
 *
 * The matched library, so that a later run skips loading the dataset and
 * listing the library.  The file starts with a key naming everything the
 * result depends on (MPD's server and database update time, each dataset
 * file's path, size and mtime, the matching options); any difference and
 * the cache is rebuilt.  Encoding and decoding work on buffers; only
 * cache_read/cache_write touch files.  Numbers are in host byte order: the
 * cache never leaves the machine. */

#define CACHE_MAGIC "moodplay match cache 1\n"
#define CACHE_MAX_BYTES ((size_t)1 << 30)
#define CACHE_NULL UINT32_MAX /* string length of a NULL tag */

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
		if (cap > CACHE_MAX_BYTES || (p = realloc(w->p, cap)) == NULL) {
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

struct rbuf {
	char *p;
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

/* A string inside the buffer (NULL for a NULL tag or a bad record). */
static const char *get_str(struct rbuf *r)
{
	uint32_t n;
	const char *s;

	if (!get(r, &n, sizeof(n)) || n == CACHE_NULL)
		return NULL;
	if (r->n - r->off < (size_t)n + 1 || r->p[r->off + n] != '\0') {
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

/* What the cached result depends on, malloc'd into *key; NULL when a
 * dataset file cannot be examined (loading it will say why).  Fails only
 * when MPD does. */
static enum mp_status cache_key(const struct moodq *q, struct mpdc *m,
				char **key, struct mp_error *err)
{
	const struct conf_dataset *cd = &q->conf->dataset;
	struct wbuf w = { 0 };
	long long db = 0;
	char line[4096];
	enum mp_status rc = mpdc_db_update_time(m, &db, err);

	*key = NULL;
	if (rc != MP_OK)
		return rc;
	snprintf(line, sizeof(line),
		 "mpd %s\ndb %lld\ntolerance %.3f\ngenre %d\n",
		 mpdc_endpoint_describe(mpdc_endpoint(m)), db,
		 cd->duration_tolerance, cd->genre_fallback);
	put(&w, line, strlen(line));
	for (size_t i = 0; i < cd->files.n; i++) {
		struct stat sb;

		if (stat(cd->files.v[i], &sb) != 0) {
			free(w.p);
			return MP_OK;
		}
		snprintf(line, sizeof(line), "file %s %lld %lld.%09ld\n",
			 cd->files.v[i], (long long)sb.st_size,
			 (long long)sb.st_mtim.tv_sec, sb.st_mtim.tv_nsec);
		put(&w, line, strlen(line));
	}
	put(&w, "", 1);
	if (w.failed)
		free(w.p);
	else
		*key = w.p;
	return MP_OK;
}

static void cache_encode(const struct moodq *q, const char *key, struct wbuf *w)
{
	put(w, CACHE_MAGIC, strlen(CACHE_MAGIC));
	put_str(w, key);
	put_u64(w, q->report.n_files);
	for (size_t i = 0; i < q->report.n_files; i++) {
		const struct dataset_stats *st = &q->files[i].stats;

		put_u64(w, st->rows_loaded);
		put_u64(w, st->rows_skipped);
		put_u64(w, st->duplicates);
		put_u64(w, st->untitled);
		put_u64(w, st->n_reported);
		for (size_t j = 0; j < st->n_reported; j++) {
			put_u64(w, st->skipped_line[j]);
			put_str(w, st->skipped_why[j]);
		}
	}
	put_u64(w, q->report.tracks);
	put_u64(w, q->library.n);
	for (size_t i = 0; i < q->library.n; i++) {
		const struct mp_song *s = &q->library.items[i];
		const struct match_result *r = &q->match[i];

		put_str(w, s->uri);
		put_str(w, s->title);
		put_str(w, s->artist);
		put_str(w, s->album);
		put_str(w, s->genre);
		put_u64(w, s->duration_ms);
		put_u64(w, r->kind);
		put_u64(w, r->track);
		put_u64(w, r->candidates);
		put_str(w, r->why);
		put(w, r->f, sizeof(r->f));
	}
}

/* Fill q from a cache buffer (taken over) whose key must equal key; false
 * when it does not fit, leaving q as unload() left it. */
static bool cache_decode(struct moodq *q, char *buf, size_t len,
			 const char *key)
{
	struct rbuf r = { buf, len, 0, false };
	const char *k;
	size_t n_files, n;

	if (len < strlen(CACHE_MAGIC) ||
	    memcmp(buf, CACHE_MAGIC, strlen(CACHE_MAGIC)) != 0) {
		free(buf);
		return false;
	}
	r.off = strlen(CACHE_MAGIC);
	k = get_str(&r);
	n_files = (size_t)get_u64(&r);
	if (k == NULL || strcmp(k, key) != 0 ||
	    n_files != q->conf->dataset.files.n) {
		free(buf);
		return false;
	}
	q->cache = buf;
	q->files = xcalloc(n_files ? n_files : 1, sizeof(*q->files));
	q->report.files = q->files;
	q->report.n_files = n_files;
	for (size_t i = 0; i < n_files && !r.bad; i++) {
		struct dataset_stats *st = &q->files[i].stats;

		q->files[i].path = q->conf->dataset.files.v[i];
		st->rows_loaded = (size_t)get_u64(&r);
		st->rows_skipped = (size_t)get_u64(&r);
		st->duplicates = (size_t)get_u64(&r);
		st->untitled = (size_t)get_u64(&r);
		st->n_reported = (size_t)get_u64(&r);
		if (st->n_reported > DATASET_REPORTED_LINES)
			r.bad = true;
		for (size_t j = 0; j < st->n_reported && !r.bad; j++) {
			st->skipped_line[j] = (unsigned)get_u64(&r);
			st->skipped_why[j] = get_str(&r);
			r.bad |= st->skipped_why[j] == NULL;
		}
	}
	q->report.tracks = (size_t)get_u64(&r);
	n = (size_t)get_u64(&r);
	/* Every song takes at least 80 bytes: a bound before allocating. */
	if (r.bad || n > (len - r.off) / 80) {
		unload(q);
		return false;
	}
	q->match = calloc(n ? n : 1, sizeof(*q->match));
	q->recent = calloc(n ? n : 1, sizeof(*q->recent));
	if (q->match == NULL || q->recent == NULL) {
		unload(q);
		return false;
	}
	for (size_t i = 0; i < n && !r.bad; i++) {
		struct mp_song *s = song_list_push(&q->library);
		struct match_result *mr = &q->match[i];
		const char *uri = get_str(&r);

		s->uri = xstrdup(uri != NULL ? uri : "");
		s->title = dup_or_null(get_str(&r));
		s->artist = dup_or_null(get_str(&r));
		s->album = dup_or_null(get_str(&r));
		s->genre = dup_or_null(get_str(&r));
		s->duration_ms = (unsigned)get_u64(&r);
		mr->kind = (enum match_kind)get_u64(&r);
		mr->track = (size_t)get_u64(&r);
		mr->candidates = (unsigned)get_u64(&r);
		mr->why = get_str(&r);
		get(&r, mr->f, sizeof(mr->f));
		r.bad |= uri == NULL || (unsigned)mr->kind >= MATCH_KIND_COUNT;
	}
	if (r.bad || r.off != len) {
		unload(q);
		return false;
	}
	q->report.library = n;
	q->report.from_cache = true;
	return true;
}

static char *cache_path(void)
{
	return xdg_path("XDG_CACHE_HOME", ".cache", "match.cache");
}

/* The cache, if it exists and its key is key. */
static bool cache_read(struct moodq *q, const char *key)
{
	char *path = cache_path();
	size_t len = 0;
	bool cut = false;
	char *buf = path ? read_tail(path, CACHE_MAX_BYTES, &len, &cut) : NULL;

	free(path);
	if (buf == NULL || cut) {
		free(buf);
		return false;
	}
	return cache_decode(q, buf, len, key);
}

/* Write the cache (through a temporary file renamed over the old one); a
 * failure only costs speed next time, so it is not reported. */
static void cache_write(const struct moodq *q, const char *key)
{
	char *path = cache_path(), *tmp;
	struct wbuf w = { 0 };
	FILE *f;

	if (path == NULL)
		return;
	cache_encode(q, key, &w);
	tmp = xasprintf("%s.%ld.tmp", path, (long)getpid());
	if (!w.failed && make_parents(path) == 0 &&
	    (f = fopen(tmp, "wb")) != NULL) {
		bool ok = fwrite(w.p, 1, w.n, f) == w.n;

		if (fclose(f) == 0 && ok)
			rename(tmp, path);
		else
			unlink(tmp);
	}
	free(tmp);
	free(path);
	free(w.p);
}

static void count_kinds(struct moodq *q)
{
	for (size_t i = 0; i < q->library.n; i++) {
		enum match_kind k = q->match[i].kind;

		if (q->report.n_examples[k] < MOODQ_EXAMPLES)
			q->report.examples[k][q->report.n_examples[k]++] = i;
		q->report.kind[k]++;
	}
}

enum mp_status moodq_load(struct moodq *q, struct mpdc *m, struct mp_error *err)
{
	const struct conf_dataset *cd = &q->conf->dataset;
	struct match_opts mo;
	struct match_index *ix;
	enum mp_status rc;
	char *key = NULL;

	unload(q);
	if (cd->files.n == 0)
		return mp_error_set(
			err, MP_EINVAL,
			_("no dataset configured: set dataset.files to the "
			  "Spotify audio-features CSV files (see "
			  "moodplay.conf(5))"));
	if (cd->cache) {
		rc = cache_key(q, m, &key, err);
		if (rc != MP_OK)
			return rc;
		if (key != NULL && cache_read(q, key)) {
			free(key);
			count_kinds(q);
			load_history(q);
			return MP_OK;
		}
	}
	q->ds = dataset_new();
	q->files = xcalloc(cd->files.n, sizeof(*q->files));
	q->report.files = q->files;
	q->report.n_files = cd->files.n;
	for (size_t i = 0; i < cd->files.n; i++) {
		q->files[i].path = cd->files.v[i];
		rc = dataset_load_file(q->ds, cd->files.v[i],
				       &q->files[i].stats, err);
		if (rc != MP_OK) {
			mp_error_prefix(err, "dataset.files[%zu]", i);
			goto fail;
		}
	}
	q->report.tracks = dataset_size(q->ds);
	rc = mpdc_library_list(m, 0, &q->library, err);
	if (rc != MP_OK)
		goto fail;
	q->report.library = q->library.n;
	rc = match_index_new(q->ds, &ix, err);
	if (rc != MP_OK)
		goto fail;
	q->match = calloc(q->library.n ? q->library.n : 1, sizeof(*q->match));
	q->recent = calloc(q->library.n ? q->library.n : 1, sizeof(*q->recent));
	if (q->match == NULL || q->recent == NULL) {
		match_index_free(ix);
		rc = mp_error_set(err, MP_ENOMEM,
				  _("out of memory matching %zu songs"),
				  q->library.n);
		goto fail;
	}
	mo.tolerance_ms = (unsigned)lround(cd->duration_tolerance * 1000.0);
	mo.genre_fallback = cd->genre_fallback;
	match_songs(ix, &mo, q->library.items, q->library.n, q->match);
	match_index_free(ix);
	count_kinds(q);
	if (key != NULL)
		cache_write(q, key);
	free(key);
	load_history(q);
	return MP_OK;
fail:
	free(key);
	return rc;
}

void moodq_request_init(struct moodq_request *r, const struct conf *conf)
{
	memset(r, 0, sizeof(*r));
	r->confidence = 1;
	r->model = conf->mood.model;
	r->strategy = conf->mood.strategy;
	r->count = (size_t)conf->queue.count;
	r->temperature = conf->queue.temperature;
	r->artist_gap = (unsigned)conf->queue.artist_gap;
	r->seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
}

void moodq_plan_free(struct moodq_plan *p)
{
	if (p == NULL)
		return;
	free(p->picks);
	free(p);
}

static bool usable_kind(enum match_kind k)
{
	return k == MATCH_EXACT || k == MATCH_DURATION || k == MATCH_GENRE;
}

/* The quadrant's segment for a mood given as a point. */
static enum mood_segment segment_of_point(struct mood_point p)
{
	if (p.valence >= 0)
		return p.arousal >= 0 ? SEG_HAPPY : SEG_CALM;
	return p.arousal >= 0 ? SEG_ANGRY : SEG_SAD;
}

/* Planner input for the chosen model.  cand[] maps planner songs to
 * library indices; the model's functions fill x, targets, points and w. */
struct plan_arrays {
	size_t n;
	size_t *cand;
	float *x;
	uint32_t *artist;
	bool *excluded;
	bool *fallback;
	float *targets;
	struct mood_point *points;
	float w[PLAN_MAX_DIMS];
	struct plan_pick *picks;
	void *scratch;
};

static void arrays_free(struct plan_arrays *a)
{
	free(a->cand);
	free(a->x);
	free(a->artist);
	free(a->excluded);
	free(a->fallback);
	free(a->targets);
	free(a->points);
	free(a->picks);
	free(a->scratch);
}

/* Everything sized by the library or the count, checked at once. */
static bool arrays_alloc(struct plan_arrays *a, size_t n_lib, size_t count)
{
	size_t n = n_lib ? n_lib : 1;

	a->cand = calloc(n, sizeof(*a->cand));
	a->x = calloc(n, PLAN_MAX_DIMS * sizeof(*a->x));
	a->artist = calloc(n, sizeof(*a->artist));
	a->excluded = calloc(n, sizeof(*a->excluded));
	a->fallback = calloc(n, sizeof(*a->fallback));
	a->targets = calloc(count, PLAN_MAX_DIMS * sizeof(*a->targets));
	a->points = calloc(count, sizeof(*a->points));
	a->picks = calloc(count, sizeof(*a->picks));
	return a->cand && a->x && a->artist && a->excluded && a->fallback &&
	       a->targets && a->points && a->picks;
}

static enum mp_status segments_arrays(struct moodq *q,
				      const struct moodq_request *r,
				      struct moodq_plan *plan,
				      struct plan_arrays *a,
				      struct mp_error *err)
{
	const struct mood_segments *seg = &q->seg;
	float *feat = calloc(a->n ? a->n : 1, DS_NFEAT * sizeof(float));
	bool *unusable = calloc(a->n ? a->n : 1, sizeof(bool));
	enum mood_segment want;
	enum mp_status rc = MP_OK;

	if (feat == NULL || unusable == NULL) {
		rc = mp_error_set(err, MP_ENOMEM, _("out of memory"));
		goto done;
	}
	for (size_t i = 0; i < a->n; i++)
		memcpy(feat + i * DS_NFEAT, q->match[a->cand[i]].f,
		       DS_NFEAT * sizeof(float));
	/* The candidates are the same until the next load: fit once, with a
	 * fixed seed, so the same library always gets the same clusters. */
	if (!q->seg_fitted) {
		rc = mood_segments_fit(&q->seg, feat, a->n, 1, err);
		if (rc != MP_OK)
			goto done;
		q->seg_fitted = true;
	}
	want = r->have_probs ? mood_segment_for_probs(r->probs)
			     : segment_of_point(plan->mood);
	plan->segment = (int)want;
	mood_segments_place(seg, want, feat, a->n, a->x, unusable, a->fallback);
	for (size_t i = 0; i < a->n; i++)
		a->excluded[i] |= unusable[i];
	for (size_t i = 0; i < r->count; i++) {
		memcpy(a->targets + i * SEG_DIMS, seg->centroid[want],
		       sizeof(seg->centroid[want]));
		a->points[i] = plan->mood;
	}
	for (int k = 0; k < SEG_DIMS; k++)
		a->w[k] = 1;
done:
	free(feat);
	free(unusable);
	return rc;
}

static void circumplex_arrays(struct moodq *q, const struct moodq_request *r,
			      struct moodq_plan *plan, struct plan_arrays *a)
{
	plan->segment = -1;
	for (size_t i = 0; i < a->n; i++)
		mood_song_vector(q->match[a->cand[i]].f, a->x + i * MOOD_DIMS);
	mood_trajectory(r->strategy, plan->mood, r->count, a->points);
	for (size_t i = 0; i < r->count; i++)
		mood_target_vector(a->points[i], a->targets + i * MOOD_DIMS);
	mood_weights(&q->conf->mood.weights, a->w);
}

/* Where a pick had to bend the strategy's rules, for its reason. */
static void describe_bends(char *buf, size_t size, const struct plan_pick *k,
			   const struct moodq_plan *plan, unsigned artist_gap)
{
	size_t n = strlen(buf);

	if (k->bent & PLAN_BENT_MONOTONE && n < size)
		n += (size_t)snprintf(
			buf + n, size - n, "; %s",
			plan->strategy == CONF_STRATEGY_CALM
				? _("bent to keep the energy falling")
				: _("bent to keep the valence rising"));
	if (k->bent & PLAN_BENT_ARTIST && n < size)
		n += (size_t)snprintf(
			buf + n, size - n,
			_("; bent: artist gap %u (queue.artist_gap %u)"),
			k->gap, artist_gap);
	if (k->bent & PLAN_BENT_FALLBACK && n < size)
		n += (size_t)snprintf(buf + n, size - n,
				      _("; bent: from outside segment %s, "
					"which ran out of songs"),
				      mood_segment_names[plan->segment]);
	if (k->bent & PLAN_BENT_UNKNOWN && n < size)
		snprintf(buf + n, size - n, "; %s",
			 plan->strategy == CONF_STRATEGY_CALM
				 ? _("bent: energy unknown")
				 : _("bent: valence unknown"));
}

/* "valence 0.75 energy 0.67 tempo 0.40 loudness 0.72", missing ones left
 * out; n values from v. */
static size_t describe_vector(char *buf, size_t size, const float *v, int n)
{
	static const char *const names[MOOD_DIMS] = {
		[MOOD_DIM_VALENCE] = "valence",
		[MOOD_DIM_ENERGY] = "energy",
		[MOOD_DIM_TEMPO] = "tempo",
		[MOOD_DIM_LOUDNESS] = "loudness",
	};
	size_t len = 0;

	for (int k = 0; k < n && len < size; k++)
		if (!isnan(v[k]))
			len += (size_t)snprintf(buf + len, size - len,
						"%s%s %.2f", len ? " " : "",
						names[k], v[k]);
	return len < size ? len : size;
}

/* Target and song on the same 0..1 scale, so the distance can be checked
 * (moodplay(1), MOOD MODEL). */
static void describe(struct moodq_pick *p, const struct plan_pick *k,
		     const struct moodq_plan *plan, unsigned artist_gap)
{
	char *b = p->reason;
	size_t size = sizeof(p->reason), n;

	if (plan->segment >= 0)
		n = (size_t)snprintf(b, size, "segment %s, centre ",
				     mood_segment_names[plan->segment]);
	else
		n = (size_t)snprintf(b, size, "target ");
	/* The circumplex aims tempo and loudness where it aims energy. */
	n += describe_vector(b + n, size - n, p->aim,
			     plan->segment >= 0 ? MOOD_DIMS
						: MOOD_DIM_ENERGY + 1);
	if (n < size)
		n += (size_t)snprintf(b + n, size - n, "; song ");
	if (n < size)
		n += describe_vector(b + n, size - n, p->song_at, MOOD_DIMS);
	if (n < size)
		snprintf(b + n, size - n, "; distance %.3f%s; %s match",
			 p->distance,
			 plan->segment >= 0 ? " (standardised)" : "",
			 match_kind_names[p->kind]);
	describe_bends(b, size, k, plan, artist_gap);
}

enum mp_status moodq_plan(struct moodq *q, const struct moodq_request *r,
			  struct moodq_plan **out, struct mp_error *err)
{
	struct moodq_plan *plan = xcalloc(1, sizeof(*plan));
	struct plan_arrays a = { 0 };
	struct plan_input in = { 0 };
	struct plan_shortfall short_why = { 0 };
	float centre[DS_NFEAT];
	size_t n_lib = q->library.n;
	enum mp_status rc = MP_OK;

	*out = NULL;
	plan->model = r->model;
	plan->strategy = r->strategy;
	plan->wanted = r->count;
	plan->emotion =
		r->have_probs ? mood_dominant(r->probs) : MOOD_NEMOTIONS;
	plan->mood = r->have_probs ? mood_from_probs(r->probs) : r->point;
	if (r->ema != NULL)
		plan->mood = mood_ema_update(r->ema, plan->mood, r->confidence,
					     r->now, q->conf->mood.half_life);
	if (r->count == 0 || !arrays_alloc(&a, n_lib, r->count)) {
		rc = r->count == 0 ? mp_error_set(err, MP_EINVAL,
						  _("no songs asked for"))
				   : mp_error_set(err, MP_ENOMEM,
						  _("out of memory planning"));
		goto done;
	}
	for (size_t i = 0; i < n_lib; i++)
		if (usable_kind(q->match[i].kind))
			a.cand[a.n++] = i;
	for (size_t i = 0; i < a.n; i++) {
		a.artist[i] = mood_plan_artist_key(
			q->library.items[a.cand[i]].artist);
		a.excluded[i] = q->recent[a.cand[i]];
		short_why.recent += a.excluded[i];
	}
	if (r->model == CONF_MOOD_SEGMENTS) {
		rc = segments_arrays(q, r, plan, &a, err);
		in.dims = SEG_DIMS;
		in.monotone_dim = -1;
	} else {
		circumplex_arrays(q, r, plan, &a);
		in.dims = MOOD_DIMS;
		in.monotone_dim =
			mood_strategy_monotone(r->strategy, &in.monotone_dir);
	}
	if (rc != MP_OK)
		goto done;
	in.n_songs = a.n;
	in.x = a.x;
	in.artist = a.artist;
	in.excluded = a.excluded;
	in.fallback = a.fallback;
	in.w = a.w;
	in.n = r->count;
	in.targets = a.targets;
	in.artist_gap = r->artist_gap;
	in.temperature = r->temperature;
	in.seed = r->seed;
	a.scratch = malloc(mood_plan_scratch_size(&in) + 1);
	plan->picks = calloc(r->count, sizeof(*plan->picks));
	if (a.scratch == NULL || plan->picks == NULL) {
		rc = mp_error_set(err, MP_ENOMEM, _("out of memory planning"));
		goto done;
	}
	plan->n = mood_plan(&in, a.scratch, a.picks);
	if (plan->segment >= 0)
		mood_segments_centre(&q->seg, (enum mood_segment)plan->segment,
				     centre);
	for (size_t i = 0; i < plan->n; i++) {
		struct moodq_pick *p = &plan->picks[i];
		size_t lib = a.cand[a.picks[i].song];

		p->song = &q->library.items[lib];
		p->kind = q->match[lib].kind;
		memcpy(p->f, q->match[lib].f, sizeof(p->f));
		p->target = a.points[i];
		mood_song_vector(p->f, p->song_at);
		if (plan->segment >= 0)
			mood_song_vector(centre, p->aim);
		else
			memcpy(p->aim, a.targets + i * MOOD_DIMS,
			       sizeof(p->aim));
		p->distance = a.picks[i].distance;
		p->bent = a.picks[i].bent;
		describe(p, &a.picks[i], plan, r->artist_gap);
	}
	short_why.wanted = plan->wanted;
	short_why.planned = plan->n;
	short_why.library = n_lib;
	short_why.matched = a.n;
	short_why.available = mood_plan_available(&in);
	mood_plan_shortfall_text(&short_why, plan->shortfall,
				 sizeof(plan->shortfall));
	if (plan->n == 0)
		rc = mp_error_set(err, MP_ENOENT, "%s", plan->shortfall);
done:
	arrays_free(&a);
	if (rc != MP_OK) {
		moodq_plan_free(plan);
		return rc;
	}
	*out = plan;
	return MP_OK;
}

/* Append the plan's URIs to the history file; a failure only costs the
 * history, so it is not an error of the queue change. */
static void append_history(const struct moodq_plan *p)
{
	char *path = xdg_path("XDG_STATE_HOME", ".local/state", "history");
	FILE *f;

	if (path == NULL)
		return;
	if (make_parents(path) == 0 && (f = fopen(path, "a")) != NULL) {
		for (size_t i = 0; i < p->n; i++)
			if (strchr(p->picks[i].song->uri, '\n') == NULL)
				fprintf(f, "%s\n", p->picks[i].song->uri);
		fclose(f);
	}
	free(path);
}

enum mp_status moodq_apply(struct moodq *q, struct mpdc *m,
			   const struct moodq_plan *p,
			   enum mpdc_queue_mode mode, bool play,
			   struct mp_error *err)
{
	const char **uris = xcalloc(p->n ? p->n : 1, sizeof(*uris));
	enum mp_status rc;

	for (size_t i = 0; i < p->n; i++)
		uris[i] = p->picks[i].song->uri;
	rc = mpdc_queue_apply(m, mode, uris, p->n, play, err);
	free(uris);
	if (rc == MP_OK) {
		append_history(p);
		for (size_t i = 0; i < p->n; i++)
			q->recent[(size_t)(p->picks[i].song -
					   q->library.items)] = true;
	}
	return rc;
}

/* The C locale for the state file's numbers, whatever LC_NUMERIC says. */
static locale_t c_numeric(void)
{
	static locale_t loc;

	if (loc == (locale_t)0)
		loc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	return loc;
}

/* The smoothing state between one-shot captures: "time valence arousal". */
static void ema_load(struct mood_ema *e)
{
	char *path = xdg_path("XDG_STATE_HOME", ".local/state", "mood");
	FILE *f = path ? fopen(path, "r") : NULL;
	locale_t old = uselocale(c_numeric());

	memset(e, 0, sizeof(*e));
	if (f != NULL) {
		e->set = fscanf(f, "%lf %lf %lf", &e->time, &e->point.valence,
				&e->point.arousal) == 3 &&
			 isfinite(e->point.valence) &&
			 isfinite(e->point.arousal);
		fclose(f);
	}
	uselocale(old);
	free(path);
}

static void ema_save(const struct mood_ema *e)
{
	char *path = xdg_path("XDG_STATE_HOME", ".local/state", "mood");
	FILE *f;

	if (path != NULL && make_parents(path) == 0 &&
	    (f = fopen(path, "w")) != NULL) {
		locale_t old = uselocale(c_numeric());

		fprintf(f, "%.3f %.6f %.6f\n", e->time, e->point.valence,
			e->point.arousal);
		uselocale(old);
		fclose(f);
	}
	free(path);
}

enum mp_status moodq_from_emotions(const struct conf *conf, struct mpdc *m,
				   const double probs[MOOD_NEMOTIONS],
				   double confidence, bool dry_run,
				   struct moodq **q_out,
				   struct moodq_plan **plan_out,
				   struct mp_error *err)
{
	struct moodq *q = moodq_new(conf);
	struct moodq_request r;
	struct mood_ema ema;
	struct moodq_plan *plan = NULL;
	enum mp_status rc;

	*q_out = NULL;
	*plan_out = NULL;
	moodq_request_init(&r, conf);
	r.have_probs = true;
	memcpy(r.probs, probs, sizeof(r.probs));
	r.confidence = confidence;
	ema_load(&ema);
	r.ema = &ema;
	r.now = (double)time(NULL);
	rc = moodq_load(q, m, err);
	if (rc == MP_OK)
		rc = moodq_plan(q, &r, &plan, err);
	if (rc == MP_OK && !dry_run)
		rc = moodq_apply(q, m, plan, queue_modes[conf->queue.mode],
				 conf->queue.play, err);
	if (rc != MP_OK) {
		moodq_plan_free(plan);
		moodq_free(q);
		return rc;
	}
	if (!dry_run)
		ema_save(&ema);
	*q_out = q;
	*plan_out = plan;
	return MP_OK;
}
