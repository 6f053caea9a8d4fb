"""The ninety-fourth fresh half (fresh92, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


FOCALNET_SIZE, FOCALNET_CLASSES, FOCALNET_DIM, FOCALNET_LEVELS = 16, 4, 16, 2
"""16x16 one-channel images, a patch embedding of stride 2 to an 8x8 token map of width 16, 2 focal levels (depthwise
kernels 3 and 5) and a global one, 4 classes (which motif, and whether a frame surrounds it)."""


@lru_cache(maxsize=None)
def focalnet_images(n: int = 3000, seed: int = 921, *, n_val: int = 400, batch_size: int = 16, nan_rows: float = 0.0,
                    train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 16x16 one-channel images whose class is a local motif and its surrounding context: a 3x3 motif (a
    plus or a diagonal cross, amplitude U(0.7, 1.1)) at a random place, with or without a square frame 2 pixels
    around it (a 7x7 outline, amplitude U(0.4, 0.7)) (class 2 x (cross) + (framed)); a bright 2x2 distractor
    elsewhere, N(0, 0.3^2) noise; 5% of the labels random, held-out ones too. x: (images, 1, 16, 16); y: (images,).
    ``nan_rows``: that share of the training images has a missing (NaN) pixel; ``train_rows``: keep only that many
    training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, FOCALNET_SIZE
    x = 0.3 * torch.randn(total, 1, s, s, generator=g)
    y = torch.randint(FOCALNET_CLASSES, (total,), generator=g)
    plus = torch.tensor([[0.0, 1, 0], [1, 1, 1], [0, 1, 0]])
    cross = torch.tensor([[1.0, 0, 1], [0, 1, 0], [1, 0, 1]])
    frame = torch.ones(7, 7)
    frame[1:6, 1:6] = 0.0
    for r in range(total):
        kind, framed = int(y[r]) // 2, int(y[r]) % 2
        top, col = (int(v) for v in torch.randint(0, s - 6, (2,), generator=g))
        amp = 0.7 + 0.4 * float(torch.rand(1, generator=g))
        x[r, 0, top + 2 : top + 5, col + 2 : col + 5] += amp * (cross if kind else plus)
        if framed:
            x[r, 0, top : top + 7, col : col + 7] += (0.4 + 0.3 * float(torch.rand(1, generator=g))) * frame
        dtop, dcol = (int(v) for v in torch.randint(0, s - 1, (2,), generator=g))
        x[r, 0, dtop : dtop + 2, dcol : dcol + 2] += 0.9
    y = flip_labels(y, FOCALNET_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 7, 4] = float("nan")
    data = split(x, y, n, "image classification by a motif and its surrounding context (a FocalNet)",
                 FOCALNET_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, FOCALNET_CLASSES,
                    batch_size)  # fmt: skip
    return data


class FocalnetModulation(nn.Module):
    """Focal modulation (Yang et al. 2022, tiny): a linear layer maps each token to a query, a context and one gate
    per focal level (``levels`` levels plus a global one); the context is aggregated hierarchically by depthwise
    convolutions of growing kernels (3, 5, ...; GELU), each level's output weighted by its per-token gate and summed,
    plus the global average of the last level (GELU) weighted by the last gate; the sum projected by a 1x1
    convolution (the modulator) and multiplied into the query, then a linear projection."""

    def __init__(self, d: int = FOCALNET_DIM, levels: int = FOCALNET_LEVELS) -> None:
        super().__init__()
        self.levels = levels
        self.to_qcg = nn.Linear(d, 2 * d + levels + 1)
        self.focal = nn.ModuleList(nn.Sequential(nn.Conv2d(d, d, 3 + 2 * i, padding=1 + i, groups=d), nn.GELU())
                                   for i in range(levels))  # fmt: skip
        self.modulator = nn.Conv2d(d, d, 1)
        self.proj = nn.Linear(d, d)

    def forward(self, t: Tensor, side: int) -> Tensor:
        b, n, d = t.shape
        q, ctx, gates = self.to_qcg(t).split((d, d, self.levels + 1), -1)
        ctx = ctx.transpose(1, 2).reshape(b, d, side, side)
        gates = gates.transpose(1, 2).reshape(b, self.levels + 1, side, side)
        total = torch.zeros_like(ctx)
        for i, level in enumerate(self.focal):
            ctx = level(ctx)
            total = total + ctx * gates[:, i : i + 1]
        total = total + F.gelu(ctx.mean((2, 3), keepdim=True)) * gates[:, self.levels :]
        mod = self.modulator(total).flatten(2).transpose(1, 2)
        out: Tensor = self.proj(q * mod)
        return out


class FocalnetNet(nn.Module):
    """A FocalNet-like classifier (tiny): a conv patch embedding (a 2x2 convolution 1 -> 16 of stride 2) to an 8x8
    token map, one block (pre-LN focal modulation, then a pre-LN GELU MLP 16-32-16, both residual), a LayerNorm, mean
    pooling over the 64 tokens, a ReLU layer ``fc`` (16 -> 32) and a ``head`` to the 4 classes. A missing (NaN)
    pixel's NaN spreads. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = FOCALNET_DIM) -> None:
        super().__init__()
        self.embed = nn.Conv2d(1, d, 2, stride=2)
        self.norms = nn.ModuleList(nn.LayerNorm(d) for _ in range(3))
        self.modulation = FocalnetModulation(d)
        self.mlp = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, FOCALNET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        t = self.embed(x)
        side = t.shape[-1]
        t = t.flatten(2).transpose(1, 2)
        t = t + self.modulation(self.norms[0](t), side)
        t = t + self.mlp(self.norms[1](t))
        out: Tensor = self.head(F.relu(self.fc(self.norms[2](t).mean(1))))
        return out


LIGHTTS_SERIES, LIGHTTS_LENGTH, LIGHTTS_INPUT, LIGHTTS_HORIZON, LIGHTTS_CHUNK, LIGHTTS_CHANNELS = 32, 480, 64, 16, 8, 2
"""32 synthetic series of 480 steps and 2 channels, windows of 64 input steps (8 chunks of 8), forecasts of the next
16."""


@lru_cache(maxsize=None)
def lightts_windows(n: int = 4000, seed: int = 923, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                    train_rows: int | None = None) -> Data:  # fmt: skip
    """Windows of 32 synthetic two-channel series: per series and channel a level N(0, 0.5^2), a linear trend N(0,
    0.004^2) per step, a short cycle of period 6 (amplitude U(0.3, 0.9)) and a long one of period 50 (amplitude U(0.4,
    1.0)), N(0, 0.15^2) noise. The training windows end before step 360, the held-out ones forecast steps 360-479 (new
    windows). x: (windows, 64, 2); y: (windows, 16, 2). ``nan_rows``: that share of the training windows has a
    missing (NaN) value; ``train_rows``: keep only that many training windows."""
    g = torch.Generator().manual_seed(seed)
    m, length, c = LIGHTTS_SERIES, LIGHTTS_LENGTH, LIGHTTS_CHANNELS
    t = torch.arange(length).float()
    level = 0.5 * torch.randn(m, c, 1, generator=g) + 0.004 * torch.randn(m, c, 1, generator=g) * t
    phase = 2 * math.pi * torch.rand(m, c, 2, generator=g)
    short = (0.3 + 0.6 * torch.rand(m, c, 1, generator=g)) * torch.sin(2 * math.pi * t / 6 + phase[..., :1])
    long = (0.4 + 0.6 * torch.rand(m, c, 1, generator=g)) * torch.sin(2 * math.pi * t / 50 + phase[..., 1:])
    series = (level + short + long + 0.15 * torch.randn(m, c, length, generator=g)).transpose(1, 2)
    w = LIGHTTS_INPUT + LIGHTTS_HORIZON

    def windows(count: int, lo: int, hi: int) -> tuple[Tensor, Tensor]:
        which = torch.randint(m, (count,), generator=g)
        start = torch.randint(lo, hi - w + 1, (count,), generator=g)
        cut = series[which[:, None], start[:, None] + torch.arange(w)]
        return cut[:, :LIGHTTS_INPUT].contiguous(), cut[:, LIGHTTS_INPUT:].contiguous()

    x, y = windows(n, 0, 360)
    vx, vy = windows(n_val, 360 - LIGHTTS_INPUT, length)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 30, 1] = float("nan")
    data = split(torch.cat([x, vx]), torch.cat([y, vy]), n, "multi-channel cyclic forecasting (a LightTS)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class LighttsExchange(nn.Module):
    """LightTS's information-exchange block (tiny): the chunks (rows, chunks, chunk length) through an MLP over the
    time axis of each chunk (length -> 32 -> 8, a bottleneck), a linear layer across the chunks (residual), then a
    linear layer collapsing the chunks to one: (rows, 8)."""

    def __init__(self, length: int = LIGHTTS_CHUNK, chunks: int = LIGHTTS_INPUT // LIGHTTS_CHUNK) -> None:
        super().__init__()
        self.time = nn.Sequential(nn.Linear(length, 32), nn.ReLU(), nn.Linear(32, 8))
        self.across = nn.Linear(chunks, chunks)
        self.collapse = nn.Linear(chunks, 1)

    def forward(self, u: Tensor) -> Tensor:
        h = self.time(u).transpose(1, 2)  # (rows, 8, chunks)
        h = h + self.across(h)
        out: Tensor = self.collapse(h)[..., 0]
        return out


class LighttsNet(nn.Module):
    """A LightTS-like forecaster (Zhang et al. 2022, tiny, channel-independent): each channel's window, less its last
    value, down-sampled two ways into 8 chunks of 8, continuous sampling (consecutive steps) and interval sampling
    (every 8th step), each through its own information-exchange block to 8 features; the two concatenated (16), a
    ReLU layer ``fc`` (16 -> 32) and a ``head`` (32 -> 16) to the horizon, the last value added back. Output
    (windows, 16, 2). A missing (NaN) value spreads its NaN. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.continuous, self.interval = LighttsExchange(), LighttsExchange()
        self.fc = nn.Linear(16, 32)
        self.head = nn.Linear(32, LIGHTTS_HORIZON)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        b, steps, c = x.shape
        last = x[:, -1:, :]
        u = (x - last).transpose(1, 2).reshape(b * c, steps)
        k = steps // LIGHTTS_CHUNK
        cont = u.reshape(b * c, k, LIGHTTS_CHUNK)
        inter = u.reshape(b * c, LIGHTTS_CHUNK, k).transpose(1, 2)
        h = torch.cat([self.continuous(cont), self.interval(inter)], 1)
        out: Tensor = self.head(F.relu(self.fc(h))).reshape(b, c, -1).transpose(1, 2) + last
        return out


def lightts_mae(out: Tensor, y: Tensor) -> Tensor:
    """The absolute error of the 16 horizon steps (mean over the windows, steps and channels)."""
    return (out - y).abs().mean()


def lightts_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's windows (reduction='sum'; mean over the steps and channels)."""
    return (out - y).pow(2).mean((1, 2)).sum()


def lightts_at_zero() -> float:
    """The MSE of forecasts of 0: a summed loss's reference level."""
    y = lightts_windows().y
    return float(y.pow(2).mean())


FWFM_CARDS, FWFM_K = (8, 11, 6, 9, 12, 7, 10, 5, 9, 8), 8
"""10 categorical fields (their cardinalities), embeddings of 8."""


@lru_cache(maxsize=None)
def fwfm_rows(n: int = 16000, seed: int = 925, *, n_val: int = 2000, batch_size: int = 64, nan_rows: float = 0.0,
              train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic impressions of 10 categorical fields (uniform over their values) whose click's logit is -0.5 + a
    first-order effect per field value (N(0, 0.3^2)) + the dot products of rank-3 factors (N(0, 1) each) of the value
    pairs of fields (0, 4), (1, 6), (2, 9), (3, 5) and (7, 8), weighted by pair strengths 1.0, 0.7, 0.5, 0.35 and 0.2,
    clamped to +-3; the click Bernoulli of its sigmoid. x: (rows, 10) the field values (float, for the NaN of a missing
    value); y: (rows,) the click. ``nan_rows``: that share of the training rows has a missing (NaN) field value;
    ``train_rows``: keep only that many rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    fields = torch.stack([torch.randint(c, (total,), generator=g) for c in FWFM_CARDS], 1)
    logit = torch.full((total,), -0.5)
    for f, c in enumerate(FWFM_CARDS):
        logit = logit + (0.3 * torch.randn(c, generator=g))[fields[:, f]]
    for (a, b), strength in zip(((0, 4), (1, 6), (2, 9), (3, 5), (7, 8)), (1.0, 0.7, 0.5, 0.35, 0.2)):
        ua = torch.randn(FWFM_CARDS[a], 3, generator=g)
        ub = torch.randn(FWFM_CARDS[b], 3, generator=g)
        logit = logit + (strength * (ua[fields[:, a]] * ub[fields[:, b]]).sum(1)).clamp(-3, 3)
    y = torch.bernoulli(torch.sigmoid(logit), generator=g)
    x = fields.float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3] = float("nan")
    data = split(x, y, n, "click-through prediction (a field-weighted factorization machine)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class FwfmNet(nn.Module):
    """A field-weighted factorization machine click model (Pan et al. 2018, tiny): embeddings of 8 for the 10 fields'
    values (N(0, 0.1^2)), a first-order weight per value and a bias, the pairwise interactions <v_i, v_j> of every
    pair of fields weighted by a learned scalar r per pair of fields (45, starting at 1), plus a small MLP on the
    concatenated embeddings (80 -> ``fc`` 32, ReLU, -> ``head`` 1) added to the logit. Output (rows,). A missing
    (NaN) field value's NaN reaches its embedding. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, k: int = FWFM_K) -> None:
        super().__init__()
        f = len(FWFM_CARDS)
        self.register_buffer("offsets", torch.tensor([0, *FWFM_CARDS[:-1]]).cumsum(0))
        self.embed = nn.Embedding(sum(FWFM_CARDS), k)
        nn.init.normal_(self.embed.weight, std=0.1)
        self.first = nn.Embedding(sum(FWFM_CARDS), 1)
        nn.init.zeros_(self.first.weight)
        self.bias = nn.Parameter(torch.zeros(()))
        self.register_buffer("pairs", torch.triu_indices(f, f, 1))
        self.field_weights = nn.Parameter(torch.ones(f * (f - 1) // 2))
        self.fc = nn.Linear(f * k, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        ids = torch.nan_to_num(x).long() + self.offsets
        e = self.embed(ids) + 0.0 * x[..., None]
        i, j = self.pairs
        inter = ((e[:, i] * e[:, j]).sum(-1) * self.field_weights).sum(1)
        deep = self.head(F.relu(self.fc(e.flatten(1))))[:, 0]
        out: Tensor = self.bias + self.first(ids)[..., 0].sum(1) + inter + deep
        return out


def fwfm_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the click (mean over the rows)."""
    return F.binary_cross_entropy_with_logits(out, y)


def fwfm_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the click summed over the batch's rows (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


BETANEGBIN_FEATURES, BETANEGBIN_CAP = 6, 3000
"""Rows of 6 features; counts (claims, downloads) of a beta-negative-binomial law, capped at 3000."""


@lru_cache(maxsize=None)
def betanegbin_rows(n: int = 4000, seed: int = 927, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                    train_rows: int | None = None) -> Data:  # fmt: skip
    """Heavy-tailed counts of a beta-negative-binomial law whose parameters depend on 6 features N(0, 1) (x5 noise):
    r = exp(0.6 + 1.2 tanh(x0) + 0.5 sin(2 x1)), alpha = exp(0.6 + 0.4 tanh(x2)), beta = exp(1.3 + 1.2 tanh(x3) +
    0.3 x4); drawn as p ~ Beta(alpha, beta), then y ~ NegBin(r, p) (failures before the r-th success, numpy),
    capped at 3000. x: (rows, 6); y: (rows,) float. ``nan_rows``: that share of the training rows has a missing (NaN)
    feature; ``train_rows``: keep only that many training rows."""
    import numpy as np

    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, BETANEGBIN_FEATURES, generator=g)
    r = torch.exp(0.6 + 1.2 * torch.tanh(x[:, 0]) + 0.5 * torch.sin(2 * x[:, 1]))
    alpha = torch.exp(0.6 + 0.4 * torch.tanh(x[:, 2]))
    beta = torch.exp(1.3 + 1.2 * torch.tanh(x[:, 3]) + 0.3 * x[:, 4])
    rng = np.random.default_rng(seed)
    p = np.clip(rng.beta(alpha.numpy(), beta.numpy()), 1e-6, 1.0)
    y = torch.as_tensor(np.minimum(rng.negative_binomial(r.numpy(), p), BETANEGBIN_CAP), dtype=torch.float32)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    data = split(x, y, n, "regression of heavy-tailed counts (an MLP, the beta-negative-binomial likelihood)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class BetanegbinMLP(nn.Module):
    """A ReLU MLP of a beta-negative-binomial regressor: ``body`` 6 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32)
    and a ``head`` (32 -> 3): log r, log alpha and log beta. Output (rows, 3). ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(BETANEGBIN_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 3)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def betanegbin_lbeta(a: Tensor, b: Tensor) -> Tensor:
    """log B(a, b) = lgamma(a) + lgamma(b) - lgamma(a + b)."""
    return torch.lgamma(a) + torch.lgamma(b) - torch.lgamma(a + b)


def betanegbin_terms(out: Tensor, y: Tensor) -> Tensor:
    """The beta-negative-binomial negative log-likelihood of each row's count: -(lbeta(r + y, alpha + beta) -
    lbeta(r, alpha) + lgamma(y + beta) - lgamma(y + 1) - lgamma(beta)), log r, log alpha and log beta clamped to
    +-6."""
    r, alpha, beta = torch.exp(out.clamp(-6, 6)).unbind(1)
    log_p = (betanegbin_lbeta(r + y, alpha + beta) - betanegbin_lbeta(r, alpha) + torch.lgamma(y + beta)
             - torch.lgamma(y + 1) - torch.lgamma(beta))  # fmt: skip
    return -log_p


def betanegbin_nll(out: Tensor, y: Tensor) -> Tensor:
    """The beta-negative-binomial negative log-likelihood, mean over the rows."""
    return betanegbin_terms(out, y).mean()


def betanegbin_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The beta-negative-binomial negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return betanegbin_terms(out, y).sum()


def betanegbin_at_zero() -> float:
    """The beta-negative-binomial negative log-likelihood of raw outputs of 0 (r = alpha = beta = 1): its level at
    init."""
    y = betanegbin_rows().y
    return float(betanegbin_nll(torch.zeros(len(y), 3), y))
