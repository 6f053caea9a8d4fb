"""The fifty-seventh fresh half (fresh55, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


MLSTM_LENGTH, MLSTM_VOCAB, MLSTM_CLASSES = 16, 18, 5
"""Sequences of 16 tokens of 18 (the key tokens 0-4 and 13 fillers), 5 classes (ln 5 = 1.61 at chance)."""


@lru_cache(maxsize=None)
def mlstm_tokens(n: int = 5000, seed: int = 551, *, n_val: int = 600, batch_size: int = 32,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Sequence classification: 16 tokens, fillers drawn uniformly from tokens 6-17; each key token 0-4 is planted 0-2
    times at random positions and the class's key 2 times more; the marker token 5 is planted once, right before a copy
    of the class's key (a recall cue); 5% random labels (a floor). x: (sequences, 16); y: (sequences,).
    ``train_rows``: keep only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total, length = n + n_val, MLSTM_LENGTH
    y = torch.randint(MLSTM_CLASSES, (total,), generator=g)
    x = torch.randint(6, MLSTM_VOCAB, (total, length), generator=g)
    counts = torch.randint(0, 3, (total, MLSTM_CLASSES), generator=g)
    counts[torch.arange(total), y] += 1
    order = torch.argsort(torch.rand(total, length - 2, generator=g), 1) + 2
    marker = torch.randint(0, length - 2, (total,), generator=g)
    for i in range(total):
        m = int(marker[i])
        x[i, m], x[i, m + 1] = 5, int(y[i])
        pos = [p for p in order[i].tolist() if p not in (m, m + 1)]
        k = 0
        for key in range(MLSTM_CLASSES):
            for p in pos[k : k + int(counts[i, key])]:
                x[i, p] = key
            k += int(counts[i, key])
    y = flip_labels(y, MLSTM_CLASSES, 0.05, g)
    data = split(x, y, n, "sequence classification (an xLSTM-like mLSTM classifier)", MLSTM_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, MLSTM_CLASSES, batch_size)
    return data


class MLSTMBlock(nn.Module):
    """An mLSTM block (Beck et al. 2024, xLSTM), pre-LN with a residual: a causal convolution (kernel 3) and SiLU feed the
    queries and keys, the values read the normed input; 2 heads of 8, each a matrix memory C (8 x 8) and a normaliser n
    updated with an exponential input gate i and a sigmoid forget gate f through a stabiliser state m:
    m_t = max(log f_t + m_(t-1), log i_t), C_t = f' C_(t-1) + i' v_t k_t^T, n_t = f' n_(t-1) + i' k_t (f', i' the
    stabilised gates); h_t = o_t * C_t q_t / max(|n_t . q_t|, exp(-m_t)), a per-head group norm, an output projection;
    then a GELU MLP (16-32-16), pre-LN with a residual. The recurrence is computed in its equivalent parallel form (a
    causal matrix of the stabilised cumulative gates times the query-key scores)."""

    def __init__(self, d: int = 16, heads: int = 2) -> None:
        super().__init__()
        self.d, self.heads, self.dh = d, heads, d // heads
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.conv = nn.Conv1d(d, d, 3, padding=2, groups=d)
        self.q, self.k, self.v = nn.Linear(d, d, bias=False), nn.Linear(d, d, bias=False), nn.Linear(d, d, bias=False)
        self.igate, self.fgate = nn.Linear(2 * d, heads), nn.Linear(2 * d, heads)
        self.ogate = nn.Linear(d, d)
        self.hnorm = nn.GroupNorm(heads, d)
        self.proj = nn.Linear(d, d)
        self.mlp = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))
        with torch.no_grad():
            self.fgate.bias.copy_(torch.linspace(3.0, 6.0, heads))
            self.igate.bias.fill_(-1.0)

    def cell(self, x: Tensor) -> Tensor:
        b, t, d = x.shape
        c = F.silu(self.conv(x.transpose(1, 2))[:, :, :t].transpose(1, 2))
        q = self.q(c).view(b, t, self.heads, self.dh)
        k = self.k(c).view(b, t, self.heads, self.dh) / math.sqrt(self.dh)
        v = self.v(x).view(b, t, self.heads, self.dh)
        gates_in = torch.cat([x, c], -1)
        log_i = self.igate(gates_in)  # (b, t, heads)
        log_f = F.logsigmoid(self.fgate(gates_in))
        o = torch.sigmoid(self.ogate(x))
        # the recurrence in its parallel form: log D[t, s] = sum_(s < r <= t) log f_r + log i_s (s <= t), m_t its row max
        q, k, v = q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2)  # (b, heads, t, dh)
        cum = torch.cumsum(log_f.transpose(1, 2), -1)  # (b, heads, t)
        log_d = cum[..., :, None] - cum[..., None, :] + log_i.transpose(1, 2)[..., None, :]
        causal = torch.ones(t, t, dtype=torch.bool, device=x.device).tril()
        log_d = log_d.masked_fill(~causal, float("-inf"))
        m = log_d.amax(-1, keepdim=True)
        scores = (q @ k.transpose(-1, -2)) * torch.exp(log_d - m)
        den = torch.maximum(scores.sum(-1, keepdim=True).abs(), torch.exp(-m))
        h = (scores @ v / den).transpose(1, 2).reshape(b, t, d)
        h = self.hnorm(h.reshape(b * t, d)).view(b, t, d)
        out: Tensor = self.proj(o * h)
        return out

    def forward(self, x: Tensor) -> Tensor:
        x = x + self.cell(self.ln1(x))
        return x + self.mlp(self.ln2(x))


class MLSTMNet(nn.Module):
    """A tiny xLSTM-like classifier: token embeddings (18 -> 16), an mLSTM block (``blocks``), a LayerNorm, the last
    token's state through a ReLU layer ``fc`` (16 -> 32) and a ``head`` to the 5 classes. ``dead_bias`` < 0 starts fc's
    biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        d = 16
        self.embed = nn.Embedding(MLSTM_VOCAB, d)
        self.blocks = nn.ModuleList(MLSTMBlock(d) for _ in range(1))
        self.norm = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, MLSTM_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, tokens: Tensor) -> Tensor:
        x = self.embed(tokens)
        for block in self.blocks:
            x = block(x)
        out: Tensor = self.head(F.relu(self.fc(self.norm(x)[:, -1])))
        return out


def mlstm_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


GT_NODES, GT_CLASSES, GT_PE = 12, 4, 4
"""Graphs of 12 nodes of 4 kinds; 4 Laplacian eigenvectors as positional encodings."""


@lru_cache(maxsize=None)
def graphtransformer_graphs(n: int = 3000, seed: int = 553, *, n_val: int = 600, batch_size: int = 32,
                            nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Graph classification of 12-node graphs of 4 kinds: a ring with 2 random chords, a star-like tree (a hub and
    random attachments), two 6-node clusters (edges with probability 0.7 inside) joined by one edge, a 3 x 4 grid;
    then 2 random edges flipped and the nodes shuffled. Each node carries 2 features (N(0, 1) noise and its degree / 4
    plus N(0, 0.3^2) noise) and the 4 eigenvectors of the normalised Laplacian after the trivial one (a random sign
    each); 5% random labels (a floor). x: (graphs, 12, 12 + 2 + 4), the adjacency then the features and encodings; y:
    (graphs,). ``nan_rows``: that share of the training graphs has a missing (NaN) node feature; ``train_rows``: keep
    only that many training graphs."""
    g = torch.Generator().manual_seed(seed)
    total, nn_ = n + n_val, GT_NODES
    y = torch.randint(GT_CLASSES, (total,), generator=g)
    adjs = torch.zeros(total, nn_, nn_)
    for i in range(total):
        a = torch.zeros(nn_, nn_)
        kind = int(y[i])
        if kind == 0:
            for j in range(nn_):
                a[j, (j + 1) % nn_] = 1
            for _ in range(2):
                u, w = torch.randint(nn_, (2,), generator=g).tolist()
                a[u, w] = 1
        elif kind == 1:
            for j in range(1, nn_):
                parent = 0 if torch.rand(1, generator=g).item() < 0.6 else int(torch.randint(j, (1,), generator=g))
                a[j, parent] = 1
        elif kind == 2:
            same = (torch.arange(nn_)[:, None] // 6) == (torch.arange(nn_)[None, :] // 6)
            a = ((torch.rand(nn_, nn_, generator=g) < 0.7) & same).float().triu(1)
            a[int(torch.randint(6, (1,), generator=g)), 6 + int(torch.randint(6, (1,), generator=g))] = 1
        else:
            for r in range(3):
                for c in range(4):
                    if c < 3:
                        a[4 * r + c, 4 * r + c + 1] = 1
                    if r < 2:
                        a[4 * r + c, 4 * r + c + 4] = 1
        a = ((a + a.T) > 0).float()
        for _ in range(2):
            u, w = torch.randint(nn_, (2,), generator=g).tolist()
            if u != w:
                a[u, w] = a[w, u] = 1 - a[u, w]
        a.fill_diagonal_(0)
        perm = torch.randperm(nn_, generator=g)
        adjs[i] = a[perm][:, perm]
    deg = adjs.sum(2)
    inv = torch.where(deg > 0, deg.rsqrt(), torch.zeros_like(deg))
    lap = torch.eye(nn_) - inv[:, :, None] * adjs * inv[:, None, :]
    _, vecs = torch.linalg.eigh(lap)
    pe = vecs[:, :, 1 : 1 + GT_PE] * torch.where(torch.rand(total, 1, GT_PE, generator=g) < 0.5, -1.0, 1.0)
    feats = torch.stack([torch.randn(total, nn_, generator=g), deg / 4 + 0.3 * torch.randn(total, nn_, generator=g)], 2)
    x = torch.cat([adjs, feats, pe], 2)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3, nn_] = float("nan")
    y = flip_labels(y, GT_CLASSES, 0.05, g)
    data = split(x, y, n, "graph classification (a graph transformer with Laplacian positional encodings)", GT_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, GT_CLASSES, batch_size)
    return data


class GraphTransformerLayer(nn.Module):
    """A graph transformer layer (Dwivedi & Bresson 2021, with a Graphormer-like adjacency bias): full self-attention
    over a graph's nodes, 2 heads, each head's scores plus a learned bias times the adjacency (``edge_bias``, an edge
    attends more), pre-LN, a residual; then a ReLU MLP (16-32-16), pre-LN, a residual."""

    def __init__(self, d: int = 16, heads: int = 2) -> None:
        super().__init__()
        self.heads, self.dh = heads, d // heads
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.out = nn.Linear(d, d)
        self.edge_bias = nn.Parameter(torch.ones(heads))
        self.mlp = nn.Sequential(nn.Linear(d, 2 * d), nn.ReLU(), nn.Linear(2 * d, d))

    def forward(self, h: Tensor, adj: Tensor) -> Tensor:
        b, n, d = h.shape
        q, k, v = self.qkv(self.ln1(h)).view(b, n, 3, self.heads, self.dh).permute(2, 0, 3, 1, 4)
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.dh) + self.edge_bias[None, :, None, None] * adj[:, None]
        att = torch.softmax(scores, -1) @ v  # (b, heads, n, dh)
        h = h + self.out(att.transpose(1, 2).reshape(b, n, d))
        out: Tensor = h + self.mlp(self.ln2(h))
        return out


class GraphTransformerNet(nn.Module):
    """A tiny graph transformer: the node features and Laplacian eigenvector encodings embedded (``embed`` 2 + 4 ->
    16), 2 graph transformer layers (``layers``), a LayerNorm, a mean over the nodes, a ReLU layer ``fc`` (16 -> 32) and
    a ``head`` to the 4 kinds. Output (graphs, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Linear(2 + GT_PE, 16)
        self.layers = nn.ModuleList(GraphTransformerLayer() for _ in range(2))
        self.norm = nn.LayerNorm(16)
        self.fc = nn.Linear(16, 32)
        self.head = nn.Linear(32, GT_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        adj, feats = x[..., :GT_NODES], x[..., GT_NODES:]
        h = self.embed(feats)
        for layer in self.layers:
            h = layer(h, adj)
        out: Tensor = self.head(F.relu(self.fc(self.norm(h).mean(1))))
        return out


def graphtransformer_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the kinds summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


RESNEST_SIZE, RESNEST_CLASSES = 12, 4
"""12x12 one-channel images of one of 4 glyphs, 4 classes."""


@lru_cache(maxsize=None)
def resnest_images(n: int = 4000, seed: int = 555, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """Glyph classification: a 12x12 image holding one 5x5 glyph (a hollow square, a plus, an X, a filled 3x3 block)
    at a random place and a brightness of 0.9-1.5, plus a random distractor bar of 3 pixels and N(0, 0.3^2) noise; 5%
    random labels (a floor). x: (images, 1, 12, 12); y: (images,). ``nan_rows``: that share of the training images has
    a missing (NaN) pixel; ``train_rows``: keep only that many."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, RESNEST_SIZE
    glyphs = torch.zeros(4, 5, 5)
    glyphs[0, 0, :] = glyphs[0, 4, :] = glyphs[0, :, 0] = glyphs[0, :, 4] = 1
    glyphs[1, 2, :] = glyphs[1, :, 2] = 1
    glyphs[2] = torch.eye(5) + torch.eye(5).flip(1)
    glyphs[2, 2, 2] = 1
    glyphs[3, 1:4, 1:4] = 1
    y = torch.randint(RESNEST_CLASSES, (total,), generator=g)
    x = 0.3 * torch.randn(total, 1, s, s, generator=g)
    at = torch.randint(0, s - 4, (total, 2), generator=g)
    bright = 0.9 + 0.6 * torch.rand(total, generator=g)
    bar = torch.randint(0, s - 3, (total, 2), generator=g)
    vertical = torch.rand(total, generator=g) < 0.5
    for i in range(total):
        r, c = int(at[i, 0]), int(at[i, 1])
        x[i, 0, r : r + 5, c : c + 5] += bright[i] * glyphs[int(y[i])]
        br, bc = int(bar[i, 0]), int(bar[i, 1])
        if vertical[i]:
            x[i, 0, br : br + 3, bc] += 0.8
        else:
            x[i, 0, br, bc : bc + 3] += 0.8
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 6, 6] = float("nan")
    y = flip_labels(y, RESNEST_CLASSES, 0.05, g)
    data = split(x, y, n, "image classification (a ResNeSt-like split-attention network)", RESNEST_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, RESNEST_CLASSES, batch_size)
    return data


class SplitAttention(nn.Module):
    """A split-attention convolution (Zhang et al. 2022, ResNeSt): a grouped 3x3 convolution makes ``radix`` splits of
    each of ``cardinality`` cardinal groups (c x radix channels), the splits summed, globally average-pooled, through a
    bottleneck (``fc1``, BatchNorm-free, ReLU) and ``fc2`` to radix weights per channel, a softmax over the splits,
    and the splits summed with those weights (c channels)."""

    def __init__(self, c: int, radix: int = 2, cardinality: int = 2) -> None:
        super().__init__()
        self.c, self.radix, self.cardinality = c, radix, cardinality
        self.conv = nn.Conv2d(c, c * radix, 3, padding=1, groups=cardinality * radix)
        self.fc1 = nn.Conv2d(c, 8, 1, groups=cardinality)
        self.fc2 = nn.Conv2d(8, c * radix, 1, groups=cardinality)

    def forward(self, x: Tensor) -> Tensor:
        b = x.shape[0]
        splits = F.relu(self.conv(x)).view(b, self.radix, self.c, *x.shape[2:])
        gap = splits.sum(1).mean((2, 3), keepdim=True)
        att = self.fc2(F.relu(self.fc1(gap))).view(b, self.cardinality, self.radix, self.c // self.cardinality)
        att = torch.softmax(att, 2).transpose(1, 2).reshape(b, self.radix, self.c, 1, 1)
        return (att * splits).sum(1)


class ResNeStBlock(nn.Module):
    """A ResNeSt bottleneck-like block: a 1x1 conv (ReLU), a split-attention conv (radix 2, cardinality 2), a 1x1 conv,
    a residual and a ReLU."""

    def __init__(self, c: int) -> None:
        super().__init__()
        self.reduce = nn.Conv2d(c, c, 1)
        self.split = SplitAttention(c)
        self.expand = nn.Conv2d(c, c, 1)

    def forward(self, x: Tensor) -> Tensor:
        return F.relu(x + self.expand(self.split(F.relu(self.reduce(x)))))


class ResNeStNet(nn.Module):
    """A tiny ResNeSt-like CNN: a 3x3 convolution stem ``stem`` (1 -> 8, ReLU), a 2x2 max pool, 2 ResNeSt blocks (8
    channels), a global average pool, a ReLU layer ``fc`` (8 -> 32) and a ``head`` to the 4 glyphs. ``dead_bias`` <
    0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stem = nn.Conv2d(1, 8, 3, padding=1)
        self.block1, self.block2 = ResNeStBlock(8), ResNeStBlock(8)
        self.fc = nn.Linear(8, 32)
        self.head = nn.Linear(32, RESNEST_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.max_pool2d(F.relu(self.stem(x)), 2)
        h = self.block2(self.block1(h))
        out: Tensor = self.head(F.relu(self.fc(h.mean((2, 3)))))
        return out


def resnest_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the glyphs summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


EVIDENTIAL_FEATURES, EVIDENTIAL_REG = 8, 0.01
"""Rows of 8 features; the evidence regulariser's weight."""


@lru_cache(maxsize=None)
def evidential_rows(n: int = 4000, seed: int = 557, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
                    train_rows: int | None = None) -> Data:  # fmt: skip
    """Regression with heteroscedastic noise: 8 features N(0, 1); a target 1.2 sin(1.5 x0) + 0.6 x1 - 0.4 x2 x3 + 0.3
    x4^2 - 0.3 plus Gaussian noise of scale 0.1 + 0.4 sigmoid(2 x5). x: (rows, 8); y: (rows,). ``nan_rows``: that share
    of the training rows has a missing (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, EVIDENTIAL_FEATURES, generator=g)
    mean = 1.2 * torch.sin(1.5 * x[:, 0]) + 0.6 * x[:, 1] - 0.4 * x[:, 2] * x[:, 3] + 0.3 * x[:, 4] ** 2 - 0.3
    y = mean + (0.1 + 0.4 * torch.sigmoid(2 * x[:, 5])) * torch.randn(total, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7] = float("nan")
    data = split(x, y, n, "evidential regression (an MLP, the Normal-Inverse-Gamma negative log-likelihood)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class EvidentialMLP(nn.Module):
    """A deep evidential regressor (Amini et al. 2020): a ReLU MLP ``body`` 8 -> 64 -> 64, a ReLU layer ``fc`` (64 -> 32)
    and a ``head`` (32 -> 4) to the raw Normal-Inverse-Gamma parameters (gamma, and nu, alpha, beta before their
    softplus). Output (rows, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(EVIDENTIAL_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 4)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def evidential_terms(out: Tensor, y: Tensor) -> Tensor:
    """Each row's Normal-Inverse-Gamma negative log-likelihood plus 0.01 x the evidence regulariser |y - gamma| (2 nu +
    alpha): gamma = out[:, 0], nu = softplus(out[:, 1]) + 1e-4, alpha = softplus(out[:, 2]) + 1, beta =
    softplus(out[:, 3]) + 1e-4; NLL = 0.5 log(pi / nu) - alpha log(Omega) + (alpha + 0.5) log(nu (y - gamma)^2 + Omega)
    + lgamma(alpha) - lgamma(alpha + 0.5), Omega = 2 beta (1 + nu)."""
    gamma = out[:, 0]
    nu, alpha, beta = F.softplus(out[:, 1]) + 1e-4, F.softplus(out[:, 2]) + 1.0, F.softplus(out[:, 3]) + 1e-4
    omega = 2 * beta * (1 + nu)
    err = y - gamma
    nll = (0.5 * torch.log(math.pi / nu) - alpha * torch.log(omega) + (alpha + 0.5) * torch.log(nu * err * err + omega)
           + torch.lgamma(alpha) - torch.lgamma(alpha + 0.5))  # fmt: skip
    return nll + EVIDENTIAL_REG * err.abs() * (2 * nu + alpha)


def evidential_loss(out: Tensor, y: Tensor) -> Tensor:
    """The NIG negative log-likelihood plus the evidence regulariser, mean over the rows."""
    return evidential_terms(out, y).mean()


def evidential_summed(out: Tensor, y: Tensor) -> Tensor:
    """The NIG negative log-likelihood plus the evidence regulariser summed over the batch's rows (reduction='sum')."""
    return evidential_terms(out, y).sum()


def evidential_at_zero() -> float:
    """The loss of raw outputs of 0 (gamma 0, nu and beta softplus(0) = 0.69, alpha 1.69): its level at init."""
    return float(evidential_loss(torch.zeros(len(evidential_rows().y), 4), evidential_rows().y))


@lru_cache(maxsize=None)
def pretrained_evidential_weights() -> dict[str, Tensor]:
    """An evidential MLP trained (unrecorded) for 600 Adam steps on the first 3000 rows of the table (a checkpoint that
    a fine-tune on all of it starts from)."""
    from harness import Setup, train

    pretraining = Setup(name="evidential-pretraining", data=evidential_rows(train_rows=3000), model=EvidentialMLP,
                        optimizer=torch.optim.Adam, lr=3e-3, steps=600, seed=5, shuffle_offset=3000,
                        loss_fn=evidential_loss)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_evidential() -> EvidentialMLP:
    """An evidential MLP with the pretrained weights (a fine-tune starts from them)."""
    model = EvidentialMLP()
    model.load_state_dict(pretrained_evidential_weights())
    return model
