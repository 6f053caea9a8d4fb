"""Readings added in session 16, tuned on the fix-check halves fresh4 to fresh10 (each already measured once held out)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import lrdoctor

SAMPLES = Path(__file__).resolve().parents[2] / "sample_logs"
PER_EPOCH = SAMPLES / "fixcheck" / "per_epoch"


def alarms(report: lrdoctor.RunReport) -> set[str]:
    return {f.rule for f in report.findings if f.severity != "info"}


def test_a_per_epoch_accuracy_that_fell_to_chance_is_an_lr_too_high() -> None:
    """A MobileNet-like CNN at SGD-momentum 3, logged once per epoch: it reached 29% accuracy on 6 classes in 3 epochs,
    then sat at 17-18% (chance) for the 4 epochs left, its loss only 7% above its best, at ln 6. Nothing was found;
    at lr 0.1 it trains to a held-out loss 52% lower."""
    report = lrdoctor.analyze(PER_EPOCH / "mobile-cnn-sgdm-lr-3-per-epoch.csv")
    (finding,) = [f for f in report.findings if f.rule == "lr-too-high"]
    assert finding.step_start == 3 and finding.fix["early_stop_step"] == 3
    assert finding.fix["lr_factor"] <= 0.1


def test_an_accuracy_that_rises_or_restarts_is_no_lr_too_high(tmp_path: Path) -> None:
    """Healthy per-epoch logs with an accuracy stay silent, and so does a Keras ``CSVLogger`` file of two runs of the
    same model appended (``append=True``: the epoch starts again at 0), whose accuracy falls back where the second
    run starts afresh."""
    for name in ("keras-cnn-sgdm-step-decay.csv", "keras-mlp-sgdm-cosine.csv", "keras-charlm-gru-adam-onecycle.csv",
                 "keras-mlp-adam-overfit-noisy-labels.csv"):
        assert "lr-too-high" not in alarms(lrdoctor.analyze(SAMPLES / "per_epoch" / name)), name
    run = pd.read_csv(SAMPLES / "per_epoch" / "keras-mlp-sgdm-cosine.csv")
    path = tmp_path / "training_log.csv"
    pd.concat([run, run.iloc[:5]]).to_csv(path, index=False)
    assert "lr-too-high" not in alarms(lrdoctor.analyze(path))


def test_a_step_decay_in_the_first_window_before_the_loss_learned_is_premature() -> None:
    """A GIN at Adam 3e-3 whose MultiStepLR cut the lr 10x at step 16 of 500, its loss still 1.2 of a start of 1.7 on its
    way to 0.23: the 15 noisy points before the cut show no significant trend, so the cut was not read as made while
    the loss was falling fast, though its pace then collapsed to 1%. The same cut at 70% of the run ends 48% lower; the
    advised later decay, retrained, ends 10% lower. A healthy GIN whose step decay comes late stays silent."""
    report = lrdoctor.analyze(SAMPLES / "fixcheck" / "gin-adam-multistep-x0p1-at-3pct.csv")
    (finding,) = [f for f in report.findings if f.rule == "premature-decay"]
    assert finding.fix["decay_from"] == 16 and finding.fix["decay_step"] > 16
    assert "15 steps before" in finding.message
    assert not alarms(lrdoctor.analyze(SAMPLES / "fixcheck" / "gin-sgdm-step-decay-log10.csv"))
