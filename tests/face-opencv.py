#!/usr/bin/env python3
"""Equivalence with OpenCV: moodplay's detector against
cv2.CascadeClassifier.detectMultiScale (python3-opencv) on the same grey
images and parameters.  Same number of boxes, each with IoU >= 0.8.

Usage: face-opencv.py MOODPLAY TMPDIR; prints TAP."""
import json
import subprocess
import sys

import cv2
import numpy as np

MOODPLAY, TMP = sys.argv[1], sys.argv[2]
HAAR = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml"
LBP = "/usr/share/opencv4/lbpcascades/lbpcascade_frontalface_improved.xml"
DOC = "/usr/share/doc/opencv-doc/examples/data/"
SKI = "/usr/lib/python3/dist-packages/skimage/data/"
cv2.setNumThreads(1)
n = 0
failed = 0


def tap(ok, desc):
    global n, failed
    n += 1
    failed += not ok
    print(("ok" if ok else "not ok") + " %d - %s" % (n, desc), flush=True)


def iou(a, b):
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    inter = max(0, x1 - x0) * max(0, y1 - y0)
    return inter / float(a[2] * a[3] + b[2] * b[3] - inter)


def moodplay(path, cascade, min_size, min_neighbors):
    conf = "%s/c.yaml" % TMP
    with open(conf, "w") as f:
        f.write("capture:\n  source: file\n  file: %s\n" % path)
        f.write("face:\n  cascade: %s\n  min_size: %d\n  min_neighbors: %d\n"
                % (cascade, min_size, min_neighbors))
    r = subprocess.run([MOODPLAY, "-c", conf, "capture", "--face-only", "--json"],
                       capture_output=True, text=True)
    return json.loads(r.stdout).get("boxes", [])


def compare(name, grey, cascade=HAAR, min_size=40, min_neighbors=5):
    path = "%s/%s.png" % (TMP, name)
    cv2.imwrite(path, grey)
    ref = cv2.CascadeClassifier(cascade).detectMultiScale(
        grey, 1.1, min_neighbors, minSize=(min_size, min_size))
    ref = sorted([list(map(int, r)) for r in ref])
    got = sorted(moodplay(path, cascade, min_size, min_neighbors))
    same = len(ref) == len(got) and all(iou(a, b) >= 0.8 for a, b in zip(ref, got))
    tap(same, "%s: %d box(es) like OpenCV's %s" % (name, len(got), ref))
    if not same:
        print("# moodplay: %s" % got)


messi = cv2.imread(DOC + "messi5.jpg", cv2.IMREAD_GRAYSCALE)
h, w = messi.shape
messi640 = cv2.resize(messi, (640, round(h * 640 / w)), interpolation=cv2.INTER_AREA)
compare("messi5-640", messi640)
compare("messi5-min20", messi, min_size=20)
astro = cv2.cvtColor(cv2.imread(SKI + "astronaut.png"), cv2.COLOR_BGR2GRAY)
compare("astronaut", astro)
compare("astronaut-lbp", astro, cascade=LBP, min_neighbors=3)
# Tilted Haar features (smile, full body), and trees with them (eyeglasses).
HC = "/usr/share/opencv4/haarcascades/"
compare("astronaut-smile", astro, cascade=HC + "haarcascade_smile.xml",
        min_size=20, min_neighbors=3)
compare("messi5-640-smile", messi640, cascade=HC + "haarcascade_smile.xml",
        min_size=20, min_neighbors=3)
compare("astronaut-fullbody", astro, cascade=HC + "haarcascade_fullbody.xml",
        min_size=20, min_neighbors=1)
compare("astronaut-eyeglasses", astro,
        cascade=HC + "haarcascade_eye_tree_eyeglasses.xml", min_size=10,
        min_neighbors=3)
for photo in ("fruits.jpg", "building.jpg", "baboon.jpg", "sudoku.png"):
    compare(photo, cv2.imread(DOC + photo, cv2.IMREAD_GRAYSCALE), min_size=20)
rng = np.random.default_rng(5)
yy, xx = np.mgrid[0:480, 0:640]
negatives = {
    "flat": np.full((480, 640), 128, np.uint8),
    "noise": rng.integers(0, 256, (480, 640), dtype=np.uint8),
    "gradient": ((xx + yy) * 255 // 1118).astype(np.uint8),
    "stripes": ((xx // 9) % 2 * 255).astype(np.uint8),
}
for name, grey in negatives.items():
    compare("negative-" + name, grey)
print("1..%d" % n)
sys.exit(1 if failed else 0)
