"""The seventeenth fresh half (fresh17, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from torch.nn import functional as F

import fixcheck_data as fd
from fixcheck_cases.fresh10 import without_corrupt_inputs
from fixcheck_cases.fresh6 import setup_more
from fixcheck_cases.tune import HIGH
from fixcheck_core import (
    anything, case, dead_from, first_dead, first_loss_above, first_nan, healthy_shape, lr_down_by, lr_to, nan_within,
    overfits, still_falling,
)
from harness import (
    LN, Setup, constant_after, cosine_after, cross_entropy, cyclic, exponential, exponential_to, linear_decay_after,
    multistep, one_cycle, scaled_head, warm_restarts,
)


def cnp_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.cnp_nll)
    knobs.setdefault("loss_name", "gaussian negative log-likelihood of the targets (std 0.05 + 0.95 softplus), mean")
    knobs.setdefault("meta", {"model": "conditional neural process: encoder MLP 2-64-64-64, mean aggregation, decoder MLP to a mean and a scale",
                              "context_points": fd.CNP_CONTEXT, "target_points": fd.CNP_TARGETS})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.cnp_functions(), knobs.pop("model", None) or fd.CNP, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def deq_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy")
    knobs.setdefault("meta", {"model": "deep equilibrium model: z = tanh(W z + U x + b), width 48, 18 solver iterations + 4 with gradient",
                              "classes": fd.DEQ_CLASSES, "features": fd.DEQ_FEATURES})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.twisted_sectors(), knobs.pop("model", None) or fd.DEQClassifier,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def bnn_family(optimizer: str, lr: float, steps: int = 500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    knobs.setdefault("loss_fn", fd.bnn_elbo)
    knobs.setdefault("val_loss_fn", fd.bnn_mse)
    knobs.setdefault("loss_name", "negative ELBO per row: mse of a weight sample + KL(q || N(0, 1)) / 10000; held out: mse of the weights' means")
    knobs.setdefault("meta", {"model": "Bayes-by-backprop MLP 4-64-64-1, mean-field Gaussian weights", "features": fd.BNN_FEATURES,
                              "kl_divided_by": fd.BNN_ROWS})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.smooth_regression(), knobs.pop("model", None) or fd.BayesMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def slots_family(optimizer: str, lr: float, steps: int = 300, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 30)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the reconstruction")
    knobs.setdefault("meta", {"model": "slot-attention autoencoder: 3 slots of 24, 3 iterations, GRU update, spatial-broadcast decoder",
                              "image_size": fd.SLOT_SIZE, "slots": fd.SLOT_COUNT})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.blob_scenes(), knobs.pop("model", None) or fd.SlotAutoencoder,
                      optimizer, lr, steps, **knobs)  # fmt: skip


LN5D = LN(fd.DEQ_CLASSES)
"""An untrained deep equilibrium classifier starts near ln 5 (and one stuck at chance ends there); an untrained neural
process starts near a negative log-likelihood of 1 a target, a Bayesian MLP near 1 + its KL / N (~2.8), a slot
autoencoder near 0.14."""


# cnp: a conditional neural process (an encoder MLP of the 10 context (x, y) pairs, their mean, a decoder MLP of the mean
# and a target x giving a mean and a scale) of 1-D functions (a sinusoid plus 0-2 Gaussian bumps, noise 0.05), Gaussian
# negative log-likelihood at 20 targets; works at Adam 3e-3 (the held-out NLL falls from ~0.95 to ~0.2 in 400 steps,
# still falling, noisy), Adam 0.01 (~0.25-0.3), SGDm 0.1 (~0.4-0.55); Adam 0.03 stays near the NLL of a prediction that
# ignores the context (~0.84); SGDm 1 ends near 60. About 3 s a training


@case("cnp-adam-lr-0p03-stuck-at-prior", "cnp", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return cnp_family("adam", 0.03)


@case("cnp-sgdm-lr-1-10x-from-step-1", "cnp", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cnp_family("sgdm", 1.0)


@case("cnp-rmsprop-lr-0p03-30x-log3", "cnp", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cnp_family("rmsprop", 0.03, log_every=3)


@case("cnp-adamw-warmup-cosine-peak-0p3", "cnp", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cnp_family("adamw", 0.3, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("cnp-adam-lr-1e-5-300x-low", "cnp", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return cnp_family("adam", 1e-5)


@case("cnp-sgdm-lr-1e-3-100x-low-log4", "cnp", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return cnp_family("sgdm", 1e-3, log_every=4)


@case("cnp-sgdm-summed-nll", "cnp", "summed",
      cf=lambda s: replace(s, loss_fn=fd.cnp_nll, loss_name="gaussian negative log-likelihood (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, 1.0, "an untrained NLL a target, ~1"))
def _() -> Setup:
    return cnp_family("sgdm", 0.03, loss_fn=fd.cnp_nll_summed, loss_name="gaussian negative log-likelihood summed over the targets and the batch (reduction='sum')",
                      val_loss_fn=fd.cnp_nll, mean_loss_fn=fd.cnp_nll)  # fmt: skip


@case("cnp-adam-head-x1000", "cnp", "last-layer-init",
      cf=lambda s: replace(s, model=fd.CNP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, 1.0, "an untrained NLL a target, ~1"))
def _() -> Setup:
    return cnp_family("adam", 3e-3, model=lambda: scaled_head(fd.CNP(), 1000, bias=True))


@case("cnp-adam-nll-by-hand-log0", "cnp", "nan-log0",
      cf=lambda s: replace(s, loss_fn=fd.cnp_nll), cf_what="a softplus scale kept above 0.05 (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(1, 400))
def _() -> Setup:
    return cnp_family("adam", 3e-3, loss_fn=fd.cnp_nll_by_hand, loss_name="gaussian nll by hand (log of a ReLU variance)",
                      val_loss_fn=fd.cnp_nll, safe_loss_fn=fd.cnp_nll)  # fmt: skip


@case("cnp-adam-multistep-x0p1-at-5pct", "cnp", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return cnp_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("cnp-adam-fc-dead-at-init", "cnp", "dead-units",
      cf=lambda s: replace(s, model=fd.CNP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return cnp_family("adam", 3e-3, model=lambda: fd.CNP(dead_bias=-30.0), track_zero_grads=True)


@case("cnp-adamw-lr-0p01-recreated-each-epoch", "cnp", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=32, tol=5,
      shape=anything)
def _() -> Setup:
    return cnp_family("adamw", 0.01, data=fd.cnp_functions(train_rows=1000), recreate_optimizer_at=frozenset(range(31, 400, 31)))


# deq: a deep equilibrium classifier (the fixed point of z = tanh(W z + U x + b), width 48, by 18 iterations without a
# graph and 4 with one; a ReLU layer of 64 and a head) naming the spiral sector (5) of tabular rows, cross-entropy; works
# at Adam 3e-3-0.01 (the held-out loss falls from ln 5 to ~0.27-0.31 in 400 steps), SGDm 0.1 (~0.3); Adam 0.03 ends
# near 0.43, Adam 0.3 near 1 (after a first loss of ~20); SGDm 1 overflows. About 2-3 s a training


@case("deq-adam-lr-0p3-100x-from-step-1", "deq", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return deq_family("adam", 0.3)


@case("deq-sgdm-lr-1-overflows-nan", "deq", "lr-high-nan", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=400, shape=nan_within(1, 400))
def _() -> Setup:
    return deq_family("sgdm", 1.0)


@case("deq-adam-lr-0p1-30x-from-step-1", "deq", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return deq_family("adam", 0.1)


@case("deq-adamax-cyclic-peak-1", "deq", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return deq_family("adamax", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("deq-nadam-exponential-gamma-1p02", "deq", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return deq_family("nadam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("deq-sgdm-lr-1e-3-100x-low-log3", "deq", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return deq_family("sgdm", 1e-3, log_every=3)


@case("deq-adagrad-lr-1e-3-100x-low-log5", "deq", "lr-low-adagrad", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return deq_family("adagrad", 1e-3, log_every=5)


@case("deq-sgdm-summed-ce", "deq", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, LN5D, "ln 5"))
def _() -> Setup:
    return deq_family("sgdm", 0.03, loss_fn=fd.deq_ce_summed, loss_name="cross_entropy summed over the batch (reduction='sum')",
                      val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("deq-adam-head-x300", "deq", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DEQClassifier), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, LN5D, "ln 5"))
def _() -> Setup:
    return deq_family("adam", 3e-3, model=lambda: scaled_head(fd.DEQClassifier(), 300, bias=True))


@case("deq-adam-missing-feature-nan", "deq", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 39))
def _() -> Setup:
    return deq_family("adam", 3e-3, data=fd.twisted_sectors(nan_rows=0.003))


@case("deq-adam-exponential-100x-in-40-steps", "deq", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 42))
def _() -> Setup:
    return deq_family("adam", 0.01, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 40")


@case("deq-adam-fc-dead-at-init", "deq", "dead-units",
      cf=lambda s: replace(s, model=fd.DEQClassifier), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return deq_family("adam", 3e-3, model=lambda: fd.DEQClassifier(dead_bias=-30.0), track_zero_grads=True)


@case("deq-adam-300-rows-overfits", "deq", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return deq_family("adam", 0.01, steps=800, eval_every=40, data=fd.twisted_sectors(train_rows=300, batch_size=32))


# bnn: a Bayes-by-backprop MLP 4-64-64-1 (mean-field Gaussian weights sampled by the reparameterisation trick, a N(0, 1)
# prior) regressing a smooth function of 4 features (noise 0.1), the loss the negative ELBO per row (the squared error
# plus KL / 10000; held out: the mse of the weights' means); works at Adam 3e-3 (held-out mse ~0.035 after 500 steps),
# SGDm 0.03 (~0.033); Adam 0.1-0.3 end near 0.9; SGDm 0.3 overflows (at seed 0). About 3 s a training


@case("bnn-adam-lr-0p3-100x-from-step-1", "bnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=500, shape=anything)
def _() -> Setup:
    return bnn_family("adam", 0.3)


@case("bnn-sgdm-lr-0p3-overflows-nan", "bnn", "lr-high-nan", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=500, shape=nan_within(1, 500))
def _() -> Setup:
    return bnn_family("sgdm", 0.3)


@case("bnn-rmsprop-lr-0p1-100x-log2", "bnn", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return bnn_family("rmsprop", 0.1, log_every=2)


@case("bnn-nadam-warmup-cosine-peak-1", "bnn", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return bnn_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("bnn-adam-lr-1e-5-300x-low", "bnn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return bnn_family("adam", 1e-5)


@case("bnn-asgd-lr-1e-3-30x-low-log5", "bnn", "lr-low-asgd", cf=lr_to(0.03), cf_what="ASGD lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return bnn_family("asgd", 1e-3, log_every=5)


@case("bnn-sgdm-summed-elbo", "bnn", "summed",
      cf=lambda s: replace(s, loss_fn=fd.bnn_elbo, loss_name="negative ELBO per row (mean squared error + KL / N)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, 2.0, "an untrained negative ELBO per row, ~2"))
def _() -> Setup:
    return bnn_family("sgdm", 0.01, loss_fn=fd.bnn_elbo_summed, loss_name="squared error summed over the batch (reduction='sum') + KL / N",
                      mean_loss_fn=fd.bnn_elbo)  # fmt: skip


@case("bnn-adam-missing-feature-nan", "bnn", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 156))
def _() -> Setup:
    return bnn_family("adam", 3e-3, data=fd.smooth_regression(nan_rows=0.003))


@case("bnn-sgdm-exponential-gamma-1p03-nan", "bnn", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(10, 500))
def _() -> Setup:
    return bnn_family("sgdm", 0.01, schedule=exponential(1.03), schedule_name="ExponentialLR(gamma=1.03) per batch")


@case("bnn-adam-multistep-x0p1-at-5pct", "bnn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=26, tol=100, shape=lr_down_by(0.11, 30))
def _() -> Setup:
    return bnn_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("bnn-adam-200-rows-overfits", "bnn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return bnn_family("adam", 0.01, steps=1000, eval_every=50, data=fd.smooth_regression(train_rows=200, batch_size=16))


# slots: a slot-attention autoencoder (a conv encoder and a position embedding, 3 slots of 24 started from learned
# embeddings, 3 iterations of slot attention with a GRU update, a spatial-broadcast decoder per slot and pixel whose
# masks are a softmax over the slots) of 10x10 scenes of 2 coloured blobs, MSE of the reconstruction; the loss sits
# near 0.055 (the background and the mean colour) for ~100 steps, then falls: Adam 3e-3 ~0.037 after 300 steps, Adam
# 0.01 ~0.04 without a warmup and ~0.03 with a 100-step one; Adam 0.03 stays at 0.057. About 5-7 s a training


@case("slots-adam-lr-0p1-30x-from-step-1", "slots", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=300, shape=anything)
def _() -> Setup:
    return slots_family("adam", 0.1)


@case("slots-adamw-warmup-cosine-peak-0p3", "slots", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return slots_family("adamw", 0.3, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("slots-adam-lr-1e-4-30x-low", "slots", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return slots_family("adam", 1e-4)


@case("slots-sgdm-summed-mse", "slots", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, 0.14, "an untrained reconstruction mse"))
def _() -> Setup:
    return slots_family("sgdm", 0.3, loss_fn=fd.slots_mse_summed, loss_name="squared error summed over the pixels, the channels and the batch (reduction='sum')",
                        val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("slots-adam-head-x300", "slots", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SlotAutoencoder), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, 0.14, "an untrained reconstruction mse"))
def _() -> Setup:
    return slots_family("adam", 3e-3, model=lambda: scaled_head(fd.SlotAutoencoder(), 300, bias=True))


@case("slots-adam-exponential-1000x-in-30-steps", "slots", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 32))
def _() -> Setup:
    return slots_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 30")


@case("slots-adam-fc-dead-at-init", "slots", "dead-units",
      cf=lambda s: replace(s, model=fd.SlotAutoencoder), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return slots_family("adam", 3e-3, model=lambda: fd.SlotAutoencoder(dead_bias=-30.0), track_zero_grads=True)


@case("cnp-rmsprop-lr-3e-3-recreated-each-epoch", "cnp", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=32, tol=5,
      shape=anything)
def _() -> Setup:
    return cnp_family("rmsprop", 3e-3, data=fd.cnp_functions(train_rows=1000), recreate_optimizer_at=frozenset(range(31, 400, 31)))


@case("deq-sgdm-lr-0p5-no-clip-explodes", "deq", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return deq_family("sgdm", 0.5)


@case("slots-adam-lr-0p01-no-warmup", "slots", "missing-warmup", cf=lambda s: replace(s, warmup_steps=100),
      cf_what="a 100-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=100, shape=anything)
def _() -> Setup:
    return slots_family("adam", 0.01)


# fresh17 half: healthy look-alikes


@case("cnp-adamw-warmup-cosine", "cnp", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return cnp_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("cnp-nadam-onecycle-log5", "cnp", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return cnp_family("nadam", 3e-3, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("cnp-adam-sgdr-log4", "cnp", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return cnp_family("adam", 0.01, log_every=4, schedule=warm_restarts(0.25),
                      schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("cnp-adam-step-decay-log2", "cnp", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return cnp_family("adam", 0.01, log_every=2, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("cnp-adamax-constant-log3", "cnp", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return cnp_family("adamax", 0.01, log_every=3)


@case("cnp-adam-resumed-with-state", "cnp", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return cnp_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("deq-adamw-warmup-cosine", "deq", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.DEQ_CLASSES))
def _() -> Setup:
    return deq_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("deq-nesterov-onecycle-log5", "deq", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.DEQ_CLASSES))
def _() -> Setup:
    return deq_family("nesterov", 0.1, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("deq-adam-resumed-with-state", "deq", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.DEQ_CLASSES))
def _() -> Setup:
    return deq_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("deq-sgdm-cyclic-triangular2", "deq", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape(fd.DEQ_CLASSES))
def _() -> Setup:
    return deq_family("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("deq-adagrad-constant-log2", "deq", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.DEQ_CLASSES))
def _() -> Setup:
    return deq_family("adagrad", 0.1, log_every=2)


@case("bnn-adam-warmup-cosine", "bnn", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return bnn_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("bnn-sgdm-onecycle-log5", "bnn", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return bnn_family("sgdm", 0.1, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("bnn-adam-constant-long-avg20", "bnn", "healthy", like=("plateau", "lr-too-low", "overfitting"), shape=healthy_shape())
def _() -> Setup:
    return bnn_family("adam", 3e-3, steps=1000, log_every=20, average=True, eval_every=100)


@case("bnn-rmsprop-step-decay-log2", "bnn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return bnn_family("rmsprop", 3e-3, log_every=2, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("slots-adam-warmup-cosine", "slots", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return slots_family("adam", 0.01, schedule=cosine_after(0.15), schedule_name="linear warmup 15% + cosine")


@case("slots-adamw-warmup-constant-log2", "slots", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return slots_family("adamw", 0.01, log_every=2, schedule=constant_after(0.15), schedule_name="linear warmup 15%, then constant")


@case("slots-adam-warmup-step-decay-log4", "slots", "healthy", like=("premature-decay", "missing-warmup"),
      shape=healthy_shape())
def _() -> Setup:
    return slots_family("adam", 0.01, log_every=4, schedule=linear_decay_after(0.15), schedule_name="linear warmup 15% + linear decay")


@case("bnn-adamax-cosine-log3", "bnn", "healthy", like=("plateau", "lr-too-low", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return bnn_family("adamax", 0.01, log_every=3, schedule=cosine_after(0.0), schedule_name="cosine")


@case("cnp-adam-onecycle-log2", "cnp", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return cnp_family("adam", 0.01, log_every=2, schedule=one_cycle, schedule_name="OneCycleLR")


# fresh17 half, logged once per epoch


@case("cnp-adam-160-tasks-overfits-per-epoch", "cnp", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return cnp_family("adam", 3e-3, steps=10 * 60, data=fd.cnp_functions(train_rows=160, batch_size=16), log_per_epoch=True)


@case("deq-adam-lr-0p3-per-epoch", "deq", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return deq_family("adam", 0.3, steps=20 * 20, log_per_epoch=True, data=fd.twisted_sectors(train_rows=2560))


@case("cnp-adam-cosine-per-epoch", "cnp", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return cnp_family("adam", 0.01, steps=62 * 8, log_per_epoch=True, data=fd.cnp_functions(train_rows=2000),
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("cnp-radam-per-epoch", "cnp", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return cnp_family("radam", 0.01, steps=62 * 8, log_per_epoch=True, data=fd.cnp_functions(train_rows=2000))


@case("deq-adamw-warmup-cosine-per-epoch", "deq", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return deq_family("adamw", 0.01, steps=20 * 20, log_per_epoch=True, data=fd.twisted_sectors(train_rows=2560),
                      schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("bnn-adam-cosine-per-epoch", "bnn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return bnn_family("adam", 0.01, steps=62 * 8, log_per_epoch=True, data=fd.smooth_regression(train_rows=4000),
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("bnn-nadam-per-epoch", "bnn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return bnn_family("nadam", 3e-3, steps=62 * 8, log_per_epoch=True, data=fd.smooth_regression(train_rows=4000))
