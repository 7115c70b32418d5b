#!/bin/sh
# Colours on every screen, read back from tmux's escape codes
# (capture-pane -e): the cursor row, the playing song and plain rows of the
# Queue, the Library, Help and the mood picker, the header and status
# lines, with the default colours and with every "colors:" element set.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

mpd_main
mpd_ask main 'add "Кино"' >/dev/null
mpd_ask main 'add "Aurora Lane/Morning/01 Sunrise Drive.flac"' >/dev/null
mpd_ask main 'play 1' >/dev/null
mpd_ask main 'pause 1' >/dev/null

# Default colours: the cursor row reversed in the colours of what it
# shows, the playing song green and bold, artists cyan, albums green.
start d
wait_for d "Sunrise Drive" >/dev/null
check "default: header white on blue bold" look d "2:Library" "fg=7 bg=4 bold"
check "default: the current tab reversed" look d "1:Queue" "fg=7 bg=4 bold reverse"
check "default: Queue cursor row reversed" look d "Группа крови" 3 "fg=default bg=default reverse"
check "default: Queue cursor row, artist column cyan reversed" look d "Кино" 3 "fg=6 bg=default reverse"
check "default: Queue playing row green bold" look d "Кукушка" 4 "fg=2 bg=default bold"
check "default: Queue playing row, every column" look d "Кино" 4 "fg=2 bg=default bold"
check "default: Queue plain row, title" look d "Sunrise Drive" 5 "fg=default bg=default"
check "default: Queue plain row, artist cyan" look d "Aurora Lane" 5 "fg=6 bg=default"
check "default: Queue plain row, album green" look d "Morning" 5 "fg=2 bg=default"
tm send-keys -t d j
check "default: cursor on the playing row: green bold reversed" look d "Кукушка" 4 "fg=2 bg=default bold reverse"
tm send-keys -t d 2
wait_for d "Aurora Lane" >/dev/null
check "default: Library cursor row (an artist) cyan reversed" look d "[no artist]" 3 "fg=6 bg=default reverse"
check "default: Library artist rows cyan" look d "Aurora Lane" 4 "fg=6 bg=default"
tm send-keys -t d j Enter
check "default: Library album rows green" look d "Morning" 4 "fg=2 bg=default"
check "default: Library cursor on '..'" look d ".." 3 "fg=default bg=default reverse"
tm send-keys -t d F1
wait_for d "play or pause" >/dev/null
check "default: Help heading bold underlined, on the cursor row" look d "Keys" 3 "fg=default bg=default bold underline reverse"
check "default: Help keys bold" look d "?" 5 "fg=default bg=default bold"
check "default: Help text plain" look d "show the key bindings" "fg=default bg=default"
tm send-keys -t d M
check "default: mood picker cursor row" look d "angry" "fg=default bg=default reverse"
check "default: mood picker other rows" look d "disgust" "fg=default bg=default"
check "default: status line" look d "[----]" "fg=default bg=default"
tm send-keys -t d Escape q
restored d 0 >/dev/null

# Every element set: each one shows where it applies, the cursor row takes
# colors.selected (it used to be drawn in a pair made by ORing two).
cat > "$TMP/colors.yaml" <<EOF2
colors:
  header: "black on white"
  status: "yellow"
  selected: "black on yellow"
  playing: "red bold"
  list: "blue"
  title: "magenta underline"
  artist: "#00ff00"
  album: "color208"
  notice: "color99"
  error: "white on red"
EOF2
start c --config "$TMP/colors.yaml"
wait_for c "Sunrise Drive" >/dev/null
check "custom: header" look c "2:Library" "fg=0 bg=7"
check "custom: current tab" look c "1:Queue" "fg=0 bg=7 reverse"
check "custom: status line" look c "[----]" "fg=3 bg=default"
check "custom: Queue cursor row in colors.selected" look c "Группа крови" 3 "fg=0 bg=3 underline"
check "custom: Queue cursor row, artist column too" look c "Кино" 3 "fg=0 bg=3"
check "custom: Queue playing row" look c "Кукушка" 4 "fg=1 bg=default bold underline"
check "custom: Queue plain row, title" look c "Sunrise Drive" 5 "fg=5 bg=default underline"
check "custom: Queue plain row, artist (#00ff00 on 256 colours)" look c "Aurora Lane" 5 "fg=46 bg=default"
check "custom: Queue plain row, album" look c "Morning" 5 "fg=208 bg=default"
tm send-keys -t c 2
wait_for c "Aurora Lane" >/dev/null
check "custom: Library cursor row" look c "[no artist]" 3 "fg=0 bg=3"
check "custom: Library artist rows" look c "Aurora Lane" 4 "fg=46 bg=default"
tm send-keys -t c j Enter
wait_for c "Morning" >/dev/null
tm send-keys -t c j Enter
check "custom: Library song rows" look c "Golden Hour" "fg=5 bg=default underline"
tm send-keys -t c /
check "custom: search prompt counts in colors.notice" look c "(" "fg=99 bg=default"
tm send-keys -t c Escape F1
wait_for c "play or pause" >/dev/null
check "custom: Help cursor row" look c "Keys" 3 "fg=0 bg=3 bold underline"
check "custom: Help text in colors.list" look c "show the key bindings" "fg=4 bg=default"
tm send-keys -t c M
check "custom: mood picker cursor row" look c "angry" "fg=0 bg=3"
check "custom: mood picker rows in colors.list" look c "disgust" "fg=4 bg=default"
tm send-keys -t c Escape q
restored c 0 >/dev/null
mpd_stop main
start e --config "$TMP/colors.yaml"
check "custom: not connected in colors.error" look e "" 2 "fg=7 bg=1"
quit e

done_testing
