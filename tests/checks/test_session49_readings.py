"""Readings fixed in session 49, on real training runs of the fresh80, fresh81 and fresh85 halves kept in
tests/data/fixcheck: under an Adam-family optimizer a first step beyond the first-step band that inflated the weights
of a run that never learned is an lr too high (and the start a warmup tames); gradients that flowed, then died 1000x
down while the loss never left its start, are an lr too high, not a crawl; a loss that turned NaN right after a later
update moved the weights beyond the first-step band is the lr's doing, not the data's; SGD steps above the band that
inflated the weights early are an lr too high; and Adam first steps above the band before a run that never learned
are too."""

from __future__ import annotations

import pytest

import lrdoctor
from lrdoctor.checks import lr_too_high, missing_warmup
from lrdoctor.findings import Finding
from lrdoctor.optim import first_step_band
from sample_runs import signals, warned
from sample_runs import TEST_FIXCHECK as DATA


def only(path: object, rule: str) -> Finding:
    """The run's one finding of that rule."""
    (hit,) = [f for f in lrdoctor.analyze(str(path)).findings if f.rule == rule]
    return hit


def test_an_adam_first_step_beyond_the_band_that_inflated_a_run_that_never_learned_is_an_lr_too_high() -> None:
    """A CoAtNet-like hybrid at Adam 0.05, no warmup (fresh80; a 60-step warmup at the same lr trains, its grid's best
    lr is 3e-3): its first update moved the weights by 0.33 of their norm, their norm 20.9 -> 47.0, and its loss sat at
    ln 4 for all 400 steps. plateau read its steps as moderate and told it to raise the lr 3x (9x worse than the grid's
    best). Now lr-too-high lowers the lr and missing-warmup advises the warmup. The healthy run of the family (cosine
    Adam 3e-3) and a run stuck at Adam 100x too low (first steps far inside the band) are not read so."""
    path = DATA / "coatnet-adam-lr-0p05-no-warmup-log2.csv"
    s = signals(path)
    assert s.first_step_beyond_band and s.first_step_tamable
    assert set(warned(path)) == {"lr-too-high", "missing-warmup"}
    hit = only(path, "lr-too-high")
    assert hit.evidence["weight_norm_growth"] >= lr_too_high.ADAM_STUCK_INFLATED_WEIGHTS
    assert hit.evidence["weight_norm_growth"] < lr_too_high.STUCK_INFLATED_WEIGHTS  # below the SGD reading's bar
    report = lrdoctor.analyze(path)
    assert report.recommendation is not None and report.recommendation.lr is not None
    assert report.recommendation.lr < s.lr_max / 3  # lowered, where it was raised 3x
    assert report.recommendation.warmup_steps == only(path, "missing-warmup").fix["warmup_steps"]
    assert report.recommendation.warmup_steps >= missing_warmup.MIN_WARMUP_SHARE * s.span_steps - 1
    assert warned(DATA / "coatnet-adam-cosine-log2.csv") == []
    low = DATA / "dino-adam-lr-3e-5-100x-low.csv"
    assert not signals(low).first_step_beyond_band and "lr-too-high" not in warned(low)


def test_gradients_that_died_in_a_run_that_never_learned_are_an_lr_too_high_not_a_crawl() -> None:
    """A DeepSDF-like auto-decoder at SGD-momentum 1, 100x its grid's best lr (fresh80; every lr from 0.32 sits at the
    same clamped L1): its gradient norm was 0.03 for 14 steps, 0.53 at step 15, 2e-6 from step 17 to the end, its loss
    at its start throughout. lr-too-low read the tiny late steps as a crawl and, with plateau, told it to raise the lr
    100x, which changed nothing. Now lr-too-high says the gradients died and lowers the lr 10x, to the grid's best.
    Look-alikes: the healthy run of the family, and a head dead at init whose gradients fade over a hundred steps
    (dead-units' finding only)."""
    path = DATA / "deepsdf-sgdm-lr-1-100x-log2.csv"
    assert set(warned(path)) == {"lr-too-high"}
    hit = only(path, "lr-too-high")
    assert hit.step_start == 17
    assert hit.evidence["grad_norm_after"] <= hit.evidence["grad_norm_start"] / 10**lr_too_high.GRADIENT_DIED_ORDERS
    assert hit.fix["lr"] == pytest.approx(signals(path).lr_max / signals(path).rule_params("lr-too-high").blowup_divisor)
    assert warned(DATA / "deepsdf-adam-cosine-log2.csv") == []
    dead = DATA / "tagcn-adam-fc-dead-at-init.csv"
    assert warned(dead) == ["dead-units"]
    assert lr_too_high.gradients_died(signals(dead), signals(dead).rule_params("lr-too-high")) is None


def test_a_nan_right_after_a_later_update_beyond_the_band_is_the_lrs_doing() -> None:
    """A generalized-gamma MLP at SGD-momentum 1, 100x its grid's best lr (fresh81): its first update moved the weights
    by 0.16 of their norm, inside SGD's first-step band, its second by 1.46 (the loss x3.1, the gradient norm 10x), and
    the loss was inf at step 3. non-finite-loss read it as stable until a bad batch and told it to check its data; now
    it names that update and lowers the lr, and lr-too-high says the lr blew the model up. A NaN in the data of the same
    family at Adam 3e-3 (its first step inside the band) is still the data's."""
    path = DATA / "gengamma-sgdm-lr-1-100x.csv"
    s = signals(path)
    assert not s.first_step_beyond_band
    step, size = lr_too_high.step_thrown_before(s, 3) or (0, 0.0)
    assert step == 2 and size > first_step_band(s.optimizer_family)[1]
    assert set(warned(path)) == {"lr-too-high", "non-finite-loss"}
    nan = only(path, "non-finite-loss")
    assert "step 2" in nan.message and "stable_loss" not in nan.fix and nan.fix["lr"] < s.lr_max / 10
    data = DATA / "gengamma-adam-missing-feature-nan.csv"
    assert warned(data) == ["non-finite-loss"] and only(data, "non-finite-loss").fix == {"stable_loss": True}


def test_sgd_steps_above_the_band_that_inflated_the_weights_early_are_an_lr_too_high() -> None:
    """An MQ-RNN-like forecaster at SGD-momentum 30, 30x its grid's best lr (fresh81; its grid's best 0.3-1 ends at
    0.19): its first update, 0.28 of the weights' norm, stayed inside SGD's first-step band, but its steps by step 21 had
    a median of 0.16 of the weights' norm and their norm grew 8.9 -> 56; its loss converged 1.7x down at 0.30 and
    nothing was said but a plateau's info. Now lr-too-high lowers the lr, the early median aimed into the band (about
    1). The healthy Nesterov run of the family at lr 1 under cosine (early steps of 0.025, its weights' norm 8.9 -> 9.7
    by step 21) stays silent."""
    path = DATA / "mqrnn-sgdm-lr-30-30x-log2.csv"
    s = signals(path)
    assert not s.first_step_beyond_band
    assert set(warned(path)) == {"lr-too-high"}
    hit = only(path, "lr-too-high")
    assert hit.evidence["weight_norm_growth"] >= lr_too_high.SGD_INFLATED_WEIGHTS
    assert hit.evidence["early_update_ratio"] > s.update_band[1]
    assert 0.3 <= hit.fix["lr"] <= 3  # the grid's best 0.3-1, where the first step alone would aim 0.3
    healthy = DATA / "mqrnn-nesterov-cosine-log2.csv"
    assert warned(healthy) == []
    assert lr_too_high.weights_inflated(signals(healthy)) is None


def test_adam_first_steps_above_the_band_before_a_run_that_never_learned_are_an_lr_too_high() -> None:
    """A Neighborhood-Attention-Transformer-like classifier at AdamW 0.03, no warmup, 10x its grid's best lr (fresh85;
    a 60-step warmup at the same lr, or a tenth of it, trains it): its first steps moved the weights by 0.18, 0.10 and
    0.07 of their norm, above the Adam-family band's top (0.03) though inside the first-step band, its loss sat at ln 5
    all run and its later steps shrank to 0.0007 as its units died. lr-too-low read those later steps as a crawl and told
    it to raise its lr 20x (4.5x its grid's best). Now lr-too-high lowers the lr 10x and missing-warmup advises the
    warmup. A run stuck at AdamW 100x too low (first steps of 0.0008) is still lr-too-low's; the healthy run of the
    family under cosine Adam (first steps of 0.01-0.02) stays silent."""
    path = DATA / "nat-adamw-lr-0p03-no-warmup-log2.csv"
    s = signals(path)
    assert not s.first_step_beyond_band
    assert set(warned(path)) == {"lr-too-high", "missing-warmup"}
    hit = only(path, "lr-too-high")
    assert hit.evidence["early_update_ratio"] > s.update_band[1]
    assert hit.fix["lr"] == pytest.approx(s.lr_max / s.rule_params("lr-too-high").blowup_divisor)
    low = DATA / "mind-adamw-lr-1e-4-100x-low.csv"
    assert "lr-too-low" in warned(low) and "lr-too-high" not in warned(low)
    assert lr_too_high.large_first_steps_stuck(signals(low), signals(low).rule_params("lr-too-high")) is None
    assert warned(DATA / "nat-adam-cosine-log2.csv") == []
