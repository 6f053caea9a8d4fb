"""lr-too-high's ramp turn when the loss had learned nothing on the ramp before it turned (``first_step_aimed_if_lower``,
``NO_DESCENT_NOISES``; session 60; tests/data/fixcheck/README.md)."""

from __future__ import annotations

from sample_runs import TEST_FIXCHECK

import lrdoctor
from lrdoctor.checks.lr_too_high import NO_DESCENT_NOISES, ramp_climb, ramp_turn
from lrdoctor.engine import load_run
from lrdoctor.signals import Signals


def descent_in_noises(name: str) -> float:
    """How many noise units the smoothed loss came down on its first ramp before it turned."""
    s = Signals(load_run(TEST_FIXCHECK / name))
    ramp = s.lr_ramps[0]
    i_min, _, _, noise = ramp_climb(s, ramp)
    return max(s.initial_level - float(s.smooth[i_min]), 0.0) / noise


def test_a_turn_before_any_descent_is_aimed_by_the_first_step() -> None:
    """A Volterra-like identifier warmed up to NAdam 1 (fresh116): its loss never came down before it turned at lr 0.82,
    and the ratios on the way, against weights already inflated 12x, were told 0.19 (64x its grid's best at 0.03). Its
    first step, 0.18 of the weights at lr 0.025, aims at about 0.004 (1.32x)."""
    name = "volterra-nadam-warmup-linear-peak-1-log2.csv"
    assert descent_in_noises(name) < NO_DESCENT_NOISES
    report = lrdoctor.analyze(TEST_FIXCHECK / name)
    (finding,) = [f for f in report.findings if f.rule == "lr-too-high"]
    assert "turned upward as the lr rose" in finding.message
    assert finding.lr is not None and finding.lr.lr is not None
    assert 0.002 < finding.lr.lr < 0.01
    assert "warmup's first step" in finding.lr.basis
    assert report.recommendation is not None and report.recommendation.lr == finding.fix["lr"]


def test_a_turn_after_a_real_descent_keeps_the_turn_lr() -> None:
    """The look-alike: an energy-based model warmed up to NAdam 1 (fresh15) whose loss came down 1.7 noise units before
    it turned: the model learned on the ramp, and a third of the lr at its turn (0.0076, 1.08x its grid's best) speaks,
    not its first step (0.0035, 1.15x)."""
    name = "ebm-nadam-warmup-cosine-peak-1.csv"
    assert descent_in_noises(name) >= NO_DESCENT_NOISES
    s = Signals(load_run(TEST_FIXCHECK / name))
    hit = ramp_turn(s, s.rule_params("lr-too-high"))
    assert hit is not None and hit.lr is not None and hit.lr.lr is not None
    assert "turned" in hit.lr.basis
    assert hit.lr.lr > 0.005
