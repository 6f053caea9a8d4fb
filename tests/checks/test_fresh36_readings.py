"""Readings fixed after the fresh36 and fresh37 halves of bench/fixcheck_runs.py were measured held out (session 34):
each run was trained by that bench, its fault confirmed by its counterfactual, or labelled healthy
(sample_logs/fixcheck/labels.toml)."""

from __future__ import annotations

from pathlib import Path

import pytest

import lrdoctor

RUNS = Path(__file__).resolve().parents[2] / "sample_logs" / "fixcheck"


def warned(name: str) -> list[str]:
    return [f.rule for f in lrdoctor.analyze(RUNS / f"{name}.csv").findings if f.severity != "info"]


def test_a_staircase_is_not_a_straight_crawl() -> None:
    """A Chebyshev graph net resumed with its Adam state at its grid's best lr (3e-3): its loss fell 6.2 and 8.9 noise
    units in the first two quarters, stalled in the third (-0.5) and fell again in the last (3.7), and its validation
    loss flattened at 0.80-0.88. Read as a curve that never bends, it was told to raise the lr 3x, which retrained the
    same (0.8024 -> 0.7988)."""
    assert warned("cheb-adam-resumed-with-state") == []


@pytest.mark.parametrize("name", ["mixer-sgd-lr-0p01-100x-low-log4", "dncnn-adam-lr-1e-6-3000x-low",
                                  "mlm-postln-adam-lr-1e-4-30x-low"])
def test_crawls_whose_quarters_wobble_within_their_noise_are_still_found(name: str) -> None:
    """Look-alikes: lrs 30-3000x too low whose quarter-to-quarter progress is uneven (one quarter with no progress)
    but never by more than the noise on both sides of it."""
    assert "lr-too-low" in warned(name)
