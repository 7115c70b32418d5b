#!/bin/sh
# `moodplay status` against a real MPD: socket and TCP, MPD_HOST forms,
# passwords, MPD going away.
. "$top_srcdir/tests/lib.sh"
need_mpd
unset MPD_HOST MPD_PORT MOODPLAY_CONFIG
export XDG_CONFIG_HOME="$TMP/noconfig"

mpd_main --tcp
port=$(cat "$TMP/mpd-main/port")

run env MPD_HOST="$sock" "$MOODPLAY" status
check "stopped, empty queue: exit 0" expect_rc 0
check "stopped state shown" expect_out "[stopped] queue: 0 songs"

mpd_ask main 'add "Кино"' >/dev/null
mpd_ask main 'play 0' >/dev/null
run env MPD_HOST="$sock" "$MOODPLAY" status
check "playing: exit 0" expect_rc 0
check "artist and UTF-8 title" expect_out "Кино - Группа крови"
check "state, position and length" expect_out "[playing] #1/2"
check "elapsed/total" expect_out "/0:05"
check "flags line" expect_out "repeat: off   random: off"

run env MPD_HOST="$sock" "$MOODPLAY" status --json
check "--json exit 0" expect_rc 0
check "--json parses and has the song" python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert d["state"] == "play", d
assert d["song"]["title"] == "Группа крови", d
assert d["song"]["artist"] == "Кино"
assert d["song"]["duration"] == 5
assert d["queue_length"] == 2 and d["position"] == 1
assert d["repeat"] is False and d["error"] is None
' "$out"

# Stopped, MPD gives no total time; both outputs give the song's duration.
# (play 0 first: on a loaded machine the queue may have played out.)
mpd_ask main 'play 0' >/dev/null
mpd_ask main 'stop' >/dev/null
run env MPD_HOST="$sock" "$MOODPLAY" status --json
check "--json while stopped: total is the duration" python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert d["state"] == "stop", d
assert d["total"] == d["song"]["duration"] > 0, d
' "$out"
run env MPD_HOST="$sock" "$MOODPLAY" status
check "text while stopped: the duration" eval \
	'contains "$out" " 0:00/" && ! contains "$out" "0:00/0:00" || { echo "# $out" >&2; false; }'
mpd_ask main 'play 0' >/dev/null

# Every way of naming the server.
run env MPD_HOST=127.0.0.1 MPD_PORT="$port" "$MOODPLAY" status
check "TCP via MPD_HOST/MPD_PORT" expect_out "Группа крови"
run "$MOODPLAY" --host 127.0.0.1 --port "$port" status
check "TCP via --host/--port" expect_out "Группа крови"
run env MPD_HOST=/nonexistent "$MOODPLAY" --host "$sock" status
check "--host beats MPD_HOST" expect_out "Группа крови"
printf 'mpd:\n  host: "%s"\n' "$sock" > "$TMP/conf.yaml"
run "$MOODPLAY" --config "$TMP/conf.yaml" status
check "mpd.host from the configuration" expect_out "Группа крови"

# Quoted and comma'd tags survive.
mpd_ask main 'clear' >/dev/null
mpd_ask main 'add "The Quoted Band"' >/dev/null
mpd_ask main 'play 0' >/dev/null
run env MPD_HOST="$sock" "$MOODPLAY" status
check "quotes in tags" expect_out 'The "Quoted" Band - Say "Hello"'

# A server with a password.
mpd_start locked --password s3cret || not_ok "start locked mpd"
lsock=$TMP/mpd-locked/socket
run env MPD_HOST="s3cret@$lsock" "$MOODPLAY" status
check "password in MPD_HOST" expect_rc 0
run env MPD_HOST="$lsock" "$MOODPLAY" --password s3cret status
check "--password" expect_rc 0
run env MPD_HOST="wrong@$lsock" "$MOODPLAY" status
check "wrong password exits 1" expect_rc 1
check "wrong password is explained" expect_err "refused the password"
run env MPD_HOST="$lsock" "$MOODPLAY" status
check "no password: permission error exits 1" expect_rc 1
check "no password: says how to give one" expect_err "password"

# MPD gone: exit 1, a clear message, quickly.
mpd_stop main
start=$(date +%s)
run env MPD_HOST="$sock" "$MOODPLAY" status
end=$(date +%s)
check "mpd down exits 1" expect_rc 1
check "mpd down names the socket" expect_err "cannot connect to MPD at $sock"
check "mpd down fails fast" test $((end - start)) -le 6
run env MPD_HOST=127.0.0.1 MPD_PORT="$port" "$MOODPLAY" status
check "TCP refused exits 1" expect_rc 1
check "TCP refused names host:port" expect_err "127.0.0.1:$port"

done_testing
