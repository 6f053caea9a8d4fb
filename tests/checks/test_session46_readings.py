"""Readings fixed in session 46, on real training runs of the fix-check halves kept in tests/data/fixcheck: an Adagrad
start thrown by a first step a warmup tames is missing-warmup's finding, beside lr-too-high's lower lr where that finds
the lr too high, alone where the throw held and the run settled after it; under plain SGD a gradient norm that grew an
order of magnitude while the loss climbed is an explosion; an adaptive softmax's tail clusters are not its output layer;
under SGD, weights inflated while the loss never left its start are an lr too high; and an epoch log whose accuracies
sat at chance in every epoch after a blow-up is pinned at chance."""

from __future__ import annotations

from pathlib import Path

import pytest

import lrdoctor
from lrdoctor.checks import missing_warmup
from lrdoctor.optim import FIRST_STEP_MARGIN
from lrdoctor.signals import TAMABLE_STEP
from sample_runs import FIXCHECK
from sample_runs import TEST_FIXCHECK as DATA
from sample_runs import signals, warned


@pytest.mark.parametrize("name", ["mmoe-adagrad-lr-0p5-no-warmup", "burr-adagrad-lr-0p5-no-warmup"])
def test_an_adagrad_start_a_warmup_tames_wants_the_warmup_beside_the_lower_lr(name: str) -> None:
    """An MMoE (fresh69) and a Burr XII MLP (fresh71) at Adagrad 0.5, full lr from step 1: their first steps moved the
    weights by 3.5 and 5.1 of their norm, where an Adagrad first step at its grid's best lr moves them by about their
    whole norm (0.23-1.03 over the labelled healthy Adagrad runs), and the loss was thrown 1,800x and 6,400x. Labelled
    missing-warmup (a 60-step warmup at the same lr ends 29% and 19% lower at seed 0); retrained with the 59 steps
    advised they ended 31% and 13% lower, with the lower lr beside it 35% and 22%. Only lr-too-high spoke before:
    missing-warmup did not apply to Adagrad at all."""
    path = DATA / f"{name}.csv"
    s = signals(path)
    assert s.first_step_tamable
    assert TAMABLE_STEP < s.first_update_ratio < FIRST_STEP_MARGIN * TAMABLE_STEP
    assert {"missing-warmup", "lr-too-high"} <= set(warned(path))
    report = lrdoctor.analyze(path)
    (hit,) = [f for f in report.findings if f.rule == "missing-warmup"]
    assert hit.fix["warmup_steps"] >= missing_warmup.MIN_WARMUP_SHARE * s.span_steps * 0.95
    assert hit.evidence["first_update_ratio"] == pytest.approx(s.first_update_ratio)
    assert report.recommendation is not None and report.recommendation.warmup_steps == hit.fix["warmup_steps"]
    assert report.recommendation.lr is not None and report.recommendation.lr < s.lr_max / 3


@pytest.mark.parametrize(("name", "tamable"), [
    ("mmoe-adagrad-lr-3-30x", False),  # a first step of 21x the weights' norm: 30x its best lr
    ("mmoe-adagrad-constant-eval50", False),  # healthy, a first step of 0.69 of the weights' norm
    ("burr-adagrad-cosine-eval25", True),  # healthy, a first step of 1.0 that threw one batch's loss, undone at once
    ("mos-adagrad-constant-eval50", False),  # healthy, a first step of 0.99, the loss 4.17, 4.64, 6.28, 5.68
])
def test_adagrad_starts_no_warmup_tames_are_left_alone(name: str, tamable: bool) -> None:
    """The look-alikes: the same MMoE at Adagrad 3, 30x its grid's best lr, its first step 21 of the weights' norm (an lr
    that far too high is lr-too-high's alone: its Adagrad runs 30-100x above their best took first steps of 11-122); the
    same MMoE healthy at Adagrad 0.1; the healthy Burr MLP at Adagrad 0.1 whose first step, as large as the weights,
    threw one batch's NLL 12x, back at its start at the next step (a start a warmup could tame, but no lr-too-high
    finding and a throw not held); and a mixture-of-softmaxes LM healthy at Adagrad 0.3, its first step 0.99 of the
    weights' norm, its loss x1.11 after it and x1.5 after the next."""
    path = DATA / f"{name}.csv"
    assert signals(path).first_step_tamable is tamable
    assert "missing-warmup" not in warned(path)
    assert ("lr-too-high" in warned(path)) is (name == "mmoe-adagrad-lr-3-30x")


def test_an_adagrad_start_thrown_and_held_then_settled_wants_a_warmup() -> None:
    """A mixture-of-softmaxes LSTM LM at Adagrad 1 without warmup (fresh71, labelled missing-warmup: a 60-step warmup
    ends 19% lower at two seeds): its first step moved the weights by 3.3 of their norm, the loss went 4.17, 11.9, 12.9,
    13.1 (the gradient norm 33x) and sat above its start until step 22, then trained to 2.2. Nothing fired: lr-too-high
    sees a run that learned, and missing-warmup did not apply to Adagrad. Retrained with the 59-step warmup advised, it
    ended 2.305 -> 1.86."""
    path = DATA / "mos-adagrad-lr-1-no-warmup.csv"
    assert warned(path) == ["missing-warmup"]
    s = signals(path)
    report = lrdoctor.analyze(path)
    (hit,) = report.findings
    assert hit.step_start == s.first_step and hit.step_end >= 20
    assert "threw the loss" in hit.message
    assert hit.fix["warmup_steps"] >= missing_warmup.MIN_WARMUP_SHARE * s.span_steps * 0.95
    assert report.recommendation is not None and report.recommendation.lr is None
    assert report.recommendation.warmup_steps == hit.fix["warmup_steps"]


def test_gradient_growth_the_loss_climbed_with_under_sgd_is_an_explosion() -> None:
    """A mixture-of-softmaxes LSTM LM at SGD-momentum 10 without clipping (fresh71, labelled exploding-gradients:
    clipped at 0.25 it ends 83% lower at two seeds): its gradient norm's running median grew 22x (1.35 orders, short of
    the 1.5 asked for) while the loss climbed from 3.6 to 21. Only lr-too-high's divergence was said; the growth is now
    read under plain SGD at 0.75 x the orders, and its clipping (0.53) retrained 16.5 -> 6.2."""
    path = DATA / "mos-sgdm-lr-10-no-clip.csv"
    assert {"exploding-gradients", "lr-too-high"} <= set(warned(path))
    (hit,) = [f for f in lrdoctor.analyze(path).findings if f.rule == "exploding-gradients"]
    assert 10 < hit.evidence["growth_factor"] < 10**1.5
    assert 0.25 <= hit.fix["max_grad_norm"] <= 1.0


def test_gradient_growth_while_the_loss_fell_is_no_explosion() -> None:
    """The look-alike: a healthy skip-gram at plain SGD decayed linearly to zero (fresh4): its gradient norm's running
    median grew 1.2 orders too, while its loss fell from 4.16 to 2.30: a model sharpening its fit, silent."""
    path = FIXCHECK / "sgns-sgd-linear-decay-to-zero.csv"
    assert signals(path).optimizer_family == "sgd"
    assert warned(path) == []


ADAPTIVE_HEALTHY = DATA / "adaptivesm-nesterov-sgdr-log5.csv"
ADAPTIVE_HEAD = DATA / "adaptivesm-adam-head-x1000.csv"
ADAPTIVE_SUMMED = DATA / "adaptivesm-sgdm-summed-nll.csv"
ADAPTIVE_STUCK = DATA / "adaptivesm-sgdm-lr-3-no-clip.csv"


def test_an_adaptive_softmax_tail_is_not_the_output_layer() -> None:
    """An LSTM LM with torch's AdaptiveLogSoftmaxWithLoss (a head of the 20 most frequent tokens, two tail clusters),
    healthy at Nesterov 0.1 under warm restarts (fresh73): its last weight tensor, the rarest cluster's output
    (asm.tail.1.1.weight), sees the gradient of that cluster's rare tokens only, and at SGD's first step moved 19x less
    than the other layers. It was told, as an error, that its output layer started far too large (scaled by 0.05 and
    retrained: unchanged). The adaptive softmax's head is its output layer; its tails are left out of the comparison."""
    assert lrdoctor.analyze(ADAPTIVE_HEALTHY).findings == []


def test_an_adaptive_softmax_head_initialised_too_large_is_still_found() -> None:
    """The look-alike: the same LM at Adam with its head (asm.head.weight) initialised 1,000x, its first loss 17x the
    untrained NLL: the head moved 1,083x less than the other layers at the first step; scaled as advised it trains."""
    (hit,) = lrdoctor.analyze(ADAPTIVE_HEAD).findings
    assert hit.rule == "wrong-initial-loss" and "asm.head.weight" in hit.message
    assert hit.fix["last_layer_init_scale"] <= 0.002


def test_a_summed_adaptive_softmax_loss_is_told_the_mean() -> None:
    """The same LM at SGD-momentum with the NLL summed over the batch (labelled wrong-initial-loss: the mean trains it,
    2.96, where the sum overflows): with the tail read as an output layer too large, it was told to scale that layer
    (retrained: still NaN) beside non-finite-loss and exploding-gradients; now the sum's reading speaks, its mean."""
    (hit,) = lrdoctor.analyze(ADAPTIVE_SUMMED).findings
    assert hit.rule == "wrong-initial-loss" and hit.fix == {"reduction": "mean"}


def test_sgd_weights_inflated_while_the_loss_never_left_its_start_is_an_lr_too_high() -> None:
    """The same LM at SGD-momentum 3 without clipping (labelled exploding-gradients: clipped at 0.25 it ends 2.98 held
    out against its 4.85; its grid's best lr 0.95): early update ratios of 0.06-0.08, above the SGD band, its weights'
    norm 99 -> 352, every gradient near zero from step 300, the loss at its start all run. Plateau told it to raise the
    lr 3x (retrained: overflowed) beside the tail's init error. Now lr-too-high: a tenth of the lr, 0.3 (1.00x its grid's
    best), and plateau's raise is explained away."""
    report = lrdoctor.analyze(ADAPTIVE_STUCK)
    assert warned(ADAPTIVE_STUCK) == ["lr-too-high", "exploding-gradients"]
    (hit,) = [f for f in report.findings if f.rule == "lr-too-high"]
    assert hit.evidence["weight_norm_growth"] > 3
    assert report.recommendation is not None and report.recommendation.lr == pytest.approx(0.3)


def test_sgd_stuck_at_its_start_with_weights_unmoved_is_not_an_lr_too_high() -> None:
    """The look-alike: a GPR-GNN at SGD-momentum 1e-3, 100x below its best (fresh73): its loss 1.616 -> 1.608, never
    below its start either, but its weights' norm did not grow: lr-too-low, told to raise the lr."""
    path = DATA / "gprgnn-sgdm-lr-1e-3-100x-low-log2.csv"
    assert "lr-too-high" not in warned(path)
    assert "lr-too-low" in warned(path)


def test_an_epoch_log_pinned_at_chance_after_a_blow_up_is_an_lr_too_high() -> None:
    """A BoTNet-like CNN at Adam 1 logged once per epoch with neither its lr nor a sidecar (fresh73, labelled lr-too-high:
    at 3e-3 it ends 0.55 held out against its 1.55): epoch means 80.3, 1.47, 2.45, then 1.43-1.45, 3-4.5% above ln 4, its
    accuracy 0.22-0.26 and validation accuracy 0.23-0.27 in every epoch. Nothing fired: a loss near ln k counted only
    within 1-3% of it. With both accuracies at chance in every epoch, within 10% is a model pinned there; the lr a
    hundredth, as the fix for an unknown lr says, retrained 1.55 -> 0.69, its grid's best."""
    path = DATA / "botnet-adam-lr-1-per-epoch.csv"
    (hit,) = lrdoctor.analyze(path).findings
    assert hit.rule == "lr-too-high" and hit.evidence["classes"] == 4
    assert "validation accuracy" in hit.message


def test_an_epoch_log_that_leaves_chance_is_silent() -> None:
    """The look-alike: the same CNN healthy at Adam under cosine, logged per epoch: its first epoch's mean 1.40, near ln 4
    and its accuracy 0.27, then it learns (accuracy 0.84). Silent."""
    assert lrdoctor.analyze(DATA / "botnet-adam-cosine-per-epoch.csv").findings == []
