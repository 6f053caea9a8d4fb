"""Readings fixed after the fresh107 half of bench/fixcheck_runs.py (a bilinear-pooling CNN, a Long Expressive Memory
RNN, a DLRM click model and a Poisson-Lindley likelihood MLP) was measured once, held out (session 57): each run was
trained by that bench and labelled by its counterfactual (tests/data/fixcheck/README.md)."""

from __future__ import annotations

from sample_runs import TEST_FIXCHECK

import lrdoctor


def test_a_held_lr_keeps_the_warmup_the_growing_schedule_gave_a_model_still_at_its_start() -> None:
    """A bilinear-pooling CNN under ExponentialLR(gamma=1.02) per batch from Adam 3e-3: its loss sat at ln 4 until the
    lr passed 0.009, fell, and turned upward past 0.038. Told to hold 0.013 from the first step, it retrained stuck at
    chance at one seed of two; the schedule's climb to 0.013 was its warmup, and with it both seeds train."""
    report = lrdoctor.analyze(TEST_FIXCHECK / "bilinear-adam-exponential-gamma-1p02.csv")
    rec = report.recommendation
    assert rec is not None and rec.schedule == "constant" and rec.lr is not None and 0.005 <= rec.lr <= 0.02
    assert rec.warmup_steps is not None and 50 <= rec.warmup_steps <= 100  # the 74 steps 3e-3 x 1.02^k took to reach it
    (finding,) = [f for f in report.findings if f.rule == "lr-too-high"]
    assert finding.fix["warmup_steps"] == rec.warmup_steps and "warmup" in finding.suggestion


def test_no_warmup_where_the_model_learned_on_the_climb() -> None:
    """The look-alike: an FSMN keyword spotter under the same growth from Adam 3e-3 whose loss had made most of its
    descent by the time the lr reached the lr it is told to hold: the climb was no warmup it needs again (retrained with
    one, it ended 11% worse)."""
    report = lrdoctor.analyze(TEST_FIXCHECK / "fsmn-adam-exponential-gamma-1p02.csv")
    rec = report.recommendation
    assert rec is not None and rec.schedule == "constant" and rec.warmup_steps is None
    assert all("warmup_steps" not in f.fix for f in report.findings)
