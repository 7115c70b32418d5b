"""Pack the FER2013 JPEG folders into one file, and unpack it into ferdata's cache.

A machine that trains elsewhere (an accelerator lent for minutes) gets the dataset as
one 50 MB file of the original JPEG bytes instead of 32,298 small files:

  ferpack.py pack ../../shared/data/fer2013 fer.npz
  ferpack.py unpack fer.npz CACHE/data      # writes {train,val}_{x,y}.npy

The images are decoded exactly as ferdata decodes the folders (same order, same
decoder), so a run on the unpacked cache sees the same arrays.
"""
import io
import os
import sys

import numpy as np
from PIL import Image

from ferdata import CLASSES


def pack(root, out):
    arrays = {}
    for split in ("train", "val"):
        blobs, ys = [], []
        for label, name in enumerate(CLASSES):
            cdir = os.path.join(root, split, name)
            for fn in sorted(os.listdir(cdir)):
                with open(os.path.join(cdir, fn), "rb") as f:
                    blobs.append(f.read())
                ys.append(label)
        arrays[split + "_len"] = np.array([len(b) for b in blobs], dtype=np.int64)
        arrays[split + "_bytes"] = np.frombuffer(b"".join(blobs), dtype=np.uint8)
        arrays[split + "_y"] = np.array(ys, dtype=np.int64)
    np.savez(out, **arrays)


def unpack(pack_path, cache_dir):
    z = np.load(pack_path)
    os.makedirs(cache_dir, exist_ok=True)
    for split in ("train", "val"):
        raw, ends = z[split + "_bytes"].tobytes(), np.cumsum(z[split + "_len"])
        xs = []
        for end, n in zip(ends, z[split + "_len"]):
            img = Image.open(io.BytesIO(raw[end - n:end])).convert("L")
            if img.size != (48, 48):
                raise ValueError(f"{pack_path}: {split} image {len(xs)} is {img.size}, not 48x48")
            xs.append(np.asarray(img, dtype=np.uint8))
        np.save(os.path.join(cache_dir, f"{split}_x.npy"), np.stack(xs))
        np.save(os.path.join(cache_dir, f"{split}_y.npy"), z[split + "_y"])


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("pack", "unpack"):
        sys.exit("usage: ferpack.py pack FER_ROOT OUT.npz | unpack PACK.npz CACHE_DIR")
    (pack if sys.argv[1] == "pack" else unpack)(sys.argv[2], sys.argv[3])
