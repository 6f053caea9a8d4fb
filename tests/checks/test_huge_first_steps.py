"""lr-too-high when an adaptive optimizer's first step is as large as the weights, in a run that still comes
down from it: two real runs of bench/fixcheck_runs.py at 30x and 150x their working lr (sample_logs/fixcheck/
labels.toml has their counterfactuals). Retrained by bench/fix_check.py at the lr advised here, the GCN ends at
0.98x and the contrastive encoder at 1.05x the held-out loss of the best lr of a 4-decade grid (1.144 -> 0.601,
1.066 -> 0.849)."""

from __future__ import annotations

from pathlib import Path

import pytest

import lrdoctor

RUNS = Path(__file__).resolve().parents[2] / "sample_logs" / "fixcheck"
GCN = RUNS / "graph-gcn-adam-lr-0p5-150x-from-step-1.csv"  # Adam 0.5: the loss climbs x5, then learns to a worse end
CONTRAST = RUNS / "contrast-mlp-adam-lr-0p1-30x-from-step-1.csv"  # Adam 0.1: no climb beyond the noise at all


@pytest.mark.parametrize(("path", "lr", "best"), [(GCN, 0.5, 0.005), (CONTRAST, 0.1, 0.01)])
def test_a_first_step_as_large_as_the_weights_is_too_high(path: Path, lr: float, best: float) -> None:
    report = lrdoctor.analyze(path)
    (found,) = [f for f in report.findings if f.rule == "lr-too-high"]
    assert found.step_start == 1
    assert "as large as the weights" in found.message
    assert found.evidence["first_update_ratio"] > 0.9
    assert found.fix["lr"] < lr / 30  # the run's lr was 30x and 150x its working one
    assert best / 5 < found.fix["lr"] < best  # the grid's best within 5x, not merely "lower"
    assert report.recommendation is not None and report.recommendation.lr == found.fix["lr"]
    assert "plateau" not in {f.rule for f in report.findings}  # its early flat stretch is this lr's doing


def test_an_rmsprop_first_step_is_read_as_ten_adam_steps() -> None:
    """RMSprop divides its first step by sqrt(1 - alpha) |g|: 10x an Adam step at the same lr. The same first
    ratio (1.2) read as RMSprop's is an lr 10x smaller, no longer as large as the weights."""
    assert "lr-too-high" not in {f.rule for f in lrdoctor.analyze(CONTRAST, meta={"optimizer": "RMSprop"}).findings}
    alpha_09 = {"optimizer": "RMSprop", "optimizer_params": {"alpha": 0.9}}  # sqrt(0.1): 3.2x, 0.38 read as Adam's
    assert "lr-too-high" not in {f.rule for f in lrdoctor.analyze(CONTRAST, meta=alpha_09).findings}
