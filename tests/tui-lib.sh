# moodplay test helpers for the terminal client in tmux: the fixture
# library, sessions, screen text, waiting for text or MPD state.  Source it
# after tests/lib.sh; callers set $sock to their MPD's socket.

need_mpd
command -v tmux >/dev/null 2>&1 || skip_all "tmux is not installed"
# The shared library's songs, 30 times longer: none may end while a loaded
# machine runs the playback checks.
awk -F'|' 'BEGIN { OFS = "|" } /^#/ { print; next } { $6 = $6 * 30; print }' \
	"$top_srcdir/tests/data/library.txt" > "$TMP/library.txt"
music=$TMP/music
sh "$fixture" gen-library "$music" "$TMP/library.txt" \
	|| skip_all "cannot generate the library"
unset MPD_HOST MPD_PORT MOODPLAY_CONFIG TMUX
export XDG_CONFIG_HOME="$TMP/noconfig"

# titles: the titles of MPD's queue, "A|B|".
titles() { mpd_ask main playlistinfo | sed -n 's/^Title: //p' | tr '\n' '|'; }

# poll TRIES SECONDS COMMAND...: COMMAND succeeds within TRIES tries,
# SECONDS apart.
poll() {
	poll_n=$1 poll_s=$2
	shift 2
	while [ "$poll_n" -gt 0 ]; do
		"$@" && return 0
		sleep "$poll_s"
		poll_n=$((poll_n - 1))
	done
	return 1
}

# run_fields JSON FIELD [N]: FIELD of each run (of the first N) in JSON,
# what moodplay history --json printed, space-separated.
run_fields() {
	echo "$1" | python3 -c 'import json, sys
runs = json.load(sys.stdin)[:int(sys.argv[2]) if sys.argv[2] else None]
print(" ".join(str(r[sys.argv[1]]) for r in runs))' "$2" "${3:-}"
}

# runs: the number of mood runs the clients recorded ($TMP/state).
runs() {
	XDG_STATE_HOME=$TMP/state "$MOODPLAY" history --json \
		| python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}

runs_are() { [ "$(runs)" = "$1" ]; }

# wait_runs N: N runs recorded within 40 s.
wait_runs() {
	poll 400 0.1 runs_are "$1" && return 0
	echo "# $(runs) runs recorded, not $1"
	return 1
}

# lib48 [SECONDS]: a library of 48 two-second songs by 12 artists, all in
# the dataset $TMP/ds48.csv, as $music for the MPD started next; the first
# song lasts SECONDS when given.
lib48() {
	i=0
	while [ $i -lt 48 ]; do
		printf 'm/%02d.flac|Tune %02d|Band %d|Set|Pop|%d\n' $i $i \
			$((i % 12)) $([ $i = 0 ] && echo "${1:-2}" || echo 2)
		i=$((i + 1))
	done > "$TMP/lib48.txt"
	music=$TMP/music48
	sh "$fixture" gen-library "$music" "$TMP/lib48.txt" \
		|| skip_all "cannot generate the library"
	sh "$fixture" gen-dataset "$TMP/lib48.txt" "$TMP/ds48.csv"
}

# ds48_conf: the configuration's dataset section for lib48's songs.
ds48_conf() {
	printf 'dataset:\n  files: ["%s"]\n  cache: false\n' "$TMP/ds48.csv"
}

tm() { tmux -L "moodplay-test-$$" -f /dev/null "$@"; }
trap 'tm kill-server >/dev/null 2>&1; cleanup' EXIT

screen() { tm capture-pane -p -t "$1"; }

shows() { screen "$1" | grep -qF -- "$2"; }
hides() { ! shows "$@"; }
row_shows() { screen "$1" | sed -n "$2p" | grep -qF -- "$3"; }
mpd_says() { mpd_ask "$1" "$2" 2>/dev/null | grep -qF -- "$3"; }

# The waits below give up after 15 s: a loaded machine is slow.

# wait_for SESSION TEXT: the pane shows TEXT.
wait_for() {
	poll 300 0.05 shows "$1" "$2" && return 0
	echo "# pane $1 never showed '$2':"
	screen "$1" | sed 's/^/#   /'
	return 1
}

# wait_row SESSION ROW TEXT: the pane's line ROW shows TEXT.
wait_row() {
	poll 300 0.05 row_shows "$1" "$2" "$3" && return 0
	echo "# row $2 of pane $1 never showed '$3':"
	screen "$1" | sed 's/^/#   /'
	return 1
}

# wait_gone SESSION TEXT: the pane stops showing TEXT.
wait_gone() {
	poll 300 0.05 hides "$1" "$2" && return 0
	echo "# pane $1 still shows '$2'"
	return 1
}

# mpd_has NAME COMMAND TEXT: MPD's answer contains TEXT.
mpd_has() {
	poll 300 0.05 mpd_says "$1" "$2" "$3" && return 0
	echo "# mpd '$2' never said '$3':"
	mpd_ask "$1" "$2" | sed 's/^/#   /'
	return 1
}

# look SESSION TEXT [ROW] EXPECTED: the first character of TEXT (on line
# ROW) is drawn as EXPECTED ("fg=2 bg=default bold"), within 5 s; the
# colours are read back from tmux's escape codes.
drawn() {
	got=$(tm capture-pane -e -p -t "$1" |
		python3 "$top_srcdir/tests/sgr.py" "$2" $3)
	[ "$got" = "$4" ]
}
look() {
	if [ $# -eq 4 ]; then
		poll 100 0.05 drawn "$1" "$2" "$3" "$4" && return 0
	else
		poll 100 0.05 drawn "$1" "$2" "" "$3" && return 0
	fi
	echo "# '$2' on $1 is drawn '$got', expected '${4:-$3}'" >&2
	return 1
}

queue_length() { mpd_ask main status | sed -n 's/^playlistlength: //p'; }

# start SESSION [ARGS...]: moodplay in a 100x30 pane (through the command
# $pane_wrap if set; TERM $pane_term, LC_ALL $pane_lc), with configuration,
# state and cache in $TMP (the tmux server does not pass our environment);
# when it ends the pane prints its exit status and whether the tty is back
# in cooked mode.
start() {
	s=$1
	shift
	tm new-session -d -s "$s" -x 100 -y 30 \
		"sh -c 'echo \$\$ > \"$TMP/$s.pid\"; exec env TERM=${pane_term:-xterm-256color} \
		LC_ALL=${pane_lc:-C.UTF-8} MPD_HOST=\"$sock\" XDG_CONFIG_HOME=\"$TMP/noconfig\" \
		XDG_STATE_HOME=\"$TMP/state\" XDG_CACHE_HOME=\"$TMP/cache\" \
		${pane_wrap:-} \"$MOODPLAY\" $*'; \
		echo \"exit=\$?\"; stty -a | tr ' ' '\n' | grep -x -e icanon -e echo \
		| tr '\n' ' '; echo; sleep 60"
}

# The pane after moodplay ended: exit status and a restored terminal.
restored() {
	wait_for "$1" "exit=$2" && wait_for "$1" "icanon echo"
}

# quit SESSION: q ends the client with status 0, the terminal restored.
quit() {
	tm send-keys -t "$1" q
	restored "$1" 0 >/dev/null
}

