"""The seventy-second fresh half (fresh70, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


TREE_DEPTH, TREE_LEAVES, TREE_DIM, TREE_CLASSES = 3, 8, 24, 3
TREE_VALUES = (2.0, 2.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, -1.0, -1.0, -2.0, -2.0, 0.0, 0.0, 0.0)
TREE_FACTORS = (0.0,) * 12 + (-1.0, -1.0, 2.0)
"""Complete binary trees of depth 3 (8 token leaves); 15 tokens: 12 words of sentiment +2, +1, 0, -1 or -2 (two or
four of each) and 3 operators, two negations (a factor -1) and an intensifier (a factor 2); hidden states of 24; 3
classes at the root (ln 3 = 1.10 at chance)."""


def treelstm_value(tokens: list[int]) -> float:
    """The planted sentiment of a tree of 8 leaf tokens, composed bottom-up: a node of two plain subtrees sums their
    values; an operator leaf applied to a plain sibling multiplies the sibling's value by its factor (a negation flips
    it, an intensifier doubles it); two operators side by side compose into one (their factors multiplied); a root
    that is still an operator is worth 0."""
    nodes: list[tuple[float, float | None]] = [(TREE_VALUES[t], TREE_FACTORS[t] or None) for t in tokens]
    while len(nodes) > 1:
        nxt: list[tuple[float, float | None]] = []
        for (lv, lf), (rv, rf) in zip(nodes[::2], nodes[1::2]):
            if lf is not None and rf is not None:
                nxt.append((0.0, lf * rf))
            elif lf is not None:
                nxt.append((lf * rv, None))
            elif rf is not None:
                nxt.append((rf * lv, None))
            else:
                nxt.append((lv + rv, None))
        nodes = nxt
    return nodes[0][0]


@lru_cache(maxsize=None)
def treelstm_trees(n: int = 4000, seed: int = 701, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic sentiment trees: 8 leaf tokens (an operator with probability 0.3, the negations twice as likely as
    the intensifier; else a word, uniform over the 12), the label the planted sentiment of the tree (``treelstm_value``)
    below -1 (negative, 0), from -1 to 1 (neutral, 1) or above 1 (positive, 2): about a third each; 5% random labels (a
    floor). x: (trees, 8) the leaf token ids, left to right (float, for the NaN of a missing token); y: (trees,).
    ``nan_rows``: that share of the training trees has a missing (NaN) token; ``train_rows``: keep only that many
    training trees."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    words = torch.randint(12, (total, TREE_LEAVES), generator=g)
    ops = 12 + torch.multinomial(torch.tensor([0.4, 0.4, 0.2]), total * TREE_LEAVES, replacement=True,
                                 generator=g).reshape(total, TREE_LEAVES)  # fmt: skip
    tokens = torch.where(torch.rand(total, TREE_LEAVES, generator=g) < 0.3, ops, words)
    values = torch.tensor([treelstm_value(row) for row in tokens.tolist()])
    y = flip_labels((values > 1.5).long() - (values < -1.5).long() + 1, TREE_CLASSES, 0.05, g)
    x = tokens.float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5] = float("nan")
    data = split(x, y, n, "tree sentiment classification (a binary Tree-LSTM over complete binary trees)",
                 TREE_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, TREE_CLASSES,
                    batch_size)
    return data


class TreeLSTM(nn.Module):
    """A binary (N-ary, N = 2) Tree-LSTM classifier (Tai et al. 2015, small): token embeddings (15 -> 24); each leaf an
    LSTM cell with no children (input, output and update gates from its embedding); each internal node's input and
    output gates, update and a forget gate per child from its two children's hidden states (one linear map of their
    concatenation), its cell the gated update plus each child's cell times its own forget gate; batched level by level
    (8 leaves, then 4, 2 and the root). The root's hidden state through a ReLU layer ``fc`` (24 -> 32) and a ``head``
    to the 3 classes. A missing (NaN) token scores NaN. Output (trees, 3). ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0, d: int = TREE_DIM) -> None:
        super().__init__()
        self.d = d
        self.embed = nn.Embedding(len(TREE_VALUES), d)
        self.leaf = nn.Linear(d, 3 * d)
        self.node = nn.Linear(2 * d, 5 * d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, TREE_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        d = self.d
        i, o, u = self.leaf(self.embed(torch.nan_to_num(x).long())).split(d, -1)
        c = torch.sigmoid(i) * torch.tanh(u)
        h = torch.sigmoid(o) * torch.tanh(c)
        while h.shape[1] > 1:
            b, n, _ = h.shape
            pair_h, pair_c = h.reshape(b, n // 2, 2 * d), c.reshape(b, n // 2, 2, d)
            i, o, u, f_l, f_r = self.node(pair_h).split(d, -1)
            c = (torch.sigmoid(i) * torch.tanh(u) + torch.sigmoid(f_l) * pair_c[:, :, 0]
                 + torch.sigmoid(f_r) * pair_c[:, :, 1])  # fmt: skip
            h = torch.sigmoid(o) * torch.tanh(c)
        out: Tensor = self.head(F.relu(self.fc(h[:, 0])))
        return torch.where(torch.isnan(x).any(1, keepdim=True), torch.full_like(out, float("nan")), out)


def treelstm_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The root cross-entropy summed over the batch's trees (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


CBAM_SIZE, CBAM_CLASSES = 16, 5
"""Images of 16 x 16, 5 kinds of pattern (ln 5 = 1.61 at chance)."""


@lru_cache(maxsize=None)
def cbam_images(n: int = 4000, seed: int = 703, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
                train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 16 x 16 images of one of 5 patterns at a random place over a noisy background: a horizontal bar, a
    vertical bar, a diagonal bar (either way), a round blob, or a patch of checkerboard texture; bars 5-9 pixels long
    and of brightness 0.8-1.4, the blob of radius 1.5-2.5, the texture 6 x 6; the background N(0, 0.35^2) noise plus a
    random gradient; 5% random labels (a floor). x: (images, 1, 16, 16); y: (images,). ``nan_rows``: that share of the
    training images has a missing (NaN) pixel; ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, CBAM_SIZE
    y = torch.randint(CBAM_CLASSES, (total,), generator=g)
    rows = torch.arange(s).float()[:, None].expand(s, s)
    cols = torch.arange(s).float()[None, :].expand(s, s)
    cy = 3 + 10 * torch.rand(total, generator=g)
    cx = 3 + 10 * torch.rand(total, generator=g)
    half = 2.5 + 2 * torch.rand(total, generator=g)
    bright = 0.8 + 0.6 * torch.rand(total, generator=g)
    flip = torch.where(torch.rand(total, generator=g) < 0.5, -1.0, 1.0)
    dy, dx = rows[None] - cy[:, None, None], cols[None] - cx[:, None, None]
    h = half[:, None, None]
    hbar = ((dy.abs() < 0.8) & (dx.abs() < h)).float()
    vbar = ((dx.abs() < 0.8) & (dy.abs() < h)).float()
    dbar = (((dy - flip[:, None, None] * dx).abs() < 1.0) & (dx.abs() < h / 1.4)).float()
    radius = (1.5 + torch.rand(total, generator=g))[:, None, None]
    blob = torch.exp(-(dy**2 + dx**2) / (2 * (radius / 1.2) ** 2))
    checker = (((rows[None] + cols[None]).long() % 2) * 2 - 1).float() * ((dy.abs() < 3) & (dx.abs() < 3)).float()
    shapes = torch.stack([hbar, vbar, dbar, blob, 0.8 * checker], 1)
    img = shapes[torch.arange(total), y] * bright[:, None, None]
    slope = 0.3 * torch.randn(total, 2, generator=g)
    img = img + slope[:, 0, None, None] * (rows[None] / s - 0.5) + slope[:, 1, None, None] * (cols[None] / s - 0.5)
    img = img + 0.35 * torch.randn(total, s, s, generator=g)
    x = img[:, None]
    y = flip_labels(y, CBAM_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 7, 7] = float("nan")
    data = split(x, y, n, "image classification of oriented bars, blobs and textures (a CNN with CBAM attention)",
                 CBAM_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, CBAM_CLASSES,
                    batch_size)
    return data


class CBAMBlock(nn.Module):
    """CBAM (Woo et al. 2018): channel attention, a shared MLP (C -> C/2 -> C, ReLU) of the average- and the
    max-pooled maps, summed, a sigmoid scaling each channel; then spatial attention, a 7 x 7 convolution of the
    channel mean and max maps, a sigmoid scaling each position."""

    def __init__(self, channels: int) -> None:
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(channels, channels // 2), nn.ReLU(), nn.Linear(channels // 2, channels))
        self.spatial = nn.Conv2d(2, 1, 7, padding=3)

    def forward(self, h: Tensor) -> Tensor:
        att = torch.sigmoid(self.mlp(h.mean((2, 3))) + self.mlp(h.amax((2, 3))))
        h = h * att[:, :, None, None]
        pooled = torch.cat([h.mean(1, keepdim=True), h.amax(1, keepdim=True)], 1)
        return h * torch.sigmoid(self.spatial(pooled))


class CBAMNet(nn.Module):
    """A small CNN with CBAM blocks: a 3 x 3 convolution (1 -> 8, BatchNorm, ReLU), a CBAM block, 2 x 2 average
    pooling, a 3 x 3 convolution (8 -> 16, BatchNorm, ReLU), a CBAM block, global average pooling, a ReLU layer ``fc``
    (16 -> 32) and a ``head`` to the 5 classes. Output (images, 5). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.conv1, self.cbam1 = nn.Conv2d(1, 8, 3, padding=1), CBAMBlock(8)
        self.conv2, self.cbam2 = nn.Conv2d(8, 16, 3, padding=1), CBAMBlock(16)
        self.bn1, self.bn2 = nn.BatchNorm2d(8), nn.BatchNorm2d(16)
        self.fc = nn.Linear(16, 32)
        self.head = nn.Linear(32, CBAM_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.avg_pool2d(self.cbam1(F.relu(self.bn1(self.conv1(x)))), 2)
        h = self.cbam2(F.relu(self.bn2(self.conv2(h))))
        out: Tensor = self.head(F.relu(self.fc(h.mean((2, 3)))))
        return out


def cbam_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's images (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


TIMES_LOOKBACK, TIMES_HORIZON, TIMES_DIM, TIMES_TOPK = 64, 16, 8, 2
"""A lookback window of 64 steps, a horizon of 16; a model width of 8; the 2 strongest periods of the FFT."""


@lru_cache(maxsize=None)
def timesnet_series(n: int = 3000, seed: int = 705, *, n_val: int = 400, batch_size: int = 32, nan_rows: float = 0.0,
                    train_rows: int | None = None) -> Data:  # fmt: skip
    """Multi-periodic synthetic series, each its own (new series held out): seasonalities of period 12 (amplitude
    0.5-1.5) with a second harmonic (period 6, 0.1-0.5), 20 (0.3-1.2) and 7 (0-0.5), each at a random phase, a linear
    trend of slope N(0, 0.01^2) per step, a level N(0, 1) and N(0, 0.25^2) noise; windows of 64 steps and the 16
    after. x: (series, 64); y: (series, 16). ``nan_rows``: that share of the training series has a missing (NaN)
    value; ``train_rows``: keep only that many training series."""
    g = torch.Generator().manual_seed(seed)
    total, length = n + n_val, TIMES_LOOKBACK + TIMES_HORIZON
    t = torch.arange(length).float()[None]

    def season(period: float, lo: float, hi: float) -> Tensor:
        amp = lo + (hi - lo) * torch.rand(total, 1, generator=g)
        phase = 2 * math.pi * torch.rand(total, 1, generator=g)
        return amp * torch.sin(2 * math.pi * t / period + phase)

    series = season(12, 0.5, 1.5) + season(6, 0.1, 0.5) + season(20, 0.3, 1.2) + season(7, 0.0, 0.5)
    series = series + 0.01 * torch.randn(total, 1, generator=g) * t + torch.randn(total, 1, generator=g)
    series = series + 0.25 * torch.randn(total, length, generator=g)
    x, y = series[:, :TIMES_LOOKBACK].clone(), series[:, TIMES_LOOKBACK:].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 40] = float("nan")
    data = split(x, y, n, "forecasting multi-periodic series (a TimesNet-like model: periods from the FFT, 2D convolutions)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class TimesInception(nn.Module):
    """An inception-style 2D block: 1 x 1, 3 x 3 and 5 x 5 convolutions (8 -> 8) averaged, a GELU, then a 1 x 1
    convolution."""

    def __init__(self, d: int = TIMES_DIM) -> None:
        super().__init__()
        self.first = nn.ModuleList(nn.Conv2d(d, d, k, padding=k // 2) for k in (1, 3, 5))
        self.second = nn.Conv2d(d, d, 1)

    def forward(self, h: Tensor) -> Tensor:
        out: Tensor = self.second(F.gelu(torch.stack([conv(h) for conv in self.first]).mean(0)))
        return out


class TimesNet(nn.Module):
    """A TimesNet-like forecaster (Wu et al. 2023, small): the window, less its mean, embedded per step (1 -> 8) with
    learned positions, extended along time to the 64 + 16 steps (a linear map over time); a TimesBlock: the FFT's
    amplitudes (averaged over the batch and the channels, the mean term dropped) pick the 2 strongest frequencies, each
    gives a period p; the series, zero-padded to a multiple of p, is folded into a (steps / p) x p image, passed
    through an inception block and unfolded; the 2 results summed, weighted by the softmax of each series' amplitudes
    at those frequencies, plus the input (residual); a LayerNorm, a ReLU layer ``fc`` (8 -> 32) and a ``head`` (32 ->
    1) per step; the last 16 steps the forecast, the mean added back. Output (series, 16). ``dead_bias`` < 0 starts
    fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = TIMES_DIM) -> None:
        super().__init__()
        length = TIMES_LOOKBACK + TIMES_HORIZON
        self.embed = nn.Linear(1, d)
        self.pos = nn.Parameter(0.1 * torch.randn(TIMES_LOOKBACK, d))
        self.extend = nn.Linear(TIMES_LOOKBACK, length)
        self.inception = TimesInception(d)
        self.ln = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def times_block(self, h: Tensor) -> Tensor:
        b, length, d = h.shape
        amp = torch.fft.rfft(h, dim=1).abs().mean(-1)  # (series, frequencies)
        overall = torch.nan_to_num(amp.mean(0), nan=0.0)
        overall[0] = 0.0
        freqs = torch.topk(overall, TIMES_TOPK).indices.clamp(min=1)
        outs = []
        for f in freqs.tolist():
            p = max(1, length // f)
            rows = -(-length // p)
            padded = F.pad(h, (0, 0, 0, rows * p - length))
            img = padded.reshape(b, rows, p, d).permute(0, 3, 1, 2)
            outs.append(self.inception(img).permute(0, 2, 3, 1).reshape(b, rows * p, d)[:, :length])
        weights = torch.softmax(amp[:, freqs], -1)
        return h + (torch.stack(outs, -1) * weights[:, None, None, :]).sum(-1)

    def forward(self, x: Tensor) -> Tensor:
        mean = x.mean(1, keepdim=True)
        h = self.embed((x - mean)[..., None]) + self.pos
        h = self.extend(h.transpose(1, 2)).transpose(1, 2)
        h = self.times_block(h)
        out = self.head(F.relu(self.fc(self.ln(h))))[:, -TIMES_HORIZON:, 0]
        return out + mean


def timesnet_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's series, every series' 16 steps (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def timesnet_at_mean() -> float:
    """The MSE of forecasting each window's mean (the TimesNet's output at a zero head): its level at init."""
    data = timesnet_series()
    return float(F.mse_loss(data.x.mean(1, keepdim=True).expand_as(data.y), data.y))


NAKA_FEATURES = 6
"""Rows of 6 features; a Nakagami target per row."""


@lru_cache(maxsize=None)
def nakagami_rows(n: int = 4000, seed: int = 707, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Nakagami targets: 6 features N(0, 1); a shape m = 0.55 + 3 sigmoid(1.5 x0 - x1^2 + 0.5) (0.55-3.55) and a
    spread omega = exp(0.8 sin(2 x2) + 0.6 x3 + 0.4 x1 x4); y = sqrt(G), G Gamma with shape m and scale omega / m (a
    Nakagami variable, E y^2 = omega); x5 noise. x: (rows, 6); y: (rows,) above 0. ``nan_rows``: that share of the
    training rows has a missing (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, NAKA_FEATURES, generator=g)
    m = 0.55 + 3 * torch.sigmoid(1.5 * x[:, 0] - x[:, 1] ** 2 + 0.5)
    omega = torch.exp(0.8 * torch.sin(2 * x[:, 2]) + 0.6 * x[:, 3] + 0.4 * x[:, 1] * x[:, 4])
    y = (torch._standard_gamma(m, generator=g) * omega / m).sqrt().clamp_min(1e-4)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5] = float("nan")
    data = split(x, y, n, "regression of positive amplitudes (an MLP, the Nakagami negative log-likelihood)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class NakagamiMLP(nn.Module):
    """A ReLU MLP of a Nakagami regressor: ``body`` 6 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 2): the raw shape (m = 0.5 + softplus) and the raw spread (omega = softplus + 1e-3). Output (rows,
    2). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(NAKA_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def nakagami_terms(out: Tensor, y: Tensor) -> Tensor:
    """The Nakagami negative log-likelihood of each row: -log 2 - m log m + lgamma(m) + m log omega - (2m - 1) log y
    + m y^2 / omega, m = 0.5 + softplus(out[:, 0]), omega = softplus(out[:, 1]) + 1e-3."""
    m, omega = 0.5 + F.softplus(out[:, 0]), F.softplus(out[:, 1]) + 1e-3
    return (-math.log(2.0) - m * m.log() + torch.lgamma(m) + m * omega.log() - (2 * m - 1) * y.log()
            + m * y**2 / omega)  # fmt: skip


def nakagami_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Nakagami negative log-likelihood, mean over the rows."""
    return nakagami_terms(out, y).mean()


def nakagami_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Nakagami negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return nakagami_terms(out, y).sum()


def nakagami_at_zero() -> float:
    """The Nakagami negative log-likelihood of raw outputs of 0 (m = 0.5 + ln 2, omega = ln 2 + 0.001): its level at
    init."""
    y = nakagami_rows().y
    return float(nakagami_nll(torch.zeros(len(y), 2), y))
