#!/usr/bin/env python
"""Train small real PyTorch models on the CPU and write their logs as lrdoctor sample runs.

Each scenario trains a real model on synthetic data made in code, with one fault injected on
purpose (or none: the healthy look-alikes), records it with ``lrdoctor.record`` as
``<name>.csv`` + ``<name>.json`` and states in ``labels.toml`` what the analyzer must find.
The models, data, training loop and runner are ``harness.py``'s, beside this script.

    python sample_logs/make_samples.py --out sample_logs                  # the base runs
    python sample_logs/make_samples.py --out bench/out/variants --variants --jobs 2
    python sample_logs/make_samples.py --out /tmp/x --only mlp-adam-lr-too-low

``--variants`` also writes each scenario with another seed, half and double length, logging
every 10 and 50 steps and, where it has one, another optimizer (``<name>--<variant>``).

Besides the sample runs, two lr sweeps go to ``<out>/sweeps/lowest-still-improving`` and
``<out>/sweeps/extend-down``, and logs written one row per epoch (Keras CSVLogger style, and a
hand-written loop's) to ``<out>/per_epoch``, each folder with its own labels.toml.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F
from torch import Tensor
from torch.optim import SGD, Adam, AdamW, Optimizer, RMSprop, lr_scheduler

from harness import (  # beside this script
    LN, VOCAB, CausalLM, CharRNN, Data, Label, LossFn, Plan, Run, ScenarioList, Setup, TiedCharRNN,
    Trained, Variant, accuracy, blobs, char_lm, corrupt_rows, cosine_after, cross_entropy, evaluate, flip_labels,
    friedman, image_classification, lambda_lr, linear_decay_after, make_runs, manual_bce, mlp, multistep, one_cycle,
    plan, regression, running_median, same_position_targets, scaled_head, small_cnn, split, step_of,
    summed_cross_entropy, teacher_classification, train,
)  # fmt: skip
from harness import healthy as curves_healthy  # the harness's healthy check, on the recorded curves

SAMPLES = ScenarioList()  # a sample run's seed (0, or a variant's) seeds its data, its model and its batch order

VARIANTS = (
    Variant("--seed1", seed=1),
    Variant("--short", scale=0.5),
    Variant("--long", scale=2.0),
    Variant("--log10", log_every=10),
    Variant("--log50", log_every=50),
    Variant("--alt", alt_optimizer=True),
)
MIN_ROWS = 40  # a logging variant that would leave fewer rows than this is not made


# --------------------------------------------------------------------------- faulty runs
# Each labels its run from the training record (every step, whatever the logging interval); fault
# steps come from the training itself (first NaN, the injected cut).


@SAMPLES.scenario("regression-sgdm-lr-growth-nan", steps=800)
def regression_sgdm_lr_growth_nan(run: Run) -> Plan:
    """A schedule typo: ExponentialLR(gamma=1.02) instead of 0.98 grows the lr until the MSE is inf/NaN."""
    setup = run.setup(regression(4000, run.seed), lambda: mlp([8, 128, 128, 1]), SGD, 0.002,
                      opt_args={"momentum": 0.9}, loss_fn=F.mse_loss, loss_name="mse",
                      schedule=lambda o, s: lr_scheduler.ExponentialLR(o, gamma=1.0 + 16 / s.steps))  # fmt: skip

    def label(r: Trained) -> Label:
        bad = r.first_nonfinite()
        return Label(
            must_fire=("non-finite-loss",), may_fire=("lr-too-high", "exploding-gradients"),
            fault_step=step_of(bad) if bad is not None else None, tolerance_steps=run.tolerance(5),
            note=f"lr grows x{1 + 16 / run.steps:.3f}/step from 0.002; loss {r.losses[0]:.2f} -> min "
            f"{min(r.losses):.3f}, first non-finite at step {step_of(bad) if bad is not None else None}",
        )  # fmt: skip

    return Plan(setup, label)


@SAMPLES.scenario("mlp-adam-bce-log-zero", steps=1200)
def mlp_adam_bce_log_zero(run: Run) -> Plan:
    """Hand-written BCE on noisy binary labels: a confident wrong logit gives log(0) = -inf, then NaN."""
    data = replace(teacher_classification(2000, 2, run.seed, noise=0.6), num_classes=2)
    setup = run.setup(data, lambda: mlp([20, 256, 256, 1]), Adam, 3e-3, loss_fn=manual_bce,
                      loss_name="manual_bce (log of sigmoid)")  # fmt: skip

    def label(r: Trained) -> Label:
        bad = r.first_nonfinite()
        return Label(
            must_fire=("non-finite-loss",), may_fire=("overfitting",),
            fault_step=step_of(bad) if bad is not None else None, tolerance_steps=run.tolerance(5),
            note=f"loss {r.losses[0]:.3f} (ln 2 = 0.693) -> {r.mean(bad - 50, bad) if bad else 0:.3f} before "
            f"step {step_of(bad) if bad is not None else None}, then inf/NaN",
        )  # fmt: skip

    return Plan(setup, label)


@SAMPLES.scenario("mlp-sgdm-lr-too-high", steps=1000, alt=True)
def mlp_sgdm_lr_too_high(run: Run) -> Plan:
    """SGD+momentum at lr 0.6 (Adam at 0.1 in --alt) on an MLP classifier: an early minimum, then the
    loss climbs back to ln C as ReLUs die."""
    optimizer, lr, opt_args = (Adam, 0.1, {}) if run.alt else (SGD, 0.6, {"momentum": 0.9})
    setup = run.setup(teacher_classification(4000, 10, run.seed), lambda: mlp([20, 128, 128, 10]), optimizer, lr,
                      opt_args=opt_args, eval_every=100)  # fmt: skip

    def label(r: Trained) -> Label:
        low = min(range(run.steps), key=lambda i: r.mean(i - 25, i + 25))
        return Label(
            must_fire=("lr-too-high",), may_fire=("plateau", "exploding-gradients", "dead-units"),
            fault_step=1, tolerance_steps=run.steps,
            note=f"loss {r.losses[0]:.2f} -> smoothed min {r.mean(low - 25, low + 25):.2f} at step "
            f"{step_of(low)} -> {r.mean(run.steps - 50, run.steps):.2f} at the end",
        )  # fmt: skip

    return Plan(setup, label)


@SAMPLES.scenario("cnn-adam-lr-too-high", steps=800, alt=True)
def cnn_adam_lr_too_high(run: Run) -> Plan:
    """Adam at lr 0.03 (30x the usual 1e-3) on a small CNN: repeated loss spikes far above the noise."""
    setup = run.setup(image_classification(3000, run.seed), lambda: small_cnn(8), AdamW if run.alt else Adam, 0.03,
                      eval_every=100)  # fmt: skip

    def label(r: Trained) -> Label:
        return Label(
            must_fire=("lr-too-high",), may_fire=("plateau", "exploding-gradients", "missing-warmup"),
            fault_step=1, tolerance_steps=run.steps,
            note=f"loss {r.losses[0]:.2f} (ln 8 = {LN(8):.2f}), max {max(r.losses):.1f}, last-10% mean "
            f"{r.mean(run.at(0.9), run.steps):.2f}",
        )  # fmt: skip

    return Plan(setup, label)


@SAMPLES.scenario("charlm-gru-sgd-lr-jump", steps=800)
def charlm_gru_sgd_lr_jump(run: Run) -> Plan:
    """A GRU char LM trains well at lr 1.0, then a bad resume sets lr 30: the loss climbs back up."""
    jump = run.at(0.5)
    setup = run.setup(char_lm(30000, run.seed), lambda: CharRNN("gru"), SGD, 1.0,
                      schedule=lambda o, s: lambda_lr(o, lambda i: 1.0 if i < jump else 30.0),
                      schedule_name="lr x30 at 50%", eval_every=100)  # fmt: skip

    def label(r: Trained) -> Label:
        return Label(
            must_fire=("lr-too-high",), may_fire=("exploding-gradients", "plateau", "overfitting"),
            fault_step=step_of(jump), tolerance_steps=run.tolerance(100),
            note=f"loss {r.mean(jump - 50, jump):.2f} before the x30 lr at step {step_of(jump)}, "
            f"{r.mean(run.steps - 100, run.steps):.2f} at the end",
        )  # fmt: skip

    return Plan(setup, label)


@SAMPLES.scenario("mlp-adam-lr-too-low", steps=1500, alt=True)
def mlp_adam_lr_too_low(run: Run) -> Plan:
    """Adam at lr 1e-5, 100x below its usual 1e-3: the loss is still falling steadily at the end."""
    setup = run.setup(teacher_classification(4000, 10, run.seed), lambda: mlp([20, 128, 128, 10]),
                      AdamW if run.alt else Adam, 1e-5, eval_every=100)  # fmt: skip

    def label(r: Trained) -> Label:
        return Label(
            must_fire=("lr-too-low",), may_fire=("plateau",),
            fault_step=1, tolerance_steps=run.steps,
            note=f"loss {r.mean(0, 50):.3f} -> {r.mean(run.at(0.5) - 25, run.at(0.5) + 25):.3f} (half) -> "
            f"{r.mean(run.steps - 50, run.steps):.3f}",
        )  # fmt: skip

    return Plan(setup, label)


@SAMPLES.scenario("charlm-gru-sgdm-lr-too-low", steps=800)
def charlm_gru_sgdm_lr_too_low(run: Run) -> Plan:
    """SGD+momentum at lr 0.003 on a GRU char LM that trains well at 0.3: slow, steady descent."""
    setup = run.setup(char_lm(30000, run.seed), lambda: CharRNN("gru"), SGD, 0.003, opt_args={"momentum": 0.9},
                      eval_every=150)  # fmt: skip

    def label(r: Trained) -> Label:
        return Label(
            must_fire=("lr-too-low",), may_fire=("plateau",),
            fault_step=1, tolerance_steps=run.steps,
            note=f"loss {r.mean(0, 50):.3f} (ln {len(VOCAB)} = {LN(len(VOCAB)):.2f}) -> "
            f"{r.mean(run.steps - 50, run.steps):.3f}",
        )  # fmt: skip

    return Plan(setup, label)


@SAMPLES.scenario("regression-sgd-lr-too-low", steps=1000)
def regression_sgd_lr_too_low(run: Run) -> Plan:
    """Plain SGD at lr 1e-3 (100x below the lr 0.1 that trains it well) on an MLP regression with
    centred targets and batch 2048, so the batch MSE is smooth: every step shaves the same sliver off."""
    raw = regression(20000, run.seed, batch_size=2048)
    mu = raw.y.mean()
    data = replace(raw, y=raw.y - mu, val_y=raw.val_y - mu)
    setup = run.setup(data, lambda: mlp([8, 128, 128, 1]), SGD, 1e-3, loss_fn=F.mse_loss, loss_name="mse",
                      eval_every=100)  # fmt: skip

    def label(r: Trained) -> Label:
        q = [LN(r.mean(i - 25, i + 25)) for i in (0, run.at(0.25), run.at(0.75), run.steps)]
        drop = q[0] - q[3]
        return Label(
            must_fire=("lr-too-low",), may_fire=("plateau",),
            fault_step=1, tolerance_steps=run.steps,
            note=f"mse {r.mean(0, 25):.3f} -> {r.mean(run.steps - 25, run.steps):.3f}, nearly linear: "
            f"{(q[0] - q[1]) / drop:.0%} of the log-loss drop in the first quarter, "
            f"{(q[2] - q[3]) / drop:.0%} in the last",
        )  # fmt: skip

    return Plan(setup, label)


def median_grad_norm(r: Trained) -> float:
    return sorted(r.grad_norms)[len(r.grad_norms) // 2]


def dead_init_mlp() -> nn.Module:
    """A deep tanh MLP initialised 10x too small."""
    model = mlp([20] + [64] * 6 + [10], nn.Tanh)
    with torch.no_grad():
        for p in model.parameters():
            p.mul_(0.1)
    return model


@SAMPLES.scenario("deep-mlp-sgd-dead-init-plateau", steps=1200)
def deep_mlp_sgd_dead_init_plateau(run: Run) -> Plan:
    """A deep tanh MLP initialised 10x too small: the signal vanishes, the loss sits at ln C, tiny grads."""
    setup = run.setup(teacher_classification(4000, 10, run.seed), dead_init_mlp, SGD, 0.05, eval_every=100)

    def label(r: Trained) -> Label:
        return Label(
            must_fire=("plateau",), may_fire=("lr-too-low",),
            fault_step=1, tolerance_steps=run.tolerance(200),
            note=f"loss {r.losses[0]:.3f} (ln 10 = {LN(10):.3f}) -> {r.mean(run.steps - 50, run.steps):.3f}; "
            f"median grad norm {median_grad_norm(r):.2g}",
        )  # fmt: skip

    return Plan(setup, label)


def zero_init_mlp() -> nn.Module:
    """An MLP with all weights initialised to zero."""
    model = mlp([20, 128, 128, 10])
    with torch.no_grad():
        for p in model.parameters():
            p.zero_()
    return model


def dead_since(path: Path) -> int | None:
    """The first logged step from which every weight tensor's gradient norm is zero to the end."""
    import pandas as pd

    log = pd.read_csv(path)
    weights = [c for c in log.columns if c.startswith("grad_norm/") and not c.endswith("bias")]
    rows = log.dropna(subset=weights)
    dead = (rows[weights] == 0).all(axis=1).to_numpy()
    alive = np.flatnonzero(~dead)
    first = alive[-1] + 1 if alive.size else 0
    return int(rows["step"].iloc[first]) if first < len(rows) else None


@SAMPLES.scenario("mlp-adam-dead-relu", steps=800)
def mlp_adam_dead_relu(run: Run) -> Plan:
    """Adam at lr 1.0, about 1000x the lr this MLP trains at: the first steps push every ReLU into the dead
    zone, and from then on each weight gets exactly zero gradient; only the output bias still moves."""
    setup = run.setup(teacher_classification(4000, 10, run.seed), lambda: mlp([20, 64, 64, 10]), Adam, 1.0,
                      eval_every=100)  # fmt: skip

    def label(r: Trained) -> Label:
        since = dead_since(setup.path)
        return Label(
            must_fire=("dead-units",), may_fire=("lr-too-high", "plateau", "exploding-gradients", "missing-warmup"),
            fault_step=since, tolerance_steps=run.tolerance(100),
            note=f"loss {r.losses[0]:.3f} (ln 10 = {LN(10):.3f}), max {max(r.losses):.3g}, end "
            f"{r.mean(run.steps - 50, run.steps):.3f}; every weight gradient zero from logged step {since}",
            confirmed=since is not None,
        )  # fmt: skip

    return Plan(setup, label)


def range_test(s: Setup) -> Trained:
    """A learning-rate range test of the Setup's model, optimizer and batches with lrdoctor's ``find_lr``
    (the lr rises exponentially over ``s.steps`` batches), its curve written as the run's log."""
    from lrdoctor.guards import find_lr

    torch.manual_seed(s.seed if s.init_seed is None else s.init_seed)
    model = s.model()
    batches = s.data.batches(s.shuffle_offset + s.seed)
    loader = [(x, y) for x, y, _ in (next(batches) for _ in range(s.steps))]
    loss_fn = s.loss_fn
    found = find_lr(model, s.make_optimizer(model), loader, loss_fn, num_steps=s.steps, log_path=s.path, progress=False)
    return Trained(s, model, losses=list(found.losses), lrs=np.array(found.lrs))


@SAMPLES.scenario("mlp-adam-range-test", steps=300)
def mlp_adam_range_test(run: Run) -> Plan:
    """A learning-rate range test of an Adam MLP (lrdoctor.guards.find_lr, lr 1e-6 -> 10): a run that
    diverges on purpose, marked range_test in its sidecar."""
    setup = run.setup(teacher_classification(4000, 10, run.seed), lambda: mlp([20, 128, 128, 10]), Adam, 1e-3)

    def label(r: Trained) -> Label:
        best = int(np.argmin(r.losses))
        return Label(
            must_fire=("lr-range-test",), fault_step=1, tolerance_steps=run.tolerance(5),
            note=f"{len(r.losses)} steps, lr {r.lrs[0]:.2g} -> {r.lrs[-1]:.2g}; loss {r.losses[0]:.3f} -> lowest "
            f"{r.losses[best]:.3f} at lr {r.lrs[best]:.2g}",
        )  # fmt: skip

    return Plan(setup, label, run=range_test)


@SAMPLES.scenario("mlp-zero-init-plateau", steps=1000, alt=True)
def mlp_zero_init_plateau(run: Run) -> Plan:
    """All weights initialised to zero: hidden units never get a gradient, only the output bias learns."""
    setup = run.setup(teacher_classification(4000, 10, run.seed), zero_init_mlp, AdamW if run.alt else Adam, 1e-3,
                      eval_every=100)  # fmt: skip

    def label(r: Trained) -> Label:
        return Label(
            must_fire=("dead-units",), may_fire=("plateau", "lr-too-low"),
            fault_step=1, tolerance_steps=run.tolerance(150),
            note=f"loss {r.losses[0]:.3f} (ln 10 = {LN(10):.3f}) -> {r.mean(run.steps - 50, run.steps):.3f}; "
            f"grads reach only the output bias",
        )  # fmt: skip

    return Plan(setup, label)


@SAMPLES.scenario("mlp-sgdm-oscillation-plateau", steps=1000)
def mlp_sgdm_oscillation_plateau(run: Run) -> Plan:
    """Constant SGD+momentum lr 0.3 (half the diverging lr): the loss stalls from ~10% on while the
    gradient norm stays large, bouncing between the walls of a valley."""
    setup = run.setup(teacher_classification(20000, 10, run.seed), lambda: mlp([20, 128, 128, 10]), SGD, 0.3,
                      opt_args={"momentum": 0.9}, eval_every=100)  # fmt: skip
    start = run.at(0.1)

    def label(r: Trained) -> Label:
        return Label(
            must_fire=("plateau",), may_fire=("lr-too-high",),
            fault_step=step_of(start), tolerance_steps=run.tolerance(250),
            note=f"loss {r.mean(0, 20):.3f} -> {r.mean(start - 25, start + 25):.3f} at step {step_of(start)} -> "
            f"{r.mean(run.steps - 50, run.steps):.3f}; median grad norm {median_grad_norm(r):.2g}",
        )  # fmt: skip

    return Plan(setup, label)


def decay_label(run: Run, r: Trained, cut: int) -> Label:
    """The pace of the loss (least-squares drop per step) over 8% of the run before and after the cut."""
    window = min(run.at(0.08), cut)
    before, after = r.pace(cut - window, cut), r.pace(cut, cut + window)
    return Label(
        must_fire=("premature-decay",), may_fire=("plateau", "lr-too-low"),
        fault_step=step_of(cut), tolerance_steps=run.tolerance(30),
        note=f"lr x0.01 at step {step_of(cut)}: loss fell {before:.2g}/step over the {window} steps before, "
        f"{after:.2g}/step over the {window} after ({after / before:.0%} kept); {r.mean(cut - 10, cut):.3f} at the "
        f"cut, {r.mean(run.steps - 50, run.steps):.3f} at the end",
    )  # fmt: skip


def early_cut(run: Run, setup: Setup, frac: float) -> Plan:
    """``setup`` with a x0.01 lr cut at ``frac`` of the run, long before the loss flattens."""
    return Plan(replace(setup, schedule=multistep(frac, gamma=0.01)), lambda r: decay_label(run, r, run.at(frac)))


@SAMPLES.scenario("mlp-adamw-early-step-decay", steps=1200, alt=True)
def mlp_adamw_early_step_decay(run: Run) -> Plan:
    """AdamW lr 3e-3 cut x0.01 at 4% of the run, while the loss is still falling steeply: the descent stalls."""
    setup = run.setup(teacher_classification(4000, 10, run.seed), lambda: mlp([20, 128, 128, 10]),
                      Adam if run.alt else AdamW, 3e-3, eval_every=100)  # fmt: skip
    return early_cut(run, setup, 0.04)


@SAMPLES.scenario("cnn-sgdm-early-decay", steps=1000)
def cnn_sgdm_early_decay(run: Run) -> Plan:
    """SGD+momentum lr 0.05 on a CNN, cut x0.01 at 10% of the run, mid-descent."""
    setup = run.setup(image_classification(3000, run.seed), lambda: small_cnn(8), SGD, 0.05,
                      opt_args={"momentum": 0.9}, eval_every=100)  # fmt: skip
    return early_cut(run, setup, 0.1)


@SAMPLES.scenario("charlm-lstm-adam-early-decay", steps=800, alt=True)
def charlm_lstm_adam_early_decay(run: Run) -> Plan:
    """An LSTM char LM with Adam lr 5e-3 cut x0.01 at 15%, while the loss is still dropping fast."""
    setup = run.setup(char_lm(30000, run.seed), lambda: CharRNN("lstm"), AdamW if run.alt else Adam, 5e-3,
                      eval_every=100)  # fmt: skip
    return early_cut(run, setup, 0.15)


def reset_label(run: Run, r: Trained, resets: list[int]) -> Label:
    jumps = [r.mean(i + 1, i + 6) - r.mean(i - 5, i) for i in resets]
    return Label(
        must_fire=("optimizer-reset",), may_fire=("lr-too-high", "missing-warmup", "plateau", "overfitting"),
        fault_step=step_of(resets[0]), tolerance_steps=run.tolerance(5),
        note=f"new optimizer at steps {[step_of(i) for i in resets[:3]]}{'...' if len(resets) > 3 else ''} "
        f"({len(resets)} resets); mean loss of the 5 steps after a reset minus the 5 before: "
        f"median {sorted(jumps)[len(jumps) // 2]:+.3f}",
    )  # fmt: skip


def recreated_each_epoch(run: Run, setup: Setup, eval_epochs: int) -> Plan:
    """``setup`` with ``optimizer = ...`` inside the epoch loop: a fresh optimizer every epoch, evaluated
    every ``eval_epochs`` epochs."""
    epoch = setup.data.steps_per_epoch()
    resets = list(range(epoch, run.steps, epoch))
    made = replace(setup, eval_every=epoch * eval_epochs, recreate_optimizer_at=frozenset(resets))
    return Plan(made, lambda r: reset_label(run, r, resets))


@SAMPLES.scenario("mlp-adam-recreated-each-epoch", steps=1000, alt=True)
def mlp_adam_recreated_each_epoch(run: Run) -> Plan:
    """``optimizer = Adam(...)`` inside the epoch loop: the moment estimates restart every epoch."""
    setup = run.setup(teacher_classification(4000, 10, run.seed), lambda: mlp([20, 128, 128, 10]),
                      AdamW if run.alt else Adam, 3e-3)  # fmt: skip
    return recreated_each_epoch(run, setup, 4)


@SAMPLES.scenario("cnn-adam-recreated-each-epoch", steps=900)
def cnn_adam_recreated_each_epoch(run: Run) -> Plan:
    """The same bug on a CNN at a constant lr 2e-3: a fresh Adam every 75-step epoch."""
    setup = run.setup(image_classification(2400, run.seed, batch_size=32), lambda: small_cnn(8), Adam, 2e-3)
    return recreated_each_epoch(run, setup, 2)


@SAMPLES.scenario("charlm-gru-adamw-resume-weights-only", steps=800)
def charlm_gru_adamw_resume_weights_only(run: Run) -> Plan:
    """A resume at 50% that loads the model weights but not ``optimizer.state_dict()``."""
    resume = run.at(0.5)
    setup = run.setup(char_lm(30000, run.seed), lambda: CharRNN("gru"), AdamW, 5e-3, opt_args={"weight_decay": 0.01},
                      eval_every=100, recreate_optimizer_at=frozenset({resume}))  # fmt: skip
    return Plan(setup, lambda r: reset_label(run, r, [resume]))


def overfit_label(run: Run, r: Trained) -> Label:
    best, low = r.best_val()
    last = max(r.val_losses)
    return Label(
        must_fire=("overfitting",), may_fire=("plateau",),
        fault_step=step_of(best), tolerance_steps=run.tolerance(150),
        note=f"val loss bottoms at {low:.3f} at step {step_of(best)}, {r.val_losses[last]:.3f} at step "
        f"{step_of(last)}; train loss {r.mean(best - 20, best):.3f} -> "
        f"{r.mean(run.steps - 20, run.steps):.3f}",
    )  # fmt: skip


@SAMPLES.scenario("mlp-adam-overfit-small-train", steps=1500, alt=True)
def mlp_adam_overfit_small_train(run: Run) -> Plan:
    """A wide MLP on 512 noisy examples for ~90 epochs: it memorises, val loss turns up."""
    setup = run.setup(teacher_classification(512, 10, run.seed, batch_size=32), lambda: mlp([20, 512, 512, 10]),
                      AdamW if run.alt else Adam, 3e-4, eval_every=50)  # fmt: skip
    return Plan(setup, lambda r: overfit_label(run, r))


@SAMPLES.scenario("cnn-sgdm-overfit-small-train", steps=1200)
def cnn_sgdm_overfit_small_train(run: Run) -> Plan:
    """A wide CNN on 160 noisy images with SGD+momentum for ~240 epochs, val every 40 steps."""
    setup = run.setup(image_classification(160, run.seed, batch_size=32), lambda: small_cnn(8, width=32), SGD, 0.03,
                      opt_args={"momentum": 0.9}, eval_every=40)  # fmt: skip
    return Plan(setup, lambda r: overfit_label(run, r))


def initial_label(run: Run, r: Trained, expected: float, what: str) -> Label:
    return Label(
        must_fire=("wrong-initial-loss",), may_fire=("lr-too-high", "missing-warmup", "plateau"),
        fault_step=1, tolerance_steps=run.tolerance(20),
        note=f"{what}: loss at step 1 {r.losses[0]:.3f} vs {expected:.3f} expected; "
        f"{r.mean(run.steps - 50, run.steps):.3f} at the end",
    )  # fmt: skip


@SAMPLES.scenario("mlp-sgdm-last-layer-x50", steps=800)
def mlp_sgdm_last_layer_x50(run: Run) -> Plan:
    """The output layer initialised 50x too large: confident random logits, initial loss >> ln 10."""
    setup = run.setup(teacher_classification(20000, 10, run.seed), lambda: scaled_head(mlp([20, 128, 128, 10]), 50),
                      SGD, 0.03, opt_args={"momentum": 0.9}, eval_every=100)  # fmt: skip
    return Plan(setup, lambda r: initial_label(run, r, LN(10), "last layer x50"))


@SAMPLES.scenario("cnn-adam-summed-loss", steps=800)
def cnn_adam_summed_loss(run: Run) -> Plan:
    """Cross-entropy with reduction='sum': the loss is batch_size x ln C at the start (Adam hides it)."""
    data = image_classification(3000, run.seed)
    setup = run.setup(data, lambda: small_cnn(8), Adam, 1e-3, loss_fn=summed_cross_entropy,
                      loss_name="cross_entropy (reduction=sum)", eval_every=100)  # fmt: skip
    what = f"summed over batch {data.batch_size} (= {data.batch_size * LN(8):.1f})"
    return Plan(setup, lambda r: initial_label(run, r, LN(8), what))


def tied_gru_wide_embedding() -> nn.Module:
    model = TiedCharRNN("gru")
    nn.init.normal_(model.embed.weight, std=0.3)
    return model


@SAMPLES.scenario("charlm-tied-gru-target-leak", steps=600)
def charlm_tied_gru_target_leak(run: Run) -> Plan:
    """A tied-embedding GRU LM whose targets are its inputs: the answer leaks in, loss << ln V at step 0."""
    setup = run.setup(same_position_targets(char_lm(20000, run.seed)), tied_gru_wide_embedding, Adam, 1e-3,
                      eval_every=100)  # fmt: skip
    return Plan(setup, lambda r: initial_label(run, r, LN(len(VOCAB)), "targets = inputs with tied embeddings"))


def first_grad_jump(r: Trained, factor: float = 10.0, warm: int = 20) -> int:
    """The first iteration whose gradient norm is ``factor`` x the median of the ones before it."""
    for i in range(warm, len(r.grad_norms)):
        before = sorted(r.grad_norms[:i])
        if r.grad_norms[i] > factor * before[len(before) // 2]:
            return i
    return len(r.grad_norms) - 1


def explode_label(run: Run, r: Trained, what: str) -> Label:
    jump = first_grad_jump(r)
    norms = sorted(r.grad_norms)
    median = norms[len(norms) // 2]
    return Label(
        must_fire=("exploding-gradients",), may_fire=("lr-too-high", "plateau", "missing-warmup"),
        fault_step=step_of(jump), tolerance_steps=run.tolerance(100),
        note=f"{what}: median grad norm {median:.2g}, max {norms[-1]:.3g} ({norms[-1] / median:.0f}x), "
        f"{sum(g > 10 * median for g in norms)} steps above 10x; first jump at step {step_of(jump)}",
    )  # fmt: skip


@SAMPLES.scenario("cnn-sgdm-unscaled-shard-exploding", steps=800)
def cnn_sgdm_unscaled_shard_exploding(run: Run) -> Plan:
    """1% of the images were left unnormalised (x30) and nothing clips: those batches make gradient
    norms jump by one to two orders of magnitude and knock the trained CNN back."""
    data = corrupt_rows(image_classification(3000, run.seed), 0.01, 30.0, run.seed)
    setup = run.setup(data, lambda: small_cnn(8), SGD, 0.02, opt_args={"momentum": 0.9}, eval_every=100)
    return Plan(setup, lambda r: explode_label(run, r, "1% of inputs x30, no clipping"))


@SAMPLES.scenario("regression-adam-outlier-rows-exploding", steps=800, alt=True)
def regression_adam_outlier_rows_exploding(run: Run) -> Plan:
    """MSE regression with 0.5% of rows whose features are x100 (unit mix-up), Adam without clipping:
    the gradient norm jumps by two orders of magnitude whenever such a row is in the batch."""
    data = corrupt_rows(regression(4000, run.seed), 0.005, 100.0, run.seed)
    setup = run.setup(data, lambda: mlp([8, 128, 128, 1]), AdamW if run.alt else Adam, 1e-3, loss_fn=F.mse_loss,
                      loss_name="mse", eval_every=100)  # fmt: skip
    return Plan(setup, lambda r: explode_label(run, r, "0.5% of rows x100, no clipping"))


def early_climb(losses: list[float], steps: int) -> float:
    """How far the smoothed log-loss (centred rolling median over n/25 points, shrinking at the edges)
    rises above its starting value within the first 10% of the run."""
    from lrdoctor.signals import rolling_median

    smooth = rolling_median(np.log(np.array(losses)), max(3, steps // 25))
    return float(smooth[: max(1, round(0.1 * steps))].max() - smooth[0])


def no_warmup(run: Run, setup: Setup) -> Plan:
    """``setup`` trained with full lr from step 1 (cosine decay), recorded; then the same with a linear
    warmup over 10% of the run as an unrecorded control, so the label can state both early climbs."""
    made = replace(setup, schedule=lambda o, s: lr_scheduler.CosineAnnealingLR(o, s.steps), eval_every=100)

    def label(r: Trained) -> Label:
        control = train(replace(made, out=None, schedule=cosine_after(0.1), eval_every=0)).losses
        early = run.at(0.1)
        peak = max(range(early), key=lambda i: r.losses[i])
        return Label(
            must_fire=("missing-warmup",), may_fire=("lr-too-high",),
            fault_step=1, tolerance_steps=run.tolerance(run.scenario.steps // 10),
            note=f"full lr from step 1: loss {r.losses[0]:.2f} -> {r.losses[peak]:.2f} at step {step_of(peak)}, "
            f"{r.mean(run.steps - 50, run.steps):.3f} at the end; smoothed log-loss climbs "
            f"{early_climb(r.losses, run.steps):+.2f} in the first 10% ({early_climb(control, run.steps):+.2f} with a "
            f"10% linear warmup)",
        )  # fmt: skip

    return Plan(made, label)


@SAMPLES.scenario("regression-gelu-adam-no-warmup", steps=500, alt=True)
def regression_gelu_adam_no_warmup(run: Run) -> Plan:
    """A GELU MLP regression with Adam at lr 0.03 and cosine decay but no warmup: the first full-size
    Adam steps blow the MSE up ~5x before training recovers."""
    raw = regression(20000, run.seed, batch_size=1024)
    mu = raw.y.mean()
    data = replace(raw, y=raw.y - mu, val_y=raw.val_y - mu)
    setup = run.setup(data, lambda: mlp([8, 256, 256, 1], nn.GELU), AdamW if run.alt else Adam, 0.03,
                      loss_fn=F.mse_loss, loss_name="mse")  # fmt: skip
    return no_warmup(run, setup)


@SAMPLES.scenario("mlp-adamw-no-warmup", steps=500)
def mlp_adamw_no_warmup(run: Run) -> Plan:
    """A tanh MLP classifier with AdamW at lr 0.2, batch 1024 and cosine decay from step 1: the first
    updates saturate the tanh units and the loss shoots far above ln 10 before training recovers."""
    data = teacher_classification(20000, 10, run.seed, batch_size=1024)
    return no_warmup(run, run.setup(data, lambda: mlp([20, 256, 256, 10], nn.Tanh), AdamW, 0.2))


# --------------------------------------------------------------------------- healthy look-alikes


def healthy(run: Run, r: Trained, lookalike_for: tuple[str, ...], what: str) -> Label:
    val = ""
    if r.val_losses:
        val = f"; val loss {min(r.val_losses.values()):.3f} best, {r.val_losses[max(r.val_losses)]:.3f} last"
    return Label(
        lookalike_for=lookalike_for,
        note=f"healthy, {what}: loss {r.mean(0, 10):.3f} -> {r.mean(run.steps - 50, run.steps):.3f}{val}",
    )


@SAMPLES.scenario("mlp-adamw-warmup-cosine", steps=1500, alt=True)
def mlp_adamw_warmup_cosine(run: Run) -> Plan:
    setup = run.setup(teacher_classification(20000, 10, run.seed), lambda: mlp([20, 128, 128, 10]),
                      Adam if run.alt else AdamW, 3e-3, schedule=cosine_after(0.05),
                      schedule_name="linear warmup 5% + cosine", eval_every=100)  # fmt: skip
    lookalike = ("missing-warmup", "lr-too-low", "premature-decay", "plateau", "wrong-initial-loss", "overfitting",
                 "lr-range-test", "dead-units", "lr-too-high")
    return Plan(setup, lambda r: healthy(run, r, lookalike, "linear warmup + cosine"))


@SAMPLES.scenario("cnn-sgdm-step-decay", steps=1200)
def cnn_sgdm_step_decay(run: Run) -> Plan:
    setup = run.setup(image_classification(6000, run.seed), lambda: small_cnn(8), SGD, 0.02,
                      opt_args={"momentum": 0.9, "weight_decay": 5e-4}, schedule=multistep(0.5, 0.75, gamma=0.1),
                      eval_every=100)  # fmt: skip
    lookalike = ("premature-decay", "plateau", "optimizer-reset", "exploding-gradients")
    return Plan(setup, lambda r: healthy(run, r, lookalike, "x0.1 at 50% and 75%"))


@SAMPLES.scenario("charlm-gru-adam-onecycle", steps=800)
def charlm_gru_adam_onecycle(run: Run) -> Plan:
    setup = run.setup(char_lm(30000, run.seed), lambda: CharRNN("gru"), Adam, 1e-2, schedule=one_cycle,
                      eval_every=100)  # fmt: skip
    what = "one-cycle"
    lookalike = ("lr-too-high", "missing-warmup", "premature-decay", "lr-too-low")
    return Plan(setup, lambda r: healthy(run, r, lookalike, what))


@SAMPLES.scenario("mlp-sgdm-cyclic-triangular", steps=1200, alt=True)
def mlp_sgdm_cyclic_triangular(run: Run) -> Plan:
    def cyclic(o: Optimizer, s: Setup) -> lr_scheduler.CyclicLR:
        return lr_scheduler.CyclicLR(
            o, base_lr=0.005, max_lr=0.05, step_size_up=s.at(0.1), mode="triangular", cycle_momentum=not run.alt
        )

    setup = run.setup(teacher_classification(20000, 10, run.seed), lambda: mlp([20, 128, 128, 10]), SGD, 0.01,
                      opt_args={"momentum": 0.9}, schedule=cyclic, eval_every=100)  # fmt: skip
    lookalike = ("lr-too-high", "optimizer-reset", "premature-decay", "plateau")
    return Plan(setup, lambda r: healthy(run, r, lookalike, "triangular cyclic lr"))


@SAMPLES.scenario("cnn-sgdm-warm-restarts", steps=1400)
def cnn_sgdm_warm_restarts(run: Run) -> Plan:
    setup = run.setup(image_classification(6000, run.seed), lambda: small_cnn(8), SGD, 0.03, opt_args={"momentum": 0.9},
                      schedule=lambda o, s: lr_scheduler.CosineAnnealingWarmRestarts(o, T_0=s.at(1 / 7), T_mult=2),
                      eval_every=100)  # fmt: skip
    lookalike = ("optimizer-reset", "lr-too-high", "premature-decay", "missing-warmup", "exploding-gradients")
    return Plan(setup, lambda r: healthy(run, r, lookalike, "SGDR, restarts at 1/7 and 3/7"))


@SAMPLES.scenario("charlm-gru-adamw-warm-restarts", steps=800)
def charlm_gru_adamw_warm_restarts(run: Run) -> Plan:
    setup = run.setup(char_lm(30000, run.seed), lambda: CharRNN("gru"), AdamW, 5e-3,
                      schedule=lambda o, s: lr_scheduler.CosineAnnealingWarmRestarts(o, T_0=s.at(0.25)),
                      eval_every=100)  # fmt: skip
    lookalike = ("optimizer-reset", "lr-too-high", "premature-decay", "missing-warmup")
    return Plan(setup, lambda r: healthy(run, r, lookalike, "AdamW SGDR, restarts every 25%"))


@SAMPLES.scenario("regression-adam-reduce-on-plateau", steps=1500)
def regression_adam_reduce_on_plateau(run: Run) -> Plan:
    def plateau(o: Optimizer, s: Setup) -> lr_scheduler.ReduceLROnPlateau:
        return lr_scheduler.ReduceLROnPlateau(o, factor=0.3, patience=1, threshold=0.05)

    setup = run.setup(regression(20000, run.seed), lambda: mlp([8, 128, 128, 1]), Adam, 3e-3, loss_fn=F.mse_loss,
                      loss_name="mse", schedule=plateau, eval_every=50)  # fmt: skip
    lookalike = ("premature-decay", "plateau", "lr-too-high")
    return Plan(setup, lambda r: healthy(run, r, lookalike, "ReduceLROnPlateau on val every 50 steps"))


@SAMPLES.scenario("regression-adam-constant-converging", steps=1500, alt=True)
def regression_adam_constant_converging(run: Run) -> Plan:
    setup = run.setup(regression(20000, run.seed), lambda: mlp([8, 128, 128, 1]), AdamW if run.alt else Adam, 2e-3,
                      loss_fn=F.mse_loss, loss_name="mse", eval_every=50)  # fmt: skip
    return Plan(setup, lambda r: healthy(run, r, ("plateau", "lr-too-low", "overfitting"), "constant lr, val every 50"))


@SAMPLES.scenario("charlm-lstm-sgdm-exponential-decay", steps=800)
def charlm_lstm_sgdm_exponential_decay(run: Run) -> Plan:
    setup = run.setup(char_lm(30000, run.seed), lambda: CharRNN("lstm"), SGD, 1.0, opt_args={"momentum": 0.9},
                      schedule=lambda o, s: lr_scheduler.ExponentialLR(o, gamma=0.01 ** (1 / s.steps)),
                      eval_every=100)  # fmt: skip
    lookalike = ("premature-decay", "lr-too-low", "plateau")
    return Plan(setup, lambda r: healthy(run, r, lookalike, "exponential decay x0.01 over the run"))


@SAMPLES.scenario("transformer-adamw-warmup-cosine", steps=400, alt=True)
def transformer_adamw_warmup_cosine(run: Run) -> Plan:
    setup = run.setup(char_lm(20000, run.seed), lambda: CausalLM(len(VOCAB), seq=24, d=64, pre_ln=False),
                      Adam if run.alt else AdamW, 5e-3, schedule=cosine_after(0.1),
                      schedule_name="linear warmup 10% + cosine", eval_every=100)  # fmt: skip
    lookalike = ("missing-warmup", "lr-too-high", "lr-too-low", "wrong-initial-loss")
    return Plan(setup, lambda r: healthy(run, r, lookalike, "transformer with warmup"))


@SAMPLES.scenario("regression-sgdm-constant-log10", steps=2000, log_every=10)
def regression_sgdm_constant_log10(run: Run) -> Plan:
    setup = run.setup(regression(20000, run.seed), lambda: mlp([8, 128, 128, 1]), SGD, 0.01, opt_args={"momentum": 0.9},
                      loss_fn=F.mse_loss, loss_name="mse", eval_every=200)  # fmt: skip
    lookalike = ("plateau", "lr-too-low", "non-finite-loss")
    return Plan(setup, lambda r: healthy(run, r, lookalike, "constant lr, logged every 10 steps"))


@SAMPLES.scenario("mlp-sgdm-cosine-log50", steps=4000, log_every=50)
def mlp_sgdm_cosine_log50(run: Run) -> Plan:
    setup = run.setup(teacher_classification(20000, 10, run.seed), lambda: mlp([20, 128, 128, 10]), SGD, 0.05,
                      opt_args={"momentum": 0.9}, schedule=lambda o, s: lr_scheduler.CosineAnnealingLR(o, s.steps),
                      eval_every=250)  # fmt: skip
    lookalike = ("premature-decay", "plateau", "lr-too-low", "overfitting", "non-finite-loss")
    return Plan(setup, lambda r: healthy(run, r, lookalike, "cosine, logged every 50 steps"))


# --------------------------------------------------------------------------- failures found on real runs (issues 15-16)
# Each confirms its fault against its counterfactual: the same Setup with the fault removed, trained
# without a log (``control``); both final validation losses go into the note.


def control(setup: Setup, **changes: Any) -> Trained:
    """``setup`` with ``changes``, trained without a log: the counterfactual of a fault, or a control."""
    return train(replace(setup, name=f"{setup.name}--control", out=None, **changes))


def smooth_losses(r: Trained, steps: int) -> np.ndarray:
    """The loss of every step under a centred running median over 4% of the run (at least five steps)."""
    return running_median(np.array(r.losses), max(5, steps // 25 | 1))


def val_curve(r: Trained) -> tuple[np.ndarray, np.ndarray]:
    """The (logged step, validation loss) of every evaluation during training."""
    its = sorted(r.val_losses)
    return np.array([step_of(i) for i in its]), np.array([r.val_losses[i] for i in its])


def prior_entropy(data: Data) -> float:
    """The entropy of the training labels' class frequencies: the loss of a model that predicts the prior."""
    p = torch.bincount(data.y.flatten(), minlength=data.num_classes or 1).float()
    p = p[p > 0] / p.sum()
    return float(-(p * p.log()).sum())


def first_logged(path: Path, column: str) -> float:
    """The first non-empty value of ``column`` in a recorded log."""
    with path.open(newline="") as f:
        for row in csv.DictReader(f):
            if row.get(column):
                return float(row[column])
    return math.nan


def confirmed_by(*checks: tuple[str, bool]) -> tuple[bool, str]:
    """All ``checks`` hold, and the names of those that do not (for the note of an unconfirmed run)."""
    failed = [name for name, ok in checks if not ok]
    return not failed, ("; failed: " + ", ".join(failed)) if failed else ""


@SAMPLES.scenario("mlp-adam-blowup-at-chance", steps=1000)
def mlp_adam_blowup_at_chance(run: Run) -> Plan:
    """Adam at lr 0.3, 300x the 1e-3 this MLP trains at: the first steps blow the loss up, the ReLUs die,
    and for the rest of the run the model predicts the class prior: the loss sits at ln 10."""
    data = teacher_classification(20000, 10, run.seed)
    setup = run.setup(data, lambda: mlp([20, 128, 128, 10]), Adam, 0.3, eval_every=100)

    def label(r: Trained) -> Label:
        fixed = control(setup, lr=1e-3)
        peak = max(r.losses[:20])
        late = r.mean(run.at(0.2), run.steps)
        ok, failed = confirmed_by(
            ("blow-up", peak > 3 * r.first_loss), ("at chance", abs(late / LN(10) - 1) < 0.05),
            ("val at chance", abs(r.val_loss / LN(10) - 1) < 0.05), ("fix better", fixed.val_loss < 0.6 * r.val_loss),
        )  # fmt: skip
        return Label(
            must_fire=("lr-too-high",), may_fire=("plateau", "dead-units", "missing-warmup", "exploding-gradients"),
            fault_step=1, tolerance_steps=run.tolerance(100), confirmed=ok,
            note=f"Adam lr 0.3: loss {r.first_loss:.3f} (ln 10 = {LN(10):.3f}) -> max {peak:.1f} in the first 20 "
            f"steps, then {late:.3f} from 20% on (prior entropy {prior_entropy(data):.3f}); final val loss "
            f"{r.val_loss:.3f}, with the working lr 1e-3 {fixed.val_loss:.3f}{failed}",
        )  # fmt: skip

    return Plan(setup, label)


@SAMPLES.scenario("mlp-adam-warmup-to-too-high-peak", steps=1500)
def mlp_adam_warmup_to_too_high_peak(run: Run) -> Plan:
    """Linear warmup over half the run to a peak lr of 0.08 (80x the 1e-3 this MLP trains at), then cosine: the
    loss is lowest early in the warmup, climbs as the lr rises and recovers only partly as it decays."""
    setup = run.setup(teacher_classification(20000, 10, run.seed), lambda: mlp([20, 128, 128, 10]), Adam, 0.08,
                      schedule=cosine_after(0.5), schedule_name="linear warmup 50% + cosine",
                      eval_every=75)  # fmt: skip

    def label(r: Trained) -> Label:
        fixed = control(setup, lr=1e-3)
        sm = smooth_losses(r, run.steps)
        warm = run.at(0.5)
        turn = int(np.argmin(sm[:warm]))
        top = turn + int(np.argmax(sm[turn:]))
        _, v = val_curve(r)
        ok, failed = confirmed_by(
            ("turn early in the warmup", turn < 0.4 * warm), ("climb", sm[top] > 1.5 * sm[turn]),
            ("partial recovery", sm[turn] < sm[-1] < sm[top]), ("fix better", fixed.val_loss < 0.8 * r.val_loss),
        )  # fmt: skip
        return Label(
            must_fire=("lr-too-high",), may_fire=("overfitting",),
            fault_step=step_of(turn), tolerance_steps=run.tolerance(200), confirmed=ok,
            note=f"warmup to lr 0.08 over {warm} steps, cosine after: running-median loss lowest {sm[turn]:.3f} at "
            f"step {step_of(turn)} (lr {r.lrs[turn]:.2g}), climbs to {sm[top]:.3f} at step {step_of(top)} (lr "
            f"{r.lrs[top]:.2g}), {sm[-1]:.3f} at the end; val loss {v.min():.3f} best, {v.max():.3f} max, final "
            f"{r.val_loss:.3f}; the same schedule to a peak of 1e-3: final val loss {fixed.val_loss:.3f}{failed}",
        )  # fmt: skip

    return Plan(setup, label)


def largest_bump(sm: np.ndarray, stop: int) -> float:
    """The largest rise of a smoothed loss above its running minimum before ``stop``, as a fraction of it."""
    part = sm[:stop]
    return float(np.max(part / np.minimum.accumulate(part)) - 1)


@SAMPLES.scenario("transformer-adamw-warmup-high-peak-ok", steps=400)
def transformer_adamw_warmup_high_peak_ok(run: Run) -> Plan:
    """A pre-LN causal transformer LM warmed up over 15% of the run to a high but fine AdamW peak of 3e-2,
    then cosine: at most a small bump while the lr rises, and it ends better than at the usual 5e-3."""
    setup = run.setup(char_lm(20000, run.seed), lambda: CausalLM(len(VOCAB), seq=24, d=64, pre_ln=True), AdamW, 3e-2,
                      schedule=cosine_after(0.15), schedule_name="linear warmup 15% + cosine",
                      eval_every=50)  # fmt: skip

    def label(r: Trained) -> Label:
        usual = control(setup, lr=5e-3)
        what = "warmup 15% to AdamW 3e-2 + cosine"
        base = curves_healthy(run, r.c, ("lr-too-high", "missing-warmup"), what, len(VOCAB))
        bump = largest_bump(smooth_losses(r, run.steps), run.at(0.3))
        ok = base.confirmed and bump < 0.15 and r.val_loss < 1.1 * usual.val_loss
        return replace(base, confirmed=ok, note=f"{base.note}; smoothed loss at most {bump:.0%} above its running "
                       f"minimum over the first 30%; final val loss {r.val_loss:.3f}, at a peak of 5e-3 "
                       f"{usual.val_loss:.3f}")  # fmt: skip

    return Plan(setup, label)


# a fine-tune: pretrained on one teacher task, fine-tuned on a related one


def related_teacher(n: int, seed: int, *, shift: float, task: int, classes: int = 10, dim: int = 20,
                    noise: float = 0.3, n_val: int = 1000, batch_size: int = 64) -> Data:  # fmt: skip
    """``teacher_classification``'s teacher with its output layer moved by ``shift`` (0: the same teacher), and
    inputs and label noise of its own (seeded by ``task``): two related tasks for a pretrain -> fine-tune pair."""
    g = torch.Generator().manual_seed(seed)
    w1 = torch.randn(dim, 64, generator=g) / math.sqrt(dim) * 2
    w2 = torch.randn(64, classes, generator=g) / math.sqrt(64) * 3
    h = torch.Generator().manual_seed(seed + 100 + task)
    w2 = w2 + shift * torch.randn(64, classes, generator=h) / math.sqrt(64) * 3
    x = torch.randn(n + n_val, dim, generator=h)
    gumbel = -torch.log(-torch.log(torch.rand(n + n_val, classes, generator=h).clamp_min(1e-9)))
    y = (torch.tanh(x @ w1) @ w2 + noise * gumbel).argmax(1)
    return split(x, y, n, "classification", classes, batch_size)


PRETRAINED: dict[int, dict[str, Tensor]] = {}  # seed -> state_dict, trained once per process


def pretrained_mlp(seed: int) -> nn.Module:
    """An MLP trained on task 0 of ``related_teacher`` (Adam 2e-3, 1000 steps, warmup + cosine): where the
    fine-tunes start."""
    if seed not in PRETRAINED:
        source = Setup(name="pretraining", data=related_teacher(20000, seed, shift=0.0, task=0),
                       model=lambda: mlp([20, 256, 256, 10]), optimizer=Adam, lr=2e-3, steps=1000,
                       schedule=cosine_after(0.05), seed=seed)  # fmt: skip
        PRETRAINED[seed] = {k: v.clone() for k, v in train(source).model.state_dict().items()}
    model = mlp([20, 256, 256, 10])
    model.load_state_dict(PRETRAINED[seed])
    return model


FINETUNE_STEPS, FINETUNE_LOG_EVERY = 500, 100  # the training loss logged 5 times, the validation loss 20 times


def finetune(run: Run, peak: float) -> Setup:
    """The pretrained MLP fine-tuned on a related task (task 1, its teacher's output layer moved by 0.3): AdamW,
    linear warmup over 20% to ``peak``, linear decay; evaluated every 25 steps."""
    data = related_teacher(20000, run.seed, shift=0.3, task=1)
    return run.setup(data, lambda: pretrained_mlp(run.seed), AdamW, peak, schedule=linear_decay_after(0.2),
                     schedule_name="linear warmup 20% + linear decay", eval_every=25,
                     meta={"pretrained": True})  # fmt: skip


def finetune_facts(r: Trained) -> str:
    """The logged training losses and the validation curve of a fine-tune, in a few numbers."""
    c, (vs, v) = r.c, val_curve(r)
    start = evaluate(pretrained_mlp(r.setup.seed), r.setup.data, cross_entropy)[0]
    logged = ", ".join(f"{loss:.3f}@{int(step)}" for step, loss in zip(c.step, c.loss))
    return (f"val loss of the pretrained model on the new task {start:.3f}; logged training loss {logged}; val loss "
            f"{v[0]:.3f} at step {vs[0]}, max {v.max():.3f} at step {vs[int(np.argmax(v))]}, min {v.min():.3f}, final "
            f"{r.val_loss:.3f}")  # fmt: skip


@SAMPLES.scenario("finetune-mlp-adamw-warmup-peak-5e-2-sparse", steps=FINETUNE_STEPS, log_every=FINETUNE_LOG_EVERY)
def finetune_mlp_adamw_warmup_peak_5e_2_sparse(run: Run) -> Plan:
    """A fine-tune warmed up to a peak lr of 5e-2, 50x the 1e-3 that fine-tunes it well: the training and
    validation losses rise with the lr and fall as it decays; the training loss is logged only 5 times."""
    setup = finetune(run, 5e-2)

    def label(r: Trained) -> Label:
        fixed = control(setup, lr=1e-3)
        c, (vs, v) = r.c, val_curve(r)
        top = int(np.argmax(v))
        ok, failed = confirmed_by(
            ("val rises with the lr", v[top] > 1.2 * v[0] and vs[top] <= run.at(0.5)),
            ("val falls as it decays", r.val_loss < 0.8 * v[top]), ("train rises", c.loss[1] > c.loss[0]),
            ("fix better", fixed.val_loss < 0.9 * r.val_loss),
        )  # fmt: skip
        return Label(
            must_fire=("lr-too-high",), may_fire=("overfitting",),
            fault_step=1, tolerance_steps=run.tolerance(100), confirmed=ok,
            note=f"fine-tune, warmup to 5e-2: {finetune_facts(r)}; the same fine-tune at 1e-3: final val loss "
            f"{fixed.val_loss:.3f}{failed}",
        )  # fmt: skip

    return Plan(setup, label)


@SAMPLES.scenario("finetune-mlp-adamw-warmup-peak-1e-3-sparse", steps=FINETUNE_STEPS, log_every=FINETUNE_LOG_EVERY)
def finetune_mlp_adamw_warmup_peak_1e_3_sparse(run: Run) -> Plan:
    """The same fine-tune at its working peak lr of 1e-3, logged as sparsely: the validation loss only falls."""
    setup = finetune(run, 1e-3)

    def label(r: Trained) -> Label:
        _, v = val_curve(r)
        start = evaluate(pretrained_mlp(run.seed), setup.data, cross_entropy)[0]
        ok = bool(v.max() < start and r.val_loss <= 1.03 * v.min() and np.all(v[1:] < 1.05 * v[:-1]))
        return Label(
            lookalike_for=("lr-too-high", "overfitting", "missing-warmup"), confirmed=ok,
            note=f"healthy fine-tune, warmup to 1e-3: {finetune_facts(r)}",
        )

    return Plan(setup, label)


@SAMPLES.scenario("transformer-adamw-lr-16x-no-warmup", steps=400)
def transformer_adamw_lr_16x_no_warmup(run: Run) -> Plan:
    """A pre-LN causal transformer LM at AdamW lr 0.16, 16x the 1e-2 it trains at, linear decay from step 1 and no
    warmup, its update ratios recorded every step: the loss rises in the first steps and never recovers."""
    setup = run.setup(char_lm(20000, run.seed), lambda: CausalLM(len(VOCAB), seq=24, d=64, pre_ln=True), AdamW, 0.16,
                      schedule=linear_decay_after(0.0), schedule_name="linear decay, no warmup",
                      eval_every=50)  # fmt: skip

    def label(r: Trained) -> Label:
        fixed = control(setup, lr=1e-2)
        peak = int(np.argmax(r.losses[:10]))
        ok, failed = confirmed_by(
            ("rises in the first steps", r.losses[peak] > 1.5 * r.first_loss),
            ("final val several times the working lr's", r.val_loss > 3 * fixed.val_loss),
        )  # fmt: skip
        return Label(
            must_fire=("lr-too-high",), may_fire=("missing-warmup", "exploding-gradients", "plateau"),
            fault_step=1, tolerance_steps=run.tolerance(40), confirmed=ok,
            note=f"AdamW 0.16, no warmup: loss {r.first_loss:.3f} at step 1, {r.losses[peak]:.3f} at step "
            f"{step_of(peak)}; update/weight ratio of step 1 {first_logged(setup.path, 'update_ratio'):.3g}; final val "
            f"loss {r.val_loss:.3f}, {r.val_loss / fixed.val_loss:.1f}x the {fixed.val_loss:.3f} of the same run at "
            f"1e-2{failed}",
        )  # fmt: skip

    return Plan(setup, label)


@SAMPLES.scenario("mlp-sgdm-oscillating-from-start", steps=800)
def mlp_sgdm_oscillating_from_start(run: Run) -> Plan:
    """A tanh MLP with SGD+momentum at a constant lr of 1.0 (20x the 0.05 it trains at): after a few steps of
    momentum build-up the loss bounces around a level far above its start and never comes back below it."""
    setup = run.setup(teacher_classification(20000, 10, run.seed), lambda: mlp([20, 128, 128, 10], nn.Tanh), SGD, 1.0,
                      opt_args={"momentum": 0.9}, eval_every=100)  # fmt: skip

    def label(r: Trained) -> Label:
        fixed = control(setup, lr=0.05)
        sm = smooth_losses(r, run.steps)
        below = np.flatnonzero(np.array(r.losses) < r.first_loss)
        last_below = int(below.max()) if below.size else -1
        ok, failed = confirmed_by(
            ("never below its start after step 20", last_below < 20),
            ("running median above its start", sm[1:].min() >= sm[0]),
            ("fix better", fixed.val_loss < 0.5 * r.val_loss),
        )  # fmt: skip
        return Label(
            must_fire=("lr-too-high",), may_fire=("plateau", "exploding-gradients", "dead-units"),
            fault_step=1, tolerance_steps=run.tolerance(80), confirmed=ok,
            note=f"SGD+momentum lr 1.0: loss {r.first_loss:.3f} at step 1; {below.size} steps below it, the last at "
            f"step {last_below + 1}; running median {sm[0]:.2f} at the start, {sm.min():.2f} min, {sm[-1]:.2f} at the "
            f"end, {np.quantile(r.losses, 0.1):.2f}-{np.quantile(r.losses, 0.9):.2f} (10-90%) over the run; final val "
            f"loss {r.val_loss:.3f}, at lr 0.05 {fixed.val_loss:.3f}{failed}",
        )  # fmt: skip

    return Plan(setup, label)


@SAMPLES.scenario("mlp-sgdm-constant-noisy-falling", steps=1500)
def mlp_sgdm_constant_noisy_falling(run: Run) -> Plan:
    """The same tanh MLP with SGD+momentum at a constant lr of 0.01 on batches of 16: a noisy loss that keeps
    falling."""
    data = teacher_classification(20000, 10, run.seed, batch_size=16)
    setup = run.setup(data, lambda: mlp([20, 128, 128, 10], nn.Tanh), SGD, 0.01, opt_args={"momentum": 0.9},
                      eval_every=100)  # fmt: skip

    def label(r: Trained) -> Label:
        base = curves_healthy(run, r.c, ("lr-too-high", "plateau"), "constant SGD+momentum lr 0.01, batch 16", 10)
        noise = float(np.std(np.array(r.losses[-200:]) - smooth_losses(r, run.steps)[-200:]))
        return replace(base, note=f"{base.note}; loss noise (std around the running median, last 200 steps) "
                       f"{noise:.3f}")

    return Plan(setup, label)


@SAMPLES.scenario("mlp-adam-high-lr-spikes-easy-data", steps=1500)
def mlp_adam_high_lr_spikes_easy_data(run: Run) -> Plan:
    """Adam at lr 3e-2 (30x the 1e-3 it trains at) on easy data (well separated Gaussian blobs): the training
    loss is near zero between spikes that keep coming, and the validation loss climbs."""
    setup = run.setup(blobs(4000, run.seed, sep=2.5), lambda: mlp([30, 128, 128, 5]), Adam, 3e-2, eval_every=75)

    def label(r: Trained) -> Label:
        fixed = control(setup, lr=1e-3)
        losses = np.array(r.losses)
        sm = running_median(losses, 61)
        spikes = np.flatnonzero((losses > 5 * sm) & (losses > sm + 0.3))
        late = spikes[spikes > run.at(0.5)]
        vs, v = val_curve(r)
        best = int(np.argmin(v))
        ok, failed = confirmed_by(
            ("spikes", spikes.size >= 10), ("spikes in the second half", late.size >= 5),
            ("val climbs", r.val_loss > 1.5 * v[best]), ("fix better", fixed.val_loss < 0.6 * r.val_loss),
        )  # fmt: skip
        return Label(
            must_fire=("lr-too-high",), may_fire=("overfitting", "exploding-gradients", "missing-warmup"),
            fault_step=1, tolerance_steps=run.steps, confirmed=ok,
            note="near a loss of 0.02 the per-batch log-loss varies about x3, so these spikes are 1.5-2 noise units "
            "tall and no spike test that stays silent on healthy noisy runs finds them; lr-too-high reads the "
            f"validation loss jumping between evaluations on the stall instead. Adam 3e-2 on blobs: running-median loss {sm[0]:.3f} -> {np.median(sm[run.at(0.5):]):.3f} (median "
            f"of the second half); {spikes.size} steps above 5x the running median and 0.3 over it ({late.size} in "
            f"the second half), highest {losses.max():.2f}; val loss best {v[best]:.3f} at step {vs[best]}, final "
            f"{r.val_loss:.3f}; at lr 1e-3 final val loss {fixed.val_loss:.3f}{failed}",
        )  # fmt: skip

    return Plan(setup, label)


def noisy_images(n: int, seed: int, flip: float) -> Data:
    """``image_classification`` in batches of 32 with a ``flip`` share of the training labels made random."""
    data = image_classification(n, seed, batch_size=32)
    return replace(data, y=flip_labels(data.y, data.num_classes or 1, flip, torch.Generator().manual_seed(seed + 5)))


@SAMPLES.scenario("cnn-rmsprop-recreated-each-epoch", steps=1500)
def cnn_rmsprop_recreated_each_epoch(run: Run) -> Plan:
    """``optimizer = RMSprop(..., alpha=0.999)`` inside the epoch loop of a small CNN: each new optimizer starts
    with a zero square average and, without Adam's bias correction, takes steps far above its lr until the
    average builds up again (~1/(1-alpha) steps, far longer than its 50-step epochs): the run looks slow and
    ends worse."""
    data = noisy_images(1600, run.seed, 0.1)
    setup = run.setup(data, lambda: small_cnn(8), RMSprop, 1e-3, opt_args={"alpha": 0.999})
    epoch = data.steps_per_epoch()
    resets = list(range(epoch, run.steps, epoch))
    made = replace(setup, eval_every=epoch, recreate_optimizer_at=frozenset(resets))

    def label(r: Trained) -> Label:
        once = control(made, recreate_optimizer_at=frozenset())
        higher = control(made, lr=3e-3)
        c, drops = r.c, r.c.opt_step_drops()
        logged = [int(c.step[np.searchsorted(c.step, step_of(i))]) for i in resets]  # the first row at or after
        _, v = val_curve(r)
        _, v_once = val_curve(once)
        ok, failed = confirmed_by(
            ("resets recorded", drops == logged),
            ("fix better", once.val_loss < 0.8 * r.val_loss),
            ("a higher lr does not fix it", higher.val_loss > 1.2 * once.val_loss),
        )  # fmt: skip
        return Label(
            must_fire=("optimizer-reset",), may_fire=("overfitting",),
            fault_step=step_of(resets[0]), tolerance_steps=run.tolerance(5), confirmed=ok,
            note=f"RMSprop(lr 1e-3, alpha 0.999) re-created every {epoch}-step epoch ({len(resets)} resets, opt_step "
            f"goes back at {len(drops)} steps): loss {r.c.head():.3f} -> {r.c.tail():.3f}; val loss min {v.min():.3f}, "
            f"mean of the last 5 epochs {v[-5:].mean():.3f}, final {r.val_loss:.3f}; created once: min "
            f"{v_once.min():.3f}, last 5 {v_once[-5:].mean():.3f}, final {once.val_loss:.3f}; re-created each epoch at "
            f"lr 3e-3: final {higher.val_loss:.3f}{failed}",
        )  # fmt: skip

    return Plan(made, label)


@SAMPLES.scenario("cnn-sgdm-last-layer-x300", steps=800)
def cnn_sgdm_last_layer_x300(run: Run) -> Plan:
    """A CNN whose output layer is initialised 300x too large: a first loss ~40x ln 8, a blow-up, and then the
    loss sits at ln 8 whatever the lr (SGD+momentum 0.005, the lr the normally initialised CNN trains at)."""
    setup = run.setup(image_classification(3000, run.seed), lambda: scaled_head(small_cnn(8), 300), SGD, 0.005,
                      opt_args={"momentum": 0.9}, eval_every=100)  # fmt: skip

    def label(r: Trained) -> Label:
        fixed = control(setup, model=lambda: small_cnn(8))
        lower = control(setup, lr=0.001)
        ratio = r.first_loss / LN(8)
        ok, failed = confirmed_by(
            ("initial loss", ratio > 10), ("fix better", fixed.val_loss < 0.5 * r.val_loss),
            ("a lower lr does not fix it", lower.val_loss > 0.8 * r.val_loss),
        )  # fmt: skip
        return Label(
            must_fire=("wrong-initial-loss",), may_fire=("plateau", "exploding-gradients", "dead-units"),
            fault_step=1, tolerance_steps=run.tolerance(20), confirmed=ok,
            note=f"last layer x300: loss at step 1 {r.first_loss:.2f} vs ln 8 = {LN(8):.3f} ({ratio:.0f}x), max "
            f"{max(r.losses):.3g}, {r.mean(run.steps - 50, run.steps):.3f} at the end; final val loss "
            f"{r.val_loss:.3f}; normally initialised at the same lr {fixed.val_loss:.3f}; x300 at lr 0.001 "
            f"{lower.val_loss:.3f}{failed}",
        )  # fmt: skip

    return Plan(setup, label)


class TanhRNNLM(CharRNN):
    """CharRNN's vanilla (tanh) RNN, its recurrent matrix orthogonal (gain 1: at the edge of stability) and its
    embeddings small, so the units start in their linear range and gradients flow over the whole sequence."""

    def __init__(self) -> None:
        super().__init__("rnn", hidden=64)
        with torch.no_grad():
            nn.init.orthogonal_(self.rnn.weight_hh_l0)
            nn.init.normal_(self.embed.weight, std=0.1)


def first_jump(norms: list[float], factor: float = 10.0, warm: int = 3) -> int | None:
    """The first iteration (after ``warm``) whose gradient norm is ``factor`` x the median of the ones before it."""
    for i in range(warm, len(norms)):
        if norms[i] > factor * float(np.median(norms[:i])):
            return i
    return None


@SAMPLES.scenario("rnn-sgd-no-clip-explosion", steps=600)
def rnn_sgd_no_clip_explosion(run: Run) -> Plan:
    """A vanilla RNN char LM over 48-character windows with plain SGD at lr 3 and no clipping: within the first
    dozen steps the gradient norm jumps two orders of magnitude above its running median, the loss jumps with
    it, and the saturated network never recovers. Clipped at 1.0, the same run trains."""
    setup = run.setup(char_lm(30000, run.seed, seq=48), TanhRNNLM, SGD, 3.0, eval_every=100, meta={"seq_len": 48})

    def label(r: Trained) -> Label:
        fixed = control(setup, max_grad_norm=1.0)
        norms = r.grad_norms
        jump = first_jump(norms)
        head = norms[:16]
        biggest = max(range(3, 16), key=lambda i: head[i] / float(np.median(head[:i])))
        ratio = head[biggest] / float(np.median(head[:biggest]))
        ok, failed = confirmed_by(
            ("jump in the first dozen steps", jump is not None and jump < 15), ("two orders of magnitude", ratio > 30),
            ("stays high", r.mean(run.at(0.5), run.steps) > 2 * fixed.mean(run.at(0.5), run.steps)),
            ("clipping fixes it", fixed.val_loss < 0.5 * r.val_loss),
        )  # fmt: skip
        return Label(
            must_fire=("exploding-gradients",), may_fire=("lr-too-high", "plateau", "dead-units"),
            fault_step=step_of(jump if jump is not None else 0), tolerance_steps=run.tolerance(10), confirmed=ok,
            note=f"vanilla RNN, SGD lr 3, no clipping: grad norm {' '.join(f'{g:.2g}' for g in head[:10])} (steps "
            f"1-10); first 10x jump at step {step_of(jump if jump is not None else -1)}, largest {ratio:.0f}x the "
            f"running median ({head[biggest]:.3g} at step {step_of(biggest)}); loss {r.first_loss:.3f} -> max "
            f"{max(r.losses[:20]):.1f} in the first 20 steps -> {r.mean(run.at(0.5), run.steps):.3f} over the second "
            f"half; final val loss {r.val_loss:.3f}, clipped at 1.0 {fixed.val_loss:.3f}{failed}",
        )  # fmt: skip

    return Plan(setup, label)


def exponential_lr(o: Optimizer, s: Setup) -> lr_scheduler.ExponentialLR:
    return lr_scheduler.ExponentialLR(o, gamma=0.984)


def exponential_setup(run: Run, per_epoch: bool) -> Setup:
    """Adam 1e-3 on the MLP with ExponentialLR(gamma=0.984), meant per epoch: stepped after every batch
    (``per_epoch`` False) or after every epoch."""
    return run.setup(teacher_classification(20000, 10, run.seed), lambda: mlp([20, 128, 128, 10]), Adam, 1e-3,
                     schedule=exponential_lr, schedule_name="ExponentialLR(gamma=0.984)", per_epoch=per_epoch,
                     eval_every=75)  # fmt: skip


@SAMPLES.scenario("mlp-adam-exponential-per-batch", steps=1500)
def mlp_adam_exponential_per_batch(run: Run) -> Plan:
    """ExponentialLR(gamma=0.984), meant per epoch, stepped after every batch: the lr falls 100x within the first
    300 steps while the loss is still falling fast, and progress stops."""
    setup = exponential_setup(run, per_epoch=False)

    def label(r: Trained) -> Label:
        fixed = control(setup, per_epoch=True)
        tenth = int(np.argmax(r.lrs < 0.1 * r.lrs[0]))
        hundredth = int(np.argmax(r.lrs < 0.01 * r.lrs[0]))
        window = run.at(0.08)
        before, after = r.pace(0, tenth), r.pace(hundredth, hundredth + window)
        ok, failed = confirmed_by(
            ("lr / 100 within 300 steps", 0 < hundredth <= 300), ("falling fast before", before > 0),
            ("progress collapsed", after < before / 10), ("fix better", fixed.val_loss < 0.8 * r.val_loss),
        )  # fmt: skip
        return Label(
            must_fire=("premature-decay",), may_fire=("plateau", "lr-too-low"),
            fault_step=step_of(tenth), tolerance_steps=run.tolerance(150), confirmed=ok,
            note=f"ExponentialLR(0.984) stepped per batch: lr {r.lrs[0]:.2g} -> 1/10 at step {step_of(tenth)}, "
            f"1/100 at step {step_of(hundredth)}; loss fell {before:.2g}/step over steps 1-{step_of(tenth)}, "
            f"{after:.2g}/step over the {window} steps after step {step_of(hundredth)}; "
            f"{r.mean(tenth - 10, tenth):.3f} at lr/10, {r.mean(run.steps - 50, run.steps):.3f} at the end; final val "
            f"loss {r.val_loss:.3f}, stepped per epoch {fixed.val_loss:.3f}{failed}",
        )  # fmt: skip

    return Plan(setup, label)


@SAMPLES.scenario("mlp-adam-exponential-per-epoch", steps=1500)
def mlp_adam_exponential_per_epoch(run: Run) -> Plan:
    """The same ExponentialLR(gamma=0.984) stepped per epoch, as meant: a slow decay over the run."""
    setup = exponential_setup(run, per_epoch=True)

    def label(r: Trained) -> Label:
        base = curves_healthy(run, r.c, ("premature-decay", "plateau", "lr-too-low"),
                              "ExponentialLR(0.984) stepped per epoch", 10)  # fmt: skip
        return replace(base, note=f"{base.note}; lr {r.lrs[0]:.2g} -> {r.lrs[-1]:.2g} at the end")

    return Plan(setup, label)


@SAMPLES.scenario("charlm-gru-summed-token-loss", steps=600)
def charlm_gru_summed_token_loss(run: Run) -> Plan:
    """A GRU char LM whose cross-entropy is summed over batch x sequence (16 x 24 tokens), trained with SGD at the
    lr 1.0 that trains it with a mean loss: the first loss is 384 x ln 28, and the 384x larger steps wreck it."""
    data = char_lm(30000, run.seed)
    setup = run.setup(data, lambda: CharRNN("gru"), SGD, 1.0, loss_fn=summed_cross_entropy,
                      loss_name="cross_entropy (reduction=sum)", eval_every=100, meta={"seq_len": 24})  # fmt: skip
    tokens = data.batch_size * data.x.shape[1]

    def label(r: Trained) -> Label:
        fixed = control(setup, loss_fn=cross_entropy, loss_name="cross_entropy")
        per_token = evaluate(r.model, data, cross_entropy)[0]
        ratio = r.first_loss / (tokens * LN(len(VOCAB)))
        ok, failed = confirmed_by(
            ("summed first loss", abs(ratio - 1) < 0.1), ("fix better", fixed.val_loss < 0.5 * per_token),
        )  # fmt: skip
        return Label(
            must_fire=("wrong-initial-loss",),
            may_fire=(
                "lr-too-high", "exploding-gradients", "missing-warmup", "non-finite-loss", "plateau", "dead-units",
            ),
            fault_step=1, tolerance_steps=run.tolerance(20), confirmed=ok,
            note=f"cross-entropy summed over {data.batch_size} x {data.x.shape[1]} = {tokens} tokens: loss at step 1 "
            f"{r.first_loss:.1f} = {ratio:.2f} x {tokens} ln {len(VOCAB)}, max {max(r.losses):.3g}; final val loss per "
            f"token {per_token:.3f}, with a mean loss at the same lr {fixed.val_loss:.3f}{failed}",
        )  # fmt: skip

    return Plan(setup, label)


def segmentation_masks(n: int, seed: int, *, classes: int = 4, size: int = 12, n_val: int = 500,
                       batch_size: int = 32) -> Data:  # fmt: skip
    """12x12 images of three random rectangles of classes 1..3 on background 0, each class its own intensity,
    under strong pixel noise; the target is the class of every pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    y = torch.zeros(total, size, size, dtype=torch.long)
    for _ in range(3):
        cls = torch.randint(1, classes, (total,), generator=g)
        top, left = torch.randint(0, size - 3, (2, total), generator=g)
        tall, wide = torch.randint(2, 6, (2, total), generator=g)
        rows, cols = torch.arange(size)[None, :, None], torch.arange(size)[None, None, :]
        inside = ((rows >= top[:, None, None]) & (rows < (top + tall)[:, None, None])
                  & (cols >= left[:, None, None]) & (cols < (left + wide)[:, None, None]))  # fmt: skip
        y = torch.where(inside, cls[:, None, None], y)
    levels = torch.tensor([0.0, 1.0, -1.0, 2.0])[:classes]
    x = (levels[y] + 0.8 * torch.randn(total, size, size, generator=g)).unsqueeze(1)
    return split(x, y, n, "segmentation", classes, batch_size)


class SegNet(nn.Module):
    """Three convolutions to per-pixel class logits, channels last: (batch, height, width, classes)."""

    def __init__(self, classes: int = 4, width: int = 16) -> None:
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(1, width, 3, padding=1), nn.ReLU(), nn.Conv2d(width, width, 3, padding=1), nn.ReLU(),
            nn.Conv2d(width, classes, 1),
        )  # fmt: skip

    def forward(self, x: Tensor) -> Tensor:
        logits: Tensor = self.body(x)
        return logits.permute(0, 2, 3, 1)


def dice_loss(out: Tensor, y: Tensor) -> Tensor:
    """Soft multi-class Dice loss: 1 - the mean over classes of 2|P n T| / (|P| + |T|) (smoothed by 1)."""
    p = out.softmax(-1)
    t = F.one_hot(y, out.shape[-1]).float()
    dims = tuple(range(out.dim() - 1))
    dice: Tensor = (2 * (p * t).sum(dims) + 1) / (p.sum(dims) + t.sum(dims) + 1)
    return 1 - dice.mean()


@SAMPLES.scenario("segnet-adam-dice-loss", steps=600)
def segnet_adam_dice_loss(run: Run) -> Plan:
    """A 4-class segmentation net trained with a Dice loss (the sidecar says "DiceLoss", num_classes 4): its first
    loss is about 0.8, far from ln 4, as a Dice loss's is."""
    setup = run.setup(segmentation_masks(2000, run.seed), SegNet, Adam, 3e-3, loss_fn=dice_loss, loss_name="DiceLoss",
                      eval_every=100)  # fmt: skip

    def label(r: Trained) -> Label:
        base = curves_healthy(run, r.c, ("wrong-initial-loss",), "Dice loss, 4-class segmentation")
        return replace(base, note=f"{base.note}; loss at step 1 {r.first_loss:.3f}, ln 4 = {LN(4):.3f} (a Dice loss "
                       f"starts near 1 - the mean class overlap of a uniform prediction, not at ln C)")

    return Plan(setup, label)


@SAMPLES.scenario("mlp-adam-constant-converged-still-improving", steps=2000, log_every=2)
def mlp_adam_constant_converged_still_improving(run: Run) -> Plan:
    """Adam at a constant 5e-4 on Friedman's regression: converged (most of the drop is in the first tenth)
    and still improving slowly: the validation loss ends ~8% lower than at half way. Not a too-low lr: 3x
    the lr ends no better."""
    setup = run.setup(friedman(20000, run.seed), lambda: mlp([10, 128, 128, 1]), Adam, 5e-4, loss_fn=F.mse_loss,
                      loss_name="mse", eval_every=100)  # fmt: skip

    def label(r: Trained) -> Label:
        higher = control(setup, lr=1.5e-3)
        vs, v = val_curve(r)
        half = int(np.searchsorted(vs, run.at(0.5)))
        mid, end = float(v[half - 1 : half + 2].mean()), float(v[-3:].mean())
        _, v_high = val_curve(higher)
        what = f"constant Adam 5e-4 on Friedman #1, logged every {run.log_every}"
        base = curves_healthy(run, r.c, ("plateau", "lr-too-low"), what)
        gain = 1 - end / mid
        ok = base.confirmed and 0.05 < gain < 0.25 and float(v_high[-3:].mean()) > 0.95 * end
        return replace(base, confirmed=ok, note=f"{base.note}; val loss (mean of three evaluations) {mid:.4f} at "
                       f"half way, {end:.4f} at the end ({gain:.0%} lower); at 3x the lr (1.5e-3) "
                       f"{float(v_high[-3:].mean()):.4f} at the end")  # fmt: skip

    return Plan(setup, label)


@SAMPLES.scenario("mlp-sgd-fell-then-rose", steps=1500)
def mlp_sgd_fell_then_rose(run: Run) -> Plan:
    """A tanh MLP with plain SGD at a constant lr of 2 (4x the 0.5 it trains at): the loss falls for the first
    ~10% of the run, then climbs back over the rest as the tanh units saturate."""
    setup = run.setup(teacher_classification(20000, 10, run.seed), lambda: mlp([20, 128, 128, 10], nn.Tanh), SGD, 2.0,
                      eval_every=75)  # fmt: skip

    def label(r: Trained) -> Label:
        fixed = control(setup, lr=0.5)
        sm = smooth_losses(r, run.steps)
        low = int(np.argmin(sm))
        late = float(np.median(sm[run.at(0.5) :]))
        ok, failed = confirmed_by(
            ("fell", sm[low] < 0.8 * sm[0]), ("early low", low < run.at(0.3)), ("rose", late > 1.2 * sm[low]),
            ("fix better", fixed.val_loss < 0.7 * r.val_loss),
        )  # fmt: skip
        return Label(
            must_fire=("lr-too-high",), fault_step=step_of(low), tolerance_steps=run.tolerance(150),
            lookalike_for=("plateau",), confirmed=ok,
            note=f"plain SGD lr 2 on a tanh MLP: running-median loss {sm[0]:.3f} -> low {sm[low]:.3f} at step "
            f"{step_of(low)} -> {late:.3f} (median over the second half), {sm[-1]:.3f} at the end: it improved until "
            f"step {step_of(low)} and then got worse; final val loss {r.val_loss:.3f}, at lr 0.5 "
            f"{fixed.val_loss:.3f}{failed}",
        )  # fmt: skip

    return Plan(setup, label)


def with_missing_values(data: Data, frac: float, column: int, seed: int) -> Data:
    """``data`` with NaN in ``column`` of a ``frac`` share of the training rows (missing values never imputed)."""
    x = data.x.clone()
    x[torch.rand(len(x), generator=torch.Generator().manual_seed(seed + 11)) < frac, column] = math.nan
    return replace(data, x=x)


def row_of_batch(data: Data, seed: int, batch: int) -> int:
    """The training row that ``data.batches(seed)`` puts first in its ``batch``-th batch (from 0)."""
    probe = replace(data, x=torch.arange(len(data.x), dtype=torch.float32)[:, None])
    batches = probe.batches(seed)
    for _ in range(batch):
        next(batches)
    return int(next(batches)[0][0, 0])


def nan_label(run: Run, r: Trained, fixed: Trained, expected: int, what: str) -> Label:
    """Non-finite loss from iteration ``expected`` on; the clean counterfactual trains."""
    bad = r.first_nonfinite()
    finite_after = sum(math.isfinite(v) for v in r.losses[expected:])
    nonfinite = sum(not math.isfinite(v) for v in r.losses)
    ok, failed = confirmed_by(
        ("first NaN where injected", bad == expected), ("NaN to the end", finite_after == 0),
        ("clean data trains", math.isfinite(fixed.val_loss) and fixed.val_loss < 0.6 * LN(10)),
    )  # fmt: skip
    return Label(
        must_fire=("non-finite-loss",), fault_step=step_of(bad if bad is not None else 0),
        tolerance_steps=run.tolerance(1), confirmed=ok,
        note=f"{what}: loss of step 1 {r.first_loss:.3f}, first non-finite loss at step "
        f"{step_of(bad) if bad is not None else None}, {nonfinite} non-finite steps of "
        f"{len(r.losses)}; final val loss {r.val_loss}; with clean data {fixed.val_loss:.3f}{failed}",
    )  # fmt: skip


@SAMPLES.scenario("mlp-adam-nan-from-step-0", steps=300)
def mlp_adam_nan_from_step_0(run: Run) -> Plan:
    """A tenth of the training rows have a missing value (NaN) in one feature that was never imputed: the first
    batch has one, so the loss is NaN from step 1, and the update makes every weight NaN."""
    clean = teacher_classification(4000, 10, run.seed)
    setup = run.setup(with_missing_values(clean, 0.1, 3, run.seed), lambda: mlp([20, 128, 128, 10]), Adam, 1e-3,
                      eval_every=100)  # fmt: skip
    what = "NaN in feature 3 of 10% of the rows"
    return Plan(setup, lambda r: nan_label(run, r, control(setup, data=clean), 0, what))


@SAMPLES.scenario("mlp-adam-nan-from-step-2", steps=300)
def mlp_adam_nan_from_step_2(run: Run) -> Plan:
    """One training row has -inf in a log-scaled count feature (the log of a count of 0), and it lands in the
    second batch: the first loss is finite, the second NaN, and the update makes every weight NaN."""
    clean = teacher_classification(4000, 10, run.seed)
    setup = run.setup(clean, lambda: mlp([20, 128, 128, 10]), Adam, 1e-3, eval_every=100)
    x = clean.x.clone()
    x[row_of_batch(clean, setup.shuffle_offset + setup.seed, 1), 5] = -math.inf
    made = replace(setup, data=replace(clean, x=x))
    what = "-inf in feature 5 of one row of the second batch"
    return Plan(made, lambda r: nan_label(run, r, control(setup), 1, what))


# --------------------------------------------------------------------------- lr sweeps (each its own folder)
# A sweep is runs of one Setup at lrs a factor of 10 apart, each labelled on its own; each note carries the
# final validation losses of the whole sweep and of the control a factor of 10 below its lowest lr.

SWEEP_STILL_IMPROVING = ScenarioList("sweeps/lowest-still-improving")
SWEEP_EXTEND_DOWN = ScenarioList("sweeps/extend-down")
SWEEP_VAL: dict[tuple[str, int, float], float] = {}  # (sweep, seed, lr) -> final val loss, within one process


def sweep_vals(sweep: str, setup: Setup, made: Trained, lrs: tuple[float, ...]) -> dict[float, float]:
    """The final validation loss at each of ``lrs``: ``made``'s own at its lr, the others trained unrecorded
    (once per process: the runs of a sweep made in one worker share them)."""
    SWEEP_VAL[(sweep, setup.seed, setup.lr)] = made.val_loss
    for lr in lrs:
        if (sweep, setup.seed, lr) not in SWEEP_VAL:
            SWEEP_VAL[(sweep, setup.seed, lr)] = control(setup, lr=lr).val_loss
    return {lr: SWEEP_VAL[(sweep, setup.seed, lr)] for lr in lrs}


def sweep_note(vals: dict[float, float], control_lr: float) -> str:
    shown = ", ".join(f"{lr:g}: {v:.3f}" for lr, v in sorted(vals.items()) if lr != control_lr)
    return f"final val loss by lr {shown}; control at {control_lr:g} (not shipped): {vals[control_lr]:.3f}"


def improving_at_end(r: Trained, steps: int) -> tuple[bool, str]:
    """Still improving when it stopped: the last evaluation is the best, below the one at 75% of the run, and the
    training loss falls over the last quarter."""
    vs, v = val_curve(r)
    q = int(np.searchsorted(vs, round(0.75 * steps)))
    pace = r.pace(round(0.75 * steps), steps)
    ok = bool(v[-1] == v.min() and v[-1] < v[q] and pace > 0)
    return ok, (f"val loss {v[q]:.3f} at step {vs[q]}, {v[-1]:.3f} at the end; training loss falling {pace:.2g}/step "
                f"over the last quarter")


def converged_at_end(r: Trained, steps: int) -> tuple[bool, str]:
    """Converged: the mean validation loss of the last quarter's evaluations is no lower than (within 1% of) the
    previous quarter's."""
    vs, v = val_curve(r)
    last, prev = v[vs > 0.75 * steps], v[(vs > 0.5 * steps) & (vs <= 0.75 * steps)]
    ok = bool(last.mean() > 0.99 * prev.mean())
    return ok, f"mean val loss {prev.mean():.3f} over the third quarter, {last.mean():.3f} over the last"


def too_high_in_sweep(run: Run, r: Trained, vals: dict[float, float], best_lr: float, what: str) -> Label:
    """A sweep run whose lr is too high: it blows up early (a loss above its start within the first 10% of the
    run) and ends at over twice the best lr's validation loss."""
    peak = max(r.losses[: max(10, run.at(0.1))])
    ok, failed = confirmed_by(
        ("early blow-up", peak > 1.2 * r.first_loss), ("far worse", r.val_loss > 2 * vals[best_lr]),
    )  # fmt: skip
    return Label(
        must_fire=("lr-too-high",), may_fire=("plateau", "exploding-gradients", "missing-warmup", "dead-units"),
        fault_step=1, tolerance_steps=run.tolerance(run.scenario.steps // 10), confirmed=ok,
        note=f"{what} lr {r.setup.lr:g}: loss {r.first_loss:.3f} at step 1, max {peak:.3g} within the first 10%, "
        f"{r.mean(run.steps - run.at(0.1), run.steps):.3f} over the last 10%; {sweep_note(vals, best_lr / 10)}{failed}",
    )  # fmt: skip


TRANSFORMER_SWEEP = (1e-3, 1e-2, 1e-1, 1.0)  # the control, then the shipped runs


def transformer_sweep_run(lr: float, run: Run) -> Plan:
    """A pre-LN causal transformer char LM at a constant AdamW ``lr`` for 240 steps: 1e-2 is the best of
    1e-2, 1e-1 and 1 and still improving when it stops; 1e-1 and 1 blow up; 1e-3 (the control) is slower."""
    setup = run.setup(char_lm(20000, run.seed), lambda: CausalLM(len(VOCAB), seq=24, d=64, pre_ln=True), AdamW,
                      lr, eval_every=30)  # fmt: skip

    def label(r: Trained) -> Label:
        vals = sweep_vals("transformer", setup, r, TRANSFORMER_SWEEP)
        if lr != 1e-2:
            return too_high_in_sweep(run, r, vals, 1e-2, "constant AdamW")
        improving, facts = improving_at_end(r, run.steps)
        best = min(vals[x] for x in TRANSFORMER_SWEEP[1:])
        ok, failed = confirmed_by(("still improving", improving), ("best of the sweep", r.val_loss == best),
                                  ("10x lower clearly worse", vals[1e-3] > 1.3 * r.val_loss))  # fmt: skip
        return Label(
            lookalike_for=("lr-too-low", "plateau"), confirmed=ok,
            note=f"healthy, the best lr of the sweep and still improving at its last step: {facts}; "
            f"{sweep_note(vals, 1e-3)}{failed}",
        )

    return Plan(setup, label)


MLP_SWEEP = (1e-3, 1e-2, 1e-1, 1.0)


def mlp_sweep_run(lr: float, run: Run) -> Plan:
    """Adam at a constant ``lr`` on the teacher MLP for 1500 steps: 1e-2 is the best of 1e-2, 1e-1 and 1 and has
    converged (at the noise floor of its lr); 1e-1 and 1 blow up; 1e-3 (the control) ends lower."""
    setup = run.setup(teacher_classification(20000, 10, run.seed), lambda: mlp([20, 128, 128, 10]), Adam, lr,
                      eval_every=75)  # fmt: skip

    def label(r: Trained) -> Label:
        vals = sweep_vals("mlp", setup, r, MLP_SWEEP)
        if lr != 1e-2:
            return too_high_in_sweep(run, r, vals, 1e-2, "constant Adam")
        converged, facts = converged_at_end(r, run.steps)
        best = min(vals[x] for x in MLP_SWEEP[1:])
        ok, failed = confirmed_by(("converged", converged), ("best of the sweep", r.val_loss == best),
                                  ("10x lower better", vals[1e-3] < 0.97 * r.val_loss))  # fmt: skip
        return Label(
            lookalike_for=("lr-too-low", "plateau"), confirmed=ok,
            note=f"healthy, the best lr of the sweep, converged (a lower lr would go lower: extend the sweep down): "
            f"{facts}; {sweep_note(vals, 1e-3)}{failed}",
        )

    return Plan(setup, label)


for _lr in TRANSFORMER_SWEEP[1:]:
    SWEEP_STILL_IMPROVING.scenario(f"transformer-adamw-lr-{_lr:g}", steps=240)(partial(transformer_sweep_run, _lr))
for _lr in MLP_SWEEP[1:]:
    SWEEP_EXTEND_DOWN.scenario(f"mlp-adam-lr-{_lr:g}", steps=1500)(partial(mlp_sweep_run, _lr))


# --------------------------------------------------------------------------- per-epoch logs (their own folder)
# Logs written the way Keras' CSVLogger and hand-written loops write them: one row per epoch, no step column.
# Each is a real training (harness ``train``, unrecorded) whose batch losses and evaluations are tallied and
# aggregated per epoch: the epoch's mean training loss and accuracy, then the validation loss and accuracy
# after it. The labels' fault_step is the epoch as the file numbers it.

PER_EPOCH = ScenarioList("per_epoch")


class Tally:
    """A loss function that also keeps what it computed: (loss, accuracy) of every training batch, and of every
    evaluation (the calls made without gradients)."""

    def __init__(self, fn: LossFn) -> None:
        self.fn = fn
        self.train: list[tuple[float, float]] = []
        self.evals: list[tuple[float, float]] = []

    def __call__(self, out: Tensor, y: Tensor) -> Tensor:
        loss = self.fn(out, y)
        acc = accuracy(out, y) if out.dim() > y.dim() else math.nan
        (self.train if torch.is_grad_enabled() else self.evals).append((float(loss), acc))
        return loss


@dataclass(frozen=True)
class EpochRow:
    epoch: int  # from 0
    loss: float
    accuracy: float
    val_loss: float
    val_accuracy: float
    lr: float = math.nan  # the lr of the epoch's last step (what a Keras callback puts in the logs)


EPOCH_ROWS: dict[str, list[EpochRow]] = {}  # run name -> its rows, for its label


def write_epoch_log(path: Path, rows: list[EpochRow], style: str) -> None:
    """``rows`` as Keras' CSVLogger writes them (``keras``: epoch from 0, keys sorted, full precision; ``keras-lr``: with
    the ``learning_rate`` a schedule callback adds) or as a hand-written loop might (``loop``:
    ``Epoch,TrainLoss,ValLoss,ValAcc``, epoch from 1, 4 decimals)."""
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", newline="") as f:
        out = csv.writer(f)
        if style == "keras-lr":
            out.writerow(["epoch", "accuracy", "learning_rate", "loss", "val_accuracy", "val_loss"])
            out.writerows(
                [r.epoch, repr(r.accuracy), repr(r.lr), repr(r.loss), repr(r.val_accuracy), repr(r.val_loss)] for r in rows
            )
        elif style == "keras":
            out.writerow(["epoch", "accuracy", "loss", "val_accuracy", "val_loss"])
            out.writerows(
                [r.epoch, repr(r.accuracy), repr(r.loss), repr(r.val_accuracy), repr(r.val_loss)] for r in rows
            )
        else:
            out.writerow(["Epoch", "TrainLoss", "ValLoss", "ValAcc"])
            out.writerows([r.epoch + 1, f"{r.loss:.4f}", f"{r.val_loss:.4f}", f"{r.val_accuracy:.4f}"] for r in rows)
    os.replace(tmp, path)


def train_per_epoch(style: str, setup: Setup) -> Trained:
    """Train a Setup (whole epochs) evaluating after every epoch, and write its per-epoch log in ``style``."""
    tally, per = Tally(setup.loss_fn), setup.data.steps_per_epoch()
    assert setup.steps % per == 0, f"{setup.name}: {setup.steps} steps is not a whole number of {per}-step epochs"
    made = train(replace(setup, out=None, loss_fn=tally, eval_every=per))
    batches = np.array(tally.train).reshape(setup.steps // per, per, 2).mean(1)
    lrs = made.lrs[per - 1 :: per]
    rows = [EpochRow(k, float(b[0]), float(b[1]), ev[0], ev[1], float(lr))
            for k, (b, ev, lr) in enumerate(zip(batches, tally.evals, lrs))]
    EPOCH_ROWS[setup.name] = rows
    write_epoch_log(setup.path, rows, style)
    return made


def epochs_of(run: Run, sample: str, epochs: int) -> Setup:
    """The Setup of the sample run ``sample`` trained for ``epochs`` whole epochs under this run's name."""
    source = SAMPLES[sample]
    setup = source.plan(Run(source, run.out, run.variant)).setup
    return replace(setup, name=run.name, scenario=run.scenario.name, steps=epochs * setup.data.steps_per_epoch())


def epoch_table(rows: list[EpochRow]) -> str:
    return "; ".join(f"{r.epoch}: {r.loss:.3f}/{r.val_loss:.3f}" for r in rows)


def healthy_epochs(rows: list[EpochRow], what: str) -> Label:
    """Healthy per epoch: the training loss ends lower than after the first epoch, the best of the last three
    validation losses is within 3% of the best of all, and it never rose 1.5-fold from one epoch to the next."""
    train_loss, val = np.array([r.loss for r in rows]), np.array([r.val_loss for r in rows])
    ok = bool(train_loss[-1] < 0.8 * train_loss[0] and val[-3:].min() <= 1.03 * val.min())
    ok &= bool(np.all(val[1:] < 1.5 * val[:-1]))
    return Label(
        lookalike_for=("overfitting", "plateau", "lr-too-low"), confirmed=ok,
        note=f"healthy, {what}, {len(rows)} epochs (train/val loss by epoch from 0: {epoch_table(rows)})",
    )


def overfit_epochs(rows: list[EpochRow], first: int, what: str, best_within: int) -> Label:
    """Overfitting per epoch: the validation loss is lowest at an epoch before ``best_within`` and ends 15-40% above
    it, while the training loss keeps falling (every epoch after the best below the one before, give or take 1%)."""
    train_loss, val = np.array([r.loss for r in rows]), np.array([r.val_loss for r in rows])
    best = int(np.argmin(val))
    rise = val[-1] / val[best] - 1
    falling = bool(np.all(train_loss[best + 1 :] < 1.01 * train_loss[best:-1]))
    ok, failed = confirmed_by(
        ("best early", best < best_within), ("rises 15-40%", 0.15 < rise < 0.4),
        ("training loss keeps falling", falling),
    )  # fmt: skip
    return Label(
        must_fire=("overfitting",), fault_step=first + best, tolerance_steps=1, confirmed=ok,
        note=f"{what}: val loss lowest {val[best]:.3f} after epoch {first + best} (as the file numbers it), "
        f"{val[-1]:.3f} at the end ({rise:+.0%}); training loss {train_loss[best]:.3f} -> {train_loss[-1]:.3f} "
        f"({train_loss[-1] / train_loss[best] - 1:+.0%}); train/val loss by epoch from 0: {epoch_table(rows)}{failed}",
    )  # fmt: skip


def healthy_per_epoch(sample: str, epochs: int, style: str, what: str, run: Run) -> Plan:
    """The sample run ``sample`` retrained for ``epochs`` epochs and logged per epoch in ``style``."""
    setup = epochs_of(run, sample, epochs)
    return Plan(setup, lambda r: healthy_epochs(EPOCH_ROWS[setup.name], f"{what} (sample {sample})"),
                run=partial(train_per_epoch, style))


PER_EPOCH.scenario("keras-charlm-gru-adam-onecycle", steps=1)(partial(healthy_per_epoch,
    "charlm-gru-adam-onecycle", 10, "keras", "GRU char LM, Adam one-cycle, Keras CSVLogger style"))
PER_EPOCH.scenario("keras-mlp-sgdm-cosine", steps=1)(partial(healthy_per_epoch,
    "mlp-sgdm-cosine-log50", 12, "keras", "MLP, SGD+momentum cosine, Keras CSVLogger style"))
PER_EPOCH.scenario("keras-cnn-sgdm-step-decay", steps=1)(partial(healthy_per_epoch,
    "cnn-sgdm-step-decay", 12, "keras", "CNN, SGD+momentum x0.1 at 50% and 75%, Keras CSVLogger style"))
PER_EPOCH.scenario("loop-charlm-lstm-sgdm-exponential-decay", steps=1)(partial(healthy_per_epoch,
    "charlm-lstm-sgdm-exponential-decay", 10, "loop", "LSTM char LM, SGD+momentum exponential decay, hand-written "
    "loop style (Epoch,TrainLoss,ValLoss,ValAcc)"))  # fmt: skip


@PER_EPOCH.scenario("keras-finetune-mlp-adam-overfit-first-epoch", steps=1)
def keras_finetune_mlp_adam_overfit_first_epoch(run: Run) -> Plan:
    """The pretrained MLP fine-tuned on 1500 examples of the related task with Adam 2e-3 for 8 epochs: the
    validation loss is lowest after the first epoch and then rises while the training loss keeps falling."""
    data = related_teacher(1500, run.seed, shift=0.3, task=1, batch_size=32)
    setup = run.setup(data, lambda: pretrained_mlp(run.seed), Adam, 2e-3, meta={"pretrained": True})
    setup = replace(setup, steps=8 * data.steps_per_epoch())
    what = "fine-tune on 1500 examples, Adam 2e-3, Keras CSVLogger style"
    label = partial(overfit_epochs, what=what, best_within=1)
    return Plan(setup, lambda r: label(EPOCH_ROWS[setup.name], 0), run=partial(train_per_epoch, "keras"))


@PER_EPOCH.scenario("keras-mlp-adam-overfit-noisy-labels", steps=1)
def keras_mlp_adam_overfit_noisy_labels(run: Run) -> Plan:
    """A wide MLP on 4000 examples, 30% of their labels random, Adam 1e-3 for 12 epochs: the validation loss
    is lowest after epoch 2, then rises as the network memorises the noise; the training loss keeps falling."""
    data = teacher_classification(4000, 10, run.seed, batch_size=32)
    data = replace(data, y=flip_labels(data.y, 10, 0.3, torch.Generator().manual_seed(run.seed + 3)))
    setup = run.setup(data, lambda: mlp([20, 512, 512, 10]), Adam, 1e-3)
    setup = replace(setup, steps=12 * data.steps_per_epoch())
    what = "wide MLP, 30% label noise, Adam 1e-3, Keras CSVLogger style"
    label = partial(overfit_epochs, what=what, best_within=5)
    return Plan(setup, lambda r: label(EPOCH_ROWS[setup.name], 0), run=partial(train_per_epoch, "keras"))


def mlp_lr_logged(run: Run, schedule: Callable[[Optimizer, int], Any], schedule_name: str, what: str) -> Plan:
    """An MLP on 16000 examples at Adam 1e-3 for 24 epochs under ``schedule`` (made from the optimizer and the steps
    per epoch), logged per epoch with the lr: a healthy look-alike for the rules that read an lr cut."""
    data = teacher_classification(16000, 10, run.seed, batch_size=64)
    per = data.steps_per_epoch()
    setup = run.setup(data, lambda: mlp([20, 128, 128, 10]), Adam, 1e-3,
                      schedule=lambda o, s: schedule(o, per), schedule_name=schedule_name)
    setup = replace(setup, steps=24 * per)
    return Plan(setup, lambda r: replace(healthy_epochs(EPOCH_ROWS[setup.name], what),
                                         lookalike_for=("premature-decay", "overfitting", "plateau")),
                run=partial(train_per_epoch, "keras-lr"))


@PER_EPOCH.scenario("keras-mlp-adam-step-decay-lr-logged", steps=1)
def keras_mlp_adam_step_decay_lr_logged(run: Run) -> Plan:
    """An MLP on 16000 examples, Adam 1e-3 cut x0.25 after epochs 8 and 16 of 24 (MultiStepLR), logged per epoch with
    the lr: most of its descent comes in its first epochs, and by epoch 8 the loss only creeps; the cut there is on
    time, and the validation loss ends at its best. A window of 8 epochs before the cut reaches back into the fast first
    epochs (a public Keras CNN cut x4 at epoch 10 was read as a premature decay so)."""
    return mlp_lr_logged(run, lambda o, per: lr_scheduler.MultiStepLR(o, [8 * per, 16 * per], gamma=0.25),
                         "MultiStepLR(epochs 8 and 16, gamma=0.25)",
                         "MLP, Adam 1e-3 cut x0.25 after epochs 8 and 16, Keras CSVLogger style with learning_rate")


@PER_EPOCH.scenario("keras-mlp-adam-reduce-on-plateau-lr-logged", steps=1)
def keras_mlp_adam_reduce_on_plateau_lr_logged(run: Run) -> Plan:
    """The MLP of keras-mlp-adam-step-decay-lr-logged under ReduceLROnPlateau(factor=0.2, patience=0) on the validation
    loss, stepped after every epoch and logged per epoch with the lr: its first cut comes after the first epoch whose
    validation loss did not improve, and later cuts take the lr down to 1e-6 as the validation loss settles. A public
    Keras U-Net under such a schedule (cut x5 at epoch 4 of 24, on down to 1e-6, its validation loss within 0.1% over its
    last 8 epochs) was read as a premature decay "still falling at the end"."""
    return mlp_lr_logged(run, lambda o, per: lr_scheduler.ReduceLROnPlateau(o, factor=0.2, patience=0, min_lr=1e-6),
                         "ReduceLROnPlateau(factor=0.2, patience=0, min_lr=1e-6) on the validation loss",
                         "MLP, Adam 1e-3 under ReduceLROnPlateau(factor=0.2, patience=0), Keras CSVLogger style with "
                         "learning_rate")


# --------------------------------------------------------------------------- labels and main


LABELS_HEADER = """\
# Labels of the sample runs: written by make_samples.py beside the logs it trains; do not edit by hand.
# must_fire: rules that must report a warning or error; may_fire: rules allowed to (side effects of the
# fault); fault_step: the logged step where the fault starts, +- tolerance_steps; lookalike_for: rules a
# healthy run (must_fire = []) could fool. The comment above each run says what was injected and what
# the numbers show.
"""


SWEEP_HEADER = LABELS_HEADER + """\
#
# An lr sweep: runs of one setup that differ only in their constant lr, a factor of 10 apart, each labelled on
# its own. Each note gives the final validation loss at every lr of the sweep and at a control 10x below the
# lowest (trained, not shipped).
"""
STILL_IMPROVING_HEADER = SWEEP_HEADER + """\
# Here the best lr (0.01) is the lowest tried, but its run was still improving at its last step, the two
# higher lrs blow up, and the control 10x below is clearly worse: "extend the sweep downwards" would be wrong.
"""
EXTEND_DOWN_HEADER = SWEEP_HEADER + """\
# Here the best lr (0.01) is the lowest tried and its run had converged, the next lr up blows up, and the
# control 10x below ends lower: "extend the sweep downwards" is right.
"""
PER_EPOCH_HEADER = """\
# Labels of per-epoch logs (no step column): written by make_samples.py beside the logs; do not edit by hand.
# Keras CSVLogger style (epoch,accuracy,loss,val_accuracy,val_loss; epoch from 0) or a hand-written loop's
# (Epoch,TrainLoss,ValLoss,ValAcc; epoch from 1), one row per epoch of a real training: the epoch's mean
# training loss (and accuracy), the validation loss (and accuracy) after it. fault_step is the epoch as the
# file numbers it; the other keys as in sample_logs/labels.toml.
"""
#: Every list of scenarios and the header of its labels.toml; a list with a group writes into <out>/<group>.
LISTS = (
    (SAMPLES, LABELS_HEADER), (SWEEP_STILL_IMPROVING, STILL_IMPROVING_HEADER), (SWEEP_EXTEND_DOWN, EXTEND_DOWN_HEADER),
    (PER_EPOCH, PER_EPOCH_HEADER),
)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    names = [name for scenarios, _ in LISTS for name in scenarios.names()]
    assert len(set(names)) == len(names), "scenario names must be unique across the lists"
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True,
                        help="folder for the logs and labels.toml (sweeps and per-epoch logs: in its subfolders)")
    parser.add_argument("--variants", action="store_true",
                        help="make each sample scenario's variants, not its base run (sample runs only)")
    parser.add_argument("--only", nargs="+", metavar="NAME", choices=sorted(names), help="only these scenarios")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    args = parser.parse_args(argv)
    wanted = set(args.only or names)
    code = 0
    for scenarios, header in LISTS:
        chosen = [sc for sc in scenarios if sc.name in wanted and (scenarios is SAMPLES or not args.variants)]
        if chosen:
            out = args.out / scenarios.group if scenarios.group else args.out
            out.mkdir(parents=True, exist_ok=True)
            jobs = plan(chosen, out, VARIANTS if args.variants else None, MIN_ROWS)
            code = max(code, make_runs(jobs, header, args.jobs))
    return code


if __name__ == "__main__":
    sys.exit(main())
