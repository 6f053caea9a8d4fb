"""The seventy-third fresh half (fresh71, held out from all tuning):
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


def advtrain_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.advtrain_ce)
    knobs.setdefault("loss_name", "FGSM adversarial training: the mean of the clean and the adversarial (eps 0.15) cross_entropy over the 4 classes")  # fmt: skip
    knobs.setdefault("meta", {"model": "ReLU MLP 24-64-64, a ReLU layer 64-32 and a head to the 4 classes; each step the gradient of the loss with respect to the inputs (torch.autograd.grad) gives x_adv = x + eps sign(grad), and the loss is the mean of the clean and the adversarial cross-entropies",
                              "features": fd.ADV_FEATURES, "informative_features": fd.ADV_INFORMATIVE, "classes": fd.ADV_CLASSES,
                              "fgsm_eps": fd.ADV_EPS, "held_out": "the same clean + FGSM cross-entropy on new rows at the same eps"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.advtrain_rows(), knobs.pop("model", None) or fd.AdvMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def mos_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "next-token cross_entropy of the mixture's log-probabilities (its negative log-likelihood) over 64 tokens")  # fmt: skip
    knobs.setdefault("meta", {"model": "mixture-of-softmaxes LSTM LM: token embeddings (32), an LSTM (48), a prior over 3 components and 3 tanh latents (32) per position, a shared head to the 64 tokens, the log of the prior-weighted mixture of the softmaxes",
                              "vocab_size": fd.MOS_VOCAB, "seq_len": fd.MOS_LENGTH, "mixture_components": fd.MOS_K,
                              "held_out": "next-token cross-entropy on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.mos_sequences(), knobs.pop("model", None) or fd.MoSLM,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def dien_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.dien_bce)
    knobs.setdefault("loss_name", "binary_cross_entropy_with_logits of the click (mean)")
    knobs.setdefault("meta", {"model": "DIEN-like: item (12) and category (4) embeddings of the 12 behaviours, a GRU interest extractor (16), a sigmoid attention of each interest to the target item, an AUGRU (update gate scaled by the attention) as interest evolution, a ReLU layer 52-32 on [final interest, target, their product, profile] and a head to the click's logit",
                              "items": fd.DIEN_ITEMS, "categories": fd.DIEN_CATS, "behaviours": fd.DIEN_LENGTH,
                              "held_out": "BCE of the clicks of new users"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.dien_users(), knobs.pop("model", None) or fd.DIEN,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def burr_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.burr_nll)
    knobs.setdefault("loss_name", "Burr XII negative log-likelihood of the positive targets (mean, in log space)")
    knobs.setdefault("meta", {"model": "ReLU MLP 6-64-64, a ReLU layer 64-32, a head to the shapes c and k and the scale lambda (softplus each, with floors)",
                              "features": fd.BURR_FEATURES,
                              "held_out": "Burr XII negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.burr_rows(), knobs.pop("model", None) or fd.BurrMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


ADVTRAIN0, MOS0, DIEN0, BURR0 = LN(fd.ADV_CLASSES), LN(fd.MOS_VOCAB), LN(2), fd.burr_at_zero()
"""Where the families start: the adversarially trained classifier at ln 4 (clean and adversarial alike), the
mixture-of-softmaxes LM at ln 64, the DIEN-like click model at ln 2, the Burr XII regressor near its NLL of raw outputs
of 0 (~3.0)."""


# advtrain: FGSM adversarial training of a ReLU MLP classifier (24 features, 4 informative and 20 nuisance ones with a
# weak class shift that an eps of 0.15 flips), the mean of the clean and the adversarial cross-entropies over 4
# classes (1.40-1.41 at step 1, ln 4 = 1.39, ending near 0.87-0.92 held out); works at Adam 1e-3-0.03 (best 3e-3-0.01
# with a decay, 1e-3-3e-3 constant), NAdam 2e-3, RAdam 0.01-0.03, RMSprop 1e-3-0.01, Adagrad 0.03-0.3, SGDm 0.03-0.3,
# SGD 0.3; slow at Adam 1e-4 (1.32), at chance from Adam 1e-5 down; 1.21 at Adam 0.1 (1.34 after a 60-step warmup), at
# chance from Adam 0.3, SGDm 1, SGD 3 and Adagrad 1 on (clipping at 1 does not rescue them); recreating Adam every 2
# steps is harmless here


@case("advtrain-adam-lr-1", "advtrain", "lr-high-step1", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return advtrain_family("adam", 1.0)


@case("advtrain-sgdm-lr-10-100x-log2", "advtrain", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return advtrain_family("sgdm", 10.0, log_every=2)


@case("advtrain-adamw-warmup-cosine-peak-1", "advtrain", "lr-high-ramp", cf=lr_to(1e-3), cf_what="peak lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return advtrain_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("advtrain-adam-lr-1e-5-100x-low", "advtrain", "lr-low-adam", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return advtrain_family("adam", 1e-5)


@case("advtrain-sgdm-lr-1e-3-100x-low-log2", "advtrain", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return advtrain_family("sgdm", 1e-3, log_every=2)


@case("advtrain-sgdm-summed-ce", "advtrain", "summed",
      cf=lambda s: replace(s, loss_fn=fd.advtrain_ce, loss_name="clean + adversarial cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ADVTRAIN0, "ln 4"))
def _() -> Setup:
    return advtrain_family("sgdm", 0.1, loss_fn=fd.advtrain_ce_summed, loss_name="the mean of the clean and the adversarial cross_entropy summed over the batch's rows (reduction='sum')",
                           val_loss_fn=fd.advtrain_ce, mean_loss_fn=fd.advtrain_ce)  # fmt: skip


@case("advtrain-adam-head-x1000", "advtrain", "last-layer-init",
      cf=lambda s: replace(s, model=fd.AdvMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, ADVTRAIN0, "ln 4"))
def _() -> Setup:
    return advtrain_family("adam", 1e-3, model=lambda: scaled_head(fd.AdvMLP(), 1000))


@case("advtrain-adam-exponential-1000x-in-40-steps", "advtrain", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return advtrain_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("advtrain-adam-missing-feature-nan", "advtrain", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return advtrain_family("adam", 1e-3, data=fd.advtrain_rows(nan_rows=0.003))


@case("advtrain-adam-fc-dead-at-init", "advtrain", "dead-units",
      cf=lambda s: replace(s, model=fd.AdvMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return advtrain_family("adam", 1e-3, model=lambda: fd.AdvMLP(dead_bias=-30.0), track_zero_grads=True)


@case("advtrain-adam-512-rows-overfits", "advtrain", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return advtrain_family("adam", 3e-3, steps=600, eval_every=30, data=fd.advtrain_rows(train_rows=512))


# mos: a mixture-of-softmaxes LSTM LM (token embeddings, an LSTM of 48, a prior over 3 components and 3 tanh latents
# per position, a shared head), next-token cross-entropy over 64 tokens of a planted grammar whose next-token
# log-probabilities form a matrix of high rank (4.17 at step 1, ln 64 = 4.16, ending near 1.74-1.87 held out); works
# at Adam 3e-3-0.03 (best 0.01), NAdam 0.01, RMSprop 3e-3-0.03, Adagrad 0.3 (1 with a 60-step warmup), SGDm 1-3; slow
# at Adam 1e-3 (3.7) and 3e-3 (1.89); hardly moving at Adam and NAdam 1e-4 (3.88); 2.01 at Adam 0.1, 3.1 at Adam 0.3
# (a warmup does not help), 5.2 at Adam 1; Adagrad 1 2.32 without a warmup, 1.85 with one; SGDm 10 diverges (22;
# clipped at 0.25: 3.0)


@case("mos-adam-lr-1-log2", "mos", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return mos_family("adam", 1.0, log_every=2)


@case("mos-rmsprop-lr-1-300x", "mos", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return mos_family("rmsprop", 1.0)


@case("mos-adamw-warmup-cosine-peak-1", "mos", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return mos_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("mos-adam-exponential-gamma-1p02", "mos", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return mos_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("mos-adam-lr-1e-4-100x-low-log2", "mos", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return mos_family("adam", 1e-4, log_every=2)


@case("mos-nadam-lr-1e-4-100x-low-log3", "mos", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return mos_family("nadam", 1e-4, log_every=3)


@case("mos-sgdm-summed-nll", "mos", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="next-token cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, MOS0, "ln 64"))
def _() -> Setup:
    return mos_family("sgdm", 1.0, loss_fn=fd.mos_nll_summed, loss_name="next-token negative log-likelihood summed over the batch's sequences (reduction='sum')",
                      val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("mos-adam-head-x1000", "mos", "last-layer-init",
      cf=lambda s: replace(s, model=fd.MoSLM), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, MOS0, "ln 64"))
def _() -> Setup:
    return mos_family("adam", 0.01, model=lambda: scaled_head(fd.MoSLM(), 1000))


@case("mos-adam-multistep-x0p1-at-5pct", "mos", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return mos_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("mos-adagrad-lr-1-no-warmup", "mos", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60, shape=anything)
def _() -> Setup:
    return mos_family("adagrad", 1.0)


@case("mos-sgdm-lr-10-no-clip", "mos", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.25), cf_what="gradients clipped at 0.25",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return mos_family("sgdm", 10.0)


# dien: a DIEN-like click-through model (item and category embeddings of a behaviour sequence of 12, a GRU interest
# extractor, an AUGRU whose update gate is scaled by a sigmoid attention to the target item, a ReLU layer on [final
# interest, target, their product, profile]), BCE with logits of the click of synthetic users whose interest drifts
# from one category to another (0.69-0.70 at step 1, ln 2 = 0.69, ending near 0.57-0.60 held out); works at Adam
# 3e-3-0.01 (best 3e-3-0.01), RMSprop 1e-3-0.01, Adagrad 0.1-0.3 (0.62), SGDm 0.1-0.3 (0.62-0.63); near chance at Adam
# 1e-4 (0.685) and below; 0.60 at Adam 0.03, 0.66 at Adam 0.05 (0.62 after a 60-step warmup), near chance from Adam
# 0.1, SGDm 1 and Adagrad 1 on (clipping at 1 does not change SGDm 1); recreating Adam every 2 steps costs ~5% at
# 3e-3, nothing at 0.01


@case("dien-adam-lr-1", "dien", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dien_family("adam", 1.0)


@case("dien-adagrad-lr-10-100x-log2", "dien", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dien_family("adagrad", 10.0, log_every=2)


@case("dien-adam-cyclic-peak-1", "dien", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dien_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("dien-adam-lr-1e-4-100x-low", "dien", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dien_family("adam", 1e-4)


@case("dien-sgdm-summed-bce", "dien", "summed",
      cf=lambda s: replace(s, loss_fn=fd.dien_bce, loss_name="binary_cross_entropy_with_logits (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DIEN0, "ln 2"))
def _() -> Setup:
    return dien_family("sgdm", 0.1, loss_fn=fd.dien_bce_summed, loss_name="binary_cross_entropy_with_logits summed over the batch's users (reduction='sum')",
                       val_loss_fn=fd.dien_bce, mean_loss_fn=fd.dien_bce)  # fmt: skip


@case("dien-adam-head-x1000", "dien", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DIEN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, DIEN0, "ln 2"))
def _() -> Setup:
    return dien_family("adam", 3e-3, model=lambda: scaled_head(fd.DIEN(), 1000))


@case("dien-adam-multistep-x0p1-at-5pct", "dien", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return dien_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("dien-adam-missing-profile-nan", "dien", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the users with a missing (NaN) profile feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return dien_family("adam", 3e-3, data=fd.dien_users(nan_rows=0.003))


@case("dien-adam-fc-dead-at-init", "dien", "dead-units",
      cf=lambda s: replace(s, model=fd.DIEN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return dien_family("adam", 3e-3, model=lambda: fd.DIEN(dead_bias=-30.0), track_zero_grads=True)


# burr: a ReLU MLP regressor of heavy-tailed positive targets, the Burr XII negative log-likelihood of softplus shapes
# c and k and a softplus scale lambda, in log space (2.91-2.96 at step 1, 3.0 at raw outputs of 0, ending near
# 2.10-2.15 held out; a constant fit 2.73); works at Adam 3e-3-0.03 (best 0.01-0.03), NAdam and AdamW 0.01, RMSprop
# 3e-3-0.01, Adagrad 0.1-0.3, SGDm 0.03-0.1, SGD 0.3; slow at Adam 1e-4 (2.46), hardly moving at Adam 3e-5 (2.77);
# 2.25 at Adam 0.1 (a 60-step warmup does not help), a constant fit at Adam 0.3 (2.73) and SGDm 0.5-1, stuck at 7.5
# from Adam 1 and Adagrad 1 on; Adagrad 0.5 2.39 (2.16 after a 60-step warmup); SGD 3 blows up (9.0; clipped at 1:
# 2.75); RMSprop 0.01 recreated every 2 steps 2.59


@case("burr-adam-lr-1-log2", "burr", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return burr_family("adam", 1.0, log_every=2)


@case("burr-sgdm-lr-3-100x", "burr", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return burr_family("sgdm", 3.0)


@case("burr-adamw-warmup-cosine-peak-1", "burr", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return burr_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("burr-rmsprop-exponential-gamma-1p02", "burr", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return burr_family("rmsprop", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("burr-adam-lr-1e-4-100x-low-log2", "burr", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return burr_family("adam", 1e-4, log_every=2)


@case("burr-sgdm-summed-nll-log2", "burr", "summed",
      cf=lambda s: replace(s, loss_fn=fd.burr_nll, loss_name="Burr XII negative log-likelihood (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, BURR0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return burr_family("sgdm", 0.03, log_every=2, loss_fn=fd.burr_nll_summed, loss_name="Burr XII negative log-likelihood summed over the batch's rows (reduction='sum')",
                       val_loss_fn=fd.burr_nll, mean_loss_fn=fd.burr_nll)  # fmt: skip


@case("burr-adam-exponential-1000x-in-40-steps", "burr", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return burr_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("burr-adam-missing-feature-nan", "burr", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return burr_family("adam", 0.01, data=fd.burr_rows(nan_rows=0.003))


@case("burr-adam-fc-dead-at-init", "burr", "dead-units",
      cf=lambda s: replace(s, model=fd.BurrMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return burr_family("adam", 0.01, model=lambda: fd.BurrMLP(dead_bias=-30.0), track_zero_grads=True)


@case("burr-adagrad-lr-0p5-no-warmup", "burr", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60, shape=anything)
def _() -> Setup:
    return burr_family("adagrad", 0.5)


@case("burr-sgd-lr-3-no-clip", "burr", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return burr_family("sgd", 3.0)


@case("burr-rmsprop-lr-0p01-recreated-every-2-steps", "burr", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return burr_family("rmsprop", 0.01, recreate_optimizer_at=frozenset(range(2, 400, 2)))


# fresh71 half: healthy look-alikes


@case("advtrain-adam-cosine-log2", "advtrain", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.ADV_CLASSES, fall=0.75))
def _() -> Setup:
    return advtrain_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("advtrain-nadam-warmup-cosine", "advtrain", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fd.ADV_CLASSES, fall=0.75))
def _() -> Setup:
    return advtrain_family("nadam", 2e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("advtrain-sgdm-one-cycle", "advtrain", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.ADV_CLASSES, fall=0.75))
def _() -> Setup:
    return advtrain_family("sgdm", 0.1, schedule=one_cycle, schedule_name="OneCycleLR")


@case("advtrain-radam-step-decay-log3", "advtrain", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.ADV_CLASSES, fall=0.75))
def _() -> Setup:
    return advtrain_family("radam", 0.01, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("advtrain-rmsprop-cosine-eval50", "advtrain", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.ADV_CLASSES, fall=0.75))
def _() -> Setup:
    return advtrain_family("rmsprop", 1e-3, steps=500, eval_every=50, schedule=cosine_after(0.0), schedule_name="cosine")


@case("mos-adam-cosine-eval25", "mos", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.MOS_VOCAB, fall=0.6))
def _() -> Setup:
    return mos_family("adam", 0.01, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("mos-adagrad-constant-eval50", "mos", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.MOS_VOCAB, fall=0.6))
def _() -> Setup:
    return mos_family("adagrad", 0.3, steps=500, eval_every=50)


@case("mos-nesterov-lr-1-cosine", "mos", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fd.MOS_VOCAB, fall=0.6))
def _() -> Setup:
    return mos_family("nesterov", 1.0, schedule=cosine_after(0.0), schedule_name="cosine")


@case("mos-adam-on-plateau-log5", "mos", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.MOS_VOCAB, fall=0.6))
def _() -> Setup:
    return mos_family("adam", 0.01, log_every=5, schedule=on_plateau(), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("dien-adam-cosine-log2", "dien", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return dien_family("adam", 5e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dien-rmsprop-constant-eval50", "dien", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return dien_family("rmsprop", 1e-3, steps=500, eval_every=50)


@case("dien-adamw-sgdr-log4", "dien", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return dien_family("adamw", 5e-3, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("dien-adam-resumed-with-state", "dien", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return dien_family("adam", 3e-3, steps=500, eval_every=50, recreate_optimizer_at=frozenset({250}), keep_optimizer_state=True)


@case("burr-adagrad-cosine-eval25", "burr", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return burr_family("adagrad", 0.1, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("burr-nadam-warmup-cosine", "burr", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return burr_family("nadam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("burr-adamw-warmup-linear-avg10", "burr", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return burr_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                       schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("burr-rmsprop-step-decay-log3", "burr", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return burr_family("rmsprop", 3e-3, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


# fresh71 half, logged once per epoch


@case("burr-adam-256-rows-overfits-per-epoch", "burr", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return burr_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.burr_rows(train_rows=256, batch_size=64))


@case("dien-adam-lr-1-per-epoch", "dien", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return dien_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.dien_users(n=3200, batch_size=64))


@case("burr-adam-cosine-per-epoch", "burr", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return burr_family("adam", 0.01, steps=50 * 8, log_per_epoch=True, data=fd.burr_rows(n=3200, batch_size=64),
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("advtrain-sgdm-cosine-per-epoch", "advtrain", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.ADV_CLASSES, fall=0.75))
def _() -> Setup:
    return advtrain_family("sgdm", 0.1, steps=50 * 8, log_per_epoch=True, data=fd.advtrain_rows(n=3200, batch_size=64),
                           schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
