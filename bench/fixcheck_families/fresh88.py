"""The ninetieth fresh half (fresh88, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


TWINS_SIZE, TWINS_CLASSES, TWINS_DIM = 16, 4, 12
"""16x16 one-channel images, a patch embedding of stride 2 to an 8x8 token map of width 12, 4 classes (the texture's
orientation and which side of it the blob lies on)."""


@lru_cache(maxsize=None)
def twins_images(n: int = 3000, seed: int = 881, *, n_val: int = 400, batch_size: int = 16, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 16x16 images whose class is the relation between a local texture and a distant blob: a 4x4 patch of
    stripes (horizontal or vertical, amplitude U(0.6, 1.0)) in the left or right third, and a flat 3x3 blob (brightness
    U(0.7, 1.1)) in the other third, above or below the patch's row: the class is 2 x (stripes vertical) + (blob
    below the patch), with N(0, 0.3^2) noise; 5% of the labels random, held-out ones too. x: (images, 1, 16, 16); y:
    (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel; ``train_rows``: keep only
    that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, TWINS_SIZE
    x = 0.3 * torch.randn(total, s, s, generator=g)
    y = torch.randint(TWINS_CLASSES, (total,), generator=g)
    stripe = torch.tensor([1.0, -1.0, 1.0, -1.0])
    for r in range(total):
        vertical, below = int(y[r]) // 2, int(y[r]) % 2
        left = bool(torch.rand(1, generator=g) < 0.5)
        top = int(torch.randint(3, s - 7, (1,), generator=g))
        col = int(torch.randint(0, 3, (1,), generator=g)) + (0 if left else s - 7)
        amp = 0.6 + 0.4 * float(torch.rand(1, generator=g))
        patch = stripe[None, :].expand(4, 4) if vertical else stripe[:, None].expand(4, 4)
        x[r, top : top + 4, col : col + 4] += amp * patch
        btop = int(torch.randint(top + 4, s - 2, (1,), generator=g)) if below else int(torch.randint(0, top - 2, (1,), generator=g))  # fmt: skip
        bcol = int(torch.randint(0, 4, (1,), generator=g)) + (s - 7 if left else 0)
        x[r, btop : btop + 3, bcol : bcol + 3] += 0.7 + 0.4 * float(torch.rand(1, generator=g))
    y = flip_labels(y, TWINS_CLASSES, 0.05, g)
    x = x[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 7, 4] = float("nan")
    data = split(x, y, n, "image classification by a texture's relation to a distant blob (a Twins-SVT)",
                 TWINS_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, TWINS_CLASSES,
                    batch_size)  # fmt: skip
    return data


class TwinsBlock(nn.Module):
    """A Twins-SVT block (Chu et al. 2021, 2 heads, pre-LN): locally-grouped self-attention within non-overlapping
    ``window`` x ``window`` windows of the token map, or (``window`` = 0) global sub-sampled attention whose keys and
    values come from a 2x2 strided-conv summary of the map (8x8 -> 4x4); then a ReLU feed-forward d-2d-d; both
    residual."""

    def __init__(self, d: int = TWINS_DIM, side: int = TWINS_SIZE // 2, window: int = 4, heads: int = 2) -> None:
        super().__init__()
        self.side, self.window, self.heads = side, window, heads
        self.norm1, self.norm2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.q, self.kv, self.out = nn.Linear(d, d), nn.Linear(d, 2 * d), nn.Linear(d, d)
        self.reduce = None if window else nn.Conv2d(d, d, 2, stride=2)
        self.ff = nn.Sequential(nn.Linear(d, 2 * d), nn.ReLU(), nn.Linear(2 * d, d))

    def heads_of(self, t: Tensor) -> Tensor:
        b, n, d = t.shape
        return t.reshape(b, n, self.heads, d // self.heads).transpose(1, 2)

    def forward(self, t: Tensor) -> Tensor:
        b, n, d = t.shape
        u = self.norm1(t)
        if self.reduce is None:  # locally-grouped: windows become the batch
            w, k = self.window, self.side // self.window
            u = u.reshape(b, k, w, k, w, d).permute(0, 1, 3, 2, 4, 5).reshape(b * k * k, w * w, d)
            src = u
        else:  # global sub-sampled: keys and values from the strided-conv summary
            src = self.reduce(u.transpose(1, 2).reshape(b, d, self.side, self.side)).flatten(2).transpose(1, 2)
        key, value = self.kv(src).chunk(2, -1)
        o = F.scaled_dot_product_attention(self.heads_of(self.q(u)), self.heads_of(key), self.heads_of(value))
        o = o.transpose(1, 2).reshape(u.shape)
        if self.reduce is None:
            w, k = self.window, self.side // self.window
            o = o.reshape(b, k, k, w, w, d).permute(0, 1, 3, 2, 4, 5).reshape(b, n, d)
        t = t + self.out(o)
        out: Tensor = t + self.ff(self.norm2(t))
        return out


class TwinsSVT(nn.Module):
    """A Twins-SVT-like classifier (tiny): a conv patch embedding (a 2x2 convolution 1 -> 12 of stride 2) to an 8x8
    token map, a locally-grouped block (4x4 windows), a positional encoding generator (a 3x3 depthwise convolution
    of the token map, residual), a global sub-sampled block, a LayerNorm, mean pooling over the 64 tokens, a ReLU
    layer ``fc`` (12 -> 32) and a ``head`` to the 4 classes. A missing (NaN) pixel's NaN spreads. ``dead_bias`` < 0
    starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = TWINS_DIM) -> None:
        super().__init__()
        self.side = TWINS_SIZE // 2
        self.embed = nn.Conv2d(1, d, 2, stride=2)
        self.first = TwinsBlock(d, self.side, 4)
        self.peg = nn.Conv2d(d, d, 3, padding=1, groups=d)
        self.rest = TwinsBlock(d, self.side, 0)
        self.norm = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, TWINS_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        t = self.first(self.embed(x).flatten(2).transpose(1, 2))
        b, n, d = t.shape
        t = t + self.peg(t.transpose(1, 2).reshape(b, d, self.side, self.side)).flatten(2).transpose(1, 2)
        t = self.norm(self.rest(t)).mean(1)
        out: Tensor = self.head(F.relu(self.fc(t)))
        return out


def twins_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy summed over the batch's images (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


ESRNN_SERIES, ESRNN_LENGTH, ESRNN_INPUT, ESRNN_HORIZON, ESRNN_PERIOD = 48, 240, 24, 12, 12
"""48 synthetic monthly-like series of 240 steps (log scale), windows of 24 input steps, forecasts of the next 12, a
seasonal period of 12."""


@lru_cache(maxsize=None)
def esrnn_windows(n: int = 4000, seed: int = 883, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Windows of 48 synthetic seasonal series (on a log scale) with level shifts: per series a level 2 + N(0, 0.5^2),
    a slow drift N(0, 0.004^2) per step, 3 level shifts N(0, 0.4^2) at random steps, a seasonal profile of period 12
    (two harmonics, amplitude U(0.2, 0.6)), N(0, 0.05^2) noise. The training windows end before step 200, the
    held-out ones forecast steps 200-239 (new windows). x: (windows, 25) the series' index, then its 24 input steps;
    y: (windows, 12) the next 12 steps. ``nan_rows``: that share of the training windows has a missing (NaN) value;
    ``train_rows``: keep only that many training windows."""
    g = torch.Generator().manual_seed(seed)
    m, length, p = ESRNN_SERIES, ESRNN_LENGTH, ESRNN_PERIOD
    t = torch.arange(length).float()
    level = 2 + 0.5 * torch.randn(m, 1, generator=g) + 0.004 * torch.randn(m, 1, generator=g) * t
    for _ in range(3):
        at = torch.randint(20, length - 10, (m, 1), generator=g)
        level = level + 0.4 * torch.randn(m, 1, generator=g) * (t >= at).float()
    amp = 0.2 + 0.4 * torch.rand(m, 1, generator=g)
    phase = 2 * math.pi * torch.rand(m, 2, generator=g)
    season = amp * (torch.sin(2 * math.pi * t / p + phase[:, :1]) + 0.5 * torch.sin(4 * math.pi * t / p + phase[:, 1:]))
    series = level + season + 0.05 * torch.randn(m, length, generator=g)
    w = ESRNN_INPUT + ESRNN_HORIZON

    def windows(count: int, lo: int, hi: int) -> tuple[Tensor, Tensor]:
        which = torch.randint(m, (count,), generator=g)
        start = torch.randint(lo, hi - w + 1, (count,), generator=g)
        cut = series[which[:, None], start[:, None] + torch.arange(w)]
        return torch.cat([which[:, None].float(), cut[:, :ESRNN_INPUT]], 1), cut[:, ESRNN_INPUT:].contiguous()

    x, y = windows(n, 0, 200)
    vx, vy = windows(n_val, 200 - ESRNN_INPUT, length)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 10] = float("nan")
    data = split(torch.cat([x, vx]), torch.cat([y, vy]), n, "seasonal series forecasting (an ES-RNN hybrid)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class ESRNN(nn.Module):
    """An ES-RNN-like hybrid forecaster (Smyl 2020, additive on the log scale, tiny): per series learned smoothing
    parameters (the level's alpha and the seasonality's gamma, sigmoid-squashed) and 12 initial seasonal
    coefficients; Holt-Winters smoothing over the 24 input steps (level l = alpha (y - s) + (1 - alpha) l, the
    season s = gamma (y - l) + (1 - gamma) s) deseasonalises and normalises the window by the last level, an LSTM
    (16 units) on the normalised window, a ReLU layer ``fc`` (16 -> 32) and a ``head`` (32 -> 12) whose outputs are
    re-seasonalised with the last 12 seasonal coefficients and re-levelled. Output (windows, 12). A missing (NaN)
    value spreads its NaN. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, hidden: int = 16) -> None:
        super().__init__()
        self.smoothing = nn.Embedding(ESRNN_SERIES, 2)
        nn.init.constant_(self.smoothing.weight, -1.0)
        self.seasons = nn.Embedding(ESRNN_SERIES, ESRNN_PERIOD)
        nn.init.zeros_(self.seasons.weight)
        self.lstm = nn.LSTM(1, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, 32)
        self.head = nn.Linear(32, ESRNN_HORIZON)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        which, obs = torch.nan_to_num(x[:, 0]).long(), x[:, 1:]
        alpha, gamma = torch.sigmoid(self.smoothing(which)).unbind(1)
        alpha, gamma = alpha[:, None], gamma[:, None]
        seasons = list(self.seasons(which).unbind(1))
        level = obs[:, :1] - seasons[0][:, None]
        levels = []
        for i in range(ESRNN_INPUT):
            y_i, s_i = obs[:, i : i + 1], seasons[i][:, None]
            level = alpha * (y_i - s_i) + (1 - alpha) * level
            seasons.append((gamma * (y_i - level) + (1 - gamma) * s_i)[:, 0])
            levels.append(level)
        season_in = torch.stack(seasons[:ESRNN_INPUT], 1)
        normed = obs - season_in - level
        h = self.lstm(normed[..., None])[0][:, -1]
        future = torch.stack(seasons[ESRNN_INPUT : ESRNN_INPUT + ESRNN_PERIOD], 1)
        out: Tensor = self.head(F.relu(self.fc(h))) + future + level
        return out


def esrnn_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's windows (reduction='sum'; mean over the 12 steps)."""
    return (out - y).pow(2).mean(1).sum()


def esrnn_at_zero() -> float:
    """The MSE of forecasts of 0 (on the log scale): a summed loss's reference level."""
    y = esrnn_windows().y
    return float(y.pow(2).mean())


DCAP_CARDS, DCAP_K, DCAP_LAYERS = (8, 12, 6, 10, 9, 7, 11, 5, 8, 6), 8, 2
"""10 categorical fields (their cardinalities), embeddings of 8, 2 attention-and-product layers."""


@lru_cache(maxsize=None)
def dcap_rows(n: int = 16000, seed: int = 885, *, n_val: int = 2000, batch_size: int = 64, nan_rows: float = 0.0,
              train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic impressions of 10 categorical fields (uniform over their values) whose click's logit is -0.7 + a
    first-order effect per field value (N(0, 0.3^2)) + the dot products of rank-2 factors (N(0, 0.9^2) each, clamped
    to +-3) of the value pairs of fields (0, 4), (1, 7), (2, 3) and (5, 9) + a third-order bump 1.5 for 1 in 8 of
    the value triples of fields (6, 8, 1); the click Bernoulli of its sigmoid. x: (rows, 10) the field values (float,
    for the NaN of a missing value); y: (rows,) the click. ``nan_rows``: that share of the training rows has a missing
    (NaN) field value; ``train_rows``: keep only that many rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    fields = torch.stack([torch.randint(c, (total,), generator=g) for c in DCAP_CARDS], 1)
    logit = torch.full((total,), -0.7)
    for f, c in enumerate(DCAP_CARDS):
        logit = logit + (0.3 * torch.randn(c, generator=g))[fields[:, f]]
    for a, b in ((0, 4), (1, 7), (2, 3), (5, 9)):
        ua = 0.9 * torch.randn(DCAP_CARDS[a], 2, generator=g)
        ub = 0.9 * torch.randn(DCAP_CARDS[b], 2, generator=g)
        logit = logit + (ua[fields[:, a]] * ub[fields[:, b]]).sum(1).clamp(-3, 3)
    triple = torch.rand(DCAP_CARDS[6], DCAP_CARDS[8], DCAP_CARDS[1], generator=g) < 0.125
    logit = logit + 1.5 * triple[fields[:, 6], fields[:, 8], fields[:, 1]].float()
    y = torch.bernoulli(torch.sigmoid(logit), generator=g)
    x = fields.float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3] = float("nan")
    data = split(x, y, n, "click-through prediction (a DCAP cross attentional product network)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DCAP(nn.Module):
    """A DCAP-like click model (Chen et al. 2021, tiny): embeddings of 8 for the 10 fields (N(0, 0.1^2)); 2 stacked
    layers, each a multi-head self-attention over the fields (2 heads, residual) of the previous layer's output,
    followed by a product layer: the 45 pairwise inner products of the attended embeddings with the original ones
    (fields i < j, symmetrised), sum-pooled per field too; the layers' products (2 x 55) concatenated into a ReLU
    MLP 110 -> 64, a ReLU layer ``fc`` (64 -> 32) and a ``head`` to the click's logit. Output (rows,). A missing
    (NaN) field value's NaN reaches its embedding. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, k: int = DCAP_K) -> None:
        super().__init__()
        f = len(DCAP_CARDS)
        self.register_buffer("offsets", torch.tensor([0, *DCAP_CARDS[:-1]]).cumsum(0))
        self.embed = nn.Embedding(sum(DCAP_CARDS), k)
        nn.init.normal_(self.embed.weight, std=0.1)
        self.attn = nn.ModuleList(nn.MultiheadAttention(k, 2, batch_first=True) for _ in range(DCAP_LAYERS))
        self.register_buffer("pairs", torch.triu_indices(f, f, 1))
        self.body = nn.Sequential(nn.Linear(DCAP_LAYERS * (f * (f - 1) // 2 + f), 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        e = self.embed(torch.nan_to_num(x).long() + self.offsets) + 0.0 * x[..., None]
        cur, parts = e, []
        i, j = self.pairs
        for attn in self.attn:
            cur = cur + attn(cur, cur, cur, need_weights=False)[0]
            p = cur @ e.transpose(1, 2)  # (b, f, f): attended x original
            p = (p + p.transpose(1, 2)) / 2
            parts += [p[:, i, j], p.sum(2)]
        h = self.body(torch.cat(parts, 1))
        out: Tensor = self.head(F.relu(self.fc(h)))[:, 0]
        return out


def dcap_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the click (mean over the rows)."""
    return F.binary_cross_entropy_with_logits(out, y)


def dcap_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the click summed over the batch's rows (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


GUMBELMAX_FEATURES = 6
"""Rows of 6 features; minima (the lowest temperature of a season) of a Gumbel-min law."""


@lru_cache(maxsize=None)
def gumbelmax_rows(n: int = 4000, seed: int = 887, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """Minima (a season's lowest temperature, in units of 10 degrees) of a reverse-Gumbel (Gumbel-min) law whose
    parameters depend on 6 features N(0, 1) (x5 noise): the location mu = 0.5 + 0.6 x0 + 0.4 sin(2 x1) - 0.3 x2 x3
    (clamped to +-3), the scale b = exp(-0.7 + 0.4 tanh(x4)) (0.33-0.75); drawn as y = mu + b log E, E Exp(1). x:
    (rows, 6); y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature; ``train_rows``:
    keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, GUMBELMAX_FEATURES, generator=g)
    mu = 0.5 + 0.6 * x[:, 0] + 0.4 * torch.sin(2 * x[:, 1]) - 0.3 * (x[:, 2] * x[:, 3]).clamp(-3, 3)
    b = torch.exp(-0.7 + 0.4 * torch.tanh(x[:, 4]))
    e = -torch.log(torch.rand(total, generator=g).clamp_min(1e-12))
    y = mu + b * torch.log(e)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1] = float("nan")
    data = split(x, y, n, "regression of minima (an MLP, the Gumbel-min negative log-likelihood)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class GumbelMaxMLP(nn.Module):
    """A ReLU MLP of a Gumbel-min regressor: ``body`` 6 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 2): the location mu and log b (the scale). Output (rows, 2). ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(GUMBELMAX_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def gumbelmax_terms(out: Tensor, y: Tensor) -> Tensor:
    """The Gumbel-min negative log-likelihood of each row's target: log b - (y - mu) / b + exp((y - mu) / b)."""
    mu, log_b = out[:, 0], out[:, 1]
    z = (y - mu) * torch.exp(-log_b)
    return log_b - z + torch.exp(z)


def gumbelmax_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Gumbel-min negative log-likelihood, mean over the rows."""
    return gumbelmax_terms(out, y).mean()


def gumbelmax_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Gumbel-min negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return gumbelmax_terms(out, y).sum()


def gumbelmax_at_zero() -> float:
    """The Gumbel-min negative log-likelihood of raw outputs of 0 (mu = 0, b = 1): its level at init."""
    y = gumbelmax_rows().y
    return float(gumbelmax_nll(torch.zeros(len(y), 2), y))
