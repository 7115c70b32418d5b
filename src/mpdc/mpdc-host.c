/* moodplay - where to find MPD. */
#include "config.h"

#include "mpdc/mpdc-host.h"
#include "base/i18n.h"
#include "base/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool mpdc_host_is_socket(const char *host)
{
	return host != NULL &&
	       (host[0] == '/' || host[0] == '@' || host[0] == '~');
}

/* Split "password@host" as libmpdclient does: a leading '@' is an abstract
 * socket, not an empty password. */
static void split_password(const char *in, char **host, char **password)
{
	const char *at = in[0] == '@' ? NULL : strchr(in, '@');

	if (at == NULL) {
		*host = xstrdup(in);
		*password = NULL;
	} else {
		*password = xstrndup(in, (size_t)(at - in));
		*host = xstrdup(at + 1);
	}
}

static enum mp_status parse_port(const char *text, const char *what,
				 unsigned *out, struct mp_error *err)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || v < 1 || v > 65535)
		return mp_error_set(
			err, MP_EINVAL,
			_("%s: invalid port '%s' (expected 1-65535)"), what,
			text);
	*out = (unsigned)v;
	return MP_OK;
}

/* Expand "~/" against $HOME so a configured socket path can be written as
 * ~/.mpd/socket, as mpd.conf allows. */
static char *expand_home(char *path)
{
	const char *home = getenv("HOME");
	char *full;

	if (path == NULL || path[0] != '~' ||
	    (path[1] != '/' && path[1] != '\0') || home == NULL)
		return path;
	full = xasprintf("%s%s", home, path + 1);
	free(path);
	return full;
}

enum mp_status mpdc_endpoint_resolve(struct mpdc_endpoint *ep,
				     const struct mpdc_host_layer *cli,
				     const struct mpdc_host_layer *env,
				     const struct mpdc_host_layer *conf,
				     struct mp_error *err)
{
	const struct mpdc_host_layer *layers[] = { cli, env, conf };
	static const char *const names[] = { "--host", "MPD_HOST", "mpd.host" };
	static const char *const port_names[] = { "--port", "MPD_PORT",
						  "mpd.port" };
	char *host = NULL, *embedded = NULL, *password = NULL;
	size_t host_layer = 3;
	enum mp_status rc;

	memset(ep, 0, sizeof(*ep));
	ep->source = N_("default");
	for (size_t i = 0; i < 3 && host == NULL; i++) {
		if (layers[i] == NULL || layers[i]->host == NULL ||
		    layers[i]->host[0] == '\0')
			continue;
		split_password(layers[i]->host, &host, &embedded);
		ep->source = names[i];
		host_layer = i;
		if (host[0] == '\0') {
			free(host);
			free(embedded);
			return mp_error_set(err, MP_EINVAL,
					    _("%s: empty host name"), names[i]);
		}
	}
	for (size_t i = 0; i < 3 && ep->port == 0; i++) {
		if (layers[i] == NULL || layers[i]->port == NULL ||
		    layers[i]->port[0] == '\0')
			continue;
		rc = parse_port(layers[i]->port, port_names[i], &ep->port, err);
		if (rc != MP_OK) {
			free(host);
			free(embedded);
			return rc;
		}
	}
	/* The first layer that says anything about the password wins, whether
	 * in its password setting or as "password@" in its host. */
	for (size_t i = 0; i < 3 && password == NULL; i++) {
		if (layers[i] != NULL && layers[i]->password != NULL &&
		    layers[i]->password[0] != '\0')
			password = xstrdup(layers[i]->password);
		else if (i == host_layer && embedded != NULL)
			password = xstrdup(embedded);
	}
	free(embedded);
	ep->host = expand_home(host);
	ep->password = password;
	return MP_OK;
}

void mpdc_endpoint_copy(struct mpdc_endpoint *dst,
			const struct mpdc_endpoint *src)
{
	dst->host = src->host != NULL ? xstrdup(src->host) : NULL;
	dst->port = src->port;
	dst->password = src->password != NULL ? xstrdup(src->password) : NULL;
	dst->source = src->source;
}

void mpdc_endpoint_clear(struct mpdc_endpoint *ep)
{
	free(ep->host);
	free(ep->password);
	memset(ep, 0, sizeof(*ep));
}

const char *mpdc_endpoint_describe(const struct mpdc_endpoint *ep)
{
	/* Per thread: the UI, the connect attempt and the workers all
	 * describe their endpoints in error messages at the same time. */
	static _Thread_local char buf[512];

	if (ep->host == NULL)
		snprintf(buf, sizeof(buf), "localhost:%u",
			 ep->port ? ep->port : 6600);
	else if (mpdc_host_is_socket(ep->host))
		snprintf(buf, sizeof(buf), "%s", ep->host);
	else if (strchr(ep->host, ':') != NULL)
		snprintf(buf, sizeof(buf), "[%s]:%u", ep->host,
			 ep->port ? ep->port : 6600);
	else
		snprintf(buf, sizeof(buf), "%s:%u", ep->host,
			 ep->port ? ep->port : 6600);
	return buf;
}
