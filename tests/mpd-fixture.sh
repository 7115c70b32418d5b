#!/bin/sh
# moodplay test fixture: a private, real MPD on a unix socket (and optionally
# TCP) with a generated, tagged FLAC library.  Used by `make check`, the C
# tests (tests/fixture.c) and `make demo`.
#
#   mpd-fixture.sh gen-library DIR [SPEC]   make DIR/*.flac from SPEC
#       (lines path|title|artist|album|genre|seconds; tests/data/library.txt)
#   mpd-fixture.sh gen-dataset SPEC CSV     a dataset CSV for SPEC's songs
#   mpd-fixture.sh start STATE MUSIC [--tcp] [--password PW] [--output-buffer KIB]
#   mpd-fixture.sh stop STATE
#   mpd-fixture.sh demo MOODPLAY-BINARY
#
# STATE gets mpd.conf, socket, db, log, pid (and port with --tcp).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
MPD=${MPD:-$(command -v mpd || echo /usr/bin/mpd)}

die() { echo "mpd-fixture: $*" >&2; exit 1; }

gen_library() {
	dir=$1
	spec=${2:-$here/data/library.txt}
	command -v sox >/dev/null || die "sox is missing (apt-get install sox)"
	command -v metaflac >/dev/null || die "metaflac is missing (apt-get install flac)"
	mkdir -p "$dir"
	grep -v '^#' "$spec" | while IFS='|' read -r path title artist album genre secs; do
		[ -n "$path" ] || continue
		out=$dir/$path
		mkdir -p "$(dirname "$out")"
		# A quiet tone of exactly $secs seconds; 8 kHz keeps files tiny.
		sox -q -n -r 8000 -c 1 -b 16 "$out" synth "$secs" sine 440 vol 0.05
		set --
		[ -n "$title" ] && set -- "$@" "--set-tag=TITLE=$title"
		[ -n "$artist" ] && set -- "$@" "--set-tag=ARTIST=$artist"
		[ -n "$album" ] && set -- "$@" "--set-tag=ALBUM=$album"
		[ -n "$genre" ] && set -- "$@" "--set-tag=GENRE=$genre"
		metaflac --remove-all-tags "$out"
		# The spec is UTF-8 whatever the locale: metaflac would otherwise
		# convert the tags from the locale's charset (under LANG unset,
		# every byte of "Кино" became a "#").
		[ $# -gt 0 ] && metaflac --no-utf8-convert "$@" "$out"
		:
	done
}

# A dataset CSV (the Spotify Tracks layout) that knows every tagged song of
# SPEC, with made-up features spread over the valence/energy plane, so the
# mood planner has something to plan from.
gen_dataset() {
	python3 - "${1:-$here/data/library.txt}" "$2" <<'PY'
import csv, sys
spec, out = sys.argv[1:]
w = csv.writer(open(out, "w", newline="", encoding="utf-8"))
w.writerow(["track_id", "artists", "album_name", "track_name", "duration_ms",
            "valence", "energy", "tempo", "loudness", "danceability",
            "acousticness", "track_genre"])
for i, line in enumerate(open(spec, encoding="utf-8")):
    if line.startswith("#") or not line.strip():
        continue
    path, title, artist, album, genre, secs = line.rstrip("\n").split("|")
    if title:
        w.writerow([f"t{i:02d}", artist, album, title, int(secs) * 1000,
                    i * 37 % 100 / 100, i * 53 % 100 / 100, 80 + 5 * i,
                    -10 + i % 5, 0.5, 0.2, genre.lower()])
PY
}

# Ask the fixture's MPD one command over its socket; prints the answer.
# @FILE sends the file's lines (a command list, say) and waits up to 60 s.
ask() {
	python3 - "$1" "$2" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(60 if sys.argv[2].startswith("@") else 2)
s.connect(sys.argv[1])
f = s.makefile("rwb")
f.readline()
if sys.argv[2].startswith("@"):
    f.write(open(sys.argv[2][1:], "rb").read())
else:
    f.write(sys.argv[2].encode() + b"\n")
f.flush()
while True:
    line = f.readline().decode()
    if not line:
        sys.exit(1)
    if line.startswith("OK") or line.startswith("ACK"):
        if line.startswith("ACK"):
            sys.stderr.write(line)
            sys.exit(1)
        break
    sys.stdout.write(line)
PY
}

start() {
	state=$1 music=$2
	shift 2
	tcp=no password= outbuf=
	while [ $# -gt 0 ]; do
		case $1 in
		--tcp) tcp=yes ;;
		--password) password=$2; shift ;;
		--output-buffer) outbuf=$2; shift ;;
		*) die "start: unknown option $1" ;;
		esac
		shift
	done
	[ -x "$MPD" ] || die "mpd not found (apt-get install mpd)"
	mkdir -p "$state/playlists"
	state=$(cd "$state" && pwd)
	music=$(cd "$music" && pwd)
	tries=0
	while :; do
		tries=$((tries + 1))
		{
			echo "music_directory \"$music\""
			echo "db_file \"$state/db\""
			echo "log_file \"$state/log\""
			echo "pid_file \"$state/pid\""
			echo "state_file \"$state/state\""
			echo "playlist_directory \"$state/playlists\""
			echo "bind_to_address \"$state/socket\""
			if [ $tcp = yes ]; then
				port=$(( 20000 + ($$ * 7 + tries * 7919 + $(date +%N | sed 's/^0*//;s/^$/0/')) % 40000 ))
				echo "bind_to_address \"127.0.0.1\""
				echo "port \"$port\""
				echo "$port" > "$state/port"
			fi
			if [ -n "$password" ]; then
				echo "password \"$password@read,add,control,admin\""
				echo "default_permissions \"\""
			fi
			echo 'audio_output {'
			echo '  type "null"'
			echo '  name "null"'
			echo '  mixer_type "software"'
			echo '}'
			# A second output, disabled, for the Outputs screen.
			echo 'audio_output {'
			echo '  type "null"'
			echo '  name "spare null"'
			echo '  enabled "no"'
			echo '}'
			echo 'zeroconf_enabled "no"'
			# Long-queue tests and make bench-tui queue 100k songs
			# (MPD's default stops at 16384).
			echo 'max_playlist_length "131072"'
			[ -z "$outbuf" ] || echo "max_output_buffer_size \"$outbuf\""
			echo 'input {'
			echo '  plugin "curl"'
			echo '  enabled "no"'
			echo '}'
		} > "$state/mpd.conf"
		rm -f "$state/socket" "$state/pid"
		"$MPD" --no-daemon "$state/mpd.conf" >"$state/stderr" 2>&1 &
		echo $! > "$state/pid.shell"
		# Ready when the socket answers (MPD scans the library on start
		# because the database file does not exist yet).
		i=0
		while [ $i -lt 100 ]; do
			if [ -S "$state/socket" ] && ask "$state/socket" ping >/dev/null 2>&1; then
				break
			fi
			kill -0 "$(cat "$state/pid.shell")" 2>/dev/null || break
			sleep 0.05
			i=$((i + 1))
		done
		if kill -0 "$(cat "$state/pid.shell")" 2>/dev/null \
		   && [ -S "$state/socket" ]; then
			break
		fi
		[ $tcp = yes ] && [ $tries -lt 5 ] && continue
		cat "$state/stderr" "$state/log" >&2 2>/dev/null || true
		die "mpd did not start"
	done
	# If the test that owns this MPD dies without stopping it (killed,
	# crashed), a watcher stops MPD: no stray servers after a failure.
	if [ -n "${MOODPLAY_FIXTURE_OWNER:-}" ]; then
		owner=$MOODPLAY_FIXTURE_OWNER
		mpid=$(cat "$state/pid.shell")
		(
			while kill -0 "$owner" 2>/dev/null && kill -0 "$mpid" 2>/dev/null; do
				sleep 0.5
			done
			kill "$mpid" 2>/dev/null
		) </dev/null >/dev/null 2>&1 &
	fi
	# Without a password, wait for the initial scan to finish.
	if [ -z "$password" ]; then
		i=0
		while ask "$state/socket" status | grep -q '^updating_db:'; do
			sleep 0.05
			i=$((i + 1))
			[ $i -lt 400 ] || die "mpd did not finish scanning"
		done
	fi
}

stop() {
	state=$1
	[ -f "$state/pid.shell" ] || return 0
	pid=$(cat "$state/pid.shell")
	if kill -0 "$pid" 2>/dev/null; then
		kill "$pid" 2>/dev/null || true
		i=0
		while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do
			sleep 0.05
			i=$((i + 1))
		done
		kill -9 "$pid" 2>/dev/null || true
	fi
	rm -f "$state/pid.shell" "$state/socket"
}

demo() {
	moodplay=$1
	base=${XDG_RUNTIME_DIR:-${TMPDIR:-/tmp}}/moodplay-demo-$(id -u)
	mkdir -p "$base"
	stop "$base/state" 2>/dev/null || true
	[ -d "$base/music" ] || gen_library "$base/music"
	rm -f "$base/state/db"
	start "$base/state" "$base/music"
	export MPD_HOST="$base/state/socket"
	unset MPD_PORT
	ask "$MPD_HOST" "add \"\"" >/dev/null
	ask "$MPD_HOST" "play 0" >/dev/null
	gen_dataset "$here/data/library.txt" "$base/dataset.csv"
	# A small library: let the planner reuse songs (no history).
	printf 'dataset:\n  files: ["%s"]\n  cache: false\nqueue:\n  history: 0\n' \
		"$base/dataset.csv" > "$base/config.yaml"
	# The m key snapshots the webcam when there is one, else a sample
	# photo from opencv-doc.
	photo=/usr/share/doc/opencv-doc/examples/data/messi5.jpg
	if [ ! -e /dev/video0 ] && [ -r "$photo" ]; then
		printf 'capture:\n  source: file\n  file: "%s"\nface:\n  min_size: 20\n' \
			"$photo" >> "$base/config.yaml"
	fi
	export XDG_STATE_HOME="$base/xdg-state"
	rc=0
	if [ -t 0 ] && [ -t 1 ]; then
		# The terminal client: m snapshots, M picks a mood by hand.
		"$moodplay" --config "$base/config.yaml" || rc=$?
	else
		sleep 1
		echo "\$ MPD_HOST=$MPD_HOST moodplay status"
		"$moodplay" --config "$base/config.yaml" status || rc=$?
	fi
	if [ "${KEEP:-0}" = 1 ]; then
		echo
		echo "The demo MPD keeps running: MPD_HOST=$MPD_HOST"
		echo "Stop it with: $here/mpd-fixture.sh stop $base/state"
	else
		stop "$base/state"
		echo "(demo MPD stopped; 'make demo KEEP=1' leaves it running)"
	fi
	return $rc
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
gen-library) gen_library "$@" ;;
gen-dataset) gen_dataset "$@" ;;
start) start "$@" ;;
stop) stop "$@" ;;
ask) ask "$@" ;;
demo) demo "$@" ;;
*) die "usage: mpd-fixture.sh gen-library|gen-dataset|start|stop|ask|demo ..." ;;
esac
