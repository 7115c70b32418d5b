/* moodplay - from a mood to an MPD queue (see mood-queue.h). */
#include "config.h"

#include "dataset/dataset-norm.h"
#include "base/i18n.h"
#include "mood/mood-plan.h"
#include "mood/mood-cache.h"
#include "mood/mood-queue.h"
#include "mood/mood-segments.h"
#include "base/file.h"
#include "base/xalloc.h"
#include "base/xdg.h"
#include "mood/mood-state.h"

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

static int uri_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Mark the library songs among the history's URIs as recent. */
static void mark_recent(struct moodq *q, const struct mood_history *h)
{
	const char **uris = xcalloc(h->n ? h->n : 1, sizeof(*uris));

	if (h->n > 0)
		memcpy(uris, h->uri, h->n * sizeof(*uris));
	qsort(uris, h->n, sizeof(*uris), uri_cmp);
	q->report.history = 0;
	for (size_t i = 0; i < q->library.n; i++) {
		const char *u = q->library.items[i].uri;

		q->recent[i] = h->n > 0 &&
			       bsearch(&u, uris, h->n, sizeof(*uris), uri_cmp);
		q->report.history += q->recent[i];
	}
	free(uris);
}

/* The recent songs are exactly the last queue.history songs of the
 * history file: the one source the CLI and the TUI share. */
static void load_history(struct moodq *q)
{
	struct mood_history h;

	mood_state_history_load(&h, (size_t)q->conf->queue.history);
	mark_recent(q, &h);
	mood_history_clear(&h);
}

void moodq_set_recent(struct moodq *q, const struct mood_history *h)
{
	mark_recent(q, h);
}

/* ---------------------------------------------------------------- cache
 *
 * The matched library, so that a later run skips loading the dataset and
 * listing the library.  The file starts with a key naming everything the
 * result depends on (MPD's server and database update time, each dataset
 * file's path, size and mtime, the matching options); any difference and
 * the cache is rebuilt.  The format is mood-cache.h's; only cache_read and
 * cache_write touch files. */

/* What the cached result depends on, malloc'd into *key; NULL when a
 * dataset file cannot be examined (loading it will say why).  Fails only
 * when MPD does. */
static enum mp_status cache_key(const struct moodq *q, struct mpdc *m,
				char **key, struct mp_error *err)
{
	const struct conf_dataset *cd = &q->conf->dataset;
	long long db = 0;
	enum mp_status rc = mpdc_db_update_time(m, &db, err);
	char *k;

	*key = NULL;
	if (rc != MP_OK)
		return rc;
	/* Integers only: a key in the user's number format would miss a
	 * cache written under another locale. */
	k = xasprintf("mpd %s\ndb %lld\ntolerance-ms %lld\ngenre %d\n",
		      mpdc_endpoint_describe(mpdc_endpoint(m)), db,
		      llround(cd->duration_tolerance * 1000.0),
		      cd->genre_fallback);
	for (size_t i = 0; i < cd->files.n; i++) {
		struct stat sb;
		char *more;

		if (stat(cd->files.v[i], &sb) != 0) {
			free(k);
			return MP_OK;
		}
		more = xasprintf("%sfile %s %lld %lld.%09ld\n", k,
				 cd->files.v[i], (long long)sb.st_size,
				 (long long)sb.st_mtim.tv_sec,
				 sb.st_mtim.tv_nsec);
		free(k);
		k = more;
	}
	*key = k;
	return MP_OK;
}

/* Take over a decoded cache whose key is key and whose files are the
 * configured ones; false, leaving q as unload() left it, when it does not
 * fit. */
static bool cache_take(struct moodq *q, struct mood_cache *c, const char *key)
{
	if (strcmp(c->key, key) != 0 ||
	    c->n_files != q->conf->dataset.files.n) {
		mood_cache_clear(c);
		return false;
	}
	q->files = xcalloc(c->n_files ? c->n_files : 1, sizeof(*q->files));
	q->report.files = q->files;
	q->report.n_files = c->n_files;
	for (size_t i = 0; i < c->n_files; i++) {
		q->files[i].path = q->conf->dataset.files.v[i];
		q->files[i].stats = c->stats[i];
	}
	q->report.tracks = c->tracks;
	q->library = c->songs;
	song_list_init(&c->songs);
	q->match = c->match;
	c->match = NULL;
	q->recent =
		xcalloc(q->library.n ? q->library.n : 1, sizeof(*q->recent));
	q->cache = c->buf; /* the reasons point into it */
	c->buf = NULL;
	mood_cache_clear(c);
	q->report.library = q->library.n;
	q->report.from_cache = true;
	return true;
}

static char *cache_path(void)
{
	return xdg_path(XDG_CACHE, "match.cache");
}

/* The cache, if it exists and its key is key. */
static bool cache_read(struct moodq *q, const char *key)
{
	char *path = cache_path();
	size_t len = 0;
	bool cut = false;
	char *buf = NULL;

	struct mood_cache c;

	if (path == NULL ||
	    file_read_tail(path, MOOD_CACHE_MAX_BYTES, &buf, &len, &cut,
			   NULL) != MP_OK ||
	    cut) {
		free(path);
		free(buf);
		return false;
	}
	free(path);
	return mood_cache_decode(buf, len, &c, NULL) == MP_OK &&
	       cache_take(q, &c, key);
}

/* Write the cache (through a temporary file renamed over the old one); a
 * failure only costs speed next time, so it is not reported. */
static void cache_write(const struct moodq *q, const char *key)
{
	char *path = cache_path(), *bytes = NULL;
	struct mood_cache c = { .key = key,
				.n_files = q->report.n_files,
				.tracks = q->report.tracks,
				.songs = q->library,
				.match = q->match };
	size_t len;

	if (path == NULL)
		return;
	c.stats = xcalloc(c.n_files ? c.n_files : 1, sizeof(*c.stats));
	for (size_t i = 0; i < c.n_files; i++)
		c.stats[i] = q->files[i].stats;
	if (mood_cache_encode(&c, &bytes, &len, NULL) == MP_OK &&
	    xdg_make_parents(path) == 0)
		file_write_atomic(path, bytes, len, NULL);
	free(c.stats);
	free(bytes);
	free(path);
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

void moodq_set_library(struct moodq *q, struct mp_song_list *songs,
		       struct match_result *match)
{
	unload(q);
	q->library = *songs;
	song_list_init(songs);
	q->match = match;
	q->recent =
		xcalloc(q->library.n ? q->library.n : 1, sizeof(*q->recent));
	q->report.library = q->library.n;
	count_kinds(q);
	load_history(q);
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
				  ngettext("out of memory matching %zu song",
					   "out of memory matching %zu songs",
					   q->library.n),
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

void moodq_request_capture(struct moodq_request *r,
			   const double probs[MOOD_NEMOTIONS],
			   double confidence)
{
	r->source = MOOD_SOURCE_CAMERA;
	r->current = false;
	r->calibrated = false;
	r->have_probs = true;
	memcpy(r->probs, probs, sizeof(r->probs));
	r->confidence = confidence;
}

void moodq_request_pick(struct moodq_request *r, enum mood_source source,
			const double *probs, struct mood_point point)
{
	r->source = source;
	r->current = false;
	r->calibrated = false;
	r->have_probs = probs != NULL;
	if (probs != NULL)
		memcpy(r->probs, probs, sizeof(r->probs));
	r->point = point;
	r->confidence = 1;
}

void moodq_request_current(struct moodq_request *r)
{
	r->source = MOOD_SOURCE_PICKED;
	r->current = true;
	r->have_probs = false;
}

/* The mood to plan for, and the caller's state after it. */
static struct mood_point request_mood(const struct moodq *q,
				      const struct moodq_request *r)
{
	struct mood_point p;

	if (r->current)
		return r->ema != NULL && r->ema->set
			       ? r->ema->point
			       : (struct mood_point){ 0, 0 };
	p = r->have_probs ? mood_from_probs(r->probs) : r->point;
	if (r->ema == NULL)
		return p;
	if (r->source == MOOD_SOURCE_CAMERA)
		return mood_ema_update(r->ema, p, r->confidence, r->now,
				       q->conf->mood.half_life);
	/* A picked mood is what the listener says they want: it replaces
	 * the smoothed one, and later captures smooth from it. */
	r->ema->set = true;
	r->ema->time = r->now;
	r->ema->point = p;
	return p;
}

void moodq_plan_record(const struct moodq_plan *p, double now, unsigned queued,
		       struct mood_record *rec)
{
	memset(rec, 0, sizeof(*rec));
	rec->time = now;
	rec->source = p->source;
	rec->has_probs = p->have_probs;
	memcpy(rec->probs, p->probs, sizeof(rec->probs));
	rec->valence = p->mood.valence;
	rec->arousal = p->mood.arousal;
	rec->strategy = p->strategy;
	rec->queued = queued;
	rec->calibrated = p->calibrated;
}

enum mpdc_queue_mode moodq_queue_mode(enum conf_queue_mode mode)
{
	static const enum mpdc_queue_mode modes[CONF_QUEUE_MODE_COUNT] = {
		[CONF_QUEUE_REPLACE_UPCOMING] = MPDC_QUEUE_REPLACE_UPCOMING,
		[CONF_QUEUE_REPLACE] = MPDC_QUEUE_REPLACE,
		[CONF_QUEUE_APPEND] = MPDC_QUEUE_APPEND,
	};

	return modes[mode];
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
	plan->source = r->source;
	plan->calibrated = r->calibrated && !r->current;
	plan->have_probs = r->have_probs && !r->current;
	if (plan->have_probs) {
		double sum = 0;

		for (int e = 0; e < MOOD_NEMOTIONS; e++)
			sum += r->probs[e];
		for (int e = 0; e < MOOD_NEMOTIONS; e++)
			plan->probs[e] = sum > 0 ? r->probs[e] / sum : 0;
	}
	plan->emotion =
		plan->have_probs ? mood_dominant(r->probs) : MOOD_NEMOTIONS;
	plan->mood = request_mood(q, r);
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

enum mp_status moodq_apply(struct moodq *q, struct mpdc *m,
			   const struct moodq_plan *p,
			   enum mpdc_queue_mode mode, bool play,
			   struct mp_error *err)
{
	const char **uris = xcalloc(p->n ? p->n : 1, sizeof(*uris));
	enum mp_status rc;

	for (size_t i = 0; i < p->n; i++)
		uris[i] = p->picks[i].song->uri;
	if (p->n == 0) {
		free(uris);
		return mp_error_set(err, MP_ENOENT, "%s", p->shortfall);
	}
	rc = mpdc_queue_apply(m, mode, uris, p->n, play, err);
	/* A failure to write the history only costs the history, so it is
	 * not an error of the queue change. */
	if (rc == MP_OK)
		mood_state_history_append(uris, p->n, NULL);
	free(uris);
	if (rc == MP_OK)
		load_history(q);
	return rc;
}
