"""The thirty-seventh fresh half (fresh37, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``hopfield`` a modern Hopfield (associative memory) classifier: the state pattern of a corrupted binary
pattern retrieved in 2 softmax updates over 24 learned stored patterns, naming the class of the stored
pattern it came from, cross-entropy over 6;
``bytecnn`` a byte-level 1-D CNN (byte embeddings, two convolutions, max over time) naming which of 5
synthetic byte-bigram sources wrote a string of 32 bytes, cross-entropy over 5;
``condconv`` a CNN of two CondConv layers (4 expert kernels mixed per image by a routing function of
its pooled input) naming the orientation of a bar in 12 x 12 images, cross-entropy over 6;
``logcosh`` a ReLU MLP regressing a smooth function of 12 features under heavy-tailed (Student-t) noise,
the log-cosh loss (~0.5 at init).
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


HOPFIELD_DIM, HOPFIELD_CLASSES, HOPFIELD_MEMORY = 24, 6, 24
"""Binary (+-1) patterns of 24 bits, 3 per class; 6 classes (ln 6 = 1.79 at chance); 24 learned stored patterns."""


@lru_cache(maxsize=None)
def hopfield_patterns(n: int = 6000, seed: int = 401, *, n_val: int = 800, batch_size: int = 32,
                      train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Associative recall: 18 random binary patterns of 24 bits (+-1), 3 per class; a row is one of them with 15% of its
    bits flipped and 25% masked (set to 0), plus N(0, 0.3^2) noise; the class is that of the pattern; 5% of the labels
    are random (a floor). x: (rows, 24); y: (rows,). ``train_rows``: keep only that many training rows; ``nan_rows``:
    that share of the training rows has a missing (NaN) bit."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    stored = torch.randint(2, (3 * HOPFIELD_CLASSES, HOPFIELD_DIM), generator=g).float() * 2 - 1
    which = torch.randint(3 * HOPFIELD_CLASSES, (total,), generator=g)
    x = stored[which]
    x = torch.where(torch.rand(total, HOPFIELD_DIM, generator=g) < 0.15, -x, x)
    x = x * (torch.rand(total, HOPFIELD_DIM, generator=g) >= 0.25).float() + 0.3 * torch.randn(total, HOPFIELD_DIM, generator=g)
    y = flip_labels(which // 3, HOPFIELD_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 11] = float("nan")
    data = split(x, y, n, "associative recall of corrupted binary patterns (a modern Hopfield classifier)",
                 HOPFIELD_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, HOPFIELD_CLASSES, batch_size)
    return data


class HopfieldClassifier(nn.Module):
    """A modern Hopfield (associative memory) classifier: ``query`` (24 -> 32) maps the input to a state pattern, 2
    updates xi <- softmax(beta xi M^T) M over the ``memory`` M of 24 learned stored patterns (beta = 1 / sqrt(32)), the
    retrieved pattern plus the state to a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 6 classes.
    Output (rows, 6). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.query = nn.Linear(HOPFIELD_DIM, 32)
        self.memory = nn.Parameter(torch.randn(HOPFIELD_MEMORY, 32))
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, HOPFIELD_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        state = self.query(x)
        xi = state
        for _ in range(2):
            xi = torch.softmax(xi @ self.memory.T / math.sqrt(32), 1) @ self.memory
        out: Tensor = self.head(F.relu(self.fc(xi + state)))
        return out


def hopfield_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


BYTECNN_LENGTH, BYTECNN_CLASSES = 32, 5
"""Strings of 32 bytes; 5 classes, the source that wrote them (ln 5 = 1.61 at chance)."""


@lru_cache(maxsize=None)
def bytecnn_strings(n: int = 6000, seed: int = 402, *, n_val: int = 800, batch_size: int = 32,
                    train_rows: int | None = None) -> Data:  # fmt: skip
    """Source identification of byte strings: 5 sources, each a Markov chain over 28 byte values (a-z, space, '.'),
    its bigram transitions 0.3 x a shared table plus 0.7 x its own (rows Dirichlet(0.2)); a row is 32 bytes of one
    source, its first byte uniform; 5% of the labels are random (a floor). x: (rows, 32) byte values (long); y: (rows,).
    ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    alphabet = torch.tensor([*range(97, 123), 32, 46])
    k = len(alphabet)

    def table() -> Tensor:
        t = torch._standard_gamma(torch.full((k, k), 0.2), generator=g)
        return t / t.sum(1, keepdim=True)

    shared = table()
    chains = torch.stack([0.3 * shared + 0.7 * table() for _ in range(BYTECNN_CLASSES)])
    y = torch.randint(BYTECNN_CLASSES, (total,), generator=g)
    idx = torch.empty(total, BYTECNN_LENGTH, dtype=torch.long)
    idx[:, 0] = torch.randint(k, (total,), generator=g)
    for t in range(1, BYTECNN_LENGTH):
        idx[:, t] = torch.multinomial(chains[y, idx[:, t - 1]], 1, generator=g).squeeze(1)
    x = alphabet[idx]
    y = flip_labels(y, BYTECNN_CLASSES, 0.05, g)
    data = split(x, y, n, "byte-level source identification of strings (a byte CNN)", BYTECNN_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, BYTECNN_CLASSES, batch_size)
    return data


class ByteCNN(nn.Module):
    """A byte-level 1-D CNN: ``embed`` (256 byte values -> 16), ``conv1`` (16 -> 32, width 3, ReLU), a max-pool of 2,
    ``conv2`` (32 -> 32, width 3, ReLU), max over time, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 5 classes.
    Output (rows, 5). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(256, 16)
        self.conv1 = nn.Conv1d(16, 32, 3, padding=1)
        self.conv2 = nn.Conv1d(32, 32, 3, padding=1)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, BYTECNN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.max_pool1d(F.relu(self.conv1(self.embed(x).transpose(1, 2))), 2)
        h = F.relu(self.conv2(h)).amax(2)
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def bytecnn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the sources summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


CONDCONV_SIZE, CONDCONV_CLASSES, CONDCONV_EXPERTS = 12, 6, 4
"""Images of 12 x 12 pixels; 6 classes, a bar's orientation (ln 6 = 1.79 at chance); 4 expert kernels a layer."""


@lru_cache(maxsize=None)
def condconv_bars(n: int = 6000, seed: int = 403, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Orientation classification: a bar (a Gaussian ridge 0.8 pixels wide, 4-8 pixels long) at one of 6 orientations
    30 degrees apart (the class), centred at random, of brightness 0.6-1.4, plus N(0, 0.4^2) noise per pixel; 5% of the
    labels are random (a floor). x: (images, 1, 12, 12); y: (images,). ``nan_rows``: that share of the training images
    has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = CONDCONV_SIZE
    grid = torch.arange(s, dtype=torch.float32)
    y = torch.randint(CONDCONV_CLASSES, (total,), generator=g)
    angle = y.float() * (math.pi / CONDCONV_CLASSES)
    c = 3.5 + 5.0 * torch.rand(total, 2, generator=g)
    half = (2.0 + 2.0 * torch.rand(total, generator=g))[:, None, None]
    dx = grid[None, :, None] - c[:, 0, None, None]
    dy = grid[None, None, :] - c[:, 1, None, None]
    along = dx * angle.cos()[:, None, None] + dy * angle.sin()[:, None, None]
    across = -dx * angle.sin()[:, None, None] + dy * angle.cos()[:, None, None]
    bar = torch.exp(-(across**2) / (2 * 0.8**2)) * torch.sigmoid(3 * (half - along.abs()))
    bright = 0.6 + 0.8 * torch.rand(total, 1, 1, generator=g)
    x = (bar * bright + 0.4 * torch.randn(total, s, s, generator=g))[:, None]
    y = flip_labels(y, CONDCONV_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 6, 3] = float("nan")
    return split(x, y, n, "bar orientation classification (a CondConv CNN)", CONDCONV_CLASSES, batch_size)


class CondConv2d(nn.Module):
    """A conditionally parameterised convolution (CondConv): 4 expert kernels (and biases) mixed per image by
    ``route`` (sigmoid of a linear map of the input's global average), the image convolved with its own mixture
    (3 x 3, padding 1; a grouped convolution over the batch)."""

    def __init__(self, cin: int, cout: int) -> None:
        super().__init__()
        self.cin, self.cout = cin, cout
        self.route = nn.Linear(cin, CONDCONV_EXPERTS)
        self.experts = nn.Parameter(torch.randn(CONDCONV_EXPERTS, cout, cin, 3, 3) / math.sqrt(9 * cin))
        self.bias = nn.Parameter(torch.zeros(CONDCONV_EXPERTS, cout))

    def forward(self, x: Tensor) -> Tensor:
        b = len(x)
        r = torch.sigmoid(self.route(x.mean((2, 3))))
        w = (r @ self.experts.flatten(1)).reshape(b * self.cout, self.cin, 3, 3)
        out = F.conv2d(x.reshape(1, b * self.cin, *x.shape[2:]), w, (r @ self.bias).flatten(), padding=1, groups=b)
        return out.reshape(b, self.cout, *x.shape[2:])


class CondConvNet(nn.Module):
    """A CondConv CNN: ``cond1`` (1 -> 16, ReLU), a 2 x 2 max-pool, ``cond2`` (16 -> 32, ReLU), global max pooling, a
    ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 6 classes. Output (images, 6). ``dead_bias`` < 0 starts fc's
    biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.cond1 = CondConv2d(1, 16)
        self.cond2 = CondConv2d(16, 32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, CONDCONV_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.max_pool2d(F.relu(self.cond1(x)), 2)
        h = F.relu(self.cond2(h)).amax((2, 3))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def condconv_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the orientations summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


LOGCOSH_FEATURES = 12
"""Rows of 12 features."""


@lru_cache(maxsize=None)
def logcosh_rows(n: int = 4000, seed: int = 404, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0) -> Data:
    """Regression with heavy-tailed noise: 12 features N(0, 1); the clean target 1.5 sin(x0) + x1 x2 + 0.5 x3^2 +
    tanh(x4 + x5) - 0.5 x6, standardised, plus 0.3 x Student-t noise with 2 degrees of freedom, clamped at +-10
    (outliers; a floor).
    x: (rows, 12); y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, LOGCOSH_FEATURES, generator=g)
    clean = 1.5 * torch.sin(x[:, 0]) + x[:, 1] * x[:, 2] + 0.5 * x[:, 3] ** 2 + torch.tanh(x[:, 4] + x[:, 5]) - 0.5 * x[:, 6]
    clean = (clean - clean.mean()) / clean.std()
    chi = 2 * torch._standard_gamma(torch.full((total,), 1.0), generator=g)  # chi-square with 2 degrees of freedom
    y = clean + (0.3 * torch.randn(total, generator=g) / torch.sqrt(chi / 2)).clamp(-10, 10)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 8] = float("nan")
    return split(x, y, n, "regression under heavy-tailed noise (an MLP, the log-cosh loss)", None, batch_size)


class LogCoshMLP(nn.Module):
    """A ReLU MLP regressor: ``inp`` (12 -> 64), ``hidden`` (64 -> 64), a ReLU layer ``fc`` (64 -> 32) and a ``head``
    (32 -> 1). Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(LOGCOSH_FEATURES, 64)
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


def logcosh_loss(out: Tensor, y: Tensor) -> Tensor:
    """The log-cosh loss, mean over the rows: log cosh(d) = |d| + softplus(-2 |d|) - ln 2 (no overflow)."""
    d = (out - y).abs()
    return (d + F.softplus(-2 * d) - math.log(2)).mean()


def logcosh_summed(out: Tensor, y: Tensor) -> Tensor:
    """The log-cosh loss summed over the batch's rows."""
    d = (out - y).abs()
    return (d + F.softplus(-2 * d) - math.log(2)).sum()


def logcosh_at_zero() -> float:
    """The log-cosh loss of a regressor that predicts 0: its level at init."""
    return float(logcosh_loss(torch.zeros(len(logcosh_rows().y)), logcosh_rows().y))
