"""Reader/writer for the moodplay int8 model file (.mpm).  See README.md, "Model file format".

Everything is little-endian.  Layout: 128-byte header, label table, layer table,
then the weight/bias/multiplier/shift blobs, each starting on a 16-byte boundary.
"""
import struct
import zlib

import numpy as np

MAGIC = b"MOODPLAY"
VERSION = 1
HEADER = struct.Struct("<8sIIII HHHH ifif fI IIIII 20x 32s")
LAYER = struct.Struct("<HH HHH HHH BBBB BBBB ifif ii IIIIIIII 16x")
LABEL_SIZE = 16
ALIGN = 16
CRC_OFFSET = 20
FLAG_FLIP_AVERAGE = 1

OP_CONV2D, OP_MAXPOOL2D, OP_GLOBAL_AVGPOOL, OP_FULLY_CONNECTED = 1, 2, 3, 4
OP_NAMES = {OP_CONV2D: "CONV2D", OP_MAXPOOL2D: "MAXPOOL2D",
            OP_GLOBAL_AVGPOOL: "GLOBAL_AVGPOOL", OP_FULLY_CONNECTED: "FULLY_CONNECTED"}
BLOBS = ("weights", "bias", "mult", "shift")
BLOB_DTYPE = {"weights": np.int8, "bias": np.int32, "mult": np.int32, "shift": np.int32}

assert HEADER.size == 128 and LAYER.size == 96


def _align(n):
    return (n + ALIGN - 1) // ALIGN * ALIGN


def file_crc(buf):
    """CRC-32 (zlib polynomial) of the file with the 4-byte CRC field skipped."""
    return zlib.crc32(buf[CRC_OFFSET + 4:], zlib.crc32(buf[:CRC_OFFSET])) & 0xFFFFFFFF


def expected_blob_sizes(L):
    """Byte sizes that each blob of layer dict L must have (0 = absent)."""
    oc = L["out_c"]
    if L["op"] == OP_CONV2D:
        w = oc * L["kernel_h"] * L["kernel_w"] * L["in_c"]
    elif L["op"] == OP_FULLY_CONNECTED:
        w = oc * L["in_c"]
    else:
        w = 0
    b = 4 * oc if w else 0
    r = 4 * oc if L["op"] != OP_MAXPOOL2D else 0
    return {"weights": w, "bias": b, "mult": r, "shift": r}


def write_model(path, model):
    """model: dict with header fields, 'labels' (list of str) and 'layers' (list of dicts
    holding the LAYER fields plus numpy arrays under BLOBS)."""
    layers = model["layers"]
    labels_off = HEADER.size
    table_off = _align(labels_off + LABEL_SIZE * len(model["labels"]))
    pos = _align(table_off + LAYER.size * len(layers))
    blobs = bytearray()
    records = []
    for L in layers:
        offs = {}
        for name in BLOBS:
            arr = L.get(name)
            if arr is None:
                offs[name] = (0, 0)
                continue
            data = np.ascontiguousarray(arr, dtype=BLOB_DTYPE[name]).astype(
                np.dtype(BLOB_DTYPE[name]).newbyteorder("<")).tobytes()
            offs[name] = (pos + len(blobs), len(data))
            blobs += data + b"\0" * (_align(len(data)) - len(data))
        records.append(LAYER.pack(
            L["op"], 0, L["in_h"], L["in_w"], L["in_c"], L["out_h"], L["out_w"], L["out_c"],
            L["kernel_h"], L["kernel_w"], L["stride_h"], L["stride_w"],
            L["pad_top"], L["pad_left"], L["pad_bottom"], L["pad_right"],
            L["in_zp"], L["in_scale"], L["out_zp"], L["out_scale"], L["act_min"], L["act_max"],
            *offs["weights"], *offs["bias"], *offs["mult"], *offs["shift"]))
    size = pos + len(blobs)
    buf = bytearray(size)
    buf[0:HEADER.size] = HEADER.pack(
        MAGIC, VERSION, HEADER.size, size, 0,
        model["input_h"], model["input_w"], model["input_c"], len(model["labels"]),
        model["input_pixel_offset"], model["input_scale"], model["input_zero_point"],
        model["crop_scale"], model["crop_shift_y"], model["flags"],
        len(layers), table_off, LAYER.size, labels_off, LABEL_SIZE,
        model["name"].encode())
    for i, lab in enumerate(model["labels"]):
        raw = lab.encode("ascii")
        assert len(raw) < LABEL_SIZE
        buf[labels_off + i * LABEL_SIZE:labels_off + i * LABEL_SIZE + len(raw)] = raw
    for i, rec in enumerate(records):
        buf[table_off + i * LAYER.size:table_off + (i + 1) * LAYER.size] = rec
    buf[pos:] = blobs
    struct.pack_into("<I", buf, CRC_OFFSET, file_crc(buf))
    with open(path, "wb") as f:
        f.write(buf)
    return size


class FormatError(ValueError):
    pass


def _check(cond, msg):
    if not cond:
        raise FormatError(msg)


def read_model(path):
    """Parse and fully validate a .mpm file (the same checks the C loader must do)."""
    buf = open(path, "rb").read()
    _check(len(buf) >= HEADER.size, "file shorter than header")
    (magic, version, hsize, fsize, crc, ih, iw, ic, ncls, pix_off, in_scale, in_zp,
     crop_scale, crop_shift_y, flags, nl, table_off, rec_size, labels_off, label_size,
     model_name) = HEADER.unpack_from(buf, 0)
    _check(magic == MAGIC, "bad magic")
    _check(version == VERSION, f"unsupported version {version}")
    _check(hsize == HEADER.size and rec_size == LAYER.size and label_size == LABEL_SIZE,
           "bad header/record/label size")
    _check(fsize == len(buf), "file_size does not match the file length")
    _check(crc == file_crc(buf), "CRC mismatch")
    _check(labels_off % ALIGN == 0 and labels_off + ncls * LABEL_SIZE <= fsize, "bad labels")
    _check(table_off % ALIGN == 0 and table_off >= labels_off + ncls * LABEL_SIZE
           and table_off + nl * LAYER.size <= fsize, "bad layer table")
    _check(-128 <= pix_off and 255 + pix_off <= 127, "input_pixel_offset maps pixels outside int8")
    labels = []
    for i in range(ncls):
        raw = buf[labels_off + i * LABEL_SIZE:labels_off + (i + 1) * LABEL_SIZE]
        _check(b"\0" in raw, f"label {i} not NUL-terminated")
        labels.append(raw.split(b"\0")[0].decode("ascii"))
    data_start = table_off + nl * LAYER.size
    shape = (ih, iw, ic)
    zp, scale = in_zp, in_scale
    layers = []
    for i in range(nl):
        f = LAYER.unpack_from(buf, table_off + i * LAYER.size)
        keys = ["op", "reserved", "in_h", "in_w", "in_c", "out_h", "out_w", "out_c",
                "kernel_h", "kernel_w", "stride_h", "stride_w",
                "pad_top", "pad_left", "pad_bottom", "pad_right",
                "in_zp", "in_scale", "out_zp", "out_scale", "act_min", "act_max",
                "weights_off", "weights_size", "bias_off", "bias_size",
                "mult_off", "mult_size", "shift_off", "shift_size"]
        L = dict(zip(keys, f))
        op = L["op"]
        _check(op in OP_NAMES, f"layer {i}: unknown op {op}")
        _check((L["in_h"], L["in_w"], L["in_c"]) == shape, f"layer {i}: input shape mismatch")
        _check(L["in_zp"] == zp and L["in_scale"] == scale, f"layer {i}: input quantization mismatch")
        _check(-128 <= L["act_min"] <= L["act_max"] <= 127, f"layer {i}: bad clamp range")
        _check(-128 <= L["in_zp"] <= 127 and -128 <= L["out_zp"] <= 127, f"layer {i}: bad zero point")
        kh, kw, sh, sw = L["kernel_h"], L["kernel_w"], L["stride_h"], L["stride_w"]
        _check(kh > 0 and kw > 0 and sh > 0 and sw > 0, f"layer {i}: zero kernel/stride")
        if op == OP_CONV2D or op == OP_MAXPOOL2D:
            _check(L["pad_top"] < kh and L["pad_bottom"] < kh and L["pad_left"] < kw
                   and L["pad_right"] < kw, f"layer {i}: padding >= kernel")
            oh = (L["in_h"] + L["pad_top"] + L["pad_bottom"] - kh) // sh + 1
            ow = (L["in_w"] + L["pad_left"] + L["pad_right"] - kw) // sw + 1
            _check((L["out_h"], L["out_w"]) == (oh, ow), f"layer {i}: output size mismatch")
        if op == OP_MAXPOOL2D:
            _check(L["out_c"] == L["in_c"] and L["out_zp"] == L["in_zp"]
                   and L["out_scale"] == L["in_scale"] and sum(L[k] for k in
                   ("pad_top", "pad_left", "pad_bottom", "pad_right")) == 0,
                   f"layer {i}: maxpool must keep channels/quantization, no padding")
        if op in (OP_GLOBAL_AVGPOOL, OP_FULLY_CONNECTED):
            _check((L["out_h"], L["out_w"]) == (1, 1), f"layer {i}: output must be 1x1")
            _check(op != OP_GLOBAL_AVGPOOL or L["out_c"] == L["in_c"], f"layer {i}: GAP channels")
            _check(op != OP_FULLY_CONNECTED or (L["in_h"], L["in_w"]) == (1, 1),
                   f"layer {i}: FC input must be 1x1")
        want = expected_blob_sizes(L)
        for name in BLOBS:
            off, size = L.pop(name + "_off"), L.pop(name + "_size")
            _check(size == want[name], f"layer {i}: {name} size {size} != {want[name]}")
            if size == 0:
                _check(off == 0, f"layer {i}: {name} offset without data")
                continue
            _check(off % ALIGN == 0 and off >= data_start and off + size <= fsize,
                   f"layer {i}: {name} blob out of bounds")
            L[name] = np.frombuffer(buf, dtype=np.dtype(BLOB_DTYPE[name]).newbyteorder("<"),
                                    count=size // np.dtype(BLOB_DTYPE[name]).itemsize,
                                    offset=off).astype(BLOB_DTYPE[name])
        if "shift" in L:
            _check(np.all((L["mult"] >= 0)) and np.all((L["shift"] >= 1) & (L["shift"] <= 62)),
                   f"layer {i}: multiplier/shift out of range")
        shape = (L["out_h"], L["out_w"], L["out_c"])
        zp, scale = L["out_zp"], L["out_scale"]
        layers.append(L)
    _check(shape == (1, 1, ncls), "last layer must output num_classes logits")
    return {"name": model_name.split(b"\0")[0].decode(), "input_h": ih, "input_w": iw, "input_c": ic,
            "input_pixel_offset": pix_off, "input_scale": in_scale, "input_zero_point": in_zp,
            "crop_scale": crop_scale, "crop_shift_y": crop_shift_y, "flags": flags,
            "labels": labels, "layers": layers}
