"""The fifty-second fresh half (fresh50, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


MOBILEVIT_SIZE, MOBILEVIT_CLASSES = 12, 4
"""12 x 12 grey images of a bar and a square, 4 classes (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def mobilevit_images(n: int = 4000, seed: int = 501, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                     train_rows: int | None = None) -> Data:  # fmt: skip
    """Where a square lies from a bar: a bar of 6 x 2 pixels, horizontal or vertical, at a random place, and a square of
    2 x 2 pixels 3-5 pixels to one side of it (above or below a horizontal bar, left or right of a vertical one), the
    class the pair (4), each drawn at a random brightness of 0.8-1.4, plus N(0, 0.4^2) noise per pixel, 5% random labels
    (a floor). x: (images,
    1, 12, 12); y: (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel;
    ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, MOBILEVIT_SIZE
    y = torch.randint(MOBILEVIT_CLASSES, (total,), generator=g)
    img = torch.zeros(total, s, s)
    centre = torch.randint(3, s - 4, (total, 2), generator=g)
    gap = torch.randint(3, 6, (total,), generator=g)
    along = torch.randint(-2, 3, (total,), generator=g)
    bright = 0.8 + 0.6 * torch.rand(total, 2, generator=g)
    for i in range(total):
        r, c, k = int(centre[i, 0]), int(centre[i, 1]), int(y[i])
        side = -1 if k % 2 == 0 else 1
        if k < 2:  # a horizontal bar, the dot above or below
            img[i, r : r + 2, c - 3 : c + 3] = bright[i, 0]
            dr, dc = r + side * int(gap[i]), c + int(along[i])
        else:  # a vertical bar, the square left or right
            img[i, r - 3 : r + 3, c : c + 2] = bright[i, 0]
            dr, dc = r + int(along[i]), c + side * int(gap[i])
        for a in (dr, dr + 1):
            for b in (dc, dc + 1):
                img[i, a % s, b % s] = bright[i, 1]
    x = (img + 0.4 * torch.randn(total, s, s, generator=g))[:, None]
    y = flip_labels(y, MOBILEVIT_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 4, 9] = float("nan")
    data = split(x, y, n, "where a square lies from a bar (a MobileViT-like classifier)", MOBILEVIT_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, MOBILEVIT_CLASSES, batch_size)
    return data


class MobileViTUnit(nn.Module):
    """A MobileViT block (Mehta & Rastegari 2022) on a (rows, 16, 6, 6) map: a local 3 x 3 convolution and a 1 x 1 one to
    d = 24, the map unfolded into 2 x 2 patches (4 sequences, one per pixel position of a patch, of the 9 patches), a
    pre-LN transformer layer over each sequence (2 heads, a GELU MLP 24-48-24, residuals), folded back, a 1 x 1
    convolution to 16, concatenated with the input and fused by a 3 x 3 convolution to 16 (SiLU)."""

    def __init__(self, c: int = 16, d: int = 24) -> None:
        super().__init__()
        self.local = nn.Sequential(nn.Conv2d(c, c, 3, padding=1), nn.SiLU(), nn.Conv2d(c, d, 1))
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.attn = nn.MultiheadAttention(d, 2, batch_first=True)
        self.mlp = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))
        self.back = nn.Conv2d(d, c, 1)
        self.fuse = nn.Conv2d(2 * c, c, 3, padding=1)

    def forward(self, x: Tensor) -> Tensor:
        b, _, hh, ww = x.shape
        z = self.local(x)
        d = z.shape[1]
        # unfold: (b, d, H/2, 2, W/2, 2) -> (b * 4, patches, d)
        t = z.reshape(b, d, hh // 2, 2, ww // 2, 2).permute(0, 3, 5, 2, 4, 1).reshape(b * 4, (hh // 2) * (ww // 2), d)
        a = self.ln1(t)
        t = t + self.attn(a, a, a, need_weights=False)[0]
        t = t + self.mlp(self.ln2(t))
        z = t.reshape(b, 2, 2, hh // 2, ww // 2, d).permute(0, 5, 3, 1, 4, 2).reshape(b, d, hh, ww)  # fold
        out: Tensor = F.silu(self.fuse(torch.cat([x, self.back(z)], 1)))
        return out


class MobileViTNet(nn.Module):
    """A tiny MobileViT-like classifier: a stem (3 x 3 convolution 1 -> 16, stride 2: a 6 x 6 map, SiLU), an inverted
    residual MV2 block (1 x 1 16 -> 32, depthwise 3 x 3, 1 x 1 32 -> 16, a residual), a MobileViT block
    (``MobileViTUnit``), global average pooling, a ReLU layer ``fc`` (16 -> 32) and a ``head`` to the 4 classes. Output
    (images, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stem = nn.Conv2d(1, 16, 3, stride=2, padding=1)
        self.mv2 = nn.Sequential(nn.Conv2d(16, 32, 1), nn.SiLU(), nn.Conv2d(32, 32, 3, padding=1, groups=32), nn.SiLU(),
                                 nn.Conv2d(32, 16, 1))  # fmt: skip
        self.vit = MobileViTUnit()
        self.fc = nn.Linear(16, 32)
        self.head = nn.Linear(32, MOBILEVIT_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.silu(self.stem(x))
        h = self.vit(h + self.mv2(h))
        out: Tensor = self.head(F.relu(self.fc(h.mean((2, 3)))))
        return out


def mobilevit_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


APPNP_NODES, APPNP_BLOCKS, APPNP_FEATURES, APPNP_STEPS, APPNP_ALPHA = 600, 4, 16, 10, 0.1
"""APPNP classifies the 600 nodes of a stochastic block model graph of 4 communities from 16 noisy features, propagating
its predictions 10 steps with teleport 0.1."""


@lru_cache(maxsize=None)
def appnp_graph(seed: int = 503) -> tuple[Tensor, Tensor]:
    """A stochastic block model graph of 600 nodes in 4 equal communities (an edge with probability 4 / 150 inside a
    community, 2 / 450 outside), returned as its symmetrically normalised adjacency with self-loops, D^-1/2 (A + I)
    D^-1/2 (dense, 600 x 600), and the nodes' features (0.25 x the community's random centre plus N(0, 1) noise, 16 of
    them) and communities, packed as torch.cat([features, communities])."""
    g = torch.Generator().manual_seed(seed)
    nodes, blocks = APPNP_NODES, APPNP_BLOCKS
    block = (torch.arange(nodes) % blocks)[torch.randperm(nodes, generator=g)]
    size = nodes / blocks
    same = block[:, None] == block[None, :]
    p = torch.where(same, torch.tensor(4.0 / size), torch.tensor(2.0 / (nodes - size)))
    upper = torch.triu(torch.rand(nodes, nodes, generator=g) < p, 1)
    adj = (upper | upper.T).float() + torch.eye(nodes)
    inv = adj.sum(1).rsqrt()
    centres = torch.randn(blocks, APPNP_FEATURES, generator=g)
    x = 0.25 * centres[block] + torch.randn(nodes, APPNP_FEATURES, generator=g)
    return inv[:, None] * adj * inv[None, :], torch.cat([x, block[:, None].float()], 1)


@lru_cache(maxsize=None)
def appnp_nodes(n: int = 400, seed: int = 503, *, n_val: int = 200, batch_size: int = 32) -> Data:
    """Node classification on ``appnp_graph(seed)``: the input is a node's id, the target its community (5% of the
    training labels random: a floor); ``n`` labelled training nodes and ``n_val`` validation nodes of the same graph
    (transductive)."""
    block = appnp_graph(seed)[1][:, -1].long()
    g = torch.Generator().manual_seed(seed + 1)
    ids = torch.randperm(len(block), generator=g)[: n + n_val]
    y = block[ids]
    y = torch.cat([flip_labels(y[:n], APPNP_BLOCKS, 0.05, g), y[n:]])
    return split(ids, y, n, "node classification (APPNP on a stochastic block model graph)", APPNP_BLOCKS, batch_size)


class APPNPNet(nn.Module):
    """APPNP (Gasteiger et al. 2019) reading node ids: an MLP of every node's features (``inp`` 16 -> 32, ReLU, a ReLU
    layer ``fc`` 32 -> 32, a ``head`` to the 4 communities), then personalized-PageRank propagation of its predictions H
    over the whole graph, Z <- (1 - alpha) A_hat Z + alpha H, 10 steps, alpha 0.1; the rows of the nodes asked. Output
    (nodes, 4). ``dead_bias`` < 0 starts fc's biases there; ``nan_nodes``: that share of the nodes has a missing (NaN)
    feature."""

    def __init__(self, seed: int = 503, dead_bias: float = 0.0, nan_nodes: float = 0.0) -> None:
        super().__init__()
        adj, packed = appnp_graph(seed)
        x = packed[:, :APPNP_FEATURES].clone()
        if nan_nodes:
            g = torch.Generator().manual_seed(seed + 2)
            x[torch.rand(len(x), generator=g) < nan_nodes, 5] = float("nan")
        self.register_buffer("adj", adj)
        self.register_buffer("feats", x)
        self.inp = nn.Linear(APPNP_FEATURES, 32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, APPNP_BLOCKS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, ids: Tensor) -> Tensor:
        h = self.head(F.relu(self.fc(F.relu(self.inp(self.feats)))))
        z = h
        for _ in range(APPNP_STEPS):
            z = (1 - APPNP_ALPHA) * (self.adj @ z) + APPNP_ALPHA * h
        out: Tensor = z[ids]
        return out


def appnp_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the communities summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


DLINEAR_LOOKBACK, DLINEAR_HORIZON, DLINEAR_CHANNELS, DLINEAR_KERNEL = 36, 12, 3, 7
"""DLinear reads 36 steps of 3 channels and forecasts the next 12 of each; a moving average of 7 steps splits trend from
season."""


@lru_cache(maxsize=None)
def dlinear_series(n: int = 4000, seed: int = 505, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Multichannel series with a trend and a season: windows of 48 steps of 3 channels, each a level N(0, 0.5^2) per
    window and channel plus a drift (a slope N(0, 0.03^2) per window, shared, scaled by the channel's 0.5-1.5) plus a
    cycle of period 12 (the channel's own amplitude 0.5-1.0, a random phase per window) plus N(0, 0.25^2) noise; the
    first 36 steps the input, the last 12 the target. x: (windows, 36, 3); y: (windows, 12, 3). ``nan_rows``: that share
    of the training windows has a missing (NaN) value."""
    g = torch.Generator().manual_seed(seed)
    total, c = n + n_val, DLINEAR_CHANNELS
    steps = DLINEAR_LOOKBACK + DLINEAR_HORIZON
    t = torch.arange(steps).float()[None, :, None] - DLINEAR_LOOKBACK
    scale = 0.5 + torch.rand(c, generator=g)
    amp = 0.5 + 0.5 * torch.rand(c, generator=g)
    slope = 0.03 * torch.randn(total, 1, 1, generator=g) * scale
    phase = 2 * math.pi * torch.rand(total, 1, 1, generator=g)
    level = 0.5 * torch.randn(total, 1, c, generator=g)
    series = level + slope * t + amp * torch.sin(2 * math.pi * t / 12 + phase)
    series = series + 0.25 * torch.randn(total, steps, c, generator=g)
    x, y = series[:, :DLINEAR_LOOKBACK].clone(), series[:, DLINEAR_LOOKBACK:].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 20, 1] = float("nan")
    return split(x, y, n, "multichannel forecasting of trend and season (a DLinear-like model, MSE)", None, batch_size)


class DLinearNet(nn.Module):
    """A DLinear-like forecaster (Zeng et al. 2023): the input split by a moving average of 7 steps (edges replicated) into
    a trend and a seasonal remainder, one linear layer along time per component (``trend`` and ``season``, 36 -> 12,
    shared by the channels), summed; then a per-step channel mixer on that forecast: a ReLU layer ``fc`` (3 -> 16) and a ``head`` (16 ->
    3). Output (windows, 12, 3). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.trend = nn.Linear(DLINEAR_LOOKBACK, DLINEAR_HORIZON)
        self.season = nn.Linear(DLINEAR_LOOKBACK, DLINEAR_HORIZON)
        self.fc = nn.Linear(DLINEAR_CHANNELS, 16)
        self.head = nn.Linear(16, DLINEAR_CHANNELS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        k = DLINEAR_KERNEL // 2
        padded = torch.cat([x[:, :1].expand(-1, k, -1), x, x[:, -1:].expand(-1, k, -1)], 1)
        trend = F.avg_pool1d(padded.transpose(1, 2), DLINEAR_KERNEL, stride=1)  # (windows, 3, 36)
        season = x.transpose(1, 2) - trend
        z = (self.trend(trend) + self.season(season)).transpose(1, 2)  # (windows, 12, 3)
        out: Tensor = self.head(F.relu(self.fc(z)))
        return out


def dlinear_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's windows (the mean over each window's 36 values, summed)."""
    return F.mse_loss(out, y, reduction="sum") / (DLINEAR_HORIZON * DLINEAR_CHANNELS)


def dlinear_at_zero() -> float:
    """The MSE of a forecast of 0: its level at init."""
    return float(dlinear_series().y.pow(2).mean())


WEIBULL_FEATURES = 8
"""Rows of 8 features; the event times right-censored."""


@lru_cache(maxsize=None)
def weibull_rows(n: int = 4000, seed: int = 507, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Survival times: 8 features N(0, 1); an event time from a Weibull of scale exp(0.8 sin(x0) + 0.5 x1 - 0.3 x2 x3 -
    0.2) and shape exp(0.4 + 0.25 x4), right-censored by an independent exponential time of mean 2.5 (y the observed time,
    the smaller, and whether the event was seen). x: (rows, 8); y: (rows, 2). ``nan_rows``: that share of the training
    rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, WEIBULL_FEATURES, generator=g)
    scale = torch.exp(0.8 * torch.sin(x[:, 0]) + 0.5 * x[:, 1] - 0.3 * x[:, 2] * x[:, 3] - 0.2)
    shape = torch.exp(0.4 + 0.25 * x[:, 4])
    u = torch.rand(total, generator=g).clamp(min=1e-6)
    event_time = scale * (-torch.log(u)) ** (1 / shape)
    censor = -2.5 * torch.log(torch.rand(total, generator=g).clamp(min=1e-6))
    y = torch.stack([torch.minimum(event_time, censor), (event_time <= censor).float()], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 6] = float("nan")
    return split(x, y, n, "survival regression of right-censored times (an MLP, the Weibull negative log-likelihood)", None, batch_size)


class WeibullMLP(nn.Module):
    """A ReLU MLP of a Weibull survival model: ``body`` 8 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 2): the log of the scale and the log of the shape. Output (rows, 2). ``dead_bias`` < 0 starts fc's
    biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(WEIBULL_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def weibull_terms(out: Tensor, y: Tensor) -> Tensor:
    """The Weibull negative log-likelihood of each row: (t / lam)^k, minus log k - log lam + (k - 1) log(t / lam) for a
    seen event; lam = exp(out[:, 0]) (clamped to [-6, 6]), k = exp(out[:, 1]) (clamped to [-3, 3]), t = y[:, 0], the
    event flag y[:, 1]."""
    log_lam, log_k = out[:, 0].clamp(-6.0, 6.0), out[:, 1].clamp(-3.0, 3.0)
    k = log_k.exp()
    z = torch.log(y[:, 0].clamp(min=1e-6)) - log_lam
    cumulative = torch.exp(k * z)
    return cumulative - y[:, 1] * (log_k - log_lam + (k - 1) * z)


def weibull_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Weibull negative log-likelihood, mean over the rows."""
    return weibull_terms(out, y).mean()


def weibull_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Weibull negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return weibull_terms(out, y).sum()


def weibull_at_zero() -> float:
    """The Weibull negative log-likelihood of a scale and a shape of 1 (an exponential of mean 1): its level at init."""
    return float(weibull_nll(torch.zeros(len(weibull_rows().y), 2), weibull_rows().y))
