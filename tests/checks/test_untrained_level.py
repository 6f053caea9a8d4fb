"""lr-too-high reads a blow-up after which the model sat at the level of a model that learned nothing: chance
(ln C) for a classifier, the noise's variance 1 for a diffusion model's noise MSE. The noisy loss's smoothed
minimum dips a few percent below that level by chance alone, so the level is read off medians (the rest of the
run, its last quarter, the validation loss), not off the minimum. Runs of bench/fixcheck_runs.py's fresh5 half,
copied into sample_logs/fixcheck with their counterfactual labels."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

import lrdoctor

RUNS = Path(__file__).resolve().parents[2] / "sample_logs" / "fixcheck"


def report(name: str) -> lrdoctor.RunReport:
    return lrdoctor.analyze(RUNS / f"{name}.csv")


def lr_finding(name: str) -> lrdoctor.Finding:
    return next(f for f in report(name).findings if f.rule == "lr-too-high")


def test_a_cnn_blown_up_at_sgd_3_that_sat_at_ln_c_is_told_its_lr_is_too_high() -> None:
    """MobileNet-like CNN, 6 classes, SGD momentum 3 (30x the counterfactual's 0.1, which ends 55% lower): the loss
    rose x3.5 in its first 50 steps and sat around ln 6 = 1.79 for the rest, its smoothed minimum 6% under."""
    name = "mobile-cnn-sgdm-lr-3-30x-from-step-1"
    frame = pd.read_csv(RUNS / f"{name}.csv")
    assert frame["loss"].iloc[50:].rolling(25).median().min() < 0.95 * math.log(6)  # why the minimum could not say it
    found = lr_finding(name)
    assert "learned nothing" in found.message and "ln 6" in found.message
    assert found.fix["lr"] <= 3.0 / 10  # at least 10x below the lr that blew it up
    assert found.step_start == 1


def test_a_diffusion_model_blown_up_to_predicting_zero_noise_is_told_its_lr_is_too_high() -> None:
    """DDPM noise predictor at SGD 3 (the counterfactual at 0.3 ends 85% lower): after an early rise its noise MSE
    sat at 1, the variance of the noise, what predicting no noise at all scores."""
    name = "diffuse-mlp-sgd-lr-3-predicts-zero-noise"
    assert json.loads((RUNS / f"{name}.json").read_text())["task"] == "diffusion"
    found = lr_finding(name)
    assert "the noise's variance 1" in found.message
    assert found.fix["lr"] <= 0.3


def test_a_warmup_to_a_peak_too_high_keeps_the_lr_where_the_loss_turned() -> None:
    """A triplet MLP warmed up to AdamW 0.3 sat at its margin afterwards, but the lr at step 1 is the warmup's
    first, not the one that failed: the advice comes from where the loss turned upward on the ramp."""
    found = lr_finding("triplet-mlp-adamw-warmup-cosine-peak-0p3")
    assert "turned upward as the lr rose" in found.message
    assert found.evidence["turn_lr"] / 10 < found.fix["lr"] < found.evidence["top_lr"]


def test_healthy_runs_that_start_at_that_level_stay_silent() -> None:
    """A MobileNet fine-tune and a warmed-up diffusion model start at ln C and at the noise's variance, and train."""
    for name in ("diffuse-mlp-adamw-warmup-cosine", "mobile-cnn-adam-finetune-lr-1e-4"):
        assert "lr-too-high" not in {f.rule for f in report(name).findings}
