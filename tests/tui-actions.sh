#!/bin/sh
# Key actions against a real MPD through tmux: marks (select-toggle,
# select-range, select-invert, select-clear) and delete, move, add and
# insert on the marked songs.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

mpd_main
mpd_ask main 'add "Storm Engine"' >/dev/null
mpd_ask main 'add "Blue Hour"' >/dev/null

start a
wait_for a "Undertow" >/dev/null
tm send-keys -t a j t
check "select-toggle marks the row" wait_row a 4 "*Breaking Point"
check "and moves down" wait_for a "1 marked"
tm send-keys -t a t
check "a second mark" wait_row a 5 "*Ärger"
check "the status line counts them" wait_for a "6 songs in the queue, 2 marked"
tm send-keys -t a K
want="Breaking Point|Ärger|Overdrive|Slow Tide - Remastered 2011|Slow Tide (Live)|Undertow|"
i=0
while [ "$(titles)" != "$want" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
check "move-up moves the marked songs together" test "$(titles)" = "$want"
check "the marks follow the songs" wait_row a 4 "*Ärger"
tm send-keys -t a K
sleep 0.3
check "not past the top" test "$(titles)" = "$want"
tm send-keys -t a V
check "select-clear" wait_for a "0 marked"
check "no mark left" wait_gone a "*"
tm send-keys -t a g v
check "select-invert marks every row" wait_for a "6 songs in the queue, 6 marked"
tm send-keys -t a g t t
check "toggling unmarks" wait_for a "6 songs in the queue, 4 marked"
tm send-keys -t a d
check "a notice says how many were removed" wait_for a "removed 4 songs"
check "delete removes the marked songs" mpd_has main status "playlistlength: 2"
check "and only them" test "$(titles)" = "Breaking Point|Ärger|"
tm send-keys -t a g t G C-v
check "select-range marks from the last mark to the cursor" wait_for a "2 songs in the queue, 2 marked"
tm send-keys -t a V

# Library: marked artists added at once, then inserted after the playing song.
tm send-keys -t a 2
wait_for a "Aurora Lane" >/dev/null
tm send-keys -t a j t t
check "Library rows are marked" wait_for a "*Aurora Lane"
tm send-keys -t a a
check "a notice counts the songs" wait_for a "added 4 songs"
check "add appends every marked artist" mpd_has main status "playlistlength: 6"
check "the marks are gone after adding" wait_gone a "*Aurora Lane"
mpd_ask main 'play 0' >/dev/null
mpd_ask main 'pause 1' >/dev/null
tm send-keys -t a G t i
check "insert puts the marked songs after the playing one" \
	mpd_has main "playlistinfo 1:2" "Title: 花束を君に"

# Toggles and screens: notices, previous-screen, Esc leaves Help.
tm send-keys -t a r
check "a toggle leaves a notice" wait_for a "repeat on"
tm send-keys -t a r
check "and says when it goes off" wait_for a "repeat off"
tm send-keys -t a 1 F1
wait_for a "play or pause" >/dev/null
tm send-keys -t a Escape
check "Esc leaves Help for the screen before" wait_for a "songs in the queue"
tm send-keys -t a 2 '`'
check "previous-screen goes back" wait_for a "songs in the queue"
tm send-keys -t a '`'
check "and forth" wait_for a "artists: /"

# clear asks first (ui.confirm_clear defaults to true); it acts on the
# Queue screen only.
tm send-keys -t a 1 C
check "clear asks" wait_for a "Clear the queue (7 songs)?"
tm send-keys -t a n
check "n keeps the queue" wait_for a "the queue was kept"
check "MPD's queue untouched" mpd_has main status "playlistlength: 7"
tm send-keys -t a C y
# The notice first: it lasts seconds, MPD's queue stays empty.
check "a notice says so" wait_for a "cleared the queue (7 songs)"
check "y clears it" mpd_has main status "playlistlength: 0"
quit a

printf 'ui:\n  confirm_clear: false\n' > "$TMP/noconfirm.yaml"
mpd_ask main 'add "Storm Engine"' >/dev/null
start b --config "$TMP/noconfirm.yaml"
wait_for b "Overdrive" >/dev/null
tm send-keys -t b C
check "ui.confirm_clear false: clear at once" mpd_has main status "playlistlength: 0"
quit b
done_testing
