# moodplay test helpers for shell tests: TAP output, a private MPD, cleanup.
# Source it; set -u is on.  Needs $top_srcdir and $MOODPLAY (make check sets them).
set -u

: "${top_srcdir:?run through make check}"
: "${MOODPLAY:?run through make check}"
fixture=$top_srcdir/tests/mpd-fixture.sh
music=${MOODPLAY_TEST_MUSIC:-}
# The project's shared data (../shared/data beside the checkout).
shared_data=${MOODPLAY_SHARED_DATA:-$top_srcdir/../shared/data}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/moodplay-test.XXXXXX")
MOODPLAY_FIXTURE_OWNER=$$   # MPDs die with this test, whatever happens
export MOODPLAY_FIXTURE_OWNER
tap_n=0
tap_failed=0

# Never leave an mpd (or a fake one) behind, whatever happens to the test.
fakes=
cleanup() {
	for s in "$TMP"/mpd-*; do
		[ -d "$s" ] && sh "$fixture" stop "$s" >/dev/null 2>&1
	done
	[ -z "$fakes" ] || kill $fakes 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

ok() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $*"
}

not_ok() {
	tap_n=$((tap_n + 1))
	tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $*"
}

# check DESCRIPTION COMMAND...: one TAP line for the command's success.
check() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# run CMD...: run moodplay-style command, keep stdout/stderr/status in
# $out, $err, $rc.
run() {
	"$@" >"$TMP/out" 2>"$TMP/err" && rc=0 || rc=$?
	out=$(cat "$TMP/out")
	err=$(cat "$TMP/err")
}

contains() { case $1 in *"$2"*) return 0 ;; *) return 1 ;; esac; }

# Explain a failed expectation as a TAP comment, next to its check in the
# test's .log.
expect_rc() {
	[ "$rc" -eq "$1" ] && return 0
	echo "# expected exit $1, got $rc; stdout: $out; stderr: $err"
	return 1
}
expect_out() {
	contains "$out" "$1" && return 0
	echo "# stdout lacks '$1': $out"
	return 1
}
expect_err() {
	contains "$err" "$1" && return 0
	echo "# stderr lacks '$1': $err"
	return 1
}

# skip_all REASON: the whole test is skipped (automake's status 77, which
# tests/tap-run.sh hands to the TAP driver as the plan's SKIP).
skip_all() {
	echo "1..0 # SKIP $*"
	exit 77
}

# need_shared_data REL: skip unless REL is readable in the shared data.
# .ci/run looks for "no shared data" in the logs.
need_shared_data() {
	[ -r "$shared_data/$1" ] || skip_all "no shared data: $shared_data/$1 is missing"
}

# Photos and the face cascade from Debian's opencv-doc, python3-skimage and
# opencv-data, read in place.
photo=/usr/share/doc/opencv-doc/examples/data/messi5.jpg
noface=/usr/share/doc/opencv-doc/examples/data/fruits.jpg
astro=/usr/lib/python3/dist-packages/skimage/data/astronaut.png
cascade=/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml

# need_faces [png]: skip unless the face photos and the cascade (and with
# png, the PNG photo) are installed.
need_faces() {
	[ -r "$photo" ] && [ -r "$noface" ] \
		|| skip_all "needs opencv-doc (face photos)"
	[ -r "$cascade" ] || skip_all "needs opencv-data (the face cascade)"
	[ "${1:-}" != png ] || [ -r "$astro" ] \
		|| skip_all "needs python3-skimage (a PNG photo)"
}

# photo_conf [PHOTO]: configuration lines for snapshots from PHOTO (default
# $photo) with faces from 20 pixels, to add to a test's own.
photo_conf() {
	printf 'capture:\n  source: file\n  file: "%s"\nface:\n  min_size: 20\n' \
		"${1:-$photo}"
}

need_mpd() {
	command -v "${MPD:-mpd}" >/dev/null 2>&1 || [ -x "${MPD:-}" ] \
		|| skip_all "mpd is not installed"
	if [ -z "$music" ] || [ ! -d "$music" ]; then
		music=$TMP/music
		sh "$fixture" gen-library "$music" || skip_all "cannot generate the library"
	fi
}

# mpd_start NAME [--tcp] [--password PW]: a private MPD in $TMP/mpd-NAME.
mpd_start() {
	name=$1
	shift
	sh "$fixture" start "$TMP/mpd-$name" "$music" "$@"
}

# mpd_main [OPTION]...: mpd_start main, $sock its socket; the test ends
# when it cannot start.
mpd_main() {
	mpd_start main "$@" || { not_ok "start mpd"; done_testing; exit 1; }
	sock=$TMP/mpd-main/socket
}

mpd_stop() { sh "$fixture" stop "$TMP/mpd-$1"; }

# mpd_ask NAME COMMAND: raw protocol, as an independent observer.
mpd_ask() { sh "$fixture" ask "$TMP/mpd-$1/socket" "$2"; }

# fake_mpd SOCKET: a fake MPD listening on the unix socket SOCKET, a
# thread per connection running serve(c), which stdin defines in Python;
# returns once the socket is there.  Killed at exit.
fake_mpd() {
	{
		echo "import socket, sys, threading, time"
		cat
		cat <<'PY'
ls = socket.socket(socket.AF_UNIX)
ls.bind(sys.argv[1])
ls.listen(4)
while True:
    c, _ = ls.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
PY
	} >"$1.py"
	python3 "$1.py" "$1" &
	fakes="$fakes $!"
	i=0
	while [ ! -S "$1" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
}

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}
