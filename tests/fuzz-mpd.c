/* moodplay fuzz target - MPD's answers: the input is everything a server
 * says after its greeting, fed through a socket to a struct mpdc that runs
 * the operations moodplay uses (state and queue, listings, browsing, a
 * queue change with its lost-answer check, idle).  Each stops at the first
 * failure; none may crash, leak or hang past its deadline. */
#include "config.h"

#include "mpdc/mpdc.h"
#include "mpdc/mpdc-internal.h"
#include "base/song.h"
#include "fuzz.h"

#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

/* A stream socket holds this much without a reader on either side. */
enum { MAX_INPUT = 64 * 1024 };

static void run_ops(struct mpdc *m)
{
	struct mp_error err;
	struct mpdc_status st;
	struct mp_song cur = { 0 };
	struct mp_song_list songs;
	struct mpdc_queue_sync qs;
	struct mpdc_names names, dirs;
	struct mpdc_match match = { MPDC_TAG_ARTIST, "A" };
	const char *uris[] = { "a.flac", "b.flac" };
	mpdc_idle_mask ev;
	bool found, trunc;
	unsigned added;
	long long t;

	song_list_init(&songs);
	mpdc_names_init(&names);
	mpdc_names_init(&dirs);
	if (mpdc_get_state(m, &st, &cur, &found, &songs, &err) == MP_OK &&
	    found)
		song_clear(&cur);
	/* The Queue's look: changes since a version and a window. */
	mpdc_queue_sync_init(&qs);
	qs.with_changes = true;
	qs.since = 1;
	qs.end = 4;
	mpdc_queue_sync(m, &qs, &err);
	mpdc_queue_sync_clear(&qs);
	mpdc_tag_values(m, MPDC_TAG_ALBUM, &match, 1, 100, &names, &trunc,
			&err);
	mpdc_find_songs(m, &match, 1, 100, &songs, &trunc, &err);
	mpdc_list_dir(m, "", 100, &dirs, &songs, &trunc, &err);
	mpdc_library_list(m, 16, &songs, &err);
	mpdc_add_uri(m, "c.flac", &added, &err);
	mpdc_db_update_time(m, &t, &err);
	mpdc_queue_apply(m, MPDC_QUEUE_REPLACE_UPCOMING, uris, 2, true, &err);
	if (mpdc_idle_begin(m, &err) == MP_OK)
		mpdc_idle_end(m, &ev, &err);
	mpdc_get_status(m, &st, &err);
	mpdc_names_clear(&dirs);
	mpdc_names_clear(&names);
	song_list_clear(&songs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int sv[2];
	struct mpdc *m;
	size_t off = 0;

	if (size > MAX_INPUT)
		return 0;
	signal(SIGPIPE, SIG_IGN);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return 0;
	while (off < size) {
		ssize_t w = write(sv[1], data + off, size - off);

		if (w <= 0)
			break;
		off += (size_t)w;
	}
	/* The server has said all it will; moodplay's requests pile up
	 * unread on this end until it is closed. */
	shutdown(sv[1], SHUT_WR);
	m = mpdc_new_on_fd(sv[0], "/nonexistent/moodplay-fuzz.sock", 1000);
	if (m != NULL) {
		run_ops(m);
		mpdc_free(m);
	}
	close(sv[1]);
	return 0;
}
