"""Readings fixed after the fresh19 half of bench/fixcheck_runs.py (a Fourier neural operator, a Kolmogorov-Arnold
network, a binarized CNN and an LSTM language model) was measured once, held out (session 24): each run was trained by
that bench, its fault confirmed by its counterfactual (sample_logs/fixcheck/labels.toml)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sample_runs import FIXCHECK as RUNS
from sample_runs import edited_run

import lrdoctor
from lrdoctor.checks.missing_warmup import SPIKE_CHANCE, early_share_chance


def rules(path: Path) -> set[str]:
    return {f.rule for f in lrdoctor.analyze(path).findings if f.severity != "info"}


def test_a_first_update_the_run_absorbed_at_once_is_no_missing_warmup() -> None:
    """A Fourier operator at Adam 0.03 with cosine decay (healthy: its lr grid's best): its first update threw the loss
    0.31 -> 0.49 and the gradient norm 22x, and within 20 steps the loss sat 1.5 below its start in log. Told to warm up
    over 7 steps, it retrained 3x worse."""
    assert "missing-warmup" not in rules(RUNS / "fno-adam-cosine-resumed-with-state.csv")


def test_the_same_throw_followed_by_a_stall_at_the_start_is_a_missing_warmup(tmp_path: Path) -> None:
    """The look-alike: the same log with the loss held near its first value for the 40 steps after the throw, as a
    graph network thrown to chance by its first step sat there (a warmup helped it 33%)."""

    def stalled(frame: pd.DataFrame) -> pd.DataFrame:
        first = float(frame.loc[0, "loss"])
        rows = frame.index[(frame["step"] >= 3) & (frame["step"] <= 42)]
        frame.loc[rows, "loss"] = first * np.where(np.arange(rows.size) % 2 == 0, 1.04, 0.97)
        return frame

    assert "missing-warmup" in rules(edited_run(tmp_path, "fno-adam-cosine-resumed-with-state", stalled))


def test_two_early_spikes_and_one_later_are_the_batches_noise() -> None:
    """A Fourier operator at RMSprop 3e-3 with cosine decay, logged every 4 steps (healthy): spikes at steps 17, 49 and
    65 of 400, two inside the first 15% (6% likely by chance). Told to warm up over 56 steps, it retrained 27% worse."""
    assert "missing-warmup" not in rules(RUNS / "fno-rmsprop-cosine-log4.csv")


def test_the_same_early_spikes_with_a_calm_rest_are_an_unstable_start(tmp_path: Path) -> None:
    """The look-alike: the same log with the loss after the early stretch smoothed (a rolling median of 5 points), so
    no spike comes later: the two early spikes are the start's."""

    def calm_later(frame: pd.DataFrame) -> pd.DataFrame:
        late = frame["loss"].notna() & (frame["step"] > 61)
        frame.loc[late, "loss"] = frame.loc[late, "loss"].rolling(5, center=True, min_periods=1).median()
        return frame

    assert "missing-warmup" in rules(edited_run(tmp_path, "fno-rmsprop-cosine-log4", calm_later))


def test_early_spikes_count_when_chance_rarely_puts_that_many_early() -> None:
    """The binomial tail behind it: two of three spikes in the first 15% happen 6% of the time by chance, three of four
    1.2%, two of two 2.25%."""
    assert early_share_chance(2, 3, 0.15) == pytest.approx(3 * 0.15**2 * 0.85 + 0.15**3)
    assert early_share_chance(2, 3, 0.15) > SPIKE_CHANCE > early_share_chance(3, 4, 0.15)
    assert early_share_chance(2, 2, 0.15) == pytest.approx(0.0225)


EPOCH_RUN = RUNS / "per_epoch" / "lstmlm-adam-short-text-overfits-per-epoch.csv"


def test_near_zero_epoch_means_that_wander_up_are_overfitting_not_the_lr() -> None:
    """An LSTM language model memorising a 1600-word text for 100 epochs: its validation loss rose from 2.13 (epoch 6)
    to 7.15 while the training loss fell to 0.013 in epoch 94, then went back to 0.11 in the last (x8 but 0.09, 2.6% of
    its first epoch's 3.6). Stopped at its best epoch it ends 70% better."""
    found = rules(EPOCH_RUN)
    assert "overfitting" in found and "lr-too-high" not in found


def test_a_real_climb_of_the_epoch_means_is_still_the_lr(tmp_path: Path) -> None:
    """The look-alike: the same log with its last five epoch means climbing to 0.8 (22% of the first epoch's mean)."""
    frame = pd.read_csv(EPOCH_RUN)
    frame.loc[frame.index[-5:], "loss"] = [0.1, 0.2, 0.4, 0.6, 0.8]
    frame.to_csv(tmp_path / EPOCH_RUN.name, index=False)
    assert "lr-too-high" in rules(tmp_path / EPOCH_RUN.name)


def test_a_kan_output_layer_initialised_large_in_one_of_its_two_paths() -> None:
    """A Kolmogorov-Arnold network whose last layer's spline coefficients were initialised 300x (the layer sums a spline
    path and a SiLU base path, the base weight the last tensor in parameter order): the spline's first update ratio sat
    130x below the other layers', the base path's at their median. Missed while only the last tensor was the output."""
    found = {f.rule: f for f in lrdoctor.analyze(RUNS / "kan-adam-head-x300.csv").findings}
    assert found["wrong-initial-loss"].severity == "error"
    assert "layers.2.spline.weight" in found["wrong-initial-loss"].message


def test_the_same_small_ratio_inside_the_network_is_no_output_layer(tmp_path: Path) -> None:
    """The look-alike: the same log with the first and last layers' spline columns swapped, so the 130x gap belongs to
    an inner layer (a regression has no expected first loss to read instead)."""

    def swapped(frame: pd.DataFrame) -> pd.DataFrame:
        names = {"layers.0.spline.weight": "layers.2.spline.weight", "layers.2.spline.weight": "layers.0.spline.weight"}
        return frame.rename(columns={f"{kind}/{a}": f"{kind}/{b}" for a, b in names.items()
                                     for kind in ("update_ratio", "grad_norm")})

    assert "wrong-initial-loss" not in rules(edited_run(tmp_path, "kan-adam-head-x300", swapped))


def test_a_blow_up_by_a_cycles_base_lr_that_left_the_model_near_chance() -> None:
    """A binarized CNN at a cyclic Adamax schedule from 0.05 to a peak of 1 (a peak of 0.01 ends 3.3x lower): after one
    update at 0.05 its loss jumped from 2.09 to 11.1, and it sat near chance (ln 8 = 2.08) for the rest of the run. The
    reading of a run that barely learned after a blow-up stood down because the lr had risen over the early stretch,
    as a warmup's does; it had not risen by the update that blew the model up."""
    found = {f.rule: f for f in lrdoctor.analyze(RUNS / "qat-adamax-cyclic-peak-1.csv").findings}
    assert found["lr-too-high"].lr is not None and found["lr-too-high"].lr.lr <= 0.01


def test_the_same_blow_up_on_the_cycles_rising_half_is_not_the_base_lrs(tmp_path: Path) -> None:
    """The look-alike: the same log with the jump moved to step 13, after the lr had risen 5x on the cycle's rising
    half: the lr that blew the model up is the ramp's, whose readings judge it, not the base lr's."""

    def later_jump(frame: pd.DataFrame) -> pd.DataFrame:
        loss = frame["loss"].to_numpy().copy()
        jump = loss[1:8].copy()
        loss[1:8] = loss[0] * np.array([0.99, 0.98, 0.99, 0.97, 0.98, 0.96, 0.97])
        loss[12:19] = jump
        frame["loss"] = loss
        return frame

    found = lrdoctor.analyze(edited_run(tmp_path, "qat-adamax-cyclic-peak-1", later_jump)).findings
    assert not any(f.rule == "lr-too-high" and "blew the model up" in f.message for f in found)
