#!/bin/sh
# The terminal client against a hostile server: a status that claims a
# queue of 4294967295 songs must not make the client allocate for all of
# them (it holds at most a million positions) or crash.  The server lists
# none of those songs: the client must not ask for them again and again
# (it spun at a third of a CPU, and a Queue search, which needs every
# song, asked for ever), and q still quits.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"
command -v python3 >/dev/null || skip_all "python3 is missing"
command -v tmux >/dev/null || skip_all "tmux is missing"

# A fake MPD that answers each command, in or out of a command list, with
# an empty answer, except status (the huge queue) and idle (held until
# noidle, as MPD does).
fake_mpd "$TMP/huge" <<'PY'
STATUS = (b"volume: 50\nrepeat: 0\nrandom: 0\nsingle: 0\nconsume: 0\n"
          b"playlist: 7\nplaylistlength: 4294967295\nstate: stop\n")
def answer(cmd):
    return STATUS if cmd.split(b" ")[0] == b"status" else b""
def serve(c):
    f = c.makefile("rb")
    try:
        c.sendall(b"OK MPD 0.23.5\n")
        batch = None
        for line in f:
            cmd = line.rstrip(b"\n")
            if cmd.startswith(b"command_list"):
                if cmd == b"command_list_end":
                    c.sendall(b"".join(answer(x) + b"list_OK\n" for x in batch) + b"OK\n")
                    batch = None
                else:
                    batch = []
            elif batch is not None:
                batch.append(cmd)
            elif cmd.startswith(b"idle"):
                continue  # answered by the noidle that ends it
            else:
                c.sendall(answer(cmd) + b"OK\n")
    except OSError:
        pass
PY

sock="$TMP/huge"
start h
check "a queue of 4294967295 songs: the header shows its length" wait_for h "4294967295"
sleep 1
check "the client is still running" hides h "exit="
# CPU time (utime + stime, in clock ticks) over 3 s of an idle client.
pid=$(cat "$TMP/h.pid")
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
t0=$(ticks)
sleep 3
t1=$(ticks)
echo "# the idle client used $((t1 - t0)) ticks of CPU in 3 s"
check "idle, it does not keep asking for the songs" test $((t1 - t0)) -lt 30
tm send-keys -t h / x
check "a Queue search answers" wait_for h "/x  (0 matches)"
tm send-keys -t h Enter q
check "and ends: q quits" restored h 0
done_testing
