"""The twenty-seventh fresh half (fresh27, held out from all tuning):
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


def relnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 10 answers")
    knobs.setdefault("meta", {"model": "Relation Network: a g-MLP 30-64-64-64 of every object pair with the question, summed, an f-MLP 64-64-10",
                              "objects": fd.RELNET_OBJECTS, "answers": fd.RELNET_ANSWERS,
                              "held_out": "cross-entropy on new scenes"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.relnet_scenes(), knobs.pop("model", None) or fd.RelationNet, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def grud_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes of dynamics")
    knobs.setdefault("meta", {"model": "GRU-D: input and hidden-state decay from the time since the last observation, a GRU cell of 32 over the imputed values and the mask, a ReLU layer, a linear head",
                              "variables": fd.GRUD_VARS, "sample_times": fd.GRUD_STEPS,
                              "held_out": "cross-entropy on new series"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.grud_series(), knobs.pop("model", None) or fd.GRUD, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def linattn_family(optimizer: str, lr: float, steps: int = 500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    knobs.setdefault("loss_name", "next-token cross_entropy at the recalled values")
    knobs.setdefault("meta", {"model": "causal linear-attention LM (elu + 1 feature map, d 64, 4 heads, 2 pre-LN blocks, token shift on keys and values)",
                              "vocab_size": fd.LINATTN_VOCAB, "pairs": fd.LINATTN_PAIRS, "queries": fd.LINATTN_QUERIES,
                              "held_out": "cross-entropy on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.recall_sequences(), knobs.pop("model", None) or fd.LinearAttnLM,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def tasnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.tasnet_loss)
    knobs.setdefault("loss_name", "negative SI-SNR in dB, permutation-invariant over the 2 sources")
    knobs.setdefault("meta", {"model": "Conv-TasNet-like: a conv encoder of 32 filters, a TCN mask estimator of 4 blocks, a transposed-conv decoder",
                              "samples": fd.TASNET_LEN, "sources": 2,
                              "held_out": "negative SI-SNR (PIT) on new mixtures"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.tasnet_mixtures(), knobs.pop("model", None) or fd.TasNet, optimizer,
                      lr, steps, **knobs)  # fmt: skip


RELNET0, GRUD0, LINATTN0, TASNET0 = LN(fd.RELNET_ANSWERS), LN(fd.GRUD_CLASSES), LN(fd.LINATTN_VOCAB), fd.tasnet_at_init()
"""Where the families start: the Relation Network at chance over its 10 answers (ln 10), GRU-D over its 4 classes (ln 4),
the linear-attention LM over its 24 tokens (ln 24), the separator at its init's negative SI-SNR (~25 dB)."""


# relnet: a Relation Network (a g-MLP of every object pair with the question, summed, an f-MLP) answering
# sort-of-CLEVR-like questions about 6 objects, cross-entropy over 10 answers (2.54 at step 1, ln 10 = 2.30); works at
# Adam 3e-3-0.01 (~0.45-0.57 held out in 400 steps), NAdam 3e-3, RAdam 0.03, RMSprop 3e-3, Adagrad 0.03, Adamax 0.01,
# SGDm 0.01 (~0.56-0.61); SGDm 0.1 and SGD 0.3 collapse to the answers' prior (~1.98), Adam 0.03 ends ~0.9


@case("relnet-adam-lr-1-log2", "relnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return relnet_family("adam", 1.0, log_every=2)


@case("relnet-sgdm-lr-3-300x", "relnet", "lr-high-nan", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return relnet_family("sgdm", 3.0)


@case("relnet-adamw-warmup-cosine-peak-1", "relnet", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return relnet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("relnet-adam-exponential-gamma-1p02", "relnet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return relnet_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("relnet-adam-lr-1e-5-300x-low", "relnet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return relnet_family("adam", 1e-5)


@case("relnet-adagrad-lr-3e-4-100x-low-log5", "relnet", "lr-low-adagrad", cf=lr_to(0.03), cf_what="Adagrad lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return relnet_family("adagrad", 3e-4, log_every=5)


@case("relnet-sgdm-lr-1e-4-100x-low-log4", "relnet", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return relnet_family("sgdm", 1e-4, log_every=4)


@case("relnet-sgdm-summed-ce", "relnet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, RELNET0, "ln 10"))
def _() -> Setup:
    return relnet_family("sgdm", 0.01, loss_fn=fd.relnet_ce_summed, loss_name="cross_entropy summed over the batch's questions (reduction='sum')",
                         val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("relnet-adam-head-x300", "relnet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.RelationNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, RELNET0, "ln 10"))
def _() -> Setup:
    return relnet_family("adam", 3e-3, model=lambda: scaled_head(fd.RelationNet(), 300))


@case("relnet-adam-fc-dead-at-init", "relnet", "dead-units",
      cf=lambda s: replace(s, model=fd.RelationNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return relnet_family("adam", 3e-3, model=lambda: fd.RelationNet(dead_bias=-30.0), track_zero_grads=True)


@case("relnet-adam-multistep-x0p1-at-5pct", "relnet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return relnet_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("relnet-adam-missing-position-nan", "relnet", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the scenes with a missing position dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return relnet_family("adam", 3e-3, data=fd.relnet_scenes(nan_rows=0.003))


@case("relnet-adam-lr-0p01-recreated-every-8-steps", "relnet", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return relnet_family("adam", 0.01, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("relnet-adam-lr-0p03-no-warmup", "relnet", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return relnet_family("adam", 0.03)


@case("relnet-sgd-lr-0p1-no-clip-explodes", "relnet", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return relnet_family("sgd", 0.1)


@case("relnet-adam-256-scenes-overfits", "relnet", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return relnet_family("adam", 3e-3, steps=600, eval_every=30, data=fd.relnet_scenes(train_rows=256))


# grud: GRU-D (input and hidden-state decay from the time since the last observation, a GRU cell over the imputed values
# and the mask) classifying irregularly sampled series of 4 variables with missing values into 4 classes of dynamics,
# cross-entropy (1.41 at step 1, ln 4 = 1.39); works at Adam/NAdam 0.01, Adamax/RAdam 0.03, Adagrad 0.1 (~0.43-0.58 held
# out in 400 steps), RMSprop 3e-3 (~0.61-0.68); SGDm 0.3 ends ~0.86-0.96, SGDm 1 at chance; Adam 1e-4 hardly leaves
# chance in 400 steps (1.38: no lr-too-low run for it)


@case("grud-adam-lr-1-log2", "grud", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return grud_family("adam", 1.0, log_every=2)


@case("grud-rmsprop-lr-0p3-log4", "grud", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return grud_family("rmsprop", 0.3, log_every=4)


@case("grud-adamw-warmup-cosine-peak-1", "grud", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return grud_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("grud-adam-exponential-gamma-1p02", "grud", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return grud_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("grud-sgdm-summed-ce", "grud", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, GRUD0, "ln 4"))
def _() -> Setup:
    return grud_family("sgdm", 0.3, loss_fn=fd.grud_ce_summed, loss_name="cross_entropy summed over the batch's series (reduction='sum')",
                       val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("grud-adam-head-x300", "grud", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GRUD), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, GRUD0, "ln 4"))
def _() -> Setup:
    return grud_family("adam", 0.01, model=lambda: scaled_head(fd.GRUD(), 300))


@case("grud-adam-fc-dead-at-init", "grud", "dead-units",
      cf=lambda s: replace(s, model=fd.GRUD), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return grud_family("adam", 0.01, model=lambda: fd.GRUD(dead_bias=-30.0), track_zero_grads=True)


@case("grud-adam-multistep-x0p1-at-5pct", "grud", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return grud_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("grud-adam-corrupt-value-nan", "grud", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the series with a corrupted (NaN) observed value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return grud_family("adam", 0.01, data=fd.grud_series(nan_rows=0.003))


@case("grud-adam-lr-0p01-recreated-every-8-steps", "grud", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return grud_family("adam", 0.01, recreate_optimizer_at=frozenset(range(8, 400, 8)))


# linattn: a causal linear-attention LM (elu + 1 features, 2 pre-LN blocks, token shift on keys and values) recalling
# the values bound to 4 repeated keys, next-token cross-entropy at those 4 positions (3.22 at step 1, ln 24 = 3.18); it
# sits on a plateau (~1.55: a value of the sequence, not which) and then drops; works at Adam/NAdam 3e-3 (~0.02-0.11
# held out in 500 steps), Adamax 0.01 (~0.007-0.10), RMSprop 1e-3 (~0.17); Adam 0.01, SGDm 0.03-0.3 and Adagrad 0.03
# stay on the plateau


@case("linattn-adam-lr-1-log2", "linattn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=500, shape=anything)
def _() -> Setup:
    return linattn_family("adam", 1.0, log_every=2)


@case("linattn-sgdm-lr-30-300x", "linattn", "lr-high-nan", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return linattn_family("sgdm", 30.0)


@case("linattn-nadam-cyclic-peak-1", "linattn", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return linattn_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("linattn-adam-exponential-gamma-1p02", "linattn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return linattn_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("linattn-adam-lr-1e-5-300x-low", "linattn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return linattn_family("adam", 1e-5)


@case("linattn-rmsprop-lr-1e-5-100x-low-log4", "linattn", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return linattn_family("rmsprop", 1e-5, log_every=4)


@case("linattn-adam-head-x300", "linattn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.LinearAttnLM), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LINATTN0, "ln 24"))
def _() -> Setup:
    return linattn_family("adam", 3e-3, model=lambda: scaled_head(fd.LinearAttnLM(), 300))


@case("linattn-adam-fc-dead-at-init", "linattn", "dead-units",
      cf=lambda s: replace(s, model=fd.LinearAttnLM), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return linattn_family("adam", 3e-3, model=lambda: fd.LinearAttnLM(dead_bias=-30.0), track_zero_grads=True)


@case("linattn-adam-exponential-1000x-in-40-steps", "linattn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return linattn_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.08), schedule_name="ExponentialLR per batch, x0.001 by step 40")


# tasnet: a Conv-TasNet-like separator (conv encoder, TCN mask estimator, transposed-conv decoder) of a chirp and a
# harmonic tone from their noisy mixture, negative SI-SNR in dB with PIT (23.6 at step 1, ~-11 when trained); works at
# Adam 3e-3-0.01, NAdam 0.01, RAdam 0.03, RMSprop 3e-3 (~-10.5 to -11.5 held out in 400 steps), Adagrad 0.03, SGD 0.1,
# SGDm 0.01 (~-9 to -10); Adam 1 and SGD 1 unclipped end near -6, SGDm 3 above 0


@case("tasnet-adam-lr-1-log2", "tasnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return tasnet_family("adam", 1.0, log_every=2)


@case("tasnet-sgdm-lr-3-300x", "tasnet", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tasnet_family("sgdm", 3.0)


@case("tasnet-adamw-warmup-cosine-peak-1", "tasnet", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tasnet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("tasnet-nadam-exponential-gamma-1p02", "tasnet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tasnet_family("nadam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("tasnet-adam-lr-1e-5-300x-low", "tasnet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tasnet_family("adam", 1e-5)


@case("tasnet-sgdm-lr-1e-4-100x-low-log3", "tasnet", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tasnet_family("sgdm", 1e-4, log_every=3)


@case("tasnet-sgd-lr-1e-3-100x-low-log5", "tasnet", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tasnet_family("sgd", 1e-3, log_every=5)


@case("tasnet-rmsprop-lr-3e-5-100x-low-log2", "tasnet", "lr-low-rmsprop", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tasnet_family("rmsprop", 3e-5, log_every=2)


@case("tasnet-sgdm-summed-si-snr", "tasnet", "summed",
      cf=lambda s: replace(s, loss_fn=fd.tasnet_loss, loss_name="negative SI-SNR (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, TASNET0, "the init's negative SI-SNR"))
def _() -> Setup:
    return tasnet_family("sgdm", 0.01, loss_fn=fd.tasnet_loss_summed, loss_name="negative SI-SNR summed over the batch's mixtures (reduction='sum')",
                         val_loss_fn=fd.tasnet_loss, mean_loss_fn=fd.tasnet_loss)  # fmt: skip


@case("tasnet-adam-encoder-dead-at-init", "tasnet", "dead-units",
      cf=lambda s: replace(s, model=fd.TasNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return tasnet_family("adam", 3e-3, model=lambda: fd.TasNet(dead_bias=-30.0), track_zero_grads=True)


@case("tasnet-adam-multistep-x0p1-at-5pct", "tasnet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return tasnet_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("tasnet-adam-exponential-1000x-in-40-steps", "tasnet", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return tasnet_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("tasnet-adam-dropped-sample-nan", "tasnet", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the mixtures with a dropped sample removed", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return tasnet_family("adam", 3e-3, data=fd.tasnet_mixtures(nan_rows=0.003))


@case("tasnet-adam-lr-0p03-recreated-every-8-steps", "tasnet", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return tasnet_family("adam", 0.03, recreate_optimizer_at=frozenset(range(8, 400, 8)))


# fresh27 half: healthy look-alikes


@case("relnet-adam-warmup-cosine", "relnet", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return relnet_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("relnet-adam-cosine-log2", "relnet", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return relnet_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("relnet-adam-plateau-log2", "relnet", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return relnet_family("adam", 0.01, log_every=2, eval_every=25, schedule=on_plateau(0.3, 1),
                         schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("relnet-adamax-constant-log3", "relnet", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return relnet_family("adamax", 0.01, log_every=3)


@case("grud-adam-warmup-cosine", "grud", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return grud_family("adam", 0.02, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("grud-radam-step-decay-log3", "grud", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return grud_family("radam", 0.1, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("grud-nadam-cosine-log10", "grud", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return grud_family("nadam", 0.01, log_every=10, schedule=cosine_after(0.0), schedule_name="cosine")


@case("grud-adam-resumed-with-state", "grud", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return grud_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("linattn-adam-cosine-log2", "linattn", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return linattn_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("linattn-adam-sgdr-log4", "linattn", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return linattn_family("adam", 3e-3, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("linattn-adamw-warmup-linear-avg10", "linattn", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return linattn_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                          schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("linattn-adamax-constant-log5", "linattn", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return linattn_family("adamax", 0.01, log_every=5)


@case("tasnet-nesterov-onecycle", "tasnet", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return tasnet_family("sgdm", 0.03, opt_args={"nesterov": True}, schedule=one_cycle, schedule_name="OneCycleLR")


@case("tasnet-sgdm-cyclic-triangular2", "tasnet", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return tasnet_family("sgdm", 0.03, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("tasnet-nadam-warmup-cosine-log20", "tasnet", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return tasnet_family("nadam", 0.01, log_every=20, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("tasnet-adam-resumed-with-state", "tasnet", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return tasnet_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("tasnet-rmsprop-constant-log3", "tasnet", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return tasnet_family("rmsprop", 3e-3, log_every=3)


# fresh27 half, logged once per epoch


@case("grud-adam-lr-1-per-epoch", "grud", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return grud_family("adam", 1.0, steps=46 * 9, log_per_epoch=True)


@case("tasnet-adam-lr-1-per-epoch", "tasnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return tasnet_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.tasnet_mixtures(batch_size=64))


@case("linattn-adam-256-sequences-overfits-per-epoch", "linattn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return linattn_family("adam", 3e-3, steps=4 * 150, log_per_epoch=True, data=fd.recall_sequences(train_rows=256))


@case("relnet-adam-per-epoch", "relnet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return relnet_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.relnet_scenes(batch_size=128))


@case("relnet-radam-cosine-per-epoch", "relnet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return relnet_family("radam", 0.1, steps=46 * 9, log_per_epoch=True, data=fd.relnet_scenes(batch_size=128),
                         schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("grud-adam-cosine-per-epoch", "grud", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return grud_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("grud-adagrad-per-epoch", "grud", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return grud_family("adagrad", 0.1, steps=46 * 9, log_per_epoch=True)


@case("linattn-adam-cosine-per-epoch", "linattn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return linattn_family("adam", 3e-3, steps=93 * 7, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("tasnet-adam-per-epoch", "tasnet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return tasnet_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.tasnet_mixtures(batch_size=64))


@case("tasnet-radam-cosine-per-epoch", "tasnet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return tasnet_family("radam", 0.03, steps=46 * 9, log_per_epoch=True, data=fd.tasnet_mixtures(batch_size=64),
                         schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
