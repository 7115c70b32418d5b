#!/bin/sh
# moodplay calibrate: the resting-face baseline from FER2013 faces, what it
# does to later classifications (neutral up, happy and surprise kept), the
# switches that turn it off, and its errors.
. "$top_srcdir/tests/lib.sh"
val=$shared_data/fer2013/val
[ -d "$val/neutral" ] && [ -d "$val/happy" ] && [ -d "$val/surprise" ] \
	|| skip_all "no $val (the shared FER2013 images)"
unset MOODPLAY_CONFIG
export XDG_STATE_HOME="$TMP/state" XDG_CONFIG_HOME="$TMP/noconfig"
mp() { run "$MOODPLAY" "$@"; }
calfile=$TMP/state/moodplay/calibration

first=$(ls "$val/neutral"/*.jpg | sort | head -1)
mp -v classify --crop "$first"
contains "$err" "model moodnet" \
	|| skip_all "the built-in model is the test fixture, not a trained one"

mp classify --crop --json "$first"
check "no calibration stored: \"calibrated\" is null" expect_out '"calibrated":null'

# Calibrate on the first 30 neutral faces (sorted by name), judge on the
# other neutral faces and on every happy and surprise face.
ls "$val/neutral"/*.jpg | sort | head -30 > "$TMP/calib.list"
mp calibrate --crop $(cat "$TMP/calib.list")
check "calibrate: exit 0" expect_rc 0
check "calibrate: says what it stored" expect_out "calibrated on 30 faces"
check "calibrate: the file" grep -qx "faces 30" "$calfile"

for c in neutral happy surprise; do
	ls "$val/$c"/*.jpg | sort | grep -vxF -f "$TMP/calib.list" > "$TMP/$c.list"
	"$MOODPLAY" classify --crop --json $(cat "$TMP/$c.list") > "$TMP/$c.jsonl"
done
python3 - "$TMP" <<'PY' > "$TMP/figures"
import json, sys
for c in ["neutral", "happy", "surprise"]:
    rows = [json.loads(l) for l in open(f"{sys.argv[1]}/{c}.jsonl")]
    raw = 100 * sum(r["emotion"] == c for r in rows) / len(rows)
    cal = 100 * sum(r["calibrated"]["emotion"] == c for r in rows) / len(rows)
    print(c, len(rows), f"{raw:.1f}", f"{cal:.1f}")
PY
sed 's/^/# raw -> calibrated: /' "$TMP/figures"
share() { awk -v c="$1" -v k="$2" '$1 == c { print $k }' "$TMP/figures"; }
check "other neutral faces read neutral more often ($(share neutral 3) -> $(share neutral 4)%)" \
	awk -v a="$(share neutral 3)" -v b="$(share neutral 4)" 'BEGIN { exit !(b > a) }'
for c in happy surprise; do
	check "$c accuracy within 2 points ($(share $c 3) -> $(share $c 4)%)" \
		awk -v a="$(share $c 3)" -v b="$(share $c 4)" \
		'BEGIN { d = b - a; if (d < 0) d = -d; exit !(d <= 2) }'
done

# The raw probabilities stay as they were; the calibrated ones sum to 1.
check "--json: raw and calibrated" python3 -c '
import json, sys
r = json.loads(open(sys.argv[1]).readline())
c = r["calibrated"]
assert c["faces"] == 30 and c["fraction"] == 0.5, c
assert abs(sum(c["probs"].values()) - 1) < 1e-4, c
assert set(c["probs"]) == set(r["probs"]), (c, r)
' "$TMP/neutral.jsonl"
mp classify --crop --json --no-calibration "$first"
check "--no-calibration: null" expect_out '"calibrated":null'
printf 'mood:\n  calibration: false\n' > "$TMP/off.yaml"
mp -c "$TMP/off.yaml" classify --crop --json "$first"
check "mood.calibration: false: null" expect_out '"calibrated":null'
printf 'mood:\n  calibration_fraction: 0\n' > "$TMP/zero.yaml"
mp -c "$TMP/zero.yaml" classify --crop --json "$first"
check "fraction 0: the calibrated probabilities are the raw ones" python3 -c '
import json, sys
r = json.loads(sys.argv[1])
assert all(abs(r["probs"][k] - v) < 1e-4 for k, v in r["calibrated"]["probs"].items()), r
' "$out"
mp classify --crop "$first"
check "text: the calibrated expression" expect_out "calibrated: "

# A damaged file: said, and classifying goes on without it.
cp "$calfile" "$TMP/good"
printf 'faces 3\nsad 7\n' > "$calfile"
mp classify --crop --json "$first"
check "damaged calibration: still classified" expect_rc 0
check "damaged calibration: the file and line named" expect_err "$calfile:2: sad"
check "damaged calibration: not applied" expect_out '"calibrated":null'
cp "$TMP/good" "$calfile"

# Snapshots through the configured source (a file: source, a real photo).
messi=/usr/share/doc/opencv-doc/examples/data/messi5.jpg
if [ -r "$messi" ] && [ -r /usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml ]; then
	printf 'face:\n  min_size: 20\ncapture:\n  source: file\n  file: "%s"\n' "$messi" > "$TMP/cam.yaml"
	mp -c "$TMP/cam.yaml" calibrate --frames 3
	check "calibrate --frames 3 from the source: exit 0" expect_rc 0
	check "calibrate --frames 3: three faces" grep -qx "faces 3" "$calfile"
else
	echo "# skipping the snapshot source check: needs opencv-doc and opencv-data"
fi

mp calibrate --frames 0
check "--frames 0: usage error" expect_rc 2
mp calibrate --crop
check "--crop without images: usage error" expect_rc 2
mp calibrate --crop "$TMP/missing.jpg"
check "a missing image: exit 1, named" expect_rc 1
check "a missing image: named" expect_err "missing.jpg"
mp calibrate --help
check "--help" expect_out "Usage: moodplay calibrate"
done_testing
