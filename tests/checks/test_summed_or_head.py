"""A first loss near batch_size x ln C is a loss summed over the batch, unless the run's own evaluations say its training
loss is on the per-example scale: at the first evaluation a summed training loss stands about batch_size times above a
mean validation loss (or far below one summed over the held-out set), where an output layer initialised too large
leaves the two within a few times of each other. Advised reduction='mean', such a run changes nothing; its head's init
is the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

import lrdoctor

SAMPLES = Path(__file__).resolve().parents[2] / "sample_logs"


def initial_loss_fix(path: Path, **meta: object) -> dict[str, object]:
    report = lrdoctor.analyze(path, meta=meta or None)
    [finding] = [f for f in report.findings if f.rule == "wrong-initial-loss"]
    return dict(finding.fix)


def test_a_head_initialised_300x_whose_first_loss_looks_summed_is_told_to_scale_its_init() -> None:
    """A CNN at SGD-momentum whose last layer was initialised 300x: its first loss, 84.0, is 1.14 x 32 x ln 10, within
    the tolerance of a sum over its batch of 32; at its first evaluation (step 100) its training loss sat at 2.08, its
    validation loss at 2.08."""
    fix = initial_loss_fix(SAMPLES / "cnn-sgdm-last-layer-x300.csv")
    assert set(fix) == {"last_layer_init_scale"} and 0 < fix["last_layer_init_scale"] <= 1 / 30  # initialised 300x


@pytest.mark.parametrize("name", ["cnn-adam-summed-loss", "charlm-gru-summed-token-loss",
                                  "fixcheck/contrast-mlp-sgdm-summed-loss", "fixcheck/moe-softmax-sgdm-summed-ce"])
def test_losses_summed_over_the_batch_are_still_told_to_average(name: str) -> None:
    """Look-alikes: a contrastive MLP and a mixture of experts whose summed training loss stood 64x and 66x above their
    mean validation losses at the first evaluation, and a CNN and a character LM whose validation loss was summed over
    the held-out set, 24x and 11x above the training loss."""
    assert initial_loss_fix(SAMPLES / f"{name}.csv") == {"reduction": "mean"}


def test_a_loss_described_as_summed_keeps_the_summed_reading_whatever_its_evaluations() -> None:
    """The head run again, its loss described as summed over the batch: the description outweighs the evaluations (an
    uncertainty-weighted multi-task loss summed over the batch learns weights that take its sum back to the
    per-example scale)."""
    fix = initial_loss_fix(SAMPLES / "cnn-sgdm-last-layer-x300.csv", loss_fn="cross_entropy(reduction='sum')")
    assert fix == {"reduction": "mean"}
