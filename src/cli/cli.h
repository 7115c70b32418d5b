/* moodplay - what the one-shot subcommands share: global options, the loaded
 * configuration, connecting to MPD, and messages on stderr. */
#ifndef MOODPLAY_CLI_H
#define MOODPLAY_CLI_H

#include "base/error.h"

#include <stdbool.h>

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

struct cli_command {
	const char *name;
	cli_cmd_fn *run;
	const char *args;    /* usage after the name */
	const char *summary; /* one line for --help */
};

/* "moodplay: message" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Same, unless -q. */
void cli_warn(const struct cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Print err and return the exit code its status calls for. */
int cli_fail(const struct mp_error *err);

/* Resolve the MPD endpoint (options > MPD_HOST/MPD_PORT > config) into ep
 * (mpdc_endpoint_clear() it).  On failure prints why, returns an exit code. */
int cli_endpoint(struct cli *cli, struct mpdc_endpoint *ep);

/* Resolve the MPD endpoint (options > MPD_HOST/MPD_PORT > config) and
 * connect.  On failure prints why and returns an exit code; *out NULL. */
int cli_connect(struct cli *cli, struct mpdc **out);

/* Subcommands. */
int cmd_status(struct cli *cli, int argc, char **argv);
int cmd_capture(struct cli *cli, int argc, char **argv);
int cmd_classify(struct cli *cli, int argc, char **argv);
int cmd_calibrate(struct cli *cli, int argc, char **argv);
int cmd_model(struct cli *cli, int argc, char **argv);
int cmd_match(struct cli *cli, int argc, char **argv);
int cmd_recommend(struct cli *cli, int argc, char **argv);
int cmd_tui(struct cli *cli, int argc, char **argv);

#endif
