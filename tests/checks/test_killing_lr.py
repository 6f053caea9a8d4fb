"""An lr that killed units during training bounds the lr advice of every reading of lr-too-high, and that lr is the
largest the run had used before the units were found dead (session 31; runs of bench/fixcheck_runs.py shipped as
labelled samples in sample_logs/fixcheck)."""

from __future__ import annotations

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


def test_a_ramp_turn_without_dead_units_keeps_its_own_advice() -> None:
    """The look-alike: a ConvNeXt warmed up to AdamW 0.3 whose loss turned upward with every unit alive keeps the
    advice its update ratios on the ramp give (0.015)."""
    report = lrdoctor.analyze(FIXCHECK / "convnext-adamw-warmup-cosine-peak-0p3.csv")
    assert "dead-units" not in {f.rule for f in report.findings}
    assert report.recommendation is not None and "update-to-weight ratio" in report.recommendation.basis


def test_the_lr_that_killed_units_is_the_largest_before_they_were_found_dead() -> None:
    """A 1-D U-Net under a cyclic NAdam schedule to 0.3: its per-layer gradient norms, read every 100 steps, found its
    units dead at step 101, in a trough of the cycle at lr 0.015. A tenth of that, 0.0015, was advised, 6x below its
    grid's best; the units died at the cycle's peak, and a tenth of it, 0.03, ends 54% lower than the faulty run."""
    report = lrdoctor.analyze(FIXCHECK / "seg1d-nadam-cyclic-peak-0p3.csv")
    found = {f.rule: f for f in report.findings}
    assert found["dead-units"].evidence["lr_at_death"] == 0.3
    assert found["dead-units"].fix["lr"] == found["lr-too-high"].fix["lr"] == 0.03


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
