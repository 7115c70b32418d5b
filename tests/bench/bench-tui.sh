#!/bin/sh
# make bench-tui: the terminal client against ncmpc and ncmpcpp on the same
# MPD, with a 10k- and a 100k-song library: time from exec to the first frame
# showing the queue, resident memory then, time until the library's artists
# are on screen after pressing the library key, and resident memory then.
# Each figure is the median of RUNS runs on a 160x48 pseudo-terminal
# (tests/bench/tui-time.py), the clients taking turns.
# Usage: bench-tui.sh MOODPLAY TOP_SRCDIR
set -eu
moodplay=$1
top=$2
fixture=$top/tests/mpd-fixture.sh
RUNS=${RUNS:-5}
for p in python3 ncmpc ncmpcpp; do
	command -v "$p" >/dev/null 2>&1 \
		|| { echo "bench-tui: needs $p (apt-get install $p)" >&2; exit 1; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/moodplay-bench.XXXXXX")
MOODPLAY_FIXTURE_OWNER=$$
export MOODPLAY_FIXTURE_OWNER
# Under set -e a failing step would end the trap, and dash exits with the
# trap's last status: every step may fail (MPD may still be writing its
# state file while rm runs), and the script keeps the status it had.
trap 'rc=$?; sh "$fixture" stop "$tmp/mpd" >/dev/null 2>&1 || :; rm -rf "$tmp" 2>/dev/null || rm -rf "$tmp" 2>/dev/null || :; exit $rc' EXIT
ratios=
mkdir -p "$tmp/music" "$tmp/home"

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

# run LIBRARY-KEY ARGV...: one run on a 160x48 pseudo-terminal; prints
# "start_ms rss_kib anon_kib lib_ms rss_kib anon_kib" (tui-time.py).
run() {
	key=$1
	shift
	env HOME="$tmp/home" MPD_HOST="$tmp/mpd/socket" TERM=xterm-256color \
		LC_ALL=C.UTF-8 python3 "$top/tests/bench/tui-time.py" 48 160 \
		"Song 0*$n" "$key" Artist0000 "$@"
}

# RUNS rounds of the three clients, round robin, so that a change in the
# machine's load touches every client.
run_all() {
	i=0
	while [ $i -lt "$RUNS" ]; do
		run 2 "$moodplay" >>"$tmp/runs.moodplay"
		run 4 ncmpc >>"$tmp/runs.ncmpc"
		run 4 ncmpcpp >>"$tmp/runs.ncmpcpp"
		i=$((i + 1))
	done
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo
echo "### Terminal client: startup and memory (median of $RUNS runs; 160x48 pseudo-terminal)"
echo
echo "| library | client | first frame (ms) | RSS / anon (MiB) | library shown (ms) | RSS / anon with library (MiB) |"
echo "| ---: | --- | ---: | ---: | ---: | ---: |"
clients="moodplay ncmpc ncmpcpp"
for n in 10000 100000; do
	make_db "$n"
	sh "$fixture" start "$tmp/mpd" "$tmp/music" >/dev/null
	sh "$fixture" ask "$tmp/mpd/socket" 'add "Zed Queue"' >/dev/null
	run_all
	for client in $clients; do
		f() { cut -d' ' -f"$1" "$tmp/runs.$client" | median; }
		printf '| %s | %s | %s | %s / %s | %s | %s / %s |\n' "$n" "$client" \
			"$(f 1)" "$(mib "$(f 2)")" "$(mib "$(f 3)")" "$(f 4)" \
			"$(mib "$(f 5)")" "$(mib "$(f 6)")"
		eval "frame_$client=\$(f 1) rss_$client=\$(f 2) lib_$client=\$(f 4)"
	done
	ratios="$ratios
| $n | $(ratio "$frame_moodplay" "$frame_ncmpc") / $(ratio "$frame_moodplay" "$frame_ncmpcpp") | $(ratio "$rss_moodplay" "$rss_ncmpc") / $(ratio "$rss_moodplay" "$rss_ncmpcpp") | $(ratio "$lib_moodplay" "$lib_ncmpc") / $(ratio "$lib_moodplay" "$lib_ncmpcpp") |"
	rm -f "$tmp"/runs.*
done

# The queue's length: the 100k library's first 10 songs queued, then all
# of it (100,200 songs).  The first frame shows the first queued title.
# MPD's default output buffer (8 MiB) closes the connection of a client
# that lists 100k songs in one answer, as ncmpc and ncmpcpp do: 64 MiB, so
# that they can be timed at all.
sh "$fixture" stop "$tmp/mpd" >/dev/null
sh "$fixture" start "$tmp/mpd" "$tmp/music" --output-buffer 65536 >/dev/null
queue_rows=
for q in 10 all; do
	sh "$fixture" ask "$tmp/mpd/socket" clear >/dev/null
	if [ $q = 10 ]; then
		k=0
		while [ $k -lt 10 ]; do
			sh "$fixture" ask "$tmp/mpd/socket" \
				"add \"Artist0000/00000$k.flac\"" >/dev/null
			k=$((k + 1))
		done
	else
		sh "$fixture" ask "$tmp/mpd/socket" 'add ""' >/dev/null
	fi
	len=$(sh "$fixture" ask "$tmp/mpd/socket" status \
		| sed -n 's/^playlistlength: //p')
	n=000000 # run's first frame: "Song 000000"
	run_all
	for client in $clients; do
		f() { cut -d' ' -f"$1" "$tmp/runs.$client" | median; }
		queue_rows="$queue_rows
| $len | $client | $(f 1) | $(mib "$(f 2)") / $(mib "$(f 3)") |"
		eval "qframe_${q}_$client=\$(f 1) qrss_${q}_$client=\$(f 2)"
	done
	rm -f "$tmp"/runs.*
done
echo
echo "moodplay as a ratio of ncmpc / ncmpcpp in the same run (below 1: moodplay is faster or smaller):"
echo
echo "| library | first frame | RSS at start | library shown |"
echo "| ---: | ---: | ---: | ---: |$ratios"
echo
echo "### The queue's length (100k-song library; median of $RUNS runs; MPD's max_output_buffer_size 64 MiB)"
echo
echo "| queue | client | first frame (ms) | RSS / anon a second later (MiB) |"
echo "| ---: | --- | ---: | ---: |$queue_rows"
echo
echo "Whole queue against 10 songs, each client (first frame / RSS), and moodplay as a ratio of ncmpc / ncmpcpp with the whole queue:"
echo
echo "| client | first frame | RSS |"
echo "| --- | ---: | ---: |"
for client in $clients; do
	eval "a=\$qframe_all_$client b=\$qframe_10_$client c=\$qrss_all_$client d=\$qrss_10_$client"
	echo "| $client | $(ratio "$a" "$b") | $(ratio "$c" "$d") |"
done
echo "| moodplay / ncmpc / ncmpcpp | $(ratio "$qframe_all_moodplay" "$qframe_all_ncmpc") / $(ratio "$qframe_all_moodplay" "$qframe_all_ncmpcpp") | $(ratio "$qrss_all_moodplay" "$qrss_all_ncmpc") / $(ratio "$qrss_all_moodplay" "$qrss_all_ncmpcpp") |"
echo
echo "First frame: fork to the first output holding the first queued title (this"
echo "includes connecting and listing the queue for every client).  Library"
echo "shown: the library key to the first output holding the first artist."
echo "Times are read from each client's own output on a pseudo-terminal"
echo "(tests/bench/tui-time.py).  RSS counts the pages of shared libraries a"
echo "client touches; anon is its own heap and stacks."
