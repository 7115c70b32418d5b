#!/bin/sh
# Every source file with translatable strings is listed in po/POTFILES.in,
# and every listed file exists: otherwise its messages silently stay English.
. "$top_srcdir/tests/lib.sh"

cd "$top_srcdir" || exit 1
for f in $(grep -l '_("' src/*/*.c); do
	check "$f is in po/POTFILES.in" grep -qx "$f" po/POTFILES.in
done
for f in $(grep -v '^#' po/POTFILES.in); do
	check "po/POTFILES.in entry $f exists" test -f "$f"
done
done_testing
