/* moodplay - the status line's prompts: a line of text to type (a playlist
 * name) or a yes/no question (delete a playlist?).  While one is open it
 * owns the keyboard; Enter accepts, Esc (or C-g) cancels.  The state and
 * its keys only: struct ui holds one, ui-model's ui_ask_*() open it and
 * run its done hook, and the drawing layer shows it. */
#ifndef MOODPLAY_UI_PROMPT_H
#define MOODPLAY_UI_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

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

/* What a key did to an open prompt. */
enum ui_prompt_outcome {
	UI_PROMPT_IGNORED,   /* nothing */
	UI_PROMPT_EDITED,    /* the text changed */
	UI_PROMPT_ACCEPTED,  /* closed: run done with the text */
	UI_PROMPT_CANCELLED, /* closed */
};

/* Open p: a question (yesno) or a line starting with initial (may be
 * NULL); arg (may be NULL) is kept in p->arg for done. */
void ui_prompt_open(struct ui_prompt *p, bool yesno, const char *question,
		    const char *initial, const char *arg, ui_prompt_fn *done);
/* A key while p is open.  On UI_PROMPT_ACCEPTED the text done gets ("y"
 * for a question) is copied into text (size bytes): done may open the
 * next prompt. */
enum ui_prompt_outcome ui_prompt_key(struct ui_prompt *p,
				     const struct ui_key *k, char *text,
				     size_t size);

#endif
