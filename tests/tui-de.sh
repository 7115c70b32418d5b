#!/bin/sh
# The German catalogue in the terminal interface: the Queue, Help and Mood
# screens and a counted notice (singular and plural) come out in German,
# read from the build tree's catalogue through MOODPLAY_LOCALEDIR.
. "$top_srcdir/tests/lib.sh"
locale -a 2>/dev/null | grep -qix 'de_DE.utf-\{0,1\}8' \
	|| skip_all "the de_DE.UTF-8 locale is not installed"
command -v msgfmt >/dev/null 2>&1 || skip_all "msgfmt is not installed"
. "$top_srcdir/tests/tui-lib.sh"
# Compiled from the source catalogue: po/de.gmo may be older than po/de.po.
mkdir -p "$TMP/locale/de/LC_MESSAGES"
check "po/de.po compiles" msgfmt -c -o "$TMP/locale/de/LC_MESSAGES/moodplay.mo" \
	"$top_srcdir/po/de.po"

mpd_main
mpd_ask main 'add "Storm Engine"' >/dev/null
mpd_ask main 'add "Blue Hour"' >/dev/null
pane_lc=de_DE.UTF-8
pane_wrap="env MOODPLAY_LOCALEDIR=$TMP/locale"
start a
wait_for a "Undertow" >/dev/null
check "Queue: the screen title" wait_for a "Warteschlange"
check "Queue: the count in the status line" wait_for a "Titel in der Warteschlange"

tm send-keys -t a F1
check "Help: the heading" wait_for a "Tasten"
check "Help: a description" wait_for a "abspielen oder pausieren  [play-pause]"

tm send-keys -t a 3
check "Mood: the empty screen" wait_for a "Noch keine Stimmung. Drücke m"

tm send-keys -t a 1 x
check "the crossfade prompt" wait_for a "Überblendung in Sekunden (0: aus): 0_"
tm send-keys -t a BSpace 1 Enter
check "a counted notice, singular" wait_for a "Überblendung 1 Sekunde"
tm send-keys -t a x BSpace 5 Enter
check "and plural" wait_for a "Überblendung 5 Sekunden"
check "in MPD" mpd_has main status "xfade: 5"
quit a
done_testing
