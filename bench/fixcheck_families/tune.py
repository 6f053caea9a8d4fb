"""The tuning half: its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``).

``spiral`` a ReLU MLP on spiral arms embedded in 12 dimensions (5 classes);
``arith`` a character RNN LM (vanilla RNN, GRU, LSTM) on arithmetic strings "37+5=42;";
``sensor`` an autoencoder of 24-sample sensor traces, and a Poisson regression MLP of counts;
``marker`` a hand-written transformer classifier (post-LN or pre-LN) of token sequences
whose class is their most frequent marker token.
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import BlockTransformer, CharRNN, Data, flip_labels, mlp, split


@lru_cache(maxsize=None)
def spiral_arms(n: int = 6000, seed: int = 71, *, classes: int = 5, dim: int = 12, noise: float = 0.12,
                nan_rows: float = 0.0, n_val: int = 1500, batch_size: int = 64) -> Data:  # fmt: skip
    """``classes`` interleaved spiral arms in the plane, rotated into ``dim`` dimensions with 10 noise
    directions, standardised. ``nan_rows``: that share of the training rows has a NaN in one feature
    (missing values nobody imputed)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    y = torch.randint(classes, (total,), generator=g)
    t = 0.15 + 0.85 * torch.rand(total, generator=g)
    angle = 2 * math.pi * y / classes + 2.2 * math.pi * t
    plane = torch.stack([t * torch.cos(angle), t * torch.sin(angle)], 1) + noise * torch.randn(total, 2, generator=g)
    x = torch.cat([plane * 3, 0.5 * torch.randn(total, dim - 2, generator=g)], 1)
    q, _ = torch.linalg.qr(torch.randn(dim, dim, generator=g))
    x = x @ q
    x = (x - x[:n].mean(0)) / x[:n].std(0)
    if nan_rows:
        bad = torch.rand(n, generator=g) < nan_rows
        x[:n][bad, 3] = float("nan")
    return split(x, y, n, "classification", classes, batch_size)


ARITH = "0123456789+=;"


@lru_cache(maxsize=None)
def arithmetic(chars: int = 60000, seed: int = 72, *, seq: int = 20, batch_size: int = 32, val_chars: int = 6000) -> Data:
    """Next-character prediction on sums "a+b=c;" of random numbers below 100: the answer is learnable."""
    g = torch.Generator().manual_seed(seed)
    parts, size = [], 0
    while size < chars + val_chars:
        a, b = (int(v) for v in torch.randint(100, (2,), generator=g))
        s = f"{a}+{b}={a + b};"
        parts.append(s)
        size += len(s)
    ids = torch.tensor([ARITH.index(c) for c in "".join(parts)[: chars + val_chars]])

    def windows(t: Tensor) -> tuple[Tensor, Tensor]:
        k = (len(t) - 1) // seq
        return t[: k * seq].view(k, seq), t[1 : k * seq + 1].view(k, seq)

    x, y = windows(ids[:chars])
    vx, vy = windows(ids[chars:])
    return Data(x, y, vx, vy, "language_model", len(ARITH), batch_size)


def arith_rnn(kind: str, hidden: int = 64) -> CharRNN:
    return CharRNN(kind, hidden, vocab=len(ARITH))


class ScaledRNN(CharRNN):
    """A vanilla tanh RNN LM whose recurrent weights start orthogonal times ``gain`` (> 1: long memory, and
    gradients that can explode)."""

    def __init__(self, hidden: int = 64, gain: float = 1.0) -> None:
        super().__init__("rnn", hidden, vocab=len(ARITH))
        with torch.no_grad():
            nn.init.orthogonal_(self.rnn.weight_hh_l0, gain=gain)


@lru_cache(maxsize=None)
def sensor_traces(n: int = 6000, seed: int = 73, *, length: int = 24, n_val: int = 1500, batch_size: int = 64) -> Data:
    """24-sample traces of a damped oscillation plus a drift, three latent factors each, with noise:
    an autoencoder's data (the target is the input), standardised."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    t = torch.linspace(0, 1, length)
    freq = 1 + 3 * torch.rand(total, 1, generator=g)
    damp = 3 * torch.rand(total, 1, generator=g)
    drift = torch.randn(total, 1, generator=g)
    x = torch.exp(-damp * t) * torch.sin(2 * math.pi * freq * t) + drift * t + 0.05 * torch.randn(total, length, generator=g)
    x = (x - x[:n].mean(0)) / x[:n].std(0)
    return split(x, x, n, "regression", None, batch_size)


@lru_cache(maxsize=None)
def event_counts(n: int = 6000, seed: int = 74, *, dim: int = 10, n_val: int = 1500, batch_size: int = 64) -> Data:
    """Poisson counts whose log-rate is a smooth function of ten inputs (a third of the counts are 0)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, dim, generator=g)
    w = torch.randn(dim, generator=g) / math.sqrt(dim)
    rate = torch.exp(0.9 * torch.tanh(x @ w) + 0.4 * torch.sin(x[:, 0] * x[:, 1]))
    y = torch.poisson(rate, generator=g)
    return split(x, y[:, None], n, "regression", None, batch_size)


def poisson_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """Poisson negative log-likelihood written by hand on a ReLU rate: once a rate is exactly 0,
    ``y * log(rate)`` is 0 * -inf = NaN (or +inf for a positive count)."""
    rate = F.relu(out)
    return (rate - y * torch.log(rate)).mean()


def poisson_safe(out: Tensor, y: Tensor) -> Tensor:
    """The same loss with the log guarded: log(max(rate, 1e-6))."""
    rate = F.relu(out)
    return (rate - y * torch.log(rate.clamp_min(1e-6))).mean()


def count_mlp(bias: float = 2.0) -> nn.Sequential:
    """A ReLU MLP whose output is a Poisson rate, its output bias starting at ``bias`` (every rate positive)."""
    model = mlp([10, 64, 64, 1])
    with torch.no_grad():
        model[-1].bias.fill_(bias)
    return model


def sensor_ae(dead_bias: float = 0.0, layer: int = 4) -> nn.Sequential:
    """A ReLU autoencoder 24-64-4-64-24; ``dead_bias`` < 0 starts the biases of its Linear at index ``layer``
    there (4: the last hidden layer, whose units then never fire)."""
    model = mlp([24, 64, 4, 64, 24])
    if dead_bias:
        with torch.no_grad():
            model[layer].bias.fill_(dead_bias)
    return model


@lru_cache(maxsize=None)
def marker_majority(n: int = 8000, seed: int = 75, *, vocab: int = 24, length: int = 16, classes: int = 4,
                    flip: float = 0.1, n_val: int = 1500, batch_size: int = 32,
                    train_rows: int | None = None) -> Data:  # fmt: skip
    """Token sequences of background tokens with marker tokens 0..3 planted: the class is the marker
    planted most often (1 or 2 more times than any other), ``flip`` of the labels random. ``train_rows``:
    keep only that many training rows (an overfitting set)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = classes + torch.randint(vocab - classes, (total, length), generator=g)
    y = torch.randint(classes, (total,), generator=g)
    rows = torch.arange(total)
    counts = torch.randint(0, 3, (total, classes), generator=g)
    counts[rows, y] = counts.max(1).values + 1 + torch.randint(2, (total,), generator=g)
    # the j-th of a row's shuffled positions gets the marker whose cumulative count first exceeds j
    marker = (torch.arange(length)[None, :, None] >= counts.cumsum(1)[:, None, :]).sum(2)
    perm = torch.argsort(torch.rand(total, length, generator=g), 1)
    x.scatter_(1, perm, torch.where(marker < classes, marker, x.gather(1, perm)))
    data = split(x, flip_labels(y, classes, flip, g), n, "classification", classes, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, classes, batch_size)
    return data


def marker_transformer(pre_ln: bool = False, layers: int = 1) -> BlockTransformer:
    return BlockTransformer(24, 4, seq=16, d=32, layers=layers, pre_ln=pre_ln)


def unigram_entropy(data: Data) -> float:
    """The entropy (nats) of the training targets' token frequencies: an LM that predicts no better than
    the unigram law sits here."""
    p = torch.bincount(data.y.reshape(-1), minlength=int(data.num_classes or 0)).float()
    p = p[p > 0] / p.sum()
    return float(-(p * p.log()).sum())
