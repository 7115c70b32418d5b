/* moodplay - the Playlists screen: the stored playlists, fetched when the
 * screen is shown and when MPD says they changed; Enter opens one (its
 * songs), Backspace or Esc goes back.  Add and insert put the marked
 * playlists (or songs) into the queue, delete removes playlists (after a
 * question) or songs from the open playlist. */
#include "config.h"

#include "ui/page-playlists.h"
#include "ui/ui-mpd.h"
#include "base/i18n.h"
#include "base/xalloc.h"

#include <mpd/idle.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bounds on what a server can make us hold. */
#define PL_MAX_PLAYLISTS 100000
#define PL_MAX_SONGS 1000000

struct page_playlists {
	struct mpdc_names names;
	bool loaded;               /* names is MPD's answer */
	char *open;                /* the playlist shown, NULL for the list */
	struct mp_song_list songs; /* its songs */
	bool songs_loaded;
	size_t list_cursor; /* the list's cursor when the playlist opened */
	char error
		[MP_ERROR_MAX]; /* why the last fetch failed, "" if it did not */
};

static struct page_playlists *pl_of(struct ui *ui)
{
	if (ui->playlists == NULL) {
		ui->playlists = xcalloc(1, sizeof(*ui->playlists));
		mpdc_names_init(&ui->playlists->names);
		song_list_init(&ui->playlists->songs);
	}
	return ui->playlists;
}

static size_t pl_rows(const struct ui *ui)
{
	const struct page_playlists *p = ui->playlists;

	if (p == NULL || !ui_connected(ui))
		return 0;
	return p->open != NULL ? p->songs.n : p->names.n;
}

static void pl_row(const struct ui *ui, size_t base, struct ui_page_row *out,
		   char *buf, size_t bufsz)
{
	const struct page_playlists *p = ui->playlists;

	(void)buf;
	(void)bufsz;
	if (p->open != NULL) {
		out->song = &p->songs.items[base];
		return;
	}
	out->text = p->names.v[base];
	out->el = CONF_EL_ALBUM;
}

static const char *pl_message(const struct ui *ui)
{
	const struct page_playlists *p = ui->playlists;

	if (!ui_connected(ui))
		return _("not connected to MPD");
	if (p != NULL && p->error[0] != '\0')
		return p->error;
	if (p == NULL || !(p->open != NULL ? p->songs_loaded : p->loaded))
		return _("loading the playlists...");
	if (p->open != NULL)
		return p->songs.n == 0 ? _("This playlist is empty.") : NULL;
	return p->names.n == 0 ? _("No stored playlists: save the queue as one "
				   "with playlist-save.")
			       : NULL;
}

static bool pl_status(const struct ui *ui, char *buf, size_t bufsz)
{
	const struct page_playlists *p = ui->playlists;
	size_t marked = ui->sel[UI_SCREEN_PLAYLISTS].count;

	if (p == NULL || !ui_connected(ui))
		return false;
	if (p->open != NULL)
		snprintf(buf, bufsz,
			 ngettext("playlist %s: %zu song, %zu marked",
				  "playlist %s: %zu songs, %zu marked",
				  p->songs.n),
			 p->open, p->songs.n, marked);
	else
		snprintf(buf, bufsz,
			 ngettext("%zu stored playlist, %zu marked",
				  "%zu stored playlists, %zu marked",
				  p->names.n),
			 p->names.n, marked);
	return p->open != NULL ? p->songs_loaded : p->loaded;
}

/* Fetch the level shown: the list, or the open playlist's songs. */
static unsigned pl_fetch(struct ui *ui)
{
	struct page_playlists *p = pl_of(ui);
	struct mp_error err;
	enum mp_status rc;

	if (!ui_connected(ui))
		return UI_REDRAW_BODY;
	if (p->open != NULL) {
		song_list_clear(&p->songs);
		p->songs_loaded = false;
		rc = mpdc_playlist_songs(ui_mpd_conn(ui), p->open, PL_MAX_SONGS,
					 &p->songs, NULL, &err);
		p->songs_loaded = rc == MP_OK;
	} else {
		mpdc_names_clear(&p->names);
		p->loaded = false;
		rc = mpdc_playlists(ui_mpd_conn(ui), PL_MAX_PLAYLISTS,
				    &p->names, NULL, &err);
		p->loaded = rc == MP_OK;
	}
	/* The rows changed under the marks. */
	ui_sel_clear(ui, UI_SCREEN_PLAYLISTS);
	p->error[0] = '\0';
	if (rc != MP_OK) {
		snprintf(p->error, sizeof(p->error), "%s", err.msg);
		return ui_mpd_failed(ui, &err);
	}
	ui_filter_apply(ui, UI_SCREEN_PLAYLISTS);
	ui_clamp(ui, UI_SCREEN_PLAYLISTS);
	return UI_REDRAW_BODY | UI_REDRAW_STATUS;
}

/* The playlist names the rows point to (borrowed), for actions on the
 * list level: the marked ones, else the one under the cursor. */
static size_t pl_target_names(struct ui *ui, const char ***out)
{
	size_t *rows, n = ui_targets(ui, UI_SCREEN_PLAYLISTS, &rows);

	*out = xcalloc(n ? n : 1, sizeof(**out));
	for (size_t i = 0; i < n; i++)
		(*out)[i] = ui->playlists->names.v[rows[i]];
	free(rows);
	return n;
}

static size_t pl_target_uris(struct ui *ui, const char ***out)
{
	size_t *rows, n = ui_targets(ui, UI_SCREEN_PLAYLISTS, &rows);

	*out = xcalloc(n ? n : 1, sizeof(**out));
	for (size_t i = 0; i < n; i++)
		(*out)[i] = ui->playlists->songs.items[rows[i]].uri;
	free(rows);
	return n;
}

static unsigned pl_open(struct ui *ui, const char *name)
{
	struct page_playlists *p = pl_of(ui);

	free(p->open);
	p->open = xstrdup(name);
	p->list_cursor = ui->cur[UI_SCREEN_PLAYLISTS].cursor;
	ui_filter_off(ui, UI_SCREEN_PLAYLISTS);
	ui->cur[UI_SCREEN_PLAYLISTS] = (struct ui_cursor){ 0, 0 };
	return pl_fetch(ui) | UI_REDRAW_ALL;
}

static unsigned pl_back(struct ui *ui)
{
	struct page_playlists *p = ui->playlists;
	unsigned redraw;

	if (p == NULL || p->open == NULL)
		return 0;
	free(p->open);
	p->open = NULL;
	ui_filter_off(ui, UI_SCREEN_PLAYLISTS);
	redraw = pl_fetch(ui);
	ui->cur[UI_SCREEN_PLAYLISTS].cursor = p->list_cursor;
	ui_clamp(ui, UI_SCREEN_PLAYLISTS);
	return redraw | UI_REDRAW_ALL;
}

/* Shown: the list (or the open playlist) as MPD has it now. */
static unsigned pl_show(struct ui *ui)
{
	return pl_fetch(ui);
}

static unsigned pl_select(struct ui *ui)
{
	struct page_playlists *p = pl_of(ui);
	size_t c = ui->cur[UI_SCREEN_PLAYLISTS].cursor;
	size_t base;

	if (!ui_connected(ui))
		return ui_not_connected(ui);
	if (c >= ui_rows(ui, UI_SCREEN_PLAYLISTS))
		return 0;
	base = ui_row(ui, UI_SCREEN_PLAYLISTS, c);
	if (p->open == NULL)
		return pl_open(ui, p->names.v[base]);
	/* A song: add it and play it, as in the Library. */
	return ui_mpd_queue_uris(
		ui, (const char *const[]){ p->songs.items[base].uri }, 1, false,
		true);
}

static unsigned pl_add(struct ui *ui, bool insert)
{
	struct page_playlists *p = pl_of(ui);
	struct mpdc_status st;
	struct mp_error err;
	const char **v;
	unsigned total = 0, added;
	size_t n;
	unsigned redraw;

	if (!ui_connected(ui))
		return ui_not_connected(ui);
	if (p->open != NULL) {
		n = pl_target_uris(ui, &v);
		redraw = ui_mpd_queue_uris(ui, v, n, insert, false);
		free(v);
		ui_sel_clear(ui, UI_SCREEN_PLAYLISTS);
		return redraw | UI_REDRAW_BODY;
	}
	n = pl_target_names(ui, &v);
	if (n == 0) {
		free(v);
		return 0;
	}
	if (mpdc_get_status(ui_mpd_conn(ui), &st, &err) != MP_OK)
		goto failed;
	for (size_t i = 0; i < n; i++) {
		if (mpdc_playlist_load(ui_mpd_conn(ui), v[i], &added, &err) !=
		    MP_OK)
			goto failed;
		total += added;
	}
	if (insert && st.song_pos >= 0 &&
	    mpdc_move_range(ui_mpd_conn(ui), st.queue_length, total,
			    (unsigned)st.song_pos + 1, &err) != MP_OK)
		goto failed;
	ui_sel_clear(ui, UI_SCREEN_PLAYLISTS);
	redraw = n == 1 ? ui_notify(ui, false,
				    ngettext("loaded %s: %u song",
					     "loaded %s: %u songs", total),
				    v[0], total)
			: ui_notify(ui, false,
				    ngettext("loaded %zu playlists: %u song",
					     "loaded %zu playlists: %u songs",
					     total),
				    n, total);
	free(v);
	return redraw | ui_refresh(ui) | UI_REDRAW_BODY;
failed:
	free(v);
	return ui_mpd_failed(ui, &err);
}

/* The playlists to delete wait in the prompt's arg, NUL-separated would
 * not fit every name: they are taken again from the marks when the
 * answer comes, which nothing can change while the question is open. */
static unsigned pl_delete_yes(struct ui *ui, const char *text)
{
	struct mp_error err;
	const char **v;
	size_t n = pl_target_names(ui, &v);

	(void)text;
	for (size_t i = 0; i < n; i++)
		if (mpdc_playlist_delete(ui_mpd_conn(ui), v[i], &err) !=
		    MP_OK) {
			free(v);
			return ui_mpd_failed(ui, &err) | pl_fetch(ui);
		}
	if (n == 1)
		ui_notify(ui, false, _("deleted playlist %s"), v[0]);
	else
		ui_notify(ui, false,
			  ngettext("deleted %zu playlist",
				   "deleted %zu playlists", n),
			  n);
	free(v);
	return pl_fetch(ui) | UI_REDRAW_STATUS;
}

static unsigned pl_remove(struct ui *ui)
{
	struct page_playlists *p = pl_of(ui);
	char q[512];
	const char **v;
	size_t n, *rows;
	unsigned *pos;
	struct mp_error err;

	if (!ui_connected(ui))
		return ui_not_connected(ui);
	if (p->open != NULL) {
		n = ui_targets(ui, UI_SCREEN_PLAYLISTS, &rows);
		pos = xcalloc(n ? n : 1, sizeof(*pos));
		for (size_t i = 0; i < n; i++)
			pos[i] = (unsigned)rows[i];
		free(rows);
		if (n > 0 && mpdc_playlist_remove(ui_mpd_conn(ui), p->open, pos,
						  n, &err) != MP_OK) {
			free(pos);
			return ui_mpd_failed(ui, &err);
		}
		free(pos);
		if (n == 0)
			return 0;
		ui_notify(ui, false,
			  ngettext("removed %zu song from %s",
				   "removed %zu songs from %s", n),
			  n, p->open);
		return pl_fetch(ui) | UI_REDRAW_STATUS;
	}
	n = pl_target_names(ui, &v);
	if (n == 1)
		snprintf(q, sizeof(q), _("Delete the playlist %s?"), v[0]);
	else
		snprintf(q, sizeof(q),
			 ngettext("Delete %zu playlist?",
				  "Delete %zu playlists?", n),
			 n);
	free(v);
	if (n == 0)
		return 0;
	return ui_ask_yesno(ui, q, NULL, pl_delete_yes);
}

static unsigned pl_changed(struct ui *ui, unsigned events)
{
	if (ui->playlists == NULL || !(events & MPD_IDLE_STORED_PLAYLIST))
		return 0;
	/* Refetch only what is shown; the other level is fetched when
	 * shown. */
	if (ui->screen != UI_SCREEN_PLAYLISTS)
		return 0;
	return pl_fetch(ui);
}

static void pl_free(struct ui *ui)
{
	struct page_playlists *p = ui->playlists;

	if (p == NULL)
		return;
	mpdc_names_clear(&p->names);
	song_list_clear(&p->songs);
	free(p->open);
	free(p);
	ui->playlists = NULL;
}

const struct ui_page page_playlists = {
	.rows = pl_rows,
	.row = pl_row,
	.message = pl_message,
	.status = pl_status,
	.show = pl_show,
	.select = pl_select,
	.back = pl_back,
	.add = pl_add,
	.remove = pl_remove,
	.changed = pl_changed,
	.free = pl_free,
	.marks = true,
};

/* ------------------------------------------------------------ save */

static unsigned pl_replace_yes(struct ui *ui, const char *text);

static unsigned pl_save_as(struct ui *ui, const char *name, bool replace)
{
	struct mp_error err;
	bool exists;
	char q[512];

	if (!ui_connected(ui))
		return ui_not_connected(ui);
	if (mpdc_playlist_save(ui_mpd_conn(ui), name, replace, &exists, &err) !=
	    MP_OK) {
		if (!exists)
			return ui_mpd_failed(ui, &err);
		snprintf(q, sizeof(q), _("Replace the playlist %s?"), name);
		return ui_ask_yesno(ui, q, name, pl_replace_yes);
	}
	ui_notify(ui, false,
		  ngettext("saved the queue as %s (%zu song)",
			   "saved the queue as %s (%zu songs)", ui->queue.n),
		  name, ui->queue.n);
	if (ui->playlists != NULL && ui->screen == UI_SCREEN_PLAYLISTS)
		return pl_fetch(ui) | UI_REDRAW_STATUS;
	return UI_REDRAW_STATUS;
}

static unsigned pl_replace_yes(struct ui *ui, const char *text)
{
	char name[sizeof(ui->prompt.arg)];

	(void)text;
	snprintf(name, sizeof(name), "%s", ui->prompt.arg);
	return pl_save_as(ui, name, true);
}

static unsigned pl_save_name(struct ui *ui, const char *text)
{
	if (text[0] == '\0')
		return ui_notify(ui, false, _("cancelled"));
	return pl_save_as(ui, text, false);
}

unsigned page_playlists_save(struct ui *ui)
{
	if (!ui_connected(ui))
		return ui_not_connected(ui);
	return ui_ask_line(ui, _("Save the queue as:"), NULL, NULL,
			   pl_save_name);
}

/* ------------------------------------------------------------ rename */

static unsigned pl_rename_to(struct ui *ui, const char *text)
{
	struct mp_error err;

	if (text[0] == '\0' || strcmp(text, ui->prompt.arg) == 0)
		return ui_notify(ui, false, _("cancelled"));
	if (!ui_connected(ui))
		return ui_not_connected(ui);
	if (mpdc_playlist_rename(ui_mpd_conn(ui), ui->prompt.arg, text, &err) !=
	    MP_OK)
		return ui_mpd_failed(ui, &err);
	ui_notify(ui, false, _("renamed %s to %s"), ui->prompt.arg, text);
	return pl_fetch(ui) | UI_REDRAW_STATUS;
}

unsigned page_playlists_rename(struct ui *ui)
{
	struct page_playlists *p = ui->playlists;
	size_t c = ui->cur[UI_SCREEN_PLAYLISTS].cursor;
	const char *name;
	char q[512];

	if (ui->screen != UI_SCREEN_PLAYLISTS || p == NULL || p->open != NULL)
		return ui_notify(ui, false,
				 _("rename a playlist from the Playlists "
				   "screen"));
	if (!ui_connected(ui))
		return ui_not_connected(ui);
	if (c >= ui_rows(ui, UI_SCREEN_PLAYLISTS))
		return 0;
	name = p->names.v[ui_row(ui, UI_SCREEN_PLAYLISTS, c)];
	snprintf(q, sizeof(q), _("Rename %s to:"), name);
	return ui_ask_line(ui, q, name, name, pl_rename_to);
}

/* ------------------------------------------------------------ add to */

/* Add the selection of the current screen to playlist name: songs by URI,
 * Library folders as MPD finds them (a directory by its path, an artist
 * or album by its tags).  *n gets how many rows went. */
static enum mp_status pl_add_selection(struct ui *ui, const char *name,
				       size_t *n, struct mp_error *err)
{
	enum ui_screen s = ui->screen;
	struct mpdc *m = ui_mpd_conn(ui);
	enum mp_status rc = MP_OK;
	size_t *rows;

	*n = ui_targets(ui, s, &rows);
	for (size_t i = 0; i < *n && rc == MP_OK; i++) {
		const struct mp_song *song = NULL;
		struct ui_lib_target t = { 0 };

		if (s == UI_SCREEN_QUEUE) {
			song = &ui->queue.items[rows[i]];
			if (song->uri == NULL)
				continue; /* not fetched: changed meanwhile */
		} else if (s == UI_SCREEN_LIBRARY) {
			size_t nr, deep = ui_lib_depth(ui->lib) > 0;
			const struct ui_lib_row *all =
				ui_lib_rows(ui->lib, &nr);

			if (rows[i] < deep || rows[i] - deep >= nr)
				continue; /* the ".." row */
			ui_lib_target(ui->lib, &all[rows[i] - deep], &t);
		} else {
			song = ui_page_song(ui_page_of(ui, s), ui, rows[i]);
		}
		if (song != NULL)
			t.uri = song->uri;
		if (t.uri != NULL)
			rc = mpdc_playlist_add(m, name,
					       (const char *const[]){ t.uri },
					       1, err);
		else if (t.nmatch > 0)
			rc = mpdc_playlist_add_matching(m, name, t.match,
							t.nmatch, err);
	}
	free(rows);
	return rc;
}

static unsigned pl_add_to_name(struct ui *ui, const char *text)
{
	struct mp_error err;
	size_t n;

	if (text[0] == '\0')
		return ui_notify(ui, false, _("cancelled"));
	if (!ui_connected(ui))
		return ui_not_connected(ui);
	if (pl_add_selection(ui, text, &n, &err) != MP_OK)
		return ui_mpd_failed(ui, &err);
	ui_sel_clear(ui, ui->screen);
	ui_notify(ui, false,
		  ngettext("added %zu item to the playlist %s",
			   "added %zu items to the playlist %s", n),
		  n, text);
	if (ui->screen == UI_SCREEN_PLAYLISTS)
		return pl_fetch(ui) | UI_REDRAW_STATUS;
	return UI_REDRAW_BODY | UI_REDRAW_STATUS;
}

unsigned page_playlists_add_to(struct ui *ui)
{
	enum ui_screen s = ui->screen;
	size_t n, *rows;
	char q[256];

	if (s != UI_SCREEN_QUEUE && s != UI_SCREEN_LIBRARY &&
	    !(ui_page_of(ui, s) != NULL && ui_page_of(ui, s)->marks) &&
	    !(s == UI_SCREEN_PLAYLISTS && ui->playlists != NULL &&
	      ui->playlists->open != NULL))
		return ui_notify(ui, false,
				 _("choose songs to add to a playlist in the "
				   "Queue, the Library or the Search"));
	if (s == UI_SCREEN_PLAYLISTS &&
	    (ui->playlists == NULL || ui->playlists->open == NULL))
		return ui_notify(ui, false,
				 _("open a playlist to add its songs to "
				   "another"));
	if (!ui_connected(ui))
		return ui_not_connected(ui);
	n = ui_targets(ui, s, &rows);
	free(rows);
	if (n == 0)
		return ui_notify(ui, false, _("nothing to add"));
	snprintf(q, sizeof(q),
		 ngettext("Add %zu item to the playlist:",
			  "Add %zu items to the playlist:", n),
		 n);
	return ui_ask_line(ui, q, NULL, NULL, pl_add_to_name);
}
