"""The sixty-fourth fresh half (fresh62, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


ALIBI_VOCAB, ALIBI_TOPICS, ALIBI_LENGTH = 16, 4, 32
"""Sequences of 32 tokens over 16 from one of 4 topics, each topic a first-order Markov chain of its own."""


@lru_cache(maxsize=None)
def alibi_tables(seed: int = 621) -> Tensor:
    """The 4 topics' transition tables (4, 16, 16): from each token 3 likely successors (probabilities 0.5, 0.25, 0.15),
    the remaining 0.1 spread over all 16 tokens."""
    g = torch.Generator().manual_seed(seed)
    tables = torch.full((ALIBI_TOPICS, ALIBI_VOCAB, ALIBI_VOCAB), 0.1 / ALIBI_VOCAB)
    for t in range(ALIBI_TOPICS):
        for a in range(ALIBI_VOCAB):
            nxt = torch.randperm(ALIBI_VOCAB, generator=g)[:3]
            tables[t, a, nxt] += torch.tensor([0.5, 0.25, 0.15])
    return tables


@lru_cache(maxsize=None)
def alibi_sequences(n: int = 3000, seed: int = 621, *, n_val: int = 500, batch_size: int = 32, train_rows: int | None = None) -> Data:
    """Token sequences with a hidden topic: each sequence draws one of 4 topics, a uniform first token, then 32 more
    from the topic's Markov chain (``alibi_tables``); the successor of a token depends on the topic, inferred only from
    the context. x the first 32 tokens, y the next 32 (next-token prediction). x, y: (sequences, 32) long.
    ``train_rows``: keep only that many training sequences."""
    g = torch.Generator().manual_seed(seed + 1)
    total = n + n_val
    tables = alibi_tables(seed)
    topic = torch.randint(ALIBI_TOPICS, (total,), generator=g)
    s = torch.zeros(total, ALIBI_LENGTH + 1, dtype=torch.long)
    s[:, 0] = torch.randint(ALIBI_VOCAB, (total,), generator=g)
    for t in range(ALIBI_LENGTH):
        p = tables[topic, s[:, t]]
        s[:, t + 1] = torch.multinomial(p, 1, generator=g)[:, 0]
    data = split(s[:, :-1].clone(), s[:, 1:].clone(), n, "language modelling of topic-switched Markov token sequences (an ALiBi decoder-only transformer)", ALIBI_VOCAB, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, ALIBI_VOCAB, batch_size)
    return data


class ALiBiRMSNorm(nn.Module):
    """Root-mean-square normalisation with a learned gain (no centring, no bias)."""

    def __init__(self, d: int, eps: float = 1e-6) -> None:
        super().__init__()
        self.gain = nn.Parameter(torch.ones(d))
        self.eps = eps

    def forward(self, x: Tensor) -> Tensor:
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.gain


class ALiBiBlock(nn.Module):
    """A pre-RMSNorm decoder block: causal multi-head attention whose scores get ALiBi's per-head linear distance
    penalty -m_h (i - j) (Press et al. 2022; slopes 2^(-8 h / heads)), no position embeddings; a SwiGLU feed-forward
    W2 (silu(W1 x) * W3 x); residuals around both."""

    def __init__(self, d: int, heads: int, hidden: int, length: int) -> None:
        super().__init__()
        self.heads, self.dh = heads, d // heads
        self.norm1, self.norm2 = ALiBiRMSNorm(d), ALiBiRMSNorm(d)
        self.qkv, self.o = nn.Linear(d, 3 * d, bias=False), nn.Linear(d, d, bias=False)
        self.w1, self.w3 = nn.Linear(d, hidden, bias=False), nn.Linear(d, hidden, bias=False)
        self.w2 = nn.Linear(hidden, d, bias=False)
        slopes = torch.tensor([2.0 ** (-8.0 * (h + 1) / heads) for h in range(heads)])
        pos = torch.arange(length)
        dist = (pos[:, None] - pos[None, :]).float()
        bias = -slopes[:, None, None] * dist
        self.register_buffer("alibi", bias.masked_fill(dist < 0, float("-inf")))

    def forward(self, h: Tensor) -> Tensor:
        b, t, d = h.shape
        q, k, v = self.qkv(self.norm1(h)).view(b, t, 3, self.heads, self.dh).permute(2, 0, 3, 1, 4)
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.dh) + self.alibi[:, :t, :t]
        h = h + self.o((torch.softmax(scores, -1) @ v).transpose(1, 2).reshape(b, t, d))
        z = self.norm2(h)
        out: Tensor = h + self.w2(F.silu(self.w1(z)) * self.w3(z))
        return out


class ALiBiLM(nn.Module):
    """A tiny decoder-only LM with ALiBi attention: token embeddings 32 (no position embeddings), 2 pre-RMSNorm blocks
    (4 heads, ALiBi slopes 1/4, 1/16, 1/64, 1/256; SwiGLU 32-64-32), a final RMSNorm, a ReLU layer ``fc`` (32 -> 32) and
    a ``head`` to the 16 tokens. Output (sequences, 32, 16). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = 32) -> None:
        super().__init__()
        self.embed = nn.Embedding(ALIBI_VOCAB, d)
        self.blocks = nn.ModuleList(ALiBiBlock(d, 4, 2 * d, ALIBI_LENGTH) for _ in range(2))
        self.norm = ALiBiRMSNorm(d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, ALIBI_VOCAB)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.embed(x)
        for block in self.blocks:
            h = block(h)
        out: Tensor = self.head(F.relu(self.fc(self.norm(h))))
        return out


def alibi_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The next-token cross-entropy summed over the batch's sequences (mean over each sequence's 32 tokens)."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum") / y.shape[1]


POINTNET_POINTS, POINTNET_CLASSES = 64, 4
"""Clouds of 64 points in 3-D, 4 shapes: a sphere, a cube's surface, a torus, a cylinder's side."""


def random_rotations(count: int, g: torch.Generator) -> Tensor:
    """``count`` random 3 x 3 rotation matrices (QR of Gaussian matrices, signs fixed, determinant +1)."""
    q, r = torch.linalg.qr(torch.randn(count, 3, 3, generator=g))
    q = q * torch.sign(torch.diagonal(r, dim1=-2, dim2=-1))[:, None, :]
    det = torch.linalg.det(q)
    q[:, :, 0] *= det[:, None]
    return q


@lru_cache(maxsize=None)
def pointnet_clouds(n: int = 3000, seed: int = 623, *, n_val: int = 500, batch_size: int = 32, nan_rows: float = 0.0,
                    train_rows: int | None = None) -> Data:  # fmt: skip
    """Point clouds of 4 shapes: 64 points on a unit sphere (class 0), on a cube's surface of half-side 0.75 (class 1),
    on a torus of radii 0.8 and 0.3 (class 2), on a cylinder's side of radius 0.6 and height 1.6 (class 3); each scaled
    by 0.7-1.3 along one random axis stretch (0.8-1.2), randomly rotated, plus N(0, 0.08^2) noise per coordinate; 5%
    random labels (a floor). x: (clouds, 3, 64); y: (clouds,). ``nan_rows``: that share of the training clouds has a
    missing (NaN) coordinate; ``train_rows``: keep only that many training clouds."""
    g = torch.Generator().manual_seed(seed)
    total, m = n + n_val, POINTNET_POINTS
    y = torch.randint(POINTNET_CLASSES, (total,), generator=g)
    u = torch.rand(total, m, generator=g)
    v = torch.rand(total, m, generator=g)
    gauss = torch.randn(total, m, 3, generator=g)
    sphere = gauss / gauss.norm(dim=-1, keepdim=True)
    face = torch.randint(6, (total, m), generator=g)
    cube = 0.75 * (2 * torch.rand(total, m, 3, generator=g) - 1)
    axis, sign = face % 3, (face // 3).float() * 2 - 1
    cube = cube.scatter(-1, axis[..., None], 0.75 * sign[..., None])
    theta, phi = 2 * math.pi * u, 2 * math.pi * v
    torus = torch.stack([(0.8 + 0.3 * phi.cos()) * theta.cos(), (0.8 + 0.3 * phi.cos()) * theta.sin(), 0.3 * phi.sin()], -1)
    cylinder = torch.stack([0.6 * theta.cos(), 0.6 * theta.sin(), 1.6 * (v - 0.5)], -1)
    shapes = torch.stack([sphere, cube, torus, cylinder], 1)  # (total, 4, m, 3)
    pts = shapes[torch.arange(total), y]
    scale = 0.7 + 0.6 * torch.rand(total, 1, 1, generator=g)
    stretch = torch.ones(total, 1, 3)
    stretch[torch.arange(total), 0, torch.randint(3, (total,), generator=g)] = 0.8 + 0.4 * torch.rand(total, generator=g)
    pts = pts * scale * stretch
    pts = pts @ random_rotations(total, g).transpose(1, 2)
    pts = pts + 0.08 * torch.randn(total, m, 3, generator=g)
    x = pts.transpose(1, 2).contiguous()
    y = flip_labels(y, POINTNET_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1, 17] = float("nan")
    data = split(x, y, n, "point-cloud classification of spheres, cubes, tori and cylinders (a PointNet-like network)", POINTNET_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, POINTNET_CLASSES, batch_size)
    return data


class PointNetCls(nn.Module):
    """A tiny PointNet-like classifier (Qi et al. 2017): an input transform (a T-Net: shared 1x1 convolutions 3-16-32,
    ReLU, max over the points, a linear layer to a 3 x 3 matrix started at zero and added to the identity) applied to
    every point, a shared per-point MLP as 1x1 convolutions 3-32-64 (ReLU), a symmetric max-pool over the points, a
    ReLU layer ``fc`` (64 -> 32) and a ``head`` to the 4 classes. Output (clouds, 4). ``dead_bias`` < 0 starts fc's
    biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.tnet = nn.Sequential(nn.Conv1d(3, 16, 1), nn.ReLU(), nn.Conv1d(16, 32, 1), nn.ReLU())
        self.tnet_out = nn.Linear(32, 9)
        with torch.no_grad():
            self.tnet_out.weight.zero_()
            self.tnet_out.bias.zero_()
        self.point_mlp = nn.Sequential(nn.Conv1d(3, 32, 1), nn.ReLU(), nn.Conv1d(32, 64, 1), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, POINTNET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        t = self.tnet_out(self.tnet(x).amax(-1)).view(-1, 3, 3) + torch.eye(3, device=x.device)
        z = self.point_mlp(t @ x).amax(-1)
        out: Tensor = self.head(F.relu(self.fc(z)))
        return out


def pointnet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


LGCN_USERS, LGCN_ITEMS, LGCN_RANK, LGCN_LAYERS = 300, 240, 4, 2
"""300 users and 240 items whose interactions follow rank-4 tastes; LightGCN propagates 2 layers."""


@lru_cache(maxsize=None)
def lightgcn_feedback(seed: int = 625) -> tuple[Tensor, Tensor, Tensor]:
    """Implicit feedback: users and items with N(0, 1) tastes of rank 4 plus an item popularity N(0, 0.5^2); each user
    interacts with 24 items drawn without replacement with probabilities softmax(1.5 u . i / 2 + popularity); 4 of each
    user's items held out. Returns the training pairs (user, item), the held-out pairs and the dense 0/1 matrix of all
    interactions (users x items)."""
    g = torch.Generator().manual_seed(seed)
    users = torch.randn(LGCN_USERS, LGCN_RANK, generator=g)
    items = torch.randn(LGCN_ITEMS, LGCN_RANK, generator=g)
    pop = 0.5 * torch.randn(LGCN_ITEMS, generator=g)
    logits = 1.5 * users @ items.T / 2 + pop
    chosen = torch.multinomial(torch.softmax(logits, 1), 24, replacement=False, generator=g)
    seen = torch.zeros(LGCN_USERS, LGCN_ITEMS)
    seen[torch.arange(LGCN_USERS)[:, None], chosen] = 1.0
    uid = torch.arange(LGCN_USERS)[:, None].expand(-1, 24)
    train_pairs = torch.stack([uid[:, 4:].reshape(-1), chosen[:, 4:].reshape(-1)], 1)
    val_pairs = torch.stack([uid[:, :4].reshape(-1), chosen[:, :4].reshape(-1)], 1)
    return train_pairs, val_pairs, seen


def lightgcn_triples(pairs: Tensor, seen: Tensor, repeats: int, g: torch.Generator) -> Tensor:
    """(user, positive item, negative item) triples: each pair ``repeats`` times, each with a uniformly drawn item the
    user never interacted with."""
    rows = pairs.repeat(repeats, 1)
    neg = torch.randint(LGCN_ITEMS, (len(rows),), generator=g)
    for _ in range(20):
        clash = seen[rows[:, 0], neg] > 0
        if not clash.any():
            break
        neg = torch.where(clash, torch.randint(LGCN_ITEMS, (len(rows),), generator=g), neg)
    return torch.cat([rows, neg[:, None]], 1)


@lru_cache(maxsize=None)
def lightgcn_data(seed: int = 625, *, batch_size: int = 64, train_users: int | None = None) -> Data:
    """BPR training triples over the training interactions of ``lightgcn_feedback(seed)`` (each pair 3 times, a fresh
    negative each: 18,000 triples), held-out triples of the held-out interactions (each twice: 2,400). x: (triples, 3)
    long; y: zeros (unused). ``train_users``: keep only the training triples of the first that many users (the graph
    stays the same)."""
    train_pairs, val_pairs, seen = lightgcn_feedback(seed)
    g = torch.Generator().manual_seed(seed + 1)
    tr = lightgcn_triples(train_pairs, seen, 3, g)
    tr = tr[torch.randperm(len(tr), generator=g)]
    va = lightgcn_triples(val_pairs, seen, 2, g)
    if train_users:
        tr = tr[tr[:, 0] < train_users]
    task = "implicit-feedback recommendation (LightGCN, the BPR pairwise loss; held out: BPR on held-out interactions)"
    return Data(tr, torch.zeros(len(tr)), va, torch.zeros(len(va)), task, None, batch_size)


class LightGCN(nn.Module):
    """LightGCN (He et al. 2020): user and item embeddings (16, init N(0, 0.1^2)) propagated over the symmetrically
    normalised user-item bipartite graph D^-1/2 A D^-1/2 of the training interactions, 2 layers with no weights and no
    nonlinearity, the layer outputs (0, 1, 2) averaged; a triple's output the score difference u . i - u . j. Output
    (triples,). ``scale`` multiplies the initial embeddings."""

    def __init__(self, seed: int = 625, d: int = 16, scale: float = 1.0) -> None:
        super().__init__()
        train_pairs, _, _ = lightgcn_feedback(seed)
        nodes = LGCN_USERS + LGCN_ITEMS
        adj = torch.zeros(nodes, nodes)
        adj[train_pairs[:, 0], LGCN_USERS + train_pairs[:, 1]] = 1.0
        adj = adj + adj.T
        inv = adj.sum(1).clamp(min=1.0).rsqrt()
        self.register_buffer("adj", inv[:, None] * adj * inv[None, :])
        self.embed = nn.Parameter(0.1 * scale * torch.randn(nodes, d))

    def forward(self, x: Tensor) -> Tensor:
        e, layers = self.embed, [self.embed]
        for _ in range(LGCN_LAYERS):
            e = self.adj @ e
            layers.append(e)
        final = torch.stack(layers).mean(0)
        u, i, j = final[x[:, 0]], final[LGCN_USERS + x[:, 1]], final[LGCN_USERS + x[:, 2]]
        out: Tensor = (u * (i - j)).sum(-1)
        return out


def bpr_loss(out: Tensor, y: Tensor) -> Tensor:
    """The BPR loss, -log sigmoid(score of the positive - score of the negative), mean over the triples."""
    return F.softplus(-out).mean()


def bpr_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The BPR loss summed over the batch's triples (reduction='sum')."""
    return F.softplus(-out).sum()


IG_FEATURES = 8
"""Rows of 8 features; positive, right-skewed targets."""


@lru_cache(maxsize=None)
def invgauss_rows(n: int = 4000, seed: int = 627, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Positive skewed targets: 8 features N(0, 1); a target from an inverse Gaussian of mean exp(0.8 + 0.6 sin(2 x0) +
    0.5 x1 - 0.3 x2 x3) and shape exp(1.5 + 0.5 tanh(x4)) (Michael, Schucany and Haas' transformation of a chi-square);
    x5-x7 noise. x: (rows, 8); y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature;
    ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, IG_FEATURES, generator=g)
    mu = torch.exp(0.8 + 0.6 * torch.sin(2 * x[:, 0]) + 0.5 * x[:, 1] - 0.3 * x[:, 2] * x[:, 3])
    lam = torch.exp(1.5 + 0.5 * torch.tanh(x[:, 4]))
    chi = torch.randn(total, generator=g) ** 2
    root = mu + mu**2 * chi / (2 * lam) - mu / (2 * lam) * torch.sqrt(4 * mu * lam * chi + mu**2 * chi**2)
    pick = torch.rand(total, generator=g) <= mu / (mu + root)
    y = torch.where(pick, root, mu**2 / root).clamp(min=1e-4)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 6] = float("nan")
    data = split(x, y, n, "regression of positive skewed targets (an MLP, the inverse-Gaussian negative log-likelihood)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class InvGaussMLP(nn.Module):
    """A ReLU MLP of an inverse-Gaussian regressor: ``body`` 8 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 2): the raw mean and the raw shape (each through a softplus). Output (rows, 2). ``dead_bias`` < 0
    starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(IG_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def invgauss_terms(out: Tensor, y: Tensor) -> Tensor:
    """The inverse-Gaussian negative log-likelihood of each row, 0.5 log(2 pi y^3 / lam) + lam (y - mu)^2 / (2 mu^2 y);
    mu = softplus(out[:, 0]) + 1e-3, lam = softplus(out[:, 1]) + 1e-3."""
    mu, lam = F.softplus(out[:, 0]) + 1e-3, F.softplus(out[:, 1]) + 1e-3
    return 0.5 * (math.log(2 * math.pi) + 3 * y.log() - lam.log()) + lam * (y - mu) ** 2 / (2 * mu**2 * y)


def invgauss_nll(out: Tensor, y: Tensor) -> Tensor:
    """The inverse-Gaussian negative log-likelihood, mean over the rows."""
    return invgauss_terms(out, y).mean()


def invgauss_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The inverse-Gaussian negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return invgauss_terms(out, y).sum()


def invgauss_at_zero() -> float:
    """The inverse-Gaussian negative log-likelihood of raw outputs of 0 (a mean and a shape of ln 2): its level at
    init."""
    y = invgauss_rows().y
    return float(invgauss_nll(torch.zeros(len(y), 2), y))
