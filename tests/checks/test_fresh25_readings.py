"""Readings fixed after the fresh25 half of bench/fixcheck_runs.py (a REINFORCE contextual bandit, a CLIP-style dual
encoder, Deep SVDD and a Sinkhorn set decoder) was measured once, held out (session 29): each run was trained by that
bench, its label set by its counterfactual and its neighbours on an lr grid (sample_logs/fixcheck/labels.toml)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from sample_runs import FIXCHECK as RUNS
from sample_runs import edited_run

import lrdoctor
from lrdoctor.checks.lr_too_high import AT_CHANCE_DIVISOR


def alarms(path: Path) -> set[str]:
    return {f.rule for f in lrdoctor.analyze(path).findings if f.severity in ("warning", "error")}


def test_a_held_out_loss_that_ends_at_its_best_between_jumps_is_settling() -> None:
    """fresh25: a Deep SVDD at Adam 0.01 resumed with its optimizer state, healthy: after its loss stalled its held-out
    distance went 0.00108 -> 0.00099 with two jumps (0.0014, 0.0012) on the way, a jitter of x1.25 between evaluations.
    lr-too-high read the jumps as steps too large; told a tenth of the lr it retrained 28% worse."""
    assert "lr-too-high" not in alarms(RUNS / "svdd-adam-resumed-with-state.csv")


def test_a_held_out_loss_that_ends_above_its_stretch_still_jumps_for_the_lr(tmp_path: Path) -> None:
    """The look-alike: the same log with its last two evaluations moved up to the worst of the stretch: the held-out loss
    no longer ends at its best, and the jumps are the lr's again."""

    def worse_at_the_end(frame: pd.DataFrame) -> pd.DataFrame:
        evals = frame.index[frame["val_loss"].notna()]
        frame.loc[evals[-2:], "val_loss"] = [0.00144, 0.00131]
        return frame

    assert "lr-too-high" in alarms(edited_run(tmp_path, "svdd-adam-resumed-with-state", worse_at_the_end))


def test_a_climb_on_a_one_cycle_ramp_that_the_decay_undid_is_no_lr_too_high() -> None:
    """fresh25: a Deep SVDD under Nesterov one-cycle to a peak of 1, healthy: its loss climbed x3.7 past lr 0.32 and its
    held-out distance 0.0018 -> 0.015 at the top, then the decay brought both down, the held-out distance ending at
    0.00098, its best. Told a third of the lr at the turn, 0.11, it retrained 32% worse."""
    assert "lr-too-high" not in alarms(RUNS / "svdd-nesterov-onecycle.csv")


def test_a_climb_the_model_did_not_recover_from_is_still_an_lr_too_high(tmp_path: Path) -> None:
    """The look-alike: the same log with its held-out distance after the peak left at the climb's level (x3 its value
    before the turn): the climb did lasting harm, and lr-too-high still names the lr at the turn."""

    def never_recovered(frame: pd.DataFrame) -> pd.DataFrame:
        late = frame["val_loss"].notna() & (frame["step"] > 200)
        frame.loc[late, "val_loss"] = 0.0055
        return frame

    found = [f for f in lrdoctor.analyze(edited_run(tmp_path, "svdd-nesterov-onecycle", never_recovered)).findings
             if f.rule == "lr-too-high"]
    assert found and found[0].fix["lr"] < 0.32


def test_a_nan_right_after_a_first_step_far_beyond_the_band_is_the_lr() -> None:
    """fresh25: a Sinkhorn set decoder at Adam 1: its first update moved the weights 13.9x their norm (an Adam first step
    moves them 0.3x at most) and its loss was NaN by step 3. non-finite-loss read 'stable until then' and blamed the data
    ('make the loss safe', nothing to apply); now the lr is the cause, aimed by that first step into the band: 0.0022,
    which retrained 0.99x its grid's best."""
    found = next(f for f in lrdoctor.analyze(RUNS / "sinkhorn-adam-lr-1-log2.csv").findings if f.rule == "non-finite-loss")
    assert "first update" in found.message
    assert 1e-3 < found.fix["lr"] < 5e-3


def test_a_nan_from_the_data_after_a_first_step_in_the_band_is_still_the_data() -> None:
    """The look-alike: the same model at Adam 3e-3 with a missing (NaN) description entry in 0.3% of its shapes: NaN at
    step 5 after a first step within the band: the data's doing, no lr advice."""
    found = next(f for f in lrdoctor.analyze(RUNS / "sinkhorn-adam-missing-description-nan.csv").findings
                 if f.rule == "non-finite-loss")
    assert "lr" not in found.fix and found.fix.get("stable_loss") is True


def test_units_killed_by_a_first_step_far_beyond_the_band_get_the_lr_that_step_aims_at() -> None:
    """fresh25: a CLIP-style dual encoder at SGD-momentum 3: its first update moved the weights 3.3x their norm, its
    loss sat at ln 64 from step 2 and its units were dead by step 101. lr-too-high's killed-units reading and dead-units
    told a tenth of the lr (0.3), which retrained still at ln 64 (16x its grid's best); the lr its first step aims at,
    0.0052, retrained 0.88x its grid's best. Every finding that proposes an lr proposes that one."""
    report = lrdoctor.analyze(RUNS / "dual-sgdm-lr-3-100x.csv")
    lrs = {f.rule: f.fix["lr"] for f in report.findings if "lr" in f.fix}
    assert set(lrs) >= {"lr-too-high", "dead-units"}
    assert len(set(lrs.values())) == 1 and 1e-3 < lrs["lr-too-high"] < 0.03
    assert report.recommendation is not None and report.recommendation.lr == lrs["lr-too-high"]


def test_the_nan_after_a_thrown_first_step_reads_the_same_100x_longer(tmp_path: Path) -> None:
    """The same log stretched 100x and logged every other row: its NaN comes 400 steps in, not 2, but no finite loss
    was logged after the thrown first step, so non-finite-loss and lr-too-high still agree that the lr did it (before,
    non-finite-loss called the run stable until then and blamed the data while lr-too-high named the lr)."""
    frame = pd.read_csv(RUNS / "sinkhorn-adam-lr-1-log2.csv")
    frame["step"] = (frame["step"] - 1) * 100 + 1
    path = tmp_path / "sinkhorn-adam-lr-1-log2.csv"
    frame.iloc[::2].to_csv(path, index=False)
    (tmp_path / "sinkhorn-adam-lr-1-log2.json").write_text((RUNS / "sinkhorn-adam-lr-1-log2.json").read_text())
    lrs = {f.rule: f.fix.get("lr") for f in lrdoctor.analyze(path).findings}
    assert lrs["non-finite-loss"] is not None and lrs["non-finite-loss"] == lrs["lr-too-high"]


def test_a_held_out_loss_frozen_from_the_first_epoch_after_a_blow_up_is_an_lr_too_high() -> None:
    """fresh25: the bandit at Adam 1 logged once per epoch (Keras' CSVLogger columns, no lr): its first epoch's mean loss
    62,059, then 9.8 falling to 0.64 as the value baseline learned, while the policy's expected regret held out was
    0.458506 at all 7 epochs (a fixed arm). Nothing fired before. Told a 30th of its lr it retrained at 0.158 against
    0.459 (1.83x its grid's best)."""
    found = [f for f in lrdoctor.analyze(RUNS / "bandit-adam-lr-1-per-epoch.csv").findings if f.rule == "lr-too-high"]
    assert [f.fix for f in found] == [{"lr_factor": 1 / AT_CHANCE_DIVISOR}]
    assert found[0].fix["lr_factor"] <= 0.01  # a hundredth (session 31): the grid's best is 0.01


def test_a_held_out_loss_frozen_without_a_blow_up_or_one_that_moves_is_not_the_lr(tmp_path: Path) -> None:
    """The look-alikes: the same log with its first epoch's mean at 1.3x the second's (no blow-up: an output detached
    from the weights freezes the held-out loss as well, and no lr would help), or with its held-out loss falling 1% an
    epoch (a model whose outputs follow its weights)."""
    frame = pd.read_csv(RUNS / "bandit-adam-lr-1-per-epoch.csv")
    calm = frame.assign(loss=frame["loss"].where(frame.index > 0, 1.3 * frame["loss"].iloc[1]))
    moving = frame.assign(val_loss=frame["val_loss"] * 0.99 ** frame.index)
    for name, edited in (("calm", calm), ("moving", moving)):
        edited.to_csv(tmp_path / f"{name}.csv", index=False)
        assert "lr-too-high" not in alarms(tmp_path / f"{name}.csv"), name


def test_a_converged_run_whose_held_out_loss_still_falls_gets_no_decay_to_apply() -> None:
    """fresh25: a Deep SVDD at Adam 0.01 resumed with its optimizer state, healthy, converged at a constant lr while its
    held-out distance still fell to its best at the end. plateau's info gave a machine-readable decay at step 120;
    retrained with it the held-out loss did not change (nor did it for the other four converged runs of the half: two 3-4%
    worse). The info stays, without a fix."""
    found = [f for f in lrdoctor.analyze(RUNS / "svdd-adam-resumed-with-state.csv").findings if f.rule == "plateau"]
    assert [(f.severity, f.fix) for f in found] == [("info", {})]


def test_a_converged_run_whose_held_out_loss_drifts_up_is_told_to_decay(tmp_path: Path) -> None:
    """The look-alike: the same log with its validation loss climbing 1.5% an evaluation from the flat stretch on (the
    skip-gram model of fresh4 whose decay ended 5% lower looked so): the decay comes back, at the stretch's start."""

    def drifting(frame: pd.DataFrame) -> pd.DataFrame:
        evals = frame.index[frame["val_loss"].notna() & (frame["step"] >= 120)]
        frame.loc[evals, "val_loss"] = 0.00105 * 1.015 ** np.arange(len(evals))
        return frame

    found = [f for f in lrdoctor.analyze(edited_run(tmp_path, "svdd-adam-resumed-with-state", drifting)).findings
             if f.rule == "plateau"]
    assert [f.fix for f in found] == [{"decay_step": found[0].step_start}]
