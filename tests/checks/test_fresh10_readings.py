"""Readings fixed after the fresh10 half of bench/fixcheck_runs.py was measured once, held out (session 15)."""

from __future__ import annotations

from pathlib import Path

import lrdoctor
from lrdoctor.checks.wrong_initial_loss import is_head, is_recurrent

RUNS = Path(__file__).resolve().parents[2] / "sample_logs" / "fixcheck"


def test_a_recurrent_weight_is_never_the_output_layer() -> None:
    """A pointer network's LSTM is called "decoder" (a name that marks an output layer elsewhere); its recurrent weights
    start small against their inputs' and sat 7x below the other layers in healthy runs, which were told their "output
    layer decoder.weight_hh_l0 starts with weights far too large" (an error)."""
    assert is_recurrent("decoder.weight_hh_l0") and is_recurrent("rnn.weight_ih_l1_reverse")
    assert not is_recurrent("decoder.weight") and not is_recurrent("head.weight")
    assert not is_head("decoder.weight_hh_l0") and is_head("decoder.weight")
    report = lrdoctor.analyze(RUNS / "pointer-lstm-sgdm-onecycle-log5.csv")
    assert not [f for f in report.findings if f.severity != "info"], [f.message for f in report.findings]


def test_a_cross_entropy_over_positions_has_a_chance_level() -> None:
    """A pointer network sorting numbers at SGD 10: a cross-entropy over its 8 input positions, whose task is called
    "sorting". The loss spiked in its first 60 steps and then sat at ln 8 = 2.079 for the rest of the run (lr 1 trains
    it to 0.64). The task's name hid the chance level: it was told its output layer was too large and to raise the lr
    to 30 (a plateau). A loss named as a cross-entropy has ln C whatever the task is called."""
    report = lrdoctor.analyze(RUNS / "pointer-lstm-sgd-lr-10-stuck-at-chance.csv")
    rules = {f.rule for f in report.findings}
    assert "lr-too-high" in rules and "wrong-initial-loss" not in rules and "plateau" not in rules
    assert report.recommendation is not None and report.recommendation.lr <= 10 / 10


def test_gradient_jumps_of_a_memorised_set_are_the_overfitting() -> None:
    """A DCN memorising 3,000 rows at Adam: its training loss went to 0 and the odd batch's gradient norm jumped 30x
    above a running median that fell with it, from step 145, after the best evaluation at 40. Clipping changed nothing;
    stopping early made the held-out loss 4x lower. Overfitting speaks alone."""
    report = lrdoctor.analyze(RUNS / "ctr-dcn32-adam-3000-rows-overfits.csv")
    assert [f.rule for f in report.findings if f.severity != "info"] == ["overfitting"]


def test_gradient_jumps_after_an_adaptive_optimizers_restarts_are_the_reset() -> None:
    """A GIN whose RMSprop is created anew each epoch: the first steps after each restart are as large as the lr in
    every coordinate, and its gradient norm jumped 245x. Clipping (the exploding-gradients fix) made it 38% worse;
    creating the optimizer once, 5% better. The reset speaks alone."""
    report = lrdoctor.analyze(RUNS / "gin-rmsprop-lr-3e-3-recreated-each-epoch.csv")
    assert [f.rule for f in report.findings if f.severity != "info"] == ["optimizer-reset"]


def test_an_lr_raise_scales_the_steps_the_run_ended_with() -> None:
    """A pointer network at SGD 0.03 with momentum, 3x below its best lr: it sat at chance for 300 steps with update
    ratios of 1e-5, then learned with ratios of 3e-3. The median ratio (3e-4) aimed the raise 20x, to 0.61, where the
    grid's runs blow up (7.6x the best held-out loss); the last half's ratios aim it at 0.3, the grid's best."""
    report = lrdoctor.analyze(RUNS / "pointer-lstm-sgdm-lr-0p03-3x-low-log4.csv")
    assert "lr-too-low" in {f.rule for f in report.findings}
    assert report.recommendation is not None and 0.09 <= report.recommendation.lr <= 0.35
