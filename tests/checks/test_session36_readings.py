"""Readings fixed in session 36, after the fresh44 half of bench/fixcheck_runs.py was measured held out: each run was
trained by that bench, its fault confirmed by its counterfactual, or labelled healthy (sample_logs/fixcheck/labels.toml)."""

from __future__ import annotations

import pytest
from sample_runs import FIXCHECK, SAMPLE_LOGS, signals, warned

import lrdoctor
from lrdoctor.checks import wrong_initial_loss


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
    aims the lr: 0.12, the grid's best."""
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
    path = FIXCHECK / "film-sgd-lr-1-no-clip.csv"
    assert "exploding-gradients" in warned(path) and "plateau" not in warned(path)
    (hit,) = [f for f in lrdoctor.analyze(path).findings if f.rule == "exploding-gradients"]
    assert 0 < hit.fix["max_grad_norm"] <= 1.0
