"""The twenty-third fresh half (fresh23, held out from all tuning):
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
    LN, Setup, cosine_after, cyclic, exponential, exponential_to, linear_decay_after, multistep, one_cycle,
    scaled_head, warm_restarts,
)


def arcface_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.arcface_loss)
    knobs.setdefault("loss_name", "ArcFace: cross-entropy of s cos(theta + m) for the true identity and s cos(theta) for the others, s = 30, m = 0.3")
    knobs.setdefault("meta", {"model": "ArcFace: embedding MLP 32-128-128 (ReLU), bias-free linear to 64, L2-normalised; 20 normalised class centres",
                              "identities": fd.ARC_IDS, "scale": fd.ARC_SCALE, "margin": fd.ARC_MARGIN})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.arc_identities(), knobs.pop("model", None) or fd.ArcFaceNet, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def lista_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the recovered sparse code")
    knobs.setdefault("meta", {"model": "LISTA: 5 unrolled ISTA layers, shared W (32 -> 64) and S (64 -> 64), learned thresholds, a linear head",
                              "measurements": fd.LISTA_OBS, "atoms": fd.LISTA_ATOMS, "nonzeros": fd.LISTA_K})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.lista_codes(), knobs.pop("model", None) or fd.LISTA, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def tpp_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.tpp_nll)
    knobs.setdefault("loss_name", "negative log-likelihood per event of the next inter-event time (a mixture of 3 log-normals)")
    knobs.setdefault("meta", {"model": "neural TPP: GRU 32 over the log intervals, ReLU 32, head to a mixture of 3 log-normals",
                              "events": fd.TPP_EVENTS, "mixture": fd.TPP_MIX})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.tpp_sequences(), knobs.pop("model", None) or fd.NeuralTPP, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def gumbel_family(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    knobs.setdefault("loss_fn", fd.gumbel_elbo)
    knobs.setdefault("loss_name", "negative ELBO: BCE summed over the 64 pixels + KL(q || uniform) of the categorical latents")
    knobs.setdefault("meta", {"model": "categorical VAE: encoder MLP 64-128-128 to 8 latents of 8 categories, straight-through Gumbel-softmax (temperature 1 -> 0.5), decoder MLP 64-128-64",
                              "latents": fd.GUMBEL_LATENTS, "categories": fd.GUMBEL_CATS, "image_size": fd.GUMBEL_SIZE})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.gumbel_bars(), knobs.pop("model", None) or fd.GumbelVAE, optimizer, lr,
                      steps, **knobs)  # fmt: skip


ARC0, LISTA0, TPP0, GUMBEL0 = fd.arcface_at_init(), fd.lista_at_zero(), fd.tpp_at_init(), 64 * LN(2)
"""Where the families start: ArcFace at cosines of 0, ln(19 + e^-9) + 30 sin 0.3 = 11.8 (far above ln 20 = 3.0 by design);
LISTA near the mean square of the codes (the all-zero code); the point process near the NLL of one standard log-normal;
the categorical VAE at 64 ln 2 (every pixel at a logit of 0, the latents uniform)."""


# arcface: an embedding MLP (32-128-128 ReLU, a bias-free linear to 64, normalised) with ArcFace's additive angular margin
# (s = 30, m = 0.3) over 20 synthetic identities; ~17 at step 1; works at Adam 1e-3-0.01 (the held-out loss ~1.1-1.2),
# SGDm 0.1 (~1.1); Adam 10 and SGDm 10 stay at ~9-12, SGD 1 at ~7


@case("arcface-adam-lr-10-log2", "arcface", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return arcface_family("adam", 10.0, log_every=2)


@case("arcface-sgdm-lr-10-100x", "arcface", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return arcface_family("sgdm", 10.0)


@case("arcface-sgdm-warmup-cosine-peak-10", "arcface", "lr-high-ramp", cf=lr_to(0.1), cf_what="peak lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return arcface_family("sgdm", 10.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("arcface-adam-exponential-gamma-1p02", "arcface", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return arcface_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("arcface-adam-lr-1e-5-300x-low", "arcface", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return arcface_family("adam", 1e-5)


@case("arcface-sgdm-lr-1e-3-100x-low-log3", "arcface", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return arcface_family("sgdm", 1e-3, log_every=3)


@case("arcface-sgdm-summed-loss", "arcface", "summed",
      cf=lambda s: replace(s, loss_fn=fd.arcface_loss, loss_name="ArcFace (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ARC0, "ArcFace's loss at cosines of 0"))
def _() -> Setup:
    return arcface_family("sgdm", 0.1, loss_fn=fd.arcface_loss_summed, loss_name="ArcFace summed over the batch (reduction='sum')",
                          val_loss_fn=fd.arcface_loss, mean_loss_fn=fd.arcface_loss)  # fmt: skip


@case("arcface-adam-multistep-x0p1-at-5pct", "arcface", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return arcface_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("arcface-adam-missing-feature-nan", "arcface", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the samples with a missing feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return arcface_family("adam", 3e-3, data=fd.arc_identities(nan_rows=0.003))


@case("arcface-adam-fc-dead-at-init", "arcface", "dead-units",
      cf=lambda s: replace(s, model=fd.ArcFaceNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return arcface_family("adam", 3e-3, model=lambda: fd.ArcFaceNet(dead_bias=-30.0), track_zero_grads=True)


@case("arcface-adam-lr-0p01-recreated-every-8-steps", "arcface", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return arcface_family("adam", 0.01, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("arcface-sgd-lr-1", "arcface", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return arcface_family("sgd", 1.0)


# lista: LISTA (5 unrolled ISTA layers, shared W and S, learned thresholds, a linear head from the identity) recovering
# 64-atom codes with 4 nonzeros from 32 noisy measurements, MSE (~0.096 at step 1, the all-zero code 0.066); works at
# Adam 0.01-0.03 (the held-out MSE ~0.009-0.011 in 400 steps), SGDm 3 (~0.017); Adam 0.1 blows up (3e7)


@case("lista-adam-lr-0p3-30x-log2", "lista", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return lista_family("adam", 0.3, log_every=2)


@case("lista-sgdm-lr-30", "lista", "lr-high-nan", cf=lr_to(3.0), cf_what="lr 3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lista_family("sgdm", 30.0)


@case("lista-adamw-warmup-cosine-peak-0p3", "lista", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lista_family("adamw", 0.3, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("lista-nadam-cyclic-peak-0p3", "lista", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lista_family("nadam", 0.3, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("lista-adam-lr-1e-4-100x-low", "lista", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lista_family("adam", 1e-4)


@case("lista-sgdm-lr-0p03-100x-low-log3", "lista", "lr-low-sgd", cf=lr_to(3.0), cf_what="lr 3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lista_family("sgdm", 0.03, log_every=3)


@case("lista-sgdm-summed-mse", "lista", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, LISTA0, "the mean square of the codes"))
def _() -> Setup:
    return lista_family("sgdm", 3.0, loss_fn=fd.lista_mse_summed, loss_name="squared error summed over the atoms and batch (reduction='sum')",
                        val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("lista-adam-head-x300", "lista", "last-layer-init",
      cf=lambda s: replace(s, model=fd.LISTA), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LISTA0, "the mean square of the codes"))
def _() -> Setup:
    return lista_family("adam", 0.01, model=lambda: scaled_head(fd.LISTA(), 300, bias=True))


@case("lista-adam-multistep-x0p1-at-5pct", "lista", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return lista_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("lista-adam-exponential-1000x-in-40-steps", "lista", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return lista_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("lista-adam-missing-reading-nan", "lista", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the measurements with a missing reading dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return lista_family("adam", 0.01, data=fd.lista_codes(nan_rows=0.003))


@case("lista-adam-lr-0p03-recreated-every-8-steps", "lista", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return lista_family("adam", 0.03, recreate_optimizer_at=frozenset(range(8, 400, 8)))


# tpp: an intensity-free neural temporal point process (a GRU 32 over the log intervals, a ReLU layer, a mixture of 3
# log-normals for the next interval) on a regime-switching renewal process, NLL per event (~1.05 at step 1, below 0 when
# trained); works at Adam 3e-3-0.1 and SGDm 0.1 (the held-out NLL ~-0.72 to -0.73 in 400 steps); Adam 0.3, SGDm 1 and
# RMSprop 0.1 collapse to ~2.39


@case("tpp-adam-lr-1-100x-log2", "tpp", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return tpp_family("adam", 1.0, log_every=2)


@case("tpp-sgdm-lr-3-30x", "tpp", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tpp_family("sgdm", 3.0)


@case("tpp-rmsprop-lr-0p1-log4", "tpp", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tpp_family("rmsprop", 0.1, log_every=4)


@case("tpp-adam-exponential-gamma-1p02", "tpp", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tpp_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("tpp-adamw-warmup-cosine-peak-1", "tpp", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tpp_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("tpp-adam-lr-1e-4-100x-low", "tpp", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tpp_family("adam", 1e-4)


@case("tpp-adagrad-lr-1e-3-100x-low-log5", "tpp", "lr-low-adagrad", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tpp_family("adagrad", 1e-3, log_every=5)


@case("tpp-sgdm-summed-nll", "tpp", "summed",
      cf=lambda s: replace(s, loss_fn=fd.tpp_nll, loss_name="NLL per event (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, TPP0, "the NLL of one standard log-normal"))
def _() -> Setup:
    return tpp_family("sgdm", 0.1, loss_fn=fd.tpp_nll_summed, loss_name="NLL summed over the events and sequences (reduction='sum')",
                      val_loss_fn=fd.tpp_nll, mean_loss_fn=fd.tpp_nll)  # fmt: skip


@case("tpp-adam-head-x300", "tpp", "last-layer-init",
      cf=lambda s: replace(s, model=fd.NeuralTPP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, TPP0, "the NLL of one standard log-normal"))
def _() -> Setup:
    return tpp_family("adam", 0.01, model=lambda: scaled_head(fd.NeuralTPP(), 300, bias=True))


@case("tpp-adam-multistep-x0p1-at-5pct", "tpp", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return tpp_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("tpp-adam-exponential-1000x-in-40-steps", "tpp", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return tpp_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("tpp-adam-duplicate-timestamps-log0", "tpp", "nan-log0", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the sequences with a duplicate time stamp dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return tpp_family("adam", 0.01, data=fd.tpp_sequences(dup_rows=0.01))


@case("tpp-adam-missing-timestamp-nan", "tpp", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the sequences with a missing time stamp dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return tpp_family("adam", 0.01, data=fd.tpp_sequences(nan_rows=0.005))


@case("tpp-adam-fc-dead-at-init", "tpp", "dead-units",
      cf=lambda s: replace(s, model=fd.NeuralTPP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return tpp_family("adam", 0.01, model=lambda: fd.NeuralTPP(dead_bias=-30.0), track_zero_grads=True)


@case("tpp-adam-lr-0p3-no-warmup", "tpp", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return tpp_family("adam", 0.3)


@case("tpp-adamw-lr-0p3-no-warmup", "tpp", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return tpp_family("adamw", 0.3)


@case("tpp-sgd-lr-3-no-clip-explodes", "tpp", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return tpp_family("sgd", 3.0)


@case("tpp-adam-16-sequences-overfits", "tpp", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return tpp_family("adam", 3e-3, steps=800, eval_every=40, data=fd.tpp_sequences(train_rows=16, batch_size=8),
                      model=lambda: fd.NeuralTPP(hidden=128))  # fmt: skip


# gumbel: a categorical VAE (encoder MLP 64-128-128 to 8 latents of 8 categories, straight-through Gumbel-softmax annealed
# from temperature 1 to 0.5, decoder MLP 64-128-64) of 8x8 binary bar images, the negative ELBO (64 ln 2 = 44.4 at step 1;
# the mean image alone ~36); works at Adam 3e-3 (the held-out negative ELBO ~20-27 in 600 steps, still falling), 0.01
# ~31; Adam 0.03 stays at ~39 and SGD (with or without momentum, lr 0.1-3) at the mean image's ~38-39


@case("gumbel-adam-lr-0p3-100x-log2", "gumbel", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=600, shape=anything)
def _() -> Setup:
    return gumbel_family("adam", 0.3, log_every=2)


@case("gumbel-rmsprop-lr-0p1-log4", "gumbel", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return gumbel_family("rmsprop", 0.1, log_every=4)


@case("gumbel-adamw-warmup-cosine-peak-0p3", "gumbel", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return gumbel_family("adamw", 0.3, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("gumbel-nadam-exponential-gamma-1p02", "gumbel", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return gumbel_family("nadam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("gumbel-adam-lr-1e-5-300x-low", "gumbel", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return gumbel_family("adam", 1e-5)


@case("gumbel-adam-head-x300", "gumbel", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GumbelVAE), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, GUMBEL0, "64 ln 2"))
def _() -> Setup:
    return gumbel_family("adam", 3e-3, model=lambda: scaled_head(fd.GumbelVAE(), 300, bias=True))


@case("gumbel-adam-multistep-x0p1-at-5pct", "gumbel", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=31, tol=100, shape=lr_down_by(0.11, 35))
def _() -> Setup:
    return gumbel_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("gumbel-adam-missing-pixel-nan", "gumbel", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return gumbel_family("adam", 3e-3, data=fd.gumbel_bars(nan_rows=0.003))


@case("gumbel-adam-lr-3e-3-recreated-every-8-steps", "gumbel", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return gumbel_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(8, 600, 8)))


# fresh23 half: healthy look-alikes


@case("arcface-adam-cosine-log2", "arcface", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return arcface_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("arcface-nesterov-onecycle", "arcface", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return arcface_family("sgdm", 0.3, opt_args={"nesterov": True}, schedule=one_cycle, schedule_name="OneCycleLR")


@case("arcface-rmsprop-constant-log3", "arcface", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return arcface_family("rmsprop", 1e-3, log_every=3)


@case("arcface-adam-resumed-with-state", "arcface", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return arcface_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("lista-adam-warmup-cosine", "lista", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return lista_family("adam", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("lista-adam-sgdr-log4", "lista", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return lista_family("adam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("lista-nadam-onecycle-log5", "lista", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return lista_family("nadam", 0.03, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("lista-adamax-step-decay-log3", "lista", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return lista_family("adamax", 0.03, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("lista-sgdm-cyclic-triangular2", "lista", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return lista_family("sgdm", 3.0, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("tpp-adam-linear-decay-avg10", "tpp", "healthy", like=("plateau", "lr-too-low", "overfitting"), shape=healthy_shape())
def _() -> Setup:
    return tpp_family("adam", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                      schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("tpp-adam-plateau-log2", "tpp", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return tpp_family("adam", 0.01, log_every=2, schedule=on_plateau(0.3, 1), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("tpp-radam-cosine-log3", "tpp", "healthy", like=("plateau", "lr-too-low", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return tpp_family("radam", 0.01, log_every=3, schedule=cosine_after(0.0), schedule_name="cosine")


@case("tpp-sgdm-constant-log3", "tpp", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return tpp_family("sgdm", 0.1, log_every=3)


@case("tpp-adam-resumed-with-state", "tpp", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return tpp_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("tpp-adagrad-constant-log2", "tpp", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return tpp_family("adagrad", 0.1, log_every=2)


@case("gumbel-adam-warmup-cosine", "gumbel", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return gumbel_family("adam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("gumbel-adam-step-decay-log4", "gumbel", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return gumbel_family("adam", 3e-3, log_every=4, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("gumbel-nadam-onecycle-log2", "gumbel", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return gumbel_family("nadam", 3e-3, log_every=2, schedule=one_cycle, schedule_name="OneCycleLR")


# fresh23 half, logged once per epoch


@case("arcface-adam-lr-10-per-epoch", "arcface", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return arcface_family("adam", 10.0, steps=46 * 9, log_per_epoch=True)


@case("arcface-adam-256-noisy-samples-overfits-per-epoch", "arcface", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return arcface_family("adam", 3e-3, steps=4 * 100, log_per_epoch=True, data=fd.arc_identities(train_rows=256, flip=0.3))


@case("gumbel-adam-32-images-overfits-per-epoch", "gumbel", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return gumbel_family("adam", 3e-3, steps=2 * 300, log_per_epoch=True, data=fd.gumbel_bars(train_rows=32, batch_size=16),
                         model=lambda: fd.GumbelVAE(hidden=512))  # fmt: skip


@case("tpp-adam-32-sequences-overfits-per-epoch", "tpp", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return tpp_family("adam", 3e-3, steps=4 * 150, log_per_epoch=True, data=fd.tpp_sequences(train_rows=32, batch_size=8),
                      model=lambda: fd.NeuralTPP(hidden=128))  # fmt: skip


@case("arcface-adam-cosine-per-epoch", "arcface", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return arcface_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("arcface-adamax-per-epoch", "arcface", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return arcface_family("adamax", 3e-3, steps=46 * 9, log_per_epoch=True)


@case("lista-adam-cosine-per-epoch", "lista", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return lista_family("adam", 0.03, steps=46 * 9, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("tpp-adam-cosine-per-epoch", "tpp", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return tpp_family("adam", 0.01, steps=62 * 7, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("tpp-nadam-per-epoch", "tpp", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return tpp_family("nadam", 3e-3, steps=62 * 7, log_per_epoch=True)


@case("gumbel-adam-cosine-per-epoch", "gumbel", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return gumbel_family("adam", 3e-3, steps=46 * 13, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("gumbel-adamax-per-epoch", "gumbel", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return gumbel_family("adamax", 0.01, steps=46 * 13, log_per_epoch=True)
