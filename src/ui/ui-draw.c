/* moodplay - drawing the TUI's model with curses.  Only visible rows are
 * formatted, so the cost of a frame does not depend on the list length;
 * curses then sends only the cells that changed. */
#include "config.h"

#include "ui/ui-draw.h"
#include "ui/ui-page.h"
#include "ui/ui-curses.h"
#include "ui/ui-term.h"
#include "ui/ui-text.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "mood/mood-timeline.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Put s at (y, x) in at most w columns, cut cleanly; pad with spaces to w
 * columns when pad.  Returns the columns used. */
static int ui_put(int y, int x, int w, const char *s, struct ui_look look,
		  bool pad)
{
	char buf[1024];
	size_t used;

	char local[1024];

	if (w <= 0)
		return 0;
	/* Tags are UTF-8; a terminal in another codeset gets them converted
	 * (with '?' for what it cannot show), never raw bytes. */
	if (s != NULL && !ui_term_utf8())
		s = ui_term_local(local, sizeof(local), s);
	used = ui_text_cut(buf, sizeof(buf), s != NULL ? s : "", (size_t)w);
	ui_look_set(look);
	mvaddstr(y, x, buf);
	if (pad)
		for (int i = (int)used; i < w; i++)
			addch(' ');
	attrset(A_NORMAL);
	return pad ? w : (int)used;
}

/* s wrapped at w columns on at most rows rows from (y, x); returns the
 * rows used.  The last row cuts what does not fit with an ellipsis. */
static int ui_put_wrapped(int y, int x, int w, int rows, const char *s,
			  struct ui_look look)
{
	char line[1024];
	size_t len, next;
	int r = 0;

	while (*s != '\0' && r < rows && w > 0) {
		if (r == rows - 1) {
			ui_put(y + r++, x, w, s, look, false);
			break;
		}
		len = ui_text_wrap(s, (size_t)w, &next);
		if (len >= sizeof(line))
			len = sizeof(line) - 1;
		memcpy(line, s, len);
		line[len] = '\0';
		ui_put(y + r++, x, w, line, look, false);
		s += next;
	}
	return r;
}

/* Rows s takes wrapped at w columns. */
static int ui_wrapped_rows(const char *s, int w)
{
	size_t next;
	int n = 0;

	while (*s != '\0' && w > 0) {
		ui_text_wrap(s, (size_t)w, &next);
		s += next;
		n++;
	}
	return n;
}

#define EL(e) UI_EL(CONF_EL_##e)

/* A drawing character: utf8 where the locale's codeset is UTF-8, else the
 * ASCII stand-in (raw UTF-8 would show as byte debris). */
static const char *ui_glyph(const char *utf8, const char *ascii)
{
	return ui_term_utf8() ? utf8 : ascii;
}

/* The look of the elements in mask, with extra attributes. */
static struct ui_look ui_look(unsigned mask, attr_t extra)
{
	struct ui_look l = ui_term_look(mask);

	l.attrs |= extra;
	return l;
}

/* "3:07", or "1:02:03" from an hour on. */
static void ui_time(char *out, size_t outsz, unsigned ms)
{
	unsigned s = ms / 1000;

	if (s >= 3600)
		snprintf(out, outsz, "%u:%02u:%02u", s / 3600, s / 60 % 60,
			 s % 60);
	else
		snprintf(out, outsz, "%u:%02u", s / 60, s % 60);
}

static const char ui_spinner[] = "|/-\\";

/* The wall-clock time of the next mood.auto_interval capture, "15:42:10".
 * The monotonic deadline is carried over by the clocks' offset, which
 * does not change between frames, so the time shown does not flicker. */
static void ui_auto_due(const struct ui *ui, char *out, size_t outsz)
{
	struct timespec ts;
	struct tm tm;
	time_t t;

	clock_gettime(CLOCK_REALTIME, &ts);
	t = (time_t)(((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 -
		      clock_ms() + ui->auto_at_ms) /
		     1000);
	localtime_r(&t, &tm);
	strftime(out, outsz, "%H:%M:%S", &tm);
}

static void ui_draw_tabs(struct ui *ui)
{
	struct ui_look head = ui_look(EL(HEADER), 0);
	char buf[256], right[256], due[64];
	size_t lead;
	int x = 0, w;

	move(0, 0);
	ui_look_set(head);
	for (int i = 0; i < ui->cols; i++)
		addch(' ');
	for (int s = 0; s < UI_SCREEN_COUNT; s++) {
		ui_tab_label(ui, (enum ui_screen)s, buf, sizeof(buf));
		x += ui_put(0, x, ui->cols - x, buf,
			    ui_look(EL(HEADER),
				    s == (int)ui->screen ? A_REVERSE : 0),
			    false);
	}
	/* Right side: busy spinner, next automatic capture, mood badge,
	 * connection state. */
	right[0] = '\0';
	if (ui_job_running(ui->mood_job) || ui_job_running(ui->lib_job) ||
	    ui_job_running(ui->page_job))
		snprintf(right + strlen(right), sizeof(right) - strlen(right),
			 "%c ", ui_spinner[ui->spin % 4]);
	due[0] = '\0';
	if (ui->auto_at_ms > 0) {
		char when[16];

		ui_auto_due(ui, when, sizeof(when));
		snprintf(due, sizeof(due), _("next capture %s  "), when);
	}
	lead = strlen(right);
	if (ui->n_mood > 0) {
		char label[64];

		ui_mood_label(&ui->mood[0], label, sizeof(label));
		snprintf(right + strlen(right), sizeof(right) - strlen(right),
			 "%s  ", label);
	}
	switch (mpdc_state(ui->mpd)) {
	case MPDC_CONNECTED:
		snprintf(right + strlen(right), sizeof(right) - strlen(right),
			 _("MPD %s"), mpdc_server_version(ui->mpd));
		break;
	case MPDC_CONNECTING:
		snprintf(right + strlen(right), sizeof(right) - strlen(right),
			 _("connecting to MPD..."));
		break;
	case MPDC_DISCONNECTED: {
		int64_t left = ui->retry_at_ms - clock_ms();

		if (ui->auth_failed)
			snprintf(right + strlen(right),
				 sizeof(right) - strlen(right), "%s",
				 _("not connected: MPD refused access"));
		else
			snprintf(right + strlen(right),
				 sizeof(right) - strlen(right),
				 _("not connected, retry in %llds"),
				 (long long)(left > 0 ? (left + 999) / 1000
						      : 0));
		break;
	}
	}
	/* The next capture's time only where it fits with the rest, so the
	 * connection state is not lost to it. */
	w = (int)ui_text_width(right) + 1;
	if (due[0] != '\0' && w + (int)ui_text_width(due) < ui->cols - x &&
	    strlen(right) + strlen(due) < sizeof(right)) {
		memmove(right + lead + strlen(due), right + lead,
			strlen(right + lead) + 1);
		memcpy(right + lead, due, strlen(due));
		w += (int)ui_text_width(due);
	}
	/* With more tabs than room, the connection state still shows: it
	 * covers the last tabs (up to half the line). */
	if (w < ui->cols - x || w <= ui->cols / 2)
		ui_put(0, ui->cols - w, w, right, head, true);
}

static void ui_draw_song(struct ui *ui)
{
	static const char *const icons[] = {
		[MPDC_UNKNOWN] = "  ",
		[MPDC_STOP] = "[]",
		[MPDC_PLAY] = "|>",
		[MPDC_PAUSE] = "||",
	};
	const struct mpdc_status *st = &ui->st;
	char right[64], buf[512];
	int x, w;

	move(1, 0);
	clrtoeol();
	if (!ui->have_status) {
		ui_put(1, 0, ui->cols,
		       ui->conn_error[0] ? ui->conn_error : _("not connected"),
		       ui_look(EL(ERROR), 0), true);
		return;
	}
	if (st->volume >= 0)
		snprintf(right, sizeof(right), "[%c%c%c%c] %s %d%%",
			 st->repeat ? 'r' : '-', st->random ? 'z' : '-',
			 st->single ? 's' : '-', st->consume ? 'c' : '-',
			 _("vol"), st->volume);
	else
		snprintf(right, sizeof(right), "[%c%c%c%c]",
			 st->repeat ? 'r' : '-', st->random ? 'z' : '-',
			 st->single ? 's' : '-', st->consume ? 'c' : '-');
	w = (int)ui_text_width(right);
	x = ui_put(1, 0, ui->cols, icons[st->state], ui_look(EL(STATUS), 0),
		   false);
	x++;
	if (ui->has_current && st->state != MPDC_STOP) {
		x += ui_put(1, x, ui->cols - w - 1 - x,
			    song_display_title(&ui->current),
			    ui_look(EL(STATUS) | EL(TITLE), A_BOLD), false);
		if (ui->current.artist != NULL) {
			snprintf(buf, sizeof(buf), " %s %s",
				 ui_glyph("\xe2\x80\x94", "-"),
				 ui->current.artist);
			ui_put(1, x, ui->cols - w - 1 - x, buf,
			       ui_look(EL(STATUS) | EL(ARTIST), 0), false);
		}
	} else {
		snprintf(buf, sizeof(buf),
			 ngettext("stopped, %u song in the queue",
				  "stopped, %u songs in the queue",
				  st->queue_length),
			 st->queue_length);
		ui_put(1, x, ui->cols - w - 1 - x, buf, ui_look(EL(STATUS), 0),
		       false);
	}
	if (w < ui->cols)
		ui_put(1, ui->cols - w, w, right, ui_look(EL(STATUS), 0),
		       false);
}

/* The elements of a list row: a list item, maybe the playing song, maybe
 * under the cursor; its columns add their own (title, artist...). */
static unsigned ui_row_mask(bool cursor, bool playing)
{
	return EL(LIST) | (playing ? EL(PLAYING) : 0) |
	       (cursor ? EL(SELECTED) : 0);
}

/* One song as columns: title, artist, album, duration. */
static void ui_draw_song_row(int y, int cols, const struct mp_song *s,
			     unsigned mask, bool show_artist, bool marked)
{
	struct ui_look a = ui_look(mask, 0);
	char dur[16] = "";
	int tw, aw, x = 1;

	if (s->duration_ms > 0)
		ui_time(dur, sizeof(dur), s->duration_ms);
	cols -= 8; /* duration column */
	tw = show_artist ? cols * 45 / 100 : cols - 1;
	aw = show_artist ? (cols - tw) / 2 : 0;
	ui_put(y, 0, 1, marked ? "*" : " ", a, true);
	x += ui_put(y, x, tw, song_display_title(s),
		    ui_look(mask | EL(TITLE), 0), true);
	if (show_artist) {
		x += ui_put(y, x, 1, " ", a, true);
		x += ui_put(y, x, aw, s->artist, ui_look(mask | EL(ARTIST), 0),
			    true);
		x += ui_put(y, x, 1, " ", a, true);
		x += ui_put(y, x, cols - x, s->album,
			    ui_look(mask | EL(ALBUM), 0), true);
	}
	x += ui_put(y, x, cols + 8 - x - 6, "", a, true);
	ui_put(y, x, 6, "", a, true);
	ui_put(y, x + 6 - (int)strlen(dur), (int)strlen(dur), dur, a, false);
}

static void ui_draw_empty(struct ui *ui, const char *msg)
{
	ui_put(UI_HEADER_ROWS + 1, 2, ui->cols - 4, msg, ui_look(EL(NOTICE), 0),
	       false);
}

static void ui_draw_queue(struct ui *ui)
{
	const struct ui_cursor *c = &ui->cur[UI_SCREEN_QUEUE];
	size_t n = ui_rows(ui, UI_SCREEN_QUEUE);

	if (n == 0) {
		ui_draw_empty(ui, ui->filter[UI_SCREEN_QUEUE].on
					  ? _("no song in the queue matches")
					  : _("The queue is empty: add songs "
					      "from the Library."));
		return;
	}
	for (int r = 0; r < ui->body_rows && c->top + (size_t)r < n; r++) {
		size_t i = c->top + (size_t)r,
		       pos = ui_row(ui, UI_SCREEN_QUEUE, i);
		/* Not fetched yet: only when MPD did not answer in time. */
		struct mp_song wait = { .uri = (char *)"",
					.title = (char *)ui_glyph(
						"\xe2\x80\xa6", "...") };
		const struct mp_song *song = ui->queue.items[pos].uri != NULL
						     ? &ui->queue.items[pos]
						     : &wait;

		ui_draw_song_row(
			UI_HEADER_ROWS + r, ui->cols, song,
			ui_row_mask(i == c->cursor,
				    ui->have_status &&
					    (int)pos == ui->st.song_pos),
			true, ui_sel_has(ui, UI_SCREEN_QUEUE, pos));
	}
}

static void ui_draw_library(struct ui *ui)
{
	const struct ui_cursor *c = &ui->cur[UI_SCREEN_LIBRARY];
	size_t n = ui_rows(ui, UI_SCREEN_LIBRARY), nrows;
	const struct ui_lib_row *rows;
	bool files, deep;
	char buf[512];
	int r;

	if (ui->lib == NULL) {
		ui_draw_empty(ui, ui_job_running(ui->lib_job)
					  ? _("loading the library...")
					  : _("no library (not connected)"));
		return;
	}
	if (n == 0 && !ui_lib_loading(ui->lib)) {
		ui_draw_empty(ui, ui_lib_failed(ui->lib)
					  ? _("cannot load the library")
				  : ui->filter[UI_SCREEN_LIBRARY].on
					  ? _("nothing here matches")
					  : _("The library is empty."));
		return;
	}
	rows = ui_lib_rows(ui->lib, &nrows);
	files = ui_lib_view(ui->lib) == UI_LIB_FILES;
	deep = ui_lib_depth(ui->lib) > 0;
	for (r = 0; r < ui->body_rows && c->top + (size_t)r < n; r++) {
		size_t i = c->top + (size_t)r,
		       base = ui_row(ui, UI_SCREEN_LIBRARY, i);
		int y = UI_HEADER_ROWS + r;
		unsigned mask = ui_row_mask(i == c->cursor, false);
		const struct ui_lib_row *row;

		if (deep && base == 0) {
			ui_put(y, 0, ui->cols, " ..", ui_look(mask, 0), true);
			continue;
		}
		row = &rows[base - deep];
		if (row->leaf && !files) {
			ui_draw_song_row(
				y, ui->cols, row->song, mask, false,
				ui_sel_has(ui, UI_SCREEN_LIBRARY, base));
			continue;
		}
		snprintf(buf, sizeof(buf), "%s%s%s",
			 ui_sel_has(ui, UI_SCREEN_LIBRARY, base) ? "*" : " ",
			 row->label, files && !row->leaf ? "/" : "");
		if (row->leaf)
			mask |= EL(TITLE);
		else if (!files)
			mask |= ui_lib_depth(ui->lib) == 0 ? EL(ARTIST)
							   : EL(ALBUM);
		ui_put(y, 0, ui->cols, buf, ui_look(mask, 0), true);
	}
	/* A level being fetched (or that failed): its parent's way out, then
	 * a word. */
	if ((ui_lib_loading(ui->lib) || ui_lib_failed(ui->lib)) &&
	    r < ui->body_rows)
		ui_put(UI_HEADER_ROWS + r, 2, ui->cols - 4,
		       ui_lib_loading(ui->lib) ? _("loading...")
					       : _("cannot load the library"),
		       ui_look(EL(NOTICE), 0), false);
}

static void ui_draw_help(struct ui *ui)
{
	const struct ui_cursor *c = &ui->cur[UI_SCREEN_HELP];
	size_t n = ui_rows(ui, UI_SCREEN_HELP);
	char keys[128], doc[512];
	bool heading;
	int kw = ui->cols > 60 ? 24 : ui->cols / 3;

	for (int r = 0; r < ui->body_rows && c->top + (size_t)r < n; r++) {
		size_t i = c->top + (size_t)r;
		int y = UI_HEADER_ROWS + r;
		unsigned mask = ui_row_mask(i == c->cursor, false);

		ui_help_line(ui, i, keys, sizeof(keys), doc, sizeof(doc),
			     &heading);
		if (heading) {
			ui_put(y, 0, ui->cols, doc,
			       ui_look(mask, A_BOLD | A_UNDERLINE), true);
			continue;
		}
		ui_put(y, 0, 2, "", ui_look(mask, 0), true);
		ui_put(y, 2, kw, keys, ui_look(mask | EL(TITLE), A_BOLD), true);
		ui_put(y, 2 + kw, ui->cols - 2 - kw, doc, ui_look(mask, 0),
		       true);
	}
}

/* The lists while MPD is not there: no stale rows, no "the queue is
 * empty", but why, in full. */
static void ui_draw_offline(struct ui *ui)
{
	int y = UI_HEADER_ROWS + 1;

	ui_put(y, 2, ui->cols - 4,
	       mpdc_state(ui->mpd) == MPDC_CONNECTING
		       ? _("connecting to MPD...")
		       : _("not connected to MPD"),
	       ui_look(EL(NOTICE), 0), false);
	if (ui->conn_error[0] != '\0' && ui->body_rows > 3)
		ui_put_wrapped(y + 2, 2, ui->cols - 4, ui->body_rows - 3,
			       ui->conn_error, ui_look(EL(ERROR), 0));
	if (ui->auth_failed && ui->body_rows > 8)
		ui_put_wrapped(UI_HEADER_ROWS + ui->body_rows - 2, 2,
			       ui->cols - 4, 2,
			       _("moodplay does not retry: restart it once "
				 "the password is set."),
			       ui_look(EL(NOTICE), 0));
}

/* A page's rows (ui-page.h): songs in the song columns, other rows as a
 * label column and a text. */
static void ui_draw_page(struct ui *ui)
{
	const struct ui_page *p = ui_page_of(ui, ui->screen);
	const struct ui_cursor *c = &ui->cur[ui->screen];
	const char *msg = p->message != NULL ? p->message(ui) : NULL;
	size_t n = ui_rows(ui, ui->screen);
	int lw = ui->cols > 60 ? 16 : ui->cols / 4;
	char buf[1024];

	if (msg != NULL) {
		ui_draw_empty(ui, msg);
		return;
	}
	if (n == 0 && ui->filter[ui->screen].on) {
		ui_draw_empty(ui, _("nothing here matches"));
		return;
	}
	for (int r = 0; r < ui->body_rows && c->top + (size_t)r < n; r++) {
		size_t i = c->top + (size_t)r, base = ui_row(ui, ui->screen, i);
		int y = UI_HEADER_ROWS + r, x = 1;
		unsigned mask = ui_row_mask(i == c->cursor, false);
		bool marked = ui_sel_has(ui, ui->screen, base);
		struct ui_page_row row = { .el = CONF_EL_LIST };

		p->row(ui, base, &row, buf, sizeof(buf));
		if (row.song != NULL) {
			ui_draw_song_row(y, ui->cols, row.song, mask, true,
					 marked);
			continue;
		}
		ui_put(y, 0, 1, marked ? "*" : " ", ui_look(mask, 0), true);
		if (row.label != NULL)
			x += ui_put(y, x, lw, row.label,
				    ui_look(mask | EL(ARTIST), 0), true);
		ui_put(y, x, ui->cols - x, row.text,
		       ui_look(mask | UI_EL(row.el),
			       row.heading ? A_BOLD | A_UNDERLINE : 0),
		       true);
	}
}

/* ------------------------------------------------------------ mood */

/* A snapshot pixel as a grey level 0..255 and a palette colour. */
static int ui_pixel(const struct ui_mood_result *m, unsigned x, unsigned y,
		    int palette, int *grey)
{
	const unsigned char *p =
		m->pixels + ((size_t)y * m->width + x) * m->channels;
	int r = p[0], g = m->channels >= 3 ? p[1] : p[0],
	    b = m->channels >= 3 ? p[2] : p[0];

	*grey = (r * 30 + g * 59 + b * 11) / 100;
	if (palette > 256)
		return ui_term_rgb(r << 16 | g << 8 | b);
	if (palette >= 256) {
		if (m->channels < 3 || (abs(r - g) < 12 && abs(g - b) < 12))
			return 232 + *grey * 23 / 255;
		return 16 + 36 * (r * 5 / 255) + 6 * (g * 5 / 255) +
		       b * 5 / 255;
	}
	return *grey >= 128 ? COLOR_WHITE : COLOR_BLACK;
}

static bool ui_on_box(const struct ui_mood_result *m, unsigned x, unsigned y,
		      unsigned sx, unsigned sy)
{
	unsigned x0 = m->face_x, y0 = m->face_y;
	unsigned x1 = m->face_x + m->face_w, y1 = m->face_y + m->face_h;

	if (!m->has_face || x + sx < x0 || x > x1 + sx || y + sy < y0 ||
	    y > y1 + sy)
		return false;
	return x <= x0 + sx / 2 + 1 && x + sx / 2 + 1 >= x0   ? true
	       : x + sx / 2 + 1 >= x1 && x <= x1 + sx / 2 + 1 ? true
	       : y <= y0 + sy / 2 + 1 && y + sy / 2 + 1 >= y0
		       ? true
		       : y + sy / 2 + 1 >= y1 && y <= y1 + sy / 2 + 1;
}

/* The snapshot in w x h cells: upper half blocks with the top pixel as
 * foreground and the bottom one as background, in true colour on a
 * direct-colour terminal, else in 256 or 8 colours; a grey character ramp
 * without colours or without UTF-8.  The face box in green. */
static void ui_draw_picture(const struct ui_mood_result *m, int y0, int x0,
			    int w, int h)
{
	static const char ramp[] = " .:-=+*#%@";
	int palette = ui_term_palette();
	unsigned sx, sy, pw, ph;

	if (m->pixels == NULL || m->width == 0 || m->height == 0 || w < 4 ||
	    h < 2)
		return;
	/* Keep the aspect: a cell is one pixel wide and two tall. */
	pw = (unsigned)w;
	ph = (unsigned)((uint64_t)m->height * pw / m->width);
	if (ph > (unsigned)h * 2) {
		ph = (unsigned)h * 2;
		pw = (unsigned)((uint64_t)m->width * ph / m->height);
	}
	sx = m->width / (pw ? pw : 1);
	sy = m->height / (ph ? ph : 1);
	for (unsigned cy = 0; cy < ph / 2; cy++) {
		move(y0 + (int)cy, x0);
		for (unsigned cx = 0; cx < pw; cx++) {
			unsigned px = (unsigned)((uint64_t)cx * m->width / pw);
			unsigned pt =
				(unsigned)((uint64_t)(cy * 2) * m->height / ph);
			unsigned pb = (unsigned)((uint64_t)(cy * 2 + 1) *
						 m->height / ph);
			int gt, gb, ct = ui_pixel(m, px, pt, palette, &gt);
			int cb = ui_pixel(m, px, pb, palette, &gb);
			bool bt = ui_on_box(m, px, pt, sx, sy),
			     bb = ui_on_box(m, px, pb, sx, sy);

			if (palette >= 8 && ui_term_utf8()) {
				int pair, box = palette > 256
							? ui_term_rgb(0x00ff00)
						: palette >= 256 ? 46
								 : COLOR_GREEN;

				if (bt)
					ct = box;
				if (bb)
					cb = box;
				/* Pairs beyond 255 do not fit COLOR_PAIR(): pass
				 * the pair through attr_set()'s extended argument. */
				pair = ui_term_pair(ct, cb);
				attr_set(A_NORMAL, 0, &pair);
				addstr("\xe2\x96\x80"); /* U+2580 upper half block */
			} else {
				attrset(bt || bb ? A_BOLD : A_NORMAL);
				addch(bt || bb ? '#'
					       : ramp[(gt + gb) / 2 * 9 / 255]);
			}
		}
	}
	attrset(A_NORMAL);
}

/* A bar of frac (0..1) in w columns with eighth blocks. */
static void ui_bar(int y, int x, int w, double frac, struct ui_look a)
{
	static const char *const eighths[] = {
		"",
		"\xe2\x96\x8f",
		"\xe2\x96\x8e",
		"\xe2\x96\x8d",
		"\xe2\x96\x8c",
		"\xe2\x96\x8b",
		"\xe2\x96\x8a",
		"\xe2\x96\x89",
	};
	/* In ASCII a cell is full from half on. */
	static const char *const halves[] = { "",  " ", " ", " ",
					      "#", "#", "#", "#" };
	int units = (int)(frac * w * 8 + 0.5), i;

	ui_look_set(a);
	move(y, x);
	for (i = 0; i < units / 8 && i < w; i++)
		addstr(ui_glyph("\xe2\x96\x88", "#"));
	if (i < w && units % 8) {
		addstr(ui_term_utf8() ? eighths[units % 8] : halves[units % 8]);
		i++;
	}
	for (; i < w; i++)
		addch(' ');
	attrset(A_NORMAL);
}

/* The Mood screen is a page that may be taller than the window: its lines
 * are numbered from 0 and drawn scroll lines up; lines outside the window
 * are skipped, so a pass with no rows only measures the page. */
struct ui_sheet {
	int y0, rows, scroll;
};

/* The screen row of page line l, or -1 when it is not in the window. */
static int ui_sheet_y(const struct ui_sheet *p, int l)
{
	int y = l - p->scroll;

	return y >= 0 && y < p->rows ? p->y0 + y : -1;
}

static void ui_sheet_put(const struct ui_sheet *p, int l, int x, int w,
			 const char *s, struct ui_look look, bool pad)
{
	int y = ui_sheet_y(p, l);

	if (y >= 0)
		ui_put(y, x, w, s, look, pad);
}

/* s wrapped to w columns from page line l; returns the lines it took. */
static int ui_sheet_wrap(const struct ui_sheet *p, int l, int x, int w,
			 const char *s, struct ui_look look)
{
	char buf[1024];
	size_t pos = 0, next, n;
	int k = 0;

	if (w < 1 || s == NULL)
		return 0;
	while (s[pos] != '\0') {
		n = ui_text_wrap(s + pos, (size_t)w, &next);
		snprintf(buf, sizeof(buf), "%.*s", (int)n, s + pos);
		ui_sheet_put(p, l + k++, x, w, buf, look, false);
		pos += next;
	}
	return k;
}

/* The scroll that shows the cursor's lines [a, b) in h rows, moving as
 * little as possible from prev: the page's top for the first row and its
 * end for the last, so the heading and the timeline are reachable. */
static int ui_sheet_scroll(int prev, int a, int b, int total, int h, bool first,
			   bool last)
{
	int s = prev;

	if (b - a > h)
		b = a + h;
	if (first)
		s = 0;
	if (last)
		s = total - h;
	if (a < s)
		s = a;
	if (b > s + h)
		s = b - h;
	if (s > total - h)
		s = total - h;
	return s < 0 ? 0 : s;
}

/* Valence left to right, arousal bottom to top, the mood as a dot; from
 * page line l.  Returns the lines it took (0: too narrow). */
static int ui_draw_plot(const struct ui_sheet *p,
			const struct ui_mood_result *m, int l, int x, int w)
{
	const int pw = 21, ph = 7;
	struct ui_look a = ui_look(EL(MOOD_PLOT), 0),
		       dot = ui_look(EL(MOOD_PLOT), A_BOLD);
	int dx = (int)((m->valence + 1) / 2 * (pw - 1) + 0.5);
	int dy = (int)((1 - (m->arousal + 1) / 2) * (ph - 1) + 0.5);
	char buf[64];

	if (w < pw + 12)
		return 0;
	for (int r = 0; r < ph; r++) {
		int y = ui_sheet_y(p, l + r);

		if (y < 0)
			continue;
		move(y, x);
		for (int c = 0; c < pw; c++) {
			if (r == dy && c == dx) {
				ui_look_set(dot);
				addch('@');
			} else {
				ui_look_set(a);
				addch(c == pw / 2   ? (r == ph / 2 ? '+' : '|')
				      : r == ph / 2 ? '-'
						    : ' ');
			}
		}
	}
	attrset(A_NORMAL);
	ui_sheet_put(p, l, x + pw + 1, w - pw - 1, _("arousal +"), a, false);
	ui_sheet_put(p, l + ph - 1, x + pw + 1, w - pw - 1, _("calm"), a,
		     false);
	snprintf(buf, sizeof(buf), _("valence %+.2f  arousal %+.2f"),
		 m->valence, m->arousal);
	ui_sheet_put(p, l + ph, x, w, buf, a, false);
	return ph + 1;
}

/* Lines of each chart of the timeline: four braille dots a line. */
#define UI_DAY_ROWS 2
#define UI_DAY_CELLS 256

/* One quantity of the timeline's buckets (two a cell) as braille dots in
 * UI_DAY_ROWS lines of cw cells from page line l: +1 at the top, -1 at the
 * bottom, nothing where no mood run fell. */
static void ui_draw_chart(const struct ui_sheet *p, int l, int x, int cw,
			  const struct mood_timeline_bucket *b, bool arousal,
			  struct ui_look look)
{
	/* The dot bits of a braille cell's left and right columns, top to
	 * bottom (U+2800 + bits). */
	static const unsigned char dots[2][4] = {
		{ 0x01, 0x02, 0x04, 0x40 },
		{ 0x08, 0x10, 0x20, 0x80 },
	};
	const int levels = UI_DAY_ROWS * 4;

	for (int r = 0; r < UI_DAY_ROWS; r++) {
		int y = ui_sheet_y(p, l + r);

		if (y < 0)
			continue;
		ui_look_set(look);
		move(y, x);
		for (int c = 0; c < cw; c++) {
			unsigned bits = 0, cp;
			char cell[4];

			for (int h = 0; h < 2; h++) {
				const struct mood_timeline_bucket *k =
					&b[c * 2 + h];
				int down;

				if (k->runs == 0)
					continue;
				down = levels - 1 -
				       mood_timeline_level(arousal ? k->arousal
								   : k->valence,
							   levels);
				if (down / 4 == r)
					bits |= dots[h][down % 4];
			}
			if (bits == 0) {
				addch(' ');
				continue;
			}
			if (!ui_term_utf8()) {
				/* Dots in the upper half, the lower or
				 * both. */
				addch(!(bits & 0xe4)   ? '\''
				      : !(bits & 0x1b) ? '.'
						       : ':');
				continue;
			}
			cp = 0x2800 + bits;
			cell[0] = (char)(0xe0 | cp >> 12);
			cell[1] = (char)(0x80 | (cp >> 6 & 0x3f));
			cell[2] = (char)(0x80 | (cp & 0x3f));
			cell[3] = '\0';
			addstr(cell);
		}
	}
	attrset(A_NORMAL);
}

/* The mood history's last 24 hours from page line l: a heading (the
 * cursor's row when on), then valence and arousal over time as braille
 * charts with a time axis; too narrow for charts, the newest runs as
 * text.  Returns the lines it took. */
static int ui_draw_day(const struct ui *ui, const struct ui_sheet *p, int l,
		       int x, int w, bool on)
{
	struct mood_timeline_bucket b[2 * UI_DAY_CELLS];
	struct ui_look a = ui_look(EL(MOOD_PLOT), 0),
		       dot = ui_look(EL(MOOD_PLOT), A_BOLD);
	time_t now = time(NULL), from = now - 24 * 3600;
	int lw = w >= 40 ? 10 : 2, cw = w - lw - 1, k = 0;
	char buf[128], when[16];
	struct tm tm;

	snprintf(buf, sizeof(buf),
		 ngettext("Last 24 hours: %zu mood run",
			  "Last 24 hours: %zu mood runs", ui->n_day),
		 ui->n_day);
	ui_sheet_put(p, l + k++, x, w, buf,
		     ui_look(ui_row_mask(on, false), A_BOLD), true);
	if (ui->n_day == 0)
		return k;
	if (cw > UI_DAY_CELLS)
		cw = UI_DAY_CELLS;
	if (cw < 8) {
		for (size_t i = ui->n_day; i-- > 0 && ui->n_day - i <= 3;) {
			time_t t = (time_t)ui->day[i].time;

			localtime_r(&t, &tm);
			strftime(when, sizeof(when), "%H:%M", &tm);
			snprintf(buf, sizeof(buf), "%s %+.1f %+.1f", when,
				 ui->day[i].valence, ui->day[i].arousal);
			ui_sheet_put(p, l + k++, x, w, buf, a, false);
		}
		return k;
	}
	mood_timeline(ui->day, ui->n_day, (double)from, (double)now + 1, b,
		      (size_t)cw * 2);
	for (int q = 0; q < 2; q++) {
		const char *name = q == 0 ? _("valence") : _("arousal");

		if (lw > 2) {
			ui_sheet_put(p, l + k, x, lw - 2, name, a, true);
		} else {
			snprintf(buf, sizeof(buf), "%.1s", name);
			ui_sheet_put(p, l + k, x, 1, buf, a, true);
		}
		ui_sheet_put(p, l + k, x + lw - 1, 1, "+", a, false);
		ui_sheet_put(p, l + k + UI_DAY_ROWS - 1, x + lw - 1, 1, "-", a,
			     false);
		ui_draw_chart(p, l + k, x + lw, cw, b, q == 1, dot);
		k += UI_DAY_ROWS;
	}
	/* The time axis: when the day began, its middle, now. */
	localtime_r(&from, &tm);
	strftime(when, sizeof(when), "%H:%M", &tm);
	ui_sheet_put(p, l + k, x + lw, cw, when, a, false);
	if (cw >= 24) {
		time_t mid = from + 12 * 3600;

		localtime_r(&mid, &tm);
		strftime(when, sizeof(when), "%H:%M", &tm);
		ui_sheet_put(p, l + k, x + lw + cw / 2 - 2, 5, when, a, false);
	}
	{
		const char *nw = _("now");
		int nww = (int)ui_text_width(nw);

		if (nww < cw - 6)
			ui_sheet_put(p, l + k, x + lw + cw - nww, nww, nw, a,
				     false);
	}
	return k + 1;
}

static void ui_draw_picker(struct ui *ui)
{
	const struct ui_cursor *c = &ui->cur[UI_SCREEN_MOOD];
	char buf[128];
	int y = UI_HEADER_ROWS;

	ui_put(y++, 1, ui->cols - 1,
	       _("Choose a mood or a strategy (Esc to leave):"),
	       ui_look(EL(LIST), A_BOLD), false);
	for (size_t i = 0; i < MOOD_NEMOTIONS + CONF_STRATEGY_COUNT &&
			   y < UI_HEADER_ROWS + ui->body_rows;
	     i++) {
		if (i < MOOD_NEMOTIONS)
			snprintf(buf, sizeof(buf), "  %s",
				 mood_emotion_label((enum mood_emotion)i));
		else
			snprintf(buf, sizeof(buf), "  %s: %s", _("strategy"),
				 conf_mood_strategy_names[i - MOOD_NEMOTIONS]);
		ui_put(y++, 1, 40, buf,
		       ui_look(ui_row_mask(i == c->cursor, false), 0), true);
	}
}

/* The Mood screen's page in the column (x, w) beside the picture: the
 * mood (row 0), the plan with the full reason of the song under the
 * cursor (rows 1..n_plan), the last day's timeline (the last row).  *a and
 * *b get the lines of the cursor's row; returns the page's length. */
static int ui_mood_page(const struct ui *ui, const struct ui_sheet *p, int x,
			int w, int *a, int *b)
{
	const struct ui_mood_result *m = &ui->mood[0];
	size_t cur = ui->cur[UI_SCREEN_MOOD].cursor;
	struct ui_look dim = ui_look(EL(LIST), A_DIM);
	char buf[512], label[64];
	int l = 0, bars;

	ui_mood_label(m, label, sizeof(label));
	if (m->has_probs)
		snprintf(buf, sizeof(buf), _("%s; strategy: %s"), label,
			 conf_mood_strategy_names[m->strategy]);
	else
		snprintf(buf, sizeof(buf), _("strategy %s from the last mood"),
			 conf_mood_strategy_names[m->strategy]);
	ui_sheet_put(p, l++, x, w, buf, ui_look(EL(LIST), A_BOLD), false);
	if (ui->auto_at_ms > 0) {
		char when[16];

		ui_auto_due(ui, when, sizeof(when));
		snprintf(buf, sizeof(buf),
			 _("continuous mode: next capture at %s; re-plans when "
			   "the mood moves more than %.2f"),
			 when, ui->conf->mood.auto_distance);
		ui_sheet_put(p, l++, x, w, buf, ui_look(EL(NOTICE), 0), false);
	}
	bars = l;
	for (int e = 0; m->has_probs && e < MOOD_NEMOTIONS; e++, l++) {
		int y = ui_sheet_y(p, l);

		snprintf(buf, sizeof(buf), "%-9s %3.0f%%",
			 mood_emotion_label((enum mood_emotion)e),
			 m->probs[e] * 100.0);
		ui_sheet_put(
			p, l, x, 15, buf,
			ui_look(EL(LIST), e == (int)m->emotion ? A_BOLD : 0),
			true);
		if (w > 18 && y >= 0)
			ui_bar(y, x + 16, w - 16 > 30 ? 30 : w - 16,
			       m->probs[e], ui_look(EL(MOOD_BAR), 0));
	}
	/* The plot goes beside the bars when there is room, else below. */
	if (m->has_probs && w >= 48 + 34) {
		ui_draw_plot(p, m, bars, x + 48, w - 48);
		if (l < bars + 8)
			l = bars + 8;
	} else {
		l += ui_draw_plot(p, m, l + 1, x, w) + 1;
	}
	l++;
	if (m->kept)
		snprintf(buf, sizeof(buf),
			 _("Plan (kept: the mood moved %.2f, not more than "
			   "%.2f):"),
			 m->moved, ui->conf->mood.auto_distance);
	else
		snprintf(buf, sizeof(buf), "%s",
			 ui->mood_pending
				 ? _("Plan (waiting for confirmation):")
				 : _("Plan:"));
	ui_sheet_put(p, l++, x, w, buf, ui_look(EL(LIST), A_BOLD), false);
	/* Why the plan is short or empty, and what helps. */
	if (m->shortfall != NULL)
		l += ui_sheet_wrap(p, l, x, w, m->shortfall, dim);
	if (cur == 0)
		*b = l;
	/* Each song; under the cursor, why it was chosen, in full. */
	for (size_t i = 0; i < m->n_plan; i++) {
		bool on = i + 1 == cur;

		if (on)
			*a = l;
		snprintf(buf, sizeof(buf), "%2zu. %s", i + 1, m->plan[i].label);
		ui_sheet_put(p, l++, x, w, buf,
			     ui_look(ui_row_mask(on, false) | EL(TITLE), 0),
			     true);
		if (on) {
			l += ui_sheet_wrap(p, l, x + 4, w - 4,
					   m->plan[i].reason, dim);
			*b = l;
		}
	}
	l++;
	if (cur > m->n_plan)
		*a = l;
	l += ui_draw_day(ui, p, l, x, w, cur > m->n_plan);
	if (cur > m->n_plan)
		*b = l;
	return l;
}

static void ui_draw_mood(struct ui *ui)
{
	const struct ui_mood_result *m = &ui->mood[0];
	int top = UI_HEADER_ROWS;
	int pic_w, x, w;
	char buf[512];

	if (ui->picking) {
		ui_draw_picker(ui);
		return;
	}
	if (ui->has_missed) {
		struct tm tm;
		char when[16];

		pic_w = ui->cols * 2 / 5 > 64 ? 64 : ui->cols * 2 / 5;
		ui_draw_picture(&ui->missed, top, 0, pic_w, ui->body_rows);
		localtime_r(&ui->missed.when, &tm);
		strftime(when, sizeof(when), "%H:%M:%S", &tm);
		snprintf(buf, sizeof(buf),
			 _("No face found in the last snapshot (%s)."), when);
		ui_put(top, pic_w + 2, ui->cols - pic_w - 3, buf,
		       ui_look(EL(ERROR), 0), false);
		if (ui->n_mood > 0) {
			char label[64];

			ui_mood_label(m, label, sizeof(label));
			snprintf(buf, sizeof(buf), _("The mood before: %s"),
				 label);
			ui_put(top + 2, pic_w + 2, ui->cols - pic_w - 3, buf,
			       ui_look(EL(LIST), 0), false);
		}
		return;
	}
	if (ui->n_mood == 0) {
		const char *cap =
			ui_keymap_first(ui->keys, CONF_ACTION_MOOD_CAPTURE);
		const char *pick =
			ui_keymap_first(ui->keys, CONF_ACTION_MOOD_PICKER);

		snprintf(buf, sizeof(buf),
			 _("No mood yet. Press %s to take a snapshot, %s to "
			   "choose a mood by hand."),
			 cap ? cap : "-", pick ? pick : "-");
		ui_draw_empty(ui, buf);
		return;
	}
	pic_w = m->pixels != NULL ? ui->cols * 2 / 5 : 0;
	if (pic_w > 64)
		pic_w = 64;
	ui_draw_picture(m, top, 0, pic_w, ui->body_rows);
	x = pic_w + 2;
	w = ui->cols - x - 1;
	{
		/* Measure, scroll to the cursor's lines, draw. */
		struct ui_sheet page = { top, 0, 0 };
		size_t cur = ui->cur[UI_SCREEN_MOOD].cursor;
		int a = 0, b = 0, total = ui_mood_page(ui, &page, x, w, &a, &b);

		ui->mood_scroll = ui_sheet_scroll(
			ui->mood_scroll, a, b, total, ui->body_rows, cur == 0,
			cur + 1 >= ui_rows(ui, UI_SCREEN_MOOD));
		page.rows = ui->body_rows;
		page.scroll = ui->mood_scroll;
		ui_mood_page(ui, &page, x, w, &a, &b);
	}
}

/* ------------------------------------------------------------ status */

static void ui_draw_progress(struct ui *ui)
{
	int y = UI_HEADER_ROWS + ui->body_rows, w;
	char el[16], tot[16], buf[40];
	unsigned e, t;

	move(y, 0);
	clrtoeol();
	if (!ui->have_status || ui->st.state == MPDC_STOP ||
	    ui->st.state == MPDC_UNKNOWN)
		return;
	e = ui_elapsed_ms(ui);
	t = ui->st.total_ms;
	ui_time(el, sizeof(el), e);
	ui_time(tot, sizeof(tot), t);
	snprintf(buf, sizeof(buf), " %s / %s ", el, tot);
	w = ui->cols - (int)strlen(buf);
	ui_put(y, 0, (int)strlen(buf), buf, ui_look(EL(STATUS), 0), false);
	if (w > 2)
		ui_bar(y, (int)strlen(buf), w - 1, t > 0 ? (double)e / t : 0,
		       ui_look(EL(PROGRESS), A_REVERSE));
}

/* Rows the notice takes: wrapped, up to a third of the body. */
static int ui_notice_rows(const struct ui *ui)
{
	int most = 1 + ui->body_rows / 3, n;

	if (ui->notice.text[0] == '\0')
		return 0;
	n = ui_wrapped_rows(ui->notice.text, ui->cols);
	return n < 1 ? 1 : n > most ? most : n;
}

static void ui_draw_statusline(struct ui *ui)
{
	int y = UI_HEADER_ROWS + ui->body_rows + 1;
	const struct ui_filter *f = &ui->filter[ui->screen];
	char buf[512], stage[128];

	ui->notice.rows = 0;
	move(y, 0);
	clrtoeol();
	if (ui->prompt.on) {
		int x = ui_put(y, 0, ui->cols, ui->prompt.question,
			       ui_look(EL(STATUS), A_BOLD), false);

		if (ui->prompt.yesno)
			snprintf(buf, sizeof(buf), " %s",
				 _("y: yes, n or Esc: no"));
		else
			snprintf(buf, sizeof(buf), " %s_", ui->prompt.text);
		ui_put(y, x, ui->cols - x, buf, ui_look(EL(STATUS), 0), false);
		return;
	}
	if (ui->searching) {
		snprintf(buf, sizeof(buf), "/%s", f->query);
		ui_put(y, 0, ui->cols, buf, ui_look(EL(STATUS), A_BOLD), false);
		snprintf(buf, sizeof(buf),
			 ngettext("  (%zu match)", "  (%zu matches)", f->n),
			 f->n);
		ui_put(y, (int)ui_text_width(f->query) + 1,
		       ui->cols - (int)ui_text_width(f->query) - 1, buf,
		       ui_look(EL(NOTICE), 0), false);
		return;
	}
	if (ui->confirm_clear) {
		snprintf(buf, sizeof(buf),
			 ngettext("Clear the queue (%zu song)? y: yes, n or "
				  "Esc: no",
				  "Clear the queue (%zu songs)? y: yes, n or "
				  "Esc: no",
				  ui->queue.n),
			 ui->queue.n);
		ui_put(y, 0, ui->cols, buf, ui_look(EL(ERROR), 0), false);
		return;
	}
	if (ui->notice.text[0] != '\0') {
		int rows = ui_notice_rows(ui);

		for (int r = 1; r < rows; r++) {
			move(y - r, 0);
			clrtoeol();
		}
		ui->notice.rows = rows;
		ui_put_wrapped(
			y - rows + 1, 0, ui->cols, rows, ui->notice.text,
			ui_look(ui->notice.error ? EL(ERROR) : EL(NOTICE), 0));
		return;
	}
	if (ui_job_running(ui->mood_job)) {
		ui_job_get_stage(ui->mood_job, stage, sizeof(stage));
		snprintf(buf, sizeof(buf), "%c %s...", ui_spinner[ui->spin % 4],
			 stage);
		ui_put(y, 0, ui->cols, buf, ui_look(EL(NOTICE), 0), false);
		return;
	}
	if (f->on) {
		snprintf(buf, sizeof(buf),
			 ngettext("search: %s (%zu match)",
				  "search: %s (%zu matches)", f->n),
			 f->query, f->n);
		ui_put(y, 0, ui->cols, buf, ui_look(EL(NOTICE), 0), false);
		return;
	}
	if (ui_page_of(ui, ui->screen) != NULL &&
	    ui_page_of(ui, ui->screen)->status != NULL &&
	    ui_page_of(ui, ui->screen)->status(ui, buf, sizeof(buf))) {
		ui_put(y, 0, ui->cols, buf, ui_look(EL(STATUS), 0), false);
		return;
	}
	if (ui->screen == UI_SCREEN_LIBRARY && ui->lib != NULL) {
		char path[400];

		ui_lib_path(ui->lib, path, sizeof(path));
		snprintf(buf, sizeof(buf), "%s: %s",
			 ui_lib_view(ui->lib) == UI_LIB_TAGS ? _("artists")
							     : _("files"),
			 path[0] ? path : "/");
		ui_put(y, 0, ui->cols, buf, ui_look(EL(STATUS), 0), false);
		return;
	}
	if (ui->screen == UI_SCREEN_QUEUE && ui->have_queue) {
		if (ui->sel[UI_SCREEN_QUEUE].count > 0)
			snprintf(buf, sizeof(buf),
				 ngettext("%zu song in the queue, %zu marked",
					  "%zu songs in the queue, %zu marked",
					  ui->queue.n),
				 ui->queue.n, ui->sel[UI_SCREEN_QUEUE].count);
		else
			snprintf(buf, sizeof(buf),
				 ngettext("%zu song in the queue",
					  "%zu songs in the queue",
					  ui->queue.n),
				 ui->queue.n);
		ui_put(y, 0, ui->cols, buf, ui_look(EL(STATUS), 0), false);
	}
}

typedef void ui_draw_fn(struct ui *ui);

static ui_draw_fn *const ui_screens[UI_SCREEN_COUNT] = {
	[UI_SCREEN_QUEUE] = ui_draw_queue,
	[UI_SCREEN_LIBRARY] = ui_draw_library,
	[UI_SCREEN_MOOD] = ui_draw_mood,
	[UI_SCREEN_HELP] = ui_draw_help,
};

void ui_draw(struct ui *ui, unsigned redraw)
{
	if (redraw & UI_REDRAW_HEADER) {
		ui_draw_tabs(ui);
		ui_draw_song(ui);
	}
	/* A notice on more than its line covers the rows above it, so they
	 * are drawn first, and again when it goes. */
	if (ui->notice.rows > 1 || ui_notice_rows(ui) > 1)
		redraw |= UI_REDRAW_BODY | UI_REDRAW_STATUS;
	if (redraw & UI_REDRAW_BODY) {
		for (int r = 0; r < ui->body_rows; r++) {
			move(UI_HEADER_ROWS + r, 0);
			clrtoeol();
		}
		if (!ui_connected(ui) && ui->screen != UI_SCREEN_MOOD &&
		    ui->screen != UI_SCREEN_HELP)
			ui_draw_offline(ui);
		else if (ui_page_of(ui, ui->screen) != NULL)
			ui_draw_page(ui);
		else
			ui_screens[ui->screen](ui);
	}
	if (redraw & UI_REDRAW_STATUS) {
		ui_draw_progress(ui);
		ui_draw_statusline(ui);
	}
	refresh();
}
