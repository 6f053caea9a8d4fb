"""The thirty-sixth fresh half (fresh36, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``lenet`` a LeNet-5-like CNN (tanh convolutions, average pooling, two ReLU layers) naming 16 x 16
seven-segment stroke digits, cross-entropy over 10;
``wrn`` a tiny wide ResNet (pre-activation blocks with BatchNorm) classifying 12 x 12 grating textures,
cross-entropy over 6;
``rbfnet`` a radial basis function network (learned centres and widths) regressing a sum of bumps of 6
features, the squared error (~1.1 at init);
``cheb`` a Chebyshev spectral graph convolution net (order 3) naming the generator of 12-node graphs,
cross-entropy over 4.
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


LENET_SIZE, LENET_CLASSES = 16, 10
"""Grey images of 16 x 16 pixels of seven-segment stroke digits; 10 classes (ln 10 = 2.30 at chance)."""
LENET_SEGMENTS = (
    (0, 1, 2, 4, 5, 6), (2, 5), (0, 2, 3, 4, 6), (0, 2, 3, 5, 6), (1, 2, 3, 5),
    (0, 1, 3, 5, 6), (0, 1, 3, 4, 5, 6), (0, 2, 5), (0, 1, 2, 3, 4, 5, 6), (0, 1, 2, 3, 5, 6),
)  # fmt: skip
"""The lit segments of each digit: 0 top, 1 top left, 2 top right, 3 middle, 4 bottom left, 5 bottom right, 6 bottom."""


@lru_cache(maxsize=None)
def lenet_digits(n: int = 6000, seed: int = 401, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Stroke digits: each digit's seven-segment strokes (a 6 x 10 pixel glyph, segments of soft width ~1 pixel) drawn at a
    random place (shifted up to 2 pixels each way), slanted by a random shear of up to 0.25, each segment of random
    brightness 0.6-1.2 (a segment dropped with probability 0.03), plus N(0, 0.3^2) noise per pixel; 5% of the labels are
    random (a floor). x: (images, 1, 16, 16); y: (images,). ``nan_rows``: that share of the training images has a missing
    (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = LENET_SIZE
    ends = torch.tensor([[[0, 0], [6, 0]], [[0, 0], [0, 5]], [[6, 0], [6, 5]], [[0, 5], [6, 5]], [[0, 5], [0, 10]],
                         [[6, 5], [6, 10]], [[0, 10], [6, 10]]], dtype=torch.float32)  # fmt: skip
    lit = torch.zeros(LENET_CLASSES, 7)
    for k, segs in enumerate(LENET_SEGMENTS):
        lit[k, list(segs)] = 1.0
    y = torch.randint(LENET_CLASSES, (total,), generator=g)
    shift = torch.randint(-2, 3, (total, 1, 2), generator=g).float() + torch.tensor([5.0, 3.0])
    shear = 0.5 * torch.rand(total, 1, generator=g) - 0.25
    bright = (0.6 + 0.6 * torch.rand(total, 7, generator=g)) * (torch.rand(total, 7, generator=g) > 0.03).float() * lit[y]
    col = torch.arange(s, dtype=torch.float32)[None, None, :, None]  # x
    row = torch.arange(s, dtype=torch.float32)[None, None, None, :]  # y
    img = torch.zeros(total, s, s)
    for seg in range(7):
        a = ends[seg, 0][None, :] + shift[:, 0]
        b = ends[seg, 1][None, :] + shift[:, 0]
        a = torch.stack([a[:, 0] + shear[:, 0] * (10 - ends[seg, 0, 1]), a[:, 1]], 1)
        b = torch.stack([b[:, 0] + shear[:, 0] * (10 - ends[seg, 1, 1]), b[:, 1]], 1)
        d = b - a
        px, py = col - a[:, 0, None, None, None], row - a[:, 1, None, None, None]
        t = ((px * d[:, 0, None, None, None] + py * d[:, 1, None, None, None]) / (d**2).sum(1)[:, None, None, None]).clamp(0, 1)
        dist2 = (px - t * d[:, 0, None, None, None]) ** 2 + (py - t * d[:, 1, None, None, None]) ** 2
        img += bright[:, seg, None, None] * torch.exp(-dist2[:, 0] / (2 * 0.6**2)).transpose(1, 2)
    x = img.clamp(max=1.5)[:, None] + 0.3 * torch.randn(total, 1, s, s, generator=g)
    y = flip_labels(y, LENET_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 8, 6] = float("nan")
    return split(x, y, n, "stroke digit classification (a LeNet-5-like CNN)", LENET_CLASSES, batch_size)


class LeNetSmall(nn.Module):
    """A LeNet-5-like CNN: ``conv1`` (1 -> 6, 5 x 5, padding 2, tanh), 2 x 2 average pooling, ``conv2`` (6 -> 16, 5 x 5,
    tanh), 2 x 2 average pooling (16 x 2 x 2 = 64), a ReLU layer ``fc1`` (64 -> 120), a ReLU layer ``fc`` (120 -> 84) and
    a ``head`` to the 10 classes. Output (images, 10). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(64, 120)
        self.fc = nn.Linear(120, 84)
        self.head = nn.Linear(84, LENET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.avg_pool2d(torch.tanh(self.conv1(x)), 2)
        h = F.avg_pool2d(torch.tanh(self.conv2(h)), 2)
        out: Tensor = self.head(F.relu(self.fc(F.relu(self.fc1(h.flatten(1))))))
        return out


def lenet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the digits summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


WRN_SIZE, WRN_CLASSES = 12, 6
"""Grey textures of 12 x 12 pixels; 6 classes, 3 orientations x 2 frequencies of a grating (ln 6 = 1.79 at chance)."""


@lru_cache(maxsize=None)
def wrn_textures(n: int = 6000, seed: int = 402, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Texture classification: a grating of one of 3 orientations (0, 60, 120 degrees, each turned by up to +-12 degrees)
    and one of 2 periods (3 or 5 pixels, each stretched by up to +-15%), of random phase and contrast 0.4-1.0, times a
    smooth random envelope, plus N(0, 0.9^2) noise per pixel; 5% of the labels are random (a floor). The class is
    orientation x 2 + period. x: (images, 1, 12, 12); y: (images,). ``nan_rows``: that share of the training images has a
    missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = WRN_SIZE
    y = torch.randint(WRN_CLASSES, (total,), generator=g)
    angle = (y // 2).float() * (math.pi / 3) + (torch.rand(total, generator=g) - 0.5) * (math.pi / 7.5)
    period = torch.where(y % 2 == 0, 3.0, 5.0) * (0.85 + 0.3 * torch.rand(total, generator=g))
    phase = 2 * math.pi * torch.rand(total, generator=g)
    contrast = 0.4 + 0.6 * torch.rand(total, generator=g)
    r, c = torch.meshgrid(torch.arange(s, dtype=torch.float32), torch.arange(s, dtype=torch.float32), indexing="ij")
    u = c[None] * angle.cos()[:, None, None] + r[None] * angle.sin()[:, None, None]
    wave = torch.sin(2 * math.pi * u / period[:, None, None] + phase[:, None, None])
    centre = 2 + 8 * torch.rand(total, 2, generator=g)
    env = torch.exp(-((r[None] - centre[:, 0, None, None]) ** 2 + (c[None] - centre[:, 1, None, None]) ** 2) / (2 * 4.0**2))
    x = (contrast[:, None, None] * wave * (0.4 + 0.6 * env))[:, None] + 0.9 * torch.randn(total, 1, s, s, generator=g)
    y = flip_labels(y, WRN_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 4, 9] = float("nan")
    return split(x, y, n, "texture classification (a tiny wide ResNet with BatchNorm)", WRN_CLASSES, batch_size)


class WideBasicBlock(nn.Module):
    """A pre-activation wide ResNet block: BatchNorm, ReLU, a 3 x 3 conv (stride ``stride``), BatchNorm, ReLU, a 3 x 3 conv,
    plus the shortcut (a 1 x 1 conv where the shape changes)."""

    def __init__(self, cin: int, cout: int, stride: int) -> None:
        super().__init__()
        self.bn1 = nn.BatchNorm2d(cin)
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.short = nn.Conv2d(cin, cout, 1, stride, bias=False) if (cin != cout or stride != 1) else None

    def forward(self, x: Tensor) -> Tensor:
        o = F.relu(self.bn1(x))
        h = self.conv2(F.relu(self.bn2(self.conv1(o))))
        return h + (self.short(o) if self.short is not None else x)


class TinyWideResNet(nn.Module):
    """A tiny wide ResNet (WRN-10-2-like): a ``stem`` conv (1 -> 16, 3 x 3), ``block1`` (16 -> 16), ``block2`` (16 -> 32,
    stride 2), BatchNorm and ReLU, global average pooling, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 6 classes.
    Output (images, 6). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stem = nn.Conv2d(1, 16, 3, padding=1, bias=False)
        self.block1 = WideBasicBlock(16, 16, 1)
        self.block2 = WideBasicBlock(16, 32, 2)
        self.bn = nn.BatchNorm2d(32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, WRN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.block2(self.block1(self.stem(x)))
        h = F.relu(self.bn(h)).mean((2, 3))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def wrn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the textures summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


RBFNET_FEATURES, RBFNET_CENTRES = 6, 32
"""Rows of 6 features; 32 radial basis units."""


@lru_cache(maxsize=None)
def rbfnet_rows(n: int = 4000, seed: int = 403, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0) -> Data:
    """Tabular regression: 6 features N(0, 1); the target a sum of 5 Gaussian bumps (fixed random centres N(0, 1), widths
    0.8-1.4, heights +-1 to +-2) plus 0.5 x sin of the first feature, standardised, plus N(0, 0.3^2) noise (a floor).
    x: (rows, 6); y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, RBFNET_FEATURES, generator=g)
    centres = torch.randn(5, RBFNET_FEATURES, generator=g)
    widths = 0.8 + 0.6 * torch.rand(5, generator=g)
    heights = (1 + torch.rand(5, generator=g)) * torch.where(torch.rand(5, generator=g) < 0.5, -1.0, 1.0)
    d2 = ((x[:, None, :] - centres[None]) ** 2).sum(2)
    target = (heights * torch.exp(-d2 / (2 * widths**2))).sum(1) + 0.5 * torch.sin(x[:, 0])
    target = (target - target.mean()) / target.std()
    y = target + 0.3 * torch.randn(total, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    return split(x, y, n, "tabular regression (a radial basis function network)", None, batch_size)


class RBFNetwork(nn.Module):
    """A radial basis function network: ``centres`` (32 x 6, learned, initialised N(0, 1)) and ``log_width`` (32, learned,
    initialised at log 1.5), units exp(-|x - c_k|^2 / (2 width_k^2)), a ReLU layer ``fc`` (32 -> 32) and a ``head``
    (32 -> 1). Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.centres = nn.Parameter(torch.randn(RBFNET_CENTRES, RBFNET_FEATURES))
        self.log_width = nn.Parameter(torch.full((RBFNET_CENTRES,), math.log(1.5)))
        self.fc = nn.Linear(RBFNET_CENTRES, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        d2 = ((x[:, None, :] - self.centres[None]) ** 2).sum(2)
        phi = torch.exp(-d2 / (2 * torch.exp(2 * self.log_width)))
        out: Tensor = self.head(F.relu(self.fc(phi))).squeeze(1)
        return out


def rbfnet_mse(out: Tensor, y: Tensor) -> Tensor:
    """The squared error of the standardised target, mean over the rows."""
    return F.mse_loss(out, y)


def rbfnet_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's rows (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def rbfnet_at_zero() -> float:
    """The squared error of a regressor that predicts 0: its level at init (~1.1)."""
    return float(F.mse_loss(torch.zeros(len(rbfnet_rows().y)), rbfnet_rows().y))


CHEB_NODES, CHEB_FEATURES, CHEB_CLASSES, CHEB_ORDER = 12, 2, 4, 3
"""Graphs of 12 nodes with 2 features a node; 4 classes, the graph's generator (ln 4 = 1.39 at chance); Chebyshev filters
of order 3 (T_0, T_1, T_2)."""


@lru_cache(maxsize=None)
def cheb_graphs(n: int = 4000, seed: int = 404, *, n_val: int = 800, batch_size: int = 32, train_rows: int | None = None,
                nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Graph classification by generator, all of mean degree ~3.5: Erdos-Renyi (p = 0.32), two communities (p 0.55 within,
    0.08 between), a ring lattice (each node to its 2 nearest on each side) with 25% of its edges rewired, and a hub graph
    (each node linked to 2 earlier ones by preferential attachment); 5% of the labels are random (a floor). Each graph is
    one row: its scaled Laplacian L~ = 2 L / lambda_max - I (L the normalised Laplacian, lambda_max taken as 2: L~ = -D^-1/2
    A D^-1/2) beside its node features (1 and the degree / 4 plus N(0, 0.5^2) noise). x: (graphs, 12, 12 + 2); y: (graphs,).
    ``train_rows``: keep only that many training graphs; ``nan_rows``: that share of the training graphs has a missing (NaN)
    node feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    m = CHEB_NODES
    y = torch.randint(CHEB_CLASSES, (total,), generator=g)
    adj = torch.zeros(total, m, m)
    upper = torch.triu(torch.ones(m, m), 1).bool()
    for i in range(total):
        kind = int(y[i])
        if kind == 0:
            a = (torch.rand(m, m, generator=g) < 0.32) & upper
        elif kind == 1:
            side = torch.randperm(m, generator=g) < m // 2
            p = torch.where(side[:, None] == side[None, :], 0.55, 0.08)
            a = (torch.rand(m, m, generator=g) < p) & upper
        elif kind == 2:
            a = torch.zeros(m, m, dtype=torch.bool)
            for u in range(m):
                for k in (1, 2):
                    v = (u + k) % m
                    if torch.rand(1, generator=g).item() < 0.25:
                        v = int(torch.randint(m, (1,), generator=g))
                    if v != u:
                        a[min(u, v), max(u, v)] = True
        else:
            a = torch.zeros(m, m, dtype=torch.bool)
            a[0, 1] = a[0, 2] = a[1, 2] = True
            deg = torch.zeros(m)
            deg[:3] = 2
            for u in range(3, m):
                picks = torch.multinomial(deg[:u] + 0.5, 2, replacement=False, generator=g)
                for v in picks.tolist():
                    a[v, u] = True
                    deg[v] += 1
                deg[u] += 2
        a = a.float()
        adj[i] = a + a.T
    perm = torch.argsort(torch.rand(total, m, generator=g), 1)
    adj = adj[torch.arange(total)[:, None, None], perm[:, :, None], perm[:, None, :]]
    deg = adj.sum(2)
    inv = torch.where(deg > 0, deg.clamp(min=1).rsqrt(), 0.0)
    lap = -inv[:, :, None] * adj * inv[:, None, :]
    feats = torch.stack([torch.ones(total, m), deg / 4 + 0.5 * torch.randn(total, m, generator=g)], 2)
    x = torch.cat([lap, feats], 2)
    y = flip_labels(y, CHEB_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5, m + 1] = float("nan")
    data = split(x, y, n, "graph classification (a Chebyshev spectral graph convolution net)", CHEB_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, CHEB_CLASSES, batch_size)
    return data


class ChebConv(nn.Module):
    """A Chebyshev spectral graph convolution (Defferrard et al.): sum_k T_k(L~) X W_k over k < 3, T_0 X = X,
    T_1 X = L~ X, T_2 X = 2 L~ T_1 X - X, plus a bias."""

    def __init__(self, cin: int, cout: int) -> None:
        super().__init__()
        self.lin = nn.Linear(CHEB_ORDER * cin, cout)

    def forward(self, lap: Tensor, x: Tensor) -> Tensor:
        t0 = x
        t1 = lap @ x
        t2 = 2 * (lap @ t1) - t0
        out: Tensor = self.lin(torch.cat([t0, t1, t2], 2))
        return out


class ChebNet(nn.Module):
    """A Chebyshev graph convolution net: ``cheb1`` (2 -> 16, ReLU), ``cheb2`` (16 -> 32, ReLU), mean and max pooling over
    the nodes (64), a ReLU layer ``fc`` (64 -> 32) and a ``head`` to the 4 classes. Input (graphs, 12, 12 + 2): the scaled
    Laplacian beside the node features. Output (graphs, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.cheb1 = ChebConv(CHEB_FEATURES, 16)
        self.cheb2 = ChebConv(16, 32)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, CHEB_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        lap, h = x[:, :, :CHEB_NODES], x[:, :, CHEB_NODES:]
        h = F.relu(self.cheb1(lap, h))
        h = F.relu(self.cheb2(lap, h))
        out: Tensor = self.head(F.relu(self.fc(torch.cat([h.mean(1), h.amax(1)], 1))))
        return out


def cheb_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the graphs' classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")
