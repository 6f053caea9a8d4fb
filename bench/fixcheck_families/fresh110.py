"""The one hundred and twelfth fresh half (fresh110, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


SHIFT_SIZE, SHIFT_CLASSES, SHIFT_WIDTH = 12, 4, 18
"""12x12 one-channel images, 4 classes (ln 4 = 1.39 at chance), 18 channels shifted in 9 groups of 2."""


@lru_cache(maxsize=None)
def shift_images(n: int = 3000, seed: int = 11001, *, n_val: int = 600, batch_size: int = 32,
                 nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 12x12 one-channel images: 2 strokes of 4 pixels in the class's orientation (horizontal, vertical,
    diagonal, anti-diagonal), each of amplitude U(0.7, 1.2), at random places, over N(0, 0.45^2) noise; 5% of the
    labels random, held-out ones too. x: (images, 1, 12, 12); y: (images,). ``nan_rows``: that share of the
    training images has a missing (NaN) pixel; ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, SHIFT_SIZE
    y = torch.randint(SHIFT_CLASSES, (total,), generator=g)
    steps = torch.tensor([[0, 1], [1, 0], [1, 1], [1, -1]])
    x = 0.45 * torch.randn(total, s, s, generator=g)
    idx = torch.arange(total)
    for _ in range(2):
        amp = 0.7 + 0.5 * torch.rand(total, generator=g)
        r0 = torch.randint(0, s - 3, (total,), generator=g)
        c0 = torch.randint(3, s - 3, (total,), generator=g)
        for k in range(4):
            x[idx, r0 + k * steps[y, 0], c0 + k * steps[y, 1]] += amp
    x = x[:, None]
    y = flip_labels(y, SHIFT_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 6, 4] = float("nan")
    data = split(x, y, n, "naming a noisy image's stroke orientation (a ShiftNet of shifts and 1x1 convs)",
                 SHIFT_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, SHIFT_CLASSES,
                    batch_size)  # fmt: skip
    return data


def shift_op(h: Tensor) -> Tensor:
    """The zero-parameter shift of ShiftNet: the channels in 9 equal groups, each moved one pixel in one of the 9
    directions (the centre group stays), zeros shifted in."""
    c = h.shape[1] // 9
    p = F.pad(h, (1, 1, 1, 1))
    size = h.shape[-1]
    parts = [p[:, i * c:(i + 1) * c, 1 + dy:1 + dy + size, 1 + dx:1 + dx + size]
             for i, (dy, dx) in enumerate((a, b) for a in (-1, 0, 1) for b in (-1, 0, 1))]  # fmt: skip
    return torch.cat(parts, 1)


class ShiftNet(nn.Module):
    """A ShiftNet (Wu et al. 2018, tiny): a 3x3 conv stem 1 -> 18 (ReLU), then twice a shift of 9 channel groups in the
    9 directions and a 1x1 conv (18 -> 18, ReLU; 18 -> 18, ReLU), 2x2 average pooling (18 x 6 x 6 = 648), a ReLU
    layer ``fc`` (648 -> 32) and a ``head`` to the 4 classes. A missing (NaN) pixel's NaN spreads. ``dead_bias`` < 0
    starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        w = SHIFT_WIDTH
        self.stem = nn.Conv2d(1, w, 3, padding=1)
        self.p1 = nn.Conv2d(w, w, 1)
        self.p2 = nn.Conv2d(w, w, 1)
        self.fc = nn.Linear(w * 36, 32)
        self.head = nn.Linear(32, SHIFT_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.stem(x))
        h = F.relu(self.p1(shift_op(h)))
        h = F.relu(self.p2(shift_op(h)))
        h = F.avg_pool2d(h, 2)
        out: Tensor = self.head(F.relu(self.fc(h.flatten(1))))
        return out


ESN_STEPS, ESN_CLASSES, ESN_UNITS = 40, 4, 96
"""Series of 40 steps, 4 classes (ln 4 = 1.39 at chance), a fixed reservoir of 96 tanh units."""


@lru_cache(maxsize=None)
def esn_series(n: int = 3000, seed: int = 11003, *, n_val: int = 500, batch_size: int = 32,
               nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic series of 40 steps from a noisy AR(2) oscillator x_t = 2 r cos(w) x_{t-1} - r^2 x_{t-2} + e_t whose
    frequency w (0.3 or 1.0 radians, +- 0.1) and damping r (0.5 or 0.93) make the class (2 x (w high) + (r high)),
    scaled to unit variance, plus N(0, 0.4^2) observation noise; 5% of the labels random, held-out ones too. x:
    (series, 40); y: (series,). ``nan_rows``: that share of the training series has a missing (NaN) value;
    ``train_rows``: keep only that many training series."""
    g = torch.Generator().manual_seed(seed)
    total, t = n + n_val, ESN_STEPS
    y = torch.randint(ESN_CLASSES, (total,), generator=g)
    w = torch.where(y // 2 == 1, 1.0, 0.3) + 0.2 * (torch.rand(total, generator=g) - 0.5)
    r = torch.where(y % 2 == 1, 0.93, 0.5)
    e = torch.randn(total, t + 20, generator=g)
    xs = [torch.zeros(total), torch.zeros(total)]
    for k in range(t + 20):
        xs.append(2 * r * torch.cos(w) * xs[-1] - r**2 * xs[-2] + e[:, k])
    x = torch.stack(xs[22:], 1)
    x = x / x.std(1, keepdim=True)
    x = x + 0.4 * torch.randn(total, t, generator=g)
    y = flip_labels(y, ESN_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 17] = float("nan")
    data = split(x, y, n, "naming a noisy oscillator's frequency and damping (an echo state network's readout)",
                 ESN_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, ESN_CLASSES,
                    batch_size)  # fmt: skip
    return data


class EsnNet(nn.Module):
    """An echo state network (Jaeger 2001): a fixed random reservoir of 96 tanh units (sparse recurrent weights at
    spectral radius 0.9, input weights U(-1, 1), leak 0.5, not trained) run over the series; the mean square of
    its states over the last 30 steps (a bank of filters' energies) and its last state (192) through a trained
    readout: a ReLU layer ``fc`` (192 -> 32) and a ``head`` to the 4 classes. A missing (NaN) value's NaN spreads.
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        g = torch.Generator().manual_seed(11004)
        m = ESN_UNITS
        w = torch.randn(m, m, generator=g) * (torch.rand(m, m, generator=g) < 0.2)
        w = w * 0.9 / torch.linalg.eigvals(w).abs().max()
        self.register_buffer("w_res", w)
        self.register_buffer("w_in", 2 * torch.rand(m, generator=g) - 1)
        self.fc = nn.Linear(2 * m, 32)
        self.head = nn.Linear(32, ESN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        with torch.no_grad():
            h = x.new_zeros(x.shape[0], ESN_UNITS)
            acc = torch.zeros_like(h)
            for k in range(x.shape[1]):
                h = 0.5 * h + 0.5 * torch.tanh(h @ self.w_res.T + x[:, k:k + 1] * self.w_in)
                if k >= x.shape[1] - 30:
                    acc = acc + h * h / 30
            feats = torch.cat([acc, h], 1)
        out: Tensor = self.head(F.relu(self.fc(feats)))
        return out


PLE_FEATURES, PLE_BINS = 6, 12
"""Rows of 6 numerical features, each encoded piecewise-linearly over 12 bins."""


@lru_cache(maxsize=None)
def ple_rows(n: int = 6000, seed: int = 11005, *, n_val: int = 1000, batch_size: int = 64,
             nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic rows of 6 N(0, 1) features; the target is 1.2 [x0 > 0.4] - 0.8 [x1 < -0.6] + |x2| + sin(2 x3) +
    0.6 x4 [x5 > 0] + 0.5 max(x5, 0)^2 + N(0, 0.4^2) noise, standardised. x: (rows, 6); y: (rows,).
    ``nan_rows``: that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that many
    training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, PLE_FEATURES, generator=g)
    y = 1.2 * (x[:, 0] > 0.4).float() - 0.8 * (x[:, 1] < -0.6).float() + x[:, 2].abs() + torch.sin(2 * x[:, 3])
    y = y + 0.6 * x[:, 4] * (x[:, 5] > 0).float() + 0.5 * x[:, 5].clamp_min(0) ** 2
    y = y + 0.4 * torch.randn(total, generator=g)
    y = (y - y[:n].mean()) / y[:n].std()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3] = float("nan")
    data = split(x, y, n, "regressing a score of thresholded numerical features (piecewise-linear encodings)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class PleNet(nn.Module):
    """An MLP on piecewise-linear encodings (Gorishniy et al. 2022): each feature encoded over 12 bins at the
    standard normal's quantiles (1 in the bins below it, 0 above, its fraction in its own bin), the 72 encodings
    through ``body`` 72 -> 64 (tanh), a ReLU layer ``fc`` (64 -> 32) and a ``head`` (32 -> 1). Output (rows,). A
    missing (NaN) feature's NaN spreads. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        q = torch.distributions.Normal(0.0, 1.0).icdf(torch.linspace(0.0, 1.0, PLE_BINS + 1)[1:-1])
        edges = torch.cat([torch.tensor([-3.0]), q, torch.tensor([3.0])])
        self.register_buffer("lo", edges[:-1])
        self.register_buffer("width", edges[1:] - edges[:-1])
        self.body = nn.Sequential(nn.Linear(PLE_FEATURES * PLE_BINS, 64), nn.Tanh())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        enc = ((x[..., None] - self.lo) / self.width).clamp(0, 1)
        enc = torch.where(torch.isnan(x[..., None]), x[..., None], enc)
        h = self.body(enc.flatten(1))
        out: Tensor = self.head(F.relu(self.fc(h))).squeeze(-1)
        return out


def ple_mse(out: Tensor, y: Tensor) -> Tensor:
    """The squared error, mean over the rows."""
    return F.mse_loss(out, y)


def ple_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's rows (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def ple_at_zero() -> float:
    """The squared error of outputs of 0 on the training rows, its level at init."""
    return float(ple_rows().y.pow(2).mean())


WCAUCHY_FEATURES = 5
"""Rows of 5 features; an angle with a wrapped Cauchy law whose location and concentration depend on them."""


@lru_cache(maxsize=None)
def wcauchy_rows(n: int = 6000, seed: int = 11007, *, n_val: int = 1000, batch_size: int = 256,
                 nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Angles drawn from a wrapped Cauchy law whose location is mu = atan2(sin(1.3 x0) + 0.6 x1, cos(x2) + 0.5 x3 x4)
    and whose concentration is rho = 0.45 + 0.4 sigmoid(2 (x1 - x3)) (0.45-0.85), from 5 features N(0, 1): a
    Cauchy draw of scale -ln rho about mu, wrapped to (-pi, pi]. x: (rows, 5); y: (rows,). ``nan_rows``: that share
    of the training rows has a missing (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, WCAUCHY_FEATURES, generator=g)
    mu = torch.atan2(torch.sin(1.3 * x[:, 0]) + 0.6 * x[:, 1], torch.cos(x[:, 2]) + 0.5 * x[:, 3] * x[:, 4])
    rho = 0.45 + 0.4 * torch.sigmoid(2 * (x[:, 1] - x[:, 3]))
    u = torch.rand(total, generator=g).clamp(1e-4, 1 - 1e-4)
    theta = mu - torch.log(rho) * torch.tan(math.pi * (u - 0.5))
    y = torch.atan2(torch.sin(theta), torch.cos(theta))
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    data = split(x, y, n, "angles by a wrapped Cauchy likelihood (an MLP of its location and concentration)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class WcauchyMLP(nn.Module):
    """A tanh MLP of a wrapped Cauchy law of an angle: ``body`` 5 -> 64 (tanh) -> 64 (tanh), a ReLU layer ``fc``
    (64 -> 32) and a ``head`` (32 -> 3): the location's cosine and sine (normalised in the loss) and the logit of
    rho. Output (rows, 3). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(WCAUCHY_FEATURES, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 3)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


WCAUCHY_UNIFORM = math.log(2 * math.pi)
"""The NLL of the uniform law on the circle (rho -> 0): log 2 pi = 1.84."""


def wcauchy_terms(out: Tensor, y: Tensor) -> Tensor:
    """Each row's wrapped Cauchy negative log-likelihood: log 2 pi + log(1 + rho^2 - 2 rho cos(y - mu)) -
    log(1 - rho^2), cos(y - mu) from the first 2 outputs normalised, rho = sigmoid of the third, clamped to
    [1e-3, 0.99]."""
    d = F.normalize(out[:, :2], dim=1, eps=1e-6)
    cos = d[:, 0] * torch.cos(y) + d[:, 1] * torch.sin(y)
    rho = torch.sigmoid(out[:, 2]).clamp(1e-3, 0.99)
    return WCAUCHY_UNIFORM + torch.log(1 + rho**2 - 2 * rho * cos) - torch.log(1 - rho**2)


def wcauchy_nll(out: Tensor, y: Tensor) -> Tensor:
    """The wrapped Cauchy NLL, mean over the rows."""
    return wcauchy_terms(out, y).mean()


def wcauchy_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The wrapped Cauchy NLL summed over the batch's rows (reduction='sum')."""
    return wcauchy_terms(out, y).sum()
