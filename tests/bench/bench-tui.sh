#!/bin/sh
# make bench-tui: the terminal client against ncmpc and ncmpcpp on the same
# MPD, with a 10k- and a 100k-song library: time from exec to the first frame
# showing the queue, resident memory then, time until the library's artists
# are on screen after pressing the library key, and resident memory then.
# Each figure is the median of RUNS runs in a 160x48 tmux pane.
# Usage: bench-tui.sh MOODPLAY TOP_SRCDIR
set -eu
moodplay=$1
top=$2
fixture=$top/tests/mpd-fixture.sh
RUNS=${RUNS:-5}
for p in tmux python3 ncmpc ncmpcpp; do
	command -v "$p" >/dev/null 2>&1 \
		|| { echo "bench-tui: needs $p (apt-get install $p)" >&2; exit 1; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/moodplay-bench.XXXXXX")
MOODPLAY_FIXTURE_OWNER=$$
export MOODPLAY_FIXTURE_OWNER
tm() { tmux -L "moodplay-bench-$$" -f /dev/null "$@"; }
# Under set -e a failing step would end the trap, and dash exits with the
# trap's last status: every step may fail (the tmux server is usually gone
# with its last session; MPD may still be writing its state file while rm
# runs), and the script keeps the status it had.
trap 'rc=$?; tm kill-server >/dev/null 2>&1 || :; sh "$fixture" stop "$tmp/mpd" >/dev/null 2>&1 || :; rm -rf "$tmp" 2>/dev/null || rm -rf "$tmp" 2>/dev/null || :; exit $rc' EXIT
# One server for every run: one that exits with its last session can still
# be going away when the next run starts ("server exited unexpectedly").
tm start-server \; set-option -g exit-empty off
mkdir -p "$tmp/music" "$tmp/home"

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# An MPD database of N songs written directly (no audio files: clients
# only read the database), 100 songs per artist, and a queued artist
# "Zed Queue" whose 200 songs are the queue.
# MPD only loads a database whose header (format, tag list) it wrote
# itself, so one first scans the empty music directory for the header.
make_db() {
	rm -rf "$tmp/mpd"
	sh "$fixture" start "$tmp/mpd" "$tmp/music" >/dev/null
	sh "$fixture" stop "$tmp/mpd" >/dev/null
	python3 - "$1" "$tmp/mpd/db" <<'PY'
import gzip, sys
n, out = int(sys.argv[1]), sys.argv[2]
head = gzip.open(out, "rt", encoding="utf-8").read()
head = head[:head.index("info_end\n") + len("info_end\n")]
w = gzip.open(out, "wt", encoding="utf-8")
w.write(head)
def artist(name, first, count):
    w.write("directory: %s\nmtime: 0\nbegin: %s\n" % (name, name))
    for k in range(first, first + count):
        album = "Album %02d" % ((k - first) // 20)
        w.write("song_begin: %06d.flac\nTime: 180.000000\nTitle: Song %06d\n"
                "Artist: %s\nAlbum: %s\nGenre: Pop\nmtime: 0\nsong_end\n"
                % (k, k, name, album))
    w.write("end: %s\n" % name)
for a in range(n // 100):
    artist("Artist%04d" % a, a * 100, 100)
artist("Zed Queue", n, 200)
w.close()
PY
}

# kib PID FIELD: a VmRSS/RssAnon figure of PID in KiB.
kib() { sed -n "s/^$2:[[:space:]]*\([0-9]*\).*/\1/p" /proc/"$1"/status; }

# run CLIENT LIBRARY-KEY ARGV...: one run; prints
# "start_ms rss_kib anon_kib lib_ms rss_kib anon_kib".
run() {
	name=$1 key=$2
	shift 2
	rm -f "$tmp/t0"
	tm new-session -d -s b -x 160 -y 48 \
		"exec sh -c 'echo \$(( \$(date +%s%N) / 1000000 )) > $tmp/t0; exec env HOME=$tmp/home \
		MPD_HOST=$tmp/mpd/socket TERM=xterm-256color LC_ALL=C.UTF-8 $*'"
	until tm capture-pane -p -t b 2>/dev/null | grep -q "Song 0*$n"; do
		sleep 0.005
	done
	t1=$(now_ms)
	pid=$(tm display -p -t b '#{pane_pid}')
	sleep 1
	rss1="$(kib "$pid" VmRSS) $(kib "$pid" RssAnon)"
	t2=$(now_ms)
	tm send-keys -t b "$key"
	until tm capture-pane -p -t b | grep -q "Artist0000"; do
		sleep 0.005
	done
	t3=$(now_ms)
	sleep 1
	rss2="$(kib "$pid" VmRSS) $(kib "$pid" RssAnon)"
	tm kill-session -t b
	echo "$((t1 - $(cat "$tmp/t0"))) $rss1 $((t3 - t2)) $rss2"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo
echo "### Terminal client: startup and memory (median of $RUNS runs; 160x48 tmux pane)"
echo
echo "| library | client | first frame (ms) | RSS / anon (MiB) | library shown (ms) | RSS / anon with library (MiB) |"
echo "| ---: | --- | ---: | ---: | ---: | ---: |"
for n in 10000 100000; do
	make_db "$n"
	sh "$fixture" start "$tmp/mpd" "$tmp/music" >/dev/null
	sh "$fixture" ask "$tmp/mpd/socket" 'add "Zed Queue"' >/dev/null
	for client in moodplay ncmpc ncmpcpp; do
		case $client in
		moodplay) key=2 argv=$moodplay ;;
		ncmpc) key=4 argv=ncmpc ;;
		ncmpcpp) key=4 argv=ncmpcpp ;;
		esac
		: > "$tmp/runs"
		i=0
		while [ $i -lt "$RUNS" ]; do
			run "$client" "$key" "$argv" >> "$tmp/runs"
			i=$((i + 1))
		done
		f() { cut -d' ' -f"$1" "$tmp/runs" | median; }
		mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
		printf '| %s | %s | %s | %s / %s | %s | %s / %s |\n' "$n" "$client" \
			"$(f 1)" "$(mib "$(f 2)")" "$(mib "$(f 3)")" "$(f 4)" \
			"$(mib "$(f 5)")" "$(mib "$(f 6)")"
	done
done
echo
echo "First frame: exec to the first queued title on screen (moodplay draws before"
echo "MPD answers, so this includes connecting and listing the queue for every"
echo "client).  Library shown: the library key to the first artist on screen."
echo "RSS counts the pages of shared libraries a client touches; anon is its own"
echo "heap and stacks."
