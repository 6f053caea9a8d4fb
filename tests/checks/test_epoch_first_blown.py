"""lr-too-high's reading of a per-epoch log whose first epoch's mean stood orders of magnitude above the second's
(``epochs_first_blown``; session 59; tests/data/fixcheck/README.md)."""

from __future__ import annotations

from sample_runs import TEST_FIXCHECK

import lrdoctor
from lrdoctor.checks.lr_too_high import EPOCH_FIRST_BLOWN, epochs_first_blown
from lrdoctor.engine import load_run
from lrdoctor.signals import Signals


def test_a_first_epoch_blown_up_by_orders_of_magnitude_is_a_too_high_lr() -> None:
    """A MAML regressor at Adam 1 logged once per epoch (fresh24, a tuning half): its first epoch's mean loss 4.9e20,
    the second's 6.1e8, and falling slowly from there. Nothing was said; a hundredth of its lr ends 0.40 held out
    against 8.0e6."""
    report = lrdoctor.analyze(TEST_FIXCHECK / "maml-adam-lr-1-per-epoch.csv")
    (finding,) = [f for f in report.findings if f.rule == "lr-too-high"]
    assert finding.severity == "warning"
    assert finding.step_start == 0
    assert finding.evidence["factor"] > 1e11
    assert finding.fix == {"lr_factor": 0.01}  # no lr in the log: a hundredth of it
    assert "blew up in the first epoch" in finding.message


def test_a_healthy_first_epoch_that_falls_fast_stays_silent() -> None:
    """The look-alike: a Hamiltonian network at RAdam under a cosine decay (fresh18, healthy), the steepest first epoch of
    the healthy per-epoch logs at hand: 0.91 then 0.035, 26x, still falling through its first epoch."""
    s = Signals(load_run(TEST_FIXCHECK / "hnn-radam-cosine-per-epoch.csv"))
    assert float(s.level[0] - s.level[1]) < EPOCH_FIRST_BLOWN
    assert epochs_first_blown(s, s.rule_params("lr-too-high")) is None
    report = lrdoctor.analyze(TEST_FIXCHECK / "hnn-radam-cosine-per-epoch.csv")
    assert not [f for f in report.findings if f.severity in ("warning", "error")]
