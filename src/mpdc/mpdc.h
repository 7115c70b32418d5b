/* moodplay - the MPD connection: connect (blocking or from a helper thread so
 * a UI never freezes), reconnect with backoff, idle, and the operations
 * moodplay needs, each returning an mp_status with a message.
 *
 * A struct mpdc is used from one thread.  When any operation reports
 * MP_ECONN/MP_ETIMEDOUT/MP_EPROTO the connection has been dropped and
 * mpdc_state() says MPDC_DISCONNECTED; connect again (mpdc_connect or
 * mpdc_connect_start) after mpdc_retry_delay_ms().
 *
 * The program must ignore SIGPIPE: a write to a server that went away
 * then fails with EPIPE and is reported as MP_ECONN. */
#ifndef MOODPLAY_MPDC_H
#define MOODPLAY_MPDC_H

#include "base/error.h"
#include "mpdc/mpdc-host.h"
#include "base/song.h"

#include <stdbool.h>
#include <stddef.h>

struct mpdc;

enum mpdc_state {
	MPDC_DISCONNECTED,
	MPDC_CONNECTING,
	MPDC_CONNECTED,
};

enum mpdc_play_state {
	MPDC_UNKNOWN,
	MPDC_STOP,
	MPDC_PLAY,
	MPDC_PAUSE,
};

struct mpdc_status {
	enum mpdc_play_state state;
	int volume; /* 0-100, -1 = no mixer */
	bool repeat, random, single, consume;
	unsigned queue_length;
	unsigned queue_version;
	int song_pos; /* -1 = none */
	unsigned song_id;
	unsigned elapsed_ms;
	unsigned total_ms;
	unsigned kbit_rate;
	unsigned crossfade; /* seconds */
	bool updating_db;
	char error[256]; /* MPD's player error, "" when none */
};

enum mpdc_queue_mode {
	MPDC_QUEUE_REPLACE_UPCOMING, /* keep the playing song, replace the rest */
	MPDC_QUEUE_REPLACE,
	MPDC_QUEUE_APPEND,
};

/* Idle event bits, as libmpdclient's enum mpd_idle. */
typedef unsigned mpdc_idle_mask;

/* Copies ep.  timeout_ms bounds connecting and every reply;
 * reconnect_max_ms caps the backoff between attempts. */
struct mpdc *mpdc_new(const struct mpdc_endpoint *ep, unsigned timeout_ms,
		      unsigned reconnect_max_ms);
void mpdc_free(struct mpdc *m);

enum mpdc_state mpdc_state(const struct mpdc *m);
const struct mpdc_endpoint *mpdc_endpoint(const struct mpdc *m);
/* Server protocol version as "0.23.5", or "" when not connected. */
const char *mpdc_server_version(const struct mpdc *m);

/* Connect now, blocking up to the timeout (one-shot commands). */
enum mp_status mpdc_connect(struct mpdc *m, struct mp_error *err);

/* Start connecting in a helper thread; mpdc_connect_fd() becomes readable
 * when the attempt is over, then call mpdc_connect_finish(). */
enum mp_status mpdc_connect_start(struct mpdc *m, struct mp_error *err);
int mpdc_connect_fd(const struct mpdc *m);
enum mp_status mpdc_connect_finish(struct mpdc *m, struct mp_error *err);

/* Milliseconds to wait before the next attempt: 0 after a success, then
 * 250 ms doubling up to reconnect_max after each failure. */
unsigned mpdc_retry_delay_ms(const struct mpdc *m);

void mpdc_disconnect(struct mpdc *m);

/* Idle: enter idle mode, poll mpdc_fd() for reading, then mpdc_idle_end().
 * Any other operation leaves idle mode by itself (noidle). */
enum mp_status mpdc_idle_begin(struct mpdc *m, struct mp_error *err);
int mpdc_fd(const struct mpdc *m); /* -1 when not connected */
enum mp_status mpdc_idle_end(struct mpdc *m, mpdc_idle_mask *events,
			     struct mp_error *err);

enum mp_status mpdc_get_status(struct mpdc *m, struct mpdc_status *st,
			       struct mp_error *err);
/* Status, current song and, when queue is not NULL, the whole queue
 * appended to it, in one round trip for queues up to a page.  *found is
 * false (and song untouched) when nothing is current, and on failure. */
enum mp_status mpdc_get_state(struct mpdc *m, struct mpdc_status *st,
			      struct mp_song *song, bool *found,
			      struct mp_song_list *queue, struct mp_error *err);
/* A queue position and the id of the song there. */
struct mpdc_posid {
	unsigned pos, id;
};

/* One consistent look at the queue for a client that holds only part of
 * it: status, current song, the positions changed since a version and
 * the songs of one window, in one command list (MPD runs it as one, so
 * all of it is the same version of the queue). */
struct mpdc_queue_sync {
	/* Asked: with_changes for "plchangesposid since"; the window
	 * [start, end) when end > start (past the queue's end it is cut). */
	bool with_changes;
	unsigned since, start, end;
	/* Answered (mpdc_queue_sync_clear frees them). */
	struct mpdc_status st;
	struct mp_song current;
	bool found;
	struct mpdc_posid *changes;
	size_t n_changes, cap_changes;
	struct mp_song_list songs;
};

void mpdc_queue_sync_init(struct mpdc_queue_sync *q);
void mpdc_queue_sync_clear(struct mpdc_queue_sync *q);
/* Fill q's answer.  A window that the queue no longer reaches (it
 * shrank since) is dropped rather than failing the whole look. */
enum mp_status mpdc_queue_sync(struct mpdc *m, struct mpdc_queue_sync *q,
			       struct mp_error *err);
/* Appends the whole queue to out, in pages. */
enum mp_status mpdc_queue_list(struct mpdc *m, struct mp_song_list *out,
			       struct mp_error *err);
/* Appends every song of the database to out, page_size songs per request
 * so a large library never exceeds MPD's output buffer (0: 4096). */
enum mp_status mpdc_library_list(struct mpdc *m, unsigned page_size,
				 struct mp_song_list *out,
				 struct mp_error *err);
/* A list of strings (tag values, directory paths); owns its strings. */
struct mpdc_names {
	char **v;
	size_t n, cap;
};

void mpdc_names_init(struct mpdc_names *l);
void mpdc_names_clear(struct mpdc_names *l);

/* The tags moodplay browses and searches by; MPDC_TAG_FILE stands for the
 * song's URI (MPD's "file"), which is not a tag but is listed and matched
 * the same way. */
enum mpdc_tag {
	MPDC_TAG_ARTIST,
	MPDC_TAG_ALBUM,
	MPDC_TAG_TITLE,
	MPDC_TAG_ALBUM_ARTIST,
	MPDC_TAG_GENRE,
	MPDC_TAG_COMPOSER,
	MPDC_TAG_PERFORMER,
	MPDC_TAG_FILE,
	MPDC_TAG_COUNT
};

/* An exact tag match.  value "" matches the songs without that tag (MPD's
 * rule).  Values go to MPD quoted by libmpdclient: any text is safe. */
struct mpdc_match {
	enum mpdc_tag tag;
	const char *value;
};

/* The distinct values of tag among the songs matching every match[i]
 * (nmatch 0: the whole database), as MPD sorts them ("list").  "" stands
 * for songs without the tag.  At most max values are appended to out;
 * *truncated (may be NULL) says whether MPD had more.  MPDC_TAG_FILE lists
 * every song's URI and takes no match. */
enum mp_status mpdc_tag_values(struct mpdc *m, enum mpdc_tag tag,
			       const struct mpdc_match *match, size_t nmatch,
			       size_t max, struct mpdc_names *out,
			       bool *truncated, struct mp_error *err);
/* The songs matching every match[i] exactly ("find"), in MPD's order, in
 * windows; at most max are appended to out (*truncated as above). */
enum mp_status mpdc_find_songs(struct mpdc *m, const struct mpdc_match *match,
			       size_t nmatch, size_t max,
			       struct mp_song_list *out, bool *truncated,
			       struct mp_error *err);
/* As mpdc_find_songs, but each value matches as MPD's "search" does: a
 * substring, ignoring case (MPD folds case, not accents). */
enum mp_status mpdc_search_songs(struct mpdc *m, const struct mpdc_match *match,
				 size_t nmatch, size_t max,
				 struct mp_song_list *out, bool *truncated,
				 struct mp_error *err);
/* One directory of the database ("lsinfo"; "" = the root): the paths of
 * its subdirectories to dirs, its songs to songs (playlists skipped), at
 * most max entries in all (*truncated as above). */
enum mp_status mpdc_list_dir(struct mpdc *m, const char *path, size_t max,
			     struct mpdc_names *dirs,
			     struct mp_song_list *songs, bool *truncated,
			     struct mp_error *err);
/* Append to the queue, on the server, every song matching every match[i]
 * ("findadd"; nmatch must be > 0), or a song or a whole directory by its
 * URI ("add").  *added gets how many songs the queue grew by. */
enum mp_status mpdc_add_matching(struct mpdc *m, const struct mpdc_match *match,
				 size_t nmatch, unsigned *added,
				 struct mp_error *err);
enum mp_status mpdc_add_uri(struct mpdc *m, const char *uri, unsigned *added,
			    struct mp_error *err);
/* Seconds since the epoch of the last database update (0 = unknown). */
enum mp_status mpdc_db_update_time(struct mpdc *m, long long *out,
				   struct mp_error *err);
/* Start a database update (rescan), as "mpc update". */
enum mp_status mpdc_update_db(struct mpdc *m, struct mp_error *err);

/* Put uris into the queue in one command list.  Either the whole change
 * happens or the old queue is left as it was.  With play, playback starts
 * (or goes on) with the first new song unless the kept song is playing.
 * On success err holds nothing, or a note (mp_error_note()) that MPD
 * answered late but applied the change, which the user must be shown. */
enum mp_status mpdc_queue_apply(struct mpdc *m, enum mpdc_queue_mode mode,
				const char *const *uris, size_t n, bool play,
				struct mp_error *err);

enum mp_status mpdc_play(struct mpdc *m, int pos,
			 struct mp_error *err); /* pos -1 = resume */
enum mp_status mpdc_toggle_pause(struct mpdc *m, struct mp_error *err);
enum mp_status mpdc_stop(struct mpdc *m, struct mp_error *err);
enum mp_status mpdc_next(struct mpdc *m, struct mp_error *err);
enum mp_status mpdc_previous(struct mpdc *m, struct mp_error *err);
/* Seek in the current song: relative when relative is true. */
enum mp_status mpdc_seek(struct mpdc *m, int seconds, bool relative,
			 struct mp_error *err);
enum mp_status mpdc_set_volume(struct mpdc *m, int volume, bool relative,
			       struct mp_error *err);
enum mpdc_flag { MPDC_REPEAT, MPDC_RANDOM, MPDC_SINGLE, MPDC_CONSUME };
enum mp_status mpdc_set_flag(struct mpdc *m, enum mpdc_flag flag, bool on,
			     struct mp_error *err);
enum mp_status mpdc_delete(struct mpdc *m, unsigned pos, struct mp_error *err);
enum mp_status mpdc_move(struct mpdc *m, unsigned from, unsigned to,
			 struct mp_error *err);
/* Move the n songs from position from on so the first lands at to. */
enum mp_status mpdc_move_range(struct mpdc *m, unsigned from, unsigned n,
			       unsigned to, struct mp_error *err);
enum mp_status mpdc_clear(struct mpdc *m, struct mp_error *err);
enum mp_status mpdc_shuffle(struct mpdc *m, struct mp_error *err);
enum mp_status mpdc_set_crossfade(struct mpdc *m, unsigned seconds,
				  struct mp_error *err);

const char *mpdc_play_state_name(enum mpdc_play_state s);

/* ---------------------------------------------------------------- playlists
 * Stored playlists by name.  Names go to MPD quoted by libmpdclient. */

/* The names of the stored playlists, sorted (strcoll), at most max. */
enum mp_status mpdc_playlists(struct mpdc *m, size_t max,
			      struct mpdc_names *out, bool *truncated,
			      struct mp_error *err);
/* The songs of playlist name, in order, at most max appended to out. */
enum mp_status mpdc_playlist_songs(struct mpdc *m, const char *name, size_t max,
				   struct mp_song_list *out, bool *truncated,
				   struct mp_error *err);
/* Append playlist name to the queue ("load"); *added as mpdc_add_uri. */
enum mp_status mpdc_playlist_load(struct mpdc *m, const char *name,
				  unsigned *added, struct mp_error *err);
/* Save the queue as playlist name ("save").  When there is one by that
 * name already: with replace it is replaced, else MP_ERR with *exists
 * (may be NULL) set. */
enum mp_status mpdc_playlist_save(struct mpdc *m, const char *name,
				  bool replace, bool *exists,
				  struct mp_error *err);
enum mp_status mpdc_playlist_rename(struct mpdc *m, const char *from,
				    const char *to, struct mp_error *err);
enum mp_status mpdc_playlist_delete(struct mpdc *m, const char *name,
				    struct mp_error *err);
/* Append uris to playlist name (created when missing), in one command
 * list: all or none. */
enum mp_status mpdc_playlist_add(struct mpdc *m, const char *name,
				 const char *const *uris, size_t n,
				 struct mp_error *err);
/* Append to playlist name the songs matching every match[i] ("searchaddpl";
 * nmatch must be > 0). */
enum mp_status mpdc_playlist_add_matching(struct mpdc *m, const char *name,
					  const struct mpdc_match *match,
					  size_t nmatch, struct mp_error *err);
/* Remove the songs at positions pos[0..n) (any order, no repeats) from
 * playlist name, in one command list. */
enum mp_status mpdc_playlist_remove(struct mpdc *m, const char *name,
				    const unsigned *pos, size_t n,
				    struct mp_error *err);

/* ---------------------------------------------------------------- outputs */

struct mpdc_output {
	unsigned id;
	char *name, *plugin;
	bool enabled;
};

struct mpdc_outputs {
	struct mpdc_output *v;
	size_t n, cap;
};

void mpdc_outputs_init(struct mpdc_outputs *l);
void mpdc_outputs_clear(struct mpdc_outputs *l);
/* MPD's audio outputs, in MPD's order, appended to out. */
enum mp_status mpdc_outputs(struct mpdc *m, struct mpdc_outputs *out,
			    struct mp_error *err);
enum mp_status mpdc_output_enable(struct mpdc *m, unsigned id, bool on,
				  struct mp_error *err);

/* ---------------------------------------------------------------- info */

struct mpdc_stats {
	unsigned songs, artists, albums;
	unsigned long uptime_s, playtime_s, db_playtime_s;
	long long db_update; /* seconds since the epoch, 0 = never */
};
enum mp_status mpdc_stats(struct mpdc *m, struct mpdc_stats *out,
			  struct mp_error *err);

/* Everything MPD says about one song: each tag value as "Name" (MPD's tag
 * name) and value, in MPD's tag order, and the audio format ("44100 Hz,
 * 16 bit, 2 channels", "" when unknown).  Owns its strings. */
struct mpdc_song_info {
	struct mpdc_names names, values; /* parallel */
	char *uri;
	unsigned duration_ms;
	char format[64];
	long long modified; /* seconds since the epoch, 0 = unknown */
};
void mpdc_song_info_init(struct mpdc_song_info *i);
void mpdc_song_info_clear(struct mpdc_song_info *i);
/* The song by queue id when id > 0 (streams too), else by its URI in the
 * database; MP_ENOENT when MPD does not know it. */
enum mp_status mpdc_song_info(struct mpdc *m, const char *uri, unsigned id,
			      struct mpdc_song_info *out, struct mp_error *err);

#endif
