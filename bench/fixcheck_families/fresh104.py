"""The one hundred and sixth fresh half (fresh104, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


NLNET_SIZE, NLNET_CLASSES = 12, 4
"""12x12 one-channel images holding 1-4 small squares (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def nlnet_images(n: int = 3000, seed: int = 10411, *, n_val: int = 600, batch_size: int = 32,
                 nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 12x12 one-channel images whose class is the number (1-4) of 2x2 filled squares drawn at random
    places (amplitude U(1.4, 2.0)), with 3 single bright distractor pixels of the same amplitude, over N(0, 0.4^2)
    noise; 5% of the labels random, held-out ones too. x: (images, 1, 12, 12); y: (images,) = count - 1.
    ``nan_rows``: that share of the training images has a missing (NaN) pixel; ``train_rows``: keep only that many
    training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, NLNET_SIZE
    y = torch.randint(NLNET_CLASSES, (total,), generator=g)
    x = 0.4 * torch.randn(total, s, s, generator=g)
    for i in range(total):
        amp = 1.4 + 0.6 * float(torch.rand(1, generator=g))
        for _ in range(int(y[i]) + 1):
            r, c = (int(v) for v in torch.randint(0, s - 1, (2,), generator=g))
            x[i, r:r + 2, c:c + 2] = amp + 0.4 * torch.randn(2, 2, generator=g)
        for _ in range(3):
            r, c = (int(v) for v in torch.randint(0, s, (2,), generator=g))
            x[i, r, c] += amp
    x = x[:, None]
    y = flip_labels(y, NLNET_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 6, 3] = float("nan")
    data = split(x, y, n, "counting small squares among distractor pixels (a CNN with a non-local block)",
                 NLNET_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, NLNET_CLASSES,
                    batch_size)  # fmt: skip
    return data


class NlnetBlock(nn.Module):
    """A non-local block (Wang et al. 2018, embedded Gaussian): 1x1 convs theta, phi and g (C -> C/2), each position
    attends to all positions by softmax(theta^T phi / sqrt(C/2)), the attended g through a 1x1 conv ``w`` (C/2 -> C)
    added to the input (a residual)."""

    def __init__(self, channels: int) -> None:
        super().__init__()
        half = channels // 2
        self.theta = nn.Conv2d(channels, half, 1)
        self.phi = nn.Conv2d(channels, half, 1)
        self.g = nn.Conv2d(channels, half, 1)
        self.w = nn.Conv2d(half, channels, 1)
        self.scale = half**-0.5

    def forward(self, x: Tensor) -> Tensor:
        b, c, h, w = x.shape
        q = self.theta(x).flatten(2).transpose(1, 2)  # (b, hw, c/2)
        k = self.phi(x).flatten(2)  # (b, c/2, hw)
        v = self.g(x).flatten(2).transpose(1, 2)  # (b, hw, c/2)
        att = torch.softmax(q @ k * self.scale, -1)
        y = (att @ v).transpose(1, 2).reshape(b, c // 2, h, w)
        out: Tensor = x + self.w(y)
        return out


class NlnetNet(nn.Module):
    """A CNN with a non-local block: a 3x3 conv 1 -> 8 at 12x12 (ReLU), 2x2 max pooling, a 3x3 conv 8 -> 16 at 6x6
    (ReLU), a non-local block (``NlnetBlock``) over the 36 positions, global average pooling, a ReLU layer ``fc``
    (16 -> 32) and a ``head`` to the 4 counts. A missing (NaN) pixel's NaN spreads. ``dead_bias`` < 0 starts fc's
    biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.c1 = nn.Conv2d(1, 8, 3, padding=1)
        self.c2 = nn.Conv2d(8, 16, 3, padding=1)
        self.nl = NlnetBlock(16)
        self.fc = nn.Linear(16, 32)
        self.head = nn.Linear(32, NLNET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.max_pool2d(F.relu(self.c1(x)), 2)
        h = self.nl(F.relu(self.c2(h))).mean((2, 3))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


IRNN_STEPS, IRNN_CHANNELS, IRNN_CLASSES, IRNN_HIDDEN = 20, 2, 4, 24
"""Series of 20 steps of 2 channels, 4 channel orders (ln 4 = 1.39 at chance), an IRNN of 24 units."""


@lru_cache(maxsize=None)
def irnn_series(n: int = 3000, seed: int = 10413, *, n_val: int = 400, batch_size: int = 32,
                nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 2-channel series of 20 steps whose class is the channels of two positive pulses (one in steps 0-8,
    one in steps 10-18, each 2 steps of height U(1.0, 1.6)): 2 x (channel of the first) + (channel of the second),
    over N(0, 0.35^2) noise, with 0-3 negative decoy pulses on either channel that do not count; 5% of the labels
    random, held-out ones too. x: (series, 20, 2); y: (series,). ``nan_rows``: that share of the training series has
    a missing (NaN) value; ``train_rows``: keep only that many training series."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    y = torch.randint(IRNN_CLASSES, (total,), generator=g)
    x = 0.35 * torch.randn(total, IRNN_STEPS, IRNN_CHANNELS, generator=g)
    for i in range(total):
        for half, ch in enumerate((int(y[i]) // 2, int(y[i]) % 2)):
            t = 10 * half + int(torch.randint(0, 8, (1,), generator=g))
            x[i, t:t + 2, ch] += 1.0 + 0.6 * float(torch.rand(1, generator=g))
        for _ in range(int(torch.randint(4, (1,), generator=g))):
            t = int(torch.randint(0, IRNN_STEPS - 1, (1,), generator=g))
            ch = int(torch.randint(2, (1,), generator=g))
            x[i, t:t + 2, ch] -= 1.0 + 0.6 * float(torch.rand(1, generator=g))
    y = flip_labels(y, IRNN_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 11, 0] = float("nan")
    data = split(x, y, n, "naming the channels of two pulses beside negative decoys (an IRNN)", IRNN_CLASSES,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, IRNN_CLASSES,
                    batch_size)  # fmt: skip
    return data


class IrnnNet(nn.Module):
    """An IRNN classifier (Le et al. 2015): a ReLU RNN h <- relu(W x + U h + b) of 24 units whose recurrent matrix U
    starts at the identity and b at 0, over the 20 steps, the last state through a ReLU layer ``fc`` (24 -> 32) and
    a ``head`` to the 4 channel orders. A missing (NaN) value's NaN spreads. ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(IRNN_CHANNELS, IRNN_HIDDEN)
        self.rec = nn.Linear(IRNN_HIDDEN, IRNN_HIDDEN, bias=False)
        with torch.no_grad():
            self.rec.weight.copy_(torch.eye(IRNN_HIDDEN))
            self.inp.bias.zero_()
        self.fc = nn.Linear(IRNN_HIDDEN, 32)
        self.head = nn.Linear(32, IRNN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = x.new_zeros(x.shape[0], IRNN_HIDDEN)
        wx = self.inp(x)
        for t in range(x.shape[1]):
            h = F.relu(wx[:, t] + self.rec(h))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


AFN_FIELDS, AFN_VOCAB, AFN_DIM, AFN_DENSE, AFN_NEURONS = 6, 8, 8, 2, 12
"""Rows of 6 categorical fields of 8 values each and 2 dense features, embeddings of 8, 12 logarithmic neurons."""


@lru_cache(maxsize=None)
def afn_rows(n: int = 10000, seed: int = 10415, *, n_val: int = 1000, batch_size: int = 64, nan_rows: float = 0.0,
             train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic click rows: 6 categorical fields of 8 values (stored as floats, the value's index) and 2 dense
    features N(0, 1); the click's logit -0.4 + a weight per value (N(0, 0.5^2)) + the dot products of per-value
    factors (N(0, 0.7^2), 4-d) of fields 0 and 1 and of fields 2 and 3 + a third-order term, 0.8 the product of a
    per-value scalar of fields 3, 4 and 5 (N(0, 1) each) + 0.5 x0 a per-value slope of field 2, the click drawn from
    it. x: (rows, 8); y: (rows,) of 0/1. ``nan_rows``: that share of the training rows has a missing (NaN) dense
    feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    ids = torch.randint(AFN_VOCAB, (total, AFN_FIELDS), generator=g)
    first = 0.5 * torch.randn(AFN_FIELDS, AFN_VOCAB, generator=g)
    fac = 0.7 * torch.randn(AFN_FIELDS, AFN_VOCAB, 4, generator=g)
    sc = torch.randn(AFN_FIELDS, AFN_VOCAB, generator=g)
    slope = torch.randn(AFN_VOCAB, generator=g)
    d = torch.randn(total, AFN_DENSE, generator=g)
    logit = (-0.4 + sum(first[f][ids[:, f]] for f in range(AFN_FIELDS))
             + (fac[0][ids[:, 0]] * fac[1][ids[:, 1]]).sum(1) + (fac[2][ids[:, 2]] * fac[3][ids[:, 3]]).sum(1)
             + 0.8 * sc[3][ids[:, 3]] * sc[4][ids[:, 4]] * sc[5][ids[:, 5]] + 0.5 * d[:, 0] * slope[ids[:, 2]])  # fmt: skip
    y = (torch.rand(total, generator=g) < torch.sigmoid(logit)).float()
    x = torch.cat([ids.float(), d], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, AFN_FIELDS] = float("nan")
    data = split(x, y, n, "click prediction by learned-order interactions (an adaptive factorization network)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class AfnNet(nn.Module):
    """An adaptive factorization network (Cheng et al. 2020, tiny): an 8-d embedding per categorical value, its
    absolute value (floored at 1e-3) taken to the log, 12 logarithmic neurons (a learned linear map across the 6
    fields per embedding dimension, exponentiated: products of the fields' embeddings to learned powers, the exponent
    clamped at 10), the 96 with the 2 dense features through a ReLU layer ``fc`` (98 -> 32) and a ``head`` (32 -> 1):
    the click's logit. Output (rows,). A missing (NaN) dense feature's NaN spreads. ``dead_bias`` < 0 starts fc's
    biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.emb = nn.Embedding(AFN_FIELDS * AFN_VOCAB, AFN_DIM)
        nn.init.normal_(self.emb.weight, mean=1.0, std=0.3)
        self.register_buffer("offsets", torch.arange(AFN_FIELDS) * AFN_VOCAB)
        self.log_neurons = nn.Linear(AFN_FIELDS, AFN_NEURONS)
        nn.init.normal_(self.log_neurons.weight, std=0.3)
        nn.init.zeros_(self.log_neurons.bias)
        self.fc = nn.Linear(AFN_DIM * AFN_NEURONS + AFN_DENSE, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        ids = x[:, :AFN_FIELDS].nan_to_num(0).long() + self.offsets
        e = self.emb(ids).abs().clamp_min(1e-3).log()  # (rows, 6, 8)
        z = torch.exp(self.log_neurons(e.transpose(1, 2)).clamp(max=10.0)).flatten(1)  # (rows, 8 x 12)
        out: Tensor = self.head(F.relu(self.fc(torch.cat([z, x[:, AFN_FIELDS:]], 1)))).squeeze(-1)
        return out


def afn_bce(out: Tensor, y: Tensor) -> Tensor:
    """BCE with logits, mean over the rows."""
    return F.binary_cross_entropy_with_logits(out, y)


def afn_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """BCE with logits summed over the batch's rows (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


YULE_FEATURES = 6
"""Rows of 6 features; a count >= 1 with a Yule-Simon law whose shape depends on them."""


@lru_cache(maxsize=None)
def yule_rows(n: int = 4000, seed: int = 10417, *, n_val: int = 800, batch_size: int = 64,
              nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Counts k >= 1 with a Yule-Simon law (pmf rho B(k, rho + 1), a power-law tail k^-(rho + 1)) whose shape rho
    depends on the rows: 6 features N(0, 1), log rho = 1.8 + 1.4 cos(1.2 x0) + 0.8 x1 x3 + 0.7 x2 - 0.5 |x4| + 0.5
    tanh(x5), clamped to [-0.5, 3.5]; drawn as a geometric count of success probability exp(-W), W ~ Exp(rho), capped at 1e4. x: (rows, 6);
    y: (rows,) as floats. ``nan_rows``: that share of the training rows has a missing (NaN) feature; ``train_rows``:
    keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, YULE_FEATURES, generator=g)
    log_rho = (1.8 + 1.4 * torch.cos(1.2 * x[:, 0]) + 0.8 * x[:, 1] * x[:, 3] + 0.7 * x[:, 2] - 0.5 * x[:, 4].abs()
               + 0.5 * torch.tanh(x[:, 5])).clamp(-0.5, 3.5)  # fmt: skip
    w = -torch.log(torch.rand(total, generator=g).clamp_min(1e-12)) / torch.exp(log_rho)
    p = torch.exp(-w).clamp(1e-6, 1 - 1e-6)
    u = torch.rand(total, generator=g).clamp_min(1e-12)
    y = (1 + torch.floor(torch.log(u) / torch.log1p(-p))).clamp(1, 1e4)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3] = float("nan")
    data = split(x, y, n, "count regression by a Yule-Simon likelihood (an MLP of its log shape)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class YuleMLP(nn.Module):
    """A GELU MLP of a Yule-Simon law: ``body`` 6 -> 64 (GELU) -> 64 (GELU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 1): the log shape. Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(YULE_FEATURES, 64), nn.GELU(), nn.Linear(64, 64), nn.GELU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x)))).squeeze(-1)
        return out


def yule_terms(out: Tensor, y: Tensor) -> Tensor:
    """Each row's Yule-Simon negative log-likelihood: -(log rho + lgamma(k) + lgamma(rho + 1) - lgamma(k + rho +
    1)), the log shape clamped to +-5."""
    rho = torch.exp(out.clamp(-5, 5))
    return -(torch.log(rho) + torch.lgamma(y) + torch.lgamma(rho + 1) - torch.lgamma(y + rho + 1))


def yule_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Yule-Simon NLL, mean over the rows."""
    return yule_terms(out, y).mean()


def yule_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Yule-Simon NLL summed over the batch's rows (reduction='sum')."""
    return yule_terms(out, y).sum()


def yule_at_zero() -> float:
    """The NLL of raw outputs of 0 (rho = 1), its level at init."""
    y = yule_rows().y
    return float(yule_nll(torch.zeros(len(y)), y))
