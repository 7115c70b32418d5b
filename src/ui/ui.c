/* moodplay - the TUI's model and event loop: MPD state, screens, key
 * actions (which return what to redraw), worker jobs.  No curses here:
 * ui-draw.c draws, ui-term.c owns the terminal. */
#include "config.h"

#include "ui/ui.h"
#include "ui/ui-internal.h"
#include "ui/ui-term.h"
#include "ui/ui-text.h"
#include "base/i18n.h"
#include "base/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <mpd/idle.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define UI_NOTICE_MS 4000
#define UI_SPIN_MS 120
/* How long the first frame may wait for MPD to answer. */
#define UI_FIRST_FRAME_WAIT_MS 100
#define UI_SEEK_S 5
#define UI_VOLUME_STEP 5
/* Most rows of one Library level: a bound on what a broken or hostile
 * server can make us hold, far above any real artist list. */
#define UI_LIB_MAX_ROWS 1000000

int64_t ui_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static unsigned ui_notify(struct ui *ui, bool error, const char *fmt, ...)
	MP_PRINTF(3, 4);

/* Show a message on the status line; it fades after a few seconds. */
static unsigned ui_notify(struct ui *ui, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->notice.text, sizeof(ui->notice.text), fmt, ap);
	va_end(ap);
	ui->notice.error = error;
	ui->notice.until_ms = ui_now_ms() + UI_NOTICE_MS;
	return UI_REDRAW_STATUS;
}

/* ------------------------------------------------------------ rows */

static size_t ui_base_rows(const struct ui *ui, enum ui_screen s)
{
	size_t n = 0;

	switch (s) {
	case UI_SCREEN_QUEUE: return ui->queue.n;
	case UI_SCREEN_LIBRARY:
		if (ui->lib == NULL)
			return 0;
		ui_lib_rows(ui->lib, &n);
		return n + (ui_lib_depth(ui->lib) > 0);
	case UI_SCREEN_MOOD:
		return ui->picking ? MOOD_NEMOTIONS + CONF_STRATEGY_COUNT : 0;
	case UI_SCREEN_HELP: return ui_help_lines(ui);
	case UI_SCREEN_COUNT: break;
	}
	return 0;
}

size_t ui_rows(const struct ui *ui, enum ui_screen s)
{
	return ui->filter[s].on ? ui->filter[s].n : ui_base_rows(ui, s);
}

size_t ui_row(const struct ui *ui, enum ui_screen s, size_t i)
{
	return ui->filter[s].on ? ui->filter[s].rows[i] : i;
}

bool ui_lib_parent_row(const struct ui *ui, size_t i)
{
	return ui->lib != NULL && ui_lib_depth(ui->lib) > 0 &&
	       ui_row(ui, UI_SCREEN_LIBRARY, i) == 0;
}

/* The library row behind unfiltered row i (not the ".." row). */
static const struct ui_lib_row *ui_lib_row_at(const struct ui *ui, size_t base)
{
	size_t n;
	const struct ui_lib_row *rows = ui_lib_rows(ui->lib, &n);

	base -= ui_lib_depth(ui->lib) > 0;
	return base < n ? &rows[base] : NULL;
}

static bool ui_song_matches(const struct mp_song *s, const char *q)
{
	return ui_text_match(song_display_title(s), q) ||
	       ui_text_match(s->artist, q) || ui_text_match(s->album, q) ||
	       ui_text_match(s->uri, q);
}

static bool ui_row_matches(const struct ui *ui, enum ui_screen s, size_t i,
			   const char *q)
{
	const struct ui_lib_row *r;

	if (s == UI_SCREEN_QUEUE)
		return ui_song_matches(&ui->queue.items[i], q);
	if (ui_lib_depth(ui->lib) > 0 && i == 0)
		return true; /* ".." stays, the way out */
	r = ui_lib_row_at(ui, i);
	if (ui_text_match(r->label, q))
		return true;
	return r->leaf && ui_song_matches(r->song, q);
}

/* Recompute the search filter of screen s over its current rows. */
static unsigned ui_filter_apply(struct ui *ui, enum ui_screen s)
{
	struct ui_filter *f = &ui->filter[s];
	size_t n = ui_base_rows(ui, s), i;

	if (!f->on)
		return 0;
	if (n > f->cap) {
		size_t *v = reallocarray(f->rows, n, sizeof(*v));

		if (v == NULL) {
			f->on = false;
			return ui_notify(ui, true,
					 _("out of memory searching %zu rows"),
					 n) |
			       UI_REDRAW_BODY;
		}
		f->rows = v;
		f->cap = n;
	}
	f->n = 0;
	for (i = 0; i < n; i++)
		if (ui_row_matches(ui, s, i, f->query))
			f->rows[f->n++] = i;
	return UI_REDRAW_BODY | UI_REDRAW_STATUS;
}

static void ui_filter_off(struct ui *ui, enum ui_screen s)
{
	ui->filter[s].on = false;
	ui->filter[s].query[0] = '\0';
}

/* Keep the cursor on a row and visible. */
static void ui_clamp(struct ui *ui, enum ui_screen s)
{
	struct ui_cursor *c = &ui->cur[s];
	size_t n = ui_rows(ui, s),
	       h = ui->body_rows > 0 ? (size_t)ui->body_rows : 1;

	if (c->cursor >= n)
		c->cursor = n > 0 ? n - 1 : 0;
	if (c->top > c->cursor)
		c->top = c->cursor;
	if (c->cursor >= c->top + h)
		c->top = c->cursor - h + 1;
	if (n > h && c->top > n - h)
		c->top = n - h;
}

/* ------------------------------------------------------------ MPD */

static bool ui_connected(const struct ui *ui)
{
	return mpdc_state(ui->mpd) == MPDC_CONNECTED;
}

/* After a failed operation: say why; a lost connection is retried. */
static unsigned ui_mpd_failed(struct ui *ui, const struct mp_error *err)
{
	ui->idle = false;
	if (mpdc_state(ui->mpd) == MPDC_DISCONNECTED) {
		snprintf(ui->conn_error, sizeof(ui->conn_error), "%s",
			 err->msg);
		ui->retry_at_ms = ui_now_ms() + mpdc_retry_delay_ms(ui->mpd);
		ui->have_status = false;
	}
	return ui_notify(ui, true, "%s", err->msg) | UI_REDRAW_ALL;
}

static unsigned ui_not_connected(struct ui *ui)
{
	return ui_notify(ui, true, _("not connected to MPD"));
}

/* Take q (complete) as the queue. */
static void ui_set_queue(struct ui *ui, struct mp_song_list *q)
{
	song_list_clear(&ui->queue);
	ui->queue = *q;
	song_list_init(q);
	ui->queue_version = ui->st.queue_version;
	ui->have_queue = true;
	ui_filter_apply(ui, UI_SCREEN_QUEUE);
	ui_clamp(ui, UI_SCREEN_QUEUE);
}

/* Fetch status and current song, and the queue when there is none yet
 * (in the same round trip) or its version moved. */
static unsigned ui_refresh(struct ui *ui)
{
	struct mp_error err;
	struct mp_song song = { 0 };
	struct mp_song_list q;
	bool found = false, with_queue = !ui->have_queue;
	enum mp_status rc;

	ui->idle = false;
	song_list_init(&q);
	rc = mpdc_get_state(ui->mpd, &ui->st, &song, &found,
			    with_queue ? &q : NULL, &err);
	if (rc == MP_OK) {
		ui->status_ms = ui_now_ms();
		ui->have_status = true;
		song_clear(&ui->current);
		ui->current = song;
		ui->has_current = found;
		if (with_queue)
			ui_set_queue(ui, &q);
		else if (ui->queue_version != ui->st.queue_version &&
			 (rc = mpdc_queue_list(ui->mpd, &q, &err)) == MP_OK)
			ui_set_queue(ui, &q);
	}
	song_list_clear(&q);
	return rc == MP_OK ? UI_REDRAW_ALL : ui_mpd_failed(ui, &err);
}

unsigned ui_elapsed_ms(const struct ui *ui)
{
	uint64_t e = ui->st.elapsed_ms;

	if (ui->st.state == MPDC_PLAY)
		e += (uint64_t)(ui_now_ms() - ui->status_ms);
	if (ui->st.total_ms > 0 && e > ui->st.total_ms)
		e = ui->st.total_ms;
	return (unsigned)e;
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
static void ui_lib_fetch(struct ui *ui)
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
static void ui_lib_reload(struct ui *ui)
{
	if (!ui->lib_used || !ui_connected(ui))
		return;
	if (ui->lib == NULL)
		ui->lib = ui_lib_new(UI_LIB_TAGS);
	else
		ui_lib_set_view(ui->lib, ui_lib_view(ui->lib));
	ui_filter_off(ui, UI_SCREEN_LIBRARY);
	ui->cur[UI_SCREEN_LIBRARY] = (struct ui_cursor){ 0, 0 };
	ui_lib_fetch(ui);
}

static unsigned ui_lib_loaded(struct ui *ui)
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
			ui_filter_apply(ui, UI_SCREEN_LIBRARY);
			ui_clamp(ui, UI_SCREEN_LIBRARY);
			if (cut)
				ui_notify(ui, true,
					  _("only the first %d entries are "
					    "shown"),
					  UI_LIB_MAX_ROWS);
		}
	}
	ui_lib_request_clear(&l->rq);
	ui_lib_answer_clear(&l->ans);
	ui_lib_fetch(ui);
	return UI_REDRAW_ALL;
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

static unsigned ui_mood_start(struct ui *ui, struct ui_mood_request req)
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

void ui_mood_label(const struct ui_mood_result *r, char *out, size_t outsz)
{
	if (r->emotion < MOOD_NEMOTIONS && r->has_probs)
		snprintf(out, outsz, "%s %.0f%%",
			 ui_mood_emotion_name(r->emotion),
			 r->probs[r->emotion] * 100.0);
	else
		snprintf(out, outsz, "%s",
			 conf_mood_strategy_names[r->strategy]);
}

/* Put the newest plan into MPD's queue. */
static unsigned ui_mood_put(struct ui *ui)
{
	struct mp_error err;
	char label[64];

	ui->mood_pending = false;
	if (!ui_connected(ui))
		return ui_not_connected(ui);
	if (ui_mood_apply(ui->moodpl, ui->mpd, ui->moodrun->req.upcoming_only,
			  &err) != MP_OK)
		return ui_mpd_failed(ui, &err);
	ui_mood_label(&ui->mood[0], label, sizeof(label));
	return ui_notify(ui, false, _("%s: queued %zu songs"), label,
			 ui->mood[0].n_plan) |
	       ui_refresh(ui);
}

static unsigned ui_mood_done(struct ui *ui)
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
	ui->has_missed = false;
	ui_mood_result_clear(&ui->mood[UI_MOOD_HISTORY - 1]);
	memmove(&ui->mood[1], &ui->mood[0],
		(UI_MOOD_HISTORY - 1) * sizeof(ui->mood[0]));
	ui->mood[0] = r->res;
	memset(&r->res, 0, sizeof(r->res));
	if (ui->n_mood < UI_MOOD_HISTORY)
		ui->n_mood++;
	if (ui->conf->mood.confirm) {
		const char *k =
			ui_keymap_first(ui->keys, CONF_ACTION_MOOD_CONFIRM);

		ui->mood_pending = true;
		return ui_notify(ui, false, _("press %s to queue %zu songs"),
				 k != NULL ? k : "mood-confirm",
				 ui->mood[0].n_plan) |
		       redraw;
	}
	return redraw | ui_mood_put(ui);
}

/* ------------------------------------------------------------ actions */

static unsigned ui_act_quit(struct ui *ui)
{
	ui->quit = true;
	return 0;
}

static unsigned ui_show(struct ui *ui, enum ui_screen s)
{
	if (s == UI_SCREEN_LIBRARY && !ui->lib_used) {
		ui->lib_used = true;
		ui_lib_reload(ui);
	}
	ui->screen = s;
	ui->searching = false;
	ui_clamp(ui, s);
	return UI_REDRAW_ALL;
}

static unsigned ui_act_help(struct ui *ui)
{
	return ui_show(ui, UI_SCREEN_HELP);
}

static unsigned ui_act_queue(struct ui *ui)
{
	return ui_show(ui, UI_SCREEN_QUEUE);
}

/* A second press on the Library switches between tags and files. */
static unsigned ui_act_library(struct ui *ui)
{
	if (ui->screen == UI_SCREEN_LIBRARY && ui->lib != NULL) {
		ui_lib_set_view(ui->lib, ui_lib_view(ui->lib) == UI_LIB_TAGS
						 ? UI_LIB_FILES
						 : UI_LIB_TAGS);
		ui_filter_off(ui, UI_SCREEN_LIBRARY);
		ui->cur[UI_SCREEN_LIBRARY] = (struct ui_cursor){ 0, 0 };
		ui_lib_fetch(ui);
	}
	return ui_show(ui, UI_SCREEN_LIBRARY);
}

static unsigned ui_act_mood(struct ui *ui)
{
	return ui_show(ui, UI_SCREEN_MOOD);
}

static unsigned ui_act_next_screen(struct ui *ui)
{
	return ui_show(ui,
		       (enum ui_screen)((ui->screen + 1) % UI_SCREEN_COUNT));
}

static unsigned ui_move(struct ui *ui, long delta)
{
	struct ui_cursor *c = &ui->cur[ui->screen];
	size_t n = ui_rows(ui, ui->screen);

	if (n == 0)
		return 0;
	if (delta < 0)
		c->cursor = (size_t)-delta > c->cursor
				    ? 0
				    : c->cursor - (size_t)-delta;
	else
		c->cursor = c->cursor + (size_t)delta >= n
				    ? n - 1
				    : c->cursor + (size_t)delta;
	ui_clamp(ui, ui->screen);
	return UI_REDRAW_BODY;
}

static long ui_page(const struct ui *ui)
{
	return ui->body_rows > 1 ? ui->body_rows - 1 : 1;
}

static unsigned ui_act_up(struct ui *ui)
{
	return ui_move(ui, -1);
}
static unsigned ui_act_down(struct ui *ui)
{
	return ui_move(ui, 1);
}
static unsigned ui_act_page_up(struct ui *ui)
{
	return ui_move(ui, -ui_page(ui));
}
static unsigned ui_act_page_down(struct ui *ui)
{
	return ui_move(ui, ui_page(ui));
}

static unsigned ui_act_top(struct ui *ui)
{
	ui->cur[ui->screen].cursor = 0;
	ui_clamp(ui, ui->screen);
	return UI_REDRAW_BODY;
}

static unsigned ui_act_bottom(struct ui *ui)
{
	ui->cur[ui->screen].cursor = (size_t)-1;
	ui_clamp(ui, ui->screen);
	return UI_REDRAW_BODY;
}

/* The outcome of an MPD command: failures are shown, and a lost
 * connection starts the reconnect cycle. */
static unsigned ui_mpd_done(struct ui *ui, enum mp_status rc,
			    const struct mp_error *err)
{
	if (rc != MP_OK)
		return ui_mpd_failed(ui, err);
	return ui_refresh(ui);
}

/* The queue position under the cursor; false when there is none. */
static bool ui_queue_cursor(const struct ui *ui, unsigned *pos)
{
	size_t c = ui->cur[UI_SCREEN_QUEUE].cursor;

	if (c >= ui_rows(ui, UI_SCREEN_QUEUE))
		return false;
	*pos = (unsigned)ui_row(ui, UI_SCREEN_QUEUE, c);
	return true;
}

/* The library row under the cursor (NULL for none or ".."). */
static const struct ui_lib_row *ui_lib_cursor(const struct ui *ui)
{
	size_t c = ui->cur[UI_SCREEN_LIBRARY].cursor;

	if (ui->lib == NULL || c >= ui_rows(ui, UI_SCREEN_LIBRARY) ||
	    ui_lib_parent_row(ui, c))
		return NULL;
	return ui_lib_row_at(ui, ui_row(ui, UI_SCREEN_LIBRARY, c));
}

static unsigned ui_lib_up(struct ui *ui)
{
	size_t cursor = 0;

	if (ui->lib == NULL || !ui_lib_leave(ui->lib, &cursor))
		return 0;
	ui_filter_off(ui, UI_SCREEN_LIBRARY);
	ui->cur[UI_SCREEN_LIBRARY].cursor = cursor;
	ui_clamp(ui, UI_SCREEN_LIBRARY);
	return UI_REDRAW_BODY | UI_REDRAW_STATUS;
}

/* Append the songs of row r to the queue, on the server (a whole artist,
 * album or directory never comes through here); *first gets the position
 * of the first one, *n how many were added. */
static unsigned ui_lib_add(struct ui *ui, const struct ui_lib_row *r,
			   unsigned *first, unsigned *n, bool *ok)
{
	struct ui_lib_target t;
	struct mp_error err;
	enum mp_status rc;

	*ok = false;
	*n = 0;
	if (!ui_connected(ui))
		return ui_not_connected(ui);
	ui_lib_target(ui->lib, r, &t);
	*first = ui->st.queue_length;
	if (t.uri != NULL)
		rc = mpdc_add_uri(ui->mpd, t.uri, n, &err);
	else
		rc = mpdc_add_matching(ui->mpd, t.match, t.nmatch, n, &err);
	if (rc != MP_OK)
		return ui_mpd_failed(ui, &err);
	*ok = true;
	if (r->leaf)
		return ui_notify(ui, false, _("added %s"), r->label);
	return ui_notify(ui, false, _("added %u songs: %s"), *n, r->label);
}

static unsigned ui_act_select(struct ui *ui)
{
	const struct ui_lib_row *r;
	struct mp_error err;
	unsigned pos, redraw, n;
	bool ok;
	size_t c, n_rows;

	switch (ui->screen) {
	case UI_SCREEN_QUEUE:
		if (!ui_connected(ui))
			return ui_not_connected(ui);
		if (!ui_queue_cursor(ui, &pos))
			return 0;
		return ui_mpd_done(ui, mpdc_play(ui->mpd, (int)pos, &err),
				   &err);
	case UI_SCREEN_LIBRARY:
		c = ui->cur[UI_SCREEN_LIBRARY].cursor;
		if (c < ui_rows(ui, UI_SCREEN_LIBRARY) &&
		    ui_lib_parent_row(ui, c))
			return ui_lib_up(ui);
		r = ui_lib_cursor(ui);
		if (r == NULL)
			return 0;
		if (!r->leaf) {
			/* The unfiltered row: leaving shows the level unfiltered. */
			if (ui_lib_enter(
				    ui->lib,
				    (size_t)(r - ui_lib_rows(ui->lib, &n_rows)),
				    ui_row(ui, UI_SCREEN_LIBRARY, c),
				    &err) != MP_OK)
				return ui_notify(ui, true, "%s", err.msg);
			ui_filter_off(ui, UI_SCREEN_LIBRARY);
			ui->cur[UI_SCREEN_LIBRARY] = (struct ui_cursor){ 0, 0 };
			ui_lib_fetch(ui);
			return UI_REDRAW_ALL;
		}
		redraw = ui_lib_add(ui, r, &pos, &n, &ok);
		if (!ok)
			return redraw;
		return redraw |
		       ui_mpd_done(ui, mpdc_play(ui->mpd, (int)pos, &err),
				   &err);
	case UI_SCREEN_MOOD:
		if (!ui->picking)
			return 0;
		ui->picking = false;
		c = ui->cur[UI_SCREEN_MOOD].cursor;
		if (c < MOOD_NEMOTIONS)
			return ui_mood_start(
				       ui, (struct ui_mood_request){ (int)c, -1,
								     false,
								     false }) |
			       UI_REDRAW_BODY;
		return ui_mood_start(ui,
				     (struct ui_mood_request){
					     -1, (int)(c - MOOD_NEMOTIONS),
					     false, false }) |
		       UI_REDRAW_BODY;
	case UI_SCREEN_HELP:
	case UI_SCREEN_COUNT: break;
	}
	return 0;
}

static unsigned ui_act_add(struct ui *ui)
{
	const struct ui_lib_row *r;
	unsigned first, n;
	bool ok;

	if (ui->screen != UI_SCREEN_LIBRARY)
		return ui_notify(ui, false,
				 _("choose songs to add in the Library"));
	r = ui_lib_cursor(ui);
	if (r == NULL)
		return 0;
	return ui_lib_add(ui, r, &first, &n, &ok) | (ok ? ui_refresh(ui) : 0);
}

/* Add after the playing song: append, then move the new songs up. */
static unsigned ui_act_insert(struct ui *ui)
{
	const struct ui_lib_row *r;
	struct mp_error err;
	unsigned first, redraw, n;
	int playing = ui->st.song_pos;
	bool ok;

	if (ui->screen != UI_SCREEN_LIBRARY)
		return ui_notify(ui, false,
				 _("choose songs to insert in the Library"));
	r = ui_lib_cursor(ui);
	if (r == NULL)
		return 0;
	redraw = ui_lib_add(ui, r, &first, &n, &ok);
	if (!ok || playing < 0)
		return redraw | (ok ? ui_refresh(ui) : 0);
	if (mpdc_move_range(ui->mpd, first, n, (unsigned)playing + 1, &err) !=
	    MP_OK)
		return ui_mpd_failed(ui, &err);
	return redraw | ui_refresh(ui);
}

static unsigned ui_act_play_pause(struct ui *ui)
{
	struct mp_error err;

	if (!ui_connected(ui))
		return ui_not_connected(ui);
	if (ui->st.state == MPDC_STOP || ui->st.state == MPDC_UNKNOWN)
		return ui_mpd_done(ui, mpdc_play(ui->mpd, -1, &err), &err);
	return ui_mpd_done(ui, mpdc_toggle_pause(ui->mpd, &err), &err);
}

/* Plain MPD commands without arguments, as a table. */
typedef enum mp_status ui_mpd_fn(struct mpdc *m, struct mp_error *err);

static unsigned ui_simple(struct ui *ui, ui_mpd_fn *fn)
{
	struct mp_error err;

	if (!ui_connected(ui))
		return ui_not_connected(ui);
	return ui_mpd_done(ui, fn(ui->mpd, &err), &err);
}

static unsigned ui_act_stop(struct ui *ui)
{
	return ui_simple(ui, mpdc_stop);
}
static unsigned ui_act_next(struct ui *ui)
{
	return ui_simple(ui, mpdc_next);
}
static unsigned ui_act_previous(struct ui *ui)
{
	return ui_simple(ui, mpdc_previous);
}

static unsigned ui_act_update_db(struct ui *ui)
{
	return ui_simple(ui, mpdc_update_db) |
	       ui_notify(ui, false, _("updating the database"));
}

static unsigned ui_seek(struct ui *ui, int seconds)
{
	struct mp_error err;

	if (!ui_connected(ui))
		return ui_not_connected(ui);
	if (ui->st.state != MPDC_PLAY && ui->st.state != MPDC_PAUSE)
		return 0;
	return ui_mpd_done(ui, mpdc_seek(ui->mpd, seconds, true, &err), &err);
}

static unsigned ui_act_seek_forward(struct ui *ui)
{
	return ui_seek(ui, UI_SEEK_S);
}
static unsigned ui_act_seek_backward(struct ui *ui)
{
	return ui_seek(ui, -UI_SEEK_S);
}

static unsigned ui_volume(struct ui *ui, int step)
{
	struct mp_error err;

	if (!ui_connected(ui))
		return ui_not_connected(ui);
	if (ui->st.volume < 0)
		return ui_notify(ui, true, _("MPD has no volume control"));
	return ui_mpd_done(ui, mpdc_set_volume(ui->mpd, step, true, &err),
			   &err);
}

static unsigned ui_act_volume_up(struct ui *ui)
{
	return ui_volume(ui, UI_VOLUME_STEP);
}
static unsigned ui_act_volume_down(struct ui *ui)
{
	return ui_volume(ui, -UI_VOLUME_STEP);
}

static unsigned ui_flag(struct ui *ui, enum mpdc_flag flag, bool now)
{
	struct mp_error err;

	if (!ui_connected(ui))
		return ui_not_connected(ui);
	return ui_mpd_done(ui, mpdc_set_flag(ui->mpd, flag, !now, &err), &err);
}

static unsigned ui_act_repeat(struct ui *ui)
{
	return ui_flag(ui, MPDC_REPEAT, ui->st.repeat);
}
static unsigned ui_act_random(struct ui *ui)
{
	return ui_flag(ui, MPDC_RANDOM, ui->st.random);
}
static unsigned ui_act_single(struct ui *ui)
{
	return ui_flag(ui, MPDC_SINGLE, ui->st.single);
}
static unsigned ui_act_consume(struct ui *ui)
{
	return ui_flag(ui, MPDC_CONSUME, ui->st.consume);
}

static unsigned ui_act_delete(struct ui *ui)
{
	struct mp_error err;
	unsigned pos;

	if (ui->screen != UI_SCREEN_QUEUE)
		return 0;
	if (!ui_connected(ui))
		return ui_not_connected(ui);
	if (!ui_queue_cursor(ui, &pos))
		return 0;
	return ui_mpd_done(ui, mpdc_delete(ui->mpd, pos, &err), &err);
}

static unsigned ui_act_clear(struct ui *ui)
{
	if (ui->screen != UI_SCREEN_QUEUE)
		return ui_notify(ui, false,
				 _("clear the queue from the Queue screen"));
	return ui_simple(ui, mpdc_clear);
}

static unsigned ui_queue_move(struct ui *ui, int delta)
{
	struct mp_error err;
	unsigned pos;

	if (ui->screen != UI_SCREEN_QUEUE)
		return 0;
	if (ui->filter[UI_SCREEN_QUEUE].on)
		return ui_notify(ui, false,
				 _("clear the search to move songs"));
	if (!ui_connected(ui))
		return ui_not_connected(ui);
	if (!ui_queue_cursor(ui, &pos) || (delta < 0 && pos == 0) ||
	    (delta > 0 && pos + 1 >= ui->queue.n))
		return 0;
	if (mpdc_move(ui->mpd, pos, (unsigned)((int)pos + delta), &err) !=
	    MP_OK)
		return ui_mpd_failed(ui, &err);
	ui->cur[UI_SCREEN_QUEUE].cursor = (size_t)((int)pos + delta);
	return ui_refresh(ui);
}

static unsigned ui_act_move_up(struct ui *ui)
{
	return ui_queue_move(ui, -1);
}
static unsigned ui_act_move_down(struct ui *ui)
{
	return ui_queue_move(ui, 1);
}

static unsigned ui_act_jump(struct ui *ui)
{
	struct ui_cursor *c = &ui->cur[UI_SCREEN_QUEUE];
	size_t n, i;

	ui_show(ui, UI_SCREEN_QUEUE);
	if (ui->st.song_pos < 0)
		return ui_notify(ui, false, _("nothing is playing")) |
		       UI_REDRAW_ALL;
	n = ui_rows(ui, UI_SCREEN_QUEUE);
	for (i = 0; i < n; i++)
		if (ui_row(ui, UI_SCREEN_QUEUE, i) == (size_t)ui->st.song_pos)
			break;
	if (i == n)
		return ui_notify(
			       ui, false,
			       _("the playing song is hidden by the search")) |
		       UI_REDRAW_ALL;
	c->cursor = i;
	c->top = i > (size_t)ui->body_rows / 2 ? i - (size_t)ui->body_rows / 2
					       : 0;
	ui_clamp(ui, UI_SCREEN_QUEUE);
	return UI_REDRAW_ALL;
}

static unsigned ui_act_search(struct ui *ui)
{
	struct ui_filter *f = &ui->filter[ui->screen];

	if (ui->screen != UI_SCREEN_QUEUE && ui->screen != UI_SCREEN_LIBRARY)
		return ui_notify(
			ui, false,
			_("search works in the Queue and the Library"));
	ui->searching = true;
	f->on = true;
	f->query[0] = '\0';
	ui->cur[ui->screen] = (struct ui_cursor){ 0, 0 };
	return ui_filter_apply(ui, ui->screen) | UI_REDRAW_STATUS;
}

static unsigned ui_act_mood_capture(struct ui *ui)
{
	return ui_mood_start(ui,
			     (struct ui_mood_request){ -1, -1, true, false });
}

static unsigned ui_act_mood_picker(struct ui *ui)
{
	ui->picking = true;
	ui->cur[UI_SCREEN_MOOD] = (struct ui_cursor){ 0, 0 };
	return ui_show(ui, UI_SCREEN_MOOD);
}

static unsigned ui_act_mood_confirm(struct ui *ui)
{
	if (!ui->mood_pending || ui_job_running(ui->mood_job))
		return ui_notify(ui, false, _("no mood plan is waiting"));
	return ui_mood_put(ui);
}

typedef unsigned ui_action_fn(struct ui *ui);

static ui_action_fn *const ui_actions[CONF_ACTION_COUNT] = {
	[CONF_ACTION_QUIT] = ui_act_quit,
	[CONF_ACTION_HELP] = ui_act_help,
	[CONF_ACTION_SCREEN_QUEUE] = ui_act_queue,
	[CONF_ACTION_SCREEN_LIBRARY] = ui_act_library,
	[CONF_ACTION_SCREEN_MOOD] = ui_act_mood,
	[CONF_ACTION_SCREEN_HELP] = ui_act_help,
	[CONF_ACTION_NEXT_SCREEN] = ui_act_next_screen,
	[CONF_ACTION_UP] = ui_act_up,
	[CONF_ACTION_DOWN] = ui_act_down,
	[CONF_ACTION_PAGE_UP] = ui_act_page_up,
	[CONF_ACTION_PAGE_DOWN] = ui_act_page_down,
	[CONF_ACTION_TOP] = ui_act_top,
	[CONF_ACTION_BOTTOM] = ui_act_bottom,
	[CONF_ACTION_SELECT] = ui_act_select,
	[CONF_ACTION_PLAY_PAUSE] = ui_act_play_pause,
	[CONF_ACTION_STOP] = ui_act_stop,
	[CONF_ACTION_NEXT] = ui_act_next,
	[CONF_ACTION_PREVIOUS] = ui_act_previous,
	[CONF_ACTION_SEEK_FORWARD] = ui_act_seek_forward,
	[CONF_ACTION_SEEK_BACKWARD] = ui_act_seek_backward,
	[CONF_ACTION_VOLUME_UP] = ui_act_volume_up,
	[CONF_ACTION_VOLUME_DOWN] = ui_act_volume_down,
	[CONF_ACTION_TOGGLE_REPEAT] = ui_act_repeat,
	[CONF_ACTION_TOGGLE_RANDOM] = ui_act_random,
	[CONF_ACTION_TOGGLE_SINGLE] = ui_act_single,
	[CONF_ACTION_TOGGLE_CONSUME] = ui_act_consume,
	[CONF_ACTION_DELETE] = ui_act_delete,
	[CONF_ACTION_CLEAR] = ui_act_clear,
	[CONF_ACTION_MOVE_UP] = ui_act_move_up,
	[CONF_ACTION_MOVE_DOWN] = ui_act_move_down,
	[CONF_ACTION_ADD] = ui_act_add,
	[CONF_ACTION_INSERT] = ui_act_insert,
	[CONF_ACTION_JUMP_TO_PLAYING] = ui_act_jump,
	[CONF_ACTION_SEARCH] = ui_act_search,
	[CONF_ACTION_MOOD_CAPTURE] = ui_act_mood_capture,
	[CONF_ACTION_MOOD_PICKER] = ui_act_mood_picker,
	[CONF_ACTION_MOOD_CONFIRM] = ui_act_mood_confirm,
	[CONF_ACTION_UPDATE_DB] = ui_act_update_db,
};

/* ------------------------------------------------------------ commands */

/* The song an external command runs on: under the cursor. */
static const struct mp_song *ui_selected_song(const struct ui *ui)
{
	const struct ui_lib_row *r;
	unsigned pos;

	if (ui->screen == UI_SCREEN_QUEUE && ui_queue_cursor(ui, &pos))
		return &ui->queue.items[pos];
	if (ui->screen == UI_SCREEN_LIBRARY &&
	    (r = ui_lib_cursor(ui)) != NULL && r->leaf)
		return r->song;
	return NULL;
}

/* "%file" in arg replaced by uri; malloc'd. */
static char *ui_expand(const char *arg, const char *uri)
{
	const char *p = strstr(arg, "%file");
	char *rest, *out;

	if (p == NULL)
		return xstrdup(arg);
	rest = ui_expand(p + 5, uri);
	out = xasprintf("%.*s%s%s", (int)(p - arg), arg, uri, rest);
	free(rest);
	return out;
}

/* fork/exec, never a shell: the song's name cannot inject commands.  The
 * child gets /dev/null for its standard streams so it cannot scribble on
 * the screen; its exit status is reported when SIGCHLD comes. */
static unsigned ui_run_command(struct ui *ui, const struct conf_command *cmd)
{
	const struct mp_song *s = ui_selected_song(ui);
	struct ui_child *slot = NULL;
	char **argv;
	pid_t pid;
	size_t i;
	int fd;

	if (s == NULL)
		return ui_notify(ui, false, _("select a song first"));
	if (cmd->run.n == 0)
		return ui_notify(ui, true, _("the command for %s is empty"),
				 cmd->key);
	for (i = 0; i < UI_MAX_CHILDREN && slot == NULL; i++)
		if (ui->children[i].pid == 0)
			slot = &ui->children[i];
	if (slot == NULL)
		return ui_notify(ui, true, _("too many commands running"));
	argv = xcalloc(cmd->run.n + 1, sizeof(*argv));
	for (i = 0; i < cmd->run.n; i++)
		argv[i] = ui_expand(cmd->run.v[i], s->uri);
	pid = fork();
	if (pid == 0) {
		fd = open("/dev/null", O_RDWR);
		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
		}
		setsid();
		signal(SIGPIPE, SIG_DFL);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid > 0) {
		slot->pid = pid;
		snprintf(slot->name, sizeof(slot->name), "%s", argv[0]);
		ui_notify(ui, false, _("started %s on %s"), argv[0],
			  song_display_title(s));
	} else {
		ui_notify(ui, true, _("cannot start %s: %s"), argv[0],
			  strerror(errno));
	}
	for (i = 0; i < cmd->run.n; i++)
		free(argv[i]);
	free(argv);
	return UI_REDRAW_STATUS;
}

/* Reap our commands only: waitpid(-1) would also take the capture
 * helper the mood worker is waiting for. */
static unsigned ui_reap(struct ui *ui)
{
	unsigned redraw = 0;
	int st;

	for (size_t i = 0; i < UI_MAX_CHILDREN; i++) {
		struct ui_child *c = &ui->children[i];

		if (c->pid == 0 || waitpid(c->pid, &st, WNOHANG) != c->pid)
			continue;
		c->pid = 0;
		if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
			redraw |= ui_notify(
				ui, true, _("%s: command not found"), c->name);
		else if (WIFEXITED(st) && WEXITSTATUS(st) != 0)
			redraw |= ui_notify(ui, true,
					    _("%s exited with status %d"),
					    c->name, WEXITSTATUS(st));
		else if (WIFSIGNALED(st))
			redraw |= ui_notify(ui, true,
					    _("%s was killed by signal %d"),
					    c->name, WTERMSIG(st));
	}
	return redraw;
}

/* ------------------------------------------------------------ help */

size_t ui_help_lines(const struct ui *ui)
{
	size_t n = 1 + CONF_ACTION_COUNT;

	if (ui->conf->keys.n_commands > 0)
		n += 1 + ui->conf->keys.n_commands;
	return n;
}

void ui_help_line(const struct ui *ui, size_t i, char *keys, size_t keysz,
		  char *doc, size_t docsz, bool *heading)
{
	const struct conf_keys *k = &ui->conf->keys;

	keys[0] = '\0';
	doc[0] = '\0';
	*heading = false;
	if (i == 0 || i == 1 + CONF_ACTION_COUNT) {
		*heading = true;
		snprintf(doc, docsz, "%s", i == 0 ? _("Keys") : _("Commands"));
		return;
	}
	if (i <= CONF_ACTION_COUNT) {
		enum conf_action a = (enum conf_action)(i - 1);

		if (ui_keymap_keys(ui->keys, a, keys, keysz) == 0)
			snprintf(keys, keysz, "%s", _("(unbound)"));
		snprintf(doc, docsz, "%s  [%s]", conf_action_doc(a),
			 conf_action_name(a));
		return;
	}
	i -= 2 + CONF_ACTION_COUNT;
	if (i < k->n_commands) {
		size_t len = 0;

		snprintf(keys, keysz, "%s", k->commands[i].key);
		for (size_t j = 0; j < k->commands[i].run.n && len < docsz; j++)
			len += (size_t)snprintf(doc + len, docsz - len, "%s%s",
						j ? " " : "",
						k->commands[i].run.v[j]);
	}
}

/* ------------------------------------------------------------ keys */

static const char *const ui_screen_names[UI_SCREEN_COUNT] = {
	N_("Queue"),
	N_("Library"),
	N_("Mood"),
	N_("Help"),
};

static const enum conf_action ui_screen_actions[UI_SCREEN_COUNT] = {
	CONF_ACTION_SCREEN_QUEUE,
	CONF_ACTION_SCREEN_LIBRARY,
	CONF_ACTION_SCREEN_MOOD,
	CONF_ACTION_SCREEN_HELP,
};

void ui_tab_label(const struct ui *ui, enum ui_screen s, char *out,
		  size_t outsz)
{
	const char *k = ui_keymap_first(ui->keys, ui_screen_actions[s]);

	snprintf(out, outsz, " %s%s%s ", k != NULL ? k : "",
		 k != NULL ? ":" : "", _(ui_screen_names[s]));
}

#define UI_DOUBLE_CLICK_MS 400
#define UI_WHEEL_ROWS 3

/* Mouse: a press on a tab switches screens, on a row moves the cursor
 * there, a second press on the same row soon after acts as select; the
 * wheel scrolls. */
static unsigned ui_mouse(struct ui *ui, const struct ui_key *k)
{
	char label[64];
	int x = 0;
	size_t row;
	int64_t now = ui_now_ms();

	if (k->mouse == UI_MOUSE_WHEEL_UP || k->mouse == UI_MOUSE_WHEEL_DOWN)
		return ui_move(ui, k->mouse == UI_MOUSE_WHEEL_UP
					   ? -UI_WHEEL_ROWS
					   : UI_WHEEL_ROWS);
	if (k->mouse != UI_MOUSE_PRESS)
		return 0;
	if (k->y == 0) {
		for (int s = 0; s < UI_SCREEN_COUNT; s++) {
			ui_tab_label(ui, (enum ui_screen)s, label,
				     sizeof(label));
			x += (int)ui_text_width(label);
			if (k->x < x)
				return s == UI_SCREEN_LIBRARY
					       ? ui_act_library(ui)
					       : ui_show(ui, (enum ui_screen)s);
		}
		return 0;
	}
	if (k->y < UI_HEADER_ROWS || k->y >= UI_HEADER_ROWS + ui->body_rows)
		return 0;
	row = ui->cur[ui->screen].top + (size_t)(k->y - UI_HEADER_ROWS);
	if (row >= ui_rows(ui, ui->screen))
		return 0;
	if (row == ui->click_row && ui->cur[ui->screen].cursor == row &&
	    now - ui->click_ms < UI_DOUBLE_CLICK_MS) {
		ui->click_ms = 0;
		return ui_act_select(ui);
	}
	ui->click_row = row;
	ui->click_ms = now;
	ui->cur[ui->screen].cursor = row;
	ui_clamp(ui, ui->screen);
	return UI_REDRAW_BODY;
}

/* The status line's search prompt owns the keyboard while it is open. */
static unsigned ui_search_key(struct ui *ui, const struct ui_key *k)
{
	struct ui_filter *f = &ui->filter[ui->screen];
	size_t len = strlen(f->query);

	if (strcmp(k->name, "<Enter>") == 0) {
		ui->searching = false;
		if (f->query[0] == '\0')
			ui_filter_off(ui, ui->screen);
		return UI_REDRAW_BODY | UI_REDRAW_STATUS;
	}
	if (strcmp(k->name, "<Esc>") == 0 || strcmp(k->name, "<C-g>") == 0) {
		ui->searching = false;
		ui_filter_off(ui, ui->screen);
		ui_clamp(ui, ui->screen);
		return UI_REDRAW_BODY | UI_REDRAW_STATUS;
	}
	if (strcmp(k->name, "<Backspace>") == 0) {
		/* Drop the last UTF-8 character: its continuation bytes too. */
		while (len > 0 &&
		       ((unsigned char)f->query[len - 1] & 0xc0) == 0x80)
			len--;
		if (len > 0)
			len--;
		f->query[len] = '\0';
	} else if (k->text[0] != '\0' &&
		   len + strlen(k->text) < sizeof(f->query)) {
		memcpy(f->query + len, k->text, strlen(k->text) + 1);
	} else if (strcmp(k->name, "<Up>") == 0 ||
		   strcmp(k->name, "<Down>") == 0) {
		return ui_move(ui, strcmp(k->name, "<Up>") == 0 ? -1 : 1);
	} else {
		return 0;
	}
	ui->cur[ui->screen] = (struct ui_cursor){ 0, 0 };
	return ui_filter_apply(ui, ui->screen);
}

static unsigned ui_key(struct ui *ui, const struct ui_key *k)
{
	const struct conf_command *cmd = NULL;
	enum conf_action a = CONF_ACTION_COUNT;

	if (k->mouse != UI_MOUSE_NONE)
		return ui->searching ? 0 : ui_mouse(ui, k);
	if (ui->searching)
		return ui_search_key(ui, k);
	switch (ui_keymap_lookup(ui->keys, k->name, &a, &cmd)) {
	case UI_KEY_ACTION:
		return ui_actions[a] != NULL ? ui_actions[a](ui) : 0;
	case UI_KEY_COMMAND: return ui_run_command(ui, cmd);
	case UI_KEY_UNBOUND: break;
	}
	/* Unbound keys with an obvious meaning: leave the picker or the
	 * search, go up a Library level. */
	if (strcmp(k->name, "<Esc>") == 0) {
		if (ui->picking) {
			ui->picking = false;
			return UI_REDRAW_BODY;
		}
		if (ui->filter[ui->screen].on) {
			ui_filter_off(ui, ui->screen);
			ui_clamp(ui, ui->screen);
			return UI_REDRAW_BODY | UI_REDRAW_STATUS;
		}
	}
	if (strcmp(k->name, "<Backspace>") == 0 &&
	    ui->screen == UI_SCREEN_LIBRARY)
		return ui_lib_up(ui);
	return 0;
}

/* ------------------------------------------------------------ loop */

static unsigned ui_connect_done(struct ui *ui)
{
	struct mp_error err;

	if (mpdc_connect_finish(ui->mpd, &err) != MP_OK) {
		snprintf(ui->conn_error, sizeof(ui->conn_error), "%s", err.msg);
		ui->retry_at_ms = ui_now_ms() + mpdc_retry_delay_ms(ui->mpd);
		return UI_REDRAW_ALL;
	}
	ui->conn_error[0] = '\0';
	ui->have_queue = false;
	ui_lib_reload(ui);
	return ui_refresh(ui);
}

static unsigned ui_idle_done(struct ui *ui)
{
	mpdc_idle_mask ev = 0;
	struct mp_error err;

	ui->idle = false;
	if (mpdc_idle_end(ui->mpd, &ev, &err) != MP_OK)
		return ui_mpd_failed(ui, &err);
	if (ev & MPD_IDLE_DATABASE) {
		ui_lib_reload(ui);
		ui_mood_invalidate(ui->moodpl);
	}
	return ui_refresh(ui);
}

/* Timers: reconnect, notice fading, the progress bar, the spinner and
 * mood.auto_interval.  Returns what to redraw; *timeout gets the poll
 * timeout until the next one. */
static unsigned ui_timers(struct ui *ui, int *timeout)
{
	int64_t now = ui_now_ms(), next = -1;
	unsigned redraw = 0;
	struct mp_error err;

#define UI_NEXT(t) (next = (next < 0 || (t) < next) ? (t) : next)
	if (mpdc_state(ui->mpd) == MPDC_DISCONNECTED) {
		if (now >= ui->retry_at_ms) {
			if (mpdc_connect_start(ui->mpd, &err) != MP_OK) {
				snprintf(ui->conn_error, sizeof(ui->conn_error),
					 "%s", err.msg);
				ui->retry_at_ms =
					now + mpdc_retry_delay_ms(ui->mpd);
				UI_NEXT(ui->retry_at_ms);
			}
			redraw |= UI_REDRAW_HEADER;
		} else {
			/* The header counts down to the next attempt. */
			UI_NEXT(ui->retry_at_ms);
			UI_NEXT(now + 1000 - (ui->retry_at_ms - now) % 1000);
			redraw |= UI_REDRAW_HEADER;
		}
	}
	if (ui->notice.text[0] != '\0') {
		if (now >= ui->notice.until_ms) {
			ui->notice.text[0] = '\0';
			redraw |= UI_REDRAW_STATUS;
		} else {
			UI_NEXT(ui->notice.until_ms);
		}
	}
	if (ui->have_status && ui->st.state == MPDC_PLAY) {
		/* Tick when the displayed second changes. */
		int64_t into = ui_elapsed_ms(ui) % 1000;

		UI_NEXT(now + 1000 - into);
		redraw |= UI_REDRAW_STATUS;
	}
	if (ui_job_running(ui->mood_job) || ui_job_running(ui->lib_job)) {
		ui->spin++;
		UI_NEXT(now + UI_SPIN_MS);
		redraw |= UI_REDRAW_HEADER | UI_REDRAW_STATUS;
	}
	if (ui->auto_at_ms > 0) {
		if (now >= ui->auto_at_ms) {
			ui->auto_at_ms =
				now + (int64_t)(ui->conf->mood.auto_interval *
						60000.0);
			if (ui_connected(ui) && !ui_job_running(ui->mood_job))
				redraw |= ui_mood_start(
					ui, (struct ui_mood_request){
						    -1, -1, true, true });
		}
		UI_NEXT(ui->auto_at_ms);
	}
#undef UI_NEXT
	*timeout = next < 0             ? -1
		   : next - now > 60000 ? 60000
					: (int)(next - now);
	return redraw;
}

static void ui_size(struct ui *ui)
{
	int rows, cols;

	ui_term_size(&rows, &cols);
	ui->cols = cols;
	ui->body_rows = rows - UI_HEADER_ROWS - UI_STATUS_ROWS;
	if (ui->body_rows < 1)
		ui->body_rows = 1;
	for (int s = 0; s < UI_SCREEN_COUNT; s++)
		ui_clamp(ui, (enum ui_screen)s);
}

static enum mp_status ui_init(struct ui *ui, const struct ui_options *opt,
			      struct mp_error *err)
{
	const struct conf_mpd *cm = &opt->conf->mpd;

	memset(ui, 0, sizeof(*ui));
	ui->conf = opt->conf;
	ui->keys = ui_keymap_new(&opt->conf->keys);
	ui->ep = (struct mpdc_endpoint){
		opt->ep->host ? xstrdup(opt->ep->host) : NULL, opt->ep->port,
		opt->ep->password ? xstrdup(opt->ep->password) : NULL,
		opt->ep->source
	};
	ui->mpd = mpdc_new(&ui->ep, (unsigned)(cm->timeout * 1000.0),
			   (unsigned)(cm->reconnect_max * 1000.0));
	ui->libload = xcalloc(1, sizeof(*ui->libload));
	ui->libload->ep = &ui->ep;
	ui->libload->timeout_ms = (unsigned)(cm->timeout * 1000.0);
	ui_lib_answer_init(&ui->libload->ans);
	ui->moodrun = xcalloc(1, sizeof(*ui->moodrun));
	ui->moodpl = ui_mood_new(opt->conf, &ui->ep);
	song_list_init(&ui->queue);
	if (opt->conf->mood.auto_interval > 0)
		ui->auto_at_ms =
			ui_now_ms() +
			(int64_t)(opt->conf->mood.auto_interval * 60000.0);
	if (ui_job_new(&ui->lib_job, err) != MP_OK)
		return err->code;
	return ui_job_new(&ui->mood_job, err);
}

static void ui_fini(struct ui *ui)
{
	ui_job_free(ui->lib_job);
	ui_job_free(ui->mood_job);
	if (ui->libload != NULL) {
		mpdc_free(ui->libload->mpd);
		ui_lib_request_clear(&ui->libload->rq);
		ui_lib_answer_clear(&ui->libload->ans);
	}
	free(ui->libload);
	if (ui->moodrun != NULL)
		ui_mood_result_clear(&ui->moodrun->res);
	free(ui->moodrun);
	ui_mood_free(ui->moodpl);
	for (size_t i = 0; i < UI_MOOD_HISTORY; i++)
		ui_mood_result_clear(&ui->mood[i]);
	ui_mood_result_clear(&ui->missed);
	ui_lib_free(ui->lib);
	song_list_clear(&ui->queue);
	song_clear(&ui->current);
	for (int s = 0; s < UI_SCREEN_COUNT; s++)
		free(ui->filter[s].rows);
	mpdc_free(ui->mpd);
	mpdc_endpoint_clear(&ui->ep);
	ui_keymap_free(ui->keys);
}

static unsigned ui_signals(struct ui *ui)
{
	unsigned ev = ui_term_events(), redraw = 0;

	if (ev & UI_TERM_QUIT)
		ui->quit = true;
	if (ev & UI_TERM_RESIZE) {
		ui_term_resize();
		ui_size(ui);
		redraw |= UI_REDRAW_ALL;
	}
	if (ev & UI_TERM_CHILD)
		redraw |= ui_reap(ui);
	return redraw;
}

enum poll_slot { P_TERM, P_SIG, P_MPD, P_LIB, P_MOOD, P_COUNT };

enum mp_status ui_run(const struct ui_options *opt, struct mp_error *err)
{
	struct ui ui;
	struct pollfd pfd[P_COUNT];
	unsigned redraw = UI_REDRAW_ALL;
	enum mp_status rc;
	struct ui_key key;
	int64_t hold_until;
	int timeout = -1;

	rc = ui_init(&ui, opt, err);
	/* MPD answers while the terminal is being set up. */
	if (rc == MP_OK)
		redraw |= ui_timers(&ui, &timeout);
	if (rc == MP_OK)
		rc = ui_term_open(opt->conf, err);
	if (rc != MP_OK) {
		ui_fini(&ui);
		return rc;
	}
	ui_size(&ui);
	hold_until = ui_now_ms() + UI_FIRST_FRAME_WAIT_MS;
	while (!ui.quit) {
		redraw |= ui_timers(&ui, &timeout);
		if (ui_connected(&ui) && !ui.idle) {
			if (mpdc_idle_begin(ui.mpd, err) == MP_OK)
				ui.idle = true;
			else
				redraw |= ui_mpd_failed(&ui, err);
		}
		/* The first frame waits (briefly) for the connection, so it
		 * shows the queue instead of a "connecting" frame that the
		 * next one would at once replace. */
		if (hold_until > 0 && mpdc_state(ui.mpd) == MPDC_CONNECTING) {
			int64_t left = hold_until - ui_now_ms();

			if (left <= 0)
				hold_until = 0;
			else if (timeout < 0 || timeout > left)
				timeout = (int)left;
		} else {
			hold_until = 0;
		}
		if (redraw != 0 && hold_until == 0) {
			ui_draw(&ui, redraw);
			redraw = 0;
		}
		for (int i = 0; i < P_COUNT; i++)
			pfd[i] = (struct pollfd){ -1, POLLIN, 0 };
		pfd[P_TERM].fd = STDIN_FILENO;
		pfd[P_SIG].fd = ui_term_signal_fd();
		if (mpdc_state(ui.mpd) == MPDC_CONNECTING)
			pfd[P_MPD].fd = mpdc_connect_fd(ui.mpd);
		else if (ui.idle)
			pfd[P_MPD].fd = mpdc_fd(ui.mpd);
		if (ui_job_running(ui.lib_job))
			pfd[P_LIB].fd = ui_job_fd(ui.lib_job);
		if (ui_job_running(ui.mood_job))
			pfd[P_MOOD].fd = ui_job_fd(ui.mood_job);
		if (poll(pfd, P_COUNT, timeout) < 0) {
			if (errno == EINTR)
				continue;
			rc = mp_error_set(err, MP_ERR, "poll: %s",
					  strerror(errno));
			break;
		}
		if (pfd[P_SIG].revents)
			redraw |= ui_signals(&ui);
		if (pfd[P_TERM].revents & (POLLHUP | POLLERR | POLLNVAL))
			ui.quit = true; /* the terminal went away */
		if (pfd[P_TERM].revents & POLLIN) {
			while (!ui.quit && ui_term_key(&key))
				redraw |= ui_key(&ui, &key);
			/* curses reports a resize as a key, too. */
			redraw |= ui_signals(&ui);
		}
		if (pfd[P_MPD].revents) {
			if (mpdc_state(ui.mpd) == MPDC_CONNECTING)
				redraw |= ui_connect_done(&ui);
			else if (ui.idle)
				redraw |= ui_idle_done(&ui);
		}
		if (pfd[P_LIB].revents)
			redraw |= ui_lib_loaded(&ui);
		if (pfd[P_MOOD].revents)
			redraw |= ui_mood_done(&ui);
	}
	ui_term_close();
	ui_fini(&ui);
	return rc;
}
