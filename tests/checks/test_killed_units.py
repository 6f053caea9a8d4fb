"""lr-too-high names units that died during training: runs of bench/fixcheck_runs.py copied into sample_logs/fixcheck
with their counterfactual labels. A detection CNN and a U-Net at SGD 1: the loss fell to a level and sat there while
every weight gradient went to exactly zero (lr 0.1 ends 46% and 53% lower; clipping at the norms before the jump
changed nothing for the CNN). Units dead from the first step are the init's doing, not the lr's."""

from __future__ import annotations

from pathlib import Path

import pytest

import lrdoctor

RUNS = Path(__file__).resolve().parents[2] / "sample_logs" / "fixcheck"


@pytest.mark.parametrize("name", ["detect-cnn-sgdm-lr-1-10x-from-step-1", "segment-unet-sgdm-lr-1-10x-from-step-1"])
def test_units_the_lr_killed_during_training_are_an_lr_too_high(name: str) -> None:
    report = lrdoctor.analyze(RUNS / f"{name}.csv")
    by_rule = {f.rule: f for f in report.findings}
    found, dead = by_rule["lr-too-high"], by_rule["dead-units"]
    assert "killed units" in found.message
    assert found.evidence["dead_since_step"] == dead.evidence["dead_since_step"] > report.first_step
    # one lr: 10x below the lr 1 they died at, the same as dead-units' and the run's recommendation
    assert found.fix == {"lr": pytest.approx(0.1)} and dead.fix["lr"] == pytest.approx(0.1)
    assert report.recommendation is not None and report.recommendation.lr == pytest.approx(0.1)


def test_units_dead_from_the_first_step_are_the_inits_doing_not_the_lrs() -> None:
    report = lrdoctor.analyze(RUNS / "detect-cnn-adam-fc-dead-at-init.csv")
    rules = {f.rule for f in report.findings}
    assert "dead-units" in rules and "lr-too-high" not in rules
    assert report.recommendation is None


@pytest.mark.parametrize("seed", range(40))
def test_a_column_alive_at_its_end_has_no_dead_stretch(seed: int) -> None:
    """``alive_at_end`` (the last finite norm, read without copying a long column) skips exactly the columns in
    which ``dead_since`` finds nothing because their last value is alive: NaN gaps, inf, zeros, a decay."""
    import numpy as np
    import pandas as pd

    from lrdoctor.checks.dead_units import Params, alive_at_end, dead_since
    from lrdoctor.frame import RunFrame
    from lrdoctor.signals import Signals

    rng = np.random.default_rng(seed)
    n = int(rng.integers(20, 400))
    values = np.exp(rng.normal(0, 1, n))
    if seed % 4 == 0:
        values[int(rng.integers(0, n)):] = 0.0
    if seed % 4 == 1:
        values *= np.logspace(0, -int(rng.integers(3, 9)), n)
    values[rng.random(n) < rng.random() * 0.9] = np.nan
    if seed % 5 == 0:
        values[int(rng.integers(0, n))] = np.inf
    steps = np.arange(n)
    s = Signals(RunFrame(df=pd.DataFrame({"step": steps, "loss": np.ones(n), "grad_norm": values}), source=Path("x.csv")))
    p = Params(dead_orders=6.0, min_dead_points=3, min_dead_frac=0.05)
    keep = np.isfinite(values)
    if alive_at_end(values, p):
        assert dead_since(s, steps[keep], values[keep], p) is None
    if seed % 4 == 0 and keep[-1]:
        assert not alive_at_end(values, p)
