"""A validation loss that fell, bottomed out and climbed back while the training loss climbed with it, at a
constant lr, is an lr too high (lr-too-high), not overfitting; and overfitting's "never improved" is said only
of a validation loss that did not improve. Real runs: a fix-check run whose counterfactual (a 7x lower lr)
ends 26% lower (sample_logs/fixcheck/labels.toml has its provenance), and sample runs as look-alikes."""

from __future__ import annotations

from pathlib import Path

import pytest

import lrdoctor

SAMPLES = Path(__file__).resolve().parents[2] / "sample_logs"
DIVERGED = SAMPLES / "fixcheck" / "signals-cnn-sgdm-lr-0p07-diverges-after-dip.csv"


def test_both_losses_climbing_at_a_constant_lr_is_an_lr_too_high() -> None:
    report = lrdoctor.analyze(DIVERGED)
    (high,) = [f for f in report.findings if f.rule == "lr-too-high"]
    assert "validation loss bottomed out" in high.message and "training loss rose with it" in high.message
    assert high.fix["lr"] < 0.07 / 2 and high.fix["early_stop_step"] == high.evidence["best_step"]
    assert high.evidence["train_log_rise"] > 0
    assert "overfitting" not in {f.rule for f in report.findings}
    assert report.recommendation is not None and report.recommendation.lr == high.fix["lr"]


def test_never_improved_is_not_said_of_a_validation_loss_that_fell_first() -> None:
    """Before: 'The validation loss never improved over 10 evaluations' of a series that went 1.00 -> 0.53 -> 0.76."""
    for f in lrdoctor.analyze(DIVERGED, select=["overfitting"]).findings:
        assert "never improved" not in f.message


@pytest.mark.parametrize("name", ["cnn-sgdm-overfit-small-train", "mlp-adam-overfit-small-train"])
def test_a_validation_climb_while_the_training_loss_falls_stays_overfitting(name: str) -> None:
    rules = {f.rule for f in lrdoctor.analyze(SAMPLES / f"{name}.csv").findings}
    assert "overfitting" in rules and "lr-too-high" not in rules


def test_a_level_validation_series_with_one_last_jump_is_not_a_climb() -> None:
    """A post-LN transformer at a constant Adam lr whose evaluations hover (1.52-1.65) and jump once at the end:
    its counterfactual (a warmup) is no better; no lr-too-high."""
    report = lrdoctor.analyze(SAMPLES / "fixcheck" / "hmm-postln2-adam-lr-0p05-no-warmup.csv")
    assert "lr-too-high" not in {f.rule for f in report.findings}
