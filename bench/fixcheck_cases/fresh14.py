"""The fourteenth fresh half (fresh14, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from torch.nn import functional as F

import fixcheck_data as fd
from fixcheck_cases.fresh import on_plateau
from fixcheck_cases.fresh10 import without_corrupt_inputs
from fixcheck_cases.fresh2 import without_missing_targets
from fixcheck_cases.fresh6 import setup_more
from fixcheck_cases.tune import HIGH
from fixcheck_core import (
    anything, at_chance, case, dead_from, early_rise, first_dead, first_loss_above, first_nan, healthy_shape,
    lr_down_by, lr_to, nan_within, overfits, rises_after_dip, still_falling,
)
from harness import (
    LN, Setup, cosine_after, cross_entropy, cyclic, exponential, exponential_to, multistep, one_cycle, scaled_head,
    warm_restarts,
)


def lora_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy")
    knobs.setdefault("meta", {"model": "LoRA (rank 4, alpha 8) on a frozen pretrained ReLU MLP 16-64-64, a new head",
                              "classes": fd.LORA_CLASSES, "pretrained": True, "trainable": "LoRA adapters and the head"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.shifted_task(), knobs.pop("model", None) or fd.LoRAClassifier,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def hyper_family(optimizer: str, lr: float, steps: int = 500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse")
    knobs.setdefault("meta", {"model": "hypernetwork: ReLU MLP 6-64-64 generating a 1-16-16-1 tanh MLP's weights",
                              "queries": fd.HYPER_QUERIES})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.function_tasks(), knobs.pop("model", None) or fd.HyperNet, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def perceiver_family(optimizer: str, lr: float, steps: int = 300, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 30)
    knobs.setdefault("loss_name", "cross_entropy")
    knobs.setdefault("meta", {"model": "Perceiver: 8 latents, cross-attention + latent self-attention, pre-LN, d 32, 2 heads",
                              "classes": fd.PERC_CLASSES, "samples": fd.PERC_POINTS})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.irregular_waves(), knobs.pop("model", None) or fd.Perceiver, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def koopman_family(optimizer: str, lr: float, steps: int = 500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the predicted trajectory")
    knobs.setdefault("meta", {"model": "Koopman autoencoder: encoder 2-64-64-8, linear K, decoder 8-64-2",
                              "horizon": fd.KOOP_HORIZON, "latent": fd.KOOP_LATENT})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.koopman_trajectories(), knobs.pop("model", None) or fd.KoopmanAE,
                      optimizer, lr, steps, **knobs)  # fmt: skip


HYPER0, KOOP0 = fd.functions_at_zero(), 1.0
"""A hypernetwork whose nets predict 0 scores the values' mean square (~0.74), the untrained one starts near it; a
Koopman autoencoder that predicts 0 scores 1 (each coordinate standardised). A LoRA fine-tune starts near ln 6 (its new
head), a Perceiver at ln 5."""
LN6L, LN5P = LN(fd.LORA_CLASSES), LN(fd.PERC_CLASSES)
LORA_R16 = {"model": "LoRA (rank 16, alpha 32) on a frozen pretrained ReLU MLP 16-64-64, a new head",
            "classes": fd.LORA_CLASSES, "pretrained": True, "trainable": "LoRA adapters and the head"}  # fmt: skip


def lora_rank16() -> fd.LoRAClassifier:
    return fd.LoRAClassifier(rank=16, alpha=32.0)


# lora: LoRA adapters (rank 4, alpha 8; B zero at init) on the two layers of a ReLU MLP 16-64-64 pretrained (in code, 600
# Adam steps) on 8 classes of a teacher's tanh features, fine-tuned with a new head to 6 classes of the features moved by
# a rank-2 shift (3% of the labels random), cross-entropy; only the adapters and the head train. Works at Adam 3e-3-0.01,
# NAdam 3e-3, Adamax 0.01, Adadelta 1, SGDm 0.03; the held-out loss falls from ln 6 to ~0.7. Adam 0.1 and SGD 3 die to
# chance (~1.73), SGDm 0.1 climbs back to it after a dip, SGD 1 overflows to NaN; 200 training rows overfit at once


@case("lora-adam-lr-0p1-dies-to-chance", "lora", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=at_chance(LN6L, "ln 6"))
def _() -> Setup:
    return lora_family("adam", 0.1)


@case("lora-sgdm-lr-0p1-diverges-after-dip", "lora", "lr-high-diverge", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=rises_after_dip())
def _() -> Setup:
    return lora_family("sgdm", 0.1)


@case("lora-adamax-warmup-cosine-peak-1", "lora", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lora_family("adamax", 1.0, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("lora-nadam-exponential-gamma-1p02", "lora", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lora_family("nadam", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("lora-adam-lr-1e-5-300x-low", "lora", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lora_family("adam", 1e-5)


@case("lora-adadelta-lr-0p01-100x-low-log4", "lora", "lr-low-adadelta", cf=lr_to(1.0), cf_what="Adadelta lr 1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lora_family("adadelta", 0.01, log_every=4)


@case("lora-sgdm-summed-ce", "lora", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, LN6L, "ln 6"))
def _() -> Setup:
    return lora_family("sgdm", 0.03, loss_fn=fd.lora_ce_summed, loss_name="cross_entropy summed over the batch (reduction='sum')",
                       val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("lora-adam-adapters-b-random-init", "lora", "adapter-init",
      cf=lambda s: replace(s, model=fd.LoRAClassifier), cf_what="the adapters' B at zero (LoRA's init)",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, LN6L, "ln 6"))
def _() -> Setup:
    return lora_family("adam", 3e-3, model=lambda: fd.LoRAClassifier(b_std=2.0))


@case("lora-r16-adam-lr-0p3-ce-by-hand-log0", "lora", "nan-log0",
      cf=lambda s: replace(s, loss_fn=cross_entropy), cf_what="F.cross_entropy (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(2, 400))
def _() -> Setup:
    return lora_family("adam", 0.3, model=lora_rank16, meta=LORA_R16, loss_fn=fd.lora_ce_by_hand,
                       loss_name="-log(softmax(logits)[label]) by hand", val_loss_fn=cross_entropy, safe_loss_fn=cross_entropy)  # fmt: skip


@case("lora-adam-multistep-x0p1-at-5pct", "lora", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return lora_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("lora-adam-200-rows-overfits", "lora", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return lora_family("adam", 0.01, steps=600, eval_every=20, data=fd.shifted_task(train_rows=200, batch_size=32))


# hyper: a hypernetwork (ReLU MLP 6-64-64 and a linear head) generating every weight of a 1-16-16-1 tanh MLP from the
# description of a damped sinusoid (amplitude, frequency, phase, damping, offset), the generated net evaluated at 24 query
# points, MSE; works at Adam 3e-3, RAdam 3e-3, SGDm 0.03; the held-out MSE falls from ~0.74 (predicting 0) to ~0.02-0.03.
# Adam 0.1 ends back at ~0.75 (every function the same net), SGD 1 overflows to NaN; ASGD reaches only ~0.25 at 0.1


@case("hyper-adam-lr-0p1-collapses-to-mean", "hyper", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=500, shape=anything)
def _() -> Setup:
    return hyper_family("adam", 0.1)


@case("hyper-sgd-lr-1-overflows-nan", "hyper", "lr-high-nan", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=500, shape=nan_within(1, 500))
def _() -> Setup:
    return hyper_family("sgd", 1.0)


@case("hyper-rmsprop-lr-0p01-10x-log2", "hyper", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return hyper_family("rmsprop", 0.01, log_every=2)


@case("hyper-radam-cyclic-peak-0p3", "hyper", "lr-high-cyclic", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return hyper_family("radam", 0.3, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("hyper-adam-lr-1e-6-3000x-low", "hyper", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return hyper_family("adam", 1e-6)


@case("hyper-asgd-lr-1e-3-100x-low-log3", "hyper", "lr-low-asgd", cf=lr_to(0.1), cf_what="ASGD lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return hyper_family("asgd", 1e-3, log_every=3)


@case("hyper-sgdm-summed-mse", "hyper", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, HYPER0, "the values' mean square"))
def _() -> Setup:
    return hyper_family("sgdm", 0.03, loss_fn=fd.function_mse_summed, loss_name="mse summed over the points and the batch (reduction='sum')",
                        val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("hyper-adam-head-x300", "hyper", "last-layer-init",
      cf=lambda s: replace(s, model=fd.HyperNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, HYPER0, "the values' mean square"))
def _() -> Setup:
    return hyper_family("adam", 3e-3, model=lambda: scaled_head(fd.HyperNet(), 300, bias=True))


@case("hyper-adam-body-dead-at-init", "hyper", "dead-units",
      cf=lambda s: replace(s, model=fd.HyperNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return hyper_family("adam", 3e-3, model=lambda: fd.HyperNet(dead_bias=-100.0), track_zero_grads=True)


@case("hyper-adam-exponential-100x-in-50-steps", "hyper", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 52))
def _() -> Setup:
    return hyper_family("adam", 3e-3, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 50")


@case("hyper-adam-missing-description-nan", "hyper", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the functions with a missing description dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 125))
def _() -> Setup:
    return hyper_family("adam", 3e-3, data=fd.function_tasks(nan_rows=0.004))


# perceiver: a Perceiver (8 latents cross-attending to 40 tokens of a series' irregular samples, value + Fourier features
# of the time, then a latent self-attention block, pre-LN, d 32, 2 heads; the latents averaged, a ReLU layer and a head)
# naming the shape of a noisy periodic waveform (sine, square, triangle, sawtooth, pulses), cross-entropy; works at
# Adam / AdamW 3e-3, SGDm 0.03; the held-out loss falls from ln 5 to ~0.65-0.7 (noisy waveforms are confusable). Adam
# 0.1 stays at chance; Adam 0.03 without a warmup spikes early (and may stay at chance), with one it ends near 1.1; post-LN
# ends near 1.0 at Adam 5e-3-0.01, with or without a warmup (left out). About 3 s a training: the slowest of the half


@case("perceiver-adam-lr-0p1-stuck-at-chance", "perceiver", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=300, shape=at_chance(LN5P, "ln 5"))
def _() -> Setup:
    return perceiver_family("adam", 0.1)


@case("perceiver-adamw-warmup-cosine-peak-0p3", "perceiver", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return perceiver_family("adamw", 0.3, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("perceiver-sgd-lr-3-blows-up-log2", "perceiver", "lr-high-diverge", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return perceiver_family("sgd", 3.0, log_every=2)


@case("perceiver-adamw-exponential-gamma-1p025", "perceiver", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return perceiver_family("adamw", 1e-3, schedule=exponential(1.025), schedule_name="ExponentialLR(gamma=1.025) per batch")


@case("perceiver-adam-lr-1e-6-3000x-low", "perceiver", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return perceiver_family("adam", 1e-6)


@case("perceiver-sgdm-summed-ce", "perceiver", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, LN5P, "ln 5"))
def _() -> Setup:
    return perceiver_family("sgdm", 0.03, loss_fn=fd.waves_ce_summed, loss_name="cross_entropy summed over the batch (reduction='sum')",
                            val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("perceiver-adam-head-x1000", "perceiver", "last-layer-init",
      cf=lambda s: replace(s, model=fd.Perceiver), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, LN5P, "ln 5"))
def _() -> Setup:
    return perceiver_family("adam", 3e-3, model=lambda: scaled_head(fd.Perceiver(), 1000, bias=True))


@case("perceiver-adam-lr-0p03-no-warmup", "perceiver", "missing-warmup", cf=lambda s: replace(s, warmup_steps=30),
      cf_what="a 30-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=30, shape=early_rise(1.1))
def _() -> Setup:
    return perceiver_family("adam", 0.03)


@case("perceiver-adam-multistep-x0p1-at-5pct", "perceiver", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=16, tol=100, shape=lr_down_by(0.11, 20))
def _() -> Setup:
    return perceiver_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("perceiver-adam-fc-dead-at-init", "perceiver", "dead-units",
      cf=lambda s: replace(s, model=fd.Perceiver), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return perceiver_family("adam", 3e-3, model=lambda: fd.Perceiver(dead_bias=-30.0), track_zero_grads=True)


@case("perceiver-adamw-lr-0p01-recreated-each-epoch", "perceiver", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=32, tol=5,
      shape=anything)
def _() -> Setup:
    return perceiver_family("adamw", 0.01, data=fd.irregular_waves(train_rows=2000), recreate_optimizer_at=frozenset(range(31, 300, 31)))


# koopman: a Koopman autoencoder (an encoder MLP 2-64-64-8 of a pendulum's first state, a linear map K applied 0-10 times,
# a decoder 8-64-2) reproducing the damped pendulum's standardised trajectory of 10 steps from its first state, MSE;
# works at Adam 3e-3-0.03, SGDm 0.01-0.03, Adagrad 0.03; the held-out MSE falls from ~1 to ~0.001 (lower the higher the
# lr, with a decay to finish). Adam 0.1 ends ~40x worse; SGDm 0.1 overflows to NaN (K's powers)


@case("koopman-adam-lr-0p1-30x-from-step-1", "koopman", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=500, shape=anything)
def _() -> Setup:
    return koopman_family("adam", 0.1)


@case("koopman-sgd-lr-0p3-overflows-nan", "koopman", "lr-high-nan", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=500, shape=nan_within(1, 500))
def _() -> Setup:
    return koopman_family("sgd", 0.3)


@case("koopman-adamax-onecycle-peak-1", "koopman", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return koopman_family("adamax", 1.0, schedule=one_cycle, schedule_name="OneCycleLR")


@case("koopman-sgdm-exponential-gamma-1p03-nan", "koopman", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(10, 500))
def _() -> Setup:
    return koopman_family("sgdm", 0.01, schedule=exponential(1.03), schedule_name="ExponentialLR(gamma=1.03) per batch")


@case("koopman-adam-lr-1e-6-3000x-low", "koopman", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return koopman_family("adam", 1e-6)


@case("koopman-adagrad-lr-1e-3-30x-low-log5", "koopman", "lr-low-adagrad", cf=lr_to(0.03), cf_what="Adagrad lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return koopman_family("adagrad", 1e-3, log_every=5)


@case("koopman-sgdm-summed-mse", "koopman", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, KOOP0, "the trajectories' mean square"))
def _() -> Setup:
    return koopman_family("sgdm", 0.01, loss_fn=fd.koopman_mse_summed, loss_name="mse summed over the states, steps and batch (reduction='sum')",
                          val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("koopman-adam-head-x300", "koopman", "last-layer-init",
      cf=lambda s: replace(s, model=fd.KoopmanAE), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, KOOP0, "the trajectories' mean square"))
def _() -> Setup:
    return koopman_family("adam", 3e-3, model=lambda: scaled_head(fd.KoopmanAE(), 300, bias=True))


@case("koopman-sgdm-lr-0p05-no-clip-explodes", "koopman", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return koopman_family("sgdm", 0.05)


@case("koopman-adam-missing-states-nan", "koopman", "nan-early", cf=lambda s: replace(s, data=without_missing_targets(s.data)),
      cf_what="the trajectories with a missing state dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 46))
def _() -> Setup:
    return koopman_family("adam", 3e-3, data=fd.koopman_trajectories(nan_rows=0.005))


@case("koopman-adam-decoder-dead-at-init", "koopman", "dead-units",
      cf=lambda s: replace(s, model=fd.KoopmanAE), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return koopman_family("adam", 3e-3, model=lambda: fd.KoopmanAE(dead_bias=-100.0), track_zero_grads=True)


@case("koopman-adam-exponential-100x-in-50-steps", "koopman", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 52))
def _() -> Setup:
    return koopman_family("adam", 3e-3, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 50")


@case("koopman-adam-lr-0p01-recreated-each-epoch", "koopman", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=47, tol=5,
      shape=anything)
def _() -> Setup:
    return koopman_family("adam", 0.01, recreate_optimizer_at=frozenset(range(46, 500, 46)))


# fresh14 half: healthy look-alikes


@case("lora-adamw-warmup-cosine", "lora", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.LORA_CLASSES))
def _() -> Setup:
    return lora_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("lora-sgdm-onecycle-log5", "lora", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.LORA_CLASSES))
def _() -> Setup:
    return lora_family("sgdm", 0.05, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("lora-nadam-reduce-on-plateau-log4", "lora", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.LORA_CLASSES))
def _() -> Setup:
    return lora_family("nadam", 3e-3, log_every=4, schedule=on_plateau(0.3, 1),
                       schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("lora-adam-constant-long-avg20", "lora", "healthy", like=("plateau", "lr-too-low", "overfitting"), shape=healthy_shape())
def _() -> Setup:
    return lora_family("adam", 3e-3, steps=1200, log_every=20, average=True, eval_every=120)


@case("lora-rmsprop-resumed-with-state", "lora", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.LORA_CLASSES))
def _() -> Setup:
    return lora_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("lora-adadelta-constant-log3", "lora", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.LORA_CLASSES))
def _() -> Setup:
    return lora_family("adadelta", 1.0, log_every=3)


@case("hyper-adam-warmup-cosine", "hyper", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return hyper_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("hyper-adam-step-decay-log4", "hyper", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return hyper_family("adam", 3e-3, log_every=4, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("hyper-adam-sgdr-log5", "hyper", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return hyper_family("adam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                        schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("hyper-radam-constant-log2", "hyper", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return hyper_family("radam", 0.01, log_every=2)


@case("hyper-adam-constant-long-avg25", "hyper", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return hyper_family("adam", 3e-3, steps=1500, log_every=25, average=True, eval_every=150)


@case("perceiver-adamw-warmup-cosine", "perceiver", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.PERC_CLASSES))
def _() -> Setup:
    return perceiver_family("adamw", 6e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("perceiver-sgdm-onecycle-log5", "perceiver", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.PERC_CLASSES))
def _() -> Setup:
    return perceiver_family("sgdm", 0.1, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("perceiver-adam-cyclic-triangular2", "perceiver", "healthy", like=("lr-too-high",), shape=healthy_shape(fd.PERC_CLASSES))
def _() -> Setup:
    return perceiver_family("adam", 0.01, schedule=cyclic(0.1, 0.25, mode="triangular2"), schedule_name="CyclicLR triangular2")


@case("perceiver-adam-finetune-lr-1e-4", "perceiver", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fall=1.4))
def _() -> Setup:
    return perceiver_family("adam", 1e-4, steps=150, eval_every=15, model=fd.pretrained_perceiver,
                            meta={"model": "Perceiver: 8 latents, cross-attention + latent self-attention, pre-LN, d 32, 2 heads",
                                  "pretrained": True})  # fmt: skip


@case("perceiver-nadam-reduce-on-plateau-log4", "perceiver", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.PERC_CLASSES))
def _() -> Setup:
    return perceiver_family("nadam", 3e-3, log_every=4, schedule=on_plateau(0.3, 1),
                            schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("koopman-adam-warmup-cosine", "koopman", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return koopman_family("adam", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("koopman-adam-step-decay-log4", "koopman", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return koopman_family("adam", 0.01, log_every=4, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("koopman-adam-sgdr-log5", "koopman", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return koopman_family("adam", 0.01, log_every=5, schedule=warm_restarts(0.25),
                          schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("koopman-adagrad-cosine-long-avg50", "koopman", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return koopman_family("adagrad", 0.03, steps=2000, log_every=50, average=True, eval_every=200, schedule=cosine_after(0.0),
                          schedule_name="cosine")  # fmt: skip


@case("koopman-rmsprop-resumed-with-state", "koopman", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return koopman_family("rmsprop", 1e-3, recreate_optimizer_at=frozenset({250}), keep_optimizer_state=True)


@case("koopman-nadam-constant-log2", "koopman", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return koopman_family("nadam", 3e-3, log_every=2)


# fresh14 half, logged once per epoch


@case("perceiver-adam-64-series-overfits-per-epoch", "perceiver", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return perceiver_family("adam", 0.01, steps=8 * 40, data=fd.irregular_waves(train_rows=64, batch_size=8), log_per_epoch=True)


@case("lora-adam-288-rows-overfits-per-epoch", "lora", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return lora_family("adam", 0.01, steps=9 * 30, data=fd.shifted_task(train_rows=288, batch_size=32), log_per_epoch=True)


@case("koopman-adam-lr-0p1-per-epoch", "koopman", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return koopman_family("adam", 0.1, steps=46 * 8, log_per_epoch=True)


@case("lora-adam-cosine-per-epoch", "lora", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return lora_family("adam", 0.01, steps=62 * 6, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("hyper-adam-per-epoch", "hyper", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return hyper_family("adam", 3e-3, steps=125 * 5, log_per_epoch=True)


@case("perceiver-adamw-warmup-cosine-per-epoch", "perceiver", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return perceiver_family("adamw", 6e-3, steps=62 * 4, log_per_epoch=True, schedule=cosine_after(0.1),
                            schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("koopman-adam-cosine-per-epoch", "koopman", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return koopman_family("adam", 0.03, steps=46 * 8, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")
