/* moodplay - the status line's prompts. */
#include "config.h"

#include "ui/ui-prompt.h"
#include "ui/ui-term.h"

#include <stdio.h>
#include <string.h>

void ui_prompt_open(struct ui_prompt *p, bool yesno, const char *question,
		    const char *initial, const char *arg, ui_prompt_fn *done)
{
	p->on = true;
	p->yesno = yesno;
	p->done = done;
	snprintf(p->question, sizeof(p->question), "%s", question);
	snprintf(p->text, sizeof(p->text), "%s", initial ? initial : "");
	snprintf(p->arg, sizeof(p->arg), "%s", arg ? arg : "");
}

static enum ui_prompt_outcome ui_prompt_close(struct ui_prompt *p, bool accept,
					      char *text, size_t size)
{
	if (accept)
		snprintf(text, size, "%s", p->yesno ? "y" : p->text);
	p->on = false;
	return accept ? UI_PROMPT_ACCEPTED : UI_PROMPT_CANCELLED;
}

enum ui_prompt_outcome ui_prompt_key(struct ui_prompt *p,
				     const struct ui_key *k, char *text,
				     size_t size)
{
	size_t len = strlen(p->text);

	if (strcmp(k->name, "<Enter>") == 0)
		return ui_prompt_close(p, true, text, size);
	if (strcmp(k->name, "<Esc>") == 0 || strcmp(k->name, "<C-g>") == 0)
		return ui_prompt_close(p, false, text, size);
	if (p->yesno)
		return ui_prompt_close(p,
				       strcmp(k->name, "y") == 0 ||
					       strcmp(k->name, "Y") == 0,
				       text, size);
	if (strcmp(k->name, "<Backspace>") == 0) {
		/* Drop the last UTF-8 character: its continuation bytes too. */
		while (len > 0 &&
		       ((unsigned char)p->text[len - 1] & 0xc0) == 0x80)
			len--;
		if (len > 0)
			len--;
		p->text[len] = '\0';
	} else if (strcmp(k->name, "<C-u>") == 0) {
		p->text[0] = '\0';
	} else if (k->text[0] != '\0' &&
		   len + strlen(k->text) < sizeof(p->text)) {
		memcpy(p->text + len, k->text, strlen(k->text) + 1);
	} else {
		return UI_PROMPT_IGNORED;
	}
	return UI_PROMPT_EDITED;
}
