/* moodplay tests - the Library model: tag and file-system levels over the
 * songs of the fixture library's spec, entering and leaving, and a 100k-song
 * library built and browsed quickly. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ui-lib.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The songs of tests/data/library.txt, as MPD lists them. */
static void load_spec(struct mp_song_list *l)
{
	char line[1024];
	FILE *f = fopen(TOP_SRCDIR "/tests/data/library.txt", "r");

	assert_non_null(f);
	song_list_init(l);
	while (fgets(line, sizeof(line), f) != NULL) {
		char *field[6], *p = line;
		struct mp_song *s;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\n")] = '\0';
		for (int i = 0; i < 6; i++)
			field[i] = strsep(&p, "|");
		s = song_list_push(l);
		s->uri = xstrdup(field[0]);
		s->title = field[1][0] ? xstrdup(field[1]) : NULL;
		s->artist = field[2][0] ? xstrdup(field[2]) : NULL;
		s->album = field[3][0] ? xstrdup(field[3]) : NULL;
		s->duration_ms = (unsigned)atoi(field[5]) * 1000;
		s->pos = -1;
	}
	fclose(f);
}

static size_t find(struct ui_lib *lib, const char *label)
{
	size_t n;
	const struct ui_lib_row *r = ui_lib_rows(lib, &n);

	for (size_t i = 0; i < n; i++)
		if (strcmp(r[i].label, label) == 0)
			return i;
	fail_msg("no row '%s'", label);
	return 0;
}

static void test_tags(void **state)
{
	struct mp_song_list songs;
	struct ui_lib *lib;
	struct mp_error err;
	const struct ui_lib_row *r;
	char path[256];
	size_t n, i, cursor;

	load_spec(&songs);
	assert_int_equal(ui_lib_new(&songs, &lib, &err), MP_OK);
	assert_int_equal(songs.n, 0);
	assert_int_equal(ui_lib_song_count(lib), 20);
	r = ui_lib_rows(lib, &n);
	assert_int_equal(n, 10); /* 9 artists + the untagged file */
	assert_string_equal(r[0].label, "[no artist]");
	assert_string_equal(r[1].label, "Aurora Lane");
	assert_int_equal(r[1].end - r[1].begin, 3);
	assert_false(r[1].leaf);

	i = find(lib, "Storm Engine");
	assert_int_equal(ui_lib_enter(lib, i, i, &err), MP_OK);
	ui_lib_path(lib, path, sizeof(path));
	assert_string_equal(path, "Storm Engine");
	r = ui_lib_rows(lib, &n);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].label, "Voltage");
	assert_int_equal(ui_lib_enter(lib, 0, 0, &err), MP_OK);
	r = ui_lib_rows(lib, &n);
	assert_int_equal(n, 3);
	assert_true(r[0].leaf);
	assert_string_equal(r[0].label, "Overdrive");
	assert_string_equal(ui_lib_song(lib, r[2].begin)->uri,
			    "Storm Engine/Voltage/03 Ärger.flac");
	/* A leaf cannot be entered. */
	assert_int_equal(ui_lib_enter(lib, 0, 0, &err), MP_EINVAL);
	assert_true(ui_lib_leave(lib, &cursor, &err));
	assert_true(ui_lib_leave(lib, &cursor, &err));
	assert_int_equal(cursor, i);
	assert_false(ui_lib_leave(lib, &cursor, &err));
	ui_lib_free(lib);
}

static void test_files(void **state)
{
	struct mp_song_list songs;
	struct ui_lib *lib;
	struct mp_error err;
	const struct ui_lib_row *r;
	char path[256];
	size_t n, i;

	load_spec(&songs);
	assert_int_equal(ui_lib_new(&songs, &lib, &err), MP_OK);
	assert_int_equal(ui_lib_set_view(lib, UI_LIB_FILES, &err), MP_OK);
	r = ui_lib_rows(lib, &n);
	assert_int_equal(n, 10); /* 10 top directories */
	i = find(lib, "宇多田ヒカル");
	assert_false(r[i].leaf);
	assert_int_equal(ui_lib_enter(lib, i, i, &err), MP_OK);
	r = ui_lib_rows(lib, &n);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].label, "Fantôme");
	assert_int_equal(ui_lib_enter(lib, 0, 0, &err), MP_OK);
	r = ui_lib_rows(lib, &n);
	assert_int_equal(n, 1);
	assert_true(r[0].leaf);
	assert_string_equal(r[0].label, "01 花束を君に.flac");
	ui_lib_path(lib, path, sizeof(path));
	assert_string_equal(path, "宇多田ヒカル/Fantôme/");
	ui_lib_free(lib);
}

/* Directories sharing a prefix ("a/x/", "a/x-y", "a/x0") stay apart. */
static void test_prefix_dirs(void **state)
{
	static const char *const uris[] = {"a/x/1.flac", "a/x-y.flac", "a/x/2.flac",
					   "a/x0/3.flac", "b.flac"};
	struct mp_song_list songs;
	struct ui_lib *lib;
	struct mp_error err;
	const struct ui_lib_row *r;
	size_t n;

	song_list_init(&songs);
	for (size_t i = 0; i < sizeof(uris) / sizeof(uris[0]); i++)
		song_list_push(&songs)->uri = xstrdup(uris[i]);
	assert_int_equal(ui_lib_new(&songs, &lib, &err), MP_OK);
	assert_int_equal(ui_lib_set_view(lib, UI_LIB_FILES, &err), MP_OK);
	r = ui_lib_rows(lib, &n);
	assert_int_equal(n, 2);
	assert_string_equal(r[0].label, "a");
	assert_int_equal(r[0].end - r[0].begin, 4);
	assert_true(r[1].leaf);
	assert_int_equal(ui_lib_enter(lib, 0, 0, &err), MP_OK);
	r = ui_lib_rows(lib, &n);
	assert_int_equal(n, 3);
	assert_string_equal(r[0].label, "x-y.flac");
	assert_string_equal(r[1].label, "x");
	assert_int_equal(r[1].end - r[1].begin, 2);
	assert_string_equal(r[2].label, "x0");
	ui_lib_free(lib);
}

/* 100k songs: indexing and every level change stay well under a frame. */
static void test_large(void **state)
{
	struct mp_song_list songs;
	struct ui_lib *lib;
	struct mp_error err;
	struct timespec t0, t1;
	size_t n;
	double ms;

	song_list_init(&songs);
	for (unsigned i = 0; i < 100000; i++) {
		struct mp_song *s = song_list_push(&songs);

		s->uri = xasprintf("artist%04u/album%02u/%03u.flac", i % 5000,
				   i / 5000 % 4, i);
		s->artist = xasprintf("Artist %04u", i % 5000);
		s->album = xasprintf("Album %02u", i / 5000 % 4);
		s->title = xasprintf("Song %u", i);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(ui_lib_new(&songs, &lib, &err), MP_OK);
	ui_lib_rows(lib, &n);
	assert_int_equal(n, 5000);
	assert_int_equal(ui_lib_enter(lib, 4999, 4999, &err), MP_OK);
	ui_lib_rows(lib, &n);
	assert_int_equal(n, 4);
	assert_int_equal(ui_lib_set_view(lib, UI_LIB_FILES, &err), MP_OK);
	ui_lib_rows(lib, &n);
	assert_int_equal(n, 5000);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	print_message("# 100k songs indexed and browsed in %.0f ms\n", ms);
	assert_true(ms < 5000); /* generous: sanitizers, a busy CI machine */
	ui_lib_free(lib);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_prefix_dirs),
		cmocka_unit_test(test_large),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
