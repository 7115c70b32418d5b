/* moodplay - "moodplay recommend": plan a queue for a given mood and (unless
 * --dry-run) put it into MPD. */
#include "config.h"

#include "cli/cli-plan.h"
#include "cli/cli.h"
#include "base/i18n.h"
#include "mood/mood-queue.h"

#include <getopt.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Index of name in names[0..n), or -1. */
static int lookup(const char *const *names, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

/* "a,b,c": exactly n finite numbers, with a decimal point whatever the
 * locale (the comma separates them). */
static bool parse_list(const char *s, double *out, int n)
{
	static locale_t c_numeric;
	char *end = NULL;

	if (c_numeric == (locale_t)0)
		c_numeric = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	for (int i = 0; i < n; i++) {
		out[i] = strtod_l(s, &end, c_numeric);
		if (end == s || !isfinite(out[i]))
			return false;
		if (i + 1 < n && *end != ',')
			return false;
		s = end + 1;
	}
	return *end == '\0';
}

enum {
	O_EMOTION = 256,
	O_PROBS,
	O_MOOD,
	O_STRATEGY,
	O_MODEL,
	O_COUNT,
	O_MODE,
	O_SEED,
	O_DRY,
	O_JSON,
};

static int cmd_recommend(struct cli *cli, int argc, char **argv);

static const struct cli_option recommend_options[] = {
	{ "emotion", 0, N_("NAME"),
	  N_("angry, disgust, fear, happy, sad, surprise or neutral"),
	  O_EMOTION },
	{ "probs", 0, N_("P,..."),
	  N_("the 7 expression probabilities, in that order"), O_PROBS },
	{ "mood", 0, N_("V,A"), N_("valence and arousal, each from -1 to 1"),
	  O_MOOD },
	{ "strategy", 0, N_("S"),
	  N_("match, lift or calm (default: mood.strategy)"), O_STRATEGY },
	{ "model", 0, N_("M"),
	  N_("circumplex or segments (default: mood.model)"), O_MODEL },
	{ "count", 0, N_("N"),
	  N_("songs to queue, 1-1000 (default: queue.count)"), O_COUNT },
	{ "mode", 0, N_("M"),
	  N_("replace-upcoming, replace or append\n(default: queue.mode)"),
	  O_MODE },
	{ "seed", 0, N_("N"), N_("make the random choices repeatable"),
	  O_SEED },
	{ "dry-run", 0, NULL, N_("print the plan, leave MPD alone"), O_DRY },
	{ "json", 0, NULL, N_("print the plan as JSON"), O_JSON },
	CLI_OPTIONS_END,
};

const struct cli_command cmd_recommend_entry = {
	.name = "recommend",
	.exec = cmd_recommend,
	.options = recommend_options,
	.no_operands = true,
	.usage =
		N_("(--emotion NAME | --probs P1,...,P7 | --mood V,A)\n"
		   "                          [--strategy S] [--model M] "
		   "[--count N] [--mode M]\n"
		   "                          [--seed N] [--dry-run] [--json]"),
	.summary = N_("queue songs for a mood (--dry-run: only print them)"),
	.about = N_("Plan a queue of songs from MPD's library for a mood and "
		    "put it into MPD."),
	.exit_status = NULL,
};

static int cmd_recommend(struct cli *cli, int argc, char **argv)
{
	struct moodq_request r;
	enum conf_queue_mode mode = cli->conf->queue.mode;
	struct moodq_plan *plan = NULL;
	struct mp_error err = { 0 };
	struct moodq *q = NULL;
	double probs[MOOD_NEMOTIONS];
	bool dry = false, json = false;
	int c, rc, inputs = 0, v;
	double pair[2];
	char *end;

	moodq_request_init(&r, cli->conf);
	while ((c = cli_getopt(&cmd_recommend_entry, argc, argv)) != -1) {
		switch (c) {
		case O_EMOTION:
			v = (int)mood_emotion_from_name(optarg);
			if (v == MOOD_NEMOTIONS) {
				cli_error(_("unknown emotion '%s' "
					    "(angry, disgust, fear, "
					    "happy, sad, surprise, neutral)"),
					  optarg);
				return EXIT_USAGE;
			}
			memset(probs, 0, sizeof(probs));
			probs[v] = 1;
			moodq_request_pick(&r, MOOD_SOURCE_CLI, probs, r.point);
			inputs++;
			break;
		case O_PROBS: {
			double sum = 0;

			if (!parse_list(optarg, probs, MOOD_NEMOTIONS)) {
				cli_error(_("--probs wants %d "
					    "comma-separated numbers"),
					  MOOD_NEMOTIONS);
				return EXIT_USAGE;
			}
			for (int e = 0; e < MOOD_NEMOTIONS; e++) {
				if (probs[e] < 0) {
					cli_error(_("--probs: "
						    "negative probability"));
					return EXIT_USAGE;
				}
				sum += probs[e];
			}
			if (sum <= 0) {
				cli_error(_("--probs: all "
					    "probabilities are zero"));
				return EXIT_USAGE;
			}
			moodq_request_pick(&r, MOOD_SOURCE_CLI, probs, r.point);
			inputs++;
			break;
		}
		case O_MOOD:
			if (!parse_list(optarg, pair, 2) || fabs(pair[0]) > 1 ||
			    fabs(pair[1]) > 1) {
				cli_error(_(
					"--mood wants "
					"VALENCE,AROUSAL, each from -1 to 1"));
				return EXIT_USAGE;
			}
			moodq_request_pick(
				&r, MOOD_SOURCE_CLI, NULL,
				(struct mood_point){ pair[0], pair[1] });
			inputs++;
			break;
		case O_STRATEGY:
			v = lookup(conf_mood_strategy_names,
				   CONF_STRATEGY_COUNT, optarg);
			if (v < 0) {
				cli_error(_("unknown strategy '%s' "
					    "(match, lift, calm)"),
					  optarg);
				return EXIT_USAGE;
			}
			r.strategy = (enum conf_mood_strategy)v;
			break;
		case O_MODEL:
			v = lookup(conf_mood_model_names, CONF_MOOD_MODEL_COUNT,
				   optarg);
			if (v < 0) {
				cli_error(_("unknown model '%s' "
					    "(circumplex, segments)"),
					  optarg);
				return EXIT_USAGE;
			}
			r.model = (enum conf_mood_model)v;
			break;
		case O_COUNT: {
			long n = strtol(optarg, &end, 10);

			if (*optarg == '\0' || *end != '\0' || n < 1 ||
			    n > 1000) {
				cli_error(_("--count wants a number "
					    "from 1 to 1000"));
				return EXIT_USAGE;
			}
			r.count = (size_t)n;
			break;
		}
		case O_MODE:
			v = lookup(conf_queue_mode_names, CONF_QUEUE_MODE_COUNT,
				   optarg);
			if (v < 0) {
				cli_error(_("unknown mode '%s' "
					    "(replace-upcoming, replace, "
					    "append)"),
					  optarg);
				return EXIT_USAGE;
			}
			mode = (enum conf_queue_mode)v;
			break;
		case O_SEED:
			r.seed = strtoull(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0') {
				cli_error(_("--seed wants a number"));
				return EXIT_USAGE;
			}
			break;
		case O_DRY: dry = true; break;
		case O_JSON: json = true; break;
		case CLI_OPT_HELP: return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (inputs != 1) {
		cli_error(_("give one of --emotion, --probs or --mood"));
		return EXIT_USAGE;
	}
	rc = cli_mood_run(cli, &r, dry, mode, &q, &plan, &err);
	if (rc != EXIT_OK && q != NULL) {
		cli_error("%s", err.msg);
	} else if (rc == EXIT_OK) {
		bool first = true;

		if (json) {
			putchar('{');
			cli_plan_json_keys(plan, !dry,
					   conf_queue_mode_names[mode], &first);
			puts("}");
		} else {
			cli_plan_print_text(plan, !dry,
					    conf_queue_mode_names[mode]);
		}
	}
	moodq_plan_free(plan);
	moodq_free(q);
	return rc;
}
