"""The CNN epoch's arithmetic: FLOPs per training step, achieved GFLOP/s, and where the time goes.

Usage: .venv/bin/python benchmarks/cnn_arithmetic.py [--steps 200]

FLOPs are counted from the layer shapes (a multiply-add is two FLOPs; a
training step is taken as three forward passes' worth: the forward pass, the
gradient with respect to the inputs and the gradient with respect to the
weights). The CPU's fp32 peak is cores x clock x SIMD lanes x 2 (FMA) x FMA
units per core; the clock and the SIMD width are read from /proc/cpuinfo, the
two FMA units per core are an assumption (true of server cores with AVX-512).
Where the step's time goes, op by op, is ``profile.py``'s job. Prints a
Markdown section that ``run.py`` appends to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path


def layer_flops(model) -> list[tuple[str, float]]:
    """Forward FLOPs per sample of each layer with weights (conv and dense)."""
    rows = []
    for layer in model.layers:
        kind = type(layer).__name__
        if kind == "Conv2D":
            kh, kw, cin, cout = layer.kernel.shape
            oh, ow = layer.output.shape[1:3]
            rows.append((layer.name, 2.0 * oh * ow * cout * kh * kw * cin))
        elif kind == "Dense":
            n, m = layer.kernel.shape
            rows.append((layer.name, 2.0 * n * m))
    return rows


def cpu_peak_gflops() -> tuple[float, str]:
    text = Path("/proc/cpuinfo").read_text()
    flags = next(line for line in text.splitlines() if line.startswith("flags")).split()
    mhz = max(float(line.split(":")[1]) for line in text.splitlines() if line.startswith("cpu MHz"))
    lanes = 16 if "avx512f" in flags else 8 if "avx2" in flags else 4
    cores = os.cpu_count() or 1
    peak = cores * mhz / 1000 * lanes * 2 * 2
    return peak, f"{cores} cores × {mhz / 1000:.2f} GHz × {lanes} fp32 lanes × 2 (FMA) × 2 FMA units"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=300, help="training steps to time (batch 32)")
    args = parser.parse_args()
    from utils import data, models, seed_everything

    seed_everything(1)
    (x_train, y_train), _ = data.load_mnist()
    x, y = data.prepare_images(x_train[: 32 * args.steps]), data.one_hot(y_train[: 32 * args.steps])
    model = models.build_cnn()
    model.fit(x[:320], y[:320], batch_size=32, verbose=0)  # build and compile the step first
    start = time.perf_counter()
    model.fit(x, y, batch_size=32, epochs=1, shuffle=False, verbose=0)
    step_s = (time.perf_counter() - start) / args.steps

    flops = layer_flops(model)
    forward = sum(f for _, f in flops)
    per_step = 3 * forward * 32
    achieved = per_step / step_s / 1e9
    peak, how = cpu_peak_gflops()
    lines = [
        "## The CNN epoch's arithmetic",
        "",
        "| layer | forward MFLOP per image |",
        "|---|---|",
        *[f"| {name} | {f / 1e6:.2f} |" for name, f in flops],
        f"| **total** | **{forward / 1e6:.2f}** |",
        "",
        f"One training step (batch 32, about 3 forward passes): **{per_step / 1e9:.2f} GFLOP**; "
        f"the epoch's 1,875 steps: {per_step * 1875 / 1e12:.2f} TFLOP.",
        f"Measured: {step_s * 1000:.1f} ms per step over {args.steps} steps, so **{achieved:.0f} GFLOP/s**, "
        f"{achieved / peak:.0%} of this CPU's fp32 peak of {peak:.0f} GFLOP/s ({how}; the clock and SIMD width "
        "are read from /proc/cpuinfo, while two FMA units per core, and a physical core for each CPU the system "
        "counts, are assumptions: with one core shared by two threads the peak would be half).",
        "Step times on this page come from three measurements: the table's epoch time over its 1,875 steps (with "
        "start-up and the test pass), these steps of `fit` alone, and the profiles below, which the profiler "
        "slows down; on this machine they also differ from minute to minute.",
        "",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
