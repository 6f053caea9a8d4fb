"""lr-too-high on a log of one row per epoch: a loss that stopped moving after the first epoch. Real runs of
bench/fixcheck_runs.py copied into sample_logs/fixcheck/per_epoch with their counterfactual labels: a distillation
MLP at Adam 0.3 and a detection CNN at Adam 0.1 (the lr 3e-3 ends 83% and 50% lower), and healthy runs whose loss
improves the least after their first epoch."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import lrdoctor
from lrdoctor.checks.lr_too_high import AT_CHANCE_DIVISOR

RUNS = Path(__file__).resolve().parents[2] / "sample_logs" / "fixcheck" / "per_epoch"
STUCK = ("distill-mlp-adam-lr-0p3-per-epoch", "detect-cnn-adam-lr-0p1-per-epoch")
HEALTHY = ("distill-mlp-adam-per-epoch", "sgns-adam-step-decay-per-epoch", "vae-mlp-adam-per-epoch",
           "forecast-tcn-sgd-per-epoch")


@pytest.mark.parametrize("name", STUCK)
def test_a_loss_that_stopped_moving_after_its_first_epoch_is_an_lr_too_high(name: str) -> None:
    report = lrdoctor.analyze(RUNS / f"{name}.csv")
    found = next(f for f in report.findings if f.rule == "lr-too-high")
    assert found.severity == "warning"
    assert "stopped moving after the first epoch" in found.message
    frame = pd.read_csv(RUNS / f"{name}.csv")
    assert found.evidence["second_epoch_loss"] == pytest.approx(frame["loss"].iloc[1])
    assert found.evidence["epochs_after"] == len(frame) - 1
    # the log does not say the lr: the advice is a factor on it, and there is no lr to recommend; a model at chance
    # after one epoch was far above its lr (the detection CNN retrained: a tenth of its lr ends 11% above a thirtieth)
    assert found.fix == {"lr_factor": pytest.approx(1 / AT_CHANCE_DIVISOR)}
    assert f"about {AT_CHANCE_DIVISOR:g}x" in found.suggestion
    assert report.recommendation is None


def test_with_the_lr_logged_the_advice_is_a_value_below_it(tmp_path: Path) -> None:
    """The same log with the lr it ran at (Adam 0.3) as a column: the fix is a value 10x below it."""
    frame = pd.read_csv(RUNS / "distill-mlp-adam-lr-0p3-per-epoch.csv")
    frame["lr"] = 0.3
    path = tmp_path / "with-lr.csv"
    frame.to_csv(path, index=False)
    report = lrdoctor.analyze(path)
    found = next(f for f in report.findings if f.rule == "lr-too-high")
    assert found.fix == {"lr": pytest.approx(0.03)}
    assert report.recommendation is not None and report.recommendation.lr == pytest.approx(0.03)


@pytest.mark.parametrize("name", HEALTHY)
def test_healthy_runs_that_improve_a_little_each_epoch_stay_silent(name: str) -> None:
    report = lrdoctor.analyze(RUNS / f"{name}.csv")
    assert not [f for f in report.findings if f.severity != "info"]


def test_a_stall_in_the_training_loss_alone_is_not_enough_when_the_held_out_loss_still_improves(tmp_path: Path) -> None:
    """The stuck distillation run's training loss with the healthy run's validation loss, which keeps improving
    after the first epoch: the model still learns something, so no stall is read."""
    stuck = pd.read_csv(RUNS / "distill-mlp-adam-lr-0p3-per-epoch.csv")
    healthy = pd.read_csv(RUNS / "distill-mlp-adam-per-epoch.csv")
    assert len(stuck) == len(healthy)
    stuck["val_loss"] = healthy["val_loss"]
    path = tmp_path / "mixed.csv"
    stuck.to_csv(path, index=False)
    findings = lrdoctor.analyze(path).findings
    assert not [f for f in findings if f.rule == "lr-too-high" and "first epoch" in f.message]


def test_a_blow_up_that_came_down_to_chance_over_epochs_is_an_lr_too_high() -> None:
    """fresh29, missed held out: a hierarchical attention network at Adam 1 logged per epoch (no lr): epoch means 7.09,
    2.50, 2.10, then 1.81 +- 0.02 for 10 epochs (ln 6 = 1.79), its training accuracy 0.16-0.18 throughout (1/6 = 0.17).
    The blow-up took three epochs to come down to chance, one more than the stall reading allows, and the chance reading
    wanted every epoch after the first within 1% of ln 6. A hundredth of its lr is its grid's best."""
    found = [f for f in lrdoctor.analyze(RUNS / "han-adam-lr-1-per-epoch.csv").findings if f.rule == "lr-too-high"]
    assert len(found) == 1 and found[0].evidence["classes"] == 6
    assert found[0].fix == {"lr_factor": pytest.approx(1 / AT_CHANCE_DIVISOR)}


def test_a_model_that_learned_above_chance_accuracy_is_not_read_as_at_chance(tmp_path: Path) -> None:
    """The look-alike: the same log with its training accuracy rising from 0.3 to 0.9 (a model that learned, its loss
    near ln 6 by coincidence) draws no lr-too-high."""
    frame = pd.read_csv(RUNS / "han-adam-lr-1-per-epoch.csv")
    frame["accuracy"] = [0.3 + 0.05 * i for i in range(len(frame))]
    frame.to_csv(tmp_path / "learned.csv", index=False)
    assert "lr-too-high" not in {f.rule for f in lrdoctor.analyze(tmp_path / "learned.csv").findings}
