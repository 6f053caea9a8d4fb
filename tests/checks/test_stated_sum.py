"""wrong-initial-loss reads a loss its description states summed over the batch (reduction='sum', "summed over the
batch") with an SGD-family optimizer even where the loss has no start it knows: a SIREN whose squared error is summed
over batches of 128 (fresh8, missed held out: its lr advice was 75x the grid's best), then the mean is the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

import lrdoctor

RUNS = Path(__file__).resolve().parents[2] / "sample_logs" / "fixcheck"


def test_a_summed_mse_that_blew_up_under_sgd_is_the_sum() -> None:
    report = lrdoctor.analyze(RUNS / "siren-sgdm-summed-mse.csv")
    (found,) = [f for f in report.findings if f.rule == "wrong-initial-loss"]
    assert found.severity == "error"
    assert found.fix == {"reduction": "mean"}
    assert "gradient norm grew" in found.message
    assert report.recommendation is None  # the sum explains the lr trouble: no lr advice read off the summed run
    assert "lr-too-high" not in {f.rule for f in report.findings}


def test_a_stated_sum_in_a_calm_sgd_run_is_an_info() -> None:
    """A healthy SGD run (its lr chosen for what it trains) described as summed: worth knowing, not a fault."""
    report = lrdoctor.analyze(RUNS / "multitask-mlp-sgdm-onecycle-log5.csv",
                              meta={"loss_fn": "MSELoss(reduction='sum')", "task": "regression", "batch_size": 64})
    found = [f for f in report.findings if f.rule == "wrong-initial-loss"]
    assert [f.severity for f in found] == ["info"]
    assert not [f for f in report.findings if f.severity != "info"]


@pytest.mark.parametrize("optimizer", ["Adam", "AdamW"])
def test_an_adaptive_optimizer_does_not_scale_with_the_sum(optimizer: str) -> None:
    report = lrdoctor.analyze(RUNS / "siren-sgdm-summed-mse.csv", meta={"optimizer": optimizer})
    assert not [f for f in report.findings if f.rule == "wrong-initial-loss" and "summed" in f.message]



@pytest.mark.parametrize("name", ["pinn-tanh-sgdm-summed-residual", "survival-mlp-sgdm-summed-cox"])
def test_a_loss_summed_over_the_batch_items_is_a_sum(name: str) -> None:
    """fresh7's residual loss "summed over the points" (a physics-informed MLP whose gradients then grew 1000x: lr advice,
    clipping and dead units) and Cox likelihood "summed over the events" (NaN by step 21): a sum over the batch's items
    scales the step as "summed over the batch" does; the mean is the fix (the counterfactuals: 10^4x lower, finite)."""
    report = lrdoctor.analyze(RUNS / f"{name}.csv")
    (found,) = [f for f in report.findings if f.rule == "wrong-initial-loss"]
    assert found.severity == "error" and found.fix == {"reduction": "mean"}
    assert report.recommendation is None


@pytest.mark.parametrize("text", ["BCE summed over the pixels + beta KL", "squared error summed over 24 dims",
                                  "BCE with logits summed over 1 positive + 5 negatives, per centre word",
                                  "mean over the batch of the squared error summed over the tokens",
                                  "cross-entropy summed over the tokens of each target sentence, mean over the batch",
                                  "Chamfer distance summed over the points of each cloud",
                                  "NLL summed over the words divided by the number of words",
                                  "squared error, not summed over the points"])
def test_a_sum_over_an_examples_own_parts_is_no_batch_sum(text: str) -> None:
    """A sum over each example's pixels, dims, candidates or tokens, then a mean over the batch (or divided, or
    denied), is a per-example loss."""
    report = lrdoctor.analyze(RUNS / "siren-sgdm-summed-mse.csv", meta={"loss_fn": text})
    assert not [f for f in report.findings if f.rule == "wrong-initial-loss" and "summed" in f.message]


@pytest.mark.parametrize("text", ["residual summed over the collocation points", "squared error summed over the mini-batch"])
def test_a_sum_over_the_batch_items_in_other_words_is_a_sum(text: str) -> None:
    report = lrdoctor.analyze(RUNS / "siren-sgdm-summed-mse.csv", meta={"loss_fn": text})
    assert [f.fix for f in report.findings if f.rule == "wrong-initial-loss"] == [{"reduction": "mean"}]
