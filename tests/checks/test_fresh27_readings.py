"""Readings fixed after the fresh27 half of bench/fixcheck_runs.py (a Relation Network, GRU-D, a linear-attention LM, a
Conv-TasNet-like separator) was measured once, held out (session 30): each run was trained by that bench, its label set
by its counterfactual and its neighbours on an lr grid (its label in bench/out/fixcheck/fresh27/labels.toml when
trained; the run used here is in tests/data/fixcheck)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

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
