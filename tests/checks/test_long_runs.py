"""A healthy run 1,000,000 steps long, logged every step, is still healthy: every healthy labelled sample run
stretched to 1,000,000 steps with its own noise (``bench/long_healthy.py``: its level laid over the long
axis, each new point given a residual drawn from the run's own residuals near that point) gets no warning
and no error. A threshold that a longer run crosses by chance alone (a count of spikes or gradient jumps
among ever more points of heavy-tailed batch noise) fails here: before the rules read every run at 2,000
points, 9 of these 23 runs raised alarms at 100,000 steps (lr-too-high from hundreds of "spikes",
exploding-gradients from hundreds of "jumps", missing-warmup, plateau)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sample_runs import stepped_runs

import lrdoctor

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from long_healthy import seeded, stretch  # noqa: E402

HEALTHY = [r for r in stepped_runs() if r.healthy]


@pytest.mark.parametrize("index", range(len(HEALTHY)), ids=[r.name for r in HEALTHY])
def test_a_healthy_run_stretched_to_a_million_steps_stays_silent(index: int) -> None:
    run = HEALTHY[index]
    meta_path = run.path.with_suffix(".json")
    meta = json.loads(meta_path.read_text()) if meta_path.is_file() else {}
    long = stretch(pd.read_csv(run.path), 1_000_000, seeded(run.name))  # the bench's draw
    loud = [f for f in lrdoctor.analyze(long, meta=meta).findings if f.severity in ("warning", "error")]
    assert loud == [], [f"{f.rule}: {f.message}" for f in loud]


def test_the_stretch_keeps_the_noise_of_the_run() -> None:
    """The bench's stretch is what it says: the same start, the same level, noise of the same size."""
    run = next(r for r in HEALTHY if r.name == "regression-sgdm-constant-log10")
    df = pd.read_csv(run.path)
    long = stretch(df, 100_000, np.random.default_rng(0))
    assert len(long) == 100_000 and long["loss"].iloc[0] == pytest.approx(df["loss"].iloc[0])
    short_noise = np.median(np.abs(np.diff(np.log(df["loss"].dropna().to_numpy()))))
    long_noise = np.median(np.abs(np.diff(np.log(long["loss"].to_numpy()))))
    assert 0.5 < long_noise / short_noise < 2.0
    assert long["loss"].iloc[-5000:].median() == pytest.approx(df["loss"].iloc[-10:].median(), rel=0.5)
