"""Readings fixed in session 47, on real training runs of the fresh75 half kept in tests/data/fixcheck: under SGD,
weights inflated while the loss fell a little and then sat at chance are an lr too high, not a crawl; an Adagrad first
step twenty times the weights' norm is an lr far too high; a schedule whose very first step, below its peak lr, was
already beyond the first-step band peaks too high; and a warmup that blew the model up, its steps beyond the band from
its first, is aimed by those steps rather than by a tenth of the lr that blew it up."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import lrdoctor
from lrdoctor.checks import lr_too_high, plateau
from lrdoctor.findings import Finding
from lrdoctor.optim import first_step_band
from lrdoctor.signals import TAMABLE_STEP
from sample_runs import TEST_FIXCHECK as DATA
from sample_runs import signals, warned


def lr_hit(path: Path) -> Finding:
    """The run's one lr-too-high finding."""
    (hit,) = [f for f in lrdoctor.analyze(path).findings if f.rule == "lr-too-high"]
    return hit


def test_sgd_weights_inflated_after_a_small_drop_are_an_lr_too_high_not_a_crawl() -> None:
    """An ARMA graph network at SGD-momentum 3, 30x its grid's best lr (fresh75): update ratios of 0.06-0.18 over its
    first steps, above the SGD band, its weights' norm 18.8 -> 116, its loss 1.41 -> 1.385 (ln 4) by step 35 and there
    to the end, its last update ratios 1e-8. lr-too-low read the median ratio, 1.7e-6, as a crawl and told it 300
    (retrained: overflow); the last resort for a loss stuck while the weights inflated only read a stall from the
    first step. Now: lr-too-high alone, a tenth of the lr (0.3 retrains 1.25x its grid's best)."""
    path = DATA / "armagnn-sgdm-lr-3-30x-log2.csv"
    s = signals(path)
    found = plateau.stuck(s, s.rule_params("plateau"))
    assert found is not None and found.start > s.first_step  # the stall came after a small drop
    assert found.prior_drop < s.rule_params("lr-too-high").min_rise
    assert set(warned(path)) == {"lr-too-high"}
    hit = lr_hit(path)
    assert hit.evidence["weight_norm_growth"] >= lr_too_high.STUCK_INFLATED_WEIGHTS
    report = lrdoctor.analyze(path)
    assert report.recommendation is not None and report.recommendation.lr is not None
    assert report.recommendation.lr < s.lr_max


def test_an_adagrad_first_step_twenty_times_the_weights_is_an_lr_far_too_high() -> None:
    """A Circle Loss embedding at Adagrad 3, 100x its grid's best lr (fresh75): its first step moved the weights by 37
    of their norm, their norm 8.4 -> 375 by step 21; its loss then fell 33 -> 11, and nothing was said (Adagrad's
    first step, its largest by design, was never read). The advice aims the first step at the top of Adagrad's
    first-step band: 0.025, where the grid's best is 0.03."""
    path = DATA / "circleloss-adagrad-lr-3-100x-log2.csv"
    s = signals(path)
    assert s.first_update_ratio >= lr_too_high.ADAGRAD_INFLATED_STEP
    assert "lr-too-high" in warned(path)
    hit = lr_hit(path)
    assert hit.evidence["weight_norm_growth"] >= lr_too_high.INFLATED_WEIGHTS
    assert hit.lr is not None and hit.lr.lr == pytest.approx(
        s.lr_max * first_step_band(s.optimizer_family)[1] / s.first_update_ratio)


def test_a_healthy_adagrad_first_step_is_left_alone() -> None:
    """The look-alike: the same embedding healthy at Adagrad 0.03, its first step 0.37 of the weights' norm."""
    path = DATA / "circleloss-adagrad-constant-eval50.csv"
    s = signals(path)
    assert s.first_update_ratio < TAMABLE_STEP
    assert lr_too_high.weights_inflated(s) is None
    assert warned(path) == []


def test_a_first_step_beyond_the_band_below_the_peak_says_the_peak_is_too_high() -> None:
    """The embedding under a cyclic Adam schedule from 0.05 to a peak of 1 (fresh75; a peak of 0.01 ends 6.2 held out
    against its 13.3): its very first step, at 0.05, moved the weights by 0.61 of their norm, beyond the 0.3 an Adam
    first step takes at a sane lr; the loss still came down between the peaks (30 -> 13) and every cycle's trough was
    lower than the last, so nothing was said. Over the 123 labelled runs that start below their peak lr, the 11 whose
    first step was beyond the band are all lr-too-high."""
    path = DATA / "circleloss-adam-cyclic-peak-1.csv"
    s = signals(path)
    assert not s.at_full_lr(s.lr_at(s.first_step))
    assert "lr-too-high" in warned(path)
    hit = lr_hit(path)
    assert hit.evidence["peak_lr"] == pytest.approx(s.lr_max)
    assert hit.evidence["first_update_ratio"] > hit.evidence["first_step_band_high"]
    assert hit.lr is not None and hit.lr.lr < s.lr_max / 100


def test_a_warmup_that_blew_up_is_aimed_by_its_steps_beyond_the_band() -> None:
    """A Funnel-like classifier warmed up to AdamW 1 over 80 steps (fresh75): its first step, at 0.0125, moved the
    weights by 0.049 of their norm (the Adam band's top 0.03), 0.07-0.1 after; it blew up at lr 0.42 and was told a
    tenth of that, 0.042, where its grid falls to chance above 0.01 (4.3x its best held-out loss). Aimed by its first
    step: 0.0076."""
    path = DATA / "funnel-adamw-warmup-cosine-peak-1.csv"
    s = signals(path)
    hit = lr_hit(path)
    assert hit.lr is not None
    assert hit.lr.lr < 0.1 * hit.evidence["lr"]
    assert "warmup" in hit.lr.basis
    _, ratios = s.column("update_ratio")
    assert hit.lr.lr == pytest.approx(float(s.lr_at(s.first_step)) * s.update_band[1] / float(ratios[0]))


def test_a_healthy_warmup_is_not_aimed_nor_read_as_peaking_too_high() -> None:
    """The look-alike: the same classifier healthy, warmed up to AdamW 3e-3, its ramp's update ratios within the band
    (median 0.0033) and its first step 0.002 of the weights' norm."""
    path = DATA / "funnel-adamw-warmup-cosine.csv"
    s = signals(path)
    assert lr_too_high.ramp_start_beyond_band(s) is None
    steps, ratios = s.column("update_ratio")
    on_ramp = steps < s.steps[int(np.argmax(s.lr))]
    assert float(np.median(ratios[on_ramp])) < s.update_band[1]
    assert lr_too_high.warmup_ratios_aimed(s, int(s.steps[int(np.argmax(s.lr))]), s.lr_max) is None
    assert warned(path) == []
