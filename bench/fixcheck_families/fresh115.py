"""The one hundred and seventeenth fresh half (fresh115, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


GCONV_SIZE, GCONV_CLASSES = 12, 4
"""12x12 images, 4 classes (ln 4 = 1.39 at chance)."""

GCONV_GLYPHS = (
    ((0, 0), (1, 0), (2, 0), (2, 1)),  # L
    ((0, 1), (1, 1), (2, 1), (2, 0)),  # J (the mirror image of L: no rotation turns one into the other)
    ((0, 0), (0, 1), (0, 2), (1, 1)),  # T
    ((0, 1), (0, 2), (1, 0), (1, 1)),  # S
)
"""The 4 tetromino glyphs as cells of a 3x3 grid (row, column)."""


@lru_cache(maxsize=None)
def gconv_images(n: int = 3000, seed: int = 11501, *, n_val: int = 600, batch_size: int = 32,
                 nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 12x12 images of one tetromino glyph (L, J, T or S: cells of 2x2 pixels, brightness U(0.7, 1.3))
    turned by a random multiple of 90 degrees and placed at random, plus N(0, 0.3^2) pixel noise; 5% of the labels
    random, held-out ones too. x: (images, 12, 12); y: (images,). ``nan_rows``: that share of the training images
    has a missing (NaN) pixel; ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    y = torch.randint(GCONV_CLASSES, (total,), generator=g)
    turns = torch.randint(4, (total,), generator=g)
    ox, oy = torch.randint(7, (total,), generator=g), torch.randint(7, (total,), generator=g)
    bright = 0.7 + 0.6 * torch.rand(total, generator=g)
    stamps = torch.zeros(GCONV_CLASSES, 6, 6)
    for k, cells in enumerate(GCONV_GLYPHS):
        for r, c in cells:
            stamps[k, 2 * r:2 * r + 2, 2 * c:2 * c + 2] = 1.0
    x = torch.zeros(total, GCONV_SIZE, GCONV_SIZE)
    for i in range(total):
        s = torch.rot90(stamps[y[i]], int(turns[i]), (0, 1)) * bright[i]
        x[i, oy[i]:oy[i] + 6, ox[i]:ox[i] + 6] = s
    x = x + 0.3 * torch.randn(total, GCONV_SIZE, GCONV_SIZE, generator=g)
    y = flip_labels(y, GCONV_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5, 6] = float("nan")
    data = split(x, y, n, "naming a tetromino glyph turned by a multiple of 90 degrees (a P4 group-equivariant CNN)",
                 GCONV_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, GCONV_CLASSES,
                    batch_size)  # fmt: skip
    return data


class GconvP4(nn.Module):
    """A P4 group convolution (Cohen and Welling) of feature maps over the 4 rotations: a filter (out, in, 4, k, k)
    turned spatially and rolled along the input's rotations for each output rotation; input (batch, in * 4, h, w),
    output (batch, out * 4, h, w)."""

    def __init__(self, cin: int, cout: int, k: int = 3) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.randn(cout, cin, 4, k, k) / math.sqrt(cin * 4 * k * k))
        self.bias = nn.Parameter(torch.zeros(cout))

    def forward(self, x: Tensor) -> Tensor:
        w = torch.stack([torch.rot90(torch.roll(self.weight, r, 2), r, (3, 4)) for r in range(4)], 1)
        o, _, ci, _, k, _ = w.shape
        out: Tensor = F.conv2d(x, w.reshape(o * 4, ci * 4, k, k), self.bias.repeat_interleave(4), padding=k // 2)
        return out


class GconvNet(nn.Module):
    """A P4 group-equivariant CNN: a lifting convolution (1 -> 4 channels x 4 rotations of a 3x3 filter, ReLU), a
    2x2 max pool, a P4 group convolution ``gconv`` (4 x 4 -> 10 x 4, ReLU), a max over the rotations and the places
    (invariance to turning and moving), a ReLU layer ``fc`` (10 -> 32) and a ``head`` to the 4 classes. A missing
    (NaN) pixel's NaN spreads through the pooling. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.lift = nn.Parameter(torch.randn(4, 1, 3, 3) / 3)
        self.lift_bias = nn.Parameter(torch.zeros(4))
        self.gconv = GconvP4(4, 10)
        self.fc = nn.Linear(10, 32)
        self.head = nn.Linear(32, GCONV_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        w = torch.stack([torch.rot90(self.lift, r, (2, 3)) for r in range(4)], 1).reshape(16, 1, 3, 3)
        h = F.relu(F.conv2d(x[:, None], w, self.lift_bias.repeat_interleave(4), padding=1))
        h = F.relu(self.gconv(F.max_pool2d(h, 2)))
        h = h.view(len(x), 10, 4, -1).amax((2, 3))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def gconv_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch's images (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


EXPRNN_PAST, EXPRNN_AHEAD, EXPRNN_HIDDEN = 16, 6, 24
"""16 past steps in, 6 steps ahead out; 24 hidden units."""


@lru_cache(maxsize=None)
def exprnn_series(n: int = 3000, seed: int = 11503, *, n_val: int = 600, batch_size: int = 32,
                  nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic series of 22 steps: two sinusoids of random periods U(5, 16) and U(16, 40), phases and amplitudes
    U(0.3, 1.2), a random slope U(-0.02, 0.02) a step, and AR(1) noise (0.6, sd 0.15). x: the first 16 steps (series,
    16); y: the next 6 (series, 6). ``nan_rows``: that share of the training series has a missing (NaN) step;
    ``train_rows``: keep only that many training series."""
    g = torch.Generator().manual_seed(seed)
    total, t = n + n_val, EXPRNN_PAST + EXPRNN_AHEAD
    ts = torch.arange(t, dtype=torch.float32)
    p1 = 5 + 11 * torch.rand(total, 1, generator=g)
    p2 = 16 + 24 * torch.rand(total, 1, generator=g)
    a1, a2 = 0.3 + 0.9 * torch.rand(total, 1, generator=g), 0.3 + 0.9 * torch.rand(total, 1, generator=g)
    f1, f2 = 2 * math.pi * torch.rand(total, 1, generator=g), 2 * math.pi * torch.rand(total, 1, generator=g)
    slope = 0.04 * (torch.rand(total, 1, generator=g) - 0.5)
    s = a1 * torch.sin(2 * math.pi * ts / p1 + f1) + a2 * torch.sin(2 * math.pi * ts / p2 + f2) + slope * ts
    eps = 0.15 * torch.randn(total, t, generator=g)
    noise = torch.zeros(total)
    cols = []
    for k in range(t):
        noise = 0.6 * noise + eps[:, k]
        cols.append(noise)
    s = s + torch.stack(cols, 1)
    x, y = s[:, :EXPRNN_PAST].clone(), s[:, EXPRNN_PAST:].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 9] = float("nan")
    data = split(x, y, n, "forecasting 6 steps of a noisy two-sinusoid series (an orthogonal expRNN)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class ExprnnNet(nn.Module):
    """An expRNN forecaster (Lezcano-Casado and Martinez-Rubio): a recurrent matrix kept orthogonal as the matrix
    exponential of a learned skew-symmetric one, exp(A - A^T), an input projection 1 -> 24 and modReLU units
    (sign(z) relu(|z| + b)) over the 16 past steps; the last state through a ReLU layer ``fc`` (24 -> 32) and a
    ``head`` (32 -> 6). Output (series, 6). A missing (NaN) step's NaN spreads through the state. ``dead_bias`` < 0
    starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.skew = nn.Parameter(0.3 * torch.randn(EXPRNN_HIDDEN, EXPRNN_HIDDEN) / math.sqrt(EXPRNN_HIDDEN))
        self.inp = nn.Linear(1, EXPRNN_HIDDEN)
        self.mod_bias = nn.Parameter(torch.full((EXPRNN_HIDDEN,), -0.05))
        self.fc = nn.Linear(EXPRNN_HIDDEN, 32)
        self.head = nn.Linear(32, EXPRNN_AHEAD)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        rec = torch.matrix_exp(self.skew - self.skew.T)
        u = self.inp(x[:, :, None])
        h = x.new_zeros(len(x), EXPRNN_HIDDEN)
        for k in range(x.shape[1]):
            z = h @ rec + u[:, k]
            h = torch.sign(z) * F.relu(z.abs() + self.mod_bias)
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def exprnn_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's forecasts (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def exprnn_at_zero() -> float:
    """The MSE of a forecast of 0 on the training series, near the loss at init."""
    return float(exprnn_series().y.pow(2).mean())


GCMC_USERS, GCMC_ITEMS, GCMC_DIM = 200, 150, 16
"""200 users, 150 items, embeddings of 16."""


@lru_cache(maxsize=None)
def gcmc_ratings(n: int = 8000, seed: int = 11505, *, n_val: int = 1500, batch_size: int = 64,
                 nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic ratings of distinct (user, item) pairs: a rank-4 taste match u.v (N(0, 1/2) factors) plus user and
    item biases (N(0, 0.4^2)), 0.5 x a context feature c ~ N(0, 1), 3 on average and N(0, 0.3^2) noise. x: (pairs,
    3), the user id, the item id (as floats) and c; y: (pairs, 1). ``nan_rows``: that share of the training pairs
    has a missing (NaN) context; ``train_rows``: keep only that many training pairs (the graph keeps them all)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    pu = torch.randn(GCMC_USERS, 4, generator=g) / math.sqrt(2)
    qi = torch.randn(GCMC_ITEMS, 4, generator=g) / math.sqrt(2)
    bu, bi = 0.4 * torch.randn(GCMC_USERS, generator=g), 0.4 * torch.randn(GCMC_ITEMS, generator=g)
    pairs = torch.randperm(GCMC_USERS * GCMC_ITEMS, generator=g)[:total]
    u, i = pairs // GCMC_ITEMS, pairs % GCMC_ITEMS
    c = torch.randn(total, generator=g)
    y = 3 + (pu[u] * qi[i]).sum(1) + bu[u] + bi[i] + 0.5 * c + 0.3 * torch.randn(total, generator=g)
    x = torch.stack([u.float(), i.float(), c], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    data = split(x, y[:, None], n, "predicting ratings of a user-item graph (graph convolutional matrix completion)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


@lru_cache(maxsize=None)
def gcmc_graph() -> Tensor:
    """The user-item graph of the training ratings, row-normalised (users x items): who rated what."""
    d = gcmc_ratings()
    a = torch.zeros(GCMC_USERS, GCMC_ITEMS)
    a[d.x[:, 0].long(), d.x[:, 1].long()] = 1.0
    return a


class GcmcNet(nn.Module):
    """A GC-MC-like rating model (Berg et al.): user and item embeddings (16), each side's neighbours on the
    user-item graph averaged, one graph-convolution layer ``fc`` shared by the two sides (its own embedding and its
    neighbours' mean, 32 -> 32, ReLU), a bilinear decoder (a ``head`` 32 -> 32 of the user's code dotted with the
    item's) plus a global bias of 3 and a weight on the context. Output (pairs, 1). A missing (NaN) context makes
    the rating NaN. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        a = gcmc_graph()
        self.register_buffer("user_adj", a / a.sum(1, keepdim=True).clamp(min=1))
        self.register_buffer("item_adj", a.T / a.sum(0)[:, None].clamp(min=1))
        self.users = nn.Embedding(GCMC_USERS, GCMC_DIM)
        self.items = nn.Embedding(GCMC_ITEMS, GCMC_DIM)
        nn.init.normal_(self.users.weight, std=0.3)
        nn.init.normal_(self.items.weight, std=0.3)
        self.fc = nn.Linear(2 * GCMC_DIM, 32)
        self.head = nn.Linear(32, 32)
        self.bias = nn.Parameter(torch.tensor(3.0))
        self.ctx = nn.Parameter(torch.zeros(()))
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        u, i = x[:, 0].long(), x[:, 1].long()
        hu = F.relu(self.fc(torch.cat([self.users(u), self.user_adj[u] @ self.items.weight], 1)))
        hi = F.relu(self.fc(torch.cat([self.items(i), self.item_adj[i] @ self.users.weight], 1)))
        out: Tensor = ((self.head(hu) * hi).sum(1) + self.bias + self.ctx * x[:, 2])[:, None]
        return out


def gcmc_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's ratings (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def gcmc_at_zero() -> float:
    """The MSE of the global mean rating on the training pairs, where an untrained model starts (its bias at 3)."""
    return float(gcmc_ratings().y.var())


CBERN_FEATURES = 6
"""Rows of 6 features."""


def cbern_log_norm(eta: Tensor) -> Tensor:
    """log of the continuous Bernoulli's normaliser in its natural parameter eta, log((e^eta - 1) / eta), stable
    near eta = 0 (its series eta / 2 + eta^2 / 24 there)."""
    small = eta.abs() < 1e-2
    safe = torch.where(small, torch.ones_like(eta), eta)
    big = torch.where(safe > 0, safe + torch.log(-torch.expm1(-safe)) - torch.log(safe),
                      torch.log(-torch.expm1(safe)) - torch.log(-safe))  # fmt: skip
    return torch.where(small, eta / 2 + eta**2 / 24, big)


@lru_cache(maxsize=None)
def cbern_rows(n: int = 4000, seed: int = 11507, *, n_val: int = 1000, batch_size: int = 64,
               nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic rows of 6 N(0, 1) features and a target in [0, 1] drawn from a continuous Bernoulli (density
    proportional to exp(eta y)) of natural parameter eta = 7 tanh(x0 - 0.7 x1 x2 + sin(2 x3)) + 2 x4 (x5 > 0), by
    inverse CDF. x: (rows, 6); y: (rows, 1). ``nan_rows``: that share of the training rows has a missing (NaN)
    feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, CBERN_FEATURES, generator=g)
    eta = 7 * torch.tanh(x[:, 0] - 0.7 * x[:, 1] * x[:, 2] + torch.sin(2 * x[:, 3])) + 2 * x[:, 4] * (x[:, 5] > 0)
    eta = torch.where(eta.abs() < 1e-3, torch.full_like(eta, 1e-3), eta)
    u = torch.rand(total, generator=g)
    y = (torch.log1p(u * torch.expm1(eta)) / eta).clamp(1e-4, 1 - 1e-4)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1] = float("nan")
    data = split(x, y[:, None], n, "a proportion's continuous Bernoulli negative log-likelihood (an MLP of its parameter)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class CbernMLP(nn.Module):
    """A continuous Bernoulli regressor: ``body`` 6 -> 64 (tanh), a ReLU layer ``fc`` (64 -> 32) and a ``head``
    (32 -> 1): the natural parameter eta (the logit of lambda). Output (rows, 1). ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(CBERN_FEATURES, 64), nn.Tanh())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def cbern_terms(out: Tensor, y: Tensor) -> Tensor:
    """Each row's continuous Bernoulli negative log-likelihood, -eta y + log((e^eta - 1) / eta) (Loaiza-Ganem and
    Cunningham): 0 at eta = 0 (the uniform density), below 0 when the density fits."""
    return -out * y + cbern_log_norm(out)


def cbern_nll(out: Tensor, y: Tensor) -> Tensor:
    """The NLL, mean over the rows."""
    return cbern_terms(out, y).mean()


def cbern_summed(out: Tensor, y: Tensor) -> Tensor:
    """The NLL summed over the batch's rows (reduction='sum')."""
    return cbern_terms(out, y).sum()
