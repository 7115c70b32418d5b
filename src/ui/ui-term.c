/* moodplay - terminal layer over ncursesw. */
#include "config.h"

#include "ui/ui-curses.h"
#include "ui/ui-term.h"
#include "base/i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>

static SCREEN *ui_term_screen;
static volatile sig_atomic_t ui_term_open_flag;
static volatile sig_atomic_t ui_term_pending;
static int ui_term_pipe[2] = { -1, -1 };
/* The terminal's modes before curses, for the signal handler's last
 * resort; when the first quit signal still waits for the loop. */
static struct termios ui_term_saved;
static bool ui_term_have_saved;
static volatile sig_atomic_t ui_term_quit_at;
/* Each element's colours as curses colour numbers (-1: the terminal's
 * default) and attributes, from the "colors" section. */
static struct {
	int fg, bg;
	attr_t attrs;
} ui_term_els[CONF_EL_COUNT];
static bool ui_term_has_color;
/* Looks already composed, by element mask. */
#define UI_TERM_LOOKS 64
static struct {
	unsigned mask;
	struct ui_look look;
} ui_term_looks[UI_TERM_LOOKS];
static size_t ui_term_n_looks;
/* The locale's codeset is UTF-8; else the converter to it from UTF-8
 * ((iconv_t)-1 when iconv has none). */
static bool ui_term_is_utf8 = true;
static iconv_t ui_term_conv = (iconv_t)-1;
/* What ui_term_palette() answers: fixed once colours are started. */
static int ui_term_palette_size;

static const int ui_term_quit_signals[] = { SIGINT, SIGTERM, SIGHUP };

static void ui_term_on_signal(int sig)
{
	static const struct {
		int sig;
		unsigned ev;
	} map[] = {
		{ SIGINT, UI_TERM_QUIT },   { SIGTERM, UI_TERM_QUIT },
		{ SIGHUP, UI_TERM_QUIT },   { SIGWINCH, UI_TERM_RESIZE },
		{ SIGCHLD, UI_TERM_CHILD },
	};
	int saved = errno;
	struct timespec now;
	ssize_t n;

	/* A second request to quit while the loop has not taken the first
	 * for a second means the loop is stuck: restore what can be restored
	 * without curses (not async-signal-safe) and end as the signal says,
	 * so a client that cannot stop never needs kill -9. */
	if (sig != SIGWINCH && sig != SIGCHLD) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (ui_term_quit_at != 0 && now.tv_sec - ui_term_quit_at >= 2) {
			if (ui_term_have_saved)
				tcsetattr(STDIN_FILENO, TCSANOW,
					  &ui_term_saved);
			signal(sig, SIG_DFL);
			raise(sig);
		}
		if (ui_term_quit_at == 0)
			ui_term_quit_at = (sig_atomic_t)now.tv_sec;
	}
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].sig == sig)
			ui_term_pending |= map[i].ev;
	n = write(ui_term_pipe[1], "s", 1);
	(void)n;
	errno = saved;
}

/* A crash must not leave the user's terminal in raw mode: restore it,
 * then die of the same signal (htop's fail()). */
static void ui_term_on_fatal(int sig)
{
	if (ui_term_open_flag)
		endwin();
	signal(sig, SIG_DFL);
	raise(sig);
}

void ui_term_close(void)
{
	if (!ui_term_open_flag)
		return;
	ui_term_open_flag = 0;
	curs_set(1);
	endwin();
	delscreen(ui_term_screen);
	ui_term_screen = NULL;
	if (ui_term_conv != (iconv_t)-1) {
		iconv_close(ui_term_conv);
		ui_term_conv = (iconv_t)-1;
	}
	/* The terminal is back: from now on a quit signal need not wait for
	 * the rest of the shutdown. */
	for (size_t i = 0;
	     i < sizeof(ui_term_quit_signals) / sizeof(ui_term_quit_signals[0]);
	     i++)
		signal(ui_term_quit_signals[i], SIG_DFL);
}

bool ui_term_utf8(void)
{
	return ui_term_is_utf8;
}

/* Bytes of the UTF-8 sequence starting with byte c (1 when invalid). */
static size_t ui_term_u8len(unsigned char c)
{
	return c < 0xc0 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : c < 0xf8 ? 4 : 1;
}

const char *ui_term_local(char *out, size_t outsz, const char *s)
{
	char *in = (char *)s, *o = out;
	size_t left = strlen(s), room;

	if (outsz == 0)
		return out;
	if (ui_term_is_utf8 || ui_term_conv == (iconv_t)-1) {
		/* No converter: ASCII passes, anything else is '?'. */
		size_t n = 0;

		while (*in != '\0' && n + 1 < outsz) {
			unsigned char c = (unsigned char)*in;

			if (ui_term_is_utf8 || c < 0x80) {
				out[n++] = *in++;
				continue;
			}
			out[n++] = '?';
			in += ui_term_u8len(c);
			while (*in != '\0' &&
			       ((unsigned char)*in & 0xc0) == 0x80)
				in++;
		}
		out[n] = '\0';
		return out;
	}
	room = outsz - 1;
	iconv(ui_term_conv, NULL, NULL, NULL, NULL);
	while (left > 0 && room > 0) {
		if (iconv(ui_term_conv, &in, &left, &o, &room) != (size_t)-1)
			break;
		if (errno == E2BIG)
			break;
		/* Not in the codeset, even transliterated, or not UTF-8:
		 * one '?' for the character. */
		*o++ = '?';
		room--;
		{
			size_t n = ui_term_u8len((unsigned char)*in);

			n = n > left ? left : n;
			in += n;
			left -= n;
		}
	}
	iconv(ui_term_conv, NULL, NULL, &o, &room);
	*o = '\0';
	return out;
}

bool ui_term_gone(void)
{
	struct termios t;

	/* A hung-up terminal fails every ioctl with EIO. */
	return tcgetattr(STDIN_FILENO, &t) != 0;
}

/* Nearest entry of xterm's 256-colour palette (6x6x6 cube + grey ramp)
 * or, with 8 colours, of the basic eight. */
static int ui_term_nearest(int rgb, int colors)
{
	int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;

	if (colors >= 256) {
		int q[3], v[3] = { r, g, b }, grey, cube;
		long dc = 0, dg;

		for (int i = 0; i < 3; i++) {
			q[i] = v[i] < 48    ? 0
			       : v[i] < 115 ? 1
					    : (v[i] - 35) / 40;
			int c = q[i] ? 55 + q[i] * 40 : 0;
			dc += (long)(c - v[i]) * (c - v[i]);
		}
		cube = 16 + 36 * q[0] + 6 * q[1] + q[2];
		grey = (r + g + b) / 3;
		grey = grey < 8 ? 0 : grey > 238 ? 23 : (grey - 8) / 10;
		dg = 0;
		for (int i = 0; i < 3; i++) {
			int c = 8 + grey * 10;
			dg += (long)(c - v[i]) * (c - v[i]);
		}
		return dg < dc ? 232 + grey : cube;
	}
	return (r > 127 ? 1 : 0) | (g > 127 ? 2 : 0) | (b > 127 ? 4 : 0);
}

/* RGB of entry i (16..255) of xterm's 256-colour palette. */
static int ui_term_xterm_rgb(int i)
{
	static const int level[6] = { 0, 95, 135, 175, 215, 255 };

	if (i >= 232) {
		int v = 8 + (i - 232) * 10;

		return v << 16 | v << 8 | v;
	}
	i -= 16;
	return level[i / 36] << 16 | level[i / 6 % 6] << 8 | level[i % 6];
}

/* The curses colour number of an RGB value.  On a direct-colour terminal
 * (TERM=xterm-direct and the like) numbers below 8 stay the basic eight
 * and larger ones are RGB, so near-black is nudged up to 8. */
int ui_term_rgb(int rgb)
{
	if (ui_term_palette() > 256)
		return rgb < 8 ? 8 : rgb;
	return ui_term_nearest(rgb, COLORS);
}

static int ui_term_color(int c)
{
	if (c == CONF_COLOR_DEFAULT)
		return -1;
	if (CONF_COLOR_IS_RGB(c))
		return ui_term_rgb(c & 0xffffff);
	/* Palette entries beyond the basic 16 are RGB values to a
	 * direct-colour terminal. */
	if (ui_term_palette() > 256 && c >= 16 && c < 256)
		return ui_term_rgb(ui_term_xterm_rgb(c));
	return c < COLORS ? c : c % 8;
}

static void ui_term_colors(const struct conf *conf)
{
	static const struct {
		unsigned conf;
		attr_t attr;
	} attrs[] = {
		{ CONF_ATTR_BOLD, A_BOLD },
		{ CONF_ATTR_DIM, A_DIM },
		{ CONF_ATTR_ITALIC, A_ITALIC },
		{ CONF_ATTR_UNDERLINE, A_UNDERLINE },
		{ CONF_ATTR_BLINK, A_BLINK },
		{ CONF_ATTR_REVERSE, A_REVERSE },
		{ CONF_ATTR_STANDOUT, A_STANDOUT },
	};
	bool color = has_colors() && start_color() == OK;

	/* ncurses' direct colour: terminfo's RGB flag and 2^24 colours. */
	ui_term_palette_size = !has_colors() ? 0
			       : COLORS >= 0x1000000 && tigetflag("RGB") > 0
				       ? 0x1000000
			       : COLORS >= 256 ? 256
					       : 8;
	if (color)
		use_default_colors();
	ui_term_has_color = color;
	ui_term_n_looks = 0;
	for (int el = 0; el < CONF_EL_COUNT; el++) {
		const struct conf_color *c = &conf->colors[el];
		attr_t a = 0;

		for (size_t i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++)
			if (c->attrs & attrs[i].conf)
				a |= attrs[i].attr;
		/* Without colours the header and the cursor row must still
		 * stand out: a coloured one without attributes is reversed. */
		if (!color && c->attrs == 0 &&
		    (c->fg != CONF_COLOR_DEFAULT ||
		     c->bg != CONF_COLOR_DEFAULT) &&
		    (el == CONF_EL_HEADER || el == CONF_EL_SELECTED))
			a |= A_REVERSE;
		ui_term_els[el].fg = ui_term_color(c->fg);
		ui_term_els[el].bg = ui_term_color(c->bg);
		ui_term_els[el].attrs = a;
	}
}

/* Layering order of ui_term_look(), bottom first: what a row is, then
 * what is in a column, then its state (playing), then the cursor. */
static const enum conf_element ui_term_layers[] = {
	CONF_EL_LIST,     CONF_EL_STATUS,    CONF_EL_TITLE,  CONF_EL_ARTIST,
	CONF_EL_ALBUM,    CONF_EL_NOTICE,    CONF_EL_ERROR,  CONF_EL_PROGRESS,
	CONF_EL_MOOD_BAR, CONF_EL_MOOD_PLOT, CONF_EL_HEADER, CONF_EL_PLAYING,
	CONF_EL_SELECTED,
};
_Static_assert(sizeof(ui_term_layers) / sizeof(ui_term_layers[0]) ==
		       CONF_EL_COUNT,
	       "every element has a layer");

struct ui_look ui_term_look(unsigned mask)
{
	struct ui_look look = { A_NORMAL, 0 };
	int fg = -1, bg = -1;
	size_t i;

	for (i = 0; i < ui_term_n_looks; i++)
		if (ui_term_looks[i].mask == mask)
			return ui_term_looks[i].look;
	for (i = 0; i < CONF_EL_COUNT; i++) {
		enum conf_element el = ui_term_layers[i];

		if (!(mask & UI_EL(el)))
			continue;
		if (ui_term_els[el].fg != -1)
			fg = ui_term_els[el].fg;
		if (ui_term_els[el].bg != -1)
			bg = ui_term_els[el].bg;
		look.attrs |= ui_term_els[el].attrs;
	}
	if (ui_term_has_color && (fg != -1 || bg != -1)) {
		int p = alloc_pair(fg, bg);

		look.pair = p < 0 ? 0 : p;
	}
	if (ui_term_n_looks < UI_TERM_LOOKS) {
		ui_term_looks[ui_term_n_looks].mask = mask;
		ui_term_looks[ui_term_n_looks++].look = look;
	}
	return look;
}

int ui_term_palette(void)
{
	return ui_term_palette_size;
}

int ui_term_pair(int fg, int bg)
{
	int p = alloc_pair(fg, bg);

	return p < 0 ? 0 : p;
}

enum mp_status ui_term_open(const struct conf *conf, struct mp_error *err)
{
	static const int caught_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGWINCH,
					      SIGCHLD };
	static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL,
					     SIGABRT };
	struct sigaction sa;
	sigset_t unblock;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return mp_error_set(
			err, MP_EINVAL,
			_("the terminal interface needs a terminal; "
			  "try 'moodplay --help' for commands"));
	if (ui_term_pipe[0] < 0) {
		if (pipe(ui_term_pipe) != 0)
			return mp_error_set(err, MP_ERR,
					    _("cannot create a pipe: %s"),
					    strerror(errno));
		for (int i = 0; i < 2; i++) {
			fcntl(ui_term_pipe[i], F_SETFD, FD_CLOEXEC);
			fcntl(ui_term_pipe[i], F_SETFL, O_NONBLOCK);
		}
	}
	ui_term_have_saved = tcgetattr(STDIN_FILENO, &ui_term_saved) == 0;
	ui_term_quit_at = 0;
	ui_term_is_utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	if (!ui_term_is_utf8 && ui_term_conv == (iconv_t)-1) {
		char to[96];

		snprintf(to, sizeof(to), "%s//TRANSLIT", nl_langinfo(CODESET));
		ui_term_conv = iconv_open(to, "UTF-8");
	}
	ui_term_screen = newterm(NULL, stdout, stdin);
	if (ui_term_screen == NULL)
		return mp_error_set(err, MP_EINVAL,
				    _("cannot use terminal type '%s'"),
				    getenv("TERM") ? getenv("TERM") : "");
	ui_term_open_flag = 1;
	atexit(ui_term_close);
	/* A terminal that cannot move the cursor (TERM=dumb) would get a
	 * scrolling mess: refuse it. */
	if (tigetstr("cup") == NULL || tigetstr("cup") == (char *)-1) {
		ui_term_close();
		return mp_error_set(
			err, MP_EINVAL,
			_("terminal type '%s' cannot move the cursor"),
			getenv("TERM") ? getenv("TERM") : "");
	}
	/* ncurses (6.4 at least) writes after every cursor movement until
	 * the screen has been through endwin() once: a full frame went out in
	 * about 200 write()s, each a packet of its own over ssh.  One
	 * endwin()/refresh() now, before anything is drawn, makes every
	 * frame a single write. */
	endwin();
	refresh();
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	/* Presses only, no click grouping: ncurses would otherwise hold a
	 * press back for mouseinterval() to see whether a click follows. */
	mouseinterval(0);
	mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	ui_term_colors(conf);

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sa.sa_handler = ui_term_on_signal;
	sigemptyset(&unblock);
	for (size_t i = 0;
	     i < sizeof(caught_signals) / sizeof(caught_signals[0]); i++) {
		sigaction(caught_signals[i], &sa, NULL);
		sigaddset(&unblock, caught_signals[i]);
	}
	/* A parent may hand its blocked signals down (the mask survives
	 * exec): the client must still hear SIGTERM and SIGHUP. */
	sigprocmask(SIG_UNBLOCK, &unblock, NULL);
	sa.sa_flags = SA_RESETHAND;
	sa.sa_handler = ui_term_on_fatal;
	for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]);
	     i++)
		sigaction(fatal_signals[i], &sa, NULL);
	return MP_OK;
}

int ui_term_signal_fd(void)
{
	return ui_term_pipe[0];
}

unsigned ui_term_events(void)
{
	char buf[64];
	unsigned ev;
	sigset_t all, old;

	while (read(ui_term_pipe[0], buf, sizeof(buf)) > 0)
		;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	ev = (unsigned)ui_term_pending;
	ui_term_pending = 0;
	if (!(ev & UI_TERM_QUIT))
		ui_term_quit_at = 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
	return ev;
}

void ui_term_resize(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
}

void ui_term_size(int *rows, int *cols)
{
	getmaxyx(stdscr, *rows, *cols);
}

/* Names of curses' special keys, as moodplay.conf(5) spells them. */
static const struct {
	int code;
	const char *name;
} ui_term_keys[] = {
	{ KEY_UP, "<Up>" },        { KEY_DOWN, "<Down>" },
	{ KEY_LEFT, "<Left>" },    { KEY_RIGHT, "<Right>" },
	{ KEY_PPAGE, "<PageUp>" }, { KEY_NPAGE, "<PageDown>" },
	{ KEY_HOME, "<Home>" },    { KEY_END, "<End>" },
	{ KEY_ENTER, "<Enter>" },  { KEY_BACKSPACE, "<Backspace>" },
	{ KEY_DC, "<Delete>" },    { KEY_IC, "<Insert>" },
};

/* Characters that have bracketed names rather than themselves. */
static const struct {
	wint_t ch;
	const char *name;
} ui_term_chars[] = {
	{ '\r', "<Enter>" }, { '\n', "<Enter>" },    { '\t', "<Tab>" },
	{ ' ', "<Space>" },  { 127, "<Backspace>" }, { 8, "<Backspace>" },
	{ 27, "<Esc>" },
};

bool ui_term_key(struct ui_key *key)
{
	wint_t ch;
	int rc;

	memset(key, 0, sizeof(*key));
	rc = get_wch(&ch);
	if (rc == ERR)
		return false;
	if (rc == KEY_CODE_YES) {
		if (ch == KEY_RESIZE) {
			ui_term_pending |= UI_TERM_RESIZE;
			return true;
		}
		if (ch == KEY_MOUSE) {
			MEVENT ev;

			if (getmouse(&ev) == OK) {
				key->y = ev.y;
				key->x = ev.x;
				key->mouse = ev.bstate & BUTTON4_PRESSED
						     ? UI_MOUSE_WHEEL_UP
					     : ev.bstate & BUTTON5_PRESSED
						     ? UI_MOUSE_WHEEL_DOWN
					     : ev.bstate & BUTTON1_PRESSED
						     ? UI_MOUSE_PRESS
						     : UI_MOUSE_NONE;
			}
			return true;
		}
		if (ch >= KEY_F(1) && ch <= KEY_F(12)) {
			snprintf(key->name, sizeof(key->name), "<F%d>",
				 (int)(ch - KEY_F0));
			return true;
		}
		for (size_t i = 0;
		     i < sizeof(ui_term_keys) / sizeof(ui_term_keys[0]); i++)
			if (ui_term_keys[i].code == (int)ch)
				snprintf(key->name, sizeof(key->name), "%s",
					 ui_term_keys[i].name);
		return true;
	}
	for (size_t i = 0; i < sizeof(ui_term_chars) / sizeof(ui_term_chars[0]);
	     i++) {
		if (ui_term_chars[i].ch == ch) {
			snprintf(key->name, sizeof(key->name), "%s",
				 ui_term_chars[i].name);
			if (ch == ' ')
				key->text[0] = ' ';
			return true;
		}
	}
	if (ch >= 1 && ch <= 26) {
		snprintf(key->name, sizeof(key->name), "<C-%c>",
			 'a' + (int)ch - 1);
		return true;
	}
	if (ch > 0x20 && ch < 0x7f)
		key->name[0] = (char)ch;
	if (iswprint(ch)) {
		mbstate_t st;

		memset(&st, 0, sizeof(st));
		if (wcrtomb(key->text, (wchar_t)ch, &st) == (size_t)-1)
			key->text[0] = '\0';
	}
	return true;
}
