"""The forty-seventh fresh half (fresh45, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``ghostnet`` a GhostNet-like CNN (ghost modules: a few primary convolution channels plus cheap depthwise
ghost features, a ghost bottleneck with a residual connection, global average pooling) naming one of 5
signed motifs in 12 x 12 images, cross-entropy over 5;
``qrnn`` a quasi-recurrent network (causal convolutions of width 2 giving a candidate, a forget and an
output gate, fo-pooling) counting the pulses of noisy series, cross-entropy over 4;
``gammareg`` a ReLU MLP of the log-mean of positive, right-skewed Gamma targets (shape 2), the Gamma
deviance (~8 at init);
``sgc`` a simplified graph convolution (the features propagated 2 hops once, a linear map, a ReLU layer)
naming the community of a node of a stochastic block model graph, cross-entropy over 4.
"""

from __future__ import annotations

from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


GHOSTNET_SIZE, GHOSTNET_CLASSES = 12, 5
"""Images of 12 x 12 pixels; 5 classes, a signed motif (ln 5 = 1.61 at chance)."""


@lru_cache(maxsize=None)
def ghostnet_motifs(n: int = 6000, seed: int = 451, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Signed-motif classification: 5 random 4 x 4 motifs of +1/-1 cells, one drawn at a random place of a 12 x 12 image
    at a contrast of 0.5-1.2, plus N(0, 0.5^2) noise per pixel, 5% random labels (a floor). x: (images, 1, 12, 12); y:
    (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = GHOSTNET_SIZE
    motifs = torch.where(torch.rand(GHOSTNET_CLASSES, 4, 4, generator=g) < 0.5, -1.0, 1.0)
    y = torch.randint(GHOSTNET_CLASSES, (total,), generator=g)
    at = torch.randint(s - 3, (total, 2), generator=g)
    contrast = 0.5 + 0.7 * torch.rand(total, generator=g)
    x = 0.5 * torch.randn(total, s, s, generator=g)
    for i in range(total):
        r, c = int(at[i, 0]), int(at[i, 1])
        x[i, r : r + 4, c : c + 4] += contrast[i] * motifs[y[i]]
    x = x[:, None]
    y = flip_labels(y, GHOSTNET_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 7] = float("nan")
    return split(x, y, n, "signed-motif classification (a GhostNet-like CNN)", GHOSTNET_CLASSES, batch_size)


class GhostModule(nn.Module):
    """A ghost module (Han et al. 2020): a primary convolution to ``cout // 2`` channels (BatchNorm, ReLU), cheap
    depthwise 3 x 3 convolutions of those giving the other ``cout // 2`` ("ghost" features), the two concatenated."""

    def __init__(self, cin: int, cout: int, kernel: int = 1) -> None:
        super().__init__()
        m = cout // 2
        self.primary = nn.Sequential(nn.Conv2d(cin, m, kernel, padding=kernel // 2, bias=False), nn.BatchNorm2d(m), nn.ReLU())
        self.cheap = nn.Sequential(nn.Conv2d(m, m, 3, padding=1, groups=m, bias=False), nn.BatchNorm2d(m), nn.ReLU())

    def forward(self, x: Tensor) -> Tensor:
        p = self.primary(x)
        return torch.cat([p, self.cheap(p)], 1)


class GhostNetCNN(nn.Module):
    """A GhostNet-like CNN: a stem convolution (1 -> 16, 3 x 3, BatchNorm, ReLU), a ghost module (16 -> 32, primary 3 x 3),
    a 2 x 2 max pool (12 x 12 -> 6 x 6), a ghost bottleneck (ghost modules 32 -> 32 -> 32, primary 1 x 1, with a residual
    connection), global average pooling, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 5 classes. Output
    (images, 5). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU())
        self.ghost1 = GhostModule(16, 32, 3)
        self.ghost2 = nn.Sequential(GhostModule(32, 32), GhostModule(32, 32))
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, GHOSTNET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.max_pool2d(self.ghost1(self.stem(x)), 2)
        h = h + self.ghost2(h)
        out: Tensor = self.head(F.relu(self.fc(h.mean((2, 3)))))
        return out


def ghostnet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the motifs summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


QRNN_STEPS, QRNN_CLASSES = 24, 4
"""Sequences of 24 steps; 4 classes, the number of pulses less one (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def qrnn_pulses(n: int = 6000, seed: int = 452, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Pulse counting in noisy series: channel 0 N(0, 0.5^2) noise plus 1-4 pulses (the class: 0-3) of 2 steps, height
    1-2, at distinct random places (on a grid of 3 steps); channel 1 N(0, 0.5^2) noise plus 0-3 negative pulses of the
    same kind (a distractor); 24 steps; 5% random labels (a floor). x: (rows, 24, 2); y: (rows,). ``nan_rows``: that
    share of the training rows has a missing (NaN) value."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    y = torch.randint(QRNN_CLASSES, (total,), generator=g)
    distract = torch.randint(4, (total,), generator=g)
    x = 0.5 * torch.randn(total, QRNN_STEPS, 2, generator=g)
    slots = QRNN_STEPS // 3
    for i in range(total):
        for ch, count, sign in ((0, int(y[i]) + 1, 1.0), (1, int(distract[i]), -1.0)):
            for k in torch.randperm(slots, generator=g)[:count].tolist():
                x[i, 3 * k : 3 * k + 2, ch] += sign * (1.0 + float(torch.rand(1, generator=g)))
    y = flip_labels(y, QRNN_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 12, 0] = float("nan")
    return split(x, y, n, "pulse counting in noisy series (a quasi-recurrent network)", QRNN_CLASSES, batch_size)


class QRNNLayer(nn.Module):
    """A quasi-recurrent layer (Bradbury et al. 2017): a causal convolution of width 2 gives a candidate z (tanh), a
    forget gate f and an output gate o (sigmoid) at every step at once; fo-pooling c_t = f_t c_{t-1} + (1 - f_t) z_t,
    h_t = o_t c_t is the only recurrence. Input and output (rows, steps, channels)."""

    def __init__(self, cin: int, hidden: int) -> None:
        super().__init__()
        self.hidden = hidden
        self.conv = nn.Conv1d(cin, 3 * hidden, 2)

    def forward(self, x: Tensor) -> Tensor:
        zfo = self.conv(F.pad(x.transpose(1, 2), (1, 0))).transpose(1, 2)
        z, f, o = zfo.chunk(3, 2)
        z, f, o = torch.tanh(z), torch.sigmoid(f), torch.sigmoid(o)
        c = torch.zeros_like(z[:, 0])
        states = []
        for t in range(x.shape[1]):
            c = f[:, t] * c + (1 - f[:, t]) * z[:, t]
            states.append(o[:, t] * c)
        return torch.stack(states, 1)


class QRNNClassifier(nn.Module):
    """A QRNN sequence classifier: two quasi-recurrent layers (2 -> 32, 32 -> 32, fo-pooling), the last state to a ReLU
    layer ``fc`` (32 -> 32) and a ``head`` to the 4 classes. Output (rows, 4). ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.qrnn1, self.qrnn2 = QRNNLayer(2, 32), QRNNLayer(32, 32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, QRNN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.qrnn2(self.qrnn1(x))
        out: Tensor = self.head(F.relu(self.fc(h[:, -1])))
        return out


def qrnn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the pulse counts summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


GAMMAREG_FEATURES, GAMMAREG_SHAPE = 8, 2.0
"""Rows of 8 features; the Gamma targets' shape k = 2 (a coefficient of variation of 0.71)."""


@lru_cache(maxsize=None)
def gammareg_rows(n: int = 4000, seed: int = 453, *, n_val: int = 800, batch_size: int = 64, train_rows: int | None = None,
                  nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Positive, right-skewed targets: 8 features N(0, 1); the log-mean 0.8 x0 - 0.6 x1 + 0.5 x2 x3 + 0.6 sin(2 x4) + 1.0;
    the target Gamma of shape 2 and that mean. x: (rows, 8); y: (rows,). ``train_rows``: keep only that many training
    rows; ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, GAMMAREG_FEATURES, generator=g)
    mu = torch.exp(0.8 * x[:, 0] - 0.6 * x[:, 1] + 0.5 * x[:, 2] * x[:, 3] + 0.6 * torch.sin(2 * x[:, 4]) + 1.0)
    y = torch._standard_gamma(torch.full((total,), GAMMAREG_SHAPE), generator=g) * mu / GAMMAREG_SHAPE
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5] = float("nan")
    data = split(x, y, n, "positive skewed targets (an MLP, the Gamma deviance)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class GammaRegMLP(nn.Module):
    """A ReLU MLP of the log-mean: ``inp`` (8 -> 64), ``hidden`` (64 -> 64), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 1). Output (rows,): log mu. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(GAMMAREG_FEATURES, 64)
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


def gammareg_deviance(out: Tensor, y: Tensor) -> Tensor:
    """The Gamma unit deviance of the log-mean ``out``, mean over the rows: 2 (y / mu - ln(y / mu) - 1) =
    2 (y exp(-out) - ln y + out - 1); 0 where mu = y (the Gamma NLL up to the shape's terms)."""
    return (2 * (y * torch.exp(-out) - torch.log(y) + out - 1)).mean()


def gammareg_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Gamma deviance summed over the batch's rows."""
    return (2 * (y * torch.exp(-out) - torch.log(y) + out - 1)).sum()


def gammareg_at_zero() -> float:
    """The Gamma deviance of a log-mean of 0 (mu = 1): its level at init."""
    return float(gammareg_deviance(torch.zeros(len(gammareg_rows().y)), gammareg_rows().y))


SGC_NODES, SGC_BLOCKS, SGC_FEATURES, SGC_HOPS = 1200, 4, 12, 2
"""SGC classifies the 1200 nodes of a stochastic block model graph of 4 communities from 12 noisy features propagated
2 hops."""


@lru_cache(maxsize=None)
def sgc_graph(seed: int = 454) -> tuple[Tensor, Tensor]:
    """A stochastic block model graph of 1200 nodes in 4 equal communities (expected degree 5 inside a node's community,
    3 outside) as its symmetrically normalised adjacency with self-loops, D^-1/2 (A + I) D^-1/2 (dense, (nodes, nodes)),
    and the nodes' features (0.3 x the community's random centre plus N(0, 1) noise, 12 of them) and communities:
    (adjacency, features (nodes, 12), communities (nodes,)) packed as (adjacency, torch.cat([features, communities]))."""
    g = torch.Generator().manual_seed(seed)
    nodes, blocks = SGC_NODES, SGC_BLOCKS
    block = (torch.arange(nodes) % blocks)[torch.randperm(nodes, generator=g)]
    size = nodes / blocks
    same = block[:, None] == block[None, :]
    p = torch.where(same, torch.tensor(5.0 / size), torch.tensor(3.0 / (nodes - size)))
    upper = torch.triu(torch.rand(nodes, nodes, generator=g) < p, 1)
    adj = ((upper | upper.T) | torch.eye(nodes, dtype=torch.bool)).float()
    d = adj.sum(1).rsqrt()
    norm = d[:, None] * adj * d[None, :]
    centres = torch.randn(blocks, SGC_FEATURES, generator=g)
    x = 0.3 * centres[block] + torch.randn(nodes, SGC_FEATURES, generator=g)
    return norm, torch.cat([x, block[:, None].float()], 1)


@lru_cache(maxsize=None)
def sgc_nodes(n: int = 800, seed: int = 454, *, n_val: int = 400, batch_size: int = 32) -> Data:
    """Node classification on ``sgc_graph(seed)``: the input is a node's id, the target its community (5% of the
    training labels random: a floor); ``n`` labelled training nodes and ``n_val`` validation nodes of the same graph
    (transductive)."""
    block = sgc_graph(seed)[1][:, -1].long()
    g = torch.Generator().manual_seed(seed + 1)
    ids = torch.randperm(len(block), generator=g)[: n + n_val]
    y = block[ids]
    y = torch.cat([flip_labels(y[:n], SGC_BLOCKS, 0.05, g), y[n:]])
    return split(ids, y, n, "node classification (SGC on a stochastic block model graph)", SGC_BLOCKS, batch_size)


class SGCNet(nn.Module):
    """A simplified graph convolution (Wu et al. 2019) node classifier reading node ids: the features propagated K = 2
    hops, S^2 X with S the normalised adjacency, computed once (no parameters, no nonlinearity between hops), SGC's linear
    map ``proj`` (12 -> 32), then a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 4 communities. Output (nodes, 4).
    ``dead_bias`` < 0 starts fc's biases there; ``nan_nodes``: that share of the nodes has a missing (NaN) feature
    before the propagation."""

    def __init__(self, seed: int = 454, dead_bias: float = 0.0, nan_nodes: float = 0.0) -> None:
        super().__init__()
        norm, packed = sgc_graph(seed)
        x = packed[:, :SGC_FEATURES].clone()
        if nan_nodes:
            g = torch.Generator().manual_seed(seed + 2)
            x[torch.rand(len(x), generator=g) < nan_nodes, 3] = float("nan")
        for _ in range(SGC_HOPS):
            x = norm @ x
        self.register_buffer("feats", x)
        self.proj = nn.Linear(SGC_FEATURES, 32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, SGC_BLOCKS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, ids: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.proj(self.feats[ids]))))
        return out


def sgc_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the communities summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")
