"""lr-too-high from update ratios above the SGD band all along, in a run that still learned: a 2-layer GCN at SGD
lr 3, 30x its working lr, logged every 2nd step (a real run of bench/fixcheck_runs.py; sample_logs/fixcheck/
labels.toml has its counterfactual, lr 0.1: +32%). Its loss falls and flattens early, with no divergence and no
spikes to read; only its steps, 0.065 of the weights' norm at the median, say the lr is too high. Retrained at
the lr advised here (bench/fix_check.py) its held-out loss is 0.99x that of the best lr of a 4-decade grid (0.3)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import lrdoctor
from lrdoctor.optim import update_band

RUNS = Path(__file__).resolve().parents[2] / "sample_logs" / "fixcheck"
GCN = RUNS / "graph-gcn-sgd-lr-3-30x-from-step-1-log2.csv"
MIXER = RUNS / "mixer-sgd-constant-log10.csv"  # healthy: SGD with ratios high in the band, below its top


def test_steps_above_the_band_all_along_are_too_high() -> None:
    report = lrdoctor.analyze(GCN)
    (found,) = [f for f in report.findings if f.rule == "lr-too-high"]
    assert found.evidence["update_ratio_median"] > update_band("sgd")[1]
    assert 0.15 < found.fix["lr"] < 0.6  # the grid's best, 0.3, within 2x
    assert {f.rule for f in report.findings} == {"lr-too-high"}  # its early flat stretch is the lr's doing


def test_steps_high_in_the_band_are_healthy() -> None:
    """An MLP-Mixer at a constant SGD lr whose lr / or x sqrt(10) both end worse: its median ratio sits at 3/4 of
    the band's top, where the steepest healthy SGD runs are."""
    median = float(pd.read_csv(MIXER)["update_ratio"].median())
    assert 0.5 * update_band("sgd")[1] < median < update_band("sgd")[1]
    assert "lr-too-high" not in {f.rule for f in lrdoctor.analyze(MIXER).findings}
