"""The seventh fresh half (fresh7, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import fixcheck_data as fd
from fixcheck_cases.fresh import on_plateau
from fixcheck_cases.fresh6 import setup_more
from fixcheck_cases.tune import HIGH
from fixcheck_core import (
    anything, case, dead_from, first_dead, first_loss_above, first_nan, flat_late, healthy_shape, imputed, lr_down_by,
    lr_to, nan_within, overfits, still_falling,
)
from harness import (
    LN, Setup, cosine_after, cyclic, exponential, exponential_to, multistep, one_cycle, scaled_head, warm_restarts,
)


def pinn_family(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    knobs.setdefault("loss_fn", fd.pinn_loss)
    knobs.setdefault("loss_name", "physics-informed loss: mean squared residual (u'' - f) / pi^2 + boundary u(0)^2 + u(1)^2")
    knobs.setdefault("meta", {"pde": "u'' = f on [0, 1], u(0) = u(1) = 0", "collocation_points": 2048})
    return setup_more(knobs.pop("data", None) or fd.collocation(), knobs.pop("model", None) or fd.PINN, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def survival_family(optimizer: str, lr: float, steps: int = 640, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 64)
    knobs.setdefault("loss_fn", fd.cox_nll)
    knobs.setdefault("loss_name", "Cox negative log partial likelihood per event (risk sets of 64, logcumsumexp)")
    knobs.setdefault("meta", {"censored_share": 0.54, "risk_set": fd.SURV_GROUP})
    return setup_more(knobs.pop("data", None) or fd.survival_cohort(), knobs.pop("model", None) or fd.CoxMLP, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def moe_family(optimizer: str, lr: float, steps: int = 800, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 80)
    knobs.setdefault("loss_fn", fd.moe_loss)
    knobs.setdefault("loss_name", "cross_entropy + 0.01 x load-balancing loss (Switch)")
    knobs.setdefault("meta", {"num_classes": fd.MOE_CLASSES, "experts": fd.MOE_EXPERTS})
    return setup_more(knobs.pop("data", None) or fd.cluster_classes(), knobs.pop("model", None) or fd.MixtureOfExperts,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def sae_family(optimizer: str, lr: float, steps: int = 800, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 80)
    knobs.setdefault("loss_fn", fd.sae_loss)
    knobs.setdefault("loss_name", "sparse autoencoder: squared error summed over 24 dims + 0.03 x L1 of the 96 latents")
    knobs.setdefault("meta", {"latents": fd.SAE_LATENTS, "l1_coefficient": fd.SAE_L1})
    return setup_more(knobs.pop("data", None) or fd.sparse_features(), knobs.pop("model", None) or fd.SparseAutoencoder,
                      optimizer, lr, steps, **knobs)  # fmt: skip


PINN0, COX0, SAE0, LN10 = 4.37, fd.cox_at_zero(), fd.sae_zero_loss(), LN(fd.MOE_CLASSES)
"""Where the untrained models start: the PINN's held-out loss (~4.4: the residual of u = 0 over pi^2), the Cox loss
at equal scores (~3.6), the SAE's loss of a zero reconstruction (~2.9), and ln 10 for the mixture of experts."""

# pinn: a tanh MLP (1-32-32-32-1) solving u'' = f on [0, 1] with u(0) = u(1) = 0 through autograd's second derivative
# at 2048 collocation points plus the boundary values; works at Adam 1e-3..1e-2, SGDm 0.01, RMSprop 3e-4; the held-out
# loss (the residual and boundary terms at 512 other points) falls from ~4.4 to ~1e-4


@case("pinn-tanh-adam-lr-0p3-100x-from-step-1", "pinn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=600, shape=anything)
def _() -> Setup:
    return pinn_family("adam", 0.3)


@case("pinn-tanh-sgdm-lr-0p1-no-clip-explodes", "pinn", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return pinn_family("sgdm", 0.1)


@case("pinn-tanh-adam-lr-3e-5-100x-low", "pinn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return pinn_family("adam", 3e-5)


@case("pinn-tanh-sgdm-lr-3e-4-30x-low-log4", "pinn", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return pinn_family("sgdm", 3e-4, log_every=4)


@case("pinn-tanh-sgdm-summed-residual", "pinn", "summed",
      cf=lambda s: replace(s, loss_fn=fd.pinn_loss, loss_name="mean squared residual + boundary terms"),
      cf_what="the residual's mean over the points", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, PINN0, "the held-out loss of u = 0"))
def _() -> Setup:
    return pinn_family("sgdm", 0.01, loss_fn=fd.pinn_loss_summed, loss_name="squared residual summed over the points + boundary terms",
                       val_loss_fn=fd.pinn_loss, mean_loss_fn=fd.pinn_loss)  # fmt: skip


@case("pinn-tanh-adam-head-x300", "pinn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.PINN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, PINN0, "the held-out loss of u = 0"))
def _() -> Setup:
    return pinn_family("adam", 3e-3, model=lambda: scaled_head(fd.PINN(), 300, bias=True))


@case("pinn-tanh-adam-relative-residual-div0", "pinn", "nan-div0",
      cf=lambda s: replace(s, loss_fn=fd.pinn_loss, loss_name="mean squared residual + boundary terms"),
      cf_what="the residual not divided by f", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan,
      tol=2, shape=nan_within(1, 40))
def _() -> Setup:
    return pinn_family("adam", 3e-3, data=fd.collocation(endpoints=True), loss_fn=fd.pinn_loss_relative,
                       loss_name="relative residual ((u'' - f) / f)^2 + boundary terms", val_loss_fn=fd.pinn_loss,
                       safe_loss_fn=fd.pinn_loss)  # fmt: skip


@case("pinn-tanh-adam-lr-3e-3-recreated-each-epoch", "pinn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=33, tol=5,
      shape=anything)
def _() -> Setup:
    return pinn_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(32, 600, 32)))


@case("pinn-tanh-adam-multistep-x0p1-at-5pct", "pinn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=31, tol=100, shape=lr_down_by(0.11, 35))
def _() -> Setup:
    return pinn_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("pinn-tanh-adam-exponential-gamma-1p01", "pinn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return pinn_family("adam", 3e-3, schedule=exponential(1.01), schedule_name="ExponentialLR(gamma=1.01) per batch")


@case("pinn-tanh-adam-lr-0p03-constant-plateau", "pinn", "plateau", cf=lambda s: replace(s, decay_step=300),
      cf_what="lr x0.1 from step 300", must=("plateau",), may=("lr-too-high",), fault_step=300, tol=250, shape=flat_late)
def _() -> Setup:
    return pinn_family("adam", 0.03)


@case("pinn-tanh-adam-lr-0p05-no-warmup", "pinn", "missing-warmup", cf=lambda s: replace(s, warmup_steps=100),
      cf_what="a 100-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=100,
      shape=anything)
def _() -> Setup:
    return pinn_family("adam", 0.05, schedule=cosine_after(0.0), schedule_name="cosine, no warmup")


# survival: a ReLU MLP (12-64-64-1) scoring log-risk, Cox partial likelihood over risk sets of 64 patients; works at
# Adam 3e-3, RMSprop 3e-3, Adagrad 0.03-0.1, SGDm 0.01-0.03; the held-out loss falls from ~3.6 (equal scores) to ~2.58


@case("survival-mlp-adam-lr-0p3-100x-from-step-1", "survival", "lr-high-step1", cf=lr_to(3e-3),
      cf_what="Adam lr 3e-3", must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=640, shape=anything)
def _() -> Setup:
    return survival_family("adam", 0.3)


@case("survival-mlp-sgdm-lr-0p3-diverges-after-dip", "survival", "lr-high-diverge", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=640, shape=anything)
def _() -> Setup:
    return survival_family("sgdm", 0.3)


@case("survival-mlp-adam-lr-1e-5-300x-low", "survival", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=640, shape=still_falling)
def _() -> Setup:
    return survival_family("adam", 1e-5)


@case("survival-mlp-adagrad-lr-1e-3-50x-low-log5", "survival", "lr-low-adagrad", cf=lr_to(0.05),
      cf_what="Adagrad lr 0.05", must=("lr-too-low",), may=("plateau",), tol=640, shape=still_falling)
def _() -> Setup:
    return survival_family("adagrad", 1e-3, log_every=5)


@case("survival-mlp-sgdm-summed-cox", "survival", "summed",
      cf=lambda s: replace(s, loss_fn=fd.cox_nll, loss_name="Cox negative log partial likelihood per event"),
      cf_what="the loss divided by the event count", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, COX0, "the Cox loss at equal scores"))
def _() -> Setup:
    return survival_family("sgdm", 0.02, loss_fn=fd.cox_nll_summed, loss_name="Cox negative log partial likelihood summed over the events",
                           val_loss_fn=fd.cox_nll, mean_loss_fn=fd.cox_nll)  # fmt: skip


@case("survival-mlp-adam-head-x300", "survival", "last-layer-init",
      cf=lambda s: replace(s, model=fd.CoxMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, COX0, "the Cox loss at equal scores"))
def _() -> Setup:
    return survival_family("adam", 3e-3, model=lambda: scaled_head(fd.CoxMLP(), 300, bias=True))


@case("survival-mlp-adam-missing-covariate-nan", "survival", "nan-early", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing values imputed", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(1, 64))
def _() -> Setup:
    return survival_family("adam", 3e-3, data=fd.survival_cohort(nan_rows=0.005))


@case("survival-mlp-rmsprop-lr-3e-3-recreated-each-epoch", "survival", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=65, tol=5,
      shape=anything)
def _() -> Setup:
    return survival_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset(range(64, 640, 64)))


@case("survival-mlp-adam-hidden-dead-at-init", "survival", "dead-units",
      cf=lambda s: replace(s, model=fd.CoxMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return survival_family("adam", 3e-3, model=lambda: fd.CoxMLP(dead_bias=-6.0), track_zero_grads=True)


@case("survival-mlp128-adam-320-patients-overfits", "survival", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return survival_family("adam", 3e-3, steps=1500, eval_every=50, data=fd.survival_cohort(train_rows=320),
                           model=lambda: fd.CoxMLP(hidden=128))  # fmt: skip


@case("survival-mlp-adamw-exponential-100x-in-60-steps", "survival", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 60))
def _() -> Setup:
    return survival_family("adamw", 3e-3, schedule=exponential_to(0.01, 0.09375),
                           schedule_name="ExponentialLR per batch, x0.01 by step 60")  # fmt: skip


@case("survival-mlp-sgdm-cyclic-peak-0p3", "survival", "lr-high-cyclic", cf=lr_to(0.03),
      cf_what="peak lr 0.03 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=640, shape=anything)
def _() -> Setup:
    return survival_family("sgdm", 0.3, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


# moe: a mixture of 6 ReLU MLP experts behind a shared ReLU stem and a softmax (or top-2) gate, cross-entropy plus 0.01 x
# the Switch load-balancing loss, 10 classes of 4 interleaved clusters each; works at Adam 3e-3..1e-2, RMSprop 3e-3,
# SGDm 0.1; the held-out loss falls from ln 10 to ~0.31


@case("moe-softmax-adam-lr-0p1-to-chance", "moe", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=600, shape=anything)
def _() -> Setup:
    return moe_family("adam", 0.1, steps=600)


@case("moe-top2-sgd-lr-10-blows-up-log2", "moe", "lr-high-step1", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return moe_family("sgd", 10.0, steps=600, log_every=2, model=lambda: fd.MixtureOfExperts(top_k=2))


@case("moe-softmax-adam-lr-3e-5-100x-low", "moe", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return moe_family("adam", 3e-5, steps=600)


@case("moe-top2-rmsprop-lr-1e-4-30x-low-log4", "moe", "lr-low-rmsprop", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return moe_family("rmsprop", 1e-4, steps=600, log_every=4, model=lambda: fd.MixtureOfExperts(top_k=2))


@case("moe-softmax-sgdm-summed-ce", "moe", "summed",
      cf=lambda s: replace(s, loss_fn=fd.moe_loss, loss_name="cross_entropy + 0.01 x load-balancing loss"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, LN10, "ln 10"))
def _() -> Setup:
    return moe_family("sgdm", 0.1, steps=600, loss_fn=fd.moe_loss_summed,
                      loss_name="cross_entropy (reduction='sum') + 0.01 x load-balancing loss", val_loss_fn=fd.moe_loss,
                      mean_loss_fn=fd.moe_loss)  # fmt: skip


@case("moe-top2-adam-expert-heads-x300", "moe", "last-layer-init",
      cf=lambda s: replace(s, model=lambda: fd.MixtureOfExperts(top_k=2)), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LN10, "ln 10"))
def _() -> Setup:
    return moe_family("adam", 3e-3, steps=600, model=lambda: fd.scaled_experts(fd.MixtureOfExperts(top_k=2), 300))


@case("moe-softmax-sgdm-exponential-gamma-1p02-nan", "moe", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(20, 600))
def _() -> Setup:
    return moe_family("sgdm", 0.05, steps=600, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("moe-softmax-adam-lr-0p01-recreated-each-epoch", "moe", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=94, tol=5,
      shape=anything)
def _() -> Setup:
    return moe_family("adam", 0.01, steps=600, recreate_optimizer_at=frozenset(range(93, 600, 93)))


@case("moe-softmax-adamw-multistep-x0p1-at-5pct", "moe", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=31, tol=100, shape=lr_down_by(0.11, 35))
def _() -> Setup:
    return moe_family("adamw", 3e-3, steps=600, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("moe-top2-adam-lr-0p03-no-warmup", "moe", "missing-warmup", cf=lambda s: replace(s, warmup_steps=100),
      cf_what="a 100-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=100,
      shape=anything)
def _() -> Setup:
    return moe_family("adam", 0.03, steps=600, model=lambda: fd.MixtureOfExperts(top_k=2))


@case("moe-softmax-nadam-warmup-cosine-peak-0p3", "moe", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return moe_family("nadam", 0.3, steps=600, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("moe-softmax-adam-500-rows-overfits", "moe", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return moe_family("adam", 3e-3, steps=1200, eval_every=40, data=fd.cluster_classes(train_rows=500))


# sae: a sparse autoencoder (24 -> 96 ReLU latents -> 24, the decoder bias subtracted first) of rows made of ~2.6 of 64
# superposed feature directions, squared error plus 0.03 x L1 of the latents; works at Adam 0.01, RMSprop 3e-3, SGDm
# 0.1; the held-out loss falls from ~3.3 to ~0.09


@case("sae-relu-adam-lr-0p1-latents-die", "sae", "dead-units-lr", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("dead-units",), may=("lr-too-high", "plateau", "exploding-gradients"), fault_step=first_dead, tol=200,
      shape=anything)
def _() -> Setup:
    return sae_family("adam", 0.1, track_zero_grads=True)


@case("sae-relu-adam-encoder-dead-at-init", "sae", "dead-units",
      cf=lambda s: replace(s, model=fd.SparseAutoencoder), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return sae_family("adam", 0.01, model=lambda: fd.SparseAutoencoder(dead_bias=-3.0), track_zero_grads=True)


@case("sae-relu-sgdm-lr-1-10x-nan", "sae", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=800, shape=anything)
def _() -> Setup:
    return sae_family("sgdm", 1.0)


@case("sae-relu-adam-lr-1e-4-100x-low", "sae", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=800, shape=still_falling)
def _() -> Setup:
    return sae_family("adam", 1e-4)


@case("sae-relu-rmsprop-lr-1e-4-30x-low-log5", "sae", "lr-low-rmsprop", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=800, shape=still_falling)
def _() -> Setup:
    return sae_family("rmsprop", 1e-4, log_every=5)


@case("sae-relu-sgdm-summed-loss", "sae", "summed",
      cf=lambda s: replace(s, loss_fn=fd.sae_loss, loss_name="squared error + 0.03 x L1 (batch means)"),
      cf_what="reduction='mean' over the batch", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, SAE0, "the loss of a zero reconstruction"))
def _() -> Setup:
    return sae_family("sgdm", 0.1, loss_fn=fd.sae_loss_summed, loss_name="squared error + 0.03 x L1, summed over the batch",
                      val_loss_fn=fd.sae_loss, mean_loss_fn=fd.sae_loss)  # fmt: skip


@case("sae-relu-adam-decoder-x300", "sae", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SparseAutoencoder), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients", "dead-units"),
      tol=20, shape=first_loss_above(10, SAE0, "the loss of a zero reconstruction"))
def _() -> Setup:
    return sae_family("adam", 0.01, model=lambda: scaled_head(fd.SparseAutoencoder(), 300, bias=True))


@case("sae-relu-adam-lr-0p01-recreated-each-epoch", "sae", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=94, tol=5,
      shape=anything)
def _() -> Setup:
    return sae_family("adam", 0.01, recreate_optimizer_at=frozenset(range(93, 800, 93)))


@case("sae-relu-adam-resumed-without-state", "sae", "optimizer-reset-resume",
      cf=lambda s: replace(s, keep_optimizer_state=True), cf_what="the optimizer state restored at the resume",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=401, tol=5,
      shape=anything)
def _() -> Setup:
    return sae_family("adam", 0.01, recreate_optimizer_at=frozenset({400}))


@case("sae-relu-nadam-exponential-100x-in-80-steps", "sae", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 80))
def _() -> Setup:
    return sae_family("nadam", 0.01, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 80")


@case("sae-relu-adam-exponential-gamma-1p01-log2", "sae", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=800, shape=anything)
def _() -> Setup:
    return sae_family("adam", 3e-3, log_every=2, schedule=exponential(1.01), schedule_name="ExponentialLR(gamma=1.01) per batch")


@case("sae-relu-sgdm-lr-0p3-3x-oscillates", "sae", "lr-high-oscillating", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=800, shape=anything)
def _() -> Setup:
    return sae_family("sgdm", 0.3)


# fresh7 half: healthy look-alikes


@case("pinn-tanh-adamw-warmup-cosine", "pinn", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return pinn_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("pinn-tanh-adam-sgdr-log4", "pinn", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return pinn_family("adam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("pinn-tanh-sgdm-step-decay-log10", "pinn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return pinn_family("sgdm", 0.01, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.2), schedule_name="MultiStepLR")


@case("survival-mlp-adam-warmup-cosine", "survival", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return survival_family("adam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("survival-mlp-adagrad-constant-log4", "survival", "healthy", like=("lr-too-low", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return survival_family("adagrad", 0.05, log_every=4)


@case("survival-mlp-sgdm-step-decay-log10", "survival", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return survival_family("sgdm", 0.03, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.2), schedule_name="MultiStepLR")


@case("survival-mlp-rmsprop-resumed-with-state", "survival", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return survival_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset({320}), keep_optimizer_state=True)


@case("survival-mlp-adam-constant-long-avg50", "survival", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return survival_family("adam", 1e-3, steps=1600, log_every=50, average=True, eval_every=160)


@case("moe-softmax-adamw-warmup-cosine", "moe", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.MOE_CLASSES))
def _() -> Setup:
    return moe_family("adamw", 0.01, steps=600, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("moe-top2-sgdm-onecycle-log5", "moe", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.MOE_CLASSES))
def _() -> Setup:
    return moe_family("sgdm", 0.1, steps=600, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR",
                      model=lambda: fd.MixtureOfExperts(top_k=2))  # fmt: skip


@case("moe-softmax-rmsprop-reduce-on-plateau-log4", "moe", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.MOE_CLASSES))
def _() -> Setup:
    return moe_family("rmsprop", 3e-3, steps=600, log_every=4, eval_every=40, schedule=on_plateau(0.3, 1),
                      schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("moe-top2-adam-cyclic-log2", "moe", "healthy", like=("lr-too-high", "optimizer-reset"),
      shape=healthy_shape(fd.MOE_CLASSES))
def _() -> Setup:
    return moe_family("adam", 0.01, steps=600, log_every=2, schedule=cyclic(0.1, 0.25), schedule_name="CyclicLR triangular",
                      model=lambda: fd.MixtureOfExperts(top_k=2))  # fmt: skip


@case("moe-softmax-adam-constant-long-avg50", "moe", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(fd.MOE_CLASSES))
def _() -> Setup:
    return moe_family("adam", 1e-3, steps=1500, log_every=50, average=True, eval_every=150)


@case("sae-relu-adam-warmup-cosine", "sae", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return sae_family("adam", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("sae-relu-sgdm-step-decay-log10", "sae", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return sae_family("sgdm", 0.3, log_every=10, schedule=multistep(0.6, 0.85, gamma=0.3), schedule_name="MultiStepLR")


@case("sae-relu-rmsprop-constant-long-avg50", "sae", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return sae_family("rmsprop", 3e-3, steps=2000, log_every=50, average=True, eval_every=200)


@case("sae-relu-adamw-sgdr-log4", "sae", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return sae_family("adamw", 0.03, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("sae-relu-adam-resumed-with-state", "sae", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return sae_family("adam", 0.01, recreate_optimizer_at=frozenset({400}), keep_optimizer_state=True)


# fresh7 half, logged once per epoch


@case("survival-mlp128-adam-320-patients-overfits-per-epoch", "survival", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return survival_family("adam", 3e-3, steps=5 * 300, data=fd.survival_cohort(train_rows=320),
                           model=lambda: fd.CoxMLP(hidden=128), log_per_epoch=True)  # fmt: skip


@case("moe-softmax-adam-lr-0p1-per-epoch", "moe", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return moe_family("adam", 0.1, steps=93 * 7, log_per_epoch=True)


@case("pinn-tanh-adamw-warmup-cosine-per-epoch", "pinn", "healthy", like=("overfitting", "plateau", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return pinn_family("adamw", 0.01, steps=32 * 20, log_per_epoch=True, schedule=cosine_after(0.1),
                       schedule_name="linear warmup 10% + cosine, per batch")  # fmt: skip


@case("moe-top2-adam-step-decay-per-epoch", "moe", "healthy", like=("overfitting", "premature-decay"),
      shape=healthy_shape(fd.MOE_CLASSES))
def _() -> Setup:
    return moe_family("adam", 3e-3, steps=93 * 7, log_per_epoch=True, schedule=multistep(0.6, gamma=0.1), per_epoch=True,
                      schedule_name="MultiStepLR at 60%, per epoch", model=lambda: fd.MixtureOfExperts(top_k=2))  # fmt: skip


@case("sae-relu-sgdm-per-epoch", "sae", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return sae_family("sgdm", 0.1, steps=93 * 10, log_per_epoch=True)
