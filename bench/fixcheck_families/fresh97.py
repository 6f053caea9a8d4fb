"""The ninety-ninth fresh half (fresh97, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


CSPNET_SIZE, CSPNET_CLASSES = 14, 4
"""14x14 one-channel images of 1-4 bright blobs among a dim bar, 4 classes (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def cspnet_images(n: int = 3000, seed: int = 9711, *, n_val: int = 400, batch_size: int = 32, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 14x14 one-channel images whose class is how many bright blobs they hold (1-4, class = count - 1):
    Gaussian blobs (width 0.8) of amplitude U(1.0, 1.5) at random places at least 3 pixels apart, a dim bar (a
    distractor, amplitude 0.5, 5 pixels long, horizontal or vertical) at a random place, over N(0, 0.3^2) noise; 5% of
    the labels random, held-out ones too. x: (images, 1, 14, 14); y: (images,). ``nan_rows``: that share of the
    training images has a missing (NaN) pixel; ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, CSPNET_SIZE
    y = torch.randint(CSPNET_CLASSES, (total,), generator=g)
    r, c = torch.meshgrid(torch.arange(float(s)), torch.arange(float(s)), indexing="ij")
    x = 0.3 * torch.randn(total, s, s, generator=g)
    for i in range(total):
        centres: list[tuple[float, float]] = []
        while len(centres) < int(y[i]) + 1:
            cy, cx = (1.5 + (s - 4) * torch.rand(2, generator=g)).tolist()
            if all((cy - a) ** 2 + (cx - b) ** 2 >= 9 for a, b in centres):
                centres.append((cy, cx))
        for cy, cx in centres:
            amp = 1.0 + 0.5 * float(torch.rand(1, generator=g))
            x[i] += amp * torch.exp(-((r - cy) ** 2 + (c - cx) ** 2) / (2 * 0.8**2))
        br, bc = (int(v) for v in torch.randint(0, s - 5, (2,), generator=g))
        if float(torch.rand(1, generator=g)) < 0.5:
            x[i, br, bc : bc + 5] += 0.5
        else:
            x[i, br : br + 5, bc] += 0.5
    x = x[:, None]
    y = flip_labels(y, CSPNET_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 6, 3] = float("nan")
    data = split(x, y, n, "counting the bright blobs of an image (a CSPNet-like CNN)", CSPNET_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, CSPNET_CLASSES,
                    batch_size)  # fmt: skip
    return data


class CspnetBlock(nn.Module):
    """A residual bottleneck of CSPDarknet: a 1x1 conv, a 3x3 conv (LeakyReLU 0.1 after each), added to its input."""

    def __init__(self, channels: int) -> None:
        super().__init__()
        self.reduce = nn.Conv2d(channels, channels, 1)
        self.conv = nn.Conv2d(channels, channels, 3, padding=1)

    def forward(self, x: Tensor) -> Tensor:
        return x + F.leaky_relu(self.conv(F.leaky_relu(self.reduce(x), 0.1)), 0.1)


class CspnetNet(nn.Module):
    """A CSPNet-like CNN (Wang et al. 2020, tiny): a 3x3 stem 1 -> 8, a stride-2 3x3 conv 8 -> 16 to 7x7, a cross
    stage partial stage (the 16 channels split 8/8 by two 1x1 convs: one part through 2 residual bottlenecks and a 1x1
    transition, the other left as it is; concatenated and fused by a 1x1 transition 16 -> 16), LeakyReLU 0.1
    throughout, global average pooling, a ReLU layer ``fc`` (16 -> 32) and a ``head`` to the 4 counts. A missing
    (NaN) pixel's NaN spreads. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stem = nn.Conv2d(1, 8, 3, padding=1)
        self.down = nn.Conv2d(8, 16, 3, stride=2, padding=1)
        self.part_main = nn.Conv2d(16, 8, 1)
        self.part_skip = nn.Conv2d(16, 8, 1)
        self.blocks = nn.Sequential(CspnetBlock(8), CspnetBlock(8))
        self.part_transition = nn.Conv2d(8, 8, 1)
        self.fuse = nn.Conv2d(16, 16, 1)
        self.fc = nn.Linear(16, 32)
        self.head = nn.Linear(32, CSPNET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.leaky_relu(self.down(F.leaky_relu(self.stem(x), 0.1)), 0.1)
        main = F.leaky_relu(self.part_transition(self.blocks(F.leaky_relu(self.part_main(h), 0.1))), 0.1)
        skip = F.leaky_relu(self.part_skip(h), 0.1)
        h = F.leaky_relu(self.fuse(torch.cat([main, skip], 1)), 0.1)
        out: Tensor = self.head(F.relu(self.fc(h.mean((2, 3)))))
        return out


ANTISYM_STEPS, ANTISYM_CLASSES, ANTISYM_HIDDEN = 36, 4, 32
"""Series of 36 steps of 2 channels, 4 classes (the signs of an early and a late pulse), an AntisymmetricRNN of 32."""


@lru_cache(maxsize=None)
def antisym_series(n: int = 3000, seed: int = 9713, *, n_val: int = 400, batch_size: int = 32, nan_rows: float = 0.0,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 2-channel series of 36 steps whose class is the signs of two pulses (class 2 x [first > 0] +
    [second > 0]): a Gaussian pulse (width 1.5 steps, amplitude U(0.8, 1.4)) in channel 0 centred at step 3-10 and
    one in channel 1 centred at step 22-31, over a slow random sine in both channels (amplitude 0.3, a period of
    12-30 steps) and N(0, 0.3^2) noise; 5% of the labels random, held-out ones too. x: (series, 36, 2); y:
    (series,). ``nan_rows``: that share of the training series has a missing (NaN) value; ``train_rows``: keep only
    that many training series."""
    g = torch.Generator().manual_seed(seed)
    total, steps = n + n_val, ANTISYM_STEPS
    y = torch.randint(ANTISYM_CLASSES, (total,), generator=g)
    t = torch.arange(float(steps))[None]
    first = torch.where(y // 2 > 0, 1.0, -1.0) * (0.8 + 0.6 * torch.rand(total, generator=g))
    second = torch.where(y % 2 > 0, 1.0, -1.0) * (0.8 + 0.6 * torch.rand(total, generator=g))
    at1 = 3 + 7 * torch.rand(total, 1, generator=g)
    at2 = 22 + 9 * torch.rand(total, 1, generator=g)
    period = 12 + 18 * torch.rand(total, 1, generator=g)
    phase = 6.283 * torch.rand(total, 2, generator=g)
    x = 0.3 * torch.randn(total, steps, 2, generator=g)
    x = x + 0.3 * torch.sin(6.283 * t[..., None] / period[..., None] + phase[:, None])
    x[..., 0] += first[:, None] * torch.exp(-((t - at1) ** 2) / (2 * 1.5**2))
    x[..., 1] += second[:, None] * torch.exp(-((t - at2) ** 2) / (2 * 1.5**2))
    y = flip_labels(y, ANTISYM_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 14, 0] = float("nan")
    data = split(x, y, n, "series classification by the signs of an early and a late pulse (an AntisymmetricRNN)",
                 ANTISYM_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, ANTISYM_CLASSES,
                    batch_size)  # fmt: skip
    return data


class AntisymNet(nn.Module):
    """An AntisymmetricRNN classifier (Chang et al. 2019, gated): h_t = h_(t-1) + eps z_t tanh((W - W^T - gamma I)
    h_(t-1) + V_h x_t + b_h), z_t = sigmoid((W - W^T - gamma I) h_(t-1) + V_z x_t + b_z), eps 0.2, gamma 0.01, 32
    units over the 36 steps (a stable forward-Euler discretisation of an ODE whose Jacobian has imaginary
    eigenvalues), the last state through a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 4 classes. A missing
    (NaN) value's NaN spreads. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, hidden: int = ANTISYM_HIDDEN, eps: float = 0.2, gamma: float = 0.01) -> None:
        super().__init__()
        self.hidden, self.eps, self.gamma = hidden, eps, gamma
        self.w = nn.Parameter(torch.randn(hidden, hidden) / hidden**0.5)
        self.inp = nn.Linear(2, 2 * hidden)
        self.fc = nn.Linear(hidden, 32)
        self.head = nn.Linear(32, ANTISYM_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        a = self.w - self.w.T - self.gamma * torch.eye(self.hidden)
        drive = self.inp(x)
        h = x.new_zeros(x.shape[0], self.hidden)
        for step in range(x.shape[1]):
            cand, gate = drive[:, step].chunk(2, -1)
            ah = h @ a.T
            h = h + self.eps * torch.sigmoid(ah + gate) * torch.tanh(ah + cand)
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


MODERNNCA_FEATURES, MODERNNCA_CLASSES, MODERNNCA_CANDIDATES = 8, 4, 512
"""Rows of 8 numeric features, 4 classes (ln 4 = 1.39 at chance), 512 labelled candidate rows."""


def modernnca_draw(total: int, g: torch.Generator) -> tuple[Tensor, Tensor]:
    """Rows of 8 features N(0, 1) and their class: 2 x [x0 + 0.6 sin(2 x2) + 0.3 N(0, 1) > 0] + [x1 x3 + 0.4 x4 +
    0.3 N(0, 1) > 0] (x5-x7 noise), 5% of the labels random."""
    x = torch.randn(total, MODERNNCA_FEATURES, generator=g)
    a = x[:, 0] + 0.6 * torch.sin(2 * x[:, 2]) + 0.3 * torch.randn(total, generator=g) > 0
    b = x[:, 1] * x[:, 3] + 0.4 * x[:, 4] + 0.3 * torch.randn(total, generator=g) > 0
    y = flip_labels(2 * a.long() + b.long(), MODERNNCA_CLASSES, 0.05, g)
    return x, y


@lru_cache(maxsize=None)
def modernnca_rows(n: int = 4000, seed: int = 9715, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """Tabular classification rows (``modernnca_draw``), 4 classes from two nonlinear rules. x: (rows, 8); y: (rows,).
    ``nan_rows``: that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that many
    training rows."""
    g = torch.Generator().manual_seed(seed)
    x, y = modernnca_draw(n + n_val, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 6] = float("nan")
    data = split(x, y, n, "tabular classification by neighbourhood components (a ModernNCA-like model)",
                 MODERNNCA_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, MODERNNCA_CLASSES,
                    batch_size)  # fmt: skip
    return data


@lru_cache(maxsize=None)
def modernnca_candidates(seed: int = 9716) -> tuple[Tensor, Tensor]:
    """The model's 512 labelled candidate rows: drawn from the same law apart from the training and held-out rows
    (so that no row is its own neighbour)."""
    return modernnca_draw(MODERNNCA_CANDIDATES, torch.Generator().manual_seed(seed))


class ModernncaNet(nn.Module):
    """A ModernNCA-like classifier (Ye et al. 2024, tiny): an encoder (a linear layer 8 -> 64, ReLU, a ReLU layer
    ``fc`` 64 -> 32 and a linear ``head`` 32 -> 16 to the embedding) of the row and of 512 labelled candidate rows; a
    class's log-probability is the log of the softmax weights, exp(-squared distance), of its candidates summed.
    Output (rows, 4): log-probabilities (cross-entropy of them is the NCA loss). A missing (NaN) feature's NaN spreads.
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        cand_x, cand_y = modernnca_candidates()
        self.register_buffer("cand_x", cand_x)
        self.register_buffer("cand_onehot", F.one_hot(cand_y, MODERNNCA_CLASSES).float())
        self.inp = nn.Linear(MODERNNCA_FEATURES, 64)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 16)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def encode(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(F.relu(self.inp(x)))))
        return out

    def forward(self, x: Tensor) -> Tensor:
        z, c = self.encode(x), self.encode(self.cand_x)
        logits = -torch.cdist(z, c).pow(2)
        weights = torch.log_softmax(logits, 1)
        out: Tensor = torch.logsumexp(weights[:, :, None] + torch.log(self.cand_onehot + 1e-30)[None], 1)
        return out


def modernnca_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The NCA loss (cross-entropy of the class log-probabilities) summed over the batch's rows (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


ALAPLACE_FEATURES = 5
"""Rows of 5 features; a target whose noise is asymmetric Laplace of varying scale and skew."""


@lru_cache(maxsize=None)
def alaplace_rows(n: int = 4000, seed: int = 9717, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Regression rows with asymmetric Laplace noise: 5 features N(0, 1), y = 1.2 sin(1.5 x0) + 0.6 x1 - 0.5 x2 x3 +
    noise of scale sigma = 0.3 + 0.5 sigmoid(2 x4) and asymmetry kappa = exp(0.8 tanh(1.5 x3)) (right-skewed for
    kappa < 1, left-skewed above), drawn as sigma (E1 / kappa - kappa E2) with E1, E2 ~ Exp(1). x: (rows, 5); y:
    (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that
    many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, ALAPLACE_FEATURES, generator=g)
    sigma = 0.3 + 0.5 * torch.sigmoid(2 * x[:, 4])
    kappa = torch.exp(0.8 * torch.tanh(1.5 * x[:, 3]))
    e1 = -torch.log(1 - torch.rand(total, generator=g))
    e2 = -torch.log(1 - torch.rand(total, generator=g))
    y = 1.2 * torch.sin(1.5 * x[:, 0]) + 0.6 * x[:, 1] - 0.5 * x[:, 2] * x[:, 3] + sigma * (e1 / kappa - kappa * e2)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1] = float("nan")
    data = split(x, y, n, "probabilistic regression by an asymmetric Laplace likelihood (an MLP of its location, scale "
                 "and asymmetry)", None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class AlaplaceMLP(nn.Module):
    """A ReLU MLP of an asymmetric Laplace law: ``body`` 5 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 3): the location, the log scale and the log asymmetry. Output (rows, 3). ``dead_bias`` < 0 starts
    fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(ALAPLACE_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 3)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def alaplace_terms(out: Tensor, y: Tensor) -> Tensor:
    """Each row's asymmetric Laplace negative log-likelihood (Kotz et al.'s kappa form): log sigma + log(1 + kappa^2)
    - log kappa + (y - mu) kappa / sigma above mu, (mu - y) / (sigma kappa) below it; log sigma clamped to +-6, log
    kappa to +-3."""
    mu, log_sigma, log_kappa = out[:, 0], out[:, 1].clamp(-6, 6), out[:, 2].clamp(-3, 3)
    d = (y - mu) * torch.exp(-log_sigma)
    tail = torch.where(d >= 0, d * torch.exp(log_kappa), -d * torch.exp(-log_kappa))
    return log_sigma + F.softplus(2 * log_kappa) - log_kappa + tail


def alaplace_nll(out: Tensor, y: Tensor) -> Tensor:
    """The asymmetric Laplace NLL, mean over the rows."""
    return alaplace_terms(out, y).mean()


def alaplace_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The asymmetric Laplace NLL summed over the batch's rows (reduction='sum')."""
    return alaplace_terms(out, y).sum()


def alaplace_at_zero() -> float:
    """The NLL of raw outputs of 0 (location 0, scale 1, symmetric): log 2 + mean |y|, its level at init."""
    y = alaplace_rows().y
    return float(alaplace_nll(torch.zeros(len(y), 3), y))
