"""Generate the int8 engine's test model: a small random network that uses
every kernel path (odd and even channel counts, output channels that are not
multiples of 16, strides, tail pixel blocks, asymmetric padding), quantized
so that its activations spread over the int8 range on synthetic images.

Usage: python3 tests/nn-fixture.py OUTDIR            (writes OUTDIR/tiny.mpm)
then   cd models && python3 golden.py ../OUTDIR/tiny.mpm --out ../OUTDIR/tiny-golden
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models"))
import intref  # noqa: E402
import mpm  # noqa: E402

rng = np.random.default_rng(4)

# op, out_c, kernel, stride, (pad top, left, bottom, right), relu
SPEC = [
    (mpm.OP_CONV2D, 5, 3, 1, (1, 1, 1, 1), True),     # grey in: im2col paths
    (mpm.OP_MAXPOOL2D, 0, 2, 2, (0, 0, 0, 0), False),  # 24x24x5
    (mpm.OP_CONV2D, 20, 3, 2, (1, 1, 0, 0), True),     # odd in_c, 16 + 4 out
    (mpm.OP_CONV2D, 36, 3, 1, (1, 1, 1, 1), False),    # direct; 2+1 blocks
    (mpm.OP_CONV2D, 70, 1, 1, (0, 0, 0, 0), True),     # 1x1; 4+1 blocks
    (mpm.OP_CONV2D, 64, 3, 2, (0, 0, 0, 0), True),     # in_c 70: 5x5 = 25 px
    (mpm.OP_GLOBAL_AVGPOOL, 0, 0, 1, (0, 0, 0, 0), True),
    (mpm.OP_FULLY_CONNECTED, 7, 1, 1, (0, 0, 0, 0), False),
]


def quantize_multiplier(real):
    m, e = np.frexp(real)
    mult = int(round(m * (1 << 31)))
    if mult == 1 << 31:
        mult //= 2
        e += 1
    return mult, 31 - int(e)


def accumulators(L, x):
    """The layer's int32 accumulators (intref with requantize bypassed)."""
    saved = intref.requantize
    intref.requantize = lambda acc, *a: acc
    try:
        return intref.OPS[L["op"]](L, x)
    finally:
        intref.requantize = saved


def images():
    y, x = np.mgrid[0:48, 0:48]
    imgs = [rng.integers(0, 256, (48, 48)),
            (x * 5 + y * 2) % 256,
            np.where((x // 6 + y // 6) % 2, 255, 0),
            128 + 100 * np.sin(x / 5.0) * np.cos(y / 7.0),
            np.clip(rng.normal(128, 60, (48, 48)), 0, 255)]
    return np.stack([np.asarray(i).astype(np.uint8) for i in imgs])


def build(pixels):
    h = w = 48
    c, zp, scale = 1, 0, 1.0 / 128
    x = intref.input_from_pixels({"input_pixel_offset": -128}, pixels)
    layers = []
    for op, oc, k, s, (pt, pl, pb, pr), relu in SPEC:
        L = {"op": op, "in_h": h, "in_w": w, "in_c": c, "in_zp": zp, "in_scale": scale,
             "kernel_h": k or h, "kernel_w": k or w, "stride_h": s, "stride_w": s,
             "pad_top": pt, "pad_left": pl, "pad_bottom": pb, "pad_right": pr,
             "act_min": -128, "act_max": 127}
        if op == mpm.OP_FULLY_CONNECTED:
            L.update(in_h=1, in_w=1, kernel_h=1, kernel_w=1)
        if op == mpm.OP_MAXPOOL2D:
            oh, ow, oc = (h - k) // s + 1, (w - k) // s + 1, c
            L.update(out_zp=zp, out_scale=scale)
        elif op == mpm.OP_GLOBAL_AVGPOOL:
            oh = ow = 1
            oc = c
        elif op == mpm.OP_CONV2D:
            oh, ow = (h + pt + pb - k) // s + 1, (w + pl + pr - k) // s + 1
        else:
            oh = ow = 1
        L.update(out_h=oh, out_w=ow, out_c=oc)
        if op in (mpm.OP_CONV2D, mpm.OP_FULLY_CONNECTED):
            shape = (oc, k, k, c) if op == mpm.OP_CONV2D else (oc, c)
            L["weights"] = rng.integers(-127, 128, shape).astype(np.int8)
            L["bias"] = rng.integers(-3000, 3000, oc).astype(np.int32)
        if op != mpm.OP_MAXPOOL2D:
            L.update(mult=None, shift=None, out_zp=0)
            acc = accumulators(L, x).reshape(-1, oc)
            lo, hi = acc.min(axis=0), acc.max(axis=0)
            real = 250.0 / np.maximum(hi - lo, 1)
            ms = [quantize_multiplier(r) for r in real]
            L["mult"] = np.array([m for m, _ in ms], dtype=np.int32)
            L["shift"] = np.array([t for _, t in ms], dtype=np.int32)
            out_zp = int(rng.integers(-20, 20))
            L.update(out_zp=out_zp, out_scale=float(np.float32(scale * 1.5)),
                     act_min=out_zp if relu else -128)
        x = intref.OPS[op](L, x)
        layers.append(L)
        h, w, c, zp, scale = oh, ow, oc, L["out_zp"], L["out_scale"]
    return {"name": "tiny-test", "input_h": 48, "input_w": 48, "input_c": 1,
            "input_pixel_offset": -128, "input_scale": 1.0 / 128, "input_zero_point": 0,
            "crop_scale": 1.25, "crop_shift_y": 0.05, "flags": mpm.FLAG_FLIP_AVERAGE,
            "labels": ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"],
            "layers": layers}


def main():
    mpm.write_model(os.path.join(sys.argv[1], "tiny.mpm"), build(images()))


if __name__ == "__main__":
    main()
