"""Readings fixed after the fresh26 half of bench/fixcheck_runs.py (DeepONet, a transformer encoder-decoder adding
digits, a DeepAR-like forecaster, deep kernel learning) was measured once, held out (session 30): each run was trained
by that bench, its label set by its counterfactual and its neighbours on an lr grid (sample_logs/fixcheck/labels.toml)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sample_runs import FIXCHECK as RUNS

import lrdoctor
from lrdoctor.checks.lr_too_high import AT_CHANCE_DIVISOR


def alarms(path: Path) -> set[str]:
    return {f.rule for f in lrdoctor.analyze(path).findings if f.severity in ("warning", "error")}


def test_a_blow_up_that_took_two_epochs_to_come_down_and_stalled_is_an_lr_too_high() -> None:
    """fresh26: a DeepAR forecaster at Adam 1 logged once per epoch (no lr): epoch means 28.0, 3.07, then 1.593, 1.590,
    1.592, 1.592, 1.599, its validation loss 1.581 +- 0.001, the level of its init. The stall after the first epoch was
    not read: the loss still fell from the first epoch to the second, coming down from the blow-up. Nothing fired."""
    found = [f for f in lrdoctor.analyze(RUNS / "deepar-adam-lr-1-per-epoch.csv").findings if f.rule == "lr-too-high"]
    assert [(f.step_start, f.fix) for f in found] == [(2, {"lr_factor": 1 / AT_CHANCE_DIVISOR})]


def test_a_two_epoch_settle_without_a_blow_up_or_a_run_that_learns_is_not_stalled(tmp_path: Path) -> None:
    """The look-alikes: the same log with its first epoch's mean at 2x the stall (a model that settles in two epochs and
    converged: no blow-up to read), and the healthy DeepAR at Adam 3e-3 per epoch (its epoch means keep falling)."""
    frame = pd.read_csv(RUNS / "deepar-adam-lr-1-per-epoch.csv")
    frame.loc[0, "loss"] = 2 * frame["loss"].iloc[2:].median()
    frame.to_csv(calm := tmp_path / "calm.csv", index=False)
    assert "lr-too-high" not in alarms(calm)
    assert not alarms(RUNS / "deepar-adam-per-epoch.csv")
