"""Readings fixed in session 41, on real training runs of the fix-check halves (fresh50, fresh60, fresh61, fresh62 and
fresh63) kept in tests/data/fixcheck: a start a warmup tames, read wherever lr-too-high finds the lr too high; a noisy
validation loss still settling on a flat stretch; an early rise under SGD whose steps all sat below where healthy runs
sit; and no early stop at the training loss's best when the validation loss ended at its best."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import lrdoctor
from lrdoctor.engine import load_run
from lrdoctor.signals import Signals

DATA = Path(__file__).resolve().parents[1] / "data" / "fixcheck"


def test_a_start_a_warmup_tames_is_read_wherever_lr_too_high_finds_the_lr() -> None:
    """A Mamba-like LM at Adam 0.1 from step 1 (fresh60): its first update moved the weights by 0.30 of their norm, and
    lr-too-high read its climb from step 260 of 400; missing-warmup asked for lr-too-high's reading within the first
    15% of the run and was silent, though a 60-step warmup at the same lr retrained 2.75 -> 1.86. A healthy graph
    classifier whose first Adam step was also beyond the family's band (0.10 of the weights' norm) and whose lr nothing
    finds too high stays silent."""
    path = DATA / "mamba-adam-lr-0p1-no-warmup.csv"
    assert Signals(load_run(path)).first_step_tamable
    findings = {f.rule: f for f in lrdoctor.analyze(path).findings}
    assert findings["lr-too-high"].step_start > 0.15 * 400
    warmup = findings["missing-warmup"]
    assert warmup.fix["warmup_steps"] >= 0.14 * 400 and warmup.step_start == 1  # 15% of the 399 steps after the first

    healthy = DATA / "sortpool-adam-cosine-log2.csv"
    assert Signals(load_run(healthy)).first_step_tamable
    assert lrdoctor.analyze(healthy).findings == []


def test_a_noisy_held_out_loss_still_settling_makes_the_flat_stretch_convergence(tmp_path: Path) -> None:
    """A MobileViT-like CNN at a constant RMSprop 1e-3 (fresh50) fell from chance to 0.86 and flattened at step 91, its
    validation loss still settling (halves of the stretch 0.958 and 0.916, one noise unit apart, the last within noise
    of the best): it was warned "stuck" and told to decay at step 91, which retrained worse (0.9165 -> 0.959). The
    look-alike, the same log with the stretch's later evaluations held at its first ones' level, stays a warning."""
    path = DATA / "mobilevit-rmsprop-constant-log5.csv"
    (hit,) = [f for f in lrdoctor.analyze(path).findings if f.rule == "plateau"]
    assert hit.severity == "info" and "decay_step" not in hit.fix

    log = pd.read_csv(path)
    evaluated = log.index[log["val_loss"].notna() & (log["step"] > hit.step_start)]
    half = len(evaluated) // 2
    log.loc[evaluated[half:], "val_loss"] = log.loc[evaluated[:half], "val_loss"].to_numpy()[: len(evaluated) - half]
    flat = tmp_path / path.name
    log.to_csv(flat, index=False)
    flat.with_suffix(".json").write_bytes(path.with_suffix(".json").read_bytes())
    (hit,) = [f for f in lrdoctor.analyze(flat).findings if f.rule == "plateau"]
    assert hit.severity == "warning" and hit.fix["decay_step"] == 91


def test_an_early_rise_under_sgd_steps_below_the_band_is_no_blow_up(tmp_path: Path) -> None:
    """An inverse-Gaussian MLP at SGD-momentum 3e-4, 100x below its counterfactual's lr (fresh62): one batch's NLL at
    5.5 against a first of 2.6, its steps 6e-5 to 7.7e-4 of the weights' norm through its first 60 steps. Read as blown
    up by the lr at the start, it was told 3e-5, which retrained 20% worse; its steps say the lr is too low. The
    look-alike, the same log with steps 100x larger (past where healthy SGD runs sit) and its held-out loss held at its
    first level (a rise short of x2.7 after which the held-out loss kept falling is a noisy start, session 56), stays a
    blow-up."""
    path = DATA / "invgauss-sgdm-lr-3e-4-100x-low-log2.csv"
    found = {f.rule: f for f in lrdoctor.analyze(path).findings}
    assert "lr-too-high" not in found
    assert found["lr-too-low"].lr is not None and found["lr-too-low"].lr.lr > 10 * 3e-4

    log = pd.read_csv(path)
    log["update_ratio"] *= 100
    evaluated = log.index[log["val_loss"].notna()]
    log.loc[evaluated, "val_loss"] = float(log.loc[evaluated[0], "val_loss"])
    large = tmp_path / path.name
    log.to_csv(large, index=False)
    large.with_suffix(".json").write_bytes(path.with_suffix(".json").read_bytes())
    found = {f.rule: f for f in lrdoctor.analyze(large).findings}
    assert "blew the model up" in found["lr-too-high"].message


def test_no_early_stop_at_the_training_loss_best_when_the_held_out_loss_ends_at_its_best(tmp_path: Path) -> None:
    """A MoCo-like encoder at Adam 1 (fresh63): its InfoNCE against a queue was lowest at step 3 and climbed as the
    queue filled, while its held-out loss was lowest at its last evaluation. lr-too-high read a divergence and told it
    to stop at step 3, an untrained model (3.804 -> 4.156 retrained); its lr fix, 0.0026, retrained 1.703. The
    look-alike, the same log with the held-out loss climbing over its last evaluations, keeps the early stop, and so does
    one whose held-out loss sits at one value at every evaluation (it says nothing)."""
    path = DATA / "moco-adam-lr-1.csv"
    (hit,) = [f for f in lrdoctor.analyze(path).findings if f.rule == "lr-too-high"]
    assert "early_stop_step" not in hit.fix and hit.lr is not None and hit.lr.lr < 0.01

    for name, edit in (("climbs", lambda v: v.iloc[0] * np.linspace(1.0, 1.5, len(v))),
                       ("frozen", lambda v: np.full(len(v), v.iloc[0]))):
        log = pd.read_csv(path)
        evaluated = log["val_loss"].notna()
        log.loc[evaluated, "val_loss"] = edit(log.loc[evaluated, "val_loss"])
        edited = tmp_path / f"{name}.csv"
        log.to_csv(edited, index=False)
        edited.with_suffix(".json").write_bytes(path.with_suffix(".json").read_bytes())
        (hit,) = [f for f in lrdoctor.analyze(edited).findings if f.rule == "lr-too-high"]
        assert hit.fix["early_stop_step"] == 3, name
