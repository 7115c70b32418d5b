/* moodplay - "moodplay status": one look at MPD, like "mpc status". */
#include "config.h"

#include "cli/cli.h"
#include "base/i18n.h"
#include "base/json.h"
#include "mpdc/mpdc.h"

#include <getopt.h>
#include <stdio.h>

static void print_time(unsigned ms)
{
	unsigned s = ms / 1000;

	if (s >= 3600)
		printf("%u:%02u:%02u", s / 3600, s / 60 % 60, s % 60);
	else
		printf("%u:%02u", s / 60, s % 60);
}

static const char *on_off(bool b)
{
	return b ? _("on") : _("off");
}

/* The current song's length: its own duration where MPD's database has
 * one, since MPD's status may already report the length of the next song
 * its decoder moved on to (seen right after "play" with a short first
 * song); MPD's total otherwise (streams). */
static unsigned total_ms(const struct mpdc_status *st,
			 const struct mp_song *song, bool found)
{
	return found && song->duration_ms > 0 ? song->duration_ms
					      : st->total_ms;
}

static void print_text(const struct mpdc_status *st, const struct mp_song *song,
		       bool found)
{
	if (found) {
		unsigned total = total_ms(st, song, found);

		if (song->artist != NULL)
			printf("%s - %s\n", song->artist,
			       song_display_title(song));
		else
			printf("%s\n", song_display_title(song));
		printf("[%s] #%d/%u   ", mpdc_play_state_name(st->state),
		       st->song_pos + 1, st->queue_length);
		print_time(st->elapsed_ms);
		putchar('/');
		print_time(total);
		if (st->total_ms > 0 && total >= 1000)
			printf(" (%u%%)", (unsigned)(st->elapsed_ms / 10 /
						     (total / 1000)));
		putchar('\n');
	} else {
		printf(ngettext("[%s] queue: %u song\n",
				"[%s] queue: %u songs\n", st->queue_length),
		       mpdc_play_state_name(st->state), st->queue_length);
	}
	if (st->volume >= 0)
		printf(_("volume: %d%%"), st->volume);
	else
		printf(_("volume: n/a"));
	printf(_("   repeat: %s   random: %s   single: %s   consume: %s\n"),
	       on_off(st->repeat), on_off(st->random), on_off(st->single),
	       on_off(st->consume));
	if (st->updating_db)
		printf(_("updating the database\n"));
	if (st->error[0] != '\0')
		printf(_("ERROR: %s\n"), st->error);
}

static const char *const state_keys[] = {
	[MPDC_UNKNOWN] = "unknown",
	[MPDC_STOP] = "stop",
	[MPDC_PLAY] = "play",
	[MPDC_PAUSE] = "pause",
};

static void print_json(const struct mpdc_status *st, const struct mp_song *song,
		       bool found)
{
	bool first = true;

	putchar('{');
	json_key(stdout, "state", &first);
	json_string(stdout, state_keys[st->state]);
	json_key(stdout, "song", &first);
	if (found) {
		bool f2 = true;

		putchar('{');
		json_song(stdout, song, &f2);
		json_key(stdout, "album", &f2);
		json_string(stdout, song->album);
		json_key(stdout, "genre", &f2);
		json_string(stdout, song->genre);
		json_key(stdout, "duration", &f2);
		json_number(stdout, song->duration_ms / 1000.0);
		putchar('}');
	} else {
		fputs("null", stdout);
	}
	json_key(stdout, "position", &first);
	if (st->song_pos >= 0)
		json_number(stdout, st->song_pos + 1);
	else
		fputs("null", stdout);
	json_key(stdout, "elapsed", &first);
	json_number(stdout, st->elapsed_ms / 1000.0);
	json_key(stdout, "total", &first);
	json_number(stdout, total_ms(st, song, found) / 1000.0);
	json_key(stdout, "queue_length", &first);
	json_number(stdout, st->queue_length);
	json_key(stdout, "volume", &first);
	if (st->volume >= 0)
		json_number(stdout, st->volume);
	else
		fputs("null", stdout);
	json_key(stdout, "repeat", &first);
	fputs(st->repeat ? "true" : "false", stdout);
	json_key(stdout, "random", &first);
	fputs(st->random ? "true" : "false", stdout);
	json_key(stdout, "single", &first);
	fputs(st->single ? "true" : "false", stdout);
	json_key(stdout, "consume", &first);
	fputs(st->consume ? "true" : "false", stdout);
	json_key(stdout, "updating_db", &first);
	fputs(st->updating_db ? "true" : "false", stdout);
	json_key(stdout, "error", &first);
	json_string(stdout, st->error[0] ? st->error : NULL);
	puts("}");
}

static int cmd_status(struct cli *cli, int argc, char **argv);

const struct cli_command cmd_status_entry = {
	.name = "status",
	.exec = cmd_status,
	.options = cli_json_options,
	.no_operands = true,
	.usage = N_("[--json]"),
	.summary = N_("show what MPD is playing, like 'mpc status'"),
	.about = N_("MPD's state, the current song, elapsed/total time and "
		    "the queue length."),
	.exit_status = N_("0 done, 1 MPD not reachable, 2 usage or "
			  "configuration."),
};

static int cmd_status(struct cli *cli, int argc, char **argv)
{
	struct mpdc_status st;
	struct mp_song song = { 0 };
	struct mp_error err;
	struct mpdc *m;
	bool json = false, found = false;
	int rc;

	rc = cli_json_only(&cmd_status_entry, argc, argv, &json);
	if (rc >= 0)
		return rc;
	rc = cli_connect(cli, &m);
	if (rc != EXIT_OK)
		return rc;
	if (mpdc_get_state(m, &st, &song, &found, NULL, &err) != MP_OK) {
		mpdc_free(m);
		return cli_fail(&err);
	}
	if (json)
		print_json(&st, &song, found);
	else
		print_text(&st, &song, found);
	song_clear(&song);
	mpdc_free(m);
	return EXIT_OK;
}
