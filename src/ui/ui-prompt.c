/* moodplay - the status line's prompts. */
#include "config.h"

#include "ui/ui-prompt.h"
#include "ui/ui-model.h"
#include "ui/ui-term.h"
#include "base/i18n.h"

#include <stdio.h>
#include <string.h>

static unsigned ui_prompt_open(struct ui *ui, bool yesno, const char *question,
			       const char *initial, const char *arg,
			       ui_prompt_fn *done)
{
	struct ui_prompt *p = &ui->prompt;

	p->on = true;
	p->yesno = yesno;
	p->done = done;
	snprintf(p->question, sizeof(p->question), "%s", question);
	snprintf(p->text, sizeof(p->text), "%s", initial ? initial : "");
	snprintf(p->arg, sizeof(p->arg), "%s", arg ? arg : "");
	return UI_REDRAW_STATUS;
}

unsigned ui_prompt_line(struct ui *ui, const char *question,
			const char *initial, const char *arg,
			ui_prompt_fn *done)
{
	return ui_prompt_open(ui, false, question, initial, arg, done);
}

unsigned ui_prompt_yesno(struct ui *ui, const char *question, const char *arg,
			 ui_prompt_fn *done)
{
	return ui_prompt_open(ui, true, question, NULL, arg, done);
}

/* Close the prompt and run done with what was typed: done may open the
 * next prompt, so the text is copied out first. */
static unsigned ui_prompt_accept(struct ui *ui)
{
	struct ui_prompt *p = &ui->prompt;
	char text[sizeof(p->text)];

	snprintf(text, sizeof(text), "%s", p->yesno ? "y" : p->text);
	p->on = false;
	return UI_REDRAW_STATUS | p->done(ui, text);
}

static unsigned ui_prompt_cancel(struct ui *ui)
{
	ui->prompt.on = false;
	return ui_notify(ui, false, _("cancelled"));
}

unsigned ui_prompt_key(struct ui *ui, const struct ui_key *k)
{
	struct ui_prompt *p = &ui->prompt;
	size_t len = strlen(p->text);

	if (strcmp(k->name, "<Enter>") == 0)
		return ui_prompt_accept(ui);
	if (strcmp(k->name, "<Esc>") == 0 || strcmp(k->name, "<C-g>") == 0)
		return ui_prompt_cancel(ui);
	if (p->yesno)
		return strcmp(k->name, "y") == 0 || strcmp(k->name, "Y") == 0
			       ? ui_prompt_accept(ui)
			       : ui_prompt_cancel(ui);
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
		return 0;
	}
	return UI_REDRAW_STATUS;
}
