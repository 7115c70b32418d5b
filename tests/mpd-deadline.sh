#!/bin/sh
# mpd.timeout bounds a whole answer, not each read: a server that trickles
# one valid line every 0.5 s must not hold `moodplay status` for ever.
. "$top_srcdir/tests/lib.sh"
command -v python3 >/dev/null || skip_all "python3 is missing"
unset MPD_HOST MPD_PORT MOODPLAY_CONFIG
export XDG_CONFIG_HOME="$TMP/noconfig"

# A fake MPD: greets, then answers every command with an endless status,
# one line every 0.5 s (each read is quick; the answer never ends).
python3 - "$TMP/trickle" <<'PY' &
import os, socket, sys, threading, time
path = sys.argv[1]
ls = socket.socket(socket.AF_UNIX)
ls.bind(path)
ls.listen(4)
def serve(c):
    try:
        c.sendall(b"OK MPD 0.23.5\n")
        c.recv(4096)
        n = 0
        while True:
            c.sendall(b"volume: %d\n" % (n % 100))
            n += 1
            time.sleep(0.5)
    except OSError:
        pass
while True:
    c, _ = ls.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
PY
fake=$!
trap 'kill $fake 2>/dev/null; cleanup' EXIT
i=0
while [ ! -S "$TMP/trickle" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done

printf 'mpd:\n  timeout: 2\n' > "$TMP/conf.yaml"
ms() { echo $(($(date +%s%N) / 1000000)); }
start=$(ms)
# timeout(1) only so that a regression fails instead of hanging make check.
run env MPD_HOST="$TMP/trickle" timeout 30 "$MOODPLAY" --config "$TMP/conf.yaml" status
end=$(ms)
check "trickling server: exit 1" expect_rc 1
check "trickling server: says it did not answer in time" \
	expect_err "did not answer in time (2000 ms for the whole answer)"
check "trickling server: gave up within the deadline ($((end - start)) ms)" \
	test $((end - start)) -lt 6000
run env MPD_HOST="$TMP/trickle" timeout 30 "$MOODPLAY" --config "$TMP/conf.yaml" status --json
check "trickling server, --json: exit 1" expect_rc 1
check "trickling server, --json: nothing on stdout" test -z "$out"

done_testing
