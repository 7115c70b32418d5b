/* moodplay - "moodplay history": the mood runs recorded in
 * $XDG_STATE_HOME/moodplay/moods (mood-state.h), oldest first. */
#include "config.h"

#include "base/i18n.h"
#include "base/json.h"
#include "cli/cli.h"
#include "mood/mood-state.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* WHEN: seconds since the epoch ("@1733300000"), a local date and time
 * ("2026-12-04", "2026-12-04 13:30", "2026-12-04T13:30:00"), or an age
 * ("90s", "30m", "12h", "7d").  -1 when it is none of those. */
static double parse_when(const char *s, double now)
{
	static const struct {
		char unit;
		double seconds;
	} units[] = { { 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 } };
	struct tm tm;
	char *end;
	double v;

	if (s[0] == '@') {
		v = strtod(s + 1, &end);
		return end != s + 1 && *end == '\0' && v >= 0 ? v : -1;
	}
	v = strtod(s, &end);
	if (end != s && end[0] != '\0' && end[1] == '\0' && v >= 0)
		for (size_t i = 0; i < sizeof(units) / sizeof(*units); i++)
			if (end[0] == units[i].unit)
				return now - v * units[i].seconds;
	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y-%m-%d", &tm);
	if (end != NULL && (*end == ' ' || *end == 'T'))
		end = strptime(end + 1, "%H:%M", &tm);
	if (end != NULL && *end == ':')
		end = strptime(end + 1, "%S", &tm);
	if (end == NULL || *end != '\0')
		return -1;
	tm.tm_isdst = -1;
	return (double)mktime(&tm);
}

static void print_json(const struct mood_record *v, size_t n)
{
	putchar('[');
	for (size_t i = 0; i < n; i++) {
		const struct mood_record *r = &v[i];
		time_t t = (time_t)r->time;
		char iso[32];
		struct tm tm;
		bool first = true;

		gmtime_r(&t, &tm);
		strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%SZ", &tm);
		printf("%s{", i ? "," : "");
		json_key(stdout, "time", &first);
		json_number(stdout, r->time);
		json_key(stdout, "iso", &first);
		json_string(stdout, iso);
		json_key(stdout, "source", &first);
		json_string(stdout, mood_source_names[r->source]);
		json_key(stdout, "emotion", &first);
		json_string(
			stdout,
			r->has_probs
				? mood_emotion_names[mood_dominant(r->probs)]
				: NULL);
		json_key(stdout, "probs", &first);
		if (r->has_probs) {
			bool f2 = true;

			putchar('{');
			for (int e = 0; e < MOOD_NEMOTIONS; e++) {
				json_key(stdout, mood_emotion_names[e], &f2);
				json_number(stdout, r->probs[e]);
			}
			putchar('}');
		} else {
			fputs("null", stdout);
		}
		json_key(stdout, "valence", &first);
		json_number(stdout, r->valence);
		json_key(stdout, "arousal", &first);
		json_number(stdout, r->arousal);
		json_key(stdout, "strategy", &first);
		json_string(stdout, conf_mood_strategy_names[r->strategy]);
		json_key(stdout, "queued", &first);
		json_number(stdout, r->queued);
		json_key(stdout, "calibrated", &first);
		fputs(r->calibrated ? "true" : "false", stdout);
		putchar('}');
	}
	puts("]");
}

static void print_text(const struct mood_record *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct mood_record *r = &v[i];
		time_t t = (time_t)r->time;
		char when[32];
		struct tm tm;

		localtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
		printf("%s  %-6s  %-8s  valence %+.2f arousal %+.2f  %-5s  ",
		       when, mood_source_names[r->source],
		       r->has_probs
			       ? mood_emotion_names[mood_dominant(r->probs)]
			       : "-",
		       r->valence, r->arousal,
		       conf_mood_strategy_names[r->strategy]);
		printf(_("queued %u\n"), r->queued);
	}
}

static int cmd_history(struct cli *cli, int argc, char **argv);

static const struct cli_option history_options[] = {
	{ "json", 'j', NULL, N_("one JSON array (moodplay(1))"), 'j' },
	{ "since", 0, "WHEN",
	  N_("from a date (2026-12-04 13:30), an age (30m, 12h,\n"
	     "7d) or @SECONDS since the epoch"),
	  's' },
	{ "limit", 0, "N", N_("the newest N runs only"), 'l' },
	CLI_OPTIONS_END,
};

const struct cli_command cmd_history_entry = {
	.name = "history",
	.exec = cmd_history,
	.options = history_options,
	.no_operands = true,
	.usage = N_("[--json] [--since WHEN] [--limit N]"),
	.summary = N_("list the mood runs moodplay recorded"),
	.about = N_("The mood runs (captures, picks, recommend) moodplay "
		    "recorded, oldest first."),
	.exit_status = NULL,
};

static int cmd_history(struct cli *cli, int argc, char **argv)
{
	double now = (double)time(NULL), since = 0;
	struct mood_record *v = NULL;
	struct mp_error err;
	bool json = false;
	size_t n = 0, bad = 0;
	long limit = 0;
	char *end;
	int c;

	while ((c = cli_getopt(&cmd_history_entry, argc, argv)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 's':
			since = parse_when(optarg, now);
			if (since < 0) {
				cli_error(_("history: --since wants a date "
					    "(2026-12-04 13:30), an age (30m, "
					    "12h, 7d) or @SECONDS"));
				return EXIT_USAGE;
			}
			break;
		case 'l':
			limit = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || limit < 1) {
				cli_error(_("history: --limit wants a "
					    "positive number"));
				return EXIT_USAGE;
			}
			break;
		case CLI_OPT_HELP: return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (mood_state_moods_load(since, (size_t)limit, now, &v, &n, &bad,
				  &err) != MP_OK)
		return cli_fail(&err);
	if (bad > 0)
		cli_warn(cli, _("warning: %zu invalid mood records ignored"),
			 bad);
	if (json)
		print_json(v, n);
	else
		print_text(v, n);
	free(v);
	return EXIT_OK;
}
