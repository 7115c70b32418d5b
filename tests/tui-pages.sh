#!/bin/sh
# The Outputs, Playlists, Search and Song info screens through tmux against
# a real MPD; what they change is checked with MPD's own answers (outputs,
# listplaylists, listplaylist).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

mpd_main
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
# The notice first: it fades after seconds, MPD's state stays.
check "a notice says so" wait_for a "output spare null enabled"
check "the screen follows" wait_for a "[x] spare null (null)"
check "Enter enables an output in MPD" output_is 1 1
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
tm send-keys -t a 3 Tab Tab Tab
check "Tab passes Search without asking" wait_for a "Press / to search the whole database"
check "no prompt is open" wait_gone a "Search the database:"

# Playlists: save the queue as one, open it, load it, rename, delete.
lspl() { mpd_ask main listplaylists | sed -n 's/^playlist: //p' | sort | tr '\n' '|'; }
pl_titles() { mpd_ask main "listplaylistinfo \"$1\"" | sed -n 's/^Title: //p' | tr '\n' '|'; }
tm send-keys -t a 4
check "4 opens Playlists" wait_for a "4:Playlists"
check "no playlist yet: says how to make one" wait_for a "No stored playlists"
tm send-keys -t a S
check "playlist-save asks for a name" wait_for a "Save the queue as:"
tm send-keys -t a M e t a l Escape
check "Esc cancels the prompt" wait_for a "cancelled"
check "nothing was saved" test "$(lspl)" = ""
tm send-keys -t a S M e t a l Enter
check "a notice says so" wait_for a "saved the queue as Metal (3 songs)"
check "Enter saves the queue" mpd_has main listplaylists "playlist: Metal"
check "with its songs in order" test "$(pl_titles Metal)" = "Overdrive|Breaking Point|Ärger|"
check "the list shows it" wait_row a 3 "Metal"
tm send-keys -t a S M e t a l Enter
check "saving under a taken name asks first" wait_for a "Replace the playlist Metal?"
tm send-keys -t a n
check "n keeps it" wait_for a "cancelled"
mpd_ask main 'delete 0' >/dev/null
tm send-keys -t a S M e t a l Enter y
check "y replaces it" wait_for a "saved the queue as Metal (2 songs)"
check "MPD has the new one" test "$(pl_titles Metal)" = "Breaking Point|Ärger|"
tm send-keys -t a Enter
check "Enter opens a playlist" wait_for a "playlist Metal: 2 songs"
check "its songs are listed" wait_row a 3 "Breaking Point"
tm send-keys -t a BSpace
check "Backspace goes back to the list" wait_for a "1 stored playlist"
mpd_ask main clear >/dev/null
tm send-keys -t a a
check "a notice counts the songs" wait_for a "loaded Metal: 2 songs"
check "add loads the playlist into the queue" mpd_has main status "playlistlength: 2"
tm send-keys -t a e C-u H e a v y Enter
check "playlist-rename renames in MPD" mpd_has main listplaylists "playlist: Heavy"
check "the old name is gone" test "$(lspl)" = "Heavy|"
check "the list follows" wait_row a 3 "Heavy"

# playlist-add: marked songs of the Queue to a new playlist, then to it.
tm send-keys -t a 1 g t t A
check "playlist-add asks where" wait_for a "Add 2 items to the playlist:"
tm send-keys -t a M i x Enter
check "the marked songs go to a new playlist" mpd_has main listplaylists "playlist: Mix"
check "in order" test "$(pl_titles Mix)" = "Breaking Point|Ärger|"
tm send-keys -t a 2
wait_for a "Aurora Lane" >/dev/null
tm send-keys -t a g j A M i x Enter
check "a Library artist goes to it too" wait_for a "added 1 item to the playlist Mix"
check "with all its songs" test "$(pl_titles Mix)" = "Breaking Point|Ärger|Sunrise Drive|Café del Mar|Golden Hour|"
tm send-keys -t a 4
check "both playlists are listed" wait_for a "2 stored playlists"
mpd_ask main 'rm "Heavy"' >/dev/null
check "another client's change shows" wait_for a "1 stored playlist,"
tm send-keys -t a Enter j d
check "delete in an open playlist removes the song" wait_for a "removed 1 song from Mix"
check "from MPD's copy" test "$(pl_titles Mix)" = "Breaking Point|Sunrise Drive|Café del Mar|Golden Hour|"
tm send-keys -t a BSpace d
check "delete asks before deleting a playlist" wait_for a "Delete the playlist Mix?"
tm send-keys -t a Escape
check "Esc keeps it" test "$(lspl)" = "Mix|"
tm send-keys -t a d y
check "y deletes it" wait_for a "deleted playlist Mix"
check "MPD has none left" test "$(lspl)" = ""

# Search: the whole database, case and accents folded.
mpd_ask main clear >/dev/null
tm send-keys -t a 5
check "5 opens Search and asks" wait_for a "Search the database:"
tm send-keys -t a b j o r k Enter
check "bjork finds Björk" wait_row a 3 "Jóga"
check "the status line counts the matches" wait_for a "1 song matches 'bjork' (all tags)"
tm send-keys -t a / C-u J O G A Enter
check "upper case and no accent find Jóga" wait_for a "1 song matches 'JOGA'"
tm send-keys -t a / C-u a l b u m : f a n t o m e Enter
check "a tag prefix searches that tag" wait_row a 3 "花束を君に"
check "and says which" wait_for a "1 song matches 'album:fantome' (album)"
tm send-keys -t a / C-u t i d e Enter
check "plain ASCII matches in titles, album and file names" wait_for a "3 songs match 'tide' (all tags)"
tm send-keys -t a / C-u К И Н О Enter
check "Cyrillic folds too" wait_for a "2 songs match 'КИНО' (all tags)"
tm send-keys -t a / C-u z z q q Enter
check "nothing found says so" wait_for a "Nothing in the database matches 'zzqq'."
tm send-keys -t a / C-u t i t l e : t i d e Enter
check "two titles match" wait_for a "2 songs match 'title:tide' (title)"
check "sorted by file" wait_row a 3 "Slow Tide - Remastered 2011"
tm send-keys -t a g t t a
check "a notice counts them" wait_for a "added 2 songs"
check "add appends the marked results" mpd_has main status "playlistlength: 2"
tm send-keys -t a g Enter
check "Enter adds and plays the song" mpd_has main currentsong "Title: Slow Tide - Remastered 2011"
check "at the end of the queue" mpd_has main status "playlistlength: 3"

# Song info: every tag of the song under the cursor, and MPD's statistics.
tm send-keys -t a j I
check "song-info opens the Song screen" wait_for a "I:Song"
check "with the song's file" wait_for a "Blue Hour/Tides/02 Slow Tide Live.flac"
check "its tags" wait_for a "Slow Tide (Live)"
check "its duration" wait_for a "3:30"
check "its audio format" wait_for a "8000 Hz, 16 bit, 1 channel"
check "MPD's statistics" wait_for a "MPD statistics"
check "the song count" eval 'screen a | grep -q "Songs  *20"'
tm send-keys -t a 1 g I
check "song-info on a Queue song" wait_for a "Blue Hour/Tides/01 Slow Tide.flac"
tm send-keys -t a F1
check "Help lists the new actions" wait_for a "[screen-playlists]"

quit a

# Colours: rows in the colours of what they show, the cursor row reversed.
mpd_ask main 'save "Alpha"' >/dev/null
mpd_ask main 'save "Beta"' >/dev/null
start c
wait_for c "songs in the queue" >/dev/null
tm send-keys -t c 4
check "colours: a playlist under the cursor green reversed" look c "Alpha" 3 "fg=2 bg=default reverse"
check "colours: other playlists green (colors.album)" look c "Beta" 4 "fg=2 bg=default"
tm send-keys -t c 6
check "colours: an output under the cursor reversed" look c "[x] null" 3 "fg=default bg=default reverse"
check "colours: other outputs plain" look c "[ ] spare null" 4 "fg=default bg=default"
tm send-keys -t c 1 g I
check "colours: Song's heading bold underlined under the cursor" look c "Song" 3 "fg=default bg=default bold underline reverse"
check "colours: its labels cyan (colors.artist)" look c "File" 4 "fg=6 bg=default"
quit c
mpd_ask main 'rm "Alpha"' >/dev/null
mpd_ask main 'rm "Beta"' >/dev/null

# While MPD is away the pages say so instead of claiming to be empty.
start b
wait_for b "songs in the queue" >/dev/null
tm send-keys -t b I
wait_for b "MPD statistics" >/dev/null
tm send-keys -t b 4
wait_for b "No stored playlists" >/dev/null
mpd_stop main
check "Playlists: not connected" wait_for b "not connected to MPD"
check "no emptiness claimed" wait_gone b "No stored playlists"
tm send-keys -t b 6
check "Outputs: not connected" wait_for b "not connected to MPD"
check "no output listed" wait_gone b "[x] null"
tm send-keys -t b 5
check "Search: not connected" wait_for b "not connected to MPD"
tm send-keys -t b I
check "Song: not connected" wait_for b "not connected to MPD"
check "no statistics shown" wait_gone b "MPD statistics"
quit b
done_testing
