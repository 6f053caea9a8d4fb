"""Readings fixed in session 39, on runs of the fix-check halves of bench/fixcheck_runs.py (trained by that bench, the
fault confirmed by its counterfactual, or labelled healthy; tests/data/fixcheck)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sample_runs import signals, warned

import lrdoctor

DATA = Path(__file__).resolve().parents[1] / "data" / "fixcheck"


def test_a_per_epoch_blow_up_still_coming_down_to_chance_is_lr_too_high(tmp_path: Path) -> None:
    """A Legendre Memory Unit at Adam 1 logged per epoch: its first epoch's mean 20.0, then down to 1.41 by its ninth,
    within 2% of ln 4, its accuracies at chance (0.24-0.28) in every epoch. Its later epochs were not all at chance yet,
    and nothing was said; a hundredth of its lr is its grid's best (held-out 0.86 against 1.39). Its look-alikes stay
    silent: the same log whose last epoch's accuracy left chance (a model that started to learn), and one whose
    validation accuracy did."""
    path = DATA / "lmu-adam-lr-1-per-epoch.csv"
    (hit,) = [f for f in lrdoctor.analyze(path).findings if f.rule == "lr-too-high"]
    assert "its last epoch the lowest" in hit.message and "ln 4" in hit.message
    assert hit.fix == {"lr_factor": 0.01}
    log = pd.read_csv(path)
    for column in ("accuracy", "val_accuracy"):
        learning = log.copy()
        learning.loc[len(log) - 1, column] = 0.45
        learning_path = tmp_path / f"{column}-left-chance.csv"
        learning.to_csv(learning_path, index=False)
        assert "lr-too-high" not in warned(learning_path), column
    longer = pd.concat([log, log.iloc[[-1]].assign(epoch=len(log), loss=1.30)], ignore_index=True)
    below = tmp_path / "below-chance.csv"
    longer.to_csv(below, index=False)  # an epoch below chance (ln 4 less 6%): the model learned something
    assert "lr-too-high" not in warned(below)


def test_a_healthy_per_epoch_run_of_the_same_model_is_silent() -> None:
    """The same LMU at Adam 0.01 under a cosine decay, logged per epoch: it learns (accuracy 0.41 -> 0.67)."""
    assert warned(DATA / "lmu-adam-cosine-per-epoch.csv") == []


def test_units_killed_on_a_warmup_with_no_throw_shown_are_aimed_below_the_first_oversized_steps() -> None:
    """A graph transformer under a linear warmup to AdamW 1: its per-layer gradient norms, logged every 100 steps, are
    alive at step 1 and zero from step 101; neither the gradient norm nor the loss shows the step that threw them, and
    the killing lr was read as the largest up to step 101, 0.99, and a tenth of it advised: 0.1 retrained at chance,
    2.4x its grid's best. Its update ratios stood 3-4x above the Adam-family band's top from step 2 on (lr 0.025):
    a tenth of that, 0.0025, retrained 1.12x its grid's best (held-out 0.647; its grid's best, a peak of 0.032, 0.579).
    Where the gradient norm shows the throw, it still names the lr (the gated GCN of session 38, its norm collapsing
    after step 4)."""
    from lrdoctor.checks import dead_units

    path = DATA / "graphtransformer-adamw-warmup-cosine-peak-1.csv"
    rec = lrdoctor.analyze(path).recommendation
    assert rec is not None and rec.lr == 0.0025 and "0.025 that killed the units" in rec.basis
    s = signals(path)
    assert dead_units.largest_gradient_at(s, 1, 101) is None and dead_units.collapse_at(s, 1, 101) is None
    assert dead_units.steps_past_band_at(s, 1, 101) == 2
    assert dead_units.steps_past_band_at(s, 0, 101) == 2  # the run's first step (0.065) is Adam's sign step: not counted


def test_one_dead_layer_of_many_in_a_healthy_run_is_an_info_without_lr_advice() -> None:
    """A healthy Res2Net at Adam 0.01 (resumed with its optimizer state; held-out 0.229, its grid's best 0.222): one
    convolution of its 13 weight tensors has a zero gradient from step 101. It was read as "the lr 0.01 killed units",
    lr-too-high and dead-units warnings with a tenth of the lr and a warmup, which retrained 21% worse. Units dead in
    one layer of many are an info with no lr; where an lr killed them it killed a third of the tensors or more (the
    look-alike: a 1-D U-Net under a NAdam one-cycle schedule to 0.3, 3 of its 6 weight tensors dead, still told the lr)."""
    from sample_runs import FIXCHECK

    report = lrdoctor.analyze(DATA / "res2net-adam-resumed-with-state.csv")
    (dead,) = [f for f in report.findings if f.rule == "dead-units"]
    assert str(dead.severity) == "info" and "1 of the 13 weight tensors" in dead.message and "lr" not in dead.fix
    assert warned(DATA / "res2net-adam-resumed-with-state.csv") == [] and report.recommendation is None
    alike = lrdoctor.analyze(FIXCHECK / "seg1d-nadam-cyclic-peak-0p3.csv")
    (dead,) = [f for f in alike.findings if f.rule == "dead-units"]
    assert str(dead.severity) == "warning" and "lr" in dead.fix and alike.recommendation is not None


def test_a_loss_that_never_moved_with_steps_far_below_healthy_ones_is_lr_too_low(tmp_path: Path) -> None:
    """A Res2Net at SGD-momentum 3e-3, 30x below its grid's best lr, at chance for 400 steps: its median update ratio,
    2.2e-4, sits inside the SGD band (its bottom 1e-4) but 26x below where healthy SGD runs sit. plateau told it to
    triple its lr (5.2x its grid's best); the steps, raised to where healthy runs sit, give 0.077 (its grid's best is
    0.095, 0.03 within 5% of it). The look-alike: the same log with steps 10x larger, where healthy runs' sit, is not
    lr-too-low (a model at chance whose steps are not small learned nothing for another reason: plateau says so)."""
    path = DATA / "res2net-sgdm-lr-3e-3-30x-low-log3.csv"
    report = lrdoctor.analyze(path)
    (low,) = [f for f in report.findings if f.rule == "lr-too-low"]
    assert "26x below where healthy SGD-family runs sit" in low.message
    assert report.recommendation is not None and 0.03 <= report.recommendation.lr <= 0.3
    log = pd.read_csv(path)
    log["update_ratio"] *= 10
    larger = tmp_path / "larger-steps.csv"
    log.to_csv(larger, index=False)
    (tmp_path / "larger-steps.json").write_text((DATA / "res2net-sgdm-lr-3e-3-30x-low-log3.json").read_text())
    assert "lr-too-low" not in warned(larger) and "plateau" in warned(larger)
