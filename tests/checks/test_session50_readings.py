"""Readings fixed in session 50, on real training runs of the fresh84 half kept in tests/data/fixcheck: a loss that
turned NaN right after a later update several times the top of the optimizer family's band, the largest yet, is the
lr's doing, not the data's, even when that update stayed inside the family's first-step band."""

from __future__ import annotations

import lrdoctor
from lrdoctor.checks import lr_too_high
from lrdoctor.optim import first_step_band
from sample_runs import signals, warned
from sample_runs import TEST_FIXCHECK as DATA


def first_nan(path: object) -> int:
    s = signals(path)
    return int(s.all_steps[s.nonfinite_loss][0])


def test_a_nan_right_after_a_grown_update_above_the_band_is_the_lrs_doing() -> None:
    """A Frechet likelihood MLP at SGD-momentum 1, 100x its grid's best lr, logged every 2 steps (fresh84): its updates
    moved the weights by 0.10 and then 0.30 of their norm (6x SGD's band top, inside its first-step band) and the loss
    was inf at step 5. non-finite-loss read it as stable until a bad batch and told it to make its loss safe; now it
    names that update and lowers the lr (retrained: 0.99x its grid's best), and lr-too-high says the lr blew the model
    up. Look-alikes: the same family's NaN in the data at Adam 3e-3 (one update before it), and a hand-written softmax
    at SGD-momentum that overflowed at step 268, long after its large first steps: the data's and the loss's still."""
    path = DATA / "frechet-sgdm-lr-1-100x-log2.csv"
    s = signals(path)
    step, size = lr_too_high.step_thrown_before(s, first_nan(path)) or (0, 0.0)
    assert step == 3 and s.update_band[1] * lr_too_high.LAST_THROW_BAND_FACTOR <= size
    assert size < first_step_band(s.optimizer_family)[1]  # inside the first-step band: the earlier reading missed it
    assert set(warned(path)) == {"lr-too-high", "non-finite-loss"}
    report = lrdoctor.analyze(path)
    assert report.recommendation is not None and report.recommendation.lr is not None
    assert report.recommendation.lr <= s.lr_max / 10
    nan = [f for f in report.findings if f.rule == "non-finite-loss"][0]
    assert "step 3" in nan.message and "stable_loss" not in nan.fix
    data = DATA / "frechet-adam-missing-feature-nan.csv"
    assert lr_too_high.step_thrown_before(signals(data), first_nan(data)) is None
    assert warned(data) == ["non-finite-loss"]
    assert lrdoctor.analyze(data).findings[0].fix == {"stable_loss": True}
    late = DATA / "docs-softmax-sgdm-softmax-by-hand-overflow.csv"
    assert warned(late) == ["non-finite-loss"]
    assert lrdoctor.analyze(late).findings[0].fix == {"stable_loss": True}
