/* moodplay - external commands bound to keys, run on the song under the
 * cursor with fork/exec (never a shell).  Return what to redraw. */
#ifndef MOODPLAY_UI_CHILD_H
#define MOODPLAY_UI_CHILD_H

#include "ui/ui-model.h"

unsigned ui_child_run(struct ui *ui, const struct conf_command *cmd);
/* After SIGCHLD: collect our commands and report failures. */
unsigned ui_child_reap(struct ui *ui);

#endif
