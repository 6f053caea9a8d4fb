"""The sixty-fifth fresh half (fresh63, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


EFFNET_SIZE, EFFNET_CLASSES = 12, 4
"""12 x 12 grey images of one of 4 shapes (a plus, a cross, a square outline, a filled disc), ln 4 = 1.39 at chance."""


@lru_cache(maxsize=None)
def effnet_images(n: int = 3000, seed: int = 631, *, n_val: int = 500, batch_size: int = 32, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Images of one shape, the class: a plus (0), a diagonal cross (1), a square outline (2) or a filled disc (3), of
    half-size 2.5-4 at a random centre (4-8 in each axis), brightness 0.7-1.2, plus N(0, 0.5^2) noise per pixel, 5%
    random labels (a floor). x: (images, 1, 12, 12); y: (images,). ``nan_rows``: that share of the training images has
    a missing (NaN) pixel; ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, EFFNET_SIZE
    y = torch.randint(EFFNET_CLASSES, (total,), generator=g)
    rows = torch.arange(s).float()[None, :, None]
    cols = torch.arange(s).float()[None, None, :]
    cy = (4 + 4 * torch.rand(total, generator=g))[:, None, None]
    cx = (4 + 4 * torch.rand(total, generator=g))[:, None, None]
    r = (2.5 + 1.5 * torch.rand(total, generator=g))[:, None, None]
    bright = (0.7 + 0.5 * torch.rand(total, generator=g))[:, None, None]
    dy, dx = (rows - cy).abs(), (cols - cx).abs()
    big = torch.maximum(dy, dx)
    plus = ((dy <= 0.6) | (dx <= 0.6)) & (big <= r)
    cross = ((dy - dx).abs() <= 0.7) & (big <= r)
    square = (big >= r - 0.7) & (big <= r + 0.3)
    disc = (dy**2 + dx**2).sqrt() <= 0.8 * r
    k = y[:, None, None]
    px = torch.where(k == 0, plus, torch.where(k == 1, cross, torch.where(k == 2, square, disc)))
    x = (px.float() * bright + 0.5 * torch.randn(total, s, s, generator=g))[:, None].clone()
    y = flip_labels(y, EFFNET_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 7] = float("nan")
    data = split(x, y, n, "classification of noisy shapes (an EfficientNet-like CNN)", EFFNET_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, EFFNET_CLASSES, batch_size)
    return data


class MBConv(nn.Module):
    """EfficientNet's mobile inverted bottleneck (Tan & Le 2019): a 1x1 expansion (x4, BN, SiLU), a depthwise 3x3
    convolution (BN, SiLU, stride 1 or 2), squeeze-and-excitation (global pooling, a SiLU bottleneck of a quarter of the
    input's channels, a sigmoid gate per channel), a 1x1 projection (BN, no activation), added to the input where the
    shapes match."""

    def __init__(self, c_in: int, c_out: int, stride: int = 1, expand: int = 4) -> None:
        super().__init__()
        mid = c_in * expand
        self.expand = nn.Sequential(nn.Conv2d(c_in, mid, 1, bias=False), nn.BatchNorm2d(mid), nn.SiLU())
        self.depthwise = nn.Sequential(nn.Conv2d(mid, mid, 3, stride=stride, padding=1, groups=mid, bias=False),
                                       nn.BatchNorm2d(mid), nn.SiLU())  # fmt: skip
        self.se = nn.Sequential(nn.Linear(mid, max(1, c_in // 4)), nn.SiLU(), nn.Linear(max(1, c_in // 4), mid), nn.Sigmoid())
        self.project = nn.Sequential(nn.Conv2d(mid, c_out, 1, bias=False), nn.BatchNorm2d(c_out))
        self.residual = stride == 1 and c_in == c_out

    def forward(self, x: Tensor) -> Tensor:
        h = self.depthwise(self.expand(x))
        h = h * self.se(h.mean((2, 3)))[:, :, None, None]
        h = self.project(h)
        return x + h if self.residual else h


class EfficientNetSmall(nn.Module):
    """A tiny EfficientNet-like CNN: a stem (3x3 conv 1 -> 16, stride 2: 6x6, BN, SiLU), MBConv blocks 16 -> 16
    (residual), 16 -> 24 (stride 2: 3x3), 24 -> 24 (residual), a 1x1 conv to 48 (BN, SiLU), global average pooling, a ReLU layer ``fc`` (48
    -> 32) and a ``head`` to the 4 classes. Output (images, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, 16, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(16), nn.SiLU())
        self.blocks = nn.Sequential(MBConv(16, 16), MBConv(16, 24, stride=2), MBConv(24, 24))
        self.top = nn.Sequential(nn.Conv2d(24, 48, 1, bias=False), nn.BatchNorm2d(48), nn.SiLU())
        self.fc = nn.Linear(48, 32)
        self.head = nn.Linear(32, EFFNET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.top(self.blocks(self.stem(x))).mean((2, 3))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def effnet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


AUTOFORMER_LOOKBACK, AUTOFORMER_LABEL, AUTOFORMER_HORIZON, AUTOFORMER_KERNEL = 48, 24, 12, 13
"""A lookback of 48 steps, the decoder fed the last 24 of them (the label part) and 12 steps to forecast; the series
decomposition a moving average of 13 steps."""


@lru_cache(maxsize=None)
def autoformer_series(n: int = 3000, seed: int = 633, *, n_val: int = 500, batch_size: int = 32, nan_rows: float = 0.0,
                      train_rows: int | None = None) -> Data:  # fmt: skip
    """Windows of a multi-seasonal series: per window a cycle of period 8 and one of period 24 (random amplitudes
    0.3-1.3 and 0.5-1.5, random phases), a random level N(0, 0.5^2) and linear trend (slope N(0, 1) over the window),
    AR(1) noise (coefficient 0.5, scale 0.25); 60 values, x the first 48, y the next 12, both standardised by the
    training values' std. x: (windows, 48); y: (windows, 12). ``nan_rows``: that share of the training windows has a
    missing (NaN) value; ``train_rows``: keep only that many training windows."""
    g = torch.Generator().manual_seed(seed)
    total, length = n + n_val, AUTOFORMER_LOOKBACK + AUTOFORMER_HORIZON
    t = torch.arange(length).float()[None, :]
    s = (0.3 + torch.rand(total, 1, generator=g)) * torch.sin(2 * math.pi * t / 8 + 2 * math.pi * torch.rand(total, 1, generator=g))
    s = s + (0.5 + torch.rand(total, 1, generator=g)) * torch.sin(2 * math.pi * t / 24 + 2 * math.pi * torch.rand(total, 1, generator=g))
    s = s + 0.5 * torch.randn(total, 1, generator=g) + torch.randn(total, 1, generator=g) * t / AUTOFORMER_LOOKBACK
    eps = 0.25 * torch.randn(total, length, generator=g)
    ar = torch.zeros(total)
    noise = torch.zeros(total, length)
    for k in range(length):
        ar = 0.5 * ar + eps[:, k]
        noise[:, k] = ar
    s = s + noise
    s = s / s[:n].std()
    x, y = s[:, :AUTOFORMER_LOOKBACK].clone(), s[:, AUTOFORMER_LOOKBACK:].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 30] = float("nan")
    data = split(x, y, n, "forecasting of multi-seasonal series (an Autoformer-like encoder-decoder)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class SeriesDecomp(nn.Module):
    """Autoformer's series decomposition: the trend a moving average over time (replicate padding at both ends), the
    seasonal part the rest. Input (batch, time, channels); returns (seasonal, trend)."""

    def __init__(self, kernel: int = AUTOFORMER_KERNEL) -> None:
        super().__init__()
        self.kernel = kernel

    def forward(self, x: Tensor) -> tuple[Tensor, Tensor]:
        pad = (self.kernel - 1) // 2
        padded = torch.cat([x[:, :1].expand(-1, pad, -1), x, x[:, -1:].expand(-1, pad, -1)], 1)
        trend = F.avg_pool1d(padded.transpose(1, 2), self.kernel, stride=1).transpose(1, 2)
        return x - trend, trend


class AutoCorrelation(nn.Module):
    """Autoformer's auto-correlation (Wu et al. 2021): queries, keys and values projected (2 heads); the correlation of
    queries and keys at every lag from the FFT (irfft of Q times the conjugate of K), averaged over heads and channels;
    per series the top ``k`` lags, their correlations softmax-weighted, the values rolled by each lag and summed; an
    output projection. Keys and values longer than the queries are cut to their last steps, shorter ones padded with 0."""

    def __init__(self, d: int, top_k: int = 3) -> None:
        super().__init__()
        self.q, self.k, self.v, self.o = nn.Linear(d, d), nn.Linear(d, d), nn.Linear(d, d), nn.Linear(d, d)
        self.top_k = top_k

    def forward(self, x: Tensor, mem: Tensor) -> Tensor:
        b, length, d = x.shape
        q, k, v = self.q(x), self.k(mem), self.v(mem)
        if k.shape[1] >= length:
            k, v = k[:, -length:], v[:, -length:]
        else:
            k = F.pad(k, (0, 0, 0, length - k.shape[1]))
            v = F.pad(v, (0, 0, 0, length - v.shape[1]))
        corr = torch.fft.irfft(torch.fft.rfft(q, dim=1) * torch.conj(torch.fft.rfft(k, dim=1)), n=length, dim=1).mean(-1)
        weights, lags = corr.topk(self.top_k, 1)  # (b, k)
        w = torch.softmax(weights, -1)
        idx = (torch.arange(length, device=x.device)[None, None, :] + lags[:, :, None]) % length  # (b, k, length)
        rolled = v[:, None].expand(b, self.top_k, length, d).gather(2, idx[..., None].expand(b, self.top_k, length, d))
        out: Tensor = self.o((w[:, :, None, None] * rolled).sum(1))
        return out


class AutoformerNet(nn.Module):
    """A tiny Autoformer-like forecaster of one series: the lookback decomposed (moving average of 13) into a seasonal
    part and a trend; an encoder layer over the lookback (a circular conv embedding 1 -> 24, auto-correlation, series
    decomposition, a GELU MLP 24-48-24, decomposition again); the decoder's input the last 24 steps of the seasonal part
    then 12 zeros, its trend the last 24 of the trend then the lookback's mean; a decoder layer (self auto-correlation,
    decomposition, auto-correlation with the encoder's output, decomposition, the MLP, decomposition), the trends it
    removed projected (24 -> 1) onto the trend; the seasonal output through a ReLU layer ``fc`` (24 -> 32) and a
    ``head`` (32 -> 1), added to the trend; the last 12 steps the forecast. Output (windows, 12). ``dead_bias`` < 0
    starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = 24) -> None:
        super().__init__()
        self.decomp = SeriesDecomp()
        self.embed_enc = nn.Conv1d(1, d, 3, padding=1, padding_mode="circular")
        self.embed_dec = nn.Conv1d(1, d, 3, padding=1, padding_mode="circular")
        self.enc_attn = AutoCorrelation(d)
        self.enc_mlp = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))
        self.dec_self = AutoCorrelation(d)
        self.dec_cross = AutoCorrelation(d)
        self.dec_mlp = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))
        self.trend_proj = nn.Linear(d, 1)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        s = x[..., None]
        seasonal, trend = self.decomp(s)
        lab, hor = AUTOFORMER_LABEL, AUTOFORMER_HORIZON
        dec_seasonal = torch.cat([seasonal[:, -lab:], torch.zeros_like(s[:, :hor])], 1)
        dec_trend = torch.cat([trend[:, -lab:], s.mean(1, keepdim=True).expand(-1, hor, -1)], 1)
        enc = self.embed_enc(s.transpose(1, 2)).transpose(1, 2)
        enc, _ = self.decomp(enc + self.enc_attn(enc, enc))
        enc, _ = self.decomp(enc + self.enc_mlp(enc))
        h = self.embed_dec(dec_seasonal.transpose(1, 2)).transpose(1, 2)
        h, t1 = self.decomp(h + self.dec_self(h, h))
        h, t2 = self.decomp(h + self.dec_cross(h, enc))
        h, t3 = self.decomp(h + self.dec_mlp(h))
        out = dec_trend + self.trend_proj(t1 + t2 + t3) + self.head(F.relu(self.fc(h)))
        return out[:, -hor:, 0]


def autoformer_at_mean() -> float:
    """The MSE of forecasting each training window's lookback mean: near where the untrained forecaster starts."""
    data = autoformer_series()
    return float(F.mse_loss(data.x.mean(1, keepdim=True).expand_as(data.y), data.y))


def autoformer_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's windows (mean over each window's 12 steps)."""
    return F.mse_loss(out, y, reduction="sum") / y.shape[1]


MOCO_DIM, MOCO_LATENT, MOCO_EMBED, MOCO_QUEUE, MOCO_MOMENTUM, MOCO_TEMPERATURE = 32, 12, 16, 1024, 0.99, 0.2
"""Items of 32 features made from 12 latent ones, embedded in 16 dimensions; a queue of 1024 past keys, a key encoder
moved by a momentum of 0.99, InfoNCE at a temperature of 0.2."""


@lru_cache(maxsize=None)
def moco_items(n: int = 6000, seed: int = 635, *, n_val: int = 512, batch_size: int = 64, nan_rows: float = 0.0,
               train_rows: int | None = None) -> Data:  # fmt: skip
    """Items made from a latent vector z (12 dimensions, N(0, 1)) as tanh(z M) with a fixed random M (12 x 32, scaled
    to a std of 2 before the tanh), plus N(0, 0.1^2) noise of their own; the views (noise and masking) are drawn by the
    model. x: (items, 32); y: the item's index (no label). ``nan_rows``: that share of the training items has a missing
    (NaN) feature; ``train_rows``: keep only that many training items."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    z = torch.randn(total, MOCO_LATENT, generator=g)
    x = torch.tanh(z @ torch.randn(MOCO_LATENT, MOCO_DIM, generator=g) * 2 / math.sqrt(MOCO_LATENT))
    x = x + 0.1 * torch.randn(total, MOCO_DIM, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 9] = float("nan")
    data = split(x, torch.arange(total).float(), n, "self-supervised contrastive learning (a MoCo-like encoder with a momentum key encoder and a queue)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


def moco_views(x: Tensor, g: torch.Generator | None = None) -> Tensor:
    """An augmented view of each item: N(0, 0.3^2) noise added and 30% of the features masked to 0."""
    noise = torch.randn(x.shape, generator=g)
    keep = torch.rand(x.shape, generator=g) >= 0.3
    return (x + 0.3 * noise) * keep


class MoCoEncoder(nn.Module):
    """The encoder of MoCo's queries and keys: a ReLU MLP 32-64-64 (``body``), a ReLU layer ``fc`` (64 -> 32), a
    ``head`` (32 -> 16), L2-normalised."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(MOCO_DIM, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, MOCO_EMBED)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        return F.normalize(self.head(F.relu(self.fc(self.body(x)))), dim=-1)


class MoCoNet(nn.Module):
    """A MoCo-like contrastive learner (He et al. 2020): in training, two augmented views of each item (``moco_views``),
    the query the first through the query encoder (trained by gradient), the key the second through a key encoder that
    starts as a copy of it and is moved as its momentum average (0.99) before every forward (not a parameter: no
    gradient, not in the optimizer); the logits the query's similarity to its own key then to the 1024 keys of a queue of
    past batches (at first the keys of random inputs), over the temperature 0.2; the batch's keys then enqueued. Output in
    training (items, 1 + 1024), the positive first. In evaluation both views (drawn from a fixed seed) through the query
    encoder: (items, 2, 16), for the in-batch InfoNCE. ``dead_bias`` < 0 starts the encoders' fc biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.encoder = MoCoEncoder(dead_bias)
        key = MoCoEncoder()
        key.load_state_dict(self.encoder.state_dict())
        for p in key.parameters():
            p.requires_grad_(False)
        self.__dict__["key_encoder"] = key  # not a submodule: its weights are no parameters of the model
        with torch.no_grad():  # the queue starts with the keys of random inputs (N(0, 0.8^2) features)
            self.register_buffer("queue", key(0.8 * torch.randn(MOCO_QUEUE, MOCO_DIM)))
        self.ptr = 0

    def forward(self, x: Tensor) -> Tensor:
        if not self.training:
            g = torch.Generator().manual_seed(0)
            v1, v2 = moco_views(x, g), moco_views(x, g)
            return torch.stack([self.encoder(v1), self.encoder(v2)], 1)
        key: MoCoEncoder = self.__dict__["key_encoder"]
        q = self.encoder(moco_views(x))
        with torch.no_grad():
            for pk, pq in zip(key.parameters(), self.encoder.parameters()):
                pk.mul_(MOCO_MOMENTUM).add_(pq.detach(), alpha=1 - MOCO_MOMENTUM)
            k = key(moco_views(x))
        queue: Tensor = self.queue
        logits = torch.cat([(q * k).sum(-1, keepdim=True), q @ queue.clone().T], 1) / MOCO_TEMPERATURE
        with torch.no_grad():
            idx = (self.ptr + torch.arange(len(k))) % MOCO_QUEUE
            queue[idx] = k
            self.ptr = (self.ptr + len(k)) % MOCO_QUEUE
        return logits


def moco_nce(out: Tensor, y: Tensor) -> Tensor:
    """MoCo's InfoNCE: the cross-entropy of each query's logits (its own key first, then the queue's), mean over the
    batch."""
    return F.cross_entropy(out, torch.zeros(len(out), dtype=torch.long))


def moco_nce_summed(out: Tensor, y: Tensor) -> Tensor:
    """MoCo's InfoNCE summed over the batch's queries (reduction='sum')."""
    return F.cross_entropy(out, torch.zeros(len(out), dtype=torch.long), reduction="sum")


def moco_held_out(out: Tensor, y: Tensor, block: int = 64) -> Tensor:
    """The held-out loss: symmetric InfoNCE of the validation items' two views against in-batch negatives (the other
    items of a block of 64), at the temperature 0.2, averaged over the blocks (ln 64 = 4.16 at chance)."""
    parts = []
    for k in range(0, len(out) - block + 1, block):
        logits = out[k : k + block, 0] @ out[k : k + block, 1].T / MOCO_TEMPERATURE
        target = torch.arange(block)
        parts.append(0.5 * (F.cross_entropy(logits, target) + F.cross_entropy(logits.T, target)))
    return torch.stack(parts).mean()


KUMA_FEATURES, KUMA_EPS = 6, 1e-4
"""Rows of 6 features; targets clamped into [1e-4, 1 - 1e-4]."""


@lru_cache(maxsize=None)
def kuma_rows(n: int = 4000, seed: int = 637, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
              train_rows: int | None = None) -> Data:  # fmt: skip
    """Bounded targets: 6 features N(0, 1); a target in (0, 1) from a Kumaraswamy distribution of shapes a = exp(0.6
    tanh(x0) + 0.3 x1 + 1.4) and b = exp(0.5 sin(2 x2) + 0.3 x3 + 1.6) (inverse CDF of a uniform: (1 - (1 - u)^(1/b))^(1
    /a)); x4 and x5 noise. x: (rows, 6); y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN)
    feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, KUMA_FEATURES, generator=g)
    a = torch.exp(0.6 * torch.tanh(x[:, 0]) + 0.3 * x[:, 1] + 1.4)
    b = torch.exp(0.5 * torch.sin(2 * x[:, 2]) + 0.3 * x[:, 3] + 1.6)
    u = torch.rand(total, generator=g).clamp(1e-6, 1 - 1e-6)
    y = (1 - (1 - u) ** (1 / b)) ** (1 / a)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5] = float("nan")
    data = split(x, y, n, "regression of bounded targets (an MLP, the Kumaraswamy negative log-likelihood)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class KumaMLP(nn.Module):
    """A ReLU MLP of a Kumaraswamy regressor: ``body`` 6 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 2): the raw shapes a and b (through a softplus). Output (rows, 2). ``dead_bias`` < 0 starts fc's
    biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(KUMA_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def kuma_terms(out: Tensor, y: Tensor) -> Tensor:
    """The Kumaraswamy negative log-likelihood of each row, -log a - log b - (a - 1) log y - (b - 1) log(1 - y^a), with
    a = softplus(out[:, 0]) + 1e-3, b = softplus(out[:, 1]) + 1e-3, y clamped into [1e-4, 1 - 1e-4] and log(1 - y^a)
    computed as log(-expm1(a log y)), kept above log 1e-12."""
    a, b = F.softplus(out[:, 0]) + 1e-3, F.softplus(out[:, 1]) + 1e-3
    log_y = y.clamp(KUMA_EPS, 1 - KUMA_EPS).log()
    log_1m = torch.log((-torch.expm1(a * log_y)).clamp(min=1e-12))
    return -a.log() - b.log() - (a - 1) * log_y - (b - 1) * log_1m


def kuma_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Kumaraswamy negative log-likelihood, mean over the rows."""
    return kuma_terms(out, y).mean()


def kuma_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Kumaraswamy negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return kuma_terms(out, y).sum()


def kuma_at_zero() -> float:
    """The Kumaraswamy negative log-likelihood of raw outputs of 0 (a = b = ln 2): its level at init."""
    y = kuma_rows().y
    return float(kuma_nll(torch.zeros(len(y), 2), y))
