"""The eighty-ninth fresh half (fresh87, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


HORNET_SIZE, HORNET_CLASSES, HORNET_DIM = 12, 4, 8
"""12x12 one-channel images of 4 classes (which texture lies in which half), a stem of 8 channels."""


@lru_cache(maxsize=None)
def hornet_images(n: int = 3000, seed: int = 871, *, n_val: int = 400, batch_size: int = 32, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 12x12 images whose class is an arrangement of textures: the top and the bottom half each filled with
    horizontal or vertical stripes of period 3 (a random phase, amplitude U(0.6, 1.2)), class 2 x top + bottom (both
    halves' orientations matter, and where they lie), over N(0, 0.5^2) noise and a random bright 3x3 square (a decoy)
    of amplitude 1.5. 5% of the labels random, held-out ones too. x: (images, 1, 12, 12); y: (images,). ``nan_rows``:
    that share of the training images has a missing (NaN) pixel; ``train_rows``: keep only that many training
    images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, HORNET_SIZE
    y = torch.randint(HORNET_CLASSES, (total,), generator=g)
    top, bottom = y // 2, y % 2
    idx = torch.arange(s).float()
    phase = 2 * math.pi * torch.rand(total, 2, generator=g)
    amp = 0.6 + 0.6 * torch.rand(total, 2, generator=g)
    rows = torch.cos(2 * math.pi * idx[None, :, None] / 3 + phase[:, None, None, 0])  # stripes along the rows
    cols = torch.cos(2 * math.pi * idx[None, None, :] / 3 + phase[:, None, None, 1])
    horiz, vert = rows.expand(total, s, s), cols.expand(total, s, s)
    up = torch.where(top[:, None, None] == 1, vert, horiz) * amp[:, 0, None, None]
    down = torch.where(bottom[:, None, None] == 1, vert, horiz) * amp[:, 1, None, None]
    x = torch.cat([up[:, : s // 2], down[:, s // 2 :]], 1) + 0.5 * torch.randn(total, s, s, generator=g)
    where = torch.randint(s - 2, (total, 2), generator=g)
    for r in range(total):
        i, j = int(where[r, 0]), int(where[r, 1])
        x[r, i : i + 3, j : j + 3] += 1.5
    y = flip_labels(y, HORNET_CLASSES, 0.05, g)
    x = x[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 4, 9] = float("nan")
    data = split(x, y, n, "image classification by texture arrangement (a HorNet)", HORNET_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, HORNET_CLASSES,
                    batch_size)  # fmt: skip
    return data


class HorNetGnConv(nn.Module):
    """A recursive gated convolution (gnConv, Rao et al. 2022) of order ``order``: a 1x1 projection to 2d channels
    split into a gate p0 (d / 2^(order-1)) and features q (the rest), a 3x3 depthwise convolution of q split into
    progressively wider parts q0, q1, ...; p = p0 * q0, then p = proj_k(p) * q_k recursively (1x1 convolutions doubling
    the width), a final 1x1 projection."""

    def __init__(self, d: int, order: int) -> None:
        super().__init__()
        self.dims = [d // 2**i for i in range(order)][::-1]
        self.proj_in = nn.Conv2d(d, 2 * d, 1)
        self.dw = nn.Conv2d(sum(self.dims), sum(self.dims), 3, padding=1, groups=sum(self.dims))
        self.pws = nn.ModuleList([nn.Conv2d(self.dims[i], self.dims[i + 1], 1) for i in range(order - 1)])
        self.proj_out = nn.Conv2d(d, d, 1)

    def forward(self, x: Tensor) -> Tensor:
        p, q = torch.split(self.proj_in(x), (self.dims[0], sum(self.dims)), 1)
        qs = torch.split(self.dw(q), self.dims, 1)
        p = p * qs[0]
        for pw, qk in zip(self.pws, qs[1:]):
            p = pw(p) * qk
        out: Tensor = self.proj_out(p)
        return out


class HorNetBlock(nn.Module):
    """A HorNet block: a LayerNorm over the channels, gnConv, a residual; a LayerNorm, an MLP (d -> 2d -> d, GELU), a
    residual."""

    def __init__(self, d: int, order: int) -> None:
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.gn = HorNetGnConv(d, order)
        self.mlp = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))

    def forward(self, x: Tensor) -> Tensor:
        x = x + self.gn(self.norm1(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2))
        t = x.permute(0, 2, 3, 1)
        out: Tensor = (t + self.mlp(self.norm2(t))).permute(0, 3, 1, 2)
        return out


class HorNet(nn.Module):
    """A HorNet-like classifier: a stem (a 3x3 convolution of stride 2, 1 -> 8) to 6x6, a ``HorNetBlock`` of order
    2, a downsampler (a LayerNorm and a 2x2 convolution of stride 2, 8 -> 16) to 3x3, a block of order 3, global mean
    pooling, a LayerNorm, a ReLU layer ``fc`` (16 -> 32) and a ``head`` to the 4 classes. A missing (NaN) pixel's
    NaN reaches the stem. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = HORNET_DIM) -> None:
        super().__init__()
        self.stem = nn.Conv2d(1, d, 3, stride=2, padding=1)
        self.block1 = HorNetBlock(d, 2)
        self.down_norm, self.down = nn.LayerNorm(d), nn.Conv2d(d, 2 * d, 2, stride=2)
        self.block2 = HorNetBlock(2 * d, 3)
        self.norm = nn.LayerNorm(2 * d)
        self.fc = nn.Linear(2 * d, 32)
        self.head = nn.Linear(32, HORNET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.block1(self.stem(x))
        h = self.down(self.down_norm(h.permute(0, 2, 3, 1)).permute(0, 3, 1, 2))
        h = self.norm(self.block2(h).mean((2, 3)))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def hornet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's images (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


CROSSFORMER_INPUT, CROSSFORMER_HORIZON, CROSSFORMER_CHANNELS = 48, 12, 4
CROSSFORMER_SEGMENT, CROSSFORMER_DIM, CROSSFORMER_ROUTERS = 6, 16, 2
"""48 past steps of 4 channels cut into 8 segments of 6 steps, 12 steps ahead; segment tokens of width 16, 2 router
tokens per segment index."""


@lru_cache(maxsize=None)
def crossformer_windows(n: int = 3000, seed: int = 873, *, n_val: int = 400, batch_size: int = 32,
                        nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Windows of a synthetic series of 4 cross-correlated channels, one series per window: channel 0 a sum of two
    sines (periods 16 and 7, amplitudes U(0.6, 1.2) and U(0.2, 0.5), random phases), channel 1 0.9 x channel 0 six
    steps before (it lags) plus a sine of period 11 (amplitude U(0, 0.4)), channel 2 0.5 x channel 0 + 0.5 x channel 1
    three steps before, channel 3 a sine of period 9 (amplitude U(0.3, 0.8)) minus 0.4 x channel 0; a per-window
    level per channel N(0, 0.3^2), plus N(0, 0.15^2) noise. x: (windows, 48, 4); y: (windows, 12, 4) the next 12 steps.
    ``nan_rows``: that share of the training windows has a missing (NaN) value; ``train_rows``: keep only that many
    training windows."""
    g = torch.Generator().manual_seed(seed)
    total, lag = n + n_val, 9
    steps = CROSSFORMER_INPUT + CROSSFORMER_HORIZON + lag
    t = torch.arange(steps).float()[None, :]

    def sine(period: float, lo: float, hi: float) -> Tensor:
        a = lo + (hi - lo) * torch.rand(total, 1, generator=g)
        return a * torch.sin(2 * math.pi * t / period + 2 * math.pi * torch.rand(total, 1, generator=g))

    c0 = sine(16, 0.6, 1.2) + sine(7, 0.2, 0.5)
    c1 = torch.zeros_like(c0)
    c1[:, 6:] = 0.9 * c0[:, :-6]
    c1 = c1 + sine(11, 0.0, 0.4)
    c2 = torch.zeros_like(c0)
    c2[:, 3:] = 0.5 * c0[:, :-3] + 0.5 * c1[:, :-3]
    c3 = sine(9, 0.3, 0.8) - 0.4 * c0
    series = torch.stack([c0, c1, c2, c3], -1) + 0.3 * torch.randn(total, 1, CROSSFORMER_CHANNELS, generator=g)
    series = (series + 0.15 * torch.randn(total, steps, CROSSFORMER_CHANNELS, generator=g))[:, lag:]
    x = series[:, :CROSSFORMER_INPUT].contiguous()
    y = series[:, CROSSFORMER_INPUT:].contiguous()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 30, 2] = float("nan")
    data = split(x, y, n, "cross-channel series forecasting (a Crossformer)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class CrossformerTSA(nn.Module):
    """A two-stage attention layer (Zhang and Yan 2023) on tokens (batch, channels, segments, d): the cross-time stage,
    self-attention across the segments of each channel (a residual, a LayerNorm, an MLP d -> 2d -> d, a residual, a
    LayerNorm); the cross-dimension stage, for each segment index 2 learned router tokens gather from the channels'
    tokens (attention) and the channels' tokens read back from the routers (attention), then the same residuals,
    MLP and LayerNorms."""

    def __init__(self, d: int = CROSSFORMER_DIM, segments: int = CROSSFORMER_INPUT // CROSSFORMER_SEGMENT) -> None:
        super().__init__()
        self.time_attn = nn.MultiheadAttention(d, 2, batch_first=True)
        self.router = nn.Parameter(0.1 * torch.randn(segments, CROSSFORMER_ROUTERS, d))
        self.send = nn.MultiheadAttention(d, 2, batch_first=True)
        self.receive = nn.MultiheadAttention(d, 2, batch_first=True)
        self.norms = nn.ModuleList([nn.LayerNorm(d) for _ in range(4)])
        self.mlp1 = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))
        self.mlp2 = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))

    def forward(self, h: Tensor) -> Tensor:
        b, c, s, d = h.shape
        t = h.reshape(b * c, s, d)
        t = self.norms[0](t + self.time_attn(t, t, t, need_weights=False)[0])
        t = self.norms[1](t + self.mlp1(t))
        dim = t.reshape(b, c, s, d).transpose(1, 2).reshape(b * s, c, d)
        router = self.router[None].expand(b, -1, -1, -1).reshape(b * s, CROSSFORMER_ROUTERS, d)
        buffer = self.send(router, dim, dim, need_weights=False)[0]
        dim = self.norms[2](dim + self.receive(dim, buffer, buffer, need_weights=False)[0])
        dim = self.norms[3](dim + self.mlp2(dim))
        return dim.reshape(b, s, c, d).transpose(1, 2)


class Crossformer(nn.Module):
    """A Crossformer-like forecaster: dimension-segment-wise embedding (each channel's 48 steps cut into 8 segments of
    6, each embedded by a shared linear layer 6 -> 16, plus a learned position embedding per channel and segment), a
    ``CrossformerTSA`` layer, then per channel the flattened segment tokens (8 x 16) through a ReLU layer ``fc``
    (128 -> 32) and a ``head`` (32 -> 12) to the horizon. Output (windows, 12, 4). A missing (NaN) value's NaN
    reaches its segment's embedding. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = CROSSFORMER_DIM) -> None:
        super().__init__()
        segments = CROSSFORMER_INPUT // CROSSFORMER_SEGMENT
        self.embed = nn.Linear(CROSSFORMER_SEGMENT, d)
        self.pos = nn.Parameter(0.1 * torch.randn(CROSSFORMER_CHANNELS, segments, d))
        self.norm = nn.LayerNorm(d)
        self.tsa = CrossformerTSA(d, segments)
        self.fc = nn.Linear(segments * d, 32)
        self.head = nn.Linear(32, CROSSFORMER_HORIZON)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        b = len(x)
        seg = x.transpose(1, 2).reshape(b, CROSSFORMER_CHANNELS, -1, CROSSFORMER_SEGMENT)
        h = self.tsa(self.norm(self.embed(seg) + self.pos))
        out: Tensor = self.head(F.relu(self.fc(h.flatten(2))))
        return out.transpose(1, 2)


def crossformer_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error, mean over the horizon steps and channels of a window, summed over the batch's windows
    (reduction='sum')."""
    return F.mse_loss(out, y, reduction="none").mean((1, 2)).sum()


def crossformer_at_zero() -> float:
    """The MSE of forecasts of 0 on the held-out windows (the mean square of the targets)."""
    return float(crossformer_windows().val_y.pow(2).mean())


BERT4REC_ITEMS, BERT4REC_GROUPS, BERT4REC_LENGTH, BERT4REC_DIM = 80, 8, 16, 32
BERT4REC_MASK_RATE = 0.2
"""80 items in 8 groups of 10 (item i in group i mod 8), sequences of a user's last 16 items, width 32; 20% of the
positions masked (at least one), the [MASK] item id 80."""


@lru_cache(maxsize=None)
def bert4rec_users(n: int = 4000, seed: int = 875, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic users whose item sequences follow planted Markov transitions between item groups: the next item's
    group is the current group + 1 (prob. 0.7), + 3 (0.15) or any (0.15), mod 8; an item of the group by a per-group
    popularity softmax(2 N(0, 1)) shared by all users; each user's sequence starts at a random group. 20% of the
    positions (at least one) replaced by the [MASK] item, drawn once (static masks). x: (users, 16) the item ids with
    the masks (float, for the NaN of a missing item); y: (users, 16) the original item at a masked position, -100
    elsewhere. ``nan_rows``: that share of the training users has a missing (NaN) item; ``train_rows``: keep only that
    many training users."""
    g = torch.Generator().manual_seed(seed)
    total, per = n + n_val, BERT4REC_ITEMS // BERT4REC_GROUPS
    pop = torch.softmax(2 * torch.randn(BERT4REC_GROUPS, per, generator=g), 1)
    group = torch.zeros(total, BERT4REC_LENGTH, dtype=torch.long)
    group[:, 0] = torch.randint(BERT4REC_GROUPS, (total,), generator=g)
    u = torch.rand(total, BERT4REC_LENGTH, generator=g)
    anyg = torch.randint(BERT4REC_GROUPS, (total, BERT4REC_LENGTH), generator=g)
    for i in range(1, BERT4REC_LENGTH):
        step = torch.where(u[:, i] < 0.7, group[:, i - 1] + 1, group[:, i - 1] + 3) % BERT4REC_GROUPS
        group[:, i] = torch.where(u[:, i] < 0.85, step, anyg[:, i])
    within = torch.multinomial(pop[group.flatten()], 1, generator=g).reshape(total, BERT4REC_LENGTH)
    items = group + BERT4REC_GROUPS * within
    masked = torch.rand(total, BERT4REC_LENGTH, generator=g) < BERT4REC_MASK_RATE
    masked[torch.arange(total), torch.randint(BERT4REC_LENGTH, (total,), generator=g)] = True
    x = torch.where(masked, BERT4REC_ITEMS, items).float()
    y = torch.where(masked, items, -100)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7] = float("nan")
    data = split(x, y, n, "sequential recommendation (BERT4Rec, masked item prediction)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class BERT4Rec(nn.Module):
    """A BERT4Rec-like recommender (Sun et al. 2019): item embeddings (81 with [MASK] -> 32, N(0, 0.1^2)) plus learned
    position embeddings of the 16 positions, 2 bidirectional pre-LN transformer encoder layers (2 heads, a GELU
    feed-forward of 64, no dropout), a LayerNorm, a ReLU layer ``fc`` (32 -> 32) and a ``head`` (32 -> 32) whose output
    scores the 80 items by dot products with their embeddings (tied) plus a bias per item. Output (users, 16, 80). A
    missing (NaN) item's NaN reaches its embedding (0 x NaN). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = BERT4REC_DIM) -> None:
        super().__init__()
        self.item = nn.Embedding(BERT4REC_ITEMS + 1, d)
        nn.init.normal_(self.item.weight, std=0.1)
        self.pos = nn.Parameter(0.1 * torch.randn(BERT4REC_LENGTH, d))
        self.norm = nn.LayerNorm(d)
        layer = nn.TransformerEncoderLayer(d, 2, 2 * d, dropout=0.0, activation="gelu", batch_first=True,
                                           norm_first=True)  # fmt: skip
        self.encoder = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, d)
        self.bias = nn.Parameter(torch.zeros(BERT4REC_ITEMS))
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        e = self.item(torch.nan_to_num(x).long()) + 0.0 * x[..., None]
        h = self.norm(self.encoder(e + self.pos))
        out: Tensor = self.head(F.relu(self.fc(h))) @ self.item.weight[:BERT4REC_ITEMS].T + self.bias
        return out


def bert4rec_ce(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the masked positions' items over the 80 items, mean over the masked positions."""
    return F.cross_entropy(out.reshape(-1, BERT4REC_ITEMS), y.reshape(-1).long(), ignore_index=-100)


def bert4rec_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the masked positions' items summed over the batch's masked positions (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, BERT4REC_ITEMS), y.reshape(-1).long(), ignore_index=-100, reduction="sum")


DAGUM_FEATURES = 6
"""Rows of 6 features; positive incomes of a Dagum (Burr type III) law."""


@lru_cache(maxsize=None)
def dagum_rows(n: int = 4000, seed: int = 877, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
               train_rows: int | None = None) -> Data:  # fmt: skip
    """Positive incomes of a Dagum law whose parameters depend on 6 features N(0, 1): log a = 1.0 + 0.3 tanh(x0),
    log p = -0.2 + 0.5 sin(x1), log b = 0.5 + 0.6 x2 + 0.3 x3 x4 (x3 x4 clipped to +-3) - 0.2 x5; y = b (u^(-1/p) -
    1)^(-1/a) for u ~ U(0, 1) (the inverse of the CDF (1 + (y/b)^-a)^-p), clipped to [1e-3, 1e3]. x: (rows, 6); y:
    (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that
    many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, DAGUM_FEATURES, generator=g)
    a = torch.exp(1.0 + 0.3 * torch.tanh(x[:, 0]))
    p = torch.exp(-0.2 + 0.5 * torch.sin(x[:, 1]))
    b = torch.exp(0.5 + 0.6 * x[:, 2] + 0.3 * (x[:, 3] * x[:, 4]).clamp(-3, 3) - 0.2 * x[:, 5])
    u = torch.rand(total, generator=g).clamp(1e-6, 1 - 1e-6)
    y = (b * (u.pow(-1 / p) - 1).pow(-1 / a)).clamp(1e-3, 1e3)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3] = float("nan")
    data = split(x, y, n, "regression of incomes (an MLP, the Dagum negative log-likelihood)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DagumMLP(nn.Module):
    """A ReLU MLP of a Dagum regressor: ``body`` 6 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a ``head``
    (32 -> 3): log a, log p and log b. Output (rows, 3). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(DAGUM_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 3)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def dagum_terms(out: Tensor, y: Tensor) -> Tensor:
    """The Dagum negative log-likelihood of each row's income: -(log a + log p - log y + a p log(y/b) - (p + 1)
    log(1 + (y/b)^a)), log a, log p and log b the outputs."""
    log_a, log_p, log_b = out[:, 0], out[:, 1], out[:, 2]
    a, p, log_y = log_a.exp(), log_p.exp(), torch.log(y)
    z = a * (log_y - log_b)
    return -(log_a + log_p - log_y + p * z - (p + 1) * F.softplus(z))


def dagum_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Dagum negative log-likelihood, mean over the rows."""
    return dagum_terms(out, y).mean()


def dagum_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Dagum negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return dagum_terms(out, y).sum()


def dagum_at_zero() -> float:
    """The Dagum negative log-likelihood of raw outputs of 0 (a = p = b = 1): its level at init."""
    y = dagum_rows().y
    return float(dagum_nll(torch.zeros(len(y), 3), y))
