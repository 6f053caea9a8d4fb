"""Readings fixed in session 36, after the fresh44 and fresh45 halves of bench/fixcheck_runs.py were measured held out
(and the fresh43 IndRNN's killing lr re-read): each run was trained by that bench, its fault confirmed by its
counterfactual, or labelled healthy (sample_logs/fixcheck/labels.toml, its per_epoch folder, tests/data/fixcheck)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sample_runs import FIXCHECK, SAMPLE_LOGS, signals, warned

import lrdoctor
from lrdoctor.checks import dead_units, lr_too_high, wrong_initial_loss


def test_a_head_above_the_inner_layers_is_no_head_initialised_too_large() -> None:
    """A DeepFM click model under SGD-momentum and a one-cycle schedule, its first loss 0.709 at ln 2: its first-order
    weights (an embedding scaled 0.01) and its dense term's 2 -> 1 layer moved by 2-3% of themselves at the first step,
    lifting the median of the other weight tensors' update ratios 11x above its deep part's default head, which sat above
    its two inner layers. It was told to scale its head by 0.09 (an error); retrained, nothing changed."""
    path = FIXCHECK / "deepfm-sgdm-one-cycle.csv"
    s = signals(path)
    assert wrong_initial_loss.last_layer_gap(s, s.rule_params("wrong-initial-loss")) is None
    assert warned(path) == []


@pytest.mark.parametrize("path", [
    SAMPLE_LOGS / "cnn-sgdm-last-layer-x300.csv",
    SAMPLE_LOGS / "mlp-sgdm-last-layer-x50.csv",
    FIXCHECK / "moe-top2-adam-expert-heads-x300.csv",  # two experts' heads: one sits below the other
    FIXCHECK / "kan-adam-head-x300.csv",
])
def test_heads_initialised_too_large_still_sit_below_the_bulk(path: object) -> None:
    """The look-alikes the other way: heads scaled 50-300x at init sit below (nearly) every other weight tensor."""
    s = signals(path)
    hit = wrong_initial_loss.last_layer_gap(s, s.rule_params("wrong-initial-loss"))
    assert hit is not None and hit.evidence["layer_gap"] > wrong_initial_loss.LAYER_GAP


def test_a_blow_up_under_sgd_momentum_is_aimed_by_a_first_step_above_the_band() -> None:
    """A DeepFM at SGD-momentum 10, 1000x its counterfactual's lr: its first update moved the weights by 0.49 of their
    norm (inside the 10x widened first-step band, above the band's top, 0.05) and the loss was NaN at step 15. A tenth of
    the lr (1) ended 2.3x its lr grid's best (0.1); with momentum the steps after the first only grow, so the first step
    aims the lr: 0.12, retrained 0.94x the grid's best."""
    report = lrdoctor.analyze(FIXCHECK / "deepfm-sgdm-lr-10-1000x.csv")
    assert report.recommendation is not None and 0.05 < report.recommendation.lr < 0.3
    assert "first update-to-weight ratio" in report.recommendation.basis
    assert all(f.fix["lr"] == report.recommendation.lr for f in report.findings if "lr" in f.fix)


def test_plain_sgd_blown_up_as_fast_keeps_its_divisor() -> None:
    """The look-alike: a residual MLP without normalisation at plain SGD 0.5, NaN in 3 steps, its first step above the
    band's top too: plain SGD's first step is as large as the next, so the lr keeps a thirtieth (0.017, 1.04x its grid's
    best), not the first step's aim (0.0085)."""
    report = lrdoctor.analyze(FIXCHECK / "tabres-nonorm-sgd-lr-0p5-no-clip-explodes.csv")
    assert report.recommendation is not None and report.recommendation.lr == pytest.approx(0.5 / 30, rel=0.05)


def test_three_felt_jumps_under_plain_sgd_are_explosions_without_a_full_tenfold_one() -> None:
    """A FiLM-conditioned CNN at plain SGD 1 without clipping: its gradient norm jumped 9.5x at step 25, then 6-7x at
    steps 202 and 216, the loss spiking with each (the largest short of a full 10x, which the repeated reading asked for);
    it sat at 1.2 against its counterfactual's 0.47, clipped at 1 (66% better at two seeds). It was read as a plateau."""
    path = Path(__file__).resolve().parents[1] / "data" / "fixcheck" / "film-sgd-lr-1-no-clip.csv"
    assert "exploding-gradients" in warned(path) and "plateau" not in warned(path)
    (hit,) = [f for f in lrdoctor.analyze(path).findings if f.rule == "exploding-gradients"]
    assert 0 < hit.fix["max_grad_norm"] <= 1.0


def test_units_killed_on_a_ramp_are_dated_by_the_largest_gradient_of_the_stretch_they_died_in() -> None:
    """A Maxout MLP under a warmup to AdamW 1, its per-layer gradient norms read every 100 steps: alive at step 1, dead
    at step 101. Neither its gradient norm (8.5x its early level at step 18) nor its loss cleared the jump and spike
    thresholds, so the units were taken to have died at the largest lr up to step 101 (0.99) and a tenth of it was
    advised, 0.1, which retrained at chance (2x its grid's best, 0.01). The largest gradient of that stretch dates the
    throw: lr 0.23 there, a tenth of it 0.022 (retrained 1.02x its grid's best)."""
    report = lrdoctor.analyze(FIXCHECK / "maxout-adamw-warmup-cosine-peak-1.csv")
    assert report.recommendation is not None and 0.01 < report.recommendation.lr < 0.04
    assert "killed the units" in report.recommendation.basis


def test_a_stretch_whose_gradient_stayed_level_keeps_the_largest_lr_up_to_the_death(tmp_path: Path) -> None:
    """The same log with its global gradient norm held at its first value and its update ratios at one inside the
    Adam-family band: no step of the stretch stands out, so the largest lr the run had used by the dead reading is the
    one taken (the older reading)."""
    path = FIXCHECK / "maxout-adamw-warmup-cosine-peak-1.csv"
    df = pd.read_csv(path)
    df["grad_norm"] = np.where(df["grad_norm"].notna(), df["grad_norm"].iloc[0], np.nan)
    df["update_ratio"] = np.where(df["update_ratio"].notna(), 0.005, np.nan)
    df.to_csv(tmp_path / "run.csv", index=False)
    (tmp_path / "run.json").write_text(path.with_suffix(".json").read_text())
    s = signals(tmp_path / "run.csv")
    assert dead_units.largest_gradient_at(s, 1, 101) is None and dead_units.collapse_at(s, 1, 101) is None
    assert dead_units.steps_past_band_at(s, 1, 101) is None
    report = lrdoctor.analyze(tmp_path / "run.csv")
    assert report.recommendation is not None and report.recommendation.lr == pytest.approx(0.099, rel=0.05)


def test_units_whose_gradient_collapsed_for_good_are_dated_by_the_collapse(tmp_path: Path) -> None:
    """The Maxout log with its global gradient norm level at first and a tenth of that from step 30 on, no peak: the
    units died where the norm fell for good (the lr at step 29, 0.36), not at the largest lr up to step 101."""
    path = FIXCHECK / "maxout-adamw-warmup-cosine-peak-1.csv"
    df = pd.read_csv(path)
    first = df["grad_norm"].iloc[0]
    df["grad_norm"] = np.where(df["grad_norm"].notna(), np.where(df["step"] < 30, first, first / 10), np.nan)
    df.to_csv(tmp_path / "run.csv", index=False)
    (tmp_path / "run.json").write_text(path.with_suffix(".json").read_text())
    s = signals(tmp_path / "run.csv")
    assert dead_units.largest_gradient_at(s, 1, 101) is None
    assert dead_units.collapse_at(s, 1, 101) == 29


def test_a_binary_loss_level_at_three_in_four_right_is_no_chance() -> None:
    """An SGC node classifier over 4 classes logged once per epoch (a Keras-like CSV, no class count): its epoch means
    came down to 0.68-0.69, ln 2 by coincidence, at a training accuracy of 0.74. With two classes 1.5 x chance is 0.75,
    so it was told it sat at chance and to lower its lr 100x, which retrained 62% worse. A tenth of the way from chance
    to perfect (0.55 for two classes) is the most a model at chance gets right."""
    assert warned(FIXCHECK / "per_epoch" / "sgc-adam-cosine-per-epoch.csv") == []


@pytest.mark.parametrize("name", ["mixup-sgdm-lr-3-per-epoch", "han-adam-lr-1-per-epoch"])
def test_epochs_at_chance_among_many_classes_still_sit_there(name: str) -> None:
    """The look-alikes: a mixup CNN blown up to ln 10 at an accuracy of 0.12 among 10 classes, and a hierarchical
    attention network come down to ln 6 at 0.16-0.18 (1.5 x chance is the tighter bound there)."""
    report = lrdoctor.analyze(FIXCHECK / "per_epoch" / f"{name}.csv")
    assert any("sits at chance" in f.message for f in report.findings if f.rule == "lr-too-high")


def test_a_validation_rise_beside_a_flat_training_loss_is_not_both_losses_climbing() -> None:
    """A QRNN resumed with its optimizer state at a constant Adam 0.01: its validation loss rose 0.776 -> 0.820 (2.3x
    its evaluation noise) while its training loss ended 8% lower than around the best evaluation (x1.001 between two
    points of its smoothed level). It was told "both losses climbed" and a third of its lr, where its grid's best lr is
    3x higher. Only a converged plateau's info is left; stretched to 1,000,000 steps it stays silent too
    (tests/checks/test_long_runs.py)."""
    path = FIXCHECK / "qrnn-adam-resumed-with-state.csv"
    assert warned(path) == []
    assert lr_too_high.held_out_divergence(signals(path)) is None


def test_both_losses_climbing_is_still_read() -> None:
    """The look-alike: a CNN at SGD-momentum 0.07 whose validation loss bottomed out and climbed back while its training
    loss rose with it (4% over the last tenth of the run against the tenth either side of its best evaluation)."""
    hit = lr_too_high.held_out_divergence(signals(FIXCHECK / "signals-cnn-sgdm-lr-0p07-diverges-after-dip.csv"))
    assert hit is not None and hit.evidence["train_log_rise"] > 0
