#!/bin/sh
# Every message that counts something goes through ngettext(): a "%d songs"
# under _() can never be right in a language with other plural rules.  The
# messages come from xgettext, so strings split over lines are seen whole; a
# count is an integer conversion followed by a word in -s that is not a verb
# or a unit ("%d is", "%u ms"), and not a dimension ("%ux%u pixels").
. "$top_srcdir/tests/lib.sh"

cd "$top_srcdir" || exit 1
command -v xgettext >/dev/null 2>&1 || skip_all "xgettext is not installed"
pot=$TMP/all.pot
# shellcheck disable=SC2046
xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 -o "$pot" \
	$(grep -v '^#' po/POTFILES.in) ||
	{ echo "Bail out! xgettext failed"; exit 1; }

# One line per message: "LOCATION<TAB>plural?<TAB>msgid".
msgs=$(awk '
	function flush() {
		if (id != "")
			printf "%s\t%s\t%s\n", loc, plural, id
		id = ""; loc = ""; plural = 0; in_id = 0
	}
	/^$/ { flush(); next }
	/^#: / { if (loc == "") loc = $2; next }
	/^msgid_plural / { plural = 1; in_id = 0; next }
	/^msgid / { in_id = 1; s = $0; sub(/^msgid "/, "", s); sub(/"$/, "", s); id = s; next }
	/^msgstr/ { in_id = 0; next }
	/^"/ { if (in_id) { s = $0; sub(/^"/, "", s); sub(/"$/, "", s); id = id s } next }
	END { flush() }
' "$pot")

check "xgettext found the messages" test "$(printf '%s\n' "$msgs" | wc -l)" -gt 100
check "some messages use ngettext" \
	sh -c 'printf "%s\n" "$1" | awk -F "\t" "\$2 == 1" | grep -q .' sh "$msgs"

counted=$(printf '%s\n' "$msgs" | awk -F '\t' '$2 == 0' |
	grep -E '(^|[^x%])%[-0-9.]*(hh|h|ll|l|z)?[du] +[a-z]+s\b' |
	grep -Ev '%[-0-9.]*(hh|h|ll|l|z)?[du] +(is|has|was|does|points|ms)\b' || true)
if [ -z "$counted" ]; then
	ok "every counted message uses ngettext"
else
	not_ok "every counted message uses ngettext"
	printf '%s\n' "$counted" | sed 's/^/# /'
fi
done_testing
