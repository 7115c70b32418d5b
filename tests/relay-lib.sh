# moodplay test helpers around tests/mpd-relay.py, a relay in front of an
# MPD socket that misbehaves once, on cue.  Source it after tests/lib.sh;
# callers set $sock to their MPD's socket.
relay_py=$top_srcdir/tests/mpd-relay.py
command -v python3 >/dev/null || skip_all "python3 is missing"

# relay ARGS...: a relay at $TMP/relay in front of $sock (ARGS as
# mpd-relay.py takes them); waits until it listens.
relay_pid=
relay() {
	rm -f "$TMP/relay" "$TMP/mark" "$TMP/release"
	python3 "$relay_py" "$TMP/relay" "$sock" --mark "$TMP/mark" \
		--release "$TMP/release" "$@" &
	relay_pid=$!
	i=0
	while [ ! -S "$TMP/relay" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
}
relay_stop() {
	[ -n "$relay_pid" ] && kill "$relay_pid" 2>/dev/null
	wait "$relay_pid" 2>/dev/null
	relay_pid=
}
# wait_mark: the relay's cue was hit within 10 s.
wait_mark() {
	i=0
	while [ ! -e "$TMP/mark" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
	[ -e "$TMP/mark" ]
}
