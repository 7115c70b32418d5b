"""Generate the `moodplay model eval` fixture: synthetic 48x48 grey JPEGs in
an ImageFolder tree, a small fer2013.csv, and what models/intref.py predicts
for them with tests/data/nn/tiny.mpm (flip-averaged, as the engine does).

Usage: python3 tests/nn-eval-fixture.py   (from the top of the tree; needs PIL)
Writes tests/data/nn/faces/<class>/*.jpg, tests/data/nn/fer-mini.csv and
tests/data/nn/eval-expected.txt (lines "<what> <confusion matrix as JSON>").
"""
import os
import sys

import numpy as np
from PIL import Image

sys.path.insert(0, "models")
import intref  # noqa: E402
import mpm  # noqa: E402

OUT = "tests/data/nn"
rng = np.random.default_rng(5)


def picture(i):
    y, x = np.mgrid[0:48, 0:48].astype(np.float64)
    fx, fy, ph = rng.uniform(0.05, 0.4), rng.uniform(0.05, 0.4), rng.uniform(0, 6)
    img = 128 + 90 * np.sin(fx * x + ph) * np.cos(fy * y) + rng.normal(0, 20, (48, 48))
    return np.clip(img, 0, 255).astype(np.uint8)


def confusion(model, pixels, labels):
    pred = intref.predict(model, pixels, flip=True).argmax(1)
    k = len(model["labels"])
    cm = np.zeros((k, k), dtype=np.int64)
    np.add.at(cm, (labels, pred), 1)
    return "[" + ",".join("[" + ",".join(str(v) for v in row) + "]" for row in cm) + "]"


def main():
    model = mpm.read_model(os.path.join(OUT, "tiny.mpm"))
    pixels, labels = [], []
    for c, name in enumerate(model["labels"]):
        d = os.path.join(OUT, "faces", name)
        os.makedirs(d, exist_ok=True)
        for j in range(2):
            path = os.path.join(d, f"{j}.jpg")
            Image.fromarray(picture(c * 2 + j), "L").save(path, quality=90)
            pixels.append(np.asarray(Image.open(path).convert("L")))
            labels.append(c)
    # an unreadable image, counted and named, not fatal
    with open(os.path.join(OUT, "faces", "fear", "broken.jpg"), "wb") as f:
        f.write(b"\xff\xd8\xff\xe0 not a JPEG")
    lines = ["folder " + confusion(model, np.stack(pixels), np.array(labels))]
    rows, csv_px, csv_y = [], [], []
    for i in range(9):
        p, y = picture(100 + i), i % 7
        usage = ("Training", "PublicTest", "PrivateTest")[i % 3]
        rows.append(f"{y},\"{' '.join(str(v) for v in p.flatten())}\",{usage}")
        if usage == "PrivateTest":
            csv_px.append(p)
            csv_y.append(y)
    rows.insert(4, "3,1 2 3,PrivateTest")  # a malformed row
    with open(os.path.join(OUT, "fer-mini.csv"), "w") as f:
        f.write("emotion,pixels,Usage\n" + "\n".join(rows) + "\n")
    lines.append("csv-private " + confusion(model, np.stack(csv_px), np.array(csv_y)))
    with open(os.path.join(OUT, "eval-expected.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
