"""The one hundred and first fresh half (fresh99, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


NIN_SIZE, NIN_CLASSES = 12, 4
"""12x12 one-channel images of one of 4 small glyphs (a plus, a cross, a ring, a bar pair) (ln 4 = 1.39 at chance)."""
NIN_GLYPHS = (
    ((0, 1, 0), (1, 1, 1), (0, 1, 0)),  # a plus
    ((1, 0, 1), (0, 1, 0), (1, 0, 1)),  # a diagonal cross
    ((1, 1, 1), (1, 0, 1), (1, 1, 1)),  # a ring
    ((1, 0, 1), (1, 0, 1), (1, 0, 1)),  # two parallel bars
)
"""The 4 glyphs' 3x3 stencils."""


@lru_cache(maxsize=None)
def nin_images(n: int = 3000, seed: int = 9911, *, n_val: int = 400, batch_size: int = 32, nan_rows: float = 0.0,
               train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 12x12 one-channel images whose class is the kind of a 3x3 glyph (``NIN_GLYPHS``: a plus, a diagonal
    cross, a ring, two parallel bars, the bars vertical or horizontal at random; amplitude U(1.2, 1.8)) at a random
    place, with a distractor (a diagonal pair of pixels, amplitude 0.9) elsewhere, over N(0, 0.4^2) noise; 5% of the
    labels random, held-out ones too. x: (images, 1, 12, 12); y: (images,). ``nan_rows``: that share of the training
    images has a missing (NaN) pixel; ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, NIN_SIZE
    stencils = torch.tensor(NIN_GLYPHS, dtype=torch.float32)
    y = torch.randint(NIN_CLASSES, (total,), generator=g)
    x = 0.4 * torch.randn(total, s, s, generator=g)
    for i in range(total):
        glyph = stencils[int(y[i])]
        if float(torch.rand(1, generator=g)) < 0.5:
            glyph = glyph.T
        r, c = (int(v) for v in torch.randint(0, s - 2, (2,), generator=g))
        x[i, r : r + 3, c : c + 3] += (1.2 + 0.6 * float(torch.rand(1, generator=g))) * glyph
        dr, dc = (int(v) for v in torch.randint(0, s - 1, (2,), generator=g))
        x[i, dr, dc] += 0.9
        x[i, dr + 1, dc + 1] += 0.9
    x = x[:, None]
    y = flip_labels(y, NIN_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 6, 4] = float("nan")
    data = split(x, y, n, "naming the kind of a glyph in an image (a Network-in-Network CNN)", NIN_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, NIN_CLASSES,
                    batch_size)  # fmt: skip
    return data


class NinBlock(nn.Module):
    """An mlpconv block (Network in Network, Lin et al. 2013): a kxk convolution and two 1x1 convolutions (a per-pixel
    MLP across the channels), ReLU after each."""

    def __init__(self, inp: int, out: int, k: int = 3) -> None:
        super().__init__()
        self.conv = nn.Conv2d(inp, out, k, padding=k // 2)
        self.mlp1 = nn.Conv2d(out, out, 1)
        self.mlp2 = nn.Conv2d(out, out, 1)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = F.relu(self.mlp2(F.relu(self.mlp1(F.relu(self.conv(x))))))
        return out


class NinNet(nn.Module):
    """A Network-in-Network CNN (tiny): an mlpconv block 1 -> 16 (``NinBlock``), 2x2 max pooling to 6x6, an mlpconv
    block 16 -> 24, global average pooling, a ReLU layer ``fc`` (24 -> 32) and a ``head`` to the 4 glyphs. A missing
    (NaN) pixel's NaN spreads. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.block1 = NinBlock(1, 16)
        self.block2 = NinBlock(16, 24)
        self.fc = nn.Linear(24, 32)
        self.head = nn.Linear(32, NIN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.block2(F.max_pool2d(self.block1(x), 2))
        out: Tensor = self.head(F.relu(self.fc(h.mean((2, 3)))))
        return out


JANET_STEPS, JANET_CHANNELS, JANET_CLASSES, JANET_HIDDEN = 30, 2, 5, 32
"""Series of 30 steps of 2 channels, 5 event shapes (ln 5 = 1.61 at chance), a JANET of 32 units."""
JANET_SHAPES = (
    (0.0, 0.4, 0.8, 1.2, 1.6, 2.0),  # a rising ramp
    (2.0, 1.6, 1.2, 0.8, 0.4, 0.0),  # a falling ramp
    (0.0, 1.0, 2.0, 2.0, 1.0, 0.0),  # a bump
    (0.0, -1.0, -2.0, -2.0, -1.0, 0.0),  # a dip
    (1.5, -1.5, 1.5, -1.5, 1.5, -1.5),  # an oscillation
)
"""The 5 events' 6-step shapes on channel 0."""


@lru_cache(maxsize=None)
def janet_series(n: int = 3000, seed: int = 9913, *, n_val: int = 400, batch_size: int = 32, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 2-channel series of 30 steps whose class is the shape of one 6-step event on channel 0
    (``JANET_SHAPES``, scaled U(0.7, 1.2)) starting at step 0-14, so that it must be remembered to the end, over
    N(0, 0.5^2) noise; channel 1 a random walk (steps N(0, 0.3^2)) that says nothing; 5% of the labels random,
    held-out ones too. x: (series, 30, 2); y: (series,). ``nan_rows``: that share of the training series has a
    missing (NaN) value; ``train_rows``: keep only that many training series."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    shapes = torch.tensor(JANET_SHAPES)
    y = torch.randint(JANET_CLASSES, (total,), generator=g)
    x = torch.zeros(total, JANET_STEPS, JANET_CHANNELS)
    x[..., 0] = 0.5 * torch.randn(total, JANET_STEPS, generator=g)
    x[..., 1] = torch.cumsum(0.3 * torch.randn(total, JANET_STEPS, generator=g), 1)
    onset = torch.randint(0, 15, (total,), generator=g)
    scale = 0.7 + 0.5 * torch.rand(total, generator=g)
    for i in range(total):
        t = int(onset[i])
        x[i, t : t + 6, 0] += scale[i] * shapes[int(y[i])]
    y = flip_labels(y, JANET_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 11, 1] = float("nan")
    data = split(x, y, n, "naming the shape of an early event in a series (a JANET recurrent network)", JANET_CLASSES,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, JANET_CLASSES,
                    batch_size)  # fmt: skip
    return data


class JanetCell(nn.Module):
    """A JANET cell (van der Westhuizen and Lasenby 2018, "just another network": an LSTM with only its forget gate):
    s = W_f x + U_f h + b_f, h <- sigmoid(s) h + (1 - sigmoid(s - 1)) tanh(W_c x + U_c h + b_c); b_f chrono-initialised
    to log U(1, T - 1)."""

    def __init__(self, inp: int, hidden: int, steps: int) -> None:
        super().__init__()
        self.hidden = hidden
        self.inp = nn.Linear(inp, 2 * hidden)
        self.rec = nn.Linear(hidden, 2 * hidden, bias=False)
        with torch.no_grad():
            self.inp.bias.zero_()
            self.inp.bias[:hidden] = torch.log(1 + (steps - 2) * torch.rand(hidden))

    def forward(self, x: Tensor) -> Tensor:
        h = x.new_zeros(x.shape[0], self.hidden)
        drive = self.inp(x)
        for t in range(x.shape[1]):
            s, c = (drive[:, t] + self.rec(h)).chunk(2, -1)
            h = torch.sigmoid(s) * h + (1 - torch.sigmoid(s - 1.0)) * torch.tanh(c)
        return h


class JanetNet(nn.Module):
    """A JANET classifier: a JANET cell (``JanetCell``, 2 -> 32) over the 30 steps, the last state through a ReLU layer
    ``fc`` (32 -> 32) and a ``head`` to the 5 shapes. A missing (NaN) value's NaN spreads. ``dead_bias`` < 0 starts
    fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.cell = JanetCell(JANET_CHANNELS, JANET_HIDDEN, JANET_STEPS)
        self.fc = nn.Linear(JANET_HIDDEN, 32)
        self.head = nn.Linear(32, JANET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.cell(x))))
        return out


GANDALF_FEATURES, GANDALF_STAGES = 8, 3
"""Rows of 8 numeric features (2 of them noise), 3 gated feature learning units."""


@lru_cache(maxsize=None)
def gandalf_rows(n: int = 4000, seed: int = 9915, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Tabular regression rows with interactions: 8 features N(0, 1), y = x0 x1 + sin(2 x2) + 0.8 [x3 > 0] x4 + 0.4
    x5^2 + 0.3 N(0, 1) (x6, x7 noise), standardised by the training rows. x: (rows, 8); y: (rows,). ``nan_rows``:
    that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, GANDALF_FEATURES, generator=g)
    y = (x[:, 0] * x[:, 1] + torch.sin(2 * x[:, 2]) + 0.8 * (x[:, 3] > 0).float() * x[:, 4] + 0.4 * x[:, 5] ** 2
         + 0.3 * torch.randn(total, generator=g))  # fmt: skip
    y = (y - y[:n].mean()) / y[:n].std()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 4] = float("nan")
    data = split(x, y, n, "tabular regression with feature interactions (GANDALF: gated feature learning units)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class GandalfGFLU(nn.Module):
    """Gated feature learning units (GANDALF, Joseph and Raj 2022): ``stages`` GRU-like stages over the features, each
    with its own learned feature mask (a softmax over the features, times their number) applied to the input: z =
    sigmoid(W_z [m x, h]), r = sigmoid(W_r [m x, h]), h~ = tanh(W_o [r h, m x]), h <- (1 - z) h + z h~, h starting
    at x."""

    def __init__(self, features: int, stages: int) -> None:
        super().__init__()
        self.mask = nn.Parameter(0.1 * torch.randn(stages, features))
        self.gates = nn.ModuleList([nn.Linear(2 * features, 2 * features) for _ in range(stages)])
        self.cand = nn.ModuleList([nn.Linear(2 * features, features) for _ in range(stages)])

    def forward(self, x: Tensor) -> Tensor:
        h, n = x, x.shape[-1]
        for k in range(len(self.gates)):
            xm = n * torch.softmax(self.mask[k], -1) * x
            z, r = torch.sigmoid(self.gates[k](torch.cat([xm, h], -1))).chunk(2, -1)
            cand = torch.tanh(self.cand[k](torch.cat([r * h, xm], -1)))
            h = (1 - z) * h + z * cand
        return h


class GandalfNet(nn.Module):
    """GANDALF: gated feature learning units (``GandalfGFLU``, 3 stages over the 8 features), a ReLU layer 8 -> 64,
    a ReLU layer ``fc`` (64 -> 32) and a ``head`` (32 -> 1). Output (rows,). A missing (NaN) feature's NaN spreads.
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.gflu = GandalfGFLU(GANDALF_FEATURES, GANDALF_STAGES)
        self.body = nn.Linear(GANDALF_FEATURES, 64)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.body(self.gflu(x)))
        out: Tensor = self.head(F.relu(self.fc(h))).squeeze(-1)
        return out


def gandalf_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's rows (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


HYPSECANT_FEATURES = 5
"""Rows of 5 features; a target with hyperbolic secant noise whose location and scale depend on them."""


@lru_cache(maxsize=None)
def hypsecant_rows(n: int = 4000, seed: int = 9917, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """Heteroscedastic regression rows with hyperbolic secant noise (density 1 / (2 sigma) sech(pi (y - mu) / (2
    sigma))): 5 features N(0, 1), mu = sin(1.5 x0) + 0.5 x1 x2 - 0.4 x3, log sigma = -0.7 + 0.5 tanh(x4) + 0.3 x0,
    the noise drawn by the inverse CDF sigma (2 / pi) log tan(pi u / 2). x: (rows, 5); y: (rows,). ``nan_rows``:
    that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, HYPSECANT_FEATURES, generator=g)
    mu = torch.sin(1.5 * x[:, 0]) + 0.5 * x[:, 1] * x[:, 2] - 0.4 * x[:, 3]
    sigma = torch.exp(-0.7 + 0.5 * torch.tanh(x[:, 4]) + 0.3 * x[:, 0])
    u = torch.rand(total, generator=g).clamp(1e-6, 1 - 1e-6)
    y = mu + sigma * (2 / math.pi) * torch.log(torch.tan(math.pi * u / 2))
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    data = split(x, y, n, "heteroscedastic regression by a hyperbolic secant likelihood (an MLP of its location and log "
                 "scale)", None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class HypsecantMLP(nn.Module):
    """A ReLU MLP of a hyperbolic secant law: ``body`` 5 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 2): the location mu and the log scale. Output (rows, 2). ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(HYPSECANT_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def hypsecant_terms(out: Tensor, y: Tensor) -> Tensor:
    """Each row's hyperbolic secant negative log-likelihood: log(2 sigma) + log cosh(pi (y - mu) / (2 sigma)), the
    log scale clamped to +-6; with log cosh a = |a| + log1p(exp(-2 |a|)) - log 2 (stable), log sigma + |a| +
    log1p(exp(-2 |a|))."""
    log_sigma = out[:, 1].clamp(-6, 6)
    a = (math.pi / 2) * (y - out[:, 0]) / torch.exp(log_sigma)
    return log_sigma + a.abs() + torch.log1p(torch.exp(-2 * a.abs()))


def hypsecant_nll(out: Tensor, y: Tensor) -> Tensor:
    """The hyperbolic secant NLL, mean over the rows."""
    return hypsecant_terms(out, y).mean()


def hypsecant_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The hyperbolic secant NLL summed over the batch's rows (reduction='sum')."""
    return hypsecant_terms(out, y).sum()


def hypsecant_at_zero() -> float:
    """The NLL of raw outputs of 0 (mu 0, sigma 1), its level at init."""
    y = hypsecant_rows().y
    return float(hypsecant_nll(torch.zeros(len(y), 2), y))
