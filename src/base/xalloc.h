/* moodplay - allocation helpers for small, fixed-size objects.
 *
 * Memory sized by program input is never allocated through these: such code
 * checks its own limits and reports MP_ENOMEM.  These abort with a message on
 * exhaustion, which for a few hundred bytes means the process is lost anyway. */
#ifndef MOODPLAY_XALLOC_H
#define MOODPLAY_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
