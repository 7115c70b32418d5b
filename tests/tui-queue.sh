#!/bin/sh
# A long queue in the terminal client against a real MPD: the first rows
# show before the rest is fetched, another client's edits made while the
# rest is still coming in are shown right, the end of the queue scrolls
# into view (G), and a search finds a song only the background fetch
# brought in.  A relay (tests/mpd-relay.py) holds the client's first
# background request until the edits are done, so they always land while
# most of the queue is still to fetch.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"
. "$top_srcdir/tests/relay-lib.sh"

mpd_main
n=20000
cycle='Aurora Lane/Morning/01 Sunrise Drive.flac
Aurora Lane/Morning/03 Golden Hour.flac
Blue Hour/Tides/03 Undertow.flac
Storm Engine/Voltage/01 Overdrive.flac'
# n songs: the cycle of four, with "Bounce" alone at 15000 and "Breaking
# Point" alone at the end, in one command list.
echo "$cycle" | awk -v n=$n '
	{ c[NR - 1] = $0 }
	END {
		print "command_list_begin"
		for (i = 0; i < n - 1; i++)
			printf "add \"%s\"\n", i == 15000 ? "MC Test/Tape/02 Bounce.flac" : c[i % 4]
		print "add \"Storm Engine/Voltage/02 Breaking Point.flac\""
		print "command_list_end"
	}' > "$TMP/adds"
check "a queue of $n songs" sh "$fixture" ask "$sock" "@$TMP/adds"
check "in MPD" test "$(queue_length)" = $n

# mpd_titles START END: MPD's titles at those positions, one a line.
mpd_titles() {
	mpd_ask main "playlistinfo $1:$2" | sed -n 's/^Title: //p'
}
# rows_match: the pane's first 6 queue rows show MPD's first 6 titles.
rows_match() {
	k=0
	mpd_titles 0 6 > "$TMP/want"
	while read -r t; do
		wait_row a $((k + 3)) "$t" || return 1
		k=$((k + 1))
	done < "$TMP/want"
	[ $k = 6 ]
}

relay --at plchangesposid --hold-request 4
sock=$TMP/relay
start a
check "the first rows show" wait_row a 3 "Sunrise Drive"
check "with the length of the whole queue" wait_for a "$n songs in the queue"
check "the rest is being fetched" wait_mark

# Another client edits the queue while the client holds only its first
# screenful: a song leaves the top, a song not fetched yet moves up, a
# song comes at the end.
mpd_ask main "delete 0" >/dev/null
mpd_ask main "move 14999 1" >/dev/null
mpd_ask main 'add "Storm Engine/Voltage/03 Ärger.flac"' >/dev/null
touch "$TMP/release"
check "the edits show: the rows are MPD's" rows_match
check "a song fetched after the edit moved into view" wait_row a 4 "Bounce (Prod. Beatmaker)"
check "the new length" wait_for a "$n songs in the queue"

# The end of the queue: the last screenful is fetched when it shows.
tm send-keys -t a G
check "G shows the last song" wait_row a 28 "Ärger"
check "after the one that was last" wait_row a 27 "Breaking Point"
tm send-keys -t a g
check "g goes back to the top" wait_row a 3 "Golden Hour"

# A search sees every song: one that only the background fetch brought.
tm send-keys -t a / B o u n c e
check "a search finds it" wait_for a "/Bounce  (1 match)"
check "and shows it" wait_row a 3 "Bounce (Prod. Beatmaker)"
tm send-keys -t a Enter
check "Enter keeps the search" wait_for a "search: Bounce (1 match)"
tm send-keys -t a Escape
check "the search ends" wait_for a "$n songs in the queue"

# Edits once everything is fetched: deleting the last song and playing
# one far down highlight and show the right rows.
mpd_ask main "delete $((n - 1))" >/dev/null
tm send-keys -t a G
check "a deletion at the end shows" wait_row a 28 "Breaking Point"
check "the length follows" wait_for a "$((n - 1)) songs in the queue"
mpd_ask main "play $((n - 2))" >/dev/null
check "the playing song far down is in the header" wait_row a 2 "Breaking Point"

relay_stop
done_testing
