#!/bin/sh
# The terminal client driven through tmux (send-keys, capture-pane) against
# a real MPD: screens, playback keys, Library add and search, the Help
# screen from the key map, resize, MPD going away and coming back, the mood
# picker and mood.confirm, the m hotkey on a face photo / no face / a
# missing photo, mood.auto_interval, the mouse, keys and commands from the
# configuration, and the terminal restored however moodplay ends (q,
# Ctrl-C, SIGTERM).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

mpd_main
mpd_ask main 'add "Кино"' >/dev/null

start a
check "starts on the Queue screen" wait_for a "1:Queue"
check "header shows the connection" wait_for a "MPD 0."
check "the queue is listed (UTF-8)" wait_for a "Кукушка"
check "status line counts the queue" wait_for a "2 songs in the queue"

tm send-keys -t a p
check "p starts playback in MPD" mpd_has main status "state: play"
check "header shows the playing song" wait_for a "Группа крови — Кино"
check "progress bar shows elapsed/total" wait_for a "/ 2:30"
tm send-keys -t a '>'
check "> plays the next song" mpd_has main currentsong "Title: Кукушка"
check "header follows MPD" wait_for a "Кукушка — Кино"
tm send-keys -t a p
check "p pauses" mpd_has main status "state: pause"
tm send-keys -t a r
check "r turns repeat on" mpd_has main status "repeat: 1"
check "flags in the header" wait_for a "[r---]"

# Library: tags view, search, add.
tm send-keys -t a 2
check "2 opens the Library" wait_for a "Aurora Lane"
check "Library lists artists" wait_for a "Storm Engine"
tm send-keys -t a / S t o r m
check "search prompt" wait_for a "/Storm"
check "search filters the artists" wait_gone a "Aurora Lane"
check "the match stays" wait_for a "Storm Engine"
tm send-keys -t a Enter
check "Enter ends the search, filter kept" wait_for a "search: Storm (1 match)"
tm send-keys -t a Enter
check "Enter opens the artist's albums" wait_for a "Voltage"
tm send-keys -t a j a
# The notice first: it fades after seconds, MPD's queue stays.
check "the add is announced" wait_for a "added 3 songs: Voltage"
check "a adds the album's 3 songs" mpd_has main status "playlistlength: 5"
tm send-keys -t a Enter
check "Enter opens the album" wait_for a "Breaking Point"
tm send-keys -t a BSpace BSpace
check "Backspace goes back up" wait_for a "Aurora Lane"
tm send-keys -t a 2
check "2 again shows the file system" wait_for a "untagged/"
tm send-keys -t a G Enter
check "a directory opens" wait_for a "Fantôme/"
tm send-keys -t a j Enter
check "and the one below it" wait_for a "01 花束を君に.flac"
check "files view: the path in the status line" wait_for a "files: 宇多田ヒカル/Fantôme/"
tm send-keys -t a BSpace
check "files view: back up to the parent directory" wait_gone a "01 花束を君に.flac"
tm send-keys -t a Enter
check "files view: the cursor stayed on the directory" wait_for a "01 花束を君に.flac"

# Library levels fetched on demand: songs without tags, an album, search
# within a level, going back to the same row, a whole artist added.
tm send-keys -t a 2
check "2 again: back to the artists" wait_for a "Aurora Lane"
check "songs without an artist are listed" wait_row a 3 "[no artist]"
tm send-keys -t a Enter
check "[no artist] lists [no album]" wait_for a "[no album]"
tm send-keys -t a j Enter
check "and the untagged song" wait_for a "no tags here.flac"
tm send-keys -t a BSpace BSpace
wait_for a "Aurora Lane" >/dev/null
tm send-keys -t a / B l u e Enter Enter
check "an artist's albums" wait_for a "artists: Blue Hour"
tm send-keys -t a j Enter
check "entering an album lists its songs" wait_for a "Slow Tide (Live)"
check "the album's path in the status line" wait_for a "artists: Blue Hour / Tides"
tm send-keys -t a / U n d e r
check "search within the album: others hidden" wait_gone a "Slow Tide (Live)"
check "search within the album: the match stays" wait_for a "Undertow"
tm send-keys -t a Enter Escape
check "Esc clears the search" wait_for a "Slow Tide (Live)"
tm send-keys -t a BSpace
check "back to the artist's albums" wait_gone a "Slow Tide (Live)"
tm send-keys -t a Enter
check "going back kept the cursor on the album" wait_for a "Slow Tide (Live)"
tm send-keys -t a BSpace BSpace
check "back to the artists, unfiltered" wait_for a "Aurora Lane"
tm send-keys -t a a
check "the cursor came back to the artist entered" wait_for a "added 3 songs: Blue Hour"
check "a on an artist adds all its songs" mpd_has main status "playlistlength: 8"
mpd_ask main "delete 5:8" >/dev/null
mpd_has main status "playlistlength: 5" >/dev/null
# MPD's database changes: the Library starts again at the top of its view.
tm send-keys -t a 2
check "the file system view again" wait_for a "untagged/"
cp "$music/untagged/no tags here.flac" "$music/zz-new.flac"
mpd_ask main update >/dev/null
check "a database change reloads the Library" wait_for a "zz-new.flac"
rm "$music/zz-new.flac"
mpd_ask main update >/dev/null
check "and again when the song goes" wait_gone a "zz-new.flac"

# Queue again: jump, move, delete.
tm send-keys -t a 1
check "1 back to the Queue" wait_for a "Overdrive"
tm send-keys -t a G d
check "d deletes the selected song" mpd_has main status "playlistlength: 4"
check "the deleted song is gone" wait_gone a "Ärger"
tm send-keys -t a g J
check "J moves the song down" mpd_has main "playlistinfo 1:2" "Title: Группа крови"

# Help is generated from the key map.
tm send-keys -t a F1
check "F1 opens Help" wait_for a "play or pause  [play-pause]"
check "Help shows the keys of an action" wait_for a "p, <Space>"
tm send-keys -t a G
check "Help scrolls" wait_for a "take a snapshot and detect the mood"

tm send-keys -t a 3
check "3 opens the Mood screen" wait_for a "No mood yet. Press m"

# Resize: the layout follows the new size.
tm send-keys -t a 1
wait_for a "4 songs in the queue" >/dev/null
tm resize-window -t a -x 44 -y 12
check "resize: header redrawn" wait_for a "1:Queue"
check "resize: status line moves to the new last row" wait_row a 12 "4 songs in the queue"
check "resize: long tags cut with an ellipsis" wait_for a "Storm Eng… Voltage"
tm resize-window -t a -x 100 -y 30
check "resize back" wait_for a "Storm Engine "

# MPD goes away and comes back.
mpd_stop main
check "MPD gone: the header says so" wait_for a "not connected, retry in"
mpd_start main || not_ok "restart mpd"
check "MPD back: reconnects by itself" wait_for a "MPD 0."
tm send-keys -t a 1
check "the queue comes back" wait_for a "Кукушка"
tm send-keys -t a 2
check "the Library comes back (a new worker connection)" wait_for a "Aurora Lane/"
tm send-keys -t a Enter
check "and its levels load" wait_for a "Morning/"

tm send-keys -t a q
check "q quits with 0 and restores the terminal" restored a 0

# The mouse (xterm SGR reports): a tab, then a double click on a row.
# click SESSION ROW COL: a press and a release, as a terminal reports them.
click() {
	tm send-keys -t "$1" -l "$(printf '\033[<0;%d;%dM\033[<0;%d;%dm' "$3" "$2" "$3" "$2")"
}
start mouse
wait_for mouse "MPD 0." >/dev/null
click mouse 1 14
# The Library's status line first: the queue shows Storm Engine songs too.
check "mouse: a click on a tab switches screens" wait_for mouse "artists: /"
wait_for mouse "Storm Engine" >/dev/null
line=$(screen mouse | grep -n "Storm Engine" | cut -d: -f1)
# Both clicks from one tmux client, 50 ms apart: two clients can start
# 400 ms apart on a loaded machine, which is no double click any more.
seq=$(printf '\033[<0;5;%dM\033[<0;5;%dm' "$line" "$line")
tm send-keys -t mouse -l "$seq" \; run-shell 'sleep 0.05' \; send-keys -t mouse -l "$seq"
check "mouse: a double click opens the row" wait_for mouse "artists: Storm Engine"
quit mouse

# A terminal that cannot address the cursor is refused.
run env TERM=dumb MPD_HOST="$sock" script -qec "$MOODPLAY" /dev/null
check "TERM=dumb: refused with exit 2" expect_rc 2
check "TERM=dumb: says why" expect_out "cannot move the cursor"

# Ctrl-C and SIGTERM also restore the terminal.
start b
wait_for b "1:Queue" >/dev/null
tm send-keys -t b C-c
check "Ctrl-C quits and restores the terminal" restored b 0
start c
wait_for c "1:Queue" >/dev/null
kill -TERM "$(cat "$TMP/c.pid")"
check "SIGTERM quits and restores the terminal" restored c 0

# The manual picker plans from a dataset that knows the fixture's songs.
sh "$fixture" gen-dataset "$TMP/library.txt" "$TMP/dataset.csv"
printf 'dataset:\n  files: ["%s"]\n  cache: false\nqueue:\n  count: 4\n  history: 0\n' \
	"$TMP/dataset.csv" > "$TMP/mood.yaml"
cp "$TMP/mood.yaml" "$TMP/confirm.yaml"
printf 'mood:\n  confirm: true\n' >> "$TMP/confirm.yaml"

start e --config "$TMP/mood.yaml"
wait_for e "MPD 0." >/dev/null
before=$(mpd_ask main playlistinfo)
tm send-keys -t e M
check "M opens the picker" wait_for e "Choose a mood or a strategy"
tm send-keys -t e j j j Enter
check "picking happy queues songs" wait_for e "happy 100%: queued"
i=0
while [ "$(mpd_ask main playlistinfo)" = "$before" ] && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
check "MPD's queue holds the plan" test "$(mpd_ask main playlistinfo)" != "$before"
check "the header shows the mood on every screen" wait_for e "happy 100%  MPD"
check "Mood screen: probability bars" wait_for e "happy     100%"
check "Mood screen: the plan with reasons" wait_for e "target valence 1.00 energy 0.57; song valence"
check "Mood screen: the circumplex point" wait_for e "valence +0.99"
tm send-keys -t e M G Enter
check "a strategy alone plans from the last mood" wait_for e "calm: queued"
check "the timeline counts the earlier pick" wait_for e "Last 24 hours: 2 mood runs"
quit e

start f --config "$TMP/confirm.yaml"
wait_for f "MPD 0." >/dev/null
tm send-keys -t f M j j j j Enter
check "mood.confirm: the plan waits" wait_for f "press Y to queue"
before=$(mpd_ask main playlistinfo)
sleep 0.3
check "mood.confirm: MPD's queue untouched" test "$(mpd_ask main playlistinfo)" = "$before"
check "mood.confirm: the screen says it waits" wait_for f "Plan (waiting for confirmation):"
tm send-keys -t f Y
check "Y queues the plan" wait_for f "sad 100%: queued"
check "and MPD's queue changed" test "$(mpd_ask main playlistinfo)" != "$before"
quit f

# The m hotkey: a file: capture source with a face photo, then one without
# a face, then one that does not exist.
messi=/usr/share/doc/opencv-doc/examples/data/messi5.jpg
noface=/usr/share/doc/opencv-doc/examples/data/fruits.jpg
cascade=/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml
if [ -r "$messi" ] && [ -r "$noface" ] && [ -r "$cascade" ]; then
	for name in messi noface missing; do
		case $name in
		messi) photo=$messi ;;
		noface) photo=$noface ;;
		missing) photo=$TMP/missing.jpg ;;
		esac
		{
			cat "$TMP/mood.yaml"
			photo_conf
		} > "$TMP/$name.yaml"
	done
	# The first capture comes from a helper that waits for a file the
	# test creates, so the second press surely lands while it runs.
	{
		cat "$TMP/mood.yaml"
		printf 'capture:\n  source: command\n  timeout: 20\n'
		printf '  command: [sh, -c, "while [ ! -e %s ]; do sleep 0.05; done; cat %s"]\n' \
			"$TMP/go" "$messi"
		printf 'face:\n  min_size: 20\n'
	} > "$TMP/slow.yaml"
	rm -f "$TMP/go"
	start g --config "$TMP/slow.yaml"
	wait_for g "MPD 0." >/dev/null
	before=$(mpd_ask main playlistinfo)
	tm send-keys -t g m
	wait_for g "capturing" >/dev/null
	tm send-keys -t g m
	check "m: a second press while it runs is ignored" \
		wait_for g "a mood capture is already running"
	touch "$TMP/go"
	check "m: snapshot classified and songs queued" wait_for g "queued 4 songs"
	check "m: MPD's queue changed" test "$(mpd_ask main playlistinfo)" != "$before"
	check "m: the emotion and confidence in the header" sh -c \
		"tmux -L moodplay-test-$$ capture-pane -p -t g | head -1 \
		| grep -Eq '(angry|disgust|fear|happy|sad|surprise|neutral) [0-9]+%  MPD'"
	tm send-keys -t g 3
	check "Mood screen: the seven probabilities" wait_for g "surprise "
	check "Mood screen: the snapshot in half blocks" wait_for g "▀▀▀▀▀▀▀▀"
	check "Mood screen: the face box" sh -c \
		"tmux -L moodplay-test-$$ capture-pane -e -p -t g | grep -q '38;5;46m\\|48;5;46m'"
	check "Mood screen: why each song" wait_for g "; song valence"
	quit g

	# A direct-colour terminal (ncurses-term's xterm-direct) gets the
	# snapshot in true colour: RGB SGR sequences, the face box pure green.
	pane_term=xterm-direct start tc --config "$TMP/messi.yaml"
	wait_for tc "MPD 0." >/dev/null
	tm send-keys -t tc m
	wait_for tc "queued 4 songs" >/dev/null
	tm send-keys -t tc 3
	wait_for tc "; song valence" >/dev/null
	check "Mood screen: true colour on xterm-direct" sh -c \
		"tmux -L moodplay-test-$$ capture-pane -e -p -t tc | grep -q '38;2;0;255;0m\\|48;2;0;255;0m'"
	check "Mood screen: true-colour greys, not the 256-colour ramp" sh -c \
		"tmux -L moodplay-test-$$ capture-pane -e -p -t tc | grep -o '[34]8;2;[0-9]*;[0-9]*;[0-9]*' \
		| sort -u | wc -l | awk '{ exit !(\$1 > 100) }'"
	quit tc

	# mood-calibrate (c): ten snapshots of the relaxed face, stored for
	# the next captures; nothing is queued.
	start cal --config "$TMP/messi.yaml"
	wait_for cal "MPD 0." >/dev/null
	before=$(mpd_ask main playlistinfo)
	tm send-keys -t cal c
	check "c: calibrated on ten snapshots" \
		wait_for cal "calibrated on 10 faces (0 skipped): resting face"
	check "c: the calibration stored" grep -qx "faces 10" \
		"$TMP/state/moodplay/calibration"
	check "c: the queue untouched" test "$(mpd_ask main playlistinfo)" = "$before"
	quit cal
	rm -f "$TMP/state/moodplay/calibration"

	# mood.auto_interval: captures on its own (0.02 min = 1.2 s) and
	# replaces only what follows the playing song, even with mode replace.
	printf 'dataset:\n  files: ["%s"]\n  cache: false\n' "$TMP/dataset.csv" \
		> "$TMP/auto.yaml"
	printf 'queue:\n  count: 4\n  history: 0\n  mode: replace\n' >> "$TMP/auto.yaml"
	photo_conf "$messi" >> "$TMP/auto.yaml"
	printf 'mood:\n  auto_interval: 0.02\n' >> "$TMP/auto.yaml"
	mpd_ask main "play 0" >/dev/null
	mpd_ask main "pause 1" >/dev/null
	playing=$(mpd_ask main currentsong | grep '^Id:')
	start auto --config "$TMP/auto.yaml"
	check "mood.auto_interval: a capture without a key" wait_for auto "queued 4 songs"
	check "mood.auto_interval: the playing song stays" \
		test "$(mpd_ask main currentsong | grep '^Id:')" = "$playing"
	check "mood.auto_interval: 4 new songs after it" \
		mpd_has main status "playlistlength: 5"
	quit auto

	for name in noface missing; do
		start "$name" --config "$TMP/$name.yaml"
		wait_for "$name" "MPD 0." >/dev/null
		before=$(mpd_ask main playlistinfo)
		tm send-keys -t "$name" m
		case $name in
		noface)
			check "no face: a notice" wait_for noface "no face found"
			tm send-keys -t noface 3
			check "no face: the Mood screen shows the snapshot" \
				wait_for noface "▀▀▀▀▀▀▀▀"
			check "no face: and says so" \
				wait_for noface "No face found in the last snapshot"
			;;
		missing) check "missing photo: a notice" wait_for missing "missing.jpg" ;;
		esac
		sleep 0.3
		check "$name: MPD's queue unchanged" \
			test "$(mpd_ask main playlistinfo)" = "$before"
		quit "$name"
	done
else
	echo "# skipping the capture checks: needs opencv-doc and opencv-data"
fi

# Keys from the configuration: defaults dropped, own bindings, a command.
cat > "$TMP/keys.yaml" <<EOF
keys:
  defaults: false
  quit: x
  screen-queue: "1"
  screen-help: <F2>
  down: <C-n>
  bottom: G
  commands:
    - {key: e, run: [sh, -c, 'printf "%s" "\$1" > "$TMP/ran"', sh, "%file"]}
    - {key: n, run: [/nonexistent/moodplay-test-command, "%file"]}
EOF
start d --config "$TMP/keys.yaml"
wait_for d "Кукушка" >/dev/null
check "tabs show the configured keys" wait_for d " Library  Mood  <F2>:Help"
tm send-keys -t d q 2
sleep 0.3
check "keys.defaults false: q and 2 do nothing" \
	sh -c "tmux -L moodplay-test-$$ capture-pane -p -t d | grep -q 'songs in the queue'"
tm send-keys -t d F2
check "own binding opens Help" wait_for d "(unbound)"
tm send-keys -t d G
check "Help lists the command" wait_for d "sh -c printf"
second=$(mpd_ask main "playlistinfo 1:2" | sed -n 's/^file: //p')
tm send-keys -t d 1 C-n e
i=0
while [ ! -s "$TMP/ran" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
check "command ran on the selected song's file, no shell" \
	test "$(cat "$TMP/ran")" = "$second"
tm send-keys -t d n
check "a command that cannot run is reported" wait_for d "command not found"
tm send-keys -t d x
check "own quit key" restored d 0

done_testing
