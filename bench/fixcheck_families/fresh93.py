"""The ninety-fifth fresh half (fresh93, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


SEQUENCER_SIZE, SEQUENCER_CLASSES, SEQUENCER_DIM = 16, 4, 16
"""Images of 16 x 16 pixels in 2 channels, 4 classes (the order of two marks along a row and of two along a column);
token maps of width 16."""


@lru_cache(maxsize=None)
def sequencer_images(n: int = 2400, seed: int = 931, *, n_val: int = 400, batch_size: int = 16, nan_rows: float = 0.0,
                     train_rows: int | None = None) -> Data:  # fmt: skip
    """Two pairs of bars on a noisy 16 x 16 canvas of 2 channels, on the 2 x 2 grid: in channel 0 a bright (+1) and a
    dark (-1) vertical bar 2 pixels wide over the same 4-8 cells of rows, in channel 1 a bright and a dark horizontal
    bar over the same 4-8 cells of columns, plus N(0, 0.3^2) noise; the class is (the bright bar left of the dark one
    along those rows) + 2 (the bright bar above the dark one along those columns): only the order of the bars along
    the rows and along the columns tells. 3% of the labels random, held-out ones too. x: (images, 2, 16, 16); y:
    (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel; ``train_rows``: keep only
    that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, size, cells = n + n_val, SEQUENCER_SIZE, SEQUENCER_SIZE // 2
    x = 0.3 * torch.randn(total, 2, size, size, generator=g)
    line = torch.randint(0, cells, (total, 2), generator=g)
    first = torch.randint(0, cells - 1, (total, 2), generator=g)
    second = (first + 1 + (torch.rand(total, 2, generator=g) * (cells - 1 - first)).long()).clamp(max=cells - 1)
    flip = torch.rand(total, 2, generator=g) < 0.5
    bright = torch.where(flip, second, first)
    dark = torch.where(flip, first, second)
    span = torch.randint(4, cells + 1, (total, 2), generator=g)
    for r in range(total):
        row = int(line[r, 0]) * (cells - int(span[r, 0])) // cells
        col = int(line[r, 1]) * (cells - int(span[r, 1])) // cells
        b0, d0, b1, d1 = int(bright[r, 0]), int(dark[r, 0]), int(bright[r, 1]), int(dark[r, 1])
        rows, cols = slice(2 * row, 2 * (row + int(span[r, 0]))), slice(2 * col, 2 * (col + int(span[r, 1])))
        x[r, 0, rows, 2 * b0 : 2 * b0 + 2] += 1.0
        x[r, 0, rows, 2 * d0 : 2 * d0 + 2] -= 1.0
        x[r, 1, 2 * b1 : 2 * b1 + 2, cols] += 1.0
        x[r, 1, 2 * d1 : 2 * d1 + 2, cols] -= 1.0
    y = (bright[:, 0] < dark[:, 0]).long() + 2 * (bright[:, 1] < dark[:, 1]).long()
    y = flip_labels(y, SEQUENCER_CLASSES, 0.03, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 7, 7] = float("nan")
    data = split(x, y, n, "image classification (a Sequencer, BiLSTM2D)", SEQUENCER_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, SEQUENCER_CLASSES,
                    batch_size)  # fmt: skip
    return data


class SequencerBiLSTM2D(nn.Module):
    """Sequencer's BiLSTM2D mixing (Tatsunami & Taki 2022): a bidirectional LSTM (``hidden`` units each way) along
    every row of the token map and another along every column, their outputs concatenated and fused by a linear
    layer back to the map's width."""

    def __init__(self, dim: int = SEQUENCER_DIM, hidden: int = 8) -> None:
        super().__init__()
        self.rows = nn.LSTM(dim, hidden, batch_first=True, bidirectional=True)
        self.cols = nn.LSTM(dim, hidden, batch_first=True, bidirectional=True)
        self.fuse = nn.Linear(4 * hidden, dim)

    def forward(self, x: Tensor) -> Tensor:
        b, h, w, c = x.shape
        rows = self.rows(x.reshape(b * h, w, c))[0].reshape(b, h, w, -1)
        cols = self.cols(x.transpose(1, 2).reshape(b * w, h, c))[0].reshape(b, w, h, -1).transpose(1, 2)
        out: Tensor = self.fuse(torch.cat([rows, cols], 3))
        return out


class SequencerNet(nn.Module):
    """A Sequencer-like classifier: a 2 x 2 conv patch embedding of stride 2 (2 -> 16) to an 8 x 8 token map, one
    Sequencer block (LayerNorm, BiLSTM2D, a residual; LayerNorm, a ReLU channel MLP 16 -> 32 -> 16, a residual), a
    LayerNorm, mean pooling, a ReLU layer ``fc`` (16 -> 32) and a ``head`` to the 4 classes. A missing (NaN) pixel's NaN
    reaches its row and column. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, dim: int = SEQUENCER_DIM) -> None:
        super().__init__()
        self.embed = nn.Conv2d(2, dim, 2, stride=2)
        self.norm1, self.norm2, self.norm = nn.LayerNorm(dim), nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.mix = SequencerBiLSTM2D(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, 2 * dim), nn.ReLU(), nn.Linear(2 * dim, dim))
        self.fc = nn.Linear(dim, 32)
        self.head = nn.Linear(32, SEQUENCER_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.embed(x).permute(0, 2, 3, 1)
        h = h + self.mix(self.norm1(h))
        h = h + self.mlp(self.norm2(h))
        out: Tensor = self.head(F.relu(self.fc(self.norm(h).mean((1, 2)))))
        return out


def sequencer_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's images (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


TDNN_SPEAKERS, TDNN_DIMS, TDNN_FRAMES, TDNN_MIN_FRAMES = 10, 20, 100, 80
"""Utterances of 80-100 frames of 20 filterbank-like dimensions (padded to 100, a mask channel), 10 speakers."""


@lru_cache(maxsize=None)
def tdnn_utterances(n: int = 2400, seed: int = 933, *, n_val: int = 400, batch_size: int = 16, nan_rows: float = 0.0,
                    train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic utterances of 10 speakers: each speaker a planted spectral envelope (a smooth random curve over the
    20 dimensions, 0.6 x N(0, 1) at 5 knots, interpolated) plus two formant-like Gaussian bumps (centres and heights
    per speaker); each frame 0.5 x the speaker's envelope times U(0.7, 1.3) plus a channel offset of the utterance
    N(0, 0.3^2) per dimension, one of 12 shared phone patterns N(0, 1) (held for 3-8 frames) and N(0, 1) noise; 80-100
    frames, padded with zeros to 100, the last channel a 0/1 mask of the real frames; 5% of the labels random, held-out
    ones too. x: (utterances, 100, 21); y: (utterances,). ``nan_rows``: that share of the training
    utterances has a missing (NaN) value; ``train_rows``: keep only that many training utterances."""
    g = torch.Generator().manual_seed(seed)
    total, dims, frames = n + n_val, TDNN_DIMS, TDNN_FRAMES
    knots = 0.6 * torch.randn(TDNN_SPEAKERS, 1, 5, generator=g)
    envelope = F.interpolate(knots, size=dims, mode="linear", align_corners=True)[:, 0]
    grid = torch.arange(dims).float()
    centres = 2 + 16 * torch.rand(TDNN_SPEAKERS, 2, generator=g)
    heights = 0.5 + 0.7 * torch.rand(TDNN_SPEAKERS, 2, generator=g)
    bumps = (heights[:, :, None] * torch.exp(-0.5 * ((grid - centres[:, :, None]) / 1.5) ** 2)).sum(1)
    voice = envelope + bumps
    phones = torch.randn(12, dims, generator=g)
    y = torch.randint(TDNN_SPEAKERS, (total,), generator=g)
    label = flip_labels(y, TDNN_SPEAKERS, 0.05, g)
    length = torch.randint(TDNN_MIN_FRAMES, frames + 1, (total,), generator=g)
    which = torch.randint(12, (total, frames // 3 + 1), generator=g)
    hold = torch.randint(3, 9, (total, frames // 3 + 1), generator=g)
    idx = torch.zeros(total, frames, dtype=torch.long)
    for r in range(total):
        idx[r] = torch.repeat_interleave(which[r], hold[r])[:frames]
    gain = 0.7 + 0.6 * torch.rand(total, frames, 1, generator=g)
    channel = 0.3 * torch.randn(total, 1, dims, generator=g)
    feats = 0.5 * gain * voice[y][:, None, :] + channel + phones[idx] + torch.randn(total, frames, dims, generator=g)
    mask = (torch.arange(frames)[None, :] < length[:, None]).float()
    x = torch.cat([feats * mask[..., None], mask[..., None]], 2)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 20, 3] = float("nan")
    data = split(x, label, n, "speaker classification (an x-vector TDNN)", TDNN_SPEAKERS, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, TDNN_SPEAKERS,
                    batch_size)  # fmt: skip
    return data


class TdnnXvector(nn.Module):
    """An x-vector-like TDNN: 3 time-delay layers (Conv1d 20 -> 32 -> 32 -> 32, contexts of 5, 3 and 3 frames,
    dilations 1, 2, 3; each ReLU then BatchNorm), statistics pooling (the masked mean and standard deviation over the
    real frames), a ReLU segment layer ``fc`` (64 -> 32) and a ``head`` to the 10 speakers. A missing (NaN) value's
    NaN reaches the batch statistics. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, width: int = 32) -> None:
        super().__init__()
        self.frames = nn.ModuleList([nn.Conv1d(TDNN_DIMS, width, 5, padding=2),
                                     nn.Conv1d(width, width, 3, dilation=2, padding=2),
                                     nn.Conv1d(width, width, 3, dilation=3, padding=3)])  # fmt: skip
        self.norms = nn.ModuleList(nn.BatchNorm1d(width) for _ in range(3))
        self.fc = nn.Linear(2 * width, 32)
        self.head = nn.Linear(32, TDNN_SPEAKERS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        mask = x[:, None, :, -1]
        h = x[..., :-1].transpose(1, 2)
        for conv, norm in zip(self.frames, self.norms):
            h = norm(F.relu(conv(h)))
        count = mask.sum(2)
        mean = (h * mask).sum(2) / count
        var = ((h - mean[..., None]) ** 2 * mask).sum(2) / count
        stats = torch.cat([mean, (var + 1e-5).sqrt()], 1)
        out: Tensor = self.head(F.relu(self.fc(stats)))
        return out


def tdnn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the speakers summed over the batch's utterances (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


DAGNN_NODES, DAGNN_CLASSES, DAGNN_FEATURES, DAGNN_K = 400, 5, 16, 8
"""DAGNN classifies the 400 nodes of a homophilous stochastic block model graph of 5 classes from 16 noisy features,
8 hops of propagation."""


@lru_cache(maxsize=None)
def dagnn_graph(seed: int = 935) -> tuple[Tensor, Tensor]:
    """A homophilous stochastic block model graph of 400 nodes in 5 equal classes (an edge with probability 6 / 100
    inside a class, 0.3 / 100 outside), returned as its symmetrically normalised adjacency with self-loops, D^-1/2
    (A + I) D^-1/2 (dense, 400 x 400), and the nodes' features (0.3 x the class's random centre plus N(0, 1) noise,
    16 of them: noisy, so many hops help) and classes, packed as torch.cat([features, classes])."""
    g = torch.Generator().manual_seed(seed)
    nodes, blocks = DAGNN_NODES, DAGNN_CLASSES
    block = (torch.arange(nodes) % blocks)[torch.randperm(nodes, generator=g)]
    size = nodes / blocks
    same = block[:, None] == block[None, :]
    p = torch.where(same, torch.tensor(6.0 / size), torch.tensor(0.3 / size))
    upper = torch.triu(torch.rand(nodes, nodes, generator=g) < p, 1)
    adj = (upper | upper.T).float() + torch.eye(nodes)
    inv = adj.sum(1).rsqrt()
    centres = torch.randn(blocks, DAGNN_FEATURES, generator=g)
    x = 0.3 * centres[block] + torch.randn(nodes, DAGNN_FEATURES, generator=g)
    return inv[:, None] * adj * inv[None, :], torch.cat([x, block[:, None].float()], 1)


@lru_cache(maxsize=None)
def dagnn_nodes(seed: int = 935, *, batch_size: int = 25, train_rows: int | None = None) -> Data:
    """Node classification on ``dagnn_graph(seed)``: the input is a node's id, the target its class (5% of the
    training labels random: a floor); a random half of the nodes trains, the other half is held out
    (transductive). ``train_rows``: keep only that many training nodes."""
    block = dagnn_graph(seed)[1][:, -1].long()
    g = torch.Generator().manual_seed(seed + 1)
    ids = torch.randperm(len(block), generator=g)
    n = len(block) // 2
    y = block[ids]
    y = torch.cat([flip_labels(y[:n], DAGNN_CLASSES, 0.05, g), y[n:]])
    data = split(ids, y, n, "node classification (DAGNN on a homophilous stochastic block model graph)",
                 DAGNN_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, DAGNN_CLASSES,
                    batch_size)  # fmt: skip
    return data


class DAGNN(nn.Module):
    """DAGNN (Liu et al. 2020) reading node ids: an MLP of every node's features first (``inp`` 16 -> 64, ReLU, a ReLU
    layer ``fc`` 64 -> 64, a ``head`` to the 5 classes; dropout ``dropout`` before each), then K = 8 hops of
    parameter-free propagation H_k = A_hat H_(k-1), the 9 representations stacked and combined by adaptive retention
    scores s_k = sigmoid(H_k s + b) (one per hop per node, a learned projection vector ``score`` s): sum_k s_k H_k; the
    rows of the nodes asked. Output (nodes, 5). ``dead_bias`` < 0 starts fc's biases there; ``nan_nodes``: that share
    of the nodes has a missing (NaN) feature."""

    def __init__(self, seed: int = 935, dead_bias: float = 0.0, dropout: float = 0.2, nan_nodes: float = 0.0) -> None:
        super().__init__()
        self.dropout = dropout
        adj, packed = dagnn_graph(seed)
        x = packed[:, :DAGNN_FEATURES].clone()
        if nan_nodes:
            g = torch.Generator().manual_seed(seed + 2)
            x[torch.rand(len(x), generator=g) < nan_nodes, 5] = float("nan")
        self.register_buffer("adj", adj)
        self.register_buffer("feats", x)
        self.inp = nn.Linear(DAGNN_FEATURES, 64)
        self.fc = nn.Linear(64, 64)
        self.head = nn.Linear(64, DAGNN_CLASSES)
        self.score = nn.Parameter(torch.randn(DAGNN_CLASSES) / DAGNN_CLASSES**0.5)
        self.score_bias = nn.Parameter(torch.zeros(1))
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, ids: Tensor) -> Tensor:
        p = self.dropout
        h = F.relu(self.inp(F.dropout(self.feats, p, self.training)))
        h = self.head(F.dropout(F.relu(self.fc(F.dropout(h, p, self.training))), p, self.training))
        hops = [h]
        for _ in range(DAGNN_K):
            hops.append(self.adj @ hops[-1])
        stack = torch.stack(hops, 1)
        s = torch.sigmoid(stack @ self.score + self.score_bias)[..., None]
        out: Tensor = (s * stack).sum(1)[ids]
        return out


def dagnn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's nodes (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


EXPWEIBULL_FEATURES = 6
"""Rows of 6 features; lifetimes of an exponentiated-Weibull law."""


@lru_cache(maxsize=None)
def expweibull_rows(n: int = 4000, seed: int = 937, *, n_val: int = 800, batch_size: int = 64,
                    nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Positive lifetimes of an exponentiated-Weibull law (scipy.stats.exponweib(a, c=k, scale=lambda)) whose
    parameters depend on 6 features N(0, 1): k = exp(0.5 x0 + 0.3 sin(x1)) and a = exp(1.2 tanh(x2 - 0.5 x3)) (k > 1
    with k a < 1 a bathtub hazard, k < 1 with k a > 1 a unimodal one), lambda = exp(0.4 x4 + 0.3 x5 x0); drawn by the
    inverse CDF, t = lambda (-log(1 - u^(1/a)))^(1/k). x: (rows, 6); y: (rows,). ``nan_rows``: that share of the
    training rows has a missing (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, EXPWEIBULL_FEATURES, generator=g)
    k = torch.exp(0.5 * x[:, 0] + 0.3 * torch.sin(x[:, 1])).double()
    a = torch.exp(1.2 * torch.tanh(x[:, 2] - 0.5 * x[:, 3])).double()
    lam = torch.exp(0.4 * x[:, 4] + 0.3 * x[:, 5] * x[:, 0]).double()
    u = torch.rand(total, generator=g).double().clamp(1e-9, 1 - 1e-9)
    y = (lam * (-torch.log1p(-u ** (1 / a))) ** (1 / k)).clamp(min=1e-6).float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    data = split(x, y, n, "lifetime regression (an MLP, the exponentiated-Weibull NLL)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class ExpweibullMLP(nn.Module):
    """A ReLU MLP of an exponentiated-Weibull regressor: ``body`` 6 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32)
    and a ``head`` (32 -> 3): log k, log lambda and log a. Output (rows, 3). ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(EXPWEIBULL_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 3)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def expweibull_terms(out: Tensor, y: Tensor) -> Tensor:
    """The exponentiated-Weibull negative log-likelihood of each row: -(log a + log k - log lambda + (k - 1) log(t /
    lambda) - z + (a - 1) log(1 - exp(-z))), z = (t / lambda)^k, log(1 - exp(-z)) as log(-expm1(-z)) (log z - z / 2
    below z = 1e-4)."""
    log_k, log_lam, log_a = out[:, 0], out[:, 1], out[:, 2]
    k = log_k.exp()
    log_ratio = torch.log(y) - log_lam
    log_z = k * log_ratio
    z = log_z.exp()
    log_cdf = torch.where(z < 1e-4, log_z - z / 2, torch.log(-torch.expm1(-z.clamp(min=1e-4))))
    return -(log_a + log_k - log_lam + (k - 1) * log_ratio - z + (log_a.exp() - 1) * log_cdf)


def expweibull_nll(out: Tensor, y: Tensor) -> Tensor:
    """The exponentiated-Weibull negative log-likelihood, mean over the rows."""
    return expweibull_terms(out, y).mean()


def expweibull_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The exponentiated-Weibull negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return expweibull_terms(out, y).sum()


def expweibull_at_zero() -> float:
    """The exponentiated-Weibull negative log-likelihood of raw outputs of 0 (k = lambda = a = 1: an Exp(1)): its
    level at init."""
    y = expweibull_rows().y
    return float(expweibull_nll(torch.zeros(len(y), 3), y))
