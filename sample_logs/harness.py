"""The training harness of the labelled runs: small real PyTorch models trained on the CPU on data made
in code, recorded with ``lrdoctor.record``, labelled in ``labels.toml``.

``make_samples.py`` (the sample runs, beside this file) and ``bench/holdout.py`` (hold-out sets a and b)
are lists of scenarios on top of it. A scenario is a function of a ``Run`` (its name, folder, length,
logging and seed) that returns a ``Plan``: the ``Setup`` to train and how to label what it gave.

``Setup`` holds every knob of a run as a plain field: data, model, optimizer and lr, schedule, warmup,
clipping, steps, logging and evaluation intervals, seeds, and the fault switches (gradients never zeroed,
an optimizer re-created mid-run, corrupted batches). Copy it with changes (``dataclasses.replace``) for
a counterfactual run or a fix: the fields ``lr``, ``warmup_steps``, ``max_grad_norm``, ``decay_step``
and ``early_stop_step`` are named as the keys of lrdoctor's ``fix`` suggestions. ``train(setup)`` trains
it, writes the log unless ``out`` is None, and returns a ``Trained``: the loss of every step, the final
validation loss (``val_loss``) and the recorded ``Curves``.

A list of scenarios is a ``ScenarioList``; ``make_runs`` trains a list of ``Job``s in worker processes
and writes each run's label into its folder's ``labels.toml`` as it lands. A run and its fixed twin:

    sc = SAMPLES["mlp-adamw-no-warmup"]                    # make_samples.SAMPLES, a ScenarioList
    setup = sc.plan(Run(sc, Path("/tmp/x"))).setup
    faulty = train(setup)
    fixed = train(replace(setup, name=f"{setup.name}--fixed", warmup_steps=50))
    print(faulty.val_loss, fixed.val_loss)
"""

from __future__ import annotations

import csv
import math
import os
import string
import sys
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, TypeVar

import numpy as np
import torch
from torch import Tensor, nn
from torch.nn import functional as F
from torch.optim import Optimizer, lr_scheduler

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the checkout's lrdoctor, installed or not
import lrdoctor  # noqa: E402
from labels_file import label_entry, write_labels  # noqa: E402  (beside this module)

LN = math.log
ModelT = TypeVar("ModelT", bound=nn.Module)


# --------------------------------------------------------------------------- labels, scenarios, runs


@dataclass(frozen=True)
class Label:
    """What the analyzer must / may report on a run, where the fault starts, and whether the curves
    confirmed the construction (``confirmed`` False: fix the scenario, not the label)."""

    must_fire: tuple[str, ...] = ()
    may_fire: tuple[str, ...] = ()
    fault_step: int | None = None
    tolerance_steps: int | None = None
    lookalike_for: tuple[str, ...] = ()
    note: str = ""
    confirmed: bool = True
    known_miss: tuple[str, ...] = ()  # faults of must_fire lrdoctor misses today (the tests check they still are)


@dataclass(frozen=True)
class Variant:
    """How a scenario is varied: seed, length factor, logging interval, the other optimizer."""

    suffix: str = ""
    seed: int = 0
    scale: float = 1.0
    log_every: int = 1
    alt_optimizer: bool = False


BASE = Variant()


@dataclass(frozen=True)
class Scenario:
    """A named run of ``steps`` optimizer steps, logged every ``log_every`` (with ``average``, the mean
    loss of those steps); ``plan`` sets it up and says how to label it. ``alt``: it has another optimizer
    (the ``--alt`` variant). ``defaults``: Setup fields its list sets for all its runs."""

    name: str
    steps: int
    plan: Callable[[Run], Plan]
    log_every: int = 1
    alt: bool = False
    average: bool = False
    group: str = ""
    defaults: Mapping[str, Any] = field(default_factory=dict)


PlanFn = Callable[["Run"], "Plan"]


class ScenarioList:
    """A list of scenarios (``group``: which one, e.g. a hold-out set) and the Setup fields its runs
    share (``defaults``: seeds, sidecar facts, loop style)."""

    def __init__(self, group: str = "", **defaults: Any) -> None:
        self.group = group
        self.defaults = defaults
        self.scenarios: dict[str, Scenario] = {}

    def scenario(
        self, name: str, steps: int, log_every: int = 1, *, alt: bool = False, average: bool = False
    ) -> Callable[[PlanFn], PlanFn]:
        """Register a scenario of ``steps`` optimizer steps (``alt``: it has another optimizer), logged every
        ``log_every`` steps unless a variant logs more sparsely (with ``average``, the mean of those steps)."""

        def register(fn: PlanFn) -> PlanFn:
            assert name not in self.scenarios, name
            self.scenarios[name] = Scenario(name, steps, fn, log_every, alt, average, self.group, self.defaults)
            return fn

        return register

    def __getitem__(self, name: str) -> Scenario:
        return self.scenarios[name]

    def __iter__(self) -> Iterator[Scenario]:
        return iter(self.scenarios.values())

    def names(self) -> list[str]:
        return sorted(self.scenarios)


@dataclass(frozen=True)
class Run:
    """One run of a scenario being made: where it goes and how it is varied."""

    scenario: Scenario
    out: Path
    variant: Variant = BASE

    @property
    def name(self) -> str:
        return self.scenario.name + self.variant.suffix

    @property
    def path(self) -> Path:
        return self.out / f"{self.name}.csv"

    @property
    def steps(self) -> int:
        return round(self.scenario.steps * self.variant.scale)

    def at(self, frac: float) -> int:
        """The loop iteration at ``frac`` of the run (events scale with the length variants)."""
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

    @property
    def average(self) -> bool:
        return self.scenario.average

    def tolerance(self, steps: int) -> int:
        """A location tolerance of ``steps`` base steps, scaled, never below two logging rows."""
        return max(round(steps * self.variant.scale), 2 * self.log_every)

    def setup(self, data: Data, model: Callable[[], nn.Module], optimizer: Callable[..., Optimizer], lr: float,
              **knobs: Any) -> Setup:  # fmt: skip
        """The Setup of this run: its name, folder, length, logging and seed, its list's defaults, then
        ``knobs`` (any other Setup field)."""
        return Setup(
            name=self.name, data=data, model=model, optimizer=optimizer, lr=lr, steps=self.steps,
            log_every=self.log_every, average=self.average, seed=self.seed, out=self.out,
            scenario=self.scenario.name, **(dict(self.scenario.defaults) | knobs),
        )  # fmt: skip


@dataclass(frozen=True)
class Plan:
    """A scenario's run: the Setup to train, and the label of what ``train(setup)`` gave. ``run``: what
    to do with the Setup instead of ``train`` (a learning-rate range test)."""

    setup: Setup
    label: Callable[[Trained], Label]
    run: Callable[[Setup], Trained] | None = None


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
        """Endless shuffled minibatches as (x, y, epoch), in the order of a generator seeded with ``seed``."""
        g = torch.Generator().manual_seed(seed)
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


def corrupt_rows(data: Data, frac: float, scale: float, seed: int) -> Data:
    """Multiply the inputs of a random ``frac`` of the training rows by ``scale`` (an unnormalised shard)."""
    g = torch.Generator().manual_seed(seed + 7)
    bad = torch.rand(len(data.x), generator=g) < frac
    x = data.x.clone()
    x[bad] *= scale
    return replace(data, x=x)


def same_position_targets(data: Data) -> Data:
    """The off-by-one bug: targets are the inputs themselves, not the next characters."""
    return replace(data, y=data.x, val_y=data.val_x)


# the sample runs' tasks


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
    return split(x, y, n, "classification", classes, batch_size)


def image_classification(n: int, seed: int, *, classes: int = 8, n_val: int = 800, batch_size: int = 32) -> Data:
    """12x12 one-channel images: a smooth template per class, randomly shifted, plus noise."""
    g = torch.Generator().manual_seed(seed)
    templates = F.interpolate(torch.randn(classes, 1, 4, 4, generator=g), size=12, mode="bilinear")
    y = torch.randint(0, classes, (n + n_val,), generator=g)
    shifts = torch.randint(-2, 3, (n + n_val, 2), generator=g)
    imgs = torch.stack([torch.roll(templates[c], (int(s[0]), int(s[1])), (1, 2)) for c, s in zip(y, shifts)])
    x = imgs + 0.9 * torch.randn(imgs.shape, generator=g)
    return split(x, y, n, "classification", classes, batch_size)


def regression(n: int, seed: int, *, dim: int = 8, n_val: int = 1000, batch_size: int = 64, scale: float = 1.0) -> Data:
    """A smooth nonlinear target of Gaussian inputs plus a little noise."""
    g = torch.Generator().manual_seed(seed)
    a, b = torch.randn(dim, generator=g), torch.randn(dim, generator=g) / math.sqrt(dim)
    x = torch.randn(n + n_val, dim, generator=g)
    y = (torch.sin(x @ a / math.sqrt(dim) * 2) + (x @ b) ** 2 + 0.1 * torch.randn(n + n_val, generator=g)) * scale
    return split(x, y[:, None], n, "regression", None, batch_size)


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


# hold-out set a's tasks


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


# hold-out set b's tasks


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


def tabular(
    n: int, seed: int, *, classes: int = 3, temp: float = 0.6, n_val: int = 1000, batch_size: int = 128
) -> Data:
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


def ar_series(
    n: int, seed: int, *, window: int = 32, noise: float = 0.3, n_val: int = 1000, batch_size: int = 64
) -> Data:
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
    """A causal transformer LM; pre-LN (with a final LayerNorm) or post-LN (the kind that needs warmup; the
    sample runs' character LM: ``CausalLM(len(VOCAB), seq=24, d=64, pre_ln=False)``)."""

    mask: Tensor

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


class BlockTransformer(nn.Module):
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


def scaled_head(model: ModelT, factor: float, *, bias: bool = False) -> ModelT:
    """``model`` with its output layer (``head``, else the last layer of a Sequential) initialised ``factor``
    times larger (its bias too, with ``bias``): confident random logits at step 1."""
    head = getattr(model, "head", None) or model[-1]  # type: ignore[index]
    assert isinstance(head, nn.Linear), type(head)
    with torch.no_grad():
        head.weight.mul_(factor)
        if bias:
            head.bias.mul_(factor)
    return model


def flat(model: nn.Module) -> nn.Sequential:
    """``model`` on the flattened window (the series' feature dimension dropped)."""
    return nn.Sequential(nn.Flatten(), model)


# --------------------------------------------------------------------------- losses


LossFn = Callable[[Tensor, Tensor], Tensor]


def cross_entropy(out: Tensor, y: Tensor) -> Tensor:
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1))


def smoothed_ce(out: Tensor, y: Tensor) -> Tensor:
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), label_smoothing=0.1)


SMOOTHED = "cross_entropy (label_smoothing=0.1)"


def summed_cross_entropy(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy with reduction='sum' (over batch x positions for a sequence model)."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum")


def manual_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy written by hand: once a logit passes ~17, sigmoid is exactly 1.0 in float32 and
    ``log(1 - p)`` is log(0) = -inf (``(1 - y) * log(1 - p)`` is 0 * -inf = NaN for a target of 1)."""
    p = torch.sigmoid(out.squeeze(-1))
    t = y.float()
    return -(t * torch.log(p) + (1 - t) * torch.log(1 - p)).mean()


def accuracy(out: Tensor, y: Tensor) -> float:
    return float((out.argmax(-1) == y).float().mean())


# --------------------------------------------------------------------------- lr schedules


def lambda_lr(optimizer: Optimizer, factor: Callable[[int], float]) -> lr_scheduler.LambdaLR:
    return lr_scheduler.LambdaLR(optimizer, factor)


def warmup_cosine(warmup: int, total: int, floor: float = 0.0) -> Callable[[int], float]:
    """The lr factor of step ``s``: linear warmup over ``warmup`` steps, then cosine to ``floor`` at ``total``."""

    def factor(s: int) -> float:
        if s < warmup:
            return (s + 1) / warmup
        t = min(1.0, (s - warmup) / max(1, total - warmup))
        return floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * t))

    return factor


def warmup_linear(warmup: int, total: int) -> Callable[[int], float]:
    """The lr factor of step ``s``: linear warmup over ``warmup`` steps, then linear decay to zero at ``total``."""

    def factor(s: int) -> float:
        return (s + 1) / warmup if s < warmup else max(0.0, (total - s) / (total - warmup))

    return factor


def warmup_constant(warmup: int) -> Callable[[int], float]:
    """The lr factor of step ``s``: linear warmup over ``warmup`` steps, then constant."""
    return lambda s: min(1.0, (s + 1) / warmup)


Schedule = Callable[[Optimizer, "Setup"], Any]
"""Builds the torch lr scheduler of a run from its optimizer and Setup (``s.steps``, ``s.at``, ``s.lr``)."""


def linear_decay_after(frac: float) -> Schedule:
    """Linear warmup over ``frac`` of the run, then linear decay to zero."""
    return lambda o, s: lambda_lr(o, warmup_linear(s.at(frac), s.steps))


def constant_after(frac: float) -> Schedule:
    """Linear warmup over ``frac`` of the run, then constant."""
    return lambda o, s: lambda_lr(o, warmup_constant(s.at(frac)))


def cosine_after(frac: float) -> Schedule:
    """Linear warmup over ``frac`` of the run, then cosine to zero."""
    return lambda o, s: lambda_lr(o, warmup_cosine(s.at(frac), s.steps))


def multistep(*fracs: float, gamma: float) -> Schedule:
    """The lr times ``gamma`` at each of ``fracs`` of the run."""
    return lambda o, s: lr_scheduler.MultiStepLR(o, [s.at(f) for f in fracs], gamma=gamma)


def one_cycle(o: Optimizer, s: Setup) -> lr_scheduler.OneCycleLR:
    """One-cycle up to the Setup's lr and down over its steps."""
    return lr_scheduler.OneCycleLR(o, max_lr=s.lr, total_steps=s.steps)


def exponential(gamma: float) -> Schedule:
    """ExponentialLR(gamma) stepped every batch (gamma > 1: a growing lr, the typo of 0.98)."""
    return lambda o, s: lr_scheduler.ExponentialLR(o, gamma=gamma)


def exponential_to(factor: float, frac: float) -> Schedule:
    """ExponentialLR stepped every batch that multiplies the lr by ``factor`` over ``frac`` of the run."""
    return lambda o, s: lr_scheduler.ExponentialLR(o, gamma=factor ** (1 / max(1, s.at(frac))))


def cyclic(low: float, period_frac: float, mode: str = "triangular") -> Schedule:
    """CyclicLR between ``low`` x the Setup's lr and its lr, a full cycle every ``period_frac`` of the run."""
    return lambda o, s: lr_scheduler.CyclicLR(o, base_lr=low * s.lr, max_lr=s.lr, step_size_up=max(1, s.at(period_frac / 2)),
                                              mode=mode, cycle_momentum=False)  # fmt: skip


def warm_restarts(period_frac: float, mult: int = 1) -> Schedule:
    """CosineAnnealingWarmRestarts (SGDR): a first cycle of ``period_frac`` of the run, each next ``mult`` x longer."""
    return lambda o, s: lr_scheduler.CosineAnnealingWarmRestarts(o, T_0=max(1, s.at(period_frac)), T_mult=mult)


# --------------------------------------------------------------------------- a run's setup


ZeroGrad = Literal["before_backward", "after_step", "never"]
Corrupt = Callable[[int, Tensor, Tensor], tuple[Tensor, Tensor]]


@dataclass(frozen=True)
class Setup:
    """Everything ``train`` needs to make one run, each knob a plain field: copy it with changes
    (``dataclasses.replace``) for a counterfactual run or a fix. Iterations ``i`` count from 0; the log
    numbers optimizer steps from 1 (``step_of``)."""

    name: str  # the log is ``out/<name>.csv`` (+ .json)
    data: Data
    model: Callable[[], nn.Module]  # built after ``torch.manual_seed(init_seed)``
    optimizer: Callable[..., Optimizer]  # the class: ``optimizer(params, lr=lr, **opt_args)``
    lr: float
    steps: int
    opt_args: Mapping[str, Any] = field(default_factory=dict)
    loss_fn: LossFn = cross_entropy
    loss_name: str = "cross_entropy"
    val_loss_fn: LossFn | None = None  # the held-out loss (logged, and ``Trained.val_loss``); None: ``loss_fn``
    safe_loss_fn: LossFn | None = None  # the numerically safe version of ``loss_fn`` (a ``stable_loss`` fix)
    mean_loss_fn: LossFn | None = None  # ``loss_fn`` with reduction='mean' (a ``reduction`` fix)
    # the lr over time
    schedule: Schedule | None = None  # a ReduceLROnPlateau steps on each validation loss, any other after
    schedule_name: str | None = None  # every step (with ``per_epoch``, after the step that ends an epoch)
    per_epoch: bool = False
    lr_factor: Callable[[int], float] | None = None  # the lr of step i set by hand each step: lr * lr_factor(i)
    warmup_steps: int = 0  # linear warmup on top of the schedule: the lr of step i times (i + 1) / warmup_steps
    decay_step: int | None = None  # from this (logged) step on the lr is multiplied by ``decay_factor`` ...
    decay_factor: float = 0.1  # ... on top of the schedule
    # the loop
    accum: int = 1  # micro-batches per optimizer step (gradient accumulation); their mean loss is logged
    max_grad_norm: float | None = None  # clip the gradient norm to this before each step
    early_stop_step: int | None = None  # stop after this (logged) step; the schedule still spans ``steps``
    eval_every: int = 0  # evaluate on the validation set every N steps (0: never; see ``Trained.val_loss``)
    log_every: int = 1  # log the loss every N steps: that step's own (rows 1, 1 + N, ...) or, with ...
    average: bool = False  # ... ``average``, the mean over the last N steps at steps N, 2N, ... (HF's Trainer)
    log_per_epoch: bool = False  # instead: one row per epoch, as Keras' CSVLogger writes it (see ``write_epoch_log``)
    track_zero_grads: bool = False  # count the weight tensors whose gradient is exactly zero, every step
    # seeds
    seed: int = 0  # the run's seed (in the sidecar): batch order ``shuffle_offset + seed``, and ...
    init_seed: int | None = None  # ... ``torch.manual_seed`` before the model is built (None: ``seed``)
    shuffle_offset: int = 1000
    # faults, switched off by default
    zero_grad: ZeroGrad = "before_backward"  # "after_step" is the same but for gradients the model brings
    recreate_optimizer_at: Collection[int] = ()  # a fresh optimizer from these iterations on (reset bugs) ...
    keep_optimizer_state: bool = False  # ... that loads the old one's state_dict (a correct resume)
    corrupt: Corrupt | None = None  # corrupt(i, x, y) may replace the micro-batches of iteration i
    # the log
    out: Path | None = None  # None: not recorded
    scenario: str = ""  # the scenario named in the sidecar (default: ``name``)
    tags: Mapping[str, Any] = field(default_factory=dict)  # sidecar facts after scenario, seed, log_every
    loop_facts: bool = False  # the sidecar also says how the loss is logged and batches accumulated
    meta: Mapping[str, Any] = field(default_factory=dict)  # sidecar facts, last

    @property
    def path(self) -> Path:
        assert self.out is not None, f"{self.name} is not recorded"
        return self.out / f"{self.name}.csv"

    def at(self, frac: float) -> int:
        """The loop iteration at ``frac`` of the run."""
        return round(frac * self.steps)

    def make_optimizer(self, model: nn.Module) -> Optimizer:
        return self.optimizer(model.parameters(), lr=self.lr, **self.opt_args)

    @property
    def val_metric(self) -> LossFn:
        """The held-out loss: ``val_loss_fn``, else the training loss."""
        return self.val_loss_fn or self.loss_fn

    def lr_scale(self, i: int) -> float:
        """The factor ``warmup_steps`` and ``decay_step`` put on the scheduled lr of iteration ``i``."""
        scale = 1.0
        if i < self.warmup_steps:
            scale *= (i + 1) / self.warmup_steps
        if self.decay_step is not None and step_of(i) >= self.decay_step:
            scale *= self.decay_factor
        return scale

    def sidecar(self) -> dict[str, Any]:
        """The run's facts for ``lrdoctor.record``'s sidecar (``meta``)."""
        info: dict[str, Any] = {"scenario": self.scenario or self.name, "seed": self.seed, "log_every": self.log_every}
        info |= self.tags
        if self.loop_facts:
            info |= {
                "loss_logged": f"mean over the last {self.log_every} steps" if self.average
                else "the logged step's own loss",
                "gradient_accumulation_steps": self.accum, "micro_batch_size": self.data.batch_size,
            }  # fmt: skip
        if self.schedule_name or self.schedule is None:
            info["scheduler"] = self.schedule_name or "constant"
        return info | dict(self.meta)


# --------------------------------------------------------------------------- training


@dataclass
class Trained:
    """What ``train`` produced. The lists are indexed by loop iteration (row step - 1): the loss of every
    step (the mean over its micro-batches), the validation losses by iteration, the global gradient norm
    before clipping and the lr of every step. ``val_loss``: the final validation loss (an evaluation
    after the last step when it was not an evaluation step). ``curves``: the recorded log (None when not
    recorded). ``model``: the trained model. ``epochs``: with ``log_per_epoch``, the rows of the per-epoch
    log. ``zero_weight_grads``: with ``track_zero_grads``, how many of the ``weight_tensors`` (the
    parameters of 2+ dimensions) had an exactly zero (or no) gradient at each step."""

    setup: Setup
    model: nn.Module
    losses: list[float] = field(default_factory=list)
    val_losses: dict[int, float] = field(default_factory=dict)
    grad_norms: list[float] = field(default_factory=list)
    lrs: np.ndarray = field(default_factory=lambda: np.zeros(0))
    val_loss: float = math.nan
    curves: Curves | None = None
    epochs: list[dict[str, float]] = field(default_factory=list)
    zero_weight_grads: list[int] = field(default_factory=list)
    weight_tensors: int = 0

    @property
    def first_loss(self) -> float:
        """The loss of step 1 itself (a window-averaged log's first row is a mean over the first window)."""
        return self.losses[0]

    @property
    def c(self) -> Curves:
        """The recorded curves (the run must have been recorded)."""
        assert self.curves is not None, f"{self.setup.name} was not recorded"
        return self.curves

    def first_nonfinite(self) -> int | None:
        return next((i for i, v in enumerate(self.losses) if not math.isfinite(v)), None)

    def best_val(self) -> tuple[int, float]:
        step = min(self.val_losses, key=lambda s: self.val_losses[s])
        return step, self.val_losses[step]

    def mean(self, start: int, stop: int) -> float:
        """Mean finite loss over iterations [start, stop)."""
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


def seeded(seed: int) -> None:
    torch.manual_seed(seed)


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


EPOCH_COLUMNS = ("epoch", "loss", "val_loss", "accuracy", "val_accuracy")


def write_epoch_log(path: Path, rows: list[dict[str, float]]) -> None:
    """A per-epoch log as Keras' ``CSVLogger`` writes it: no step column, the epoch from 0, the epoch's mean
    training loss and the validation loss after it (and the accuracies, for a classifier)."""
    columns = [c for c in EPOCH_COLUMNS if rows and c in rows[0]]
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(columns)
        for r in rows:
            w.writerow([int(r[c]) if c == "epoch" else f"{r[c]:.6g}" for c in columns])
    os.replace(tmp, path)


def zero_weight_grads(model: nn.Module) -> tuple[int, int]:
    """(weight tensors whose gradient is exactly zero or None, weight tensors): parameters of 2+ dimensions."""
    weights = [p for p in model.parameters() if p.dim() >= 2]
    return sum(p.grad is None or not bool(p.grad.any()) for p in weights), len(weights)


@torch.no_grad()
def evaluate(model: nn.Module, data: Data, loss_fn: LossFn) -> tuple[float, float]:
    model.eval()
    out = model(data.val_x)
    acc = accuracy(out, data.val_y) if data.num_classes else float("nan")
    return float(loss_fn(out, data.val_y)), acc


class _Unrecorded:
    """Stands in for the recorder of a run that is not recorded."""

    def __enter__(self) -> _Unrecorded:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def log(self, **values: float) -> None:
        return None


def train(s: Setup) -> Trained:
    """Train ``s`` as a user's loop would, recording it through ``lrdoctor.record`` into ``s.out``.

    Seeds ``torch`` with ``s.init_seed`` and builds the model, the optimizer and the scheduler; each
    optimizer step takes ``s.accum`` micro-batches. Averaged runs measure the optimizer every step so
    that the logged rows have it; with a logging interval above 1, only the rows that hold a loss or an
    evaluation are kept. Returns the losses, the final validation loss and the recorded curves.
    """
    seeded(s.seed if s.init_seed is None else s.init_seed)
    model = s.model()
    optimizer = s.make_optimizer(model)
    scheduler = s.schedule(optimizer, s) if s.schedule is not None else None
    plateau = isinstance(scheduler, lr_scheduler.ReduceLROnPlateau)
    data, every = s.data, s.log_every
    batches = data.batches(s.shuffle_offset + s.seed)
    per = data.steps_per_epoch()
    steps = s.steps if s.early_stop_step is None else min(s.steps, s.early_stop_step)
    t = Trained(s, model)
    micro, window, lrs = 0, list[float](), list[float]()
    epoch_losses, epoch_accs = list[float](), list[float]()
    recorder = _Unrecorded() if s.out is None or s.log_per_epoch else lrdoctor.record(
        model, optimizer, s.path, scheduler=scheduler, num_classes=data.num_classes,
        batch_size=data.batch_size * s.accum, task=data.task, loss_fn=s.loss_name, dataset_size=len(data.x),
        meta=s.sidecar(), stats_every=1 if s.average else every, ratio_every=0 if s.average else every,
        layers_every=0 if s.average else 100 * every, on_problem="ignore", overwrite=True,
    )  # fmt: skip
    with recorder as rec:
        for i in range(steps):
            if i in s.recreate_optimizer_at:
                fresh = s.make_optimizer(model)
                if s.keep_optimizer_state:
                    fresh.load_state_dict(optimizer.state_dict())
                optimizer = fresh  # the recorder follows it by itself
            if s.lr_factor is not None:
                for group in optimizer.param_groups:
                    group["lr"] = s.lr * s.lr_factor(i)
            scale = s.lr_scale(i)
            scheduled = [group["lr"] for group in optimizer.param_groups]
            if scale != 1.0:
                for group in optimizer.param_groups:
                    group["lr"] = group["lr"] * scale
            lrs.append(optimizer.param_groups[0]["lr"])
            model.train()
            if s.zero_grad == "before_backward":
                optimizer.zero_grad(set_to_none=True)
            total, epoch_end = 0.0, False
            for _ in range(s.accum):
                x, y, epoch = next(batches)
                if s.corrupt is not None:
                    x, y = s.corrupt(i, x, y)
                out = model(x)
                loss = s.loss_fn(out, y)
                if s.accum == 1:
                    loss.backward()
                    total = loss.item()
                else:
                    (loss / s.accum).backward()
                    total += loss.item() / s.accum
                micro += 1
                epoch_end |= micro % per == 0
            t.grad_norms.append(global_grad_norm(model))
            if s.track_zero_grads:
                zero, t.weight_tensors = zero_weight_grads(model)
                t.zero_weight_grads.append(zero)
            if s.max_grad_norm is not None:
                nn.utils.clip_grad_norm_(model.parameters(), s.max_grad_norm)
            optimizer.step()
            if scale != 1.0:
                for group, lr in zip(optimizer.param_groups, scheduled):
                    group["lr"] = lr
            if s.zero_grad == "after_step":
                optimizer.zero_grad(set_to_none=True)
            t.losses.append(total)
            if s.log_per_epoch:
                epoch_losses.append(total)
                if data.num_classes:
                    epoch_accs.append(accuracy(out, y))
                if epoch_end:
                    t.epochs.append(epoch_row(len(t.epochs), epoch_losses, epoch_accs, model, s))
                    t.val_losses[i] = t.epochs[-1]["val_loss"]
                    epoch_losses, epoch_accs = [], []
            elif s.average:
                window.append(total)
                if (i + 1) % every == 0:
                    rec.log(loss=float(np.mean(window)), epoch=round(epoch, 4))
                    window = []
            elif i % every == 0:
                rec.log(loss=total, epoch=round(epoch, 4))
            if s.eval_every and (i + 1) % s.eval_every == 0:
                val_loss, val_acc = evaluate(model, data, s.val_metric)
                t.val_losses[i] = val_loss
                extra = {"val_acc": val_acc, "train_acc": accuracy(out, y)} if data.num_classes else {}
                rec.log(val_loss=val_loss, **extra)
                if isinstance(scheduler, lr_scheduler.ReduceLROnPlateau):
                    scheduler.step(val_loss)
            if scheduler is not None and not plateau and (epoch_end or not s.per_epoch):
                scheduler.step()
    t.lrs = np.array(lrs)
    t.val_loss = t.val_losses[steps - 1] if steps - 1 in t.val_losses else evaluate(model, data, s.val_metric)[0]
    if s.out is not None and s.log_per_epoch:
        write_epoch_log(s.path, t.epochs)
    elif s.out is not None:
        if every > 1:
            keep_logged_rows(s.path)
        t.curves = Curves.read(s.path)
    return t


def epoch_row(epoch: int, losses: list[float], accs: list[float], model: nn.Module, s: Setup) -> dict[str, float]:
    """One row of a per-epoch log: the epoch's mean training loss (and accuracy), then the validation's."""
    val_loss, val_acc = evaluate(model, s.data, s.val_metric)
    row = {"epoch": float(epoch), "loss": float(np.mean(losses)), "val_loss": val_loss}
    if accs:
        row |= {"accuracy": float(np.mean(accs)), "val_accuracy": val_acc}
    return row


# --------------------------------------------------------------------------- the recorded curves


def running_median(values: np.ndarray, width: int) -> np.ndarray:
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
        return running_median(self.loss, max(5, len(self.loss) // 25 | 1))

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


# --------------------------------------------------------------------------- making runs


@dataclass(frozen=True)
class Job:
    """One run to make: a scenario, the folder it goes to, how it is varied."""

    scenario: Scenario
    out: Path
    variant: Variant = BASE


def plan(scenarios: Iterable[Scenario], out: Path, variants: Iterable[Variant] | None = None,
         min_rows: int = 40) -> list[Job]:  # fmt: skip
    """The jobs that make ``scenarios`` into ``out``: their base runs or, with ``variants``, only those
    variants that fit a scenario: the other optimizer only where it has one, a logging interval only if
    sparser than its own, and none that would leave fewer than ``min_rows`` logged rows."""
    if variants is None:
        return [Job(sc, out) for sc in scenarios]
    variants = tuple(variants)
    jobs = []
    for sc in scenarios:
        for v in variants:
            if v.alt_optimizer and not sc.alt:
                continue
            if 1 < v.log_every <= sc.log_every:  # not sparser than the base run
                continue
            if sc.steps * v.scale / max(sc.log_every, v.log_every) < min_rows:
                continue
            jobs.append(Job(sc, out, v))
    return jobs


def make(job: Job) -> tuple[str, Label, float]:
    """Train one run (in a worker process) and return its name, its label and the seconds it took."""
    torch.set_num_threads(1)
    start = time.perf_counter()
    run = Run(job.scenario, job.out, job.variant)
    made = job.scenario.plan(run)
    label = made.label((made.run or train)(made.setup))
    return run.name, label, time.perf_counter() - start


def make_runs(jobs: list[Job], labels_header: str, workers: int = 1) -> int:
    """Make ``jobs`` in ``workers`` processes, writing each run's label into its folder's ``labels.toml``
    as it lands (an interrupted batch keeps its finished runs) and printing a line per run. Returns the
    exit code: 1 if a run does not show what its scenario is meant to (fix the scenario, not the label)."""
    outs = sorted({job.out for job in jobs})
    for out in outs:
        out.mkdir(parents=True, exist_ok=True)
    unconfirmed = []
    with ProcessPoolExecutor(max_workers=max(1, workers)) as pool:
        for job, (name, label, seconds) in zip(jobs, pool.map(make, jobs)):
            entry = label_entry(name, label, "" if label.confirmed else "UNCONFIRMED: ")
            write_labels(job.out, {name: entry}, labels_header)
            kind = ", ".join(label.must_fire) or "healthy"
            status = "ok  " if label.confirmed else "FAIL"
            print(f"{status} {name} [{kind}] {seconds:.1f} s: {label.note}", flush=True)
            if not label.confirmed:
                unconfirmed.append(name)
    print(f"{len(jobs)} runs written" + (f" to {', '.join(str(o) for o in outs)}" if outs else ""))
    if unconfirmed:
        print(f"{len(unconfirmed)} runs do not show what their scenario is meant to (fix the scenario, not the label): "
              f"{', '.join(unconfirmed)}")
    return 1 if unconfirmed else 0
