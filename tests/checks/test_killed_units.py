"""lr-too-high names units that died during training: runs of bench/fixcheck_runs.py copied into sample_logs/fixcheck
with their counterfactual labels. A detection CNN and a U-Net at SGD 1: the loss fell to a level and sat there while
every weight gradient went to exactly zero (lr 0.1 ends 46% and 53% lower; clipping at the norms before the jump
changed nothing for the CNN). Units dead from the first step are the init's doing, not the lr's."""

from __future__ import annotations

from pathlib import Path

import pytest

import lrdoctor

RUNS = Path(__file__).resolve().parents[2] / "sample_logs" / "fixcheck"


@pytest.mark.parametrize("name", ["detect-cnn-sgdm-lr-1-10x-from-step-1", "segment-unet-sgdm-lr-1-10x-from-step-1"])
def test_units_the_lr_killed_during_training_are_an_lr_too_high(name: str) -> None:
    report = lrdoctor.analyze(RUNS / f"{name}.csv")
    by_rule = {f.rule: f for f in report.findings}
    found, dead = by_rule["lr-too-high"], by_rule["dead-units"]
    assert "killed units" in found.message
    assert found.evidence["dead_since_step"] == dead.evidence["dead_since_step"] > report.first_step
    # one lr: 10x below the lr 1 they died at, the same as dead-units' and the run's recommendation
    assert found.fix == {"lr": pytest.approx(0.1)} and dead.fix["lr"] == pytest.approx(0.1)
    assert report.recommendation is not None and report.recommendation.lr == pytest.approx(0.1)


def test_units_dead_from_the_first_step_are_the_inits_doing_not_the_lrs() -> None:
    report = lrdoctor.analyze(RUNS / "detect-cnn-adam-fc-dead-at-init.csv")
    rules = {f.rule for f in report.findings}
    assert "dead-units" in rules and "lr-too-high" not in rules
    assert report.recommendation is None
