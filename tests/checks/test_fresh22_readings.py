"""Readings fixed after the fresh22 half of bench/fixcheck_runs.py (a tiny ConvNeXt, a SimSiam encoder, neural
collaborative filtering and an LSTM sequence autoencoder) was measured once, held out (session 26): each run was trained
by that bench, its fault confirmed by its counterfactual (sample_logs/fixcheck/labels.toml)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sample_runs import FIXCHECK as RUNS
from sample_runs import edited_run, scaled_ratios, signals

import lrdoctor
from lrdoctor.checks import lr_too_high
from lrdoctor.findings import LrAdvice


def findings(path: Path) -> dict[str, lrdoctor.Finding]:
    return {f.rule: f for f in lrdoctor.analyze(path).findings if f.severity != "info"}


def ramp_advice(path: Path) -> LrAdvice | None:
    """The lr advice of lr-too-high's ramp-turn reading alone (the report may lower it further: a tenth of an lr that
    killed units bounds every reading's advice, tests/checks/test_killing_lr.py)."""
    s = signals(path)
    hit = lr_too_high.ramp_turn(s, s.rule_params("lr-too-high"))
    return None if hit is None else hit.lr


def test_ratios_beyond_the_band_on_a_ramp_aim_the_lr_below_the_turn() -> None:
    """fresh22: a tiny ConvNeXt warmed up to AdamW 0.3 turned upward at lr 0.071, its update ratios 0.06-0.09 on the
    way up (the Adam band's top 0.03). A third of the turn, 0.024, retrained 21x its grid's best (0.0095, before a cliff
    at 0.03); aimed by the ratios on the ramp, 0.015, it ends below the grid's best."""
    advice = ramp_advice(RUNS / "convnext-adamw-warmup-cosine-peak-0p3.csv")
    assert advice is not None and advice.lr is not None and advice.lr < 0.02
    assert "ramp before the loss turned" in advice.basis


def test_ratios_within_the_band_on_a_ramp_leave_the_turn_advice(tmp_path: Path) -> None:
    """The look-alike: the same log with its update ratios divided by 4 (within the band on the ramp): the advice is
    a third of the lr at the turn, as before."""
    path = edited_run(tmp_path, "convnext-adamw-warmup-cosine-peak-0p3", scaled_ratios(0.25))
    advice = ramp_advice(path)
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


def test_weights_inflated_tenfold_by_a_first_step_beyond_the_band_is_an_lr_too_high() -> None:
    """fresh22: SimSiam at Adam 10 (1000x its grid's best lr): BatchNorm and the scale-free cosine loss keep it learning
    (-0.80 against -0.89), its first step 82x the weights' norm, the weights 345x by step 11. A loss that goes below 0 has
    no ratio to read a blow-up by; the weights' growth needs none. The lr advised aims the first step at the band's top:
    0.0036, retrained 1.03x its grid's best (-0.863 against -0.886)."""
    found = findings(RUNS / "simsiam-adam-lr-10-1000x.csv")["lr-too-high"]
    assert found.evidence["weight_norm_growth"] > 100
    assert found.lr is not None and found.lr.lr is not None and found.lr.lr < 0.01


def test_weights_that_grew_a_few_times_are_no_evidence(tmp_path: Path) -> None:
    """The look-alike: the same log with its weight norms held to at most 4x the first reading (a healthy Fourier
    operator at its best lr grew its weights 3.2x by 5% of its run)."""

    def held(frame: pd.DataFrame) -> pd.DataFrame:
        frame["weight_norm"] = frame["weight_norm"].clip(upper=4 * frame["weight_norm"].dropna().iloc[0])
        return frame

    assert "lr-too-high" not in findings(edited_run(tmp_path, "simsiam-adam-lr-10-1000x", held))


def test_weights_that_grew_over_a_thousand_steps_are_not_the_first_steps_doing(tmp_path: Path) -> None:
    """The same log with every step 100x later (a run 100x longer, logged every 100 steps): 5% of it is 2,000 steps, where
    a healthy run's weights drift far at any lr; the growth is read over the first 50 steps (100 for a second reading),
    and the weights' second reading, at step 1,001, is too late to tell."""

    def stretched(frame: pd.DataFrame) -> pd.DataFrame:
        frame["step"] = (frame["step"] - 1) * 100 + 1
        return frame

    assert "lr-too-high" not in findings(edited_run(tmp_path, "simsiam-adam-lr-10-1000x", stretched))


def test_weights_initialised_tiny_may_grow_many_times_over() -> None:
    """Skip-gram embeddings initialised at 0.01 (root mean square 0.0095) at Adam 0.03: the first step is beyond the band
    and the weights grow 40x in 5% of the run, as embeddings meant to grow from there do; the run is labelled a plateau
    (its decay retrained better), not an lr too high."""
    assert "lr-too-high" not in findings(RUNS / "sgns-adam-lr-0p03-constant-plateau.csv")
