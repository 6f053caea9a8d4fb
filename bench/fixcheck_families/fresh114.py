"""The one hundred and sixteenth fresh half (fresh114, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


RADON_SIZE, RADON_ANGLES, RADON_BINS, RADON_CLASSES = 16, 12, 16, 4
"""16x16 images, a sinogram of 12 angles x 16 detector bins, 4 classes (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def radon_matrix() -> Tensor:
    """The fixed discrete Radon transform of a 16x16 image: each pixel centre (on [-1, 1]^2) projected on the
    detector axis of each of 12 angles k pi / 12, binned into 16 bins over [-1.42, 1.42]; (12 x 16, 256), divided by
    4 (a sum of about 16 pixels a bin)."""
    c = (torch.arange(RADON_SIZE, dtype=torch.float32) + 0.5) / (RADON_SIZE / 2) - 1
    yy, xx = torch.meshgrid(c, c, indexing="ij")
    th = torch.arange(RADON_ANGLES, dtype=torch.float32) * math.pi / RADON_ANGLES
    t = xx.reshape(1, -1) * torch.cos(th)[:, None] + yy.reshape(1, -1) * torch.sin(th)[:, None]
    b = ((t + 1.42) / 2.84 * RADON_BINS).floor().long().clamp(0, RADON_BINS - 1)
    p = torch.zeros(RADON_ANGLES, RADON_BINS, RADON_SIZE * RADON_SIZE)
    p.scatter_(1, b[:, None, :], 1.0)
    return p.reshape(RADON_ANGLES * RADON_BINS, -1) / 4


def radon_bar(px: Tensor, py: Tensor, cx: Tensor, cy: Tensor, phi: Tensor, half: Tensor) -> Tensor:
    """A soft bar of width ~0.08 centred at (cx, cy), turned by phi, half-length ``half``; (images, 16, 16)."""
    dx, dy = torch.cos(phi)[:, None, None], torch.sin(phi)[:, None, None]
    rx, ry = px - cx[:, None, None], py - cy[:, None, None]
    u = (rx * dx + ry * dy).clamp(-half[:, None, None], half[:, None, None])
    d2 = (rx - u * dx) ** 2 + (ry - u * dy) ** 2
    return torch.exp(-d2 / (2 * 0.08**2))


@lru_cache(maxsize=None)
def radon_images(n: int = 3000, seed: int = 11401, *, n_val: int = 600, batch_size: int = 32,
                 nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 16x16 line drawings at a random angle and place (centre U(-0.3, 0.3)^2, half-length U(0.45, 0.75)):
    one bar (class 0), two parallel bars 0.5 apart (1), two bars crossing at a right angle (2) or at 45 degrees (3),
    the brighter of the strokes, plus N(0, 0.3^2) pixel noise; 5% of the labels random, held-out ones too. x:
    (images, 16, 16); y: (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel;
    ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    c = (torch.arange(RADON_SIZE, dtype=torch.float32) + 0.5) / (RADON_SIZE / 2) - 1
    py, px = torch.meshgrid(c, c, indexing="ij")
    y = torch.randint(RADON_CLASSES, (total,), generator=g)
    cx, cy = 0.6 * (torch.rand(total, generator=g) - 0.5), 0.6 * (torch.rand(total, generator=g) - 0.5)
    phi = math.pi * torch.rand(total, generator=g)
    half = 0.45 + 0.3 * torch.rand(total, generator=g)
    half2 = 0.45 + 0.3 * torch.rand(total, generator=g)
    first = radon_bar(px, py, cx, cy, phi, half)
    off = torch.where(y == 1, 0.25, 0.0)
    nx, ny = -torch.sin(phi), torch.cos(phi)
    turn = torch.where(y == 2, math.pi / 2, torch.where(y == 3, math.pi / 4, 0.0))
    second = radon_bar(px, py, cx + off * nx, cy + off * ny, phi + turn, half2)
    one = torch.where(y == 1, 1.0, 0.0)[:, None, None]
    first = radon_bar(px, py, cx - off * nx, cy - off * ny, phi, half) * one + first * (1 - one)
    x = torch.where((y == 0)[:, None, None], first, torch.maximum(first, second))
    x = x + 0.3 * torch.randn(total, RADON_SIZE, RADON_SIZE, generator=g)
    y = flip_labels(y, RADON_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7, 9] = float("nan")
    data = split(x, y, n, "naming the line drawing of a noisy image from its Radon transform (a sinogram CNN)",
                 RADON_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, RADON_CLASSES,
                    batch_size)  # fmt: skip
    return data


class RadonNet(nn.Module):
    """A sinogram classifier: the image's fixed Radon transform (12 angles x 16 bins), a convolution ``conv`` (1 -> 8
    channels, 3x5, circular over the angles, ReLU), a max over the angles (invariance to turning), a ReLU layer
    ``fc`` (128 -> 32) and a ``head`` to the 4 classes. A missing (NaN) pixel's NaN spreads through the projections.
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.register_buffer("proj", radon_matrix().clone())
        self.conv = nn.Conv2d(1, 8, (3, 5), padding=(1, 2), padding_mode="circular")
        self.fc = nn.Linear(8 * RADON_BINS, 32)
        self.head = nn.Linear(32, RADON_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        sino = (x.reshape(len(x), -1) @ self.proj.T).view(-1, 1, RADON_ANGLES, RADON_BINS)
        h = F.relu(self.conv(sino)).amax(2).flatten(1)
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


DYNFIR_SAMPLES, DYNFIR_TAPS = 64, 15
"""Signals of 64 samples; a predicted FIR filter of 15 taps."""


@lru_cache(maxsize=None)
def dynfir_signals(n: int = 3000, seed: int = 11403, *, n_val: int = 600, batch_size: int = 32,
                   nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic noisy signals of 64 samples: a clean signal of 5 sinusoids of random phases and amplitudes, their
    frequencies U(0, fc) below a cutoff fc U(0.02, 0.2) cycles per sample drawn per signal, scaled to unit variance,
    plus white noise of a per-signal sd U(0.3, 1.2). x: the noisy signal (signals, 64); y: the clean one (signals,
    64). ``nan_rows``: that share of the training signals has a missing (NaN) sample; ``train_rows``: keep only that
    many training signals."""
    g = torch.Generator().manual_seed(seed)
    total, t = n + n_val, DYNFIR_SAMPLES
    fc = 0.02 + 0.18 * torch.rand(total, 1, generator=g)
    f = fc * torch.rand(total, 5, generator=g)
    amp = 0.3 + torch.rand(total, 5, generator=g)
    phase = 2 * math.pi * torch.rand(total, 5, generator=g)
    ts = torch.arange(t, dtype=torch.float32)
    y = (amp[..., None] * torch.sin(2 * math.pi * f[..., None] * ts + phase[..., None])).sum(1)
    y = (y - y.mean(1, keepdim=True)) / y.std(1, keepdim=True)
    sd = 0.3 + 0.9 * torch.rand(total, 1, generator=g)
    x = y + sd * torch.randn(total, t, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 21] = float("nan")
    data = split(x, y, n, "denoising signals by a per-signal FIR filter predicted from the signal (a dynamic filter)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DynfirNet(nn.Module):
    """A dynamic-filter denoiser: an ``encoder`` (Conv1d 1 -> 16, kernel 7, ReLU, Conv1d 16 -> 16, kernel 7, stride 2,
    ReLU, mean over time) of the noisy signal, a ReLU layer ``fc`` (16 -> 32) and a ``head`` (32 -> 15) giving the
    taps of an FIR filter that is then run over the (reflect-padded) noisy signal. Output (signals, 64). A missing
    (NaN) sample's NaN spreads through the mean. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.encoder = nn.Sequential(nn.Conv1d(1, 16, 7, padding=3), nn.ReLU(), nn.Conv1d(16, 16, 7, stride=2),
                                     nn.ReLU())  # fmt: skip
        self.fc = nn.Linear(16, 32)
        self.head = nn.Linear(32, DYNFIR_TAPS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        code = self.encoder(x[:, None, :]).mean(2)
        taps = self.head(F.relu(self.fc(code)))
        k = DYNFIR_TAPS // 2
        win = F.pad(x[:, None, :], (k, k), mode="reflect")[:, 0].unfold(1, DYNFIR_TAPS, 1)
        out: Tensor = (win * taps[:, None, :]).sum(-1)
        return out


def dynfir_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's samples (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


DYNFIR_AT_ZERO = 1.0
"""The MSE of an output of 0: the clean signals' unit variance."""


ANFIS_FEATURES, ANFIS_SETS = 4, 3
"""Rows of 4 features, 3 fuzzy sets a feature: 81 rules."""


@lru_cache(maxsize=None)
def anfis_rows(n: int = 4000, seed: int = 11405, *, n_val: int = 1000, batch_size: int = 64,
               nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic rows of 4 U(-2, 2) features and a smooth target x0 x1 / 2 + sin(1.5 x2) + 0.3 x3^2 - 0.4 + 0.5 x3
    [x0 > 0], plus N(0, 0.15^2) noise. x: (rows, 4); y: (rows, 1). ``nan_rows``: that share of the training rows has
    a missing (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = 4 * torch.rand(total, ANFIS_FEATURES, generator=g) - 2
    y = (x[:, 0] * x[:, 1] / 2 + torch.sin(1.5 * x[:, 2]) + 0.3 * x[:, 3] ** 2 - 0.4 + 0.5 * x[:, 3] * (x[:, 0] > 0)
         + 0.15 * torch.randn(total, generator=g))  # fmt: skip
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    data = split(x, y[:, None], n, "regressing a smooth function by fuzzy if-then rules (a neuro-fuzzy TSK system)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class AnfisNet(nn.Module):
    """An ANFIS-like neuro-fuzzy system: 3 Gaussian membership functions a feature (learned centres, from -1.5, 0
    and 1.5, and log-widths, from log 0.9), the 81 rules' firing strengths as products of one membership a feature,
    normalised (a softmax of their log), and Takagi-Sugeno consequents computed by a ReLU layer ``fc`` (4 -> 32) and
    a ``head`` (32 -> 81): the output is the firing-weighted sum of the rules' consequents. Output (rows, 1). A
    missing (NaN) feature's NaN spreads through every rule. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        rules = ANFIS_SETS**ANFIS_FEATURES
        self.centres = nn.Parameter(torch.linspace(-1.5, 1.5, ANFIS_SETS).repeat(ANFIS_FEATURES, 1))
        self.log_widths = nn.Parameter(torch.full((ANFIS_FEATURES, ANFIS_SETS), math.log(0.9)))
        idx = torch.cartesian_prod(*[torch.arange(ANFIS_SETS)] * ANFIS_FEATURES)
        self.register_buffer("rule_sets", idx)
        self.fc = nn.Linear(ANFIS_FEATURES, 32)
        self.head = nn.Linear(32, rules)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        logmu = -0.5 * ((x[:, :, None] - self.centres) / self.log_widths.exp()) ** 2  # (rows, 4, 3)
        feats = torch.arange(ANFIS_FEATURES, device=x.device)
        logw = logmu[:, feats, self.rule_sets].sum(-1)  # (rows, 81)
        cons = self.head(F.relu(self.fc(x)))
        out: Tensor = (torch.softmax(logw, 1) * cons).sum(1, keepdim=True)
        return out


def anfis_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's rows (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def anfis_at_zero() -> float:
    """The MSE of an output of 0 on the training rows, near the loss at init."""
    return float(anfis_rows().y.pow(2).mean())


EMD_FEATURES, EMD_BINS = 6, 16
"""Rows of 6 features; a distribution of votes over 16 ordered score bins."""


@lru_cache(maxsize=None)
def emd_rows(n: int = 4000, seed: int = 11407, *, n_val: int = 1000, batch_size: int = 64,
             nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic rows of 6 N(0, 1) features and the histogram of 40 voters' scores over 16 ordered bins (a NIMA-like
    rating distribution): the voters draw from a discretised Gaussian of mean 7.5 + 4 tanh(x0 + 0.5 x1 x2) + 1.5
    sin(x3) and sd 0.8 + 2 sigmoid(x4), mixed with a second bump at 15 - mean of weight 0.4 sigmoid(2 x5). x: (rows,
    6); y: (rows, 16), the voters' shares. ``nan_rows``: that share of the training rows has a missing (NaN) feature;
    ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, EMD_FEATURES, generator=g)
    mean = 7.5 + 4 * torch.tanh(x[:, :1] + 0.5 * x[:, 1:2] * x[:, 2:3]) + 1.5 * torch.sin(x[:, 3:4])
    sd = 0.8 + 2 * torch.sigmoid(x[:, 4:5])
    k = torch.arange(EMD_BINS, dtype=torch.float32)
    p = torch.exp(-0.5 * ((k - mean) / sd) ** 2)
    q = torch.exp(-0.5 * ((k - (15 - mean)) / sd) ** 2)
    w = 0.4 * torch.sigmoid(2 * x[:, 5:6])
    p = (1 - w) * p / p.sum(1, keepdim=True) + w * q / q.sum(1, keepdim=True)
    votes = torch.multinomial(p, 40, replacement=True, generator=g)
    y = F.one_hot(votes, EMD_BINS).float().mean(1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1] = float("nan")
    data = split(x, y, n, "predicting a distribution of votes over 16 ordered scores (NIMA's earth mover's distance)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class EmdMLP(nn.Module):
    """A score-distribution MLP: ``body`` 6 -> 64 (tanh), a ReLU layer ``fc`` (64 -> 32) and a ``head`` (32 -> 16):
    the logits of the 16 ordered bins. Output (rows, 16). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(EMD_FEATURES, 64), nn.Tanh())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, EMD_BINS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def emd_terms(out: Tensor, y: Tensor) -> Tensor:
    """Each row's earth mover's distance with r = 2 (Hou et al., NIMA): the root mean square over the bins of the
    difference of the predicted (softmax) and the target cumulative distributions."""
    d = torch.cumsum(torch.softmax(out, 1), 1) - torch.cumsum(y, 1)
    return torch.sqrt(d.pow(2).mean(1) + 1e-8)


def emd_loss(out: Tensor, y: Tensor) -> Tensor:
    """The EMD, mean over the rows."""
    return emd_terms(out, y).mean()


def emd_summed(out: Tensor, y: Tensor) -> Tensor:
    """The EMD summed over the batch's rows (reduction='sum')."""
    return emd_terms(out, y).sum()


def emd_at_zero() -> float:
    """The EMD of uniform predictions (logits of 0) on the training rows, near the loss at init."""
    y = emd_rows().y
    return float(emd_terms(torch.zeros_like(y), y).mean())
