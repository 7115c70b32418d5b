#!/bin/sh
# Mood runs in the terminal client, run after run, on a library of 48
# matched songs: m (a face photo), M happy, M sad, m, m, with queue.history
# 0 and 20.  Five runs of 12 songs need more than the 48 songs, so each
# queues a full plan only when the songs excluded as recent are exactly the
# last queue.history ones.  After M happy the plan's target is in the happy
# quadrant; moodplay history --json then lists the five runs with their
# sources, and a restarted client shows the last mood.
. "$top_srcdir/tests/lib.sh"
need_faces
. "$top_srcdir/tests/tui-lib.sh"

lib48
mpd_main
state=$TMP/state


for hist in 0 20; do
	rm -rf "$state"
	{
		ds48_conf
		cat <<EOC
queue:
  count: 12
  history: $hist
  play: false
EOC
		photo_conf
	} > "$TMP/m$hist.yaml"
	start h$hist --config "$TMP/m$hist.yaml"
	wait_for h$hist "MPD 0." >/dev/null
	n=0
	for key in m happy sad m m; do
		case $key in
		m) tm send-keys -t h$hist m ;;
		happy) tm send-keys -t h$hist M j j j Enter ;;
		sad) tm send-keys -t h$hist M j j j j Enter ;;
		esac
		n=$((n + 1))
		check "history $hist, run $n ($key): recorded" wait_runs $n
		check "history $hist, run $n ($key): a full plan queued" \
			test "$(queue_length)" = 12
		if [ $key = happy ]; then
			check "history $hist: M happy plans in the happy quadrant" \
				wait_for h$hist "valence +0.99  arousal +0.1"
		fi
	done
	json=$(XDG_STATE_HOME=$state "$MOODPLAY" history --json)
	check "history $hist: five runs with their sources" \
		test "$(run_fields "$json" source)" = "camera picked picked camera camera"
	check "history $hist: each queued 12 songs" \
		test "$(run_fields "$json" queued)" = "12 12 12 12 12"
	check "history $hist: the picked happy mood is used as picked" \
		test "$(echo "$json" | python3 -c 'import json,sys
r = json.load(sys.stdin)[1]
print(r["emotion"], r["valence"] > 0.9, r["arousal"] > 0)')" = "happy True True"
	quit h$hist
done

# A restarted client shows the last mood run on the Mood screen.
start r --config "$TMP/m20.yaml"
wait_for r "MPD 0." >/dev/null
tm send-keys -t r 3
check "restart: the Mood screen keeps the last result" \
	wait_for r "from the mood history: 12 songs queued"
check "moodplay history --limit 2: two runs" test "$(XDG_STATE_HOME=$state "$MOODPLAY" history --limit 2 | wc -l)" = 2
check "moodplay history --since in the future: none" \
	test "$(XDG_STATE_HOME=$state "$MOODPLAY" history --since @4102444800 --json)" = "[]"
run "$MOODPLAY" history --since yesterday-ish
check "moodplay history --since bad: usage" expect_rc 2
done_testing
