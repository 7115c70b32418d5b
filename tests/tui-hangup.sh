#!/bin/sh
# The client ends when its terminal goes away or a signal asks it to,
# whatever it is doing: a mood run stuck in a read that never returns (its
# dataset a FIFO nobody writes) must not keep it alive, and SIGTERM must not
# be lost when the parent started it with the signal blocked.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

mpd_main
mpd_ask main 'add ""' >/dev/null
mkfifo "$TMP/stuck.csv"
cat > "$TMP/stuck.yaml" <<EOC
dataset:
  files: ["$TMP/stuck.csv"]
  cache: false
EOC

# ended PID: the process is gone (or a zombie) within 3 s.
ended() {
	i=0
	while [ $i -lt 60 ]; do
		st=$(ps -o stat= -p "$1" 2>/dev/null) || return 0
		case $st in Z*) return 0 ;; esac
		sleep 0.05
		i=$((i + 1))
	done
	echo "# pid $1 still running: $(ps -o pid,stat,pcpu,wchan:20,args -p "$1" | tail -1)" >&2
	kill -9 "$1" 2>/dev/null
	return 1
}

# stuck SESSION: a client whose mood run waits on the FIFO for ever.
stuck() {
	start "$1" --config "$TMP/stuck.yaml"
	wait_for "$1" "Undertow" >/dev/null
	tm send-keys -t "$1" M
	wait_for "$1" "happy" >/dev/null
	tm send-keys -t "$1" Enter
	wait_for "$1" "loading the dataset"
}

check "a mood run reaches the FIFO" stuck t
pid=$(cat "$TMP/t.pid")
kill -TERM "$pid"
check "SIGTERM ends a client whose worker is stuck" ended "$pid"
check "and the terminal is restored" restored t 0

stuck h
pid=$(cat "$TMP/h.pid")
start idle
wait_for idle "Undertow" >/dev/null
idle=$(cat "$TMP/idle.pid")
tm kill-server
check "a lost terminal ends a client whose worker is stuck" ended "$pid"
check "and an idle one" ended "$idle"

# SIGTERM and SIGHUP blocked by the parent, as the mask survives exec.
cat > "$TMP/block.py" <<'PY'
import os, signal, sys
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGHUP})
os.execv(sys.argv[1], sys.argv[1:])
PY
pane_wrap="python3 $TMP/block.py"
start b
pane_wrap=
wait_for b "Undertow" >/dev/null
pid=$(cat "$TMP/b.pid")
kill -TERM "$pid"
check "SIGTERM blocked by the parent still ends the client" ended "$pid"
check "with the terminal restored" restored b 0
done_testing
