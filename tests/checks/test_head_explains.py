"""An output layer initialised far too large (its first loss 5x or more its expected value, or the layer gap) explains
what it does to the run: the other rules' lr, clipping and NaN advice read off such a run misleads (fix-check halves,
retrained: an lr 10x lower 23-128% worse, clipping 8% worse); the init alone is the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

import lrdoctor

RUNS = Path(__file__).resolve().parents[2] / "sample_logs" / "fixcheck"


@pytest.mark.parametrize("name", ["pixelcnn-sgdm-head-x300", "moe-top2-adam-expert-heads-x300",
                                  "multilabel-bag-sgdm-head-x300"])
def test_a_head_initialised_300x_speaks_alone(name: str) -> None:
    """A PixelCNN (layer gap 8000x: a gradient explosion at step 2 and units killed), a mixture of experts (first loss
    21x ln 10: lr-too-high and dead units) and a multi-label tagger (21x ln 2: clipping, and an lr for its NaN)."""
    report = lrdoctor.analyze(RUNS / f"{name}.csv")
    assert [f.rule for f in report.findings if f.severity != "info"] == ["wrong-initial-loss"]
    assert report.recommendation is None
    assert not [f for f in report.findings if "max_grad_norm" in f.fix or "lr" in f.fix]


def test_a_first_loss_moderately_high_leaves_an_explosion_its_own_finding() -> None:
    """A residual net without normalisation at SGD 0.5 starts at 2x ln 4 and explodes to NaN by step 4: clipping trains
    it (the counterfactual), so exploding-gradients still speaks beside the first loss."""
    report = lrdoctor.analyze(RUNS / "tabres-nonorm-sgd-lr-0p5-no-clip-explodes.csv")
    assert {"exploding-gradients", "wrong-initial-loss"} <= {f.rule for f in report.findings}
