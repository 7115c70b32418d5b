"""Write golden vectors for the C engine's tests (no FER2013 image is used).

For each synthetic input it writes, under OUT_DIR:
  vN.input.u8          48*48 uint8 grey pixels, row-major (what the engine is given)
  vN.LNN.s8            int8 output of layer NN, NHWC (N = 1) row-major
  vN.flip.s8           int8 logits of the horizontally mirrored input (second pass)
and index.txt describing every file (see README.md, "Golden vectors").
"""
import argparse
import os
import zlib

import numpy as np

import intref
import mpm


def synthetic_inputs():
    """Four deterministic 48x48 uint8 images: gradient, noise, two cartoon faces."""
    yy, xx = np.mgrid[0:48, 0:48].astype(np.float64)
    grad = np.round(255 * (xx + yy) / 94).astype(np.uint8)
    noise = np.random.default_rng(1234).integers(0, 256, (48, 48)).astype(np.uint8)

    def face(mouth_open):
        img = np.full((48, 48), 40.0)
        img[((xx - 23.5) / 17) ** 2 + ((yy - 25) / 22) ** 2 <= 1] = 170     # head
        for ex in (16, 31):
            img[((xx - ex) / 4) ** 2 + ((yy - 19) / 2.5) ** 2 <= 1] = 30     # eyes
            img[(np.abs(yy - 14) < 1) & (np.abs(xx - ex) < 5)] = 60         # brows
        if mouth_open:   # round open mouth
            img[((xx - 23.5) / 5) ** 2 + ((yy - 35) / 6) ** 2 <= 1] = 20
        else:            # smile: lower arc
            r = np.hypot(xx - 23.5, yy - 26)
            img[(np.abs(r - 10) < 1.3) & (yy > 31)] = 25
        k = np.ones(3) / 3  # soften edges a little (separable 3-tap box blur)
        img = np.apply_along_axis(lambda v: np.convolve(v, k, "same"), 0, img)
        img = np.apply_along_axis(lambda v: np.convolve(v, k, "same"), 1, img)
        return np.clip(np.round(img), 0, 255).astype(np.uint8)

    return [("gradient", grad), ("noise", noise), ("face_smile", face(False)),
            ("face_open_mouth", face(True))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--out", default="golden")
    args = ap.parse_args()
    model = mpm.read_model(args.model)
    raw = open(args.model, "rb").read()
    os.makedirs(args.out, exist_ok=True)
    idx = [f"# golden vectors for {os.path.basename(args.model)} "
           f"(file crc32 0x{int.from_bytes(raw[20:24], 'little'):08x}, size {len(raw)})",
           "# input <vec> <name> <file>                       48x48 uint8 pixels",
           "# layer <vec> <layer> <op> <h> <w> <c> <zero_point> <scale> <file>   int8 NHWC",
           "# flip <vec> <file>                               int8 logits of the mirrored input",
           "# probs <vec> <p0> ... <p6>                        softmax of the flip-averaged logits"]
    for v, (name, img) in enumerate(synthetic_inputs()):
        fn = f"v{v}.input.u8"
        img.tofile(os.path.join(args.out, fn))
        idx.append(f"input {v} {name} {fn}")
        outs = intref.run(model, img[None], keep_all=True)
        for i, (L, o) in enumerate(zip(model["layers"], outs)):
            fn = f"v{v}.L{i:02d}.s8"
            o[0].tofile(os.path.join(args.out, fn))
            idx.append(f"layer {v} {i} {mpm.OP_NAMES[L['op']]} {L['out_h']} {L['out_w']} "
                       f"{L['out_c']} {L['out_zp']} {L['out_scale']:.9g} {fn}")
        flip = intref.run(model, img[None, :, ::-1])
        fn = f"v{v}.flip.s8"
        flip[0].tofile(os.path.join(args.out, fn))
        idx.append(f"flip {v} {fn}")
        z = intref.predict(model, img[None], flip=True)[0].astype(np.float64)
        p = np.exp(z - z.max())
        p /= p.sum()
        idx.append(f"probs {v} " + " ".join(f"{x:.6f}" for x in p))
    with open(os.path.join(args.out, "index.txt"), "w") as f:
        f.write("\n".join(idx) + "\n")


if __name__ == "__main__":
    main()
