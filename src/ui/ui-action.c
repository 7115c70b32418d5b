/* moodplay - the TUI's key actions, one function per action in a table
 * indexed by enum conf_action; each returns what to redraw (htop's
 * Action.c).  Also the mouse and the search prompt's keys. */
#include "config.h"

#include "ui/ui-action.h"
#include "ui/ui-child.h"
#include "ui/ui-mpd.h"
#include "ui/ui-page.h"
#include "ui/ui-prompt.h"
#include "ui/page-info.h"
#include "ui/page-playlists.h"
#include "ui/page-search.h"
#include "ui/ui-text.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "base/xalloc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UI_SEEK_S 5
#define UI_VOLUME_STEP 5

static unsigned ui_act_quit(struct ui *ui)
{
	ui->quit = true;
	return 0;
}

static unsigned ui_show(struct ui *ui, enum ui_screen s)
{
	const struct ui_page *page = ui_page_of(ui, s);
	unsigned redraw = 0;

	if (s == UI_SCREEN_LIBRARY && !ui->lib_used) {
		ui->lib_used = true;
		ui_lib_reload(ui);
	}
	if (s != ui->screen)
		ui->prev_screen = ui->screen;
	ui->screen = s;
	ui->searching = false;
	if (page != NULL && page->show != NULL)
		redraw = page->show(ui);
	ui_clamp(ui, s);
	return redraw | UI_REDRAW_ALL;
}

static unsigned ui_act_previous_screen(struct ui *ui)
{
	return ui_show(ui, ui->prev_screen);
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
		ui_sel_clear(ui, UI_SCREEN_LIBRARY);
		ui->cur[UI_SCREEN_LIBRARY] = (struct ui_cursor){ 0, 0 };
		ui_lib_fetch(ui);
	}
	return ui_show(ui, UI_SCREEN_LIBRARY);
}

static unsigned ui_act_mood(struct ui *ui)
{
	return ui_show(ui, UI_SCREEN_MOOD);
}

static unsigned ui_act_outputs(struct ui *ui)
{
	return ui_show(ui, UI_SCREEN_OUTPUTS);
}

static unsigned ui_act_song_info(struct ui *ui)
{
	unsigned redraw = page_info_show_song(ui);

	return redraw | ui_show(ui, UI_SCREEN_INFO);
}

static unsigned ui_act_search_db(struct ui *ui)
{
	unsigned redraw = ui_show(ui, UI_SCREEN_SEARCH);

	return redraw | page_search_open(ui);
}

static unsigned ui_act_playlists(struct ui *ui)
{
	return ui_show(ui, UI_SCREEN_PLAYLISTS);
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

static unsigned ui_lib_up(struct ui *ui)
{
	size_t cursor = 0;

	if (ui->lib == NULL || !ui_lib_leave(ui->lib, &cursor))
		return 0;
	ui_filter_off(ui, UI_SCREEN_LIBRARY);
	ui_sel_clear(ui, UI_SCREEN_LIBRARY);
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
	return ui_notify(
		ui, false,
		ngettext("added %u song: %s", "added %u songs: %s", *n), *n,
		r->label);
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
			ui_sel_clear(ui, UI_SCREEN_LIBRARY);
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
			return ui_mood_start(ui,
					     (struct ui_mood_request){
						     (int)c, -1, false, false,
						     false }) |
			       UI_REDRAW_BODY;
		return ui_mood_start(ui,
				     (struct ui_mood_request){
					     -1, (int)(c - MOOD_NEMOTIONS),
					     false, false, false }) |
		       UI_REDRAW_BODY;
	default: break;
	}
	if (ui_page_of(ui, ui->screen) != NULL &&
	    ui_page_of(ui, ui->screen)->select != NULL)
		return ui_page_of(ui, ui->screen)->select(ui);
	return 0;
}

/* The Library rows to add: the marked ones in order, else the one under
 * the cursor.  Returns how many went to rows[] (at most max). */
static size_t ui_lib_targets(const struct ui *ui,
			     const struct ui_lib_row **rows, size_t max)
{
	const struct ui_lib_row *r;
	size_t n = 0, nrows, i, deep;
	const struct ui_lib_row *all;

	if (ui->lib == NULL)
		return 0;
	if (ui->sel[UI_SCREEN_LIBRARY].count == 0) {
		r = ui_lib_cursor(ui);
		if (r != NULL && max > 0)
			rows[n++] = r;
		return n;
	}
	all = ui_lib_rows(ui->lib, &nrows);
	deep = ui_lib_depth(ui->lib) > 0;
	for (i = 0; i < nrows && n < max; i++)
		if (ui_sel_has(ui, UI_SCREEN_LIBRARY, i + deep))
			rows[n++] = &all[i];
	return n;
}

/* Append the marked Library rows (or the one under the cursor): *first
 * gets the queue position of the first song added, *n how many. */
static unsigned ui_lib_add_targets(struct ui *ui, unsigned *first, unsigned *n,
				   bool *ok)
{
	const struct ui_lib_row **rows;
	size_t nr, max = ui->sel[UI_SCREEN_LIBRARY].count + 1;
	unsigned redraw = 0, start = ui->st.queue_length, k, dummy;

	*ok = false;
	*n = 0;
	rows = xcalloc(max, sizeof(*rows));
	nr = ui_lib_targets(ui, rows, max);
	for (size_t i = 0; i < nr; i++) {
		bool one_ok;

		redraw |= ui_lib_add(ui, rows[i], &dummy, &k, &one_ok);
		if (!one_ok) {
			free(rows);
			return redraw;
		}
		*n += k;
		*ok = true;
	}
	*first = start;
	if (nr > 1)
		redraw |= ui_notify(
			ui, false,
			ngettext("added %u song", "added %u songs", *n), *n);
	if (nr > 0)
		ui_sel_clear(ui, UI_SCREEN_LIBRARY);
	free(rows);
	return redraw | UI_REDRAW_BODY;
}

static unsigned ui_act_add(struct ui *ui)
{
	const struct ui_page *page = ui_page_of(ui, ui->screen);
	unsigned first, n, redraw;
	bool ok;

	if (page != NULL && page->add != NULL)
		return page->add(ui, false);
	if (ui->screen != UI_SCREEN_LIBRARY)
		return ui_notify(ui, false,
				 _("choose songs to add in the Library"));
	/* Two statements: the operands of | may be evaluated in any order. */
	redraw = ui_lib_add_targets(ui, &first, &n, &ok);
	return redraw | (ok ? ui_refresh(ui) : 0);
}
/* Add after the playing song: append, then move the new songs up. */
static unsigned ui_act_insert(struct ui *ui)
{
	struct mp_error err;
	unsigned first, redraw, n;
	int playing = ui->st.song_pos;
	const struct ui_page *page = ui_page_of(ui, ui->screen);
	bool ok;

	if (page != NULL && page->add != NULL)
		return page->add(ui, true);
	if (ui->screen != UI_SCREEN_LIBRARY)
		return ui_notify(ui, false,
				 _("choose songs to insert in the Library"));
	redraw = ui_lib_add_targets(ui, &first, &n, &ok);
	if (!ok || playing < 0 || n == 0)
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

static unsigned ui_flag(struct ui *ui, enum mpdc_flag flag, bool now,
			const char *name)
{
	struct mp_error err;
	enum mp_status rc;

	if (!ui_connected(ui))
		return ui_not_connected(ui);
	rc = mpdc_set_flag(ui->mpd, flag, !now, &err);
	if (rc != MP_OK)
		return ui_mpd_failed(ui, &err);
	return ui_notify(ui, false, !now ? _("%s on") : _("%s off"), name) |
	       ui_refresh(ui);
}

static unsigned ui_act_repeat(struct ui *ui)
{
	return ui_flag(ui, MPDC_REPEAT, ui->st.repeat, _("repeat"));
}
static unsigned ui_act_random(struct ui *ui)
{
	return ui_flag(ui, MPDC_RANDOM, ui->st.random, _("random"));
}
static unsigned ui_act_single(struct ui *ui)
{
	return ui_flag(ui, MPDC_SINGLE, ui->st.single, _("single"));
}
static unsigned ui_act_consume(struct ui *ui)
{
	return ui_flag(ui, MPDC_CONSUME, ui->st.consume, _("consume"));
}

static unsigned ui_act_delete(struct ui *ui)
{
	const struct ui_sel *sel = &ui->sel[UI_SCREEN_QUEUE];
	struct mp_error err;
	unsigned pos, n = 0;
	const struct ui_page *page = ui_page_of(ui, ui->screen);

	if (page != NULL && page->remove != NULL)
		return page->remove(ui);
	if (ui->screen != UI_SCREEN_QUEUE)
		return 0;
	if (!ui_connected(ui))
		return ui_not_connected(ui);
	if (sel->count == 0) {
		if (!ui_queue_cursor(ui, &pos))
			return 0;
		if (mpdc_delete(ui->mpd, pos, &err) != MP_OK)
			return ui_mpd_failed(ui, &err);
		return ui_notify(ui, false, _("removed %s"),
				 song_display_title(&ui->queue.items[pos])) |
		       ui_refresh(ui);
	}
	/* From the end, so the positions still to delete do not move. */
	for (size_t i = ui->queue.n; i-- > 0;) {
		if (!ui_sel_has(ui, UI_SCREEN_QUEUE, i))
			continue;
		if (mpdc_delete(ui->mpd, (unsigned)i, &err) != MP_OK)
			return ui_mpd_failed(ui, &err) | ui_refresh(ui);
		n++;
	}
	ui_sel_clear(ui, UI_SCREEN_QUEUE);
	return ui_notify(ui, false,
			 ngettext("removed %u song", "removed %u songs", n),
			 n) |
	       ui_refresh(ui);
}
static unsigned ui_clear_now(struct ui *ui)
{
	struct mp_error err;
	unsigned n = (unsigned)ui->queue.n;

	if (!ui_connected(ui))
		return ui_not_connected(ui);
	if (mpdc_clear(ui->mpd, &err) != MP_OK)
		return ui_mpd_failed(ui, &err);
	return ui_notify(ui, false,
			 ngettext("cleared the queue (%u song)",
				  "cleared the queue (%u songs)", n),
			 n) |
	       ui_refresh(ui);
}

static unsigned ui_act_clear(struct ui *ui)
{
	if (ui->screen != UI_SCREEN_QUEUE)
		return ui_notify(ui, false,
				 _("clear the queue from the Queue screen"));
	if (!ui_connected(ui))
		return ui_not_connected(ui);
	if (ui->conf->ui.confirm_clear) {
		ui->confirm_clear = true;
		return UI_REDRAW_STATUS;
	}
	return ui_clear_now(ui);
}

/* The status line's question owns the keyboard: y clears, anything else
 * keeps the queue. */
static unsigned ui_confirm_key(struct ui *ui, const struct ui_key *k)
{
	ui->confirm_clear = false;
	if (strcmp(k->name, "y") == 0 || strcmp(k->name, "Y") == 0)
		return ui_clear_now(ui);
	return ui_notify(ui, false, _("the queue was kept"));
}

/* Move the cursor to the next (dir 1) or previous (-1) row matching the
 * last search, wrapping around. */
static unsigned ui_find(struct ui *ui, int dir)
{
	enum ui_screen s = ui->screen;
	size_t n = ui_rows(ui, s), c = ui->cur[s].cursor;

	if (ui->last_query[0] == '\0')
		return ui_notify(ui, false, _("no search yet"));
	if (s != UI_SCREEN_QUEUE && s != UI_SCREEN_LIBRARY &&
	    ui_page_of(ui, s) == NULL)
		return 0;
	for (size_t k = 1; k <= n; k++) {
		size_t i = dir > 0 ? (c + k) % n : (c + n - k % n) % n;

		if (s == UI_SCREEN_LIBRARY && ui_lib_parent_row(ui, i))
			continue;
		if (ui_row_matches(ui, s, ui_row(ui, s, i), ui->last_query)) {
			ui->cur[s].cursor = i;
			ui_clamp(ui, s);
			return UI_REDRAW_BODY;
		}
	}
	return ui_notify(ui, false, _("nothing matches '%s'"), ui->last_query);
}

static unsigned ui_act_find_next(struct ui *ui)
{
	return ui_find(ui, 1);
}
static unsigned ui_act_find_previous(struct ui *ui)
{
	return ui_find(ui, -1);
}

static unsigned ui_queue_move(struct ui *ui, int delta)
{
	struct mp_error err;
	unsigned pos;
	size_t n = ui->queue.n;

	if (ui->screen != UI_SCREEN_QUEUE)
		return 0;
	if (ui->filter[UI_SCREEN_QUEUE].on)
		return ui_notify(ui, false,
				 _("clear the search to move songs"));
	if (!ui_connected(ui))
		return ui_not_connected(ui);
	if (ui->sel[UI_SCREEN_QUEUE].count == 0) {
		if (!ui_queue_cursor(ui, &pos) || (delta < 0 && pos == 0) ||
		    (delta > 0 && pos + 1 >= n))
			return 0;
		if (mpdc_move(ui->mpd, pos, (unsigned)((int)pos + delta),
			      &err) != MP_OK)
			return ui_mpd_failed(ui, &err);
		ui->cur[UI_SCREEN_QUEUE].cursor = (size_t)((int)pos + delta);
		return ui_refresh(ui);
	}
	/* The marked songs move together; none may leave the queue.  The
	 * marks follow them (by id) when the queue comes back. */
	if ((delta < 0 && ui_sel_has(ui, UI_SCREEN_QUEUE, 0)) ||
	    (delta > 0 && ui_sel_has(ui, UI_SCREEN_QUEUE, n - 1)))
		return 0;
	for (size_t k = 0; k < n; k++) {
		size_t i = delta < 0 ? k : n - 1 - k;

		if (!ui_sel_has(ui, UI_SCREEN_QUEUE, i))
			continue;
		if (mpdc_move(ui->mpd, (unsigned)i, (unsigned)((long)i + delta),
			      &err) != MP_OK)
			return ui_mpd_failed(ui, &err) | ui_refresh(ui);
	}
	ui_move(ui, delta);
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
	const struct ui_page *page = ui_page_of(ui, ui->screen);

	if (page != NULL && page->search != NULL)
		return page->search(ui);
	if (ui->screen != UI_SCREEN_QUEUE && ui->screen != UI_SCREEN_LIBRARY &&
	    page == NULL)
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
	return ui_mood_start(
		ui, (struct ui_mood_request){ -1, -1, true, false, false });
}

static unsigned ui_act_mood_picker(struct ui *ui)
{
	ui->picking = true;
	ui->cur[UI_SCREEN_MOOD] = (struct ui_cursor){ 0, 0 };
	return ui_show(ui, UI_SCREEN_MOOD);
}

static unsigned ui_act_mood_calibrate(struct ui *ui)
{
	return ui_mood_start(ui, (struct ui_mood_request){
					 .emotion = -1,
					 .strategy = -1,
					 .calibrate = true,
				 });
}

static unsigned ui_act_mood_confirm(struct ui *ui)
{
	if (!ui->mood_pending || ui_job_running(ui->mood_job))
		return ui_notify(ui, false, _("no mood plan is waiting"));
	return ui_mood_put(ui);
}

/* Marks work on the lists of the Queue and the Library. */
static bool ui_can_select(struct ui *ui)
{
	return ui->screen == UI_SCREEN_QUEUE ||
	       ui->screen == UI_SCREEN_LIBRARY ||
	       (ui_page_of(ui, ui->screen) != NULL &&
		ui_page_of(ui, ui->screen)->marks);
}

static unsigned ui_sel_notice(struct ui *ui)
{
	return ui_notify(ui, false, _("%zu marked"),
			 ui->sel[ui->screen].count) |
	       UI_REDRAW_BODY;
}

static unsigned ui_act_select_toggle(struct ui *ui)
{
	enum ui_screen s = ui->screen;
	size_t c = ui->cur[s].cursor;

	if (!ui_can_select(ui) || c >= ui_rows(ui, s))
		return 0;
	if (!(s == UI_SCREEN_LIBRARY && ui_lib_parent_row(ui, c)))
		ui_sel_set(ui, s, ui_row(ui, s, c),
			   !ui_sel_has(ui, s, ui_row(ui, s, c)));
	ui->sel[s].anchor = c;
	ui_move(ui, 1);
	return ui_sel_notice(ui);
}

static unsigned ui_act_select_range(struct ui *ui)
{
	enum ui_screen s = ui->screen;
	size_t c = ui->cur[s].cursor, a = ui->sel[s].anchor, n = ui_rows(ui, s);

	if (!ui_can_select(ui) || n == 0)
		return 0;
	if (a >= n)
		a = n - 1;
	for (size_t i = a < c ? a : c; i <= (a < c ? c : a) && i < n; i++)
		if (!(s == UI_SCREEN_LIBRARY && ui_lib_parent_row(ui, i)))
			ui_sel_set(ui, s, ui_row(ui, s, i), true);
	return ui_sel_notice(ui);
}

static unsigned ui_act_select_invert(struct ui *ui)
{
	enum ui_screen s = ui->screen;
	size_t n = ui_rows(ui, s);

	if (!ui_can_select(ui))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!(s == UI_SCREEN_LIBRARY && ui_lib_parent_row(ui, i)))
			ui_sel_set(ui, s, ui_row(ui, s, i),
				   !ui_sel_has(ui, s, ui_row(ui, s, i)));
	return ui_sel_notice(ui);
}

static unsigned ui_act_select_clear(struct ui *ui)
{
	if (!ui_can_select(ui))
		return 0;
	ui_sel_clear(ui, ui->screen);
	return ui_sel_notice(ui);
}

static unsigned ui_act_shuffle(struct ui *ui)
{
	struct mp_error err;
	unsigned n = ui->st.queue_length;

	if (!ui_connected(ui))
		return ui_not_connected(ui);
	if (mpdc_shuffle(ui->mpd, &err) != MP_OK)
		return ui_mpd_failed(ui, &err);
	return ui_notify(ui, false,
			 ngettext("shuffled the queue (%u song)",
				  "shuffled the queue (%u songs)", n),
			 n) |
	       ui_refresh(ui);
}

#define UI_CROSSFADE_MAX 3600

static unsigned ui_crossfade_done(struct ui *ui, const char *text)
{
	struct mp_error err;
	unsigned long v;
	char *end;

	v = strtoul(text, &end, 10);
	while (*end == ' ')
		end++;
	if (!isdigit((unsigned char)text[strspn(text, " ")]) || *end != '\0' ||
	    v > UI_CROSSFADE_MAX)
		return ui_notify(ui, true,
				 _("crossfade: '%s' is not a number of "
				   "seconds (0 to %d)"),
				 text, UI_CROSSFADE_MAX);
	if (!ui_connected(ui))
		return ui_not_connected(ui);
	if (mpdc_set_crossfade(ui->mpd, (unsigned)v, &err) != MP_OK)
		return ui_mpd_failed(ui, &err);
	if (v == 0)
		return ui_notify(ui, false, _("crossfade off")) |
		       ui_refresh(ui);
	return ui_notify(ui, false,
			 ngettext("crossfade %lu second",
				  "crossfade %lu seconds", v),
			 v) |
	       ui_refresh(ui);
}

static unsigned ui_act_crossfade(struct ui *ui)
{
	char now[16];

	if (!ui_connected(ui))
		return ui_not_connected(ui);
	snprintf(now, sizeof(now), "%u", ui->st.crossfade);
	return ui_ask_line(ui, _("Crossfade in seconds (0: off):"), now, NULL,
			   ui_crossfade_done);
}

static unsigned ui_seek_to_done(struct ui *ui, const char *text)
{
	struct mp_error err;
	unsigned total = ui->st.total_ms / 1000, to;

	if (!ui_text_time(text, total, &to))
		return ui_notify(ui, true,
				 _("seek-to: '%s' is not a position "
				   "(m:ss, h:mm:ss, seconds or N%%)"),
				 text);
	if (!ui_connected(ui))
		return ui_not_connected(ui);
	if (ui->st.state != MPDC_PLAY && ui->st.state != MPDC_PAUSE)
		return ui_notify(ui, false, _("nothing is playing"));
	if (total > 0 && to > total)
		return ui_notify(
			ui, true,
			_("seek-to: %u:%02u is past the end (%u:%02u)"),
			to / 60, to % 60, total / 60, total % 60);
	return ui_mpd_done(ui, mpdc_seek(ui->mpd, (int)to, false, &err), &err);
}

static unsigned ui_act_seek_to(struct ui *ui)
{
	if (!ui_connected(ui))
		return ui_not_connected(ui);
	if (ui->st.state != MPDC_PLAY && ui->st.state != MPDC_PAUSE)
		return ui_notify(ui, false, _("nothing is playing"));
	return ui_ask_line(ui, _("Seek to (m:ss or N%):"), NULL, NULL,
			   ui_seek_to_done);
}

/* Show the song under the cursor (the playing one where there is no
 * song under the cursor, or on the Library itself) in the Library: the
 * levels down to it are fetched one by one (ui_lib_locate_go). */
static unsigned ui_act_locate(struct ui *ui)
{
	const struct mp_song *s = NULL;
	unsigned redraw;

	if (ui->screen != UI_SCREEN_LIBRARY)
		s = ui_selected_song(ui);
	if (s == NULL && ui->has_current && ui->st.song_pos >= 0)
		s = &ui->current;
	if (s == NULL)
		return ui_notify(ui, false, _("no song to locate"));
	if (!ui_connected(ui))
		return ui_not_connected(ui);
	ui->lib_used = true;
	if (ui->lib == NULL)
		ui->lib = ui_lib_new(UI_LIB_TAGS);
	ui_lib_locate(ui->lib, s);
	ui_filter_off(ui, UI_SCREEN_LIBRARY);
	ui_sel_clear(ui, UI_SCREEN_LIBRARY);
	ui->cur[UI_SCREEN_LIBRARY] = (struct ui_cursor){ 0, 0 };
	redraw = ui_show(ui, UI_SCREEN_LIBRARY);
	ui_lib_fetch(ui);
	return redraw;
}

typedef unsigned ui_action_fn(struct ui *ui);

static ui_action_fn *const ui_actions[CONF_ACTION_COUNT] = {
	[CONF_ACTION_QUIT] = ui_act_quit,
	[CONF_ACTION_HELP] = ui_act_help,
	[CONF_ACTION_SCREEN_QUEUE] = ui_act_queue,
	[CONF_ACTION_SCREEN_LIBRARY] = ui_act_library,
	[CONF_ACTION_SCREEN_MOOD] = ui_act_mood,
	[CONF_ACTION_SCREEN_HELP] = ui_act_help,
	[CONF_ACTION_SCREEN_PLAYLISTS] = ui_act_playlists,
	[CONF_ACTION_SCREEN_SEARCH] = ui_act_search_db,
	[CONF_ACTION_SCREEN_OUTPUTS] = ui_act_outputs,
	[CONF_ACTION_SONG_INFO] = ui_act_song_info,
	[CONF_ACTION_PLAYLIST_SAVE] = page_playlists_save,
	[CONF_ACTION_PLAYLIST_ADD] = page_playlists_add_to,
	[CONF_ACTION_PLAYLIST_RENAME] = page_playlists_rename,
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
	[CONF_ACTION_MOOD_CALIBRATE] = ui_act_mood_calibrate,
	[CONF_ACTION_UPDATE_DB] = ui_act_update_db,
	[CONF_ACTION_SELECT_TOGGLE] = ui_act_select_toggle,
	[CONF_ACTION_SELECT_RANGE] = ui_act_select_range,
	[CONF_ACTION_SELECT_INVERT] = ui_act_select_invert,
	[CONF_ACTION_SELECT_CLEAR] = ui_act_select_clear,
	[CONF_ACTION_FIND_NEXT] = ui_act_find_next,
	[CONF_ACTION_FIND_PREVIOUS] = ui_act_find_previous,
	[CONF_ACTION_PREVIOUS_SCREEN] = ui_act_previous_screen,
	[CONF_ACTION_SHUFFLE] = ui_act_shuffle,
	[CONF_ACTION_CROSSFADE] = ui_act_crossfade,
	[CONF_ACTION_SEEK_TO] = ui_act_seek_to,
	[CONF_ACTION_LOCATE] = ui_act_locate,
};

/* Actions that need every song of the queue, not only those fetched. */
static const bool ui_whole_queue[CONF_ACTION_COUNT] = {
	[CONF_ACTION_SEARCH] = true,        [CONF_ACTION_FIND_NEXT] = true,
	[CONF_ACTION_FIND_PREVIOUS] = true, [CONF_ACTION_SELECT_TOGGLE] = true,
	[CONF_ACTION_SELECT_RANGE] = true,  [CONF_ACTION_SELECT_INVERT] = true,
	[CONF_ACTION_PLAYLIST_ADD] = true,
};

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
	int64_t now = clock_ms();

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
		if (f->query[0] != '\0')
			snprintf(ui->last_query, sizeof(ui->last_query), "%s",
				 f->query);
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

unsigned ui_act_key(struct ui *ui, const struct ui_key *k)
{
	const struct conf_command *cmd = NULL;
	enum conf_action a = CONF_ACTION_COUNT;

	if (k->mouse != UI_MOUSE_NONE)
		return ui->searching || ui->prompt.on ? 0 : ui_mouse(ui, k);
	if (ui->prompt.on)
		return ui_ask_key(ui, k);
	if (ui->searching)
		return ui_search_key(ui, k);
	if (ui->confirm_clear)
		return ui_confirm_key(ui, k) | UI_REDRAW_STATUS;
	switch (ui_keymap_lookup(ui->keys, k->name, &a, &cmd)) {
	case UI_KEY_ACTION:
		if (ui_actions[a] == NULL)
			return 0;
		/* A search and marks work on every song of the queue. */
		if (ui->screen == UI_SCREEN_QUEUE && ui_whole_queue[a])
			return ui_queue_load_all(ui) | ui_actions[a](ui);
		return ui_actions[a](ui);
	case UI_KEY_COMMAND: return ui_child_run(ui, cmd);
	case UI_KEY_UNBOUND: break;
	}
	/* Unbound keys with an obvious meaning: leave the picker or the
	 * search, go up a Library level. */
	if ((strcmp(k->name, "<Esc>") == 0 ||
	     strcmp(k->name, "<Backspace>") == 0) &&
	    ui_page_of(ui, ui->screen) != NULL &&
	    ui_page_of(ui, ui->screen)->back != NULL &&
	    !ui->filter[ui->screen].on) {
		unsigned redraw = ui_page_of(ui, ui->screen)->back(ui);

		if (redraw != 0)
			return redraw;
	}
	if (strcmp(k->name, "<Esc>") == 0) {
		if (ui->screen == UI_SCREEN_HELP)
			return ui_act_previous_screen(ui);
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
