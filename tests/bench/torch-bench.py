"""Single-thread, batch-1 latency of PyTorch (fp32, CPU, eager) on MoodNet.

Usage: python3 torch-bench.py MODELS_DIR MS
Prints "torch <version> <median us> <min us>".  The weights are random:
latency does not depend on them.
"""
import sys
import time

import torch

sys.path.insert(0, sys.argv[1])
from net import MoodNet  # noqa: E402


def main():
    ms = float(sys.argv[2])
    torch.set_num_threads(1)
    model = MoodNet().eval()
    x = torch.zeros(1, 1, 48, 48)
    times = []
    with torch.no_grad():
        for _ in range(20):
            model(x)
        end = time.perf_counter() + ms / 1e3
        while time.perf_counter() < end:
            t = time.perf_counter()
            model(x)
            times.append((time.perf_counter() - t) * 1e6)
    times.sort()
    print(f"torch\t{torch.__version__}\t{times[len(times) // 2]:.1f}\t{times[0]:.1f}")


if __name__ == "__main__":
    main()
