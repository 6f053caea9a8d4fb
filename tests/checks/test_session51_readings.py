"""Readings fixed in session 51, on real training runs of the fresh91 and fresh93 halves kept in tests/data/fixcheck: a
training loss that sits at a tenth of its first value or lower after the best evaluation, no longer falling, while the
validation loss climbs, has memorised its training set (overfitting), not only lost to the lr's noise, and a training
loss that climbs from the first quarter after the best evaluation to the last is not sitting at its floor; and a
validation loss whose every later evaluation stands above its best, the last ones 100x or more, rose however wild its
noise."""

from __future__ import annotations

import numpy as np

import lrdoctor
from lrdoctor.checks import overfitting
from sample_runs import SAMPLE_LOGS, signals, warned
from sample_runs import TEST_FIXCHECK as DATA


def test_a_training_loss_at_a_tenth_of_its_start_while_the_validation_loss_climbs_has_memorised() -> None:
    """A LINKX-like node classifier at Adam 3e-3 logged once per epoch (fresh91): its epoch means 1.59 -> 0.144 by its
    best epoch (9), then a median of 0.089 (5.6% of its first, noisy under dropout), its training accuracy 0.95-0.99
    against 0.82-0.88 on the held-out nodes, its validation loss 0.353 -> 0.547. Only plateau spoke (an info: the lr's
    noise costs it); stopped at its best epoch it ends 47% lower. Look-alikes: a CNN at Adam 0.03 whose training loss
    climbs from 0.107 to 0.239 between the first and last quarters after its best evaluation (lr-too-high's divergence,
    not memorising), and a healthy generalized-Poisson MLP under cosine logged per epoch."""
    path = DATA / "linkx-adam-lr-3e-3-overfits-per-epoch.csv"
    assert "overfitting" in warned(path)
    found = [f for f in lrdoctor.analyze(path).findings if f.rule == "overfitting"][0]
    assert found.fix == {"early_stop_step": 9}
    s = signals(path)
    after = s.loss[s.steps > 9]
    assert overfitting.MEMORISED_SHARE / 2 < float(np.median(after)) / s.loss[0] <= overfitting.MEMORISED_SHARE  # 5.6%
    diverged = SAMPLE_LOGS / "cnn-adam-lr-too-high.csv"
    d = signals(diverged)
    assert overfitting.climbed_after(d, d.loss[d.steps > 400])
    assert "overfitting" not in warned(diverged) and "lr-too-high" in warned(diverged)
    assert warned(DATA / "genpoisson-adam-cosine-per-epoch.csv") == []


def test_a_validation_loss_that_runs_off_by_orders_of_magnitude_rose_however_wild_its_noise() -> None:
    """An exponentiated-Weibull lifetime MLP memorising 300 rows at Adam 1e-3 (fresh93): its training NLL 0.40 -> -0.8,
    its validation NLL 0.95 at the first evaluation, then 1.9 to 880,000 (the last three's median 160). Its evaluations
    jumped so far apart (a robust noise of 3.5 in log-loss) that the rise read as noise and nothing was said; stopped at
    its best evaluation it ends 100% lower. Look-alike: a TDNN speaker classifier at RMSprop 0.3 whose validation loss
    also ran off by orders of magnitude, its training loss stuck high: lr-too-high's, not memorising."""
    path = DATA / "expweibull-adam-300-rows-overfits.csv"
    s = signals(path)
    steps, raw = s.val_finite
    found = overfitting.risen(s.rule_params("overfitting"), "validation loss", steps, raw)
    assert found is not None and found.far and found.rise < found.noise * s.rule_params("overfitting").rise_noise
    assert warned(path) == ["overfitting"]
    hit = [f for f in lrdoctor.analyze(path).findings if f.rule == "overfitting"][0]
    assert hit.fix == {"early_stop_step": 40} and "every one of the 19 later evaluations" in hit.message
    wild = DATA / "tdnn-rmsprop-lr-0p3-300x-log2.csv"
    w = signals(wild)
    ws, wraw = w.val_finite
    ran_off = overfitting.risen(w.rule_params("overfitting"), "validation loss", ws, wraw)
    assert ran_off is not None and ran_off.far and not overfitting.memorising(w, ran_off)
    assert warned(wild) == ["lr-too-high"]
