"""Readings fixed in session 50, on real training runs of the fresh84 and fresh87 halves kept in tests/data/fixcheck: a
loss that turned NaN right after a later update several times the top of the optimizer family's band, the largest yet,
is the lr's doing, not the data's, even when that update stayed inside the family's first-step band; and a run whose
loss bounced around its floor at a constant lr while its validation loss held its level within 2% has converged (an
info), not stuck on a plateau a decay would fix; and a weight tensor or two with no gradient from the first step, while
the rest of the model learns, is most likely a module cut off from the loss (an info that explains nothing), not the
units an init killed."""

from __future__ import annotations

import lrdoctor
from lrdoctor.checks import dead_units, lr_too_high, plateau
from lrdoctor.optim import first_step_band
from sample_runs import signals, warned
from sample_runs import SAMPLE_LOGS
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


def test_a_bouncing_loss_whose_validation_loss_holds_its_level_has_converged() -> None:
    """Two Dagum likelihood MLPs for heavy-tailed incomes, healthy at Adagrad 0.03 (under ReduceLROnPlateau, which never
    cut) and SGD 0.1 (fresh87): their NLLs fell 1.75 -> 1.45 in the first tens of steps and then jumped point to point
    around that floor, their validation NLLs within 1.1% and 1.4% (robust noise) over 10 evaluations, no higher in the
    second half than the first. plateau warned that the lr bounced around the valley and told both to decay it (retrained:
    0.6% and 0.1% lower, within the batches' noise). Now an info with no fix. A real oscillation plateau at SGD-momentum,
    whose validation loss rose 8% over its flat stretch (2.5% noise), is still a warning with its decay."""
    for name in ("dagum-adagrad-on-plateau-log4.csv", "dagum-sgd-constant.csv"):
        s = signals(DATA / name)
        found = plateau.stuck(s, s.rule_params("plateau"))
        assert found is not None and found.kind == "large" and not found.never
        assert not plateau.held_out_quiet(s, found.start) and plateau.held_out_holding(s, found.start)
        assert warned(DATA / name) == []
        (hit,) = lrdoctor.analyze(DATA / name).findings
        assert hit.rule == "plateau" and hit.severity == "info" and hit.fix == {}
    first = lrdoctor.analyze(DATA / "dagum-adagrad-on-plateau-log4.csv").findings[0].message
    assert "since step 1 " not in first and "in its first steps" in first  # its fall, then the flat stretch
    real = SAMPLE_LOGS / "mlp-sgdm-oscillation-plateau.csv"
    s = signals(real)
    found = plateau.stuck(s, s.rule_params("plateau"))
    assert found is not None and not plateau.held_out_holding(s, found.start)
    assert "plateau" in warned(real)
    assert [f.fix for f in lrdoctor.analyze(real).findings if f.rule == "plateau"] == [{"decay_step": found.start}]


def test_a_few_tensors_without_a_gradient_from_the_start_while_the_rest_learn_are_an_info() -> None:
    """A Pyraformer-like forecaster (fresh89) whose coarsest pyramid level (``down2``) is masked off from its head: that
    convolution's weight has no gradient from step 1, 1 of its 12 weight tensors, while the rest learn (healthy under
    cosine Adam 3e-3: the MSE 0.49 -> 0.09). dead-units warned that the init killed its units, and on the same model at
    AdamW 3e-5, 100x too low, its finding explained lr-too-low away. Now an info with no fix that explains nothing, and
    the lr too low is found (retrained with its raise: 1.00x its grid's best). A run dead at init (a SincNet-like
    classifier whose layer before the head starts with large negative biases: every weight tensor without a gradient,
    its loss at chance) is still a warning about the init."""
    healthy = DATA / "pyraformer-adam-cosine-eval25.csv"
    assert warned(healthy) == []
    (hit,) = [f for f in lrdoctor.analyze(healthy).findings if f.rule == "dead-units"]
    assert hit.severity == "info" and hit.fix == {} and hit.explains == ()
    assert hit.evidence["dead_tensors"] < dead_units.FEW_DEAD_SHARE * hit.evidence["weight_tensors"]
    assert "reaches the loss" in hit.suggestion
    low = DATA / "pyraformer-adamw-lr-3e-5-100x-low.csv"
    assert warned(low) == ["lr-too-low"]
    report = lrdoctor.analyze(low)
    assert report.recommendation is not None and report.recommendation.lr is not None
    assert report.recommendation.lr >= 10 * signals(low).lr_max
    dead = DATA / "sincnet-adam-fc-dead-at-init.csv"
    assert warned(dead) == ["dead-units"] and dead_units.dead_at_init(signals(dead))
    (hit,) = [f for f in lrdoctor.analyze(dead).findings if f.rule == "dead-units"]
    assert hit.severity == "warning" and "the init" in hit.message and hit.fix == {"activation": "leaky_relu"}
