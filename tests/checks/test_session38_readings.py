"""Readings fixed in session 38, on runs of the fix-check half fresh54 of bench/fixcheck_runs.py (trained by that bench,
the fault confirmed by its counterfactual, or labelled healthy; tests/data/fixcheck): a climb on an lr ramp is read
against the noise of the level at its ends, and the level at the run's first point is a single batch's loss."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sample_runs import signals, warned

import lrdoctor

DATA = Path(__file__).resolve().parents[1] / "data" / "fixcheck"


def test_a_cycle_s_first_batch_is_no_level_to_climb_from() -> None:
    """A healthy log-normal MLP under a triangular2 cycle at SGD-momentum 0.001-0.01: its first batch's negative
    log-likelihood was a low draw (1.72; the next twelve 1.67-3.03), and read as the level there, the loss "climbed x1.3
    as the lr rose" from step 1: told a third of its base lr, it retrained 55% worse (2.02 against 1.30; its grid's best,
    0.03, 1.19). The smoothed level at the first point is that point alone, as noisy as any batch."""
    path = DATA / "lognormal-sgdm-cyclic-triangular2.csv"
    s = signals(path)
    assert float(s.smooth[0]) < float(np.median(s.smooth[1:13])) - 0.15  # the first point sits far below those after it
    assert s.smooth_noise_at(0) == s.noise and s.smooth_noise_at(0) > 3 * s.smooth_noise
    assert s.smooth_noise_at(s.smooth_points) == s.smooth_noise  # inside the run: the smoother's whole window
    assert "lr-too-high" not in warned(path)
    assert lrdoctor.analyze(path).recommendation is None


def test_a_warmup_that_threw_the_model_near_its_start_is_still_read() -> None:
    """The look-alike that must still be found: a residual gated graph convolution net warmed up to AdamW 1, its loss
    lowest at step 3 (the level of five points) and climbing x2.6 as the lr rose, to chance for the rest of the run
    (held-out 1.40 at seeds 0 and 1; a peak of 3e-3: 0.56-0.58)."""
    path = DATA / "gatedgcn-adamw-warmup-cosine-peak-1.csv"
    assert "lr-too-high" in warned(path)
    (hit,) = [f for f in lrdoctor.analyze(path).findings if f.rule == "lr-too-high"]
    assert "turned upward as the lr rose" in hit.message and hit.step_start <= 5


KERAS = Path(__file__).resolve().parents[2] / "sample_logs" / "per_epoch" / "keras-charlm-gru-adam-onecycle.csv"


def test_a_per_epoch_log_whose_loss_is_nan_from_the_first_epoch_is_a_non_finite_loss() -> None:
    """An mLSTM classifier at Adam 1 logged per epoch: loss and val_loss `nan` from the first epoch, its accuracies still
    logged. Each row carries evaluation values, and the rows were read as evaluation rows whose training loss was not
    logged: "no problems found", `lrdoctor check` exit 0. A loss the log wrote as NaN is a finding."""
    from click.testing import CliRunner

    from lrdoctor.cli import main

    path = DATA / "mlstm-adam-lr-1-per-epoch.csv"
    (hit,) = [f for f in lrdoctor.analyze(path).findings if f.rule == "non-finite-loss"]
    assert str(hit.severity) == "error" and hit.step_start == 0 and hit.step_end == 8
    assert CliRunner().invoke(main, ["check", str(path)]).exit_code == 1


def test_a_per_epoch_log_that_turns_nan_later_is_found_and_one_without_a_loss_is_not(tmp_path: Path) -> None:
    """A Keras log of a real run (a GRU language model under one-cycle Adam) made to write `nan` for its losses from the
    fourth epoch on, its accuracies still logged, is a non-finite loss from that epoch (also with a header padded with
    spaces, whose loss column is found by its position); the same log with its training loss cells left empty (a log
    that does not record it) is no finding: an empty cell is not a NaN; and where the loss column mixes empty cells with
    written ones, the empty ones stay "not logged" (the finding starts at the written `inf`, not at the empty cell)."""
    import pandas as pd

    log = pd.read_csv(KERAS)
    nan = log.copy()
    nan.loc[3:, ["loss", "val_loss"]] = float("nan")
    for name, header in (("nan-from-epoch-3.csv", True), ("padded.csv", [f" {c}" for c in log.columns])):
        nan_path = tmp_path / name
        nan.to_csv(nan_path, index=False, na_rep="nan", header=header)
        (hit,) = [f for f in lrdoctor.analyze(nan_path).findings if f.rule == "non-finite-loss"]
        assert hit.step_start == 3
    mixed = log.astype({"loss": object})
    mixed.loc[2, "loss"], mixed.loc[5, "loss"] = "", "inf"
    mixed_path = tmp_path / "empty-at-2-inf-at-5.csv"
    mixed.to_csv(mixed_path, index=False)
    (hit,) = [f for f in lrdoctor.analyze(mixed_path).findings if f.rule == "non-finite-loss"]
    assert (hit.step_start, hit.step_end) == (5, 5)
    empty = log.copy()
    empty["loss"] = float("nan")
    empty_path = tmp_path / "no-training-loss.csv"
    empty.to_csv(empty_path, index=False)  # NaN written as an empty cell
    assert "non-finite-loss" not in {f.rule for f in lrdoctor.analyze(empty_path).findings}
    assert "non-finite-loss" not in warned(KERAS)
