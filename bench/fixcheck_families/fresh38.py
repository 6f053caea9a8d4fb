"""The thirty-eighth fresh half (fresh38, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``resnext`` a ResNeXt-like CNN (bottleneck blocks of grouped 3 x 3 convolutions of cardinality 4)
naming one of 5 shapes in 12 x 12 images, cross-entropy over 5;
``crossnet`` a Deep & Cross network (DCN-v1: 3 cross layers beside a deep ReLU layer) predicting clicks
from 12 dense features, binary cross-entropy (~0.69 at init);
``ngram`` a Bengio-style feed-forward n-gram language model predicting the next of 12 tokens of a
synthetic trigram grammar from the 3 before it, cross-entropy over 12;
``monotone`` a monotone MLP regressor (positive weights, non-decreasing activations) of an increasing
function of 6 features, the squared error (~1 at init).
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


RESNEXT_SIZE, RESNEXT_CLASSES, RESNEXT_CARDINALITY = 12, 5, 4
"""Images of 12 x 12 pixels; 5 classes, a shape (ln 5 = 1.61 at chance); grouped convolutions of 4 groups."""


@lru_cache(maxsize=None)
def resnext_shapes(n: int = 6000, seed: int = 411, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Shape classification: a soft shape (a disc, a ring, a square outline, a plus, an X) of radius 2.5-4.5 pixels,
    centred at random, of brightness 0.6-1.2, plus N(0, 0.25^2) noise per pixel; 5% of the labels are random (a floor).
    x: (images, 1, 12, 12); y: (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = RESNEXT_SIZE
    grid = torch.arange(s, dtype=torch.float32)
    y = torch.randint(RESNEXT_CLASSES, (total,), generator=g)
    c = 4.0 + 3.0 * torch.rand(total, 2, generator=g)
    r = (2.5 + 2.0 * torch.rand(total, generator=g))[:, None, None]
    dx = grid[None, :, None] - c[:, 0, None, None]
    dy = grid[None, None, :] - c[:, 1, None, None]
    d = torch.sqrt(dx**2 + dy**2)
    u, v = (dx + dy) / math.sqrt(2), (dx - dy) / math.sqrt(2)

    def ridge(t: Tensor) -> Tensor:
        return torch.exp(-(t**2) / (2 * 0.6**2))

    shapes = torch.stack([
        torch.sigmoid(3 * (r - d)),
        ridge(d - r),
        ridge(torch.maximum(dx.abs(), dy.abs()) - r),
        ridge(torch.minimum(dx.abs(), dy.abs())) * torch.sigmoid(3 * (r - torch.maximum(dx.abs(), dy.abs()))),
        ridge(torch.minimum(u.abs(), v.abs())) * torch.sigmoid(3 * (r - torch.maximum(u.abs(), v.abs()))),
    ], 1)  # fmt: skip
    img = shapes[torch.arange(total), y]
    bright = 0.6 + 0.6 * torch.rand(total, 1, 1, generator=g)
    x = (img * bright + 0.25 * torch.randn(total, s, s, generator=g))[:, None]
    y = flip_labels(y, RESNEXT_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 8] = float("nan")
    return split(x, y, n, "shape classification (a ResNeXt-like CNN of grouped convolutions)", RESNEXT_CLASSES, batch_size)


class ResNeXtBlock(nn.Module):
    """A ResNeXt bottleneck block: a 1 x 1 convolution (``reduce``), a grouped 3 x 3 convolution of
    ``RESNEXT_CARDINALITY`` groups (``grouped``), a 1 x 1 convolution (``expand``), ReLUs between, plus the input
    (through a 1 x 1 ``shortcut`` where the widths differ), then a ReLU."""

    def __init__(self, cin: int, cout: int) -> None:
        super().__init__()
        self.reduce = nn.Conv2d(cin, cout, 1)
        self.grouped = nn.Conv2d(cout, cout, 3, padding=1, groups=RESNEXT_CARDINALITY)
        self.expand = nn.Conv2d(cout, cout, 1)
        self.shortcut = nn.Conv2d(cin, cout, 1) if cin != cout else None

    def forward(self, x: Tensor) -> Tensor:
        h = self.expand(F.relu(self.grouped(F.relu(self.reduce(x)))))
        return F.relu(h + (x if self.shortcut is None else self.shortcut(x)))


class TinyResNeXt(nn.Module):
    """A ResNeXt-like CNN: a ``stem`` convolution (1 -> 16, 3 x 3, ReLU), ``block1`` (16 -> 16), a 2 x 2 max-pool,
    ``block2`` (16 -> 32), global average pooling, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 5 classes.
    Output (images, 5). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stem = nn.Conv2d(1, 16, 3, padding=1)
        self.block1 = ResNeXtBlock(16, 16)
        self.block2 = ResNeXtBlock(16, 32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, RESNEXT_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.max_pool2d(self.block1(F.relu(self.stem(x))), 2)
        h = self.block2(h).mean((2, 3))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def resnext_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the shapes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


CROSSNET_FEATURES, CROSSNET_LAYERS = 12, 3
"""Rows of 12 dense features; 3 cross layers."""


@lru_cache(maxsize=None)
def crossnet_clicks(n: int = 16000, seed: int = 412, *, n_val: int = 800, batch_size: int = 64,
                    train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Synthetic click data: 12 dense features N(0, 1) (user, ad and context signals); the click's log-odds: -0.6, a
    linear part over 6 of them, 4 pairwise crosses (x0 x1, x2 x3, x4 x6, x5 x7) and a three-way one (x8 x9 x10), all
    times 3; the click drawn from it (about 40% of the rows click). x: (rows, 12); y: the click, 0 or 1 (rows,).
    ``train_rows``: keep only that many training rows; ``nan_rows``: that share of the training rows has a missing (NaN)
    feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, CROSSNET_FEATURES, generator=g)
    w = torch.tensor([0.8, -0.6, 0.5, 0.4, -0.7, 0.3])
    logit = -0.6 + x[:, :6] @ w + 0.9 * x[:, 0] * x[:, 1] - 0.8 * x[:, 2] * x[:, 3] + 0.7 * x[:, 4] * x[:, 6]
    logit = 3.0 * (logit + 0.6 * x[:, 5] * x[:, 7] + 0.4 * x[:, 8] * x[:, 9] * x[:, 10])
    y = (torch.rand(total, generator=g) < torch.sigmoid(logit)).float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7] = float("nan")
    data = split(x, y, n, "click prediction from dense features (a Deep & Cross network, DCN-v1)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class CrossDeepNet(nn.Module):
    """A Deep & Cross network (DCN-v1, Wang et al. 2017): ``CROSSNET_LAYERS`` cross layers
    x_{l+1} = x0 (x_l . w_l) + b_l + x_l over the 12 features (``cross_w``, ``cross_b``) beside a deep ReLU layer
    ``deep`` (12 -> 32), both concatenated (44) into a ReLU layer ``fc`` (44 -> 32) and a ``head`` (32 -> 1): the
    click's logit (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        d = CROSSNET_FEATURES
        self.cross_w = nn.Parameter(torch.randn(CROSSNET_LAYERS, d) / math.sqrt(d))
        self.cross_b = nn.Parameter(torch.zeros(CROSSNET_LAYERS, d))
        self.deep = nn.Linear(d, 32)
        self.fc = nn.Linear(d + 32, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        xl = x
        for w, b in zip(self.cross_w, self.cross_b):
            xl = x * (xl @ w)[:, None] + b + xl
        h = torch.cat([xl, F.relu(self.deep(x))], 1)
        out: Tensor = self.head(F.relu(self.fc(h))).squeeze(1)
        return out


def crossnet_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the clicks (the mean over the batch)."""
    return F.binary_cross_entropy_with_logits(out, y)


def crossnet_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the batch (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


NGRAM_VOCAB, NGRAM_CONTEXT = 12, 3
"""A vocabulary of 12 tokens (ln 12 = 2.48 at chance); the 3 tokens before the one predicted."""


@lru_cache(maxsize=None)
def ngram_windows(n: int = 6000, seed: int = 413, *, n_val: int = 800, batch_size: int = 32,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Next-token prediction on a synthetic grammar: a second-order (trigram) Markov chain over 12 tokens, the
    distribution of each token given the two before it Dirichlet(0.15) (a few likely continuations each); a row is 3
    consecutive tokens of one long stream and the token after them (the rows overlap; the held-out rows are the
    stream's last windows). x: (rows, 3) token ids (long); y: (rows,). ``train_rows``: keep only that many training
    rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    table = torch._standard_gamma(torch.full((NGRAM_VOCAB, NGRAM_VOCAB, NGRAM_VOCAB), 0.15), generator=g)
    table = table / table.sum(2, keepdim=True)
    stream = torch.empty(total + NGRAM_CONTEXT + 1, dtype=torch.long)
    stream[:2] = torch.randint(NGRAM_VOCAB, (2,), generator=g)
    for t in range(2, len(stream)):
        stream[t] = torch.multinomial(table[stream[t - 2], stream[t - 1]], 1, generator=g)
    x = stream.unfold(0, NGRAM_CONTEXT, 1)[:total]
    y = stream[NGRAM_CONTEXT : NGRAM_CONTEXT + total]
    data = split(x, y, n, "next-token prediction on a synthetic trigram grammar (a feed-forward n-gram LM)", NGRAM_VOCAB, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, NGRAM_VOCAB, batch_size)
    return data


class NeuralNgramLM(nn.Module):
    """A Bengio-style feed-forward n-gram language model: ``embed`` (12 tokens -> 16) of each of the 3 context tokens,
    concatenated (48) into a tanh layer ``hidden`` (48 -> 64), a ReLU layer ``fc`` (64 -> 64) and a ``head`` to the 12
    tokens. Output (rows, 12). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(NGRAM_VOCAB, 16)
        self.hidden = nn.Linear(16 * NGRAM_CONTEXT, 64)
        self.fc = nn.Linear(64, 64)
        self.head = nn.Linear(64, NGRAM_VOCAB)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = torch.tanh(self.hidden(self.embed(x).flatten(1)))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def ngram_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the next tokens summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


MONOTONE_FEATURES = 6
"""Rows of 6 features."""


@lru_cache(maxsize=None)
def monotone_rows(n: int = 4000, seed: int = 414, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0) -> Data:
    """Monotone regression: 6 features U(-2, 2); the clean target softplus(2 x0 + x1) + 0.8 tanh(2 x2) + 0.5 x3 +
    0.3 exp(0.6 x4) + 0.6 sigmoid(4 x5), increasing in every feature, standardised, plus N(0, 0.3^2) noise (a floor).
    x: (rows, 6); y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = 4 * torch.rand(total, MONOTONE_FEATURES, generator=g) - 2
    clean = (F.softplus(2 * x[:, 0] + x[:, 1]) + 0.8 * torch.tanh(2 * x[:, 2]) + 0.5 * x[:, 3] + 0.3 * torch.exp(0.6 * x[:, 4])
             + 0.6 * torch.sigmoid(4 * x[:, 5]))  # fmt: skip
    clean = (clean - clean.mean()) / clean.std()
    y = clean + 0.3 * torch.randn(total, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    return split(x, y, n, "monotone regression (an MLP with positive weights)", None, batch_size)


class PositiveLinear(nn.Linear):
    """A linear layer whose weights are used as their absolute values (|W| x + b): non-decreasing in every input."""

    def forward(self, x: Tensor) -> Tensor:
        return F.linear(x, self.weight.abs(), self.bias)


class MonotoneMLP(nn.Module):
    """A monotone MLP regressor (positive weights, non-decreasing activations): ``inp`` (6 -> 32, tanh), ``hidden``
    (32 -> 32, tanh), a ReLU layer ``fc`` (32 -> 32) and a ``head`` (32 -> 1), all ``PositiveLinear`` (the head's
    weights drawn from U(-0.03, 0.03), so that the output starts near 0): the output is non-decreasing in every feature.
    Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = PositiveLinear(MONOTONE_FEATURES, 32)
        self.hidden = PositiveLinear(32, 32)
        self.fc = PositiveLinear(32, 32)
        self.head = PositiveLinear(32, 1)
        with torch.no_grad():
            self.head.weight.uniform_(-0.03, 0.03)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = torch.tanh(self.hidden(torch.tanh(self.inp(x))))
        out: Tensor = self.head(F.relu(self.fc(h))).squeeze(1)
        return out


def monotone_mse(out: Tensor, y: Tensor) -> Tensor:
    """The squared error, mean over the rows."""
    return F.mse_loss(out, y)


def monotone_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's rows (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def monotone_at_zero() -> float:
    """The squared error of a regressor that predicts 0: its level at init."""
    return float(monotone_mse(torch.zeros(len(monotone_rows().y)), monotone_rows().y))
