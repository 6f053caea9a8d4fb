"""The ninety-sixth fresh half (fresh94, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


BLURPOOL_SIZE, BLURPOOL_CLASSES = 12, 4
"""12x12 one-channel images of an oriented stripe patch, 4 classes (its orientation; ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def blurpool_images(n: int = 3000, seed: int = 941, *, n_val: int = 400, batch_size: int = 32, nan_rows: float = 0.0,
                    train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 12x12 one-channel images whose class is the orientation of a 5x5 stripe patch (horizontal,
    vertical, diagonal or anti-diagonal stripes of period 2-3, amplitude U(0.6, 1.0)) at a random place, with a
    bright 2x2 distractor elsewhere and N(0, 0.35^2) noise; 5% of the labels random, held-out ones too. x: (images,
    1, 12, 12); y: (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel;
    ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, BLURPOOL_SIZE
    x = 0.35 * torch.randn(total, 1, s, s, generator=g)
    y = torch.randint(BLURPOOL_CLASSES, (total,), generator=g)
    r, c = torch.meshgrid(torch.arange(5.0), torch.arange(5.0), indexing="ij")
    for i in range(total):
        period = 2 + int(torch.randint(2, (1,), generator=g))
        coord = (r, c, r + c, r - c)[int(y[i])]
        patch = torch.cos(math.pi * 2 * coord / period + math.pi * float(torch.rand(1, generator=g)))
        top, col = (int(v) for v in torch.randint(0, s - 4, (2,), generator=g))
        x[i, 0, top : top + 5, col : col + 5] += (0.6 + 0.4 * float(torch.rand(1, generator=g))) * patch
        dtop, dcol = (int(v) for v in torch.randint(0, s - 1, (2,), generator=g))
        x[i, 0, dtop : dtop + 2, dcol : dcol + 2] += 1.0
    y = flip_labels(y, BLURPOOL_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 6, 3] = float("nan")
    data = split(x, y, n, "image classification of a stripe patch's orientation (an anti-aliased CNN)",
                 BLURPOOL_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, BLURPOOL_CLASSES,
                    batch_size)  # fmt: skip
    return data


class BlurpoolDown(nn.Module):
    """Anti-aliased downsampling (Zhang 2019, BlurPool): a fixed depthwise 3x3 binomial blur ([1, 2, 1] outer
    [1, 2, 1] / 16, reflect padding), then subsampling by 2."""

    def __init__(self, channels: int) -> None:
        super().__init__()
        k = torch.tensor([1.0, 2.0, 1.0])
        k = (k[:, None] * k[None, :]) / 16
        self.register_buffer("kernel", k.expand(channels, 1, 3, 3).clone())
        self.channels = channels

    def forward(self, x: Tensor) -> Tensor:
        x = F.pad(x, (1, 1, 1, 1), mode="reflect")
        return F.conv2d(x, self.kernel, stride=2, groups=self.channels)


class BlurpoolNet(nn.Module):
    """An anti-aliased CNN (tiny): a 3x3 convolution 1 -> 12 (ReLU), max-pooling of stride 1 then BlurPool to 6x6
    (MaxBlurPool), a 3x3 convolution 12 -> 16 (ReLU), BlurPool to 3x3, global average pooling, a ReLU layer ``fc``
    (16 -> 32) and a ``head`` to the 4 classes. A missing (NaN) pixel's NaN spreads. ``dead_bias`` < 0 starts fc's
    biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 12, 3, padding=1)
        self.pool1 = BlurpoolDown(12)
        self.conv2 = nn.Conv2d(12, 16, 3, padding=1)
        self.pool2 = BlurpoolDown(16)
        self.fc = nn.Linear(16, 32)
        self.head = nn.Linear(32, BLURPOOL_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.pool1(F.max_pool2d(F.relu(self.conv1(x)), 2, stride=1, padding=1)[..., 1:, 1:])
        h = self.pool2(F.relu(self.conv2(h)))
        out: Tensor = self.head(F.relu(self.fc(h.mean((2, 3)))))
        return out


CORNN_STEPS, CORNN_CLASSES, CORNN_HIDDEN = 24, 4, 24
"""Series of 24 steps of 1 channel, 4 classes (a burst's frequency and half), a coRNN of 24 units."""


@lru_cache(maxsize=None)
def cornn_series(n: int = 3000, seed: int = 943, *, n_val: int = 400, batch_size: int = 32, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Noisy series of 24 steps whose class is a burst's frequency (a slow sine of period 8 or a fast one of period 3,
    8 steps long, amplitude U(0.6, 1.2), random phase) and whether it starts in the first or the second half (class 2
    x (fast) + (late)), over a random level N(0, 0.3^2) and N(0, 0.3^2) noise; 5% of the labels random, held-out ones
    too. x: (series, 24, 1); y: (series,). ``nan_rows``: that share of the training series has a missing (NaN)
    value; ``train_rows``: keep only that many training series."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    y = torch.randint(CORNN_CLASSES, (total,), generator=g)
    x = 0.3 * torch.randn(total, CORNN_STEPS, generator=g) + 0.3 * torch.randn(total, 1, generator=g)
    t = torch.arange(8.0)
    for i in range(total):
        fast, late = int(y[i]) // 2, int(y[i]) % 2
        start = int(torch.randint(0, 5, (1,), generator=g)) + (12 if late else 0)
        amp = 0.6 + 0.6 * float(torch.rand(1, generator=g))
        phase = 2 * math.pi * float(torch.rand(1, generator=g))
        x[i, start : start + 8] += amp * torch.sin(2 * math.pi * t / (3 if fast else 8) + phase)
    y = flip_labels(y, CORNN_CLASSES, 0.05, g)
    x = x[..., None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 10, 0] = float("nan")
    data = split(x, y, n, "series classification by a burst's frequency and place (a coupled oscillatory RNN)",
                 CORNN_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, CORNN_CLASSES,
                    batch_size)  # fmt: skip
    return data


class CornnNet(nn.Module):
    """A coupled oscillatory RNN classifier (Rusch & Mishra 2021, tiny): 24 units of position y and velocity z,
    z <- z + dt (tanh(W y + W_z z + V u + b) - gamma y - eps z), y <- y + dt z (dt 0.3, gamma 1, eps 1, explicit),
    over the 24 steps; the final y through a ReLU layer ``fc`` (24 -> 32) and a ``head`` to the 4 classes. A missing
    (NaN) value's NaN spreads. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, hidden: int = CORNN_HIDDEN, dt: float = 0.3, gamma: float = 1.0,
                 eps: float = 1.0) -> None:  # fmt: skip
        super().__init__()
        self.hidden, self.dt, self.gamma, self.eps = hidden, dt, gamma, eps
        self.cell = nn.Linear(2 * hidden + 1, hidden)
        self.fc = nn.Linear(hidden, 32)
        self.head = nn.Linear(32, CORNN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        b = x.shape[0]
        hy = x.new_zeros(b, self.hidden)
        hz = x.new_zeros(b, self.hidden)
        for step in range(x.shape[1]):
            drive = torch.tanh(self.cell(torch.cat([hy, hz, x[:, step]], 1)))
            hz = hz + self.dt * (drive - self.gamma * hy - self.eps * hz)
            hy = hy + self.dt * hz
        out: Tensor = self.head(F.relu(self.fc(hy)))
        return out


AUTOREC_ITEMS, AUTOREC_RANK = 40, 4
"""Users' ratings of 40 items from a rank-4 taste model; about 45% of them observed."""


@lru_cache(maxsize=None)
def autorec_users(n: int = 4000, seed: int = 945, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Users' ratings of 40 items: rating = 0.8 (u . v) / 2 + an item bias N(0, 0.5^2) + a user bias N(0, 0.3^2) +
    N(0, 0.3^2) noise, u and v rank-4 N(0, 1), clamped to +-2.5 (centred stars); each rating observed with probability
    0.45, 70% of the observed ones given as the input and the other 30% to predict (the same for held-out users).
    x: (users, 80) the given ratings (0 where not given) and their mask; y: (users, 40, 2) the ratings to predict
    and their mask. ``nan_rows``: that share of the training users has a missing (NaN) given rating;
    ``train_rows``: keep only that many training users."""
    g = torch.Generator().manual_seed(seed)
    total, m = n + n_val, AUTOREC_ITEMS
    u = torch.randn(total, AUTOREC_RANK, generator=g)
    v = torch.randn(m, AUTOREC_RANK, generator=g)
    r = 0.4 * u @ v.T + 0.5 * torch.randn(m, generator=g) + 0.3 * torch.randn(total, 1, generator=g)
    r = (r + 0.3 * torch.randn(total, m, generator=g)).clamp(-2.5, 2.5)
    seen = torch.rand(total, m, generator=g) < 0.45
    given = seen & (torch.rand(total, m, generator=g) < 0.7)
    target = seen & ~given
    x = torch.cat([r * given, given.float()], 1)
    y = torch.stack([r * target, target.float()], -1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7] = float("nan")
    data = split(x, y, n, "rating prediction of users' unseen items (an AutoRec)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class AutorecNet(nn.Module):
    """A user-based AutoRec (Sedhain et al. 2015, with its input mask): the given ratings and their mask (80) through
    a sigmoid encoder to 48, a ReLU layer ``fc`` (48 -> 32) and a ``head`` (32 -> 40) decoding every item's rating.
    Output (users, 40). A missing (NaN) rating's NaN spreads. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.encode = nn.Linear(2 * AUTOREC_ITEMS, 48)
        self.fc = nn.Linear(48, 32)
        self.head = nn.Linear(32, AUTOREC_ITEMS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(torch.sigmoid(self.encode(x)))))
        return out


def autorec_row_mse(out: Tensor, y: Tensor) -> Tensor:
    """Each user's squared error over the ratings to predict (its mask), divided by their count."""
    r, mask = y.unbind(-1)
    return ((out - r).pow(2) * mask).sum(1) / mask.sum(1).clamp(min=1)


def autorec_mse(out: Tensor, y: Tensor) -> Tensor:
    """The masked MSE of the ratings to predict (mean over the users)."""
    return autorec_row_mse(out, y).mean()


def autorec_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The masked MSE of the ratings to predict summed over the batch's users (reduction='sum')."""
    return autorec_row_mse(out, y).sum()


def autorec_at_zero() -> float:
    """The masked MSE of predictions of 0 (the centred mean): a summed loss's reference level."""
    y = autorec_users().y
    return float(autorec_mse(torch.zeros(y.shape[:2]), y))


CRPS_FEATURES = 6
"""Rows of 6 features, a heteroscedastic target."""


@lru_cache(maxsize=None)
def crps_rows(n: int = 4000, seed: int = 947, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
              train_rows: int | None = None) -> Data:  # fmt: skip
    """Heteroscedastic regression rows: 6 features N(0, 1) (x5 noise), y = 1.5 sin(1.5 x0) + x1 x2 + 0.5 x3 + noise
    of scale 0.15 + 0.6 sigmoid(2 x4) (a Laplace draw: heavier tails than the Gaussian forecast). x: (rows, 6); y:
    (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only
    that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, CRPS_FEATURES, generator=g)
    scale = 0.15 + 0.6 * torch.sigmoid(2 * x[:, 4])
    u = torch.rand(total, generator=g) - 0.5
    noise = -torch.sign(u) * torch.log1p(-2 * u.abs()) / math.sqrt(2)
    y = 1.5 * torch.sin(1.5 * x[:, 0]) + x[:, 1] * x[:, 2] + 0.5 * x[:, 3] + scale * noise
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1] = float("nan")
    data = split(x, y, n, "probabilistic regression scored by the CRPS (a Gaussian forecast MLP)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class CrpsMLP(nn.Module):
    """A ReLU MLP of a Gaussian forecast: ``body`` 6 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a ``head``
    (32 -> 2): the mean and the log scale. Output (rows, 2). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(CRPS_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def crps_terms(out: Tensor, y: Tensor) -> Tensor:
    """The closed-form continuous ranked probability score of each row's Gaussian forecast N(mu, sigma^2) (sigma =
    exp of the log scale clamped to +-6): sigma (z (2 Phi(z) - 1) + 2 phi(z) - 1 / sqrt(pi)), z = (y - mu) / sigma."""
    mu, sigma = out[:, 0], torch.exp(out[:, 1].clamp(-6, 6))
    z = (y - mu) / sigma
    cdf = 0.5 * (1 + torch.erf(z / math.sqrt(2)))
    pdf = torch.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
    return sigma * (z * (2 * cdf - 1) + 2 * pdf - 1 / math.sqrt(math.pi))


def crps_loss(out: Tensor, y: Tensor) -> Tensor:
    """The Gaussian CRPS, mean over the rows."""
    return crps_terms(out, y).mean()


def crps_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Gaussian CRPS summed over the batch's rows (reduction='sum')."""
    return crps_terms(out, y).sum()


def crps_at_zero() -> float:
    """The CRPS of raw outputs of 0 (N(0, 1) forecasts): its level at init."""
    y = crps_rows().y
    return float(crps_loss(torch.zeros(len(y), 2), y))
