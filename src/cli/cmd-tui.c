/* moodplay - "moodplay" with no subcommand: the terminal client. */
#include "config.h"

#include "cli/cli.h"
#include "base/i18n.h"
#include "mpdc/mpdc-host.h"
#include "ui/ui.h"

static int cmd_tui(struct cli *cli, int argc, char **argv)
{
	struct ui_options opt = { cli->conf, NULL };
	struct mpdc_endpoint ep;
	struct mp_error err;
	int rc;

	rc = cli_endpoint(cli, &ep);
	if (rc != EXIT_OK)
		return rc;
	opt.ep = &ep;
	rc = ui_run(&opt, &err) == MP_OK ? EXIT_OK : cli_fail(&err);
	mpdc_endpoint_clear(&ep);
	return rc;
}

const struct cli_command cmd_tui_entry = {
	.name = "",
	.usage = "",
	.summary = N_("the terminal client (no COMMAND)"),
	.exec = cmd_tui,
};
