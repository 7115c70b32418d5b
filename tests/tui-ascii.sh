#!/bin/sh
# A terminal whose locale is not UTF-8 (LANG=C on the Linux console, a
# plain ssh session): every screen is drawn in ASCII, tags converted with
# '?' for what the codeset lacks, never raw UTF-8 that ncurses would show
# as byte debris (~V~@ ...).  With a face photo, the Mood screen's
# snapshot and bars too.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

mpd_main
mpd_ask main 'add ""' >/dev/null
mpd_ask main 'play 0' >/dev/null

# ascii SESSION WHAT: the pane holds printable ASCII only, and none of
# ncurses' notations for bytes it cannot print (~X, M-x, ^X).
ascii() {
	screen "$1" > "$TMP/screen"
	if LC_ALL=C grep -n '[^ -~]' "$TMP/screen" >&2 ||
	   LC_ALL=C grep -nE '~[@-_]|M-[^ ]|\^[@-_]' "$TMP/screen" >&2; then
		echo "# $2 shows bytes it should not:" >&2
		sed 's/^/#   /' "$TMP/screen" >&2
		return 1
	fi
}

photo_conf > "$TMP/c.yaml"

pane_term=linux
pane_lc=C
# ncurses loads libgpm for the Linux console's mouse, which keeps 10 bytes
# for good: not ours to free (the full stack names mousemask).
echo 'leak:mousemask_sp' > "$TMP/lsan.supp"
pane_wrap="env ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0 LSAN_OPTIONS=${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$TMP/lsan.supp"
start a --config "$TMP/c.yaml"
wait_for a "Sunrise Drive" >/dev/null
check "Queue: ASCII only" ascii a "the Queue"
check "tags converted with '?'" wait_for a "????"
check "the playing song's line uses '-' for the dash" wait_for a "Sunrise Drive - Aurora Lane"
check "the progress bar is drawn with '#'" sh -c "sleep 1.2; tmux -L moodplay-test-$$ -f /dev/null capture-pane -p -t a | grep -q '/ 1:30 #'"
tm send-keys -t a 2
wait_for a "Aurora Lane" >/dev/null
check "Library: ASCII only" ascii a "the Library"
tm send-keys -t a "?"
wait_for a "play or pause" >/dev/null
check "Help: ASCII only" ascii a "Help"
for k in 4 5 6 I; do
	tm send-keys -t a Escape 1 $k
	sleep 0.5
	check "screen $k: ASCII only" ascii a "screen $k"
done
tm send-keys -t a Escape 3
wait_for a "Mood" >/dev/null
check "Mood: ASCII only" ascii a "the Mood screen"
if [ -r "$photo" ] && [ -r "$cascade" ]; then
	tm send-keys -t a m
	check "a mood run in ASCII" wait_for a "snapshot"
	sleep 1
	check "Mood after a snapshot: ASCII only" ascii a "the Mood screen with a snapshot"
	check "the bars are '#'" wait_for a "###"
else
	ok "# SKIP no face photo (opencv-doc, opencv-data)"
fi
tm send-keys -t a q
check "quits and restores the terminal" restored a 0
done_testing
