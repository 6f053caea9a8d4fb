"""The one hundred and thirteenth fresh half (fresh111, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


HAAR_SIZE, HAAR_CLASSES = 12, 4
"""12x12 one-channel images, 4 classes (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def haar_images(n: int = 3000, seed: int = 11101, *, n_val: int = 600, batch_size: int = 32,
                nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 12x12 one-channel images: a 6x6 patch at a random place holding the class's texture (horizontal
    stripes, vertical stripes, a checkerboard, all of period 2, or a smooth bump), of amplitude U(0.6, 1.0), over
    N(0, 1) noise; 5% of the labels random, held-out ones too. x: (images, 1, 12, 12); y: (images,). ``nan_rows``:
    that share of the training images has a missing (NaN) pixel; ``train_rows``: keep only that many training
    images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, HAAR_SIZE
    y = torch.randint(HAAR_CLASSES, (total,), generator=g)
    r, c = torch.arange(6)[:, None].float(), torch.arange(6)[None, :].float()
    bump = torch.exp(-((r - 2.5) ** 2 + (c - 2.5) ** 2) / 4.0)
    textures = torch.stack([torch.cos(math.pi * r).expand(6, 6), torch.cos(math.pi * c).expand(6, 6),
                            torch.cos(math.pi * (r + c)), 2 * bump - bump.mean()])  # fmt: skip
    x = torch.randn(total, s, s, generator=g)
    amp = 0.6 + 0.4 * torch.rand(total, generator=g)
    r0 = torch.randint(0, s - 5, (total,), generator=g)
    c0 = torch.randint(0, s - 5, (total,), generator=g)
    for i in range(total):
        x[i, r0[i]:r0[i] + 6, c0[i]:c0[i] + 6] += amp[i] * textures[y[i]]
    x = x[:, None]
    y = flip_labels(y, HAAR_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 7] = float("nan")
    data = split(x, y, n, "naming a noisy image's local texture (a Haar-wavelet CNN)", HAAR_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, HAAR_CLASSES,
                    batch_size)  # fmt: skip
    return data


def haar_dwt(h: Tensor) -> Tensor:
    """One level of the 2-D Haar wavelet transform of each channel: (B, C, H, W) -> (B, 4C, H/2, W/2), the
    approximation and the horizontal, vertical and diagonal details (orthonormal, no parameters)."""
    a, b = h[..., 0::2, 0::2], h[..., 0::2, 1::2]
    c, d = h[..., 1::2, 0::2], h[..., 1::2, 1::2]
    return torch.cat([(a + b + c + d) / 2, (a + b - c - d) / 2, (a - b + c - d) / 2, (a - b - c + d) / 2], 1)


class HaarNet(nn.Module):
    """A wavelet CNN (tiny): a fixed Haar transform (1 -> 4 subbands at 6x6), a 3x3 conv 4 -> 16 (ReLU), a second
    Haar transform of its maps (16 -> 64 subbands at 3x3), a 1x1 conv 64 -> 24 (ReLU), a ReLU layer ``fc``
    (216 -> 32) and a ``head`` to the 4 classes. A missing (NaN) pixel's NaN spreads. ``dead_bias`` < 0 starts fc's
    biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.conv = nn.Conv2d(4, 16, 3, padding=1)
        self.mix = nn.Conv2d(64, 24, 1)
        self.fc = nn.Linear(24 * 9, 32)
        self.head = nn.Linear(32, HAAR_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.conv(haar_dwt(x)))
        h = F.relu(self.mix(haar_dwt(h)))
        out: Tensor = self.head(F.relu(self.fc(h.flatten(1))))
        return out


LNLSTM_STEPS, LNLSTM_CLASSES, LNLSTM_HIDDEN = 20, 4, 32
"""Series of 20 steps, 4 classes (ln 4 = 1.39 at chance), an LSTM of 32 units."""


@lru_cache(maxsize=None)
def lnlstm_series(n: int = 3000, seed: int = 11103, *, n_val: int = 500, batch_size: int = 32,
                  nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic series of 20 steps holding an upward and a downward Gaussian bump (amplitude 1) at random steps at
    least 3 apart, both narrow (width 0.7) or both wide (width 2); the class is 2 x (the upward bump first) +
    (wide), over N(0, 0.4^2) noise; 5% of the labels random, held-out ones too. x: (series, 20, 1); y: (series,).
    ``nan_rows``: that share of the training series has a missing (NaN) value; ``train_rows``: keep only that
    many training series."""
    g = torch.Generator().manual_seed(seed)
    total, t = n + n_val, LNLSTM_STEPS
    y = torch.randint(LNLSTM_CLASSES, (total,), generator=g)
    first = 2 + torch.randint(0, 7, (total,), generator=g)
    second = first + 3 + torch.randint(0, 7, (total,), generator=g)
    up_first = y // 2 == 1
    t_up = torch.where(up_first, first, second).float()[:, None]
    t_down = torch.where(up_first, second, first).float()[:, None]
    width = torch.where(y % 2 == 1, 2.0, 0.7)[:, None]
    k = torch.arange(t).float()[None]
    x = torch.exp(-((k - t_up) ** 2) / (2 * width**2)) - torch.exp(-((k - t_down) ** 2) / (2 * width**2))
    x = x + 0.4 * torch.randn(total, t, generator=g)
    x = x[..., None]
    y = flip_labels(y, LNLSTM_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 9, 0] = float("nan")
    data = split(x, y, n, "naming the order and width of two bumps in a noisy series (a layer-normalised LSTM)",
                 LNLSTM_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, LNLSTM_CLASSES,
                    batch_size)  # fmt: skip
    return data


class LnlstmNet(nn.Module):
    """A layer-normalised LSTM (Ba et al. 2016), written out: gates LN(W_x x) + LN(W_h h) + b, c = f c + i g,
    h = o tanh(LN(c)), 32 units over the 20 steps; the last h through a ReLU layer ``fc`` (32 -> 32) and a
    ``head`` to the 4 classes. A missing (NaN) value's NaN spreads. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        m = LNLSTM_HIDDEN
        self.wx = nn.Linear(1, 4 * m, bias=False)
        self.wh = nn.Linear(m, 4 * m)
        self.ln_x = nn.LayerNorm(4 * m)
        self.ln_h = nn.LayerNorm(4 * m)
        self.ln_c = nn.LayerNorm(m)
        self.fc = nn.Linear(m, 32)
        self.head = nn.Linear(32, LNLSTM_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = x.new_zeros(x.shape[0], LNLSTM_HIDDEN)
        c = torch.zeros_like(h)
        gx = self.ln_x(self.wx(x))
        for k in range(x.shape[1]):
            i, f, g, o = (gx[:, k] + self.ln_h(self.wh(h))).chunk(4, 1)
            c = torch.sigmoid(f + 1.0) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(self.ln_c(c))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


PPGN_NODES, PPGN_WIDTH = 10, 16
"""Graphs of 10 nodes; 16 channels per node pair."""


@lru_cache(maxsize=None)
def ppgn_graphs(n: int = 4000, seed: int = 11105, *, n_val: int = 800, batch_size: int = 64,
                nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Random graphs of 10 nodes (Erdos-Renyi, edge probability U(0.15, 0.5) per graph); the target is the
    number of triangles plus half the number of nodes of degree 1, square-rooted, plus N(0, 0.25^2) noise,
    standardised. x: (graphs, 10, 10) adjacency matrices; y: (graphs,). ``nan_rows``: that share of the training
    graphs has a missing (NaN) entry; ``train_rows``: keep only that many training graphs."""
    g = torch.Generator().manual_seed(seed)
    total, m = n + n_val, PPGN_NODES
    p = 0.15 + 0.35 * torch.rand(total, 1, 1, generator=g)
    upper = (torch.rand(total, m, m, generator=g) < p).float().triu(1)
    a = upper + upper.transpose(1, 2)
    tri = torch.einsum("bij,bjk,bki->b", a, a, a) / 6
    leaves = (a.sum(2) == 1).float().sum(1)
    y = torch.sqrt(tri + 0.5 * leaves) + 0.25 * torch.randn(total, generator=g)
    y = (y - y[:n].mean()) / y[:n].std()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        a[bad, 2, 5] = float("nan")
    data = split(a, y, n, "regressing a count of triangles and leaves of random graphs (a PPGN)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class PpgnBlock(nn.Module):
    """A block of the provably powerful graph network (Maron et al. 2019): two 1x1-conv ReLU maps of the pair
    features, their product as matrices per channel (divided by the node count), concatenated with the input and
    mixed by a 1x1 conv (ReLU)."""

    def __init__(self, cin: int, width: int) -> None:
        super().__init__()
        self.m1 = nn.Conv2d(cin, width, 1)
        self.m2 = nn.Conv2d(cin, width, 1)
        self.out = nn.Conv2d(cin + width, width, 1)

    def forward(self, h: Tensor) -> Tensor:
        prod = F.relu(self.m1(h)) @ F.relu(self.m2(h)) / h.shape[-1]
        return F.relu(self.out(torch.cat([h, prod], 1)))


class PpgnNet(nn.Module):
    """A PPGN (tiny): the adjacency and the identity as 2 pair channels, two blocks (2 -> 16 -> 16), the
    diagonal's and the off-diagonal's means per channel (32) through a ReLU layer ``fc`` (32 -> 32) and a ``head``
    (32 -> 1). Output (graphs,). A missing (NaN) entry's NaN spreads. ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.b1 = PpgnBlock(2, PPGN_WIDTH)
        self.b2 = PpgnBlock(PPGN_WIDTH, PPGN_WIDTH)
        self.fc = nn.Linear(2 * PPGN_WIDTH, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        m = x.shape[-1]
        eye = torch.eye(m, device=x.device).expand_as(x)
        h = self.b2(self.b1(torch.stack([x, eye], 1)))
        diag = h.diagonal(dim1=-2, dim2=-1).mean(-1)
        off = (h.sum((-2, -1)) - diag * m) / (m * (m - 1))
        out: Tensor = self.head(F.relu(self.fc(torch.cat([diag, off], 1)))).squeeze(-1)
        return out


def ppgn_mse(out: Tensor, y: Tensor) -> Tensor:
    """The squared error, mean over the graphs."""
    return F.mse_loss(out, y)


def ppgn_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's graphs (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def ppgn_at_zero() -> float:
    """The squared error of outputs of 0 on the training graphs, its level at init."""
    return float(ppgn_graphs().y.pow(2).mean())


OPROBIT_FEATURES, OPROBIT_CLASSES = 6, 6
"""Rows of 6 features; 6 ordered classes by an ordered probit law."""


@lru_cache(maxsize=None)
def oprobit_rows(n: int = 6000, seed: int = 11107, *, n_val: int = 1000, batch_size: int = 256,
                 nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Ordered classes 0-5 of a latent 1.2 sin(1.5 x0) + 0.8 x1 x2 - 0.7 |x3| + 0.5 x4 + N(0, 0.6^2) cut at the
    training latents' sextiles, from 6 features N(0, 1) (x5 is noise). x: (rows, 6); y: (rows,). ``nan_rows``:
    that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that many training
    rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, OPROBIT_FEATURES, generator=g)
    z = 1.2 * torch.sin(1.5 * x[:, 0]) + 0.8 * x[:, 1] * x[:, 2] - 0.7 * x[:, 3].abs() + 0.5 * x[:, 4]
    z = z + 0.6 * torch.randn(total, generator=g)
    cuts = torch.quantile(z[:n], torch.arange(1, OPROBIT_CLASSES) / OPROBIT_CLASSES)
    y = torch.bucketize(z, cuts)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1] = float("nan")
    data = split(x, y, n, "ordered classes by an ordered probit likelihood (an MLP of the latent, learned cutpoints)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class OprobitMLP(nn.Module):
    """A tanh MLP of an ordered probit model: ``body`` 6 -> 64 (tanh) -> 64 (tanh), a ReLU layer ``fc`` (64 -> 32)
    and a ``head`` (32 -> 1) giving the latent f; 5 learned cutpoints kept increasing (the first plus cumulative
    softplus gaps, starting at -1.5, -0.75, ..., 1.5). Output (rows, 5): each cutpoint minus f. ``dead_bias`` < 0
    starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(OPROBIT_FEATURES, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        self.first_cut = nn.Parameter(torch.tensor(-1.5))
        self.gaps = nn.Parameter(torch.full((OPROBIT_CLASSES - 2,), math.log(math.expm1(0.75))))
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        f = self.head(F.relu(self.fc(self.body(x))))
        cuts = self.first_cut + torch.cat([self.first_cut.new_zeros(1), torch.cumsum(F.softplus(self.gaps), 0)])
        out: Tensor = cuts - f
        return out


def oprobit_terms(out: Tensor, y: Tensor) -> Tensor:
    """Each row's ordered probit negative log-likelihood -log(Phi(c_y - f) - Phi(c_{y-1} - f)) (c_{-1} = -inf,
    c_5 = inf), computed in log space (log_ndtr, the interval mirrored when it lies above 0)."""
    k = OPROBIT_CLASSES
    lowest = torch.special.log_ndtr(out[:, 0])
    highest = torch.special.log_ndtr(-out[:, -1])
    mid = y.clamp(1, k - 2)
    b = out.gather(1, mid[:, None]).squeeze(1)
    a = out.gather(1, (mid - 1)[:, None]).squeeze(1)
    flip = a > 0
    a, b = torch.where(flip, -b, a), torch.where(flip, -a, b)
    lb, la = torch.special.log_ndtr(b), torch.special.log_ndtr(a)
    middle = lb + torch.log(-torch.expm1((la - lb).clamp_max(-1e-6)))
    logp = torch.where(y == 0, lowest, torch.where(y == k - 1, highest, middle))
    return -logp


def oprobit_nll(out: Tensor, y: Tensor) -> Tensor:
    """The ordered probit NLL, mean over the rows."""
    return oprobit_terms(out, y).mean()


def oprobit_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The ordered probit NLL summed over the batch's rows (reduction='sum')."""
    return oprobit_terms(out, y).sum()


OPROBIT_UNIFORM = math.log(OPROBIT_CLASSES)
"""The NLL of the 6 classes alike (the training classes are balanced): ln 6 = 1.79."""
