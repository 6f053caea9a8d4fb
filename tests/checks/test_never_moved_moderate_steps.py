"""plateau raises the lr only where the steps were small: a loss flat from its first step whose steps were neither small
nor large says nothing about the lr being low. A discrete-Weibull MLP at SGD-momentum 0.3 without clipping (a run of
bench/fixcheck_runs.py whose clipped counterfactual beats it; its first update moved the weights by 0.19 of their norm,
the later ones about 0.003) sat near 2.8 from its first steps; told to raise the lr 3x, it retrained to 9.9, 5.3x the
best of its lr grid (0.03). The look-alike: a DnCNN at Adam 1e-6, 3000x too low, its steps tiny, keeps its raise."""

from __future__ import annotations

import pytest
from sample_runs import FIXCHECK, TEST_FIXCHECK

import lrdoctor


def test_a_loss_flat_from_the_start_with_moderate_steps_gets_no_raised_lr() -> None:
    r = lrdoctor.analyze(TEST_FIXCHECK / "dweibull-sgdm-lr-0p3-no-clip.csv")
    (plateau,) = [f for f in r.findings if f.rule == "plateau"]
    assert plateau.step_start == 1
    assert "moderate" in plateau.message
    assert "lr" not in plateau.fix and plateau.lr is None
    assert "a larger lr is no cure" in plateau.suggestion
    assert not any("lr" in f.fix and f.fix["lr"] > 0.3 for f in r.findings)


def test_small_steps_on_a_plateau_still_raise_the_lr() -> None:
    r = lrdoctor.analyze(FIXCHECK / "dncnn-adam-lr-1e-6-3000x-low.csv")
    (plateau,) = [f for f in r.findings if f.rule == "plateau"]
    assert "small" in plateau.message
    assert plateau.fix["lr"] == pytest.approx(1e-4)
