"""The one hundred and fourteenth fresh half (fresh112, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


CHAMFER_POINTS = 24
"""Point clouds of 24 2-D points each."""


@lru_cache(maxsize=None)
def chamfer_clouds(n: int = 3000, seed: int = 11201, *, n_val: int = 500, batch_size: int = 64,
                   nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 2-D point clouds of 24 points on a random outline: an ellipse (axes U(0.5, 1.2) and U(0.2, 1)),
    a triangle's perimeter (vertices on a circle of radius U(0.6, 1.1)) or a segment (half-length U(0.5, 1.2)),
    turned by a random angle and moved by U(-0.3, 0.3) in each coordinate, the points at random places along it.
    The target is the clean cloud; the input the same points jittered by N(0, 0.03^2). x: (clouds, 24, 2); y:
    (clouds, 24, 2). ``nan_rows``: that share of the training clouds has a missing (NaN) coordinate;
    ``train_rows``: keep only that many training clouds."""
    g = torch.Generator().manual_seed(seed)
    total, m = n + n_val, CHAMFER_POINTS
    kind = torch.randint(3, (total,), generator=g)
    u = torch.rand(total, m, generator=g)
    # ellipse
    a = 0.5 + 0.7 * torch.rand(total, 1, generator=g)
    b = 0.2 + 0.8 * torch.rand(total, 1, generator=g)
    t = 2 * math.pi * u
    ell = torch.stack([a * torch.cos(t), b * torch.sin(t)], -1)
    # triangle: three vertices on a circle, points along the perimeter
    r = 0.6 + 0.5 * torch.rand(total, 1, generator=g)
    ang = 2 * math.pi * (torch.arange(3) / 3 + 0.12 * torch.randn(total, 3, generator=g))
    verts = torch.stack([r * torch.cos(ang), r * torch.sin(ang)], -1)
    side = (3 * u).floor().long().clamp(max=2)
    frac = (3 * u - side)[..., None]
    p0 = torch.gather(verts, 1, side[..., None].expand(-1, -1, 2))
    p1 = torch.gather(verts, 1, ((side + 1) % 3)[..., None].expand(-1, -1, 2))
    tri = p0 + frac * (p1 - p0)
    # segment
    h = 0.5 + 0.7 * torch.rand(total, 1, generator=g)
    seg = torch.stack([h * (2 * u - 1), torch.zeros_like(u)], -1)
    pts = torch.where((kind == 0)[:, None, None], ell, torch.where((kind == 1)[:, None, None], tri, seg))
    rot = 2 * math.pi * torch.rand(total, generator=g)
    c, s = torch.cos(rot)[:, None], torch.sin(rot)[:, None]
    pts = torch.stack([c * pts[..., 0] - s * pts[..., 1], s * pts[..., 0] + c * pts[..., 1]], -1)
    y = pts + 0.6 * (torch.rand(total, 1, 2, generator=g) - 0.5)
    x = y + 0.03 * torch.randn(total, m, 2, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5, 0] = float("nan")
    data = split(x, y, n, "autoencoding 2-D point clouds of outlines (a PointNet encoder, Chamfer distance)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class ChamferNet(nn.Module):
    """A point-cloud autoencoder: a PointNet encoder (a shared point MLP 2 -> 32 -> 64, ReLU, max-pooled over the
    points), a ReLU layer ``fc`` (64 -> 64) and a ``head`` (64 -> 48) decoding 24 points. Output (clouds, 24, 2). A
    missing (NaN) coordinate's NaN spreads through the max. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.point = nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 64), nn.ReLU())
        self.fc = nn.Linear(64, 64)
        self.head = nn.Linear(64, 2 * CHAMFER_POINTS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        code = self.point(x).amax(1)
        out: Tensor = self.head(F.relu(self.fc(code))).view(-1, CHAMFER_POINTS, 2)
        return out


def chamfer_terms(out: Tensor, y: Tensor) -> Tensor:
    """Each cloud's Chamfer distance: the mean squared distance of each decoded point to its nearest target point
    plus that of each target point to its nearest decoded point."""
    d = (out[:, :, None, :] - y[:, None, :, :]).pow(2).sum(-1)
    return d.min(2).values.mean(1) + d.min(1).values.mean(1)


def chamfer_mean(out: Tensor, y: Tensor) -> Tensor:
    """The Chamfer distance, mean over the clouds."""
    return chamfer_terms(out, y).mean()


def chamfer_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Chamfer distance summed over the batch's clouds (reduction='sum')."""
    return chamfer_terms(out, y).sum()


def chamfer_at_zero() -> float:
    """The Chamfer distance of all points decoded at the origin on the training clouds, its level near init."""
    y = chamfer_clouds().y
    return float(chamfer_terms(torch.zeros_like(y), y).mean())


CEPSTRAL_SAMPLES, CEPSTRAL_CLASSES = 128, 4
"""Signals of 128 samples, 4 classes (ln 4 = 1.39 at chance)."""
CEPSTRAL_FORMANTS = ((0.06, 0.20), (0.06, 0.33), (0.13, 0.22), (0.13, 0.38))
"""Each class's two formants (resonance frequencies, cycles per sample)."""


@lru_cache(maxsize=None)
def cepstral_signals(n: int = 3000, seed: int = 11203, *, n_val: int = 500, batch_size: int = 32,
                     nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic voiced, vowel-like signals of 128 samples: the harmonics of a random pitch f0 U(0.02, 0.05) cycles
    per sample (below 0.5), random phases, their amplitudes shaped by a source-filter envelope of two formants
    (the class's pair, each +- 0.01) over a floor, scaled to unit variance, plus N(0, 0.3^2) noise; 5% of the
    labels random, held-out ones too. x: (signals, 128); y: (signals,). ``nan_rows``: that share of the training
    signals has a missing (NaN) sample; ``train_rows``: keep only that many training signals."""
    g = torch.Generator().manual_seed(seed)
    total, t = n + n_val, CEPSTRAL_SAMPLES
    y = torch.randint(CEPSTRAL_CLASSES, (total,), generator=g)
    formants = torch.tensor(CEPSTRAL_FORMANTS)[y] + 0.02 * (torch.rand(total, 2, generator=g) - 0.5)
    f0 = 0.02 + 0.03 * torch.rand(total, 1, generator=g)
    k = torch.arange(1, 26, dtype=torch.float32)
    f = f0 * k
    env = (torch.exp(-(((f - formants[:, :1]) / 0.025) ** 2)) + 0.8 * torch.exp(-(((f - formants[:, 1:]) / 0.03) ** 2))
           + 0.05) * (f < 0.5)  # fmt: skip
    phase = 2 * math.pi * torch.rand(total, 25, generator=g)
    ts = torch.arange(t, dtype=torch.float32)
    x = (env[..., None] * torch.sin(2 * math.pi * f[..., None] * ts + phase[..., None])).sum(1)
    x = x / x.std(1, keepdim=True)
    x = x + 0.3 * torch.randn(total, t, generator=g)
    y = flip_labels(y, CEPSTRAL_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 17] = float("nan")
    data = split(x, y, n, "naming a vowel-like signal's formants whatever its pitch (a log spectrum's learned lifter)",
                 CEPSTRAL_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, CEPSTRAL_CLASSES,
                    batch_size)  # fmt: skip
    return data


class CepstralNet(nn.Module):
    """A cepstral classifier: the signal's log power spectrum (log(|rfft|^2 / 128 + 1e-3), 65 bins, fixed), a learned
    lifter ``lifter`` (65 -> 32, tanh: a trained cepstral transform), a ReLU layer ``fc`` (32 -> 32) and a
    ``head`` to the 4 classes. A missing (NaN) sample's NaN spreads through the FFT. ``dead_bias`` < 0 starts fc's
    biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.lifter = nn.Linear(CEPSTRAL_SAMPLES // 2 + 1, 32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, CEPSTRAL_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        spec = torch.log(torch.fft.rfft(x).abs().pow(2) / CEPSTRAL_SAMPLES + 1e-3)
        h = torch.tanh(self.lifter(spec))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


CORN_FEATURES, CORN_CLASSES = 8, 6
"""Rows of 8 features, 6 ordered classes (5 conditional binary tasks)."""


@lru_cache(maxsize=None)
def corn_rows(n: int = 4000, seed: int = 11205, *, n_val: int = 1000, batch_size: int = 64,
              nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic rows of 8 N(0, 1) features and an ordered grade 0-5: a latent score x0 - 0.8 x1 + 0.6 x2 x3 +
    sin(1.5 x4) + 0.5 |x5| plus logistic noise of scale 0.4, cut at its training sixtiles. x: (rows, 8); y: (rows,)
    long. ``nan_rows``: that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that
    many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, CORN_FEATURES, generator=g)
    u = torch.rand(total, generator=g).clamp(1e-6, 1 - 1e-6)
    s = x[:, 0] - 0.8 * x[:, 1] + 0.6 * x[:, 2] * x[:, 3] + torch.sin(1.5 * x[:, 4]) + 0.5 * x[:, 5].abs()
    s = s + 0.4 * torch.log(u / (1 - u))
    cuts = torch.quantile(s[:n], torch.linspace(0, 1, CORN_CLASSES + 1)[1:-1])
    y = torch.bucketize(s, cuts)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 4] = float("nan")
    data = split(x, y, n, "grading rows on an ordered scale of 6 (CORN: conditional binary tasks)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class CornMLP(nn.Module):
    """A CORN ordinal MLP: ``body`` 8 -> 64 (tanh), a ReLU layer ``fc`` (64 -> 32) and a ``head`` (32 -> 5): the
    logit of P(y > k | y > k - 1) for each k of 0-4. Output (rows, 5). ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(CORN_FEATURES, 64), nn.Tanh())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, CORN_CLASSES - 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def corn_terms(out: Tensor, y: Tensor) -> tuple[Tensor, Tensor]:
    """CORN's binary cross-entropies (Shi et al. 2021): task k's logit against [y > k] on the rows with y > k - 1
    (all rows for k = 0); the terms and their mask, (rows, 5) each."""
    k = torch.arange(CORN_CLASSES - 1, device=out.device)
    target = (y[:, None] > k).float()
    mask = (y[:, None] >= k).float()
    return F.binary_cross_entropy_with_logits(out, target, reduction="none") * mask, mask


def corn_loss(out: Tensor, y: Tensor) -> Tensor:
    """The CORN loss: mean over the conditional (row, task) pairs of the batch."""
    terms, mask = corn_terms(out, y)
    return terms.sum() / mask.sum()


def corn_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The CORN loss summed over the batch's conditional (row, task) pairs (reduction='sum')."""
    return corn_terms(out, y)[0].sum()


CORN_CHANCE = math.log(2)
"""The CORN loss of logits of 0: ln 2 per conditional task."""


ONEFACTOR_FEATURES, ONEFACTOR_DIMS = 5, 6
"""Rows of 5 features; a 6-D target with a Gaussian law of diagonal plus rank-one covariance."""


@lru_cache(maxsize=None)
def onefactor_rows(n: int = 5000, seed: int = 11207, *, n_val: int = 1000, batch_size: int = 128,
                   nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic rows: 5 N(0, 1) features and a 6-D target y = mu(x) + f v(x) + sd(x) e with one common factor f and
    e N(0, 1): mu_j = 0.8 sin(x0 + 0.5 j) + 0.3 x1 [j odd], loadings v_j = (0.4 + 0.8 sigmoid(2 x2)) w_j (w: signs
    +-1, magnitudes 0.5-1), noise sds 0.25 + 0.3 sigmoid(x3 - 0.5 j / 5). x: (rows, 5); y: (rows, 6). ``nan_rows``:
    that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that many training
    rows."""
    g = torch.Generator().manual_seed(seed)
    total, m = n + n_val, ONEFACTOR_DIMS
    x = torch.randn(total, ONEFACTOR_FEATURES, generator=g)
    j = torch.arange(m, dtype=torch.float32)
    mu = 0.8 * torch.sin(x[:, :1] + 0.5 * j) + 0.3 * x[:, 1:2] * (j % 2)
    w = torch.tensor([1.0, -0.8, 0.6, 1.0, -0.5, 0.7])
    v = (0.4 + 0.8 * torch.sigmoid(2 * x[:, 2:3])) * w
    sd = 0.25 + 0.3 * torch.sigmoid(x[:, 3:4] - 0.1 * j)
    f = torch.randn(total, 1, generator=g)
    y = mu + f * v + sd * torch.randn(total, m, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0] = float("nan")
    data = split(x, y, n, "a 6-D target by a one-factor Gaussian likelihood (an MLP of its mean, diagonal and loadings)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class OnefactorMLP(nn.Module):
    """A tanh MLP of a 6-D Gaussian with diagonal plus rank-one covariance: ``body`` 5 -> 64 (tanh) -> 64 (tanh), a
    ReLU layer ``fc`` (64 -> 32) and a ``head`` (32 -> 18): the mean, the raw diagonal (softplus + 1e-3) and the
    loadings. Output (rows, 18). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(ONEFACTOR_FEATURES, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 3 * ONEFACTOR_DIMS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def onefactor_terms(out: Tensor, y: Tensor) -> Tensor:
    """Each row's negative log-likelihood under N(mu, D + v v^T), by the matrix determinant lemma and Woodbury's
    identity (no factorisation): 0.5 (r^T D^-1 r - (v^T D^-1 r)^2 / (1 + v^T D^-1 v) + sum log D + log(1 + v^T D^-1
    v) + 6 log 2 pi), r = y - mu."""
    m = ONEFACTOR_DIMS
    mu, d, v = out[:, :m], F.softplus(out[:, m:2 * m]) + 1e-3, out[:, 2 * m:]
    r = y - mu
    a = v / d
    cap = 1 + (a * v).sum(1)
    quad = (r * r / d).sum(1) - (a * r).sum(1).pow(2) / cap
    return 0.5 * (quad + torch.log(d).sum(1) + torch.log(cap) + m * math.log(2 * math.pi))


def onefactor_nll(out: Tensor, y: Tensor) -> Tensor:
    """The one-factor Gaussian NLL, mean over the rows."""
    return onefactor_terms(out, y).mean()


def onefactor_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The one-factor Gaussian NLL summed over the batch's rows (reduction='sum')."""
    return onefactor_terms(out, y).sum()


def onefactor_at_zero() -> float:
    """The NLL of outputs of 0 (mean 0, variances softplus(0) + 1e-3, no loadings) on the training rows, near init."""
    y = onefactor_rows().y
    return float(onefactor_terms(torch.zeros(len(y), 3 * ONEFACTOR_DIMS), y).mean())
