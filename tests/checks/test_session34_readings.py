"""Readings fixed after the fresh36 to fresh39 halves of bench/fixcheck_runs.py were measured held out (session 34):
each run was trained by that bench, its fault confirmed by its counterfactual, or labelled healthy
(sample_logs/fixcheck/labels.toml)."""

from __future__ import annotations

import pytest
from sample_runs import FIXCHECK, SAMPLE_LOGS, warned

import lrdoctor


def test_a_staircase_is_not_a_straight_crawl() -> None:
    """A Chebyshev graph net resumed with its Adam state at its grid's best lr (3e-3): its loss fell 6.2 and 8.9 noise
    units in the first two quarters, stalled in the third (-0.5) and fell again in the last (3.7), and its validation
    loss flattened at 0.80-0.88. Read as a curve that never bends, it was told to raise the lr 3x, which retrained the
    same (0.8024 -> 0.7988)."""
    assert warned(FIXCHECK / "cheb-adam-resumed-with-state.csv") == []


@pytest.mark.parametrize("name", ["mixer-sgd-lr-0p01-100x-low-log4", "dncnn-adam-lr-1e-6-3000x-low",
                                  "mlm-postln-adam-lr-1e-4-30x-low"])
def test_crawls_whose_quarters_wobble_within_their_noise_are_still_found(name: str) -> None:
    """Look-alikes: lrs 30-3000x too low whose quarter-to-quarter progress is uneven (one quarter with no progress)
    but never by more than the noise on both sides of it."""
    assert "lr-too-low" in warned(FIXCHECK / f"{name}.csv")


def test_steps_no_larger_than_a_healthy_runs_blow_nothing_up() -> None:
    """A message-passing graph regressor at Adam 3e-5, 100x below its best lr: its first batch MSE (0.61) was a low draw
    of batches spread 0.6-1.8, so the loss "rose" to 1.71 and never got below 0.61 again, and lr-too-high read a blow-up
    that left the model stuck, telling it 3e-6 (retrained: 0.597 -> 0.979). Its first step moved the weights by 2.6e-4 of
    their norm, 20x below where healthy Adam runs sit, and its validation MSE fell at every evaluation: it crawls."""
    path = FIXCHECK / "mpnn-adam-lr-3e-5-100x-low.csv"
    assert warned(path) == ["lr-too-low"]
    (low,) = [f for f in lrdoctor.analyze(path).findings if f.rule == "lr-too-low"]
    assert low.lr is not None and low.lr.lr > 3e-5


@pytest.mark.parametrize("name", ["transformer-adamw-lr-16x-no-warmup", "sweeps/extend-down/mlp-adam-lr-0.1"])
def test_adaptive_blow_ups_with_large_first_steps_are_still_found(name: str) -> None:
    """Look-alikes: Adam-family runs whose first step moved the weights by 1.0-1.5 of their norm and whose loss blew up
    (labelled lr-too-high in sample_logs)."""
    assert "lr-too-high" in warned(SAMPLE_LOGS / f"{name}.csv")
