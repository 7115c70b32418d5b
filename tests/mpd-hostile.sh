#!/bin/sh
# Hostile servers: mpd.timeout bounds a whole answer, not each read (a
# server trickling one valid line every 0.5 s must not hold `moodplay
# status` for ever); an ACK full of escape sequences and the password is
# printed cleaned and redacted.
. "$top_srcdir/tests/lib.sh"
command -v python3 >/dev/null || skip_all "python3 is missing"
unset MPD_HOST MPD_PORT MOODPLAY_CONFIG
export XDG_CONFIG_HOME="$TMP/noconfig"

# A fake MPD: greets, then answers every command with an endless status,
# one line every 0.5 s (each read is quick; the answer never ends).
fake_mpd "$TMP/trickle" <<'PY'
def serve(c):
    try:
        c.sendall(b"OK MPD 0.23.5\n")
        req = c.recv(4096)
        if req.startswith(b"password"):
            # Accept any password, then refuse the next command with an
            # ACK that tries to drive the terminal and repeats the password.
            c.sendall(b"OK\n")
            c.recv(4096)
            c.sendall(b"ACK [4@0] {status} \x1b[2J\x1b]0;pwned\x07 \xc2\x9b31m "
                      b"you said s3cret\n")
            c.recv(4096)
            return
        n = 0
        while True:
            c.sendall(b"volume: %d\n" % (n % 100))
            n += 1
            time.sleep(0.5)
    except OSError:
        pass
PY

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

run env MPD_HOST="s3cret@$TMP/trickle" timeout 30 "$MOODPLAY" --config "$TMP/conf.yaml" status
check "hostile ACK: exit 1" expect_rc 1
check "hostile ACK: the message is shown" expect_err "you said"
check "hostile ACK: no escape or control character reaches the terminal" \
	python3 -c '
import sys
e = open(sys.argv[1], "rb").read()
assert not any(b < 0x20 and b != 0x0a or b == 0x7f for b in e), e
assert b"\xc2\x9b" not in e, e
' "$TMP/err"
check "hostile ACK: the password is redacted" \
	sh -c '! grep -q s3cret "$1" && grep -q "said \*\*\*" "$1"' x "$TMP/err"

done_testing
