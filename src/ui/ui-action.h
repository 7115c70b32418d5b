/* moodplay - the TUI's key actions: a key press (or mouse event) applied
 * to the model.  Returns what to redraw (enum ui_redraw bits). */
#ifndef MOODPLAY_UI_ACTION_H
#define MOODPLAY_UI_ACTION_H

#include "ui/ui-model.h"
#include "ui/ui-term.h"

unsigned ui_act_key(struct ui *ui, const struct ui_key *k);

#endif
