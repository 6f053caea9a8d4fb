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


def test_a_blow_up_after_which_the_loss_never_got_far_below_its_start_is_the_lr() -> None:
    """A BiGRU-CRF tagger at SGD momentum 0.3 (10x its working lr): the loss spiked from 24.9 to 184 in its first 25 steps,
    came back and sat at 0.75x its start for the rest of the run, its validation loss too (the counterfactual at lr 0.03
    ends 6x lower). It was told it had converged ('after falling x5.57', from the spike). After a blow-up at a steady lr,
    a run whose smoothed and validation losses never got 40% below the start is stuck, whatever its untrained level."""
    report = lrdoctor.analyze(RUNS / "crf-bigru-sgdm-lr-0p3-10x-blows-up-log2.csv")
    hit = next(f for f in report.findings if f.rule == "lr-too-high")
    assert hit.step_start == report.first_step and "barely learned" in hit.message
    assert report.recommendation is not None and report.recommendation.lr < 0.3 / 10


def test_healthy_runs_that_improved_little_or_started_noisy_are_not_stuck() -> None:
    """The look-alikes: a warmup's noisy start, a fine-tune that starts near its optimum and a PINN whose noisy loss
    improved slowly at first get no blow-up (a batch well above a low first one, within the loss's own noise, is no
    blow-up: the rise must stand 4 noise units high)."""
    for name in ("crf-bigru-adamw-warmup-cosine", "pixelcnn-adam-finetune-lr-1e-4", "multitask-mlp-sgdm-onecycle-log5"):
        report = lrdoctor.analyze(RUNS / f"{name}.csv")
        assert "lr-too-high" not in {f.rule for f in report.findings}, name


def test_a_climb_of_the_gradient_norm_that_threw_the_weights_while_the_loss_jumped_is_a_wreck() -> None:
    """A vanilla-RNN CRF tagger at SGD 0.5 without clipping: the gradient norm climbed 17.6 -> 317 over two steps (18x the
    first, 0.99 orders above the median before it), the loss jumped 28 -> 590 with it, and the weight norm stayed 10x
    higher for the rest of the run; the loss then fell again, to 3x what clipping at 1 reaches. A climb from the first
    norm now throws the weights as a jump does when the loss jumped with it."""
    report = lrdoctor.analyze(RUNS / "crf-rnn-sgd-lr-0p5-no-clip-explodes.csv")
    hit = next(f for f in report.findings if f.rule == "exploding-gradients")
    assert hit.step_start <= 5 and "weights were thrown" in hit.message
    assert "max_grad_norm" in hit.fix


def test_a_model_dead_from_its_init_did_not_blow_up() -> None:
    """A Fourier-feature MLP whose weight gradients are exactly zero from step 1 (first update ratio 2e-5): its batch
    losses wander 0.8-1.46 around 1, and a first batch at 0.79 made that a 'blow-up' at Adam 1e-3, with an lr 10x
    lower as the fix (the fault is the init; the counterfactual, the default init, ends 50x lower at the same lr)."""
    report = lrdoctor.analyze(RUNS / "siren-fourier-adam-hidden-dead-at-init.csv")
    assert {f.rule for f in report.findings if f.severity != "info"} == {"dead-units"}
    assert report.recommendation is None
