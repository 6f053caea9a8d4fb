"""The one hundred and fifth fresh half (fresh103, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


DLA_SIZE, DLA_CLASSES = 12, 4
"""12x12 one-channel images of one of 4 small shapes (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def dla_images(n: int = 3000, seed: int = 10311, *, n_val: int = 600, batch_size: int = 32,
               nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 12x12 one-channel images whose class is the shape drawn at a random place: a 3x3 plus sign, a 2x2
    filled square, a 3-pixel diagonal or a 3-pixel anti-diagonal (amplitude U(1.5, 2.1)), with 3 single bright
    distractor pixels of the same amplitude, over N(0, 0.4^2) noise; 5% of the labels random, held-out ones too.
    x: (images, 1, 12, 12); y: (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel;
    ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, DLA_SIZE
    shapes = (((0, 0), (1, 0), (-1, 0), (0, 1), (0, -1)), ((0, 0), (0, 1), (1, 0), (1, 1)),
              ((-1, -1), (0, 0), (1, 1)), ((-1, 1), (0, 0), (1, -1)))  # fmt: skip
    y = torch.randint(DLA_CLASSES, (total,), generator=g)
    x = 0.4 * torch.randn(total, s, s, generator=g)
    for i in range(total):
        amp = 1.5 + 0.6 * float(torch.rand(1, generator=g))
        r, c = (int(v) for v in torch.randint(1, s - 2, (2,), generator=g))
        for dr, dc in shapes[int(y[i])]:
            x[i, r + dr, c + dc] += amp
        for _ in range(3):
            r, c = (int(v) for v in torch.randint(0, s, (2,), generator=g))
            x[i, r, c] += amp
    x = x[:, None]
    y = flip_labels(y, DLA_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 4, 7] = float("nan")
    data = split(x, y, n, "naming a small shape among distractor pixels (a deep layer aggregation CNN)",
                 DLA_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, DLA_CLASSES,
                    batch_size)  # fmt: skip
    return data


class DlaNet(nn.Module):
    """A deep layer aggregation CNN (Yu et al. 2018, tiny): two 3x3 conv blocks 1 -> 8 -> 8 at 12x12 merged by an
    aggregation node (a 1x1 conv of their concatenation, 16 -> 12, ReLU), 2x2 max pooling, a 3x3 conv block 12 -> 12
    at 6x6, a second aggregation node (1x1 conv of the pooled node and the block, 24 -> 16, ReLU), global average
    pooling, a ReLU layer ``fc`` (16 -> 32) and a ``head`` to the 4 shapes. A missing (NaN) pixel's NaN spreads.
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.b1 = nn.Conv2d(1, 8, 3, padding=1)
        self.b2 = nn.Conv2d(8, 8, 3, padding=1)
        self.agg1 = nn.Conv2d(16, 12, 1)
        self.b3 = nn.Conv2d(12, 12, 3, padding=1)
        self.agg2 = nn.Conv2d(24, 16, 1)
        self.fc = nn.Linear(16, 32)
        self.head = nn.Linear(32, DLA_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h1 = F.relu(self.b1(x))
        h2 = F.relu(self.b2(h1))
        a1 = F.max_pool2d(F.relu(self.agg1(torch.cat([h1, h2], 1))), 2)
        h3 = F.relu(self.b3(a1))
        a2 = F.relu(self.agg2(torch.cat([a1, h3], 1))).mean((2, 3))
        out: Tensor = self.head(F.relu(self.fc(a2)))
        return out


SCRN_STEPS, SCRN_CHANNELS, SCRN_CLASSES, SCRN_HIDDEN, SCRN_CONTEXT = 20, 2, 4, 24, 8
"""Series of 20 steps of 2 channels, 4 sign patterns (ln 4 = 1.39 at chance), an SCRN of 24 hidden and 8 context
units."""


@lru_cache(maxsize=None)
def scrn_series(n: int = 3000, seed: int = 10313, *, n_val: int = 400, batch_size: int = 32,
                nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 2-channel series of 20 steps whose class is the sign pattern of two bumps on channel 0 (one in steps
    0-8, one in steps 10-18, each 2 steps of height +-U(1.0, 1.6)): 2 x (first > 0) + (second > 0), over N(0, 0.35^2)
    noise; channel 1 holds 0-3 decoy bumps of random sign that do not count; 5% of the labels random, held-out ones
    too. x: (series, 20, 2); y: (series,). ``nan_rows``: that share of the training series has a missing (NaN) value;
    ``train_rows``: keep only that many training series."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    y = torch.randint(SCRN_CLASSES, (total,), generator=g)
    x = 0.35 * torch.randn(total, SCRN_STEPS, SCRN_CHANNELS, generator=g)
    for i in range(total):
        signs = (1.0 if int(y[i]) >= 2 else -1.0, 1.0 if int(y[i]) % 2 else -1.0)
        for half, sign in enumerate(signs):
            t = 10 * half + int(torch.randint(0, 8, (1,), generator=g))
            x[i, t:t + 2, 0] += sign * (1.0 + 0.6 * float(torch.rand(1, generator=g)))
        decoys = torch.randint(0, SCRN_STEPS - 1, (int(torch.randint(4, (1,), generator=g)),), generator=g)
        for t in decoys.tolist():
            sign = 1.0 if float(torch.rand(1, generator=g)) < 0.5 else -1.0
            x[i, t:t + 2, 1] += sign * (1.0 + 0.6 * float(torch.rand(1, generator=g)))
    y = flip_labels(y, SCRN_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 9, 1] = float("nan")
    data = split(x, y, n, "naming the sign pattern of two bumps (a structurally constrained RNN)", SCRN_CLASSES,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, SCRN_CLASSES,
                    batch_size)  # fmt: skip
    return data


class ScrnCell(nn.Module):
    """A structurally constrained recurrent network cell (Mikolov et al. 2014): slow context units s <- (1 - a) B x +
    a s (a = 0.95, fixed), hidden units h <- sigmoid(P s + A x + R h); returns the last [h, s]."""

    def __init__(self, inp: int, hidden: int, context: int, alpha: float = 0.95) -> None:
        super().__init__()
        self.hidden, self.context, self.alpha = hidden, context, alpha
        self.B = nn.Linear(inp, context, bias=False)
        self.A = nn.Linear(inp, hidden)
        self.P = nn.Linear(context, hidden, bias=False)
        self.R = nn.Linear(hidden, hidden, bias=False)

    def forward(self, x: Tensor) -> Tensor:
        h = x.new_zeros(x.shape[0], self.hidden)
        s = x.new_zeros(x.shape[0], self.context)
        bx, ax = self.B(x), self.A(x)
        for t in range(x.shape[1]):
            s = (1 - self.alpha) * bx[:, t] + self.alpha * s
            h = torch.sigmoid(self.P(s) + ax[:, t] + self.R(h))
        return torch.cat([h, s], -1)


class ScrnNet(nn.Module):
    """An SCRN classifier: an SCRN cell (``ScrnCell``, 2 -> 24 hidden + 8 context) over the 20 steps, the last [h, s]
    through a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 4 sign patterns. A missing (NaN) value's NaN spreads.
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.cell = ScrnCell(SCRN_CHANNELS, SCRN_HIDDEN, SCRN_CONTEXT)
        self.fc = nn.Linear(SCRN_HIDDEN + SCRN_CONTEXT, 32)
        self.head = nn.Linear(32, SCRN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.cell(x))))
        return out


HOFM_FIELDS, HOFM_VOCAB, HOFM_DIM, HOFM_DENSE = 4, 8, 8, 6
"""Rows of 4 categorical fields of 8 values each and 6 dense features, factors of 8."""


@lru_cache(maxsize=None)
def hofm_rows(n: int = 10000, seed: int = 10315, *, n_val: int = 1000, batch_size: int = 64, nan_rows: float = 0.0,
              train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic click rows: 4 categorical fields of 8 values (stored as floats, the value's index) and 6 dense
    features N(0, 1); the click's logit -0.3 + a weight per value (N(0, 0.6^2)) + 1.1 x1 x2 - 0.8 x0 x3 + 0.7 x2 x4
    x5 (second- and third-order crosses) + 0.9 a per-value factor of field 1 (N(0, 1)) times x0, the click drawn from
    it. x: (rows, 10); y: (rows,) of 0/1. ``nan_rows``: that share of the training rows has a missing (NaN) dense
    feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    ids = torch.randint(HOFM_VOCAB, (total, HOFM_FIELDS), generator=g)
    first = 0.6 * torch.randn(HOFM_FIELDS, HOFM_VOCAB, generator=g)
    slope = torch.randn(HOFM_VOCAB, generator=g)
    d = torch.randn(total, HOFM_DENSE, generator=g)
    logit = (-0.3 + sum(first[f][ids[:, f]] for f in range(HOFM_FIELDS)) + 1.1 * d[:, 1] * d[:, 2]
             - 0.8 * d[:, 0] * d[:, 3] + 0.7 * d[:, 2] * d[:, 4] * d[:, 5] + 0.9 * slope[ids[:, 1]] * d[:, 0])  # fmt: skip
    y = (torch.rand(total, generator=g) < torch.sigmoid(logit)).float()
    x = torch.cat([ids.float(), d], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, HOFM_FIELDS + 3] = float("nan")
    data = split(x, y, n, "click prediction by higher-order interactions (a higher-order factorization machine)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class HofmNet(nn.Module):
    """A higher-order factorization machine (Blondel et al. 2016, tiny) with a small MLP on top: a factor vector (8)
    per categorical value and per dense feature (scaled by its value), 10 vectors v_i per row; per factor dimension
    the first-order sum p1, the second-order ANOVA kernel (p1^2 - p2) / 2 and the third-order one (p1^3 - 3 p1 p2 +
    2 p3) / 6 (p_k = sum_i v_i^k), the 24 through a ReLU layer ``fc`` (24 -> 32) and a ``head`` (32 -> 1): the
    click's logit. Output (rows,). A missing (NaN) dense feature's NaN spreads. ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.emb = nn.Embedding(HOFM_FIELDS * HOFM_VOCAB, HOFM_DIM)
        nn.init.normal_(self.emb.weight, std=0.3)
        self.dense = nn.Parameter(0.3 * torch.randn(HOFM_DENSE, HOFM_DIM))
        self.register_buffer("offsets", torch.arange(HOFM_FIELDS) * HOFM_VOCAB)
        self.fc = nn.Linear(3 * HOFM_DIM, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        ids = x[:, :HOFM_FIELDS].nan_to_num(0).long() + self.offsets
        v = torch.cat([self.emb(ids), x[:, HOFM_FIELDS:, None] * self.dense], 1)  # (rows, 10, 8)
        p1, p2, p3 = v.sum(1), (v**2).sum(1), (v**3).sum(1)
        feats = torch.cat([p1, (p1**2 - p2) / 2, (p1**3 - 3 * p1 * p2 + 2 * p3) / 6], -1)
        out: Tensor = self.head(F.relu(self.fc(feats))).squeeze(-1)
        return out


def hofm_bce(out: Tensor, y: Tensor) -> Tensor:
    """BCE with logits, mean over the rows."""
    return F.binary_cross_entropy_with_logits(out, y)


def hofm_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """BCE with logits summed over the batch's rows (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


INVGAMMA_FEATURES, INVGAMMA_SHAPE = 6, 3.0
"""Rows of 6 features; a positive target with an inverse-gamma law of shape 3 whose scale depends on them."""


@lru_cache(maxsize=None)
def invgamma_rows(n: int = 4000, seed: int = 10317, *, n_val: int = 800, batch_size: int = 64,
                  nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Positive targets with an inverse-gamma law of shape 3 (density b^3 / 2 y^-4 exp(-b / y), heavy right tail)
    whose scale b depends on the rows: 6 features N(0, 1), log b = 0.5 + 1.0 cos(1.3 x0) + 0.6 x1 x3 + 0.5 x2 -
    0.4 |x4| + 0.4 tanh(x5); y = b / Gamma(3, 1). x: (rows, 6); y: (rows,). ``nan_rows``: that share of the training
    rows has a missing (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, INVGAMMA_FEATURES, generator=g)
    log_b = (0.5 + 1.0 * torch.cos(1.3 * x[:, 0]) + 0.6 * x[:, 1] * x[:, 3] + 0.5 * x[:, 2] - 0.4 * x[:, 4].abs()
             + 0.4 * torch.tanh(x[:, 5]))  # fmt: skip
    e = -torch.log(torch.rand(total, 3, generator=g).clamp_min(1e-12))
    y = (torch.exp(log_b) / e.sum(1)).clamp(1e-3, 1e4)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    data = split(x, y, n, "positive regression by an inverse-gamma likelihood (an MLP of its log scale)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class InvgammaMLP(nn.Module):
    """A SiLU MLP of an inverse-gamma law: ``body`` 6 -> 64 (SiLU) -> 64 (SiLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 1): the log scale. Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(INVGAMMA_FEATURES, 64), nn.SiLU(), nn.Linear(64, 64), nn.SiLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x)))).squeeze(-1)
        return out


def invgamma_terms(out: Tensor, y: Tensor) -> Tensor:
    """Each row's inverse-gamma negative log-likelihood at shape a = 3: -a log b + lgamma(a) + (a + 1) log y + b / y,
    the log scale clamped to +-6."""
    log_b = out.clamp(-6, 6)
    a = INVGAMMA_SHAPE
    return -a * log_b + math.lgamma(a) + (a + 1) * torch.log(y) + torch.exp(log_b) / y


def invgamma_nll(out: Tensor, y: Tensor) -> Tensor:
    """The inverse-gamma NLL, mean over the rows."""
    return invgamma_terms(out, y).mean()


def invgamma_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The inverse-gamma NLL summed over the batch's rows (reduction='sum')."""
    return invgamma_terms(out, y).sum()


def invgamma_at_zero() -> float:
    """The NLL of raw outputs of 0 (b = 1), its level at init."""
    y = invgamma_rows().y
    return float(invgamma_nll(torch.zeros(len(y)), y))
