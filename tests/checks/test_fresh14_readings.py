"""Readings fixed after the fresh14 half of bench/fixcheck_runs.py (LoRA adapters on a frozen pretrained MLP, a
hypernetwork, a Perceiver and a Koopman autoencoder) was measured once, held out (session 19): each run was trained by
that bench, its fault confirmed by its counterfactual, or labelled healthy."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

import lrdoctor

RUNS = Path(__file__).resolve().parents[2] / "sample_logs" / "fixcheck"


def rules(name: str | Path) -> set[str]:
    return {f.rule for f in lrdoctor.analyze(name if isinstance(name, Path) else RUNS / name).findings
            if f.severity != "info"}


def test_a_head_far_too_large_explains_the_gradient_jumps_it_causes() -> None:
    """A hypernetwork whose head was initialised 300x: its head's first update ratio sat 37x below the other layers'
    (under 100x, the bar before), and its gradient norm jumped 124x from step 97 on. Clipping at the norms before the
    jumps, advised by exploding-gradients, retrained twice as bad (159 -> 323); the init alone trained it (0.38)."""
    assert rules("hyper-adam-head-x300.csv") == {"wrong-initial-loss"}


def test_a_fine_tune_that_starts_trained_is_not_told_to_raise_its_small_lr() -> None:
    """A Perceiver fine-tuned at Adam 1e-4 from 0.83 (ln 5 = 1.61): its validation loss crept 2.4% over 10 evaluations.
    lr-too-low's raise to 3.2e-3 retrained 6.5% worse; the best lr of a 4-decade grid is only 2.3% better than the run's."""
    assert "lr-too-low" not in rules("perceiver-adam-finetune-lr-1e-4.csv")


def test_a_pretrained_body_under_a_new_head_at_chance_is_no_fine_tune_for_lr_too_low() -> None:
    """LoRA adapters on a frozen pretrained MLP with a new 6-class head start at or above ln 6: that run has everything
    to learn. At Adadelta 0.01, 100x below its best lr, the loss crept 2.05 -> 1.73 with steps 18x below where healthy
    runs sit (missed: the metadata's 'pretrained' exempted it); at Adam 1e-5, 300x low, it is still found."""
    report = lrdoctor.analyze(RUNS / "lora-adadelta-lr-0p01-100x-low-log4.csv")
    assert "lr-too-low" in {f.rule for f in report.findings if f.severity == "warning"}
    assert report.recommendation is not None and report.recommendation.lr > 0.01 * 10
    assert "lr-too-low" in rules("lora-adam-lr-1e-5-300x-low.csv")


def test_a_nan_at_step_12_after_ten_bouncing_steps_is_a_blow_up_from_the_start() -> None:
    """A Koopman autoencoder at SGD 0.3: its loss bounced 0.6-1.3 for 10 steps with update ratios up to 0.5 and turned NaN
    at step 12, just past the old 10-step bar: only non-finite-loss spoke, with a third of the lr (0.1), which retrained
    NaN again. No step was stable: lr-too-high speaks, with a tenth, the best lr of its grid."""
    report = lrdoctor.analyze(RUNS / "koopman-sgd-lr-0p3-overflows-nan.csv")
    assert "lr-too-high" in {f.rule for f in report.findings}
    assert report.recommendation is not None and abs(report.recommendation.lr - 0.03) < 1e-3


def test_a_late_climb_after_a_start_far_beyond_the_band_lowers_the_lr_by_the_first_step() -> None:
    """A hypernetwork at Adam 0.1: its first step moved the weights 1.6x their norm and the loss jumped x150 at step 2;
    it recovered to 0.37 and climbed back late. Divergence's third of the lr (0.033) retrained 4.4x its grid's best
    (3.2e-3); the first step aimed at the top of the band gives 1.9e-3 (1.3x)."""
    report = lrdoctor.analyze(RUNS / "hyper-adam-lr-0p1-collapses-to-mean.csv")
    assert report.recommendation is not None and 1e-3 < report.recommendation.lr < 3.2e-3


def test_a_start_thrown_a_thousandfold_by_a_first_step_beyond_the_band_is_aimed_by_that_step() -> None:
    """A Koopman autoencoder at Adam 0.1 (30x its best lr): first step 0.78 of the weights' norm, the loss x1,190 at step 2;
    it recovered and ended 47x above the run at its best lr. The lr aimed by the first step is 3.8e-3, by its
    counterfactual's 3e-3: the recommendation. A step that size is one a warmup tames, so missing-warmup speaks beside
    it (its label allows it), and the recommendation carries its warmup: retrained with both, 0.044 -> 0.00077. The
    warmup alone is a lottery that far above the best lr: the 9-step one missing-warmup once advised retrained 18% worse,
    74 steps (15% of the run) 24x worse, 75 steps 2.3x better."""
    report = lrdoctor.analyze(RUNS / "koopman-adam-lr-0p1-30x-from-step-1.csv")
    assert {f.rule for f in report.findings if f.severity != "info"} == {"lr-too-high", "missing-warmup"}
    assert report.recommendation is not None and 2e-3 < report.recommendation.lr < 6e-3
    assert report.recommendation.warmup_steps is not None


def test_a_missing_warmup_whose_start_jumped_a_few_times_stays_a_missing_warmup() -> None:
    """The look-alike: a GELU regression MLP at Adam without warmup, its first step beyond the band too, jumped 6.5x:
    a warmup fixes it (its counterfactual), so missing-warmup speaks, not this reading."""
    assert "missing-warmup" in rules(RUNS.parent / "regression-gelu-adam-no-warmup.csv")


def test_the_same_thousandfold_jump_after_a_first_step_inside_the_band_is_not_this_reading(tmp_path: Path) -> None:
    """The Koopman log with its update ratios scaled 100x down (the first step inside the first-step band): a start
    thrown that far by steps that small is not shown to be the lr, so this reading stays silent."""
    df = pd.read_csv(RUNS / "koopman-adam-lr-0p1-30x-from-step-1.csv")
    ratio_columns = [c for c in df.columns if c == "update_ratio" or c.startswith("update_ratio/")]
    df[ratio_columns] = df[ratio_columns] / 100
    df.to_csv(tmp_path / "run.csv", index=False)
    meta = json.loads((RUNS / "koopman-adam-lr-0p1-30x-from-step-1.json").read_text())
    (tmp_path / "run.json").write_text(json.dumps(meta))
    report = lrdoctor.analyze(tmp_path / "run.csv", select=["lr-too-high"])
    assert all("threw the model at the start" not in f.message for f in report.findings)
