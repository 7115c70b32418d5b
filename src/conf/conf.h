/* moodplay - configuration: a YAML file read into a record of plain values.
 *
 * The schema is a const table in conf.c (one row per key: name, type,
 * offset, default, bounds, one-line doc); parsing, defaults, freeing and
 * conf_dump() all walk that table, and moodplay.conf(5) and
 * conf/moodplay.yaml are checked against it by tests/test-conf.c.
 *
 * Ownership: struct conf owns every string and array reachable from it; they
 * are freed by conf_free().  Callers read fields directly and must not free
 * or keep pointers past conf_free()/the next conf_load_*() on the same
 * record.  Strings are never NULL ("" means unset); an empty list is
 * {0, NULL}.  In file names (capture.file, capture.device,
 * capture.save_dir, face.cascade, model.path, dataset.files) a leading "~/"
 * has already been replaced by $HOME. */
#ifndef MOODPLAY_CONF_H
#define MOODPLAY_CONF_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "conf/conf-color.h"
#include "conf/conf-keys.h"

/* Input limits: bigger input is rejected with a position, not truncated. */
#define CONF_MAX_FILE_SIZE (1024 * 1024) /* bytes */
#define CONF_MAX_STRING 4096             /* bytes in one scalar */
#define CONF_MAX_ITEMS 256               /* items in a list or mapping */
#define CONF_MAX_BINDINGS 1024           /* key bindings in all */
#define CONF_MAX_DEPTH 32                /* nesting of lists/mappings */

/* A list of strings.  When n > 0, v[n] == NULL so v can be used as argv. */
struct conf_strlist {
	size_t n;
	char **v;
};

enum conf_capture_source {
	CONF_CAPTURE_AUTO,    /* fswebcam or ffmpeg on capture.device */
	CONF_CAPTURE_COMMAND, /* run capture.command */
	CONF_CAPTURE_URL,     /* HTTP GET capture.url */
	CONF_CAPTURE_FILE,    /* read capture.file (image or directory) */
	CONF_CAPTURE_SOURCE_COUNT
};

enum conf_isa {
	CONF_ISA_AUTO,
	CONF_ISA_SCALAR,
	CONF_ISA_AVX2,
	CONF_ISA_AVX512VNNI,
	CONF_ISA_COUNT
};

enum conf_mood_model {
	CONF_MOOD_CIRCUMPLEX,
	CONF_MOOD_SEGMENTS,
	CONF_MOOD_MODEL_COUNT
};

enum conf_mood_strategy {
	CONF_STRATEGY_MATCH, /* music that matches the mood */
	CONF_STRATEGY_LIFT,  /* a little happier / more energetic */
	CONF_STRATEGY_CALM,  /* lower arousal */
	CONF_STRATEGY_COUNT
};

enum conf_queue_mode {
	CONF_QUEUE_REPLACE_UPCOMING, /* keep the playing song, replace the rest */
	CONF_QUEUE_REPLACE,          /* clear the queue first */
	CONF_QUEUE_APPEND,
	CONF_QUEUE_MODE_COUNT
};

/* Names as written in the file, indexed by the enums above. */
extern const char *const conf_capture_source_names[CONF_CAPTURE_SOURCE_COUNT];
extern const char *const conf_isa_names[CONF_ISA_COUNT];
extern const char *const conf_mood_model_names[CONF_MOOD_MODEL_COUNT];
extern const char *const conf_mood_strategy_names[CONF_STRATEGY_COUNT];
extern const char *const conf_queue_mode_names[CONF_QUEUE_MODE_COUNT];

/* Run an external command on the selected song; "%file" in run.v is
 * replaced by the song's URI. */
struct conf_command {
	char *key;
	struct conf_strlist run;
};

struct conf_mpd {
	/* --host etc. and $MPD_HOST/$MPD_PORT take precedence over these. */
	char *host;        /* "" = unset (localhost); may be "pw@host" */
	int port;          /* 0 = unset (6600) */
	char *password;    /* "" = none */
	double timeout;    /* seconds, > 0 */
	int reconnect_max; /* seconds, upper bound of reconnect backoff */
};

struct conf_capture {
	enum conf_capture_source source;
	struct conf_strlist command; /* argv; "{output}" = file to write */
	char *url;
	char *url_user;
	char *url_password;
	char *file;   /* image, or directory of images */
	char *device; /* for source auto */
	double timeout;
	int max_bytes;     /* largest image accepted */
	int frames;        /* frames grabbed; the best face wins */
	int max_dimension; /* largest width or height accepted */
	char *save_dir;    /* "" = snapshots are not kept */
};

struct conf_face {
	char *cascade;
	double scale_factor;
	int min_neighbors;
	int min_size;  /* pixels */
	double margin; /* fraction of the face box added on each side */
};

struct conf_model {
	char *path; /* "" = built-in model */
	enum conf_isa isa;
	bool flip;
};

struct conf_dataset {
	struct conf_strlist files;
	bool genre_fallback;
	double duration_tolerance; /* seconds */
	bool cache;
};

struct conf_weights {
	double valence, energy, tempo, loudness;
};

struct conf_mood {
	enum conf_mood_model model;
	enum conf_mood_strategy strategy;
	double half_life; /* seconds */
	bool confirm;
	bool calibration;            /* apply the stored calibration */
	double calibration_fraction; /* 0..1 */
	double auto_interval;        /* minutes, 0 = off */
	double auto_distance;        /* valence/arousal distance to re-plan */
	struct conf_weights weights;
};

struct conf_queue {
	int count;
	enum conf_queue_mode mode;
	double temperature;
	int artist_gap;
	int history;
	bool play;
};

struct conf_ui {
	bool confirm_clear; /* clear asks first */
};

struct conf_keys {
	bool defaults; /* start from conf_default_bindings() */
	size_t n_bindings;
	struct conf_binding *bindings; /* in file order */
	size_t n_commands;
	struct conf_command *commands;
};

struct conf {
	struct conf_mpd mpd;
	struct conf_capture capture;
	struct conf_face face;
	struct conf_model model;
	struct conf_dataset dataset;
	struct conf_mood mood;
	struct conf_queue queue;
	struct conf_ui ui;
	struct conf_keys keys;
	struct conf_color colors[CONF_EL_COUNT];
};

/* A record holding the built-in defaults; free with conf_free(). */
struct conf *conf_new(void);
void conf_free(struct conf *c);

/* Receives each warning ("FILE:LINE:COL: unknown key 'x' in section 'y'"). */
typedef void conf_warn_fn(void *ud, const char *msg);

/* Parse YAML from buf (len bytes, need not be NUL-terminated).  On success
 * *c becomes the built-in defaults overlaid with the file's values; on
 * failure *c is unchanged and err holds "NAME:LINE:COL: message".  name is
 * only used in messages.  warn may be NULL.  Returns MP_EINVAL for any
 * problem with the content (syntax, type, range, size limits), MP_ENOMEM
 * when memory runs out. */
enum mp_status conf_load_buffer(struct conf *c, const char *name,
				const char *buf, size_t len, conf_warn_fn *warn,
				void *ud, struct mp_error *err);

/* conf_load_buffer() on a file's contents.  MP_ENOENT when it does not
 * exist, MP_ERR when it cannot be read. */
enum mp_status conf_load_file(struct conf *c, const char *path,
			      conf_warn_fn *warn, void *ud,
			      struct mp_error *err);

/* The configuration file to read: cli_path (--config), $MOODPLAY_CONFIG,
 * $XDG_CONFIG_HOME/moodplay/config.yaml, ~/.config/moodplay/config.yaml.
 * The first two are returned as given with *explicit_out = true (a missing
 * file is the caller's error); the others only if they exist.  NULL when
 * none applies (use the defaults).  The result is malloc'd. */
char *conf_find_path(const char *cli_path, bool *explicit_out);

/* The whole record as YAML, every key explicit, in schema order, in a
 * canonical form (strings double-quoted, numbers shortest): loading it
 * gives the same record, and equal records give equal text.  For a
 * --dump-config option and tests.  malloc'd. */
char *conf_dump(const struct conf *c);

/* Calls fn for every key of the schema, in table order: path
 * ("mood.weights.tempo", "keys.ACTION"), type name ("integer"), default as
 * written in YAML, and the translated one-line doc. */
typedef void conf_schema_fn(void *ud, const char *path, const char *type,
			    const char *def, const char *doc);
void conf_schema_foreach(conf_schema_fn *fn, void *ud);

#endif
