"""The eighty-ninth fresh half (fresh87, held out from all tuning):
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


def hornet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes of the image")
    knobs.setdefault("meta", {"model": "HorNet: a 3x3 conv stem of stride 2, 1-8, to 6x6, a block (LayerNorm, gnConv of order 2: a 1x1 projection split into a gate and features, a 3x3 depthwise conv, recursive gating, a 1x1 projection; LayerNorm, an MLP 8-16-8), a LayerNorm and a 2x2 conv of stride 2 to 16 channels at 3x3, a block of order 3, global mean pooling, a LayerNorm, a ReLU layer 16-32 and a head",
                              "image_size": fd.HORNET_SIZE, "gnconv_orders": [2, 3], "classes": fd.HORNET_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.hornet_images(), knobs.pop("model", None) or fd.HorNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def crossformer_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the 12 horizon steps of the 4 channels (mean over the windows, steps and channels)")  # fmt: skip
    knobs.setdefault("meta", {"model": "Crossformer: dimension-segment-wise embedding (each channel's 48 steps cut into 8 segments of 6, a linear layer 6-16, a position embedding per channel and segment), a LayerNorm, a two-stage attention layer (self-attention across the segments of each channel, an MLP; 2 router tokens per segment index gathering from the channels and the channels reading back, an MLP; post-LN), per channel a ReLU layer 128-32 and a head 32-12",
                              "input_steps": fd.CROSSFORMER_INPUT, "horizon": fd.CROSSFORMER_HORIZON,
                              "channels": fd.CROSSFORMER_CHANNELS, "segment": fd.CROSSFORMER_SEGMENT,
                              "held_out": "MSE on new windows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.crossformer_windows(), knobs.pop("model", None) or fd.Crossformer,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def bert4rec_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.bert4rec_ce)
    knobs.setdefault("loss_name", "cross-entropy of the masked positions' items over the 80 items (mean over the masked positions)")  # fmt: skip
    knobs.setdefault("meta", {"model": "BERT4Rec: item embeddings (81 with [MASK], 32) and position embeddings of the last 16 items, 2 bidirectional pre-LN transformer encoder layers (2 heads, GELU feed-forward 64), a LayerNorm, a ReLU layer 32-32 and a head 32-32 scored against the tied item embeddings plus a bias per item",
                              "items": fd.BERT4REC_ITEMS, "length": fd.BERT4REC_LENGTH,
                              "mask_rate": fd.BERT4REC_MASK_RATE,
                              "held_out": "the masked-item cross-entropy on new users"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.bert4rec_users(), knobs.pop("model", None) or fd.BERT4Rec,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def dagum_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.dagum_nll)
    knobs.setdefault("loss_name", "Dagum negative log-likelihood of the income (mean over the rows)")
    knobs.setdefault("meta", {"model": "ReLU MLP 6-64-64, a ReLU layer 64-32, a head to log a, log p and log b of a Dagum (Burr type III) law",
                              "features": fd.DAGUM_FEATURES,
                              "held_out": "the Dagum negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.dagum_rows(), knobs.pop("model", None) or fd.DagumMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


HORNET0, CROSSFORMER0 = LN(fd.HORNET_CLASSES), fd.crossformer_at_zero()
BERT4REC0, DAGUM0 = LN(fd.BERT4REC_ITEMS), fd.dagum_at_zero()
"""Where the families start: the HorNet at ln 4, the Crossformer at the MSE of forecasts of 0, BERT4Rec at ln 80 (its
small embeddings score every item alike), the Dagum MLP at its NLL of raw outputs of 0 (a = p = b = 1)."""


# hornet: a HorNet-like classifier (a 3x3 conv stem of stride 2 to a 6x6 map of 8 channels, a block of
# recursive gated convolution of order 2 with LayerNorms and an MLP, a strided-conv downsampler to 3x3 and 16 channels,
# a block of order 3, global mean pooling, a ReLU layer and a head) naming which stripe orientation lies in which half
# of 12x12 images (a bright decoy square, N(0, 0.5^2) noise), 5% random labels held out too, cross-entropy over 4 (1.40
# at step 1, ln 4 = 1.39, ending near 0.24 held out); works at Adam 1e-3-0.03 (0.24-0.25), RAdam 0.01 with a warmup +
# cosine (0.25; 0.30 at 3e-3), SGDm 0.03 (0.24-0.26); slow at Adam 1e-4 (1.21), 1.0-1.1 after a x0.1 cut of Adam 1e-3
# at step 20; at chance at Adam 3e-5 (1.38), Adam 0.1 and SGDm 0.1-0.3, non-finite at SGDm 3 and Adam 1


@case("hornet-adam-lr-1-log2", "hornet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return hornet_family("adam", 1.0, log_every=2)


@case("hornet-sgdm-lr-3-100x", "hornet", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return hornet_family("sgdm", 3.0)


@case("hornet-nadam-warmup-cosine-peak-1", "hornet", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return hornet_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("hornet-adam-lr-1e-4-100x-low-log3", "hornet", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return hornet_family("adam", 1e-4, log_every=3)


@case("hornet-sgdm-summed-ce", "hornet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, HORNET0, "ln 4"))
def _() -> Setup:
    return hornet_family("sgdm", 0.03, loss_fn=fd.hornet_ce_summed, loss_name="cross_entropy summed over the batch's images (reduction='sum')",
                         val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("hornet-adam-head-x1000", "hornet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.HorNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, HORNET0, "ln 4"))
def _() -> Setup:
    return hornet_family("adam", 3e-3, model=lambda: scaled_head(fd.HorNet(), 1000))


@case("hornet-adam-missing-pixel-nan", "hornet", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return hornet_family("adam", 3e-3, data=fd.hornet_images(nan_rows=0.003))


@case("hornet-adam-fc-dead-at-init", "hornet", "dead-units",
      cf=lambda s: replace(s, model=fd.HorNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return hornet_family("adam", 3e-3, model=lambda: fd.HorNet(dead_bias=-30.0), track_zero_grads=True)


@case("hornet-adam-multistep-x0p1-at-5pct", "hornet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return hornet_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


# crossformer: a Crossformer-like forecaster (each channel's 48 steps cut into 8 segments of 6, each
# embedded, a two-stage attention layer: self-attention across the segments of each channel, then 2 router tokens per
# segment index gathering from the 4 channels and the channels reading back, then per channel a ReLU layer and a head
# to the horizon) of the next 12 steps of 4 cross-correlated channels (channel 1 lags channel 0 by 6 steps, channel 2
# mixes both 3 steps later), MSE (0.50 at step 1, 0.43 for forecasts of 0, ending near 0.030 held out); works at Adam
# 1e-3-0.03 (best 1e-3-0.01: 0.030; 0.031 at 0.03), SGDm 0.01-0.1 (0.031-0.035), SGD 0.3 (0.038); slow at Adam 3e-5
# (0.28), 0.051-0.054 after a x0.1 cut of Adam 1e-3 at step 20; at the level of forecasts of 0 (0.43) at Adam 0.1 and 1,
# at SGDm 1 and after a warmup + cosine to a peak of 1, 2.8-3.8 at RMSprop 0.3; Adam 0.01 recreated every 2 steps
# 0.035-0.039 (0.030-0.032 created once)


@case("crossformer-adam-lr-1-log2", "crossformer", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return crossformer_family("adam", 1.0, log_every=2)


@case("crossformer-adamw-warmup-cosine-peak-1", "crossformer", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return crossformer_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("crossformer-adam-cyclic-peak-1", "crossformer", "lr-high-cyclic", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return crossformer_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("crossformer-adam-exponential-gamma-1p02", "crossformer", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return crossformer_family("adam", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")  # fmt: skip


@case("crossformer-adamw-lr-3e-5-100x-low", "crossformer", "lr-low-adam", cf=lr_to(3e-3), cf_what="AdamW lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return crossformer_family("adamw", 3e-5)


@case("crossformer-adam-multistep-x0p1-at-5pct", "crossformer", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return crossformer_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("crossformer-adam-lr-0p01-recreated-every-2-steps", "crossformer", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return crossformer_family("adam", 0.01, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("crossformer-sgdm-summed-mse", "crossformer", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, CROSSFORMER0, "the MSE of forecasts of 0"))
def _() -> Setup:
    return crossformer_family("sgdm", 0.1, loss_fn=fd.crossformer_mse_summed, loss_name="squared error summed over the batch's windows (reduction='sum')",
                              val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("crossformer-adam-head-x1000-log2", "crossformer", "last-layer-init",
      cf=lambda s: replace(s, model=fd.Crossformer), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, CROSSFORMER0, "the MSE of forecasts of 0"))
def _() -> Setup:
    return crossformer_family("adam", 3e-3, log_every=2, model=lambda: scaled_head(fd.Crossformer(), 1000))


@case("crossformer-adam-fc-dead-at-init", "crossformer", "dead-units",
      cf=lambda s: replace(s, model=fd.Crossformer), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return crossformer_family("adam", 3e-3, model=lambda: fd.Crossformer(dead_bias=-30.0), track_zero_grads=True)


# bert4rec: a BERT4Rec-like recommender (item and position embeddings of a user's last 16 items, 2
# bidirectional pre-LN transformer encoder layers, a ReLU layer and a head scored against the tied item embeddings) of
# users whose item groups follow planted Markov transitions, 20% of the positions masked (static masks), the masked
# items' cross-entropy over 80 items (4.36-4.43 at step 1, ln 80 = 4.38, 3.63-3.65 for the item frequencies alone,
# ending near 2.75-2.9 held out); works at Adam 3e-3 (2.75-2.89), NAdam and AdamW 3e-3 (2.76-2.89), RAdam 0.01 (2.90);
# it leaves a plateau near 3.3 late, so 2.96-3.3 at Adam 1e-3, 3.30-3.31 with a cosine decay from 3e-3, 3.29 at RAdam
# 3e-3, 3.32-3.33 at Adam 0.01 and Adagrad 0.1; slow at Adam and NAdam 3e-5 (3.91-3.96); 56-64 at Adam 1, 59-80 at
# Adagrad 10; a warmup + cosine to a peak of 1 (3.32-3.34) no worse than to a peak of 3e-3 (3.29-3.30); AdamW 3e-3
# recreated every 2 steps 2.94


@case("bert4rec-adam-lr-1", "bert4rec", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return bert4rec_family("adam", 1.0)


@case("bert4rec-adagrad-lr-10-100x-log2", "bert4rec", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return bert4rec_family("adagrad", 10.0, log_every=2)


@case("bert4rec-adam-lr-3e-5-100x-low-log2", "bert4rec", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return bert4rec_family("adam", 3e-5, log_every=2)


@case("bert4rec-nadam-lr-3e-5-100x-low", "bert4rec", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return bert4rec_family("nadam", 3e-5)


@case("bert4rec-adam-head-x1000-log3", "bert4rec", "last-layer-init",
      cf=lambda s: replace(s, model=fd.BERT4Rec), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, BERT4REC0, "ln 80"))
def _() -> Setup:
    return bert4rec_family("adam", 3e-3, log_every=3, model=lambda: scaled_head(fd.BERT4Rec(), 1000))


@case("bert4rec-adam-missing-item-nan", "bert4rec", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the users with a missing (NaN) item dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return bert4rec_family("adam", 3e-3, data=fd.bert4rec_users(nan_rows=0.003))


@case("bert4rec-adam-exponential-1000x-in-40-steps", "bert4rec", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return bert4rec_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1),
                           schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("bert4rec-adam-300-users-overfits", "bert4rec", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return bert4rec_family("adam", 3e-3, steps=600, eval_every=30, data=fd.bert4rec_users(train_rows=300))


# dagum: a ReLU MLP (6-64-64, a ReLU layer and a head) of log a, log p and log b of a Dagum (Burr type
# III) law of positive incomes whose parameters depend on the features, the negative log-likelihood per row (2.18 at
# step 1, 2.00 at raw outputs of 0, ending near 1.50 held out); works at Adam 1e-3-0.05 (best 1e-3-3e-3: 1.50; 1.53 at
# 0.01-0.05), RMSprop 1e-3 (1.51), Adagrad 0.03 (1.52), SGDm 0.01-0.1 (1.51-1.52), plain SGD 0.03-0.1 (1.52); slow at
# Adam 3e-5 (1.79-1.87) and 1e-4 (1.57), SGDm 1e-4 (1.84-1.90); 1.56 after a x0.1 cut of Adam 1e-3 at step 20 (too
# little to count); 1.74-1.93 at Adam 0.1 (1.62-1.67 after a 60-step warmup), 1.65-1.73 at AdamW 0.1 (1.56-1.60 after
# it), 1.82-2.15 with a warmup + cosine to a peak of 1; non-finite from Adam 0.3 on, at RMSprop 0.3, Adagrad 3, SGDm 1
# and SGD 1 (1.84-2.38 and 1.88-1.93 clipped at 1)


@case("dagum-adam-lr-0p3-100x-log2", "dagum", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dagum_family("adam", 0.3, log_every=2)


@case("dagum-rmsprop-lr-0p3-300x", "dagum", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dagum_family("rmsprop", 0.3)


@case("dagum-adamw-warmup-cosine-peak-1", "dagum", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dagum_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("dagum-adam-lr-3e-5-100x-low", "dagum", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dagum_family("adam", 3e-5)


@case("dagum-sgdm-summed-nll", "dagum", "summed",
      cf=lambda s: replace(s, loss_fn=fd.dagum_nll, loss_name="Dagum NLL (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DAGUM0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return dagum_family("sgdm", 0.01, loss_fn=fd.dagum_nll_summed, loss_name="Dagum negative log-likelihood summed over the batch's rows (reduction='sum')",
                        val_loss_fn=fd.dagum_nll, mean_loss_fn=fd.dagum_nll)  # fmt: skip


@case("dagum-sgd-summed-nll-log2", "dagum", "summed",
      cf=lambda s: replace(s, loss_fn=fd.dagum_nll, loss_name="Dagum NLL (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DAGUM0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return dagum_family("sgd", 0.1, log_every=2, loss_fn=fd.dagum_nll_summed, loss_name="Dagum negative log-likelihood summed over the batch's rows (reduction='sum')",
                        val_loss_fn=fd.dagum_nll, mean_loss_fn=fd.dagum_nll)  # fmt: skip


@case("dagum-adam-missing-feature-nan", "dagum", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return dagum_family("adam", 3e-3, data=fd.dagum_rows(nan_rows=0.003))


@case("dagum-rmsprop-fc-dead-at-init", "dagum", "dead-units",
      cf=lambda s: replace(s, model=fd.DagumMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return dagum_family("rmsprop", 1e-3, model=lambda: fd.DagumMLP(dead_bias=-30.0), track_zero_grads=True)


@case("dagum-adagrad-lr-3-100x-log3", "dagum", "lr-high-step1", cf=lr_to(0.03), cf_what="Adagrad lr 0.03",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dagum_family("adagrad", 3.0, log_every=3)


@case("dagum-rmsprop-exponential-gamma-1p02", "dagum", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dagum_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")  # fmt: skip


@case("dagum-sgdm-lr-1e-4-100x-low", "dagum", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dagum_family("sgdm", 1e-4)


@case("dagum-adam-lr-0p1-no-warmup", "dagum", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return dagum_family("adam", 0.1)


@case("dagum-adamw-lr-0p1-no-warmup-log2", "dagum", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60), cf_what="a 60-step linear warmup", must=("missing-warmup",),
      may=("lr-too-high", "plateau", "non-finite-loss"), tol=60, shape=anything)
def _() -> Setup:
    return dagum_family("adamw", 0.1, log_every=2)


@case("dagum-adam-exponential-1000x-in-40-steps", "dagum", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return dagum_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1),
                        schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("dagum-sgdm-lr-1-no-clip", "dagum", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return dagum_family("sgdm", 1.0)


@case("dagum-sgd-lr-1-no-clip-log2", "dagum", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return dagum_family("sgd", 1.0, log_every=2)


# fresh87 half: healthy look-alikes


@case("hornet-adam-cosine-log2", "hornet", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.HORNET_CLASSES, fall=0.6))
def _() -> Setup:
    return hornet_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("hornet-radam-warmup-cosine-eval50", "hornet", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.HORNET_CLASSES, fall=0.6))
def _() -> Setup:
    return hornet_family("radam", 0.01, eval_every=50, schedule=cosine_after(0.1),
                         schedule_name="linear warmup 10% + cosine")


@case("hornet-sgdm-step-decay-log3", "hornet", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.HORNET_CLASSES, fall=0.6))
def _() -> Setup:
    return hornet_family("sgdm", 0.03, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                         schedule_name="MultiStepLR")


@case("crossformer-adam-cosine-eval25", "crossformer", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return crossformer_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("crossformer-nadam-one-cycle", "crossformer", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return crossformer_family("nadam", 3e-3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("crossformer-adam-resumed-with-state", "crossformer", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return crossformer_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                              schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("bert4rec-adam-constant-log2", "bert4rec", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return bert4rec_family("adam", 3e-3, log_every=2)


@case("bert4rec-adamw-step-decay-eval60", "bert4rec", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return bert4rec_family("adamw", 3e-3, eval_every=60, schedule=multistep(0.8, gamma=0.3),
                           schedule_name="MultiStepLR")


@case("bert4rec-radam-constant-log3", "bert4rec", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return bert4rec_family("radam", 0.01, log_every=3)


@case("bert4rec-nadam-constant-log5", "bert4rec", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return bert4rec_family("nadam", 3e-3, log_every=5)


@case("dagum-adam-cosine-eval25", "dagum", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return dagum_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dagum-adamw-warmup-linear-avg10", "dagum", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return dagum_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                        schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("dagum-rmsprop-cosine-log2", "dagum", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return dagum_family("rmsprop", 1e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dagum-adagrad-on-plateau-log4", "dagum", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return dagum_family("adagrad", 0.03, log_every=4, schedule=on_plateau(),
                        schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("dagum-sgdm-sgdr-log5", "dagum", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return dagum_family("sgdm", 0.01, log_every=5, schedule=warm_restarts(0.25),
                        schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("dagum-sgd-constant", "dagum", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return dagum_family("sgd", 0.1)


@case("dagum-nesterov-cosine-eval60", "dagum", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return dagum_family("nesterov", 0.01, eval_every=60, schedule=cosine_after(0.0), schedule_name="cosine")


# fresh87 half, logged once per epoch


@case("hornet-adam-128-images-overfits-per-epoch", "hornet", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return hornet_family("adam", 3e-3, steps=8 * 50, log_per_epoch=True,
                         data=fd.hornet_images(train_rows=128, batch_size=16))


@case("dagum-adam-lr-1-per-epoch", "dagum", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return dagum_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.dagum_rows(n=3200, batch_size=64))


@case("crossformer-adam-cosine-per-epoch", "crossformer", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return crossformer_family("adam", 3e-3, steps=50 * 8, log_per_epoch=True,
                              data=fd.crossformer_windows(n=3200, batch_size=64), schedule=cosine_after(0.0),
                              schedule_name="cosine")  # fmt: skip


@case("dagum-adam-cosine-per-epoch", "dagum", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return dagum_family("adam", 3e-3, steps=50 * 8, log_per_epoch=True, data=fd.dagum_rows(n=3200, batch_size=64),
                        schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
