"""Readings fixed after the fresh21 half of bench/fixcheck_runs.py (a NeRF-like volume renderer, a conditional VAE, a
1-D U-Net segmenter and a GRU4Rec recommender) was measured once, held out (session 26): each run was trained by that
bench, its fault confirmed by its counterfactual (sample_logs/fixcheck/labels.toml and per_epoch/labels.toml)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
from sample_runs import FIXCHECK as RUNS
from sample_runs import edited_run

import lrdoctor


def findings(path: Path) -> dict[str, lrdoctor.Finding]:
    return {f.rule: f for f in lrdoctor.analyze(path).findings if f.severity != "info"}


def first_loss_after(factor: float) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """An edit of a log that sets the second logged loss to ``factor`` times the first."""

    def edit(frame: pd.DataFrame) -> pd.DataFrame:
        rows = frame.index[frame["loss"].notna()]
        frame.loc[rows[1], "loss"] = factor * float(frame.loc[rows[0], "loss"])
        return frame

    return edit


def scaled_first_ratio(factor: float) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """An edit of a log that multiplies the first logged update ratio by ``factor``."""

    def edit(frame: pd.DataFrame) -> pd.DataFrame:
        first = frame.index[frame["update_ratio"].notna()][0]
        frame.loc[first, "update_ratio"] = factor * float(frame.loc[first, "update_ratio"])
        return frame

    return edit


def test_a_hard_first_throw_by_a_step_beyond_the_band_is_a_missing_warmup() -> None:
    """A 1-D U-Net at Adam 0.05 from step 1: its first update moved the weights 0.74 of their norm (the Adam band's
    first-step top 0.3) and threw the loss x2.6, its gradient norm 90x; within 20 steps it sat below its start, so the
    throw read as absorbed and nothing but a plateau info was said. A 60-step warmup ends 29% lower."""
    found = findings(RUNS / "seg1d-adam-lr-0p05-no-warmup.csv")
    assert "missing-warmup" in found and found["missing-warmup"].fix["warmup_steps"] >= 8


def test_the_hard_throw_counts_without_a_gradient_jump() -> None:
    """A NeRF-like renderer at Adam 0.1: its first step 1.1 of the weights' norm, the loss x1.9 after it while the
    gradient norm fell. A 60-step warmup ends 44% lower."""
    assert "missing-warmup" in findings(RUNS / "nerf-adam-lr-0p1-no-warmup.csv")


def test_a_throw_below_twice_a_spike_that_the_run_absorbed_is_still_no_missing_warmup(tmp_path: Path) -> None:
    """The look-alike: the U-Net's log with the loss after the first step x1.55 (0.44 in log, the healthy Fourier
    operator's throw, whose warmup ended 3x worse): an absorbed throw that size stays the batches' business."""
    path = edited_run(tmp_path, "seg1d-adam-lr-0p05-no-warmup", first_loss_after(1.55))
    assert "missing-warmup" not in findings(path)


def test_the_same_throw_by_a_first_step_within_the_band_is_no_missing_warmup(tmp_path: Path) -> None:
    """The look-alike: the U-Net's log with its first update ratio divided by 10 (0.074, inside the first-step band):
    the same throw, absorbed, by a step a sane lr takes, is not read as a missing warmup."""
    path = edited_run(tmp_path, "seg1d-adam-lr-0p05-no-warmup", scaled_first_ratio(0.1))
    assert "missing-warmup" not in findings(path)


def test_the_healthy_fourier_operator_stays_quiet() -> None:
    """The healthy Fourier operator of fresh19 at Adam 0.03 (first step 0.68 of its weights' norm, the loss x1.55 after
    it, absorbed within 20 steps): its warmup, retrained, ended 3x worse."""
    assert "missing-warmup" not in findings(RUNS / "fno-adam-cosine-resumed-with-state.csv")


def test_epoch_means_that_froze_after_the_first_epoch_are_an_lr_too_high() -> None:
    """A NeRF-like renderer at Adam 0.3 logged once per epoch (epoch, loss, val_loss; no lr): its first epoch's mean
    0.2966, then 0.310853 for 49 epochs and its validation loss fixed at 0.314673: the outputs no longer follow the
    weights. It was read as a plateau that 'never moved', with an early stop at step 0; a tenth of its lr is its
    grid's best. The advice is 30x lower, as for any per-epoch log without an lr whose model the lr wrecked."""
    found = findings(RUNS / "per_epoch" / "nerf-adam-lr-0p3-per-epoch.csv")
    assert set(found) == {"lr-too-high"}
    assert found["lr-too-high"].fix["lr_factor"] < 0.1


def per_epoch_copy(tmp_path: Path, edit: Callable[[pd.DataFrame], pd.DataFrame]) -> Path:
    name = "nerf-adam-lr-0p3-per-epoch.csv"
    edit(pd.read_csv(RUNS / "per_epoch" / name)).to_csv(tmp_path / name, index=False)
    return tmp_path / name


def test_epoch_means_frozen_at_their_best_are_no_collapse(tmp_path: Path) -> None:
    """The look-alike: the same log with its first ten epoch means falling steadily from 0.5 to the frozen level (a
    model that reached its floor and stayed there, as a schedule at zero leaves one): no lr-too-high."""

    def descent_first(frame: pd.DataFrame) -> pd.DataFrame:
        frozen = float(frame.loc[10, "loss"])
        frame.loc[:9, "loss"] = [frozen + (0.5 - frozen) * (10 - i) / 10 for i in range(10)]
        return frame

    assert "lr-too-high" not in findings(per_epoch_copy(tmp_path, descent_first))


def test_epoch_means_that_still_move_are_no_freeze(tmp_path: Path) -> None:
    """The look-alike: the same log with the epoch means after the first drifting by 0.1% an epoch: the outputs
    still follow the weights."""

    def drifting(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[1:, "loss"] = frame.loc[1:, "loss"] * (1.0 + 0.001 * (frame.index[1:] % 2))
        return frame

    assert "lr-too-high" not in findings(per_epoch_copy(tmp_path, drifting))

