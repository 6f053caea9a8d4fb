"""The one hundred and eighteenth fresh half (fresh116, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


MORPHO_SIZE, MORPHO_CLASSES, MORPHO_ELEMENTS = 16, 4, 4
"""16x16 images, 4 classes (ln 4 = 1.39 at chance), 4 learned 3x3 structuring elements a morphological layer."""


@lru_cache(maxsize=None)
def morpho_images(n: int = 3000, seed: int = 11601, *, n_val: int = 400, batch_size: int = 32,
                  nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 16x16 images of one of 4 kinds at a random place and brightness U(0.6, 1.4): 7 scattered single-pixel
    dots (class 0), a thin bar of length 7-11 at a random angle (1), a filled disc of radius 2-3.2 (2) or a hollow
    square outline of side 5-9 (3), plus N(0, 0.35^2) pixel noise; 5% of the labels random, held-out ones too. x:
    (images, 16, 16); y: (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel;
    ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, MORPHO_SIZE
    c = torch.arange(s, dtype=torch.float32)
    py, px = torch.meshgrid(c, c, indexing="ij")
    y = torch.randint(MORPHO_CLASSES, (total,), generator=g)
    cx = (4 + 7 * torch.rand(total, generator=g))[:, None, None]
    cy = (4 + 7 * torch.rand(total, generator=g))[:, None, None]
    bright = (0.6 + 0.8 * torch.rand(total, generator=g))[:, None, None]
    dots = torch.zeros(total, s * s)
    dots.scatter_(1, torch.randint(s * s, (total, 7), generator=g), 1.0)
    dots = dots.view(total, s, s)
    phi = (math.pi * torch.rand(total, generator=g))[:, None, None]
    half = (3.5 + 2 * torch.rand(total, generator=g))[:, None, None]
    rx, ry = px - cx, py - cy
    u = (rx * torch.cos(phi) + ry * torch.sin(phi)).clamp(-half, half)
    bar = torch.exp(-((rx - u * torch.cos(phi)) ** 2 + (ry - u * torch.sin(phi)) ** 2) / (2 * 0.45**2))
    radius = (2 + 1.2 * torch.rand(total, generator=g))[:, None, None]
    disc = torch.sigmoid(3 * (radius - torch.sqrt(rx**2 + ry**2)))
    side = (2.5 + 2 * torch.rand(total, generator=g))[:, None, None]
    cheb = torch.maximum(rx.abs(), ry.abs())
    square = torch.exp(-((cheb - side) ** 2) / (2 * 0.4**2))
    pics = torch.stack([dots, bar, disc, square], 1)
    x = bright * pics[torch.arange(total), y] + 0.35 * torch.randn(total, s, s, generator=g)
    y = flip_labels(y, MORPHO_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 6, 9] = float("nan")
    data = split(x, y, n, "naming the shape of a noisy image by learned grey-scale dilations and erosions (a morphological network)",
                 MORPHO_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, MORPHO_CLASSES,
                    batch_size)  # fmt: skip
    return data


def morpho_patches(x: Tensor) -> Tensor:
    """The 3x3 neighbourhoods of every pixel of (images, channels, 16, 16), edge-padded: (images, channels, 9, 256)."""
    b, ch = x.shape[:2]
    return F.unfold(F.pad(x, (1, 1, 1, 1), mode="replicate"), 3).view(b, ch, 9, -1)


class MorphoNet(nn.Module):
    """A morphological network: a first layer of 4 grey-scale dilations (max over a 3x3 neighbourhood of the pixel
    plus a learned structuring element ``dil1``) and 4 erosions (min of the pixel minus ``ero1``), a second layer
    eroding each dilation map and dilating each erosion map by a flat 3x3 element (closings and openings), the 16
    maps' spatial means and maxima (32 features), a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 4 classes. A
    missing (NaN) pixel's NaN spreads through the maxima. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        k = MORPHO_ELEMENTS
        self.dil1 = nn.Parameter(0.1 * torch.randn(k, 9))
        self.ero1 = nn.Parameter(0.1 * torch.randn(k, 9))
        self.fc = nn.Linear(8 * k, 32)
        self.head = nn.Linear(32, MORPHO_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        b, s = len(x), MORPHO_SIZE
        p = morpho_patches(x[:, None])  # (b, 1, 9, 256)
        dil = (p + self.dil1[None, :, :, None]).amax(2).view(b, -1, s, s)
        ero = (p - self.ero1[None, :, :, None]).amin(2).view(b, -1, s, s)
        closing = -F.max_pool2d(-dil, 3, 1, 1)
        opening = F.max_pool2d(ero, 3, 1, 1)
        maps = torch.cat([dil, ero, closing, opening], 1).flatten(2)  # (b, 16, 256)
        feats = torch.cat([maps.mean(2), maps.amax(2)], 1)
        out: Tensor = self.head(F.relu(self.fc(feats)))
        return out


VOLTERRA_SAMPLES, VOLTERRA_MEMORY = 64, 16
"""Output signals of 64 samples; a memory of 16 input samples (the inputs are 64 + 15 samples long)."""


@lru_cache(maxsize=None)
def volterra_signals(n: int = 3000, seed: int = 11603, *, n_val: int = 600, batch_size: int = 32,
                     nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic input/output records of an unknown nonlinear Wiener-Hammerstein system: the input a coloured noise
    (white noise through a random one-pole lowpass, pole U(0, 0.8)) of a random level U(0.5, 1.5), 79 samples; the
    output a fixed 6-tap FIR, a static nonlinearity tanh(1.5 v) + 0.4 v^2, a fixed 5-tap FIR, plus N(0, 0.1^2) noise,
    standardised, on the last 64 samples. x: the input (records, 79); y: the output (records, 64). ``nan_rows``: that
    share of the training records has a missing (NaN) input sample; ``train_rows``: keep only that many."""
    g = torch.Generator().manual_seed(seed)
    total, t = n + n_val, VOLTERRA_SAMPLES + VOLTERRA_MEMORY - 1
    pole = 0.8 * torch.rand(total, 1, generator=g)
    e = torch.randn(total, t + 20, generator=g)
    u = torch.zeros_like(e)
    for i in range(1, t + 20):
        u[:, i] = pole[:, 0] * u[:, i - 1] + e[:, i]
    u = u[:, 20:] * torch.sqrt(1 - pole**2) * (0.5 + torch.rand(total, 1, generator=g))
    h1 = torch.tensor([0.5, 0.8, -0.3, 0.35, -0.2, 0.1])
    h2 = torch.tensor([0.6, -0.4, 0.5, 0.2, -0.15])
    v = F.conv1d(F.pad(u[:, None], (5, 0)), h1.flip(0).view(1, 1, -1))[:, 0]
    w = torch.tanh(1.5 * v) + 0.4 * v**2
    out = F.conv1d(F.pad(w[:, None], (4, 0)), h2.flip(0).view(1, 1, -1))[:, 0]
    out = out[:, VOLTERRA_MEMORY - 1:] + 0.1 * torch.randn(total, VOLTERRA_SAMPLES, generator=g)
    y = (out - out.mean()) / out.std()
    x = u
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 40] = float("nan")
    data = split(x, y, n, "identifying a nonlinear system's output from its input (a second-order Volterra-like model)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class VolterraNet(nn.Module):
    """A Volterra-like system identifier: each output sample from the last 16 input samples, through 8 learned linear
    kernels ``lin`` and a rank-8 second-order kernel (the squares of 8 learned projections ``quad``), the 16 terms
    into a ReLU layer ``fc`` (16 -> 32) and a ``head`` (32 -> 1). Output (records, 64). A missing (NaN) input
    sample's NaN spreads to the 16 outputs that remember it. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.lin = nn.Linear(VOLTERRA_MEMORY, 8, bias=False)
        self.quad = nn.Linear(VOLTERRA_MEMORY, 8, bias=False)
        self.fc = nn.Linear(16, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        win = x.unfold(1, VOLTERRA_MEMORY, 1)  # (records, 64, 16)
        terms = torch.cat([self.lin(win), self.quad(win) ** 2], -1)
        out: Tensor = self.head(F.relu(self.fc(terms)))[..., 0]
        return out


def volterra_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's samples (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


VOLTERRA_AT_ZERO = 1.0
"""The MSE of an output of 0: the standardised outputs' unit variance."""


PURSUIT_FEATURES, PURSUIT_RIDGES, PURSUIT_UNITS = 8, 6, 16
"""Rows of 8 features; 6 ridge directions, each ridge function of 16 ReLU units."""


@lru_cache(maxsize=None)
def pursuit_rows(n: int = 4000, seed: int = 11605, *, n_val: int = 1000, batch_size: int = 64,
                 nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic rows of 8 N(0, 1) features and a target that is a sum of 3 ridge functions of hidden unit directions
    a, b, c: 1.2 sin(1.5 a.x) + 0.5 (b.x)^2 - 0.5 + tanh(2 c.x) |c.x|, plus N(0, 0.2^2) noise. x: (rows, 8); y:
    (rows, 1). ``nan_rows``: that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only
    that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    dirs = torch.randn(3, PURSUIT_FEATURES, generator=g)
    dirs = dirs / dirs.norm(dim=1, keepdim=True)
    x = torch.randn(total, PURSUIT_FEATURES, generator=g)
    z = x @ dirs.T
    y = (1.2 * torch.sin(1.5 * z[:, 0]) + 0.5 * z[:, 1] ** 2 - 0.5 + torch.tanh(2 * z[:, 2]) * z[:, 2].abs()
         + 0.2 * torch.randn(total, generator=g))  # fmt: skip
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3] = float("nan")
    data = split(x, y[:, None], n, "regressing a sum of ridge functions of hidden directions (projection pursuit regression)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class PursuitNet(nn.Module):
    """A projection pursuit regressor: 6 learned ridge directions ``proj`` (8 -> 6, no bias), each projection through
    its own ridge function, a grouped ReLU layer ``fc`` (a Conv1d of 6 groups, 1 -> 16 units a ridge) whose 96 units a
    ``head`` (96 -> 1) sums: an additive model of the 6 projections. Output (rows, 1). A missing (NaN) feature's NaN
    spreads through every projection. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.proj = nn.Linear(PURSUIT_FEATURES, PURSUIT_RIDGES, bias=False)
        self.fc = nn.Conv1d(PURSUIT_RIDGES, PURSUIT_RIDGES * PURSUIT_UNITS, 1, groups=PURSUIT_RIDGES)
        self.head = nn.Linear(PURSUIT_RIDGES * PURSUIT_UNITS, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.fc(self.proj(x)[:, :, None]))[:, :, 0]
        out: Tensor = self.head(h)
        return out


def pursuit_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's rows (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def pursuit_at_zero() -> float:
    """The MSE of an output of 0 on the training rows, near the loss at init."""
    return float(pursuit_rows().y.pow(2).mean())


SOFTDTW_FEATURES, SOFTDTW_LENGTH, SOFTDTW_GAMMA = 6, 12, 0.01
"""Rows of 6 features; sequences of 12 steps; the soft-DTW smoothing gamma 0.01."""


@lru_cache(maxsize=None)
def softdtw_rows(n: int = 4000, seed: int = 11607, *, n_val: int = 1000, batch_size: int = 64,
                 nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic rows of 6 N(0, 1) features and a 12-step gesture-like sequence: a bump of height 1.5 tanh(x0) + 0.5
    x1 x2 and width 1.2 + 0.6 sigmoid(x3) then a dip of depth 0.8 + 0.5 tanh(x4) at a gap of 4 + 2 sigmoid(x5) steps,
    the whole time-warped at random (an unpredictable start 2-4 and pace 0.8-1.25), plus N(0, 0.1^2) noise. x: (rows,
    6); y: (rows, 12). ``nan_rows``: that share of the training rows has a missing (NaN) feature; ``train_rows``: keep
    only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, SOFTDTW_FEATURES, generator=g)
    t = torch.arange(SOFTDTW_LENGTH, dtype=torch.float32)
    start = 2 + 2 * torch.rand(total, 1, generator=g)
    pace = 0.8 + 0.45 * torch.rand(total, 1, generator=g)
    tau = (t - start) * pace
    height = 1.5 * torch.tanh(x[:, :1]) + 0.5 * x[:, 1:2] * x[:, 2:3]
    width = 1.2 + 0.6 * torch.sigmoid(x[:, 3:4])
    depth = 0.8 + 0.5 * torch.tanh(x[:, 4:5])
    gap = 4 + 2 * torch.sigmoid(x[:, 5:6])
    y = height * torch.exp(-0.5 * (tau / width) ** 2) - depth * torch.exp(-0.5 * ((tau - gap) / 1.0) ** 2)
    y = y + 0.1 * torch.randn(total, SOFTDTW_LENGTH, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1] = float("nan")
    data = split(x, y, n, "predicting a time-warped gesture from its features (a soft-DTW loss)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class SoftdtwMLP(nn.Module):
    """A sequence MLP: ``body`` 6 -> 64 (tanh), a ReLU layer ``fc`` (64 -> 32) and a ``head`` (32 -> 12): the 12 steps
    of the predicted sequence. Output (rows, 12). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(SOFTDTW_FEATURES, 64), nn.Tanh())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, SOFTDTW_LENGTH)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


@lru_cache(maxsize=None)
def softdtw_diagonals(n: int) -> tuple[Tensor, Tensor, Tensor]:
    """The cells i = 1 .. n of each anti-diagonal d = 2 .. 2n of the (n+1) x (n+1) alignment table: their clamped cost
    indices (i-1, d-i-1), (2n-1, n) each, and whether each cell lies inside the table."""
    i = torch.arange(1, n + 1)
    j = torch.arange(2, 2 * n + 1)[:, None] - i
    valid = (j >= 1) & (j <= n)
    return (i - 1).expand_as(j), (j - 1).clamp(0, n - 1), valid


def softdtw_terms(out: Tensor, y: Tensor) -> Tensor:
    """Each row's soft-DTW (Cuturi and Blondel, 2017; gamma 0.01) between the predicted and the target sequences, on
    squared differences, by the recursion over the anti-diagonals of the alignment table, divided by the length."""
    n, big, gam = out.shape[1], 1e8, SOFTDTW_GAMMA
    rows = len(out)
    ii, jj, valid = softdtw_diagonals(n)
    cost = torch.where(valid, (out[:, ii] - y[:, jj]) ** 2, big)  # (rows, 2n-1, n)
    inf_col = torch.full((rows, 1), big, dtype=out.dtype)
    prev2 = torch.cat([torch.zeros(rows, 1, dtype=out.dtype), torch.full((rows, n), big, dtype=out.dtype)], 1)
    prev1 = torch.full((rows, n + 1), big, dtype=out.dtype)
    for d in range(2 * n - 1):
        r = torch.stack([prev2[:, :-1], prev1[:, :-1], prev1[:, 1:]], -1)
        cell = cost[:, d] - gam * torch.logsumexp(-r / gam, -1)
        prev2, prev1 = prev1, torch.cat([inf_col, cell], 1)
    return prev1[:, n] / n


def softdtw_loss(out: Tensor, y: Tensor) -> Tensor:
    """The soft-DTW, mean over the rows."""
    return softdtw_terms(out, y).mean()


def softdtw_summed(out: Tensor, y: Tensor) -> Tensor:
    """The soft-DTW summed over the batch's rows (reduction='sum')."""
    return softdtw_terms(out, y).sum()


def softdtw_at_zero() -> float:
    """The soft-DTW of an all-zero prediction on the training rows, near the loss at init."""
    y = softdtw_rows().y
    return float(softdtw_terms(torch.zeros_like(y), y).mean())
