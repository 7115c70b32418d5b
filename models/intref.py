"""Integer reference implementation of the moodplay int8 engine (numpy).

This is the specification-by-code of what the C engine computes, layer by layer,
bit for bit.  All arithmetic is integer; matrix products are evaluated with
float64 BLAS, which is exact here because every partial sum is an integer of
magnitude < 2**53 (|acc| <= 1152 * 127 * 255 + |bias| < 2**31).

Usage:  python3 intref.py MODEL.mpm [--data DIR_OR_CSV] [--cache DIR] [--compare CKPT]
        evaluates on FER2013 val (single pass and flip-averaged) and prints
        accuracy, per-class precision/recall/F1 and the confusion matrix; with
        --compare also the float checkpoint's numbers and the int8/float agreement.
"""
import argparse
import os

import numpy as np

import mpm


def requantize(acc, mult, shift, zp, lo, hi):
    """int32 accumulators -> int8: clamp(((acc*mult + 2^(shift-1)) >> shift) + zp, lo, hi).

    acc: int64 array [..., C]; mult/shift: per-channel int32 [C].  The product is a
    64-bit signed integer and >> is an arithmetic (flooring) shift, so this rounds
    to nearest with ties towards +infinity.
    """
    mult = mult.astype(np.int64)
    shift = shift.astype(np.int64)
    v = (acc.astype(np.int64) * mult + (np.int64(1) << (shift - 1))) >> shift
    return np.clip(v + zp, lo, hi).astype(np.int8)


def input_from_pixels(model, pixels):
    """uint8 grey pixels [N,H,W] -> int8 NHWC input tensor [N,H,W,1]."""
    q = pixels.astype(np.int32) + model["input_pixel_offset"]
    return q.astype(np.int8)[..., None]


def conv2d(L, x):
    """x int8 [N,H,W,Cin] -> int8 [N,OH,OW,Cout].  Weights OHWI.  Taps that fall
    outside the input (padding) contribute nothing, i.e. they behave as if the
    input there were equal to in_zp."""
    n = x.shape[0]
    kh, kw, sh, sw = L["kernel_h"], L["kernel_w"], L["stride_h"], L["stride_w"]
    oh, ow, oc = L["out_h"], L["out_w"], L["out_c"]
    xs = x.astype(np.int32) - L["in_zp"]
    xs = np.pad(xs, ((0, 0), (L["pad_top"], L["pad_bottom"]), (L["pad_left"], L["pad_right"]), (0, 0)))
    cols = np.empty((n, oh, ow, kh, kw, L["in_c"]), dtype=np.float64)
    for ky in range(kh):
        for kx in range(kw):
            cols[:, :, :, ky, kx, :] = xs[:, ky:ky + sh * (oh - 1) + 1:sh, kx:kx + sw * (ow - 1) + 1:sw, :]
    w = L["weights"].reshape(oc, -1).astype(np.float64)
    acc = np.rint(cols.reshape(n * oh * ow, -1) @ w.T).astype(np.int64) + L["bias"]
    out = requantize(acc, L["mult"], L["shift"], L["out_zp"], L["act_min"], L["act_max"])
    return out.reshape(n, oh, ow, oc)


def maxpool2d(L, x):
    """Max over each kernel window (no padding); int8 in, int8 out, same quantization."""
    kh, kw, sh, sw = L["kernel_h"], L["kernel_w"], L["stride_h"], L["stride_w"]
    oh, ow = L["out_h"], L["out_w"]
    out = None
    for ky in range(kh):
        for kx in range(kw):
            v = x[:, ky:ky + sh * (oh - 1) + 1:sh, kx:kx + sw * (ow - 1) + 1:sw, :]
            out = v if out is None else np.maximum(out, v)
    return np.clip(out, L["act_min"], L["act_max"]).astype(np.int8)


def global_avgpool(L, x):
    """acc[c] = sum over H,W of (x - in_zp); out = requantize(acc) (mult/shift include 1/(H*W))."""
    acc = (x.astype(np.int64) - L["in_zp"]).sum(axis=(1, 2))
    out = requantize(acc, L["mult"], L["shift"], L["out_zp"], L["act_min"], L["act_max"])
    return out.reshape(x.shape[0], 1, 1, -1)


def fully_connected(L, x):
    """acc[o] = bias[o] + sum_i W[o,i] * (x[i] - in_zp); weights [out_c][in_c]."""
    xs = (x.reshape(x.shape[0], -1).astype(np.int32) - L["in_zp"]).astype(np.float64)
    w = L["weights"].reshape(L["out_c"], L["in_c"]).astype(np.float64)
    acc = np.rint(xs @ w.T).astype(np.int64) + L["bias"]
    out = requantize(acc, L["mult"], L["shift"], L["out_zp"], L["act_min"], L["act_max"])
    return out.reshape(x.shape[0], 1, 1, -1)


OPS = {mpm.OP_CONV2D: conv2d, mpm.OP_MAXPOOL2D: maxpool2d,
       mpm.OP_GLOBAL_AVGPOOL: global_avgpool, mpm.OP_FULLY_CONNECTED: fully_connected}


def run(model, pixels, keep_all=False):
    """Run the network on uint8 pixels [N,H,W].  Returns the int8 logits [N,classes]
    or, with keep_all, the list of every layer's int8 output (NHWC)."""
    x = input_from_pixels(model, pixels)
    outs = []
    for L in model["layers"]:
        x = OPS[L["op"]](L, x)
        if keep_all:
            outs.append(x)
    return outs if keep_all else x.reshape(x.shape[0], -1)


def dequantize_logits(model, q):
    last = model["layers"][-1]
    return (q.astype(np.float32) - last["out_zp"]) * np.float32(last["out_scale"])


def predict(model, pixels, flip=True, batch=256):
    """Float logits per image: dequantized int8 logits, averaged with those of the
    horizontally mirrored image when flip is set (softmax of these = probabilities)."""
    res = []
    for i in range(0, len(pixels), batch):
        p = pixels[i:i + batch]
        z = dequantize_logits(model, run(model, p))
        if flip:
            z = (z + dequantize_logits(model, run(model, p[:, :, ::-1]))) / 2
        res.append(z)
    return np.concatenate(res)


def _predict_both(args):
    """(single-pass logits, flip-averaged logits) of one chunk; a Pool worker."""
    model, pixels = args
    a = dequantize_logits(model, run(model, pixels))
    b = dequantize_logits(model, run(model, pixels[:, :, ::-1]))
    return a, (a + b) / 2


def predict_both(model, pixels, jobs=1, batch=128):
    """predict(flip=False) and predict(flip=True) at the cost of two passes, in
    `jobs` processes (numpy's reference BLAS is single-threaded)."""
    chunks = [(model, pixels[i:i + batch]) for i in range(0, len(pixels), batch)]
    if jobs > 1:
        import multiprocessing
        with multiprocessing.Pool(jobs) as pool:
            res = pool.map(_predict_both, chunks)
    else:
        res = [_predict_both(c) for c in chunks]
    return np.concatenate([a for a, _ in res]), np.concatenate([b for _, b in res])


def report(y_true, y_pred, labels):
    """Accuracy, per-class precision/recall/F1 and confusion matrix as Markdown."""
    k = len(labels)
    cm = np.zeros((k, k), dtype=np.int64)
    np.add.at(cm, (y_true, y_pred), 1)
    lines = [f"accuracy {np.trace(cm) / cm.sum():.4f} ({np.trace(cm)}/{cm.sum()})", "",
             "| class | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for i, name in enumerate(labels):
        p = cm[i, i] / max(1, cm[:, i].sum())
        r = cm[i, i] / max(1, cm[i].sum())
        f1 = 2 * p * r / max(1e-12, p + r)
        lines.append(f"| {name} | {p:.3f} | {r:.3f} | {f1:.3f} | {cm[i].sum()} |")
    lines += ["", "Confusion matrix (rows = true, columns = predicted):", "",
              "| true \\ pred | " + " | ".join(labels) + " |", "|---" * (k + 1) + "|"]
    for i, name in enumerate(labels):
        lines.append(f"| {name} | " + " | ".join(str(v) for v in cm[i]) + " |")
    return "\n".join(lines)


def float_logits(ckpt, pixels):
    """Float model logits (single, flip-averaged) for comparison with the int8 model."""
    import torch
    import export
    model = export.load_model(ckpt)
    with torch.no_grad():
        x = (torch.from_numpy(pixels).float()[:, None] - 128.0) / 128.0
        a = model(x).numpy()
        b = model(torch.flip(x, dims=[3])).numpy()
    return a, (a + b) / 2


def main():
    import ferdata
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--data", default="../../shared/data/fer2013")
    ap.add_argument("--cache", default="../../train-cache")
    ap.add_argument("--compare", metavar="CKPT", help="also evaluate this float checkpoint")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes")
    args = ap.parse_args()
    model = mpm.read_model(args.model)
    x, y = ferdata.load_split(args.data, "val", os.path.join(args.cache, "data"))
    zs, zf = predict_both(model, x, jobs=args.jobs)
    single, flip = zs.argmax(1), zf.argmax(1)
    print(f"int8 val accuracy: single {np.mean(single == y):.4f}  flip-averaged {np.mean(flip == y):.4f}\n")
    print("int8, flip-averaged:\n")
    print(report(y, flip, model["labels"]))
    if args.compare:
        fs, ff = float_logits(args.compare, x)
        print(f"\nfloat val accuracy: single {np.mean(fs.argmax(1) == y):.4f}  "
              f"flip-averaged {np.mean(ff.argmax(1) == y):.4f}")
        print(f"int8/float agreement: single {np.mean(fs.argmax(1) == single):.4f}  "
              f"flip-averaged {np.mean(ff.argmax(1) == flip):.4f}\n")
        print("float, flip-averaged:\n")
        print(report(y, ff.argmax(1), model["labels"]))


if __name__ == "__main__":
    main()
