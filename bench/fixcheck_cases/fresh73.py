"""The seventy-fifth fresh half (fresh73, held out from all tuning):
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


def spanqa_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "extractive span prediction: the mean of the start and the end cross_entropy over the 32 positions")  # fmt: skip
    knobs.setdefault("meta", {"model": "transformer encoder for extractive QA: token (48) and learned position embeddings, 2 pre-LN layers (4 heads, feed-forward 96), a ReLU layer 48-48, a start and an end head giving logits over the positions",
                              "vocab_size": fd.SPANQA_VOCAB, "seq_len": fd.SPANQA_LENGTH, "question_tokens": fd.SPANQA_QUESTION,
                              "held_out": "the same start + end cross-entropy on new question-passage sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.spanqa_sequences(), knobs.pop("model", None) or fd.SpanQA,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def botnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 quadrants of the ring from the square")
    knobs.setdefault("meta", {"model": "BoTNet-like: a 3x3 conv stem (16, BatchNorm) and a 2x2 max pool, a residual block of two 3x3 convs, a 1x1 projection to 32 (BatchNorm), a bottleneck block whose 3x3 conv is 4-head self-attention over the 8x8 positions with learned relative row and column position embeddings, global max pooling, a ReLU layer 32-32 and a head",
                              "image_size": fd.BOT_SIZE, "classes": fd.BOT_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.botnet_images(), knobs.pop("model", None) or fd.BoTNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def gprgnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 5 classes of the training nodes (full batch)")
    knobs.setdefault("meta", {"model": "GPR-GNN: an MLP 16-32-32-5 (dropout 0.5) of every node's features, then 10 steps of symmetric-normalised propagation combined by learnable generalized PageRank weights (started as PPR, alpha 0.1)",
                              "nodes": fd.GPR_NODES, "features": fd.GPR_FEATURES, "classes": fd.GPR_BLOCKS,
                              "propagation_steps": fd.GPR_K, "alpha_init": fd.GPR_ALPHA, "full_batch": True,
                              "held_out": "cross-entropy on the held-out nodes"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.gprgnn_nodes(), knobs.pop("model", None) or fd.GPRGNN,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def adaptivesm_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.adaptivesm_nll)
    knobs.setdefault("loss_name", "nn.AdaptiveLogSoftmaxWithLoss: the mean negative log-likelihood of the next tokens over 300")  # fmt: skip
    knobs.setdefault("meta", {"model": "LSTM LM: token embeddings (32), an LSTM (64), a ReLU layer 64-64, nn.AdaptiveLogSoftmaxWithLoss (cutoffs 20 and 100, div_value 2: a head of the 20 most frequent tokens and 2 tail clusters)",
                              "vocab_size": fd.ASM_VOCAB, "seq_len": fd.ASM_LENGTH, "cutoffs": list(fd.ASM_CUTOFFS),
                              "held_out": "the adaptive softmax's negative log-likelihood on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.adaptivesm_sequences(), knobs.pop("model", None) or fd.AdaptiveLM,
                      optimizer, lr, steps, **knobs)  # fmt: skip


SPANQA0, BOTNET0, GPRGNN0, ASM0 = LN(fd.SPANQA_LENGTH), LN(fd.BOT_CLASSES), LN(fd.GPR_BLOCKS), fd.adaptivesm_at_init()
"""Where the families start: the span predictor at ln 32 (start and end alike), the BoTNet-like classifier at ln 4,
GPR-GNN at ln 5, the adaptive-softmax LM near its NLL at the default init (~4.85; ln 300 = 5.70)."""


# spanqa: extractive span prediction by a small pre-LN transformer encoder (token and learned position embeddings, 2
# layers, a ReLU layer, a start and an end head over the 32 positions) of a question ([MARK], the key, 5 distractors, a
# length token) and a passage holding the key once, the answer a span of 1-3 tokens from it; the mean of the start and
# the end cross-entropies (3.45 at step 1, ln 32 = 3.47, a plateau near 3.2 left after 150-300 steps, ending near
# 1.12-1.16 held out); works at Adam 1e-3-3e-3 (best 3e-3), RMSprop 1e-3, SGDm 0.1 (late: 1.77); hardly moving at Adam
# 1e-5 (3.47); 2.12 at Adam 0.01, at chance from Adam 0.03 on (a 60-step warmup does not help), SGDm 0.3 diverges
# (NaN)


@case("spanqa-adam-lr-1", "spanqa", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return spanqa_family("adam", 1.0)


@case("spanqa-rmsprop-lr-0p3-300x-log2", "spanqa", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return spanqa_family("rmsprop", 0.3, log_every=2)


@case("spanqa-adamw-warmup-cosine-peak-1", "spanqa", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return spanqa_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("spanqa-adam-lr-3e-5-100x-low", "spanqa", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return spanqa_family("adam", 3e-5)


@case("spanqa-sgdm-summed-ce", "spanqa", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="start + end cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SPANQA0, "ln 32"))
def _() -> Setup:
    return spanqa_family("sgdm", 0.1, loss_fn=fd.spanqa_ce_summed, loss_name="the mean of the start and the end cross_entropy summed over the batch's sequences (reduction='sum')",
                         val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("spanqa-adam-head-x1000", "spanqa", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SpanQA), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SPANQA0, "ln 32"))
def _() -> Setup:
    return spanqa_family("adam", 3e-3, model=lambda: scaled_head(fd.SpanQA(), 1000))


@case("spanqa-adam-multistep-x0p1-at-5pct", "spanqa", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return spanqa_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("spanqa-adam-missing-token-nan", "spanqa", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the sequences with a missing (NaN) token dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return spanqa_family("adam", 3e-3, data=fd.spanqa_sequences(nan_rows=0.003))


# botnet: a BoTNet-like classifier (a conv stem with BatchNorm, a residual conv block, a bottleneck block whose 3x3
# conv is 4-head self-attention over the 8x8 positions with learned relative row and column position embeddings,
# global max pooling) naming the quadrant where a ring lies from a square in noisy 16x16 images, cross-entropy over 4
# (1.44-1.59 at step 1, ln 4 = 1.39, a plateau at chance for 100-200 steps, ending near 0.30-0.46 held out); works at
# Adam 1e-3-3e-3 (best 3e-3), RAdam 0.03 with a warmup (0.25), Adagrad 0.03 (0.44), RMSprop 1e-3 (0.47); hardly
# moving at Adam 3e-5 (1.39); SGD with momentum at 0.01-1 never leaves chance; 0.75-0.81 at Adam 0.01 (0.26-0.49
# after a 60-step warmup), at chance at Adam 0.03 (0.76 after a warmup) and from Adam 0.1, Adagrad 0.3 on


@case("botnet-adam-lr-0p3-100x", "botnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return botnet_family("adam", 0.3)


@case("botnet-adagrad-lr-3-100x-log2", "botnet", "lr-high-step1", cf=lr_to(0.03), cf_what="Adagrad lr 0.03",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return botnet_family("adagrad", 3.0, log_every=2)


@case("botnet-adam-cyclic-peak-1", "botnet", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return botnet_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("botnet-adam-lr-3e-5-100x-low-log2", "botnet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return botnet_family("adam", 3e-5, log_every=2)


@case("botnet-adam-head-x1000", "botnet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.BoTNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, BOTNET0, "ln 4"))
def _() -> Setup:
    return botnet_family("adam", 3e-3, model=lambda: scaled_head(fd.BoTNet(), 1000))


@case("botnet-adam-multistep-x0p1-at-5pct", "botnet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return botnet_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("botnet-adam-missing-pixel-nan", "botnet", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return botnet_family("adam", 3e-3, data=fd.botnet_images(nan_rows=0.003))


@case("botnet-adam-fc-dead-at-init", "botnet", "dead-units",
      cf=lambda s: replace(s, model=fd.BoTNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return botnet_family("adam", 3e-3, model=lambda: fd.BoTNet(dead_bias=-30.0), track_zero_grads=True)


@case("botnet-adam-lr-0p01-no-warmup", "botnet", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60, shape=anything)
def _() -> Setup:
    return botnet_family("adam", 0.01)


# gprgnn: GPR-GNN (an MLP 16-32-32-5 with dropout 0.5 of every node's features, 10 steps of symmetric-normalised
# propagation combined by learnable generalized PageRank weights started as PPR) naming the class of the nodes of a
# partly heterophilous stochastic block model graph of 500 nodes, full batch over the 300 training nodes,
# cross-entropy over 5 (1.62 at step 1, ln 5 = 1.61, ending near 0.72-0.80 held out); works at Adam 3e-3-0.03 (best
# 0.01), NAdam 0.01, RMSprop 3e-3-0.01, Adagrad 0.03-0.1, SGDm 0.1-0.3, SGD 0.3 (slow: 0.97); 0.95 at Adam 1e-3,
# hardly moving at Adam 1e-4 (1.61); 0.86 at Adam 0.1 (worse after a 60-step warmup), at chance at Adam 0.3, wild from
# Adam 1 on; SGDm 1-3 and SGD 2 diverge (NaN; SGD 2 clipped at 1: 0.86); Adagrad 0.1 recreated every 2 steps 0.99;
# without dropout on 100 training nodes it overfits from step 30


@case("gprgnn-adam-lr-1", "gprgnn", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return gprgnn_family("adam", 1.0)


@case("gprgnn-sgdm-lr-3-30x-log2", "gprgnn", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gprgnn_family("sgdm", 3.0, log_every=2)


@case("gprgnn-adamw-warmup-cosine-peak-1", "gprgnn", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gprgnn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("gprgnn-adam-exponential-gamma-1p02", "gprgnn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gprgnn_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("gprgnn-adam-lr-1e-4-100x-low-log3", "gprgnn", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gprgnn_family("adam", 1e-4, log_every=3)


@case("gprgnn-sgdm-lr-1e-3-100x-low-log2", "gprgnn", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gprgnn_family("sgdm", 1e-3, log_every=2)


@case("gprgnn-sgd-summed-ce", "gprgnn", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, GPRGNN0, "ln 5"))
def _() -> Setup:
    return gprgnn_family("sgd", 0.3, loss_fn=fd.gprgnn_ce_summed, loss_name="cross_entropy summed over the training nodes (reduction='sum')",
                         val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("gprgnn-adam-exponential-1000x-in-40-steps", "gprgnn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return gprgnn_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("gprgnn-adam-fc-dead-at-init", "gprgnn", "dead-units",
      cf=lambda s: replace(s, model=fd.GPRGNN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return gprgnn_family("adam", 0.01, model=lambda: fd.GPRGNN(dead_bias=-30.0), track_zero_grads=True)


@case("gprgnn-sgd-lr-2-no-clip", "gprgnn", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return gprgnn_family("sgd", 2.0)


@case("gprgnn-adagrad-lr-0p1-recreated-every-2-steps", "gprgnn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return gprgnn_family("adagrad", 0.1, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("gprgnn-adam-100-nodes-no-dropout-overfits", "gprgnn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return gprgnn_family("adam", 0.01, steps=600, eval_every=30, data=fd.gprgnn_nodes(n=100), model=lambda: fd.GPRGNN(dropout=0.0))


# adaptivesm: an LSTM LM (embeddings of 32, an LSTM of 64, a ReLU layer) with nn.AdaptiveLogSoftmaxWithLoss (a head of
# the 20 most frequent tokens and 2 tail clusters) on Zipf-distributed tokens of a planted Markov grammar over 300, the
# module's mean negative log-likelihood (4.83 at step 1, ~4.85 at init, ending near 2.94-2.95 held out); works at Adam
# 3e-3-0.03 (best 0.01), NAdam 0.01, RMSprop 3e-3, Adagrad 0.1, SGDm 0.3-1; slow at Adam 1e-3 (3.10), 3.88 at Adam and
# NAdam 1e-4, hardly moving at Adam 1e-5 (4.82); 3.22 at Adam 0.1 (3.01 after a 60-step warmup), 4.95 at Adam 0.3, 8.9
# at Adam 1; Adagrad 1 4.96 (2.99 after a warmup); SGDm 3 stuck at 4.85 (~3.0 clipped at 0.25), SGDm 10 diverges (NaN);
# recreating Adam (0.01) or RMSprop (3e-3) every 2 steps costs little; 128 training sequences overfit from epoch 10


@case("adaptivesm-adam-lr-1-log2", "adaptivesm", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return adaptivesm_family("adam", 1.0, log_every=2)


@case("adaptivesm-rmsprop-lr-1-300x", "adaptivesm", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return adaptivesm_family("rmsprop", 1.0)


@case("adaptivesm-adamw-warmup-cosine-peak-1", "adaptivesm", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return adaptivesm_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("adaptivesm-rmsprop-exponential-gamma-1p02", "adaptivesm", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return adaptivesm_family("rmsprop", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("adaptivesm-adam-lr-1e-4-100x-low", "adaptivesm", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return adaptivesm_family("adam", 1e-4)


@case("adaptivesm-nadam-lr-1e-4-100x-low-log2", "adaptivesm", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return adaptivesm_family("nadam", 1e-4, log_every=2)


@case("adaptivesm-sgdm-summed-nll", "adaptivesm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.adaptivesm_nll, loss_name="the adaptive softmax's negative log-likelihood (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ASM0, "the NLL at init"))
def _() -> Setup:
    return adaptivesm_family("sgdm", 1.0, loss_fn=fd.adaptivesm_nll_summed, loss_name="the adaptive softmax's negative log-likelihood summed over the batch's sequences (reduction='sum')",
                             val_loss_fn=fd.adaptivesm_nll, mean_loss_fn=fd.adaptivesm_nll)  # fmt: skip


@case("adaptivesm-nesterov-summed-nll-log2", "adaptivesm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.adaptivesm_nll, loss_name="the adaptive softmax's negative log-likelihood (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ASM0, "the NLL at init"))
def _() -> Setup:
    return adaptivesm_family("nesterov", 0.3, log_every=2, loss_fn=fd.adaptivesm_nll_summed, loss_name="the adaptive softmax's negative log-likelihood summed over the batch's sequences (reduction='sum')",
                             val_loss_fn=fd.adaptivesm_nll, mean_loss_fn=fd.adaptivesm_nll)  # fmt: skip


@case("adaptivesm-adam-head-x1000", "adaptivesm", "last-layer-init",
      cf=lambda s: replace(s, model=fd.AdaptiveLM), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, ASM0, "the NLL at init"))
def _() -> Setup:
    return adaptivesm_family("adam", 0.01, model=lambda: scaled_head(fd.AdaptiveLM(), 1000))


@case("adaptivesm-adam-exponential-1000x-in-40-steps", "adaptivesm", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return adaptivesm_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("adaptivesm-adam-missing-token-nan", "adaptivesm", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the sequences with a missing (NaN) token dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return adaptivesm_family("adam", 0.01, data=fd.adaptivesm_sequences(nan_rows=0.003))


@case("adaptivesm-adam-fc-dead-at-init", "adaptivesm", "dead-units",
      cf=lambda s: replace(s, model=fd.AdaptiveLM), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return adaptivesm_family("adam", 0.01, model=lambda: fd.AdaptiveLM(dead_bias=-30.0), track_zero_grads=True)


@case("adaptivesm-adagrad-lr-1-no-warmup", "adaptivesm", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60, shape=anything)
def _() -> Setup:
    return adaptivesm_family("adagrad", 1.0)


@case("adaptivesm-sgdm-lr-3-no-clip", "adaptivesm", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.25), cf_what="gradients clipped at 0.25",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return adaptivesm_family("sgdm", 3.0)


# fresh73 half: healthy look-alikes


@case("spanqa-adam-cosine-log2", "spanqa", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.SPANQA_LENGTH, fall=0.5))
def _() -> Setup:
    return spanqa_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("spanqa-rmsprop-cosine-eval50", "spanqa", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.SPANQA_LENGTH, fall=0.5))
def _() -> Setup:
    return spanqa_family("rmsprop", 1e-3, steps=500, eval_every=50, schedule=cosine_after(0.0), schedule_name="cosine")


@case("spanqa-adamw-warmup-cosine", "spanqa", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fd.SPANQA_LENGTH, fall=0.5))
def _() -> Setup:
    return spanqa_family("adamw", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("spanqa-nadam-step-decay-log3", "spanqa", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.SPANQA_LENGTH, fall=0.5))
def _() -> Setup:
    return spanqa_family("nadam", 2e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3), schedule_name="MultiStepLR")


@case("botnet-adam-cosine-eval25", "botnet", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.BOT_CLASSES, fall=0.6))
def _() -> Setup:
    return botnet_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("botnet-adagrad-cosine-log2", "botnet", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fd.BOT_CLASSES, fall=0.6))
def _() -> Setup:
    return botnet_family("adagrad", 0.03, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("botnet-rmsprop-step-decay-log3", "botnet", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.BOT_CLASSES, fall=0.6))
def _() -> Setup:
    return botnet_family("rmsprop", 1e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3), schedule_name="MultiStepLR")


@case("botnet-radam-warmup-cosine-log4", "botnet", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fd.BOT_CLASSES, fall=0.6))
def _() -> Setup:
    return botnet_family("radam", 0.03, log_every=4, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("gprgnn-adam-cosine-log2", "gprgnn", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.GPR_BLOCKS, fall=0.7))
def _() -> Setup:
    return gprgnn_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("gprgnn-sgdm-one-cycle", "gprgnn", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.GPR_BLOCKS, fall=0.7))
def _() -> Setup:
    return gprgnn_family("sgdm", 0.1, schedule=one_cycle, schedule_name="OneCycleLR")


@case("gprgnn-nadam-step-decay-eval50", "gprgnn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.GPR_BLOCKS, fall=0.7))
def _() -> Setup:
    return gprgnn_family("nadam", 0.01, steps=500, eval_every=50, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("gprgnn-adagrad-on-plateau-log4", "gprgnn", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.GPR_BLOCKS, fall=0.7))
def _() -> Setup:
    return gprgnn_family("adagrad", 0.1, log_every=4, schedule=on_plateau(), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("gprgnn-adam-resumed-with-state", "gprgnn", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.GPR_BLOCKS, fall=0.7))
def _() -> Setup:
    return gprgnn_family("adam", 0.01, steps=500, eval_every=50, recreate_optimizer_at=frozenset({250}), keep_optimizer_state=True,
                         schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("adaptivesm-adagrad-constant-eval50", "adaptivesm", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return adaptivesm_family("adagrad", 0.1, steps=500, eval_every=50)


@case("adaptivesm-nesterov-sgdr-log5", "adaptivesm", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return adaptivesm_family("nesterov", 1.0, log_every=5, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("adaptivesm-nadam-warmup-cosine", "adaptivesm", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return adaptivesm_family("nadam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("adaptivesm-adamw-warmup-linear-avg10", "adaptivesm", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return adaptivesm_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                             schedule_name="linear warmup 5% + linear decay")  # fmt: skip


# fresh73 half, logged once per epoch


@case("adaptivesm-adam-128-sequences-overfits-per-epoch", "adaptivesm", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return adaptivesm_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.adaptivesm_sequences(train_rows=128, batch_size=32))


@case("botnet-adam-lr-1-per-epoch", "botnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return botnet_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.botnet_images(n=1600, batch_size=32))


@case("botnet-adam-cosine-per-epoch", "botnet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.BOT_CLASSES, fall=0.6))
def _() -> Setup:
    return botnet_family("adam", 3e-3, steps=50 * 8, log_per_epoch=True, data=fd.botnet_images(n=1600, batch_size=32),
                         schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("adaptivesm-sgdm-cosine-per-epoch", "adaptivesm", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return adaptivesm_family("sgdm", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.adaptivesm_sequences(n=1600, batch_size=32),
                             schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
