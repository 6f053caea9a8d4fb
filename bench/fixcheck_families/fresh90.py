"""The ninety-second fresh half (fresh90, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


DAVIT_SIZE, DAVIT_CLASSES, DAVIT_DIM, DAVIT_GROUPS = 16, 4, 16, 4
"""16x16 three-channel images, a patch embedding of stride 2 to an 8x8 token map of width 16, 4 channel groups, 4
classes (which colour channels carry the checkered patch, and in which half)."""


@lru_cache(maxsize=None)
def davit_images(n: int = 3000, seed: int = 901, *, n_val: int = 400, batch_size: int = 16, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 16x16 colour images whose class is which colour channels carry a 4x4 checkered patch and where: the
    patch (amplitude U(0.6, 1.0)) in the red channel alone or in the green and the blue channels together, in the top
    or the bottom half (class 2 x (green and blue) + (bottom)); a flat 4x4 distractor square (brightness U(0.5, 0.9))
    in a random channel elsewhere, N(0, 0.3^2) noise in all channels; 5% of the labels random, held-out ones too. x:
    (images, 3, 16, 16); y: (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel;
    ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, DAVIT_SIZE
    x = 0.3 * torch.randn(total, 3, s, s, generator=g)
    y = torch.randint(DAVIT_CLASSES, (total,), generator=g)
    checker = (torch.arange(4)[:, None] + torch.arange(4)[None, :]) % 2 * 2.0 - 1.0
    for r in range(total):
        colour, bottom = int(y[r]) // 2, int(y[r]) % 2
        top = int(torch.randint(0, 4, (1,), generator=g)) + (8 if bottom else 0)
        col = int(torch.randint(0, s - 3, (1,), generator=g))
        amp = 0.6 + 0.4 * float(torch.rand(1, generator=g))
        for c in ((1, 2) if colour else (0,)):
            x[r, c, top : top + 4, col : col + 4] += amp * checker
        dc = int(torch.randint(3, (1,), generator=g))
        dtop, dcol = (int(v) for v in torch.randint(0, s - 3, (2,), generator=g))
        x[r, dc, dtop : dtop + 4, dcol : dcol + 4] += 0.5 + 0.4 * float(torch.rand(1, generator=g))
    y = flip_labels(y, DAVIT_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1, 6, 9] = float("nan")
    data = split(x, y, n, "image classification by which colour channels carry a pattern, and where (a DaViT)",
                 DAVIT_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, DAVIT_CLASSES,
                    batch_size)  # fmt: skip
    return data


class DavitDualBlock(nn.Module):
    """A DaViT dual attention pair (Ding et al. 2022, pre-LN, tiny): spatial window attention (2 heads, tokens attend
    within non-overlapping 4x4 windows of the 8x8 token map) and a ReLU feed-forward d-2d-d, then channel group
    attention (the d channels split into ``groups``; within each group, channel-by-channel attention computed across
    all the tokens: the attention over the transposed token matrix, scaled by tokens^-1/2) and another ReLU
    feed-forward; all residual."""

    def __init__(self, d: int = DAVIT_DIM, side: int = DAVIT_SIZE // 2, window: int = 4,
                 groups: int = DAVIT_GROUPS) -> None:  # fmt: skip
        super().__init__()
        self.side, self.window, self.groups = side, window, groups
        self.norms = nn.ModuleList(nn.LayerNorm(d) for _ in range(4))
        self.spatial_qkv, self.spatial_out = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.channel_qkv, self.channel_out = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.ffs = nn.ModuleList(nn.Sequential(nn.Linear(d, 2 * d), nn.ReLU(), nn.Linear(2 * d, d)) for _ in range(2))

    def spatial(self, u: Tensor) -> Tensor:
        b, n, d = u.shape
        w, k = self.window, self.side // self.window
        u = u.reshape(b, k, w, k, w, d).permute(0, 1, 3, 2, 4, 5).reshape(b * k * k, w * w, d)
        q, key, v = (t.reshape(b * k * k, w * w, 2, d // 2).transpose(1, 2) for t in self.spatial_qkv(u).chunk(3, -1))
        o = F.scaled_dot_product_attention(q, key, v).transpose(1, 2).reshape(b * k * k, w * w, d)
        o = o.reshape(b, k, k, w, w, d).permute(0, 1, 3, 2, 4, 5).reshape(b, n, d)
        out: Tensor = self.spatial_out(o)
        return out

    def channel(self, u: Tensor) -> Tensor:
        b, n, d = u.shape
        q, key, v = (t.reshape(b, n, self.groups, d // self.groups).permute(0, 2, 3, 1)
                     for t in self.channel_qkv(u).chunk(3, -1))  # fmt: skip
        a = torch.softmax(q @ key.transpose(-1, -2) * n**-0.5, -1)  # (b, groups, channels, channels)
        o = (a @ v).permute(0, 3, 1, 2).reshape(b, n, d)
        out: Tensor = self.channel_out(o)
        return out

    def forward(self, t: Tensor) -> Tensor:
        t = t + self.spatial(self.norms[0](t))
        t = t + self.ffs[0](self.norms[1](t))
        t = t + self.channel(self.norms[2](t))
        out: Tensor = t + self.ffs[1](self.norms[3](t))
        return out


class DavitNet(nn.Module):
    """A DaViT-like classifier (tiny): a conv patch embedding (a 2x2 convolution 3 -> 16 of stride 2) to an 8x8 token
    map, one dual attention pair (spatial window attention, channel group attention, each followed by a feed-forward),
    a LayerNorm, mean pooling over the 64 tokens, a ReLU layer ``fc`` (16 -> 32) and a ``head`` to the 4 classes. A
    missing (NaN) pixel's NaN spreads. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = DAVIT_DIM) -> None:
        super().__init__()
        self.embed = nn.Conv2d(3, d, 2, stride=2)
        self.block = DavitDualBlock(d)
        self.norm = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, DAVIT_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        t = self.norm(self.block(self.embed(x).flatten(2).transpose(1, 2))).mean(1)
        out: Tensor = self.head(F.relu(self.fc(t)))
        return out


def davit_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy summed over the batch's images (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


SEGRNN_SERIES, SEGRNN_LENGTH, SEGRNN_INPUT, SEGRNN_HORIZON, SEGRNN_SEG, SEGRNN_CHANNELS = 32, 400, 48, 16, 8, 2
"""32 synthetic series of 400 steps and 2 channels, windows of 48 input steps (6 segments of 8), forecasts of the next
16 (2 output segments of 8)."""


@lru_cache(maxsize=None)
def segrnn_windows(n: int = 4000, seed: int = 903, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """Windows of 32 synthetic two-channel seasonal series: per series and channel a level N(0, 0.5^2), a linear trend
    N(0, 0.003^2) per step, a daily-like season of period 12 (amplitude U(0.5, 1.2)) and a slower one of period 40
    (amplitude U(0.2, 0.6)), N(0, 0.15^2) noise; the channels share the phases. The training windows end before step
    300, the held-out ones forecast steps 300-399 (new windows). x: (windows, 48, 2); y: (windows, 16, 2).
    ``nan_rows``: that share of the training windows has a missing (NaN) value; ``train_rows``: keep only that many
    training windows."""
    g = torch.Generator().manual_seed(seed)
    m, length, c = SEGRNN_SERIES, SEGRNN_LENGTH, SEGRNN_CHANNELS
    t = torch.arange(length).float()
    level = 0.5 * torch.randn(m, c, 1, generator=g) + 0.003 * torch.randn(m, c, 1, generator=g) * t
    phase = 2 * math.pi * torch.rand(m, 1, 2, generator=g)
    fast = (0.5 + 0.7 * torch.rand(m, c, 1, generator=g)) * torch.sin(2 * math.pi * t / 12 + phase[..., :1])
    slow = (0.2 + 0.4 * torch.rand(m, c, 1, generator=g)) * torch.sin(2 * math.pi * t / 40 + phase[..., 1:])
    series = (level + fast + slow + 0.15 * torch.randn(m, c, length, generator=g)).transpose(1, 2)
    w = SEGRNN_INPUT + SEGRNN_HORIZON

    def windows(count: int, lo: int, hi: int) -> tuple[Tensor, Tensor]:
        which = torch.randint(m, (count,), generator=g)
        start = torch.randint(lo, hi - w + 1, (count,), generator=g)
        cut = series[which[:, None], start[:, None] + torch.arange(w)]
        return cut[:, :SEGRNN_INPUT].contiguous(), cut[:, SEGRNN_INPUT:].contiguous()

    x, y = windows(n, 0, 300)
    vx, vy = windows(n_val, 300 - SEGRNN_INPUT, length)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 20, 0] = float("nan")
    data = split(torch.cat([x, vx]), torch.cat([y, vy]), n, "multi-channel seasonal forecasting (a SegRNN)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class SegRNN(nn.Module):
    """A SegRNN-like forecaster (Lin et al. 2023, tiny, channel-independent): each channel's window, less its last
    value, cut into 6 segments of 8 steps, each projected (8 -> 32, ReLU) to a hidden vector, a GRU of 32 units run
    over the 6 segments (segment-wise iterations); then parallel multi-step decoding: the last hidden state and, per
    output segment, a learned position embedding (16) joined with a learned channel embedding (16) as the input of one
    more GRU step per output segment, its output through a ReLU layer ``fc`` (32 -> 32) and a ``head`` (32 -> 8) to
    that segment's 8 values, the last value added back. Output (windows, 16, 2). A missing (NaN) value spreads its
    NaN. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, hidden: int = 32) -> None:
        super().__init__()
        self.project = nn.Sequential(nn.Linear(SEGRNN_SEG, hidden), nn.ReLU())
        self.gru = nn.GRU(hidden, hidden, batch_first=True)
        self.position = nn.Parameter(0.1 * torch.randn(SEGRNN_HORIZON // SEGRNN_SEG, hidden // 2))
        self.channel = nn.Parameter(0.1 * torch.randn(SEGRNN_CHANNELS, hidden // 2))
        self.fc = nn.Linear(hidden, 32)
        self.head = nn.Linear(32, SEGRNN_SEG)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        b, steps, c = x.shape
        last = x[:, -1:, :]
        u = (x - last).transpose(1, 2).reshape(b * c, steps // SEGRNN_SEG, SEGRNN_SEG)
        h = self.gru(self.project(u))[1]  # (1, b c, hidden)
        k = self.position.shape[0]
        pos = self.position[None, None].expand(b, c, k, -1)
        chan = self.channel[None, :, None].expand(b, c, k, -1)
        dec_in = torch.cat([pos, chan], -1).reshape(b * c * k, 1, -1)
        h0 = h[:, :, None].expand(1, b * c, k, h.shape[-1]).reshape(1, b * c * k, -1).contiguous()
        o = self.gru(dec_in, h0)[0][:, 0]
        seg = self.head(F.relu(self.fc(o)))  # (b c k, 8)
        out: Tensor = seg.reshape(b, c, k * SEGRNN_SEG).transpose(1, 2) + last
        return out


def segrnn_mae(out: Tensor, y: Tensor) -> Tensor:
    """The absolute error of the 16 horizon steps (mean over the windows, steps and channels)."""
    return (out - y).abs().mean()


def segrnn_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's windows (reduction='sum'; mean over the steps and channels)."""
    return (out - y).pow(2).mean((1, 2)).sum()


def segrnn_at_zero() -> float:
    """The MSE of forecasts of 0: a summed loss's reference level."""
    y = segrnn_windows().y
    return float(y.pow(2).mean())


FINALMLP_CARDS, FINALMLP_K, FINALMLP_HEADS = (9, 12, 7, 10, 8, 6, 11, 5, 9, 7), 8, 4
"""10 categorical fields (their cardinalities), embeddings of 8, 4 heads of the bilinear fusion."""


@lru_cache(maxsize=None)
def finalmlp_rows(n: int = 16000, seed: int = 905, *, n_val: int = 2000, batch_size: int = 64, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic impressions of 10 categorical fields (uniform over their values) whose click's logit is -0.6 + a
    first-order effect per field value (N(0, 0.3^2)) + the dot products of rank-2 factors (N(0, 0.9^2) each, clamped
    to +-3) of the value pairs of fields (0, 5), (1, 3), (2, 8), (4, 6) and (7, 9) + a third-order bump 1.4 for 1 in 8
    of the value triples of fields (0, 2, 4); the click Bernoulli of its sigmoid. x: (rows, 10) the field values
    (float, for the NaN of a missing value); y: (rows,) the click. ``nan_rows``: that share of the training rows has a
    missing (NaN) field value; ``train_rows``: keep only that many rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    fields = torch.stack([torch.randint(c, (total,), generator=g) for c in FINALMLP_CARDS], 1)
    logit = torch.full((total,), -0.6)
    for f, c in enumerate(FINALMLP_CARDS):
        logit = logit + (0.3 * torch.randn(c, generator=g))[fields[:, f]]
    for a, b in ((0, 5), (1, 3), (2, 8), (4, 6), (7, 9)):
        ua = 0.9 * torch.randn(FINALMLP_CARDS[a], 2, generator=g)
        ub = 0.9 * torch.randn(FINALMLP_CARDS[b], 2, generator=g)
        logit = logit + (ua[fields[:, a]] * ub[fields[:, b]]).sum(1).clamp(-3, 3)
    triple = torch.rand(FINALMLP_CARDS[0], FINALMLP_CARDS[2], FINALMLP_CARDS[4], generator=g) < 0.125
    logit = logit + 1.4 * triple[fields[:, 0], fields[:, 2], fields[:, 4]].float()
    y = torch.bernoulli(torch.sigmoid(logit), generator=g)
    x = fields.float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 6] = float("nan")
    data = split(x, y, n, "click-through prediction (a FinalMLP two-stream gated MLP)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class FinalMLP(nn.Module):
    """A FinalMLP-like click model (Mao et al. 2023, tiny): embeddings of 8 for the 10 fields (N(0, 0.1^2)),
    concatenated (80); two MLP streams, each with its own feature gating (a gate network 8 -> 16 -> 80 of a chosen
    field's embedding, field 0 for the first stream and field 1 for the second, 2 sigmoid, weighting the 80 features):
    a ReLU MLP 80 -> 64 -> 32 the first (its last layer ``fc``), 80 -> 32 the second; fused by a 4-head bilinear
    interaction (each stream's 32 outputs split into 4 heads of 8, each head's logit x1 W x2 + w1 x1 + w2 x2) and a
    ``head`` (4 -> 1) summing the heads' logits. Output (rows,). A missing (NaN) field value's NaN reaches its
    embedding. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, k: int = FINALMLP_K) -> None:
        super().__init__()
        f, h = len(FINALMLP_CARDS), FINALMLP_HEADS
        self.register_buffer("offsets", torch.tensor([0, *FINALMLP_CARDS[:-1]]).cumsum(0))
        self.embed = nn.Embedding(sum(FINALMLP_CARDS), k)
        nn.init.normal_(self.embed.weight, std=0.1)
        self.gates = nn.ModuleList(nn.Sequential(nn.Linear(k, 16), nn.ReLU(), nn.Linear(16, f * k)) for _ in range(2))
        self.stream1 = nn.Sequential(nn.Linear(f * k, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.stream2 = nn.Sequential(nn.Linear(f * k, 32), nn.ReLU())
        self.bilinear = nn.Parameter(0.05 * torch.randn(h, 32 // h, 32 // h))
        self.linear1, self.linear2 = nn.Linear(32 // h, 1, bias=False), nn.Linear(32 // h, 1, bias=False)
        self.head = nn.Linear(h, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        e = self.embed(torch.nan_to_num(x).long() + self.offsets) + 0.0 * x[..., None]
        flat = e.flatten(1)
        g1, g2 = (2 * torch.sigmoid(gate(e[:, i])) for i, gate in enumerate(self.gates))
        x1 = F.relu(self.fc(self.stream1(flat * g1))).reshape(len(x), FINALMLP_HEADS, -1)
        x2 = self.stream2(flat * g2).reshape(len(x), FINALMLP_HEADS, -1)
        logits = torch.einsum("bhi,hij,bhj->bh", x1, self.bilinear, x2) + (self.linear1(x1) + self.linear2(x2))[..., 0]
        out: Tensor = self.head(logits)[:, 0]
        return out


def finalmlp_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the click (mean over the rows)."""
    return F.binary_cross_entropy_with_logits(out, y)


def finalmlp_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the click summed over the batch's rows (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


NIG_FEATURES = 6
"""Rows of 6 features; daily returns (in percent) of a normal-inverse-Gaussian law."""


@lru_cache(maxsize=None)
def nig_rows(n: int = 4000, seed: int = 907, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
             train_rows: int | None = None) -> Data:  # fmt: skip
    """Heavy-tailed, skewed returns of a normal-inverse-Gaussian law (``scipy.stats.norminvgauss``) whose parameters
    depend on 6 features N(0, 1) (x5 noise): the location mu = 1.2 + 0.6 x0 + 0.4 sin(2 x1), the scale delta = exp(-0.3
    + 0.3 tanh(x2)), the tail alpha = exp(0.3 + 0.4 tanh(x3)) and the skew beta = 0.6 alpha tanh(x4). x: (rows, 6); y:
    (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that
    many training rows."""
    import numpy as np
    from scipy.stats import norminvgauss

    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, NIG_FEATURES, generator=g)
    mu = 1.2 + 0.6 * x[:, 0] + 0.4 * torch.sin(2 * x[:, 1])
    delta = torch.exp(-0.3 + 0.3 * torch.tanh(x[:, 2]))
    alpha = torch.exp(0.3 + 0.4 * torch.tanh(x[:, 3]))
    beta = 0.6 * alpha * torch.tanh(x[:, 4])
    draws = norminvgauss.rvs((alpha * delta).numpy(), (beta * delta).numpy(), loc=mu.numpy(), scale=delta.numpy(),
                             random_state=np.random.default_rng(seed))  # fmt: skip
    y = torch.as_tensor(draws, dtype=torch.float32)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1] = float("nan")
    data = split(x, y, n, "regression of heavy-tailed returns (an MLP, the NIG negative log-likelihood)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class NigMLP(nn.Module):
    """A ReLU MLP of a normal-inverse-Gaussian regressor: ``body`` 6 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 ->
    32) and a ``head`` (32 -> 4): the location mu, log delta (the scale), log alpha (the tail) and the raw skew
    (beta = 0.95 alpha tanh(raw), |beta| < alpha). Output (rows, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(NIG_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 4)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


class NigLogK1(torch.autograd.Function):
    """log(exp(z) K1(z)), the log of the exponentially scaled modified Bessel function of the second kind of order 1,
    with its gradient 1 - K0(z) / K1(z) - 1 / z (torch's Bessel functions have none)."""

    @staticmethod
    def forward(ctx: Any, z: Tensor) -> Tensor:
        k1 = torch.special.scaled_modified_bessel_k1(z)
        ctx.save_for_backward(z, k1)
        return torch.log(k1)

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> Tensor:
        z, k1 = ctx.saved_tensors
        out: Tensor = grad * (1 - torch.special.scaled_modified_bessel_k0(z) / k1 - 1 / z)
        return out


def nig_terms(out: Tensor, y: Tensor) -> Tensor:
    """The normal-inverse-Gaussian negative log-likelihood of each row's target: -(log alpha + log delta + log K1(alpha
    r) - log(pi r) + delta gamma + beta (y - mu)), r = sqrt(delta^2 + (y - mu)^2), gamma = sqrt(alpha^2 - beta^2),
    with log K1(z) = log(exp(z) K1(z)) - z (the scaled Bessel function, for stability); log delta and log alpha
    clamped to +-6."""
    mu, log_delta, log_alpha, raw = out.unbind(1)
    log_delta, log_alpha = log_delta.clamp(-6, 6), log_alpha.clamp(-6, 6)
    delta, alpha = torch.exp(log_delta), torch.exp(log_alpha)
    beta = 0.95 * alpha * torch.tanh(raw)
    z = y - mu
    r = torch.sqrt(delta**2 + z**2)
    gamma = alpha * torch.sqrt(1 - (0.95 * torch.tanh(raw)) ** 2)
    log_k1 = NigLogK1.apply(alpha * r) - alpha * r
    return -(log_alpha + log_delta + log_k1 - math.log(math.pi) - torch.log(r) + delta * gamma + beta * z)


def nig_nll(out: Tensor, y: Tensor) -> Tensor:
    """The normal-inverse-Gaussian negative log-likelihood, mean over the rows."""
    return nig_terms(out, y).mean()


def nig_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The normal-inverse-Gaussian negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return nig_terms(out, y).sum()


def nig_at_zero() -> float:
    """The normal-inverse-Gaussian negative log-likelihood of raw outputs of 0 (mu = 0, delta = alpha = 1, beta = 0):
    its level at init."""
    y = nig_rows().y
    return float(nig_nll(torch.zeros(len(y), 4), y))
