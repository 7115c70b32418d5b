#!/bin/sh
# Continuous mode (mood.auto_interval) in the terminal client, three
# cycles with a real photo through the file capture source: happy is
# picked first, then each automatic capture of the same (sad-looking) face
# moves the smoothed mood by its confidence.  The first capture moves it
# far from the happy plan and re-plans; the second moves it less than
# mood.auto_distance from that plan and keeps the queue; the third has
# drifted further and re-plans.  The photo comes through the command
# capture source, one capture at a time as the test allows.  Re-plans replace only the songs after the
# playing one, even with queue.mode append, and never touch the playing
# song; the header and the Mood screen say when the next capture is due.
. "$top_srcdir/tests/lib.sh"
need_faces
. "$top_srcdir/tests/tui-lib.sh"

# The first song lasts long enough to stay paused while a loaded machine
# runs the test.
lib48 600
mpd_main
state=$TMP/state

# The camera: a command that hands over the photo each time the test
# lets it (a file "go"), so the test decides when each cycle's capture
# ends and looks at the queue between cycles.  The timer asks every 15 s
# (a loaded machine may take seconds to start the client and pick);
# while a capture waits, the next one is not started.  Smoothing with a
# half-life far below a second: each capture moves the mood by its
# confidence.
cat > "$TMP/cam.sh" <<EOC
#!/bin/sh
while [ ! -e "$TMP/go" ]; do sleep 0.05; done
rm -f "$TMP/go"
cat "$photo"
EOC
ds48_conf > "$TMP/auto.yaml"
cat >> "$TMP/auto.yaml" <<EOC
queue:
  count: 12
  history: 0
  mode: append
  play: false
capture:
  source: command
  command: [sh, "$TMP/cam.sh"]
  timeout: 120
face:
  min_size: 20
mood:
  half_life: 0.0000001
  auto_interval: 0.25
  auto_distance: 0.45
EOC


# MPD's answers, asked again when an ask fails on a loaded machine.
ask() {
	i=0
	while [ $i -lt 20 ]; do
		a=$(mpd_ask main "$1" 2>/dev/null) && [ -n "$a" ] \
			&& { printf '%s\n' "$a"; return 0; }
		sleep 0.1
		i=$((i + 1))
	done
	echo "# mpd never answered '$1'" >&2
	return 1
}
songs() { ask playlistinfo | grep '^file:'; }
playing() { ask currentsong | grep '^Id:'; }
length() {
	n=$(ask status | sed -n 's/^playlistlength: //p')
	[ "$n" = "$1" ] && return 0
	echo "# $n songs in the queue, not $1" >&2
	return 1
}

mpd_ask main "add m/00.flac" >/dev/null
mpd_ask main "play 0" >/dev/null
mpd_ask main "pause 1" >/dev/null
id=$(playing)
check "the first song paused at the start" test -n "$id"

start a --config "$TMP/auto.yaml"
wait_for a "MPD 0." >/dev/null
tm send-keys -t a M j j j Enter
check "M happy: queued after the playing song (queue.mode append)" \
	wait_for a "happy 100%: queued 12 songs"
check "M happy: 13 songs" length 13
after0=$(songs)
tm resize-window -t a -x 160 -y 30
check "the header says when the next capture is due" wait_row a 1 "next capture "
check "the header keeps the connection state beside it" \
	wait_row a 1 "MPD 0."
tm resize-window -t a -x 100 -y 30
tm send-keys -t a 3
check "Mood screen: continuous mode's next capture" \
	wait_for a "continuous mode: next capture at "
due=$(screen a | sed -n 's/.*next capture at \([0-9:]*\);.*/\1/p' | head -n 1)
check "the next capture is due within the interval" python3 -c "
import datetime, sys
now = datetime.datetime.now()
h, m, s = map(int, '$due'.split(':'))
due = now.replace(hour=h, minute=m, second=s, microsecond=0)
# In the future by at most the interval (a capture that just fell due
# may not have been redrawn yet when the screen was read).
d = (due - now).total_seconds() % 86400
if 16 < d < 86400 - 3:
    sys.exit('# next capture at $due, %d s from %s' % (d, now))"

# cycle N: let the waiting capture end (a second after the last run, so
# smoothing sees time pass) and wait for its run, the Nth plus the pick.
cycle() {
	sleep 1.1
	touch "$TMP/go"
	wait_runs $(($1 + 1))
}

check "cycle 1: recorded" cycle 1
check "cycle 1: the mood moved far from happy: re-planned" wait_for a "Plan:"
check "cycle 1: only the upcoming songs replaced, not appended" \
	length 13
check "cycle 1: the playing song stays" test "$(playing)" = "$id"
check "cycle 1: the upcoming songs changed" test "$(songs)" != "$after0"
after1=$(songs)

# The notice fades after a few seconds: watched for from the release on.
sleep 1.1
touch "$TMP/go"
i=0
while [ $i -lt 200 ] && ! screen a | grep -qF "the queue is kept"; do
	sleep 0.1
	i=$((i + 1))
done
check "cycle 2: the notice says the queue is kept" wait_for a "the queue is kept"
check "cycle 2: recorded" wait_runs 3
check "cycle 2: the Mood screen says so" wait_for a "Plan (kept: the mood moved 0."
check "cycle 2: the kept plan still listed" wait_for a " 1. Band"
check "cycle 2: MPD's queue untouched" test "$(songs)" = "$after1"

check "cycle 3: recorded" cycle 3
check "cycle 3: re-planned" wait_gone a "Plan (kept"
check "cycle 3: 13 songs" length 13
check "cycle 3: the playing song stays" test "$(playing)" = "$id"
check "cycle 3: the upcoming songs changed" test "$(songs)" != "$after1"
tm send-keys -t a q
check "quits while a capture waits" restored a 0

json=$(XDG_STATE_HOME=$state "$MOODPLAY" history --json)
check "history: a pick, then three captures" \
	test "$(run_fields "$json" source 4)" = "picked camera camera camera"
check "history: re-planned, kept, re-planned" \
	test "$(run_fields "$json" queued 4)" = "12 12 0 12"
# Whatever the model's numbers: a capture queued songs exactly when its
# smoothed mood was more than 0.45 from the last queued run's.
check "history: the threshold decided each capture" python3 -c '
import json, math, sys
runs = json.loads(sys.argv[1])
last = runs[0]
for r in runs[1:]:
    d = math.hypot(r["valence"] - last["valence"], r["arousal"] - last["arousal"])
    if (r["queued"] > 0) != (d > 0.45):
        sys.exit("run at %s moved %.3f but queued %d" % (r["time"], d, r["queued"]))
    if r["queued"] > 0:
        last = r
' "$json"
done_testing
