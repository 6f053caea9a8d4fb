"""Readings fixed after the fresh22 half of bench/fixcheck_runs.py (a tiny ConvNeXt, a SimSiam encoder, neural
collaborative filtering and an LSTM sequence autoencoder) was measured once, held out (session 26): each run was trained
by that bench, its fault confirmed by its counterfactual (sample_logs/fixcheck/labels.toml)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sample_runs import FIXCHECK as RUNS
from sample_runs import edited_run, scaled_ratios

import lrdoctor


def findings(path: Path) -> dict[str, lrdoctor.Finding]:
    return {f.rule: f for f in lrdoctor.analyze(path).findings if f.severity != "info"}


def test_ratios_beyond_the_band_on_a_ramp_aim_the_lr_below_the_turn() -> None:
    """fresh22: a tiny ConvNeXt warmed up to AdamW 0.3 turned upward at lr 0.071, its update ratios 0.06-0.09 on the
    way up (the Adam band's top 0.03). A third of the turn, 0.024, retrained 21x its grid's best (0.0095, before a cliff
    at 0.03); aimed by the ratios on the ramp, 0.015, it ends below the grid's best."""
    found = findings(RUNS / "convnext-adamw-warmup-cosine-peak-0p3.csv")
    advice = found["lr-too-high"].lr
    assert advice is not None and advice.lr is not None and advice.lr < 0.02
    assert "ramp before the loss turned" in advice.basis


def test_ratios_within_the_band_on_a_ramp_leave_the_turn_advice(tmp_path: Path) -> None:
    """The look-alike: the same log with its update ratios divided by 4 (within the band on the ramp): the advice is
    a third of the lr at the turn, as before."""
    path = edited_run(tmp_path, "convnext-adamw-warmup-cosine-peak-0p3", scaled_ratios(0.25))
    advice = findings(path)["lr-too-high"].lr
    assert advice is not None and advice.lr is not None and 0.02 < advice.lr < 0.03


def test_an_accuracy_fall_stops_early_at_the_best_validation_loss_before_it() -> None:
    """fresh22: a ConvNeXt at Adam 0.1 logged per epoch (Keras' CSVLogger columns): its training accuracy peaked in
    epoch 1 and fell to chance, but its validation loss had already risen 1.37 -> 2.07 in that epoch. Stopped after
    epoch 1 (the accuracy's best) it ended 15% worse than at the end; after epoch 0, the best validation loss before the
    fall, 24% better."""
    found = findings(RUNS / "per_epoch" / "convnext-adam-lr-0p1-per-epoch.csv")
    assert found["lr-too-high"].fix["early_stop_step"] == 0


def test_a_validation_loss_lowest_at_the_accuracy_best_keeps_that_stop(tmp_path: Path) -> None:
    """The look-alike: the same log with its first validation loss raised to 2.5, above epoch 1's: the best validation
    loss before the fall is at the accuracy's best, epoch 1, and the early stop stays there."""
    name = "convnext-adam-lr-0p1-per-epoch.csv"
    frame = pd.read_csv(RUNS / "per_epoch" / name)
    frame.loc[0, "val_loss"] = 2.5
    frame.to_csv(tmp_path / name, index=False)
    assert findings(tmp_path / name)["lr-too-high"].fix["early_stop_step"] == 1
