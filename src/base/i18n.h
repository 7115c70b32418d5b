/* moodplay - gettext glue: every user-facing string goes through _(). */
#ifndef MOODPLAY_I18N_H
#define MOODPLAY_I18N_H

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#else
#define _(s) (s)
/* Every message with a count goes through ngettext(): languages differ in
 * how many plural forms they have and where each begins. */
#define ngettext(s, p, n) ((n) == 1 ? (s) : (p))
#endif
#define N_(s) (s)

#endif
