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

/* In the order moodplay --help lists them. */
static const struct cli_command *const commands[] = {
	&cmd_status_entry,    &cmd_capture_entry, &cmd_classify_entry,
	&cmd_calibrate_entry, &cmd_model_entry,   &cmd_match_entry,
	&cmd_recommend_entry, &cmd_history_entry,
};

/* "moodplay CMD: " once a subcommand runs, else "moodplay: ". */
static const char *label;

void cli_set_label(const char *name)
{
	label = name;
}

static void prefix(void)
{
	if (label != NULL && *label != '\0')
		fprintf(stderr, "moodplay %s: ", label);
	else
		fputs("moodplay: ", stderr);
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	prefix();
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
	prefix();
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* The configuration file, for messages about its keys. */
static const char *conf_file;

/* The length of the "section.key" or "section.key[N]" that msg starts
 * with, when a ": " follows it; else 0. */
static size_t key_length(const char *msg)
{
	size_t n = strspn(msg, "abcdefghijklmnopqrstuvwxyz_");

	if (n == 0 || msg[n] != '.')
		return 0;
	n += 1 + strspn(msg + n + 1, "abcdefghijklmnopqrstuvwxyz_");
	if (msg[n] == '[')
		n += strspn(msg + n, "[0123456789]");
	return strncmp(msg + n, ": ", 2) == 0 ? n : 0;
}

int cli_fail(const struct mp_error *err)
{
	cli_report(err);
	return err->code == MP_EINVAL ? EXIT_USAGE : EXIT_RUNTIME;
}

void cli_report(const struct mp_error *err)
{
	size_t key = key_length(err->msg);

	/* A value from the configuration file: say which file. */
	if (key > 0 && conf_file != NULL)
		cli_error(_("%.*s in %s%s"), (int)key, err->msg, conf_file,
			  err->msg + key);
	else
		cli_error("%s", err->msg);
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

/* "  -j, --json FILE" for an option's help line. */
static void option_head(const struct cli_option *o, char *buf, size_t size)
{
	int n;

	if (o->letter != 0)
		n = snprintf(buf, size, "  -%c, --%s", o->letter, o->name);
	else
		n = snprintf(buf, size, "      --%s", o->name);
	if (o->arg != NULL && n > 0 && (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, " %s", _(o->arg));
}

void cli_command_help(const struct cli_command *cmd, FILE *f)
{
	fprintf(f, _("Usage: moodplay %s %s\n"), cmd->name, _(cmd->usage));
	fprintf(f, "%s\n", _(cmd->summary));
	if (cmd->about != NULL)
		fprintf(f, "%s\n", _(cmd->about));
	fputc('\n', f);
	for (const struct cli_option *o = cmd->options; o && o->name; o++) {
		char head[64];
		const char *help = _(o->help), *nl;

		option_head(o, head, sizeof(head));
		fprintf(f, "%-25s", head);
		/* Continuation lines start under the first line's text. */
		while ((nl = strchr(help, '\n')) != NULL) {
			fprintf(f, "%.*s\n%25s", (int)(nl - help), help, "");
			help = nl + 1;
		}
		fprintf(f, "%s\n", help);
	}
	fprintf(f, "%-25s%s\n\n", "      --help", _("show this help and exit"));
	fprintf(f, _("Exit status: %s\n"),
		cmd->exit_status != NULL
			? _(cmd->exit_status)
			: _("0 success, 1 runtime failure, 2 usage or "
			    "configuration error."));
}

int cli_getopt(const struct cli_command *cmd, int argc, char **argv)
{
	/* One subcommand runs per process: its table is converted once. */
	static const struct cli_command *built;
	static struct option longopts[32];
	static char shortopts[80];
	int c;

	if (built != cmd) {
		size_t n = 0, k = 0;

		shortopts[k++] = ':'; /* a missing argument returns ':' */
		for (const struct cli_option *o = cmd->options; o && o->name;
		     o++) {
			longopts[n++] =
				(struct option){ o->name,
						 o->arg ? required_argument
							: no_argument,
						 NULL, o->val };
			if (o->letter != 0) {
				shortopts[k++] = (char)o->letter;
				if (o->arg != NULL)
					shortopts[k++] = ':';
			}
		}
		longopts[n++] = (struct option){ "help", no_argument, NULL,
						 CLI_OPT_HELP };
		longopts[n] = (struct option){ NULL, 0, NULL, 0 };
		shortopts[k] = '\0';
		built = cmd;
	}
	opterr = 0;
	c = getopt_long(argc, argv, shortopts, longopts, NULL);
	if (c == CLI_OPT_HELP) {
		cli_command_help(cmd, stdout);
	} else if (c == '?' || c == ':') {
		char opt[3] = { '-', (char)optopt, '\0' };
		const char *what = argv[optind - 1];

		if (strncmp(what, "--", 2) != 0 && optopt > 0 && optopt < 128)
			what = opt;
		fprintf(stderr,
			c == '?' ? _("moodplay %s: unknown option '%s'\n")
				 : _("moodplay %s: option '%s' needs an "
				     "argument\n"),
			cmd->name, what);
		fprintf(stderr, _("Try 'moodplay %s --help'.\n"), cmd->name);
		c = CLI_OPT_BAD;
	} else if (c == -1 && cmd->no_operands && optind < argc) {
		cli_error(_("unexpected argument '%s'"), argv[optind]);
		c = CLI_OPT_BAD;
	}
	return c;
}

const struct cli_option cli_json_options[] = {
	{ "json", 'j', NULL, N_("one JSON object on stdout"), 'j' },
	CLI_OPTIONS_END,
};

int cli_json_only(const struct cli_command *cmd, int argc, char **argv,
		  bool *json)
{
	int c;

	while ((c = cli_getopt(cmd, argc, argv)) != -1) {
		if (c != 'j')
			return c == CLI_OPT_HELP ? EXIT_OK : EXIT_USAGE;
		*json = true;
	}
	return -1;
}

static void usage(FILE *f)
{
	fprintf(f,
		_("Usage: moodplay [OPTION]... [COMMAND [ARG]...]\n"
		  "Pick music for how you feel: an MPD client with a mood "
		  "camera.\n"
		  "With no COMMAND, moodplay opens its terminal client.\n\n"));
	fprintf(f, _("Commands:\n"));
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-11s %s\n", commands[i]->name,
			_(commands[i]->summary));
	fprintf(f, _("Each COMMAND --help shows its options.\n"));
	fprintf(f, _("\nOptions:\n"
		     "  -c, --config FILE      read FILE instead of the "
		     "default configuration\n"
		     "  -h, --host HOST        MPD host, socket path or "
		     "PASSWORD@HOST (else MPD_HOST)\n"
		     "  -p, --port PORT        MPD port (else MPD_PORT, else "
		     "6600)\n"
		     "  -P, --password PASS    MPD password\n"
		     "  -v, --verbose          say where the configuration and "
		     "MPD "
		     "were found\n"
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
		/* A path from the environment is named with where it came
		 * from; a --config path is on the command line already. */
		if (cli->config_opt == NULL && explicit_path)
			cli_error("MOODPLAY_CONFIG: %s", err.msg);
		else
			cli_error("%s", err.msg);
		return EXIT_USAGE;
	}
	conf_file = cli->conf_path;
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
	{
		/* The catalogues of a build tree that is not installed. */
		const char *dir = getenv("MOODPLAY_LOCALEDIR");
		bindtextdomain(PACKAGE, dir && *dir ? dir : LOCALEDIR);
	}
	textdomain(PACKAGE);
#endif
	/* '+': options end at the subcommand, which parses its own; ':' and
	 * opterr 0: the messages are ours. */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:c:h:p:P:vq", opts, NULL)) !=
	       -1) {
		switch (c) {
		case 'c': cli.config_opt = optarg; break;
		case 'h': cli.host = optarg; break;
		case 'p': cli.port = optarg; break;
		case 'P': cli.password = optarg; break;
		case 'v':
			/* One level of detail: -vv would promise more. */
			if (cli.verbose++ > 0) {
				cli_error(_("-v is given once; there is no "
					    "more detail to show"));
				return EXIT_USAGE;
			}
			break;
		case 'q': cli.quiet = true; break;
		case OPT_HELP: usage(stdout); return EXIT_OK;
		case OPT_VERSION:
			printf("moodplay %s\n", PACKAGE_VERSION);
			return EXIT_OK;
		case ':':
			cli_error(_("option '%s' needs an argument; try "
				    "'moodplay --help'"),
				  argv[optind - 1]);
			return EXIT_USAGE;
		default:
			cli_error(
				_("unknown option '%s'; try 'moodplay --help'"),
				argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	/* No subcommand: the terminal client. */
	if (optind >= argc)
		cmd = &cmd_tui_entry;
	for (size_t i = 0;
	     optind < argc && i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[optind], commands[i]->name) == 0)
			cmd = commands[i];
	if (cmd == NULL) {
		cli_error(_("unknown command '%s'; try 'moodplay --help'"),
			  argv[optind]);
		return EXIT_USAGE;
	}
	rc = load_config(&cli);
	if (rc == EXIT_OK) {
		cli_set_label(cmd->name);
		argv += optind;
		argc -= optind;
		optind = 0; /* reset getopt for the subcommand */
		rc = cmd->exec(&cli, argc, argv);
	}
	conf_free(cli.conf);
	free(cli.conf_path);
	return rc;
}
