/* moodplay - what the one-shot subcommands share: global options, the loaded
 * configuration, connecting to MPD, and messages on stderr. */
#ifndef MOODPLAY_CLI_H
#define MOODPLAY_CLI_H

#include "base/error.h"

#include <stdbool.h>
#include <stdio.h>

struct conf;
struct mpdc;
struct mpdc_endpoint;

enum {
	EXIT_OK = 0,
	EXIT_RUNTIME = 1, /* the work failed: MPD down, no face found... */
	EXIT_USAGE = 2,   /* bad command line or configuration */
};

struct cli {
	const char *config_opt;             /* --config */
	const char *host, *port, *password; /* --host, --port, --password */
	int verbose;                        /* -v count */
	bool quiet;                         /* -q: errors only */
	struct conf *conf; /* owned, loaded before the subcommand runs */
	char *conf_path;   /* owned; NULL = built-in defaults */
};

typedef int cli_cmd_fn(struct cli *cli, int argc, char **argv);

/* One option of a subcommand: its getopt entry and its line in --help. */
struct cli_option {
	const char *name; /* long name, without "--" */
	int letter;       /* short option, 0 for none */
	const char *arg;  /* NULL: takes no argument; else its name, "FILE" */
	const char *help; /* for --help; "\n" continues under the text */
	int val;          /* what cli_getopt() returns: letter, or a code */
};

/* What ends a command's options. */
#define CLI_OPTIONS_END                \
	{                              \
		NULL, 0, NULL, NULL, 0 \
	}
/* The options of a command whose only one is --json (cli_json_only()). */
extern const struct cli_option cli_json_options[];

/* A subcommand: everything its help, the top-level help and the man-page
 * test need, beside its handler (each cmd-*.c exports cmd_NAME_entry).
 * Every entry spells every field in this order, the one-line fields
 * first, so that the nine entries read as rows of one table. */
struct cli_command {
	const char *name;
	cli_cmd_fn *exec;
	const struct cli_option *options; /* ends with a NULL name */
	bool no_operands;                 /* cli_getopt() refuses any operand */
	const char *usage;                /* after "moodplay NAME" */
	const char *summary;              /* one line for moodplay --help */
	const char *about;       /* more for NAME --help; NULL for none */
	const char *exit_status; /* "0 ..., 1 ..., 2 ..."; NULL: the rule */
};

extern const struct cli_command cmd_status_entry, cmd_capture_entry,
	cmd_classify_entry, cmd_calibrate_entry, cmd_model_entry,
	cmd_match_entry, cmd_recommend_entry, cmd_history_entry, cmd_tui_entry;

/* What cli_getopt() returns besides an option's val, and -1 at the end. */
enum {
	CLI_OPT_HELP = -2, /* --help: printed, exit 0 */
	CLI_OPT_BAD = -3, /* unknown option or missing argument: said, exit 2 */
};

/* getopt_long() over cmd's options and --help: an option's val, -1 when
 * they end (optind at the first operand), CLI_OPT_HELP after printing the
 * help, CLI_OPT_BAD after saying what is wrong (an operand, too, when the
 * command takes none). */
int cli_getopt(const struct cli_command *cmd, int argc, char **argv);
/* The options of a command whose only one is --json (val 'j'): -1 to go
 * on, else the exit code (the help printed, or what is wrong said). */
int cli_json_only(const struct cli_command *cmd, int argc, char **argv,
		  bool *json);
/* "Usage: moodplay NAME USAGE", the summary, options and exit status. */
void cli_command_help(const struct cli_command *cmd, FILE *f);

/* Name the messages after this subcommand ("model eval"; "" or NULL: none). */
void cli_set_label(const char *name);
/* "moodplay: message" on stderr, or "moodplay CMD: message". */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Same, unless -q. */
void cli_warn(const struct cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Print err and return the exit code its status calls for. */
int cli_fail(const struct mp_error *err);
/* Print err; one that starts with a configuration key ("model.path: ...")
 * names the configuration file too. */
void cli_report(const struct mp_error *err);

/* Resolve the MPD endpoint (options > MPD_HOST/MPD_PORT > config) into ep
 * (mpdc_endpoint_clear() it).  On failure prints why, returns an exit code. */
int cli_endpoint(struct cli *cli, struct mpdc_endpoint *ep);

/* Resolve the MPD endpoint (options > MPD_HOST/MPD_PORT > config) and
 * connect.  On failure prints why and returns an exit code; *out NULL. */
int cli_connect(struct cli *cli, struct mpdc **out);

#endif
