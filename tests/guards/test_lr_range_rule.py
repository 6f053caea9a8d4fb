"""The lr-range-test rule reads range-test logs (and only those) and reports the suggested lr."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from lrdoctor import analyze
from lrdoctor.guards.lr_range import write_range_log
from lrdoctor.range_test import suggest_lr


def curve() -> tuple[list[float], list[float]]:
    """A range test that falls from ln 10, bottoms out around lr 3e-2 and blows up past 1e-1."""
    lrs = np.logspace(-7, 0, 90)
    x = np.log10(lrs)
    loss = 2.3 - 1.6 / (1 + np.exp(-3 * (x + 3))) + np.random.default_rng(0).normal(0, 0.03, 90)
    loss = np.where(x > -1.2, loss + 40 * (x + 1.2) ** 2, loss)
    return list(lrs), list(loss)


def test_reports_the_suggested_lr_of_a_range_test_log(tmp_path: Path) -> None:
    lrs, losses = curve()
    path = write_range_log(tmp_path / "run.csv", lrs, losses, {"range_test": True, "optimizer": "Adam"})
    (finding,) = [f for f in analyze(path).findings if f.rule == "lr-range-test"]
    expected = suggest_lr(np.array(lrs), np.array(losses))
    assert finding.id == "LRD011" and finding.severity == "info"
    assert finding.fix == {"lr": pytest.approx(expected.suggested_lr, rel=0.01)}  # 2 significant digits
    assert 1e-3 <= finding.fix["lr"] <= 2e-2
    assert finding.evidence["reliable"] == 1.0 and "minimum / 10" in finding.message


def test_stays_silent_on_an_ordinary_log(tmp_path: Path) -> None:
    lrs, losses = curve()
    path = write_range_log(tmp_path / "run.csv", lrs, losses, {"optimizer": "Adam"})
    report = analyze(path, select=["lr-range-test"])
    assert report.findings == [] and report.checked == ["lr-range-test"]


def test_uses_the_settings_the_test_ran_with(tmp_path: Path) -> None:
    lrs, losses = curve()
    meta = {"range_test": True, "range_test_settings": {"smooth": 0.5, "diverge_factor": 1.5}}
    path = write_range_log(tmp_path / "run.csv", lrs, losses, meta)
    (finding,) = analyze(path, select=["lr-range-test"]).findings
    assert finding.fix["lr"] == pytest.approx(suggest_lr(np.array(lrs), np.array(losses), 0.5, 1.5).suggested_lr, rel=0.01)  # 2 significant digits
    assert json.loads(path.with_suffix(".json").read_text())["range_test"] is True


def test_other_rules_leave_a_range_test_alone(tmp_path: Path) -> None:
    lrs, losses = curve()
    lrs += [2.0, 4.0]  # the test diverged: the loss blew up, then became NaN
    path = write_range_log(tmp_path / "run.csv", lrs, losses + [50.0, float("nan")], {"range_test": True})
    report = analyze(path)
    assert report.checked == ["lr-range-test"] and [f.rule for f in report.findings] == ["lr-range-test"]
