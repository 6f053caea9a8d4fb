"""The one hundred and seventh fresh half (fresh105, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


GABOR_SIZE, GABOR_CLASSES, GABOR_FILTERS, GABOR_KERNEL = 12, 4, 8, 7
"""12x12 one-channel images of gratings of 4 spatial periods (ln 4 = 1.39 at chance), 8 learned 7x7 Gabor filters."""
GABOR_PERIODS = (2.2, 3.2, 4.8, 7.5)
"""The grating period (in pixels) of each class."""


@lru_cache(maxsize=None)
def gabor_images(n: int = 3000, seed: int = 10521, *, n_val: int = 600, batch_size: int = 32,
                 nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 12x12 one-channel images whose class is the spatial period (2.2, 3.2, 4.8 or 7.5 pixels) of a
    sinusoidal grating at a random orientation and phase, amplitude U(0.6, 1.2), under a Gaussian window (sigma 3.5)
    centred at a random place, with a bright 2x2 distractor blob, over N(0, 0.5^2) noise; 5% of the labels random,
    held-out ones too. x: (images, 1, 12, 12); y: (images,). ``nan_rows``: that share of the training images has a
    missing (NaN) pixel; ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, GABOR_SIZE
    y = torch.randint(GABOR_CLASSES, (total,), generator=g)
    period = torch.tensor(GABOR_PERIODS)[y] * (1 + 0.06 * torch.randn(total, generator=g))
    theta = math.pi * torch.rand(total, generator=g)
    phase = 2 * math.pi * torch.rand(total, generator=g)
    amp = 0.6 + 0.6 * torch.rand(total, generator=g)
    cr, cc = (3 + 6 * torch.rand(total, generator=g) for _ in range(2))
    r = torch.arange(s).float().view(1, s, 1)
    c = torch.arange(s).float().view(1, 1, s)
    u = (c * torch.cos(theta).view(-1, 1, 1) + r * torch.sin(theta).view(-1, 1, 1))
    wave = torch.sin(2 * math.pi * u / period.view(-1, 1, 1) + phase.view(-1, 1, 1))
    window = torch.exp(-((r - cr.view(-1, 1, 1)) ** 2 + (c - cc.view(-1, 1, 1)) ** 2) / (2 * 3.5**2))
    x = amp.view(-1, 1, 1) * wave * window + 0.5 * torch.randn(total, s, s, generator=g)
    br, bc = (torch.randint(0, s - 1, (total,), generator=g) for _ in range(2))
    idx = torch.arange(total)
    for dr in (0, 1):
        for dc in (0, 1):
            x[idx, br + dr, bc + dc] += 1.5
    x = x[:, None]
    y = flip_labels(y, GABOR_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 7] = float("nan")
    data = split(x, y, n, "naming the period of a windowed grating (a CNN with a learned Gabor filter bank)",
                 GABOR_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, GABOR_CLASSES,
                    batch_size)  # fmt: skip
    return data


class GaborConv(nn.Module):
    """A convolution whose 8 7x7 kernels are Gabor functions built each forward from learned parameters: an
    orientation, a log wavelength, a log width (sigma) and a phase per filter, exp(-(u^2 + v^2) / (2 sigma^2))
    cos(2 pi u / lambda + psi), u and v the rotated coordinates; a learned scale and bias per filter."""

    def __init__(self) -> None:
        super().__init__()
        k = GABOR_FILTERS
        self.theta = nn.Parameter(torch.arange(k) * math.pi / k)
        self.log_lambda = nn.Parameter(torch.log(torch.linspace(2.5, 7.0, k)))
        self.log_sigma = nn.Parameter(torch.full((k,), math.log(2.0)))
        self.psi = nn.Parameter(torch.zeros(k))
        self.scale = nn.Parameter(torch.ones(k))
        self.bias = nn.Parameter(torch.zeros(k))
        half = GABOR_KERNEL // 2
        grid = torch.arange(-half, half + 1).float()
        self.register_buffer("gy", grid.view(1, -1, 1).expand(1, GABOR_KERNEL, GABOR_KERNEL).clone())
        self.register_buffer("gx", grid.view(1, 1, -1).expand(1, GABOR_KERNEL, GABOR_KERNEL).clone())

    def kernels(self) -> Tensor:
        t = self.theta.view(-1, 1, 1)
        u = self.gx * torch.cos(t) + self.gy * torch.sin(t)
        v = -self.gx * torch.sin(t) + self.gy * torch.cos(t)
        sigma = torch.exp(self.log_sigma.clamp(-1, 2)).view(-1, 1, 1)
        lam = torch.exp(self.log_lambda.clamp(0, 3)).view(-1, 1, 1)
        w = torch.exp(-(u**2 + v**2) / (2 * sigma**2)) * torch.cos(2 * math.pi * u / lam + self.psi.view(-1, 1, 1))
        return (self.scale.view(-1, 1, 1) * w / GABOR_KERNEL)[:, None]

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = F.conv2d(x, self.kernels(), self.bias, padding=GABOR_KERNEL // 2)
        return out


class GaborNet(nn.Module):
    """A CNN with a learned Gabor filter bank: ``GaborConv`` 1 -> 8 at 12x12, the square of its responses (an energy)
    through a 1x1 conv 8 -> 12 (ReLU), 2x2 max pooling, a 3x3 conv 12 -> 16 at 6x6 (ReLU), global average pooling,
    a ReLU layer ``fc`` (16 -> 32) and a ``head`` to the 4 periods. A missing (NaN) pixel's NaN spreads.
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.gabor = GaborConv()
        self.mix = nn.Conv2d(GABOR_FILTERS, 12, 1)
        self.c2 = nn.Conv2d(12, 16, 3, padding=1)
        self.fc = nn.Linear(16, 32)
        self.head = nn.Linear(32, GABOR_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.max_pool2d(F.relu(self.mix(self.gabor(x) ** 2)), 2)
        h = F.relu(self.c2(h)).mean((2, 3))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


FASTGRNN_STEPS, FASTGRNN_CHANNELS, FASTGRNN_CLASSES, FASTGRNN_HIDDEN = 20, 2, 4, 24
"""Series of 20 steps of 2 channels, 4 classes (ln 4 = 1.39 at chance), a FastGRNN of 24 units."""


@lru_cache(maxsize=None)
def fastgrnn_series(n: int = 3000, seed: int = 10523, *, n_val: int = 400, batch_size: int = 32,
                    nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 2-channel series of 20 steps whose class is 2 x (whether channel 0 drifts up or down: a linear
    trend of slope +-U(0.04, 0.08) a step) + (whether channel 1's one wide pulse, 4 steps of height U(0.9, 1.5), lies
    in steps 0-9 or 10-19), over N(0, 0.4^2) noise, channel 1 with 0-2 one-step spikes of either sign that do not
    count; 5% of the labels random, held-out ones too. x: (series, 20, 2); y: (series,). ``nan_rows``: that share of
    the training series has a missing (NaN) value; ``train_rows``: keep only that many training series."""
    g = torch.Generator().manual_seed(seed)
    total, t = n + n_val, FASTGRNN_STEPS
    y = torch.randint(FASTGRNN_CLASSES, (total,), generator=g)
    x = 0.4 * torch.randn(total, t, FASTGRNN_CHANNELS, generator=g)
    slope = (0.04 + 0.04 * torch.rand(total, generator=g)) * torch.where(y // 2 == 1, 1.0, -1.0)
    steps = torch.arange(t).float() - (t - 1) / 2
    x[:, :, 0] += slope[:, None] * steps[None] + 0.3 * torch.randn(total, 1, generator=g)
    for i in range(total):
        start = 10 * (int(y[i]) % 2) + int(torch.randint(0, 7, (1,), generator=g))
        x[i, start:start + 4, 1] += 0.9 + 0.6 * float(torch.rand(1, generator=g))
        for _ in range(int(torch.randint(3, (1,), generator=g))):
            k = int(torch.randint(0, t, (1,), generator=g))
            x[i, k, 1] += (1.5 if float(torch.rand(1, generator=g)) < 0.5 else -1.5)
    y = flip_labels(y, FASTGRNN_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 9, 1] = float("nan")
    data = split(x, y, n, "naming the trend of one channel and the half holding the pulse of another (a FastGRNN)",
                 FASTGRNN_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, FASTGRNN_CLASSES,
                    batch_size)  # fmt: skip
    return data


class FastgrnnNet(nn.Module):
    """A FastGRNN classifier (Kusupati et al. 2018): one input map W and one recurrent map U shared by the gate and
    the candidate, z = sigmoid(W x + U h + b_z), c = tanh(W x + U h + b_h), h <- (sigmoid(zeta) (1 - z) +
    sigmoid(nu)) c + z h (zeta and nu learned scalars, starting at 1 and -4), 24 units over the 20 steps, the last
    state through a ReLU layer ``fc`` (24 -> 32) and a ``head`` to the 4 classes. A missing (NaN) value's NaN spreads.
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.w = nn.Linear(FASTGRNN_CHANNELS, FASTGRNN_HIDDEN, bias=False)
        self.u = nn.Linear(FASTGRNN_HIDDEN, FASTGRNN_HIDDEN, bias=False)
        self.b_z = nn.Parameter(torch.ones(FASTGRNN_HIDDEN))
        self.b_h = nn.Parameter(torch.zeros(FASTGRNN_HIDDEN))
        self.zeta = nn.Parameter(torch.tensor(1.0))
        self.nu = nn.Parameter(torch.tensor(-4.0))
        self.fc = nn.Linear(FASTGRNN_HIDDEN, 32)
        self.head = nn.Linear(32, FASTGRNN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = x.new_zeros(x.shape[0], FASTGRNN_HIDDEN)
        wx = self.w(x)
        zeta, nu = torch.sigmoid(self.zeta), torch.sigmoid(self.nu)
        for t in range(x.shape[1]):
            pre = wx[:, t] + self.u(h)
            z = torch.sigmoid(pre + self.b_z)
            c = torch.tanh(pre + self.b_h)
            h = (zeta * (1 - z) + nu) * c + z * h
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


PIN_FIELDS, PIN_VOCAB, PIN_DIM, PIN_DENSE, PIN_MICRO = 6, 8, 6, 2, 4
"""Rows of 6 categorical fields of 8 values each and 2 dense features, embeddings of 6, micro-networks of 4 units."""
PIN_PAIRS = tuple((i, j) for i in range(PIN_FIELDS) for j in range(i + 1, PIN_FIELDS))
"""The 15 field pairs, each with its own micro-network."""


@lru_cache(maxsize=None)
def pin_rows(n: int = 10000, seed: int = 10525, *, n_val: int = 1000, batch_size: int = 64, nan_rows: float = 0.0,
             train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic conversion rows: 6 categorical fields of 8 values (stored as floats, the value's index) and 2 dense
    features N(0, 1); the conversion's logit -0.6 + a weight per value (N(0, 0.5^2)) + the dot products of per-value
    factors (N(0, 0.8^2), 3-d) of fields 0 and 2 and of fields 1 and 4 + 1.2 tanh of the product of per-value scalars
    of fields 3 and 5 (N(0, 1.3^2)) + 0.6 x1 times a per-value slope of field 4, the conversion drawn from it.
    x: (rows, 8); y: (rows,) of 0/1. ``nan_rows``: that share of the training rows has a missing (NaN) dense feature;
    ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    ids = torch.randint(PIN_VOCAB, (total, PIN_FIELDS), generator=g)
    first = 0.5 * torch.randn(PIN_FIELDS, PIN_VOCAB, generator=g)
    fac = 0.8 * torch.randn(PIN_FIELDS, PIN_VOCAB, 3, generator=g)
    sc = 1.3 * torch.randn(PIN_FIELDS, PIN_VOCAB, generator=g)
    slope = torch.randn(PIN_VOCAB, generator=g)
    d = torch.randn(total, PIN_DENSE, generator=g)
    logit = (-0.6 + sum(first[f][ids[:, f]] for f in range(PIN_FIELDS))
             + (fac[0][ids[:, 0]] * fac[2][ids[:, 2]]).sum(1) + (fac[1][ids[:, 1]] * fac[4][ids[:, 4]]).sum(1)
             + 1.2 * torch.tanh(sc[3][ids[:, 3]] * sc[5][ids[:, 5]]) + 0.6 * d[:, 1] * slope[ids[:, 4]])  # fmt: skip
    y = (torch.rand(total, generator=g) < torch.sigmoid(logit)).float()
    x = torch.cat([ids.float(), d], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, PIN_FIELDS + 1] = float("nan")
    data = split(x, y, n, "conversion prediction by per-pair micro-networks (a product-network-in-network)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class PinNet(nn.Module):
    """A product-network-in-network (PIN, Qu et al. 2018, tiny): a 6-d embedding per categorical value, for each of
    the 15 field pairs its own micro-network (a ReLU layer of 4 units on [e_i, e_j, e_i * e_j], 18 inputs), the 60
    outputs with the 6 x 6 embeddings and the 2 dense features through a ReLU layer ``fc`` (98 -> 32) and a ``head``
    (32 -> 1): the conversion's logit. Output (rows,). A missing (NaN) dense feature's NaN spreads. ``dead_bias`` < 0
    starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        p = len(PIN_PAIRS)
        self.emb = nn.Embedding(PIN_FIELDS * PIN_VOCAB, PIN_DIM)
        nn.init.normal_(self.emb.weight, std=0.3)
        self.register_buffer("offsets", torch.arange(PIN_FIELDS) * PIN_VOCAB)
        self.register_buffer("left", torch.tensor([i for i, _ in PIN_PAIRS]))
        self.register_buffer("right", torch.tensor([j for _, j in PIN_PAIRS]))
        self.micro_w = nn.Parameter(torch.randn(p, 3 * PIN_DIM, PIN_MICRO) * (3 * PIN_DIM) ** -0.5)
        self.micro_b = nn.Parameter(torch.zeros(p, PIN_MICRO))
        self.fc = nn.Linear(p * PIN_MICRO + PIN_FIELDS * PIN_DIM + PIN_DENSE, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        ids = x[:, :PIN_FIELDS].nan_to_num(0).long() + self.offsets
        e = self.emb(ids)  # (rows, 6, 6)
        ei, ej = e[:, self.left], e[:, self.right]  # (rows, 15, 6)
        z = F.relu(torch.einsum("bpk,pkm->bpm", torch.cat([ei, ej, ei * ej], -1), self.micro_w) + self.micro_b)
        h = torch.cat([z.flatten(1), e.flatten(1), x[:, PIN_FIELDS:]], 1)
        out: Tensor = self.head(F.relu(self.fc(h))).squeeze(-1)
        return out


def pin_bce(out: Tensor, y: Tensor) -> Tensor:
    """BCE with logits, mean over the rows."""
    return F.binary_cross_entropy_with_logits(out, y)


def pin_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """BCE with logits summed over the batch's rows (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


LOGSERIES_FEATURES = 6
"""Rows of 6 features; a count >= 1 with a logarithmic (log-series) law whose parameter depends on them."""


@lru_cache(maxsize=None)
def logseries_rows(n: int = 6000, seed: int = 10527, *, n_val: int = 1000, batch_size: int = 256,
                   nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Counts k >= 1 with a logarithmic (log-series) law, pmf -p^k / (k ln(1 - p)), whose parameter p depends on
    the rows: 6 features N(0, 1), logit p = 3 sin(1.3 x0) + 1.2 x1 x2 - 0.6 |x3| + 0.6 x4 - 0.4 x5^2, clamped
    to [-6, 4.5]; drawn by Kemp's algorithm (LK). x: (rows, 6); y: (rows,) as floats. ``nan_rows``: that
    share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, LOGSERIES_FEATURES, generator=g)
    logit = (3.0 * torch.sin(1.3 * x[:, 0]) + 1.2 * x[:, 1] * x[:, 2] - 0.6 * x[:, 3].abs() + 0.6 * x[:, 4]
             - 0.4 * x[:, 5] ** 2).clamp(-6, 4.5)  # fmt: skip
    p = torch.sigmoid(logit)
    v = torch.rand(total, generator=g).clamp_min(1e-12)
    u = torch.rand(total, generator=g).clamp_min(1e-12)
    q = (1 - torch.exp(torch.log1p(-p) * u)).clamp(1e-9, 1 - 1e-9)
    k = torch.where(v <= q**2, torch.floor(1 + torch.log(v) / torch.log(q)), torch.where(v <= q, 1.0, 2.0))
    y = torch.where(v >= p, 1.0, k).clamp(1, 1e4)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    data = split(x, y, n, "count regression by a logarithmic (log-series) likelihood (an MLP of its logit)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class LogseriesMLP(nn.Module):
    """An ELU MLP of a log-series law: ``body`` 6 -> 64 (ELU) -> 64 (ELU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 1): the logit of p. Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(LOGSERIES_FEATURES, 64), nn.ELU(), nn.Linear(64, 64), nn.ELU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x)))).squeeze(-1)
        return out


def logseries_terms(out: Tensor, y: Tensor) -> Tensor:
    """Each row's log-series negative log-likelihood: -(k log p - log k - log(-log(1 - p))) with log p =
    logsigmoid(o) and -log(1 - p) = softplus(o), the logit o clamped to +-8."""
    o = out.clamp(-8, 8)
    return -(y * F.logsigmoid(o) - torch.log(y) - torch.log(F.softplus(o)))


def logseries_nll(out: Tensor, y: Tensor) -> Tensor:
    """The log-series NLL, mean over the rows."""
    return logseries_terms(out, y).mean()


def logseries_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The log-series NLL summed over the batch's rows (reduction='sum')."""
    return logseries_terms(out, y).sum()


def logseries_at_zero() -> float:
    """The NLL of raw outputs of 0 (p = 1/2), its level at init."""
    y = logseries_rows().y
    return float(logseries_nll(torch.zeros(len(y)), y))
