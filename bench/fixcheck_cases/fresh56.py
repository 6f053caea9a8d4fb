"""The fifty-eighth fresh half (fresh56, held out from all tuning):
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


def dirichletreg_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.dirichlet_nll)
    knobs.setdefault("loss_name", "Dirichlet negative log-likelihood of the compositions (mean)")
    knobs.setdefault("meta", {"model": "Dirichlet regression: ReLU MLP 8-64-64, a ReLU layer 64-32, a head to 3 concentrations (softplus + 0.01)",
                              "features": fd.DIRICHLET_FEATURES, "parts": fd.DIRICHLET_PARTS,
                              "held_out": "Dirichlet negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.dirichlet_rows(), knobs.pop("model", None) or fd.DirichletMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def fnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes")
    knobs.setdefault("meta", {"model": "FNet-like: token and position embeddings 16, 2 blocks of 2-D Fourier token mixing (the real part of an FFT over tokens and hidden units) and a GELU feed-forward, post-LN, a mean over the tokens, a ReLU layer 16-32, a head",
                              "length": fd.FNET_LENGTH, "vocab": fd.FNET_VOCAB, "classes": fd.FNET_CLASSES,
                              "held_out": "cross-entropy on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.fnet_tokens(), knobs.pop("model", None) or fd.FNetNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def res2net_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 textures")
    knobs.setdefault("meta", {"model": "Res2Net-like CNN: a 3x3 conv stem 1-16, a 2x2 max pool, 2 bottleneck blocks (a 1x1 conv, 4 groups of 4 channels joined by hierarchical residual 3x3 convs, a 1x1 conv, a residual), a global average pool, a ReLU layer 16-32, a head",
                              "image": fd.RES2NET_SIZE, "classes": fd.RES2NET_CLASSES, "scale": 4,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.res2net_images(), knobs.pop("model", None) or fd.Res2NetNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def schnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the standardised molecular property")
    knobs.setdefault("meta", {"model": "SchNet-like: atom-type embeddings 16, 2 continuous-filter interactions (filters an MLP of 16 Gaussian radial basis functions of the pairwise distances, a cosine cutoff at 4, shifted softplus), a per-atom ReLU layer 16-32 and head, a sum readout",
                              "atoms": fd.SCHNET_ATOMS, "atom_types": fd.SCHNET_TYPES, "rbf": fd.SCHNET_RBF,
                              "cutoff": fd.SCHNET_CUTOFF, "held_out": "mse on new molecules"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.schnet_molecules(), knobs.pop("model", None) or fd.SchNetNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


FNET0, RES2NET0, SCHNET0, DIRICHLET0 = LN(fd.FNET_CLASSES), LN(fd.RES2NET_CLASSES), fd.schnet_at_zero(), fd.dirichlet_at_zero()
"""Where the families start: the FNet-like classifier and the Res2Net-like CNN at ln 4; SchNet at the MSE of a
prediction of 0 (~1.0), the Dirichlet MLP at the negative log-likelihood of raw outputs of 0 (~-0.89: a density, below
0), not ln C."""


# fnet: an FNet-like classifier (2-D Fourier token mixing, real part, GELU feed-forward, post-LN) naming the cue token
# planted most often in sequences of 16 tokens, cross-entropy over 4 (1.42 at step 1, ln 4 = 1.39); works at Adam
# 1e-3-0.03 (best 3e-3), SGDm 0.01-0.1


@case("fnet-adam-lr-1-log4", "fnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return fnet_family("adam", 1.0, log_every=4)


@case("fnet-sgdm-lr-3-30x", "fnet", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return fnet_family("sgdm", 3.0)


@case("fnet-adamw-warmup-cosine-peak-1", "fnet", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return fnet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("fnet-adam-lr-3e-5-100x-low", "fnet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return fnet_family("adam", 3e-5)


@case("fnet-nadam-lr-3e-5-100x-low-log3", "fnet", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return fnet_family("nadam", 3e-5, log_every=3)


@case("fnet-sgdm-summed-ce", "fnet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, FNET0, "ln 4"))
def _() -> Setup:
    return fnet_family("sgdm", 0.1, loss_fn=fd.fnet_ce_summed, loss_name="cross_entropy summed over the batch's sequences (reduction='sum')",
                       val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("fnet-adam-head-x1000", "fnet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.FNetNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, FNET0, "ln 4"))
def _() -> Setup:
    return fnet_family("adam", 3e-3, model=lambda: scaled_head(fd.FNetNet(), 1000))


@case("fnet-adam-multistep-x0p1-at-5pct", "fnet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return fnet_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("fnet-adam-fc-dead-at-init", "fnet", "dead-units",
      cf=lambda s: replace(s, model=fd.FNetNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return fnet_family("adam", 3e-3, model=lambda: fd.FNetNet(dead_bias=-30.0), track_zero_grads=True)


@case("fnet-adam-lr-0p1-no-warmup", "fnet", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return fnet_family("adam", 0.1)


# schnet: a SchNet-like regressor (continuous-filter convolutions, filters an MLP of radial basis functions of the
# pairwise distances with a cosine cutoff, atom-type embeddings, a sum readout) of an energy-like property of 8-atom
# synthetic molecules, MSE of the standardised property (0.66 at step 1, ~1.0 at a prediction of 0); works at Adam
# 3e-3-0.01 (best 0.01, spiky), SGDm only at 1e-3 (the sum readout makes its gradients large)


@case("schnet-adam-lr-1", "schnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return schnet_family("adam", 1.0)


@case("schnet-rmsprop-lr-0p3-100x-log2", "schnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return schnet_family("rmsprop", 0.3, log_every=2)


@case("schnet-adamw-warmup-cosine-peak-1", "schnet", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return schnet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("schnet-adam-exponential-gamma-1p02", "schnet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return schnet_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("schnet-adam-lr-3e-5-100x-low", "schnet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return schnet_family("adam", 3e-5)


@case("schnet-sgd-lr-0p03-no-clip", "schnet", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return schnet_family("sgd", 0.03)


@case("schnet-sgdm-summed-mse", "schnet", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SCHNET0, "the MSE of a prediction of 0"))
def _() -> Setup:
    return schnet_family("sgdm", 1e-3, loss_fn=fd.schnet_mse_summed, loss_name="squared error summed over the batch's molecules (reduction='sum')",
                         val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("schnet-adam-head-x100", "schnet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SchNetNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SCHNET0, "the MSE of a prediction of 0"))
def _() -> Setup:
    return schnet_family("adam", 3e-3, model=lambda: scaled_head(fd.SchNetNet(), 100))


@case("schnet-adam-exponential-1000x-in-40-steps", "schnet", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return schnet_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("schnet-adam-missing-coordinate-nan", "schnet", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the molecules with a missing (NaN) coordinate dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return schnet_family("adam", 3e-3, data=fd.schnet_molecules(nan_rows=0.003))


@case("schnet-adam-fc-dead-at-init", "schnet", "dead-units",
      cf=lambda s: replace(s, model=fd.SchNetNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return schnet_family("adam", 3e-3, model=lambda: fd.SchNetNet(dead_bias=-30.0), track_zero_grads=True)


@case("schnet-adam-lr-0p01-recreated-every-4-steps", "schnet", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return schnet_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


# res2net: a Res2Net-like CNN (bottleneck blocks of 4 channel groups joined by hierarchical residual 3x3 convs) naming
# the texture (horizontal, vertical or diagonal stripes, a checkerboard) of a patch in 12x12 images with a distractor
# blob, cross-entropy over 4 (1.39 at step 1, ln 4 = 1.39); works at Adam 1e-3-0.03 (best 0.01), SGDm 0.1-0.3


@case("res2net-adam-lr-1-log2", "res2net", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return res2net_family("adam", 1.0, log_every=2)


@case("res2net-sgdm-lr-30-100x", "res2net", "lr-high-step1", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return res2net_family("sgdm", 30.0)


@case("res2net-nadam-cyclic-peak-1", "res2net", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return res2net_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("res2net-adam-lr-1e-4-100x-low", "res2net", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return res2net_family("adam", 1e-4)


@case("res2net-sgdm-lr-3e-3-30x-low-log3", "res2net", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return res2net_family("sgdm", 3e-3, log_every=3)


@case("res2net-sgdm-summed-ce", "res2net", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, RES2NET0, "ln 4"))
def _() -> Setup:
    return res2net_family("sgdm", 0.1, loss_fn=fd.res2net_ce_summed, loss_name="cross_entropy summed over the batch's images (reduction='sum')",
                          val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("res2net-adam-multistep-x0p1-at-5pct", "res2net", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return res2net_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("res2net-adam-missing-pixel-nan", "res2net", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return res2net_family("adam", 0.01, data=fd.res2net_images(nan_rows=0.003))


@case("res2net-adam-lr-3e-3-head-x1000", "res2net", "last-layer-init",
      cf=lambda s: replace(s, model=fd.Res2NetNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, RES2NET0, "ln 4"))
def _() -> Setup:
    return res2net_family("adam", 3e-3, model=lambda: scaled_head(fd.Res2NetNet(), 1000))


@case("res2net-adamw-lr-0p1-no-warmup", "res2net", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return res2net_family("adamw", 0.1)


@case("res2net-adam-fc-dead-at-init", "res2net", "dead-units",
      cf=lambda s: replace(s, model=fd.Res2NetNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return res2net_family("adam", 0.01, model=lambda: fd.Res2NetNet(dead_bias=-30.0), track_zero_grads=True)


# dirichletreg: an MLP regressor of 3-part compositions that predicts Dirichlet concentrations (softplus + 0.01), the
# Dirichlet negative log-likelihood (-0.95 at step 1, ~-0.89 at raw outputs of 0: a density, so below 0); works at
# Adam 1e-3-0.03 (best 0.01), SGDm 0.01-0.03


@case("dirichletreg-adam-lr-1-log2", "dirichletreg", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dirichletreg_family("adam", 1.0, log_every=2)


@case("dirichletreg-sgdm-lr-30-1000x", "dirichletreg", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dirichletreg_family("sgdm", 30.0)


@case("dirichletreg-adamw-warmup-cosine-peak-1", "dirichletreg", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dirichletreg_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("dirichletreg-rmsprop-exponential-gamma-1p02", "dirichletreg", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dirichletreg_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("dirichletreg-adam-lr-1e-4-100x-low-log2", "dirichletreg", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dirichletreg_family("adam", 1e-4, log_every=2)


@case("dirichletreg-sgdm-summed", "dirichletreg", "summed",
      cf=lambda s: replace(s, loss_fn=fd.dirichlet_nll, loss_name="Dirichlet negative log-likelihood (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DIRICHLET0, "the Dirichlet NLL of raw outputs of 0"))
def _() -> Setup:
    return dirichletreg_family("sgdm", 0.03, loss_fn=fd.dirichlet_summed, loss_name="Dirichlet negative log-likelihood summed over the batch's rows (reduction='sum')",
                               val_loss_fn=fd.dirichlet_nll, mean_loss_fn=fd.dirichlet_nll)  # fmt: skip


@case("dirichletreg-adam-exponential-1000x-in-40-steps", "dirichletreg", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return dirichletreg_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("dirichletreg-adam-missing-feature-nan", "dirichletreg", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return dirichletreg_family("adam", 3e-3, data=fd.dirichlet_rows(nan_rows=0.003))


@case("dirichletreg-adam-256-rows-overfits", "dirichletreg", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return dirichletreg_family("adam", 0.01, steps=600, eval_every=30, data=fd.dirichlet_rows(train_rows=256))


@case("dirichletreg-sgd-lr-1-no-clip", "dirichletreg", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return dirichletreg_family("sgd", 1.0)


# fresh56 half: healthy look-alikes


@case("fnet-adam-cosine-log2", "fnet", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.FNET_CLASSES))
def _() -> Setup:
    return fnet_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("schnet-adamw-cosine-eval25", "schnet", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return schnet_family("adamw", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("fnet-nadam-sgdr-log4", "fnet", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.FNET_CLASSES))
def _() -> Setup:
    return fnet_family("nadam", 3e-3, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("dirichletreg-adagrad-step-decay", "dirichletreg", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return dirichletreg_family("adagrad", 0.03, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("res2net-radam-step-decay-log3", "res2net", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.RES2NET_CLASSES))
def _() -> Setup:
    return res2net_family("radam", 0.01, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("dirichletreg-sgdm-cyclic-triangular2", "dirichletreg", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return dirichletreg_family("sgdm", 0.03, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("schnet-adam-one-cycle", "schnet", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return schnet_family("adam", 0.01, schedule=one_cycle, schedule_name="OneCycleLR")


@case("res2net-nesterov-one-cycle", "res2net", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.RES2NET_CLASSES))
def _() -> Setup:
    return res2net_family("nesterov", 0.1, schedule=one_cycle, schedule_name="OneCycleLR")


@case("dirichletreg-adamw-warmup-linear-avg10", "dirichletreg", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return dirichletreg_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                               schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("res2net-adam-warmup-cosine", "res2net", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.RES2NET_CLASSES))
def _() -> Setup:
    return res2net_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("schnet-adam-warmup-cosine", "schnet", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return schnet_family("adam", 0.02, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("res2net-adam-resumed-with-state", "res2net", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.RES2NET_CLASSES))
def _() -> Setup:
    return res2net_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("dirichletreg-adam-resumed-with-state", "dirichletreg", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return dirichletreg_family("adam", 0.01, steps=500, eval_every=50, recreate_optimizer_at=frozenset({250}), keep_optimizer_state=True)


@case("fnet-rmsprop-constant-log5", "fnet", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.FNET_CLASSES))
def _() -> Setup:
    return fnet_family("rmsprop", 1e-3, log_every=5)


@case("res2net-adam-reduce-on-plateau-log4", "res2net", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.RES2NET_CLASSES))
def _() -> Setup:
    return res2net_family("adam", 0.01, log_every=4, schedule=on_plateau(0.3, 1), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("fnet-nesterov-lr-0p1-cosine", "fnet", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fd.FNET_CLASSES))
def _() -> Setup:
    return fnet_family("nesterov", 0.1, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dirichletreg-adam-finetune-lr-1e-4", "dirichletreg", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fall=1.0))
def _() -> Setup:
    return dirichletreg_family("adam", 1e-4, steps=300, eval_every=30, model=fd.pretrained_dirichlet,
                               meta={"features": fd.DIRICHLET_FEATURES, "parts": fd.DIRICHLET_PARTS, "pretrained": True})  # fmt: skip


@case("schnet-adam-constant-600-steps-log3", "schnet", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return schnet_family("adam", 3e-3, steps=600, eval_every=60, log_every=3)


# fresh56 half, logged once per epoch


@case("dirichletreg-adam-256-rows-overfits-per-epoch", "dirichletreg", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return dirichletreg_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.dirichlet_rows(train_rows=256, batch_size=64))


@case("fnet-adam-lr-1-per-epoch", "fnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return fnet_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.fnet_tokens(n=2944, batch_size=64))


@case("res2net-adam-lr-1-per-epoch", "res2net", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return res2net_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.res2net_images(n=2944, batch_size=64))


@case("dirichletreg-adam-cosine-per-epoch", "dirichletreg", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return dirichletreg_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.dirichlet_rows(n=2944, batch_size=64),
                               schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("fnet-adam-cosine-per-epoch", "fnet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.FNET_CLASSES))
def _() -> Setup:
    return fnet_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.fnet_tokens(n=2944, batch_size=64),
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
