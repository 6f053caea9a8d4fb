"""The fifty-sixth fresh half (fresh54, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


GATEDGCN_NODES, GATEDGCN_CLASSES, GATEDGCN_FEATURES = 1600, 4, 8
"""A graph of 1600 nodes of 4 classes, 8 features a node."""


@lru_cache(maxsize=None)
def gatedgcn_graph(seed: int = 541) -> tuple[Tensor, Tensor, Tensor]:
    """A synthetic stochastic block model graph: 1600 nodes of 4 classes, ~4 neighbours of the same class and ~2 of
    other classes a node (each edge both ways); 8 features, 0.45 x the class's random centre plus N(0, 1) noise.
    Returns the edges (2, edges: source, target; both directions, no self-loops), the features (1600, 8) and the
    classes."""
    g = torch.Generator().manual_seed(seed)
    n, k = GATEDGCN_NODES, GATEDGCN_CLASSES
    cls = torch.randint(k, (n,), generator=g)
    same = cls[:, None] == cls[None, :]
    probs = torch.where(same, torch.tensor(4.0 / (n / k)), torch.tensor(2.0 / (n - n / k)))
    adj = (torch.rand(n, n, generator=g) < probs).triu(1)
    adj = adj | adj.T
    edges = torch.nonzero(adj).T.contiguous()
    centres = torch.randn(k, GATEDGCN_FEATURES, generator=g)
    x = 0.45 * centres[cls] + torch.randn(n, GATEDGCN_FEATURES, generator=g)
    return edges, x, cls


@lru_cache(maxsize=None)
def gatedgcn_nodes(n: int = 1100, seed: int = 541, *, n_val: int = 500, batch_size: int = 32) -> Data:
    """Node classification on ``gatedgcn_graph(seed)``: the input is a node's id, the target its class (5% of the
    training labels random: a floor); ``n`` labelled training nodes and ``n_val`` validation nodes of the same graph
    (transductive)."""
    cls = gatedgcn_graph(seed)[2]
    g = torch.Generator().manual_seed(seed + 1)
    ids = torch.randperm(len(cls), generator=g)[: n + n_val]
    y = cls[ids]
    y = torch.cat([flip_labels(y[:n], GATEDGCN_CLASSES, 0.05, g), y[n:]])
    return split(ids, y, n, "node classification (a residual gated graph convolution network)", GATEDGCN_CLASSES, batch_size)


class GatedGCNLayer(nn.Module):
    """A residual gated graph convolution (Bresson & Laurent 2017): an edge gate eta_ij = sigmoid(C h_i + D h_j) from the
    two endpoints' features, h_i' = h_i + relu(norm(A h_i + sum_j eta_ij * B h_j / (sum_j eta_ij + 1e-6))) over the
    neighbours j of i (a gated, normalised mean), ``norm`` a LayerNorm or a BatchNorm over the nodes."""

    def __init__(self, d: int, norm: str = "layer") -> None:
        super().__init__()
        self.a, self.b, self.c, self.d = (nn.Linear(d, d) for _ in range(4))
        self.norm: nn.Module = nn.BatchNorm1d(d) if norm == "batch" else nn.LayerNorm(d)

    def forward(self, h: Tensor, edges: Tensor) -> Tensor:
        src, dst = edges[0], edges[1]
        gate = torch.sigmoid(self.c(h)[dst] + self.d(h)[src])
        num = torch.zeros_like(h).index_add(0, dst, gate * self.b(h)[src])
        den = torch.zeros_like(h).index_add(0, dst, gate)
        return h + F.relu(self.norm(self.a(h) + num / (den + 1e-6)))


class GatedGCN(nn.Module):
    """A ResGatedGCN reading node ids: an input layer ``inp`` (8 -> 16), 2 residual gated graph convolutions (``layers``)
    over the whole graph each step, a ReLU layer ``fc`` (16 -> 32) and a ``head`` to the 4 classes of the nodes asked.
    Output (nodes, 4). ``norm``: 'layer' or 'batch'; ``dead_bias`` < 0 starts fc's biases there; ``nan_nodes``: that
    share of the nodes has a missing (NaN) feature."""

    def __init__(self, norm: str = "layer", seed: int = 541, dead_bias: float = 0.0, nan_nodes: float = 0.0) -> None:
        super().__init__()
        edges, x, _ = gatedgcn_graph(seed)
        x = x.clone()
        if nan_nodes:
            g = torch.Generator().manual_seed(seed + 2)
            x[torch.rand(len(x), generator=g) < nan_nodes, 2] = float("nan")
        self.register_buffer("edges", edges)
        self.register_buffer("feats", x)
        self.inp = nn.Linear(GATEDGCN_FEATURES, 16)
        self.layers = nn.ModuleList(GatedGCNLayer(16, norm) for _ in range(2))
        self.fc = nn.Linear(16, 32)
        self.head = nn.Linear(32, GATEDGCN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, ids: Tensor) -> Tensor:
        h = self.inp(self.feats)
        for layer in self.layers:
            h = layer(h, self.edges)
        out: Tensor = self.head(F.relu(self.fc(h[ids])))
        return out


def gatedgcn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


CVT_SIZE, CVT_CLASSES = 12, 4
"""12x12 one-channel images, 4 classes."""


@lru_cache(maxsize=None)
def cvt_images(n: int = 4000, seed: int = 543, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
               train_rows: int | None = None) -> Data:  # fmt: skip
    """Shape naming: a 12x12 image holding one 5x5 outline shape (a plus, an x, a square ring, a corner 'L') at a
    random place and a brightness of 0.7-1.3, plus a bright distractor blob of 2x2 pixels and N(0, 0.35^2) noise; 5%
    random labels (a floor). x: (images, 1, 12, 12); y: (images,). ``nan_rows``: that share of the training images has
    a missing (NaN) pixel; ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, CVT_SIZE
    glyphs = torch.zeros(CVT_CLASSES, 5, 5)
    glyphs[0, 2, :], glyphs[0, :, 2] = 1.0, 1.0
    glyphs[1] = torch.eye(5) + torch.eye(5).flip(1)
    glyphs[1, 2, 2] = 1.0
    glyphs[2, 0, :], glyphs[2, 4, :], glyphs[2, :, 0], glyphs[2, :, 4] = 1.0, 1.0, 1.0, 1.0
    glyphs[3, :, 0], glyphs[3, 4, :] = 1.0, 1.0
    y = torch.randint(CVT_CLASSES, (total,), generator=g)
    x = 0.35 * torch.randn(total, 1, s, s, generator=g)
    pos = torch.randint(0, s - 5, (total, 2), generator=g)
    bright = 0.7 + 0.6 * torch.rand(total, generator=g)
    blobs = torch.randint(0, s - 2, (total, 1, 2), generator=g)
    for i in range(total):
        r, c = int(pos[i, 0]), int(pos[i, 1])
        x[i, 0, r : r + 5, c : c + 5] += bright[i] * glyphs[int(y[i])]
        for j in range(1):
            br, bc = int(blobs[i, j, 0]), int(blobs[i, j, 1])
            x[i, 0, br : br + 2, bc : bc + 2] += 1.0
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 6] = float("nan")
    y = flip_labels(y, CVT_CLASSES, 0.05, g)
    data = split(x, y, n, "image classification (a CvT-like convolutional vision transformer)", CVT_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, CVT_CLASSES, batch_size)
    return data


class ConvAttention(nn.Module):
    """CvT's convolutional attention (Wu et al. 2021) over a (rows, d, h, w) token map: the query, key and value
    projections each a depthwise 3x3 convolution (the key's and the value's with stride 2: 4x fewer tokens) followed by
    a pointwise linear layer, 2 heads of scaled dot-product attention, an output linear layer ``proj``."""

    def __init__(self, d: int, heads: int = 2) -> None:
        super().__init__()
        self.heads = heads
        self.q_conv = nn.Conv2d(d, d, 3, padding=1, groups=d)
        self.k_conv = nn.Conv2d(d, d, 3, stride=2, padding=1, groups=d)
        self.v_conv = nn.Conv2d(d, d, 3, stride=2, padding=1, groups=d)
        self.q, self.k, self.v = nn.Linear(d, d), nn.Linear(d, d), nn.Linear(d, d)
        self.proj = nn.Linear(d, d)

    def forward(self, x: Tensor) -> Tensor:
        b, d, _, _ = x.shape
        hd = d // self.heads

        def tokens(conv: nn.Module, lin: nn.Module) -> Tensor:
            t = lin(conv(x).flatten(2).transpose(1, 2))  # (rows, tokens, d)
            return t.view(b, -1, self.heads, hd).transpose(1, 2)  # type: ignore[no-any-return]

        q, k, v = tokens(self.q_conv, self.q), tokens(self.k_conv, self.k), tokens(self.v_conv, self.v)
        att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(hd), -1)
        out: Tensor = self.proj((att @ v).transpose(1, 2).reshape(b, -1, d))
        return out  # (rows, tokens, d)


class CvTNet(nn.Module):
    """A tiny CvT-like classifier: a convolutional token embedding ``embed`` (a 3x3 convolution 1 -> 16, stride 2: a 6x6
    map of 16-dim tokens, a LayerNorm), a block of pre-LN convolutional attention (``ConvAttention``) and a GELU MLP
    (16-32-16), each with a residual, a LayerNorm, the tokens mean-pooled, a ReLU layer ``fc`` (16 -> 32) and a ``head``
    to the 4 classes. Output (images, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        d = 16
        self.embed = nn.Conv2d(1, d, 3, stride=2, padding=1)
        self.ln0 = nn.LayerNorm(d)
        self.ln_a = nn.ModuleList([nn.LayerNorm(d)])
        self.ln_m = nn.ModuleList([nn.LayerNorm(d)])
        self.attn = nn.ModuleList([ConvAttention(d)])
        self.mlp = nn.ModuleList([nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))])
        self.norm = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, CVT_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        m = self.embed(x)
        b, d, h, w = m.shape
        t = self.ln0(m.flatten(2).transpose(1, 2))  # (images, 36, d)
        for ln_a, attn, ln_m, mlp in zip(self.ln_a, self.attn, self.ln_m, self.mlp):
            t = t + attn(ln_a(t).transpose(1, 2).reshape(b, d, h, w))
            t = t + mlp(ln_m(t))
        out: Tensor = self.head(F.relu(self.fc(self.norm(t).mean(1))))
        return out


def cvt_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


LMU_LENGTH, LMU_CLASSES, LMU_ORDER = 32, 4, 8
"""Sequences of 32 steps of 2 channels, 4 classes; a Legendre memory of order 8 over a window of 32 steps."""


@lru_cache(maxsize=None)
def lmu_series(n: int = 4000, seed: int = 545, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
               train_rows: int | None = None) -> Data:  # fmt: skip
    """Pattern naming: 32 steps of 2 channels of N(0, 0.5^2) noise; in the first 20 steps one pattern of 8 steps is added
    to channel 0 at a random place, at an amplitude of 0.8-1.4 (its class: a slow sine bump, a fast sine, a rising ramp, a
    falling ramp), and channel 1 carries a random distractor bump; the model must remember it to the end. 5% random
    labels (a floor). x: (sequences, 32, 2); y: (sequences,). ``nan_rows``: that share of the training sequences has a
    missing (NaN) value; ``train_rows``: keep only that many."""
    g = torch.Generator().manual_seed(seed)
    total, length = n + n_val, LMU_LENGTH
    t = torch.arange(8).float()
    patterns = torch.stack([torch.sin(math.pi * (t + 0.5) / 8), torch.sin(2 * math.pi * (t + 0.5) / 4),
                            (t - 3.5) / 3.5, (3.5 - t) / 3.5])  # fmt: skip
    y = torch.randint(LMU_CLASSES, (total,), generator=g)
    x = 0.5 * torch.randn(total, length, 2, generator=g)
    start = torch.randint(0, 13, (total,), generator=g)
    amp = 0.8 + 0.6 * torch.rand(total, generator=g)
    other = torch.randint(0, length - 8, (total,), generator=g)
    for i in range(total):
        s = int(start[i])
        x[i, s : s + 8, 0] += amp[i] * patterns[int(y[i])]
        o = int(other[i])
        x[i, o : o + 8, 1] += patterns[0]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 10, 1] = float("nan")
    y = flip_labels(y, LMU_CLASSES, 0.05, g)
    data = split(x, y, n, "sequence classification (a Legendre Memory Unit)", LMU_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, LMU_CLASSES, batch_size)
    return data


def lmu_matrices(order: int = LMU_ORDER, theta: float = float(LMU_LENGTH)) -> tuple[Tensor, Tensor]:
    """The LMU's continuous-time Legendre delay system (Voelker et al. 2019) of ``order`` over a window of ``theta`` steps,
    A_ij = (2i + 1) / theta x (-1 if i < j else (-1)^(i - j + 1)), B_i = (2i + 1) (-1)^i / theta, discretised with a
    zero-order hold over one step: (Abar, Bbar) = the blocks of expm([[A, B], [0, 0]])."""
    i = torch.arange(order, dtype=torch.float64)[:, None]
    j = torch.arange(order, dtype=torch.float64)[None, :]
    a = (2 * i + 1) / theta * torch.where(i < j, -1.0, (-1.0) ** (i - j + 1))
    b = (2 * i + 1) * (-1.0) ** i / theta
    block = torch.zeros(order + 1, order + 1, dtype=torch.float64)
    block[:order, :order], block[:order, order:] = a, b
    expm = torch.linalg.matrix_exp(block)
    return expm[:order, :order].float(), expm[:order, order:].float()


class LMUNet(nn.Module):
    """A Legendre Memory Unit classifier: a linear memory m (order 8) updated with the fixed discretised A and B over a
    window of 32 steps, m_t = Abar m_(t-1) + Bbar u_t with u_t = e_x . x_t + e_h . h_(t-1) + e_m . m_(t-1) (``enc``), a
    nonlinear hidden state h_t = tanh(W_x x_t + W_h h_(t-1) + W_m m_t) (``cell``, 24 units); the last hidden state
    through a ReLU layer ``fc`` (24 -> 32) and a ``head`` to the 4 classes. ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0, order: int = LMU_ORDER, hidden: int = 24) -> None:
        super().__init__()
        a, b = lmu_matrices(order)
        self.register_buffer("a_bar", a)
        self.register_buffer("b_bar", b)
        self.enc = nn.Linear(2 + hidden + order, 1)
        self.cell = nn.Linear(2 + hidden + order, hidden)
        self.fc = nn.Linear(hidden, 32)
        self.head = nn.Linear(32, LMU_CLASSES)
        self.hidden, self.order = hidden, order
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        rows = x.shape[0]
        h = x.new_zeros(rows, self.hidden)
        m = x.new_zeros(rows, self.order)
        for t in range(x.shape[1]):
            xt = x[:, t]
            u = self.enc(torch.cat([xt, h, m], 1))
            m = m @ self.a_bar.T + u @ self.b_bar.T
            h = torch.tanh(self.cell(torch.cat([xt, h, m], 1)))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def lmu_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


LOGNORMAL_FEATURES = 8
"""Rows of 8 features; positive, right-skewed targets."""


@lru_cache(maxsize=None)
def lognormal_rows(n: int = 4000, seed: int = 547, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """Skewed positive targets: 8 features N(0, 1); log y = 0.8 + 0.7 tanh(1.5 x0) + 0.4 x1 - 0.3 x2 x3 + 0.25 sin(2 x4)
    plus N(0, 1) noise of scale 0.15 + 0.3 sigmoid(2 x5) (y log-normal given x). x: (rows, 8); y: (rows,). ``nan_rows``:
    that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, LOGNORMAL_FEATURES, generator=g)
    mu = 0.8 + 0.7 * torch.tanh(1.5 * x[:, 0]) + 0.4 * x[:, 1] - 0.3 * x[:, 2] * x[:, 3] + 0.25 * torch.sin(2 * x[:, 4])
    sigma = 0.15 + 0.3 * torch.sigmoid(2 * x[:, 5])
    y = torch.exp(mu + sigma * torch.randn(total, generator=g))
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 6] = float("nan")
    data = split(x, y, n, "positive skewed regression (an MLP, the log-normal negative log-likelihood)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class LogNormalMLP(nn.Module):
    """A ReLU MLP of a log-normal model: ``body`` 8 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a ``head`` (32
    -> 2): mu and log sigma of log y. Output (rows, 2). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(LOGNORMAL_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def lognormal_terms(out: Tensor, y: Tensor) -> Tensor:
    """The log-normal negative log-likelihood of each row: log y + log sigma + log(2 pi) / 2 + (log y - mu)^2 / (2
    sigma^2); mu = out[:, 0], log sigma = out[:, 1] (clamped to [-6, 6])."""
    log_y = torch.log(y.clamp(min=1e-8))
    mu, log_s = out[:, 0], out[:, 1].clamp(-6.0, 6.0)
    z = (log_y - mu) * torch.exp(-log_s)
    return log_y + log_s + 0.5 * math.log(2 * math.pi) + 0.5 * z * z


def lognormal_nll(out: Tensor, y: Tensor) -> Tensor:
    """The log-normal negative log-likelihood, mean over the rows."""
    return lognormal_terms(out, y).mean()


def lognormal_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The log-normal negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return lognormal_terms(out, y).sum()


def lognormal_at_zero() -> float:
    """The log-normal negative log-likelihood of mu = 0 and sigma = 1: its level at init."""
    return float(lognormal_nll(torch.zeros(len(lognormal_rows().y), 2), lognormal_rows().y))
