/* moodplay - the TUI's mood runs over the planner (mood-queue.h). */
#include "config.h"

#include "ui-mood.h"
#include "i18n.h"
#include "mood-queue.h"
#include "xalloc.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

struct ui_mood {
	const struct conf *conf;
	struct mpdc_endpoint ep;
	struct moodq *q;
	atomic_bool stale; /* reload the library before planning */
	bool loaded;
	struct mood_ema ema;
	struct moodq_plan *plan; /* the last run's, for ui_mood_apply */
};

static const enum mpdc_queue_mode ui_mood_modes[CONF_QUEUE_MODE_COUNT] = {
	[CONF_QUEUE_REPLACE_UPCOMING] = MPDC_QUEUE_REPLACE_UPCOMING,
	[CONF_QUEUE_REPLACE] = MPDC_QUEUE_REPLACE,
	[CONF_QUEUE_APPEND] = MPDC_QUEUE_APPEND,
};

static const char *const ui_mood_names[MOOD_NEMOTIONS] = {
	N_("angry"), N_("disgust"), N_("fear"), N_("happy"),
	N_("sad"), N_("surprise"), N_("neutral"),
};

const char *ui_mood_emotion_name(enum mood_emotion e)
{
	return (unsigned)e < MOOD_NEMOTIONS ? _(ui_mood_names[e]) : NULL;
}

struct ui_mood *ui_mood_new(const struct conf *conf,
			    const struct mpdc_endpoint *ep)
{
	struct ui_mood *pm = xcalloc(1, sizeof(*pm));

	pm->conf = conf;
	pm->ep = (struct mpdc_endpoint){
		ep->host ? xstrdup(ep->host) : NULL, ep->port,
		ep->password ? xstrdup(ep->password) : NULL, ep->source};
	pm->q = moodq_new(conf);
	return pm;
}

void ui_mood_free(struct ui_mood *pm)
{
	if (pm == NULL)
		return;
	moodq_plan_free(pm->plan);
	moodq_free(pm->q);
	mpdc_endpoint_clear(&pm->ep);
	free(pm);
}

bool ui_mood_can_capture(const struct ui_mood *pm)
{
	/* The capture, face and classifier stages are not part of this
	 * build yet; see ui_mood_run(). */
	return false;
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
	free(r->pixels);
	memset(r, 0, sizeof(*r));
	r->emotion = MOOD_NEMOTIONS;
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
		res->plan[i].label = s->artist != NULL
			? xasprintf("%s \xe2\x80\x94 %s", s->artist, song_display_title(s))
			: xstrdup(song_display_title(s));
		res->plan[i].reason = xstrdup(plan->picks[i].reason);
		res->n_plan++;
	}
	res->emotion = plan->emotion;
	res->valence = plan->mood.valence;
	res->arousal = plan->mood.arousal;
	res->strategy = plan->strategy;
	res->when = time(NULL);
	return MP_OK;
}

enum mp_status ui_mood_run(struct ui_mood *pm, struct ui_job *job,
			   const struct ui_mood_request *req,
			   struct ui_mood_result *res, struct mp_error *err)
{
	struct moodq_request r;
	struct moodq_plan *plan = NULL;
	enum mp_status rc;

	ui_mood_result_clear(res);
	if (req->capture)
		return mp_error_set(err, MP_ERR,
				    _("mood capture is not available in this build"));
	rc = ui_mood_load(pm, job, err);
	if (rc != MP_OK || ui_job_cancelled(job))
		return rc;
	moodq_request_init(&r, pm->conf);
	if (req->strategy >= 0)
		r.strategy = (enum conf_mood_strategy)req->strategy;
	if (req->emotion >= 0 && req->emotion < MOOD_NEMOTIONS) {
		r.have_probs = true;
		r.probs[req->emotion] = 1;
		res->has_probs = true;
		res->probs[req->emotion] = 1;
	} else {
		/* A strategy alone starts from where the mood was. */
		r.point = pm->ema.set ? pm->ema.point : (struct mood_point){0, 0};
	}
	r.ema = &pm->ema;
	r.now = (double)time(NULL);
	ui_job_stage(job, _("planning"));
	rc = moodq_plan(pm->q, &r, &plan, err);
	if (rc == MP_OK)
		rc = ui_mood_fill(plan, res, err);
	if (rc != MP_OK) {
		moodq_plan_free(plan);
		ui_mood_result_clear(res);
		return rc;
	}
	moodq_plan_free(pm->plan);
	pm->plan = plan;
	return MP_OK;
}

enum mp_status ui_mood_apply(struct ui_mood *pm, struct mpdc *m,
			     struct mp_error *err)
{
	if (pm->plan == NULL)
		return mp_error_set(err, MP_EINVAL, _("no mood plan is waiting"));
	return moodq_apply(pm->q, m, pm->plan, ui_mood_modes[pm->conf->queue.mode],
			   pm->conf->queue.play, err);
}
