"""Readings fixed after the fresh9 half of bench/fixcheck_runs.py was measured once, held out (session 14)."""

from __future__ import annotations

from pathlib import Path

import lrdoctor

RUNS = Path(__file__).resolve().parents[2] / "sample_logs" / "fixcheck"


def test_an_sgd_first_step_larger_than_the_weights_is_too_high_even_if_the_run_recovers() -> None:
    """TransE at SGD 1000 (30x its lr): the first step moved the embeddings 2.5x their norm (the SGD first-step band's
    top is 0.5), the loss doubled, and though it came down later the held-out loss ended 2.5x the counterfactual's. It
    was told it had converged. An adaptive optimizer's first step that large was already read so; an SGD step is too."""
    report = lrdoctor.analyze(RUNS / "kge-transe-sgd-lr-1000-30x-noisy-log2.csv")
    hit = next(f for f in report.findings if f.rule == "lr-too-high")
    assert "as large as the weights" in hit.message
    assert report.recommendation is not None and report.recommendation.lr < 1000 / 10


def test_epoch_means_that_jump_up_are_a_too_high_lr() -> None:
    """A latent neural ODE at Adam 0.1 logged once per epoch: its epoch means went 3.5, 6.5, 0.85, 15, 0.53, 0.37, 0.33,
    0.31, the validation loss rising at both jumps (the counterfactual at 3e-3 ends 60x lower). Nothing was found."""
    report = lrdoctor.analyze(RUNS / "per_epoch" / "node-adam-lr-0p1-per-epoch.csv")
    hit = next(f for f in report.findings if f.rule == "lr-too-high")
    assert "jumped up 2 times" in hit.message and hit.fix == {"lr_factor": 0.1}


def test_a_healthy_per_epoch_log_stays_silent() -> None:
    report = lrdoctor.analyze(RUNS / "per_epoch" / "kge-transe-adam-per-epoch.csv")
    assert not [f for f in report.findings if f.severity != "info"]


def test_a_training_loss_at_its_floor_while_the_validation_loss_rises_is_overfitting() -> None:
    """A TransE of 128 dims on 400 triples at Adam 0.1: its training loss fell 1.06 -> 0.011 by step 60 and stayed
    there (some batches exactly 0), no longer falling, while the validation loss rose 29% from its best at step 210;
    stopping there ends 21% lower. It was read as a converged plateau only."""
    report = lrdoctor.analyze(RUNS / "kge-transe128-adam-400-triples-overfits.csv")
    hit = next(f for f in report.findings if f.rule == "overfitting")
    assert hit.fix == {"early_stop_step": 210}
