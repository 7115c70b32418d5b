#!/bin/sh
# The terminal client when MPD answers the mood queue change late: a relay
# (tests/mpd-relay.py) holds MPD's answers past mpd.timeout once the list
# is sent.  MPD applies the change; the client must say so, as the command
# line does, never that the queue is unchanged, and stay connected.
. "$top_srcdir/tests/lib.sh"
need_faces
. "$top_srcdir/tests/tui-lib.sh"
. "$top_srcdir/tests/relay-lib.sh"

mpd_main
sh "$fixture" gen-dataset "$TMP/library.txt" "$TMP/dataset.csv"
cat >"$TMP/late.yaml" <<EOF
mpd:
  timeout: 1
dataset:
  files: ["$TMP/dataset.csv"]
  cache: false
queue:
  count: 4
  history: 0
  play: false
  mode: replace
EOF
photo_conf >>"$TMP/late.yaml"
mpd_ask main 'add "Кино"' >/dev/null
before=$(mpd_ask main playlistinfo)

# m: the snapshot is classified and the plan sent; its answer is held 4 s.
relay --at addid --hold-answer 4
sock=$TMP/relay
start late --config "$TMP/late.yaml"
sock=$TMP/mpd-main/socket
wait_for late "MPD 0." >/dev/null
tm send-keys -t late m
# The notice is cut at the pane's width, after "answered late" unless
# $TMPDIR is long.
check "late answer: the notice says how many songs and that MPD was late" \
	wait_for late "queued 4 songs; MPD at $TMP/relay answered late"
check "late answer: never 'unchanged'" sh -c "! tmux -L moodplay-test-$$ capture-pane -p -t late | grep -q unchanged"
check "late answer: MPD's queue is the plan (4 new songs)" \
	mpd_has main status "playlistlength: 4"
check "late answer: the queue changed" test "$(mpd_ask main playlistinfo)" != "$before"
check "late answer: still connected" wait_for late "4 songs in the queue"
tm send-keys -t late q
check "late answer: quits cleanly" restored late 0
relay_stop

done_testing
