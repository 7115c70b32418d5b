#!/bin/sh
# moodplay's command line: help, version, usage errors and exit codes.
. "$top_srcdir/tests/lib.sh"

run "$MOODPLAY" --help
check "--help exits 0" expect_rc 0
check "--help lists status" expect_out "status"
check "--help lists --config" expect_out "--config FILE"
check "--help states exit codes" expect_out "2 usage"

run "$MOODPLAY" --version
check "--version" expect_out "moodplay "

run "$MOODPLAY"
check "no command and no terminal: exit 2" expect_rc 2
check "no command and no terminal: says why" expect_err "needs a terminal"

run "$MOODPLAY" frobnicate
check "unknown command exits 2" expect_rc 2
check "unknown command is named" expect_err "frobnicate"

run "$MOODPLAY" --bogus status
check "unknown option exits 2" expect_rc 2

run "$MOODPLAY" status --bogus
check "unknown subcommand option exits 2" expect_rc 2
check "unknown subcommand option: the command speaks" \
	expect_err "moodplay status: unknown option '--bogus'"

run "$MOODPLAY" capture --output
check "missing option argument exits 2" expect_rc 2
check "missing option argument is named" \
	expect_err "moodplay capture: option '--output' needs an argument"

run "$MOODPLAY" status --help
check "status --help" expect_out "Usage: moodplay status"

run env MPD_PORT=70000 "$MOODPLAY" status
check "bad MPD_PORT exits 2" expect_rc 2
check "bad MPD_PORT is named" expect_err "MPD_PORT"

# One voice: every line on stderr starts "moodplay CMD: " (or "moodplay: "
# before a command runs), apart from the "Try 'moodplay ...'" hint.
voice() {
	want="moodplay${1:+ $1}: "
	bad=$(printf '%s\n' "$err" | grep -v "^$want" | grep -v "^Try 'moodplay")
	[ -n "$err" ] && [ -z "$bad" ] && return 0
	echo "# stderr lines without '$want': $err" >&2
	return 1
}
# once TEXT: TEXT appears exactly once on stderr.
once() {
	n=$(printf '%s\n' "$err" | grep -o -F -- "$1" | wc -l)
	[ "$n" -eq 1 ] && return 0
	echo "# '$1' appears $n times on stderr: $err" >&2
	return 1
}
unset MOODPLAY_CONFIG MPD_HOST MPD_PORT
export XDG_CONFIG_HOME="$TMP/noconfig" XDG_STATE_HOME="$TMP/state"

run "$MOODPLAY" --bogus
check "unknown option: one voice, no program path" voice ""
run "$MOODPLAY" --config
check "missing --config argument exits 2" expect_rc 2
check "missing --config argument: one voice" voice ""

# The commands that take no operand refuse one, before doing anything.
for cmd in status match recommend history capture; do
	run env MPD_HOST=/nonexistent "$MOODPLAY" $cmd extra
	check "$cmd extra: exit 2" expect_rc 2
	check "$cmd extra: said" expect_err "moodplay $cmd: unexpected argument 'extra'"
	check "$cmd extra: one voice" voice $cmd
done

for cmd in status capture classify calibrate match recommend; do
	run "$MOODPLAY" "$cmd" --bogus
	check "$cmd --bogus exits 2" expect_rc 2
	check "$cmd --bogus: one voice" voice "$cmd"
done
run "$MOODPLAY" model
check "model with no subcommand: one voice" voice model
run "$MOODPLAY" model eval --bogus
check "model eval --bogus: one voice" voice model
run "$MOODPLAY" status extra
check "status extra: exit 2" expect_rc 2
check "status extra: one voice" voice status
run "$MOODPLAY" recommend
check "recommend without a mood: exit 2" expect_rc 2
check "recommend without a mood: one voice" voice recommend

run env MOODPLAY_CONFIG="$TMP/nowhere.yaml" "$MOODPLAY" status
check "MOODPLAY_CONFIG pointing nowhere: exit 2" expect_rc 2
check "MOODPLAY_CONFIG pointing nowhere: named" expect_err "MOODPLAY_CONFIG: $TMP/nowhere.yaml"
check "MOODPLAY_CONFIG pointing nowhere: one voice" voice ""

printf 'model:\n  path: "%s"\n' "$TMP/none.mpm" > "$TMP/model.yaml"
run "$MOODPLAY" --config "$TMP/model.yaml" classify "$TMP/x.jpg"
check "missing model.path: exit 2" expect_rc 2
check "missing model.path: key and file" expect_err "model.path in $TMP/model.yaml: "
check "missing model.path: the path once" once "$TMP/none.mpm"
check "missing model.path: one voice" voice classify
printf 'not a model' > "$TMP/bad.mpm"
printf 'model:\n  path: "%s"\n' "$TMP/bad.mpm" > "$TMP/model.yaml"
run "$MOODPLAY" --config "$TMP/model.yaml" classify "$TMP/x.jpg"
check "invalid model.path: exit 2" expect_rc 2
check "invalid model.path: key and file" expect_err "model.path in $TMP/model.yaml: "

printf 'face:\n  cascade: "%s"\n' "$TMP/none.xml" > "$TMP/cascade.yaml"
for cmd in "capture --face-only --dry-run" "classify $TMP/x.jpg"; do
	# shellcheck disable=SC2086
	run "$MOODPLAY" --config "$TMP/cascade.yaml" $cmd
	check "missing face.cascade, ${cmd%% *}: exit 2" expect_rc 2
	check "missing face.cascade, ${cmd%% *}: key and file" \
		expect_err "face.cascade in $TMP/cascade.yaml: "
	check "missing face.cascade, ${cmd%% *}: the path once" once "$TMP/none.xml"
	check "missing face.cascade, ${cmd%% *}: the package named" \
		expect_err "opencv-data"
	check "missing face.cascade, ${cmd%% *}: one voice" voice "${cmd%% *}"
done
printf '<opencv_storage><cascade>' > "$TMP/bad.xml"
printf 'face:\n  cascade: "%s"\n' "$TMP/bad.xml" > "$TMP/cascade.yaml"
run "$MOODPLAY" --config "$TMP/cascade.yaml" classify "$TMP/x.jpg"
check "invalid face.cascade: exit 2" expect_rc 2
check "invalid face.cascade: key and file" expect_err "face.cascade in $TMP/cascade.yaml: "
check "invalid face.cascade: the path once" once "$TMP/bad.xml"
# A FIFO is refused at once: opening it must not wait for a writer
# (timeout(1) only so that a regression fails instead of hanging).
mkfifo "$TMP/cascade.fifo"
printf 'face:\n  cascade: "%s"\n' "$TMP/cascade.fifo" > "$TMP/cascade.yaml"
run timeout 10 "$MOODPLAY" --config "$TMP/cascade.yaml" classify "$TMP/x.jpg"
check "face.cascade a FIFO: exit 2, without waiting" expect_rc 2
check "face.cascade a FIFO: not a regular file" \
	expect_err "face.cascade in $TMP/cascade.yaml: $TMP/cascade.fifo: not a regular file"

printf 'capture:\n  source: file\n  file: "%s"\n' "$TMP/none.jpg" > "$TMP/capture.yaml"
run "$MOODPLAY" --config "$TMP/capture.yaml" capture --face-only
check "missing capture.file: exit 1" expect_rc 1
check "missing capture.file: key and file" expect_err "capture.file in $TMP/capture.yaml: "
check "missing capture.file: the path once" once "$TMP/none.jpg"
check "missing capture.file: one voice" voice capture

run "$MOODPLAY" classify "$TMP/none.jpg"
check "classify a missing image: exit 1" expect_rc 1
check "classify a missing image: named once" once "$TMP/none.jpg"
check "classify a missing image: one voice" voice classify

mkdir "$TMP/nofaces"
run "$MOODPLAY" model eval "$TMP/nofaces"
check "model eval on nothing: exit 1" expect_rc 1
check "model eval on nothing: says so" expect_err "no readable images in $TMP/nofaces"
check "model eval on nothing: no report" test -z "$out"
check "model eval on nothing: one voice" voice "model eval"

run "$MOODPLAY" -v -v --version
check "-vv is refused" expect_rc 2
check "-vv: one voice" voice ""

done_testing
