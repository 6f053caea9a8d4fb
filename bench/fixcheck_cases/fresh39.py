"""The forty-first fresh half (fresh39, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import fixcheck_data as fd
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


def gmlp_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 motifs")
    knobs.setdefault("meta", {"model": "gMLP: token and position embeddings, two spatial gating blocks, mean pooling, a ReLU layer, a head",
                              "sequence_length": fd.GMLP_LENGTH, "vocab_size": fd.GMLP_VOCAB, "classes": fd.GMLP_CLASSES,
                              "held_out": "cross-entropy on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.gmlp_tokens(), knobs.pop("model", None) or fd.GMLPClassifier,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def mpnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.mpnn_mse)
    knobs.setdefault("loss_name", "mse of the standardised graph target (mean)")
    knobs.setdefault("meta", {"model": "message-passing neural network: 3 rounds of summed messages and a GRU update, mean pooling, a ReLU layer, a head",
                              "nodes": fd.MPNN_NODES, "node_features": fd.MPNN_FEATURES, "held_out": "mse on new graphs"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.mpnn_graphs(), knobs.pop("model", None) or fd.MPNNRegressor,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def multimargin_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.multimargin_loss)
    knobs.setdefault("loss_name", "nn.MultiMarginLoss (multi-class hinge, margin 1, mean) over the 5 classes")
    knobs.setdefault("meta", {"model": "ReLU MLP classifier, 16-64-64-32-5", "features": fd.MULTIMARGIN_FEATURES,
                              "classes": fd.MULTIMARGIN_CLASSES, "held_out": "multi-class hinge loss on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.multimargin_rows(), knobs.pop("model", None) or fd.MultiMarginMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def deconv_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.deconv_mse)
    knobs.setdefault("loss_name", "mse per pixel (mean)")
    knobs.setdefault("meta", {"model": "transposed-convolution decoder: a class code and noise through 3 linear layers, two ConvTranspose2d to 16x16",
                              "image_size": fd.DECONV_SIZE, "classes": fd.DECONV_CLASSES, "noise_dim": fd.DECONV_NOISE,
                              "held_out": "mse per pixel on new codes"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.deconv_images(), knobs.pop("model", None) or fd.DeconvNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


GMLP0, MPNN0, MULTIMARGIN0, DECONV0 = (LN(fd.GMLP_CLASSES), fd.mpnn_at_zero(),
                                       (fd.MULTIMARGIN_CLASSES - 1) / fd.MULTIMARGIN_CLASSES, fd.deconv_at_zero())
"""Where the families start: the gMLP at ln 4; the MPNN's squared error at that of a regressor predicting 0 (~1.1); the
multi-class hinge loss of all-zero scores, (C - 1) / C = 0.8, not ln C; the decoder's squared error per pixel at that of
an all-zero image (~0.11)."""


# gmlp: a gMLP (two spatial gating blocks) naming which of 4 motifs a sequence of 16 tokens holds, cross-entropy (1.38 at
# step 1, ln 4); works at Adam 3e-3-0.01


@case("gmlp-adam-lr-1", "gmlp", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return gmlp_family("adam", 1.0)


@case("gmlp-sgdm-lr-100-1000x", "gmlp", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gmlp_family("sgdm", 100.0)


@case("gmlp-adamw-warmup-cosine-peak-1", "gmlp", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gmlp_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("gmlp-rmsprop-exponential-gamma-1p02", "gmlp", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gmlp_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("gmlp-adam-lr-3e-5-100x-low", "gmlp", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gmlp_family("adam", 3e-5)


@case("gmlp-rmsprop-lr-3e-5-100x-low-log2", "gmlp", "lr-low-rmsprop", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gmlp_family("rmsprop", 3e-5, log_every=2)


@case("gmlp-sgdm-summed-ce", "gmlp", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, GMLP0, "ln 4"))
def _() -> Setup:
    return gmlp_family("sgdm", 0.1, loss_fn=fd.gmlp_ce_summed, loss_name="cross_entropy summed over the batch's sequences (reduction='sum')",
                       val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("gmlp-adam-head-x1000", "gmlp", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GMLPClassifier), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, GMLP0, "ln 4"))
def _() -> Setup:
    return gmlp_family("adam", 3e-3, model=lambda: scaled_head(fd.GMLPClassifier(), 1000))


@case("gmlp-adam-fc-dead-at-init", "gmlp", "dead-units",
      cf=lambda s: replace(s, model=fd.GMLPClassifier), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return gmlp_family("adam", 3e-3, model=lambda: fd.GMLPClassifier(dead_bias=-30.0), track_zero_grads=True)


@case("gmlp-adam-exponential-1000x-in-40-steps", "gmlp", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return gmlp_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("gmlp-adam-256-sequences-overfits", "gmlp", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return gmlp_family("adam", 0.01, steps=600, eval_every=30, data=fd.gmlp_tokens(train_rows=256))


# mpnn: a message-passing neural network regressing the triangles and attribute pairs of random graphs of 10 nodes, the
# squared error (~1.1 at step 1, that of predicting 0; its floor ~0.09); works at Adam 3e-3-0.01


@case("mpnn-adam-lr-1-log2", "mpnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return mpnn_family("adam", 1.0, log_every=2)


@case("mpnn-sgdm-lr-30-1000x", "mpnn", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return mpnn_family("sgdm", 30.0)


@case("mpnn-adamw-warmup-cosine-peak-1", "mpnn", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return mpnn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("mpnn-adam-exponential-gamma-1p02", "mpnn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return mpnn_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("mpnn-adam-lr-3e-5-100x-low", "mpnn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return mpnn_family("adam", 3e-5)


@case("mpnn-sgdm-summed", "mpnn", "summed",
      cf=lambda s: replace(s, loss_fn=fd.mpnn_mse, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, MPNN0, "the squared error of predicting 0"))
def _() -> Setup:
    return mpnn_family("sgdm", 0.03, loss_fn=fd.mpnn_mse_summed, loss_name="mse summed over the batch's graphs (reduction='sum')",
                       val_loss_fn=fd.mpnn_mse, mean_loss_fn=fd.mpnn_mse)  # fmt: skip


@case("mpnn-adam-head-x300", "mpnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.MPNNRegressor), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, MPNN0, "the squared error of predicting 0"))
def _() -> Setup:
    return mpnn_family("adam", 3e-3, model=lambda: scaled_head(fd.MPNNRegressor(), 300))


@case("mpnn-adam-fc-dead-at-init", "mpnn", "dead-units",
      cf=lambda s: replace(s, model=fd.MPNNRegressor), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return mpnn_family("adam", 3e-3, model=lambda: fd.MPNNRegressor(dead_bias=-30.0), track_zero_grads=True)


@case("mpnn-adam-multistep-x0p1-at-5pct", "mpnn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return mpnn_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("mpnn-adam-missing-attribute-nan", "mpnn", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the graphs with a missing (NaN) node attribute dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return mpnn_family("adam", 3e-3, data=fd.mpnn_graphs(nan_rows=0.003))


@case("mpnn-adam-lr-0p01-recreated-every-4-steps", "mpnn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return mpnn_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("mpnn-sgd-lr-3-no-clip", "mpnn", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return mpnn_family("sgd", 3.0)


# deconv: a transposed-convolution decoder drawing a 16 x 16 image of a class's shape from a class code and noise, the squared
# error per pixel (~0.16 at step 1, ~0.11 for an all-zero image; its floor ~0.04); works at Adam 1e-3-0.01


@case("deconv-adam-lr-1-log4", "deconv", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return deconv_family("adam", 1.0, log_every=4)


@case("deconv-sgdm-lr-100-1000x", "deconv", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return deconv_family("sgdm", 100.0)


@case("deconv-adamw-warmup-cosine-peak-1", "deconv", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return deconv_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("deconv-adam-lr-3e-5-100x-low", "deconv", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return deconv_family("adam", 3e-5)


@case("deconv-radam-lr-3e-5-100x-low-log3", "deconv", "lr-low-adam", cf=lr_to(3e-3), cf_what="RAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return deconv_family("radam", 3e-5, log_every=3)


@case("deconv-sgdm-summed", "deconv", "summed",
      cf=lambda s: replace(s, loss_fn=fd.deconv_mse, loss_name="mse per pixel (mean)"), cf_what="the mean over the batch",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DECONV0, "the squared error of an all-zero image"))
def _() -> Setup:
    return deconv_family("sgdm", 0.1, loss_fn=fd.deconv_mse_summed, loss_name="per-image mse summed over the batch's images",
                         val_loss_fn=fd.deconv_mse, mean_loss_fn=fd.deconv_mse)  # fmt: skip


@case("deconv-adam-output-x300", "deconv", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DeconvNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, DECONV0, "the squared error of an all-zero image"))
def _() -> Setup:
    return deconv_family("adam", 3e-3, model=lambda: fd.DeconvNet(out_scale=300.0))


@case("deconv-adam-up1-dead-at-init", "deconv", "dead-units",
      cf=lambda s: replace(s, model=fd.DeconvNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return deconv_family("adam", 3e-3, model=lambda: fd.DeconvNet(dead_bias=-30.0), track_zero_grads=True)


@case("deconv-adam-multistep-x0p1-at-5pct", "deconv", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return deconv_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("deconv-adam-missing-noise-nan", "deconv", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) noise value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return deconv_family("adam", 3e-3, data=fd.deconv_images(nan_rows=0.003))


@case("deconv-adam-lr-0p01-recreated-every-4-steps", "deconv", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return deconv_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("deconv-adam-lr-0p05-no-warmup", "deconv", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return deconv_family("adam", 0.05)


@case("deconv-sgd-lr-1-no-clip", "deconv", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return deconv_family("sgd", 1.0)


# multimargin: a ReLU MLP classifying a table into 5 classes with the multi-class hinge loss (nn.MultiMarginLoss: ~0.83 at
# step 1, (C - 1) / C = 0.8 for all-zero scores, not ln C); works at Adam 1e-3-0.01


@case("multimargin-adam-lr-1-log2", "multimargin", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return multimargin_family("adam", 1.0, log_every=2)


@case("multimargin-sgdm-lr-100-1000x", "multimargin", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return multimargin_family("sgdm", 100.0)


@case("multimargin-nadam-cyclic-peak-1", "multimargin", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return multimargin_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("multimargin-adam-lr-3e-5-100x-low", "multimargin", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return multimargin_family("adam", 3e-5)


@case("multimargin-sgdm-summed", "multimargin", "summed",
      cf=lambda s: replace(s, loss_fn=fd.multimargin_loss, loss_name="nn.MultiMarginLoss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, MULTIMARGIN0, "the hinge loss of all-zero scores"))
def _() -> Setup:
    return multimargin_family("sgdm", 0.1, loss_fn=fd.multimargin_summed, loss_name="nn.MultiMarginLoss(reduction='sum')",
                              val_loss_fn=fd.multimargin_loss, mean_loss_fn=fd.multimargin_loss)  # fmt: skip


@case("multimargin-adam-head-x1000", "multimargin", "last-layer-init",
      cf=lambda s: replace(s, model=fd.MultiMarginMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, MULTIMARGIN0, "the hinge loss of all-zero scores"))
def _() -> Setup:
    return multimargin_family("adam", 3e-3, model=lambda: scaled_head(fd.MultiMarginMLP(), 1000))


@case("multimargin-adam-fc-dead-at-init", "multimargin", "dead-units",
      cf=lambda s: replace(s, model=fd.MultiMarginMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return multimargin_family("adam", 3e-3, model=lambda: fd.MultiMarginMLP(dead_bias=-30.0), track_zero_grads=True)


@case("multimargin-sgdm-lr-1e-3-100x-low-log4", "multimargin", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return multimargin_family("sgdm", 1e-3, log_every=4)


@case("multimargin-adam-exponential-1000x-in-40-steps", "multimargin", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return multimargin_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("multimargin-adam-missing-feature-nan", "multimargin", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return multimargin_family("adam", 3e-3, data=fd.multimargin_rows(nan_rows=0.003))


@case("multimargin-adam-lr-0p01-recreated-every-4-steps", "multimargin", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return multimargin_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


# fresh39 half: healthy look-alikes


@case("multimargin-adam-warmup-cosine", "multimargin", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return multimargin_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("deconv-adam-cosine-log2", "deconv", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return deconv_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("gmlp-adam-cosine", "gmlp", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.GMLP_CLASSES))
def _() -> Setup:
    return gmlp_family("adam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("multimargin-adagrad-cosine-log20", "multimargin", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return multimargin_family("adagrad", 0.1, log_every=20, schedule=cosine_after(0.0), schedule_name="cosine")


@case("deconv-nadam-sgdr-log4", "deconv", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return deconv_family("nadam", 3e-3, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("gmlp-radam-step-decay-log3", "gmlp", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.GMLP_CLASSES))
def _() -> Setup:
    return gmlp_family("radam", 0.03, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("mpnn-adagrad-step-decay", "mpnn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return mpnn_family("adagrad", 0.03, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("gmlp-sgdm-cyclic-triangular2", "gmlp", "healthy", like=("lr-too-high", "optimizer-reset"),
      shape=healthy_shape(fd.GMLP_CLASSES))
def _() -> Setup:
    return gmlp_family("sgdm", 0.3, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("multimargin-sgdm-one-cycle", "multimargin", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return multimargin_family("sgdm", 0.1, schedule=one_cycle, schedule_name="OneCycleLR")


@case("mpnn-nesterov-one-cycle", "mpnn", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return mpnn_family("sgdm", 0.03, opt_args={"nesterov": True}, schedule=one_cycle, schedule_name="OneCycleLR")


@case("deconv-adamw-warmup-linear-avg10", "deconv", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return deconv_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                         schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("multimargin-adam-resumed-with-state", "multimargin", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return multimargin_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("deconv-adam-resumed-with-state", "deconv", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return deconv_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("deconv-rmsprop-constant-log5", "deconv", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return deconv_family("rmsprop", 1e-3, log_every=5)


@case("multimargin-adam-constant-log5", "multimargin", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return multimargin_family("adam", 3e-3, log_every=5)


# fresh39 half, logged once per epoch


@case("gmlp-adam-256-sequences-overfits-per-epoch", "gmlp", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return gmlp_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.gmlp_tokens(train_rows=256, batch_size=64))


@case("deconv-adam-lr-1-per-epoch", "deconv", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return deconv_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.deconv_images(n=2944, batch_size=64))


@case("mpnn-adam-lr-1-per-epoch", "mpnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return mpnn_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.mpnn_graphs(n=2944, batch_size=64))


@case("deconv-adam-cosine-per-epoch", "deconv", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return deconv_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.deconv_images(n=2944, batch_size=64),
                         schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("multimargin-adam-cosine-per-epoch", "multimargin", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return multimargin_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.multimargin_rows(n=2944, batch_size=64),
                              schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("gmlp-adam-cosine-per-epoch", "gmlp", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.GMLP_CLASSES))
def _() -> Setup:
    return gmlp_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.gmlp_tokens(n=5888, batch_size=128),
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("mpnn-adam-cosine-per-epoch", "mpnn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return mpnn_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.mpnn_graphs(n=2944, batch_size=64),
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
