"""The fresh half (held out from all tuning): its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
import torch
from torch.nn import functional as F
from torch.optim import Optimizer

import fixcheck_data as fd
from fixcheck_cases.tune import C5, C6, HIGH
from fixcheck_core import (
    ShapeCheck, anything, at_chance, case, check_fn, dead_from, early_peak, early_rise, first_dead, first_loss_above,
    first_nan, flat_late, healthy_shape, imputed, losses, lr_down_by, lr_to, nan_within, never_below_start, overfits,
    rises_after_dip, setup, spiky, still_falling, tail,
)
from harness import (
    Setup, Trained, cosine_after, cross_entropy, cyclic, exponential, exponential_to, linear_decay_after, multistep,
    one_cycle, scaled_head, warm_restarts,
)


@check_fn
def explodes(lo: float, within: int = 12) -> ShapeCheck:
    """The gradient norm jumps at least ``lo`` x its value at step 1 within the first ``within`` steps (on to inf
    or NaN, or not), and the loss never settles back below its value before the jump."""

    def check(t: Trained) -> tuple[bool, str]:
        g = np.array(t.grad_norms[:within], dtype=float)
        g = np.where(np.isnan(g), np.inf, g)
        peak = int(np.argmax(g))
        jump = float(g[peak] / g[0])
        x = losses(t)
        before = x[max(0, peak - 1)]
        bad = first_nan(t)
        ok = jump >= lo and (bad is not None or tail(t) > 0.9 * before)
        return bool(ok), (f"grad norm {g[0]:.3g} -> {g[peak]:.3g} at step {peak + 1} (x{jump:.3g}); loss {before:.3f} before; "
                          f"first non-finite loss at step {bad}")  # fmt: skip

    return check


def on_plateau(factor: float = 0.3, patience: int = 1) -> Callable[[Optimizer, Setup], Any]:
    """ReduceLROnPlateau on the validation loss: the lr times ``factor`` after ``patience`` evaluations without a new best."""
    return lambda o, s: torch.optim.lr_scheduler.ReduceLROnPlateau(o, factor=factor, patience=patience)


def without_missing(data: fd.Data) -> fd.Data:
    """The data without its training rows whose target is missing (NaN)."""
    ok = torch.isfinite(data.y)
    return replace(data, x=data.x[ok], y=data.y[ok])


def signals(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    return setup(knobs.pop("data", None) or fd.freq_signals(), knobs.pop("model", None) or fd.SignalCNN, optimizer, lr,
                 steps, **knobs)  # fmt: skip


def ratings(optimizer: str, lr: float, steps: int = 1500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 150)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse")
    return setup(knobs.pop("data", None) or fd.user_item_ratings(), knobs.pop("model", None) or fd.FactorModel,
                 optimizer, lr, steps, **knobs)  # fmt: skip


def tabres(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    return setup(knobs.pop("data", None) or fd.wide_tabular(), knobs.pop("model", None) or fd.ResNormMLP, optimizer, lr,
                 steps, **knobs)  # fmt: skip


def mixer(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    return setup(knobs.pop("data", None) or fd.patch_layouts(), knobs.pop("model", None) or fd.TinyMixer, optimizer, lr,
                 steps, **knobs)  # fmt: skip


# signals: 1-D CNN (max-pooled) on 64-sample signals of two frequencies (5 classes); works at SGDm 0.01, Adam 1e-3..3e-3


@case("signals-cnn-sgdm-lr-0p2-dies-to-chance", "signals", "lr-high-chance", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=600, shape=at_chance(C5, "ln 5"))
def _() -> Setup:
    return signals("sgdm", 0.2)


@case("signals-cnn-sgdm-lr-0p07-diverges-after-dip", "signals", "lr-high-diverge", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=600, shape=rises_after_dip())
def _() -> Setup:
    return signals("sgdm", 0.07)


@case("signals-cnn-adam-lr-0p03-spikes-log2", "signals", "lr-high-spikes", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=spiky())
def _() -> Setup:
    return signals("adam", 0.03, log_every=2)


@case("signals-cnn-nesterov-exponential-gamma-1p01", "signals", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=600, shape=rises_after_dip())
def _() -> Setup:
    return signals("nesterov", 0.005, schedule=exponential(1.01), schedule_name="ExponentialLR(gamma=1.01) per batch")


@case("signals-cnn-sgdm-warmup-cosine-peak-0p3", "signals", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=600, shape=rises_after_dip(1.15))
def _() -> Setup:
    return signals("sgdm", 0.3, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("signals-cnn-adam-lr-0p07-no-warmup", "signals", "missing-warmup", cf=lambda s: replace(s, warmup_steps=100),
      cf_what="a 100-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "dead-units"), tol=100,
      shape=early_peak(1.2))
def _() -> Setup:
    return signals("adam", 0.07)


@case("signals-cnn-adam-last-conv-dead-at-init", "signals", "dead-units",
      cf=lambda s: replace(s, model=fd.SignalCNN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return signals("adam", 1e-3, model=lambda: fd.SignalCNN(dead_bias=-4.0), track_zero_grads=True)


@case("signals-cnn-sgdm-head-x200", "signals", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SignalCNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(20, C5, "ln 5"))
def _() -> Setup:
    return signals("sgdm", 0.01, model=lambda: scaled_head(fd.SignalCNN(), 200, bias=True))


@case("signals-cnn-adam-exponential-100x-in-120-steps", "signals", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=120, shape=lr_down_by(0.011, 120))
def _() -> Setup:
    return signals("adam", 3e-3, schedule=exponential_to(0.01, 0.2), schedule_name="ExponentialLR per batch, x0.01 by step 120")


@case("signals-cnn-adam-300-signals-overfits", "signals", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return signals("adam", 3e-3, eval_every=30, data=fd.freq_signals(train_rows=300))


# ratings: matrix factorisation (dim 16) of user-item ratings, MSE; works at Adam 3e-3, SGDm 0.2


@case("ratings-mf-adam-lr-1e-4-30x-low", "ratings", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=1500, shape=still_falling)
def _() -> Setup:
    return ratings("adam", 1e-4)


@case("ratings-mf-adam-lr-0p03-constant-plateau", "ratings", "plateau", cf=lambda s: replace(s, decay_step=500),
      cf_what="lr x0.1 from step 500", must=("plateau",), may=("lr-too-high", "overfitting"), fault_step=500, tol=400,
      shape=flat_late)
def _() -> Setup:
    return ratings("adam", 0.03)


@case("ratings-mf-sgdm-multistep-x0p1-at-5pct", "ratings", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=76, tol=150, shape=lr_down_by(0.11, 80))
def _() -> Setup:
    return ratings("sgdm", 0.3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("ratings-mf-adam-resumed-without-state-x2", "ratings", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="optimizer state kept",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=601, tol=5,
      shape=anything)
def _() -> Setup:
    return ratings("adam", 3e-3, recreate_optimizer_at=frozenset({600, 1100}))


@case("ratings-mf-rmsprop-recreated-each-epoch", "ratings", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=157, tol=5,
      shape=anything)
def _() -> Setup:
    return ratings("rmsprop", 3e-3, recreate_optimizer_at=frozenset(range(156, 1500, 156)))


@case("ratings-mf-adam-nan-rating-mid-run", "ratings", "nan-midrun", cf=lambda s: replace(s, data=without_missing(s.data)),
      cf_what="the missing ratings dropped", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(2, 1500))
def _() -> Setup:
    return ratings("adam", 3e-3, data=fd.user_item_ratings(nan_rows=2))


@case("ratings-mf-adam-msle-by-hand-log-of-negative", "ratings", "nan-log0",
      cf=lambda s: replace(s, loss_fn=fd.msle_safe), cf_what="the prediction kept positive (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(10, 1500))
def _() -> Setup:
    return ratings("adam", 0.01, loss_fn=fd.msle_by_hand, loss_name="msle by hand (log of the raw prediction)",
                   val_loss_fn=F.mse_loss, safe_loss_fn=fd.msle_safe)  # fmt: skip


@case("ratings-mf-dim64-adam-overfits", "ratings", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return ratings("adam", 0.01, eval_every=100, model=lambda: fd.FactorModel(dim=64))


# tabres: residual MLP (BatchNorm, or LayerNorm) on a 64-column table (4 classes); works at Adam 3e-3, SGDm 0.1


@case("tabres-bn-sgd-lr-10-oscillates-log2", "tabres", "lr-high-oscillation", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=600, shape=never_below_start)
def _() -> Setup:
    return tabres("sgd", 10.0, log_every=2)


@case("tabres-bn-adam-lr-0p3-100x-from-step-1", "tabres", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=600, shape=anything)
def _() -> Setup:
    return tabres("adam", 0.3)


@case("tabres-nonorm-sgd-lr-0p5-no-clip-explodes", "tabres", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss", "wrong-initial-loss"), tol=15,
      shape=explodes(30))
def _() -> Setup:
    return tabres("sgd", 0.5, model=lambda: fd.ResNormMLP(norm="none", blocks=4, branch_gain=3.0))


@case("tabres-bn-adam-nan-features-early", "tabres", "nan-early", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing values imputed", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(1, 5))
def _() -> Setup:
    return tabres("adam", 3e-3, data=fd.wide_tabular(nan_rows=0.02))


@case("tabres-bn-sgd-lr-1e-3-100x-low-log5", "tabres", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return tabres("sgd", 1e-3, log_every=5)


@case("tabres-bn-sgdm-multistep-x0p1-at-8pct", "tabres", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=49, tol=100, shape=lr_down_by(0.11, 50))
def _() -> Setup:
    return tabres("sgdm", 0.1, schedule=multistep(0.08, gamma=0.1), schedule_name="MultiStepLR at 8%")


@case("tabres-bn-adam-lr-0p03-constant-plateau", "tabres", "plateau", cf=lambda s: replace(s, decay_step=250),
      cf_what="lr x0.1 from step 250", must=("plateau",), may=("lr-too-high", "overfitting"), fault_step=250, tol=200,
      shape=flat_late)
def _() -> Setup:
    return tabres("adam", 0.03)


@case("tabres-ln-adam-lr-0p1-no-warmup", "tabres", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=early_peak(1.2))
def _() -> Setup:
    return tabres("adam", 0.1, model=lambda: fd.ResNormMLP(norm="layer"))


# mixer: a tiny MLP-Mixer on 16x16 patch layouts (6 classes); works at Adam 3e-3..1e-2, SGD ~1


@case("mixer-sgd-lr-3-no-clip-explodes", "mixer", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=15, shape=explodes(30))
def _() -> Setup:
    return mixer("sgd", 3.0)


@case("mixer-sgd-summed-loss", "mixer", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, C6, "ln 6"))
def _() -> Setup:
    return mixer("sgd", 0.3, loss_fn=fd.lm_summed, loss_name="cross_entropy (reduction='sum')", val_loss_fn=cross_entropy,
                 mean_loss_fn=cross_entropy)  # fmt: skip


@case("mixer-postln-adamw-lr-0p03-no-warmup", "mixer", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=early_rise(1.3))
def _() -> Setup:
    return mixer("adamw", 0.03, model=lambda: fd.TinyMixer(post_ln=True))


@case("mixer-sgd-lr-0p01-100x-low-log4", "mixer", "lr-low-sgd", cf=lr_to(1.0), cf_what="lr 1.0",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return mixer("sgd", 0.01, log_every=4)


# fresh half: healthy look-alikes


@case("signals-cnn-adamw-warmup-cosine", "signals", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(5))
def _() -> Setup:
    return signals("adamw", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("signals-cnn-nesterov-step-decay-log10", "signals", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(5))
def _() -> Setup:
    return signals("nesterov", 0.01, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.2), schedule_name="MultiStepLR")


@case("signals-cnn-sgdm-reduce-on-plateau-log5", "signals", "healthy", like=("premature-decay", "plateau", "lr-too-high"),
      shape=healthy_shape(5))
def _() -> Setup:
    return signals("sgdm", 0.01, log_every=5, schedule=on_plateau(), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("signals-cnn-adam-constant-converged-avg20", "signals", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(5))
def _() -> Setup:
    return signals("adam", 1e-3, steps=1000, log_every=20, average=True, eval_every=100)


@case("signals-cnn-rmsprop-onecycle", "signals", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(5))
def _() -> Setup:
    return signals("rmsprop", 1e-3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("ratings-mf-adam-constant-converged-avg50", "ratings", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return ratings("adam", 1e-3, steps=4000, log_every=50, average=True, eval_every=400)


@case("ratings-mf-sgdm-onecycle", "ratings", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return ratings("sgdm", 0.3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("ratings-mf-adamw-warmup-linear-log5", "ratings", "healthy", like=("missing-warmup", "lr-too-high", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return ratings("adamw", 5e-3, log_every=5, schedule=linear_decay_after(0.1), schedule_name="linear warmup 10% + linear decay")


@case("ratings-mf-adam-sgdr-log2", "ratings", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return ratings("adam", 0.01, log_every=2, schedule=warm_restarts(1 / 3), schedule_name="CosineAnnealingWarmRestarts, T_0 = 1/3")


@case("ratings-twotower-adam-warmup-cosine", "ratings", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return ratings("adam", 0.01, model=fd.TwoTower, schedule=cosine_after(0.05), schedule_name="linear warmup 5% + cosine")


@case("tabres-bn-sgdm-warmup-cosine", "tabres", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(4))
def _() -> Setup:
    return tabres("sgdm", 0.1, schedule=cosine_after(0.05), schedule_name="linear warmup 5% + cosine")


@case("tabres-bn-adam-onecycle-log5", "tabres", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(4))
def _() -> Setup:
    return tabres("adam", 0.01, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("tabres-ln-adamw-cyclic", "tabres", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape(4))
def _() -> Setup:
    return tabres("adamw", 3e-3, model=lambda: fd.ResNormMLP(norm="layer"), schedule=cyclic(0.1, 0.25),
                  schedule_name="CyclicLR triangular")  # fmt: skip


@case("tabres-bn-sgdm-constant-log20", "tabres", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(4))
def _() -> Setup:
    return tabres("sgdm", 0.03, log_every=20, eval_every=100)


@case("tabres-bn-rmsprop-step-decay", "tabres", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(4))
def _() -> Setup:
    return tabres("rmsprop", 1e-3, schedule=multistep(0.6, gamma=0.1), schedule_name="MultiStepLR at 60%")


@case("mixer-adamw-warmup-cosine", "mixer", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(6))
def _() -> Setup:
    return mixer("adamw", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("mixer-sgd-constant-log10", "mixer", "healthy", like=("plateau", "lr-too-low", "lr-too-high"), shape=healthy_shape(6))
def _() -> Setup:
    return mixer("sgd", 1.0, log_every=10)


@case("mixer-adam-sgdr", "mixer", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(6))
def _() -> Setup:
    return mixer("adam", 0.01, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("mixer-nesterov-cyclic-triangular2", "mixer", "healthy", like=("lr-too-high", "optimizer-reset"),
      shape=healthy_shape(6))
def _() -> Setup:
    return mixer("nesterov", 0.3, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("mixer-adam-finetune-pretrained", "mixer", "healthy", like=("wrong-initial-loss", "lr-too-low", "plateau"),
      shape=healthy_shape(6, fall=0.9, pretrained=True))
def _() -> Setup:
    return mixer("adam", 1e-3, model=fd.pretrained_mixer, meta={"pretrained": True},
                 data=fd.patch_layouts(seed=96, noise=1.1, distractors=0.9))  # fmt: skip


# fresh half, logged once per epoch


@case("tabres-bn-adam-300-rows-overfits-per-epoch", "tabres", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return tabres("adam", 3e-3, steps=4 * 40, data=fd.wide_tabular(train_rows=300), log_per_epoch=True)


@case("signals-cnn-sgdm-per-epoch", "signals", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(5))
def _() -> Setup:
    return signals("sgdm", 0.01, steps=250 * 4, log_per_epoch=True, data=fd.freq_signals(n=8000))


@case("mixer-adam-step-decay-per-epoch", "mixer", "healthy", like=("overfitting", "premature-decay"), shape=healthy_shape(6))
def _() -> Setup:
    return mixer("adam", 0.01, steps=156 * 4, log_per_epoch=True, schedule=multistep(0.5, gamma=0.1), per_epoch=True,
                 schedule_name="MultiStepLR at 50%, per epoch")  # fmt: skip


@case("ratings-mf-adam-per-epoch", "ratings", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return ratings("adam", 3e-3, steps=156 * 10, log_per_epoch=True)


@case("tabres-bn-sgd-lr-10-per-epoch", "tabres", "lr-high-oscillation", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return tabres("sgd", 10.0, steps=250 * 3, log_per_epoch=True)
