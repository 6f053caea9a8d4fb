"""The seventy-ninth fresh half (fresh77, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


ALBERT_VOCAB, ALBERT_SEGMENT, ALBERT_CLASSES = 50, 8, 3
"""Pairs of token segments of 6-8 over a vocabulary of 50: 0 padding, 1 [CLS], 2 [SEP], connectives 3-6, topic
tokens 7-12, words 13-49; a sequence is [CLS] A [SEP] B [SEP] padded to 19; 3 classes (in order, swapped, topic)."""
ALBERT_LENGTH = 3 + 2 * ALBERT_SEGMENT
ALBERT_CONNECTIVES, ALBERT_TOPIC, ALBERT_FIRST_WORD = (3, 7), (7, 13), 13


def albert_segment(g: torch.Generator, nxt: Tensor, start: int, length: int) -> list[int]:
    """A segment of the planted grammar: a Markov chain over the words, each word followed by one of its 3 likely
    successors (``nxt``) 85% of the time, any word otherwise."""
    out, w = [], start
    for _ in range(length):
        out.append(w)
        if float(torch.rand(1, generator=g)) < 0.85:
            w = int(nxt[w - ALBERT_FIRST_WORD, int(torch.randint(3, (1,), generator=g))])
        else:
            w = int(torch.randint(ALBERT_FIRST_WORD, ALBERT_VOCAB, (1,), generator=g))
    return out


@lru_cache(maxsize=None)
def albert_pairs(n: int = 3000, seed: int = 771, *, n_val: int = 300, batch_size: int = 16, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic sentence-order prediction: two consecutive segments A, B (6-8 tokens each) of a planted Markov
    grammar, B opened by a connective (3-6) 80% of the time; class 0 the pair in its original order, class 1 swapped
    (B first), class 2 a topic pair (topic tokens 7-12 sprinkled into both, in either order); 5% of the labels random,
    held-out ones too. x: (pairs, 19) the tokens (float, for the NaN of a missing token); y: (pairs,).
    ``nan_rows``: that share of the training pairs has a missing (NaN) token; ``train_rows``: keep only that many
    training pairs."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    words = ALBERT_VOCAB - ALBERT_FIRST_WORD
    nxt = torch.randint(words, (words, 3), generator=g) + ALBERT_FIRST_WORD
    x = torch.zeros(total, ALBERT_LENGTH)
    y = torch.randint(ALBERT_CLASSES, (total,), generator=g)
    for r in range(total):
        la, lb = (int(v) for v in torch.randint(6, ALBERT_SEGMENT + 1, (2,), generator=g))
        a = albert_segment(g, nxt, int(torch.randint(ALBERT_FIRST_WORD, ALBERT_VOCAB, (1,), generator=g)), la)
        b = albert_segment(g, nxt, int(nxt[a[-1] - ALBERT_FIRST_WORD, 0]), lb)
        if float(torch.rand(1, generator=g)) < 0.8:
            b[0] = int(torch.randint(*ALBERT_CONNECTIVES, (1,), generator=g))
        if int(y[r]) == 2:
            for seg in (a, b):
                for _ in range(2):
                    seg[1 + int(torch.randint(len(seg) - 1, (1,), generator=g))] = int(
                        torch.randint(*ALBERT_TOPIC, (1,), generator=g))
        first, second = (b, a) if int(y[r]) == 1 or (int(y[r]) == 2 and float(torch.rand(1, generator=g)) < 0.5) else (a, b)  # fmt: skip
        seq = [1, *first, 2, *second, 2]
        x[r, : len(seq)] = torch.tensor(seq, dtype=torch.float)
    y = flip_labels(y, ALBERT_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5] = float("nan")
    data = split(x, y, n, "sentence-order classification (an ALBERT-like encoder)", ALBERT_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, ALBERT_CLASSES,
                    batch_size)  # fmt: skip
    return data


class Albert(nn.Module):
    """An ALBERT-like classifier (Lan et al. 2020, tiny): factorised token embeddings (50 -> 16, a projection 16 ->
    32) plus learned position embeddings, ONE pre-LN transformer encoder layer (4 heads, a GELU feed-forward of 64,
    no dropout) applied 4 times with the same weights (cross-layer sharing), padding masked; the [CLS] state into a
    ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 3 classes. A missing (NaN) token's NaN reaches its embedding
    (0 x NaN) and attention spreads it over its pair. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = 32) -> None:
        super().__init__()
        self.emb = nn.Embedding(ALBERT_VOCAB, 16)
        self.proj = nn.Linear(16, d)
        self.pos = nn.Parameter(torch.randn(ALBERT_LENGTH, d))
        self.layer = nn.TransformerEncoderLayer(d, 4, 2 * d, dropout=0.0, activation="gelu", batch_first=True,
                                                norm_first=True)  # fmt: skip
        self.fc = nn.Linear(d, d)
        self.head = nn.Linear(d, ALBERT_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        tokens = torch.nan_to_num(x).long()
        h = self.proj(self.emb(tokens)) + self.pos + 0.0 * x[..., None]
        pad = tokens == 0
        for _ in range(4):
            h = self.layer(h, src_key_padding_mask=pad)
        out: Tensor = self.head(F.relu(self.fc(h[:, 0])))
        return out


def albert_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's pairs (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


FAGCN_NODES, FAGCN_BLOCKS, FAGCN_FEATURES, FAGCN_LAYERS, FAGCN_EPS = 400, 4, 16, 3, 0.3
"""An FAGCN classifies the 400 nodes of a partly heterophilous stochastic block model graph of 4 classes from 16 noisy
features, 3 layers of signed (frequency adaptive) propagation with a residual 0.3 x h_0."""


@lru_cache(maxsize=None)
def fagcn_graph(seed: int = 773) -> tuple[Tensor, Tensor]:
    """A stochastic block model graph of 400 nodes in 4 equal classes: classes 0 and 1 homophilous (an edge with
    probability 4 / 100 inside the class), classes 2 and 3 heterophilous (an edge between a node of 2 and one of 3
    with probability 4 / 100, 0.5 / 100 inside), 0.5 / 100 otherwise; returned as its edges without self-loops
    (3 rows: source, target and the symmetric degree normalisation 1 / sqrt(d_i d_j), both directions) and the nodes'
    features (0.3 x the class's random centre plus N(0, 1) noise, 16 of them) and classes, packed as
    torch.cat([features, classes])."""
    g = torch.Generator().manual_seed(seed)
    nodes, blocks = FAGCN_NODES, FAGCN_BLOCKS
    block = (torch.arange(nodes) % blocks)[torch.randperm(nodes, generator=g)]
    size = nodes / blocks
    same = block[None, :] == block[:, None]
    hetero = (block[None, :] >= 2) & (block[:, None] >= 2) & ~same
    homo = same & (block[:, None] < 2)
    p = torch.full((nodes, nodes), 0.5 / size)
    p = torch.where(homo | hetero, torch.tensor(4.0 / size), p)
    upper = torch.triu(torch.rand(nodes, nodes, generator=g) < p, 1)
    adj = (upper | upper.T).float()
    inv = adj.sum(1).clamp_min(1.0).rsqrt()
    centres = torch.randn(blocks, FAGCN_FEATURES, generator=g)
    x = 0.3 * centres[block] + torch.randn(nodes, FAGCN_FEATURES, generator=g)
    src, dst = torch.nonzero(adj, as_tuple=True)
    edges = torch.stack([src.float(), dst.float(), inv[src] * inv[dst]])
    return edges, torch.cat([x, block[:, None].float()], 1)


@lru_cache(maxsize=None)
def fagcn_nodes(n: int = 240, seed: int = 773, *, n_val: int = 160, batch_size: int | None = None) -> Data:
    """Full-batch node classification on ``fagcn_graph(seed)``: the input is a node's id, the target its class (5% of
    the training labels random: a floor); ``n`` labelled training nodes (the train mask: every step takes all of them,
    ``batch_size`` None) and ``n_val`` held-out nodes of the same graph (transductive)."""
    block = fagcn_graph(seed)[1][:, -1].long()
    g = torch.Generator().manual_seed(seed + 1)
    ids = torch.randperm(len(block), generator=g)[: n + n_val]
    y = block[ids]
    y = torch.cat([flip_labels(y[:n], FAGCN_BLOCKS, 0.05, g), y[n:]])
    return split(ids, y, n, "node classification (an FAGCN on a partly heterophilous stochastic block model graph)",
                 FAGCN_BLOCKS, batch_size or n)  # fmt: skip


class FAGCN(nn.Module):
    """An FAGCN-like node classifier (Bo et al. 2021) reading node ids: dropout of the features, an MLP encoder 16 ->
    32 (ReLU), then 3 layers of frequency adaptive propagation h <- eps h_0 + sum_j tanh(g^T [h_i || h_j]) / sqrt(d_i
    d_j) h_j (a gate vector g per layer, the coefficients signed in [-1, 1], dropout 0.4 on them, eps = 0.3), a ReLU
    layer ``fc`` (32 -> 32) and a ``head`` to the 4 classes; the rows of the nodes asked. Output (nodes, 4).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, seed: int = 773, dead_bias: float = 0.0, dropout: float = 0.4) -> None:
        super().__init__()
        self.dropout = dropout
        edges, packed = fagcn_graph(seed)
        self.register_buffer("src", edges[0].long())
        self.register_buffer("dst", edges[1].long())
        self.register_buffer("norm", edges[2].clone())
        self.register_buffer("feats", packed[:, :FAGCN_FEATURES].clone())
        self.enc = nn.Linear(FAGCN_FEATURES, 32)
        self.gates = nn.ModuleList(nn.Linear(2 * 32, 1) for _ in range(FAGCN_LAYERS))
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, FAGCN_BLOCKS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, ids: Tensor) -> Tensor:
        p = self.dropout
        h0 = F.relu(self.enc(F.dropout(self.feats, p, self.training)))
        h = h0
        for gate in self.gates:
            w = gate.weight[0]
            coef = torch.tanh((h @ w[:32])[self.dst] + (h @ w[32:])[self.src] + gate.bias) * self.norm
            msg = F.dropout(coef, p, self.training)[:, None] * h[self.src]
            h = FAGCN_EPS * h0 + torch.zeros_like(h).index_add(0, self.dst, msg)
        out: Tensor = self.head(F.relu(self.fc(h)))[ids]
        return out


def fagcn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's nodes (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


PROXY_CLASSES, PROXY_FEATURES, PROXY_INFO, PROXY_DIM = 32, 32, 12, 16
"""32 classes; 32 features of which 12 carry the class (through a fixed random nonlinear map) and 20 are nuisance
noise; embeddings and proxies of 16 dimensions."""
PROXY_ALPHA, PROXY_DELTA, PROXY_BLOCK = 32.0, 0.1, 64
"""Proxy-Anchor's scale alpha and margin delta; the held-out samples are scored in blocks of 64 (a batch's size)."""


@lru_cache(maxsize=None)
def proxyanchor_rows(n: int = 6000, seed: int = 775, *, n_val: int = 1280, batch_size: int = PROXY_BLOCK,
                     nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Clustered samples for metric learning: each of 32 classes has a centre z_c ~ N(0, I_6); a sample is z = z_c +
    N(0, 0.25^2 I), mapped into 12 informative features by a fixed random map tanh(2 A z) + 0.3 A' z, next to 20
    nuisance features N(0, 1). x: (samples, 32); y: (samples,) the class. ``nan_rows``: that share of the training
    samples has a missing (NaN) feature; ``train_rows``: keep only that many training samples."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    centres = torch.randn(PROXY_CLASSES, 6, generator=g)
    a = torch.randn(6, PROXY_INFO, generator=g) / 6**0.5
    a2 = torch.randn(6, PROXY_INFO, generator=g) / 6**0.5
    y = torch.randint(PROXY_CLASSES, (total,), generator=g)
    z = centres[y] + 0.25 * torch.randn(total, 6, generator=g)
    info = torch.tanh(2.0 * z @ a) + 0.3 * z @ a2
    x = torch.cat([info, torch.randn(total, PROXY_FEATURES - PROXY_INFO, generator=g)], -1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3] = float("nan")
    data = split(x, y, n, "metric learning (an MLP embedding, the Proxy-Anchor loss)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class ProxyAnchorNet(nn.Module):
    """An MLP embedding network with one learnable proxy per class: ``body`` 32 -> 64 -> 64 (ReLU), a ReLU layer
    ``fc`` (64 -> 64) and a ``head`` (64 -> 16), the embedding L2-normalised; the output is its cosine similarity to
    each of the 32 L2-normalised ``proxies`` (N(0, 1) at init): (samples, 32). ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(PROXY_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 64)
        self.head = nn.Linear(64, PROXY_DIM)
        self.proxies = nn.Parameter(torch.randn(PROXY_CLASSES, PROXY_DIM))
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        e = F.normalize(self.head(F.relu(self.fc(self.body(x)))), dim=-1)
        out: Tensor = e @ F.normalize(self.proxies, dim=-1).T
        return out


def proxyanchor_terms(out: Tensor, y: Tensor) -> tuple[Tensor, Tensor, Tensor]:
    """Proxy-Anchor's per-proxy terms of a batch (Kim et al. 2020): for each proxy p, log(1 + sum over its positive
    samples of exp(-alpha (s - delta))) and log(1 + sum over its negatives of exp(alpha (s + delta))), with the mask
    of the proxies that have a positive in the batch."""
    pos = F.one_hot(y, PROXY_CLASSES).bool()
    pos_logit = (-PROXY_ALPHA * (out - PROXY_DELTA)).masked_fill(~pos, -math.inf)
    neg_logit = (PROXY_ALPHA * (out + PROXY_DELTA)).masked_fill(pos, -math.inf)
    zero = torch.zeros(1, out.shape[1])
    pos_term = torch.logsumexp(torch.cat([zero, pos_logit]), 0)
    neg_term = torch.logsumexp(torch.cat([zero, neg_logit]), 0)
    return pos_term, neg_term, pos.any(0)


def proxyanchor_block(out: Tensor, y: Tensor) -> Tensor:
    """The Proxy-Anchor loss of one batch: the positive terms averaged over the proxies with a positive, plus the
    negative terms averaged over all proxies."""
    pos_term, neg_term, has = proxyanchor_terms(out, y)
    return pos_term[has].sum() / has.sum().clamp_min(1) + neg_term.mean()


def proxyanchor_loss(out: Tensor, y: Tensor) -> Tensor:
    """The Proxy-Anchor loss (alpha 32, delta 0.1) of each block of 64 samples (a training batch; the held-out samples
    scored in such blocks), averaged over the blocks."""
    blocks = [proxyanchor_block(o, t) for o, t in zip(out.split(PROXY_BLOCK), y.split(PROXY_BLOCK))]
    return torch.stack(blocks).mean()


def proxyanchor_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Proxy-Anchor terms summed over the proxies instead of averaged (reduction='sum')."""
    total = out.new_zeros(())
    for o, t in zip(out.split(PROXY_BLOCK), y.split(PROXY_BLOCK)):
        pos_term, neg_term, has = proxyanchor_terms(o, t)
        total = total + pos_term[has].sum() + neg_term.sum()
    return total


def proxyanchor_at_init() -> float:
    """The Proxy-Anchor loss of the held-out samples at the default init (seed 0; the global random state is left as
    it was)."""
    data = proxyanchor_rows()
    with torch.random.fork_rng(), torch.no_grad():
        torch.manual_seed(0)
        return float(proxyanchor_loss(ProxyAnchorNet()(data.val_x), data.val_y))


GOMPERTZ_FEATURES, GOMPERTZ_LOG_B, GOMPERTZ_LOG_C = 8, -4.0, -1.0
"""Rows of 8 features; the network's two outputs are offsets of log b from -4 and of log c from -1 (a Gompertz
hazard h(t) = b exp(c t))."""


@lru_cache(maxsize=None)
def gompertz_rows(n: int = 4000, seed: int = 777, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Right-censored survival times of a Gompertz hazard h(t) = b exp(c t): 8 features N(0, 1) (x6 and x7 noise),
    log b = -2.3 + 1.8 tanh(x B) + 0.5 sin(2 x0) and log c = -1.2 + 0.8 tanh(x3 - x4 + 0.5 x5), the event time drawn by
    inverting the survival function, the censoring time uniform on 0-15 (~31% censored). x: (rows, 8); y: (rows, 2)
    the observed time and the event indicator d. ``nan_rows``: that share of the training rows has a missing (NaN)
    feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, GOMPERTZ_FEATURES, generator=g)
    w = torch.randn(3, generator=g)
    log_b = -2.3 + 1.8 * torch.tanh(x[:, :3] @ w) + 0.5 * torch.sin(2 * x[:, 0])
    log_c = -1.2 + 0.8 * torch.tanh(x[:, 3] - x[:, 4] + 0.5 * x[:, 5])
    b, c = log_b.exp(), log_c.exp()
    u = torch.rand(total, generator=g).clamp_min(1e-6)
    t = torch.log1p(-c * torch.log(u) / b) / c
    cens = 15.0 * torch.rand(total, generator=g)
    y = torch.stack([torch.minimum(t, cens).clamp_min(1e-3), (t <= cens).float()], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7] = float("nan")
    task = "survival regression under right censoring (an MLP, the Gompertz negative log-likelihood)"
    data = split(x, y, n, task, None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class GompertzMLP(nn.Module):
    """A ReLU MLP of a Gompertz survival model: ``body`` 8 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 2): the offsets of log b (from -4) and log c (from -1) in the loss. Output (rows, 2).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(GOMPERTZ_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def gompertz_terms(out: Tensor, y: Tensor) -> Tensor:
    """The Gompertz negative log-likelihood of each row under right censoring: log b = -4 + out_0, log c = -1 +
    out_1, -(d (log b + c t) - (b / c) (exp(c t) - 1)) (the log hazard at an event, minus the cumulative hazard)."""
    log_b, log_c = GOMPERTZ_LOG_B + out[:, 0], GOMPERTZ_LOG_C + out[:, 1]
    t, d = y[:, 0], y[:, 1]
    c = log_c.exp()
    cum = torch.exp(log_b - log_c) * torch.expm1(c * t)
    return -(d * (log_b + c * t) - cum)


def gompertz_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Gompertz negative log-likelihood, mean over the rows."""
    return gompertz_terms(out, y).mean()


def gompertz_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Gompertz negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return gompertz_terms(out, y).sum()


def gompertz_at_zero() -> float:
    """The Gompertz negative log-likelihood of raw outputs of 0 (b = e^-4, c = e^-1): its level at init."""
    y = gompertz_rows().y
    return float(gompertz_nll(torch.zeros(len(y), 2), y))
