"""An output layer initialised far too large (its first loss 5x or more its expected value with the batch size known, or
a layer gap of 100x or more) explains what it does to the run in its first half: the other rules' lr, clipping and NaN
advice read off such a run misleads (fix-check halves, retrained: an lr 10x lower 23-128% worse, clipping 8% worse); the
init alone is the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

import lrdoctor

RUNS = Path(__file__).resolve().parents[2] / "sample_logs" / "fixcheck"


@pytest.mark.parametrize("name", ["pixelcnn-sgdm-head-x300", "multilabel-bag-sgdm-head-x300"])
def test_a_head_initialised_300x_speaks_alone(name: str) -> None:
    """A PixelCNN (layer gap 8000x: a gradient explosion at step 2 and units killed by step 101 of 400) and a multi-label
    tagger (first loss 21x ln 2: clipping, and an lr for its NaN at step 23)."""
    report = lrdoctor.analyze(RUNS / f"{name}.csv")
    assert [f.rule for f in report.findings if f.severity != "info"] == ["wrong-initial-loss"]
    assert report.recommendation is None
    assert not [f for f in report.findings if "max_grad_norm" in f.fix or "lr" in f.fix]


def test_a_first_loss_moderately_high_leaves_an_explosion_its_own_finding() -> None:
    """A residual net without normalisation at SGD 0.5 starts at 2x ln 4 and explodes to NaN by step 4: clipping trains
    it (the counterfactual), so exploding-gradients still speaks beside the first loss."""
    report = lrdoctor.analyze(RUNS / "tabres-nonorm-sgd-lr-0p5-no-clip-explodes.csv")
    assert {"exploding-gradients", "wrong-initial-loss"} <= {f.rule for f in report.findings}


def test_what_a_head_explains_starts_in_the_first_half_of_the_run() -> None:
    """A mixture of experts whose heads were initialised 300x (first loss 21x ln 10): its blow-up from step 1 is the
    head's doing; units that died at step 301 of 600 are dead-units' own finding (a late NaN or death in a run that
    had trained is not the init's)."""
    report = lrdoctor.analyze(RUNS / "moe-top2-adam-expert-heads-x300.csv")
    rules = {f.rule for f in report.findings}
    assert "wrong-initial-loss" in rules and "lr-too-high" not in rules
    dead = [f for f in report.findings if f.rule == "dead-units"]
    assert dead and dead[0].step_start > report.first_step + (report.last_step - report.first_step) / 2
    # but no lr advice for them (nor lr-too-high's killed-units reading of them): a tenth of the lr at which they died,
    # retrained, ended 2.2x worse (the init trains it)
    assert dead[0].lr is None and report.recommendation is None


def test_units_dead_after_a_head_init_far_too_large_get_no_lr_advice() -> None:
    """fresh23: a LISTA whose head was initialised 300x (its first update ratio 445x below the other layers') at Adam
    0.01, its grid's best lr: its units were dead by step 201 of 400. Told a tenth of the lr, it retrained 15.7x worse
    than at its own lr; the init fix trains it."""
    report = lrdoctor.analyze(RUNS / "lista-adam-head-x300.csv")
    rules = {f.rule: f for f in report.findings}
    assert "wrong-initial-loss" in rules and "dead-units" in rules
    assert rules["dead-units"].lr is None and report.recommendation is None


def test_units_that_died_in_a_run_with_a_sane_head_keep_their_lr_advice() -> None:
    """The look-alike: units a too-high lr killed (a TCN at SGDm 0.3, 10x its working lr), its head's init fine: a
    tenth of the lr at which they died."""
    report = lrdoctor.analyze(RUNS / "tcn-sgdm-lr-0p3-dead-relus.csv")
    dead = [f for f in report.findings if f.rule == "dead-units"]
    assert dead and dead[0].lr is not None and dead[0].lr.lr is not None


def test_a_first_loss_far_too_high_without_a_batch_size_explains_only_the_slow_start() -> None:
    """Without the batch size a summed loss cannot be ruled out, and a sum's lr trouble is not the head's: the first-loss
    reading then explains only lr-too-low and missing-warmup (a summed mixture-of-experts loss keeps its lr finding)."""
    report = lrdoctor.analyze(RUNS / "moe-softmax-sgdm-summed-ce.csv", meta={"batch_size": None})
    assert "lr-too-high" in {f.rule for f in report.findings}
    with_batch = lrdoctor.analyze(RUNS / "moe-softmax-sgdm-summed-ce.csv")
    assert "lr-too-high" not in {f.rule for f in with_batch.findings}  # the batch size known: the sum explains it
