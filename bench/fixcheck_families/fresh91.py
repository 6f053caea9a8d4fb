"""The ninety-third fresh half (fresh91, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


CCNET_SIZE, CCNET_CLASSES, CCNET_DIM = 16, 5, 8
"""Scenes of 16 x 16 pixels in 2 channels, 5 pixel classes; criss-cross attention of width 8."""


@lru_cache(maxsize=None)
def ccnet_scenes(n: int = 1600, seed: int = 911, *, n_val: int = 300, batch_size: int = 8, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic scenes of stripes and blobs whose pixel labels depend on row and column context: channel 0 carries
    a marker at the left end of some rows (prob. 0.4 each) and at the top of some columns (prob. 0.4) plus N(0, 0.3^2)
    noise over the scene, channel 1 one or two square blobs (sides 3-5); a blob pixel is class 4, any other pixel class
    (its row marked) + 2 (its column marked): only the far-away markers tell. 3% of the pixel labels random, held-out
    ones too. x: (scenes, 2, 16, 16); y: (scenes, 16, 16). ``nan_rows``: that share of the training scenes has a
    missing (NaN) pixel; ``train_rows``: keep only that many training scenes."""
    g = torch.Generator().manual_seed(seed)
    total, size = n + n_val, CCNET_SIZE
    rows = (torch.rand(total, size, generator=g) < 0.4).float()
    cols = (torch.rand(total, size, generator=g) < 0.4).float()
    x = 0.3 * torch.randn(total, 2, size, size, generator=g)
    x[:, 0, :, 0] += 1.5 * rows
    x[:, 0, 0, :] += 1.5 * cols
    y = (rows[:, :, None] + 2 * cols[:, None, :]).long()
    blob = torch.zeros(total, size, size, dtype=torch.bool)
    corner = torch.randint(2, size - 5, (total, 2, 2), generator=g)
    side = torch.randint(3, 6, (total, 2), generator=g)
    two = torch.rand(total, generator=g) < 0.5
    for r in range(total):
        for b in range(2 if two[r] else 1):
            i, j, s = int(corner[r, b, 0]), int(corner[r, b, 1]), int(side[r, b])
            blob[r, i : i + s, j : j + s] = True
    x[:, 1] += 1.5 * blob.float()
    y = torch.where(blob, CCNET_CLASSES - 1, y)
    y = flip_labels(y.flatten(), CCNET_CLASSES, 0.03, g).reshape(total, size, size)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1, 8, 8] = float("nan")
    data = split(x, y, n, "dense pixel labelling (a CCNet)", CCNET_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, CCNET_CLASSES,
                    batch_size)  # fmt: skip
    return data


class CcnetCrissCross(nn.Module):
    """A criss-cross attention module (Huang et al. 2019): queries and keys (``dim`` // 4 channels) and values from
    1 x 1 convolutions; each pixel attends to the pixels of its own row and its own column (itself counted once), one
    softmax over the H + W - 1 of them; the result added back to the input times a learned ``gamma`` (from 0)."""

    def __init__(self, dim: int = CCNET_DIM) -> None:
        super().__init__()
        self.q, self.k = nn.Conv2d(dim, dim // 4, 1), nn.Conv2d(dim, dim // 4, 1)
        self.v = nn.Conv2d(dim, dim, 1)
        self.gamma = nn.Parameter(torch.zeros(1))

    def forward(self, x: Tensor) -> Tensor:
        q, k, v = self.q(x), self.k(x), self.v(x)
        size = x.shape[2]
        e_row = torch.einsum("bchw,bchv->bhwv", q, k)
        e_col = torch.einsum("bchw,bcuw->bhwu", q, k)
        e_col = e_col.masked_fill(torch.eye(size, dtype=torch.bool)[:, None, :], float("-inf"))
        a = torch.softmax(torch.cat([e_row, e_col], 3), 3)
        a_row, a_col = a[..., :size], a[..., size:]
        out = torch.einsum("bhwv,bchv->bchw", a_row, v) + torch.einsum("bhwu,bcuw->bchw", a_col, v)
        return x + self.gamma * out


class CCNet(nn.Module):
    """A CCNet-like dense labeller: a conv stem (2 -> 8 -> 8, 3 x 3, ReLU), one criss-cross attention module
    (R = 1: each pixel reaches its row's and its column's markers), a ReLU 1 x 1 layer ``fc`` (8 -> 16) and a
    1 x 1 ``head`` (16 -> 5) per pixel. Output (scenes, 16, 16, 5). A missing (NaN) pixel's NaN reaches its row and
    column. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, dim: int = CCNET_DIM) -> None:
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(2, dim, 3, padding=1), nn.ReLU(), nn.Conv2d(dim, dim, 3, padding=1),
                                  nn.ReLU())  # fmt: skip
        self.cca = CcnetCrissCross(dim)
        self.fc = nn.Linear(dim, 16)
        self.head = nn.Linear(16, CCNET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.cca(self.stem(x))
        out: Tensor = self.head(F.relu(self.fc(h.permute(0, 2, 3, 1))))
        return out


def ccnet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The per-pixel cross-entropy summed over the batch's scenes and their pixels (reduction='sum')."""
    return F.cross_entropy(out.permute(0, 3, 1, 2), y, reduction="sum")


TIDE_LOOKBACK, TIDE_HORIZON, TIDE_COVARIATES, TIDE_PROJECTED = 48, 16, 5, 4
"""48 past steps, 16 ahead; 5 known covariates per step (2 calendar-like cycles as sine and cosine, a promotion
flag) projected to 4."""


@lru_cache(maxsize=None)
def tide_windows(n: int = 3000, seed: int = 913, *, n_val: int = 400, batch_size: int = 32, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Windows of a synthetic series driven by known covariates, one series per window: a level N(0, 0.5^2), a
    weekly-like cycle (period 7) and a monthly-like cycle (period 24) of amplitudes U(0.3, 1) and U(0.3, 0.8) at the
    calendar's phases (the covariates carry their sine and cosine), a promotion flag on 12% of the steps lifting the
    series by U(0.8, 1.6) (a lift per window), plus AR(1) noise (0.5, N(0, 0.2^2)). x: (windows, 64, 6): the series
    over the 48 past steps (0 over the horizon) and the 5 covariates over all 64; y: (windows, 16) the next 16 values.
    ``nan_rows``: that share of the training windows has a missing (NaN) value; ``train_rows``: keep only that many
    training windows."""
    g = torch.Generator().manual_seed(seed)
    total, steps = n + n_val, TIDE_LOOKBACK + TIDE_HORIZON
    start = torch.randint(0, 168, (total, 1), generator=g).float()
    t = start + torch.arange(steps).float()[None, :]
    week, month = 2 * math.pi * t / 7, 2 * math.pi * t / 24
    promo = (torch.rand(total, steps, generator=g) < 0.12).float()
    cov = torch.stack([week.sin(), week.cos(), month.sin(), month.cos(), promo], 2)
    a1 = 0.3 + 0.7 * torch.rand(total, 1, generator=g)
    a2 = 0.3 + 0.5 * torch.rand(total, 1, generator=g)
    lift = 0.8 + 0.8 * torch.rand(total, 1, generator=g)
    eps = 0.2 * torch.randn(total, steps, generator=g)
    noise = torch.zeros(total, steps)
    for i in range(steps):
        noise[:, i] = eps[:, i] + (0.5 * noise[:, i - 1] if i else 0.0)
    level = 0.5 * torch.randn(total, 1, generator=g)
    series = level + a1 * week.sin() + a2 * month.cos() + lift * promo + noise
    past = torch.cat([series[:, :TIDE_LOOKBACK], torch.zeros(total, TIDE_HORIZON)], 1)
    x = torch.cat([past[..., None], cov], 2)
    y = series[:, TIDE_LOOKBACK:].contiguous()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 30, 0] = float("nan")
    data = split(x, y, n, "covariate-driven series forecasting (a TiDE)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class TideResidual(nn.Module):
    """TiDE's residual block: a dense layer, ReLU, a dense layer, dropout, plus a linear skip, then a LayerNorm."""

    def __init__(self, d_in: int, hidden: int, d_out: int, dropout: float = 0.1, norm: bool = True) -> None:
        super().__init__()
        self.fc = nn.Linear(d_in, hidden)
        self.out = nn.Linear(hidden, d_out)
        self.skip = nn.Linear(d_in, d_out)
        self.drop = nn.Dropout(dropout)
        self.norm = nn.LayerNorm(d_out) if norm else nn.Identity()

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.norm(self.drop(self.out(F.relu(self.fc(x)))) + self.skip(x))
        return out


class TiDE(nn.Module):
    """A TiDE-like forecaster (Das et al. 2023): a residual feature projection of each step's 5 covariates (5 -> 16
    -> 4), the flattened lookback (48) with the flattened projected covariates of all 64 steps (256) through 2 residual
    encoder blocks (304 -> 48 -> 32, 32 -> 48 -> 32), a residual decoder block to 16 per-step vectors of 4 (32 -> 48 ->
    64), a temporal decoder per horizon step (its vector with its projected covariates, 8 -> 16 -> 1, the last layer
    ``head``) plus a global linear skip from the lookback to the horizon (48 -> 16). Output (windows, 16). A missing
    (NaN) value's NaN reaches the encoder."""

    def __init__(self) -> None:
        super().__init__()
        steps = TIDE_LOOKBACK + TIDE_HORIZON
        self.project = TideResidual(TIDE_COVARIATES, 16, TIDE_PROJECTED, norm=False)
        self.enc1 = TideResidual(TIDE_LOOKBACK + steps * TIDE_PROJECTED, 48, 32)
        self.enc2 = TideResidual(32, 48, 32)
        self.dec = TideResidual(32, 48, TIDE_HORIZON * 4)
        self.temporal = nn.Linear(4 + TIDE_PROJECTED, 16)
        self.head = nn.Linear(16, 1)
        self.lookback_skip = nn.Linear(TIDE_LOOKBACK, TIDE_HORIZON)

    def forward(self, x: Tensor) -> Tensor:
        past, cov = x[:, :TIDE_LOOKBACK, 0], self.project(x[..., 1:])
        h = self.enc2(self.enc1(torch.cat([past, cov.flatten(1)], 1)))
        d = self.dec(h).reshape(len(x), TIDE_HORIZON, 4)
        z = torch.cat([d, cov[:, TIDE_LOOKBACK:]], 2)
        out: Tensor = self.head(F.relu(self.temporal(z)))[..., 0] + self.lookback_skip(past)
        return out


def tide_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error, mean over the horizon steps of a window, summed over the batch's windows
    (reduction='sum')."""
    return F.mse_loss(out, y, reduction="none").mean(1).sum()


def tide_at_zero() -> float:
    """The MSE of forecasts of 0 on the held-out windows (the mean square of the targets)."""
    return float(tide_windows().val_y.pow(2).mean())


LINKX_NODES, LINKX_CLASSES, LINKX_FEATURES = 600, 5, 16
"""A graph of 600 nodes of 5 classes, 16 weakly informative features per node."""


@lru_cache(maxsize=None)
def linkx_graph(seed: int = 915, *, batch_size: int = 24, nan_rows: float = 0.0, train_rows: int | None = None) -> Data:
    """A heterophilous stochastic block model: 600 nodes of 5 classes (120 each); an edge between classes c and c'
    with prob. 0.1 when c' = c + 1 or c + 2 (mod 5), 0.004 within a class, 0.01 otherwise (about 90% of the edges
    to the 2 next classes); features N(0, 1) in 16 dimensions plus 0.4 x a random class mean N(0, 1) (weakly
    informative). Each node's input is its adjacency row (600) and its features (16). Transductive: a random half
    of the nodes trains, the other half is held out. x: (nodes, 616); y: (nodes,). ``nan_rows``: that share of the
    training nodes has a missing (NaN) feature; ``train_rows``: keep only that many training nodes."""
    g = torch.Generator().manual_seed(seed)
    y = torch.arange(LINKX_NODES) % LINKX_CLASSES
    diff = (y[None, :] - y[:, None]) % LINKX_CLASSES
    p = torch.where(diff == 0, 0.004, torch.where((diff == 1) | (diff == 2), 0.1, 0.01))
    upper = torch.triu((torch.rand(LINKX_NODES, LINKX_NODES, generator=g) < p).float(), 1)
    adj = upper + upper.T
    means = torch.randn(LINKX_CLASSES, LINKX_FEATURES, generator=g)
    feats = torch.randn(LINKX_NODES, LINKX_FEATURES, generator=g) + 0.4 * means[y]
    x = torch.cat([adj, feats], 1)
    order = torch.randperm(LINKX_NODES, generator=g)
    x, y = x[order], y[order]
    n = LINKX_NODES // 2
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, LINKX_NODES + 3] = float("nan")
    data = split(x, y, n, "heterophilous node classification (a LINKX)", LINKX_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, LINKX_CLASSES,
                    batch_size)  # fmt: skip
    return data


class LINKX(nn.Module):
    """A LINKX-like node classifier (Lim et al. 2021): an MLP on the node's adjacency row (600 -> 32; the row under
    dropout 0.5, edges dropped), an MLP on its features (16 -> 32 -> 32), the two concatenated and mixed by a linear
    layer (64 -> 32) with skip connections from both, ReLU, dropout 0.5, then a final MLP: a ReLU layer ``fc`` (32 ->
    32) and a ``head`` to the 5 classes. A missing (NaN) feature's NaN reaches the feature MLP. ``dead_bias`` < 0
    starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.mlp_a = nn.Linear(LINKX_NODES, 32)
        self.mlp_x = nn.Sequential(nn.Linear(LINKX_FEATURES, 32), nn.ReLU(), nn.Linear(32, 32))
        self.mix = nn.Linear(64, 32)
        self.drop = nn.Dropout(0.5)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, LINKX_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h_a, h_x = self.mlp_a(self.drop(x[:, :LINKX_NODES])), self.mlp_x(x[:, LINKX_NODES:])
        h = F.relu(self.mix(torch.cat([h_a, h_x], 1)) + h_a + h_x)
        out: Tensor = self.head(F.relu(self.fc(self.drop(h))))
        return out


def linkx_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's nodes (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


GENPOISSON_FEATURES, GENPOISSON_MAX = 6, 200
"""Rows of 6 features; counts of a generalized-Poisson (Consul) law, sampled over 0-200."""


@lru_cache(maxsize=None)
def genpoisson_rows(n: int = 4000, seed: int = 917, *, n_val: int = 800, batch_size: int = 64,
                    nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Over- and under-dispersed counts of a generalized-Poisson law whose parameters depend on 6 features N(0, 1):
    theta = exp(1.2 + 0.5 x0 + 0.4 sin(x1)), lambda = 0.6 tanh(x2 + 0.5 x3 x4); P(y) = theta (theta + lambda y)^(y -
    1) exp(-theta - lambda y) / y! where theta + lambda y > 0 (0 beyond, renormalised), sampled by inverse CDF over y =
    0..200. x: (rows, 6); y: (rows,) float. ``nan_rows``: that share of the training rows has a missing (NaN) feature;
    ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, GENPOISSON_FEATURES, generator=g)
    theta = torch.exp(1.2 + 0.5 * x[:, 0] + 0.4 * torch.sin(x[:, 1])).double()
    lam = (0.6 * torch.tanh(x[:, 2] + 0.5 * x[:, 3] * x[:, 4])).double()
    k = torch.arange(GENPOISSON_MAX + 1).double()[None, :]
    mean = theta[:, None] + lam[:, None] * k
    logp = torch.log(theta[:, None]) + (k - 1) * torch.log(mean.clamp(min=1e-300)) - mean - torch.lgamma(k + 1)
    logp = torch.where(mean > 0, logp, torch.tensor(-math.inf, dtype=torch.float64))
    cdf = torch.softmax(logp, 1).cumsum(1)
    u = torch.rand(total, 1, generator=g).double()
    y = (cdf < u).sum(1).clamp(max=GENPOISSON_MAX).float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    data = split(x, y, n, "count regression (an MLP, the generalized-Poisson NLL)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class GenpoissonMLP(nn.Module):
    """A ReLU MLP of a generalized-Poisson regressor: ``body`` 6 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32)
    and a ``head`` (32 -> 2): the log rate theta and the raw dispersion (lambda = 0.9 tanh). Output (rows, 2).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(GENPOISSON_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def genpoisson_terms(out: Tensor, y: Tensor) -> Tensor:
    """The generalized-Poisson negative log-likelihood of each row: -(log theta + (y - 1) log(theta + lambda y) -
    theta - lambda y - lgamma(y + 1)), theta = exp(out 0), lambda = 0.9 tanh(out 1), theta + lambda y clamped to at
    least 1e-4."""
    log_theta = out[:, 0]
    theta, lam = log_theta.exp(), 0.9 * torch.tanh(out[:, 1])
    mean = (theta + lam * y).clamp(min=1e-4)
    return -(log_theta + (y - 1) * torch.log(mean) - theta - lam * y - torch.lgamma(y + 1))


def genpoisson_nll(out: Tensor, y: Tensor) -> Tensor:
    """The generalized-Poisson negative log-likelihood, mean over the rows."""
    return genpoisson_terms(out, y).mean()


def genpoisson_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The generalized-Poisson negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return genpoisson_terms(out, y).sum()


def genpoisson_at_zero() -> float:
    """The generalized-Poisson negative log-likelihood of raw outputs of 0 (theta = 1, lambda = 0: a Poisson(1)): its
    level at init."""
    y = genpoisson_rows().y
    return float(genpoisson_nll(torch.zeros(len(y), 2), y))
