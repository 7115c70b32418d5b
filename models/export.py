"""Export a trained MoodNet checkpoint: int8 model file (.mpm) and float ONNX.

Quantization (CMSIS-NN / TFLite style, post-training, calibrated):
  * BN folded into the preceding conv.
  * weights: symmetric int8 per output channel, scale = max|w| / 127, values in [-127, 127].
  * bias: int32, scale = input_scale * weight_scale[c].
  * activations: asymmetric int8 (scale, zero point) per tensor, ranges calibrated on
    training images (and their mirror images) with the float model.
  * requantization: real multiplier input_scale*weight_scale/output_scale encoded as an
    int32 mult in [2^30, 2^31) and a right shift (see intref.requantize).
"""
import argparse
import math

import numpy as np
import torch
import torch.nn.functional as F

import ferdata
import intref
import mpm
from net import MoodNet

INPUT_SCALE = 1.0 / 128.0       # int8 input q = pixel - 128, real = q / 128


def load_model(ckpt_path):
    ck = torch.load(ckpt_path, map_location="cpu")
    # checkpoints from before --arch existed are MoodNet 1
    model = MoodNet(ck.get("args", {}).get("arch", "moodnet"))
    model.load_state_dict(ck["model"])
    return model.eval()


def fold(model):
    """Float layer list (BN folded) mirroring the int8 layer list."""
    layers = []
    mods = list(model.features)
    i = 0
    for name, cin, cout, k, s, pool in model.spec:
        conv, bn = mods[i][0], mods[i][1]
        g = bn.weight.detach() / torch.sqrt(bn.running_var + bn.eps)
        w = conv.weight.detach() * g[:, None, None, None]
        b = bn.bias.detach() - bn.running_mean * g
        layers.append({"op": mpm.OP_CONV2D, "name": name, "w": w, "b": b, "k": k, "stride": s})
        i += 1
        if pool:
            layers.append({"op": mpm.OP_MAXPOOL2D, "name": name + "_pool"})
            i += 1
    layers.append({"op": mpm.OP_GLOBAL_AVGPOOL, "name": "gap"})
    layers.append({"op": mpm.OP_FULLY_CONNECTED, "name": "fc",
                   "w": model.fc.weight.detach(), "b": model.fc.bias.detach()})
    return layers


@torch.no_grad()
def float_forward(layers, x):
    """Folded float network; returns every layer's output (NCHW)."""
    outs = []
    for L in layers:
        if L["op"] == mpm.OP_CONV2D:
            x = F.relu(F.conv2d(x, L["w"], L["b"], stride=L["stride"], padding=L["k"] // 2))
        elif L["op"] == mpm.OP_MAXPOOL2D:
            x = F.max_pool2d(x, 2)
        elif L["op"] == mpm.OP_GLOBAL_AVGPOOL:
            x = x.mean(dim=(2, 3), keepdim=True)
        else:
            x = F.linear(x.flatten(1), L["w"], L["b"])[:, :, None, None]
        outs.append(x)
    return outs


def calibrate(layers, pixels, percentile):
    """Per-layer output range (lo, hi) from the float model on calibration pixels.
    ReLU outputs use the given percentile of the positive values as the upper bound;
    GAP and logits use plain min/max (few values, no outliers worth clipping)."""
    x = (torch.from_numpy(pixels).float()[:, None] - 128.0) * INPUT_SCALE
    x = torch.cat([x, torch.flip(x, dims=[3])])
    samples = [[] for _ in layers]
    lohi = [[0.0, 0.0] for _ in layers]
    gen = torch.Generator().manual_seed(0)
    for i in range(0, len(x), 256):
        for j, o in enumerate(float_forward(layers, x[i:i + 256])):
            lohi[j][0] = min(lohi[j][0], o.min().item())
            lohi[j][1] = max(lohi[j][1], o.max().item())
            flat = o.flatten()
            pick = torch.randint(len(flat), (min(len(flat), 200000),), generator=gen)
            samples[j].append(flat[pick])
    ranges = []
    for L, s, (lo, hi) in zip(layers, samples, lohi):
        if L["op"] == mpm.OP_CONV2D and percentile < 100:
            hi = np.percentile(torch.cat(s).numpy(), percentile)
        ranges.append((lo, hi))
    return ranges


def quantize_multiplier(real):
    """real > 0 -> (mult, shift) with real ~= mult * 2^-shift, mult in [2^30, 2^31)."""
    m, e = math.frexp(real)
    mult = int(round(m * (1 << 31)))
    if mult == 1 << 31:
        mult //= 2
        e += 1
    shift = 31 - e
    if shift > 62:  # multiplier below 2^-32: output is always the zero point
        return 0, 62
    assert shift >= 1, real
    return mult, shift


def act_qparams(lo, hi):
    """Asymmetric int8 (scale, zero_point) covering [min(lo,0), max(hi,0)]."""
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    scale = max(hi - lo, 1e-8) / 255.0
    zp = int(np.clip(round(-128 - lo / scale), -128, 127))
    return float(np.float32(scale)), zp


def quantize(layers, ranges):
    """Float layers + calibrated ranges -> layer dicts for mpm.write_model."""
    h = w = 48
    c = 1
    in_scale, in_zp = float(np.float32(INPUT_SCALE)), 0
    out = []
    for L, (lo, hi) in zip(layers, ranges):
        Q = {"in_h": h, "in_w": w, "in_c": c, "in_zp": in_zp, "in_scale": in_scale,
             "pad_top": 0, "pad_left": 0, "pad_bottom": 0, "pad_right": 0,
             "stride_h": 1, "stride_w": 1, "op": L["op"]}
        if L["op"] == mpm.OP_MAXPOOL2D:
            h, w = h // 2, w // 2
            Q.update(kernel_h=2, kernel_w=2, stride_h=2, stride_w=2, out_zp=in_zp,
                     out_scale=in_scale, act_min=-128, act_max=127)
        else:
            scale, zp = act_qparams(lo, hi)
            if L["op"] == mpm.OP_CONV2D:
                k, s = L["k"], L["stride"]
                p = k // 2
                oh, ow = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
                Q.update(kernel_h=k, kernel_w=k, stride_h=s, stride_w=s, pad_top=p, pad_left=p,
                         pad_bottom=max(0, (oh - 1) * s + k - p - h),
                         pad_right=max(0, (ow - 1) * s + k - p - w))
                h, w = oh, ow
                wf = L["w"].permute(0, 2, 3, 1).numpy().astype(np.float64)  # OIHW -> OHWI
            elif L["op"] == mpm.OP_GLOBAL_AVGPOOL:
                Q.update(kernel_h=h, kernel_w=w)
                h = w = 1
            else:
                Q.update(kernel_h=1, kernel_w=1, in_h=1, in_w=1)
                wf = L["w"].numpy().astype(np.float64)
            cout = c if L["op"] == mpm.OP_GLOBAL_AVGPOOL else wf.shape[0]
            relu = L["op"] in (mpm.OP_CONV2D, mpm.OP_GLOBAL_AVGPOOL)
            Q.update(out_zp=zp, out_scale=scale, act_min=zp if relu else -128, act_max=127)
            if L["op"] == mpm.OP_GLOBAL_AVGPOOL:
                real = np.full(cout, in_scale / (Q["kernel_h"] * Q["kernel_w"] * scale))
            else:
                amax = np.abs(wf.reshape(cout, -1)).max(axis=1)
                wscale = np.where(amax > 0, amax / 127.0, 1.0)
                Q["weights"] = np.clip(np.round(wf / wscale.reshape((-1,) + (1,) * (wf.ndim - 1))),
                                       -127, 127).astype(np.int8)
                bias = np.round(L["b"].numpy().astype(np.float64) / (in_scale * wscale))
                assert np.all(np.abs(bias) < 2 ** 31 - 1)
                Q["bias"] = bias.astype(np.int32)
                real = in_scale * wscale / scale
            ms = [quantize_multiplier(r) for r in real]
            Q["mult"] = np.array([m for m, _ in ms], dtype=np.int32)
            Q["shift"] = np.array([s for _, s in ms], dtype=np.int32)
            c = cout
            in_scale, in_zp = scale, zp
        Q.update(out_h=h, out_w=w, out_c=c)
        out.append(Q)
    return out


def build_model(ckpt, calib_pixels, percentile):
    net = load_model(ckpt)
    layers = fold(net)
    return {"name": net.arch + "-fer", "input_h": 48, "input_w": 48, "input_c": 1,
            "input_pixel_offset": -128, "input_scale": INPUT_SCALE, "input_zero_point": 0,
            "crop_scale": 1.0, "crop_shift_y": 0.0, "flags": mpm.FLAG_FLIP_AVERAGE,
            "labels": ferdata.CLASSES, "layers": quantize(layers, calibrate(layers, calib_pixels, percentile))}


def export_onnx(ckpt, path):
    model = load_model(ckpt)
    dummy = torch.zeros(1, 1, 48, 48)
    torch.onnx.export(model, dummy, path, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
                      opset_version=13, do_constant_folding=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ckpt")
    ap.add_argument("--out", default="moodplay-fer.mpm")
    ap.add_argument("--onnx", default="moodplay-fer.onnx")
    ap.add_argument("--data", default="../../shared/data/fer2013")
    ap.add_argument("--cache", default="../../train-cache")
    ap.add_argument("--calib", type=int, default=2000, help="calibration images from train")
    ap.add_argument("--percentile", type=float, default=99.99,
                    help="ReLU activation range percentile (100 = max)")
    args = ap.parse_args()
    torch.set_num_threads(2)
    xtr, _ = ferdata.load_split(args.data, "train", args.cache + "/data")
    # fixed, seeded calibration subset of the training split (val is never used here)
    idx = np.random.default_rng(0).permutation(len(xtr))[:args.calib]
    model = build_model(args.ckpt, xtr[idx], args.percentile)
    size = mpm.write_model(args.out, model)
    nweights = sum(L["weights"].size for L in model["layers"] if "weights" in L)
    print(f"wrote {args.out}: {size} bytes, {nweights} int8 weights")
    if args.onnx:
        export_onnx(args.ckpt, args.onnx)
        print(f"wrote {args.onnx}")


if __name__ == "__main__":
    main()
