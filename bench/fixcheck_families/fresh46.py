"""The forty-eighth fresh half (fresh46, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``coordconv`` a CoordConv CNN (two coordinate channels appended to the image, two convolutions, global max
pooling) naming the cell of a 3 x 3 grid that holds a dot in 12 x 12 images, cross-entropy over 9;
``mingru`` a minGRU sequence classifier (gates and candidates from the input only, no recurrent
weights) naming the token boosted in noisy one-hot sequences of 16 steps, cross-entropy over 5;
``widedeep`` Wide & Deep (a linear part over the values and their pairwise crosses, an MLP over value
embeddings) of a click log of 4 categorical fields and 2 dense features, BCE with logits (~0.7 at init);
``vonmises`` a circular regression MLP predicting the von Mises natural parameters of an angle (its mean
direction and concentration), the von Mises negative log-likelihood (~1.9 at init).
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


COORDCONV_SIZE, COORDCONV_GRID = 12, 3
"""Images of 12 x 12 pixels; the dot's cell in a 3 x 3 grid: 9 classes (ln 9 = 2.20 at chance)."""
COORDCONV_CLASSES = COORDCONV_GRID * COORDCONV_GRID


@lru_cache(maxsize=None)
def coordconv_dots(n: int = 6000, seed: int = 461, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Where is the dot: a 2 x 2 dot at a random place of a 12 x 12 image at brightness 0.8-1.4, plus N(0, 0.3^2) noise
    per pixel; the class its centre's cell in a 3 x 3 grid of 4 x 4 cells (row-major), 5% random labels (a floor).
    x: (images, 1, 12, 12); y: (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = COORDCONV_SIZE
    at = torch.randint(s - 1, (total, 2), generator=g)
    bright = 0.8 + 0.6 * torch.rand(total, generator=g)
    x = 0.3 * torch.randn(total, s, s, generator=g)
    for i in range(total):
        r, c = int(at[i, 0]), int(at[i, 1])
        x[i, r : r + 2, c : c + 2] += bright[i]
    cell = s // COORDCONV_GRID
    y = ((at[:, 0] + 1) // cell).clamp(max=COORDCONV_GRID - 1) * COORDCONV_GRID + ((at[:, 1] + 1) // cell).clamp(max=COORDCONV_GRID - 1)
    y = flip_labels(y, COORDCONV_CLASSES, 0.05, g)
    x = x[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 3, 7] = float("nan")
    return split(x, y, n, "where is the dot (a CoordConv CNN)", COORDCONV_CLASSES, batch_size)


class CoordConvNet(nn.Module):
    """A CoordConv CNN (Liu et al. 2018): two coordinate channels (row and column, -1 to 1) appended to the image, a
    ``conv1`` (3 -> 16, 3 x 3, ReLU), a ``conv2`` (16 -> 16, 3 x 3, ReLU), global max pooling, a ReLU layer ``fc``
    (16 -> 32) and a ``head`` to the 9 cells. Output (images, 9). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        s = COORDCONV_SIZE
        ramp = torch.linspace(-1.0, 1.0, s)
        self.register_buffer("coords", torch.stack([ramp[:, None].expand(s, s), ramp[None, :].expand(s, s)])[None])
        self.conv1 = nn.Conv2d(3, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 16, 3, padding=1)
        self.fc = nn.Linear(16, 32)
        self.head = nn.Linear(32, COORDCONV_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = torch.cat([x, self.coords.expand(len(x), -1, -1, -1)], 1)
        h = F.relu(self.conv2(F.relu(self.conv1(h))))
        out: Tensor = self.head(F.relu(self.fc(h.amax((2, 3)))))
        return out


def coordconv_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the cells summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


MINGRU_STEPS, MINGRU_TOKENS, MINGRU_CLASSES = 16, 8, 5
"""Sequences of 16 steps over 8 tokens; 5 classes (ln 5 = 1.61 at chance)."""


@lru_cache(maxsize=None)
def mingru_counts(n: int = 4000, seed: int = 462, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Which token is boosted: each of 16 steps draws the class's token (0-4) with probability 0.3, else one of the 8
    tokens uniformly; a step is its token's one-hot vector times 0.8-1.2 plus N(0, 0.2^2) noise; 5% random labels (a
    floor). x: (sequences, 16, 8); y: (sequences,). ``nan_rows``: that share of the training sequences has a missing
    (NaN) value."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    y = torch.randint(MINGRU_CLASSES, (total,), generator=g)
    boosted = torch.rand(total, MINGRU_STEPS, generator=g) < 0.3
    tokens = torch.where(boosted, y[:, None], torch.randint(MINGRU_TOKENS, (total, MINGRU_STEPS), generator=g))
    scale = 0.8 + 0.4 * torch.rand(total, MINGRU_STEPS, 1, generator=g)
    x = F.one_hot(tokens, MINGRU_TOKENS).float() * scale + 0.2 * torch.randn(total, MINGRU_STEPS, MINGRU_TOKENS, generator=g)
    y = flip_labels(y, MINGRU_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 9, 2] = float("nan")
    return split(x, y, n, "which token is boosted (a minGRU sequence classifier)", MINGRU_CLASSES, batch_size)


class MinGRUNet(nn.Module):
    """A minGRU sequence classifier (Feng et al. 2024): the update gate z_t = sigmoid(``gate``(x_t)) and the candidate
    ``cand``(x_t) come from the input only (8 -> 32 each, no recurrent weights), h_t = (1 - z_t) h_(t-1) + z_t cand_t from
    h_0 = 0; the last state through a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 5 classes. Output
    (sequences, 5). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.gate = nn.Linear(MINGRU_TOKENS, 32)
        self.cand = nn.Linear(MINGRU_TOKENS, 32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, MINGRU_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        z, cand = torch.sigmoid(self.gate(x)), self.cand(x)
        h = torch.zeros(len(x), 32)
        for t in range(x.shape[1]):
            h = (1 - z[:, t]) * h + z[:, t] * cand[:, t]
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def mingru_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


WIDEDEEP_FIELDS, WIDEDEEP_VALUES, WIDEDEEP_DENSE = 4, 12, 2
"""Click rows of 4 categorical fields of 12 values each and 2 dense features."""
WIDEDEEP_PAIRS = ((0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3))
"""The crossed field pairs of the wide part."""


@lru_cache(maxsize=None)
def widedeep_clicks(n: int = 4000, seed: int = 463, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                    train_rows: int | None = None) -> Data:  # fmt: skip
    """A synthetic click log: 4 categorical fields of 12 values each (uniform) and 2 dense features N(0, 1); the click's
    logit a random bias per value, a random effect per crossed value pair of the fields (0, 1) and (2, 3), and
    1.2 sin(2 d0) + 0.8 |d1|, standardised to a spread of 4, the click drawn Bernoulli. x: (rows, 6): the 4 value ids
    (as floats), then the 2 dense features; y: (rows,) 0/1 floats. ``nan_rows``: that share of the training rows has a
    missing (NaN) dense feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    ids = torch.randint(WIDEDEEP_VALUES, (total, WIDEDEEP_FIELDS), generator=g)
    dense = torch.randn(total, WIDEDEEP_DENSE, generator=g)
    bias = 0.5 * torch.randn(WIDEDEEP_FIELDS, WIDEDEEP_VALUES, generator=g)
    cross = torch.randn(2, WIDEDEEP_VALUES, WIDEDEEP_VALUES, generator=g)
    logit = bias[torch.arange(WIDEDEEP_FIELDS)[None, :], ids].sum(1) + cross[0, ids[:, 0], ids[:, 1]] + cross[1, ids[:, 2], ids[:, 3]]
    logit = (logit - logit.mean()) / logit.std() + 1.2 * torch.sin(2 * dense[:, 0]) + 0.8 * dense[:, 1].abs()
    logit = 4 * (logit - logit.mean()) / logit.std()
    y = (torch.rand(total, generator=g) < torch.sigmoid(logit)).float()
    x = torch.cat([ids.float(), dense], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, WIDEDEEP_FIELDS + 1] = float("nan")
    data = split(x, y, n, "click-through prediction (Wide & Deep)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class WideDeepNet(nn.Module):
    """Wide & Deep (Cheng et al. 2016): the wide part a linear weight per value (``wide``) and per crossed value pair of
    the 6 field pairs (``crossed``) and of the dense features; the deep part 4-d value embeddings (``embed``) and the 2
    dense features through a ReLU layer ``hidden`` (18 -> 64), a ReLU layer ``fc`` (64 -> 32) and a ``head`` (32 -> 1);
    the logit their sum. Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        v = WIDEDEEP_VALUES
        self.register_buffer("offsets", torch.arange(WIDEDEEP_FIELDS) * v)
        self.wide = nn.Embedding(WIDEDEEP_FIELDS * v, 1)
        self.crossed = nn.Embedding(len(WIDEDEEP_PAIRS) * v * v, 1)
        self.dense_linear = nn.Linear(WIDEDEEP_DENSE, 1)
        self.embed = nn.Embedding(WIDEDEEP_FIELDS * v, 4)
        with torch.no_grad():
            self.wide.weight.mul_(0.01)
            self.crossed.weight.mul_(0.01)
        self.hidden = nn.Linear(WIDEDEEP_FIELDS * 4 + WIDEDEEP_DENSE, 64)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        v = WIDEDEEP_VALUES
        raw = x[:, :WIDEDEEP_FIELDS].nan_to_num(0.0).long()
        dense = x[:, WIDEDEEP_FIELDS:]
        pairs = torch.stack([k * v * v + raw[:, i] * v + raw[:, j] for k, (i, j) in enumerate(WIDEDEEP_PAIRS)], 1)
        wide = self.wide(raw + self.offsets).sum((1, 2)) + self.crossed(pairs).sum((1, 2)) + self.dense_linear(dense).squeeze(1)
        e = self.embed(raw + self.offsets).flatten(1)
        deep = self.head(F.relu(self.fc(F.relu(self.hidden(torch.cat([e, dense], 1)))))).squeeze(1)
        out: Tensor = wide + deep
        return out


def widedeep_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the clicks, mean over the rows."""
    return F.binary_cross_entropy_with_logits(out, y)


VONMISES_FEATURES = 8
"""Rows of 8 features; the target an angle in (-pi, pi]."""


@lru_cache(maxsize=None)
def vonmises_angles(n: int = 4000, seed: int = 464, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Circular regression: 8 features N(0, 1); the angle the direction of a random tanh network 8-16-2 of them plus
    N(0, 0.4^2) noise (about a von Mises concentration of 6), wrapped to (-pi, pi]. x: (rows, 8); y: (rows,).
    ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, VONMISES_FEATURES, generator=g)
    w1 = torch.randn(VONMISES_FEATURES, 16, generator=g) / math.sqrt(VONMISES_FEATURES)
    w2 = torch.randn(16, 2, generator=g) / 2
    d = torch.tanh(1.5 * x @ w1) @ w2
    angle = torch.atan2(d[:, 1], d[:, 0]) + 0.4 * torch.randn(total, generator=g)
    y = torch.atan2(torch.sin(angle), torch.cos(angle))
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5] = float("nan")
    return split(x, y, n, "circular regression of an angle (von Mises negative log-likelihood)", None, batch_size)


class VonMisesNet(nn.Module):
    """A circular regression MLP: a ReLU MLP 8 -> 64 -> 64 (``body``), a ReLU layer ``fc`` (64 -> 32) and a ``head`` (32 ->
    2): the von Mises natural parameters kappa (cos mu, sin mu), the mean direction mu their direction and the
    concentration kappa their norm. Output (rows, 2). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(VONMISES_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def vonmises_terms(out: Tensor, y: Tensor) -> Tensor:
    """The von Mises negative log-likelihood of each angle from its natural parameters (out0, out1) = kappa (cos mu, sin
    mu): -(out0 cos y + out1 sin y) + ln(2 pi I0(kappa)), kappa their norm; ln I0(kappa) = ln i0e(kappa) + kappa (stable
    for a large kappa). ln(2 pi) = 1.84 at kappa = 0."""
    kappa = torch.sqrt(out[:, 0] ** 2 + out[:, 1] ** 2 + 1e-12)
    return -(out[:, 0] * torch.cos(y) + out[:, 1] * torch.sin(y)) + math.log(2 * math.pi) + torch.log(torch.special.i0e(kappa)) + kappa


def vonmises_nll(out: Tensor, y: Tensor) -> Tensor:
    """The von Mises negative log-likelihood, mean over the rows."""
    return vonmises_terms(out, y).mean()


def vonmises_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The von Mises negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return vonmises_terms(out, y).sum()
