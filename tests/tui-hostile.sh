#!/bin/sh
# The terminal client against a hostile server: a status that claims a
# queue of 4294967295 songs must not make the client allocate for all of
# them (it holds at most a million positions) or crash; the client keeps
# drawing and q still quits.
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
tm send-keys -t h q
check "q quits" restored h 0
done_testing
