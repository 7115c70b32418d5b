/* moodplay - drawing the TUI's model with curses. */
#ifndef MOODPLAY_UI_DRAW_H
#define MOODPLAY_UI_DRAW_H

#include "ui/ui-model.h"

/* Draw the parts named by redraw (enum ui_redraw bits) and refresh. */
void ui_draw(struct ui *ui, unsigned redraw);

#endif
