#!/bin/sh
# A clone without the shared data (../shared/data or $MOODPLAY_SHARED_DATA):
# the tests that read it skip, saying why on one line, and never fail or
# leak; a test skipped as a whole exits 77.
. "$top_srcdir/tests/lib.sh"
mkdir "$TMP/empty"
reason="no shared data: $TMP/empty/spotify/"

# skips NAME RC PROGRAM...: run PROGRAM with no shared data.
skips() {
	name=$1 want=$2
	shift 2
	run env MOODPLAY_SHARED_DATA="$TMP/empty" "$@"
	check "$name: exit $want" expect_rc "$want"
	check "$name: says why it skips" expect_out "# SKIP $reason"
	check "$name: nothing fails" eval \
		'! printf "%s\n" "$out" | grep "^not ok" | grep -vq "# SKIP"'
	check "$name: no sanitizer report" eval '[ -z "$(printf %s "$err" | grep -i "sanitizer")" ]'
}

# Whole programs skip with status 77.
skips recommend.sh 77 sh "$top_srcdir/tests/recommend.sh"
check "recommend.sh: a skip plan" expect_out "1..0 # SKIP"

# The C tests skip the cases that need the data and run the others.
for t in test-dataset test-dataset-fuzz; do
	if [ -x "$top_builddir/tests/$t" ]; then
		skips "$t" 0 "$top_builddir/tests/$t"
		check "$t: the other cases run" eval \
			'printf "%s\n" "$out" | grep "^ok" | grep -vq SKIP'
	else
		ok "# SKIP $t is not built (no cmocka)"
	fi
done

done_testing
