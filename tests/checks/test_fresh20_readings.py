"""Readings fixed after the fresh20 half of bench/fixcheck_runs.py (a MADE density estimator, an ESPCN super-resolution
CNN, GraphSAGE and a tiny ViT) was measured once, held out (session 25), and a run of fresh19 that showed the same:
each run was trained by that bench, its fault confirmed by its counterfactual (sample_logs/fixcheck/labels.toml)."""

from __future__ import annotations

from pathlib import Path

from sample_runs import FIXCHECK as RUNS
from sample_runs import edited_run, scaled_ratios

import lrdoctor


def findings(path: Path) -> dict[str, lrdoctor.Finding]:
    return {f.rule: f for f in lrdoctor.analyze(path).findings if f.severity != "info"}


def test_a_first_step_beyond_the_band_is_no_lr_too_low() -> None:
    """An ESPCN at RMSprop 0.03, 30x above its best lr: its first step moved the weights 5.3x their norm (0.53 as an Adam
    step, the band's top 0.3), it collapsed to a blurred constant and crept from there. lr-too-low read the crawl of its
    validation loss and advised raising the lr 10x, which retrained 36% worse."""
    assert "lr-too-low" not in findings(RUNS / "espcn-rmsprop-lr-0p03-30x-log3.csv")


def test_the_same_crawl_after_a_first_step_within_the_band_is_a_low_lr(tmp_path: Path) -> None:
    """The look-alike: the same log with every update ratio divided by 30 (the first step 0.018 as an Adam step, inside
    the band): the crawl is read as before."""
    assert "lr-too-low" in findings(edited_run(tmp_path, "espcn-rmsprop-lr-0p03-30x-log3", scaled_ratios(1 / 30)))


def test_large_sgd_steps_that_left_a_vit_near_chance_are_an_lr_too_high() -> None:
    """A ViT at SGD-momentum 0.3 (a tenth ends 7x lower): no blow-up, its loss 2.05 -> 1.7 against ln 6 = 1.79 and its
    validation loss 1.69, with median update ratios 0.017, 2.9x where healthy SGD runs sit. The advice is at least 10x
    lower, as for any run left at chance (aimed at the healthy ratio alone, 0.1, it retrained 1.5x its grid's best)."""
    found = findings(RUNS / "vit-sgdm-lr-0p3-10x-log2.csv")
    assert found["lr-too-high"].lr is not None and found["lr-too-high"].lr.lr <= 0.03 + 1e-12


def test_the_same_curve_with_steps_where_healthy_runs_sit_is_not_the_lr(tmp_path: Path) -> None:
    """The look-alike: the same log with its update ratios divided by 3 (0.0055, where healthy SGD runs sit): a model
    that learned little with steps that size is not read as an lr too high."""
    assert "lr-too-high" not in findings(edited_run(tmp_path, "vit-sgdm-lr-0p3-10x-log2", scaled_ratios(1 / 3)))


def test_the_binarized_cnn_at_sgd_momentum_0p3_reads_the_same() -> None:
    """The fresh19 binarized CNN at SGD-momentum 0.3 (a tenth ends 3x lower): its loss 2.09 -> 1.6 against ln 8 = 2.08,
    ratios 0.015, 2.6x where healthy SGD runs sit; missed held out in session 24."""
    assert "lr-too-high" in findings(RUNS / "qat-sgdm-lr-0p3-10x-log2.csv")


def test_a_straight_crawl_at_half_the_healthy_step_is_a_low_lr() -> None:
    """GraphSAGE at ASGD 0.03, 10x below its best lr (+44%): its loss crawled straight, 1.65 -> 1.12, the last quarter
    40% of the progress, with median update ratios of 0.0028: above the SGD band's geometric middle (0.0022), where the
    rule used to call steps not small, and half where healthy SGD runs sit (0.0057)."""
    found = findings(RUNS / "sage-asgd-lr-0p03-10x-low-log4.csv")
    assert found["lr-too-low"].lr is not None and found["lr-too-low"].lr.lr >= 0.1


def test_the_same_crawl_with_steps_above_where_healthy_runs_sit_is_not_a_low_lr(tmp_path: Path) -> None:
    """The look-alike: the same log with its update ratios tripled (0.0085): a crawl at steps that large is not for
    want of step size."""
    assert "lr-too-low" not in findings(edited_run(tmp_path, "sage-asgd-lr-0p03-10x-low-log4", scaled_ratios(3.0)))
