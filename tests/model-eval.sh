#!/bin/sh
# moodplay model eval: an ImageFolder tree and a fer2013.csv of synthetic
# faces, scored with the tiny test model; the confusion matrices must be
# the ones models/intref.py computes (tests/nn-eval-fixture.py), on every
# kernel path this CPU runs.
. "$top_srcdir/tests/lib.sh"

data=$top_srcdir/tests/data/nn
tiny=$data/tiny.mpm
expected() { sed -n "s/^$1 //p" "$data/eval-expected.txt"; }
folder=$(expected folder)
private=$(expected csv-private)
HOME=$TMP XDG_CONFIG_HOME=$TMP/xdg
export HOME XDG_CONFIG_HOME
unset MOODPLAY_CONFIG MOODPLAY_ISA

run "$MOODPLAY" model eval --json --model "$tiny" "$data/faces"
check "folder: exit 0" expect_rc 0
check "folder: confusion matrix as intref.py" expect_out "\"confusion\":$folder"
check "folder: 14 images scored" expect_out '"images":14,'
check "folder: the broken image is counted" expect_out '"unreadable":1,'
check "folder: and named" expect_out 'fear/broken.jpg'
check "folder: keys for scripts" expect_out '"us_per_face":'
check "folder: per-class metrics" expect_out '"per_class":[{"class":"angry","precision":'

for isa in scalar avx2 avx512vnni; do
	run "$MOODPLAY" model eval --json --isa $isa --model "$tiny" "$data/faces"
	if [ "$rc" -eq 2 ] && contains "$err" "cannot run"; then
		ok "# SKIP $isa: not on this CPU"
		continue
	fi
	check "$isa: same predictions" expect_out "\"confusion\":$folder"
	check "$isa: reported" expect_out "\"isa\":\"$isa\""
done

run "$MOODPLAY" model eval --json --usage PrivateTest --model "$tiny" "$data/fer-mini.csv"
check "csv: exit 0" expect_rc 0
check "csv: PrivateTest rows as intref.py" expect_out "\"confusion\":$private"
check "csv: the malformed row is named" expect_out 'fer-mini.csv:6: '

run "$MOODPLAY" model eval --model "$tiny" "$data/faces"
check "text: accuracy line" expect_out "accuracy 0.1429 (2/14)"
check "text: confusion matrix" expect_out "confusion matrix"
check "text: unreadable listed" expect_out "1 unreadable:"

run "$MOODPLAY" model eval "$TMP/nothing-here"
check "missing data: exit 1" expect_rc 1
check "missing data: named" expect_err "nothing-here"

head -c 1000 "$tiny" >"$TMP/cut.mpm"
run "$MOODPLAY" model eval --model "$TMP/cut.mpm" "$data/faces"
check "truncated model: exit 2" expect_rc 2
check "truncated model: why" expect_err "invalid model file: file_size does not match"

run "$MOODPLAY" model eval --isa sse9 "$data/faces"
check "unknown kernel path: exit 2" expect_rc 2

run "$MOODPLAY" model
check "no subcommand: exit 2" expect_rc 2

# classify --crop: the same pictures one by one, through the model.path of
# a configuration; its predictions are the eval's (11 sad, 3 neutral).
printf 'model:\n  path: "%s"\n' "$tiny" >"$TMP/tiny.yaml"
run "$MOODPLAY" --config "$TMP/tiny.yaml" classify --crop --json "$data"/faces/*/?.jpg
check "classify --crop: exit 0" expect_rc 0
check "classify --crop: 11 sad" [ "$(grep -c '"emotion":"sad"' "$TMP/out")" -eq 11 ]
check "classify --crop: 3 neutral" [ "$(grep -c '"emotion":"neutral"' "$TMP/out")" -eq 3 ]
check "classify --crop: the face is the whole image" \
	expect_out '"face":{"x":0,"y":0,"w":48,"h":48}'
run "$MOODPLAY" --config "$TMP/tiny.yaml" classify --crop "$data/faces/fear/broken.jpg"
check "classify --crop: a broken image fails" expect_rc 1

done_testing
