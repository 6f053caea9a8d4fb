"""The lr a run failed at, for lr-too-high's reading of a schedule's first step (``ramp_start_beyond_band``): the start
lr only when the first step there was already beyond the band, else the peak (session 58; tests/data/fixcheck/README.md)."""

from __future__ import annotations

from sample_runs import TEST_FIXCHECK

import lrdoctor
from lrdoctor.checks.lr_too_high import ramp_start_beyond_band
from lrdoctor.engine import load_run
from lrdoctor.signals import Signals


def test_a_start_whose_first_step_sat_in_the_band_does_not_hold_the_peak_advice_under_it() -> None:
    """A CRF-BiGRU tagger warmed up from AdamW 0.0083 to 1 (fresh8, a tuning half): its first step, at 0.0083, moved the
    weights 0.025 of their norm, inside the band; scaled to the peak it is far beyond. The peak is told 0.01; kept under
    half the start lr as if the start had failed it was told 0.0042, which retrained 1.25x and 1.29x the grid's best at
    two seeds, against 1.16x and 1.17x for 0.01."""
    report = lrdoctor.analyze(TEST_FIXCHECK / "crf-bigru-adamw-warmup-cosine-peak-1.csv")
    rec = report.recommendation
    assert rec is not None and rec.lr is not None and 0.007 <= rec.lr <= 0.014
    assert "at which the run failed" not in rec.basis
    (finding,) = [f for f in report.findings if f.rule == "lr-too-high"]
    assert finding.fix["lr"] == rec.lr


def test_a_start_whose_first_step_was_beyond_the_band_still_bounds_the_advice() -> None:
    """The look-alike: a Circle Loss embedding under a cyclic Adam schedule from 0.05 to 1, whose first step at 0.05
    already moved the weights 0.61 of their norm, beyond the 0.3 of the band: the start lr failed and stays the lr the
    advice keeps under; the tagger's start did not fail, its peak did."""
    thrown = ramp_start_beyond_band(Signals(load_run(TEST_FIXCHECK / "circleloss-adam-cyclic-peak-1.csv")))
    assert thrown is not None and thrown.lr is not None and thrown.lr.failed_lr == 0.05
    assert "already moved the weights" in thrown.message
    in_band = ramp_start_beyond_band(Signals(load_run(TEST_FIXCHECK / "crf-bigru-adamw-warmup-cosine-peak-1.csv")))
    assert in_band is not None and in_band.lr is not None and in_band.lr.failed_lr == 1.0
