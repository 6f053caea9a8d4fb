"""The forty-fifth fresh half (fresh43, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``xception`` an Xception-like CNN (a stem convolution, depthwise-separable convolutions in an entry block with
a strided 1 x 1 shortcut and a middle block with an identity shortcut, global average pooling) naming a
grating's orientation and period in two-channel 12 x 12 images, cross-entropy over 6;
``indrnn`` an IndRNN (two layers of 32 independently recurrent ReLU units) naming the window of a burst in
noisy two-channel series of 24 steps, cross-entropy over 5;
``nalu`` a neural arithmetic logic unit (gated additive and multiplicative paths) and a ReLU layer
regressing x0 x1 + x2 / x3 - 0.5 x4 of 6 positive features, the squared error (~1 at init);
``tweedie`` a ReLU MLP of the log-mean of zero-inflated claim amounts (compound Poisson-gamma), the Tweedie
deviance with p = 1.5 (~3 at init).
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


XCEPTION_SIZE, XCEPTION_CLASSES = 12, 6
"""Two-channel images of 12 x 12 pixels; 6 classes, a grating's orientation (3) and period (2) (ln 6 = 1.79 at chance)."""


@lru_cache(maxsize=None)
def xception_gratings(n: int = 6000, seed: int = 431, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Grating classification: a sinusoidal grating at one of 3 orientations (0, 60, 120 degrees) and of one of 2 periods
    (3 or 5 pixels), random phase, amplitude 0.4-1.0, in one of 2 channels (at random; the other only noise), plus
    N(0, 0.6^2) noise per pixel; the class is orientation x period; 5% of the labels are random (a floor).
    x: (images, 2, 12, 12); y: (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = XCEPTION_SIZE
    grid = torch.arange(s, dtype=torch.float32)
    y = torch.randint(XCEPTION_CLASSES, (total,), generator=g)
    angle = (y % 3).float() * (math.pi / 3)
    period = torch.where(y // 3 == 0, 3.0, 5.0)
    phase = 2 * math.pi * torch.rand(total, generator=g)
    along = grid[None, :, None] * angle.cos()[:, None, None] + grid[None, None, :] * angle.sin()[:, None, None]
    wave = torch.sin(2 * math.pi * along / period[:, None, None] + phase[:, None, None])
    amp = 0.4 + 0.6 * torch.rand(total, 1, 1, generator=g)
    channel = torch.randint(2, (total,), generator=g)
    x = 0.6 * torch.randn(total, 2, s, s, generator=g)
    x[torch.arange(total), channel] += amp * wave
    y = flip_labels(y, XCEPTION_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 7] = float("nan")
    return split(x, y, n, "grating classification (an Xception-like CNN)", XCEPTION_CLASSES, batch_size)


class XceptionSepConv(nn.Module):
    """A depthwise-separable convolution: a depthwise 3 x 3 convolution (one filter per channel, padding 1) and a
    pointwise 1 x 1 convolution mixing the channels."""

    def __init__(self, cin: int, cout: int) -> None:
        super().__init__()
        self.depthwise = nn.Conv2d(cin, cin, 3, padding=1, groups=cin)
        self.pointwise = nn.Conv2d(cin, cout, 1)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.pointwise(self.depthwise(x))
        return out


class XceptionNet(nn.Module):
    """An Xception-like CNN: a ``stem`` convolution (2 -> 16, 3 x 3, ReLU); an entry block of two separable convolutions
    (16 -> 32, ReLU, 32 -> 32) and a 3 x 3 max-pool of stride 2 beside a strided 1 x 1 ``shortcut``; a middle block of
    ReLU, separable, ReLU, separable (32 -> 32) with an identity shortcut; global average pooling, a ReLU layer ``fc``
    (32 -> 32) and a ``head`` to the 6 classes. Output (images, 6). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stem = nn.Conv2d(2, 16, 3, padding=1)
        self.entry1, self.entry2 = XceptionSepConv(16, 32), XceptionSepConv(32, 32)
        self.shortcut = nn.Conv2d(16, 32, 1, stride=2)
        self.middle1, self.middle2 = XceptionSepConv(32, 32), XceptionSepConv(32, 32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, XCEPTION_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.stem(x))
        h = F.max_pool2d(self.entry2(F.relu(self.entry1(h))), 3, 2, 1) + self.shortcut(h)
        h = h + self.middle2(F.relu(self.middle1(F.relu(h))))
        out: Tensor = self.head(F.relu(self.fc(F.relu(h).mean((2, 3)))))
        return out


def xception_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


INDRNN_STEPS, INDRNN_CLASSES = 24, 5
"""Sequences of 24 steps; 5 classes, the window of a burst (ln 5 = 1.61 at chance)."""


@lru_cache(maxsize=None)
def indrnn_sequences(n: int = 6000, seed: int = 432, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Burst timing of noisy series: channel 0 N(0, 0.5^2) noise plus a burst of 3 steps, height 1-2, starting in one
    of 5 windows of 4 steps (steps 0-3, 4-7, ..., 16-19: the class); channel 1 a random walk of N(0, 0.3^2) steps (a
    distractor); 24 steps; 5% of the labels are random (a floor). x: (rows, 24, 2); y: (rows,). ``nan_rows``: that
    share of the training rows has a missing (NaN) value."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    t = torch.arange(INDRNN_STEPS, dtype=torch.float32)
    y = torch.randint(INDRNN_CLASSES, (total,), generator=g)
    start = 4 * y + torch.randint(4, (total,), generator=g)
    height = 1.0 + torch.rand(total, 1, generator=g)
    burst = ((t[None] >= start[:, None]) & (t[None] < start[:, None] + 3)).float()
    wave = height * burst + 0.5 * torch.randn(total, INDRNN_STEPS, generator=g)
    walk = (0.3 * torch.randn(total, INDRNN_STEPS, generator=g)).cumsum(1)
    x = torch.stack([wave, walk], 2)
    y = flip_labels(y, INDRNN_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 10, 0] = float("nan")
    return split(x, y, n, "burst timing classification of noisy series (an IndRNN)", INDRNN_CLASSES, batch_size)


class IndRNNClassifier(nn.Module):
    """An IndRNN sequence classifier (Li et al. 2018): two layers of 32 independently recurrent ReLU units,
    h_t = relu(W x_t + u * h_{t-1} + b) with a recurrent weight per unit (u uniform in (0, 1) at init), the last state of
    the second layer to a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 5 classes. Output (rows, 5). ``dead_bias``
    < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp1, self.inp2 = nn.Linear(2, 32), nn.Linear(32, 32)
        self.u1 = nn.Parameter(torch.rand(32))
        self.u2 = nn.Parameter(torch.rand(32))
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, INDRNN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        seq = self.inp1(x)
        for u, nxt in ((self.u1, self.inp2), (self.u2, None)):
            h = torch.zeros_like(seq[:, 0])
            states = []
            for t in range(seq.shape[1]):
                h = F.relu(seq[:, t] + u * h)
                states.append(h)
            seq = nxt(torch.stack(states, 1)) if nxt is not None else torch.stack(states, 1)
        out: Tensor = self.head(F.relu(self.fc(seq[:, -1])))
        return out


def indrnn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the windows summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


NALU_FEATURES = 6
"""Rows of 6 positive features."""


@lru_cache(maxsize=None)
def nalu_rows(n: int = 4000, seed: int = 433, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0) -> Data:
    """Arithmetic regression: 6 features uniform in (0.5, 3); the clean target x0 x1 + x2 / x3 - 0.5 x4 (x5 unused),
    standardised, plus N(0, 0.15^2) noise (a floor). x: (rows, 6); y: (rows,). ``nan_rows``: that share of the training
    rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = 0.5 + 2.5 * torch.rand(total, NALU_FEATURES, generator=g)
    clean = x[:, 0] * x[:, 1] + x[:, 2] / x[:, 3] - 0.5 * x[:, 4]
    y = (clean - clean.mean()) / clean.std() + 0.15 * torch.randn(total, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    return split(x, y, n, "arithmetic regression (a neural arithmetic logic unit)", None, batch_size)


class NALULayer(nn.Module):
    """A neural arithmetic logic unit (Trask et al. 2018): W = tanh(W^) * sigmoid(M^); an additive path W x and a
    multiplicative path exp(W ln(|x| + 1e-4)), mixed per output by a learned gate sigmoid(G x)."""

    def __init__(self, cin: int, cout: int) -> None:
        super().__init__()
        self.w_hat = nn.Parameter(torch.randn(cout, cin) * 0.3)
        self.m_hat = nn.Parameter(torch.randn(cout, cin) * 0.3)
        self.gate = nn.Linear(cin, cout)

    def forward(self, x: Tensor) -> Tensor:
        w = torch.tanh(self.w_hat) * torch.sigmoid(self.m_hat)
        g = torch.sigmoid(self.gate(x))
        out: Tensor = g * (x @ w.T) + (1 - g) * torch.exp(torch.log(x.abs() + 1e-4) @ w.T)
        return out


class NALUNet(nn.Module):
    """A NALU regressor: ``nalu`` (6 -> 12), a ReLU layer ``fc`` (12 -> 32) and a ``head`` (32 -> 1). Output (rows,).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.nalu = NALULayer(NALU_FEATURES, 12)
        self.fc = nn.Linear(12, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.nalu(x)))).squeeze(1)
        return out


def nalu_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's rows."""
    return F.mse_loss(out, y, reduction="sum")


def nalu_at_zero() -> float:
    """The squared error of a regressor that predicts 0: its level at init (~1, the target standardised)."""
    return float(F.mse_loss(torch.zeros(len(nalu_rows().y)), nalu_rows().y))


TWEEDIE_FEATURES, TWEEDIE_POWER = 10, 1.5
"""Rows of 10 features; the Tweedie power p = 1.5 (a compound Poisson-gamma)."""


@lru_cache(maxsize=None)
def tweedie_claims(n: int = 4000, seed: int = 434, *, n_val: int = 800, batch_size: int = 64, train_rows: int | None = None,
                   nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Zero-inflated claim amounts: 10 features N(0, 1); the log-mean 1.2 (x0 - 0.7 x1 + 0.6 x2 x3 + 0.7 sin(2 x4)) - 2.2;
    the amount a compound Poisson-gamma (Tweedie, p = 1.5, dispersion 1: a Poisson count of rate 2 sqrt(mu) of
    exponential claims of mean sqrt(mu) / 2), 0 where the count is 0 (about half the rows). x: (rows, 10); y: (rows,). ``train_rows``: keep only
    that many training rows; ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, TWEEDIE_FEATURES, generator=g)
    mu = torch.exp(1.2 * (x[:, 0] - 0.7 * x[:, 1] + 0.6 * x[:, 2] * x[:, 3] + 0.7 * torch.sin(2 * x[:, 4])) - 2.2)
    count = torch.poisson(2 * mu.sqrt(), generator=g)
    y = torch._standard_gamma(count.clamp(min=1), generator=g) * mu.sqrt() / 2 * (count > 0).float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 6] = float("nan")
    data = split(x, y, n, "zero-inflated claim amounts (an MLP, the Tweedie deviance)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class TweedieMLP(nn.Module):
    """A ReLU MLP of the log-mean: ``inp`` (10 -> 64), ``hidden`` (64 -> 64), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 1). Output (rows,): log mu. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(TWEEDIE_FEATURES, 64)
        self.hidden = nn.Linear(64, 64)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.hidden(F.relu(self.inp(x))))
        out: Tensor = self.head(F.relu(self.fc(h))).squeeze(1)
        return out


def tweedie_deviance(out: Tensor, y: Tensor) -> Tensor:
    """The Tweedie unit deviance (p = 1.5) of the log-mean ``out``, mean over the rows: 2 (y^(2-p) / ((1-p)(2-p)) -
    y mu^(1-p) / (1-p) + mu^(2-p) / (2-p)) = 4 y exp(-out / 2) + 4 exp(out / 2) - 8 sqrt(y); 0 where mu = y."""
    return (4 * y * torch.exp(-out / 2) + 4 * torch.exp(out / 2) - 8 * y.sqrt()).mean()


def tweedie_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Tweedie deviance summed over the batch's rows."""
    return (4 * y * torch.exp(-out / 2) + 4 * torch.exp(out / 2) - 8 * y.sqrt()).sum()


def tweedie_at_zero() -> float:
    """The Tweedie deviance of a log-mean of 0 (mu = 1): its level at init."""
    return float(tweedie_deviance(torch.zeros(len(tweedie_claims().y)), tweedie_claims().y))
