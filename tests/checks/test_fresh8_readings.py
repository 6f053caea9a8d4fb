"""Readings fixed after the fresh8 half of bench/fixcheck_runs.py was measured once, held out (session 13), beyond the
layer gap (test_layer_gap.py) and the stated sum (test_stated_sum.py)."""

from __future__ import annotations

from pathlib import Path

import lrdoctor

RUNS = Path(__file__).resolve().parents[2] / "sample_logs" / "fixcheck"


def test_a_fine_tune_whose_held_out_loss_moved_a_third_of_a_percent_is_no_crawl() -> None:
    """fresh8's one healthy run warned held out: a PixelCNN fine-tuned at Adam 1e-4 whose validation loss went 0.1887
    -> 0.1881 in a straight, significant line. It has converged (labelled healthy: neither neighbouring lr of its grid
    is 10% better); lr-too-low reads a held-out crawl of 1% or more only."""
    report = lrdoctor.analyze(RUNS / "pixelcnn-adam-finetune-lr-1e-4.csv")
    assert not [f for f in report.findings if f.severity != "info"]


def test_a_fine_tune_flat_from_its_first_step_gets_no_decay_at_step_1() -> None:
    """The same fine-tune was then told 'after falling x1.02 it has not improved significantly since step 1 (100% of the
    run)', with a decay at step 1 (retrained: no change): a fine-tune that starts converged has no stretch to decay in."""
    report = lrdoctor.analyze(RUNS / "pixelcnn-adam-finetune-lr-1e-4.csv")
    assert "plateau" not in {f.rule for f in report.findings}
