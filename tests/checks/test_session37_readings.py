"""Readings fixed in session 37, on runs of the fix-check halves fresh35-fresh47 of bench/fixcheck_runs.py (each trained
by that bench, its fault confirmed by its counterfactual, or labelled healthy): two felt gradient jumps under plain SGD
(tests/data/fixcheck)."""

from __future__ import annotations

from pathlib import Path

from sample_runs import warned

import lrdoctor

DATA = Path(__file__).resolve().parents[1] / "data" / "fixcheck"


def test_two_felt_jumps_under_plain_sgd_are_explosions() -> None:
    """An SE-net at plain SGD 1 without clipping: its gradient norm jumped 9.4x and 8.6x (steps 123 and 177), the loss
    spiking with each, and it sat at chance; clipped at 1 it ended 75% lower at two seeds. Three such jumps were asked
    for; two are enough (no healthy run of any half has two). Clipped where the rule says (0.44), it ended 71% lower."""
    path = DATA / "senet-sgd-lr-1-no-clip.csv"
    assert "exploding-gradients" in warned(path)
    (hit,) = [f for f in lrdoctor.analyze(path).findings if f.rule == "exploding-gradients"]
    assert hit.evidence["jumps"] == 2 and 0 < hit.fix["max_grad_norm"] < 1.0
