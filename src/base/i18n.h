/* moodplay - gettext glue: every user-facing string goes through _(). */
#ifndef MOODPLAY_I18N_H
#define MOODPLAY_I18N_H

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#else
#define _(s) (s)
#endif
#define N_(s) (s)

#endif
