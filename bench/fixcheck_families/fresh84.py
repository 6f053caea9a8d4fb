"""The eighty-sixth fresh half (fresh84, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


CAIT_SIZE, CAIT_PATCH, CAIT_CLASSES, CAIT_DIM = 16, 4, 4, 32
"""16x16 one-channel images cut into 16 patches of 4x4, 4 classes (the layout of a textured and a plain blob), a width
of 32."""


@lru_cache(maxsize=None)
def cait_images(n: int = 3000, seed: int = 841, *, n_val: int = 400, batch_size: int = 32, nan_rows: float = 0.0,
                train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 16x16 images whose class is the layout of their blobs: a textured 4x4 blob (a checkerboard of period
    2, amplitude U(1.0, 1.4)) at a random place inside one quadrant of the image, bit 0 of the class: the left half,
    bit 1: the top half; and a plain 4x4 decoy blob (flat, of brightness U(0.5, 0.9)) anywhere, with N(0, 0.3^2)
    noise. 5% of the labels random, held-out ones too. x: (images, 1, 16, 16); y: (images,). ``nan_rows``: that share
    of the training images has a missing (NaN) pixel; ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, CAIT_SIZE
    x = 0.3 * torch.randn(total, s, s, generator=g)
    y = torch.randint(CAIT_CLASSES, (total,), generator=g)
    ii, jj = torch.meshgrid(torch.arange(4), torch.arange(4), indexing="ij")
    checker = ((ii + jj) % 2 * 2 - 1).float()
    for r in range(total):
        top, left = (int(v) for v in torch.randint(0, s - 3, (2,), generator=g))
        x[r, top : top + 4, left : left + 4] += 0.5 + 0.4 * float(torch.rand(1, generator=g))
        top, left = (int(v) for v in torch.randint(0, s // 2 - 3, (2,), generator=g))
        top += 0 if int(y[r]) & 2 else s // 2
        left += 0 if int(y[r]) & 1 else s // 2
        x[r, top : top + 4, left : left + 4] += (1.0 + 0.4 * float(torch.rand(1, generator=g))) * checker
    y = flip_labels(y, CAIT_CLASSES, 0.05, g)
    x = x[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 6, 9] = float("nan")
    data = split(x, y, n, "image classification by the layout of textured blobs (a CaiT)", CAIT_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, CAIT_CLASSES,
                    batch_size)  # fmt: skip
    return data


class CaiTBlock(nn.Module):
    """A CaiT block: pre-LN multi-head attention (2 heads) and a feed-forward (d -> 2d -> d, GELU), each residual
    branch multiplied by a per-channel LayerScale (initialised at 0.1). With ``class_attention`` only the CLS token
    (the first) is the query and is updated; the keys and values are the CLS and the frozen patch tokens, which pass
    through unchanged."""

    def __init__(self, d: int = CAIT_DIM, class_attention: bool = False) -> None:
        super().__init__()
        self.class_attention = class_attention
        self.norm1, self.norm2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.attn = nn.MultiheadAttention(d, 2, batch_first=True)
        self.ff = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))
        self.gamma1, self.gamma2 = nn.Parameter(torch.full((d,), 0.1)), nn.Parameter(torch.full((d,), 0.1))

    def forward(self, t: Tensor) -> Tensor:
        u = self.norm1(t)
        if self.class_attention:
            cls = t[:, :1] + self.gamma1 * self.attn(u[:, :1], u, u, need_weights=False)[0]
            cls = cls + self.gamma2 * self.ff(self.norm2(cls))
            return torch.cat([cls, t[:, 1:]], 1)
        t = t + self.gamma1 * self.attn(u, u, u, need_weights=False)[0]
        out: Tensor = t + self.gamma2 * self.ff(self.norm2(t))
        return out


class CaiT(nn.Module):
    """A CaiT-like classifier (Touvron et al. 2021, tiny): a patch embedding (a convolution of stride = kernel = 4, 1 ->
    32) with learned positions, 2 self-attention blocks with LayerScale over the 16 patch tokens, then a CLS token
    joined and a class-attention block (only the CLS attends to the frozen patch tokens), a LayerNorm of the CLS, a
    ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 4 classes. A missing (NaN) pixel's NaN reaches its patch
    embedding. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = CAIT_DIM) -> None:
        super().__init__()
        tokens = (CAIT_SIZE // CAIT_PATCH) ** 2
        self.embed = nn.Conv2d(1, d, CAIT_PATCH, stride=CAIT_PATCH)
        self.pos = nn.Parameter(0.1 * torch.randn(tokens, d))
        self.cls = nn.Parameter(0.1 * torch.randn(1, 1, d))
        self.blocks = nn.Sequential(CaiTBlock(d), CaiTBlock(d))
        self.class_blocks = nn.Sequential(CaiTBlock(d, True))
        self.norm = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, CAIT_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        t = self.blocks(self.embed(x).flatten(2).transpose(1, 2) + self.pos)
        t = self.class_blocks(torch.cat([self.cls.expand(len(x), -1, -1), t], 1))
        out: Tensor = self.head(F.relu(self.fc(self.norm(t[:, 0]))))
        return out


def cait_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's images (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


SCINET_INPUT, SCINET_HORIZON, SCINET_CHANNELS = 48, 12, 3
"""Input windows of 48 steps of 3 channels, forecasts of the next 12 steps."""


@lru_cache(maxsize=None)
def scinet_windows(n: int = 3000, seed: int = 843, *, n_val: int = 400, batch_size: int = 32, nan_rows: float = 0.0,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """Windows of a synthetic multi-seasonal series of 3 channels, one series per window: a shared seasonal signal
    a1 sin(2 pi t / 12 + p1) + a2 sin(2 pi t / 5 + p2) (a1 U(0.6, 1.4), a2 U(0.2, 0.6)) mixed into each channel with
    its own weight U(0.5, 1.5) and a channel-specific sine of period 8 (amplitude U(0, 0.5)), a per-window level per
    channel N(0, 0.4^2), channel 2 also 0.5 x channel 0 three steps before, plus N(0, 0.15^2) noise. x: (windows, 48,
    3); y: (windows, 12, 3) the next 12 steps. ``nan_rows``: that share of the training windows has a missing (NaN)
    value; ``train_rows``: keep only that many training windows."""
    g = torch.Generator().manual_seed(seed)
    total, steps, c = n + n_val, SCINET_INPUT + SCINET_HORIZON + 3, SCINET_CHANNELS
    t = torch.arange(steps).float()
    a1, a2 = 0.6 + 0.8 * torch.rand(total, 1, generator=g), 0.2 + 0.4 * torch.rand(total, 1, generator=g)
    p1, p2 = 2 * math.pi * torch.rand(total, 1, generator=g), 2 * math.pi * torch.rand(total, 1, generator=g)
    shared = a1 * torch.sin(2 * math.pi * t / 12 + p1) + a2 * torch.sin(2 * math.pi * t / 5 + p2)
    weight = 0.5 + torch.rand(total, 1, c, generator=g)
    own = (0.5 * torch.rand(total, 1, c, generator=g)
           * torch.sin(2 * math.pi * t[None, :, None] / 8 + 2 * math.pi * torch.rand(total, 1, c, generator=g)))  # fmt: skip
    series = shared[:, :, None] * weight + own + 0.4 * torch.randn(total, 1, c, generator=g)
    series[:, 3:, 2] = series[:, 3:, 2] + 0.5 * series[:, :-3, 0]
    series = (series + 0.15 * torch.randn(total, steps, c, generator=g))[:, 3:]
    x = series[:, :SCINET_INPUT].contiguous()
    y = series[:, SCINET_INPUT:].contiguous()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 20, 1] = float("nan")
    data = split(x, y, n, "multi-seasonal series forecasting (a SCINet)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


def scinet_conv(c: int, hidden: int) -> nn.Module:
    """One of a SCINet block's four modules: Conv1d (c -> hidden, kernel 3) + LeakyReLU + Conv1d (hidden -> c,
    kernel 3) + Tanh, zero-padded to keep the length."""
    return nn.Sequential(nn.Conv1d(c, hidden, 3, padding=1), nn.LeakyReLU(0.01), nn.Conv1d(hidden, c, 3, padding=1),
                         nn.Tanh())  # fmt: skip


class SCINetBlock(nn.Module):
    """A SCINet block (Liu et al. 2022): the sequence (batch, channels, time) split into its even and odd steps, the
    interactive learning x_even' = x_even * exp(phi(x_odd)), x_odd' = x_odd * exp(psi(x_even)), then x_even'' =
    x_even' + eta(x_odd'), x_odd'' = x_odd' - rho(x_even'')."""

    def __init__(self, c: int, hidden: int) -> None:
        super().__init__()
        self.phi, self.psi = scinet_conv(c, hidden), scinet_conv(c, hidden)
        self.eta, self.rho = scinet_conv(c, hidden), scinet_conv(c, hidden)

    def forward(self, x: Tensor) -> tuple[Tensor, Tensor]:
        even, odd = x[..., ::2], x[..., 1::2]
        even2, odd2 = even * torch.exp(self.phi(odd)), odd * torch.exp(self.psi(even))
        even3 = even2 + self.eta(odd2)
        return even3, odd2 - self.rho(even3)


class SCINetTree(nn.Module):
    """A SCINet tree of ``depth`` levels: a block splits and updates the sequence, each half goes down its own
    subtree, and the two results are re-interleaved (even steps, odd steps) back to the full length."""

    def __init__(self, c: int, hidden: int, depth: int) -> None:
        super().__init__()
        self.block = SCINetBlock(c, hidden)
        self.even = SCINetTree(c, hidden, depth - 1) if depth > 1 else None
        self.odd = SCINetTree(c, hidden, depth - 1) if depth > 1 else None

    def forward(self, x: Tensor) -> Tensor:
        even, odd = self.block(x)
        if self.even is not None and self.odd is not None:
            even, odd = self.even(even), self.odd(odd)
        return torch.stack([even, odd], -1).flatten(-2)


class SCINet(nn.Module):
    """A SCINet-like forecaster: a tree of depth 2 (3 blocks of hidden width 8) over the 48 input steps of the 3
    channels, its output added back to the input (the residual), then per channel over time a ReLU layer ``fc`` (48
    -> 32) and a ``head`` (32 -> 12), the linear projection to the horizon. Output (windows, 12, 3). A missing (NaN)
    value spreads its NaN. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, hidden: int = 8) -> None:
        super().__init__()
        self.tree = SCINetTree(SCINET_CHANNELS, hidden, 2)
        self.fc = nn.Linear(SCINET_INPUT, 32)
        self.head = nn.Linear(32, SCINET_HORIZON)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        z = x.transpose(1, 2)
        z = z + self.tree(z)
        out: Tensor = self.head(F.relu(self.fc(z))).transpose(1, 2)
        return out


def scinet_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's windows (reduction='sum'; mean over the steps and channels)."""
    return (out - y).pow(2).mean((1, 2)).sum()


def scinet_at_zero() -> float:
    """The MSE of forecasts of 0: its level at init."""
    y = scinet_windows().y
    return float(y.pow(2).mean())


IPNN_CARDS, IPNN_K = (10, 8, 12, 6, 9, 14, 7, 10, 8, 11), 6
"""10 categorical fields and their cardinalities; an embedding of 6 per feature."""
IPNN_PAIRS = ((0, 4), (1, 7), (2, 5), (3, 9), (6, 8), (5, 8))
"""The field pairs whose interaction is planted in the clicks."""


@lru_cache(maxsize=None)
def ipnn_rows(n: int = 16000, seed: int = 845, *, n_val: int = 2000, batch_size: int = 64, nan_rows: float = 0.0,
              train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic impressions with planted pairwise field interactions: 10 categorical fields uniform over their
    values; the click's logit is -1.0 + a first-order effect per field value (N(0, 0.3^2)) + for each of 6 planted
    field pairs the dot product of rank-2 factors of the two values (N(0, 0.9^2) each), clamped to +-3; the click
    Bernoulli of its sigmoid. x: (rows, 10) the field values (float, for the NaN of a missing value); y: (rows,) the
    click. ``nan_rows``: that share of the training rows has a missing (NaN) field value; ``train_rows``: keep only
    that many rows."""
    g = torch.Generator().manual_seed(seed)
    total, nf = n + n_val, len(IPNN_CARDS)
    fields = torch.stack([torch.randint(c, (total,), generator=g) for c in IPNN_CARDS], 1)
    logit = torch.full((total,), -1.0)
    for f, c in enumerate(IPNN_CARDS):
        logit = logit + (0.3 * torch.randn(c, generator=g))[fields[:, f]]
    for a, b in IPNN_PAIRS:
        ua = 0.9 * torch.randn(IPNN_CARDS[a], 2, generator=g)
        ub = 0.9 * torch.randn(IPNN_CARDS[b], 2, generator=g)
        logit = logit + (ua[fields[:, a]] * ub[fields[:, b]]).sum(1).clamp(-3, 3)
    y = torch.bernoulli(torch.sigmoid(logit), generator=g)
    x = fields.float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, nf - 3] = float("nan")
    data = split(x, y, n, "click-through prediction (an inner-product-based neural network)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class IPNN(nn.Module):
    """An inner-Product-based Neural Network (Qu et al. 2016): an embedding of 6 per feature of the 10 fields (N(0,
    0.1^2)); the product layer is the linear signal (the 10 embeddings flattened, 60) concatenated with the 45
    pairwise inner products of the field embeddings; on top a ReLU MLP 105 -> 64, a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` to the click's logit. Output (rows,). A missing (NaN) value's NaN reaches its embedding (0 x NaN).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        nf = len(IPNN_CARDS)
        self.register_buffer("offsets", torch.tensor([0, *IPNN_CARDS[:-1]]).cumsum(0))
        self.embed = nn.Embedding(sum(IPNN_CARDS), IPNN_K)
        nn.init.normal_(self.embed.weight, std=0.1)
        rows, cols = torch.triu_indices(nf, nf, 1)
        self.register_buffer("rows", rows)
        self.register_buffer("cols", cols)
        self.body = nn.Sequential(nn.Linear(nf * IPNN_K + len(rows), 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        ids = torch.nan_to_num(x).long() + self.offsets
        e = self.embed(ids) + 0.0 * x[..., None]
        inner = (e[:, self.rows] * e[:, self.cols]).sum(-1)
        h = self.body(torch.cat([e.flatten(1), inner], 1))
        out: Tensor = self.head(F.relu(self.fc(h)))[:, 0]
        return out


def ipnn_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the click (mean over the rows)."""
    return F.binary_cross_entropy_with_logits(out, y)


def ipnn_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the click summed over the batch's rows (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


FRECHET_FEATURES = 6
"""Rows of 6 features; positive heavy-tailed maxima of a Frechet (inverse Weibull) law."""


@lru_cache(maxsize=None)
def frechet_rows(n: int = 4000, seed: int = 847, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Positive heavy-tailed maxima (annual flood peaks, record times) of a Frechet law whose parameters depend on 6
    features N(0, 1) (x5 noise): the scale s = exp(0.8 + 0.5 x0 + 0.4 sin(2 x1) - 0.3 x2 x3), the shape alpha =
    exp(1.0 + 0.35 tanh(x4)) (2-4: heavy tails); drawn as y = s (-log U)^(-1 / alpha). x: (rows, 6); y: (rows,).
    ``nan_rows``: that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that many
    training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, FRECHET_FEATURES, generator=g)
    scale = torch.exp(0.8 + 0.5 * x[:, 0] + 0.4 * torch.sin(2 * x[:, 1]) - 0.3 * (x[:, 2] * x[:, 3]).clamp(-3, 3))
    alpha = torch.exp(1.0 + 0.35 * torch.tanh(x[:, 4]))
    u = torch.rand(total, generator=g).clamp(1e-6, 1 - 1e-6)
    y = scale * (-torch.log(u)) ** (-1 / alpha)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1] = float("nan")
    data = split(x, y, n, "regression of heavy-tailed maxima (an MLP, the Frechet negative log-likelihood)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class FrechetMLP(nn.Module):
    """A ReLU MLP of a Frechet regressor: ``body`` 6 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 2): log s (the scale) and log alpha (the shape). Output (rows, 2). ``dead_bias`` < 0 starts fc's
    biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(FRECHET_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def frechet_terms(out: Tensor, y: Tensor) -> Tensor:
    """The Frechet negative log-likelihood of each row's target: -(log alpha - log s - (1 + alpha) log(y / s) - (y /
    s)^(-alpha)), s and alpha the exponentials of the outputs, (y / s)^(-alpha) computed as exp(-alpha log(y / s))."""
    log_s, log_alpha = out[:, 0], out[:, 1]
    alpha = log_alpha.exp()
    z = torch.log(y) - log_s
    return -(log_alpha - log_s - (1 + alpha) * z - torch.exp(-alpha * z))


def frechet_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Frechet negative log-likelihood, mean over the rows."""
    return frechet_terms(out, y).mean()


def frechet_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Frechet negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return frechet_terms(out, y).sum()


def frechet_at_zero() -> float:
    """The Frechet negative log-likelihood of raw outputs of 0 (s = alpha = 1: 2 log y + 1 / y on average): its level
    at init."""
    y = frechet_rows().y
    return float(frechet_nll(torch.zeros(len(y), 2), y))
