"""Readings fixed after the fresh105 half of bench/fixcheck_runs.py (a Gabor-filter CNN, a FastGRNN, a
product-network-in-network and a log-series likelihood MLP) was measured once, held out (session 56): each run was
trained by that bench and labelled by its counterfactual (tests/data/fixcheck/README.md)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from sample_runs import TEST_FIXCHECK

import lrdoctor


def warned(path: Path) -> set[str]:
    return {f.rule for f in lrdoctor.analyze(path).findings if f.severity != "info"}


def test_a_noisy_start_whose_held_out_loss_keeps_falling_is_no_blow_up() -> None:
    """A log-series likelihood MLP at Adam 3e-3 under a cosine decay (healthy: within 1% of its lr grid's best): its
    heavy-tailed batch NLLs went 1.26 -> 2.18 within 5 steps, and its loss never fell below 61% of that low first batch,
    while the held-out NLL fell from 1.20 to 0.98 over its 16 evaluations. Read as blown up and barely learning, it was
    told to lower the lr 10x and retrained 20% worse."""
    assert "lr-too-high" not in warned(TEST_FIXCHECK / "logseries-adam-cosine-eval25.csv")


def test_the_same_start_with_a_held_out_loss_that_stopped_is_a_blow_up(tmp_path: Path) -> None:
    """The look-alike: the same log with every evaluation after the first held at the first one's level, as a run
    blown up at its start and stuck there scores its held-out set."""
    shutil.copy(TEST_FIXCHECK / "logseries-adam-cosine-eval25.json", tmp_path / "run.json")
    frame = pd.read_csv(TEST_FIXCHECK / "logseries-adam-cosine-eval25.csv")
    evaluated = frame.index[frame["val_loss"].notna()]
    frame.loc[evaluated, "val_loss"] = float(frame.loc[evaluated[0], "val_loss"])
    frame.to_csv(tmp_path / "run.csv", index=False)
    assert "lr-too-high" in warned(tmp_path / "run.csv")


def test_a_small_blow_up_the_run_never_came_back_from_is_still_read() -> None:
    """A skew-normal likelihood MLP at SGD-momentum 0.1 without clipping (clipping beats it): its NLL rose x1.68 in its
    first steps and sat near 1.6 after, the held-out NLL flat within 2%: a rise short of a clear blow-up, read because
    nothing improved after it."""
    assert "lr-too-high" in warned(TEST_FIXCHECK / "skewnormal-sgdm-lr-0p1-no-clip.csv")


def test_a_loss_that_sat_at_chance_then_fell_and_still_falls_is_a_low_lr() -> None:
    """A Gabor-filter CNN at Adam 1e-3, 10x below its best lr, logged every 3 steps: its loss sat at ln 4 for its
    first 120 steps, then fell and still fell clearly over its last quarter (4.6 noise units of its quarter levels),
    where the trend of its noisy batch losses could not show it. Given nothing; the 10x raise it is told now retrains
    to its lr grid's best (0.80 -> 0.66)."""
    findings = [f for f in lrdoctor.analyze(TEST_FIXCHECK / "gabor-adam-lr-1e-3-10x-low-log3.csv").findings
                if f.rule == "lr-too-low"]
    assert len(findings) == 1 and findings[0].lr is not None
    assert 0.005 <= findings[0].lr.lr <= 0.02


def test_a_chance_plateau_left_under_a_cut_lr_is_no_low_lr() -> None:
    """The look-alike: an FSMN keyword spotter at Adam 3e-3 whose lr was cut x10 at step 21 sat at ln 5 as long and
    still fell clearly at its end: a decayed lr is premature-decay's, not a low lr's."""
    rules = warned(TEST_FIXCHECK / "fsmn-adam-multistep-x0p1-at-5pct.csv")
    assert "premature-decay" in rules and "lr-too-low" not in rules
