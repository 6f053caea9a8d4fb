"""Readings fixed in session 35, after the fresh40, fresh41 and fresh43 halves of bench/fixcheck_runs.py were measured
held out and a sixth batch of public logs was read blind: each run was trained by that bench, its fault confirmed by its
counterfactual, or labelled healthy (sample_logs/fixcheck/labels.toml)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sample_runs import FIXCHECK, SAMPLE_LOGS, edited_run, signals, warned

import lrdoctor
from lrdoctor.checks import plateau


def test_a_tenfold_cut_before_the_loss_learned_is_premature_whatever_pace_followed() -> None:
    """A gated graph network at Adam 3e-3 cut x0.1 at step 21 of 400, with 12% of its descent made: Adam's first steps at
    3e-4 kept the pace the cut had cut, and its validation loss flattened at 0.40-0.46 over its last evaluations, so no
    reading of the pace, or of a validation loss still falling at the end, saw it. The same cut at 70% of the run ends
    13% lower at both seeds."""
    path = FIXCHECK / "ggnn-adam-multistep-x0p1-at-5pct.csv"
    assert warned(path) == ["premature-decay"]
    (hit,) = [f for f in lrdoctor.analyze(path).findings if f.rule == "premature-decay"]
    assert hit.step_start == 21 and "a quarter of its descent" in hit.message
    # decayed where the loss settled at the cut lr (held at 3e-3 to the end it retrained 5% worse than the early cut;
    # decayed at that step, 11% better, near its counterfactual's 13%)
    assert hit.fix == {"decay_step": 188, "decay_from": 21}


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
    0.1, retrained at chance (3.3x its grid's best). Its gradient norm jumped 13x above its running level at step 19, lr
    0.24 (retrained at a tenth of that, 0.024: 1.04x its grid's best, where 0.01 and 0.032 are its two best)."""
    report = lrdoctor.analyze(FIXCHECK / "bytecnn-adamw-warmup-cosine-peak-1.csv")
    found = {f.rule: f for f in report.findings}
    assert found["dead-units"].evidence["lr_at_death"] == pytest.approx(0.2375, rel=0.01)
    assert report.recommendation is not None and report.recommendation.lr is not None
    assert 0.01 <= report.recommendation.lr <= 0.032
    assert found["lr-too-high"].fix["lr"] == report.recommendation.lr


def test_a_held_out_accuracy_that_never_changes_is_a_model_that_learned_nothing() -> None:
    """A word2vec CBOW whose per-batch ExponentialLR spent its lr x0.001 in 40 steps: its validation accuracy is exactly
    0.09375 at all 10 evaluations while its loss crept 3.66 -> 3.59 (the shape of two public Keras classifiers read
    blind in session 35, at their majority class or at chance for every epoch, that nothing read). The frozen accuracy
    is plateau's reading, explained here by the decay that caused it."""
    path = FIXCHECK / "cbow-adam-exponential-1000x-in-40-steps.csv"
    acc = pd.read_csv(path)["val_acc"].dropna().to_numpy()
    assert acc.size >= 5 and (acc == acc[0]).all()
    report = lrdoctor.analyze(path)
    assert [f.rule for f in report.findings if f.severity != "info"] == ["premature-decay"]
    assert any(note.startswith("plateau") and "explained by premature-decay" in note for note in report.notes)
    assert plateau_reading(path) is not None and "exactly 0.09375" in plateau_reading(path)


def test_the_same_accuracy_moving_once_is_not_frozen(tmp_path: Path) -> None:
    """The look-alike: the same log with one evaluation's accuracy moved by 1/800."""

    def nudge(frame: pd.DataFrame) -> pd.DataFrame:
        evals = frame.index[frame["val_acc"].notna()]
        frame.loc[evals[3], "val_acc"] = float(frame.loc[evals[3], "val_acc"]) + 1 / 800
        return frame

    reading = plateau_reading(edited_run(tmp_path, "cbow-adam-exponential-1000x-in-40-steps", nudge))
    assert reading is None or "exactly" not in reading


def test_a_frozen_accuracy_above_half_is_a_converged_model() -> None:
    """Look-alike: a healthy Keras MLP under ReduceLROnPlateau logged per epoch, its validation accuracy 0.671 over its
    last 12 epochs: a converged model on a small held-out set repeats its accuracy (the reading needs every evaluation
    the same, at half the set right or less)."""
    assert warned(SAMPLE_LOGS / "per_epoch" / "keras-mlp-adam-reduce-on-plateau-lr-logged.csv") == []


def test_a_run_that_died_is_not_read_as_frozen() -> None:
    """A TCN at SGD 3 whose loss turned NaN at step 23: its accuracy froze with it; non-finite-loss speaks, not plateau."""
    assert "plateau" not in warned(FIXCHECK / "tcn-sgd-lr-3-overflows-nan.csv")


def plateau_reading(path: Path) -> str | None:
    """plateau's own message on a log (before any other finding explains it), None when it finds nothing."""
    s = signals(path)
    hits = plateau.check(s, s.rule_params("plateau"))
    return hits[0].message if hits else None


def test_a_blow_up_whose_lr_the_schedule_spent_is_the_decays_doing() -> None:
    """A Tweedie-deviance MLP whose per-batch ExponentialLR took Adam 3e-3 x0.001 within 40 steps: its deviance jumped
    2.76 -> 7.36 on the way and never got below 61% of its start. Read as an lr that blew the model up, it was told a
    tenth of the lr at the jump, 1.6e-5 (retrained 14% worse); the decay spread over the run, its counterfactual, ends 45%
    better. With no lr left after the start, the run could not recover whatever blew it up: premature-decay speaks."""
    assert warned(FIXCHECK / "tweedie-adam-exponential-1000x-in-40-steps.csv") == ["premature-decay"]


def test_a_warmup_that_starts_below_a_tenth_of_its_peak_has_not_spent_its_lr() -> None:
    """The look-alike: a byte CNN warmed up from 0.0125 to AdamW 1, its units dead by step 101: its lr starts below a
    tenth of its peak within the start of the run but rises above it; lr-too-high still reads it."""
    assert "lr-too-high" in warned(FIXCHECK / "bytecnn-adamw-warmup-cosine-peak-1.csv")
