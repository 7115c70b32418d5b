#!/bin/sh
# moodplay capture: helper programs, HTTP snapshot URLs and files that
# misbehave.  Each must end with a clear error, within its timeout, and
# leave no temporary file behind.
. "$top_srcdir/tests/lib.sh"

need_faces png
img=$photo
png=$astro
# Captures make their private directories here, so leftovers show.
mkdir -p "$TMP/tmp"
TMPDIR=$TMP/tmp
export TMPDIR
unset XDG_RUNTIME_DIR

# conf NAME LINES...: a configuration file with a capture section.
# messi5.jpg's face is 37 px wide: below the default face.min_size.
conf() {
	name=$1
	shift
	{
		printf 'face:\n  min_size: 20\ncapture:\n'
		for l in "$@"; do echo "  $l"; done
	} >"$TMP/$name.yaml"
}

# cap NAME [OPTION]...: moodplay capture --face-only (the capture and
# face steps this file tests) with configuration NAME.
cap() {
	c=$1
	shift
	run "$MOODPLAY" -c "$TMP/$c.yaml" capture --face-only "$@"
}
no_leftovers() {
	[ -z "$(ls -A "$TMP/tmp")" ] && return 0
	echo "# left behind: $(ls -A "$TMP/tmp")" >&2
	return 1
}
# gone PID: the process is dead (absent, or a zombie nobody reaped yet).
gone() {
	[ ! -e "/proc/$1" ] && return 0
	state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
	[ -z "$state" ] || [ "$state" = Z ] && return 0
	echo "# process $1 still alive" >&2
	return 1
}
# group_gone PGID: no live process left in that process group.
group_gone() {
	for st in /proc/[0-9]*/stat; do
		set -- "$1" $(sed 's/.*) //' "$st" 2>/dev/null)
		[ "$#" -ge 4 ] && [ "$4" = "$1" ] && [ "$2" != Z ] && {
			echo "# $st is still in group $1" >&2
			return 1
		}
		set -- "$1"
	done
	return 0
}
# elapsed CMD...: run it, and put its wall time in whole seconds in $secs.
elapsed() {
	t0=$(date +%s)
	"$@"
	secs=$(($(date +%s) - t0))
}

# ---------------------------------------------------------------- commands
conf ok "source: command" "command: [cat, \"$img\"]"
cap ok --json
check "command on stdout: face found" expect_rc 0
check "command on stdout: box in JSON" expect_out '"face":{"x":'
cap ok --output "$TMP/o.jpg" --save-crop "$TMP/crop.png"
check "--output and --save-crop: private files (0600)" \
	[ "$(stat -c %a "$TMP/o.jpg" "$TMP/crop.png" | sort -u)" = 600 ]

conf out "source: command" \
	"command: [sh, -c, 'cp \"\$0\" \"\$1\" && stat -c %a \"\$1\" >$TMP/mode && dirname \"\$1\" >$TMP/outdir', \"$img\", \"{output}\"]"
cap out
check "{output}: face found" expect_rc 0
check "{output}: file is private (0600)" [ "$(cat "$TMP/mode")" = 600 ]
check "{output}: private directory removed" [ ! -e "$(cat "$TMP/outdir")" ]
check "{output}: nothing left behind" no_leftovers

conf hang "source: command" "command: [sh, -c, 'sleep 30 & sleep 30']" "timeout: 0.5"
elapsed cap hang
check "hanging helper: exit 1" expect_rc 1
check "hanging helper: says it timed out" expect_err "no image within 0.5 s"
check "hanging helper: stopped at the timeout" [ "$secs" -le 3 ]

conf hangout "source: command" "command: [sh, -c, 'sleep 30', \"{output}\"]" "timeout: 0.5"
elapsed cap hangout
check "hanging {output} helper: timed out" expect_err "no image within"
check "hanging {output} helper: nothing left behind" no_leftovers

conf fail "source: command" "command: [sh, -c, 'echo camera busy >&2; exit 3']"
cap fail
check "failing helper: exit 1" expect_rc 1
check "failing helper: status and stderr" expect_err "sh exited with status 3: camera busy"

conf silent "source: command" "command: ['true']"
cap silent
check "silent helper: printed no image" expect_err "true printed no image"

# Refused early: the helper is stopped while it writes, so the marker it
# would leave after 100 MiB never appears (a clock would flake under load).
conf huge "source: command" \
	"command: [sh, -c, 'head -c 104857600 /dev/zero; : > \"\$0\"', '$TMP/huge-done']"
cap huge
check "100 MiB on stdout: refused" expect_err "over capture.max_bytes"
check "100 MiB on stdout: refused early" test ! -e "$TMP/huge-done"

conf hugefile "source: command" "command: [sh, -c, 'head -c 104857600 /dev/zero >\"\$0\"', \"{output}\"]"
cap hugefile
check "100 MiB to {output}: refused" expect_err "capture.max_bytes"
check "100 MiB to {output}: nothing left behind" no_leftovers

conf text "source: command" "command: [echo, hello]"
cap text
check "non-image output: exit 1" expect_rc 1
check "non-image output: says so" expect_err "not a JPEG or PNG"

conf missing "source: command" "command: [moodplay-no-such-program]"
cap missing
check "missing program: named" expect_err "cannot run moodplay-no-such-program"

conf burst "source: command" "command: [sh, -c, 'cat \"\$0\" \"\$0\" \"\$0\"', \"$img\"]" "frames: 2"
cap burst --json
check "MJPEG burst: 2 of 3 frames used" expect_out '"frames":2,"faces":2'

conf notmp "source: command" "command: [sh, -c, 'ls -A \"\$TMPDIR\" >$TMP/during; cat \"\$0\"', \"$img\"]"
cap notmp
check "stdout helper: no temporary directory at all" [ ! -s "$TMP/during" ] && [ "$rc" -eq 0 ]

# A helper that printed a whole image and exited 0 is done, even if a child
# of it still holds stdout; that child dies with it.
conf gchild "source: command" "command: [sh, -c, 'cat \"\$0\"; sleep 60 & echo \$! >$TMP/gchild', \"$img\"]" "timeout: 30"
elapsed cap gchild
check "grandchild holding stdout: image taken" expect_rc 0
check "grandchild holding stdout: not at the timeout" [ "$secs" -le 15 ]
check "grandchild holding stdout: killed" gone "$(cat "$TMP/gchild")"

# Grandchildren that leave the helper's session and outlive their parent
# (double fork + setsid) still die with the capture: at the deadline, after
# a successful capture, and when moodplay itself is killed.  Each sleeper
# writes TAG.pid at once and TAG.late after 3 s, unless it is killed.
cat >"$TMP/escape.sh" <<'EOF'
#!/bin/sh
# escape.sh TAG IMAGE|hang
( setsid sh -c 'echo $$ >"$0.pid"; sleep 3; echo late >"$0.late"' "$1" \
	</dev/null >/dev/null 2>&1 & )
while [ ! -s "$1.pid" ]; do sleep 0.02; done
[ "$2" = hang ] && exec sleep 30
cat "$2"
EOF
for t in hang ok kill; do
	what=$img
	[ "$t" = ok ] || what=hang
	conf "esc_$t" "source: command" \
		"command: [sh, $TMP/escape.sh, $TMP/esc_$t, \"$what\"]" "timeout: 2"
done
cap esc_hang
check "setsid grandchild, helper timed out: timed out" expect_err "no image within"
check "setsid grandchild, helper timed out: killed at the deadline" \
	gone "$(cat "$TMP/esc_hang.pid")"
cap esc_ok
check "setsid grandchild, image taken: exit 0" expect_rc 0
check "setsid grandchild, image taken: killed" gone "$(cat "$TMP/esc_ok.pid")"
"$MOODPLAY" -c "$TMP/esc_kill.yaml" capture --face-only >/dev/null 2>&1 &
mp=$!
for _ in $(seq 100); do
	[ -s "$TMP/esc_kill.pid" ] && break
	sleep 0.05
done
kill -s KILL "$mp"
wait "$mp" 2>/dev/null || :
sleep 0.5
check "setsid grandchild, moodplay killed: killed too" \
	gone "$(cat "$TMP/esc_kill.pid" 2>/dev/null || echo 1)"
sleep 3
check "setsid grandchildren: none lived to write" \
	[ -z "$(ls "$TMP"/esc_*.late 2>/dev/null)" ]

# Signals while an {output} helper holds the capture: moodplay ends by the
# signal, the helper's group is killed, the snapshot and its directory go.
conf held "source: command" \
	"command: [sh, -c, 'cp \"\$0\" \"\$1\"; echo \$\$ >$TMP/helper; sleep 30 & sleep 30', \"$img\", \"{output}\"]" \
	"timeout: 30"
for signum in INT:2 TERM:15 HUP:1; do
	sig=${signum%:*}
	rm -f "$TMP/helper"
	env --default-signal="$sig" "$MOODPLAY" -c "$TMP/held.yaml" capture \
		--face-only >"$TMP/out" 2>"$TMP/err" &
	mp=$!
	for _ in $(seq 100); do
		[ -s "$TMP/helper" ] && break
		sleep 0.05
	done
	snap=$(ls "$TMP"/tmp/moodplay-*/snapshot.jpg 2>/dev/null)
	t0=$(date +%s)
	kill -s "$sig" "$mp"
	wait "$mp" && rc=0 || rc=$?
	secs=$(($(date +%s) - t0))
	hp=$(cat "$TMP/helper")
	check "SIG$sig during {output} helper: snapshot was there" [ -n "$snap" ]
	check "SIG$sig during {output} helper: ends by the signal" \
		[ "$rc" -eq $((128 + ${signum#*:})) ]
	check "SIG$sig during {output} helper: at once" [ "$secs" -le 2 ]
	check "SIG$sig during {output} helper: snapshot and directory removed" no_leftovers
	check "SIG$sig during {output} helper: helper group killed" group_gone "$hp"
done

# ---------------------------------------------------------------- auto
mkdir -p "$TMP/bin"
conf auto "source: auto" "device: $TMP/no-video0"
run env PATH="$TMP/bin" "$MOODPLAY" -c "$TMP/auto.yaml" capture --face-only
check "auto without fswebcam/ffmpeg: advice" expect_err "install fswebcam or ffmpeg"
printf '#!/bin/sh\ncat "%s"\n' "$img" >"$TMP/bin/fswebcam"
chmod +x "$TMP/bin/fswebcam"
run env PATH="$TMP/bin:$PATH" "$MOODPLAY" -c "$TMP/auto.yaml" capture --face-only
check "auto with a missing device: named" expect_err "camera $TMP/no-video0"
: >"$TMP/video0"
conf auto2 "source: auto" "device: $TMP/video0"
run env PATH="$TMP/bin:$PATH" "$MOODPLAY" -c "$TMP/auto2.yaml" capture --face-only
check "auto runs fswebcam" expect_rc 0

# ---------------------------------------------------------------- files
mkdir -p "$TMP/dir"
cp "$img" "$TMP/dir/a.jpg"
cp "$png" "$TMP/dir/b.png"
conf dir "source: file" "file: $TMP/dir"
cap dir --json
first=$out
cap dir --json
check "directory: images in turn" [ "$first" != "$out" ]
check "directory: PNG decoded" expect_out '"faces":1'

: >"$TMP/empty.jpg"
conf empty "source: file" "file: $TMP/empty.jpg"
cap empty
check "zero-byte file: error" expect_err "empty image (0 bytes)"

head -c 3000 "$img" >"$TMP/cut.jpg"
conf cut "source: file" "file: $TMP/cut.jpg"
cap cut
check "truncated JPEG: error" expect_err "bad JPEG"

mkfifo "$TMP/fifo.jpg"
conf fifo "source: file" "file: $TMP/fifo.jpg" "timeout: 30"
# (timeout: a blocking open would never return)
elapsed run timeout 10 "$MOODPLAY" -c "$TMP/fifo.yaml" capture --face-only
check "FIFO: refused" expect_err "$TMP/fifo.jpg is not a regular file"
check "FIFO: at once, not stopped by timeout(1)" [ "$rc" -ne 124 ]
rm -f "$TMP/fifo.jpg"

conf nofile "source: file" "file: $TMP/nothing.jpg"
cap nofile
check "missing file: error" expect_err "cannot open $TMP/nothing.jpg"

conf flat "source: file" "file: $noface"
cap flat --json
check "no face: exit 1" expect_rc 1
check "no face: says so" expect_out '"error":"no face found"'

mkdir -p "$TMP/kept"
conf keep "source: file" "file: $img" "save_dir: $TMP/kept"
cap keep
cap keep
check "save_dir: every snapshot kept" [ "$(ls "$TMP/kept" | wc -l)" -eq 2 ]
check "save_dir: private files" [ "$(stat -c %a "$TMP/kept"/* | sort -u)" = 600 ]
check "save_dir: the bytes as captured" cmp -s "$img" "$(ls -d "$TMP/kept"/* | head -1)"

# ---------------------------------------------------------------- bombs
# Small files whose headers promise huge images: decoded reduced, within
# the capture's pixel budget and its one deadline (their memory is
# tests/test-peak-rss's).
# timed CONF: moodplay capture, its wall seconds in $secs.
timed() {
	t0=$(date +%s)
	run "$MOODPLAY" -c "$TMP/$1.yaml" capture --face-only
	secs=$(($(date +%s) - t0))
}
if command -v python3 >/dev/null; then
	python3 - "$img" "$TMP" <<'PY'
import struct, sys, zlib
img, tmp = sys.argv[1], sys.argv[2]
# messi5.jpg with its frame header saying 8000x8000 (73 KB), 30 times.
b = bytearray(open(img, "rb").read())
i = 2
while not 0xC0 <= b[i + 1] <= 0xC2:
    i += 2 + (b[i + 2] << 8 | b[i + 3])
b[i + 5:i + 9] = struct.pack(">HH", 8000, 8000)
open(tmp + "/bomb30.jpg", "wb").write(bytes(b) * 30)
# A grey 8192x8192 PNG of 65 KB.
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
z = zlib.compressobj(9)
row = b"\0" * 8193
raw = b"".join(z.compress(row) for _ in range(8192)) + z.flush()
open(tmp + "/big.png", "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR",
    struct.pack(">IIBBBBB", 8192, 8192, 8, 0, 0, 0, 0)) + chunk(b"IDAT", raw) +
    chunk(b"IEND", b""))
PY
	conf bomb "source: command" "command: [cat, $TMP/bomb30.jpg]" "frames: 30" "timeout: 5"
	timed bomb
	check "30 JPEG header bombs: refused" expect_err "bad JPEG"
	check "30 JPEG header bombs: within the timeout" [ "$secs" -le 6 ]
	conf bigpng "source: file" "file: $TMP/big.png" "timeout: 30"
	timed bigpng
	check "8192x8192 PNG: decoded reduced" expect_err "no face found"
	conf bigpng1 "source: file" "file: $TMP/big.png" "timeout: 0.2"
	timed bigpng1
	check "8192x8192 PNG, 0.2 s: the deadline covers decoding" \
		expect_err "capture.timeout"
fi

# ---------------------------------------------------------------- HTTP
py=$(command -v python3)
if [ -n "$py" ]; then
	"$py" "$top_srcdir/tests/http-server.py" "$img" >"$TMP/port" 2>"$TMP/http.log" &
	http_pid=$!
	for _ in $(seq 100); do
		[ -s "$TMP/port" ] && break
		sleep 0.2
	done
	port=$(cat "$TMP/port")
	url() { conf http "source: url" "url: http://127.0.0.1:$port$1" "timeout: 1.5" "${2:-}"; cap http; }

	url /ok
	check "HTTP: snapshot fetched" expect_rc 0
	url /auth "url_user: cam"
	check "HTTP basic auth: refused without the password" expect_err "401"
	conf http "source: url" "url: http://127.0.0.1:$port/auth" "url_user: cam" "url_password: secret"
	cap http
	check "HTTP basic auth: accepted" expect_rc 0
	url /404
	check "HTTP 404: error" expect_err "404"
	conf http "source: url" "url: http://cam:hunter2@127.0.0.1:$port/404" "timeout: 1.5"
	run "$MOODPLAY" -v -c "$TMP/http.yaml" capture --face-only
	check "URL password: not in any message" eval '! contains "$err" hunter2'
	check "URL password: redacted" expect_err "cam:***@127.0.0.1"
	conf http "source: url" "url: http://127.0.0.1:$port/mjpeg" "timeout: 15" "frames: 2"
	elapsed cap http --json
	check "HTTP MJPEG stream: first frames taken" expect_out '"frames":2,"faces":2'
	check "HTTP MJPEG stream: without waiting for the end" [ "$secs" -le 10 ]
	elapsed url /stall
	check "HTTP stall: timed out" expect_err "no image within 1.5 s"
	check "HTTP stall: within the timeout" [ "$secs" -le 4 ]
	url /loop
	check "HTTP redirect loop: stopped" expect_err "redirect"
	url /huge
	check "HTTP huge body: refused" expect_rc 1
	check "HTTP huge body: size named" expect_err "capture.max_bytes"
	url /chunked
	check "HTTP huge chunked body: refused" expect_err "capture.max_bytes"
	kill "$http_pid" 2>/dev/null
	wait "$http_pid" 2>/dev/null
else
	ok "# SKIP no python3 for the HTTP server"
fi

check "no temporary files left at all" no_leftovers
done_testing
