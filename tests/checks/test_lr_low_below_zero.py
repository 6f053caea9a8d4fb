"""lr-too-low on a loss that goes below 0 (a negative cosine similarity, a negative log-likelihood): read in the loss's own
units, and only with the update ratios to say the steps are small (session 29). Until then the rule stood down on any
loss that was not positive throughout. Each run was trained by bench/fixcheck_runs.py, its label set by its
counterfactual (sample_logs/fixcheck/labels.toml)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sample_runs import FIXCHECK as RUNS
from sample_runs import edited_run

import lrdoctor


def lr_too_low(path: Path) -> lrdoctor.Finding | None:
    return next((f for f in lrdoctor.analyze(path).findings if f.rule == "lr-too-low"), None)


def test_a_simsiam_at_a_hundredth_of_its_lr_is_told_to_raise_it() -> None:
    """fresh22: a SimSiam at Adam 1e-4, 100x below its best lr: its negative cosine -0.02 -> -0.53, still falling, its
    update ratios 17x below where healthy Adam runs sit. Told 0.0068, it retrained at -0.882 against -0.526, 1.01x
    its grid's best (bench/fix_check.py --half fresh22 --only simsiam-adam-lr-1e-4)."""
    found = lr_too_low(RUNS / "simsiam-adam-lr-1e-4-100x-low.csv")
    assert found is not None and found.severity == "warning"
    assert 3e-3 < found.fix["lr"] < 0.03
    assert "total_drop" in found.evidence  # a drop in the loss's own units, not in log-loss


def test_a_point_process_nll_crawling_through_zero_is_told_to_raise_it() -> None:
    """fresh23: a neural point process at Adam 1e-4, 100x low: its NLL 1.03 -> -0.31 in a straight line through 0 (its
    update ratios 4.7x below where healthy Adam runs sit, so only the straight crawl says it). Told 10x, the raise of a
    curve that never bends, it retrained at -0.696 against -0.198, 1.04x its grid's best."""
    found = lr_too_low(RUNS / "tpp-adam-lr-1e-4-100x-low.csv")
    assert found is not None
    assert found.fix["lr"] == pytest.approx(1e-3)


def test_a_healthy_mixture_density_network_below_zero_at_small_steps_is_silent() -> None:
    """fresh6, the look-alike: a mixture density network at RAdam, constant lr, healthy (neither neighbour of its lr grid
    10% better), its NLL 1.42 -> -0.39, its update ratios 5.3x below where healthy Adam runs sit: its curve bends."""
    assert lr_too_low(RUNS / "mdn-tanh-radam-constant.csv") is None


def test_without_update_ratios_a_loss_below_zero_is_not_judged(tmp_path: Path) -> None:
    """The same SimSiam log without its update ratios: nothing says its steps are small, and a drop in the loss's own
    units says nothing of how much was achieved, so the rule is not checked (and says why)."""

    def no_ratios(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.drop(columns=[c for c in frame.columns if c.startswith("update_ratio")])

    report = lrdoctor.analyze(edited_run(tmp_path, "simsiam-adam-lr-1e-4-100x-low", no_ratios))
    assert "lr-too-low" in report.not_checked
    assert "update ratios" in report.not_checked["lr-too-low"]


@pytest.mark.parametrize("shift", [0.0, 2.0])
def test_the_reading_does_not_depend_on_where_zero_is(tmp_path: Path, shift: float) -> None:
    """The quarter shares are ratios of drops: the SimSiam's loss moved up by 2 (positive throughout, read in log-loss
    then) is still a crawl at steps far below the band's healthy position."""

    def moved(frame: pd.DataFrame) -> pd.DataFrame:
        frame["loss"] = frame["loss"] + shift
        frame["val_loss"] = frame["val_loss"] + shift
        return frame

    found = lr_too_low(edited_run(tmp_path, "simsiam-adam-lr-1e-4-100x-low", moved))
    assert found is not None and np.isfinite(found.fix["lr"])
