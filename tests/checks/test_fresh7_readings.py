"""Readings fixed after the fresh7 half of bench/fixcheck_runs.py was measured once, held out (session 12): a mixture of
experts whose cross-entropy carries a small load-balancing loss, and a Cox survival model converging slowly at a
constant lr, copied into sample_logs/fixcheck with their counterfactual labels. Each faulty run is found and the
healthy look-alikes stay silent."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import lrdoctor
from lrdoctor.checks.wrong_initial_loss import main_term

RUNS = Path(__file__).resolve().parents[2] / "sample_logs" / "fixcheck"


def rules(name: str, **options: object) -> lrdoctor.RunReport:
    return lrdoctor.analyze(RUNS / f"{name}.csv", **options)  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "main"), [
    ("cross_entropy + 0.01 x load-balancing loss (Switch)", "cross_entropy"),
    ("CrossEntropyLoss() + 1e-3 * router z-loss", "CrossEntropyLoss()"),
    ("ce + .05×aux + 0.001·z", "ce"),
    ("nn.CrossEntropyLoss()", "nn.CrossEntropyLoss()"),
    ("BCE summed over the pixels + beta KL", None),  # no stated weight: a second loss of its own size
    ("cross-entropy + 0.5 x smooth-L1 box loss", None),  # a weight above the auxiliary's
    ("cross-entropy + 1 x smooth-L1", None),
    # a " + " inside brackets describes the term (a neural process's Gaussian NLL, fresh17): one term, not a sum
    ("gaussian negative log-likelihood of the targets (std 0.05 + 0.95 softplus), mean",
     "gaussian negative log-likelihood of the targets (std 0.05 + 0.95 softplus), mean"),
    ("mse of a weight sample + KL(q || N(0, 1)) / 10000", None),
    ("BCE (pos_weight 3 + KL", None),  # a bracket left open: every " + " counts
])  # fmt: skip
def test_a_loss_with_small_weighted_auxiliary_terms_is_read_as_its_first_term(text: str, main: str | None) -> None:
    assert main_term(text) == main


def test_a_summed_cross_entropy_beside_a_load_balancing_loss_is_a_sum() -> None:
    """A mixture of 6 experts, cross_entropy (reduction='sum') + 0.01 x load-balancing loss over 10 classes, batch 64:
    its first loss 147.7 is 64 x ln 10. Read as 'a sum of several terms', the rule was not checked (the mean trains:
    the counterfactual ends 85% lower)."""
    first = pd.read_csv(RUNS / "moe-softmax-sgdm-summed-ce.csv")["loss"].iloc[0]
    assert abs(first / (64 * np.log(10)) - 1) < 0.01
    found = {f.rule: f for f in rules("moe-softmax-sgdm-summed-ce").findings}["wrong-initial-loss"]
    assert found.fix == {"reduction": "mean"} and found.evidence["summed_over"] == 64


def test_expert_heads_initialised_too_large_beside_an_auxiliary_loss_start_confidently_wrong() -> None:
    """The same experts' output layers initialised 300x too large: the first loss is 21.6 x ln 10."""
    found = {f.rule: f for f in rules("moe-top2-adam-expert-heads-x300").findings}["wrong-initial-loss"]
    assert 0 < found.fix["last_layer_init_scale"] <= 1 / 30  # its heads were initialised 300x
    assert "auxiliary terms" in found.message and found.evidence["ratio"] > 20


def test_a_healthy_mixture_of_experts_starts_at_ln_c_and_stays_silent() -> None:
    report = rules("moe-top2-sgdm-onecycle-log5")
    assert "wrong-initial-loss" in report.checked
    assert not report.findings


def test_a_heavily_weighted_second_term_still_has_no_one_expected_start() -> None:
    """With a second term of its own size the loss has no one start to hold the experts' heads to; their first update
    ratios, far below the stem's, still tell them initialised too large."""
    report = rules("moe-top2-adam-expert-heads-x300", meta={"loss_fn": "cross_entropy + 0.5 x box loss"})
    (found,) = [f for f in report.findings if f.rule == "wrong-initial-loss"]
    assert "expected_loss" not in found.evidence and found.evidence["layer_gap"] > 10


def test_a_cox_model_still_improving_slowly_at_a_constant_lr_is_no_plateau() -> None:
    """A Cox survival MLP at RMSprop 3e-3, resumed with its optimizer state: its loss fell from 3.55 to about 2.5, then
    its validation loss kept falling slowly (2.618 -> 2.548, a significant trend of 2% of its level over the stretch).
    Read as 'not improved since step 177', a decay there changed nothing when retrained (+1.6%)."""
    frame = pd.read_csv(RUNS / "survival-mlp-rmsprop-resumed-with-state.csv")
    val = frame["val_loss"].dropna().to_numpy()
    assert val[-3:].min() < val[2] - 0.05  # it did improve
    report = rules("survival-mlp-rmsprop-resumed-with-state")
    assert "plateau" in report.checked
    assert not [f for f in report.findings if f.severity != "info"]


def test_a_cyclic_schedule_whose_peak_is_too_high_is_an_lr_too_high() -> None:
    """A Cox model under a triangular cyclic lr 0.015 <-> 0.3 at SGD momentum: in every cycle its loss climbed as the lr
    rose (up to x1.3) and its last cycle's lowest loss is above an earlier one's; the same cycle peaking at 0.03 ends
    17% lower. ramp_turn read one ramp (a 14% climb, under its bar) and took the later cycles' bumps as the schedule's
    design."""
    found = {f.rule: f for f in rules("survival-mlp-sgdm-cyclic-peak-0p3").findings}["lr-too-high"]
    assert found.evidence["climbing_cycles"] >= 2 and found.evidence["last_trough"] > found.evidence["best_earlier_trough"]
    assert found.lr is not None and found.lr.lr < 0.1  # the peak 0.3 failed; 0.03 trains


@pytest.mark.parametrize("path", ["fixcheck/detect-cnn-sgd-clipped-cyclic", "mlp-sgdm-cyclic-triangular"])
def test_healthy_cyclic_runs_whose_loss_bumps_at_each_peak_but_keeps_falling_stay_silent(path: str) -> None:
    """Healthy cyclic schedules: the detector's loss climbs at the peak of three of its four cycles, but each cycle
    ends lower than the one before."""
    report = lrdoctor.analyze(RUNS.parent / f"{path}.csv")
    assert "lr-too-high" in report.checked
    assert not [f for f in report.findings if f.severity != "info"]


def test_adagrad_50x_below_its_lr_takes_steps_too_small() -> None:
    """A Cox model at Adagrad 1e-3 (its best lr is about 0.05): Adagrad's steps shrink as its sums of squared gradients
    grow, and its median update ratio sat 7.5x below where healthy adaptive runs sit, with the validation loss still
    falling at the end; at the old bar (15x) it was missed."""
    found = {f.rule: f for f in rules("survival-mlp-adagrad-lr-1e-3-50x-low-log5").findings}["lr-too-low"]
    assert found.lr is not None and found.lr.lr > 0.005 and not found.lr.lower


def test_adagrad_at_its_lr_stays_silent() -> None:
    """The same model at Adagrad 0.05: its update ratios sit well inside the band."""
    report = rules("survival-mlp-adagrad-constant-log4")
    assert "lr-too-low" in report.checked
    assert not [f for f in report.findings if f.severity != "info"]


def test_epoch_means_that_climb_to_the_end_are_an_lr_too_high() -> None:
    """A mixture of experts at Adam 0.1 logged once per epoch (Keras CSVLogger style): its training loss's epoch mean
    was lowest in epoch 2 and rose for four epochs to x1.2, the validation loss with it; Adam 3e-3 ends 84% lower.
    Seven rows are too few for the divergence test."""
    report = lrdoctor.analyze(RUNS / "per_epoch" / "moe-softmax-adam-lr-0p1-per-epoch.csv")
    found = {f.rule: f for f in report.findings}["lr-too-high"]
    assert found.fix["early_stop_step"] == 2 and found.fix["lr_factor"] < 1
    assert "overfitting" not in {f.rule for f in report.findings}


def test_healthy_epoch_means_stay_silent() -> None:
    report = lrdoctor.analyze(RUNS / "per_epoch" / "moe-top2-adam-step-decay-per-epoch.csv")
    assert "lr-too-high" in report.checked
    assert not [f for f in report.findings if f.severity != "info"]


def test_gradients_that_grow_with_a_growing_lr_are_the_schedule_s_doing() -> None:
    """A sparse autoencoder under ExponentialLR(gamma=1.01) per batch: its gradient norm grew 256x as the lr grew
    300x. lr-too-high names the schedule; clipping the gradients, which exploding-gradients advised, ended 3x worse
    when retrained (the lr it names ends 600x better), so the explosion is reported as the lr's."""
    report = rules("sae-relu-adam-exponential-gamma-1p01-log2")
    found = [f for f in report.findings if f.rule == "lr-too-high"]
    assert any("ExponentialLR(gamma=1.01)" in f.message for f in found)
    assert "exploding-gradients" not in {f.rule for f in report.findings}
    assert any(n.startswith("exploding-gradients") and "explained by lr-too-high" in n for n in report.notes)


def test_a_validation_loss_that_turned_upward_on_the_warmup_is_the_lr_not_overfitting() -> None:
    """A mixture of experts at NAdam warmed up to 0.3: both losses turned upward while the lr still rose (the validation
    loss lowest at step 80, the training loss at 32, climbing to step 134). Also read as overfitting, whose early stop
    at step 80, retrained, ends 7x worse than the peak lr advised."""
    report = rules("moe-softmax-nadam-warmup-cosine-peak-0p3")
    found = {f.rule: f for f in report.findings}
    assert "turned upward as the lr rose" in found["lr-too-high"].message
    assert "overfitting" not in found
    assert any(n.startswith("overfitting") and "explained by lr-too-high" in n for n in report.notes)
