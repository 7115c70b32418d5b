/* moodplay - the terminal client: "moodplay" with no subcommand.
 *
 * One poll loop over the terminal, signals, MPD's idle socket, the
 * reconnect helper and worker jobs; nothing in it waits on the network
 * except single short MPD commands after a key press. */
#ifndef MOODPLAY_UI_H
#define MOODPLAY_UI_H

#include "conf/conf.h"
#include "base/error.h"
#include "mpdc/mpdc-host.h"

struct ui_options {
	const struct conf *conf;
	const struct mpdc_endpoint *ep; /* where MPD is; copied */
};

/* Run until the user quits (MP_OK) or the terminal cannot be used. */
enum mp_status ui_run(const struct ui_options *opt, struct mp_error *err);

#endif
