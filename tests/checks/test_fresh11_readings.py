"""Readings fixed after the fresh11 half (sessions 16-17) and the fresh12 half (session 17) of bench/fixcheck_runs.py
were measured once, held out: each run was trained by that bench, its fault confirmed by its counterfactual."""

from __future__ import annotations

from pathlib import Path

import lrdoctor
from lrdoctor.checks.lr_too_high import AT_CHANCE_DIVISOR

RUNS = Path(__file__).resolve().parents[2] / "sample_logs" / "fixcheck"


def rules_of(name: str) -> set[str]:
    return {f.rule for f in lrdoctor.analyze(RUNS / name).findings if f.severity != "info"}


def test_units_dead_in_sparse_per_layer_norms() -> None:
    """A TCN at SGD-momentum 0.3: every weight gradient exactly 0 from step 69, the loss at ln 6. The recorder logs
    per-layer norms every 100 steps, so the dead stretch holds 2 of their values (steps 101, 201): fewer than the 3 a
    densely logged column needs, so dead-units stayed silent and lr-too-high advised a third of the lr (24x the grid's
    best held-out loss). The units the lr killed ask for 10x lower: the grid's best."""
    report = lrdoctor.analyze(RUNS / "tcn-sgdm-lr-0p3-dead-relus.csv")
    dead = [f for f in report.findings if f.rule == "dead-units"]
    assert dead and dead[0].evidence["dead_tensors"] == dead[0].evidence["weight_tensors"] == 11
    assert report.recommendation is not None and report.recommendation.lr <= 0.3 / 10 * 1.01


def test_a_blow_up_to_nan_with_every_step_above_the_band_is_the_lr() -> None:
    """A TCN at SGD 3: update ratios of 0.07-0.15 against the SGD band's top of 0.05, the loss at ln 6 for 18 steps,
    then the gradient norm grew 1e8x and the loss overflowed at step 23, 13 steps past lr-too-high's count of a blow-up
    from the start. non-finite-loss alone spoke, advising a third of the lr (a third still ends at chance). No step was
    stable: lr-too-high speaks, and both advise a tenth."""
    report = lrdoctor.analyze(RUNS / "tcn-sgd-lr-3-overflows-nan.csv")
    assert {"lr-too-high", "non-finite-loss"} <= {f.rule for f in report.findings}
    assert report.recommendation is not None and report.recommendation.lr <= 3 / 10 * 1.01


def test_a_cut_before_the_loss_began_to_fall() -> None:
    """A TCN at Adam 3e-3 cut x0.1 at step 10 of 300, its loss still at ln 6 (no pace before the cut to compare with):
    it learned at the cut lr and was still falling at the end. The same cut at 70% of the run ends 10x lower."""
    report = lrdoctor.analyze(RUNS / "tcn-adam-multistep-x0p1-at-3pct.csv")
    found = [f for f in report.findings if f.rule == "premature-decay"]
    assert found and found[0].fix["decay_from"] == 10 and found[0].fix["decay_step"] == 300


def test_a_healthy_decay_after_learning_stays_silent() -> None:
    """The look-alike: a TCN at Adam whose lr ReduceLROnPlateau cut once its loss had come down."""
    assert not rules_of("tcn-adam-reduce-on-plateau-log4.csv")


def test_a_cyclic_peak_that_memorises_batches_is_an_lr_too_high() -> None:
    """A fastText at Adam cycling up to 1: its training loss climbed with the lr in 3 of 4 cycles (+1.5, +0.8, +0.6 on
    a loss that reaches exactly 0, read in its own units) while it memorised the batches, every trough at 0, and its
    validation loss went 0.44 -> 2.66. It was called overfitting only (stopping early ends 2.3x above a peak of 0.01).
    The cycles' peak is too high; that explains the validation loss's climb."""
    report = lrdoctor.analyze(RUNS / "fasttext-adam-cyclic-peak-1.csv")
    rules = {f.rule for f in report.findings}
    assert "lr-too-high" in rules and "overfitting" not in rules
    assert report.recommendation is not None and report.recommendation.lr < 1 / 3


def test_a_healthy_cyclic_schedule_stays_silent() -> None:
    """The look-alike: a VQ-VAE at RMSprop on a cyclic schedule, its troughs and validation loss falling together."""
    assert not rules_of("vqvae-rmsprop-cyclic-log2.csv")


def test_a_warmup_to_a_peak_that_never_settles_lowers_the_peak() -> None:
    """A fastText warmed up to NAdam 3 then annealed by a cosine to 6e-5: the loss rose to 30 with the warmup and
    never settled. It was told a tenth of the lr it ended at (6e-6: 370x below the grid's best, 0.03); the lr it could
    not settle at is the peak. Its validation loss, best at step 50 of the warmup, climbed with the lr: not overfitting."""
    report = lrdoctor.analyze(RUNS / "fasttext-nadam-warmup-cosine-peak-3.csv")
    rules = {f.rule for f in report.findings}
    assert "lr-too-high" in rules and "overfitting" not in rules
    assert report.recommendation is not None and 0.03 <= report.recommendation.lr <= 3 / 10 * 1.01


def test_a_straight_crawl_at_chance_is_an_lr_too_low_whatever_the_ratios() -> None:
    """Two fastText runs, at Adagrad 3e-3 (100x below its best lr) and at SGD 1 (10x below), crept straight from ln 8 to
    within 4% of it in 500 steps. Their update ratios sat in the upper half of the band (the embeddings' and the small
    output bias's: an lr raise was vetoed there, where an Adam run at 10x its lr once crawled), so nothing was
    reported. A crawl that ends still at chance is read whatever the ratios say: raise the lr."""
    for name, lr in (("fasttext-adagrad-lr-3e-3-100x-low.csv", 3e-3), ("fasttext-sgd-lr-1-10x-low-log5.csv", 1.0)):
        report = lrdoctor.analyze(RUNS / name)
        assert "lr-too-low" in {f.rule for f in report.findings}, name
        assert report.recommendation is not None and report.recommendation.lr >= 3 * lr, name


def test_a_healthy_fasttext_stays_silent() -> None:
    """The look-alike: a fastText at SGD 20 decayed linearly, leaving chance within its first steps."""
    assert not rules_of("fasttext-sgd-linear-decay.csv")


def test_a_rise_at_steps_below_the_band_is_no_blow_up() -> None:
    """From the fresh12 half, measured once held out before this change: a Deep Sets regressor at Adam 1e-5, 1000x below
    its best lr. Its first step moved the weights by 1e-4 of their norm, below the Adam band's bottom, and its batch MSE
    went 8 -> 38 -> 9 in its first steps: batch noise, which lr-too-high read as a blow-up and answered with lr 1e-6
    (retrained: 41.6x the grid's best held-out loss). A step that small blows nothing up: the steps are too small."""
    report = lrdoctor.analyze(RUNS / "deepsets-adam-lr-1e-5-1000x-low.csv")
    rules = {f.rule for f in report.findings}
    assert "lr-too-low" in rules and "lr-too-high" not in rules
    assert report.recommendation is not None and report.recommendation.lr > 1e-4


def test_a_healthy_deep_sets_stays_silent() -> None:
    """The look-alike: a Deep Sets regressor at SGD-momentum on a one-cycle schedule, its batch loss noisy too."""
    assert not rules_of("deepsets-mean-sgdm-onecycle-log5.csv")


def test_a_batch_loss_that_bounces_while_the_held_out_loss_falls_is_progress() -> None:
    """From the fresh12 half, measured once held out: fitted Q-iteration at a constant RMSprop 1e-3, its TD loss jumping
    at each refresh of the target network. Over the last 40% of the run the batch loss made no progress, x1.8 above its
    best, and lr-too-high advised a third of the lr (retrained: 2.2x worse held out). The held-out error fell 2.8x over
    that stretch: the lr was making progress the noise of the batches hid."""
    assert not rules_of("fqi-rmsprop-reduce-on-plateau-log4.csv")


def test_a_bounce_with_no_held_out_progress_is_still_an_lr_too_high() -> None:
    """The twin the veto must not silence: a CNN at a constant Adam 0.03 bouncing x2 about a level above its best, its
    validation loss no better at the end than when the bounce began. (Its climb from step 462 is read as a divergence;
    the bounce reading, which compares the stretch's median with the best rolling median of a quarter of its points
    before it, no longer repeats it in a second warning.)"""
    report = lrdoctor.analyze(RUNS.parent / "cnn-adam-lr-too-high.csv")
    found = [f for f in report.findings if f.rule == "lr-too-high"]
    assert len(found) == 1 and report.recommendation is not None and report.recommendation.lr < 0.03


def test_a_warmup_peak_whose_climb_gives_back_most_of_the_descent_is_too_high() -> None:
    """From the fresh12 half, measured once held out: a tiny GPT warmed up to AdamW 0.3. Its loss fell 1.64 -> 1.18 by lr
    0.16 and climbed back x1.16 (19 noise units, two thirds of its descent) as the lr reached 0.3; it never recovered,
    ending at 1.25 where a peak of 0.01 ends at 0.84. The climb was just under lr-too-high's 0.15 in log-loss, so nothing
    was reported. A climb that gives back half the descent or more counts from half that rise."""
    report = lrdoctor.analyze(RUNS / "gpt-adamw-warmup-cosine-peak-0p3.csv")
    assert "lr-too-high" in {f.rule for f in report.findings}
    assert report.recommendation is not None and report.recommendation.lr < 0.1


def test_a_healthy_gpt_warmup_stays_silent() -> None:
    """The look-alike: the same GPT warmed up to AdamW 0.03, its loss noisy on the ramp."""
    assert not rules_of("gpt-adamw-warmup-cosine.csv")


def test_tiny_steps_and_a_held_out_creep_under_a_noisy_batch_loss_are_an_lr_too_low() -> None:
    """From the fresh12 half, measured once held out: fitted Q-iteration at RMSprop 1e-5, 100x below its best lr, logged
    every 8 steps. Its TD loss jumps at each refresh of the target network, so the training loss shows no trend; the
    held-out error fell at each of 10 evaluations, 7% in all, every step 2x below the bottom of the band. Nothing was
    reported. Raised into the band the lr lands between the grid's 3e-4 and 1e-3 (1e-3: 60x lower held-out error)."""
    report = lrdoctor.analyze(RUNS / "fqi-rmsprop-lr-1e-5-100x-low-log8.csv")
    assert "lr-too-low" in {f.rule for f in report.findings}
    assert report.recommendation is not None and 1e-4 < report.recommendation.lr < 3e-3


def test_a_per_epoch_log_of_three_epochs_left_at_chance_is_an_lr_too_high() -> None:
    """From the fresh12 half, measured once held out: a mixup CNN at SGD-momentum 3, logged once per epoch (Keras style,
    no lr, no sidecar), three epochs: the first epoch's mean 10.7, then 2.314 and 2.301 (ln 10 = 2.303), accuracy 0.12.
    Too few epochs for the stall reading (5), so nothing was reported. A tenth of the lr still sat near chance when
    retrained; a thirtieth came within 1.1x of the grid's best."""
    report = lrdoctor.analyze(RUNS / "per_epoch" / "mixup-sgdm-lr-3-per-epoch.csv")
    found = [f for f in report.findings if f.rule == "lr-too-high"]
    assert found and found[0].evidence["classes"] == 10
    assert found[0].fix == {"lr_factor": 1 / AT_CHANCE_DIVISOR}


def test_a_healthy_three_epoch_log_stays_silent() -> None:
    """The look-alike: the mixup CNN at Adam, three epochs, its training loss near a label-smoothed floor."""
    assert not {f.rule for f in lrdoctor.analyze(RUNS / "per_epoch" / "mixup-adam-per-epoch.csv").findings
                if f.severity != "info"}
