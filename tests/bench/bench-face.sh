#!/bin/sh
# make bench-face: the detector against OpenCV (python3-opencv, one thread)
# on the same grey 640-pixel-wide frames, and the whole snapshot path.
# Usage: bench-face.sh BENCH-PROGRAM
set -eu
bench=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/moodplay-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
py=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import cv2' 2>/dev/null; then py=$p; break; fi
done
[ -n "$py" ] || { echo "bench-face: needs python3-opencv" >&2; exit 1; }
echo
echo "### Face detection, 640-pixel-wide frames (haarcascade_frontalface_default, 1.1 / 5 / 40)"
echo
"$py" - "$tmp" <<'PY'
import sys, time, cv2
tmp = sys.argv[1]
cv2.setNumThreads(1)
doc = "/usr/share/doc/opencv-doc/examples/data/"
ski = "/usr/lib/python3/dist-packages/skimage/data/"
frames = {
    "messi5-640.png": cv2.imread(doc + "messi5.jpg", cv2.IMREAD_GRAYSCALE),
    "astronaut-640x480.png": cv2.cvtColor(cv2.imread(ski + "astronaut.png"), cv2.COLOR_BGR2GRAY),
    "fruits-640x480.png": cv2.imread(doc + "fruits.jpg", cv2.IMREAD_GRAYSCALE),
}
c = cv2.CascadeClassifier("/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml")
with open(tmp + "/opencv.txt", "w") as out:
    for name, g in frames.items():
        h, w = g.shape
        size = (640, round(h * 640 / w)) if name.startswith("messi") else (640, 480)
        g = cv2.resize(g, size, interpolation=cv2.INTER_AREA)
        cv2.imwrite(tmp + "/" + name, g)
        best = 1e9
        for _ in range(5):
            t = time.perf_counter()
            r = c.detectMultiScale(g, 1.1, 5, minSize=(40, 40))
            best = min(best, time.perf_counter() - t)
        boxes = " ".join(",".join(map(str, b)) for b in r) or "-"
        out.write("%s|%.1f|%s\n" % (name, best * 1e3, boxes))
PY
echo "| frame | size | moodplay boxes | moodplay ms, 1 thread | all CPUs | plain C, 1 thread | capture+decode+detect+classify ms | OpenCV boxes | OpenCV ms, 1 thread | speed-up, 1 thread |"
echo "|---|---|---|---|---|---|---|---|---|---|"
while IFS='|' read -r name cvms cvboxes; do
	row=$("$bench" "$tmp/$name")
	ms=$(echo "$row" | awk -F'|' '{print $5}')
	echo "$row $cvboxes | $cvms | $(awk -v a="$cvms" -v b="$ms" 'BEGIN{printf "%.1fx", a / b}') |"
done <"$tmp/opencv.txt"

# A frame as a webcam gives it: 1920x1080 colour JPEG (messi5 scaled up,
# quality 90).  moodplay decodes it at a reduced scale (libjpeg's DCT
# scaling) to the size detection needs; OpenCV reads it whole, then shrinks.
echo
echo "### The whole path on a 1920x1080 colour JPEG"
echo
"$py" - "$tmp" <<'PY'
import sys, time, cv2
tmp = sys.argv[1]
cv2.setNumThreads(1)
img = cv2.imread("/usr/share/doc/opencv-doc/examples/data/messi5.jpg")
img = cv2.resize(img, (1920, 1080), interpolation=cv2.INTER_CUBIC)
cv2.imwrite(tmp + "/messi-1920x1080.jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 90])
c = cv2.CascadeClassifier("/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml")
best = 1e9
for _ in range(5):
    t = time.perf_counter()
    g = cv2.imread(tmp + "/messi-1920x1080.jpg", cv2.IMREAD_GRAYSCALE)
    g = cv2.resize(g, (640, 360), interpolation=cv2.INTER_AREA)
    c.detectMultiScale(g, 1.1, 5, minSize=(40, 40))
    best = min(best, time.perf_counter() - t)
open(tmp + "/opencv-big.txt", "w").write("%.1f\n" % (best * 1e3))
PY
echo "| frame | size | moodplay capture+decode+detect+classify ms | OpenCV read+resize to 640+detect ms, 1 thread |"
echo "|---|---|---|---|"
echo "$("$bench" --pipeline "$tmp/messi-1920x1080.jpg") $(cat "$tmp/opencv-big.txt") |"
