"""FER2013 loading: decode once into uint8 arrays cached as .npy files.

Two source layouts are understood:
  * ImageFolder: <root>/{train,val}/<class>/*.jpg  (48x48 grey JPEGs)
  * Kaggle CSV:  fer2013.csv with columns emotion,pixels,Usage
    (Usage "Training" -> train, "PublicTest" -> val; "PrivateTest" is ignored).
Labels always follow the canonical FER2013 order in CLASSES.
"""
import csv
import os

import numpy as np
from PIL import Image

CLASSES = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"]
SPLITS = {"train": "Training", "val": "PublicTest"}


def _decode_folder(split_dir):
    xs, ys = [], []
    for label, name in enumerate(CLASSES):
        cdir = os.path.join(split_dir, name)
        for fn in sorted(os.listdir(cdir)):
            img = Image.open(os.path.join(cdir, fn)).convert("L")
            if img.size != (48, 48):
                raise ValueError(f"{fn}: expected 48x48, got {img.size}")
            xs.append(np.asarray(img, dtype=np.uint8))
            ys.append(label)
    return np.stack(xs), np.asarray(ys, dtype=np.int64)


def _decode_csv(csv_path, usage):
    xs, ys = [], []
    with open(csv_path, newline="") as f:
        for row in csv.DictReader(f):
            if row["Usage"] != usage:
                continue
            px = np.array(row["pixels"].split(), dtype=np.uint8)
            xs.append(px.reshape(48, 48))
            ys.append(int(row["emotion"]))
    return np.stack(xs), np.asarray(ys, dtype=np.int64)


def load_split(source, split, cache_dir):
    """Return (images uint8 [N,48,48], labels int64 [N]) for split 'train'/'val'.

    `source` is either the ImageFolder root or the path of fer2013.csv.
    The decoded arrays are cached in cache_dir and reused on later calls.
    """
    os.makedirs(cache_dir, exist_ok=True)
    xp = os.path.join(cache_dir, f"{split}_x.npy")
    yp = os.path.join(cache_dir, f"{split}_y.npy")
    if os.path.exists(xp) and os.path.exists(yp):
        return np.load(xp), np.load(yp)
    if source.endswith(".csv"):
        x, y = _decode_csv(source, SPLITS[split])
    else:
        x, y = _decode_folder(os.path.join(source, split))
    np.save(xp + ".tmp.npy", x)
    np.save(yp + ".tmp.npy", y)
    os.replace(xp + ".tmp.npy", xp)
    os.replace(yp + ".tmp.npy", yp)
    return x, y
