"""The twenty-fourth fresh half (fresh24, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from torch.nn import functional as F

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
    LN, Setup, cosine_after, cross_entropy, cyclic, exponential, exponential_to, linear_decay_after, multistep,
    one_cycle, scaled_head, warm_restarts,
)


def snn_family(optimizer: str, lr: float, steps: int = 300, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 30)
    knobs.setdefault("loss_fn", cross_entropy)
    knobs.setdefault("loss_name", "cross_entropy of the output neurons' mean membrane potential")
    knobs.setdefault("meta", {"model": "spiking network: LIF neurons (beta 0.9, threshold 1, reset by subtraction), 40-64-64 spiking, a leaky non-spiking readout of 5; fast-sigmoid surrogate gradient",
                              "time_steps": fd.SNN_STEPS, "inputs": fd.SNN_IN})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.snn_spikes(), knobs.pop("model", None) or fd.SpikingNet, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def maml_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse at the query points after the inner adaptation (MAML's meta-loss)")
    knobs.setdefault("meta", {"model": "MAML of a 1-40-40-1 ReLU MLP on sinusoid regression: 1 inner SGD step (lr 0.05) on 10 support points, second order",
                              "shots": fd.MAML_SHOTS, "meta_batch_tasks": 16})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.maml_tasks(), knobs.pop("model", None) or fd.MAMLNet, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def tabnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", cross_entropy)
    knobs.setdefault("loss_name", "cross_entropy")
    knobs.setdefault("meta", {"model": "TabNet-like: 3 decision steps, sparsemax attentive masks, GLU feature transformers (shared + per step), BatchNorm, a ReLU layer and a linear head",
                              "features": fd.TAB_FEATURES})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.tabnet_rows(), knobs.pop("model", None) or fd.TabNetLite, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def ntm_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.ntm_bce)
    knobs.setdefault("loss_name", "binary cross-entropy with logits per bit of the copied sequence")
    knobs.setdefault("meta", {"model": "Neural Turing Machine: LSTM controller 64, one read and one write head (content + location addressing), memory 16 x 8",
                              "bits": fd.NTM_BITS, "sequence_length": fd.NTM_LEN})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.ntm_copy(), knobs.pop("model", None) or fd.NTMCopy, optimizer, lr,
                      steps, **knobs)  # fmt: skip


SNN0, MAML0, TABNET0, NTM0 = LN(fd.SNN_CLASSES), fd.maml_at_zero(), LN(fd.TAB_CLASSES), LN(2)
"""Where the families start: the spiking network at ln 5 (its output potentials near 0 at init), MAML near the mean
square of the sinusoids (an untrained network predicts ~0 before and after one small inner step), the TabNet-like
classifier at ln 4, the Neural Turing Machine at ln 2 a bit."""


# snn: a spiking network (LIF neurons, 40-64-64 spiking, a leaky readout of 5, fast-sigmoid surrogate gradient) of
# rate- and latency-coded spike trains of 5 classes over 20 steps, cross-entropy of the mean output potential (ln 5 =
# 1.61 at step 1); works at Adam 1e-3-3e-3 (the held-out loss ~0.45 in 300 steps), SGDm 0.03 (~0.78, still falling);
# Adam 1 blows up (~20), SGDm 0.3 (~7)


@case("snn-adam-lr-1-log2", "snn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=300, shape=anything)
def _() -> Setup:
    return snn_family("adam", 1.0, log_every=2)


@case("snn-sgdm-lr-3-100x", "snn", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return snn_family("sgdm", 3.0)


@case("snn-adamw-warmup-cosine-peak-1", "snn", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return snn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("snn-adam-exponential-gamma-1p02", "snn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return snn_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("snn-adam-lr-3e-5-100x-low", "snn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return snn_family("adam", 3e-5)


@case("snn-sgdm-lr-3e-4-100x-low-log3", "snn", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return snn_family("sgdm", 3e-4, log_every=3)


@case("snn-sgdm-summed-ce", "snn", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SNN0, "ln 5"))
def _() -> Setup:
    return snn_family("sgdm", 0.03, loss_fn=fd.snn_ce_summed, loss_name="cross_entropy summed over the batch (reduction='sum')",
                      val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("snn-adam-head-x300", "snn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SpikingNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SNN0, "ln 5"))
def _() -> Setup:
    return snn_family("adam", 3e-3, model=lambda: scaled_head(fd.SpikingNet(), 300, bias=True))


@case("snn-adam-multistep-x0p1-at-5pct", "snn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=16, tol=100, shape=lr_down_by(0.11, 20))
def _() -> Setup:
    return snn_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("snn-adam-exponential-1000x-in-40-steps", "snn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return snn_family("adam", 3e-3, schedule=exponential_to(1e-3, 40 / 300), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("snn-adam-lr-0p01-recreated-every-8-steps", "snn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return snn_family("adam", 0.01, recreate_optimizer_at=frozenset(range(8, 300, 8)))


@case("snn-adam-128-samples-overfits", "snn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return snn_family("adam", 3e-3, steps=600, eval_every=30, data=fd.snn_spikes(train_rows=128, batch_size=32),
                      model=lambda: fd.SpikingNet(hidden=256))  # fmt: skip


# maml: MAML of a 1-40-40-1 ReLU MLP on sinusoid regression (amplitudes 0.5-3, 1 inner SGD step at 0.05 on 10 support
# points, second order, 16 tasks a meta-batch), the query MSE after adaptation (~1.6 at step 1); works at Adam 3e-3-0.03
# (the held-out MSE ~0.47-0.51 in 400 steps), SGD 0.1 (~0.57), SGDm 0.01-0.03 (~0.52-0.60); Adam 1 blows up (4e26),
# SGD 0.3 gives NaN (clipped at 1: 0.59)


@case("maml-adam-lr-1-100x-log2", "maml", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return maml_family("adam", 1.0, log_every=2)


@case("maml-sgdm-lr-1", "maml", "lr-high-nan", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return maml_family("sgdm", 1.0)


@case("maml-nadam-cyclic-peak-1", "maml", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return maml_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("maml-adam-exponential-gamma-1p02", "maml", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return maml_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("maml-adam-lr-1e-4-100x-low", "maml", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return maml_family("adam", 1e-4)


@case("maml-sgd-lr-1e-3-100x-low-log4", "maml", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return maml_family("sgd", 1e-3, log_every=4)


@case("maml-sgdm-summed-mse", "maml", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, MAML0, "the mean square of the sinusoids"))
def _() -> Setup:
    return maml_family("sgdm", 0.03, loss_fn=fd.maml_mse_summed, loss_name="squared error summed over the query points and tasks (reduction='sum')",
                       val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("maml-adam-head-x300", "maml", "last-layer-init",
      cf=lambda s: replace(s, model=fd.MAMLNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, MAML0, "the mean square of the sinusoids"))
def _() -> Setup:
    return maml_family("adam", 0.01, model=lambda: scaled_head(fd.MAMLNet(), 300, bias=True))


@case("maml-adam-fc-dead-at-init", "maml", "dead-units",
      cf=lambda s: replace(s, model=fd.MAMLNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return maml_family("adam", 0.01, model=lambda: fd.MAMLNet(dead_bias=-30.0), track_zero_grads=True)


@case("maml-adam-multistep-x0p1-at-5pct", "maml", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return maml_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("maml-adam-exponential-1000x-in-40-steps", "maml", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return maml_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("maml-adam-missing-support-target-nan", "maml", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the tasks with a missing support target dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return maml_family("adam", 0.01, data=fd.maml_tasks(nan_rows=0.005))


@case("maml-adam-lr-0p01-recreated-every-8-steps", "maml", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return maml_family("adam", 0.01, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("maml-sgd-lr-0p3-no-clip-explodes", "maml", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return maml_family("sgd", 0.3)


# tabnet: a TabNet-like classifier (3 decision steps, sparsemax masks, GLU transformers with BatchNorm, a ReLU layer fc,
# a head) of tabular rows whose class follows two linear rules on 5 of 16 features, 5% of the labels random, cross-
# entropy (~1.43 at step 1, ln 4 = 1.39); works at Adam 3e-3-0.03 (the held-out loss ~0.47-0.57 in 400 steps, noisy from
# one evaluation to the next), SGDm 0.1 (~0.70); Adam 1 sits at chance (1.39), SGDm 10 jumps around ~4


@case("tabnet-adam-lr-1-100x-log2", "tabnet", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return tabnet_family("adam", 1.0, log_every=2)


@case("tabnet-sgdm-lr-10-100x", "tabnet", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tabnet_family("sgdm", 10.0)


@case("tabnet-rmsprop-lr-0p3-log4", "tabnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tabnet_family("rmsprop", 0.3, log_every=4)


@case("tabnet-adamw-warmup-cosine-peak-1", "tabnet", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tabnet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("tabnet-nadam-exponential-gamma-1p02", "tabnet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tabnet_family("nadam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("tabnet-adam-lr-3e-5-300x-low", "tabnet", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tabnet_family("adam", 3e-5)


@case("tabnet-adagrad-lr-1e-3-100x-low-log5", "tabnet", "lr-low-adagrad", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tabnet_family("adagrad", 1e-3, log_every=5)


@case("tabnet-sgdm-summed-ce", "tabnet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, TABNET0, "ln 4"))
def _() -> Setup:
    return tabnet_family("sgdm", 0.1, loss_fn=fd.tabnet_ce_summed, loss_name="cross_entropy summed over the batch (reduction='sum')",
                         val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("tabnet-adam-head-x300", "tabnet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.TabNetLite), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, TABNET0, "ln 4"))
def _() -> Setup:
    return tabnet_family("adam", 0.01, model=lambda: scaled_head(fd.TabNetLite(), 300, bias=True))


@case("tabnet-adam-fc-dead-at-init", "tabnet", "dead-units",
      cf=lambda s: replace(s, model=fd.TabNetLite), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return tabnet_family("adam", 0.01, model=lambda: fd.TabNetLite(dead_bias=-30.0), track_zero_grads=True)


@case("tabnet-adam-multistep-x0p1-at-5pct", "tabnet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return tabnet_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("tabnet-adam-missing-feature-nan", "tabnet", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return tabnet_family("adam", 0.01, data=fd.tabnet_rows(nan_rows=0.003))


# ntm: a Neural Turing Machine (an LSTM controller of 64, one write and one read head with content and location
# addressing on a memory of 16 x 8, a ReLU layer fc, a head) copying 5 random vectors of 6 bits, BCE per bit (ln 2 at
# step 1); works at Adam 0.01-0.03 (the held-out BCE 0.0002-0.2 in 400 steps: a sudden drop when it learns to address,
# at a step that varies with the seed), RMSprop 3e-3 (~0.40); Adam 0.1 stays at ~0.6


@case("ntm-adam-lr-1-30x-log2", "ntm", "lr-high-step1", cf=lr_to(0.03), cf_what="Adam lr 0.03",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return ntm_family("adam", 1.0, log_every=2)


@case("ntm-rmsprop-lr-0p1-log4", "ntm", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ntm_family("rmsprop", 0.1, log_every=4)


@case("ntm-adamw-warmup-cosine-peak-1", "ntm", "lr-high-ramp", cf=lr_to(0.03), cf_what="peak lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ntm_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("ntm-adam-lr-3e-4-100x-low", "ntm", "lr-low-adam", cf=lr_to(0.03), cf_what="Adam lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return ntm_family("adam", 3e-4)


@case("ntm-sgdm-summed-bce", "ntm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.ntm_bce, loss_name="BCE per bit (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, NTM0, "ln 2"))
def _() -> Setup:
    return ntm_family("sgdm", 0.3, loss_fn=fd.ntm_bce_summed, loss_name="BCE summed over the bits, steps and sequences (reduction='sum')",
                      val_loss_fn=fd.ntm_bce, mean_loss_fn=fd.ntm_bce)  # fmt: skip


@case("ntm-adam-head-x300", "ntm", "last-layer-init",
      cf=lambda s: replace(s, model=fd.NTMCopy), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, NTM0, "ln 2"))
def _() -> Setup:
    return ntm_family("adam", 0.03, model=lambda: scaled_head(fd.NTMCopy(), 300, bias=True))


@case("ntm-adam-fc-dead-at-init", "ntm", "dead-units",
      cf=lambda s: replace(s, model=fd.NTMCopy), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return ntm_family("adam", 0.03, model=lambda: fd.NTMCopy(dead_bias=-30.0), track_zero_grads=True)


@case("ntm-adam-missing-bit-nan", "ntm", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the sequences with a missing bit dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return ntm_family("adam", 0.03, data=fd.ntm_copy(nan_rows=0.003))


@case("ntm-adam-lr-0p03-recreated-every-8-steps", "ntm", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return ntm_family("adam", 0.03, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("ntm-adam-lr-0p1-no-warmup", "ntm", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return ntm_family("adam", 0.1)


# fresh24 half: healthy look-alikes


@case("snn-adam-cosine-log2", "snn", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.SNN_CLASSES))
def _() -> Setup:
    return snn_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("snn-nadam-onecycle", "snn", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.SNN_CLASSES))
def _() -> Setup:
    return snn_family("nadam", 3e-3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("snn-adamax-step-decay-log3", "snn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.SNN_CLASSES))
def _() -> Setup:
    return snn_family("adamax", 0.01, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("maml-adam-warmup-cosine", "maml", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return maml_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("maml-adam-sgdr-log4", "maml", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return maml_family("adam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("maml-sgdm-cyclic-triangular2", "maml", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return maml_family("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("maml-adam-plateau-log2", "maml", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return maml_family("adam", 0.01, log_every=2, schedule=on_plateau(0.3, 1), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("maml-adam-resumed-with-state", "maml", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return maml_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("tabnet-adam-warmup-linear-avg10", "tabnet", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(fd.TAB_CLASSES))
def _() -> Setup:
    return tabnet_family("adam", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                         schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("tabnet-adam-cosine-log2", "tabnet", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.TAB_CLASSES))
def _() -> Setup:
    return tabnet_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("tabnet-nesterov-onecycle", "tabnet", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.TAB_CLASSES))
def _() -> Setup:
    return tabnet_family("sgdm", 0.1, opt_args={"nesterov": True}, schedule=one_cycle, schedule_name="OneCycleLR")


@case("tabnet-ghost-bn-adam-step-decay-log4", "tabnet", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.TAB_CLASSES))
def _() -> Setup:
    return tabnet_family("adam", 0.01, log_every=4, model=lambda: fd.TabNetLite(virtual=32),
                         schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")  # fmt: skip


@case("ntm-adam-warmup-cosine", "ntm", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return ntm_family("adam", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("ntm-adam-constant-log3", "ntm", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return ntm_family("adam", 0.03, log_every=3)


@case("ntm-adam-resumed-with-state", "ntm", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return ntm_family("adam", 0.03, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


# fresh24 half, logged once per epoch


@case("snn-adam-lr-1-per-epoch", "snn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return snn_family("adam", 1.0, steps=46 * 7, log_per_epoch=True)


@case("maml-adam-lr-1-per-epoch", "maml", "lr-high-step1", cf=lr_to(0.03), cf_what="Adam lr 0.03",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return maml_family("adam", 1.0, steps=25 * 16, log_per_epoch=True, data=fd.maml_tasks(train_rows=400))


@case("snn-adam-256-noisy-samples-overfits-per-epoch", "snn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return snn_family("adam", 3e-3, steps=8 * 60, log_per_epoch=True, data=fd.snn_spikes(train_rows=256, batch_size=32, flip=0.3),
                      model=lambda: fd.SpikingNet(hidden=256))  # fmt: skip


@case("snn-adam-cosine-per-epoch", "snn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.SNN_CLASSES))
def _() -> Setup:
    return snn_family("adam", 3e-3, steps=46 * 7, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("snn-radam-per-epoch", "snn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.SNN_CLASSES))
def _() -> Setup:
    return snn_family("radam", 3e-3, steps=46 * 7, log_per_epoch=True)


@case("maml-adam-cosine-per-epoch", "maml", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return maml_family("adam", 0.03, steps=25 * 16, log_per_epoch=True, data=fd.maml_tasks(train_rows=400),
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("maml-adamax-per-epoch", "maml", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return maml_family("adamax", 0.03, steps=25 * 16, log_per_epoch=True, data=fd.maml_tasks(train_rows=400))


@case("ntm-adam-per-epoch", "ntm", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return ntm_family("adam", 0.03, steps=30 * 13, log_per_epoch=True, data=fd.ntm_copy(train_rows=960))
