"""Export a randomly initialised MoodNet to ONNX for the benchmark when
models/ has no .onnx file (latency does not depend on the weights).

Usage: python3 onnx-export.py MODELS_DIR OUT.onnx
"""
import sys

import torch

sys.path.insert(0, sys.argv[1])
from net import MoodNet  # noqa: E402

torch.onnx.export(MoodNet().eval(), torch.zeros(1, 1, 48, 48), sys.argv[2],
                  input_names=["input"], output_names=["logits"],
                  dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
                  opset_version=13, do_constant_folding=True)
