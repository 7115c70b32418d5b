/* moodplay - the Outputs screen: MPD's audio outputs, Enter toggles one. */
#ifndef MOODPLAY_PAGE_OUTPUTS_H
#define MOODPLAY_PAGE_OUTPUTS_H

#include "ui/ui-page.h"

extern const struct ui_page page_outputs;

#endif
