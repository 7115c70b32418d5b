/* moodplay tests - the Library model without MPD: what each level asks
 * for, answers filling levels (and late ones dropped), entering and
 * leaving with the cursor kept, what adding a row means, the path. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ui/ui-lib.h"
#include "base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void push_name(struct ui_lib_answer *a, const char *s)
{
	struct mpdc_names *l = &a->names;

	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = xstrdup(s);
}

static void push_song(struct ui_lib_answer *a, const char *uri,
		      const char *title)
{
	struct mp_song *s = song_list_push(&a->songs);

	s->uri = xstrdup(uri);
	s->title = title != NULL ? xstrdup(title) : NULL;
	s->pos = -1;
}

/* Take the level's request, check its kind and keys, answer it. */
static void answer(struct ui_lib *lib, enum ui_lib_kind kind,
		   const char *artist, const char *album, const char *path,
		   struct ui_lib_answer *a)
{
	struct ui_lib_request rq, again;

	assert_true(ui_lib_loading(lib));
	assert_true(ui_lib_request(lib, &rq));
	assert_false(ui_lib_request(lib, &again)); /* asked once only */
	assert_int_equal(rq.kind, kind);
	if (artist != NULL)
		assert_string_equal(rq.artist, artist);
	else
		assert_null(rq.artist);
	if (album != NULL)
		assert_string_equal(rq.album, album);
	else
		assert_null(rq.album);
	if (path != NULL)
		assert_string_equal(rq.path, path);
	else
		assert_null(rq.path);
	assert_true(ui_lib_answer(lib, rq.ticket, a));
	assert_false(ui_lib_loading(lib));
	ui_lib_request_clear(&rq);
	ui_lib_answer_clear(a);
}

static void test_tags(void **state)
{
	struct ui_lib *lib = ui_lib_new(UI_LIB_TAGS);
	struct ui_lib_answer a;
	struct ui_lib_target t;
	struct mp_error err;
	const struct ui_lib_row *r;
	char path[256];
	size_t n, cursor;

	ui_lib_answer_init(&a);
	r = ui_lib_rows(lib, &n);
	assert_int_equal(n, 0);
	push_name(&a, "");
	push_name(&a, "Aurora Lane");
	push_name(&a, "The \"Quoted\" Band");
	answer(lib, UI_LIB_ARTISTS, NULL, NULL, NULL, &a);
	r = ui_lib_rows(lib, &n);
	assert_int_equal(n, 3);
	assert_string_equal(r[0].label, "[no artist]");
	assert_string_equal(r[0].value, "");
	assert_false(r[0].leaf);
	ui_lib_target(lib, &r[2], &t);
	assert_null(t.uri);
	assert_int_equal(t.nmatch, 1);
	assert_string_equal(t.match[0].value, "The \"Quoted\" Band");

	assert_int_equal(ui_lib_enter(lib, 2, 2, &err), MP_OK);
	assert_int_equal(ui_lib_depth(lib), 1);
	ui_lib_path(lib, path, sizeof(path));
	assert_string_equal(path, "The \"Quoted\" Band");
	push_name(&a, "Live at \"The Room\"");
	answer(lib, UI_LIB_ALBUMS, "The \"Quoted\" Band", NULL, NULL, &a);
	r = ui_lib_rows(lib, &n);
	ui_lib_target(lib, &r[0], &t);
	assert_int_equal(t.nmatch, 2);
	assert_int_equal(t.match[0].tag, MPDC_TAG_ARTIST);
	assert_string_equal(t.match[1].value, "Live at \"The Room\"");

	assert_int_equal(ui_lib_enter(lib, 0, 0, &err), MP_OK);
	push_song(&a, "The Quoted Band/Live/01 Say Hello.flac",
		  "Say \"Hello\"");
	push_song(&a, "The Quoted Band/Live/02 untitled.flac", NULL);
	answer(lib, UI_LIB_SONGS, "The \"Quoted\" Band", "Live at \"The Room\"",
	       NULL, &a);
	ui_lib_path(lib, path, sizeof(path));
	assert_string_equal(path, "The \"Quoted\" Band / Live at \"The Room\"");
	r = ui_lib_rows(lib, &n);
	assert_int_equal(n, 2);
	assert_true(r[0].leaf);
	assert_string_equal(r[0].label, "Say \"Hello\"");
	assert_string_equal(r[1].label, "02 untitled.flac");
	ui_lib_target(lib, &r[1], &t);
	assert_string_equal(t.uri, "The Quoted Band/Live/02 untitled.flac");
	/* A song cannot be entered. */
	assert_int_equal(ui_lib_enter(lib, 0, 0, &err), MP_EINVAL);

	/* Leaving keeps the parents' rows and cursors: nothing to fetch. */
	assert_true(ui_lib_leave(lib, &cursor));
	assert_int_equal(cursor, 0);
	assert_true(ui_lib_leave(lib, &cursor));
	assert_int_equal(cursor, 2);
	assert_false(ui_lib_loading(lib));
	r = ui_lib_rows(lib, &n);
	assert_int_equal(n, 3);
	assert_false(ui_lib_leave(lib, &cursor));

	/* The artist without a tag: its albums are asked with "". */
	assert_int_equal(ui_lib_enter(lib, 0, 0, &err), MP_OK);
	ui_lib_path(lib, path, sizeof(path));
	assert_string_equal(path, "[no artist]");
	push_name(&a, "");
	answer(lib, UI_LIB_ALBUMS, "", NULL, NULL, &a);
	r = ui_lib_rows(lib, &n);
	assert_string_equal(r[0].label, "[no album]");
	ui_lib_free(lib);
}

static void test_files(void **state)
{
	struct ui_lib *lib = ui_lib_new(UI_LIB_FILES);
	struct ui_lib_answer a;
	struct ui_lib_target t;
	struct mp_error err;
	const struct ui_lib_row *r;
	char path[256];
	size_t n;

	ui_lib_answer_init(&a);
	push_name(&a, "Кино");
	push_name(&a, "宇多田ヒカル");
	push_song(&a, "loose.flac", "Loose");
	answer(lib, UI_LIB_DIR, NULL, NULL, "", &a);
	r = ui_lib_rows(lib, &n);
	assert_int_equal(n, 3);
	assert_false(r[1].leaf);
	assert_true(r[2].leaf);
	assert_string_equal(r[2].label, "loose.flac");
	ui_lib_target(lib, &r[1], &t);
	assert_string_equal(t.uri, "宇多田ヒカル");
	assert_int_equal(ui_lib_enter(lib, 1, 1, &err), MP_OK);
	push_name(&a, "宇多田ヒカル/Fantôme");
	answer(lib, UI_LIB_DIR, NULL, NULL, "宇多田ヒカル", &a);
	r = ui_lib_rows(lib, &n);
	assert_string_equal(r[0].label, "Fantôme");
	assert_int_equal(ui_lib_enter(lib, 0, 0, &err), MP_OK);
	push_song(&a, "宇多田ヒカル/Fantôme/01 花束を君に.flac", "花束を君に");
	answer(lib, UI_LIB_DIR, NULL, NULL, "宇多田ヒカル/Fantôme", &a);
	r = ui_lib_rows(lib, &n);
	assert_string_equal(r[0].label, "01 花束を君に.flac");
	ui_lib_path(lib, path, sizeof(path));
	assert_string_equal(path, "宇多田ヒカル/Fantôme/");

	/* Switching view starts over at the other top level. */
	ui_lib_set_view(lib, UI_LIB_TAGS);
	assert_int_equal(ui_lib_depth(lib), 0);
	push_name(&a, "Кино");
	answer(lib, UI_LIB_ARTISTS, NULL, NULL, NULL, &a);
	ui_lib_free(lib);
}

/* An answer for a level the user left, or from before a reload, is
 * dropped; a failed level is not asked for again until a reload. */
static void test_late_answers(void **state)
{
	struct ui_lib *lib = ui_lib_new(UI_LIB_TAGS);
	struct ui_lib_request rq, rq2;
	struct ui_lib_answer a;
	struct mp_error err;
	size_t n, cursor;

	ui_lib_answer_init(&a);
	push_name(&a, "A");
	push_name(&a, "B");
	answer(lib, UI_LIB_ARTISTS, NULL, NULL, NULL, &a);
	assert_int_equal(ui_lib_enter(lib, 0, 0, &err), MP_OK);
	assert_true(ui_lib_request(lib, &rq));
	assert_true(ui_lib_leave(lib, &cursor));
	assert_int_equal(ui_lib_enter(lib, 1, 1, &err), MP_OK);
	push_name(&a, "Album of A");
	assert_false(ui_lib_answer(lib, rq.ticket, &a));
	assert_false(ui_lib_fail(lib, rq.ticket));
	ui_lib_answer_clear(&a);
	ui_lib_request_clear(&rq);
	assert_true(ui_lib_loading(lib));
	assert_true(ui_lib_request(lib, &rq));
	assert_string_equal(rq.artist, "B");
	assert_true(ui_lib_fail(lib, rq.ticket));
	assert_false(ui_lib_loading(lib));
	assert_false(ui_lib_request(lib, &rq2));
	ui_lib_rows(lib, &n);
	assert_int_equal(n, 0);
	ui_lib_request_clear(&rq);

	/* A reload: back to the top, to be fetched again. */
	ui_lib_set_view(lib, UI_LIB_TAGS);
	assert_true(ui_lib_request(lib, &rq));
	assert_int_equal(rq.kind, UI_LIB_ARTISTS);
	ui_lib_request_clear(&rq);
	ui_lib_free(lib);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_late_answers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
