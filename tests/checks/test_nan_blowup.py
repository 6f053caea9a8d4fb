"""lr-too-high names an lr that blew the model up to NaN within its first steps (non-finite-loss names the NaN): a
ranking MLP at SGD 30 and a sparse autoencoder at SGD momentum 1, both NaN within 7 steps after their gradient norms
grew by orders of magnitude (runs of bench/fixcheck_runs.py with their counterfactual labels). A NaN the loss
computation made, or one a stated sum made, is not the lr's finding."""

from __future__ import annotations

from pathlib import Path

import pytest

import lrdoctor

ROOT = Path(__file__).resolve().parents[2] / "sample_logs"


def report(path: Path) -> lrdoctor.RunReport:
    return lrdoctor.analyze(path)


@pytest.mark.parametrize(("name", "lr"), [("rank-mlp-sgd-lr-30-300x-blows-up-log2", 30.0), ("sae-relu-sgdm-lr-1-10x-nan", 1.0)])
def test_a_nan_within_the_first_steps_after_a_gradient_blowup_is_an_lr_too_high(name: str, lr: float) -> None:
    r = report(ROOT / "fixcheck" / f"{name}.csv")
    (high,) = [f for f in r.findings if f.rule == "lr-too-high"]
    assert high.evidence["lr"] == pytest.approx(lr)
    assert high.evidence["grad_norm_growth"] > 1000
    assert "non-finite-loss" in {f.rule for f in r.findings}
    # one lr for the run: the NaN's advice and the lr's agree, at least 10x below the lr that blew up
    proposed = {f.fix["lr"] for f in r.findings if "lr" in f.fix}
    assert len(proposed) == 1
    assert r.recommendation is not None and r.recommendation.lr == pytest.approx(proposed.pop())
    assert r.recommendation.lr <= lr / 10


@pytest.mark.parametrize("name", ["mlp-adam-nan-from-step-2", "mlp-adam-bce-log-zero", "fixcheck/flow-realnvp-sgd-summed-nll"])
def test_a_nan_the_loss_or_a_stated_sum_made_is_not_the_lr(name: str) -> None:
    """NaN from step 2 with no gradient growth before it (the data), a log of 0 late in a stable run, and a flow's
    NLL stated summed (reduction='sum', the mean is the fix) that blew up in 3 steps."""
    r = report(ROOT / f"{name}.csv")
    assert {"non-finite-loss", "wrong-initial-loss"} & {f.rule for f in r.findings}  # the NaN, or the sum that made it
    assert "lr-too-high" not in {f.rule for f in r.findings}
