"""The thirty-fifth fresh half (fresh35, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``senet`` a squeeze-and-excitation CNN (two conv + SE blocks, global max pooling) naming the direction from
one spot to another in 12 x 12 two-channel images, cross-entropy over 6;
``sumgru`` a bidirectional GRU regressing the gated sum (plus half the largest value) of 16-step sequences,
the smooth L1 loss (~0.45 at init);
``attnpool`` multi-head attention pooling (a learned query, 4 heads) of bags of 12 feature vectors, naming
the type that 4 of them share, cross-entropy over 5;
``highway`` a highway network (3 gated highway layers) on a 20-column table, cross-entropy over 4.
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


SENET_SIZE, SENET_CLASSES = 12, 6
"""Two-channel images of 12 x 12 pixels; 6 classes, the direction from one spot to the other (ln 6 = 1.79 at chance)."""


@lru_cache(maxsize=None)
def senet_images(n: int = 6000, seed: int = 391, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Direction classification of 12 x 12 two-channel images: a Gaussian spot (width 1.2 pixels) in channel 0 and
    another in channel 1, 3.5 pixels away in one of 6 directions (60 degrees apart: the class), both placed at random,
    each of random brightness 0.7-1.5, plus N(0, 0.5^2) noise per pixel; 5% of the labels are random (a floor).
    x: (images, 2, 12, 12); y: (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = SENET_SIZE
    grid = torch.arange(s, dtype=torch.float32)
    y = torch.randint(SENET_CLASSES, (total,), generator=g)
    angle = y.float() * (2 * math.pi / SENET_CLASSES)
    a = 3.0 + 6.0 * torch.rand(total, 2, generator=g)
    b = a + 3.5 * torch.stack([angle.cos(), angle.sin()], 1)

    def spot(c: Tensor) -> Tensor:
        d2 = (grid[None, :, None] - c[:, 0, None, None]) ** 2 + (grid[None, None, :] - c[:, 1, None, None]) ** 2
        return torch.exp(-d2 / (2 * 1.2**2))

    bright = 0.7 + 0.8 * torch.rand(total, 2, 1, 1, generator=g)
    x = torch.stack([spot(a), spot(b)], 1) * bright + 0.5 * torch.randn(total, 2, s, s, generator=g)
    y = flip_labels(y, SENET_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 7] = float("nan")
    return split(x, y, n, "direction classification (a squeeze-and-excitation CNN)", SENET_CLASSES, batch_size)


class SqueezeExcite(nn.Module):
    """A squeeze-and-excitation block: global average pooling, ``down`` (C -> C / 4, ReLU), ``up`` (C / 4 -> C,
    sigmoid), the channels rescaled by it."""

    def __init__(self, channels: int) -> None:
        super().__init__()
        self.down = nn.Linear(channels, channels // 4)
        self.up = nn.Linear(channels // 4, channels)

    def forward(self, x: Tensor) -> Tensor:
        w = torch.sigmoid(self.up(F.relu(self.down(x.mean((2, 3))))))
        return x * w[:, :, None, None]


class SENetSmall(nn.Module):
    """A squeeze-and-excitation CNN: ``conv1`` (2 -> 16, 3 x 3, ReLU), ``se1``, a 2 x 2 max-pool, ``conv2`` (16 -> 32,
    3 x 3, ReLU), ``se2``, global max pooling, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 6 classes.
    Output (images, 6). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(2, 16, 3, padding=1)
        self.se1 = SqueezeExcite(16)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.se2 = SqueezeExcite(32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, SENET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.max_pool2d(self.se1(F.relu(self.conv1(x))), 2)
        h = self.se2(F.relu(self.conv2(h)))
        out: Tensor = self.head(F.relu(self.fc(h.amax((2, 3)))))
        return out


def senet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the directions summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


SUMGRU_LENGTH = 16
"""Sequences of 16 steps of 2 channels (a value and a gate)."""


@lru_cache(maxsize=None)
def sumgru_series(n: int = 4000, seed: int = 392, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0) -> Data:
    """Sequence regression: 16 steps of a value v_t ~ N(0, 1) and a gate g_t (1 with probability 0.3, else 0); the target
    is the gated sum of the values plus half the largest value, standardised, plus N(0, 0.3^2) noise (a floor).
    x: (rows, 16, 2); y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) value."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    v = torch.randn(total, SUMGRU_LENGTH, generator=g)
    gate = (torch.rand(total, SUMGRU_LENGTH, generator=g) < 0.3).float()
    target = (gate * v).sum(1) + 0.5 * v.amax(1)
    target = (target - target.mean()) / target.std()
    y = target + 0.3 * torch.randn(total, generator=g)
    x = torch.stack([v, gate], 2)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 9, 0] = float("nan")
    return split(x, y, n, "gated-sum regression of sequences (a bidirectional GRU, smooth L1)", None, batch_size)


class BiGRUSumRegressor(nn.Module):
    """A bidirectional GRU regressor: ``gru`` (2 -> 24 each way), the two final states concatenated (48), a ReLU layer
    ``fc`` (48 -> 32) and a ``head`` (32 -> 1). Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.gru = nn.GRU(2, 24, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(48, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        _, h = self.gru(x)
        out: Tensor = self.head(F.relu(self.fc(torch.cat([h[0], h[1]], 1)))).squeeze(1)
        return out


def sumgru_huber(out: Tensor, y: Tensor) -> Tensor:
    """The smooth L1 loss (beta 1) of the standardised target, mean over the rows."""
    return F.smooth_l1_loss(out, y)


def sumgru_huber_summed(out: Tensor, y: Tensor) -> Tensor:
    """The smooth L1 loss summed over the batch's rows (reduction='sum')."""
    return F.smooth_l1_loss(out, y, reduction="sum")


def sumgru_at_zero() -> float:
    """The smooth L1 loss of a regressor that predicts 0: its level at init."""
    return float(F.smooth_l1_loss(torch.zeros(len(sumgru_series().y)), sumgru_series().y))


ATTNPOOL_TYPES, ATTNPOOL_BAG, ATTNPOOL_DIM = 5, 12, 8
"""Bags of 12 feature vectors of 8 dimensions, each of one of 5 types; 5 classes (ln 5 = 1.61 at chance)."""


@lru_cache(maxsize=None)
def attnpool_bags(n: int = 6000, seed: int = 393, *, n_val: int = 800, batch_size: int = 32, train_rows: int | None = None,
                  nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Bag classification: each type has a prototype N(0, 1.5^2 I) in 8 features; a bag of class k holds 4 instances of
    type k and 8 of the other types (drawn uniformly), each its prototype plus N(0, 0.6^2 I), in random order; 5% of the
    labels are random (a floor). x: (bags, 12, 8); y: (bags,). ``train_rows``: keep only that many training bags;
    ``nan_rows``: that share of the training bags has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    protos = 1.5 * torch.randn(ATTNPOOL_TYPES, ATTNPOOL_DIM, generator=g)
    y = torch.randint(ATTNPOOL_TYPES, (total,), generator=g)
    others = (y[:, None] + 1 + torch.randint(ATTNPOOL_TYPES - 1, (total, ATTNPOOL_BAG - 4), generator=g)) % ATTNPOOL_TYPES
    types = torch.cat([y[:, None].expand(total, 4), others], 1)
    types = torch.gather(types, 1, torch.argsort(torch.rand(total, ATTNPOOL_BAG, generator=g), 1))
    x = protos[types] + 0.6 * torch.randn(total, ATTNPOOL_BAG, ATTNPOOL_DIM, generator=g)
    y = flip_labels(y, ATTNPOOL_TYPES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3, 2] = float("nan")
    data = split(x, y, n, "bag classification by multi-head attention pooling", ATTNPOOL_TYPES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, ATTNPOOL_TYPES, batch_size)
    return data


class AttnPoolClassifier(nn.Module):
    """Multi-head attention pooling of a bag: ``embed`` (8 -> 32, ReLU) per instance, a learned ``query`` attending over
    the instances by ``attn`` (nn.MultiheadAttention, 32, 4 heads), a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the
    5 classes. Output (bags, 5). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Linear(ATTNPOOL_DIM, 32)
        self.query = nn.Parameter(0.1 * torch.randn(1, 1, 32))
        self.attn = nn.MultiheadAttention(32, 4, batch_first=True)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, ATTNPOOL_TYPES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.embed(x))
        pooled, _ = self.attn(self.query.expand(len(x), 1, 32), h, h, need_weights=False)
        out: Tensor = self.head(F.relu(self.fc(pooled.squeeze(1))))
        return out


def attnpool_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the bags' classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


HIGHWAY_FEATURES, HIGHWAY_CLASSES = 20, 4
"""Rows of 20 features; 4 classes (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def highway_rows(n: int = 6000, seed: int = 394, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0) -> Data:
    """Tabular classification: 20 features N(0, 1); a class's score is a fixed random tanh unit of 8 features plus the
    product of two others, the class the largest of the 4 scores; 5% of the labels are random (a floor). x: (rows, 20);
    y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, HIGHWAY_FEATURES, generator=g)
    w = torch.randn(HIGHWAY_CLASSES, 8, generator=g)
    pick = torch.randperm(HIGHWAY_FEATURES, generator=g)
    scores = torch.tanh(x[:, pick[:8]] @ w.T / 2) * 2
    for k in range(HIGHWAY_CLASSES):
        scores[:, k] += x[:, pick[8 + 2 * k]] * x[:, pick[9 + 2 * k]]
    y = flip_labels(scores.argmax(1), HIGHWAY_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 4] = float("nan")
    return split(x, y, n, "tabular classification (a highway network)", HIGHWAY_CLASSES, batch_size)


class HighwayNet(nn.Module):
    """A highway network: ``inp`` (20 -> 48, ReLU), 3 highway layers (h = T * relu(W h) + (1 - T) * h, the transform gate
    T = sigmoid(G h) with its bias at -1), a ReLU layer ``fc`` (48 -> 32) and a ``head`` to the 4 classes.
    Output (rows, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(HIGHWAY_FEATURES, 48)
        self.plain = nn.ModuleList(nn.Linear(48, 48) for _ in range(3))
        self.gates = nn.ModuleList(nn.Linear(48, 48) for _ in range(3))
        self.fc = nn.Linear(48, 32)
        self.head = nn.Linear(32, HIGHWAY_CLASSES)
        with torch.no_grad():
            for gate in self.gates:
                gate.bias.fill_(-1.0)
            if dead_bias:
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.inp(x))
        for plain, gate in zip(self.plain, self.gates):
            t = torch.sigmoid(gate(h))
            h = t * F.relu(plain(h)) + (1 - t) * h
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def highway_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")
