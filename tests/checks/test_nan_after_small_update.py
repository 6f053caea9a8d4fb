"""A loss that is NaN on the very step after an update that moved the weights by less than their own norm was not made
by the lr: a lasso with a missing feature in its data (Adam 0.01, its first step 0.30 of its weights' norm) and a
hand-written InfoNCE whose exp overflowed (Adam 0.03, 0.36), both NaN at step 2, were told to lower the lr 30x, which
leaves the data's NaN and the overflow where they are. Runs of bench/fixcheck_runs.py whose counterfactuals (the rows
with the missing feature dropped; the loss by log-sum-exp) beat them. The look-alikes: runs an lr too high threw,
whose loss climbed on the steps between the update and the NaN, keep their lr reading."""

from __future__ import annotations

import pytest

import lrdoctor
from sample_runs import TEST_FIXCHECK, one_lr


@pytest.mark.parametrize("name", ["lasso-adam-missing-feature-nan", "contrast-mlp-adam-infonce-by-hand-overflow"])
def test_a_nan_right_after_an_update_smaller_than_the_weights_gets_loss_and_data_advice(name: str) -> None:
    r = lrdoctor.analyze(TEST_FIXCHECK / f"{name}.csv")
    (nan,) = [f for f in r.findings if f.rule == "non-finite-loss"]
    assert nan.step_start == 2
    assert nan.fix == {"stable_loss": True}
    assert "inputs or targets" in nan.suggestion
    assert not any("lr" in f.fix for f in r.findings)
    assert r.recommendation is None
    assert {f.rule for f in r.findings} == {"non-finite-loss"}


@pytest.mark.parametrize(("name", "lr"), [("nca-sgd-lr-1-overflows-nan", 1.0), ("stgcn-sgdm-lr-30-1000x", 30.0)])
def test_an_update_the_loss_climbed_after_before_its_nan_is_still_the_lr(name: str, lr: float) -> None:
    """An NCA at SGD 1 (its second update 97x its weights' norm, the loss 0.05 -> 72 -> inf) and a spatio-temporal
    GCN at SGD-momentum 30 (its first update 0.73 of the norm, the loss 1.1 -> 10.6 -> 1.2e5 -> inf)."""
    r = lrdoctor.analyze(TEST_FIXCHECK / f"{name}.csv")
    rules = {f.rule for f in r.findings}
    assert {"non-finite-loss", "lr-too-high"} <= rules
    assert one_lr(r) <= lr / 10
