"""The one hundred and eighth fresh half (fresh106, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


HARMONIC_SIZE, HARMONIC_CLASSES = 12, 4
"""12x12 one-channel images of one of 4 small glyphs (ln 4 = 1.39 at chance)."""
HARMONIC_GLYPHS = (
    ((0, 1, 0), (1, 1, 1), (0, 1, 0)),
    ((1, 0, 1), (0, 1, 0), (1, 0, 1)),
    ((1, 1, 1), (1, 0, 1), (1, 1, 1)),
    ((1, 0, 0), (1, 0, 0), (1, 1, 1)),
)
"""The 3x3 glyph of each class: a plus, an X, a hollow square, an L."""


@lru_cache(maxsize=None)
def harmonic_images(n: int = 3000, seed: int = 10621, *, n_val: int = 600, batch_size: int = 32,
                    nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 12x12 one-channel images whose class is the 3x3 glyph (a plus, an X, a hollow square or an L) drawn
    at a random place with amplitude U(1.0, 1.6), with a bright 2x2 distractor blob elsewhere, over N(0, 0.4^2)
    noise; 5% of the labels random, held-out ones too. x: (images, 1, 12, 12); y: (images,). ``nan_rows``: that
    share of the training images has a missing (NaN) pixel; ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, HARMONIC_SIZE
    y = torch.randint(HARMONIC_CLASSES, (total,), generator=g)
    glyphs = torch.tensor(HARMONIC_GLYPHS, dtype=torch.float32)
    x = 0.4 * torch.randn(total, s, s, generator=g)
    amp = 1.0 + 0.6 * torch.rand(total, generator=g)
    gr, gc = (torch.randint(0, s - 2, (total,), generator=g) for _ in range(2))
    br, bc = (torch.randint(0, s - 1, (total,), generator=g) for _ in range(2))
    idx = torch.arange(total)
    for dr in range(3):
        for dc in range(3):
            x[idx, gr + dr, gc + dc] += amp * glyphs[y, dr, dc]
    for dr in (0, 1):
        for dc in (0, 1):
            x[idx, br + dr, bc + dc] += 1.2
    x = x[:, None]
    y = flip_labels(y, HARMONIC_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 6, 4] = float("nan")
    data = split(x, y, n, "naming a small glyph in a noisy image (a harmonic CNN of DCT-basis filters)",
                 HARMONIC_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, HARMONIC_CLASSES,
                    batch_size)  # fmt: skip
    return data


def harmonic_basis() -> Tensor:
    """The 9 orthonormal 3x3 2-D DCT-II filters, (9, 3, 3)."""
    i = torch.arange(3).float()
    rows = []
    for u in range(3):
        c = torch.cos(math.pi * u * (2 * i + 1) / 6)
        rows.append(c / c.norm())
    return torch.stack([torch.outer(rows[u], rows[v]) for u in range(3) for v in range(3)])


class HarmonicConv(nn.Module):
    """A harmonic convolution (Ulicny et al. 2019): each 3x3 kernel a learned combination of the 9 fixed DCT
    filters (coefficients (out, in, 9)), padding 1."""

    def __init__(self, cin: int, cout: int) -> None:
        super().__init__()
        self.coef = nn.Parameter(torch.randn(cout, cin, 9) * (2.0 / (cin * 9)) ** 0.5)
        self.bias = nn.Parameter(torch.zeros(cout))
        self.register_buffer("basis", harmonic_basis())

    def forward(self, x: Tensor) -> Tensor:
        w = torch.einsum("oik,kxy->oixy", self.coef, self.basis)
        out: Tensor = F.conv2d(x, w, self.bias, padding=1)
        return out


class HarmonicNet(nn.Module):
    """A harmonic CNN: ``HarmonicConv`` 1 -> 12 at 12x12 (ReLU), 2x2 max pooling, ``HarmonicConv`` 12 -> 16 at 6x6
    (ReLU), global max and average pooling (32), a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 4 glyphs.
    A missing (NaN) pixel's NaN spreads. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.h1 = HarmonicConv(1, 12)
        self.h2 = HarmonicConv(12, 16)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, HARMONIC_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.max_pool2d(F.relu(self.h1(x)), 2)
        h = F.relu(self.h2(h))
        h = torch.cat([h.amax((2, 3)), h.mean((2, 3))], 1)
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


LRUNIT_STEPS, LRUNIT_CHANNELS, LRUNIT_CLASSES, LRUNIT_STATE, LRUNIT_WIDTH = 24, 2, 4, 24, 16
"""Series of 24 steps of 2 channels, 4 classes (ln 4 = 1.39 at chance), an LRU of 24 complex states, width 16."""


@lru_cache(maxsize=None)
def lrunit_series(n: int = 3000, seed: int = 10623, *, n_val: int = 400, batch_size: int = 32,
                  nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 2-channel series of 24 steps whose class is 2 x (whether channel 0 oscillates fast, a period of
    U(3.5, 4.5) steps, or slowly, U(8, 10), amplitude U(0.5, 0.9), random phase) + (whether channel 1 steps up or
    down by U(0.7, 1.2) at a random step in 6-17), over N(0, 0.5^2) noise; 5% of the labels random, held-out ones
    too. x: (series, 24, 2); y: (series,). ``nan_rows``: that share of the training series has a missing (NaN)
    value; ``train_rows``: keep only that many training series."""
    g = torch.Generator().manual_seed(seed)
    total, t = n + n_val, LRUNIT_STEPS
    y = torch.randint(LRUNIT_CLASSES, (total,), generator=g)
    fast = y // 2 == 1
    period = torch.where(fast, 3.5 + torch.rand(total, generator=g), 8 + 2 * torch.rand(total, generator=g))
    amp = 0.5 + 0.4 * torch.rand(total, generator=g)
    phase = 2 * math.pi * torch.rand(total, generator=g)
    steps = torch.arange(t).float()
    x = 0.5 * torch.randn(total, t, LRUNIT_CHANNELS, generator=g)
    x[:, :, 0] += amp[:, None] * torch.sin(2 * math.pi * steps[None] / period[:, None] + phase[:, None])
    at = torch.randint(6, 18, (total,), generator=g)
    height = (0.7 + 0.5 * torch.rand(total, generator=g)) * torch.where(y % 2 == 1, 1.0, -1.0)
    x[:, :, 1] += (steps[None] >= at[:, None]).float() * height[:, None]
    y = flip_labels(y, LRUNIT_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 11, 0] = float("nan")
    data = split(x, y, n, "naming the pace of one channel's oscillation and the sign of another's step (an LRU)",
                 LRUNIT_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, LRUNIT_CLASSES,
                    batch_size)  # fmt: skip
    return data


class LrunitNet(nn.Module):
    """A Linear Recurrent Unit classifier (Orvieto et al. 2023): the 2 channels to 16 (linear), a diagonal complex
    recurrence h <- lambda h + gamma B u of 24 states, lambda = exp(-exp(nu) + i exp(theta)) (|lambda| starting in
    [0.6, 0.98], its phase in [0, pi / 2]), gamma = sqrt(1 - |lambda|^2), read out as Re(C h) + D u (16), GELU;
    the last and the mean output (32) through a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 4 classes.
    A missing (NaN) value's NaN spreads. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        n, w = LRUNIT_STATE, LRUNIT_WIDTH
        self.enc = nn.Linear(LRUNIT_CHANNELS, w)
        r = torch.sqrt(torch.rand(n) * (0.98**2 - 0.6**2) + 0.6**2)
        self.nu_log = nn.Parameter(torch.log(-torch.log(r)))
        self.theta_log = nn.Parameter(torch.log(torch.rand(n) * math.pi / 2 + 1e-3))
        self.b_re = nn.Linear(w, n, bias=False)
        self.b_im = nn.Linear(w, n, bias=False)
        self.c_re = nn.Linear(n, w, bias=False)
        self.c_im = nn.Linear(n, w, bias=False)
        self.d = nn.Parameter(torch.randn(w) * 0.5)
        self.fc = nn.Linear(2 * w, 32)
        self.head = nn.Linear(32, LRUNIT_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        u = self.enc(x)
        mod = torch.exp(-torch.exp(self.nu_log))
        ang = torch.exp(self.theta_log)
        lam_re, lam_im = mod * torch.cos(ang), mod * torch.sin(ang)
        gamma = torch.sqrt((1 - mod**2).clamp_min(1e-6))
        bu_re, bu_im = gamma * self.b_re(u), gamma * self.b_im(u)
        h_re = x.new_zeros(x.shape[0], LRUNIT_STATE)
        h_im = x.new_zeros(x.shape[0], LRUNIT_STATE)
        res, ims = [], []
        for t in range(x.shape[1]):
            h_re, h_im = lam_re * h_re - lam_im * h_im + bu_re[:, t], lam_re * h_im + lam_im * h_re + bu_im[:, t]
            res.append(h_re)
            ims.append(h_im)
        y = F.gelu(self.c_re(torch.stack(res, 1)) - self.c_im(torch.stack(ims, 1)) + self.d * u)
        out: Tensor = self.head(F.relu(self.fc(torch.cat([y[:, -1], y.mean(1)], 1))))
        return out


OBLIVIOUS_FEATURES, OBLIVIOUS_TREES, OBLIVIOUS_DEPTH, OBLIVIOUS_RESPONSE = 8, 16, 4, 4
"""Rows of 8 features; 16 soft oblivious trees of depth 4 (16 leaves), a 4-d response per leaf."""


@lru_cache(maxsize=None)
def oblivious_rows(n: int = 8000, seed: int = 10625, *, n_val: int = 1000, batch_size: int = 64,
                   nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic default rows: 8 features N(0, 1); the default's logit -0.4 + 1.8 [x0 > 0.3][x1 < 0] - 1.5 [x2 >
    -0.5][x3 > 0.5] + 1.2 tanh(2 x4) + 0.8 x5 x6 - 0.6 [x7 > 1] + 0.5 x1, the default drawn from it. x: (rows, 8);
    y: (rows,) of 0/1. ``nan_rows``: that share of the training rows has a missing (NaN) feature; ``train_rows``:
    keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, OBLIVIOUS_FEATURES, generator=g)
    logit = (-0.4 + 1.8 * ((x[:, 0] > 0.3) & (x[:, 1] < 0)).float() - 1.5 * ((x[:, 2] > -0.5) & (x[:, 3] > 0.5)).float()
             + 1.2 * torch.tanh(2 * x[:, 4]) + 0.8 * x[:, 5] * x[:, 6] - 0.6 * (x[:, 7] > 1).float()
             + 0.5 * x[:, 1])  # fmt: skip
    y = (torch.rand(total, generator=g) < torch.sigmoid(logit)).float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3] = float("nan")
    data = split(x, y, n, "default prediction by soft oblivious decision trees (a NODE-like ensemble)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class ObliviousNet(nn.Module):
    """Neural oblivious decision ensembles (NODE, Popov et al. 2019, tiny): 16 soft oblivious trees of depth 4, each
    level choosing a feature by a softmax over learned weights and splitting it at a learned threshold with a
    learned temperature (a sigmoid), the same split for the whole level; each row's weight on the 16 leaves the
    product of its level choices, a learned 4-d response per leaf; the 64 responses through a ReLU layer ``fc``
    (64 -> 32) and a ``head`` (32 -> 1): the default's logit. Output (rows,). A missing (NaN) feature's NaN
    spreads. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        t, d, f = OBLIVIOUS_TREES, OBLIVIOUS_DEPTH, OBLIVIOUS_FEATURES
        leaves = 2**d
        self.select = nn.Parameter(torch.randn(t, d, f))
        self.threshold = nn.Parameter(0.5 * torch.randn(t, d))
        self.log_temp = nn.Parameter(torch.full((t, d), math.log(0.5)))
        self.response = nn.Parameter(torch.randn(t, leaves, OBLIVIOUS_RESPONSE))
        bits = torch.tensor([[(leaf >> k) & 1 for k in range(d)] for leaf in range(leaves)], dtype=torch.float32)
        self.register_buffer("bits", bits)
        self.fc = nn.Linear(t * OBLIVIOUS_RESPONSE, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        feat = torch.einsum("bf,tdf->btd", x, torch.softmax(self.select, -1))
        z = (feat - self.threshold) / torch.exp(self.log_temp)
        logp = torch.einsum("btd,ld->btl", F.logsigmoid(z), self.bits)
        logp = logp + torch.einsum("btd,ld->btl", F.logsigmoid(-z), 1 - self.bits)
        h = torch.einsum("btl,tlr->btr", torch.exp(logp), self.response).flatten(1)
        out: Tensor = self.head(F.relu(self.fc(h))).squeeze(-1)
        return out


def oblivious_bce(out: Tensor, y: Tensor) -> Tensor:
    """BCE with logits, mean over the rows."""
    return F.binary_cross_entropy_with_logits(out, y)


def oblivious_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """BCE with logits summed over the batch's rows (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


BOREL_FEATURES = 6
"""Rows of 6 features; a count >= 1 with a Borel law whose parameter depends on them."""


@lru_cache(maxsize=None)
def borel_rows(n: int = 6000, seed: int = 10627, *, n_val: int = 1000, batch_size: int = 256,
               nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Counts k >= 1 with a Borel law, pmf exp(-mu k) (mu k)^(k - 1) / k!, the total progeny of a Poisson(mu)
    branching process, whose mu depends on the rows: 6 features N(0, 1), logit mu = 2.5 sin(1.3 x0) + 1.1 x1 x2 -
    0.5 |x3| + 0.6 x4 - 0.3 x5^2 + 0.3, clamped to [-5, 2.5]; drawn by simulating the process (capped at 10^4).
    x: (rows, 6); y: (rows,) as floats. ``nan_rows``: that share of the training rows has a missing (NaN) feature;
    ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, BOREL_FEATURES, generator=g)
    logit = (2.5 * torch.sin(1.3 * x[:, 0]) + 1.1 * x[:, 1] * x[:, 2] - 0.5 * x[:, 3].abs() + 0.6 * x[:, 4]
             - 0.3 * x[:, 5] ** 2 + 0.3).clamp(-5, 2.5)  # fmt: skip
    mu = torch.sigmoid(logit)
    k = torch.ones(total)
    active = torch.ones(total)
    for _ in range(3000):
        if not bool((active > 0).any()):
            break
        children = torch.poisson(mu * active, generator=g)
        k = k + children
        active = torch.where(k < 1e4, children, torch.zeros_like(children))
    y = k.clamp(1, 1e4)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1] = float("nan")
    data = split(x, y, n, "count regression by a Borel likelihood (an MLP of the logit of its mu)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class BorelMLP(nn.Module):
    """A SiLU MLP of a Borel law: ``body`` 6 -> 64 (SiLU) -> 64 (SiLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 1): the logit of mu. Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(BOREL_FEATURES, 64), nn.SiLU(), nn.Linear(64, 64), nn.SiLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x)))).squeeze(-1)
        return out


def borel_terms(out: Tensor, y: Tensor) -> Tensor:
    """Each row's Borel negative log-likelihood: mu k - (k - 1)(log mu + log k) + lgamma(k + 1), mu =
    sigmoid(o), log mu = logsigmoid(o), the logit o clamped to +-8."""
    o = out.clamp(-8, 8)
    return torch.sigmoid(o) * y - (y - 1) * (F.logsigmoid(o) + torch.log(y)) + torch.lgamma(y + 1)


def borel_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Borel NLL, mean over the rows."""
    return borel_terms(out, y).mean()


def borel_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Borel NLL summed over the batch's rows (reduction='sum')."""
    return borel_terms(out, y).sum()


def borel_at_zero() -> float:
    """The NLL of raw outputs of 0 (mu = 1/2), its level at init."""
    y = borel_rows().y
    return float(borel_nll(torch.zeros(len(y)), y))
