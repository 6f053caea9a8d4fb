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
import csv
import math
import os
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import Tensor, nn
from torch.nn import functional as F
from torch.optim import (
    SGD, Adagrad, Adam, Adamax, AdamW, NAdam, Optimizer, RAdam, RMSprop, lr_scheduler,
)  # fmt: skip

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the checkout's lrdoctor, installed or not
sys.path.insert(0, str(ROOT / "sample_logs"))  # labels_file: the labels.toml writer shared with make_samples.py
import lrdoctor  # noqa: E402
from labels_file import label_entry, write_labels  # noqa: E402

DEFAULT_OUT = ROOT / "bench" / "out" / "holdout"
DEFAULT_OUTS = {"a": DEFAULT_OUT, "b": ROOT / "bench" / "out" / "holdout-b"}
LN = math.log


# --------------------------------------------------------------------------- scenarios and labels


@dataclass(frozen=True)
class Label:
    """What the analyzer must / may report on a run, where the fault starts, and whether the curves
    confirmed the construction (``confirmed`` False: fix the scenario)."""

    must_fire: tuple[str, ...] = ()
    may_fire: tuple[str, ...] = ()
    fault_step: int | None = None
    tolerance_steps: int | None = None
    lookalike_for: tuple[str, ...] = ()
    note: str = ""
    confirmed: bool = True


@dataclass(frozen=True)
class Run:
    """One training run to make: its name, where it goes, how long it is and how often it logs."""

    name: str
    out: Path
    steps: int
    log_every: int = 1
    average: bool = False  # set b: the logged loss is the mean over the logging window

    @property
    def path(self) -> Path:
        return self.out / f"{self.name}.csv"

    def at(self, frac: float) -> int:
        """The loop iteration at ``frac`` of the run."""
        return round(frac * self.steps)

    def tolerance(self, steps: int) -> int:
        """A location tolerance of ``steps``, never below two logging rows."""
        return max(steps, 2 * self.log_every)


@dataclass(frozen=True)
class Scenario:
    name: str
    steps: int
    log_every: int
    train: Callable[[Run], Label]
    set: str = "a"
    average: bool = False


SCENARIOS: dict[str, Scenario] = {}


def scenario(
    name: str, steps: int, log_every: int = 1, *, set: str = "a", average: bool = False
) -> Callable[[Callable[[Run], Label]], Callable[[Run], Label]]:
    """Register a scenario of set ``set`` of ``steps`` optimizer steps, logging the loss every ``log_every``
    steps (with ``average``, the mean loss of those steps)."""

    def register(fn: Callable[[Run], Label]) -> Callable[[Run], Label]:
        assert name not in SCENARIOS, name
        SCENARIOS[name] = Scenario(name, steps, log_every, fn, set, average)
        return fn

    return register


def scenario_b(
    name: str, steps: int, log_every: int, *, average: bool = False
) -> Callable[[Callable[[Run], Label]], Callable[[Run], Label]]:
    """Register a scenario of set b."""
    return scenario(name, steps, log_every, set="b", average=average)


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
        g = torch.Generator().manual_seed(2000 + seed)
        per_epoch = self.steps_per_epoch()
        epoch = 0
        while True:
            order = torch.randperm(len(self.x), generator=g)
            for b in range(per_epoch):
                idx = order[b * self.batch_size : (b + 1) * self.batch_size]
                yield self.x[idx], self.y[idx], epoch + b / per_epoch
            epoch += 1

    def steps_per_epoch(self) -> int:
        return max(1, len(self.x) // self.batch_size)


def split(x: Tensor, y: Tensor, n: int, task: str, classes: int | None, batch_size: int) -> Data:
    """The first ``n`` rows for training, the rest for validation."""
    return Data(x[:n], y[:n], x[n:], y[n:], task, classes, batch_size)


def flip_labels(y: Tensor, classes: int, frac: float, g: torch.Generator) -> Tensor:
    """Replace a random ``frac`` of the labels by uniform random classes (label noise)."""
    flip = torch.rand(len(y), generator=g) < frac
    return torch.where(flip, torch.randint(classes, y.shape, generator=g), y)


def gratings(n: int, seed: int, *, classes: int = 6, size: int = 16, n_val: int = 1000, batch_size: int = 64) -> Data:
    """16x16 sinusoidal gratings whose orientation is the class (jittered), random frequency, phase
    and contrast, under strong pixel noise."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    y = torch.randint(classes, (total,), generator=g)
    theta = y.float() * math.pi / classes + 0.08 * torch.randn(total, generator=g)
    freq = 1.5 + 2.0 * torch.rand(total, generator=g)
    phase = 2 * math.pi * torch.rand(total, generator=g)
    contrast = 0.5 + 0.5 * torch.rand(total, generator=g)
    c = torch.linspace(-0.5, 0.5, size)
    yy, xx = torch.meshgrid(c, c, indexing="ij")
    proj = xx * torch.cos(theta)[:, None, None] + yy * torch.sin(theta)[:, None, None]
    img = contrast[:, None, None] * torch.sin(2 * math.pi * freq[:, None, None] * proj + phase[:, None, None])
    x = (img + torch.randn(total, size, size, generator=g)).unsqueeze(1)
    return split(x, y, n, "classification", classes, batch_size)


def waveforms(
    n: int, seed: int, *, length: int = 64, noise: float = 0.6, n_val: int = 1000, batch_size: int = 64
) -> Data:
    """Noisy 1D series of six shapes (sine, square, sawtooth, triangle, chirp, damped sine) with a
    random frequency, phase and amplitude: the shape is the class."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    y = torch.randint(6, (total,), generator=g)
    t = torch.linspace(0, 1, length)
    freq = (2 + 4 * torch.rand(total, generator=g))[:, None]
    u = freq * t + torch.rand(total, 1, generator=g)  # in cycles
    saw = 2 * (u - torch.floor(u + 0.5))
    shapes = torch.stack([
        torch.sin(2 * math.pi * u), torch.sign(torch.sin(2 * math.pi * u)), saw, 2 * saw.abs() - 1,
        torch.sin(2 * math.pi * (u + 3 * t * t)), torch.exp(-4 * t) * torch.sin(2 * math.pi * u) * 2,
    ], 1)  # fmt: skip
    amp = 0.5 + torch.rand(total, 1, generator=g)
    x = amp * shapes[torch.arange(total), y] + noise * torch.randn(total, length, generator=g)
    return split(x.unsqueeze(1), y, n, "classification", 6, batch_size)


def echo_sums(n: int, seed: int, *, length: int = 24, n_val: int = 1000, batch_size: int = 64) -> Data:
    """Sequence regression: a squashed, recency-weighted sum of a noise sequence plus a product of two
    of its late values."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, length, 1, generator=g)
    w = 0.85 ** torch.arange(length - 1, -1, -1, dtype=torch.float32)
    s = (x[..., 0] * w).sum(1) / w.norm()
    y = torch.tanh(1.5 * s) + 0.5 * x[:, -3, 0] * x[:, -1, 0] + 0.05 * torch.randn(total, generator=g)
    return split(x, y[:, None], n, "regression", None, batch_size)


def rings(n: int, seed: int, *, dim: int = 10, classes: int = 4, flip: float = 0.03, n_val: int = 1000,
          batch_size: int = 64) -> Data:  # fmt: skip
    """Gaussian inputs classed by quantiles of a radial-plus-wave score, with a little label noise."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, dim, generator=g)
    score = x[:, :4].norm(dim=1) + 0.6 * torch.sin(2 * x[:, 4]) + 0.3 * x[:, 5]
    edges = torch.quantile(score, torch.linspace(0, 1, classes + 1)[1:-1])
    y = flip_labels(torch.bucketize(score, edges), classes, flip, g)
    return split(x, y, n, "classification", classes, batch_size)


def topic_docs(n: int, seed: int, *, vocab: int = 400, classes: int = 5, length: int = 24, rate: float = 0.25,
               flip: float = 0.0, n_val: int = 1000, batch_size: int = 64) -> Data:  # fmt: skip
    """Token documents: each class has twelve topic words, drawn at ``rate``, the rest uniform
    background tokens."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    topics = torch.stack([torch.randperm(vocab, generator=g)[:12] for _ in range(classes)])
    y = torch.randint(classes, (total,), generator=g)
    topical = topics[y].gather(1, torch.randint(12, (total, length), generator=g))
    background = torch.randint(vocab, (total, length), generator=g)
    x = torch.where(torch.rand(total, length, generator=g) < rate, topical, background)
    return split(x, flip_labels(y, classes, flip, g), n, "classification", classes, batch_size)


def blobs(n: int, seed: int, *, dim: int = 30, classes: int = 5, sep: float = 1.5, n_val: int = 1000,
          batch_size: int = 64) -> Data:  # fmt: skip
    """Gaussian clusters around random class means ``sep`` apart on average: logistic regression."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    means = torch.randn(classes, dim, generator=g) * sep / math.sqrt(2 * dim)
    y = torch.randint(classes, (total,), generator=g)
    x = means[y] + torch.randn(total, dim, generator=g) / 2
    return split(x, y, n, "classification", classes, batch_size)


def manifold(n: int, seed: int, *, dim: int = 32, latent: int = 4, n_val: int = 1000, batch_size: int = 64) -> Data:
    """Points on a curved 4-dimensional manifold in 32 dimensions, standardised: an autoencoder's data."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    a = torch.randn(latent, 16, generator=g)
    b = torch.randn(16, dim, generator=g) / 4
    x = torch.tanh(torch.randn(total, latent, generator=g) @ a) @ b + 0.05 * torch.randn(total, dim, generator=g)
    x = (x - x[:n].mean(0)) / x[:n].std(0)
    return split(x, x, n, "regression", None, batch_size)


def friedman(n: int, seed: int, *, n_val: int = 1000, batch_size: int = 64) -> Data:
    """Friedman's #1 regression target of ten uniform inputs (five unused), standardised."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.rand(total, 10, generator=g)
    y = (10 * torch.sin(math.pi * x[:, 0] * x[:, 1]) + 20 * (x[:, 2] - 0.5) ** 2 + 10 * x[:, 3] + 5 * x[:, 4]
         + torch.randn(total, generator=g))  # fmt: skip
    y = (y - y[:n].mean()) / y[:n].std()
    return split(2 * x - 1, y[:, None], n, "regression", None, batch_size)


def markov_tokens(
    n: int, seed: int, *, vocab: int = 12, order: int = 2, seq: int = 16, n_val: int = 500, batch_size: int = 32
) -> Data:
    """Token sequences of a Markov chain of ``order`` 1 or 2: each context has three likely successors
    (0.6, 0.25, 0.15). Next-token prediction; the entropy floor is 0.94 nats. A second-order chain
    takes a transformer a few hundred steps (it must learn to look two tokens back)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    contexts = vocab**order
    table = torch.zeros(contexts, vocab)
    succ = torch.stack([torch.randperm(vocab, generator=g)[:3] for _ in range(contexts)])
    table.scatter_(1, succ, torch.tensor([0.6, 0.25, 0.15]).expand(contexts, 3))
    tokens = [torch.randint(vocab, (total,), generator=g) for _ in range(order)]
    for _ in range(seq + 1 - order):
        context = tokens[-1] if order == 1 else tokens[-2] * vocab + tokens[-1]
        tokens.append(torch.multinomial(table[context], 1, generator=g)[:, 0])
    ids = torch.stack(tokens, 1)
    return split(ids[:, :-1], ids[:, 1:], n, "language_model", vocab, batch_size)


# --------------------------------------------------------------------------- models


class PatchViT(nn.Module):
    """A tiny pre-LN vision transformer: 4x4 patches of a 16x16 image, one layer, mean-pooled."""

    def __init__(self, classes: int, d: int = 32, layers: int = 1, patch: int = 4, size: int = 16) -> None:
        super().__init__()
        self.patch = patch
        self.embed = nn.Linear(patch * patch, d)
        self.pos = nn.Parameter(torch.randn((size // patch) ** 2, d) * 0.02)
        layer = nn.TransformerEncoderLayer(d, 4, 2 * d, dropout=0.0, batch_first=True, norm_first=True)
        self.body = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(d)
        self.head = nn.Linear(d, classes)

    def forward(self, x: Tensor) -> Tensor:
        patches = F.unfold(x, self.patch, stride=self.patch).transpose(1, 2)
        h = self.body(self.embed(patches) + self.pos)
        return self.head(self.norm(h).mean(1))


def tcn(classes: int, width: int = 16) -> nn.Sequential:
    """A 1D CNN for single-channel series: three convolutions, global average pooling, a linear head."""
    return nn.Sequential(
        nn.Conv1d(1, width, 7, padding=3), nn.ReLU(), nn.MaxPool1d(2),
        nn.Conv1d(width, 2 * width, 5, padding=2), nn.ReLU(), nn.MaxPool1d(2),
        nn.Conv1d(2 * width, 2 * width, 3, padding=1), nn.ReLU(),
        nn.AdaptiveAvgPool1d(1), nn.Flatten(), nn.Linear(2 * width, classes),
    )  # fmt: skip


class SeqRegressor(nn.Module):
    """An LSTM over the sequence; a linear head on its last hidden state."""

    def __init__(self, hidden: int = 32) -> None:
        super().__init__()
        self.rnn = nn.LSTM(1, hidden, batch_first=True)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x: Tensor) -> Tensor:
        h, _ = self.rnn(x)
        return self.head(h[:, -1])


def mlp_ln(sizes: list[int], dropout: float = 0.1) -> nn.Sequential:
    """Linear -> LayerNorm -> GELU -> Dropout blocks, then a linear output layer."""
    layers: list[nn.Module] = []
    for a, b in zip(sizes[:-2], sizes[1:-1]):
        layers += [nn.Linear(a, b), nn.LayerNorm(b), nn.GELU(), nn.Dropout(dropout)]
    layers.append(nn.Linear(sizes[-2], sizes[-1]))
    return nn.Sequential(*layers)


def mlp(sizes: list[int], act: type[nn.Module] = nn.ReLU) -> nn.Sequential:
    """Plain linear layers of ``sizes`` with ``act`` between them."""
    layers: list[nn.Module] = []
    for a, b in zip(sizes[:-2], sizes[1:-1]):
        layers += [nn.Linear(a, b), act()]
    layers.append(nn.Linear(sizes[-2], sizes[-1]))
    return nn.Sequential(*layers)


class BagClassifier(nn.Module):
    """An EmbeddingBag (mean of the token embeddings), optionally a hidden ReLU layer, a linear head."""

    def __init__(self, vocab: int, classes: int, dim: int = 32, hidden: int = 0) -> None:
        super().__init__()
        self.bag = nn.EmbeddingBag(vocab, dim, mode="mean")
        self.hidden: nn.Module = nn.Sequential(nn.Linear(dim, hidden), nn.ReLU()) if hidden else nn.Identity()
        self.head = nn.Linear(hidden or dim, classes)

    def forward(self, x: Tensor) -> Tensor:
        return self.head(self.hidden(self.bag(x)))


def logreg(dim: int, classes: int) -> nn.Linear:
    """Logistic regression, zero-initialised as usual (the first loss is exactly ln C)."""
    model = nn.Linear(dim, classes)
    nn.init.zeros_(model.weight)
    nn.init.zeros_(model.bias)
    return model


def autoencoder(dim: int = 32, latent: int = 4) -> nn.Sequential:
    return nn.Sequential(
        nn.Linear(dim, 24), nn.ELU(), nn.Linear(24, latent), nn.Linear(latent, 24), nn.ELU(), nn.Linear(24, dim)
    )


class CausalLM(nn.Module):
    """A causal transformer LM; pre-LN (with a final LayerNorm) or post-LN (the kind that needs warmup)."""

    def __init__(self, vocab: int, seq: int = 16, d: int = 32, layers: int = 2, pre_ln: bool = True) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, d)
        self.pos = nn.Parameter(torch.randn(seq, d) * 0.02)
        layer = nn.TransformerEncoderLayer(d, 4, 4 * d, dropout=0.0, batch_first=True, norm_first=pre_ln)
        self.body = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.norm: nn.Module = nn.LayerNorm(d) if pre_ln else nn.Identity()
        self.head = nn.Linear(d, vocab)
        self.register_buffer("mask", nn.Transformer.generate_square_subsequent_mask(seq))

    def forward(self, x: Tensor) -> Tensor:
        t = x.shape[1]
        h = self.body(self.embed(x) + self.pos[:t], mask=self.mask[:t, :t], is_causal=True)
        return self.head(self.norm(h))


# --------------------------------------------------------------------------- training


LossFn = Callable[[Tensor, Tensor], Tensor]


def cross_entropy(out: Tensor, y: Tensor) -> Tensor:
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1))


def accuracy(out: Tensor, y: Tensor) -> float:
    return float((out.argmax(-1) == y).float().mean())


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


@torch.no_grad()
def evaluate(model: nn.Module, data: Data, loss_fn: LossFn) -> tuple[float, float]:
    model.eval()
    out = model(data.val_x)
    acc = accuracy(out, data.val_y) if data.num_classes else float("nan")
    return float(loss_fn(out, data.val_y)), acc


def train(
    run: Run,
    model: nn.Module,
    optimizer: Optimizer,
    data: Data,
    *,
    eval_every: int,
    loss_fn: LossFn = cross_entropy,
    loss_name: str = "cross_entropy",
    scheduler: Any = None,
    scheduler_name: str | None = None,
    new_optimizer: Callable[[int], Optimizer | None] | None = None,
    corrupt: Callable[[int, Tensor], Tensor] | None = None,
) -> Curves:
    """Train ``model`` for ``run.steps`` steps through the recorder, as make_samples.py does, and
    return the curves read back from the written CSV.

    ``new_optimizer(i)`` may return a fresh optimizer to use from iteration ``i`` on (the reset bugs;
    the recorder follows it by itself); ``corrupt(i, x)`` may replace the inputs of iteration ``i``.
    A ReduceLROnPlateau scheduler is stepped on each validation loss, any other after every step.
    """
    every = run.log_every
    meta: dict[str, Any] = {"scenario": run.name, "seed": 0, "log_every": every, "set": "holdout"}
    if scheduler_name or scheduler is None:
        meta["scheduler"] = scheduler_name or "constant"
    batches = data.batches(0)
    with lrdoctor.record(
        model, optimizer, run.path, scheduler=scheduler, num_classes=data.num_classes,
        batch_size=data.batch_size, task=data.task, loss_fn=loss_name, dataset_size=len(data.x), meta=meta,
        stats_every=every, ratio_every=every, layers_every=100 * every, on_problem="ignore", overwrite=True,
    ) as rec:  # fmt: skip
        for i in range(run.steps):
            optimizer = (new_optimizer(i) if new_optimizer else None) or optimizer
            x, y, epoch = next(batches)
            if corrupt is not None:
                x = corrupt(i, x)
            model.train()
            out = model(x)
            loss = loss_fn(out, y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            if i % every == 0:
                rec.log(loss=loss.item(), epoch=round(epoch, 4))
            if (i + 1) % eval_every == 0:
                val_loss, val_acc = evaluate(model, data, loss_fn)
                extra = {"val_acc": val_acc, "train_acc": accuracy(out, y)} if data.num_classes else {}
                rec.log(val_loss=val_loss, **extra)
                if isinstance(scheduler, lr_scheduler.ReduceLROnPlateau):
                    scheduler.step(val_loss)
            if scheduler is not None and not isinstance(scheduler, lr_scheduler.ReduceLROnPlateau):
                scheduler.step()
    if every > 1:
        keep_logged_rows(run.path)
    return Curves.read(run.path)


def control_losses(run: Run, data: Data, model: nn.Module, optimizer: Optimizer, scheduler: Any) -> np.ndarray:
    """Train without recording (a control run) and return the loss of every step."""
    batches = data.batches(0)
    losses = []
    for _ in range(run.steps):
        x, y, _epoch = next(batches)
        loss = cross_entropy(model(x), y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        scheduler.step()
        losses.append(loss.item())
    return np.array(losses)


def warmup_linear(optimizer: Optimizer, warmup: int, total: int) -> lr_scheduler.LambdaLR:
    """Linear warmup over ``warmup`` steps, then linear decay to zero at ``total``."""

    def factor(step: int) -> float:
        return (step + 1) / warmup if step < warmup else max(0.0, (total - step) / (total - warmup))

    return lr_scheduler.LambdaLR(optimizer, factor)


def warmup_constant(optimizer: Optimizer, warmup: int) -> lr_scheduler.LambdaLR:
    """Linear warmup over ``warmup`` steps, then constant."""
    return lr_scheduler.LambdaLR(optimizer, lambda s: min(1.0, (s + 1) / warmup))


# --------------------------------------------------------------------------- the recorded curves


def rolling_median(values: np.ndarray, width: int) -> np.ndarray:
    """Centred running median over ``width`` points, shrinking at the edges."""
    half = width // 2
    return np.array([np.median(values[max(0, i - half) : i + half + 1]) for i in range(len(values))])


@dataclass(frozen=True)
class Curves:
    """The columns of a recorded run the labels are checked on (numpy, NaN where a row has none)."""

    step: np.ndarray
    loss: np.ndarray
    grad_norm: np.ndarray
    opt_step: np.ndarray
    val_step: np.ndarray
    val_loss: np.ndarray

    @classmethod
    def read(cls, path: Path) -> Curves:
        with path.open(newline="") as f:
            rows = list(csv.DictReader(f))

        def col(name: str, of: list[dict[str, str]]) -> np.ndarray:
            return np.array([float(r[name]) if r.get(name) else math.nan for r in of])

        trained = [r for r in rows if r.get("loss")]
        evals = [r for r in rows if r.get("val_loss")]
        return cls(col("step", trained), col("loss", trained), col("grad_norm", trained), col("opt_step", trained),
                   col("step", evals), col("val_loss", evals))  # fmt: skip

    def rows(self, start: float, stop: float) -> np.ndarray:
        """Finite losses of the rows with ``start <= step < stop``."""
        part = self.loss[(self.step >= start) & (self.step < stop)]
        return part[np.isfinite(part)]

    def mean(self, start: float, stop: float) -> float:
        part = self.rows(start, stop)
        return float(part.mean()) if len(part) else math.nan

    def head(self, frac: float = 0.02) -> float:
        """Mean loss of the first ``frac`` of the run (at least three rows)."""
        return float(np.nanmean(self.loss[: max(3, round(frac * len(self.loss)))]))

    def tail(self, frac: float = 0.05) -> float:
        """Mean loss of the last ``frac`` of the run (at least three rows)."""
        return float(np.nanmean(self.loss[-max(3, round(frac * len(self.loss))) :]))

    def smooth(self) -> np.ndarray:
        """The loss under a centred running median over 4% of the rows (at least five)."""
        return rolling_median(self.loss, max(5, len(self.loss) // 25 | 1))

    def pace(self, start: float, stop: float) -> float:
        """Least-squares drop of the loss per step over the rows with ``start <= step < stop``."""
        keep = (self.step >= start) & (self.step < stop) & np.isfinite(self.loss)
        return -float(np.polyfit(self.step[keep], self.loss[keep], 1)[0])

    def first_nonfinite(self) -> int | None:
        bad = np.flatnonzero(~np.isfinite(self.loss))
        return int(self.step[bad[0]]) if len(bad) else None

    def opt_step_drops(self) -> list[int]:
        """Steps where the optimizer's own step counter went back (a new optimizer took over)."""
        s = self.opt_step
        return [int(self.step[i]) for i in range(1, len(s)) if s[i] < s[i - 1]]

    def val_summary(self) -> tuple[int, float, float]:
        """(step of the best validation loss, best, last)."""
        best = int(np.argmin(self.val_loss))
        return int(self.val_step[best]), float(self.val_loss[best]), float(self.val_loss[-1])

    def val_jumps(self, factor: float = 1.5, after: float = 0.2) -> int:
        """How many times the validation loss rose ``factor``-fold from one evaluation to the next,
        after the first ``after`` of the run (a bouncing run)."""
        v, late = self.val_loss, self.val_step[1:] > after * self.step[-1]
        return int(np.sum((v[1:] > factor * v[:-1]) & late))

    def grad_spread(self) -> float:
        """Largest finite gradient norm over the median one."""
        g = self.grad_norm[np.isfinite(self.grad_norm)]
        return float(g.max() / np.median(g))


def step_of(i: int) -> int:
    """The row ``step`` of loop iteration ``i``: the recorder numbers optimizer steps from 1."""
    return i + 1


# --------------------------------------------------------------------------- labels, confirmed on the curves


def healthy(run: Run, c: Curves, lookalike_for: tuple[str, ...], what: str, classes: int | None = None) -> Label:
    """A healthy run: finite, the loss at least halved, the validation loss not rising (the best of
    the last three evaluations at most 3% above the best of all) nor bouncing (no 1.5-fold rise between
    evaluations after the first 20%) and, for C classes, a first loss within 25% of ln C."""
    best_step, best, last = c.val_summary()
    start, end = c.head(), c.tail()
    last3 = float(c.val_loss[-3:].min())
    ok = c.first_nonfinite() is None and end < 0.5 * start and last3 <= 1.03 * best and c.val_jumps() == 0
    initial = ""
    if classes:
        ok &= abs(c.loss[0] / LN(classes) - 1) < 0.25
        initial = f"; first loss {c.loss[0]:.3f} (ln {classes} = {LN(classes):.3f})"
    return Label(
        lookalike_for=lookalike_for, confirmed=ok,
        note=f"healthy, {what}: loss {start:.3f} -> {end:.3f}; val loss best {best:.3f} at step {best_step}, "
        f"{last:.3f} at the end, best of the last three {last3 / best - 1:+.1%} on it{initial}; grad norm max/median "
        f"{c.grad_spread():.1f}",
    )  # fmt: skip


def too_high_label(run: Run, c: Curves, what: str) -> Label:
    """lr too high: diverging (the running median of the loss ends 25% above its best, or has given back
    more than half of the progress made to it) or bouncing (the validation loss rises 1.5-fold from one
    evaluation to the next at least twice after the first 20% of the run). Rows above 3x the running
    median are counted for the note only: heavy-tailed batch losses have them in healthy runs too."""
    smooth = c.smooth()
    low = int(np.nanargmin(smooth))
    spikes = int(np.sum(c.loss > 3 * smooth))
    start, end = float(smooth[0]), float(smooth[-1])
    jumps = c.val_jumps()
    ok = end > 1.25 * smooth[low] or end - smooth[low] > 0.5 * (start - smooth[low]) or jumps >= 2
    _, best_val, last_val = c.val_summary()
    return Label(
        # full lr from step 1: an unstable start may read as a missing warmup
        must_fire=("lr-too-high",), may_fire=("plateau", "exploding-gradients", "missing-warmup"),
        fault_step=1, tolerance_steps=run.steps, confirmed=ok,
        note=f"{what}: running-median loss {start:.3f} -> best {smooth[low]:.3f} at step {int(c.step[low])} -> "
        f"{end:.3f} at the end; val loss best {best_val:.3f}, {last_val:.3f} at the end, {jumps} rises of 1.5x "
        f"between evaluations; {spikes} rows above 3x the running median",
    )  # fmt: skip


def too_low_label(run: Run, c: Curves, what: str) -> Label:
    """lr too low: still falling over the last quarter, and nearly linear in log-loss (the first
    quarter holds under 40% of the drop). Loss levels are means over 5% of the run (start, 25%, end)."""
    span = 0.05 * run.steps
    q = [LN(c.mean(a, a + span)) for a in (0, run.steps / 4 - span / 2, run.steps - span + 1)]
    first_quarter = (q[0] - q[1]) / (q[0] - q[2])
    late = c.pace(0.75 * run.steps, run.steps + 1)
    ok = late > 0 and first_quarter < 0.4
    return Label(
        must_fire=("lr-too-low",), may_fire=("plateau",),
        fault_step=1, tolerance_steps=run.steps, confirmed=ok,
        note=f"{what}: loss {math.exp(q[0]):.3f} -> {math.exp(q[1]):.3f} (25%) -> {math.exp(q[2]):.3f}; first quarter "
        f"holds {first_quarter:.0%} of the "
        f"log-loss drop; still falling {late:.2g}/step over the last quarter",
    )  # fmt: skip


def reset_label(run: Run, c: Curves, resets: list[int], what: str) -> Label:
    """Optimizer reset: the recorded optimizer step counter goes back at each injected reset."""
    drops = c.opt_step_drops()
    ok = drops == [step_of(i) for i in resets]
    jumps = [c.mean(step_of(i), step_of(i) + 5) - c.mean(step_of(i) - 5, step_of(i)) for i in resets]
    shown = ", ".join(str(step_of(i)) for i in resets[:3]) + ("..." if len(resets) > 3 else "")
    return Label(
        must_fire=("optimizer-reset",), may_fire=("lr-too-high", "missing-warmup", "plateau", "overfitting"),
        fault_step=step_of(resets[0]), tolerance_steps=run.tolerance(5), confirmed=ok,
        note=f"{what}: new optimizer at steps {shown} ({len(resets)}); opt_step goes back at {len(drops)} steps; "
        f"loss of the 5 steps after a reset minus the 5 before: median {float(np.median(jumps)):+.3f}",
    )  # fmt: skip


def decay_label(run: Run, c: Curves, cut: int, what: str) -> Label:
    """Premature decay: the loss kept under 30% of its pace after the cut, and fell substantially
    before it (the cut came mid-descent)."""
    window = run.at(0.08)
    at = step_of(cut)
    before, after = c.pace(at - window, at), c.pace(at, at + window)
    ok = before > 0 and after < 0.3 * before
    return Label(
        must_fire=("premature-decay",), may_fire=("plateau", "lr-too-low"),
        fault_step=at, tolerance_steps=run.tolerance(30), confirmed=ok,
        note=f"{what}: lr x0.01 at step {at}: loss fell {before:.2g}/step over the {window} steps before, "
        f"{after:.2g}/step over the {window} after ({after / before:.0%} kept); {c.mean(at - 10, at):.3f} at the "
        f"cut, {c.tail():.3f} at the end",
    )  # fmt: skip


def overfit_label(run: Run, c: Curves, what: str) -> Label:
    """Overfitting: the validation loss ends >15% above its best, most evaluations after the best are
    above it by >5%, and the training loss fell after the best evaluation."""
    best_step, best, last = c.val_summary()
    after = c.val_loss[c.val_step > best_step]
    above = float(np.mean(after > 1.05 * best)) if len(after) else 0.0
    train_at_best, train_end = c.mean(best_step - 50, best_step + 1), c.tail()
    ok = last > 1.15 * best and above > 0.7 and train_end < train_at_best
    return Label(
        must_fire=("overfitting",), may_fire=("plateau",),
        fault_step=best_step, tolerance_steps=run.tolerance(150), confirmed=ok,
        note=f"{what}: val loss best {best:.3f} at step {best_step}, {last:.3f} at the end ({above:.0%} of the later "
        f"evaluations >5% above the best); train loss {train_at_best:.3f} -> {train_end:.3f}",
    )  # fmt: skip


def initial_label(run: Run, c: Curves, classes: int, what: str) -> Label:
    """Wrong initial loss: the first logged loss is more than 3x ln C."""
    ratio = c.loss[0] / LN(classes)
    return Label(
        must_fire=("wrong-initial-loss",), may_fire=("lr-too-high", "missing-warmup", "plateau"),
        fault_step=1, tolerance_steps=run.tolerance(20), confirmed=ratio > 3,
        note=f"{what}: loss at step 1 {c.loss[0]:.2f} vs ln {classes} = {LN(classes):.3f} ({ratio:.0f}x); "
        f"{c.tail():.3f} at the end",
    )  # fmt: skip


def nonfinite_label(run: Run, c: Curves, what: str) -> Label:
    """Non-finite loss: the recorded loss is NaN or inf from some step on."""
    bad = c.first_nonfinite()
    finite = c.loss[np.isfinite(c.loss)]
    return Label(
        must_fire=("non-finite-loss",), may_fire=("lr-too-high", "exploding-gradients", "overfitting"),
        fault_step=bad, tolerance_steps=run.tolerance(5), confirmed=bad is not None,
        note=f"{what}: loss {c.head():.3f} -> min {finite.min():.3f}; first non-finite loss at step {bad}, "
        f"{int(np.sum(~np.isfinite(c.loss)))} non-finite rows of {len(c.loss)}",
    )  # fmt: skip


def explode_label(run: Run, c: Curves, first: int, what: str) -> Label:
    """Exploding gradients: the largest gradient norm is >100x the median."""
    spread = c.grad_spread()
    g = c.grad_norm[np.isfinite(c.grad_norm)]
    above = int(np.sum(g > 10 * np.median(g)))
    return Label(
        must_fire=("exploding-gradients",), may_fire=("lr-too-high", "plateau", "missing-warmup"),
        fault_step=step_of(first), tolerance_steps=run.tolerance(20), confirmed=spread > 100,
        note=f"{what}: median grad norm {np.median(g):.2g}, max {g.max():.3g} ({spread:.0f}x), {above} rows "
        f"above 10x; first corrupted batch at step {step_of(first)}; loss {c.head():.3f} -> {c.tail():.3f}",
    )  # fmt: skip


def early_climb(losses: np.ndarray) -> float:
    """How far the smoothed log-loss rises above its start within the first 10% of the run."""
    smooth = rolling_median(np.log(losses), max(3, len(losses) // 25))
    return float(smooth[: max(1, round(0.1 * len(losses)))].max() - smooth[0])


# --------------------------------------------------------------------------- healthy runs


def seeded(seed: int = 0) -> None:
    torch.manual_seed(seed)


@scenario("vit-adamw-warmup-linear-decay", steps=600)
def vit_adamw_warmup_linear_decay(run: Run) -> Label:
    seeded()
    data = gratings(12000, 0)
    model = PatchViT(6)
    opt = AdamW(model.parameters(), lr=2e-3, weight_decay=0.05)
    sched = warmup_linear(opt, run.at(0.1), run.steps)
    c = train(run, model, opt, data, scheduler=sched, scheduler_name="linear warmup 10% + linear decay", eval_every=100)
    lookalike = ("missing-warmup", "lr-too-high", "premature-decay", "wrong-initial-loss", "overfitting")
    return healthy(run, c, lookalike, "patch transformer, warmup + linear decay", 6)


@scenario("vit-radam-poly-bs32", steps=500)
def vit_radam_poly_bs32(run: Run) -> Label:
    seeded(1)
    data = gratings(16000, 1, batch_size=32)
    model = PatchViT(6)
    opt = RAdam(model.parameters(), lr=3e-3)
    sched = lr_scheduler.PolynomialLR(opt, total_iters=run.steps, power=2.0)
    c = train(run, model, opt, data, scheduler=sched, eval_every=40)
    return healthy(run, c, ("missing-warmup", "premature-decay", "lr-too-low"), "RAdam, polynomial decay, batch 32", 6)


@scenario("tcn-sgd-nesterov-poly", steps=1500, log_every=5)
def tcn_sgd_nesterov_poly(run: Run) -> Label:
    seeded(2)
    data = waveforms(12000, 2)
    model = tcn(6)
    opt = SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True)
    sched = lr_scheduler.PolynomialLR(opt, total_iters=run.steps, power=1.5)
    c = train(run, model, opt, data, scheduler=sched, eval_every=150)
    lookalike = ("premature-decay", "plateau", "lr-too-high", "wrong-initial-loss")
    return healthy(run, c, lookalike, "1D CNN, Nesterov SGD, polynomial decay, logged every 5", 6)


@scenario("tcn-adamw-cyclic-exp-range", steps=1200)
def tcn_adamw_cyclic_exp_range(run: Run) -> Label:
    seeded(3)
    data = waveforms(12000, 3)
    model = tcn(6)
    opt = AdamW(model.parameters(), lr=1e-3)
    sched = lr_scheduler.CyclicLR(opt, base_lr=2e-4, max_lr=4e-3, step_size_up=run.at(0.1), mode="exp_range",
                                  gamma=0.01 ** (1 / run.steps), cycle_momentum=False)  # fmt: skip
    c = train(run, model, opt, data, scheduler=sched, eval_every=120)
    lookalike = ("lr-too-high", "optimizer-reset", "premature-decay", "missing-warmup", "plateau")
    return healthy(run, c, lookalike, "AdamW, cyclic lr exp_range", 6)


@scenario("tcn-radam-multistep-bs8", steps=2500, log_every=20)
def tcn_radam_multistep_bs8(run: Run) -> Label:
    seeded(4)
    data = waveforms(20000, 4, noise=0.3, batch_size=8)
    model = tcn(6)
    opt = RAdam(model.parameters(), lr=1e-3)
    sched = lr_scheduler.MultiStepLR(opt, [run.at(0.5), run.at(0.75)], gamma=0.1)
    c = train(run, model, opt, data, scheduler=sched, eval_every=250)
    lookalike = ("premature-decay", "lr-too-high", "exploding-gradients", "plateau")
    return healthy(run, c, lookalike, "RAdam, batch 8, x0.1 at 50% and 75%, logged every 20", 6)


@scenario("lstm-seqreg-rmsprop-multistep", steps=1600)
def lstm_seqreg_rmsprop_multistep(run: Run) -> Label:
    seeded(5)
    data = echo_sums(20000, 5)
    model = SeqRegressor()
    opt = RMSprop(model.parameters(), lr=2e-3)
    sched = lr_scheduler.MultiStepLR(opt, [run.at(0.5), run.at(0.75)], gamma=0.2)
    c = train(run, model, opt, data, loss_fn=F.mse_loss, loss_name="mse", scheduler=sched, eval_every=100)
    lookalike = ("premature-decay", "plateau", "lr-too-high", "missing-warmup")
    return healthy(run, c, lookalike, "LSTM regressor, RMSprop, x0.2 at 50% and 75%")


@scenario("lstm-seqreg-adamw-onecycle-bs8", steps=2000, log_every=20)
def lstm_seqreg_adamw_onecycle_bs8(run: Run) -> Label:
    seeded(6)
    data = echo_sums(20000, 6, batch_size=8)
    model = SeqRegressor()
    opt = AdamW(model.parameters(), lr=3e-3)
    sched = lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=run.steps)
    c = train(run, model, opt, data, loss_fn=F.mse_loss, loss_name="mse", scheduler=sched, eval_every=200)
    lookalike = ("lr-too-high", "exploding-gradients", "missing-warmup", "lr-too-low")
    return healthy(run, c, lookalike, "LSTM regressor, one-cycle, batch 8, logged every 20")


@scenario("mlpln-nadam-sgdr-tmult2", steps=1400)
def mlpln_nadam_sgdr_tmult2(run: Run) -> Label:
    seeded(7)
    data = rings(20000, 7)
    model = mlp_ln([10, 128, 128, 4])
    opt = NAdam(model.parameters(), lr=2e-3)
    sched = lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=run.at(1 / 7), T_mult=2)
    c = train(run, model, opt, data, scheduler=sched, eval_every=100)
    lookalike = ("optimizer-reset", "lr-too-high", "premature-decay", "missing-warmup", "overfitting")
    return healthy(run, c, lookalike, "LayerNorm+dropout MLP, NAdam, SGDR T_mult=2 (restarts at 1/7, 3/7)", 4)


@scenario("mlpln-sgd-nesterov-plateau-sched", steps=2000, log_every=5)
def mlpln_sgd_nesterov_plateau_sched(run: Run) -> Label:
    seeded(8)
    data = rings(20000, 8)
    model = mlp_ln([10, 128, 128, 4])
    opt = SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True)
    sched = lr_scheduler.ReduceLROnPlateau(opt, factor=0.5, patience=2, threshold=0.01)
    c = train(run, model, opt, data, scheduler=sched, eval_every=50)
    lookalike = ("premature-decay", "plateau", "overfitting")
    return healthy(run, c, lookalike, "Nesterov SGD, ReduceLROnPlateau on val every 50", 4)


@scenario("embbag-adagrad-constant", steps=1500, log_every=5)
def embbag_adagrad_constant(run: Run) -> Label:
    seeded(9)
    data = topic_docs(20000, 9)
    model = BagClassifier(400, 5)
    opt = Adagrad(model.parameters(), lr=0.1)
    c = train(run, model, opt, data, eval_every=250)
    lookalike = ("plateau", "lr-too-low", "overfitting")
    return healthy(run, c, lookalike, "EmbeddingBag, Adagrad constant lr, logged every 5", 5)


@scenario("embbag-nadam-bs8-warmup-constant", steps=3000, log_every=20)
def embbag_nadam_bs8_warmup_constant(run: Run) -> Label:
    seeded(10)
    data = topic_docs(30000, 10, batch_size=8)
    model = BagClassifier(400, 5)
    opt = NAdam(model.parameters(), lr=2e-3)
    sched = warmup_constant(opt, run.at(0.05))
    c = train(run, model, opt, data, scheduler=sched, scheduler_name="linear warmup 5% + constant", eval_every=300)
    lookalike = ("plateau", "lr-too-high", "exploding-gradients", "overfitting")
    return healthy(run, c, lookalike, "NAdam, batch 8, warmup + constant, logged every 20", 5)


@scenario("embbag-radam-onecycle", steps=1000)
def embbag_radam_onecycle(run: Run) -> Label:
    seeded(11)
    data = topic_docs(20000, 11, vocab=1000, classes=8, rate=0.2)
    model = BagClassifier(1000, 8)
    opt = RAdam(model.parameters(), lr=1e-2)
    sched = lr_scheduler.OneCycleLR(opt, max_lr=1e-2, total_steps=run.steps)
    c = train(run, model, opt, data, scheduler=sched, eval_every=100)
    return healthy(run, c, ("lr-too-high", "missing-warmup", "premature-decay", "lr-too-low"), "RAdam, one-cycle", 8)


@scenario("logreg-sgd-onecycle-bs256", steps=300)
def logreg_sgd_onecycle_bs256(run: Run) -> Label:
    seeded(12)
    data = blobs(40000, 12, batch_size=256)
    model = logreg(30, 5)
    opt = SGD(model.parameters(), lr=0.5, momentum=0.9)
    sched = lr_scheduler.OneCycleLR(opt, max_lr=0.5, total_steps=run.steps)
    c = train(run, model, opt, data, scheduler=sched, eval_every=30)
    lookalike = ("lr-too-high", "plateau", "lr-too-low", "premature-decay")
    return healthy(run, c, lookalike, "logistic regression, one-cycle, batch 256", 5)


@scenario("logreg-adamax-linear-decay", steps=800, log_every=5)
def logreg_adamax_linear_decay(run: Run) -> Label:
    seeded(13)
    data = blobs(20000, 13)
    model = logreg(30, 5)
    opt = Adamax(model.parameters(), lr=2e-2)
    sched = lr_scheduler.LinearLR(opt, start_factor=1.0, end_factor=0.02, total_iters=run.steps)
    c = train(run, model, opt, data, scheduler=sched, eval_every=80)
    lookalike = ("plateau", "lr-too-low", "missing-warmup", "premature-decay")
    return healthy(run, c, lookalike, "logistic regression, Adamax, linear decay, logged every 5", 5)


@scenario("autoencoder-radam-plateau-sched", steps=2000, log_every=5)
def autoencoder_radam_plateau_sched(run: Run) -> Label:
    seeded(14)
    data = manifold(20000, 14)
    model = autoencoder()
    opt = RAdam(model.parameters(), lr=3e-3)
    sched = lr_scheduler.ReduceLROnPlateau(opt, factor=0.3, patience=2, threshold=0.02)
    c = train(run, model, opt, data, loss_fn=F.mse_loss, loss_name="mse", scheduler=sched, eval_every=100)
    return healthy(run, c, ("premature-decay", "plateau", "lr-too-low"), "autoencoder, RAdam, ReduceLROnPlateau on val")


@scenario("autoencoder-adagrad-multistep-bs256", steps=1000)
def autoencoder_adagrad_multistep_bs256(run: Run) -> Label:
    seeded(15)
    data = manifold(40000, 15, batch_size=256)
    model = autoencoder()
    opt = Adagrad(model.parameters(), lr=0.05)
    sched = lr_scheduler.MultiStepLR(opt, [run.at(0.5), run.at(0.75)], gamma=0.1)
    c = train(run, model, opt, data, loss_fn=F.mse_loss, loss_name="mse", scheduler=sched, eval_every=100)
    lookalike = ("premature-decay", "plateau", "lr-too-low")
    return healthy(run, c, lookalike, "autoencoder, Adagrad, batch 256, x0.1 at 50% and 75%")


@scenario("causallm-adamw-warmup-linear", steps=600)
def causallm_adamw_warmup_linear(run: Run) -> Label:
    seeded(16)
    data = markov_tokens(4000, 16)
    model = CausalLM(12)
    opt = AdamW(model.parameters(), lr=3e-3, weight_decay=0.01)
    sched = warmup_linear(opt, run.at(0.1), run.steps)
    c = train(run, model, opt, data, scheduler=sched, scheduler_name="linear warmup 10% + linear decay", eval_every=60)
    lookalike = ("missing-warmup", "lr-too-high", "plateau", "wrong-initial-loss")
    return healthy(run, c, lookalike, "pre-LN causal transformer LM, warmup + linear decay", 12)


@scenario("causallm-adamax-warmup-constant", steps=600, log_every=5)
def causallm_adamax_warmup_constant(run: Run) -> Label:
    seeded(17)
    data = markov_tokens(4000, 17)
    model = CausalLM(12)
    opt = Adamax(model.parameters(), lr=0.012)
    sched = warmup_constant(opt, run.at(0.05))
    c = train(run, model, opt, data, scheduler=sched, scheduler_name="linear warmup 5% + constant", eval_every=50)
    lookalike = ("missing-warmup", "plateau", "lr-too-high")
    return healthy(run, c, lookalike, "pre-LN causal LM, Adamax, warmup + constant, logged every 5", 12)


@scenario("friedman-mlp-rmsprop-warmup-linear-log20", steps=4000, log_every=20)
def friedman_mlp_rmsprop_warmup_linear_log20(run: Run) -> Label:
    seeded(18)
    data = friedman(40000, 18, batch_size=32)
    model = mlp([10, 64, 64, 1], nn.SiLU)
    opt = RMSprop(model.parameters(), lr=1e-3)
    sched = warmup_linear(opt, run.at(0.05), run.steps)
    c = train(run, model, opt, data, loss_fn=F.mse_loss, loss_name="mse", scheduler=sched,
              scheduler_name="linear warmup 5% + linear decay", eval_every=400)  # fmt: skip
    lookalike = ("plateau", "lr-too-low", "missing-warmup")
    return healthy(run, c, lookalike, "SiLU MLP regression, RMSprop, 4000 steps logged every 20")


@scenario("friedman-mlp-sgd-nesterov-warmup-constant-bs256", steps=1200, log_every=5)
def friedman_mlp_sgd_nesterov_warmup_constant_bs256(run: Run) -> Label:
    seeded(19)
    data = friedman(40000, 19, batch_size=256)
    model = mlp([10, 64, 64, 1], nn.SiLU)
    opt = SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True)
    sched = warmup_constant(opt, run.at(0.05))
    c = train(run, model, opt, data, loss_fn=F.mse_loss, loss_name="mse", scheduler=sched,
              scheduler_name="linear warmup 5% + constant", eval_every=100)  # fmt: skip
    return healthy(run, c, ("plateau", "lr-too-low", "lr-too-high"), "Nesterov SGD, batch 256, warmup + constant")


# --------------------------------------------------------------------------- faulty runs
# One fault each. The healthy setting each fault departs from is named in the docstring.


@scenario("lstm-seqreg-rmsprop-lr-25x", steps=1000)
def lstm_seqreg_rmsprop_lr_25x(run: Run) -> Label:
    """The LSTM regressor with RMSprop at a constant lr 0.05, 25x the 2e-3 of lstm-seqreg-rmsprop-multistep:
    it learns, but the loss keeps bouncing off its best level."""
    seeded(5)
    data = echo_sums(20000, 5)
    model = SeqRegressor()
    opt = RMSprop(model.parameters(), lr=0.05)
    c = train(run, model, opt, data, loss_fn=F.mse_loss, loss_name="mse", eval_every=100)
    return too_high_label(run, c, "RMSprop lr 0.05 = 25x the healthy 2e-3")


@scenario("tcn-sgd-nesterov-lr-10x", steps=1000, log_every=5)
def tcn_sgd_nesterov_lr_10x(run: Run) -> Label:
    """The 1D CNN with Nesterov SGD at a constant lr 0.5, 10x the 0.05 of tcn-sgd-nesterov-poly: an early
    minimum, then the ReLUs die and the loss goes back to ln 6."""
    seeded(2)
    data = waveforms(12000, 2)
    model = tcn(6)
    opt = SGD(model.parameters(), lr=0.5, momentum=0.9, nesterov=True)
    c = train(run, model, opt, data, eval_every=100)
    return too_high_label(run, c, "Nesterov SGD lr 0.5 = 10x the healthy 0.05")


@scenario("autoencoder-rmsprop-lr-100x-low", steps=1500)
def autoencoder_rmsprop_lr_100x_low(run: Run) -> Label:
    """The autoencoder with RMSprop at 3e-5, 100x below the 3e-3 it trains well at."""
    seeded(14)
    data = manifold(20000, 14)
    model = autoencoder()
    opt = RMSprop(model.parameters(), lr=3e-5)
    c = train(run, model, opt, data, loss_fn=F.mse_loss, loss_name="mse", eval_every=150)
    return too_low_label(run, c, "RMSprop lr 3e-5, 100x too low")


@scenario("lstm-seqreg-nadam-lr-100x-low", steps=1200, log_every=5)
def lstm_seqreg_nadam_lr_100x_low(run: Run) -> Label:
    """The LSTM regressor with NAdam at 2e-5, 100x below the 2e-3 that takes it to ~0.02; batch 128."""
    seeded(5)
    data = echo_sums(40000, 5, batch_size=128)
    model = SeqRegressor()
    opt = NAdam(model.parameters(), lr=2e-5)
    c = train(run, model, opt, data, loss_fn=F.mse_loss, loss_name="mse", eval_every=120)
    return too_low_label(run, c, "NAdam lr 2e-5, 100x too low")


@scenario("embbag-adam-recreated-each-epoch", steps=1000)
def embbag_adam_recreated_each_epoch(run: Run) -> Label:
    """``optimizer = Adam(...)`` inside the epoch loop of an EmbeddingBag classifier: 62-step epochs."""
    seeded(9)
    data = topic_docs(2000, 9, batch_size=32)
    model = BagClassifier(400, 5)
    opt = Adam(model.parameters(), lr=2e-3)
    epoch = data.steps_per_epoch()
    resets = list(range(epoch, run.steps, epoch))
    c = train(run, model, opt, data, eval_every=epoch * 4,
              new_optimizer=lambda i: Adam(model.parameters(), lr=2e-3) if i in resets else None)  # fmt: skip
    return reset_label(run, c, resets, "Adam re-created every epoch")


@scenario("causallm-adam-resume-without-optimizer-state", steps=600)
def causallm_adam_resume_without_optimizer_state(run: Run) -> Label:
    """A pre-LN causal LM resumed at 50% from a checkpoint of the weights only: a fresh Adam at the
    constant lr the schedule had reached."""
    seeded(16)
    data = markov_tokens(4000, 16)
    model = CausalLM(12)
    opt = Adam(model.parameters(), lr=3e-3)
    resume = run.at(0.5)
    sched = warmup_constant(opt, run.at(0.05))
    c = train(run, model, opt, data, scheduler=sched, scheduler_name="linear warmup 5% + constant", eval_every=60,
              new_optimizer=lambda i: Adam(model.parameters(), lr=3e-3) if i == resume else None)  # fmt: skip
    return reset_label(run, c, [resume], "resume without optimizer.state_dict()")


@scenario("mlpln-adam-cut-at-10pct", steps=1500)
def mlpln_adam_cut_at_10pct(run: Run) -> Label:
    """The LayerNorm MLP with Adam lr 2e-3, cut x0.01 at 10% of the run while the loss falls fast."""
    seeded(7)
    data = rings(20000, 7)
    model = mlp_ln([10, 128, 128, 4])
    opt = Adam(model.parameters(), lr=2e-3)
    cut = run.at(0.1)
    sched = lr_scheduler.MultiStepLR(opt, [cut], gamma=0.01)
    c = train(run, model, opt, data, scheduler=sched, eval_every=100)
    return decay_label(run, c, cut, "MultiStepLR([10%], gamma=0.01)")


@scenario("embbag-adam-overfit-tiny-train", steps=1500)
def embbag_adam_overfit_tiny_train(run: Run) -> Label:
    """300 documents over a 2000-word vocabulary with 10% wrong labels, an EmbeddingBag with a hidden
    layer, 80 epochs: it memorises them."""
    seeded(20)
    data = topic_docs(300, 20, vocab=2000, rate=0.15, flip=0.1, batch_size=16)
    model = BagClassifier(2000, 5, dim=64, hidden=64)
    opt = Adam(model.parameters(), lr=3e-3)
    c = train(run, model, opt, data, eval_every=50)
    return overfit_label(run, c, "300 training documents, 80 epochs")


@scenario("mlpln-nadam-head-x30", steps=800)
def mlpln_nadam_head_x30(run: Run) -> Label:
    """The LayerNorm MLP's output layer initialised 30x too large: confident random logits at step 1."""
    seeded(7)
    data = rings(20000, 7)
    model = mlp_ln([10, 128, 128, 4])
    with torch.no_grad():
        model[-1].weight.mul_(30)
    opt = NAdam(model.parameters(), lr=2e-3)
    c = train(run, model, opt, data, eval_every=100)
    return initial_label(run, c, 4, "head weight x30")


def summed_token_cross_entropy(out: Tensor, y: Tensor) -> Tensor:
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum")


@scenario("causallm-adamw-summed-loss", steps=500)
def causallm_adamw_summed_loss(run: Run) -> Label:
    """The causal LM's cross-entropy summed over batch x positions (32 x 16 tokens), not averaged:
    AdamW barely minds, the loss is ~500x ln V."""
    seeded(17)
    data = markov_tokens(4000, 17)
    model = CausalLM(12)
    opt = AdamW(model.parameters(), lr=3e-3)
    sched = warmup_linear(opt, run.at(0.1), run.steps)
    c = train(run, model, opt, data, loss_fn=summed_token_cross_entropy, loss_name="cross_entropy (reduction=sum)",
              scheduler=sched, scheduler_name="linear warmup 10% + linear decay", eval_every=50)  # fmt: skip
    return initial_label(run, c, 12, "summed over 32 x 16 tokens")


def manual_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy by hand: once a logit passes ~17, sigmoid is exactly 1.0 in float32 and
    ``(1 - y) * log(1 - p)`` is 0 * log(0) = 0 * -inf = NaN."""
    p = torch.sigmoid(out)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()


@scenario("autoencoder-adam-bce-log-zero", steps=800)
def autoencoder_adam_bce_log_zero(run: Run) -> Label:
    """An autoencoder of binary vectors with a hand-written BCE: as it grows confident, a saturated
    output makes the loss NaN."""
    seeded(14)
    real = manifold(20000, 14)
    data = replace(real, x=(real.x > 0).float(), y=(real.x > 0).float(), val_x=(real.val_x > 0).float(),
                   val_y=(real.val_x > 0).float())  # fmt: skip
    model = autoencoder()
    opt = Adam(model.parameters(), lr=3e-3)
    c = train(run, model, opt, data, loss_fn=manual_bce, loss_name="manual_bce (log of sigmoid)", eval_every=100)
    return nonfinite_label(run, c, "y * log(p) + (1 - y) * log(1 - p) on saturating sigmoids")


@scenario("autoencoder-sgd-uncapped-warmup-nan", steps=1000, log_every=5)
def autoencoder_sgd_uncapped_warmup_nan(run: Run) -> Label:
    """A warmup lambda without its ``min(1, ...)``: the lr keeps growing linearly past its peak of 0.02
    at step 20 until SGD blows the autoencoder's MSE up to inf/NaN."""
    seeded(15)
    data = manifold(20000, 15)
    model = autoencoder()
    opt = SGD(model.parameters(), lr=0.02, momentum=0.9)
    sched = lr_scheduler.LambdaLR(opt, lambda s: (s + 1) / 20)
    c = train(run, model, opt, data, loss_fn=F.mse_loss, loss_name="mse", scheduler=sched,
              scheduler_name="linear warmup over 20 steps, never capped", eval_every=100)  # fmt: skip
    return nonfinite_label(run, c, "lr = 0.02 * step / 20, uncapped")


@scenario("tcn-adam-corrupt-batches-x1000", steps=1200)
def tcn_adam_corrupt_batches_x1000(run: Run) -> Label:
    """Five batches whose inputs arrive x1000 (a unit bug in one shard), no gradient clipping."""
    seeded(4)
    data = waveforms(12000, 4)
    model = tcn(6)
    opt = Adam(model.parameters(), lr=1e-3)
    bad = {run.at(f) for f in (0.3, 0.45, 0.6, 0.75, 0.9)}
    c = train(run, model, opt, data, eval_every=100, corrupt=lambda i, x: x * 1000 if i in bad else x)
    return explode_label(run, c, min(bad), "5 batches with inputs x1000, no clipping")


@scenario("causallm-postln-adam-no-warmup", steps=600)
def causallm_postln_adam_no_warmup(run: Run) -> Label:
    """A post-LN causal LM (one layer, first-order chain) with Adam at lr 0.2 from step 1 and a linear
    decay: the first full-size steps knock the loss far up before it settles. An unrecorded control
    with a 10% linear warmup shows the jump is the missing warmup's."""
    data = markov_tokens(4000, 22, vocab=24, order=1, batch_size=64)

    def setup(warmup: int) -> tuple[nn.Module, Optimizer, lr_scheduler.LambdaLR]:
        seeded(22)
        model = CausalLM(24, layers=1, pre_ln=False)
        opt = Adam(model.parameters(), lr=0.2)
        return model, opt, warmup_linear(opt, warmup, run.steps)

    model, opt, sched = setup(1)
    c = train(run, model, opt, data, scheduler=sched, scheduler_name="linear decay, no warmup", eval_every=50)
    control = control_losses(run, data, *setup(run.at(0.1)))
    early = run.at(0.1)
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


# =========================================================================== set b
# A second, fresh set (``--set b``, written to bench/out/holdout-b): longer runs (3000 to 12000 optimizer
# steps) logged every 10 or 50 steps, some with the loss averaged over the logging window as Hugging
# Face's Trainer logs it, evaluation every K steps, gradient accumulation, label smoothing, schedules
# stepped per epoch, a fine-tune of a pretrained model, and the bugs users hit in their own loops.


# --------------------------------------------------------------------------- set b: data made in code

SEGMENTS = "abcdefg"  # top, upper right, lower right, bottom, lower left, upper left, middle
DIGIT_SEGMENTS = ("abcdef", "bc", "abdeg", "abcdg", "bcfg", "acdfg", "acdefg", "abc", "abcdefg", "abcdfg")


def segment_digits(n: int, seed: int, *, size: int = 16, noise: float = 0.4, slant: float = 0.12,
                   width: tuple[float, float] = (0.12, 0.22), flicker: float = 0.04, n_val: int = 1000,
                   batch_size: int = 64) -> Data:  # fmt: skip
    """16x16 images of seven-segment digits at a random position, size, slant and stroke width, each
    segment flickering on or off at rate ``flicker`` (some digits become ambiguous), under pixel noise.
    The digit is the class (10)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    y = torch.randint(10, (total,), generator=g)
    table = torch.tensor([[float(s in DIGIT_SEGMENTS[d]) for s in SEGMENTS] for d in range(10)])
    lit = table[y]
    lit = torch.where(torch.rand(total, 7, generator=g) < flicker, 1 - lit, lit)

    def rand(lo: float, hi: float) -> Tensor:
        return (lo + (hi - lo) * torch.rand(total, generator=g))[:, None, None]

    scale = rand(4.5, 6.0)  # pixels per unit: a digit is 1 unit wide and 2 high
    left, top = size / 2 - scale / 2 + rand(-1.5, 1.5), size / 2 - scale + rand(-1.0, 1.0)
    shear, thick, contrast = slant * torch.randn(total, generator=g)[:, None, None], rand(*width), rand(0.6, 1.2)
    c = torch.arange(size, dtype=torch.float32) + 0.5
    py, px = torch.meshgrid(c, c, indexing="ij")
    v = (py - top) / scale
    u = (px - left) / scale + shear * (v - 1)

    def bar(du: Tensor, dv: Tensor) -> Tensor:
        return torch.sigmoid((thick - torch.sqrt(du * du + dv * dv)) / 0.06)

    def across(at: float) -> Tensor:  # a horizontal segment at height ``at``
        return bar(u.clamp(0, 1) - u, v - at)

    def down(at: float, v0: float) -> Tensor:  # a vertical segment at ``at`` from v0 to v0 + 1
        return bar(u - at, v.clamp(v0, v0 + 1) - v)

    segments: list[Callable[[], Tensor]] = [  # a to g, drawn one at a time (memory)
        lambda: across(0), lambda: down(1, 0), lambda: down(1, 1), lambda: across(2),
        lambda: down(0, 1), lambda: down(0, 0), lambda: across(1),
    ]  # fmt: skip
    img = torch.zeros(total, size, size)
    for k, ink in enumerate(segments):
        img = torch.maximum(img, ink() * lit[:, k, None, None])
    x = contrast * img + noise * torch.randn(total, size, size, generator=g)
    return split(x.unsqueeze(1), y, n, "classification", 10, batch_size)


TAB_CARDS = (12, 7, 30)  # cardinalities of the categorical columns of ``tabular``


def tabular(n: int, seed: int, *, classes: int = 3, temp: float = 0.6, n_val: int = 1000, batch_size: int = 128) -> Data:
    """A census-like table: six numeric columns (two heavy-tailed, log-scaled and standardised) and three
    categorical ones (12, 7 and 30 levels, the last Zipf-distributed). The class is the argmax of a
    score with linear, categorical, interaction and threshold terms plus Gumbel noise at ``temp``.
    Columns 6..8 of x hold the category codes as floats."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    num = torch.randn(total, 6, generator=g)
    num[:, :2] = torch.log1p(torch.exp(1.5 * num[:, :2]))  # heavy right tails, then standardised below
    num = (num - num[:n].mean(0)) / num[:n].std(0)
    zipf = 1 / torch.arange(1, TAB_CARDS[2] + 1, dtype=torch.float32)
    cats = [torch.randint(TAB_CARDS[0], (total,), generator=g), torch.randint(TAB_CARDS[1], (total,), generator=g),
            torch.multinomial(zipf / zipf.sum(), total, replacement=True, generator=g)]  # fmt: skip
    score = num @ torch.randn(6, classes, generator=g) * 0.8
    for card, cat in zip(TAB_CARDS, cats):
        score += torch.randn(card, classes, generator=g)[cat]
    score += 1.5 * (num[:, 2:3] * num[:, 3:4]) * torch.randn(1, classes, generator=g)
    score += 1.5 * (num[:, 4:5] > 0.5).float() * torch.randn(1, classes, generator=g)
    gumbel = -torch.log(-torch.log(torch.rand(total, classes, generator=g).clamp(1e-9, 1 - 1e-9)))
    y = (score + temp * gumbel).argmax(1)
    x = torch.cat([num, torch.stack(cats, 1).float()], 1)
    return split(x, y, n, "classification", classes, batch_size)


def motif_tokens(n: int, seed: int, *, vocab: int = 16, length: int = 24, classes: int = 4, flip: float = 0.05,
                 motif_seed: int | None = None, skew: float = 0.0, n_val: int = 1000,
                 batch_size: int = 64) -> Data:  # fmt: skip
    """Random token sequences with one class motif (three tokens in a row) planted at a random place,
    and a decoy (another class's motif with its order reversed) planted elsewhere; ``flip`` of the labels
    are random. A sequence model must find the motif in order. The motifs come from ``motif_seed``
    (default ``seed``: two tasks that share it share their motifs); ``skew`` > 0 draws the background
    tokens from a Zipf law of that exponent instead of uniformly (a shifted domain)."""
    g = torch.Generator().manual_seed(seed)
    m = torch.Generator().manual_seed(seed if motif_seed is None else motif_seed)
    total = n + n_val
    motifs = torch.stack([torch.randperm(vocab, generator=m)[:3] for _ in range(classes)])
    y = torch.randint(classes, (total,), generator=g)
    decoy = (y + torch.randint(1, classes, (total,), generator=g)) % classes
    if skew > 0:
        zipf = torch.arange(1, vocab + 1, dtype=torch.float32) ** -skew
        ranks = torch.multinomial(zipf / zipf.sum(), total * length, replacement=True, generator=g)
        x = torch.randperm(vocab, generator=g)[ranks].view(total, length)
    else:
        x = torch.randint(vocab, (total, length), generator=g)
    half = length // 2
    at = torch.randint(half - 3, (total,), generator=g)
    other = half + torch.randint(half - 3, (total,), generator=g)
    swap = torch.rand(total, generator=g) < 0.5  # the motif in the first or the second half
    rows = torch.arange(total)
    for k in range(3):
        x[rows, torch.where(swap, other, at) + k] = motifs[y, k]
        x[rows, torch.where(swap, at, other) + k] = motifs[decoy, 2 - k]
    return split(x, flip_labels(y, classes, flip, g), n, "classification", classes, batch_size)


def ar_series(n: int, seed: int, *, window: int = 32, noise: float = 0.3, n_val: int = 1000, batch_size: int = 64) -> Data:
    """Forecasting: windows of damped AR(2) oscillations (random damping and period per series) plus
    noise; the target is the next value. Scaled to unit variance; the noise floor is ~0.1 of it."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    r = 0.8 + 0.17 * torch.rand(total, generator=g)
    theta = 0.15 + 0.9 * torch.rand(total, generator=g)
    a1, a2 = 2 * r * torch.cos(theta), -r * r
    s = torch.zeros(total, window + 41)
    e = noise * torch.randn(total, window + 41, generator=g)
    for t in range(2, window + 41):
        s[:, t] = a1 * s[:, t - 1] + a2 * s[:, t - 2] + e[:, t]
    s = s[:, 40:]
    s = s / s[:n].std()
    return split(s[:, :window, None], s[:, window:], n, "regression", None, batch_size)


# --------------------------------------------------------------------------- set b: models


def image_mlp(classes: int, hidden: int = 128, *, batch_norm: bool = False, dropout: float = 0.0) -> nn.Sequential:
    """A flattening MLP for 16x16 images: two hidden ReLU layers, BatchNorm and dropout optional."""
    layers: list[nn.Module] = [nn.Flatten()]
    for a in (256, hidden):
        layers += [nn.Linear(a, hidden)] + ([nn.BatchNorm1d(hidden)] if batch_norm else []) + [nn.ReLU()]
        layers += [nn.Dropout(dropout)] if dropout else []
    layers.append(nn.Linear(hidden, classes))
    return nn.Sequential(*layers)


class TabularNet(nn.Module):
    """Embeddings of the categorical columns next to the numeric ones, then a BatchNorm MLP."""

    def __init__(self, classes: int, hidden: int = 64, dim: int = 4, dropout: float = 0.1) -> None:
        super().__init__()
        self.embeds = nn.ModuleList(nn.Embedding(card, dim) for card in TAB_CARDS)
        self.body = nn.Sequential(
            nn.Linear(6 + dim * len(TAB_CARDS), hidden), nn.BatchNorm1d(hidden), nn.ReLU(), nn.Dropout(dropout),
            nn.Linear(hidden, hidden), nn.BatchNorm1d(hidden), nn.ReLU(),
        )  # fmt: skip
        self.head = nn.Linear(hidden, classes)

    def forward(self, x: Tensor) -> Tensor:
        cats = x[:, 6:].long()
        h = torch.cat([x[:, :6]] + [e(cats[:, k]) for k, e in enumerate(self.embeds)], 1)
        return self.head(self.body(h))


class GRUClassifier(nn.Module):
    """Token embeddings, a GRU, a linear head on the last hidden state."""

    def __init__(self, vocab: int, classes: int, dim: int = 16, hidden: int = 48) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.rnn = nn.GRU(dim, hidden, batch_first=True)
        self.head = nn.Linear(hidden, classes)

    def forward(self, x: Tensor) -> Tensor:
        _, h = self.rnn(self.embed(x))
        return self.head(h[-1])


class TinyBlock(nn.Module):
    """A hand-written transformer block (attention by matmuls: faster than torch's layer at this size),
    pre-LN or post-LN (the original Transformer's, which needs a warmup), causal or not."""

    def __init__(self, d: int, heads: int = 4, ff: int = 64, *, pre_ln: bool, causal: bool) -> None:
        super().__init__()
        self.heads, self.pre_ln, self.causal = heads, pre_ln, causal
        self.qkv, self.out = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.norm1, self.norm2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.ff = nn.Sequential(nn.Linear(d, ff), nn.ReLU(), nn.Linear(ff, d))

    def attend(self, x: Tensor) -> Tensor:
        b, t, d = x.shape
        q, k, v = self.qkv(x).view(b, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        scores = q @ k.transpose(-1, -2) / math.sqrt(d // self.heads)
        if self.causal:
            scores = scores.masked_fill(torch.ones(t, t, dtype=torch.bool).triu(1), float("-inf"))
        return self.out((scores.softmax(-1) @ v).transpose(1, 2).reshape(b, t, d))

    def forward(self, x: Tensor) -> Tensor:
        if self.pre_ln:
            x = x + self.attend(self.norm1(x))
            return x + self.ff(self.norm2(x))
        x = self.norm1(x + self.attend(x))
        return self.norm2(x + self.ff(x))


class TinyTransformer(nn.Module):
    """Token embeddings and learned positions, ``layers`` TinyBlocks, then a linear head: per token for a
    causal LM, on the mean over positions for a classifier. Pre-LN models get a final LayerNorm."""

    def __init__(self, vocab: int, out: int, *, seq: int = 16, d: int = 32, layers: int = 1, pre_ln: bool = True,
                 causal: bool = False) -> None:  # fmt: skip
        super().__init__()
        self.causal = causal
        self.embed = nn.Embedding(vocab, d)
        self.pos = nn.Parameter(torch.randn(seq, d) * 0.02)
        self.blocks = nn.Sequential(*(TinyBlock(d, pre_ln=pre_ln, causal=causal) for _ in range(layers)))
        self.norm: nn.Module = nn.LayerNorm(d) if pre_ln else nn.Identity()
        self.head = nn.Linear(d, out)

    def forward(self, x: Tensor) -> Tensor:
        h = self.norm(self.blocks(self.embed(x) + self.pos[: x.shape[1]]))
        return self.head(h if self.causal else h.mean(1))


# --------------------------------------------------------------------------- set b: training


@dataclass(frozen=True)
class Trained:
    """A set-b run as recorded (``c``), with what the log cannot show: the loss of step 1 itself (a
    window-averaged log's first row is a mean over the first window) and the lr of every step."""

    c: Curves
    first_loss: float
    lrs: np.ndarray


def train_b(
    run: Run,
    model: nn.Module,
    optimizer: Optimizer,
    data: Data,
    *,
    eval_every: int,
    loss_fn: LossFn = cross_entropy,
    loss_name: str = "cross_entropy",
    accum: int = 1,
    scheduler: Any = None,
    scheduler_name: str | None = None,
    per_epoch: bool = False,
    lr_at: Callable[[int], float] | None = None,
    zero_grad: bool = True,
    clip: float | None = None,
    new_optimizer: Callable[[int, Optimizer], Optimizer | None] | None = None,
    corrupt: Callable[[int, Tensor, Tensor], tuple[Tensor, Tensor]] | None = None,
    meta: dict[str, Any] | None = None,
) -> Trained:
    """Train ``model`` for ``run.steps`` optimizer steps through the recorder, as a user's loop would.

    Each optimizer step takes ``accum`` micro-batches (their mean loss is the step's loss); the loss is
    logged every ``run.log_every`` steps, that step's own (rows 1, 1 + N, ...) or, for a run with
    ``average``, the mean over the last N steps at steps N, 2N, ... as Hugging Face's Trainer logs it
    (those runs measure the optimizer every step so that the logged rows have it). The scheduler steps
    after every optimizer step, or with ``per_epoch`` after the step that ends an epoch; a
    ReduceLROnPlateau steps on each validation loss; ``lr_at(i)`` instead sets the lr of step ``i`` by
    hand (a loop that resumes sets it from the step count). ``zero_grad=False`` is the forgotten
    ``optimizer.zero_grad()``. ``new_optimizer(i, current)`` may return the optimizer to use from step
    ``i`` on; ``corrupt(i, x, y)`` may replace the micro-batches of step ``i``.
    """
    every = run.log_every
    info: dict[str, Any] = {
        "scenario": run.name, "seed": 0, "log_every": every, "set": "holdout-b",
        "loss_logged": f"mean over the last {every} steps" if run.average else "the logged step's own loss",
        "gradient_accumulation_steps": accum, "micro_batch_size": data.batch_size,
    }  # fmt: skip
    if scheduler_name or scheduler is None:
        info["scheduler"] = scheduler_name or "constant"
    plateau = isinstance(scheduler, lr_scheduler.ReduceLROnPlateau)
    batches = data.batches(0)
    per = data.steps_per_epoch()
    micro, window, first, lrs = 0, [], math.nan, []
    with lrdoctor.record(
        model, optimizer, run.path, scheduler=scheduler, num_classes=data.num_classes,
        batch_size=data.batch_size * accum, task=data.task, loss_fn=loss_name, dataset_size=len(data.x),
        meta=info | (meta or {}), stats_every=1 if run.average else every, ratio_every=0 if run.average else every,
        layers_every=0 if run.average else 100 * every, on_problem="ignore", overwrite=True,
    ) as rec:  # fmt: skip
        for i in range(run.steps):
            optimizer = (new_optimizer(i, optimizer) if new_optimizer else None) or optimizer
            if lr_at is not None:
                for group in optimizer.param_groups:
                    group["lr"] = lr_at(i)
            lrs.append(optimizer.param_groups[0]["lr"])
            model.train()
            total, epoch_end = 0.0, False
            for _ in range(accum):
                x, y, epoch = next(batches)
                if corrupt is not None:
                    x, y = corrupt(i, x, y)
                out = model(x)
                loss = loss_fn(out, y)
                (loss / accum).backward()
                total += loss.item() / accum
                micro += 1
                epoch_end |= micro % per == 0
            if clip is not None:
                nn.utils.clip_grad_norm_(model.parameters(), clip)
            optimizer.step()
            if zero_grad:
                optimizer.zero_grad(set_to_none=True)
            first = total if i == 0 else first
            if run.average:
                window.append(total)
                if (i + 1) % every == 0:
                    rec.log(loss=float(np.mean(window)), epoch=round(epoch, 4))
                    window = []
            elif i % every == 0:
                rec.log(loss=total, epoch=round(epoch, 4))
            if (i + 1) % eval_every == 0:
                val_loss, val_acc = evaluate(model, data, loss_fn)
                extra = {"val_acc": val_acc, "train_acc": accuracy(out, y)} if data.num_classes else {}
                rec.log(val_loss=val_loss, **extra)
                if plateau:
                    scheduler.step(val_loss)
            if scheduler is not None and not plateau and (epoch_end or not per_epoch):
                scheduler.step()
    keep_logged_rows(run.path)
    return Trained(Curves.read(run.path), first, np.array(lrs))


def silent_train(model: nn.Module, optimizer: Optimizer, data: Data, steps: int, *, seed: int = 0,
                 loss_fn: LossFn = cross_entropy, scheduler: Any = None) -> np.ndarray:  # fmt: skip
    """Train without recording (a pretraining, or a control run: same batches as the recorded run
    with ``seed`` 0); the loss of every step."""
    batches, losses = data.batches(seed), []
    model.train()
    for _ in range(steps):
        x, y, _epoch = next(batches)
        loss = loss_fn(model(x), y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        losses.append(loss.item())
    return np.array(losses)


def warmup_cosine(warmup: int, total: int, floor: float = 0.0) -> Callable[[int], float]:
    """The lr factor of step ``s``: linear warmup over ``warmup`` steps, then cosine to ``floor`` at ``total``."""

    def factor(s: int) -> float:
        if s < warmup:
            return (s + 1) / warmup
        return floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * min(1.0, (s - warmup) / (total - warmup))))

    return factor


# --------------------------------------------------------------------------- set b: labels, confirmed on the curves


def lr_cuts(t: Trained, factor: float = 0.75) -> list[int]:
    """The steps (numbered as in the log) whose lr is below ``factor`` times the step before's, that one
    above 1% of the peak lr (the last steps of a decay to zero are no cuts)."""
    lrs, floor = t.lrs, 0.01 * t.lrs.max()
    return [step_of(i) for i in range(1, len(lrs)) if lrs[i] < factor * lrs[i - 1] and lrs[i - 1] > floor]


def logging_of(run: Run) -> str:
    return f"loss averaged over every {run.log_every} steps" if run.average else f"logged every {run.log_every}"


def healthy_b(run: Run, t: Trained, lookalike_for: tuple[str, ...], what: str, classes: int | None = None, *,
              pretrained: bool = False, cuts: tuple[int, int] | None = None) -> Label:  # fmt: skip
    """A healthy set-b run: as ``healthy`` (finite, the loss at least halved, the validation loss neither
    rising nor bouncing), the first loss judged on step 1 itself (a window-averaged log starts later):
    within 25% of ln C, or for a fine-tune below 80% of it with the loss still falling by a fifth; with
    ``cuts``, the number of lr cuts (a ReduceLROnPlateau) within that range."""
    c = t.c
    best_step, best, last = c.val_summary()
    start, end = c.head(), c.tail()
    last3 = float(c.val_loss[-3:].min())
    ok = c.first_nonfinite() is None and last3 <= 1.03 * best and c.val_jumps() == 0
    ok &= end < (0.8 if pretrained else 0.5) * start
    initial = ""
    if classes:
        ratio = t.first_loss / LN(classes)
        ok &= ratio < 0.8 if pretrained else abs(ratio - 1) < 0.25
        initial = f"; loss of step 1 {t.first_loss:.3f} (ln {classes} = {LN(classes):.3f})"
    made = lr_cuts(t)
    ok &= cuts is None or cuts[0] <= len(made) <= cuts[1]
    shown = f"; lr cut at steps {', '.join(map(str, made))}" if len(made) <= 8 else f"; {len(made)} lr cuts"
    shown = shown if made else ""
    return Label(
        lookalike_for=lookalike_for, confirmed=bool(ok),
        note=f"healthy, {what}, {logging_of(run)}: loss {start:.3f} -> {end:.3f}; val loss best {best:.3f} at step "
        f"{best_step}, {last:.3f} at the end, best of the last three {last3 / best - 1:+.1%} on it{initial}; lr "
        f"{t.lrs.max():.2g} max, {t.lrs[-1]:.2g} at the end{shown}; grad norm max/median {c.grad_spread():.1f}",
    )  # fmt: skip


def reset_label_b(run: Run, t: Trained, resets: list[int], what: str) -> Label:
    """Optimizer reset: the recorded optimizer step counter goes back at the first logged row at or
    after each injected reset, and nowhere else."""
    c = t.c
    expected = [int(c.step[np.searchsorted(c.step, step_of(i))]) for i in resets]
    drops = c.opt_step_drops()
    jumps = [float(c.loss[np.searchsorted(c.step, s)] - c.loss[np.searchsorted(c.step, s) - 1]) for s in expected]
    shown = ", ".join(str(step_of(i)) for i in resets[:3]) + ("..." if len(resets) > 3 else "")
    return Label(
        must_fire=("optimizer-reset",), may_fire=("lr-too-high", "missing-warmup", "plateau", "overfitting"),
        fault_step=step_of(resets[0]), tolerance_steps=run.tolerance(5), confirmed=drops == expected,
        note=f"{what}, {logging_of(run)}: new optimizer at steps {shown} ({len(resets)}); opt_step goes back at "
        f"{len(drops)} logged rows; loss of the row after a reset minus the row before: median "
        f"{float(np.median(jumps)):+.3f}, max {max(jumps):+.3f}",
    )  # fmt: skip


def decay_label_b(run: Run, t: Trained, what: str) -> Label:
    """Premature decay: the lr fell below 1/20 of its peak within the first 10% of the run, and the loss
    fell before the first cut (over the second half of the steps before it) at least 3x faster than
    over the ``0.08 * steps`` after the last of those cuts."""
    c = t.c
    early = [s for s in lr_cuts(t) if s <= run.at(0.1)]
    first = early[0] if early else run.steps
    last = early[-1] if early else run.steps
    before, after = c.pace(first / 2, first), c.pace(last, last + run.at(0.08))
    low = float(t.lrs[: run.at(0.1)].min() / t.lrs.max())
    ok = bool(early) and low < 0.05 and before > 0 and after < before / 3
    return Label(
        must_fire=("premature-decay",), may_fire=("plateau", "lr-too-low"),
        fault_step=first, tolerance_steps=run.tolerance(30), confirmed=ok,
        note=f"{what}, {logging_of(run)}: lr cut at steps {', '.join(map(str, early[:4]))}"
        f"{'...' if len(early) > 4 else ''}, down to {low:.2g} of its peak by step {run.at(0.1)}; loss fell "
        f"{before:.2g}/step over steps {first // 2}-{first}, {after:.2g}/step over the {run.at(0.08)} steps after "
        f"step {last}; {c.mean(first - 3 * run.log_every, first):.3f} at the first cut, {c.tail():.3f} at the end",
    )  # fmt: skip


def too_high_label_b(run: Run, t: Trained, what: str, may_fire: tuple[str, ...]) -> Label:
    """lr too high, judged as ``too_high_label`` does, with the may-fire rules this run justifies."""
    label = too_high_label(run, t.c, what)
    return replace(label, may_fire=may_fire, note=f"{label.note}; {logging_of(run)}")


def missing_warmup_label(run: Run, t: Trained, start: float, control: np.ndarray, what: str) -> Label:
    """Missing warmup in a fine-tune: within the first 10% of the run the logged loss (10-step means)
    peaks above 1.5x ``start``, the pretrained model's validation loss on the new task, and it settles
    (ends below ``start``); the same fine-tune with a linear warmup over those steps (an unrecorded
    control on the same batches) keeps its 10-step means within 1.3x ``start`` over the warmup and the
    half as many steps at full lr after it."""
    c = t.c
    k = run.at(0.1)
    head = c.loss[c.step <= k]
    peak = int(np.argmax(head))
    high = int(np.sum(head > 1.3 * start))
    means = control[: len(control) // 10 * 10].reshape(-1, 10).mean(1)
    ok = head[peak] > 1.5 * start and c.tail() < start and means.max() <= 1.3 * start
    return Label(
        must_fire=("missing-warmup",), may_fire=("lr-too-high",),
        fault_step=1, tolerance_steps=run.tolerance(k), confirmed=bool(ok),
        note=f"{what}, {logging_of(run)}: the pretrained model's val loss on the new task {start:.3f}, loss of step 1 "
        f"{t.first_loss:.3f}; the logged loss peaks at {head[peak]:.3f} at step {int(c.step[peak])} "
        f"({head[peak] / start:.1f}x), {high} of the {len(head)} rows of the first {k} steps above 1.3x, "
        f"{c.tail():.3f} at the end; with a {k}-step linear warmup the same fine-tune's 10-step means peak at "
        f"{means.max():.3f} ({means.max() / start:.2f}x) over its first {len(control)} steps",
    )  # fmt: skip


# --------------------------------------------------------------------------- set b: healthy runs


def smoothed_ce(out: Tensor, y: Tensor) -> Tensor:
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), label_smoothing=0.1)


SMOOTHED = "cross_entropy (label_smoothing=0.1)"


def flat(model: nn.Module) -> nn.Sequential:
    """``model`` on the flattened window (the series' feature dimension dropped)."""
    return nn.Sequential(nn.Flatten(), model)


def lambda_lr(optimizer: Optimizer, factor: Callable[[int], float]) -> lr_scheduler.LambdaLR:
    return lr_scheduler.LambdaLR(optimizer, factor)


@scenario_b("digits-mlp-adamw-warmup-cosine-accum4-ls-avg10", steps=3000, log_every=10, average=True)
def digits_mlp_adamw_warmup_cosine_accum4_ls_avg10(run: Run) -> Label:
    seeded(30)
    data = segment_digits(30000, 30, batch_size=16)
    model = image_mlp(10)
    opt = AdamW(model.parameters(), lr=1e-3, weight_decay=0.05, fused=True)
    sched = lambda_lr(opt, warmup_cosine(run.at(0.05), run.steps))
    t = train_b(run, model, opt, data, accum=4, loss_fn=smoothed_ce, loss_name=SMOOTHED, scheduler=sched,
                scheduler_name="linear warmup 5% + cosine to 0", eval_every=200)  # fmt: skip
    lookalike = ("missing-warmup", "premature-decay", "plateau", "wrong-initial-loss", "lr-too-high")
    return healthy_b(run, t, lookalike, "gradient accumulation 4 x 16, label smoothing 0.1, warmup + cosine", 10)


@scenario_b("tabular-bnmlp-adam-plateau-sched-log10", steps=5000, log_every=10)
def tabular_bnmlp_adam_plateau_sched_log10(run: Run) -> Label:
    seeded(31)
    data = tabular(30000, 31)
    model = TabularNet(3)
    opt = Adam(model.parameters(), lr=2e-3, fused=True)
    sched = lr_scheduler.ReduceLROnPlateau(opt, factor=0.3, patience=4, threshold=0.002, min_lr=5e-5)
    t = train_b(run, model, opt, data, scheduler=sched, eval_every=100)
    lookalike = ("premature-decay", "plateau", "lr-too-high", "overfitting")
    what = "embeddings + BatchNorm MLP, ReduceLROnPlateau(x0.3, min_lr 5e-5) on val every 100"
    return healthy_b(run, t, lookalike, what, 3, cuts=(2, 3))


@scenario_b("digits-mlp-sgdm-steplr-per-epoch-log50", steps=5000, log_every=50)
def digits_mlp_sgdm_steplr_per_epoch_log50(run: Run) -> Label:
    seeded(32)
    data = segment_digits(50000, 32)
    model = image_mlp(10, dropout=0.1)
    opt = SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4)
    sched = lr_scheduler.StepLR(opt, step_size=2, gamma=0.3)
    t = train_b(run, model, opt, data, scheduler=sched, per_epoch=True, eval_every=781)
    lookalike = ("premature-decay", "plateau", "lr-too-high", "overfitting")
    return healthy_b(run, t, lookalike, "SGD momentum, StepLR(2 epochs, x0.3) stepped per 781-step epoch", 10)


@scenario_b("tabular-bnmlp-adamw-onecycle-bs512-avg50", steps=3000, log_every=50, average=True)
def tabular_bnmlp_adamw_onecycle_bs512_avg50(run: Run) -> Label:
    seeded(33)
    data = tabular(60000, 33, batch_size=512)
    model = TabularNet(3)
    opt = AdamW(model.parameters(), lr=1e-2, weight_decay=0.01, fused=True)
    sched = lr_scheduler.OneCycleLR(opt, max_lr=1e-2, total_steps=run.steps)
    t = train_b(run, model, opt, data, scheduler=sched, eval_every=250)
    lookalike = ("lr-too-high", "missing-warmup", "premature-decay", "wrong-initial-loss", "plateau")
    return healthy_b(run, t, lookalike, "one-cycle, batch 512", 3)


@scenario_b("motif-gru-adam-exponential-per-epoch-log10", steps=3000, log_every=10)
def motif_gru_adam_exponential_per_epoch_log10(run: Run) -> Label:
    seeded(34)
    data = motif_tokens(16000, 34, length=12, batch_size=32)
    model = GRUClassifier(16, 4, hidden=32)
    opt = Adam(model.parameters(), lr=3e-3, fused=True)
    sched = lr_scheduler.ExponentialLR(opt, gamma=0.7)
    t = train_b(run, model, opt, data, scheduler=sched, per_epoch=True, eval_every=250)
    lookalike = ("plateau", "premature-decay", "lr-too-low", "overfitting")
    return healthy_b(run, t, lookalike, "GRU, ExponentialLR(0.7) stepped per 500-step epoch", 4)


@scenario_b("motif-transformer-postln-adamw-warmup-cosine-avg10", steps=3000, log_every=10, average=True)
def motif_transformer_postln_adamw_warmup_cosine_avg10(run: Run) -> Label:
    seeded(35)
    data = motif_tokens(30000, 35, length=16, batch_size=32)
    model = TinyTransformer(16, 4, pre_ln=False)
    opt = AdamW(model.parameters(), lr=3e-3, weight_decay=0.01, fused=True)
    sched = lambda_lr(opt, warmup_cosine(run.at(0.1), run.steps))
    t = train_b(run, model, opt, data, scheduler=sched, scheduler_name="linear warmup 10% + cosine to 0", eval_every=300)
    lookalike = ("missing-warmup", "lr-too-high", "plateau", "wrong-initial-loss")
    return healthy_b(run, t, lookalike, "post-LN transformer with a 10% warmup", 4)


@scenario_b("tokenlm-causal-adamw-warmup-invsqrt-log50", steps=3000, log_every=50)
def tokenlm_causal_adamw_warmup_invsqrt_log50(run: Run) -> Label:
    seeded(36)
    data = markov_tokens(8000, 36, batch_size=32)
    model = TinyTransformer(12, 12, causal=True)
    opt = AdamW(model.parameters(), lr=3e-3, weight_decay=0.01, fused=True)
    warm = 300
    sched = lambda_lr(opt, lambda s: (s + 1) / warm if s < warm else math.sqrt(warm / (s + 1)))
    t = train_b(run, model, opt, data, scheduler=sched, scheduler_name="linear warmup 300 + inverse sqrt",
                eval_every=500)  # fmt: skip
    lookalike = ("missing-warmup", "plateau", "lr-too-low", "wrong-initial-loss")
    return healthy_b(run, t, lookalike, "causal LM, inverse-sqrt schedule after a warmup", 12)


@scenario_b("ar-mlp-adam-huber-cosine-12k-log50", steps=12000, log_every=50)
def ar_mlp_adam_huber_cosine_12k_log50(run: Run) -> Label:
    seeded(37)
    data = ar_series(60000, 37, window=16)
    model = flat(mlp([16, 64, 64, 1]))
    opt = Adam(model.parameters(), lr=1e-3, fused=True)
    sched = lr_scheduler.CosineAnnealingLR(opt, T_max=run.steps)
    t = train_b(run, model, opt, data, loss_fn=F.huber_loss, loss_name="huber", scheduler=sched, eval_every=1000)
    lookalike = ("plateau", "lr-too-low", "premature-decay")
    return healthy_b(run, t, lookalike, "AR forecasting MLP, Huber loss, cosine over 12000 steps")


@scenario_b("ar-mlp-sgdm-multistep-per-epoch-avg10", steps=9360, log_every=10, average=True)
def ar_mlp_sgdm_multistep_per_epoch_avg10(run: Run) -> Label:
    seeded(38)
    data = ar_series(20000, 38, window=16)
    model = flat(mlp([16, 64, 64, 1]))
    opt = SGD(model.parameters(), lr=0.02, momentum=0.9, fused=True)
    sched = lr_scheduler.MultiStepLR(opt, [15, 22], gamma=0.1)
    t = train_b(run, model, opt, data, loss_fn=F.mse_loss, loss_name="mse", scheduler=sched, per_epoch=True,
                eval_every=624)  # fmt: skip
    lookalike = ("premature-decay", "plateau", "lr-too-low")
    return healthy_b(run, t, lookalike, "SGD momentum, MultiStepLR([15, 22] epochs) stepped per 312-step epoch")


@scenario_b("digits-bnmlp-sgd-nesterov-onecycle-ls-log10", steps=4000, log_every=10)
def digits_bnmlp_sgd_nesterov_onecycle_ls_log10(run: Run) -> Label:
    seeded(39)
    data = segment_digits(40000, 39)
    model = image_mlp(10, batch_norm=True)
    opt = SGD(model.parameters(), lr=0.2, momentum=0.9, nesterov=True, weight_decay=5e-4, fused=True)
    sched = lr_scheduler.OneCycleLR(opt, max_lr=0.2, total_steps=run.steps)
    t = train_b(run, model, opt, data, loss_fn=smoothed_ce, loss_name=SMOOTHED, scheduler=sched, eval_every=400)
    lookalike = ("lr-too-high", "missing-warmup", "plateau", "premature-decay")
    return healthy_b(run, t, lookalike, "BatchNorm MLP, Nesterov SGD, one-cycle, label smoothing 0.1", 10)


@scenario_b("digits-mlp-adamw-finetune-pretrained-log10", steps=3000, log_every=10)
def digits_mlp_adamw_finetune_pretrained_log10(run: Run) -> Label:
    """Pretrained (unrecorded) on upright thin clean digits, fine-tuned on slanted bold noisy ones."""
    seeded(40)
    model = image_mlp(10)
    source = segment_digits(20000, 40, slant=0.03, width=(0.12, 0.16), noise=0.3)
    silent_train(model, Adam(model.parameters(), lr=1e-3, fused=True), source, 2500, seed=1)
    data = segment_digits(20000, 41, slant=0.25, width=(0.18, 0.26), noise=0.5)
    opt = AdamW(model.parameters(), lr=3e-4, weight_decay=0.01, fused=True)
    sched = warmup_linear(opt, run.at(0.03), run.steps)
    t = train_b(run, model, opt, data, scheduler=sched, scheduler_name="linear warmup 3% + linear decay",
                eval_every=250, meta={"pretrained": True})  # fmt: skip
    lookalike = ("wrong-initial-loss", "plateau", "lr-too-low", "overfitting")
    return healthy_b(run, t, lookalike, "fine-tune of a digit MLP pretrained on another style", 10, pretrained=True)


@scenario_b("tabular-bnmlp-adamw-resume-with-optimizer-state-log10", steps=4000, log_every=10)
def tabular_bnmlp_adamw_resume_with_optimizer_state_log10(run: Run) -> Label:
    """Resumed at 50% from a full checkpoint: a new AdamW that loads the old one's state_dict."""
    seeded(42)
    data = tabular(30000, 42)
    model = TabularNet(3)
    opt = AdamW(model.parameters(), lr=3e-3, fused=True)
    factor = warmup_cosine(run.at(0.05), run.steps)
    resume = run.at(0.5)

    def resumed(i: int, old: Optimizer) -> Optimizer | None:
        if i != resume:
            return None
        new = AdamW(model.parameters(), lr=3e-3, fused=True)
        new.load_state_dict(old.state_dict())
        return new

    t = train_b(run, model, opt, data, lr_at=lambda i: 3e-3 * factor(i), new_optimizer=resumed,
                scheduler_name="linear warmup 5% + cosine, set by hand each step", eval_every=200)  # fmt: skip
    lookalike = ("optimizer-reset", "lr-too-high", "plateau")
    label = healthy_b(run, t, lookalike, f"resumed at step {step_of(resume)} with optimizer.load_state_dict", 3)
    drops = t.c.opt_step_drops()
    return replace(label, confirmed=label.confirmed and not drops,
                   note=f"{label.note}; opt_step goes back at {len(drops)} rows")  # fmt: skip


@scenario_b("motif-gru-rmsprop-clip-steplr-per-epoch-avg50", steps=3000, log_every=50, average=True)
def motif_gru_rmsprop_clip_steplr_per_epoch_avg50(run: Run) -> Label:
    seeded(43)
    data = motif_tokens(10000, 43, length=12, batch_size=32)
    model = GRUClassifier(16, 4, hidden=32)
    opt = RMSprop(model.parameters(), lr=2e-3)
    sched = lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
    t = train_b(run, model, opt, data, scheduler=sched, per_epoch=True, clip=1.0, eval_every=300)
    lookalike = ("premature-decay", "plateau", "exploding-gradients", "lr-too-high")
    return healthy_b(run, t, lookalike, "GRU, RMSprop, clipping at 1, StepLR(3 epochs, x0.5) per 312-step epoch", 4)


@scenario_b("ar-lstm-adam-clip-plateau-sched-log10", steps=3000, log_every=10)
def ar_lstm_adam_clip_plateau_sched_log10(run: Run) -> Label:
    seeded(44)
    data = ar_series(20000, 44, window=16)
    model = SeqRegressor()  # the LSTM forecaster: set a's sequence regressor
    opt = Adam(model.parameters(), lr=3e-3, fused=True)
    sched = lr_scheduler.ReduceLROnPlateau(opt, factor=0.5, patience=1, threshold=0.01, min_lr=3e-4)
    t = train_b(run, model, opt, data, loss_fn=F.mse_loss, loss_name="mse", scheduler=sched, clip=1.0,
                eval_every=100)  # fmt: skip
    lookalike = ("premature-decay", "plateau", "exploding-gradients")
    what = "LSTM forecaster, clipping at 1, ReduceLROnPlateau(x0.5, patience 1, min_lr 3e-4) on val every 100"
    return healthy_b(run, t, lookalike, what, cuts=(2, 3))


@scenario_b("digits-mlp-adam-warmup-exponential-log50", steps=6000, log_every=50)
def digits_mlp_adam_warmup_exponential_log50(run: Run) -> Label:
    seeded(45)
    data = segment_digits(40000, 45)
    model = image_mlp(10)
    opt = Adam(model.parameters(), lr=1e-3, fused=True)
    warm = 200
    sched = lr_scheduler.SequentialLR(opt, [
        lr_scheduler.LinearLR(opt, start_factor=0.01, total_iters=warm),
        lr_scheduler.ExponentialLR(opt, gamma=0.01 ** (1 / (run.steps - warm))),
    ], milestones=[warm])  # fmt: skip
    t = train_b(run, model, opt, data, scheduler=sched, scheduler_name="LinearLR warmup 200 + ExponentialLR to 1%",
                eval_every=500)  # fmt: skip
    lookalike = ("premature-decay", "plateau", "lr-too-low", "missing-warmup")
    return healthy_b(run, t, lookalike, "warmup then exponential decay to 1% (SequentialLR)", 10)


@scenario_b("ar-mlp-adamw-accum4-warmup-cosine-avg10", steps=3000, log_every=10, average=True)
def ar_mlp_adamw_accum4_warmup_cosine_avg10(run: Run) -> Label:
    seeded(46)
    data = ar_series(40000, 46, window=16, batch_size=16)
    model = flat(mlp([16, 64, 64, 1]))
    opt = AdamW(model.parameters(), lr=2e-3, weight_decay=0.01, fused=True)
    sched = lambda_lr(opt, warmup_cosine(run.at(0.05), run.steps))
    t = train_b(run, model, opt, data, accum=4, loss_fn=F.mse_loss, loss_name="mse", scheduler=sched,
                scheduler_name="linear warmup 5% + cosine to 0", eval_every=250)  # fmt: skip
    lookalike = ("missing-warmup", "plateau", "premature-decay")
    return healthy_b(run, t, lookalike, "AR MLP, gradient accumulation 4 x 16, warmup + cosine")


@scenario_b("digits-mlp-adamw-wsd-8k-log50", steps=8000, log_every=50)
def digits_mlp_adamw_wsd_8k_log50(run: Run) -> Label:
    seeded(47)
    data = segment_digits(60000, 47)
    model = image_mlp(10, dropout=0.1)
    opt = AdamW(model.parameters(), lr=1e-3, weight_decay=0.05, fused=True)
    warm, decay = run.at(0.02), run.at(0.8)
    sched = lambda_lr(opt, lambda s: min((s + 1) / warm, 1.0, (run.steps - s) / (run.steps - decay)))
    t = train_b(run, model, opt, data, scheduler=sched, eval_every=1000,
                scheduler_name="warmup-stable-decay: warmup 2%, constant, linear to 0 over the last 20%")  # fmt: skip
    lookalike = ("plateau", "premature-decay", "overfitting", "missing-warmup")
    return healthy_b(run, t, lookalike, "warmup-stable-decay over 8000 steps", 10)


@scenario_b("motif-transformer-preln-adamw-onecycle-log10", steps=3000, log_every=10)
def motif_transformer_preln_adamw_onecycle_log10(run: Run) -> Label:
    seeded(48)
    data = motif_tokens(30000, 48, length=16, batch_size=32)
    model = TinyTransformer(16, 4)
    opt = AdamW(model.parameters(), lr=5e-3, weight_decay=0.01, fused=True)
    sched = lr_scheduler.OneCycleLR(opt, max_lr=5e-3, total_steps=run.steps)
    t = train_b(run, model, opt, data, scheduler=sched, eval_every=150)
    lookalike = ("lr-too-high", "missing-warmup", "plateau", "wrong-initial-loss")
    return healthy_b(run, t, lookalike, "pre-LN transformer, one-cycle", 4)


# --------------------------------------------------------------------------- set b: faulty runs


@scenario_b("digits-mlp-sgdm-multistep-per-batch-log10", steps=4000, log_every=10)
def digits_mlp_sgdm_multistep_per_batch_log10(run: Run) -> Label:
    """MultiStepLR([150, 225]) sized in epochs for a 300-epoch recipe, but ``scheduler.step()`` sits in the
    batch loop: the lr drops x0.1 at steps 150 and 225. The healthy twin steps it per epoch."""
    seeded(50)
    data = segment_digits(40000, 50)
    model = image_mlp(10)
    opt = SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4, fused=True)
    sched = lr_scheduler.MultiStepLR(opt, [150, 225], gamma=0.1)
    t = train_b(run, model, opt, data, scheduler=sched, eval_every=400)
    return decay_label_b(run, t, "MultiStepLR([150, 225] epochs) stepped every batch")


@scenario_b("tabular-bnmlp-sgdm-steplr-per-batch-avg10", steps=4000, log_every=10, average=True)
def tabular_bnmlp_sgdm_steplr_per_batch_avg10(run: Run) -> Label:
    """StepLR(step_size=100, gamma=0.1) meant per epoch, stepped every batch: x0.1 every 100 steps."""
    seeded(51)
    data = tabular(30000, 51)
    model = TabularNet(3)
    opt = SGD(model.parameters(), lr=0.1, momentum=0.9, fused=True)
    sched = lr_scheduler.StepLR(opt, step_size=100, gamma=0.1)
    t = train_b(run, model, opt, data, scheduler=sched, eval_every=200)
    return decay_label_b(run, t, "StepLR(step_size=100 epochs, gamma=0.1) stepped every batch")


@scenario_b("motif-gru-adam-recreated-each-epoch-log10", steps=3000, log_every=10)
def motif_gru_adam_recreated_each_epoch_log10(run: Run) -> Label:
    """``optimizer = Adam(...)`` at the top of the epoch loop of the GRU: a fresh Adam every 250 steps."""
    seeded(52)
    data = motif_tokens(8000, 52, length=12, batch_size=32)
    model = GRUClassifier(16, 4, hidden=32)
    opt = Adam(model.parameters(), lr=3e-3, fused=True)
    per = data.steps_per_epoch()
    resets = list(range(per, run.steps, per))
    t = train_b(run, model, opt, data, eval_every=500,
                new_optimizer=lambda i, _o: Adam(model.parameters(), lr=3e-3, fused=True) if i in resets else None)  # fmt: skip
    return reset_label_b(run, t, resets, "Adam re-created every epoch")


@scenario_b("digits-mlp-adamw-resume-weights-only-avg50", steps=5000, log_every=50, average=True)
def digits_mlp_adamw_resume_weights_only_avg50(run: Run) -> Label:
    """Resumed at 40% from a checkpoint of ``model.state_dict()`` only: a fresh AdamW, the lr schedule
    fast-forwarded to the step count."""
    seeded(53)
    data = segment_digits(40000, 53)
    model = image_mlp(10)
    opt = AdamW(model.parameters(), lr=2e-3, weight_decay=0.01, fused=True)
    factor = warmup_cosine(run.at(0.05), run.steps)
    resume = run.at(0.4)
    t = train_b(run, model, opt, data, lr_at=lambda i: 2e-3 * factor(i), eval_every=500,
                scheduler_name="linear warmup 5% + cosine, set by hand each step",
                new_optimizer=lambda i, _o: AdamW(model.parameters(), lr=2e-3, fused=True) if i == resume else None)  # fmt: skip
    return reset_label_b(run, t, [resume], "resume without optimizer.state_dict()")


@scenario_b("digits-mlp-adamw-lr-30x-after-warmup-log10", steps=3000, log_every=10)
def digits_mlp_adamw_lr_30x_after_warmup_log10(run: Run) -> Label:
    """The digit MLP with AdamW at a peak lr of 0.09, 30x the 3e-3 it trains well at (it still trains,
    noisily, at 3e-2), reached after a 5% warmup and then decayed by a cosine: it learns during the
    warmup, then its ReLUs die and the loss goes back to ln 10."""
    seeded(54)
    data = segment_digits(30000, 54)
    model = image_mlp(10)
    opt = AdamW(model.parameters(), lr=0.09, weight_decay=0.01, fused=True)
    sched = lambda_lr(opt, warmup_cosine(run.at(0.05), run.steps))
    t = train_b(run, model, opt, data, scheduler=sched, scheduler_name="linear warmup 5% + cosine to 0", eval_every=300)
    c, late = t.c, t.c.step > run.at(0.1)
    label = too_high_label_b(run, t, "AdamW peak lr 0.09 = 30x the healthy 3e-3, after a 5% warmup", ("plateau",))
    return replace(label, note=f"{label.note}; after step {run.at(0.1)} the loss stays at {np.median(c.loss[late]):.3f} "
                   f"(ln 10 = {LN(10):.3f}, rows within {np.percentile(np.abs(c.loss[late] - LN(10)), 95):.3f} of it "
                   f"95% of the time): a flat stretch at a high lr")  # fmt: skip


@scenario_b("digits-mlp-sgdm-lr-100x-low-log50", steps=6000, log_every=50)
def digits_mlp_sgdm_lr_100x_low_log50(run: Run) -> Label:
    """The digit MLP with SGD momentum at 5e-4, 100x below the 0.05 of digits-mlp-sgdm-steplr-per-epoch."""
    seeded(55)
    data = segment_digits(40000, 55)
    model = image_mlp(10)
    opt = SGD(model.parameters(), lr=5e-4, momentum=0.9, fused=True)
    t = train_b(run, model, opt, data, eval_every=500)
    return too_low_label(run, t.c, f"SGD momentum lr 5e-4, 100x too low, {logging_of(run)}")


@scenario_b("digits-mlp-adam-overfit-300-train-avg50", steps=4000, log_every=50, average=True)
def digits_mlp_adam_overfit_300_train_avg50(run: Run) -> Label:
    """300 training digits (with their flickering segments), a 128-wide MLP, 4000 steps of batch 32."""
    seeded(56)
    data = segment_digits(300, 56, batch_size=32)
    model = image_mlp(10)
    opt = Adam(model.parameters(), lr=1e-3, fused=True)
    t = train_b(run, model, opt, data, eval_every=100)
    label = overfit_label(run, t.c, "300 training images, 430 epochs")
    return replace(label, note=f"{label.note}; {logging_of(run)}")


@scenario_b("tabular-bnmlp-adam-logits-x20-log10", steps=3000, log_every=10)
def tabular_bnmlp_adam_logits_x20_log10(run: Run) -> Label:
    """The tabular model's output layer (weight and bias) scaled x20 at init: confident random logits."""
    seeded(57)
    data = tabular(30000, 57)
    model = TabularNet(3)
    with torch.no_grad():
        model.head.weight.mul_(20)
        model.head.bias.mul_(20)
    opt = Adam(model.parameters(), lr=2e-3, fused=True)
    t = train_b(run, model, opt, data, eval_every=200)
    return initial_label(run, t.c, 3, "head x20 at init")


@scenario_b("ar-lstm-sgd-warmup-to-lr-2-nan-log10", steps=3000, log_every=10)
def ar_lstm_sgd_warmup_to_lr_2_nan_log10(run: Run) -> Label:
    """The LSTM forecaster with plain SGD warmed up linearly over 20% of the run to a peak lr of 2.0 (it
    trains at 0.3 to 0.6) and no gradient clipping: once the lr passes ~1, a gradient burst sends the
    weights to inf and the loss to NaN."""
    seeded(58)
    data = ar_series(20000, 58, window=16)
    model = SeqRegressor()  # the LSTM forecaster: set a's sequence regressor
    opt = SGD(model.parameters(), lr=2.0)
    sched = lambda_lr(opt, warmup_cosine(run.at(0.2), run.steps))
    t = train_b(run, model, opt, data, loss_fn=F.mse_loss, loss_name="mse", scheduler=sched,
                scheduler_name="linear warmup 20% + cosine to 0", eval_every=100)  # fmt: skip
    bad = t.c.first_nonfinite()
    label = nonfinite_label(run, t.c, f"LSTM, SGD warmed up to lr 2.0, no clipping, {logging_of(run)}")
    lr_then = t.lrs[bad - 1] if bad is not None else math.nan
    return replace(label, note=f"{label.note}; lr {lr_then:.2f} at the first NaN")


@scenario_b("ar-mlp-adam-sentinel-targets-avg10", steps=4000, log_every=10, average=True)
def ar_mlp_adam_sentinel_targets_avg10(run: Run) -> Label:
    """Three stretches of 20 batches (a bad shard) where a quarter of the targets are the missing-value
    code -99, no gradient clipping: Adam's steps stay bounded, so the model recovers each time."""
    seeded(59)
    data = ar_series(40000, 59, window=16)
    model = flat(mlp([16, 64, 64, 1]))
    opt = Adam(model.parameters(), lr=1e-3, fused=True)
    bad = {i for f in (0.3, 0.55, 0.8) for i in range(run.at(f), run.at(f) + 20)}

    def corrupt(i: int, x: Tensor, y: Tensor) -> tuple[Tensor, Tensor]:
        if i not in bad:
            return x, y
        return x, torch.where(torch.arange(len(y))[:, None] % 4 == 0, torch.full_like(y, -99.0), y)

    t = train_b(run, model, opt, data, loss_fn=F.mse_loss, loss_name="mse", corrupt=corrupt, eval_every=250)
    label = explode_label(run, t.c, min(bad), f"3 x 20 batches with a quarter of the targets -99, {logging_of(run)}")
    _, best, _ = t.c.val_summary()
    # the corrupted batches' own losses are logged (the log's loss spikes), and the validation loss jumps
    return replace(label, may_fire=("lr-too-high",),
                   note=f"{label.note}; validation loss max {np.max(t.c.val_loss):.3g} (best {best:.3f}), "
                   f"largest logged loss {np.max(t.c.loss):.3g}")  # fmt: skip


@scenario_b("motif-transformer-postln-finetune-adam-no-warmup-avg10", steps=3000, log_every=10, average=True)
def motif_transformer_postln_finetune_adam_no_warmup_avg10(run: Run) -> Label:
    """A post-LN transformer pretrained (unrecorded) on the motif task, fine-tuned on a shifted version of
    it (Zipf-distributed background tokens) with Adam at lr 0.02 from step 1 and a linear decay, no
    warmup: Adam's first steps, about lr in every weight, knock the pretrained model far up before it
    settles. An unrecorded control, the same fine-tune with a 10% linear warmup, stays near its start."""
    source = motif_tokens(30000, 60, length=16, batch_size=32)
    data = motif_tokens(30000, 61, length=16, motif_seed=60, skew=1.0, batch_size=32)
    seeded(60)
    pretrained = TinyTransformer(16, 4, pre_ln=False)
    pre_opt = Adam(pretrained.parameters(), lr=1e-3, fused=True)
    silent_train(pretrained, pre_opt, source, 1200, seed=3, scheduler=warmup_linear(pre_opt, 120, 1200))
    start = evaluate(pretrained, data, cross_entropy)[0]

    def setup(warmup: int) -> tuple[nn.Module, Optimizer, lr_scheduler.LambdaLR]:
        model = TinyTransformer(16, 4, pre_ln=False)
        model.load_state_dict(pretrained.state_dict())
        opt = Adam(model.parameters(), lr=0.02, fused=True)
        return model, opt, warmup_linear(opt, warmup, run.steps)

    model, opt, sched = setup(1)
    t = train_b(run, model, opt, data, scheduler=sched, scheduler_name="linear decay, no warmup", eval_every=300,
                meta={"pretrained": True})  # fmt: skip
    k = run.at(0.1)
    control_model, control_opt, control_sched = setup(k)
    control = silent_train(control_model, control_opt, data, k + k // 2, scheduler=control_sched)
    return missing_warmup_label(run, t, start, control, "post-LN transformer fine-tune, Adam lr 0.02 from step 1")


@scenario_b("digits-mlp-adam-no-zero-grad-log10", steps=3000, log_every=10)
def digits_mlp_adam_no_zero_grad_log10(run: Run) -> Label:
    """The digit MLP with Adam at lr 1e-3 (its healthy setting) and no ``optimizer.zero_grad()``: every
    step's gradient is added to all the earlier ones, so Adam follows their running sum."""
    seeded(61)
    data = segment_digits(30000, 61)
    model = image_mlp(10)
    opt = Adam(model.parameters(), lr=1e-3, fused=True)
    t = train_b(run, model, opt, data, zero_grad=False, eval_every=300)
    c = t.c
    label = too_high_label_b(run, t, "gradients never zeroed (accumulated over all steps)",
                             ("plateau", "exploding-gradients", "missing-warmup"))  # fmt: skip
    early = c.step <= run.at(0.1)
    g = c.grad_norm[np.isfinite(c.grad_norm)]
    tenth = max(3, len(g) // 20)
    return replace(label, note=f"{label.note}; the accumulated gradient's norm grows from {np.median(g[:tenth]):.3g} "
                   f"(first 5% of rows) to {np.median(g[-tenth:]):.3g} (last 5%); in the first {run.at(0.1)} steps the "
                   f"loss goes {c.loss[0]:.3f} -> {c.loss[early].max():.3f} (an unstable start at full lr); val loss "
                   f"{c.val_loss[0]:.3f} -> {c.val_loss[-1]:.3f}")  # fmt: skip


# --------------------------------------------------------------------------- labels.toml and main


LABELS_HEADER = """\
# Labels of the hold-out runs: written by bench/holdout.py beside the logs it trains; do not edit by hand.
# Same schema as sample_logs/labels.toml: must_fire: rules that must report a warning or error;
# may_fire: rules allowed to (side effects of the fault); fault_step: the logged step where the fault
# starts, +- tolerance_steps; lookalike_for: rules a healthy run (must_fire = []) could fool. The comment
# above each run says what was injected and what numpy checks on the recorded curves show.
"""


def make(out: Path, name: str) -> tuple[str, Label, float]:
    """Train one run (in a worker process) and return its label and the seconds it took."""
    torch.set_num_threads(1)
    sc = SCENARIOS[name]
    start = time.perf_counter()
    label = sc.train(Run(name, out, sc.steps, sc.log_every, sc.average))
    return name, label, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    defaults = ", ".join(f"{k}: {v.relative_to(ROOT)}" for k, v in DEFAULT_OUTS.items())
    where = f"folder for the logs and labels.toml of every run made (default: by set, {defaults})"
    parser.add_argument("--out", type=Path, help=where)
    parser.add_argument("--set", choices=("a", "b", "all"), default="all", help="which set of runs (default all)")
    parser.add_argument("--only", metavar="SUBSTR", help="only the runs whose name contains SUBSTR")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    args = parser.parse_args(argv)
    names = [n for n, sc in SCENARIOS.items()
             if args.set in ("all", sc.set) and (args.only is None or args.only in n)]  # fmt: skip
    if not names:
        parser.error(f"no run of set {args.set} has a name containing {args.only!r}")
    outs = [args.out or DEFAULT_OUTS[SCENARIOS[n].set] for n in names]
    for out in set(outs):
        out.mkdir(parents=True, exist_ok=True)
    unconfirmed = []
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for out, (name, label, seconds) in zip(outs, pool.map(make, outs, names)):  # labels as each run lands
            entry = label_entry(name, label, "" if label.confirmed else "UNCONFIRMED: ")
            write_labels(out, {name: entry}, LABELS_HEADER)
            kind = ", ".join(label.must_fire) or "healthy"
            status = "ok  " if label.confirmed else "FAIL"
            print(f"{status} {name} [{kind}] {seconds:.1f} s: {label.note}", flush=True)
            if not label.confirmed:
                unconfirmed.append(name)
    print(f"{len(names)} runs written to {', '.join(str(o) for o in sorted(set(outs)))}")
    if unconfirmed:
        print(f"{len(unconfirmed)} runs do not show what their scenario is meant to (fix the scenario, not the label): "
              f"{', '.join(unconfirmed)}")
    return 1 if unconfirmed else 0


if __name__ == "__main__":
    sys.exit(main())
