#!/bin/sh
# Playback and queue actions against a real MPD through tmux:
# find-next/find-previous after a search, crossfade and seek-to (prompts:
# Enter accepts, Esc cancels, nonsense is refused), shuffle, and locate
# (the song under the cursor, or the playing one, shown in the Library).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

mpd_main
mpd_ask main 'add "Storm Engine"' >/dev/null
mpd_ask main 'add "Blue Hour"' >/dev/null
playing() { mpd_ask main currentsong | sed -n 's/^Title: //p'; }
# plays TITLE: MPD plays TITLE within 5 s.
plays() { mpd_has main currentsong "Title: $1"; }

start a
wait_for a "Undertow" >/dev/null

# find-next / find-previous: the last search's matches in the whole list,
# wrapping around.
tm send-keys -t a / S l o w Enter
wait_for a "2 matches" >/dev/null
tm send-keys -t a Escape
wait_for a "Overdrive" >/dev/null
tm send-keys -t a g n Enter
check "find-next goes to the first match" plays "Slow Tide - Remastered 2011"
tm send-keys -t a n Enter
check "and to the next" plays "Slow Tide (Live)"
tm send-keys -t a n Enter
check "wrapping around" plays "Slow Tide - Remastered 2011"
tm send-keys -t a N Enter
check "find-previous wraps backwards" plays "Slow Tide (Live)"
tm send-keys -t a N Enter
check "and goes back" plays "Slow Tide - Remastered 2011"
tm send-keys -t a / z z z Enter Escape n
check "a search without a match says so" wait_for a "nothing matches 'zzz'"

# crossfade: the prompt starts at MPD's value.
tm send-keys -t a x
check "crossfade asks, with the current value" wait_for a "Crossfade in seconds (0: off): 0_"
tm send-keys -t a BSpace 5 Enter
check "Enter sets the crossfade, with a notice" wait_for a "crossfade 5 seconds"
check "in MPD" mpd_has main status "xfade: 5"
tm send-keys -t a x BSpace 9 Escape
check "Esc cancels the prompt" wait_for a "cancelled"
check "and leaves MPD's crossfade" mpd_has main status "xfade: 5"
tm send-keys -t a x C-u a b Enter
check "a non-number is refused" wait_for a "crossfade: 'ab' is not a number of seconds"
tm send-keys -t a x C-u 0 Enter
check "0 turns it off" wait_for a "crossfade off"
check "in MPD too" sh -c "! sh '$fixture' ask '$sock' status | grep -q '^xfade:'"

# seek-to, paused so the position holds still.
mpd_ask main 'pause 1' >/dev/null
mpd_has main status "state: pause" >/dev/null
tm send-keys -t a T
check "seek-to asks" wait_for a "Seek to (m:ss or N%):"
tm send-keys -t a 1 : 1 5 Enter
check "m:ss seeks there" mpd_has main status "elapsed: 75."
tm send-keys -t a T 5 0 % Enter
dur=$(mpd_ask main status | sed -n 's/^duration: \([0-9]*\).*/\1/p')
check "N% seeks to that share of the song" mpd_has main status "elapsed: $((dur / 2))."
tm send-keys -t a T 9 : 9 9 Enter
check "nonsense is refused" wait_for a "seek-to: '9:99' is not a position"
tm send-keys -t a T 1 0 Escape
check "Esc cancels" wait_for a "cancelled"
check "without seeking" mpd_has main status "elapsed: $((dur / 2))."

# locate: from the Queue's cursor row; a adds the Library's cursor song.
tm send-keys -t a 1 g j j '~'
check "locate opens the song's album in the Library" wait_for a "Storm Engine / Voltage"
tm send-keys -t a a
check "with the cursor on the song" wait_for a "added Ärger"
check "(MPD agrees)" mpd_has main "playlistinfo 6" "Title: Ärger"
# From the Mood screen, which has no song rows: the playing song.
tm send-keys -t a 3 '~'
check "locate elsewhere shows the playing song" wait_for a "Blue Hour / Tides"
tm send-keys -t a a
check "with the cursor on it" wait_for a "added Slow Tide - Remastered 2011"

# shuffle: the same songs in another order (tried a few times: the same
# order comes back by chance once in 5040).
before=$(titles)
tm send-keys -t a Z
check "shuffle leaves a notice" wait_for a "shuffled the queue (8 songs)"
i=0
while [ "$(titles)" = "$before" ] && [ $i -lt 3 ]; do
	tm send-keys -t a Z
	sleep 0.3
	i=$((i + 1))
done
check "shuffle changes the order" test "$(titles)" != "$before"
check "and keeps the songs" test "$(titles | tr '|' '\n' | sort)" = "$(printf '%s' "$before" | tr '|' '\n' | sort)"
quit a
done_testing
