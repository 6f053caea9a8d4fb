"""lr-too-high's reading of a per-epoch log whose first epoch's mean stood orders of magnitude above the second's
(``epochs_first_blown``; session 59; tests/data/fixcheck/README.md)."""

from __future__ import annotations

from pathlib import Path

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


def test_a_first_epoch_that_is_not_finite_is_not_compared(tmp_path: Path) -> None:
    """The same MAML log with its first epoch's mean written as inf: the first two finite epochs are the second and the
    third, and a fall between them is no first epoch's blow-up (non-finite-loss speaks for the inf)."""
    lines = (TEST_FIXCHECK / "maml-adam-lr-1-per-epoch.csv").read_text().splitlines()
    epoch, _, val = lines[1].split(",")
    lines[1] = f"{epoch},inf,{val}"
    lines[2] = lines[2].split(",")[0] + ",4.9e20," + lines[2].split(",")[2]  # a blow-up between epochs 1 and 2 instead
    path = tmp_path / "maml-first-epoch-inf.csv"
    path.write_text("\n".join(lines) + "\n")
    s = Signals(load_run(path))
    assert epochs_first_blown(s, s.rule_params("lr-too-high")) is None
    assert "non-finite-loss" in {f.rule for f in lrdoctor.analyze(path).findings}


def test_a_log_that_says_its_lr_is_told_a_hundredth_of_it(tmp_path: Path) -> None:
    """The MAML log with its lr (Adam 1) written in an ``lr`` column, as a Keras ``CSVLogger`` writes it beside an lr
    schedule callback: told 0.01, the hundredth that retrained it to 0.40 (a tenth, 1.38, was 3.5x worse)."""
    lines = (TEST_FIXCHECK / "maml-adam-lr-1-per-epoch.csv").read_text().splitlines()
    path = tmp_path / "maml-with-lr.csv"
    path.write_text("\n".join([lines[0] + ",lr"] + [line + ",1.0" for line in lines[1:]]) + "\n")
    (finding,) = [f for f in lrdoctor.analyze(path).findings if f.rule == "lr-too-high"]
    assert "blew up in the first epoch" in finding.message
    assert finding.fix["lr"] == 0.01
