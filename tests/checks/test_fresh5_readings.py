"""Readings fixed after the fresh5 half of bench/fixcheck_runs.py was measured once, held out (session 9): runs of
four families none of the other halves has (a triplet-loss embedding, a diffusion model's noise predictor, a RealNVP
flow whose negative log-likelihood ends below 0, a MobileNet fine-tune), copied into sample_logs/fixcheck with their
counterfactual labels. Each faulty run is found, each healthy look-alike stays silent."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import lrdoctor

RUNS = Path(__file__).resolve().parents[2] / "sample_logs" / "fixcheck"


def finding(name: str, rule: str) -> lrdoctor.Finding:
    return next(f for f in lrdoctor.analyze(RUNS / f"{name}.csv").findings if f.rule == rule)


def loud_rules(name: str) -> set[str]:
    return {f.rule for f in lrdoctor.analyze(RUNS / f"{name}.csv").findings if f.severity != "info"}


def test_a_triplet_loss_starts_near_its_margin_and_a_summed_one_at_batch_times_it() -> None:
    """TripletMarginLoss(reduction='sum'), margin 1, batch 64: 59.4 at step 1 (the mean trains: +counterfactual)."""
    found = finding("triplet-mlp-sgd-summed-loss", "wrong-initial-loss")
    assert found.fix == {"reduction": "mean"}
    assert found.evidence["summed_over"] == 64 and found.evidence["expected_loss"] == 1.0
    assert "margin" in found.message


def test_a_triplet_embedding_whose_head_starts_300x_too_large_starts_far_above_its_margin() -> None:
    found = finding("triplet-mlp-adam-head-x300-log2", "wrong-initial-loss")
    assert found.fix == {"last_layer_init_scale": 0.1}
    assert found.evidence["ratio"] > 4  # far beyond where an untrained embedding's spread lifts a hinge


def test_a_diffusion_noise_mse_summed_over_batch_and_dimensions_is_a_summed_loss() -> None:
    """MSE of the predicted noise with reduction='sum' over a batch of 64 points of 8 dimensions: 533 at step 1."""
    found = finding("diffuse-mlp-sgdm-summed-noise-mse", "wrong-initial-loss")
    meta = json.loads((RUNS / "diffuse-mlp-sgdm-summed-noise-mse.json").read_text())
    assert found.fix == {"reduction": "mean"}
    assert found.evidence["summed_over"] == meta["batch_size"] * meta["data_dim"]


def test_a_diffusion_predictor_whose_head_starts_300x_too_large_starts_far_above_the_noise_variance() -> None:
    found = finding("diffuse-mlp-adam-head-x300", "wrong-initial-loss")
    assert found.fix == {"last_layer_init_scale": 0.1}
    assert "outputs far too large" in found.message


@pytest.mark.parametrize("name", ["triplet-mlp-adamw-warmup-cosine-log2", "diffuse-mlp-adamw-warmup-cosine"])
def test_healthy_triplet_and_diffusion_runs_start_where_an_untrained_model_does(name: str) -> None:
    report = lrdoctor.analyze(RUNS / f"{name}.csv")
    assert "wrong-initial-loss" in report.checked
    assert not [f for f in report.findings if f.severity != "info"]
    first = float(pd.read_csv(RUNS / f"{name}.csv")["loss"].iloc[0])
    assert 0.5 < first < 1.6  # near 1: the margin, or the noise's variance


def test_a_nan_from_a_loss_said_to_be_summed_gets_the_mean_not_an_lr() -> None:
    """A flow's NLL with reduction='sum' (batch 128) blew up to NaN at step 3. A flow's NLL has no expected start to
    read the sum off, but the metadata says it; retrained, lr / 10 still ended NaN, the mean trains. Since session 13
    wrong-initial-loss names the sum (the NaN is what it did) and explains non-finite-loss."""
    report = lrdoctor.analyze(RUNS / "flow-realnvp-sgd-summed-nll.csv")
    found = next(f for f in report.findings if f.rule == "wrong-initial-loss")
    assert found.fix == {"reduction": "mean"} and "NaN" in found.message
    assert report.recommendation is None or report.recommendation.lr is None
    assert not [f for f in report.findings if "lr" in f.fix]


def test_a_triplet_loss_at_exactly_zero_is_overfitting_not_dead_units_or_a_plateau() -> None:
    """Every training triplet satisfied from step ~100 on: the loss and every gradient are exactly 0 (nothing left to
    learn, not dead units), while the validation loss rose from 0.41 to 0.64 (stopping at the best evaluation ends
    35% lower)."""
    frame = pd.read_csv(RUNS / "triplet-mlp128-adam-300-triplets-overfits.csv")
    assert (frame["loss"].iloc[-100:] == 0).mean() > 0.5 and (frame["grad_norm"].iloc[-100:] == 0).mean() > 0.5
    report = lrdoctor.analyze(RUNS / "triplet-mlp128-adam-300-triplets-overfits.csv")
    rules = {f.rule for f in report.findings}
    assert "overfitting" in rules
    assert not rules & {"dead-units", "plateau", "lr-too-high"}
    assert "fell to 0 and stayed there" in next(f for f in report.findings if f.rule == "overfitting").message


def test_a_blow_up_of_a_loss_with_exact_zeros_is_read_in_ratios_and_is_no_missing_warmup() -> None:
    """RMSprop 0.1 (30x its working lr) on a triplet MLP: the loss leapt from 0.93 to 1,648 and sat around 2.7, never
    below its start (RMSprop 3e-3 ends 97% lower). Its loss has exact zeros (satisfied batches), so it has no log scale:
    the blow-up is read in ratios, zeros floored. Not missing-warmup: the run never got below where it started."""
    report = lrdoctor.analyze(RUNS / "triplet-mlp-rmsprop-lr-0p1-never-below-start-log2.csv")
    found = next(f for f in report.findings if f.rule == "lr-too-high")
    assert "blew the model up" in found.message
    assert found.fix["lr"] == pytest.approx(0.01)  # 10x below the lr that blew it up
    assert "missing-warmup" not in {f.rule for f in report.findings}
    frame = pd.read_csv(RUNS / "triplet-mlp-rmsprop-lr-0p1-never-below-start-log2.csv")
    assert (frame["loss"] == 0).any()


def test_a_triplet_loss_that_reaches_zero_without_a_blow_up_is_no_lr_too_high() -> None:
    assert "lr-too-high" not in loud_rules("triplet-mlp128-adam-300-triplets-overfits")


def test_a_fine_tunes_small_steps_are_no_low_lr() -> None:
    """A pretrained MobileNet fine-tuned at Adam 1e-4: update ratios below the Adam band, on purpose."""
    meta = json.loads((RUNS / "mobile-cnn-adam-finetune-lr-1e-4.json").read_text())
    assert meta["pretrained"] is True
    report = lrdoctor.analyze(RUNS / "mobile-cnn-adam-finetune-lr-1e-4.csv")
    assert "lr-too-low" not in {f.rule for f in report.findings}
