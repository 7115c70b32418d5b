#!/bin/sh
# Configuration files seen through the binary: positions in errors, exit 2,
# warnings for unknown keys, the search order.
. "$top_srcdir/tests/lib.sh"

printf 'mpd:\n  host: /nonexistent/socket\n  timeout: "soon"\n' > "$TMP/broken.yaml"
run "$MOODPLAY" --config "$TMP/broken.yaml" status
check "wrong type exits 2" expect_rc 2
check "wrong type names file:line:col" expect_err "broken.yaml:3:12:"

printf 'queue:\n  count: 20\n  mode: sideways\n' > "$TMP/enum.yaml"
run "$MOODPLAY" --config "$TMP/enum.yaml" status
check "bad enum exits 2" expect_rc 2
check "bad enum names line and column" expect_err "enum.yaml:3:9:"

printf 'mpd: [unclosed\n' > "$TMP/syntax.yaml"
run "$MOODPLAY" --config "$TMP/syntax.yaml" status
check "YAML syntax error exits 2" expect_rc 2
check "YAML syntax error names the file" expect_err "syntax.yaml:"

run "$MOODPLAY" --config "$TMP/missing.yaml" status
check "missing --config file exits 2" expect_rc 2
check "missing --config file is named" expect_err "missing.yaml"

# An unknown key warns (with its position) but does not stop moodplay: the
# connection error that follows proves the configuration was accepted.
printf 'mpd:\n  host: %s/none.sock\n  hots: typo\n  timeout: 1\n' "$TMP" > "$TMP/unknown.yaml"
run "$MOODPLAY" --config "$TMP/unknown.yaml" status
check "unknown key is only a warning" expect_rc 1
check "unknown key warning has its position" expect_err "unknown.yaml:3:3:"
check "the configured host is used" expect_err "none.sock"
run "$MOODPLAY" -q --config "$TMP/unknown.yaml" status
check "-q silences warnings" sh -c '! grep -q "unknown" "$1"' - "$TMP/err"

# Search order: MOODPLAY_CONFIG, then $XDG_CONFIG_HOME/moodplay/config.yaml.
mkdir -p "$TMP/xdg/moodplay"
printf 'mpd:\n  host: %s/from-xdg.sock\n  timeout: 1\n' "$TMP" > "$TMP/xdg/moodplay/config.yaml"
printf 'mpd:\n  host: %s/from-env.sock\n  timeout: 1\n' "$TMP" > "$TMP/env.yaml"
run env -u MPD_HOST -u MOODPLAY_CONFIG XDG_CONFIG_HOME="$TMP/xdg" "$MOODPLAY" status
check "XDG_CONFIG_HOME config is read" expect_err "from-xdg.sock"
run env -u MPD_HOST MOODPLAY_CONFIG="$TMP/env.yaml" XDG_CONFIG_HOME="$TMP/xdg" "$MOODPLAY" status
check "MOODPLAY_CONFIG wins over XDG" expect_err "from-env.sock"
run env -u MPD_HOST MOODPLAY_CONFIG="$TMP/env.yaml" "$MOODPLAY" --config "$TMP/xdg/moodplay/config.yaml" status
check "--config wins over MOODPLAY_CONFIG" expect_err "from-xdg.sock"
run env -u MOODPLAY_CONFIG MPD_HOST="$TMP/from-mpd-host.sock" XDG_CONFIG_HOME="$TMP/xdg" "$MOODPLAY" status
check "MPD_HOST wins over mpd.host" expect_err "from-mpd-host.sock"

# The shipped sample is valid and complete: no warning at all.
run env -u MPD_HOST "$MOODPLAY" --config "$top_srcdir/conf/moodplay.yaml" --host "$TMP/x.sock" status
check "conf/moodplay.yaml loads without warnings" sh -c '! grep -q "warning" "$1"' - "$TMP/err"

done_testing
