#!/bin/sh
# libcurl and libxml2 are not linked into moodplay (src/dynlib.c loads them
# on first use): its dynamic section names neither, a plain start loads
# neither, and a cascade or a URL capture loads the one it needs.
. "$top_srcdir/tests/lib.sh"

if command -v readelf >/dev/null 2>&1; then
	needed=$(readelf -d "$MOODPLAY" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
elif command -v objdump >/dev/null 2>&1; then
	needed=$(objdump -p "$MOODPLAY" | awk '$1 == "NEEDED" { print $2 }')
else
	skip_all "needs readelf or objdump (apt-get install binutils)"
fi
needs() { echo "$needed" | grep -q "^$1"; }
check "moodplay's NEEDED entries read (libc among them)" needs libc.
check "no NEEDED libcurl" eval '! needs libcurl'
check "no NEEDED libxml2" eval '! needs libxml2'

# What the dynamic linker loads, from glibc's LD_DEBUG=files trace:
# "file=libxml2.so.2 [0];  dynamically loaded by ...".
loaded() { grep -q "file=$1[^ ]* .*dynamically loaded" "$TMP/ld"; }
ld_run() {
	LD_DEBUG=files LD_DEBUG_OUTPUT=$TMP/ldtrace run "$@"
	cat "$TMP"/ldtrace.* >"$TMP/ld" 2>/dev/null || : >"$TMP/ld"
	rm -f "$TMP"/ldtrace.*
}
ld_run "$MOODPLAY" --version
if ! grep -q "file=" "$TMP/ld"; then
	ok "# SKIP the dynamic linker has no LD_DEBUG trace"
	done_testing
	exit
fi
check "--version: runs" expect_rc 0
check "--version: loads no libcurl" eval '! grep -q "file=libcurl" "$TMP/ld"'
check "--version: loads no libxml2" eval '! grep -q "file=libxml2" "$TMP/ld"'

# A face cascade: libxml2 is loaded then, and parses it.  Then a URL
# source: libcurl is loaded when it is set up, and reports a refused
# connection in its own words (port 1 is never listening).
messi=/usr/share/doc/opencv-doc/examples/data/messi5.jpg
[ -r "$messi" ] &&
	[ -r /usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml ] ||
	{ ok "# SKIP cascade and URL checks need opencv-doc and opencv-data"; done_testing; exit; }
printf 'face:\n  min_size: 20\n' >"$TMP/c.yaml"
ld_run "$MOODPLAY" -c "$TMP/c.yaml" classify --json "$messi"
check "classify: the face found" expect_out '"face":{"x":227,"y":94,"w":37,"h":37}'
check "classify: libxml2 loaded on demand" loaded libxml2
check "classify: no libcurl" eval '! grep -q "file=libcurl" "$TMP/ld"'

url=http://127.0.0.1:1/snap.jpg
printf 'capture:\n  source: url\n  url: %s\n  timeout: 2\n' "$url" >"$TMP/u.yaml"
ld_run "$MOODPLAY" -c "$TMP/u.yaml" capture --face-only
check "URL capture: refused connection, exit 1" expect_rc 1
check "URL capture: curl's error" expect_err "$url: "
check "URL capture: libcurl loaded on demand" loaded libcurl
done_testing
