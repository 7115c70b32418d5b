#!/bin/sh
# The Mood screen in a small terminal: the page scrolls with the usual
# movement keys, the song under the cursor shows its full reason, and the
# "Earlier" part is a timeline of the last day's valence and arousal from
# the mood history, in braille, down to a narrow terminal.  The history
# holds runs written by hand at known times, then the picks made here.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

lib48
mpd_main

ds48_conf > "$TMP/m.yaml"
cat >> "$TMP/m.yaml" <<EOC
queue:
  count: 20
  history: 0
  play: false
EOC

# Three earlier runs: 30 hours ago (out of the day), sad 20 hours ago,
# happy 11.5 hours ago.
now=$(date +%s)
mkdir -p "$TMP/state/moodplay"
{
	echo "$((now - 108000)).000 cli match 5 0 0.5000 0.5000 -1 -1 -1 -1 -1 -1 -1"
	echo "$((now - 72000)).000 cli match 5 0 -0.8000 -0.4000 -1 -1 -1 -1 -1 -1 -1"
	echo "$((now - 41400)).000 cli match 5 0 0.9000 0.3000 -1 -1 -1 -1 -1 -1 -1"
} > "$TMP/state/moodplay/moods"

# chart SESSION NAME ROW: the cells of the NAME chart's ROW (0 top, 1
# bottom) that hold dots, as their offsets from the chart's left edge.
chart() {
	screen "$1" | python3 -c '
import sys
lines = sys.stdin.read().split("\n")
name, row = sys.argv[1], int(sys.argv[2])
for i, l in enumerate(lines):
    k = l.find(name)
    if k >= 0 and l[k + len(name):].lstrip().startswith("+"):
        plus = l.index("+", k + len(name))
        cells = lines[i + row][plus + 1:]
        print(" ".join(str(j) for j, c in enumerate(cells) if "\u2800" < c <= "\u28ff"))
        break
' "$2" "$3"
}

# reason SESSION N: the lines under song N of the plan (its reason,
# wrapped) joined by spaces.
reason() {
	screen "$1" | python3 -c '
import sys
lines = sys.stdin.read().split("\n")
for i, l in enumerate(lines):
    if l.lstrip().startswith(sys.argv[1] + ". "):
        # "%2zu. " from the column x, the reason from x + 4.
        indent = len(l) - len(l.lstrip()) - (2 - len(sys.argv[1])) + 4
        out = []
        for m in lines[i + 1:]:
            if len(m) - len(m.lstrip()) != indent or not m.strip():
                break
            out.append(m.strip())
        print(" ".join(out))
        break
' "$2"
}

# full_reason TEXT: a reason in full: target, song, distance, match kind,
# nothing cut.
full_reason() {
	echo "$1" | grep -Eq '^target valence [0-9.]+ energy [0-9.]+; song valence .*; distance [0-9.]+; [a-z ]*match' \
		&& ! echo "$1" | grep -q '…' && return 0
	echo "# not a full reason: '$1'" >&2
	return 1
}

# chart_is SESSION NAME ROW CELLS: the NAME chart's ROW has dots in CELLS.
chart_is() {
	i=0
	while [ $i -lt 40 ]; do
		[ "$(chart "$1" "$2" "$3")" = "$4" ] && return 0
		sleep 0.05
		i=$((i + 1))
	done
	echo "# $2 row $3 has dots in '$(chart "$1" "$2" "$3")', not '$4':" >&2
	screen "$1" | sed 's/^/#   /' >&2
	return 1
}

start s --config "$TMP/m.yaml"
wait_for s "MPD 0." >/dev/null
tm send-keys -t s M j j j Enter
check "M happy: 20 songs planned" wait_for s "happy 100%: queued 20 songs"
tm resize-window -t s -x 60 -y 16
check "small terminal: the first song and its reason in view" \
	wait_for s " 1. Band"
check "small terminal: the first song's reason in full" \
	full_reason "$(reason s 1)"
check "small terminal: the plan goes on below the window" \
	wait_gone s "20. Band"
tm send-keys -t s k
check "k: the top of the page, the mood" wait_for s "happy 100%; strategy: match"
check "k: no reason shown" test -z "$(reason s 1)"
tm send-keys -t s j j j
check "j: the third song's reason in full" wait_for s " 3. Band"
check "j: the third song's reason in full" full_reason "$(reason s 3)"
check "j: only the song under the cursor shows its reason" \
	test -z "$(reason s 2)"
check "j: the page scrolled past the mood" wait_gone s "happy 100%; strategy"
tm send-keys -t s PageDown
check "PageDown: eleven songs on, the 14th song's reason" \
	wait_for s "14. Band"
check "PageDown: the 14th song's reason in full" full_reason "$(reason s 14)"
tm send-keys -t s G
check "G: the last song" wait_for s "20. Band"
check "G: the timeline of the last day" wait_for s "Last 24 hours: 3 mood runs"
check "G: its time axis ends now" wait_for s "now"
# 46 cells of two buckets for 24 hours: the sad run of 20 hours ago in
# cell 7 (low valence and arousal), the happy ones of 11.5 hours ago and now
# in cells 23 and 45 (high valence); the run of 30 hours ago is not there.
check "timeline: valence high 11.5 hours ago and now" chart_is s valence 0 "23 45"
check "timeline: valence low 20 hours ago" chart_is s valence 1 "7"
check "timeline: arousal" chart_is s arousal 0 "23 45"
check "timeline: low arousal 20 hours ago" chart_is s arousal 1 "7"
tm send-keys -t s g
check "g: back to the top" wait_for s "happy 100%; strategy: match"

# Two more runs: the newest cell holds the mean of the three picks made
# here (happy, sad, angry: valence down), the heading counts them.
tm send-keys -t s M j j j j Enter
check "M sad queued" wait_for s "sad 100%: queued 20 songs"
tm send-keys -t s M Enter
check "M angry queued" wait_for s "angry 100%: queued 20 songs"
tm send-keys -t s G
check "after more runs: five in the last day" wait_for s "Last 24 hours: 5 mood runs"
check "after more runs: valence of now fell below the middle" \
	chart_is s valence 1 "7 45"

# A narrow terminal: one-letter names, the chart still there.
tm resize-window -t s -x 30 -y 14
tm send-keys -t s G
check "narrow: the timeline's heading" wait_for s "Last 24 hours: 5 mood runs"
check "narrow: valence as a chart" wait_for s "v+"
check "narrow: the chart ends now" wait_for s "now"
# Too narrow for a chart: the newest runs as text.
tm resize-window -t s -x 14 -y 14
tm send-keys -t s G
check "too narrow: the newest run as text" wait_for s "$(date +%H:)"
tm send-keys -t s q
check "quits cleanly" restored s 0
done_testing
