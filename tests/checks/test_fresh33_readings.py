"""Readings fixed after the fresh33 half of bench/fixcheck_runs.py was measured held out (session 33): each run was
trained by that bench, its fault confirmed by its counterfactual, or labelled healthy (sample_logs/fixcheck/labels.toml)."""

from __future__ import annotations

import pytest
from sample_runs import FIXCHECK, warned


def test_a_one_cycle_climb_the_decay_undid_to_within_a_few_percent_of_the_best_is_no_fault() -> None:
    """A Poisson regression MLP under one-cycle to SGD-momentum 0.1, its grid's best: the loss climbed 0.66 -> 1.26 as
    the lr rose past 0.04 and the validation loss 0.614 -> 1.62, then the decay brought it down to 0.462 at step 360 and
    0.473 at the end (x1.024 its best, more than the noise of evaluations that fall steadily). It had to end at its best
    within that noise to count as recovered, and was told a third of the lr at the turn, 0.013: retrained, 4% worse."""
    assert warned(FIXCHECK / "poireg-sgdm-one-cycle.csv") == []


@pytest.mark.parametrize("name", ["gpt-adamw-warmup-cosine-peak-0p3", "convnext-adamw-warmup-cosine-peak-0p3"])
def test_climbs_on_a_warmup_that_left_the_model_worse_are_still_found(name: str) -> None:
    """Look-alikes: a tiny GPT and a ConvNeXt warmed up to AdamW 0.3, whose losses turned upward as the lr rose and
    whose held-out losses did not come back to their best by the end (labelled lr-too-high: a lower peak ends better)."""
    assert "lr-too-high" in warned(FIXCHECK / f"{name}.csv")
