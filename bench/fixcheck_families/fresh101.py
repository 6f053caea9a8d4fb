"""The one hundred and third fresh half (fresh101, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


DILNET_SIZE, DILNET_CLASSES = 12, 4
"""12x12 one-channel images of a line segment of one of 4 orientations (ln 4 = 1.39 at chance)."""
DILNET_STEPS = ((0, 1), (1, 0), (1, 1), (1, -1))
"""The 4 orientations' pixel steps: horizontal, vertical, diagonal, anti-diagonal."""


@lru_cache(maxsize=None)
def dilnet_images(n: int = 3000, seed: int = 10111, *, n_val: int = 400, batch_size: int = 32,
                  nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 12x12 one-channel images whose class is the orientation of a 5-pixel line segment
    (``DILNET_STEPS``: horizontal, vertical, diagonal, anti-diagonal; amplitude U(1.3, 1.9)) at a random place, with
    two distractor pixels (amplitude 1.0) elsewhere, over N(0, 0.4^2) noise; 5% of the labels random, held-out ones
    too. x: (images, 1, 12, 12); y: (images,). ``nan_rows``: that share of the training images has a missing (NaN)
    pixel; ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, DILNET_SIZE
    y = torch.randint(DILNET_CLASSES, (total,), generator=g)
    x = 0.4 * torch.randn(total, s, s, generator=g)
    for i in range(total):
        dr, dc = DILNET_STEPS[int(y[i])]
        r = int(torch.randint(0, s - 4 * dr, (1,), generator=g))
        c = int(torch.randint(4 if dc < 0 else 0, s - 4 * max(dc, 0), (1,), generator=g))
        amp = 1.3 + 0.6 * float(torch.rand(1, generator=g))
        for k in range(5):
            x[i, r + k * dr, c + k * dc] += amp
        for _ in range(2):
            pr, pc = (int(v) for v in torch.randint(0, s, (2,), generator=g))
            x[i, pr, pc] += 1.0
    x = x[:, None]
    y = flip_labels(y, DILNET_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 6, 4] = float("nan")
    data = split(x, y, n, "naming the orientation of a line segment in an image (a dilated-convolution CNN)",
                 DILNET_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, DILNET_CLASSES,
                    batch_size)  # fmt: skip
    return data


class DilnetNet(nn.Module):
    """A dilated-convolution CNN (the context module of Yu and Koltun 2016, tiny): 3x3 convolutions 1 -> 12 -> 12 ->
    12 with dilations 1, 2 and 4 (padding = dilation, the 12x12 resolution kept, the receptive field 15x15), ReLU after
    each, global max pooling, a ReLU layer ``fc`` (12 -> 32) and a ``head`` to the 4 orientations. A missing (NaN)
    pixel's NaN spreads. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.convs = nn.ModuleList([nn.Conv2d(1, 12, 3, padding=1, dilation=1),
                                    nn.Conv2d(12, 12, 3, padding=2, dilation=2),
                                    nn.Conv2d(12, 12, 3, padding=4, dilation=4)])  # fmt: skip
        self.fc = nn.Linear(12, 32)
        self.head = nn.Linear(32, DILNET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        for conv in self.convs:
            x = F.relu(conv(x))
        out: Tensor = self.head(F.relu(self.fc(x.amax((2, 3)))))
        return out


MGU_STEPS, MGU_CHANNELS, MGU_CLASSES, MGU_HIDDEN = 18, 2, 4, 24
"""Series of 18 steps of 2 channels, 4 periods (ln 4 = 1.39 at chance), a minimal gated unit of 24 units."""
MGU_PERIODS = (3.0, 4.5, 6.5, 10.0)
"""The 4 classes' periods (steps) of the oscillation on channel 0."""


@lru_cache(maxsize=None)
def mgu_series(n: int = 3000, seed: int = 10113, *, n_val: int = 400, batch_size: int = 32, nan_rows: float = 0.0,
               train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 2-channel series of 18 steps whose class is the period of a sine on channel 0 (``MGU_PERIODS``:
    3, 4.5, 6.5 or 10 steps; a random phase, amplitude U(0.6, 1.2), a random offset N(0, 0.5^2)) over N(0, 0.5^2)
    noise; channel 1 a random walk of N(0, 0.3^2) steps that says nothing; 5% of the labels random, held-out ones
    too. x: (series, 18, 2); y: (series,). ``nan_rows``: that share of the training series has a missing (NaN)
    value; ``train_rows``: keep only that many training series."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    y = torch.randint(MGU_CLASSES, (total,), generator=g)
    period = torch.tensor(MGU_PERIODS)[y]
    phase = 2 * math.pi * torch.rand(total, 1, generator=g)
    amp = 0.6 + 0.6 * torch.rand(total, 1, generator=g)
    t = torch.arange(MGU_STEPS, dtype=torch.float32)
    x = torch.zeros(total, MGU_STEPS, MGU_CHANNELS)
    x[..., 0] = (amp * torch.sin(2 * math.pi * t / period[:, None] + phase) + 0.5 * torch.randn(total, 1, generator=g)
                 + 0.5 * torch.randn(total, MGU_STEPS, generator=g))  # fmt: skip
    x[..., 1] = torch.cumsum(0.3 * torch.randn(total, MGU_STEPS, generator=g), 1)
    y = flip_labels(y, MGU_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7, 1] = float("nan")
    data = split(x, y, n, "naming the period of an oscillation in a series (a minimal gated unit RNN)", MGU_CLASSES,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, MGU_CLASSES,
                    batch_size)  # fmt: skip
    return data


class MguCell(nn.Module):
    """A minimal gated unit (Zhou et al. 2016): one forget gate, f = sigmoid(W_f x + U_f h + b_f), a candidate
    h~ = tanh(W_h x + U_h (f * h) + b_h), h <- (1 - f) h + f h~."""

    def __init__(self, inp: int, hidden: int) -> None:
        super().__init__()
        self.hidden = hidden
        self.inp = nn.Linear(inp, 2 * hidden)
        self.gate = nn.Linear(hidden, hidden, bias=False)
        self.cand = nn.Linear(hidden, hidden, bias=False)

    def forward(self, x: Tensor) -> Tensor:
        h = x.new_zeros(x.shape[0], self.hidden)
        drive_f, drive_h = self.inp(x).chunk(2, -1)
        for t in range(x.shape[1]):
            f = torch.sigmoid(drive_f[:, t] + self.gate(h))
            h = (1 - f) * h + f * torch.tanh(drive_h[:, t] + self.cand(f * h))
        return h


class MguNet(nn.Module):
    """A minimal gated unit classifier: an MGU cell (``MguCell``, 2 -> 24) over the 18 steps, the last state through a
    ReLU layer ``fc`` (24 -> 32) and a ``head`` to the 4 periods. A missing (NaN) value's NaN spreads. ``dead_bias``
    < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.cell = MguCell(MGU_CHANNELS, MGU_HIDDEN)
        self.fc = nn.Linear(MGU_HIDDEN, 32)
        self.head = nn.Linear(32, MGU_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.cell(x))))
        return out


CCPM_FIELDS, CCPM_VOCAB, CCPM_DIM, CCPM_DENSE = 6, 10, 8, 2
"""Click rows of 6 categorical fields of 10 values each and 2 dense features, embeddings of 8."""


@lru_cache(maxsize=None)
def ccpm_rows(n: int = 5000, seed: int = 10115, *, n_val: int = 1000, batch_size: int = 64, nan_rows: float = 0.0,
              train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic click rows: 6 categorical fields of 10 values (stored as floats, the field's index) and 2 dense
    features N(0, 1); each value has a latent vector of 3 (N(0, 1)), the click's logit -0.6 + a first-order weight
    per value (N(0, 0.5^2)) + 1.5 (u_0 . u_1 + u_1 . u_2 - u_3 . u_4 + u_4 . u_5) / sqrt(3) (neighbouring fields
    interact) + 0.8 x_dense0 - 0.5 x_dense1, the click drawn from it. x: (rows, 8); y: (rows,) of 0/1.
    ``nan_rows``: that share of the training rows has a missing (NaN) dense feature; ``train_rows``: keep only that
    many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    ids = torch.randint(CCPM_VOCAB, (total, CCPM_FIELDS), generator=g)
    latent = torch.randn(CCPM_FIELDS, CCPM_VOCAB, 3, generator=g)
    first = 0.5 * torch.randn(CCPM_FIELDS, CCPM_VOCAB, generator=g)
    u = torch.stack([latent[f][ids[:, f]] for f in range(CCPM_FIELDS)], 1)
    dense = torch.randn(total, CCPM_DENSE, generator=g)
    inter = (u[:, 0] * u[:, 1]).sum(-1) + (u[:, 1] * u[:, 2]).sum(-1) - (u[:, 3] * u[:, 4]).sum(-1) + (
        u[:, 4] * u[:, 5]).sum(-1)  # fmt: skip
    logit = (-0.6 + sum(first[f][ids[:, f]] for f in range(CCPM_FIELDS)) + 1.5 * inter / math.sqrt(3)
             + 0.8 * dense[:, 0] - 0.5 * dense[:, 1])  # fmt: skip
    y = (torch.rand(total, generator=g) < torch.sigmoid(logit)).float()
    x = torch.cat([ids.float(), dense], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, CCPM_FIELDS] = float("nan")
    data = split(x, y, n, "click-through prediction of categorical fields (a convolutional click prediction model)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class CcpmNet(nn.Module):
    """A convolutional click prediction model (CCPM, Liu et al. 2015): the 6 fields' embeddings (8) as a sequence, a
    Conv1d along the fields (8 -> 12, width 3, padding 1), tanh, k-max pooling (the 3 largest per channel, in their
    order), a Conv1d (12 -> 12, width 2), tanh; the flattened 24 and the 2 dense features through a ReLU layer ``fc``
    (26 -> 32) and a ``head`` (32 -> 1), plus a bias: the click's logit. Output (rows,). A missing (NaN) dense
    feature's NaN spreads. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.emb = nn.Embedding(CCPM_FIELDS * CCPM_VOCAB, CCPM_DIM)
        nn.init.normal_(self.emb.weight, std=0.3)
        self.register_buffer("offsets", torch.arange(CCPM_FIELDS) * CCPM_VOCAB)
        self.conv1 = nn.Conv1d(CCPM_DIM, 12, 3, padding=1)
        self.conv2 = nn.Conv1d(12, 12, 2)
        self.fc = nn.Linear(24 + CCPM_DENSE, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        ids = x[:, :CCPM_FIELDS].nan_to_num(0).long() + self.offsets
        h = torch.tanh(self.conv1(self.emb(ids).transpose(1, 2)))
        keep = h.topk(3, dim=-1).indices.sort(-1).values
        h = torch.tanh(self.conv2(h.gather(-1, keep)))
        z = F.relu(self.fc(torch.cat([h.flatten(1), x[:, CCPM_FIELDS:]], -1)))
        out: Tensor = self.head(z).squeeze(-1)
        return out


def ccpm_bce(out: Tensor, y: Tensor) -> Tensor:
    """BCE with logits, mean over the rows."""
    return F.binary_cross_entropy_with_logits(out, y)


def ccpm_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """BCE with logits summed over the batch's rows (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


MAXWELL_FEATURES = 6
"""Rows of 6 features; a positive target with a Maxwell-Boltzmann law whose scale depends on them."""


@lru_cache(maxsize=None)
def maxwell_rows(n: int = 4000, seed: int = 10117, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Positive targets with a Maxwell-Boltzmann law (the speed of a particle: the norm of 3 N(0, a^2) components,
    density sqrt(2 / pi) y^2 / a^3 exp(-y^2 / (2 a^2))) whose scale depends on the rows: 6 features N(0, 1), log a =
    0.2 + 0.5 cos(1.2 x0) + 0.35 x1 x2 + 0.3 x3 - 0.2 x4 + 0.25 tanh(x5). x: (rows, 6); y: (rows,). ``nan_rows``:
    that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, MAXWELL_FEATURES, generator=g)
    log_a = (0.2 + 0.5 * torch.cos(1.2 * x[:, 0]) + 0.35 * x[:, 1] * x[:, 2] + 0.3 * x[:, 3] - 0.2 * x[:, 4]
             + 0.25 * torch.tanh(x[:, 5]))  # fmt: skip
    y = torch.exp(log_a) * torch.randn(total, 3, generator=g).norm(dim=1).clamp_min(1e-3)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    data = split(x, y, n, "positive regression by a Maxwell-Boltzmann likelihood (an MLP of its log scale)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class MaxwellMLP(nn.Module):
    """A ReLU MLP of a Maxwell-Boltzmann law: ``body`` 6 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 1): the log scale. Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(MAXWELL_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x)))).squeeze(-1)
        return out


def maxwell_terms(out: Tensor, y: Tensor) -> Tensor:
    """Each row's Maxwell-Boltzmann negative log-likelihood: 3 log a - 2 log y + y^2 / (2 a^2) - log sqrt(2 / pi),
    the log scale clamped to +-6."""
    log_a = out.clamp(-6, 6)
    return 3 * log_a - 2 * torch.log(y) + 0.5 * (y * torch.exp(-log_a)) ** 2 - 0.5 * math.log(2 / math.pi)


def maxwell_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Maxwell-Boltzmann NLL, mean over the rows."""
    return maxwell_terms(out, y).mean()


def maxwell_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Maxwell-Boltzmann NLL summed over the batch's rows (reduction='sum')."""
    return maxwell_terms(out, y).sum()


def maxwell_at_zero() -> float:
    """The NLL of raw outputs of 0 (a = 1), its level at init."""
    y = maxwell_rows().y
    return float(maxwell_nll(torch.zeros(len(y)), y))
