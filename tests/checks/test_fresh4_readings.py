"""Readings fixed after the fresh4 half of bench/fixcheck_runs.py was measured once, held out (session 8): runs
of four families none of the other halves has (skip-gram with negative sampling, a BERT-style masked LM, a VAE,
a detection CNN), copied into sample_logs/fixcheck with their counterfactual labels. Each faulty run is found,
each healthy look-alike stays silent."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

import lrdoctor

RUNS = Path(__file__).resolve().parents[2] / "sample_logs" / "fixcheck"


def rules_of(name: str, loud: bool = True) -> set[str]:
    findings = lrdoctor.analyze(RUNS / f"{name}.csv").findings
    return {f.rule for f in findings if not loud or f.severity != "info"}


def test_a_negative_sampling_loss_summed_over_the_batch_is_a_wrong_initial_loss() -> None:
    """Skip-gram with 5 negatives starts each pair at (1 + 5) ln 2 = 4.16; summed over a batch of 128: 532
    (the mean loss trains, +counterfactual in labels.toml)."""
    report = lrdoctor.analyze(RUNS / "sgns-sgd-summed-loss.csv")
    found = next(f for f in report.findings if f.rule == "wrong-initial-loss")
    assert found.fix == {"reduction": "mean"}
    assert found.evidence["summed_over"] == 128
    assert "(1 + k) ln 2" in found.message


def test_a_healthy_skip_gram_run_starts_where_negative_sampling_says_and_its_early_climb_is_no_explosion() -> None:
    """Its first loss is 6 ln 2; its tiny embeddings grow 15x and the gradient norm climbs 10x from the first one
    while the loss falls: learning from a small init, not a wreck."""
    negatives = json.loads((RUNS / "sgns-sgd-linear-decay-to-zero.json").read_text())["negatives"]
    first_loss = float(pd.read_csv(RUNS / "sgns-sgd-linear-decay-to-zero.csv")["loss"].iloc[0])
    assert first_loss == pytest.approx((1 + negatives) * math.log(2), rel=0.01)
    report = lrdoctor.analyze(RUNS / "sgns-sgd-linear-decay-to-zero.csv")
    assert "wrong-initial-loss" in report.checked  # "negative sampling: BCE ... 1 positive + 5 negatives" is read
    assert not [f for f in report.findings if f.severity != "info"]


def test_a_masked_language_model_task_is_a_classification_over_its_vocabulary() -> None:
    """task 'masked_language_model', vocabulary 24: a head initialised 300x too large starts at 160 x ln 24. The loss
    averages over the masked positions, so the multiple is no sum: the head's init is the fix."""
    found = next(f for f in lrdoctor.analyze(RUNS / "mlm-postln-adam-head-x300.csv").findings if f.rule == "wrong-initial-loss")
    assert "last_layer_init_scale" in found.fix


def test_a_loss_of_several_terms_has_no_one_expected_start() -> None:
    """A VAE's 'BCE summed over the pixels + beta KL': not a binary classification's ln 2 per term."""
    report = lrdoctor.analyze(RUNS / "vae-mlp-adam-kl-annealing-log2.csv")
    assert "wrong-initial-loss" in report.not_checked
    assert not [f for f in report.findings if f.severity != "info"]


def test_a_binary_cross_entropy_is_held_to_ln_2_only_in_a_classification() -> None:
    """A multi-label tagger whose head was initialised 300x too large starts far above ln 2 per label; told that its
    task is ranking (a BCE over scores, not labels), the loss has no start to hold it to: the head is still found, by
    its layers' first update ratios alone."""
    path = RUNS / "multilabel-bag-sgdm-head-x300.csv"
    (by_loss,) = [f for f in lrdoctor.analyze(path).findings if f.rule == "wrong-initial-loss"]
    assert "expected_loss" in by_loss.evidence
    report = lrdoctor.analyze(path, meta={"task": "ranking"})
    (by_layers,) = [f for f in report.findings if f.rule == "wrong-initial-loss"]
    assert "expected_loss" not in by_layers.evidence and by_layers.evidence["layer_gap"] > 10


def test_update_ratios_at_the_peaks_of_a_cyclic_schedule_are_not_too_large_steps() -> None:
    """A clipped detection CNN at SGD with a cyclic lr up to 1: the median ratio at full lr sits just above the SGD
    band's top, as a cycle's peak is meant to."""
    assert not rules_of("detect-cnn-sgd-clipped-cyclic")


def test_steps_far_below_the_band_with_the_loss_still_falling_are_an_lr_too_low() -> None:
    """A masked LM at Adam 1e-4 (30x below its best): its curve bends, but it still falls at the end with a median
    update ratio 25x below where healthy Adam runs sit; the raise aims there (Adam 3e-3: +31% held out)."""
    report = lrdoctor.analyze(RUNS / "mlm-postln-adam-lr-1e-4-30x-low.csv")
    found = next(f for f in report.findings if f.rule == "lr-too-low")
    assert 1e-3 <= found.fix["lr"] <= 1e-2
    assert "never bends" not in found.message


def test_a_first_adam_step_as_large_as_tiny_embeddings_that_lowered_the_loss_is_not_too_high() -> None:
    """Skip-gram embeddings start near zero (norm 1.07 over 12,800 weights): Adam's first step at lr 0.03 moves them
    by 2.5x their norm and the loss falls from the start. Its fault is a plateau a decay helps (+5%); the lr cut
    the huge-first-step reading advised (lr / 80) ended worse when retrained."""
    report = lrdoctor.analyze(RUNS / "sgns-adam-lr-0p03-constant-plateau.csv")
    assert "lr-too-high" not in {f.rule for f in report.findings}
    assert "plateau" in {f.rule for f in report.findings}


def test_an_unstable_start_that_killed_units_is_no_missing_warmup() -> None:
    """A detection CNN at Adam 0.1: its first step is 2.5x the weights' norm, the loss climbs x130 and the ReLUs
    die by step 101 (the run sits at chance; Adam 3e-3 trains). The start did not settle: lr-too-high and dead-units
    speak, not a warmup to the same lr."""
    rules = rules_of("detect-cnn-adam-lr-0p1-dies-to-chance")
    assert {"lr-too-high", "dead-units"} <= rules and "missing-warmup" not in rules
