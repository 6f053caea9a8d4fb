"""The one hundred and tenth fresh half (fresh108, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


SPPNET_SIZE, SPPNET_CLASSES, SPPNET_WIDTH, SPPNET_LEVELS = 12, 4, 12, (1, 2, 4)
"""12x12 one-channel images, 4 classes (ln 4 = 1.39 at chance), 12 channels max-pooled at 1x1, 2x2 and 4x4."""


@lru_cache(maxsize=None)
def sppnet_images(n: int = 3000, seed: int = 10801, *, n_val: int = 600, batch_size: int = 32,
                  nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 12x12 one-channel images of one 3x3 glyph, a plus or a hollow square, of amplitude U(0.9, 1.5)
    drawn at a random place, whose class is 2 x (the glyph is a square) + (it sits in the lower half), beside 2
    bright single pixels elsewhere, over N(0, 0.45^2) noise; 5% of the labels random, held-out ones too. x: (images,
    1, 12, 12); y: (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel;
    ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, SPPNET_SIZE
    y = torch.randint(SPPNET_CLASSES, (total,), generator=g)
    x = 0.45 * torch.randn(total, s, s, generator=g)
    amp = 0.9 + 0.6 * torch.rand(total, generator=g)
    lower = y % 2 == 1
    r0 = torch.randint(0, 4, (total,), generator=g) + torch.where(lower, 6, 0)
    c0 = torch.randint(0, s - 2, (total,), generator=g)
    plus = torch.tensor([[0.0, 1, 0], [1, 1, 1], [0, 1, 0]])
    square = torch.tensor([[1.0, 1, 1], [1, 0, 1], [1, 1, 1]])
    glyph = torch.where((y // 2 == 1)[:, None, None], square, plus) * amp[:, None, None]
    idx = torch.arange(total)
    for dr in range(3):
        for dc in range(3):
            x[idx, r0 + dr, c0 + dc] += glyph[:, dr, dc]
    for _ in range(2):
        pr, pc = (torch.randint(0, s, (total,), generator=g) for _ in range(2))
        x[idx, pr, pc] += 1.2
    x = x[:, None]
    y = flip_labels(y, SPPNET_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 4, 6] = float("nan")
    data = split(x, y, n, "naming a glyph's shape and half of the image (a spatial-pyramid-pooling CNN)",
                 SPPNET_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, SPPNET_CLASSES,
                    batch_size)  # fmt: skip
    return data


class SppnetNet(nn.Module):
    """A spatial-pyramid-pooling CNN (He et al. 2014, tiny): 3x3 convs 1 -> 12 (ReLU) and 12 -> 12 (ReLU) at 12x12,
    adaptive max pooling to 1x1, 2x2 and 4x4 bins concatenated (12 x 21 = 252), a ReLU layer ``fc`` (252 -> 32) and a
    ``head`` to the 4 classes. A missing (NaN) pixel's NaN spreads. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        w = SPPNET_WIDTH
        self.c1 = nn.Conv2d(1, w, 3, padding=1)
        self.c2 = nn.Conv2d(w, w, 3, padding=1)
        self.fc = nn.Linear(w * sum(k * k for k in SPPNET_LEVELS), 32)
        self.head = nn.Linear(32, SPPNET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.c2(F.relu(self.c1(x))))
        p = torch.cat([F.adaptive_max_pool2d(h, k).flatten(1) for k in SPPNET_LEVELS], 1)
        out: Tensor = self.head(F.relu(self.fc(p)))
        return out


DILRNN_STEPS, DILRNN_CLASSES, DILRNN_HIDDEN, DILRNN_DILATIONS = 32, 4, 16, (1, 2, 4)
"""Series of 32 steps of 1 channel, 4 classes (ln 4 = 1.39 at chance), 3 GRU layers of 16 units dilated 1, 2, 4."""


@lru_cache(maxsize=None)
def dilrnn_series(n: int = 3000, seed: int = 10803, *, n_val: int = 400, batch_size: int = 32,
                  nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 1-channel series of 32 steps: a Gaussian bump (width 1.2 steps, height U(0.9, 1.4), signed) at a
    random step in 2-9, then from step 16 on a sine burst of amplitude U(0.8, 1.2) and a random phase whose period is
    4 or 8 steps; the class is 2 x (the bump is positive) + (the burst is fast); over N(0, 0.3^2) noise; 5% of the
    labels random, held-out ones too. x: (series, 32, 1); y: (series,). ``nan_rows``: that share of the training
    series has a missing (NaN) value; ``train_rows``: keep only that many training series."""
    g = torch.Generator().manual_seed(seed)
    total, t = n + n_val, DILRNN_STEPS
    y = torch.randint(DILRNN_CLASSES, (total,), generator=g)
    steps = torch.arange(t).float()
    at = torch.randint(2, 10, (total,), generator=g).float()
    sign = torch.where(y // 2 == 1, 1.0, -1.0)
    height = (0.9 + 0.5 * torch.rand(total, generator=g)) * sign
    period = torch.where(y % 2 == 1, 4.0, 8.0)
    phase = 2 * math.pi * torch.rand(total, generator=g)
    amp = 0.8 + 0.4 * torch.rand(total, generator=g)
    x = 0.3 * torch.randn(total, t, generator=g)
    x += height[:, None] * torch.exp(-0.5 * ((steps[None] - at[:, None]) / 1.2) ** 2)
    burst = amp[:, None] * torch.sin(2 * math.pi * steps[None] / period[:, None] + phase[:, None])
    x += burst * (steps[None] >= 16).float()
    x = x[:, :, None]
    y = flip_labels(y, DILRNN_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 11, 0] = float("nan")
    data = split(x, y, n, "naming an early bump's sign and a late burst's period (a dilated GRU)", DILRNN_CLASSES,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, DILRNN_CLASSES,
                    batch_size)  # fmt: skip
    return data


class DilrnnNet(nn.Module):
    """A dilated RNN (Chang et al. 2017, tiny): 3 stacked GRU layers of 16 units whose recurrent connections skip 1,
    2 and 4 steps (each layer run as an ordinary GRU over the series split into 1, 2 or 4 interleaved sub-series);
    the top layer's last and mean outputs (32) through a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 4
    classes. A missing (NaN) value's NaN spreads. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        n = DILRNN_HIDDEN
        self.grus = nn.ModuleList(nn.GRU(1 if k == 0 else n, n, batch_first=True)
                                  for k in range(len(DILRNN_DILATIONS)))  # fmt: skip
        self.fc = nn.Linear(2 * n, 32)
        self.head = nn.Linear(32, DILRNN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        b, t = x.shape[0], x.shape[1]
        h = x
        for gru, d in zip(self.grus, DILRNN_DILATIONS):
            c = h.shape[-1]
            sub = h.reshape(b, t // d, d, c).transpose(1, 2).reshape(b * d, t // d, c)
            o, _ = gru(sub)
            h = o.reshape(b, d, t // d, -1).transpose(1, 2).reshape(b, t, -1)
        out: Tensor = self.head(F.relu(self.fc(torch.cat([h[:, -1], h.mean(1)], 1))))
        return out


MULTDAE_ITEMS, MULTDAE_TOPICS = 200, 8
"""A catalogue of 200 items; users drawn from 8 taste topics."""


@lru_cache(maxsize=None)
def multdae_users(n: int = 4000, seed: int = 10805, *, n_val: int = 600, batch_size: int = 64,
                  nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic implicit feedback: each item has a hidden 4-d factor and a popularity; each user a mix of 2 of 8
    taste topics (hidden 4-d vectors, weights Dirichlet-like) plus N(0, 0.5^2) noise, and clicks 30 items drawn
    with replacement from the softmax of 2.5 x user . item + popularity, the first 20 the input (counts), the last 10
    the target. x: (users, 200) input counts; y: (users, 200) target counts. ``nan_rows``: that share of the
    training users has a missing (NaN) count; ``train_rows``: keep only that many training users."""
    g = torch.Generator().manual_seed(seed)
    total, m = n + n_val, MULTDAE_ITEMS
    items = torch.randn(m, 4, generator=g)
    pop = 0.7 * torch.randn(m, generator=g)
    topics = 1.2 * torch.randn(MULTDAE_TOPICS, 4, generator=g)
    a, b = (torch.randint(MULTDAE_TOPICS, (total,), generator=g) for _ in range(2))
    w = torch.rand(total, 1, generator=g)
    users = w * topics[a] + (1 - w) * topics[b] + 0.5 * torch.randn(total, 4, generator=g)
    probs = torch.softmax(2.5 * users @ items.T / 2 + pop, 1)
    picks = torch.multinomial(probs, 30, replacement=True, generator=g)
    x = torch.zeros(total, m).scatter_add_(1, picks[:, :20], torch.ones(total, 20))
    y = torch.zeros(total, m).scatter_add_(1, picks[:, 20:], torch.ones(total, 10))
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 17] = float("nan")
    data = split(x, y, n, "next clicks of users from their past clicks (a multinomial denoising autoencoder)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class MultdaeNet(nn.Module):
    """A multinomial denoising autoencoder (Mult-DAE, Liang et al. 2018, tiny): the input counts L2-normalised,
    dropout 0.3, an encoder 200 -> 64 (tanh), a ReLU layer ``fc`` (64 -> 32) and a ``head`` (32 -> 200): the logits
    of the next click over the items. A missing (NaN) count's NaN spreads. ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.enc = nn.Linear(MULTDAE_ITEMS, 64)
        self.drop = nn.Dropout(0.3)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, MULTDAE_ITEMS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.drop(x / (x.norm(dim=1, keepdim=True) + 1e-6))
        out: Tensor = self.head(F.relu(self.fc(torch.tanh(self.enc(h)))))
        return out


def multdae_nll(out: Tensor, y: Tensor) -> Tensor:
    """The multinomial negative log-likelihood of the target clicks, mean over the clicks."""
    return -(F.log_softmax(out, 1) * y).sum() / y.sum()


def multdae_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The multinomial negative log-likelihood of the target clicks summed over the batch's clicks."""
    return -(F.log_softmax(out, 1) * y).sum()


ZTPOIS_FEATURES = 6
"""Rows of 6 features; a count >= 1 with a zero-truncated Poisson law whose rate depends on them."""


@lru_cache(maxsize=None)
def ztpois_rows(n: int = 6000, seed: int = 10807, *, n_val: int = 1000, batch_size: int = 256,
                nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Counts k >= 1 with a zero-truncated Poisson law, pmf lam^k e^-lam / (k! (1 - e^-lam)), whose rate depends on
    the rows: 6 features N(0, 1), log lam = 0.8 + 0.9 sin(1.3 x0) + 0.6 x1 x2 - 0.3 |x3| + 0.4 x4 - 0.15 x5^2, clamped
    to [-2, 3]; drawn by redrawing the zeros (up to 60 times, then 1). x: (rows, 6); y: (rows,) as floats.
    ``nan_rows``: that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that many
    training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, ZTPOIS_FEATURES, generator=g)
    log_lam = (0.8 + 0.9 * torch.sin(1.3 * x[:, 0]) + 0.6 * x[:, 1] * x[:, 2] - 0.3 * x[:, 3].abs() + 0.4 * x[:, 4]
               - 0.15 * x[:, 5] ** 2).clamp(-2, 3)  # fmt: skip
    lam = torch.exp(log_lam)
    y = torch.poisson(lam, generator=g)
    for _ in range(60):
        zero = y == 0
        if not zero.any():
            break
        y = torch.where(zero, torch.poisson(lam, generator=g), y)
    y = y.clamp_min(1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1] = float("nan")
    data = split(x, y, n, "count regression by a zero-truncated Poisson likelihood (an MLP of log lam)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class ZtpoisMLP(nn.Module):
    """A tanh MLP of a zero-truncated Poisson law: ``body`` 6 -> 64 (tanh) -> 64 (tanh), a ReLU layer ``fc``
    (64 -> 32) and a ``head`` (32 -> 1): log lam. Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(ZTPOIS_FEATURES, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x)))).squeeze(-1)
        return out


def ztpois_terms(out: Tensor, y: Tensor) -> Tensor:
    """Each row's zero-truncated Poisson negative log-likelihood: lam - k log lam + log(1 - e^-lam) + log k!, log lam
    the output clamped to +-5."""
    ll = out.clamp(-5, 5)
    lam = torch.exp(ll)
    return lam - y * ll + torch.log(-torch.expm1(-lam)) + torch.lgamma(y + 1)


def ztpois_nll(out: Tensor, y: Tensor) -> Tensor:
    """The zero-truncated Poisson NLL, mean over the rows."""
    return ztpois_terms(out, y).mean()


def ztpois_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The zero-truncated Poisson NLL summed over the batch's rows (reduction='sum')."""
    return ztpois_terms(out, y).sum()


def ztpois_at_zero() -> float:
    """The NLL of raw outputs of 0 (lam = 1), its level at init."""
    y = ztpois_rows().y
    return float(ztpois_nll(torch.zeros(len(y)), y))
