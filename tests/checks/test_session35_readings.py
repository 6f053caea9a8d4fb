"""Readings fixed after the fresh40 and fresh41 halves of bench/fixcheck_runs.py were measured held out (session 35):
each run was trained by that bench, its fault confirmed by its counterfactual, or labelled healthy
(sample_logs/fixcheck/labels.toml)."""

from __future__ import annotations

import pandas as pd
import pytest
from sample_runs import FIXCHECK, warned

import lrdoctor


def test_a_tenfold_cut_before_the_loss_learned_is_premature_whatever_pace_followed() -> None:
    """A gated graph network at Adam 3e-3 cut x0.1 at step 21 of 400, with 12% of its descent made: Adam's first steps at
    3e-4 kept the pace the cut had cut, and its validation loss flattened at 0.40-0.46 over its last evaluations, so no
    reading of the pace, or of a validation loss still falling at the end, saw it. The same cut at 70% of the run ends
    13% lower at both seeds."""
    path = FIXCHECK / "ggnn-adam-multistep-x0p1-at-5pct.csv"
    assert warned(path) == ["premature-decay"]
    (hit,) = [f for f in lrdoctor.analyze(path).findings if f.rule == "premature-decay"]
    assert hit.step_start == 21 and "a quarter of its descent" in hit.message
    assert hit.fix == {"decay_step": 400, "decay_from": 21}


def test_a_tenfold_cut_before_the_loss_began_to_fall_is_read_past_the_pace_veto() -> None:
    """A SqueezeNet-like CNN at Adam 3e-3 cut x0.1 at step 21 while its loss sat at ln 4: no pace before the cut, so the
    pace comparison vetoed it, and the fall that came after is noisy at the end; its validation loss was still falling
    (0.938 -> 0.909 over its last evaluations). The same cut at 70% of the run ends lower at both seeds."""
    assert warned(FIXCHECK / "squeezenet-adam-multistep-x0p1-at-5pct.csv") == ["premature-decay"]


@pytest.mark.parametrize("name", ["gin-sgdm-step-decay-log10", "dncnn-sgdm-step-decay-log4"])
def test_step_decays_later_in_the_run_stay_healthy(name: str) -> None:
    """Look-alikes: healthy step decays whose cuts come after the loss learned."""
    assert "premature-decay" not in warned(FIXCHECK / f"{name}.csv")


def test_a_gradient_norm_that_grew_as_the_loss_fell_is_no_explosion() -> None:
    """A healthy SqueezeNet-like CNN at RMSprop 1e-3, logged every 5 steps: its gradient norm grew from 0.08 to 1-4 as
    its loss left ln 4, and its loss fell significantly from there to the end; over its last quarter the loss's trend
    was flat within its noise (-0.0005 per step, the interval -0.003 to +0.003). A point estimate a hair above zero read
    that quarter as rising and the growth as an explosion, clipping advised."""
    path = FIXCHECK / "squeezenet-rmsprop-constant-log5.csv"
    grads = pd.read_csv(path)["grad_norm"].dropna().to_numpy()
    assert grads[-20:].mean() > 10 * grads[:2].mean()  # the growth is there
    assert warned(path) == []


def test_units_killed_on_a_ramp_are_blamed_on_the_lr_that_threw_them() -> None:
    """A byte-level CNN warmed up to AdamW 1: its per-layer gradient norms, read every 100 steps, found its units dead at
    step 101 and alive at step 1, and the largest lr up to step 101, the peak 1, was read as the killer; a tenth of it,
    0.1, retrained at chance (3.3x its grid's best). Its gradient norm jumped 16x at step 19, lr 0.24: a tenth of that
    sits between its grid's two best lrs (0.01 and 0.032)."""
    report = lrdoctor.analyze(FIXCHECK / "bytecnn-adamw-warmup-cosine-peak-1.csv")
    found = {f.rule: f for f in report.findings}
    assert found["dead-units"].evidence["lr_at_death"] == pytest.approx(0.2375, rel=0.01)
    assert report.recommendation is not None and report.recommendation.lr is not None
    assert 0.01 <= report.recommendation.lr <= 0.032
    assert found["lr-too-high"].fix["lr"] == report.recommendation.lr
