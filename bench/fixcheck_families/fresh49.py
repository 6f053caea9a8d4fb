"""The fifty-first fresh half (fresh49, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


RETNET_LENGTH, RETNET_VOCAB, RETNET_CLASSES, RETNET_MOTIF = 24, 12, 4, 3
"""Token sequences of 24 tokens over a vocabulary of 12; 4 classes, each a motif of 3 tokens (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def retnet_tokens(n: int = 4000, seed: int = 491, *, n_val: int = 800, batch_size: int = 32, train_rows: int = 0) -> Data:
    """Motif classification in token sequences: 4 random motifs of 3 distinct tokens (one per class); a sequence is 24
    tokens drawn uniformly from the 12, with its class's motif written at a random position and a decoy (one other
    class's motif with its first two tokens swapped) at another; 5% random labels (a floor). The order of the tokens
    matters (a bag of tokens does not tell a motif from its decoy). x: (sequences, 24) token ids; y: (sequences,).
    ``train_rows`` keeps only that many training sequences (the validation ones unchanged)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    t, m = RETNET_LENGTH, RETNET_MOTIF
    motifs = torch.stack([torch.randperm(RETNET_VOCAB, generator=g)[:m] for _ in range(RETNET_CLASSES)])
    x = torch.randint(RETNET_VOCAB, (total, t), generator=g)
    y = torch.randint(RETNET_CLASSES, (total,), generator=g)
    other = (y + torch.randint(1, RETNET_CLASSES, (total,), generator=g)) % RETNET_CLASSES
    at = torch.randint(t - 2 * m, (total,), generator=g)
    gap = torch.randint(m, t - m - 1, (total,), generator=g)
    decoy = motifs[other][:, [1, 0, 2]]
    for i in range(total):
        a = int(at[i])
        b = (a + int(gap[i])) % (t - m + 1)
        if abs(b - a) < m:
            b = (a + m) % (t - m + 1)
        x[i, b : b + m] = decoy[i]
        x[i, a : a + m] = motifs[y[i]]
    y = flip_labels(y, RETNET_CLASSES, 0.05, g)
    data = split(x, y, n, "motif classification in token sequences (a RetNet-like retention classifier)", RETNET_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, RETNET_CLASSES, batch_size)
    return data


class MultiScaleRetention(nn.Module):
    """Multi-scale retention (Sun et al. 2023, the parallel form) of width ``d``: 4 heads, each head h's output
    sum_m gamma_h^(n - m) (q_n . k_m / sqrt(d_h)) v_m over m <= n (a causal decay in place of the softmax), the decays
    gamma_h = 1 - 2^(-1 - h) (0.5, 0.75, 0.875, 0.9375: fast to slow), a GroupNorm per head, a swish gate
    swish(W_g x) and an output projection. Input and output (rows, tokens, d)."""

    def __init__(self, d: int, heads: int = 4) -> None:
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(d, 3 * d, bias=False)
        self.gate = nn.Linear(d, d, bias=False)
        self.out = nn.Linear(d, d, bias=False)
        self.norm = nn.GroupNorm(heads, d)
        gammas = 1 - 2.0 ** (-1 - torch.arange(heads, dtype=torch.float32))
        steps = torch.arange(RETNET_LENGTH, dtype=torch.float32)
        diff = steps[:, None] - steps[None, :]
        decay = torch.where(diff >= 0, gammas[:, None, None] ** diff.clamp(min=0), torch.zeros(()))
        self.register_buffer("decay", decay)

    def forward(self, x: Tensor) -> Tensor:
        b, t, d = x.shape
        h = self.heads
        q, k, v = self.qkv(x).view(b, t, 3, h, d // h).permute(2, 0, 3, 1, 4)
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(d // h) * self.decay[:, :t, :t]
        r = (scores @ v).transpose(1, 2).reshape(b * t, d)
        r = self.norm(r).view(b, t, d)
        out: Tensor = self.out(F.silu(self.gate(x)) * r)
        return out


class RetNetClassifier(nn.Module):
    """A tiny RetNet-like sequence classifier: Embedding(12, 32) of the tokens, one RetNet block (pre-LN multi-scale
    retention, pre-LN GELU feed-forward 32-64-32, residuals), a final LayerNorm, mean pooling over the tokens, a ReLU layer
    ``fc`` (32 -> 32) and a ``head`` to the 4 classes. Output (rows, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        d = 32
        self.embed = nn.Embedding(RETNET_VOCAB, d)
        self.ln1, self.ln2, self.ln_out = nn.LayerNorm(d), nn.LayerNorm(d), nn.LayerNorm(d)
        self.retention = MultiScaleRetention(d)
        self.ff = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, RETNET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.embed(x)
        h = h + self.retention(self.ln1(h))
        h = h + self.ff(self.ln2(h))
        out: Tensor = self.head(F.relu(self.fc(self.ln_out(h).mean(1))))
        return out


def retnet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


HGNN_NODES, HGNN_EDGES, HGNN_FEATURES, HGNN_CLASSES = 800, 400, 12, 4
"""The HGNN classifies the 800 nodes of a synthetic hypergraph of 400 hyperedges into 4 classes from 12 noisy features."""


@lru_cache(maxsize=None)
def hgnn_hypergraph(seed: int = 492) -> tuple[Tensor, Tensor]:
    """A synthetic hypergraph of 800 nodes in 4 equal classes and 400 hyperedges of 3-6 nodes, 85% of them drawn inside
    one class and 15% across all nodes, as HGNN's propagation matrix Dv^-1/2 H De^-1 H^T Dv^-1/2 (H the node-by-hyperedge
    incidence, a self-loop hyperedge added for every node; dense, (nodes, nodes)), and the nodes' features (0.5 x the
    class's random centre plus N(0, 1) noise, 12 of them) and classes, packed as (propagation, torch.cat([features,
    classes]))."""
    g = torch.Generator().manual_seed(seed)
    nodes, classes = HGNN_NODES, HGNN_CLASSES
    cls = (torch.arange(nodes) % classes)[torch.randperm(nodes, generator=g)]
    inc = torch.zeros(nodes, HGNN_EDGES + nodes)
    for e in range(HGNN_EDGES):
        size = int(torch.randint(3, 7, (1,), generator=g))
        if float(torch.rand(1, generator=g)) < 0.85:
            pool = torch.nonzero(cls == int(torch.randint(classes, (1,), generator=g))).flatten()
        else:
            pool = torch.arange(nodes)
        inc[pool[torch.randperm(len(pool), generator=g)[:size]], e] = 1.0
    inc[torch.arange(nodes), HGNN_EDGES + torch.arange(nodes)] = 1.0
    dv = inc.sum(1).rsqrt()
    de = 1.0 / inc.sum(0)
    prop = (dv[:, None] * inc * de[None, :]) @ (inc.T * dv[None, :])
    centres = torch.randn(classes, HGNN_FEATURES, generator=g)
    x = 0.5 * centres[cls] + torch.randn(nodes, HGNN_FEATURES, generator=g)
    return prop, torch.cat([x, cls[:, None].float()], 1)


@lru_cache(maxsize=None)
def hgnn_nodes(n: int = 500, seed: int = 492, *, n_val: int = 300, batch_size: int = 32) -> Data:
    """Node classification on ``hgnn_hypergraph(seed)``: the input is a node's id, the target its class (5% of the
    training labels random: a floor); ``n`` labelled training nodes and ``n_val`` validation nodes of the same hypergraph
    (transductive)."""
    cls = hgnn_hypergraph(seed)[1][:, -1].long()
    g = torch.Generator().manual_seed(seed + 1)
    ids = torch.randperm(len(cls), generator=g)[: n + n_val]
    y = cls[ids]
    y = torch.cat([flip_labels(y[:n], HGNN_CLASSES, 0.05, g), y[n:]])
    return split(ids, y, n, "node classification (an HGNN on a synthetic hypergraph)", HGNN_CLASSES, batch_size)


class HGNNNet(nn.Module):
    """A hypergraph neural network node classifier (Feng et al. 2019) reading node ids: two hypergraph convolutions
    X <- ReLU(P X Theta) (P = Dv^-1/2 H De^-1 H^T Dv^-1/2: node to hyperedge to node), ``conv1`` 12 -> 32 and ``conv2``
    32 -> 32, the whole hypergraph computed each step, then a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 4 classes
    of the nodes asked. Output (nodes, 4). ``dead_bias`` < 0 starts fc's biases there; ``nan_nodes``: that share of the
    nodes has a missing (NaN) feature."""

    def __init__(self, seed: int = 492, dead_bias: float = 0.0, nan_nodes: float = 0.0) -> None:
        super().__init__()
        prop, packed = hgnn_hypergraph(seed)
        x = packed[:, :HGNN_FEATURES].clone()
        if nan_nodes:
            g = torch.Generator().manual_seed(seed + 2)
            x[torch.rand(len(x), generator=g) < nan_nodes, 5] = float("nan")
        self.register_buffer("prop", prop)
        self.register_buffer("feats", x)
        self.conv1 = nn.Linear(HGNN_FEATURES, 32)
        self.conv2 = nn.Linear(32, 32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, HGNN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, ids: Tensor) -> Tensor:
        h = F.relu(self.prop @ self.conv1(self.feats))
        h = F.relu(self.prop @ self.conv2(h))
        out: Tensor = self.head(F.relu(self.fc(h[ids])))
        return out


def hgnn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


CFC_STEPS, CFC_CLASSES = 20, 4
"""Irregularly sampled sequences of 20 observations (a value and the time gap before it); 4 classes (ln 4 = 1.39)."""


@lru_cache(maxsize=None)
def cfc_sequences(n: int = 4000, seed: int = 493, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
                  train_rows: int = 0) -> Data:  # fmt: skip
    """Irregularly sampled oscillations: a damped sinusoid of one of 4 frequencies (0.25, 0.5, 0.75, 1 cycle per unit of
    time: the class), a random phase, an amplitude of 0.7-1.3 and a decay rate of 0-0.15, observed at 20 times whose
    gaps are drawn from U(0.05, 0.55), plus N(0, 0.25^2) noise; 5% random labels (a floor). x: (sequences, 20, 2), each
    step (the observed value, the time gap since the last observation); y: (sequences,). ``nan_rows``: that share of the
    training sequences has a missing (NaN) value; ``train_rows`` keeps only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    y = torch.randint(CFC_CLASSES, (total,), generator=g)
    freq = 0.25 * (y.float() + 1)
    gaps = 0.05 + 0.5 * torch.rand(total, CFC_STEPS, generator=g)
    times = gaps.cumsum(1)
    phase = 2 * math.pi * torch.rand(total, 1, generator=g)
    amp = 0.7 + 0.6 * torch.rand(total, 1, generator=g)
    damp = 0.15 * torch.rand(total, 1, generator=g)
    value = amp * torch.exp(-damp * times) * torch.sin(2 * math.pi * freq[:, None] * times + phase)
    value = value + 0.25 * torch.randn(total, CFC_STEPS, generator=g)
    x = torch.stack([value, gaps], 2)
    y = flip_labels(y, CFC_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 9, 0] = float("nan")
    data = split(x, y, n, "classifying irregularly sampled oscillations (a CfC closed-form continuous-time RNN)", CFC_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, CFC_CLASSES, batch_size)
    return data


class CfCCell(nn.Module):
    """A closed-form continuous-time (CfC, "liquid") cell (Hasani et al. 2022): a backbone LeCun-tanh layer of the input
    and the state, two tanh heads f1 and f2 and two linear time constants t_a, t_b; the new state is
    f1 (1 - sigma(-t_a dt + t_b)) + sigma(-t_a dt + t_b) f2, dt the time gap before the observation."""

    def __init__(self, inputs: int, hidden: int) -> None:
        super().__init__()
        self.backbone = nn.Linear(inputs + hidden, 64)
        self.f1, self.f2 = nn.Linear(64, hidden), nn.Linear(64, hidden)
        self.ta, self.tb = nn.Linear(64, hidden), nn.Linear(64, hidden)

    def forward(self, x: Tensor, h: Tensor, dt: Tensor) -> Tensor:
        z = 1.7159 * torch.tanh(0.666 * self.backbone(torch.cat([x, h], 1)))
        gate = torch.sigmoid(-self.ta(z) * dt + self.tb(z))
        out: Tensor = torch.tanh(self.f1(z)) * (1 - gate) + gate * torch.tanh(self.f2(z))
        return out


class CfCNet(nn.Module):
    """A CfC sequence classifier: a CfC cell of 32 units over the 20 observations (the value as its input, the time gap
    as its dt), the last state through a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 4 classes. Output (rows, 4).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.cell = CfCCell(1, 32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, CFC_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = x.new_zeros(len(x), 32)
        for t in range(x.shape[1]):
            h = self.cell(x[:, t, :1], h, x[:, t, 1:])
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def cfc_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


ZIPREG_FEATURES = 8
"""Rows of 8 features; a zero-inflated Poisson count per row."""


@lru_cache(maxsize=None)
def zipreg_rows(n: int = 4000, seed: int = 494, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Counts with excess zeros: 8 features N(0, 1); a structural zero with probability sigmoid(1.2 x4 - 0.6 x5 x6 - 0.3)
    (~40% of the rows), else a Poisson count of log-rate 0.8 sin(1.5 x0) + 0.5 x1 + 0.4 x2 x3 - 0.2 x7^2 + 1.0 (a mean of
    ~3). x: (rows, 8); y: (rows,) counts (float). ``nan_rows``: that share of the training rows has a missing (NaN)
    feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, ZIPREG_FEATURES, generator=g)
    zero_logit = 1.2 * x[:, 4] - 0.6 * x[:, 5] * x[:, 6] - 0.3
    log_rate = 0.8 * torch.sin(1.5 * x[:, 0]) + 0.5 * x[:, 1] + 0.4 * x[:, 2] * x[:, 3] - 0.2 * x[:, 7] ** 2 + 1.0
    counts = torch.poisson(log_rate.exp(), generator=g)
    zero = torch.rand(total, generator=g) < torch.sigmoid(zero_logit)
    y = torch.where(zero, torch.zeros(()), counts)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    return split(x, y, n, "zero-inflated count regression (an MLP, the zero-inflated Poisson likelihood)", None, batch_size)


class ZIPRegMLP(nn.Module):
    """A ReLU MLP of a zero-inflated Poisson's two parameters: ``body`` 8 -> 64 -> 64 (ReLU), a ReLU layer ``fc``
    (64 -> 32) and a ``head`` (32 -> 2): the logit of a structural zero and the Poisson log-rate. Output (rows, 2).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(ZIPREG_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def zipreg_terms(out: Tensor, y: Tensor) -> Tensor:
    """The zero-inflated Poisson negative log-likelihood of each row, from the logit of a structural zero and the
    log-rate: -log(pi + (1 - pi) e^-rate) for a zero (by logsumexp), -log(1 - pi) - y log(rate) + rate + log(y!) else."""
    logit, log_rate = out[:, 0], out[:, 1]
    rate = log_rate.exp()
    zero = -torch.logaddexp(logit, -rate) + F.softplus(logit)
    positive = F.softplus(logit) - y * log_rate + rate + torch.lgamma(y + 1)
    return torch.where(y > 0, positive, zero)


def zipreg_nll(out: Tensor, y: Tensor) -> Tensor:
    """The zero-inflated Poisson negative log-likelihood, mean over the rows."""
    return zipreg_terms(out, y).mean()


def zipreg_summed(out: Tensor, y: Tensor) -> Tensor:
    """The zero-inflated Poisson negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return zipreg_terms(out, y).sum()


def zipreg_at_init() -> float:
    """The zero-inflated Poisson negative log-likelihood of outputs of 0 (pi = 0.5, a rate of 1): its level at init."""
    y = zipreg_rows().y
    return float(zipreg_nll(torch.zeros(len(y), 2), y))
