"""Readings fixed after the fresh13 half of bench/fixcheck_runs.py (an FT-Transformer, deep knowledge tracing, a DnCNN
and a neural additive model) was measured once, held out (session 18): each run was trained by that bench, its fault
confirmed by its counterfactual, or labelled healthy."""

from __future__ import annotations

from pathlib import Path

import lrdoctor

RUNS = Path(__file__).resolve().parents[2] / "sample_logs" / "fixcheck"


def warned(name: str) -> set[str]:
    return {f.rule for f in lrdoctor.analyze(RUNS / name).findings if f.severity != "info"}


def test_a_slow_held_out_creep_at_the_floor_is_convergence_not_a_stuck_plateau() -> None:
    """A knowledge tracer at RMSprop 3e-3: its BCE fell 0.70 -> 0.55 in 25 steps, to the floor its students' guesses and
    slips allow, and stayed there; its validation loss still fell 1.4% along a significant trend over the rest of the
    run and ended at its best. plateau called it stuck (a warning: a fall of x1.16 is under its bar for a converged run)
    and advised a decay, which retrained changed nothing (nor did an lr sqrt(10) lower or higher). At most an info."""
    report = lrdoctor.analyze(RUNS / "dkt-rmsprop-resumed-with-state.csv")
    assert [f.severity for f in report.findings if f.rule == "plateau"] == ["info"]
    assert not warned("dkt-rmsprop-resumed-with-state.csv")


def test_a_plateau_whose_held_out_loss_rose_is_still_stuck() -> None:
    """The twin: an MLP oscillating at SGD-momentum, its validation loss ending 15% above its best."""
    assert "plateau" in {f.rule for f in lrdoctor.analyze(RUNS.parent / "mlp-sgdm-oscillation-plateau.csv").findings
                         if f.severity == "warning"}


def test_a_batch_climb_past_a_warmup_the_held_out_loss_did_not_share_is_no_ramp_turn() -> None:
    """A neural additive model warmed up to Adam 0.01: its noisy batch BCE climbed x1.17 just past the warmup (4.4 noise
    units, at lr-too-high's bar) while its validation loss went 0.521 -> 0.518 across the climb and fell on to the end,
    its last evaluation its best. lr-too-high advised a third of the lr, which retrained changed nothing."""
    assert not warned("nam-adam-warmup-cosine.csv")


def test_a_ramp_turn_the_held_out_loss_shared_is_still_an_lr_too_high() -> None:
    """The twin: the tiny GPT warmed up to 0.3, whose validation loss went 1.155 -> 1.40 across the climb."""
    assert "lr-too-high" in warned("gpt-adamw-warmup-cosine-peak-0p3.csv")


def test_a_held_out_rise_at_steps_below_the_band_is_no_overfitting() -> None:
    """A DnCNN at Adam 1e-6, 3000x below its best lr: its training loss fell 4% in 200 steps with update ratios of 8e-6,
    and its validation loss rose 2.3x as BatchNorm's running statistics left their init. overfitting advised an early
    stop at step 20; steps that small memorise nothing: lr-too-low speaks alone."""
    rules = warned("dncnn-adam-lr-1e-6-3000x-low.csv")
    assert "lr-too-low" in rules and "overfitting" not in rules


def test_an_early_cut_after_which_the_held_out_loss_still_falls_is_premature() -> None:
    """An FT-Transformer at Adam 2e-3 cut x0.1 at step 16 of 300, after a bumpy start whose few points show no trend: its
    validation loss fell steadily 0.52 -> 0.29 to the end at the cut lr. Nothing was reported; the same cut at 70% of the
    run ends 65% lower."""
    report = lrdoctor.analyze(RUNS / "ftt-adam-multistep-x0p1-at-5pct.csv")
    found = [f for f in report.findings if f.rule == "premature-decay"]
    assert found and found[0].fix == {"decay_step": 300, "decay_from": 16}


def test_healthy_step_decays_of_the_same_half_stay_silent() -> None:
    """The look-alikes: a DnCNN's step decay at SGD-momentum and an FT-Transformer under ReduceLROnPlateau."""
    assert not warned("dncnn-sgdm-step-decay-log4.csv")
    assert not warned("ftt-adam-reduce-on-plateau-log4.csv")


def test_a_binary_classification_task_is_a_classification() -> None:
    """A neural additive model whose last layers were initialised 100x: its first BCE 27.4, 40x ln 2. Its sidecar's task
    is "binary classification (loan default, additive)", and wrong-initial-loss matched the task's first word only
    ("binary"), so it said the run was no classification and lr-too-high spoke instead. "class" anywhere in the task
    name makes it one; the default init ends 81% lower."""
    report = lrdoctor.analyze(RUNS / "nam-adam-last-layers-x100.csv")
    found = [f for f in report.findings if f.rule == "wrong-initial-loss"]
    assert found and found[0].severity == "error" and "wrong-initial-loss" not in report.not_checked


def test_a_healthy_binary_classifier_stays_silent() -> None:
    """The look-alike: a neural additive model at SGD-momentum on a one-cycle schedule, its first BCE near ln 2."""
    report = lrdoctor.analyze(RUNS / "nam-sgdm-onecycle-log5.csv")
    assert not warned("nam-sgdm-onecycle-log5.csv") and "wrong-initial-loss" not in report.not_checked


def test_a_held_out_loss_frozen_at_a_high_lr_is_an_lr_too_high() -> None:
    """A DnCNN on a cyclic AdamW peak of 0.3, logged every 2 steps: its held-out MSE fell 1.96 -> 0.043 and then froze at
    the noise's variance (the model predicts no noise), 0.04305 to five digits for 7 evaluations, while its weights
    still moved 1.5e-3 a step. Nothing was reported (its training loss only sat there). A peak of 0.01 ends 9x lower."""
    report = lrdoctor.analyze(RUNS / "dncnn-adamw-cyclic-peak-0p3-log2.csv")
    assert "lr-too-high" in warned("dncnn-adamw-cyclic-peak-0p3-log2.csv")
    assert report.recommendation is not None and report.recommendation.lr <= 0.3 / 10


def test_a_held_out_loss_frozen_from_the_start_is_not_the_lr() -> None:
    """Twins: a DnCNN whose first conv was dead at init, its held-out MSE frozen from the first evaluation (dead-units'
    finding, not the lr's), and a healthy neural additive model on a cyclic schedule."""
    assert warned("dncnn-adam-first-conv-dead-at-init.csv") == {"dead-units"}
    assert not warned("nam-adam-cyclic-triangular2.csv")


def test_an_lr_that_overflowed_to_nan_in_its_first_steps_is_lowered_thirtyfold() -> None:
    """A DnCNN at SGD 1, NaN at step 5 (a fresh13 run; session 19). A tenth of its lr, 0.1, was advised and retrained
    2.79x the held-out loss of its grid's best, a thirtieth (0.032); 0.32 overflows too. Deep Sets at SGD 0.1, NaN in 3
    steps, has the same grid (a tenth 2.59x, a thirtieth the best). Every finding that proposes an lr says the same one."""
    report = lrdoctor.analyze(RUNS / "dncnn-sgd-lr-1-overflows-nan.csv")
    assert report.recommendation is not None and abs(report.recommendation.lr - 1 / 30) < 0.002
    assert {f.rule for f in report.findings if f.fix.get("lr") is not None} >= {"non-finite-loss", "lr-too-high"}
    assert {f.fix["lr"] for f in report.findings if f.fix.get("lr") is not None} == {report.recommendation.lr}


def test_a_loss_that_turned_nan_after_a_long_stretch_above_the_band_keeps_a_tenth() -> None:
    """The look-alike: fastText at SGD 30 held out for 230 steps with its steps above the band before the NaN; its grid's
    best is a third of the lr and a thirtieth ends 13x worse, so a blow-up that slow keeps the tenth."""
    report = lrdoctor.analyze(RUNS / "fasttext-sgd-lr-30-blows-up.csv")
    assert report.recommendation is not None and abs(report.recommendation.lr - 3.0) < 0.01


def test_a_nan_in_the_data_a_few_steps_in_is_not_an_lr_blow_up() -> None:
    """Fitted Q-iteration at Adam 1e-3 whose replay buffer holds NaN rewards (a fresh12 run; session 19): NaN at step 4
    after batch losses 0.037 -> 0.042, gradient norms flat and steps inside the band. lr-too-high read the crumb of a
    rise as a blow-up and both rules advised an lr, which retrained still ended NaN. No lr: the data or the loss."""
    report = lrdoctor.analyze(RUNS / "fqi-adam-nan-rewards.csv")
    assert [f.rule for f in report.findings if f.severity != "info"] == ["non-finite-loss"]
    assert report.recommendation is None or report.recommendation.lr is None
    (nan,) = [f for f in report.findings if f.rule == "non-finite-loss"]
    assert "lr" not in nan.fix and "data" in nan.message
