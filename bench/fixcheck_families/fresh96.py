"""The ninety-eighth fresh half (fresh96, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


MIXNET_SIZE, MIXNET_CLASSES = 16, 4
"""16x16 one-channel images of a disc or a ring, small or large, 4 classes (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def mixnet_images(n: int = 3000, seed: int = 9611, *, n_val: int = 400, batch_size: int = 32, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 16x16 one-channel images whose class is a shape's scale and kind (class 2 x large + ring): a filled
    disc (a soft edge) or a ring (a Gaussian band of width 0.5) of radius U(2, 3) (small) or U(4.5, 6) (large) at a
    random place, amplitude U(0.9, 1.3), over a random linear ramp and N(0, 0.3^2) noise; 5% of the labels random,
    held-out ones too. x: (images, 1, 16, 16); y: (images,). ``nan_rows``: that share of the training images has a
    missing (NaN) pixel; ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, MIXNET_SIZE
    y = torch.randint(MIXNET_CLASSES, (total,), generator=g)
    large, ring = (y // 2).float(), (y % 2).float()
    radius = torch.where(large > 0, 4.5 + 1.5 * torch.rand(total, generator=g), 2.0 + torch.rand(total, generator=g))
    cy = radius + torch.rand(total, generator=g) * (s - 1 - 2 * radius)
    cx = radius + torch.rand(total, generator=g) * (s - 1 - 2 * radius)
    r, c = torch.meshgrid(torch.arange(float(s)), torch.arange(float(s)), indexing="ij")
    d = ((r[None] - cy[:, None, None]) ** 2 + (c[None] - cx[:, None, None]) ** 2).sqrt()
    disc = torch.sigmoid(3 * (radius[:, None, None] - d))
    band = torch.exp(-((d - radius[:, None, None]) ** 2) / (2 * 0.5**2))
    shape = torch.where(ring[:, None, None] > 0, band, disc)
    amp = 0.9 + 0.4 * torch.rand(total, 1, 1, generator=g)
    ramp = torch.randn(total, 2, 1, 1, generator=g) * 0.05
    x = amp * shape + ramp[:, 0] * (r - s / 2) + ramp[:, 1] * (c - s / 2) + 0.3 * torch.randn(total, s, s, generator=g)
    x = x[:, None]
    y = flip_labels(y, MIXNET_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 9] = float("nan")
    data = split(x, y, n, "image classification of a shape's scale and kind (a MixNet-like CNN)", MIXNET_CLASSES,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, MIXNET_CLASSES,
                    batch_size)  # fmt: skip
    return data


class MixnetConv(nn.Module):
    """MixConv (Tan & Le 2019): the channels split into groups, each through a depthwise convolution of its own
    kernel size (3, 5, 7), concatenated back."""

    def __init__(self, channels: int, kernels: tuple[int, ...] = (3, 5, 7)) -> None:
        super().__init__()
        part = channels // len(kernels)
        self.splits = [part] * (len(kernels) - 1) + [channels - part * (len(kernels) - 1)]
        self.convs = nn.ModuleList(nn.Conv2d(ch, ch, k, padding=k // 2, groups=ch) for ch, k in zip(self.splits, kernels))

    def forward(self, x: Tensor) -> Tensor:
        return torch.cat([conv(part) for conv, part in zip(self.convs, x.split(self.splits, 1))], 1)


class MixnetNet(nn.Module):
    """A MixNet-like CNN (tiny): a stride-2 3x3 stem 1 -> 12 (SiLU) to 8x8, one inverted-residual MixConv block (a
    1x1 expansion to 24, SiLU, MixConv of kernels 3/5/7 over 3 groups of 8 channels, SiLU, squeeze-and-excitation
    24 -> 6 -> 24, a 1x1 projection back to 12, a residual add), global average pooling, a ReLU layer ``fc`` (12 ->
    32) and a ``head`` to the 4 classes. A missing (NaN) pixel's NaN spreads. ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stem = nn.Conv2d(1, 12, 3, stride=2, padding=1)
        self.expand = nn.Conv2d(12, 24, 1)
        self.mix = MixnetConv(24)
        self.se_reduce = nn.Conv2d(24, 6, 1)
        self.se_expand = nn.Conv2d(6, 24, 1)
        self.project = nn.Conv2d(24, 12, 1)
        self.fc = nn.Linear(12, 32)
        self.head = nn.Linear(32, MIXNET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.silu(self.stem(x))
        e = F.silu(self.mix(F.silu(self.expand(h))))
        e = e * torch.sigmoid(self.se_expand(F.silu(self.se_reduce(e.mean((2, 3), keepdim=True)))))
        h = h + self.project(e)
        out: Tensor = self.head(F.relu(self.fc(h.mean((2, 3)))))
        return out


LIGRU_FRAMES, LIGRU_BANDS, LIGRU_CLASSES, LIGRU_HIDDEN = 20, 8, 5, 32
"""Utterances of 20 frames of 8 log filterbank energies, 5 call classes, a Li-GRU of 32 units."""


@lru_cache(maxsize=None)
def ligru_frames(n: int = 3000, seed: int = 9613, *, n_val: int = 400, batch_size: int = 32, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic utterances of 20 frames of 8 filterbank bands whose class is the pitch track of a call 10 frames
    long at a random onset (0-10): rising (band 1 to 6), falling (6 to 1), steady (a random band), a warble
    (alternating between two bands 3 apart every 2 frames) or two short bursts of a steady band with a 4-frame gap;
    the energy a Gaussian bump (width 0.8 bands) of amplitude U(1.0, 1.5) around the track, over a per-band tilt
    N(0, 0.2^2) and N(0, 0.3^2) noise; 5% of the labels random, held-out ones too. x: (utterances, 20, 8); y:
    (utterances,). ``nan_rows``: that share of the training utterances has a missing (NaN) energy;
    ``train_rows``: keep only that many training utterances."""
    g = torch.Generator().manual_seed(seed)
    total, frames, bands = n + n_val, LIGRU_FRAMES, LIGRU_BANDS
    y = torch.randint(LIGRU_CLASSES, (total,), generator=g)
    x = 0.3 * torch.randn(total, frames, bands, generator=g) + 0.2 * torch.randn(total, 1, bands, generator=g)
    band_axis = torch.arange(float(bands))
    t = torch.arange(10.0)
    for i in range(total):
        onset = int(torch.randint(0, frames - 9, (1,), generator=g))
        base = float(torch.randint(0, bands - 3, (1,), generator=g))
        kind = int(y[i])
        on = torch.ones(10)
        if kind == 0:
            track = 1 + 5 * t / 9
        elif kind == 1:
            track = 6 - 5 * t / 9
        elif kind == 2:
            track = torch.full((10,), base)
        elif kind == 3:
            track = base + 3 * ((t // 2) % 2)
        else:
            track = torch.full((10,), base)
            on = ((t < 3) | (t > 6)).float()
        amp = 1.0 + 0.5 * float(torch.rand(1, generator=g))
        bump = torch.exp(-((band_axis[None] - track[:, None]) ** 2) / (2 * 0.8**2))
        x[i, onset : onset + 10] += amp * on[:, None] * bump
    y = flip_labels(y, LIGRU_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7, 3] = float("nan")
    data = split(x, y, n, "call classification of filterbank frames by their pitch track (a light GRU)",
                 LIGRU_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, LIGRU_CLASSES,
                    batch_size)  # fmt: skip
    return data


class LigruNet(nn.Module):
    """A light GRU classifier (Ravanelli et al. 2018, Li-GRU: no reset gate, a ReLU candidate; LayerNorm of the input
    projections in place of its batch norm): z_t = sigmoid(LN(W_z x_t) + U_z h), h_t = z_t h + (1 - z_t) ReLU(LN(W_h
    x_t) + U_h h), 32 units over the 20 frames, the mean of the states through a ReLU layer ``fc`` (32 -> 32) and a
    ``head`` to the 5 classes. A missing (NaN) energy's NaN spreads. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, hidden: int = LIGRU_HIDDEN) -> None:
        super().__init__()
        self.hidden = hidden
        self.inp = nn.Linear(LIGRU_BANDS, 2 * hidden)
        self.norm = nn.LayerNorm(2 * hidden)
        self.rec = nn.Linear(hidden, 2 * hidden, bias=False)
        self.fc = nn.Linear(hidden, 32)
        self.head = nn.Linear(32, LIGRU_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        drive = self.norm(self.inp(x))
        h = x.new_zeros(x.shape[0], self.hidden)
        states = []
        for step in range(x.shape[1]):
            gate, cand = (drive[:, step] + self.rec(h)).chunk(2, -1)
            z = torch.sigmoid(gate)
            h = z * h + (1 - z) * F.relu(cand)
            states.append(h)
        out: Tensor = self.head(F.relu(self.fc(torch.stack(states, 1).mean(1))))
        return out


TABM_NUMERIC, TABM_LEVELS, TABM_MEMBERS = 8, 6, 4
"""Rows of 8 numeric columns and one categorical column of 6 levels (one-hot), a TabM of 4 members."""


@lru_cache(maxsize=None)
def tabm_rows(n: int = 4000, seed: int = 9615, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
              train_rows: int | None = None) -> Data:  # fmt: skip
    """Tabular regression rows: 8 numeric columns N(0, 1) and a categorical one of 6 levels (one-hot), the target
    sin(2 x0) + 0.6 x1 x2 + e[level] x3 + 0.3 x4^2 + ReLU(x5 - 0.5) - 0.4 x6 + N(0, 0.3^2) (e a level's slope
    N(0, 1); x7 noise), standardised on the training rows. x: (rows, 14); y: (rows,). ``nan_rows``: that share of
    the training rows has a missing (NaN) value; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    num = torch.randn(total, TABM_NUMERIC, generator=g)
    level = torch.randint(TABM_LEVELS, (total,), generator=g)
    slope = torch.randn(TABM_LEVELS, generator=g)
    y = (torch.sin(2 * num[:, 0]) + 0.6 * num[:, 1] * num[:, 2] + slope[level] * num[:, 3] + 0.3 * num[:, 4] ** 2
         + F.relu(num[:, 5] - 0.5) - 0.4 * num[:, 6] + 0.3 * torch.randn(total, generator=g))  # fmt: skip
    y = (y - y[:n].mean()) / y[:n].std()
    x = torch.cat([num, F.one_hot(level, TABM_LEVELS).float()], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    data = split(x, y, n, "tabular regression of a standardised target (a TabM: a parameter-efficient MLP ensemble)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class TabmLinear(nn.Module):
    """A BatchEnsemble linear layer (Wen et al. 2020, as TabM uses it): one shared weight, each member's input and
    output scales (r, s; r initialised at random signs) and its own bias. Input and output (rows, members, features)."""

    def __init__(self, d_in: int, d_out: int, members: int = TABM_MEMBERS) -> None:
        super().__init__()
        self.shared = nn.Linear(d_in, d_out, bias=False)
        self.r = nn.Parameter(torch.randint(0, 2, (members, d_in)).float() * 2 - 1)
        self.s = nn.Parameter(torch.ones(members, d_out))
        self.member_bias = nn.Parameter(torch.zeros(members, d_out))

    def forward(self, x: Tensor) -> Tensor:
        return self.shared(x * self.r) * self.s + self.member_bias


class TabmNet(nn.Module):
    """A TabM-like MLP ensemble (Gorishniy et al. 2024, tiny): the row copied to 4 members, two BatchEnsemble ReLU
    layers 14 -> 64 -> 64, a shared ReLU layer ``fc`` (64 -> 32) and a shared ``head`` (32 -> 1): each member's
    prediction. Output (rows, 4). A missing (NaN) value's NaN spreads. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.layer1 = TabmLinear(TABM_NUMERIC + TABM_LEVELS, 64)
        self.layer2 = TabmLinear(64, 64)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = x[:, None].expand(-1, TABM_MEMBERS, -1)
        h = F.relu(self.layer2(F.relu(self.layer1(h))))
        out: Tensor = self.head(F.relu(self.fc(h))).squeeze(-1)
        return out


def tabm_row_mse(out: Tensor, y: Tensor) -> Tensor:
    """Each row's squared error averaged over the members' predictions (TabM trains every member)."""
    return (out - y[:, None]).pow(2).mean(1)


def tabm_mse(out: Tensor, y: Tensor) -> Tensor:
    """The members' mean squared error (mean over the rows)."""
    return tabm_row_mse(out, y).mean()


def tabm_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The members' squared error summed over the batch's rows (reduction='sum')."""
    return tabm_row_mse(out, y).sum()


def tabm_at_zero() -> float:
    """The MSE of predictions of 0 (the standardised target's mean): a summed loss's reference level (~1)."""
    y = tabm_rows().y
    return float(tabm_mse(torch.zeros(len(y), TABM_MEMBERS), y))


GENNORM_FEATURES = 5
"""Rows of 5 features; a target whose noise is generalized normal of varying shape."""


@lru_cache(maxsize=None)
def gennorm_rows(n: int = 4000, seed: int = 9617, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Regression rows with generalized normal (exponential power) noise: 5 features N(0, 1), y = 1.2 sin(1.5 x0) +
    0.6 x1 + 0.4 x2 x3 + noise of scale 0.25 + 0.5 sigmoid(2 x4) and shape 1 + 3 sigmoid(2 x3) (Laplace-like to
    nearly uniform; drawn as a random sign times scale x Gamma(1 / shape)^(1 / shape)). x: (rows, 5); y: (rows,).
    ``nan_rows``: that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that many
    training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, GENNORM_FEATURES, generator=g)
    scale = 0.25 + 0.5 * torch.sigmoid(2 * x[:, 4])
    shape = 1 + 3 * torch.sigmoid(2 * x[:, 3])
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        gam = torch.distributions.Gamma(1 / shape, torch.ones(total)).sample()
    sign = torch.where(torch.rand(total, generator=g) < 0.5, -1.0, 1.0)
    y = 1.2 * torch.sin(1.5 * x[:, 0]) + 0.6 * x[:, 1] + 0.4 * x[:, 2] * x[:, 3] + sign * scale * gam ** (1 / shape)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1] = float("nan")
    data = split(x, y, n, "probabilistic regression by a generalized normal likelihood (an MLP of its location, scale "
                 "and shape)", None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class GennormMLP(nn.Module):
    """A ReLU MLP of a generalized normal law: ``body`` 5 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 3): the location, the log scale and the raw shape. Output (rows, 3). ``dead_bias`` < 0 starts
    fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(GENNORM_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 3)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def gennorm_terms(out: Tensor, y: Tensor) -> Tensor:
    """Each row's generalized normal negative log-likelihood: log 2 + log alpha + lgamma(1 + 1 / beta) + (|y - mu| /
    alpha)^beta, alpha = exp of the log scale clamped to +-6, beta = 1 + 3 sigmoid(raw shape) in (1, 4)."""
    mu, log_alpha = out[:, 0], out[:, 1].clamp(-6, 6)
    beta = 1 + 3 * torch.sigmoid(out[:, 2])
    z = (y - mu).abs() * torch.exp(-log_alpha)
    return math.log(2) + log_alpha + torch.lgamma(1 + 1 / beta) + (z + 1e-8) ** beta


def gennorm_nll(out: Tensor, y: Tensor) -> Tensor:
    """The generalized normal NLL, mean over the rows."""
    return gennorm_terms(out, y).mean()


def gennorm_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The generalized normal NLL summed over the batch's rows (reduction='sum')."""
    return gennorm_terms(out, y).sum()


def gennorm_at_zero() -> float:
    """The NLL of raw outputs of 0 (location 0, scale 1, shape 2.5): its level at init."""
    y = gennorm_rows().y
    return float(gennorm_nll(torch.zeros(len(y), 3), y))
