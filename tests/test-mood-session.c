/* moodplay tests - the planning entry point without MPD: a library given
 * as songs and match results, the CLI's way of keeping state (files under
 * $XDG_STATE_HOME) against the TUI's (memory), picked moods, the recent
 * songs from the history file, and the state files' validation. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "base/xalloc.h"
#include "base/xdg.h"
#include "conf/conf.h"
#include "mood/mood-cache.h"
#include "mood/mood-queue.h"
#include "mood/mood-state.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define N_SONGS 48

static char state_dir[] = "/tmp/moodplay-test-session-XXXXXX";

/* A library of N_SONGS matched songs spread over valence and energy, by
 * 12 artists. */
static struct moodq *library(struct conf *c)
{
	struct moodq *q = moodq_new(c);
	struct mp_song_list songs;
	struct match_result *match = xcalloc(N_SONGS, sizeof(*match));

	song_list_init(&songs);
	for (int i = 0; i < N_SONGS; i++) {
		struct mp_song *s = song_list_push(&songs);

		s->uri = xasprintf("lib/%02d.flac", i);
		s->title = xasprintf("Song %d", i);
		s->artist = xasprintf("Artist %d", i % 12);
		s->duration_ms = 180000;
		match[i].kind = MATCH_EXACT;
		match[i].track = (size_t)i;
		for (int k = 0; k < DS_NFEAT; k++)
			match[i].f[k] = 0.5f;
		match[i].f[DS_VALENCE] = (float)((i * 7) % N_SONGS) / N_SONGS;
		match[i].f[DS_ENERGY] = (float)((i * 11) % N_SONGS) / N_SONGS;
		match[i].f[DS_TEMPO] = 80 + (float)i;
		match[i].f[DS_LOUDNESS] = -12 + (float)(i % 8);
	}
	moodq_set_library(q, &songs, match);
	return q;
}

static void remove_state(void)
{
	const char *names[] = { "mood", "history", "moods" };

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		char *p = xdg_path(XDG_STATE, names[i]);

		unlink(p);
		free(p);
	}
}

static void assert_same_plan(const struct moodq_plan *a,
			     const struct moodq_plan *b)
{
	assert_int_equal(a->n, b->n);
	assert_float_equal(a->mood.valence, b->mood.valence, 1e-6);
	assert_float_equal(a->mood.arousal, b->mood.arousal, 1e-6);
	for (size_t i = 0; i < a->n; i++) {
		assert_string_equal(a->picks[i].song->uri,
				    b->picks[i].song->uri);
		assert_string_equal(a->picks[i].reason, b->picks[i].reason);
	}
}

/* The CLI keeps the smoothing state in a file, the TUI in memory: for the
 * same library, request and state both plan the same queue, for a
 * capture (smoothed) and for a pick (replacing). */
static void test_cli_tui_same_plan(void **state)
{
	struct conf *c = conf_new();
	struct moodq *q = library(c);
	double sad[MOOD_NEMOTIONS] = { 0 }, cap[MOOD_NEMOTIONS] = { 0 };
	double now = (double)time(NULL);
	struct mood_ema tui = { 0 }, cli;
	struct mp_error err;

	remove_state();
	sad[MOOD_SAD] = 1;
	cap[MOOD_HAPPY] = 0.6;
	cap[MOOD_NEUTRAL] = 0.4;
	for (int round = 0; round < 3; round++) {
		struct moodq_request rc, rt;
		struct moodq_plan *pc = NULL, *pt = NULL;

		moodq_request_init(&rc, c);
		if (round == 0)
			moodq_request_pick(&rc, MOOD_SOURCE_PICKED, sad,
					   (struct mood_point){ 0, 0 });
		else if (round == 1)
			moodq_request_capture(&rc, cap, 0.6);
		else
			moodq_request_current(&rc);
		rc.seed = 42 + (uint64_t)round;
		rc.now = now + 60 * round;
		rt = rc;
		/* CLI: the state from its file, saved after the run. */
		assert_int_equal(mood_state_ema_load(&cli, rc.now, &err),
				 MP_OK);
		rc.ema = &cli;
		assert_int_equal(moodq_plan(q, &rc, &pc, &err), MP_OK);
		assert_int_equal(mood_state_ema_save(&cli, &err), MP_OK);
		/* TUI: the state in memory. */
		rt.ema = &tui;
		assert_int_equal(moodq_plan(q, &rt, &pt, &err), MP_OK);
		assert_int_equal(pc->n, c->queue.count);
		assert_same_plan(pc, pt);
		assert_float_equal(cli.point.valence, tui.point.valence, 1e-5);
		moodq_plan_free(pc);
		moodq_plan_free(pt);
	}
	moodq_free(q);
	conf_free(c);
}

/* A picked mood is planned as picked: after a sad capture, picking happy
 * plans for the happy point, not a blend. */
static void test_pick_replaces(void **state)
{
	struct conf *c = conf_new();
	struct moodq *q = library(c);
	double sad[MOOD_NEMOTIONS] = { 0 }, happy[MOOD_NEMOTIONS] = { 0 };
	struct mood_point hp = mood_emotion_point(MOOD_HAPPY);
	struct mood_ema ema = { 0 };
	struct moodq_request r;
	struct moodq_plan *p = NULL;
	struct mp_error err;

	sad[MOOD_SAD] = 1;
	happy[MOOD_HAPPY] = 1;
	moodq_request_init(&r, c);
	moodq_request_capture(&r, sad, 0.9);
	r.ema = &ema;
	r.now = 1e9;
	assert_int_equal(moodq_plan(q, &r, &p, &err), MP_OK);
	assert_true(p->mood.valence < -0.5);
	moodq_plan_free(p);
	moodq_request_pick(&r, MOOD_SOURCE_PICKED, happy,
			   (struct mood_point){ 0, 0 });
	r.now += 10;
	assert_int_equal(moodq_plan(q, &r, &p, &err), MP_OK);
	assert_float_equal(p->mood.valence, hp.valence, 1e-9);
	assert_float_equal(p->mood.arousal, hp.arousal, 1e-9);
	assert_true(p->picks[0].target.valence > 0.9);
	assert_float_equal(ema.point.valence, hp.valence, 1e-9);
	moodq_plan_free(p);
	/* A capture after the pick smooths from the picked mood. */
	moodq_request_capture(&r, sad, 0.9);
	r.now += 1;
	assert_int_equal(moodq_plan(q, &r, &p, &err), MP_OK);
	assert_true(p->mood.valence > 0.5);
	moodq_plan_free(p);
	moodq_free(q);
	conf_free(c);
}

/* The songs excluded as recent are exactly the last queue.history URIs of
 * the history file; 0 excludes none, however often plans were queued. */
static void test_recent_from_history(void **state)
{
	struct conf *c = conf_new();
	const char *uris[40];
	char names[40][32];
	struct moodq *q;
	struct moodq_request r;
	struct moodq_plan *p = NULL;
	struct mp_error err;

	remove_state();
	for (int i = 0; i < 40; i++) {
		snprintf(names[i], sizeof(names[i]), "lib/%02d.flac", i);
		uris[i] = names[i];
	}
	for (int run = 0; run < 3; run++)
		assert_int_equal(mood_state_history_append(uris, 40, &err),
				 MP_OK);
	c->queue.history = 0;
	q = library(c);
	assert_int_equal(moodq_report(q)->history, 0);
	moodq_free(q);
	c->queue.history = 20;
	q = library(c);
	assert_int_equal(moodq_report(q)->history, 20);
	moodq_request_init(&r, c);
	moodq_request_current(&r);
	r.count = 28;
	assert_int_equal(moodq_plan(q, &r, &p, &err), MP_OK);
	assert_int_equal(p->n, 28);
	for (size_t i = 0; i < p->n; i++) {
		int k = atoi(p->picks[i].song->uri + 4);

		/* the last 20 lines were songs 20..39 */
		assert_true(k < 20 || k >= 40);
	}
	moodq_plan_free(p);
	moodq_free(q);
	conf_free(c);
}

static void write_state(const char *name, const char *text)
{
	char *path = xdg_path(XDG_STATE, name);
	FILE *f;

	assert_int_equal(xdg_make_parents(path), 0);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(path);
}

/* A state file from the future or with numbers that are not finite is
 * ignored with a reason. */
static void test_state_validation(void **state)
{
	struct mood_ema e;
	struct mp_error err;
	double now = (double)time(NULL);
	char line[128];

	snprintf(line, sizeof(line), "%.0f 0.5 0.25\n", now - 100);
	write_state("mood", line);
	assert_int_equal(mood_state_ema_load(&e, now, &err), MP_OK);
	assert_true(e.set);
	assert_float_equal(e.point.arousal, 0.25, 1e-9);
	snprintf(line, sizeof(line), "%.0f 0.5 0.25\n", now + 86400);
	write_state("mood", line);
	assert_int_equal(mood_state_ema_load(&e, now, &err), MP_EINVAL);
	assert_false(e.set);
	assert_non_null(strstr(err.msg, "future"));
	snprintf(line, sizeof(line), "%.0f nan 0.25\n", now);
	write_state("mood", line);
	assert_int_equal(mood_state_ema_load(&e, now, &err), MP_EINVAL);
	assert_false(e.set);
	assert_non_null(strstr(err.msg, "valence"));
	write_state("mood", "1700000000 0.5 inf\n");
	assert_int_equal(mood_state_ema_load(&e, now, &err), MP_EINVAL);
	write_state("mood", "1700000000 0.5 0.2 junk\n");
	assert_int_equal(mood_state_ema_load(&e, now, &err), MP_EINVAL);
	remove_state();
	assert_int_equal(mood_state_ema_load(&e, now, &err), MP_OK);
	assert_false(e.set);
}

/* Mood records round-trip, bad lines are skipped, the file stays bounded
 * and --since/--limit select the newest. */
static void test_mood_records(void **state)
{
	struct mood_record r = { 0 }, back, *v = NULL;
	double now = (double)time(NULL);
	struct mp_error err;
	char line[512];
	size_t n = 0, bad = 0;
	char *path;
	FILE *f;
	long size;

	remove_state();
	r.time = now - 1000;
	r.source = MOOD_SOURCE_PICKED;
	r.has_probs = true;
	r.probs[MOOD_HAPPY] = 1;
	r.valence = 0.99;
	r.arousal = 0.15;
	r.strategy = CONF_STRATEGY_LIFT;
	r.queued = 16;
	mood_record_format(&r, line, sizeof(line));
	assert_true(mood_record_parse(line, now, &back, &err));
	assert_int_equal(back.source, MOOD_SOURCE_PICKED);
	assert_int_equal(back.queued, 16);
	assert_true(back.has_probs);
	assert_float_equal(back.probs[MOOD_HAPPY], 1, 1e-9);
	assert_false(mood_record_parse(line, now - 2000, &back, &err));
	assert_false(
		mood_record_parse("1700000000.000 camera match 3 0 nan 0.1 "
				  "0 0 0 1 0 0 0",
				  now, &back, &err));
	assert_false(
		mood_record_parse("1700000000.000 camera match 3 0 0.2 0.1 "
				  "0 0 0 1 0 0 -1",
				  now, &back, &err));
	for (int i = 0; i < 5000; i++) {
		r.time = now - 5000 + i;
		r.queued = (unsigned)i;
		assert_int_equal(mood_state_moods_append(&r, &err), MP_OK);
	}
	write_state("moods-extra", "x");
	path = xdg_path(XDG_STATE, "moods");
	f = fopen(path, "a");
	fputs("garbage line\n", f);
	fclose(f);
	f = fopen(path, "r");
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fclose(f);
	free(path);
	assert_true(size <= MOOD_STATE_MOODS_MAX + 512);
	assert_int_equal(mood_state_moods_load(0, 3, now, &v, &n, &bad, &err),
			 MP_OK);
	assert_int_equal(n, 3);
	assert_int_equal(bad, 1);
	assert_int_equal(v[2].queued, 4999);
	free(v);
	assert_int_equal(
		mood_state_moods_load(now - 10, 0, now, &v, &n, &bad, &err),
		MP_OK);
	assert_int_equal(n, 10);
	free(v);
}

/* The cache codec: what it encodes decodes to the same library; a byte
 * changed into a NaN or infinite valence, or a cut file, is refused. */
static void test_cache_codec(void **state)
{
	struct mp_song_list songs;
	struct match_result m[2] = { 0 };
	struct dataset_stats st = { .rows_loaded = 10, .n_reported = 1 };
	struct mood_cache c = { .key = "mpd x\n", .n_files = 1, .tracks = 9 },
			  d;
	struct mp_error err;
	char *bytes, *copy;
	size_t len;
	float bad[] = { NAN, INFINITY, 1.5f, -0.1f };

	st.skipped_line[0] = 7;
	st.skipped_why[0] = "bad row";
	song_list_init(&songs);
	for (int i = 0; i < 2; i++) {
		struct mp_song *s = song_list_push(&songs);

		s->uri = xasprintf("a/%d.flac", i);
		s->title = i ? xstrdup("T") : NULL;
		m[i].kind = MATCH_EXACT;
		m[i].why = "exact";
		for (int k = 0; k < DS_NFEAT; k++)
			m[i].f[k] = 0.25f * (float)i;
		m[i].f[DS_TEMPO] = NAN; /* missing: allowed */
	}
	c.stats = &st;
	c.songs = songs;
	c.match = m;
	assert_int_equal(mood_cache_encode(&c, &bytes, &len, &err), MP_OK);
	copy = xmalloc(len);
	memcpy(copy, bytes, len);
	assert_int_equal(mood_cache_decode(copy, len, &d, &err), MP_OK);
	assert_string_equal(d.key, "mpd x\n");
	assert_int_equal(d.songs.n, 2);
	assert_null(d.songs.items[0].title);
	assert_string_equal(d.songs.items[1].uri, "a/1.flac");
	assert_float_equal(d.match[1].f[DS_VALENCE], 0.25, 1e-9);
	assert_int_equal(d.stats[0].skipped_line[0], 7);
	mood_cache_clear(&d);
	for (size_t b = 0; b < sizeof(bad) / sizeof(*bad); b++) {
		/* The second song's valence is the last feature block's
		 * first float. */
		size_t off = len - sizeof(m[1].f) + DS_VALENCE * sizeof(float);

		copy = xmalloc(len);
		memcpy(copy, bytes, len);
		memcpy(copy + off, &bad[b], sizeof(float));
		assert_int_equal(mood_cache_decode(copy, len, &d, &err),
				 MP_EINVAL);
		assert_non_null(strstr(err.msg, "features"));
	}
	copy = xmalloc(len);
	memcpy(copy, bytes, len - 1);
	assert_int_equal(mood_cache_decode(copy, len - 1, &d, &err), MP_EINVAL);
	free(bytes);
	song_list_clear(&songs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cli_tui_same_plan),
		cmocka_unit_test(test_pick_replaces),
		cmocka_unit_test(test_recent_from_history),
		cmocka_unit_test(test_state_validation),
		cmocka_unit_test(test_mood_records),
		cmocka_unit_test(test_cache_codec),
	};
	int rc;

	if (mkdtemp(state_dir) == NULL)
		return 1;
	setenv("XDG_STATE_HOME", state_dir, 1);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	remove_state();
	{
		char *p = xdg_path(XDG_STATE, "moods-extra");

		unlink(p);
		free(p);
		p = xasprintf("%s/moodplay", state_dir);
		rmdir(p);
		free(p);
		rmdir(state_dir);
	}
	return rc;
}
