"""Readings fixed after a second blind read of 50 public training logs written by other people (session 30): each test
is on a real run of this repository (sample_logs), or a look-alike made from one, that shows what the public log showed.
The public logs are not shipped; their sources are in bench/real_audit_sources.csv."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import lrdoctor

SAMPLES = Path(__file__).resolve().parents[2] / "sample_logs"


def batch_noise(name: str, sigma: float) -> pd.DataFrame:
    """A sample run whose training loss is multiplied by log-normal noise (mean 1), as a loss logged from single batches
    is: a Lightning CNN logging its batch loss every 50 steps jumped x2.8 from one point to the next."""
    frame = pd.read_csv(SAMPLES / f"{name}.csv")
    noise = np.random.default_rng(0).normal(0.0, sigma, len(frame))
    return frame.assign(loss=frame["loss"] * np.exp(noise - sigma**2 / 2))


@pytest.mark.parametrize("sigma", [1.0, 1.3])
def test_a_healthy_run_logged_as_noisy_batches_is_not_bouncing(sigma: float) -> None:
    """A healthy SGD-momentum run at a constant lr, its loss falling slowly to the end, given batch noise of x2.7-x3.7: the
    lowest of many short rolling medians before the last 40% sat far below any level the loss held, and lr-too-high read
    the end as hovering x1.3 above its best (before). The best is now the lowest median over a quarter of the stretch's
    points, less the noise such a minimum has by chance."""
    report = lrdoctor.analyze(batch_noise("mlp-sgdm-constant-noisy-falling", sigma))
    assert [f.rule for f in report.findings if f.severity != "info"] == []


def test_one_climb_on_an_lr_ramp_is_one_finding() -> None:
    """A sparse autoencoder under ExponentialLR(gamma=1.01): its loss turned up at step 197 as the lr grew and climbed to
    the end. The turn on the ramp and the divergence to the end were two lr-too-high warnings from the same step (a public
    Hugging Face fine-tune warmed up past 2.2e-5 got the same pair); now one, with the turn's lr and the early stop (and,
    the schedule growing the lr to the end, that lr held constant)."""
    found = [f for f in lrdoctor.analyze(SAMPLES / "fixcheck" / "sae-relu-adam-exponential-gamma-1p01-log2.csv").findings
             if f.rule == "lr-too-high"]
    assert len(found) == 1
    assert set(found[0].fix) == {"lr", "early_stop_step", "schedule"}
    assert found[0].fix["early_stop_step"] == found[0].step_start
    assert "turned upward" in found[0].message


def test_a_divergence_is_not_told_it_converged() -> None:
    """A CNN at a constant Adam 0.03, flat from step 70 and climbing x4.7 from step 462: with lr-too-high's divergence
    beside it, plateau's info "converged at this lr" contradicted it; the divergence explains the flat stretch."""
    report = lrdoctor.analyze(SAMPLES / "cnn-adam-lr-too-high.csv")
    assert [f.rule for f in report.findings if f.rule in ("plateau", "lr-too-high")] == ["lr-too-high"]


@pytest.mark.parametrize("validation", [True, False])
def test_a_step_decay_after_the_fast_first_epochs_is_on_time(tmp_path: Path, validation: bool) -> None:
    """An MLP at Adam 1e-3 logged per epoch with its lr (Keras' CSVLogger with a schedule callback), cut x0.25 after
    epochs 8 and 16 of 24: its loss fell 1.28 -> 0.92 in the first epoch, crept 0.86 -> 0.81 over epochs 4-7, and
    dropped to 0.77 in the epoch of the cut. The 8 epochs a window needs reached back into the fast first epoch, and
    without a validation loss to vouch for the cut premature-decay read it as cut while falling fast (a public Keras CNN
    cut x4 at epoch 10 was, with its noisy validation loss). The pace just before the cut, and the drop at it, count."""
    path = SAMPLES / "per_epoch" / "keras-mlp-adam-step-decay-lr-logged.csv"
    if not validation:
        pd.read_csv(path).drop(columns=["val_loss", "val_accuracy"]).to_csv(path := tmp_path / "no-val.csv", index=False)
    assert "premature-decay" not in {f.rule for f in lrdoctor.analyze(path).findings}


def test_an_early_cut_still_reads_as_premature() -> None:
    """The twin: a MAML regressor logged every 5 steps, Adam 1e-3 cut x0.1 at step 21 of 400 while its loss fell fast
    (fresh24): premature, its fix keeps the lr to the end (retrained: 1.46 -> 0.76 held out)."""
    found = [f for f in lrdoctor.analyze(SAMPLES / "fixcheck" / "maml-adam-multistep-x0p1-at-5pct.csv").findings
             if f.rule == "premature-decay"]
    assert found and found[0].step_start == 21


def test_a_loss_below_zero_converged_by_an_amount_not_a_factor() -> None:
    """A mixture density network whose negative log-likelihood went below 0 (-0.36) and converged: plateau's info said
    "after falling x5.66", a factor of a difference in log space it does not analyse in (a public VAE's ELBO, -1,639 at
    the end, read "after falling xinf"). A loss that is not positive throughout fell by an amount."""
    (found,) = [f for f in lrdoctor.analyze(SAMPLES / "fixcheck" / "mdn-tanh-radam-constant.csv").findings
                if f.rule == "plateau"]
    assert "after falling by 1.734 " in found.message
