/* moodplay - the TUI's model kept in step with MPD: status and queue
 * refreshes, connection outcomes, and the worker jobs that load Library
 * levels and run the mood pipeline. */
#include "config.h"

#include "ui/ui-mpd.h"
#include "ui/ui-queue.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "base/xalloc.h"

#include <mpd/idle.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Most rows of one Library level: a bound on what a broken or hostile
 * server can make us hold, far above any real artist list. */
#define UI_LIB_MAX_ROWS 1000000

/* After a failed operation: say why; a lost connection is retried. */
unsigned ui_mpd_failed(struct ui *ui, const struct mp_error *err)
{
	ui->idle = false;
	if (mpdc_state(ui->mpd) == MPDC_DISCONNECTED) {
		snprintf(ui->conn_error, sizeof(ui->conn_error), "%s",
			 err->msg);
		ui->retry_at_ms = clock_ms() + mpdc_retry_delay_ms(ui->mpd);
		ui->have_status = false;
	}
	return ui_notify(ui, true, "%s", err->msg) | UI_REDRAW_ALL;
}

/* One look at MPD: status, current song, the queue's changes since the
 * version held (all of it when there is none yet) and the songs of
 * [start, end). */
static unsigned ui_sync_once(struct ui *ui, size_t start, size_t end)
{
	struct mpdc_queue_sync q;
	struct mp_error err;
	bool fresh = !ui->have_queue;
	enum mp_status rc;
	unsigned redraw;

	ui->idle = false;
	mpdc_queue_sync_init(&q);
	q.with_changes = !fresh;
	q.since = ui->queue_version;
	q.start = (unsigned)start;
	q.end = (unsigned)end;
	rc = mpdc_queue_sync(ui->mpd, &q, &err);
	if (rc != MP_OK) {
		mpdc_queue_sync_clear(&q);
		/* Connected, but not allowed to read the status: no
		 * password, or one without the "read" permission.  Nothing
		 * works like that, and asking again will not help. */
		if (rc == MP_EAUTH) {
			mpdc_disconnect(ui->mpd);
			ui->auth_failed = true;
		}
		return ui_mpd_failed(ui, &err);
	}
	/* Asked for songs inside the queue MPD describes, got none. */
	ui->queue_stuck =
		end > start && end <= q.st.queue_length && q.songs.n == 0;
	redraw = ui_queue_apply(ui, &q, fresh);
	mpdc_queue_sync_clear(&q);
	return redraw;
}

static unsigned ui_sync(struct ui *ui, size_t start, size_t end)
{
	unsigned redraw = ui_sync_once(ui, start, end);

	/* A search shows every matching song: it needs them all. */
	if (ui->filter[UI_SCREEN_QUEUE].on && !ui_queue_complete(ui))
		redraw |= ui_queue_load_all(ui);
	return redraw;
}

unsigned ui_refresh(struct ui *ui)
{
	size_t first = ui->body_rows > 0 ? 2 * (size_t)ui->body_rows : 64;

	/* The first look brings the rows a first frame shows; the rest
	 * follows in the background (ui_queue_step). */
	return ui_sync(ui, 0, ui->have_queue ? 0 : first) | UI_REDRAW_ALL;
}

unsigned ui_queue_show(struct ui *ui)
{
	const struct ui_cursor *c = &ui->cur[UI_SCREEN_QUEUE];
	size_t start, end;

	if (ui->screen != UI_SCREEN_QUEUE || !ui_connected(ui) ||
	    ui->filter[UI_SCREEN_QUEUE].on || ui->queue_stuck ||
	    !ui_queue_gap(ui, c->top, c->top + (size_t)ui->body_rows,
			  UI_QUEUE_WINDOW, &start, &end))
		return 0;
	/* The whole screen, fetched or not, in one window. */
	end = c->top + (size_t)ui->body_rows;
	return ui_sync(ui, start, end < ui->queue.n ? end : ui->queue.n);
}

bool ui_queue_loading(const struct ui *ui)
{
	return ui_connected(ui) && ui->have_queue && ui->queue_missing > 0 &&
	       !ui->queue_stuck;
}

unsigned ui_queue_step(struct ui *ui)
{
	size_t start, end;

	if (!ui_connected(ui) ||
	    !ui_queue_next_gap(ui, UI_QUEUE_WINDOW, &start, &end))
		return 0;
	return ui_sync(ui, start, end);
}

unsigned ui_queue_load_all(struct ui *ui)
{
	unsigned redraw = 0;
	size_t start, end;

	/* Larger windows: nothing is drawn until the last one. */
	while (ui_connected(ui) && !ui_queue_complete(ui) && !ui->queue_stuck &&
	       ui_queue_next_gap(ui, 8 * UI_QUEUE_WINDOW, &start, &end))
		redraw |= ui_sync_once(ui, start, end);
	return redraw;
}

/* ------------------------------------------------------------ library */

struct ui_libload {
	const struct mpdc_endpoint *ep;
	unsigned timeout_ms;
	struct mpdc *mpd; /* the worker's own connection, kept between levels */
	struct ui_lib_request rq;
	struct ui_lib_answer ans;
};

/* One Library level from MPD into l->ans. */
static enum mp_status ui_libload_query(struct ui_libload *l,
				       struct mp_error *err)
{
	const struct ui_lib_request *rq = &l->rq;
	struct mpdc_match match[2] = { { MPDC_TAG_ARTIST, rq->artist },
				       { MPDC_TAG_ALBUM, rq->album } };
	struct ui_lib_answer *a = &l->ans;

	switch (rq->kind) {
	case UI_LIB_ARTISTS:
		return mpdc_tag_values(l->mpd, MPDC_TAG_ARTIST, NULL, 0,
				       UI_LIB_MAX_ROWS, &a->names,
				       &a->truncated, err);
	case UI_LIB_ALBUMS:
		return mpdc_tag_values(l->mpd, MPDC_TAG_ALBUM, match, 1,
				       UI_LIB_MAX_ROWS, &a->names,
				       &a->truncated, err);
	case UI_LIB_SONGS:
		return mpdc_find_songs(l->mpd, match, 2, UI_LIB_MAX_ROWS,
				       &a->songs, &a->truncated, err);
	case UI_LIB_DIR:
		return mpdc_list_dir(l->mpd, rq->path, UI_LIB_MAX_ROWS,
				     &a->names, &a->songs, &a->truncated, err);
	}
	return mp_error_set(err, MP_EINVAL, "bad Library request");
}

/* Worker: fetch one Library level on a connection of its own, so the
 * UI's stays responsive.  The connection is kept between levels; when it
 * turns out to have died since (MPD restarted), once more on a new one. */
static enum mp_status ui_libload_run(struct ui_job *job, void *arg,
				     struct mp_error *err)
{
	struct ui_libload *l = arg;
	enum mp_status rc;
	bool fresh;

	ui_job_stage(job, _("loading the library"));
	if (l->mpd == NULL)
		l->mpd = mpdc_new(l->ep, l->timeout_ms, 0);
	for (;;) {
		fresh = mpdc_state(l->mpd) != MPDC_CONNECTED;
		if (fresh && (rc = mpdc_connect(l->mpd, err)) != MP_OK)
			return rc;
		rc = ui_libload_query(l, err);
		if (rc == MP_OK || fresh ||
		    mpdc_state(l->mpd) == MPDC_CONNECTED ||
		    ui_job_cancelled(job))
			return rc;
		ui_lib_answer_clear(&l->ans);
	}
}

/* Fetch the Library's current level in the background if it needs it.
 * One fetch at a time: when one is running, ui_lib_loaded asks again. */
void ui_lib_fetch(struct ui *ui)
{
	struct ui_libload *l = ui->libload;
	struct mp_error err;

	if (ui->lib == NULL || !ui_connected(ui) || ui_job_running(ui->lib_job))
		return;
	ui_lib_request_clear(&l->rq);
	ui_lib_answer_clear(&l->ans);
	if (!ui_lib_request(ui->lib, &l->rq))
		return;
	if (ui_job_start(ui->lib_job, ui_libload_run, l, &err) != MP_OK) {
		ui_lib_fail(ui->lib, l->rq.ticket);
		ui_notify(ui, true, "%s", err.msg);
	}
}

/* (Re)start the Library at its top level, once the user has opened it:
 * at start, after a reconnection, when MPD's database changed. */
void ui_lib_reload(struct ui *ui)
{
	if (!ui->lib_used || !ui_connected(ui))
		return;
	if (ui->lib == NULL)
		ui->lib = ui_lib_new(UI_LIB_TAGS);
	else
		ui_lib_set_view(ui->lib, ui_lib_view(ui->lib));
	ui_filter_off(ui, UI_SCREEN_LIBRARY);
	ui_sel_clear(ui, UI_SCREEN_LIBRARY);
	ui->cur[UI_SCREEN_LIBRARY] = (struct ui_cursor){ 0, 0 };
	ui_lib_fetch(ui);
}

unsigned ui_lib_loaded(struct ui *ui)
{
	struct ui_libload *l = ui->libload;
	struct mp_error err;
	enum mp_status rc;

	if (!ui_job_poll(ui->lib_job, &rc, &err))
		return UI_REDRAW_STATUS;
	if (rc != MP_OK) {
		if (ui_lib_fail(ui->lib, l->rq.ticket))
			ui_notify(ui, true, _("cannot load the library: %s"),
				  err.msg);
	} else {
		bool cut = l->ans.truncated;

		if (ui_lib_answer(ui->lib, l->rq.ticket, &l->ans)) {
			ui_sel_clear(ui, UI_SCREEN_LIBRARY);
			ui_filter_apply(ui, UI_SCREEN_LIBRARY);
			ui_clamp(ui, UI_SCREEN_LIBRARY);
			if (cut)
				ui_notify(
					ui, true,
					ngettext(
						"only the first %d entry is "
						"shown",
						"only the first %d entries are "
						"shown",
						UI_LIB_MAX_ROWS),
					UI_LIB_MAX_ROWS);
		}
	}
	ui_lib_request_clear(&l->rq);
	ui_lib_answer_clear(&l->ans);
	ui_lib_locate_go(ui);
	ui_lib_fetch(ui);
	return UI_REDRAW_ALL;
}

void ui_lib_locate_go(struct ui *ui)
{
	struct mp_error err;
	size_t row, deep;

	if (ui->lib == NULL)
		return;
	deep = ui_lib_depth(ui->lib) > 0;
	switch (ui_lib_locate_step(ui->lib, &row)) {
	case UI_LIB_STEP_NONE: return;
	case UI_LIB_STEP_ENTER:
		if (ui_lib_enter(ui->lib, row, row + deep, &err) != MP_OK) {
			ui_lib_locate(ui->lib, NULL);
			ui_notify(ui, true, "%s", err.msg);
			return;
		}
		ui_filter_off(ui, UI_SCREEN_LIBRARY);
		ui_sel_clear(ui, UI_SCREEN_LIBRARY);
		ui->cur[UI_SCREEN_LIBRARY] = (struct ui_cursor){ 0, 0 };
		return;
	case UI_LIB_STEP_FOUND:
		ui->cur[UI_SCREEN_LIBRARY].cursor = row + deep;
		ui->cur[UI_SCREEN_LIBRARY].top =
			row + deep > (size_t)ui->body_rows / 2
				? row + deep - (size_t)ui->body_rows / 2
				: 0;
		ui_clamp(ui, UI_SCREEN_LIBRARY);
		return;
	case UI_LIB_STEP_MISSING:
		ui_notify(ui, true, _("the song is not in the Library"));
		return;
	}
}

/* ------------------------------------------------------------ mood */

struct ui_moodrun {
	struct ui_mood *pm;
	struct ui_mood_request req;
	struct ui_mood_result res;
};

static enum mp_status ui_moodrun_run(struct ui_job *job, void *arg,
				     struct mp_error *err)
{
	struct ui_moodrun *r = arg;

	return ui_mood_run(r->pm, job, &r->req, &r->res, err);
}

unsigned ui_mood_start(struct ui *ui, struct ui_mood_request req)
{
	struct ui_moodrun *r = ui->moodrun;
	struct mp_error err;

	if (ui_job_running(ui->mood_job))
		return ui_notify(ui, false,
				 _("a mood capture is already running"));
	if (!ui_connected(ui))
		return ui_not_connected(ui);
	r->pm = ui->moodpl;
	r->req = req;
	if (ui_job_start(ui->mood_job, ui_moodrun_run, r, &err) != MP_OK)
		return ui_notify(ui, true, "%s", err.msg);
	ui->mood_pending = false;
	return UI_REDRAW_ALL;
}

/* Put the newest plan into MPD's queue. */
unsigned ui_mood_put(struct ui *ui)
{
	struct mp_error err = { 0 };
	const char *why, *note;
	char label[64], *both = NULL;
	unsigned redraw;

	ui->mood_pending = false;
	if (!ui_connected(ui))
		return ui_not_connected(ui);
	if (ui_mood_apply(ui->moodpl, ui->mpd, ui->moodrun->req.upcoming_only,
			  &err) != MP_OK)
		return ui_mpd_failed(ui, &err);
	ui_mood_day(&ui->day, &ui->n_day);
	ui_mood_label(&ui->mood[0], label, sizeof(label));
	/* What the user must hear: the plan is short, MPD answered late. */
	note = mp_error_note(&err);
	why = ui->mood[0].shortfall;
	if (why != NULL && note != NULL)
		why = both = xasprintf("%s; %s", why, note);
	else if (why == NULL)
		why = note;
	if (why != NULL) {
		redraw = ui_notify(ui, true,
				   ngettext("%s: queued %zu song; %s",
					    "%s: queued %zu songs; %s",
					    ui->mood[0].n_plan),
				   label, ui->mood[0].n_plan, why);
		free(both);
		return redraw | ui_refresh(ui);
	}
	return ui_notify(ui, false,
			 ngettext("%s: queued %zu song", "%s: queued %zu songs",
				  ui->mood[0].n_plan),
			 label, ui->mood[0].n_plan) |
	       ui_refresh(ui);
}

unsigned ui_mood_done(struct ui *ui)
{
	struct ui_moodrun *r = ui->moodrun;
	struct mp_error err;
	enum mp_status rc;
	unsigned redraw = UI_REDRAW_ALL;

	if (!ui_job_poll(ui->mood_job, &rc, &err))
		return UI_REDRAW_HEADER | UI_REDRAW_STATUS;
	if (rc != MP_OK) {
		if (r->res.pixels != NULL) {
			ui_mood_result_clear(&ui->missed);
			ui->missed = r->res;
			memset(&r->res, 0, sizeof(r->res));
			ui->has_missed = true;
		}
		ui_mood_result_clear(&r->res);
		return ui_notify(ui, true, "%s", err.msg) | redraw;
	}
	if (r->req.calibrate) {
		/* A calibration plans nothing: its outcome is the notice. */
		redraw |= ui_notify(ui, false, "%s",
				    r->res.notice ? r->res.notice : "");
		ui_mood_result_clear(&r->res);
		return redraw;
	}
	ui->has_missed = false;
	ui_mood_result_clear(&ui->mood[UI_MOOD_HISTORY - 1]);
	memmove(&ui->mood[1], &ui->mood[0],
		(UI_MOOD_HISTORY - 1) * sizeof(ui->mood[0]));
	ui->mood[0] = r->res;
	memset(&r->res, 0, sizeof(r->res));
	if (ui->n_mood < UI_MOOD_HISTORY)
		ui->n_mood++;
	/* A kept queue still holds the last plan's songs: show them. */
	if (ui->mood[0].kept && ui->n_mood > 1)
		ui_mood_result_copy_plan(&ui->mood[0], &ui->mood[1]);
	/* A new plan is read from its first song; the timeline has its run. */
	ui->cur[UI_SCREEN_MOOD] =
		(struct ui_cursor){ ui->mood[0].n_plan > 0 ? 1 : 0, 0 };
	ui->mood_scroll = 0;
	ui_mood_day(&ui->day, &ui->n_day);
	if (ui->mood[0].kept) {
		char label[64];

		ui_mood_label(&ui->mood[0], label, sizeof(label));
		return ui_notify(
			       ui, false,
			       _("%s: the mood moved %.2f, not more than "
				 "mood.auto_distance %.2f: the queue is kept"),
			       label, ui->mood[0].moved,
			       ui->conf->mood.auto_distance) |
		       redraw;
	}
	if (ui->conf->mood.confirm) {
		const char *k =
			ui_keymap_first(ui->keys, CONF_ACTION_MOOD_CONFIRM);

		ui->mood_pending = true;
		if (ui->mood[0].shortfall != NULL)
			return ui_notify(
				       ui, true,
				       ngettext(
					       "press %s to queue %zu song; %s",
					       "press %s to queue %zu songs; "
					       "%s",
					       ui->mood[0].n_plan),
				       k != NULL ? k : "mood-confirm",
				       ui->mood[0].n_plan,
				       ui->mood[0].shortfall) |
			       redraw;
		return ui_notify(ui, false,
				 ngettext("press %s to queue %zu song",
					  "press %s to queue %zu songs",
					  ui->mood[0].n_plan),
				 k != NULL ? k : "mood-confirm",
				 ui->mood[0].n_plan) |
		       redraw;
	}
	return redraw | ui_mood_put(ui);
}

/* The outcome of an MPD command: failures are shown, and a lost
 * connection starts the reconnect cycle. */
unsigned ui_mpd_done(struct ui *ui, enum mp_status rc,
		     const struct mp_error *err)
{
	if (rc != MP_OK)
		return ui_mpd_failed(ui, err);
	return ui_refresh(ui);
}

unsigned ui_connect_done(struct ui *ui)
{
	struct mp_error err;
	unsigned redraw;

	if (mpdc_connect_finish(ui->mpd, &err) != MP_OK) {
		snprintf(ui->conn_error, sizeof(ui->conn_error), "%s", err.msg);
		ui->retry_at_ms = clock_ms() + mpdc_retry_delay_ms(ui->mpd);
		/* A refused password stays refused. */
		ui->auth_failed = err.code == MP_EAUTH;
		return UI_REDRAW_ALL;
	}
	ui->conn_error[0] = '\0';
	ui->have_queue = false;
	ui_lib_reload(ui);
	/* Status first, then the pages: two statements, as the operands of
	 * | may be evaluated in any order. */
	redraw = ui_refresh(ui);
	return redraw | ui_pages_changed(ui, ~0u);
}

unsigned ui_idle_done(struct ui *ui)
{
	mpdc_idle_mask ev = 0;
	struct mp_error err;
	unsigned redraw;

	ui->idle = false;
	if (mpdc_idle_end(ui->mpd, &ev, &err) != MP_OK)
		return ui_mpd_failed(ui, &err);
	if (ev & MPD_IDLE_DATABASE) {
		ui_lib_reload(ui);
		ui_mood_invalidate(ui->moodpl);
	}
	redraw = ui_refresh(ui);
	return redraw | ui_pages_changed(ui, ev);
}

/* ------------------------------------------------------------ setup */

void ui_mpd_jobs_new(struct ui *ui)
{
	ui->libload = xcalloc(1, sizeof(*ui->libload));
	ui->libload->ep = &ui->ep;
	ui->libload->timeout_ms = (unsigned)(ui->conf->mpd.timeout * 1000.0);
	ui_lib_answer_init(&ui->libload->ans);
	ui->moodrun = xcalloc(1, sizeof(*ui->moodrun));
}

void ui_mpd_jobs_free(struct ui *ui)
{
	if (ui->libload != NULL) {
		mpdc_free(ui->libload->mpd);
		ui_lib_request_clear(&ui->libload->rq);
		ui_lib_answer_clear(&ui->libload->ans);
	}
	free(ui->libload);
	if (ui->moodrun != NULL)
		ui_mood_result_clear(&ui->moodrun->res);
	free(ui->moodrun);
}

struct mpdc *ui_mpd_conn(struct ui *ui)
{
	ui->idle = false;
	return ui->mpd;
}

unsigned ui_mpd_queue_uris(struct ui *ui, const char *const *uris, size_t n,
			   bool insert, bool play)
{
	struct mpdc_status st;
	struct mp_error err;
	unsigned to;

	if (!ui_connected(ui))
		return ui_not_connected(ui);
	if (n == 0)
		return 0;
	if (mpdc_get_status(ui_mpd_conn(ui), &st, &err) != MP_OK ||
	    mpdc_queue_apply(ui->mpd, MPDC_QUEUE_APPEND, uris, n, false,
			     &err) != MP_OK)
		return ui_mpd_failed(ui, &err);
	to = st.queue_length;
	if (insert && st.song_pos >= 0) {
		to = (unsigned)st.song_pos + 1;
		if (mpdc_move_range(ui->mpd, st.queue_length, (unsigned)n, to,
				    &err) != MP_OK)
			return ui_mpd_failed(ui, &err);
	}
	if (play && mpdc_play(ui->mpd, (int)to, &err) != MP_OK)
		return ui_mpd_failed(ui, &err);
	return ui_notify(ui, false,
			 insert ? ngettext("inserted %zu song",
					   "inserted %zu songs", n)
				: ngettext("added %zu song", "added %zu songs",
					   n),
			 n) |
	       ui_refresh(ui);
}
