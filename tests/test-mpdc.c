/* moodplay tests - the MPD module against a real MPD (tests/mpd-fixture.sh). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixture.h"
#include "mpdc/mpdc.h"

#include <mpd/idle.h>

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static struct fixture mpd_fx;

static struct mpdc *open_socket(const char *path, const char *password)
{
	struct mpdc_endpoint ep = { .host = (char *)path,
				    .password = (char *)password };
	/* Generous: a loaded CI machine can keep MPD from answering for a
	 * few seconds; test_timeout checks short timeouts on its own. */
	return mpdc_new(&ep, 15000, 2000);
}

static struct mpdc *connected(void)
{
	struct mp_error err;
	struct mpdc *m = open_socket(mpd_fx.socket, NULL);

	if (mpdc_connect(m, &err) != MP_OK)
		fail_msg("connect: %s", err.msg);
	return m;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int group_setup(void **state)
{
	if (!fixture_available()) {
		fprintf(stderr, "mpd or the generated library is missing\n");
		return -1;
	}
	return fixture_start(&mpd_fx, true, NULL) ? 0 : -1;
}

static int group_teardown(void **state)
{
	fixture_stop(&mpd_fx);
	return 0;
}

/* Each test starts from an empty, stopped queue. */
static int reset(void **state)
{
	struct mp_error err;
	struct mpdc *m = connected();

	mpdc_stop(m, &err);
	mpdc_clear(m, &err);
	mpdc_set_flag(m, MPDC_REPEAT, false, &err);
	mpdc_set_flag(m, MPDC_RANDOM, false, &err);
	mpdc_free(m);
	return 0;
}

static void library(struct mpdc *m, struct mp_song_list *lib)
{
	struct mp_error err;

	song_list_init(lib);
	assert_int_equal(mpdc_library_list(m, 0, lib, &err), MP_OK);
	assert_int_equal(lib->n, 20);
}

static void queue_uris(struct mpdc *m, char ***out, size_t *n)
{
	struct mp_song_list q;
	struct mp_error err;

	song_list_init(&q);
	assert_int_equal(mpdc_queue_list(m, &q, &err), MP_OK);
	*n = q.n;
	*out = calloc(q.n + 1, sizeof(char *));
	for (size_t i = 0; i < q.n; i++)
		(*out)[i] = strdup(q.items[i].uri);
	song_list_clear(&q);
}

static void free_uris(char **u, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(u[i]);
	free(u);
}

static void test_connect_socket(void **state)
{
	struct mpdc_status st;
	struct mp_error err;
	struct mpdc *m = connected();

	assert_int_equal(mpdc_state(m), MPDC_CONNECTED);
	assert_int_equal(mpdc_get_status(m, &st, &err), MP_OK);
	assert_int_equal(st.queue_length, 0);
	assert_int_equal(st.state, MPDC_STOP);
	assert_true(strlen(mpdc_server_version(m)) >= 5);
	mpdc_free(m);
}

static void test_connect_tcp(void **state)
{
	struct mpdc_endpoint ep = { .host = "127.0.0.1", .port = mpd_fx.port };
	struct mpdc_status st;
	struct mp_error err;
	struct mpdc *m = mpdc_new(&ep, 15000, 2000);

	assert_int_equal(mpdc_connect(m, &err), MP_OK);
	assert_int_equal(mpdc_get_status(m, &st, &err), MP_OK);
	mpdc_free(m);
}

static void test_connect_async(void **state)
{
	struct mp_error err;
	struct mpdc *m = open_socket(mpd_fx.socket, NULL);
	struct pollfd p;

	assert_int_equal(mpdc_connect_start(m, &err), MP_OK);
	assert_int_equal(mpdc_state(m), MPDC_CONNECTING);
	p.fd = mpdc_connect_fd(m);
	p.events = POLLIN;
	assert_true(p.fd >= 0);
	assert_int_equal(poll(&p, 1, 5000), 1);
	assert_int_equal(mpdc_connect_finish(m, &err), MP_OK);
	assert_int_equal(mpdc_state(m), MPDC_CONNECTED);
	mpdc_free(m);

	/* Freeing while an attempt runs must not leak or crash. */
	m = open_socket(mpd_fx.socket, NULL);
	assert_int_equal(mpdc_connect_start(m, &err), MP_OK);
	mpdc_free(m);
}

static void test_refused_and_backoff(void **state)
{
	struct mp_error err;
	char path[PATH_MAX + 16];
	struct mpdc *m;

	snprintf(path, sizeof(path), "%s/no-such-socket", mpd_fx.state);
	m = open_socket(path, NULL);
	assert_int_equal(mpdc_retry_delay_ms(m), 0);
	assert_int_equal(mpdc_connect(m, &err), MP_ECONN);
	assert_non_null(strstr(err.msg, "no-such-socket"));
	assert_int_equal(mpdc_retry_delay_ms(m), 250);
	assert_int_equal(mpdc_connect(m, &err), MP_ECONN);
	assert_int_equal(mpdc_retry_delay_ms(m), 500);
	for (int i = 0; i < 10; i++)
		mpdc_connect(m, &err);
	assert_int_equal(mpdc_retry_delay_ms(m), 2000); /* capped */
	mpdc_free(m);
}

/* A server that accepts but never greets must time out, not hang. */
static void test_timeout(void **state)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct mpdc_endpoint ep = { 0 };
	struct mp_error err;
	struct mpdc *m;
	double t0;
	int s = socket(AF_UNIX, SOCK_STREAM, 0);

	assert_true(snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/mute",
			     mpd_fx.state) < (int)sizeof(sa.sun_path));
	assert_int_equal(bind(s, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(s, 4), 0);
	ep.host = sa.sun_path;
	m = mpdc_new(&ep, 300, 1000);
	t0 = now_s();
	assert_int_equal(mpdc_connect(m, &err), MP_ETIMEDOUT);
	assert_true(now_s() - t0 < 2.0);
	assert_non_null(strstr(err.msg, "did not answer"));
	mpdc_free(m);
	close(s);
	unlink(sa.sun_path);
}

static void test_password(void **state)
{
	struct fixture pw;
	struct mpdc_status st;
	struct mp_error err;
	struct mpdc *m;

	assert_true(fixture_start(&pw, false, "s3cret"));
	m = open_socket(pw.socket, "wrong");
	assert_int_equal(mpdc_connect(m, &err), MP_EAUTH);
	assert_non_null(strstr(err.msg, "password"));
	mpdc_free(m);

	m = open_socket(pw.socket, NULL);
	assert_int_equal(mpdc_connect(m, &err), MP_OK);
	assert_int_equal(mpdc_get_status(m, &st, &err), MP_EAUTH);
	assert_non_null(strstr(err.msg, "permission"));
	mpdc_free(m);

	m = open_socket(pw.socket, "s3cret");
	assert_int_equal(mpdc_connect(m, &err), MP_OK);
	assert_int_equal(mpdc_get_status(m, &st, &err), MP_OK);
	mpdc_free(m);
	fixture_stop(&pw);
}

static void test_library_paged(void **state)
{
	struct mp_song_list lib;
	struct mp_error err;
	struct mpdc *m = connected();
	bool cyrillic = false, quoted = false, untagged = false;

	/* Pages of 3 over 20 songs: every song once. */
	song_list_init(&lib);
	assert_int_equal(mpdc_library_list(m, 3, &lib, &err), MP_OK);
	assert_int_equal(lib.n, 20);
	for (size_t i = 0; i < lib.n; i++) {
		const struct mp_song *s = &lib.items[i];

		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(s->uri, lib.items[j].uri);
		if (s->title != NULL && strcmp(s->title, "Группа крови") == 0) {
			cyrillic = true;
			assert_string_equal(s->artist, "Кино");
			assert_string_equal(s->genre, "Rock");
			assert_int_equal(s->duration_ms, 5000);
		}
		if (s->artist != NULL &&
		    strcmp(s->artist, "The \"Quoted\" Band") == 0) {
			quoted = true;
			assert_string_equal(s->title, "Say \"Hello\"");
			assert_string_equal(s->album, "Live at \"The Room\"");
		}
		if (s->title == NULL) {
			untagged = true;
			assert_string_equal(song_display_title(s),
					    "no tags here.flac");
		}
	}
	assert_true(cyrillic && quoted && untagged);
	song_list_clear(&lib);
	mpdc_free(m);
}

static bool has_name(const struct mpdc_names *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

/* The Library's queries: tag lists filtered by tags with quotes, commas
 * and UTF-8, songs without tags, directories, bounds. */
static void test_browse(void **state)
{
	static const struct mpdc_match quoted[] = { { MPDC_TAG_ARTIST,
						      "The \"Quoted\" Band" } };
	static const struct mpdc_match weather[] = {
		{ MPDC_TAG_ARTIST, "Smith, Jones & Co" },
		{ MPDC_TAG_ALBUM, "Weather" }
	};
	static const struct mpdc_match none[] = { { MPDC_TAG_ARTIST, "" } };
	struct mpdc_names names;
	struct mp_song_list songs;
	struct mp_error err;
	struct mpdc *m = connected();
	bool more;

	mpdc_names_init(&names);
	assert_int_equal(mpdc_tag_values(m, MPDC_TAG_ARTIST, NULL, 0, 100,
					 &names, &more, &err),
			 MP_OK);
	assert_int_equal(names.n, 10);
	assert_false(more);
	assert_string_equal(names.v[0], ""); /* the untagged song */
	assert_true(has_name(&names, "The \"Quoted\" Band"));
	assert_true(has_name(&names, "Smith, Jones & Co"));
	assert_true(has_name(&names, "宇多田ヒカル"));
	mpdc_names_clear(&names);

	assert_int_equal(mpdc_tag_values(m, MPDC_TAG_ARTIST, NULL, 0, 3, &names,
					 &more, &err),
			 MP_OK);
	assert_int_equal(names.n, 3);
	assert_true(more);
	mpdc_names_clear(&names);

	assert_int_equal(mpdc_tag_values(m, MPDC_TAG_ALBUM, quoted, 1, 100,
					 &names, NULL, &err),
			 MP_OK);
	assert_int_equal(names.n, 1);
	assert_string_equal(names.v[0], "Live at \"The Room\"");
	mpdc_names_clear(&names);
	assert_int_equal(mpdc_tag_values(m, MPDC_TAG_ALBUM, none, 1, 100,
					 &names, NULL, &err),
			 MP_OK);
	assert_int_equal(names.n, 1);
	assert_string_equal(names.v[0], "");
	mpdc_names_clear(&names);

	song_list_init(&songs);
	assert_int_equal(
		mpdc_find_songs(m, weather, 2, 100, &songs, &more, &err),
		MP_OK);
	assert_int_equal(songs.n, 2);
	assert_false(more);
	assert_string_equal(songs.items[1].title, "It's \"Fine\"");
	song_list_clear(&songs);
	assert_int_equal(mpdc_find_songs(m, weather, 2, 1, &songs, &more, &err),
			 MP_OK);
	assert_int_equal(songs.n, 1);
	assert_true(more);
	song_list_clear(&songs);
	assert_int_equal(mpdc_find_songs(m, none, 1, 100, &songs, NULL, &err),
			 MP_OK);
	assert_int_equal(songs.n, 1);
	assert_string_equal(songs.items[0].uri, "untagged/no tags here.flac");
	song_list_clear(&songs);

	assert_int_equal(mpdc_list_dir(m, "", 100, &names, &songs, &more, &err),
			 MP_OK);
	assert_int_equal(names.n, 10);
	assert_int_equal(songs.n, 0);
	assert_true(has_name(&names, "Smith, Jones & Co"));
	mpdc_names_clear(&names);
	assert_int_equal(mpdc_list_dir(m, "Кино/Группа крови", 100, &names,
				       &songs, &more, &err),
			 MP_OK);
	assert_int_equal(names.n, 0);
	assert_int_equal(songs.n, 2);
	assert_string_equal(songs.items[0].uri,
			    "Кино/Группа крови/01 Группа крови.flac");
	song_list_clear(&songs);
	assert_int_equal(
		mpdc_list_dir(m, "Кино", 100, &names, &songs, &more, &err),
		MP_OK);
	assert_int_equal(names.n, 1);
	assert_string_equal(names.v[0], "Кино/Группа крови");
	mpdc_names_clear(&names);
	assert_int_not_equal(mpdc_list_dir(m, "no such dir", 100, &names,
					   &songs, &more, &err),
			     MP_OK);
	assert_non_null(strstr(err.msg, "No such directory"));
	assert_int_equal(mpdc_state(m), MPDC_CONNECTED);

	mpdc_free(m);
}

/* Whole artists, albums and directories added on the server. */
static void test_add_server_side(void **state)
{
	static const struct mpdc_match storm[] = { { MPDC_TAG_ARTIST,
						     "Storm Engine" } };
	static const struct mpdc_match quoted[] = {
		{ MPDC_TAG_ARTIST, "The \"Quoted\" Band" },
		{ MPDC_TAG_ALBUM, "Live at \"The Room\"" }
	};
	static const struct mpdc_match none[] = { { MPDC_TAG_ARTIST, "" } };
	struct mpdc_status st;
	struct mp_error err;
	struct mpdc *m = connected();
	unsigned added;
	char **uris;
	size_t n;

	assert_int_equal(mpdc_add_matching(m, storm, 1, &added, &err), MP_OK);
	assert_int_equal(added, 3);
	assert_int_equal(mpdc_add_matching(m, quoted, 2, &added, &err), MP_OK);
	assert_int_equal(added, 1);
	assert_int_equal(mpdc_add_matching(m, none, 1, &added, &err), MP_OK);
	assert_int_equal(added, 1);
	assert_int_equal(mpdc_add_uri(m, "Aurora Lane", &added, &err), MP_OK);
	assert_int_equal(added, 3);
	assert_int_equal(mpdc_add_uri(m, "Кино/Группа крови/02 Кукушка.flac",
				      &added, &err),
			 MP_OK);
	assert_int_equal(added, 1);
	assert_int_not_equal(
		mpdc_add_uri(m, "nowhere/nothing.flac", &added, &err), MP_OK);
	assert_int_equal(added, 0);
	assert_int_equal(mpdc_get_status(m, &st, &err), MP_OK);
	assert_int_equal(st.queue_length, 9);
	/* The last two (Golden Hour, Кукушка) to the front in one command. */
	assert_int_equal(mpdc_move_range(m, 7, 2, 0, &err), MP_OK);
	queue_uris(m, &uris, &n);
	assert_int_equal(n, 9);
	assert_string_equal(uris[0], "Aurora Lane/Morning/03 Golden Hour.flac");
	assert_string_equal(uris[1], "Кино/Группа крови/02 Кукушка.flac");
	assert_string_equal(uris[2], "Storm Engine/Voltage/01 Overdrive.flac");
	free_uris(uris, n);
	mpdc_free(m);
}

static void test_queue_replace_and_play(void **state)
{
	struct mp_song_list lib;
	struct mpdc_status st;
	struct mp_error err;
	struct mpdc *m = connected();
	const char *uris[5];
	char **q;
	size_t n;

	library(m, &lib);
	for (int i = 0; i < 5; i++)
		uris[i] = lib.items[i].uri;
	assert_int_equal(
		mpdc_queue_apply(m, MPDC_QUEUE_REPLACE, uris, 5, true, &err),
		MP_OK);
	queue_uris(m, &q, &n);
	assert_int_equal(n, 5);
	for (int i = 0; i < 5; i++)
		assert_string_equal(q[i], uris[i]);
	free_uris(q, n);
	assert_int_equal(mpdc_get_status(m, &st, &err), MP_OK);
	assert_int_equal(st.state, MPDC_PLAY);
	assert_int_equal(st.song_pos, 0);

	/* Replace again: the old five are gone. */
	uris[0] = lib.items[10].uri;
	assert_int_equal(
		mpdc_queue_apply(m, MPDC_QUEUE_REPLACE, uris, 1, true, &err),
		MP_OK);
	queue_uris(m, &q, &n);
	assert_int_equal(n, 1);
	assert_string_equal(q[0], lib.items[10].uri);
	free_uris(q, n);
	song_list_clear(&lib);
	mpdc_free(m);
}

static void test_queue_atomic_failure(void **state)
{
	struct mp_song_list lib, before, after;
	struct mp_error err;
	struct mpdc *m = connected();
	const char *uris[4];

	library(m, &lib);
	for (int i = 0; i < 4; i++)
		uris[i] = lib.items[i].uri;
	assert_int_equal(
		mpdc_queue_apply(m, MPDC_QUEUE_REPLACE, uris, 4, false, &err),
		MP_OK);
	song_list_init(&before);
	assert_int_equal(mpdc_queue_list(m, &before, &err), MP_OK);

	uris[0] = lib.items[5].uri;
	uris[1] = lib.items[6].uri;
	uris[2] = "does/not/exist.flac";
	uris[3] = lib.items[7].uri;
	for (int mode = 0; mode < 3; mode++) {
		assert_int_not_equal(
			mpdc_queue_apply(m, (enum mpdc_queue_mode)mode, uris, 4,
					 true, &err),
			MP_OK);
		assert_non_null(strstr(err.msg, "does/not/exist.flac"));
		assert_non_null(strstr(err.msg, "unchanged"));
		song_list_init(&after);
		assert_int_equal(mpdc_queue_list(m, &after, &err), MP_OK);
		assert_int_equal(after.n, before.n);
		for (size_t i = 0; i < before.n; i++) {
			assert_string_equal(after.items[i].uri,
					    before.items[i].uri);
			assert_int_equal(after.items[i].id, before.items[i].id);
		}
		song_list_clear(&after);
	}
	song_list_clear(&before);
	song_list_clear(&lib);
	mpdc_free(m);
}

/* Index of the n-th library song lasting at least 5 s: the kept song must
 * not end while the test looks at it, even on a slow, loaded machine. */
static size_t long_song(const struct mp_song_list *lib, int n)
{
	for (size_t i = 0; i < lib->n; i++)
		if (lib->items[i].duration_ms >= 5000 && n-- == 0)
			return i;
	fail_msg("the library has too few long songs");
	return 0;
}

static void test_queue_upcoming_and_append(void **state)
{
	struct mp_song_list lib;
	struct mpdc_status st, st2;
	struct mp_error err;
	struct mpdc *m = connected();
	const char *uris[5];
	size_t a, b;
	char **q;
	size_t n;

	library(m, &lib);
	a = long_song(&lib, 0);
	b = long_song(&lib, 1);
	uris[0] = lib.items[a].uri;
	uris[1] = lib.items[b].uri;
	for (int i = 2; i < 5; i++)
		uris[i] = lib.items[i].uri;
	assert_int_equal(
		mpdc_queue_apply(m, MPDC_QUEUE_REPLACE, uris, 5, false, &err),
		MP_OK);
	assert_int_equal(mpdc_play(m, 1, &err), MP_OK);
	assert_int_equal(mpdc_toggle_pause(m, &err), MP_OK);
	assert_int_equal(mpdc_get_status(m, &st, &err), MP_OK);
	assert_int_equal(st.state, MPDC_PAUSE);

	/* Paused on the second song: it and the one before stay, the rest
	 * is replaced, and play resumes the kept song. */
	for (int i = 0; i < 3; i++)
		uris[i] = lib.items[12 + i].uri;
	assert_int_equal(mpdc_queue_apply(m, MPDC_QUEUE_REPLACE_UPCOMING, uris,
					  3, true, &err),
			 MP_OK);
	queue_uris(m, &q, &n);
	assert_int_equal(n, 5);
	assert_string_equal(q[0], lib.items[a].uri);
	assert_string_equal(q[1], lib.items[b].uri);
	assert_string_equal(q[2], lib.items[12].uri);
	assert_string_equal(q[4], lib.items[14].uri);
	free_uris(q, n);
	assert_int_equal(mpdc_get_status(m, &st2, &err), MP_OK);
	assert_int_equal(st2.song_id, st.song_id); /* still the same song */
	assert_int_equal(st2.state, MPDC_PLAY);

	uris[0] = lib.items[19].uri;
	assert_int_equal(mpdc_toggle_pause(m, &err), MP_OK);
	assert_int_equal(
		mpdc_queue_apply(m, MPDC_QUEUE_APPEND, uris, 1, false, &err),
		MP_OK);
	queue_uris(m, &q, &n);
	assert_int_equal(n, 6);
	assert_string_equal(q[5], lib.items[19].uri);
	free_uris(q, n);
	assert_int_equal(mpdc_get_status(m, &st2, &err), MP_OK);
	assert_int_equal(st2.song_id, st.song_id);
	assert_int_equal(st2.state, MPDC_PAUSE);
	song_list_clear(&lib);
	mpdc_free(m);
}

static void test_controls(void **state)
{
	struct mp_song_list lib;
	struct mpdc_status st;
	struct mp_song cur = { 0 };
	struct mp_error err;
	struct mpdc *m = connected();
	const char *uris[3];
	bool found;

	library(m, &lib);
	for (int i = 0; i < 3; i++)
		uris[i] = lib.items[long_song(&lib, i)].uri;
	assert_int_equal(
		mpdc_queue_apply(m, MPDC_QUEUE_REPLACE, uris, 3, true, &err),
		MP_OK);
	assert_int_equal(mpdc_next(m, &err), MP_OK);
	assert_int_equal(mpdc_get_state(m, &st, &cur, &found, NULL, &err),
			 MP_OK);
	assert_true(found);
	assert_string_equal(cur.uri, uris[1]);
	assert_int_equal(cur.pos, 1);
	song_clear(&cur);
	assert_int_equal(mpdc_previous(m, &err), MP_OK);
	assert_int_equal(mpdc_toggle_pause(m, &err), MP_OK);
	assert_int_equal(mpdc_seek(m, 2, false, &err), MP_OK);
	assert_int_equal(mpdc_set_volume(m, 40, false, &err), MP_OK);
	assert_int_equal(mpdc_set_volume(m, 5, true, &err), MP_OK);
	assert_int_equal(mpdc_set_volume(m, 101, false, &err), MP_EINVAL);
	assert_int_equal(mpdc_set_flag(m, MPDC_REPEAT, true, &err), MP_OK);
	assert_int_equal(mpdc_set_flag(m, MPDC_CONSUME, true, &err), MP_OK);
	assert_int_equal(mpdc_get_status(m, &st, &err), MP_OK);
	assert_int_equal(st.state, MPDC_PAUSE);
	assert_int_equal(st.song_pos, 0);
	assert_in_range(st.elapsed_ms, 1900, 2100);
	assert_int_equal(st.volume, 45);
	assert_true(st.repeat && st.consume && !st.random && !st.single);
	assert_int_equal(mpdc_move(m, 0, 2, &err), MP_OK);
	assert_int_equal(mpdc_delete(m, 0, &err), MP_OK);
	assert_int_equal(mpdc_get_status(m, &st, &err), MP_OK);
	assert_int_equal(st.queue_length, 2);
	assert_int_equal(mpdc_set_flag(m, MPDC_CONSUME, false, &err), MP_OK);
	assert_int_equal(mpdc_delete(m, 99, &err), MP_ERR); /* bad position: */
	assert_int_equal(mpdc_state(m), MPDC_CONNECTED);    /* still usable */
	song_list_clear(&lib);
	mpdc_free(m);
}

/* status + currentsong + the queue in one command list, the queue also
 * past its first page (1000 songs). */
static void test_get_state(void **state)
{
	struct mp_song_list lib, q;
	struct mpdc_status st, st2;
	struct mp_song cur = { 0 };
	struct mp_error err;
	struct mpdc *m = connected();
	const char **uris;
	bool found = true;

	song_list_init(&q);
	assert_int_equal(mpdc_get_state(m, &st, &cur, &found, &q, &err), MP_OK);
	assert_false(found);
	assert_int_equal(q.n, 0);
	assert_int_equal(st.queue_length, 0);
	assert_int_equal(st.state, MPDC_STOP);

	library(m, &lib);
	uris = calloc(1003, sizeof(*uris));
	for (int i = 0; i < 1003; i++)
		uris[i] = lib.items[long_song(&lib, i % 3)].uri;
	assert_int_equal(
		mpdc_queue_apply(m, MPDC_QUEUE_REPLACE, uris, 1003, true, &err),
		MP_OK);
	assert_int_equal(mpdc_next(m, &err), MP_OK);
	assert_int_equal(mpdc_toggle_pause(m, &err), MP_OK);
	assert_int_equal(mpdc_get_state(m, &st, &cur, &found, &q, &err), MP_OK);
	assert_true(found);
	assert_string_equal(cur.uri, uris[1]);
	assert_int_equal(cur.pos, 1);
	assert_int_equal(st.state, MPDC_PAUSE);
	assert_int_equal(st.song_pos, 1);
	assert_int_equal(st.queue_length, 1003);
	assert_int_equal(q.n, 1003);
	for (size_t i = 0; i < q.n; i++) {
		assert_string_equal(q.items[i].uri, uris[i]);
		assert_int_equal(q.items[i].pos, (int)i);
	}
	assert_int_equal(mpdc_get_status(m, &st2, &err), MP_OK);
	assert_int_equal(st2.queue_version, st.queue_version);
	song_clear(&cur);

	/* Without the queue: q is left alone. */
	assert_int_equal(mpdc_get_state(m, &st, &cur, &found, NULL, &err),
			 MP_OK);
	assert_true(found);
	assert_string_equal(cur.uri, uris[1]);
	assert_int_equal(q.n, 1003);
	assert_int_equal(mpdc_state(m), MPDC_CONNECTED);
	song_clear(&cur);
	song_list_clear(&q);
	song_list_clear(&lib);
	free(uris);
	mpdc_free(m);
}

static void test_idle(void **state)
{
	struct mp_error err;
	struct mpdc *m = connected(), *other = connected();
	mpdc_idle_mask ev = 0;
	struct pollfd p;

	assert_int_equal(mpdc_idle_begin(m, &err), MP_OK);
	assert_int_equal(mpdc_set_flag(other, MPDC_RANDOM, true, &err), MP_OK);
	p.fd = mpdc_fd(m);
	p.events = POLLIN;
	assert_int_equal(poll(&p, 1, 3000), 1);
	assert_int_equal(mpdc_idle_end(m, &ev, &err), MP_OK);
	assert_true(ev & MPD_IDLE_OPTIONS);

	/* An operation while idle leaves idle mode by itself. */
	assert_int_equal(mpdc_idle_begin(m, &err), MP_OK);
	assert_int_equal(mpdc_set_flag(m, MPDC_RANDOM, false, &err), MP_OK);
	assert_int_equal(mpdc_idle_end(m, &ev, &err), MP_OK);
	mpdc_free(other);
	mpdc_free(m);
}

static void test_reconnect_after_restart(void **state)
{
	struct mpdc_status st;
	struct mp_error err;
	struct mpdc *m = connected();
	struct pollfd p;
	enum mp_status rc;

	assert_true(fixture_restart(&mpd_fx));
	rc = mpdc_get_status(m, &st, &err);
	assert_int_not_equal(rc, MP_OK);
	assert_int_equal(mpdc_state(m), MPDC_DISCONNECTED);
	assert_true(mpdc_retry_delay_ms(m) > 0);

	assert_int_equal(mpdc_connect_start(m, &err), MP_OK);
	p.fd = mpdc_connect_fd(m);
	p.events = POLLIN;
	assert_int_equal(poll(&p, 1, 5000), 1);
	assert_int_equal(mpdc_connect_finish(m, &err), MP_OK);
	assert_int_equal(mpdc_get_status(m, &st, &err), MP_OK);
	assert_int_equal(mpdc_retry_delay_ms(m), 0);
	mpdc_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_connect_socket, reset),
		cmocka_unit_test_setup(test_connect_tcp, reset),
		cmocka_unit_test_setup(test_connect_async, reset),
		cmocka_unit_test(test_refused_and_backoff),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_password),
		cmocka_unit_test_setup(test_library_paged, reset),
		cmocka_unit_test_setup(test_browse, reset),
		cmocka_unit_test_setup(test_add_server_side, reset),
		cmocka_unit_test_setup(test_queue_replace_and_play, reset),
		cmocka_unit_test_setup(test_queue_atomic_failure, reset),
		cmocka_unit_test_setup(test_queue_upcoming_and_append, reset),
		cmocka_unit_test_setup(test_controls, reset),
		cmocka_unit_test_setup(test_get_state, reset),
		cmocka_unit_test_setup(test_idle, reset),
		cmocka_unit_test_setup(test_reconnect_after_restart, reset),
	};

	/* As in moodplay itself: a dead server is an error, not a signal. */
	signal(SIGPIPE, SIG_IGN);
	if (!fixture_available()) {
		printf("1..0 # SKIP mpd or the generated library is missing\n");
		return 77;
	}
	return cmocka_run_group_tests_name("mpdc", tests, group_setup,
					   group_teardown);
}
