"""The sixty-seventh fresh half (fresh65, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


UT_LENGTH, UT_CLASSES, UT_STEPS, UT_DIM = 24, 2, 4, 32
"""Sequences of 24 tokens (and a class token), 2 classes (ln 2 = 0.69 at chance); one shared transformer block applied 4
times, width 32."""


@lru_cache(maxsize=None)
def ut_sequences(n: int = 4000, seed: int = 651, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """The majority of the marked tokens: 24 tokens, each a symbol A or B (at random), 9, 11 or 13 of them marked (tokens
    2 and 3 instead of 0 and 1: a marked A, a marked B); the class whether the marked tokens are mostly B (an odd count:
    no ties), the unmarked ones distractors; 5% random labels (a floor). x: (sequences, 24) token ids 0-3 (float, for
    the NaN of a missing token); y: (sequences,). ``nan_rows``: that share of the training sequences has a missing
    (NaN) token; ``train_rows``: keep only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total, length = n + n_val, UT_LENGTH
    sym = torch.randint(2, (total, length), generator=g)
    marks = torch.tensor([9, 11, 13])[torch.randint(3, (total,), generator=g)]
    order = torch.rand(total, length, generator=g).argsort(1)
    marked = torch.zeros(total, length, dtype=torch.bool)
    marked.scatter_(1, order, torch.arange(length)[None, :].expand(total, -1) < marks[:, None])
    y = ((sym * marked).sum(1) * 2 > marks).long()
    x = (sym + 2 * marked.long()).float()
    y = flip_labels(y, UT_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 6] = float("nan")
    data = split(x, y, n, "the majority of marked tokens (a Universal-Transformer-like encoder)", UT_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, UT_CLASSES, batch_size)
    return data


class UniversalTransformer(nn.Module):
    """A Universal-Transformer-like encoder (Dehghani et al. 2019): token embeddings (4 tokens and a class token, width
    32) plus learned position embeddings; ONE post-LN transformer block (self-attention of 4 heads, a ReLU MLP 32-64-32,
    each sublayer residual then LayerNorm) whose weights are shared, applied 4 times, a learned timestep embedding added
    before each application; the class token's state through a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 2
    classes. A missing (NaN) token embeds as NaN. Output (sequences, 2). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = UT_DIM) -> None:
        super().__init__()
        self.tok = nn.Embedding(5, d)
        self.pos = nn.Parameter(0.1 * torch.randn(UT_LENGTH + 1, d))
        self.time = nn.Parameter(0.1 * torch.randn(UT_STEPS, d))
        self.attn = nn.MultiheadAttention(d, 4, batch_first=True)
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.mlp = nn.Sequential(nn.Linear(d, 2 * d), nn.ReLU(), nn.Linear(2 * d, d))
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, UT_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        missing = torch.isnan(x)
        ids = torch.cat([torch.full_like(x[:, :1], 4), torch.nan_to_num(x)], 1).long()
        h = self.tok(ids)
        if missing.any():
            flag = torch.cat([torch.zeros_like(missing[:, :1]), missing], 1)[..., None]
            h = torch.where(flag, torch.full_like(h, float("nan")), h)
        h = h + self.pos
        for t in range(UT_STEPS):
            h = h + self.time[t]
            h = self.ln1(h + self.attn(h, h, h, need_weights=False)[0])
            h = self.ln2(h + self.mlp(h))
        out: Tensor = self.head(F.relu(self.fc(h[:, 0])))
        return out


def ut_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


FRACTAL_SIZE, FRACTAL_CLASSES, FRACTAL_DROP = 12, 4, 0.15
"""12 x 12 grey textures of 4 kinds (ln 4 = 1.39 at chance); each input of a join dropped with probability 0.15 in
training (local drop-path)."""


@lru_cache(maxsize=None)
def fractal_images(n: int = 3000, seed: int = 653, *, n_val: int = 500, batch_size: int = 32, nan_rows: float = 0.0,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """Noisy textures, the class their kind: horizontal stripes (0), vertical stripes (1), diagonal stripes (2) or a
    checkerboard (3), of a random period of 3-5 pixels and phase, contrast 0.4-0.9, plus N(0, 0.6^2) noise per pixel,
    5% random labels (a floor). x: (images, 1, 12, 12); y: (images,). ``nan_rows``: that share of the training images
    has a missing (NaN) pixel; ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, FRACTAL_SIZE
    y = torch.randint(FRACTAL_CLASSES, (total,), generator=g)
    rows = torch.arange(s).float()[None, :, None]
    cols = torch.arange(s).float()[None, None, :]
    period = (3 + 2 * torch.rand(total, generator=g))[:, None, None]
    phase = (2 * math.pi * torch.rand(total, generator=g))[:, None, None]
    contrast = (0.4 + 0.5 * torch.rand(total, generator=g))[:, None, None]
    w = 2 * math.pi / period
    k = y[:, None, None]
    horiz, vert, diag = torch.sin(w * rows + phase), torch.sin(w * cols + phase), torch.sin(w * (rows + cols) / 1.4 + phase)
    check = torch.sin(w * rows + phase) * torch.sin(w * cols)
    img = torch.where(k == 0, horiz, torch.where(k == 1, vert, torch.where(k == 2, diag, 2 * check)))
    x = (contrast * img + 0.6 * torch.randn(total, s, s, generator=g))[:, None].clone()
    y = flip_labels(y, FRACTAL_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 3, 8] = float("nan")
    data = split(x, y, n, "classification of noisy textures (a FractalNet-like CNN)", FRACTAL_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, FRACTAL_CLASSES, batch_size)
    return data


def fractal_join(paths: list[Tensor], training: bool, drop: float = FRACTAL_DROP) -> Tensor:
    """FractalNet's join: the elementwise mean of its inputs; in training each input dropped with probability ``drop``
    (local drop-path, one draw per join and batch), at least one always kept."""
    if not training:
        return torch.stack(paths).mean(0)
    keep = torch.rand(len(paths)) >= drop
    if not keep.any():
        keep[int(torch.randint(len(paths), (1,)))] = True
    kept = [p for p, k in zip(paths, keep.tolist()) if k]
    return torch.stack(kept).mean(0)


class FractalBlock(nn.Module):
    """A fractal block of ``columns`` columns (Larsson et al. 2017): f_1(x) = conv(x), f_C(x) = join(conv(x),
    f_{C-1}(f_{C-1}(x))), each conv a 3x3 convolution, batch norm and ReLU; the deepest column has 2^(C-1) convs."""

    def __init__(self, c_in: int, c_out: int, columns: int) -> None:
        super().__init__()
        self.columns = columns
        self.conv = nn.Sequential(nn.Conv2d(c_in, c_out, 3, padding=1, bias=False), nn.BatchNorm2d(c_out), nn.ReLU())
        if columns > 1:
            self.first = FractalBlock(c_in, c_out, columns - 1)
            self.second = FractalBlock(c_out, c_out, columns - 1)

    def forward(self, x: Tensor) -> Tensor:
        if self.columns == 1:
            out: Tensor = self.conv(x)
            return out
        return fractal_join([self.conv(x), self.second(self.first(x))], self.training)


class FractalNetSmall(nn.Module):
    """A tiny FractalNet-like CNN: a fractal block of 3 columns 1 -> 8 (7 convs), 2 x 2 max pooling (6 x 6), a fractal
    block of 2 columns 8 -> 16 (3 convs), 2 x 2 max pooling (3 x 3), global average pooling, a ReLU layer ``fc`` (16 ->
    32) and a ``head`` to the 4 classes. Output (images, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.block1 = FractalBlock(1, 8, 3)
        self.block2 = FractalBlock(8, 16, 2)
        self.fc = nn.Linear(16, 32)
        self.head = nn.Linear(32, FRACTAL_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.max_pool2d(self.block1(x), 2)
        h = F.max_pool2d(self.block2(h), 2).mean((2, 3))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def fractal_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


GUNET_NODES, GUNET_CLASSES, GUNET_FEATURES, GUNET_KEEP = 16, 4, 4, 8
"""Graphs of 10-16 nodes (padded to 16) of 4 kinds (ln 4 = 1.39 at chance), 4 features a node; the top-k pooling keeps
8 nodes."""


@lru_cache(maxsize=None)
def gunet_graphs(n: int = 2400, seed: int = 655, *, n_val: int = 400, batch_size: int = 32, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Random graphs of 4 kinds: an Erdos-Renyi graph of mean degree 3 (class 0), a hub graph, each node attached to
    one of 2-3 hubs and 1-3 extra random edges (class 1), a ring lattice, each node joined to its 2 nearest on each side
    (class 2), two Erdos-Renyi clusters of mean degree 3.5 joined by one edge (class 3); 10-16 nodes, then 2 random
    edges flipped (noise), the nodes shuffled; node features a presence flag, the degree / 5 and 2 N(0, 1) noise values;
    5% random labels (a floor). Packed as x: (graphs, 16, 16 + 4), the adjacency then the features (padding nodes all
    zero); y: (graphs,). ``nan_rows``: that share of the training graphs has a missing (NaN) feature; ``train_rows``:
    keep only that many training graphs."""
    g = torch.Generator().manual_seed(seed)
    total, big = n + n_val, GUNET_NODES
    y = torch.randint(GUNET_CLASSES, (total,), generator=g)
    x = torch.zeros(total, big, big + GUNET_FEATURES)
    for i in range(total):
        m = int(torch.randint(10, big + 1, (1,), generator=g))
        kind = int(y[i])
        if kind == 0:
            a = (torch.rand(m, m, generator=g) < 3.0 / (m - 1)).float()
        elif kind == 1:
            hubs = int(torch.randint(2, 4, (1,), generator=g))
            a = torch.zeros(m, m)
            for j in range(hubs, m):
                a[j, int(torch.randint(hubs, (1,), generator=g))] = 1
            for h in range(1, hubs):
                a[h, h - 1] = 1
            for _ in range(int(torch.randint(1, 4, (1,), generator=g))):
                u, v = torch.randint(m, (2,), generator=g).tolist()
                a[u, v] = 1
        elif kind == 2:
            idx = torch.arange(m)
            a = torch.zeros(m, m)
            a[idx, (idx + 1) % m] = 1
            a[idx, (idx + 2) % m] = 1
        else:
            half = m // 2
            block = torch.arange(m) < half
            same = block[:, None] == block[None, :]
            a = (same & (torch.rand(m, m, generator=g) < 3.5 / (half - 1))).float()
            a[int(torch.randint(half, (1,), generator=g)), int(torch.randint(half, m, (1,), generator=g))] = 1
        a = torch.triu(a + a.T, 1).clamp(max=1)
        for _ in range(2):
            u, v = torch.randint(m, (2,), generator=g).tolist()
            if u != v:
                a[min(u, v), max(u, v)] = 1 - a[min(u, v), max(u, v)]
        a = torch.triu(a, 1)
        a = a + a.T
        perm = torch.randperm(m, generator=g)
        a = a[perm][:, perm]
        x[i, :m, :m] = a
        x[i, :m, big] = 1.0
        x[i, :m, big + 1] = a.sum(1) / 5
        x[i, :m, big + 2 :] = torch.randn(m, 2, generator=g)
    y = flip_labels(y, GUNET_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, big + 2] = float("nan")
    data = split(x, y, n, "graph classification by structure (a Graph U-Net-like classifier)", GUNET_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, GUNET_CLASSES, batch_size)
    return data


def gcn_norm(adj: Tensor, present: Tensor) -> Tensor:
    """The symmetric normalisation D^-1/2 (A + I) D^-1/2 of a batch of padded adjacencies (self-loops only on present
    nodes)."""
    a_hat = adj + torch.diag_embed(present)
    inv = a_hat.sum(-1).clamp(min=1.0).rsqrt()
    return inv[..., :, None] * a_hat * inv[..., None, :]


class GraphUNet(nn.Module):
    """A Graph U-Net-like classifier (Gao & Ji 2019): a GCN layer 4 -> 32 (ReLU); gPool: a score per node, its
    projection on a learned vector p (over |p|), the top 8 present nodes kept, their features gated by tanh of their
    score, the pooled graph's adjacency the kept rows and columns of A + A^2 (0/1); a GCN layer 32 -> 32 on it (ReLU);
    gUnpool: the pooled features scattered back to their nodes (0 elsewhere), added to the first layer's (a skip
    connection); a GCN layer 32 -> 32 (ReLU); a readout of the mean and the max over present nodes (64), a ReLU layer
    ``fc`` (64 -> 32) and a ``head`` to the 4 classes. Output (graphs, 4). ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0, d: int = 32) -> None:
        super().__init__()
        self.gcn1 = nn.Linear(GUNET_FEATURES, d)
        self.proj = nn.Parameter(torch.randn(d) / math.sqrt(d))
        self.gcn2 = nn.Linear(d, d)
        self.gcn3 = nn.Linear(d, d)
        self.fc = nn.Linear(2 * d, 32)
        self.head = nn.Linear(32, GUNET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        big = GUNET_NODES
        adj, feats = x[..., :big], x[..., big:]
        present = feats[..., 0]
        h1 = F.relu(gcn_norm(adj, present) @ self.gcn1(feats)) * present[..., None]
        score = h1 @ self.proj / self.proj.norm()
        idx = torch.where(present > 0, score, torch.full_like(score, -1e4)).topk(GUNET_KEEP, -1).indices  # (graphs, 8)
        kept = present.gather(1, idx)
        hp = h1.gather(1, idx[..., None].expand(-1, -1, h1.shape[-1])) * torch.tanh(score.gather(1, idx))[..., None]
        reach = ((adj + adj @ adj) > 0).float()
        ap = reach.gather(1, idx[..., None].expand(-1, -1, big)).gather(2, idx[:, None, :].expand(-1, GUNET_KEEP, -1))
        ap = ap * (1 - torch.eye(GUNET_KEEP)) * kept[..., None] * kept[:, None, :]
        hp = F.relu(gcn_norm(ap, kept) @ self.gcn2(hp)) * kept[..., None]
        up = torch.zeros_like(h1).scatter(1, idx[..., None].expand(-1, -1, hp.shape[-1]), hp)
        h = F.relu(gcn_norm(adj, present) @ self.gcn3(up + h1)) * present[..., None]
        count = present.sum(1, keepdim=True).clamp(min=1.0)
        pooled = torch.cat([h.sum(1) / count, (h - 1e4 * (1 - present[..., None])).max(1).values], -1)
        out: Tensor = self.head(F.relu(self.fc(pooled)))
        return out


def gunet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


HURDLE_FEATURES = 8
"""Rows of 8 features; about a third of the targets exactly zero."""


@lru_cache(maxsize=None)
def hurdle_rows(n: int = 4000, seed: int = 657, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
                train_rows: int | None = None) -> Data:  # fmt: skip
    """Zero-inflated positive targets: 8 features N(0, 1); a zero with probability sigmoid(1.2 x0 - 0.8 x1 x2 - 0.7)
    (about a third), else a log-normal of log-mean 0.8 sin(x3) + 0.5 x4 - 0.3 x5^2 + 0.3 and log-scale 0.25 x6 - 0.6; x7
    noise. x: (rows, 8); y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature;
    ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, HURDLE_FEATURES, generator=g)
    p0 = torch.sigmoid(1.2 * x[:, 0] - 0.8 * x[:, 1] * x[:, 2] - 0.7)
    mu = 0.8 * torch.sin(x[:, 3]) + 0.5 * x[:, 4] - 0.3 * x[:, 5] ** 2 + 0.3
    sigma = torch.exp(0.25 * x[:, 6] - 0.6)
    positive = torch.exp(mu + sigma * torch.randn(total, generator=g))
    y = torch.where(torch.rand(total, generator=g) < p0, torch.zeros(total), positive)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7] = float("nan")
    data = split(x, y, n, "regression of zero-inflated positive targets (an MLP, the hurdle log-normal negative log-likelihood)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class HurdleMLP(nn.Module):
    """A ReLU MLP of a hurdle log-normal regressor: ``body`` 8 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 3): the logit of a zero, the log-normal's log-mean and its raw scale (through a softplus). Output
    (rows, 3). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(HURDLE_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 3)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def hurdle_terms(out: Tensor, y: Tensor) -> Tensor:
    """The hurdle log-normal negative log-likelihood of each row: -log p for a zero, else -log(1 - p) plus the
    log-normal's, log y + log s + log(2 pi) / 2 + (log y - mu)^2 / (2 s^2); p = sigmoid(out[:, 0]) (by the binary
    cross-entropy of the logit), mu = out[:, 1], s = softplus(out[:, 2]) + 1e-3."""
    zero = (y <= 0).float()
    gate = F.binary_cross_entropy_with_logits(out[:, 0], zero, reduction="none")
    s = F.softplus(out[:, 2]) + 1e-3
    log_y = y.clamp(min=1e-6).log()
    lognormal = log_y + s.log() + 0.5 * math.log(2 * math.pi) + (log_y - out[:, 1]) ** 2 / (2 * s**2)
    return gate + (1 - zero) * lognormal


def hurdle_nll(out: Tensor, y: Tensor) -> Tensor:
    """The hurdle log-normal negative log-likelihood, mean over the rows."""
    return hurdle_terms(out, y).mean()


def hurdle_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The hurdle log-normal negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return hurdle_terms(out, y).sum()


def hurdle_at_zero() -> float:
    """The hurdle log-normal negative log-likelihood of raw outputs of 0 (p = 1/2, mu = 0, s = ln 2): its level at
    init."""
    y = hurdle_rows().y
    return float(hurdle_nll(torch.zeros(len(y), 3), y))
