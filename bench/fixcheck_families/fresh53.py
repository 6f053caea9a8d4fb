"""The fifty-fifth fresh half (fresh53, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


RWKV_LENGTH, RWKV_VOCAB, RWKV_CLASSES = 16, 16, 4
"""Sequences of 16 tokens of 16 (the key tokens 0-3 and 12 fillers), 4 classes."""


@lru_cache(maxsize=None)
def rwkv_tokens(n: int = 5000, seed: int = 531, *, n_val: int = 600, batch_size: int = 32,
                train_rows: int | None = None) -> Data:  # fmt: skip
    """Sequence classification: 16 tokens, fillers drawn uniformly from tokens 4-15; each key token 0-3 is planted 0-2
    times at random positions, the class's key 2 times more, and the class also turns the filler right after each of
    its key tokens into token 4 + class (a local cue, read through the token shift); 5% random labels (a floor). x:
    (sequences, 16); y: (sequences,). ``train_rows``: keep only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total, length = n + n_val, RWKV_LENGTH
    y = torch.randint(RWKV_CLASSES, (total,), generator=g)
    x = torch.randint(4, RWKV_VOCAB, (total, length), generator=g)
    counts = torch.randint(0, 3, (total, RWKV_CLASSES), generator=g)
    counts[torch.arange(total), y] += 2
    order = torch.argsort(torch.rand(total, length - 1, generator=g), 1)
    for i in range(total):
        pos = order[i]
        k = 0
        for key in range(RWKV_CLASSES):
            for p in pos[k : k + int(counts[i, key])].tolist():
                x[i, p] = key
                if key == int(y[i]) and x[i, p + 1] >= 4:
                    x[i, p + 1] = 4 + key
            k += int(counts[i, key])
    y = flip_labels(y, RWKV_CLASSES, 0.05, g)
    data = split(x, y, n, "sequence classification (an RWKV-like recurrent classifier)", RWKV_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, RWKV_CLASSES, batch_size)
    return data


class RWKVBlock(nn.Module):
    """An RWKV-like block (Peng et al. 2023): time-mixing then channel-mixing, each pre-LN with a residual. Time-mixing
    shifts the tokens by one (``mix_k``, ``mix_v``, ``mix_r`` interpolate each token with the one before it), computes
    keys, values and a receptance, and runs the WKV recurrence with a learned per-channel decay exp(-exp(``decay``))
    and a bonus ``bonus`` for the current token: wkv_t = (a + e^(u + k_t) v_t) / (b + e^(u + k_t)), a <- e^-w a +
    e^(k_t) v_t, b <- e^-w b + e^(k_t) (the keys clamped to [-8, 8]); out = ``out`` (sigmoid(r) wkv). Channel-mixing:
    sigmoid(r) x ``value``(relu(``key``(x))^2) over the token-shifted input."""

    def __init__(self, d: int) -> None:
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.mix_k, self.mix_v, self.mix_r = (nn.Parameter(torch.full((d,), 0.5)) for _ in range(3))
        self.decay = nn.Parameter(torch.linspace(-2.0, 1.0, d))
        self.bonus = nn.Parameter(torch.zeros(d))
        self.key, self.value, self.recept = nn.Linear(d, d, bias=False), nn.Linear(d, d, bias=False), nn.Linear(d, d, bias=False)
        self.out = nn.Linear(d, d, bias=False)
        self.cmix_k, self.cmix_r = nn.Parameter(torch.full((d,), 0.5)), nn.Parameter(torch.full((d,), 0.5))
        self.ckey, self.cvalue, self.crecept = nn.Linear(d, 2 * d, bias=False), nn.Linear(2 * d, d, bias=False), nn.Linear(d, d, bias=False)

    @staticmethod
    def shift(x: Tensor) -> Tensor:
        return F.pad(x, (0, 0, 1, -1))

    def time_mix(self, x: Tensor) -> Tensor:
        xx = self.shift(x)
        k = self.key(x * self.mix_k + xx * (1 - self.mix_k)).clamp(-8.0, 8.0)
        v = self.value(x * self.mix_v + xx * (1 - self.mix_v))
        r = torch.sigmoid(self.recept(x * self.mix_r + xx * (1 - self.mix_r)))
        w = torch.exp(-torch.exp(self.decay))
        ek, euk = torch.exp(k), torch.exp(self.bonus + k)
        ekv, eukv = ek * v, euk * v
        a = torch.zeros_like(x[:, 0])
        b = torch.zeros_like(x[:, 0])
        nums, dens = [], []
        for t in range(x.shape[1]):
            nums.append(a)
            dens.append(b)
            a = w * a + ekv[:, t]
            b = w * b + ek[:, t]
        out: Tensor = self.out(r * (torch.stack(nums, 1) + eukv) / (torch.stack(dens, 1) + euk))
        return out

    def channel_mix(self, x: Tensor) -> Tensor:
        xx = self.shift(x)
        k = F.relu(self.ckey(x * self.cmix_k + xx * (1 - self.cmix_k))) ** 2
        r = torch.sigmoid(self.crecept(x * self.cmix_r + xx * (1 - self.cmix_r)))
        out: Tensor = r * self.cvalue(k)
        return out

    def forward(self, x: Tensor) -> Tensor:
        x = x + self.time_mix(self.ln1(x))
        return x + self.channel_mix(self.ln2(x))


class RWKVNet(nn.Module):
    """A tiny RWKV-like classifier: token embeddings (16 -> 16), a LayerNorm, 2 RWKV-like blocks (``blocks``), a
    LayerNorm, the last token's state through a ReLU layer ``fc`` (16 -> 32) and a ``head`` to the 4 classes.
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        d = 16
        self.embed = nn.Embedding(RWKV_VOCAB, d)
        self.ln0 = nn.LayerNorm(d)
        self.blocks = nn.ModuleList(RWKVBlock(d) for _ in range(2))
        self.norm = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, RWKV_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, tokens: Tensor) -> Tensor:
        x = self.ln0(self.embed(tokens))
        for block in self.blocks:
            x = block(x)
        out: Tensor = self.head(F.relu(self.fc(self.norm(x)[:, -1])))
        return out


def rwkv_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


JKNET_NODES, JKNET_CLASSES, JKNET_FEATURES = 800, 4, 8
"""A graph of 800 nodes of 4 classes, 8 features a node."""


@lru_cache(maxsize=None)
def jknet_graph(seed: int = 533) -> tuple[Tensor, Tensor, Tensor]:
    """A synthetic stochastic block model graph: 800 nodes of 4 classes, ~4 neighbours of the same class and ~1.5 of
    other classes a node (each edge both ways); 8 features, 0.5 x the class's random centre plus N(0, 1) noise.
    Returns the symmetrically normalised adjacency with self-loops D^-1/2 (A + I) D^-1/2 (dense, 800 x 800), the
    features (800, 8) and the classes."""
    g = torch.Generator().manual_seed(seed)
    n, k = JKNET_NODES, JKNET_CLASSES
    cls = torch.randint(k, (n,), generator=g)
    same = cls[:, None] == cls[None, :]
    probs = torch.where(same, torch.tensor(4.0 / (n / k)), torch.tensor(1.5 / (n - n / k)))
    adj = (torch.rand(n, n, generator=g) < probs).float().triu(1)
    adj = adj + adj.T + torch.eye(n)
    d = adj.sum(1).rsqrt()
    centres = torch.randn(k, JKNET_FEATURES, generator=g)
    x = 0.5 * centres[cls] + torch.randn(n, JKNET_FEATURES, generator=g)
    return d[:, None] * adj * d[None, :], x, cls


@lru_cache(maxsize=None)
def jknet_nodes(n: int = 500, seed: int = 533, *, n_val: int = 300, batch_size: int = 32) -> Data:
    """Node classification on ``jknet_graph(seed)``: the input is a node's id, the target its class (5% of the training
    labels random: a floor); ``n`` labelled training nodes and ``n_val`` validation nodes of the same graph
    (transductive)."""
    cls = jknet_graph(seed)[2]
    g = torch.Generator().manual_seed(seed + 1)
    ids = torch.randperm(len(cls), generator=g)[: n + n_val]
    y = cls[ids]
    y = torch.cat([flip_labels(y[:n], JKNET_CLASSES, 0.05, g), y[n:]])
    return split(ids, y, n, "node classification (a jumping-knowledge graph network)", JKNET_CLASSES, batch_size)


class JKNet(nn.Module):
    """A jumping-knowledge network (Xu et al. 2018) reading node ids: 3 graph convolutions (``layers``: 8 -> 16 -> 16 ->
    16, ReLU, H' = relu(A_hat H W)) over the whole graph each step, the 3 layers' node representations combined by an
    elementwise max (``mode='max'``) or concatenated (``mode='cat'``: 48), a ReLU layer ``fc`` (-> 32) and a ``head``
    to the 4 classes of the nodes asked. Output (nodes, 4). ``dead_bias`` < 0 starts fc's biases there;
    ``nan_nodes``: that share of the nodes has a missing (NaN) feature."""

    def __init__(self, mode: str = "max", seed: int = 533, dead_bias: float = 0.0, nan_nodes: float = 0.0) -> None:
        super().__init__()
        adj, x, _ = jknet_graph(seed)
        x = x.clone()
        if nan_nodes:
            g = torch.Generator().manual_seed(seed + 2)
            x[torch.rand(len(x), generator=g) < nan_nodes, 3] = float("nan")
        self.register_buffer("adj", adj)
        self.register_buffer("feats", x)
        self.mode = mode
        self.layers = nn.ModuleList([nn.Linear(JKNET_FEATURES, 16), nn.Linear(16, 16), nn.Linear(16, 16)])
        self.fc = nn.Linear(48 if mode == "cat" else 16, 32)
        self.head = nn.Linear(32, JKNET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, ids: Tensor) -> Tensor:
        h, reps = self.feats, []
        for layer in self.layers:
            h = F.relu(self.adj @ layer(h))
            reps.append(h[ids])
        jk = torch.cat(reps, 1) if self.mode == "cat" else torch.stack(reps).amax(0)
        out: Tensor = self.head(F.relu(self.fc(jk)))
        return out


def jknet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


INVOLUTION_SIZE, INVOLUTION_CLASSES = 12, 4
"""12x12 one-channel images, 4 classes."""


@lru_cache(maxsize=None)
def involution_images(n: int = 4000, seed: int = 535, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                      train_rows: int | None = None) -> Data:  # fmt: skip
    """Stroke orientation: a 12x12 image holding one stroke of 5 pixels (brightness 0.7-1.3) at a random place, its
    class the stroke's orientation (horizontal, vertical, diagonal, anti-diagonal), plus 6 random bright distractor
    pixels and N(0, 0.35^2) noise; 5% random labels (a floor). x: (images, 1, 12, 12); y: (images,). ``nan_rows``:
    that share of the training images has a missing (NaN) pixel; ``train_rows``: keep only that many."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, INVOLUTION_SIZE
    y = torch.randint(INVOLUTION_CLASSES, (total,), generator=g)
    x = 0.35 * torch.randn(total, 1, s, s, generator=g)
    steps = torch.tensor([[0, 1], [1, 0], [1, 1], [1, -1]])
    start = torch.randint(2, s - 6, (total, 2), generator=g)
    bright = 0.7 + 0.6 * torch.rand(total, generator=g)
    idx = torch.arange(total)
    for j in range(5):
        r = start[:, 0] + j * steps[y, 0]
        c = start[:, 1] + 2 + j * steps[y, 1]
        x[idx, 0, r, c] += bright
    dots = torch.randint(s, (total, 6, 2), generator=g)
    for j in range(6):
        x[idx, 0, dots[:, j, 0], dots[:, j, 1]] += 1.0
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 5] = float("nan")
    y = flip_labels(y, INVOLUTION_CLASSES, 0.05, g)
    data = split(x, y, n, "image classification (an involution network)", INVOLUTION_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, INVOLUTION_CLASSES, batch_size)
    return data


class Involution(nn.Module):
    """Involution (Li et al. 2021): a KxK kernel generated at each pixel from that pixel's features (``reduce`` 1x1 conv
    c -> c/2, ReLU, ``span`` 1x1 conv -> K*K*groups), shared by the channels of each of ``groups`` groups, applied to
    the pixel's KxK neighbourhood (unfold): spatially specific, channel-agnostic."""

    def __init__(self, c: int, k: int = 3, groups: int = 2) -> None:
        super().__init__()
        self.k, self.groups = k, groups
        self.reduce = nn.Conv2d(c, c // 2, 1)
        self.span = nn.Conv2d(c // 2, k * k * groups, 1)

    def forward(self, x: Tensor) -> Tensor:
        b, c, h, w = x.shape
        kernel = self.span(F.relu(self.reduce(x))).view(b, self.groups, 1, self.k * self.k, h, w)
        patches = F.unfold(x, self.k, padding=self.k // 2).view(b, self.groups, c // self.groups, self.k * self.k, h, w)
        return (kernel * patches).sum(3).view(b, c, h, w)


class InvolutionNet(nn.Module):
    """An involution CNN: a 3x3 convolution stem ``stem`` (1 -> 8, ReLU), an involution (8 channels, 3x3, 2 groups) then a
    1x1 conv ``mix1`` (ReLU), a 2x2 max pool, a second involution and ``mix2`` (ReLU), a global average pool, a ReLU
    layer ``fc`` (8 -> 32) and a ``head`` to the 4 classes. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stem = nn.Conv2d(1, 8, 3, padding=1)
        self.inv1, self.inv2 = Involution(8), Involution(8)
        self.mix1, self.mix2 = nn.Conv2d(8, 8, 1), nn.Conv2d(8, 8, 1)
        self.fc = nn.Linear(8, 32)
        self.head = nn.Linear(32, INVOLUTION_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.stem(x))
        h = F.max_pool2d(F.relu(self.mix1(self.inv1(h))) + h, 2)
        h = F.relu(self.mix2(self.inv2(h))) + h
        out: Tensor = self.head(F.relu(self.fc(h.mean((2, 3)))))
        return out


def involution_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


STUDENTT_FEATURES = 8
"""Rows of 8 features."""


@lru_cache(maxsize=None)
def studentt_rows(n: int = 4000, seed: int = 537, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Robust regression: 8 features N(0, 1); a target 1.0 tanh(1.5 x0) + 0.5 x1 - 0.4 x2 x3 + 0.3 cos(2 x4) plus
    Student-t noise (3 degrees of freedom) of scale 0.15 + 0.25 sigmoid(2 x5), and 3% of the rows outliers (the target
    replaced by U(-6, 6)). x: (rows, 8); y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN)
    feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, STUDENTT_FEATURES, generator=g)
    mean = 1.0 * torch.tanh(1.5 * x[:, 0]) + 0.5 * x[:, 1] - 0.4 * x[:, 2] * x[:, 3] + 0.3 * torch.cos(2 * x[:, 4])
    scale = 0.15 + 0.25 * torch.sigmoid(2 * x[:, 5])
    chi2 = torch.randn(total, 3, generator=g).pow(2).sum(1)
    y = mean + scale * torch.randn(total, generator=g) / (chi2 / 3).sqrt()
    out = torch.rand(total, generator=g) < 0.03
    y = torch.where(out, 12 * torch.rand(total, generator=g) - 6, y)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7] = float("nan")
    data = split(x, y, n, "robust regression (an MLP, the Student-t negative log-likelihood)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class StudentTMLP(nn.Module):
    """A ReLU MLP of a Student-t model: ``body`` 8 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a ``head`` (32 ->
    3): the location, the log of the scale and the log of the degrees of freedom. Output (rows, 3). ``dead_bias`` < 0
    starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(STUDENTT_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 3)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def studentt_terms(out: Tensor, y: Tensor) -> Tensor:
    """The Student-t negative log-likelihood of each row: -log t_nu(z) + log s, z = (y - mu) / s; mu = out[:, 0], s =
    exp(out[:, 1]) (the log-scale clamped to [-6, 6]), nu = exp(out[:, 2]) (the log clamped to [-2, 5])."""
    mu, log_s, nu = out[:, 0], out[:, 1].clamp(-6.0, 6.0), out[:, 2].clamp(-2.0, 5.0).exp()
    z = (y - mu) / log_s.exp()
    return (torch.lgamma(nu / 2) - torch.lgamma((nu + 1) / 2) + 0.5 * torch.log(nu * math.pi) + log_s
            + (nu + 1) / 2 * torch.log1p(z * z / nu))  # fmt: skip


def studentt_loss(out: Tensor, y: Tensor) -> Tensor:
    """The Student-t negative log-likelihood, mean over the rows."""
    return studentt_terms(out, y).mean()


def studentt_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Student-t negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return studentt_terms(out, y).sum()


def studentt_at_zero() -> float:
    """The Student-t negative log-likelihood of a location of 0, a scale of 1 and 1 degree of freedom (a Cauchy): its
    level at init."""
    return float(studentt_loss(torch.zeros(len(studentt_rows().y), 3), studentt_rows().y))
