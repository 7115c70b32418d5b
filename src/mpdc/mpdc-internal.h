/* moodplay - the MPD connection's test seam: a struct mpdc over a socket
 * that is already connected, so a fuzz target can play the server. */
#ifndef MOODPLAY_MPDC_INTERNAL_H
#define MOODPLAY_MPDC_INTERNAL_H

#include "mpdc/mpdc.h"

/* A connected struct mpdc on fd (which it owns and closes), as if the
 * server had greeted with "OK MPD 0.23.5".  Reconnecting goes to
 * ep_host, which should not exist.  NULL when out of memory. */
struct mpdc *mpdc_new_on_fd(int fd, const char *ep_host, unsigned timeout_ms);

#endif
