"""Readings fixed after the fresh23 half of bench/fixcheck_runs.py (an ArcFace metric learner, LISTA, a neural temporal
point process and a categorical Gumbel-softmax VAE) was measured once, held out (session 27): each run was trained by
that bench, its fault confirmed by its counterfactual (sample_logs/fixcheck/labels.toml)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from sample_runs import FIXCHECK as RUNS
from sample_runs import edited_run

import lrdoctor


def findings(path: Path) -> dict[str, lrdoctor.Finding]:
    return {f.rule: f for f in lrdoctor.analyze(path).findings if f.severity != "info"}


def test_a_validation_loss_below_zero_that_blew_up_is_overfitting() -> None:
    """fresh23: a point process (a GRU of 128) on 16 sequences: its validation NLL per event bottomed out at -0.67 at
    step 120 and rose to 62 by step 800 (wildly: 3.9, 27, 5.4, 35) while the training NLL fell to -2.7. Read as it is
    (a loss below 0 has no log), the median deviation of the evaluations' second differences was the rise's own, which
    called the first three evaluations after the best, 0.02-0.41 above it, noise; stopping at the best evaluation
    retrained ends at -0.67 against 62."""
    found = findings(RUNS / "tpp-adam-16-sequences-overfits.csv")
    assert found["overfitting"].fix["early_stop_step"] == 120


def test_a_validation_loss_below_zero_that_wanders_near_its_best_is_no_overfitting(tmp_path: Path) -> None:
    """The look-alike: the same log with the evaluations after the best replaced by the best plus noise of the size of
    the first evaluations' changes (a deterministic draw)."""

    def settled(frame: pd.DataFrame) -> pd.DataFrame:
        rows = frame.index[frame["val_loss"].notna()]
        values = frame.loc[rows, "val_loss"].to_numpy()
        best = int(np.argmin(values))
        noise = np.random.default_rng(0).normal(0.0, 0.02, values.size - best - 1)
        frame.loc[rows[best + 1 :], "val_loss"] = values[best] + np.abs(noise)
        return frame

    assert "overfitting" not in findings(edited_run(tmp_path, "tpp-adam-16-sequences-overfits", settled))


def test_a_loss_below_zero_that_climbed_on_a_warmup_is_an_lr_too_high() -> None:
    """fresh23: a point process warmed up to AdamW 1 (its NLL per event goes below 0): lowest (0.19) at step 8, lr 0.1,
    it collapsed to 2.3-2.5 nats by step 20 and sat there until the cosine's end. Read on its own scale (no log of a
    loss below 0), and its held-out loss, first evaluated at step 40, after the collapse, has no word on the climb. The
    lr advised, 0.0069, retrained 1.02x its grid's best (-0.72 against 0.11)."""
    found = findings(RUNS / "tpp-adamw-warmup-cosine-peak-1.csv")["lr-too-high"]
    assert found.step_start <= 10 and found.lr is not None and found.lr.lr is not None and found.lr.lr < 0.05


def test_a_held_out_loss_that_saw_the_climb_and_did_not_rise_vetoes_it(tmp_path: Path) -> None:
    """The look-alike: the same log with an evaluation at step 1 at the collapsed level (2.39): the held-out loss was no
    better before the climb than after it, so the climb is the batches' own (the veto a warmup's noisy batch loss needs).
    (The run's peak is still read as too high, since session 48, by its first step scaled to the peak lr: 0.12 of the
    weights' norm at lr 0.0125, 9.4 at the peak of 1; not by the climb.)"""

    def witnessed(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[0, "val_loss"] = 2.39
        return frame

    found = findings(edited_run(tmp_path, "tpp-adamw-warmup-cosine-peak-1", witnessed)).get("lr-too-high")
    assert found is None or ("climb" not in found.evidence and "first_step_at_peak" in found.evidence)
