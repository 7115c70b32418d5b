#!/bin/sh
# The Outputs, Playlists, Search and Song info screens through tmux against
# a real MPD; what they change is checked with MPD's own answers (outputs,
# listplaylists, listplaylist).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

mpd_start main || { not_ok "start mpd"; done_testing; exit 1; }
sock=$TMP/mpd-main/socket
mpd_ask main 'add "Storm Engine"' >/dev/null

# output_is ID 0|1: MPD says output ID is disabled/enabled, within 5 s.
output_is() {
	i=0
	while [ $i -lt 100 ]; do
		[ "$(mpd_ask main outputs | awk -v id="$1" '
			/^outputid:/ { cur = $2 }
			/^outputenabled:/ && cur == id { print $2 }')" = "$2" ] && return 0
		sleep 0.05
		i=$((i + 1))
	done
	echo "# output $1 is not $2:" >&2
	mpd_ask main outputs | sed 's/^/#   /' >&2
	return 1
}

start a
wait_for a "Overdrive" >/dev/null

# Outputs: listed as MPD has them, Enter toggles the one under the cursor.
tm send-keys -t a 6
check "6 opens Outputs" wait_for a "6:Outputs"
check "the outputs are listed" wait_for a "[x] null (null)"
check "with the disabled one" wait_for a "[ ] spare null (null)"
check "the status line counts them" wait_for a "2 outputs, 1 enabled"
tm send-keys -t a j Enter
check "Enter enables an output in MPD" output_is 1 1
check "the screen follows" wait_for a "[x] spare null (null)"
check "a notice says so" wait_for a "output spare null enabled"
tm send-keys -t a Enter
check "Enter again disables it" output_is 1 0
check "and the screen shows it" wait_for a "[ ] spare null (null)"
check "the other output untouched" output_is 0 1
mpd_ask main 'enableoutput 1' >/dev/null
check "a change by another client shows" wait_for a "[x] spare null (null)"
mpd_ask main 'disableoutput 1' >/dev/null
wait_for a "[ ] spare null (null)" >/dev/null
tm send-keys -t a Tab
check "Tab goes on from Outputs" wait_gone a "spare null"

tm send-keys -t a q
restored a 0 >/dev/null
done_testing
