"""The thirtieth fresh half (fresh30, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``gae`` a graph autoencoder (graph convolutions, an inner-product decoder) predicting the held-back edges of
stochastic block models, BCE over them and as many sampled non-edges;
``cpc`` contrastive predictive coding (a strided conv encoder, a GRU context) of 1-D sequences, InfoNCE over
the codes of 32 sequences 1-3 steps ahead, held out on new sequences;
``inception`` an InceptionTime-like classifier (Inception modules with BatchNorm, a residual shortcut) of
2-channel series by the pattern hidden in them, 5 classes, cross-entropy;
``focal`` a ReLU MLP on an imbalanced binary task (7% positives), the sigmoid focal loss (alpha 0.25, gamma 2).
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, split


GAE_NODES, GAE_FEATS, GAE_BLOCKS, GAE_EMBED = 20, 8, 4, 16
"""Graphs of 20 nodes in 4 blocks, 8 node features; the graph autoencoder embeds each node in 16 dimensions."""


@lru_cache(maxsize=None)
def gae_graphs(n: int = 3000, seed: int = 341, *, n_val: int = 600, batch_size: int = 32, train_rows: int | None = None,
               nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Link prediction on stochastic block models: 20 nodes each in one of 4 blocks at random, an edge within a block
    with probability 0.45, across blocks 0.04; node features 0.6 x the block's one-hot (in the first 4 of 8 dimensions)
    plus N(0, 1) noise. 30% of a graph's edges are held back from its input; they are the positives of its targets,
    with as many non-edges sampled as negatives. x: (graphs, 20, 8 + 20), the features and the observed adjacency
    (no self-loops); y: (graphs, 20, 20), 1 at a held-back edge, 0 at a sampled non-edge, -1 elsewhere (both triangles).
    ``train_rows``: keep only that many training graphs; ``nan_rows``: that share of the training graphs has a missing
    (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total, nodes = n + n_val, GAE_NODES
    block = torch.randint(0, GAE_BLOCKS, (total, nodes), generator=g)
    same = block[:, :, None] == block[:, None, :]
    p = torch.where(same, 0.8, 0.02)
    upper = torch.triu(torch.ones(nodes, nodes, dtype=torch.bool), 1)
    edge = (torch.rand(total, nodes, nodes, generator=g) < p) & upper
    hide = edge & (torch.rand(total, nodes, nodes, generator=g) < 0.3)
    seen = edge & ~hide
    non = upper & ~edge
    score = torch.where(non, torch.rand(total, nodes, nodes, generator=g), -1.0).flatten(1)
    k = hide.flatten(1).sum(1)
    rank = torch.argsort(torch.argsort(score, 1, descending=True), 1)
    neg = ((rank < k[:, None]) & (score >= 0)).reshape(total, nodes, nodes)
    y = torch.full((total, nodes, nodes), -1.0)
    y[neg] = 0.0
    y[hide] = 1.0
    y = torch.where(upper, y, y.transpose(1, 2))
    adj = (seen | seen.transpose(1, 2)).float()
    feats = F.pad(F.one_hot(block, GAE_BLOCKS).float(), (0, GAE_FEATS - GAE_BLOCKS)) + 0.4 * torch.randn(total, nodes, GAE_FEATS, generator=g)
    x = torch.cat([feats, adj], 2)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3, 2] = float("nan")
    data = split(x, y, n, "link prediction (a graph autoencoder of stochastic block models, held-back edges)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class GraphAutoEncoder(nn.Module):
    """A graph autoencoder (Kipf & Welling 2016): three graph convolutions over the observed adjacency with self-loops,
    symmetrically normalised (D^-1/2 (A + I) D^-1/2 H W): ``gcn1`` (8 -> 32, ReLU), a ReLU layer ``fc`` (32 -> 32) and a
    linear ``head`` (32 -> 16), the node embeddings Z; an inner-product decoder, the logits Z Z^T of every pair. Output
    (graphs, 20, 20). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.gcn1 = nn.Linear(GAE_FEATS, 32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, GAE_EMBED)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        feats, adj = x[..., :GAE_FEATS], x[..., GAE_FEATS:]
        a = adj + torch.eye(GAE_NODES)
        d = a.sum(-1).rsqrt()
        a = d[..., :, None] * a * d[..., None, :]
        h = F.relu(a @ self.gcn1(feats))
        h = F.relu(a @ self.fc(h))
        z = a @ self.head(h)
        return z @ z.transpose(1, 2)


def gae_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy (with logits) over the labelled pairs of the batch (held-back edges and sampled non-edges)."""
    keep = y >= 0
    return F.binary_cross_entropy_with_logits(out[keep], y[keep])


def gae_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The binary cross-entropy of each graph's labelled pairs (a mean per graph) summed over the batch's graphs."""
    keep = (y >= 0).float()
    each = F.binary_cross_entropy_with_logits(out, y.clamp(min=0), reduction="none") * keep
    return (each.sum((1, 2)) / keep.sum((1, 2)).clamp(min=1)).sum()


CPC_LEN, CPC_STRIDE, CPC_CODE, CPC_AHEAD, CPC_GROUP = 64, 4, 16, 3, 32
"""Sequences of 64 samples, encoded every 4 into codes of 16 dimensions (16 steps); the context predicts the codes 1-3
steps ahead; InfoNCE's candidates are the codes of the other sequences of a group of 32 (ln 32 = 3.47 at chance)."""


@lru_cache(maxsize=None)
def cpc_sequences(n: int = 3200, seed: int = 342, *, n_val: int = 640, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """1-D sequences of 64 samples for contrastive predictive coding: two sines (frequencies 0.01-0.12 cycles a sample,
    amplitudes 0.4-1.2, random phases), an AR(1) wander (coefficient 0.9, innovation 0.15) and white noise 0.2. x:
    (sequences, 1, 64); y: zeros (the loss is self-supervised). ``nan_rows``: that share of the training sequences has a
    missing (NaN) sample."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    t = torch.arange(CPC_LEN, dtype=torch.float32)
    f = 0.01 + 0.11 * torch.rand(total, 2, 1, generator=g)
    amp = 0.4 + 0.8 * torch.rand(total, 2, 1, generator=g)
    ph = 2 * math.pi * torch.rand(total, 2, 1, generator=g)
    x = (amp * torch.sin(2 * math.pi * f * t + ph)).sum(1)
    innov = 0.15 * torch.randn(total, CPC_LEN, generator=g)
    wander = torch.zeros(total)
    walk = []
    for i in range(CPC_LEN):
        wander = 0.9 * wander + innov[:, i]
        walk.append(wander)
    x = x + torch.stack(walk, 1) + 0.2 * torch.randn(total, CPC_LEN, generator=g)
    x = x[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 30] = float("nan")
    return split(x, torch.zeros(total), n, "self-supervised (contrastive predictive coding of 1-D sequences, InfoNCE)",
                 None, batch_size)  # fmt: skip


class PredictiveCoder(nn.Module):
    """Contrastive predictive coding (van den Oord et al. 2018): an encoder (``conv1`` Conv1d 1 -> 16, kernel 8, stride 4,
    ReLU; a ReLU layer ``fc`` Conv1d 16 -> 32, kernel 3; ``proj`` 1x1, no bias, to the 16-d code z_t), a GRU context (16 -> 32)
    over the codes, a ``head`` (32 -> 3 x 16) predicting from c_t the codes of steps t + 1 to t + 3. Output (sequences,
    16, 4 x 16): at each step the code z_t, then the three predictions. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.conv1 = nn.Conv1d(1, 16, 8, stride=CPC_STRIDE, padding=2)
        self.fc = nn.Conv1d(16, 32, 3, padding=1)
        self.proj = nn.Conv1d(32, CPC_CODE, 1, bias=False)
        self.gru = nn.GRU(CPC_CODE, 32, batch_first=True)
        self.head = nn.Linear(32, CPC_AHEAD * CPC_CODE)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        z = self.proj(F.relu(self.fc(F.relu(self.conv1(x))))).transpose(1, 2)  # (b, 16, code)
        c, _ = self.gru(z)
        return torch.cat([z, self.head(c)], 2)


def cpc_scores(out: Tensor) -> list[Tensor]:
    """For each k = 1..3, the scores (groups, steps, 32 anchors, 32 candidates) of the predictions of step t + k from
    the context at t against the codes at t + k of the group's sequences (a partial last group is dropped)."""
    b = (len(out) // CPC_GROUP) * CPC_GROUP
    o = out[:b].reshape(b // CPC_GROUP, CPC_GROUP, out.shape[1], -1)
    z = o[..., :CPC_CODE]
    scores = []
    for k in range(1, CPC_AHEAD + 1):
        pred = o[:, :, :-k, k * CPC_CODE : (k + 1) * CPC_CODE]
        scores.append(torch.einsum("gitd,gjtd->gtij", pred, z[:, :, k:]))
    return scores


def cpc_infonce(out: Tensor, y: Tensor) -> Tensor:
    """InfoNCE: the cross-entropy of picking each sequence's own future code among the group's 32, mean over anchors,
    steps and k (ln 32 at chance)."""
    parts = [F.cross_entropy(s.flatten(0, 2), torch.arange(CPC_GROUP).repeat(s.shape[0] * s.shape[1]), reduction="none")
             for s in cpc_scores(out)]  # fmt: skip
    return torch.cat(parts).mean()


def cpc_infonce_summed(out: Tensor, y: Tensor) -> Tensor:
    """InfoNCE summed over the anchors (sequences) of the batch, a mean over steps and k (reduction='sum')."""
    return cpc_infonce(out, y) * min(len(out), CPC_GROUP) * (len(out) // CPC_GROUP)


INC_LEN, INC_CLASSES = 64, 5
"""Series of 96 samples, 2 channels, 5 classes (the pattern hidden in them)."""


@lru_cache(maxsize=None)
def inception_series(n: int = 3000, seed: int = 343, *, n_val: int = 600, batch_size: int = 32, train_rows: int | None = None,
                     nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Time-series classification: 2 channels of 96 samples, background a slow sine (frequency 0.005-0.03, amplitude
    0-1, per channel) plus noise 0.5; the class is the pattern added to channel 0 at a random place (and, at half its
    size, to channel 1): a burst of a fast sine (frequency 0.2, 16 samples), a square pulse (12 samples), a triangle
    (20 samples), a chirp (24 samples, frequency 0.05 to 0.25) or a step (+1 for the rest of the series, then the series
    is centred); the pattern's amplitude 0.8-1.6. x: (series, 2, 96); y: (series,) the class. ``train_rows``: keep only
    that many training series; ``nan_rows``: that share of the training series has a missing (NaN) sample."""
    g = torch.Generator().manual_seed(seed)
    total, length = n + n_val, INC_LEN
    t = torch.arange(length, dtype=torch.float32)
    y = torch.randint(0, INC_CLASSES, (total,), generator=g)
    f = 0.005 + 0.025 * torch.rand(total, 2, 1, generator=g)
    x = torch.rand(total, 2, 1, generator=g) * torch.sin(2 * math.pi * f * t + 2 * math.pi * torch.rand(total, 2, 1, generator=g))
    x = x + 0.5 * torch.randn(total, 2, length, generator=g)
    start = torch.randint(0, length - 24, (total,), generator=g)
    amp = 0.8 + 0.8 * torch.rand(total, generator=g)
    rel = t[None] - start[:, None].float()  # (series, 96)
    inside = lambda w: ((rel >= 0) & (rel < w)).float()  # noqa: E731
    shapes = torch.stack([
        torch.sin(2 * math.pi * 0.2 * rel) * inside(16),
        inside(12),
        (1 - (rel - 10).abs() / 10) * inside(20),
        torch.sin(2 * math.pi * (0.05 * rel + 0.5 * (0.2 / 24) * rel**2)) * inside(24),
        (rel >= 0).float() - 0.5,
    ], 1)  # fmt: skip
    pattern = amp[:, None] * shapes[torch.arange(total), y]
    x = x + torch.stack([pattern, 0.5 * pattern], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 40] = float("nan")
    data = split(x, y, n, "time-series classification (an InceptionTime-like network, 5 patterns)", INC_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, INC_CLASSES, batch_size)
    return data


class InceptionBlock(nn.Module):
    """An Inception module of InceptionTime (Fawaz et al. 2020): a 1x1 ``bottleneck`` to 8 channels, three convs of
    kernels 5, 11 and 21 (8 channels each) on it, a max pool (3) and a 1x1 conv of the input (8 channels), concatenated
    (32), BatchNorm, ReLU."""

    def __init__(self, channels: int) -> None:
        super().__init__()
        self.bottleneck = nn.Conv1d(channels, 8, 1, bias=False)
        self.convs = nn.ModuleList(nn.Conv1d(8, 8, k, padding=k // 2, bias=False) for k in (5, 11, 21))
        self.pool_conv = nn.Conv1d(channels, 8, 1, bias=False)
        self.bn = nn.BatchNorm1d(32)

    def forward(self, x: Tensor) -> Tensor:
        b = self.bottleneck(x)
        parts = [conv(b) for conv in self.convs] + [self.pool_conv(F.max_pool1d(x, 3, 1, 1))]
        return F.relu(self.bn(torch.cat(parts, 1)))


class InceptionTimeNet(nn.Module):
    """An InceptionTime-like classifier: two Inception modules (2 -> 32 -> 32 channels) with a residual shortcut (a 1x1
    conv and BatchNorm of the input added after the second, ReLU), global average pooling, a ReLU layer ``fc`` (32 -> 32)
    and a ``head`` to the 5 classes. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.block1 = InceptionBlock(2)
        self.block2 = InceptionBlock(32)
        self.shortcut = nn.Conv1d(2, 32, 1, bias=False)
        self.shortcut_bn = nn.BatchNorm1d(32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, INC_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        z = F.relu(self.block2(self.block1(x)) + self.shortcut_bn(self.shortcut(x)))
        out: Tensor = self.head(F.relu(self.fc(z.mean(2))))
        return out


def inception_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch's series (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


FOCAL_FEATS, FOCAL_ALPHA, FOCAL_GAMMA = 12, 0.25, 2.0
"""Rows of 12 features; the focal loss of RetinaNet (alpha 0.25 on the positives, 0.75 on the negatives, gamma 2)."""


@lru_cache(maxsize=None)
def focal_rows(n: int = 6000, seed: int = 344, *, n_val: int = 2000, batch_size: int = 128, train_rows: int | None = None,
               nan_rows: float = 0.0) -> Data:  # fmt: skip
    """An imbalanced binary task: 12 standard normal features; a row is positive with probability sigmoid(3 (s - 2.2))
    where s = x0 x1 + sin(2 x2) + 0.5 x3^2 - 0.5 x4 (about 7% positives, a few of them and of the negatives near the
    boundary: held-out loss bounded away from 0). x: (rows, 12); y: (rows,) 0 or 1 as floats. ``train_rows``: keep only
    that many training rows; ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, FOCAL_FEATS, generator=g)
    s = x[:, 0] * x[:, 1] + torch.sin(2 * x[:, 2]) + 0.5 * x[:, 3] ** 2 - 0.5 * x[:, 4]
    y = (torch.rand(total, generator=g) < torch.sigmoid(3 * (s - 2.2))).float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5] = float("nan")
    data = split(x, y, n, "imbalanced binary classification (a rare positive class, focal loss)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class FocalMLP(nn.Module):
    """A ReLU MLP scoring a row: ``inp`` (12 -> 64, ReLU), a ReLU layer ``fc`` (64 -> 32) and a ``head`` to one logit.
    Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(FOCAL_FEATS, 64)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(F.relu(self.inp(x))))).squeeze(-1)
        return out


def focal_terms(out: Tensor, y: Tensor) -> Tensor:
    """The sigmoid focal loss of each row (Lin et al. 2017, as torchvision's sigmoid_focal_loss): alpha_t (1 - p_t)^gamma
    x the binary cross-entropy, alpha_t 0.25 for a positive and 0.75 for a negative, gamma 2."""
    ce = F.binary_cross_entropy_with_logits(out, y, reduction="none")
    p = torch.sigmoid(out)
    p_t = p * y + (1 - p) * (1 - y)
    alpha_t = FOCAL_ALPHA * y + (1 - FOCAL_ALPHA) * (1 - y)
    return alpha_t * (1 - p_t) ** FOCAL_GAMMA * ce


def focal_mean(out: Tensor, y: Tensor) -> Tensor:
    """The focal loss, mean over the rows (~0.13 at init: logits near 0 give p_t = 1/2, so 1/4 x ln 2 x the mean
    alpha_t, 0.25 x 7% + 0.75 x 93%: 0.173 x 0.715 = 0.124; not ln 2)."""
    return focal_terms(out, y).mean()


def focal_summed(out: Tensor, y: Tensor) -> Tensor:
    """The focal loss summed over the batch's rows (reduction='sum')."""
    return focal_terms(out, y).sum()
