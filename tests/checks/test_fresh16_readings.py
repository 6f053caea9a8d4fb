"""Readings fixed after the fresh16 half of bench/fixcheck_runs.py (soft decision trees, an E(n)-equivariant graph
network, an end-to-end memory network and a WaveNet) was measured once, held out (session 21): each run was trained by
that bench, its fault confirmed by its counterfactual, or labelled healthy."""

from __future__ import annotations

from pathlib import Path

from sample_runs import FIXCHECK as RUNS
from sample_runs import with_optimizer

import lrdoctor


def rules(path: Path) -> set[str]:
    return {f.rule for f in lrdoctor.analyze(path).findings if f.severity != "info"}


def recommended_lr(path: Path) -> float:
    report = lrdoctor.analyze(path)
    assert report.recommendation is not None
    return float(report.recommendation.lr)


def test_adagrads_large_first_step_that_the_run_recovered_from_is_no_fault() -> None:
    """A memory network at Adagrad 0.1, the best lr of its grid (healthy): its first update moved the weights by 0.92 of
    their norm and the loss jumped 1.8 -> 3.4 at step 3, then trained. Adagrad's steps shrink from the first on (its
    median update ratio here is 160x below the first): lr-too-high's 0.0033 retrained 280x worse, missing-warmup's
    11-step warmup 3.7x worse."""
    assert rules(RUNS / "memnet-adagrad-constant-log2.csv") == set()


def test_the_same_first_step_under_adam_is_still_an_lr_far_too_high(tmp_path: Path) -> None:
    """The look-alike: the same log read as Adam's, whose steps stay the size of the first: a first step of 0.92 of the
    weights' norm is still an lr too high for the whole run."""
    assert "lr-too-high" in rules(with_optimizer(tmp_path, "memnet-adagrad-constant-log2", "Adam"))


def test_a_blow_up_on_a_warmup_is_aimed_from_the_lr_it_had_reached() -> None:
    """An EGNN warmed up to RAdam 0.3 blew up at step 36, its lr 0.09, and sat at chance. A tenth of its first lr
    (0.0025, whose steps were fine) retrained 46x the grid's best held-out loss; the lr it blew up at, 0.09, gives
    0.009 (the grid's best peak: 0.03)."""
    lr = recommended_lr(RUNS / "egnn-radam-warmup-cosine-peak-0p3.csv")
    assert 0.005 <= lr <= 0.03


def test_rmsprops_first_step_aims_the_lr_as_an_adam_step() -> None:
    """A memory network at RMSprop 0.03, 10x its best lr: its first step moved the weights 2.8x their norm, ten Adam
    steps. Aimed by its own size the lr was 3.3e-4 (53x the grid's best held-out loss); read as an Adam step it is
    3e-3, the grid's best."""
    lr = recommended_lr(RUNS / "memnet-rmsprop-lr-0p03-10x-log2.csv")
    assert 0.002 <= lr <= 0.006


def test_the_same_first_step_under_adam_is_aimed_by_its_own_size(tmp_path: Path) -> None:
    """The look-alike: the same log read as Adam's, whose first step is one of its steps, keeps the lower aim."""
    lr = recommended_lr(with_optimizer(tmp_path, "memnet-rmsprop-lr-0p03-10x-log2", "Adam"))
    assert lr < 0.001


def test_a_memorising_models_epoch_means_near_zero_are_no_blow_up() -> None:
    """Soft decision trees overfitting 300 rows at Adam 3e-3, logged per epoch: the training loss, memorised down to
    0.02-0.1 of a first epoch's 1.16, moved 2-3x from one epoch to the next, the validation loss rising with every
    epoch as it overfit. Its fault is overfitting (stopping at the best epoch retrains 77% better), not the lr."""
    found = rules(RUNS / "per_epoch" / "trees-adam-300-rows-overfits-per-epoch.csv")
    assert "lr-too-high" not in found and "overfitting" in found


def test_epoch_means_that_jump_back_up_to_their_start_are_still_a_blow_up() -> None:
    """The look-alike: a neural ODE at Adam 0.1 whose epoch means went 3.5, 6.5, 0.85, 15, 0.53 (labelled lr-too-high)."""
    assert "lr-too-high" in rules(RUNS / "per_epoch" / "node-adam-lr-0p1-per-epoch.csv")


def test_an_output_layer_far_behind_the_others_is_read_past_tensors_that_never_moved() -> None:
    """An EGNN regressing a standardised energy with its head initialised 300x: the first loss 445x the targets'
    variance, the head's first update ratio 265x below the other layers'. Its last coordinate MLP, whose positions
    nothing reads, gets no gradient and moved 0: the layer gap gave up on any tensor that did not move, and missed it
    (the default init retrains 99% better)."""
    assert "wrong-initial-loss" in rules(RUNS / "egnn-adam-head-x300.csv")


def test_the_same_model_with_its_default_init_is_left_alone() -> None:
    """The look-alike: the healthy EGNN, warmed up to AdamW with a cosine decay, the same unmoved coordinate MLP."""
    assert rules(RUNS / "egnn-adamw-warmup-cosine.csv") == set()


def test_an_adam_lr_raised_into_the_band_allows_for_a_ratio_that_grows_slower_than_the_lr() -> None:
    """A memory network at Adam 1e-4, 30x below its best lr: its median update ratio 3.6e-4 against the 5e-3 where
    healthy Adam runs sit. Raised by that gap, 14x, the lr was 1.4e-3 and retrained 5.6x the grid's best held-out loss;
    an Adam ratio grows slower than its lr, and raised by the gap ** 1.5 (55x: 5.5e-3) it lands by the grid's best."""
    lr = recommended_lr(RUNS / "memnet-adam-lr-1e-4-30x-low.csv")
    assert 0.003 <= lr <= 0.01


def test_the_same_crawl_under_adagrad_is_raised_by_the_gap_alone(tmp_path: Path) -> None:
    """The look-alike: the same log read as Adagrad's, whose steps shrink with the run's length: the plain gap (a
    Koopman autoencoder at Adagrad 1e-3, 30x low, raised by the gap ** 1.5 retrained 4x worse than by the gap), to
    where healthy Adagrad runs sit (2e-2 since session 23: 50x, 5e-3; the gap ** 1.5 would be 350x, 0.035)."""
    lr = recommended_lr(with_optimizer(tmp_path, "memnet-adam-lr-1e-4-30x-low", "Adagrad"))
    assert 0.003 <= lr < 0.01
