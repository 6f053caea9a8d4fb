"""The sixth fresh half (fresh6, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import torch
from torch.optim import Optimizer

import fixcheck_data as fd
from fixcheck_cases.fresh import on_plateau
from fixcheck_cases.fresh2 import LN2
from fixcheck_cases.tune import HIGH
from fixcheck_core import (
    anything, case, dead_from, early_peak, first_dead, first_loss_above, first_nan, healthy_shape, imputed, lr_down_by,
    lr_to, nan_within, overfits, rises_after_dip, setup, spiky, still_falling,
)
from harness import (
    LN, Setup, constant_after, cosine_after, cyclic, exponential, exponential_to, multistep, one_cycle, scaled_head,
    warm_restarts,
)


MORE_OPTIMIZERS: dict[str, tuple[type[Optimizer], dict[str, Any]]] = {
    "adagrad": (torch.optim.Adagrad, {}), "nadam": (torch.optim.NAdam, {}), "radam": (torch.optim.RAdam, {}),
    "adamax": (torch.optim.Adamax, {}), "adadelta": (torch.optim.Adadelta, {}), "asgd": (torch.optim.ASGD, {}),
}  # fmt: skip
"""Optimizers the sixth half uses beyond ``opt``'s (Adamax, Adadelta and ASGD: fresh14's)."""


def setup_more(data: fd.Data, model: Callable[[], Any], optimizer: str, lr: float, steps: int, **knobs: Any) -> Setup:
    """``setup``, with Adagrad, NAdam and RAdam as well."""
    if optimizer not in MORE_OPTIMIZERS:
        return setup(data, model, optimizer, lr, steps, **knobs)
    o, args = MORE_OPTIMIZERS[optimizer]
    return Setup(name="", data=data, model=model, optimizer=o, opt_args=args | knobs.pop("opt_args", {}), lr=lr,
                 steps=steps, **knobs)  # fmt: skip


def polynomial_decay(power: float) -> Callable[[Optimizer, Setup], Any]:
    """PolynomialLR to 0 over the run (per batch)."""
    return lambda o, s: torch.optim.lr_scheduler.PolynomialLR(o, total_iters=s.steps, power=power)


def ctc_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.ctc_mean)
    knobs.setdefault("loss_name", "nn.CTCLoss(blank=0, reduction='mean') of log_softmax over the blank + 6 tokens")
    knobs.setdefault("meta", {"vocab_size": fd.CTC_TOKENS + 1, "blank": 0, "frames": fd.CTC_FRAMES})
    return setup_more(knobs.pop("data", None) or fd.ctc_utterances(), knobs.pop("model", None) or fd.CTCNet, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def mdn_family(optimizer: str, lr: float, steps: int = 800, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 80)
    knobs.setdefault("loss_fn", fd.mdn_nll)
    knobs.setdefault("loss_name", "mixture density negative log-likelihood per point (nats, logsumexp)")
    knobs.setdefault("meta", {"mixture_components": fd.MDN_K})
    return setup_more(knobs.pop("data", None) or fd.inverse_sine(), knobs.pop("model", None) or fd.MixtureDensityNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def rank_family(optimizer: str, lr: float, steps: int = 800, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 80)
    knobs.setdefault("loss_fn", fd.listnet)
    knobs.setdefault("loss_name", "ListNet listwise softmax cross-entropy per query")
    knobs.setdefault("meta", {"docs_per_query": fd.RANK_DOCS})
    return setup_more(knobs.pop("data", None) or fd.ranked_queries(), knobs.pop("model", None) or fd.RankScorer,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def mil_family(optimizer: str, lr: float, steps: int = 800, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 80)
    knobs.setdefault("loss_fn", fd.bag_bce)
    knobs.setdefault("loss_name", "BCEWithLogitsLoss of the bag label")
    knobs.setdefault("meta", {"max_instances": fd.MIL_INSTANCES, "pooling": "gated attention"})
    return setup_more(knobs.pop("data", None) or fd.instance_bags(), knobs.pop("model", None) or fd.AttentionMIL,
                      optimizer, lr, steps, **knobs)  # fmt: skip


CTC0 = fd.uniform_ctc_loss()
"""The held-out CTC loss of uniform outputs (~11.1): where an untrained CTC model starts."""
NLL0, LN16 = fd.unit_gaussian_nll(), LN(fd.RANK_DOCS)
"""The NLL of a unit Gaussian for the MDN's standardised target (~1.39), and ln 16 for the ranker at equal scores."""

# ctc: conv + bidirectional GRU (32) CTC model of 24-frame utterances of 2-5 of 6 tokens; works at Adam 3e-3..0.01,
# RMSprop 3e-3, SGDm 0.1; the held-out CTC loss ends near 0.2 (Adam 1e-3 sits on the blank plateau near 2.3 first)


@case("ctc-bigru-adam-lr-0p3-100x-from-step-1", "ctc", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return ctc_family("adam", 0.3)


@case("ctc-bigru-sgdm-lr-1-diverges-after-dip", "ctc", "lr-high-diverge", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=rises_after_dip(1.15))
def _() -> Setup:
    return ctc_family("sgdm", 1.0)


@case("ctc-rnn-sgd-lr-1-no-clip-explodes", "ctc", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=early_peak(5.0))
def _() -> Setup:
    return ctc_family("sgd", 1.0, model=lambda: fd.CTCNet("rnn", gain=1.0))


@case("ctc-bigru-adam-truncated-utterances-inf", "ctc", "nan-infeasible",
      cf=lambda s: replace(s, loss_fn=fd.ctc_mean_safe), cf_what="zero_infinity=True (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2, shape=nan_within(1, 400))
def _() -> Setup:
    return ctc_family("adam", 3e-3, data=fd.ctc_utterances(truncated=3), safe_loss_fn=fd.ctc_mean_safe)


@case("ctc-bigru-sgdm-summed-ctc", "ctc", "summed",
      cf=lambda s: replace(s, loss_fn=fd.ctc_mean, loss_name="nn.CTCLoss(blank=0, reduction='mean')"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, CTC0, "the CTC loss of uniform outputs"))
def _() -> Setup:
    return ctc_family("sgdm", 0.1, loss_fn=fd.ctc_summed, loss_name="nn.CTCLoss(blank=0, reduction='sum')",
                      val_loss_fn=fd.ctc_mean, mean_loss_fn=fd.ctc_mean)  # fmt: skip


@case("ctc-bigru-adam-lr-3e-5-100x-low", "ctc", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return ctc_family("adam", 3e-5)


@case("ctc-bigru-rmsprop-lr-3e-3-recreated-each-epoch", "ctc", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=126, tol=5,
      shape=anything)
def _() -> Setup:
    return ctc_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset(range(125, 400, 125)))


@case("ctc-bigru-adam-multistep-x0p1-at-5pct", "ctc", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return ctc_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("ctc-bigru-adam-head-x100-log2", "ctc", "last-layer-init",
      cf=lambda s: replace(s, model=fd.CTCNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, CTC0, "the CTC loss of uniform outputs"))
def _() -> Setup:
    return ctc_family("adam", 3e-3, log_every=2, model=lambda: scaled_head(fd.CTCNet(), 100, bias=True))


@case("ctc-bigru-adam-lr-0p05-no-warmup", "ctc", "missing-warmup", cf=lambda s: replace(s, warmup_steps=80),
      cf_what="an 80-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=80,
      shape=anything)
def _() -> Setup:
    return ctc_family("adam", 0.05)


@case("ctc-bigru-adamw-warmup-constant-peak-0p3", "ctc", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=rises_after_dip(1.15))
def _() -> Setup:
    return ctc_family("adamw", 0.3, schedule=constant_after(0.2), schedule_name="linear warmup 20% + constant")


# mdn: a tanh MLP (2-64-64) giving a 5-component Gaussian mixture of Bishop's inverse sine problem; works at Adam
# 1e-3..3e-3, RMSprop 1e-3, SGDm 3e-3 (slowly); its held-out NLL ends near -0.4 nats


@case("mdn-tanh-adam-lr-0p05-spikes", "mdn", "lr-high-spikes", cf=lr_to(2e-3), cf_what="Adam lr 2e-3",
      must=("lr-too-high",), may=HIGH, tol=800, shape=spiky())
def _() -> Setup:
    return mdn_family("adam", 0.05)


@case("mdn-tanh-adam-lr-1e-5-100x-low", "mdn", "lr-low-adam", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=800, shape=still_falling)
def _() -> Setup:
    return mdn_family("adam", 1e-5)


@case("mdn-tanh-sgdm-lr-1e-4-30x-low-log5", "mdn", "lr-low-sgd", cf=lr_to(3e-3), cf_what="lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=800, shape=still_falling)
def _() -> Setup:
    return mdn_family("sgdm", 1e-4, log_every=5)


@case("mdn-relu-adam-hidden-dead-at-init", "mdn", "dead-units",
      cf=lambda s: replace(s, model=lambda: fd.MixtureDensityNet(act=torch.nn.ReLU)), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return mdn_family("adam", 2e-3, model=lambda: fd.MixtureDensityNet(act=torch.nn.ReLU, dead_bias=-6.0),
                      track_zero_grads=True)  # fmt: skip


@case("mdn-tanh-adam-head-x30", "mdn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.MixtureDensityNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(3, NLL0, "the NLL of a unit Gaussian"))
def _() -> Setup:
    return mdn_family("adam", 2e-3, model=lambda: scaled_head(fd.MixtureDensityNet(), 30, bias=True))


@case("mdn-tanh-nadam-exponential-100x-in-80-steps", "mdn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 80))
def _() -> Setup:
    return mdn_family("nadam", 2e-3, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 80")


@case("mdn-tanh-rmsprop-lr-1e-3-recreated-each-epoch", "mdn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=32, tol=5,
      shape=anything)
def _() -> Setup:
    return mdn_family("rmsprop", 1e-3, recreate_optimizer_at=frozenset(range(31, 800, 31)))


@case("mdn-tanh-adam-exponential-gamma-1p01-log2", "mdn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=800, shape=anything)
def _() -> Setup:
    return mdn_family("adam", 1e-3, log_every=2, schedule=exponential(1.01), schedule_name="ExponentialLR(gamma=1.01) per batch")


@case("mdn-tanh128-adam-300-points-overfits", "mdn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return mdn_family("adam", 3e-3, steps=1500, eval_every=50, data=fd.inverse_sine(train_rows=300, batch_size=32),
                      model=lambda: fd.MixtureDensityNet(hidden=128))  # fmt: skip


# rank: a ReLU MLP scorer (12-64-64-1) of 16 documents per query, ListNet (or RankNet) loss; works at Adam 3e-3..0.01,
# SGDm 0.1, Adagrad 0.03; the held-out listwise loss ends near 1.75 (ln 16 = 2.77 at equal scores, 1.39 a perfect
# ranking)


@case("rank-mlp-adam-lr-0p3-100x-from-step-1", "rank", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=800, shape=anything)
def _() -> Setup:
    return rank_family("adam", 0.3)


@case("rank-mlp-sgd-lr-30-300x-blows-up-log2", "rank", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=800, shape=anything)
def _() -> Setup:
    return rank_family("sgd", 30.0, log_every=2)


@case("rank-mlp-adagrad-lr-1e-3-30x-low", "rank", "lr-low-adagrad", cf=lr_to(0.03), cf_what="Adagrad lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=800, shape=still_falling)
def _() -> Setup:
    return rank_family("adagrad", 1e-3)


@case("rank-mlp-adam-lr-1e-5-300x-low-log4", "rank", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=800, shape=still_falling)
def _() -> Setup:
    return rank_family("adam", 1e-5, log_every=4)


@case("rank-mlp-sgdm-summed-listnet", "rank", "summed",
      cf=lambda s: replace(s, loss_fn=fd.listnet, loss_name="ListNet softmax cross-entropy (mean over queries)"),
      cf_what="reduction='mean' over the queries", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, LN16, "ln 16"))
def _() -> Setup:
    return rank_family("sgdm", 0.1, loss_fn=fd.listnet_summed, loss_name="ListNet softmax cross-entropy (reduction='sum')",
                       val_loss_fn=fd.listnet, mean_loss_fn=fd.listnet)  # fmt: skip


@case("rank-mlp-adam-head-x300", "rank", "last-layer-init",
      cf=lambda s: replace(s, model=fd.RankScorer), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, LN16, "ln 16"))
def _() -> Setup:
    return rank_family("adam", 3e-3, model=lambda: scaled_head(fd.RankScorer(), 300, bias=True))


@case("rank-mlp-rmsprop-lr-3e-3-recreated-each-epoch", "rank", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=94, tol=5,
      shape=anything)
def _() -> Setup:
    return rank_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset(range(93, 800, 93)))


@case("rank-mlp-nesterov-multistep-x0p1-at-5pct", "rank", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=41, tol=100, shape=lr_down_by(0.11, 45))
def _() -> Setup:
    return rank_family("nesterov", 0.1, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("rank-ranknet-adam-lr-0p1-30x-from-step-1", "rank", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=800, shape=anything)
def _() -> Setup:
    return rank_family("adam", 0.1, loss_fn=fd.ranknet, loss_name="RankNet pairwise logistic loss (mean over pairs)")


@case("rank-mlp-adam-nan-feature-early", "rank", "nan-early", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing values imputed", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(1, 40))
def _() -> Setup:
    return rank_family("adam", 3e-3, data=fd.ranked_queries(nan_rows=0.01))


# mil: gated-attention MIL (instance MLP 10-48-48, attention 32) of bags of 6-16 instances, BCE with logits; works at
# Adam 3e-3, SGDm 0.03; the held-out loss ends near 0.33 (ln 2 at chance)


@case("mil-attn-adam-lr-0p1-30x-from-step-1", "mil", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=800, shape=anything)
def _() -> Setup:
    return mil_family("adam", 0.1)


@case("mil-attn-sgdm-lr-1e-3-30x-low-log4", "mil", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=800, shape=still_falling)
def _() -> Setup:
    return mil_family("sgdm", 1e-3, log_every=4)


@case("mil-attn-rmsprop-lr-3e-3-recreated-each-epoch", "mil", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=94, tol=5,
      shape=anything)
def _() -> Setup:
    return mil_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset(range(93, 800, 93)))


@case("mil-attn-adam-encoder-dead-at-init", "mil", "dead-units",
      cf=lambda s: replace(s, model=fd.AttentionMIL), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return mil_family("adam", 3e-3, model=lambda: fd.AttentionMIL(dead_bias=-6.0), track_zero_grads=True)


@case("mil-attn-adam-head-x300", "mil", "last-layer-init",
      cf=lambda s: replace(s, model=fd.AttentionMIL), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LN2, "ln 2"))
def _() -> Setup:
    return mil_family("adam", 3e-3, model=lambda: scaled_head(fd.AttentionMIL(), 300, bias=True))


@case("mil-attn-sgdm-exponential-gamma-1p02-nan", "mil", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(20, 800))
def _() -> Setup:
    return mil_family("sgdm", 0.03, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("mil-attn128-adam-200-bags-overfits", "mil", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return mil_family("adam", 3e-3, eval_every=20, data=fd.instance_bags(train_rows=200),
                      model=lambda: fd.AttentionMIL(hidden=128))  # fmt: skip


@case("mil-attn-adamw-exponential-100x-in-80-steps", "mil", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 80))
def _() -> Setup:
    return mil_family("adamw", 3e-3, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 80")


@case("mil-attn-adam-lr-0p03-no-warmup", "mil", "missing-warmup", cf=lambda s: replace(s, warmup_steps=100),
      cf_what="a 100-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=100,
      shape=anything)
def _() -> Setup:
    return mil_family("adam", 0.03)


@case("mil-attn-nadam-warmup-cosine-peak-0p3", "mil", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=800, shape=rises_after_dip(1.15))
def _() -> Setup:
    return mil_family("nadam", 0.3, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


# fresh6 half: healthy look-alikes


@case("ctc-bigru-adam-lr-1e-3-3x-low-blank-plateau", "ctc", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return ctc_family("adam", 1e-3, steps=600, eval_every=60)


@case("ctc-bigru-adamw-warmup-cosine", "ctc", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return ctc_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("ctc-bigru-sgdm-clipped-onecycle-log5", "ctc", "healthy", like=("lr-too-high", "missing-warmup", "exploding-gradients"),
      shape=healthy_shape())
def _() -> Setup:
    return ctc_family("sgdm", 0.3, log_every=5, max_grad_norm=5.0, schedule=one_cycle, schedule_name="OneCycleLR")


@case("ctc-bigru-rmsprop-reduce-on-plateau-log4", "ctc", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return ctc_family("rmsprop", 0.01, log_every=4, schedule=on_plateau(0.3, 1), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("ctc-bigru-adam-constant-long-avg25", "ctc", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return ctc_family("adam", 3e-3, steps=1000, log_every=25, average=True, eval_every=100)


@case("mdn-tanh-adam-constant-below-zero-avg50", "mdn", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return mdn_family("adam", 1e-3, steps=2000, log_every=50, average=True, eval_every=200)


@case("mdn-tanh-adamw-sgdr-log4", "mdn", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return mdn_family("adamw", 2e-3, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("mdn-tanh-rmsprop-step-decay-log10", "mdn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return mdn_family("rmsprop", 1e-3, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.2), schedule_name="MultiStepLR")


@case("mdn-tanh-radam-constant", "mdn", "healthy", like=("missing-warmup", "lr-too-high", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return mdn_family("radam", 1e-3, steps=1200, eval_every=120)


@case("mdn-tanh-adam-cyclic-log2", "mdn", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return mdn_family("adam", 3e-3, log_every=2, schedule=cyclic(0.1, 0.25), schedule_name="CyclicLR triangular")


@case("rank-mlp-adamw-warmup-cosine", "rank", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return rank_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("rank-mlp-adam-finetune-lr-1e-4", "rank", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fall=1.4))
def _() -> Setup:
    return rank_family("adam", 1e-4, steps=300, eval_every=30, model=fd.pretrained_ranker, meta={"pretrained": True})


@case("rank-mlp-sgdm-polynomial-decay-log5", "rank", "healthy", like=("premature-decay", "lr-too-low"),
      shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return rank_family("sgdm", 0.1, log_every=5, schedule=polynomial_decay(2.0), schedule_name="PolynomialLR(power=2) to 0")


@case("rank-ranknet-adam-constant-long-avg50", "rank", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return rank_family("adam", 3e-3, steps=2000, log_every=50, average=True, eval_every=200, loss_fn=fd.ranknet,
                       loss_name="RankNet pairwise logistic loss (mean over pairs)")  # fmt: skip


@case("rank-mlp-adagrad-constant-log10", "rank", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return rank_family("adagrad", 0.03, log_every=10)


@case("rank-mlp-nesterov-sgdr-log4", "rank", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return rank_family("nesterov", 0.1, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("mil-attn-adamw-warmup-cosine", "mil", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return mil_family("adamw", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("mil-attn-sgdm-onecycle-log5", "mil", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return mil_family("sgdm", 0.1, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("mil-attn-adam-constant-long-avg50", "mil", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return mil_family("adam", 1e-3, steps=2000, log_every=50, average=True, eval_every=200)


@case("mil-attn-rmsprop-resumed-with-state", "mil", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return mil_family("rmsprop", 1e-3, recreate_optimizer_at=frozenset({300, 600}), keep_optimizer_state=True)


@case("mil-attn-sgdm-step-decay-log10", "mil", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return mil_family("sgdm", 0.03, log_every=10, schedule=multistep(0.6, 0.8, gamma=0.2), schedule_name="MultiStepLR")


# fresh6 half, logged once per epoch


@case("mdn-tanh128-adam-300-points-overfits-per-epoch", "mdn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return mdn_family("adam", 3e-3, steps=9 * 120, data=fd.inverse_sine(train_rows=300, batch_size=32),
                      model=lambda: fd.MixtureDensityNet(hidden=128), log_per_epoch=True)  # fmt: skip


@case("mil-attn-adam-lr-0p1-per-epoch", "mil", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return mil_family("adam", 0.1, steps=93 * 8, log_per_epoch=True)


@case("ctc-bigru-adam-per-epoch", "ctc", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return ctc_family("adam", 3e-3, steps=125 * 8, log_per_epoch=True)


@case("rank-mlp-adam-step-decay-per-epoch", "rank", "healthy", like=("overfitting", "premature-decay"),
      shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return rank_family("adam", 3e-3, steps=93 * 8, log_per_epoch=True, schedule=multistep(0.5, gamma=0.1), per_epoch=True,
                       schedule_name="MultiStepLR at 50%, per epoch")  # fmt: skip


@case("mdn-tanh-adam-cosine-per-epoch", "mdn", "healthy", like=("overfitting", "plateau", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return mdn_family("adam", 1e-3, steps=31 * 30, log_per_epoch=True, schedule=cosine_after(0.0), per_epoch=True,
                      schedule_name="cosine, per epoch")  # fmt: skip
