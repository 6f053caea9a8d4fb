#!/usr/bin/env python
"""Every healthy labelled sample run stretched to 1,000,000 steps with its own noise, logged every step:
does any rule raise a warning or an error? A threshold that a longer run crosses by chance alone (a spike
count that grows with the number of points) shows up here as a false alarm.

How a run is stretched: each logged series (loss, grad_norm, update_ratio; in log space when positive) is
split into its level (a centred running median of 7 points) and its residuals (the point-to-point noise around the
level). The level is laid over the long step axis by linear interpolation on the run's fraction; every
new point gets a residual drawn at random from the run's own residuals logged near the same point of the
run (within 10% of it: the same noise distribution, outliers included, at the same rate per step). The lr, the weight norm and the epoch are interpolated
(a step cut becomes a ramp over about ``steps / rows`` steps); evaluations stay at their fraction of the
run. Per-layer columns, the optimizer's step counter and events are dropped (a healthy run needs none of
them to stay silent; faults on long runs are checked by tests/checks/test_scale_invariance.py, which keeps
every column). One seed per run, fixed by its name: the figures repeat, and adding a run changes no other run's draw.

    python bench/long_healthy.py                     # every healthy sample, 1,000,000 steps
    python bench/long_healthy.py --steps 100000 --only mlp-sgdm-cosine-log50
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from sample_runs import stepped_runs  # noqa: E402

import lrdoctor  # noqa: E402

NOISY = ("loss", "grad_norm", "update_ratio")
"""Series stretched as level + resampled residuals."""
SMOOTH = ("lr", "weight_norm", "epoch")
"""Series interpolated as they are."""
EVALS = ("val_loss", "val_acc", "train_acc")
LOCAL_SHARE = 0.1
"""A new point's residual is drawn from those logged within this share of the run around it..."""
LOCAL_POINTS = 20
"""...and at least this many of them."""
LEVEL_POINTS = 7
"""The running median that gives a series its level spans this many logged points: short enough to follow a
steep start (whose fall would otherwise count as noise), long enough to leave the noise out of the level."""


def level_and_residuals(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    level = pd.Series(y).rolling(LEVEL_POINTS, center=True, min_periods=1).median().to_numpy()
    return level, y - level


def local_draws(x: np.ndarray, residuals: np.ndarray, x_new: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A residual for each new point, drawn from the run's own residuals logged within ``LOCAL_SHARE`` of the
    run around it (at least ``LOCAL_POINTS`` of them): the noise of the steep start stays at the start."""
    half = max(LOCAL_SHARE / 2, LOCAL_POINTS / 2 / x.size)
    lo = np.searchsorted(x, x_new - half)
    hi = np.maximum(np.searchsorted(x, x_new + half, side="right"), lo + 1)
    return residuals[np.minimum(lo + (rng.random(x_new.size) * (hi - lo)).astype(int), x.size - 1)]


def stretch(df: pd.DataFrame, steps: int, rng: np.random.Generator) -> pd.DataFrame:
    """``df`` (one run's canonical log) laid over ``steps`` steps logged every step (see the docstring)."""
    old = df["step"].to_numpy(dtype=float)
    x_old = (old - old[0]) / max(old[-1] - old[0], 1.0)
    new_steps = np.arange(1, steps + 1)
    x_new = (new_steps - 1) / (steps - 1)
    out: dict[str, np.ndarray] = {"step": new_steps}
    for name in NOISY:
        if name not in df:
            continue
        values = df[name].to_numpy(dtype=float)
        keep = np.isfinite(values)
        if keep.sum() < 5:
            continue
        log = bool((values[keep] > 0).all())
        y = np.log(values[keep]) if log else values[keep]
        level, residuals = level_and_residuals(y)
        stretched = np.interp(x_new, x_old[keep], level) + local_draws(x_old[keep], residuals, x_new, rng)
        stretched[0] = y[0]  # the first value is the untrained model's, as it was
        out[name] = np.exp(stretched) if log else stretched
    for name in SMOOTH:
        if name in df:
            values = df[name].to_numpy(dtype=float)
            keep = np.isfinite(values)
            if keep.sum() >= 2:
                out[name] = np.interp(x_new, x_old[keep], values[keep])
    frame = pd.DataFrame(out)
    for name in EVALS:
        if name in df:
            values = df[name].to_numpy(dtype=float)
            rows = np.flatnonzero(np.isfinite(values))
            column = np.full(steps, np.nan)
            column[np.clip(np.round(x_old[rows] * (steps - 1)).astype(int), 0, steps - 1)] = values[rows]
            frame[name] = column
    return frame


def seeded(name: str) -> np.random.Generator:
    """The draws of one run, seeded by its name: adding a run changes no other run's stretch."""
    return np.random.default_rng(zlib.crc32(name.encode()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=1_000_000)
    parser.add_argument("--only", help="one run by name")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    runs = [r for r in stepped_runs() if r.healthy and (args.only is None or r.name == args.only)]
    loud: list[str] = []
    may = 0
    started = time.perf_counter()
    for run in runs:
        df = pd.read_csv(run.path)
        meta_path = run.path.with_suffix(".json")
        meta = json.loads(meta_path.read_text()) if meta_path.is_file() else {}
        long = stretch(df, args.steps, seeded(run.name))
        report = lrdoctor.analyze(long, meta=meta)
        alarms = [f for f in report.findings if f.severity in ("warning", "error")]
        allowed = bool(alarms) and all(f.rule in run.may_fire for f in alarms)
        mark = "may" if allowed else "ALARM" if alarms else "ok"
        print(f"{mark:5} {run.path.relative_to(ROOT / 'sample_logs')} ({len(df)} rows -> {len(long)})"
              + "".join(f"\n        {f.rule}: {f.message[:200]}" for f in alarms), flush=True)
        if alarms:
            loud.append(run.name)
            may += allowed
    print(f"\n{len(runs)} healthy runs stretched to {args.steps:,} steps logged every step: {len(loud)} with a warning "
          f"or error, {may} of them only from rules its label allows (a fault its counterfactual does not beat) "
          f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
