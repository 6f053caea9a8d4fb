"""lr-too-high read off the held-out loss of a stalled run: the loss fell, then stalled at a constant lr, and on
that stretch the validation loss varies from one evaluation to the next. A held-out set that is the same each
time changes only as the weights do, so a run whose lr suits it settles there, and one whose steps are too large
keeps being thrown around. Before, these runs got only plateau's info ("converged at this lr: decay it"). Real
runs: a TCN forecaster at SGD lr 0.7 (sample_logs/fixcheck: counterfactual lr 0.03, +50% held out) and the sample
Adam MLP at lr 3e-2 on easy data (issue 16: "called overfitting only"); their healthy look-alike is a clipped RNN
forecaster at SGD whose validation loss varies the most of the labelled healthy runs (0.055 in log-loss)."""

from __future__ import annotations

from pathlib import Path

import pytest

import lrdoctor
from lrdoctor.checks.lr_too_high import PLATEAU_EVAL_JITTER

SAMPLES = Path(__file__).resolve().parents[2] / "sample_logs"
TCN = SAMPLES / "fixcheck" / "forecast-tcn-sgdm-lr-0p7-diverges-after-dip.csv"
EASY = SAMPLES / "mlp-adam-high-lr-spikes-easy-data.csv"
CLIPPED = SAMPLES / "fixcheck" / "forecast-rnn-sgd-clipped-log4.csv"


@pytest.mark.parametrize("path", [TCN, EASY], ids=["tcn-sgdm-0.7", "mlp-adam-easy-data"])
def test_a_stall_whose_held_out_loss_keeps_jumping_is_an_lr_too_high(path: Path) -> None:
    report = lrdoctor.analyze(path)
    found = next(f for f in report.findings if f.rule == "lr-too-high")
    assert found.severity == "warning" and found.evidence["val_jitter"] >= PLATEAU_EVAL_JITTER
    lr = found.evidence["lr"]
    assert found.fix["lr"] < lr / 3  # at least 3x lower than the lr that bounced
    assert "plateau" not in {f.rule for f in report.findings}  # the stall is the lr's doing: one finding


def test_a_healthy_stall_with_a_noisy_held_out_loss_stays_silent() -> None:
    report = lrdoctor.analyze(CLIPPED)
    assert not [f for f in report.findings if f.severity in ("warning", "error")]
