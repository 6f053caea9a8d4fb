"""Speed and memory of `lrdoctor analyze` against a bare pandas read of the same file.

Makes realistic run logs (10k / 100k / 1M steps, 24 columns: loss with noise and spikes, a warmup +
cosine lr for two groups, grad and weight norms, update ratios, per-layer stats, sparse evals), then
times, each in a fresh process, `pandas.read_csv(file)` alone and `lrdoctor analyze file`. Prints
ratios against that baseline, measured in the same run (machines are noisy); median of --reps runs.

    python bench/analyze_speed.py [--sizes 10000 100000 1000000] [--reps 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

LAYERS = [f"layer{i}.weight" for i in range(6)]


def make_log(steps: int, path: Path, seed: int = 0) -> int:
    """Write a realistic canonical log; return the loaded table's size in bytes."""
    rng = np.random.default_rng(seed)
    step = np.arange(steps)
    warm = max(1, steps // 50)
    lr = np.where(step < warm, (step + 1) / warm, 0.5 * (1 + np.cos(np.pi * (step - warm) / (steps - warm)))) * 3e-4
    level = 0.4 + 2.0 * np.exp(-step / (steps / 8))
    loss = level * np.exp(rng.normal(0, 0.05, steps))
    loss[rng.choice(steps, size=max(1, steps // 20000), replace=False)] *= 1.8
    grad = 1.5 * np.exp(rng.normal(0, 0.2, steps)) * (1 + step / steps)
    cols: dict[str, np.ndarray] = {
        "step": step, "epoch": step / (steps / 10), "loss": loss, "lr": lr, "lr/head": lr * 10,
        "grad_norm": grad, "weight_norm": 50 + step / steps * 5, "update_ratio": lr / 3e-4 * 1e-3 * np.exp(rng.normal(0, 0.1, steps)),
        "opt_step": step + 1.0,
    }
    evals = np.full(steps, np.nan)
    every = max(1, steps // 100)
    evals[every - 1 :: every] = level[every - 1 :: every] * 1.1
    cols["val_loss"] = evals
    cols["val_acc"] = np.where(np.isfinite(evals), 1 - evals / 3, np.nan)
    for name in LAYERS:
        cols[f"grad_norm/{name}"] = grad / 3 * np.exp(rng.normal(0, 0.1, steps))
    for name in LAYERS:
        cols[f"update_ratio/{name}"] = cols["update_ratio"] * np.exp(rng.normal(0, 0.1, steps))
    df = pd.DataFrame(cols)
    df.to_csv(path, index=False, float_format="%.6g")
    return int(df.memory_usage(deep=True).sum())


def timed(cmd: list[str]) -> tuple[float, int]:
    """Wall time and peak RSS (bytes) of a child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(cmd)}: {proc.stderr.read().decode() if proc.stderr else ''}")
    return elapsed, usage.ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    py = sys.executable
    cli = [py, "-m", "lrdoctor.cli"]
    print(f"{'steps':>9} {'read s':>8} {'analyze s':>10} {'time x':>7} {'table MB':>9} {'read RSS MB':>12} "
          f"{'analyze RSS MB':>15} {'mem x table':>12} {'us/step':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for steps in args.sizes:
            path = Path(tmp) / f"run{steps}.csv"
            table = make_log(steps, path)
            reads, analyses, read_rss, analyze_rss = [], [], [], []
            for _ in range(args.reps):  # interleaved, so drifts of the machine hit both alike
                t, m = timed([py, "-c", f"import pandas; pandas.read_csv({str(path)!r})"])
                reads.append(t)
                read_rss.append(m)
                t, m = timed([*cli, "analyze", str(path), "--format", "json", "--fail-on", "never"])
                analyses.append(t)
                analyze_rss.append(m)
            _, idle = timed([py, "-c", "import pandas"])
            r, a = statistics.median(reads), statistics.median(analyses)
            extra = max(analyze_rss) - idle
            print(f"{steps:>9} {r:>8.2f} {a:>10.2f} {a / r:>7.2f} {table / 1e6:>9.1f} {max(read_rss) / 1e6:>12.0f} "
                  f"{max(analyze_rss) / 1e6:>15.0f} {extra / table:>12.2f} {a / steps * 1e6:>8.2f}")
    print("time x = analyze / bare pandas read (target <= 2); mem x table = (analyze peak RSS - an idle "
          "process that imported pandas) / loaded table size (target <= 3).")


if __name__ == "__main__":
    main()
