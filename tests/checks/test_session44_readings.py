"""Readings fixed in session 44, on real training runs of the fix-check halves kept in tests/data/fixcheck: the lr that
blew up a model whose weights start tiny is not aimed by its first step; a loss that climbed at steps far smaller than
a healthy run's did not diverge; a start settled by a schedule that spent the lr wants no warmup."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import lrdoctor
from sample_runs import TEST_FIXCHECK as DATA
from sample_runs import one_lr

BLOWN = DATA / "glove-adam-lr-1.csv"
THROWN = DATA / "glove-adagrad-lr-3-10x-log2.csv"
HEALTHY = DATA / "glove-adam-cosine-log2.csv"
CREPT = DATA / "dino-adam-lr-3e-5-100x-low.csv"
CUT = DATA / "dino-adam-multistep-x0p1-at-5pct.csv"


@pytest.mark.parametrize(("run", "lr"), [(BLOWN, 1.0), (THROWN, 3.0)])
def test_a_blow_up_from_tiny_weights_lowers_the_lr_by_the_divisor(run: Path, lr: float) -> None:
    """GloVe vectors (word and context vectors initialised at a root mean square of 0.018, meant to grow 25x) at Adam 1,
    blown up and never back below their start, and at Adagrad 3, thrown 200x within 10 steps (fresh67): their first
    steps, 41 and 120 times the weights' norm, aimed into the Adam band told both 0.00074, 53x and 106x their grids'
    best held-out loss (best lrs 0.01 and 0.095). Now a tenth of the lr: 0.1 and 0.3, 1.41x and 1.21x the best."""
    report = lrdoctor.analyze(run)
    assert [f.rule for f in report.findings] == ["lr-too-high"]
    assert one_lr(report) == pytest.approx(lr / 10)


def test_the_same_blow_up_from_weights_of_a_usual_scale_is_aimed_by_its_first_step(tmp_path: Path) -> None:
    """The look-alike: the same log with a sidecar stating a quarter of the parameters, so the weights' first norm
    reads as a root mean square of 0.035, a usual init: the first step, 41x the weights' norm, aims the lr into the
    band as before, far below a tenth."""
    meta = json.loads(BLOWN.with_suffix(".json").read_text())
    meta["num_params"] //= 4
    path = tmp_path / BLOWN.name
    path.write_bytes(BLOWN.read_bytes())
    path.with_suffix(".json").write_text(json.dumps(meta))
    assert one_lr(lrdoctor.analyze(path)) < 1.0 / 100


def test_a_healthy_run_of_the_same_tiny_weights_is_silent() -> None:
    """A healthy GloVe run at Adam 0.03 under cosine (its first step 1.2x the weights' norm, beyond the band, as tiny
    weights make it): no finding."""
    assert lrdoctor.analyze(HEALTHY).findings == []


def test_a_climb_at_steps_far_below_a_healthy_runs_is_no_divergence() -> None:
    """A DINO-like self-distillation at Adam 3e-5, 100x below its best lr (fresh68): its first step moved the weights by
    3.3e-4 of their norm and its steps over the run by a median 2.8e-4, 18x below where healthy Adam runs sit; its loss
    rose from 3.86 at step 1 to 5.3 as its teacher sharpened and came back to 4.5, while the validation loss fell at each
    of its 10 evaluations. It was told that the loss diverged and a third of its lr, which retrained 4.9x its grid's
    best. Now lr-too-high is silent."""
    assert not [f for f in lrdoctor.analyze(CREPT).findings if f.rule == "lr-too-high"]


@pytest.mark.parametrize("rows", ["all", "first"])
def test_the_same_climb_at_larger_steps_is_divergence(tmp_path: Path, rows: str) -> None:
    """The look-alikes: the same log with every update ratio x30 (steps above a healthy run's), or with only its first
    one x30 (an lr large against the weights as they started, whose later steps look small only against the weights it
    inflated): the climb from step 1 is read as divergence, as before."""
    log = pd.read_csv(CREPT)
    logged = log["update_ratio"].notna()
    log.loc[logged if rows == "all" else logged & (log["step"] == log["step"].min()), "update_ratio"] *= 30
    path = tmp_path / CREPT.name
    log.to_csv(path, index=False)
    path.with_suffix(".json").write_bytes(CREPT.with_suffix(".json").read_bytes())
    (hit,) = [f for f in lrdoctor.analyze(path).findings if f.rule == "lr-too-high"]
    assert hit.step_start == 1 and "diverged" in hit.message


def test_a_start_settled_by_a_premature_cut_gets_no_warmup() -> None:
    """A DINO-like self-distillation at Adam 3e-3 whose MultiStepLR cut the lr tenfold at step 21 of 400 (fresh68): its
    loss rose from the first step as its teacher sharpened, then settled at the cut lr. missing-warmup advised a 59-step
    warmup beside premature-decay's later decay; retrained, the warmup ended 10% worse (2.02 -> 2.22), the later decay
    49% better. Now only premature-decay speaks."""
    assert [f.rule for f in lrdoctor.analyze(CUT).findings] == ["premature-decay"]


def test_the_same_start_under_a_milder_cut_still_gets_the_warmup(tmp_path: Path) -> None:
    """The look-alike: the same log with the cut to 0.3 of the peak, not a tenth: the lr was not spent, and the unstable
    start is missing-warmup's as before."""
    log = pd.read_csv(CUT)
    log.loc[log["lr"] < log["lr"].max() / 2, "lr"] *= 3
    path = tmp_path / CUT.name
    log.to_csv(path, index=False)
    path.with_suffix(".json").write_bytes(CUT.with_suffix(".json").read_bytes())
    rules = [f.rule for f in lrdoctor.analyze(path).findings]
    assert "missing-warmup" in rules and "premature-decay" in rules
