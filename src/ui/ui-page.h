/* moodplay - the screens beyond Queue, Library, Mood and Help (Playlists,
 * Search, Outputs, Song info) as pages: each a table of hooks the key
 * actions, the model's row queries and the drawing layer call, so a new
 * screen is a new page-*.c file and a row in one table (ncmpc's Page).
 *
 * A page keeps its state behind a pointer in struct ui, made on first use.
 * Pages are curses-free: they describe rows (struct ui_page_row) and the
 * drawing layer draws them.  Hooks returning unsigned return what to
 * redraw (enum ui_redraw bits); NULL hooks do nothing. */
#ifndef MOODPLAY_UI_PAGE_H
#define MOODPLAY_UI_PAGE_H

#include "ui/ui-model.h"

#include <stdbool.h>
#include <stddef.h>

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

/* The page behind screen s; NULL for the four built-in screens. */
const struct ui_page *ui_page_of(enum ui_screen s);

/* ui_page_of(s)->rows, 0 when s has no page. */
size_t ui_page_rows(const struct ui *ui, enum ui_screen s);
/* The song on unfiltered row base of page s, or NULL. */
const struct mp_song *ui_page_song(const struct ui *ui, enum ui_screen s,
				   size_t base);
/* Search match on a page row: its song's fields or its text. */
bool ui_page_row_matches(const struct ui *ui, enum ui_screen s, size_t base,
			 const char *q);
/* Every page's changed hook, then free hook. */
unsigned ui_pages_changed(struct ui *ui, unsigned events);
void ui_pages_free(struct ui *ui);

/* Helpers for pages. */

/* The UI's connection for a command: any command takes it out of idle,
 * so the loop is told to enter idle again afterwards. */
struct mpdc *ui_page_mpd(struct ui *ui);

/* The rows an action works on: the marked ones (unfiltered indexes, in
 * order), else the one under the cursor.  Returns how many; *out is
 * allocated (free it), NULL when none. */
size_t ui_page_targets(const struct ui *ui, enum ui_screen s, size_t **out);
/* Put uris at the end of the queue, or after the playing song with
 * insert; a notice counts them.  With play, the first one plays. */
unsigned ui_page_queue_uris(struct ui *ui, const char *const *uris, size_t n,
			    bool insert, bool play);
/* The body message for a page with nothing to show: "not connected" while
 * disconnected, else when_empty. */
const char *ui_page_empty(const struct ui *ui, const char *when_empty);

#endif
