"""The forty-first fresh half (fresh39, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``gmlp`` a gMLP (token and position embeddings, two spatial gating units mixing the 16 positions, mean
pooling) naming which of 4 motifs of 3 tokens a sequence of 16 tokens holds, cross-entropy over 4;
``mpnn`` a message-passing neural network (3 rounds of summed messages and a GRU update, mean pooling)
regressing the triangles and attribute pairs of random graphs of 10 nodes, MSE (~1.1 at init);
``multimargin`` a ReLU MLP classifying a 16-column table into 5 classes with the multi-class hinge loss
(nn.MultiMarginLoss: 0.8 at init, not ln 5);
``deconv`` a transposed-convolution decoder (3 linear layers, two ConvTranspose2d) drawing a 16 x 16 image
of a class's shape from a class code and noise, MSE per pixel (~0.11 for an all-zero image).
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


GMLP_LENGTH, GMLP_VOCAB, GMLP_CLASSES = 16, 12, 4
"""Sequences of 16 tokens of 12; 4 classes, the motif that a sequence holds (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def gmlp_tokens(n: int = 6000, seed: int = 411, *, n_val: int = 800, batch_size: int = 32,
                train_rows: int | None = None) -> Data:  # fmt: skip
    """Motif classification of token sequences: 4 fixed motifs of 3 tokens each; a row is 16 uniform random tokens
    with one motif written at a random position (each of its tokens replaced by a random one with probability 0.15);
    the class is the motif; 5% of the labels are random (a floor). x: (rows, 16) token ids (long); y: (rows,).
    ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    motifs = torch.randint(GMLP_VOCAB, (GMLP_CLASSES, 3), generator=g)
    x = torch.randint(GMLP_VOCAB, (total, GMLP_LENGTH), generator=g)
    y = torch.randint(GMLP_CLASSES, (total,), generator=g)
    at = torch.randint(GMLP_LENGTH - 2, (total,), generator=g)
    motif = motifs[y]
    keep = torch.rand(total, 3, generator=g) >= 0.15
    motif = torch.where(keep, motif, torch.randint(GMLP_VOCAB, (total, 3), generator=g))
    rows = torch.arange(total)
    for k in range(3):
        x[rows, at + k] = motif[:, k]
    y = flip_labels(y, GMLP_CLASSES, 0.05, g)
    data = split(x, y, n, "motif classification of token sequences (a gMLP)", GMLP_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, GMLP_CLASSES, batch_size)
    return data


class SpatialGating(nn.Module):
    """A gMLP block (Liu et al.): LayerNorm, a channel projection 32 -> 64 (GELU) split into u and v, v normalised and
    mixed across the 16 positions by ``spatial`` (16 -> 16, its weight near 0 and its bias 1 at init), u * v projected
    back to 32, plus the residual."""

    def __init__(self, dim: int = 32) -> None:
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.expand = nn.Linear(dim, 2 * dim)
        self.gate_norm = nn.LayerNorm(dim)
        self.spatial = nn.Linear(GMLP_LENGTH, GMLP_LENGTH)
        self.shrink = nn.Linear(dim, dim)
        with torch.no_grad():
            self.spatial.weight.uniform_(-0.01, 0.01)
            self.spatial.bias.fill_(1.0)

    def forward(self, x: Tensor) -> Tensor:
        u, v = F.gelu(self.expand(self.norm(x))).chunk(2, -1)
        v = self.spatial(self.gate_norm(v).transpose(1, 2)).transpose(1, 2)
        return x + self.shrink(u * v)


class GMLPClassifier(nn.Module):
    """A gMLP: token and position embeddings (32), two ``SpatialGating`` blocks, a LayerNorm, the mean over the positions,
    a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 4 classes. Output (rows, 4). ``dead_bias`` < 0 starts fc's
    biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(GMLP_VOCAB, 32)
        self.pos = nn.Parameter(0.1 * torch.randn(GMLP_LENGTH, 32))
        self.blocks = nn.Sequential(SpatialGating(), SpatialGating())
        self.norm = nn.LayerNorm(32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, GMLP_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.norm(self.blocks(self.embed(x) + self.pos)).mean(1)
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def gmlp_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the motifs summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


MPNN_NODES, MPNN_FEATURES = 10, 2
"""Graphs of 10 nodes; 2 node features (1, and an attribute U(0, 1))."""


@lru_cache(maxsize=None)
def mpnn_graphs(n: int = 4000, seed: int = 412, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
                train_rows: int | None = None) -> Data:  # fmt: skip
    """Graph regression: Erdos-Renyi graphs of 10 nodes (edge probability 0.2-0.5 a graph), each node an attribute a_i
    U(0, 1); the target the number of triangles plus 2 x the sum over the edges of a_i a_j, standardised, plus
    N(0, 0.3^2) noise (a floor: ~0.09). Each graph one row: its adjacency (10 x 10) beside the 2 node features (1, a_i).
    x: (rows, 10, 12); y: (rows,). ``nan_rows``: that share of the training graphs has a missing (NaN) attribute;
    ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    k = MPNN_NODES
    p = 0.2 + 0.3 * torch.rand(total, 1, 1, generator=g)
    upper = (torch.rand(total, k, k, generator=g) < p).float().triu(1)
    adj = upper + upper.transpose(1, 2)
    attr = torch.rand(total, k, generator=g)
    triangles = torch.diagonal(adj @ adj @ adj, dim1=1, dim2=2).sum(1) / 6
    pairs = (adj * attr[:, :, None] * attr[:, None, :]).sum((1, 2)) / 2
    clean = triangles + 2 * pairs
    y = (clean - clean.mean()) / clean.std() + 0.3 * torch.randn(total, generator=g)
    x = torch.cat([adj, torch.ones(total, k, 1), attr[:, :, None]], 2)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 4, k + 1] = float("nan")
    data = split(x, y, n, "graph regression: triangles and attribute pairs (a message-passing neural network)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class MPNNRegressor(nn.Module):
    """A message-passing neural network (Gilmer et al.): ``embed`` (2 -> 32), 3 rounds of messages ReLU(``receive`` h_i +
    ``send`` h_j) (a linear map of [h_i, h_j], 64 -> 32) summed over each node's neighbours and a ``GRUCell`` update
    (weights shared over the rounds), mean pooling over the nodes, a ReLU layer ``fc`` (32 -> 32) and a ``head`` (32 -> 1). Output (rows,).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Linear(MPNN_FEATURES, 32)
        self.receive = nn.Linear(32, 32)
        self.send = nn.Linear(32, 32, bias=False)
        self.update = nn.GRUCell(32, 32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        k = MPNN_NODES
        adj, feats = x[:, :, :k], x[:, :, k:]
        h = self.embed(feats)
        b = len(x)
        for _ in range(3):
            m = (F.relu(self.receive(h)[:, :, None] + self.send(h)[:, None]) * adj[..., None]).sum(2)
            h = self.update(m.reshape(b * k, 32), h.reshape(b * k, 32)).reshape(b, k, 32)
        out: Tensor = self.head(F.relu(self.fc(h.sum(1) / k))).squeeze(1)
        return out


def mpnn_mse(out: Tensor, y: Tensor) -> Tensor:
    """The squared error, mean over the graphs."""
    return F.mse_loss(out, y)


def mpnn_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's graphs (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def mpnn_at_zero() -> float:
    """The squared error of a regressor that predicts 0: its level at init."""
    return float(mpnn_graphs().y.pow(2).mean())


MULTIMARGIN_FEATURES, MULTIMARGIN_CLASSES = 16, 5
"""Rows of 16 features; 5 classes. The multi-class hinge loss of all-zero scores is (C - 1) / C = 0.8."""


@lru_cache(maxsize=None)
def multimargin_rows(n: int = 4000, seed: int = 413, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
                     train_rows: int | None = None) -> Data:  # fmt: skip
    """Tabular classification: 16 features N(0, 1), the class the arg max of a fixed random two-layer teacher's 5 scores
    (tanh, 32 hidden) plus Gumbel noise of scale 0.3; 5% of the labels are random (a floor). x: (rows, 16); y: (rows,).
    ``nan_rows``: that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that many
    training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, MULTIMARGIN_FEATURES, generator=g)
    w1 = torch.randn(MULTIMARGIN_FEATURES, 32, generator=g) / math.sqrt(MULTIMARGIN_FEATURES)
    w2 = torch.randn(32, MULTIMARGIN_CLASSES, generator=g)
    scores = torch.tanh(x @ w1) @ w2
    gumbel = -torch.log(-torch.log(torch.rand(total, MULTIMARGIN_CLASSES, generator=g).clamp(1e-9, 1 - 1e-9)))
    y = flip_labels((scores + 0.3 * gumbel).argmax(1), MULTIMARGIN_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 9] = float("nan")
    data = split(x, y, n, "tabular classification with the multi-class hinge loss (an MLP)", MULTIMARGIN_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, MULTIMARGIN_CLASSES,
                    batch_size)  # fmt: skip
    return data


class MultiMarginMLP(nn.Module):
    """A ReLU MLP classifier: ``inp`` (16 -> 64), ``hidden`` (64 -> 64), a ReLU layer ``fc`` (64 -> 32) and a ``head`` to the
    5 class scores. Output (rows, 5). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(MULTIMARGIN_FEATURES, 64)
        self.hidden = nn.Linear(64, 64)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, MULTIMARGIN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.hidden(F.relu(self.inp(x))))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def multimargin_rowwise(out: Tensor, y: Tensor) -> Tensor:
    """nn.MultiMarginLoss's loss of each row (margin 1, p = 1): the sum over the wrong classes j of
    max(0, 1 - out_y + out_j), over C; written out with ``clamp`` so that a NaN score gives a NaN loss
    (F.multi_margin_loss reads a NaN score as a loss of 0)."""
    gaps = (1 - out.gather(1, y[:, None]) + out).clamp(min=0)
    return gaps.scatter(1, y[:, None], 0.0).sum(1) / out.shape[1]


def multimargin_loss(out: Tensor, y: Tensor) -> Tensor:
    """The multi-class hinge loss (nn.MultiMarginLoss, margin 1, p = 1), mean over the rows."""
    return multimargin_rowwise(out, y).mean()


def multimargin_summed(out: Tensor, y: Tensor) -> Tensor:
    """The multi-class hinge loss summed over the batch's rows (reduction='sum')."""
    return multimargin_rowwise(out, y).sum()


DECONV_SIZE, DECONV_CLASSES, DECONV_NOISE = 16, 6, 8
"""Images of 16 x 16 pixels; 6 shape classes; a noise code of 8 values."""


@lru_cache(maxsize=None)
def deconv_images(n: int = 4000, seed: int = 414, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Conditional image generation: the input a one-hot class code (6) and a noise code z of 8 values N(0, 1); the target
    a 16 x 16 image of the class's shape (a horizontal, vertical or diagonal bar, a ring, a cross or a blob, soft-edged)
    shifted by (1.5 z0, 1.5 z1) pixels, of brightness 1 + 0.25 z2 (z3-z7 unused), plus N(0, 0.2^2) noise per pixel (a
    floor: ~0.04). x: (rows, 14); y: (rows, 1, 16, 16). ``nan_rows``: that share of the training rows has a missing (NaN)
    noise value; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = DECONV_SIZE
    c = torch.randint(DECONV_CLASSES, (total,), generator=g)
    z = torch.randn(total, DECONV_NOISE, generator=g)
    grid = torch.arange(s, dtype=torch.float32) - (s - 1) / 2
    dx = grid[None, :, None] - 1.5 * z[:, 0, None, None]
    dy = grid[None, None, :] - 1.5 * z[:, 1, None, None]
    r = torch.sqrt(dx**2 + dy**2)
    soft = lambda d: torch.exp(-(d**2) / 2)  # noqa: E731
    shapes = torch.stack([
        soft(dx) * torch.sigmoid(4 - dy.abs()), soft(dy) * torch.sigmoid(4 - dx.abs()),
        soft((dx - dy) / math.sqrt(2)) * torch.sigmoid(4 - r), soft(r - 3.5),
        torch.maximum(soft(dx) * torch.sigmoid(3 - dy.abs()), soft(dy) * torch.sigmoid(3 - dx.abs())), soft(r / 2),
    ], 1)  # fmt: skip
    img = shapes[torch.arange(total), c] * (1 + 0.25 * z[:, 2, None, None])
    y = (img + 0.2 * torch.randn(total, s, s, generator=g))[:, None]
    x = torch.cat([F.one_hot(c, DECONV_CLASSES).float(), z], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, DECONV_CLASSES + 5] = float("nan")
    data = split(x, y, n, "conditional image generation from a class code and noise (a transposed-convolution decoder)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DeconvNet(nn.Module):
    """A transposed-convolution decoder (DCGAN-generator-like): ``inp`` (14 -> 64, ReLU), a ReLU layer ``fc`` (64 -> 64),
    ``proj`` (64 -> 32 x 4 x 4, ReLU), ``up1`` (ConvTranspose 32 -> 16, 4 x 4 at stride 2: 8 x 8, ReLU) and ``up2``
    (ConvTranspose 16 -> 1: 16 x 16, linear). Output (rows, 1, 16, 16). ``dead_bias`` < 0 starts up1's biases there (the
    last ReLU layer: with it dead every weight's gradient is zero);
    ``out_scale`` multiplies up2's initial weights (confident outputs at step 1)."""

    def __init__(self, dead_bias: float = 0.0, out_scale: float = 1.0) -> None:
        super().__init__()
        self.inp = nn.Linear(DECONV_CLASSES + DECONV_NOISE, 64)
        self.fc = nn.Linear(64, 64)
        self.proj = nn.Linear(64, 32 * 4 * 4)
        self.up1 = nn.ConvTranspose2d(32, 16, 4, stride=2, padding=1)
        self.up2 = nn.ConvTranspose2d(16, 1, 4, stride=2, padding=1)
        with torch.no_grad():
            if dead_bias:
                self.up1.bias.fill_(dead_bias)
            self.up2.weight.mul_(out_scale)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.proj(F.relu(self.fc(F.relu(self.inp(x))))))
        out: Tensor = self.up2(F.relu(self.up1(h.reshape(len(x), 32, 4, 4))))
        return out


def deconv_mse(out: Tensor, y: Tensor) -> Tensor:
    """The squared error per pixel, mean over the images and pixels."""
    return F.mse_loss(out, y)


def deconv_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The per-image mean squared error summed over the batch's images."""
    return F.mse_loss(out, y, reduction="none").mean((1, 2, 3)).sum()


def deconv_at_zero() -> float:
    """The squared error of a decoder that outputs 0: its level at init."""
    return float(deconv_images().y.pow(2).mean())
