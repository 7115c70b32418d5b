#!/bin/sh
# Machine-readable output is the same in every locale: each --json command
# run under a decimal-comma locale still prints valid JSON (0.5, not 0,5).
. "$top_srcdir/tests/lib.sh"
loc=de_DE.UTF-8
[ "$(LC_ALL=$loc locale decimal_point 2>/dev/null)" = "," ] \
	|| skip_all "the $loc locale is not installed (.ci/run generates it)"
unset MPD_HOST MPD_PORT MOODPLAY_CONFIG
export XDG_CONFIG_HOME="$TMP/noconfig" XDG_STATE_HOME="$TMP/state" \
	XDG_CACHE_HOME="$TMP/cache" HOME="$TMP"

# json NAME ARGS...: moodplay ARGS under the locale prints valid JSON with
# a fractional number in it.
json() {
	name=$1
	shift
	run env LC_ALL=$loc "$MOODPLAY" "$@"
	check "$name: exit 0" expect_rc 0
	check "$name: valid JSON" eval \
		'printf "%s\n" "$out" | python3 -m json.tool >/dev/null'
	check "$name: has fractional numbers" eval \
		'printf "%s\n" "$out" | grep -q "[0-9]\.[0-9]"'
}

data=$top_srcdir/tests/data/nn
json "model eval --json" model eval --json --model "$data/tiny.mpm" "$data/faces"

messi=/usr/share/doc/opencv-doc/examples/data/messi5.jpg
if [ -r "$messi" ]; then
	printf 'face:\n  min_size: 20\n' >"$TMP/face.yaml"
	json "classify --json" -c "$TMP/face.yaml" classify --json "$messi"
else
	ok "# SKIP classify --json: needs opencv-doc"
fi

need_mpd
mpd_start main
sock=$TMP/mpd-main/socket
mpd_ask main 'add ""' >/dev/null
# Paused at 1.25 s: a fractional elapsed time whatever the machine's load.
mpd_ask main 'play 0' >/dev/null
mpd_ask main 'pause 1' >/dev/null
mpd_ask main 'seekcur 1.25' >/dev/null
sh "$fixture" gen-dataset "$top_srcdir/tests/data/library.txt" "$TMP/ds.csv"
printf 'dataset:\n  files: ["%s"]\n  cache: false\n' "$TMP/ds.csv" >"$TMP/ds.yaml"
json "status --json" -h "$sock" status --json
json "recommend --json" -h "$sock" -c "$TMP/ds.yaml" recommend --emotion sad \
	--count 3 --seed 1 --dry-run --json
json "match --json" -h "$sock" -c "$TMP/ds.yaml" match --json

done_testing
