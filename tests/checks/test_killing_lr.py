"""An lr that killed units during training bounds the lr advice of every reading of lr-too-high, and that lr is the
largest the run had used before the throw that killed them, or before they were found dead (sessions 31 and 35; runs
of bench/fixcheck_runs.py shipped as labelled samples in sample_logs/fixcheck)."""

from __future__ import annotations

import pytest
from sample_runs import FIXCHECK

import lrdoctor


def test_an_lr_that_killed_units_bounds_a_ramp_turn_advice() -> None:
    """A TabNet-like model warmed up to AdamW 1: its loss turned upward on the warmup, and the update ratios on the ramp
    aimed the lr at 0.26, while its units were dead by step 101. An lr that kills units is at least 10x too high: the
    advice is a tenth of the warmup's peak, 0.1, its grid's best (0.26 sits beside 0.32, which ends 2.5x worse)."""
    report = lrdoctor.analyze(FIXCHECK / "tabnet-adamw-warmup-cosine-peak-1.csv")
    found = {f.rule: f for f in report.findings}
    assert "lr-too-high" in found and found["lr-too-high"].fix["lr"] <= 0.1
    assert report.recommendation is not None and "killed the units" in report.recommendation.basis


def test_a_ramp_turn_aims_below_the_throw_that_killed_units() -> None:
    """A ConvNeXt warmed up to AdamW 0.3 whose loss turned upward on the ramp: the update ratios on the ramp aim the lr at
    0.015, and its units, found dead at step 101 (dead-units, explained by the climb), were thrown at step 30 (lr 0.11),
    whose tenth is lower. Its grid's best is 0.0095, before a cliff at 0.03 (fresh22). Until session 35 the killing lr
    was the largest before step 101, 0.3, whose tenth bounded nothing."""
    report = lrdoctor.analyze(FIXCHECK / "convnext-adamw-warmup-cosine-peak-0p3.csv")
    assert "dead-units" not in {f.rule for f in report.findings}
    assert report.recommendation is not None and report.recommendation.lr is not None
    assert "killed the units" in report.recommendation.basis and 0.0095 <= report.recommendation.lr < 0.015


def test_the_lr_that_killed_units_is_the_largest_before_the_throw_that_killed_them() -> None:
    """A 1-D U-Net under a cyclic NAdam schedule to 0.3: its per-layer gradient norms, read every 100 steps, found its
    units dead at step 101, in a trough of the cycle at lr 0.015. A tenth of that, 0.0015, was advised, 6x below its
    grid's best (session 31: the largest lr before they were found dead, the cycle's peak 0.3, was read instead, and a
    tenth of it, 0.03, ends 54% lower than the faulty run). Its gradient norm jumped at step 14 (lr 0.089), between its
    last reading alive and its first dead (session 35): a tenth of that lr, 0.0089, sits at its grid's best (0.0095)."""
    report = lrdoctor.analyze(FIXCHECK / "seg1d-nadam-cyclic-peak-0p3.csv")
    found = {f.rule: f for f in report.findings}
    assert found["dead-units"].evidence["lr_at_death"] == pytest.approx(0.089, rel=0.01)
    assert found["dead-units"].fix["lr"] == found["lr-too-high"].fix["lr"] == pytest.approx(0.0089, rel=0.02)


def test_tensors_that_flowed_and_died_are_trainings_doing_whatever_was_zero_from_the_start() -> None:
    """fresh28: a spatial transformer warmed up to AdamW 1. Its localisation layer's weights have no gradient at step 1
    by design (the layer after it starts at zero, the identity transform); its other 5 weight tensors flowed at step 1
    and were zero from step 101. dead-units read the earliest zero, "dead from the first logged step: fix the init",
    and gave no lr; the same init trains at a peak of 3e-3 (83% lower). Now the deaths in training speak: the lr."""
    report = lrdoctor.analyze(FIXCHECK / "stn-adamw-warmup-cosine-peak-1.csv")
    found = {f.rule: f for f in report.findings}
    assert "5 of them flowed at first and died during training" in found["dead-units"].message
    assert found["dead-units"].fix["lr"] == found["lr-too-high"].fix["lr"] <= 0.1


def test_tensors_all_zero_from_the_first_step_are_the_inits() -> None:
    """The look-alike: a detection CNN whose every weight gradient is zero from the first step (its biases at -30: the
    init's doing) is told to fix the init, with no lr."""
    report = lrdoctor.analyze(FIXCHECK / "detect-cnn-adam-fc-dead-at-init.csv")
    found = {f.rule: f for f in report.findings}
    assert "dead from the first logged step" in found["dead-units"].message and "lr" not in found["dead-units"].fix
