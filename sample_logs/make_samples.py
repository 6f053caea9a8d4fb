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
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F
from torch.optim import SGD, Adam, AdamW, Optimizer, lr_scheduler

from harness import (  # beside this script
    LN, VOCAB, CausalLM, CharRNN, Label, Plan, Run, ScenarioList, Setup, TiedCharRNN, Trained, Variant, char_lm,
    corrupt_rows, cosine_after, image_classification, lambda_lr, make_runs, manual_bce, mlp, multistep, one_cycle,
    plan, regression, same_position_targets, scaled_head, small_cnn, step_of, summed_cross_entropy,
    teacher_classification, train,
)  # fmt: skip

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


# --------------------------------------------------------------------------- labels and main


LABELS_HEADER = """\
# Labels of the sample runs: written by make_samples.py beside the logs it trains; do not edit by hand.
# must_fire: rules that must report a warning or error; may_fire: rules allowed to (side effects of the
# fault); fault_step: the logged step where the fault starts, +- tolerance_steps; lookalike_for: rules a
# healthy run (must_fire = []) could fool. The comment above each run says what was injected and what
# the numbers show.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="folder for the logs and labels.toml")
    parser.add_argument("--variants", action="store_true", help="make each scenario's variants, not its base run")
    parser.add_argument("--only", nargs="+", metavar="NAME", choices=SAMPLES.names(), help="only these scenarios")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    scenarios = [SAMPLES[name] for name in args.only or SAMPLES.names()]
    jobs = plan(scenarios, args.out, VARIANTS if args.variants else None, MIN_ROWS)
    return make_runs(jobs, LABELS_HEADER, args.jobs)


if __name__ == "__main__":
    sys.exit(main())
