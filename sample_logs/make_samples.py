#!/usr/bin/env python
"""Train small real PyTorch models on the CPU and write their logs as lrdoctor sample runs.

Each scenario trains a real model on synthetic data made in code, with one fault injected on
purpose (or none: the healthy look-alikes), records it with ``lrdoctor.record`` as
``<name>.csv`` + ``<name>.json`` and states in ``labels.toml`` what the analyzer must find.

    python sample_logs/make_samples.py --out sample_logs                  # the base runs
    python sample_logs/make_samples.py --out bench/out/variants --variants --jobs 2
    python sample_logs/make_samples.py --out /tmp/x --only mlp-adam-lr-too-low

``--variants`` also writes each scenario with another seed, half and double length, logging
every 10 and 50 steps and, where it has one, another optimizer (``<name>--<variant>``).
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import string
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import torch
from torch import Tensor, nn
from torch.nn import functional as F
from torch.optim import SGD, Adam, AdamW, Optimizer, lr_scheduler

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the checkout's lrdoctor, installed or not
import lrdoctor  # noqa: E402
from labels_file import label_entry, write_labels  # noqa: E402  (beside this script)

LN = math.log


# --------------------------------------------------------------------------- scenarios and labels


@dataclass(frozen=True)
class Variant:
    """How a scenario is varied: seed, length factor, logging interval, the other optimizer."""

    suffix: str = ""
    seed: int = 0
    scale: float = 1.0
    log_every: int = 1
    alt_optimizer: bool = False


BASE = Variant()
VARIANTS = (
    Variant("--seed1", seed=1),
    Variant("--short", scale=0.5),
    Variant("--long", scale=2.0),
    Variant("--log10", log_every=10),
    Variant("--log50", log_every=50),
    Variant("--alt", alt_optimizer=True),
)
MIN_ROWS = 40  # a logging variant that would leave fewer rows than this is not made


@dataclass(frozen=True)
class Label:
    """What the analyzer must / may report on a run, and where the fault starts."""

    must_fire: tuple[str, ...] = ()
    may_fire: tuple[str, ...] = ()
    fault_step: int | None = None
    tolerance_steps: int | None = None
    lookalike_for: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Scenario:
    """A named training run; ``train`` does the training and returns the run's label."""

    name: str
    steps: int
    train: Callable[[Run], Label]
    alt: bool = False
    log_every: int = 1


SCENARIOS: dict[str, Scenario] = {}


def scenario(
    name: str, steps: int, alt: bool = False, log_every: int = 1
) -> Callable[[Callable[[Run], Label]], Callable[[Run], Label]]:
    """Register a scenario of ``steps`` optimizer steps (``alt``: it has another optimizer), logged
    every ``log_every`` steps unless a variant logs more sparsely."""

    def register(fn: Callable[[Run], Label]) -> Callable[[Run], Label]:
        SCENARIOS[name] = Scenario(name, steps, fn, alt, log_every)
        return fn

    return register


@dataclass
class Run:
    """One training run being made: where it goes and how it is varied."""

    out: Path
    scenario: Scenario
    variant: Variant

    @property
    def name(self) -> str:
        return self.scenario.name + self.variant.suffix

    @property
    def steps(self) -> int:
        return round(self.scenario.steps * self.variant.scale)

    def at(self, frac: float) -> int:
        """The step at ``frac`` of the run (events scale with the length variants)."""
        return round(frac * self.steps)

    @property
    def log_every(self) -> int:
        return max(self.scenario.log_every, self.variant.log_every)

    @property
    def seed(self) -> int:
        return self.variant.seed

    @property
    def alt(self) -> bool:
        return self.variant.alt_optimizer

    def tolerance(self, steps: int) -> int:
        """A location tolerance of ``steps`` base steps, scaled, never below two logging rows."""
        return max(round(steps * self.variant.scale), 2 * self.log_every)


# --------------------------------------------------------------------------- data made in code


@dataclass(frozen=True)
class Data:
    """A supervised task: train and validation tensors plus what the sidecar says about it."""

    x: Tensor
    y: Tensor
    val_x: Tensor
    val_y: Tensor
    task: str
    num_classes: int | None
    batch_size: int

    def batches(self, seed: int) -> Iterator[tuple[Tensor, Tensor, float]]:
        """Endless shuffled minibatches as (x, y, epoch)."""
        g = torch.Generator().manual_seed(1000 + seed)
        n = len(self.x)
        per_epoch = max(1, n // self.batch_size)
        epoch = 0
        while True:
            order = torch.randperm(n, generator=g)
            for b in range(per_epoch):
                idx = order[b * self.batch_size : (b + 1) * self.batch_size]
                yield self.x[idx], self.y[idx], epoch + b / per_epoch
            epoch += 1

    def steps_per_epoch(self) -> int:
        return max(1, len(self.x) // self.batch_size)


def teacher_classification(
    n: int, classes: int, seed: int, *, dim: int = 20, noise: float = 0.3, n_val: int = 1000, batch_size: int = 64
) -> Data:
    """Gaussian inputs labelled by a random two-layer teacher, with Gumbel label noise."""
    g = torch.Generator().manual_seed(seed)
    w1 = torch.randn(dim, 64, generator=g) / math.sqrt(dim) * 2
    w2 = torch.randn(64, classes, generator=g) / math.sqrt(64) * 3
    x = torch.randn(n + n_val, dim, generator=g)
    logits = torch.tanh(x @ w1) @ w2
    gumbel = -torch.log(-torch.log(torch.rand(n + n_val, classes, generator=g).clamp_min(1e-9)))
    y = (logits + noise * gumbel).argmax(1)
    return Data(x[:n], y[:n], x[n:], y[n:], "classification", classes, batch_size)


def image_classification(n: int, seed: int, *, classes: int = 8, n_val: int = 800, batch_size: int = 32) -> Data:
    """12x12 one-channel images: a smooth template per class, randomly shifted, plus noise."""
    g = torch.Generator().manual_seed(seed)
    templates = F.interpolate(torch.randn(classes, 1, 4, 4, generator=g), size=12, mode="bilinear")
    y = torch.randint(0, classes, (n + n_val,), generator=g)
    shifts = torch.randint(-2, 3, (n + n_val, 2), generator=g)
    imgs = torch.stack([torch.roll(templates[c], (int(s[0]), int(s[1])), (1, 2)) for c, s in zip(y, shifts)])
    x = imgs + 0.9 * torch.randn(imgs.shape, generator=g)
    return Data(x[:n], y[:n], x[n:], y[n:], "classification", classes, batch_size)


def regression(n: int, seed: int, *, dim: int = 8, n_val: int = 1000, batch_size: int = 64, scale: float = 1.0) -> Data:
    """A smooth nonlinear target of Gaussian inputs plus a little noise."""
    g = torch.Generator().manual_seed(seed)
    a, b = torch.randn(dim, generator=g), torch.randn(dim, generator=g) / math.sqrt(dim)
    x = torch.randn(n + n_val, dim, generator=g)
    y = (torch.sin(x @ a / math.sqrt(dim) * 2) + (x @ b) ** 2 + 0.1 * torch.randn(n + n_val, generator=g)) * scale
    return Data(x[:n], y[:n, None], x[n:], y[n:, None], "regression", None, batch_size)


WORDS = {
    "det": ["the", "a", "one", "every", "that"],
    "adj": ["red", "quick", "small", "old", "bright", "lazy", "green", "quiet"],
    "noun": ["cat", "dog", "bird", "fox", "tree", "river", "house", "child", "stone", "boat"],
    "verb": ["sees", "likes", "finds", "follows", "hears", "jumps over", "waits for", "paints"],
}


def grammar_text(chars: int, seed: int) -> str:
    """English-like sentences from a tiny grammar: structure a character LM can learn."""
    g = torch.Generator().manual_seed(seed)

    def pick(kind: str) -> str:
        words = WORDS[kind]
        return words[int(torch.randint(len(words), (1,), generator=g))]

    def phrase() -> str:
        adj = pick("adj") + " " if float(torch.rand(1, generator=g)) < 0.5 else ""
        return f"{pick('det')} {adj}{pick('noun')}"

    parts: list[str] = []
    size = 0
    while size < chars:
        sentence = f"{phrase()} {pick('verb')} {phrase()}. "
        parts.append(sentence)
        size += len(sentence)
    return "".join(parts)[:chars]


VOCAB = sorted(set(string.ascii_lowercase + " ."))


def char_lm(chars: int, seed: int, *, seq: int = 24, batch_size: int = 16, val_chars: int = 4000) -> Data:
    """Next-character prediction on grammar text: windows of ``seq`` characters."""
    text = grammar_text(chars + val_chars, seed)
    ids = torch.tensor([VOCAB.index(c) for c in text])

    def windows(t: Tensor) -> tuple[Tensor, Tensor]:
        n = (len(t) - 1) // seq
        return t[: n * seq].view(n, seq), t[1 : n * seq + 1].view(n, seq)

    x, y = windows(ids[:chars])
    vx, vy = windows(ids[chars:])
    return Data(x, y, vx, vy, "language_model", len(VOCAB), batch_size)


# --------------------------------------------------------------------------- models


def mlp(sizes: list[int], act: type[nn.Module] = nn.ReLU) -> nn.Sequential:
    """Linear layers of ``sizes`` with ``act`` between them."""
    layers: list[nn.Module] = []
    for i, (a, b) in enumerate(zip(sizes, sizes[1:])):
        layers.append(nn.Linear(a, b))
        if i < len(sizes) - 2:
            layers.append(act())
    return nn.Sequential(*layers)


def small_cnn(classes: int, width: int = 16) -> nn.Sequential:
    """Two conv blocks and a linear head for 12x12 images."""
    return nn.Sequential(
        nn.Conv2d(1, width, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(width, 2 * width, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(2 * width * 9, classes),
    )  # fmt: skip


class CharRNN(nn.Module):
    """Embedding, a recurrent layer (gru|rnn|lstm) and a linear head over the vocabulary."""

    def __init__(self, kind: str, hidden: int = 48, vocab: int = len(VOCAB)) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, hidden)
        cell = {"gru": nn.GRU, "rnn": nn.RNN, "lstm": nn.LSTM}[kind]
        self.rnn = cell(hidden, hidden, batch_first=True)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, x: Tensor) -> Tensor:
        h, _ = self.rnn(self.embed(x))
        return self.head(h)


class TiedCharRNN(CharRNN):
    """A GRU LM with a residual from the embedding and the output tied to the embedding."""

    def forward(self, x: Tensor) -> Tensor:
        e = self.embed(x)
        h, _ = self.rnn(e)
        return (e + h) @ self.embed.weight.T


class TinyTransformer(nn.Module):
    """A causal post-LayerNorm transformer character LM (the kind that needs warmup)."""

    def __init__(self, d: int = 32, layers: int = 2, seq: int = 24, vocab: int = len(VOCAB)) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, d)
        self.pos = nn.Parameter(torch.randn(seq, d) * 0.02)
        layer = nn.TransformerEncoderLayer(d, 4, 4 * d, dropout=0.0, batch_first=True)
        self.body = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.head = nn.Linear(d, vocab)
        self.register_buffer("mask", nn.Transformer.generate_square_subsequent_mask(seq))

    def forward(self, x: Tensor) -> Tensor:
        t = x.shape[1]
        h = self.body(self.embed(x) + self.pos[:t], mask=self.mask[:t, :t], is_causal=True)
        return self.head(h)


# --------------------------------------------------------------------------- training


LossFn = Callable[[Tensor, Tensor], Tensor]


def cross_entropy(out: Tensor, y: Tensor) -> Tensor:
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1))


def accuracy(out: Tensor, y: Tensor) -> float:
    return float((out.argmax(-1) == y).float().mean())


@dataclass
class Result:
    """What a training run produced, for the label's note and its fault step."""

    losses: list[float] = field(default_factory=list)
    val_losses: dict[int, float] = field(default_factory=dict)
    grad_norms: list[float] = field(default_factory=list)

    def first_nonfinite(self) -> int | None:
        return next((i for i, v in enumerate(self.losses) if not math.isfinite(v)), None)

    def best_val(self) -> tuple[int, float]:
        step = min(self.val_losses, key=lambda s: self.val_losses[s])
        return step, self.val_losses[step]

    def mean(self, start: int, stop: int) -> float:
        part = [v for v in self.losses[max(0, start) : stop] if math.isfinite(v)]
        return sum(part) / max(1, len(part))

    def pace(self, start: int, stop: int) -> float:
        """Least-squares drop of the loss per step over iterations [start, stop)."""
        pts = [(i, v) for i, v in enumerate(self.losses[max(0, start) : stop]) if math.isfinite(v)]
        mx, my = sum(i for i, _ in pts) / len(pts), sum(v for _, v in pts) / len(pts)
        return -sum((i - mx) * (v - my) for i, v in pts) / sum((i - mx) ** 2 for i, _ in pts)


def global_grad_norm(model: nn.Module) -> float:
    grads = [p.grad.detach().flatten() for p in model.parameters() if p.grad is not None]
    return float(torch.cat(grads).norm()) if grads else 0.0


def step_of(i: int) -> int:
    """The row ``step`` of loop iteration ``i``: the recorder numbers optimizer steps from 1."""
    return i + 1


def keep_logged_rows(path: Path) -> None:
    """Keep only the rows that hold a loss or an evaluation, as a logger that writes every N steps does."""
    with path.open(newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    wanted = [header.index(c) for c in ("loss", "val_loss") if c in header]
    kept = [header] + [r for r in rows[1:] if any(r[j] for j in wanted)]
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", newline="") as f:
        csv.writer(f).writerows(kept)
    os.replace(tmp, path)


def train(
    run: Run,
    model: nn.Module,
    optimizer: Optimizer,
    data: Data,
    *,
    loss_fn: LossFn = cross_entropy,
    loss_name: str = "cross_entropy",
    scheduler: Any = None,
    scheduler_name: str | None = None,
    eval_every: int = 0,
    new_optimizer: Callable[[int], Optimizer | None] | None = None,
) -> Result:
    """Train ``model`` for ``run.steps`` steps, logging every ``log_every``, evaluating every ``eval_every``.

    ``new_optimizer(i)`` may return a fresh optimizer to use from iteration ``i`` on (the reset bugs);
    the recorder follows it by itself. ``Result`` lists are indexed by iteration (row step - 1).
    """
    every = run.log_every
    path = run.out / f"{run.name}.csv"
    meta = {"scenario": run.scenario.name, "seed": run.seed, "log_every": every}
    if scheduler_name or scheduler is None:
        meta["scheduler"] = scheduler_name or "constant"
    result = Result()
    batches = data.batches(run.seed)
    with lrdoctor.record(
        model, optimizer, path, scheduler=scheduler, num_classes=data.num_classes,
        batch_size=data.batch_size, task=data.task, loss_fn=loss_name, dataset_size=len(data.x), meta=meta,
        stats_every=every, ratio_every=every, layers_every=100 * every, on_problem="ignore", overwrite=True,
    ) as rec:  # fmt: skip
        for i in range(run.steps):
            fresh = new_optimizer(i) if new_optimizer else None
            optimizer = fresh or optimizer
            x, y, epoch = next(batches)
            model.train()
            out = model(x)
            loss = loss_fn(out, y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            result.grad_norms.append(global_grad_norm(model))
            optimizer.step()
            result.losses.append(loss.item())
            if i % every == 0:
                rec.log(loss=result.losses[-1], epoch=round(epoch, 4))
            if eval_every and (i + 1) % eval_every == 0:
                val_loss, val_acc = evaluate(model, data, loss_fn)
                result.val_losses[i] = val_loss
                extra = {"val_acc": val_acc, "train_acc": accuracy(out, y)} if data.num_classes else {}
                rec.log(val_loss=val_loss, **extra)
            if isinstance(scheduler, lr_scheduler.ReduceLROnPlateau):
                if i in result.val_losses:
                    scheduler.step(result.val_losses[i])
            elif scheduler is not None:
                scheduler.step()
    if every > 1:
        keep_logged_rows(path)
    return result


@torch.no_grad()
def evaluate(model: nn.Module, data: Data, loss_fn: LossFn) -> tuple[float, float]:
    model.eval()
    out = model(data.val_x)
    acc = accuracy(out, data.val_y) if data.num_classes else float("nan")
    return float(loss_fn(out, data.val_y)), acc


def seeded(run: Run) -> None:
    torch.manual_seed(run.seed)


def warmup_cosine(optimizer: Optimizer, warmup: int, total: int, floor: float = 0.0) -> lr_scheduler.LambdaLR:
    """Linear warmup over ``warmup`` steps, then cosine to ``floor`` x the peak at ``total``."""

    def factor(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        t = min(1.0, (step - warmup) / max(1, total - warmup))
        return floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * t))

    return lr_scheduler.LambdaLR(optimizer, factor)


# --------------------------------------------------------------------------- faulty runs
# Each returns its Label; fault steps come from the training itself (first NaN, the injected cut).


@scenario("regression-sgdm-lr-growth-nan", steps=800)
def regression_sgdm_lr_growth_nan(run: Run) -> Label:
    """A schedule typo: ExponentialLR(gamma=1.02) instead of 0.98 grows the lr until the MSE is inf/NaN."""
    seeded(run)
    data = regression(4000, run.seed)
    model = mlp([8, 128, 128, 1])
    opt = SGD(model.parameters(), lr=0.002, momentum=0.9)
    sched = lr_scheduler.ExponentialLR(opt, gamma=1.0 + 16 / run.steps)
    r = train(run, model, opt, data, loss_fn=F.mse_loss, loss_name="mse", scheduler=sched)
    bad = r.first_nonfinite()
    return Label(
        must_fire=("non-finite-loss",), may_fire=("lr-too-high", "exploding-gradients"),
        fault_step=step_of(bad) if bad is not None else None, tolerance_steps=run.tolerance(5),
        note=f"lr grows x{1 + 16 / run.steps:.3f}/step from 0.002; loss {r.losses[0]:.2f} -> min "
        f"{min(r.losses):.3f}, first non-finite at step {step_of(bad) if bad is not None else None}",
    )  # fmt: skip


def manual_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy written by hand: log(1 - sigmoid) is log(0) once a logit passes ~17."""
    p = torch.sigmoid(out.squeeze(-1))
    t = y.float()
    return -(t * torch.log(p) + (1 - t) * torch.log(1 - p)).mean()


@scenario("mlp-adam-bce-log-zero", steps=1200)
def mlp_adam_bce_log_zero(run: Run) -> Label:
    """Hand-written BCE on noisy binary labels: a confident wrong logit gives log(0) = -inf, then NaN."""
    seeded(run)
    base = teacher_classification(2000, 2, run.seed, noise=0.6)
    data = replace(base, num_classes=2)
    model = mlp([20, 256, 256, 1])
    opt = Adam(model.parameters(), lr=3e-3)
    r = train(run, model, opt, data, loss_fn=manual_bce, loss_name="manual_bce (log of sigmoid)")
    bad = r.first_nonfinite()
    return Label(
        must_fire=("non-finite-loss",), may_fire=("overfitting",),
        fault_step=step_of(bad) if bad is not None else None, tolerance_steps=run.tolerance(5),
        note=f"loss {r.losses[0]:.3f} (ln 2 = 0.693) -> {r.mean(bad - 50, bad) if bad else 0:.3f} before "
        f"step {step_of(bad) if bad is not None else None}, then inf/NaN",
    )  # fmt: skip


@scenario("mlp-sgdm-lr-too-high", steps=1000, alt=True)
def mlp_sgdm_lr_too_high(run: Run) -> Label:
    """SGD+momentum at lr 0.6 (Adam at 0.1 in --alt) on an MLP classifier: an early minimum, then the
    loss climbs back to ln C as ReLUs die."""
    seeded(run)
    data = teacher_classification(4000, 10, run.seed)
    model = mlp([20, 128, 128, 10])
    opt = Adam(model.parameters(), lr=0.1) if run.alt else SGD(model.parameters(), lr=0.6, momentum=0.9)
    r = train(run, model, opt, data, eval_every=100)
    low = min(range(run.steps), key=lambda i: r.mean(i - 25, i + 25))
    return Label(
        must_fire=("lr-too-high",), may_fire=("plateau", "exploding-gradients"),
        fault_step=1, tolerance_steps=run.steps,
        note=f"loss {r.losses[0]:.2f} -> smoothed min {r.mean(low - 25, low + 25):.2f} at step "
        f"{step_of(low)} -> {r.mean(run.steps - 50, run.steps):.2f} at the end",
    )  # fmt: skip


@scenario("cnn-adam-lr-too-high", steps=800, alt=True)
def cnn_adam_lr_too_high(run: Run) -> Label:
    """Adam at lr 0.03 (30x the usual 1e-3) on a small CNN: repeated loss spikes far above the noise."""
    seeded(run)
    data = image_classification(3000, run.seed)
    model = small_cnn(8)
    opt = (AdamW if run.alt else Adam)(model.parameters(), lr=0.03)
    r = train(run, model, opt, data, eval_every=100)
    return Label(
        must_fire=("lr-too-high",), may_fire=("plateau", "exploding-gradients", "missing-warmup"),
        fault_step=1, tolerance_steps=run.steps,
        note=f"loss {r.losses[0]:.2f} (ln 8 = {LN(8):.2f}), max {max(r.losses):.1f}, last-10% mean "
        f"{r.mean(run.at(0.9), run.steps):.2f}",
    )  # fmt: skip


@scenario("charlm-gru-sgd-lr-jump", steps=800)
def charlm_gru_sgd_lr_jump(run: Run) -> Label:
    """A GRU char LM trains well at lr 1.0, then a bad resume sets lr 30: the loss climbs back up."""
    seeded(run)
    data = char_lm(30000, run.seed)
    model = CharRNN("gru")
    opt = SGD(model.parameters(), lr=1.0)
    jump = run.at(0.5)
    sched = lr_scheduler.LambdaLR(opt, lambda s: 1.0 if s < jump else 30.0)
    r = train(run, model, opt, data, scheduler=sched, scheduler_name="lr x30 at 50%", eval_every=100)
    return Label(
        must_fire=("lr-too-high",), may_fire=("exploding-gradients", "plateau", "overfitting"),
        fault_step=step_of(jump), tolerance_steps=run.tolerance(100),
        note=f"loss {r.mean(jump - 50, jump):.2f} before the x30 lr at step {step_of(jump)}, "
        f"{r.mean(run.steps - 100, run.steps):.2f} at the end",
    )  # fmt: skip


@scenario("mlp-adam-lr-too-low", steps=1500, alt=True)
def mlp_adam_lr_too_low(run: Run) -> Label:
    """Adam at lr 1e-5, 100x below its usual 1e-3: the loss is still falling steadily at the end."""
    seeded(run)
    data = teacher_classification(4000, 10, run.seed)
    model = mlp([20, 128, 128, 10])
    opt = (AdamW if run.alt else Adam)(model.parameters(), lr=1e-5)
    r = train(run, model, opt, data, eval_every=100)
    return Label(
        must_fire=("lr-too-low",), may_fire=("plateau",),
        fault_step=1, tolerance_steps=run.steps,
        note=f"loss {r.mean(0, 50):.3f} -> {r.mean(run.at(0.5) - 25, run.at(0.5) + 25):.3f} (half) -> "
        f"{r.mean(run.steps - 50, run.steps):.3f}",
    )  # fmt: skip


@scenario("charlm-gru-sgdm-lr-too-low", steps=800)
def charlm_gru_sgdm_lr_too_low(run: Run) -> Label:
    """SGD+momentum at lr 0.003 on a GRU char LM that trains well at 0.3: slow, steady descent."""
    seeded(run)
    data = char_lm(30000, run.seed)
    model = CharRNN("gru")
    opt = SGD(model.parameters(), lr=0.003, momentum=0.9)
    r = train(run, model, opt, data, eval_every=150)
    return Label(
        must_fire=("lr-too-low",), may_fire=("plateau",),
        fault_step=1, tolerance_steps=run.steps,
        note=f"loss {r.mean(0, 50):.3f} (ln {len(VOCAB)} = {LN(len(VOCAB)):.2f}) -> "
        f"{r.mean(run.steps - 50, run.steps):.3f}",
    )  # fmt: skip


@scenario("regression-sgd-lr-too-low", steps=1000)
def regression_sgd_lr_too_low(run: Run) -> Label:
    """Plain SGD at lr 1e-3 (100x below the lr 0.1 that trains it well) on an MLP regression with
    centred targets and batch 2048, so the batch MSE is smooth: every step shaves the same sliver off."""
    seeded(run)
    raw = regression(20000, run.seed, batch_size=2048)
    mu = raw.y.mean()
    data = replace(raw, y=raw.y - mu, val_y=raw.val_y - mu)
    model = mlp([8, 128, 128, 1])
    opt = SGD(model.parameters(), lr=1e-3)
    r = train(run, model, opt, data, loss_fn=F.mse_loss, loss_name="mse", eval_every=100)
    q = [LN(r.mean(i - 25, i + 25)) for i in (0, run.at(0.25), run.at(0.75), run.steps)]
    drop = q[0] - q[3]
    return Label(
        must_fire=("lr-too-low",), may_fire=("plateau",),
        fault_step=1, tolerance_steps=run.steps,
        note=f"mse {r.mean(0, 25):.3f} -> {r.mean(run.steps - 25, run.steps):.3f}, nearly linear: "
        f"{(q[0] - q[1]) / drop:.0%} of the log-loss drop in the first quarter, {(q[2] - q[3]) / drop:.0%} in the last",
    )  # fmt: skip


@scenario("deep-mlp-sgd-dead-init-plateau", steps=1200)
def deep_mlp_sgd_dead_init_plateau(run: Run) -> Label:
    """A deep tanh MLP initialised 10x too small: the signal vanishes, the loss sits at ln C, tiny grads."""
    seeded(run)
    data = teacher_classification(4000, 10, run.seed)
    model = mlp([20] + [64] * 6 + [10], nn.Tanh)
    with torch.no_grad():
        for p in model.parameters():
            p.mul_(0.1)
    opt = SGD(model.parameters(), lr=0.05)
    r = train(run, model, opt, data, eval_every=100)
    return Label(
        must_fire=("plateau",), may_fire=("lr-too-low",),
        fault_step=1, tolerance_steps=run.tolerance(200),
        note=f"loss {r.losses[0]:.3f} (ln 10 = {LN(10):.3f}) -> {r.mean(run.steps - 50, run.steps):.3f}; "
        f"median grad norm {sorted(r.grad_norms)[len(r.grad_norms) // 2]:.2g}",
    )  # fmt: skip


@scenario("mlp-zero-init-plateau", steps=1000, alt=True)
def mlp_zero_init_plateau(run: Run) -> Label:
    """All weights initialised to zero: hidden units never get a gradient, only the output bias learns."""
    seeded(run)
    data = teacher_classification(4000, 10, run.seed)
    model = mlp([20, 128, 128, 10])
    with torch.no_grad():
        for p in model.parameters():
            p.zero_()
    opt = (AdamW if run.alt else Adam)(model.parameters(), lr=1e-3)
    r = train(run, model, opt, data, eval_every=100)
    return Label(
        must_fire=("plateau",), may_fire=("lr-too-low",),
        fault_step=1, tolerance_steps=run.tolerance(150),
        note=f"loss {r.losses[0]:.3f} (ln 10 = {LN(10):.3f}) -> {r.mean(run.steps - 50, run.steps):.3f}; "
        f"grads reach only the output bias",
    )  # fmt: skip


@scenario("mlp-sgdm-oscillation-plateau", steps=1000)
def mlp_sgdm_oscillation_plateau(run: Run) -> Label:
    """Constant SGD+momentum lr 0.3 (half the diverging lr): the loss stalls from ~10% on while the
    gradient norm stays large, bouncing between the walls of a valley."""
    seeded(run)
    data = teacher_classification(20000, 10, run.seed)
    model = mlp([20, 128, 128, 10])
    opt = SGD(model.parameters(), lr=0.3, momentum=0.9)
    r = train(run, model, opt, data, eval_every=100)
    start = run.at(0.1)
    return Label(
        must_fire=("plateau",), may_fire=("lr-too-high",),
        fault_step=step_of(start), tolerance_steps=run.tolerance(250),
        note=f"loss {r.mean(0, 20):.3f} -> {r.mean(start - 25, start + 25):.3f} at step {step_of(start)} -> "
        f"{r.mean(run.steps - 50, run.steps):.3f}; median grad norm "
        f"{sorted(r.grad_norms)[len(r.grad_norms) // 2]:.2g}",
    )  # fmt: skip


def early_cut(run: Run, optimizer: Optimizer, frac: float) -> tuple[int, lr_scheduler.MultiStepLR]:
    """A x0.01 lr cut at ``frac`` of the run, long before the loss flattens."""
    cut = run.at(frac)
    return cut, lr_scheduler.MultiStepLR(optimizer, [cut], gamma=0.01)


def decay_label(run: Run, r: Result, cut: int) -> Label:
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


@scenario("mlp-adamw-early-step-decay", steps=1200, alt=True)
def mlp_adamw_early_step_decay(run: Run) -> Label:
    """AdamW lr 3e-3 cut x0.01 at 4% of the run, while the loss is still falling steeply: the descent stalls."""
    seeded(run)
    data = teacher_classification(4000, 10, run.seed)
    model = mlp([20, 128, 128, 10])
    opt = (Adam if run.alt else AdamW)(model.parameters(), lr=3e-3)
    cut, sched = early_cut(run, opt, 0.04)
    r = train(run, model, opt, data, scheduler=sched, eval_every=100)
    return decay_label(run, r, cut)


@scenario("cnn-sgdm-early-decay", steps=1000)
def cnn_sgdm_early_decay(run: Run) -> Label:
    """SGD+momentum lr 0.05 on a CNN, cut x0.01 at 10% of the run, mid-descent."""
    seeded(run)
    data = image_classification(3000, run.seed)
    model = small_cnn(8)
    opt = SGD(model.parameters(), lr=0.05, momentum=0.9)
    cut, sched = early_cut(run, opt, 0.1)
    r = train(run, model, opt, data, scheduler=sched, eval_every=100)
    return decay_label(run, r, cut)


@scenario("charlm-lstm-adam-early-decay", steps=800, alt=True)
def charlm_lstm_adam_early_decay(run: Run) -> Label:
    """An LSTM char LM with Adam lr 5e-3 cut x0.01 at 15%, while the loss is still dropping fast."""
    seeded(run)
    data = char_lm(30000, run.seed)
    model = CharRNN("lstm")
    opt = (AdamW if run.alt else Adam)(model.parameters(), lr=5e-3)
    cut, sched = early_cut(run, opt, 0.15)
    r = train(run, model, opt, data, scheduler=sched, eval_every=100)
    return decay_label(run, r, cut)


def reset_label(run: Run, r: Result, resets: list[int]) -> Label:
    jumps = [r.mean(i + 1, i + 6) - r.mean(i - 5, i) for i in resets]
    return Label(
        must_fire=("optimizer-reset",), may_fire=("lr-too-high", "missing-warmup", "plateau", "overfitting"),
        fault_step=step_of(resets[0]), tolerance_steps=run.tolerance(5),
        note=f"new optimizer at steps {[step_of(i) for i in resets[:3]]}{'...' if len(resets) > 3 else ''} "
        f"({len(resets)} resets); mean loss of the 5 steps after a reset minus the 5 before: "
        f"median {sorted(jumps)[len(jumps) // 2]:+.3f}",
    )  # fmt: skip


@scenario("mlp-adam-recreated-each-epoch", steps=1000, alt=True)
def mlp_adam_recreated_each_epoch(run: Run) -> Label:
    """``optimizer = Adam(...)`` inside the epoch loop: the moment estimates restart every epoch."""
    seeded(run)
    data = teacher_classification(4000, 10, run.seed)
    model = mlp([20, 128, 128, 10])
    make = AdamW if run.alt else Adam
    opt = make(model.parameters(), lr=3e-3)
    epoch = data.steps_per_epoch()
    resets = list(range(epoch, run.steps, epoch))
    r = train(run, model, opt, data, eval_every=epoch * 4,
              new_optimizer=lambda i: make(model.parameters(), lr=3e-3) if i in resets else None)  # fmt: skip
    return reset_label(run, r, resets)


@scenario("cnn-adam-recreated-each-epoch", steps=900)
def cnn_adam_recreated_each_epoch(run: Run) -> Label:
    """The same bug on a CNN at a constant lr 2e-3: a fresh Adam every 75-step epoch."""
    seeded(run)
    data = image_classification(2400, run.seed, batch_size=32)
    model = small_cnn(8)
    epoch = data.steps_per_epoch()
    resets = list(range(epoch, run.steps, epoch))
    opt = Adam(model.parameters(), lr=2e-3)
    r = train(run, model, opt, data, eval_every=epoch * 2,
              new_optimizer=lambda i: Adam(model.parameters(), lr=2e-3) if i in resets else None)  # fmt: skip
    return reset_label(run, r, resets)


@scenario("charlm-gru-adamw-resume-weights-only", steps=800)
def charlm_gru_adamw_resume_weights_only(run: Run) -> Label:
    """A resume at 50% that loads the model weights but not ``optimizer.state_dict()``."""
    seeded(run)
    data = char_lm(30000, run.seed)
    model = CharRNN("gru")
    opt = AdamW(model.parameters(), lr=5e-3, weight_decay=0.01)
    resume = run.at(0.5)
    r = train(run, model, opt, data, eval_every=100,
              new_optimizer=lambda i: AdamW(model.parameters(), lr=5e-3, weight_decay=0.01) if i == resume else None)
    return reset_label(run, r, [resume])


def overfit_label(run: Run, r: Result) -> Label:
    best, low = r.best_val()
    last = max(r.val_losses)
    return Label(
        must_fire=("overfitting",), may_fire=("plateau",),
        fault_step=step_of(best), tolerance_steps=run.tolerance(150),
        note=f"val loss bottoms at {low:.3f} at step {step_of(best)}, {r.val_losses[last]:.3f} at step "
        f"{step_of(last)}; train loss {r.mean(best - 20, best):.3f} -> "
        f"{r.mean(run.steps - 20, run.steps):.3f}",
    )  # fmt: skip


@scenario("mlp-adam-overfit-small-train", steps=1500, alt=True)
def mlp_adam_overfit_small_train(run: Run) -> Label:
    """A wide MLP on 512 noisy examples for ~90 epochs: it memorises, val loss turns up."""
    seeded(run)
    data = teacher_classification(512, 10, run.seed, batch_size=32)
    model = mlp([20, 512, 512, 10])
    opt = (AdamW if run.alt else Adam)(model.parameters(), lr=3e-4)
    return overfit_label(run, train(run, model, opt, data, eval_every=50))


@scenario("cnn-sgdm-overfit-small-train", steps=1200)
def cnn_sgdm_overfit_small_train(run: Run) -> Label:
    """A wide CNN on 160 noisy images with SGD+momentum for ~240 epochs, val every 40 steps."""
    seeded(run)
    data = image_classification(160, run.seed, batch_size=32)
    model = small_cnn(8, width=32)
    opt = SGD(model.parameters(), lr=0.03, momentum=0.9)
    return overfit_label(run, train(run, model, opt, data, eval_every=40))


def initial_label(run: Run, r: Result, expected: float, what: str) -> Label:
    return Label(
        must_fire=("wrong-initial-loss",), may_fire=("lr-too-high", "missing-warmup", "plateau"),
        fault_step=1, tolerance_steps=run.tolerance(20),
        note=f"{what}: loss at step 1 {r.losses[0]:.3f} vs {expected:.3f} expected; "
        f"{r.mean(run.steps - 50, run.steps):.3f} at the end",
    )  # fmt: skip


@scenario("mlp-sgdm-last-layer-x50", steps=800)
def mlp_sgdm_last_layer_x50(run: Run) -> Label:
    """The output layer initialised 50x too large: confident random logits, initial loss >> ln 10."""
    seeded(run)
    data = teacher_classification(20000, 10, run.seed)
    model = mlp([20, 128, 128, 10])
    with torch.no_grad():
        model[-1].weight.mul_(50)
    opt = SGD(model.parameters(), lr=0.03, momentum=0.9)
    return initial_label(run, train(run, model, opt, data, eval_every=100), LN(10), "last layer x50")


def summed_cross_entropy(out: Tensor, y: Tensor) -> Tensor:
    return F.cross_entropy(out, y, reduction="sum")


@scenario("cnn-adam-summed-loss", steps=800)
def cnn_adam_summed_loss(run: Run) -> Label:
    """Cross-entropy with reduction='sum': the loss is batch_size x ln C at the start (Adam hides it)."""
    seeded(run)
    data = image_classification(3000, run.seed)
    model = small_cnn(8)
    opt = Adam(model.parameters(), lr=1e-3)
    r = train(run, model, opt, data, loss_fn=summed_cross_entropy,
              loss_name="cross_entropy (reduction=sum)", eval_every=100)  # fmt: skip
    return initial_label(run, r, LN(8), f"summed over batch {data.batch_size} (= {data.batch_size * LN(8):.1f})")


def same_position_targets(data: Data) -> Data:
    """The off-by-one bug: targets are the inputs themselves, not the next characters."""
    return replace(data, y=data.x, val_y=data.val_x)


@scenario("charlm-tied-gru-target-leak", steps=600)
def charlm_tied_gru_target_leak(run: Run) -> Label:
    """A tied-embedding GRU LM whose targets are its inputs: the answer leaks in, loss << ln V at step 0."""
    seeded(run)
    data = same_position_targets(char_lm(20000, run.seed))
    model = TiedCharRNN("gru")
    nn.init.normal_(model.embed.weight, std=0.3)
    opt = Adam(model.parameters(), lr=1e-3)
    r = train(run, model, opt, data, eval_every=100)
    return initial_label(run, r, LN(len(VOCAB)), "targets = inputs with tied embeddings")


def corrupt_rows(data: Data, frac: float, scale: float, seed: int) -> Data:
    """Multiply the inputs of a random ``frac`` of the training rows by ``scale`` (an unnormalised shard)."""
    g = torch.Generator().manual_seed(seed + 7)
    bad = torch.rand(len(data.x), generator=g) < frac
    x = data.x.clone()
    x[bad] *= scale
    return replace(data, x=x)


def first_grad_jump(r: Result, factor: float = 10.0, warm: int = 20) -> int:
    """The first iteration whose gradient norm is ``factor`` x the median of the ones before it."""
    for i in range(warm, len(r.grad_norms)):
        before = sorted(r.grad_norms[:i])
        if r.grad_norms[i] > factor * before[len(before) // 2]:
            return i
    return len(r.grad_norms) - 1


def explode_label(run: Run, r: Result, what: str) -> Label:
    jump = first_grad_jump(r)
    norms = sorted(r.grad_norms)
    median = norms[len(norms) // 2]
    return Label(
        must_fire=("exploding-gradients",), may_fire=("lr-too-high", "plateau", "missing-warmup"),
        fault_step=step_of(jump), tolerance_steps=run.tolerance(100),
        note=f"{what}: median grad norm {median:.2g}, max {norms[-1]:.3g} ({norms[-1] / median:.0f}x), "
        f"{sum(g > 10 * median for g in norms)} steps above 10x; first jump at step {step_of(jump)}",
    )  # fmt: skip


@scenario("cnn-sgdm-unscaled-shard-exploding", steps=800)
def cnn_sgdm_unscaled_shard_exploding(run: Run) -> Label:
    """1% of the images were left unnormalised (x30) and nothing clips: those batches make gradient
    norms jump by one to two orders of magnitude and knock the trained CNN back."""
    seeded(run)
    data = corrupt_rows(image_classification(3000, run.seed), 0.01, 30.0, run.seed)
    model = small_cnn(8)
    opt = SGD(model.parameters(), lr=0.02, momentum=0.9)
    return explode_label(run, train(run, model, opt, data, eval_every=100), "1% of inputs x30, no clipping")


@scenario("regression-adam-outlier-rows-exploding", steps=800, alt=True)
def regression_adam_outlier_rows_exploding(run: Run) -> Label:
    """MSE regression with 0.5% of rows whose features are x100 (unit mix-up), Adam without clipping:
    the gradient norm jumps by two orders of magnitude whenever such a row is in the batch."""
    seeded(run)
    data = corrupt_rows(regression(4000, run.seed), 0.005, 100.0, run.seed)
    model = mlp([8, 128, 128, 1])
    opt = (AdamW if run.alt else Adam)(model.parameters(), lr=1e-3)
    r = train(run, model, opt, data, loss_fn=F.mse_loss, loss_name="mse", eval_every=100)
    return explode_label(run, r, "0.5% of rows x100, no clipping")


def early_climb(losses: list[float], steps: int) -> float:
    """How far the smoothed log-loss (centred rolling median over n/25 points, shrinking at the edges)
    rises above its starting value within the first 10% of the run."""
    import numpy as np

    from lrdoctor.signals import rolling_median

    smooth = rolling_median(np.log(np.array(losses)), max(3, steps // 25))
    return float(smooth[: max(1, round(0.1 * steps))].max() - smooth[0])


def loss_curve(
    run: Run, model: nn.Module, optimizer: Optimizer, data: Data, loss_fn: LossFn, scheduler: Any
) -> list[float]:
    """Train without recording (the control run) and return the per-step losses."""
    batches = data.batches(run.seed)
    losses: list[float] = []
    for _ in range(run.steps):
        x, y, _epoch = next(batches)
        loss = loss_fn(model(x), y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        scheduler.step()
        losses.append(loss.item())
    return losses


def no_warmup_run(
    run: Run, make_model: Callable[[], nn.Module], make_opt: Callable[[nn.Module], Optimizer], data: Data,
    loss_fn: LossFn, loss_name: str,
) -> Label:
    """Train with full lr from step 1 (cosine decay), recorded; then the same setup with a linear warmup over
    10% of the run as an unrecorded control, so the label can state both early climbs."""
    seeded(run)
    model = make_model()
    opt = make_opt(model)
    sched = lr_scheduler.CosineAnnealingLR(opt, run.steps)
    r = train(run, model, opt, data, loss_fn=loss_fn, loss_name=loss_name, scheduler=sched, eval_every=100)
    seeded(run)
    control_model = make_model()
    control_opt = make_opt(control_model)
    control = loss_curve(run, control_model, control_opt, data, loss_fn, warmup_cosine(control_opt, run.at(0.1), run.steps))
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


@scenario("regression-gelu-adam-no-warmup", steps=500, alt=True)
def regression_gelu_adam_no_warmup(run: Run) -> Label:
    """A GELU MLP regression with Adam at lr 0.03 and cosine decay but no warmup: the first full-size
    Adam steps blow the MSE up ~5x before training recovers."""
    raw = regression(20000, run.seed, batch_size=1024)
    mu = raw.y.mean()
    data = replace(raw, y=raw.y - mu, val_y=raw.val_y - mu)
    make = AdamW if run.alt else Adam
    return no_warmup_run(
        run, lambda: mlp([8, 256, 256, 1], nn.GELU), lambda m: make(m.parameters(), lr=0.03), data,
        F.mse_loss, "mse",
    )  # fmt: skip


@scenario("mlp-adamw-no-warmup", steps=500)
def mlp_adamw_no_warmup(run: Run) -> Label:
    """A tanh MLP classifier with AdamW at lr 0.2, batch 1024 and cosine decay from step 1: the first
    updates saturate the tanh units and the loss shoots far above ln 10 before training recovers."""
    data = teacher_classification(20000, 10, run.seed, batch_size=1024)
    return no_warmup_run(
        run, lambda: mlp([20, 256, 256, 10], nn.Tanh), lambda m: AdamW(m.parameters(), lr=0.2), data,
        cross_entropy, "cross_entropy",
    )  # fmt: skip


# --------------------------------------------------------------------------- healthy look-alikes


def healthy(run: Run, r: Result, lookalike_for: tuple[str, ...], what: str) -> Label:
    val = ""
    if r.val_losses:
        val = f"; val loss {min(r.val_losses.values()):.3f} best, {r.val_losses[max(r.val_losses)]:.3f} last"
    return Label(
        lookalike_for=lookalike_for,
        note=f"healthy, {what}: loss {r.mean(0, 10):.3f} -> {r.mean(run.steps - 50, run.steps):.3f}{val}",
    )


@scenario("mlp-adamw-warmup-cosine", steps=1500, alt=True)
def mlp_adamw_warmup_cosine(run: Run) -> Label:
    seeded(run)
    data = teacher_classification(20000, 10, run.seed)
    model = mlp([20, 128, 128, 10])
    opt = (Adam if run.alt else AdamW)(model.parameters(), lr=3e-3)
    sched = warmup_cosine(opt, run.at(0.05), run.steps)
    r = train(run, model, opt, data, scheduler=sched, scheduler_name="linear warmup 5% + cosine", eval_every=100)
    lookalike = ("missing-warmup", "lr-too-low", "premature-decay", "plateau", "wrong-initial-loss", "overfitting")
    return healthy(run, r, lookalike, "linear warmup + cosine")


@scenario("cnn-sgdm-step-decay", steps=1200)
def cnn_sgdm_step_decay(run: Run) -> Label:
    seeded(run)
    data = image_classification(6000, run.seed)
    model = small_cnn(8)
    opt = SGD(model.parameters(), lr=0.02, momentum=0.9, weight_decay=5e-4)
    sched = lr_scheduler.MultiStepLR(opt, [run.at(0.5), run.at(0.75)], gamma=0.1)
    r = train(run, model, opt, data, scheduler=sched, eval_every=100)
    lookalike = ("premature-decay", "plateau", "optimizer-reset", "exploding-gradients")
    return healthy(run, r, lookalike, "x0.1 at 50% and 75%")


@scenario("charlm-gru-adam-onecycle", steps=800)
def charlm_gru_adam_onecycle(run: Run) -> Label:
    seeded(run)
    data = char_lm(30000, run.seed)
    model = CharRNN("gru")
    opt = Adam(model.parameters(), lr=1e-2)
    sched = lr_scheduler.OneCycleLR(opt, max_lr=1e-2, total_steps=run.steps)
    r = train(run, model, opt, data, scheduler=sched, eval_every=100)
    return healthy(run, r, ("lr-too-high", "missing-warmup", "premature-decay", "lr-too-low"), "one-cycle")


@scenario("mlp-sgdm-cyclic-triangular", steps=1200, alt=True)
def mlp_sgdm_cyclic_triangular(run: Run) -> Label:
    seeded(run)
    data = teacher_classification(20000, 10, run.seed)
    model = mlp([20, 128, 128, 10])
    opt = SGD(model.parameters(), lr=0.01, momentum=0.9)
    up = run.at(0.1)
    sched = lr_scheduler.CyclicLR(
        opt, base_lr=0.005, max_lr=0.05, step_size_up=up, mode="triangular", cycle_momentum=not run.alt
    )
    r = train(run, model, opt, data, scheduler=sched, eval_every=100)
    lookalike = ("lr-too-high", "optimizer-reset", "premature-decay", "plateau")
    return healthy(run, r, lookalike, "triangular cyclic lr")


@scenario("cnn-sgdm-warm-restarts", steps=1400)
def cnn_sgdm_warm_restarts(run: Run) -> Label:
    seeded(run)
    data = image_classification(6000, run.seed)
    model = small_cnn(8)
    opt = SGD(model.parameters(), lr=0.03, momentum=0.9)
    sched = lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=run.at(1 / 7), T_mult=2)
    r = train(run, model, opt, data, scheduler=sched, eval_every=100)
    lookalike = ("optimizer-reset", "lr-too-high", "premature-decay", "missing-warmup", "exploding-gradients")
    return healthy(run, r, lookalike, "SGDR, restarts at 1/7 and 3/7")


@scenario("charlm-gru-adamw-warm-restarts", steps=800)
def charlm_gru_adamw_warm_restarts(run: Run) -> Label:
    seeded(run)
    data = char_lm(30000, run.seed)
    model = CharRNN("gru")
    opt = AdamW(model.parameters(), lr=5e-3)
    sched = lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=run.at(0.25))
    r = train(run, model, opt, data, scheduler=sched, eval_every=100)
    lookalike = ("optimizer-reset", "lr-too-high", "premature-decay", "missing-warmup")
    return healthy(run, r, lookalike, "AdamW SGDR, restarts every 25%")


@scenario("regression-adam-reduce-on-plateau", steps=1500)
def regression_adam_reduce_on_plateau(run: Run) -> Label:
    seeded(run)
    data = regression(20000, run.seed)
    model = mlp([8, 128, 128, 1])
    opt = Adam(model.parameters(), lr=3e-3)
    sched = lr_scheduler.ReduceLROnPlateau(opt, factor=0.3, patience=1, threshold=0.05)
    r = train(run, model, opt, data, loss_fn=F.mse_loss, loss_name="mse", scheduler=sched, eval_every=50)
    lookalike = ("premature-decay", "plateau", "lr-too-high")
    return healthy(run, r, lookalike, "ReduceLROnPlateau on val every 50 steps")


@scenario("regression-adam-constant-converging", steps=1500, alt=True)
def regression_adam_constant_converging(run: Run) -> Label:
    seeded(run)
    data = regression(20000, run.seed)
    model = mlp([8, 128, 128, 1])
    opt = (AdamW if run.alt else Adam)(model.parameters(), lr=2e-3)
    r = train(run, model, opt, data, loss_fn=F.mse_loss, loss_name="mse", eval_every=50)
    return healthy(run, r, ("plateau", "lr-too-low", "overfitting"), "constant lr, val every 50")


@scenario("charlm-lstm-sgdm-exponential-decay", steps=800)
def charlm_lstm_sgdm_exponential_decay(run: Run) -> Label:
    seeded(run)
    data = char_lm(30000, run.seed)
    model = CharRNN("lstm")
    opt = SGD(model.parameters(), lr=1.0, momentum=0.9)
    sched = lr_scheduler.ExponentialLR(opt, gamma=0.01 ** (1 / run.steps))
    r = train(run, model, opt, data, scheduler=sched, eval_every=100)
    lookalike = ("premature-decay", "lr-too-low", "plateau")
    return healthy(run, r, lookalike, "exponential decay x0.01 over the run")


@scenario("transformer-adamw-warmup-cosine", steps=400, alt=True)
def transformer_adamw_warmup_cosine(run: Run) -> Label:
    seeded(run)
    data = char_lm(20000, run.seed)
    model = TinyTransformer(64, 2)
    opt = (Adam if run.alt else AdamW)(model.parameters(), lr=5e-3)
    sched = warmup_cosine(opt, run.at(0.1), run.steps)
    r = train(run, model, opt, data, scheduler=sched, scheduler_name="linear warmup 10% + cosine", eval_every=100)
    lookalike = ("missing-warmup", "lr-too-high", "lr-too-low", "wrong-initial-loss")
    return healthy(run, r, lookalike, "transformer with warmup")


@scenario("regression-sgdm-constant-log10", steps=2000, log_every=10)
def regression_sgdm_constant_log10(run: Run) -> Label:
    seeded(run)
    data = regression(20000, run.seed)
    model = mlp([8, 128, 128, 1])
    opt = SGD(model.parameters(), lr=0.01, momentum=0.9)
    r = train(run, model, opt, data, loss_fn=F.mse_loss, loss_name="mse", eval_every=200)
    return healthy(run, r, ("plateau", "lr-too-low", "non-finite-loss"), "constant lr, logged every 10 steps")


@scenario("mlp-sgdm-cosine-log50", steps=4000, log_every=50)
def mlp_sgdm_cosine_log50(run: Run) -> Label:
    seeded(run)
    data = teacher_classification(20000, 10, run.seed)
    model = mlp([20, 128, 128, 10])
    opt = SGD(model.parameters(), lr=0.05, momentum=0.9)
    sched = lr_scheduler.CosineAnnealingLR(opt, run.steps)
    r = train(run, model, opt, data, scheduler=sched, eval_every=250)
    lookalike = ("premature-decay", "plateau", "lr-too-low", "overfitting", "non-finite-loss")
    return healthy(run, r, lookalike, "cosine, logged every 50 steps")


# --------------------------------------------------------------------------- labels and main


LABELS_HEADER = """\
# Labels of the sample runs: written by make_samples.py beside the logs it trains; do not edit by hand.
# must_fire: rules that must report a warning or error; may_fire: rules allowed to (side effects of the
# fault); fault_step: the logged step where the fault starts, +- tolerance_steps; lookalike_for: rules a
# healthy run (must_fire = []) could fool. The comment above each run says what was injected and what
# the numbers show.
"""


def make(out: Path, name: str, variant: Variant) -> tuple[str, str]:
    """Train one run (in a worker process) and return its labels.toml entry."""
    torch.set_num_threads(1)
    run = Run(out, SCENARIOS[name], variant)
    return run.name, label_entry(run.name, run.scenario.train(run))


def plan(names: list[str], variants: bool) -> list[tuple[str, Variant]]:
    """The (scenario, variant) pairs to make: the base runs, or only their variants."""
    if not variants:
        return [(n, BASE) for n in names]
    jobs = []
    for n in names:
        sc = SCENARIOS[n]
        for v in VARIANTS:
            if v.alt_optimizer and not sc.alt:
                continue
            if 1 < v.log_every <= sc.log_every:  # not sparser than the base run
                continue
            if sc.steps * v.scale / max(sc.log_every, v.log_every) < MIN_ROWS:
                continue
            jobs.append((n, v))
    return jobs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="folder for the logs and labels.toml")
    parser.add_argument("--variants", action="store_true", help="make each scenario's variants, not its base run")
    parser.add_argument("--only", nargs="+", metavar="NAME", choices=sorted(SCENARIOS), help="only these scenarios")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    jobs = plan(args.only or sorted(SCENARIOS), args.variants)
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        done = pool.map(make, [args.out] * len(jobs), *zip(*jobs)) if jobs else []
        for name, entry in done:  # labels as each run lands: an interrupted batch keeps its finished runs
            write_labels(args.out, {name: entry}, LABELS_HEADER)
    print(f"{len(jobs)} runs written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
