/* moodplay - command line front end: global options, configuration, and the
 * subcommand table. */
#include "config.h"

#include "cli/cli.h"
#include "conf/conf.h"
#include "base/i18n.h"
#include "mpdc/mpdc.h"
#include "base/xalloc.h"

#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct cli_command commands[] = {
	{ "status", cmd_status, N_("[--json]"),
	  N_("show what MPD is playing, like 'mpc status'") },
	{ "capture", cmd_capture,
	  N_("[--json] [--output FILE] [--save-crop FILE]"),
	  N_("take a snapshot and find the face in it") },
	{ "classify", cmd_classify,
	  N_("[--json] [--crop] [--no-calibration] [--save-crop FILE] "
	     "IMAGE..."),
	  N_("find the face in photos and classify its expression") },
	{ "calibrate", cmd_calibrate, N_("[--frames N] [--crop] [IMAGE...]"),
	  N_("learn your resting face, so it reads neutral") },
	{ "model", cmd_model, N_("eval [--json] [--model FILE] DIR|CSV"),
	  N_("measure the expression model's accuracy on labelled faces") },
	{ "match", cmd_match, N_("[--json]"),
	  N_("match MPD's library to the Spotify dataset and report") },
	{ "recommend", cmd_recommend, N_("--emotion E ..."),
	  N_("queue songs for a mood (--dry-run: only print them)") },
};

static const struct cli_command tui_command = {
	"", cmd_tui, "", N_("the terminal client (no COMMAND)")
};

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("moodplay: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_warn(const struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	if (cli->quiet)
		return;
	fputs("moodplay: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_fail(const struct mp_error *err)
{
	cli_error("%s", err->msg);
	return err->code == MP_EINVAL ? EXIT_USAGE : EXIT_RUNTIME;
}

int cli_endpoint(struct cli *cli, struct mpdc_endpoint *ep)
{
	const struct conf_mpd *cm = &cli->conf->mpd;
	char conf_port[16] = "";
	struct mpdc_host_layer opt = { cli->host, cli->port, cli->password };
	struct mpdc_host_layer env = { getenv("MPD_HOST"), getenv("MPD_PORT"),
				       NULL };
	struct mpdc_host_layer cfg = { cm->host, conf_port, cm->password };
	struct mp_error err;

	if (cm->port > 0)
		snprintf(conf_port, sizeof(conf_port), "%d", cm->port);
	if (mpdc_endpoint_resolve(ep, &opt, &env, &cfg, &err) != MP_OK)
		return cli_fail(&err);
	return EXIT_OK;
}

int cli_connect(struct cli *cli, struct mpdc **out)
{
	const struct conf_mpd *cm = &cli->conf->mpd;
	struct mpdc_endpoint ep;
	struct mp_error err;
	struct mpdc *m;
	int rc;

	*out = NULL;
	rc = cli_endpoint(cli, &ep);
	if (rc != EXIT_OK)
		return rc;
	m = mpdc_new(&ep, (unsigned)(cm->timeout * 1000.0),
		     (unsigned)(cm->reconnect_max * 1000.0));
	if (cli->verbose > 0)
		fprintf(stderr,
			_("moodplay: connecting to MPD at %s (from %s)\n"),
			mpdc_endpoint_describe(&ep), _(ep.source));
	mpdc_endpoint_clear(&ep);
	if (mpdc_connect(m, &err) != MP_OK) {
		mpdc_free(m);
		cli_error("%s", err.msg);
		return EXIT_RUNTIME;
	}
	*out = m;
	return EXIT_OK;
}

static void usage(FILE *f)
{
	fprintf(f,
		_("Usage: moodplay [OPTION]... [COMMAND [ARG]...]\n"
		  "Pick music for how you feel: an MPD client with a mood "
		  "camera.\n"
		  "With no COMMAND, moodplay opens its terminal client.\n\n"));
	fprintf(f, _("Commands:\n"));
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		char head[64];

		snprintf(head, sizeof(head), "%s %s", commands[i].name,
			 _(commands[i].args));
		fprintf(f, "  %-24s %s\n", head, _(commands[i].summary));
	}
	fprintf(f, _("\nOptions:\n"
		     "  -c, --config FILE      read FILE instead of the "
		     "default configuration\n"
		     "  -h, --host HOST        MPD host, socket path or "
		     "PASSWORD@HOST (else MPD_HOST)\n"
		     "  -p, --port PORT        MPD port (else MPD_PORT, else "
		     "6600)\n"
		     "  -P, --password PASS    MPD password\n"
		     "  -v, --verbose          say more (repeat for more)\n"
		     "  -q, --quiet            print errors only\n"
		     "      --help             show this help and exit\n"
		     "      --version          show the version and exit\n\n"
		     "Exit status: 0 success, 1 runtime failure, 2 usage or "
		     "configuration error.\n"
		     "See moodplay(1) and moodplay.conf(5).\n"));
}

static void conf_warning(void *ud, const char *msg)
{
	cli_warn(ud, _("warning: %s"), msg);
}

static int load_config(struct cli *cli)
{
	struct mp_error err;
	bool explicit_path = false;
	enum mp_status rc;

	cli->conf = conf_new();
	cli->conf_path = conf_find_path(cli->config_opt, &explicit_path);
	if (cli->conf_path == NULL)
		return EXIT_OK;
	rc = conf_load_file(cli->conf, cli->conf_path, conf_warning, cli, &err);
	if (rc == MP_ENOENT && !explicit_path) {
		free(cli->conf_path);
		cli->conf_path = NULL;
		return EXIT_OK;
	}
	if (rc != MP_OK) {
		cli_error("%s", err.msg);
		return EXIT_USAGE;
	}
	if (cli->verbose > 0)
		fprintf(stderr, _("moodplay: configuration from %s\n"),
			cli->conf_path);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	enum { OPT_HELP = 256, OPT_VERSION };
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "host", required_argument, NULL, 'h' },
		{ "port", required_argument, NULL, 'p' },
		{ "password", required_argument, NULL, 'P' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, OPT_HELP },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	struct cli cli = { 0 };
	const struct cli_command *cmd = NULL;
	int c, rc;

	/* Writes to a vanished MPD or capture helper must fail with EPIPE,
	 * which is reported, instead of killing moodplay. */
	signal(SIGPIPE, SIG_IGN);
	/* libmpdclient turns each song's Last-Modified into a time_t through
	 * mktime(), and with TZ unset glibc stats /etc/localtime on every
	 * call: two system calls a song, 200,000 for a 100k-song library.
	 * Naming the same default zone explicitly lets glibc read it once. */
	if (getenv("TZ") == NULL)
		setenv("TZ", ":/etc/localtime", 0);
	setlocale(LC_ALL, "");
#ifdef ENABLE_NLS
	bindtextdomain(PACKAGE, LOCALEDIR);
	textdomain(PACKAGE);
#endif
	/* '+': options end at the subcommand, which parses its own. */
	while ((c = getopt_long(argc, argv, "+c:h:p:P:vq", opts, NULL)) != -1) {
		switch (c) {
		case 'c': cli.config_opt = optarg; break;
		case 'h': cli.host = optarg; break;
		case 'p': cli.port = optarg; break;
		case 'P': cli.password = optarg; break;
		case 'v': cli.verbose++; break;
		case 'q': cli.quiet = true; break;
		case OPT_HELP: usage(stdout); return EXIT_OK;
		case OPT_VERSION:
			printf("moodplay %s\n", PACKAGE_VERSION);
			return EXIT_OK;
		default:
			fprintf(stderr, _("Try 'moodplay --help'.\n"));
			return EXIT_USAGE;
		}
	}
	/* No subcommand: the terminal client. */
	if (optind >= argc)
		cmd = &tui_command;
	for (size_t i = 0;
	     optind < argc && i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[optind], commands[i].name) == 0)
			cmd = &commands[i];
	if (cmd == NULL) {
		cli_error(_("unknown command '%s'; try 'moodplay --help'"),
			  argv[optind]);
		return EXIT_USAGE;
	}
	rc = load_config(&cli);
	if (rc == EXIT_OK) {
		argv += optind;
		argc -= optind;
		optind = 0; /* reset getopt for the subcommand */
		rc = cmd->run(&cli, argc, argv);
	}
	conf_free(cli.conf);
	free(cli.conf_path);
	return rc;
}
