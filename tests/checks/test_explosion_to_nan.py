"""An explosion that ends the run in its first steps, before any running median of the gradient norm exists:
exploding-gradients says so and clips at the one norm before it. Real run: a residual MLP without
normalisation at SGD 0.5 (norms 26, 2125, 6e8, then NaN), whose counterfactual (clipping) trains; its lr
fix alone does not (no lr of a 4-decade grid ends finite without clipping). Provenance in
sample_logs/fixcheck/labels.toml."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import lrdoctor

SAMPLES = Path(__file__).resolve().parents[2] / "sample_logs"
BLOWN = SAMPLES / "fixcheck" / "tabres-nonorm-sgd-lr-0p5-no-clip-explodes.csv"


def test_an_explosion_to_nan_in_the_first_steps_is_exploding_gradients() -> None:
    report = lrdoctor.analyze(BLOWN)
    (found,) = [f for f in report.findings if f.rule == "exploding-gradients"]
    first_norm = float(pd.read_csv(BLOWN)["grad_norm"].iloc[0])
    assert found.fix["max_grad_norm"] == float(f"{first_norm:.2g}")
    assert found.evidence["growth_factor"] > 1e6 and found.step_end == found.evidence["first_bad_step"] == 4
    assert "non-finite-loss" in {f.rule for f in report.findings}  # the NaN itself is still the error


def test_an_lr_that_blew_up_in_its_first_steps_is_lowered_thirtyfold() -> None:
    """Three finite steps at lr 0.5: a third of it (0.16) overflows too when retrained; a thirtieth (0.017) trains, 1.04x
    the held-out loss of its grid's best lr, 0.05 (``bench/fix_check.py --half fresh --only tabres-nonorm-sgd``)."""
    report = lrdoctor.analyze(BLOWN)
    assert report.recommendation is not None and report.recommendation.lr == pytest.approx(0.5 / 30, rel=0.05)


def test_a_nan_without_growing_gradients_is_not_an_explosion(tmp_path: Path) -> None:
    """The same log with its gradient norms held at the first one: the NaN has another cause."""
    df = pd.read_csv(BLOWN)
    df["grad_norm"] = np.where(df["grad_norm"].notna(), df["grad_norm"].iloc[0], np.nan)
    df.to_csv(tmp_path / "run.csv", index=False)
    (tmp_path / "run.json").write_text(BLOWN.with_suffix(".json").read_text())
    assert lrdoctor.analyze(tmp_path / "run.csv", select=["exploding-gradients"]).findings == []


def test_a_late_nan_after_a_growing_lr_is_not_this_explosion() -> None:
    report = lrdoctor.analyze(SAMPLES / "regression-sgdm-lr-growth-nan.csv", select=["exploding-gradients"])
    assert all("ended the run" not in f.message for f in report.findings)


def test_a_nan_after_hundreds_of_stable_steps_is_not_a_blow_up_from_the_start(tmp_path: Path) -> None:
    """The same three finite rows logged every 50 steps: the lr held for 150 steps, so the cut is the usual third,
    not a tenth (rows are not steps)."""
    df = pd.read_csv(BLOWN)
    df["step"] = (df["step"] - 1) * 50 + 1
    df.to_csv(tmp_path / "run.csv", index=False)
    (tmp_path / "run.json").write_text(BLOWN.with_suffix(".json").read_text())
    report = lrdoctor.analyze(tmp_path / "run.csv")
    assert report.recommendation is not None and report.recommendation.lr == pytest.approx(0.5 / 3, rel=0.05)
