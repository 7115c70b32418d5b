/* moodplay - configuration: a YAML file read into a record of plain values.
 *
 * libyaml's event API is used rather than its document API because the
 * document loader resolves aliases silently (a "billion laughs" risk) and
 * drops the information needed to reject anchors, tags and duplicate keys
 * with their positions.  Events are consumed by a recursive descent over the
 * schema tables below; values are converted by per-type functions from
 * conf_types[], and the same functions turn the tables' default texts into
 * the built-in defaults, so defaults can never disagree with what a file
 * containing them would produce. */
#include "config.h"

#include "conf/conf.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "base/i18n.h"
#include "base/xalloc.h"

#define CONF_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------ schema types */

enum conf_type {
	CONF_T_STR,
	CONF_T_INT,
	CONF_T_NUM,
	CONF_T_BOOL,
	CONF_T_ENUM,
	CONF_T_LIST,     /* struct conf_strlist */
	CONF_T_KEY,      /* char *, canonical key name */
	CONF_T_COLOR,    /* struct conf_color */
	CONF_T_MAP,      /* nested table; offset locates its base */
	CONF_T_COMMANDS, /* list of {key, run}; offset 0 in struct conf_keys */
	CONF_T_BINDINGS, /* catch-all: any other key of struct conf_keys */
	CONF_T_COUNT
};

/* Numeric bounds are inclusive unless this flag says otherwise. */
#define CONF_F_MIN_EXCL 1u
/* A file name: a leading "~/" stands for $HOME (strings and lists). */
#define CONF_F_PATH 2u

struct conf_key {
	const char *name;
	enum conf_type type;
	size_t offset; /* of the field, from the base of the enclosing table */
	const char *def; /* default, as it would be written in YAML */
	double min, max;
	unsigned flags;
	const char *const *names; /* CONF_T_ENUM: the enum's names */
	size_t nnames;
	const struct conf_key *sub; /* CONF_T_MAP: NULL-name-terminated */
	const char *(*check)(const char *s); /* CONF_T_STR: NULL or why bad */
	const char *doc;
};

struct conf_ctx;

/* How one type is converted, freed and printed.  scalar() receives the
 * text of a scalar event; node() handles the event stream itself. */
struct conf_type_ops {
	const char *what; /* for "expected %s": N_("an integer") */
	const char *doc;  /* for conf_schema_foreach(): "integer" */
	enum mp_status (*scalar)(struct conf_ctx *ctx, const struct conf_key *k,
				 const char *s, void *p);
	enum mp_status (*node)(struct conf_ctx *ctx, const struct conf_key *k,
			       void *p);
	void (*free)(const struct conf_key *k, void *p);
	void (*dump)(struct conf_ctx *ctx, const struct conf_key *k,
		     const void *p);
};

/* ------------------------------------------------------------ enum names */

const char *const conf_capture_source_names[CONF_CAPTURE_SOURCE_COUNT] = {
	"auto",
	"command",
	"url",
	"file",
};
const char *const conf_isa_names[CONF_ISA_COUNT] = {
	"auto",
	"scalar",
	"avx2",
	"avx512vnni",
};
const char *const conf_mood_model_names[CONF_MOOD_MODEL_COUNT] = {
	"circumplex",
	"segments",
};
const char *const conf_mood_strategy_names[CONF_STRATEGY_COUNT] = {
	"match",
	"lift",
	"calm",
};
const char *const conf_queue_mode_names[CONF_QUEUE_MODE_COUNT] = {
	"replace-upcoming",
	"replace",
	"append",
};

/* The schema stores enums through an int pointer. */
_Static_assert(sizeof(enum conf_capture_source) == sizeof(int), "enum size");
_Static_assert(sizeof(enum conf_isa) == sizeof(int), "enum size");
_Static_assert(sizeof(enum conf_mood_model) == sizeof(int), "enum size");
_Static_assert(sizeof(enum conf_mood_strategy) == sizeof(int), "enum size");
_Static_assert(sizeof(enum conf_queue_mode) == sizeof(int), "enum size");

/* ------------------------------------------------------------ the schema */

static const char *conf_check_url(const char *s)
{
	if (*s == '\0' || strncasecmp(s, "http://", 7) == 0 ||
	    strncasecmp(s, "https://", 8) == 0)
		return NULL;
	return N_("expected an http:// or https:// URL");
}

#define CK_STR(st, f, d, dc)                                               \
	{                                                                  \
		.name = #f, .type = CONF_T_STR, .offset = offsetof(st, f), \
		.def = d, .doc = dc                                        \
	}
#define CK_INT(st, f, d, lo, hi, dc)                                       \
	{                                                                  \
		.name = #f, .type = CONF_T_INT, .offset = offsetof(st, f), \
		.def = d, .min = lo, .max = hi, .doc = dc                  \
	}
#define CK_NUM(st, f, d, lo, hi, fl, dc)                                   \
	{                                                                  \
		.name = #f, .type = CONF_T_NUM, .offset = offsetof(st, f), \
		.def = d, .min = lo, .max = hi, .flags = fl, .doc = dc     \
	}
#define CK_BOOL(st, f, d, dc)                                               \
	{                                                                   \
		.name = #f, .type = CONF_T_BOOL, .offset = offsetof(st, f), \
		.def = d, .doc = dc                                         \
	}
#define CK_ENUM(st, f, d, nm, dc)                                            \
	{                                                                    \
		.name = #f, .type = CONF_T_ENUM, .offset = offsetof(st, f),  \
		.def = d, .names = nm, .nnames = sizeof(nm) / sizeof(nm[0]), \
		.doc = dc                                                    \
	}
#define CK_LIST(st, f, dc)                                                  \
	{                                                                   \
		.name = #f, .type = CONF_T_LIST, .offset = offsetof(st, f), \
		.def = "[]", .doc = dc                                      \
	}
#define CK_PATH(st, f, d, dc)                                              \
	{                                                                  \
		.name = #f, .type = CONF_T_STR, .offset = offsetof(st, f), \
		.def = d, .flags = CONF_F_PATH, .doc = dc                  \
	}
#define CK_MAP(st, f, sb, dc)                                              \
	{                                                                  \
		.name = #f, .type = CONF_T_MAP, .offset = offsetof(st, f), \
		.sub = sb, .doc = dc                                       \
	}
#define CK_COLOR(el, n, d, dc)                                        \
	{                                                             \
		.name = n, .type = CONF_T_COLOR,                      \
		.offset = (el) * sizeof(struct conf_color), .def = d, \
		.doc = dc                                             \
	}

static const struct conf_key conf_mpd_keys[] = {
	CK_STR(struct conf_mpd, host, "",
	       N_("MPD host name, address or socket path (empty: localhost)")),
	CK_INT(struct conf_mpd, port, "0", 0, 65535, N_("MPD port (0: 6600)")),
	CK_STR(struct conf_mpd, password, "", N_("MPD password (empty: none)")),
	CK_NUM(struct conf_mpd, timeout, "5", 0, 600, CONF_F_MIN_EXCL,
	       N_("seconds to wait for an answer from MPD")),
	CK_INT(struct conf_mpd, reconnect_max, "30", 1, 3600,
	       N_("longest pause between reconnection attempts, in seconds")),
	{ 0 },
};

static const struct conf_key conf_capture_keys[] = {
	CK_ENUM(struct conf_capture, source, "auto", conf_capture_source_names,
		N_("where snapshots come from")),
	CK_LIST(struct conf_capture, command,
		N_("program and arguments writing an image to {output} or "
		   "standard output")),
	{ .name = "url",
	  .type = CONF_T_STR,
	  .offset = offsetof(struct conf_capture, url),
	  .def = "",
	  .check = conf_check_url,
	  .doc = N_("HTTP(S) URL of a snapshot") },
	CK_STR(struct conf_capture, url_user, "",
	       N_("user name for the snapshot URL")),
	CK_STR(struct conf_capture, url_password, "",
	       N_("password for the snapshot URL")),
	CK_PATH(struct conf_capture, file, "",
		N_("image file, or directory whose images are used in turn")),
	CK_PATH(struct conf_capture, device, "/dev/video0",
		N_("camera device for source auto")),
	CK_NUM(struct conf_capture, timeout, "5", 0, 600, CONF_F_MIN_EXCL,
	       N_("seconds a capture may take")),
	CK_INT(struct conf_capture, max_bytes, "16777216", 1024, 1 << 30,
	       N_("largest image accepted, in bytes")),
	CK_INT(struct conf_capture, frames, "3", 1, 30,
	       N_("frames of a burst classified; probabilities are averaged")),
	CK_INT(struct conf_capture, max_dimension, "8192", 16, 65535,
	       N_("largest image width or height accepted, in pixels")),
	CK_PATH(struct conf_capture, save_dir, "",
		N_("directory to keep snapshots in (empty: none are kept)")),
	{ 0 },
};

static const struct conf_key conf_face_keys[] = {
	CK_PATH(struct conf_face, cascade,
		"/usr/share/opencv4/haarcascades/"
		"haarcascade_frontalface_default.xml",
		N_("OpenCV Haar cascade XML for face detection")),
	CK_NUM(struct conf_face, scale_factor, "1.1", 1, 2, CONF_F_MIN_EXCL,
	       N_("scale step between detection window sizes")),
	CK_INT(struct conf_face, min_neighbors, "5", 0, 100,
	       N_("overlapping detections needed to accept a face")),
	CK_INT(struct conf_face, min_size, "40", 8, 65535,
	       N_("smallest face, in pixels")),
	CK_NUM(struct conf_face, margin, "0.0", 0, 1, 0,
	       N_("extra margin around the face, as a fraction of its size")),
	{ 0 },
};

static const struct conf_key conf_model_keys[] = {
	CK_PATH(struct conf_model, path, "",
		N_("expression model file (empty: the built-in model)")),
	CK_ENUM(struct conf_model, isa, "auto", conf_isa_names,
		N_("CPU instructions for the network")),
	CK_BOOL(struct conf_model, flip, "true",
		N_("also classify the mirrored face and average")),
	{ 0 },
};

static const struct conf_key conf_dataset_keys[] = {
	{ .name = "files",
	  .type = CONF_T_LIST,
	  .offset = offsetof(struct conf_dataset, files),
	  .def = "[]",
	  .flags = CONF_F_PATH,
	  .doc = N_("CSV files with Spotify audio features") },
	CK_BOOL(struct conf_dataset, genre_fallback, "true",
		N_("estimate songs missing from the dataset from their genre")),
	CK_NUM(struct conf_dataset, duration_tolerance, "3", 0, 60, 0,
	       N_("largest duration difference for a match, in seconds")),
	CK_BOOL(struct conf_dataset, cache, "true",
		N_("cache the matched library between runs")),
	{ 0 },
};

static const struct conf_key conf_weights_keys[] = {
	CK_NUM(struct conf_weights, valence, "1.0", 0, 100, 0,
	       N_("weight of valence in song distance")),
	CK_NUM(struct conf_weights, energy, "1.0", 0, 100, 0,
	       N_("weight of energy in song distance")),
	CK_NUM(struct conf_weights, tempo, "0.2", 0, 100, 0,
	       N_("weight of tempo in song distance")),
	CK_NUM(struct conf_weights, loudness, "0.1", 0, 100, 0,
	       N_("weight of loudness in song distance")),
	{ 0 },
};

static const struct conf_key conf_mood_keys[] = {
	CK_ENUM(struct conf_mood, model, "circumplex", conf_mood_model_names,
		N_("how expressions map to valence and arousal")),
	CK_ENUM(struct conf_mood, strategy, "match", conf_mood_strategy_names,
		N_("follow the mood, lift it or calm it")),
	CK_NUM(struct conf_mood, half_life, "600", 0, 86400, 0,
	       N_("smoothing of successive captures, in seconds")),
	CK_BOOL(struct conf_mood, confirm, "false",
		N_("ask before replacing the queue")),
	CK_BOOL(struct conf_mood, calibration, "true",
		N_("correct expressions for the calibrated resting face")),
	CK_NUM(struct conf_mood, calibration_fraction, "0.5", 0, 1, 0,
	       N_("how much of the resting face's bias to take off")),
	CK_NUM(struct conf_mood, auto_interval, "0", 0, 1440, 0,
	       N_("minutes between automatic captures (0: off)")),
	CK_NUM(struct conf_mood, auto_distance, "0.25", 0, 3, 0,
	       N_("how far the smoothed mood moves before an automatic "
		  "capture re-plans")),
	CK_MAP(struct conf_mood, weights, conf_weights_keys,
	       N_("feature weights for matching songs to the mood")),
	{ 0 },
};

static const struct conf_key conf_queue_keys[] = {
	CK_INT(struct conf_queue, count, "20", 1, 1000,
	       N_("songs added per mood")),
	CK_ENUM(struct conf_queue, mode, "replace-upcoming",
		conf_queue_mode_names,
		N_("what happens to the songs already queued")),
	CK_NUM(struct conf_queue, temperature, "0.2", 0, 10, 0,
	       N_("randomness of the choice (0: always the closest songs)")),
	CK_INT(struct conf_queue, artist_gap, "3", 0, 1000,
	       N_("songs between two songs of the same artist")),
	CK_INT(struct conf_queue, history, "50", 0, 100000,
	       N_("recently played songs not queued again")),
	CK_BOOL(struct conf_queue, play, "true",
		N_("start playback after queueing")),
	{ 0 },
};

static const struct conf_key conf_ui_keys[] = {
	CK_BOOL(struct conf_ui, confirm_clear, "true",
		N_("ask before clearing the queue")),
	{ 0 },
};

static const struct conf_key conf_command_keys[] = {
	{ .name = "key",
	  .type = CONF_T_KEY,
	  .offset = offsetof(struct conf_command, key),
	  .doc = N_("key that runs the command") },
	CK_LIST(struct conf_command, run,
		N_("program and arguments; %file is the selected song")),
	{ 0 },
};

static const struct conf_key conf_keys_keys[] = {
	CK_BOOL(struct conf_keys, defaults, "true",
		N_("keep the built-in key bindings")),
	{ .name = "commands",
	  .type = CONF_T_COMMANDS,
	  .sub = conf_command_keys,
	  .doc = N_("external commands run on the selected song") },
	{ .name = "ACTION",
	  .type = CONF_T_BINDINGS,
	  .doc = N_("key name or list of key names for an action") },
	{ 0 },
};

#define CK_ELEMENT(e, n, d, doc) CK_COLOR(CONF_EL_##e, n, d, doc),
static const struct conf_key conf_color_keys[] = {
	CONF_ELEMENTS(CK_ELEMENT){ 0 },
};
#undef CK_ELEMENT
_Static_assert(CONF_LEN(conf_color_keys) == CONF_EL_COUNT + 1,
	       "one colour key per element");

static const struct conf_key conf_sections[] = {
	CK_MAP(struct conf, mpd, conf_mpd_keys, N_("connection to MPD")),
	CK_MAP(struct conf, capture, conf_capture_keys, N_("taking snapshots")),
	CK_MAP(struct conf, face, conf_face_keys, N_("finding the face")),
	CK_MAP(struct conf, model, conf_model_keys,
	       N_("the expression classifier")),
	CK_MAP(struct conf, dataset, conf_dataset_keys,
	       N_("audio features of songs")),
	CK_MAP(struct conf, mood, conf_mood_keys,
	       N_("from expression to music")),
	CK_MAP(struct conf, queue, conf_queue_keys, N_("building the queue")),
	CK_MAP(struct conf, ui, conf_ui_keys, N_("the terminal client")),
	CK_MAP(struct conf, keys, conf_keys_keys, N_("key bindings")),
	CK_MAP(struct conf, colors, conf_color_keys, N_("colours")),
	{ 0 },
};

static const struct conf_key conf_root = {
	.name = "",
	.type = CONF_T_MAP,
	.sub = conf_sections,
};

/* ------------------------------------------------------------ context */

/* Marks remembered for checks that involve several keys. */
#define CONF_MARKS 128
#define CONF_PATH_MAX 160

struct conf_ctx {
	yaml_parser_t parser;
	yaml_event_t ev;
	bool have_ev;
	bool defaults; /* applying the built-in defaults: errors are bugs */
	int depth;
	const char *name;
	const char *buf;
	size_t len;
	conf_warn_fn *warn;
	void *ud;
	struct mp_error *err;
	yaml_mark_t mark; /* of the value being converted */
	char path[CONF_PATH_MAX];
	struct {
		char path[CONF_PATH_MAX];
		yaml_mark_t mark;
	} marks[CONF_MARKS];
	size_t n_marks;
	/* conf_dump() output */
	char *out;
	size_t out_len, out_cap;
	int dump_indent;
};

/* Report an error at mark as "NAME:LINE:COL: message". */
static enum mp_status conf_fail_at(struct conf_ctx *ctx, enum mp_status code,
				   yaml_mark_t mark, const char *fmt, ...)
	MP_PRINTF(4, 5);

static enum mp_status conf_fail_at(struct conf_ctx *ctx, enum mp_status code,
				   yaml_mark_t mark, const char *fmt, ...)
{
	char msg[MP_ERROR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (ctx->defaults) {
		/* The defaults are in this file's tables: a bug, not input. */
		fprintf(stderr, "moodplay: bad built-in default: %s\n", msg);
		abort();
	}
	return mp_error_set(ctx->err, code, "%s:%zu:%zu: %s", ctx->name,
			    mark.line + 1, mark.column + 1, msg);
}

#define conf_fail(ctx, ...) \
	conf_fail_at(ctx, MP_EINVAL, (ctx)->mark, __VA_ARGS__)

static enum mp_status conf_nomem(struct conf_ctx *ctx)
{
	return mp_error_set(ctx->err, MP_ENOMEM, _("%s: out of memory"),
			    ctx->name);
}

static void conf_warn_at(struct conf_ctx *ctx, yaml_mark_t mark,
			 const char *fmt, ...) MP_PRINTF(3, 4);

static void conf_warn_at(struct conf_ctx *ctx, yaml_mark_t mark,
			 const char *fmt, ...)
{
	char msg[MP_ERROR_MAX], line[MP_ERROR_MAX + 64];
	va_list ap;

	if (ctx->warn == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(line, sizeof(line), "%s:%zu:%zu: %s", ctx->name, mark.line + 1,
		 mark.column + 1, msg);
	ctx->warn(ctx->ud, line);
}

/* A value quoted back in a message: bounded and without control bytes,
 * since it may be anything the file contains. */
#define CONF_ECHO_MAX 64
struct conf_echo {
	char s[CONF_ECHO_MAX + 4];
};

static const char *conf_echo(struct conf_echo *e, const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i < CONF_ECHO_MAX; i++)
		e->s[i] = iscntrl((unsigned char)s[i]) ? '?' : s[i];
	if (s[i] != '\0')
		memcpy(e->s + i, "...", 4);
	else
		e->s[i] = '\0';
	return e->s;
}

/* ------------------------------------------------------------ events */

static bool conf_ev_is(const struct conf_ctx *ctx, yaml_event_type_t t)
{
	return ctx->ev.type == t;
}

static const char *conf_ev_text(const struct conf_ctx *ctx)
{
	return (const char *)ctx->ev.data.scalar.value;
}

/* YAML's null: an empty plain scalar, "~" or "null". */
static bool conf_ev_is_null(const struct conf_ctx *ctx)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };
	size_t i;

	if (!conf_ev_is(ctx, YAML_SCALAR_EVENT) ||
	    ctx->ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	for (i = 0; i < CONF_LEN(nulls); i++)
		if (strcmp(conf_ev_text(ctx), nulls[i]) == 0)
			return true;
	return false;
}

static enum mp_status conf_syntax_error(struct conf_ctx *ctx)
{
	const yaml_parser_t *p = &ctx->parser;
	yaml_mark_t mark = p->problem_mark;
	const char *problem = p->problem ? p->problem : _("invalid YAML");

	if (p->error == YAML_MEMORY_ERROR)
		return conf_nomem(ctx);
	if (p->error == YAML_READER_ERROR) {
		/* Reader errors carry a byte offset, not a mark. */
		size_t i, off = p->problem_offset < ctx->len ? p->problem_offset
							     : ctx->len;

		mark.line = 0;
		mark.column = 0;
		for (i = 0; i < off; i++) {
			unsigned char b = (unsigned char)ctx->buf[i];

			if (b == '\n') {
				mark.line++;
				mark.column = 0;
			} else if ((b & 0xc0) != 0x80) {
				mark.column++; /* characters, like libyaml */
			}
		}
	}
	return conf_fail_at(ctx, MP_EINVAL, mark, _("syntax error: %s"),
			    problem);
}

/* Advance to the next event, rejecting what this format does not support
 * (aliases, anchors, tags, NUL bytes, oversized scalars, deep nesting)
 * wherever it appears, including inside ignored values. */
static enum mp_status conf_next(struct conf_ctx *ctx)
{
	yaml_event_t *ev = &ctx->ev;
	const yaml_char_t *anchor = NULL, *tag = NULL;

	if (ctx->have_ev) {
		yaml_event_delete(ev);
		ctx->have_ev = false;
	}
	if (!yaml_parser_parse(&ctx->parser, ev))
		return conf_syntax_error(ctx);
	ctx->have_ev = true;

	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		return conf_fail_at(ctx, MP_EINVAL, ev->start_mark,
				    _("aliases are not supported"));
	case YAML_SCALAR_EVENT:
		anchor = ev->data.scalar.anchor;
		tag = ev->data.scalar.tag;
		if (ev->data.scalar.length > CONF_MAX_STRING)
			return conf_fail_at(
				ctx, MP_EINVAL, ev->start_mark,
				ngettext("string too long (%zu bytes, "
					 "at most %d)",
					 "string too long (%zu bytes, "
					 "at most %d)",
					 CONF_MAX_STRING),
				ev->data.scalar.length, CONF_MAX_STRING);
		if (strlen((const char *)ev->data.scalar.value) !=
		    ev->data.scalar.length)
			return conf_fail_at(ctx, MP_EINVAL, ev->start_mark,
					    _("strings must not contain NUL "
					      "characters"));
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
		ctx->depth++;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
		ctx->depth++;
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT: ctx->depth--; break;
	default: break;
	}
	if (anchor != NULL)
		return conf_fail_at(ctx, MP_EINVAL, ev->start_mark,
				    _("anchors are not supported"));
	if (tag != NULL)
		return conf_fail_at(ctx, MP_EINVAL, ev->start_mark,
				    _("tags are not supported"));
	if (ctx->depth > CONF_MAX_DEPTH)
		return conf_fail_at(
			ctx, MP_EINVAL, ev->start_mark,
			ngettext("nesting too deep (more than %d level)",
				 "nesting too deep (more than %d levels)",
				 CONF_MAX_DEPTH),
			CONF_MAX_DEPTH);
	return MP_OK;
}

/* Step over the value starting at the current event. */
static enum mp_status conf_skip(struct conf_ctx *ctx)
{
	enum mp_status st;
	int depth = 0;

	for (;;) {
		if (conf_ev_is(ctx, YAML_SEQUENCE_START_EVENT) ||
		    conf_ev_is(ctx, YAML_MAPPING_START_EVENT))
			depth++;
		else if (conf_ev_is(ctx, YAML_SEQUENCE_END_EVENT) ||
			 conf_ev_is(ctx, YAML_MAPPING_END_EVENT))
			depth--;
		if (depth == 0)
			return MP_OK;
		st = conf_next(ctx);
		if (st != MP_OK)
			return st;
	}
}

/* "expected an integer, got 'x'" for the current event. */
static enum mp_status conf_fail_expected(struct conf_ctx *ctx, const char *what)
{
	struct conf_echo e;

	if (conf_ev_is(ctx, YAML_SEQUENCE_START_EVENT))
		return conf_fail(ctx, _("%s: expected %s, got a list"),
				 ctx->path, what);
	if (conf_ev_is(ctx, YAML_MAPPING_START_EVENT))
		return conf_fail(ctx, _("%s: expected %s, got a mapping"),
				 ctx->path, what);
	if (conf_ev_is_null(ctx))
		return conf_fail(ctx, _("%s: expected %s, got nothing"),
				 ctx->path, what);
	return conf_fail(ctx, _("%s: expected %s, got '%s'"), ctx->path, what,
			 conf_echo(&e, conf_ev_text(ctx)));
}

static void conf_path_push(struct conf_ctx *ctx, const char *name, size_t *old)
{
	*old = strlen(ctx->path);
	snprintf(ctx->path + *old, sizeof(ctx->path) - *old, "%s%s",
		 *old > 0 ? "." : "", name);
}

static void conf_path_pop(struct conf_ctx *ctx, size_t old)
{
	ctx->path[old] = '\0';
}

/* ------------------------------------------------------------ numbers */

/* Numbers in the file and in dumps are "C" locale whatever LC_NUMERIC the
 * program runs under. */
static double conf_strtod(const char *s, char **end)
{
	locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	locale_t old = c != (locale_t)0 ? uselocale(c) : (locale_t)0;
	double v = strtod(s, end);

	if (c != (locale_t)0) {
		uselocale(old);
		freelocale(c);
	}
	return v;
}

/* Shortest "%g" text that reads back as the same double. */
static void conf_fmt_num(char *buf, size_t size, double v)
{
	locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	locale_t old = c != (locale_t)0 ? uselocale(c) : (locale_t)0;
	int prec;

	for (prec = 6; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	if (c != (locale_t)0) {
		uselocale(old);
		freelocale(c);
	}
}

static void conf_range_text(const struct conf_key *k, char *buf, size_t size)
{
	char lo[32], hi[32];

	conf_fmt_num(lo, sizeof(lo), k->min);
	conf_fmt_num(hi, sizeof(hi), k->max);
	if (k->flags & CONF_F_MIN_EXCL)
		snprintf(buf, size, _("greater than %s and at most %s"), lo,
			 hi);
	else
		snprintf(buf, size, _("%s to %s"), lo, hi);
}

static enum mp_status conf_fail_range(struct conf_ctx *ctx,
				      const struct conf_key *k, const char *s)
{
	char range[96];
	struct conf_echo e;

	conf_range_text(k, range, sizeof(range));
	return conf_fail(ctx, _("%s: %s is out of range (%s)"), ctx->path,
			 conf_echo(&e, s), range);
}

static bool conf_in_range(const struct conf_key *k, double v)
{
	if (k->flags & CONF_F_MIN_EXCL ? !(v > k->min) : !(v >= k->min))
		return false;
	return v <= k->max;
}

/* ------------------------------------------------------------ scalar types */

static char *conf_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d != NULL)
		memcpy(d, s, n);
	return d;
}

/* A copy of s, with "~/" expanded for path keys so that no consumer has
 * to; without $HOME the text is kept as written. */
static char *conf_value_dup(const struct conf_key *k, const char *s)
{
	const char *home = getenv("HOME");
	size_t hn, sn;
	char *d;

	if (!(k->flags & CONF_F_PATH) || strncmp(s, "~/", 2) != 0 ||
	    home == NULL || *home == '\0')
		return conf_strdup(s);
	hn = strlen(home);
	sn = strlen(s + 1);
	d = malloc(hn + sn + 1);
	if (d != NULL) {
		memcpy(d, home, hn);
		memcpy(d + hn, s + 1, sn + 1);
	}
	return d;
}

static enum mp_status conf_str_scalar(struct conf_ctx *ctx,
				      const struct conf_key *k, const char *s,
				      void *p)
{
	char **dst = p, *d;
	const char *why = k->check ? k->check(s) : NULL;
	struct conf_echo e;

	if (why != NULL)
		return conf_fail(ctx, _("%s: %s, got '%s'"), ctx->path, _(why),
				 conf_echo(&e, s));
	d = conf_value_dup(k, s);
	if (d == NULL)
		return conf_nomem(ctx);
	free(*dst);
	*dst = d;
	return MP_OK;
}

static enum mp_status conf_int_scalar(struct conf_ctx *ctx,
				      const struct conf_key *k, const char *s,
				      void *p)
{
	const char *q = s + (*s == '-' || *s == '+');
	char *end;
	long long v;

	if (!isdigit((unsigned char)*q))
		return conf_fail_expected(ctx, _("an integer"));
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0')
		return conf_fail_expected(ctx, _("an integer"));
	/* On overflow strtoll() clamps, which the range check rejects. */
	if (!conf_in_range(k, (double)v))
		return conf_fail_range(ctx, k, s);
	*(int *)p = (int)v;
	return MP_OK;
}

static enum mp_status conf_num_scalar(struct conf_ctx *ctx,
				      const struct conf_key *k, const char *s,
				      void *p)
{
	char *end;
	double v;

	/* strtod() would also take "inf", "nan" and hex floats. */
	if (strspn(s, "0123456789+-.eE") != strlen(s) ||
	    strpbrk(s, "0123456789") == NULL)
		return conf_fail_expected(ctx, _("a number"));
	v = conf_strtod(s, &end);
	if (*end != '\0')
		return conf_fail_expected(ctx, _("a number"));
	if (!isfinite(v) || !conf_in_range(k, v))
		return conf_fail_range(ctx, k, s);
	*(double *)p = v;
	return MP_OK;
}

static const struct {
	const char *name;
	bool value;
} conf_bools[] = {
	{ "true", true }, { "false", false }, { "yes", true },
	{ "no", false },  { "on", true },     { "off", false },
};

static enum mp_status conf_bool_scalar(struct conf_ctx *ctx,
				       const struct conf_key *k, const char *s,
				       void *p)
{
	size_t i;

	(void)k;
	for (i = 0; i < CONF_LEN(conf_bools); i++) {
		if (strcasecmp(s, conf_bools[i].name) == 0) {
			*(bool *)p = conf_bools[i].value;
			return MP_OK;
		}
	}
	return conf_fail_expected(ctx, _("true or false"));
}

/* "auto, command, url or file": what an enum key expects. */
static const char *conf_enum_list(const struct conf_key *k, char *list,
				  size_t size)
{
	size_t i, len = 0;

	list[0] = '\0';
	for (i = 0; i < k->nnames && len < size; i++)
		len += (size_t)snprintf(list + len, size - len, "%s%s",
					i == 0               ? ""
					: i + 1 == k->nnames ? _(" or ")
							     : ", ",
					k->names[i]);
	return list;
}

static enum mp_status conf_enum_scalar(struct conf_ctx *ctx,
				       const struct conf_key *k, const char *s,
				       void *p)
{
	char list[256];
	size_t i;

	for (i = 0; i < k->nnames; i++) {
		if (strcasecmp(s, k->names[i]) == 0) {
			*(int *)p = (int)i;
			return MP_OK;
		}
	}
	return conf_fail_expected(ctx, conf_enum_list(k, list, sizeof(list)));
}

static enum mp_status conf_key_scalar(struct conf_ctx *ctx,
				      const struct conf_key *k, const char *s,
				      void *p)
{
	char canon[CONF_KEY_MAX];
	struct conf_echo e;

	if (!conf_key_canon(s, canon))
		return conf_fail(ctx, _("%s: invalid key name '%s'"), ctx->path,
				 conf_echo(&e, s));
	return conf_str_scalar(ctx, k, canon, p);
}

/* ------------------------------------------------------------ colours */

static enum mp_status conf_color_scalar(struct conf_ctx *ctx,
					const struct conf_key *k, const char *s,
					void *p)
{
	char word[CONF_MAX_STRING + 1];
	struct conf_echo e;

	(void)k;
	switch (conf_color_parse(s, p, word, sizeof(word))) {
	case CONF_COLOR_OK: return MP_OK;
	case CONF_COLOR_EMPTY: return conf_fail_expected(ctx, _("a colour"));
	case CONF_COLOR_UNKNOWN:
		return conf_fail(ctx, _("%s: unknown colour '%s'"), ctx->path,
				 conf_echo(&e, word));
	case CONF_COLOR_MISSING_BG:
		return conf_fail(ctx, _("%s: missing colour after 'on'"),
				 ctx->path);
	case CONF_COLOR_BAD_ATTR:
		return conf_fail(ctx, _("%s: unknown attribute '%s'"),
				 ctx->path, conf_echo(&e, word));
	}
	return conf_fail_expected(ctx, _("a colour"));
}

/* ------------------------------------------------------------ lists */

static void conf_strlist_clear(struct conf_strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->n = 0;
	l->v = NULL;
}

static void conf_list_free(const struct conf_key *k, void *p)
{
	(void)k;
	conf_strlist_clear(p);
}

static enum mp_status conf_list_node(struct conf_ctx *ctx,
				     const struct conf_key *k, void *p)
{
	struct conf_strlist *dst = p, l = { 0, NULL };
	enum mp_status st;
	char **v;

	(void)k;
	if (conf_ev_is_null(ctx)) {
		conf_strlist_clear(dst);
		return MP_OK;
	}
	if (!conf_ev_is(ctx, YAML_SEQUENCE_START_EVENT))
		return conf_fail_expected(ctx, _("a list"));
	for (;;) {
		st = conf_next(ctx);
		if (st != MP_OK)
			goto fail;
		if (conf_ev_is(ctx, YAML_SEQUENCE_END_EVENT))
			break;
		ctx->mark = ctx->ev.start_mark;
		if (l.n == CONF_MAX_ITEMS) {
			st = conf_fail(ctx,
				       ngettext("%s: more than %d item",
						"%s: more than %d items",
						CONF_MAX_ITEMS),
				       ctx->path, CONF_MAX_ITEMS);
			goto fail;
		}
		if (!conf_ev_is(ctx, YAML_SCALAR_EVENT)) {
			st = conf_fail_expected(ctx, _("a string"));
			goto fail;
		}
		v = realloc(l.v, (l.n + 2) * sizeof(*v));
		if (v == NULL)
			goto nomem;
		l.v = v;
		l.v[l.n] = conf_value_dup(
			k, conf_ev_is_null(ctx) ? "" : conf_ev_text(ctx));
		if (l.v[l.n] == NULL)
			goto nomem;
		l.v[++l.n] = NULL;
	}
	conf_strlist_clear(dst);
	*dst = l;
	return MP_OK;
nomem:
	st = conf_nomem(ctx);
fail:
	conf_strlist_clear(&l);
	return st;
}

/* ------------------------------------------------------------ bindings */

/* A key may do one thing: refuse a second binding for it. */
static enum mp_status conf_bind_check(struct conf_ctx *ctx,
				      const struct conf_keys *keys,
				      const char *key)
{
	size_t i;

	for (i = 0; i < keys->n_bindings; i++)
		if (strcmp(keys->bindings[i].key, key) == 0)
			return conf_fail(
				ctx,
				_("%s: key '%s' is already "
				  "bound to '%s'"),
				ctx->path, key,
				conf_action_name(keys->bindings[i].action));
	for (i = 0; i < keys->n_commands; i++)
		if (strcmp(keys->commands[i].key, key) == 0)
			return conf_fail(ctx,
					 _("%s: key '%s' is already "
					   "bound to a command"),
					 ctx->path, key);
	if (keys->n_bindings + keys->n_commands >= CONF_MAX_BINDINGS)
		return conf_fail(ctx, _("%s: more than %d key bindings"),
				 ctx->path, CONF_MAX_BINDINGS);
	return MP_OK;
}

static enum mp_status conf_bind_one(struct conf_ctx *ctx,
				    struct conf_keys *keys, enum conf_action a)
{
	static const struct conf_key k = { .name = "", .type = CONF_T_KEY };
	struct conf_binding *v;
	char *key = NULL;
	enum mp_status st;

	ctx->mark = ctx->ev.start_mark;
	if (!conf_ev_is(ctx, YAML_SCALAR_EVENT) || conf_ev_is_null(ctx))
		return conf_fail_expected(ctx, _("a key name"));
	st = conf_key_scalar(ctx, &k, conf_ev_text(ctx), &key);
	if (st == MP_OK)
		st = conf_bind_check(ctx, keys, key);
	if (st != MP_OK) {
		free(key);
		return st;
	}
	v = realloc(keys->bindings, (keys->n_bindings + 1) * sizeof(*v));
	if (v == NULL) {
		free(key);
		return conf_nomem(ctx);
	}
	keys->bindings = v;
	v[keys->n_bindings].action = a;
	v[keys->n_bindings++].key = key;
	return MP_OK;
}

/* "ACTION: KEY" or "ACTION: [KEY, ...]"; the current event is the key
 * naming the action. */
static enum mp_status conf_bindings_entry(struct conf_ctx *ctx,
					  struct conf_keys *keys,
					  const char *name, yaml_mark_t kmark)
{
	enum conf_action a = conf_action_from_name(name);
	enum mp_status st;
	struct conf_echo e;
	size_t n = 0, old;

	if (a == CONF_ACTION_COUNT) {
		conf_warn_at(ctx, kmark,
			     _("unknown action '%s' in section '%s'"),
			     conf_echo(&e, name), ctx->path);
		st = conf_next(ctx);
		return st != MP_OK ? st : conf_skip(ctx);
	}
	st = conf_next(ctx);
	if (st != MP_OK)
		return st;
	ctx->mark = ctx->ev.start_mark;
	conf_path_push(ctx, name, &old);
	if (conf_ev_is_null(ctx)) {
		st = MP_OK;
	} else if (conf_ev_is(ctx, YAML_SCALAR_EVENT)) {
		st = conf_bind_one(ctx, keys, a);
	} else if (!conf_ev_is(ctx, YAML_SEQUENCE_START_EVENT)) {
		st = conf_fail_expected(ctx, _("a key name or a list of "
					       "key names"));
	} else {
		for (;;) {
			st = conf_next(ctx);
			if (st != MP_OK ||
			    conf_ev_is(ctx, YAML_SEQUENCE_END_EVENT))
				break;
			if (n++ == CONF_MAX_ITEMS) {
				ctx->mark = ctx->ev.start_mark;
				st = conf_fail(
					ctx,
					ngettext("%s: more than %d item",
						 "%s: more than %d items",
						 CONF_MAX_ITEMS),
					ctx->path, CONF_MAX_ITEMS);
				break;
			}
			st = conf_bind_one(ctx, keys, a);
			if (st != MP_OK)
				break;
		}
	}
	conf_path_pop(ctx, old);
	return st;
}

static void conf_bindings_free(const struct conf_key *k, void *p)
{
	struct conf_keys *keys = p;
	size_t i;

	(void)k;
	for (i = 0; i < keys->n_bindings; i++)
		free(keys->bindings[i].key);
	free(keys->bindings);
	keys->bindings = NULL;
	keys->n_bindings = 0;
}

/* ------------------------------------------------------------ tables */

static enum mp_status conf_map_node(struct conf_ctx *ctx,
				    const struct conf_key *k, void *p);
static enum mp_status conf_commands_node(struct conf_ctx *ctx,
					 const struct conf_key *k, void *p);
static void conf_table_free(const struct conf_key *table, void *base);
static void conf_map_free(const struct conf_key *k, void *p);
static void conf_commands_free(const struct conf_key *k, void *p);
static void conf_dump_str(struct conf_ctx *ctx, const struct conf_key *k,
			  const void *p);
static void conf_dump_int(struct conf_ctx *ctx, const struct conf_key *k,
			  const void *p);
static void conf_dump_num(struct conf_ctx *ctx, const struct conf_key *k,
			  const void *p);
static void conf_dump_bool(struct conf_ctx *ctx, const struct conf_key *k,
			   const void *p);
static void conf_dump_enum(struct conf_ctx *ctx, const struct conf_key *k,
			   const void *p);
static void conf_dump_list(struct conf_ctx *ctx, const struct conf_key *k,
			   const void *p);
static void conf_dump_color(struct conf_ctx *ctx, const struct conf_key *k,
			    const void *p);
static void conf_dump_map(struct conf_ctx *ctx, const struct conf_key *k,
			  const void *p);
static void conf_dump_commands(struct conf_ctx *ctx, const struct conf_key *k,
			       const void *p);
static void conf_dump_bindings(struct conf_ctx *ctx, const struct conf_key *k,
			       const void *p);

static void conf_str_free(const struct conf_key *k, void *p)
{
	(void)k;
	free(*(char **)p);
	*(char **)p = NULL;
}

static const struct conf_type_ops conf_types[CONF_T_COUNT] = {
	[CONF_T_STR] = { N_("a string"), "string", conf_str_scalar, NULL,
			 conf_str_free, conf_dump_str },
	[CONF_T_INT] = { N_("an integer"), "integer", conf_int_scalar, NULL,
			 NULL, conf_dump_int },
	[CONF_T_NUM] = { N_("a number"), "number", conf_num_scalar, NULL, NULL,
			 conf_dump_num },
	[CONF_T_BOOL] = { N_("true or false"), "boolean", conf_bool_scalar,
			  NULL, NULL, conf_dump_bool },
	[CONF_T_ENUM] = { N_("a name"), "enum", conf_enum_scalar, NULL, NULL,
			  conf_dump_enum },
	[CONF_T_LIST] = { N_("a list"), "list", NULL, conf_list_node,
			  conf_list_free, conf_dump_list },
	[CONF_T_KEY] = { N_("a key name"), "key", conf_key_scalar, NULL,
			 conf_str_free, conf_dump_str },
	[CONF_T_COLOR] = { N_("a colour"), "colour", conf_color_scalar, NULL,
			   NULL, conf_dump_color },
	[CONF_T_MAP] = { N_("a mapping"), "mapping", NULL, conf_map_node,
			 conf_map_free, conf_dump_map },
	[CONF_T_COMMANDS] = { N_("a list of commands"), "commands", NULL,
			      conf_commands_node, conf_commands_free,
			      conf_dump_commands },
	[CONF_T_BINDINGS] = { N_("a key name or a list of key names"), "keys",
			      NULL, NULL, conf_bindings_free,
			      conf_dump_bindings },
};

static void conf_remember(struct conf_ctx *ctx)
{
	/* Entries of keys.commands are not needed and could crowd out the
	 * section keys. */
	if (ctx->n_marks < CONF_MARKS && strchr(ctx->path, '[') == NULL) {
		snprintf(ctx->marks[ctx->n_marks].path,
			 sizeof(ctx->marks[0].path), "%s", ctx->path);
		ctx->marks[ctx->n_marks++].mark = ctx->mark;
	}
}

/* Convert the value starting at the current event into the field k of
 * base; ctx->path already names it. */
static enum mp_status conf_value(struct conf_ctx *ctx, const struct conf_key *k,
				 void *base)
{
	const struct conf_type_ops *ops = &conf_types[k->type];
	void *p = (char *)base + k->offset;
	const char *text;
	char list[256];

	ctx->mark = ctx->ev.start_mark;
	conf_remember(ctx);
	if (ops->node != NULL)
		return ops->node(ctx, k, p);
	if (!conf_ev_is(ctx, YAML_SCALAR_EVENT) ||
	    (conf_ev_is_null(ctx) && k->type != CONF_T_STR))
		return conf_fail_expected(
			ctx, k->type == CONF_T_ENUM
				     ? conf_enum_list(k, list, sizeof(list))
				     : _(ops->what));
	text = conf_ev_is_null(ctx) ? "" : conf_ev_text(ctx);
	return ops->scalar(ctx, k, text, p);
}

static const struct conf_key *conf_lookup(const struct conf_key *table,
					  const char *name,
					  const struct conf_key **catchall)
{
	*catchall = NULL;
	for (; table->name != NULL; table++) {
		if (table->type == CONF_T_BINDINGS)
			*catchall = table;
		else if (strcmp(table->name, name) == 0)
			return table;
	}
	return NULL;
}

/* A mapping whose keys are k->sub; the current event is its start. */
static enum mp_status conf_map_node(struct conf_ctx *ctx,
				    const struct conf_key *k, void *p)
{
	char *seen[CONF_MAX_ITEMS];
	size_t n = 0, i, old;
	const struct conf_key *sub, *catchall;
	enum mp_status st = MP_OK;
	yaml_mark_t kmark;
	struct conf_echo e;

	if (conf_ev_is_null(ctx))
		return MP_OK;
	if (!conf_ev_is(ctx, YAML_MAPPING_START_EVENT))
		return conf_fail_expected(ctx, _("a mapping"));
	for (;;) {
		st = conf_next(ctx);
		if (st != MP_OK || conf_ev_is(ctx, YAML_MAPPING_END_EVENT))
			break;
		kmark = ctx->mark = ctx->ev.start_mark;
		if (!conf_ev_is(ctx, YAML_SCALAR_EVENT)) {
			st = conf_fail(ctx, _("mapping keys must be strings"));
			break;
		}
		if (n == CONF_MAX_ITEMS) {
			st = conf_fail(
				ctx,
				ngettext("more than %d key in a mapping",
					 "more than %d keys in a mapping",
					 CONF_MAX_ITEMS),
				CONF_MAX_ITEMS);
			break;
		}
		for (i = 0; i < n; i++)
			if (strcmp(seen[i], conf_ev_text(ctx)) == 0)
				break;
		if (i < n && *ctx->path == '\0') {
			st = conf_fail(ctx, _("duplicate section '%s'"),
				       conf_echo(&e, seen[i]));
			break;
		}
		if (i < n) {
			st = conf_fail(ctx,
				       _("duplicate key '%s' in section '%s'"),
				       conf_echo(&e, seen[i]), ctx->path);
			break;
		}
		seen[n] = conf_strdup(conf_ev_text(ctx));
		if (seen[n] == NULL) {
			st = conf_nomem(ctx);
			break;
		}
		sub = conf_lookup(k->sub, seen[n], &catchall);
		if (sub != NULL) {
			conf_path_push(ctx, sub->name, &old);
			st = conf_next(ctx);
			if (st == MP_OK)
				st = conf_value(ctx, sub, p);
			conf_path_pop(ctx, old);
		} else if (catchall != NULL) {
			st = conf_bindings_entry(ctx, p, seen[n], kmark);
		} else {
			if (*ctx->path == '\0')
				conf_warn_at(ctx, kmark,
					     _("unknown section '%s'"),
					     conf_echo(&e, seen[n]));
			else
				conf_warn_at(ctx, kmark,
					     _("unknown key '%s' in section "
					       "'%s'"),
					     conf_echo(&e, seen[n]), ctx->path);
			st = conf_next(ctx);
			if (st == MP_OK)
				st = conf_skip(ctx);
		}
		n++;
		if (st != MP_OK)
			break;
	}
	for (i = 0; i < n; i++)
		free(seen[i]);
	return st;
}

static void conf_map_free(const struct conf_key *k, void *p)
{
	conf_table_free(k->sub, p);
}

static void conf_command_clear(struct conf_command *cmd)
{
	conf_table_free(conf_command_keys, cmd);
}

/* keys.commands: a list of {key: KEY, run: [ARGV...]}. */
static enum mp_status conf_commands_node(struct conf_ctx *ctx,
					 const struct conf_key *k, void *p)
{
	const struct conf_key entry = { .type = CONF_T_MAP, .sub = k->sub };
	struct conf_keys *keys = p;
	struct conf_command cmd, *v;
	enum mp_status st;
	yaml_mark_t mark;
	size_t old, n = 0;
	char idx[24];

	if (conf_ev_is_null(ctx))
		return MP_OK;
	if (!conf_ev_is(ctx, YAML_SEQUENCE_START_EVENT))
		return conf_fail_expected(ctx, _("a list of commands"));
	for (;;) {
		st = conf_next(ctx);
		if (st != MP_OK || conf_ev_is(ctx, YAML_SEQUENCE_END_EVENT))
			return st;
		mark = ctx->mark = ctx->ev.start_mark;
		if (n == CONF_MAX_ITEMS)
			return conf_fail(ctx,
					 ngettext("%s: more than %d item",
						  "%s: more than %d items",
						  CONF_MAX_ITEMS),
					 ctx->path, CONF_MAX_ITEMS);
		/* The path is "keys.commands" plus the index. */
		old = strlen(ctx->path);
		snprintf(idx, sizeof(idx), "[%zu]", n++);
		snprintf(ctx->path + old, sizeof(ctx->path) - old, "%s", idx);
		if (!conf_ev_is(ctx, YAML_MAPPING_START_EVENT)) {
			st = conf_fail_expected(ctx, _("a mapping with 'key' "
						       "and 'run'"));
			conf_path_pop(ctx, old);
			return st;
		}
		memset(&cmd, 0, sizeof(cmd));
		st = conf_map_node(ctx, &entry, &cmd);
		ctx->mark = mark;
		if (st == MP_OK && (cmd.key == NULL || cmd.run.n == 0))
			st = conf_fail(ctx,
				       _("%s: needs 'key' and a non-empty "
					 "'run'"),
				       ctx->path);
		if (st == MP_OK)
			st = conf_bind_check(ctx, keys, cmd.key);
		conf_path_pop(ctx, old);
		if (st == MP_OK) {
			v = realloc(keys->commands,
				    (keys->n_commands + 1) * sizeof(*v));
			if (v == NULL) {
				st = conf_nomem(ctx);
			} else {
				keys->commands = v;
				v[keys->n_commands++] = cmd;
				continue;
			}
		}
		conf_command_clear(&cmd);
		return st;
	}
}

static void conf_commands_free(const struct conf_key *k, void *p)
{
	struct conf_keys *keys = p;
	size_t i;

	(void)k;
	for (i = 0; i < keys->n_commands; i++)
		conf_command_clear(&keys->commands[i]);
	free(keys->commands);
	keys->commands = NULL;
	keys->n_commands = 0;
}

static void conf_table_free(const struct conf_key *table, void *base)
{
	const struct conf_key *k;

	for (k = table; k->name != NULL; k++)
		if (conf_types[k->type].free != NULL)
			conf_types[k->type].free(k, (char *)base + k->offset);
}

/* Set every field of table from its default text, through the same
 * converters a file goes through. */
static enum mp_status conf_table_defaults(struct conf_ctx *ctx,
					  const struct conf_key *table,
					  void *base)
{
	const struct conf_key *k;
	enum mp_status st;
	void *p;

	for (k = table; k->name != NULL; k++) {
		p = (char *)base + k->offset;
		if (k->type == CONF_T_MAP)
			st = conf_table_defaults(ctx, k->sub, p);
		else if (conf_types[k->type].scalar != NULL && k->def != NULL)
			st = conf_types[k->type].scalar(ctx, k, k->def, p);
		else
			st = MP_OK; /* lists and bindings start empty */
		if (st != MP_OK)
			return st;
	}
	return MP_OK;
}

/* ------------------------------------------------------------ cross-checks */

static bool conf_needs_command(const struct conf *c)
{
	return c->capture.source == CONF_CAPTURE_COMMAND &&
	       c->capture.command.n == 0;
}

static bool conf_needs_url(const struct conf *c)
{
	return c->capture.source == CONF_CAPTURE_URL && *c->capture.url == '\0';
}

static bool conf_needs_file(const struct conf *c)
{
	return c->capture.source == CONF_CAPTURE_FILE &&
	       *c->capture.file == '\0';
}

/* Settings that only make sense together, reported at the first path. */
static const struct {
	const char *at;
	bool (*bad)(const struct conf *c);
	const char *msg;
} conf_checks[] = {
	{ "capture.source", conf_needs_command,
	  N_("capture.source is 'command' but capture.command is empty") },
	{ "capture.source", conf_needs_url,
	  N_("capture.source is 'url' but capture.url is empty") },
	{ "capture.source", conf_needs_file,
	  N_("capture.source is 'file' but capture.file is empty") },
};

static enum mp_status conf_cross_check(struct conf_ctx *ctx,
				       const struct conf *c)
{
	yaml_mark_t mark = { 0, 0, 0 };
	size_t i, j;

	for (i = 0; i < CONF_LEN(conf_checks); i++) {
		if (!conf_checks[i].bad(c))
			continue;
		for (j = 0; j < ctx->n_marks; j++)
			if (strcmp(ctx->marks[j].path, conf_checks[i].at) == 0)
				mark = ctx->marks[j].mark;
		return conf_fail_at(ctx, MP_EINVAL, mark, "%s",
				    _(conf_checks[i].msg));
	}
	return MP_OK;
}

/* ------------------------------------------------------------ public */

static void conf_clear(struct conf *c)
{
	conf_table_free(conf_sections, c);
}

static void conf_set_defaults(struct conf *c)
{
	struct conf_ctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	ctx.defaults = true;
	ctx.name = "defaults";
	memset(c, 0, sizeof(*c));
	if (conf_table_defaults(&ctx, conf_sections, c) != MP_OK) {
		/* Only a failed malloc of a few bytes gets here. */
		fprintf(stderr, "moodplay: out of memory\n");
		abort();
	}
}

struct conf *conf_new(void)
{
	struct conf *c = xmalloc(sizeof(*c));

	conf_set_defaults(c);
	return c;
}

void conf_free(struct conf *c)
{
	if (c == NULL)
		return;
	conf_clear(c);
	free(c);
}

/* The single document: nothing, null, or a mapping of sections. */
static enum mp_status conf_document(struct conf_ctx *ctx, struct conf *c)
{
	enum mp_status st;

	st = conf_next(ctx); /* stream start */
	if (st == MP_OK)
		st = conf_next(ctx);
	if (st != MP_OK || conf_ev_is(ctx, YAML_STREAM_END_EVENT))
		return st;
	st = conf_next(ctx); /* after document start */
	if (st != MP_OK)
		return st;
	ctx->mark = ctx->ev.start_mark;
	if (conf_ev_is(ctx, YAML_MAPPING_START_EVENT))
		st = conf_map_node(ctx, &conf_root, c);
	else if (!conf_ev_is_null(ctx))
		st = conf_fail(ctx, _("the top level must be a mapping of "
				      "sections such as 'mpd:'"));
	if (st == MP_OK)
		st = conf_next(ctx); /* document end */
	if (st == MP_OK)
		st = conf_next(ctx);
	if (st == MP_OK && !conf_ev_is(ctx, YAML_STREAM_END_EVENT))
		st = conf_fail_at(ctx, MP_EINVAL, ctx->ev.start_mark,
				  _("only one YAML document is allowed"));
	if (st == MP_OK)
		st = conf_cross_check(ctx, c);
	return st;
}

enum mp_status conf_load_buffer(struct conf *c, const char *name,
				const char *buf, size_t len, conf_warn_fn *warn,
				void *ud, struct mp_error *err)
{
	struct conf_ctx *ctx;
	struct conf tmp;
	enum mp_status st;

	if (len > CONF_MAX_FILE_SIZE)
		return mp_error_set(
			err, MP_EINVAL,
			ngettext("%s: file too large (%zu bytes, at most "
				 "%d)",
				 "%s: file too large (%zu bytes, at most "
				 "%d)",
				 CONF_MAX_FILE_SIZE),
			name, len, CONF_MAX_FILE_SIZE);
	ctx = calloc(1, sizeof(*ctx));
	if (ctx == NULL)
		return mp_error_set(err, MP_ENOMEM, _("%s: out of memory"),
				    name);
	ctx->name = name;
	ctx->buf = buf != NULL ? buf : "";
	ctx->len = buf != NULL ? len : 0;
	ctx->warn = warn;
	ctx->ud = ud;
	ctx->err = err;
	if (!yaml_parser_initialize(&ctx->parser)) {
		free(ctx);
		return mp_error_set(err, MP_ENOMEM, _("%s: out of memory"),
				    name);
	}
	yaml_parser_set_input_string(&ctx->parser,
				     (const unsigned char *)ctx->buf, ctx->len);
	yaml_parser_set_encoding(&ctx->parser, YAML_UTF8_ENCODING);

	conf_set_defaults(&tmp);
	st = conf_document(ctx, &tmp);

	if (ctx->have_ev)
		yaml_event_delete(&ctx->ev);
	yaml_parser_delete(&ctx->parser);
	free(ctx);
	if (st != MP_OK) {
		conf_clear(&tmp);
		return st;
	}
	conf_clear(c);
	*c = tmp;
	return MP_OK;
}

enum mp_status conf_load_file(struct conf *c, const char *path,
			      conf_warn_fn *warn, void *ud,
			      struct mp_error *err)
{
	size_t len = 0, cap = CONF_MAX_FILE_SIZE + 1;
	enum mp_status st;
	struct stat sb;
	ssize_t r;
	char *buf;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return mp_error_set(err, errno == ENOENT ? MP_ENOENT : MP_ERR,
				    "%s: %s", path, strerror(errno));
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		close(fd);
		return mp_error_set(err, MP_ERR, "%s: %s", path,
				    strerror(EISDIR));
	}
	/* Read one byte past the limit to tell "at the limit" from "over". */
	buf = malloc(cap);
	if (buf == NULL) {
		close(fd);
		return mp_error_set(err, MP_ENOMEM, _("%s: out of memory"),
				    path);
	}
	while (len < cap) {
		r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			st = mp_error_set(err, MP_ERR, "%s: %s", path,
					  strerror(errno));
			free(buf);
			close(fd);
			return st;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	if (len > CONF_MAX_FILE_SIZE)
		st = mp_error_set(
			err, MP_EINVAL,
			ngettext("%s: file too large (more than %d byte)",
				 "%s: file too large (more than %d bytes)",
				 CONF_MAX_FILE_SIZE),
			path, CONF_MAX_FILE_SIZE);
	else
		st = conf_load_buffer(c, path, buf, len, warn, ud, err);
	free(buf);
	return st;
}

static bool conf_exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 || errno != ENOENT;
}

char *conf_find_path(const char *cli_path, bool *explicit_out)
{
	static const struct {
		const char *env;
		const char *suffix;
	} implicit[] = {
		{ "XDG_CONFIG_HOME", "/moodplay/config.yaml" },
		{ "HOME", "/.config/moodplay/config.yaml" },
	};
	const char *v;
	char *path;
	size_t i;

	if (explicit_out != NULL)
		*explicit_out = true;
	if (cli_path != NULL && *cli_path != '\0')
		return xstrdup(cli_path);
	v = getenv("MOODPLAY_CONFIG");
	if (v != NULL && *v != '\0')
		return xstrdup(v);
	if (explicit_out != NULL)
		*explicit_out = false;
	for (i = 0; i < CONF_LEN(implicit); i++) {
		v = getenv(implicit[i].env);
		/* The XDG spec says relative paths are to be ignored. */
		if (v == NULL || v[0] != '/')
			continue;
		path = xasprintf("%s%s", v, implicit[i].suffix);
		if (conf_exists(path))
			return path;
		free(path);
	}
	return NULL;
}

/* ------------------------------------------------------------ dump */

static void conf_out(struct conf_ctx *ctx, const char *fmt, ...)
	MP_PRINTF(2, 3);

static void conf_out(struct conf_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(ctx->out + ctx->out_len,
			      ctx->out_cap - ctx->out_len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < ctx->out_cap - ctx->out_len) {
			ctx->out_len += (size_t)n;
			return;
		}
		ctx->out_cap = ctx->out_cap * 2 + (size_t)(n > 0 ? n : 0) + 64;
		ctx->out = xrealloc(ctx->out, ctx->out_cap);
	}
}

/* A YAML double-quoted string. */
static void conf_out_quoted(struct conf_ctx *ctx, const char *s)
{
	conf_out(ctx, "\"");
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			conf_out(ctx, "\\%c", *s);
		else if ((unsigned char)*s < 0x20 || *s == 0x7f)
			conf_out(ctx, "\\x%02x", (unsigned char)*s);
		else
			conf_out(ctx, "%c", *s);
	}
	conf_out(ctx, "\"");
}

/* "  name: " at the current nesting. */
static void conf_out_key(struct conf_ctx *ctx, const char *name)
{
	conf_out(ctx, "%*s%s: ", 2 * ctx->dump_indent, "", name);
}

static void conf_dump_str(struct conf_ctx *ctx, const struct conf_key *k,
			  const void *p)
{
	const char *s = *(char *const *)p;

	conf_out_key(ctx, k->name);
	conf_out_quoted(ctx, s != NULL ? s : "");
	conf_out(ctx, "\n");
}

static void conf_dump_int(struct conf_ctx *ctx, const struct conf_key *k,
			  const void *p)
{
	conf_out_key(ctx, k->name);
	conf_out(ctx, "%d\n", *(const int *)p);
}

static void conf_dump_num(struct conf_ctx *ctx, const struct conf_key *k,
			  const void *p)
{
	char buf[40];

	conf_fmt_num(buf, sizeof(buf), *(const double *)p);
	conf_out_key(ctx, k->name);
	conf_out(ctx, "%s\n", buf);
}

static void conf_dump_bool(struct conf_ctx *ctx, const struct conf_key *k,
			   const void *p)
{
	conf_out_key(ctx, k->name);
	conf_out(ctx, "%s\n", *(const bool *)p ? "true" : "false");
}

static void conf_dump_enum(struct conf_ctx *ctx, const struct conf_key *k,
			   const void *p)
{
	int v = *(const int *)p;

	conf_out_key(ctx, k->name);
	if (v >= 0 && (size_t)v < k->nnames)
		conf_out(ctx, "%s\n", k->names[v]);
	else
		conf_out(ctx, "%d\n", v); /* not loadable: a caller's bug */
}

static void conf_out_list(struct conf_ctx *ctx, const struct conf_strlist *l)
{
	size_t i;

	conf_out(ctx, "[");
	for (i = 0; i < l->n; i++) {
		conf_out(ctx, "%s", i > 0 ? ", " : "");
		conf_out_quoted(ctx, l->v[i]);
	}
	conf_out(ctx, "]\n");
}

static void conf_dump_list(struct conf_ctx *ctx, const struct conf_key *k,
			   const void *p)
{
	conf_out_key(ctx, k->name);
	conf_out_list(ctx, p);
}

static void conf_dump_color(struct conf_ctx *ctx, const struct conf_key *k,
			    const void *p)
{
	char buf[64];

	conf_color_format(p, buf, sizeof(buf));
	conf_out_key(ctx, k->name);
	conf_out(ctx, "\"%s\"\n", buf);
}

static void conf_dump_table(struct conf_ctx *ctx, const struct conf_key *table,
			    const void *base)
{
	const struct conf_key *k;

	for (k = table; k->name != NULL; k++)
		conf_types[k->type].dump(ctx, k,
					 (const char *)base + k->offset);
}

static void conf_dump_map(struct conf_ctx *ctx, const struct conf_key *k,
			  const void *p)
{
	conf_out(ctx, "%*s%s:\n", 2 * ctx->dump_indent, "", k->name);
	ctx->dump_indent++;
	conf_dump_table(ctx, k->sub, p);
	ctx->dump_indent--;
}

/* "- key: ..." items, the entry's other keys aligned under the first. */
static void conf_dump_commands(struct conf_ctx *ctx, const struct conf_key *k,
			       const void *p)
{
	const struct conf_keys *keys = p;
	const struct conf_command *cmd;
	size_t i;

	conf_out(ctx, "%*s%s:%s\n", 2 * ctx->dump_indent, "", k->name,
		 keys->n_commands == 0 ? " []" : "");
	for (i = 0; i < keys->n_commands; i++) {
		cmd = &keys->commands[i];
		conf_out(ctx, "%*s- key: ", 2 * ctx->dump_indent + 2, "");
		conf_out_quoted(ctx, cmd->key);
		conf_out(ctx, "\n%*srun: ", 2 * ctx->dump_indent + 4, "");
		conf_out_list(ctx, &cmd->run);
	}
}

/* One "action: [keys]" line per action; a file lists each action once,
 * so its bindings are consecutive. */
static void conf_dump_bindings(struct conf_ctx *ctx, const struct conf_key *k,
			       const void *p)
{
	const struct conf_keys *keys = p;
	const struct conf_binding *b = keys->bindings;
	size_t i;

	(void)k;
	for (i = 0; i < keys->n_bindings; i++) {
		if (i == 0 || b[i].action != b[i - 1].action) {
			conf_out_key(ctx, conf_action_name(b[i].action));
			conf_out(ctx, "[");
		} else {
			conf_out(ctx, ", ");
		}
		conf_out_quoted(ctx, b[i].key);
		if (i + 1 == keys->n_bindings || b[i + 1].action != b[i].action)
			conf_out(ctx, "]\n");
	}
}

char *conf_dump(const struct conf *c)
{
	struct conf_ctx *ctx = xcalloc(1, sizeof(*ctx));
	char *out;

	ctx->out_cap = 4096;
	ctx->out = xmalloc(ctx->out_cap);
	ctx->out[0] = '\0';
	conf_dump_table(ctx, conf_sections, c);
	out = ctx->out;
	free(ctx);
	return out;
}

static void conf_schema_table(const struct conf_key *table, char *path,
			      size_t size, conf_schema_fn *fn, void *ud)
{
	const struct conf_key *k;
	size_t old = strlen(path);

	for (k = table; k->name != NULL; k++) {
		snprintf(path + old, size - old, "%s%s", old > 0 ? "." : "",
			 k->name);
		if (k->type == CONF_T_MAP)
			conf_schema_table(k->sub, path, size, fn, ud);
		else
			fn(ud, path, conf_types[k->type].doc,
			   k->def != NULL ? k->def : "", _(k->doc));
		path[old] = '\0';
	}
}

void conf_schema_foreach(conf_schema_fn *fn, void *ud)
{
	char path[CONF_PATH_MAX] = "";

	conf_schema_table(conf_sections, path, sizeof(path), fn, ud);
}
