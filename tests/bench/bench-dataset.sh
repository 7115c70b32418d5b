#!/bin/sh
# make bench-dataset: the dataset benchmark, with a private MPD serving a
# generated 100k-song database (no audio files: MPD lists what its database
# says) so that listing the library is measured too.  Without mpd, the
# benchmark runs on its own.
#
#   bench-dataset.sh TOP_SRCDIR BENCH-PROGRAM DIR
set -eu
top_srcdir=$1 bench=$2 dir=$3
fixture=$top_srcdir/tests/mpd-fixture.sh
mkdir -p "$dir"
if ! command -v "${MPD:-mpd}" >/dev/null 2>&1 && [ ! -x "${MPD:-}" ]; then
	echo "bench: mpd not found; the MPD listing is not measured" >&2
	exec "$bench" "$dir"
fi
mkdir -p "$dir/music" "$dir/mpd"
state=$(cd "$dir/mpd" && pwd)
sh "$fixture" stop "$state" >/dev/null 2>&1 || true
# An empty database first: its header carries this MPD's tag list, which a
# database must match to be loaded.
rm -f "$state/db"
sh "$fixture" start "$state" "$dir/music" >/dev/null
sh "$fixture" stop "$state"
gzip -dc <"$state/db" >"$dir/mpd-header" 2>/dev/null || cp "$state/db" "$dir/mpd-header"
"$bench" --mpd-db "$dir/mpd-header" "$dir/mpd-db" "$dir"
gzip -c "$dir/mpd-db" >"$state/db"
sh "$fixture" start "$state" "$dir/music" >/dev/null 2>&1
# Loading a database this size takes MPD a moment.
i=0
until sh "$fixture" ask "$state/socket" stats 2>/dev/null | grep -q '^songs: [1-9]'; do
	i=$((i + 1))
	[ $i -lt 300 ] || { echo "bench: MPD did not load the database" >&2; break; }
	sleep 0.2
done
rc=0
MOODPLAY_BENCH_MPD=$state/socket "$bench" "$dir" || rc=$?
sh "$fixture" stop "$state"
exit $rc
