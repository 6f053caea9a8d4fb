#!/usr/bin/env python
"""Hold-out runs: real small PyTorch models trained on the CPU, made differently from the sample runs.

The sample runs of ``sample_logs/`` are what the rules were tuned on (MLPs, a small CNN, GRU/LSTM
char LMs, MLP regression). These runs test whether the rules generalise. Two sets:

Set a (34 runs, ``bench/out/holdout``): other models (a patch transformer, a 1D CNN on time series,
an LSTM regressor, an MLP with LayerNorm and dropout, an EmbeddingBag text classifier, logistic
regression, an autoencoder, a causal transformer LM), other optimizers (RMSprop, Adagrad, NAdam,
RAdam, Adamax, SGD with Nesterov) and schedules, lengths of 300 to 4000 steps, logging every 1, 5 or
20 steps and batches of 8 to 256. The rules have since been fixed on them: they are no hold-out now.

Set b (30 runs, ``bench/out/holdout-b``), made after set a was used up: longer runs (3000 to 12000 optimizer steps) logged
every 10 or 50 steps, some with the loss averaged over the logging window as Hugging Face's Trainer
logs it (``*-avg10``, ``*-avg50``; the others log that step's own loss, ``*-log10``, ``*-log50``),
evaluation every 100 to 1000 steps or every epoch, gradient accumulation, label smoothing 0.1,
schedules stepped per epoch (StepLR, MultiStepLR, ExponentialLR), ReduceLROnPlateau with two or
three cuts, warmup + cosine to zero, warmup-stable-decay, inverse sqrt, one-cycle, a resume with and
one without the optimizer state, and two fine-tunes of pretrained models (sidecar ``pretrained``).
Its data and models are new too: seven-segment digit images, a census-like table with categorical
columns, token sequences with planted motifs, AR(2) forecasting; flattening and BatchNorm MLPs, a
tabular embedding net, a GRU, an LSTM forecaster and hand-written pre-LN / post-LN transformers. Its
faults are the bugs users hit in their own loops: ``scheduler.step()`` in the batch loop of an
epoch-sized schedule, a forgotten ``optimizer.zero_grad()``, Adam re-created every epoch, a resume
from weights only, an lr 30x too high after warmup or 100x too low, a tiny training set, logits x20
at init, an LSTM warmed up to an lr that ends in NaN, a shard of batches with missing-value targets,
a post-LN fine-tune without warmup.

About 60% of the runs of each set are healthy, the others carry one fault each. Every label comes
from the construction and is confirmed by simple numpy checks on the recorded CSV, whose numbers go
into the comment above the run in ``labels.toml``; a run whose check fails is reported (exit code 1)
so its scenario gets fixed, never its label. Same file layout as ``sample_logs/make_samples.py``:

    python bench/holdout.py                          # both sets, each into its own folder
    python bench/holdout.py --set b --jobs 1         # set b into bench/out/holdout-b
    python bench/holdout.py --set a --only vit       # the runs of set a whose name contains "vit"
    python bench/holdout.py --set b --out /tmp/x     # --out: every run made goes there instead
    python bench/detection.py --samples bench/out/holdout-b
"""


from __future__ import annotations

import argparse
import math
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import torch
from torch import Tensor, nn
from torch.nn import functional as F
from torch.optim import SGD, Adagrad, Adam, Adamax, AdamW, NAdam, Optimizer, RAdam, RMSprop, lr_scheduler

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "sample_logs"))  # the training harness shared with make_samples.py
from harness import (  # noqa: E402
    LN, SMOOTHED, BagClassifier, BlockTransformer, CausalLM, GRUClassifier, Job, Label, PatchViT, Plan, Run,
    ScenarioList, SeqRegressor, Setup, TabularNet, Trained, ar_series, autoencoder, blobs, constant_after,
    cosine_after, cross_entropy, decay_label, decay_label_b, echo_sums, evaluate, explode_label, flat, friedman,
    gratings, healthy, healthy_b, image_mlp, initial_label, lambda_lr, linear_decay_after, logging_of, logreg,
    make_runs, manifold, manual_bce, markov_tokens, missing_warmup_label, mlp, mlp_ln, motif_tokens, multistep,
    nonfinite_label, one_cycle, overfit_label, reset_label, reset_label_b, rings, scaled_head, segment_digits,
    smoothed_ce, step_of, summed_cross_entropy, tabular, tcn, too_high_label, too_high_label_b, too_low_label,
    topic_docs, train, warmup_cosine, warmup_linear, waveforms,
)  # fmt: skip

DEFAULT_OUTS = {"a": ROOT / "bench" / "out" / "holdout", "b": ROOT / "bench" / "out" / "holdout-b"}

# Both sets: the batch order of a run comes from a generator seeded with 2000 (the run's seed is 0); each
# scenario seeds torch for its model itself (``init_seed``).
SET_A = ScenarioList("a", shuffle_offset=2000, tags={"set": "holdout"})
SET_B = ScenarioList(
    "b", shuffle_offset=2000, tags={"set": "holdout-b"}, loop_facts=True, zero_grad="after_step"
)  # the sidecars of set b say how the loss is logged and batches accumulated; gradients are zeroed after the step


# =========================================================================== set a
# --------------------------------------------------------------------------- healthy runs


@SET_A.scenario("vit-adamw-warmup-linear-decay", steps=600)
def vit_adamw_warmup_linear_decay(run: Run) -> Plan:
    setup = run.setup(gratings(12000, 0), lambda: PatchViT(6), AdamW, 2e-3, opt_args={"weight_decay": 0.05},
                      init_seed=0, schedule=linear_decay_after(0.1), schedule_name="linear warmup 10% + linear decay",
                      eval_every=100)  # fmt: skip
    lookalike = ("missing-warmup", "lr-too-high", "premature-decay", "wrong-initial-loss", "overfitting")
    return Plan(setup, lambda t: healthy(run, t.c, lookalike, "patch transformer, warmup + linear decay", 6))


@SET_A.scenario("vit-radam-poly-bs32", steps=500)
def vit_radam_poly_bs32(run: Run) -> Plan:
    setup = run.setup(gratings(16000, 1, batch_size=32), lambda: PatchViT(6), RAdam, 3e-3, init_seed=1,
                      schedule=lambda o, s: lr_scheduler.PolynomialLR(o, total_iters=s.steps, power=2.0),
                      eval_every=40)  # fmt: skip
    lookalike = ("missing-warmup", "premature-decay", "lr-too-low")
    return Plan(setup, lambda t: healthy(run, t.c, lookalike, "RAdam, polynomial decay, batch 32", 6))


@SET_A.scenario("tcn-sgd-nesterov-poly", steps=1500, log_every=5)
def tcn_sgd_nesterov_poly(run: Run) -> Plan:
    setup = run.setup(waveforms(12000, 2), lambda: tcn(6), SGD, 0.05, opt_args={"momentum": 0.9, "nesterov": True},
                      init_seed=2, schedule=lambda o, s: lr_scheduler.PolynomialLR(o, total_iters=s.steps, power=1.5),
                      eval_every=150)  # fmt: skip
    lookalike = ("premature-decay", "plateau", "lr-too-high", "wrong-initial-loss")
    what = "1D CNN, Nesterov SGD, polynomial decay, logged every 5"
    return Plan(setup, lambda t: healthy(run, t.c, lookalike, what, 6))


@SET_A.scenario("tcn-adamw-cyclic-exp-range", steps=1200)
def tcn_adamw_cyclic_exp_range(run: Run) -> Plan:
    def cyclic(o: Optimizer, s: Setup) -> lr_scheduler.CyclicLR:
        return lr_scheduler.CyclicLR(o, base_lr=2e-4, max_lr=4e-3, step_size_up=s.at(0.1), mode="exp_range",
                                     gamma=0.01 ** (1 / s.steps), cycle_momentum=False)  # fmt: skip

    setup = run.setup(waveforms(12000, 3), lambda: tcn(6), AdamW, 1e-3, init_seed=3, schedule=cyclic, eval_every=120)
    lookalike = ("lr-too-high", "optimizer-reset", "premature-decay", "missing-warmup", "plateau")
    return Plan(setup, lambda t: healthy(run, t.c, lookalike, "AdamW, cyclic lr exp_range", 6))


@SET_A.scenario("tcn-radam-multistep-bs8", steps=2500, log_every=20)
def tcn_radam_multistep_bs8(run: Run) -> Plan:
    setup = run.setup(waveforms(20000, 4, noise=0.3, batch_size=8), lambda: tcn(6), RAdam, 1e-3, init_seed=4,
                      schedule=multistep(0.5, 0.75, gamma=0.1), eval_every=250)  # fmt: skip
    lookalike = ("premature-decay", "lr-too-high", "exploding-gradients", "plateau")
    what = "RAdam, batch 8, x0.1 at 50% and 75%, logged every 20"
    return Plan(setup, lambda t: healthy(run, t.c, lookalike, what, 6))


@SET_A.scenario("lstm-seqreg-rmsprop-multistep", steps=1600)
def lstm_seqreg_rmsprop_multistep(run: Run) -> Plan:
    setup = run.setup(echo_sums(20000, 5), SeqRegressor, RMSprop, 2e-3, loss_fn=F.mse_loss, loss_name="mse",
                      init_seed=5, schedule=multistep(0.5, 0.75, gamma=0.2), eval_every=100)  # fmt: skip
    lookalike = ("premature-decay", "plateau", "lr-too-high", "missing-warmup")
    return Plan(setup, lambda t: healthy(run, t.c, lookalike, "LSTM regressor, RMSprop, x0.2 at 50% and 75%"))


@SET_A.scenario("lstm-seqreg-adamw-onecycle-bs8", steps=2000, log_every=20)
def lstm_seqreg_adamw_onecycle_bs8(run: Run) -> Plan:
    setup = run.setup(echo_sums(20000, 6, batch_size=8), SeqRegressor, AdamW, 3e-3, loss_fn=F.mse_loss,
                      loss_name="mse", init_seed=6, schedule=one_cycle, eval_every=200)  # fmt: skip
    lookalike = ("lr-too-high", "exploding-gradients", "missing-warmup", "lr-too-low")
    return Plan(setup, lambda t: healthy(run, t.c, lookalike, "LSTM regressor, one-cycle, batch 8, logged every 20"))


@SET_A.scenario("mlpln-nadam-sgdr-tmult2", steps=1400)
def mlpln_nadam_sgdr_tmult2(run: Run) -> Plan:
    setup = run.setup(rings(20000, 7), lambda: mlp_ln([10, 128, 128, 4]), NAdam, 2e-3, init_seed=7,
                      schedule=lambda o, s: lr_scheduler.CosineAnnealingWarmRestarts(o, T_0=s.at(1 / 7), T_mult=2),
                      eval_every=100)  # fmt: skip
    lookalike = ("optimizer-reset", "lr-too-high", "premature-decay", "missing-warmup", "overfitting")
    what = "LayerNorm+dropout MLP, NAdam, SGDR T_mult=2 (restarts at 1/7, 3/7)"
    return Plan(setup, lambda t: healthy(run, t.c, lookalike, what, 4))


@SET_A.scenario("mlpln-sgd-nesterov-plateau-sched", steps=2000, log_every=5)
def mlpln_sgd_nesterov_plateau_sched(run: Run) -> Plan:
    setup = run.setup(rings(20000, 8), lambda: mlp_ln([10, 128, 128, 4]), SGD, 0.05,
                      opt_args={"momentum": 0.9, "nesterov": True}, init_seed=8,
                      schedule=lambda o, s: lr_scheduler.ReduceLROnPlateau(o, factor=0.5, patience=2, threshold=0.01),
                      eval_every=50)  # fmt: skip
    lookalike = ("premature-decay", "plateau", "overfitting")
    return Plan(setup, lambda t: healthy(run, t.c, lookalike, "Nesterov SGD, ReduceLROnPlateau on val every 50", 4))


@SET_A.scenario("embbag-adagrad-constant", steps=1500, log_every=5)
def embbag_adagrad_constant(run: Run) -> Plan:
    setup = run.setup(topic_docs(20000, 9), lambda: BagClassifier(400, 5), Adagrad, 0.1, init_seed=9, eval_every=250)
    lookalike = ("plateau", "lr-too-low", "overfitting")
    return Plan(setup, lambda t: healthy(run, t.c, lookalike, "EmbeddingBag, Adagrad constant lr, logged every 5", 5))


@SET_A.scenario("embbag-nadam-bs8-warmup-constant", steps=3000, log_every=20)
def embbag_nadam_bs8_warmup_constant(run: Run) -> Plan:
    setup = run.setup(topic_docs(30000, 10, batch_size=8), lambda: BagClassifier(400, 5), NAdam, 2e-3, init_seed=10,
                      schedule=constant_after(0.05), schedule_name="linear warmup 5% + constant",
                      eval_every=300)  # fmt: skip
    lookalike = ("plateau", "lr-too-high", "exploding-gradients", "overfitting")
    return Plan(setup, lambda t: healthy(run, t.c, lookalike, "NAdam, batch 8, warmup + constant, logged every 20", 5))


@SET_A.scenario("embbag-radam-onecycle", steps=1000)
def embbag_radam_onecycle(run: Run) -> Plan:
    setup = run.setup(topic_docs(20000, 11, vocab=1000, classes=8, rate=0.2), lambda: BagClassifier(1000, 8), RAdam,
                      1e-2, init_seed=11, schedule=one_cycle, eval_every=100)  # fmt: skip
    lookalike = ("lr-too-high", "missing-warmup", "premature-decay", "lr-too-low")
    return Plan(setup, lambda t: healthy(run, t.c, lookalike, "RAdam, one-cycle", 8))


@SET_A.scenario("logreg-sgd-onecycle-bs256", steps=300)
def logreg_sgd_onecycle_bs256(run: Run) -> Plan:
    setup = run.setup(blobs(40000, 12, batch_size=256), lambda: logreg(30, 5), SGD, 0.5, opt_args={"momentum": 0.9},
                      init_seed=12, schedule=one_cycle, eval_every=30)  # fmt: skip
    lookalike = ("lr-too-high", "plateau", "lr-too-low", "premature-decay")
    return Plan(setup, lambda t: healthy(run, t.c, lookalike, "logistic regression, one-cycle, batch 256", 5))


@SET_A.scenario("logreg-adamax-linear-decay", steps=800, log_every=5)
def logreg_adamax_linear_decay(run: Run) -> Plan:
    def linear(o: Optimizer, s: Setup) -> lr_scheduler.LinearLR:
        return lr_scheduler.LinearLR(o, start_factor=1.0, end_factor=0.02, total_iters=s.steps)

    setup = run.setup(blobs(20000, 13), lambda: logreg(30, 5), Adamax, 2e-2, init_seed=13, schedule=linear,
                      eval_every=80)  # fmt: skip
    lookalike = ("plateau", "lr-too-low", "missing-warmup", "premature-decay")
    what = "logistic regression, Adamax, linear decay, logged every 5"
    return Plan(setup, lambda t: healthy(run, t.c, lookalike, what, 5))


@SET_A.scenario("autoencoder-radam-plateau-sched", steps=2000, log_every=5)
def autoencoder_radam_plateau_sched(run: Run) -> Plan:
    setup = run.setup(manifold(20000, 14), autoencoder, RAdam, 3e-3, loss_fn=F.mse_loss, loss_name="mse", init_seed=14,
                      schedule=lambda o, s: lr_scheduler.ReduceLROnPlateau(o, factor=0.3, patience=2, threshold=0.02),
                      eval_every=100)  # fmt: skip
    lookalike = ("premature-decay", "plateau", "lr-too-low")
    return Plan(setup, lambda t: healthy(run, t.c, lookalike, "autoencoder, RAdam, ReduceLROnPlateau on val"))


@SET_A.scenario("autoencoder-adagrad-multistep-bs256", steps=1000)
def autoencoder_adagrad_multistep_bs256(run: Run) -> Plan:
    setup = run.setup(manifold(40000, 15, batch_size=256), autoencoder, Adagrad, 0.05, loss_fn=F.mse_loss,
                      loss_name="mse", init_seed=15, schedule=multistep(0.5, 0.75, gamma=0.1),
                      eval_every=100)  # fmt: skip
    lookalike = ("premature-decay", "plateau", "lr-too-low")
    return Plan(setup, lambda t: healthy(run, t.c, lookalike, "autoencoder, Adagrad, batch 256, x0.1 at 50% and 75%"))


@SET_A.scenario("causallm-adamw-warmup-linear", steps=600)
def causallm_adamw_warmup_linear(run: Run) -> Plan:
    setup = run.setup(markov_tokens(4000, 16), lambda: CausalLM(12), AdamW, 3e-3, opt_args={"weight_decay": 0.01},
                      init_seed=16, schedule=linear_decay_after(0.1), schedule_name="linear warmup 10% + linear decay",
                      eval_every=60)  # fmt: skip
    lookalike = ("missing-warmup", "lr-too-high", "plateau", "wrong-initial-loss")
    what = "pre-LN causal transformer LM, warmup + linear decay"
    return Plan(setup, lambda t: healthy(run, t.c, lookalike, what, 12))


@SET_A.scenario("causallm-adamax-warmup-constant", steps=600, log_every=5)
def causallm_adamax_warmup_constant(run: Run) -> Plan:
    setup = run.setup(markov_tokens(4000, 17), lambda: CausalLM(12), Adamax, 0.012, init_seed=17,
                      schedule=constant_after(0.05), schedule_name="linear warmup 5% + constant",
                      eval_every=50)  # fmt: skip
    lookalike = ("missing-warmup", "plateau", "lr-too-high")
    what = "pre-LN causal LM, Adamax, warmup + constant, logged every 5"
    return Plan(setup, lambda t: healthy(run, t.c, lookalike, what, 12))


@SET_A.scenario("friedman-mlp-rmsprop-warmup-linear-log20", steps=4000, log_every=20)
def friedman_mlp_rmsprop_warmup_linear_log20(run: Run) -> Plan:
    setup = run.setup(friedman(40000, 18, batch_size=32), lambda: mlp([10, 64, 64, 1], nn.SiLU), RMSprop, 1e-3,
                      loss_fn=F.mse_loss, loss_name="mse", init_seed=18, schedule=linear_decay_after(0.05),
                      schedule_name="linear warmup 5% + linear decay", eval_every=400)  # fmt: skip
    lookalike = ("plateau", "lr-too-low", "missing-warmup")
    what = "SiLU MLP regression, RMSprop, 4000 steps logged every 20"
    return Plan(setup, lambda t: healthy(run, t.c, lookalike, what))


@SET_A.scenario("friedman-mlp-sgd-nesterov-warmup-constant-bs256", steps=1200, log_every=5)
def friedman_mlp_sgd_nesterov_warmup_constant_bs256(run: Run) -> Plan:
    setup = run.setup(friedman(40000, 19, batch_size=256), lambda: mlp([10, 64, 64, 1], nn.SiLU), SGD, 0.05,
                      opt_args={"momentum": 0.9, "nesterov": True}, loss_fn=F.mse_loss, loss_name="mse", init_seed=19,
                      schedule=constant_after(0.05), schedule_name="linear warmup 5% + constant",
                      eval_every=100)  # fmt: skip
    lookalike = ("plateau", "lr-too-low", "lr-too-high")
    return Plan(setup, lambda t: healthy(run, t.c, lookalike, "Nesterov SGD, batch 256, warmup + constant"))


# --------------------------------------------------------------------------- faulty runs
# One fault each. The healthy setting each fault departs from is named in the docstring.


@SET_A.scenario("lstm-seqreg-rmsprop-lr-25x", steps=1000)
def lstm_seqreg_rmsprop_lr_25x(run: Run) -> Plan:
    """The LSTM regressor with RMSprop at a constant lr 0.05, 25x the 2e-3 of lstm-seqreg-rmsprop-multistep:
    it learns, but the loss keeps bouncing off its best level."""
    setup = run.setup(echo_sums(20000, 5), SeqRegressor, RMSprop, 0.05, loss_fn=F.mse_loss, loss_name="mse",
                      init_seed=5, eval_every=100)  # fmt: skip
    return Plan(setup, lambda t: too_high_label(run, t.c, "RMSprop lr 0.05 = 25x the healthy 2e-3"))


@SET_A.scenario("tcn-sgd-nesterov-lr-10x", steps=1000, log_every=5)
def tcn_sgd_nesterov_lr_10x(run: Run) -> Plan:
    """The 1D CNN with Nesterov SGD at a constant lr 0.5, 10x the 0.05 of tcn-sgd-nesterov-poly: an early
    minimum, then the ReLUs die and the loss goes back to ln 6."""
    setup = run.setup(waveforms(12000, 2), lambda: tcn(6), SGD, 0.5, opt_args={"momentum": 0.9, "nesterov": True},
                      init_seed=2, eval_every=100)  # fmt: skip
    return Plan(setup, lambda t: too_high_label(run, t.c, "Nesterov SGD lr 0.5 = 10x the healthy 0.05"))


@SET_A.scenario("autoencoder-rmsprop-lr-100x-low", steps=1500)
def autoencoder_rmsprop_lr_100x_low(run: Run) -> Plan:
    """The autoencoder with RMSprop at 3e-5, 100x below the 3e-3 it trains well at."""
    setup = run.setup(manifold(20000, 14), autoencoder, RMSprop, 3e-5, loss_fn=F.mse_loss, loss_name="mse",
                      init_seed=14, eval_every=150)  # fmt: skip
    return Plan(setup, lambda t: too_low_label(run, t.c, "RMSprop lr 3e-5, 100x too low"))


@SET_A.scenario("lstm-seqreg-nadam-lr-100x-low", steps=1200, log_every=5)
def lstm_seqreg_nadam_lr_100x_low(run: Run) -> Plan:
    """The LSTM regressor with NAdam at 2e-5, 100x below the 2e-3 that takes it to ~0.02; batch 128."""
    setup = run.setup(echo_sums(40000, 5, batch_size=128), SeqRegressor, NAdam, 2e-5, loss_fn=F.mse_loss,
                      loss_name="mse", init_seed=5, eval_every=120)  # fmt: skip
    return Plan(setup, lambda t: too_low_label(run, t.c, "NAdam lr 2e-5, 100x too low"))


@SET_A.scenario("embbag-adam-recreated-each-epoch", steps=1000)
def embbag_adam_recreated_each_epoch(run: Run) -> Plan:
    """``optimizer = Adam(...)`` inside the epoch loop of an EmbeddingBag classifier: 62-step epochs."""
    data = topic_docs(2000, 9, batch_size=32)
    epoch = data.steps_per_epoch()
    resets = list(range(epoch, run.steps, epoch))
    setup = run.setup(data, lambda: BagClassifier(400, 5), Adam, 2e-3, init_seed=9, eval_every=epoch * 4,
                      recreate_optimizer_at=frozenset(resets))  # fmt: skip
    return Plan(setup, lambda t: reset_label(run, t.c, resets, "Adam re-created every epoch"))


@SET_A.scenario("causallm-adam-resume-without-optimizer-state", steps=600)
def causallm_adam_resume_without_optimizer_state(run: Run) -> Plan:
    """A pre-LN causal LM resumed at 50% from a checkpoint of the weights only: a fresh Adam at the
    constant lr the schedule had reached."""
    resume = run.at(0.5)
    setup = run.setup(markov_tokens(4000, 16), lambda: CausalLM(12), Adam, 3e-3, init_seed=16,
                      schedule=constant_after(0.05), schedule_name="linear warmup 5% + constant", eval_every=60,
                      recreate_optimizer_at=frozenset({resume}))  # fmt: skip
    return Plan(setup, lambda t: reset_label(run, t.c, [resume], "resume without optimizer.state_dict()"))


@SET_A.scenario("mlpln-adam-cut-at-10pct", steps=1500)
def mlpln_adam_cut_at_10pct(run: Run) -> Plan:
    """The LayerNorm MLP with Adam lr 2e-3, cut x0.01 at 10% of the run while the loss falls fast."""
    cut = run.at(0.1)
    setup = run.setup(rings(20000, 7), lambda: mlp_ln([10, 128, 128, 4]), Adam, 2e-3, init_seed=7,
                      schedule=multistep(0.1, gamma=0.01), eval_every=100)  # fmt: skip
    return Plan(setup, lambda t: decay_label(run, t.c, cut, "MultiStepLR([10%], gamma=0.01)"))


@SET_A.scenario("embbag-adam-overfit-tiny-train", steps=1500)
def embbag_adam_overfit_tiny_train(run: Run) -> Plan:
    """300 documents over a 2000-word vocabulary with 10% wrong labels, an EmbeddingBag with a hidden
    layer, 80 epochs: it memorises them."""
    setup = run.setup(topic_docs(300, 20, vocab=2000, rate=0.15, flip=0.1, batch_size=16),
                      lambda: BagClassifier(2000, 5, dim=64, hidden=64), Adam, 3e-3, init_seed=20,
                      eval_every=50)  # fmt: skip
    return Plan(setup, lambda t: overfit_label(run, t.c, "300 training documents, 80 epochs"))


@SET_A.scenario("mlpln-nadam-head-x30", steps=800)
def mlpln_nadam_head_x30(run: Run) -> Plan:
    """The LayerNorm MLP's output layer initialised 30x too large: confident random logits at step 1."""
    setup = run.setup(rings(20000, 7), lambda: scaled_head(mlp_ln([10, 128, 128, 4]), 30), NAdam, 2e-3, init_seed=7,
                      eval_every=100)  # fmt: skip
    return Plan(setup, lambda t: initial_label(run, t.c, 4, "head weight x30"))


@SET_A.scenario("causallm-adamw-summed-loss", steps=500)
def causallm_adamw_summed_loss(run: Run) -> Plan:
    """The causal LM's cross-entropy summed over batch x positions (32 x 16 tokens), not averaged:
    AdamW barely minds, the loss is ~500x ln V."""
    setup = run.setup(markov_tokens(4000, 17), lambda: CausalLM(12), AdamW, 3e-3, loss_fn=summed_cross_entropy,
                      loss_name="cross_entropy (reduction=sum)", init_seed=17, schedule=linear_decay_after(0.1),
                      schedule_name="linear warmup 10% + linear decay", eval_every=50)  # fmt: skip
    return Plan(setup, lambda t: initial_label(run, t.c, 12, "summed over 32 x 16 tokens"))


@SET_A.scenario("autoencoder-adam-bce-log-zero", steps=800)
def autoencoder_adam_bce_log_zero(run: Run) -> Plan:
    """An autoencoder of binary vectors with a hand-written BCE: as it grows confident, a saturated
    output makes the loss NaN."""
    real = manifold(20000, 14)
    data = replace(real, x=(real.x > 0).float(), y=(real.x > 0).float(), val_x=(real.val_x > 0).float(),
                   val_y=(real.val_x > 0).float())  # fmt: skip
    setup = run.setup(data, autoencoder, Adam, 3e-3, loss_fn=manual_bce, loss_name="manual_bce (log of sigmoid)",
                      init_seed=14, eval_every=100)  # fmt: skip
    return Plan(setup, lambda t: nonfinite_label(run, t.c, "y * log(p) + (1 - y) * log(1 - p) on saturating sigmoids"))


@SET_A.scenario("autoencoder-sgd-uncapped-warmup-nan", steps=1000, log_every=5)
def autoencoder_sgd_uncapped_warmup_nan(run: Run) -> Plan:
    """A warmup lambda without its ``min(1, ...)``: the lr keeps growing linearly past its peak of 0.02
    at step 20 until SGD blows the autoencoder's MSE up to inf/NaN."""
    setup = run.setup(manifold(20000, 15), autoencoder, SGD, 0.02, opt_args={"momentum": 0.9}, loss_fn=F.mse_loss,
                      loss_name="mse", init_seed=15, schedule=lambda o, s: lambda_lr(o, lambda i: (i + 1) / 20),
                      schedule_name="linear warmup over 20 steps, never capped", eval_every=100)  # fmt: skip
    return Plan(setup, lambda t: nonfinite_label(run, t.c, "lr = 0.02 * step / 20, uncapped"))


@SET_A.scenario("tcn-adam-corrupt-batches-x1000", steps=1200)
def tcn_adam_corrupt_batches_x1000(run: Run) -> Plan:
    """Five batches whose inputs arrive x1000 (a unit bug in one shard), no gradient clipping."""
    bad = {run.at(f) for f in (0.3, 0.45, 0.6, 0.75, 0.9)}

    def corrupt(i: int, x: Tensor, y: Tensor) -> tuple[Tensor, Tensor]:
        return (x * 1000 if i in bad else x), y

    setup = run.setup(waveforms(12000, 4), lambda: tcn(6), Adam, 1e-3, init_seed=4, eval_every=100, corrupt=corrupt)
    return Plan(setup, lambda t: explode_label(run, t.c, min(bad), "5 batches with inputs x1000, no clipping"))


@SET_A.scenario("causallm-postln-adam-no-warmup", steps=600)
def causallm_postln_adam_no_warmup(run: Run) -> Plan:
    """A post-LN causal LM (one layer, first-order chain) with Adam at lr 0.2 from step 1 and a linear
    decay: the first full-size steps knock the loss far up before it settles. An unrecorded control
    with a 10% linear warmup shows the jump is the missing warmup's."""
    setup = run.setup(markov_tokens(4000, 22, vocab=24, order=1, batch_size=64),
                      lambda: CausalLM(24, layers=1, pre_ln=False), Adam, 0.2, init_seed=22,
                      schedule=lambda o, s: lambda_lr(o, warmup_linear(1, s.steps)),
                      schedule_name="linear decay, no warmup", eval_every=50)  # fmt: skip
    early = run.at(0.1)

    def label(t: Trained) -> Label:
        c = t.c
        control = np.array(train(replace(setup, out=None, schedule=linear_decay_after(0.1), eval_every=0)).losses)
        peak, control_peak = int(np.argmax(c.loss[:early])), float(control[:early].max())
        above = int(np.sum(c.loss[:early] > c.loss[0]))
        return Label(
            must_fire=("missing-warmup",), may_fire=("lr-too-high",),
            fault_step=1, tolerance_steps=run.tolerance(early),
            confirmed=c.loss[peak] > 1.3 * c.loss[0] and control_peak <= 1.05 * control[0],
            note=f"full lr 0.2 from step 1: loss {c.loss[0]:.2f} -> {c.loss[peak]:.2f} at step {peak + 1}, above its "
            f"start for {above} of the first {early} steps, {c.tail():.3f} at the end; with a 10% linear warmup the "
            f"first {early} steps peak at {control_peak:.2f} (start {control[0]:.2f}) and it ends at "
            f"{control[-30:].mean():.3f}",
        )  # fmt: skip

    return Plan(setup, label)


# =========================================================================== set b
# A second, fresh set (``--set b``, written to bench/out/holdout-b): longer runs (3000 to 12000 optimizer
# steps) logged every 10 or 50 steps, some with the loss averaged over the logging window as Hugging
# Face's Trainer logs it, evaluation every K steps, gradient accumulation, label smoothing, schedules
# stepped per epoch, a fine-tune of a pretrained model, and the bugs users hit in their own loops.
# --------------------------------------------------------------------------- set b: healthy runs


@SET_B.scenario("digits-mlp-adamw-warmup-cosine-accum4-ls-avg10", steps=3000, log_every=10, average=True)
def digits_mlp_adamw_warmup_cosine_accum4_ls_avg10(run: Run) -> Plan:
    setup = run.setup(segment_digits(30000, 30, batch_size=16), lambda: image_mlp(10), AdamW, 1e-3,
                      opt_args={"weight_decay": 0.05, "fused": True}, init_seed=30, accum=4, loss_fn=smoothed_ce,
                      loss_name=SMOOTHED, schedule=cosine_after(0.05), schedule_name="linear warmup 5% + cosine to 0",
                      eval_every=200)  # fmt: skip
    lookalike = ("missing-warmup", "premature-decay", "plateau", "wrong-initial-loss", "lr-too-high")
    what = "gradient accumulation 4 x 16, label smoothing 0.1, warmup + cosine"
    return Plan(setup, lambda t: healthy_b(run, t, lookalike, what, 10))


@SET_B.scenario("tabular-bnmlp-adam-plateau-sched-log10", steps=5000, log_every=10)
def tabular_bnmlp_adam_plateau_sched_log10(run: Run) -> Plan:
    def plateau(o: Optimizer, s: Setup) -> lr_scheduler.ReduceLROnPlateau:
        return lr_scheduler.ReduceLROnPlateau(o, factor=0.3, patience=4, threshold=0.002, min_lr=5e-5)

    setup = run.setup(tabular(30000, 31), lambda: TabularNet(3), Adam, 2e-3, opt_args={"fused": True}, init_seed=31,
                      schedule=plateau, eval_every=100)  # fmt: skip
    lookalike = ("premature-decay", "plateau", "lr-too-high", "overfitting")
    what = "embeddings + BatchNorm MLP, ReduceLROnPlateau(x0.3, min_lr 5e-5) on val every 100"
    return Plan(setup, lambda t: healthy_b(run, t, lookalike, what, 3, cuts=(2, 3)))


@SET_B.scenario("digits-mlp-sgdm-steplr-per-epoch-log50", steps=5000, log_every=50)
def digits_mlp_sgdm_steplr_per_epoch_log50(run: Run) -> Plan:
    setup = run.setup(segment_digits(50000, 32), lambda: image_mlp(10, dropout=0.1), SGD, 0.05,
                      opt_args={"momentum": 0.9, "weight_decay": 5e-4}, init_seed=32,
                      schedule=lambda o, s: lr_scheduler.StepLR(o, step_size=2, gamma=0.3), per_epoch=True,
                      eval_every=781)  # fmt: skip
    lookalike = ("premature-decay", "plateau", "lr-too-high", "overfitting")
    what = "SGD momentum, StepLR(2 epochs, x0.3) stepped per 781-step epoch"
    return Plan(setup, lambda t: healthy_b(run, t, lookalike, what, 10))


@SET_B.scenario("tabular-bnmlp-adamw-onecycle-bs512-avg50", steps=3000, log_every=50, average=True)
def tabular_bnmlp_adamw_onecycle_bs512_avg50(run: Run) -> Plan:
    setup = run.setup(tabular(60000, 33, batch_size=512), lambda: TabularNet(3), AdamW, 1e-2,
                      opt_args={"weight_decay": 0.01, "fused": True}, init_seed=33, schedule=one_cycle,
                      eval_every=250)  # fmt: skip
    lookalike = ("lr-too-high", "missing-warmup", "premature-decay", "wrong-initial-loss", "plateau")
    return Plan(setup, lambda t: healthy_b(run, t, lookalike, "one-cycle, batch 512", 3))


@SET_B.scenario("motif-gru-adam-exponential-per-epoch-log10", steps=3000, log_every=10)
def motif_gru_adam_exponential_per_epoch_log10(run: Run) -> Plan:
    setup = run.setup(motif_tokens(16000, 34, length=12, batch_size=32), lambda: GRUClassifier(16, 4, hidden=32), Adam,
                      3e-3, opt_args={"fused": True}, init_seed=34,
                      schedule=lambda o, s: lr_scheduler.ExponentialLR(o, gamma=0.7), per_epoch=True,
                      eval_every=250)  # fmt: skip
    lookalike = ("plateau", "premature-decay", "lr-too-low", "overfitting")
    return Plan(setup, lambda t: healthy_b(run, t, lookalike, "GRU, ExponentialLR(0.7) stepped per 500-step epoch", 4))


@SET_B.scenario("motif-transformer-postln-adamw-warmup-cosine-avg10", steps=3000, log_every=10, average=True)
def motif_transformer_postln_adamw_warmup_cosine_avg10(run: Run) -> Plan:
    setup = run.setup(motif_tokens(30000, 35, length=16, batch_size=32), lambda: BlockTransformer(16, 4, pre_ln=False),
                      AdamW, 3e-3, opt_args={"weight_decay": 0.01, "fused": True}, init_seed=35,
                      schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine to 0",
                      eval_every=300)  # fmt: skip
    lookalike = ("missing-warmup", "lr-too-high", "plateau", "wrong-initial-loss")
    return Plan(setup, lambda t: healthy_b(run, t, lookalike, "post-LN transformer with a 10% warmup", 4))


@SET_B.scenario("tokenlm-causal-adamw-warmup-invsqrt-log50", steps=3000, log_every=50)
def tokenlm_causal_adamw_warmup_invsqrt_log50(run: Run) -> Plan:
    warm = 300

    def inverse_sqrt(o: Optimizer, s: Setup) -> lr_scheduler.LambdaLR:
        return lambda_lr(o, lambda i: (i + 1) / warm if i < warm else math.sqrt(warm / (i + 1)))

    setup = run.setup(markov_tokens(8000, 36, batch_size=32), lambda: BlockTransformer(12, 12, causal=True), AdamW,
                      3e-3, opt_args={"weight_decay": 0.01, "fused": True}, init_seed=36, schedule=inverse_sqrt,
                      schedule_name="linear warmup 300 + inverse sqrt", eval_every=500)  # fmt: skip
    lookalike = ("missing-warmup", "plateau", "lr-too-low", "wrong-initial-loss")
    return Plan(setup, lambda t: healthy_b(run, t, lookalike, "causal LM, inverse-sqrt schedule after a warmup", 12))


@SET_B.scenario("ar-mlp-adam-huber-cosine-12k-log50", steps=12000, log_every=50)
def ar_mlp_adam_huber_cosine_12k_log50(run: Run) -> Plan:
    setup = run.setup(ar_series(60000, 37, window=16), lambda: flat(mlp([16, 64, 64, 1])), Adam, 1e-3,
                      opt_args={"fused": True}, init_seed=37, loss_fn=F.huber_loss, loss_name="huber",
                      schedule=lambda o, s: lr_scheduler.CosineAnnealingLR(o, T_max=s.steps),
                      eval_every=1000)  # fmt: skip
    lookalike = ("plateau", "lr-too-low", "premature-decay")
    what = "AR forecasting MLP, Huber loss, cosine over 12000 steps"
    return Plan(setup, lambda t: healthy_b(run, t, lookalike, what))


@SET_B.scenario("ar-mlp-sgdm-multistep-per-epoch-avg10", steps=9360, log_every=10, average=True)
def ar_mlp_sgdm_multistep_per_epoch_avg10(run: Run) -> Plan:
    setup = run.setup(ar_series(20000, 38, window=16), lambda: flat(mlp([16, 64, 64, 1])), SGD, 0.02,
                      opt_args={"momentum": 0.9, "fused": True}, init_seed=38, loss_fn=F.mse_loss, loss_name="mse",
                      schedule=lambda o, s: lr_scheduler.MultiStepLR(o, [15, 22], gamma=0.1), per_epoch=True,
                      eval_every=624)  # fmt: skip
    lookalike = ("premature-decay", "plateau", "lr-too-low")
    what = "SGD momentum, MultiStepLR([15, 22] epochs) stepped per 312-step epoch"
    return Plan(setup, lambda t: healthy_b(run, t, lookalike, what))


@SET_B.scenario("digits-bnmlp-sgd-nesterov-onecycle-ls-log10", steps=4000, log_every=10)
def digits_bnmlp_sgd_nesterov_onecycle_ls_log10(run: Run) -> Plan:
    setup = run.setup(segment_digits(40000, 39), lambda: image_mlp(10, batch_norm=True), SGD, 0.2,
                      opt_args={"momentum": 0.9, "nesterov": True, "weight_decay": 5e-4, "fused": True}, init_seed=39,
                      loss_fn=smoothed_ce, loss_name=SMOOTHED, schedule=one_cycle, eval_every=400)  # fmt: skip
    lookalike = ("lr-too-high", "missing-warmup", "plateau", "premature-decay")
    what = "BatchNorm MLP, Nesterov SGD, one-cycle, label smoothing 0.1"
    return Plan(setup, lambda t: healthy_b(run, t, lookalike, what, 10))


def pretrained_digit_mlp() -> nn.Module:
    """The digit MLP pretrained (unrecorded) on upright thin clean digits; it keeps the gradients of its
    last pretraining step (the fine-tune's first step adds to them, as the original loop did)."""
    source = segment_digits(20000, 40, slant=0.03, width=(0.12, 0.16), noise=0.3)
    return train(Setup(name="digit-mlp-pretraining", data=source, model=lambda: image_mlp(10), optimizer=Adam, lr=1e-3,
                       opt_args={"fused": True}, steps=2500, seed=1, init_seed=40,
                       shuffle_offset=2000)).model  # fmt: skip


@SET_B.scenario("digits-mlp-adamw-finetune-pretrained-log10", steps=3000, log_every=10)
def digits_mlp_adamw_finetune_pretrained_log10(run: Run) -> Plan:
    """Pretrained (unrecorded) on upright thin clean digits, fine-tuned on slanted bold noisy ones."""
    setup = run.setup(segment_digits(20000, 41, slant=0.25, width=(0.18, 0.26), noise=0.5), pretrained_digit_mlp,
                      AdamW, 3e-4, opt_args={"weight_decay": 0.01, "fused": True}, init_seed=40,
                      schedule=linear_decay_after(0.03), schedule_name="linear warmup 3% + linear decay",
                      eval_every=250, meta={"pretrained": True})  # fmt: skip
    lookalike = ("wrong-initial-loss", "plateau", "lr-too-low", "overfitting")
    what = "fine-tune of a digit MLP pretrained on another style"
    return Plan(setup, lambda t: healthy_b(run, t, lookalike, what, 10, pretrained=True))


@SET_B.scenario("tabular-bnmlp-adamw-resume-with-optimizer-state-log10", steps=4000, log_every=10)
def tabular_bnmlp_adamw_resume_with_optimizer_state_log10(run: Run) -> Plan:
    """Resumed at 50% from a full checkpoint: a new AdamW that loads the old one's state_dict."""
    resume = run.at(0.5)
    setup = run.setup(tabular(30000, 42), lambda: TabularNet(3), AdamW, 3e-3, opt_args={"fused": True}, init_seed=42,
                      lr_factor=warmup_cosine(run.at(0.05), run.steps), recreate_optimizer_at=frozenset({resume}),
                      keep_optimizer_state=True, schedule_name="linear warmup 5% + cosine, set by hand each step",
                      eval_every=200)  # fmt: skip
    lookalike = ("optimizer-reset", "lr-too-high", "plateau")

    def label(t: Trained) -> Label:
        made = healthy_b(run, t, lookalike, f"resumed at step {step_of(resume)} with optimizer.load_state_dict", 3)
        drops = t.c.opt_step_drops()
        return replace(made, confirmed=made.confirmed and not drops,
                       note=f"{made.note}; opt_step goes back at {len(drops)} rows")  # fmt: skip

    return Plan(setup, label)


@SET_B.scenario("motif-gru-rmsprop-clip-steplr-per-epoch-avg50", steps=3000, log_every=50, average=True)
def motif_gru_rmsprop_clip_steplr_per_epoch_avg50(run: Run) -> Plan:
    setup = run.setup(motif_tokens(10000, 43, length=12, batch_size=32), lambda: GRUClassifier(16, 4, hidden=32),
                      RMSprop, 2e-3, init_seed=43, schedule=lambda o, s: lr_scheduler.StepLR(o, step_size=3, gamma=0.5),
                      per_epoch=True, max_grad_norm=1.0, eval_every=300)  # fmt: skip
    lookalike = ("premature-decay", "plateau", "exploding-gradients", "lr-too-high")
    what = "GRU, RMSprop, clipping at 1, StepLR(3 epochs, x0.5) per 312-step epoch"
    return Plan(setup, lambda t: healthy_b(run, t, lookalike, what, 4))


@SET_B.scenario("ar-lstm-adam-clip-plateau-sched-log10", steps=3000, log_every=10)
def ar_lstm_adam_clip_plateau_sched_log10(run: Run) -> Plan:
    def plateau(o: Optimizer, s: Setup) -> lr_scheduler.ReduceLROnPlateau:
        return lr_scheduler.ReduceLROnPlateau(o, factor=0.5, patience=1, threshold=0.01, min_lr=3e-4)

    setup = run.setup(ar_series(20000, 44, window=16), SeqRegressor, Adam, 3e-3, opt_args={"fused": True},
                      init_seed=44, loss_fn=F.mse_loss, loss_name="mse", schedule=plateau, max_grad_norm=1.0,
                      eval_every=100)  # fmt: skip
    lookalike = ("premature-decay", "plateau", "exploding-gradients")
    what = "LSTM forecaster, clipping at 1, ReduceLROnPlateau(x0.5, patience 1, min_lr 3e-4) on val every 100"
    return Plan(setup, lambda t: healthy_b(run, t, lookalike, what, cuts=(2, 3)))


@SET_B.scenario("digits-mlp-adam-warmup-exponential-log50", steps=6000, log_every=50)
def digits_mlp_adam_warmup_exponential_log50(run: Run) -> Plan:
    warm = 200

    def warmup_exponential(o: Optimizer, s: Setup) -> lr_scheduler.SequentialLR:
        return lr_scheduler.SequentialLR(o, [
            lr_scheduler.LinearLR(o, start_factor=0.01, total_iters=warm),
            lr_scheduler.ExponentialLR(o, gamma=0.01 ** (1 / (s.steps - warm))),
        ], milestones=[warm])  # fmt: skip

    setup = run.setup(segment_digits(40000, 45), lambda: image_mlp(10), Adam, 1e-3, opt_args={"fused": True},
                      init_seed=45, schedule=warmup_exponential,
                      schedule_name="LinearLR warmup 200 + ExponentialLR to 1%", eval_every=500)  # fmt: skip
    lookalike = ("premature-decay", "plateau", "lr-too-low", "missing-warmup")
    return Plan(setup, lambda t: healthy_b(run, t, lookalike, "warmup then exponential decay to 1% (SequentialLR)", 10))


@SET_B.scenario("ar-mlp-adamw-accum4-warmup-cosine-avg10", steps=3000, log_every=10, average=True)
def ar_mlp_adamw_accum4_warmup_cosine_avg10(run: Run) -> Plan:
    setup = run.setup(ar_series(40000, 46, window=16, batch_size=16), lambda: flat(mlp([16, 64, 64, 1])), AdamW, 2e-3,
                      opt_args={"weight_decay": 0.01, "fused": True}, init_seed=46, accum=4, loss_fn=F.mse_loss,
                      loss_name="mse", schedule=cosine_after(0.05), schedule_name="linear warmup 5% + cosine to 0",
                      eval_every=250)  # fmt: skip
    lookalike = ("missing-warmup", "plateau", "premature-decay")
    return Plan(setup, lambda t: healthy_b(run, t, lookalike, "AR MLP, gradient accumulation 4 x 16, warmup + cosine"))


@SET_B.scenario("digits-mlp-adamw-wsd-8k-log50", steps=8000, log_every=50)
def digits_mlp_adamw_wsd_8k_log50(run: Run) -> Plan:
    def wsd(o: Optimizer, s: Setup) -> lr_scheduler.LambdaLR:
        warm, decay = s.at(0.02), s.at(0.8)
        return lambda_lr(o, lambda i: min((i + 1) / warm, 1.0, (s.steps - i) / (s.steps - decay)))

    name = "warmup-stable-decay: warmup 2%, constant, linear to 0 over the last 20%"
    setup = run.setup(segment_digits(60000, 47), lambda: image_mlp(10, dropout=0.1), AdamW, 1e-3,
                      opt_args={"weight_decay": 0.05, "fused": True}, init_seed=47, schedule=wsd, schedule_name=name,
                      eval_every=1000)  # fmt: skip
    lookalike = ("plateau", "premature-decay", "overfitting", "missing-warmup")
    return Plan(setup, lambda t: healthy_b(run, t, lookalike, "warmup-stable-decay over 8000 steps", 10))


@SET_B.scenario("motif-transformer-preln-adamw-onecycle-log10", steps=3000, log_every=10)
def motif_transformer_preln_adamw_onecycle_log10(run: Run) -> Plan:
    setup = run.setup(motif_tokens(30000, 48, length=16, batch_size=32), lambda: BlockTransformer(16, 4), AdamW, 5e-3,
                      opt_args={"weight_decay": 0.01, "fused": True}, init_seed=48, schedule=one_cycle,
                      eval_every=150)  # fmt: skip
    lookalike = ("lr-too-high", "missing-warmup", "plateau", "wrong-initial-loss")
    return Plan(setup, lambda t: healthy_b(run, t, lookalike, "pre-LN transformer, one-cycle", 4))


# --------------------------------------------------------------------------- set b: faulty runs


@SET_B.scenario("digits-mlp-sgdm-multistep-per-batch-log10", steps=4000, log_every=10)
def digits_mlp_sgdm_multistep_per_batch_log10(run: Run) -> Plan:
    """MultiStepLR([150, 225]) sized in epochs for a 300-epoch recipe, but ``scheduler.step()`` sits in the
    batch loop: the lr drops x0.1 at steps 150 and 225. The healthy twin steps it per epoch."""
    setup = run.setup(segment_digits(40000, 50), lambda: image_mlp(10), SGD, 0.05,
                      opt_args={"momentum": 0.9, "weight_decay": 5e-4, "fused": True}, init_seed=50,
                      schedule=lambda o, s: lr_scheduler.MultiStepLR(o, [150, 225], gamma=0.1),
                      eval_every=400)  # fmt: skip
    return Plan(setup, lambda t: decay_label_b(run, t, "MultiStepLR([150, 225] epochs) stepped every batch"))


@SET_B.scenario("tabular-bnmlp-sgdm-steplr-per-batch-avg10", steps=4000, log_every=10, average=True)
def tabular_bnmlp_sgdm_steplr_per_batch_avg10(run: Run) -> Plan:
    """StepLR(step_size=100, gamma=0.1) meant per epoch, stepped every batch: x0.1 every 100 steps."""
    setup = run.setup(tabular(30000, 51), lambda: TabularNet(3), SGD, 0.1, opt_args={"momentum": 0.9, "fused": True},
                      init_seed=51, schedule=lambda o, s: lr_scheduler.StepLR(o, step_size=100, gamma=0.1),
                      eval_every=200)  # fmt: skip
    return Plan(setup, lambda t: decay_label_b(run, t, "StepLR(step_size=100 epochs, gamma=0.1) stepped every batch"))


@SET_B.scenario("motif-gru-adam-recreated-each-epoch-log10", steps=3000, log_every=10)
def motif_gru_adam_recreated_each_epoch_log10(run: Run) -> Plan:
    """``optimizer = Adam(...)`` at the top of the epoch loop of the GRU: a fresh Adam every 250 steps."""
    data = motif_tokens(8000, 52, length=12, batch_size=32)
    per = data.steps_per_epoch()
    resets = list(range(per, run.steps, per))
    setup = run.setup(data, lambda: GRUClassifier(16, 4, hidden=32), Adam, 3e-3, opt_args={"fused": True},
                      init_seed=52, eval_every=500, recreate_optimizer_at=frozenset(resets))  # fmt: skip
    return Plan(setup, lambda t: reset_label_b(run, t, resets, "Adam re-created every epoch"))


@SET_B.scenario("digits-mlp-adamw-resume-weights-only-avg50", steps=5000, log_every=50, average=True)
def digits_mlp_adamw_resume_weights_only_avg50(run: Run) -> Plan:
    """Resumed at 40% from a checkpoint of ``model.state_dict()`` only: a fresh AdamW, the lr schedule
    fast-forwarded to the step count."""
    resume = run.at(0.4)
    setup = run.setup(segment_digits(40000, 53), lambda: image_mlp(10), AdamW, 2e-3,
                      opt_args={"weight_decay": 0.01, "fused": True}, init_seed=53,
                      lr_factor=warmup_cosine(run.at(0.05), run.steps), eval_every=500,
                      schedule_name="linear warmup 5% + cosine, set by hand each step",
                      recreate_optimizer_at=frozenset({resume}))  # fmt: skip
    return Plan(setup, lambda t: reset_label_b(run, t, [resume], "resume without optimizer.state_dict()"))


@SET_B.scenario("digits-mlp-adamw-lr-30x-after-warmup-log10", steps=3000, log_every=10)
def digits_mlp_adamw_lr_30x_after_warmup_log10(run: Run) -> Plan:
    """The digit MLP with AdamW at a peak lr of 0.09, 30x the 3e-3 it trains well at (it still trains,
    noisily, at 3e-2), reached after a 5% warmup and then decayed by a cosine: it learns during the
    warmup, then its ReLUs die and the loss goes back to ln 10."""
    setup = run.setup(segment_digits(30000, 54), lambda: image_mlp(10), AdamW, 0.09,
                      opt_args={"weight_decay": 0.01, "fused": True}, init_seed=54, schedule=cosine_after(0.05),
                      schedule_name="linear warmup 5% + cosine to 0", eval_every=300)  # fmt: skip

    def label(t: Trained) -> Label:
        c, late = t.c, t.c.step > run.at(0.1)
        made = too_high_label_b(run, t, "AdamW peak lr 0.09 = 30x the healthy 3e-3, after a 5% warmup", ("plateau",))
        spread = np.percentile(np.abs(c.loss[late] - LN(10)), 95)
        return replace(made, note=f"{made.note}; after step {run.at(0.1)} the loss stays at "
                       f"{np.median(c.loss[late]):.3f} (ln 10 = {LN(10):.3f}, rows within {spread:.3f} of it "
                       f"95% of the time): a flat stretch at a high lr")  # fmt: skip

    return Plan(setup, label)


@SET_B.scenario("digits-mlp-sgdm-lr-100x-low-log50", steps=6000, log_every=50)
def digits_mlp_sgdm_lr_100x_low_log50(run: Run) -> Plan:
    """The digit MLP with SGD momentum at 5e-4, 100x below the 0.05 of digits-mlp-sgdm-steplr-per-epoch."""
    setup = run.setup(segment_digits(40000, 55), lambda: image_mlp(10), SGD, 5e-4,
                      opt_args={"momentum": 0.9, "fused": True}, init_seed=55, eval_every=500)  # fmt: skip
    return Plan(setup, lambda t: too_low_label(run, t.c, f"SGD momentum lr 5e-4, 100x too low, {logging_of(run)}"))


@SET_B.scenario("digits-mlp-adam-overfit-300-train-avg50", steps=4000, log_every=50, average=True)
def digits_mlp_adam_overfit_300_train_avg50(run: Run) -> Plan:
    """300 training digits (with their flickering segments), a 128-wide MLP, 4000 steps of batch 32."""
    setup = run.setup(segment_digits(300, 56, batch_size=32), lambda: image_mlp(10), Adam, 1e-3,
                      opt_args={"fused": True}, init_seed=56, eval_every=100)  # fmt: skip

    def label(t: Trained) -> Label:
        made = overfit_label(run, t.c, "300 training images, 430 epochs")
        return replace(made, note=f"{made.note}; {logging_of(run)}")

    return Plan(setup, label)


@SET_B.scenario("tabular-bnmlp-adam-logits-x20-log10", steps=3000, log_every=10)
def tabular_bnmlp_adam_logits_x20_log10(run: Run) -> Plan:
    """The tabular model's output layer (weight and bias) scaled x20 at init: confident random logits."""
    setup = run.setup(tabular(30000, 57), lambda: scaled_head(TabularNet(3), 20, bias=True), Adam, 2e-3,
                      opt_args={"fused": True}, init_seed=57, eval_every=200)  # fmt: skip
    return Plan(setup, lambda t: initial_label(run, t.c, 3, "head x20 at init"))


@SET_B.scenario("ar-lstm-sgd-warmup-to-lr-2-nan-log10", steps=3000, log_every=10)
def ar_lstm_sgd_warmup_to_lr_2_nan_log10(run: Run) -> Plan:
    """The LSTM forecaster with plain SGD warmed up linearly over 20% of the run to a peak lr of 2.0 (it
    trains at 0.3 to 0.6) and no gradient clipping: once the lr passes ~1, a gradient burst sends the
    weights to inf and the loss to NaN."""
    setup = run.setup(ar_series(20000, 58, window=16), SeqRegressor, SGD, 2.0, init_seed=58, loss_fn=F.mse_loss,
                      loss_name="mse", schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine to 0",
                      eval_every=100)  # fmt: skip

    def label(t: Trained) -> Label:
        bad = t.c.first_nonfinite()
        made = nonfinite_label(run, t.c, f"LSTM, SGD warmed up to lr 2.0, no clipping, {logging_of(run)}")
        lr_then = t.lrs[bad - 1] if bad is not None else math.nan
        return replace(made, note=f"{made.note}; lr {lr_then:.2f} at the first NaN")

    return Plan(setup, label)


@SET_B.scenario("ar-mlp-adam-sentinel-targets-avg10", steps=4000, log_every=10, average=True)
def ar_mlp_adam_sentinel_targets_avg10(run: Run) -> Plan:
    """Three stretches of 20 batches (a bad shard) where a quarter of the targets are the missing-value
    code -99, no gradient clipping: Adam's steps stay bounded, so the model recovers each time."""
    bad = {i for f in (0.3, 0.55, 0.8) for i in range(run.at(f), run.at(f) + 20)}

    def corrupt(i: int, x: Tensor, y: Tensor) -> tuple[Tensor, Tensor]:
        if i not in bad:
            return x, y
        return x, torch.where(torch.arange(len(y))[:, None] % 4 == 0, torch.full_like(y, -99.0), y)

    setup = run.setup(ar_series(40000, 59, window=16), lambda: flat(mlp([16, 64, 64, 1])), Adam, 1e-3,
                      opt_args={"fused": True}, init_seed=59, loss_fn=F.mse_loss, loss_name="mse", corrupt=corrupt,
                      eval_every=250)  # fmt: skip

    def label(t: Trained) -> Label:
        made = explode_label(run, t.c, min(bad), f"3 x 20 batches with a quarter of the targets -99, {logging_of(run)}")
        _, best, _ = t.c.val_summary()
        # the corrupted batches' own losses are logged (the log's loss spikes), and the validation loss jumps
        return replace(made, may_fire=("lr-too-high",),
                       note=f"{made.note}; validation loss max {np.max(t.c.val_loss):.3g} (best {best:.3f}), "
                       f"largest logged loss {np.max(t.c.loss):.3g}")  # fmt: skip

    return Plan(setup, label)


@SET_B.scenario("motif-transformer-postln-finetune-adam-no-warmup-avg10", steps=3000, log_every=10, average=True)
def motif_transformer_postln_finetune_adam_no_warmup_avg10(run: Run) -> Plan:
    """A post-LN transformer pretrained (unrecorded) on the motif task, fine-tuned on a shifted version of
    it (Zipf-distributed background tokens) with Adam at lr 0.02 from step 1 and a linear decay, no
    warmup: Adam's first steps, about lr in every weight, knock the pretrained model far up before it
    settles. An unrecorded control, the same fine-tune with a 10% linear warmup, stays near its start."""
    source = motif_tokens(30000, 60, length=16, batch_size=32)
    data = motif_tokens(30000, 61, length=16, motif_seed=60, skew=1.0, batch_size=32)
    pretraining = Setup(name="motif-transformer-pretraining", data=source,
                        model=lambda: BlockTransformer(16, 4, pre_ln=False), optimizer=Adam, lr=1e-3,
                        opt_args={"fused": True}, steps=1200, seed=3, init_seed=60, shuffle_offset=2000,
                        schedule=lambda o, s: lambda_lr(o, warmup_linear(120, s.steps)))  # fmt: skip
    pretrained = train(pretraining).model
    start = evaluate(pretrained, data, cross_entropy)[0]

    def fine_tuned() -> nn.Module:
        model = BlockTransformer(16, 4, pre_ln=False)
        model.load_state_dict(pretrained.state_dict())
        return model

    setup = run.setup(data, fine_tuned, Adam, 0.02, opt_args={"fused": True}, init_seed=60,
                      schedule=lambda o, s: lambda_lr(o, warmup_linear(1, s.steps)),
                      schedule_name="linear decay, no warmup", eval_every=300, meta={"pretrained": True})  # fmt: skip
    k = run.at(0.1)

    def label(t: Trained) -> Label:
        control = train(replace(setup, out=None, schedule=linear_decay_after(0.1), early_stop_step=k + k // 2,
                                eval_every=0))  # fmt: skip
        what = "post-LN transformer fine-tune, Adam lr 0.02 from step 1"
        return missing_warmup_label(run, t, start, np.array(control.losses), what)

    return Plan(setup, label)


@SET_B.scenario("digits-mlp-adam-no-zero-grad-log10", steps=3000, log_every=10)
def digits_mlp_adam_no_zero_grad_log10(run: Run) -> Plan:
    """The digit MLP with Adam at lr 1e-3 (its healthy setting) and no ``optimizer.zero_grad()``: every
    step's gradient is added to all the earlier ones, so Adam follows their running sum."""
    setup = run.setup(segment_digits(30000, 61), lambda: image_mlp(10), Adam, 1e-3, opt_args={"fused": True},
                      init_seed=61, zero_grad="never", eval_every=300)  # fmt: skip

    def label(t: Trained) -> Label:
        c = t.c
        made = too_high_label_b(run, t, "gradients never zeroed (accumulated over all steps)",
                                ("plateau", "exploding-gradients", "missing-warmup"))  # fmt: skip
        early = c.step <= run.at(0.1)
        g = c.grad_norm[np.isfinite(c.grad_norm)]
        tenth = max(3, len(g) // 20)
        first, last = np.median(g[:tenth]), np.median(g[-tenth:])
        return replace(made, note=f"{made.note}; the accumulated gradient's norm grows from {first:.3g} (first 5% "
                       f"of rows) to {last:.3g} (last 5%); in the first {run.at(0.1)} steps the loss goes "
                       f"{c.loss[0]:.3f} -> {c.loss[early].max():.3f} (an unstable start at full lr); val loss "
                       f"{c.val_loss[0]:.3f} -> {c.val_loss[-1]:.3f}")  # fmt: skip

    return Plan(setup, label)


# --------------------------------------------------------------------------- labels.toml and main


LABELS_HEADER = """\
# Labels of the hold-out runs: written by bench/holdout.py beside the logs it trains; do not edit by hand.
# Same schema as sample_logs/labels.toml: must_fire: rules that must report a warning or error;
# may_fire: rules allowed to (side effects of the fault); fault_step: the logged step where the fault
# starts, +- tolerance_steps; lookalike_for: rules a healthy run (must_fire = []) could fool. The comment
# above each run says what was injected and what numpy checks on the recorded curves show.
"""

SETS = {"a": SET_A, "b": SET_B}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    defaults = ", ".join(f"{k}: {v.relative_to(ROOT)}" for k, v in DEFAULT_OUTS.items())
    where = f"folder for the logs and labels.toml of every run made (default: by set, {defaults})"
    parser.add_argument("--out", type=Path, help=where)
    parser.add_argument("--set", choices=("a", "b", "all"), default="all", help="which set of runs (default all)")
    parser.add_argument("--only", metavar="SUBSTR", help="only the runs whose name contains SUBSTR")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    args = parser.parse_args(argv)
    jobs = [Job(sc, args.out or DEFAULT_OUTS[key]) for key, scenarios in SETS.items() if args.set in ("all", key)
            for sc in scenarios if args.only is None or args.only in sc.name]  # fmt: skip
    if not jobs:
        parser.error(f"no run of set {args.set} has a name containing {args.only!r}")
    return make_runs(jobs, LABELS_HEADER, args.jobs)


if __name__ == "__main__":
    sys.exit(main())
