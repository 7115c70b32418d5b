/* moodplay - where to find MPD: host, port and password resolved from the
 * command line, the environment (MPD_HOST, MPD_PORT, as mpc reads them) and
 * the configuration file, in that order of precedence.  Pure: no I/O. */
#ifndef MOODPLAY_MPDC_HOST_H
#define MOODPLAY_MPDC_HOST_H

#include "base/error.h"

#include <stdbool.h>

struct mpdc_endpoint {
	char *host; /* host name, IP, socket path or "@abstract"; NULL = default */
	unsigned port;  /* 0 = default (6600); ignored for sockets */
	char *password; /* NULL = none */
	const char
		*source; /* where host came from: "--host", "MPD_HOST", ... */
};

/* One layer of settings; NULL/0 fields fall through to the next layer. */
struct mpdc_host_layer {
	const char *host;
	const char *port; /* text, validated here */
	const char *password;
};

/* Resolve cli > env > conf.  host strings may carry "password@".
 * On success ep owns its strings (mpdc_endpoint_clear frees them). */
enum mp_status mpdc_endpoint_resolve(struct mpdc_endpoint *ep,
				     const struct mpdc_host_layer *cli,
				     const struct mpdc_host_layer *env,
				     const struct mpdc_host_layer *conf,
				     struct mp_error *err);
void mpdc_endpoint_clear(struct mpdc_endpoint *ep);
/* dst gets copies of src's strings (mpdc_endpoint_clear() it). */
void mpdc_endpoint_copy(struct mpdc_endpoint *dst,
			const struct mpdc_endpoint *src);

/* True when host names a unix socket (path or abstract). */
bool mpdc_host_is_socket(const char *host);

/* "host:port", "socket /path" or "default" for messages; a per-thread
 * buffer, valid until the same thread calls this again. */
const char *mpdc_endpoint_describe(const struct mpdc_endpoint *ep);

#endif
