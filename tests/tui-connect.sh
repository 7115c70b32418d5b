#!/bin/sh
# Connection states in the terminal client against real MPDs: a refused
# password stops the retries and says how to fix it; an MPD that wants a
# password we do not have is "not connected" (no server version); a lost
# MPD shows "not connected" on every list, not stale rows or "the queue is
# empty", and the client comes back with it; a notice wider than the
# screen wraps instead of being cut.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

mpd_start pw --password secret || { not_ok "start mpd"; done_testing; exit 1; }

# A wrong password.
sock="wrong@$TMP/mpd-pw/socket"
start w
check "a refused password says so" wait_for w "refused the password: incorrect password"
check "and how to fix it" wait_for w "MPD_HOST=password@host"
check "the header says not connected" wait_for w "not connected: MPD refused access"
sleep 2.5
check "no retry countdown" sh -c "! tmux -L moodplay-test-$$ -f /dev/null capture-pane -p -t w | grep -q 'retry in'"
check "no server version" sh -c "! tmux -L moodplay-test-$$ -f /dev/null capture-pane -p -t w | grep -q 'MPD 0\.'"
tm send-keys -t w q
check "q still quits" restored w 0

# No password at all: MPD lets us connect, then refuses everything.
sock="$TMP/mpd-pw/socket"
start n
check "no password: permission denied is explained" wait_for n "set a password with --password"
check "and the header says not connected" wait_for n "not connected: MPD refused access"
check "without a server version" sh -c "! tmux -L moodplay-test-$$ -f /dev/null capture-pane -p -t n | grep -q 'MPD 0\.'"
quit n

# A lost connection, then MPD back.
mpd_main
mpd_ask main 'add "Blue Hour"' >/dev/null
start l
wait_for l "Undertow" >/dev/null
mpd_stop main
check "a lost MPD: the Queue says not connected" wait_for l "not connected to MPD"
check "without the old rows" wait_gone l "Undertow"
check "or 'the queue is empty'" sh -c "! tmux -L moodplay-test-$$ -f /dev/null capture-pane -p -t l | grep -q 'queue is empty'"
check "the header counts down to the next attempt" wait_for l "not connected, retry in"
check "without a server version" sh -c "! tmux -L moodplay-test-$$ -f /dev/null capture-pane -p -t l | grep -q 'MPD 0\.'"
tm send-keys -t l 2
check "the Library says not connected too" wait_for l "not connected to MPD"
tm send-keys -t l 1
mpd_start main >/dev/null
check "MPD back: the queue comes back" wait_for l "Undertow"

# A notice wider than the pane wraps.
long="word01 word02 word03 word04 word05 word06 word07 word08 word09 word10 word11 word12 word13 word14 word15 word16 end"
tm send-keys -t l /
tm send-keys -t l -l "$long"
tm send-keys -t l Enter Escape n
check "a long notice wraps: its end is shown" wait_for l "word16 end'"
check "its start too" wait_for l "nothing matches 'word01"
quit l
done_testing
