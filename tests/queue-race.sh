#!/bin/sh
# The queue promise under faults, against a real MPD: a relay in front of
# its socket (tests/mpd-relay.py) holds a request or MPD's answers at the
# queue change, or stops MPD itself, while another client edits the queue.
# Each case checks moodplay's exit status, its message and the final queue.
. "$top_srcdir/tests/lib.sh"
need_mpd
. "$top_srcdir/tests/relay-lib.sh"
unset MPD_HOST MPD_PORT MOODPLAY_CONFIG
export XDG_CONFIG_HOME="$TMP/noconfig" XDG_STATE_HOME="$TMP/state" XDG_CACHE_HOME="$TMP/cache"

sh "$fixture" gen-dataset "$top_srcdir/tests/data/library.txt" "$TMP/ds.csv" \
	|| { not_ok "generate the dataset"; done_testing; exit 1; }
mpd_main
mpd_pid=$(cat "$TMP/mpd-main/pid.shell")
cat > "$TMP/conf.yaml" <<EOF
mpd:
  timeout: 10
dataset:
  files: ["$TMP/ds.csv"]
  cache: false
queue:
  history: 0
  play: false
EOF
sed 's/timeout: 10/timeout: 1/' "$TMP/conf.yaml" > "$TMP/conf1.yaml"
mp() { "$MOODPLAY" --config "$TMP/${conf:-conf}.yaml" "$@"; }

# fill N [EXTRA-COMMAND]: the queue becomes N songs (the library over and
# over), in one command list.
fill() {
	python3 - "$sock" "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
f = s.makefile("rwb")
f.readline()
def ask(cmd):
    f.write(cmd.encode() + b"\n"); f.flush()
    out = []
    while True:
        line = f.readline().decode()
        if line.startswith("OK"):
            return out
        if not line or line.startswith("ACK"):
            sys.exit("mpd: " + line)
        out.append(line)
files = [l[6:].strip() for l in ask("listall") if l.startswith("file: ")]
def quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
lines = ["clear"] + ["add " + quote(files[i % len(files)]) for i in range(int(sys.argv[2]))]
ask("command_list_begin\n" + "\n".join(lines) + "\ncommand_list_end")
PY
}
queue() { mpd_ask main playlistinfo | sed -n 's/^file: //p'; }
plan_of() {
	python3 -c '
import json, sys
print("\n".join(s["file"] for s in json.loads(sys.argv[1])["queue"]))' "$1"
}

# bg_recommend ARGS...: moodplay recommend through the relay, in the
# background; bg_wait collects $rc, $out, $err as run does.
bg_recommend() {
	MPD_HOST="$TMP/relay" mp recommend "$@" >"$TMP/bg.out" 2>"$TMP/bg.err" &
	bg_pid=$!
}
bg_wait() {
	wait "$bg_pid" && rc=0 || rc=$?
	out=$(cat "$TMP/bg.out")
	err=$(cat "$TMP/bg.err")
}

# ---------------------------------------------------------------- two runs
# Two replace runs on a 3000-song queue: the one held between reading the
# queue and its command list (until the other is done) must not empty or
# mix the queue.
fill 3000 || not_ok "fill the queue"
check "a 3000-song queue" test "$(queue | wc -l)" -eq 3000
relay --at addid --hold-request 8
bg_recommend --mood 0.5,0.5 --count 20 --seed 1 --mode replace --json
check "the first run reached its command list" wait_mark
run env MPD_HOST="$sock" "$MOODPLAY" --config "$TMP/conf.yaml" \
	recommend --mood -0.5,-0.5 --count 30 --seed 2 --mode replace --json
check "the second run: exit 0" expect_rc 0
second=$(plan_of "$out")
touch "$TMP/release"
bg_wait
check "the held run: exit 1" expect_rc 1
check "the held run: says the queue changed and nothing was done" \
	expect_err "queue changed by another client, nothing done"
check "the held run printed no plan" test -z "$out"
check "the queue is the second run's plan, whole" test "$(queue)" = "$second"
check "not empty, not a mix" test "$(queue | wc -l)" -eq "$(echo "$second" | wc -l)" -a "$(echo "$second" | wc -l)" -gt 5
relay_stop

# Another client appends while a replace run is held: its songs and the
# old queue survive, in order; the run undoes itself and says so.
fill 3000
before=$(queue)
relay --at addid --hold-request 8
bg_recommend --mood 0.5,0.5 --count 20 --seed 1 --mode replace
check "the run reached its command list" wait_mark
mpd_ask main 'add "Кино"' >/dev/null
touch "$TMP/release"
bg_wait
check "append meanwhile: exit 1" expect_rc 1
check "append meanwhile: says nothing was done" \
	expect_err "queue changed by another client, nothing done"
check "append meanwhile: the old queue, then the other client's songs" \
	test "$(queue)" = "$(printf '%s\n%s\n' "$before" "$(mpd_ask main 'listall "Кино"' | sed -n 's/^file: //p')")"
relay_stop

# ------------------------------------------------------- a lost answer
conf=conf1
# MPD applies the list but its answer is held past mpd.timeout (1 s): the
# run looks again on a new connection and reports what happened.
fill 40
relay --at addid --hold-answer 4
bg_recommend --mood 0.5,0.5 --count 20 --seed 3 --mode replace --json
bg_wait
check "late answer: exit 0, the change is in" expect_rc 0
check "late answer: says MPD applied it late" \
	expect_err "answered late, but applied the queue change"
check "late answer: the queue is the plan" test "$(queue)" = "$(plan_of "$out")"
relay_stop

# moodplay capture applies its plan the same way, and says so the same way.
messi=/usr/share/doc/opencv-doc/examples/data/messi5.jpg
if [ -r "$messi" ] && [ -r /usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml ]; then
	{
		sed 's/^queue:$/queue:\n  mode: replace/' "$TMP/conf1.yaml"
		printf 'face:\n  min_size: 20\ncapture:\n  source: file\n  file: "%s"\n' "$messi"
	} >"$TMP/capture.yaml"
	fill 40
	relay --at addid --hold-answer 4
	run env MPD_HOST="$TMP/relay" "$MOODPLAY" --config "$TMP/capture.yaml" capture --json
	check "capture, late answer: exit 0, the change is in" expect_rc 0
	check "capture, late answer: says MPD applied it late" \
		expect_err "answered late, but applied the queue change"
	check "capture, late answer: the queue is the plan" test "$(queue)" = "$(plan_of "$out")"
	relay_stop
else
	echo "# skipping the capture check: needs opencv-doc and opencv-data"
fi

# A held request: MPD never saw the list when the run gave up.
fill 40
before=$(queue)
relay --at addid --hold-request 2.5
bg_recommend --mood 0.5,0.5 --count 20 --seed 3 --mode replace
bg_wait
check "request held: exit 1" expect_rc 1
relay_stop # the held list reaches MPD now or never; wait for either
sleep 0.5
after=$(queue)
if [ "$after" = "$before" ]; then
	check "request held, queue unchanged: says so" \
		expect_err "did not answer in time; the queue is unchanged"
else
	check "request held, queue changed later: never claimed unchanged" \
		sh -c '! echo "$1" | grep -q unchanged' x "$err"
fi

# MPD itself stops right after the list reaches it: nobody can tell what
# happened, so the run must not claim the queue is unchanged.
fill 40
before=$(queue)
run env MPD_HOST="$sock" "$MOODPLAY" --config "$TMP/conf1.yaml" \
	recommend --mood 0.5,0.5 --count 20 --seed 4 --mode replace --dry-run --json
check "the plan, for later" expect_rc 0
plan=$(plan_of "$out")
relay --at addid --stop-pid "$mpd_pid" --stop 3
bg_recommend --mood 0.5,0.5 --count 20 --seed 4 --mode replace
bg_wait
check "mpd stopped: exit 1" expect_rc 1
check "mpd stopped: the outcome is reported as unknown" \
	expect_err "whether it applied the change is unknown"
check "mpd stopped: not reported as unchanged" \
	sh -c '! echo "$1" | grep -q "queue is unchanged"' x "$err"
sleep 3
relay_stop
after=$(queue)
echo "# after MPD went on: $(echo "$after" | wc -l) songs" >&2
check "mpd stopped: the queue is the old one or a whole plan" \
	sh -c 'test "$1" = "$2" || test "$1" = "$3"' x "$after" "$before" "$plan"

done_testing
