"""Readings fixed in session 39, on runs of the fix-check halves of bench/fixcheck_runs.py (trained by that bench, the
fault confirmed by its counterfactual, or labelled healthy; tests/data/fixcheck)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sample_runs import warned

import lrdoctor

DATA = Path(__file__).resolve().parents[1] / "data" / "fixcheck"


def test_a_per_epoch_blow_up_still_coming_down_to_chance_is_lr_too_high(tmp_path: Path) -> None:
    """A Legendre Memory Unit at Adam 1 logged per epoch: its first epoch's mean 20.0, then down to 1.41 by its ninth,
    within 2% of ln 4, its accuracies at chance (0.24-0.28) in every epoch. Its later epochs were not all at chance yet,
    and nothing was said; a hundredth of its lr is its grid's best (held-out 0.86 against 1.39). Its look-alikes stay
    silent: the same log whose last epoch's accuracy left chance (a model that started to learn), and one whose
    validation accuracy did."""
    path = DATA / "lmu-adam-lr-1-per-epoch.csv"
    (hit,) = [f for f in lrdoctor.analyze(path).findings if f.rule == "lr-too-high"]
    assert "its last epoch the lowest" in hit.message and "ln 4" in hit.message
    assert hit.fix == {"lr_factor": 0.01}
    log = pd.read_csv(path)
    for column in ("accuracy", "val_accuracy"):
        learning = log.copy()
        learning.loc[len(log) - 1, column] = 0.45
        learning_path = tmp_path / f"{column}-left-chance.csv"
        learning.to_csv(learning_path, index=False)
        assert "lr-too-high" not in warned(learning_path), column
    longer = pd.concat([log, log.iloc[[-1]].assign(epoch=len(log), loss=1.30)], ignore_index=True)
    below = tmp_path / "below-chance.csv"
    longer.to_csv(below, index=False)  # an epoch below chance (ln 4 less 6%): the model learned something
    assert "lr-too-high" not in warned(below)


def test_a_healthy_per_epoch_run_of_the_same_model_is_silent() -> None:
    """The same LMU at Adam 0.01 under a cosine decay, logged per epoch: it learns (accuracy 0.41 -> 0.67)."""
    assert warned(DATA / "lmu-adam-cosine-per-epoch.csv") == []
