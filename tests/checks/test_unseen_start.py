"""plateau's "the model learned nothing" needs a log that saw the start of training. A public Fashion-MNIST classifier
trained with Lightning (session 29's audit of logs written by other people) logged its loss every 50 steps: 0.87 at
step 49, then noisy around 0.6 for the rest of its one epoch, with a validation accuracy of 0.83 among 10 classes. It
was told its loss "never got below where it started ... The model learned nothing": the learning had happened before
its first row."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sample_runs import edited_run

import lrdoctor

SAMPLES = Path(__file__).resolve().parents[2] / "sample_logs"


def from_step_50_every_25(frame: pd.DataFrame) -> pd.DataFrame:
    """The run as a logger that first writes at step 50 and then every 25 steps would have it (its evaluations kept)."""
    kept = (frame["step"] >= 50) & ((frame["step"] % 25 == 0) | frame["val_loss"].notna())
    return frame.loc[kept, ["step", "epoch", "loss", "lr", "val_loss"]]


def test_a_log_that_starts_after_the_model_learned_is_not_told_it_learned_nothing(tmp_path: Path) -> None:
    """A healthy GCN under RMSprop one-cycle (1.62 at step 1, 0.86 at step 50, noisy around 0.45 after): logged from step
    50 on, its first row is already trained."""
    report = lrdoctor.analyze(edited_run(tmp_path, "graph-gcn-rmsprop-onecycle", from_step_50_every_25))
    assert not [f for f in report.findings if "learned nothing" in f.message]
    assert not [f for f in report.findings if f.severity in ("warning", "error")]


def test_a_log_from_the_first_step_that_never_moved_still_learned_nothing() -> None:
    """The look-alike: a deep MLP under SGD whose init killed its gradients, logged from its first step, its loss flat
    at its start for the whole run, keeps the finding."""
    report = lrdoctor.analyze(SAMPLES / "deep-mlp-sgd-dead-init-plateau.csv")
    assert any(f.rule == "plateau" and "learned nothing" in f.message for f in report.findings)
