"""Readings fixed after the fresh18 half of bench/fixcheck_runs.py (a masked autoencoder, a Hamiltonian network,
N-BEATS and a negative-binomial count regression) was measured once, held out (session 23): each run was trained by
that bench, its fault confirmed by its counterfactual (sample_logs/fixcheck/labels.toml)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from sample_runs import FIXCHECK as RUNS
from sample_runs import edited_run, with_optimizer

import lrdoctor


def findings(path: Path) -> dict[str, lrdoctor.Finding]:
    return {f.rule: f for f in lrdoctor.analyze(path).findings if f.severity != "info"}


def test_steps_grown_past_the_band_before_a_nan_at_step_21_are_the_lr() -> None:
    """N-BEATS at SGD-momentum 1: its loss fell 0.63 -> 0.28 for 12 steps, jumped, and its update ratios sat at 0.13-0.25
    (above the SGD band's 0.05) until it overflowed at step 21, one step past the 20 within which a NaN counted as a
    blow-up from the start. Only non-finite-loss spoke (lr / 3); the grid's best lr is a tenth."""
    found = findings(RUNS / "nbeats-sgdm-lr-1-overflows-nan.csv")
    assert "lr-too-high" in found
    assert found["lr-too-high"].lr.lr == found["non-finite-loss"].lr.lr == 0.1


def test_a_model_that_learned_nothing_before_its_nan_was_blown_up_by_the_lr() -> None:
    """A masked autoencoder at SGD-momentum 1 bounced 0.77-1.17 around its untrained 1.03 for 20 steps, ratios inside the
    band, and overflowed at step 22: no step was stable."""
    found = findings(RUNS / "mae-sgdm-lr-1-overflows-nan.csv")
    assert "lr-too-high" in found and found["lr-too-high"].lr.lr == 0.1


def test_a_nan_after_steps_that_learned_within_the_band_is_not_read_as_the_lr(tmp_path: Path) -> None:
    """The look-alike: the N-BEATS run with its update ratios inside the band up to the NaN (the loss fell by more than
    40% first): a step was stable, so the NaN is not the lr's by these readings."""

    def in_band(frame: pd.DataFrame) -> pd.DataFrame:
        frame["update_ratio"] = np.where(frame["loss"].notna(), np.minimum(frame["update_ratio"], 0.04), np.nan)
        return frame

    found = findings(edited_run(tmp_path, "nbeats-sgdm-lr-1-overflows-nan", in_band))
    assert "non-finite-loss" in found and "lr-too-high" not in found


def test_large_steps_on_a_plateau_the_held_out_loss_does_not_share_are_convergence() -> None:
    """A negative-binomial count regression at Adam 1e-3 (healthy): its NLL fell 2.25 -> 1.85, its floor, and stayed,
    the steps large enough to bounce; its held-out loss varied 0.6% over 7 evaluations. It was warned of a plateau to
    decay at step 400; retrained so, and at the lr / or x sqrt(10), nothing changed."""
    found = [f for f in lrdoctor.analyze(RUNS / "negbin-adam-constant-long-avg20.csv").findings if f.rule == "plateau"]
    assert [f.severity for f in found] == ["info"]


def test_the_same_plateau_with_a_held_out_loss_that_bounces_is_still_a_warning(tmp_path: Path) -> None:
    """The look-alike: the same log with its evaluations jittering 4% around their level, as bouncing weights make them."""

    def jitter(frame: pd.DataFrame) -> pd.DataFrame:
        evaluated = frame["val_loss"].notna()
        signs = np.where(np.arange(int(evaluated.sum())) % 2 == 0, 1.04, 0.96)
        frame.loc[evaluated, "val_loss"] = frame.loc[evaluated, "val_loss"] * signs
        return frame

    assert "plateau" in findings(edited_run(tmp_path, "negbin-adam-constant-long-avg20", jitter))


def test_an_adagrad_raise_aims_where_healthy_adagrad_runs_sit() -> None:
    """A Hamiltonian network at Adagrad 1e-3 (its grid's best 0.1; the counterfactual 0.03): aimed at where healthy
    Adam-family runs sit (5e-3) its ratio of 6.4e-4 was raised 8x, to 0.0081, which retrained 2.8x the grid's best
    loss; healthy Adagrad runs sit near 2e-2."""
    found = findings(RUNS / "hnn-adagrad-lr-1e-3-30x-low-log5.csv")
    assert 0.02 <= found["lr-too-low"].lr.lr <= 0.05


def test_the_same_crawl_under_adam_keeps_the_adam_family_target(tmp_path: Path) -> None:
    """The look-alike: the same log said to come from Adam, whose healthy runs sit lower in the band (its raise is
    steeper instead: an Adam step grows slower than its lr)."""
    found = findings(with_optimizer(tmp_path, "hnn-adagrad-lr-1e-3-30x-low-log5", "Adam"))
    assert "band (0.005)" in found["lr-too-low"].lr.basis
    assert "band (0.02)" in findings(RUNS / "hnn-adagrad-lr-1e-3-30x-low-log5.csv")["lr-too-low"].lr.basis
