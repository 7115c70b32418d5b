/* moodplay - the TUI's mood runs over the planner (mood-queue.h). */
#include "config.h"

#include "ui/ui-mood.h"
#include "base/i18n.h"
#include "mood/mood-auto.h"
#include "mood/mood-calib.h"
#include "base/stop.h"
#include "base/xalloc.h"
#include "mood/mood-queue.h"
#include "mood/mood-state.h"
#include "snapshot/snapshot-run.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ui_mood {
	const struct conf *conf;
	struct mpdc_endpoint ep;
	struct moodq *q;
	atomic_bool stale; /* reload the library before planning */
	bool loaded;
	struct mood_ema ema;
	struct mood_auto autost; /* the last plan queued, for continuous mode */
	struct moodq_plan *plan; /* the last run's, for ui_mood_apply */
	double plan_time;        /* when it was made, for its record */
	char nofit[MP_ERROR_MAX]; /* why the last run planned no song */
	/* The snapshot stages, made on the worker at the first capture. */
	struct snapshot_run *run;
};

struct ui_mood *ui_mood_new(const struct conf *conf,
			    const struct mpdc_endpoint *ep)
{
	struct ui_mood *pm = xcalloc(1, sizeof(*pm));

	pm->conf = conf;
	mpdc_endpoint_copy(&pm->ep, ep);
	pm->q = moodq_new(conf);
	return pm;
}

void ui_mood_free(struct ui_mood *pm)
{
	if (pm == NULL)
		return;
	moodq_plan_free(pm->plan);
	moodq_free(pm->q);
	snapshot_run_free(pm->run);
	mpdc_endpoint_clear(&pm->ep);
	free(pm);
}

void ui_mood_invalidate(struct ui_mood *pm)
{
	atomic_store(&pm->stale, true);
}

void ui_mood_result_clear(struct ui_mood_result *r)
{
	for (size_t i = 0; i < r->n_plan; i++) {
		free(r->plan[i].uri);
		free(r->plan[i].label);
		free(r->plan[i].reason);
	}
	free(r->plan);
	free(r->shortfall);
	free(r->notice);
	free(r->pixels);
	memset(r, 0, sizeof(*r));
	r->emotion = MOOD_NEMOTIONS;
}

void ui_mood_result_copy_plan(struct ui_mood_result *to,
			      const struct ui_mood_result *from)
{
	if (to->n_plan > 0 || from->n_plan == 0)
		return;
	free(to->plan);
	to->plan = xcalloc(from->n_plan, sizeof(*to->plan));
	for (size_t i = 0; i < from->n_plan; i++) {
		to->plan[i].uri = xstrdup(from->plan[i].uri);
		to->plan[i].label = xstrdup(from->plan[i].label);
		to->plan[i].reason = xstrdup(from->plan[i].reason);
	}
	to->n_plan = from->n_plan;
}

/* Dataset, library and matching, on the worker's own connection. */
static enum mp_status ui_mood_load(struct ui_mood *pm, struct ui_job *job,
				   struct mp_error *err)
{
	struct mpdc *m;
	enum mp_status rc;

	if (pm->loaded && !atomic_exchange(&pm->stale, false))
		return MP_OK;
	ui_job_stage(job, _("loading the dataset"));
	m = mpdc_new(&pm->ep, (unsigned)(pm->conf->mpd.timeout * 1000.0), 0);
	rc = mpdc_connect(m, err);
	if (rc == MP_OK)
		rc = moodq_load(pm->q, m, err);
	mpdc_free(m);
	pm->loaded = rc == MP_OK;
	return rc;
}

static enum mp_status ui_mood_fill(const struct moodq_plan *plan,
				   struct ui_mood_result *res,
				   struct mp_error *err)
{
	res->plan = calloc(plan->n ? plan->n : 1, sizeof(*res->plan));
	if (res->plan == NULL)
		return mp_error_set(err, MP_ENOMEM, _("out of memory"));
	for (size_t i = 0; i < plan->n; i++) {
		const struct mp_song *s = plan->picks[i].song;

		res->plan[i].uri = xstrdup(s->uri);
		res->plan[i].label =
			s->artist != NULL
				? xasprintf("%s \xe2\x80\x94 %s", s->artist,
					    song_display_title(s))
				: xstrdup(song_display_title(s));
		res->plan[i].reason = xstrdup(plan->picks[i].reason);
		res->n_plan++;
	}
	if (plan->shortfall[0] != '\0')
		res->shortfall = xstrdup(plan->shortfall);
	res->emotion = plan->emotion;
	res->valence = plan->mood.valence;
	res->arousal = plan->mood.arousal;
	res->strategy = plan->strategy;
	res->when = time(NULL);
	return MP_OK;
}

static bool ui_mood_cancelled(void *job)
{
	return ui_job_cancelled(job);
}

/* Keep the snapshot and the face box for the Mood screen. */
static void ui_mood_keep_image(const struct snapshot_result *s,
			       struct ui_mood_result *res)
{
	const struct image *im = s->image;
	unsigned char *px;

	if (im == NULL || im->w <= 0 || im->h <= 0)
		return;
	px = malloc((size_t)im->w * (size_t)im->h);
	if (px == NULL)
		return; /* the screen then shows no picture; nothing else lost */
	for (int y = 0; y < im->h; y++)
		memcpy(px + (size_t)y * (size_t)im->w,
		       im->px + (size_t)y * im->stride, (size_t)im->w);
	res->pixels = px;
	res->width = (unsigned)im->w;
	res->height = (unsigned)im->h;
	res->channels = 1;
	res->has_face = s->has_face;
	if (s->has_face) {
		res->face_x = (unsigned)s->face.x;
		res->face_y = (unsigned)s->face.y;
		res->face_w = (unsigned)s->face.w;
		res->face_h = (unsigned)s->face.h;
	}
}

/* capture -> face -> classify: the expression probabilities into r and
 * res (calibrated, unless raw), the snapshot into res. */
static enum mp_status ui_mood_capture(struct ui_mood *pm, struct ui_job *job,
				      bool raw, struct moodq_request *r,
				      struct ui_mood_result *res,
				      struct mp_error *err)
{
	struct snapshot_result s;
	struct stop stop;
	double probs[MOOD_NEMOTIONS];
	uint8_t *data = NULL;
	size_t len = 0;
	enum mp_status rc = MP_OK;

	ui_job_stage(job, _("capturing"));
	memset(&s, 0, sizeof(s));
	/* q cancels any stage, the one-time set-up included; one deadline
	 * from the capture on (the set-up is not the camera's time). */
	stop_init(&stop, 0, NULL, ui_mood_cancelled, job);
	if (pm->run == NULL)
		rc = snapshot_run_new(pm->conf, SNAPSHOT_RUN_ALL, &stop,
				      &pm->run, err);
	stop_init(&stop, pm->conf->capture.timeout, "capture.timeout",
		  ui_mood_cancelled, job);
	if (rc == MP_OK)
		rc = snapshot_run_capture(pm->run, ui_mood_cancelled, job,
					  &data, &len, NULL, err);
	if (rc != MP_OK)
		return rc;
	ui_job_stage(job, _("finding the face"));
	rc = snapshot_run_process(pm->run, data, len, &stop, &s, err);
	free(data);
	if (rc == MP_OK)
		rc = snapshot_run_mood_probs(pm->run, &s, probs, err);
	if (rc == MP_OK) {
		struct mood_calib calib;
		struct mp_error cerr;
		double cal[MOOD_NEMOTIONS];

		/* Corrected for the resting face (moodplay calibrate); a
		 * damaged calibration file only costs the correction. */
		if (raw ||
		    mood_calib_from_conf(pm->conf, &calib, &cerr) != MP_OK)
			calib.faces = 0;
		mood_calib_apply(&calib, pm->conf->mood.calibration_fraction,
				 probs, cal);
		memcpy(probs, cal, sizeof(probs));
		moodq_request_capture(r, probs, probs[mood_dominant(probs)]);
		r->calibrated = calib.faces > 0;
		res->has_probs = true;
		for (int e = 0; e < MOOD_NEMOTIONS; e++)
			res->probs[e] = (float)probs[e];
		ui_mood_keep_image(&s, res);
	} else if (rc == MP_ENOENT && s.image != NULL) {
		/* No face: the snapshot still shows the user what the camera
		 * saw. */
		ui_mood_keep_image(&s, res);
		res->when = time(NULL);
	}
	snapshot_result_clear(&s);
	return rc;
}

/* mood-calibrate: UI_MOOD_CALIBRATE_FRAMES snapshots of the relaxed face
 * into the stored calibration; those without a face are skipped. */
static enum mp_status ui_mood_calibrate(struct ui_mood *pm, struct ui_job *job,
					struct ui_mood_result *res,
					struct mp_error *err)
{
	struct mood_calib calib = { 0 };
	double raw[MOOD_NEMOTIONS], cal[MOOD_NEMOTIONS];
	enum mood_emotion before, after;
	enum mp_status rc = MP_OK;
	int missed = 0;

	for (int i = 0; i < UI_MOOD_CALIBRATE_FRAMES && rc == MP_OK; i++) {
		struct moodq_request r;
		struct ui_mood_result shot;
		char stage[64];

		if (ui_job_cancelled(job))
			return mp_error_set(err, MP_ERR,
					    _("calibration cancelled"));
		memset(&shot, 0, sizeof(shot));
		memset(&r, 0, sizeof(r));
		rc = ui_mood_capture(pm, job, true, &r, &shot, err);
		snprintf(stage, sizeof(stage), _("calibrating: %d of %d"),
			 i + 1, UI_MOOD_CALIBRATE_FRAMES);
		ui_job_stage(job, stage);
		if (rc == MP_ENOENT && shot.pixels != NULL) {
			missed++;
			rc = MP_OK;
		} else if (rc == MP_OK) {
			mood_calib_add(&calib, r.probs);
		}
		ui_mood_result_clear(&shot);
	}
	if (rc == MP_OK && calib.faces == 0)
		rc = mp_error_set(
			err, MP_ENOENT,
			ngettext("calibration: no face in the %d snapshot",
				 "calibration: no face in any of the %d "
				 "snapshots",
				 UI_MOOD_CALIBRATE_FRAMES),
			UI_MOOD_CALIBRATE_FRAMES);
	if (rc == MP_OK)
		rc = mood_calib_save(&calib, err);
	if (rc != MP_OK)
		return rc;
	for (int e = 0; e < MOOD_NEMOTIONS; e++)
		raw[e] = exp(calib.baseline[e]);
	mood_calib_apply(&calib, pm->conf->mood.calibration_fraction, raw, cal);
	mood_calib_apply(NULL, 0, raw, raw);
	before = mood_dominant(raw);
	after = mood_dominant(cal);
	res->notice = xasprintf(ngettext("calibrated on %u face (%d skipped): "
					 "resting face %s %.0f%%, corrected %s "
					 "%.0f%%",
					 "calibrated on %u faces (%d skipped): "
					 "resting face %s %.0f%%, corrected %s "
					 "%.0f%%",
					 calib.faces),
				calib.faces, missed, mood_emotion_names[before],
				raw[before] * 100, mood_emotion_names[after],
				cal[after] * 100);
	return MP_OK;
}

/* The run's record in the moods file; a failure only costs the record. */
static void ui_mood_record(const struct moodq_plan *plan, double when,
			   unsigned queued)
{
	struct mood_record rec;

	moodq_plan_record(plan, when, queued, &rec);
	mood_state_moods_append(&rec, NULL);
}

/* Continuous mode: a capture whose smoothed mood stayed within
 * mood.auto_distance of the last plan's keeps the queue (true).  The
 * smoothing state still takes the capture, so a slow drift adds up until
 * it re-plans; the run is recorded with no song queued. */
static bool ui_mood_keep(struct ui_mood *pm, struct moodq_request *r,
			 struct ui_mood_result *res)
{
	struct mood_ema e = pm->ema;
	struct moodq_plan none = { .source = r->source };
	struct mood_point now;
	double moved;

	r->now = (double)time(NULL);
	now = mood_ema_update(&e, mood_from_probs(r->probs), r->confidence,
			      r->now, pm->conf->mood.half_life);
	if (mood_auto_replan(&pm->autost, now, pm->conf->mood.auto_distance,
			     &moved))
		return false;
	pm->ema = e;
	res->kept = true;
	res->moved = moved;
	res->emotion = mood_dominant(r->probs);
	res->valence = now.valence;
	res->arousal = now.arousal;
	res->strategy = r->strategy;
	res->when = (time_t)r->now;
	none.calibrated = r->calibrated;
	none.have_probs = true;
	memcpy(none.probs, r->probs, sizeof(none.probs));
	none.mood = now;
	none.strategy = r->strategy;
	ui_mood_record(&none, r->now, 0);
	return true;
}

enum mp_status ui_mood_run(struct ui_mood *pm, struct ui_job *job,
			   const struct ui_mood_request *req,
			   struct ui_mood_result *res, struct mp_error *err)
{
	struct moodq_request r;
	struct moodq_plan *plan = NULL;
	enum mp_status rc;

	ui_mood_result_clear(res);
	if (req->calibrate)
		return ui_mood_calibrate(pm, job, res, err);
	moodq_request_init(&r, pm->conf);
	if (req->capture) {
		/* A failed capture plans nothing: the queue stays as it is.
		 * Only a snapshot without a face is left in res. */
		rc = ui_mood_capture(pm, job, false, &r, res, err);
		if (rc != MP_OK) {
			if (res->pixels == NULL)
				ui_mood_result_clear(res);
			return rc;
		}
		if (req->upcoming_only && ui_mood_keep(pm, &r, res))
			return MP_OK;
	} else if (req->emotion >= 0 && req->emotion < MOOD_NEMOTIONS) {
		double probs[MOOD_NEMOTIONS] = { 0 };

		probs[req->emotion] = 1;
		moodq_request_pick(&r, MOOD_SOURCE_PICKED, probs,
				   (struct mood_point){ 0, 0 });
		res->has_probs = true;
		res->probs[req->emotion] = 1;
	} else {
		/* A strategy alone starts from where the mood was. */
		moodq_request_current(&r);
	}
	rc = ui_mood_load(pm, job, err);
	if (rc != MP_OK || ui_job_cancelled(job)) {
		ui_mood_result_clear(res);
		return rc;
	}
	if (req->strategy >= 0)
		r.strategy = (enum conf_mood_strategy)req->strategy;
	r.ema = &pm->ema;
	r.now = (double)time(NULL);
	ui_job_stage(job, _("planning"));
	rc = moodq_plan(pm->q, &r, &plan, err);
	if (rc == MP_ENOENT && plan == NULL) {
		/* No song fits: the expression found is still the user's
		 * mood, so the screen shows it with the reason and what
		 * helps; nothing is queued. */
		struct moodq_plan empty = { .source = r.source };

		moodq_plan_free(pm->plan);
		pm->plan = NULL;
		snprintf(pm->nofit, sizeof(pm->nofit), "%s", err->msg);
		res->emotion = r.have_probs && !r.current
				       ? mood_dominant(r.probs)
				       : MOOD_NEMOTIONS;
		res->valence = pm->ema.point.valence;
		res->arousal = pm->ema.point.arousal;
		res->strategy = r.strategy;
		res->when = time(NULL);
		res->shortfall = xasprintf(
			_("%s; 'moodplay match' shows how the library matches "
			  "the dataset"),
			err->msg);
		res->plan = xcalloc(1, sizeof(*res->plan));
		empty.have_probs = r.have_probs && !r.current;
		memcpy(empty.probs, r.probs, sizeof(empty.probs));
		empty.mood = pm->ema.point;
		empty.strategy = r.strategy;
		ui_mood_record(&empty, r.now, 0);
		return MP_OK;
	}
	if (rc == MP_OK)
		rc = ui_mood_fill(plan, res, err);
	if (rc != MP_OK) {
		moodq_plan_free(plan);
		ui_mood_result_clear(res);
		return rc;
	}
	moodq_plan_free(pm->plan);
	pm->plan = plan;
	pm->plan_time = r.now;
	pm->nofit[0] = '\0';
	return MP_OK;
}

size_t ui_mood_restore(struct ui_mood_result *res, size_t max)
{
	struct mood_record *v = NULL;
	size_t n = 0, k = 0;

	if (max == 0 || mood_state_moods_load(0, max, (double)time(NULL), &v,
					      &n, NULL, NULL) != MP_OK)
		return 0;
	/* Newest first, as the screen keeps them. */
	for (size_t i = n; i-- > 0; k++) {
		const struct mood_record *r = &v[i];
		struct ui_mood_result *m = &res[k];
		struct tm tm;
		time_t t = (time_t)r->time;
		char when[32];

		ui_mood_result_clear(m);
		m->has_probs = r->has_probs;
		for (int e = 0; e < MOOD_NEMOTIONS; e++)
			m->probs[e] = (float)r->probs[e];
		m->emotion =
			r->has_probs ? mood_dominant(r->probs) : MOOD_NEMOTIONS;
		m->valence = r->valence;
		m->arousal = r->arousal;
		m->strategy = r->strategy;
		m->when = t;
		localtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
		m->shortfall =
			xasprintf(ngettext("from the mood history: %u song "
					   "queued on %s",
					   "from the mood history: %u songs "
					   "queued on %s",
					   r->queued),
				  r->queued, when);
	}
	free(v);
	return k;
}

void ui_mood_day(struct mood_record **v, size_t *n)
{
	double now = (double)time(NULL);

	free(*v);
	*v = NULL;
	*n = 0;
	if (mood_state_moods_load(now - 24 * 3600.0, 0, now, v, n, NULL,
				  NULL) != MP_OK) {
		*v = NULL;
		*n = 0;
	}
}

enum mp_status ui_mood_apply(struct ui_mood *pm, struct mpdc *m,
			     bool upcoming_only, struct mp_error *err)
{
	enum mp_status rc;

	if (pm->plan == NULL && pm->nofit[0] != '\0')
		return mp_error_set(err, MP_ENOENT, "%s", pm->nofit);
	if (pm->plan == NULL)
		return mp_error_set(err, MP_EINVAL,
				    _("no mood plan is waiting"));
	rc = moodq_apply(pm->q, m, pm->plan,
			 upcoming_only ? MPDC_QUEUE_REPLACE_UPCOMING
				       : moodq_queue_mode(pm->conf->queue.mode),
			 pm->conf->queue.play, err);
	if (rc == MP_OK) {
		ui_mood_record(pm->plan, pm->plan_time, (unsigned)pm->plan->n);
		mood_auto_planned(&pm->autost, pm->plan->mood);
	}
	return rc;
}
