/* moodplay - state files between runs (see mood-state.h). */
#include "config.h"

#include "mood/mood-state.h"
#include "base/file.h"
#include "base/i18n.h"
#include "base/xalloc.h"
#include "base/xdg.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Largest tail of the history file read: enough for thousands of URIs. */
#define HISTORY_MAX_BYTES (4 << 20)
#define EMA_MAX_BYTES 4096

const char *const mood_source_names[MOOD_SOURCE_COUNT] = {
	[MOOD_SOURCE_CAMERA] = "camera",
	[MOOD_SOURCE_PICKED] = "picked",
	[MOOD_SOURCE_CLI] = "cli",
};

/* The C locale for the files' numbers, whatever LC_NUMERIC says. */
static locale_t c_numeric(void)
{
	static locale_t loc;

	if (loc == (locale_t)0)
		loc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	return loc;
}

/* A time moodplay could have written: finite, after 2000, not ahead of
 * now by more than the clock skew allowed. */
static bool valid_time(double t, double now, struct mp_error *err)
{
	if (!isfinite(t) || t < 946684800.0)
		return mp_error_set(err, MP_EINVAL, _("time is not valid")),
		       false;
	if (t > now + MOOD_STATE_SKEW)
		return mp_error_set(err, MP_EINVAL, _("time is in the future")),
		       false;
	return true;
}

static bool valid_unit(double v, double lo, double hi, const char *what,
		       struct mp_error *err)
{
	if (!isfinite(v) || v < lo || v > hi)
		return mp_error_set(err, MP_EINVAL,
				    _("%s is not a number from %g to %g"), what,
				    lo, hi),
		       false;
	return true;
}

enum mp_status mood_state_ema_parse(const char *text, double now,
				    struct mood_ema *e, struct mp_error *err)
{
	locale_t old = uselocale(c_numeric());
	struct mood_ema v = { 0 };
	int end = 0;
	int got = sscanf(text, "%lf %lf %lf %n", &v.time, &v.point.valence,
			 &v.point.arousal, &end);

	uselocale(old);
	memset(e, 0, sizeof(*e));
	if (got != 3 || text[end] != '\0')
		return mp_error_set(err, MP_EINVAL,
				    _("not \"time valence arousal\""));
	if (!valid_time(v.time, now, err) ||
	    !valid_unit(v.point.valence, -1, 1, "valence", err) ||
	    !valid_unit(v.point.arousal, -1, 1, "arousal", err))
		return MP_EINVAL;
	v.set = true;
	*e = v;
	return MP_OK;
}

enum mp_status mood_state_ema_load(struct mood_ema *e, double now,
				   struct mp_error *err)
{
	char *path = xdg_path(XDG_STATE, "mood"), *text = NULL;
	size_t len;
	enum mp_status rc;

	memset(e, 0, sizeof(*e));
	if (path == NULL)
		return MP_OK;
	rc = file_read(path, EMA_MAX_BYTES, &text, &len, err);
	if (rc == MP_ENOENT)
		rc = MP_OK;
	else if (rc == MP_OK && strlen(text) != len)
		rc = mp_error_set(err, MP_EINVAL, _("a NUL byte"));
	else if (rc == MP_OK)
		rc = mood_state_ema_parse(text, now, e, err);
	if (rc != MP_OK)
		mp_error_prefix(err, _("%s: ignored"), path);
	free(text);
	free(path);
	return rc;
}

enum mp_status mood_state_ema_save(const struct mood_ema *e,
				   struct mp_error *err)
{
	char *path = xdg_path(XDG_STATE, "mood");
	char line[128];
	locale_t old;
	enum mp_status rc;

	if (path == NULL)
		return mp_error_set(err, MP_ERR,
				    _("no $HOME nor $XDG_STATE_HOME"));
	old = uselocale(c_numeric());
	snprintf(line, sizeof(line), "%.3f %.6f %.6f\n", e->time,
		 e->point.valence, e->point.arousal);
	uselocale(old);
	if (xdg_make_parents(path) != 0)
		rc = mp_error_set(err, MP_ERR, _("cannot create %s: %s"), path,
				  strerror(errno));
	else
		rc = file_write_atomic(path, line, strlen(line), err);
	free(path);
	return rc;
}

/* ------------------------------------------------------------ history */

void mood_history_parse(struct mood_history *h, char *text, size_t len,
			bool cut, size_t want)
{
	size_t n = 0, first;

	memset(h, 0, sizeof(*h));
	h->buf = text;
	if (text == NULL || want == 0)
		return;
	h->uri = xcalloc(len / 2 + 1, sizeof(*h->uri));
	for (char *line = text, *nl; line < text + len; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(text + len - line));
		if (nl == NULL)
			nl = text + len; /* the last line, unterminated */
		*nl = '\0';
		if (*line != '\0' && !(cut && line == text) &&
		    strlen(line) == (size_t)(nl - line))
			h->uri[n++] = line;
	}
	/* The newest lines are the ones that count. */
	first = n > want ? n - want : 0;
	if (first > 0)
		memmove(h->uri, h->uri + first, (n - first) * sizeof(*h->uri));
	h->n = n - first;
}

void mood_state_history_load(struct mood_history *h, size_t want)
{
	char *path = want > 0 ? xdg_path(XDG_STATE, "history") : NULL;
	char *text = NULL;
	size_t len = 0;
	bool cut = false;

	memset(h, 0, sizeof(*h));
	/* Without the file (or memory), no history: the plan may repeat
	 * songs, nothing worse. */
	if (path != NULL && file_read_tail(path, HISTORY_MAX_BYTES, &text, &len,
					   &cut, NULL) != MP_OK)
		text = NULL;
	free(path);
	mood_history_parse(h, text, len, cut, want);
}

void mood_history_clear(struct mood_history *h)
{
	free(h->buf);
	free(h->uri);
	memset(h, 0, sizeof(*h));
}

/* Append text to the state file name, creating it and its folders. */
static enum mp_status append_text(const char *name, const char *text,
				  size_t len, struct mp_error *err)
{
	char *path = xdg_path(XDG_STATE, name);
	FILE *f = NULL;
	enum mp_status rc = MP_OK;

	if (path == NULL)
		return mp_error_set(err, MP_ERR,
				    _("no $HOME nor $XDG_STATE_HOME"));
	if (xdg_make_parents(path) != 0 || (f = fopen(path, "a")) == NULL)
		rc = mp_error_set(err, MP_ERR, _("cannot open %s: %s"), path,
				  strerror(errno));
	if (f != NULL) {
		bool ok = fwrite(text, 1, len, f) == len;

		if (fclose(f) != 0 || !ok)
			rc = mp_error_set(err, MP_ERR, _("cannot write %s: %s"),
					  path, strerror(errno));
	}
	free(path);
	return rc;
}

enum mp_status mood_state_history_append(const char *const *uris, size_t n,
					 struct mp_error *err)
{
	size_t len = 0, off = 0;
	char *text;
	enum mp_status rc;

	for (size_t i = 0; i < n; i++)
		if (strchr(uris[i], '\n') == NULL)
			len += strlen(uris[i]) + 1;
	text = xmalloc(len + 1);
	for (size_t i = 0; i < n; i++)
		if (strchr(uris[i], '\n') == NULL)
			off += (size_t)sprintf(text + off, "%s\n", uris[i]);
	rc = len > 0 ? append_text("history", text, len, err) : MP_OK;
	free(text);
	return rc;
}

/* ------------------------------------------------------------ mood runs */

void mood_record_format(const struct mood_record *r, char *buf, size_t size)
{
	locale_t old = uselocale(c_numeric());
	int n = snprintf(buf, size, "%.3f %s %s %u %d %.4f %.4f", r->time,
			 mood_source_names[r->source],
			 conf_mood_strategy_names[r->strategy], r->queued,
			 r->calibrated ? 1 : 0, r->valence, r->arousal);

	for (int e = 0; e < MOOD_NEMOTIONS && n > 0 && (size_t)n < size; e++)
		n += snprintf(buf + n, size - (size_t)n, " %.4f",
			      r->has_probs ? r->probs[e] : -1.0);
	uselocale(old);
}

static int name_index(const char *const *names, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

bool mood_record_parse(const char *line, double now, struct mood_record *r,
		       struct mp_error *err)
{
	char source[16], strategy[16];
	locale_t old = uselocale(c_numeric());
	int calibrated = 0, end = 0, src, strat, got;
	double *p = r->probs;
	int negative = 0;

	memset(r, 0, sizeof(*r));
	got = sscanf(line,
		     "%lf %15s %15s %u %d %lf %lf %lf %lf %lf %lf %lf %lf "
		     "%lf %n",
		     &r->time, source, strategy, &r->queued, &calibrated,
		     &r->valence, &r->arousal, &p[0], &p[1], &p[2], &p[3],
		     &p[4], &p[5], &p[6], &end);
	uselocale(old);
	if (got != 14 || line[end] != '\0')
		return mp_error_set(err, MP_EINVAL, _("not a mood record")),
		       false;
	src = name_index(mood_source_names, MOOD_SOURCE_COUNT, source);
	strat = name_index(conf_mood_strategy_names, CONF_STRATEGY_COUNT,
			   strategy);
	if (src < 0 || strat < 0 || (calibrated != 0 && calibrated != 1) ||
	    r->queued > 100000)
		return mp_error_set(err, MP_EINVAL, _("not a mood record")),
		       false;
	if (!valid_time(r->time, now, err) ||
	    !valid_unit(r->valence, -1, 1, "valence", err) ||
	    !valid_unit(r->arousal, -1, 1, "arousal", err))
		return false;
	for (int e = 0; e < MOOD_NEMOTIONS; e++) {
		/* -1 everywhere marks a mood given without probabilities. */
		if (p[e] == -1.0) {
			negative++;
			continue;
		}
		if (!valid_unit(p[e], 0, 1, "probability", err))
			return false;
	}
	if (negative != 0 && negative != MOOD_NEMOTIONS)
		return mp_error_set(err, MP_EINVAL, _("not a mood record")),
		       false;
	r->has_probs = negative == 0;
	if (!r->has_probs)
		memset(r->probs, 0, sizeof(r->probs));
	r->source = (enum mood_source)src;
	r->strategy = (enum conf_mood_strategy)strat;
	r->calibrated = calibrated == 1;
	return true;
}

/* Past the bound, keep the newer half of the lines (whole lines). */
static void moods_trim(const char *path)
{
	char *text = NULL, *start;
	size_t len = 0;
	bool cut = false;

	if (file_read_tail(path, MOOD_STATE_MOODS_MAX / 2, &text, &len, &cut,
			   NULL) != MP_OK)
		return;
	start = text;
	if (cut) {
		char *nl = strchr(text, '\n');

		start = nl != NULL ? nl + 1 : text + len;
	}
	file_write_atomic(path, start, len - (size_t)(start - text), NULL);
	free(text);
}

enum mp_status mood_state_moods_append(const struct mood_record *r,
				       struct mp_error *err)
{
	char line[512];
	char *path;
	enum mp_status rc;

	mood_record_format(r, line, sizeof(line) - 1);
	strcat(line, "\n");
	rc = append_text("moods", line, strlen(line), err);
	path = xdg_path(XDG_STATE, "moods");
	if (rc == MP_OK && path != NULL) {
		FILE *f = fopen(path, "r");

		if (f != NULL) {
			long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : 0;

			fclose(f);
			if (size > MOOD_STATE_MOODS_MAX)
				moods_trim(path);
		}
	}
	free(path);
	return rc;
}

enum mp_status mood_state_moods_load(double since, size_t limit, double now,
				     struct mood_record **out, size_t *n,
				     size_t *bad, struct mp_error *err)
{
	char *path = xdg_path(XDG_STATE, "moods"), *text = NULL;
	size_t len = 0, cap = 0, nbad = 0;
	struct mood_record *v = NULL;
	enum mp_status rc = MP_OK;

	*out = NULL;
	*n = 0;
	if (path != NULL)
		rc = file_read(path, 2 * MOOD_STATE_MOODS_MAX, &text, &len,
			       err);
	free(path);
	if (rc == MP_ENOENT)
		rc = MP_OK;
	for (char *line = text, *nl;
	     rc == MP_OK && line != NULL && line < text + len; line = nl + 1) {
		struct mood_record r;

		nl = memchr(line, '\n', (size_t)(text + len - line));
		if (nl == NULL)
			nl = text + len;
		*nl = '\0';
		if (*line == '\0')
			continue;
		if (!mood_record_parse(line, now, &r, NULL)) {
			nbad++;
			continue;
		}
		if (r.time < since)
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		v[(*n)++] = r;
	}
	free(text);
	if (limit > 0 && *n > limit) {
		memmove(v, v + (*n - limit), limit * sizeof(*v));
		*n = limit;
	}
	if (bad != NULL)
		*bad = nbad;
	*out = v;
	return rc;
}
