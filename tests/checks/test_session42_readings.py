"""Readings fixed in session 42, on real training runs of the fix-check halves (fresh60, fresh63, fresh65) kept in
tests/data/fixcheck: a loss that stalled while a schedule grew the lr to the end of the run; a batch loss jumping while
the held-out loss sat at its best."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import lrdoctor
from lrdoctor.engine import load_run
from lrdoctor.signals import Signals

DATA = Path(__file__).resolve().parents[1] / "data" / "fixcheck"


def test_a_loss_that_stalled_while_the_lr_grew_to_the_end_is_a_too_high_lr() -> None:
    """A DIN under Adam and ExponentialLR(gamma=1.02) per batch, from 1e-3 to 2.7 in 400 steps (fresh60): its loss
    came down to the level it then sat at by step 32, lr 0.0019, and hovered there, never climbing far enough to read as
    a turn, and nothing was found, though its constant lr 1e-3 ends 7% lower. Now lr-too-high asks to hold the lr
    constant below where the loss stalled (retrained at 0.00062: 0.613 -> 0.580)."""
    path = DATA / "din-adam-exponential-gamma-1p02.csv"
    (hit,) = [f for f in lrdoctor.analyze(path).findings if f.rule == "lr-too-high"]
    assert hit.step_start == 32 and hit.fix["schedule"] == "constant"
    assert hit.lr is not None and hit.lr.lr is not None and hit.lr.lr < float(hit.evidence["turn_lr"])
    assert hit.lr.lr <= 2e-3  # the counterfactual's 1e-3 trains; the grown lr of 2.7 does not


def test_a_stall_over_which_the_held_out_loss_kept_falling_is_no_stall() -> None:
    """The look-alike: a MoCo encoder under RMSprop and the same schedule (fresh63), whose training loss stalled as
    well from lr 0.007, but whose held-out InfoNCE, evaluated every 40 steps, fell 8% over the stall (2.47 at step 200,
    2.20-2.47 after): the held-out loss says the growth still bought progress, and the stall reading stays silent."""
    path = DATA / "moco-rmsprop-exponential-gamma-1p02.csv"
    assert Signals(load_run(path)).lr_growth_cause(400) is not None
    assert lrdoctor.analyze(path).findings == []


def test_a_batch_loss_jumping_while_the_held_out_loss_sits_at_its_best_is_no_bounce(tmp_path: Path) -> None:
    """A Universal-Transformer-like encoder at a constant RAdam 1e-3 (fresh65, healthy: the lr / or x sqrt(10) end no
    better), converged by step 210 to batches whose loss is either about 0.025 or about 0.26, its held-out loss
    0.1115-0.1149 at its last seven evaluations: it was warned that its steps were too large to settle and told a third
    of its lr, which retrained unchanged (0.1122 -> 0.1119). The held-out loss sat at its best through the stretch: the
    batches jump, not the weights. The look-alike, the same log with the evaluations after step 361 raised 30% (a
    held-out loss pushed off its best), is warned as before."""
    path = DATA / "utransformer-radam-constant-600-steps-log3.csv"
    assert "lr-too-high" not in {f.rule for f in lrdoctor.analyze(path).findings}

    log = pd.read_csv(path)
    later = log["val_loss"].notna() & (log["step"] > 361)
    log.loc[later, "val_loss"] *= 1.3
    pushed = tmp_path / path.name
    log.to_csv(pushed, index=False)
    pushed.with_suffix(".json").write_bytes(path.with_suffix(".json").read_bytes())
    (hit,) = [f for f in lrdoctor.analyze(pushed).findings if f.rule == "lr-too-high"]
    assert hit.severity == "warning" and hit.step_start == 361
    assert hit.lr is not None and hit.lr.lr == pytest.approx(1e-3 / 3)


def test_a_classifier_head_is_scaled_by_how_far_its_first_loss_exceeds_ln_c() -> None:
    """A Graph U-Net whose output layer was initialised 1,000x under SGD-momentum (fresh65): first loss 39.4, 28x ln 4.
    Told to scale its head by a fixed tenth, it retrained at chance as before (1.389); scaled by a tenth of ln C over
    the first loss's excess, 0.004, it trains (0.563). A head initialised 50x too large (first loss 3.4x ln 10) is
    shrunk less: the scale follows the excess, so the first predictions land near uniform either way."""
    (big,) = [f for f in lrdoctor.analyze(DATA / "graphunet-sgdm-head-x1000.csv").findings
              if f.rule == "wrong-initial-loss"]
    assert big.fix["last_layer_init_scale"] <= 0.01
    samples = Path(__file__).resolve().parents[2] / "sample_logs"
    (small,) = [f for f in lrdoctor.analyze(samples / "mlp-sgdm-last-layer-x50.csv").findings
                if f.rule == "wrong-initial-loss"]
    assert big.fix["last_layer_init_scale"] < small.fix["last_layer_init_scale"] <= 0.1
