"""The forty-fourth fresh half (fresh42, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``densenet`` a DenseNet-like CNN (two dense blocks of BatchNorm-ReLU-conv layers whose outputs are
concatenated to their inputs, a transition, global max pooling) naming one of 6 random 4 x 4 glyphs in
noisy 12 x 12 images, cross-entropy over 6;
``biaffine`` a biaffine dependency-arc scorer (Dozat & Manning: a BiGRU, dependent and head vectors, a
biaffine score) picking each word's head among the root and the 10 words of a synthetic sentence,
cross-entropy over 11 per word;
``huberreg`` a ReLU MLP regressing a smooth function of 10 features with 5% outlying targets, the Huber
loss (~0.9 at init);
``mixhop`` a MixHop graph convolution net (adjacency powers 0-2 mixed by concatenation, 2 layers)
naming the community of the nodes of a stochastic block model graph, cross-entropy over 5.
"""

from __future__ import annotations

from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


DENSENET_SIZE, DENSENET_CLASSES, DENSENET_GROWTH = 12, 6, 8
"""Images of 12 x 12 pixels; 6 classes, the glyph drawn (ln 6 = 1.79 at chance); each dense layer adds 8 channels."""


@lru_cache(maxsize=None)
def densenet_glyphs(n: int = 6000, seed: int = 421, *, n_val: int = 600, batch_size: int = 32, train_rows: int | None = None,
                    nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Glyph classification: 6 random binary 4 x 4 glyphs (half their cells on, one a class), one drawn at a random place
    of a 12 x 12 image at brightness 0.6-1.4, plus N(0, 0.35^2) noise per pixel; 5% of the labels are random (a floor).
    x: (images, 1, 12, 12); y: (images,). ``train_rows``: keep only that many training images; ``nan_rows``: that share
    of the training images has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = DENSENET_SIZE
    glyphs = torch.stack([torch.randperm(16, generator=g).reshape(4, 4) < 8 for _ in range(DENSENET_CLASSES)]).float()
    y = torch.randint(DENSENET_CLASSES, (total,), generator=g)
    at = torch.randint(s - 3, (total, 2), generator=g)
    bright = 0.6 + 0.8 * torch.rand(total, generator=g)
    x = 0.35 * torch.randn(total, s, s, generator=g)
    for i in range(total):
        r, c = int(at[i, 0]), int(at[i, 1])
        x[i, r : r + 4, c : c + 4] += bright[i] * glyphs[y[i]]
    x = x[:, None]
    y = flip_labels(y, DENSENET_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 7] = float("nan")
    data = split(x, y, n, "glyph classification (a DenseNet-like CNN)", DENSENET_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, DENSENET_CLASSES, batch_size)
    return data


class DenseNetLike(nn.Module):
    """A DenseNet-like CNN: a ``stem`` convolution (1 -> 8), a dense block of 3 layers (BatchNorm, ReLU, a 3 x 3
    convolution adding 8 channels, concatenated to its input: 8 -> 32), a transition (BatchNorm, ReLU, a 1 x 1
    convolution 32 -> 16, a 2 x 2 average pool), a second dense block of 2 layers (16 -> 32), BatchNorm, ReLU, global
    max pooling, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 6 classes. Output (images, 6). ``dead_bias`` < 0
    starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        k = DENSENET_GROWTH
        self.stem = nn.Conv2d(1, 8, 3, padding=1)
        self.block1 = nn.ModuleList(nn.Sequential(nn.BatchNorm2d(8 + i * k), nn.ReLU(), nn.Conv2d(8 + i * k, k, 3, padding=1))
                                    for i in range(3))  # fmt: skip
        self.trans = nn.Sequential(nn.BatchNorm2d(32), nn.ReLU(), nn.Conv2d(32, 16, 1), nn.AvgPool2d(2))
        self.block2 = nn.ModuleList(nn.Sequential(nn.BatchNorm2d(16 + i * k), nn.ReLU(), nn.Conv2d(16 + i * k, k, 3, padding=1))
                                    for i in range(2))  # fmt: skip
        self.norm = nn.BatchNorm2d(32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, DENSENET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.stem(x)
        for layer in self.block1:
            h = torch.cat([h, layer(h)], 1)
        h = self.trans(h)
        for layer in self.block2:
            h = torch.cat([h, layer(h)], 1)
        h = F.relu(self.norm(h)).amax((2, 3))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def densenet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the glyphs summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


BIAFFINE_LENGTH, BIAFFINE_VOCAB, BIAFFINE_TYPES = 10, 30, 4
"""Sentences of 10 words of a vocabulary of 30, each word of one of 4 types; a word's head is one of 11 positions (the
root and the 10 words: ln 11 = 2.40 at chance)."""


@lru_cache(maxsize=None)
def biaffine_sentences(n: int = 6000, seed: int = 422, *, n_val: int = 800, batch_size: int = 32,
                       train_rows: int | None = None) -> Data:  # fmt: skip
    """Dependency arcs of synthetic sentences: 10 words drawn uniformly from 30, a word's type its id mod 4; the head of a
    word of type t > 0 is the nearest word of type t - 1 (to its left if there is one within 3 words, else the nearest on
    either side), that of a word of type 0 the root (position 0) unless a type-0 word stands before it (then the first
    of them); no such word: the root. 5% of the heads are random (a floor). x: (sentences, 10) word ids; y: (sentences,
    10) head positions 0-10 (word i is position i + 1). ``train_rows``: keep only that many training sentences."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    L = BIAFFINE_LENGTH
    x = torch.randint(BIAFFINE_VOCAB, (total, L), generator=g)
    kind = x % BIAFFINE_TYPES
    pos = torch.arange(L)
    dist = (pos[None, :] - pos[:, None]).abs().float()  # (i, j)
    left = pos[None, :] < pos[:, None]
    y = torch.zeros(total, L, dtype=torch.long)
    for i in range(L):
        want = kind[:, i : i + 1] - 1  # (total, 1)
        match = kind == want  # (total, L)
        near_left = match & left[i][None, :] & (dist[i][None, :] <= 3)
        score = torch.where(near_left, dist[i][None, :] - 100.0, dist[i][None, :] + 0.1 * pos[None, :])
        score = torch.where(match, score, torch.full_like(score, 1e9))
        best = score.argmin(1)
        head = torch.where(match.any(1), best + 1, torch.zeros_like(best))
        first0 = torch.where(kind[:, :i] == 0, pos[:i][None, :], torch.full((total, i), L)).amin(1) if i else torch.full((total,), L)
        root = torch.where(first0 < i, first0 + 1, torch.zeros_like(first0))
        y[:, i] = torch.where(kind[:, i] == 0, root, head)
    flip = torch.rand(total, L, generator=g) < 0.05
    y = torch.where(flip, torch.randint(L + 1, (total, L), generator=g), y)
    data = split(x, y, n, "dependency arc scoring of synthetic sentences (a biaffine scorer)", L + 1, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, L + 1, batch_size)
    return data


class BiaffineArcScorer(nn.Module):
    """A biaffine dependency-arc scorer (Dozat & Manning): word and position embeddings (16 each, summed), a
    bidirectional GRU (2 x 16), a ReLU layer ``fc`` (32 -> 32) giving each word's dependent vector d_i, a learned ``root``
    vector before the words, a ``head`` layer (32 -> 32) giving each candidate's head vector h_j, and the scores
    s_ij = d_i U h_j + d_i . w (U 32 x 32, the ``arc`` weight). Output (sentences, 10, 11): word i's scores over the root
    and the 10 words. ``dead_bias`` < 0 starts fc's biases there (every d_i and root-side vector 0)."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(BIAFFINE_VOCAB, 16)
        self.where = nn.Embedding(BIAFFINE_LENGTH, 16)
        self.gru = nn.GRU(16, 16, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(32, 32)
        self.root = nn.Parameter(0.1 * torch.randn(1, 1, 32))
        self.head = nn.Linear(32, 32)
        self.arc = nn.Parameter(torch.randn(32, 32) / 32)
        self.bias_w = nn.Parameter(torch.zeros(32, 1))
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        e = self.embed(x) + self.where(torch.arange(x.shape[1], device=x.device))
        r = F.relu(self.fc(self.gru(e)[0]))  # (B, L, 32): dependent vectors
        cand = torch.cat([self.root.expand(len(x), 1, 32), r], 1)  # (B, L + 1, 32)
        h = self.head(cand)
        out: Tensor = (r @ self.arc) @ h.transpose(1, 2) + r @ self.bias_w
        return out


def biaffine_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the heads summed over the batch's words (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum")


HUBERREG_FEATURES = 10
"""Rows of 10 features."""


@lru_cache(maxsize=None)
def huberreg_rows(n: int = 4000, seed: int = 423, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0) -> Data:
    """Regression with outliers: 10 features N(0, 1); the clean target 1.2 cos(x0 + x1) + x2 x3 - 0.6 |x4| + 0.8 x5
    standardised to a standard deviation of 1.5, plus N(0, 0.25^2) noise; 5% of the targets (training and held out) are
    outliers, moved by +-U(3, 8) (a floor). x: (rows, 10); y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, HUBERREG_FEATURES, generator=g)
    clean = 1.2 * torch.cos(x[:, 0] + x[:, 1]) + x[:, 2] * x[:, 3] - 0.6 * x[:, 4].abs() + 0.8 * x[:, 5]
    clean = 1.5 * (clean - clean.mean()) / clean.std()
    out = torch.rand(total, generator=g) < 0.05
    jump = (3 + 5 * torch.rand(total, generator=g)) * (torch.randint(2, (total,), generator=g) * 2 - 1)
    y = clean + 0.25 * torch.randn(total, generator=g) + torch.where(out, jump, torch.zeros(total))
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7] = float("nan")
    return split(x, y, n, "regression with outlying targets (an MLP, the Huber loss)", None, batch_size)


class HuberRegMLP(nn.Module):
    """A ReLU MLP regressor: ``inp`` (10 -> 64), ``hidden`` (64 -> 64), a ReLU layer ``fc`` (64 -> 32) and a ``head``
    (32 -> 1). Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(HUBERREG_FEATURES, 64)
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


def huberreg_loss(out: Tensor, y: Tensor) -> Tensor:
    """The Huber loss (delta 1), mean over the rows."""
    return F.huber_loss(out, y, delta=1.0)


def huberreg_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Huber loss (delta 1) summed over the batch's rows."""
    return F.huber_loss(out, y, delta=1.0, reduction="sum")


def huberreg_at_zero() -> float:
    """The Huber loss of a regressor that predicts 0: its level at init."""
    return float(huberreg_loss(torch.zeros(len(huberreg_rows().y)), huberreg_rows().y))


MIXHOP_NODES, MIXHOP_BLOCKS, MIXHOP_FEATURES = 1500, 5, 16
"""MixHop classifies the 1500 nodes of a stochastic block model graph of 5 communities from 16 noisy features."""


@lru_cache(maxsize=None)
def mixhop_graph(seed: int = 424) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """A stochastic block model graph of 1500 nodes in 5 equal communities (expected degree 4 inside a node's community,
    3 outside), its features (0.25 x the community's random centre plus N(0, 1) noise, 16 of them) and communities:
    (the edges with self-loops, (2, edges) as (source, target), their weights in the symmetrically normalised
    adjacency D^-1/2 (A + I) D^-1/2, features (nodes, 16), communities (nodes,))."""
    g = torch.Generator().manual_seed(seed)
    nodes, blocks = MIXHOP_NODES, MIXHOP_BLOCKS
    block = (torch.arange(nodes) % blocks)[torch.randperm(nodes, generator=g)]
    size = nodes / blocks
    same = block[:, None] == block[None, :]
    p = torch.where(same, torch.tensor(4.0 / size), torch.tensor(3.0 / (nodes - size)))
    upper = torch.triu(torch.rand(nodes, nodes, generator=g) < p, 1)
    adj = (upper | upper.T) | torch.eye(nodes, dtype=torch.bool)
    d = adj.sum(1).float().rsqrt()
    edges = torch.nonzero(adj).T
    weight = d[edges[0]] * d[edges[1]]
    centres = torch.randn(blocks, MIXHOP_FEATURES, generator=g)
    x = 0.25 * centres[block] + torch.randn(nodes, MIXHOP_FEATURES, generator=g)
    return edges, weight, x, block


@lru_cache(maxsize=None)
def mixhop_nodes(n: int = 1000, seed: int = 424, *, n_val: int = 500, batch_size: int = 32, train_rows: int | None = None) -> Data:
    """Node classification on ``mixhop_graph(seed)``: the input is a node's id, the target its community (5% of the
    training labels random: a floor); ``n`` labelled training nodes and ``n_val`` validation nodes of the same graph
    (transductive). ``train_rows``: keep only that many labelled nodes."""
    _, _, _, block = mixhop_graph(seed)
    g = torch.Generator().manual_seed(seed + 1)
    ids = torch.randperm(len(block), generator=g)[: n + n_val]
    y = block[ids]
    y = torch.cat([flip_labels(y[:n], MIXHOP_BLOCKS, 0.05, g), y[n:]])
    data = split(ids, y, n, "node classification (MixHop on a stochastic block model graph)", MIXHOP_BLOCKS, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, MIXHOP_BLOCKS, batch_size)
    return data


class MixHopLayer(nn.Module):
    """A MixHop graph convolution (Abu-El-Haija et al. 2019): [A^0 H W_0 | A^1 H W_1 | A^2 H W_2], the powers of the
    normalised adjacency A mixed by concatenation, ``width`` units a power."""

    def __init__(self, cin: int, width: int) -> None:
        super().__init__()
        self.hops = nn.ModuleList(nn.Linear(cin, width) for _ in range(3))

    def forward(self, edges: Tensor, weight: Tensor, h: Tensor) -> Tensor:
        parts, p = [], h
        for j, lin in enumerate(self.hops):
            if j:  # p <- A p, a message along every edge
                p = torch.zeros_like(p).index_add_(0, edges[1], weight[:, None] * p[edges[0]])
            parts.append(lin(p))
        return torch.cat(parts, 1)


class MixHopNet(nn.Module):
    """MixHop node classifier reading node ids: two MixHop layers (16 -> 3 x 8, ReLU; 24 -> 3 x 8, ReLU) over the whole
    graph, the batch's nodes taken, a ReLU layer ``fc`` (24 -> 16) and a ``head`` to the 5 communities. Output (nodes,
    5). ``dead_bias`` < 0 starts fc's biases there; ``nan_nodes``: that share of the nodes has a missing (NaN) feature."""

    def __init__(self, seed: int = 424, dead_bias: float = 0.0, nan_nodes: float = 0.0) -> None:
        super().__init__()
        edges, weight, x, _ = mixhop_graph(seed)
        x = x.clone()
        if nan_nodes:
            g = torch.Generator().manual_seed(seed + 2)
            x[torch.rand(len(x), generator=g) < nan_nodes, 5] = float("nan")
        self.register_buffer("edges", edges)
        self.register_buffer("weight", weight)
        self.register_buffer("feats", x)
        self.mix1 = MixHopLayer(MIXHOP_FEATURES, 8)
        self.mix2 = MixHopLayer(24, 8)
        self.fc = nn.Linear(24, 16)
        self.head = nn.Linear(16, MIXHOP_BLOCKS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, ids: Tensor) -> Tensor:
        h = F.relu(self.mix1(self.edges, self.weight, self.feats))
        h = F.relu(self.mix2(self.edges, self.weight, h))
        out: Tensor = self.head(F.relu(self.fc(h[ids])))
        return out


def mixhop_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the communities summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")
