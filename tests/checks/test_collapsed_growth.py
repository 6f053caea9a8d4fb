"""exploding-gradients' steady growth is not read inside a collapse: a gradient norm that never came back within
dead-units' ``dead_orders`` of where it had been is float noise (session 59; tests/data/fixcheck/README.md)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from sample_runs import TEST_FIXCHECK

import lrdoctor

SAMPLES = Path(__file__).resolve().parents[2] / "sample_logs" / "fixcheck"


def test_a_dead_gradient_growing_within_its_collapse_gets_no_clipping_advice() -> None:
    """A Levy-law MLP at SGD-momentum 1 (fresh113): its gradient norm fell from 6.2 at step 1 to 1e-31, its units dead by
    step 101, then "grew" 2e5x to 3e-26. It was told to clip at 3.7e-18, which retrained 43% worse; the lr told by
    lr-too-high and dead-units (0.0035) retrained 1.07x its grid's best."""
    path = TEST_FIXCHECK / "levy-sgdm-lr-1-100x.csv"
    grads = pd.read_csv(path)["grad_norm"].dropna().to_numpy()
    assert grads[0] > 1 and np.median(grads[-50:]) < 1e-20  # the collapse is there
    found = {f.rule: f for f in lrdoctor.analyze(path).findings}
    assert "exploding-gradients" not in found
    assert {"lr-too-high", "dead-units"} <= set(found)
    assert found["lr-too-high"].fix["lr"] < 0.01


def test_a_growth_out_of_a_live_level_is_still_an_explosion() -> None:
    """The look-alike: an MDN under ExponentialLR(gamma=1.01) per batch, whose live gradient norm grew 50x while the loss
    diverged (fresh6), is still told it grew steadily, with a clipping threshold from its own norms."""
    (finding,) = [f for f in lrdoctor.analyze(SAMPLES / "mdn-tanh-adam-exponential-gamma-1p01-log2.csv").findings
                  if f.rule == "exploding-gradients"]
    assert "grew steadily" in finding.message
    assert finding.fix["max_grad_norm"] > 1e-3
