"""lr-too-low's small steps (update ratios 15x or more below where healthy runs of the family sit) count when the
loss is still falling at the end; where a training loss logged every few steps is too noisy for its own trend to
say so, a validation loss that fell significantly over the last half of its evaluations does. Runs of
bench/fixcheck_runs.py copied into sample_logs/fixcheck with their counterfactual labels."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import lrdoctor
from lrdoctor.engine import load_run
from lrdoctor.signals import Signals

RUNS = Path(__file__).resolve().parents[2] / "sample_logs" / "fixcheck"


def test_a_masked_lm_at_sgd_100x_below_its_best_lr_is_told_to_raise_it() -> None:
    """BERT-style masked LM at SGD 0.01 (the counterfactual at 1.0 ends 30% lower), logged every 4 steps: its
    training trend over the last quarter is not significant, its last evaluations each lower."""
    name = "mlm-postln-sgd-lr-0p01-100x-low-log4"
    s = Signals(load_run(RUNS / f"{name}.csv"))
    quarter = (s.last_step - s.first_step) / 4
    assert not s.loss_trend(s.last_step - quarter, s.last_step + 1).falling  # why the training loss alone did not say it
    val = pd.read_csv(RUNS / f"{name}.csv")["val_loss"].dropna().to_numpy()
    assert np.all(np.diff(val[len(val) // 2 :]) < 0)
    found = next(f for f in lrdoctor.analyze(RUNS / f"{name}.csv").findings if f.rule == "lr-too-low")
    assert "validation loss is still falling" in found.message
    assert 0.01 * 10 < found.fix["lr"] <= 1.0  # raised toward where healthy SGD steps sit, not past the best


def test_a_healthy_sgd_run_whose_validation_loss_still_falls_stays_silent() -> None:
    """A pre-LN causal LM at SGD momentum, constant lr: still improving at the end, its steps in the band."""
    report = lrdoctor.analyze(RUNS / "hmm-preln-sgdm-constant-log5.csv")
    assert "lr-too-low" in report.checked
    assert not [f for f in report.findings if f.severity != "info"]
