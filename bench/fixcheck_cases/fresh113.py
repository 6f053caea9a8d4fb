"""The one hundred and fifteenth fresh half (fresh113, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import fixcheck_data as fd
from fixcheck_cases.fresh import on_plateau
from fixcheck_cases.fresh10 import without_corrupt_inputs
from fixcheck_cases.fresh6 import setup_more
from fixcheck_cases.tune import HIGH
from fixcheck_core import (
    anything, case, dead_from, first_dead, first_loss_above, first_nan, healthy_shape, lr_down_by, lr_to, nan_within,
    overfits, still_falling,
)
from harness import (
    LN, Setup, cosine_after, cyclic, exponential, exponential_to, linear_decay_after, multistep, one_cycle,
    scaled_head, warm_restarts,
)


def regnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes (the bar's orientation and the square's half)")
    knobs.setdefault("meta", {"model": "RegNetY-like CNN: a 3x3 conv stem of stride 2 (16, BatchNorm), Y blocks 16-16 and 16-32 of stride 2 (1x1 conv, 3x3 grouped conv of group width 4, squeeze-and-excitation, 1x1 conv, residual), mean pooling, a ReLU layer 32-32 and a head",
                              "size": fd.REGNET_SIZE, "classes": fd.REGNET_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.regnet_images(), knobs.pop("model", None) or fd.RegnetNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def hawk_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes (the event's kind: a lasting shift or a passing bump, up or down)")
    knobs.setdefault("meta", {"model": "Hawk-like recurrent block (Griffin) over 24 steps: a GeLU gate branch and a causal depthwise conv + RG-LRU branch of width 24, multiplied, projected and added back; the last step through a ReLU layer 24-32 and a head",
                              "steps": fd.HAWK_STEPS, "classes": fd.HAWK_CLASSES,
                              "held_out": "cross-entropy on new series"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.hawk_series(), knobs.pop("model", None) or fd.HawkNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def narm_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy of the next click over the 60 items")
    knobs.setdefault("meta", {"model": "NARM: item embeddings 60-24, a GRU 24-32 over the session, the last state and an attention over the states concatenated, a bilinear decoder 64-24 scored against the item embeddings",
                              "items": fd.NARM_ITEMS, "clicks": fd.NARM_CLICKS,
                              "held_out": "the next click's cross-entropy on new sessions"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.narm_sessions(), knobs.pop("model", None) or fd.NarmNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def levy_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.levy_nll)
    knobs.setdefault("loss_name", "negative log-likelihood per row of a Levy law of location 0 and scale c(x)")
    knobs.setdefault("meta", {"model": "MLP 6-64 (tanh) -64 (tanh), a ReLU layer 64-32, a head to the raw scale (softplus + 1e-4) of a Levy law",
                              "features": fd.LEVY_FEATURES, "held_out": "the NLL on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.levy_rows(), knobs.pop("model", None) or fd.LevyMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


REGNET0, HAWK0 = LN(fd.REGNET_CLASSES), LN(fd.HAWK_CLASSES)
NARM0, LEVY0 = LN(fd.NARM_ITEMS), fd.levy_at_zero()
"""Where the families start: the RegNetY-like CNN and the Hawk classifier at ln 4, NARM near ln 60 (4.09) over the
items, the Levy MLP near the NLL of raw outputs of 0 (a scale of softplus(0), far above the data's)."""




# regnet: a RegNetY-like CNN (a strided 3x3 conv stem, two Y blocks: 1x1 conv, 3x3 grouped conv of group width 4,
# squeeze-and-excitation, 1x1 conv, residual, with BatchNorm; mean pooling, a ReLU layer and a head) naming a bar's
# orientation and a 2x2 square's half in noisy 12x12 images with a decoy pixel, 5% random labels held out too,
# cross-entropy over 4, batches of 32 (1.40 at step 1, ln 4, ending near 0.34-0.36 held out); works at Adam 0.01-0.03
# (0.34-0.36); Adam 3e-3 0.45, 1e-3 0.65; slow at Adam 1e-4 (1.33-1.38); Adam 0.1 0.92 with or without a warmup;
# RAdam 0.03 under a warmup + cosine ended 0.41, beaten by 0.1 (0.32), so it runs at 0.1 (a 400-step run: ~8-18 s)


@case("regnet-adam-lr-1-log2", "regnet", "lr-high-step1", cf=lr_to(0.03), cf_what="Adam lr 0.03",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return regnet_family("adam", 1.0, log_every=2)


@case("regnet-radam-lr-3-100x", "regnet", "lr-high-step1", cf=lr_to(0.03), cf_what="RAdam lr 0.03",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return regnet_family("radam", 3.0)


@case("regnet-nadam-warmup-cosine-peak-1", "regnet", "lr-high-ramp", cf=lr_to(0.03),
      cf_what="peak lr 0.03", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return regnet_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("regnet-adamw-warmup-linear-peak-1-log2", "regnet", "lr-high-ramp", cf=lr_to(0.03),
      cf_what="peak lr 0.03", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return regnet_family("adamw", 1.0, log_every=2, schedule=linear_decay_after(0.1),
                         schedule_name="linear warmup 10% + linear decay")


@case("regnet-adam-lr-1e-4-100x-low-log3", "regnet", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return regnet_family("adam", 1e-4, log_every=3)


@case("regnet-nadam-lr-1e-4-100x-low", "regnet", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return regnet_family("nadam", 1e-4)


@case("regnet-adam-missing-pixel-nan", "regnet", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return regnet_family("adam", 0.01, data=fd.regnet_images(nan_rows=0.005))


@case("regnet-adam-fc-dead-at-init", "regnet", "dead-units",
      cf=lambda s: replace(s, model=fd.RegnetNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return regnet_family("adam", 0.01, model=lambda: fd.RegnetNet(dead_bias=-30.0), track_zero_grads=True)


@case("regnet-adam-head-x1000-log2", "regnet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.RegnetNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, REGNET0, "ln 4"))
def _() -> Setup:
    return regnet_family("adam", 0.01, log_every=2, model=lambda: scaled_head(fd.RegnetNet(), 1000))


@case("regnet-adam-multistep-x0p01-at-5pct", "regnet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.01)), cf_what="the same x0.01 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.011, 25))
def _() -> Setup:
    return regnet_family("adam", 0.01, schedule=multistep(0.05, gamma=0.01), schedule_name="MultiStepLR at 5%")


@case("regnet-adam-96-images-overfit", "regnet", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return regnet_family("adam", 0.01, steps=600, eval_every=30, data=fd.regnet_images(train_rows=96))




# hawk: a Hawk-like recurrent classifier (Griffin's recurrent block: a GeLU gate branch times a causal depthwise conv
# and a real-gated linear recurrent unit, width 24, projected and added back; the last step through a ReLU layer and
# a head) naming the kind of an event (a lasting level shift or a passing bump, up or down) at a random step of
# noisy AR(1) series of 24 steps, 5% random labels held out too, cross-entropy over 4, batches of 32 (1.46 at step
# 1, near ln 4, ending near 0.45-0.6 held out); works at Adam 3e-3 (0.46), 0.01 (0.59, noisy), RMSprop 1e-3 (0.60);
# 1.57 at Adam 1; slow at Adam 1e-4 (0.93); Adam 0.05-0.1 ended near 0.95 with a 60-step warmup too, so its
# missing-warmup cases are NARM's; the healthy look-alikes at Adam 3e-3 under a schedule were beaten by 0.01 (0.41-0.42
# vs 0.50-0.63), so they run at 0.01; its resumed look-alike was beaten at 0.01 by 0.03 (0.40 vs 0.44) and at 0.03
# by 0.01 (0.42 vs 0.47): too noisy a final loss, so the resumed look-alike is the Levy MLP's (a 400-step run: ~4-9 s)


@case("hawk-adam-lr-1", "hawk", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return hawk_family("adam", 1.0)


@case("hawk-rmsprop-lr-0p3-300x-log2", "hawk", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return hawk_family("rmsprop", 0.3, log_every=2)


@case("hawk-adamw-warmup-cosine-peak-1", "hawk", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return hawk_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("hawk-adam-exponential-gamma-1p02", "hawk", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return hawk_family("adam", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("hawk-adam-lr-1e-4-30x-low", "hawk", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return hawk_family("adam", 1e-4)


@case("hawk-radam-lr-1e-4-30x-low-log3", "hawk", "lr-low-adam", cf=lr_to(3e-3), cf_what="RAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return hawk_family("radam", 1e-4, log_every=3)


@case("hawk-adam-missing-step-nan", "hawk", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the series with a missing (NaN) step dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return hawk_family("adam", 3e-3, data=fd.hawk_series(nan_rows=0.005))


@case("hawk-adam-fc-dead-at-init", "hawk", "dead-units",
      cf=lambda s: replace(s, model=fd.HawkNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return hawk_family("adam", 3e-3, model=lambda: fd.HawkNet(dead_bias=-30.0), track_zero_grads=True)


@case("hawk-adam-head-x1000", "hawk", "last-layer-init",
      cf=lambda s: replace(s, model=fd.HawkNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, HAWK0, "ln 4"))
def _() -> Setup:
    return hawk_family("adam", 3e-3, model=lambda: scaled_head(fd.HawkNet(), 1000))


@case("hawk-adam-lr-0p01-recreated-every-2-steps", "hawk", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return hawk_family("adam", 0.01, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("hawk-adam-exponential-100x-in-40-steps", "hawk", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 42))
def _() -> Setup:
    return hawk_family("adam", 3e-3, schedule=exponential_to(0.01, 0.1),
                       schedule_name="ExponentialLR per batch, x0.01 by step 40")




# narm: NARM (item embeddings, a GRU over the session, its last state and an attention over its states through a
# bilinear decoder scored against the item embeddings) predicting the next click of sessions over 60 items in 6
# groups (planted successors, the session's main group, random clicks), cross-entropy over 60, batches of 64 (4.35
# at step 1, near ln 60, ending near 3.33 held out); works at Adam 3e-3-0.01 (3.33-3.37), RMSprop 1e-3-0.01 (3.44-
# 3.46), Adagrad 0.1 (3.46), SGDm 0.01-0.03 (3.49-3.52); NaN at SGDm 0.1 and plain SGD 0.3-1; 2300 at Adam 1; slow at
# Adam 1e-4 (4.0); RMSprop 0.03 without a warmup 3.83 (3.54 after a 60-step warmup: RMSprop's first steps are 10x
# its lr); Adam 0.1 did no better with a warmup; RAdam 3e-3 under a warmup + cosine ended 3.80, beaten by 0.01 (3.46),
# so it runs at 0.01 (a 400-step run: ~2-5 s)


@case("narm-adam-lr-1", "narm", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return narm_family("adam", 1.0)


@case("narm-adagrad-lr-10-100x-log2", "narm", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return narm_family("adagrad", 10.0, log_every=2)


@case("narm-adam-exponential-gamma-1p02", "narm", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return narm_family("adam", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("narm-adam-cyclic-peak-1", "narm", "lr-high-cyclic", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return narm_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("narm-rmsprop-lr-0p03-no-warmup", "narm", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return narm_family("rmsprop", 0.03)


@case("narm-rmsprop-lr-0p05-no-warmup-log2", "narm", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return narm_family("rmsprop", 0.05, log_every=2)


@case("narm-sgdm-lr-0p01-summed", "narm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.narm_ce, loss_name="cross_entropy (mean over the sessions)"),
      cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, NARM0, "ln 60"))
def _() -> Setup:
    return narm_family("sgdm", 0.01, loss_fn=fd.narm_summed,
                       loss_name="cross_entropy summed over the batch's sessions (reduction='sum')",
                       val_loss_fn=fd.narm_ce, mean_loss_fn=fd.narm_ce)


@case("narm-nesterov-lr-0p01-summed-log2", "narm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.narm_ce, loss_name="cross_entropy (mean over the sessions)"),
      cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, NARM0, "ln 60"))
def _() -> Setup:
    return narm_family("nesterov", 0.01, log_every=2, loss_fn=fd.narm_summed,
                       loss_name="cross_entropy summed over the batch's sessions (reduction='sum')",
                       val_loss_fn=fd.narm_ce, mean_loss_fn=fd.narm_ce)


@case("narm-adam-head-x1000", "narm", "last-layer-init",
      cf=lambda s: replace(s, model=fd.NarmNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, NARM0, "ln 60"))
def _() -> Setup:
    return narm_family("adam", 3e-3, model=lambda: scaled_head(fd.NarmNet(), 1000))


@case("narm-adam-exponential-1000x-in-40-steps-log2", "narm", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return narm_family("adam", 3e-3, log_every=2, schedule=exponential_to(1e-3, 0.1),
                       schedule_name="ExponentialLR per batch, x0.001 by step 40")




# levy: a tanh MLP (6-64-64, a ReLU layer and a head) of the scale c (softplus + 1e-4) of a Levy law of location 0
# (a first-passage time, no mean) of positive heavy-tailed targets whose log scale depends on the features, the
# negative log-likelihood per row, batches of 128 (6.57 at step 1, near the NLL of outputs of 0, 5.81, ending near
# 1.15-1.17 held out; the true scales give 1.11, the best constant 1.44); works at Adam 3e-3-0.01 (1.15-1.17), SGDm
# 0.01 (1.19), RMSprop 3e-3 (1.17); 1.44-4.1 (dead fc, a constant) at Adam and SGDm 1; slow at Adam and SGDm 1e-4
# (1.54); SGDm 0.1-0.3 unclipped on batches of 32 1.41-1.48 (1.26-1.37 clipped at 0.5) (a 400-step run: ~1-2 s)


@case("levy-adam-lr-1-log2", "levy", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return levy_family("adam", 1.0, log_every=2)


@case("levy-sgdm-lr-1-100x", "levy", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return levy_family("sgdm", 1.0)


@case("levy-adam-lr-1e-4-100x-low-log2", "levy", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return levy_family("adam", 1e-4, log_every=2)


@case("levy-sgdm-lr-1e-4-100x-low", "levy", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return levy_family("sgdm", 1e-4)


@case("levy-sgdm-summed-nll", "levy", "summed",
      cf=lambda s: replace(s, loss_fn=fd.levy_nll, loss_name="Levy NLL (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, LEVY0, "the NLL of outputs of 0"))
def _() -> Setup:
    return levy_family("sgdm", 0.01, loss_fn=fd.levy_nll_summed,
                       loss_name="Levy NLL summed over the batch's rows (reduction='sum')",
                       val_loss_fn=fd.levy_nll, mean_loss_fn=fd.levy_nll)


@case("levy-nesterov-summed-nll-log2", "levy", "summed",
      cf=lambda s: replace(s, loss_fn=fd.levy_nll, loss_name="Levy NLL (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, LEVY0, "the NLL of outputs of 0"))
def _() -> Setup:
    return levy_family("nesterov", 0.01, log_every=2, loss_fn=fd.levy_nll_summed,
                       loss_name="Levy NLL summed over the batch's rows (reduction='sum')",
                       val_loss_fn=fd.levy_nll, mean_loss_fn=fd.levy_nll)


@case("levy-adam-missing-feature-nan", "levy", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return levy_family("adam", 3e-3, data=fd.levy_rows(nan_rows=0.003))


@case("levy-adam-fc-dead-at-init", "levy", "dead-units",
      cf=lambda s: replace(s, model=fd.LevyMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return levy_family("adam", 3e-3, model=lambda: fd.LevyMLP(dead_bias=-30.0), track_zero_grads=True)


@case("levy-sgdm-lr-0p1-no-clip-batch32", "levy", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.5), cf_what="gradients clipped at 0.5",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return levy_family("sgdm", 0.1, data=fd.levy_rows(batch_size=32))


@case("levy-sgdm-lr-0p3-no-clip-batch32-log2", "levy", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.5), cf_what="gradients clipped at 0.5",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return levy_family("sgdm", 0.3, log_every=2, data=fd.levy_rows(batch_size=32))


@case("levy-adam-multistep-x0p001-at-5pct", "levy", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.001)), cf_what="the same x0.001 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.0011, 25))
def _() -> Setup:
    return levy_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.001), schedule_name="MultiStepLR at 5%")


# fresh113 half: healthy look-alikes


@case("regnet-adam-cosine-eval25", "regnet", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.REGNET_CLASSES, fall=0.8))
def _() -> Setup:
    return regnet_family("adam", 0.03, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("regnet-adamw-warmup-step-decay-log3", "regnet", "healthy",
      like=("premature-decay", "plateau", "missing-warmup"), shape=healthy_shape(fd.REGNET_CLASSES, fall=0.8))
def _() -> Setup:
    return regnet_family("adamw", 0.03, log_every=3, warmup_steps=20, schedule=multistep(0.6, 0.8, gamma=0.3),
                         schedule_name="20-step linear warmup + MultiStepLR")


@case("regnet-radam-lr-0p1-warmup-cosine-log2", "regnet", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.REGNET_CLASSES, fall=0.8))
def _() -> Setup:
    return regnet_family("radam", 0.1, log_every=2, schedule=cosine_after(0.1),
                         schedule_name="linear warmup 10% + cosine")


@case("regnet-adamw-warmup-linear-avg10", "regnet", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.REGNET_CLASSES, fall=0.8))
def _() -> Setup:
    return regnet_family("adamw", 0.03, log_every=10, average=True, schedule=linear_decay_after(0.05),
                         schedule_name="linear warmup 5% + linear decay")


@case("hawk-adam-warmup-cosine-eval25", "hawk", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.HAWK_CLASSES, fall=0.8))
def _() -> Setup:
    return hawk_family("adam", 0.01, eval_every=25, schedule=cosine_after(0.1),
                       schedule_name="linear warmup 10% + cosine")


@case("hawk-adam-step-decay-eval50", "hawk", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.HAWK_CLASSES, fall=0.8))
def _() -> Setup:
    return hawk_family("adam", 0.01, eval_every=50, schedule=multistep(0.5, 0.75, gamma=0.3),
                       schedule_name="MultiStepLR")


@case("hawk-rmsprop-one-cycle-log2", "hawk", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.HAWK_CLASSES, fall=0.8))
def _() -> Setup:
    return hawk_family("rmsprop", 1e-3, log_every=2, schedule=one_cycle, schedule_name="OneCycleLR")


@case("narm-adam-cosine-log2", "narm", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return narm_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("narm-nadam-step-decay-log3", "narm", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return narm_family("nadam", 3e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                       schedule_name="MultiStepLR")


@case("narm-adam-on-plateau-log4", "narm", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return narm_family("adam", 3e-3, log_every=4, schedule=on_plateau(),
                       schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("narm-adam-one-cycle", "narm", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return narm_family("adam", 0.01, schedule=one_cycle, schedule_name="OneCycleLR")


@case("narm-radam-warmup-cosine-log4", "narm", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return narm_family("radam", 0.01, log_every=4, schedule=cosine_after(0.1),
                       schedule_name="linear warmup 10% + cosine")


@case("levy-adam-cosine-eval25", "levy", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return levy_family("adam", 0.01, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("levy-rmsprop-step-decay-log3", "levy", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return levy_family("rmsprop", 3e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                       schedule_name="MultiStepLR")


@case("levy-adamw-warmup-linear-avg10", "levy", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return levy_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                       schedule_name="linear warmup 5% + linear decay")


@case("levy-adam-resumed-with-state", "levy", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return levy_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                       schedule=cosine_after(0.0), schedule_name="cosine")


@case("levy-nadam-sgdr-log5", "levy", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return levy_family("nadam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                       schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


# fresh113 half, logged once per epoch


@case("narm-adam-512-sessions-overfit-per-epoch", "narm", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return narm_family("adam", 0.01, steps=8 * 50, log_per_epoch=True, data=fd.narm_sessions(train_rows=512))


@case("levy-adam-lr-1-per-epoch", "levy", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return levy_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.levy_rows(n=3200, batch_size=64))


@case("regnet-adam-warmup-cosine-per-epoch", "regnet", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.REGNET_CLASSES, fall=0.8))
def _() -> Setup:
    return regnet_family("adam", 0.03, steps=50 * 8, log_per_epoch=True, data=fd.regnet_images(n=1600),
                         schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("hawk-adam-cosine-per-epoch", "hawk", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.HAWK_CLASSES, fall=0.8))
def _() -> Setup:
    return hawk_family("adam", 0.01, steps=50 * 8, log_per_epoch=True, data=fd.hawk_series(n=1600),
                       schedule=cosine_after(0.0), schedule_name="cosine")
