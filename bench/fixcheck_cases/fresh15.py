"""The fifteenth fresh half (fresh15, held out from all tuning):
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
    anything, at_chance, case, dead_from, early_rise, first_dead, first_loss_above, first_nan, healthy_shape,
    lr_down_by, lr_to, nan_within, overfits, still_falling,
)
from harness import (
    LN, Setup, cosine_after, cyclic, exponential, exponential_to, multistep, one_cycle, scaled_head, warm_restarts,
)


def ssm_family(optimizer: str, lr: float, steps: int = 300, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 30)
    knobs.setdefault("loss_name", "cross_entropy")
    knobs.setdefault("meta", {"model": "S4D state-space model: 2 pre-LN blocks of width 32, 16 complex modes a channel",
                              "classes": fd.SSM_CLASSES, "sequence_length": fd.SSM_LENGTH})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.distant_events(), knobs.pop("model", None) or fd.SSMClassifier,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def gat_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.links_bce)
    knobs.setdefault("loss_name", "binary_cross_entropy_with_logits of the links (mean)")
    knobs.setdefault("meta", {"model": "GAT: 2 graph attention layers (4 heads of 16, 1 of 32), dot-product link scores",
                              "nodes": fd.GAT_NODES, "negatives_per_edge": 1})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.graph_links(), knobs.pop("model", None) or fd.GATLinkPredictor,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def nca_family(optimizer: str, lr: float, steps: int = 250, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 25)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the repaired pattern")
    knobs.setdefault("meta", {"model": "neural cellular automaton: Sobel perception, per-cell MLP 24-32-8, 8 updates",
                              "grid": f"{fd.NCA_SIZE}x{fd.NCA_SIZE}", "channels": fd.NCA_CHANNELS})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.damaged_patterns(), knobs.pop("model", None) or fd.NeuralCA,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def ebm_family(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    knobs.setdefault("loss_fn", fd.nce_bce)
    knobs.setdefault("loss_name", "noise-contrastive estimation: binary_cross_entropy_with_logits, data vs noise (mean)")
    knobs.setdefault("meta", {"model": "energy-based model: energy MLP 2-64-64-1 (SiLU) and a learned log-normaliser",
                              "noise": "N(0, 2^2 I)", "noise_ratio": 1})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.nce_points(), knobs.pop("model", None) or fd.EnergyModel, optimizer,
                      lr, steps, **knobs)  # fmt: skip


LN9S, NCA0 = LN(fd.SSM_CLASSES), fd.damage_at_identity()
"""An untrained state-space classifier starts near ln 9; a cellular automaton that never changes the damaged pattern
scores ``NCA0`` (~0.06), the untrained one starts a little below it. A link predictor and an energy model start near
ln 2 (the energy model's log-normaliser starts at about -log q of a typical point)."""
EBM_RELU = {"model": "energy-based model: energy MLP 2-64-64-1 (ReLU) and a learned log-normaliser", "noise": "N(0, 2^2 I)",
            "noise_ratio": 1}  # fmt: skip


def relu_energy() -> fd.EnergyModel:
    return fd.EnergyModel(relu=True)


# ssm: an S4D state-space model (a linear encoding, 2 pre-LN blocks x + W GELU(S4D(LN x)) of width 32 with 16 complex
# diagonal modes a channel, run as an FFT convolution; the last step's features, a ReLU layer and a head) naming the
# symbols of two events 70-95 steps apart in noisy 4-channel series (9 classes), cross-entropy; works at Adam 3e-3, and
# at a peak of 0.015 with a warmup + cosine or one-cycle: the loss sits near ln 9 for ~100 steps, then the held-out loss
# falls to ~0.05-0.3. Constant Adam 0.01 stays at chance at one seed of two, RMSprop 0.01 and Adam 0.03 at both; SGDm
# stays at chance over 300 steps (0.1) or overflows (1), so no run uses SGD. About 6-7 s a training: the slowest of the
# half


@case("ssm-adam-lr-0p03-stuck-at-chance", "ssm", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=300, shape=at_chance(LN9S, "ln 9"))
def _() -> Setup:
    return ssm_family("adam", 0.03)


@case("ssm-rmsprop-lr-0p01-10x-log3", "ssm", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return ssm_family("rmsprop", 0.01, log_every=3)


@case("ssm-adamw-warmup-cosine-peak-0p1", "ssm", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return ssm_family("adamw", 0.1, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("ssm-nadam-exponential-gamma-1p02", "ssm", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return ssm_family("nadam", 2e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("ssm-adam-lr-3e-4-10x-low", "ssm", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return ssm_family("adam", 3e-4)


@case("ssm-adam-head-x1000", "ssm", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SSMClassifier), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, LN9S, "ln 9"))
def _() -> Setup:
    return ssm_family("adam", 3e-3, model=lambda: scaled_head(fd.SSMClassifier(), 1000, bias=True))


@case("ssm-adam-missing-samples-nan", "ssm", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the series with a missing sample dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 125))
def _() -> Setup:
    return ssm_family("adam", 3e-3, data=fd.distant_events(nan_rows=0.005))


@case("ssm-adam-multistep-x0p1-at-5pct", "ssm", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=16, tol=100, shape=lr_down_by(0.11, 20))
def _() -> Setup:
    return ssm_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("ssm-adam-fc-dead-at-init", "ssm", "dead-units",
      cf=lambda s: replace(s, model=fd.SSMClassifier), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return ssm_family("adam", 3e-3, model=lambda: fd.SSMClassifier(dead_bias=-30.0), track_zero_grads=True)


@case("ssm-adam-lr-3e-3-recreated-each-epoch", "ssm", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=32, tol=5,
      shape=anything)
def _() -> Setup:
    return ssm_family("adam", 3e-3, data=fd.distant_events(train_rows=1000), recreate_optimizer_at=frozenset(range(31, 300, 31)))


# gat: a graph attention network (2 GAT layers over a 400-node graph's training edges: 4 heads of 16 then 1 of 32, ELU;
# a ReLU layer and a linear head to a 32-d node embedding) scoring node pairs by the dot product of their embeddings,
# link prediction on a random geometric graph whose node features are noisy functions of the latent positions, BCE over
# the edges and as many non-edges; works at Adam 3e-3-0.01, SGDm 0.03, Adagrad 0.1; the held-out loss falls from ln 2 to
# ~0.3-0.35. Adam 0.03 ends near 0.41, Adam 0.3 at chance; SGDm 0.3-1 overflows to NaN; 256-320 training pairs overfit


@case("gat-adam-lr-0p3-30x-from-step-1", "gat", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return gat_family("adam", 0.3)


@case("gat-sgdm-lr-1-overflows-nan", "gat", "lr-high-nan", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=400, shape=nan_within(1, 400))
def _() -> Setup:
    return gat_family("sgdm", 1.0)


@case("gat-rmsprop-lr-0p03-30x-log2", "gat", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gat_family("rmsprop", 0.03, log_every=2)


@case("gat-adam-cyclic-peak-0p3", "gat", "lr-high-cyclic", cf=lr_to(0.01),
      cf_what="peak lr 0.01 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gat_family("adam", 0.3, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("gat-adam-lr-1e-5-1000x-low", "gat", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gat_family("adam", 1e-5)


@case("gat-adagrad-lr-1e-3-100x-low-log5", "gat", "lr-low-adagrad", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gat_family("adagrad", 1e-3, log_every=5)


@case("gat-sgdm-lr-1e-3-30x-low-log3", "gat", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gat_family("sgdm", 1e-3, log_every=3)


@case("gat-sgdm-summed-bce", "gat", "summed",
      cf=lambda s: replace(s, loss_fn=fd.links_bce, loss_name="binary_cross_entropy_with_logits (mean)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, LN(2), "ln 2"))
def _() -> Setup:
    return gat_family("sgdm", 0.1, loss_fn=fd.links_bce_summed, loss_name="binary_cross_entropy_with_logits summed over the pairs (reduction='sum')",
                      val_loss_fn=fd.links_bce, mean_loss_fn=fd.links_bce)  # fmt: skip


@case("gat-adam-head-x300", "gat", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GATLinkPredictor), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LN(2), "ln 2"))
def _() -> Setup:
    return gat_family("adam", 0.01, model=lambda: scaled_head(fd.GATLinkPredictor(), 300, bias=True))


@case("gat-adam-lr-0p1-bce-by-hand-log0", "gat", "nan-log0",
      cf=lambda s: replace(s, loss_fn=fd.links_bce), cf_what="F.binary_cross_entropy_with_logits (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(2, 400))
def _() -> Setup:
    return gat_family("adam", 0.1, loss_fn=fd.links_bce_by_hand, loss_name="-(y log sigmoid + (1 - y) log(1 - sigmoid)) by hand",
                      val_loss_fn=fd.links_bce, safe_loss_fn=fd.links_bce)  # fmt: skip


@case("gat-adam-exponential-100x-in-40-steps", "gat", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 42))
def _() -> Setup:
    return gat_family("adam", 0.01, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 40")


@case("gat-adam-fc-dead-at-init", "gat", "dead-units",
      cf=lambda s: replace(s, model=fd.GATLinkPredictor), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return gat_family("adam", 0.01, model=lambda: fd.GATLinkPredictor(dead_bias=-30.0), track_zero_grads=True)


@case("gat-adam-320-pairs-overfits", "gat", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return gat_family("adam", 0.01, steps=600, eval_every=20, data=fd.graph_links(train_rows=320, batch_size=32))


@case("gat-adamw-lr-0p01-recreated-each-epoch", "gat", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=36, tol=5,
      shape=anything)
def _() -> Setup:
    return gat_family("adamw", 0.01, recreate_optimizer_at=frozenset(range(35, 400, 35)))


# nca: a neural cellular automaton (a 12x12 grid of 8-channel cells, the first the visible grey level; 8 synchronous
# updates, each perceiving the channels through fixed identity and Sobel filters and adding a per-cell ReLU MLP
# 24-32-8's output) repairing patterns with a 5x5 hole and light noise, MSE of the visible channel against the intact
# pattern; works at Adam 0.01, and at 0.03 with a warmup + cosine; the held-out MSE falls from ~0.055 to ~0.028-0.033
# (leaving the damage scores ~0.059). Constant Adam 0.03 ends near 0.038; plain SGD overflows to NaN already at 0.03 and
# SGDm 0.03 at one seed of two (the 8 updates unrolled), so its SGD runs use 3e-3-0.01. About 5 s a training


@case("nca-adam-lr-0p3-30x-from-step-1", "nca", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=250, shape=anything)
def _() -> Setup:
    return nca_family("adam", 0.3)


@case("nca-sgd-lr-1-overflows-nan", "nca", "lr-high-nan", cf=lr_to(3e-3), cf_what="lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=250, shape=nan_within(1, 250))
def _() -> Setup:
    return nca_family("sgd", 1.0)


@case("nca-adamw-warmup-cosine-peak-0p3", "nca", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=250, shape=anything)
def _() -> Setup:
    return nca_family("adamw", 0.3, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("nca-sgdm-exponential-gamma-1p03-nan", "nca", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(10, 250))
def _() -> Setup:
    return nca_family("sgdm", 0.01, schedule=exponential(1.03), schedule_name="ExponentialLR(gamma=1.03) per batch")


@case("nca-adam-lr-1e-3-10x-low", "nca", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=250, shape=still_falling)
def _() -> Setup:
    return nca_family("adam", 1e-3)


@case("nca-sgdm-summed-mse", "nca", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, NCA0, "the damage's mean square"))
def _() -> Setup:
    return nca_family("sgdm", 0.01, loss_fn=fd.pattern_mse_summed, loss_name="mse summed over the pixels and the batch (reduction='sum')",
                      val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("nca-adam-head-x300", "nca", "last-layer-init",
      cf=lambda s: replace(s, model=fd.NeuralCA), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, NCA0, "the damage's mean square"))
def _() -> Setup:
    return nca_family("adam", 0.01, model=lambda: scaled_head(fd.NeuralCA(), 300, bias=True))


@case("nca-sgdm-lr-0p1-no-clip-explodes", "nca", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return nca_family("sgdm", 0.1)


@case("nca-adam-lr-0p03-no-warmup", "nca", "missing-warmup", cf=lambda s: replace(s, warmup_steps=25),
      cf_what="a 25-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=25, shape=early_rise(1.1))
def _() -> Setup:
    return nca_family("adam", 0.03)


@case("nca-adam-multistep-x0p1-at-5pct", "nca", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=14, tol=100, shape=lr_down_by(0.11, 18))
def _() -> Setup:
    return nca_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


# ebm: an energy-based model of the plane (an energy MLP 2-64-64-1, SiLU, and a learned log-normaliser) trained by
# noise-contrastive estimation against Gaussian noise of std 2 (a point's logit: -E - log Z - log q), the data 8 tight
# Gaussians on a circle and a thin ring, BCE of data against noise; works at Adam 0.01-0.03, SGDm 0.1-0.3, Adagrad 0.5;
# the held-out loss falls from ~0.9 to ~0.40 in 600 steps (~0.21 in 2000); 200 training points overfit. Fast: 600 steps
# in about a second


@case("ebm-adam-lr-1-100x-from-step-1", "ebm", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=600, shape=anything)
def _() -> Setup:
    return ebm_family("adam", 1.0)


@case("ebm-sgd-lr-30-oscillates-log3", "ebm", "lr-high-oscillation", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return ebm_family("sgd", 30.0, log_every=3)


@case("ebm-nadam-warmup-cosine-peak-1", "ebm", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return ebm_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("ebm-adam-lr-1e-5-1000x-low", "ebm", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return ebm_family("adam", 1e-5)


@case("ebm-asgd-lr-1e-3-1000x-low-log5", "ebm", "lr-low-asgd", cf=lr_to(1.0), cf_what="ASGD lr 1",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return ebm_family("asgd", 1e-3, log_every=5)


@case("ebm-sgdm-summed-bce", "ebm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.nce_bce, loss_name="noise-contrastive estimation: binary_cross_entropy_with_logits (mean)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, LN(2), "ln 2"))
def _() -> Setup:
    return ebm_family("sgdm", 0.1, loss_fn=fd.nce_bce_summed, loss_name="noise-contrastive estimation: BCE with logits summed over the points",
                      val_loss_fn=fd.nce_bce, mean_loss_fn=fd.nce_bce)  # fmt: skip


@case("ebm-adam-head-x300", "ebm", "last-layer-init",
      cf=lambda s: replace(s, model=fd.EnergyModel), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LN(2), "ln 2"))
def _() -> Setup:
    return ebm_family("adam", 0.01, model=lambda: scaled_head(fd.EnergyModel(), 300, bias=True))


@case("ebm-adam-missing-coordinate-nan", "ebm", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the points with a missing coordinate dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 46))
def _() -> Setup:
    return ebm_family("adam", 0.01, data=fd.nce_points(nan_rows=0.003))


@case("ebm-sgdm-multistep-x0p1-at-5pct", "ebm", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=31, tol=100, shape=lr_down_by(0.11, 35))
def _() -> Setup:
    return ebm_family("sgdm", 0.1, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("ebm-relu-adam-layer2-dead-at-init", "ebm", "dead-units",
      cf=lambda s: replace(s, model=relu_energy), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return ebm_family("adam", 0.01, model=lambda: fd.EnergyModel(relu=True, dead_bias=-30.0), meta=EBM_RELU, track_zero_grads=True)


@case("ebm-adam-200-points-overfits", "ebm", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return ebm_family("adam", 0.01, steps=1500, eval_every=50, data=fd.nce_points(train_rows=200, batch_size=32))


@case("ebm-adam-lr-0p03-recreated-each-epoch", "ebm", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=47, tol=5,
      shape=anything)
def _() -> Setup:
    return ebm_family("adam", 0.03, recreate_optimizer_at=frozenset(range(46, 600, 46)))


# fresh15 half: healthy look-alikes


@case("ssm-adamw-warmup-cosine", "ssm", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.SSM_CLASSES))
def _() -> Setup:
    return ssm_family("adamw", 0.015, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("ssm-nadam-onecycle-log4", "ssm", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.SSM_CLASSES))
def _() -> Setup:
    return ssm_family("nadam", 0.015, log_every=4, schedule=one_cycle, schedule_name="OneCycleLR")


@case("ssm-adam-step-decay-log4", "ssm", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.SSM_CLASSES))
def _() -> Setup:
    return ssm_family("adam", 3e-3, log_every=4, schedule=multistep(0.6, 0.8, gamma=0.3), schedule_name="MultiStepLR")


@case("ssm-adamw-warmup-cosine-long-avg10", "ssm", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return ssm_family("adamw", 0.015, steps=500, log_every=10, average=True, eval_every=50, schedule=cosine_after(0.1),
                      schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("ssm-adam-resumed-with-state", "ssm", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.SSM_CLASSES))
def _() -> Setup:
    return ssm_family("adam", 3e-3, recreate_optimizer_at=frozenset({150}), keep_optimizer_state=True)


@case("gat-adamw-warmup-cosine", "gat", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return gat_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("gat-nesterov-onecycle-log5", "gat", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return gat_family("nesterov", 0.1, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("gat-adam-sgdr-log5", "gat", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return gat_family("adam", 0.01, log_every=5, schedule=warm_restarts(0.25),
                      schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("gat-nadam-constant-log2", "gat", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return gat_family("nadam", 3e-3, log_every=2)


@case("gat-adam-constant-long-avg20", "gat", "healthy", like=("plateau", "lr-too-low", "overfitting"), shape=healthy_shape())
def _() -> Setup:
    return gat_family("adam", 3e-3, steps=1000, log_every=20, average=True, eval_every=100)


@case("gat-radam-reduce-on-plateau-log4", "gat", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return gat_family("radam", 0.01, log_every=4, schedule=on_plateau(0.3, 1),
                      schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("nca-adam-warmup-cosine", "nca", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return nca_family("adam", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("nca-adam-cyclic-triangular2", "nca", "healthy", like=("lr-too-high",), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return nca_family("adam", 0.03, schedule=cyclic(0.1, 0.25, mode="triangular2"), schedule_name="CyclicLR triangular2")


@case("nca-adam-step-decay-log4", "nca", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return nca_family("adam", 0.01, log_every=4, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("nca-rmsprop-resumed-with-state", "nca", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return nca_family("rmsprop", 1e-3, recreate_optimizer_at=frozenset({125}), keep_optimizer_state=True)


@case("nca-adamw-onecycle-log5", "nca", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return nca_family("adamw", 0.02, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("ebm-adam-warmup-cosine", "ebm", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return ebm_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("ebm-sgdm-onecycle-log5", "ebm", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return ebm_family("sgdm", 0.3, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("ebm-adagrad-constant-long-avg50", "ebm", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return ebm_family("adagrad", 0.5, steps=2000, log_every=50, average=True, eval_every=200)


@case("ebm-adadelta-constant-log3", "ebm", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return ebm_family("adadelta", 1.0, log_every=3)


@case("ebm-adam-finetune-lr-1e-4", "ebm", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fall=1.4))
def _() -> Setup:
    return ebm_family("adam", 1e-4, steps=300, eval_every=30, model=fd.pretrained_energy,
                      meta={"model": "energy-based model: energy MLP 2-64-64-1 (SiLU) and a learned log-normaliser",
                            "pretrained": True})  # fmt: skip


@case("ebm-radam-constant-log2", "ebm", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return ebm_family("radam", 0.01, log_every=2)


# fresh15 half, logged once per epoch


@case("gat-adam-256-pairs-overfits-per-epoch", "gat", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return gat_family("adam", 0.01, steps=8 * 40, data=fd.graph_links(train_rows=256, batch_size=32), log_per_epoch=True)


@case("ebm-sgd-lr-30-per-epoch", "ebm", "lr-high-oscillation", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return ebm_family("sgd", 30.0, steps=46 * 10, log_per_epoch=True)


@case("ssm-adam-cosine-per-epoch", "ssm", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return ssm_family("adam", 3e-3, steps=125 * 3, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("gat-adamw-warmup-cosine-per-epoch", "gat", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return gat_family("adamw", 0.01, steps=35 * 12, log_per_epoch=True, schedule=cosine_after(0.1),
                      schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("nca-adam-per-epoch", "nca", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return nca_family("adam", 0.01, steps=50 * 6, log_per_epoch=True, data=fd.damaged_patterns(train_rows=800))


@case("ebm-adam-cosine-per-epoch", "ebm", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return ebm_family("adam", 0.01, steps=46 * 12, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("nca-adam-lr-0p3-per-epoch", "nca", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return nca_family("adam", 0.3, steps=50 * 6, log_per_epoch=True, data=fd.damaged_patterns(train_rows=800))
