/* moodplay - the page table and what pages share. */
#include "config.h"

#include "ui/ui-page.h"
#include "ui/page-info.h"
#include "ui/page-outputs.h"
#include "ui/page-playlists.h"
#include "ui/page-search.h"
#include "ui/ui-mpd.h"
#include "ui/ui-text.h"
#include "base/i18n.h"
#include "base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>

static const struct ui_page *const ui_pages[UI_SCREEN_COUNT] = {
	[UI_SCREEN_PLAYLISTS] = &page_playlists,
	[UI_SCREEN_SEARCH] = &page_search,
	[UI_SCREEN_OUTPUTS] = &page_outputs,
	[UI_SCREEN_INFO] = &page_info,
};

const struct ui_page *ui_page_of(enum ui_screen s)
{
	return (unsigned)s < UI_SCREEN_COUNT ? ui_pages[s] : NULL;
}

size_t ui_page_rows(const struct ui *ui, enum ui_screen s)
{
	const struct ui_page *p = ui_page_of(s);

	return p != NULL && p->rows != NULL ? p->rows(ui) : 0;
}

const struct mp_song *ui_page_song(const struct ui *ui, enum ui_screen s,
				   size_t base)
{
	const struct ui_page *p = ui_page_of(s);
	struct ui_page_row r = { 0 };
	char buf[8];

	if (p == NULL || p->row == NULL || base >= ui_page_rows(ui, s))
		return NULL;
	p->row(ui, base, &r, buf, sizeof(buf));
	return r.song;
}

bool ui_page_row_matches(const struct ui *ui, enum ui_screen s, size_t base,
			 const char *q)
{
	const struct ui_page *p = ui_page_of(s);
	struct ui_page_row r = { 0 };
	char buf[512];

	if (p == NULL || p->row == NULL)
		return false;
	p->row(ui, base, &r, buf, sizeof(buf));
	if (r.song != NULL)
		return ui_text_match(song_display_title(r.song), q) ||
		       ui_text_match(r.song->artist, q) ||
		       ui_text_match(r.song->album, q) ||
		       ui_text_match(r.song->uri, q);
	return ui_text_match(r.text, q) || ui_text_match(r.label, q);
}

unsigned ui_pages_changed(struct ui *ui, unsigned events)
{
	unsigned redraw = 0;

	for (int s = 0; s < UI_SCREEN_COUNT; s++)
		if (ui_pages[s] != NULL && ui_pages[s]->changed != NULL)
			redraw |= ui_pages[s]->changed(ui, events);
	return redraw;
}

void ui_pages_free(struct ui *ui)
{
	for (int s = 0; s < UI_SCREEN_COUNT; s++)
		if (ui_pages[s] != NULL && ui_pages[s]->free != NULL)
			ui_pages[s]->free(ui);
}

struct mpdc *ui_page_mpd(struct ui *ui)
{
	ui->idle = false;
	return ui->mpd;
}

size_t ui_page_targets(const struct ui *ui, enum ui_screen s, size_t **out)
{
	size_t k = 0, c = ui->cur[s].cursor;

	*out = NULL;
	if (ui->sel[s].count > 0) {
		*out = xcalloc(ui->sel[s].count, sizeof(**out));
		/* Marks never lie past the rows (ui_sel_set). */
		for (size_t i = 0; i < ui->sel[s].cap && k < ui->sel[s].count;
		     i++)
			if (ui_sel_has(ui, s, i))
				(*out)[k++] = i;
		return k;
	}
	if (c >= ui_rows(ui, s))
		return 0;
	*out = xcalloc(1, sizeof(**out));
	(*out)[0] = ui_row(ui, s, c);
	return 1;
}

unsigned ui_page_queue_uris(struct ui *ui, const char *const *uris, size_t n,
			    bool insert, bool play)
{
	struct mpdc_status st;
	struct mp_error err;
	unsigned to;

	if (!ui_connected(ui))
		return ui_not_connected(ui);
	if (n == 0)
		return 0;
	if (mpdc_get_status(ui_page_mpd(ui), &st, &err) != MP_OK ||
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

const char *ui_page_empty(const struct ui *ui, const char *when_empty)
{
	return ui_connected(ui) ? when_empty : _("not connected to MPD");
}
