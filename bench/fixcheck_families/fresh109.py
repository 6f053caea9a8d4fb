"""The one hundred and eleventh fresh half (fresh109, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


BAGNET_SIZE, BAGNET_CLASSES, BAGNET_WIDTH = 12, 4, 16
"""12x12 one-channel images, 4 classes (ln 4 = 1.39 at chance), 16 channels of 5x5 receptive fields."""


@lru_cache(maxsize=None)
def bagnet_images(n: int = 3000, seed: int = 10901, *, n_val: int = 600, batch_size: int = 32,
                  nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 12x12 one-channel textures: 3 copies of the class's 3x3 motif (a plus, an X, a vertical bar of
    three pixels beside a dot, a corner), each of amplitude U(0.8, 1.3), at random places, over N(0, 0.35^2) noise;
    5% of the labels random, held-out ones too. x: (images, 1, 12, 12); y: (images,). ``nan_rows``: that share of
    the training images has a missing (NaN) pixel; ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, BAGNET_SIZE
    y = torch.randint(BAGNET_CLASSES, (total,), generator=g)
    motifs = torch.tensor([[[0.0, 1, 0], [1, 1, 1], [0, 1, 0]], [[1.0, 0, 1], [0, 1, 0], [1, 0, 1]],
                           [[1.0, 0, 0], [1, 0, 1], [1, 0, 0]], [[1.0, 1, 1], [1, 0, 0], [1, 0, 0]]])  # fmt: skip
    x = 0.35 * torch.randn(total, s, s, generator=g)
    idx = torch.arange(total)
    for _ in range(3):
        amp = 0.8 + 0.5 * torch.rand(total, generator=g)
        r0, c0 = (torch.randint(0, s - 2, (total,), generator=g) for _ in range(2))
        glyph = motifs[y] * amp[:, None, None]
        for dr in range(3):
            for dc in range(3):
                x[idx, r0 + dr, c0 + dc] += glyph[:, dr, dc]
    x = x[:, None]
    y = flip_labels(y, BAGNET_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 7] = float("nan")
    data = split(x, y, n, "naming the 3x3 motif a noisy texture repeats (a BagNet of local class evidence)",
                 BAGNET_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, BAGNET_CLASSES,
                    batch_size)  # fmt: skip
    return data


class BagnetNet(nn.Module):
    """A BagNet (Brendel & Bethge 2019, tiny): 3x3 convs 1 -> 12 (ReLU) and 12 -> 16 (ReLU), so each location sees
    a 5x5 patch; at every location a ReLU layer ``fc`` (16 -> 32) and a ``head`` (32 -> 4) give local class logits
    (the head's bias starting at 0), summed over the 144 locations and divided by 12. A missing (NaN) pixel's NaN
    spreads. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.c1 = nn.Conv2d(1, 12, 3, padding=1)
        self.c2 = nn.Conv2d(12, BAGNET_WIDTH, 3, padding=1)
        self.fc = nn.Linear(BAGNET_WIDTH, 32)
        self.head = nn.Linear(32, BAGNET_CLASSES)
        nn.init.zeros_(self.head.bias)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.c2(F.relu(self.c1(x)))).flatten(2).transpose(1, 2)
        out: Tensor = self.head(F.relu(self.fc(h))).sum(1) / BAGNET_SIZE
        return out


SPECTRO_SAMPLES, SPECTRO_CLASSES, SPECTRO_FFT, SPECTRO_HOP = 256, 4, 32, 16
"""Signals of 256 samples, 4 classes (ln 4 = 1.39 at chance), an STFT of 32-sample Hann frames every 16 samples."""


@lru_cache(maxsize=None)
def spectro_signals(n: int = 3000, seed: int = 10903, *, n_val: int = 400, batch_size: int = 32,
                    nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 256-sample audio clips: a linear chirp of amplitude U(0.6, 1.0) over a random 160-sample window
    whose frequency rises or falls by 0.12 cycles per sample, in the low band (from 0.05-0.17) or the high band
    (0.25-0.37), over N(0, 0.9^2) noise; the class is 2 x (the chirp rises) + (it is in the high band); 5% of the
    labels random, held-out ones too. x: (clips, 256); y: (clips,). ``nan_rows``: that share of the training clips
    has a missing (NaN) sample; ``train_rows``: keep only that many training clips."""
    g = torch.Generator().manual_seed(seed)
    total, t = n + n_val, SPECTRO_SAMPLES
    y = torch.randint(SPECTRO_CLASSES, (total,), generator=g)
    rises = y // 2 == 1
    base = torch.where(y % 2 == 1, 0.25, 0.05) + 0.02 * torch.rand(total, generator=g)
    f0 = torch.where(rises, base, base + 0.12)
    f1 = torch.where(rises, base + 0.12, base)
    start = torch.randint(0, t - 160, (total,), generator=g)
    u = (torch.arange(t)[None] - start[:, None]).float()
    inside = ((u >= 0) & (u < 160)).float()
    uu = u.clamp(0, 159)
    phase = 2 * math.pi * (f0[:, None] * uu + 0.5 * (f1 - f0)[:, None] * uu**2 / 160)
    phase = phase + 2 * math.pi * torch.rand(total, 1, generator=g)
    amp = 0.6 + 0.4 * torch.rand(total, 1, generator=g)
    x = amp * torch.sin(phase) * inside + 0.9 * torch.randn(total, t, generator=g)
    y = flip_labels(y, SPECTRO_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 97] = float("nan")
    data = split(x, y, n, "naming a chirp's direction and band from a log spectrogram (an STFT CNN)",
                 SPECTRO_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, SPECTRO_CLASSES,
                    batch_size)  # fmt: skip
    return data


class SpectroNet(nn.Module):
    """A spectrogram CNN: the fixed STFT (32-sample Hann frames every 16 samples: 17 bins x 17 frames) of the
    clip, log(1 + |.|), 3x3 convs 1 -> 8 (ReLU) and 8 -> 12 (ReLU), 2x2 max pooling (12 x 8 x 8 = 768), a ReLU
    layer ``fc`` (768 -> 32) and a ``head`` to the 4 classes. A missing (NaN) sample's NaN spreads. ``dead_bias``
    < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.register_buffer("window", torch.hann_window(SPECTRO_FFT))
        self.c1 = nn.Conv2d(1, 8, 3, padding=1)
        self.c2 = nn.Conv2d(8, 12, 3, padding=1)
        self.fc = nn.Linear(12 * 8 * 8, 32)
        self.head = nn.Linear(32, SPECTRO_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        spec = torch.stft(x, SPECTRO_FFT, SPECTRO_HOP, window=self.window, return_complex=True).abs()
        h = torch.log1p(spec)[:, None]
        h = F.max_pool2d(F.relu(self.c2(F.relu(self.c1(h)))), 2)
        out: Tensor = self.head(F.relu(self.fc(h.flatten(1))))
        return out


QREMBED_IDS, QREMBED_SPLIT, QREMBED_DIM, QREMBED_DENSE = 900, 30, 8, 3
"""Two categorical fields of 900 ids each (id = 30 q + r), 8-d quotient-remainder embeddings, 3 dense features."""


@lru_cache(maxsize=None)
def qrembed_rows(n: int = 6000, seed: int = 10905, *, n_val: int = 1000, batch_size: int = 64,
                 nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic rows of two categorical ids (900 each, drawn with Zipf-like weights) and 3 dense N(0, 1) features;
    each id's hidden 4-d factor is the product of a factor of its quotient (id // 30) and one of its remainder (id %
    30) plus N(0, 0.2^2); the target is 0.7 x the sum of both ids' factors' entries + 0.5 x their dot product +
    0.8 sin(1.5 d0) + 0.5 d1 d2 + N(0, 0.3^2) noise, standardised. x: (rows, 5) (the two ids as floats, then the
    dense features); y: (rows,).
    ``nan_rows``: that share of the training rows has a missing (NaN) dense feature; ``train_rows``: keep only
    that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total, m, k = n + n_val, QREMBED_IDS, QREMBED_SPLIT
    weights = 1.0 / (torch.arange(m).float() + 10.0) ** 0.6
    factors = []
    for _ in range(2):
        fq, fr = torch.randn(k, 4, generator=g), torch.randn(k, 4, generator=g)
        ids = torch.arange(m)
        factors.append(fq[ids // k] * fr[ids % k] + 0.2 * torch.randn(m, 4, generator=g))
    a = torch.multinomial(weights, total, replacement=True, generator=g)
    b = torch.multinomial(weights, total, replacement=True, generator=g)
    perm_b = torch.randperm(m, generator=g)
    b = perm_b[b]
    d = torch.randn(total, QREMBED_DENSE, generator=g)
    fa, fb = factors[0][a], factors[1][b]
    y = 0.7 * (fa.sum(1) + fb.sum(1)) + 0.5 * (fa * fb).sum(1)
    y = y + 0.8 * torch.sin(1.5 * d[:, 0]) + 0.5 * d[:, 1] * d[:, 2]
    y = y + 0.3 * torch.randn(total, generator=g)
    y = (y - y[:n].mean()) / y[:n].std()
    x = torch.cat([a[:, None].float(), b[:, None].float(), d], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3] = float("nan")
    data = split(x, y, n, "regressing a score of two high-cardinality ids and dense features (QR embeddings)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class QrembedNet(nn.Module):
    """Quotient-remainder compositional embeddings (Shi et al. 2020, tiny): each field's id embedded as the
    elementwise product of an 8-d embedding of id // 30 and one of id % 30 (2 x 30 rows per field instead of 900),
    the two fields' vectors and the 3 dense features (19) through ``body`` 19 -> 64 (tanh), a ReLU layer ``fc``
    (64 -> 32) and a ``head`` (32 -> 1). Output (rows,). A missing (NaN) feature's NaN spreads. ``dead_bias`` < 0
    starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        k, e = QREMBED_SPLIT, QREMBED_DIM
        self.quo = nn.ModuleList(nn.Embedding(QREMBED_IDS // k, e) for _ in range(2))
        self.rem = nn.ModuleList(nn.Embedding(k, e) for _ in range(2))
        self.body = nn.Sequential(nn.Linear(2 * e + QREMBED_DENSE, 64), nn.Tanh())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        ids = x[:, :2].long()
        embs = [self.quo[f](ids[:, f] // QREMBED_SPLIT) * self.rem[f](ids[:, f] % QREMBED_SPLIT) for f in range(2)]
        h = self.body(torch.cat([*embs, x[:, 2:]], 1))
        out: Tensor = self.head(F.relu(self.fc(h))).squeeze(-1)
        return out


def qrembed_mse(out: Tensor, y: Tensor) -> Tensor:
    """The squared error, mean over the rows."""
    return F.mse_loss(out, y)


def qrembed_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's rows (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def qrembed_at_zero() -> float:
    """The squared error of outputs of 0 on the training rows, its level at init."""
    return float(qrembed_rows().y.pow(2).mean())


VMF_FEATURES = 5
"""Rows of 5 features; a unit 3-vector with a von Mises-Fisher law whose mean direction and concentration depend on
them."""


@lru_cache(maxsize=None)
def vmf_rows(n: int = 6000, seed: int = 10907, *, n_val: int = 1000, batch_size: int = 256,
             nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Unit vectors on the sphere S^2 drawn from a von Mises-Fisher law whose mean direction is the normalised
    (sin(1.2 x0) + 0.5 x1, cos(x2), 0.8 x3 x4 + 0.3) and whose concentration is kappa = exp(1.8 + 0.9 tanh(x1 +
    x3)) (2.5-15), from 5 features N(0, 1); drawn by Wood's method (the cosine to the mean, then a uniform
    orthogonal direction). x: (rows, 5); y: (rows, 3). ``nan_rows``: that share of the training rows has a missing
    (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, VMF_FEATURES, generator=g)
    mu = torch.stack([torch.sin(1.2 * x[:, 0]) + 0.5 * x[:, 1], torch.cos(x[:, 2]), 0.8 * x[:, 3] * x[:, 4] + 0.3], 1)
    mu = F.normalize(mu, dim=1)
    kappa = torch.exp(1.8 + 0.9 * torch.tanh(x[:, 1] + x[:, 3]))
    u = torch.rand(total, generator=g)
    w = 1 + torch.log(u + (1 - u) * torch.exp(-2 * kappa)) / kappa
    v = torch.randn(total, 3, generator=g)
    v = F.normalize(v - (v * mu).sum(1, keepdim=True) * mu, dim=1)
    y = w[:, None] * mu + torch.sqrt((1 - w**2).clamp_min(0))[:, None] * v
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    data = split(x, y, n, "directions on the sphere by a von Mises-Fisher likelihood (an MLP of mu and log kappa)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class VmfMLP(nn.Module):
    """A tanh MLP of a von Mises-Fisher law on S^2: ``body`` 5 -> 64 (tanh) -> 64 (tanh), a ReLU layer ``fc``
    (64 -> 32) and a ``head`` (32 -> 4): the mean direction (3, normalised in the loss) and log kappa. Output
    (rows, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(VMF_FEATURES, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 4)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


VMF_UNIFORM = math.log(4 * math.pi)
"""The NLL of the uniform law on the sphere (kappa -> 0): log 4 pi = 2.53."""


def vmf_terms(out: Tensor, y: Tensor) -> Tensor:
    """Each row's von Mises-Fisher negative log-likelihood on S^2: log 4 pi + log sinh kappa - log kappa - kappa mu.y,
    mu the first 3 outputs normalised, log kappa the last clamped to [-4, 5]."""
    mu = F.normalize(out[:, :3], dim=1, eps=1e-6)
    lk = out[:, 3].clamp(-4, 5)
    k = torch.exp(lk)
    log_sinh = k + torch.log(-torch.expm1(-2 * k)) - math.log(2)
    return VMF_UNIFORM + log_sinh - lk - k * (mu * y).sum(1)


def vmf_nll(out: Tensor, y: Tensor) -> Tensor:
    """The von Mises-Fisher NLL, mean over the rows."""
    return vmf_terms(out, y).mean()


def vmf_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The von Mises-Fisher NLL summed over the batch's rows (reduction='sum')."""
    return vmf_terms(out, y).sum()
