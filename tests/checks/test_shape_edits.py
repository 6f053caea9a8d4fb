"""Real sample curves edited in one respect that changes what a rule must say about them."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from sample_runs import all_runs

from lrdoctor import analyze


def sample(name: str) -> tuple[pd.DataFrame, dict]:
    run = next(r for r in all_runs() if r.name == name)
    return pd.read_csv(run.path), json.loads(run.path.with_suffix(".json").read_text())


def rules_fired(df: pd.DataFrame, meta: dict) -> set[str]:
    return {f.rule for f in analyze(df, meta=meta).findings if f.severity in ("error", "warning")}


def test_a_crawl_that_first_climbs_is_not_a_too_low_lr() -> None:
    """lr-too-low reads a straight creep; a loss that rises over its first quarter (blow-ups, a
    relapse) and only then creeps down is something else. (Update ratios below the optimizer's band
    would still say too low, whatever the curve: they are dropped here.)"""
    df, meta = sample("mlp-adam-lr-too-low")
    df = df.drop(columns=[c for c in df if c.startswith("update_ratio")])  # judged by the curve alone
    assert "lr-too-low" in rules_fired(df, meta)
    steps = df["step"].to_numpy(dtype=float)
    x = (steps - steps[0]) / (steps[-1] - steps[0])
    bump = np.interp(x, [0.0, 0.25, 0.5, 1.0], [0.0, 1.0, 0.0, 0.0])  # climbs over the first quarter, back by mid-run
    climbed = df.assign(loss=df["loss"] * np.exp(0.3 * bump))
    assert "lr-too-low" not in rules_fired(climbed, meta)


@pytest.mark.parametrize("seed", range(4))
def test_heavy_batch_noise_on_a_converged_run_is_not_a_bouncing_lr(seed: int) -> None:
    """A loss near zero jumps by large factors from batch to batch (log-noise ~0.8 here); at a constant
    lr, a level a crumb above the luckiest dip before it is convergence, not steps too large."""
    df, meta = sample("regression-sgdm-constant-log10")
    noisy = df.assign(loss=df["loss"] * np.exp(np.random.default_rng(seed).normal(0.0, 0.8, len(df))))
    assert "lr-too-high" not in rules_fired(noisy, meta)
