/* moodplay - calibration to the user's resting face (see mood-calib.h and
 * moodplay(1), CALIBRATION). */
#include "config.h"

#include "base/i18n.h"
#include "base/xalloc.h"
#include "mood/mood-calib.h"
#include "base/file.h"
#include "base/xdg.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const unsigned mood_calib_train_counts[MOOD_NEMOTIONS] = {
	[MOOD_ANGRY] = 3995,   [MOOD_DISGUST] = 436, [MOOD_FEAR] = 4097,
	[MOOD_HAPPY] = 7215,   [MOOD_SAD] = 4830,    [MOOD_SURPRISE] = 3171,
	[MOOD_NEUTRAL] = 4965,
};

#define CALIB_MAGIC "# moodplay calibration"
#define CALIB_MAX_BYTES 4096

void mood_calib_add(struct mood_calib *c, const double p[MOOD_NEMOTIONS])
{
	double total = 0;

	for (int e = 0; e < MOOD_NEMOTIONS; e++)
		total += p[e] > 0 ? p[e] : 0;
	if (c->faces >= MOOD_CALIB_MAX_FACES)
		return;
	c->faces++;
	for (int e = 0; e < MOOD_NEMOTIONS; e++) {
		double q = total > 0 && p[e] > 0 ? p[e] / total : 0;
		double l = log(q > MOOD_CALIB_FLOOR ? q : MOOD_CALIB_FLOOR);

		c->baseline[e] += (l - c->baseline[e]) / c->faces;
	}
}

/* The reference's log-probabilities: what a resting face should read. */
static void reference(double r[MOOD_NEMOTIONS])
{
	double others = 0;

	for (int e = 0; e < MOOD_NEMOTIONS; e++)
		if (e != MOOD_NEUTRAL)
			others += mood_calib_train_counts[e];
	for (int e = 0; e < MOOD_NEMOTIONS; e++)
		r[e] = e == MOOD_NEUTRAL
			       ? log(MOOD_CALIB_REST_NEUTRAL)
			       : log((1 - MOOD_CALIB_REST_NEUTRAL) *
				     mood_calib_train_counts[e] / others);
}

static void centre(double v[MOOD_NEMOTIONS])
{
	double mean = 0;

	for (int e = 0; e < MOOD_NEMOTIONS; e++)
		mean += v[e] / MOOD_NEMOTIONS;
	for (int e = 0; e < MOOD_NEMOTIONS; e++)
		v[e] -= mean;
}

void mood_calib_apply(const struct mood_calib *c, double fraction,
		      const double p[MOOD_NEMOTIONS],
		      double out[MOOD_NEMOTIONS])
{
	double r[MOOD_NEMOTIONS], b[MOOD_NEMOTIONS], l[MOOD_NEMOTIONS];
	double top = -INFINITY, total = 0, sum = 0;

	for (int e = 0; e < MOOD_NEMOTIONS; e++)
		sum += p[e] > 0 ? p[e] : 0;
	if (c == NULL || c->faces == 0 || !(fraction > 0) || sum <= 0) {
		for (int e = 0; e < MOOD_NEMOTIONS; e++)
			out[e] = sum > 0 && p[e] > 0 ? p[e] / sum : 0;
		return;
	}
	fraction = fraction > 1 ? 1 : fraction;
	reference(r);
	memcpy(b, c->baseline, sizeof(b));
	centre(r);
	centre(b);
	for (int e = 0; e < MOOD_NEMOTIONS; e++) {
		double q = p[e] / sum;

		l[e] = log(q > MOOD_CALIB_FLOOR ? q : MOOD_CALIB_FLOOR) -
		       fraction * (b[e] - r[e]);
		top = l[e] > top ? l[e] : top;
	}
	for (int e = 0; e < MOOD_NEMOTIONS; e++)
		total += out[e] = exp(l[e] - top);
	for (int e = 0; e < MOOD_NEMOTIONS; e++)
		out[e] /= total;
}

/* Numbers in the file are C-locale whatever LC_NUMERIC says. */
static locale_t c_numeric(void)
{
	static locale_t loc;

	if (loc == (locale_t)0)
		loc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	return loc;
}

int mood_calib_format(const struct mood_calib *c, char *buf, size_t size)
{
	locale_t old = uselocale(c_numeric());
	int n = snprintf(buf, size,
			 CALIB_MAGIC ": mean log-probabilities of the resting "
				     "face\nfaces %u\n",
			 c->faces);

	for (int e = 0; e < MOOD_NEMOTIONS && n >= 0; e++) {
		size_t at = (size_t)n < size ? (size_t)n : size;
		int m = snprintf(buf + at, size - at, "%s %.6f\n",
				 mood_emotion_names[e], c->baseline[e]);

		n = m < 0 ? m : n + m;
	}
	uselocale(old);
	return n;
}

enum mp_status mood_calib_parse(struct mood_calib *c, const char *text,
				const char *name, struct mp_error *err)
{
	bool seen[MOOD_NEMOTIONS] = { false }, have_faces = false;
	struct mood_calib got = { 0 };
	locale_t old = uselocale(c_numeric());
	enum mp_status rc = MP_OK;
	unsigned line = 0;

	for (const char *s = text; *s != '\0' && rc == MP_OK;) {
		const char *nl = strchr(s, '\n');
		size_t len = nl != NULL ? (size_t)(nl - s) : strlen(s);
		char buf[128], key[32], *end, *p;
		size_t klen;
		double v;
		enum mood_emotion e;

		line++;
		if (len >= sizeof(buf)) {
			rc = mp_error_set(err, MP_EINVAL,
					  _("%s:%u: line too long"), name,
					  line);
			break;
		}
		memcpy(buf, s, len);
		buf[len] = '\0';
		s += len + (nl != NULL);
		p = buf + strspn(buf, " \t");
		klen = strcspn(p, " \t\r");
		if (p[0] == '#' || klen == 0)
			continue;
		if (klen >= sizeof(key)) {
			rc = mp_error_set(err, MP_EINVAL,
					  _("%s:%u: expected 'NAME VALUE'"),
					  name, line);
			break;
		}
		memcpy(key, p, klen);
		key[klen] = '\0';
		errno = 0;
		v = strtod(p + klen, &end);
		while (*end == ' ' || *end == '\t' || *end == '\r')
			end++;
		if (errno != 0 || end == p + klen || *end != '\0' ||
		    !isfinite(v)) {
			rc = mp_error_set(err, MP_EINVAL,
					  _("%s:%u: %s: not a number"), name,
					  line, key);
			break;
		}
		if (strcmp(key, "faces") == 0) {
			/* Checked before the conversion: a count past
			 * UINT_MAX has no unsigned value. */
			if (have_faces || v < 1 || v > MOOD_CALIB_MAX_FACES ||
			    v != floor(v)) {
				rc = mp_error_set(
					err, MP_EINVAL,
					_("%s:%u: faces: a count from 1 to %d "
					  "given once"),
					name, line, MOOD_CALIB_MAX_FACES);
				break;
			}
			got.faces = (unsigned)v;
			have_faces = true;
			continue;
		}
		e = mood_emotion_from_name(key);
		if (e == MOOD_NEMOTIONS || seen[e] || v < -50 || v > 0) {
			rc = mp_error_set(
				err, MP_EINVAL,
				e == MOOD_NEMOTIONS
					? _("%s:%u: %s: not an expression")
				: seen[e] ? _("%s:%u: %s: given twice")
					  : _("%s:%u: %s: a log-probability "
					      "from -50 to 0"),
				name, line, key);
			break;
		}
		seen[e] = true;
		got.baseline[e] = v;
	}
	uselocale(old);
	if (rc != MP_OK)
		return rc;
	if (!have_faces)
		return mp_error_set(err, MP_EINVAL, _("%s: no 'faces' line"),
				    name);
	for (int e = 0; e < MOOD_NEMOTIONS; e++)
		if (!seen[e])
			return mp_error_set(err, MP_EINVAL,
					    _("%s: no line for %s"), name,
					    mood_emotion_names[e]);
	*c = got;
	return MP_OK;
}

char *mood_calib_path(void)
{
	return xdg_path(XDG_STATE, "calibration");
}

enum mp_status mood_calib_load(struct mood_calib *c, struct mp_error *err)
{
	char *path = mood_calib_path(), *buf = NULL;
	size_t n = 0;
	enum mp_status rc;

	if (path == NULL)
		return mp_error_set(err, MP_ENOENT,
				    _("no calibration: $HOME is not set"));
	rc = file_read(path, CALIB_MAX_BYTES, &buf, &n, err);
	if (rc == MP_ENOMEM || (rc == MP_OK && strlen(buf) != n))
		rc = mp_error_set(err, MP_EINVAL,
				  _("%s: not a calibration file"), path);
	if (rc == MP_OK)
		rc = mood_calib_parse(c, buf, path, err);
	free(buf);
	free(path);
	return rc;
}

enum mp_status mood_calib_save(const struct mood_calib *c, struct mp_error *err)
{
	char *path = mood_calib_path(), buf[CALIB_MAX_BYTES];
	int n = mood_calib_format(c, buf, sizeof(buf));
	enum mp_status rc;

	if (path == NULL)
		return mp_error_set(err, MP_ERR,
				    _("cannot save the calibration: $HOME is "
				      "not set"));
	/* Through a temporary file: a reader never sees half a baseline. */
	if (n < 0 || (size_t)n >= sizeof(buf) || xdg_make_parents(path) != 0)
		rc = mp_error_set(err, MP_ERR, _("cannot write %s: %s"), path,
				  strerror(errno));
	else
		rc = file_write_atomic(path, buf, (size_t)n, err);
	free(path);
	return rc;
}

enum mp_status mood_calib_from_conf(const struct conf *conf,
				    struct mood_calib *c, struct mp_error *err)
{
	enum mp_status rc;

	memset(c, 0, sizeof(*c));
	if (!conf->mood.calibration)
		return MP_OK;
	rc = mood_calib_load(c, err);
	if (rc == MP_ENOENT) {
		memset(c, 0, sizeof(*c));
		return MP_OK;
	}
	return rc;
}
