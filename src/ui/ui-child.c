/* moodplay - external commands bound to keys (keys.commands), run on the
 * song under the cursor, and their exit statuses. */
#include "config.h"

#include "ui/ui-child.h"
#include "base/i18n.h"
#include "base/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* "%file" in arg replaced by uri; malloc'd. */
static char *ui_expand(const char *arg, const char *uri)
{
	const char *p = strstr(arg, "%file");
	char *rest, *out;

	if (p == NULL)
		return xstrdup(arg);
	rest = ui_expand(p + 5, uri);
	out = xasprintf("%.*s%s%s", (int)(p - arg), arg, uri, rest);
	free(rest);
	return out;
}

/* fork/exec, never a shell: the song's name cannot inject commands.  The
 * child gets /dev/null for its standard streams so it cannot scribble on
 * the screen; its exit status is reported when SIGCHLD comes. */
unsigned ui_child_run(struct ui *ui, const struct conf_command *cmd)
{
	const struct mp_song *s = ui_selected_song(ui);
	struct ui_child *slot = NULL;
	char **argv;
	pid_t pid;
	size_t i;
	int fd;

	if (s == NULL)
		return ui_notify(ui, false, _("select a song first"));
	if (cmd->run.n == 0)
		return ui_notify(ui, true, _("the command for %s is empty"),
				 cmd->key);
	for (i = 0; i < UI_MAX_CHILDREN && slot == NULL; i++)
		if (ui->children[i].pid == 0)
			slot = &ui->children[i];
	if (slot == NULL)
		return ui_notify(ui, true, _("too many commands running"));
	argv = xcalloc(cmd->run.n + 1, sizeof(*argv));
	for (i = 0; i < cmd->run.n; i++)
		argv[i] = ui_expand(cmd->run.v[i], s->uri);
	pid = fork();
	if (pid == 0) {
		fd = open("/dev/null", O_RDWR);
		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
		}
		setsid();
		signal(SIGPIPE, SIG_DFL);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid > 0) {
		slot->pid = pid;
		snprintf(slot->name, sizeof(slot->name), "%s", argv[0]);
		ui_notify(ui, false, _("started %s on %s"), argv[0],
			  song_display_title(s));
	} else {
		ui_notify(ui, true, _("cannot start %s: %s"), argv[0],
			  strerror(errno));
	}
	for (i = 0; i < cmd->run.n; i++)
		free(argv[i]);
	free(argv);
	return UI_REDRAW_STATUS;
}

/* Reap our commands only: waitpid(-1) would also take the capture
 * helper the mood worker is waiting for. */
unsigned ui_child_reap(struct ui *ui)
{
	unsigned redraw = 0;
	int st;

	for (size_t i = 0; i < UI_MAX_CHILDREN; i++) {
		struct ui_child *c = &ui->children[i];

		if (c->pid == 0 || waitpid(c->pid, &st, WNOHANG) != c->pid)
			continue;
		c->pid = 0;
		if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
			redraw |= ui_notify(
				ui, true, _("%s: command not found"), c->name);
		else if (WIFEXITED(st) && WEXITSTATUS(st) != 0)
			redraw |= ui_notify(ui, true,
					    _("%s exited with status %d"),
					    c->name, WEXITSTATUS(st));
		else if (WIFSIGNALED(st))
			redraw |= ui_notify(ui, true,
					    _("%s was killed by signal %d"),
					    c->name, WTERMSIG(st));
	}
	return redraw;
}
