"""Readings fixed after the fresh27 half of bench/fixcheck_runs.py (a Relation Network, GRU-D, a linear-attention LM, a
Conv-TasNet-like separator) was measured once, held out (session 30): each run was trained by that bench, its label set
by its counterfactual and its neighbours on an lr grid (its label in bench/out/fixcheck/fresh27/labels.toml when
trained; the run used here is in tests/data/fixcheck)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
from sample_runs import FIXCHECK, edited_run

import lrdoctor

RUNS = Path(__file__).resolve().parents[1] / "data" / "fixcheck"
NAME = "relnet-sgd-lr-0p1-no-clip-explodes"


def test_an_optimizer_without_state_is_never_told_it_was_reset() -> None:
    """fresh27: a Relation Network at plain SGD 0.1 (momentum 0, as its sidecar says), no clipping: its loss jumped at
    regular intervals, and optimizer-reset called that an optimizer re-created every epoch, an error that explained away
    lr-too-high. Plain SGD keeps no state: creating it once changed nothing. Now the rule is not applicable, and
    lr-too-high speaks (its lr 0.033 retrained 1.00x its grid's best)."""
    report = lrdoctor.analyze(RUNS / f"{NAME}.csv")
    assert "optimizer-reset" in report.not_checked
    assert {f.rule for f in report.findings} >= {"lr-too-high", "exploding-gradients"}


def test_the_same_jumps_under_momentum_are_read_for_a_reset(tmp_path: Path) -> None:
    """The look-alike: the same log with a sidecar saying SGD with momentum 0.9, whose buffer a re-created optimizer
    would lose: the rule reads the jumps again."""
    shutil.copy(RUNS / f"{NAME}.csv", tmp_path / f"{NAME}.csv")
    meta = json.loads((RUNS / f"{NAME}.json").read_text())
    meta["optimizer_params"]["momentum"] = 0.9
    (tmp_path / f"{NAME}.json").write_text(json.dumps(meta))
    report = lrdoctor.analyze(tmp_path / f"{NAME}.csv")
    assert "optimizer-reset" in report.checked


GROWING = "tasnet-nadam-exponential-gamma-1p02"


def test_a_climb_under_an_lr_that_grows_to_the_end_is_an_lr_too_high() -> None:
    """fresh27: a separator under NAdam with ExponentialLR(gamma=1.02) per batch: its negative SI-SNR fell from +23.6 dB
    to -9.2 dB by lr 0.05 and climbed back 3.3 dB as the lr grew on to 2.7, its validation loss up 2.4 dB from its best.
    The climb was read against the whole descent from an untrained model (25 dB) and nothing was said; the constant lr
    ends 43% lower. An lr that only grows from the turn on will not bring the loss back down: the climb, shared by the
    held-out loss, counts. It is told in dB, not as a factor (x26). The fix holds the lr constant below the turn: the
    schedule's peak lowered to a third of the turn, the growth kept, retrained 43% worse than the faulty run (the
    constant lr is its counterfactual)."""
    report = lrdoctor.analyze(FIXCHECK / f"{GROWING}.csv")
    found = {f.rule: f for f in report.findings}
    assert set(found) == {"lr-too-high"}
    assert "ExponentialLR(gamma=1.02)" in found["lr-too-high"].message
    assert "climbed by 3.27" in found["lr-too-high"].message
    assert found["lr-too-high"].fix["schedule"] == "constant" and found["lr-too-high"].fix["lr"] < 0.05
    assert report.recommendation is not None and report.recommendation.schedule == "constant"
    assert "held constant" in report.recommendation.text


def test_a_climb_at_the_top_of_a_warmup_keeps_its_schedule() -> None:
    """The look-alike: a climb as the lr rose on a warmup that ends before the run does (a ConvNeXt warmed up to AdamW
    0.3 and decayed by a cosine, fresh22's labelled sample) is told to lower the peak; its schedule is no fault, and the
    fix keeps it."""
    report = lrdoctor.analyze(FIXCHECK / "convnext-adamw-warmup-cosine-peak-0p3.csv")
    found = {f.rule: f for f in report.findings}
    assert "lr-too-high" in found and "schedule" not in found["lr-too-high"].fix
    assert report.recommendation is not None and report.recommendation.schedule is None


def test_the_same_climb_without_the_held_out_loss_rising_is_the_batches(tmp_path: Path) -> None:
    """The look-alike: the same log with its validation loss edited to keep falling (each evaluation 0.2 dB below the
    one before from its best on): a climb of the batch losses the held-out loss did not share says nothing."""

    def falling(frame: pd.DataFrame) -> pd.DataFrame:
        rows = frame.index[frame["val_loss"].notna()]
        values = frame.loc[rows, "val_loss"].to_numpy(copy=True)
        best = int(np.argmin(values))
        values[best:] = values[best] - 0.2 * np.arange(values.size - best)
        frame.loc[rows, "val_loss"] = values
        return frame

    path = edited_run(tmp_path, GROWING, falling)
    assert "lr-too-high" not in {f.rule for f in lrdoctor.analyze(path).findings}
