#!/bin/sh
# The detector against OpenCV itself (python3-opencv): tests/face-opencv.py.
. "$top_srcdir/tests/lib.sh"

for py in python3 /usr/bin/python3; do
	if "$py" -c 'import cv2, numpy' 2>/dev/null; then
		[ -r /usr/share/doc/opencv-doc/examples/data/messi5.jpg ] \
			|| skip_all "needs opencv-doc"
		[ -r /usr/lib/python3/dist-packages/skimage/data/astronaut.png ] \
			|| skip_all "needs python3-skimage"
		"$py" "$top_srcdir/tests/face-opencv.py" "$MOODPLAY" "$TMP"
		exit $?
	fi
done
skip_all "no python3 with cv2 (apt-get install python3-opencv)"
