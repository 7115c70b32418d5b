/* moodplay - the status line's prompts: a line of text to type (a playlist
 * name) or a yes/no question (delete a playlist?).  While one is open it
 * owns the keyboard; Enter accepts, Esc (or C-g) cancels.  No curses: the
 * drawing layer shows ui->prompt. */
#ifndef MOODPLAY_UI_PROMPT_H
#define MOODPLAY_UI_PROMPT_H

#include <stdbool.h>

struct ui;
struct ui_key;

/* Called with the text typed (a question: "y") when the prompt is
 * accepted; returns what to redraw. */
typedef unsigned ui_prompt_fn(struct ui *ui, const char *text);

struct ui_prompt {
	bool on;
	bool yesno;         /* a question: y (or Enter) yes, n or Esc no */
	char question[256]; /* shown before the text */
	char text[256];     /* what was typed, UTF-8 */
	char arg[256]; /* kept for done: the playlist the prompt is about */
	ui_prompt_fn *done;
};

/* Ask for a line of text, starting with initial (may be NULL); arg (may
 * be NULL) is kept in ui->prompt.arg for done.  Returns what to redraw. */
unsigned ui_prompt_line(struct ui *ui, const char *question,
			const char *initial, const char *arg,
			ui_prompt_fn *done);
/* Ask a yes/no question; done runs on yes. */
unsigned ui_prompt_yesno(struct ui *ui, const char *question, const char *arg,
			 ui_prompt_fn *done);
/* A key while the prompt is open. */
unsigned ui_prompt_key(struct ui *ui, const struct ui_key *k);

#endif
