#!/bin/sh
# moodplay's command line: help, version, usage errors and exit codes.
. "$top_srcdir/tests/lib.sh"

run "$MOODPLAY" --help
check "--help exits 0" expect_rc 0
check "--help lists status" expect_out "status"
check "--help lists --config" expect_out "--config FILE"
check "--help states exit codes" expect_out "2 usage"

run "$MOODPLAY" --version
check "--version" expect_out "moodplay "

run "$MOODPLAY"
check "no command and no terminal: exit 2" expect_rc 2
check "no command and no terminal: says why" expect_err "needs a terminal"

run "$MOODPLAY" frobnicate
check "unknown command exits 2" expect_rc 2
check "unknown command is named" expect_err "frobnicate"

run "$MOODPLAY" --bogus status
check "unknown option exits 2" expect_rc 2

run "$MOODPLAY" status --bogus
check "unknown subcommand option exits 2" expect_rc 2
check "unknown subcommand option: the command speaks" \
	expect_err "moodplay status: unknown option '--bogus'"

run "$MOODPLAY" capture --output
check "missing option argument exits 2" expect_rc 2
check "missing option argument is named" \
	expect_err "moodplay capture: option '--output' needs an argument"

run "$MOODPLAY" status --help
check "status --help" expect_out "Usage: moodplay status"

run env MPD_PORT=70000 "$MOODPLAY" status
check "bad MPD_PORT exits 2" expect_rc 2
check "bad MPD_PORT is named" expect_err "MPD_PORT"

done_testing
