/* moodplay - the TUI's event loop: one poll over the terminal, signals,
 * MPD's socket and the worker jobs, dispatching to the actions
 * (ui-action.c), the MPD side of the model (ui-mpd.c) and drawing
 * (ui-draw.c).  No curses here: ui-term.c owns the terminal. */
#include "config.h"

#include "ui/ui.h"
#include "ui/ui-action.h"
#include "ui/ui-child.h"
#include "ui/ui-draw.h"
#include "ui/ui-mpd.h"
#include "ui/page-info.h"
#include "ui/page-outputs.h"
#include "ui/page-playlists.h"
#include "ui/page-search.h"
#include "ui/ui-term.h"
#include "base/clock.h"
#include "base/xalloc.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define UI_SPIN_MS 120
/* How long quitting waits for a worker to take its cancellation. */
#define UI_STOP_WAIT_MS 500
/* How long the first frame may wait for MPD to answer. */
#define UI_FIRST_FRAME_WAIT_MS 100

/* Timers: reconnect, notice fading, the progress bar, the spinner and
 * mood.auto_interval.  Returns what to redraw; *timeout gets the poll
 * timeout until the next one. */
static unsigned ui_timers(struct ui *ui, int *timeout)
{
	int64_t now = clock_ms(), next = -1;
	unsigned redraw = 0;
	struct mp_error err;

#define UI_NEXT(t) (next = (next < 0 || (t) < next) ? (t) : next)
	if (mpdc_state(ui->mpd) == MPDC_DISCONNECTED && !ui->auth_failed) {
		if (now >= ui->retry_at_ms) {
			if (mpdc_connect_start(ui->mpd, &err) != MP_OK) {
				snprintf(ui->conn_error, sizeof(ui->conn_error),
					 "%s", err.msg);
				ui->auth_failed = err.code == MP_EAUTH;
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
	if (ui_job_running(ui->mood_job) || ui_job_running(ui->lib_job) ||
	    ui_job_running(ui->page_job)) {
		ui->spin++;
		UI_NEXT(now + UI_SPIN_MS);
		redraw |= UI_REDRAW_HEADER | UI_REDRAW_STATUS;
	}
	if (ui->auto_at_ms > 0) {
		if (now >= ui->auto_at_ms) {
			ui->auto_at_ms =
				now + (int64_t)(ui->conf->mood.auto_interval *
						60000.0);
			/* The next capture's time is on the screen. */
			redraw |= UI_REDRAW_HEADER | UI_REDRAW_BODY;
			if (ui_connected(ui) && !ui_job_running(ui->mood_job))
				redraw |= ui_mood_start(
					ui,
					(struct ui_mood_request){
						-1, -1, true, true, false });
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
	ui->pages[UI_SCREEN_PLAYLISTS] = &page_playlists;
	ui->pages[UI_SCREEN_SEARCH] = &page_search;
	ui->pages[UI_SCREEN_OUTPUTS] = &page_outputs;
	ui->pages[UI_SCREEN_INFO] = &page_info;
	mpdc_endpoint_copy(&ui->ep, opt->ep);
	ui->mpd = mpdc_new(&ui->ep, (unsigned)(cm->timeout * 1000.0),
			   (unsigned)(cm->reconnect_max * 1000.0));
	ui_mpd_jobs_new(ui);
	ui->moodpl = ui_mood_new(opt->conf, &ui->ep);
	ui->n_mood = ui_mood_restore(ui->mood, UI_MOOD_HISTORY);
	ui_mood_day(&ui->day, &ui->n_day);
	song_list_init(&ui->queue);
	if (opt->conf->mood.auto_interval > 0)
		ui->auto_at_ms =
			clock_ms() +
			(int64_t)(opt->conf->mood.auto_interval * 60000.0);
	if (ui_job_new(&ui->lib_job, err) != MP_OK ||
	    ui_job_new(&ui->page_job, err) != MP_OK)
		return err->code;
	return ui_job_new(&ui->mood_job, err);
}

static void ui_fini(struct ui *ui)
{
	ui_job_free(ui->lib_job);
	ui_job_free(ui->mood_job);
	ui_job_free(ui->page_job);
	ui_mpd_jobs_free(ui);
	ui_pages_free(ui);
	ui_mood_free(ui->moodpl);
	for (size_t i = 0; i < UI_MOOD_HISTORY; i++)
		ui_mood_result_clear(&ui->mood[i]);
	ui_mood_result_clear(&ui->missed);
	free(ui->day);
	ui_lib_free(ui->lib);
	song_list_clear(&ui->queue);
	song_clear(&ui->current);
	for (int s = 0; s < UI_SCREEN_COUNT; s++) {
		free(ui->filter[s].rows);
		free(ui->sel[s].on);
	}
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
		redraw |= ui_child_reap(ui);
	return redraw;
}

enum poll_slot { P_TERM, P_SIG, P_MPD, P_LIB, P_MOOD, P_PAGE, P_COUNT };

enum mp_status ui_run(const struct ui_options *opt, struct mp_error *err)
{
	struct ui ui;
	struct pollfd pfd[P_COUNT];
	unsigned redraw = UI_REDRAW_ALL;
	enum mp_status rc;
	struct ui_key key;
	int64_t hold_until;
	int timeout = -1, n_ready;

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
	hold_until = clock_ms() + UI_FIRST_FRAME_WAIT_MS;
	while (!ui.quit) {
		bool loading;

		redraw |= ui_timers(&ui, &timeout);
		/* While queue songs are still to fetch, each window asks for
		 * the status too: no idle until the last one (MPD keeps the
		 * events for the next idle). */
		loading = ui_queue_loading(&ui);
		if (loading)
			timeout = 0;
		else if (ui_connected(&ui) && !ui.idle) {
			if (mpdc_idle_begin(ui.mpd, err) == MP_OK)
				ui.idle = true;
			else
				redraw |= ui_mpd_failed(&ui, err);
		}
		/* The first frame waits (briefly) for the connection, so it
		 * shows the queue instead of a "connecting" frame that the
		 * next one would at once replace. */
		if (hold_until > 0 && mpdc_state(ui.mpd) == MPDC_CONNECTING) {
			int64_t left = hold_until - clock_ms();

			if (left <= 0)
				hold_until = 0;
			else if (timeout < 0 || timeout > left)
				timeout = (int)left;
		} else {
			hold_until = 0;
		}
		if (redraw != 0 && hold_until == 0) {
			redraw |= ui_queue_show(&ui);
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
		if (ui_job_running(ui.page_job))
			pfd[P_PAGE].fd = ui_job_fd(ui.page_job);
		n_ready = poll(pfd, P_COUNT, timeout);
		if (n_ready < 0) {
			if (errno == EINTR)
				continue;
			rc = mp_error_set(err, MP_ERR, "poll: %s",
					  strerror(errno));
			break;
		}
		/* Nothing else to do: the next window of the queue. */
		if (n_ready == 0 && loading) {
			redraw |= ui_queue_step(&ui);
			continue;
		}
		if (pfd[P_SIG].revents)
			redraw |= ui_signals(&ui);
		if (pfd[P_TERM].revents & (POLLHUP | POLLERR | POLLNVAL))
			ui.quit = true; /* the terminal went away */
		if (pfd[P_TERM].revents & POLLIN) {
			bool any = false;

			while (!ui.quit && ui_term_key(&key)) {
				redraw |= ui_act_key(&ui, &key);
				any = true;
			}
			/* Readable with nothing to read: the end of input.  A
			 * hung-up terminal says so without POLLHUP on some
			 * systems. */
			if (!any && ui_term_gone())
				ui.quit = true;
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
		if (pfd[P_PAGE].revents && ui.page_job_done != NULL)
			redraw |= ui.page_job_done(&ui);
	}
	ui_term_close();
	/* A worker stuck where it cannot see the cancellation (a read that
	 * never returns) would keep a client whose terminal is gone alive for
	 * ever: end the process without freeing what the worker still uses.
	 * The terminal is already restored. */
	if (!ui_job_stop(ui.lib_job, UI_STOP_WAIT_MS) ||
	    !ui_job_stop(ui.mood_job, UI_STOP_WAIT_MS) ||
	    !ui_job_stop(ui.page_job, UI_STOP_WAIT_MS))
		_exit(rc == MP_OK ? 0 : 1);
	ui_fini(&ui);
	return rc;
}
