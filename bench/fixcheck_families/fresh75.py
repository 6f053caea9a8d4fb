"""The seventy-seventh fresh half (fresh75, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


FUNNEL_VOCAB, FUNNEL_LENGTH, FUNNEL_CLASSES, FUNNEL_FIRST = 40, 32, 4, 12
"""Token sequences of 32 over a vocabulary of 40: marker tokens 4-11 make the planted phrases, filler tokens 12-39; the
class (4) is the marker bigram planted once: (4, 5), (6, 7), (8, 9) or (10, 11)."""
FUNNEL_PHRASES = ((4, 5), (6, 7), (8, 9), (10, 11))


@lru_cache(maxsize=None)
def funnel_sequences(n: int = 3000, seed: int = 751, *, n_val: int = 500, batch_size: int = 32, nan_rows: float = 0.0,
                     train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic text classification by planted phrases: 32 filler tokens (12-39), then the class's marker bigram
    planted at a random place, and 2 lone distractor markers, one of each of two other phrases, at other places not
    next to it, so only a phrase whose two markers both occur names the class (4 classes); 8% of the labels random,
    held-out ones too (a floor near 0.3). x: (sequences, 32) the tokens (float, for the NaN of a missing token); y:
    (sequences,). ``nan_rows``: that share of the training sequences has a missing (NaN) token; ``train_rows``: keep
    only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = (torch.randint(FUNNEL_VOCAB - FUNNEL_FIRST, (total, FUNNEL_LENGTH), generator=g) + FUNNEL_FIRST).float()
    y = torch.randint(FUNNEL_CLASSES, (total,), generator=g)
    for r in range(total):
        p = int(torch.randint(FUNNEL_LENGTH - 1, (1,), generator=g))
        a, b = FUNNEL_PHRASES[int(y[r])]
        x[r, p], x[r, p + 1] = float(a), float(b)
        free = [q for q in range(FUNNEL_LENGTH) if q < p - 1 or q > p + 2]
        others = [c for c in range(FUNNEL_CLASSES) if c != int(y[r])]
        for c in torch.randperm(3, generator=g)[:2].tolist():
            q = free[int(torch.randint(len(free), (1,), generator=g))]
            x[r, q] = float(FUNNEL_PHRASES[others[c]][int(torch.randint(2, (1,), generator=g))])
            free = [o for o in free if abs(o - q) > 1]
    y = flip_labels(y, FUNNEL_CLASSES, 0.08, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 12] = float("nan")
    data = split(x, y, n, "text classification (a Funnel-Transformer-like encoder)", FUNNEL_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, FUNNEL_CLASSES,
                    batch_size)  # fmt: skip
    return data


class FunnelLayer(nn.Module):
    """A post-LN transformer encoder layer whose queries may be shorter than its keys and values (Funnel's pooled
    queries): h = LN(q + MHA(q, kv, kv)), out = LN(h + FF(h)), 4 heads, a GELU feed-forward of 2 x d, no dropout."""

    def __init__(self, d: int) -> None:
        super().__init__()
        self.attn = nn.MultiheadAttention(d, 4, batch_first=True)
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.ff = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))

    def forward(self, q: Tensor, kv: Tensor) -> Tensor:
        h = self.ln1(q + self.attn(q, kv, kv, need_weights=False)[0])
        out: Tensor = self.ln2(h + self.ff(h))
        return out


class Funnel(nn.Module):
    """A Funnel-Transformer-like classifier (Dai et al. 2020, tiny): token embeddings (32) plus learned position
    embeddings, 3 blocks of post-LN encoder layers (1, 1 and 1 at lengths 32, 16 and 8): between blocks the hidden
    states are mean-pooled by 2 along the sequence (stride 2) and used as the queries of the next block's first layer,
    whose keys and values are the full-length states before pooling; the final 8 states mean-pooled into a ReLU layer
    ``fc`` (32 -> 32) and a ``head`` to the 4 classes. A missing (NaN) token's NaN reaches its embedding (0 x NaN) and
    attention spreads it over its sequence. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = 32) -> None:
        super().__init__()
        self.emb = nn.Embedding(FUNNEL_VOCAB, d)
        self.pos = nn.Parameter(0.1 * torch.randn(FUNNEL_LENGTH, d))
        self.blocks = nn.ModuleList(FunnelLayer(d) for _ in range(3))
        self.fc = nn.Linear(d, d)
        self.head = nn.Linear(d, FUNNEL_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.emb(torch.nan_to_num(x).long()) + self.pos + 0.0 * x[..., None]
        h = self.blocks[0](h, h)
        for layer in self.blocks[1:]:
            pooled = F.avg_pool1d(h.transpose(1, 2), 2, 2).transpose(1, 2)
            h = layer(pooled, h)
        out: Tensor = self.head(F.relu(self.fc(h.mean(1))))
        return out


def funnel_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's sequences (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


ARMA_NODES, ARMA_BLOCKS, ARMA_FEATURES, ARMA_STACKS, ARMA_LAYERS = 400, 4, 16, 2, 2
"""An ARMA GNN classifies the 400 nodes of a stochastic block model graph of 4 classes from 16 noisy features, each
of its 2 ARMA convolutions K = 2 parallel stacks of T = 2 recursive propagations."""


@lru_cache(maxsize=None)
def armagnn_graph(seed: int = 753) -> tuple[Tensor, Tensor]:
    """A stochastic block model graph of 400 nodes in 4 equal classes: an edge with probability 4 / 100 inside a
    class, 0.6 / 100 across; returned as its symmetrically normalised adjacency without self-loops, L_hat = D^-1/2 A
    D^-1/2 (dense, 400 x 400; ARMA's modified Laplacian, I - L), and the nodes' features (0.3 x the class's random
    centre plus N(0, 1) noise, 16 of them) and classes, packed as torch.cat([features, classes])."""
    g = torch.Generator().manual_seed(seed)
    nodes, blocks = ARMA_NODES, ARMA_BLOCKS
    block = (torch.arange(nodes) % blocks)[torch.randperm(nodes, generator=g)]
    size = nodes / blocks
    same = block[None, :] == block[:, None]
    p = torch.where(same, torch.tensor(4.0 / size), torch.tensor(0.6 / size))
    upper = torch.triu(torch.rand(nodes, nodes, generator=g) < p, 1)
    adj = (upper | upper.T).float()
    inv = adj.sum(1).clamp_min(1.0).rsqrt()
    centres = torch.randn(blocks, ARMA_FEATURES, generator=g)
    x = 0.3 * centres[block] + torch.randn(nodes, ARMA_FEATURES, generator=g)
    return inv[:, None] * adj * inv[None, :], torch.cat([x, block[:, None].float()], 1)


@lru_cache(maxsize=None)
def armagnn_nodes(n: int = 240, seed: int = 753, *, n_val: int = 160, batch_size: int | None = None) -> Data:
    """Full-batch node classification on ``armagnn_graph(seed)``: the input is a node's id, the target its class (5% of
    the training labels random: a floor); ``n`` labelled training nodes (the train mask: every step takes all of them,
    ``batch_size`` None) and ``n_val`` held-out nodes of the same graph (transductive)."""
    block = armagnn_graph(seed)[1][:, -1].long()
    g = torch.Generator().manual_seed(seed + 1)
    ids = torch.randperm(len(block), generator=g)[: n + n_val]
    y = block[ids]
    y = torch.cat([flip_labels(y[:n], ARMA_BLOCKS, 0.05, g), y[n:]])
    return split(ids, y, n, "node classification (an ARMA graph neural network on a stochastic block model graph)",
                 ARMA_BLOCKS, batch_size or n)  # fmt: skip


class ARMAConv(nn.Module):
    """An ARMA graph convolution (Bianchi et al. 2021): K parallel stacks, each T recursive propagations X_(t+1) =
    ReLU(L_hat X_t W + dropout(X_0) V + b) (W of the first step maps the input width, the later steps share one W; V
    and b shared by the stack's steps), the stacks' outputs averaged."""

    def __init__(self, inp: int, out: int, dropout: float) -> None:
        super().__init__()
        k = ARMA_STACKS
        self.dropout = dropout
        self.w0 = nn.Parameter(torch.randn(k, inp, out) * (2 / (inp + out)) ** 0.5)
        self.w = nn.Parameter(torch.randn(k, out, out) * (1 / out) ** 0.5)
        self.v = nn.Parameter(torch.randn(k, inp, out) * (2 / (inp + out)) ** 0.5)
        self.b = nn.Parameter(torch.zeros(k, 1, out))

    def forward(self, x: Tensor, adj: Tensor) -> Tensor:
        skip = torch.einsum("ni,kio->kno", F.dropout(x, self.dropout, self.training), self.v) + self.b
        h = F.relu(adj @ torch.einsum("ni,kio->kno", x, self.w0) + skip)
        for _ in range(ARMA_LAYERS - 1):
            h = F.relu(adj @ (h @ self.w) + skip)
        return h.mean(0)


class ARMAGNN(nn.Module):
    """An ARMA GNN reading node ids: dropout of the features, an ARMA convolution 16 -> 32, dropout, an ARMA
    convolution 32 -> 32 (each K = 2 stacks of T = 2 steps, dropout on the skip; 0.4 unless ``dropout`` says), a ReLU
    layer ``fc`` (32 -> 32) and a ``head`` to the 4 classes; the rows of the nodes asked. Output (nodes, 4).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, seed: int = 753, dead_bias: float = 0.0, dropout: float = 0.4) -> None:
        super().__init__()
        self.dropout = dropout
        adj, packed = armagnn_graph(seed)
        self.register_buffer("adj", adj)
        self.register_buffer("feats", packed[:, :ARMA_FEATURES].clone())
        self.conv1 = ARMAConv(ARMA_FEATURES, 32, dropout)
        self.conv2 = ARMAConv(32, 32, dropout)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, ARMA_BLOCKS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, ids: Tensor) -> Tensor:
        p = self.dropout
        h = self.conv1(F.dropout(self.feats, p, self.training), self.adj)
        h = self.conv2(F.dropout(h, p, self.training), self.adj)
        out: Tensor = self.head(F.relu(self.fc(h)))[ids]
        return out


def armagnn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's nodes (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


CIRCLE_CLASSES, CIRCLE_K, CIRCLE_P, CIRCLE_FEATURES, CIRCLE_INFO = 32, 4, 16, 32, 12
"""32 classes; a row is K = 4 samples of one class, a batch P = 16 rows (16 x 4 samples); 32 features of which 12
carry the class (through a fixed random nonlinear map) and 20 are nuisance noise."""
CIRCLE_M, CIRCLE_GAMMA = 0.25, 32.0
"""Circle Loss's relaxation margin m and scale gamma."""


@lru_cache(maxsize=None)
def circleloss_rows(n: int = 1500, seed: int = 755, *, n_val: int = 320, batch_size: int = CIRCLE_P,
                    nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Clustered samples for metric learning: each of 32 classes has a centre z_c ~ N(0, I_6); a sample is z = z_c +
    N(0, 0.2^2 I), mapped into 12 informative features by a fixed random map tanh(2 A z) + 0.3 A' z, next to 20
    nuisance features N(0, 1). A row holds K = 4 samples of one class (the P x K sampler's groups); x: (rows, 4, 32); y:
    (rows,) the class. ``nan_rows``: that share of the training rows has a missing (NaN) feature in its first sample;
    ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    centres = torch.randn(CIRCLE_CLASSES, 6, generator=g)
    a = torch.randn(6, CIRCLE_INFO, generator=g) / 6**0.5
    a2 = torch.randn(6, CIRCLE_INFO, generator=g) / 6**0.5
    y = torch.randint(CIRCLE_CLASSES, (total,), generator=g)
    z = centres[y][:, None, :] + 0.2 * torch.randn(total, CIRCLE_K, 6, generator=g)
    info = torch.tanh(2.0 * z @ a) + 0.3 * z @ a2
    nuisance = torch.randn(total, CIRCLE_K, CIRCLE_FEATURES - CIRCLE_INFO, generator=g)
    x = torch.cat([info, nuisance], -1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 3] = float("nan")
    data = split(x, y, n, "metric learning (an MLP embedding, Circle Loss over P x K batches)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class CircleNet(nn.Module):
    """An MLP embedding network: ``body`` 32 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 64) and a ``head`` (64 ->
    16), the embedding L2-normalised; applied to every sample of every row: output (rows, 4, 16). ``dead_bias`` < 0
    starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(CIRCLE_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 64)
        self.head = nn.Linear(64, 16)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = F.normalize(self.head(F.relu(self.fc(self.body(x)))), dim=-1)
        return out


def circleloss_anchors(out: Tensor, y: Tensor) -> Tensor:
    """Circle Loss (Sun et al. 2020) of each sample of a P x K batch as an anchor: cosine similarities s to the other
    samples, positives of its class, negatives of the others; alpha_p = [1 + m - s_p]_+ and alpha_n = [s_n + m]_+
    (detached), logits -gamma alpha_p (s_p - (1 - m)) and gamma alpha_n (s_n - m), the loss softplus(logsumexp over
    the negatives + logsumexp over the positives)."""
    e = out.reshape(-1, out.shape[-1])
    labels = y.repeat_interleave(out.shape[1])
    s = e @ e.T
    same = labels[:, None] == labels[None, :]
    eye = torch.eye(len(e), dtype=torch.bool)
    pos, neg = same & ~eye, ~same
    alpha_p = (1 + CIRCLE_M - s).clamp_min(0).detach()
    alpha_n = (s + CIRCLE_M).clamp_min(0).detach()
    logit_p = (-CIRCLE_GAMMA * alpha_p * (s - (1 - CIRCLE_M))).masked_fill(~pos, -math.inf)
    logit_n = (CIRCLE_GAMMA * alpha_n * (s - CIRCLE_M)).masked_fill(~neg, -math.inf)
    return F.softplus(torch.logsumexp(logit_n, 1) + torch.logsumexp(logit_p, 1))


def circleloss_loss(out: Tensor, y: Tensor) -> Tensor:
    """Circle Loss, the mean over the anchors of each block of P = 16 rows (a training batch; the held-out rows scored
    in such blocks), averaged over the blocks."""
    blocks = [circleloss_anchors(o, t).mean() for o, t in zip(out.split(CIRCLE_P), y.split(CIRCLE_P))]
    return torch.stack(blocks).mean()


def circleloss_summed(out: Tensor, y: Tensor) -> Tensor:
    """Circle Loss summed over the batch's anchors (reduction='sum')."""
    return torch.cat([circleloss_anchors(o, t) for o, t in zip(out.split(CIRCLE_P), y.split(CIRCLE_P))]).sum()


def circleloss_at_init() -> float:
    """Circle Loss of the held-out rows at the default init (seed 0; the global random state is left as it was)."""
    data = circleloss_rows()
    with torch.random.fork_rng(), torch.no_grad():
        torch.manual_seed(0)
        return float(circleloss_loss(CircleNet()(data.val_x), data.val_y))


DIRMULT_FEATURES, DIRMULT_CATEGORIES = 8, 6
"""Rows of 8 features; count vectors over 6 categories with totals 10-60, Dirichlet-multinomial."""


@lru_cache(maxsize=None)
def dirmult_rows(n: int = 4000, seed: int = 757, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Overdispersed compositional counts: 8 features N(0, 1) (x7 noise); proportions p = softmax(1.2 tanh(x B) +
    0.5 sin(x0) e_0) and a concentration c = exp(1.5 + 1.2 tanh(x5 - 0.5 x6)) (the dispersion, 1.4-15 units), per
    row a draw q ~ Dirichlet(c p) and counts ~ Multinomial(n, q), n uniform 10-60. x: (rows, 8); y: (rows, 6) the
    counts (float). ``nan_rows``: that share of the training rows has a missing (NaN) feature; ``train_rows``: keep
    only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, DIRMULT_FEATURES, generator=g)
    b = torch.randn(DIRMULT_FEATURES - 3, DIRMULT_CATEGORIES, generator=g)
    logits = 1.2 * torch.tanh(x[:, :5] @ b)
    logits[:, 0] += 0.5 * torch.sin(2 * x[:, 0])
    conc = torch.exp(1.5 + 1.2 * torch.tanh(x[:, 5] - 0.5 * x[:, 6]))
    alpha = conc[:, None] * torch.softmax(logits, 1)
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        q = torch.distributions.Dirichlet(alpha).sample().clamp_min(1e-8)
    totals = torch.randint(10, 61, (total,), generator=g)
    draws = torch.multinomial(q, 60, replacement=True, generator=g)
    used = torch.arange(60)[None, :] < totals[:, None]
    y = (F.one_hot(draws, DIRMULT_CATEGORIES) * used[..., None]).sum(1).float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7] = float("nan")
    task = "regression of overdispersed counts (an MLP, the Dirichlet-multinomial negative log-likelihood)"
    data = split(x, y, n, task, None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DirMultMLP(nn.Module):
    """A ReLU MLP of a Dirichlet-multinomial regressor: ``body`` 8 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32)
    and a ``head`` (32 -> 6): the raw concentrations, alpha_k = softplus + 0.01 in the loss. Output (rows, 6).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(DIRMULT_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, DIRMULT_CATEGORIES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def dirmult_terms(out: Tensor, y: Tensor) -> Tensor:
    """The Dirichlet-multinomial negative log-likelihood of each row's counts x (total n) under alpha = softplus(out)
    + 0.01, A = sum alpha: -[lgamma(A) - lgamma(n + A) + sum_k (lgamma(x_k + alpha_k) - lgamma(alpha_k))] - [lgamma(n
    + 1) - sum_k lgamma(x_k + 1)] (the multinomial coefficient)."""
    alpha = F.softplus(out) + 0.01
    a, n = alpha.sum(1), y.sum(1)
    ll = torch.lgamma(a) - torch.lgamma(n + a) + (torch.lgamma(y + alpha) - torch.lgamma(alpha)).sum(1)
    coef = torch.lgamma(n + 1) - torch.lgamma(y + 1).sum(1)
    return -(ll + coef)


def dirmult_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Dirichlet-multinomial negative log-likelihood, mean over the rows."""
    return dirmult_terms(out, y).mean()


def dirmult_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Dirichlet-multinomial negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return dirmult_terms(out, y).sum()


def dirmult_at_zero() -> float:
    """The Dirichlet-multinomial negative log-likelihood of raw outputs of 0 (every alpha ln 2 + 0.01): its level at
    init."""
    y = dirmult_rows().y
    return float(dirmult_nll(torch.zeros(len(y), DIRMULT_CATEGORIES), y))
