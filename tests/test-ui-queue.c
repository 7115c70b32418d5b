/* moodplay tests - the Queue model without MPD: a fresh queue of unfetched
 * positions, windows filling it, and other clients' changes (as MPD's
 * plchangesposid reports them) keeping the songs already held, moving
 * them and their marks, fetching again what is new or retagged. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ui/ui-queue.h"
#include "base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct ui *new_ui(void)
{
	struct ui *ui = xcalloc(1, sizeof(*ui));

	ui->body_rows = 10;
	song_list_init(&ui->queue);
	return ui;
}

static void free_ui(struct ui *ui)
{
	song_list_clear(&ui->queue);
	song_clear(&ui->current);
	for (int s = 0; s < UI_SCREEN_COUNT; s++) {
		free(ui->filter[s].rows);
		free(ui->sel[s].on);
	}
	free(ui);
}

/* An answer: the queue has len songs at version. */
static void answer(struct mpdc_queue_sync *q, unsigned len, unsigned version)
{
	mpdc_queue_sync_init(q);
	q->st.queue_length = len;
	q->st.queue_version = version;
	q->st.song_pos = -1;
}

static void change(struct mpdc_queue_sync *q, unsigned pos, unsigned id)
{
	q->changes = xreallocarray(q->changes, q->n_changes + 1,
				   sizeof(*q->changes));
	q->changes[q->n_changes++] = (struct mpdc_posid){ pos, id };
}

static void song(struct mpdc_queue_sync *q, int pos, unsigned id,
		 const char *title)
{
	struct mp_song *s = song_list_push(&q->songs);
	char uri[64];

	snprintf(uri, sizeof(uri), "%s.flac", title);
	s->uri = xstrdup(uri);
	s->title = xstrdup(title);
	s->pos = pos;
	s->id = id;
}

static void apply(struct ui *ui, struct mpdc_queue_sync *q, bool fresh)
{
	ui_queue_apply(ui, q, fresh);
	mpdc_queue_sync_clear(q);
}

/* The titles of the queue, "?" for an unfetched position: "A B ? D". */
static const char *titles(const struct ui *ui)
{
	static char buf[256];

	buf[0] = '\0';
	for (size_t i = 0; i < ui->queue.n; i++) {
		const struct mp_song *s = &ui->queue.items[i];

		if (i > 0)
			strcat(buf, " ");
		strcat(buf, s->uri != NULL ? s->title : "?");
		if (s->uri != NULL)
			assert_int_equal(s->pos, (int)i);
	}
	return buf;
}

/* Six songs A-F, ids 1-6, all fetched, at version 1. */
static struct ui *six(void)
{
	struct ui *ui = new_ui();
	struct mpdc_queue_sync q;
	const char *t[] = { "A", "B", "C", "D", "E", "F" };

	answer(&q, 6, 1);
	for (int i = 0; i < 6; i++)
		song(&q, i, (unsigned)i + 1, t[i]);
	apply(ui, &q, true);
	assert_string_equal(titles(ui), "A B C D E F");
	assert_true(ui_queue_complete(ui));
	return ui;
}

static void test_fresh_and_windows(void **state)
{
	struct ui *ui = new_ui();
	struct mpdc_queue_sync q;
	size_t a, b;

	(void)state;
	answer(&q, 1000, 7);
	song(&q, 0, 1, "A");
	song(&q, 1, 2, "B");
	apply(ui, &q, true);
	assert_int_equal(ui->queue.n, 1000);
	assert_int_equal(ui->queue_missing, 998);
	assert_int_equal(ui->queue_version, 7);
	assert_true(ui_queue_has(ui, 1));
	assert_false(ui_queue_has(ui, 2));
	assert_false(ui_queue_complete(ui));
	/* The next background window starts after what is held. */
	assert_true(ui_queue_next_gap(ui, UI_QUEUE_WINDOW, &a, &b));
	assert_int_equal(a, 2);
	assert_int_equal(b, 2 + UI_QUEUE_WINDOW);
	/* A gap on screen ends where fetched rows start again. */
	answer(&q, 1000, 7);
	song(&q, 5, 6, "F");
	apply(ui, &q, false);
	assert_true(ui_queue_gap(ui, 0, 10, 100, &a, &b));
	assert_int_equal(a, 2);
	assert_int_equal(b, 5);
	assert_int_equal(ui->queue_missing, 997);
	/* The window past the end of a queue that shrank is cut. */
	answer(&q, 3, 8);
	song(&q, 2, 3, "C");
	song(&q, 5, 6, "F");
	apply(ui, &q, false);
	assert_string_equal(titles(ui), "A B C");
	assert_true(ui_queue_complete(ui));
	assert_false(ui_queue_next_gap(ui, UI_QUEUE_WINDOW, &a, &b));
	free_ui(ui);
}

static void test_moves_keep_songs_and_marks(void **state)
{
	struct ui *ui = six();
	struct mpdc_queue_sync q;

	(void)state;
	ui_sel_set(ui, UI_SCREEN_QUEUE, 5, true); /* F */
	ui_sel_set(ui, UI_SCREEN_QUEUE, 3, true); /* D */
	/* Another client deletes A and moves F to the second place:
	 * B F C D E.  MPD reports every position, as each song moved on
	 * the way; C, D and E are back where they were, which looks the
	 * same as new tags: fetched again. */
	answer(&q, 5, 3);
	change(&q, 0, 2);
	change(&q, 1, 6);
	change(&q, 2, 3);
	change(&q, 3, 4);
	change(&q, 4, 5);
	apply(ui, &q, false);
	assert_string_equal(titles(ui), "B F ? ? ?");
	assert_int_equal(ui->queue_missing, 3);
	assert_int_equal(ui->queue_version, 3);
	assert_int_equal(ui->sel[UI_SCREEN_QUEUE].count, 2);
	assert_true(ui_sel_has(ui, UI_SCREEN_QUEUE, 1));
	assert_true(ui_sel_has(ui, UI_SCREEN_QUEUE, 3));
	assert_false(ui_sel_has(ui, UI_SCREEN_QUEUE, 4));
	free_ui(ui);
}

static void test_new_and_retagged_fetched_again(void **state)
{
	struct ui *ui = six();
	struct mpdc_queue_sync q;
	size_t a, b;

	(void)state;
	/* A new song at the end (id 7), and C's tags changed (its id at
	 * its own position). */
	answer(&q, 7, 4);
	change(&q, 2, 3);
	change(&q, 6, 7);
	apply(ui, &q, false);
	assert_string_equal(titles(ui), "A B ? D E F ?");
	assert_int_equal(ui->queue_missing, 2);
	assert_true(ui_queue_next_gap(ui, UI_QUEUE_WINDOW, &a, &b));
	assert_int_equal(a, 2);
	assert_int_equal(b, 3);
	answer(&q, 7, 4);
	song(&q, 2, 3, "C2");
	song(&q, 6, 7, "G");
	apply(ui, &q, false);
	assert_string_equal(titles(ui), "A B C2 D E F G");
	assert_true(ui_queue_complete(ui));
	free_ui(ui);
}

static void test_changes_while_fetching(void **state)
{
	struct ui *ui = new_ui();
	struct mpdc_queue_sync q;

	(void)state;
	/* Ten songs, ids 1-10; only the first two fetched. */
	answer(&q, 10, 1);
	song(&q, 0, 1, "A");
	song(&q, 1, 2, "B");
	apply(ui, &q, true);
	/* Another client moves the ninth (never fetched) to the top: the
	 * held songs move down with their ids; the window of the same
	 * answer brings the moved one. */
	answer(&q, 10, 2);
	for (unsigned p = 0; p < 9; p++)
		change(&q, p, p == 0 ? 9 : p);
	song(&q, 0, 9, "I");
	apply(ui, &q, false);
	assert_string_equal(titles(ui), "I A B ? ? ? ? ? ? ?");
	assert_int_equal(ui->queue_missing, 7);
	/* A deletion at the end drops a position never fetched. */
	answer(&q, 9, 3);
	apply(ui, &q, false);
	assert_string_equal(titles(ui), "I A B ? ? ? ? ? ?");
	assert_int_equal(ui->queue_missing, 6);
	/* Cleared. */
	answer(&q, 0, 4);
	apply(ui, &q, false);
	assert_int_equal(ui->queue.n, 0);
	assert_true(ui_queue_complete(ui));
	free_ui(ui);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fresh_and_windows),
		cmocka_unit_test(test_moves_keep_songs_and_marks),
		cmocka_unit_test(test_new_and_retagged_fetched_again),
		cmocka_unit_test(test_changes_while_fetching),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
