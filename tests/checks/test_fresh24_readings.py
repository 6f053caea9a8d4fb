"""Readings fixed after the fresh24 half of bench/fixcheck_runs.py (a spiking network, MAML of sinusoids, a TabNet-like
classifier and a Neural Turing Machine) was measured once, held out (session 28): each run was trained by that bench,
its label set by its counterfactual (sample_logs/fixcheck/labels.toml)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sample_runs import FIXCHECK as RUNS
from sample_runs import edited_run

import lrdoctor
from lrdoctor.checks.lr_too_high import AT_CHANCE_DIVISOR

JUMPS = (167, 210)
"""The steps at which the TabNet's gradient norm jumped (9.0 and 12.8 against a running median of about 0.8)."""


def findings(path: Path) -> dict[str, lrdoctor.Finding]:
    return {f.rule: f for f in lrdoctor.analyze(path).findings if f.severity != "info"}


def test_gradient_jumps_the_loss_did_not_feel_under_sgd_are_no_explosion() -> None:
    """fresh24: a TabNet under Nesterov SGD one-cycle to 0.1, healthy (neither neighbour of its lr grid 10% better): its
    gradient norm jumped twice to 11-16x its running median while its loss stayed in its noise (0.50 and 0.46 at the
    jumps, 0.45 and 0.57 after). Clipped at 1.8, the advice these jumps drew, it retrained 8% better at one seed and 54%
    worse at the other: under SGD as under Adam, a jump the loss did not feel did no harm."""
    assert "exploding-gradients" not in findings(RUNS / "tabnet-nesterov-onecycle.csv")


def test_gradient_jumps_the_loss_felt_under_sgd_are_an_explosion(tmp_path: Path) -> None:
    """The look-alike: the same log with the loss three times its level at each jump (a batch the jump threw off)."""

    def felt(frame: pd.DataFrame) -> pd.DataFrame:
        for step in JUMPS:
            frame.loc[frame["step"] == step, "loss"] *= 3.0
        return frame

    found = findings(edited_run(tmp_path, "tabnet-nesterov-onecycle", felt))
    assert found["exploding-gradients"].step_start == JUMPS[0]


def test_a_classifier_at_chance_with_a_loss_far_above_guessing_is_an_lr_too_high() -> None:
    """fresh24: a spiking network at Adam 1 logged once per epoch (Keras' CSVLogger columns, no lr): its training
    accuracy 0.18-0.21 among 5 classes for all 7 epochs, its loss 58 -> 26, at least 14x the ln(1 / 0.21) = 1.5 that
    uniform guessing at that accuracy costs: confidently wrong. Nothing fired before. Told a 30th of its lr, retrained it
    ends at 0.59 against 17.1 (1.37x its grid's best)."""
    found = findings(RUNS / "snn-adam-lr-1-per-epoch.csv")["lr-too-high"]
    assert found.fix == {"lr_factor": pytest.approx(1 / AT_CHANCE_DIVISOR)}
    # a hundredth (session 31): the grid's best is 0.01; of six such runs at Adam 1 logged per epoch, a thirtieth
    # retrained 1.04x to 811x their grids' best, a hundredth 1.00x to 1.09x
    assert found.fix["lr_factor"] <= 0.01


@pytest.mark.parametrize("change", ["loss at guessing", "accuracy rising"])
def test_a_classifier_at_chance_near_guessing_or_one_that_learns_is_not_confidently_wrong(tmp_path: Path, change: str) -> None:
    """The look-alikes: the same log with its loss at the guessing level (ln 5 and a little noise: a model that learned
    nothing, not one thrown off), or with its accuracy rising from 0.2 to 0.65 (a model that learns, its loss large by
    design, as a margin loss's is)."""
    frame = pd.read_csv(RUNS / "snn-adam-lr-1-per-epoch.csv")
    if change == "loss at guessing":
        frame["loss"] = np.log(5) + np.linspace(0.04, 0.0, len(frame))
    else:
        frame["accuracy"] = np.linspace(0.2, 0.65, len(frame))
    path = tmp_path / "snn.csv"
    frame.to_csv(path, index=False)
    assert "lr-too-high" not in findings(path)
