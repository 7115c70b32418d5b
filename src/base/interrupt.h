/* moodplay - SIGINT, SIGTERM and SIGHUP as a request to stop, for the
 * command line's long stages (capture, decoding, detection), which have no
 * event loop of their own: while caught, a signal only sets a flag that
 * the stages' cancel hooks read, so they stop, kill their helpers and
 * remove their files; interrupt_release() then lets the signal take its
 * ordinary effect. */
#ifndef MOODPLAY_INTERRUPT_H
#define MOODPLAY_INTERRUPT_H

#include <stdbool.h>

/* Catch the signals (those ignored at start stay ignored).  Blocking
 * calls in progress return EINTR. */
void interrupt_catch(void);
/* The signal caught since interrupt_catch(), 0 if none. */
int interrupt_caught(void);
/* interrupt_caught() != 0, shaped as a cancel hook (ud unused). */
bool interrupt_pending(void *ud);
/* Put the previous handlers back; if a signal was caught, raise it again
 * so the process ends as that signal says (usually killed by it). */
void interrupt_release(void);

#endif
