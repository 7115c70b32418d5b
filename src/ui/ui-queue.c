/* moodplay - the Queue as the TUI holds it: every position, the songs
 * fetched so far, kept in step with MPD's changes. */
#include "config.h"

#include "ui/ui-queue.h"
#include "base/clock.h"
#include "base/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* The most queue positions the client holds.  The length comes from MPD's
 * status, so a server that claims four billion songs must not make the
 * client allocate for them; a longer queue shows its first million. */
enum { UI_QUEUE_MAX = 1000000 };

static size_t ui_queue_len(const struct mpdc_queue_sync *q)
{
	return q->st.queue_length < UI_QUEUE_MAX ? q->st.queue_length
						 : UI_QUEUE_MAX;
}

/* An unfetched position is all zero (no uri): a fresh queue of 100k
 * positions is calloc'ed memory that is not touched until its songs
 * arrive. */
static void ui_queue_unset(struct mp_song *s)
{
	song_clear(s);
	memset(s, 0, sizeof(*s));
}

bool ui_queue_has(const struct ui *ui, size_t pos)
{
	return pos < ui->queue.n && ui->queue.items[pos].uri != NULL;
}

bool ui_queue_complete(const struct ui *ui)
{
	return ui->have_queue && ui->queue_missing == 0;
}

/* Does the header or the status line show anything new. */
static bool ui_status_moved(const struct mpdc_status *a,
			    const struct mpdc_status *b)
{
	return a->state != b->state || a->volume != b->volume ||
	       a->repeat != b->repeat || a->random != b->random ||
	       a->single != b->single || a->consume != b->consume ||
	       a->queue_length != b->queue_length ||
	       a->queue_version != b->queue_version ||
	       a->song_pos != b->song_pos || a->song_id != b->song_id ||
	       a->total_ms != b->total_ms || a->crossfade != b->crossfade ||
	       a->updating_db != b->updating_db ||
	       strcmp(a->error, b->error) != 0;
}

/* A held song that left its position, found again by its id. */
struct ui_queue_held {
	unsigned id;
	size_t at; /* its old position */
};

static int ui_queue_held_cmp(const void *a, const void *b)
{
	unsigned x = ((const struct ui_queue_held *)a)->id,
		 y = ((const struct ui_queue_held *)b)->id;

	return x < y ? -1 : x > y;
}

/* The queue as it is after q's changes: positions not reported keep
 * their song; a reported position gets the song of that id if it was
 * held elsewhere (a move), else waits to be fetched.  A song reported
 * at its own position changed its tags: fetched again.  Marks move with
 * their songs. */
static void ui_queue_change(struct ui *ui, const struct mpdc_queue_sync *q)
{
	struct ui_sel *sel = &ui->sel[UI_SCREEN_QUEUE];
	struct mp_song *old = ui->queue.items, *now;
	size_t old_n = ui->queue.n, n = ui_queue_len(q), keep, n_held = 0;
	unsigned char *moved = xcalloc(old_n > 0 ? old_n : 1, 1), *on = NULL;
	struct ui_queue_held *held;
	bool marks = sel->count > 0;

	now = xcalloc(n > 0 ? n : 1, sizeof(*now));
	if (marks)
		on = xcalloc(n > 0 ? n : 1, 1);
	for (size_t i = 0; i < q->n_changes; i++)
		if (q->changes[i].pos < old_n)
			moved[q->changes[i].pos] = 1;
	keep = old_n < n ? old_n : n;
	for (size_t p = 0; p < keep; p++) {
		if (moved[p])
			continue;
		now[p] = old[p];
		memset(&old[p], 0, sizeof(old[p]));
		if (marks)
			on[p] = ui_sel_has(ui, UI_SCREEN_QUEUE, p);
	}
	held = xcalloc(old_n > 0 ? old_n : 1, sizeof(*held));
	for (size_t p = 0; p < old_n; p++)
		if (old[p].uri != NULL)
			held[n_held++] = (struct ui_queue_held){ old[p].id, p };
	qsort(held, n_held, sizeof(*held), ui_queue_held_cmp);
	for (size_t i = 0; i < q->n_changes; i++) {
		const struct mpdc_posid *c = &q->changes[i];
		struct ui_queue_held key = { c->id, 0 }, *h;

		if (c->pos >= n)
			continue;
		h = bsearch(&key, held, n_held, sizeof(*held),
			    ui_queue_held_cmp);
		if (h == NULL)
			continue;
		if (marks)
			on[c->pos] = ui_sel_has(ui, UI_SCREEN_QUEUE, h->at);
		if (h->at == c->pos)
			continue;
		ui_queue_unset(&now[c->pos]);
		now[c->pos] = old[h->at];
		now[c->pos].pos = (int)c->pos;
		memset(&old[h->at], 0, sizeof(old[h->at]));
	}
	free(held);
	free(moved);
	song_list_clear(&ui->queue); /* what is left of old: gone songs */
	ui->queue.items = now;
	ui->queue.n = ui->queue.cap = n;
	if (marks) {
		free(sel->on);
		sel->on = on;
		sel->cap = n;
		sel->count = 0;
		for (size_t p = 0; p < n; p++)
			sel->count += on[p];
	}
	ui->queue_missing = 0;
	for (size_t p = 0; p < n; p++)
		ui->queue_missing += now[p].uri == NULL;
	ui->queue_scan = 0;
}

/* A queue of n positions, none fetched. */
static void ui_queue_fresh(struct ui *ui, size_t n)
{
	song_list_clear(&ui->queue);
	ui->queue.items = n > 0 ? xcalloc(n, sizeof(*ui->queue.items)) : NULL;
	ui->queue.n = ui->queue.cap = n;
	ui->queue_missing = n;
	ui->queue_scan = 0;
	ui_sel_clear(ui, UI_SCREEN_QUEUE);
}

unsigned ui_queue_apply(struct ui *ui, struct mpdc_queue_sync *q, bool fresh)
{
	const struct ui_cursor *c = &ui->cur[UI_SCREEN_QUEUE];
	bool reshaped =
		fresh || q->n_changes > 0 || ui_queue_len(q) != ui->queue.n;
	unsigned redraw = 0;

	if (fresh || !ui->have_status || ui_status_moved(&ui->st, &q->st) ||
	    q->found != ui->has_current)
		redraw = UI_REDRAW_ALL;
	ui->st = q->st;
	ui->status_ms = clock_ms();
	ui->have_status = true;
	song_clear(&ui->current);
	ui->current = q->current;
	ui->has_current = q->found;
	memset(&q->current, 0, sizeof(q->current));
	q->found = false;

	if (fresh)
		ui_queue_fresh(ui, ui_queue_len(q));
	else if (reshaped)
		ui_queue_change(ui, q);
	for (size_t i = 0; i < q->songs.n; i++) {
		struct mp_song *s = &q->songs.items[i];
		size_t p = (size_t)s->pos;

		if (s->pos < 0 || p >= ui->queue.n)
			continue;
		if (ui->queue.items[p].uri == NULL)
			ui->queue_missing--;
		else
			ui_queue_unset(&ui->queue.items[p]);
		ui->queue.items[p] = *s;
		memset(s, 0, sizeof(*s));
		/* On screen (no filter while songs are missing). */
		if (p >= c->top && p < c->top + (size_t)ui->body_rows)
			redraw |= UI_REDRAW_BODY;
	}
	song_list_clear(&q->songs);
	ui->queue_version = q->st.queue_version;
	ui->have_queue = true;
	if (reshaped) {
		ui_filter_apply(ui, UI_SCREEN_QUEUE);
		ui_clamp(ui, UI_SCREEN_QUEUE);
		redraw = UI_REDRAW_ALL;
	}
	return redraw;
}

bool ui_queue_gap(const struct ui *ui, size_t from, size_t to, size_t max,
		  size_t *start, size_t *end)
{
	const struct mp_song *it = ui->queue.items;

	if (to > ui->queue.n)
		to = ui->queue.n;
	while (from < to && it[from].uri != NULL)
		from++;
	if (from >= to)
		return false;
	*start = *end = from;
	while (*end < to && *end - from < max && it[*end].uri == NULL)
		(*end)++;
	return true;
}

bool ui_queue_next_gap(struct ui *ui, size_t max, size_t *start, size_t *end)
{
	if (!ui->have_queue || ui->queue_missing == 0)
		return false;
	if (!ui_queue_gap(ui, ui->queue_scan, ui->queue.n, max, start, end) &&
	    !ui_queue_gap(ui, 0, ui->queue.n, max, start, end))
		return false;
	ui->queue_scan = *start;
	return true;
}
