/* moodplay - queries and small updates of the TUI's model: the rows each
 * screen shows, the search filter, the cursor, the Help lines and tab
 * labels, the notice line.  No curses and no MPD round trips here. */
#include "config.h"

#include "base/clock.h"
#include "ui/ui-model.h"
#include "ui/ui-page.h"
#include "ui/ui-text.h"
#include "base/i18n.h"
#include "base/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UI_NOTICE_MS 4000

/* Show a message on the status line; it fades after a few seconds. */
unsigned ui_notify(struct ui *ui, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->notice.text, sizeof(ui->notice.text), fmt, ap);
	va_end(ap);
	ui->notice.error = error;
	ui->notice.until_ms = clock_ms() + UI_NOTICE_MS;
	return UI_REDRAW_STATUS;
}

unsigned ui_ask_line(struct ui *ui, const char *question, const char *initial,
		     const char *arg, ui_prompt_fn *done)
{
	ui_prompt_open(&ui->prompt, false, question, initial, arg, done);
	return UI_REDRAW_STATUS;
}

unsigned ui_ask_yesno(struct ui *ui, const char *question, const char *arg,
		      ui_prompt_fn *done)
{
	ui_prompt_open(&ui->prompt, true, question, NULL, arg, done);
	return UI_REDRAW_STATUS;
}

unsigned ui_ask_key(struct ui *ui, const struct ui_key *k)
{
	char text[sizeof(ui->prompt.text)];
	ui_prompt_fn *done = ui->prompt.done;

	switch (ui_prompt_key(&ui->prompt, k, text, sizeof(text))) {
	case UI_PROMPT_IGNORED: return 0;
	case UI_PROMPT_EDITED: return UI_REDRAW_STATUS;
	case UI_PROMPT_ACCEPTED: return UI_REDRAW_STATUS | done(ui, text);
	case UI_PROMPT_CANCELLED: break;
	}
	return ui_notify(ui, false, _("cancelled"));
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
		if (ui->picking)
			return MOOD_NEMOTIONS + CONF_STRATEGY_COUNT;
		return ui->n_mood > 0 && !ui->has_missed
			       ? ui->mood[0].n_plan + 2
			       : 0;
	case UI_SCREEN_HELP: return ui_help_lines(ui);
	default: break;
	}
	return ui_page_rows(ui_page_of(ui, s), ui);
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

bool ui_row_matches(const struct ui *ui, enum ui_screen s, size_t i,
		    const char *q)
{
	const struct ui_lib_row *r;

	if (s == UI_SCREEN_QUEUE) /* a song not fetched yet matches nothing */
		return ui->queue.items[i].uri != NULL &&
		       ui_song_matches(&ui->queue.items[i], q);
	if (ui_page_of(ui, s) != NULL)
		return ui_page_row_matches(ui_page_of(ui, s), ui, i, q);
	if (ui_lib_depth(ui->lib) > 0 && i == 0)
		return true; /* ".." stays, the way out */
	r = ui_lib_row_at(ui, i);
	if (ui_text_match(r->label, q))
		return true;
	return r->leaf && ui_song_matches(r->song, q);
}

/* Recompute the search filter of screen s over its current rows. */
unsigned ui_filter_apply(struct ui *ui, enum ui_screen s)
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
					 ngettext("out of memory searching %zu "
						  "row",
						  "out of memory searching %zu "
						  "rows",
						  n),
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

void ui_filter_off(struct ui *ui, enum ui_screen s)
{
	ui->filter[s].on = false;
	ui->filter[s].query[0] = '\0';
}

bool ui_sel_has(const struct ui *ui, enum ui_screen s, size_t base)
{
	const struct ui_sel *sel = &ui->sel[s];

	return sel->count > 0 && base < sel->cap && sel->on[base];
}

void ui_sel_set(struct ui *ui, enum ui_screen s, size_t base, bool on)
{
	struct ui_sel *sel = &ui->sel[s];

	if (base >= ui_base_rows(ui, s) || ui_sel_has(ui, s, base) == on)
		return;
	if (base >= sel->cap) {
		size_t cap = ui_base_rows(ui, s);

		sel->on = xrealloc(sel->on, cap);
		memset(sel->on + sel->cap, 0, cap - sel->cap);
		sel->cap = cap;
	}
	sel->on[base] = on;
	if (on)
		sel->count++;
	else
		sel->count--;
}

void ui_sel_clear(struct ui *ui, enum ui_screen s)
{
	struct ui_sel *sel = &ui->sel[s];

	if (sel->count > 0)
		memset(sel->on, 0, sel->cap);
	sel->count = 0;
}

/* Keep the cursor on a row and visible. */
void ui_clamp(struct ui *ui, enum ui_screen s)
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

bool ui_connected(const struct ui *ui)
{
	return mpdc_state(ui->mpd) == MPDC_CONNECTED;
}

unsigned ui_not_connected(struct ui *ui)
{
	return ui_notify(ui, true, _("not connected to MPD"));
}

unsigned ui_elapsed_ms(const struct ui *ui)
{
	uint64_t e = ui->st.elapsed_ms;

	if (ui->st.state == MPDC_PLAY)
		e += (uint64_t)(clock_ms() - ui->status_ms);
	if (ui->st.total_ms > 0 && e > ui->st.total_ms)
		e = ui->st.total_ms;
	return (unsigned)e;
}

void ui_mood_label(const struct ui_mood_result *r, char *out, size_t outsz)
{
	if (r->emotion < MOOD_NEMOTIONS && r->has_probs)
		snprintf(out, outsz, "%s %.0f%%",
			 mood_emotion_label(r->emotion),
			 r->probs[r->emotion] * 100.0);
	else
		snprintf(out, outsz, "%s",
			 conf_mood_strategy_names[r->strategy]);
}

/* The queue position under the cursor; false when there is none. */
bool ui_queue_cursor(const struct ui *ui, unsigned *pos)
{
	size_t c = ui->cur[UI_SCREEN_QUEUE].cursor;

	if (c >= ui_rows(ui, UI_SCREEN_QUEUE))
		return false;
	*pos = (unsigned)ui_row(ui, UI_SCREEN_QUEUE, c);
	return true;
}

/* The library row under the cursor (NULL for none or ".."). */
const struct ui_lib_row *ui_lib_cursor(const struct ui *ui)
{
	size_t c = ui->cur[UI_SCREEN_LIBRARY].cursor;

	if (ui->lib == NULL || c >= ui_rows(ui, UI_SCREEN_LIBRARY) ||
	    ui_lib_parent_row(ui, c))
		return NULL;
	return ui_lib_row_at(ui, ui_row(ui, UI_SCREEN_LIBRARY, c));
}

/* The song an external command runs on: under the cursor. */
const struct mp_song *ui_selected_song(const struct ui *ui)
{
	const struct ui_lib_row *r;
	unsigned pos;

	if (ui->screen == UI_SCREEN_QUEUE && ui_queue_cursor(ui, &pos))
		return ui->queue.items[pos].uri != NULL ? &ui->queue.items[pos]
							: NULL;
	if (ui->screen == UI_SCREEN_LIBRARY &&
	    (r = ui_lib_cursor(ui)) != NULL && r->leaf)
		return r->song;
	if (ui_page_of(ui, ui->screen) != NULL &&
	    ui->cur[ui->screen].cursor < ui_rows(ui, ui->screen))
		return ui_page_song(
			ui_page_of(ui, ui->screen), ui,
			ui_row(ui, ui->screen, ui->cur[ui->screen].cursor));
	return NULL;
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
	[UI_SCREEN_QUEUE] = N_("Queue"),
	[UI_SCREEN_LIBRARY] = N_("Library"),
	[UI_SCREEN_MOOD] = N_("Mood"),
	[UI_SCREEN_HELP] = N_("Help"),
	[UI_SCREEN_PLAYLISTS] = N_("Playlists"),
	[UI_SCREEN_SEARCH] = N_("Search"),
	[UI_SCREEN_OUTPUTS] = N_("Outputs"),
	[UI_SCREEN_INFO] = N_("Song"),
};

static const enum conf_action ui_screen_actions[UI_SCREEN_COUNT] = {
	[UI_SCREEN_QUEUE] = CONF_ACTION_SCREEN_QUEUE,
	[UI_SCREEN_LIBRARY] = CONF_ACTION_SCREEN_LIBRARY,
	[UI_SCREEN_MOOD] = CONF_ACTION_SCREEN_MOOD,
	[UI_SCREEN_HELP] = CONF_ACTION_SCREEN_HELP,
	[UI_SCREEN_PLAYLISTS] = CONF_ACTION_SCREEN_PLAYLISTS,
	[UI_SCREEN_SEARCH] = CONF_ACTION_SCREEN_SEARCH,
	[UI_SCREEN_OUTPUTS] = CONF_ACTION_SCREEN_OUTPUTS,
	[UI_SCREEN_INFO] = CONF_ACTION_SONG_INFO,
};

void ui_tab_label(const struct ui *ui, enum ui_screen s, char *out,
		  size_t outsz)
{
	const char *k = ui_keymap_first(ui->keys, ui_screen_actions[s]);

	snprintf(out, outsz, " %s%s%s ", k != NULL ? k : "",
		 k != NULL ? ":" : "", _(ui_screen_names[s]));
}

const struct ui_page *ui_page_of(const struct ui *ui, enum ui_screen s)
{
	return (unsigned)s < UI_SCREEN_COUNT ? ui->pages[s] : NULL;
}

unsigned ui_pages_changed(struct ui *ui, unsigned events)
{
	unsigned redraw = 0;

	for (int s = 0; s < UI_SCREEN_COUNT; s++)
		if (ui->pages[s] != NULL && ui->pages[s]->changed != NULL)
			redraw |= ui->pages[s]->changed(ui, events);
	return redraw;
}

void ui_pages_free(struct ui *ui)
{
	for (int s = 0; s < UI_SCREEN_COUNT; s++)
		if (ui->pages[s] != NULL && ui->pages[s]->free != NULL)
			ui->pages[s]->free(ui);
}

size_t ui_targets(const struct ui *ui, enum ui_screen s, size_t **out)
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

const char *ui_empty_message(const struct ui *ui, const char *when_empty)
{
	return ui_connected(ui) ? when_empty : _("not connected to MPD");
}
