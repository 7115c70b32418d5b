#!/bin/sh
# moodplay(1) documents every command that moodplay --help lists, and in
# that command's entry every long option its --help lists: both helps come
# from the command tables, so this holds the man page to them.
. "$top_srcdir/tests/lib.sh"
man=$top_srcdir/man/moodplay.1

cmds=$("$MOODPLAY" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
check "--help lists commands" test -n "$cmds"

# section CMD: CMD's entry under COMMANDS, up to the next command's.
section() {
	awk -v c="$1" -v all=" $(echo $cmds) " '
		/^\.SH/ { in_cmds = ($2 == "COMMANDS"); on = 0 }
		in_cmds && prev == ".TP" && /^\.B / && index(all, " " $2 " ") {
			on = ($2 == c)
		}
		on { print }
		{ prev = $0 }' "$man"
}

for c in $cmds; do
	text=$(section "$c")
	check "moodplay(1) has an entry for $c" test -n "$text"
	run "$MOODPLAY" "$c" --help
	check "$c --help exits 0" expect_rc 0
	check "$c --help starts with its usage" expect_out "Usage: moodplay $c "
	opts=$(printf '%s\n' "$out" |
		sed -n 's/^  \(-[a-zA-Z], \)\{0,1\} *--\([a-z][a-z-]*\).*/\2/p' |
		grep -vx help)
	check "$c --help lists options" test -n "$opts"
	for o in $opts; do
		roff=$(printf '%s' "$o" | sed 's/-/\\-/g')
		check "moodplay(1) documents $c --$o" \
			eval 'printf "%s\n" "$text" | grep -qF -- "\\-\\-$roff"'
	done
done

done_testing
