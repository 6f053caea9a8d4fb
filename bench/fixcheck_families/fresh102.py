"""The one hundred and fourth fresh half (fresh102, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


LOCNET_SIZE, LOCNET_CLASSES = 12, 4
"""12x12 one-channel images of a plus sign in one of 4 quadrants (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def locnet_images(n: int = 3000, seed: int = 10211, *, n_val: int = 600, batch_size: int = 32,
                  nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 12x12 one-channel images whose class is the quadrant (top-left, top-right, bottom-left,
    bottom-right) holding a 3x3 plus sign (5 pixels, amplitude U(1.5, 2.1)), with a 2x2 filled square of the same
    brightness in another quadrant as a distractor, over N(0, 0.4^2) noise; 5% of the labels random, held-out ones
    too. x: (images, 1, 12, 12); y: (images,). ``nan_rows``: that share of the training images has a missing (NaN)
    pixel; ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, LOCNET_SIZE
    y = torch.randint(LOCNET_CLASSES, (total,), generator=g)
    x = 0.4 * torch.randn(total, s, s, generator=g)
    for i in range(total):
        q = int(y[i])
        other = (q + 1 + int(torch.randint(3, (1,), generator=g))) % 4
        amp = 1.5 + 0.6 * float(torch.rand(1, generator=g))
        r0, c0 = 6 * (q // 2), 6 * (q % 2)
        r, c = (int(v) for v in torch.randint(1, 5, (2,), generator=g))
        for dr, dc in ((0, 0), (1, 0), (-1, 0), (0, 1), (0, -1)):
            x[i, r0 + r + dr, c0 + c + dc] += amp
        r1, c1 = 6 * (other // 2), 6 * (other % 2)
        r, c = (int(v) for v in torch.randint(0, 5, (2,), generator=g))
        x[i, r1 + r:r1 + r + 2, c1 + c:c1 + c + 2] += amp
    x = x[:, None]
    y = flip_labels(y, LOCNET_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 7] = float("nan")
    data = split(x, y, n, "naming the quadrant of a plus sign beside a square (a locally connected network)",
                 LOCNET_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, LOCNET_CLASSES,
                    batch_size)  # fmt: skip
    return data


class LocnetLayer(nn.Module):
    """A locally connected layer (an unshared convolution): a 3x3 window at each position with its own weights
    (``nn.Unfold``, no padding, stride 1), ``inp`` -> ``out`` channels on a ``size`` x ``size`` input."""

    def __init__(self, inp: int, out: int, size: int) -> None:
        super().__init__()
        self.side = size - 2
        self.out = out
        self.weight = nn.Parameter(torch.randn(self.side * self.side, inp * 9, out) / math.sqrt(inp * 9))
        self.bias = nn.Parameter(torch.zeros(self.side * self.side, out))

    def forward(self, x: Tensor) -> Tensor:
        cols = F.unfold(x, 3).transpose(1, 2)  # (batch, positions, inp * 9)
        h = torch.einsum("bpk,pko->bpo", cols, self.weight) + self.bias
        return h.transpose(1, 2).reshape(x.shape[0], self.out, self.side, self.side)


class LocnetNet(nn.Module):
    """A locally connected network (DeepFace-style unshared convolutions, tiny): a 3x3 locally connected layer 1 -> 6
    on 12x12 (10x10 out), ReLU, 2x2 max pooling (5x5), a 3x3 locally connected layer 6 -> 8 (3x3 out), ReLU, the 72
    flattened through a ReLU layer ``fc`` (72 -> 32) and a ``head`` to the 4 quadrants. A missing (NaN) pixel's NaN
    spreads. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.lc1 = LocnetLayer(1, 6, LOCNET_SIZE)
        self.lc2 = LocnetLayer(6, 8, 5)
        self.fc = nn.Linear(72, 32)
        self.head = nn.Linear(32, LOCNET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.max_pool2d(F.relu(self.lc1(x)), 2)
        h = F.relu(self.lc2(h)).flatten(1)
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


UGRNN_STEPS, UGRNN_CHANNELS, UGRNN_CLASSES, UGRNN_HIDDEN = 20, 2, 4, 24
"""Series of 20 steps of 2 channels, 1-4 pulses (ln 4 = 1.39 at chance), an update-gate RNN of 24 units."""


@lru_cache(maxsize=None)
def ugrnn_series(n: int = 3000, seed: int = 10213, *, n_val: int = 400, batch_size: int = 32,
                 nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 2-channel series of 20 steps whose class is the number of pulses (1-4) on channel 0: each pulse a
    bump of 2 steps of height U(1.0, 1.6) at distinct random places, over N(0, 0.35^2) noise; channel 1 holds as
    many decoy bumps, negative ones (height -U(1.0, 1.6)), 0-3 of them, that do not count; 5% of the labels random,
    held-out ones too. x: (series, 20, 2); y: (series,) = pulses - 1. ``nan_rows``: that share of the training series
    has a missing (NaN) value; ``train_rows``: keep only that many training series."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    y = torch.randint(UGRNN_CLASSES, (total,), generator=g)
    x = 0.35 * torch.randn(total, UGRNN_STEPS, UGRNN_CHANNELS, generator=g)
    for i in range(total):
        starts = torch.randperm(UGRNN_STEPS // 4, generator=g)[: int(y[i]) + 1] * 4 + int(torch.randint(3, (1,), generator=g))  # fmt: skip
        for t in starts.tolist():
            x[i, t:t + 2, 0] += 1.0 + 0.6 * float(torch.rand(1, generator=g))
        decoys = torch.randint(0, UGRNN_STEPS - 1, (int(torch.randint(4, (1,), generator=g)),), generator=g)
        for t in decoys.tolist():
            x[i, t:t + 2, 1] -= 1.0 + 0.6 * float(torch.rand(1, generator=g))
    y = flip_labels(y, UGRNN_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 9, 1] = float("nan")
    data = split(x, y, n, "counting the pulses of a series (an update-gate RNN)", UGRNN_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, UGRNN_CLASSES,
                    batch_size)  # fmt: skip
    return data


class UgrnnCell(nn.Module):
    """An update-gate RNN cell (Collins et al. 2017): c = tanh(W_c x + U_c h + b_c), g = sigmoid(W_g x + U_g h + b_g),
    h <- g h + (1 - g) c (no reset gate; the update gate's bias starts at 1)."""

    def __init__(self, inp: int, hidden: int) -> None:
        super().__init__()
        self.hidden = hidden
        self.inp = nn.Linear(inp, 2 * hidden)
        self.rec = nn.Linear(hidden, 2 * hidden, bias=False)
        with torch.no_grad():
            self.inp.bias[hidden:].fill_(1.0)

    def forward(self, x: Tensor) -> Tensor:
        h = x.new_zeros(x.shape[0], self.hidden)
        drive = self.inp(x)
        for t in range(x.shape[1]):
            c, g = (drive[:, t] + self.rec(h)).chunk(2, -1)
            g = torch.sigmoid(g)
            h = g * h + (1 - g) * torch.tanh(c)
        return h


class UgrnnNet(nn.Module):
    """An update-gate RNN classifier: a UGRNN cell (``UgrnnCell``, 2 -> 24) over the 20 steps, the last state through
    a ReLU layer ``fc`` (24 -> 32) and a ``head`` to the 4 pulse counts. A missing (NaN) value's NaN spreads.
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.cell = UgrnnCell(UGRNN_CHANNELS, UGRNN_HIDDEN)
        self.fc = nn.Linear(UGRNN_HIDDEN, 32)
        self.head = nn.Linear(32, UGRNN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.cell(x))))
        return out


GDCN_FIELDS, GDCN_VOCAB, GDCN_DIM, GDCN_DENSE = 4, 8, 6, 6
"""Rows of 4 categorical fields of 8 values each and 6 dense features, embeddings of 6."""


@lru_cache(maxsize=None)
def gdcn_rows(n: int = 10000, seed: int = 10215, *, n_val: int = 1000, batch_size: int = 64, nan_rows: float = 0.0,
              train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic conversion rows: 4 categorical fields of 8 values (stored as floats, the value's index) and 6 dense
    features N(0, 1); the conversion's logit -0.4 + a weight per value (N(0, 0.6^2)) + 1.2 x0 x1 - 0.9 x2 x3 + 0.6 x0
    x4 x5 (second- and third-order crosses) + 0.8 x_dense of a field's value (N(0, 1) per value) times x1, the
    conversion drawn from it. x: (rows, 10); y: (rows,) of 0/1. ``nan_rows``: that share of the training rows has a
    missing (NaN) dense feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    ids = torch.randint(GDCN_VOCAB, (total, GDCN_FIELDS), generator=g)
    first = 0.6 * torch.randn(GDCN_FIELDS, GDCN_VOCAB, generator=g)
    slope = torch.randn(GDCN_VOCAB, generator=g)
    d = torch.randn(total, GDCN_DENSE, generator=g)
    logit = (-0.4 + sum(first[f][ids[:, f]] for f in range(GDCN_FIELDS)) + 1.2 * d[:, 0] * d[:, 1]
             - 0.9 * d[:, 2] * d[:, 3] + 0.6 * d[:, 0] * d[:, 4] * d[:, 5] + 0.8 * slope[ids[:, 0]] * d[:, 1])  # fmt: skip
    y = (torch.rand(total, generator=g) < torch.sigmoid(logit)).float()
    x = torch.cat([ids.float(), d], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, GDCN_FIELDS + 2] = float("nan")
    data = split(x, y, n, "conversion prediction by feature crosses (a gated deep cross network)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class GdcnNet(nn.Module):
    """A gated deep cross network (GDCN, Wang et al. 2023, tiny): the 4 fields' embeddings (6) and the 6 dense features
    as x0 (30), 3 gated cross layers x_{l+1} = x0 * (W_l x_l + b_l) * sigmoid(G_l x_l) + x_l, then a ReLU layer
    ``fc`` (30 -> 32) and a ``head`` (32 -> 1): the conversion's logit. Output (rows,). A missing (NaN) dense
    feature's NaN spreads. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        width = GDCN_FIELDS * GDCN_DIM + GDCN_DENSE
        self.emb = nn.Embedding(GDCN_FIELDS * GDCN_VOCAB, GDCN_DIM)
        nn.init.normal_(self.emb.weight, std=0.3)
        self.register_buffer("offsets", torch.arange(GDCN_FIELDS) * GDCN_VOCAB)
        self.cross = nn.ModuleList([nn.Linear(width, width) for _ in range(3)])
        self.gates = nn.ModuleList([nn.Linear(width, width, bias=False) for _ in range(3)])
        self.fc = nn.Linear(width, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        ids = x[:, :GDCN_FIELDS].nan_to_num(0).long() + self.offsets
        x0 = torch.cat([self.emb(ids).flatten(1), x[:, GDCN_FIELDS:]], -1)
        h = x0
        for cross, gate in zip(self.cross, self.gates):
            h = x0 * cross(h) * torch.sigmoid(gate(h)) + h
        out: Tensor = self.head(F.relu(self.fc(h))).squeeze(-1)
        return out


def gdcn_bce(out: Tensor, y: Tensor) -> Tensor:
    """BCE with logits, mean over the rows."""
    return F.binary_cross_entropy_with_logits(out, y)


def gdcn_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """BCE with logits summed over the batch's rows (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


LINDLEY_FEATURES = 6
"""Rows of 6 features; a positive target with a Lindley law whose rate depends on them."""


@lru_cache(maxsize=None)
def lindley_rows(n: int = 4000, seed: int = 10217, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Positive targets with a Lindley law (density t^2 / (1 + t) (1 + y) exp(-t y): with probability t / (1 + t)
    an Exp(t), else a Gamma(2, t)) whose rate depends on the rows: 6 features N(0, 1), log t = 0.3 + 1.0 sin(1.5 x0)
    + 0.6 x1 x2 - 0.5 x3 + 0.4 |x4| - 0.4 tanh(x5). x: (rows, 6); y: (rows,). ``nan_rows``: that share of the
    training rows has a missing (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, LINDLEY_FEATURES, generator=g)
    log_t = (0.3 + 1.0 * torch.sin(1.5 * x[:, 0]) + 0.6 * x[:, 1] * x[:, 2] - 0.5 * x[:, 3] + 0.4 * x[:, 4].abs()
             - 0.4 * torch.tanh(x[:, 5]))  # fmt: skip
    t = torch.exp(log_t)
    e = -torch.log(torch.rand(total, 2, generator=g).clamp_min(1e-12))
    one = torch.rand(total, generator=g) < t / (1 + t)
    y = (torch.where(one, e[:, 0], e.sum(1)) / t).clamp_min(1e-4)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3] = float("nan")
    data = split(x, y, n, "positive regression by a Lindley likelihood (an MLP of its log rate)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class LindleyMLP(nn.Module):
    """A tanh-then-ReLU MLP of a Lindley law: ``body`` 6 -> 64 (tanh) -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32)
    and a ``head`` (32 -> 1): the log rate. Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(LINDLEY_FEATURES, 64), nn.Tanh(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x)))).squeeze(-1)
        return out


def lindley_terms(out: Tensor, y: Tensor) -> Tensor:
    """Each row's Lindley negative log-likelihood: -2 log t + log(1 + t) - log(1 + y) + t y, the log rate clamped to
    +-6."""
    log_t = out.clamp(-6, 6)
    return -2 * log_t + F.softplus(log_t) - torch.log1p(y) + torch.exp(log_t) * y


def lindley_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Lindley NLL, mean over the rows."""
    return lindley_terms(out, y).mean()


def lindley_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Lindley NLL summed over the batch's rows (reduction='sum')."""
    return lindley_terms(out, y).sum()


def lindley_at_zero() -> float:
    """The NLL of raw outputs of 0 (t = 1), its level at init."""
    y = lindley_rows().y
    return float(lindley_nll(torch.zeros(len(y)), y))
