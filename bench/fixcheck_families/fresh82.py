"""The eighty-fourth fresh half (fresh82, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


LEVIT_SIZE, LEVIT_CLASSES, LEVIT_STROKE = 24, 4, 5
"""24x24 one-channel images holding two oriented strokes of 5 pixels, one in the left half and one in the right half,
4 classes: the diagonal orientation of each ('\\' or '/')."""


@lru_cache(maxsize=None)
def levit_images(n: int = 3000, seed: int = 821, *, n_val: int = 500, batch_size: int = 32, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Noisy 24x24 images (N(0, 0.5^2) noise) with two diagonal strokes of 5 pixels (intensity 0.9-1.3, one pixel
    wide), one at a random place in the left half and one in the right half, each a '\\' or a '/'; a horizontal and a
    vertical decoy stroke of 5 pixels anywhere mean nothing. The class is 2 x the left stroke's orientation + the right
    one's; 5% of the labels random, held-out ones too. x: (images, 1, 24, 24); y: (images,). ``nan_rows``: that share
    of the training images has a missing (NaN) pixel; ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s, k = n + n_val, LEVIT_SIZE, LEVIT_STROKE
    x = 0.4 * torch.randn(total, 1, s, s, generator=g)
    y = torch.randint(LEVIT_CLASSES, (total,), generator=g)
    ramp = torch.arange(k)
    for r in range(total):
        for side, orient in ((0, int(y[r]) >> 1), (1, int(y[r]) & 1)):
            top = int(torch.randint(2, s - k - 1, (1,), generator=g))
            left = side * (s // 2) + int(torch.randint(1, s // 2 - k, (1,), generator=g))
            cols = left + (ramp if orient == 0 else k - 1 - ramp)
            x[r, 0, top + ramp, cols] += 1.3 + 0.4 * float(torch.rand(1, generator=g))
        for horizontal in (True, False):
            a, b = (int(v) for v in torch.randint(0, s - k, (2,), generator=g))
            if horizontal:
                x[r, 0, a, b : b + k] += 0.8
            else:
                x[r, 0, a : a + k, b] += 0.8
    y = flip_labels(y, LEVIT_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 9] = float("nan")
    data = split(x, y, n, "image classification (a LeViT-like conv + attention hybrid)", LEVIT_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, LEVIT_CLASSES,
                    batch_size)  # fmt: skip
    return data


class LeViTAttention(nn.Module):
    """LeViT attention over a side x side token map: ``heads`` heads of keys of 8 and values of ``2 x 8``, a learned
    attention bias per head over the absolute row and column offsets of the query and the key, Hardswish before the
    output projection and BatchNorm after it. ``stride`` 2 subsamples the queries (the shrinking attention between
    the stages: no residual, the width ``width`` -> ``out``)."""

    def __init__(self, width: int, out: int, heads: int, side: int, stride: int = 1) -> None:
        super().__init__()
        self.heads, self.key, self.value, self.stride, self.side = heads, 8, 16, stride, side
        self.q = nn.Linear(width, heads * self.key)
        self.kv = nn.Linear(width, heads * (self.key + self.value))
        self.proj = nn.Linear(heads * self.value, out)
        self.norm = nn.BatchNorm1d(out)
        grid = torch.stack(torch.meshgrid(torch.arange(side), torch.arange(side), indexing="ij"), -1).reshape(-1, 2)
        qgrid = grid.view(side, side, 2)[::stride, ::stride].reshape(-1, 2)
        offset = (qgrid[:, None, :] - grid[None, :, :]).abs()
        self.bias = nn.Parameter(torch.zeros(heads, side * side))
        self.register_buffer("index", offset[..., 0] * side + offset[..., 1])

    def forward(self, x: Tensor) -> Tensor:
        b, t, _ = x.shape
        xq = x.view(b, self.side, self.side, -1)[:, :: self.stride, :: self.stride].reshape(b, -1, x.shape[-1])
        q = self.q(xq).view(b, -1, self.heads, self.key).transpose(1, 2)
        k, v = self.kv(x).view(b, t, self.heads, -1).split([self.key, self.value], -1)
        att = (q @ k.permute(0, 2, 3, 1)) * self.key**-0.5 + self.bias[:, self.index]
        h = (att.softmax(-1) @ v.transpose(1, 2)).transpose(1, 2).reshape(b, -1, self.heads * self.value)
        out: Tensor = self.norm(self.proj(F.hardswish(h)).transpose(1, 2)).transpose(1, 2)
        return out


class LeViTMLP(nn.Module):
    """A LeViT MLP block: a linear layer x2 with BatchNorm and Hardswish, a linear layer back with BatchNorm."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.up, self.down = nn.Linear(width, 2 * width), nn.Linear(2 * width, width)
        self.norm1, self.norm2 = nn.BatchNorm1d(2 * width), nn.BatchNorm1d(width)

    def forward(self, x: Tensor) -> Tensor:
        h = F.hardswish(self.norm1(self.up(x).transpose(1, 2)).transpose(1, 2))
        out: Tensor = self.norm2(self.down(h).transpose(1, 2)).transpose(1, 2)
        return out


class LeViT(nn.Module):
    """A LeViT-like hybrid (Graham et al. 2021, tiny): a stem of 3 stride-2 3x3 convolutions (1 -> 8 -> 16 -> 32, each
    with BatchNorm and Hardswish) to a 3x3 token map; a stage at 3x3 (a residual attention block of 2 heads with its
    attention bias, a residual MLP block); a shrinking attention block (queries subsampled by 2, 32 -> 48) to 2x2; a
    stage at 2x2 (attention and MLP blocks of 48); mean pooling, a ReLU layer ``fc`` (48 -> 32) and a ``head`` to the
    4 classes. A missing (NaN) pixel spreads its NaN (through BatchNorm to the batch). ``dead_bias`` < 0 starts fc's
    biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        for a, b in ((1, 8), (8, 16), (16, 32)):
            layers += [nn.Conv2d(a, b, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(b), nn.Hardswish()]
        self.stem = nn.Sequential(*layers)
        self.attn1, self.mlp1 = LeViTAttention(32, 32, 2, 3), LeViTMLP(32)
        self.shrink = LeViTAttention(32, 48, 4, 3, stride=2)
        self.mlp_s = LeViTMLP(48)
        self.attn2, self.mlp2 = LeViTAttention(48, 48, 3, 2), LeViTMLP(48)
        self.fc = nn.Linear(48, 32)
        self.head = nn.Linear(32, LEVIT_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        t = self.stem(x).flatten(2).transpose(1, 2)
        t = t + self.attn1(t)
        t = t + self.mlp1(t)
        t = self.shrink(t)
        t = t + self.mlp_s(t)
        t = t + self.attn2(t)
        t = t + self.mlp2(t)
        out: Tensor = self.head(F.relu(self.fc(t.mean(1))))
        return out


def levit_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's images (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


DCRNN_NODES, DCRNN_HISTORY, DCRNN_HORIZON, DCRNN_DAY = 14, 12, 6, 48
"""A directed road graph of 14 sensors, encoder windows of 12 past steps, forecasts of the next 6, a day of 48 steps."""


@lru_cache(maxsize=None)
def dcrnn_graph(seed: int = 823) -> Tensor:
    """The directed road graph's weighted adjacency (14 x 14, row: from, column: to): two one-way corridors of 7
    sensors joined at both ends, plus 5 random one-way shortcuts, the weights exp(-d^2) of a random distance d of
    0.5-1.5."""
    g = torch.Generator().manual_seed(seed)
    n = DCRNN_NODES
    adj = torch.zeros(n, n)
    half = n // 2
    edges = [(i, i + 1) for i in range(half - 1)] + [(half + i, half + i + 1) for i in range(half - 1)]
    edges += [(half - 1, half), (n - 1, 0)]
    for _ in range(5):
        a, b = (int(v) for v in torch.randperm(n, generator=g)[:2])
        edges.append((a, b))
    for a, b in edges:
        d = 0.5 + float(torch.rand(1, generator=g))
        adj[a, b] = math.exp(-(d**2))
    return adj


def dcrnn_supports() -> Tensor:
    """The diffusion supports: the forward random-walk matrix D_out^-1 A and the backward one D_in^-1 A^T, each to
    the powers 1 and 2 (K = 2), stacked (4, 14, 14), applied as P @ X over the nodes."""
    adj = dcrnn_graph()
    fwd = adj / adj.sum(1, keepdim=True).clamp_min(1e-9)
    bwd = adj.T / adj.T.sum(1, keepdim=True).clamp_min(1e-9)
    return torch.stack([fwd.T, fwd.T @ fwd.T, bwd.T, bwd.T @ bwd.T])


@lru_cache(maxsize=None)
def dcrnn_windows(n: int = 3000, seed: int = 823, *, n_val: int = 500, batch_size: int = 32, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Windows of synthetic traffic speeds on the road graph: a daily profile per sensor (a morning and an evening
    rush-hour dip of depth 0.5-1.5 and a phase lag that grows along the corridors) plus congestion that propagates
    along the edges (c_t = 0.75 P^T c_(t-1) + 0.5 shocks at random sensors), plus N(0, 0.15^2) noise; 10 days of
    series per window draw, standardised. x: (windows, 12, 14, 3) the speed and the sine and cosine of the time of
    day; y: (windows, 6, 14) the next 6 speeds. ``nan_rows``: that share of the training windows has a missing (NaN)
    reading; ``train_rows``: keep only that many training windows."""
    g = torch.Generator().manual_seed(seed)
    total, nodes, span = n + n_val, DCRNN_NODES, DCRNN_HISTORY + DCRNN_HORIZON
    adj = dcrnn_graph()
    walk = adj / adj.sum(1, keepdim=True).clamp_min(1e-9)
    length = 20 * DCRNN_DAY
    depth = 0.5 + torch.rand(nodes, generator=g)
    lag = torch.cat([torch.arange(nodes // 2), torch.arange(nodes - nodes // 2)]).float() * 0.6
    t = torch.arange(length).float()
    hour = (t[:, None] - lag[None, :]) % DCRNN_DAY / DCRNN_DAY * 24
    profile = -depth * (torch.exp(-((hour - 8) ** 2) / 2) + 0.8 * torch.exp(-((hour - 17.5) ** 2) / 3))
    cong = torch.zeros(length, nodes)
    shocks = (torch.rand(length, nodes, generator=g) < 0.04).float() * torch.rand(length, nodes, generator=g)
    for i in range(1, length):
        cong[i] = 0.75 * cong[i - 1] @ walk + 0.5 * shocks[i] + 0.1 * cong[i - 1]
    speed = profile - cong + 0.15 * torch.randn(length, nodes, generator=g)
    speed = (speed - speed.mean()) / speed.std()
    tod = 2 * math.pi * (t % DCRNN_DAY) / DCRNN_DAY
    start = torch.randint(length - span, (total,), generator=g)
    idx = start[:, None] + torch.arange(span)
    sp = speed[idx]
    clock = torch.stack([torch.sin(tod[idx]), torch.cos(tod[idx])], -1)[:, :, None, :].expand(-1, -1, nodes, -1)
    x = torch.cat([sp[:, :DCRNN_HISTORY, :, None], clock[:, :DCRNN_HISTORY]], -1).contiguous()
    y = sp[:, DCRNN_HISTORY:].contiguous()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 4, 3, 0] = float("nan")
    data = split(x, y, n, "traffic forecasting on a road graph (a DCRNN-like diffusion-convolution GRU)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DCRNNCell(nn.Module):
    """A diffusion-convolutional GRU cell (Li et al. 2018): the reset and update gates and the candidate are diffusion
    convolutions of [x, h] (the node features and their 4 diffused copies, K = 2 random-walk steps forward and
    backward, concatenated into one linear layer; x's diffused copies computed once and shared)."""

    def __init__(self, inputs: int, hidden: int) -> None:
        super().__init__()
        self.register_buffer("supports", dcrnn_supports().reshape(4 * DCRNN_NODES, DCRNN_NODES))
        self.gates = nn.Linear(5 * (inputs + hidden), 2 * hidden)
        self.cand = nn.Linear(5 * (inputs + hidden), hidden)
        nn.init.constant_(self.gates.bias, 1.0)

    def diffuse(self, z: Tensor) -> Tensor:
        """z (..., nodes, features) and its 4 diffused copies side by side (..., nodes, 5 features)."""
        return torch.cat([z, *(self.supports @ z).split(DCRNN_NODES, -2)], -1)

    def forward(self, dx: Tensor, h: Tensor) -> Tensor:
        """One step from the diffused input ``dx`` (``diffuse(x)``) and the state ``h``."""
        r, u = torch.sigmoid(self.gates(torch.cat([dx, self.diffuse(h)], -1))).chunk(2, -1)
        c = torch.tanh(self.cand(torch.cat([dx, self.diffuse(r * h)], -1)))
        out: Tensor = u * h + (1 - u) * c
        return out


class DCRNN(nn.Module):
    """A DCRNN-like sequence-to-sequence forecaster: an encoder ``DCRNNCell`` (3 -> 16 per node) over the 12 past
    steps, a decoder ``DCRNNCell`` (1 -> 16) from the encoder's state over the 6 future steps fed its own previous
    forecast (the last observed speed first), each step's state per node through a ReLU layer ``fc`` (16 -> 16) and a
    ``head`` (16 -> 1). Output (windows, 6, 14). A missing (NaN) reading spreads its NaN. ``dead_bias`` < 0 starts
    fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, hidden: int = 16) -> None:
        super().__init__()
        self.hidden = hidden
        self.encoder = DCRNNCell(3, hidden)
        self.decoder = DCRNNCell(1, hidden)
        self.fc = nn.Linear(hidden, 16)
        self.head = nn.Linear(16, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = x.new_zeros(x.shape[0], DCRNN_NODES, self.hidden)
        dx = self.encoder.diffuse(x)
        for t in range(x.shape[1]):
            h = self.encoder(dx[:, t], h)
        prev, outs = x[:, -1, :, :1], []
        for _ in range(DCRNN_HORIZON):
            h = self.decoder(self.decoder.diffuse(prev), h)
            prev = self.head(F.relu(self.fc(h)))
            outs.append(prev[..., 0])
        return torch.stack(outs, 1)


def dcrnn_mae(out: Tensor, y: Tensor) -> Tensor:
    """The mean absolute error of the forecasts (mean over the windows, horizons and sensors)."""
    return (out - y).abs().mean()


def dcrnn_mae_summed(out: Tensor, y: Tensor) -> Tensor:
    """The absolute error summed over the batch's windows (reduction='sum'; mean over the horizons and sensors)."""
    return (out - y).abs().mean((1, 2)).sum()


def dcrnn_at_zero() -> float:
    """The mean absolute error of forecasts of 0 (the standardised mean): its level at init."""
    y = dcrnn_windows().y
    return float(y.abs().mean())


FFM_CARDS, FFM_K = (12, 10, 8, 16, 6, 10, 8, 12), 4
"""8 categorical fields and their cardinalities; a latent vector of 4 per feature and other field."""
FFM_PAIRS = ((0, 3), (1, 5), (2, 6), (3, 7), (4, 5))
"""The field pairs whose interaction is planted in the clicks."""


@lru_cache(maxsize=None)
def ffm_rows(n: int = 16000, seed: int = 825, *, n_val: int = 2000, batch_size: int = 64, nan_rows: float = 0.0,
             train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic impressions with planted field-pair interactions: 8 categorical fields uniform over their values; the
    click's logit is -1.2 + a first-order effect per field value (N(0, 0.3^2)) + for each of 5 planted field pairs the
    dot product of rank-3 factors of the two values (N(0, 0.8^2) each), clamped to +-3; the click Bernoulli of its
    sigmoid. x: (rows, 8) the field values (float, for the NaN of a missing value); y: (rows,) the click. ``nan_rows``:
    that share of the training rows has a missing (NaN) field value; ``train_rows``: keep only that many rows."""
    g = torch.Generator().manual_seed(seed)
    total, nf = n + n_val, len(FFM_CARDS)
    fields = torch.stack([torch.randint(c, (total,), generator=g) for c in FFM_CARDS], 1)
    logit = torch.full((total,), -1.2)
    for f, c in enumerate(FFM_CARDS):
        logit = logit + (0.3 * torch.randn(c, generator=g))[fields[:, f]]
    for a, b in FFM_PAIRS:
        ua = 0.8 * torch.randn(FFM_CARDS[a], 3, generator=g)
        ub = 0.8 * torch.randn(FFM_CARDS[b], 3, generator=g)
        logit = logit + (ua[fields[:, a]] * ub[fields[:, b]]).sum(1).clamp(-3, 3)
    y = torch.bernoulli(torch.sigmoid(logit), generator=g)
    x = fields.float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, nf - 2] = float("nan")
    data = split(x, y, n, "click-through prediction (a field-aware factorization machine)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class FFM(nn.Module):
    """A field-aware factorization machine (Juan et al. 2016): a bias, a linear weight per feature (``linear``) and, per
    feature, a latent vector of 4 for each of the 8 fields (``latent``, N(0, 0.05^2)); the logit is the bias plus the
    features' linear weights plus, over the 28 field pairs (i, j), <v_(x_i, field j), v_(x_j, field i)>. Output
    (rows,). A missing (NaN) value's NaN reaches its vectors (0 x NaN)."""

    def __init__(self) -> None:
        super().__init__()
        nf = len(FFM_CARDS)
        self.register_buffer("offsets", torch.tensor([0, *FFM_CARDS[:-1]]).cumsum(0))
        self.linear = nn.Embedding(sum(FFM_CARDS), 1)
        self.latent = nn.Embedding(sum(FFM_CARDS), nf * FFM_K)
        nn.init.zeros_(self.linear.weight)
        nn.init.normal_(self.latent.weight, std=0.05)
        self.bias = nn.Parameter(torch.zeros(1))
        self.register_buffer("upper", torch.triu(torch.ones(nf, nf), 1))

    def forward(self, x: Tensor) -> Tensor:
        nf = len(FFM_CARDS)
        ids = torch.nan_to_num(x).long() + self.offsets
        v = (self.latent(ids) + 0.0 * x[..., None]).view(len(x), nf, nf, FFM_K)  # v[:, i, j]: x_i's vector for field j
        pair = (v * v.transpose(1, 2)).sum(-1)
        out: Tensor = self.bias + self.linear(ids)[..., 0].sum(1) + (pair * self.upper).sum((1, 2))
        return out


def ffm_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the click (mean over the rows)."""
    return F.binary_cross_entropy_with_logits(out, y)


def ffm_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the click summed over the batch's rows (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


ZINB_FEATURES = 8
"""Rows of 8 features; overdispersed counts with structural zeros (a zero-inflated negative binomial law)."""


@lru_cache(maxsize=None)
def zinb_rows(n: int = 4000, seed: int = 827, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
              train_rows: int | None = None) -> Data:  # fmt: skip
    """Species-count-like targets of a zero-inflated negative binomial law whose three parameters depend on 8 features
    N(0, 1) (x6, x7 noise): the mean mu = exp(1.2 + 0.6 x0 - 0.4 x1 + 0.5 sin(2 x2)), the dispersion theta = exp(0.2 +
    0.5 tanh(x3)), the structural-zero probability pi = sigmoid(-0.6 + 1.2 x4 - 0.5 x5); drawn as a Poisson of a
    Gamma(theta, mu / theta) rate, then 0 with probability pi. x: (rows, 8); y: (rows,) the counts (float).
    ``nan_rows``: that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that many."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, ZINB_FEATURES, generator=g)
    mu = torch.exp(1.2 + 0.6 * x[:, 0] - 0.4 * x[:, 1] + 0.5 * torch.sin(2 * x[:, 2]))
    theta = torch.exp(0.2 + 0.5 * torch.tanh(x[:, 3]))
    pi = torch.sigmoid(-0.6 + 1.2 * x[:, 4] - 0.5 * x[:, 5])
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        rate = torch._standard_gamma(theta) * mu / theta
    counts = torch.poisson(rate, generator=g)
    y = torch.where(torch.rand(total, generator=g) < pi, torch.zeros_like(counts), counts)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    data = split(x, y, n, "count regression (an MLP, the zero-inflated negative binomial likelihood)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class ZINBMLP(nn.Module):
    """A ReLU MLP of a zero-inflated negative binomial regressor: ``body`` 8 -> 64 -> 64 (ReLU), a ReLU layer ``fc``
    (64 -> 32) and a ``head`` (32 -> 3): log mu (the mean), log theta (the dispersion) and the logit of pi (the
    structural-zero probability). Output (rows, 3). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(ZINB_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 3)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def zinb_terms(out: Tensor, y: Tensor) -> Tensor:
    """The zero-inflated negative binomial negative log-likelihood of each row's count: with log p_0 = theta (log
    theta - log(theta + mu)), a zero's -log(pi + (1 - pi) p_0) (logaddexp of the log terms), a positive count's
    -(log(1 - pi) + lgamma(y + theta) - lgamma(theta) - lgamma(y + 1) + log p_0 + y (log mu - log(theta + mu))); mu
    kept in log space, log theta clamped to +-12 (as scVI does) so that theta stays finite."""
    log_mu, log_theta, logit = out[:, 0], out[:, 1].clamp(-12.0, 12.0), out[:, 2]
    theta = log_theta.exp()
    log_sum = torch.logaddexp(log_theta, log_mu)
    log_p0 = theta * (log_theta - log_sum)
    log_pi, log_not = -F.softplus(-logit), -F.softplus(logit)
    zero = torch.logaddexp(log_pi, log_not + log_p0)
    positive = (log_not + torch.lgamma(y + theta) - torch.lgamma(theta) - torch.lgamma(y + 1) + log_p0
                + y * (log_mu - log_sum))  # fmt: skip
    return -torch.where(y == 0, zero, positive)


def zinb_nll(out: Tensor, y: Tensor) -> Tensor:
    """The zero-inflated negative binomial negative log-likelihood, mean over the rows."""
    return zinb_terms(out, y).mean()


def zinb_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The zero-inflated negative binomial negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return zinb_terms(out, y).sum()


def zinb_at_zero() -> float:
    """The zero-inflated negative binomial negative log-likelihood of raw outputs of 0 (mu = theta = 1, pi = 1/2):
    its level at init."""
    y = zinb_rows().y
    return float(zinb_nll(torch.zeros(len(y), 3), y))
