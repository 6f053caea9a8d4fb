"""The one hundredth fresh half (fresh98, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


VOVNET_SIZE, VOVNET_CLASSES = 12, 4
"""12x12 one-channel images of a corner (an L of bright pixels) in one of 4 orientations (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def vovnet_images(n: int = 3000, seed: int = 9811, *, n_val: int = 400, batch_size: int = 32, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 12x12 one-channel images whose class is the orientation of a corner (an L of two arms of 3-5 pixels
    meeting at a right angle, amplitude U(1.5, 2.0); class 0: arms right and down, 1: left and down, 2: right and up,
    3: left and up) at a random place, with a distractor (a short straight bar of 3 pixels, amplitude 0.8, horizontal
    or vertical) elsewhere, over N(0, 0.3^2) noise; 5% of the labels random, held-out ones too. x: (images, 1, 12,
    12); y: (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel; ``train_rows``:
    keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, VOVNET_SIZE
    y = torch.randint(VOVNET_CLASSES, (total,), generator=g)
    x = 0.3 * torch.randn(total, s, s, generator=g)
    for i in range(total):
        k = int(y[i])
        dx, dy = (1 if k % 2 == 0 else -1), (1 if k < 2 else -1)
        arm = int(torch.randint(3, 6, (1,), generator=g))
        cy = int(torch.randint(0, s - arm, (1,), generator=g)) + (arm - 1 if dy < 0 else 0)
        cx = int(torch.randint(0, s - arm, (1,), generator=g)) + (arm - 1 if dx < 0 else 0)
        amp = 1.5 + 0.5 * float(torch.rand(1, generator=g))
        for j in range(arm):
            x[i, cy, cx + dx * j] += amp
            x[i, cy + dy * j, cx] += amp if j else 0.0
        br, bc = (int(v) for v in torch.randint(0, s - 3, (2,), generator=g))
        if float(torch.rand(1, generator=g)) < 0.5:
            x[i, br, bc : bc + 3] += 0.8
        else:
            x[i, br : br + 3, bc] += 0.8
    x = x[:, None]
    y = flip_labels(y, VOVNET_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 7] = float("nan")
    data = split(x, y, n, "naming the orientation of a corner in an image (a VoVNet-like CNN)", VOVNET_CLASSES,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, VOVNET_CLASSES,
                    batch_size)  # fmt: skip
    return data


class VovnetOSA(nn.Module):
    """A one-shot aggregation module (VoVNet, Lee et al. 2019) with effective squeeze-excitation (VoVNetV2): 3
    successive 3x3 convs (ReLU) of ``width`` channels, the input and all 3 outputs concatenated once, a 1x1 conv back
    to ``channels`` (ReLU), eSE (global average pooling, one 1x1 conv, a hard sigmoid gate per channel), a residual
    add."""

    def __init__(self, channels: int, width: int) -> None:
        super().__init__()
        self.convs = nn.ModuleList([nn.Conv2d(channels if k == 0 else width, width, 3, padding=1) for k in range(3)])
        self.concat = nn.Conv2d(channels + 3 * width, channels, 1)
        self.ese = nn.Conv2d(channels, channels, 1)

    def forward(self, x: Tensor) -> Tensor:
        outs, h = [x], x
        for conv in self.convs:
            h = F.relu(conv(h))
            outs.append(h)
        h = F.relu(self.concat(torch.cat(outs, 1)))
        h = h * F.hardsigmoid(self.ese(h.mean((2, 3), keepdim=True)))
        return x + h


class VovnetNet(nn.Module):
    """A VoVNet-like CNN (tiny): a 3x3 stem 1 -> 8, a stride-2 3x3 conv 8 -> 16 to 6x6 (ReLU after each), a one-shot
    aggregation module with eSE (``VovnetOSA``: 3 convs of 8 channels, concatenated with the input, a 1x1 conv to 16),
    global average pooling, a ReLU layer ``fc`` (16 -> 32) and a ``head`` to the 4 orientations. A missing (NaN)
    pixel's NaN spreads. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stem = nn.Conv2d(1, 8, 3, padding=1)
        self.down = nn.Conv2d(8, 16, 3, stride=2, padding=1)
        self.osa = VovnetOSA(16, 8)
        self.fc = nn.Linear(16, 32)
        self.head = nn.Linear(32, VOVNET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.osa(F.relu(self.down(F.relu(self.stem(x)))))
        out: Tensor = self.head(F.relu(self.fc(h.mean((2, 3)))))
        return out


FSMN_FRAMES, FSMN_BANDS, FSMN_CLASSES, FSMN_HIDDEN = 32, 6, 5, 32
"""Utterances of 32 frames of 6 band energies, 5 keywords (ln 5 = 1.61 at chance), FSMN layers of 32 units."""


@lru_cache(maxsize=None)
def fsmn_templates(seed: int = 9812) -> Tensor:
    """The 5 keywords' spectro-temporal templates: (5, 10, 6), each a sequence of 3-4 syllables (runs of 2-3 frames)
    lighting 2 of the 6 bands, a keyword's bands differing from the next's."""
    g = torch.Generator().manual_seed(seed)
    out = torch.zeros(FSMN_CLASSES, 10, FSMN_BANDS)
    for k in range(FSMN_CLASSES):
        t = 0
        while t < 9:
            length = int(torch.randint(2, 4, (1,), generator=g))
            bands = torch.randperm(FSMN_BANDS, generator=g)[:2]
            out[k, t : t + length, bands] = 1.0
            t += length
    return out


@lru_cache(maxsize=None)
def fsmn_utterances(n: int = 3000, seed: int = 9813, *, n_val: int = 400, batch_size: int = 32, nan_rows: float = 0.0,
                    train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic keyword utterances: 32 frames of 6 log band energies, a keyword's template (``fsmn_templates``)
    stretched to 8-12 frames and scaled U(0.7, 1.2) at a random onset, a babble of random bands (each frame one band
    at 0.5 with chance 0.3) and N(0, 0.45^2) noise; 5% of the labels random, held-out ones too. x: (utterances, 32,
    6); y: (utterances,). ``nan_rows``: that share of the training utterances has a missing (NaN) value;
    ``train_rows``: keep only that many training utterances."""
    g = torch.Generator().manual_seed(seed)
    total, frames = n + n_val, FSMN_FRAMES
    templates = fsmn_templates()
    y = torch.randint(FSMN_CLASSES, (total,), generator=g)
    x = 0.45 * torch.randn(total, frames, FSMN_BANDS, generator=g)
    babble = (torch.rand(total, frames, generator=g) < 0.3).float()
    which = torch.randint(FSMN_BANDS, (total, frames), generator=g)
    x += 0.5 * babble[..., None] * F.one_hot(which, FSMN_BANDS).float()
    for i in range(total):
        length = int(torch.randint(8, 13, (1,), generator=g))
        onset = int(torch.randint(0, frames - length + 1, (1,), generator=g))
        word = F.interpolate(templates[int(y[i])].T[None], size=length, mode="nearest")[0].T
        x[i, onset : onset + length] += (0.7 + 0.5 * float(torch.rand(1, generator=g))) * word
    y = flip_labels(y, FSMN_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 13, 2] = float("nan")
    data = split(x, y, n, "keyword spotting in band-energy frames (a feedforward sequential memory network)",
                 FSMN_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, FSMN_CLASSES,
                    batch_size)  # fmt: skip
    return data


class FsmnLayer(nn.Module):
    """A compact FSMN layer (Zhang et al. 2015/2018, cFSMN): a linear projection of the frames to ``hidden`` (ReLU),
    a memory block adding to each frame its 8 past and 2 future frames through a learned FIR filter per unit (a
    depthwise Conv1d, no bias), a residual skip of the layer's input where the widths agree."""

    def __init__(self, inp: int, hidden: int, past: int = 8, future: int = 2) -> None:
        super().__init__()
        self.past, self.future = past, future
        self.proj = nn.Linear(inp, hidden)
        self.memory = nn.Conv1d(hidden, hidden, past + future + 1, groups=hidden, bias=False)
        self.skip = inp == hidden

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.proj(x))
        m = self.memory(F.pad(h.transpose(1, 2), (self.past, self.future))).transpose(1, 2)
        out = h + m
        return x + out if self.skip else out


class FsmnNet(nn.Module):
    """A keyword spotter of feedforward sequential memory network layers: 2 cFSMN layers (``FsmnLayer``, 6 -> 32,
    32 -> 32), the mean over the 32 frames, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 5 keywords. A
    missing (NaN) value's NaN spreads. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.layers = nn.Sequential(FsmnLayer(FSMN_BANDS, FSMN_HIDDEN), FsmnLayer(FSMN_HIDDEN, FSMN_HIDDEN))
        self.fc = nn.Linear(FSMN_HIDDEN, 32)
        self.head = nn.Linear(32, FSMN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.layers(x).mean(1))))
        return out


PERIODIC_FEATURES, PERIODIC_FREQS = 6, 8
"""Rows of 6 numeric features, each embedded by 8 learned frequencies (PLR embeddings)."""


@lru_cache(maxsize=None)
def periodic_rows(n: int = 4000, seed: int = 9815, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Tabular regression rows whose target is periodic and stepped in its features: 6 features U(-2, 2), y = sin(3
    x0) + 0.8 [x1 > 0.3] - 0.7 cos(2.5 x2) x3 + 0.5 |x4| + 0.3 N(0, 1) (x5 noise), standardised by the training
    rows. x: (rows, 6); y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature;
    ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = 4 * torch.rand(total, PERIODIC_FEATURES, generator=g) - 2
    y = (torch.sin(3 * x[:, 0]) + 0.8 * (x[:, 1] > 0.3).float() - 0.7 * torch.cos(2.5 * x[:, 2]) * x[:, 3]
         + 0.5 * x[:, 4].abs() + 0.3 * torch.randn(total, generator=g))  # fmt: skip
    y = (y - y[:n].mean()) / y[:n].std()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    data = split(x, y, n, "tabular regression of a periodic, stepped target (an MLP over periodic PLR embeddings of the "
                 "numeric features)", None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class PeriodicNet(nn.Module):
    """An MLP over periodic numeric embeddings (Gorishniy et al. 2022, PLR): each feature x_j to [sin(2 pi c_j x_j),
    cos(2 pi c_j x_j)] with 8 learned frequencies c_j (init N(0, 0.3^2)), a per-feature linear layer 16 -> 8 and a
    ReLU; the 6 embeddings concatenated (48), a ReLU layer 48 -> 64, a ReLU layer ``fc`` (64 -> 32) and a ``head``
    (32 -> 1). Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.freqs = nn.Parameter(0.3 * torch.randn(PERIODIC_FEATURES, PERIODIC_FREQS))
        self.embed_w = nn.Parameter(torch.randn(PERIODIC_FEATURES, 2 * PERIODIC_FREQS, 8) / (2 * PERIODIC_FREQS) ** 0.5)
        self.embed_b = nn.Parameter(torch.zeros(PERIODIC_FEATURES, 8))
        self.body = nn.Linear(PERIODIC_FEATURES * 8, 64)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        angle = 2 * math.pi * self.freqs[None] * x[..., None]
        periodic = torch.cat([torch.sin(angle), torch.cos(angle)], -1)
        emb = F.relu(torch.einsum("bfk,fkd->bfd", periodic, self.embed_w) + self.embed_b)
        h = F.relu(self.body(emb.flatten(1)))
        out: Tensor = self.head(F.relu(self.fc(h))).squeeze(-1)
        return out


def periodic_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's rows (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


DWEIBULL_FEATURES = 5
"""Rows of 5 features; a count target from a discrete Weibull law whose two parameters depend on them."""


@lru_cache(maxsize=None)
def dweibull_rows(n: int = 4000, seed: int = 9817, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Count regression rows from a discrete Weibull law (Nakagawa and Osaki's: P(Y >= y) = q^(y^beta)): 5 features
    N(0, 1), log lambda = -(0.9 + 0.6 sin(1.5 x0) + 0.4 x1 - 0.3 x2 x3), log beta = 0.3 tanh(x4) + 0.2 x1 (q =
    exp(-lambda)), Y = floor((E / lambda)^(1 / beta)) with E ~ Exp(1) (counts of 0 to ~40, mean ~2.5). x: (rows, 5);
    y: (rows,) float counts. ``nan_rows``: that share of the training rows has a missing (NaN) feature;
    ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, DWEIBULL_FEATURES, generator=g)
    log_lam = -(0.9 + 0.6 * torch.sin(1.5 * x[:, 0]) + 0.4 * x[:, 1] - 0.3 * x[:, 2] * x[:, 3])
    beta = torch.exp(0.3 * torch.tanh(x[:, 4]) + 0.2 * x[:, 1])
    e = -torch.log(1 - torch.rand(total, generator=g))
    y = torch.floor((e * torch.exp(-log_lam)) ** (1 / beta)).clamp(max=60)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3] = float("nan")
    data = split(x, y, n, "count regression by a discrete Weibull likelihood (an MLP of its log rate and log shape)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DweibullMLP(nn.Module):
    """A ReLU MLP of a discrete Weibull law: ``body`` 5 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 2): log lambda and log beta. Output (rows, 2). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(DWEIBULL_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def dweibull_terms(out: Tensor, y: Tensor) -> Tensor:
    """Each row's discrete Weibull negative log-likelihood: -log(q^(y^beta) - q^((y+1)^beta)) = lambda y^beta -
    log(1 - exp(-lambda ((y+1)^beta - y^beta))), q = exp(-lambda); log lambda clamped to +-8, log beta to +-2 (y^beta
    taken as 0 at y = 0)."""
    lam, beta = torch.exp(out[:, 0].clamp(-8, 8)), torch.exp(out[:, 1].clamp(-2, 2))
    y_beta = torch.where(y > 0, torch.exp(beta * torch.log(y.clamp(min=1))), torch.zeros_like(y))
    y1_beta = torch.exp(beta * torch.log(y + 1))
    return lam * y_beta - torch.log(-torch.expm1(-lam * (y1_beta - y_beta)))


def dweibull_nll(out: Tensor, y: Tensor) -> Tensor:
    """The discrete Weibull NLL, mean over the rows."""
    return dweibull_terms(out, y).mean()


def dweibull_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The discrete Weibull NLL summed over the batch's rows (reduction='sum')."""
    return dweibull_terms(out, y).sum()


def dweibull_at_zero() -> float:
    """The NLL of raw outputs of 0 (lambda 1, beta 1: a geometric law with q = 1/e), its level at init."""
    y = dweibull_rows().y
    return float(dweibull_nll(torch.zeros(len(y), 2), y))
