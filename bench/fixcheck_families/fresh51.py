"""The fifty-third fresh half (fresh51, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


LSTNET_LOOKBACK, LSTNET_CHANNELS, LSTNET_PERIOD = 24, 4, 8
"""LSTNet reads 24 steps of 4 channels and forecasts the next step of each; its skip-GRU jumps a period of 8 steps."""


@lru_cache(maxsize=None)
def lstnet_series(n: int = 4000, seed: int = 511, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Periodic multichannel forecasting: windows of 25 steps of 4 channels, each a cycle of period 8 (the channel's own
    amplitude 0.6-1.2 and phase offset, a phase per window) with a second harmonic of amplitude 0.3, a level N(0, 0.5^2)
    per window and channel that drifts by N(0, 0.05^2) a step, channel 2 also 0.5 x channel 1 one step earlier, plus
    N(0, 0.3^2) noise; the first 24 steps the input, the 25th the target. x: (windows, 24, 4); y: (windows, 4).
    ``nan_rows``: that share of the training windows has a missing (NaN) value; ``train_rows``: keep only that many."""
    g = torch.Generator().manual_seed(seed)
    total, c, steps = n + n_val, LSTNET_CHANNELS, LSTNET_LOOKBACK + 1
    t = torch.arange(steps + 1).float()
    amp = 0.6 + 0.6 * torch.rand(c, generator=g)
    offset = 2 * math.pi * torch.rand(c, generator=g)
    phase = 2 * math.pi * torch.rand(total, 1, 1, generator=g)
    angle = 2 * math.pi * t[None, :, None] / LSTNET_PERIOD + phase + offset
    series = amp * torch.sin(angle) + 0.3 * torch.sin(2 * angle + 1.0)
    drift = torch.cumsum(0.05 * torch.randn(total, steps + 1, c, generator=g), 1)
    series = series + 0.5 * torch.randn(total, 1, c, generator=g) + drift
    series[:, 1:, 2] = series[:, 1:, 2] + 0.5 * series[:, :-1, 1]
    series = series[:, 1:] + 0.3 * torch.randn(total, steps, c, generator=g)
    x, y = series[:, :LSTNET_LOOKBACK].clone(), series[:, LSTNET_LOOKBACK].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7, 1] = float("nan")
    data = split(x, y, n, "periodic multichannel forecasting (an LSTNet-like model, MSE)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class LSTNetNet(nn.Module):
    """An LSTNet-like forecaster (Lai et al. 2018): a 1-D convolution ``conv`` over time (4 -> 16 channels, kernel 3,
    ReLU: 22 steps), a GRU ``gru`` (16 -> 16) over them, a skip-GRU ``skip`` (16 -> 8) over the last 2 periods, run on
    each of the 8 phases of the period apart (its 8 final states concatenated: 64), the 80 mixed by a ReLU layer ``fc``
    (80 -> 32) and a ``head`` (32 -> 4), plus a linear autoregressive highway ``ar`` (the last 8 steps of each channel ->
    its next value). Output (windows, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        c, p = LSTNET_CHANNELS, LSTNET_PERIOD
        self.conv = nn.Conv1d(c, 16, 3)
        self.gru = nn.GRU(16, 16, batch_first=True)
        self.skip = nn.GRU(16, 8, batch_first=True)
        self.fc = nn.Linear(16 + 8 * p, 32)
        self.head = nn.Linear(32, c)
        self.ar = nn.Linear(p, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        b, p = len(x), LSTNET_PERIOD
        z = F.relu(self.conv(x.transpose(1, 2))).transpose(1, 2)  # (windows, 22, 16)
        _, h = self.gru(z)
        s = z[:, -2 * p :].reshape(b, 2, p, 16).transpose(1, 2).reshape(b * p, 2, 16)
        _, hs = self.skip(s)
        mixed = torch.cat([h[0], hs[0].reshape(b, 8 * p)], 1)
        highway = self.ar(x[:, -p:].transpose(1, 2)).squeeze(-1)  # (windows, 4)
        out: Tensor = self.head(F.relu(self.fc(mixed))) + highway
        return out


def lstnet_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's windows (the mean over each window's 4 values, summed)."""
    return F.mse_loss(out, y, reduction="sum") / LSTNET_CHANNELS


def lstnet_at_zero() -> float:
    """The MSE of a forecast of 0: its level at init."""
    return float(lstnet_series().y.pow(2).mean())


RGCN_NODES, RGCN_RELATIONS, RGCN_CLASSES, RGCN_FEATURES, RGCN_BASES = 1000, 3, 4, 8, 2
"""A graph of 1,000 nodes of 4 classes with 3 relation types, 8 features a node; R-GCN weights from 2 bases."""


@lru_cache(maxsize=None)
def rgcn_graph(seed: int = 513) -> tuple[Tensor, Tensor, Tensor]:
    """A synthetic multi-relational graph: 1,000 nodes of 4 classes; relation 0 joins nodes of the same class (~8
    neighbours a node, each edge read both ways), relation 1 a node of class c to one of class c + 1 mod 4 (~6 a node),
    relation 2 any two nodes at random (~6 a node: noise); 8 features, 0.4 x the class's random centre plus N(0, 1)
    noise. Returns the edges (4, edges: source, destination, relation, and 1 / the destination's degree in that
    relation as a float), the features (1000, 8) and the classes."""
    g = torch.Generator().manual_seed(seed)
    n, k = RGCN_NODES, RGCN_CLASSES
    cls = torch.randint(k, (n,), generator=g)
    rand = torch.rand(RGCN_RELATIONS, n, n, generator=g)
    same = cls[:, None] == cls[None, :]
    nxt = cls[None, :] == (cls[:, None] + 1) % k
    probs = torch.stack([same.float() * 4 / (n / k), nxt.float() * 3 / (n / k), torch.full((n, n), 3 / n)])
    adj = (rand < probs).float()
    adj = ((adj + adj.transpose(1, 2)) > 0).float()
    rel, dst, src = torch.nonzero(adj, as_tuple=True)
    norm = 1.0 / adj.sum(2)[rel, dst]
    centres = torch.randn(k, RGCN_FEATURES, generator=g)
    x = 0.4 * centres[cls] + torch.randn(n, RGCN_FEATURES, generator=g)
    return torch.stack([src.float(), dst.float(), rel.float(), norm]), x, cls


@lru_cache(maxsize=None)
def rgcn_nodes(n: int = 700, seed: int = 513, *, n_val: int = 300, batch_size: int = 32) -> Data:
    """Node classification on ``rgcn_graph(seed)``: the input is a node's id, the target its class (5% of the training
    labels random: a floor); ``n`` labelled training nodes and ``n_val`` validation nodes of the same graph
    (transductive)."""
    cls = rgcn_graph(seed)[2]
    g = torch.Generator().manual_seed(seed + 1)
    ids = torch.randperm(len(cls), generator=g)[: n + n_val]
    y = cls[ids]
    y = torch.cat([flip_labels(y[:n], RGCN_CLASSES, 0.05, g), y[n:]])
    return split(ids, y, n, "node classification (an R-GCN on a multi-relational graph)", RGCN_CLASSES, batch_size)


class RGCNLayer(nn.Module):
    """A relational graph convolution (Schlichtkrull et al. 2018): h_i' = W_0 h_i + sum_r sum_{j in N_r(i)} W_r h_j /
    |N_r(i)|, each relation's weight W_r = sum_b a_rb V_b from 2 shared bases ``bases`` (basis decomposition) and the
    coefficients ``coef`` (3 x 2); ``self_loop`` is W_0 (with the bias)."""

    def __init__(self, d_in: int, d_out: int) -> None:
        super().__init__()
        self.bases = nn.Parameter(torch.randn(RGCN_BASES, d_in, d_out) / math.sqrt(d_in))
        self.coef = nn.Parameter(torch.randn(RGCN_RELATIONS, RGCN_BASES) / math.sqrt(RGCN_BASES))
        self.self_loop = nn.Linear(d_in, d_out)

    def forward(self, h: Tensor, edges: Tensor) -> Tensor:
        src, dst, rel = edges[0].long(), edges[1].long(), edges[2].long()
        w = torch.einsum("rb,bio->rio", self.coef, self.bases)  # (relations, d_in, d_out)
        hw = torch.einsum("nd,rdo->rno", h, w)  # each node's message under each relation
        msg = torch.zeros(len(h), w.shape[2]).index_add_(0, dst, hw[rel, src] * edges[3][:, None])
        return self.self_loop(h) + msg


class RGCNNet(nn.Module):
    """An R-GCN node classifier reading node ids: 2 relational graph convolutions (``layers``: 8 -> 16 -> 16, ReLU) over
    the whole graph each step, a ReLU layer ``fc`` (16 -> 32) and a ``head`` to the 4 classes of the nodes asked. Output
    (nodes, 4). ``dead_bias`` < 0 starts fc's biases there; ``nan_nodes``: that share of the nodes has a missing (NaN)
    feature."""

    def __init__(self, seed: int = 513, dead_bias: float = 0.0, nan_nodes: float = 0.0) -> None:
        super().__init__()
        edges, x, _ = rgcn_graph(seed)
        x = x.clone()
        if nan_nodes:
            g = torch.Generator().manual_seed(seed + 2)
            x[torch.rand(len(x), generator=g) < nan_nodes, 3] = float("nan")
        self.register_buffer("edges", edges)
        self.register_buffer("feats", x)
        self.layers = nn.ModuleList([RGCNLayer(RGCN_FEATURES, 16), RGCNLayer(16, 16)])
        self.fc = nn.Linear(16, 32)
        self.head = nn.Linear(32, RGCN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, ids: Tensor) -> Tensor:
        h = self.feats
        for layer in self.layers:
            h = F.relu(layer(h, self.edges))
        out: Tensor = self.head(F.relu(self.fc(h[ids])))
        return out


def rgcn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


SPARSEATTN_LENGTH, SPARSEATTN_VOCAB, SPARSEATTN_CLASSES, SPARSEATTN_BLOCK = 64, 16, 4, 8
"""Sequences of 64 tokens of 16 (the key tokens 0-3 and 12 fillers), 4 classes; attention blocks of 8 tokens."""


@lru_cache(maxsize=None)
def sparseattn_tokens(n: int = 6000, seed: int = 515, *, n_val: int = 600, batch_size: int = 32,
                      train_rows: int | None = None) -> Data:  # fmt: skip
    """Long-sequence classification: 64 tokens, fillers drawn uniformly from tokens 4-15; each key token 0-3 is planted
    1-5 times at random positions, the class's key 2 times more, and the class also marks the first filler after each
    of its key tokens as token 4 + class (a local cue); 5% random labels (a floor). x: (sequences, 64); y:
    (sequences,). ``train_rows``: keep only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total, length = n + n_val, SPARSEATTN_LENGTH
    y = torch.randint(SPARSEATTN_CLASSES, (total,), generator=g)
    x = torch.randint(4, SPARSEATTN_VOCAB, (total, length), generator=g)
    counts = torch.randint(1, 6, (total, SPARSEATTN_CLASSES), generator=g)
    counts[torch.arange(total), y] += 2
    order = torch.argsort(torch.rand(total, length - 1, generator=g), 1)
    for i in range(total):
        pos = order[i]
        k = 0
        for key in range(SPARSEATTN_CLASSES):
            for p in pos[k : k + int(counts[i, key])].tolist():
                x[i, p] = key
                if key == int(y[i]) and x[i, p + 1] >= 4:
                    x[i, p + 1] = 4 + key
            k += int(counts[i, key])
    y = flip_labels(y, SPARSEATTN_CLASSES, 0.05, g)
    data = split(x, y, n, "long-sequence classification (a block-sparse attention transformer)", SPARSEATTN_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, SPARSEATTN_CLASSES, batch_size)
    return data


def sparseattn_mask() -> Tensor:
    """The block-sparse attention mask of a sequence of a global token and 64 tokens (True where attention is barred):
    a token sees its own block of 8 and the blocks on each side (local), and the global token at position 0; the
    global token sees every token."""
    n = SPARSEATTN_LENGTH + 1
    block = torch.cat([torch.tensor([-10]), torch.arange(SPARSEATTN_LENGTH) // SPARSEATTN_BLOCK])
    near = (block[:, None] - block[None, :]).abs() <= 1
    near[0, :] = True
    near[:, 0] = True
    return ~near[:n, :n]


class SparseAttnBlock(nn.Module):
    """A pre-LN transformer block whose self-attention (2 heads) is masked block-sparse (``sparseattn_mask``), then a GELU
    MLP d -> 2d -> d; residuals."""

    def __init__(self, d: int) -> None:
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.attn = nn.MultiheadAttention(d, 2, batch_first=True)
        self.mlp = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))
        self.register_buffer("mask", sparseattn_mask())

    def forward(self, x: Tensor) -> Tensor:
        h = self.ln1(x)
        x = x + self.attn(h, h, h, attn_mask=self.mask, need_weights=False)[0]
        return x + self.mlp(self.ln2(x))


class SparseAttnNet(nn.Module):
    """A tiny sparse-attention transformer classifier: token embeddings (16 -> 16) and learned positions, a learned
    global token in front, 2 block-sparse attention blocks (``blocks``), a LayerNorm, the global token's state through a
    ReLU layer ``fc`` (16 -> 32) and a ``head`` to the 4 classes. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        d = 16
        self.embed = nn.Embedding(SPARSEATTN_VOCAB, d)
        self.pos = nn.Parameter(0.02 * torch.randn(SPARSEATTN_LENGTH + 1, d))
        self.glob = nn.Parameter(0.02 * torch.randn(1, 1, d))
        self.blocks = nn.ModuleList(SparseAttnBlock(d) for _ in range(2))
        self.norm = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, SPARSEATTN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, tokens: Tensor) -> Tensor:
        x = torch.cat([self.glob.expand(len(tokens), -1, -1), self.embed(tokens)], 1) + self.pos
        for block in self.blocks:
            x = block(x)
        out: Tensor = self.head(F.relu(self.fc(self.norm(x)[:, 0])))
        return out


def sparseattn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


LAPLACENLL_FEATURES = 8
"""Rows of 8 features."""


@lru_cache(maxsize=None)
def laplacenll_rows(n: int = 4000, seed: int = 517, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
                    train_rows: int | None = None) -> Data:  # fmt: skip
    """Heteroscedastic regression: 8 features N(0, 1); a target 1.0 sin(1.5 x0) + 0.6 x1 + 0.4 x2 x3 - 0.3 x4^2 + 0.3
    plus Laplace noise of scale 0.05 + 0.4 sigmoid(2 x5) + 0.1 |x6| (the noise depends on the input). x: (rows, 8); y:
    (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that
    many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, LAPLACENLL_FEATURES, generator=g)
    mean = 1.0 * torch.sin(1.5 * x[:, 0]) + 0.6 * x[:, 1] + 0.4 * x[:, 2] * x[:, 3] - 0.3 * x[:, 4] ** 2 + 0.3
    scale = 0.05 + 0.4 * torch.sigmoid(2 * x[:, 5]) + 0.1 * x[:, 6].abs()
    u = torch.rand(total, generator=g) - 0.5
    y = mean - scale * torch.sign(u) * torch.log1p(-2 * u.abs())
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7] = float("nan")
    data = split(x, y, n, "heteroscedastic regression (an MLP, the Laplace negative log-likelihood)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class LaplaceNLLMLP(nn.Module):
    """A ReLU MLP of a heteroscedastic Laplace model: ``body`` 8 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 2): the location and the log of the scale. Output (rows, 2). ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(LAPLACENLL_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def laplacenll_terms(out: Tensor, y: Tensor) -> Tensor:
    """The Laplace negative log-likelihood of each row: log(2 b) + |y - mu| / b; mu = out[:, 0], b = exp(out[:, 1]) (the
    log-scale clamped to [-6, 6])."""
    mu, log_b = out[:, 0], out[:, 1].clamp(-6.0, 6.0)
    return math.log(2.0) + log_b + (y - mu).abs() / log_b.exp()


def laplacenll_loss(out: Tensor, y: Tensor) -> Tensor:
    """The Laplace negative log-likelihood, mean over the rows."""
    return laplacenll_terms(out, y).mean()


def laplacenll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Laplace negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return laplacenll_terms(out, y).sum()


def laplacenll_at_zero() -> float:
    """The Laplace negative log-likelihood of a location of 0 and a scale of 1: its level at init."""
    return float(laplacenll_loss(torch.zeros(len(laplacenll_rows().y), 2), laplacenll_rows().y))
