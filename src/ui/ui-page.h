/* moodplay - the screens beyond Queue, Library, Mood and Help (Playlists,
 * Search, Outputs, Song info) as pages: each a table of hooks the key
 * actions, the model's row queries and the drawing layer call, so a new
 * screen is a new page-*.c file and a row in one table (ncmpc's Page).
 *
 * A page keeps its state behind a pointer in struct ui, made on first use;
 * ui.c puts the pages in ui->pages (ui_page_of()).
 * Pages are curses-free: they describe rows (struct ui_page_row) and the
 * drawing layer draws them.  Hooks returning unsigned return what to
 * redraw (enum ui_redraw bits); NULL hooks do nothing. */
#ifndef MOODPLAY_UI_PAGE_H
#define MOODPLAY_UI_PAGE_H

#include "base/song.h"
#include "conf/conf-color.h"

#include <stdbool.h>
#include <stddef.h>

struct ui;

/* One row as the drawing layer shows it: a song in the song columns, or a
 * label and a text. */
struct ui_page_row {
	const struct mp_song *song; /* not NULL: a song row */
	const char *label;          /* a left column ("Artist"), or NULL */
	const char *text;           /* the row's text when it is no song */
	enum conf_element el;       /* the text's colour element */
	bool heading;               /* a section title: bold, never marked */
};

struct ui_page {
	/* Rows before the search filter, and row base of them: *out may
	 * point into buf (bufsz bytes) for formatted text. */
	size_t (*rows)(const struct ui *ui);
	void (*row)(const struct ui *ui, size_t base, struct ui_page_row *out,
		    char *buf, size_t bufsz);
	/* The body's message instead of the rows (not connected, loading,
	 * nothing here), or NULL to draw the rows. */
	const char *(*message)(const struct ui *ui);
	/* The status line's text when nothing else is on it; false for
	 * none. */
	bool (*status)(const struct ui *ui, char *buf, size_t bufsz);
	unsigned (*show)(struct ui *ui);   /* shown: fetch what it needs */
	unsigned (*select)(struct ui *ui); /* Enter */
	unsigned (*back)(struct ui *ui);   /* Backspace or Esc: up a level */
	unsigned (*add)(struct ui *ui, bool insert); /* add / insert */
	unsigned (*remove)(struct ui *ui);           /* delete */
	unsigned (*search)(struct ui *ui);           /* "/" */
	/* MPD changed (idle events), or the connection came back (all
	 * bits): refetch what is stale. */
	unsigned (*changed)(struct ui *ui, unsigned events);
	void (*free)(struct ui *ui);
	bool marks; /* select-toggle and friends work on its rows */
};

/* p->rows, 0 when p is NULL or has none. */
size_t ui_page_rows(const struct ui_page *p, const struct ui *ui);
/* The song on unfiltered row base of p, or NULL. */
const struct mp_song *ui_page_song(const struct ui_page *p, const struct ui *ui,
				   size_t base);
/* Search match on a row of p: its song's fields or its text. */
bool ui_page_row_matches(const struct ui_page *p, const struct ui *ui,
			 size_t base, const char *q);

#endif
