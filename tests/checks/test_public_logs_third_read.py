"""Readings fixed after a third blind read of public training logs written by other people (session 33: 9 logs, labelled
from their numbers before lrdoctor read them). Each test is on a real run of this repository (sample_logs) that shows
what the public log showed. The public logs are not shipped."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample_runs import signals

import lrdoctor
from lrdoctor.checks import premature_decay

SAMPLES = Path(__file__).resolve().parents[2] / "sample_logs"
PLATEAU_RUN = SAMPLES / "per_epoch" / "keras-mlp-adam-reduce-on-plateau-lr-logged.csv"



def test_a_validation_loss_settled_after_a_reduce_on_plateau_cascade_is_not_still_falling() -> None:
    """An MLP under ReduceLROnPlateau(factor=0.2, patience=0) logged per epoch: cut x5 after epoch 5, then on down to
    1e-6, its validation loss 0.886 -> 0.8828 and within 0.01% over its last eight epochs. Read as an early cut, it was
    "still falling at the end" because its last third's median sat below the one before, by 9e-5, 2.4% of its fall since
    the cut (a public Keras U-Net under such a cascade was told to hold its lr so; 1.5% there). The labelled early cuts
    fell 24-41% there. Held at 1e-3 without the schedule, this run ends 3.6% worse (0.915)."""
    s = signals(PLATEAU_RUN)
    [cut] = s.lr_cuts
    assert premature_decay.early_cut_still_falling(s, cut, s.min_window_steps) is None
    assert [f.rule for f in lrdoctor.analyze(PLATEAU_RUN).findings if f.severity != "info"] == []


@pytest.mark.parametrize("name", ["cnp-adam-multistep-x0p1-at-5pct", "ftt-adam-multistep-x0p1-at-5pct",
                                  "maml-adam-multistep-x0p1-at-5pct"])
def test_runs_cut_early_whose_validation_loss_still_falls_are_still_found(name: str) -> None:
    """Look-alikes: MultiStepLR x0.1 at 5% of the run, the validation loss falling along the rest of it; the last third's
    fall 24-30% of the fall since the cut (labelled premature-decay: the same cut at 70% ends lower)."""
    assert "premature-decay" in {f.rule for f in lrdoctor.analyze(SAMPLES / "fixcheck" / f"{name}.csv").findings}
