/* moodplay - the TUI's model: its state and the queries the actions
 * (ui-action.c), the MPD side (ui-mpd.c) and drawing (ui-draw.c) share.
 * No curses.  Only src/ui/ includes this. */
#ifndef MOODPLAY_UI_MODEL_H
#define MOODPLAY_UI_MODEL_H

#include "conf/conf.h"
#include "base/error.h"
#include "base/song.h"
#include "mpdc/mpdc.h"
#include "ui/ui-job.h"
#include "ui/ui-keys.h"
#include "ui/ui-lib.h"
#include "ui/ui-mood.h"
#include "ui/ui-prompt.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* What a change needs redrawn; actions return these (htop's Action.c). */
enum ui_redraw {
	UI_REDRAW_HEADER = 1 << 0, /* tabs, song, flags, connection */
	UI_REDRAW_BODY = 1 << 1,   /* the screen's list or page */
	UI_REDRAW_STATUS = 1 << 2, /* progress bar and notice line */
	UI_REDRAW_ALL = 7,
};

enum ui_screen {
	UI_SCREEN_QUEUE,
	UI_SCREEN_LIBRARY,
	UI_SCREEN_MOOD,
	UI_SCREEN_HELP,
	/* Pages (ui-page.h): */
	UI_SCREEN_PLAYLISTS,
	UI_SCREEN_SEARCH,
	UI_SCREEN_OUTPUTS,
	UI_SCREEN_INFO,
	UI_SCREEN_COUNT
};

/* Rows of the header above and the status lines below the body. */
#define UI_HEADER_ROWS 2
#define UI_STATUS_ROWS 2

/* A scrolling list: the cursor and the first visible row.  Only the
 * visible rows are ever formatted, whatever the list's length. */
struct ui_cursor {
	size_t cursor, top;
};

/* Incremental search: rows of the screen's list that match query, as
 * indexes into the unfiltered rows. */
struct ui_filter {
	char query[128];
	size_t *rows;
	size_t n, cap;
	bool on;
};

/* Multi-select: marks on a screen's unfiltered rows.  The Queue's follow
 * the songs (by queue id) when the queue changes; the Library's last as
 * long as the level. */
struct ui_sel {
	unsigned char *on;
	size_t cap, count;
	size_t anchor; /* visible row of the last toggle, for ranges */
};

struct ui_notice {
	char text[MP_ERROR_MAX];
	bool error;
	int64_t until_ms;
	int rows; /* screen rows it took in the last frame (wrapped) */
};

#define UI_MOOD_HISTORY 8
#define UI_MAX_CHILDREN 16

struct ui_child {
	pid_t pid;
	char name[64];
};

struct ui_libload; /* a Library level fetch on the worker (ui-mpd.c) */
/* The pages' state (page-*.c), made on first use. */
struct page_playlists;
struct page_search;
struct page_outputs;
struct page_info;
struct ui_moodrun; /* a mood run on the worker (ui-mpd.c) */

struct ui_page;

struct ui {
	const struct conf *conf;
	struct ui_keymap *keys;

	struct mpdc_endpoint ep; /* owned copy; workers read it */
	struct mpdc *mpd;
	int64_t retry_at_ms; /* next connect attempt while disconnected */
	bool idle;           /* in MPD idle mode */
	char conn_error[MP_ERROR_MAX];
	/* MPD refused the password, or refuses to tell us its status without
	 * one: no more attempts, since retrying cannot fix it. */
	bool auth_failed;
	struct mpdc_status st;
	bool have_status;
	int64_t status_ms; /* when st was fetched: elapsed is extrapolated */
	struct mp_song current;
	bool has_current;
	/* Every position of MPD's queue; a song not fetched yet has no uri
	 * (ui-queue.h).  queue_missing counts those; none lie below
	 * queue_scan. */
	struct mp_song_list queue;
	unsigned queue_version;
	bool have_queue;
	size_t queue_missing, queue_scan;
	/* MPD sent none of the songs last asked for (a broken server: its
	 * status counts songs it does not list).  No more asking until a
	 * look at MPD brings songs or none are asked for. */
	bool queue_stuck;

	struct ui_lib *lib;
	struct ui_job *lib_job;
	struct ui_libload *libload;
	bool lib_used; /* the Library was opened: keep it loaded */

	struct ui_mood *moodpl;
	struct ui_job *mood_job;
	struct ui_moodrun *moodrun;
	struct ui_mood_result mood[UI_MOOD_HISTORY]; /* [0] newest */
	size_t n_mood;
	struct ui_mood_result missed; /* the last snapshot with no face */
	bool has_missed;              /* ... newer than mood[0] */
	bool mood_pending;            /* mood[0].plan awaits mood-confirm */
	/* The Mood screen's rows: the mood (0), mood[0]'s songs (1..n_plan),
	 * the last day's timeline (n_plan + 1).  The page may be taller than
	 * the window: mood_scroll is its first line shown (ui-draw.c keeps
	 * the cursor's lines in view). */
	int mood_scroll;
	struct mood_record *day; /* the mood history's last day, oldest first */
	size_t n_day;
	bool picking;     /* the Mood screen shows the manual picker */
	int64_t click_ms; /* last press on a row, for double clicks */
	size_t click_row;
	int64_t auto_at_ms; /* next mood.auto_interval capture, 0 = off */
	unsigned spin;

	enum ui_screen screen;
	enum ui_screen prev_screen; /* for previous-screen */
	struct ui_cursor cur[UI_SCREEN_COUNT];
	struct ui_filter filter[UI_SCREEN_COUNT];
	struct ui_sel sel[UI_SCREEN_COUNT];
	bool searching;       /* the status line edits filter[screen].query */
	char last_query[128]; /* the last search, for find-next/previous */
	bool confirm_clear;   /* the status line asks before clearing */
	int body_rows, cols;

	struct ui_prompt prompt; /* the status line asks for text */
	/* The screens beyond the four built in (ui-page.h), put here by
	 * ui.c; NULL for the others. */
	const struct ui_page *pages[UI_SCREEN_COUNT];
	struct ui_job *page_job; /* a page's background work (a search) */
	unsigned (*page_job_done)(struct ui *ui); /* called when it ends */
	struct page_playlists *playlists;
	struct page_search *search;
	struct page_outputs *outputs;
	struct page_info *info;

	struct ui_notice notice;
	struct ui_child children[UI_MAX_CHILDREN];
	bool quit;
};

/* Show a message on the status line; it fades after a few seconds.
 * Returns UI_REDRAW_STATUS. */
unsigned ui_notify(struct ui *ui, bool error, const char *fmt, ...)
	MP_PRINTF(3, 4);
/* Open the status line's prompt (ui-prompt.h): a line of text starting
 * with initial (may be NULL), or a yes/no question whose done runs on yes;
 * arg (may be NULL) is kept in ui->prompt.arg for done.  Return what to
 * redraw. */
unsigned ui_ask_line(struct ui *ui, const char *question, const char *initial,
		     const char *arg, ui_prompt_fn *done);
unsigned ui_ask_yesno(struct ui *ui, const char *question, const char *arg,
		      ui_prompt_fn *done);
/* A key while the prompt is open: done runs when it is accepted. */
unsigned ui_ask_key(struct ui *ui, const struct ui_key *k);
/* The page behind screen s; NULL for the four built-in screens. */
const struct ui_page *ui_page_of(const struct ui *ui, enum ui_screen s);
/* Every page's changed hook (MPD changed: events, or all bits when the
 * connection came back), returning what to redraw; every free hook. */
unsigned ui_pages_changed(struct ui *ui, unsigned events);
void ui_pages_free(struct ui *ui);
/* The rows an action works on: the marked ones (unfiltered indexes, in
 * order), else the one under the cursor.  Returns how many; *out is
 * allocated (free it), NULL when none. */
size_t ui_targets(const struct ui *ui, enum ui_screen s, size_t **out);
/* The body message for a page with nothing to show: "not connected" while
 * disconnected, else when_empty. */
const char *ui_empty_message(const struct ui *ui, const char *when_empty);
/* The "not connected to MPD" notice. */
unsigned ui_not_connected(struct ui *ui);
bool ui_connected(const struct ui *ui);

/* Rows the current screen's list shows (after the filter), and the
 * unfiltered row behind visible row i. */
size_t ui_rows(const struct ui *ui, enum ui_screen s);
size_t ui_row(const struct ui *ui, enum ui_screen s, size_t i);
/* Library: true when visible row i is the ".." row of a sub-level. */
bool ui_lib_parent_row(const struct ui *ui, size_t i);

/* Recompute the search filter of screen s over its current rows; returns
 * what to redraw. */
unsigned ui_filter_apply(struct ui *ui, enum ui_screen s);
void ui_filter_off(struct ui *ui, enum ui_screen s);
/* Selection of screen s: is unfiltered row base marked; mark or unmark
 * it; unmark all.  Rows past the list are never marked. */
bool ui_sel_has(const struct ui *ui, enum ui_screen s, size_t base);
void ui_sel_set(struct ui *ui, enum ui_screen s, size_t base, bool on);
void ui_sel_clear(struct ui *ui, enum ui_screen s);

/* Does unfiltered row base of screen s match the search text q. */
bool ui_row_matches(const struct ui *ui, enum ui_screen s, size_t base,
		    const char *q);

/* Keep the cursor of screen s on a row and visible. */
void ui_clamp(struct ui *ui, enum ui_screen s);

/* The queue position under the cursor; false when there is none. */
bool ui_queue_cursor(const struct ui *ui, unsigned *pos);
/* The library row under the cursor (NULL for none or ".."). */
const struct ui_lib_row *ui_lib_cursor(const struct ui *ui);
/* The song under the cursor on the current screen, or NULL. */
const struct mp_song *ui_selected_song(const struct ui *ui);

/* The header's label of screen s (" 2:Library "), from the key map. */
void ui_tab_label(const struct ui *ui, enum ui_screen s, char *out,
		  size_t outsz);

/* Help screen: its lines, generated from the live key map. */
size_t ui_help_lines(const struct ui *ui);
void ui_help_line(const struct ui *ui, size_t i, char *keys, size_t keysz,
		  char *doc, size_t docsz, bool *heading);

/* Elapsed milliseconds now, extrapolated while playing. */
unsigned ui_elapsed_ms(const struct ui *ui);

/* "happy 82%", or the strategy of a pick without an emotion. */
void ui_mood_label(const struct ui_mood_result *r, char *out, size_t outsz);

#endif
