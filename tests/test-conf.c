/* moodplay - tests for the configuration loader (src/conf.c). */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "conf/conf.h"

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif

#define FIXTURE(f) TOP_SRCDIR "/tests/data/conf/" f

/* ------------------------------------------------------------ helpers */

#define MAX_WARNINGS 16

struct warnings {
	int n;
	char msg[MAX_WARNINGS][MP_ERROR_MAX + 64];
};

static void collect_warning(void *ud, const char *msg)
{
	struct warnings *w = ud;

	if (w->n < MAX_WARNINGS)
		snprintf(w->msg[w->n], sizeof(w->msg[0]), "%s", msg);
	w->n++;
}

static enum mp_status load(struct conf *c, const char *yaml, struct warnings *w,
			   struct mp_error *err)
{
	return conf_load_buffer(c, "t.yaml", yaml, strlen(yaml),
				w != NULL ? collect_warning : NULL, w, err);
}

/* Whole file into a malloc'd NUL-terminated buffer. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	if (len != NULL)
		*len = (size_t)n;
	return buf;
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void assert_same_dump(const struct conf *a, const struct conf *b)
{
	char *da = conf_dump(a), *db = conf_dump(b);

	assert_string_equal(da, db);
	free(da);
	free(db);
}

/* ------------------------------------------------------------ defaults */

static void test_defaults(void **state)
{
	struct conf *c = conf_new();

	(void)state;
	assert_string_equal(c->mpd.host, "");
	assert_int_equal(c->mpd.port, 0);
	assert_string_equal(c->mpd.password, "");
	assert_true(c->mpd.timeout == 5.0);
	assert_int_equal(c->mpd.reconnect_max, 30);

	assert_int_equal(c->capture.source, CONF_CAPTURE_AUTO);
	assert_int_equal(c->capture.command.n, 0);
	assert_null(c->capture.command.v);
	assert_string_equal(c->capture.device, "/dev/video0");
	assert_true(c->capture.timeout == 5.0);
	assert_int_equal(c->capture.max_bytes, 16777216);
	assert_int_equal(c->capture.frames, 3);
	assert_int_equal(c->capture.max_dimension, 8192);
	assert_string_equal(c->capture.save_dir, "");

	assert_string_equal(c->face.cascade,
			    "/usr/share/opencv4/haarcascades/"
			    "haarcascade_frontalface_default.xml");
	assert_true(c->face.scale_factor == 1.1);
	assert_int_equal(c->face.min_neighbors, 5);
	assert_int_equal(c->face.min_size, 40);
	assert_true(c->face.margin == 0.0);

	assert_string_equal(c->model.path, "");
	assert_int_equal(c->model.isa, CONF_ISA_AUTO);
	assert_true(c->model.flip);

	assert_int_equal(c->dataset.files.n, 0);
	assert_true(c->dataset.genre_fallback);
	assert_true(c->dataset.duration_tolerance == 3.0);
	assert_true(c->dataset.cache);

	assert_int_equal(c->mood.model, CONF_MOOD_CIRCUMPLEX);
	assert_int_equal(c->mood.strategy, CONF_STRATEGY_MATCH);
	assert_true(c->mood.half_life == 600.0);
	assert_false(c->mood.confirm);
	assert_true(c->mood.auto_interval == 0.0);
	assert_true(c->mood.auto_distance == 0.25);
	assert_true(c->mood.weights.valence == 1.0);
	assert_true(c->mood.weights.energy == 1.0);
	assert_true(c->mood.weights.tempo == 0.2);
	assert_true(c->mood.weights.loudness == 0.1);

	assert_int_equal(c->queue.count, 20);
	assert_int_equal(c->queue.mode, CONF_QUEUE_REPLACE_UPCOMING);
	assert_true(c->queue.temperature == 0.2);
	assert_int_equal(c->queue.artist_gap, 3);
	assert_int_equal(c->queue.history, 50);
	assert_true(c->queue.play);

	assert_true(c->keys.defaults);
	assert_int_equal(c->keys.n_bindings, 0);
	assert_int_equal(c->keys.n_commands, 0);

	assert_int_equal(c->colors[CONF_EL_HEADER].fg, 7);
	assert_int_equal(c->colors[CONF_EL_HEADER].bg, 4);
	assert_int_equal(c->colors[CONF_EL_HEADER].attrs, CONF_ATTR_BOLD);
	assert_int_equal(c->colors[CONF_EL_LIST].fg, CONF_COLOR_DEFAULT);
	assert_int_equal(c->colors[CONF_EL_LIST].bg, CONF_COLOR_DEFAULT);
	conf_free(c);
}

static void test_names(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < CONF_ACTION_COUNT; i++) {
		assert_non_null(conf_action_name((enum conf_action)i));
		assert_non_null(conf_action_doc((enum conf_action)i));
		assert_int_equal(conf_action_from_name(
					 conf_action_name((enum conf_action)i)),
				 i);
	}
	assert_string_equal(conf_action_name(CONF_ACTION_PLAY_PAUSE),
			    "play-pause");
	assert_null(conf_action_name(CONF_ACTION_COUNT));
	assert_int_equal(conf_action_from_name("dance"), CONF_ACTION_COUNT);
	assert_string_equal(conf_element_name(CONF_EL_MOOD_BAR), "mood-bar");
	assert_null(conf_element_name(CONF_EL_COUNT));
	assert_string_equal(conf_capture_source_names[CONF_CAPTURE_URL], "url");
	assert_string_equal(conf_isa_names[CONF_ISA_AVX512VNNI], "avx512vnni");
	assert_string_equal(conf_queue_mode_names[CONF_QUEUE_APPEND], "append");
	assert_string_equal(conf_mood_strategy_names[CONF_STRATEGY_CALM],
			    "calm");
	assert_string_equal(conf_mood_model_names[CONF_MOOD_SEGMENTS],
			    "segments");
}

/* ------------------------------------------------------------ the sample */

static void test_sample_is_defaults(void **state)
{
	struct conf *def = conf_new(), *c = conf_new();
	struct warnings w = { 0 };
	struct mp_error err = { 0 };

	(void)state;
	c->mpd.port = 1; /* must be overwritten by the file */
	assert_int_equal(conf_load_file(c, TOP_SRCDIR "/conf/moodplay.yaml",
					collect_warning, &w, &err),
			 MP_OK);
	assert_int_equal(w.n, 0);
	assert_same_dump(c, def);
	conf_free(c);
	conf_free(def);
}

/* Is the key path a.b.c written in the sample, nested as in the schema? */
static bool sample_has(const char *text, const char *path)
{
	char comp[64], want[80];
	const char *line = text, *dot;
	size_t depth = 0, indent;

	while (*path != '\0') {
		dot = strchr(path, '.');
		snprintf(comp, sizeof(comp), "%.*s",
			 (int)(dot ? (size_t)(dot - path) : strlen(path)),
			 path);
		snprintf(want, sizeof(want), "%s:", comp);
		for (;;) {
			if (*line == '\0')
				return false;
			indent = strspn(line, " ");
			if (line[indent] != '#' && line[indent] != '\n' &&
			    indent < 2 * depth)
				return false; /* left the enclosing section */
			if (indent == 2 * depth &&
			    strncmp(line + indent, want, strlen(want)) == 0)
				break;
			line = strchr(line, '\n');
			if (line == NULL)
				return false;
			line++;
		}
		line = strchr(line, '\n');
		if (line == NULL)
			line = "";
		else
			line++;
		depth++;
		path = dot ? dot + 1 : "";
	}
	return true;
}

/* Does the man page describe path under ".SS SECTION" as ".BR key ..."? */
static bool man_has(const char *man, const char *path)
{
	char section[80], heading[96], key[64];
	const char *dot = strrchr(path, '.'), *p, *end;

	snprintf(section, sizeof(section), "%.*s", (int)(dot - path), path);
	snprintf(heading, sizeof(heading), "\n.SS %s\n", section);
	snprintf(key, sizeof(key), "\n.BR %s ", dot + 1);
	p = strstr(man, heading);
	if (p == NULL)
		return false;
	p += strlen(heading);
	end = strstr(p, "\n.SS ");
	if (end == NULL)
		end = strstr(p, "\n.SH ");
	p = strstr(p, key);
	return p != NULL && (end == NULL || p < end);
}

struct doc_check {
	char *sample, *man;
	int keys;
};

static void check_documented(void *ud, const char *path, const char *type,
			     const char *def, const char *doc)
{
	struct doc_check *d = ud;

	assert_non_null(type);
	assert_non_null(def);
	assert_true(doc != NULL && *doc != '\0');
	d->keys++;
	if (strcmp(path, "keys.ACTION") == 0)
		return;
	if (!sample_has(d->sample, path))
		fail_msg("conf/moodplay.yaml lacks %s", path);
	if (!man_has(d->man, path))
		fail_msg("man/moodplay.conf.5 lacks %s", path);
}

/* An action's entry in the manuals: "\n.BR name \" (k1, k2)\"", keys in
 * roff (the key '-' as \-, '`' as \`, '~' as \(ti). */
static void action_entry(enum conf_action a, char *out, size_t outsz)
{
	static const struct {
		char c;
		const char *roff;
	} esc[] = { { '`', "\\`" }, { '~', "\\(ti" }, { '\\', "\\e" } };
	const struct conf_binding *b;
	size_t n, o, k = 0;

	o = (size_t)snprintf(out, outsz, "\n.BR %s \" (", conf_action_name(a));
	b = conf_default_bindings(&n);
	for (size_t i = 0; i < n && o + 8 < outsz; i++) {
		if (b[i].action != a)
			continue;
		if (k++ > 0)
			o += (size_t)snprintf(out + o, outsz - o, ", ");
		/* A minus alone is \-, hyphens in <C-x> stay. */
		if (strcmp(b[i].key, "-") == 0) {
			o += (size_t)snprintf(out + o, outsz - o, "\\-");
			continue;
		}
		for (const char *p = b[i].key; *p != '\0' && o + 8 < outsz;
		     p++) {
			const char *r = NULL;

			for (size_t e = 0; e < sizeof(esc) / sizeof(esc[0]);
			     e++)
				if (esc[e].c == *p)
					r = esc[e].roff;
			o += (size_t)snprintf(out + o, outsz - o, "%s",
					      r != NULL ? r
							: (char[]){ *p, 0 });
		}
	}
	snprintf(out + o, outsz - o, ")\"");
}

/* The schema table is the reference: every key, action and colour name
 * must appear in the sample file and the manuals. */
static void test_every_key_documented(void **state)
{
	struct doc_check d = { 0 };
	char pat[160], *man1;
	int i;

	(void)state;
	d.sample = slurp(TOP_SRCDIR "/conf/moodplay.yaml", NULL);
	d.man = slurp(TOP_SRCDIR "/man/moodplay.conf.5", NULL);
	man1 = slurp(TOP_SRCDIR "/man/moodplay.1", NULL);
	conf_schema_foreach(check_documented, &d);
	assert_true(d.keys > 50);
	for (i = 0; i < CONF_ACTION_COUNT; i++) {
		/* Both manuals list every action with its default keys, as
		 * the table has them. */
		action_entry((enum conf_action)i, pat, sizeof(pat));
		if (strstr(d.man, pat) == NULL)
			fail_msg("moodplay.conf(5) lacks '%s'", pat + 1);
		if (strstr(man1, pat) == NULL)
			fail_msg("moodplay(1) lacks '%s'", pat + 1);
		snprintf(pat, sizeof(pat),
			 "#   %s: ", conf_action_name((enum conf_action)i));
		if (strstr(d.sample, pat) == NULL)
			fail_msg("sample lacks action %s",
				 conf_action_name((enum conf_action)i));
	}
	free(d.sample);
	free(d.man);
	free(man1);
}

/* Undo the groff escapes used in the manual's examples. */
static void unescape_roff(char *s)
{
	static const struct {
		const char *esc, *text;
	} escapes[] = {
		{ "\\-", "-" },
		{ "\\(aq", "'" },
		{ "\\(dq", "\"" },
		{ "\\e", "\\" },
	};
	char *r = s, *w = s;
	size_t i, n;

	while (*r != '\0') {
		for (i = 0; i < sizeof(escapes) / sizeof(escapes[0]); i++) {
			n = strlen(escapes[i].esc);
			if (strncmp(r, escapes[i].esc, n) == 0)
				break;
		}
		if (i < sizeof(escapes) / sizeof(escapes[0])) {
			*w++ = *escapes[i].text;
			r += n;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

/* Every .EX/.EE example in moodplay.conf(5) loads without a warning. */
static void test_man_examples(void **state)
{
	char *man = slurp(TOP_SRCDIR "/man/moodplay.conf.5", NULL), *p, *end;
	struct conf *c = conf_new();
	struct warnings w = { 0 };
	struct mp_error err = { 0 };
	int n = 0;

	(void)state;
	for (p = man; (p = strstr(p, "\n.EX\n")) != NULL; p = end + 4) {
		p += 5;
		end = strstr(p, "\n.EE\n");
		assert_non_null(end);
		end[1] = '\0';
		unescape_roff(p);
		if (load(c, p, &w, &err) != MP_OK)
			fail_msg("example %d: %s\n%s", n, err.msg, p);
		if (w.n > 0)
			fail_msg("example %d: %s", n, w.msg[0]);
		n++;
	}
	assert_true(n >= 5);
	free(man);
	conf_free(c);
}

/* The built-in bindings are valid key names, bound once each. */
static void test_default_bindings_valid(void **state)
{
	const struct conf_binding *b;
	struct conf *c = conf_new();
	struct mp_error err = { 0 };
	char yaml[8192];
	size_t n, i, len;

	(void)state;
	b = conf_default_bindings(&n);
	assert_true(n >= CONF_ACTION_COUNT);
	len = (size_t)snprintf(yaml, sizeof(yaml),
			       "keys:\n  defaults: false\n");
	for (i = 0; i < n; i++) {
		/* one mapping entry per action: group consecutive rows */
		if (i == 0 || b[i].action != b[i - 1].action)
			len += (size_t)snprintf(yaml + len, sizeof(yaml) - len,
						"%s  %s: [",
						i == 0 ? "" : "]\n",
						conf_action_name(b[i].action));
		else
			len += (size_t)snprintf(yaml + len, sizeof(yaml) - len,
						", ");
		len += (size_t)snprintf(yaml + len, sizeof(yaml) - len,
					"\"%s\"", b[i].key);
	}
	snprintf(yaml + len, sizeof(yaml) - len, "]\n");
	if (load(c, yaml, NULL, &err) != MP_OK)
		fail_msg("%s", err.msg);
	assert_int_equal(c->keys.n_bindings, n);
	for (i = 0; i < n; i++) {
		assert_int_equal(c->keys.bindings[i].action, b[i].action);
		assert_string_equal(c->keys.bindings[i].key, b[i].key);
	}
	for (i = 0; i < CONF_ACTION_COUNT; i++) {
		size_t j;

		for (j = 0; j < n && b[j].action != (enum conf_action)i; j++)
			;
		if (j == n)
			fail_msg("no default key for %s",
				 conf_action_name((enum conf_action)i));
	}
	conf_free(c);
}

/* ------------------------------------------------------------ valid input */

static void test_empty_inputs(void **state)
{
	static const char *const inputs[] = {
		"",
		"\n",
		"# only\n  # comments\n",
		"---\n",
		"--- ~\n",
		"mpd:\nqueue: ~\n",
		"mpd: {}\nkeys: null\n",
	};
	struct conf *def = conf_new(), *c = conf_new();
	struct warnings w = { 0 };
	struct mp_error err = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		if (load(c, inputs[i], &w, &err) != MP_OK)
			fail_msg("'%s': %s", inputs[i], err.msg);
		assert_same_dump(c, def);
	}
	assert_int_equal(conf_load_buffer(c, "t", NULL, 0, NULL, NULL, &err),
			 MP_OK);
	assert_int_equal(w.n, 0);
	conf_free(c);
	conf_free(def);
}

static void test_full_file(void **state)
{
	struct conf *c = conf_new();
	struct warnings w = { 0 };
	struct mp_error err = { 0 };
	const struct conf_color *col;

	(void)state;
	setenv("HOME", "/home/tester", 1);
	if (conf_load_file(c, FIXTURE("full.yaml"), collect_warning, &w,
			   &err) != MP_OK)
		fail_msg("%s", err.msg);
	assert_int_equal(w.n, 0);
	assert_string_equal(c->mpd.host, "/run/mpd/socket");
	assert_int_equal(c->mpd.port, 6601);
	assert_string_equal(c->mpd.password, "s3cret:#1");
	assert_true(c->mpd.timeout == 2.5);
	assert_int_equal(c->mpd.reconnect_max, 120);

	assert_int_equal(c->capture.source, CONF_CAPTURE_COMMAND);
	assert_int_equal(c->capture.command.n, 14);
	assert_string_equal(c->capture.command.v[0], "ffmpeg");
	assert_string_equal(c->capture.command.v[8], "1");
	assert_string_equal(c->capture.command.v[13], "-");
	assert_null(c->capture.command.v[14]);
	assert_string_equal(c->capture.url, "https://cam.local/snapshot.jpg");
	assert_string_equal(c->capture.url_user, "admin");
	assert_string_equal(c->capture.file, "/home/tester/Pictures/faces");
	assert_string_equal(c->capture.device, "/dev/video2");
	assert_true(c->capture.timeout == 10.0);
	assert_int_equal(c->capture.max_bytes, 1048576);
	assert_int_equal(c->capture.frames, 5);
	assert_int_equal(c->capture.max_dimension, 4096);
	assert_string_equal(c->capture.save_dir, "/tmp/moodplay-snaps");

	assert_string_equal(c->face.cascade, "/opt/cascade.xml");
	assert_true(c->face.scale_factor == 1.25);
	assert_int_equal(c->face.min_neighbors, 3);
	assert_int_equal(c->face.min_size, 64);
	assert_true(c->face.margin == 0.15);

	assert_string_equal(c->model.path, "/opt/fer.mpnn");
	assert_int_equal(c->model.isa, CONF_ISA_SCALAR);
	assert_false(c->model.flip);

	assert_int_equal(c->dataset.files.n, 2);
	assert_string_equal(c->dataset.files.v[1], "/data/more tracks.csv");
	assert_false(c->dataset.genre_fallback);
	assert_true(c->dataset.duration_tolerance == 1.5);
	assert_false(c->dataset.cache);

	assert_int_equal(c->mood.model, CONF_MOOD_SEGMENTS);
	assert_int_equal(c->mood.strategy, CONF_STRATEGY_LIFT);
	assert_true(c->mood.half_life == 120.0);
	assert_true(c->mood.confirm);
	assert_true(c->mood.auto_interval == 15.0);
	assert_true(c->mood.auto_distance == 0.4);
	assert_true(c->mood.weights.valence == 2.0);
	assert_true(c->mood.weights.energy == 0.5);
	assert_true(c->mood.weights.tempo == 0.0);
	assert_true(c->mood.weights.loudness == 0.3);

	assert_int_equal(c->queue.count, 50);
	assert_int_equal(c->queue.mode, CONF_QUEUE_APPEND);
	assert_true(c->queue.temperature == 0.0);
	assert_int_equal(c->queue.artist_gap, 5);
	assert_int_equal(c->queue.history, 200);
	assert_false(c->queue.play);

	/* bindings in file order, key names canonical */
	assert_false(c->keys.defaults);
	assert_int_equal(c->keys.n_bindings, 6);
	assert_int_equal(c->keys.bindings[0].action, CONF_ACTION_QUIT);
	assert_string_equal(c->keys.bindings[0].key, "q");
	assert_string_equal(c->keys.bindings[1].key, "<Esc>");
	assert_int_equal(c->keys.bindings[2].action, CONF_ACTION_DOWN);
	assert_string_equal(c->keys.bindings[2].key, "<Down>");
	assert_int_equal(c->keys.bindings[3].action, CONF_ACTION_UP);
	assert_string_equal(c->keys.bindings[3].key, "<C-p>");
	assert_string_equal(c->keys.bindings[4].key, "<F12>");
	assert_int_equal(c->keys.bindings[5].action, CONF_ACTION_MOOD_CAPTURE);
	assert_string_equal(c->keys.bindings[5].key, "<Space>");
	assert_int_equal(c->keys.n_commands, 2);
	assert_string_equal(c->keys.commands[0].key, "<C-o>");
	assert_int_equal(c->keys.commands[0].run.n, 2);
	assert_string_equal(c->keys.commands[0].run.v[1], "%file");
	assert_string_equal(c->keys.commands[1].key, "!");
	assert_string_equal(c->keys.commands[1].run.v[1], "now playing");

	col = &c->colors[CONF_EL_HEADER];
	assert_int_equal(col->fg, CONF_COLOR_RGB(0xff, 0x80, 0x00));
	assert_true(CONF_COLOR_IS_RGB(col->fg));
	assert_int_equal(col->bg, 17);
	assert_int_equal(col->attrs, CONF_ATTR_BOLD | CONF_ATTR_UNDERLINE);
	col = &c->colors[CONF_EL_ERROR];
	assert_int_equal(col->fg, 1);
	assert_int_equal(col->bg, 7);
	assert_int_equal(col->attrs, CONF_ATTR_REVERSE);
	assert_int_equal(c->colors[CONF_EL_MOOD_PLOT].fg, 200);
	/* untouched elements keep their defaults */
	assert_int_equal(c->colors[CONF_EL_ALBUM].fg, 2);
	conf_free(c);
}

/* Loading a dump gives the same record back, so the dump is a complete
 * and canonical picture of it. */
static void check_round_trip(const char *yaml)
{
	struct conf *a = conf_new(), *b = conf_new();
	struct warnings w = { 0 };
	struct mp_error err = { 0 };
	char *da, *db;

	if (load(a, yaml, NULL, &err) != MP_OK)
		fail_msg("%s", err.msg);
	da = conf_dump(a);
	if (conf_load_buffer(b, "dump", da, strlen(da), collect_warning, &w,
			     &err) != MP_OK)
		fail_msg("%s\n%s", err.msg, da);
	assert_int_equal(w.n, 0);
	db = conf_dump(b);
	assert_string_equal(da, db);
	free(da);
	free(db);
	conf_free(a);
	conf_free(b);
}

static void test_dump(void **state)
{
	struct conf *c = conf_new();
	struct mp_error err = { 0 };
	char *full, *d;

	(void)state;
	assert_int_equal(
		conf_load_file(c, FIXTURE("full.yaml"), NULL, NULL, &err),
		MP_OK);
	d = conf_dump(c);
	assert_non_null(strstr(d, "mpd:\n  host: \"/run/mpd/socket\"\n"));
	assert_non_null(strstr(d, "\n  password: \"s3cret:#1\"\n"));
	assert_non_null(strstr(d, "\n  timeout: 2.5\n"));
	assert_non_null(strstr(d, "\n  weights:\n    valence: 2\n"));
	assert_non_null(strstr(d, "\n  quit: [\"q\", \"<Esc>\"]\n"));
	assert_non_null(strstr(d, "\n  commands:\n    - key: \"<C-o>\"\n"
				  "      run: [\"xdg-open\", \"%file\"]\n"));
	assert_non_null(strstr(d, "\n  header: \"#ff8000 on color17 bold "
				  "underline\"\n"));
	assert_non_null(strstr(d, "\n  margin: 0.15\n"));
	free(d);
	conf_free(c);

	full = slurp(FIXTURE("full.yaml"), NULL);
	check_round_trip(full);
	free(full);
	check_round_trip("");
	check_round_trip("mpd:\n  host: \"\\t\\x01\\\"\\\\ \\u00e9\\u2603\"\n"
			 "mood: {half_life: 1e-7, auto_interval: 1439.999}\n"
			 "face: {margin: 0.1234567890123}\n"
			 "dataset: {files: ['', ' a ', '#x', '- y', '[z]']}\n"
			 "keys: {quit: '\"', up: \"'\", down: \\, top: '#'}\n");
}

static void test_lenient_forms(void **state)
{
	struct conf *c = conf_new();
	struct mp_error err = { 0 };

	(void)state;
	/* quoted numbers and YAML 1.1 booleans are taken by content; a number
	 * where a string is expected is that string */
	assert_int_equal(load(c,
			      "mpd: {port: \"6600\", timeout: '1e1', "
			      "password: 1234}\n"
			      "model: {flip: Off, isa: AVX2}\n"
			      "queue: {play: YES, count: +7}\n",
			      NULL, &err),
			 MP_OK);
	assert_int_equal(c->mpd.port, 6600);
	assert_true(c->mpd.timeout == 10.0);
	assert_string_equal(c->mpd.password, "1234");
	assert_false(c->model.flip);
	assert_int_equal(c->model.isa, CONF_ISA_AVX2);
	assert_true(c->queue.play);
	assert_int_equal(c->queue.count, 7);
	/* empty values: a string becomes "", a list becomes empty */
	assert_int_equal(load(c,
			      "mpd:\n  host:\ncapture:\n  command: ~\n"
			      "  device: ''\n",
			      NULL, &err),
			 MP_OK);
	assert_string_equal(c->mpd.host, "");
	assert_int_equal(c->capture.command.n, 0);
	assert_string_equal(c->capture.device, "");
	conf_free(c);
}

/* "~/" means $HOME in file names, and only there. */
static void test_home_expansion(void **state)
{
	static const char yaml[] =
		"capture:\n  command: [\"~/bin/snap\"]\n  save_dir: ~/snaps\n"
		"  url_user: ~/x\n  file: ~other/x\n"
		"dataset:\n  files: [~/a.csv, /b.csv, \"~\"]\n";
	struct conf *c = conf_new();
	struct mp_error err = { 0 };

	(void)state;
	setenv("HOME", "/home/t", 1);
	assert_int_equal(load(c, yaml, NULL, &err), MP_OK);
	assert_string_equal(c->capture.command.v[0], "~/bin/snap");
	assert_string_equal(c->capture.save_dir, "/home/t/snaps");
	assert_string_equal(c->capture.url_user, "~/x");
	assert_string_equal(c->capture.file, "~other/x");
	assert_string_equal(c->dataset.files.v[0], "/home/t/a.csv");
	assert_string_equal(c->dataset.files.v[1], "/b.csv");
	assert_string_equal(c->dataset.files.v[2], "~");
	unsetenv("HOME");
	assert_int_equal(load(c, yaml, NULL, &err), MP_OK);
	assert_string_equal(c->capture.save_dir, "~/snaps");
	conf_free(c);
}

/* LC_NUMERIC with a decimal comma must not change how numbers read. */
static void test_locale_independent(void **state)
{
	static const char *const locales[] = { "de_DE.UTF-8", "de_DE.utf8",
					       "fr_FR.UTF-8", "fr_FR.utf8" };
	struct conf *c = conf_new();
	struct mp_error err = { 0 };
	const char *set = NULL;
	char *d;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(locales) / sizeof(locales[0]) && set == NULL;
	     i++)
		set = setlocale(LC_NUMERIC, locales[i]);
	if (set == NULL) {
		/* cmocka's skip() reads as a failure under automake's TAP
		 * driver; LOCPATH can point at a localedef output instead. */
		print_message(
			"no decimal-comma locale installed; not tested\n");
		conf_free(c);
		return;
	}
	assert_int_equal(load(c, "face: {scale_factor: 1.5}\n", NULL, &err),
			 MP_OK);
	assert_true(c->face.scale_factor == 1.5);
	d = conf_dump(c);
	assert_non_null(strstr(d, "\n  scale_factor: 1.5\n"));
	free(d);
	setlocale(LC_NUMERIC, "C");
	conf_free(c);
}

/* ------------------------------------------------------------ errors */

struct bad_case {
	const char *yaml;
	const char *msg;
};

static const struct bad_case bad_cases[] = {
	/* wrong type / range / enum / bool */
	{ "mpd:\n  port: localhost\n",
	  "t.yaml:2:9: mpd.port: expected an integer, got 'localhost'" },
	{ "mpd:\n  port: 70000\n",
	  "t.yaml:2:9: mpd.port: 70000 is out of range (0 to 65535)" },
	{ "mpd:\n  port: -1\n",
	  "t.yaml:2:9: mpd.port: -1 is out of range (0 to 65535)" },
	{ "mpd:\n  port: 99999999999999999999999\n",
	  "t.yaml:2:9: mpd.port: 99999999999999999999999 is out of range "
	  "(0 to 65535)" },
	{ "mpd:\n  port: 1.5\n",
	  "t.yaml:2:9: mpd.port: expected an integer, got '1.5'" },
	{ "mpd:\n  port: 0x10\n",
	  "t.yaml:2:9: mpd.port: expected an integer, got '0x10'" },
	{ "mpd:\n  timeout: 0\n",
	  "t.yaml:2:12: mpd.timeout: 0 is out of range (greater than 0 and "
	  "at most 600)" },
	{ "mpd:\n  reconnect_max: 0\n",
	  "t.yaml:2:18: mpd.reconnect_max: 0 is out of range (1 to 3600)" },
	{ "queue: {count: 1001}\n",
	  "t.yaml:1:16: queue.count: 1001 is out of range (1 to 1000)" },
	{ "face:\n  scale_factor: abc\n",
	  "t.yaml:2:17: face.scale_factor: expected a number, got 'abc'" },
	{ "face:\n  scale_factor: 1.0\n",
	  "t.yaml:2:17: face.scale_factor: 1.0 is out of range (greater than 1 "
	  "and at most 2)" },
	{ "face:\n  scale_factor: nan\n",
	  "t.yaml:2:17: face.scale_factor: expected a number, got 'nan'" },
	{ "face:\n  margin: 1e999\n",
	  "t.yaml:2:11: face.margin: 1e999 is out of range (0 to 1)" },
	{ "capture:\n  source: webcam\n",
	  "t.yaml:2:11: capture.source: expected auto, command, url or file, "
	  "got 'webcam'" },
	{ "queue:\n  mode: [append]\n",
	  "t.yaml:2:9: queue.mode: expected replace-upcoming, replace or "
	  "append, got a list" },
	{ "model:\n  flip: maybe\n",
	  "t.yaml:2:9: model.flip: expected true or false, got 'maybe'" },
	{ "model:\n  flip: \"\"\n",
	  "t.yaml:2:9: model.flip: expected true or false, got ''" },
	{ "model:\n  flip:\n",
	  "t.yaml:2:8: model.flip: expected true or false, got nothing" },
	{ "capture:\n  url: ftp://cam/x.jpg\n",
	  "t.yaml:2:8: capture.url: expected an http:// or https:// URL, got "
	  "'ftp://cam/x.jpg'" },
	/* key names and bindings */
	{ "keys:\n  quit: <Foo>\n",
	  "t.yaml:2:9: keys.quit: invalid key name '<Foo>'" },
	{ "keys:\n  quit: [q, xx]\n",
	  "t.yaml:2:13: keys.quit: invalid key name 'xx'" },
	{ "keys:\n  quit: <F13>\n",
	  "t.yaml:2:9: keys.quit: invalid key name '<F13>'" },
	{ "keys:\n  quit: <C-1>\n",
	  "t.yaml:2:9: keys.quit: invalid key name '<C-1>'" },
	{ "keys:\n  quit: \" \"\n",
	  "t.yaml:2:9: keys.quit: invalid key name ' '" },
	{ "keys:\n  quit: \"\xc3\xa9\"\n",
	  "t.yaml:2:9: keys.quit: invalid key name '\xc3\xa9'" },
	{ "keys:\n  quit: q\n  stop: q\n",
	  "t.yaml:3:9: keys.stop: key 'q' is already bound to 'quit'" },
	{ "keys:\n  up: [k, <up>, K, <Up>]\n",
	  "t.yaml:2:20: keys.up: key '<Up>' is already bound to 'up'" },
	{ "keys:\n  quit: {q: 1}\n",
	  "t.yaml:2:9: keys.quit: expected a key name or a list of key names, "
	  "got a mapping" },
	{ "keys:\n  quit: [[q]]\n",
	  "t.yaml:2:10: keys.quit: expected a key name, got a list" },
	{ "keys:\n  defaults: 3\n",
	  "t.yaml:2:13: keys.defaults: expected true or false, got '3'" },
	{ "keys:\n  commands: run\n", "t.yaml:2:13: keys.commands: expected a "
				      "list of commands, got 'run'" },
	{ "keys:\n  commands: [x]\n",
	  "t.yaml:2:14: keys.commands[0]: expected a mapping with 'key' and "
	  "'run', got 'x'" },
	{ "keys:\n  commands:\n    - {key: x}\n",
	  "t.yaml:3:7: keys.commands[0]: needs 'key' and a non-empty 'run'" },
	{ "keys:\n  commands:\n    - {key: x, run: [a]}\n    - {key: <Foo>}\n",
	  "t.yaml:4:13: keys.commands[1].key: invalid key name '<Foo>'" },
	{ "keys:\n  quit: x\n  commands:\n    - {key: x, run: [echo]}\n",
	  "t.yaml:4:7: keys.commands[0]: key 'x' is already bound to 'quit'" },
	{ "keys:\n  commands:\n    - {key: x, run: [echo]}\n  quit: x\n",
	  "t.yaml:4:9: keys.quit: key 'x' is already bound to a command" },
	/* colours */
	{ "colors:\n  header: purple\n",
	  "t.yaml:2:11: colors.header: unknown colour 'purple'" },
	{ "colors:\n  header: red on\n",
	  "t.yaml:2:11: colors.header: missing colour after 'on'" },
	{ "colors:\n  header: red on mauve\n",
	  "t.yaml:2:11: colors.header: unknown colour 'mauve'" },
	{ "colors:\n  header: red blinking\n",
	  "t.yaml:2:11: colors.header: unknown attribute 'blinking'" },
	{ "colors:\n  header: color256\n",
	  "t.yaml:2:11: colors.header: unknown colour 'color256'" },
	{ "colors:\n  mood-bar: \"#12345g\"\n",
	  "t.yaml:2:13: colors.mood-bar: unknown colour '#12345g'" },
	{ "colors:\n  error: \" \"\n",
	  "t.yaml:2:10: colors.error: expected a colour, got ' '" },
	/* structure */
	{ "mpd: 5\n", "t.yaml:1:6: mpd: expected a mapping, got '5'" },
	{ "mood: [1]\n", "t.yaml:1:7: mood: expected a mapping, got a list" },
	{ "mpd:\n  host: [a]\n",
	  "t.yaml:2:9: mpd.host: expected a string, got a list" },
	{ "mpd:\n  host: {a: b}\n",
	  "t.yaml:2:9: mpd.host: expected a string, got a mapping" },
	{ "mood:\n  weights: 3\n",
	  "t.yaml:2:12: mood.weights: expected a mapping, got '3'" },
	{ "mood:\n  weights:\n    tempo: fast\n",
	  "t.yaml:3:12: mood.weights.tempo: expected a number, got 'fast'" },
	{ "mood:\n  weights:\n    tempo: 1\n    tempo: 2\n",
	  "t.yaml:4:5: duplicate key 'tempo' in section 'mood.weights'" },
	{ "dataset:\n  files: a.csv\n",
	  "t.yaml:2:10: dataset.files: expected a list, got 'a.csv'" },
	{ "dataset:\n  files: [[a]]\n",
	  "t.yaml:2:11: dataset.files: expected a string, got a list" },
	{ "mpd:\n  port: 1\n  port: 2\n",
	  "t.yaml:3:3: duplicate key 'port' in section 'mpd'" },
	{ "mpd:\n  port: 1\n  'port': 2\n",
	  "t.yaml:3:3: duplicate key 'port' in section 'mpd'" },
	{ "mpd: {}\nmpd: {}\n", "t.yaml:2:1: duplicate section 'mpd'" },
	{ "mpd:\n  bogus: 1\n  bogus: 2\n",
	  "t.yaml:3:3: duplicate key 'bogus' in section 'mpd'" },
	{ "? [a]\n: b\n", "t.yaml:1:3: mapping keys must be strings" },
	{ "- a\n", "t.yaml:1:1: the top level must be a mapping of sections "
		   "such as 'mpd:'" },
	{ "hello\n", "t.yaml:1:1: the top level must be a mapping of sections "
		     "such as 'mpd:'" },
	{ "mpd: {}\n---\nqueue: {}\n",
	  "t.yaml:2:1: only one YAML document is allowed" },
	/* unsupported YAML */
	{ "mpd:\n  host: &h x\n", "t.yaml:2:9: anchors are not supported" },
	{ "mpd: &m\n  port: 1\n", "t.yaml:1:6: anchors are not supported" },
	{ "mpd:\n  host: x\ncapture:\n  device: *h\n",
	  "t.yaml:4:11: aliases are not supported" },
	{ "mpd:\n  port: !!int 5\n", "t.yaml:2:9: tags are not supported" },
	{ "mpd: !custom\n  port: 5\n", "t.yaml:1:6: tags are not supported" },
	{ "unknown: {a: &x 1}\n", "t.yaml:1:14: anchors are not supported" },
	{ "mpd:\n  host: \"a\\0b\"\n",
	  "t.yaml:2:9: strings must not contain NUL characters" },
	/* syntax */
	{ "mpd:\n  host: \"abc\n",
	  "t.yaml:3:1: syntax error: found unexpected end of stream" },
	{ "mpd:\n  port: 1\n host: x\n",
	  "t.yaml:3:2: syntax error: did not find expected key" },
	{ "dataset:\n  files: [1, 2\n",
	  "t.yaml:3:1: syntax error: did not find expected ',' or ']'" },
	{ "mpd:\n\tport: 1\n",
	  "t.yaml:2:1: syntax error: found character that cannot start any "
	  "token" },
	{ "\xff\xfe\x00x", "t.yaml:1:1: syntax error: invalid leading UTF-8 "
			   "octet" },
	{ "mpd:\n  host: a\x01",
	  "t.yaml:2:10: syntax error: control characters "
	  "are not allowed" },
	/* settings that need each other */
	{ "capture:\n  source: command\n",
	  "t.yaml:2:11: capture.source is 'command' but capture.command is "
	  "empty" },
	{ "capture:\n  source: url\n",
	  "t.yaml:2:11: capture.source is 'url' but capture.url is empty" },
	{ "capture:\n  source: file\n  file: \"\"\n",
	  "t.yaml:2:11: capture.source is 'file' but capture.file is empty" },
};

/* Each bad input fails with exactly its message and leaves the record as
 * it was (here: not the defaults, to tell "unchanged" from "reset"). */
static void test_errors(void **state)
{
	struct conf *c = conf_new(), *before = conf_new();
	struct mp_error err;
	enum mp_status st;
	size_t i, failed = 0;

	(void)state;
	assert_int_equal(
		conf_load_file(before, FIXTURE("full.yaml"), NULL, NULL, &err),
		MP_OK);
	assert_int_equal(
		conf_load_file(c, FIXTURE("full.yaml"), NULL, NULL, &err),
		MP_OK);
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		memset(&err, 0, sizeof(err));
		st = load(c, bad_cases[i].yaml, NULL, &err);
		/* report every mismatch, not just the first */
		if (st != MP_EINVAL || strcmp(err.msg, bad_cases[i].msg) != 0) {
			print_error("case %zu: status %d\n  got  '%s'\n  want "
				    "'%s'\n",
				    i, st, err.msg, bad_cases[i].msg);
			failed++;
			continue;
		}
		assert_int_equal(err.code, MP_EINVAL);
		assert_same_dump(c, before);
	}
	assert_int_equal(failed, 0);
	conf_free(c);
	conf_free(before);
}

static void test_error_fixtures(void **state)
{
	static const struct bad_case files[] = {
		{ FIXTURE("bad-type.yaml"),
		  FIXTURE("bad-type.yaml") ":4:9: mpd.port: expected an "
					   "integer, got "
					   "'sixty-six-hundred'" },
		{ FIXTURE("anchors.yaml"),
		  FIXTURE("anchors.yaml") ":2:9: anchors are not supported" },
		{ FIXTURE("truncated.yaml"),
		  FIXTURE("truncated.yaml") ":4:1: syntax error: found "
					    "unexpected end of stream" },
		{ FIXTURE("binary.yaml"),
		  FIXTURE("binary.yaml") ":1:1: syntax error: invalid leading "
					 "UTF-8 octet" },
	};
	struct conf *c = conf_new(), *def = conf_new();
	struct mp_error err = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		assert_int_equal(
			conf_load_file(c, files[i].yaml, NULL, NULL, &err),
			MP_EINVAL);
		assert_string_equal(err.msg, files[i].msg);
		assert_same_dump(c, def);
	}
	conf_free(c);
	conf_free(def);
}

static void test_unknown_keys_warn(void **state)
{
	static const char *const want[] = {
		":2:3: unknown key 'hots' in section 'mpd'",
		":4:1: unknown section 'video'",
		":8:5: unknown key 'happy' in section 'mood.weights'",
		":10:3: unknown action 'dance' in section 'keys'",
		":12:26: unknown key 'when' in section 'keys.commands[0]'",
	};
	struct conf *c = conf_new();
	struct warnings w = { 0 };
	struct mp_error err = { 0 };
	char full[256];
	size_t i;

	(void)state;
	if (conf_load_file(c, FIXTURE("unknown.yaml"), collect_warning, &w,
			   &err) != MP_OK)
		fail_msg("%s", err.msg);
	assert_int_equal(w.n, (int)(sizeof(want) / sizeof(want[0])));
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		snprintf(full, sizeof(full), "%s%s", FIXTURE("unknown.yaml"),
			 want[i]);
		assert_string_equal(w.msg[i], full);
	}
	/* known keys around them still apply */
	assert_int_equal(c->mpd.port, 6601);
	assert_int_equal(c->keys.n_commands, 1);
	/* without a callback warnings are dropped silently */
	assert_int_equal(
		conf_load_file(c, FIXTURE("unknown.yaml"), NULL, NULL, &err),
		MP_OK);
	conf_free(c);
}

/* ------------------------------------------------------------ limits */

static void test_limits(void **state)
{
	struct conf *c = conf_new();
	struct mp_error err = { 0 };
	size_t len, i;
	char *buf;

	(void)state;
	/* a string at the limit passes, one byte more fails */
	buf = malloc(CONF_MAX_STRING + 64);
	assert_non_null(buf);
	len = (size_t)sprintf(buf, "mpd:\n  host: ");
	memset(buf + len, 'a', CONF_MAX_STRING);
	strcpy(buf + len + CONF_MAX_STRING, "\n");
	assert_int_equal(load(c, buf, NULL, &err), MP_OK);
	assert_int_equal(strlen(c->mpd.host), CONF_MAX_STRING);
	memset(buf + len, 'a', CONF_MAX_STRING + 1);
	strcpy(buf + len + CONF_MAX_STRING + 1, "\n");
	assert_int_equal(load(c, buf, NULL, &err), MP_EINVAL);
	assert_string_equal(err.msg, "t.yaml:2:9: string too long (4097 "
				     "bytes, at most 4096)");
	free(buf);

	/* 256 list items pass, 257 fail at the 257th */
	buf = malloc(64 + 8 * (CONF_MAX_ITEMS + 1));
	assert_non_null(buf);
	len = (size_t)sprintf(buf, "dataset:\n  files:\n");
	for (i = 0; i < CONF_MAX_ITEMS; i++)
		len += (size_t)sprintf(buf + len, "  - x\n");
	assert_int_equal(load(c, buf, NULL, &err), MP_OK);
	assert_int_equal(c->dataset.files.n, CONF_MAX_ITEMS);
	sprintf(buf + len, "  - y\n");
	assert_int_equal(load(c, buf, NULL, &err), MP_EINVAL);
	assert_string_equal(err.msg, "t.yaml:259:5: dataset.files: more than "
				     "256 items");
	free(buf);

	/* the same for keys in one mapping */
	buf = malloc(16 + 16 * (CONF_MAX_ITEMS + 1));
	assert_non_null(buf);
	len = (size_t)sprintf(buf, "mpd:\n");
	for (i = 0; i <= CONF_MAX_ITEMS; i++)
		len += (size_t)sprintf(buf + len, "  k%zu: 1\n", i);
	assert_int_equal(load(c, buf, NULL, &err), MP_EINVAL);
	assert_string_equal(err.msg, "t.yaml:258:3: more than 256 keys in a "
				     "mapping");
	free(buf);

	/* nesting, even inside an ignored value */
	buf = malloc(256);
	assert_non_null(buf);
	len = (size_t)sprintf(buf, "x: ");
	for (i = 0; i < 40; i++)
		buf[len++] = '[';
	for (i = 0; i < 40; i++)
		buf[len++] = ']';
	strcpy(buf + len, "\n");
	assert_int_equal(load(c, buf, NULL, &err), MP_EINVAL);
	assert_string_equal(err.msg, "t.yaml:1:35: nesting too deep (more "
				     "than 32 levels)");
	free(buf);
	conf_free(c);
}

static void test_file_size_limit(void **state)
{
	char dir[] = "/tmp/test-conf-XXXXXX", path[64];
	struct conf *c = conf_new();
	struct mp_error err = { 0 };
	char *buf;
	size_t i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/big.yaml", dir);
	buf = malloc(CONF_MAX_FILE_SIZE + 1);
	assert_non_null(buf);
	/* 1 MiB of comments is fine... */
	for (i = 0; i < CONF_MAX_FILE_SIZE; i++)
		buf[i] = i % 64 == 63 ? '\n' : '#';
	write_file(path, buf, CONF_MAX_FILE_SIZE);
	assert_int_equal(conf_load_file(c, path, NULL, NULL, &err), MP_OK);
	/* ...one byte more is not, from a file or a buffer */
	buf[CONF_MAX_FILE_SIZE] = '\n';
	write_file(path, buf, CONF_MAX_FILE_SIZE + 1);
	assert_int_equal(conf_load_file(c, path, NULL, NULL, &err), MP_EINVAL);
	assert_non_null(strstr(err.msg, "file too large"));
	assert_int_equal(strncmp(err.msg, path, strlen(path)), 0);
	assert_int_equal(conf_load_buffer(c, "b", buf, CONF_MAX_FILE_SIZE + 1,
					  NULL, NULL, &err),
			 MP_EINVAL);
	assert_string_equal(err.msg, "b: file too large (1048577 bytes, at "
				     "most 1048576)");
	free(buf);
	unlink(path);

	/* missing file, directory */
	assert_int_equal(conf_load_file(c, path, NULL, NULL, &err), MP_ENOENT);
	assert_int_equal(strncmp(err.msg, path, strlen(path)), 0);
	assert_int_equal(conf_load_file(c, dir, NULL, NULL, &err), MP_ERR);
	assert_int_equal(strncmp(err.msg, dir, strlen(dir)), 0);
	rmdir(dir);
	conf_free(c);
}

/* Deterministic mutations of the sample: every outcome must be success or
 * a positioned MP_EINVAL, never a crash (run under ASan/UBSan). */
static uint32_t rng_state = 2463534242u;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static void check_robust(struct conf *c, const char *buf, size_t len)
{
	struct mp_error err = { 0 };
	enum mp_status st;

	st = conf_load_buffer(c, "f.yaml", buf, len, NULL, NULL, &err);
	if (st != MP_OK && st != MP_EINVAL)
		fail_msg("status %d: %s", st, err.msg);
	if (st == MP_EINVAL && strncmp(err.msg, "f.yaml:", 7) != 0)
		fail_msg("unpositioned error '%s'", err.msg);
}

static void test_robustness(void **state)
{
	static const char tokens[] = "{}[]:,-?&*!|>'\"#%@`\n\t \\\x80\xff\x00";
	struct conf *c = conf_new();
	size_t len, i, n, k;
	char *sample, *buf;

	(void)state;
	sample = slurp(TOP_SRCDIR "/conf/moodplay.yaml", &len);
	buf = malloc(len + 1);
	assert_non_null(buf);
	/* every truncation point (roughly) */
	for (i = 0; i < len; i += 3)
		check_robust(c, sample, i);
	/* random token and byte flips */
	for (n = 0; n < 3000; n++) {
		memcpy(buf, sample, len);
		for (k = 0; k <= rng() % 8; k++) {
			i = rng() % len;
			buf[i] = rng() % 2
					 ? tokens[rng() % (sizeof(tokens) - 1)]
					 : (char)rng();
		}
		check_robust(c, buf, len);
	}
	/* pure noise */
	for (n = 0; n < 300; n++) {
		for (i = 0; i < len && i < 512; i++)
			buf[i] = rng() % 3
					 ? tokens[rng() % (sizeof(tokens) - 1)]
					 : (char)rng();
		check_robust(c, buf, i);
	}
	free(buf);
	free(sample);
	conf_free(c);
}

/* ------------------------------------------------------------ search order */

static void make_config(const char *dir, const char *sub)
{
	char path[512];
	const char *p;

	snprintf(path, sizeof(path), "%s/%s", dir, sub);
	/* mkdir -p of the directories in sub */
	for (p = strchr(path + strlen(dir) + 1, '/'); p != NULL;
	     p = strchr(p + 1, '/')) {
		path[p - path] = '\0';
		mkdir(path, 0700);
		path[p - path] = '/';
	}
	write_file(path, "mpd: {}\n", 8);
}

static void expect_path(const char *cli, const char *want, bool want_explicit)
{
	bool explicit_ = !want_explicit;
	char *got = conf_find_path(cli, &explicit_);

	if (want == NULL) {
		assert_null(got);
	} else {
		assert_non_null(got);
		assert_string_equal(got, want);
	}
	assert_int_equal(explicit_, want_explicit);
	free(got);
}

static void test_search_order(void **state)
{
	char dir[] = "/tmp/test-conf-XXXXXX", home_cfg[256], xdg[256],
	     xdg_cfg[512], cmd[512];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(home_cfg, sizeof(home_cfg), "%s/.config/moodplay/config.yaml",
		 dir);
	snprintf(xdg, sizeof(xdg), "%s/xdg", dir);
	snprintf(xdg_cfg, sizeof(xdg_cfg), "%s/moodplay/config.yaml", xdg);
	unsetenv("MOODPLAY_CONFIG");
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", dir, 1);

	/* nothing there: built-in defaults */
	expect_path(NULL, NULL, false);
	unsetenv("HOME");
	expect_path(NULL, NULL, false);
	setenv("HOME", dir, 1);

	/* ~/.config */
	make_config(dir, ".config/moodplay/config.yaml");
	expect_path(NULL, home_cfg, false);
	/* XDG_CONFIG_HOME set but without the file: fall back to ~/.config;
	 * relative XDG paths are ignored */
	setenv("XDG_CONFIG_HOME", xdg, 1);
	expect_path(NULL, home_cfg, false);
	make_config(dir, "xdg/moodplay/config.yaml");
	expect_path(NULL, xdg_cfg, false);
	setenv("XDG_CONFIG_HOME", "xdg", 1);
	expect_path(NULL, home_cfg, false);
	setenv("XDG_CONFIG_HOME", xdg, 1);

	/* $MOODPLAY_CONFIG wins, and is returned even if missing */
	setenv("MOODPLAY_CONFIG", "/nonexistent/moodplay.yaml", 1);
	expect_path(NULL, "/nonexistent/moodplay.yaml", true);
	setenv("MOODPLAY_CONFIG", "", 1);
	expect_path(NULL, xdg_cfg, false);
	setenv("MOODPLAY_CONFIG", "/nonexistent/moodplay.yaml", 1);

	/* --config wins over everything; empty means not given */
	expect_path("cli.yaml", "cli.yaml", true);
	expect_path("", "/nonexistent/moodplay.yaml", true);

	/* explicit_out may be NULL */
	free(conf_find_path(NULL, NULL));

	unsetenv("MOODPLAY_CONFIG");
	unsetenv("XDG_CONFIG_HOME");
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_sample_is_defaults),
		cmocka_unit_test(test_every_key_documented),
		cmocka_unit_test(test_man_examples),
		cmocka_unit_test(test_default_bindings_valid),
		cmocka_unit_test(test_empty_inputs),
		cmocka_unit_test(test_full_file),
		cmocka_unit_test(test_dump),
		cmocka_unit_test(test_lenient_forms),
		cmocka_unit_test(test_home_expansion),
		cmocka_unit_test(test_locale_independent),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_error_fixtures),
		cmocka_unit_test(test_unknown_keys_warn),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_file_size_limit),
		cmocka_unit_test(test_robustness),
		cmocka_unit_test(test_search_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
