"""The sixty-second fresh half (fresh60, held out from all tuning):
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
    LN, Setup, cosine_after, cross_entropy, cyclic, exponential, exponential_to, linear_decay_after, multistep,
    one_cycle, scaled_head, warm_restarts,
)


def mamba_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "next-token cross_entropy over the 16 tokens (mean over sequences and positions)")
    knobs.setdefault("meta", {"model": "Mamba-like LM: token embeddings 16, 2 pre-RMSNorm Mamba blocks (an input projection with a gate, a causal depthwise conv of 4, a selective scan with input-dependent delta, B, C and a diagonal negative-real A, 4 states, SiLU output gating, a residual), a final RMSNorm, a ReLU layer 16-32, a head",
                              "length": fd.MAMBA_LENGTH, "vocab": fd.MAMBA_VOCAB,
                              "held_out": "next-token cross-entropy on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.mamba_tokens(), knobs.pop("model", None) or fd.MambaLM,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def din_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.din_bce)
    knobs.setdefault("loss_name", "binary_cross_entropy_with_logits of the clicks (mean)")
    knobs.setdefault("meta", {"model": "DIN-like: item embeddings 12 of the candidate and 10 behaviours, an activation unit (an MLP 48-24-1 with PReLU over candidate, behaviour, difference, product) weighting each behaviour, weighted-sum pooling, an MLP 25-32 with PReLU, a ReLU layer 32-32, a head to the logit",
                              "items": fd.DIN_ITEMS, "categories": fd.DIN_CATEGORIES, "history": fd.DIN_HISTORY,
                              "held_out": "BCE on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.din_clicks(), knobs.pop("model", None) or fd.DINNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def dpn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes")
    knobs.setdefault("meta", {"model": "Dual-Path-Network-like CNN: a conv stem 1-16 and max pooling split into a residual part of 12 and a dense part of 4, 4 dual path blocks (1x1, grouped 3x3 of 4 groups, 1x1 to 12 + 4: the first 12 added to the residual part, the rest concatenated to the dense part), max pooling after 2, global average pooling, a ReLU layer 32-32, a head",
                              "image": fd.DPN_SIZE, "classes": fd.DPN_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.dpn_images(), knobs.pop("model", None) or fd.DPNNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def betabinomial_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.betabinomial_nll)
    knobs.setdefault("loss_name", "beta-binomial negative log-likelihood of the counts (nats, mean)")
    knobs.setdefault("meta", {"model": "ReLU MLP 8-64-64, a ReLU layer 64-32, a head to the logit of the mean and the raw concentration (a softplus) of a beta-binomial",
                              "features": fd.BETABIN_FEATURES, "trials": "5-40",
                              "held_out": "beta-binomial negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.betabinomial_rows(), knobs.pop("model", None) or fd.BetaBinomialMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


MAMBA0, DIN0, DPN0, BETABIN0 = LN(fd.MAMBA_VOCAB), LN(2), LN(fd.DPN_CLASSES), fd.betabinomial_at_zero()
"""Where the families start: the Mamba-like LM at ln 16, the DIN-like CTR model at ln 2 (BCE of a probability of 0.5),
the Dual-Path-Network-like CNN at ln 4, the beta-binomial regressor at the NLL of raw outputs of 0 (~2.9)."""


# mamba: a Mamba-like selective state-space LM (a gated input projection, a causal depthwise conv, a selective scan with
# input-dependent delta, B and C, residual + RMSNorm) on a noisy second-order grammar with a copy every 8 tokens,
# next-token cross-entropy over 16 (2.80 at step 1, ln 16 = 2.77); works at Adam 3e-3-0.03 (best 0.01), SGDm 0.1-1
# (best 0.3)


@case("mamba-adam-lr-1-log4", "mamba", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return mamba_family("adam", 1.0, log_every=4)


@case("mamba-sgdm-lr-30-100x", "mamba", "lr-high-step1", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return mamba_family("sgdm", 30.0)


@case("mamba-adamw-warmup-cosine-peak-1", "mamba", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return mamba_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("mamba-adam-lr-1e-4-100x-low", "mamba", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return mamba_family("adam", 1e-4)


@case("mamba-sgdm-summed-ce", "mamba", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, MAMBA0, "ln 16"))
def _() -> Setup:
    return mamba_family("sgdm", 0.3, loss_fn=fd.mamba_ce_summed, loss_name="cross_entropy summed over the batch's sequences and positions (reduction='sum')",
                        val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("mamba-adam-multistep-x0p1-at-5pct", "mamba", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return mamba_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("mamba-adam-fc-dead-at-init", "mamba", "dead-units",
      cf=lambda s: replace(s, model=fd.MambaLM), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return mamba_family("adam", 0.01, model=lambda: fd.MambaLM(dead_bias=-30.0), track_zero_grads=True)


@case("mamba-adam-lr-0p1-no-warmup", "mamba", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return mamba_family("adam", 0.1)


# din: a Deep-Interest-Network-like CTR model (an activation unit weighting a user's 10 behaviours by their relevance to
# the candidate item, weighted-sum pooling, an MLP with PReLU) on synthetic clicks driven by the user's interest in the
# candidate's category, BCE (0.64 at step 1, ln 2 = 0.69); works at Adam 3e-3-0.01 (best 0.01; 0.03 worse), SGDm
# 0.03-0.1


@case("din-adam-lr-1", "din", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return din_family("adam", 1.0)


@case("din-sgdm-lr-30-300x", "din", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return din_family("sgdm", 30.0)


@case("din-adamw-warmup-cosine-peak-1", "din", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return din_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("din-adam-exponential-gamma-1p02", "din", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return din_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("din-radam-lr-1e-4-100x-low-log2", "din", "lr-low-adam", cf=lr_to(0.01), cf_what="RAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return din_family("radam", 1e-4, log_every=2)


@case("din-sgdm-lr-1e-3-100x-low-log2", "din", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return din_family("sgdm", 1e-3, log_every=2)


@case("din-sgdm-summed-bce", "din", "summed",
      cf=lambda s: replace(s, loss_fn=fd.din_bce, loss_name="BCE (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DIN0, "ln 2"))
def _() -> Setup:
    return din_family("sgdm", 0.1, loss_fn=fd.din_bce_summed, loss_name="BCE summed over the batch's rows (reduction='sum')",
                      val_loss_fn=fd.din_bce, mean_loss_fn=fd.din_bce)  # fmt: skip


@case("din-adam-head-x1000", "din", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DINNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, DIN0, "ln 2"))
def _() -> Setup:
    return din_family("adam", 0.01, model=lambda: scaled_head(fd.DINNet(), 1000))


@case("din-adam-exponential-1000x-in-40-steps", "din", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return din_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("din-adam-missing-activity-nan", "din", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) activity dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return din_family("adam", 0.01, data=fd.din_clicks(nan_rows=0.003))


@case("din-adam-512-rows-overfits", "din", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return din_family("adam", 0.01, steps=600, eval_every=30, data=fd.din_clicks(train_rows=512))


# dpn: a Dual-Path-Network-like CNN (bottleneck blocks whose output is split into a residual path added to the input's
# and a dense path concatenated to it) naming a shape (ring, disc, square outline, filled square) in noisy 16x16
# images, cross-entropy over 4 (1.43 at step 1, ln 4 = 1.39); works at Adam 1e-3-0.03 (best 0.01), SGDm 0.03-0.1;
# Adam at 1 blows up


@case("dpn-adam-lr-1", "dpn", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dpn_family("adam", 1.0)


@case("dpn-sgdm-lr-10-100x", "dpn", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dpn_family("sgdm", 10.0)


@case("dpn-nadam-cyclic-peak-1", "dpn", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dpn_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("dpn-adam-lr-1e-4-100x-low", "dpn", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dpn_family("adam", 1e-4)


@case("dpn-nadam-lr-1e-4-100x-low-log5", "dpn", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dpn_family("nadam", 1e-4, log_every=5)


@case("dpn-sgdm-summed-ce", "dpn", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DPN0, "ln 4"))
def _() -> Setup:
    return dpn_family("sgdm", 0.1, loss_fn=fd.dpn_ce_summed, loss_name="cross_entropy summed over the batch's images (reduction='sum')",
                      val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("dpn-adam-head-x1000", "dpn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DPNNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, DPN0, "ln 4"))
def _() -> Setup:
    return dpn_family("adam", 0.01, model=lambda: scaled_head(fd.DPNNet(), 1000))


@case("dpn-adam-multistep-x0p1-at-5pct", "dpn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return dpn_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("dpn-adam-missing-pixel-nan", "dpn", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return dpn_family("adam", 0.01, data=fd.dpn_images(nan_rows=0.003))


@case("dpn-adam-fc-dead-at-init", "dpn", "dead-units",
      cf=lambda s: replace(s, model=fd.DPNNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return dpn_family("adam", 0.01, model=lambda: fd.DPNNet(dead_bias=-30.0), track_zero_grads=True)


@case("dpn-adam-lr-0p07-no-warmup", "dpn", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return dpn_family("adam", 0.07)


# betabinomial: an MLP regressor of overdispersed counts out of 5-40 trials (a mean by a sigmoid, a softplus
# concentration), the beta-binomial negative log-likelihood in nats (2.94 at step 1, the level of raw outputs of 0);
# works at Adam 1e-3-0.01 (best 3e-3; stuck at 0.3, blows up at 1), SGDm 0.01-0.03


@case("betabinomial-adam-lr-1-log2", "betabinomial", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return betabinomial_family("adam", 1.0, log_every=2)


@case("betabinomial-sgdm-lr-3-100x", "betabinomial", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return betabinomial_family("sgdm", 3.0)


@case("betabinomial-adamw-warmup-cosine-peak-1", "betabinomial", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return betabinomial_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("betabinomial-rmsprop-exponential-gamma-1p02", "betabinomial", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return betabinomial_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("betabinomial-nadam-lr-3e-5-100x-low-log3", "betabinomial", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return betabinomial_family("nadam", 3e-5, log_every=3)


@case("betabinomial-sgdm-summed-nll", "betabinomial", "summed",
      cf=lambda s: replace(s, loss_fn=fd.betabinomial_nll, loss_name="beta-binomial NLL (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, BETABIN0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return betabinomial_family("sgdm", 0.03, loss_fn=fd.betabinomial_nll_summed, loss_name="beta-binomial NLL summed over the batch's rows (reduction='sum')",
                               val_loss_fn=fd.betabinomial_nll, mean_loss_fn=fd.betabinomial_nll)  # fmt: skip


@case("betabinomial-adam-head-x1000", "betabinomial", "last-layer-init",
      cf=lambda s: replace(s, model=fd.BetaBinomialMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(4, BETABIN0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return betabinomial_family("adam", 3e-3, model=lambda: scaled_head(fd.BetaBinomialMLP(), 1000))


@case("betabinomial-adam-exponential-1000x-in-40-steps", "betabinomial", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return betabinomial_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("betabinomial-adam-missing-feature-nan", "betabinomial", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return betabinomial_family("adam", 3e-3, data=fd.betabinomial_rows(nan_rows=0.003))


@case("betabinomial-adam-fc-dead-at-init", "betabinomial", "dead-units",
      cf=lambda s: replace(s, model=fd.BetaBinomialMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return betabinomial_family("adam", 3e-3, model=lambda: fd.BetaBinomialMLP(dead_bias=-30.0), track_zero_grads=True)


@case("din-adam-lr-0p01-recreated-every-2-steps", "din", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return din_family("adam", 0.01, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("din-sgd-lr-10-no-clip-log2", "din", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return din_family("sgd", 10.0, log_every=2)


@case("din-sgd-lr-30-no-clip", "din", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return din_family("sgd", 30.0)


# fresh60 half: healthy look-alikes


@case("mamba-adam-cosine-log2", "mamba", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.MAMBA_VOCAB, fall=0.75))
def _() -> Setup:
    return mamba_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("mamba-adamw-warmup-linear-avg10", "mamba", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.MAMBA_VOCAB, fall=0.75))
def _() -> Setup:
    return mamba_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                        schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("din-adam-cosine-eval25", "din", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return din_family("adam", 0.01, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("din-nadam-sgdr-log4", "din", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return din_family("nadam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("din-sgdm-cyclic-triangular2", "din", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return din_family("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("din-adam-one-cycle", "din", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return din_family("adam", 0.01, schedule=one_cycle, schedule_name="OneCycleLR")


@case("din-nesterov-lr-0p1-cosine", "din", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return din_family("nesterov", 0.1, schedule=cosine_after(0.0), schedule_name="cosine")


@case("din-adam-constant-600-steps-log3", "din", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return din_family("adam", 3e-3, steps=600, eval_every=60, log_every=3)


@case("dpn-adam-warmup-cosine", "dpn", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.DPN_CLASSES, fall=0.7))
def _() -> Setup:
    return dpn_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("dpn-adam-resumed-with-state", "dpn", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.DPN_CLASSES, fall=0.7))
def _() -> Setup:
    return dpn_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True, schedule=cosine_after(0.0),
                      schedule_name="cosine")  # fmt: skip


@case("dpn-adagrad-step-decay", "dpn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.DPN_CLASSES, fall=0.7))
def _() -> Setup:
    return dpn_family("adagrad", 0.03, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("betabinomial-adam-resumed-with-state", "betabinomial", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return betabinomial_family("adam", 3e-3, steps=500, eval_every=50, recreate_optimizer_at=frozenset({250}), keep_optimizer_state=True)


@case("betabinomial-rmsprop-constant-log5", "betabinomial", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return betabinomial_family("rmsprop", 1e-3, log_every=5)


@case("betabinomial-adam-reduce-on-plateau-log4", "betabinomial", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return betabinomial_family("adam", 3e-3, log_every=4, schedule=on_plateau(0.3, 1), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("betabinomial-radam-cosine", "betabinomial", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return betabinomial_family("radam", 3e-3, schedule=cosine_after(0.0), schedule_name="cosine")


@case("betabinomial-sgdm-step-decay", "betabinomial", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return betabinomial_family("sgdm", 0.03, schedule=multistep(0.6, gamma=0.1), schedule_name="MultiStepLR at 60%")


# fresh60 half, logged once per epoch


@case("betabinomial-adam-256-rows-overfits-per-epoch", "betabinomial", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return betabinomial_family("adam", 3e-3, steps=4 * 150, log_per_epoch=True, data=fd.betabinomial_rows(train_rows=256, batch_size=64))


@case("dpn-adam-lr-1-per-epoch", "dpn", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return dpn_family("adam", 1.0, steps=25 * 16, log_per_epoch=True, data=fd.dpn_images(n=1600, batch_size=64))


@case("betabinomial-adam-cosine-per-epoch", "betabinomial", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return betabinomial_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.betabinomial_rows(n=2944, batch_size=64),
                               schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("din-adam-cosine-per-epoch", "din", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return din_family("adam", 0.01, steps=40 * 12, log_per_epoch=True, data=fd.din_clicks(n=2560, batch_size=64),
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
