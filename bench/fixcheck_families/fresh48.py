"""The fiftieth fresh half (fresh48, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


SWIN_SIZE, SWIN_CLASSES, SWIN_WINDOW = 12, 6, 3
"""12 x 12 grey images of 6 grating classes (ln 6 = 1.79 at chance); Swin windows of 3 x 3 tokens of 2 x 2 pixels."""


@lru_cache(maxsize=None)
def swin_images(n: int = 6000, seed: int = 481, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                train_rows: int | None = None) -> Data:  # fmt: skip
    """Texture classification: a sinusoidal grating at one of 3 orientations (0, 60, 120 degrees) and one of 2 periods (3
    and 6 pixels), the class the pair, a random phase, an amplitude of 0.5-1.1, over a smooth random brightness ramp,
    plus N(0, 0.7^2) noise per pixel, 5% random labels (a floor). x: (images, 1, 12, 12); y: (images,). ``nan_rows``: that
    share of the training images has a missing (NaN) pixel; ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, SWIN_SIZE
    y = torch.randint(SWIN_CLASSES, (total,), generator=g)
    angle = (y % 3).float() * math.pi / 3
    period = torch.where(y < 3, torch.tensor(3.0), torch.tensor(6.0))
    phase = 2 * math.pi * torch.rand(total, generator=g)
    amp = 0.5 + 0.6 * torch.rand(total, generator=g)
    r = torch.arange(s).float()
    rows, cols = r[:, None].expand(s, s), r[None, :].expand(s, s)
    along = torch.cos(angle)[:, None, None] * cols + torch.sin(angle)[:, None, None] * rows
    img = amp[:, None, None] * torch.sin(2 * math.pi * along / period[:, None, None] + phase[:, None, None])
    ramp = torch.randn(total, 2, generator=g) * 0.3
    img = img + (ramp[:, :1, None] * (rows - s / 2) + ramp[:, 1:, None] * (cols - s / 2)) / s
    x = (img + 0.7 * torch.randn(total, s, s, generator=g))[:, None]
    y = flip_labels(y, SWIN_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 7] = float("nan")
    data = split(x, y, n, "texture classification of gratings (a Swin-like classifier)", SWIN_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, SWIN_CLASSES, batch_size)
    return data


class SwinWindowBlock(nn.Module):
    """A Swin Transformer block (Liu et al. 2021) on a (rows, H, W, d) token grid: pre-LN multi-head self-attention
    inside non-overlapping windows of 3 x 3 tokens (2 heads, a learned bias per head and pair of window positions), the
    grid first rolled by ``shift`` tokens (the shifted-window block: windows that straddle the roll masked apart), then a
    pre-LN GELU MLP d -> 2d -> d; residuals."""

    def __init__(self, d: int, grid: int, shift: int) -> None:
        super().__init__()
        w = SWIN_WINDOW
        self.d, self.grid, self.shift, self.heads = d, grid, shift, 2
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.bias = nn.Parameter(torch.zeros(self.heads, w * w, w * w))
        self.mlp = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))
        region = torch.zeros(grid, grid, dtype=torch.long)
        if shift:
            cuts = (slice(0, -w), slice(-w, -shift), slice(-shift, None))
            k = 0
            for a in cuts:
                for b in cuts:
                    region[a, b] = k
                    k += 1
        ids = self.windows(region[None, :, :, None]).squeeze(-1)  # (windows, w * w)
        self.register_buffer("mask", torch.where(ids[:, :, None] == ids[:, None, :], 0.0, -100.0))

    def windows(self, x: Tensor) -> Tensor:
        b, hh, ww, c = x.shape
        w = SWIN_WINDOW
        x = x.reshape(b, hh // w, w, ww // w, w, c).permute(0, 1, 3, 2, 4, 5)
        return x.reshape(b * (hh // w) * (ww // w), w * w, c)

    def forward(self, x: Tensor) -> Tensor:
        b, g, w, d, h = x.shape[0], self.grid, SWIN_WINDOW, self.d, self.heads
        a = self.ln1(x)
        if self.shift:
            a = torch.roll(a, (-self.shift, -self.shift), (1, 2))
        win = self.windows(a)  # (b * nw, w * w, d)
        nw = win.shape[0] // b
        q, k, v = self.qkv(win).reshape(len(win), w * w, 3, h, d // h).permute(2, 0, 3, 1, 4)
        scores = q @ k.transpose(-1, -2) / math.sqrt(d // h) + self.bias
        scores = scores.reshape(b, nw, h, w * w, w * w) + self.mask[None, :, None]
        att = scores.softmax(-1).reshape(b * nw, h, w * w, w * w) @ v
        att = self.proj(att.transpose(1, 2).reshape(b * nw, w * w, d))
        att = att.reshape(b, g // w, g // w, w, w, d).permute(0, 1, 3, 2, 4, 5).reshape(b, g, g, d)
        if self.shift:
            att = torch.roll(att, (self.shift, self.shift), (1, 2))
        x = x + att
        out: Tensor = x + self.mlp(self.ln2(x))
        return out


class SwinNet(nn.Module):
    """A tiny Swin-like image classifier: a patch embedding ``embed`` (2 x 2 patches, 1 -> 16 channels: a 6 x 6 grid of
    tokens), a window block and a shifted-window block (windows of 3 x 3, shift 1), patch merging ``merge`` (each 2 x 2
    group of tokens concatenated, LayerNorm, 64 -> 32: a 3 x 3 grid), a LayerNorm, mean pooling, a ReLU layer ``fc``
    (32 -> 32) and a ``head`` to the 6 classes. Output (images, 6). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Conv2d(1, 16, 2, stride=2)
        self.blocks = nn.Sequential(SwinWindowBlock(16, 6, 0), SwinWindowBlock(16, 6, 1))
        self.merge_norm = nn.LayerNorm(64)
        self.merge = nn.Linear(64, 32)
        self.norm = nn.LayerNorm(32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, SWIN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        t = self.blocks(self.embed(x).permute(0, 2, 3, 1))  # (b, 6, 6, 16)
        t = torch.cat([t[:, 0::2, 0::2], t[:, 1::2, 0::2], t[:, 0::2, 1::2], t[:, 1::2, 1::2]], -1)
        t = self.norm(self.merge(self.merge_norm(t)))
        out: Tensor = self.head(F.relu(self.fc(t.mean((1, 2)))))
        return out


def swin_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


PNA_NODES, PNA_BLOCKS, PNA_FEATURES = 800, 4, 10
"""PNA classifies the 800 nodes of a degree-heterogeneous stochastic block model graph of 4 communities from 10 noisy
features."""


@lru_cache(maxsize=None)
def pna_graph(seed: int = 483) -> tuple[Tensor, Tensor]:
    """A degree-corrected stochastic block model graph of 800 nodes in 4 equal communities: each node an activity
    drawn from a log-normal (sigma 0.8, mean 1), an edge between two nodes with probability activity x activity x (6 /
    200 inside a community, 1.5 / 600 outside); returned as its edge list with self-loops, (2, edges) as (source,
    target) both ways, and the nodes' features (0.3 x the community's random centre plus N(0, 1) noise, 10 of them) and
    communities, packed as torch.cat([features, communities])."""
    g = torch.Generator().manual_seed(seed)
    nodes, blocks = PNA_NODES, PNA_BLOCKS
    block = (torch.arange(nodes) % blocks)[torch.randperm(nodes, generator=g)]
    act = torch.exp(0.8 * torch.randn(nodes, generator=g) - 0.32)
    size = nodes / blocks
    same = block[:, None] == block[None, :]
    p = torch.where(same, torch.tensor(6.0 / size), torch.tensor(1.5 / (nodes - size))) * act[:, None] * act[None, :]
    upper = torch.triu(torch.rand(nodes, nodes, generator=g) < p.clamp(max=1.0), 1)
    adj = upper | upper.T | torch.eye(nodes, dtype=torch.bool)
    edges = torch.nonzero(adj).T.contiguous()
    centres = torch.randn(blocks, PNA_FEATURES, generator=g)
    x = 0.3 * centres[block] + torch.randn(nodes, PNA_FEATURES, generator=g)
    return edges, torch.cat([x, block[:, None].float()], 1)


@lru_cache(maxsize=None)
def pna_nodes(n: int = 500, seed: int = 483, *, n_val: int = 300, batch_size: int = 32) -> Data:
    """Node classification on ``pna_graph(seed)``: the input is a node's id, the target its community (5% of the training
    labels random: a floor); ``n`` labelled training nodes and ``n_val`` validation nodes of the same graph
    (transductive)."""
    block = pna_graph(seed)[1][:, -1].long()
    g = torch.Generator().manual_seed(seed + 1)
    ids = torch.randperm(len(block), generator=g)[: n + n_val]
    y = block[ids]
    y = torch.cat([flip_labels(y[:n], PNA_BLOCKS, 0.05, g), y[n:]])
    return split(ids, y, n, "node classification (PNA on a degree-corrected stochastic block model graph)", PNA_BLOCKS, batch_size)


class PNALayer(nn.Module):
    """A principal neighbourhood aggregation layer (Corso et al. 2020): messages ``pre`` (d -> d) of the neighbours
    (self-loop included) aggregated by mean, max, min and standard deviation, each scaled by identity, amplification
    log(deg + 1) / delta and attenuation delta / log(deg + 1) (delta the mean of log(deg + 1)), the 12 aggregates and the
    node's own state mixed by ``post`` (13 d -> d), ReLU."""

    def __init__(self, d: int) -> None:
        super().__init__()
        self.pre = nn.Linear(d, d)
        self.post = nn.Linear(13 * d, d)

    def forward(self, h: Tensor, edges: Tensor, logdeg: Tensor) -> Tensor:
        src, dst = edges
        m = self.pre(h)[src]
        n, d = h.shape
        idx = dst[:, None].expand(-1, d)
        mean = torch.zeros(n, d).scatter_reduce(0, idx, m, "mean", include_self=False)
        sq = torch.zeros(n, d).scatter_reduce(0, idx, m * m, "mean", include_self=False)
        mx = torch.zeros(n, d).scatter_reduce(0, idx, m, "amax", include_self=False)
        mn = torch.zeros(n, d).scatter_reduce(0, idx, m, "amin", include_self=False)
        std = torch.sqrt(F.relu(sq - mean * mean) + 1e-5)
        agg = torch.cat([mean, mx, mn, std], 1)
        amp = logdeg / logdeg.mean()
        out: Tensor = F.relu(self.post(torch.cat([h, agg, agg * amp[:, None], agg / amp[:, None]], 1)))
        return out


class PNANet(nn.Module):
    """A PNA-like node classifier reading node ids: ``inp`` (10 -> 32, ReLU), 2 PNA layers (``layers``) over the whole
    graph each step, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 4 communities of the nodes asked. Output
    (nodes, 4). ``dead_bias`` < 0 starts fc's biases there; ``nan_nodes``: that share of the nodes has a missing (NaN)
    feature."""

    def __init__(self, seed: int = 483, dead_bias: float = 0.0, nan_nodes: float = 0.0) -> None:
        super().__init__()
        edges, packed = pna_graph(seed)
        x = packed[:, :PNA_FEATURES].clone()
        if nan_nodes:
            g = torch.Generator().manual_seed(seed + 2)
            x[torch.rand(len(x), generator=g) < nan_nodes, 4] = float("nan")
        self.register_buffer("edges", edges)
        self.register_buffer("feats", x)
        self.register_buffer("logdeg", torch.log(torch.bincount(edges[1], minlength=len(x)).float() + 1))
        self.inp = nn.Linear(PNA_FEATURES, 32)
        self.layers = nn.ModuleList(PNALayer(32) for _ in range(2))
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, PNA_BLOCKS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, ids: Tensor) -> Tensor:
        h = F.relu(self.inp(self.feats))
        for layer in self.layers:
            h = layer(h, self.edges, self.logdeg)
        out: Tensor = self.head(F.relu(self.fc(h[ids])))
        return out


def pna_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the communities summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


TSMIXER_LOOKBACK, TSMIXER_HORIZON, TSMIXER_CHANNELS = 24, 8, 4
"""TSMixer reads 24 steps of 4 channels and forecasts the next 8 of each."""


@lru_cache(maxsize=None)
def tsmixer_series(n: int = 4000, seed: int = 485, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """Multivariate seasonal forecasting: windows of 32 steps of 4 channels, each channel a sum of a daily-like cycle
    (period 8, the channel's own amplitude 0.6-1.2 and phase offset) and a slow one (period 24, shared phase, amplitude
    0.5), a random level N(0, 0.5^2) per window and channel, channel 3 also 0.6 x channel 0 two steps earlier, plus
    N(0, 0.3^2) noise; the first 24 steps the input, the last 8 the target. x: (windows, 24, 4); y: (windows, 8, 4).
    ``nan_rows``: that share of the training windows has a missing (NaN) value; ``train_rows``: keep only that many."""
    g = torch.Generator().manual_seed(seed)
    total, c = n + n_val, TSMIXER_CHANNELS
    steps = TSMIXER_LOOKBACK + TSMIXER_HORIZON
    t = torch.arange(steps + 2).float()
    amp = 0.6 + 0.6 * torch.rand(c, generator=g)
    offset = 2 * math.pi * torch.rand(c, generator=g)
    phase = 2 * math.pi * torch.rand(total, 1, 1, generator=g)
    slow = 2 * math.pi * torch.rand(total, 1, 1, generator=g)
    series = amp * torch.sin(2 * math.pi * t[None, :, None] / 8 + phase + offset) + 0.5 * torch.sin(2 * math.pi * t[None, :, None] / 24 + slow)
    series = series + 0.5 * torch.randn(total, 1, c, generator=g)
    series[:, 2:, 3] = series[:, 2:, 3] + 0.6 * series[:, :-2, 0]
    series = series[:, 2:] + 0.3 * torch.randn(total, steps, c, generator=g)
    x, y = series[:, : TSMIXER_LOOKBACK].clone(), series[:, TSMIXER_LOOKBACK :].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 10, 2] = float("nan")
    data = split(x, y, n, "multivariate seasonal forecasting (a TSMixer-like MLP, MSE)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class TSMixerNet(nn.Module):
    """A TSMixer-like forecaster (Chen et al. 2023): 2 mixer blocks, each a time-mixing MLP (LayerNorm over the
    channels, a ReLU layer 24 -> 24 along time per channel, a residual) and a feature-mixing MLP (LayerNorm, 4 -> 32 ->
    4 per step, ReLU, a residual), a temporal projection ``proj`` (24 -> 8 steps), then a per-step ReLU layer ``fc``
    (4 -> 32) and a ``head`` (32 -> 4). Output (windows, 8, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        c, t = TSMIXER_CHANNELS, TSMIXER_LOOKBACK
        self.time_norms = nn.ModuleList(nn.LayerNorm(c) for _ in range(2))
        self.time = nn.ModuleList(nn.Linear(t, t) for _ in range(2))
        self.feat_norms = nn.ModuleList(nn.LayerNorm(c) for _ in range(2))
        self.feat = nn.ModuleList(nn.Sequential(nn.Linear(c, 32), nn.ReLU(), nn.Linear(32, c)) for _ in range(2))
        self.proj = nn.Linear(t, TSMIXER_HORIZON)
        self.fc = nn.Linear(c, 32)
        self.head = nn.Linear(32, c)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        for tn, tm, fn, fm in zip(self.time_norms, self.time, self.feat_norms, self.feat):
            x = x + F.relu(tm(tn(x).transpose(1, 2))).transpose(1, 2)
            x = x + fm(fn(x))
        z = self.proj(x.transpose(1, 2)).transpose(1, 2)  # (windows, 8, 4)
        out: Tensor = self.head(F.relu(self.fc(z)))
        return out


def tsmixer_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's windows (the mean over each window's 32 values, summed)."""
    return F.mse_loss(out, y, reduction="sum") / (TSMIXER_HORIZON * TSMIXER_CHANNELS)


def tsmixer_at_zero() -> float:
    """The MSE of a forecast of 0: its level at init."""
    return float(tsmixer_series().y.pow(2).mean())


TOBIT_FEATURES, TOBIT_LIMIT = 8, 0.0
"""Rows of 8 features; the targets left-censored at 0."""


@lru_cache(maxsize=None)
def tobit_rows(n: int = 4000, seed: int = 487, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Censored regression: 8 features N(0, 1); a latent target 1.2 sin(x0) + 0.7 x1 + 0.5 x2 x3 - 0.4 x4^2 + 0.3 x5 +
    0.2 plus N(0, 0.5^2) noise, observed only above 0 (left-censored at 0, as a Tobit model: ~54% of the rows read 0).
    x: (rows, 8); y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, TOBIT_FEATURES, generator=g)
    latent = 1.2 * torch.sin(x[:, 0]) + 0.7 * x[:, 1] + 0.5 * x[:, 2] * x[:, 3] - 0.4 * x[:, 4] ** 2 + 0.3 * x[:, 5] + 0.2
    y = (latent + 0.5 * torch.randn(total, generator=g)).clamp(min=TOBIT_LIMIT)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 6] = float("nan")
    return split(x, y, n, "censored regression (an MLP, the Tobit negative log-likelihood)", None, batch_size)


class TobitMLP(nn.Module):
    """A ReLU MLP of a Tobit model: ``body`` 8 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a ``head`` (32 -> 2):
    the latent mean and the log of its scale. Output (rows, 2). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(TOBIT_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def tobit_terms(out: Tensor, y: Tensor) -> Tensor:
    """The Tobit negative log-likelihood of each row: -log Phi((0 - mu) / s) for a censored row (y at the limit), else
    log s + z^2 / 2 + ln(2 pi) / 2, z = (y - mu) / s; mu = out[:, 0], s = exp(out[:, 1]) (the log-scale clamped to
    [-6, 6])."""
    mu, log_s = out[:, 0], out[:, 1].clamp(-6.0, 6.0)
    z = (y - mu) / log_s.exp()
    censored = y <= TOBIT_LIMIT
    observed = log_s + 0.5 * z * z + 0.5 * math.log(2 * math.pi)
    below = -torch.special.log_ndtr((TOBIT_LIMIT - mu) / log_s.exp())
    return torch.where(censored, below, observed)


def tobit_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Tobit negative log-likelihood, mean over the rows."""
    return tobit_terms(out, y).mean()


def tobit_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Tobit negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return tobit_terms(out, y).sum()


def tobit_at_zero() -> float:
    """The Tobit negative log-likelihood of a latent mean of 0 and a scale of 1: its level at init."""
    return float(tobit_nll(torch.zeros(len(tobit_rows().y), 2), tobit_rows().y))
