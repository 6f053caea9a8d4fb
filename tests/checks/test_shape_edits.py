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
    would still say too low, whatever the curve, and so would the validation loss's own straight creep:
    they are dropped here.)"""
    df, meta = sample("mlp-adam-lr-too-low")
    df = df.drop(columns=[c for c in df if c.startswith(("update_ratio", "val_"))])  # judged by the training curve alone
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


def test_one_early_hard_batch_is_not_a_missing_warmup() -> None:
    """Adam at full lr from step 1: a single spike at 10% of the run that stays below the initial loss
    is a hard batch, and so is one clearly above where the run started that the loss leaves at once (a healthy Fourier
    operator at Adam 0.03 spiked to 5x its start at step 5 and was back below it at step 6; retrained with a warmup it
    ended 3x worse, fresh19); a setback clearly above the start that lasts is the warmup signature, when the first step
    moved the weights more than a regular step does (this run's first Adam step at 3e-4 moved them 0.008 of their norm:
    raised to 0.3, as at an lr 36x higher; at 0.008 a warmup would shrink nothing, and the rule stays silent)."""
    df, meta = sample("mlp-adam-overfit-small-train")
    i = int(df["step"].searchsorted(df["step"].iloc[0] + 0.1 * (df["step"].iloc[-1] - df["step"].iloc[0])))
    below, above, lasting = df.copy(), df.copy(), df.copy()
    below.loc[i, "loss"] *= 3
    above.loc[i, "loss"] = 3 * df["loss"].iloc[0]
    lasting.loc[i : i + 2, "loss"] = 3 * df["loss"].iloc[0]
    assert below.loc[i, "loss"] < df["loss"].iloc[0]
    assert "missing-warmup" not in rules_fired(below, meta)
    grazing = df.copy()
    grazing.loc[i, "loss"] = 1.2 * df["loss"].iloc[0]  # above the start, but by less than a spike's height
    assert "missing-warmup" not in rules_fired(grazing, meta)
    assert "missing-warmup" not in rules_fired(above, meta)
    assert "missing-warmup" not in rules_fired(lasting, meta)
    lasting.loc[0, "update_ratio"] = 0.3
    assert "missing-warmup" in rules_fired(lasting, meta)


def test_late_gradient_jumps_with_a_calm_loss_do_not_hide_a_missing_warmup() -> None:
    """...and under Adam, which normalises each step, jumps the loss does not feel are no explosion."""
    df, meta = sample("regression-gelu-adam-no-warmup")
    steps = df["step"]
    for share in (0.3, 0.5, 0.7, 0.9):
        i = int(steps.searchsorted(steps.iloc[0] + share * (steps.iloc[-1] - steps.iloc[0])))
        df.loc[i, "grad_norm"] *= 50
    fired = rules_fired(df, meta)
    assert "missing-warmup" in fired and "exploding-gradients" not in fired


def test_gradient_jumps_the_loss_feels_are_an_explosion_under_adam_too() -> None:
    """Jumps whose batch's loss spiked with them and stayed up after them (the step threw the model) are an explosion
    under Adam too; jumps whose batch alone spiked, the loss back at its level at the next point, are hard batches, whose
    gradient Adam divides by its own running size (a healthy GEV regressor's, fresh61)."""
    df, meta = sample("regression-gelu-adam-no-warmup")
    steps = df["step"]
    thrown, hard = df.copy(), df.copy()
    for share in (0.3, 0.5, 0.7, 0.9):
        i = int(steps.searchsorted(steps.iloc[0] + share * (steps.iloc[-1] - steps.iloc[0])))
        for edited in (thrown, hard):
            edited.loc[i, "grad_norm"] *= 50
            edited.loc[i, "loss"] *= 20
        thrown.loc[i + 1, "loss"] *= 20
    assert analyze(thrown, meta=meta, select=["exploding-gradients"]).findings  # (in the full report lr-too-high explains it)
    assert not analyze(hard, meta=meta, select=["exploding-gradients"]).findings


def test_a_short_dip_then_back_to_the_start_is_divergence() -> None:
    """The loss falls for the first 10% of a constant-lr run, then goes back to its initial level for
    good (units died, the lr threw it out of the valley): a V a few points wide, then a climb."""
    df, meta = sample("regression-adam-constant-converging")
    df = df.drop(columns=[c for c in df if c.startswith("val")])
    loss = df["loss"].to_numpy().copy()
    x = (df["step"] - df["step"].iloc[0]) / (df["step"].iloc[-1] - df["step"].iloc[0])
    back = x.to_numpy() > 0.1
    loss[back] = np.median(loss[:5]) * loss[back] / np.median(loss[back])  # the start's level, the run's own noise
    assert "lr-too-high" in rules_fired(df.assign(loss=loss), meta)


def test_a_low_first_loss_is_a_leak_unless_the_run_says_it_is_a_fine_tune() -> None:
    df, meta = sample("charlm-tied-gru-target-leak")
    assert "wrong-initial-loss" in rules_fired(df, meta)
    assert "wrong-initial-loss" not in rules_fired(df, {**meta, "pretrained": True})
    assert "wrong-initial-loss" in rules_fired(df, {**meta, "pretrained": False})


def test_a_pretrained_run_is_still_checked_for_a_first_loss_far_above_ln_c() -> None:
    df, meta = sample("mlp-sgdm-last-layer-x50")
    assert "wrong-initial-loss" in rules_fired(df, {**meta, "pretrained": True})


def test_a_stretch_of_easy_batches_is_not_divergence_when_the_validation_loss_stays_level() -> None:
    """The training loss drops 5x for 15% of the run (easy batches), then returns to its level; the
    evaluations never move. Without them, the training loss alone looks like a climb from a minimum."""
    df, meta = sample("regression-adam-constant-converging")
    x = ((df["step"] - df["step"].iloc[0]) / (df["step"].iloc[-1] - df["step"].iloc[0])).to_numpy()
    easy = df.assign(loss=np.where((x > 0.55) & (x < 0.7), 0.2 * df["loss"], df["loss"]))
    assert "lr-too-high" not in rules_fired(easy, meta)
    assert "lr-too-high" in rules_fired(easy.drop(columns=[c for c in easy if c.startswith("val")]), meta)


def test_a_validation_loss_that_turns_non_finite_does_not_vouch_for_the_run() -> None:
    """The held-out cross-check needs finite evaluations: NaN ones after the minimum are no evidence."""
    df, meta = sample("regression-adam-constant-converging")
    x = ((df["step"] - df["step"].iloc[0]) / (df["step"].iloc[-1] - df["step"].iloc[0])).to_numpy()
    easy = df.assign(loss=np.where((x > 0.55) & (x < 0.7), 0.2 * df["loss"], df["loss"]))
    broken = easy.assign(val_loss=np.where(x > 0.7, np.nan, easy["val_loss"]))
    broken.loc[broken["val_loss"].isna() & easy["val_loss"].notna(), "val_loss"] = np.inf
    assert "lr-too-high" in rules_fired(broken, meta)
