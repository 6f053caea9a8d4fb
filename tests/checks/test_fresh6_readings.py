"""Readings fixed after the fresh6 half of bench/fixcheck_runs.py was measured once, held out (session 10): runs of
families none of the other halves has (a mixture density network whose negative log-likelihood ends below 0, a
learning-to-rank fine-tune, attention MIL), copied into sample_logs/fixcheck with their counterfactual labels. Each
healthy look-alike stays silent, each faulty run is still found, and the lr advised lands near a grid's best."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import lrdoctor

RUNS = Path(__file__).resolve().parents[2] / "sample_logs" / "fixcheck"


def rules(name: str) -> dict[str, lrdoctor.Finding]:
    return {f.rule: f for f in lrdoctor.analyze(RUNS / f"{name}.csv").findings}


def test_a_mixture_density_network_whose_gradients_grow_as_it_sharpens_is_no_explosion() -> None:
    """A healthy MDN at RAdam: as its mixture scales shrink the gradient norm grows about 45x while the loss keeps
    falling to below 0 (it was read as a steady explosion, clipping advised: retrained, 8% worse)."""
    frame = pd.read_csv(RUNS / "mdn-tanh-radam-constant.csv")
    grads = frame["grad_norm"].dropna().to_numpy()
    assert np.median(grads[-100:]) > 20 * np.median(grads[50:150])  # the growth is there
    found = rules("mdn-tanh-radam-constant")
    assert "exploding-gradients" not in found
    assert not [f for f in found.values() if f.severity != "info"]


def test_a_growth_that_ends_with_the_loss_climbing_is_still_an_explosion() -> None:
    """The same MDN under ExponentialLR(gamma=1.01) per batch: its gradient norm grew 50x and the loss diverged."""
    found = rules("mdn-tanh-adam-exponential-gamma-1p01-log2")
    assert "grew steadily" in found["exploding-gradients"].message
    assert "lr-too-high" in found


def test_a_fine_tune_whose_first_batch_scored_low_did_not_blow_up() -> None:
    """A pretrained ranking scorer fine-tuned at Adam 1e-4: its first batch scored 1.26, its next four 1.72-1.96, and
    it converged at 1.75; read from the first loss alone that was a blow-up 'never below its start'."""
    losses = pd.read_csv(RUNS / "rank-mlp-adam-finetune-lr-1e-4.csv")["loss"].to_numpy()
    assert losses[0] < 0.8 * np.median(losses[1:5])
    assert "lr-too-high" not in rules("rank-mlp-adam-finetune-lr-1e-4")


def test_a_listnet_loss_starts_at_ln_n_and_a_summed_one_at_queries_times_it() -> None:
    """ListNet over 16 documents per query starts at ln 16 = 2.77 at equal scores; summed over the 16 queries of a batch
    it started at 44.4 (the mean trains: the counterfactual ends at 1.76 where the sum went NaN)."""
    found = rules("rank-mlp-sgdm-summed-listnet")["wrong-initial-loss"]
    assert found.fix == {"reduction": "mean"}
    assert found.evidence["summed_over"] == 16 and abs(found.evidence["expected_loss"] - np.log(16)) < 1e-9


def test_a_ranker_whose_head_starts_300x_too_large_is_an_init_fault_not_a_sum() -> None:
    """31.9 at step 1 is 11.5 x ln 16: within the loose tolerance of a summed classifier loss, but a listwise softmax
    starts at ln n to within a fraction of a percent, so 16 x ln n it is not."""
    found = rules("rank-mlp-adam-head-x300")
    assert 0 < found["wrong-initial-loss"].fix["last_layer_init_scale"] <= 1 / 30  # its head was initialised 300x
    assert "lr-too-low" not in found  # its tiny steps are the init's doing


def test_a_healthy_ranker_starts_where_an_untrained_one_does() -> None:
    report = lrdoctor.analyze(RUNS / "rank-mlp-adamw-warmup-cosine.csv")
    assert "wrong-initial-loss" in report.checked
    assert not [f for f in report.findings if f.severity != "info"]


def test_a_run_that_never_learned_with_steps_below_the_band_gets_an_aimed_raise() -> None:
    """Attention MIL at SGD 1e-3 (the counterfactual at 0.03 ends 50% lower): the loss never left ln 2 and its median
    update ratio sat 145x below where healthy SGD runs' do. 3x the lr stayed stuck (retrained: 0.677 against 0.345
    at the grid's best); aimed by the update ratio, capped at 100x, it trains (0.365). Steps that small at a constant lr
    are the lr's doing: lr-too-low speaks (session 16; plateau's "learned nothing" did before), plateau stands down."""
    found = rules("mil-attn-sgdm-lr-1e-3-30x-low-log4")
    assert "plateau" not in found and "never moved" in found["lr-too-low"].message
    assert found["lr-too-low"].fix["lr"] == pytest.approx(0.1)


def test_a_run_that_never_learned_with_steps_in_the_band_keeps_the_plain_raise() -> None:
    """A deep MLP whose init left it at ln 10, its steps inside the SGD band: not for want of step size."""
    found = next(f for f in lrdoctor.analyze(RUNS.parent / "deep-mlp-sgd-dead-init-plateau.csv").findings if f.rule == "plateau")
    assert found.fix["lr"] == pytest.approx(0.15)  # 3x its lr 0.05


def test_a_nan_after_a_first_sgd_step_far_beyond_the_band_gets_the_lr_aimed_by_that_step() -> None:
    """A ranking MLP at SGD 30 (the counterfactual at 0.1 trains): its first update moved the weights 2.8 times their
    norm and the loss was NaN six steps in. A tenth of the lr (3) stays NaN; the first step scaled to where healthy
    SGD runs' steps sit gives 0.06."""
    found = rules("rank-mlp-sgd-lr-30-300x-blows-up-log2")["non-finite-loss"]
    assert 0.01 < found.fix["lr"] < 0.3
    assert "first update-to-weight ratio" in lrdoctor.analyze(RUNS / "rank-mlp-sgd-lr-30-300x-blows-up-log2.csv").recommendation.basis


def test_a_nan_after_an_ordinary_first_step_keeps_a_thirtieth_of_the_lr() -> None:
    """A residual MLP without normalisation at SGD 0.5 exploded to NaN in 3 steps; its first step was inside the band, so
    the lr is lowered by the plain divisor of a blow-up that fast: a thirtieth (0.017), 1.04x the held-out loss of the
    grid's best (a tenth, 0.05), where a tenth of a DnCNN's and a Deep Sets' lr blown up as fast ended 2.6-2.8x worse
    than their grids' best (a thirtieth)."""
    found = rules("tabres-nonorm-sgd-lr-0p5-no-clip-explodes")["non-finite-loss"]
    assert found.fix["lr"] == pytest.approx(0.5 / 30, rel=0.05)
