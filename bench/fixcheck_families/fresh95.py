"""The ninety-seventh fresh half (fresh95, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


GFNET_SIZE, GFNET_CLASSES, GFNET_DIM = 16, 6, 16
"""Grey images of 16 x 16 pixels, 6 classes (a grating's orientation, 3, times its frequency, 2); token maps of
width 16."""


@lru_cache(maxsize=None)
def gfnet_images(n: int = 2400, seed: int = 951, *, n_val: int = 400, batch_size: int = 16, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """A faint grating under noise and distractor blobs on a 16 x 16 grey canvas: a cosine of amplitude U(0.6, 1)
    at one of 3 orientations (0, 60 or 120 degrees, jittered by up to 8 degrees) and one of 2 frequencies (2.5 or 4.5
    cycles across the image), a random phase, plus 2 Gaussian blobs of height N(0, 1) and width 1.5-3 pixels at random
    places and N(0, 0.7^2) noise; the class is orientation + 3 x frequency. 3% of the labels random, held-out ones too.
    x: (images, 1, 16, 16); y: (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel;
    ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, size = n + n_val, GFNET_SIZE
    y = torch.randint(GFNET_CLASSES, (total,), generator=g)
    theta = (y % 3).float() * math.pi / 3 + (torch.rand(total, generator=g) - 0.5) * (16 * math.pi / 180)
    freq = torch.where(y // 3 == 0, torch.tensor(2.5), torch.tensor(4.5)) / size
    phase = 2 * math.pi * torch.rand(total, generator=g)
    amp = 0.6 + 0.4 * torch.rand(total, generator=g)
    coord = torch.arange(size).float()
    rows, cols = coord[:, None], coord[None, :]
    proj = cols[None] * torch.cos(theta)[:, None, None] + rows[None] * torch.sin(theta)[:, None, None]
    x = amp[:, None, None] * torch.cos(2 * math.pi * freq[:, None, None] * proj + phase[:, None, None])
    for _ in range(2):
        centre = size * torch.rand(total, 2, generator=g)
        width = 1.5 + 1.5 * torch.rand(total, generator=g)
        height = torch.randn(total, generator=g)
        d2 = (rows[None] - centre[:, 0, None, None]) ** 2 + (cols[None] - centre[:, 1, None, None]) ** 2
        x = x + height[:, None, None] * torch.exp(-0.5 * d2 / width[:, None, None] ** 2)
    x = (x + 0.7 * torch.randn(total, size, size, generator=g))[:, None]
    y = flip_labels(y, GFNET_CLASSES, 0.03, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 7, 7] = float("nan")
    data = split(x, y, n, "image classification (a GFNet, global filters)", GFNET_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, GFNET_CLASSES,
                    batch_size)  # fmt: skip
    return data


class GfnetFilter(nn.Module):
    """GFNet's global filter layer (Rao et al. 2021): the 2-D real FFT of the token map over its rows and columns,
    times a learned complex filter per frequency and channel (initialised N(0, 0.02^2) as in GFNet, plus 1 on the real
    part so it starts near the identity), back by the inverse FFT."""

    def __init__(self, side: int = GFNET_SIZE // 2, dim: int = GFNET_DIM) -> None:
        super().__init__()
        self.side = side
        weight = 0.02 * torch.randn(side, side // 2 + 1, dim, 2)
        weight[..., 0] += 1.0
        self.weight = nn.Parameter(weight)

    def forward(self, x: Tensor) -> Tensor:
        spec = torch.fft.rfft2(x, dim=(1, 2), norm="ortho")
        spec = spec * torch.view_as_complex(self.weight)
        return torch.fft.irfft2(spec, s=(self.side, self.side), dim=(1, 2), norm="ortho")


class GfnetNet(nn.Module):
    """A GFNet-like classifier: a 2 x 2 conv patch embedding of stride 2 (1 -> 16) to an 8 x 8 token map, one GFNet
    block (LayerNorm, a global filter, a residual; LayerNorm, a GELU channel MLP 16 -> 32 -> 16, a residual), a
    LayerNorm, mean pooling, a ReLU layer ``fc`` (16 -> 32) and a ``head`` to the 6 classes. A missing (NaN) pixel's
    NaN reaches every token through the FFT. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, dim: int = GFNET_DIM) -> None:
        super().__init__()
        self.embed = nn.Conv2d(1, dim, 2, stride=2)
        self.norm1, self.norm2, self.norm = nn.LayerNorm(dim), nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.filter = GfnetFilter(GFNET_SIZE // 2, dim)
        self.mlp = nn.Sequential(nn.Linear(dim, 2 * dim), nn.GELU(), nn.Linear(2 * dim, dim))
        self.fc = nn.Linear(dim, 32)
        self.head = nn.Linear(32, GFNET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.embed(x).permute(0, 2, 3, 1)
        h = h + self.filter(self.norm1(h))
        h = h + self.mlp(self.norm2(h))
        out: Tensor = self.head(F.relu(self.fc(self.norm(h).mean((1, 2)))))
        return out


def gfnet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's images (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


QUARTZNET_STEPS, QUARTZNET_CLASSES, QUARTZNET_PERIODS = 48, 5, (4.0, 5.5, 7.5, 10.0, 14.0)
"""Series of 48 steps, 5 classes: the period (in steps) of the tone burst they hide."""


@lru_cache(maxsize=None)
def quartznet_series(n: int = 2400, seed: int = 953, *, n_val: int = 400, batch_size: int = 16, nan_rows: float = 0.0,
                     train_rows: int | None = None) -> Data:  # fmt: skip
    """Noisy 48-step 'audio' of 2 channels hiding a tone burst: in channel 0 a sinusoid of one of 5 periods (4, 5.5,
    7.5, 10 or 14 steps, jittered by up to 5%), a random phase and amplitude U(0.8, 1.2), under a Hann envelope 20-36
    steps long at a random onset, plus N(0, 0.4^2) noise; channel 1 a slow random walk (a distractor, steps N(0,
    0.1^2)); the class is the period. 5% of the labels random, held-out ones too. x: (series, 48, 2); y: (series,).
    ``nan_rows``: that share of the training series has a missing (NaN) value; ``train_rows``: keep only that many
    training series."""
    g = torch.Generator().manual_seed(seed)
    total, steps = n + n_val, QUARTZNET_STEPS
    y = torch.randint(QUARTZNET_CLASSES, (total,), generator=g)
    period = torch.tensor(QUARTZNET_PERIODS)[y] * (1 + 0.1 * (torch.rand(total, generator=g) - 0.5))
    phase = 2 * math.pi * torch.rand(total, generator=g)
    amp = 0.8 + 0.4 * torch.rand(total, generator=g)
    length = torch.randint(20, 37, (total,), generator=g)
    onset = (torch.rand(total, generator=g) * (steps - length + 1).float()).long()
    t = torch.arange(steps).float()[None, :]
    rel = (t - onset[:, None].float()) / length[:, None].float()
    env = torch.where((rel >= 0) & (rel <= 1), torch.sin(math.pi * rel.clamp(0, 1)) ** 2, torch.zeros(()))
    tone = amp[:, None] * env * torch.sin(2 * math.pi * t / period[:, None] + phase[:, None])
    x0 = tone + 0.4 * torch.randn(total, steps, generator=g)
    x1 = torch.cumsum(0.1 * torch.randn(total, steps, generator=g), 1)
    x = torch.stack([x0, x1], 2)
    y = flip_labels(y, QUARTZNET_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 20, 0] = float("nan")
    data = split(x, y, n, "audio-like series classification (a QuartzNet)", QUARTZNET_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, QUARTZNET_CLASSES,
                    batch_size)  # fmt: skip
    return data


class QuartznetBlock(nn.Module):
    """A QuartzNet block (Kriman et al. 2020): 2 time-channel separable sub-blocks (a depthwise Conv1d of kernel 7, a
    pointwise Conv1d, BatchNorm; ReLU after the first), a residual of a pointwise Conv1d and BatchNorm of the input
    added before the last ReLU."""

    def __init__(self, width: int, kernel: int = 7) -> None:
        super().__init__()
        self.subs = nn.ModuleList(nn.Sequential(nn.Conv1d(width, width, kernel, padding=kernel // 2, groups=width),
                                                nn.Conv1d(width, width, 1), nn.BatchNorm1d(width))
                                  for _ in range(2))  # fmt: skip
        self.skip = nn.Sequential(nn.Conv1d(width, width, 1), nn.BatchNorm1d(width))

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.subs[0](x))
        return F.relu(self.subs[1](h) + self.skip(x))


class QuartznetNet(nn.Module):
    """A QuartzNet-like classifier of 48-step series of 2 channels: a prologue Conv1d (2 -> 24, kernel 5), BatchNorm,
    ReLU; 2 QuartzNet blocks of width 24; an epilogue pointwise Conv1d (24 -> 32), BatchNorm, ReLU; mean pooling over
    time, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 5 classes. A missing (NaN) value's NaN reaches the batch
    statistics. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, width: int = 24) -> None:
        super().__init__()
        self.prologue = nn.Sequential(nn.Conv1d(2, width, 5, padding=2), nn.BatchNorm1d(width), nn.ReLU())
        self.blocks = nn.Sequential(QuartznetBlock(width), QuartznetBlock(width))
        self.epilogue = nn.Sequential(nn.Conv1d(width, 32, 1), nn.BatchNorm1d(32), nn.ReLU())
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, QUARTZNET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.epilogue(self.blocks(self.prologue(x.transpose(1, 2))))
        out: Tensor = self.head(F.relu(self.fc(h.mean(2))))
        return out


def quartznet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's series (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


DNF_FEATURES, DNF_CLASSES = 12, 4
"""Rows of 12 features (10 that the rules read, 2 distractors), 4 classes (two DNF rules, 2 x 2)."""


@lru_cache(maxsize=None)
def dnf_rows(n: int = 3000, seed: int = 955, *, n_val: int = 600, batch_size: int = 64, nan_rows: float = 0.0,
             train_rows: int | None = None) -> Data:  # fmt: skip
    """Tabular rows whose class is 2 x rule A + rule B, two planted formulas in disjunctive normal form over
    thresholded features: A = (x0 > 0.3 and x1 < 0.5) or (x2 > 0 and x3 > 0 and x4 < -0.2) or (x5 > 1); B = (x6 > 0
    and x7 > -0.3) or (x8 < -0.5 and x0 < 0) or (x9 > 0.8 and x2 < 0); the features N(0, 1), seen with N(0, 0.15^2)
    noise, plus 2 distractor features. 4% of the labels random, held-out ones too. x: (rows, 12); y: (rows,).
    ``nan_rows``: that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that many
    training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    z = torch.randn(total, DNF_FEATURES, generator=g)
    a = ((z[:, 0] > 0.3) & (z[:, 1] < 0.5)) | ((z[:, 2] > 0) & (z[:, 3] > 0) & (z[:, 4] < -0.2)) | (z[:, 5] > 1)
    b = ((z[:, 6] > 0) & (z[:, 7] > -0.3)) | ((z[:, 8] < -0.5) & (z[:, 0] < 0)) | ((z[:, 9] > 0.8) & (z[:, 2] < 0))
    y = 2 * a.long() + b.long()
    x = z + 0.15 * torch.randn(total, DNF_FEATURES, generator=g)
    y = flip_labels(y, DNF_CLASSES, 0.04, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3] = float("nan")
    data = split(x, y, n, "tabular classification (Net-DNF)", DNF_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, DNF_CLASSES,
                    batch_size)  # fmt: skip
    return data


class DnfNet(nn.Module):
    """A Net-DNF-like classifier (Katzir et al. 2021): 64 soft literals tanh(W x + b); 32 soft conjunctions, each over a
    fixed random 25% of the literals, tanh(sum_i w_i L_i - (sum_i |w_i| - 1.5)) (a soft AND: high only when every
    chosen literal agrees with its weight's sign); 8 soft DNFs, each an OR of 4 conjunctions, tanh(sum_j c_j + 4 - 1.5);
    then the 8 DNFs and the 64 literals through a ReLU layer ``fc`` (72 -> 32) and a ``head`` to the 4 classes.
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, literals: int = 64, conjunctions: int = 32, dnfs: int = 8) -> None:
        super().__init__()
        self.lit = nn.Linear(DNF_FEATURES, literals)
        self.conj = nn.Parameter(torch.randn(conjunctions, literals) * 0.5)
        g = torch.Generator().manual_seed(9551)
        self.register_buffer("mask", (torch.rand(conjunctions, literals, generator=g) < 0.25).float())
        self.dnfs, self.per = dnfs, conjunctions // dnfs
        self.fc = nn.Linear(dnfs + literals, 32)
        self.head = nn.Linear(32, DNF_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        lit = torch.tanh(self.lit(x))
        w = self.conj * self.mask
        conj = torch.tanh(lit @ w.T - (w.abs().sum(1) - 1.5))
        dnf = torch.tanh(conj.reshape(len(x), self.dnfs, self.per).sum(2) + self.per - 1.5)
        out: Tensor = self.head(F.relu(self.fc(torch.cat([dnf, lit], 1))))
        return out


def dnf_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's rows (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


SHASH_FEATURES = 5
"""Rows of 5 features; targets of a sinh-arcsinh law."""


@lru_cache(maxsize=None)
def shash_rows(n: int = 4000, seed: int = 957, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
               train_rows: int | None = None) -> Data:  # fmt: skip
    """Targets of a sinh-arcsinh (SHASH, Jones & Pewsey 2009) law whose 4 parameters depend on 5 features N(0, 1):
    location mu = sin(x0) + 0.5 x1, scale sigma = exp(0.3 x2 - 0.5), skewness eps = 0.8 tanh(x3), tail weight delta =
    exp(0.4 tanh(x4) - 0.2) (heavy tails below 1); drawn as y = mu + sigma sinh((asinh(z) + eps) / delta), z N(0, 1).
    x: (rows, 5); y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature;
    ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, SHASH_FEATURES, generator=g)
    mu = torch.sin(x[:, 0]) + 0.5 * x[:, 1]
    sigma = torch.exp(0.3 * x[:, 2] - 0.5)
    eps = 0.8 * torch.tanh(x[:, 3])
    delta = torch.exp(0.4 * torch.tanh(x[:, 4]) - 0.2)
    z = torch.randn(total, generator=g)
    y = mu + sigma * torch.sinh((torch.asinh(z) + eps) / delta)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    data = split(x, y, n, "regression of a sinh-arcsinh law (an MLP, its NLL)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class ShashMLP(nn.Module):
    """A ReLU MLP of a sinh-arcsinh regressor: ``body`` 5 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 4): mu, log sigma, eps and log delta. Output (rows, 4). ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(SHASH_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 4)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def shash_terms(out: Tensor, y: Tensor) -> Tensor:
    """The sinh-arcsinh negative log-likelihood of each row: with z = (y - mu) / sigma, w = delta asinh(z) - eps,
    -(log delta - log sigma + log cosh(w) - log(2 pi) / 2 - log(1 + z^2) / 2 - sinh(w)^2 / 2), log cosh(w) as |w| +
    log1p(exp(-2 |w|)) - log 2."""
    mu, log_sigma, eps, log_delta = out[:, 0], out[:, 1], out[:, 2], out[:, 3]
    z = (y - mu) * torch.exp(-log_sigma)
    w = log_delta.exp() * torch.asinh(z) - eps
    log_cosh = w.abs() + torch.log1p(torch.exp(-2 * w.abs())) - math.log(2.0)
    return -(log_delta - log_sigma + log_cosh - 0.5 * math.log(2 * math.pi) - 0.5 * torch.log1p(z**2)
             - 0.5 * torch.sinh(w) ** 2)  # fmt: skip


def shash_nll(out: Tensor, y: Tensor) -> Tensor:
    """The sinh-arcsinh negative log-likelihood, mean over the rows."""
    return shash_terms(out, y).mean()


def shash_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The sinh-arcsinh negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return shash_terms(out, y).sum()


def shash_at_zero() -> float:
    """The sinh-arcsinh negative log-likelihood of raw outputs of 0 (mu = eps = 0, sigma = delta = 1: a standard
    normal): its level at init."""
    y = shash_rows().y
    return float(shash_nll(torch.zeros(len(y), 4), y))
